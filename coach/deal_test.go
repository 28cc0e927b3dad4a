package coach

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// draftedDeal is a deal whose first draft was shown.
func draftedDeal(t *testing.T, now time.Time) Deal {
	t.Helper()
	d, _ := Start("d1", "T1", "U1", "Dana at Acme went quiet after the demo; I sent 2 follow-ups by email.", now)
	d, _, err := Step(d, Input{Text: "skip"}, now)
	if err != nil {
		t.Fatal(err)
	}
	d.AddDraft(Draft{Text: "Hi Dana", At: now}, now)
	if d.Stage != StageDrafted {
		t.Fatalf("stage %s", d.Stage)
	}
	return d
}

// TestNotesAreBounded: notes after a draft are kept up to MaxNotes, each up
// to MaxNoteChars; past either bound the note is refused with a reason the
// owner can act on, and the deal is unchanged.
func TestNotesAreBounded(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	d := draftedDeal(t, now)
	long := strings.Repeat("é", MaxNoteChars+1) // characters, not bytes, count
	if _, _, err := Step(d, Input{Text: long}, now); !errors.Is(err, ErrNotNow) || !strings.Contains(err.Error(), "long") {
		t.Errorf("a note of %d characters: %v", MaxNoteChars+1, err)
	}
	if _, _, err := Step(d, Input{Text: strings.Repeat("é", MaxNoteChars)}, now); err != nil {
		t.Errorf("a note of exactly %d characters (%d bytes) was refused: %v", MaxNoteChars, 2*MaxNoteChars, err)
	}
	for i := range MaxNotes {
		next, fx, err := Step(d, Input{Text: "Their CFO left last month."}, now)
		if err != nil {
			t.Fatalf("note %d: %v", i+1, err)
		}
		if _, ok := fx[0].(WriteDraft); !ok {
			t.Fatalf("note %d: effects %v, want a fresh draft", i+1, fx)
		}
		next.AddDraft(Draft{Text: "Hi Dana", At: now}, now)
		d = next
	}
	before := len(d.Answers)
	_, fx, err := Step(d, Input{Text: "One more thing."}, now)
	if !errors.Is(err, ErrNotNow) || !strings.Contains(err.Error(), "notes") || fx != nil {
		t.Errorf("note %d: %v, %v; want a refusal that names the notes", MaxNotes+1, fx, err)
	}
	if len(d.Answers) != before {
		t.Error("a refused note changed the deal")
	}
}

// TestTextWhileDraftingIsKept: a draft is due (StageDrafting) when a
// message that says something new arrives, such as an answer that crossed
// a "skip": it is kept as a note and the draft asked for again; a bare
// "draft it" only asks for the draft.
func TestTextWhileDraftingIsKept(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	d, _ := Start("d1", "T1", "U1", "Dana at Acme went quiet after the demo; I sent 2 follow-ups by email.", now)
	d, _, err := Step(d, Input{Text: "skip"}, now)
	if err != nil || d.Stage != StageDrafting {
		t.Fatalf("after skip: %s %v", d.Stage, err)
	}
	next, fx, err := Step(d, Input{Text: "Their budget was frozen until the audit ends"}, now)
	if err != nil {
		t.Fatal(err)
	}
	w, ok := fx[0].(WriteDraft)
	if !ok || next.notes() != 1 || !strings.Contains(w.Request.Answers[len(w.Request.Answers)-1].Text, "budget was frozen") {
		t.Errorf("the message was not kept for the draft: effects %v, notes %d", fx, next.notes())
	}
	again, fx, err := Step(next, Input{Text: "draft it"}, now)
	if err != nil || again.notes() != 1 {
		t.Errorf("\"draft it\" added a note: %d, %v", again.notes(), err)
	}
	if _, ok := fx[0].(WriteDraft); !ok {
		t.Errorf("\"draft it\" effects %v", fx)
	}
}

func TestDealKey(t *testing.T) {
	d := Deal{ID: "d1", Team: "T1", Owner: "U1"}
	if k := d.Key(); k != (DealKey{Team: "T1", Owner: "U1", ID: "d1"}) || k.String() != "T1/U1/d1" {
		t.Errorf("key %v %q", k, k.String())
	}
}
