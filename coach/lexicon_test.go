package coach

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// diagnoseStory reads a story the way Start does.
func diagnoseStory(story string) Diagnosis {
	clean, _ := CleanStory(story)
	return Diagnose(clean, ExtractFacts(clean, now), nil)
}

func citesIn(list []string, words string) bool {
	for _, e := range list {
		if strings.Contains(strings.ToLower(e), strings.ToLower(words)) {
			return true
		}
	}
	return false
}

func TestLexiconParses(t *testing.T) {
	l, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Reasons {
		n := 0
		for _, c := range l.reasons.cues {
			if c.group == string(r.ID) && c.weight > 0 {
				n++
			}
		}
		if n < 20 {
			t.Errorf("%s has %d cues for it; a sales manager reads far more signals than that", r.ID, n)
		}
	}
	for _, q := range Bank() {
		for _, o := range q.Options {
			if _, ok := l.answers[q.ID]; !ok {
				t.Errorf("question %s has no answer phrases in answers.txt", q.ID)
				break
			}
			_ = o
		}
	}
}

func TestLexiconRejectsBrokenLines(t *testing.T) {
	for _, src := range []string{
		"[value]\n1.0 {unclosed group",
		"[value]\n1.0 nested {a|{b|c}}",
		"[value]\n1.0 .. starts with a gap",
		"[value]\n1.0 <cap> first",
		"[value]\n1.0 ab* short stem",
		"[nonsense]\n1.0 words",
		"1.0 before any section",
		"[value]\n1.0 uses $UNKNOWN list",
		"[answer q opt]\n#5-1",
		"[timing]\n1.0 not a blocker @dismiss",
	} {
		l, err := loadLexicon()
		if err != nil {
			t.Fatal(err)
		}
		if err := l.parse("reasons.txt", src); err == nil && !strings.HasPrefix(src, "[answer") {
			t.Errorf("%q parsed without error", src)
		}
		if strings.HasPrefix(src, "[answer") {
			if err := l.parse("answers.txt", src); err == nil {
				t.Errorf("%q parsed without error", src)
			}
		}
	}
}

func TestTokenizeReadsContractionsAndQuotes(t *testing.T) {
	ws := tokenize("She didnt reply. they're \"happy\" with it;\n> we know this")
	var got []string
	for _, w := range ws {
		if w.brk == brkNone {
			got = append(got, w.text)
		}
	}
	want := "she did not reply they are happy with it we know this"
	if strings.Join(got, " ") != want {
		t.Fatalf("words %q, want %q", strings.Join(got, " "), want)
	}
	for _, w := range ws {
		switch w.text {
		case "happy", "we", "know":
			if !w.quoted {
				t.Errorf("%q should read as quoted", w.text)
			}
		case "reply", "with":
			if w.quoted {
				t.Errorf("%q should not read as quoted", w.text)
			}
		}
	}
}

// Negations count against a reason, not for it.
func TestDiagnoseNegation(t *testing.T) {
	tests := []struct {
		name            string
		for_, against   string
		reason          ReasonID
		againstMentions string
	}{
		{"price", "The price was the issue, she said.", "Price was not an issue, she said.", Value, "price"},
		{"budget thing", "It's a budget thing, she said.", "It's not a budget thing, she said.", Timing, "budget"},
		{"decision maker", "She's not the decision maker.", "She IS the decision maker.", Interest, "decision maker"},
		{"locked in", "They're locked into a contract.", "They're not locked into anything.", Timing, "locked"},
		{"timing", "Bad timing for them.", "Timing's fine for them.", Timing, "timing"},
		{"no issues with", "Pricing was a concern for them.", "No issues with pricing at all.", Value, "pricing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pro, con := diagnoseStory(tt.for_), diagnoseStory(tt.against)
			if pro.Of(tt.reason).Score <= con.Of(tt.reason).Score {
				t.Errorf("%s: %q scores %.2f, its negation %q scores %.2f", tt.reason, tt.for_, pro.Of(tt.reason).Score, tt.against, con.Of(tt.reason).Score)
			}
			if citesIn(con.Of(tt.reason).Evidence, tt.againstMentions) {
				t.Errorf("%q cited as evidence for %s: %q", tt.against, tt.reason, con.Of(tt.reason).Evidence)
			}
			if !citesIn(con.Of(tt.reason).Against, tt.againstMentions) {
				t.Errorf("%q not cited against %s: %q", tt.against, tt.reason, con.Of(tt.reason).Against)
			}
		})
	}
	// "Happy with the demo" is no sign of a comfortable status quo;
	// "happy with their current vendor" is.
	if d := diagnoseStory("She was happy with the demo, then went quiet."); len(d.Of(StatusQuo).Evidence) > 0 {
		t.Errorf("happy with the demo read as status quo: %q", d.Of(StatusQuo).Evidence)
	}
	if d := diagnoseStory("They're happy with their current vendor."); d.Top().ID != StatusQuo {
		t.Errorf("happy with their current vendor: top %s", d.Top().ID)
	}
	// A negation before an unrelated phrase does not reach the cue.
	if d := diagnoseStory("No reply since the reorg was announced."); d.Top().ID != Priorities {
		t.Errorf("no reply since the reorg: top %s, %v", d.Top().ID, d.Reasons[:2])
	}
}

