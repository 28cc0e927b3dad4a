package slacktest

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// openURL calls apps.connections.open as slack-go does and returns the URL.
func openURL(t *testing.T, f *Fake) string {
	t.Helper()
	api := slack.New(f.BotToken, slack.OptionAppLevelToken(f.AppToken), slack.OptionAPIURL(f.APIURL()))
	_, u, err := api.StartSocketModeContext(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func dial(t *testing.T, u, origin string) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	ws, resp, err := websocket.DefaultDialer.DialContext(t.Context(), u, h)
	if ws != nil {
		t.Cleanup(func() { _ = ws.Close() })
	}
	return ws, resp, err
}

func readRequest(t *testing.T, ws *websocket.Conn) socketmode.Request {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var req socketmode.Request
	if err := ws.ReadJSON(&req); err != nil {
		t.Fatal(err)
	}
	return req
}

func TestSocketHandshake(t *testing.T) {
	f := New(t, Options{MaxConnections: 1})

	u := openURL(t, f)
	if !strings.HasPrefix(u, "ws://") || !strings.Contains(u, "ticket=") {
		t.Fatalf("url = %s", u)
	}
	if _, resp, err := dial(t, u, "https://evil.example"); err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign Origin: err %v, status %v; want 403", err, resp)
	}
	ws, _, err := dial(t, u, slackOrigin)
	if err != nil {
		t.Fatal(err)
	}
	if hello := readRequest(t, ws); hello.Type != "hello" || hello.NumConnections != 1 || hello.ConnectionInfo.AppID != "A1" {
		t.Errorf("first frame = %+v, want hello", hello)
	}
	if _, resp, err := dial(t, u, slackOrigin); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("reused ticket: err %v; want 401", err)
	}

	// Over MaxConnections: hello, then too_many_websockets.
	extra, _, err := dial(t, openURL(t, f), slackOrigin)
	if err != nil {
		t.Fatal(err)
	}
	readRequest(t, extra)
	if d := readRequest(t, extra); d.Type != "disconnect" || d.Reason != "too_many_websockets" {
		t.Errorf("over the cap: %+v, want disconnect too_many_websockets", d)
	}
	if got := f.Connections(); got != 1 {
		t.Errorf("Connections() = %d, want 1", got)
	}
}

func TestAcksOver20KBAreDropped(t *testing.T) {
	f := New(t, Options{})
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	ws, _, err := dial(t, openURL(t, f), slackOrigin)
	if err != nil {
		t.Fatal(err)
	}
	readRequest(t, ws)
	env := f.SendEvent(Message{Channel: "C1", User: "U1", Text: "hi"})
	if got := readRequest(t, ws); got.EnvelopeID != env.ID {
		t.Fatalf("got envelope %s, want %s", got.EnvelopeID, env.ID)
	}

	big, _ := json.Marshal(map[string]any{"envelope_id": env.ID, "payload": map[string]string{"text": strings.Repeat("x", maxAckSize)}})
	small, _ := json.Marshal(map[string]any{"envelope_id": "marker"})
	for _, frame := range [][]byte{big, small} {
		if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
			t.Fatal(err)
		}
	}
	// Frames are read in order: once the marker is in, the big ack was seen.
	if _, err := f.WaitAck(ctx, "marker"); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Acked(env.ID); ok {
		t.Error("an ack of 20 KB or more was recorded; Slack drops it")
	}
	if got := f.Unacked(); len(got) != 1 || got[0] != env.ID {
		t.Errorf("Unacked() = %v, want [%s]", got, env.ID)
	}
}

// TestPingsKeepSlackGoConnected runs slack-go with a 300 ms ping deadline
// against 20 ms pings: it must stay on its first socket past the deadline.
func TestPingsKeepSlackGoConnected(t *testing.T) {
	f := New(t, Options{PingInterval: 20 * time.Millisecond})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()

	api := slack.New(f.BotToken, slack.OptionAppLevelToken(f.AppToken), slack.OptionAPIURL(f.APIURL()))
	sm := socketmode.New(api, socketmode.OptionPingInterval(300*time.Millisecond))
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = sm.RunContext(runCtx) }()
	go func() {
		for {
			select {
			case <-sm.Events:
			case <-runCtx.Done():
				return
			}
		}
	}()
	t.Cleanup(func() { stop(); <-done })

	// 30 pongs at 20 ms span 600 ms, twice slack-go's deadline.
	err := f.waitFor(ctx, func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.sockets.pongs >= 30
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.Calls("apps.connections.open")); n != 1 {
		t.Errorf("slack-go opened %d connections, want 1: pings did not keep it alive", n)
	}
}
