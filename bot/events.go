package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/ghosted-bot/ghosted/coach"
)

// message is a Slack message the bot may answer, reduced to what matters.
type message struct {
	EventID string
	Team    string
	User    string
	Channel string
	TS      string
	// ThreadTS is the thread root's ts, or "" for a top-level message.
	ThreadTS string
	// Text is the raw Slack text (escaped, with <@U…> mentions).
	Text string
	DM   bool
	// Mention is set for app_mention events.
	Mention bool
	// Files is set when files came with the message. The bot reads only
	// the text: it says so, and never opens a file.
	Files bool
	Retry int
}

// root is the thread this message belongs to, or starts.
func (m message) root() thread {
	if m.ThreadTS != "" {
		return thread{Channel: m.Channel, TS: m.ThreadTS}
	}
	return thread{Channel: m.Channel, TS: m.TS}
}

// onEvent turns an Events API event into a job, and reports whether the
// event may be acked: true when it was queued, needs nothing, or its sender
// is being told the bot is busy; false when the bot can neither take it in
// nor say so, and Slack should send it again later. It runs in the read
// loop, so it filters with what the event says and leaves everything that
// needs I/O (dedupe, thread lookups) to the job.
func (b *Bot) onEvent(ev slackevents.EventsAPIEvent, retry int) bool {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if ev.Type != slackevents.CallbackEvent || !ok {
		return true
	}
	team := cb.TeamID
	if team == "" {
		team = ev.TeamID
	}
	var m message
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.MessageEvent:
		if !b.fromPerson(e.User, e.BotID, e.SubType) {
			return true
		}
		m = message{User: e.User, Channel: e.Channel, TS: e.TimeStamp, ThreadTS: e.ThreadTimeStamp,
			Text: e.Text, DM: e.ChannelType == "im",
			Files: e.SubType == subtypeFileShare || (e.Message != nil && len(e.Message.Files) > 0)}
		// In a channel the bot only listens inside threads it coaches in;
		// a top-level channel message can never be for it (a mention of
		// the bot arrives as app_mention too, and is handled there).
		if !m.DM && m.ThreadTS == "" {
			return true
		}
	case *slackevents.AppMentionEvent:
		if !b.fromPerson(e.User, e.BotID, "") {
			return true
		}
		m = message{User: e.User, Channel: e.Channel, TS: e.TimeStamp, ThreadTS: e.ThreadTimeStamp,
			Text: e.Text, Mention: true, DM: strings.HasPrefix(e.Channel, "D"), Files: len(e.Files) > 0}
	case *slackevents.AssistantThreadStartedEvent:
		at := e.AssistantThread
		if at.UserID == "" || at.UserID == b.self.UserID || at.ChannelID == "" || at.ThreadTimeStamp == "" {
			return true
		}
		user, th, eventID := at.UserID, thread{Channel: at.ChannelID, TS: at.ThreadTimeStamp}, cb.EventID
		// Under the thread's key, so the prompts go out before anything
		// the person sends in the chat is answered. Nothing is lost when a
		// busy bot skips them: the person can type.
		b.enqueue(th.key(), userOf(team, user), "assistant_thread_started", func(ctx context.Context) {
			b.assistantThreadStarted(ctx, eventID, team, user, th)
		})
		return true
	case *slackevents.AppHomeOpenedEvent:
		if e.User == "" || e.User == b.self.UserID {
			return true
		}
		user, tab, channel, eventID := e.User, e.Tab, e.Channel, cb.EventID
		// Nothing is lost when a busy bot skips rendering a tab: the next
		// visit renders it.
		b.enqueue(userKey(team, user), userOf(team, user), "app_home_opened", func(ctx context.Context) {
			b.homeOpened(ctx, eventID, team, user, tab, channel)
		})
		return true
	default:
		return true
	}
	if m.TS == "" || m.Channel == "" {
		return true
	}
	m.EventID, m.Team, m.Retry = cb.EventID, team, retry
	if b.enqueue(m.root().key(), userOf(team, m.User), "message", func(ctx context.Context) { b.onMessage(ctx, m) }) {
		return true
	}
	if !m.DM && !m.Mention {
		// A reply in a channel thread may not be for the bot at all, which
		// only the job could tell: Slack sends it again in a minute.
		return false
	}
	return b.notice(func(ctx context.Context) { b.tellBusy(ctx, m) })
}

// tellBusy tells the author of a message the bot could not take in to send
// it again: in the DM, or privately in the channel.
func (b *Bot) tellBusy(ctx context.Context, m message) {
	if m.DM {
		b.post(ctx, thread{Channel: m.Channel, TS: m.ThreadTS}, textMessage(busyText))
		return
	}
	b.ephemeral(ctx, m.root(), m.User, busyText)
}

// userKey is the pool key of jobs that belong to a person rather than a
// thread, so that they run one at a time.
func userKey(team, user string) string { return "user:" + team + ":" + user }

