package coach

import "github.com/ghosted-bot/ghosted/coach/lint"

// The lint lives in coach/lint; these names keep the domain's vocabulary
// (coach.Lint, coach.LintReport, coach.Finding) for the code that drafts,
// stores and shows messages.

// LintReport is the verdict on one message; see lint.Report.
type LintReport = lint.Report

// Finding is one problem the lint found; see lint.Finding.
type Finding = lint.Finding

// RealCheck says which REAL elements a message has; see lint.RealCheck.
type RealCheck = lint.RealCheck

// SelfFocus notes a message that talks about the writer far more than the
// reader; see lint.SelfFocus.
type SelfFocus = lint.SelfFocus

// PassScore is the lowest score that passes when there are no findings.
const PassScore = lint.PassScore

// Lint checks a message against the guidance; see lint.Check.
func Lint(text string) LintReport { return lint.Check(text) }

// LintRuleNames lists every rule id the lint can report.
func LintRuleNames() []string { return lint.RuleNames() }
