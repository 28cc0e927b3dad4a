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
// and renders the Home tab (help and their deals) on every visit to it.
func (b *Bot) homeOpened(ctx context.Context, eventID, team, user, tab, channel string) {
	log := b.log.With("user", user, "event", eventID)
	switch tab {
	case "messages":
		if channel == "" {
			return
		}
		first, err := b.mem.claimFor(ctx, "welcome:"+team+":"+user, welcomeTTL)
		if err != nil || !first {
			return
		}
		msg := helpMessage()
		if _, _, err := b.api.PostMessageContext(ctx, channel, msg.options()...); err != nil {
			log.Warn("cannot post the welcome", "err", err)
		}
	case "home":
		deals, err := b.mem.deals(ctx, team, user)
		if err != nil {
			log.Warn("cannot list deals for the Home tab", "err", err)
		}
		blocks := sections(helpText)
		blocks = append(blocks, slack.NewDividerBlock())
		if err != nil {
			blocks = append(blocks, sections(userMessage(err))...)
		} else if list := renderDealList(deals, b.clock.Now()); len(list.Blocks) > 0 {
			blocks = append(blocks, list.Blocks...)
		} else {
			blocks = append(blocks, sections(list.Text)...)
		}
		req := slack.PublishViewContextRequest{UserID: user, View: slack.HomeTabViewRequest{
			Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks},
		}}
		if _, err := b.api.PublishViewContext(ctx, req); err != nil {
			log.Warn("views.publish failed", "err", slackError(err))
		}
	}
}
