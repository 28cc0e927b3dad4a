package slacktest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

const (
	// maxAckSize is Slack's limit on a Socket Mode response: bigger frames
	// are dropped without a word, and so the fake drops them too.
	maxAckSize = 20 * 1024
	// writeTimeout bounds each frame the fake writes.
	writeTimeout = 5 * time.Second
	// slackOrigin is the Origin slack-go sends on the upgrade.
	slackOrigin = "https://api.slack.com"
)

// socketConn is one Socket Mode WebSocket. A single writer goroutine drains
// queue, so frames go out in order and no write happens under Fake.mu.
type socketConn struct {
	id    int
	ws    *websocket.Conn
	queue []outFrame    // guarded by Fake.mu
	wake  chan struct{} // buffered 1: queue has frames
	done  chan struct{} // closed when the read loop ends
}

// outFrame is a frame waiting to be written.
type outFrame struct {
	data       []byte
	envelopeID string // "" for hello and disconnect
}

// socketState tracks tickets and sockets, guarded by Fake.mu.
type socketState struct {
	tickets map[string]bool // one-time connection tickets → used
	open    []*socketConn   // every socket not yet closed
	live    []*socketConn   // open sockets that take envelopes, in connect order
	next    int             // round-robin cursor into live
	lastID  int
	pending []outFrame // envelopes sent while no socket was live
	pongs   int
}

func (s *socketState) init() { s.tickets = map[string]bool{} }

// appsConnectionsOpen hands out a fresh one-time WebSocket URL.
func (f *Fake) appsConnectionsOpen(*apiRequest) (map[string]any, *apiError) {
	f.seq++
	ticket := fmt.Sprintf("%032x", f.seq)
	f.sockets.tickets[ticket] = false
	u := "ws" + strings.TrimPrefix(f.wss.URL, "http") + "/link/?ticket=" + ticket + "&app_id=" + f.AppID
	return map[string]any{"url": u}, nil
}

var upgrader = websocket.Upgrader{
	CheckOrigin: func(r *http.Request) bool {
		o := r.Header.Get("Origin")
		return o == "" || o == slackOrigin
	},
}

// serveSocket runs one Socket Mode connection: hello, then envelopes out,
// acks in and pings every Options.PingInterval until either side closes.
func (f *Fake) serveSocket(w http.ResponseWriter, r *http.Request) {
	if !upgrader.CheckOrigin(r) {
		http.Error(w, "origin not allowed", http.StatusForbidden)
		return
	}
	ticket := r.URL.Query().Get("ticket")
	f.mu.Lock()
	used, known := f.sockets.tickets[ticket]
	if known {
		f.sockets.tickets[ticket] = true
	}
	f.mu.Unlock()
	if !known || used {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}

	f.mu.Lock()
	select {
	case <-f.closed:
		f.mu.Unlock()
		_ = ws.Close()
		return
	default:
	}
	f.wg.Add(1) // under f.mu, before Close can start waiting
	defer f.wg.Done()
	f.sockets.lastID++
	c := &socketConn{id: f.sockets.lastID, ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
	f.sockets.open = append(f.sockets.open, c)
	c.queue = append(c.queue, outFrame{data: f.helloFrameLocked(len(f.sockets.live) + 1)})
	overCap := len(f.sockets.live) >= f.opts.MaxConnections
	if !overCap {
		f.sockets.live = append(f.sockets.live, c)
		pending := f.sockets.pending
		f.sockets.pending = nil
		c.queue = append(c.queue, pending...)
	}
	f.notifyLocked()
	f.mu.Unlock()
	c.signal()
	f.logf("socket %d connected", c.id)

	ws.SetPongHandler(func(string) error {
		f.mu.Lock()
		f.sockets.pongs++
		f.notifyLocked()
		f.mu.Unlock()
		return nil
	})
	f.wg.Go(func() { f.runWriter(c) })
	f.wg.Go(func() { f.runPinger(c) })
	if overCap {
		f.retire(c, "too_many_websockets")
	}
	f.readAcks(c)
}

func (c *socketConn) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// readAcks reads acks until the socket closes, then forgets the socket and
// hands its unsent envelopes to another.
func (f *Fake) readAcks(c *socketConn) {
	for {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			break
		}
		if typ != websocket.TextMessage {
			continue
		}
		if len(data) >= maxAckSize {
			f.logf("socket %d: dropped a %d-byte ack, as Slack does", c.id, len(data))
			continue
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := json.Unmarshal(data, &ack); err != nil || ack.EnvelopeID == "" {
			f.logf("socket %d: ignored frame %q", c.id, data)
			continue
		}
		f.recordAck(ack.EnvelopeID, ack.Payload, time.Now())
	}
	_ = c.ws.Close()

	f.mu.Lock()
	f.sockets.open = slices.DeleteFunc(f.sockets.open, func(o *socketConn) bool { return o == c })
	f.removeLiveLocked(c)
	var unsent []outFrame
	for _, fr := range c.queue {
		if fr.envelopeID != "" {
			unsent = append(unsent, fr)
		}
	}
	c.queue = nil
	f.routeLocked(unsent...)
	f.notifyLocked()
	f.mu.Unlock()
	close(c.done)
	f.logf("socket %d closed", c.id)
}

// runWriter writes c's queued frames in order, stamping each envelope's
// send time just before it goes out.
func (f *Fake) runWriter(c *socketConn) {
	for {
		select {
		case <-c.wake:
		case <-c.done:
			return
		}
		for {
			f.mu.Lock()
			if len(c.queue) == 0 {
				f.mu.Unlock()
				break
			}
			fr := c.queue[0]
			c.queue = c.queue[1:]
			if sent := f.envelopes[fr.envelopeID]; sent != nil {
				sent.sentAt = time.Now()
			}
			f.mu.Unlock()

			_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
			if err := c.ws.WriteMessage(websocket.TextMessage, fr.data); err != nil {
				if fr.envelopeID != "" {
					f.mu.Lock()
					c.queue = append([]outFrame{fr}, c.queue...) // readAcks passes it on
					f.mu.Unlock()
				}
				_ = c.ws.Close()
				return
			}
		}
	}
}

// runPinger pings c like Slack does; slack-go reconnects when pings stop.
func (f *Fake) runPinger(c *socketConn) {
	t := time.NewTicker(f.opts.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(writeTimeout)); err != nil {
				return
			}
		case <-c.done:
			return
		case <-f.closed:
			return
		}
	}
}

