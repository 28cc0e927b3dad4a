package coach

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMapAnswer(t *testing.T) {
	tests := []struct {
		question, text, want string
	}{
		// Who decides, in every way a rep says it.
		{"interest-owner", "VP signs anything over 50k", "other"},
		{"interest-owner", "honestly no, her boss has the final say", "other"},
		{"interest-owner", "it needs sign-off from the CFO", "other"},
		{"interest-owner", "she does, it's her budget", "decider"},
		{"interest-owner", "she inherited the budget, so she decides", "decider"},
		{"interest-owner", "yes", "decider"},
		{"interest-owner", "nope", "other"},
		{"interest-owner", "no idea tbh", "unsure"},
		{"interest-owner", "Someone else", "other"},
		// Counts into buckets.
		{"tactics-count", "3", "several"},
		{"tactics-count", "twice, a week apart", "few"},
		{"tactics-count", "7 or 8 emails", "many"},
		{"tactics-count", "none yet", "few"},
		{"tactics-count", "a dozen by now", "many"},
		// Yes and no in any position.
		{"timing-contract", "yep, locked in till 2028", "yes"},
		{"timing-contract", "I think so, yes", "yes"},
		{"timing-contract", "not that I know of", "no"},
		{"timing-contract", "month to month, nothing stopping them", "no"},
		{"priorities-news", "Yes — they're being acquired", "yes"},
		{"priorities-news", "honestly nothing big", "no"},
		{"insights-new", "nope", "no"},
		{"tactics-tone", "well, I did mention the discount expires Friday", "yes"},
		{"value-outcome", "she said she wants to cut churn in half", "yes"},
		{"status_quo-today", "Excel, and they say it does the job", "fine"},
		{"status_quo-today", "spreadsheets, and they hate them", "pain"},
		// The insight gate: nothing new is an answer, not an insight.
		{"insight", "No", NoInsight},
		{"insight", "nothing new", NoInsight},
		{"insight", "Not sure, honestly.", NoInsight},
		{"insight", "edit", NoInsight},
		{"insight", "n/a", NoInsight},
	}
	for _, tt := range tests {
		q, ok := QuestionByID(tt.question)
		if !ok {
			t.Fatalf("no question %q", tt.question)
		}
		got, ok := MapAnswer(q, tt.text)
		if !ok || got != tt.want {
			t.Errorf("%s %q -> %q (%v), want %q", tt.question, tt.text, got, ok, tt.want)
		}
	}
	// What names no option is not forced into one: the caller keeps it as
	// a note.
	for _, tt := range []struct{ question, text string }{
		{"tactics-tone", "we met at a conference in Berlin"},
		{"insight", "their biggest rival just moved to weekly forecasting"},
		{"insight", "No, but their rival just switched to us"},
		{"interest-owner", ""},
	} {
		q, _ := QuestionByID(tt.question)
		if got, ok := MapAnswer(q, tt.text); ok {
			t.Errorf("%s %q mapped to %q; it names no option", tt.question, tt.text, got)
		}
	}
}

// askAll runs NextQuestion to the end for a story, as `ghosted diagnose`
// lists the questions.
func askAll(t *testing.T, story string) []Question {
	t.Helper()
	d := Deal{Story: story, Facts: ExtractFacts(story, now)}
	d.Diagnosis = Diagnose(story, d.Facts, nil)
	var qs []Question
	for {
		q, ok := NextQuestion(d)
		if !ok {
			return qs
		}
		qs = append(qs, q)
		d.Asked = append(d.Asked, q.ID)
	}
}

func TestNextQuestionSkipsWhatTheStorySays(t *testing.T) {
	tests := []struct {
		name     string
		story    string
		never    []string // questions the story already answered
		followOn string   // asked instead
		lead     string   // the follow-on says what was read
	}{
		{"touch count", "I've followed up 4 times, bumping the thread each time, nothing back.",
			[]string{"tactics-count", "tactics-tone"}, "tactics-spacing", "You've sent 4 follow-ups"},
		{"budget date", "Dana said the budget is frozen until Q3.",
			[]string{"timing-contract"}, "timing-budget-set", "Their budget opens around July 2027"},
		{"contract end", "Their contract with the incumbent ends in June 2027, so they're locked in.",
			[]string{"timing-contract"}, "timing-notice", "Their contract runs to about June 2027"},
		{"someone else decides", "Met Priya at Northwind. She likes it but her VP signs anything over 50k.",
			[]string{"interest-owner"}, "interest-access", "someone other than Priya"},
		{"reorg", "They're in the middle of a reorg and everything is on hold.",
			[]string{"priorities-news"}, "priorities-settle", "reorg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := askAll(t, tt.story)
			var ids []string
			var follow *Question
			for i, q := range qs {
				ids = append(ids, q.ID)
				if q.ID == tt.followOn {
					follow = &qs[i]
				}
			}
			for _, n := range tt.never {
				for _, id := range ids {
					if id == n {
						t.Errorf("asked %s, which the story answers (asked %v)", n, ids)
					}
				}
			}
			if follow == nil {
				t.Fatalf("follow-on %s not asked (asked %v)", tt.followOn, ids)
			}
			if !strings.Contains(follow.Text, tt.lead) {
				t.Errorf("follow-on %q does not say what was read (%q)", follow.Text, tt.lead)
			}
		})
	}
	// "She IS the decision maker" answers who decides: neither that
	// question nor the one about meeting the signer is asked.
	for _, q := range askAll(t, "She IS the decision maker and she has the budget; she went quiet after the demo.") {
		if q.ID == "interest-owner" || q.ID == "interest-access" {
			t.Errorf("asked %s although the story says she decides", q.ID)
		}
	}
}

