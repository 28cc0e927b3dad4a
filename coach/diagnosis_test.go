package coach

import (
	"slices"
	"strings"
	"testing"
)

func TestDiagnoseRanksLeadingReason(t *testing.T) {
	tests := []struct {
		story string
		want  ReasonID
		cites string // a word the leading reason's evidence must contain
	}{
		{"they signed a 2-year contract with a competitor last spring", Timing, "contract"},
		{"She said the demo was nice but she's not the decision maker; her boss has to sign off.", Interest, "decision maker"},
		{"They're in the middle of an acquisition and a reorg, everything is on hold.", Priorities, "acquisition"},
		{"He said their spreadsheets work fine and switching would be a hassle.", StatusQuo, "hassle"},
		{"I sent the same pitch three times; he said he'd heard it before from every other vendor.", Insights, "heard it before"},
		{"I've bumped the thread every day and offered a discount with a deadline. Followed up 6 times.", Tactics, "bump"},
		{"She nodded politely through the demo, asked no questions, and said it was a nice to have.", Value, "nice to have"},
		{"they went quiet", Value, "value"},
	}
	for _, tt := range tests {
		t.Run(string(tt.want), func(t *testing.T) {
			f := ExtractFacts(tt.story, now)
			d := Diagnose(tt.story, f, nil)
			if len(d.Reasons) != len(Reasons) {
				t.Fatalf("got %d reasons, want all %d", len(d.Reasons), len(Reasons))
			}
			top := d.Top()
			if top.ID != tt.want {
				t.Fatalf("top = %s (%.2f), want %s; ranking %v", top.ID, top.Score, tt.want, d.Reasons)
			}
			if !strings.Contains(strings.ToLower(strings.Join(top.Evidence, " | ")), tt.cites) {
				t.Errorf("evidence %q does not cite %q", top.Evidence, tt.cites)
			}
			for i, s := range d.Reasons {
				if s.Score < 0 || s.Score > 1 {
					t.Errorf("score %v out of 0..1", s)
				}
				if i > 0 && s.Score > d.Reasons[i-1].Score {
					t.Errorf("not sorted at %d: %v", i, d.Reasons)
				}
			}
		})
	}
}

func TestDiagnoseIsDeterministic(t *testing.T) {
	story := "Dana at Acme went quiet. Budget freeze until Q3, and they are happy with the incumbent."
	f := ExtractFacts(story, now)
	first := Diagnose(story, f, nil)
	for range 20 {
		got := Diagnose(story, f, nil)
		for i := range got.Reasons {
			if got.Reasons[i].ID != first.Reasons[i].ID || got.Reasons[i].Score != first.Reasons[i].Score {
				t.Fatalf("run differs: %v vs %v", got.Reasons, first.Reasons)
			}
		}
	}
}

func TestAnswersMoveTheDiagnosis(t *testing.T) {
	story := "Dana went quiet after our second call."
	f := ExtractFacts(story, now)
	before := Diagnose(story, f, nil)
	q, _ := QuestionByID("interest-owner")
	answers := []Answer{{QuestionID: q.ID, Reason: q.Reason, Option: "other", Text: "Someone else"}}
	after := Diagnose(story, f, answers)
	if after.Top().ID != Interest {
		t.Fatalf("choosing 'someone else decides' should make interest lead, got %v", after.Reasons)
	}
	if after.Of(Interest).Score <= before.Of(Interest).Score {
		t.Fatalf("interest did not rise: %.2f -> %.2f", before.Of(Interest).Score, after.Of(Interest).Score)
	}
	// The same answer typed as free text counts like the button.
	typed := Diagnose(story, f, []Answer{{QuestionID: "timing-contract", Reason: Timing, Text: "yes, locked in until 2028"}})
	if typed.Top().ID != Timing {
		t.Fatalf("typed yes to the contract question should make timing lead, got %v", typed.Reasons)
	}
	var cited bool
	for _, e := range typed.Top().Evidence {
		cited = cited || strings.HasPrefix(e, "you said") || strings.HasPrefix(e, "answered")
	}
	if !cited {
		t.Errorf("answer not cited as evidence: %q", typed.Top().Evidence)
	}
}

