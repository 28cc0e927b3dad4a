package nudge_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// backend opens n store handles on one fresh database, as n replicas would
// (each its own client), all on the given clock.
type backend struct {
	name string
	open func(t testing.TB, clock coach.Clock, n int) []*redisstore.Store
}

// backends are the embedded server, always, and the Redis at REDIS_URL when
// it is set. Each test gets its own key prefix and deletes its keys, so a
// shared database is safe.
func backends() []backend {
	bs := []backend{{"embedded", func(t testing.TB, clock coach.Clock, n int) []*redisstore.Store {
		first := openStore(t, "", redisstore.Options{Clock: clock})
		stores := []*redisstore.Store{first}
		for range n - 1 {
			// Another client of the same in-process server.
			stores = append(stores, openStore(t, "redis://"+redistest.Client(first).(*redis.Client).Options().Addr, redisstore.Options{Clock: clock, Prefix: first.Prefix()}))
		}
		return stores
	}}}
	if url := os.Getenv("REDIS_URL"); url != "" {
		bs = append(bs, backend{"redis", func(t testing.TB, clock coach.Clock, n int) []*redisstore.Store {
			prefix := "ghosted-nudge-test-" + rand.Text()[:12]
			var stores []*redisstore.Store
			for range n {
				stores = append(stores, openStore(t, url, redisstore.Options{Clock: clock, Prefix: prefix}))
			}
			t.Cleanup(func() { deleteKeys(t, stores[0]) })
			return stores
		}})
	}
	return bs
}

func forBackends(t *testing.T, f func(t *testing.T, b backend)) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) { f(t, b) })
	}
	if os.Getenv("REDIS_URL") == "" {
		t.Log("REDIS_URL not set: ran on the embedded server only")
	}
}

func openStore(t testing.TB, url string, opt redisstore.Options) *redisstore.Store {
	t.Helper()
	s, err := redisstore.Open(context.Background(), url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// deleteKeys removes every key under the store's prefix, on a context of its
// own since the test's is cancelled by the time cleanups run.
func deleteKeys(t testing.TB, s *redisstore.Store) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	iter := redistest.Client(s).Scan(ctx, 0, s.Prefix()+":*", 1000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Errorf("cleanup: %v", err)
		return
	}
	for chunk := range slices.Chunk(keys, 1000) {
		if err := redistest.Client(s).Unlink(ctx, chunk...).Err(); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	}
}

// poster records what the runner posts and fails on demand.
type poster struct {
	mu        sync.Mutex
	nudges    []nudge.Nudge
	reminded  []coach.Deal
	attempts  map[string]int
	failNudge func(channel string, attempt int) error
	failDM    func(dealID string, attempt int) error
	posted    chan struct{} // when set, signalled after each post
}

func (p *poster) PostNudge(ctx context.Context, sub nudge.Subscription, n nudge.Nudge) error {
	p.mu.Lock()
	if p.attempts == nil {
		p.attempts = map[string]int{}
	}
	p.attempts[sub.Channel]++
	attempt := p.attempts[sub.Channel]
	fail := p.failNudge
	p.mu.Unlock()
	if fail != nil {
		if err := fail(sub.Channel, attempt); err != nil {
			return err
		}
	}
	p.mu.Lock()
	p.nudges = append(p.nudges, n)
	p.mu.Unlock()
	if p.posted != nil {
		p.posted <- struct{}{}
	}
	return nil
}

func (p *poster) RemindOwner(ctx context.Context, d coach.Deal) error {
	p.mu.Lock()
	if p.attempts == nil {
		p.attempts = map[string]int{}
	}
	p.attempts["dm:"+d.ID]++
	attempt := p.attempts["dm:"+d.ID]
	fail := p.failDM
	p.mu.Unlock()
	if fail != nil {
		if err := fail(d.ID, attempt); err != nil {
			return err
		}
	}
	p.mu.Lock()
	p.reminded = append(p.reminded, d)
	p.mu.Unlock()
	return nil
}

// postsBy counts the posted nudges per channel.
func (p *poster) postsBy() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := map[string]int{}
	for _, n := range p.nudges {
		m[n.Channel]++
	}
	return m
}

