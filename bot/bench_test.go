package bot_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach/openaidraft"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// BenchmarkSlashBurst sends a burst of /ghosted commands at once over one
// socket, with a model that takes a second to answer. In the same run, and
// first, the same burst goes to the floor: a slack-go Socket Mode client
// that only acks (TestAckOnlyProcess), on a fake of its own, so the two are
// measured on the same machine under the same load. It reports:
//
//	ack-p50-ms, ack-p99-ms, ack-max-ms  ghosted's ack latency, socket write to ack read
//	floor-ack-p50-ms, floor-ack-p99-ms  the ack-only client's
//	ack-p99-x-floor                     ghosted's ack p99 over the floor's
//	acks-over-3s                        envelopes Slack would have given up on
//	firstq-p50-ms, firstq-max-ms        command sent → first question posted
//	peak-rss-MiB                        VmHWM of the bot process
//	cpu-ms                              user+system CPU of the bot process per burst
//	cpu-us/cmd, floor-cpu-us/cmd        CPU per command of each process, from
//	                                    the burst until its last ack
//	                                    (ghosted: its last first question)
//
// Both clients run in child processes (TestBotProcess with its embedded
// Redis, or REDIS_URL; TestAckOnlyProcess), so RSS and CPU are theirs, not
// the fakes'. The bot's pacer is scaled so that Slack's tiers do not bind:
// this measures ghosted's own costs (on a real workspace, the tiers would
// spread 500 people's first questions over minutes whatever the bot does).
//
//	go test ./bot -run XXX -bench 'SlashBurst/500$' -benchtime 1x -count 5
func BenchmarkSlashBurst(b *testing.B) {
	for _, n := range []int{500, 5000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchBurst(b, n) })
	}
}

func benchBurst(b *testing.B, n int) {
	floorFake := slacktest.New(b, slacktest.Options{})
	floorFake.AddChannel(slacktest.Channel{ID: "CBENCH", Name: "sales"})
	floor := startChildProcess(b, floorFake, "TestAckOnlyProcess")
	f := slacktest.New(b, slacktest.Options{})
	llm := openaitest.New(b, openaitest.Options{Delay: time.Second})
	f.AddChannel(slacktest.Channel{ID: "CBENCH", Name: "sales"})
	child := startBotProcess(b, f, llm)
	text := "Dana Lee at Acme went quiet 3 weeks ago after our demo; budget was tight and I sent 2 follow-ups."

	// A warm-up burst to each, unmeasured: a process that just started
	// grows its heap, stacks and connection pools under the first burst,
	// which a bot that has been serving for a while has done long ago.
	sendBurst(b, floorFake, "UFW", 50, text)
	burstAndQuestions(b, f, "UBW", 50, text)

	var acks, floorAcks, firsts []time.Duration
	var cpu, floorCPU, fakeCPU time.Duration
	b.ResetTimer()
	for iter := range b.N {
		// The floor first, then ghosted: one after the other, so neither
		// competes with the other for the machine.
		floor0 := floor.cpu()
		fa, _ := sendBurst(b, floorFake, fmt.Sprintf("UF%d_", iter), n, text)
		floorCPU += floor.cpu() - floor0
		floorAcks = append(floorAcks, fa...)

		cpu0, self0 := child.cpu(), selfCPU()
		a, first := burstAndQuestions(b, f, fmt.Sprintf("UB%d_", iter), n, text)
		cpu += child.cpu() - cpu0
		fakeCPU += selfCPU() - self0
		acks = append(acks, a...)
		if first != nil {
			firsts = append(firsts, first...)
		}
	}
	b.StopTimer()
	rss := child.peakRSSMiB()
	child.stop()
	floor.stop()

	slices.Sort(acks)
	slices.Sort(floorAcks)
	slices.Sort(firsts)
	over := 0
	for _, a := range acks {
		if a >= 3*time.Second {
			over++
		}
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(pct(acks, 50)), "ack-p50-ms")
	b.ReportMetric(ms(pct(acks, 99)), "ack-p99-ms")
	b.ReportMetric(ms(acks[len(acks)-1]), "ack-max-ms")
	b.ReportMetric(ms(pct(floorAcks, 50)), "floor-ack-p50-ms")
	b.ReportMetric(ms(pct(floorAcks, 99)), "floor-ack-p99-ms")
	b.ReportMetric(float64(pct(acks, 99))/float64(max(pct(floorAcks, 99), time.Microsecond)), "ack-p99-x-floor")
	b.ReportMetric(float64(over), "acks-over-3s")
	if len(firsts) > 0 {
		b.ReportMetric(ms(pct(firsts, 50)), "firstq-p50-ms")
		b.ReportMetric(ms(firsts[len(firsts)-1]), "firstq-max-ms")
	}
	b.ReportMetric(rss, "peak-rss-MiB")
	b.ReportMetric(ms(cpu)/float64(b.N), "cpu-ms")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*n), "cpu-us/cmd")
	b.ReportMetric(float64(floorCPU.Microseconds())/float64(b.N*n), "floor-cpu-us/cmd")
	b.ReportMetric(float64(fakeCPU.Microseconds())/float64(b.N*n), "fake-cpu-us/cmd")
	if over > 0 {
		b.Errorf("%d of %d envelopes acked after 3 s", over, len(acks))
	}
	if len(f.Unacked()) > 0 {
		b.Errorf("%d envelopes never acked", len(f.Unacked()))
	}
}

