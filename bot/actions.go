package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
)

// onInteraction handles an interactive envelope in the read loop and returns
// its ack payload.
func (b *Bot) onInteraction(cb slack.InteractionCallback) any {
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		if cb.View.CallbackID == storyCallbackID {
			return b.onStorySubmit(cb)
		}
	case slack.InteractionTypeBlockActions:
		b.onBlockActions(cb)
	}
	return nil
}

// press is one button press or menu choice, reduced to what the job needs.
type press struct {
	team, user  string
	th          thread
	responseURL string
	action      slack.BlockAction
}

// onBlockActions queues a job per action. A press in a coaching thread runs
// under the thread's key, so it never races a typed reply in that thread.
func (b *Bot) onBlockActions(cb slack.InteractionCallback) {
	team := cb.Team.ID
	if team == "" {
		team = cb.User.TeamID
	}
	channel := cb.Container.ChannelID
	if channel == "" {
		channel = cb.Channel.ID
	}
	root := cb.Container.ThreadTs
	if root == "" {
		root = cb.Message.ThreadTimestamp
	}
	if root == "" {
		root = cb.Container.MessageTs
	}
	for _, a := range cb.ActionCallback.BlockActions {
		if a == nil {
			continue
		}
		p := press{team: team, user: cb.User.ID, th: thread{Channel: channel, TS: root}, responseURL: cb.ResponseURL, action: *a}
		switch {
		case a.ActionID == actionForget || a.ActionID == actionCancel:
			b.enqueue("user:"+team+":"+p.user, "forget", func(ctx context.Context) { b.forget(ctx, p) })
		case channel != "" && root != "":
			b.enqueue(p.th.key(), "button", func(ctx context.Context) { b.onPress(ctx, p) })
		}
	}
}

// onPress applies a quick reply or a draft-card button to its deal. Only the
// deal's owner may press: the deal is loaded with the presser as owner, so
// anyone else finds nothing and gets an ephemeral refusal, and nothing
// changes.
func (b *Bot) onPress(ctx context.Context, p press) {
	parts := strings.Split(p.action.BlockID, "|")
	if len(parts) < 2 || parts[1] == "" {
		return
	}
	kind, dealID := parts[0], parts[1]
	log := b.log.With("deal", dealID, "user", p.user, "action", p.action.ActionID)

	var (
		in         coach.Input
		questionID string
	)
	switch kind {
	case blockQuestion:
		if len(parts) > 2 {
			questionID = parts[2]
		}
		if p.action.ActionID == actionSkip {
			in.Text = "skip"
		} else {
			in.Option = p.action.Value
		}
	case blockCard:
		var ok bool
		if in, ok = cardInput(p.action, b.clock.Now()); !ok {
			return
		}
	default:
		return
	}

	owner, bound, err := b.threadOwner(ctx, p.team, p.th, dealID)
	if err != nil {
		b.tellError(ctx, log, place{th: p.th, user: p.user}, err)
		return
	}
	if bound && owner != p.user {
		log.Info("button refused: not the deal's owner")
		b.ephemeral(ctx, p.th, p.user, "Only the person this deal belongs to can use these buttons. Start your own with `/ghosted`.")
		return
	}
	if _, err := b.mem.deal(ctx, p.team, p.user, dealID); err != nil {
		if errors.Is(err, coach.ErrNotFound) {
			b.ephemeral(ctx, p.th, p.user, "Only the person this deal belongs to can use these buttons (or it was forgotten). Start your own with `/ghosted`.")
			return
		}
		b.tellError(ctx, log, place{th: p.th, user: p.user}, err)
		return
	}
	b.step(ctx, log, p.team, p.user, dealID, p.th, in, questionID)
}

// threadOwner returns who owns the deal bound to th, when th is bound to it.
func (b *Bot) threadOwner(ctx context.Context, team string, th thread, dealID string) (string, bool, error) {
	owner, id, bound, err := b.mem.threadDeal(ctx, team, th)
	if err != nil || !bound || id != dealID {
		return "", false, err
	}
	return owner, true, nil
}

// cardInput turns a draft-card action into a coach input.
func cardInput(a slack.BlockAction, now time.Time) (coach.Input, bool) {
	if a.ActionID == actionRemind {
		v := a.SelectedOption.Value
		if v == "auto" || v == "" {
			return coach.Input{Action: coach.ActionRemind}, true
		}
		days, err := strconv.Atoi(v)
		if err != nil || days <= 0 || days > 366 {
			return coach.Input{}, false
		}
		at := now.AddDate(0, 0, days)
		at = time.Date(at.Year(), at.Month(), at.Day(), 9, 0, 0, 0, at.Location())
		return coach.Input{Action: coach.ActionRemind, RemindAt: at}, true
	}
	act, err := coach.ParseAction(a.Value)
	if err != nil {
		act, err = coach.ParseAction(strings.TrimPrefix(a.ActionID, actionCard))
	}
	if err != nil {
		return coach.Input{}, false
	}
	return coach.Input{Action: act}, true
}

// forget deletes all of a user's data after they confirmed, and says how
// much went.
func (b *Bot) forget(ctx context.Context, p press) {
	log := b.log.With("user", p.user)
	if p.action.ActionID == actionCancel {
		b.replaceEphemeral(ctx, log, p, "OK, I kept everything.")
		return
	}
	n, err := b.mem.forget(ctx, p.team, p.user)
	if err != nil {
		log.Error("forget failed", "err", err)
		b.replaceEphemeral(ctx, log, p, userMessage(err))
		return
	}
	log.Info("forgot a user's data", "deals", n)
	b.replaceEphemeral(ctx, log, p, fmt.Sprintf("Done: I deleted %d deal%s and everything I kept about them. You can start fresh any time with `/ghosted`.", n, plural(n)))
}

// replaceEphemeral replaces the ephemeral message a button was on.
func (b *Bot) replaceEphemeral(ctx context.Context, log *slog.Logger, p press, text string) {
	if p.responseURL == "" {
		if p.th.Channel != "" {
			b.ephemeral(ctx, p.th, p.user, text)
		}
		return
	}
	err := respond(ctx, b.cfg.HTTPClient, p.responseURL, &slack.WebhookMessage{
		ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: true, Text: escape(text),
	})
	if err != nil {
		log.Warn("response_url post failed", "err", err)
	}
}
