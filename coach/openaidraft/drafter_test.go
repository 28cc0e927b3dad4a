package openaidraft

import (
	"context"
	cryptorand "crypto/rand"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
	"github.com/ghosted-bot/ghosted/prompts"
)

const testKey = "sk-test-1234567890abcdef"

// fenceSeed makes the fixture's fences the same on every run.
var fenceSeed = [32]byte{'f', 'e', 'n', 'c', 'e'}

// firstFence is the fence of a fixture's first request.
func firstFence(t *testing.T) prompts.Fence {
	t.Helper()
	f, err := prompts.NewFence(rand.NewChaCha8(fenceSeed))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// fixture is a drafter pointed at a fresh fake server. Waits between
// attempts are recorded instead of slept, and jitter is fixed at its
// maximum, so retry tests are fast and deterministic.
type fixture struct {
	d     *Drafter
	srv   *openaitest.Server
	mu    sync.Mutex
	waits []time.Duration
}

func newFixture(t *testing.T, opts openaitest.Options, cfg Config) *fixture {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	srv := openaitest.New(t, opts)
	if cfg.APIKey == "" {
		cfg.APIKey = testKey
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.NewChaCha8(fenceSeed)
	}
	cfg.BaseURL = srv.URL()
	d, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, srv: srv}
	d.sleep = func(ctx context.Context, w time.Duration) error {
		f.mu.Lock()
		f.waits = append(f.waits, w)
		f.mu.Unlock()
		return ctx.Err()
	}
	d.jitter = func(limit time.Duration) time.Duration { return limit }
	return f
}

func (f *fixture) recordedWaits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

func request() coach.DraftRequest {
	return coach.DraftRequest{
		Facts: coach.Facts{
			Prospect:   "Dana Reyes",
			Company:    "Northwind Logistics",
			DaysSilent: 24,
			FollowUps:  2,
			Channel:    "email",
		},
		Story: "Great demo with Dana at Northwind on Oct 2. Their contract with Acme runs until March. Followed up twice, nothing for 24 days.",
		Diagnosis: coach.Diagnosis{Reasons: []coach.Score{
			{ID: coach.Timing, Score: 0.82, Evidence: []string{"contract with Acme runs until March"}},
			{ID: coach.Priorities, Score: 0.31},
		}},
		Answers: []coach.Answer{
			{QuestionID: "timing-contract", Reason: coach.Timing, Text: "They renew with Acme on March 31."},
		},
		Mode: coach.ModeReengage,
	}
}

const clean = "Hi Dana,\n\nI have been wondering whether the timing with your Acme renewal simply is not right yet, " +
	"and I would rather ask than guess. What I want is for your team to go into March with real options. " +
	"If it makes sense, would a short call in January work for you? If not, the door stays open."

func TestRequestCarriesBrief(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	f.srv.Enqueue(openaitest.Reply{Text: clean})
	req := request()
	if _, err := f.d.Draft(t.Context(), req, nil); err != nil {
		t.Fatal(err)
	}
	reqs := f.srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	got := reqs[0]
	if got.Model != DefaultModel || !got.Stream || !got.IncludeUsage {
		t.Errorf("model %q stream %v include_usage %v; want %q, streamed, with usage", got.Model, got.Stream, got.IncludeUsage, DefaultModel)
	}
	if len(got.Messages) != 2 || got.Messages[0].Role != "system" || got.Messages[1].Role != "user" {
		t.Fatalf("messages = %+v, want system then user", got.Messages)
	}
	if got.System() != prompts.System() {
		t.Error("system message is not prompts.System()")
	}
	want, err := prompts.Draft(req, firstFence(t))
	if err != nil {
		t.Fatal(err)
	}
	if got.User() != want {
		t.Errorf("user message is not prompts.Draft(req):\n%s", got.User())
	}
	for _, s := range []string{
		"Prospect: Dana Reyes", "Company: Northwind Logistics", "Days since they last replied: 24",
		"Unanswered follow-ups already sent: 2", "Channel: email",
		`1. timing (Bad timing) 0.82: "contract with Acme runs until March"`, "2. priorities",
		`- timing: asked "Are they tied to a contract`, `answered "They renew with Acme on March 31."`, "Their contract with Acme runs until March.",
	} {
		if !strings.Contains(got.User(), s) {
			t.Errorf("user message lacks %q", s)
		}
	}
	if auth := got.Header.Get("Authorization"); auth != "[redacted]" {
		t.Errorf("Authorization header recorded as %q", auth)
	}
}

