package coach

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// valueStory leads with value, so the coach asks for a new insight before
// drafting.
const valueStory = "Met Dana Reyes, ops director at Northwind Logistics, at the freight summit. Demo on Oct 2: lots of nodding, " +
	"no questions. Sent the proposal, followed up twice. Nothing for three weeks."

// converse drives a coaching conversation with the offline drafter: each
// question gets the quick reply that keeps value in the lead, the insight question gets insight,
// and every draft the coach asks for is written and recorded.
func converse(t *testing.T, insight string) (Deal, Draft) {
	t.Helper()
	d, fx := Start("d", "T", "U", valueStory, now)
	asked := false
	var last Draft
	for range 12 {
		var in *Input
		for _, f := range fx {
			switch e := f.(type) {
			case Ask:
				if e.Question.ID == insightQuestion.ID {
					asked = true
					in = &Input{Text: insight}
				} else if len(e.Question.Options) > 0 {
					// The reply that keeps value in the lead, so the
					// insight question comes.
					best := e.Question.Options[0]
					for _, o := range e.Question.Options {
						if o.Shift[Value]+o.Shift[Insights] > best.Shift[Value]+best.Shift[Insights] {
							best = o
						}
					}
					in = &Input{Option: best.Value}
				} else {
					in = &Input{Text: "not sure"}
				}
			case WriteDraft:
				dr, err := Write(context.Background(), OfflineDrafter{}, e.Request, now, nil)
				if err != nil {
					t.Fatal(err)
				}
				d.AddDraft(dr, now)
				last = dr
			}
		}
		if in == nil {
			break
		}
		var err error
		if d, fx, err = Step(d, *in, now); err != nil {
			t.Fatal(err)
		}
	}
	if !asked {
		t.Fatal("the coach never asked for a new insight on a value-led story")
	}
	if last.Text == "" {
		t.Fatal("no draft was written")
	}
	return d, last
}

// A refusal at the insight question changes nothing in the message: the
// prospect never reads "No" or "nothing new" as if it were news.
func TestNonAnswersAreNotInsights(t *testing.T) {
	_, plain := converse(t, "skip")
	for _, answer := range []string{"No", "nothing new", "Nothing new.", "none", "not sure", "n/a", "edit", "no idea"} {
		t.Run(answer, func(t *testing.T) {
			_, dr := converse(t, answer)
			if dr.Text != plain.Text {
				t.Errorf("answering %q changed the draft:\n%s\n--- want ---\n%s", answer, dr.Text, plain.Text)
			}
			if UnfinishedSlot(dr.Text) {
				t.Errorf("answering %q left a slot:\n%s", answer, dr.Text)
			}
		})
	}
}

// "edit" after a draft is not new information about the deal: the fresh
// draft does not carry it.
func TestEditAfterDraftIsNotSpliced(t *testing.T) {
	d, first := converse(t, "nothing new")
	// "edit" after a draft is a wish to edit, not news about the deal: the
	// owner is pointed at how to edit, and no draft carries the word.
	d2, fx, err := Step(d, Input{Text: "edit"}, now)
	if err != nil {
		if !errors.Is(err, ErrNotNow) || !strings.Contains(err.Error(), "Edit") {
			t.Fatalf("\"edit\" after a draft: %v", err)
		}
		return
	}
	for _, f := range fx {
		w, ok := f.(WriteDraft)
		if !ok {
			continue
		}
		dr, err := Write(context.Background(), OfflineDrafter{}, w.Request, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(dr.Text), "edit") || UnfinishedSlot(dr.Text) || dr.Text == first.Text {
			t.Errorf("\"edit\" reached the prospect's message:\n%s", dr.Text)
		}
	}
	_ = d2
}

// A real insight goes into a visible slot the owner finishes; the owner's
// words never stand in the message as if written for the prospect.
func TestRealInsightGoesIntoASlot(t *testing.T) {
	note := "she wants fewer late deliveries; two peers cut them by a fifth after switching"
	_, dr := converse(t, note)
	if !UnfinishedSlot(dr.Text) {
		t.Fatalf("no slot in:\n%s", dr.Text)
	}
	outside := dr.Text
	if i := strings.Index(outside, slotOpen); i >= 0 {
		j := strings.Index(outside[i:], "]")
		outside = outside[:i] + outside[i+j+1:]
	}
	if strings.Contains(outside, "she wants") || strings.Contains(outside, "late deliveries") {
		t.Errorf("the owner's words appear outside the slot:\n%s", dr.Text)
	}
	if UnfinishedSlotNote == "" || !strings.Contains(UnfinishedSlotNote, "[your insight") {
		t.Errorf("UnfinishedSlotNote = %q", UnfinishedSlotNote)
	}
}

func TestIsInsight(t *testing.T) {
	for _, s := range []string{"", "No", "no.", "Nothing new!", "nothing", "N/A", "edit", "Not sure", "idk", "yes", "reorg", "hello?", "  none  "} {
		if IsInsight(s) {
			t.Errorf("IsInsight(%q) = true", s)
		}
	}
	for _, s := range []string{"Their rival cut forecast prep from five days to one", "SOC 2 report is out now", "we now host data in Frankfurt"} {
		if !IsInsight(s) {
			t.Errorf("IsInsight(%q) = false", s)
		}
	}
}