// The rep's own actions are no evidence about the prospect; pushy ones are
// evidence of tactics.
func TestDiagnoseRepActions(t *testing.T) {
	quiet := []struct {
		story  string
		reason ReasonID
	}{
		{"I sent an ROI note after the call.", Value},
		{"I offered a discount last week.", Tactics},
		{"We discussed pricing and the budget timeline.", Timing},
		{"I walked them through our renewal terms.", Timing},
	}
	for _, tt := range quiet {
		// The rep's words are quoted for no reason, by the cues or the
		// model; value may still lead, on its prior alone.
		d := diagnoseStory(tt.story)
		for _, s := range d.Reasons {
			if ev := strings.Join(s.Evidence, ""); ev != "" && !strings.HasPrefix(ev, "no clearer signal") {
				t.Errorf("%q gave %s evidence: %q", tt.story, s.ID, s.Evidence)
			}
		}
		// The cues alone fall back on value's prior.
		if d := diagnoseWith(nil, nil, 0, tt.story, ExtractFacts(tt.story, now), nil); !strings.HasPrefix(strings.Join(d.Of(Value).Evidence, ""), "no clearer signal") {
			t.Errorf("%q gave value evidence: %q", tt.story, d.Of(Value).Evidence)
		}
	}
	loud := []struct {
		story  string
		reason ReasonID
		cites  string
	}{
		{"I offered a discount that expires Friday.", Tactics, "expires"},
		{"I bumped the thread three times this week.", Tactics, "bumped"},
		{"I cc'd her boss on the last email.", Tactics, "boss"},
		{"I sent the proposal and she said the price was too high.", Value, "too high"},
		{"She said 'I just don't see what changes for us'.", Value, "see what changes"},
	}
	for _, tt := range loud {
		d := diagnoseStory(tt.story)
		if d.Top().ID != tt.reason || !citesIn(d.Top().Evidence, tt.cites) {
			t.Errorf("%q: top %s %q, want %s citing %q", tt.story, d.Top().ID, d.Top().Evidence, tt.reason, tt.cites)
		}
	}
}

// value leads a story only when nothing else speaks; any real signal for
// another reason wins over the prior.
func TestValueDoesNotWinByDefault(t *testing.T) {
	for story, want := range map[string]ReasonID{
		"They are going through a restructuring.":                       Priorities,
		"The regulator opened an inquiry into their lending book.":      Priorities,
		"Our champion left the company in October.":                     Interest,
		"Their renewal price doubled and the CFO balked.":               Value,
		"She said it's the same stuff our competitors send.":            Insights,
		"He said the current setup mostly works and nobody complained.": StatusQuo,
		"My last email asked 'should I close your file?'":               Tactics,
		"went quiet": Value,
	} {
		if d := diagnoseStory(story); d.Top().ID != want {
			t.Errorf("%q: top %s (%.2f) %q, want %s", story, d.Top().ID, d.Top().Score, d.Top().Evidence, want)
		}
	}
}

// A story with two reasons has both in the top two, whichever leads.
func TestDiagnoseTwoReasons(t *testing.T) {
	tests := []struct {
		story string
		want  [2]ReasonID
	}{
		{"Budget is frozen until Q3, and honestly they're happy with their spreadsheets.", [2]ReasonID{Timing, StatusQuo}},
		{"She's not the decision maker, and my follow-ups were the same pitch every vendor sends.", [2]ReasonID{Interest, Insights}},
		{"They're mid-acquisition, and I kept calling her every day about our end-of-quarter discount.", [2]ReasonID{Priorities, Tactics}},
	}
	for _, tt := range tests {
		d := diagnoseStory(tt.story)
		top2 := map[ReasonID]bool{d.Reasons[0].ID: true, d.Reasons[1].ID: true}
		if !top2[tt.want[0]] || !top2[tt.want[1]] {
			t.Errorf("%q: top two %s, %s; want %s and %s", tt.story, d.Reasons[0].ID, d.Reasons[1].ID, tt.want[0], tt.want[1])
		}
	}
}