func (p *poster) take() []nudge.Nudge {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.nudges
	p.nudges = nil
	return out
}

// rateLimited looks to the runner like slack-go's *RateLimitedError.
type rateLimited struct{}

func (rateLimited) Error() string   { return "slack rate limit exceeded, retry after 30s" }
func (rateLimited) Retryable() bool { return true }

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// newRunner is team T1's scheduler.
func newRunner(s nudge.Store, p nudge.Poster, clock coach.Clock) *nudge.Runner {
	return &nudge.Runner{Team: "T1", Store: s, Poster: p, Clock: clock, Logger: quietLogger()}
}

// teamRunners are the schedulers of several teams sharing one store, as
// each team's ghosted runs its own.
type teamRunners []*nudge.Runner

func newRunners(s nudge.Store, p nudge.Poster, clock coach.Clock, teams ...string) teamRunners {
	var rs teamRunners
	for _, team := range teams {
		rs = append(rs, &nudge.Runner{Team: team, Store: s, Poster: p, Clock: clock, Logger: quietLogger()})
	}
	return rs
}

func (rs teamRunners) Tick(ctx context.Context) error {
	var errs []error
	for _, r := range rs {
		errs = append(errs, r.Tick(ctx))
	}
	return errors.Join(errs...)
}

func subscribe(t testing.TB, s *redisstore.Store, subs ...nudge.Subscription) {
	t.Helper()
	for _, sub := range subs {
		if err := s.SaveSubscription(context.Background(), sub); err != nil {
			t.Fatal(err)
		}
	}
}

