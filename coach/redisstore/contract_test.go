package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"
)

// runContract is the behaviour every backend of the store must show. open
// returns a fresh, empty store for one subtest and arranges its cleanup.
// Nothing here may assume which backend it runs on; backend-only checks live
// next to TestEmbedded and TestRealRedis.
func runContract(t *testing.T, open func(t *testing.T) *Store) {
	t0 := time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.FixedZone("CET", 3600))

	t.Run("RoundTrip", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		want := fullDeal("T1", "U1", "deal-1", t0)
		assertFullyPopulated(t, want)
		if err := s.CreateDeal(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := s.Deal(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: "deal-1"})
		if err != nil {
			t.Fatal(err)
		}
		assertSameDeal(t, got, fullDeal("T1", "U1", "deal-1", t0))
		if !got.Facts.Dates[0].When.Equal(want.Facts.Dates[0].When) || !got.RemindAt.Equal(want.RemindAt) {
			t.Errorf("times drifted: dates %v → %v, remind %v → %v",
				want.Facts.Dates[0].When, got.Facts.Dates[0].When, want.RemindAt, got.RemindAt)
		}
		list, err := s.Deals(ctx, "T1", "U1")
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 {
			t.Fatalf("Deals = %d deals, want 1", len(list))
		}
		assertSameDeal(t, list[0], fullDeal("T1", "U1", "deal-1", t0))
	})

	t.Run("StampsZeroTimes", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		if err := s.CreateDeal(ctx, coach.Deal{ID: "d", Team: "T1", Owner: "U1"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Deal(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: "d"})
		if err != nil {
			t.Fatal(err)
		}
		now := s.clock.Now()
		if !got.UpdatedAt.Equal(now) || !got.CreatedAt.Equal(now) {
			t.Errorf("UpdatedAt, CreatedAt = %v, %v; want the clock's %v", got.UpdatedAt, got.CreatedAt, now)
		}
	})

	t.Run("Overwrite", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		d := fullDeal("T1", "U1", "deal-1", t0)
		mustSave(t, s, d)
		d.Story = "second version"
		d.Stage = coach.StageDrafted
		d.Pending = nil
		d.Drafts = nil
		d.UpdatedAt = t0.Add(time.Hour)
		mustSave(t, s, d)
		got, err := s.Deal(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: "deal-1"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Story != "second version" || got.Pending != nil || got.Drafts != nil || got.Stage != coach.StageDrafted {
			t.Errorf("overwrite kept old fields: story %q pending %v drafts %d stage %q", got.Story, got.Pending, len(got.Drafts), got.Stage)
		}
		if list := mustDeals(t, s, "T1", "U1"); len(list) != 1 {
			t.Errorf("Deals after overwrite = %d deals, want 1", len(list))
		}
	})

	t.Run("DealsNewestFirst", func(t *testing.T) {
		s := open(t)
		if list := mustDeals(t, s, "T1", "U1"); len(list) != 0 {
			t.Fatalf("Deals of a new owner = %v, want none", ids(list))
		}
		for _, d := range []struct {
			id string
			at time.Duration
		}{
			{"a", 0},
			{"b", time.Hour},
			{"c", 30 * time.Minute},
			// d and e share a millisecond, so only the stored UpdatedAt can
			// order them; the index alone would tie-break by id, e first.
			{"d", 3*time.Hour + 150*time.Microsecond},
			{"e", 3*time.Hour + 10*time.Microsecond},
		} {
			mustSave(t, s, coach.Deal{ID: d.id, Team: "T1", Owner: "U1", CreatedAt: t0, UpdatedAt: t0.Add(d.at)})
		}
		// Saving a again makes it the newest.
		mustSave(t, s, coach.Deal{ID: "a", Team: "T1", Owner: "U1", CreatedAt: t0, UpdatedAt: t0.Add(4 * time.Hour)})
		if d, e := t0.Add(3*time.Hour+150*time.Microsecond), t0.Add(3*time.Hour+10*time.Microsecond); d.UnixMilli() != e.UnixMilli() {
			t.Fatal("fixture: d and e must share a millisecond")
		}
		got := ids(mustDeals(t, s, "T1", "U1"))
		if want := []string{"a", "d", "e", "b", "c"}; !slices.Equal(got, want) {
			t.Errorf("Deals order = %v, want %v", got, want)
		}
	})

	t.Run("OwnerIsolation", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		for _, o := range []struct{ team, owner string }{{"T1", "U1"}, {"T1", "U2"}, {"T2", "U1"}} {
			mustSave(t, s, coach.Deal{ID: "same", Team: o.team, Owner: o.owner, Story: o.team + "/" + o.owner, UpdatedAt: t0})
		}
		mustSave(t, s, coach.Deal{ID: "only-u1", Team: "T1", Owner: "U1", UpdatedAt: t0})
		for _, o := range []struct{ team, owner string }{{"T1", "U1"}, {"T1", "U2"}, {"T2", "U1"}} {
			d, err := s.Deal(ctx, coach.DealKey{Team: o.team, Owner: o.owner, ID: "same"})
			if err != nil {
				t.Fatal(err)
			}
			if want := o.team + "/" + o.owner; d.Story != want {
				t.Errorf("Deal(%s, %s) story = %q, want %q", o.team, o.owner, d.Story, want)
			}
		}
		for _, o := range []struct{ team, owner string }{{"T1", "U2"}, {"T2", "U1"}, {"T3", "U1"}} {
			if _, err := s.Deal(ctx, coach.DealKey{Team: o.team, Owner: o.owner, ID: "only-u1"}); !errors.Is(err, coach.ErrNotFound) {
				t.Errorf("Deal(%s, %s, only-u1) error = %v, want ErrNotFound", o.team, o.owner, err)
			}
		}
		if got := ids(mustDeals(t, s, "T1", "U2")); !slices.Equal(got, []string{"same"}) {
			t.Errorf("Deals(T1, U2) = %v, want [same]", got)
		}
		if got := ids(mustDeals(t, s, "T2", "U1")); !slices.Equal(got, []string{"same"}) {
			t.Errorf("Deals(T2, U1) = %v, want [same]", got)
		}
	})

	t.Run("Forget", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		for _, id := range []string{"a", "b", "c"} {
			mustSave(t, s, coach.Deal{ID: id, Team: "T1", Owner: "U1", UpdatedAt: t0})
		}
		mustSave(t, s, coach.Deal{ID: "a", Team: "T1", Owner: "U2", UpdatedAt: t0})
		mustSave(t, s, coach.Deal{ID: "a", Team: "T2", Owner: "U1", UpdatedAt: t0})
		mustBind(t, s, "T1", "C1:1.1", "U1", "a")
		mustBind(t, s, "T1", "C1:2.2", "U2", "a")
		// A thread U1 bound first and U2 took over is U2's now.
		mustBind(t, s, "T1", "C1:3.3", "U1", "b")
		mustBind(t, s, "T1", "C1:3.3", "U2", "a")

		n, err := s.Forget(ctx, "T1", "U1")
		if err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Errorf("Forget = %d, want 3", n)
		}
		if list := mustDeals(t, s, "T1", "U1"); len(list) != 0 {
			t.Errorf("Deals after Forget = %v, want none", ids(list))
		}
		if _, err := s.Deal(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: "a"}); !errors.Is(err, coach.ErrNotFound) {
			t.Errorf("Deal after Forget error = %v, want ErrNotFound", err)
		}
		if _, err := s.ThreadDeal(ctx, "T1", "C1:1.1"); !errors.Is(err, coach.ErrNotFound) {
			t.Errorf("ThreadDeal of a forgotten owner's thread error = %v, want ErrNotFound", err)
		}
		// Only the deals' tombstones are left, holding nothing.
		k := s.ownerKeys("T1", "U1")
		keys := scanKeys(t, s, s.teamPrefix("T1")+"u:U1:*")
		slices.Sort(keys)
		if want := []string{k.gone("a"), k.gone("b"), k.gone("c")}; !slices.Equal(keys, want) {
			t.Errorf("keys of U1 left after Forget: %v, want the tombstones %v", keys, want)
		}
		// Everyone else keeps their data.
		if got := ids(mustDeals(t, s, "T1", "U2")); !slices.Equal(got, []string{"a"}) {
			t.Errorf("Deals(T1, U2) = %v, want [a]", got)
		}
		if got := ids(mustDeals(t, s, "T2", "U1")); !slices.Equal(got, []string{"a"}) {
			t.Errorf("Deals(T2, U1) = %v, want [a]: Forget is per team", got)
		}
		for _, th := range []string{"C1:2.2", "C1:3.3"} {
			if k, err := s.ThreadDeal(ctx, "T1", th); err != nil || k.Owner != "U2" || k.ID != "a" {
				t.Errorf("ThreadDeal(%s) = %v, %v; want U2, a", th, k, err)
			}
		}
		if got := allDeals(t, s, "T1"); !slices.Equal(got, []string{"U2/a"}) {
			t.Errorf("AllDeals(T1) after Forget = %v, want [U2/a]", got)
		}
		if n, err := s.Forget(ctx, "T1", "U1"); n != 0 || err != nil {
			t.Errorf("Forget again = %d, %v; want 0, nil", n, err)
		}
	})

	t.Run("RetentionTTL", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		mustSave(t, s, coach.Deal{ID: "a", Team: "T1", Owner: "U1", UpdatedAt: t0})
		mustBind(t, s, "T1", "C1:1.1", "U1", "a")
		k := s.ownerKeys("T1", "U1")
		keys := []string{k.deal("a"), k.index, k.threads, k.owners, s.threadKey("T1", "C1:1.1")}
		assertTTL(t, s, s.retention, keys...)

		// Saving again restarts the clock on everything that leads to the deal.
		for _, key := range []string{k.deal("a"), k.index, k.threads, k.owners} {
			if err := s.client.PExpire(ctx, key, time.Minute).Err(); err != nil {
				t.Fatal(err)
			}
		}
		mustSave(t, s, coach.Deal{ID: "a", Team: "T1", Owner: "U1", UpdatedAt: t0.Add(time.Hour)})
		assertTTL(t, s, s.retention, k.deal("a"), k.index, k.threads, k.owners)
	})

	t.Run("ExpiredIndexEntriesSkipped", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		mustSave(t, s, coach.Deal{ID: "keep", Team: "T1", Owner: "U1", UpdatedAt: t0})
		mustSave(t, s, coach.Deal{ID: "gone", Team: "T1", Owner: "U1", UpdatedAt: t0.Add(time.Hour)})
		mustSave(t, s, coach.Deal{ID: "gone", Team: "T1", Owner: "U2", UpdatedAt: t0})
		// Expire the deal keys behind the indexes' back, as Redis does when a
		// deal's TTL runs out before its owner's index's.
		k1, k2 := s.ownerKeys("T1", "U1"), s.ownerKeys("T1", "U2")
		if err := s.client.Del(ctx, k1.deal("gone"), k2.deal("gone")).Err(); err != nil {
			t.Fatal(err)
		}
		if got := ids(mustDeals(t, s, "T1", "U1")); !slices.Equal(got, []string{"keep"}) {
			t.Errorf("Deals = %v, want [keep]", got)
		}
		if _, err := s.Deal(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: "gone"}); !errors.Is(err, coach.ErrNotFound) {
			t.Errorf("Deal(gone) error = %v, want ErrNotFound", err)
		}
		if got := allDeals(t, s, "T1"); !slices.Equal(got, []string{"U1/keep"}) {
			t.Errorf("AllDeals = %v, want [U1/keep]", got)
		}
		// The readers pruned what they skipped: the entry, then the owner
		// left with no deals.
		if n, _ := s.client.ZCard(ctx, k1.index).Result(); n != 1 {
			t.Errorf("U1 index holds %d entries after pruning, want 1", n)
		}
		allDeals(t, s, "T1")
		if owners, _ := s.client.SMembers(ctx, k1.owners).Result(); !slices.Equal(owners, []string{"U1"}) {
			t.Errorf("team owners = %v after pruning, want [U1]", owners)
		}
		// Pruning never hides a deal saved again under the same id.
		mustSave(t, s, coach.Deal{ID: "gone", Team: "T1", Owner: "U1", UpdatedAt: t0.Add(2 * time.Hour)})
		if got := ids(mustDeals(t, s, "T1", "U1")); !slices.Equal(got, []string{"gone", "keep"}) {
			t.Errorf("Deals after re-save = %v, want [gone keep]", got)
		}
		if got := allDeals(t, s, "T1"); !slices.Equal(got, []string{"U1/gone", "U1/keep"}) {
			t.Errorf("AllDeals after re-save = %v, want [U1/gone U1/keep]", got)
		}
	})

	t.Run("Claim", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		for i, want := range []bool{true, false, false} {
			ok, err := s.Claim(ctx, "T1", "slack:event:Ev1", time.Hour)
			if err != nil || ok != want {
				t.Errorf("Claim #%d = %v, %v; want %v, nil", i+1, ok, err, want)
			}
		}
		if ok, err := s.Claim(ctx, "T1", "slack:event:Ev2", time.Hour); !ok || err != nil {
			t.Errorf("Claim of another key = %v, %v; want true, nil", ok, err)
		}
		assertTTL(t, s, time.Hour, s.claimKey("T1", "slack:event:Ev1"))

		var wins atomic.Int32
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for range 20 {
			wg.Go(func() {
				ok, err := s.Claim(ctx, "T1", "slack:event:race", time.Hour)
				if err != nil {
					errs <- err
				}
				if ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n := wins.Load(); n != 1 {
			t.Errorf("%d of 20 concurrent claims won, want exactly 1", n)
		}
	})

	t.Run("ClaimExpires", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		if ok, err := s.Claim(ctx, "T1", "short", 50*time.Millisecond); !ok || err != nil {
			t.Fatalf("Claim = %v, %v; want true, nil", ok, err)
		}
		// The TTL runs on the server's clock (for the embedded server too), so
		// poll rather than guess a sleep.
		deadline := time.Now().Add(5 * time.Second)
		for {
			ok, err := s.Claim(ctx, "T1", "short", 50*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("claim never expired")
			}
			time.Sleep(10 * time.Millisecond)
		}
	})

	t.Run("Threads", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		if _, err := s.ThreadDeal(ctx, "T1", "D1:1.1"); !errors.Is(err, coach.ErrNotFound) {
			t.Errorf("ThreadDeal of an unbound thread error = %v, want ErrNotFound", err)
		}
		// Only a deal that exists can be bound.
		if err := s.BindThread(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: "deal-1"}, "D1:1.1"); !errors.Is(err, coach.ErrNotFound) {
			t.Errorf("BindThread to no deal: error = %v, want ErrNotFound", err)
		}
		mustSave(t, s, coach.Deal{ID: "deal-1", Team: "T1", Owner: "U1", UpdatedAt: t0})
		mustSave(t, s, coach.Deal{ID: "deal-2", Team: "T1", Owner: "U1", UpdatedAt: t0})
		mustBind(t, s, "T1", "D1:1.1", "U1", "deal-1")
		if k, err := s.ThreadDeal(ctx, "T1", "D1:1.1"); k != (coach.DealKey{Team: "T1", Owner: "U1", ID: "deal-1"}) || err != nil {
			t.Errorf("ThreadDeal = %v, %v; want T1/U1/deal-1", k, err)
		}
		if _, err := s.ThreadDeal(ctx, "T2", "D1:1.1"); !errors.Is(err, coach.ErrNotFound) {
			t.Errorf("ThreadDeal in another team error = %v, want ErrNotFound", err)
		}
		mustBind(t, s, "T1", "D1:1.1", "U1", "deal-2")
		if k, err := s.ThreadDeal(ctx, "T1", "D1:1.1"); k.ID != "deal-2" || err != nil {
			t.Errorf("ThreadDeal after rebind = %v, %v; want deal-2", k, err)
		}
		assertTTL(t, s, s.retention, s.threadKey("T1", "D1:1.1"))
	})

	t.Run("AllDeals", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		// More owners than one SSCAN batch (and than Redis keeps in a compact
		// set, which it would return in one go), and one owner with more
		// deals than one MGET chunk.
		want := map[string]bool{}
		for i := range 150 {
			owner := fmt.Sprintf("U%03d", i)
			for _, id := range []string{"a", "b"} {
				mustSave(t, s, coach.Deal{ID: id, Team: "T1", Owner: owner, UpdatedAt: t0})
				want[owner+"/"+id] = true
			}
		}
		for i := range mgetChunk + 44 {
			id := fmt.Sprintf("big-%d", i)
			mustSave(t, s, coach.Deal{ID: id, Team: "T1", Owner: "UBIG", UpdatedAt: t0.Add(time.Duration(i) * time.Second)})
			want["UBIG/"+id] = true
		}
		mustSave(t, s, coach.Deal{ID: "a", Team: "T2", Owner: "U000", UpdatedAt: t0})
		mustSave(t, s, coach.Deal{ID: "other-team", Team: "T2", Owner: "U999", UpdatedAt: t0})

		got := allDeals(t, s, "T1")
		if len(got) != len(want) {
			t.Errorf("AllDeals visited %d deals, want %d", len(got), len(want))
		}
		seen := map[string]bool{}
		for _, g := range got {
			if !want[g] {
				t.Errorf("AllDeals visited %s, not a deal of T1", g)
			}
			if seen[g] {
				t.Errorf("AllDeals visited %s twice", g)
			}
			seen[g] = true
		}
		if big := mustDeals(t, s, "T1", "UBIG"); len(big) != mgetChunk+44 || big[0].ID != fmt.Sprintf("big-%d", mgetChunk+43) {
			t.Errorf("Deals(UBIG) = %d deals starting %v, want %d starting with the newest", len(big), ids(big[:1]), mgetChunk+44)
		}

		stop := errors.New("stop")
		calls := 0
		err := s.AllDeals(ctx, "T1", func(coach.Deal) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("AllDeals with a failing fn = %v after %d calls; want stop after 1", err, calls)
		}
		if got := allDeals(t, s, "T-none"); len(got) != 0 {
			t.Errorf("AllDeals of an empty team = %v", got)
		}
	})

	t.Run("InvalidIDs", func(t *testing.T) {
		s := open(t)
		ctx := t.Context()
		bad := []string{"", "a:b", "a b", "tab\there", "new\nline", "nul\x00", "\xff\xfe", "glob*", strings.Repeat("x", maxIDBytes+1)}
		nop := func(*coach.Deal) ([]coach.Effect, error) { return nil, nil }
		for _, id := range bad {
			for name, err := range map[string]error{
				"CreateDeal.ID":    s.CreateDeal(ctx, coach.Deal{ID: id, Team: "T1", Owner: "U1"}),
				"CreateDeal.Team":  s.CreateDeal(ctx, coach.Deal{ID: "d", Team: id, Owner: "U1"}),
				"CreateDeal.Owner": s.CreateDeal(ctx, coach.Deal{ID: "d", Team: "T1", Owner: id}),
				"UpdateDeal":       third(s.UpdateDeal(ctx, coach.DealKey{Team: "T1", Owner: id, ID: "d"}, nop)),
				"Deal":             second(s.Deal(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: id})),
				"Deals":            second(s.Deals(ctx, id, "U1")),
				"Forget":           second(s.Forget(ctx, "T1", id)),
				"AllDeals":         s.AllDeals(ctx, id, func(coach.Deal) error { return nil }),
				"BindThread":       s.BindThread(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: id}, "C1:1.1"),
				"ThreadDeal":       second(s.ThreadDeal(ctx, id, "C1:1.1")),
				"ClaimUser":        second(s.ClaimUser(ctx, "T1", id, "welcome", time.Minute)),
				"CountUp":          second(s.CountUp(ctx, id, "U1", "drafts", time.Minute)),
			} {
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("%s(%q) error = %v, want ErrInvalid", name, id, err)
				}
			}
		}
		for _, key := range []string{"", "a b", "new\nline", strings.Repeat("k", maxKeyBytes+1)} {
			if _, err := s.Claim(ctx, "T1", key, time.Minute); !errors.Is(err, ErrInvalid) {
				t.Errorf("Claim(%q) error = %v, want ErrInvalid", key, err)
			}
			if err := s.BindThread(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: "d"}, key); !errors.Is(err, ErrInvalid) {
				t.Errorf("BindThread(thread %q) error = %v, want ErrInvalid", key, err)
			}
		}
		if _, err := s.Claim(ctx, "T1", "k", 0); err == nil {
			t.Error("Claim with no ttl succeeded")
		}
		err := s.CreateDeal(ctx, coach.Deal{ID: "a:b", Team: "T1", Owner: "U1"})
		if msg := fmt.Sprint(err); !strings.Contains(msg, `deal id "a:b"`) || !strings.Contains(msg, "':'") {
			t.Errorf("error %q should name the field, the value and the problem", msg)
		}
		// The longest allowed ids work, and nothing bad was stored.
		long := strings.Repeat("x", maxIDBytes)
		mustSave(t, s, coach.Deal{ID: long, Team: "T1", Owner: "U1", UpdatedAt: t0})
		if _, err := s.Deal(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: long}); err != nil {
			t.Error(err)
		}
		if got := allDeals(t, s, "T1"); !slices.Equal(got, []string{"U1/" + long}) {
			t.Errorf("AllDeals = %v, want only the long id", got)
		}
	})

	t.Run("Unavailable", func(t *testing.T) {
		s := open(t)
		cut, p := cuttable(t, s)
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		mustSave(t, cut, coach.Deal{ID: "a", Team: "T1", Owner: "U1", UpdatedAt: t0})
		if err := cut.Ping(ctx); err != nil {
			t.Fatal(err)
		}
		p.close()

		key := coach.DealKey{Team: "T1", Owner: "U1", ID: "a"}
		for name, err := range map[string]error{
			"Ping":       cut.Ping(ctx),
			"CreateDeal": cut.CreateDeal(ctx, coach.Deal{ID: "b", Team: "T1", Owner: "U1"}),
			"UpdateDeal": third(cut.UpdateDeal(ctx, key, func(*coach.Deal) ([]coach.Effect, error) { return nil, nil })),
			"Deal":       second(cut.Deal(ctx, key)),
			"Deals":      second(cut.Deals(ctx, "T1", "U1")),
			"Forget":     second(cut.Forget(ctx, "T1", "U1")),
			"AllDeals":   cut.AllDeals(ctx, "T1", func(coach.Deal) error { return nil }),
			"Claim":      second(cut.Claim(ctx, "T1", "k", time.Minute)),
			"ClaimUser":  second(cut.ClaimUser(ctx, "T1", "U1", "welcome", time.Minute)),
			"CountUp":    second(cut.CountUp(ctx, "T1", "U1", "drafts", time.Minute)),
			"BindThread": cut.BindThread(ctx, key, "C1:1.1"),
			"ThreadDeal": second(cut.ThreadDeal(ctx, "T1", "C1:1.1")),
		} {
			if !errors.Is(err, ErrUnavailable) {
				t.Errorf("%s with the server gone: error = %v, want ErrUnavailable", name, err)
			}
		}
		// A closed store is unavailable too, not a panic.
		cut.Close()
		if err := cut.CreateDeal(ctx, coach.Deal{ID: "c", Team: "T1", Owner: "U1"}); !errors.Is(err, ErrUnavailable) {
			t.Errorf("CreateDeal on a closed store: error = %v, want ErrUnavailable", err)
		}
		// The deal saved before the cut is intact on the real server.
		if _, err := s.Deal(t.Context(), coach.DealKey{Team: "T1", Owner: "U1", ID: "a"}); err != nil {
			t.Error(err)
		}
	})

	runNudgeContract(t, open)
	runSafetyContract(t, open)
}

