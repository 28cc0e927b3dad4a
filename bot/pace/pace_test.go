package pace

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// clock is a settable time for Local.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestTakeSpendsTheBurstThenPaces(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	l := &Local{Now: c.now}
	ctx := context.Background()
	take := func(reserve int, maxWait time.Duration) (time.Duration, bool) {
		w, ok, _ := l.TakePace(ctx, "T1", "chat.update", time.Second, 3, reserve, maxWait)
		return w, ok
	}
	for i := range 3 {
		if w, ok := take(0, 0); !ok || w != 0 {
			t.Fatalf("call %d of the burst: wait %v, ok %v", i+1, w, ok)
		}
	}
	if w, ok := take(0, 0); ok || w != time.Second {
		t.Fatalf("past the burst without waiting: wait %v, ok %v; want refused, 1s", w, ok)
	}
	// A refused call takes nothing: the next one is told the same wait.
	if w, ok := take(0, 2*time.Second); !ok || w != time.Second {
		t.Fatalf("past the burst, may wait: wait %v, ok %v; want 1s", w, ok)
	}
	// Its place is taken: the one after waits one more interval.
	if w, ok := take(0, time.Minute); !ok || w != 2*time.Second {
		t.Fatalf("second past the burst: wait %v, ok %v; want 2s", w, ok)
	}
	// After a quiet spell the burst is back.
	c.t = c.t.Add(time.Minute)
	for i := range 3 {
		if _, ok := take(0, 0); !ok {
			t.Fatalf("burst after a quiet spell: call %d refused", i+1)
		}
	}
}

func TestTakeKeepsTheReserve(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	l := &Local{Now: c.now}
	ctx := context.Background()
	// Burst 4, reserve 2: two optional calls, then the rest is kept.
	var took int
	for range 5 {
		if _, ok, _ := l.TakePace(ctx, "T1", "chat.appendStream", time.Second, 4, 2, 0); ok {
			took++
		}
	}
	if took != 2 {
		t.Fatalf("optional calls took %d of a burst of 4 with 2 in reserve, want 2", took)
	}
	for i := range 2 {
		if _, ok, _ := l.TakePace(ctx, "T1", "chat.appendStream", time.Second, 4, 0, 0); !ok {
			t.Fatalf("call %d that must happen found the reserve spent", i+1)
		}
	}
}

func TestHoldWaitsOutRetryAfterThenPaces(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	l := &Local{Now: c.now}
	ctx := context.Background()
	_ = l.HoldPace(ctx, "T1", "chat.stopStream", time.Second, 5, 7*time.Second)
	if w, ok, _ := l.TakePace(ctx, "T1", "chat.stopStream", time.Second, 5, 0, 0); ok || w != 7*time.Second {
		t.Fatalf("during the hold: wait %v, ok %v; want refused, 7s", w, ok)
	}
	c.t = c.t.Add(7 * time.Second)
	if _, ok, _ := l.TakePace(ctx, "T1", "chat.stopStream", time.Second, 5, 0, 0); !ok {
		t.Fatal("refused once the hold was over")
	}
	// The burst was spent by the hold: the next call is a step later.
	if w, _, _ := l.TakePace(ctx, "T1", "chat.stopStream", time.Second, 5, 0, time.Minute); w != time.Second {
		t.Errorf("after the hold: wait %v, want 1s (no burst)", w)
	}
	// Other teams and buckets are not held.
	if _, ok, _ := l.TakePace(ctx, "T2", "chat.stopStream", time.Second, 5, 0, 0); !ok {
		t.Error("another team was held")
	}
}