// save stores each deal as it is, creating it or replacing what is stored.
func save(t testing.TB, s *redisstore.Store, deals ...coach.Deal) {
	t.Helper()
	ctx := context.Background()
	for _, d := range deals {
		_, _, err := s.UpdateDeal(ctx, d.Key(), func(cur *coach.Deal) ([]coach.Effect, error) {
			*cur = d
			return nil, nil
		})
		if errors.Is(err, coach.ErrNotFound) {
			err = s.CreateDeal(ctx, d)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func tick(t testing.TB, r interface{ Tick(context.Context) error }) {
	t.Helper()
	// Per-channel failures are expected in some tests and logged; Tick's
	// error is checked where a test means to.
	_ = r.Tick(context.Background())
}

func at(t testing.TB, tz string, y int, m time.Month, d, h, mi int) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, m, d, h, mi, 0, 0, loc)
}

// TestRunnerSchedule drives the runner with a fake clock in five-minute steps
// through daylight-saving changes in Europe and America and through zones
// with half-hour offsets, and checks that every channel posts once a week at
// its local wall-clock time, with a different tip each week.
func TestRunnerSchedule(t *testing.T) {
	forBackends(t, func(t *testing.T, b backend) {
		for _, span := range []struct {
			name  string
			from  time.Time
			weeks int
			subs  []nudge.Subscription
			// want maps a channel to the local times it posts at, in order.
			want map[string][]string
		}{
			{
				name: "spring 2027", from: time.Date(2027, 3, 8, 0, 0, 0, 0, time.UTC), weeks: 4,
				subs: []nudge.Subscription{
					{Team: "T1", Channel: "CBER", Weekday: time.Monday, Hour: 9, TZ: "Europe/Berlin"},
					{Team: "T1", Channel: "CGAP", Weekday: time.Sunday, Hour: 2, Minute: 30, TZ: "Europe/Berlin"},
					{Team: "T2", Channel: "CNYC", Weekday: time.Sunday, Hour: 9, TZ: "America/New_York"},
					{Team: "T2", Channel: "CIST", Weekday: time.Monday, Hour: 9, TZ: "Asia/Kolkata"},
				},
				want: map[string][]string{
					"CBER": {"Mon 8 Mar 09:00 CET", "Mon 15 Mar 09:00 CET", "Mon 22 Mar 09:00 CET", "Mon 29 Mar 09:00 CEST"},
					"CGAP": {"Sun 14 Mar 02:30 CET", "Sun 21 Mar 02:30 CET", "Sun 28 Mar 03:00 CEST", "Sun 4 Apr 02:30 CEST"},
					"CNYC": {"Sun 14 Mar 09:00 EDT", "Sun 21 Mar 09:00 EDT", "Sun 28 Mar 09:00 EDT", "Sun 4 Apr 09:00 EDT"},
					"CIST": {"Mon 8 Mar 09:00 IST", "Mon 15 Mar 09:00 IST", "Mon 22 Mar 09:00 IST", "Mon 29 Mar 09:00 IST"},
				},
			},
			{
				name: "autumn 2026", from: time.Date(2026, 10, 19, 0, 0, 0, 0, time.UTC), weeks: 3,
				subs: []nudge.Subscription{
					{Team: "T1", Channel: "CREP", Weekday: time.Sunday, Hour: 2, Minute: 30, TZ: "Europe/Berlin"},
					{Team: "T1", Channel: "CBER", Weekday: time.Monday, Hour: 9, TZ: "Europe/Berlin"},
					{Team: "T2", Channel: "CNYC", Weekday: time.Sunday, Hour: 1, Minute: 30, TZ: "America/New_York"},
					{Team: "T2", Channel: "CLHI", Weekday: time.Sunday, Hour: 2, Minute: 15, TZ: "Australia/Lord_Howe"},
				},
				want: map[string][]string{
					"CREP": {"Sun 25 Oct 02:30 CEST", "Sun 1 Nov 02:30 CET", "Sun 8 Nov 02:30 CET"},
					"CBER": {"Mon 19 Oct 09:00 CEST", "Mon 26 Oct 09:00 CET", "Mon 2 Nov 09:00 CET"},
					"CNYC": {"Sun 25 Oct 01:30 EDT", "Sun 1 Nov 01:30 EDT", "Sun 8 Nov 01:30 EST"},
					"CLHI": {"Sun 25 Oct 02:15 +11", "Sun 1 Nov 02:15 +11", "Sun 8 Nov 02:15 +11"},
				},
			},
		} {
			t.Run(span.name, func(t *testing.T) {
				clock := &coach.FixedClock{T: span.from}
				s := b.open(t, clock, 1)[0]
				// Subscribed when the sweep starts (Sunday evening in New
				// York), so that Sunday's run, already past, is not due.
				for i := range span.subs {
					span.subs[i].CreatedAt = span.from
				}
				subscribe(t, s, span.subs...)
				p := &poster{}
				r := newRunners(s, p, clock, "T1", "T2")
				got := map[string][]string{}
				lastTip := map[string]int{}
				for ; clock.T.Before(span.from.AddDate(0, 0, 7*span.weeks)); clock.T = clock.T.Add(5 * time.Minute) {
					tick(t, r)
					for _, n := range p.take() {
						if !n.At.Equal(clock.T) {
							t.Errorf("%s: nudge composed at %v during the tick at %v", n.Channel, n.At, clock.T)
						}
						got[n.Channel] = append(got[n.Channel], nudge.FormatRun(n.At))
						if prev, ok := lastTip[n.Channel]; ok && prev == n.TipIndex {
							t.Errorf("%s: tip %d two weeks running", n.Channel, n.TipIndex)
						}
						lastTip[n.Channel] = n.TipIndex
					}
				}
				for ch, want := range span.want {
					if !slices.Equal(got[ch], want) {
						t.Errorf("%s posted at\n%q\nwant\n%q", ch, got[ch], want)
					}
				}
			})
		}
	})
}

func TestRunnerCatchUp(t *testing.T) {
	forBackends(t, func(t *testing.T, b backend) {
		sub := nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "Europe/Berlin"}
		t.Run("same day posts once", func(t *testing.T) {
			clock := &coach.FixedClock{T: at(t, sub.TZ, 2026, 11, 30, 8, 0)}
			s := b.open(t, clock, 1)[0]
			subscribe(t, s, sub)
			p := &poster{}
			r := newRunner(s, p, clock)
			tick(t, r)
			// Down from 08:00 to 15:00.
			for _, hm := range [][2]int{{15, 0}, {15, 1}, {18, 30}, {23, 59}} {
				clock.T = at(t, sub.TZ, 2026, 11, 30, hm[0], hm[1])
				tick(t, r)
			}
			if got := p.postsBy()["C1"]; got != 1 {
				t.Errorf("posted %d times after coming back at 15:00, want once", got)
			}
		})
		t.Run("next day waits a week", func(t *testing.T) {
			clock := &coach.FixedClock{T: at(t, sub.TZ, 2026, 11, 30, 8, 0)}
			s := b.open(t, clock, 1)[0]
			subscribe(t, s, sub)
			p := &poster{}
			r := newRunner(s, p, clock)
			tick(t, r)
			// Down from Monday 08:00 until Tuesday 10:00.
			for ; clock.T.Before(at(t, sub.TZ, 2026, 12, 7, 8, 59)); clock.T = clock.T.Add(time.Hour) {
				if clock.T.After(at(t, sub.TZ, 2026, 12, 1, 10, 0)) {
					tick(t, r)
				}
			}
			if got := p.postsBy()["C1"]; got != 0 {
				t.Fatalf("posted %d times after missing Monday, want none until next Monday", got)
			}
			clock.T = at(t, sub.TZ, 2026, 12, 7, 9, 0)
			tick(t, r)
			if got := p.take(); len(got) != 1 || got[0].RunKey != "C1:2026-W50" {
				t.Errorf("next Monday posted %d nudges, want one for week 50", len(got))
			}
		})
	})
}