// fullDeal is a deal with every field set, nested ones included, so a field
// that does not survive the store shows up in RoundTrip. Times carry a zone
// and nanoseconds to catch any loss of precision.
func fullDeal(team, owner, id string, t0 time.Time) coach.Deal {
	lint := coach.LintReport{
		Score:    64,
		Findings: []coach.Finding{{Rule: "pestering", Quote: "just checking in", Advice: "Say something new."}},
		Real:     coach.RealCheck{Feelings: true, Intentions: true, DoorOpen: true},
		Tone:     81,
		Specific: true,
		SelfFocus: &coach.SelfFocus{IWe: 9, You: 2, Quote: "We built it and I think we are the best.",
			Advice: "Turn it around."},
	}
	q := coach.Question{
		ID: "timing-contract", Reason: coach.Timing, Text: "Are they locked into a contract?",
		Options: []coach.Option{
			{Label: "Yes", Value: "yes", Shift: map[coach.ReasonID]float64{coach.Timing: 0.3, coach.Value: -0.1}},
			{Label: "No", Value: "no", Shift: map[coach.ReasonID]float64{coach.Timing: -0.2}},
		},
	}
	return coach.Deal{
		Version: 1,
		ID:      id, Team: team, Owner: owner, Shared: true,
		Story: "Dana at Acme went quiet after the demo 🙂; 3 follow-ups, \"contract\" ends in June.",
		Facts: coach.Facts{
			Prospect: "Dana", Company: "Acme", DaysSilent: 21, FollowUps: 3, Channel: "email",
			Dates:     []coach.KeyDate{{Kind: "contract_end", Text: "ends in June", When: t0.AddDate(0, 3, 0)}},
			Truncated: true,
			Sources: coach.Sources{Prospect: "Dana at Acme", Company: "Dana at Acme", FollowUps: "followed up 3 times",
				DaysSilent: "3 weeks ago", Channel: "by email", Thread: true},
		},
		Diagnosis: coach.Diagnosis{Reasons: []coach.Score{
			{ID: coach.Timing, Score: 0.82, Evidence: []string{"contract ends in June"}, Against: []string{"not a budget thing"}},
			{ID: coach.Value, Score: 0.4, Evidence: []string{"went quiet after the demo"}, Against: []string{"price was not the issue"}},
		}},
		Reading: &coach.ModelReading{Outcome: coach.ReadingPartlyUsed, Model: "gpt-test", At: t0.Add(time.Second),
			Reasons: []coach.Score{{ID: coach.Timing, Score: 0.8, Evidence: []string{"ends in June"}, Against: []string{"no rush"}}}, Ask: []string{"timing-notice"},
			Used: []string{"company"}, FellBack: []string{"prospect"}, News: "I read your story again."},
		Stage:   coach.StageAsking,
		Asked:   []string{"value-demo"},
		Pending: &q,
		Answers: []coach.Answer{{QuestionID: "value-demo", Reason: coach.Value, Option: "unsure", Text: "not sure they saw it"}},
		Insight: "their competitor just switched",
		Drafts: []coach.Draft{{
			Text: "Hi Dana, …", Subject: "Acme and June", Style: coach.StyleWarmer, Mode: coach.ModeLast,
			Lint: lint, Model: "gpt-test", Offline: true, Redrafted: true, Edited: true,
			Usage: coach.Usage{PromptTokens: 900, CompletionTokens: 120}, At: t0.Add(time.Minute),
		}},
		Status:    coach.StatusSnoozed,
		Touches:   []coach.Touch{{At: t0.Add(2 * time.Minute), Mode: coach.ModeLast}},
		RemindAt:  t0.AddDate(0, 3, -14),
		RevivedAt: t0.Add(48 * time.Hour),
		CreatedAt: t0.Add(-time.Hour),
		UpdatedAt: t0,
	}
}

