package nudge_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
	"github.com/ghosted-bot/ghosted/coach/nudge/nudgetest"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// countingPoster stands in for Slack: it counts the calls the bot would make
// (one chat.postMessage per nudge, one per reminder DM) and does nothing else.
type countingPoster struct {
	nudges, dms, owners atomic.Int64
}

func (p *countingPoster) PostNudge(_ context.Context, _ nudge.Subscription, n nudge.Nudge) error {
	p.nudges.Add(1)
	p.owners.Add(int64(len(n.Owners)))
	return nil
}

func (p *countingPoster) RemindOwner(context.Context, coach.Deal) error {
	p.dms.Add(1)
	return nil
}

// BenchmarkNudgeTick measures one scheduler tick that composes and posts the
// nudges of 1,000 channels over 20,000 deals through the real store: on the
// embedded server always, and on the Redis at REDIS_URL when set, where it
// also measures the memory a deal costs (its key, its index entries and the
// team's owners set), with MEMORY USAGE summed over the benchmark's keys and,
// as a cross-check, the growth of INFO memory's used_memory while seeding.
func BenchmarkNudgeTick(b *testing.B) {
	type target struct {
		name string
		url  string
	}
	targets := []target{{"embedded", ""}}
	if url := os.Getenv("REDIS_URL"); url != "" {
		targets = append(targets, target{"redis", url})
	}
	for _, tg := range targets {
		b.Run(tg.name, func(b *testing.B) {
			start := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
			clock := &coach.FixedClock{T: start}
			opt := redisstore.Options{Clock: clock}
			if tg.url != "" {
				opt.Prefix = "ghosted-nudge-bench-" + strconv.FormatInt(time.Now().UnixNano(), 36)
			}
			s := openStore(b, tg.url, opt)
			if tg.url != "" {
				b.Cleanup(func() { deleteKeys(b, s) })
			}
			before := usedMemory(b, s)
			jsonPerDeal := nudgetest.Seed(b, s, nudgetest.Bench, start)
			deals := float64(nudgetest.Bench.Deals())
			var infoPerDeal, usagePerDeal float64
			if tg.url != "" {
				infoPerDeal = float64(usedMemory(b, s)-before) / deals
				mem, err := redistest.DealMemory(context.Background(), s)
				if err != nil {
					b.Fatal(err)
				}
				usagePerDeal = float64(mem) / deals
			}

			// Every team runs its own scheduler; here they all tick at once
			// on one Redis, the worst case for it.
			p := &countingPoster{}
			var runners []*nudge.Runner
			for _, team := range nudgetest.Bench.TeamIDs() {
				runners = append(runners, &nudge.Runner{Team: team, Store: s, Poster: p, Clock: clock, Logger: quietLogger()})
			}
			week := 0
			for b.Loop() {
				// A new week each time, so every channel is due again.
				clock.T = start.AddDate(0, 0, 7*week)
				week++
				var wg sync.WaitGroup
				for _, r := range runners {
					wg.Go(func() {
						if err := r.Tick(context.Background()); err != nil {
							b.Error(err)
						}
					})
				}
				wg.Wait()
			}
			if got := p.nudges.Load(); got != int64(week*nudgetest.Bench.Channels()) {
				b.Fatalf("posted %d nudges in %d ticks, want %d per tick", got, week, nudgetest.Bench.Channels())
			}
			// Metrics go after the loop: b.Loop's first call resets the timer,
			// which drops any reported before.
			b.ReportMetric(float64(p.nudges.Load()+p.dms.Load())/float64(week), "posts/op")
			b.ReportMetric(float64(p.owners.Load())/float64(p.nudges.Load()), "owners/nudge")
			b.ReportMetric(jsonPerDeal, "json-B/deal")
			if tg.url != "" {
				b.ReportMetric(infoPerDeal, "info-B/deal")
				b.ReportMetric(usagePerDeal, "redis-B/deal")
			}
		})
	}
}

// usedMemory reads used_memory from INFO memory; 0 on the embedded server,
// which does not report memory.
func usedMemory(b *testing.B, s *redisstore.Store) int64 {
	if s.Embedded() {
		return 0
	}
	info, err := redistest.Client(s).Info(context.Background(), "memory").Result()
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.Lines(info) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatal("no used_memory in INFO memory")
	return 0
}
