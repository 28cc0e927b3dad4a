package bot

import (
	"context"
	"strings"

	"github.com/slack-go/slack/slackevents"
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
	Retry   int
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
			Text: e.Text, DM: e.ChannelType == "im"}
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
			Text: e.Text, Mention: true, DM: strings.HasPrefix(e.Channel, "D")}
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

// fromPerson reports whether a message event is a new message from a person:
// not from a bot (bot_id, bot_message), not the bot's own echo, and not an
// edit, deletion, join or broadcast (any subtype).
func (b *Bot) fromPerson(user, botID, subtype string) bool {
	switch {
	case botID != "", subtype != "", user == "":
		return false
	case user == b.self.UserID:
		return false
	}
	return true
}

// onMessage handles a message from a person, once. A retry is handled like
// any delivery: after a reconnect it may be the only copy that arrives.
func (b *Bot) onMessage(ctx context.Context, m message) {
	log := b.log.With("event", m.EventID, "channel", m.Channel, "ts", m.TS, "retry", m.Retry)
	th := m.root()

	// In a channel, only replies in a coached thread matter; look that up
	// before spending claims on every threaded message the bot can see.
	key, bound, err := b.mem.threadDeal(ctx, m.Team, th)
	if err != nil {
		if m.DM || m.Mention {
			b.tellError(ctx, log, place{th: th, user: m.User}, err)
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

	switch {
	case bound && m.User == key.Owner:
		b.reply(ctx, log, key, th, text)
	case bound:
		// Someone else talking in a coached thread: only a direct mention
		// gets an answer, and only to them.
		if m.Mention {
			b.ephemeral(ctx, th, m.User, "This thread is coaching someone else's deal, and only they can answer my questions. Start your own with `/ghosted` or by mentioning me in another thread.")
		}
	case m.DM:
		if m.ThreadTS == "" && isHelp(text) {
			b.post(ctx, th, helpMessage())
			return
		}
		b.startDeal(ctx, log, origin{team: m.Team, user: m.User, th: th, dm: true}, text)
	case m.Mention:
		b.startFromThread(ctx, log, m, th)
	}
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
