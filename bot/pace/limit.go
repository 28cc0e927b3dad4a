package pace

import (
	"context"
	"sync"
	"time"
)

// Limit is a GCRA budget (the generic cell rate algorithm): one call per
// Every on average, and up to Burst calls at once after a quiet spell. A
// bucket is a single time, its "theoretical arrival time" (TAT): where the
// calls taken so far, spaced Every apart, would end. A call may go when
// that end, plus one more Every, is no more than Burst·Every ahead of now.
type Limit struct {
	Every time.Duration
	Burst int
}

// underWindow is the budget for Slack's "at most n calls in any window w":
// a GCRA lets through Burst calls at once and one per Every after, so at
// most Burst + w/Every in any window w. It keeps that a tenth (at least one
// call) under n: the headroom absorbs the delay between the pacer's
// decision and Slack's count of the call, up to headroom·Every (seconds on
// the real tiers). A third of the rest may come as a burst (six streams
// starting at once, thirty App Homes), two thirds are spread over w.
func underWindow(n int, w time.Duration) Limit {
	headroom := max(1, n/10)
	burst := max(1, (n-headroom)/3)
	steady := max(1, n-headroom-burst)
	return Limit{Every: w / time.Duration(steady), Burst: burst}
}

// underBucket is the budget for a rule stated as a bucket itself, as
// chat.postMessage's per channel is ("one a second, short bursts"): a
// quarter slower, with one call less of burst, which absorbs a delay of up
// to one interval between the pacer's decision and Slack's count.
func underBucket(every time.Duration, burst int) Limit {
	return Limit{Every: every * 5 / 4, Burst: max(1, burst-1)}
}

// take is GCRA over one bucket's TAT (zero: a bucket never used), at now.
// It takes one call when the call could go within maxWait and still leave
// reserve calls that could go at once, and returns the wait and the new
// TAT; else it takes nothing and returns the wait that would be needed.
// coach/redisstore's pace script is the same arithmetic in Lua.
func take(tat, now time.Time, l Limit, maxWait time.Duration, reserve int) (wait time.Duration, next time.Time, ok bool) {
	if tat.Before(now) {
		tat = now
	}
	next = tat.Add(l.Every)
	at := next.Add(-time.Duration(l.Burst-reserve) * l.Every)
	wait = at.Sub(now)
	if wait > maxWait {
		return wait, tat, false
	}
	return max(wait, 0), next, true
}

// hold moves a bucket's TAT so that its next call goes no sooner than d
// from now, as Slack's Retry-After asks, and then at the steady rate: the
// burst is spent.
func hold(tat, now time.Time, l Limit, d time.Duration) time.Time {
	target := now.Add(d + time.Duration(l.Burst-1)*l.Every)
	if target.After(tat) {
		return target
	}
	return tat
}

// Limiter keeps GCRA buckets, by team and bucket name. A Limiter shared by
// every replica of a workspace (coach/redisstore.Store, in Redis) keeps
// them within Slack's limits together; Local keeps this process's.
type Limiter interface {
	// TakePace takes one call from the bucket (every, burst) when it can
	// go within maxWait, leaving reserve calls that could go at once, and
	// returns how long to wait before making it. Otherwise it takes
	// nothing, returns ok false, and the wait the call would need.
	TakePace(ctx context.Context, team, bucket string, every time.Duration, burst, reserve int, maxWait time.Duration) (wait time.Duration, ok bool, err error)
	// HoldPace makes the bucket's next call wait at least d (a 429's
	// Retry-After).
	HoldPace(ctx context.Context, team, bucket string, every time.Duration, burst int, d time.Duration) error
}

// Local is a Limiter in this process's memory: exact for a single process,
// and the fallback when the shared one cannot be reached. The zero value is
// ready to use.
type Local struct {
	// Now tells the time; nil means time.Now. Tests set it.
	Now func() time.Time

	mu      sync.Mutex
	tats    map[string]time.Time
	takes   int // since the last sweep
	sweepAt int // sweep the map when takes reaches it
}

var _ Limiter = (*Local)(nil)

func (l *Local) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// TakePace implements Limiter.
func (l *Local) TakePace(_ context.Context, team, bucket string, every time.Duration, burst, reserve int, maxWait time.Duration) (time.Duration, bool, error) {
	key := team + "\x00" + bucket
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.tats == nil {
		l.tats = make(map[string]time.Time)
	}
	wait, next, ok := take(l.tats[key], now, Limit{Every: every, Burst: burst}, maxWait, reserve)
	if ok {
		l.tats[key] = next
		l.sweepLocked(now)
	}
	return wait, ok, nil
}

// HoldPace implements Limiter.
func (l *Local) HoldPace(_ context.Context, team, bucket string, every time.Duration, burst int, d time.Duration) error {
	key := team + "\x00" + bucket
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.tats == nil {
		l.tats = make(map[string]time.Time)
	}
	l.tats[key] = hold(l.tats[key], now, Limit{Every: every, Burst: burst}, d)
	return nil
}

// sweepLocked drops buckets that are full again (their TAT has passed),
// now and then, so that one bucket per channel ever posted to does not pile
// up: a missing bucket and a full one are the same.
func (l *Local) sweepLocked(now time.Time) {
	l.takes++
	if l.takes < max(l.sweepAt, 1024) {
		return
	}
	for k, tat := range l.tats {
		if !tat.After(now) {
			delete(l.tats, k)
		}
	}
	l.takes, l.sweepAt = 0, 2*len(l.tats)
}
