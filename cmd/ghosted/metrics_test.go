package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot/bottest"
	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
)

// TestMetricsAfterCoachingFlow boots the binary, scrapes /metrics, and walks
// what moves each metric ghosted declares, through the real code paths: the
// weekly nudge and a remember-me reminder the scheduler sends at start; a
// coaching flow by slash command with one Slack 429 on the way, a first
// draft that fails the lint and is redrafted, Shorter, and Regenerate while
// the model answers 500s; an App Home visit whose views.publish fails with a
// 5xx; and one user's burst of commands past their share of the queue. The
// second scrape shows every ghosted metric moved from the first (exact
// counts where the flow fixes them), and the Go and process series are
// there, so the README's memory and CPU targets can be watched.
func TestMetricsAfterCoachingFlow(t *testing.T) {
	t.Parallel()
	redisURL := sharedRedis(t)
	fake, k, llm, env := faultSetup(t, redisURL)
	env["GHOSTED_WORKERS"] = "1" // so that one held call fills the queue
	now := time.Now().UTC()
	fake.AddChannel(slacktest.Channel{ID: "C9", Name: "sales-team"})
	seedTeam(t, redisURL, env["REDIS_PREFIX"], fake.TeamID, "C9", "UR", now.Add(-time.Hour))

	a := startApp(t, "ghosted", env)
	ctx := k.Ctx()
	waitSockets(t, fake, 1)
	// The scheduler's first tick: the nudge in C9, the reminder to UR.
	for _, to := range []string{"C9", fake.DMChannel("UR")} {
		posted := func(c slacktest.Call) bool {
			ch, _, _ := c.Where() // the reminder names the owner's user id; Slack answers the DM's id
			return c.OK() && ch == to
		}
		if _, err := fake.WaitCall(ctx, "chat.postMessage", posted); err != nil {
			t.Fatalf("nothing posted to %s: %v", to, err)
		}
	}
	// Counted when the poster returns, just after Slack got the post.
	first := waitMetric(t, a, "ghosted_reminders_sent_total", 1)
	first = waitMetric(t, a, "ghosted_nudges_posted_total", 1)
	for _, series := range []string{"go_goroutines", "go_memstats_heap_inuse_bytes", "go_gc_duration_seconds_count", "process_resident_memory_bytes", "process_cpu_seconds_total", "process_open_fds"} {
		if metricValue(first, series) <= 0 {
			t.Errorf("/metrics lacks %s (or it is 0)", series)
		}
	}

	envelopes := map[string]int{}
	slash := fake.SendSlashCommand(slacktest.Slash{User: "U1", Text: faultStory})
	k.Ack(slash)
	envelopes["slash_commands"]++
	dm := fake.DMChannel("U1")
	root := k.WaitPost(0, func(p bottest.Post) bool { return p.Channel == dm && p.ThreadTS == "" }).TS
	k.WaitPost(0, bottest.All(bottest.InThread(dm, root), bottest.Post.IsQuestion))

	// Slack rate-limits the next question once; the bot waits it out.
	fake.FailNext("chat.postMessage", 1, slacktest.Fault{Status: 429, RetryAfter: 1})
	seen := len(k.Posts())
	k.Answer(dm, root, "U1", "They went quiet after pricing")
	envelopes["events_api"]++
	k.WaitPost(seen, bottest.InThread(dm, root))

	// The model's first draft pesters; the lint sends it back once.
	llm.Enqueue(openaitest.Reply{Text: "Subject: Following up\n\nHi Dana,\n\nJust checking in — bumping this to the top of your inbox. Did you get my last 2 emails?"})
	card := k.DraftIt(dm, root, "U1")
	envelopes["events_api"]++
	seen = len(k.Posts())
	k.Ack(fake.SendInteraction(slacktest.BlockActions{User: "U1", Channel: card.Channel, MessageTS: card.TS, ActionID: "card_shorter"}))
	envelopes["interactive"]++
	card = k.WaitPost(seen, bottest.All(bottest.InThread(dm, root), bottest.Post.IsCard))

	// Regenerate while the model fails: an offline draft, a model error.
	llm.SetDefault(func(openaitest.Request) openaitest.Reply { return openaitest.Reply{Status: 500} })
	seen = len(k.Posts())
	k.Ack(fake.SendInteraction(slacktest.BlockActions{User: "U1", Channel: card.Channel, MessageTS: card.TS, ActionID: "card_regenerate"}))
	envelopes["interactive"]++
	if offline := k.WaitPost(seen, bottest.All(bottest.InThread(dm, root), bottest.Post.IsCard)); !strings.Contains(offline.AllText(), "Offline draft") {
		t.Errorf("Regenerate with the model down gave:\n%s", offline.AllText())
	}
	llm.SetDefault(nil)

	// The App Home, with Slack's servers failing the publish.
	fake.FailNext("views.publish", 1, slacktest.Fault{Status: 503})
	k.Ack(k.Send(slacktest.AppHomeOpened{User: "U1"}))
	envelopes["events_api"]++
	if _, err := fake.WaitCall(ctx, "views.publish", func(c slacktest.Call) bool { return !c.OK() }); err != nil {
		t.Fatal(err)
	}

	// One user's burst while the only worker waits on Slack.
	stuck := fake.Hold("chat.postMessage")
	k.Ack(k.Send(slacktest.Message{Channel: fake.DMChannel("U2"), User: "U2", Text: faultStory}))
	envelopes["events_api"]++
	if err := stuck.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	var taken []slacktest.Envelope
	busy := 0
	for range 40 {
		env := fake.SendSlashCommand(slacktest.Slash{User: "U3", Text: "lint Hi Dana, how are you?"})
		envelopes["slash_commands"]++
		if ack := k.Ack(env); strings.Contains(string(ack.Payload), "try again") {
			busy++
		} else {
			taken = append(taken, env)
		}
	}
	stuck.Release()
	for _, env := range taken {
		if _, err := fake.WaitCall(ctx, "response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL }); err != nil {
			t.Fatal(err)
		}
	}
	if busy == 0 {
		t.Fatal("40 commands from one user were all taken: the test did not fill their share of the queue")
	}

	page := waitHTTP(t, a.url("/metrics"), 200)
	total := 0
	for typ, n := range envelopes {
		total += n
		if v := metricValue(page, fmt.Sprintf(`ghosted_slack_envelopes_total{type=%q}`, typ)); v != float64(n) {
			t.Errorf("envelopes of type %s = %v, want %d", typ, v, n)
		}
	}
	exact := []struct {
		sample string
		want   float64
	}{
		{"ghosted_slack_ack_seconds_count", float64(total)},
		{`ghosted_drafts_total{drafter="llm"}`, 2}, // draft (redrafted), Shorter
		{`ghosted_drafts_total{drafter="offline"}`, 1},
		{"ghosted_redrafts_total", 1},
		{"ghosted_lint_failures_total", 1},
		{`ghosted_slack_rate_limited_total{method="chat.postMessage"}`, 1},
		{`ghosted_slack_api_errors_total{error="http_5xx",method="views.publish"}`, 1},
		{"ghosted_nudges_posted_total", 1},
		{"ghosted_reminders_sent_total", 1},
		{"ghosted_jobs_dropped_total", float64(busy)},
		{"ghosted_slack_connected", 1},
	}
	for _, c := range exact {
		if v := metricValue(page, c.sample); v != c.want {
			t.Errorf("%s = %v, want %v", c.sample, v, c.want)
		}
	}
	for _, c := range []string{`ghosted_llm_request_seconds_count{outcome="ok"}`, `ghosted_llm_request_seconds_count{outcome="error"}`,
		`ghosted_llm_tokens_total{kind="prompt"}`, `ghosted_llm_tokens_total{kind="completion"}`, "ghosted_llm_errors_total"} {
		if v := metricValue(page, c); v <= 0 {
			t.Errorf("%s = %v, want > 0", c, v)
		}
	}
	// Every metric ghosted declares moved between the two scrapes (the
	// scheduler's two had moved before the first), or is a gauge.
	for _, name := range metrics.New(func() bool { return true }, func() int { return 0 }).Names() {
		typ := familyType(page, name)
		switch {
		case typ == "":
			t.Errorf("%s is not on /metrics", name)
		case typ == "gauge":
		case name == "ghosted_nudges_posted_total" || name == "ghosted_reminders_sent_total":
			if familySum(first, name) != 1 {
				t.Errorf("%s = %v at the first scrape, want 1", name, familySum(first, name))
			}
		case familySum(page, name) <= familySum(first, name):
			t.Errorf("%s did not move: %v, then %v", name, familySum(first, name), familySum(page, name))
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", page)
	}
}

// waitMetric polls /metrics until sample reads want, and returns the page:
// a counter moves inside the process, which sends no event.
func waitMetric(t *testing.T, a *app, sample string, want float64) string {
	t.Helper()
	deadline := time.Now().Add(faultWait)
	for {
		page := waitHTTP(t, a.url("/metrics"), 200)
		if metricValue(page, sample) == want {
			return page
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s = %v after %v, want %v", sample, metricValue(page, sample), faultWait, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// familyType is the # TYPE of a metric family on a /metrics page, or "".
func familyType(page, name string) string {
	for _, line := range strings.Split(page, "\n") {
		if rest, ok := strings.CutPrefix(line, "# TYPE "+name+" "); ok {
			return rest
		}
	}
	return ""
}

// familySum adds up a family's samples: a counter's series, or a
// histogram's counts.
func familySum(page, name string) float64 {
	var sum float64
	for _, line := range strings.Split(page, "\n") {
		sample, value, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		metric, _, _ := strings.Cut(sample, "{")
		if metric != name && metric != name+"_count" {
			continue
		}
		var v float64
		if _, err := fmt.Sscan(value, &v); err == nil {
			sum += v
		}
	}
	return sum
}
