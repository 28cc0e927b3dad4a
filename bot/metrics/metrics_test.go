package metrics

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

func TestTextFormat(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounter("x_total", "Things.", "kind")
	h := r.NewHistogram("x_seconds", "Time.", []float64{0.1, 1})
	r.NewGauge("x_up", "Up.", func() float64 { return 1 })
	c.Inc("a")
	c.Add(2, `b"q`)
	h.Observe(0.05)
	h.Observe(0.1)
	h.Observe(5)

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("content type %q", ct)
	}
	want := `# HELP x_seconds Time.
# TYPE x_seconds histogram
x_seconds_bucket{le="0.1"} 2
x_seconds_bucket{le="1"} 2
x_seconds_bucket{le="+Inf"} 3
x_seconds_sum 5.15
x_seconds_count 3
# HELP x_total Things.
# TYPE x_total counter
x_total{kind="a"} 1
x_total{kind="b\"q"} 2
# HELP x_up Up.
# TYPE x_up gauge
x_up 1
`
	if got := rec.Body.String(); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestConcurrentObserve(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounter("c_total", "c", "l")
	h := r.NewHistogram("h_seconds", "h", []float64{1})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Inc([]string{"a", "b"}[i%2])
				h.Observe(0.5)
			}
		})
	}
	wg.Wait()
	if got := c.Value("a") + c.Value("b"); got != 8000 {
		t.Fatalf("counter %v", got)
	}
	if got := h.Count(); got != 8000 {
		t.Fatalf("histogram %d", got)
	}
}

func TestDuplicateAndLabelMisuse(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounter("d_total", "d", "l")
	mustPanic(t, func() { r.NewCounter("d_total", "again") })
	mustPanic(t, func() { c.Inc() })
	mustPanic(t, func() { c.Add(-1, "x") })
}

func mustPanic(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	f()
}

type fakeDrafter struct {
	res coach.DraftResult
	err error
}

func (f fakeDrafter) Draft(context.Context, coach.DraftRequest, func(string)) (coach.DraftResult, error) {
	return f.res, f.err
}
func (fakeDrafter) Offline() bool { return false }

func TestInstrumentedDrafter(t *testing.T) {
	g := New(func() bool { return true }, func() int { return 3 })
	ok := g.InstrumentDrafter(fakeDrafter{res: coach.DraftResult{Text: "hi", Usage: coach.Usage{PromptTokens: 100, CompletionTokens: 20}}})
	if _, err := ok.Draft(context.Background(), coach.DraftRequest{}, nil); err != nil {
		t.Fatal(err)
	}
	bad := g.InstrumentDrafter(fakeDrafter{err: errors.New("boom")})
	bad.Draft(context.Background(), coach.DraftRequest{}, nil)
	cancelled := g.InstrumentDrafter(fakeDrafter{err: context.Canceled})
	cancelled.Draft(context.Background(), coach.DraftRequest{}, nil)

	if g.LLMTokens.Value("prompt") != 100 || g.LLMTokens.Value("completion") != 20 {
		t.Errorf("tokens %v %v", g.LLMTokens.Value("prompt"), g.LLMTokens.Value("completion"))
	}
	if g.LLMErrors.Value() != 1 {
		t.Errorf("errors %v, want 1 (a cancel is not a model failure)", g.LLMErrors.Value())
	}
	if g.LLMSeconds.Count("ok") != 1 || g.LLMSeconds.Count("error") != 2 {
		t.Errorf("latency counts %d %d", g.LLMSeconds.Count("ok"), g.LLMSeconds.Count("error"))
	}
	if (*Ghosted)(nil).InstrumentDrafter(coach.OfflineDrafter{}) != (coach.OfflineDrafter{}) {
		t.Error("offline drafter should pass through")
	}

	g.Envelope("slash_commands", 2*time.Millisecond)
	g.Draft(coach.Draft{Redrafted: true})
	g.Draft(coach.Draft{Offline: true})
	var b strings.Builder
	g.Registry.WriteText(&b)
	for _, want := range []string{
		`ghosted_slack_envelopes_total{type="slash_commands"} 1`,
		`ghosted_drafts_total{drafter="llm"} 1`,
		`ghosted_drafts_total{drafter="offline"} 1`,
		"ghosted_redrafts_total 1",
		"ghosted_lint_failures_total 1",
		"ghosted_slack_connected 1",
		"ghosted_jobs_queued 3",
		`ghosted_slack_ack_seconds_bucket{le="0.0025"} 1`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	var nilG *Ghosted
	nilG.Envelope("x", 0) // must not panic
	nilG.Draft(coach.Draft{})
}