func TestNextQuestionSplitsLeaders(t *testing.T) {
	story := "They have a budget freeze and they're happy with the current vendor."
	deal := Deal{Story: story, Facts: ExtractFacts(story, now)}
	deal.Diagnosis = Diagnose(story, deal.Facts, nil)
	d := deal.Diagnosis
	var reasons []ReasonID
	for {
		q, ok := NextQuestion(deal)
		if !ok {
			break
		}
		deal.Asked = append(deal.Asked, q.ID)
		reasons = append(reasons, q.Reason)
	}
	asked := deal.Asked
	if len(asked) < MinQuestions || len(asked) > MaxQuestions {
		t.Fatalf("asked %d questions, want %d..%d", len(asked), MinQuestions, MaxQuestions)
	}
	// The first two questions go to the two different leading reasons.
	if reasons[0] == reasons[1] {
		t.Fatalf("first two questions both about %s: %v", reasons[0], asked)
	}
	top2 := map[ReasonID]bool{d.Reasons[0].ID: true, d.Reasons[1].ID: true}
	if !top2[reasons[0]] || !top2[reasons[1]] {
		t.Fatalf("questions %v do not target the leaders %s, %s", reasons, d.Reasons[0].ID, d.Reasons[1].ID)
	}
}

func TestQuestionBankCoversEveryReason(t *testing.T) {
	per := map[ReasonID]int{}
	ids := map[string]bool{}
	for _, q := range Bank() {
		if ids[q.ID] {
			t.Errorf("duplicate question id %q", q.ID)
		}
		ids[q.ID] = true
		if _, ok := ReasonByID(q.Reason); !ok {
			t.Errorf("question %q has unknown reason %q", q.ID, q.Reason)
		}
		per[q.Reason]++
		for _, o := range q.Options {
			for id := range o.Shift {
				if _, ok := ReasonByID(id); !ok {
					t.Errorf("question %q option %q shifts unknown reason %q", q.ID, o.Value, id)
				}
			}
		}
	}
	for _, r := range Reasons {
		if per[r.ID] < 2 {
			t.Errorf("reason %s has %d questions, want several", r.ID, per[r.ID])
		}
	}
}

// A pasted thread is read by author: the rep's own emails are the rep's
// action (their bumps count as tactics, their words about the prospect's
// priorities do not), and in the prospect's reply, "I" is the prospect.
func TestDiagnoseReadsPastedMessages(t *testing.T) {
	story := "My last emails to Dawn, none answered:\n\n" +
		"Nov 2: Hi Dawn, following up on the proposal. Let me know!\n\n" +
		"Nov 6: Hi Dawn, just bumping this up your inbox :)\n\n" +
		"Nov 11: Hi Dawn, I haven't heard back so I'll assume this isn't a priority. Next year could be a better time?\n\n" +
		"On our only call she asked what it would add to their revenue and I never came back with numbers."
	d := diagnoseStory(story)
	if len(d.Of(Priorities).Evidence) > 0 || len(d.Of(Timing).Evidence) > 0 {
		t.Errorf("the rep's own emails read as the prospect's situation: priorities %q, timing %q", d.Of(Priorities).Evidence, d.Of(Timing).Evidence)
	}
	if !citesIn(d.Of(Tactics).Evidence, "bumping") {
		t.Errorf("the rep's bump is not tactics evidence: %q", d.Of(Tactics).Evidence)
	}
	top2 := map[ReasonID]bool{d.Reasons[0].ID: true, d.Reasons[1].ID: true}
	if !top2[Tactics] || !top2[Value] {
		t.Errorf("top two %s, %s; want tactics and value", d.Reasons[0].ID, d.Reasons[1].ID)
	}

	thread := "Pasting the thread:\n\n" +
		"From: Maarten Dekker <m.dekker@celvion.nl>\nTo: Yara Smit\nSubject: RE: monitoring\n\n" +
		"Hi Yara,\n\nI showed our CFO the quote, far too expensive for what it does.\n\nKind regards,\nMaarten\n\n" +
		"From: Yara Smit\nTo: Maarten Dekker\nSubject: RE: monitoring\n\n" +
		"Hi Maarten,\n\nThanks! Happy to walk you through the timing of our next release.\n\nBest,\nYara\n\n" +
		"-- nothing since."
	d = Diagnose(thread, Facts{Prospect: "Maarten Dekker", FollowUps: -1, DaysSilent: -1}, nil)
	if d.Top().ID != Value || !citesIn(d.Top().Evidence, "too expensive") {
		t.Errorf("the prospect's own 'I showed our CFO' was read as the rep's action: %v", d.Reasons[:2])
	}
	if len(d.Of(Timing).Evidence) > 0 {
		t.Errorf("the rep's reply read as the prospect's timing: %q", d.Of(Timing).Evidence)
	}
}

