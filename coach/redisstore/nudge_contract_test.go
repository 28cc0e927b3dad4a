package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// runNudgeContract is the part of the contract the nudge scheduler relies on:
// the reminder index, subscriptions, last runs and releasable claims. runContract
// runs it, so it covers every backend.
func runNudgeContract(t *testing.T, open func(t *testing.T) *Store) {
	// The stores under test run on testNow; reminders are "ahead" after it.
	ahead := testNow.Add(72 * time.Hour)

	t.Run("ReminderIndex", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		snoozed := coach.Deal{ID: "a", Team: "T1", Owner: "U1", Status: coach.StatusSnoozed, RemindAt: ahead, UpdatedAt: testNow}
		mustSave(t, s, snoozed)
		mustSave(t, s, coach.Deal{ID: "b", Team: "T1", Owner: "U2", Status: coach.StatusQuiet, RemindAt: ahead.Add(time.Hour), UpdatedAt: testNow})
		mustSave(t, s, coach.Deal{ID: "none", Team: "T1", Owner: "U1", Status: coach.StatusQuiet, UpdatedAt: testNow})
		mustSave(t, s, coach.Deal{ID: "won", Team: "T1", Owner: "U1", Status: coach.StatusRevived, RemindAt: ahead, UpdatedAt: testNow})

		if refs := dueRefs(t, s, "T1", ahead.Add(-time.Millisecond), 10); len(refs) != 0 {
			t.Errorf("due before the date = %v, want none", refs)
		}
		refs := dueRefs(t, s, "T1", ahead, 10)
		if want := []string{"T1:U1:a"}; !slices.Equal(refStrings(refs), want) {
			t.Fatalf("due at the date = %v, want %v", refStrings(refs), want)
		}
		if !refs[0].At.Equal(ahead.Truncate(time.Millisecond)) {
			t.Errorf("ref.At = %v, want %v", refs[0].At, ahead)
		}
		if got := refStrings(dueRefs(t, s, "T1", ahead.Add(24*time.Hour), 10)); !slices.Equal(got, []string{"T1:U1:a", "T1:U2:b"}) {
			t.Errorf("due a day later = %v, want a then b, earliest first", got)
		}
		if got := refStrings(dueRefs(t, s, "T1", ahead.Add(24*time.Hour), 1)); !slices.Equal(got, []string{"T1:U1:a"}) {
			t.Errorf("due with limit 1 = %v, want [T1:U1:a]", got)
		}

		// Moving the date moves the entry; clearing it (or reviving the deal)
		// removes it.
		moved := snoozed
		moved.RemindAt = ahead.Add(48 * time.Hour)
		mustSave(t, s, moved)
		if got := refStrings(dueRefs(t, s, "T1", ahead.Add(24*time.Hour), 10)); !slices.Equal(got, []string{"T1:U2:b"}) {
			t.Errorf("due after moving a's date = %v, want [T1:U2:b]", got)
		}
		revived := moved
		revived.Status, revived.RemindAt = coach.StatusRevived, time.Time{}
		mustSave(t, s, revived)
		if n, _ := s.client.ZCard(ctx, s.remindersKey("T1")).Result(); n != 1 {
			t.Errorf("index holds %d entries after a was revived, want 1 (b)", n)
		}
	})

	t.Run("MarkReminded", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		d := coach.Deal{ID: "a", Team: "T1", Owner: "U1", Status: coach.StatusSnoozed, RemindAt: ahead, UpdatedAt: testNow}
		mustSave(t, s, d)
		ref := dueRefs(t, s, "T1", ahead, 10)[0]

		stale := ref
		stale.At = ref.At.Add(-time.Hour)
		if ok, err := s.MarkReminded(ctx, stale); ok || err != nil {
			t.Errorf("MarkReminded with another date = %v, %v; want false: the owner's date wins", ok, err)
		}
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				ok, err := s.MarkReminded(ctx, ref)
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if n := wins.Load(); n != 1 {
			t.Errorf("%d of 20 concurrent MarkReminded won, want exactly 1", n)
		}
		if refs := dueRefs(t, s, "T1", ahead, 10); len(refs) != 0 {
			t.Errorf("due after MarkReminded = %v, want none", refStrings(refs))
		}

		// Saving the deal again (any button on an old card) with the date
		// that already went out does not bring the reminder back…
		later := d
		later.UpdatedAt = ahead.Add(time.Hour)
		s.clock = &coach.FixedClock{T: ahead.Add(time.Hour)}
		mustSave(t, s, later)
		if refs := dueRefs(t, s, "T1", ahead.Add(time.Hour), 10); len(refs) != 0 {
			t.Errorf("due after re-saving a reminded deal = %v, want none: the owner would get a second DM", refStrings(refs))
		}
		// …but a failed DM can be put back, and a new date is a new reminder.
		if err := s.RestoreReminder(ctx, ref); err != nil {
			t.Fatal(err)
		}
		if got := dueRefs(t, s, "T1", ahead, 10); len(got) != 1 || !got[0].At.Equal(ref.At) {
			t.Errorf("due after RestoreReminder = %v, want the ref back", refStrings(got))
		}
		again := later
		again.RemindAt = ahead.Add(30 * 24 * time.Hour)
		mustSave(t, s, again)
		if err := s.RestoreReminder(ctx, ref); err != nil {
			t.Fatal(err)
		}
		if got := dueRefs(t, s, "T1", ahead.Add(29*24*time.Hour), 10); len(got) != 0 {
			t.Errorf("RestoreReminder overwrote the owner's newer date: due = %v", refStrings(got))
		}
		if ok, err := s.MarkReminded(ctx, nudge.DealRef{DealKey: coach.DealKey{Team: "T1", Owner: "U1", ID: "gone"}, At: ahead}); ok || err != nil {
			t.Errorf("MarkReminded of an unknown ref = %v, %v; want false, nil", ok, err)
		}
	})

	t.Run("ReminderForget", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		for _, o := range []string{"U1", "U2"} {
			for _, id := range []string{"a", "b"} {
				mustSave(t, s, coach.Deal{ID: id, Team: "T1", Owner: o, Status: coach.StatusSnoozed, RemindAt: ahead, UpdatedAt: testNow})
			}
		}
		mustSave(t, s, coach.Deal{ID: "a", Team: "T2", Owner: "U1", Status: coach.StatusSnoozed, RemindAt: ahead, UpdatedAt: testNow})
		if _, err := s.Forget(ctx, "T1", "U1"); err != nil {
			t.Fatal(err)
		}
		if got := refStrings(dueRefs(t, s, "T1", ahead, 10)); !slices.Equal(got, []string{"T1:U2:a", "T1:U2:b"}) {
			t.Errorf("due in T1 after Forget(T1, U1) = %v; want only others' reminders", got)
		}
		if got := refStrings(dueRefs(t, s, "T2", ahead, 10)); !slices.Equal(got, []string{"T2:U1:a"}) {
			t.Errorf("due in T2 after Forget(T1, U1) = %v; want U1's reminder in T2 kept", got)
		}
	})

	t.Run("ReminderJunk", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		// Entries this store never writes are dropped rather than left to
		// crowd the head of the index.
		if err := s.client.ZAdd(ctx, s.remindersKey("T1"), redis.Z{Score: 1, Member: "no-colons"}, redis.Z{Score: 2, Member: "a:b:c:d"}).Err(); err != nil {
			t.Fatal(err)
		}
		mustSave(t, s, coach.Deal{ID: "a", Team: "T1", Owner: "U1", Status: coach.StatusSnoozed, RemindAt: ahead, UpdatedAt: testNow})
		if got := refStrings(dueRefs(t, s, "T1", ahead, 10)); !slices.Equal(got, []string{"T1:U1:a"}) {
			t.Errorf("due = %v, want [T1:U1:a]", got)
		}
		if n, _ := s.client.ZCard(ctx, s.remindersKey("T1")).Result(); n != 1 {
			t.Errorf("index holds %d entries, want the junk gone", n)
		}
		if _, err := s.DueReminders(ctx, "T1", ahead, 0); err == nil {
			t.Error("DueReminders with limit 0 succeeded")
		}
	})

	t.Run("Subscriptions", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		if _, err := s.Subscription(ctx, "T1", "C1"); !errors.Is(err, nudge.ErrNoSubscription) {
			t.Errorf("Subscription of an unsubscribed channel error = %v, want ErrNoSubscription", err)
		}
		want := nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Friday, Hour: 8, Minute: 30,
			TZ: "Europe/Berlin", CreatedBy: "U1", CreatedAt: testNow}
		if err := s.SaveSubscription(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := s.Subscription(ctx, "T1", "C1")
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, want.CreatedAt)
		}
		got.CreatedAt = want.CreatedAt
		if got != want {
			t.Errorf("Subscription = %+v, want %+v", got, want)
		}
		// Stored with the weekday by name, for people reading the key.
		raw, err := s.client.Get(ctx, s.subscriptionKey("T1", "C1")).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		var j map[string]any
		if err := json.Unmarshal(raw, &j); err != nil || j["weekday"] != "friday" {
			t.Errorf("stored subscription %s: want \"weekday\":\"friday\"", raw)
		}

		// A new schedule replaces the old one.
		want.Weekday, want.Hour = time.Monday, 9
		if err := s.SaveSubscription(ctx, want); err != nil {
			t.Fatal(err)
		}
		// More channels than one SSCAN batch, over several teams.
		all := map[string]bool{"T1/C1": true}
		for i := range 150 {
			sub := nudge.Subscription{Team: fmt.Sprintf("T%d", i%3+1), Channel: fmt.Sprintf("C%03d", i), Weekday: time.Tuesday, Hour: 10, TZ: "Asia/Kolkata"}
			if err := s.SaveSubscription(ctx, sub); err != nil {
				t.Fatal(err)
			}
			all[sub.Team+"/"+sub.Channel] = true
		}
		visited := map[string]nudge.Subscription{}
		for _, team := range []string{"T1", "T2", "T3"} {
			for k, sub := range subscriptions(t, s, team) {
				visited[k] = sub
			}
		}
		if len(visited) != len(all) {
			t.Errorf("Subscriptions visited %d, want %d", len(visited), len(all))
		}
		for k, sub := range visited {
			if !all[k] {
				t.Errorf("Subscriptions visited %s", k)
			}
			if k == "T1/C1" && (sub.Weekday != time.Monday || sub.Hour != 9) {
				t.Errorf("T1/C1 = %+v, want the replaced schedule", sub)
			}
		}

		ok, err := s.DeleteSubscription(ctx, "T1", "C1")
		if !ok || err != nil {
			t.Errorf("DeleteSubscription = %v, %v; want true, nil", ok, err)
		}
		if ok, err := s.DeleteSubscription(ctx, "T1", "C1"); ok || err != nil {
			t.Errorf("DeleteSubscription again = %v, %v; want false, nil", ok, err)
		}
		if _, err := s.Subscription(ctx, "T1", "C1"); !errors.Is(err, nudge.ErrNoSubscription) {
			t.Errorf("Subscription after delete error = %v, want ErrNoSubscription", err)
		}
		if _, ok := subscriptions(t, s, "T1")["T1/C1"]; ok {
			t.Error("Subscriptions still visits a deleted subscription")
		}

		stop := errors.New("stop")
		calls := 0
		if err := s.Subscriptions(ctx, "T2", func(nudge.Subscription) error { calls++; return stop }); !errors.Is(err, stop) || calls != 1 {
			t.Errorf("Subscriptions with a failing fn = %v after %d calls; want stop after 1", err, calls)
		}
	})

	t.Run("SubscriptionValidation", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		good := nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "UTC"}
		for name, sub := range map[string]nudge.Subscription{
			"zone":    func() nudge.Subscription { b := good; b.TZ = "Mars/Olympus"; return b }(),
			"hour":    func() nudge.Subscription { b := good; b.Hour = 24; return b }(),
			"weekday": func() nudge.Subscription { b := good; b.Weekday = 7; return b }(),
		} {
			if err := s.SaveSubscription(ctx, sub); !errors.Is(err, nudge.ErrSchedule) {
				t.Errorf("SaveSubscription with a bad %s: error = %v, want ErrSchedule", name, err)
			}
		}
		if got := subscriptions(t, s, "T1"); len(got) != 0 {
			t.Errorf("bad subscriptions were stored: %v", got)
		}
	})

	t.Run("SubscriptionsSkipBadRecords", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		for _, c := range []string{"C1", "C2", "C3"} {
			if err := s.SaveSubscription(ctx, nudge.Subscription{Team: "T1", Channel: c, Weekday: time.Monday, Hour: 9, TZ: "UTC"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.client.Set(ctx, s.subscriptionKey("T1", "C2"), "{not json", 0).Err(); err != nil {
			t.Fatal(err)
		}
		var got []string
		err := s.Subscriptions(ctx, "T1", func(sub nudge.Subscription) error { got = append(got, sub.Channel); return nil })
		slices.Sort(got)
		if !slices.Equal(got, []string{"C1", "C3"}) {
			t.Errorf("Subscriptions visited %v, want the good ones [C1 C3]", got)
		}
		if err == nil || !strings.Contains(err.Error(), "C2") {
			t.Errorf("Subscriptions error = %v, want one naming C2", err)
		}
	})

	t.Run("Runs", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		if run, err := s.LastRun(ctx, "T1", "C1"); run.Key != "" || err != nil {
			t.Errorf("LastRun of a new channel = %+v, %v; want zero", run, err)
		}
		want := nudge.Run{Key: "C1:2026-W48", Tip: 7, At: testNow}
		if err := s.RecordRun(ctx, "T1", "C1", want); err != nil {
			t.Fatal(err)
		}
		got, err := s.LastRun(ctx, "T1", "C1")
		if err != nil || got.Key != want.Key || got.Tip != want.Tip || !got.At.Equal(want.At) {
			t.Errorf("LastRun = %+v, %v; want %+v", got, err, want)
		}
		assertTTL(t, s, runTTL, s.runKey("T1", "C1"))
		if run, _ := s.LastRun(ctx, "T1", "C2"); run.Key != "" {
			t.Errorf("LastRun of another channel = %+v", run)
		}
		// Turning the nudge off forgets the last run with the subscription.
		if err := s.SaveSubscription(ctx, nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "UTC"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeleteSubscription(ctx, "T1", "C1"); err != nil {
			t.Fatal(err)
		}
		if run, _ := s.LastRun(ctx, "T1", "C1"); run.Key != "" {
			t.Errorf("LastRun after nudge off = %+v, want zero", run)
		}
	})

	t.Run("ClaimRelease", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		key := nudge.ClaimKey("C1:2026-W48")
		if err := s.Release(ctx, "T1", key); err != nil {
			t.Errorf("Release of a claim not held: %v", err)
		}
		for i, want := range []bool{true, false} {
			if ok, err := s.Claim(ctx, "T1", key, nudge.ClaimTTL); ok != want || err != nil {
				t.Errorf("Claim #%d = %v, %v; want %v", i+1, ok, err, want)
			}
		}
		// The same run key in another team is another team's claim.
		if ok, err := s.Claim(ctx, "T2", key, nudge.ClaimTTL); !ok || err != nil {
			t.Errorf("Claim in T2 = %v, %v; want true: claims are per team", ok, err)
		}
		assertTTL(t, s, nudge.ClaimTTL, s.claimKey("T1", key))
		if err := s.Release(ctx, "T1", key); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.Claim(ctx, "T1", key, nudge.ClaimTTL); !ok || err != nil {
			t.Errorf("Claim after Release = %v, %v; want true", ok, err)
		}
	})

	t.Run("NudgeInvalidIDs", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		for _, id := range []string{"", "a:b", "a b", "nul\x00", strings.Repeat("x", maxIDBytes+1)} {
			sub := nudge.Subscription{Team: "T1", Channel: id, Weekday: time.Monday, Hour: 9, TZ: "UTC"}
			ref := nudge.DealRef{DealKey: coach.DealKey{Team: "T1", Owner: id, ID: "a"}, At: ahead}
			for name, err := range map[string]error{
				"SaveSubscription":   s.SaveSubscription(ctx, sub),
				"DeleteSubscription": second(s.DeleteSubscription(ctx, id, "C1")),
				"Subscription":       second(s.Subscription(ctx, "T1", id)),
				"LastRun":            second(s.LastRun(ctx, id, "C1")),
				"RecordRun":          s.RecordRun(ctx, "T1", id, nudge.Run{Key: "C1:2026-W01"}),
				"MarkReminded":       second(s.MarkReminded(ctx, ref)),
				"RestoreReminder":    s.RestoreReminder(ctx, ref),
				"Release":            s.Release(ctx, "T1", id+" "),
				"Subscriptions":      s.Subscriptions(ctx, id, func(nudge.Subscription) error { return nil }),
				"DueReminders":       second(s.DueReminders(ctx, id, ahead, 1)),
			} {
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("%s(%q) error = %v, want ErrInvalid", name, id, err)
				}
			}
		}
		if err := s.RecordRun(ctx, "T1", "C1", nudge.Run{}); !errors.Is(err, ErrInvalid) {
			t.Errorf("RecordRun without a key: error = %v, want ErrInvalid", err)
		}
	})

	t.Run("NudgeUnavailable", func(t *testing.T) {
		s := open(t)
		cut, p := cuttable(t, s)
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		if err := cut.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		p.close()
		sub := nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "UTC"}
		ref := nudge.DealRef{DealKey: coach.DealKey{Team: "T1", Owner: "U1", ID: "a"}, At: ahead}
		for name, err := range map[string]error{
			"SaveSubscription":   cut.SaveSubscription(ctx, sub),
			"DeleteSubscription": second(cut.DeleteSubscription(ctx, "T1", "C1")),
			"Subscription":       second(cut.Subscription(ctx, "T1", "C1")),
			"Subscriptions":      cut.Subscriptions(ctx, "T1", func(nudge.Subscription) error { return nil }),
			"LastRun":            second(cut.LastRun(ctx, "T1", "C1")),
			"RecordRun":          cut.RecordRun(ctx, "T1", "C1", nudge.Run{Key: "C1:2026-W01"}),
			"DueReminders":       second(cut.DueReminders(ctx, "T1", ahead, 10)),
			"MarkReminded":       second(cut.MarkReminded(ctx, ref)),
			"RestoreReminder":    cut.RestoreReminder(ctx, ref),
			"Release":            cut.Release(ctx, "T1", "k"),
		} {
			if !errors.Is(err, ErrUnavailable) {
				t.Errorf("%s with the server gone: error = %v, want ErrUnavailable", name, err)
			}
		}
	})
}

func dueRefs(t *testing.T, s *Store, team string, now time.Time, limit int) []nudge.DealRef {
	t.Helper()
	refs, err := s.DueReminders(t.Context(), team, now, limit)
	if err != nil {
		t.Fatal(err)
	}
	return refs
}

func refStrings(refs []nudge.DealRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Team + ":" + r.Owner + ":" + r.ID
	}
	return out
}

// subscriptions returns every subscription Subscriptions visits in team, by
// "team/channel", failing on a channel visited twice or of another team.
func subscriptions(t *testing.T, s *Store, team string) map[string]nudge.Subscription {
	t.Helper()
	got := map[string]nudge.Subscription{}
	err := s.Subscriptions(t.Context(), team, func(sub nudge.Subscription) error {
		if sub.Team != team {
			t.Errorf("Subscriptions(%s) visited %s's %s", team, sub.Team, sub.Channel)
		}
		k := sub.Team + "/" + sub.Channel
		if _, dup := got[k]; dup {
			t.Errorf("Subscriptions visited %s twice", k)
		}
		got[k] = sub
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}
