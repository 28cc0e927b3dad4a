package slacktest_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
)

// TestRateLimits: with RateLimits, each method has its tier's calls per
// window and workspace, chat.postMessage one a second per channel (three
// at once) under a workspace-wide cap, and a call over a limit gets
// Slack's 429 with Retry-After. A window of an hour keeps every call of
// the test in one window.
func TestRateLimits(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{RateLimits: true, RateMinute: time.Hour})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)
	wantLimited := func(err error, what string) {
		t.Helper()
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) {
			t.Fatalf("%s: err %v, want a 429 with Retry-After", what, err)
		}
		if rl.RetryAfter < 59*time.Minute || rl.RetryAfter > time.Hour {
			t.Errorf("%s: Retry-After %v, want about the window (1h)", what, rl.RetryAfter)
		}
	}

	// Tier 2: twenty chat.startStream, then a 429; chat.stopStream counts apart.
	n, _ := slacktest.TierLimit("chat.startStream")
	var ts []string
	for i := range n {
		_, s, err := api.StartStreamContext(ctx, "D1", slack.MsgOptionTS("1.0"))
		if err != nil {
			t.Fatalf("startStream %d of %d: %v", i+1, n, err)
		}
		ts = append(ts, s)
	}
	_, _, err := api.StartStreamContext(ctx, "D1", slack.MsgOptionTS("1.0"))
	wantLimited(err, fmt.Sprintf("startStream %d", n+1))
	if _, _, err := api.StopStreamContext(ctx, "D1", ts[0]); err != nil {
		t.Errorf("stopStream after startStream's limit: %v", err)
	}
	if got := fake.OpenStreams(); len(got) != n-1 {
		t.Errorf("%d open streams, want %d", len(got), n-1)
	}

	// chat.postMessage: three at once in one channel, counted the same by
	// user id and by DM id; other channels go on.
	dm := fake.DMChannel("U9")
	for i, ch := range []string{"U9", dm, "U9"} {
		if _, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText("hi", false)); err != nil {
			t.Fatalf("post %d in U9's DM: %v", i+1, err)
		}
	}
	_, _, err = api.PostMessageContext(ctx, dm, slack.MsgOptionText("hi", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter < 59*time.Second || rl.RetryAfter > time.Minute {
		t.Fatalf("fourth post in one channel: %v, want a 429 with about a (scaled) second to wait", err)
	}
	// The workspace-wide cap: 300 posts, whichever channels.
	cap, _ := slacktest.TierLimit("chat.postMessage")
	for i := 3; i < cap; i++ {
		if _, _, err := api.PostMessageContext(ctx, fmt.Sprintf("C%d", i), slack.MsgOptionText("hi", false)); err != nil {
			t.Fatalf("post %d: %v", i+1, err)
		}
	}
	_, _, err = api.PostMessageContext(ctx, "CNEW", slack.MsgOptionText("hi", false))
	wantLimited(err, "post over the workspace cap")

	// What the limits refused is recorded as such, and only that.
	if got := len(fake.RateLimited()); got != 3 {
		t.Errorf("RateLimited lists %d calls, want 3", got)
	}
	fake.FailNext("chat.update", 1, slacktest.Fault{Status: 429, RetryAfter: 1})
	_, _, _, _ = api.UpdateMessageContext(ctx, dm, "1.0", slack.MsgOptionText("x", false))
	if got := len(fake.RateLimited()); got != 3 {
		t.Errorf("a Fault's 429 was counted as the limits': %d", got)
	}
	if got := fake.CallsWithin("chat.startStream", time.Hour); got != n {
		t.Errorf("CallsWithin(chat.startStream) = %d, want %d", got, n)
	}
}

func TestNoRateLimitsByDefault(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)
	for i := range 30 {
		if _, _, err := api.StartStreamContext(ctx, "D1", slack.MsgOptionTS("1.0")); err != nil {
			t.Fatalf("startStream %d without RateLimits: %v", i+1, err)
		}
	}
}
