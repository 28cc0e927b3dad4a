package slacktest

import (
	"encoding/json"
	"maps"
)

// Slash is a slash command invocation.
type Slash struct {
	User string // required
	// UserName defaults to the user's name in the fake's directory.
	UserName string
	// Channel defaults to the bot's DM with User.
	Channel string
	// Command defaults to "/ghosted".
	Command string
	Text    string
}

// SendSlashCommand delivers a slash_commands envelope. The payload carries a
// fresh trigger_id (single-use, Options.TriggerTTL) and a response_url that
// points at the fake, both also returned in the Envelope.
func (f *Fake) SendSlashCommand(s Slash) Envelope {
	f.tb.Helper()
	if s.User == "" {
		f.tb.Errorf("slacktest: SendSlashCommand needs a User")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.workspace.ensureUser(s.User)
	if s.Channel == "" {
		s.Channel = f.workspace.dm(s.User)
	}
	if s.UserName == "" {
		s.UserName = f.workspace.users[s.User].Name
	}
	if s.Command == "" {
		s.Command = "/ghosted"
	}
	env := Envelope{Type: TypeSlashCommands, TriggerID: f.issueTriggerLocked(s.User), ResponseURL: f.issueResponseURLLocked()}
	frame := loadTemplate("slash_commands.json")
	p := frame["payload"].(map[string]any)
	p["team_id"] = f.TeamID
	p["team_domain"] = f.TeamDomain
	p["channel_id"] = s.Channel
	p["channel_name"] = f.workspace.channelName(s.Channel)
	p["user_id"] = s.User
	p["user_name"] = s.UserName
	p["command"] = s.Command
	p["text"] = s.Text
	p["api_app_id"] = f.AppID
	p["is_enterprise_install"] = "false" // a string here, unlike in interactions
	p["response_url"] = env.ResponseURL
	p["trigger_id"] = env.TriggerID
	return f.sendLocked(frame, env, delivery{})
}

// Interaction is an interactive payload the fake can send: BlockActions,
// ViewSubmission, or RawInteraction for anything else.
type Interaction interface {
	// buildLocked returns the envelope frame, with the payload filled in and
	// env's TriggerID and ResponseURL set.
	buildLocked(f *Fake, env *Envelope) map[string]any
}

// SendInteraction delivers an interactive envelope.
func (f *Fake) SendInteraction(i Interaction) Envelope {
	f.tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	env := Envelope{Type: TypeInteractive}
	frame := i.buildLocked(f, &env)
	if frame == nil {
		return Envelope{}
	}
	env = f.sendLocked(frame, env, delivery{})
	// The ack cannot arrive before this: the writer needs f.mu.
	if s, ok := i.(ViewSubmission); ok {
		view := frame["payload"].(map[string]any)["view"].(map[string]any)
		f.envelopes[env.ID].submitted = &submission{user: s.User, viewID: view["id"].(string)}
	}
	return env
}

// BlockActions is a click on an interactive element: a button, a select…
// It happens in a message (Channel and MessageTS) or in a view (ViewID).
//
// The fake looks the message or view up in what the bot posted, so the
// payload carries it the way Slack does, and fills BlockID, Value and
// ActionType from the element with ActionID when they are empty.
type BlockActions struct {
	User      string // required
	Channel   string
	MessageTS string
	ViewID    string
	ActionID  string // required
	BlockID   string
	Value     string // the button's value, or the selected option's value
	// ActionType is the element type: "button" (default when the element is
	// not found), "static_select", "overflow"…
	ActionType string
}

func (b BlockActions) buildLocked(f *Fake, env *Envelope) map[string]any {
	frame := loadTemplate("interactive_block_actions.json")
	p := frame["payload"].(map[string]any)
	f.interactionCommonLocked(p, b.User, env)
	frame["accepts_response_payload"] = false

	var blocks []map[string]any
	if b.ViewID != "" {
		view := map[string]any{"id": b.ViewID}
		if v, ok := f.views.byID[b.ViewID]; ok {
			view = maps.Clone(v.obj)
		}
		blocks = decodeBlocks(view["blocks"])
		p["container"] = map[string]any{"type": "view", "view_id": b.ViewID}
		p["view"] = view
		for _, k := range []string{"channel", "message", "response_url"} {
			delete(p, k)
		}
	} else {
		msg := map[string]any{"type": "message", "ts": b.MessageTS, "text": "", "user": f.BotUserID, "bot_id": f.BotID}
		if m := f.workspace.findMessage(b.Channel, b.MessageTS); m != nil {
			msg = maps.Clone(m.obj)
		}
		blocks = decodeBlocks(msg["blocks"])
		container := map[string]any{"type": "message", "message_ts": b.MessageTS, "channel_id": b.Channel, "is_ephemeral": false}
		if ts, ok := msg["thread_ts"].(string); ok && ts != b.MessageTS {
			container["thread_ts"] = ts
		}
		p["container"] = container
		p["channel"] = map[string]any{"id": b.Channel, "name": f.workspace.channelName(b.Channel)}
		p["message"] = msg
		env.ResponseURL = f.issueResponseURLLocked()
		p["response_url"] = env.ResponseURL
	}

	action := map[string]any{"action_id": b.ActionID, "block_id": b.BlockID, "type": b.ActionType, "action_ts": f.nextTSLocked()}
	if blockID, el := findElement(blocks, b.ActionID); el != nil {
		if b.BlockID == "" {
			action["block_id"] = blockID
		}
		if b.ActionType == "" {
			action["type"] = el["type"]
		}
		if b.Value == "" {
			b.Value, _ = el["value"].(string)
		}
		if text, ok := el["text"]; ok {
			action["text"] = text
		}
	}
	if action["type"] == "" || action["type"] == nil {
		action["type"] = "button"
	}
	switch action["type"] {
	case "static_select", "external_select", "overflow", "radio_buttons":
		action["selected_option"] = map[string]any{
			"text":  map[string]any{"type": "plain_text", "text": b.Value, "emoji": true},
			"value": b.Value,
		}
	default:
		action["value"] = b.Value
	}
	p["actions"] = []any{action}
	return frame
}

// InputValue is one input's state in a view submission, as Slack puts it in
// view.state.values[block_id][action_id]. Build one with PlainTextInput,
// StaticSelect or DatePicker, or write the map for other elements.
type InputValue map[string]any

// PlainTextInput is the state of a plain_text_input.
func PlainTextInput(value string) InputValue {
	return InputValue{"type": "plain_text_input", "value": value}
}

// StaticSelect is the state of a static_select with value selected.
func StaticSelect(value string) InputValue {
	return InputValue{"type": "static_select", "selected_option": map[string]any{
		"text":  map[string]any{"type": "plain_text", "text": value, "emoji": true},
		"value": value,
	}}
}

// DatePicker is the state of a datepicker; date is "2006-01-02".
func DatePicker(date string) InputValue {
	return InputValue{"type": "datepicker", "selected_date": date}
}

// ViewSubmission is a modal's submit. The view is the one the bot opened:
// ViewID, or by default the modal on top of User's stack. Values are the
// inputs' state, keyed by block_id then action_id.
//
// The fake applies the ack to its modal stack as Slack would (see TopModal):
// an empty ack closes the view, "clear" closes them all, "update" and "push"
// show the ack's view, "errors" leaves the view open.
type ViewSubmission struct {
	User   string // required
	ViewID string
	Values map[string]map[string]InputValue
	// CallbackID and PrivateMetadata override the view's; they also let a
	// test submit a view the fake never saw opened.
	CallbackID      string
	PrivateMetadata string
}

func (s ViewSubmission) buildLocked(f *Fake, env *Envelope) map[string]any {
	frame := loadTemplate("interactive_view_submission.json")
	p := frame["payload"].(map[string]any)
	f.interactionCommonLocked(p, s.User, env)
	frame["accepts_response_payload"] = true

	if s.ViewID == "" {
		s.ViewID = f.views.top(s.User)
	}
	view, known := map[string]any(nil), false
	if v, ok := f.views.byID[s.ViewID]; ok {
		view, known = maps.Clone(v.obj), true
	} else {
		view = p["view"].(map[string]any) // the template's modal
	}
	if !known && s.CallbackID == "" {
		f.tb.Errorf("slacktest: ViewSubmission: no open modal for %s and no CallbackID", s.User)
		return nil
	}
	if s.CallbackID != "" {
		view["callback_id"] = s.CallbackID
	}
	if s.PrivateMetadata != "" {
		view["private_metadata"] = s.PrivateMetadata
	}
	if !known {
		view["id"] = f.nextIDLocked("V")
		view["root_view_id"] = view["id"]
		view["team_id"], view["app_id"], view["bot_id"], view["app_installed_team_id"] = f.TeamID, f.AppID, f.BotID, f.TeamID
	}
	values := map[string]any{}
	for block, actions := range s.Values {
		inner := map[string]any{}
		for action, v := range actions {
			inner[action] = map[string]any(v)
		}
		values[block] = inner
	}
	view["state"] = map[string]any{"values": values}
	p["view"] = view
	return frame
}

// RawInteraction is any interactive payload, sent as given.
type RawInteraction map[string]any

func (r RawInteraction) buildLocked(f *Fake, env *Envelope) map[string]any {
	frame := loadTemplate("interactive_block_actions.json")
	frame["payload"] = maps.Clone(map[string]any(r))
	frame["accepts_response_payload"] = r["type"] == "view_submission"
	env.TriggerID, _ = r["trigger_id"].(string)
	env.ResponseURL, _ = r["response_url"].(string)
	return frame
}

// interactionCommonLocked fills what every interaction carries: who, where
// and a fresh trigger_id.
func (f *Fake) interactionCommonLocked(p map[string]any, user string, env *Envelope) {
	if user == "" {
		f.tb.Errorf("slacktest: an interaction needs a User")
	}
	f.workspace.ensureUser(user)
	name := f.workspace.users[user].Name
	p["user"] = map[string]any{"id": user, "username": name, "name": name, "team_id": f.TeamID}
	p["team"] = map[string]any{"id": f.TeamID, "domain": f.TeamDomain}
	p["api_app_id"] = f.AppID
	env.TriggerID = f.issueTriggerLocked(user)
	p["trigger_id"] = env.TriggerID
}

// decodeBlocks reads blocks kept either as raw JSON (as posted) or decoded.
func decodeBlocks(v any) []map[string]any {
	var raw []byte
	switch b := v.(type) {
	case nil:
		return nil
	case json.RawMessage:
		raw = b
	default:
		raw = mustJSON(b)
	}
	var blocks []map[string]any
	_ = json.Unmarshal(raw, &blocks)
	return blocks
}

// findElement finds the interactive element with actionID in blocks: in an
// actions block, a section's accessory or an input.
func findElement(blocks []map[string]any, actionID string) (blockID string, el map[string]any) {
	for _, b := range blocks {
		id, _ := b["block_id"].(string)
		var candidates []any
		if elems, ok := b["elements"].([]any); ok {
			candidates = append(candidates, elems...)
		}
		for _, k := range []string{"accessory", "element"} {
			if e, ok := b[k]; ok {
				candidates = append(candidates, e)
			}
		}
		for _, c := range candidates {
			if m, ok := c.(map[string]any); ok && m["action_id"] == actionID {
				return id, m
			}
		}
	}
	return "", nil
}
