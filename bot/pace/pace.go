// Package pace keeps ghosted's Web API calls inside Slack's rate limits.
//
// Slack counts calls per workspace and per method, whichever replica makes
// them, in tiers of about 1, 20, 50 and 100 calls a minute (tiers.go), and
// chat.postMessage by its own rule: about one message a second per
// channel, under a workspace-wide cap. A call over a limit is answered
// HTTP 429 with Retry-After. Left alone, ghosted's own bursts meet those
// limits first: three drafts streaming at once, a nudge tick over a
// thousand channels, every reminder of a team due at 09:00.
//
// A Pacer spaces calls out before they are made. Each method (and each
// channel, for chat.postMessage) has a GCRA budget somewhat under Slack's
// (see underWindow), kept in a Limiter keyed by team and bucket: Redis,
// shared by every replica of the workspace (coach/redisstore), or this
// process's memory (Local) when it is alone. A channel's budget stays in
// this process (see bucket). A 429 that comes anyway
// holds the bucket for Retry-After, on every replica. When the shared
// Limiter cannot be reached, each replica falls back to its own memory
// with its share of the budget: the budget divided by the replicas the
// shared Limiter last counted (Census), so that together they still stay
// under Slack's limits.
//
// Calls come in two kinds. A call that must happen (a reply, the draft
// card, a stream's stop) waits its turn with Wait. A call that can be
// skipped (starting a stream, one more append of streamed text, a progress
// edit) asks Try, which never waits and can leave part of the budget to
// the calls that must happen.
package pace

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
)

// Options configure a Pacer. The zero value paces one process alone on
// Slack's real tiers.
type Options struct {
	// Shared keeps the budgets every replica of the workspace takes from.
	// Nil when this process is the only one (an embedded store): Local
	// then holds the whole budget.
	Shared Limiter
	// Minute is how long Slack's minute lasts: time.Minute (the default),
	// except in tests that run the fake Slack's tiers faster, by the same
	// factor (slacktest.Options.RateMinute).
	Minute time.Duration
	// Logger receives a line when the shared Limiter fails and when it
	// recovers. Nil means slog.Default().
	Logger *slog.Logger
}

// Pacer spaces out the Web API calls of one bot. Its methods are safe for
// concurrent use.
type Pacer struct {
	shared Limiter
	local  Local
	minute time.Duration
	log    *slog.Logger

	// replicas is how many replicas share the workspace, as last counted:
	// what the fallback divides the budget by.
	replicas atomic.Int32
	// degraded is set while the shared Limiter fails, to log the change
	// once each way.
	degraded atomic.Bool
}

