package lint

import (
	"strings"
	"testing"
)

// Tests of the machinery under the phrase file: links, the reader's name,
// asks inside a sentence, negation scope, cue exceptions, warm goodbyes.

func TestLintBareLinks(t *testing.T) {
	for _, tt := range []struct {
		text, quote string
	}{
		{"Here's that calendar link again: calendly.com/nick/30min", "again: calendly.com/nick/30min"},
		{"Popping the link back in here: x.io/demo", "Popping the link back in here: x.io/demo"},
		{"Book here bit.ly/abc. Or here: bit.ly/abc", "bit.ly/abc"},
		{"The sandbox again: sandbox.relaypay.com. It stays up.", "again: sandbox.relaypay.com"},
	} {
		r := Check(tt.text)
		checkLintInvariants(t, tt.text, r)
		got := findingsOf(r, RuleResentLink)
		if len(got) != 1 || got[0].Quote != tt.quote {
			t.Errorf("Check(%q): resent_link = %+v, want one quoting %q", tt.text, got, tt.quote)
		}
	}
	// Not links: abbreviations, titles, versions, decimals, an address's domain.
	for _, text := range []string{
		"e.g. the Q2 numbers, i.e. the ones again.",
		"Dr. Park again said the v2.1 build and the 2.5% rate were fine.",
		"Write to dana@acme.com again if you like; dana@acme.com reaches me too.",
	} {
		if got := findingsOf(Check(text), RuleResentLink); len(got) != 0 {
			t.Errorf("Check(%q): unexpected resent_link %+v", text, got)
		}
	}
}

func TestLintResentDocuments(t *testing.T) {
	for _, text := range []string{
		"Re-attaching the proposal here so you don't have to dig for it.",
		"I'm resending the contract with the tabs marked.",
		"Here's a fresh copy of the quote I sent on the 3rd.",
		"I've attached the same one-pager again, as a PDF this time.",
	} {
		if got := findingsOf(Check(text), RuleResentLink); len(got) == 0 {
			t.Errorf("Check(%q): no resent_link finding", text)
		}
	}
	for _, text := range []string{
		"The revised proposal is attached, with the changes you asked for.",
		"If it comes back on, I'd love to quote it again.",
		"A fresh copy of the quote with the new tax rate is attached; the old one had an error.",
	} {
		if got := findingsOf(Check(text), RuleResentLink); len(got) != 0 {
			t.Errorf("Check(%q): unexpected resent_link %+v", text, got)
		}
	}
}

func TestLintReaderName(t *testing.T) {
	for _, tt := range []struct{ text, quote string }{
		{"Hi Priya! Quick summary: Priya's team is stretched thin.", "Priya's team"},
		{"Hi Jess, Jess's priorities seem to have shifted.", "Jess's priorities"},
		{"Hi, this message is for Keith. Keith, it's Jenna. Keith had asked about bundling.", "Keith had"},
	} {
		got := findingsOf(Check(tt.text), RuleThirdPerson)
		if len(got) == 0 || got[0].Quote != tt.quote {
			t.Errorf("Check(%q): third_person = %+v, want %q", tt.text, got, tt.quote)
		}
	}
	// Another person's possessive, or the reader addressed, is fine.
	for _, text := range []string{
		"Hi Priya, Northgate's rollout looked smooth from the outside.",
		"Leslie, I'm stepping back so I'm not cluttering your week.",
		"Hi Matt, Julie from your IT team said she was testing the API.",
	} {
		if got := findingsOf(Check(text), RuleThirdPerson); len(got) != 0 {
			t.Errorf("Check(%q): unexpected third_person %+v", text, got)
		}
	}
}

