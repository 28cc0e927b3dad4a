package main

import (
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
)

// TestLintWithLLM: `lint --llm` adds the rubric's verified findings, runs
// without it when no LLM is configured, and keeps the lint's report when
// the call fails.
func TestLintWithLLM(t *testing.T) {
	msg := "Hi Dana, I hope the move went well! Our install crew has one free week before the holidays, " +
		"and it tends to go to whoever confirms first."
	llm := openaitest.New(t, openaitest.Options{APIKey: "sk-lint"})
	env := map[string]string{"OPENAI_API_KEY": "sk-lint", "OPENAI_BASE_URL": llm.URL(), "OPENAI_MODEL": "m"}
	llm.Enqueue(openaitest.Reply{Text: `{"findings":[` +
		`{"rule":"pressure","quote":"it tends to go to whoever confirms first","why":"Invented scarcity."},` +
		`{"rule":"guilt","quote":"after all our work","why":"Not in the message."}]}`})
	r := ghosted(t, env, msg, "lint", "--json", "--llm")
	if r.code != 1 || !strings.Contains(r.stdout, `"quote": "it tends to go to whoever confirms first"`) ||
		strings.Contains(r.stdout, "after all our work") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if reqs := llm.Requests(); len(reqs) != 1 || reqs[0].ResponseFormat != "json_schema" {
		t.Errorf("requests %+v", reqs)
	}

	// Without --llm, no call is made.
	ghosted(t, env, msg, "lint", "--json")
	if n := len(llm.Requests()); n != 1 {
		t.Errorf("lint without --llm called the LLM (%d requests)", n)
	}

	llm.Enqueue(openaitest.Reply{Status: 500})
	r = ghosted(t, env, msg, "lint", "--llm")
	if !strings.Contains(r.stderr, "rubric check failed") || strings.Contains(r.stdout, "LLM rubric") {
		t.Errorf("failed call: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = ghosted(t, nil, msg, "lint", "--llm")
	if !strings.Contains(r.stderr, "needs OPENAI_API_KEY") {
		t.Errorf("no LLM: %q", r.stderr)
	}
}
