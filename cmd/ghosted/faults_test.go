package main

// Fault tests: the whole binary booted in-process (run "serve", as main
// does) against the fake Slack, the fake OpenAI server and, where the fault
// is a process going away, a real redis-server started by the test. Each
// test breaks one thing the way production breaks it and checks what a user
// and an operator see: acks keep coming, users are told in plain words,
// /readyz tells the orchestrator, and the bot recovers by itself.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot/bottest"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach/nudge"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"
)

// faultWait bounds every wait in these tests: generous for a loaded CI
// machine under -race, far below the test timeout.
const faultWait = 20 * time.Second

const faultStory = "Dana Lee at Acme went quiet 3 weeks ago after our demo. She loved the reporting module but said budget was tight. I've sent 2 follow-ups since, by email."

// app is one `ghosted serve`, run in-process like main runs it.
type app struct {
	t      *testing.T
	name   string
	addr   string
	logs   *bottest.LogBuffer
	cancel context.CancelFunc
	done   chan error

	mu      sync.Mutex
	stopped bool
	err     error
}

// startApp runs `ghosted serve` with env, its HTTP endpoints on a listener
// of its own, and waits until /healthz answers. The app is stopped in t.Cleanup if the test
// did not stop it.
func startApp(t *testing.T, name string, env map[string]string) *app {
	t.Helper()
	ln := listen(t)
	a := &app{t: t, name: name, addr: ln.Addr().String(), logs: &bottest.LogBuffer{}, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	a.cancel = cancel
	go func() { a.done <- serve(ctx, env, ln, a.logs) }()
	t.Cleanup(func() {
		if err, _ := a.stop(); err != nil {
			t.Errorf("%s: serve returned %v", a.name, err)
		}
		logs := a.logs.String()
		for _, secret := range []string{env["SLACK_BOT_TOKEN"], env["SLACK_APP_TOKEN"], env["OPENAI_API_KEY"]} {
			if secret != "" && strings.Contains(logs, secret) {
				t.Errorf("%s: a secret reached the logs", a.name)
			}
		}
		if t.Failed() {
			t.Logf("%s logs:\n%s", a.name, logs)
		}
	})
	select {
	case err := <-a.done:
		t.Fatalf("%s: serve exited at start: %v\n%s", name, err, a.logs)
	default:
	}
	waitHTTP(t, a.url("/healthz"), 200)
	return a
}

func (a *app) url(path string) string { return "http://" + a.addr + path }

// stop cancels the app's context, as SIGTERM does, and waits for run to
// return. It returns run's error and how long the shutdown took.
func (a *app) stop() (error, time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopped {
		return a.err, 0
	}
	start := time.Now()
	a.cancel()
	select {
	case a.err = <-a.done:
	case <-time.After(60 * time.Second):
		a.err = errors.New("serve did not return within 60s of cancel")
	}
	a.stopped = true
	return a.err, time.Since(start)
}

// faultEnv is the environment of an app talking to fake and llm, with the
// test's own key prefix (see testPrefix).
func faultEnv(t *testing.T, fake *slacktest.Fake, llm *openaitest.Server, redisURL string) map[string]string {
	env := map[string]string{
		"SLACK_BOT_TOKEN": fake.BotToken,
		"SLACK_APP_TOKEN": fake.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
		"LOG_LEVEL":       "debug",
		"REDIS_URL":       redisURL,
		"REDIS_PREFIX":    testPrefix(t, redisURL),
	}
	if llm != nil {
		env["OPENAI_API_KEY"] = "sk-faults"
		env["OPENAI_BASE_URL"] = llm.URL()
		env["OPENAI_MODEL"] = "gpt-faults"
	}
	return env
}

// newFaultFake starts a fake Slack whose team id is unique to the test, so
// that tests sharing one Redis never see each other's threads, deals or
// claims even under one prefix (each test also has a prefix of its own, see
// testPrefix), and the test kit that reads what the bot posts there.
func newFaultFake(t *testing.T, opts ...slacktest.Options) (*slacktest.Fake, *bottest.Kit) {
	var o slacktest.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	o.TeamID = "T" + strings.ToUpper(bottest.RandomID()[:10])
	fake := slacktest.New(t, o)
	return fake, &bottest.Kit{T: t, Fake: fake, Wait: faultWait}
}

// faultSetup is where most fault tests start: a fake Slack and its kit
// (newFaultFake), a fake model, and the environment of an app that uses
// both and the Redis at redisURL.
func faultSetup(t *testing.T, redisURL string) (*slacktest.Fake, *bottest.Kit, *openaitest.Server, map[string]string) {
	fake, k := newFaultFake(t)
	llm := faultLLM(t)
	return fake, k, llm, faultEnv(t, fake, llm, redisURL)
}

// faultLLM is the fake model of a fault test; faultEnv points the app at it.
func faultLLM(t *testing.T) *openaitest.Server {
	return openaitest.New(t, openaitest.Options{APIKey: "sk-faults"})
}

// waitSockets waits until at least n sockets are open on the fake.
func waitSockets(t *testing.T, f *slacktest.Fake, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), faultWait)
	defer cancel()
	if err := f.WaitConnected(ctx, n); err != nil {
		t.Fatal(err)
	}
}

