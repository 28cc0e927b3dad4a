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
func (b *Bot) writeDraft(ctx context.Context, r request, deal *coach.Deal, req coach.DraftRequest) {
	log, th := r.log, r.th
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
	view := b.startView(ctx, r, *deal, req.Mode)
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
	// A stream must end even if the job's time ran out meanwhile: left
	// open, it shows as still being written until Slack gives up on it.
	fctx, cancelFinish := lastWord(ctx)
	defer cancelFinish()
	if !view.finish(fctx, draftCard{deal: *deal, draft: draft, advice: advice, notice: notice}) {
		// Slack refused the card itself: the draft must still reach the user.
		b.post(fctx, th, textMessage("Here is your draft (Slack would not show the full card):\n\n"+truncate(draft.Text, 3000)))
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

// draftView shows a draft being written, within the workspace's rate
// limits (bot/pace), in one of two ways.
//
// A stream, when its budget has room (chat.startStream and stopStream are
// tier 2, about 20 a minute for the whole workspace, so a few drafts at
// once would spend it): the message opens with the card's title, the
// model's text is appended in batches of at least streamBatch characters
// and Config.StreamInterval apart, each only when appendStream's budget
// has room (what is not appended waits for the next batch, or for the
// stop), and the card arrives with the end of the stream: stopStream's
// markdown_text carries the text not appended yet, its blocks the rest of
// the card, shown under the text (streamedCard). A 429 on the stop is
// waited out and tried again. Should the stop refuse the card, the stream
// is stopped bare and the card replaces the message (chat.update), or
// comes as a new message; a message is never edited while it streams.
//
// A status otherwise (streaming switched off, refused, or its budget
// spent): a "Drafting…" message, edited with progress only when
// chat.update's budget has room to spare, then turned into the card.
//
// The sender runs in a goroutine of its own, so a slow Slack never slows
// the model.
type draftView struct {
	b        *Bot
	log      *slog.Logger
	th       thread
	interval time.Duration

	mode viewMode
	ts   string // the message being streamed into or updated

	mu       sync.Mutex
	latest   string    // the text so far, as the drafter reported it
	sent     string    // what the message shows of it: appended (stream) or shown (status)
	lastSend time.Time // when sent last grew, or the view started
	frozen   bool      // stop sending progress: it no longer extends what was sent

	kick chan struct{}
	stop chan struct{}
	done chan struct{}
}

type viewMode int

const (
	viewNone   viewMode = iota // nothing shown: the card is posted at the end
	viewStream                 // chat.startStream / appendStream / stopStream
	viewStatus                 // a placeholder, then chat.update
)

const (
	draftingText = ":writing_hand: Drafting your message…"
	// streamBatch is the least text one append (or progress edit) carries:
	// with Config.StreamInterval, whichever comes later, it keeps a draft
	// to a few appends, and several drafts within appendStream's tier.
	streamBatch = 256
	// maxStreamed caps the text streamed into one message, escaped: stream
	// calls take at most 12,000 characters each, and the card has the rest.
	maxStreamed = 8000
)

// draftCard is what a finished draft shows: the deal, the draft, the next
// step and a notice, rendered whole (renderDraftCard) or under a stream's
// text (streamedCard).
type draftCard struct {
	deal   coach.Deal
	draft  coach.Draft
	advice []coach.Effect
	notice cardNotice
}

func (b *Bot) startView(ctx context.Context, r request, deal coach.Deal, mode coach.Mode) *draftView {
	log, th := r.log, r.th
	v := &draftView{
		b: b, log: log, th: th, interval: b.cfg.StreamInterval,
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
	if !b.cfg.DisableStreaming {
		opts := []slack.MsgOption{slack.MsgOptionTS(th.TS), slack.MsgOptionMarkdownText("**" + escapeMarkdown(cardTitle(deal, mode)) + "**\n\n")}
		if !strings.HasPrefix(th.Channel, "D") {
			// Outside a DM, Slack needs to know whom the stream is for.
			opts = append(opts, slack.MsgOptionRecipientUserID(deal.Owner), slack.MsgOptionRecipientTeamID(deal.Team))
		}
		err := b.api.optional(ctx, "chat.startStream", th.Channel, 0, func(api webAPI) error {
			_, ts, err := api.StartStreamContext(ctx, th.Channel, opts...)
			v.ts = ts
			return err
		})
		switch {
		case err == nil && v.ts != "":
			v.mode = viewStream
		case errors.Is(err, errSkipped):
			log.Info("streaming budget spent; showing a status instead")
		default:
			log.Debug("streaming unavailable; showing a status instead", "err", err)
		}
	}
	if v.mode == viewNone {
		if ts := b.post(ctx, th, textMessage(draftingText)); ts != "" {
			v.mode, v.ts = viewStatus, ts
		}
	}
	v.lastSend = time.Now()
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
// fallback): what the message shows stays, and nothing more is added to it.
func (v *draftView) reset() {
	v.mu.Lock()
	v.latest = ""
	v.frozen = true
	v.mu.Unlock()
}

// loop sends progress when the model wrote something, and again every
// interval while a batch waits (for time, or for the budget).
func (v *draftView) loop(ctx context.Context) {
	defer close(v.done)
	t := time.NewTicker(v.interval)
	defer t.Stop()
	for {
		select {
		case <-v.stop:
			return
		case <-v.kick:
		case <-t.C:
		}
		v.flush(ctx)
	}
}

// flush sends the text written since the last batch, when it makes a batch
// (streamBatch characters, interval since the last) and the budget has room.
func (v *draftView) flush(ctx context.Context) {
	v.mu.Lock()
	latest, sent, frozen, last := v.latest, v.sent, v.frozen, v.lastSend
	v.mu.Unlock()
	if frozen || latest == "" {
		return
	}
	if !strings.HasPrefix(latest, sent) {
		v.freeze()
		return
	}
	if len(latest)-len(sent) < streamBatch || time.Since(last) < v.interval {
		return
	}
	var err error
	switch v.mode {
	case viewStream:
		delta := escapeMarkdown(latest[len(sent):])
		if len(escapeMarkdown(sent))+len(delta) > maxStreamed {
			// The rest comes with the card.
			v.freeze()
			return
		}
		err = v.b.api.optional(ctx, "chat.appendStream", v.th.Channel, 0, func(api webAPI) error {
			_, _, err := api.AppendStreamContext(ctx, v.th.Channel, v.ts, slack.MsgOptionMarkdownText(delta))
			return err
		})
	case viewStatus:
		// Progress edits are a nicety: they leave half of chat.update's
		// burst to the edits that must happen (cards, on any thread).
		reserve := v.b.pacer.Limit("chat.update").Burst / 2
		text := truncate(draftingText+"\n\n"+escape(latest), maxTextLen)
		err = v.b.api.optional(ctx, "chat.update", v.th.Channel, reserve, func(api webAPI) error {
			_, _, _, err := api.UpdateMessageContext(ctx, v.th.Channel, v.ts, slack.MsgOptionText(text, false))
			return err
		})
	}
	switch {
	case err == nil:
		v.mu.Lock()
		v.sent, v.lastSend = latest, time.Now()
		v.mu.Unlock()
	case errors.Is(err, errSkipped):
		// Over budget for now: the text waits for the next batch.
	default:
		v.log.Info("draft progress not shown; the card will say it all", "err", slackError(err))
		v.freeze()
	}
}

func (v *draftView) freeze() {
	v.mu.Lock()
	v.frozen = true
	v.mu.Unlock()
}

// halt stops the sender and returns what the message shows of the text.
func (v *draftView) halt() (sent string) {
	if v.mode != viewNone {
		close(v.stop)
		<-v.done
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.sent
}

// finish turns the view into the card: the end of the stream, an edit of
// the status message, or a new message. It reports whether the card was
// shown.
func (v *draftView) finish(ctx context.Context, c draftCard) bool {
	sent := v.halt()
	full := renderDraftCard(c.deal, c.draft, c.advice, c.notice)
	if v.mode == viewStream {
		rest, blocks := streamedCard(c, sent)
		_, _, err := v.b.api.StopStreamContext(ctx, v.th.Channel, v.ts, slack.MsgOptionMarkdownText(rest), slack.MsgOptionBlocks(blocks...))
		if err == nil {
			return true
		}
		v.log.Info("the stream's end did not take the card; replacing the message", "err", slackError(err))
		v.stopBare(ctx, err)
	}
	if v.ts != "" {
		_, _, _, err := v.b.api.UpdateMessageContext(ctx, v.th.Channel, v.ts, full.options()...)
		if err == nil {
			return true
		}
		v.log.Info("cannot turn the progress message into the card; posting it", "err", slackError(err))
	}
	return v.b.post(ctx, v.th, full) != ""
}

// stopBare ends a stream whose stop with the card failed for a reason other
// than its having ended already (Slack ends streams after some minutes), so
// that no message is left streaming.
func (v *draftView) stopBare(ctx context.Context, err error) {
	if slackErrorCode(err) == "message_not_in_streaming_state" {
		return
	}
	if _, _, err := v.b.api.StopStreamContext(ctx, v.th.Channel, v.ts); err != nil {
		v.log.Warn("cannot end the stream", "err", slackError(err))
	}
}

// fail ends the view with an apology instead of a card.
func (v *draftView) fail(ctx context.Context, text string) {
	v.halt()
	msg := textMessage(text)
	if v.mode == viewStream {
		// Under whatever was streamed, as a card's blocks would be.
		_, _, err := v.b.api.StopStreamContext(ctx, v.th.Channel, v.ts, slack.MsgOptionBlocks(sections(msg.Text)...))
		if err == nil {
			return
		}
		v.stopBare(ctx, err)
	}
	if v.ts != "" {
		if _, _, _, err := v.b.api.UpdateMessageContext(ctx, v.th.Channel, v.ts, msg.options()...); err == nil {
			return
		}
	}
	v.b.post(ctx, v.th, msg)
}

// streamedCard is the card as the end of a stream shows it, under the
// streamed text: the markdown that completes the draft, and the blocks that
// follow it. When what was streamed is the start of the draft (the usual
// case), the rest of the draft completes it and the blocks are the card
// without its title and text, which the stream shows. When it is not (the
// model's first take was redrafted after the lint, or replaced by the
// offline drafter), nothing more is streamed, and the blocks say so and
// carry the whole draft.
func streamedCard(c draftCard, sent string) (rest string, blocks []slack.Block) {
	dr := c.draft
	if c.notice != "" {
		blocks = append(blocks, contextLine(":warning: "+escape(string(c.notice))))
	}
	if tail, ok := strings.CutPrefix(dr.Text, sent); ok && len(escapeMarkdown(dr.Text)) <= maxStreamed {
		rest = escapeMarkdown(tail)
		if dr.Subject != "" {
			blocks = append(blocks, sections("*Subject:* "+escape(dr.Subject))...)
		}
	} else {
		blocks = append(blocks, contextLine("_The text above was a first take. This is the draft to send:_"))
		blocks = append(blocks, cardBody(dr)...)
	}
	blocks = append(blocks, cardByline(dr)...)
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, cardWhy(c.deal)...)
	blocks = append(blocks, slack.NewDividerBlock())
	return rest, finishCard(c.deal, dr, blocks, c.advice).Blocks
}