// TestRunnerReplicas runs three runners, each with its own Redis client, on
// one database, ticking at the same moments concurrently: every channel gets
// its nudge exactly once a week and every reminder goes out once.
func TestRunnerReplicas(t *testing.T) {
	forBackends(t, func(t *testing.T, b backend) {
		start := at(t, "Europe/Berlin", 2026, 11, 30, 8, 58)
		clock := &coach.FixedClock{T: start}
		stores := b.open(t, clock, 3)
		var subs []nudge.Subscription
		for i := range 30 {
			tz := []string{"Europe/Berlin", "Europe/Paris", "Africa/Lagos"}[i%3] // all at +01:00 that day
			subs = append(subs, nudge.Subscription{Team: fmt.Sprintf("T%d", i%3), Channel: fmt.Sprintf("C%02d", i), Weekday: time.Monday, Hour: 9, TZ: tz})
		}
		subscribe(t, stores[0], subs...)
		for i := range 40 {
			save(t, stores[1], coach.Deal{
				ID: fmt.Sprintf("d%02d", i), Team: fmt.Sprintf("T%d", i%3), Owner: fmt.Sprintf("U%d", i%7),
				Status: coach.StatusSnoozed, CreatedAt: start.AddDate(0, -2, 0), RemindAt: start.Add(time.Duration(i+1) * time.Minute),
			})
		}
		p := &poster{}
		runners := make([]teamRunners, 3)
		for i := range runners {
			runners[i] = newRunners(stores[i], p, clock, "T0", "T1", "T2")
		}
		for week := range 2 {
			for step := range 50 {
				clock.T = start.AddDate(0, 0, 7*week).Add(time.Duration(step) * time.Minute)
				var wg sync.WaitGroup
				for _, r := range runners {
					wg.Go(func() {
						if err := r.Tick(t.Context()); err != nil {
							t.Error(err)
						}
					})
				}
				wg.Wait()
			}
			got := p.postsBy()
			for _, sub := range subs {
				if got[sub.Channel] != week+1 {
					t.Errorf("week %d: %s posted %d times in all, want %d", week, sub.Channel, got[sub.Channel], week+1)
				}
			}
		}
		dms := map[string]int{}
		for _, d := range p.reminded {
			dms[d.ID]++
		}
		if len(dms) != 40 {
			t.Errorf("%d of 40 reminders sent", len(dms))
		}
		for id, n := range dms {
			if n != 1 {
				t.Errorf("reminder %s sent %d times", id, n)
			}
		}
	})
}