// TestFencePerRequest: each request fences its data with a code of its own,
// in the user message only; the system message is the same every time.
func TestFencePerRequest(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{Rand: cryptorand.Reader})
	for range 2 {
		if _, err := f.d.Draft(t.Context(), request(), nil); err != nil {
			t.Fatal(err)
		}
	}
	reqs := f.srv.Requests()
	fences := map[string]bool{}
	for _, r := range reqs {
		m := regexp.MustCompile(`(?m)^<brief-([a-z2-7]{12})>$`).FindStringSubmatch(r.User())
		if m == nil {
			t.Fatalf("no fenced brief in:\n%s", r.User())
		}
		fences[m[1]] = true
		if strings.Contains(r.System(), m[1]) || r.System() != prompts.System() {
			t.Error("the system message changed with the request")
		}
	}
	if len(fences) != 2 {
		t.Errorf("two requests shared a fence: %v", fences)
	}
}

func TestRedraftSendsPreviousAndFindings(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	req := request()
	req.Previous = "Just checking in on this."
	req.Findings = []coach.Finding{{Rule: "pestering", Quote: "Just checking in", Advice: "Give them a reason to reply."}}
	if _, err := f.d.Draft(t.Context(), req, nil); err != nil {
		t.Fatal(err)
	}
	want, err := prompts.Redraft(req, firstFence(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.srv.Requests()[0].User(); got != want {
		t.Errorf("user message is not prompts.Redraft(req):\n%s", got)
	}
}

func TestStreamsPartials(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	f.srv.Enqueue(openaitest.Reply{Text: clean, Chunks: 7})
	var parts []string
	res, err := f.d.Draft(t.Context(), request(), func(s string) { parts = append(parts, s) })
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) < 5 {
		t.Fatalf("onPartial called %d times, want one per chunk: %q", len(parts), parts)
	}
	for i, p := range parts {
		if p == "" {
			t.Errorf("partial %d is empty", i)
		}
		if i > 0 && (!strings.HasPrefix(p, parts[i-1]) || len(p) <= len(parts[i-1])) {
			t.Errorf("partial %d %q does not grow from %q", i, p, parts[i-1])
		}
	}
	if last := parts[len(parts)-1]; last != res.Text || res.Text != clean {
		t.Errorf("last partial %q, result %q, want both %q", last, res.Text, clean)
	}
}

// When cleaning the whole reply changes it (here a closing code fence and
// quote go), the last partial is still the final text.
func TestLastPartialIsFinalText(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	f.srv.Enqueue(openaitest.Reply{Text: "```\n\"" + clean + "\"\n```", Chunks: 9})
	var parts []string
	res, err := f.d.Draft(t.Context(), request(), func(s string) { parts = append(parts, s) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != clean || len(parts) < 2 || parts[len(parts)-1] != clean {
		t.Errorf("result %q, partials %q; want both to end on the clean text", res.Text, parts)
	}
	for _, p := range parts {
		if strings.Contains(p, "`") {
			t.Errorf("a partial showed the code fence: %q", p)
		}
	}
}

func TestSubjectParsedForEmail(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	f.srv.Enqueue(openaitest.Reply{Text: "Subject: Your Acme renewal in March\n\n" + clean, Chunks: 12})
	var parts []string
	res, err := f.d.Draft(t.Context(), request(), func(s string) { parts = append(parts, s) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Subject != "Your Acme renewal in March" {
		t.Errorf("Subject = %q", res.Subject)
	}
	if res.Text != clean {
		t.Errorf("Text = %q, want the body without the subject line", res.Text)
	}
	for _, p := range parts {
		if strings.Contains(strings.ToLower(p), "subject") {
			t.Errorf("a partial showed the subject line: %q", p)
		}
	}
	if parts[len(parts)-1] != res.Text {
		t.Errorf("last partial %q != result", parts[len(parts)-1])
	}
}

func TestUsageAndModelComeThrough(t *testing.T) {
	f := newFixture(t, openaitest.Options{Model: "gpt-4o-mini-2024-07-18"}, Config{})
	f.srv.Enqueue(openaitest.Reply{Text: clean, Usage: &openaitest.Usage{PromptTokens: 1834, CompletionTokens: 71, TotalTokens: 1905}})
	res, err := f.d.Draft(t.Context(), request(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Usage != (coach.Usage{PromptTokens: 1834, CompletionTokens: 71}) {
		t.Errorf("Usage = %+v", res.Usage)
	}
	if res.Model != "gpt-4o-mini-2024-07-18" {
		t.Errorf("Model = %q, want the id the server reported", res.Model)
	}
}

func TestRetryAfter429(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	f.srv.Enqueue(openaitest.Reply{Status: http.StatusTooManyRequests, RetryAfter: "1"}, openaitest.Reply{Text: clean})
	res, err := f.d.Draft(t.Context(), request(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != clean {
		t.Errorf("Text = %q", res.Text)
	}
	if n := len(f.srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	if w := f.recordedWaits(); len(w) != 1 || w[0] != time.Second {
		t.Errorf("waits = %v, want [1s] from Retry-After", w)
	}
}

func TestServerErrorsExhaustRetries(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	for range 3 {
		f.srv.Enqueue(openaitest.Reply{Status: http.StatusInternalServerError})
	}
	f.srv.Enqueue(openaitest.Reply{Text: clean}) // must not be reached
	_, err := f.d.Draft(t.Context(), request(), nil)
	if !errors.Is(err, coach.ErrDrafterUnavailable) {
		t.Fatalf("err = %v, want ErrDrafterUnavailable", err)
	}
	if n := len(f.srv.Requests()); n != DefaultMaxRetries+1 {
		t.Errorf("%d requests, want %d", n, DefaultMaxRetries+1)
	}
	// Exponential backoff from 500ms (jitter pinned at its maximum).
	if w := f.recordedWaits(); len(w) != 2 || w[0] != 500*time.Millisecond || w[1] != time.Second {
		t.Errorf("waits = %v, want [500ms 1s]", w)
	}
	if !strings.Contains(err.Error(), "3 attempts") {
		t.Errorf("err = %v, want it to say how many attempts", err)
	}
}

func TestMaxRetriesConfigured(t *testing.T) {
	for _, tc := range []struct{ cfg, want int }{{-1, 1}, {1, 2}, {4, 5}} {
		f := newFixture(t, openaitest.Options{Default: func(openaitest.Request) openaitest.Reply {
			return openaitest.Reply{Status: http.StatusBadGateway}
		}}, Config{MaxRetries: tc.cfg})
		_, err := f.d.Draft(t.Context(), request(), nil)
		if !errors.Is(err, coach.ErrDrafterUnavailable) {
			t.Errorf("MaxRetries %d: err = %v", tc.cfg, err)
		}
		if n := len(f.srv.Requests()); n != tc.want {
			t.Errorf("MaxRetries %d: %d requests, want %d", tc.cfg, n, tc.want)
		}
	}
}

func TestKeyRejected(t *testing.T) {
	const wrong = "sk-wrong-abcdefghijklmnop"
	f := newFixture(t, openaitest.Options{APIKey: "sk-right-key-000000"}, Config{APIKey: wrong})
	_, err := f.d.Draft(t.Context(), request(), nil)
	if !errors.Is(err, ErrKeyRejected) || !errors.Is(err, coach.ErrDrafterUnavailable) {
		t.Fatalf("err = %v, want ErrKeyRejected wrapping ErrDrafterUnavailable", err)
	}
	if n := len(f.srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1 (no retry on 401)", n)
	}
	if len(f.recordedWaits()) != 0 {
		t.Error("waited before giving up on a 401")
	}
	msg := err.Error()
	if !strings.Contains(msg, "OPENAI_API_KEY was rejected") || strings.Contains(msg, wrong) {
		t.Errorf("err = %q, want a clear message without the key", msg)
	}
}

func TestModelNotFound(t *testing.T) {
	f := newFixture(t, openaitest.Options{Models: []string{"gpt-4o-mini"}}, Config{Model: "gpt-nonesuch"})
	_, err := f.d.Draft(t.Context(), request(), nil)
	if !errors.Is(err, ErrModelNotFound) || !errors.Is(err, coach.ErrDrafterUnavailable) {
		t.Fatalf("err = %v, want ErrModelNotFound", err)
	}
	if n := len(f.srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	if msg := err.Error(); !strings.Contains(msg, `model "gpt-nonesuch" not found at `+f.srv.URL()) {
		t.Errorf("err = %q, want the model and base URL named", msg)
	}
}

func TestNoRetryOnBadRequestOrQuota(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply openaitest.Reply
		is    error
	}{
		{"400", openaitest.Reply{Status: http.StatusBadRequest, Body: openaitest.ErrorBody("invalid_request_error", "context_length_exceeded", "too long")}, coach.ErrDrafterUnavailable},
		{"quota", openaitest.Reply{Status: http.StatusTooManyRequests, Body: openaitest.ErrorBody("insufficient_quota", "insufficient_quota", "You exceeded your current quota.")}, ErrQuotaExceeded},
		{"retry-after too long", openaitest.Reply{Status: http.StatusTooManyRequests, RetryAfter: "120"}, coach.ErrDrafterUnavailable},
		{"empty reply", openaitest.Reply{Text: ""}, ErrEmptyReply},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, openaitest.Options{}, Config{})
			f.srv.Enqueue(tc.reply, openaitest.Reply{Text: clean})
			_, err := f.d.Draft(t.Context(), request(), nil)
			if !errors.Is(err, tc.is) || !errors.Is(err, coach.ErrDrafterUnavailable) {
				t.Errorf("err = %v, want %v", err, tc.is)
			}
			if n := len(f.srv.Requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestRetriesBrokenConnectionBeforeText(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	f.srv.Enqueue(openaitest.Reply{HangUp: true}, openaitest.Reply{Text: clean})
	res, err := f.d.Draft(t.Context(), request(), func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != clean || len(f.srv.Requests()) != 2 {
		t.Errorf("text %q after %d requests; want the second reply", res.Text, len(f.srv.Requests()))
	}
}

func TestBrokenStreamAfterPartialIsNotRetried(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	f.srv.Enqueue(openaitest.Reply{Text: "Hi Dana,\n\nI have been wondering whether", Chunks: 3, HangUp: true}, openaitest.Reply{Text: clean})
	var parts []string
	_, err := f.d.Draft(t.Context(), request(), func(s string) { parts = append(parts, s) })
	if !errors.Is(err, coach.ErrDrafterUnavailable) {
		t.Fatalf("err = %v, want ErrDrafterUnavailable", err)
	}
	if len(parts) == 0 {
		t.Fatal("no partial text was delivered before the break")
	}
	if n := len(f.srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1: a reply the user has seen must not be silently replaced", n)
	}

	// Without a partial callback nobody saw the text, so a retry is safe.
	f.srv.Enqueue(openaitest.Reply{Text: "Hi Dana,\n\nI have", Chunks: 3, HangUp: true})
	res, err := f.d.Draft(t.Context(), request(), nil)
	if err != nil || res.Text != clean {
		t.Errorf("without onPartial: %q, %v; want a retried clean draft", res.Text, err)
	}
}

func TestTimeoutIsRetried(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{Timeout: 50 * time.Millisecond})
	f.srv.Enqueue(openaitest.Reply{Text: clean, Delay: time.Hour}, openaitest.Reply{Text: clean})
	res, err := f.d.Draft(t.Context(), request(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != clean || len(f.srv.Requests()) != 2 {
		t.Errorf("text %q after %d requests", res.Text, len(f.srv.Requests()))
	}
}

// drafted runs Draft in the background so a test can fail instead of hang
// when cancellation is not honoured.
func drafted(ctx context.Context, d *Drafter, onPartial func(string)) <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := d.Draft(ctx, request(), onPartial)
		done <- err
	}()
	return done
}

func wantCanceled(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || errors.Is(err, coach.ErrDrafterUnavailable) {
			t.Errorf("err = %v, want context.Canceled (and not ErrDrafterUnavailable)", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Draft did not return after its context was canceled")
	}
}

func TestCancelDuringSlowStream(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	f.srv.Enqueue(openaitest.Reply{Text: clean, Chunks: 4, ChunkDelay: time.Hour})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	wantCanceled(t, drafted(ctx, f.d, func(string) { cancel() }))
	if n := len(f.srv.Requests()); n != 1 {
		t.Errorf("%d requests after cancel, want 1", n)
	}
}

func TestCancelBeforeHeaders(t *testing.T) {
	f := newFixture(t, openaitest.Options{Delay: time.Hour}, Config{})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := drafted(ctx, f.d, nil)
	if err := f.srv.Wait(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	wantCanceled(t, done)
}

func TestCancelDuringBackoff(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	sleeping := make(chan struct{})
	f.d.sleep = func(ctx context.Context, d time.Duration) error {
		close(sleeping)
		return sleepCtx(ctx, d) // the real wait, which must end on cancel
	}
	f.srv.Enqueue(openaitest.Reply{Status: http.StatusServiceUnavailable, RetryAfter: "15"})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := drafted(ctx, f.d, nil)
	select {
	case <-sleeping:
	case err := <-done:
		t.Fatalf("Draft returned before backing off: %v", err)
	}
	cancel()
	wantCanceled(t, done)
	if n := len(f.srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// A pestering first draft fails the lint, so coach.Write asks once more with
// the findings; the redraft request must carry them.
func TestPesteringDraftIsRedraftedOnce(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	pester := "Hi Dana,\n\nJust checking in — bumping this to the top of your inbox. Did you get a chance to look at the proposal?"
	f.srv.Enqueue(openaitest.Reply{Text: pester}, openaitest.Reply{Text: clean})
	var parts []string
	draft, err := coach.Write(t.Context(), f.d, request(), time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), func(s string) { parts = append(parts, s) })
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 (one draft, one redraft)", len(reqs))
	}
	redo := reqs[1].User()
	for _, s := range []string{"<previous_draft-", "Just checking in — bumping this to the top of your inbox.", "<findings>", "pestering: \"", "\"Just checking in\""} {
		if !strings.Contains(redo, s) {
			t.Errorf("redraft request lacks %q:\n%s", s, redo)
		}
	}
	if strings.Contains(reqs[0].User(), "<previous_draft-") {
		t.Error("the first request already carried a previous draft")
	}
	if !draft.Redrafted || draft.Text != clean {
		t.Errorf("draft = %+v, want the clean redraft", draft)
	}
	if len(parts) == 0 || parts[len(parts)-1] != pester {
		t.Errorf("only the first attempt should stream; last partial = %q", parts[len(parts)-1:])
	}
}

func TestErrorsNeverCarryTheKey(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	var logs strings.Builder
	f.d.log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	echo := openaitest.ErrorBody("server_error", "", "upstream said: Bearer "+testKey)
	for range 3 {
		f.srv.Enqueue(openaitest.Reply{Status: http.StatusBadGateway, Body: echo})
	}
	_, err := f.d.Draft(t.Context(), request(), nil)
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), testKey) || strings.Contains(logs.String(), testKey) {
		t.Errorf("the key leaked:\nerr: %v\nlogs: %s", err, logs.String())
	}
	if !strings.Contains(logs.String(), "retrying") {
		t.Errorf("retries were not logged: %s", logs.String())
	}
	cfg := Config{APIKey: testKey, Model: "m", BaseURL: "https://user:hunter2-secret@llm.example/v1"}
	var out strings.Builder
	slog.New(slog.NewTextHandler(&out, nil)).Info("config", "cfg", cfg)
	if s := cfg.String() + out.String(); strings.Contains(s, testKey) || strings.Contains(s, "hunter2") {
		t.Errorf("Config prints its key: %s", s)
	}
}

func TestNew(t *testing.T) {
	if _, err := New(Config{}); err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("New without a key for OpenAI: err = %v", err)
	}
	if _, err := New(Config{APIKey: "k", BaseURL: "localhost:11434"}); err == nil || !strings.Contains(err.Error(), "OPENAI_BASE_URL") {
		t.Errorf("New with a bad base URL: err = %v", err)
	}
	d, err := New(Config{BaseURL: "http://localhost:11434/v1/"})
	if err != nil {
		t.Fatalf("a local server needs no key: %v", err)
	}
	if d.Offline() || d.Model() != DefaultModel || d.timeout != DefaultTimeout || d.maxRetries != DefaultMaxRetries {
		t.Errorf("defaults not applied: %+v", d)
	}
}
