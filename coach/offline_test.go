package coach

import (
	"context"
	"strings"
	"testing"
)

// Every offline draft must pass our own lint: the offline drafter is what
// users get when the LLM is down, and it has to practise what we preach.
func TestOfflineDraftsPassTheLint(t *testing.T) {
	facts := []Facts{
		{DaysSilent: -1, FollowUps: -1},
		{Prospect: "Dana Lee", Company: "Acme", DaysSilent: 21, FollowUps: 2, Channel: "email"},
		{Prospect: "Priya", Company: "Northwind", FollowUps: 3, Channel: "linkedin"},
	}
	for _, f := range facts {
		for _, r := range Reasons {
			for _, mode := range []Mode{ModeReengage, ModeNurture, ModeLast, ModeClosing} {
				for _, style := range []Style{StyleDefault, StyleShorter, StyleWarmer, StyleDirect, StyleRegenerate} {
					for _, insight := range []string{"", "Their rival cut forecast prep from five days to one."} {
						for variant := range 3 {
							req := DraftRequest{
								Facts:     f,
								Story:     "story for " + string(r.ID),
								Diagnosis: Diagnosis{Reasons: []Score{{ID: r.ID, Score: 0.8}}},
								Mode:      mode, Style: style, Insight: insight, Variant: variant,
							}
							res, err := OfflineDrafter{}.Draft(context.Background(), req, nil)
							if err != nil {
								t.Fatal(err)
							}
							rep := Lint(res.Text)
							if !rep.Passed() || rep.Score < 85 {
								t.Fatalf("%s/%s/%s/%d insight=%v: score %d findings %+v real %+v\n%s",
									r.ID, mode, style, variant, insight != "", rep.Score, rep.Findings, rep.Real, res.Text)
							}
							if insight != "" && !strings.Contains(res.Text, "[your insight: Their rival cut forecast prep") {
								t.Fatalf("insight missing from draft:\n%s", res.Text)
							}
							if f.Prospect != "" && !strings.Contains(res.Text, strings.Fields(f.Prospect)[0]+",") {
								t.Fatalf("greeting does not use the prospect's name:\n%s", res.Text)
							}
						}
					}
				}
			}
		}
	}
}

func TestOfflineDraftVariesAndIsDeterministic(t *testing.T) {
	req := DraftRequest{Story: "Dana went quiet", Diagnosis: Diagnosis{Reasons: []Score{{ID: Value}}}, Mode: ModeReengage}
	a, _ := OfflineDrafter{}.Draft(context.Background(), req, nil)
	b, _ := OfflineDrafter{}.Draft(context.Background(), req, nil)
	if a.Text != b.Text {
		t.Fatal("same request gave different drafts")
	}
	seen := map[string]bool{a.Text: true}
	for v := 1; v < 6; v++ {
		req.Variant = v
		r, _ := OfflineDrafter{}.Draft(context.Background(), req, nil)
		seen[r.Text] = true
	}
	if len(seen) < 3 {
		t.Fatalf("regenerating gave only %d distinct drafts", len(seen))
	}
	if a.Model != OfflineModel || !(OfflineDrafter{}).Offline() {
		t.Fatal("offline drafts must be labeled")
	}
}

func TestOfflineDraftHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (OfflineDrafter{}).Draft(ctx, DraftRequest{}, nil); err == nil {
		t.Fatal("cancelled context should fail")
	}
}
