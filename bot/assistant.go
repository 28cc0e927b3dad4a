package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
)

// The AI app surface. With the assistant_view feature Slack gives ghosted a
// split view beside whatever the person has open. Each chat in it is a
// thread of the person's DM with the bot: Slack makes the thread's root
// (subtype assistant_app_thread, ignored like every subtype that is not a
// person writing) and sends assistant_thread_started, and the bot greets
// them and offers its suggested prompts. What the person writes then comes
// as message.im replies in that thread, coached exactly as in any DM
// thread (the "I read" line and its Fix button included). While the bot
// reads and drafts it shows a status in the thread, which Slack clears when
// the bot posts; a chat that starts a deal is named after it.
//
// A prompt's message is recognised when it comes back, so each one answers
// in kind: the story prompt asks for the story, the deals prompt lists the
// person's deals, and the check prompt asks for the message to check. The
// next message in that thread is then checked, not coached; the bot knows
// from its own last message in the thread (conversations.replies), so it
// holds no state of its own and any replica answers alike.

// promptIntent is what a suggested prompt asks for.
type promptIntent int

const (
	intentNone promptIntent = iota
	intentStory
	intentCheck
	intentDeals
)

// suggestedPrompt is one of the pane's suggested prompts: the button's
// title, the message it sends as the person, and what that means.
type suggestedPrompt struct {
	title, message string
	intent         promptIntent
}

// suggestedPrompts are offered when a chat opens, and listed in the app
// manifest, in this order. Slack shows at most four.
var suggestedPrompts = []suggestedPrompt{
	{"My prospect went quiet…", "My prospect went quiet. Help me get them back.", intentStory},
	{"Check a message before I send it", "Check a message before I send it.", intentCheck},
	{"My quiet deals", "Show me my quiet deals.", intentDeals},
}

// promptsTitle heads the suggested prompts.
const promptsTitle = "Pick one, or just tell me what happened:"

// AssistantPrompts are the pane's suggested prompts as title and message,
// for the app manifest (which Slack shows before the bot has said
// anything) and for assistant.threads.setSuggestedPrompts.
func AssistantPrompts() []slack.AssistantThreadsPrompt {
	out := make([]slack.AssistantThreadsPrompt, len(suggestedPrompts))
	for i, p := range suggestedPrompts {
		out[i] = slack.AssistantThreadsPrompt{Title: p.title, Message: p.message}
	}
	return out
}

// intentOf recognises a suggested prompt's message (or its title, typed)
// in what the person wrote.
func intentOf(text string) promptIntent {
	t := promptKey(text)
	if t == "" {
		return intentNone
	}
	for _, p := range suggestedPrompts {
		if t == promptKey(p.message) || t == promptKey(p.title) {
			return p.intent
		}
	}
	return intentNone
}

// promptKey folds text for comparing with a prompt: case, spacing and the
// punctuation at its ends do not count.
func promptKey(s string) string {
	return strings.Trim(strings.ToLower(oneLine(s)), " .!?…")
}

// Status lines, shown after the app's name ("ghosted is reading…").
const (
	statusReading  = "is reading…"
	statusDrafting = "is drafting your message…"
)

// draftingLoading rotates under the drafting status; Slack takes at most 10.
var draftingLoading = []string{
	"Weighing why they went quiet…",
	"Looking for something new to bring them…",
	"Drafting an honest message…",
	"Checking it for pressure and guilt trips…",
}

// showStatus shows the bot's status in a DM thread (every chat of the split
// view is one) until its next post there, or two minutes. In channels the
// streamed draft shows progress to everyone; a status would too, so it is
// kept to the DM. A status that cannot be shown is not worth telling anyone.
func (b *Bot) showStatus(ctx context.Context, th thread, status string, loading ...string) {
	if !strings.HasPrefix(th.Channel, "D") || th.TS == "" {
		return
	}
	err := b.api.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{
		ChannelID: th.Channel, ThreadTS: th.TS, Status: status, LoadingMessages: loading,
	})
	if err != nil {
		b.log.Debug("cannot show a status", "thread", th.String(), "err", slackError(err))
	}
}

// maxTitleLen keeps a chat's title short enough to read in Slack's list.
const maxTitleLen = 80

// nameChat titles a chat of the split view.
func (b *Bot) nameChat(ctx context.Context, th thread, title string) {
	err := b.api.SetAssistantThreadsTitleContext(ctx, slack.AssistantThreadsSetTitleParameters{
		ChannelID: th.Channel, ThreadTS: th.TS, Title: truncate(oneLine(title), maxTitleLen),
	})
	if err != nil {
		b.log.Debug("cannot title the chat", "thread", th.String(), "err", slackError(err))
	}
}

// assistantThreadStarted greets a person who opened a chat in the split
// view and offers the suggested prompts, once per event.
func (b *Bot) assistantThreadStarted(ctx context.Context, eventID, team, user string, th thread) {
	log := b.log.With("event", eventID, "user", user, "thread", th.String())
	if !b.firstTime(ctx, log, team, "ev:"+eventID, eventID != "") {
		log.Debug("duplicate delivery ignored")
		return
	}
	b.post(ctx, th, assistantGreeting())
	err := b.api.SetAssistantThreadsSuggestedPromptsContext(ctx, slack.AssistantThreadsSetSuggestedPromptsParameters{
		ChannelID: th.Channel, ThreadTS: th.TS, Title: promptsTitle, Prompts: AssistantPrompts(),
	})
	if err != nil {
		log.Warn("cannot set the suggested prompts", "err", slackError(err))
	}
}

