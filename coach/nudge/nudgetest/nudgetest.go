// Package nudgetest seeds a store with a realistic team workload (coached
// deals in a mix of statuses, and subscribed channels) for the weekly-nudge
// benchmarks, so the scheduler's benchmark and the bot's benchmark through
// the fake Slack measure the same thing.
package nudgetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// Shape is the size of a seeded workload: every owner has one deal, and
// every channel is subscribed for Monday 09:00 UTC.
type Shape struct {
	Teams, OwnersPerTeam, ChannelsPerTeam int
}

// Bench is issue 4's benchmark shape: 50 teams of 400 owners (20,000 deals)
// and 20 channels per team (1,000 channels), all due at the same minute,
// the worst case for one tick.
var Bench = Shape{Teams: 50, OwnersPerTeam: 400, ChannelsPerTeam: 20}

// Deals is how many deals the shape seeds.
func (s Shape) Deals() int { return s.Teams * s.OwnersPerTeam }

// Channels is how many subscribed channels the shape seeds.
func (s Shape) Channels() int { return s.Teams * s.ChannelsPerTeam }

// TeamIDs are the ids of the teams Seed fills.
func (s Shape) TeamIDs() []string {
	ids := make([]string, s.Teams)
	for t := range ids {
		ids[t] = teamID(t)
	}
	return ids
}

func teamID(t int) string { return fmt.Sprintf("T%03d", t) }

var stories = []string{
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

// Templates are realistic coached deals, a full conversation each: the
// story, its facts and diagnosis, skipped questions and an offline draft with
// its lint report, as the store would hold them.
func Templates(tb testing.TB, now time.Time) []coach.Deal {
	tb.Helper()
	var out []coach.Deal
	for i, story := range stories {
		d, _ := coach.Start(fmt.Sprint("tpl", i), "T", "U", story, now)
		d, fx, err := coach.Step(d, coach.Input{Text: "skip"}, now)
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range fx {
			if w, ok := e.(coach.WriteDraft); ok {
				dr, err := coach.Write(context.Background(), coach.OfflineDrafter{}, w.Request, now, nil)
				if err != nil {
					tb.Fatal(err)
				}
				d.AddDraft(dr, now)
			}
		}
		if len(d.Drafts) == 0 {
			tb.Fatalf("template %d has no draft", i)
		}
		out = append(out, d)
	}
	return out
}

// Vary turns a template into deal i of a team: a mix of statuses, touches
// and shared deals like a team that has used ghosted for a while.
func Vary(tpl coach.Deal, team, owner string, i int, now time.Time) coach.Deal {
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

// Seed fills s with the shape's subscriptions and deals and returns the
// mean JSON size of a deal.
func Seed(tb testing.TB, s *redisstore.Store, shape Shape, now time.Time) (jsonBytesPerDeal float64) {
	tb.Helper()
	ctx := context.Background()
	tpls := Templates(tb, now)
	total, n := 0, 0
	for t := range shape.Teams {
		team := teamID(t)
		for c := range shape.ChannelsPerTeam {
			sub := nudge.Subscription{Team: team, Channel: fmt.Sprintf("C%03d%02d", t, c), Weekday: time.Monday, Hour: 9, TZ: "UTC", CreatedAt: now.AddDate(0, -1, 0)}
			if err := s.SaveSubscription(ctx, sub); err != nil {
				tb.Fatal(err)
			}
		}
		for o := range shape.OwnersPerTeam {
			d := Vary(tpls[n%len(tpls)], team, fmt.Sprintf("U%03d%03d", t, o), n, now)
			js, err := json.Marshal(d)
			if err != nil {
				tb.Fatal(err)
			}
			total += len(js)
			if err := s.CreateDeal(ctx, d); err != nil {
				tb.Fatal(err)
			}
			n++
		}
	}
	return float64(total) / float64(max(n, 1))
}
