package slacktest_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
)

// testTimeout bounds every wait in these tests; nothing here should take
// more than a fraction of it.
const testTimeout = 10 * time.Second

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// newAPI is a slack.Client pointed at the fake, with a timeout of its own
// (slack-go's default client has none; see docs/slack.md).
func newAPI(fake *slacktest.Fake, token string) *slack.Client {
	return slack.New(token,
		slack.OptionAppLevelToken(fake.AppToken),
		slack.OptionAPIURL(fake.APIURL()),
		slack.OptionHTTPClient(&http.Client{Timeout: 5 * time.Second}))
}

// client is a real slack-go Socket Mode client running against the fake. It
// acks every request at once (with ackPayload's answer, if set) and passes
// the events a bot cares about to Events.
type client struct {
	API    *slack.Client
	SM     *socketmode.Client
	Events chan socketmode.Event

	mu         sync.Mutex
	ackPayload func(socketmode.Event) any
}

func startClient(t *testing.T, fake *slacktest.Fake, opts ...socketmode.Option) *client {
	t.Helper()
	api := newAPI(fake, fake.BotToken)
	c := &client{API: api, SM: socketmode.New(api, opts...), Events: make(chan socketmode.Event, 64)}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = c.SM.RunContext(ctx) })
	wg.Go(func() { c.drain(ctx) })
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	return c
}

// drain reads the client's events like a bot's loop must: fast, acking first.
func (c *client) drain(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-c.SM.Events:
			switch ev.Type {
			case socketmode.EventTypeEventsAPI, socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
				c.mu.Lock()
				payloadFor := c.ackPayload
				c.mu.Unlock()
				var payload any
				if payloadFor != nil {
					payload = payloadFor(ev)
				}
				_ = c.SM.AckCtx(ctx, ev.Request.EnvelopeID, payload)
			case socketmode.EventTypeErrorBadMessage:
			default:
				continue
			}
			select {
			case c.Events <- ev:
			case <-ctx.Done():
				return
			}
		}
	}
}

func (c *client) setAckPayload(fn func(socketmode.Event) any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ackPayload = fn
}

// next returns the next event the client passed on.
func (c *client) next(t *testing.T, ctx context.Context) socketmode.Event {
	t.Helper()
	select {
	case ev := <-c.Events:
		return ev
	case <-ctx.Done():
		t.Fatalf("waiting for a socket mode event: %v", ctx.Err())
		return socketmode.Event{}
	}
}

// connect starts a client and waits until the fake sees its socket.
func connect(t *testing.T, fake *slacktest.Fake, opts ...socketmode.Option) (*client, context.Context) {
	t.Helper()
	ctx := testContext(t)
	c := startClient(t, fake, opts...)
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	return c, ctx
}
