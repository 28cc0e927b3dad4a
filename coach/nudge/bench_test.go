package nudge_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// The benchmark's shape: 50 teams of 400 owners with one deal each (20,000
// deals) and 20 subscribed channels per team (1,000 channels), all due at
// the same minute, the worst case for one tick.
const (
	benchTeams           = 50
	benchOwnersPerTeam   = 400
	benchChannelsPerTeam = 20
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

var benchStories = []string{
	"Met Priya (Head of RevOps) at Northwind in September. Great first call, she said the forecasting view was exactly what her team needed. " +
		"Demo for four people on Oct 2; lots of nodding, few questions. Sent the proposal the next day. Followed up twice by email, nothing for 3 weeks.",
	"Tom at Acme is locked into a 2-year contract with their current vendor that ends in June. He liked the pilot but said the budget is frozen until next quarter. " +
		"I sent one follow-up last week. No reply since.",
	"Lena, the ops lead at Globex, downloaded our whitepaper and took one call. She is not the decision maker; her boss signs off. " +
		"I sent the deck and a case study, then checked in twice. Silent for a month.",
	"Raj at Initech went quiet after their reorg was announced. They are in the middle of an audit and he is swamped. " +
		"We had a great demo in August; I have followed up three times since, the last one 10 days ago.",
	"Maria at Umbrella said they are happy with their spreadsheets and switching would be a hassle. " +
		"She agreed the reporting is painful. I sent a bump and a discount offer; nothing for two weeks.",
}

// benchTemplates are realistic coached deals, a full conversation each: the
// story, its facts and diagnosis, skipped questions and an offline draft with
// its lint report, as the store would hold them.
func benchTemplates(b *testing.B, now time.Time) []coach.Deal {
	var out []coach.Deal
	for i, story := range benchStories {
		d, _ := coach.Start(fmt.Sprint("tpl", i), "T", "U", story, now)
		d, fx, err := coach.Step(d, coach.Input{Text: "skip"}, now)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range fx {
			if w, ok := e.(coach.WriteDraft); ok {
				dr, err := coach.Write(context.Background(), coach.OfflineDrafter{}, w.Request, now, nil)
				if err != nil {
					b.Fatal(err)
				}
				d.AddDraft(dr, now)
			}
		}
		if len(d.Drafts) == 0 {
			b.Fatalf("template %d has no draft", i)
		}
		out = append(out, d)
	}
	return out
}

// benchDeal varies a template into deal i of a team: a mix of statuses,
// touches and shared deals like a team that has used ghosted for a while.
func benchDeal(tpl coach.Deal, team, owner string, i int, now time.Time) coach.Deal {
	d := tpl
	d.ID, d.Team, d.Owner = "deal-"+strconv.Itoa(i), team, owner
	d.CreatedAt = now.Add(-time.Duration(3+i%40) * 24 * time.Hour)
	d.UpdatedAt = d.CreatedAt
	d.Shared = i%10 == 0
	d.Drafts = append([]coach.Draft(nil), tpl.Drafts...)
	d.Drafts[0].At = d.CreatedAt
	if i%3 == 0 {
		d.Touches = []coach.Touch{{At: d.CreatedAt.Add(24 * time.Hour), Mode: coach.ModeReengage}}
	}
	switch i % 20 {
	case 0, 1, 2:
		d.Status, d.RevivedAt = coach.StatusRevived, d.CreatedAt.Add(time.Duration(1+i%9)*24*time.Hour)
	case 3, 4:
		d.Status = coach.StatusClosedLost
	case 5, 6, 7:
		// Snoozed with a remember-me date that already came (and was DMed):
		// the nudge mentions these owners; no reminder DM is due.
		d.Status, d.RemindAt = coach.StatusSnoozed, now.Add(-time.Duration(i%5)*24*time.Hour)
	default:
		d.Status = coach.StatusQuiet
	}
	return d
}

// seedBench fills s with the benchmark's deals and subscriptions and returns
// the mean JSON size of a deal.
func seedBench(b *testing.B, s *redisstore.Store, now time.Time) (jsonBytesPerDeal float64) {
	ctx := context.Background()
	tpls := benchTemplates(b, now)
	var total int
	n := 0
	for t := range benchTeams {
		team := fmt.Sprintf("T%03d", t)
		for c := range benchChannelsPerTeam {
			sub := nudge.Subscription{Team: team, Channel: fmt.Sprintf("C%03d%02d", t, c), Weekday: time.Monday, Hour: 9, TZ: "UTC", CreatedAt: now.AddDate(0, -1, 0)}
			if err := s.SaveSubscription(ctx, sub); err != nil {
				b.Fatal(err)
			}
		}
		for o := range benchOwnersPerTeam {
			d := benchDeal(tpls[n%len(tpls)], team, fmt.Sprintf("U%03d%03d", t, o), n, now)
			js, err := json.Marshal(d)
			if err != nil {
				b.Fatal(err)
			}
			total += len(js)
			if err := s.SaveDeal(ctx, d); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	return float64(total) / float64(n)
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
			jsonPerDeal := seedBench(b, s, start)
			deals := float64(benchTeams * benchOwnersPerTeam)
			var infoPerDeal, usagePerDeal float64
			if tg.url != "" {
				infoPerDeal = float64(usedMemory(b, s)-before) / deals
				mem, err := s.DealMemory(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				usagePerDeal = float64(mem) / deals
			}

			p := &countingPoster{}
			r := &nudge.Runner{Store: s, Poster: p, Clock: clock, Logger: quietLogger()}
			week := 0
			for b.Loop() {
				// A new week each time, so every channel is due again.
				clock.T = start.AddDate(0, 0, 7*week)
				week++
				if err := r.Tick(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			if got := p.nudges.Load(); got != int64(week*benchTeams*benchChannelsPerTeam) {
				b.Fatalf("posted %d nudges in %d ticks, want %d per tick", got, week, benchTeams*benchChannelsPerTeam)
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
	info, err := s.Client().Info(context.Background(), "memory").Result()
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
