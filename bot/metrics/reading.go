package metrics

import (
	"slices"

	"github.com/ghosted-bot/ghosted/coach"
)

// The model's readings of stories and typed answers are counted by call
// ("story", "answer") and by outcome (coach.ReadingOutcomes: used,
// partly_used, fell_back, timed_out), and their tokens by call and kind
// (prompt, completion). Label values come from these fixed sets only.
const (
	readingsName   = "ghosted_llm_readings_total"
	readingsHelp   = "Model readings of stories and typed answers, by call (story, answer) and outcome (used, partly_used, fell_back, timed_out)."
	readTokensName = "ghosted_llm_reading_tokens_total"
	readTokensHelp = "Tokens the model reported for readings, by call (story, answer) and kind (prompt, completion)."
)

// readingCalls are the calls a reading is counted under.
var readingCalls = []string{"story", "answer"}

// Reading counts one model reading of a story or an answer, with its
// outcome and the tokens it used. A call or outcome outside the fixed sets
// is counted as "other", so a label never grows without bound.
func (g *Ghosted) Reading(call string, outcome coach.ReadingOutcome, u coach.Usage) {
	if g == nil {
		return
	}
	if !slices.Contains(readingCalls, call) {
		call = "other"
	}
	o := string(outcome)
	if !slices.Contains(coach.ReadingOutcomes, outcome) {
		o = "other"
	}
	g.readings.WithLabelValues(call, o).Inc()
	if u.PromptTokens > 0 {
		g.readTokens.WithLabelValues(call, "prompt").Add(float64(u.PromptTokens))
	}
	if u.CompletionTokens > 0 {
		g.readTokens.WithLabelValues(call, "completion").Add(float64(u.CompletionTokens))
	}
}
