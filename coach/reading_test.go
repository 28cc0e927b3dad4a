package coach

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var readAt = time.Date(2026, 3, 24, 9, 0, 0, 0, time.UTC)

// inesStory reads as a chase to the lexicon ("kept chasing"); read whole,
// the board meeting in May is what holds it up.
const inesStory = "Kept chasing Ines at Velo Foods - two emails and a LinkedIn note - since the trial ended on Feb 20. " +
	"Their CFO wants to wait for the board in May."

// inesReading is a grounded model reading of inesStory.
func inesReading() Reading {
	return Reading{
		Prospect:   ReadText{"Ines", "Kept chasing Ines at Velo Foods"},
		Company:    ReadText{"Velo Foods", "Ines at Velo Foods"},
		FollowUps:  ReadCount{3, "two emails and a LinkedIn note"},
		DaysSilent: ReadCount{32, "since the trial ended on Feb 20"},
		Channel:    ReadText{"email", "two emails"},
		Dates:      []ReadDate{{Kind: DateEvent, Quote: "wait for the board in May", Date: "2026-05-31"}},
		Reasons: []ReadReason{
			{ID: "timing", Score: 0.85, Evidence: []string{"Their CFO wants to wait for the board in May"}},
			{ID: "tactics", Score: 0.3, Evidence: []string{"Kept chasing Ines"}},
			{ID: "value", Score: 0.1},
		},
		Ask:   []string{"timing-when", "priorities-rank"},
		Model: "gpt-test",
	}
}

// TestQuotesMatchAsTyped: a quote matches the story whatever the case,
// spacing, typographic quotes and dashes, full-width forms or invisible
// characters, and with "..." for a skipped middle; words the story does
// not hold never match.
func TestQuotesMatchAsTyped(t *testing.T) {
	story := foldForQuotes("Marcus said “we’re locked in with Acme”\u2014until\u00a0September.\n\nI emailed   him TWICE.")
	for _, tc := range []struct {
		quote string
		ok    bool
	}{
		{`we're locked in with Acme" - until September`, true},
		{"I EMAILED him twice", true},
		{"ＭＡＲＣＵＳ said", true},
		{"emailed\u2060 him", true},
		{"Marcus said ... until September", true},
		{"“we’re locked in with Acme”…until September.", true},
		{"until September ... Marcus said", false}, // out of order
		{"we are locked in with Acme", false},
		{"I called him twice", false},
		{"", false},
		{"...", false},
		{strings.Repeat("emailed him twice ", 20), false},
	} {
		if got := quoteProblem(story, tc.quote) == ""; got != tc.ok {
			t.Errorf("quote %q found = %v, want %v (%s)", tc.quote, got, tc.ok, quoteProblem(story, tc.quote))
		}
	}
}

