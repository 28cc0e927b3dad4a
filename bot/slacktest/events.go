package slacktest

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
)

// Event is an Events API event the fake can send: Message, AppMention,
// AppHomeOpened, or RawEvent for anything else.
type Event interface {
	// buildLocked returns the template to wrap the event in and the inner
	// event, recording in the workspace whatever the event implies.
	buildLocked(f *Fake) (template string, event map[string]any)
}

// SendEvent delivers an events_api envelope carrying ev to one open socket,
// or to the next socket that connects. Messages and mentions also enter the
// channel's history, as on Slack, so conversations.replies sees them.
func (f *Fake) SendEvent(ev Event, opts ...SendOption) Envelope {
	f.mu.Lock()
	defer f.mu.Unlock()
	template, event := ev.buildLocked(f)
	return f.sendEventLocked(template, event, opts)
}

// Message is a "message" event, or a message seeded with AddMessage.
//
// A user's message has User and no BotID. An app's message, our bot's
// included, has BotID and no Subtype: Slack sends it with bot_id, app_id,
// bot_profile and user set to the bot user (left empty, User defaults to
// the fake's bot user when BotID is the fake's BotID).
type Message struct {
	Channel string // C…, G… or D…; required
	User    string
	Text    string // as Slack sends it: & < > escaped, mentions as <@U…>
	// TS defaults to a fresh NextTS.
	TS string
	// ThreadTS makes the message a reply in that thread; parent_user_id is
	// filled in from the parent when the fake knows it.
	ThreadTS string
	BotID    string
	AppID    string // default: the fake's AppID for its own bot, else "A" + BotID
	Subtype  string
	// ChannelType defaults from the channel id: im, group or channel.
	ChannelType string
	// Blocks replaces the blocks Slack would attach: a rich_text block built
	// from Text for a user, a section with Text for a bot.
	Blocks json.RawMessage
	// Files attaches files to a user's message. Slack then sends it with
	// subtype file_share (unless Subtype says otherwise), the files in
	// "files", and no "team" field.
	Files []File
}

// File is a file attached to a message, as the message event lists it.
type File struct {
	Name     string // default "screenshot.png"
	Mimetype string // default "image/png"
}

func (m Message) buildLocked(f *Fake) (string, map[string]any) {
	return m.template(), f.messageEventLocked(m)
}

func (m Message) template() string {
	switch {
	case m.BotID != "":
		return "events_api_message_bot.json"
	case len(m.Files) > 0:
		return "events_api_message_file_share.json"
	}
	return "events_api_message.json"
}

// messageEventLocked builds a message event from its template, stores the
// message in the channel's history and returns the event.
func (f *Fake) messageEventLocked(m Message) map[string]any {
	ev := innerEvent(m.template())
	if m.TS == "" {
		m.TS = f.nextTSLocked()
	}
	f.noteChannelLocked(m.Channel, m.User, m.BotID != "")
	ev["ts"], ev["event_ts"] = m.TS, m.TS
	ev["channel"] = m.Channel
	ev["team"] = f.TeamID
	ev["text"] = m.Text
	ev["channel_type"] = m.ChannelType
	if m.ChannelType == "" {
		ev["channel_type"] = channelType(m.Channel, f.workspace.channels[m.Channel].IsPrivate)
	}
	if m.BotID == "" {
		f.workspace.ensureUser(m.User)
		ev["user"] = m.User
		ev["client_msg_id"] = f.newEnvelopeIDLocked()
		ev["blocks"] = richTextBlocks(m.Text, f.nextIDLocked("b"))
	} else {
		f.fillBotFieldsLocked(ev, m)
	}
	if m.Blocks != nil {
		ev["blocks"] = m.Blocks
	}
	if b, ok := ev["blocks"].([]any); ev["blocks"] == nil || ok && len(b) == 0 {
		delete(ev, "blocks")
	}
	if m.Subtype != "" {
		ev["subtype"] = m.Subtype
	}
	if len(m.Files) > 0 && m.BotID == "" {
		f.fileFieldsLocked(ev, m)
	}
	f.threadFieldsLocked(ev, m.Channel, m.ThreadTS)
	if m.Subtype != "message_changed" && m.Subtype != "message_deleted" {
		f.storeEventMessageLocked(ev, m.BotID == f.BotID)
	}
	return ev
}

