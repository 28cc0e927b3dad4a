package bot_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
	"github.com/ghosted-bot/ghosted/coach/nudge/nudgetest"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
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
	jsonPerDeal := nudgetest.Seed(b, store, nudgetest.Bench, start)
	var redisPerDeal float64
	if !store.Embedded() {
		mem, err := redistest.DealMemory(context.Background(), store)
		if err != nil {
			b.Fatal(err)
		}
		redisPerDeal = float64(mem) / float64(nudgetest.Bench.Deals())
	}

	quiet := slog.New(slog.NewJSONHandler(io.Discard, nil))
	// Slack's minute lasts a millisecond for the bot's pacer, and the fake
	// enforces no limits: this measures the tick's own work. That a paced
	// tick meets no 429 is TestNudgeTickPacesItself's to show.
	poster, err := bot.New(bot.Config{BotToken: f.BotToken, AppToken: f.AppToken, APIURL: f.APIURL(), Logger: quiet, RateMinute: time.Millisecond},
		bot.Deps{Memory: store, Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	// One scheduler per team, as each team's ghosted runs its own; the one
	// fake workspace stands in for all of them.
	var runners []*nudge.Runner
	for _, team := range nudgetest.Bench.TeamIDs() {
		runners = append(runners, &nudge.Runner{Team: team, Store: store, Poster: poster, Clock: clock, Logger: quiet})
	}

	var ticks, calls, posted, blocks, owners int
	for b.Loop() {
		// A new week each time, so every channel is due again.
		clock.T = start.AddDate(0, 0, 7*ticks)
		ticks++
		before := len(f.Calls(""))
		for _, r := range runners {
			if err := r.Tick(context.Background()); err != nil {
				b.Fatal(err)
			}
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
	if posted != ticks*nudgetest.Bench.Channels() {
		b.Fatalf("posted %d nudges in %d ticks, want %d per tick", posted, ticks, nudgetest.Bench.Channels())
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