// A typed answer keeps the rep's words and the option it means; one that
// means no option is kept as a note on its question, never dropped.
func TestTypedAnswersAreUnderstood(t *testing.T) {
	d, _ := Start("d1", "T1", "U1", "Priya went quiet after the demo.", now)
	// Put the question on who decides up, whichever came first.
	q, _ := QuestionByID("interest-owner")
	d.Stage, d.Pending, d.Asked = StageAsking, &q, []string{q.ID}
	before := d.Diagnosis.Of(Interest).Score
	d, _, err := Step(d, Input{Text: "VP signs anything over 50k"}, now)
	if err != nil {
		t.Fatal(err)
	}
	a := d.Answers[len(d.Answers)-1]
	if a.Option != "other" || a.Text != "VP signs anything over 50k" {
		t.Fatalf("answer %+v, want option other with the typed words", a)
	}
	if d.Diagnosis.Of(Interest).Score <= before {
		t.Errorf("interest did not rise: %.2f -> %.2f", before, d.Diagnosis.Of(Interest).Score)
	}
	if !citesIn(d.Diagnosis.Of(Interest).Evidence, "VP signs anything over 50k") {
		t.Errorf("the typed answer is not quoted: %q", d.Diagnosis.Of(Interest).Evidence)
	}
}

func TestUnmappedAnswerIsKeptAsANote(t *testing.T) {
	d, _ := Start("d1", "T1", "U1", "Tom at Globex went quiet after the pilot.", now)
	if d.Pending == nil {
		t.Fatal("no question")
	}
	text := "we met at their offsite in Lisbon, long story"
	d, _, err := Step(d, Input{Text: text}, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Answers) != 1 || d.Answers[0].Text != text || d.Answers[0].Option != "" {
		t.Fatalf("answers %+v, want the words kept as a note", d.Answers)
	}
}

// Every re-engagement needs something new or something easier, whatever
// the leading reason: the gate asks, and "no", "nothing new", "edit" and
// the like are recorded as "nothing new", never as an insight.
func TestInsightGateForEveryReason(t *testing.T) {
	stories := map[ReasonID]string{
		Priorities: "They're in the middle of a reorg; Dana went quiet.",
		Timing:     "They're locked into a contract until 2028.",
		Interest:   "She's not the decision maker; her boss signs.",
	}
	for want, story := range stories {
		d, fx := Start("d1", "T1", "U1", story, now)
		if d.Diagnosis.Top().ID != want {
			t.Fatalf("%q: top %s, want %s", story, d.Diagnosis.Top().ID, want)
		}
		for d.Stage == StageAsking {
			var err error
			d, fx, err = Step(d, Input{Option: d.Pending.Options[len(d.Pending.Options)-1].Value}, now)
			if err != nil {
				t.Fatal(err)
			}
		}
		if d.Stage != StageInsight || !has(effectsOf(fx), "ask:insight") {
			t.Fatalf("%s story: expected the insight gate, got stage %s effects %v", want, d.Stage, effectsOf(fx))
		}
	}

	toGate := func(t *testing.T) Deal {
		d, _ := Start("d1", "T1", "U1", "Same pitch as every other vendor, she said.", now)
		for d.Stage == StageAsking {
			d, _, _ = Step(d, Input{Option: d.Pending.Options[0].Value}, now)
		}
		if d.Stage != StageInsight {
			t.Fatalf("stage %s", d.Stage)
		}
		return d
	}
	for _, in := range []Input{{Text: "No"}, {Text: "nothing new"}, {Text: "edit"}, {Text: "Not sure, honestly."}, {Text: "n/a"}, {Option: NoInsight}} {
		d := toGate(t)
		d, fx, err := Step(d, in, now)
		if err != nil {
			t.Fatal(err)
		}
		w, ok := fx[0].(WriteDraft)
		if !ok {
			t.Fatalf("%+v: effects %v", in, effectsOf(fx))
		}
		if d.Insight != "" || w.Request.Insight != "" || !w.Request.NoInsight || !d.NoInsight() {
			t.Errorf("%+v: insight %q, request insight %q, NoInsight %v", in, d.Insight, w.Request.Insight, w.Request.NoInsight)
		}
		dr, _ := OfflineDrafter{}.Draft(t.Context(), w.Request, nil)
		if in.Text != "" && strings.Contains(strings.ToLower(dr.Text), ": "+strings.ToLower(strings.Trim(in.Text, "."))) {
			t.Errorf("%q spliced into the message:\n%s", in.Text, dr.Text)
		}
	}
	d := toGate(t)
	d, fx, _ := Step(d, Input{Text: "Their largest competitor cut churn 12% with us last quarter."}, now)
	if w := fx[0].(WriteDraft); w.Request.NoInsight || !strings.Contains(w.Request.Insight, "cut churn") {
		t.Errorf("a real insight: request %+v", w.Request)
	}
}

