package bot

import (
	"context"
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
	// ephemeral is set for a press in an ephemeral message (/ghosted list),
	// inView for one in a view (the App Home tab).
	ephemeral, inView bool
}

// onBlockActions queues a job per action. A press in a coaching thread runs
// under the thread's key, so it never races a typed reply in that thread;
// presses that belong to a person rather than a thread (the App Home, an
// ephemeral list, a channel nudge, forget) run under the user's key.
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
	inView := cb.Container.Type == "view" || (channel == "" && cb.View.ID != "")
	for _, a := range cb.ActionCallback.BlockActions {
		if a == nil {
			continue
		}
		p := press{team: team, user: cb.User.ID, th: thread{Channel: channel, TS: root}, responseURL: cb.ResponseURL, action: *a,
			ephemeral: cb.Container.IsEphemeral, inView: inView}
		userKey := "user:" + team + ":" + p.user
		switch {
		case a.ActionID == actionForget || a.ActionID == actionCancel:
			b.enqueue(userKey, "forget", func(ctx context.Context) { b.forget(ctx, p) })
		case a.ActionID == actionNewDeal:
			// The trigger id expires in 3 s: open the modal now, like a bare
			// /ghosted does.
			b.openModalSoon(slack.SlashCommand{TeamID: team, UserID: p.user, TriggerID: cb.TriggerID, ResponseURL: cb.ResponseURL})
		case strings.HasPrefix(a.ActionID, actionNudge):
			b.enqueue(userKey, "nudge button", func(ctx context.Context) { b.onNudgeCoach(ctx, p) })
		case strings.HasPrefix(a.BlockID, blockDeal+"|"):
			key := userKey
			if p.surface() == surfaceMessage && channel != "" && root != "" {
				key = p.th.key()
			}
			b.enqueue(key, "deal button", func(ctx context.Context) { b.onDealAction(ctx, p) })
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
	if kind != blockQuestion && kind != blockCard {
		return
	}
	log := b.log.With("deal", dealID, "user", p.user, "action", p.action.ActionID)
	deal, ok := b.ownDeal(ctx, log, p, dealID)
	if !ok {
		return
	}

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
		if p.action.ActionID == actionShare {
			b.shareInThread(ctx, log, p, deal)
			return
		}
		now := b.clock.Now()
		if p.action.ActionID == actionRemind || p.action.ActionID == actionDate {
			// "In a week" and "on the 3rd" mean 09:00 where the owner is.
			now = now.In(b.userLocation(ctx, p.user))
		}
		if in, ok = cardInput(p.action, now); !ok {
			return
		}
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

// cardInput turns a deal button (on the draft card or a deal row) into a
// coach input. Remind-me dates are at 09:00 in now's location: pass now in
// the owner's time zone.
func cardInput(a slack.BlockAction, now time.Time) (coach.Input, bool) {
	switch a.ActionID {
	case actionRemind, actionDealRemind:
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
	case actionDate, actionDealDate:
		day, err := time.ParseInLocation(time.DateOnly, a.SelectedDate, now.Location())
		if err != nil {
			return coach.Input{}, false
		}
		// Step refuses a date that is not in the future, with a reason.
		at := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, day.Location())
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
