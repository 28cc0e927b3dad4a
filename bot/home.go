package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack"
)

// welcomeTTL is how long the bot remembers it greeted someone in its
// messages tab.
const welcomeTTL = 365 * 24 * time.Hour

// homeOpened greets a user the first time they open the bot's messages tab,
// and renders the Home tab (their deals, stats and help) on every visit to it.
func (b *Bot) homeOpened(ctx context.Context, eventID, team, user, tab, channel string) {
	r := b.newRequest(team, user, "event", eventID)
	log := r.log
	switch tab {
	case "messages":
		if channel == "" {
			return
		}
		first, err := b.mem.claimUser(ctx, team, user, "welcome", welcomeTTL)
		if err != nil || !first {
			return
		}
		msg := helpMessage()
		if _, _, err := b.api.PostMessageContext(ctx, channel, msg.options()...); err != nil {
			log.Warn("cannot post the welcome", "err", err)
		}
	case "home":
		b.publishHome(ctx, r, "")
	}
}

// publishHome renders the user's Home tab (views.publish): notice, when set,
// is mrkdwn shown at the top, such as what the button just pressed did.
func (b *Bot) publishHome(ctx context.Context, r request, notice string) {
	log, team, user := r.log, r.team, r.user
	deals, err := b.mem.deals(ctx, team, user)
	if err != nil {
		log.Warn("cannot list deals for the Home tab", "err", err)
	}
	blocks := renderHome(deals, b.clock.Now(), notice, err)
	req := slack.PublishViewContextRequest{UserID: user, View: slack.HomeTabViewRequest{
		Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks},
	}}
	if _, err := b.api.PublishViewContext(ctx, req); err != nil {
		log.Warn("views.publish failed", "err", slackError(err))
	}
}
