package bot_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
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

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach/openaidraft"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// BenchmarkSlashBurst sends a burst of /ghosted commands at once over one
// socket, with a model that takes a second to answer, and reports:
//
//	ack-p50-ms, ack-p99-ms, ack-max-ms  ack latency, socket write to ack read
//	acks-over-3s                        envelopes Slack would have given up on
//	firstq-p50-ms, firstq-max-ms        command sent → first question posted
//	peak-rss-MiB                        VmHWM of the whole test process
//	cpu-ms                              user+system CPU of the process
//
// The bot runs in a child process (TestBotProcess) with its embedded Redis
// (or REDIS_URL), so RSS and CPU are the bot's, not the fakes'.
//
//	go test ./bot -run XXX -bench SlashBurst -benchtime 1x
func BenchmarkSlashBurst(b *testing.B) {
	for _, n := range []int{500, 5000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchBurst(b, n) })
	}
}

func benchBurst(b *testing.B, n int) {
	f := slacktest.New(b, slacktest.Options{})
	llm := openaitest.New(b, openaitest.Options{Delay: time.Second})
	f.AddChannel(slacktest.Channel{ID: "CBENCH", Name: "sales"})
	child := startBotProcess(b, f, llm)
	text := "Dana Lee at Acme went quiet 3 weeks ago after our demo; budget was tight and I sent 2 follow-ups."

	var acks, firsts []time.Duration
	cpu0 := child.cpu()
	b.ResetTimer()
	for iter := range b.N {
		users := make([]string, n)
		sent := make([]time.Time, n)
		envs := make([]slacktest.Envelope, n)
		byDM := make(map[string]int, n)
		for i := range n {
			users[i] = fmt.Sprintf("UB%d_%d", iter, i)
			byDM[f.DMChannel(users[i])] = i
		}
		for i := range n {
			sent[i] = time.Now()
			envs[i] = f.SendSlashCommand(slacktest.Slash{User: users[i], Channel: "CBENCH", Text: text})
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		for _, env := range envs {
			a, err := f.WaitAck(ctx, env.ID)
			if err != nil {
				b.Fatal(err)
			}
			acks = append(acks, a.Latency)
		}
		cancel()
		// The first question of each user: a threaded post with quick
		// replies, timed by the fake when it arrived. This samples the
		// record every few milliseconds instead of waiting on each call:
		// the fake's waiters rescan every call on every change, which at
		// tens of thousands of calls would eat the CPU being measured.
		first := make([]time.Duration, n)
		got, seen := 0, 0
		wait := time.Minute
		if n > 500 {
			wait = 20 * time.Second
		}
		deadline := time.Now().Add(wait)
		tick := time.NewTicker(20 * time.Millisecond)
		for got < n {
			if time.Now().After(deadline) {
				// The 5,000 burst is about acks; its questions are reported
				// when they all come within the wait.
				if n > 500 {
					b.Logf("%d of %d users saw a question within %v", got, n, wait)
					firsts = nil
					break
				}
				b.Fatalf("%d of %d users saw a question within %v", got, n, wait)
			}
			<-tick.C
			calls := f.Calls("chat.postMessage")
			for _, c := range calls[seen:] {
				i, ok := byDM[c.Params.Get("channel")]
				if ok && first[i] == 0 && c.Params.Get("thread_ts") != "" && strings.Contains(c.Params.Get("blocks"), "q_skip") {
					first[i] = c.At.Sub(sent[i])
					got++
				}
			}
			seen = len(calls)
		}
		tick.Stop()
		if got == n {
			firsts = append(firsts, first...)
		}
	}
	b.StopTimer()
	cpu := child.cpu() - cpu0
	rss := child.peakRSSMiB()
	child.stop()

	slices.Sort(acks)
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
	b.ReportMetric(float64(over), "acks-over-3s")
	if len(firsts) > 0 {
		b.ReportMetric(ms(pct(firsts, 50)), "firstq-p50-ms")
		b.ReportMetric(ms(firsts[len(firsts)-1]), "firstq-max-ms")
	}
	b.ReportMetric(rss, "peak-rss-MiB")
	b.ReportMetric(ms(cpu)/float64(b.N), "cpu-ms")
	if over > 0 {
		b.Errorf("%d of %d envelopes acked after 3 s", over, len(acks))
	}
	if len(f.Unacked()) > 0 {
		b.Errorf("%d envelopes never acked", len(f.Unacked()))
	}
}

// botProcess is the bot running in a child process (this test binary, in
// TestBotProcess), so its memory and CPU are measured apart from the fakes.
type botProcess struct {
	tb  testing.TB
	cmd *exec.Cmd
}

func startBotProcess(tb testing.TB, f *slacktest.Fake, llm *openaitest.Server) *botProcess {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestBotProcess$")
	cmd.Env = append(os.Environ(),
		"GHOSTED_BOT_PROCESS=1",
		"SLACK_BOT_TOKEN="+f.BotToken, "SLACK_APP_TOKEN="+f.AppToken, "SLACK_API_URL="+f.APIURL(),
		"OPENAI_BASE_URL="+llm.URL(),
	)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	p := &botProcess{tb: tb, cmd: cmd}
	tb.Cleanup(p.stop)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := f.WaitConnected(ctx, 1); err != nil {
		tb.Fatalf("the bot process did not connect: %v", err)
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
	}, bot.Deps{Memory: store, Drafter: drafter, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
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