func TestLintAsksInOneSentence(t *testing.T) {
	for _, tt := range []struct {
		text string
		asks int
	}{
		{"Could you share your thoughts on the proposal, and let me know who else to include?", 2},
		{"Is Q3 still the target, and could you intro me to whoever owns security?", 2},
		{"I'd love your take on the SOW, and while I have you, would you be a reference?", 2},
		{"What's your timeline, who owns the budget, and is a security review required?", 2},
		{"If you're open to it, I'd love to (1) meet your lead, (2) see the logs, (3) set a follow-up.", 3},
		{"Would love to hear how the pilot went! Also, are you going to be at the summit?", 2},
	} {
		got := findingsOf(Check(tt.text), RuleSeveralAsks)
		if len(got) != 1 || !strings.Contains(got[0].Advice, "asks for "+string(rune('0'+tt.asks))) {
			t.Errorf("Check(%q): several_asks = %+v, want %d asks", tt.text, got, tt.asks)
		}
	}
	for _, text := range []string{
		"When you get a sec, could you send the floor plan?",
		"Could you let me know if Thursday works?",
		"Has your team found a workaround? If so, I'd love to learn what worked.",
		"Is Tuesday good? Or Thursday?",
		"Thanks for the tour, and let me know if you want the notes.",
		"A few things have changed: (1) Spanish support, (2) a month-to-month plan.",
	} {
		if got := findingsOf(Check(text), RuleSeveralAsks); len(got) != 0 {
			t.Errorf("Check(%q): unexpected several_asks %+v", text, got)
		}
	}
}

func TestLintNegationScope(t *testing.T) {
	// A negation stops at a word that opens another clause, and a negation
	// inside a condition is a threat, not a negation.
	flagged := map[string]string{
		"If I don't hear from you I'll reach out to your VP directly.":                 RuleOverTheirHead,
		"Not sure if you're dodging me or just busy.":                                  RuleAssumesReason,
		"If we don't get the paperwork by Friday, I can't guarantee the discount.":     RulePressure,
		"A simple \"not interested\" would have saved us both a lot of time.":          RuleGuilt,
		"Wanted to make sure my last email didn't end up in your spam folder.":         RulePestering,
		"I hate to keep bugging you, but did you get my note about the renewal?":       RulePestering,
		"Hi Ann, if I don't hear back by Monday, I'll give your spot to another team.": RulePressure,
	}
	for text, rule := range flagged {
		if got := findingsOf(Check(text), rule); len(got) == 0 {
			t.Errorf("Check(%q): no %s finding; got %+v", text, rule, Check(text).Findings)
		}
	}
	for text, rule := range map[string]string{
		"I don't want to keep checking in.":                RulePestering,
		"There's no deadline on the quote.":                RulePressure,
		"I won't reach out to your VP; this is your call.": RuleOverTheirHead,
	} {
		if got := findingsOf(Check(text), rule); len(got) != 0 {
			t.Errorf("Check(%q): unexpected %s %+v", text, rule, got)
		}
	}
}

func TestLintCueExceptions(t *testing.T) {
	// "today" reporting news is not a deadline next to an offer.
	if got := findingsOf(Check("The floor plan came out today, and booth 214 (the corner spot you liked) is on it."), RulePressure); len(got) != 0 {
		t.Errorf("news today flagged as pressure: %+v", got)
	}
	if got := findingsOf(Check("The corner spot is yours only if you sign today."), RulePressure); len(got) == 0 {
		t.Error("a deadline today next to a spot is not flagged")
	}
	// An exception section needs its cue defined above it, and only cancels
	// that cue.
	base := "@first_person = i\n@second_person = you\n@negator = not\n@filler = a\n@third_person = she\n" +
		"@person_noun = boss\n@greeting = hi\n@calendar = may\n@report_verb = said\n@interrogative = is\n" +
		"@clause_start = if\n@condition = if\n@title = mr\n"
	for _, r := range rules[:numFindingKinds] {
		base += "[" + r.id + "]\nadvice: x\nnever said here\n"
	}
	if _, err := compile(base + "[cue soon except]\ncame out today\n"); err == nil || !strings.Contains(err.Error(), "define [cue soon] above") {
		t.Errorf("an exception before its cue: err = %v", err)
	}
	tb, err := compile(base + "[cue soon]\ntoday\n[cue offer]\ntoday\n[cue soon except]\ncame out today\n[combine pressure]\nsoon & offer\n")
	if err != nil {
		t.Fatal(err)
	}
	s := new(scratch)
	s.reset(tb, "It came out today")
	s.tokenize()
	for i := range s.toks {
		s.matchFrom(i)
	}
	s.dropExceptions()
	live := map[uint8]bool{}
	for _, m := range s.matches {
		if m.kind == kindCue && m.live() {
			live[m.cue] = true
		}
	}
	if live[tb.cues["soon"]] || !live[tb.cues["offer"]] {
		t.Errorf("live cues %v: want offer kept and soon cancelled", live)
	}
}

