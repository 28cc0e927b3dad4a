package bot

import (
	"context"
	"testing"
	"time"
)

// TestAckFirstHoldsWorkWhileEnvelopesCome: work waits for the socket to be
// quiet, but never past its deadline, and never past its context.
func TestAckFirstHoldsWorkWhileEnvelopesCome(t *testing.T) {
	ctx := context.Background()
	a := newAckFirst()

	// Quiet since long ago: no wait.
	start := time.Now()
	a.waitUntil(ctx, start.Add(time.Hour))
	if d := time.Since(start); d > time.Second {
		t.Errorf("a quiet socket held work for %v", d)
	}

	// An envelope now: work waits until the socket has been quiet a while.
	a.envelope()
	start = time.Now()
	a.waitUntil(ctx, start.Add(time.Hour))
	if d := time.Since(start); d < a.quiet*9/10 || d > 5*time.Second {
		t.Errorf("after an envelope, work waited %v, want about %v", d, a.quiet)
	}

	// Envelopes that never stop (the last one an hour from now): work goes
	// at its deadline all the same.
	a.last.Store(int64(time.Since(a.epoch) + time.Hour))
	start = time.Now()
	a.waitUntil(ctx, start.Add(50*time.Millisecond))
	if d := time.Since(start); d < 45*time.Millisecond || d > 5*time.Second {
		t.Errorf("under steady envelopes, work waited %v, want its 50ms deadline", d)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	start = time.Now()
	a.waitUntil(cctx, start.Add(time.Hour))
	if d := time.Since(start); d > time.Second {
		t.Errorf("a cancelled job waited %v", d)
	}

	var off *ackFirst // a bot without the gate
	off.envelope()
	off.wait(ctx)
}
