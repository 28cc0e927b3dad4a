package redisstore

import (
	"slices"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// TestMigrateFromLayout1: a database written by a ghosted before team-scoped
// indexes (one reminder index and one subscription set for every team, a
// person's welcome claim and draft counter outside their prefix) keeps
// working after the upgrade: reminders and nudges are found by their team's
// scheduler, and Forget finds the person's claim and counter.
func TestMigrateFromLayout1(t *testing.T) {
	old := openEmbedded(t)
	ctx := t.Context()
	c := old.Client()
	p := old.prefix
	at := testNow.Add(time.Hour)
	mustSave(t, old, coach.Deal{ID: "a", Team: "T1", Owner: "U1", Status: coach.StatusSnoozed, UpdatedAt: testNow})
	sub := nudge.Subscription{Team: "T2", Channel: "C9", Weekday: time.Monday, Hour: 9, TZ: "UTC"}
	if err := old.SaveSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	// Layout 1's shared keys and misplaced personal ones.
	for _, cmd := range [][]any{
		{"DEL", p + ":schema", p + ":t:T2:nudges"},
		{"ZADD", p + ":reminders", at.UnixMilli(), "T1:U1:a"},
		{"SADD", p + ":nudges", "T2:C9"},
		{"SET", p + ":claim:welcome:T1:U1", "1", "PX", time.Hour.Milliseconds()},
		{"SET", p + ":count:drafts:T1:U1:2026-01-05", "3", "PX", time.Hour.Milliseconds()},
	} {
		if err := c.Do(ctx, cmd...).Err(); err != nil {
			t.Fatal(err)
		}
	}

	s, err := Open(ctx, "redis://"+old.mini.Addr(), Options{Prefix: p, Clock: old.clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if got := refStrings(dueRefs(t, s, "T1", at, 10)); !slices.Equal(got, []string{"T1:U1:a"}) {
		t.Errorf("T1's reminders after the upgrade: %v", got)
	}
	if got := subscriptions(t, s, "T2"); len(got) != 1 {
		t.Errorf("T2's subscriptions after the upgrade: %v", got)
	}
	for _, k := range []string{p + ":reminders", p + ":nudges", p + ":claim:welcome:T1:U1", p + ":count:drafts:T1:U1:2026-01-05"} {
		if old.mini.Exists(k) {
			t.Errorf("%s is still there", k)
		}
	}
	if ok, _ := s.ClaimUser(ctx, "T1", "U1", "welcome", time.Hour); ok {
		t.Error("the welcome claim did not move: U1 would be greeted twice")
	}
	if n, _ := s.CountUp(ctx, "T1", "U1", "drafts:2026-01-05", time.Hour); n != 4 {
		t.Errorf("the draft counter reads %d after one more, want 4", n)
	}
	if _, err := s.Forget(ctx, "T1", "U1"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.ClaimUser(ctx, "T1", "U1", "welcome", time.Hour); !ok {
		t.Error("Forget missed the moved welcome claim")
	}
	// Opening again changes nothing.
	again, err := Open(ctx, "redis://"+old.mini.Addr(), Options{Prefix: p})
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
	if v, _ := c.Get(ctx, p+":schema").Result(); v != "2" {
		t.Errorf("schema = %q", v)
	}
	// A newer layout is refused rather than misread.
	c.Set(ctx, p+":schema", "3", 0)
	if s3, err := Open(ctx, "redis://"+old.mini.Addr(), Options{Prefix: p}); err == nil {
		s3.Close()
		t.Error("a newer key layout was opened")
	}
}