// burstAndQuestions sends ghosted a burst of n slash commands (sendBurst)
// and waits for each user's first question: a threaded post with quick
// replies, timed by the fake when it arrived. It returns the ack latencies
// and, when every question came within the wait, the time from each
// command to its question.
func burstAndQuestions(b *testing.B, f *slacktest.Fake, prefix string, n int, text string) (acks, firsts []time.Duration) {
	byDM := make(map[string]int, n)
	for i := range n {
		byDM[f.DMChannel(prefix+strconv.Itoa(i))] = i
	}
	_, seenTotal := f.CallsFrom(math.MaxInt) // only what this burst makes
	acks, sent := sendBurst(b, f, prefix, n, text)
	// This samples the calls recorded since the last look every few
	// milliseconds, instead of waiting on each call: the fake's waiters
	// rescan every call on every change, which at tens of thousands of
	// calls would eat the CPU being measured.
	first := make([]time.Duration, n)
	got := 0
	wait := time.Minute
	if n > 500 {
		wait = 20 * time.Second
	}
	deadline := time.Now().Add(wait)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for got < n {
		if time.Now().After(deadline) {
			// The 5,000 burst is about acks; its questions are reported
			// when they all come within the wait.
			if n > 500 {
				b.Logf("%d of %d users saw a question within %v", got, n, wait)
				return acks, nil
			}
			b.Fatalf("%d of %d users saw a question within %v", got, n, wait)
		}
		<-tick.C
		calls, total := f.CallsFrom(seenTotal)
		for _, c := range calls {
			if c.Method != "chat.postMessage" {
				continue
			}
			i, ok := byDM[c.Params.Get("channel")]
			if !ok {
				// Posted with channel=<user id>: the answer names the DM.
				ch, _, _ := c.Where()
				i, ok = byDM[ch]
			}
			if ok && first[i] == 0 && c.Params.Get("thread_ts") != "" && strings.Contains(c.Params.Get("blocks"), "q_skip") {
				first[i] = c.At.Sub(sent[i])
				got++
			}
		}
		seenTotal = total
	}
	return acks, first
}

// sendBurst sends n slash commands, from users prefix0…, as fast as the
// fake takes them, and waits for every ack. It returns the ack latencies
// and when each command was sent.
func sendBurst(b *testing.B, f *slacktest.Fake, prefix string, n int, text string) ([]time.Duration, []time.Time) {
	sent := make([]time.Time, n)
	envs := make([]slacktest.Envelope, n)
	for i := range n {
		sent[i] = time.Now()
		envs[i] = f.SendSlashCommand(slacktest.Slash{User: prefix + strconv.Itoa(i), Channel: "CBENCH", Text: text})
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	acks := make([]time.Duration, 0, n)
	for _, env := range envs {
		a, err := f.WaitAck(ctx, env.ID)
		if err != nil {
			b.Fatal(err)
		}
		acks = append(acks, a.Latency)
	}
	return acks, sent
}

// botProcess is the bot running in a child process (this test binary, in
// TestBotProcess), so its memory and CPU are measured apart from the fakes.
type botProcess struct {
	tb  testing.TB
	cmd *exec.Cmd
}

func startBotProcess(tb testing.TB, f *slacktest.Fake, llm *openaitest.Server) *botProcess {
	tb.Helper()
	return startChildProcess(tb, f, "TestBotProcess", "OPENAI_BASE_URL="+llm.URL())
}

// startChildProcess runs test (TestBotProcess or TestAckOnlyProcess) of this
// binary in a child process connected to f, and waits for its socket.
func startChildProcess(tb testing.TB, f *slacktest.Fake, test string, env ...string) *botProcess {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(),
		"GHOSTED_BOT_PROCESS=1",
		"SLACK_BOT_TOKEN="+f.BotToken, "SLACK_APP_TOKEN="+f.AppToken, "SLACK_API_URL="+f.APIURL(),
	)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	p := &botProcess{tb: tb, cmd: cmd}
	tb.Cleanup(p.stop)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := f.WaitConnected(ctx, 1); err != nil {
		tb.Fatalf("the %s process did not connect: %v", test, err)
	}
	return p
}

