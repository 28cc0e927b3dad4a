package main

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// With an LLM configured, `try` reads the story with it as the Slack bot
// does: beside the first question, which never waits for it. The reading is
// applied when it has arrived, before the next answer is taken (the coach
// then says what it changed), and a draft waits for it, up to its timeout.
// Typed answers that the keyword mapper cannot place are placed by the
// model, checked, as in Slack.

// tryReader is the model reader of a `try` session.
type tryReader struct {
	reader  coach.Reader
	timeout time.Duration
	log     *slog.Logger
	// result delivers the change a finished reading makes to the deal;
	// nil when no reading is under way.
	result chan coach.Change
}

// startReading reads the deal's story with the model in the background.
func (t *terminal) startReading(ctx context.Context) {
	r := t.reading
	if r == nil || r.reader == nil || strings.TrimSpace(t.deal.Story) == "" {
		return
	}
	ch := make(chan coach.Change, 1)
	r.result = ch
	d := t.deal
	go func() {
		rctx, cancel := context.WithTimeout(ctx, r.timeout)
		defer cancel()
		reading, err := r.reader.ReadStory(rctx, d.Story, d.CreatedAt)
		now := t.clock.Now()
		switch {
		case err != nil && errors.Is(rctx.Err(), context.DeadlineExceeded):
			r.log.Debug("the model did not read the story in time; keeping the keyword reading", "timeout", r.timeout)
			ch <- coach.SettleReading(coach.ReadingTimedOut, now)
		case err != nil:
			r.log.Warn("the model could not read the story; keeping the keyword reading", "err", err)
			ch <- coach.SettleReading(coach.ReadingFellBack, now)
		default:
			c := coach.CheckReading(d.Story, reading, d.CreatedAt)
			r.log.Debug("story read by the model", "outcome", c.Outcome(), "used", c.Accepted, "fell_back", c.Rejected)
			ch <- coach.ReadingChange(c, now)
		}
	}()
}

// takeReading applies the model's reading to the deal once it has
// arrived; with wait, it waits for it first. It reports whether it applied
// one.
func (t *terminal) takeReading(wait bool) bool {
	r := t.reading
	if r == nil || r.result == nil {
		return false
	}
	var change coach.Change
	if wait {
		change = <-r.result
	} else {
		select {
		case change = <-r.result:
		default:
			return false
		}
	}
	r.result = nil
	_, _ = change(&t.deal)
	return true
}

// readingBeforeDraft waits for a reading still under way, tells what it
// changed, and rebuilds the draft's request from the deal as it now stands.
func (t *terminal) readingBeforeDraft(req coach.DraftRequest) coach.DraftRequest {
	if !t.takeReading(true) {
		return req
	}
	for _, e := range t.deal.TakeReadingNews() {
		if s, ok := e.(coach.Say); ok {
			t.printf("\n%s\n", s.Text)
		}
	}
	return t.deal.Request(req.Style)
}

// mapped places a typed answer to the pending question with the model,
// when the keyword mapper cannot.
func (t *terminal) mapped(ctx context.Context, in coach.Input) coach.Input {
	r := t.reading
	d := t.deal
	if _, fix := isFix(in.Text); fix {
		return in
	}
	if r == nil || r.reader == nil || in.Text == "" || in.Option != "" || in.Action != "" || coach.IsSkip(in.Text) ||
		d.Stage != coach.StageAsking || d.Pending == nil || len(d.Pending.Options) == 0 {
		return in
	}
	if _, ok := coach.MapAnswer(*d.Pending, in.Text); ok {
		return in
	}
	mctx, cancel := context.WithTimeout(ctx, r.timeout/2)
	defer cancel()
	ar, err := r.reader.MapAnswer(mctx, *d.Pending, in.Text)
	if err != nil {
		r.log.Debug("the model could not place the answer; keeping it as a note", "err", err)
		return in
	}
	if opt, why := coach.CheckAnswerReading(*d.Pending, in.Text, ar); opt != "" {
		in.Mapped = coach.MappedAnswer{QuestionID: d.Pending.ID, Option: opt}
	} else {
		r.log.Debug("the model's placement of the answer fell back", "why", why)
	}
	return in
}