func TestMessageAuthors(t *testing.T) {
	text := "Raj Pillai  10:12 AM\nHi Deepa, we help hotels hire faster.\n\nDeepa Menon  6:45 PM\nHi Raj, thanks. Sure.\n\n" +
		"Raj Pillai  6:50 PM\nGreat! Does Thursday work?\n\n-- she never answered."
	ms := findMessages(splitLines(text))
	if len(ms) != 3 {
		t.Fatalf("found %d messages, want 3: %+v", len(ms), ms)
	}
	// Whoever greets the prospect is the rep, in every message they wrote.
	for _, prospect := range []string{"deepa", ""} {
		got := messageAuthors(ms, prospect)
		want := []author{authorRep, authorProspect, authorRep}
		if prospect == "" {
			// Deepa is greeted once only: no name is sure enough.
			want = []author{authorUnknown, authorUnknown, authorUnknown}
		}
		if !slices.Equal(got, want) {
			t.Errorf("prospect %q: authors %v, want %v", prospect, got, want)
		}
	}
	// A story told to a manager ("Hi Sam, quick one") is no paste.
	if ms := findMessages(splitLines("Hi Sam, quick one: my prospect went quiet.\nShe said the price was too high.")); len(messageAuthors(ms, "")) > 0 && messageAuthors(ms, "")[0] != authorUnknown {
		t.Errorf("a note to a manager was read as a pasted message")
	}
}

// Negation reaches a whole clause after "don't think" or "not that", and a
// negation inside an if-clause denies nothing.
func TestDiagnoseClauseNegation(t *testing.T) {
	for _, tt := range []struct {
		story  string
		reason ReasonID
	}{
		{"I don't think it's a budget thing, she went quiet after the demo.", Timing},
		{"It's not that she doesn't see the point. She went quiet.", Value},
		{"She never said the price was too high.", Value},
	} {
		d := diagnoseStory(tt.story)
		if len(d.Of(tt.reason).Evidence) > 0 {
			t.Errorf("%q: counted for %s: %q", tt.story, tt.reason, d.Of(tt.reason).Evidence)
		}
		if len(d.Of(tt.reason).Against) == 0 {
			t.Errorf("%q: not counted against %s", tt.story, tt.reason)
		}
	}
	// Wondering is no statement: "I don't know if it's her call" is no sign
	// that she decides.
	if d := diagnoseStory("I don't even know if hiring is her call."); len(d.Of(Interest).Against) > 0 {
		t.Errorf("a question read as a statement against interest: %q", d.Of(Interest).Against)
	}
	// "if he didn't commit by the 30th" is a threat, not a denial.
	d := diagnoseStory("I told him the price would go up 20% if he didn't commit by the 30th. He ghosted.")
	if d.Top().ID != Tactics || len(d.Of(Tactics).Against) > 0 {
		t.Errorf("a deadline inside an if-clause: top %s, tactics against %q", d.Top().ID, d.Of(Tactics).Against)
	}
}
