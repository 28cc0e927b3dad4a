package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
)

// slashAck is the payload of a slash command's ack: an immediate ephemeral
// answer. It must stay small (Slack drops acks of 20 KB or more).
type slashAck struct {
	ResponseType string        `json:"response_type,omitempty"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks,omitempty"`
}

func ackMessage(m outMessage) *slashAck {
	return &slashAck{ResponseType: slack.ResponseTypeEphemeral, Text: m.Text, Blocks: m.Blocks}
}

// Precomputed acks: the read loop answers these without any work.
var (
	helpAck   = ackMessage(helpMessage())
	forgetAck = ackMessage(renderForgetConfirm())
	busyAck   = &slashAck{ResponseType: slack.ResponseTypeEphemeral, Text: "I'm swamped right now and didn't run that. Please try again in a minute."}
	lintUsage = &slashAck{ResponseType: slack.ResponseTypeEphemeral, Text: "Give me the message to score: `/ghosted lint Hi Dana, …`"}
	nudgeAck  = &slashAck{ResponseType: slack.ResponseTypeEphemeral, Text: "Weekly channel nudges are not switched on in this workspace yet."}
)

// subcommand is what /ghosted was asked to do.
type subcommand int

const (
	subStory subcommand = iota
	subModal
	subHelp
	subList
	subLint
	subForget
	subNudge
)

// parseSlash splits /ghosted's text into a subcommand and its argument. Only
// a bare keyword is a subcommand ("help", "list", "forget"); "help me with
// Acme…" is a story. Anything that is not a subcommand is a story.
func parseSlash(text string) (subcommand, string) {
	t := strings.TrimSpace(text)
	if t == "" {
		return subModal, ""
	}
	word, rest, _ := strings.Cut(t, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(word) {
	case "help", "-h", "--help", "?":
		if rest == "" {
			return subHelp, ""
		}
	case "list", "ls", "deals":
		if rest == "" {
			return subList, ""
		}
	case "forget":
		if rest == "" || strings.EqualFold(rest, "me") {
			return subForget, ""
		}
	case "lint", "check", "score":
		return subLint, rest
	case "nudge", "nudges":
		if verb, _ := splitNudge(rest); nudgeVerb(verb) {
			return subNudge, rest
		}
	}
	if w, r, ok := strings.Cut(t, "\n"); ok && strings.EqualFold(strings.TrimSpace(w), "lint") {
		return subLint, strings.TrimSpace(r)
	}
	return subStory, t
}

// onSlash handles /ghosted in the read loop: it returns the ack payload and
// queues whatever needs I/O.
func (b *Bot) onSlash(cmd slack.SlashCommand) any {
	sub, arg := parseSlash(cmd.Text)
	team, user := cmd.TeamID, cmd.UserID
	key, who := userKey(team, user), userOf(team, user)
	switch sub {
	case subHelp:
		return helpAck
	case subForget:
		return forgetAck
	case subNudge:
		if ack := b.nudgeAckNow(cmd, arg); ack != nil {
			return ack
		}
	case subLint:
		if arg == "" {
			return lintUsage
		}
	case subModal:
		if !b.openModalSoon(cmd) {
			return busyAck
		}
		return nil
	}
	cmd.Text = arg
	var taken bool
	switch sub {
	case subLint:
		taken = b.enqueue(key, who, "lint", func(ctx context.Context) { b.lint(ctx, cmd) })
	case subList:
		taken = b.enqueue(key, who, "list", func(ctx context.Context) { b.list(ctx, cmd) })
	case subNudge:
		// One job at a time per channel: two "nudge here" must not cross.
		taken = b.enqueue("channel:"+team+":"+cmd.ChannelID, who, "nudge", func(ctx context.Context) { b.nudgeCommand(ctx, cmd, arg) })
	default:
		taken = b.enqueue(key, who, "story", func(ctx context.Context) { b.slashStory(ctx, cmd) })
	}
	if !taken {
		if sub == subStory {
			// Nothing the user typed is lost: it comes back with the answer.
			return &slashAck{ResponseType: slack.ResponseTypeEphemeral,
				Text: busyAck.Text + " Here is what you sent, so you can paste it again:\n```" + truncate(escape(arg), 2500) + "```"}
		}
		return busyAck
	}
	return nil
}

// slashRequest is the request of a slash command: answered through its
// response_url until there is a thread.
func (b *Bot) slashRequest(cmd slack.SlashCommand) request {
	r := b.newRequest(cmd.TeamID, cmd.UserID, "via", "slash")
	r.responseURL = cmd.ResponseURL
	return r
}

// slashStory starts coaching from /ghosted <story>.
func (b *Bot) slashStory(ctx context.Context, cmd slack.SlashCommand) {
	b.startDeal(ctx, origin{request: b.slashRequest(cmd), dm: true, fromChannel: cmd.ChannelID}, plainText(cmd.Text, b.self.UserID))
}

// lint answers /ghosted lint <message> with the findings, the REAL checklist
// and the score.
func (b *Bot) lint(ctx context.Context, cmd slack.SlashCommand) {
	text, _ := coach.CleanStory(plainText(cmd.Text, b.self.UserID))
	m := renderLint(coach.Lint(text))
	b.respondTo(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, m)
}

// list answers /ghosted list with the user's deals: the App Home's overview
// as an ephemeral message.
func (b *Bot) list(ctx context.Context, cmd slack.SlashCommand) {
	deals, err := b.mem.deals(ctx, cmd.TeamID, cmd.UserID)
	if err != nil {
		b.tellError(ctx, b.slashRequest(cmd), err)
		return
	}
	b.respondTo(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, renderDealList(deals, b.clock.Now()))
}

// respondTo shows m to the user only: through the response_url, or
// chat.postEphemeral when that fails.
func (b *Bot) respondTo(ctx context.Context, responseURL, channel, user string, m outMessage) {
	if responseURL != "" {
		err := respond(ctx, b.cfg.HTTPClient, responseURL, &slack.WebhookMessage{
			ResponseType: slack.ResponseTypeEphemeral, Text: truncate(m.Text, maxTextLen), Blocks: &slack.Blocks{BlockSet: m.Blocks},
		})
		if err == nil {
			return
		}
		b.log.Warn("response_url post failed; trying chat.postEphemeral", "err", err)
	}
	if channel == "" {
		return
	}
	if _, err := b.api.PostEphemeralContext(ctx, channel, user, m.options()...); err != nil {
		b.log.Warn("chat.postEphemeral failed", "err", err)
	}
}
