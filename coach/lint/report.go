// Package lint checks a message a salesperson is about to send to a quiet
// prospect against the coaching guidance: pestering, guilt, invented urgency,
// tracking, counting unanswered messages, going over their head, presuming
// why they went quiet, snarky break-ups, talking about the reader in the third
// person, re-sent links, several asks, length and the I/you balance. It also
// reports which REAL elements (feelings, intentions, an open door) are there,
// and scores the message 0..100.
//
// The phrases live in phrases.txt, embedded at build time, so a sales coach
// can change what the lint looks for without touching Go. Subtle pressure
// rarely uses a stock phrase, so besides phrases the file holds cues (the
// ingredients of a move: a deadline, an offer, a silence, a contact with their
// boss) and combinations of cues that make a finding when one sentence holds
// them; every finding still quotes the words it rests on. The code adds what
// phrases cannot see: links sent again (with or without a scheme), asks
// counted across and inside sentences, the reader's name used in the third
// person, negation scope, length and the I/you balance.
//
// Phrases are the fast, explainable first pass. A second pass, the tone
// model (model.go), reads what is left: a logistic regression over the
// words of each sentence and what the first pass saw, with weights in an
// embedded model.txt retrained by a test. Where the first pass finds nothing
// and the model is confident, it adds a tone finding that quotes the
// sentence and names the phrases that weigh most; its confidence also lowers
// the score. It never removes a finding.
//
// The matching is a single pass over the words of the message through a word
// graph built once, and the model a single pass more, so a check takes tens
// of microseconds whatever the number of phrases.
package lint

// Rule ids. They are a public contract: they appear in `ghosted lint
// --json`, in stored drafts and in the redraft request sent to the LLM, so a
// rule may be added but an id never changes meaning.
const (
	// RuleEmpty: there is no message to check.
	RuleEmpty = "empty"
	// RulePestering: a bump with nothing new in it ("just checking in",
	// "quick ping", "did you get a chance to look", "did my email get lost").
	RulePestering = "pestering"
	// RuleGuilt: the silence is made the prospect's fault, or the seller's
	// effort is held over them ("after all the hours we put in").
	RuleGuilt = "guilt"
	// RuleCounting: the unanswered messages are counted at them ("this is
	// my third email", "after four attempts").
	RuleCounting = "counting"
	// RulePressure: invented deadlines, scarcity, the cost of waiting, the
	// seller's quota ("the discount ends Friday", "only two slots left").
	RulePressure = "pressure"
	// RuleTracking: telling them what they opened or clicked ("I saw you
	// opened the proposal").
	RuleTracking = "tracking"
	// RuleOverTheirHead: going around them, or threatening to ("I'll reach
	// out to your VP").
	RuleOverTheirHead = "over_their_head"
	// RuleAssumesReason: deciding for them why they went quiet ("I'll
	// assume you're not interested"), unless it is made conditional.
	RuleAssumesReason = "assumes_reason"
	// RuleBreakupSnark: the snarky break-up ("I'll take the hint"), or a
	// cold "this is my last email" that leaves no door open.
	RuleBreakupSnark = "breakup_snark"
	// RuleThirdPerson: the reader is talked about rather than to ("she
	// wants…", "the prospect said…" in a message to her).
	RuleThirdPerson = "third_person"
	// RuleResentLink: a link sent again, or the same link twice; also a
	// document or attachment sent again ("re-attaching the proposal").
	// The id keeps its name from when only links were found.
	RuleResentLink = "resent_link"
	// RuleSeveralAsks: more than one distinct ask; the quote is the second.
	RuleSeveralAsks = "several_asks"
	// RuleTooLong: far too long for a DM, LinkedIn note or a cold-again email.
	RuleTooLong = "too_long"
	// RuleTone: no phrase rule fired, but the tone model reads the message
	// as pressure; the quote is the sentence that weighs most and the
	// advice names the words behind it.
	RuleTone = "tone"
)

// Finding is one problem the lint found in a message: the rule it broke, the
// exact phrase it quotes from the message, and what to do instead.
type Finding struct {
	Rule   string `json:"rule"`
	Quote  string `json:"quote"`
	Advice string `json:"advice"`
}

// RealCheck says which elements of a REAL message are present: real feelings
// about what is happening, real intentions for them and the relationship, and
// a door left open.
type RealCheck struct {
	Feelings   bool `json:"feelings"`
	Intentions bool `json:"intentions"`
	DoorOpen   bool `json:"door_open"`
}

// Missing lists the REAL elements that are absent, by their JSON names.
func (r RealCheck) Missing() []string {
	var m []string
	if !r.Feelings {
		m = append(m, "feelings")
	}
	if !r.Intentions {
		m = append(m, "intentions")
	}
	if !r.DoorOpen {
		m = append(m, "door_open")
	}
	return m
}

// Report is the verdict on one message. Its JSON shape is the public
// contract of `ghosted lint --json`: score, findings and real stay; fields
// may be added.
type Report struct {
	Score    int       `json:"score"`
	Findings []Finding `json:"findings"`
	Real     RealCheck `json:"real"`
	// Tone is the tone model's reading, 0..100: how likely the message is
	// to come across as pressure. When it is confident and no phrase rule
	// found anything, it makes a tone finding.
	Tone int `json:"tone"`
	// Specific is set when the message names something particular to this
	// deal (a number, a date, a name, a product): a template with none of
	// it scores lower, though that alone is never a finding.
	Specific bool `json:"specific"`
	// SelfFocus is set when the message talks about the writer far more
	// than about the reader. Like a missing REAL element it lowers the
	// score and is no finding: a step back, an honest feeling and an
	// intention are all said in the first person.
	SelfFocus *SelfFocus `json:"self_focus,omitempty"`
}

// SelfFocus counts a message's first- and second-person words and quotes
// the sentence with most of the first.
type SelfFocus struct {
	IWe    int    `json:"i_we"`
	You    int    `json:"you"`
	Quote  string `json:"quote"`
	Advice string `json:"advice"`
}

// PassScore is the lowest score a message can have and still pass, provided
// it has no findings.
const PassScore = 70

// Passed reports whether the message is fit to send as it is: no findings
// and a score of at least PassScore.
func (r Report) Passed() bool {
	return len(r.Findings) == 0 && r.Score >= PassScore
}

// RuleNames lists every rule id Check can report, in a stable order.
func RuleNames() []string {
	names := make([]string, 0, len(rules))
	for _, r := range rules {
		names = append(names, r.id)
	}
	return names
}
