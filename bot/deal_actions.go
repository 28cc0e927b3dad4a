package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"
	"github.com/ghosted-bot/ghosted/coach"
)

// A deal's quick actions outside its coaching thread (the rows of the App
// Home, /ghosted list, a reminder DM, the nudge's DM picker) and the draft
// card's "Share with my team". Like every deal button, only the deal's owner
// may press them: the deal is loaded with the presser as its owner.

// surface is where a button was pressed, which decides how the answer shows.
type surface int

const (
	// surfaceMessage: a message in a channel or DM; answers go in its thread.
	surfaceMessage surface = iota
	// surfaceEphemeral: an ephemeral message (/ghosted list); answers
	// replace it through the press's response_url.
	surfaceEphemeral
	// surfaceHome: the App Home tab; answers republish it.
	surfaceHome
)

func (p press) surface() surface {
	switch {
	case p.inView:
		return surfaceHome
	case p.ephemeral:
		return surfaceEphemeral
	}
	return surfaceMessage
}

// onDealAction handles a deal row's button or menu. What needs the network
// (the owner's time zone) is asked first; then the deal is read, changed and
// written in one compare-and-set, so nothing changed meanwhile (a reply in
// the thread, a press on another replica) is overwritten, and a deal
// forgotten meanwhile stays forgotten.
func (b *Bot) onDealAction(ctx context.Context, p press) {
	parts := strings.Split(p.action.BlockID, "|")
	if len(parts) < 2 || parts[0] != ids.BlockDeal || parts[1] == "" {
		return
	}
	key := coach.DealKey{Team: p.team, Owner: p.user, ID: parts[1]}
	p.request = p.about(key)
	log := p.log
	if !b.ownsThread(ctx, p, key.ID) {
		return
	}
	now := b.clock.Now()
	var change coach.Change
	switch p.action.ActionID {
	case ids.DealResume:
		b.resumeFrom(ctx, p, key)
		return
	case ids.DealRemind, ids.DealDate:
		in, ok := cardInput(p.action, now.In(b.userLocation(ctx, p.user)))
		if !ok {
			return
		}
		change = coach.StepChange(in, now)
	case ids.DealShare:
		change = shareChange(p.action.Value == shareOn)
	case ids.DealClosed:
		change = coach.StepChange(coach.Input{Action: coach.ActionClosedLost}, now)
	default:
		return
	}
	deal, fx, err := b.mem.update(ctx, key, change)
	switch {
	case errors.Is(err, coach.ErrNotFound):
		log.Info("button refused: no such deal of the presser", "err", err)
		b.refuse(ctx, p, pressGoneText(err))
		return
	case errors.Is(err, coach.ErrNotNow):
		b.showResult(ctx, p, []coach.Effect{coach.Say{Text: notNowText(err, deal)}})
		return
	case err != nil:
		log.Error("cannot change the deal", "err", err)
		b.showResult(ctx, p, []coach.Effect{coach.Say{Text: userMessage(err)}})
		return
	}
	log.Info("deal updated", "status", deal.Status, "shared", deal.Shared)
	b.showResult(ctx, p, fx)
}

// refuse tells the presser, and only them, why nothing happened.
func (b *Bot) refuse(ctx context.Context, p press, text string) {
	switch p.surface() {
	case surfaceMessage:
		b.answerPresser(ctx, p, textMessage(text))
	case surfaceEphemeral:
		b.respondText(ctx, p.responseURL, escape(text))
	case surfaceHome:
		b.publishHome(ctx, p.request, escape(text))
	}
}

// showResult shows the effects of a quick action where it was pressed: in
// the message's thread, in place of the ephemeral list (refreshed), or at
// the top of the refreshed App Home.
func (b *Bot) showResult(ctx context.Context, p press, fx []coach.Effect) {
	notes := strings.Join(noteLines(fx), "\n")
	switch p.surface() {
	case surfaceMessage:
		b.post(ctx, p.th, renderNotes(fx))
	case surfaceHome:
		b.publishHome(ctx, p.request, truncate(notes, maxSectionLen))
	case surfaceEphemeral:
		deals, err := b.mem.deals(ctx, p.team, p.user)
		msg := renderDealList(deals, b.clock.Now())
		if err != nil {
			msg = textMessage(userMessage(err))
		}
		if notes != "" {
			msg.Blocks = append(sections(truncate(notes, maxSectionLen)), msg.Blocks...)
			if len(msg.Blocks) > maxBlocks {
				msg.Blocks = msg.Blocks[:maxBlocks]
			}
		}
		err = respond(ctx, b.cfg.HTTPClient, p.responseURL, &slack.WebhookMessage{
			ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: true,
			Text: truncate(msg.Text, maxTextLen), Blocks: &slack.Blocks{BlockSet: msg.Blocks},
		})
		if err != nil {
			p.log.Warn("response_url post failed", "err", err)
		}
	}
}

