package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
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
// decoded, enqueue a job (or, with no room for it, answer "busy"), and ack
// (with a payload computed without I/O), so that nothing it acks is lost. It
// never waits on Redis, the LLM or the Web API: if it stopped draining, the
// client would stop reading the socket, miss pings and reconnect.
//
// When ctx is done it stops taking work (see shutdown) and calls closeSocket.
func (b *Bot) readLoop(ctx context.Context, sm *socketmode.Client, smDone <-chan error, closeSocket func()) error {
	for {
		select {
		case <-ctx.Done():
			b.shutdown(sm, smDone, closeSocket)
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

const (
	// ackFlush is how long the socket stays open after a shutdown ack was
	// queued, for slack-go's writer to send it: Ack only queues the frame.
	ackFlush = 250 * time.Millisecond
	// maxAckFlush bounds the whole flush, however many envelopes arrive.
	maxAckFlush = time.Second
)

// shutdown closes the socket without taking new work, so that Slack sends
// every later envelope to another socket (another replica, or this one after
// its restart) while the jobs already queued finish.
//
// What slack-go has already read when shutdown starts, or reads while the
// socket is still open, is not handled, and answered as follows:
//   - events_api: not acked. Slack retries an unacked event, on another
//     socket, and the dedupe on event_id makes the retry the one copy that
//     is handled. Acking an event this process will not handle would lose it.
//   - slash_commands: acked with "restarting, try again in a minute" and the
//     text the user sent. Slack never retries a slash command; unacked, the
//     user would get operation_timeout and lose what they typed.
//   - interactive: not acked. The user sees Slack's "didn't respond" mark on
//     the button and presses it again, and an unacked view_submission keeps
//     the modal open with what they entered; an ack would drop the click or
//     close the modal and lose its text.
func (b *Bot) shutdown(sm *socketmode.Client, smDone <-chan error, closeSocket func()) {
	b.connected.Store(false)
	b.log.Info("shutting down: closing the Slack socket and finishing the jobs in hand",
		"jobs_queued", b.pool.pending(), "timeout", b.cfg.ShutdownTimeout)
	b.turnAwayBuffered(sm)
	closeSocket()
	// slack-go returns once its socket is closed; Run waits for no goroutine
	// of its own after that.
	<-smDone
}

// turnAwayBuffered turns away what slack-go has read so far. It returns at once
// when nothing was acked, else once the acks had ackFlush to go out (and
// maxAckFlush at most, however many envelopes keep arriving).
func (b *Bot) turnAwayBuffered(sm *socketmode.Client) {
	start := time.Now()
	var closeAt time.Time // zero: nothing acked yet
	for {
		if closeAt.IsZero() {
			select {
			case evt := <-sm.Events:
				if b.turnAway(sm, evt) {
					closeAt = start.Add(ackFlush)
				}
				continue
			default:
				return
			}
		}
		wait := time.Until(closeAt)
		if wait <= 0 {
			return
		}
		t := time.NewTimer(wait)
		select {
		case evt := <-sm.Events:
			t.Stop()
			if b.turnAway(sm, evt) {
				closeAt = time.Now().Add(ackFlush)
				if limit := start.Add(maxAckFlush); closeAt.After(limit) {
					closeAt = limit
				}
			}
		case <-t.C:
			return
		}
	}
}

// restartingText answers a slash command that arrives during shutdown.
const restartingText = "I'm restarting right now. Please try again in a minute; nothing was saved from this command."

// turnAway answers an event that arrives during shutdown without handling it
// (see shutdown), and reports whether it queued an ack.
func (b *Bot) turnAway(sm acker, evt socketmode.Event) bool {
	if evt.Type == socketmode.EventTypeErrorBadMessage {
		// Unreadable by any replica: acked and dropped, as always.
		_ = b.dispatch(sm, evt)
		return true
	}
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return false // connection events: nothing to answer
	}
	if evt.Type != socketmode.EventTypeSlashCommand {
		b.log.Info("shutting down: envelope left unacked for Slack to send elsewhere", "type", evt.Type, "envelope", evt.Request.EnvelopeID)
		return false
	}
	start := time.Now()
	text := restartingText
	if cmd, ok := evt.Data.(slack.SlashCommand); ok && strings.TrimSpace(cmd.Text) != "" {
		text += " Here is what you sent, so you can paste it again:\n```" + truncate(escape(cmd.Text), 2500) + "```"
	}
	b.ack(sm, evt.Request, &slashAck{ResponseType: slack.ResponseTypeEphemeral, Text: text})
	b.metrics.Envelope(string(evt.Type), time.Since(start))
	b.log.Info("shutting down: slash command answered with a retry note", "envelope", evt.Request.EnvelopeID)
	return true
}

// dispatch handles one event from the socket client.
func (b *Bot) dispatch(sm acker, evt socketmode.Event) error {
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		// Work waits while envelopes keep coming (see ackFirst).
		b.acks.envelope()
		start := time.Now()
		defer func() { b.metrics.Envelope(string(evt.Type), time.Since(start)) }()
	}
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		// Queued (or answered "busy") first, acked after: an event this
		// process cannot take in is left unacked for Slack to send again.
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok || b.onEvent(ev, evt.Request.RetryAttempt) {
			b.ack(sm, evt.Request, nil)
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
		if payload, take := b.onInteraction(cb); take {
			b.ack(sm, evt.Request, payload)
		}
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
		b.gate.connected()
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
		if evt.Request != nil && evt.Request.NumConnections > 0 {
			// Each replica holds one socket: a floor on how many share
			// the workspace's rate limits, known without Redis.
			b.pacer.SetReplicas(evt.Request.NumConnections)
		}
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

// enqueue submits a job for user (see userOf; "" for nobody in particular)
// and reports whether it was taken. The caller has not acked yet: when the
// job is refused, it answers "busy" or leaves the envelope unacked. Every
// job is bounded by jobTimeout, so a hung call cannot hold a worker (and its
// thread) forever.
func (b *Bot) enqueue(key, user, what string, job func(context.Context)) bool {
	timeout := b.jobTimeout()
	if b.pool.submit(key, user, func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		job(ctx)
	}) {
		return true
	}
	b.log.Warn("work queue full, or this person's share of it; answering busy", "what", what, "queue", b.cfg.QueueSize, "per_user", b.cfg.MaxQueuedPerUser)
	b.metrics.JobDropped()
	return false
}

// userOf names a person for the queue's per-user share.
func userOf(team, user string) string { return team + ":" + user }

// busyText answers what could not be taken in.
const busyText = "I'm swamped right now and couldn't take that in. Please try again in a minute."

// notice runs tell outside the pool, to say "busy" to someone whose request
// the full pool refused, and reports whether it will run: a few at a time,
// so a flood cannot start a goroutine per envelope. When it reports false,
// the caller leaves the envelope unacked if Slack would send it again.
func (b *Bot) notice(tell func(ctx context.Context)) bool {
	select {
	case b.noticeSlots <- struct{}{}:
	default:
		return false
	}
	b.side.Go(func() {
		defer func() { <-b.noticeSlots }()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		tell(ctx)
	})
	return true
}