// assistantGreeting opens a chat of the split view.
func assistantGreeting() outMessage {
	return outMessage{
		Text:   "Hi! I coach you on deals that went quiet.",
		Blocks: sections("Hi! I coach you on deals that went quiet: why the prospect most likely went dark, a few sharp questions, then an honest message to send.\nTell me what happened, paste a message you're about to send, or pick one of the prompts below."),
	}
}

// fromDM handles a DM (or a chat of the split view) that is not a reply in
// a coached thread: a greeting gets the help, a suggested prompt its
// answer, a message the bot asked for is checked, and anything else is a
// story to coach.
func (b *Bot) fromDM(ctx context.Context, r request, m message, text string) {
	th := r.th
	switch intent := intentOf(text); {
	case isHelp(text):
		b.post(ctx, th, helpMessage())
	case intent != intentNone:
		b.answerPrompt(ctx, r, m, intent)
	case m.ThreadTS != "" && b.awaitingCheck(ctx, r):
		b.checkMessage(ctx, th, text, m.Files)
	default:
		// A story sent in a thread the person started is a chat of the
		// split view (or, rarely, a reply under their own DM message,
		// where naming it does no harm and Slack refuses it).
		b.startDeal(ctx, origin{request: r, dm: true, chat: m.ThreadTS != "", files: m.Files}, text)
	}
}

// answerPrompt answers a suggested prompt in its thread.
func (b *Bot) answerPrompt(ctx context.Context, r request, m message, intent promptIntent) {
	th := r.th
	switch intent {
	case intentStory:
		b.post(ctx, th, storyAsk())
	case intentCheck:
		if m.ThreadTS != "" {
			b.nameChat(ctx, th, "Checking a message")
		}
		b.post(ctx, th, checkAsk())
	case intentDeals:
		deals, err := b.mem.deals(ctx, m.Team, m.User)
		if err != nil {
			b.tellError(ctx, r, err)
			return
		}
		msg := renderDealList(deals, b.clock.Now())
		if len(deals) == 0 {
			msg = textMessage("You have no deals with me yet. Tell me about one here: who went quiet, what you last discussed, and how many follow-ups you've sent since.")
		}
		if m.ThreadTS != "" {
			b.nameChat(ctx, th, "My quiet deals")
		}
		b.post(ctx, th, msg)
	}
}

// storyAsk answers the story prompt: what to tell the coach.
func storyAsk() outMessage {
	text := "*Tell me what happened.* A few sentences is plenty: who went quiet (name and company), what you last talked about, when they last answered, and how many follow-ups you've sent since, and how (email, LinkedIn, phone). Pasting the email thread works too."
	blocks := sections(text)
	blocks = append(blocks, contextLine("For example: _Dana Lee at Acme went quiet 3 weeks ago after our demo. She liked the reporting but said budget was tight. I've emailed twice since._ I read only text: attached files aren't opened."))
	return outMessage{Text: "Tell me what happened.", Blocks: blocks}
}

// blockCheck starts the block id of the bot's messages that ask for a
// message to check, or show a check: the next message in their thread is
// checked rather than coached.
const blockCheck = "check"

// checkAsk answers the check prompt.
func checkAsk() outMessage {
	text := "*Paste the message you're about to send*, with its subject line if it's an email. I'll check it for pestering, guilt trips, pressure and more than one ask, and for the three REAL elements: your real feelings, your real intentions, and a door left open."
	return outMessage{Text: "Paste the message you're about to send.", Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID(blockID(blockCheck, "ask"))),
	}}
}

// awaitingCheck reports whether the bot's last message in th asked for a
// message to check (or showed a check, so a revised version is checked
// again). When the thread cannot be read the message is coached, which is
// what any other message in a DM gets.
func (b *Bot) awaitingCheck(ctx context.Context, r request) bool {
	th := r.th
	var (
		cursor string
		last   bool
	)
	for range 5 {
		msgs, more, next, err := b.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: th.Channel, Timestamp: th.TS, Cursor: cursor, Limit: 100,
		})
		if err != nil {
			r.log.Warn("cannot read the thread to see what I asked; treating the message as a story", "err", slackError(err))
			return false
		}
		for _, msg := range msgs {
			if msg.User == b.self.UserID || (msg.BotID != "" && msg.BotID == b.self.BotID) {
				last = hasBlock(msg.Blocks, blockCheck)
			}
		}
		if !more || next == "" {
			break
		}
		cursor = next
	}
	return last
}

// hasBlock reports whether a block's id starts with kind ("check|…").
func hasBlock(blocks slack.Blocks, kind string) bool {
	for _, bl := range blocks.BlockSet {
		if id := bl.ID(); id == kind || strings.HasPrefix(id, kind+"|") {
			return true
		}
	}
	return false
}

// checkMessage checks a message the person is about to send and shows the
// findings, ready for a revised version.
func (b *Bot) checkMessage(ctx context.Context, th thread, text string, files bool) {
	if text == "" {
		b.post(ctx, th, checkAsk())
		return
	}
	msg := renderCheck(lintMessage(text))
	if files {
		msg.Blocks = append(msg.Blocks, contextLine(escape(filesNotReadText)))
	}
	b.post(ctx, th, msg)
}

// renderCheck shows a check in a thread, inviting a revised version.
func renderCheck(r coach.LintReport) outMessage {
	m := renderLint(r)
	m.Blocks = append(m.Blocks, slack.NewContextBlock(blockID(blockCheck, "again"),
		mrkdwn("Paste a revised version and I'll check it again. To get coaching on a quiet deal, tell me about it in a new chat.")))
	return m
}

// lintMessage is the one place the bot lints a message a person wrote
// (a checked message, an edited draft): the lint's home may move, and
// this is where to follow it.
func lintMessage(text string) coach.LintReport {
	clean, _ := coach.CleanStory(text)
	return coach.Lint(clean)
}
