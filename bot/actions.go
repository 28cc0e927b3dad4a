package bot

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"
	"github.com/ghosted-bot/ghosted/coach"
)

// onInteraction handles an interactive envelope in the read loop and returns
// its ack payload, and false when the envelope must stay unacked: a press
// the bot can neither take nor answer "busy" to, which the user then sees
// marked as not delivered, and presses again.
func (b *Bot) onInteraction(cb slack.InteractionCallback) (payload any, ack bool) {
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		switch cb.View.CallbackID {
		case storyCallbackID:
			return b.onStorySubmit(cb), true
		case fixCallbackID:
			return b.onFixSubmit(cb), true
		case editCallbackID:
			return b.onEditSubmit(cb), true
		}
	case slack.InteractionTypeBlockActions:
		return nil, b.onBlockActions(cb)
	}
	return nil, true
}

// press is one button press or menu choice, reduced to what the job needs:
// the request of the person who pressed (the thread of the message
// pressed, the press's response_url), and the press itself.
type press struct {
	request
	// messageTS is the message pressed (the draft card), when a message.
	messageTS string
	action    slack.BlockAction
	// ephemeral is set for a press in an ephemeral message (/ghosted list),
	// inView for one in a view (the App Home tab).
	ephemeral, inView bool
}

// onBlockActions queues a job per action, and reports whether the envelope
// may be acked: every action was queued, or its presser is being told the
// bot is busy. A press in a coaching thread runs under the thread's key, so
// it never races a typed reply in that thread on this replica; presses that
// belong to a person rather than a thread (the App Home, an ephemeral list,
// a channel nudge, forget) run under the user's key. Whatever the key, a
// change to a deal goes through the store's compare-and-set, so presses on
// other replicas (or under other keys) cannot undo each other.
func (b *Bot) onBlockActions(cb slack.InteractionCallback) bool {
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
	ack := true
	for _, a := range cb.ActionCallback.BlockActions {
		if a == nil {
			continue
		}
		r := b.newRequest(team, cb.User.ID, "action", a.ActionID).in(thread{Channel: channel, TS: root})
		r.responseURL = cb.ResponseURL
		p := press{request: r,
			messageTS: cmp.Or(cb.Container.MessageTs, cb.Message.Timestamp), action: *a,
			ephemeral: cb.Container.IsEphemeral, inView: inView}
		mine, who := p.poolKey(), userOf(team, p.user)
		taken := true
		switch {
		case a.ActionID == ids.Forget || a.ActionID == ids.Cancel:
			taken = b.enqueue(mine, who, "forget", func(ctx context.Context) { b.forget(ctx, p) })
		case a.ActionID == ids.FixOpen:
			// Like the story form: the trigger id expires in 3 s.
			taken = b.openFixSoon(p, cb.TriggerID)
		case a.ActionID == ids.Edit:
			taken = b.openEditSoon(p, cb.TriggerID)
		case a.ActionID == ids.Copy:
			taken = b.enqueue(mine, who, "copy as email", func(ctx context.Context) { b.copyAsEmail(ctx, p) })
		case a.ActionID == ids.NewDeal:
			// The trigger id expires in 3 s: open the modal now, like a bare
			// /ghosted does.
			taken = b.openModalSoon(slack.SlashCommand{TeamID: team, UserID: p.user, TriggerID: cb.TriggerID, ResponseURL: cb.ResponseURL})
		case strings.HasPrefix(a.ActionID, ids.Nudge):
			taken = b.enqueue(mine, who, "nudge button", func(ctx context.Context) { b.onNudgeCoach(ctx, p) })
		case strings.HasPrefix(a.BlockID, ids.BlockDeal+"|"):
			key := mine
			if p.surface() == surfaceMessage && channel != "" && root != "" {
				key = p.th.key()
			}
			taken = b.enqueue(key, who, "deal button", func(ctx context.Context) { b.onDealAction(ctx, p) })
		case channel != "" && root != "":
			taken = b.enqueue(p.th.key(), who, "button", func(ctx context.Context) { b.onPress(ctx, p) })
		}
		if !taken && !b.notice(func(ctx context.Context) { b.refuse(ctx, p, busyText) }) {
			ack = false
		}
	}
	return ack
}