// TestRunnerIsolation: a channel whose post fails, permanently, temporarily
// (a Slack 429) or by panicking, never keeps the others from posting; a
// temporary failure is retried the same day and posts once.
func TestRunnerIsolation(t *testing.T) {
	forBackends(t, func(t *testing.T, b backend) {
		clock := &coach.FixedClock{T: at(t, "Europe/Berlin", 2026, 11, 30, 9, 0)}
		s := b.open(t, clock, 1)[0]
		var subs []nudge.Subscription
		for _, ch := range []string{"C1", "C2-broken", "C3-429", "C4-panics", "C5"} {
			subs = append(subs, nudge.Subscription{Team: "T1", Channel: ch, Weekday: time.Monday, Hour: 9, TZ: "Europe/Berlin"})
		}
		subscribe(t, s, subs...)
		save(t, s, coach.Deal{ID: "d1", Team: "T1", Owner: "U1", Status: coach.StatusQuiet, CreatedAt: clock.T.AddDate(0, 0, -10),
			Facts: coach.Facts{Prospect: "Dana Secretname", Company: "SecretCorp"}, Story: "Dana at SecretCorp…"})
		p := &poster{failNudge: func(ch string, attempt int) error {
			switch {
			case ch == "C2-broken":
				return errors.New("channel_not_found")
			case ch == "C3-429" && attempt <= 2:
				return fmt.Errorf("chat.postMessage: %w", rateLimited{})
			case ch == "C4-panics":
				panic("renderer bug")
			}
			return nil
		}}
		var logs bytes.Buffer
		r := &nudge.Runner{Team: "T1", Store: s, Poster: p, Clock: clock, Logger: slog.New(slog.NewTextHandler(&logs, nil))}

		err := r.Tick(t.Context())
		if err == nil || !strings.Contains(err.Error(), "C2-broken") || !strings.Contains(err.Error(), "C4-panics") {
			t.Errorf("Tick error = %v; want the failing channels named", err)
		}
		if got := p.postsBy(); got["C1"] != 1 || got["C5"] != 1 {
			t.Errorf("healthy channels posted %v, want C1 and C5 once each", got)
		}
		for range 5 {
			clock.T = clock.T.Add(time.Minute)
			tick(t, r)
		}
		got := p.postsBy()
		if got["C3-429"] != 1 {
			t.Errorf("rate-limited channel posted %d times after retries, want 1", got["C3-429"])
		}
		if got["C1"] != 1 || got["C5"] != 1 || got["C2-broken"] != 0 {
			t.Errorf("posts after retries = %v", got)
		}
		p.mu.Lock()
		attempts := p.attempts["C2-broken"]
		p.mu.Unlock()
		if attempts != 1 {
			t.Errorf("a permanent failure was tried %d times this week, want 1 (no hammering)", attempts)
		}
		if strings.Contains(logs.String(), "Secret") || strings.Contains(logs.String(), "Dana") {
			t.Errorf("logs carry deal content:\n%s", logs.String())
		}
		if !strings.Contains(logs.String(), "retry=true") {
			t.Errorf("logs do not say the 429 will be retried:\n%s", logs.String())
		}
	})
}

