package redisstore

import (
	"slices"
	"strings"
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
	c := old.client
	p := old.prefix
	at := testNow.Add(time.Hour)
	mustSave(t, old, coach.Deal{ID: "a", Team: "T1", Owner: "U1", Status: coach.StatusSnoozed, UpdatedAt: testNow})
	sub := nudge.Subscription{Team: "T2", Channel: "C9", Weekday: time.Monday, Hour: 9, TZ: "UTC"}
	if err := old.SaveSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	toLayout2(t, old)
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
	if v, _ := c.Get(ctx, p+":schema").Result(); v != "3" {
		t.Errorf("schema = %q", v)
	}
	// A newer layout is refused rather than misread.
	c.Set(ctx, p+":schema", "4", 0)
	if s3, err := Open(ctx, "redis://"+old.mini.Addr(), Options{Prefix: p}); err == nil {
		s3.Close()
		t.Error("a newer key layout was opened")
	}
}

// toLayout2 renames every key of s to its layout-2 name, without the hash
// tag, and records layout 2, as a ghosted before hash tags left them.
func toLayout2(t *testing.T, s *Store) {
	t.Helper()
	ctx := t.Context()
	for _, k := range scanKeys(t, s, s.prefix+":t:{*") {
		team, rest, _ := strings.Cut(strings.TrimPrefix(k, s.prefix+":t:{"), "}:")
		if err := s.client.Rename(ctx, k, s.layout2TeamPrefix(team)+rest).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.client.Set(ctx, s.schemaKey(), 2, 0).Err(); err != nil {
		t.Fatal(err)
	}
}

// TestMigrateFromLayout2: a database written before keys had a hash tag
// opens with everything in place under the tagged names, TTLs kept: deals
// with their versions, listings, thread bindings, reminders, claims,
// counters, subscriptions; an index that a new replica already wrote under
// its new name is merged, not overwritten; and Forget still finds it all.
func TestMigrateFromLayout2(t *testing.T) {
	old := openEmbedded(t)
	ctx := t.Context()
	p := old.prefix
	remind := testNow.Add(48 * time.Hour)
	a := coach.DealKey{Team: "T1", Owner: "U1", ID: "a"}
	mustSave(t, old, coach.Deal{ID: "a", Team: "T1", Owner: "U1", Status: coach.StatusSnoozed, RemindAt: remind, UpdatedAt: testNow})
	if _, _, err := old.UpdateDeal(ctx, a, func(d *coach.Deal) ([]coach.Effect, error) { d.Facts.DaysSilent = 21; return nil, nil }); err != nil {
		t.Fatal(err)
	}
	mustSave(t, old, coach.Deal{ID: "z", Team: "T2", Owner: "U9", UpdatedAt: testNow})
	mustBind(t, old, "T1", "D1:1.1", "U1", "a")
	if _, err := old.ClaimUser(ctx, "T1", "U1", "welcome", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := old.CountUp(ctx, "T1", "U1", "drafts:2026-01-05", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Claim(ctx, "T1", "ev:Ev1", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := old.SaveSubscription(ctx, nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "UTC", CreatedBy: "U1"}); err != nil {
		t.Fatal(err)
	}
	toLayout2(t, old)
	if got := scanKeys(t, old, p+":t:{*"); len(got) != 0 {
		t.Fatalf("tagged keys left before the upgrade: %v", got)
	}
	// A replica of the new version, started earlier, wrote a second deal of
	// U1 under the new names already: its index and the team's owners set
	// hold only that deal.
	mustSave(t, old, coach.Deal{ID: "b", Team: "T1", Owner: "U1", UpdatedAt: testNow.Add(time.Minute)})

	s, err := Open(ctx, "redis://"+old.mini.Addr(), Options{Prefix: p, Clock: old.clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if left := scanKeys(t, s, p+":t:T*"); len(left) != 0 {
		t.Errorf("keys without the hash tag after the upgrade: %v", left)
	}
	d, err := s.Deal(ctx, a)
	if err != nil || d.Version != 2 || d.Facts.DaysSilent != 21 {
		t.Errorf("deal a after the upgrade: version %d, days silent %d, %v", d.Version, d.Facts.DaysSilent, err)
	}
	if got := ids(mustDeals(t, s, "T1", "U1")); !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("U1's deals = %v, want b and a (the index merged)", got)
	}
	if got := allDeals(t, s, "T2"); !slices.Equal(got, []string{"U9/z"}) {
		t.Errorf("T2's deals = %v", got)
	}
	if key, err := s.ThreadDeal(ctx, "T1", "D1:1.1"); err != nil || key != a {
		t.Errorf("thread binding after the upgrade: %v, %v", key, err)
	}
	if got := refStrings(dueRefs(t, s, "T1", remind, 10)); !slices.Equal(got, []string{"T1:U1:a"}) {
		t.Errorf("T1's reminders after the upgrade: %v", got)
	}
	if got := subscriptions(t, s, "T1"); len(got) != 1 {
		t.Errorf("T1's subscriptions after the upgrade: %v", got)
	}
	if ok, _ := s.Claim(ctx, "T1", "ev:Ev1", time.Hour); ok {
		t.Error("an event claimed before the upgrade could be claimed again")
	}
	if ok, _ := s.ClaimUser(ctx, "T1", "U1", "welcome", time.Hour); ok {
		t.Error("the welcome claim did not move: U1 would be greeted twice")
	}
	if n, _ := s.CountUp(ctx, "T1", "U1", "drafts:2026-01-05", time.Hour); n != 2 {
		t.Errorf("the draft counter reads %d after one more, want 2", n)
	}
	assertTTL(t, s, s.retention, s.ownerKeys("T1", "U1").deal("b"))
	if ttl, _ := s.client.PTTL(ctx, s.ownerKeys("T1", "U1").deal("a")).Result(); ttl <= 0 {
		t.Errorf("deal a lost its TTL in the move: %v", ttl)
	}
	if n, err := s.Forget(ctx, "T1", "U1"); err != nil || n != 2 {
		t.Errorf("Forget after the upgrade: %d deals, %v; want 2", n, err)
	}
	for _, k := range scanKeys(t, s, s.teamPrefix("T1")+"u:U1:*") {
		if !strings.Contains(k, ":gone:") {
			t.Errorf("Forget left %s", k)
		}
	}
}