// After a draft, "edit", "no" or "thanks" is not news about the deal: it
// gets a pointer, not a redraft with those words as a note.
func TestDraftedIgnoresNonInformation(t *testing.T) {
	d, fx := Start("d1", "T1", "U1", "Dana went quiet after the demo.", now)
	d, _ = drive(t, d, fx)
	for _, text := range []string{"edit", "no", "thanks!", "ok"} {
		got, fx, err := Step(d, Input{Text: text}, now)
		if !errors.Is(err, ErrNotNow) || len(fx) != 0 || len(got.Answers) != len(d.Answers) {
			t.Errorf("%q: err %v, effects %v, answers %d -> %d", text, err, effectsOf(fx), len(d.Answers), len(got.Answers))
		}
	}
	got, fx, err := Step(d, Input{Text: "she mentioned a board review in March"}, now)
	if err != nil || !has(effectsOf(fx), "draft:") || len(got.Answers) != len(d.Answers)+1 {
		t.Errorf("news after a draft: err %v effects %v", err, effectsOf(fx))
	}
}

// "They replied" resets the unanswered touches: a later "hello?" in the
// thread is not a chase, gets a line and no draft, and any later draft is
// an ordinary re-engagement, never a last or closing note.
func TestHelloAfterTheyReplied(t *testing.T) {
	d, fx := Start("d1", "T1", "U1", "Followed up 3 times with Dana at Acme, no reply.", now)
	d, _ = drive(t, d, fx)
	if dr, _ := d.LastDraft(); dr.Mode != ModeLast {
		t.Fatalf("before the reply: mode %s, want last", dr.Mode)
	}
	later := now.AddDate(0, 0, 5)
	d, _, err := Step(d, Input{Action: ActionReplied}, later)
	if err != nil {
		t.Fatal(err)
	}
	if c := CadenceOf(d, later); c.Touches != 0 || c.Mode != ModeReengage {
		t.Fatalf("after the reply: %+v", c)
	}
	for _, text := range []string{"hello?", "Hello", "thanks", "?"} {
		got, fx, err := Step(d, Input{Text: text}, later)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if len(fx) != 1 || has(effectsOf(fx), "draft:") {
			t.Fatalf("%q: effects %v, want one line and no draft", text, effectsOf(fx))
		}
		if s := fx[0].(Say).Text; !strings.Contains(s, "nothing to chase") || strings.Contains(s, "last message") {
			t.Errorf("%q: %q", text, s)
		}
		if len(got.Answers) != len(d.Answers) {
			t.Errorf("%q kept as a note", text)
		}
	}
	// News is kept, still without a chase.
	got, fx, _ := Step(d, Input{Text: "she asked for a case study, I sent one"}, later)
	if has(effectsOf(fx), "draft:") || len(got.Answers) != len(d.Answers)+1 {
		t.Errorf("news after the reply: effects %v", effectsOf(fx))
	}
	// Asking for a draft gets an ordinary re-engagement.
	_, fx, _ = Step(got, Input{Text: "draft"}, later)
	if w, ok := fx[0].(WriteDraft); !ok || w.Request.Mode != ModeReengage {
		t.Errorf("draft after the reply: %v", effectsOf(fx))
	}
	// Touches sent after the reply count again.
	d.Touches = append(d.Touches, Touch{At: later.Add(24 * 3600e9)}, Touch{At: later.Add(48 * 3600e9)}, Touch{At: later.Add(72 * 3600e9)})
	if c := CadenceOf(d, later.AddDate(0, 0, 4)); c.Touches != 3 || c.Mode != ModeLast {
		t.Errorf("three touches after the reply: %+v", c)
	}
}

// TestLooseCountIsAsked: "a bunch of follow ups" is no count, so the coach
// asks how many instead of treating a guess as the number the cadence
// guard counts on.
func TestLooseCountIsAsked(t *testing.T) {
	const story = "Dana at Acme went quiet after the demo 3 weeks ago. I've sent a bunch of follow ups since, and I keep bumping the thread."
	d, _ := Start("d1", "T1", "U1", story, time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
	if d.Facts.FollowUps != -1 {
		t.Errorf("follow-ups read as %d from a loose count, want unknown (-1)", d.Facts.FollowUps)
	}
	asked := false
	for _, q := range askAll(t, story) {
		asked = asked || q.ID == "tactics-count"
	}
	if !asked {
		t.Errorf("the count question is not asked for a loose count")
	}
}
