package coach

import (
	"context"
	"strings"
	"testing"
	"time"
)

// dealFrom reads a story the way Start does, with the diagnosis fixed so the
// cadence rules are tested on their own.
func dealFrom(story string, top ReasonID) Deal {
	d, _ := Start("d", "T", "U", story, now)
	d.Diagnosis = Diagnosis{Reasons: []Score{{ID: top, Score: 0.8}}}
	return d
}

// TestCadenceByReason is the cadence table: the touch-count rules first, then
// a known date, then a prospect who never engaged, then an ordinary message.
func TestCadenceByReason(t *testing.T) {
	tests := []struct {
		name   string
		story  string
		top    ReasonID
		mode   Mode
		advice []string // words the advice must hold
		remind time.Time
	}{
		{"contract in 2029", "Met Dana Reyes of Northwind at a summit; great demo. Their contract with Acme runs until March 2029. I followed up once.",
			Timing, ModeNurture, []string{"asks for nothing", "nothing until the reminder", "three months before their contract ends (Mar 2029)"},
			time.Date(2028, 12, 1, 9, 0, 0, 0, time.UTC)},
		{"budget cycle", "Call with Omar at Brightline in October went well. Budget is frozen until the new fiscal year in April 2027. Followed up once since.",
			Timing, ModeNurture, []string{"asks for nothing", "ten weeks before their budget cycle"},
			time.Time{}},
		{"cold prospect", "Sent Priya at Fernhill two cold emails about our payroll tool. Never a reply.",
			Interest, ModeNurture, []string{"send nothing", "asks for nothing"}, time.Time{}},
		{"cold after seven", "Sent Priya at Fernhill 7 cold emails since September. Never a reply to any of them.",
			Interest, ModeClosing, []string{"send nothing", "no ask"}, time.Time{}},
		{"date but three touches", "Demo with Sam at Loomly went well. Their contract ends in June 2027. I've followed up 3 times since.",
			Timing, ModeLast, []string{"this is the last message"}, time.Time{}},
		{"value, one touch", "Demo with Sam at Loomly in October, lots of nodding. Followed up once.",
			Value, ModeReengage, []string{"room for 2 more touches", "a week or two"}, time.Time{}},
		{"tactics, one touch", "Demo with Sam at Loomly in October. I pushed a discount deadline. Followed up once.",
			Tactics, ModeReengage, []string{"three weeks"}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dealFrom(tt.story, tt.top)
			if got := CadenceOf(d, now).Mode; got != tt.mode {
				t.Fatalf("mode = %s, want %s (facts %+v)", got, tt.mode, d.Facts)
			}
			a := NextStep(d, now)
			for _, w := range tt.advice {
				if !strings.Contains(a.Text, w) {
					t.Errorf("advice %q lacks %q", a.Text, w)
				}
			}
			if !tt.remind.IsZero() && !a.RememberAt.Equal(tt.remind) {
				t.Errorf("remember at %v, want %v", a.RememberAt, tt.remind)
			}
			if !a.RememberAt.After(now) || a.RememberAt.Weekday() == time.Saturday || a.RememberAt.Weekday() == time.Sunday {
				t.Errorf("remember at %v: want a future weekday", a.RememberAt)
			}
		})
	}
}

// A known date allows one no-ask note, then nothing until the reminder.
func TestNurtureOnceThenHold(t *testing.T) {
	d := dealFrom("Met Dana Reyes of Northwind; great demo. Their contract with Acme runs until March 2029.", Timing)
	if c := CadenceOf(d, now); c.Mode != ModeNurture || c.Hold {
		t.Fatalf("cadence = %+v, want nurture, not on hold", c)
	}
	d.Stage = StageDrafted
	d.Drafts = []Draft{{Text: "Hi Dana", Mode: ModeNurture}}
	d, fx, err := Step(d, Input{Action: ActionSent}, now)
	if err != nil {
		t.Fatal(err)
	}
	var said string
	for _, f := range fx {
		if o, ok := f.(Outcome); ok {
			said = o.Text
		}
	}
	if !strings.Contains(said, "nothing more until the reminder") || d.RemindAt.IsZero() {
		t.Errorf("after the nurture note: %q, remind %v", said, d.RemindAt)
	}
	c := CadenceOf(d, now.AddDate(0, 0, 7))
	if !c.Hold {
		t.Fatalf("cadence after the nurture note = %+v, want hold", c)
	}
	if a := NextStep(d, now.AddDate(0, 0, 7)); !strings.Contains(a.Text, "send nothing more") {
		t.Errorf("advice on hold = %q", a.Text)
	}
}

// Budget cycles are remembered ten weeks ahead, so the rep is in time for
// next year's plans.
func TestRememberBudgetCycle(t *testing.T) {
	d := dealFrom("x", Timing)
	d.Facts.Dates = []KeyDate{{Kind: DateBudget, Text: "fiscal year starts April", When: time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)}}
	at, why := RememberDate(d, now)
	if want := day(time.Date(2027, 1, 21, 0, 0, 0, 0, time.UTC)); !at.Equal(want) {
		t.Errorf("budget reminder %v, want %v", at, want)
	}
	if !strings.Contains(why, "budget cycle (Apr 2027)") {
		t.Errorf("why = %q", why)
	}
}

// A closing note to someone the rep never spoke with must not pretend they
// had a relationship.
func TestClosingNoteToNeverEngagedAssumesNoContact(t *testing.T) {
	d, fx := Start("d", "T", "U", "Sent Priya at Fernhill 7 cold emails since September about our payroll tool. Never a reply.", now)
	var req *DraftRequest
	for _, f := range fx {
		if w, ok := f.(WriteDraft); ok {
			req = &w.Request
		}
	}
	if req == nil || req.Mode != ModeClosing {
		t.Fatalf("effects %+v: want a closing draft", fx)
	}
	for v := range 6 {
		req.Variant = v
		dr, err := Write(context.Background(), OfflineDrafter{}, *req, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(dr.Text)
		for _, bad := range []string{"enjoyed", "getting to know", "our conversation", "when we last spoke", "talking with you"} {
			if strings.Contains(low, bad) {
				t.Errorf("variant %d says %q to someone never spoken with:\n%s", v, bad, dr.Text)
			}
		}
		if !dr.Lint.Passed() {
			t.Errorf("variant %d does not pass the lint: %+v\n%s", v, dr.Lint, dr.Text)
		}
	}
	if PastContact(d.Facts, d.Story) {
		t.Error("PastContact true for a never-engaged prospect")
	}
}
