package lint

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Notes written the way the guidance asks. They must pass.
const (
	lintHonestNote = "Hi Dana, honestly I'm a bit confused. Our call in March felt like a real fit for the " +
		"reporting headaches your team described, and then things went quiet. I don't want to keep chasing you; " +
		"what I want is for your team to stop losing Fridays to spreadsheets, whether that's with us or not. " +
		"If the timing has changed or I've got this wrong, no hard feelings. The door is open whenever it suits you."

	lintReversalNote = "Hi Sam, when we last spoke you were weighing the Q3 rollout against the audit. " +
		"It may no longer be on your radar, so unless I hear back I'll assume the timing isn't right and step back. " +
		"If I'm wrong, I'd genuinely like to pick this up again."

	lintCurlyNote = "Hi Priya \u2014 I\u2019ll be honest: I was excited after our demo, and I\u2019m a little puzzled by the quiet. " +
		"My hope is that the audit is simply taking all your time. Is the reporting problem still worth solving this year? " +
		"If things have changed, no hard feelings \u2014 reach out whenever it makes sense."
)

// checkLintInvariants asserts what every report must satisfy, whatever the
// input: quotes are exact substrings of the (sanitised) text, rule ids are
// known, the score is in range and findings is never nil.
func checkLintInvariants(t *testing.T, text string, r Report) {
	t.Helper()
	clean := strings.ToValidUTF8(text, "\uFFFD")
	if r.Findings == nil {
		t.Errorf("Check(%.40q): Findings is nil, want an empty slice", text)
	}
	if r.Score < 0 || r.Score > 100 {
		t.Errorf("Check(%.40q): score %d out of 0..100", text, r.Score)
	}
	names := RuleNames()
	for _, f := range r.Findings {
		if !strings.Contains(clean, f.Quote) {
			t.Errorf("Check(%.40q): quote %q is not a substring of the text", text, f.Quote)
		}
		if !utf8.ValidString(f.Quote) {
			t.Errorf("Check(%.40q): quote %q is not valid UTF-8", text, f.Quote)
		}
		if !slices.Contains(names, f.Rule) {
			t.Errorf("Check(%.40q): rule %q is not in LintRuleNames", text, f.Rule)
		}
		if f.Advice == "" {
			t.Errorf("Check(%.40q): rule %q has no advice", text, f.Rule)
		}
	}
}

