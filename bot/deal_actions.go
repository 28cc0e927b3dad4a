package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/slack-go/slack"

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

// onDealAction handles a deal row's button or menu.
func (b *Bot) onDealAction(ctx context.Context, p press) {
	parts := strings.Split(p.action.BlockID, "|")
	if len(parts) < 2 || parts[0] != blockDeal || parts[1] == "" {
		return
	}
	log := b.log.With("deal", parts[1], "user", p.user, "action", p.action.ActionID)
	deal, ok := b.ownDeal(ctx, log, p, parts[1])
	if !ok {
		return
	}
	now := b.clock.Now()
	var (
		next coach.Deal
		fx   []coach.Effect
	)
	switch p.action.ActionID {
	case actionDealResume:
		b.resumeFrom(ctx, log, p, deal)
		return
	case actionDealRemind, actionDealDate:
		in, ok := cardInput(p.action, now.In(b.userLocation(ctx, p.user)))
		if !ok {
			return
		}
		var err error
		next, fx, err = coach.Step(deal, in, now)
		if err != nil {
			b.showResult(ctx, log, p, []coach.Effect{coach.Say{Text: notNowText(err, deal)}})
			return
		}
	case actionDealShare:
		next, fx = shareDeal(deal, p.action.Value == shareOn)
	case actionDealClosed:
		next, fx, _ = coach.Step(deal, coach.Input{Action: coach.ActionClosedLost}, now)
	default:
		return
	}
	if err := b.mem.save(ctx, next); err != nil {
		b.showResult(ctx, log, p, []coach.Effect{coach.Say{Text: userMessage(err)}})
		log.Error("cannot save the deal", "err", err)
		return
	}
	log.Info("deal updated", "status", next.Status, "shared", next.Shared)
	b.showResult(ctx, log, p, fx)
}

// ownDeal loads the presser's deal dealID, refusing (privately) anyone who
// does not own it: a thread bound to someone else's deal, or a deal that is
// not found under the presser.
func (b *Bot) ownDeal(ctx context.Context, log *slog.Logger, p press, dealID string) (coach.Deal, bool) {
	if p.surface() == surfaceMessage && p.th.Channel != "" && p.th.TS != "" {
		owner, bound, err := b.threadOwner(ctx, p.team, p.th, dealID)
		if err != nil {
			b.tellError(ctx, log, place{th: p.th, user: p.user}, err)
			return coach.Deal{}, false
		}
		if bound && owner != p.user {
			log.Info("button refused: not the deal's owner")
			b.refuse(ctx, p, "Only the person this deal belongs to can use these buttons. Start your own with `/ghosted`.")
			return coach.Deal{}, false
		}
	}
	d, err := b.mem.deal(ctx, p.team, p.user, dealID)
	if errors.Is(err, coach.ErrNotFound) {
		log.Info("button refused: no such deal of the presser")
		b.refuse(ctx, p, "Only the person this deal belongs to can use these buttons (or it was forgotten). Start your own with `/ghosted`.")
		return coach.Deal{}, false
	}
	if err != nil {
		switch p.surface() {
		case surfaceMessage:
			b.tellError(ctx, log, place{th: p.th, user: p.user}, err)
		default:
			log.Error("request failed", "err", err)
			b.showResult(ctx, log, p, []coach.Effect{coach.Say{Text: userMessage(err)}})
		}
		return coach.Deal{}, false
	}
	return d, true
}

// refuse tells the presser, and only them, why nothing happened.
func (b *Bot) refuse(ctx context.Context, p press, text string) {
	switch p.surface() {
	case surfaceMessage:
		b.ephemeral(ctx, p.th, p.user, text)
	case surfaceEphemeral:
		b.respondText(ctx, p.responseURL, escape(text))
	case surfaceHome:
		b.publishHome(ctx, b.log.With("user", p.user), p.team, p.user, escape(text))
	}
}

// showResult shows the effects of a quick action where it was pressed: in
// the message's thread, in place of the ephemeral list (refreshed), or at
// the top of the refreshed App Home.
func (b *Bot) showResult(ctx context.Context, log *slog.Logger, p press, fx []coach.Effect) {
	notes := strings.Join(noteLines(fx), "\n")
	switch p.surface() {
	case surfaceMessage:
		b.post(ctx, p.th, renderNotes(fx))
	case surfaceHome:
		b.publishHome(ctx, log, p.team, p.user, truncate(notes, maxSectionLen))
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
			log.Warn("response_url post failed", "err", err)
		}
	}
}

// resumeFrom handles "Coach me again": in a reminder DM, whose thread is
// bound to the deal, the coaching continues in that thread; anywhere else it
// starts a new DM thread.
func (b *Bot) resumeFrom(ctx context.Context, log *slog.Logger, p press, d coach.Deal) {
	if p.surface() == surfaceMessage && strings.HasPrefix(p.th.Channel, "D") {
		owner, id, bound, err := b.mem.threadDeal(ctx, p.team, p.th)
		if err == nil && bound && id == d.ID && owner == p.user {
			log.Info("deal resumed in its reminder thread")
			b.step(ctx, log, p.team, p.user, d.ID, p.th, coach.Input{Action: coach.ActionResume}, "")
			return
		}
	}
	th, ok := b.resumeInDM(ctx, log, p.team, p.user, d)
	if !ok {
		b.refuse(ctx, p, "I couldn't start our DM thread just now. Please try again in a moment.")
		return
	}
	link := "<" + b.permalink(th.Channel, th.TS) + "|open the thread>"
	switch p.surface() {
	case surfaceHome:
		b.publishHome(ctx, log, p.team, p.user, ":speech_balloon: We're looking at "+escape(dealLabel(d))+" again in our DM: "+link+".")
	case surfaceEphemeral:
		b.respondText(ctx, p.responseURL, "We're looking at "+escape(dealLabel(d))+" again in our DM: "+link+".")
	}
}

// shareInThread handles the draft card's "Share with my team" and "Stop
// sharing": the note that confirms it carries the button that undoes it, so
// the newest message in the thread always offers the right one.
func (b *Bot) shareInThread(ctx context.Context, log *slog.Logger, p press, d coach.Deal) {
	next, fx := shareDeal(d, p.action.Value == shareOn)
	if err := b.mem.save(ctx, next); err != nil {
		b.tellError(ctx, log, place{th: p.th, user: p.user}, err)
		return
	}
	log.Info("deal sharing changed", "shared", next.Shared)
	msg := renderNotes(fx)
	undo := button(actionShare, shareOn, "Share with my team")
	if next.Shared {
		undo = button(actionShare, shareOff, "Stop sharing")
	}
	msg.Blocks = append(msg.Blocks, slack.NewActionBlock(blockID(blockCard, d.ID, "share"), undo))
	b.post(ctx, p.th, msg)
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