// TestCheckReadingBounds: ids come from the fixed sets, numbers and dates
// are in range, a name is part of its quote; each failure is rejected on
// its own field, with a reason, and the rest is kept.
func TestCheckReadingBounds(t *testing.T) {
	r := inesReading()
	r.Prospect = ReadText{"Ines Duarte", "Kept chasing Ines"}      // the name is not in its quote
	r.Company = ReadText{"Velo Foods", "at Velo Foods"}            // fine
	r.FollowUps = ReadCount{120, "two emails and a LinkedIn note"} // out of range
	r.DaysSilent = ReadCount{-1, ""}                               // unknown: neither used nor rejected
	r.Channel = ReadText{"fax", "two emails"}
	r.Dates = append(r.Dates, ReadDate{Kind: "renewal", Quote: "board in May"}, ReadDate{Kind: DateBudget, Quote: "board in May", Date: "May 2026"},
		ReadDate{Kind: DateAudit, Quote: "board in May", Date: "2099-05-01"})
	r.Reasons = append(r.Reasons, ReadReason{ID: "budget", Score: 0.5}, ReadReason{ID: "timing", Score: 0.2}, ReadReason{ID: "insights", Score: 1.4})
	r.Ask = append(r.Ask, "ask-their-boss", "insight")
	c := CheckReading(inesStory, r, readAt)
	got := map[string]string{}
	for _, rj := range c.Rejected {
		got[rj.Field] = rj.Why
	}
	for field, why := range map[string]string{
		"prospect":        "not in its quote",
		"follow_ups":      "out of range",
		"channel":         "not email, linkedin, phone or text",
		"dates":           "not a date kind",
		"reason budget":   "not one of the seven",
		"reason timing":   "scored twice",
		"reason insights": "out of range",
		"ask":             "not one of our questions",
	} {
		if !strings.Contains(got[field], why) {
			t.Errorf("%s rejected with %q, want it to say %q", field, got[field], why)
		}
	}
	if !strings.Contains(got["dates"], "YYYY-MM-DD") || !strings.Contains(got["dates"], "2099-05-01 is out of range") {
		t.Errorf("dates rejected with %q", got["dates"])
	}
	if c.Prospect != nil || c.FollowUps != nil || c.Channel != nil || c.DaysSilent != nil {
		t.Errorf("rejected facts were kept: %+v", c)
	}
	if c.Company == nil || len(c.Dates) != 1 || len(c.Reasons) != 3 || !slices.Equal(c.Ask, []string{"timing-when", "priorities-rank"}) {
		t.Errorf("good parts lost: company %v dates %v reasons %v ask %v", c.Company, c.Dates, c.Reasons, c.Ask)
	}
	if c.Outcome() != ReadingPartlyUsed {
		t.Errorf("outcome %s", c.Outcome())
	}
	if CheckReading(inesStory, Reading{FollowUps: ReadCount{Value: -1}, DaysSilent: ReadCount{Value: -1}}, readAt).Outcome() != ReadingFellBack {
		t.Error("an empty reading is not a fallback")
	}
}

// TestStrongClaimsNeedQuotes: a reason scored high needs a quote from the
// story; a low score needs none.
func TestStrongClaimsNeedQuotes(t *testing.T) {
	r := inesReading()
	r.Reasons = []ReadReason{
		{ID: "priorities", Score: 0.7, Evidence: []string{"they are in the middle of a reorg"}},
		{ID: "status_quo", Score: 0.2},
	}
	c := CheckReading(inesStory, r, readAt)
	if len(c.Reasons) != 1 || c.Reasons[0].ID != StatusQuo {
		t.Errorf("reasons kept: %+v", c.Reasons)
	}
	if len(c.Rejected) != 1 || c.Rejected[0].Field != "reason priorities" {
		t.Errorf("rejected: %v", c.Rejected)
	}
}

// TestApplyReadingKeepsCorrections: a fact the owner corrected is never
// overwritten by a reading that arrives later; the other facts are.
func TestApplyReadingKeepsCorrections(t *testing.T) {
	d, _ := Start("d1", "T1", "U1", inesStory, readAt)
	name, days := "Inês", 40
	d, _, err := Correct(d, Correction{Prospect: &name, DaysSilent: &days}, readAt)
	if err != nil {
		t.Fatal(err)
	}
	d = ApplyReading(d, CheckReading(d.Story, inesReading(), readAt), readAt.Add(time.Second))
	if d.Facts.Prospect != "Inês" || d.Facts.Sources.Prospect != fixedSource || d.Facts.DaysSilent != 40 {
		t.Errorf("a correction was overwritten: %+v", d.Facts)
	}
	if d.Facts.Channel != "email" || d.Facts.Sources.Channel != "two emails" {
		t.Errorf("an uncorrected fact was not read: %q (%q)", d.Facts.Channel, d.Facts.Sources.Channel)
	}
}

// TestApplyReadingOnceAndNeverAfterADraft: a second reading changes
// nothing, nor does one that arrives after a draft was shown.
func TestApplyReadingOnceAndNeverAfterADraft(t *testing.T) {
	d, _ := Start("d1", "T1", "U1", inesStory, readAt)
	c := CheckReading(d.Story, inesReading(), readAt)
	once := ApplyReading(d, c, readAt)
	other := inesReading()
	other.FollowUps = ReadCount{2, "two emails"}
	if twice := ApplyReading(once, CheckReading(d.Story, other, readAt), readAt); twice.Facts.FollowUps != once.Facts.FollowUps {
		t.Errorf("a second reading was applied")
	}
	drafted := d
	drafted.Stage = StageDrafted
	if got := ApplyReading(drafted, c, readAt); got.Reading != nil || got.Diagnosis.Top().ID != d.Diagnosis.Top().ID {
		t.Errorf("a reading was applied after the draft")
	}
}

