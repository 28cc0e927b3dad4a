package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// The nudge benchmark's shape, as in coach/nudge's: 50 teams of 400 owners
// with one coached deal each (20,000 deals) and 20 subscribed channels per
// team (1,000 channels), all due at the same minute.
const (
	nbTeams           = 50
	nbOwnersPerTeam   = 400
	nbChannelsPerTeam = 20
)

// BenchmarkNudgeTickThroughSlack is issue 4's must-show: one scheduler tick
// that composes and posts the nudges of 1,000 channels over 20,000 deals,
// through the bot as nudge.Poster, against the fake Slack (which validates
// every message against Block Kit's limits). It reports, per tick:
//
//	ns/op          wall time of the tick (store reads, composing, rendering, posting)
//	nudges/op      nudges posted (must be 1,000)
//	api-calls/op   Web API calls the fake received (one chat.postMessage per nudge)
//	blocks/nudge   mean blocks per posted message (≤ 50 each, checked by the fake)
//	owners/nudge   mean owners mentioned or counted per nudge
//	json-B/deal    mean JSON size of a stored deal
//	redis-B/deal   with REDIS_URL: MEMORY USAGE of the deal keys, indexes and
//	               owners sets, per deal
//
//	go test ./bot -run XXX -bench NudgeTickThroughSlack -benchtime 1x
//	REDIS_URL=redis://127.0.0.1:6379/13 go test ./bot -run XXX -bench NudgeTickThroughSlack -benchtime 1x
func BenchmarkNudgeTickThroughSlack(b *testing.B) {
	f := slacktest.New(b, slacktest.Options{})
	start := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC) // a Monday
	clock := &coach.FixedClock{T: start}
	opt := redisstore.Options{Clock: clock, Prefix: "nudgebench-" + randomID()}
	store, err := redisstore.Open(context.Background(), os.Getenv("REDIS_URL"), opt)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cleanupStore(store) })
	jsonPerDeal := seedNudgeBench(b, store, start)
	var redisPerDeal float64
	if !store.Embedded() {
		mem, err := store.DealMemory(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		redisPerDeal = float64(mem) / (nbTeams * nbOwnersPerTeam)
	}

	quiet := slog.New(slog.NewJSONHandler(io.Discard, nil))
	poster, err := bot.New(bot.Config{BotToken: f.BotToken, AppToken: f.AppToken, APIURL: f.APIURL(), Logger: quiet},
		bot.Deps{Memory: store, Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	r := &nudge.Runner{Store: store, Poster: poster, Clock: clock, Logger: quiet}

	var ticks, calls, posted, blocks, owners int
	for b.Loop() {
		// A new week each time, so every channel is due again.
		clock.T = start.AddDate(0, 0, 7*ticks)
		ticks++
		before := len(f.Calls(""))
		if err := r.Tick(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		all := f.Calls("")
		calls += len(all) - before
		for _, c := range all[before:] {
			if !c.OK() {
				b.Fatalf("%s failed: %s %s", c.Method, c.Error, c.Response)
			}
			if c.Method != "chat.postMessage" {
				continue
			}
			posted++
			var bs []map[string]any
			_ = json.Unmarshal([]byte(c.Params.Get("blocks")), &bs)
			blocks += len(bs)
			owners += mentionedOrCounted(c.Params.Get("blocks"))
		}
		b.StartTimer()
	}
	if posted != ticks*nbTeams*nbChannelsPerTeam {
		b.Fatalf("posted %d nudges in %d ticks, want %d per tick", posted, ticks, nbTeams*nbChannelsPerTeam)
	}
	b.ReportMetric(float64(posted)/float64(ticks), "nudges/op")
	b.ReportMetric(float64(calls)/float64(ticks), "api-calls/op")
	b.ReportMetric(float64(blocks)/float64(posted), "blocks/nudge")
	b.ReportMetric(float64(owners)/float64(posted), "owners/nudge")
	b.ReportMetric(jsonPerDeal, "json-B/deal")
	if redisPerDeal > 0 {
		b.ReportMetric(redisPerDeal, "redis-B/deal")
	}
}

// mentionedOrCounted is how many owners a posted nudge reaches: mentions,
// plus the "…and N more people" it counts.
func mentionedOrCounted(blocks string) int {
	n := strings.Count(blocks, `\u003c@U`) + strings.Count(blocks, "<@U")
	if _, rest, ok := strings.Cut(blocks, "…and "); ok {
		if num, _, ok := strings.Cut(rest, " more people"); ok {
			if k, err := strconv.Atoi(num); err == nil {
				n += k
			}
		}
	}
	return n
}

var nbStories = []string{
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

// seedNudgeBench stores the benchmark's deals (full coached conversations
// with an offline draft, in a mix of statuses, one in ten shared) and
// subscriptions, and returns the mean JSON size of a deal.
func seedNudgeBench(b *testing.B, s *redisstore.Store, now time.Time) float64 {
	ctx := context.Background()
	var tpls []coach.Deal
	for i, st := range nbStories {
		d, _ := coach.Start(fmt.Sprint("tpl", i), "T", "U", st, now)
		d, fx, err := coach.Step(d, coach.Input{Text: "skip"}, now)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range fx {
			if w, ok := e.(coach.WriteDraft); ok {
				dr, err := coach.Write(ctx, coach.OfflineDrafter{}, w.Request, now, nil)
				if err != nil {
					b.Fatal(err)
				}
				d.AddDraft(dr, now)
			}
		}
		tpls = append(tpls, d)
	}
	total, n := 0, 0
	for t := range nbTeams {
		team := fmt.Sprintf("T%03d", t)
		for c := range nbChannelsPerTeam {
			sub := nudge.Subscription{Team: team, Channel: fmt.Sprintf("C%03d%02d", t, c), Weekday: time.Monday, Hour: 9, TZ: "UTC", CreatedAt: now.AddDate(0, -1, 0)}
			if err := s.SaveSubscription(ctx, sub); err != nil {
				b.Fatal(err)
			}
		}
		for o := range nbOwnersPerTeam {
			d := tpls[n%len(tpls)]
			d.ID, d.Team, d.Owner = "deal-"+strconv.Itoa(n), team, fmt.Sprintf("U%03d%03d", t, o)
			d.CreatedAt = now.Add(-time.Duration(3+n%40) * 24 * time.Hour)
			d.UpdatedAt = d.CreatedAt
			d.Shared = n%10 == 0
			d.Drafts = append([]coach.Draft(nil), d.Drafts...)
			d.Drafts[0].At = d.CreatedAt
			if n%3 == 0 {
				d.Touches = []coach.Touch{{At: d.CreatedAt.Add(24 * time.Hour), Mode: coach.ModeReengage}}
			}
			switch n % 20 {
			case 0, 1, 2:
				d.Status, d.RevivedAt = coach.StatusRevived, d.CreatedAt.Add(time.Duration(1+n%9)*24*time.Hour)
			case 3, 4:
				d.Status = coach.StatusClosedLost
			case 5, 6, 7:
				d.Status, d.RemindAt = coach.StatusSnoozed, now.Add(-time.Duration(n%5)*24*time.Hour)
			default:
				d.Status = coach.StatusQuiet
			}
			js, _ := json.Marshal(d)
			total += len(js)
			if err := s.SaveDeal(ctx, d); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	return float64(total) / float64(n)
}