func findingsOf(r Report, rule string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestLintFlagsEachRule(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		rule  string
		quote string // the exact quote expected
	}{
		// pestering: every phrase the guidance names, in several spellings.
		{"checking in", "Hi Jo, just checking in on the proposal.", RulePestering, "just checking in"},
		{"checking in upper", "JUST CHECKING IN!!", RulePestering, "JUST CHECKING IN"},
		{"checking in bare", "Checking in to see where things are.", RulePestering, "Checking in"},
		{"bump to top", "Just bumping this to the top of your inbox", RulePestering, "Just bumping this to the top of your inbox"},
		{"bump short", "Bumping this.", RulePestering, "Bumping this"},
		{"bubbling", "Just bubbling this up for you.", RulePestering, "Just bubbling this up"},
		{"circling back", "Circling back on the pilot.", RulePestering, "Circling back"},
		{"follow up last email", "Following up on my last email about pricing.", RulePestering, "Following up on my last email"},
		{"thing on", "Hello? Is this thing on?", RulePestering, "Is this thing on"},
		{"link again curly", "Here\u2019s that link again: https://cal.com/me", RulePestering, "Here\u2019s that link again"},
		{"noticed haven't", "I noticed you haven\u2019t booked a slot yet.", RulePestering, "I noticed you haven\u2019t"},
		{"noticed ellipsis", "I noticed you haven't\u2026", RulePestering, "I noticed you haven't"},
		{"wondering why", "I'm wondering why I haven't heard back.", RulePestering, "wondering why I haven't heard"},
		{"must be busy", "You must be really busy!", RulePestering, "You must be really busy"},
		{"did you get", "Did you get my email?", RulePestering, "Did you get my email"},
		{"per my last", "Per my last email, the price is fixed.", RulePestering, "Per my last email"},
		{"any update", "Any update?", RulePestering, "Any update"},
		{"touching base whitespace", "Touching   base\n again.", RulePestering, "Touching   base"},
		{"line break inside", "Just checking\nin on this.", RulePestering, "Just checking\nin"},
		{"zero width inside", "Just check\u200bing in.", RulePestering, "Just check\u200bing in"},
		{"nbsp", "just\u00a0checking in", RulePestering, "just\u00a0checking in"},

		// guilt
		{"tried reaching", "I've tried reaching you several times.", RuleGuilt, "I've tried reaching you"},
		{"reached out times", "I have reached out several times now.", RuleCounting, "I have reached out several times"},
		{"haven't responded", "You haven't responded to my emails.", RuleGuilt, "You haven't responded"},
		{"disappointed you", "I'm disappointed you didn't reply.", RuleGuilt, "I'm disappointed you"},
		{"had a deal", "I thought we had a deal.", RuleGuilt, "I thought we had a deal"},
		{"all the time", "After all the time I spent on your proposal, nothing.", RuleGuilt, "After all the time I spent"},
		{"ignoring", "Feels like you're ignoring me.", RuleGuilt, "you're ignoring me"},

		// pressure
		{"last chance", "This is your last chance.", RulePressure, "last chance"},
		{"act now", "Act now to lock in the rate.", RulePressure, "Act now"},
		{"offer expires", "The offer expires Friday.", RulePressure, "The offer expires Friday"},
		{"few spots", "Only a few spots left for Q3.", RulePressure, "Only a few spots left"},
		{"too late curly", "Sign before it\u2019s too late.", RulePressure, "before it\u2019s too late"},
		{"asap", "Please reply ASAP.", RulePressure, "ASAP"},
		{"limited time", "It's a limited time offer.", RulePressure, "limited time offer"},
		{"answer by", "Need an answer by Friday.", RulePressure, "Need an answer by Friday"},
		{"we need decision", "We need a decision by the 30th.", RulePressure, "We need a decision by"},

		// resent_link
		{"link once more", "Here is the deck once more: https://x.co/deck", RuleResentLink, "once more: https://x.co/deck"},
		{"resending", "Resending the calendar link https://cal.com/me", RuleResentLink, "Resending the calendar link https://cal.com/me"},
		{"re-sharing", "Re-sharing https://x.co/roi in case it helps.", RuleResentLink, "Re-sharing https://x.co/roi"},
		{"same url twice", "Book here https://cal.com/me. If easier, here: https://cal.com/me/", RuleResentLink, "https://cal.com/me/"},
		{"same url case", "See https://X.co/a and HTTP://www.x.co/a", RuleResentLink, "HTTP://www.x.co/a"},

		// several_asks: the quote is the second ask.
		{"two questions", "Is the budget approved? Who else should I talk to?", RuleSeveralAsks, "Who else should I talk to?"},
		{"question and request", "Can you send the contract? Could you also book a time for Tuesday?", RuleSeveralAsks, "Could you also book a time for Tuesday?"},
		{"two requests", "Let me know your thoughts. Please send the signed copy.", RuleSeveralAsks, "Please send the signed copy."},
		{"bullets", "Two things:\n- can you share the brief\n- could you intro me to Raj", RuleSeveralAsks, "could you intro me to Raj"},

		// assumes_reason
		{"assume not interested", "I'll assume you're not interested.", RuleAssumesReason, "I'll assume you're not interested"},
		{"guess decided", "I guess you've decided to go another way.", RuleAssumesReason, "I guess you've decided"},
		{"clearly not interested", "Since you're clearly not interested, I'll move on.", RuleAssumesReason, "Since you're clearly not interested"},
		{"take it", "I take it you've moved on.", RuleAssumesReason, "I take it you've"},
		{"silence says", "Your silence says it all.", RuleAssumesReason, "Your silence says"},

		// breakup_snark
		{"hint", "OK, I'll take the hint.", RuleBreakupSnark, "I'll take the hint"},
		{"won't bother", "I won't bother you again.", RuleBreakupSnark, "I won't bother you again"},
		{"silence as no", "I'll take your silence as a no.", RuleBreakupSnark, "I'll take your silence as"},
		{"last email no door", "This is my last email.", RuleBreakupSnark, "This is my last email"},
		{"close file", "Should I close your file?", RuleBreakupSnark, "Should I close your file"},
		{"face of the earth", "Have you fallen off the face of the earth?", RuleBreakupSnark, "fallen off the face of the earth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(tt.text)
			checkLintInvariants(t, tt.text, r)
			got := findingsOf(r, tt.rule)
			if len(got) == 0 {
				t.Fatalf("Check(%q): no %s finding; got %+v", tt.text, tt.rule, r.Findings)
			}
			var quotes []string
			for _, f := range got {
				quotes = append(quotes, f.Quote)
			}
			if !slices.Contains(quotes, tt.quote) {
				t.Errorf("Check(%q): %s quotes %q, want %q", tt.text, tt.rule, quotes, tt.quote)
			}
			if r.Passed() {
				t.Errorf("Check(%q) passed with a %s finding", tt.text, tt.rule)
			}
		})
	}
}