func (f *Fake) fillBotFieldsLocked(ev map[string]any, m Message) {
	own := m.BotID == f.BotID
	if m.User == "" && own {
		m.User = f.BotUserID
	}
	if m.AppID == "" {
		m.AppID = "A" + m.BotID
		if own {
			m.AppID = f.AppID
		}
	}
	if m.User != "" {
		ev["user"] = m.User
	} else {
		delete(ev, "user")
	}
	ev["bot_id"], ev["app_id"] = m.BotID, m.AppID
	profile := f.botProfile()
	profile["id"], profile["app_id"] = m.BotID, m.AppID
	if !own {
		profile["name"] = strings.ToLower(m.BotID)
	}
	ev["bot_profile"] = profile
	ev["blocks"] = []any{map[string]any{
		"type":     "section",
		"block_id": f.nextIDLocked("b"),
		"text":     map[string]any{"type": "mrkdwn", "text": m.Text, "verbatim": false},
	}}
	if m.Text == "" {
		ev["blocks"] = nil
	}
}

// fileFieldsLocked lists m's files in a file_share event, each built from
// the template's file with a fresh id, and drops "team", which Slack leaves
// out of file_share events.
func (f *Fake) fileFieldsLocked(ev map[string]any, m Message) {
	proto := innerEvent("events_api_message_file_share.json")["files"].([]any)[0].(map[string]any)
	files := make([]any, 0, len(m.Files))
	for _, file := range m.Files {
		if file.Name == "" {
			file.Name = "screenshot.png"
		}
		if file.Mimetype == "" {
			file.Mimetype = "image/png"
		}
		kind := file.Mimetype[strings.LastIndexByte(file.Mimetype, '/')+1:]
		id := f.nextIDLocked("F")
		obj := maps.Clone(proto)
		obj["id"], obj["name"], obj["title"] = id, file.Name, file.Name
		obj["mimetype"], obj["filetype"], obj["pretty_type"] = file.Mimetype, kind, strings.ToUpper(kind)
		obj["user"], obj["user_team"] = m.User, f.TeamID
		base := "https://files.slack.com/files-pri/" + f.TeamID + "-" + id
		obj["url_private"] = base + "/" + file.Name
		obj["url_private_download"] = base + "/download/" + file.Name
		obj["permalink"] = "https://" + f.TeamDomain + ".slack.com/files/" + m.User + "/" + id + "/" + file.Name
		files = append(files, obj)
	}
	ev["files"] = files
	delete(ev, "team")
}

// threadFieldsLocked adds thread_ts and parent_user_id to a reply.
func (f *Fake) threadFieldsLocked(ev map[string]any, channel, threadTS string) {
	if threadTS == "" {
		delete(ev, "thread_ts")
		delete(ev, "parent_user_id")
		return
	}
	ev["thread_ts"] = threadTS
	delete(ev, "parent_user_id")
	if parent := f.workspace.findMessage(channel, threadTS); parent != nil {
		if u, ok := parent.obj["user"]; ok {
			ev["parent_user_id"] = u
		}
	}
}

// storeEventMessageLocked keeps a copy of a message event in the history,
// shaped as conversations.replies returns messages.
func (f *Fake) storeEventMessageLocked(ev map[string]any, fromBot bool) {
	obj := maps.Clone(ev)
	obj["type"] = "message"
	for _, k := range []string{"channel", "event_ts", "channel_type"} {
		delete(obj, k)
	}
	ts, _ := obj["ts"].(string)
	threadTS, _ := obj["thread_ts"].(string)
	f.workspace.insertMessage(ev["channel"].(string), &storedMessage{ts: ts, threadTS: threadTS, fromBot: fromBot, obj: obj})
}

