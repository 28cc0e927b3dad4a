package coach

import (
	"context"
	"fmt"
	"time"
)

// Write asks the drafter for a message, lints it, and when an LLM draft fails
// the lint asks once more with the findings, keeping the better of the two
// attempts. The offline drafter is deterministic, so it is never asked twice.
//
// onPartial streams the first attempt's text as it arrives; a redraft is not
// streamed, since the caller already shows the first attempt.
func Write(ctx context.Context, dr Drafter, req DraftRequest, now time.Time, onPartial func(sofar string)) (Draft, error) {
	res, err := dr.Draft(ctx, req, onPartial)
	if err != nil {
		return Draft{}, fmt.Errorf("draft: %w", err)
	}
	best := newDraft(res, req, dr.Offline(), now)
	if best.Lint.Passed() || dr.Offline() {
		return best, nil
	}
	redo := req
	redo.Previous = best.Text
	redo.Findings = best.Lint.Findings
	redo.Missing = best.Lint.Real.Missing()
	res2, err := dr.Draft(ctx, redo, nil)
	if err != nil {
		// The first draft is still worth showing with its findings; a failed
		// second attempt is not the user's problem.
		return best, nil
	}
	second := newDraft(res2, req, false, now)
	second.Redrafted = true
	second.Usage.PromptTokens += best.Usage.PromptTokens
	second.Usage.CompletionTokens += best.Usage.CompletionTokens
	if better(second.Lint, best.Lint) {
		return second, nil
	}
	best.Redrafted = true
	best.Usage = second.Usage
	return best, nil
}

func newDraft(res DraftResult, req DraftRequest, offline bool, now time.Time) Draft {
	return Draft{
		Text:    res.Text,
		Subject: res.Subject,
		Style:   req.Style,
		Mode:    req.Mode,
		Lint:    Lint(res.Text),
		Model:   res.Model,
		Offline: offline,
		Usage:   res.Usage,
		At:      now,
	}
}

// better reports whether lint verdict a beats b: fewer findings first, then a
// higher score.
func better(a, b LintReport) bool {
	if len(a.Findings) != len(b.Findings) {
		return len(a.Findings) < len(b.Findings)
	}
	return a.Score > b.Score
}