func TestLintLeavesNearMissesAlone(t *testing.T) {
	tests := []struct {
		name string
		text string
		rule string // must not be reported
	}{
		{"checking notes", "I was checking our notes from the call.", RulePestering},
		{"checked in hotel", "We checked in at the hotel late.", RulePestering},
		{"checking in with legal", "We're checking in with our legal team this week.", RulePestering},
		{"checking into", "I'm checking into the SSO question for you.", RulePestering},
		{"circle of customers", "Our circle of customers in Leeds keeps growing.", RulePestering},
		{"circle the date", "I'll circle the date in my calendar.", RulePestering},
		{"following up your question", "Following up on your question about SSO: it's included.", RulePestering},
		{"bumpy", "It was a bumpy quarter for everyone.", RulePestering},
		{"negated checking in", "I don't want to keep checking in, so this is the last you'll hear unless the timing changes.", RulePestering},
		{"not going to keep", "I'm not going to keep checking in.", RulePestering},
		{"update on our side", "An update on our side: the SOC 2 report is out.", RulePestering},

		{"conditional silence", "If you haven't replied because the quarter is hectic, that's completely fine.", RuleGuilt},
		{"disappointed pilot", "Honestly, I was a little disappointed the pilot slipped.", RuleGuilt},
		{"haven't heard plain", "I haven't heard back since March, which is fine.", RuleGuilt},

		{"last call meeting", "On our last call you mentioned the audit.", RulePressure},
		{"limited time yours", "I know you have limited time, so one line.", RulePressure},
		{"no need to act", "There's no need to act now.", RulePressure},
		{"not urgent", "This isn't urgent at all.", RulePressure},
		{"urgent question", "Is this urgent for you?", RulePressure},
		{"no hurry", "No hurry on this.", RulePressure},
		{"easap", "The Leasap project is done.", RulePressure},

		{"thanks again link", "Thanks again for the call. The recap is at https://x.co/recap", RuleResentLink},
		{"see you again link", "Great to see you again at SaaStr. Notes: https://x.co/notes", RuleResentLink},
		{"two different links", "Two links: https://a.co/x and https://a.co/y", RuleResentLink},
		{"again far from link", "It was good to hear your team is growing again after the reorg, which I know took most of the spring " +
			"and a lot of patience from everyone involved. Anyway, here's a new case study: https://x.co/cs", RuleResentLink},

		{"small talk", "Hi Dana, how are you? Could you send the contract?", RuleSeveralAsks},
		{"or fragment", "Is Tuesday good? Or Thursday?", RuleSeveralAsks},
		{"door is not an ask", "Could you send the contract? If the timing changes, let me know whenever.", RuleSeveralAsks},
		{"url query", "Could you look at https://x.co/?a=1&b=2 when you can.", RuleSeveralAsks},

		{"assume timing", "Unless I hear back I'll assume the timing isn't right and step back.", RuleAssumesReason},
		{"don't want to assume", "I don't want to assume you're not interested.", RuleAssumesReason},
		{"assume fine", "I assume the audit is taking everyone's time.", RuleAssumesReason},

		{"won't take silence", "I won't take your silence as a no.", RuleBreakupSnark},
		{"last note with door", "This is my last note on this. If the timing changes, the door is open.", RuleBreakupSnark},
		{"closing loop with door", "I'm closing the loop for now; reach out whenever it suits you.", RuleBreakupSnark},

		{"short", "Hi Dana, quick thought on your renewal.", RuleTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(tt.text)
			checkLintInvariants(t, tt.text, r)
			if got := findingsOf(r, tt.rule); len(got) > 0 {
				t.Errorf("Check(%q): unexpected %s finding %+v", tt.text, tt.rule, got)
			}
		})
	}
}