var timeType = reflect.TypeFor[time.Time]()

// assertFullyPopulated fails when the fixture leaves a field at its zero value
// (an empty slice or map, a nil pointer, a false bool), so a field added to
// Deal later must be added to fullDeal before RoundTrip can pass.
func assertFullyPopulated(t *testing.T, d coach.Deal) {
	t.Helper()
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		if v.IsZero() {
			t.Errorf("fullDeal leaves %s zero; set it so RoundTrip covers it", path)
			return
		}
		switch v.Kind() {
		case reflect.Pointer:
			walk(path, v.Elem())
		case reflect.Struct:
			if v.Type() == timeType {
				return
			}
			for i := range v.NumField() {
				walk(path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", path, i), v.Index(i))
			}
		}
	}
	walk("Deal", reflect.ValueOf(d))
}

// assertSameDeal compares every field. Times are compared as instants (Equal
// semantics): JSON keeps the instant and the offset but not the *Location.
func assertSameDeal(t *testing.T, got, want coach.Deal) {
	t.Helper()
	normalizeTimes(reflect.ValueOf(&got).Elem())
	normalizeTimes(reflect.ValueOf(&want).Elem())
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("deal differs after the store:\ngot  %s\nwant %s", g, w)
	}
}

// normalizeTimes rewrites every time.Time reachable from v to UTC without a
// monotonic reading, so DeepEqual compares instants.
func normalizeTimes(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			normalizeTimes(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == timeType {
			v.Set(reflect.ValueOf(v.Interface().(time.Time).Round(0).UTC()))
			return
		}
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				normalizeTimes(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			normalizeTimes(v.Index(i))
		}
	}
}

