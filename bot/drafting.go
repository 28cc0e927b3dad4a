package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
)

// writeDraft runs one draft for a deal: it checks the user's limits, shows
// progress, streams the text as the model writes it, falls back to the
// offline composer when the model cannot be reached, records the draft on the
// deal and shows the draft card.
func (b *Bot) writeDraft(ctx context.Context, log *slog.Logger, deal *coach.Deal, th thread, req coach.DraftRequest) {
	b.showStatus(ctx, th, statusDrafting, draftingLoading...)
	if hit := b.limits.acquire(ctx, deal.Team, deal.Owner, b.clock.Now()); hit != limitOK {
		log.Info("draft refused by a per-user limit", "limit", hit)
		b.post(ctx, th, textMessage(b.limits.text(hit)))
		return
	}
	defer b.limits.release(deal.Team, deal.Owner)

	// The model takes seconds: give this job's working slot to others while
	// it writes (the thread stays ours), within the global cap on drafts.
	resume := b.pool.yield()
	select {
	case b.drafting <- struct{}{}:
	case <-ctx.Done():
		resume()
		tctx, cancel := lastWord(ctx)
		defer cancel()
		b.post(tctx, th, textMessage("I'm too busy to draft right now. Nothing was lost: say \"draft it\" in this thread to try again."))
		return
	}
	started := time.Now()
	view := b.startView(ctx, log, th, deal)
	dctx, cancel := context.WithTimeout(ctx, b.cfg.DraftTimeout)
	draft, err := coach.Write(dctx, b.drafter, req, b.clock.Now(), view.partial)
	timedOut := errors.Is(dctx.Err(), context.DeadlineExceeded)
	cancel()

	var notice cardNotice
	if err != nil && !b.drafter.Offline() && ctx.Err() == nil {
		log.Warn("the drafting model failed; falling back to the offline drafter", "err", err, "timed_out", timedOut)
		notice = "I couldn't reach the drafting model, so here's an offline draft. Press Regenerate to try the model again."
		if timedOut {
			notice = cardNotice(fmt.Sprintf("The drafting model didn't answer within %s, so here's an offline draft. Press Regenerate to try the model again.", b.cfg.DraftTimeout))
		}
		view.reset()
		draft, err = coach.Write(ctx, coach.OfflineDrafter{}, req, b.clock.Now(), nil)
	}
	<-b.drafting
	resume()
	if err != nil && ctx.Err() != nil {
		// The job was cancelled: shutdown ran out of time (Run cancels the
		// jobs after Config.ShutdownTimeout). The deal stays in the drafting
		// stage, where any message asks for the draft again.
		log.Warn("draft interrupted by shutdown", "err", err)
		tctx, cancel := lastWord(ctx)
		defer cancel()
		view.fail(tctx, interruptedText)
		return
	}
	if err != nil {
		log.Error("drafting failed", "err", err)
		view.fail(ctx, "I couldn't write a draft just now. Nothing was lost: say \"draft it\" in this thread to try again.")
		return
	}
	log.Info("draft written",
		"model", draft.Model, "offline", draft.Offline, "style", draft.Style, "mode", draft.Mode,
		"prompt_tokens", draft.Usage.PromptTokens, "completion_tokens", draft.Usage.CompletionTokens,
		"redrafted", draft.Redrafted, "lint_score", draft.Lint.Score, "findings", len(draft.Lint.Findings),
		"elapsed", time.Since(started).Round(time.Millisecond))

	b.metrics.Draft(draft)
	// The draft took seconds. Meanwhile the owner may have changed this deal
	// from somewhere not serialized with this thread (an App Home or list
	// button, another replica): the draft is recorded on the deal as stored
	// then, by the same compare-and-set as every change, so nothing is
	// overwritten, and a deal forgotten meanwhile stays forgotten.
	now := b.clock.Now()
	var advice []coach.Effect
	stored, _, err := b.mem.update(ctx, deal.Key(), func(d *coach.Deal) ([]coach.Effect, error) {
		advice = d.AddDraft(draft, now)
		return nil, nil
	})
	switch {
	case err == nil:
		*deal = stored
	case errors.Is(err, coach.ErrNotFound):
		log.Info("deal forgotten while drafting; draft not saved")
		notice = "This deal was deleted while I was writing, so this draft isn't saved. Copy it from here if you still want it."
		advice = deal.AddDraft(draft, now)
	default:
		log.Error("cannot save the draft", "err", err)
		notice = "I can't reach my memory right now, so this draft isn't saved and its buttons may not work. Copy it from here."
		advice = deal.AddDraft(draft, now)
	}
	card := renderDraftCard(*deal, draft, advice, notice)
	if !view.finish(ctx, card) {
		// Slack refused the card itself: the draft must still reach the user.
		b.post(ctx, th, textMessage("Here is your draft (Slack would not show the full card):\n\n"+truncate(draft.Text, 3000)))
	}
}

// interruptedText tells a user their draft was cut short by a restart.
const interruptedText = "I had to stop before this draft was done: I'm restarting. Nothing was lost: say \"draft it\" in this thread in a minute to try again."

// lastWord returns ctx, or when ctx is done (a job cancelled at the shutdown
// deadline) a short context of its own, so the user still hears why their
// request stopped.
func lastWord(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx.Err() == nil {
		return ctx, func() {}
	}
	return context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
}