func TestLintRealChecklist(t *testing.T) {
	tests := []struct {
		name string
		text string
		want RealCheck
	}{
		{"honest note", lintHonestNote, RealCheck{true, true, true}},
		{"reversal", lintReversalNote, RealCheck{true, true, true}},
		{"curly", lintCurlyNote, RealCheck{true, true, true}},
		{"none", "Please find the updated pricing attached.", RealCheck{}},
		{"feelings only", "I'm curious what changed on your side.", RealCheck{Feelings: true}},
		{"feel", "I feel we left things in an odd place.", RealCheck{Feelings: true}},
		{"enjoyed", "I enjoyed meeting your team.", RealCheck{Feelings: true}},
		{"sorry", "I'd be sorry to lose touch.", RealCheck{Feelings: true}},
		{"word boundary feelings", "He priced it dishonestly.", RealCheck{}},
		{"intentions want", "I want to make sure you get what you need.", RealCheck{Intentions: true}},
		{"intentions hope", "My hope is that the rollout lands well.", RealCheck{Intentions: true}},
		{"intentions rather", "I'd rather hear a clear no than keep guessing.", RealCheck{Intentions: true}},
		{"intentions no pressure", "No pressure either way.", RealCheck{Intentions: true}},
		{"greeting is no intention", "I hope you're well. Pricing attached.", RealCheck{}},
		{"door whenever", "Reach out whenever.", RealCheck{DoorOpen: true}},
		{"door timing", "If the timing changes, I'm around.", RealCheck{DoorOpen: true}},
		{"door wrong", "If I've got this wrong, tell me.", RealCheck{DoorOpen: true}},
		{"door pick up", "Happy to pick this up later.", RealCheck{DoorOpen: true}},
		{"door not the case", "If that's not the case, I'd enjoy continuing.", RealCheck{Feelings: false, DoorOpen: true}},
		{"door word boundary", "The whenevers and whatevers of procurement.", RealCheck{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(tt.text)
			checkLintInvariants(t, tt.text, r)
			if r.Real != tt.want {
				t.Errorf("Check(%q).Real = %+v, want %+v", tt.text, r.Real, tt.want)
			}
		})
	}
}

func TestLintHonestNotesPass(t *testing.T) {
	for name, text := range map[string]string{
		"honest":   lintHonestNote,
		"reversal": lintReversalNote,
		"curly":    lintCurlyNote,
	} {
		t.Run(name, func(t *testing.T) {
			r := Check(text)
			checkLintInvariants(t, text, r)
			if len(r.Findings) != 0 {
				t.Errorf("findings = %+v, want none", r.Findings)
			}
			if !r.Passed() || r.Score < 85 {
				t.Errorf("score %d passed=%v, want >= 85 and passed", r.Score, r.Passed())
			}
		})
	}
}

// A last note said warmly, or with what to do if they ever want it, is the
// respectful close the guidance asks for; the same words cold stay a
// snarky break-up.
func TestLintWarmClosings(t *testing.T) {
	for _, text := range []string{
		"Hi Brenda, I'll stop writing about the proposal. It was genuinely a pleasure meeting your team. Take care.",
		"I'll close this out on my side for now, Ola. If you ever need us, my number's the same.",
		"Mrs. Duarte, this is my last message about the insurance review. It was kind of you to meet with us. Wishing you health and a good year.",
		"Hi Antoine, unless I hear otherwise I'll treat the project as on pause and stop writing about it. If it's still live, a one-line reply is enough.",
	} {
		if r := Check(text); len(r.Findings) != 0 {
			t.Errorf("%q: findings %+v, want none", text, r.Findings)
		}
	}
	if r := Check("This is my last email. I'll stop writing now."); len(findingsOf(r, RuleBreakupSnark)) == 0 {
		t.Errorf("a cold break-up passed: %+v", r.Findings)
	}
}