// TestBudgetsStayUnderSlacksLimits drives the budgets with callers far
// faster than Slack allows, delays each call by up to the jitter the
// headroom is meant to absorb, and counts what Slack would: for the tiers,
// calls in any window of a minute; for chat.postMessage in one channel,
// whether the calls fit Slack's bucket of one a second with a burst.
func TestBudgetsStayUnderSlacksLimits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Unix(1_800_000_000, 0)
	// admitted runs callers against l for d: a flood (one every gap or
	// so, each willing to wait two intervals) for a minute, then a minute
	// of quiet that refills the burst, and so on. It returns when Slack sees
	// each call: the calls of a flood's first seconds late by jitter, the
	// others late or not at random. Late first calls and punctual later ones
	// is the worst case: it packs the most calls into one window.
	admitted := func(l Limit, gap, d, jitter time.Duration) []time.Time {
		local := &Local{}
		var at []time.Time
		for now := start; now.Before(start.Add(d)); now = now.Add(time.Duration(rng.Int64N(int64(2 * gap)))) {
			into := now.Sub(start) % (2 * time.Minute)
			if into >= time.Minute {
				continue
			}
			local.Now = func() time.Time { return now }
			w, ok, _ := local.TakePace(context.Background(), "T", "m", l.Every, l.Burst, 0, 2*l.Every)
			if ok {
				late := time.Duration(0)
				if into < jitter+time.Duration(l.Burst)*l.Every || rng.IntN(2) == 0 {
					late = jitter
				}
				at = append(at, now.Add(w+late))
			}
		}
		slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
		return at
	}
	for _, tier := range []Tier{Tier2, Tier3, Tier4, TierPost} {
		n := tier.PerMinute()
		l := underWindow(n, time.Minute)
		jitter := time.Duration(max(1, n/10)) * l.Every * 9 / 10
		calls := admitted(l, time.Minute/time.Duration(5*n), 60*time.Minute, jitter)
		most := 0
		for i, c := range calls {
			j, _ := slices.BinarySearchFunc(calls, c.Add(-time.Minute), func(a, b time.Time) int {
				if !a.After(b) {
					return -1
				}
				return 1
			})
			most = max(most, i-j+1)
		}
		if most > n {
			t.Errorf("tier %d (%d a minute): %d calls in one minute with %v of jitter", tier, n, most, jitter)
		}
		// The budget is not needlessly small either: over the 30 minutes
		// of flood it gets at least 70% of what Slack allows.
		if len(calls) < 30*n*7/10 {
			t.Errorf("tier %d: %d calls in 30 minutes of flood, want at least %d", tier, len(calls), 30*n*7/10)
		}
	}

	// chat.postMessage per channel: Slack's bucket (one a second, burst 3)
	// must accept every call.
	l := underBucket(PostEvery, PostBurst)
	calls := admitted(l, 100*time.Millisecond, 60*time.Minute, PostEvery*9/10)
	var tat time.Time
	for i, c := range calls {
		if tat.Before(c) {
			tat = c
		}
		if tat.Add(PostEvery).Sub(c) > time.Duration(PostBurst)*PostEvery {
			t.Fatalf("post %d in one channel at %v is over Slack's bucket", i, c.Sub(start))
		}
		tat = tat.Add(PostEvery)
	}
}

// failing is a shared Limiter that is down.
type failing struct{ calls int }

func (f *failing) TakePace(context.Context, string, string, time.Duration, int, int, time.Duration) (time.Duration, bool, error) {
	f.calls++
	return 0, false, errors.New("connection refused")
}

func (f *failing) HoldPace(context.Context, string, string, time.Duration, int, time.Duration) error {
	f.calls++
	return errors.New("connection refused")
}

