package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// scrape reads /metrics as Prometheus does.
func scrape(t *testing.T, g *Ghosted) string {
	t.Helper()
	rec := httptest.NewRecorder()
	g.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics: %d %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("content type %q", ct)
	}
	return rec.Body.String()
}

func TestRuntimeAndProcessSeries(t *testing.T) {
	page := scrape(t, New(nil, nil))
	for _, want := range []string{
		"go_goroutines ", "go_memstats_heap_inuse_bytes ", "go_gc_duration_seconds_count ",
		`go_info{version="`, "go_sched_gomaxprocs_threads ", "go_gc_gomemlimit_bytes ",
		"process_resident_memory_bytes ", "process_cpu_seconds_total ", "process_open_fds ",
		"process_start_time_seconds ",
	} {
		if !strings.Contains(page, "\n"+want) {
			t.Errorf("/metrics lacks %s", strings.TrimSpace(want))
		}
	}
}

type fakeDrafter struct {
	res coach.DraftResult
	err error
}

func (f fakeDrafter) Draft(context.Context, coach.DraftRequest, func(string)) (coach.DraftResult, error) {
	return f.res, f.err
}
func (fakeDrafter) Offline() bool { return false }

type fakePoster struct{ err error }

func (p fakePoster) PostNudge(context.Context, nudge.Subscription, nudge.Nudge) error { return p.err }
func (p fakePoster) RemindOwner(context.Context, coach.Deal) error                    { return p.err }

// ghostedMetrics are the metric names ghosted declares. A new one must be
// added here and moved in TestEveryMetricMoves; the binary's
// TestMetricsMoveInTheBinary drives each one through the real code paths.
var ghostedMetrics = []string{
	"ghosted_drafts_total",
	"ghosted_jobs_dropped_total",
	"ghosted_jobs_queued",
	"ghosted_lint_failures_total",
	"ghosted_llm_errors_total",
	"ghosted_llm_reading_tokens_total",
	"ghosted_llm_readings_total",
	"ghosted_llm_request_seconds",
	"ghosted_llm_tokens_total",
	"ghosted_nudges_posted_total",
	"ghosted_redrafts_total",
	"ghosted_reminders_sent_total",
	"ghosted_slack_ack_seconds",
	"ghosted_slack_api_errors_total",
	"ghosted_slack_connected",
	"ghosted_slack_envelopes_total",
	"ghosted_slack_rate_limited_total",
}

