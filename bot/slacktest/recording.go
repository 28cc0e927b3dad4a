package slacktest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Call is one Web API call or response_url post, as the fake received and
// answered it.
type Call struct {
	// Method is the Web API method ("chat.postMessage"), or "response_url"
	// for a post to a response_url handed out in a payload.
	Method string
	// Params holds the arguments, decoded from the form or from the JSON
	// body. JSON strings are kept as they are; objects, arrays, numbers and
	// booleans are kept as their raw JSON text, so "view" and "blocks" read
	// the same whichever way they were sent. The token is not in Params.
	Params url.Values
	// Token is the token the call carried, from the form or the Bearer header.
	Token string
	// JSON reports whether the body was JSON (views.*, apps.connections.open,
	// response_url) rather than a form.
	JSON bool
	// URL is the address posted to; for response_url calls it tells which
	// response_url was used.
	URL string
	// At is when the fake received the call.
	At time.Time
	// Status is the HTTP status answered: 200, or the Fault's status.
	Status int
	// Error is the error code answered ("invalid_auth", "ratelimited"…), the
	// status text of a plain-text failure ("Internal Server Error"), or ""
	// when the call succeeded.
	Error string
	// Response is the JSON body answered.
	Response json.RawMessage
	// Throttled reports that the fake's rate limits (Options.RateLimits)
	// answered the call 429, rather than a Fault.
	Throttled bool
}

// OK reports whether the call succeeded.
func (c Call) OK() bool { return c.Status == 200 && c.Error == "" }

// Where tells where a posting call's message lives: its channel, its ts and
// the thread it is in. The request's own arguments win (chat.update names
// its ts); what the fake answered fills the rest (chat.postMessage learns
// its ts, and a DM's channel id, from the answer).
func (c Call) Where() (channel, ts, threadTS string) {
	channel, ts, threadTS = c.Params.Get("channel"), c.Params.Get("ts"), c.Params.Get("thread_ts")
	var resp struct {
		TS      string `json:"ts"`
		Channel string `json:"channel"`
		Message struct {
			ThreadTS string `json:"thread_ts"`
		} `json:"message"`
	}
	_ = json.Unmarshal(c.Response, &resp)
	if threadTS == "" {
		threadTS = resp.Message.ThreadTS
	}
	if ts == "" {
		ts = resp.TS
	}
	if resp.Channel != "" {
		channel = resp.Channel
	}
	return channel, ts, threadTS
}

// AckRecord is an acknowledgement the client sent for an envelope.
type AckRecord struct {
	EnvelopeID string
	// Latency runs from writing the envelope to the socket to reading the ack.
	Latency time.Duration
	// Payload is the optional ack payload (response_action, errors, a slash
	// command's immediate reply), or nil.
	Payload json.RawMessage
	At      time.Time
}

// sentEnvelope remembers an envelope handed to a socket, for ack latency and
// redelivery.
type sentEnvelope struct {
	env          Envelope
	retryAttempt int
	sentAt       time.Time   // zero while queued for want of a socket
	submitted    *submission // view_submission only: what the ack acts on
}

// recording is the fake's memory of what happened, guarded by Fake.mu.
type recording struct {
	calls     []Call
	acks      map[string]AckRecord
	envelopes map[string]*sentEnvelope
	order     []string // envelope ids in send order
}

func (r *recording) init() {
	r.acks = map[string]AckRecord{}
	r.envelopes = map[string]*sentEnvelope{}
}

func (f *Fake) recordCall(c Call) {
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.notifyLocked()
	f.mu.Unlock()
	if c.OK() {
		f.logf("%s ok", c.Method)
	} else {
		f.logf("%s -> %d %s", c.Method, c.Status, c.Error)
	}
}

// Calls returns the calls recorded so far for method, in the order received;
// with method "" it returns every call. Treat the Params maps as read-only.
func (f *Fake) Calls(method string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return filterCalls(f.calls, method)
}

