package coach

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestDescribeFacts(t *testing.T) {
	f := ExtractFacts("Marcus Lee, VP Finance at Brightline Health, went quiet 3 weeks ago. I emailed him twice.", now)
	if got, want := DescribeFacts(f), "Marcus Lee (Brightline Health) · email · 2 unanswered · 3 weeks quiet"; got != want {
		t.Fatalf("DescribeFacts = %q, want %q", got, want)
	}
	if got := DescribeFacts(ExtractFacts("they went quiet", now)); got != "no name · channel not said · follow-ups not said · quiet for ? (not said)" {
		t.Fatalf("unknowns = %q", got)
	}
}

func TestParseFix(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want func(Correction) bool
	}{
		{"name Marcus", func(c Correction) bool { return c.Prospect != nil && *c.Prospect == "Marcus" }},
		{"company Brightline Health", func(c Correction) bool { return c.Company != nil && *c.Company == "Brightline Health" }},
		{"touches 2", func(c Correction) bool { return c.FollowUps != nil && *c.FollowUps == 2 }},
		{"days 21", func(c Correction) bool { return c.DaysSilent != nil && *c.DaysSilent == 21 }},
		{"channel LinkedIn", func(c Correction) bool { return c.Channel != nil && *c.Channel == "linkedin" }},
		{"days -", func(c Correction) bool { return c.DaysSilent != nil && *c.DaysSilent == -1 }},
		{"name none", func(c Correction) bool { return c.Prospect != nil && *c.Prospect == "" }},
	} {
		c, err := ParseFix(tt.in)
		if err != nil || !tt.want(c) {
			t.Errorf("ParseFix(%q) = %+v, %v", tt.in, c, err)
		}
	}
	for _, bad := range []string{"", "touches many", "days -3", "channel pigeon", "mood happy", "name"} {
		if _, err := ParseFix(bad); !errors.Is(err, ErrBadFix) {
			t.Errorf("ParseFix(%q) error = %v, want ErrBadFix", bad, err)
		}
	}
}

func TestCorrectDrivesTheDraft(t *testing.T) {
	d, _ := Start("d1", "T", "U", "VP Finance at Brightline went quiet after the demo. Emailed twice.", now)
	if d.Facts.Prospect != "" {
		t.Fatalf("read a name from a title: %q", d.Facts.Prospect)
	}
	// Draft first, then fix the name: the draft is written again with it.
	d, fx, err := Step(d, Input{Text: "skip"}, now)
	if err != nil {
		t.Fatal(err)
	}
	d = writeFirst(t, d, fx)
	name := "Marcus"
	d, fx, err = Correct(d, Correction{Prospect: &name}, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sayText(fx), "I now read: Marcus (Brightline)") {
		t.Fatalf("no confirmation in %v", fx)
	}
	d = writeFirst(t, d, fx)
	dr, _ := d.LastDraft()
	if !strings.HasPrefix(dr.Text, "Hi Marcus,") && !strings.HasPrefix(dr.Text, "Hello Marcus,") {
		t.Fatalf("after the fix the draft opens %q", strings.SplitN(dr.Text, "\n", 2)[0])
	}
	if d.Facts.Sources.Prospect != fixedSource {
		t.Fatalf("source = %q", d.Facts.Sources.Prospect)
	}
}

func TestCorrectTouchesAppliesTheCadenceGuard(t *testing.T) {
	d, _ := Start("d2", "T", "U", "Dana at Acme went quiet 3 weeks ago. I followed up twice.", now)
	if d.Stage != StageAsking {
		t.Fatalf("stage %s", d.Stage)
	}
	n := 6
	d, fx, err := Correct(d, Correction{FollowUps: &n}, now)
	if err != nil {
		t.Fatal(err)
	}
	var wd *WriteDraft
	for _, e := range fx {
		if w, ok := e.(WriteDraft); ok {
			wd = &w
		}
	}
	if wd == nil || wd.Request.Mode != ModeClosing || d.Stage != StageDrafting {
		t.Fatalf("after fixing touches to 6: stage %s effects %+v; want the closing note", d.Stage, fx)
	}
	if _, _, err := Correct(d, Correction{}, now); !errors.Is(err, ErrBadFix) {
		t.Fatalf("empty correction: %v", err)
	}
}

// writeFirst performs the first WriteDraft effect with the offline drafter.
func writeFirst(t *testing.T, d Deal, fx []Effect) Deal {
	t.Helper()
	for _, e := range fx {
		if w, ok := e.(WriteDraft); ok {
			dr, err := Write(context.Background(), OfflineDrafter{}, w.Request, now, nil)
			if err != nil {
				t.Fatal(err)
			}
			d.AddDraft(dr, now)
			return d
		}
	}
	t.Fatalf("no WriteDraft in %+v", fx)
	return d
}

func sayText(fx []Effect) string {
	var b strings.Builder
	for _, e := range fx {
		if s, ok := e.(Say); ok {
			b.WriteString(s.Text + "\n")
		}
	}
	return b.String()
}