// TestEveryMetricMoves calls each recording method once and checks every
// declared ghosted_* metric then has a non-zero series, and that no metric
// exists that is not declared above.
func TestEveryMetricMoves(t *testing.T) {
	g := New(func() bool { return true }, func() int { return 3 })
	ctx := context.Background()

	g.Envelope("slash_commands", 2*time.Millisecond)
	g.Draft(coach.Draft{Redrafted: true})
	g.Draft(coach.Draft{Offline: true})
	g.SlackError("chat.postMessage", slack.SlackErrorResponse{Err: "not_in_channel"})
	g.SlackError("chat.postMessage", &slack.RateLimitedError{RetryAfter: time.Second})
	g.SlackPaced("chat.stopStream")
	g.JobDropped()
	g.Reading("story", coach.ReadingUsed, coach.Usage{PromptTokens: 900, CompletionTokens: 80})
	ok := g.InstrumentDrafter(fakeDrafter{res: coach.DraftResult{Text: "hi", Usage: coach.Usage{PromptTokens: 100, CompletionTokens: 20}}})
	if _, err := ok.Draft(ctx, coach.DraftRequest{}, nil); err != nil {
		t.Fatal(err)
	}
	bad := g.InstrumentDrafter(fakeDrafter{err: errors.New("boom")})
	_, _ = bad.Draft(ctx, coach.DraftRequest{}, nil)
	p := g.InstrumentPoster(fakePoster{})
	if err := p.PostNudge(ctx, nudge.Subscription{}, nudge.Nudge{}); err != nil {
		t.Fatal(err)
	}
	if err := p.RemindOwner(ctx, coach.Deal{}); err != nil {
		t.Fatal(err)
	}

	fams, err := g.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range fams {
		if strings.HasPrefix(f.GetName(), "ghosted_") {
			names = append(names, f.GetName())
			if g.Value(f.GetName()) == 0 {
				t.Errorf("%s did not move", f.GetName())
			}
		}
	}
	if !slices.Equal(names, ghostedMetrics) || !slices.Equal(g.Names(), ghostedMetrics) {
		t.Errorf("ghosted metrics\n got %v\n     %v (Names)\nwant %v", names, g.Names(), ghostedMetrics)
	}

	page := scrape(t, g)
	for _, want := range []string{
		`ghosted_slack_envelopes_total{type="slash_commands"} 1`,
		`ghosted_drafts_total{drafter="llm"} 1`,
		`ghosted_drafts_total{drafter="offline"} 1`,
		"ghosted_redrafts_total 1",
		"ghosted_lint_failures_total 1",
		"ghosted_slack_connected 1",
		"ghosted_jobs_queued 3",
		"ghosted_jobs_dropped_total 1",
		"ghosted_nudges_posted_total 1",
		"ghosted_reminders_sent_total 1",
		`ghosted_slack_ack_seconds_bucket{le="0.0025"} 1`,
		`ghosted_slack_api_errors_total{error="not_in_channel",method="chat.postMessage"} 1`,
		`ghosted_slack_rate_limited_total{method="chat.postMessage"} 1`,
		`ghosted_slack_api_errors_total{error="paced",method="chat.stopStream"} 1`,
		`ghosted_llm_tokens_total{kind="prompt"} 100`,
		`ghosted_llm_tokens_total{kind="completion"} 20`,
		`ghosted_llm_request_seconds_count{outcome="ok"} 1`,
		`ghosted_llm_request_seconds_count{outcome="error"} 1`,
		"ghosted_llm_errors_total 1",
	} {
		if !strings.Contains(page, "\n"+want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestInstrumentedDrafterAndPoster(t *testing.T) {
	g := New(nil, nil)
	cancelled := g.InstrumentDrafter(fakeDrafter{err: context.Canceled})
	_, _ = cancelled.Draft(context.Background(), coach.DraftRequest{}, nil)
	if v := g.Value("ghosted_llm_errors_total"); v != 0 {
		t.Errorf("errors %v, want 0: a cancel is not a model failure", v)
	}
	if v := g.Value("ghosted_llm_request_seconds", "outcome", "error"); v != 1 {
		t.Errorf("error latencies %v, want 1", v)
	}
	if g.InstrumentDrafter(coach.OfflineDrafter{}) != (coach.OfflineDrafter{}) {
		t.Error("the offline drafter should pass through")
	}
	failing := g.InstrumentPoster(fakePoster{err: errors.New("not_in_channel")})
	_ = failing.PostNudge(context.Background(), nudge.Subscription{}, nudge.Nudge{})
	_ = failing.RemindOwner(context.Background(), coach.Deal{})
	if g.Value("ghosted_nudges_posted_total")+g.Value("ghosted_reminders_sent_total") != 0 {
		t.Error("a failed post was counted as posted")
	}
	g.Envelope("hello", 0)
	if g.Value("ghosted_slack_envelopes_total", "type", "other") != 1 {
		t.Error("an unknown envelope type should count as other")
	}
}

func TestNilRecordsNothing(t *testing.T) {
	var g *Ghosted
	g.Envelope("events_api", time.Millisecond)
	g.Draft(coach.Draft{})
	g.SlackError("chat.postMessage", errors.New("x"))
	g.SlackPaced("chat.postMessage")
	g.JobDropped()
	d := fakeDrafter{}
	if g.InstrumentDrafter(d) != coach.Drafter(d) {
		t.Error("nil metrics should not wrap the drafter")
	}
	if p := (fakePoster{}); g.InstrumentPoster(p) != nudge.Poster(p) {
		t.Error("nil metrics should not wrap the poster")
	}
	if g.Value("ghosted_drafts_total") != 0 {
		t.Error("nil metrics read non-zero")
	}
}

// resetServer accepts TCP connections, reads the request and resets the
// connection (SO_LINGER 0), as a crashing proxy or a load balancer does.
func resetServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				buf := make([]byte, 4096)
				_, _ = c.Read(buf)
				_ = c.(*net.TCPConn).SetLinger(0)
				c.Close()
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/api/"
}

// TestFortyTransportErrorsMakeOneSeries makes 40 Web API calls through
// slack-go to a server that resets every connection. Each error's text is
// different (the client's ephemeral port is in it), and all of them land
// in one series, error="conn_reset".
func TestFortyTransportErrorsMakeOneSeries(t *testing.T) {
	g := New(nil, nil)
	// A new connection per call, as after a reset, so every port differs.
	client := slack.New("xoxb-test", slack.OptionAPIURL(resetServer(t)),
		slack.OptionHTTPClient(&http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}))
	before := series(t, g, "ghosted_slack_api_errors_total")
	texts := map[string]bool{}
	for range 40 {
		_, _, err := client.PostMessageContext(context.Background(), "C1", slack.MsgOptionText("hi", false))
		if err == nil {
			t.Fatal("a reset call succeeded")
		}
		texts[err.Error()] = true
		g.SlackError("chat.postMessage", err)
	}
	if len(texts) < 40 {
		t.Logf("%d distinct error texts of 40 (some ports were reused)", len(texts))
	}
	if len(texts) < 2 {
		t.Fatalf("the errors are all %q: the test does not show what it means to", slices.Collect(maps.Keys(texts)))
	}
	after := series(t, g, "ghosted_slack_api_errors_total")
	if after-before > 1 {
		t.Errorf("40 transport errors made %d new series, want at most 1", after-before)
	}
	if v := g.Value("ghosted_slack_api_errors_total", "method", "chat.postMessage", "error", ErrConnReset); v != 40 {
		t.Errorf(`ghosted_slack_api_errors_total{error="conn_reset"} = %v, want 40`, v)
	}
	t.Logf("40 calls, %d distinct error texts, %d new series", len(texts), after-before)
}

func series(t *testing.T, g *Ghosted, name string) int {
	t.Helper()
	fams, err := g.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() == name {
			return len(f.GetMetric())
		}
	}
	return 0
}

