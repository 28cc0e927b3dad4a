package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// With a language model configured, the coach reads each new story twice:
// at once with the deterministic reader (coach.Start), which the first
// question and its "I read" line use, and in the background with the model
// (coach.Reader), whose reading is checked (coach.CheckReading) and stored
// on the deal through the update path when it arrives. The first reply
// never waits for the model. Later turns use the reading once it is there:
// the next question follows it, and the next turn opens with a line saying
// what it changed. A draft that is due while the reading is still under
// way waits for it, since the draft greets the prospect by the name it
// reads, but for at most half of Config.DraftTimeout: past that the reading
// is called off, so a slow model never makes a draft take much longer than
// a draft alone may. A reading that fails, or does not come in time, leaves
// the deterministic reading in place; the logs say which fields fell back,
// and /metrics counts every outcome.
//
// Typed answers that the keyword mapper cannot place among the pending
// question's options are placed by the same model with a small structured
// call, checked the same way (coach.CheckAnswerReading), before the answer
// is stepped. The owner is waiting for the next question meanwhile, so that
// call gets half of Config.ReadTimeout.

// Metric labels of the two kinds of model reading.
const (
	readingStory  = "story"
	readingAnswer = "answer"
)

// readings runs the model's readings of new stories. Readings in flight
// are known here, so a draft on this replica can wait for one; on another
// replica the stored deal says whether it has arrived.
type readings struct {
	reader  coach.Reader
	timeout time.Duration
	// slots bounds the readings under way; a story that finds them all
	// taken keeps its deterministic reading.
	slots chan struct{}

	// base is what readings run under: the jobs' context, so that the
	// shutdown deadline that cancels the jobs calls them off too.
	base context.Context

	mu       sync.Mutex
	inflight map[coach.DealKey]inflight
}

// stopWith makes readings started from now on end when ctx does. Run
// calls it before any job runs.
func (r *readings) stopWith(ctx context.Context) {
	if r != nil {
		r.base = ctx
	}
}

// inflight is a reading under way: done closes once it is stored; stop
// calls it off.
type inflight struct {
	done <-chan struct{}
	stop context.CancelCauseFunc
}

// errDraftWouldNotWait calls off a reading a draft stopped waiting for.
var errDraftWouldNotWait = errors.New("a draft stopped waiting for the reading")

func newReadings(r coach.Reader, timeout time.Duration, most int) *readings {
	return &readings{reader: r, timeout: timeout, slots: make(chan struct{}, most), inflight: map[coach.DealKey]inflight{}}
}

// pending returns key's reading under way here, if any.
func (r *readings) pending(key coach.DealKey) (inflight, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f, ok := r.inflight[key]
	return f, ok
}

// startReading reads a new deal's story with the model in the background.
// It returns at once.
func (b *Bot) startReading(ctx context.Context, rq request, deal coach.Deal) {
	log := rq.log
	r := b.reads
	if r == nil || strings.TrimSpace(deal.Story) == "" {
		return
	}
	select {
	case r.slots <- struct{}{}:
	default:
		log.Warn("too many story readings under way; keeping the keyword reading for this deal")
		b.metrics.Reading(readingStory, coach.ReadingFellBack, coach.Usage{})
		return
	}
	key := deal.Key()
	done := make(chan struct{})
	// The job that started the deal ends with the first question; the
	// reading outlives it, bounded by its own timeout (or called off by a
	// draft that will not wait longer), and shutdown waits for it with the
	// other side goroutines.
	base := r.base
	if base == nil {
		base = context.WithoutCancel(ctx)
	}
	rctx, stop := context.WithCancelCause(base)
	r.mu.Lock()
	r.inflight[key] = inflight{done: done, stop: stop}
	r.mu.Unlock()
	b.side.Go(func() {
		defer func() {
			r.mu.Lock()
			delete(r.inflight, key)
			r.mu.Unlock()
			stop(nil)
			close(done)
			<-r.slots
		}()
		b.readStory(rctx, rq, deal)
	})
}

// readStory reads one story, checks the reading and stores what passed.
func (b *Bot) readStory(ctx context.Context, rq request, deal coach.Deal) {
	log := rq.log
	start := time.Now()
	rctx, cancel := context.WithTimeout(ctx, b.reads.timeout)
	reading, err := b.reads.reader.ReadStory(rctx, deal.Story, deal.CreatedAt)
	timedOut := errors.Is(rctx.Err(), context.DeadlineExceeded) || errors.Is(context.Cause(ctx), errDraftWouldNotWait)
	cancel()
	now := b.clock.Now()
	took := slog.Duration("took", time.Since(start).Round(time.Millisecond))

	var outcome coach.ReadingOutcome
	var change coach.Change
	switch {
	case err != nil && timedOut:
		outcome, change = coach.ReadingTimedOut, coach.SettleReading(coach.ReadingTimedOut, now)
		log.Info("the model did not read the story in time; keeping the keyword reading", "timeout", b.reads.timeout, "cause", context.Cause(rctx), took)
	case err != nil:
		outcome, change = coach.ReadingFellBack, coach.SettleReading(coach.ReadingFellBack, now)
		log.Warn("the model could not read the story; keeping the keyword reading", "err", err, took)
	default:
		c := coach.CheckReading(deal.Story, reading, deal.CreatedAt)
		outcome, change = c.Outcome(), coach.ReadingChange(c, now)
		var fellBack []string
		for _, rj := range c.Rejected {
			fellBack = append(fellBack, rj.Field)
		}
		// Which fields fell back is for everyone; why, which quotes the
		// model's words, only at debug level: stories stay out of the
		// logs at info and above.
		log.Info("story read by the model", "outcome", outcome, "model", reading.Model, "format", reading.Format,
			"used", c.Accepted, "fell_back", fellBack,
			"prompt_tokens", reading.Usage.PromptTokens, "completion_tokens", reading.Usage.CompletionTokens, took)
		for _, rj := range c.Rejected {
			log.Debug("a field of the model's reading fell back", "field", rj.Field, "why", rj.Why)
		}
	}
	b.metrics.Reading(readingStory, outcome, reading.Usage)

	uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, _, err := b.mem.update(uctx, deal.Key(), change); err != nil && !errors.Is(err, coach.ErrNotFound) {
		log.Warn("cannot store the model's reading; keeping the keyword reading", "err", err)
	}
}

