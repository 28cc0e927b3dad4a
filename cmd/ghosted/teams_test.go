package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot/bottest"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// TestFaultTwoTeamsOneRedis: two workspaces, each with its own ghosted,
// share one Redis and one key prefix. Team one's scheduler runs alone
// first: it posts its own nudge and reminder and touches nothing of team
// two's. When team two's ghosted starts, its nudge and reminder are still
// there for it, and go out through its own Slack.
func TestFaultTwoTeamsOneRedis(t *testing.T) {
	t.Parallel()
	redisURL := sharedRedis(t)
	prefix := testPrefix(t, redisURL) // the same for both teams' apps
	now := time.Now().UTC()
	type team struct {
		fake          *slacktest.Fake
		channel, user string
	}
	var teams []team
	for i, name := range []string{"one", "two"} {
		f := slacktest.New(t, slacktest.Options{
			TeamID: "T" + strings.ToUpper(bottest.RandomID()[:8]), BotToken: "xoxb-team-" + name, AppToken: "xapp-team-" + name,
		})
		tm := team{fake: f, channel: "C" + strings.ToUpper(name), user: "U" + strings.ToUpper(name)}
		f.AddChannel(slacktest.Channel{ID: tm.channel, Name: "sales-" + name})
		f.AddUser(slacktest.User{ID: tm.user, TZ: "UTC"})
		// Team two's reminder is the older one, so a scheduler that reads
		// every team's reminders meets it first.
		seedTeam(t, redisURL, prefix, f.TeamID, tm.channel, tm.user, now.Add(-time.Duration(2-i)*time.Hour))
		teams = append(teams, tm)
	}
	env := func(tm team) map[string]string {
		return faultEnv(t, tm.fake, nil, redisURL)
	}
	nudged := func(tm team) func(slacktest.Call) bool {
		return func(c slacktest.Call) bool {
			return c.Params.Get("channel") == tm.channel && strings.Contains(c.Params.Get("text"), "check-in")
		}
	}
	reminded := func(tm team) func(slacktest.Call) bool {
		return func(c slacktest.Call) bool {
			ch, _, _ := c.Where() // posted with channel=<user id>; Slack answers the DM's id
			return ch == tm.fake.DMChannel(tm.user) && strings.Contains(c.Params.Get("text"), "time to come back")
		}
	}

	one, two := teams[0], teams[1]
	startApp(t, "team-one", env(one))
	ctx := bottest.New(t, one.fake).Ctx()
	if _, err := one.fake.WaitCall(ctx, "chat.postMessage", nudged(one)); err != nil {
		t.Fatalf("team one's nudge: %v", err)
	}
	// Reminders go out oldest first: once team one's is out, the scheduler
	// has been past team two's.
	if _, err := one.fake.WaitCall(ctx, "chat.postMessage", reminded(one)); err != nil {
		t.Fatalf("team one's reminder: %v", err)
	}
	for _, c := range one.fake.Calls("") {
		if c.Params.Get("channel") == two.channel || c.Params.Get("channel") == one.fake.DMChannel(two.user) || c.Params.Get("channel") == two.user || c.Params.Get("users") == two.user {
			t.Errorf("team one's ghosted acted on team two's data: %s %v", c.Method, c.Params)
		}
	}

	startApp(t, "team-two", env(two))
	if _, err := two.fake.WaitCall(ctx, "chat.postMessage", nudged(two)); err != nil {
		t.Errorf("team two's nudge never came: %v", err)
	}
	if _, err := two.fake.WaitCall(ctx, "chat.postMessage", reminded(two)); err != nil {
		t.Errorf("team two's reminder never came: %v", err)
	}
}

// seedTeam stores a channel's weekly nudge, due today, and a snoozed deal
// whose reminder came at remindAt, as team's ghosted would have.
func seedTeam(t *testing.T, redisURL, prefix, team, channel, user string, remindAt time.Time) {
	t.Helper()
	ctx := context.Background()
	// A clock before the date, so the reminder is indexed as one to come.
	s, err := redisstore.Open(ctx, redisURL, redisstore.Options{Prefix: prefix, Clock: &coach.FixedClock{T: remindAt.Add(-time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Now().UTC()
	sub := nudge.Subscription{Team: team, Channel: channel, Weekday: now.Weekday(), TZ: "UTC", CreatedBy: user, CreatedAt: now.AddDate(0, 0, -7)}
	if err := s.SaveSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	d, _ := coach.Start("deal-"+team, team, user, faultStory, now.AddDate(0, 0, -30))
	d.Status, d.RemindAt = coach.StatusSnoozed, remindAt
	if err := s.CreateDeal(ctx, d); err != nil {
		t.Fatal(err)
	}
}