// Message subtypes that are still a person writing something new.
const (
	// subtypeFileShare is a message with files attached; its text is what
	// the person wrote with them.
	subtypeFileShare = "file_share"
	// subtypeBroadcast is a thread reply also sent to the channel.
	subtypeBroadcast = "thread_broadcast"
)

// fromPerson reports whether a message event is a new message from a person:
// not from a bot (bot_id, bot_message), not the bot's own echo, and not an
// edit, deletion, join or any other subtype, except the two that are a
// person writing: a message with files (file_share) and a thread reply
// also sent to the channel (thread_broadcast).
func (b *Bot) fromPerson(user, botID, subtype string) bool {
	switch {
	case botID != "", user == "":
		return false
	case subtype != "" && subtype != subtypeFileShare && subtype != subtypeBroadcast:
		return false
	case user == b.self.UserID:
		return false
	}
	return true
}

// onMessage handles a message from a person, once. A retry is handled like
// any delivery: after a reconnect it may be the only copy that arrives.
func (b *Bot) onMessage(ctx context.Context, m message) {
	th := m.root()
	r := b.newRequest(m.Team, m.User, "event", m.EventID, "channel", m.Channel, "ts", m.TS, "retry", m.Retry).in(th)
	log := r.log

	// In a channel, only replies in a coached thread matter; look that up
	// before spending claims on every threaded message the bot can see.
	key, bound, err := b.mem.threadDeal(ctx, m.Team, th)
	if err != nil {
		if m.DM || m.Mention {
			b.tellError(ctx, r, err)
		} else {
			log.Warn("thread lookup failed", "err", err)
		}
		return
	}
	if !bound && !m.DM && !m.Mention {
		return
	}
	if !b.firstTime(ctx, log, m.Team, "ev:"+m.EventID, m.EventID != "") ||
		// A mention in a channel also arrives as a message event with another
		// event id; the message itself is handled once.
		!b.firstTime(ctx, log, m.Team, "msg:"+m.Channel+":"+m.TS, true) {
		log.Debug("duplicate delivery ignored")
		return
	}
	text := plainText(m.Text, b.self.UserID)
	owner := bound && m.User == key.Owner
	if m.DM && (owner || !bound) {
		// In a DM, and so in every chat of the split view, the person
		// sees that the bot is at work until it answers.
		b.showStatus(ctx, th, statusReading)
	}
	if m.Files && text == "" && !m.Mention && (m.DM || owner) {
		// Only files, and the bot reads words: say so rather than coach
		// an empty story or answer an empty reply.
		if owner {
			b.post(ctx, th, textMessage(filesOnlyReplyText))
		} else {
			b.post(ctx, th, textMessage(filesOnlyText))
		}
		return
	}

	switch {
	case owner:
		if m.Files {
			b.ephemeral(ctx, th, m.User, filesNotReadText)
		}
		b.reply(ctx, r.about(key), text)
	case bound:
		// Someone else talking in a coached thread: only a direct mention
		// gets an answer, and only to them.
		if m.Mention {
			b.ephemeral(ctx, th, m.User, "This thread is coaching someone else's deal, and only they can answer my questions. Start your own with `/ghosted` or by mentioning me in another thread.")
		}
	case m.DM:
		b.fromDM(ctx, r, m, text)
	case m.Mention:
		b.startFromThread(ctx, r, m)
	}
}

// What the bot says about files: it reads what people write, and never
// opens what they attach (a screenshot, a PDF of the email thread).
const (
	filesNotReadText = "I read only what you wrote: I don't open attached files. If a file holds something that matters (dates, names, what they said), paste it as text."
	filesOnlyText    = "I can't open attached files (screenshots, PDFs), so I have nothing to read yet. Tell me in a few sentences what happened, or paste the email thread as text."
	// filesOnlyReplyText answers a file sent alone in a coaching thread.
	filesOnlyReplyText = "I can't open attached files, so I couldn't read that. Answer in a few words, or paste the text from the file."
)

// readingLead is what starts a new deal's first message: the "I read" line
// with its Fix button, and a word about files when some came with the story.
func readingLead(d coach.Deal, files bool) []slack.Block {
	lead := renderReading(d)
	if files {
		lead = append(lead, contextLine(":paperclip: "+escape(filesNotReadText)))
	}
	return lead
}

// firstTime claims key and reports whether this is its first delivery. When
// the claim cannot be made (Redis down), the message is handled anyway: the
// rest of the job meets the same outage and tells the user, which beats
// silently dropping what may be the only copy.
func (b *Bot) firstTime(ctx context.Context, log interface{ Warn(string, ...any) }, team, key string, use bool) bool {
	if !use {
		return true
	}
	ok, err := b.mem.claim(ctx, team, key)
	if err != nil {
		log.Warn("dedupe claim failed; handling anyway", "err", err)
		return true
	}
	return ok
}

// isHelp reports whether a DM asks for help rather than telling a story.
func isHelp(text string) bool {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(text), "?!. ")) {
	case "help", "hi", "hello", "hey", "":
		return true
	}
	return false
}