// awaitReading is called before a draft is written. When the deal's
// reading is still under way it waits for it (giving up its worker while it
// waits), for at most half the draft timeout, then calls it off; it tells
// the owner what the reading changed, if they have not heard, and returns
// the draft request rebuilt from the deal as it now stands. Without a
// reading to wait for it returns req as it is. It reports false, having
// told the owner, when the job was cancelled (the shutdown deadline) while
// it waited: the deal stays in the drafting stage, where any message asks
// for the draft again.
func (b *Bot) awaitReading(ctx context.Context, rq request, deal *coach.Deal, req coach.DraftRequest) (coach.DraftRequest, bool) {
	log, th := rq.log, rq.th
	r := b.reads
	if r == nil || deal.Reading != nil {
		return req, true
	}
	if f, ok := r.pending(deal.Key()); ok {
		resume := b.pool.yield()
		patience := time.NewTimer(b.cfg.DraftTimeout / 2)
		select {
		case <-f.done:
		case <-patience.C:
			log.Info("the draft will not wait longer for the model's reading", "waited", b.cfg.DraftTimeout/2)
			f.stop(errDraftWouldNotWait)
			<-f.done
		case <-ctx.Done():
		}
		patience.Stop()
		resume()
		if ctx.Err() != nil {
			log.Warn("draft interrupted by shutdown while waiting for the model's reading")
			tctx, cancel := lastWord(ctx)
			defer cancel()
			b.post(tctx, th, textMessage(interruptedText))
			return req, false
		}
	}
	fresh, err := b.mem.deal(ctx, deal.Key())
	if err != nil || fresh.Reading == nil {
		return req, true
	}
	var news []coach.Effect
	if fresh.Reading.News != "" {
		stored, _, err := b.mem.update(ctx, deal.Key(), func(d *coach.Deal) ([]coach.Effect, error) {
			news = d.TakeReadingNews()
			return nil, nil
		})
		if err != nil {
			log.Warn("cannot mark the reading's news as told", "err", err)
			news = nil
		} else {
			fresh = stored
		}
	}
	*deal = fresh
	if len(news) > 0 {
		b.post(ctx, th, renderNotes(news))
	}
	return fresh.Request(req.Style), true
}

// mappedAnswer asks the model where a typed answer belongs among the
// pending question's options, when the keyword mapper cannot place it. It
// returns the checked placement, or nothing (the answer is then kept as a
// note on the question, as without a model).
func (b *Bot) mappedAnswer(ctx context.Context, rq request, text string) coach.MappedAnswer {
	log, key := rq.log, rq.deal
	r := b.reads
	clean, _ := coach.CleanStory(text)
	if r == nil || clean == "" || coach.IsSkip(clean) {
		return coach.MappedAnswer{}
	}
	d, err := b.mem.deal(ctx, key)
	if err != nil || d.Stage != coach.StageAsking || d.Pending == nil || len(d.Pending.Options) == 0 {
		return coach.MappedAnswer{}
	}
	q := *d.Pending
	if _, ok := coach.MapAnswer(q, clean); ok {
		return coach.MappedAnswer{}
	}
	resume := b.pool.yield()
	mctx, cancel := context.WithTimeout(ctx, r.timeout/2)
	ar, err := r.reader.MapAnswer(mctx, q, clean)
	timedOut := errors.Is(mctx.Err(), context.DeadlineExceeded)
	cancel()
	resume()

	outcome, opt := coach.ReadingFellBack, ""
	switch {
	case err != nil && timedOut:
		outcome = coach.ReadingTimedOut
		log.Info("the model did not place the answer in time; keeping it as a note", "question", q.ID)
	case err != nil:
		log.Warn("the model could not place the answer; keeping it as a note", "question", q.ID, "err", err)
	default:
		var why string
		if opt, why = coach.CheckAnswerReading(q, clean, ar); opt != "" {
			outcome = coach.ReadingUsed
		}
		log.Info("answer placed by the model", "question", q.ID, "option", opt, "outcome", outcome,
			"prompt_tokens", ar.Usage.PromptTokens, "completion_tokens", ar.Usage.CompletionTokens)
		if why != "" {
			log.Debug("the model's placement of the answer fell back", "question", q.ID, "why", why)
		}
	}
	b.metrics.Reading(readingAnswer, outcome, ar.Usage)
	if opt == "" {
		return coach.MappedAnswer{}
	}
	return coach.MappedAnswer{QuestionID: q.ID, Option: opt}
}