// draftView shows a draft being written: a Slack stream (chat.startStream,
// appendStream, stopStream) when it can, else a placeholder message updated
// with chat.update. Updates go out at most once per Config.StreamInterval
// from a goroutine of their own, so a slow Slack never slows the model.
// When the draft is done the message becomes the draft card; if that fails
// (a dead stream, msg_too_long) the card goes out as a new message.
type draftView struct {
	b        *Bot
	log      *slog.Logger
	th       thread
	interval time.Duration

	mode viewMode
	ts   string // the message being streamed into or updated

	mu     sync.Mutex
	latest string // the text so far, as the drafter reported it
	sent   string // stream: the text appended so far
	broken bool   // stop sending updates; the card goes out as a new message

	kick chan struct{}
	stop chan struct{}
	done chan struct{}
}

type viewMode int

const (
	viewNone   viewMode = iota // nothing shown: the card is posted at the end
	viewStream                 // chat.startStream / appendStream
	viewUpdate                 // placeholder + chat.update
)

const (
	draftingText = ":writing_hand: Drafting your message…"
	// maxStreamed caps what is streamed into one message; the card shows
	// the rest.
	maxStreamed = 8000
)

func (b *Bot) startView(ctx context.Context, log *slog.Logger, th thread, deal *coach.Deal) *draftView {
	v := &draftView{
		b: b, log: log, th: th, interval: b.cfg.StreamInterval,
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
	if !b.cfg.DisableStreaming {
		opts := []slack.MsgOption{slack.MsgOptionTS(th.TS), slack.MsgOptionMarkdownText("_Drafting…_\n\n")}
		if !strings.HasPrefix(th.Channel, "D") {
			// Outside a DM, Slack needs to know whom the stream is for.
			opts = append(opts, slack.MsgOptionRecipientUserID(deal.Owner), slack.MsgOptionRecipientTeamID(deal.Team))
		}
		_, ts, err := b.api.StartStreamContext(ctx, th.Channel, opts...)
		if err == nil && ts != "" {
			v.mode, v.ts = viewStream, ts
		} else {
			log.Debug("streaming unavailable; using a placeholder", "err", err)
		}
	}
	if v.mode == viewNone {
		if ts := b.post(ctx, th, textMessage(draftingText)); ts != "" {
			v.mode, v.ts = viewUpdate, ts
		}
	}
	if v.mode == viewNone {
		close(v.done)
		return v
	}
	go v.loop(ctx)
	return v
}

// partial is the drafter's onPartial callback: it only records the text and
// wakes the sender.
func (v *draftView) partial(sofar string) {
	v.mu.Lock()
	v.latest = sofar
	v.mu.Unlock()
	select {
	case v.kick <- struct{}{}:
	default:
	}
}

// reset forgets streamed text before a second attempt (the offline
// fallback) so the view does not mix two drafts.
func (v *draftView) reset() {
	v.mu.Lock()
	v.latest = ""
	v.mu.Unlock()
}

func (v *draftView) loop(ctx context.Context) {
	defer close(v.done)
	t := time.NewTimer(0)
	<-t.C
	for {
		select {
		case <-v.stop:
			return
		case <-v.kick:
		}
		v.flush(ctx)
		t.Reset(v.interval)
		select {
		case <-v.stop:
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// flush sends what was written since the last flush.
func (v *draftView) flush(ctx context.Context) {
	v.mu.Lock()
	latest, sent, broken := v.latest, v.sent, v.broken
	v.mu.Unlock()
	if broken || latest == "" {
		return
	}
	switch v.mode {
	case viewStream:
		if !strings.HasPrefix(latest, sent) || len(latest) > maxStreamed {
			return
		}
		delta := latest[len(sent):]
		if delta == "" {
			return
		}
		if _, _, err := v.b.api.AppendStreamContext(ctx, v.th.Channel, v.ts, slack.MsgOptionMarkdownText(escapeMarkdown(delta))); err != nil {
			v.log.Info("stream append failed; the card will come as a new message", "err", slackError(err))
			v.setBroken()
			return
		}
		v.mu.Lock()
		v.sent = latest
		v.mu.Unlock()
	case viewUpdate:
		text := truncate(draftingText+"\n\n"+escape(latest), maxTextLen)
		if _, _, _, err := v.b.api.UpdateMessageContext(ctx, v.th.Channel, v.ts, slack.MsgOptionText(text, false)); err != nil {
			v.log.Info("progress update failed; the card will come as a new message", "err", slackError(err))
			v.setBroken()
		}
	}
}

func (v *draftView) setBroken() {
	v.mu.Lock()
	v.broken = true
	v.mu.Unlock()
}

// end stops the sender and closes a stream.
func (v *draftView) end(ctx context.Context) {
	if v.mode == viewNone {
		return
	}
	close(v.stop)
	<-v.done
	if v.mode == viewStream {
		if _, _, err := v.b.api.StopStreamContext(ctx, v.th.Channel, v.ts); err != nil {
			v.log.Debug("stream stop failed", "err", slackError(err))
			v.setBroken()
		}
	}
}

// finish replaces the progress message with msg, or posts msg when that
// message cannot take it. It reports whether msg was shown.
func (v *draftView) finish(ctx context.Context, msg outMessage) bool {
	v.end(ctx)
	v.mu.Lock()
	broken := v.broken
	v.mu.Unlock()
	if v.ts != "" && !broken {
		_, _, _, err := v.b.api.UpdateMessageContext(ctx, v.th.Channel, v.ts, msg.options()...)
		if err == nil {
			return true
		}
		v.log.Info("cannot turn the progress message into the card; posting it", "err", slackError(err))
	}
	return v.b.post(ctx, v.th, msg) != ""
}

// fail replaces the progress message with an apology.
func (v *draftView) fail(ctx context.Context, text string) {
	_ = v.finish(ctx, textMessage(text))
}