// New returns a Pacer.
func New(o Options) *Pacer {
	if o.Minute <= 0 {
		o.Minute = time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	p := &Pacer{shared: o.Shared, minute: o.Minute, log: o.Logger}
	p.replicas.Store(1)
	return p
}

// Minute is the length of Slack's minute the Pacer counts in.
func (p *Pacer) Minute() time.Duration { return p.minute }

// WaitError is Wait's answer when a call would have to wait longer than
// it may: the bucket, and how long the wait would be. A caller that can
// try later (a nudge, a reminder) should; Retryable says so.
type WaitError struct {
	Method string
	Wait   time.Duration
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("%s: over Slack's rate limit for another %v", e.Method, e.Wait.Round(time.Millisecond))
}

// Retryable reports true: the call can be made once the wait is over.
func (e *WaitError) Retryable() bool { return true }

// bucket is one budget a call takes from.
type bucket struct {
	name  string
	limit Limit
	// local keeps the bucket in this process only. A channel's posts come
	// from the job answering in it, so one replica at a time posts in a
	// channel, and sharing its bucket would cost a second round trip to
	// Redis on every post for a rare overlap; a 429 from such an overlap
	// is waited out like any other.
	local bool
}

// buckets lists the budgets a call to method takes from: the method's,
// and for chat.postMessage also its channel's.
func (p *Pacer) buckets(method, channel string) []bucket {
	t := MethodTier(method)
	b := []bucket{{name: method, limit: underWindow(t.PerMinute(), p.minute)}}
	if t == TierPost && channel != "" {
		every := p.minute / (time.Minute / PostEvery)
		b = append(b, bucket{name: method + ":" + channel, limit: underBucket(every, PostBurst), local: true})
	}
	return b
}

// Limit is the budget the Pacer gives method in one workspace, for tests
// and the benchmarks' reports: for chat.postMessage, the workspace-wide one.
func (p *Pacer) Limit(method string) Limit { return p.buckets(method, "")[0].limit }

// Wait returns when a call to method (in channel, which only
// chat.postMessage counts) may be made in team's workspace, having taken
// its place in the budget. When the call would have to wait longer than
// maxWait it takes nothing and returns a *WaitError; when ctx ends first,
// ctx's error.
func (p *Pacer) Wait(ctx context.Context, team, method, channel string, maxWait time.Duration) error {
	if !Paced(method) || team == "" {
		return nil
	}
	var longest time.Duration
	for _, b := range p.buckets(method, channel) {
		if dl, ok := ctx.Deadline(); ok {
			maxWait = min(maxWait, time.Until(dl))
		}
		wait, ok := p.take(ctx, team, b, 0, maxWait)
		if !ok {
			return &WaitError{Method: method, Wait: wait}
		}
		longest = max(longest, wait)
	}
	if longest <= 0 {
		return nil
	}
	t := time.NewTimer(longest)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Try reports whether a call that can be skipped may be made now, and if
// so takes its place: only when the budget would still let reserve more
// calls go at once, which keeps that much for the calls that must happen.
func (p *Pacer) Try(ctx context.Context, team, method, channel string, reserve int) bool {
	if !Paced(method) || team == "" {
		return true
	}
	for _, b := range p.buckets(method, channel) {
		if _, ok := p.take(ctx, team, b, reserve, 0); !ok {
			return false
		}
	}
	return true
}

// Limited records a 429 from Slack for method: every bucket the call took
// from waits retryAfter before its next call, on every replica.
func (p *Pacer) Limited(ctx context.Context, team, method, channel string, retryAfter time.Duration) {
	if !Paced(method) || team == "" || retryAfter <= 0 {
		return
	}
	for _, b := range p.buckets(method, channel) {
		if p.shared != nil && !b.local {
			err := p.shared.HoldPace(ctx, team, b.name, b.limit.Every, b.limit.Burst, retryAfter)
			if p.sharedResult(err) {
				continue
			}
		}
		_ = p.local.HoldPace(ctx, team, b.name, b.limit.Every, b.limit.Burst, retryAfter)
	}
}

// take takes one call from b, from the shared Limiter or, when that fails
// or there is none, from this process's share in Local.
func (p *Pacer) take(ctx context.Context, team string, b bucket, reserve int, maxWait time.Duration) (time.Duration, bool) {
	if p.shared != nil && !b.local {
		wait, ok, err := p.shared.TakePace(ctx, team, b.name, b.limit.Every, b.limit.Burst, reserve, maxWait)
		if p.sharedResult(err) {
			return wait, ok
		}
	}
	l := b.limit
	if n := int(p.replicas.Load()); p.shared != nil && !b.local && n > 1 {
		// Each replica falls back to its share, so that together they
		// stay within the budget the shared Limiter kept.
		l = Limit{Every: l.Every * time.Duration(n), Burst: max(1, l.Burst/n)}
		reserve = min(reserve, l.Burst-1)
	}
	wait, ok, _ := p.local.TakePace(ctx, team, b.name, l.Every, l.Burst, reserve, maxWait)
	return wait, ok
}

// sharedResult reports whether the shared Limiter answered (err nil), and
// logs when it starts or stops failing.
func (p *Pacer) sharedResult(err error) bool {
	if err == nil {
		if p.degraded.CompareAndSwap(true, false) {
			p.log.Info("rate limits: shared budget reachable again")
		}
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if p.degraded.CompareAndSwap(false, true) {
		p.log.Warn("rate limits: shared budget unreachable; pacing this replica on its share",
			"replicas", p.replicas.Load(), "err", err)
	}
	return false
}

// SetReplicas tells the Pacer how many replicas share the workspace, when
// something other than Census knows (Slack's hello counts the app's open
// sockets). It only ever raises the count Census keeps.
func (p *Pacer) SetReplicas(n int) {
	for {
		old := p.replicas.Load()
		if int32(n) <= old || p.replicas.CompareAndSwap(old, int32(n)) {
			return
		}
	}
}

// Replicas is how many replicas the Pacer last knew share the workspace.
func (p *Pacer) Replicas() int { return int(p.replicas.Load()) }

// Census is a shared Limiter that can also count the replicas using it.
type Census interface {
	// Replicas records that replica id of team is alive for ttl, and
	// returns how many replicas of team are.
	Replicas(ctx context.Context, team, id string, ttl time.Duration) (int, error)
}

// CensusEvery is how often Run counts the replicas.
const CensusEvery = 15 * time.Second

// Run counts the replicas sharing team's budget every CensusEvery, until
// ctx is done, when the shared Limiter can (Census), so the fallback knows
// its share before it needs it. id names this replica.
func (p *Pacer) Run(ctx context.Context, team, id string) {
	c, ok := p.shared.(Census)
	if !ok || team == "" {
		return
	}
	t := time.NewTicker(CensusEvery)
	defer t.Stop()
	for {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		n, err := c.Replicas(cctx, team, id, 3*CensusEvery)
		cancel()
		if err == nil && n > 0 {
			p.replicas.Store(int32(n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
