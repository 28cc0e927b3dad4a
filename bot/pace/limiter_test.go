package pace_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"

	"github.com/ghosted-bot/ghosted/bot/pace"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// TestLimiterContract runs the same budget through every Limiter: this
// process's (Local) and the one replicas share (redisstore, embedded, or
// the server in REDIS_URL). The intervals are long, so the milliseconds a
// call to Redis takes cannot change an answer.
func TestLimiterContract(t *testing.T) {
	local := &pace.Local{}
	store := openStore(t)
	for name, l := range map[string]pace.Limiter{"local": local, "redis": store} {
		t.Run(name, func(t *testing.T) { limiterContract(t, l) })
	}
}

func limiterContract(t *testing.T, l pace.Limiter) {
	ctx := context.Background()
	team := "T" + randomID()
	const every, burst = 10 * time.Second, 3
	near := func(got, want time.Duration) bool { return got >= want-time.Second && got <= want }
	take := func(bucket string, reserve int, maxWait time.Duration) (time.Duration, bool) {
		t.Helper()
		w, ok, err := l.TakePace(ctx, team, bucket, every, burst, reserve, maxWait)
		if err != nil {
			t.Fatal(err)
		}
		return w, ok
	}

	// The burst goes at once; the next call waits one interval, and a
	// refusal takes nothing.
	for i := range burst {
		if w, ok := take("chat.update", 0, 0); !ok || w != 0 {
			t.Fatalf("burst call %d: wait %v ok %v", i+1, w, ok)
		}
	}
	if w, ok := take("chat.update", 0, 0); ok || !near(w, every) {
		t.Fatalf("past the burst: wait %v ok %v, want refused with ~%v", w, ok, every)
	}
	if w, ok := take("chat.update", 0, time.Minute); !ok || !near(w, every) {
		t.Fatalf("past the burst, willing to wait: wait %v ok %v, want ~%v", w, ok, every)
	}
	if w, ok := take("chat.update", 0, time.Minute); !ok || !near(w, 2*every) {
		t.Fatalf("next: wait %v ok %v, want ~%v", w, ok, 2*every)
	}

	// A reserve keeps calls back for those that must happen.
	if _, ok := take("chat.appendStream", 2, 0); !ok {
		t.Fatal("optional call refused on a full bucket")
	}
	if _, ok := take("chat.appendStream", 2, 0); ok {
		t.Fatal("optional call took from the reserve")
	}
	for i := range 2 {
		if _, ok := take("chat.appendStream", 0, 0); !ok {
			t.Fatalf("call %d that must happen found the reserve spent", i+1)
		}
	}

	// A 429's Retry-After holds the bucket, then it goes at the steady rate.
	if err := l.HoldPace(ctx, team, "chat.stopStream", every, burst, time.Minute); err != nil {
		t.Fatal(err)
	}
	if w, ok := take("chat.stopStream", 0, 0); ok || !near(w, time.Minute) {
		t.Fatalf("held: wait %v ok %v, want refused with ~1m", w, ok)
	}
	if w, ok := take("chat.stopStream", 0, 2*time.Minute); !ok || !near(w, time.Minute) {
		t.Fatalf("held, willing to wait: wait %v ok %v, want ~1m", w, ok)
	}
	if w, _ := take("chat.stopStream", 0, 2*time.Minute); !near(w, time.Minute+every) {
		t.Fatalf("after the held call: wait %v, want ~%v (the burst is spent)", w, time.Minute+every)
	}
	// A shorter hold does not undo a longer one.
	_ = l.HoldPace(ctx, team, "chat.stopStream", every, burst, time.Second)
	if w, _ := take("chat.stopStream", 0, 0); w < time.Minute {
		t.Fatalf("a 1s hold shortened a 1m one: wait %v", w)
	}

	// Buckets and teams are separate.
	if _, ok := take("chat.postMessage:C1", 0, 0); !ok {
		t.Fatal("a fresh bucket refused")
	}
	other, ok, err := l.TakePace(ctx, team+"X", "chat.update", every, burst, 0, 0)
	if err != nil || !ok || other != 0 {
		t.Fatalf("another team's chat.update: wait %v ok %v err %v", other, ok, err)
	}
}

func TestRedisLimiterCountsReplicasAndRefusesBadKeys(t *testing.T) {
	store := openStore(t)
	ctx := context.Background()
	team := "T" + randomID()
	for i, id := range []string{"a", "b", "a"} {
		n, err := store.Replicas(ctx, team, id, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if want := min(i+1, 2); n != want {
			t.Errorf("after %d heartbeats: %d replicas, want %d", i+1, n, want)
		}
	}
	if _, _, err := store.TakePace(ctx, "", "chat.update", time.Second, 1, 0, 0); err == nil {
		t.Error("an empty team was accepted")
	}
	if _, _, err := store.TakePace(ctx, team, "chat.update", 0, 1, 0, 0); err == nil {
		t.Error("a zero interval was accepted")
	}
}

func openStore(t *testing.T) *redisstore.Store {
	t.Helper()
	s, err := redisstore.Open(context.Background(), os.Getenv("REDIS_URL"), redisstore.Options{Prefix: "pacetest-" + randomID()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if !s.Embedded() {
			ctx := context.Background()
			keys, _ := redistest.Client(s).Keys(ctx, s.Prefix()+":*").Result()
			if len(keys) > 0 {
				redistest.Client(s).Del(ctx, keys...)
			}
		}
		s.Close()
	})
	return s
}

func randomID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