func TestLintBumpFails(t *testing.T) {
	r := Check("Just bumping this to the top of your inbox")
	if r.Passed() {
		t.Fatalf("bump passed: %+v", r)
	}
	got := findingsOf(r, RulePestering)
	if len(got) != 1 {
		t.Fatalf("pestering findings = %+v, want one", r.Findings)
	}
	if q := got[0].Quote; q != "Just bumping this to the top of your inbox" && q != "bumping this to the top of your inbox" {
		t.Errorf("quote = %q", q)
	}
	if r.Score >= PassScore {
		t.Errorf("score = %d, want below %d", r.Score, PassScore)
	}
}

func TestLintScore(t *testing.T) {
	clean := Check(lintHonestNote).Score
	oneFinding := Check(lintHonestNote + " Any update?").Score
	twoFindings := Check(lintHonestNote + " Any update? Last chance.").Score
	if !(clean > oneFinding && oneFinding > twoFindings) {
		t.Errorf("scores clean=%d one=%d two=%d, want strictly decreasing", clean, oneFinding, twoFindings)
	}
	// Heavier rules cost more than lighter ones.
	pester := Check(lintHonestNote + " Just checking in.").Score
	asks := Check(lintHonestNote + " Can you send the brief? Could you add Raj?").Score
	if pester >= asks {
		t.Errorf("pestering score %d >= several_asks score %d, want pestering to weigh more", pester, asks)
	}
	// Missing REAL elements lower the score but are not findings.
	plain := Check("Sharing the new case study from a team your size: https://x.co/cs")
	if len(plain.Findings) != 0 {
		t.Errorf("plain findings = %+v", plain.Findings)
	}
	if want := 100 - 3*missingReal - noSpecifics; plain.Score != want {
		t.Errorf("plain score = %d, want %d", plain.Score, want)
	}
	// Everything at once clamps at zero.
	worst := Check("Just checking in. You haven't responded. Last chance, act now! I'll take the hint. " +
		"I'll assume you're not interested. Did you get my email? Any update?")
	if worst.Score != 0 {
		t.Errorf("worst score = %d, want 0", worst.Score)
	}
}

func TestLintEmpty(t *testing.T) {
	for _, text := range []string{"", "   ", "\n\t \r\n", "\u200b\u200b", "...", "\u00a0"} {
		r := Check(text)
		checkLintInvariants(t, text, r)
		if r.Score != 0 || len(r.Findings) != 1 || r.Findings[0].Rule != RuleEmpty {
			t.Errorf("Check(%q) = %+v, want score 0 and one %s finding", text, r, RuleEmpty)
		}
		if r.Passed() {
			t.Errorf("Check(%q) passed", text)
		}
	}
}

func TestLintInvalidUTF8(t *testing.T) {
	for _, text := range []string{
		"just \xffchecking in",
		"\xff\xfe\xfd",
		"Just checking in \xc3\x28 any update?",
		"I noticed you haven\xe2\x80", // a curly apostrophe cut in half
		strings.Repeat("\xe2\x80\x99", 10) + "asap",
	} {
		r := Check(text)
		checkLintInvariants(t, text, r)
	}
	r := Check("Hi \xff, just checking in")
	if got := findingsOf(r, RulePestering); len(got) != 1 || got[0].Quote != "just checking in" {
		t.Errorf("pestering after invalid byte = %+v", r.Findings)
	}
}

func TestLintTooLong(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }
	if got := findingsOf(Check(words(maxWords)), RuleTooLong); len(got) != 0 {
		t.Errorf("%d words: unexpected too_long %+v", maxWords, got)
	}
	long := words(maxWords) + " beyond the limit here"
	got := findingsOf(Check(long), RuleTooLong)
	if len(got) != 1 {
		t.Fatalf("%d words: too_long findings = %+v, want one", maxWords+4, got)
	}
	if got[0].Quote != "beyond the limit here" {
		t.Errorf("quote = %q, want the words past the limit", got[0].Quote)
	}
	if !strings.Contains(got[0].Advice, "184 words") {
		t.Errorf("advice = %q, want the word count", got[0].Advice)
	}
	// Few but long words: the character limit.
	chars := strings.TrimSpace(strings.Repeat("internationalisation ", 60))
	if got := findingsOf(Check(chars), RuleTooLong); len(got) != 1 {
		t.Errorf("%d chars: too_long findings = %+v, want one", len(chars), got)
	}
	// One enormous word still gets a finding.
	if got := findingsOf(Check(strings.Repeat("a", 5000)), RuleTooLong); len(got) != 1 {
		t.Errorf("one long word: too_long findings = %+v, want one", got)
	}
}