// pickLocked chooses the socket for the next envelope, round robin: Slack
// sends each envelope to one of the open sockets.
func (f *Fake) pickLocked() *socketConn {
	live := f.sockets.live
	if len(live) == 0 {
		return nil
	}
	f.sockets.next = (f.sockets.next + 1) % len(live)
	return live[f.sockets.next]
}

// routeLocked queues envelope frames on a live socket, or keeps them until
// one connects, the way Slack holds events while an app is offline.
func (f *Fake) routeLocked(frames ...outFrame) {
	if len(frames) == 0 {
		return
	}
	c := f.pickLocked()
	if c == nil {
		f.sockets.pending = append(f.sockets.pending, frames...)
		return
	}
	c.queue = append(c.queue, frames...)
	c.signal()
}

func (f *Fake) removeLiveLocked(c *socketConn) {
	f.sockets.live = slices.DeleteFunc(f.sockets.live, func(o *socketConn) bool { return o == c })
}

// Connections returns how many sockets are open and taking envelopes.
// Sockets told to disconnect stop counting at once.
func (f *Fake) Connections() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sockets.live)
}

// WaitConnected waits until at least n sockets are open and have been sent
// hello.
func (f *Fake) WaitConnected(ctx context.Context, n int) error {
	err := f.waitFor(ctx, func() bool { return f.Connections() >= n })
	if err != nil {
		return fmt.Errorf("slacktest: waiting for %d connections, have %d: %w", n, f.Connections(), err)
	}
	return nil
}

// Disconnect sends every open socket a disconnect message with reason
// ("refresh_requested", "warning", "link_disabled"…) and closes it once the
// client has gone, or after Options.DisconnectGrace. The sockets stop taking
// envelopes at once; slack-go answers by reconnecting.
func (f *Fake) Disconnect(reason string) {
	f.mu.Lock()
	conns := f.sockets.live
	f.sockets.live = nil
	f.notifyLocked()
	f.mu.Unlock()
	for _, c := range conns {
		f.retire(c, reason)
	}
}

// retire sends c a disconnect and closes it when the client leaves or the
// grace period ends.
func (f *Fake) retire(c *socketConn, reason string) {
	f.mu.Lock()
	f.removeLiveLocked(c)
	c.queue = append(c.queue, outFrame{data: disconnectFrame(reason)})
	f.mu.Unlock()
	c.signal()
	f.wg.Go(func() {
		t := time.NewTimer(f.opts.DisconnectGrace)
		defer t.Stop()
		select {
		case <-c.done:
			return
		case <-t.C:
		case <-f.closed:
		}
		closeSocket(c, websocket.CloseNormalClosure, reason)
	})
}

// DropConnections closes every socket abruptly, without a disconnect message
// or a close frame, like a network failure.
func (f *Fake) DropConnections() {
	f.mu.Lock()
	conns := slices.Clone(f.sockets.open)
	f.sockets.live = nil
	f.notifyLocked()
	f.mu.Unlock()
	for _, c := range conns {
		_ = c.ws.Close()
	}
}

func (f *Fake) closeAllSockets() {
	f.mu.Lock()
	conns := slices.Clone(f.sockets.open)
	f.mu.Unlock()
	for _, c := range conns {
		closeSocket(c, websocket.CloseGoingAway, "server shutting down")
	}
}

func closeSocket(c *socketConn, code int, text string) {
	msg := websocket.FormatCloseMessage(code, text)
	_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	_ = c.ws.Close()
}

func (f *Fake) helloFrameLocked(numConnections int) []byte {
	hello := loadTemplate("hello.json")
	hello["num_connections"] = numConnections
	hello["connection_info"] = map[string]any{"app_id": f.AppID}
	return mustJSON(hello)
}

func disconnectFrame(reason string) []byte {
	d := loadTemplate("disconnect.json")
	d["reason"] = reason
	return mustJSON(d)
}