// Every score's evidence quotes the user's own words.
func TestEvidenceQuotesTheStory(t *testing.T) {
	story := "Priya said the ROI wasn't clear to her CFO. They're also mid-reorg, and she's on parental leave from March."
	d := diagnoseStory(story)
	for _, s := range d.Reasons {
		for _, e := range append(append([]string{}, s.Evidence...), s.Against...) {
			if strings.HasPrefix(e, "no clearer signal") {
				continue
			}
			if !strings.Contains(story, strings.TrimSuffix(e, "…")) && !strings.Contains(e, "(about ") {
				t.Errorf("%s evidence %q is not the story's words", s.ID, e)
			}
		}
	}
}

// An answer counts only for its own question: "she inherited the budget",
// typed in reply to who decides, must not turn a reorg story into timing.
func TestAnswersScoredOnlyAgainstTheirQuestion(t *testing.T) {
	story := "They announced a big reorg last month and Dana went quiet."
	f := ExtractFacts(story, now)
	before := Diagnose(story, f, nil)
	if before.Top().ID != Priorities {
		t.Fatalf("top %s", before.Top().ID)
	}
	answers := []Answer{{QuestionID: "interest-owner", Reason: Interest, Text: "she inherited the budget, so she decides"}}
	after := Diagnose(story, f, answers)
	if after.Top().ID != Priorities {
		t.Errorf("after the answer: top %s %v", after.Top().ID, after.Reasons[:3])
	}
	if after.Of(Timing).Score > before.Of(Timing).Score {
		t.Errorf("an answer about who decides moved timing: %.2f -> %.2f", before.Of(Timing).Score, after.Of(Timing).Score)
	}
	if after.Of(Interest).Score >= before.Of(Interest).Score {
		t.Errorf("'she decides' should lower interest: %.2f -> %.2f", before.Of(Interest).Score, after.Of(Interest).Score)
	}
	// A free-text answer that names no option is read for its own
	// question's reason only.
	note := []Answer{{QuestionID: "priorities-rank", Reason: Priorities, Text: "their CFO thinks the price doubled and they're locked in anyway"}}
	got := Diagnose(story, f, note)
	if got.Of(Value).Score != before.Of(Value).Score || got.Of(Timing).Score != before.Of(Timing).Score {
		t.Errorf("an answer to a priorities question moved value or timing: %v", got.Reasons)
	}
}

// The phrase index only skips work: it finds exactly what trying every
// rule at every word finds.
func TestPhraseIndexFindsWhatEveryRuleFinds(t *testing.T) {
	stories := []string{story2K}
	for _, name := range []string{"diagnosis_dev.jsonl", "diagnosis_dev2.jsonl", "diagnosis_author.jsonl"} {
		for _, c := range loadDiagnosisCases(t, filepath.Join("testdata", "eval", name)) {
			stories = append(stories, c.Story)
		}
	}
	sets := []*phraseSet{lex.reasons, lex.generic, lex.insight}
	for _, ps := range lex.answers {
		sets = append(sets, ps)
	}
	for _, story := range stories {
		ws := tokenize(apostrophes.Replace(story))
		ids := lex.vocab.number(ws)
		for _, ps := range sets {
			var want []phraseMatch
			buf := make([][]slotEnd, ps.maxSlots)
			for i := range ws {
				if ws[i].brk != brkNone {
					continue
				}
				for _, r := range ps.rules {
					if e, neg := r.matchAt(ws, ids, i, 0, buf); e > i {
						want = append(want, phraseMatch{r.cue, i, e, neg})
					}
				}
			}
			got := ps.all(ws)
			if !slices.Equal(got, want) {
				t.Fatalf("index found %d matches, every rule %d, in %q", len(got), len(want), clip(story, 80))
			}
		}
	}
}

func TestTokenizeRunsOnAfterTitlesAndShortForms(t *testing.T) {
	for text, want := range map[string]string{
		"They laid off half the exec team incl. my sponsor. Then silence": "they laid off half the exec team incl my sponsor | then silence",
		"Ms. Okonkwo said e.g. the audit. Nothing since":                  "ms okonkwo said e g the audit | nothing since",
		"We met Dr. Lee. She left.":                                       "we met dr lee | she left |",
		"Budget is set etc. Then she went quiet":                          "budget is set etc | then she went quiet",
	} {
		var got []string
		for _, w := range tokenize(text) {
			switch w.brk {
			case brkHard:
				got = append(got, "|")
			case brkNone:
				got = append(got, w.text)
			}
		}
		if g := strings.Join(got, " "); g != want {
			t.Errorf("%q read as %q, want %q", text, g, want)
		}
	}
}