// TestRunnerTouchesOnlyItsTeam: two teams share one store. Team one's
// scheduler posts its own nudge and reminder and leaves team two's alone,
// due and unclaimed, for team two's scheduler.
func TestRunnerTouchesOnlyItsTeam(t *testing.T) {
	forBackends(t, func(t *testing.T, b backend) {
		clock := &coach.FixedClock{T: at(t, "UTC", 2026, 11, 30, 8, 0)}
		s := b.open(t, clock, 1)[0]
		for _, team := range []string{"T1", "T2"} {
			subscribe(t, s, nudge.Subscription{Team: team, Channel: "C" + team, Weekday: time.Monday, Hour: 9, TZ: "UTC"})
			save(t, s, coach.Deal{ID: "d" + team, Team: team, Owner: "U" + team, Status: coach.StatusSnoozed,
				CreatedAt: clock.T.AddDate(0, -1, 0), RemindAt: clock.T.Add(30 * time.Minute)})
		}
		clock.T = clock.T.Add(time.Hour)
		one, two := &poster{}, &poster{}
		if err := (&nudge.Runner{Team: "T1", Store: s, Poster: one, Clock: clock, Logger: quietLogger()}).Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := one.postsBy(); len(got) != 1 || got["CT1"] != 1 {
			t.Errorf("team one's scheduler posted %v, want its own channel only", got)
		}
		if got := reminded(one); !slices.Equal(got, []string{"dT1"}) {
			t.Errorf("team one's scheduler reminded %v, want its own deal only", got)
		}
		if err := (&nudge.Runner{Team: "T2", Store: s, Poster: two, Clock: clock, Logger: quietLogger()}).Tick(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := two.postsBy(); len(got) != 1 || got["CT2"] != 1 {
			t.Errorf("team two's scheduler posted %v, want its own channel", got)
		}
		if got := reminded(two); !slices.Equal(got, []string{"dT2"}) {
			t.Errorf("team two's scheduler reminded %v, want its own deal", got)
		}
		if err := (&nudge.Runner{Store: s, Poster: two, Clock: clock}).Tick(t.Context()); err == nil {
			t.Error("a Runner without a Team ticked")
		}
	})
}

// TestRunnerPrivacy: what reaches the poster has no details of unshared deals.
func TestRunnerPrivacy(t *testing.T) {
	forBackends(t, func(t *testing.T, b backend) {
		clock := &coach.FixedClock{T: at(t, "UTC", 2026, 11, 30, 9, 0)}
		s := b.open(t, clock, 1)[0]
		subscribe(t, s, nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "UTC"})
		old := clock.T.AddDate(0, 0, -10)
		save(t, s,
			coach.Deal{ID: "private", Team: "T1", Owner: "U1", Status: coach.StatusQuiet, CreatedAt: old,
				Story: "Dana at SecretCorp", Facts: coach.Facts{Prospect: "Dana", Company: "SecretCorp"}},
			coach.Deal{ID: "open", Team: "T1", Owner: "U2", Shared: true, Status: coach.StatusQuiet, CreatedAt: old,
				Story: "Priya at Northwind", Facts: coach.Facts{Prospect: "Priya", Company: "Northwind"}},
		)
		p := &poster{}
		tick(t, newRunner(s, p, clock))
		ns := p.take()
		if len(ns) != 1 {
			t.Fatalf("%d nudges posted, want 1", len(ns))
		}
		j, _ := json.Marshal(ns[0])
		if strings.Contains(string(j), "Dana") || strings.Contains(string(j), "SecretCorp") {
			t.Errorf("an unshared deal's details reached the poster: %s", j)
		}
		if !strings.Contains(string(j), "Northwind") || !strings.Contains(string(j), `"private"`) {
			t.Errorf("want the shared deal's details and the private deal's id only: %s", j)
		}
	})
}

func TestRunnerReminders(t *testing.T) {
	forBackends(t, func(t *testing.T, b backend) {
		start := at(t, "Europe/Berlin", 2026, 11, 30, 9, 0)
		clock := &coach.FixedClock{T: start}
		s := b.open(t, clock, 1)[0]
		due := start.Add(time.Hour)
		d := coach.Deal{ID: "d1", Team: "T1", Owner: "U1", Status: coach.StatusSnoozed, CreatedAt: start.AddDate(0, -1, 0), RemindAt: due}
		won := coach.Deal{ID: "d-won", Team: "T1", Owner: "U1", Status: coach.StatusSnoozed, CreatedAt: start, RemindAt: due}
		flaky := coach.Deal{ID: "d-flaky", Team: "T1", Owner: "U2", Status: coach.StatusSnoozed, CreatedAt: start, RemindAt: due}
		save(t, s, d, won, flaky)
		p := &poster{failDM: func(id string, attempt int) error {
			if id == "d-flaky" && attempt == 1 {
				return fmt.Errorf("chat.postMessage: %w", nudge.ErrRetryable)
			}
			return nil
		}}
		r := newRunner(s, p, clock)

		tick(t, r)
		if len(p.reminded) != 0 {
			t.Fatalf("reminded before the date: %v", p.reminded)
		}
		// They replied before the date: that reminder is off.
		won.Status, won.RemindAt, won.RevivedAt = coach.StatusRevived, time.Time{}, start
		save(t, s, won)

		clock.T = due
		tick(t, r)
		if got := reminded(p); !slices.Equal(got, []string{"d1"}) {
			t.Errorf("reminded %v at the date, want [d1] (d-flaky failed once)", got)
		}
		clock.T = due.Add(time.Minute)
		tick(t, r)
		if got := reminded(p); !slices.Equal(got, []string{"d1", "d-flaky"}) {
			t.Errorf("reminded %v after the retry, want [d1 d-flaky]", got)
		}
		// The owner presses a button on an old card: the deal is saved again
		// with the date that already went out. No second DM.
		d.UpdatedAt = clock.T
		save(t, s, d)
		clock.T = clock.T.Add(time.Hour)
		tick(t, r)
		if got := reminded(p); len(got) != 2 {
			t.Errorf("reminded %v, want no second DM", got)
		}
		if p.reminded[0].RemindAt.IsZero() || p.reminded[0].Owner != "U1" {
			t.Errorf("RemindOwner got %+v, want the whole deal", p.reminded[0])
		}
	})
}