func TestLintHugeInput(t *testing.T) {
	huge := strings.Repeat("Just checking in about the proposal and our platform. ", 4000) // ~220 KB
	start := time.Now()
	r := Check(huge)
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("Lint of %d bytes took %v", len(huge), d)
	}
	checkLintInvariants(t, huge, r)
	if len(findingsOf(r, RuleTooLong)) != 1 {
		t.Errorf("huge input: no too_long finding")
	}
	if n := len(findingsOf(r, RulePestering)); n != maxPerRule {
		t.Errorf("huge input: %d pestering findings, want the cap %d", n, maxPerRule)
	}
	// Pathological shapes stay linear.
	for name, text := range map[string]string{
		"links and again": strings.Repeat("https://a.co/x again ", 1000),
		"questions":       strings.Repeat("can you? ", 20000),
		"exceptions":      strings.Repeat("checking in with our team ", 5000),
		"apostrophes":     strings.Repeat("i'", 50000),
		"curly":           strings.Repeat("\u2019", 70000),
		"blank lines":     "a" + strings.Repeat(" \n", 100000) + "b",
		"one long word":   strings.Repeat("x", 300000),
		"negations":       strings.Repeat("not ", 50000) + "checking in",
	} {
		start := time.Now()
		r := Check(text)
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("%s: Lint of %d bytes took %v", name, len(text), d)
		}
		checkLintInvariants(t, text, r)
	}
	// A phrase past the scanned prefix is not read, but length is.
	tail := strings.Repeat("a ", scanBytes) + "last chance"
	r = Check(tail)
	if len(findingsOf(r, RulePressure)) != 0 || len(findingsOf(r, RuleTooLong)) != 1 {
		t.Errorf("tail beyond scan: %+v", r.Findings)
	}
}

// Talking about oneself far more than the reader lowers the score and is
// noted, but it is no finding: a step back, an honest feeling and an
// intention are all said in the first person.
func TestLintSelfFocus(t *testing.T) {
	me := "We are the leading platform. Our customers love our product and we have won awards. " +
		"I think we could help. My team is great."
	r := Check(me)
	if r.SelfFocus == nil {
		t.Fatalf("self focus not noted: %+v", r)
	}
	if r.SelfFocus.Quote != "Our customers love our product and we have won awards." || r.SelfFocus.IWe < 6 || r.SelfFocus.You != 0 {
		t.Errorf("self focus = %+v, want the sentence with most first-person words and the counts", r.SelfFocus)
	}
	if len(r.Findings) != 0 {
		t.Errorf("self focus made a finding: %+v", r.Findings)
	}
	balanced := Check("We are the leading platform. Our customers love your kind of product and you have won awards. " +
		"I think you could use it. Your team is great.")
	if r.Score >= balanced.Score {
		t.Errorf("self-focused score %d, balanced %d: the self focus should cost points", r.Score, balanced.Score)
	}
	// Honest I-statements and a balanced note are no self focus.
	for _, text := range []string{
		"Honestly, I'm a little sad this stalled, because I liked what we discussed. I don't think " +
			"I explained well what it would change for your team, and that's on me. I'll step back for now. " +
			"If I've got this wrong, I'd genuinely like to pick it up whenever suits.",
		"I think your team could save time. I'd like to show you how your peers did it; you can decide.",
	} {
		if r := Check(text); r.SelfFocus != nil {
			t.Errorf("%q: unexpected self focus %+v", text, r.SelfFocus)
		}
	}
	// Five first-person words is below the floor, whatever the ratio.
	if r := Check("I think we can help. Our tool is what I built."); r.SelfFocus != nil {
		t.Errorf("short: unexpected %+v", r.SelfFocus)
	}
	if r := Check(lintHonestNote); r.SelfFocus != nil {
		t.Errorf("honest note: unexpected %+v", r.SelfFocus)
	}
	// The writer allowing they may be wrong is no talk about themselves.
	step := "Hi Harriet, when we spoke in March, reorder accuracy seemed a priority. I haven't heard back since, and I know priorities shift. " +
		"Unless I hear otherwise, I'll assume the project is on hold. If I've got that wrong, just say and I'll pick things up."
	if r := Check(step); r.SelfFocus != nil || len(r.Findings) != 0 {
		t.Errorf("step back: self focus %+v, findings %+v", r.SelfFocus, r.Findings)
	}
}

