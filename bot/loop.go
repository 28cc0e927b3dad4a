package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// acker is the one socket method the read loop needs.
type acker interface {
	Ack(req socketmode.Request, payload ...any) error
}

// readLoop drains the socket client's events until ctx is done or the client
// gives up. For every envelope it does only three things: look at what slack-go
// decoded, ack (with a payload computed without I/O), and enqueue a job. It
// never waits on Redis, the LLM or the Web API: if it stopped draining, the
// client would stop reading the socket, miss pings and reconnect.
func (b *Bot) readLoop(ctx context.Context, sm *socketmode.Client, smDone <-chan error) error {
	for {
		select {
		case <-ctx.Done():
			// Let the socket client see the cancellation and return, so no
			// goroutine outlives Run.
			<-smDone
			return nil
		case err := <-smDone:
			if ctx.Err() != nil {
				return nil
			}
			return b.socketError(err)
		case evt := <-sm.Events:
			if err := b.dispatch(sm, evt); err != nil {
				return err
			}
		}
	}
}

// dispatch handles one event from the socket client.
func (b *Bot) dispatch(sm acker, evt socketmode.Event) error {
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		start := time.Now()
		defer func() { b.metrics.Envelope(string(evt.Type), time.Since(start)) }()
	}
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		b.ack(sm, evt.Request, nil)
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			b.onEvent(ev, evt.Request.RetryAttempt)
		}
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			b.ack(sm, evt.Request, nil)
			return nil
		}
		b.ack(sm, evt.Request, b.onSlash(cmd))
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			b.ack(sm, evt.Request, nil)
			return nil
		}
		b.ack(sm, evt.Request, b.onInteraction(cb))
	case socketmode.EventTypeErrorBadMessage:
		// slack-go could not parse the envelope and will not ack it, so Slack
		// would retry something we can never read. Ack it by hand and log.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
				Type       string `json:"type"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				b.ack(sm, &socketmode.Request{EnvelopeID: env.EnvelopeID}, nil)
			}
			b.log.Warn("unreadable envelope acked and dropped", "type", env.Type, "envelope", env.EnvelopeID, "err", bad.Cause)
		}
	case socketmode.EventTypeConnecting:
		b.connected.Store(false)
		b.log.Debug("connecting to Slack")
	case socketmode.EventTypeConnected:
		b.connected.Store(true)
		if c, ok := evt.Data.(*socketmode.ConnectedEvent); ok {
			b.log.Info("socket connected", "connection", c.ConnectionCount)
		}
	case socketmode.EventTypeConnectionError:
		b.connected.Store(false)
		if c, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			b.log.Warn("socket connection failed; retrying", "attempt", c.Attempt, "backoff", c.Backoff, "err", c.ErrorObj)
		}
	case socketmode.EventTypeInvalidAuth:
		return fmt.Errorf("SLACK_APP_TOKEN was rejected by Slack: invalid_auth")
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("socket error", "type", evt.Type, "data", fmt.Sprint(evt.Data))
	case socketmode.EventTypeHello:
		b.log.Debug("hello from Slack")
	}
	return nil
}

// ack queues the envelope's acknowledgement. payload nil acks without one.
func (b *Bot) ack(sm acker, req *socketmode.Request, payload any) {
	if req == nil || req.EnvelopeID == "" {
		return
	}
	var err error
	if payload == nil {
		err = sm.Ack(*req)
	} else {
		err = sm.Ack(*req, payload)
	}
	if err != nil {
		b.log.Error("ack failed", "envelope", req.EnvelopeID, "err", err)
	}
}

// enqueue submits a job and logs when the queue is full.
// Every job is bounded by jobTimeout, so a hung call cannot hold a worker
// (and its thread) forever.
func (b *Bot) enqueue(key, what string, job func(context.Context)) bool {
	timeout := b.jobTimeout()
	if b.pool.submit(key, func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		job(ctx)
	}) {
		return true
	}
	b.log.Warn("work queue full; dropping", "what", what, "queue", b.cfg.QueueSize)
	if b.metrics != nil {
		b.metrics.Dropped.Inc()
	}
	return false
}
