package lint

import "slices"

// Advice for the rules whose advice Check writes itself.
const (
	adviceSeveralAsks = "This asks for several things at once. Keep the one ask that matters most and cut the rest, " +
		"so answering takes them a single line."
	adviceTone = "This reads as pressure. Drop the push: no deadline or scarcity they did not set, no keeping score, " +
		"no nudge with nothing new; say what is in it for them and leave the door open."
)

// Advice is what the coach says about a finding of rule: the advice of the
// phrase file for the phrase rules, a fixed sentence for several_asks and
// tone, and "" for the rules whose advice depends on the message (too_long,
// empty) or a rule that does not exist.
func Advice(rule string) string {
	t := phrases()
	for k := kindPestering; k < numFindingKinds; k++ {
		if rules[k].id == rule {
			return t.advice[k]
		}
	}
	switch rule {
	case RuleSeveralAsks:
		return adviceSeveralAsks
	case RuleTone:
		return adviceTone
	}
	return ""
}

// AddFindings returns r with findings from a later pass (such as an LLM
// rubric check) added after its own. Each lowers the score as Check's own
// do: the rule's weight for its first finding, 5 for a further one; and a
// report with any finding scores at most 63. A finding of an unknown rule
// is dropped. The caller makes sure each quote is in the message.
func (r Report) AddFindings(extra ...Finding) Report {
	r.Findings = slices.Clone(r.Findings)
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	for _, f := range extra {
		i := slices.IndexFunc(rules[:], func(x rule) bool { return x.id == f.Rule })
		if i < 0 || f.Rule == RuleEmpty {
			continue
		}
		if slices.ContainsFunc(r.Findings, func(g Finding) bool { return g.Rule == f.Rule }) {
			r.Score -= repeatPenalty
		} else {
			r.Score -= rules[i].weight
		}
		r.Findings = append(r.Findings, f)
	}
	if len(r.Findings) > 0 {
		r.Score = min(r.Score, findingCeiling)
	}
	r.Score = max(0, r.Score)
	return r
}