// waitReady polls /readyz until it answers want and reports how long that
// took. There is no event to wait on from outside the process.
func waitReady(t *testing.T, a *app, want int) time.Duration {
	t.Helper()
	start := time.Now()
	waitHTTP(t, a.url("/readyz"), want)
	return time.Since(start)
}

// sharedRedis returns a Redis that several apps (replicas, or an old and a
// new process) can share: the one in REDIS_URL when set, else a
// redis-server started for the test. Embedded Redis lives inside one
// process and cannot be shared.
func sharedRedis(t *testing.T) string {
	if url := getenvRedis(); url != "" {
		return url
	}
	return redistest.StartServer(t).URL()
}

// slowReplies makes every model reply the usual good draft, after delay.
func slowReplies(delay time.Duration) func(openaitest.Request) openaitest.Reply {
	return func(r openaitest.Request) openaitest.Reply {
		rep := openaitest.RealReply(r)
		rep.Delay = delay
		return rep
	}
}

// waitConnections polls the fake until exactly n sockets take envelopes;
// the fake has an event for "at least n" only.
func waitConnections(t *testing.T, f *slacktest.Fake, n int) {
	t.Helper()
	deadline := time.Now().Add(faultWait)
	for f.Connections() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d sockets open, want %d", f.Connections(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// metricValue reads one sample from a /metrics page; -1 when absent.
func metricValue(page, sample string) float64 {
	for _, line := range strings.Split(page, "\n") {
		if v, ok := strings.CutPrefix(line, sample+" "); ok {
			var f float64
			if _, err := fmt.Sscan(v, &f); err == nil {
				return f
			}
		}
	}
	return -1
}

// TestFaultShutdownFinishesDraftInFlight is a rolling restart: SIGTERM
// reaches the old process while the model is writing a draft. The old
// process closes its socket at once (so Slack sends new events elsewhere)
// but keeps serving /healthz, says 503 on /readyz, finishes the draft and
// posts the card, then exits 0 well within GHOSTED_SHUTDOWN_TIMEOUT. An
// event sent while it drains is handled by the new process, once.
func TestFaultShutdownFinishesDraftInFlight(t *testing.T) {
	t.Parallel()
	redisURL := sharedRedis(t)
	fake, k, llm, env := faultSetup(t, redisURL)
	env["GHOSTED_SHUTDOWN_TIMEOUT"] = "10s"
	old := startApp(t, "old", env)
	ctx := k.Ctx()
	waitSockets(t, fake, 1)
	dm, root := k.StartDM("U1", faultStory)

	const draftTime = 1500 * time.Millisecond
	llm.SetDefault(slowReplies(draftTime))
	asked := len(llm.Requests())
	k.Answer(dm, root, "U1", "draft it")
	if err := llm.Wait(ctx, asked+1); err != nil {
		t.Fatal(err)
	}

	type result struct {
		err     error
		elapsed time.Duration
		at      time.Time
	}
	stopped := make(chan result, 1)
	go func() {
		err, d := old.stop()
		stopped <- result{err, d, time.Now()}
	}()

	waitConnections(t, fake, 0)
	waitReady(t, old, 503)
	if code, _ := get(t, old.url("/healthz")); code != 200 {
		t.Errorf("/healthz during shutdown = %d, want 200 (the process is alive and draining)", code)
	}

	// A new story while the old process drains: no socket is open, so Slack
	// keeps it for the next one to connect.
	dm2 := fake.DMChannel("U2")
	root2 := fake.NextTS()
	late := k.Send(slacktest.Message{Channel: dm2, User: "U2", TS: root2, Text: faultStory})
	llm.SetDefault(nil)
	startApp(t, "new", env)
	k.Ack(late)
	k.WaitPost(0, bottest.All(bottest.InThread(dm2, root2), bottest.Post.IsQuestion))

	var r result
	select {
	case r = <-stopped:
	case <-time.After(faultWait):
		t.Fatal("the old process did not exit")
	}
	if r.err != nil {
		t.Fatalf("serve returned %v after SIGTERM, want nil (exit 0)", r.err)
	}
	card := k.WaitPost(0, bottest.All(bottest.InThread(dm, root), bottest.Post.IsCard))
	if card.Call.At.After(r.at) {
		t.Errorf("the card was posted after the old process exited")
	}
	if strings.Contains(card.AllText(), "Offline draft") {
		t.Errorf("the draft in flight was cut short and replaced by an offline one:\n%s", card.AllText())
	}
	if r.elapsed > 10*time.Second || r.elapsed < draftTime/2 {
		t.Errorf("shutdown took %v: want the draft's time (%v), within GHOSTED_SHUTDOWN_TIMEOUT", r.elapsed, draftTime)
	}
	t.Logf("shutdown with a draft in flight took %v", r.elapsed.Round(time.Millisecond))
	if logs := old.logs.String(); strings.Contains(logs, "still running after the timeout") {
		t.Errorf("the drain hit its deadline")
	}
	for _, p := range k.Posts() {
		if p.Channel == dm2 && strings.Contains(p.AllText(), "restarting") {
			t.Errorf("the late story was refused instead of handed to the new process: %q", p.AllText())
		}
	}
}

// TestFaultShutdownDeadlineCutsASlowDraft: a draft that outlasts
// GHOSTED_SHUTDOWN_TIMEOUT does not hold the exit. run returns nil promptly
// after the deadline with a warning, and the user is told the draft was cut
// short and how to get it.
func TestFaultShutdownDeadlineCutsASlowDraft(t *testing.T) {
	t.Parallel()
	fake, k, llm, env := faultSetup(t, getenvRedis())
	env["GHOSTED_SHUTDOWN_TIMEOUT"] = "1s"
	a := startApp(t, "ghosted", env)
	ctx := k.Ctx()
	waitSockets(t, fake, 1)
	dm, root := k.StartDM("U1", faultStory)
	llm.SetDefault(slowReplies(time.Minute))
	asked := len(llm.Requests())
	k.Answer(dm, root, "U1", "draft it")
	if err := llm.Wait(ctx, asked+1); err != nil {
		t.Fatal(err)
	}

	err, elapsed := a.stop()
	if err != nil {
		t.Fatalf("serve returned %v, want nil", err)
	}
	// By design 1 s, then at most 5 s for the jobs to stop; the draft
	// itself would take a minute. A generous bound between the two.
	if elapsed > 15*time.Second {
		t.Errorf("shutdown took %v with GHOSTED_SHUTDOWN_TIMEOUT=1s: it waited for the draft", elapsed)
	}
	t.Logf("shutdown past its deadline took %v", elapsed.Round(time.Millisecond))
	if !strings.Contains(a.logs.String(), "level=WARN msg=\"shutdown: jobs still running after the timeout") {
		t.Errorf("no warning that the deadline cut jobs short")
	}
	k.WaitPost(0, func(p bottest.Post) bool {
		return (p.ThreadTS == root || p.TS != "") && p.Channel == dm && strings.Contains(p.AllText(), "I had to stop before this draft was done")
	})
}

// TestFaultRedisStoppedMidConversation stops the real Redis in the middle of
// a coaching conversation (SIGTERM, so Redis flushes its append-only file as
// `redis-cli shutdown` would; clients then get connection refused) and starts
// it again on the same port and data directory. Throughout, every envelope
// is acked at once; users are told "I can't reach my memory" in plain words
// and nothing they typed is lost; /readyz says 503 while Redis is gone and
// 200 once it is back, without restarting ghosted; and the conversation goes
// on in the same thread from the question it was at.
func TestFaultRedisStoppedMidConversation(t *testing.T) {
	t.Parallel()
	rs := redistest.StartServer(t)
	fake, k := newFaultFake(t)
	llm := faultLLM(t)
	a := startApp(t, "ghosted", faultEnv(t, fake, llm, rs.URL()))
	waitSockets(t, fake, 1)
	waitReady(t, a, 200)

	dm, root := k.StartDM("U1", faultStory)

	rs.Stop()
	down := time.Now()
	t.Logf("/readyz 503 %v after Redis stopped", waitReady(t, a, 503).Round(time.Millisecond))

	// The user answers the pending question: the ack comes at once, and the
	// answer is met with a plain "can't reach my memory", in the thread.
	seen := len(k.Posts())
	sent := time.Now()
	k.Answer(dm, root, "U1", "They said the budget is frozen until Q3")
	told := k.WaitPost(seen, bottest.All(bottest.InThread(dm, root), bottest.Contains("can't reach my memory")))
	t.Logf("user told after %v", told.Call.At.Sub(sent).Round(time.Millisecond))
	// A new story by slash command is acked too, and handed back to the
	// user so that nothing typed is lost.
	slash := fake.SendSlashCommand(slacktest.Slash{User: "U2", Text: "Bo at Initech stopped answering after the trial"})
	k.Ack(slash)
	back, err := fake.WaitCall(k.Ctx(), "response_url", func(c slacktest.Call) bool { return c.URL == slash.ResponseURL })
	if err != nil {
		t.Fatal(err)
	}
	if txt := back.Params.Get("text"); !strings.Contains(txt, "can't reach my memory") || !strings.Contains(txt, "Initech") {
		t.Errorf("slash command while Redis is down answered %q", txt)
	}
	if code, _ := get(t, a.url("/healthz")); code != 200 {
		t.Errorf("/healthz with Redis down = %d: the process is alive and must not be restarted", code)
	}

	rs.Start()
	ready := waitReady(t, a, 200)
	t.Logf("Redis down for %v; /readyz 200 %v after it answered again, with no restart", time.Since(down).Round(time.Millisecond), ready.Round(time.Millisecond))

	// The same conversation goes on, in the same thread: the answer sent
	// again brings the next question (or the draft).
	seen = len(k.Posts())
	k.Answer(dm, root, "U1", "They said the budget is frozen until Q3")
	next := k.WaitPost(seen, bottest.InThread(dm, root))
	if strings.Contains(next.AllText(), "can't reach my memory") || !(next.IsQuestion() || next.Method == "chat.startStream" || next.IsCard()) {
		t.Errorf("after Redis came back, the thread got %q, want the next question or the draft\n%s", next.AllText(), k.Describe())
	}
	if strings.Contains(next.AllText(), "Question 1 ") {
		t.Errorf("the conversation started over instead of going on: %q", next.AllText())
	}
	if u := fake.Unacked(); len(u) != 0 {
		t.Errorf("unacked envelopes: %v", u)
	}
	// The operator reads one line for the outage and one for its end.
	logs := a.logs.String()
	if n := strings.Count(logs, "msg=\"Redis stopped answering"); n != 1 {
		t.Errorf("%d lines saying Redis stopped answering, want 1", n)
	}
	if n := strings.Count(logs, "level=WARN msg=\"redis:"); n != 0 {
		t.Errorf("go-redis's own retries reached the log at WARN %d times", n)
	}
	deadline := time.Now().Add(faultWait)
	for !strings.Contains(a.logs.String(), "msg=\"Redis answers again\"") {
		if time.Now().After(deadline) {
			t.Fatal("no line saying Redis answers again")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestFaultRedisPartitioned freezes Redis (SIGSTOP) instead of stopping it:
// connections stay open and every request hangs, as behind a network
// partition. Acks stay instant (the read loop never waits on Redis), /readyz
// answers 503 within its own 2 s budget, the user is told within seconds,
// and everything works again once Redis thaws.
func TestFaultRedisPartitioned(t *testing.T) {
	t.Parallel()
	rs := redistest.StartServer(t)
	fake, k := newFaultFake(t)
	llm := faultLLM(t)
	a := startApp(t, "ghosted", faultEnv(t, fake, llm, rs.URL()))
	waitSockets(t, fake, 1)
	waitReady(t, a, 200)
	dm, root := k.StartDM("U1", faultStory)

	rs.Pause()
	start := time.Now()
	code, _ := get(t, a.url("/readyz"))
	if took := time.Since(start); code != 503 || took > 3*time.Second {
		t.Errorf("/readyz with Redis frozen: %d after %v, want 503 within the probe's 3s", code, took)
	}
	seen := len(k.Posts())
	start = time.Now()
	k.Answer(dm, root, "U1", "They said the budget is frozen until Q3")
	told := k.WaitPost(seen, bottest.All(bottest.InThread(dm, root), bottest.Contains("can't reach my memory")))
	t.Logf("Redis frozen: user told after %v", told.Call.At.Sub(start).Round(time.Millisecond))

	rs.Resume()
	waitReady(t, a, 200)
	seen = len(k.Posts())
	k.Answer(dm, root, "U1", "They said the budget is frozen until Q3")
	next := k.WaitPost(seen, bottest.InThread(dm, root))
	if strings.Contains(next.AllText(), "can't reach my memory") || strings.Contains(next.AllText(), "Question 1 ") {
		t.Errorf("after Redis thawed, the thread got %q, want the conversation to go on", next.AllText())
	}
}

// TestFaultRedisAbsentAtStart: Redis is not up yet when ghosted starts, as
// on a first deploy. The process does not exit or crash-loop: /healthz
// answers, /readyz says 503 while it waits, and it becomes ready by itself
// once Redis starts. A SIGTERM while it waits is a clean stop.
func TestFaultRedisAbsentAtStart(t *testing.T) {
	t.Parallel()
	rs := redistest.NewServer(t)
	fake, _ := newFaultFake(t)
	env := faultEnv(t, fake, nil, rs.URL())

	quitter := startApp(t, "quitter", env)
	if code, body := get(t, quitter.url("/readyz")); code != 503 || !strings.Contains(body, "waiting for Redis") {
		t.Errorf("/readyz while waiting for Redis: %d %q", code, body)
	}
	if err, took := quitter.stop(); err != nil || took > 10*time.Second {
		t.Errorf("SIGTERM while waiting for Redis: %v after %v, want nil at once", err, took)
	}

	a := startApp(t, "ghosted", env)
	waitReady(t, a, 503)
	// Let it fail twice and back off before Redis comes.
	deadline := time.Now().Add(faultWait)
	for strings.Count(a.logs.String(), "Redis is still not reachable") < 1 {
		if time.Now().After(deadline) {
			t.Fatal("no retry logged while Redis is down")
		}
		time.Sleep(20 * time.Millisecond)
	}
	rs.Start()
	started := time.Now()
	waitReady(t, a, 200)
	t.Logf("ready %v after Redis started", time.Since(started).Round(time.Millisecond))
	// One warning for the whole outage, and a line when Redis answers.
	logs := a.logs.String()
	if n := strings.Count(logs, "level=WARN msg=\"Redis is not reachable yet"); n != 1 {
		t.Errorf("%d warnings about Redis being away, want one for the outage", n)
	}
	if n := strings.Count(logs, "level=WARN msg=\"redis:"); n != 0 {
		t.Errorf("go-redis's own retries reached the log at WARN %d times", n)
	}
	if !strings.Contains(logs, "level=INFO msg=\"Redis answers\"") {
		t.Errorf("no line saying Redis came back")
	}
	if fake.Connections() != 1 {
		t.Errorf("%d sockets open, want 1", fake.Connections())
	}
}

// TestFaultLLMSlowOrDown: a model slower than GHOSTED_DRAFT_TIMEOUT, then
// one answering 500s. Each time the user gets an offline draft, labeled so,
// with a plain note saying why, in about the timeout; the bot stays up, and
// once the model is healthy the next draft (and Regenerate on an offline
// card) comes from the model again.
func TestFaultLLMSlowOrDown(t *testing.T) {
	t.Parallel()
	fake, k, llm, env := faultSetup(t, getenvRedis())
	env["GHOSTED_DRAFT_TIMEOUT"] = "2s"
	a := startApp(t, "ghosted", env)
	waitSockets(t, fake, 1)

	// Slow: the model would answer after a minute.
	llm.SetDefault(slowReplies(time.Minute))
	dm, root := k.StartDM("U1", faultStory)
	start := time.Now()
	card := k.DraftIt(dm, root, "U1")
	took := time.Since(start)
	t.Logf("slow model: offline draft after %v", took.Round(time.Millisecond))
	for _, want := range []string{"didn't answer within 2s", "Offline draft", "Regenerate"} {
		if !strings.Contains(card.AllText(), want) {
			t.Errorf("card after a slow model lacks %q:\n%s", want, card.AllText())
		}
	}
	// At least the timeout; a generous bound well short of the model's
	// minute.
	if took < 2*time.Second || took > 30*time.Second {
		t.Errorf("offline draft after %v, want about GHOSTED_DRAFT_TIMEOUT (2s)", took)
	}

	// Down: every call answers 500.
	llm.SetDefault(func(openaitest.Request) openaitest.Reply { return openaitest.Reply{Status: 500} })
	dm2, root2 := k.StartDM("U2", faultStory)
	card2 := k.DraftIt(dm2, root2, "U2")
	if !strings.Contains(card2.AllText(), "Offline draft") || !strings.Contains(card2.AllText(), "the drafting model") {
		t.Errorf("card after model 500s:\n%s", card2.AllText())
	}

	// Healthy again: a new deal gets a model draft, and so does Regenerate
	// on the offline card.
	llm.SetDefault(nil)
	dm3, root3 := k.StartDM("U3", faultStory)
	card3 := k.DraftIt(dm3, root3, "U3")
	if strings.Contains(card3.AllText(), "Offline draft") || !strings.Contains(card3.AllText(), "gpt-faults") {
		t.Errorf("with the model back, the card is not the model's:\n%s", card3.AllText())
	}
	seen := len(k.Posts())
	k.Ack(fake.SendInteraction(slacktest.BlockActions{User: "U2", Channel: card2.Channel, MessageTS: card2.TS, ActionID: "card_regenerate"}))
	regen := k.WaitPost(seen, bottest.All(bottest.InThread(dm2, root2), bottest.Post.IsCard))
	if strings.Contains(regen.AllText(), "Offline draft") {
		t.Errorf("Regenerate with the model back gave an offline draft:\n%s", regen.AllText())
	}

	page := waitHTTP(t, a.url("/metrics"), 200)
	if v := metricValue(page, `ghosted_drafts_total{drafter="offline"}`); v != 2 {
		t.Errorf(`ghosted_drafts_total{drafter="offline"} = %v, want 2`, v)
	}
	if v := metricValue(page, "ghosted_llm_errors_total"); v < 2 {
		t.Errorf("ghosted_llm_errors_total = %v, want at least 2", v)
	}
	waitReady(t, a, 200)
}

// TestFaultSocketDropped: the network cuts the Socket Mode connection and
// Slack refuses the first reconnects (a 429 with Retry-After, then 503s).
// The bot reconnects by itself with backoff, /readyz says 503 while it is
// down, and an event raised meanwhile, which Slack holds for the next
// socket, is answered once.
func TestFaultSocketDropped(t *testing.T) {
	t.Parallel()
	fake, k := newFaultFake(t)
	llm := faultLLM(t)
	a := startApp(t, "ghosted", faultEnv(t, fake, llm, getenvRedis()))
	ctx := k.Ctx()
	waitSockets(t, fake, 1)
	waitReady(t, a, 200)

	opens := len(fake.Calls("apps.connections.open"))
	fake.FailNext("apps.connections.open", 1, slacktest.Fault{Status: 429, RetryAfter: 1})
	fake.FailNext("apps.connections.open", 2, slacktest.Fault{Status: 503})
	dropped := time.Now()
	fake.DropConnections()
	waitReady(t, a, 503)

	dm := fake.DMChannel("U1")
	root := fake.NextTS()
	ev := k.Send(slacktest.Message{Channel: dm, User: "U1", TS: root, Text: faultStory})

	calls, err := fake.WaitCalls(ctx, "apps.connections.open", opens+4)
	if err != nil {
		t.Fatal(err)
	}
	waitSockets(t, fake, 1)
	ready := waitReady(t, a, 200)
	t.Logf("socket dropped; /readyz 200 again after %v", (time.Since(dropped) - ready/2).Round(time.Millisecond))
	retry := calls[opens:]
	for i := 1; i < len(retry); i++ {
		t.Logf("apps.connections.open #%d: %s after the previous one (%s)", i+1, retry[i].At.Sub(retry[i-1].At).Round(time.Millisecond), retry[i-1].Error)
	}
	if gap := retry[1].At.Sub(retry[0].At); gap < 900*time.Millisecond {
		t.Errorf("reconnect after a 429 with Retry-After: 1 came %v later", gap)
	}
	for i := 2; i < len(retry); i++ {
		if gap := retry[i].At.Sub(retry[i-1].At); gap < 80*time.Millisecond {
			t.Errorf("reconnect %d came %v after a failed one: no backoff", i, gap)
		}
	}

	k.Ack(ev)
	k.WaitPost(0, bottest.All(bottest.InThread(dm, root), bottest.Post.IsQuestion))
	// Once answered, the next message in the thread queues behind any
	// duplicate; after its answer, count.
	seen := len(k.Posts())
	k.Answer(dm, root, "U1", "No")
	k.WaitPost(seen, bottest.InThread(dm, root))
	if n := k.Count(dm, root, bottest.Contains("Question 1 ")); n != 1 {
		t.Errorf("first question posted %d times\n%s", n, k.Describe())
	}
}

// TestFaultSocketRefusedRightAfterOpening: Slack hands out sockets and
// closes each right after hello (here too_many_websockets, with another
// client holding the only slot; link_disabled does the same). slack-go
// alone would call apps.connections.open about 900 times a second; the bot
// backs off, and connects as soon as a slot frees up.
func TestFaultSocketRefusedRightAfterOpening(t *testing.T) {
	t.Parallel()
	fake, k := newFaultFake(t, slacktest.Options{MaxConnections: 1})
	hog := startApp(t, "hog", faultEnv(t, fake, nil, getenvRedis()))
	ctx := k.Ctx()
	waitSockets(t, fake, 1)
	waitReady(t, hog, 200)
	opens := len(fake.Calls("apps.connections.open"))
	a := startApp(t, "ghosted", faultEnv(t, fake, nil, getenvRedis()))
	// The first call goes at once, the next after 250 ms, then 500 ms, 1 s,
	// 2 s… (each +0..20% jitter): the calls after the second are 500 ms and
	// 1 s apart at least, each wait longer than the last.
	calls, err := fake.WaitCalls(ctx, "apps.connections.open", opens+4)
	if err != nil {
		t.Fatal(err)
	}
	storm := calls[opens+1:]
	if span := storm[len(storm)-1].At.Sub(storm[0].At); span < 1400*time.Millisecond {
		t.Errorf("%d reconnects within %v: no backoff", len(storm), span)
	}
	if g1, g2 := storm[1].At.Sub(storm[0].At), storm[2].At.Sub(storm[1].At); g2 <= g1 {
		t.Errorf("reconnect waits %v then %v: the backoff does not grow", g1, g2)
	}
	for i := 1; i < len(storm); i++ {
		t.Logf("reconnect %d: %v after the previous", i, storm[i].At.Sub(storm[i-1].At).Round(time.Millisecond))
	}

	if !strings.Contains(a.logs.String(), "Slack sockets keep closing right after they open") {
		t.Errorf("no warning that sockets close right after they open")
	}
	if strings.Contains(a.logs.String(), "did not connect (its WebSocket dial failed)") {
		t.Errorf("sockets that opened and closed were logged as a failed dial")
	}

	// The slot frees up: the bot connects on its next try and works.
	if err, _ := hog.stop(); err != nil {
		t.Fatal(err)
	}
	freed := time.Now()
	waitReady(t, a, 200)
	t.Logf("connected %v after the slot freed", time.Since(freed).Round(time.Millisecond))
	k.Ack(fake.SendSlashCommand(slacktest.Slash{User: "U1", Text: "help"}))
}

// TestFaultTwoReplicasAnswerOnce runs two replicas on one fake Slack (two
// sockets, envelopes spread over both) and one Redis, and delivers inputs
// the ways Slack duplicates them: every event retried (same event_id,
// retry_attempt 1, which may land on the other socket, even while the first
// copy is being handled), a channel-thread mention that also arrives as a
// message event, and a slash command. Every user sees exactly one reply per
// input: one root, one post per question, one draft.
func TestFaultTwoReplicasAnswerOnce(t *testing.T) {
	t.Parallel()
	redisURL := sharedRedis(t)
	fake, k, _, env := faultSetup(t, redisURL)
	replicas := []*app{startApp(t, "replica-1", env), startApp(t, "replica-2", env)}
	waitSockets(t, fake, 2)

	type conv struct{ user, channel, root string }
	var convs []conv
	var envs []slacktest.Envelope

	// DM stories, each sent twice at once: the delivery and its retry.
	for _, u := range []string{"U1", "U2"} {
		dm := fake.DMChannel(u)
		root := fake.NextTS()
		first := k.Send(slacktest.Message{Channel: dm, User: u, TS: root, Text: faultStory})
		envs = append(envs, first, fake.Redeliver(first.ID))
		convs = append(convs, conv{u, dm, root})
	}
	// A mention in a channel thread: app_mention and message.channels, two
	// event ids for one message, each retried too.
	fake.AddChannel(slacktest.Channel{ID: "C1", Name: "sales"})
	thread := fake.AddMessage(slacktest.Message{Channel: "C1", User: "U3", Text: faultStory})
	ts := fake.NextTS()
	mention := "<@" + fake.BotUserID + "> what should I send them?"
	m1 := k.Send(slacktest.AppMention{Channel: "C1", User: "U3", TS: ts, ThreadTS: thread, Text: mention})
	m2 := k.Send(slacktest.Message{Channel: "C1", User: "U3", TS: ts, ThreadTS: thread, Text: mention})
	envs = append(envs, m1, m2, fake.Redeliver(m1.ID), fake.Redeliver(m2.ID))
	convs = append(convs, conv{"U3", "C1", thread})
	// A slash command: never retried by Slack, handled by whichever
	// replica gets it.
	slash := fake.SendSlashCommand(slacktest.Slash{User: "U4", Channel: "C1", Text: faultStory})
	envs = append(envs, slash)
	for _, e := range envs {
		k.Ack(e)
	}
	dm4 := fake.DMChannel("U4")
	root4 := k.WaitPost(0, func(p bottest.Post) bool {
		return p.Channel == dm4 && p.ThreadTS == "" && p.Method == "chat.postMessage"
	})
	convs = append(convs, conv{"U4", dm4, root4.TS})

	// Answer every question, each answer delivered with its retry at once,
	// until the thread has its draft.
	// The new-insight gate ("Before I draft: …") comes once, after the
	// numbered questions.
	answers := map[string]int{}
	for _, c := range convs {
		gate := false
		for q := 1; ; q++ {
			p := k.WaitPost(0, bottest.All(bottest.InThread(c.channel, c.root), func(p bottest.Post) bool {
				return p.IsCard() || strings.Contains(p.AllText(), fmt.Sprintf("Question %d ", q)) || !gate && strings.HasPrefix(p.Text, "Before I draft")
			}))
			if p.IsCard() {
				break
			}
			if q > 6 {
				t.Fatalf("%s: still asking after %d answers", c.user, q)
			}
			e := k.Send(slacktest.Message{Channel: c.channel, User: c.user, ThreadTS: c.root, Text: "Not sure, honestly"})
			r := fake.Redeliver(e.ID)
			k.Ack(e)
			k.Ack(r)
			if strings.HasPrefix(p.Text, "Before I draft") {
				gate = true
				q--
				continue
			}
			answers[c.root] = q
		}
	}

	for _, c := range convs {
		started := 0
		for _, call := range fake.Calls("chat.startStream") {
			if ch, _, thread := call.Where(); call.OK() && ch == c.channel && thread == c.root {
				started++
			}
		}
		if n := started; n != 1 {
			t.Errorf("%s: %d drafts started, want 1", c.user, n)
		}
		for q := 1; q <= answers[c.root]; q++ {
			if n := k.Count(c.channel, c.root, bottest.Contains(fmt.Sprintf("Question %d ", q))); n != 1 {
				t.Errorf("%s: question %d posted %d times", c.user, q, n)
			}
		}
		// Any other message (a note before the draft) is there once too.
		seen := map[string]bool{}
		for _, p := range k.Posts() {
			if p.Method == "chat.postMessage" && p.Channel == c.channel && p.ThreadTS == c.root {
				if seen[p.AllText()] {
					t.Errorf("%s: the same message posted twice: %.200q", c.user, p.AllText())
				}
				seen[p.AllText()] = true
			}
		}
	}
	// Both replicas took part: the fake spreads envelopes over both sockets.
	for _, r := range replicas {
		page := waitHTTP(t, r.url("/metrics"), 200)
		if v := metricValue(page, `ghosted_slack_envelopes_total{type="events_api"}`); v < 1 {
			t.Errorf("%s handled no events: the test did not exercise two replicas", r.name)
		}
	}
	// The slash command, run in a channel, gets one ephemeral note there.
	if n := len(fake.Calls("response_url")); n != 1 {
		t.Errorf("%d response_url posts for one slash command, want 1", n)
	}
	if u := fake.Unacked(); len(u) != 0 {
		t.Errorf("unacked envelopes: %v", u)
	}
}

// TestFaultTwoReplicasPostOneNudge: two replicas, one Redis, one channel
// whose weekly nudge is due now. Both schedulers tick as soon as their bot
// connects; the channel gets one nudge.
func TestFaultTwoReplicasPostOneNudge(t *testing.T) {
	t.Parallel()
	redisURL := sharedRedis(t)
	fake, k := newFaultFake(t)
	fake.AddChannel(slacktest.Channel{ID: "C9", Name: "sales-team"})
	ctx := k.Ctx()
	store, err := redisstore.Open(ctx, redisURL, redisstore.Options{Prefix: testPrefix(t, redisURL)}) // serve's key prefix
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	now := time.Now().UTC()
	// Due today from 00:00 UTC, made last week (one made today after its
	// time would wait for next week).
	sub := nudge.Subscription{Team: fake.TeamID, Channel: "C9", Weekday: now.Weekday(), TZ: "UTC", CreatedBy: "U1", CreatedAt: now.AddDate(0, 0, -7)}
	if err := store.SaveSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	env := faultEnv(t, fake, nil, redisURL)
	startApp(t, "replica-1", env)
	startApp(t, "replica-2", env)
	waitSockets(t, fake, 2)
	toChannel := func(c slacktest.Call) bool { return c.Params.Get("channel") == "C9" }
	if _, err := fake.WaitCall(ctx, "chat.postMessage", toChannel); err != nil {
		t.Fatal(err)
	}
	// Both schedulers ticked at once; give the slower one time to lose
	// the claim (or see the run recorded) and make sure it did.
	quiet, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	defer cancel()
	for {
		n := 0
		for _, c := range fake.Calls("chat.postMessage") {
			if toChannel(c) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d nudges posted in the channel, want 1", n)
		}
		if _, err := fake.WaitCalls(quiet, "chat.postMessage", len(fake.Calls("chat.postMessage"))+1); err != nil {
			break
		}
	}
}

// TestFaultLLMSlowAttemptIsRetried: GHOSTED_LLM_TIMEOUT bounds one attempt
// at the model and GHOSTED_DRAFT_TIMEOUT the whole draft, so a first
// attempt that hangs is cut short and retried within the draft's budget:
// the user gets the model's draft, not the offline one.
func TestFaultLLMSlowAttemptIsRetried(t *testing.T) {
	t.Parallel()
	fake, k, llm, env := faultSetup(t, getenvRedis())
	env["GHOSTED_LLM_TIMEOUT"] = "1s"
	env["GHOSTED_DRAFT_TIMEOUT"] = "30s"
	startApp(t, "ghosted", env)
	waitSockets(t, fake, 1)
	dm, root := k.StartDM("U1", faultStory)

	var drafts atomic.Int32
	llm.SetDefault(func(r openaitest.Request) openaitest.Reply {
		rep := openaitest.RealReply(r)
		// The first drafting attempt (not a reading, which asks for JSON)
		// hangs.
		if r.ResponseFormat == "" && drafts.Add(1) == 1 {
			rep.Delay = time.Minute
		}
		return rep
	})
	card := k.DraftIt(dm, root, "U1")
	if strings.Contains(card.AllText(), "Offline draft") || !strings.Contains(card.AllText(), "gpt-faults") {
		t.Errorf("a hung first attempt gave no model draft:\n%s", card.AllText())
	}
	if n := drafts.Load(); n < 2 {
		t.Errorf("%d drafting attempts, want the hung one and a retry", n)
	}
}
