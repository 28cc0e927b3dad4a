package rubric

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach/lint"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
)

// A message the phrase lint passes, with pressure a reader would feel.
const subtle = "Hi Dana, I hope the move went well! Our install crew has one free week before the holidays, " +
	"and it tends to go to whoever confirms first. Warm wishes, Sam"

func newChecker(t *testing.T, srv *openaitest.Server) *Checker {
	t.Helper()
	c, err := New(Config{APIKey: "sk-test", BaseURL: srv.URL(), Model: "test-model"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reply(t *testing.T, findings ...[3]string) openaitest.Reply {
	t.Helper()
	type f struct {
		Rule  string `json:"rule"`
		Quote string `json:"quote"`
		Why   string `json:"why"`
	}
	a := struct {
		Findings []f `json:"findings"`
	}{Findings: []f{}}
	for _, x := range findings {
		a.Findings = append(a.Findings, f{x[0], x[1], x[2]})
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return openaitest.Reply{Text: string(b)}
}

// TestRequest: the fake server checks a strict schema as OpenAI does, so a
// request it accepts is one OpenAI accepts; the rubric and the message are
// both sent.
func TestRequest(t *testing.T) {
	srv := openaitest.New(t, openaitest.Options{APIKey: "sk-test", Models: []string{"test-model"}})
	srv.Enqueue(reply(t))
	found, err := newChecker(t, srv).Check(context.Background(), subtle)
	if err != nil || len(found) != 0 {
		t.Fatalf("Check = %+v, %v; want no findings", found, err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.ResponseFormat != "json_schema" || !r.Strict || r.SchemaName != "lint_rubric" {
		t.Errorf("response_format %q strict %v name %q", r.ResponseFormat, r.Strict, r.SchemaName)
	}
	if !strings.Contains(r.System(), "over_their_head") || !strings.Contains(r.System(), "Not pressure") {
		t.Errorf("system prompt lacks the rubric: %q", r.System())
	}
	if !strings.Contains(r.User(), subtle) {
		t.Errorf("user message lacks the message: %q", r.User())
	}
	if r.MaxCompletionTokens == 0 {
		t.Error("no cap on the answer")
	}
	for _, rule := range rubricRules {
		if !strings.Contains(string(r.Schema), `"`+rule+`"`) {
			t.Errorf("schema lacks rule %s", rule)
		}
		if lint.Advice(rule) == "" {
			t.Errorf("rule %s has no advice", rule)
		}
	}
}

// TestVerify: findings survive only with a known rule and a quote that is
// in the message; quotes are trimmed of the marks models add.
func TestVerify(t *testing.T) {
	srv := openaitest.New(t, openaitest.Options{})
	srv.Enqueue(reply(t,
		[3]string{"pressure", "“it tends to go to whoever confirms first.”", "Invented scarcity."},
		[3]string{"guilt", "after all our hard work", "Not in the message."},
		[3]string{"tone", "Our install crew", "Not a rubric rule."},
		[3]string{"pressure", "it tends to go to whoever confirms first", "The same finding twice."},
		[3]string{"pestering", "I hope the move went well", strings.Repeat("long reason ", 40)},
	))
	found, err := newChecker(t, srv).Check(context.Background(), subtle)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 {
		t.Fatalf("found %+v, want the pressure and pestering findings", found)
	}
	if found[0].Rule != "pressure" || found[0].Quote != "it tends to go to whoever confirms first." {
		t.Errorf("first finding %+v", found[0])
	}
	for _, f := range found {
		if !strings.Contains(subtle, f.Quote) {
			t.Errorf("quote %q is not in the message", f.Quote)
		}
		if !strings.HasPrefix(f.Advice, "LLM rubric: ") || len(f.Advice) > 200+len(lint.Advice(f.Rule))+40 {
			t.Errorf("advice %q", f.Advice)
		}
	}
}

// TestReview: rubric findings are added to the lint's report and lower its
// score; a rule the lint already reports keeps the lint's own finding.
func TestReview(t *testing.T) {
	srv := openaitest.New(t, openaitest.Options{})
	c := newChecker(t, srv)
	rep := lint.Check(subtle)
	srv.Enqueue(reply(t, [3]string{"pressure", "it tends to go to whoever confirms first", "Invented scarcity."}))
	got, err := c.Review(context.Background(), subtle, rep)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range got.Findings {
		if f.Rule == "pressure" && f.Quote == "it tends to go to whoever confirms first" {
			n++
		}
	}
	if n != 1 || got.Passed() || got.Score > 63 || len(got.Findings) != len(rep.Findings)+1 {
		t.Errorf("review %+v of %+v", got, rep)
	}

	pushy := "Hi Dana, just checking in. Any update?"
	rep = lint.Check(pushy)
	srv.Enqueue(reply(t, [3]string{"pestering", "Any update?", "A bump."}))
	got, err = c.Review(context.Background(), pushy, rep)
	if err != nil || len(got.Findings) != len(rep.Findings) || got.Score != rep.Score {
		t.Errorf("a rule the lint already reports changed the report: %+v, %v", got, err)
	}
}

// TestFailures: a failed call or an unusable answer adds nothing and says
// why.
func TestFailures(t *testing.T) {
	srv := openaitest.New(t, openaitest.Options{})
	c := newChecker(t, srv)
	rep := lint.Check(subtle)
	for _, tc := range []struct {
		name     string
		r        openaitest.Reply
		unusable bool
	}{
		{"server error", openaitest.Reply{Status: 500}, false},
		{"refusal", openaitest.Reply{Refusal: "I can't help with that."}, true},
		{"not JSON", openaitest.Reply{Text: "The message looks fine."}, true},
		{"cut short", openaitest.Reply{Text: `{"findings": [`, FinishReason: "length"}, true},
	} {
		srv.Enqueue(tc.r)
		got, err := c.Review(context.Background(), subtle, rep)
		if err == nil || errors.Is(err, ErrUnusable) != tc.unusable {
			t.Errorf("%s: err %v", tc.name, err)
		}
		if got.Score != rep.Score || len(got.Findings) != len(rep.Findings) {
			t.Errorf("%s: report changed to %+v", tc.name, got)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	srv.Enqueue(openaitest.Reply{Delay: 10 * time.Second, Text: `{"findings":[]}`})
	if _, err := c.Check(ctx, subtle); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow server: err %v, want the deadline", err)
	}
}

func TestNew(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Error("no key for OpenAI accepted")
	}
	if _, err := New(Config{BaseURL: "ftp://x"}); err == nil {
		t.Error("ftp base URL accepted")
	}
	if _, err := New(Config{BaseURL: "http://localhost:11434/v1"}); err != nil {
		t.Errorf("local server without key: %v", err)
	}
}