func TestInflections(t *testing.T) {
	for verb, want := range map[string][]string{
		"connect": {"connect", "connects", "connected", "connecting"},
		"use":     {"use", "uses", "used", "using"},
		"stop":    {"stop", "stops", "stopped", "stopping"},
		"reply":   {"reply", "replies", "replied", "replying"},
		"push":    {"push", "pushes", "pushed", "pushing"},
	} {
		got := inflections(verb)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("inflections(%q) = %v, missing %q", verb, got, w)
			}
		}
	}
}

// phraseWeight parses one reasons.txt section into lexicon l, in place of
// its reason cues, and reports the weight its cues give text, read as a
// story is read.
func phraseWeight(t *testing.T, l *lexicon, section, text string) (float64, bool) {
	t.Helper()
	l.reasons = newPhraseSet(l.vocab)
	if err := l.parse("reasons.txt", section); err != nil {
		t.Fatal(err)
	}
	ws := tokenize(apostrophes.Replace(text))
	var sum float64
	found := false
	for _, m := range l.reasons.find(ws) {
		if w, ok := matchWeight(ws, m); ok {
			sum += w
			found = true
		}
	}
	return sum, found
}

func TestPhraseSyntax(t *testing.T) {
	tests := []struct {
		section, text string
		want          float64 // 0: no match
	}{
		// word~ is the verb's forms.
		{"[value]\n1.0 never connect~ it", "she never connected it to her problem", 1},
		{"[value]\n1.0 {did not|never} connect~ it", "I never connecting it", 1},
		// <end> is the end of a clause, not a word.
		{"[status_quo]\n1.0 our .. works <end>", "she said our bookkeeping works, we're used to it", 1},
		{"[status_quo]\n1.0 our .. works <end>", "our bookkeeping works with Xero now", 0},
		{"[status_quo]\n1.0 our .. works <end>", "she said our bookkeeping works", 1},
		// A detached 's reads as the story reads it, after a noun or a pronoun.
		{"[interest]\n1.0 $BOSS 's call", "it's the manager's call", 1},
		{"[interest]\n1.0 see what 's out there", "he likes to see what's out there", 1},
		// A negated cue counts the other way, weaker; @either not at all.
		{"[insights]\n1.0 anything specific to them", "I didn't bring anything specific to them", -negatedFactor},
		{"[insights]\n1.0 anything specific to them @either", "I didn't bring anything specific to them", 1},
	}
	l, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		got, found := phraseWeight(t, l, tt.section, tt.text)
		if tt.want == 0 && found || tt.want != 0 && (!found || math.Abs(got-tt.want) > 1e-9) {
			t.Errorf("%q on %q: weight %v (found %v), want %v", tt.section, tt.text, got, found, tt.want)
		}
	}
}

func TestHintsAreWeakAndCapped(t *testing.T) {
	l, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.parse("reasons.txt", "[value hints]\n0.9 heavy"); err == nil {
		t.Error("a hint heavier than the cap parsed")
	}
	if err := l.parse("reasons.txt", "[value hints]\n-0.1 against"); err == nil {
		t.Error("a hint against its reason parsed")
	}
	// One hint word is enough to lean a story no phrase speaks for.
	if d := diagnoseStory("She went quiet. Their whole process runs on a mainframe."); d.Top().ID != StatusQuo {
		t.Errorf("a status quo hint did not lead a story without phrases: %v", d.Reasons[:2])
	}
	// Many hint words never outweigh one phrase.
	d := diagnoseStory("Mainframe, kludgy, on-prem, ingrained, tradition, comfort. Anyway, she's not the decision maker.")
	if d.Top().ID != Interest {
		t.Errorf("hints outweighed a phrase: %v", d.Reasons[:2])
	}
	// The cap holds for the cues; the reason model adds its own weight.
	d = diagnoseWith(nil, nil, 0, "Mainframe, kludgy, on-prem, ingrained, tradition, comfort. Anyway, she's not the decision maker.", Facts{}, nil)
	if got, want := d.Of(StatusQuo).Score, math.Round((1-math.Exp(-(priors[reasonIndex(StatusQuo)]+hintCap)))*100)/100; got > want {
		t.Errorf("status quo hints scored %.2f, above their cap's %.2f", got, want)
	}
	// A negated hint says nothing against its reason.
	if d := diagnoseStory("It's not the mainframe. She went quiet."); len(d.Of(StatusQuo).Against) > 0 {
		t.Errorf("a negated hint counted against: %q", d.Of(StatusQuo).Against)
	}
}