func TestLintFindingsInTextOrder(t *testing.T) {
	r := Check("Last chance! Also, just checking in. You haven't responded.")
	var rules []string
	for _, f := range r.Findings {
		rules = append(rules, f.Rule)
	}
	want := []string{RulePressure, RulePestering, RuleGuilt}
	if !slices.Equal(rules, want) {
		t.Errorf("rules = %v, want %v", rules, want)
	}
}

func TestLintOneQuotePerPhrase(t *testing.T) {
	// "I noticed you haven't responded" is both a bump and a guilt trip; it is
	// reported once, by the rule that claims it first.
	r := Check("I noticed you haven't responded.")
	if len(r.Findings) != 1 || r.Findings[0].Rule != RulePestering {
		t.Errorf("findings = %+v, want one pestering finding", r.Findings)
	}
}

func TestLintJSON(t *testing.T) {
	b, err := json.Marshal(Check(lintHonestNote))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"findings":[]`, `"real":{"feelings":true,"intentions":true,"door_open":true}`, `"score":100`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	b, _ = json.Marshal(Check("just checking in"))
	if !strings.Contains(string(b), `{"rule":"pestering","quote":"just checking in","advice":`) {
		t.Errorf("JSON %s lacks the pestering finding", b)
	}
}

func TestLintRuleNames(t *testing.T) {
	names := RuleNames()
	want := []string{RulePestering, RuleGuilt, RuleCounting, RulePressure, RuleTracking, RuleOverTheirHead,
		RuleAssumesReason, RuleBreakupSnark, RuleThirdPerson, RuleResentLink, RuleSeveralAsks, RuleTooLong,
		RuleTone, RuleEmpty}
	if !slices.Equal(names, want) {
		t.Errorf("RuleNames() = %v, want %v", names, want)
	}
	snake := regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	for _, n := range names {
		if !snake.MatchString(n) {
			t.Errorf("rule id %q is not snake_case", n)
		}
	}
	names[0] = "changed"
	if RuleNames()[0] != RulePestering {
		t.Error("LintRuleNames returns shared storage")
	}
}

// eachPattern calls f for every phrase line of phrases.txt, with its
// section and its word classes substituted.
func eachPattern(t *testing.T, f func(line int, sec output, pat string)) {
	t.Helper()
	classes := map[string]string{}
	var sec output
	combining := false
	tb := &table{cues: map[string]uint8{}}
	for n, line := range strings.Split(phraseFile, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "advice:"):
		case classDef.MatchString(line):
			name, def, _ := strings.Cut(line[1:], "=")
			body, err := substituteClasses(strings.TrimSpace(def), classes)
			if err != nil {
				t.Fatal(err)
			}
			classes[strings.TrimSpace(name)] = "{" + splitTop(body) + "}"
		case strings.HasPrefix(line, "["):
			o, c, err := tb.parseSection(line)
			if err != nil {
				t.Fatal(err)
			}
			sec, combining = o, c
		case combining:
		default:
			pat, err := substituteClasses(line, classes)
			if err != nil {
				t.Fatal(err)
			}
			f(n+1, sec, pat)
		}
	}
}

// sample picks one alternative of every group, choosing with pick.
func sample(p string, pick func(n int) int) string {
	i := strings.IndexByte(p, '{')
	if i < 0 {
		return p
	}
	depth, last := 0, i+1
	var alts []string
	for j := i; j < len(p); j++ {
		switch p[j] {
		case '{':
			depth++
		case '|':
			if depth == 1 {
				alts = append(alts, p[last:j])
				last = j + 1
			}
		case '}':
			if depth--; depth == 0 {
				alts = append(alts, p[last:j])
				return sample(p[:i]+alts[pick(len(alts))]+p[j+1:], pick)
			}
		}
	}
	return p
}

// TestEveryPhraseMatchesItself guards the phrase file: phrases drawn from
// every line (its first and last alternatives and a few at random), checked
// on their own, must be found as their own kind. A typo that makes a line
// unmatchable (a stray apostrophe, a word glued to a group) fails here.
func TestEveryPhraseMatchesItself(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	picks := []func(int) int{
		func(int) int { return 0 },
		func(n int) int { return n - 1 },
		func(n int) int { return rng.IntN(n) },
		func(n int) int { return rng.IntN(n) },
		func(n int) int { return rng.IntN(n) },
	}
	lines, checked := 0, 0
	eachPattern(t, func(line int, sec output, pat string) {
		lines++
		for _, pick := range picks {
			phrase := sample(pat, pick)
			phrase = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(phrase, "^ "), " $"))
			for _, gap := range []string{"", "quite honestly"} {
				text := strings.ReplaceAll(phrase, "...", gap)
				if strings.TrimSpace(text) == "" {
					continue
				}
				checked++
				s := pool.Get().(*scratch)
				s.reset(phrases(), text)
				s.tokenize()
				if len(s.toks) > 0 {
					s.matchFrom(0)
				}
				ok := false
				for _, m := range s.matches {
					ok = ok || m.kind == sec.kind && m.flags == sec.flags && m.cue == sec.cue && int(m.end) == len(s.toks)
				}
				pool.Put(s)
				if !ok {
					t.Errorf("phrases.txt line %d: %q does not match itself", line, text)
				}
			}
		}
	})
	if lines < 300 || checked < 2000 {
		t.Errorf("only %d lines and %d phrases checked; the file looks truncated", lines, checked)
	}
}

func TestLintExpand(t *testing.T) {
	tests := []struct {
		pat  string
		want []string
	}{
		{"plain", []string{"plain"}},
		{"{a|b} c", []string{"a c", "b c"}},
		{"x{ y|}", []string{"x y", "x"}},
		{"{a|b {c|d}}!", []string{"a!", "b c!", "b d!"}},
	}
	for _, tt := range tests {
		if got := expand(tt.pat); !slices.Equal(got, tt.want) {
			t.Errorf("expand(%q) = %q, want %q", tt.pat, got, tt.want)
		}
	}
}

// TestLintConcurrent shares the pooled buffers and the lazily built phrase
// trie between goroutines; run with -race.
func TestLintConcurrent(t *testing.T) {
	texts := []string{lintHonestNote, lintReversalNote, lintCurlyNote, "Just checking in. Any update?",
		strings.Repeat("We built our platform for teams. ", 50), "\xff asap"}
	want := make([]Report, len(texts))
	for i, text := range texts {
		want[i] = Check(text)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 50 {
				i := (g + k) % len(texts)
				if got := Check(texts[i]); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("concurrent Check(%.30q) = %+v, want %+v", texts[i], got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

// The guidance's reversal ("unless I hear back, I'll assume you've moved on")
// is an honest step back, not a presumption; a bare assumption still is.
func TestLintConditionalAssumption(t *testing.T) {
	honest := []string{
		"It may no longer be on your radar, so unless I hear back I'll assume you've moved on. If that's not the case, I'd love to keep talking.",
		"I'll assume you've moved on. If I'm wrong, I'd genuinely like to hear it.",
		"I take it you have gone another way, unless you tell me otherwise.",
	}
	for _, m := range honest {
		for _, f := range Check(m).Findings {
			if f.Rule == RuleAssumesReason {
				t.Errorf("conditional step back flagged: %q", m)
			}
		}
	}
	for _, m := range []string{"I'll assume you're not interested then.", "I take it you have moved on. Good luck with everything."} {
		var flagged bool
		for _, f := range Check(m).Findings {
			flagged = flagged || f.Rule == RuleAssumesReason
		}
		if !flagged {
			t.Errorf("bare assumption not flagged: %q", m)
		}
	}
}
