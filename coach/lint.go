package coach

// Lint is a placeholder until the guidance rules land.
func Lint(text string) LintReport {
	return LintReport{Score: 100, Findings: []Finding{}}
}
