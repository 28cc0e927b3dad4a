package redisstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// runSafetyContract is the part of the contract that keeps every change to
// a deal safe: created once, changed only by compare-and-set, forgotten for
// good, kept as long as its reminder needs it. runContract runs it.
func runSafetyContract(t *testing.T, open func(t *testing.T) *Store) {
	key := coach.DealKey{Team: "T1", Owner: "U1", ID: "d1"}
	touch := func(at time.Time) coach.Change {
		return func(d *coach.Deal) ([]coach.Effect, error) {
			d.Touches = append(d.Touches, coach.Touch{At: at})
			return []coach.Effect{coach.Say{Text: "noted"}}, nil
		}
	}

	t.Run("CreateOnce", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		d := coach.Deal{ID: key.ID, Team: key.Team, Owner: key.Owner, Story: "first", UpdatedAt: testNow}
		if err := s.CreateDeal(ctx, d); err != nil {
			t.Fatal(err)
		}
		d.Story = "second"
		if err := s.CreateDeal(ctx, d); !errors.Is(err, coach.ErrExists) {
			t.Errorf("CreateDeal of a taken key: error = %v, want ErrExists", err)
		}
		got, err := s.Deal(ctx, key)
		if err != nil || got.Story != "first" || got.Version != 1 {
			t.Errorf("after a second create: story %q version %d, %v; want the first, version 1", got.Story, got.Version, err)
		}
	})

	t.Run("UpdateConcurrently", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		mustSave(t, s, coach.Deal{ID: key.ID, Team: key.Team, Owner: key.Owner, UpdatedAt: testNow})
		const n = 12
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				for {
					_, fx, err := s.UpdateDeal(ctx, key, touch(testNow.Add(time.Duration(i)*time.Minute)))
					if errors.Is(err, coach.ErrConflict) {
						continue // a dozen writers of one deal at once: try again
					}
					if err != nil || len(fx) != 1 {
						t.Errorf("UpdateDeal = %v, %v", fx, err)
					}
					return
				}
			})
		}
		wg.Wait()
		got, err := s.Deal(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Touches) != n {
			t.Errorf("%d of %d concurrent changes kept: a change was lost", len(got.Touches), n)
		}
		if got.Version != 1+n {
			t.Errorf("version %d after %d changes of version 1", got.Version, n)
		}
	})

	t.Run("UpdateAppliesAgainOnAFreshCopy", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		mustSave(t, s, coach.Deal{ID: key.ID, Team: key.Team, Owner: key.Owner, Status: coach.StatusQuiet, UpdatedAt: testNow})
		calls := 0
		var seen []coach.Status
		got, _, err := s.UpdateDeal(ctx, key, func(d *coach.Deal) ([]coach.Effect, error) {
			calls++
			seen = append(seen, d.Status)
			if calls == 1 {
				// Someone else's change lands between this read and its write.
				if _, _, err := s.UpdateDeal(ctx, key, func(d *coach.Deal) ([]coach.Effect, error) {
					d.Status, d.RevivedAt = coach.StatusRevived, testNow
					return nil, nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			d.RemindAt = testNow.AddDate(0, 0, 7)
			return nil, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if calls != 2 || !slices.Equal(seen, []coach.Status{coach.StatusQuiet, coach.StatusRevived}) {
			t.Errorf("change ran %d times on %v; want twice, the second time on the revived deal", calls, seen)
		}
		if got.Status != coach.StatusRevived || got.RemindAt.IsZero() || got.Version != 3 {
			t.Errorf("stored: status %q, remind %v, version %d; want both changes, version 3", got.Status, got.RemindAt, got.Version)
		}
	})

	t.Run("UpdateErrors", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		if _, _, err := s.UpdateDeal(ctx, key, touch(testNow)); !errors.Is(err, coach.ErrNotFound) {
			t.Errorf("UpdateDeal of no deal: error = %v, want ErrNotFound", err)
		}
		mustSave(t, s, coach.Deal{ID: key.ID, Team: key.Team, Owner: key.Owner, Story: "kept", UpdatedAt: testNow})
		refuse := errors.New("not now")
		was, fx, err := s.UpdateDeal(ctx, key, func(d *coach.Deal) ([]coach.Effect, error) {
			d.Story = "changed"
			return []coach.Effect{coach.Say{}}, refuse
		})
		if err != refuse || fx != nil || was.Story != "kept" {
			t.Errorf("failing change = %q, %v, %v; want the deal as read and the error itself", was.Story, fx, err)
		}
		if _, _, err := s.UpdateDeal(ctx, key, func(d *coach.Deal) ([]coach.Effect, error) {
			d.Owner = "U2"
			return nil, nil
		}); err == nil {
			t.Error("a change moved the deal to another owner")
		}
		// A change that changes nothing writes nothing.
		if _, _, err := s.UpdateDeal(ctx, key, func(*coach.Deal) ([]coach.Effect, error) { return nil, nil }); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Deal(ctx, key)
		if got.Story != "kept" || got.Version != 1 {
			t.Errorf("stored %q version %d; want it untouched", got.Story, got.Version)
		}
		if _, err := s.Deal(ctx, coach.DealKey{Team: "T1", Owner: "U2", ID: key.ID}); !errors.Is(err, coach.ErrNotFound) {
			t.Errorf("U2 reads U1's deal: %v", err)
		}
	})

	t.Run("ForgetLeavesTombstones", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		mustSave(t, s, coach.Deal{ID: key.ID, Team: key.Team, Owner: key.Owner, Status: coach.StatusSnoozed, RemindAt: testNow.Add(time.Hour), UpdatedAt: testNow})
		refs := dueRefs(t, s, "T1", testNow.Add(time.Hour), 10)
		if n, err := s.Forget(ctx, "T1", "U1"); n != 1 || err != nil {
			t.Fatalf("Forget = %d, %v", n, err)
		}
		for name, err := range map[string]error{
			"Deal":       second(s.Deal(ctx, key)),
			"UpdateDeal": third(s.UpdateDeal(ctx, key, touch(testNow))),
			"BindThread": s.BindThread(ctx, key, "D1:1.1"),
		} {
			if !errors.Is(err, coach.ErrForgotten) || !errors.Is(err, coach.ErrNotFound) {
				t.Errorf("%s of a forgotten deal: error = %v, want ErrForgotten", name, err)
			}
		}
		if err := s.CreateDeal(ctx, coach.Deal{ID: key.ID, Team: key.Team, Owner: key.Owner}); !errors.Is(err, coach.ErrExists) {
			t.Errorf("CreateDeal of a forgotten deal: error = %v, want ErrExists", err)
		}
		// A reminder DM that failed while the deal was forgotten is not put
		// back.
		if err := s.RestoreReminder(ctx, refs[0]); err != nil {
			t.Fatal(err)
		}
		if got := dueRefs(t, s, "T1", testNow.Add(time.Hour), 10); len(got) != 0 {
			t.Errorf("a forgotten deal's reminder came back: %v", refStrings(got))
		}
		k := s.ownerKeys("T1", "U1")
		if v, _ := s.client.Get(ctx, k.gone(key.ID)).Result(); v != "1" {
			t.Errorf("tombstone holds %q", v)
		}
		assertTTL(t, s, s.tombstoneTTL, k.gone(key.ID))
	})

	t.Run("ForgetLeavesNothingOfThePerson", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		now := s.clock.Now()
		for i, o := range []string{"U1", "U2"} {
			for _, id := range []string{"a", "b"} {
				mustSave(t, s, coach.Deal{ID: id, Team: "T1", Owner: o, Story: "Dana went quiet; " + o, Status: coach.StatusSnoozed, RemindAt: now.AddDate(0, 1, 0), UpdatedAt: testNow})
				mustBind(t, s, "T1", "D"+o+":"+id, o, id)
			}
			if _, err := s.ClaimUser(ctx, "T1", o, "welcome", 365*24*time.Hour); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CountUp(ctx, "T1", o, "drafts:2026-01-05", 48*time.Hour); err != nil {
				t.Fatal(err)
			}
			// Work claims (event dedupe) name work, not people: they stay.
			if _, err := s.Claim(ctx, "T1", fmt.Sprintf("ev:Ev%d", i), time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		mustSave(t, s, coach.Deal{ID: "a", Team: "T2", Owner: "U1", UpdatedAt: testNow})
		for i, by := range []string{"U1", "U2"} {
			if err := s.SaveSubscription(ctx, nudge.Subscription{Team: "T1", Channel: fmt.Sprintf("C%d", i), Weekday: time.Monday, Hour: 9, TZ: "UTC", CreatedBy: by, CreatedAt: testNow}); err != nil {
				t.Fatal(err)
			}
		}

		if _, err := s.Forget(ctx, "T1", "U1"); err != nil {
			t.Fatal(err)
		}
		// Every key of the store: none may name U1 or hold anything of
		// theirs, except the deals' tombstones (named, holding "1") and U1's
		// data in another team, which this Forget was not about.
		var tombstones []string
		for _, k := range scanKeys(t, s, s.prefix+":*") {
			content := keyContent(t, s, k)
			switch {
			case strings.HasPrefix(k, s.teamPrefix("T2")):
			case strings.HasPrefix(k, s.ownerKeys("T1", "U1").gonePrefix()):
				tombstones = append(tombstones, k)
				if content != "1" {
					t.Errorf("tombstone %s holds %q", k, content)
				}
			case strings.Contains(k, "U1") || strings.Contains(content, "U1"):
				t.Errorf("after Forget(T1, U1), %s still holds them: %.200q", k, content)
			}
		}
		if len(tombstones) != 2 {
			t.Errorf("tombstones %v, want one per deal", tombstones)
		}
		// Everyone else keeps everything; the channel keeps its nudge.
		if got := ids(mustDeals(t, s, "T1", "U2")); len(got) != 2 {
			t.Errorf("U2's deals after U1 forgot: %v", got)
		}
		if k, err := s.ThreadDeal(ctx, "T1", "DU2:a"); err != nil || k.Owner != "U2" {
			t.Errorf("U2's thread after U1 forgot: %v %v", k, err)
		}
		if ok, _ := s.ClaimUser(ctx, "T1", "U2", "welcome", time.Hour); ok {
			t.Error("U2's welcome claim went with U1's data")
		}
		if n, _ := s.CountUp(ctx, "T1", "U2", "drafts:2026-01-05", time.Hour); n != 2 {
			t.Errorf("U2's counter reads %d, want 2", n)
		}
		if sub, err := s.Subscription(ctx, "T1", "C0"); err != nil || sub.CreatedBy != "" || sub.Hour != 9 {
			t.Errorf("the channel U1 subscribed: %+v, %v; want it kept without U1", sub, err)
		}
		if sub, _ := s.Subscription(ctx, "T1", "C1"); sub.CreatedBy != "U2" {
			t.Errorf("U2's subscription lost its creator: %+v", sub)
		}
		if got := refStrings(dueRefs(t, s, "T1", now.AddDate(0, 2, 0), 10)); !slices.Equal(got, []string{"T1:U2:a", "T1:U2:b"}) {
			t.Errorf("reminders after Forget = %v", got)
		}
		// What was forgotten starts afresh.
		if ok, _ := s.ClaimUser(ctx, "T1", "U1", "welcome", time.Hour); !ok {
			t.Error("U1 is still marked as greeted")
		}
	})

	t.Run("RemindDateOutlivesRetention", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		at := s.clock.Now().AddDate(2, 0, 0)
		mustSave(t, s, coach.Deal{ID: key.ID, Team: key.Team, Owner: key.Owner, UpdatedAt: testNow})
		mustBind(t, s, key.Team, "D1:1.1", key.Owner, key.ID)
		if _, _, err := s.UpdateDeal(ctx, key, func(d *coach.Deal) ([]coach.Effect, error) {
			d.Status, d.RemindAt = coach.StatusSnoozed, at
			return nil, nil
		}); err != nil {
			t.Fatal(err)
		}
		want := at.Sub(s.clock.Now()) + RemindGrace
		k := s.ownerKeys(key.Team, key.Owner)
		assertTTL(t, s, want, k.deal(key.ID), k.index, k.threads, k.owners, s.threadKey(key.Team, "D1:1.1"))
		// Another deal of the owner, kept for the retention only, does not
		// shorten what leads to the first.
		mustSave(t, s, coach.Deal{ID: "other", Team: key.Team, Owner: key.Owner, UpdatedAt: testNow})
		assertTTL(t, s, s.retention, k.deal("other"))
		assertTTL(t, s, want, k.index, k.threads, k.owners)
	})

	t.Run("BindingRefreshedWithItsDeal", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		mustSave(t, s, coach.Deal{ID: key.ID, Team: key.Team, Owner: key.Owner, UpdatedAt: testNow})
		mustSave(t, s, coach.Deal{ID: "other", Team: key.Team, Owner: key.Owner, UpdatedAt: testNow})
		mustBind(t, s, key.Team, "D1:1.1", key.Owner, key.ID)
		mustBind(t, s, key.Team, "D1:2.2", key.Owner, "other")
		binding := s.threadKey(key.Team, "D1:1.1")
		for _, k := range []string{binding, s.threadKey(key.Team, "D1:2.2")} {
			if err := s.client.PExpire(ctx, k, time.Minute).Err(); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := s.UpdateDeal(ctx, key, touch(testNow)); err != nil {
			t.Fatal(err)
		}
		assertTTL(t, s, s.retention, binding)
		assertTTL(t, s, time.Minute, s.threadKey(key.Team, "D1:2.2"))
	})

	t.Run("UserClaims", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		for i, want := range []bool{true, false} {
			if ok, err := s.ClaimUser(ctx, "T1", "U1", "welcome", time.Hour); ok != want || err != nil {
				t.Errorf("ClaimUser #%d = %v, %v; want %v", i+1, ok, err, want)
			}
		}
		if ok, _ := s.ClaimUser(ctx, "T1", "U2", "welcome", time.Hour); !ok {
			t.Error("U2's claim was taken by U1's")
		}
		k := s.ownerKeys("T1", "U1")
		assertTTL(t, s, time.Hour, k.claim("welcome"), k.keys)
		if _, err := s.ClaimUser(ctx, "T1", "U1", "x", 0); err == nil {
			t.Error("a claim with no ttl succeeded")
		}
	})
}

// keyContent is a key's value as text: a string, or the members of a set or
// sorted set, or a hash as JSON.
func keyContent(t *testing.T, s *Store, k string) string {
	t.Helper()
	ctx := t.Context()
	c := s.client
	switch typ := c.Type(ctx, k).Val(); typ {
	case "string":
		return c.Get(ctx, k).Val()
	case "set":
		return strings.Join(c.SMembers(ctx, k).Val(), "\n")
	case "zset":
		return strings.Join(c.ZRange(ctx, k, 0, -1).Val(), "\n")
	case "hash":
		b, _ := json.Marshal(c.HGetAll(ctx, k).Val())
		return string(b)
	default:
		return "(" + typ + ")"
	}
}