func reminded(p *poster) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var ids []string
	for _, d := range p.reminded {
		ids = append(ids, d.ID)
	}
	return ids
}

// TestRunnerTips: over half a year of weekly runs, no tip shows two weeks in
// a row, and the last tip is kept in the store between runs.
func TestRunnerTips(t *testing.T) {
	forBackends(t, func(t *testing.T, b backend) {
		sub := nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Wednesday, Hour: 16, Minute: 45, TZ: "America/New_York"}
		clock := &coach.FixedClock{T: at(t, sub.TZ, 2026, 1, 1, 0, 0)}
		s := b.open(t, clock, 1)[0]
		subscribe(t, s, sub)
		p := &poster{}
		r := newRunner(s, p, clock)
		var tips []int
		for range 26 {
			clock.T = nudge.NextRun(sub, clock.T)
			tick(t, r)
			for _, n := range p.take() {
				tips = append(tips, n.TipIndex)
			}
		}
		if len(tips) != 26 {
			t.Fatalf("%d runs posted, want 26", len(tips))
		}
		for i := 1; i < len(tips); i++ {
			if tips[i] == tips[i-1] {
				t.Errorf("week %d repeats tip %d", i, tips[i])
			}
		}
		run, err := s.LastRun(t.Context(), "T1", "C1")
		if err != nil || run.Tip != tips[len(tips)-1] {
			t.Errorf("LastRun = %+v, %v; want the last tip %d", run, err, tips[len(tips)-1])
		}
	})
}

func TestRunnerPreview(t *testing.T) {
	clock := &coach.FixedClock{T: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)}
	s := backends()[0].open(t, clock, 1)[0]
	sub := nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "UTC"}
	subscribe(t, s, sub)
	save(t, s, coach.Deal{ID: "d1", Team: "T1", Owner: "U1", Status: coach.StatusQuiet, CreatedAt: clock.T.AddDate(0, 0, -9)})
	p := &poster{}
	r := newRunner(s, p, clock)
	n, err := r.Preview(t.Context(), sub)
	if err != nil {
		t.Fatal(err)
	}
	if !n.Preview || len(n.Owners) != 1 || n.Owners[0].Owner != "U1" {
		t.Errorf("Preview = %+v", n)
	}
	if run, _ := s.LastRun(t.Context(), "T1", "C1"); run.Key != "" {
		t.Errorf("Preview recorded a run: %+v", run)
	}
	// The preview claimed nothing: the real run still posts.
	tick(t, r)
	if got := p.postsBy()["C1"]; got != 1 {
		t.Errorf("posted %d after a preview, want 1", got)
	}
}

// TestRun: Run ticks at once, and returns nil when its context ends.
func TestRun(t *testing.T) {
	clock := &coach.FixedClock{T: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	s := backends()[0].open(t, clock, 1)[0]
	subscribe(t, s, nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "UTC"})
	p := &poster{posted: make(chan struct{}, 1)}
	r := newRunner(s, p, clock)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx, time.Hour) }()
	<-p.posted
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v, want nil after cancel", err)
	}
}

func TestRetryable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("channel_not_found"), false},
		{fmt.Errorf("post: %w", nudge.ErrRetryable), true},
		{fmt.Errorf("post: %w", rateLimited{}), true},
		{context.DeadlineExceeded, true},
		{fmt.Errorf("post: %w", context.Canceled), true},
	} {
		if got := nudge.Retryable(tc.err); got != tc.want {
			t.Errorf("Retryable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
