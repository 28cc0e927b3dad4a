package bot

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot/bottest"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// recordingAcker records acks instead of queueing them on a socket.
type recordingAcker struct{ acks map[string]any }

func (r *recordingAcker) Ack(req socketmode.Request, payload ...any) error {
	var p any
	if len(payload) > 0 {
		p = payload[0]
	}
	r.acks[req.EnvelopeID] = p
	return nil
}

// TestTurnAwayDuringShutdown pins what an envelope read after shutdown began
// gets: a slash command an ack telling the user to retry (with their text,
// since Slack never retries a slash command), an event and an interaction
// no ack at all (Slack retries the event on another socket; the user sees
// the click fail and can press again), and none of them a job.
func TestTurnAwayDuringShutdown(t *testing.T) {
	b := &Bot{log: slog.New(slog.NewTextHandler(io.Discard, nil)), pool: newPool(1, 10, 10, slog.New(slog.NewTextHandler(io.Discard, nil)))}
	a := &recordingAcker{acks: map[string]any{}}

	slash := socketmode.Event{Type: socketmode.EventTypeSlashCommand, Request: &socketmode.Request{EnvelopeID: "e-slash"},
		Data: slack.SlashCommand{Command: "/ghosted", Text: "Acme <went> quiet", UserID: "U1", TeamID: "T1"}}
	event := socketmode.Event{Type: socketmode.EventTypeEventsAPI, Request: &socketmode.Request{EnvelopeID: "e-event"},
		Data: slackevents.EventsAPIEvent{Type: slackevents.CallbackEvent}}
	click := socketmode.Event{Type: socketmode.EventTypeInteractive, Request: &socketmode.Request{EnvelopeID: "e-click"},
		Data: slack.InteractionCallback{Type: slack.InteractionTypeBlockActions}}

	if !b.turnAway(a, slash) {
		t.Error("a slash command during shutdown was not acked")
	}
	if b.turnAway(a, event) || b.turnAway(a, click) {
		t.Error("an event or an interaction during shutdown was acked: it would be lost")
	}
	if _, ok := a.acks["e-event"]; ok {
		t.Error("event acked")
	}
	if _, ok := a.acks["e-click"]; ok {
		t.Error("interaction acked")
	}
	raw, err := json.Marshal(a.acks["e-slash"])
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.ResponseType != "ephemeral" {
		t.Errorf("slash ack response_type = %q, want ephemeral", got.ResponseType)
	}
	for _, want := range []string{"restarting", "try again in a minute", "Acme &lt;went&gt; quiet"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("slash ack lacks %q: %s", want, got.Text)
		}
	}
	if n := b.pool.pending(); n != 0 {
		t.Errorf("%d jobs queued during shutdown", n)
	}
}

// TestConnectGateBacksOffOnlyWhenSocketsDieYoung drives the gate's clock by
// hand: a first connect and one after a long-lived socket go at once; quick
// reconnects after successful opens wait longer each time, up to the cap;
// after a failed open the gate stands aside (slack-go backs off itself).
func TestConnectGateBacksOffOnlyWhenSocketsDieYoung(t *testing.T) {
	g := &connectGate{min: 250 * time.Millisecond, max: 2 * time.Second, stable: time.Minute}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	within := func(d, want time.Duration) bool { return d >= want && d <= want+want/5 }

	if d := g.next(t0); d != 0 {
		t.Fatalf("first connect waits %v", d)
	}
	g.done(t0, true)
	now := t0
	for i, want := range []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 2 * time.Second} {
		now = now.Add(10 * time.Millisecond) // the socket died at once
		d := g.next(now)
		if !within(d, want) {
			t.Errorf("quick reconnect %d waits %v, want %v (+20%% jitter)", i+1, d, want)
		}
		now = now.Add(d)
		g.done(now, true)
	}

	// A failed open: slack-go waits on its own; the gate adds nothing.
	g.done(now, false)
	if d := g.next(now.Add(100 * time.Millisecond)); d != 0 {
		t.Errorf("after a failed open the gate waits %v", d)
	}
	g.done(now.Add(100*time.Millisecond), true)

	// The gate says which: sockets that open and close (hello came) or a
	// WebSocket that never connects after a good apps.connections.open.
	if g.opened() {
		t.Errorf("no socket said hello, yet the gate says one opened")
	}
	g.connected()
	if !g.opened() {
		t.Errorf("a socket said hello, yet the gate says none opened")
	}

	// A socket that lived past connectStable: the next reconnect is routine.
	if d := g.next(now.Add(2 * time.Minute)); d != 0 {
		t.Errorf("reconnect after a long-lived socket waits %v", d)
	}
}

// okClient answers every request 200.
type okClient struct{}

func (okClient) Do(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader(`{"ok":true}`))}, nil
}

// openConnection asks the gate for apps.connections.open, as slack-go does
// before each socket.
func openConnection(t *testing.T, g *connectGate) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "https://slack.example/api/apps.connections.open", nil)
	resp, err := g.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// TestConnectGateSaysWhyItWaits: quick reconnects after sockets that said
// hello are sockets Slack keeps closing; quick reconnects after sockets
// that never said hello are WebSocket dials that failed (refused, cut by a
// proxy), and the warning says that instead.
func TestConnectGateSaysWhyItWaits(t *testing.T) {
	for _, tc := range []struct {
		hello bool
		want  string
	}{
		{true, "Slack sockets keep closing right after they open"},
		{false, "the Slack socket did not connect (its WebSocket dial failed)"},
	} {
		var logs strings.Builder
		g := &connectGate{client: okClient{}, log: slog.New(slog.NewTextHandler(&logs, nil)), min: time.Millisecond, max: 2 * time.Millisecond, stable: time.Minute}
		openConnection(t, g)
		if tc.hello {
			g.connected()
		}
		openConnection(t, g)
		if !strings.Contains(logs.String(), tc.want) {
			t.Errorf("hello=%v: the warning does not say %q:\n%s", tc.hello, tc.want, logs.String())
		}
	}
}

// TestConnectGateWaitsForALateHello: slack-go can be back at
// apps.connections.open before the socket's hello has reached the bot's
// event loop; a hello that lands early in the wait still makes the warning
// say the sockets open and close, not that the dial failed.
func TestConnectGateWaitsForALateHello(t *testing.T) {
	var logs bottest.LogBuffer
	g := &connectGate{client: okClient{}, log: slog.New(slog.NewTextHandler(&logs, nil)), min: 200 * time.Millisecond, max: 400 * time.Millisecond, stable: time.Minute}
	openConnection(t, g)
	go func() {
		time.Sleep(5 * time.Millisecond) // the hello, still on its way to the loop
		g.connected()
	}()
	openConnection(t, g)
	if out := logs.String(); !strings.Contains(out, "Slack sockets keep closing right after they open") || strings.Contains(out, "dial failed") {
		t.Errorf("a hello that came 5 ms into the wait was not counted:\n%s", out)
	}
}