func (p *botProcess) stop() {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		p.tb.Errorf("bot process: %v", err)
	}
}

// cpu is the process's user+system CPU time so far, from /proc/<pid>/stat.
func (p *botProcess) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // USER_HZ
}

// selfCPU is this process's user+system CPU time so far: the fakes'.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSSMiB is the process's peak resident set (VmHWM).
func (p *botProcess) peakRSSMiB() float64 {
	return vmHWM(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
}

// TestBotProcess is the bot as BenchmarkSlashBurst runs it in a child
// process: configured from the environment like `ghosted serve`, with the
// OpenAI drafter and the store (embedded unless REDIS_URL is set), until
// SIGTERM.
func TestBotProcess(t *testing.T) {
	if os.Getenv("GHOSTED_BOT_PROCESS") != "1" {
		t.Skip("run by BenchmarkSlashBurst")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if path := os.Getenv("GHOSTED_BOT_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	store, err := redisstore.Open(ctx, os.Getenv("REDIS_URL"), redisstore.Options{Prefix: "botbench-" + randomID()})
	if err != nil {
		t.Fatal(err)
	}
	defer cleanupStore(store)
	drafter, err := openaidraft.New(openaidraft.Config{APIKey: "sk-bench", BaseURL: os.Getenv("OPENAI_BASE_URL"), Model: "gpt-bench"})
	if err != nil {
		t.Fatal(err)
	}
	workers, _ := strconv.Atoi(os.Getenv("GHOSTED_WORKERS")) // 0: the default
	// Metrics as `ghosted serve` has them: Envelope is on the ack path.
	var b *bot.Bot
	m := metrics.New(func() bool { return b != nil && b.Connected() }, func() int {
		if b == nil {
			return 0
		}
		return b.Queued()
	})
	b, err = bot.New(bot.Config{
		Workers:  workers,
		BotToken: os.Getenv("SLACK_BOT_TOKEN"),
		AppToken: os.Getenv("SLACK_APP_TOKEN"),
		APIURL:   os.Getenv("SLACK_API_URL"),
		Logger:   slog.New(slog.NewJSONHandler(io.Discard, nil)),
		// The measurements are taken; do not drain a backlog on exit.
		ShutdownTimeout: time.Second,
		// Slack's minute lasts a millisecond: the budgets never bind, and
		// the burst measures ghosted's own costs (pacing included).
		RateMinute: time.Millisecond,
	}, bot.Deps{Memory: store, Drafter: drafter, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestAckOnlyProcess is the floor BenchmarkSlashBurst compares ghosted
// with: a slack-go Socket Mode client that acks every envelope at once and
// does nothing else, until SIGTERM.
func TestAckOnlyProcess(t *testing.T) {
	if os.Getenv("GHOSTED_BOT_PROCESS") != "1" {
		t.Skip("run by BenchmarkSlashBurst")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	api := slack.New(os.Getenv("SLACK_BOT_TOKEN"),
		slack.OptionAppLevelToken(os.Getenv("SLACK_APP_TOKEN")),
		slack.OptionAPIURL(os.Getenv("SLACK_API_URL")))
	sm := socketmode.New(api)
	done := make(chan error, 1)
	go func() { done <- sm.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			<-done
			return
		case evt := <-sm.Events:
			if evt.Request != nil && evt.Request.EnvelopeID != "" {
				_ = sm.Ack(*evt.Request)
			}
		}
	}
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p+99)/100 - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// vmHWM reads a peak resident set (VmHWM) from a /proc status file, in MiB.
func vmHWM(path string) float64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024
		}
	}
	return -1
}