// noteChannelLocked registers a channel seen in an event; a DM with a user
// becomes that user's DM channel.
func (f *Fake) noteChannelLocked(channel, user string, fromBot bool) {
	if _, ok := f.workspace.channels[channel]; ok || channel == "" {
		return
	}
	c := Channel{ID: channel}
	if isDM(channel) && !fromBot {
		c.User = user
	}
	f.workspace.addChannel(c)
}

// AppMention is an "app_mention" event. Slack sends one only when the text
// mentions the bot, so a Text without <@BotUserID> gets it put in front.
type AppMention struct {
	Channel  string
	User     string
	Text     string
	TS       string // default: a fresh NextTS
	ThreadTS string
}

func (m AppMention) buildLocked(f *Fake) (string, map[string]any) {
	const template = "events_api_app_mention.json"
	mention := "<@" + f.BotUserID + ">"
	if !strings.Contains(m.Text, mention) {
		m.Text = strings.TrimSpace(mention + " " + m.Text)
	}
	if m.TS == "" {
		m.TS = f.nextTSLocked()
	}
	f.noteChannelLocked(m.Channel, m.User, false)
	f.workspace.ensureUser(m.User)
	ev := innerEvent(template)
	ev["client_msg_id"] = f.newEnvelopeIDLocked()
	ev["text"] = m.Text
	ev["user"] = m.User
	ev["ts"], ev["event_ts"] = m.TS, m.TS
	ev["blocks"] = richTextBlocks(m.Text, f.nextIDLocked("b"))
	ev["team"] = f.TeamID
	ev["channel"] = m.Channel
	f.threadFieldsLocked(ev, m.Channel, m.ThreadTS)
	f.storeEventMessageLocked(ev, false)
	return template, ev
}

// AppHomeOpened is an "app_home_opened" event; Slack sends one on every
// visit to the app's Home or Messages tab.
type AppHomeOpened struct {
	User string
	Tab  string // "home" (default) or "messages"
	// Channel defaults to the bot's DM with User.
	Channel string
}

func (a AppHomeOpened) buildLocked(f *Fake) (string, map[string]any) {
	const template = "events_api_app_home_opened.json"
	if a.Tab == "" {
		a.Tab = "home"
	}
	f.workspace.ensureUser(a.User)
	if a.Channel == "" {
		a.Channel = f.workspace.dm(a.User)
	}
	ev := innerEvent(template)
	ev["user"] = a.User
	ev["channel"] = a.Channel
	ev["tab"] = a.Tab
	ev["event_ts"] = f.nextTSLocked()
	if v, ok := f.views.byID[f.views.home[a.User]]; ok && a.Tab == "home" {
		ev["view"] = maps.Clone(v.obj)
	}
	return template, ev
}

// RawEvent is any inner event, given as its JSON object; it must have a
// "type". It is wrapped in the same event_callback payload as the others.
type RawEvent map[string]any

func (r RawEvent) buildLocked(f *Fake) (string, map[string]any) {
	ev := maps.Clone(map[string]any(r))
	if _, ok := ev["type"].(string); !ok {
		f.tb.Errorf("slacktest: RawEvent without a type: %v", r)
	}
	if ch, ok := ev["channel"].(string); ok {
		u, _ := ev["user"].(string)
		f.noteChannelLocked(ch, u, false)
	}
	return "events_api_message.json", ev
}

// innerEvent returns the "event" object of an events_api template.
func innerEvent(template string) map[string]any {
	return loadTemplate(template)["payload"].(map[string]any)["event"].(map[string]any)
}

// String describes an envelope for test failure messages.
func (e Envelope) String() string {
	if e.EventID != "" {
		return fmt.Sprintf("%s envelope %s (event %s)", e.Type, e.ID, e.EventID)
	}
	return fmt.Sprintf("%s envelope %s", e.Type, e.ID)
}