// CallsFrom returns every call recorded after the first i, in the order
// received, and how many calls there are in all: what a poller that has
// seen i calls has not seen yet, without copying the rest.
func (f *Fake) CallsFrom(i int) (calls []Call, total int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i = min(max(i, 0), len(f.calls))
	return slices.Clone(f.calls[i:]), len(f.calls)
}

func filterCalls(calls []Call, method string) []Call {
	var out []Call
	for _, c := range calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitCall returns the first call to method for which match returns true,
// waiting for it if it has not been recorded yet. Calls already recorded
// count. A nil match accepts any call, including failed ones; use Call.OK in
// match to skip those. match runs outside the fake's lock and may be called
// several times for the same call.
func (f *Fake) WaitCall(ctx context.Context, method string, match func(Call) bool) (Call, error) {
	var found Call
	err := f.waitFor(ctx, func() bool {
		for _, c := range filterCalls(f.snapshotCalls(), method) {
			if match == nil || match(c) {
				found = c
				return true
			}
		}
		return false
	})
	if err != nil {
		return Call{}, fmt.Errorf("slacktest: waiting for a %s call: %w (calls so far: %s)", method, err, f.callSummary())
	}
	return found, nil
}

// WaitCalls waits until at least n calls to method have been recorded and
// returns them all.
func (f *Fake) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	var found []Call
	err := f.waitFor(ctx, func() bool {
		found = filterCalls(f.snapshotCalls(), method)
		return len(found) >= n
	})
	if err != nil {
		return found, fmt.Errorf("slacktest: waiting for %d %s calls, have %d: %w", n, method, len(found), err)
	}
	return found, nil
}

func (f *Fake) snapshotCalls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clip(f.calls)
}

func (f *Fake) callSummary() string {
	calls := f.snapshotCalls()
	if len(calls) == 0 {
		return "none"
	}
	names := make([]string, len(calls))
	for i, c := range calls {
		names[i] = c.Method
		if c.Error != "" {
			names[i] += "(" + c.Error + ")"
		}
	}
	return strings.Join(names, ", ")
}

// WaitAck waits for the client to acknowledge the envelope and returns the
// ack. An ack that arrived earlier is returned at once.
func (f *Fake) WaitAck(ctx context.Context, envelopeID string) (AckRecord, error) {
	var ack AckRecord
	err := f.waitFor(ctx, func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		var ok bool
		ack, ok = f.acks[envelopeID]
		return ok
	})
	if err != nil {
		return AckRecord{}, fmt.Errorf("slacktest: waiting for the ack of envelope %s: %w", envelopeID, err)
	}
	return ack, nil
}

// Acked returns the ack of an envelope, if one arrived.
func (f *Fake) Acked(envelopeID string) (AckRecord, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ack, ok := f.acks[envelopeID]
	return ack, ok
}

// Unacked returns the ids of envelopes sent but not acknowledged, oldest
// first. A bot that acks everything ends a test with none.
func (f *Fake) Unacked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, id := range f.order {
		if _, ok := f.acks[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

// recordAck stores an ack read from a socket. Acks for envelopes the fake
// never sent are kept too, with zero latency, so a test can see them.
func (f *Fake) recordAck(envelopeID string, payload json.RawMessage, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, dup := f.acks[envelopeID]; dup {
		return // Slack ignores a second ack; keep the first, which counted.
	}
	ack := AckRecord{EnvelopeID: envelopeID, Payload: payload, At: at}
	if sent, ok := f.envelopes[envelopeID]; ok && !sent.sentAt.IsZero() {
		ack.Latency = at.Sub(sent.sentAt)
	}
	f.acks[envelopeID] = ack
	if sent, ok := f.envelopes[envelopeID]; ok && sent.submitted != nil {
		f.applyViewAckLocked(sent.submitted, payload)
	}
	f.notifyLocked()
}

// waitFor blocks until cond returns true or ctx is done. cond is evaluated
// without the fake's lock held, after every state change.
func (f *Fake) waitFor(ctx context.Context, cond func() bool) error {
	for {
		f.mu.Lock()
		changed := f.changed
		f.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-f.closed:
			return errors.New("slacktest: fake closed")
		}
	}
}
