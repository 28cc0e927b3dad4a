package bot

import (
	"context"
	"sync/atomic"
	"time"
)

// ackFirst lets the read loop's acks go before other work.
//
// Slack gives an envelope 3 seconds to be acked, and a burst of them (a
// team running /ghosted at once, Slack delivering what it held during a
// reconnect) arrives faster than it is read. Go has no goroutine
// priorities: jobs started by the first envelopes of a burst, and their
// Web API calls, take the CPU that the socket reader, slack-go's parser
// and the read loop need for the rest, and on a small machine the last
// envelopes of the burst are acked several times later than a client that
// only acks would ack them.
//
// So the read loop marks every envelope it handles, and the work that can
// wait a little (starting a queued job, making a Web API call) waits while
// envelopes keep coming: until the socket has been quiet for quiet, and at
// most until its deadline, so that steady traffic delays work by a bounded
// amount and never stops it.
type ackFirst struct {
	epoch time.Time    // a monotonic origin for last
	last  atomic.Int64 // nanoseconds from epoch to the last envelope handled
	quiet time.Duration
}

const (
	// ackQuiet is how long the socket must have been quiet for work to go
	// on: envelopes of a burst come microseconds apart, but a busy machine
	// can pause the reader for a few milliseconds mid-burst.
	ackQuiet = 5 * time.Millisecond
	// jobDefer is the longest a queued job waits for quiet, from when it
	// was queued; callDefer the longest a Web API call waits. Both are
	// small next to what a person waits for coaching, and far from the
	// 3 seconds an ack may take.
	jobDefer  = 250 * time.Millisecond
	callDefer = 50 * time.Millisecond
)

func newAckFirst() *ackFirst {
	a := &ackFirst{epoch: time.Now(), quiet: ackQuiet}
	a.last.Store(-int64(time.Hour)) // quiet since long ago
	return a
}

// envelope records that the read loop handled an envelope now.
func (a *ackFirst) envelope() {
	if a != nil {
		a.last.Store(int64(time.Since(a.epoch)))
	}
}

// wait returns once the socket has been quiet for a.quiet, callDefer from
// now at the latest, or when ctx is done.
func (a *ackFirst) wait(ctx context.Context) {
	if a != nil {
		a.waitUntil(ctx, time.Now().Add(callDefer))
	}
}

// waitUntil returns once the socket has been quiet for a.quiet, at
// deadline at the latest, or when ctx is done.
func (a *ackFirst) waitUntil(ctx context.Context, deadline time.Time) {
	if a == nil {
		return
	}
	for {
		quietAt := a.epoch.Add(time.Duration(a.last.Load()) + a.quiet)
		until := quietAt
		if deadline.Before(until) {
			until = deadline
		}
		d := time.Until(until)
		if d <= 0 {
			return
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		}
	}
}
