package slacktest

import (
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxTextLen is where Slack refuses a message's text with msg_too_long
// (it truncates long text well before; keep bot text under 4,000).
const maxTextLen = 40_000

// maxMarkdownLen is Slack's limit on the markdown_text of one stream call.
const maxMarkdownLen = 12_000

// streamMarkdown returns a stream call's markdown_text, refused when it is
// over Slack's limit.
func streamMarkdown(p url.Values) (string, *apiError) {
	md := p.Get("markdown_text")
	if utf8.RuneCountInString(md) > maxMarkdownLen {
		return "", fail("msg_too_long")
	}
	return md, nil
}

// OpenStreams returns the streams started with chat.startStream and not
// stopped (nor expired), as "channel/ts": a bot that closes its streams
// ends a test with none.
func (f *Fake) OpenStreams() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for ch, msgs := range f.workspace.history {
		for _, m := range msgs {
			if m.streaming {
				out = append(out, ch+"/"+m.ts)
			}
		}
	}
	slices.Sort(out)
	return out
}

// SetStreamError makes every later chat.startStream fail with code, or
// succeed again when code is "". See Options.StreamError.
func (f *Fake) SetStreamError(code string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.streamError = code
}

// ExpireStreams ends every open stream as Slack does after some minutes:
// appendStream and stopStream then answer message_not_in_streaming_state.
func (f *Fake) ExpireStreams() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, msgs := range f.workspace.history {
		for _, m := range msgs {
			m.streaming = false
		}
	}
}

// botMessageLocked builds a message posted by the bot, shaped like Slack's:
// no subtype, with bot_id, app_id, bot_profile and user = the bot user.
func (f *Fake) botMessageLocked(ts, threadTS, text string, blocks json.RawMessage) map[string]any {
	obj := map[string]any{
		"type":        "message",
		"user":        f.BotUserID,
		"bot_id":      f.BotID,
		"app_id":      f.AppID,
		"text":        text,
		"ts":          ts,
		"team":        f.TeamID,
		"bot_profile": f.botProfile(),
	}
	if blocks != nil {
		obj["blocks"] = blocks
	}
	if threadTS != "" {
		obj["thread_ts"] = threadTS
	}
	return obj
}

func (f *Fake) botProfile() map[string]any {
	return map[string]any{
		"id":      f.BotID,
		"deleted": false,
		"name":    f.BotName,
		"updated": 1700000000,
		"app_id":  f.AppID,
		"icons": map[string]any{
			"image_36": "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png",
			"image_48": "https://a.slack-edge.com/80588/img/plugins/app/bot_48.png",
			"image_72": "https://a.slack-edge.com/80588/img/plugins/app/service_72.png",
		},
		"team_id": f.TeamID,
	}
}

// resolveChannelLocked maps a chat.* channel argument to a channel id:
// a user id posts to the bot's DM with that user, as on Slack.
func (f *Fake) resolveChannelLocked(arg string) (string, *apiError) {
	switch {
	case arg == "":
		return "", fail("channel_not_found")
	case strings.HasPrefix(arg, "U"), strings.HasPrefix(arg, "W"):
		return f.workspace.dm(arg), nil
	}
	f.workspace.ensureChannel(arg)
	return arg, nil
}

// messageContent checks and returns the text and blocks of a chat.* call.
func messageContent(p url.Values) (text string, blocks json.RawMessage, e *apiError) {
	text = p.Get("text")
	if utf8.RuneCountInString(text) > maxTextLen {
		return "", nil, fail("msg_too_long")
	}
	if raw := p.Get("blocks"); raw != "" {
		if e := validateBlocks(raw, maxMessageBlocks); e != nil {
			return "", nil, e
		}
		blocks = json.RawMessage(raw)
	}
	return text, blocks, nil
}

func (f *Fake) chatPostMessage(req *apiRequest) (map[string]any, *apiError) {
	p := req.params
	channel, e := f.resolveChannelLocked(p.Get("channel"))
	if e != nil {
		return nil, e
	}
	text, blocks, e := messageContent(p)
	if e != nil {
		return nil, e
	}
	if text == "" && blocks == nil && p.Get("attachments") == "" {
		return nil, fail("no_text")
	}
	ts := f.nextTSLocked()
	threadTS := p.Get("thread_ts")
	obj := f.botMessageLocked(ts, threadTS, text, blocks)
	if raw := p.Get("attachments"); raw != "" {
		obj["attachments"] = json.RawMessage(raw)
	}
	f.workspace.insertMessage(channel, &storedMessage{ts: ts, threadTS: threadTS, fromBot: true, obj: obj})
	f.clearStatusLocked(channel, threadTS)
	if f.opts.EchoBotMessages {
		echo := Message{Channel: channel, User: f.BotUserID, BotID: f.BotID, Text: text, TS: ts, ThreadTS: threadTS, Blocks: blocks}
		req.after = append(req.after, func() { f.SendEvent(echo) })
	}
	return map[string]any{"channel": channel, "ts": ts, "message": maps.Clone(obj)}, nil
}

