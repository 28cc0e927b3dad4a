package lint

import "testing"

func TestAdvice(t *testing.T) {
	for _, r := range RuleNames() {
		switch r {
		case RuleTooLong, RuleEmpty:
			if Advice(r) != "" {
				t.Errorf("Advice(%s) = %q, want empty: it depends on the message", r, Advice(r))
			}
		default:
			if Advice(r) == "" {
				t.Errorf("Advice(%s) is empty", r)
			}
		}
	}
	if Advice("nope") != "" {
		t.Error("advice for an unknown rule")
	}
}

func TestAddFindings(t *testing.T) {
	clean := Check(lintHonestNote)
	if len(clean.Findings) != 0 {
		t.Fatalf("the honest note has findings %+v", clean.Findings)
	}
	got := clean.AddFindings(Finding{Rule: RulePressure, Quote: "x", Advice: "a"})
	if len(got.Findings) != 1 || got.Score != min(clean.Score-rules[kindPressure].weight, findingCeiling) || got.Passed() {
		t.Errorf("one added finding: %+v from score %d", got, clean.Score)
	}
	if len(clean.Findings) != 0 {
		t.Error("AddFindings changed the report it was called on")
	}
	again := got.AddFindings(Finding{Rule: RulePressure, Quote: "y", Advice: "a"}, Finding{Rule: "made_up", Quote: "z"})
	if len(again.Findings) != 2 || again.Score != got.Score-repeatPenalty {
		t.Errorf("a second finding of a rule: %+v from %+v", again, got)
	}
	if same := clean.AddFindings(); same.Score != clean.Score || same.Findings == nil {
		t.Errorf("no findings added: %+v", same)
	}
}
