package coach

import (
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