// TestReadingChangesTheLeadNextTurn: a reading that changes the leading
// reason after the first question leaves that question in place; the next
// turn opens with one line saying what changed, and the next question
// follows the new ranking (and the model's view of what is worth asking).
// The line is said once.
func TestReadingChangesTheLeadNextTurn(t *testing.T) {
	d, fx := Start("d1", "T1", "U1", inesStory, readAt)
	if d.Diagnosis.Top().ID != Tactics {
		t.Fatalf("the deterministic lead is %s; the test wants tactics", d.Diagnosis.Top().ID)
	}
	first := fx[len(fx)-1].(Ask).Question
	d = ApplyReading(d, CheckReading(d.Story, inesReading(), readAt), readAt)
	if d.Pending == nil || d.Pending.ID != first.ID {
		t.Fatalf("the pending question changed under the owner: %v", d.Pending)
	}
	if d.Diagnosis.Top().ID != Timing || !slices.Contains(d.Diagnosis.Top().Evidence, "Their CFO wants to wait for the board in May") {
		t.Fatalf("blended lead: %+v", d.Diagnosis.Top())
	}

	d, fx, err := Step(d, Input{Option: first.Options[0].Value}, readAt.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(fx) != 2 {
		t.Fatalf("effects %#v, want the news then a question", fx)
	}
	news, ok := fx[0].(Say)
	if !ok || !strings.Contains(news.Text, "best guess to “Bad timing”") || !strings.Contains(news.Text, "board in May") {
		t.Errorf("news = %#v", fx[0])
	}
	ask, ok := fx[1].(Ask)
	if !ok || ask.Question.ID != "timing-when" {
		t.Errorf("next question %#v, want the model's timing-when", fx[1])
	}

	_, fx, err = Step(d, Input{Option: ask.Question.Options[1].Value}, readAt.Add(2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range fx {
		if s, ok := e.(Say); ok && strings.Contains(s.Text, "best guess") {
			t.Errorf("the news was told twice: %q", s.Text)
		}
	}
}

// TestReadingPastTheCadenceGuard: a reading that counts five unanswered
// follow-ups where the keyword reader counted four ends the questions: the
// next turn says why and writes the closing note.
func TestReadingPastTheCadenceGuard(t *testing.T) {
	const story = "Since the demo I've chased Tom at Acme four times by email, and once more in person at his office last Friday, left a card. Not a word back."
	d, _ := Start("d1", "T1", "U1", story, readAt)
	if d.Facts.FollowUps != 4 || d.Stage != StageAsking {
		t.Fatalf("deterministic reading %d follow-ups, stage %s", d.Facts.FollowUps, d.Stage)
	}
	d = ApplyReading(d, CheckReading(d.Story, Reading{
		FollowUps:  ReadCount{5, "four times by email, and once more in person at his office"},
		DaysSilent: ReadCount{Value: -1},
	}, readAt), readAt)
	asked := len(d.Asked)
	d, fx, err := Step(d, Input{Text: "not sure"}, readAt)
	if err != nil {
		t.Fatal(err)
	}
	w, ok := fx[len(fx)-1].(WriteDraft)
	if !ok || w.Request.Mode != ModeClosing || d.Stage != StageDrafting || d.Pending != nil {
		t.Fatalf("effects %#v, stage %s: want the closing note", fx, d.Stage)
	}
	if len(d.Asked) != asked {
		t.Errorf("a question that was never shown counts as asked: %v", d.Asked)
	}
	if s, ok := fx[0].(Say); !ok || !strings.Contains(s.Text, "5 unanswered") {
		t.Errorf("the news does not show the new count: %#v", fx[0])
	}
}

// TestBlendKeepsAnswersAndEvidence: with a reading, answers still move the
// diagnosis as far as they move the deterministic one, and each reason
// cites the model's quotes first, then the deterministic evidence.
func TestBlendKeepsAnswersAndEvidence(t *testing.T) {
	d, _ := Start("d1", "T1", "U1", inesStory, readAt)
	d = ApplyReading(d, CheckReading(d.Story, inesReading(), readAt), readAt)
	before := d.Diagnosis.Of(Interest).Score
	d.Answers = append(d.Answers, Answer{QuestionID: "interest-owner", Reason: Interest, Option: "other", Text: "Someone else"})
	dg := d.diagnose()
	det0, det1 := Diagnose(d.Story, d.Facts, nil).Of(Interest).Score, Diagnose(d.Story, d.Facts, d.Answers).Of(Interest).Score
	if got, want := dg.Of(Interest).Score-before, det1-det0; got < want-0.011 || got > want+0.011 {
		t.Errorf("the answer moved interest by %.2f, the deterministic diagnosis by %.2f", got, want)
	}
	tac := dg.Of(Tactics)
	if len(tac.Evidence) == 0 || tac.Evidence[0] != "Kept chasing Ines" || len(tac.Evidence) > maxEvidence {
		t.Errorf("tactics evidence %q", tac.Evidence)
	}
	for _, s := range dg.Reasons {
		if s.Score < 0 || s.Score > 1 {
			t.Errorf("%s scored %.2f", s.ID, s.Score)
		}
	}
	if len(dg.Reasons) != len(Reasons) {
		t.Errorf("%d reasons", len(dg.Reasons))
	}
}

// TestMappedAnswerForItsQuestionOnly: a model's checked mapping places a
// typed answer the keyword mapper could not, for the question it was made
// for only; the owner's words are kept.
func TestMappedAnswerForItsQuestionOnly(t *testing.T) {
	d, fx := Start("d1", "T1", "U1", inesStory, readAt)
	q := fx[len(fx)-1].(Ask).Question
	const typed = "hmm, they space out themselves, I tried to be patient"
	if opt, ok := MapAnswer(q, typed); ok {
		t.Fatalf("the keyword mapper placed %q as %s; the test needs one it cannot", typed, opt)
	}
	opt := q.Options[0].Value
	got, _, err := Step(d, Input{Text: typed, Mapped: MappedAnswer{QuestionID: q.ID, Option: opt}}, readAt)
	if err != nil {
		t.Fatal(err)
	}
	a := got.Answers[len(got.Answers)-1]
	if a.Option != opt || a.Text != typed {
		t.Errorf("answer %+v, want option %s with the typed words", a, opt)
	}
	for _, m := range []MappedAnswer{{QuestionID: "value-outcome", Option: opt}, {QuestionID: q.ID, Option: "maybe"}} {
		got, _, _ := Step(d, Input{Text: typed, Mapped: m}, readAt)
		if a := got.Answers[len(got.Answers)-1]; a.Option != "" {
			t.Errorf("mapping %+v was used: %+v", m, a)
		}
	}
}

// TestCheckAnswerReading: the option must be the question's and its quote
// the answer's own words.
func TestCheckAnswerReading(t *testing.T) {
	q, _ := QuestionByID("interest-owner")
	const answer = "Honestly? Tom upstairs holds the purse strings."
	for _, tc := range []struct {
		r    AnswerReading
		want string
	}{
		{AnswerReading{Option: "other", Quote: "tom upstairs holds the purse strings"}, "other"},
		{AnswerReading{Option: "other", Quote: "her boss decides"}, ""},
		{AnswerReading{Option: "someone", Quote: "Tom upstairs"}, ""},
		{AnswerReading{Option: "none"}, ""},
		{AnswerReading{Option: "decider"}, ""},
	} {
		if got, why := CheckAnswerReading(q, answer, tc.r); got != tc.want {
			t.Errorf("%+v: got %q (%s), want %q", tc.r, got, why, tc.want)
		}
	}
}