func assertTTL(t *testing.T, s *Store, want time.Duration, keys ...string) {
	t.Helper()
	for _, key := range keys {
		ttl, err := s.client.PTTL(t.Context(), key).Result()
		if err != nil {
			t.Fatal(err)
		}
		// A little slack for the time the test itself takes.
		if ttl > want || ttl < want-time.Minute {
			t.Errorf("TTL of %s = %v, want about %v", key, ttl, want)
		}
	}
}

// mustSave stores d as it is: a change to it when it exists, else a new
// deal. It is how a test sets a deal up; the bot changes deals with steps.
func mustSave(t *testing.T, s *Store, d coach.Deal) {
	t.Helper()
	_, _, err := s.UpdateDeal(t.Context(), d.Key(), func(cur *coach.Deal) ([]coach.Effect, error) {
		*cur = d
		return nil, nil
	})
	if errors.Is(err, coach.ErrNotFound) {
		err = s.CreateDeal(t.Context(), d)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func mustBind(t *testing.T, s *Store, team, thread, owner, id string) {
	t.Helper()
	if err := s.BindThread(t.Context(), coach.DealKey{Team: team, Owner: owner, ID: id}, thread); err != nil {
		t.Fatal(err)
	}
}

func mustDeals(t *testing.T, s *Store, team, owner string) []coach.Deal {
	t.Helper()
	list, err := s.Deals(t.Context(), team, owner)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// allDeals returns "owner/id" of every deal AllDeals visits, sorted.
func allDeals(t *testing.T, s *Store, team string) []string {
	t.Helper()
	var got []string
	err := s.AllDeals(t.Context(), team, func(d coach.Deal) error {
		if d.Team != team {
			t.Errorf("AllDeals(%s) visited a deal of team %s", team, d.Team)
		}
		got = append(got, d.Owner+"/"+d.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	return got
}

func ids(deals []coach.Deal) []string {
	out := make([]string, len(deals))
	for i, d := range deals {
		out[i] = d.ID
	}
	return out
}

// scanKeys lists the keys matching pattern with SCAN, as an operator would
// (on every node of a cluster).
func scanKeys(t *testing.T, s *Store, pattern string) []string {
	t.Helper()
	keys, err := redistest.Keys(t.Context(), s.client, pattern)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func second[A any](_ A, err error) error        { return err }
func third[A, B any](_ A, _ B, err error) error { return err }

// cuttable returns a store on the same server as s, reached through a
// proxy that the test can cut, which looks to the client exactly like the
// server going away. It skips the test where that cannot be arranged: a
// Unix socket, Sentinel or Cluster, whose clients find servers by
// themselves.
func cuttable(t *testing.T, s *Store) (*Store, *proxy) {
	t.Helper()
	c, ok := s.client.(*redis.Client)
	if !ok || (s.Topology() != TopologyStandalone && s.Topology() != TopologyEmbedded) || c.Options().Network == "unix" {
		t.Skipf("the cut-the-connection proxy stands in front of one TCP server, not %s", s.Topology())
	}
	o := c.Options()
	p := startProxy(t, o.Addr)
	cut := &Store{
		client: redis.NewClient(&redis.Options{
			Addr: p.addr(), Username: o.Username, Password: o.Password, DB: o.DB,
			// Fail fast: the defaults retry for seconds, which is right
			// for a bot but slow for a test.
			MaxRetries: -1, DialerRetries: 1, DialTimeout: 200 * time.Millisecond,
		}),
		topology: s.topology, prefix: s.prefix, retention: s.retention, tombstoneTTL: s.tombstoneTTL, clock: s.clock,
	}
	t.Cleanup(func() { cut.Close() })
	return cut, p
}

// proxy forwards TCP connections to a Redis server until it is closed, when
// it drops the listener and every connection at once.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	t.Cleanup(p.close)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