// resumeFrom handles "Coach me again": in a reminder DM, whose thread is
// bound to the deal, the coaching continues in that thread; anywhere else it
// starts a new DM thread.
func (b *Bot) resumeFrom(ctx context.Context, p press, key coach.DealKey) {
	log := p.log
	d, err := b.mem.deal(ctx, key)
	if err != nil {
		if errors.Is(err, coach.ErrNotFound) {
			b.refuse(ctx, p, pressGoneText(err))
			return
		}
		log.Error("request failed", "err", err)
		b.refuse(ctx, p, userMessage(err))
		return
	}
	if p.surface() == surfaceMessage && strings.HasPrefix(p.th.Channel, "D") && b.resumeHere(ctx, p, key) {
		return
	}
	th, ok := b.resumeInDM(ctx, p.request, d)
	if !ok {
		b.refuse(ctx, p, "I couldn't start our DM thread just now. Please try again in a moment.")
		return
	}
	link := "<" + b.permalink(th.Channel, th.TS) + "|open the thread>"
	note := "We're looking at " + escape(dealLabel(d)) + " again in our DM: " + link + "."
	switch p.surface() {
	case surfaceHome:
		b.publishHome(ctx, p.request, ":speech_balloon: "+note)
	case surfaceEphemeral:
		b.respondText(ctx, p.responseURL, note)
	case surfaceMessage:
		b.answerPresser(ctx, p, outMessage{Text: note})
	}
}

// resumeHere coaches the deal again in the DM thread of the message pressed,
// and reports whether it did: in a reminder's thread, which is bound to the
// deal, and in a thread bound to no deal yet (a chat of the split view
// where the person listed their deals), which is bound to it now. A thread
// that coaches another deal is left to it.
func (b *Bot) resumeHere(ctx context.Context, p press, key coach.DealKey) bool {
	log := p.log
	bound, ok, err := b.mem.threadDeal(ctx, p.team, p.th)
	switch {
	case err != nil, ok && bound != key:
		return false
	case !ok:
		if err := b.mem.bind(ctx, key, p.th); err != nil {
			log.Warn("cannot bind the thread to the deal; resuming in a new one", "err", err)
			return false
		}
	}
	log.Info("deal resumed in the thread it was pressed in")
	if err := b.step(ctx, p.about(key), coach.Input{Action: coach.ActionResume}, ""); err != nil {
		b.refuse(ctx, p, pressGoneText(err))
	}
	return true
}

// shareInThread handles the draft card's "Share with my team" and "Stop
// sharing": the note that confirms it carries the button that undoes it, so
// the newest message in the thread always offers the right one.
func (b *Bot) shareInThread(ctx context.Context, p press, key coach.DealKey) {
	d, fx, err := b.mem.update(ctx, key, shareChange(p.action.Value == shareOn))
	if errors.Is(err, coach.ErrNotFound) {
		b.refuse(ctx, p, pressGoneText(err))
		return
	}
	if err != nil {
		b.tellError(ctx, p.request, err)
		return
	}
	p.log.Info("deal sharing changed", "shared", d.Shared)
	msg := renderNotes(fx)
	undo := button(ids.Share, shareOn, "Share with my team")
	if d.Shared {
		undo = button(ids.Share, shareOff, "Stop sharing")
	}
	msg.Blocks = append(msg.Blocks, slack.NewActionBlock(blockID(ids.BlockCard, d.ID, "share"), undo))
	b.post(ctx, p.th, msg)
}

// shareChange is the change that shares a deal with the team, or stops.
func shareChange(on bool) coach.Change {
	return func(d *coach.Deal) ([]coach.Effect, error) {
		next, fx := shareDeal(*d, on)
		*d = next
		return fx, nil
	}
}

// shareDeal sets whether channel nudges may name the deal. Only its prospect
// and company ever show, and only while it needs care.
func shareDeal(d coach.Deal, on bool) (coach.Deal, []coach.Effect) {
	label := dealLabel(d)
	switch {
	case on && d.Shared:
		return d, []coach.Effect{coach.Say{Text: label + " is already shared with your team."}}
	case !on && !d.Shared:
		return d, []coach.Effect{coach.Say{Text: label + " is not shared: weekly check-ins count it but never name it."}}
	}
	d.Shared = on
	if on {
		return d, []coach.Effect{coach.Say{Text: ":busts_in_silhouette: Shared with your team: weekly check-ins in your team's channels may name " + label + " (prospect and company, nothing else) when it needs care."}}
	}
	return d, []coach.Effect{coach.Say{Text: ":lock: No longer shared: weekly check-ins count " + label + " but never name it."}}
}