func TestErrorClass(t *testing.T) {
	refused := func() error {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		_, err = net.Dial("tcp", addr)
		if err == nil {
			t.Skip("a closed port accepted a connection")
		}
		return &url.Error{Op: "Post", URL: "http://" + addr + "/api/chat.postMessage", Err: err}
	}()
	netTimeout := &url.Error{Op: "Post", URL: "https://slack.com/api/x", Err: &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{slack.SlackErrorResponse{Err: "channel_not_found"}, "channel_not_found"},
		{fmt.Errorf("nudge: %w", slack.SlackErrorResponse{Err: "msg_too_long"}), "msg_too_long"},
		{slack.SlackErrorResponse{Err: "a_code_from_127.0.0.1:54321"}, ErrOther},
		{slack.StatusCodeError{Code: 503, Status: "503 Service Unavailable"}, ErrHTTP5xx},
		{slack.StatusCodeError{Code: 404, Status: "404 Not Found"}, ErrHTTP4xx},
		{&slack.RateLimitedError{RetryAfter: time.Second}, "ratelimited"},
		{context.DeadlineExceeded, ErrTimeout},
		{netTimeout, ErrTimeout},
		{context.Canceled, ErrCanceled},
		{refused, ErrConnRefused},
		{&url.Error{Op: "Post", URL: "x", Err: &net.OpError{Op: "write", Err: os.NewSyscallError("write", syscall.EPIPE)}}, ErrConnReset},
		{&url.Error{Op: "Post", URL: "x", Err: io.EOF}, ErrConnReset},
		{&url.Error{Op: "Post", URL: "x", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "slack.invalid", IsNotFound: true}}}, ErrDNS},
		{errors.New("something 10.0.0.7:443 said"), ErrOther},
	} {
		if got := ErrorClass(tc.err); got != tc.want {
			t.Errorf("ErrorClass(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	for code := range slackCodes {
		if code == "" || strings.Trim(code, "abcdefghijklmnopqrstuvwxyz_") != "" {
			t.Errorf("Slack code %q is not a lower_snake_case word", code)
		}
	}
}

// TestEnvelopeAllocatesNothing: counting an envelope is on the Socket Mode
// read loop, between reading an envelope and queueing its ack.
func TestEnvelopeAllocatesNothing(t *testing.T) {
	g := New(nil, nil)
	for _, typ := range envelopeTypes {
		if n := testing.AllocsPerRun(1000, func() { g.Envelope(typ, 3*time.Millisecond) }); n != 0 {
			t.Errorf("Envelope(%q) allocates %v times per call", typ, n)
		}
	}
	if n := testing.AllocsPerRun(1000, func() { g.Envelope("hello", time.Millisecond) }); n != 0 {
		t.Errorf("Envelope of an unknown type allocates %v times per call", n)
	}
}

// BenchmarkEnvelope is the metrics' share of one ack.
func BenchmarkEnvelope(b *testing.B) {
	g := New(nil, nil)
	b.ReportAllocs()
	for b.Loop() {
		g.Envelope("events_api", 3*time.Millisecond)
	}
}

// BenchmarkEnvelopeParallel is the same from every core at once.
func BenchmarkEnvelopeParallel(b *testing.B) {
	g := New(nil, nil)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			g.Envelope("slash_commands", 3*time.Millisecond)
		}
	})
}
