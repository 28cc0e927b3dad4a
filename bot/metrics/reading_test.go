package metrics

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/coach"
)

// TestReadingCounts: readings are counted by call and outcome, their
// tokens by call and kind, and a value outside the fixed sets is counted
// as "other", so the labels never grow.
func TestReadingCounts(t *testing.T) {
	g := New(nil, nil)
	g.Reading("story", coach.ReadingUsed, coach.Usage{PromptTokens: 1700, CompletionTokens: 250})
	g.Reading("story", coach.ReadingTimedOut, coach.Usage{})
	g.Reading("answer", coach.ReadingFellBack, coach.Usage{PromptTokens: 260, CompletionTokens: 15})
	g.Reading("a deal id", coach.ReadingOutcome("Marcus"), coach.Usage{})
	var nilG *Ghosted
	nilG.Reading("story", coach.ReadingUsed, coach.Usage{PromptTokens: 1})

	rec := httptest.NewRecorder()
	g.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	var b strings.Builder
	b.WriteString(rec.Body.String())
	for _, want := range []string{
		`ghosted_llm_readings_total{call="story",outcome="used"} 1`,
		`ghosted_llm_readings_total{call="story",outcome="timed_out"} 1`,
		`ghosted_llm_readings_total{call="answer",outcome="fell_back"} 1`,
		`ghosted_llm_readings_total{call="other",outcome="other"} 1`,
		`ghosted_llm_reading_tokens_total{call="story",kind="prompt"} 1700`,
		`ghosted_llm_reading_tokens_total{call="story",kind="completion"} 250`,
		`ghosted_llm_reading_tokens_total{call="answer",kind="prompt"} 260`,
		"# HELP ghosted_llm_readings_total Model readings",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("/metrics lacks %q:\n%s", want, b.String())
		}
	}
}