func TestFallbackTakesThisReplicasShare(t *testing.T) {
	var logs bytes.Buffer
	shared := &failing{}
	p := New(Options{Shared: shared, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	p.SetReplicas(3)
	ctx := context.Background()
	l := p.Limit("chat.update") // tier 3
	took := 0
	for range 100 {
		if p.Try(ctx, "T1", "chat.update", "", 0) {
			took++
		}
	}
	if want := max(1, l.Burst/3); took != want {
		t.Errorf("with the shared budget down and 3 replicas, a burst of %d calls, want a third of %d", took, l.Burst)
	}
	if shared.calls == 0 {
		t.Error("the shared limiter was never asked")
	}
	if n := strings.Count(logs.String(), "shared budget unreachable"); n != 1 {
		t.Errorf("the outage was logged %d times, want once:\n%s", n, logs.String())
	}
}

func TestWaitRefusesPastMaxWait(t *testing.T) {
	p := New(Options{Minute: time.Hour}) // tier 2: one stop a few minutes
	ctx := context.Background()
	l := p.Limit("chat.stopStream")
	for range l.Burst {
		if err := p.Wait(ctx, "T1", "chat.stopStream", "", 0); err != nil {
			t.Fatal(err)
		}
	}
	err := p.Wait(ctx, "T1", "chat.stopStream", "", time.Second)
	var we *WaitError
	if !errors.As(err, &we) || we.Wait < time.Minute || !we.Retryable() {
		t.Fatalf("past the burst with a second to spare: %v, want a retryable WaitError of minutes", err)
	}
	// Unpaced methods and an unknown team never wait.
	if err := p.Wait(ctx, "T1", "auth.test", "", 0); err != nil {
		t.Error(err)
	}
	if err := p.Wait(ctx, "", "chat.stopStream", "", 0); err != nil {
		t.Error(err)
	}
}

func TestPostMessageCountsItsChannel(t *testing.T) {
	p := New(Options{})
	ctx := context.Background()
	ch := underBucket(PostEvery, PostBurst)
	for i := range ch.Burst {
		if !p.Try(ctx, "T1", "chat.postMessage", "C1", 0) {
			t.Fatalf("post %d in C1 refused within the channel's burst", i+1)
		}
	}
	if p.Try(ctx, "T1", "chat.postMessage", "C1", 0) {
		t.Error("C1 took a post past its burst")
	}
	if !p.Try(ctx, "T1", "chat.postMessage", "C2", 0) {
		t.Error("C2 was refused for C1's posts")
	}
	// The channel's second scales with the minute, as the tiers do.
	slow := New(Options{Minute: time.Hour})
	if b := slow.buckets("chat.postMessage", "C1"); len(b) != 2 || b[1].limit.Every != 60*underBucket(PostEvery, PostBurst).Every {
		t.Errorf("an hour-long minute gives the channel bucket %+v", b)
	}
}

func TestLocalForgetsFullBuckets(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	l := &Local{Now: c.now}
	for i := range 5000 {
		_, _, _ = l.TakePace(context.Background(), "T1", "chat.postMessage:C"+string(rune('a'+i%26))+time.Duration(i).String(), time.Second, 2, 0, 0)
		c.t = c.t.Add(100 * time.Millisecond)
	}
	if n := len(l.tats); n > 2100 {
		t.Errorf("%d buckets kept for calls spread over 500 s at one-second intervals", n)
	}
}

// counting is a shared Limiter that records the buckets it was asked for.
type counting struct {
	Local
	buckets []string
}

func (c *counting) TakePace(ctx context.Context, team, bucket string, every time.Duration, burst, reserve int, maxWait time.Duration) (time.Duration, bool, error) {
	c.buckets = append(c.buckets, bucket)
	return c.Local.TakePace(ctx, team, bucket, every, burst, reserve, maxWait)
}

// TestChannelBucketStaysLocal: a post takes one round trip to the shared
// budget (the workspace's), and its channel's bucket from this process.
func TestChannelBucketStaysLocal(t *testing.T) {
	shared := &counting{}
	p := New(Options{Shared: shared})
	ctx := context.Background()
	for range 2 {
		if err := p.Wait(ctx, "T1", "chat.postMessage", "C1", time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(shared.buckets, []string{"chat.postMessage", "chat.postMessage"}) {
		t.Errorf("shared buckets asked: %v, want the workspace's once per post", shared.buckets)
	}
	// The channel's bucket is still counted, here.
	if p.Try(ctx, "T1", "chat.postMessage", "C1", 0) {
		t.Error("a third post at once in C1 went past the channel's burst of 2")
	}
}
