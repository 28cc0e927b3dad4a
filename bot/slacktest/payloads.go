package slacktest

import (
	"bytes"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// templates holds one canonical Socket Mode frame per kind, shaped like the
// examples in Slack's documentation. Every payload the fake sends starts as a
// copy of one of them, with the test's values written in.
//
//go:embed testdata/*.json
var templates embed.FS

// loadTemplate returns a fresh, mutable copy of testdata/name. Numbers stay
// json.Number so they are written back exactly as read. Each template is
// decoded once; a copy is cheaper than decoding it again for every
// envelope, which a burst of thousands does under the fake's lock.
func loadTemplate(name string) map[string]any {
	parsed.once.Do(parsed.load)
	t, ok := parsed.byName[name]
	if !ok {
		panic("slacktest: missing template " + name)
	}
	return deepCopy(t).(map[string]any)
}

// parsed holds every template decoded.
var parsed parsedTemplates

type parsedTemplates struct {
	once   sync.Once
	byName map[string]map[string]any
}

func (p *parsedTemplates) load() {
	entries, err := templates.ReadDir("testdata")
	if err != nil {
		panic("slacktest: templates: " + err.Error())
	}
	p.byName = make(map[string]map[string]any, len(entries))
	for _, e := range entries {
		b, err := templates.ReadFile("testdata/" + e.Name())
		if err != nil {
			panic("slacktest: template " + e.Name() + ": " + err.Error())
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			panic(fmt.Sprintf("slacktest: template %s: %v", e.Name(), err))
		}
		p.byName[e.Name()] = m
	}
}

// deepCopy copies a decoded JSON value: maps and slices anew, the rest
// (strings, numbers, booleans, nil) as they are.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}

// mustJSON encodes a value built by the fake; failure is a bug in the fake.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("slacktest: encoding a payload: %v", err))
	}
	return b
}

// Envelope types, as in the Socket Mode envelope's "type".
const (
	TypeEventsAPI     = "events_api"
	TypeSlashCommands = "slash_commands"
	TypeInteractive   = "interactive"
)

// Envelope is a Socket Mode envelope the fake sent, with the ids a test may
// need next: wait for its ack with WaitAck(ctx, env.ID), open a modal with
// TriggerID, post to ResponseURL.
type Envelope struct {
	ID           string // envelope_id
	Type         string // TypeEventsAPI, TypeSlashCommands or TypeInteractive
	EventID      string // events_api only
	TriggerID    string // slash commands and interactions
	ResponseURL  string // slash commands and message actions
	RetryAttempt int
	Payload      json.RawMessage
}

// SendOption adjusts an events_api delivery.
type SendOption func(*delivery)

type delivery struct {
	eventID      string
	retryAttempt int
	retryReason  string
}

// WithEventID sets the event_id, for sending the same event twice the way
// Slack does (one message as both app_mention and message gets two ids; a
// retry keeps its id).
func WithEventID(id string) SendOption { return func(d *delivery) { d.eventID = id } }

// WithRetry marks the delivery as Slack's retry number attempt (1..3) with
// reason, usually "timeout".
func WithRetry(attempt int, reason string) SendOption {
	return func(d *delivery) { d.retryAttempt, d.retryReason = attempt, reason }
}

func (f *Fake) newEnvelopeIDLocked() string {
	f.seq++
	n := f.seq
	return fmt.Sprintf("%08x-5ac7-4%03x-8%03x-%012x", n, n%0x1000, (n>>12)%0x1000, n)
}

// sendLocked finishes an envelope built from a template and hands it to a
// socket: Slack's envelope_id and, for events_api, the retry fields.
func (f *Fake) sendLocked(frame map[string]any, env Envelope, d delivery) Envelope {
	env.ID = f.newEnvelopeIDLocked()
	env.RetryAttempt = d.retryAttempt
	frame["envelope_id"] = env.ID
	frame["type"] = env.Type
	if env.Type == TypeEventsAPI {
		frame["retry_attempt"] = d.retryAttempt
		frame["retry_reason"] = d.retryReason
	}
	env.Payload = mustJSON(frame["payload"])
	f.envelopes[env.ID] = &sentEnvelope{env: env, retryAttempt: d.retryAttempt}
	f.order = append(f.order, env.ID)
	f.routeLocked(outFrame{data: mustJSON(frame), envelopeID: env.ID})
	f.notifyLocked()
	f.logf("sent %s", env)
	return env
}

// Redeliver sends an events_api envelope again as Slack's next retry: a new
// envelope_id, the same payload and event_id, retry_attempt one higher and
// retry_reason "timeout". It returns the new envelope.
func (f *Fake) Redeliver(envelopeID string) Envelope {
	f.tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	sent, ok := f.envelopes[envelopeID]
	switch {
	case !ok:
		f.tb.Errorf("slacktest: Redeliver: no envelope %s was sent", envelopeID)
		return Envelope{}
	case sent.env.Type != TypeEventsAPI:
		f.tb.Errorf("slacktest: Redeliver: Slack retries events_api only, not %s", sent.env.Type)
		return Envelope{}
	}
	frame := loadTemplate("events_api_message.json")
	var payload map[string]any
	if err := json.Unmarshal(sent.env.Payload, &payload); err != nil {
		panic(err)
	}
	frame["payload"] = payload
	env := sent.env
	return f.sendLocked(frame, env, delivery{retryAttempt: sent.retryAttempt + 1, retryReason: "timeout"})
}

// eventContext is shaped like Slack's opaque event_context: "4-" and base64
// JSON naming the event type, team, app and channel.
func (f *Fake) eventContext(eventType, channel string) string {
	ctx := mustJSON(map[string]string{"et": eventType, "tid": f.TeamID, "aid": f.AppID, "cid": channel})
	return "4-" + base64.RawURLEncoding.EncodeToString(ctx)
}

// sendEventLocked wraps an inner event in the event_callback payload of the
// named template and sends it.
func (f *Fake) sendEventLocked(template string, event map[string]any, opts []SendOption) Envelope {
	d := delivery{}
	for _, o := range opts {
		o(&d)
	}
	if d.eventID == "" {
		d.eventID = f.nextIDLocked("Ev")
	}
	frame := loadTemplate(template)
	payload := frame["payload"].(map[string]any)
	payload["team_id"] = f.TeamID
	if _, ok := payload["context_team_id"]; ok {
		payload["context_team_id"] = f.TeamID
	}
	payload["api_app_id"] = f.AppID
	payload["event"] = event
	payload["event_id"] = d.eventID
	payload["event_time"] = time.Now().Unix()
	payload["authorizations"] = []any{map[string]any{
		"enterprise_id":         nil,
		"team_id":               f.TeamID,
		"user_id":               f.BotUserID,
		"is_bot":                true,
		"is_enterprise_install": false,
	}}
	typ, _ := event["type"].(string)
	channel, _ := event["channel"].(string)
	payload["event_context"] = f.eventContext(typ, channel)
	return f.sendLocked(frame, Envelope{Type: TypeEventsAPI, EventID: d.eventID}, d)
}
