package bot

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// connectGate is the Web API client slack-go calls, with a pause before
// apps.connections.open when sockets keep dying young.
//
// slack-go (v0.35, socketmode) backs off only while opening a connection
// fails: 100 ms doubling to 5 min, or Retry-After on a 429. Once a socket
// opens, that backoff starts again from zero, and a socket that Slack closes
// right after hello (too_many_websockets over the 10-socket cap,
// link_disabled, a proxy that cuts WebSockets) sends it straight back to
// apps.connections.open: in tests, about 900 calls a second. The gate spaces
// those calls out. A reconnect more than connectStable after the last socket
// was handed out goes at once (a routine refresh_requested costs nothing);
// each quick one after that waits twice as long as the last, from
// connectBackoffMin up to connectBackoffMax, with jitter so that replicas do
// not march in step. After a failed call the gate stands aside: slack-go is
// backing off already.
type connectGate struct {
	client interface {
		Do(*http.Request) (*http.Response, error)
	}
	log *slog.Logger

	min, max, stable time.Duration

	mu     sync.Mutex
	last   time.Time     // when the last successful apps.connections.open went out
	failed bool          // the last apps.connections.open failed
	wait   time.Duration // the pause before the last gated call
	// hello is set when a socket opened (Slack said hello) since the last
	// apps.connections.open: it tells a socket Slack closed at once from
	// one whose WebSocket never connected (a refused dial, a proxy).
	hello bool
}

const (
	connectBackoffMin = 250 * time.Millisecond
	connectBackoffMax = 30 * time.Second
	// connectStable is how long a socket must have been handed out for the
	// next reconnect to count as routine rather than part of a storm. It
	// is longer than connectBackoffMax, so a storm stays at the cap.
	connectStable = time.Minute
)

func newConnectGate(client *http.Client, log *slog.Logger) *connectGate {
	return &connectGate{client: client, log: log, min: connectBackoffMin, max: connectBackoffMax, stable: connectStable}
}

// Do waits out the gate before apps.connections.open; every other call
// goes straight through.
func (g *connectGate) Do(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, "/apps.connections.open") {
		return g.client.Do(req)
	}
	if err := req.Context().Err(); err != nil {
		// The bot is stopping: no reconnect, and nothing to warn about.
		return nil, err
	}
	if d := g.next(time.Now()); d > 0 {
		if err := g.pause(req.Context(), d); err != nil {
			return nil, err
		}
	}
	sent := time.Now()
	resp, err := g.client.Do(req)
	g.done(sent, err == nil && resp.StatusCode == http.StatusOK)
	return resp, err
}

// pause waits d before a reconnect and says why. The socket's hello
// reaches the bot's event loop a moment after slack-go may already be back
// for a new socket, so the warning is chosen a little into the wait (the
// wait is the same either way).
func (g *connectGate) pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	grace := time.NewTimer(min(d/4, 100*time.Millisecond))
	defer grace.Stop()
	select {
	case <-grace.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	g.warn(d)
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// warn says why the reconnect waits d.
func (g *connectGate) warn(d time.Duration) {
	if g.opened() {
		g.log.Warn("Slack sockets keep closing right after they open; waiting before reconnecting", "wait", d.Round(time.Millisecond))
	} else {
		g.log.Warn("the Slack socket did not connect (its WebSocket dial failed); waiting before trying again", "wait", d.Round(time.Millisecond))
	}
}

// next returns how long the apps.connections.open call made at now waits.
func (g *connectGate) next(now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.failed:
		return 0
	case g.last.IsZero() || now.Sub(g.last) > g.stable:
		g.wait = 0
		return 0
	}
	g.wait = min(max(2*g.wait, g.min), g.max)
	return g.wait + rand.N(g.wait/5) // #nosec G404 -- jitter, not a secret
}

// done records how the call sent at sent went.
func (g *connectGate) done(sent time.Time, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.failed = !ok
	if ok {
		g.last = sent
		g.hello = false
	}
}

// connected records that a socket opened (Slack said hello).
func (g *connectGate) connected() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.hello = true
}

// opened reports whether a socket opened since the last call.
func (g *connectGate) opened() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.hello
}