func (f *Fake) chatPostEphemeral(req *apiRequest) (map[string]any, *apiError) {
	p := req.params
	channel, e := f.resolveChannelLocked(p.Get("channel"))
	if e != nil {
		return nil, e
	}
	if p.Get("user") == "" {
		return nil, fail("user_not_in_channel")
	}
	text, blocks, e := messageContent(p)
	if e != nil {
		return nil, e
	}
	if text == "" && blocks == nil && p.Get("attachments") == "" {
		return nil, fail("no_text")
	}
	_ = channel // ephemeral messages are never in the history
	return map[string]any{"message_ts": f.nextTSLocked()}, nil
}

// ownMessageLocked finds a message the bot may edit or delete.
func (f *Fake) ownMessageLocked(p url.Values, notOwn string) (string, *storedMessage, *apiError) {
	channel := p.Get("channel")
	if channel == "" {
		return "", nil, fail("channel_not_found")
	}
	m := f.workspace.findMessage(channel, p.Get("ts"))
	if m == nil {
		return channel, nil, fail("message_not_found")
	}
	if !m.fromBot {
		return channel, nil, fail(notOwn)
	}
	return channel, m, nil
}

func (f *Fake) chatUpdate(req *apiRequest) (map[string]any, *apiError) {
	channel, m, e := f.ownMessageLocked(req.params, "cant_update_message")
	if e != nil {
		return nil, e
	}
	if m.streaming {
		// Observed on the live API: a message still streaming refuses edits.
		return nil, fail("streaming_state_conflict")
	}
	text, blocks, e := messageContent(req.params)
	if e != nil {
		return nil, e
	}
	m.obj["text"] = text
	if blocks != nil {
		m.obj["blocks"] = blocks
	}
	m.obj["edited"] = map[string]any{"user": f.BotUserID, "ts": f.nextTSLocked()}
	return map[string]any{"channel": channel, "ts": m.ts, "text": m.obj["text"], "message": maps.Clone(m.obj)}, nil
}

func (f *Fake) chatDelete(req *apiRequest) (map[string]any, *apiError) {
	channel, m, e := f.ownMessageLocked(req.params, "cant_delete_message")
	if e != nil {
		return nil, e
	}
	f.workspace.deleteMessage(channel, m.ts)
	return map[string]any{"channel": channel, "ts": m.ts}, nil
}

func (f *Fake) chatStartStream(req *apiRequest) (map[string]any, *apiError) {
	if f.streamError != "" {
		return nil, fail(f.streamError)
	}
	p := req.params
	channel, e := f.resolveChannelLocked(p.Get("channel"))
	if e != nil {
		return nil, e
	}
	if !isDM(channel) {
		if p.Get("recipient_user_id") == "" {
			return nil, fail("missing_recipient_user_id")
		}
		if p.Get("recipient_team_id") == "" {
			return nil, fail("missing_recipient_team_id")
		}
	}
	md, e := streamMarkdown(p)
	if e != nil {
		return nil, e
	}
	ts := f.nextTSLocked()
	threadTS := p.Get("thread_ts")
	obj := f.botMessageLocked(ts, threadTS, md, nil)
	f.workspace.insertMessage(channel, &storedMessage{ts: ts, threadTS: threadTS, fromBot: true, streaming: true, obj: obj})
	f.clearStatusLocked(channel, threadTS)
	return map[string]any{"channel": channel, "ts": ts}, nil
}

// streamingMessageLocked finds the stream an append or stop refers to.
func (f *Fake) streamingMessageLocked(p url.Values) (string, *storedMessage, *apiError) {
	channel, m, e := f.ownMessageLocked(p, "message_not_owned_by_app")
	if e != nil {
		return "", nil, e
	}
	if !m.streaming {
		return "", nil, fail("message_not_in_streaming_state")
	}
	return channel, m, nil
}

func (f *Fake) chatAppendStream(req *apiRequest) (map[string]any, *apiError) {
	if req.params.Get("markdown_text") == "" && req.params.Get("chunks") == "" {
		return nil, fail("invalid_arguments", "[ERROR] missing required field: markdown_text")
	}
	md, e := streamMarkdown(req.params)
	if e != nil {
		return nil, e
	}
	channel, m, e := f.streamingMessageLocked(req.params)
	if e != nil {
		return nil, e
	}
	m.obj["text"] = m.obj["text"].(string) + md
	return map[string]any{"channel": channel, "ts": m.ts}, nil
}

// chatStopStream ends a stream. Its blocks (up to 50, apart from the text
// streamed) are shown under the streamed text in the finished message.
func (f *Fake) chatStopStream(req *apiRequest) (map[string]any, *apiError) {
	md, e := streamMarkdown(req.params)
	if e != nil {
		return nil, e
	}
	channel, m, e := f.streamingMessageLocked(req.params)
	if e != nil {
		return nil, e
	}
	if raw := req.params.Get("blocks"); raw != "" {
		if e := validateBlocks(raw, maxMessageBlocks); e != nil {
			return nil, e
		}
		m.obj["blocks"] = json.RawMessage(raw)
	}
	m.obj["text"] = m.obj["text"].(string) + md
	m.streaming = false
	return map[string]any{"channel": channel, "ts": m.ts, "message": maps.Clone(m.obj)}, nil
}