// onPress applies a quick reply or a draft-card button to its deal. Only the
// deal's owner may press: the deal is changed under the presser's key, so
// anyone else finds nothing and gets an ephemeral refusal, and nothing
// changes.
func (b *Bot) onPress(ctx context.Context, p press) {
	parts := strings.Split(p.action.BlockID, "|")
	if len(parts) < 2 || parts[1] == "" {
		return
	}
	kind, key := parts[0], coach.DealKey{Team: p.team, Owner: p.user, ID: parts[1]}
	if kind != ids.BlockQuestion && kind != ids.BlockCard {
		return
	}
	p.request = p.about(key)
	if !b.ownsThread(ctx, p, key.ID) {
		return
	}

	var (
		in         coach.Input
		questionID string
	)
	switch kind {
	case ids.BlockQuestion:
		if len(parts) > 2 {
			questionID = parts[2]
		}
		if p.action.ActionID == ids.Skip {
			in.Text = "skip"
		} else {
			in.Option = p.action.Value
		}
	case ids.BlockCard:
		if p.action.ActionID == ids.Share {
			b.shareInThread(ctx, p, key)
			return
		}
		now := b.clock.Now()
		if p.action.ActionID == ids.Remind || p.action.ActionID == ids.Date {
			// "In a week" and "on the 3rd" mean 09:00 where the owner is.
			// Asked before the deal is read: a slow users.info must not
			// stand between the read and the write.
			now = now.In(b.userLocation(ctx, p.user))
		}
		var ok bool
		if in, ok = cardInput(p.action, now); !ok {
			return
		}
	}
	if err := b.step(ctx, p.request, in, questionID); err != nil {
		b.refuse(ctx, p, pressGoneText(err))
	}
}

// ownsThread reports whether the presser may act on dealID from the
// message they pressed: in a thread bound to someone else's deal they may
// not, and are told so privately.
func (b *Bot) ownsThread(ctx context.Context, p press, dealID string) bool {
	if p.surface() != surfaceMessage || p.th.Channel == "" || p.th.TS == "" {
		return true
	}
	key, bound, err := b.mem.threadDeal(ctx, p.team, p.th)
	if err != nil {
		b.tellError(ctx, p.request, err)
		return false
	}
	if bound && key.ID == dealID && key.Owner != p.user {
		p.log.Info("button refused: not the deal's owner")
		b.refuse(ctx, p, "Only the person this deal belongs to can use these buttons. Start your own with `/ghosted`.")
		return false
	}
	return true
}

// cardInput turns a deal button (on the draft card or a deal row) into a
// coach input. Remind-me dates are at 09:00 in now's location: pass now in
// the owner's time zone.
func cardInput(a slack.BlockAction, now time.Time) (coach.Input, bool) {
	switch a.ActionID {
	case ids.Remind, ids.DealRemind:
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
	case ids.Date, ids.DealDate:
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
		act, err = coach.ParseAction(strings.TrimPrefix(a.ActionID, ids.Card))
	}
	if err != nil {
		return coach.Input{}, false
	}
	return coach.Input{Action: act}, true
}

// forget deletes all of a user's data after they confirmed, and says how
// much went.
func (b *Bot) forget(ctx context.Context, p press) {
	log := p.log
	if p.action.ActionID == ids.Cancel {
		b.replaceEphemeral(ctx, p, "OK, I kept everything.")
		return
	}
	n, err := b.mem.forget(ctx, p.team, p.user)
	if err != nil {
		log.Error("forget failed", "err", err)
		b.replaceEphemeral(ctx, p, userMessage(err))
		return
	}
	log.Info("forgot a user's data", "deals", n)
	b.replaceEphemeral(ctx, p, fmt.Sprintf("Done: I deleted %d deal%s and everything I kept about them. You can start fresh any time with `/ghosted`.", n, plural(n)))
}

// replaceEphemeral replaces the ephemeral message a button was on.
func (b *Bot) replaceEphemeral(ctx context.Context, p press, text string) {
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
		p.log.Warn("response_url post failed", "err", err)
	}
}
