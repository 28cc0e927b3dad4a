package nudge

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/prompts"
)

var berlinSub = Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "Europe/Berlin"}

// teamDeals has an unshared deal full of names, a shared one, a remember-me
// date that came, deals that need nothing, and another team's deal.
func teamDeals() []coach.Deal {
	secret := coach.Deal{
		ID: "d-secret", Team: "T1", Owner: "U2", Status: coach.StatusQuiet,
		Story:     "Dana Secretname at SecretCorp went quiet after the pricing call.",
		Facts:     coach.Facts{Prospect: "Dana Secretname", Company: "SecretCorp", DaysSilent: 14},
		Diagnosis: diag(coach.Value), CreatedAt: ago(9 * day),
		Drafts: drafts(coach.Draft{Text: "Hi Dana, about SecretCorp…", At: ago(9 * day)}),
	}
	shared := coach.Deal{
		ID: "d-shared", Team: "T1", Owner: "U1", Shared: true, Status: coach.StatusQuiet,
		Story: "Priya at Northwind.", Facts: coach.Facts{Prospect: "Priya", Company: "Northwind", DaysSilent: 5},
		Diagnosis: diag(coach.Timing), CreatedAt: ago(8 * day),
	}
	sharedFresh := shared
	sharedFresh.ID, sharedFresh.Facts.Company, sharedFresh.CreatedAt = "d-shared-fresh", "FreshCo", ago(day)
	remind := coach.Deal{
		ID: "d-remind", Team: "T1", Owner: "U3", Status: coach.StatusSnoozed,
		Facts: coach.Facts{Prospect: "Remy Hidden", Company: "HiddenCo"}, Diagnosis: diag(coach.Timing),
		CreatedAt: ago(90 * day), RemindAt: ago(time.Hour),
	}
	second := secret
	second.ID, second.CreatedAt = "a-second", ago(20*day)
	revived := coach.Deal{ID: "d-won", Team: "T1", Owner: "U4", Status: coach.StatusRevived, Diagnosis: diag(coach.Timing),
		CreatedAt: ago(10 * day), RevivedAt: ago(day)}
	other := coach.Deal{ID: "d-other", Team: "T2", Owner: "U9", Status: coach.StatusQuiet, Shared: true,
		Facts: coach.Facts{Prospect: "Other Team", Company: "OtherCo"}, CreatedAt: ago(30 * day)}
	return []coach.Deal{remind, secret, shared, sharedFresh, second, revived, other}
}

func TestCompose(t *testing.T) {
	n := Compose(teamDeals(), berlinSub, now, -1)
	if n.Team != "T1" || n.Channel != "C1" || n.RunKey != "C1:2026-W49" || n.Week != "2026-W49" || n.Preview {
		t.Errorf("header = %q %q %q %q preview %v", n.Team, n.Channel, n.RunKey, n.Week, n.Preview)
	}
	if got := FormatRun(n.At); got != "Mon 30 Nov 09:00 CET" {
		t.Errorf("At = %s", got)
	}
	if got := FormatRun(n.Next); got != "Mon 7 Dec 09:00 CET" {
		t.Errorf("Next = %s", got)
	}
	if s := n.Stats; s.Deals != 6 || s.Quiet != 4 || s.NeedTouch != 4 || s.RemindDue != 1 || s.RevivedThisWeek != 1 {
		t.Errorf("team stats = %+v; want the six T1 deals, four needing a touch", s)
	}
	if want := []ReasonRate{{coach.Timing, Rate{1, 1}}}; !reflect.DeepEqual(n.Stats.ByReason, want) {
		t.Errorf("ByReason = %+v, want only timing, the one reason with an outcome", n.Stats.ByReason)
	}
	want := []OwnerCare{
		{Owner: "U1", NeedTouch: 1, DealIDs: []string{"d-shared"},
			Shared: []SharedDeal{{ID: "d-shared", Prospect: "Priya", Company: "Northwind", DaysSilent: 13}}},
		{Owner: "U2", NeedTouch: 2, DealIDs: []string{"a-second", "d-secret"}},
		{Owner: "U3", NeedTouch: 1, RemindDue: 1, DealIDs: []string{"d-remind"}},
	}
	if !reflect.DeepEqual(n.Owners, want) {
		t.Errorf("Owners =\n%+v\nwant\n%+v", n.Owners, want)
	}

	// Nothing of an unshared deal, or of another team, is in the nudge at all.
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"Dana", "Secretname", "SecretCorp", "pricing", "Remy", "HiddenCo", "OtherCo", "Other Team", "U9", "d-other"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("the nudge carries %q:\n%s", leak, b)
		}
	}
	if !strings.Contains(string(b), "Northwind") {
		t.Errorf("the shared deal's company is missing:\n%s", b)
	}

	if again := Compose(teamDeals(), berlinSub, now, -1); !reflect.DeepEqual(again, n) {
		t.Error("Compose is not deterministic")
	}
	p := Preview(teamDeals(), berlinSub, now, -1)
	if !p.Preview {
		t.Error("Preview not marked")
	}
	p.Preview = false
	if !reflect.DeepEqual(p, n) {
		t.Error("Preview differs from Compose beyond the flag")
	}
}

func TestComposeEmptyTeam(t *testing.T) {
	n := Compose(nil, berlinSub, now, -1)
	if len(n.Owners) != 0 || n.Stats.Deals != 0 || n.Tip == "" {
		t.Errorf("empty team: %+v; want no owners, zero counts, still a tip", n)
	}
}

func TestTipRotation(t *testing.T) {
	tips := prompts.Tips()
	if len(tips) < 2 {
		t.Fatalf("need at least two tips, have %d", len(tips))
	}
	for _, sub := range []Subscription{berlinSub, {Team: "T1", Channel: "C2", Weekday: time.Friday, Hour: 16, TZ: "America/New_York"}} {
		last := -1
		seen := map[int]bool{}
		at := NextRun(sub, now)
		for w := range 3 * len(tips) {
			n := Compose(nil, sub, at, last)
			if n.TipIndex < 0 || n.TipIndex >= len(tips) || n.Tip != tips[n.TipIndex] {
				t.Fatalf("week %d: tip %d %q does not match prompts.Tips", w, n.TipIndex, n.Tip)
			}
			if n.TipIndex == last {
				t.Errorf("%s week %d: tip %d repeats last week's", sub.Channel, w, last)
			}
			if w < len(tips) {
				seen[n.TipIndex] = true
			}
			last = n.TipIndex
			at = NextRun(sub, at)
		}
		if len(seen) != len(tips) {
			t.Errorf("%s: %d of %d tips shown in the first %d weeks; the walk should show them all", sub.Channel, len(seen), len(tips), len(tips))
		}
	}
	// Whatever last week showed (a missed week, a changed list), it is skipped.
	natural := Compose(nil, berlinSub, now, -1).TipIndex
	if got := Compose(nil, berlinSub, now, natural).TipIndex; got == natural {
		t.Errorf("lastTip %d was not skipped", natural)
	}
	// Deterministic from the week: any moment of the same week picks the same.
	if a, b := chooseTip(berlinSub, now, -1, 10), chooseTip(berlinSub, now.Add(50*time.Hour), -1, 10); a != b {
		t.Errorf("same week, different tips: %d, %d", a, b)
	}
	if got := chooseTip(berlinSub, now, -1, 0); got != -1 {
		t.Errorf("no tips: index %d, want -1", got)
	}
	if got := chooseTip(berlinSub, now, 0, 1); got != 0 {
		t.Errorf("one tip: index %d, want 0 (nothing else to show)", got)
	}
}
