package main

import (
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
	"github.com/ghosted-bot/ghosted/prompts"
)

// TestTryReadsTheStoryWithTheLLM: with an LLM configured, `try` reads the
// story with it beside the first question, says what the closer reading
// changed, places a typed answer the keyword mapper cannot, and drafts
// with the reading: the company the keyword reader missed.
func TestTryReadsTheStoryWithTheLLM(t *testing.T) {
	t.Parallel()
	const story = "Head of RevOps went quiet after the pilot, their tool is named Loomly. Everyone calls her Sunita. Emailed her twice, nothing for 3 weeks."
	const reading = `{"facts": {
	  "prospect": {"quote": "Everyone calls her Sunita", "value": "Sunita"},
	  "company": {"quote": "their tool is named Loomly", "value": "Loomly"},
	  "follow_ups": {"quote": "Emailed her twice", "value": 2},
	  "days_silent": {"quote": "nothing for 3 weeks", "value": 21},
	  "channel": {"quote": "Emailed her twice", "value": "email"},
	  "dates": []},
	  "reasons": [{"id": "value", "evidence": ["went quiet after the pilot"], "against": [], "score": 0.5}],
	  "worth_asking": []}`
	const typed = "She wants month-end close down to 4 days, her words"
	srv := openaitest.New(t, openaitest.Options{APIKey: "sk-test-secret", Default: func(r openaitest.Request) openaitest.Reply {
		switch r.SchemaName {
		case prompts.ReadSchemaName:
			return openaitest.Reply{Text: reading}
		case prompts.MapSchemaName:
			return openaitest.Reply{Text: `{"quote": "month-end close down to 4 days", "option": "yes"}`}
		}
		return openaitest.RealReply(r)
	}})
	env := map[string]string{"OPENAI_API_KEY": "sk-test-secret", "OPENAI_BASE_URL": srv.URL(), "OPENAI_MODEL": "test-model"}
	r := ghosted(t, env, story+"\n\n"+typed+"\nskip\nquit\n", "try")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "What I read: Sunita · email · 2 unanswered · 3 weeks quiet") {
		t.Errorf("the first reading shown is not the keyword reader's:\n%s", r.stdout)
	}
	if n := strings.Count(r.stdout, "I read your story again, more closely: Sunita (Loomly) · email · 2 unanswered · 3 weeks quiet"); n != 1 {
		t.Errorf("the closer reading was told %d times:\n%s", n, r.stdout)
	}
	var read, mapped, drafted int
	for _, req := range srv.Requests() {
		switch req.SchemaName {
		case prompts.ReadSchemaName:
			read++
		case prompts.MapSchemaName:
			mapped++
			if !strings.Contains(req.User(), typed) {
				t.Errorf("the mapping request lacks the answer: %s", req.User())
			}
		default:
			drafted++
			if !strings.Contains(req.User(), "Prospect: Sunita") || !strings.Contains(req.User(), "Company: Loomly") {
				t.Errorf("the draft does not use the reading:\n%s", req.User())
			}
		}
	}
	if read != 1 || mapped != 1 || drafted == 0 {
		t.Errorf("requests: %d readings, %d mappings, %d drafts", read, mapped, drafted)
	}
	if strings.Contains(r.stdout+r.stderr, "sk-test-secret") {
		t.Error("the API key reached the output")
	}
}

// TestTryReadingOff: with GHOSTED_READ_TIMEOUT=0 nothing but the draft
// goes to the model; a timeout too short to be meant is refused at start.
func TestTryReadingOff(t *testing.T) {
	t.Parallel()
	srv := openaitest.New(t, openaitest.Options{})
	env := map[string]string{"OPENAI_BASE_URL": srv.URL(), "GHOSTED_READ_TIMEOUT": "0"}
	r := ghosted(t, env, "Dana at Acme went quiet 3 weeks ago. I followed up twice by email.\n\nskip\nquit\n", "try")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, req := range srv.Requests() {
		if req.ResponseFormat != "" {
			t.Errorf("a structured request went out with the reading off: %s", req.SchemaName)
		}
	}
	if r := ghosted(t, map[string]string{"GHOSTED_READ_TIMEOUT": "500ms"}, "", "try"); r.code == 0 || !strings.Contains(r.stderr, "GHOSTED_READ_TIMEOUT must be 0") {
		t.Errorf("a bad GHOSTED_READ_TIMEOUT: exit %d %q", r.code, r.stderr)
	}
}