func TestLintWarmGoodbye(t *testing.T) {
	cold := "This is my last email about the CRM migration."
	if got := findingsOf(Check(cold), RuleBreakupSnark); len(got) == 0 {
		t.Errorf("Check(%q): a cold last email is not flagged", cold)
	}
	for _, text := range []string{
		cold + " Good luck with the rollout.",
		cold + " I really enjoyed working through it with you.",
		"Last note from me on the survey tool. Wishing you a great semester.",
	} {
		if got := findingsOf(Check(text), RuleBreakupSnark); len(got) != 0 {
			t.Errorf("Check(%q): unexpected breakup_snark %+v", text, got)
		}
	}
	// A warm word said in the same breath as the snark does not soften it.
	if got := findingsOf(Check("I'll take the deafening silence as a no. Good luck with everything!"), RuleBreakupSnark); len(got) == 0 {
		t.Error("snark with a parting wish is not flagged")
	}
}

func TestLintEmojiAndTitles(t *testing.T) {
	// An emoji is a word: a wink or an eye-roll at someone who went quiet
	// is sarcasm, a smile is not.
	if got := findingsOf(Check("I'll take that as a maybe 🙃"), RuleBreakupSnark); len(got) != 1 || got[0].Quote != "🙃" {
		t.Errorf("eye-roll: breakup_snark = %+v, want the emoji quoted", got)
	}
	for _, text := range []string{"Congrats on the launch 🎉", "Hope the move survived the coffee debate 😄", "Thanks! 🙂"} {
		if r := Check(text); len(r.Findings) != 0 {
			t.Errorf("Check(%q): unexpected %+v", text, r.Findings)
		}
	}
	// "Ms. Patel" is one name: its full stop ends no sentence.
	if got := findingsOf(Check("Hi Ms. Patel, Ms. Patel requested the updated pricing, which is attached."), RuleThirdPerson); len(got) == 0 {
		t.Error("a title and surname used in the third person is not flagged")
	}
	if got := findingsOf(Check("Hi Ms. Patel, the updated pricing you asked for is attached."), RuleThirdPerson); len(got) != 0 {
		t.Errorf("greeting with a title: unexpected %+v", got)
	}
}

func TestLintSectionModifiers(t *testing.T) {
	tb := &table{cues: map[string]uint8{"guess": 0}}
	o, combine, err := tb.parseSection("[combine assumes_reason unless-door unless-conditional]")
	if err != nil || !combine || o.flags&flagUnlessDoor == 0 || o.flags&flagUnlessConditional == 0 {
		t.Errorf("combined modifiers: %+v, %v, %v", o, combine, err)
	}
	if _, _, err := tb.parseSection("[pestering except unless-door]"); err == nil {
		t.Error("an exception that is also conditional parsed")
	}
	// A guess at their side is a presumption unless the door is open or it
	// is made conditional; a guess at the writer's own side is owning up.
	for text, want := range map[string]bool{
		"Sounds like you're still comparing vendors. Can we talk this week?":                   true,
		"Sounds like you're still comparing vendors. If that changes, I'm here whenever.":      false,
		"I take it you have gone another way, unless you tell me otherwise.":                   false,
		"I suspect I never made clear what this would change for you. Here it is in one line.": false,
	} {
		if got := len(findingsOf(Check(text), RuleAssumesReason)) > 0; got != want {
			t.Errorf("Check(%q): assumes_reason %v, want %v", text, got, want)
		}
	}
}
