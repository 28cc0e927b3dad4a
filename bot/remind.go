package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/ghosted-bot/ghosted/coach"
)

// RemindOwner DMs a deal's owner that its remember-me date came: "It's time
// to come back to …", with the deal's quick actions, "Coach me again" first.
// It posts with channel=<owner's user id>, so the many reminders due at
// 09:00 cost no conversations.open each, and waits its turn in
// chat.postMessage's budget like every post.
// It is the Bot's half of nudge.Poster: nudge.Runner calls it once per
// reminder across replicas. The DM's thread is bound to the deal, so "Coach
// me again" and any reply in that thread continue the coaching there.
//
// Errors wrap slack-go's, for nudge.Retryable; a reminder whose DM failed for
// a reason worth retrying is put back and sent on a later tick.
func (b *Bot) RemindOwner(ctx context.Context, d coach.Deal) error {
	th, err := b.postDM(ctx, d.Owner, renderReminder(d))
	if err != nil {
		return fmt.Errorf("reminder %s: chat.postMessage: %w", d.ID, retryableSlack(err))
	}
	if err := b.mem.bind(ctx, d.Key(), th); err != nil {
		// The DM went out, which is what counts; its "Coach me again" then
		// opens a new thread instead of this one (or, for a deal forgotten
		// meanwhile, says so).
		b.log.Warn("cannot bind the reminder's thread", "deal", d.ID, "user", d.Owner, "err", err)
	}
	return nil
}

// resumeInDM coaches a deal again from its story (coach.ActionResume) in a
// new thread of the owner's DM with the bot, for presses outside any
// coaching thread: the App Home, /ghosted list, a channel nudge. It returns
// the new thread.
func (b *Bot) resumeInDM(ctx context.Context, r request, d coach.Deal) (thread, bool) {
	r = r.about(d.Key())
	log := r.log
	th, err := b.postDM(ctx, d.Owner, renderDealRoot(d))
	if err != nil {
		log.Error("cannot post the coaching thread", "err", err)
		return thread{}, false
	}
	release := b.pool.hold(th.key())
	defer release()
	if err := b.mem.bind(ctx, d.Key(), th); err != nil {
		if errors.Is(err, coach.ErrNotFound) {
			b.post(ctx, th, textMessage(goneText(err)))
		} else {
			b.tellError(ctx, r.in(th), err)
		}
		return th, false
	}
	log.Info("deal resumed", "thread", th.String())
	if err := b.step(ctx, r.in(th), coach.Input{Action: coach.ActionResume}, ""); err != nil {
		b.post(ctx, th, textMessage(goneText(err)))
	}
	return th, true
}
