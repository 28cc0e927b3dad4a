package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var fixedNow = time.Date(2026, 3, 10, 15, 4, 0, 0, time.UTC)

// fixtureDeal is a deal as the coach would store it after two answers and a
// draft, built by hand so the goldens change only when the renderer does.
func fixtureDeal() coach.Deal {
	return coach.Deal{
		ID: "d0123456789abcdef", Team: "T1", Owner: "U1",
		Story: "Dana Lee at Acme went quiet 3 weeks ago after our demo. She loved the reporting module but said budget was tight. I've sent 2 follow-ups.",
		Facts: coach.Facts{Prospect: "Dana Lee", Company: "Acme", DaysSilent: 21, FollowUps: 2, Channel: "email"},
		Diagnosis: coach.Diagnosis{Reasons: []coach.Score{
			{ID: coach.Timing, Score: 0.82, Evidence: []string{"said budget was tight", "answered: the contract ends in March"}},
			{ID: coach.Value, Score: 0.41, Evidence: []string{"no outcome named"}},
		}},
		Stage:     coach.StageDrafted,
		Status:    coach.StatusQuiet,
		CreatedAt: fixedNow.AddDate(0, 0, -2),
		UpdatedAt: fixedNow,
	}
}

func fixtureDraft() coach.Draft {
	return coach.Draft{
		Subject: "Where this stands",
		Text:    "Hi Dana,\n\nI enjoyed our demo & I've wondered since whether the timing is simply wrong for Acme. <No pressure>: if March is better, tell me and I'll come back then.\n\nEither way, the door is open.",
		Mode:    coach.ModeReengage,
		Model:   "gpt-4o-mini",
		Lint: coach.LintReport{Score: 64, Real: coach.RealCheck{Feelings: true, DoorOpen: true},
			Findings: []coach.Finding{{Rule: "pressure", Quote: "No pressure", Advice: "Saying it signals the opposite; drop it."}}},
		Usage: coach.Usage{PromptTokens: 1900, CompletionTokens: 120},
		At:    fixedNow,
	}
}

func TestRenderGolden(t *testing.T) {
	d := fixtureDeal()
	dr := fixtureDraft()
	offline := dr
	offline.Offline, offline.Model, offline.Style, offline.Redrafted = true, "offline", coach.StyleShorter, true
	closing := dr
	closing.Mode = coach.ModeClosing
	edited := dr
	edited.Text, edited.Edited, edited.Lint = "Hi Dana,\n\nI'd still like to help with the reporting. If March suits you better, say so and I'll come back then.", true, lintMessage("Hi Dana, I'd still like to help with the reporting. If March suits you better, say so and I'll come back then.")
	q := coach.Question{ID: "timing-date", Reason: coach.Timing, Text: "Are they tied to a contract or budget date? If so, when does it end?",
		Options: []coach.Option{{Label: "Yes", Value: "yes"}, {Label: "No", Value: "no"}, {Label: "Not sure", Value: "unsure"}}}
	listed := []coach.Deal{d, func() coach.Deal {
		x := fixtureDeal()
		x.ID, x.Facts = "d2", coach.Facts{Company: "Globex"}
		x.Status, x.RemindAt = coach.StatusSnoozed, fixedNow.AddDate(0, 1, 0)
		x.Drafts = []coach.Draft{dr}
		return x
	}()}

	cases := map[string]outMessage{
		"root":     renderDealRoot(d),
		"question": renderQuestion(d.ID, coach.Ask{Question: q, N: 1, Of: 3}, []coach.Effect{coach.Say{Text: "That story is long, so I read only the first 8 KB."}}),
		"insight":  renderQuestion(d.ID, coach.Ask{Question: coach.Question{ID: "insight", Reason: coach.Insights, Text: "What is one thing they have not heard from you yet?"}}, nil),
		"card":     renderDraftCard(d, dr, []coach.Effect{coach.Say{Text: "Send it once, then give them a week or two."}}, ""),
		"card_offline": renderDraftCard(d, offline, nil,
			"I couldn't reach the drafting model, so here's an offline draft."),
		"card_closing": renderDraftCard(d, closing, nil, ""),
		"card_edited":  renderDraftCard(d, edited, []coach.Effect{coach.Say{Text: "Send it once, then give them a week or two."}}, ""),
		"email_copy":   renderEmailCopy(dr),
		"check":        renderCheck(dr.Lint),
		"notes": renderNotes([]coach.Effect{
			coach.Outcome{Status: coach.StatusSnoozed, Text: "Noted. That was the last message."},
			coach.Remind{At: fixedNow.AddDate(0, 3, 0), Why: "in a quarter"},
		}),
		"lint":   renderLint(dr.Lint),
		"list":   renderDealList(listed, fixedNow),
		"forget": renderForgetConfirm(),
		"help":   helpMessage(),
	}
	for name, msg := range cases {
		t.Run(name, func(t *testing.T) {
			checkLimits(t, msg)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // keep &amp; readable in review
			enc.SetIndent("", "  ")
			if err := enc.Encode(msg); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./bot -run TestRenderGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; if the change is intended, run with -update.\ngot:\n%s", path, got)
			}
		})
	}
}

// checkLimits asserts Slack's limits on a message.
func checkLimits(t *testing.T, m outMessage) {
	t.Helper()
	if n := utf8.RuneCountInString(m.Text); n >= 4000 {
		t.Errorf("text of %d chars", n)
	}
	if len(m.Blocks) > maxBlocks {
		t.Errorf("%d blocks", len(m.Blocks))
	}
	raw, _ := json.Marshal(m.Blocks)
	var blocks []map[string]any
	_ = json.Unmarshal(raw, &blocks)
	total := 0
	for i, b := range blocks {
		if txt, ok := b["text"].(map[string]any); ok {
			s, _ := txt["text"].(string)
			total += utf8.RuneCountInString(s)
			if b["type"] == "section" && utf8.RuneCountInString(s) > maxSectionLen {
				t.Errorf("block %d: section of %d chars", i, utf8.RuneCountInString(s))
			}
		}
	}
	if total > maxBlockText+500 {
		t.Errorf("%d chars of block text", total)
	}
}

func TestDraftCardEscapesAndSplitsAHugeDraft(t *testing.T) {
	d := fixtureDeal()
	dr := fixtureDraft()
	dr.Text = strings.Repeat("Hello <!channel> & <@U999> — ", 2000)
	msg := renderDraftCard(d, dr, []coach.Effect{coach.Say{Text: "Next."}}, "")
	checkLimits(t, msg)
	raw, _ := json.Marshal(msg)
	if strings.Contains(string(raw), "<!channel>") || strings.Contains(string(raw), "<@U999>") {
		t.Errorf("untrusted text reached Slack unescaped")
	}
	last := msg.Blocks[len(msg.Blocks)-1]
	if _, ok := last.(*slack.ActionBlock); !ok {
		t.Errorf("the buttons are not the last block: %T", last)
	}
}

// The self_focus note shows in a lint answer as what it is: it lowers the
// score and is no finding, so "No pestering…" still stands beside it.
func TestLintTextShowsSelfFocus(t *testing.T) {
	r := coach.Lint("We are the leading platform. Our customers love our product and we have won awards. I think we could help. My team is great.")
	if r.SelfFocus == nil {
		t.Fatalf("no self focus on a self-focused message: %+v", r)
	}
	txt := lintText(r, 10)
	for _, want := range []string{"Self-focus (lowers the score, not a finding)", "Our customers love our product", "No pestering, guilt or pressure found."} {
		if !strings.Contains(txt, want) {
			t.Errorf("lint text lacks %q:\n%s", want, txt)
		}
	}
	if txt := lintText(coach.Lint("Hi Dana, your renewal is in March; I'll write in February. Good luck with the audit."), 10); strings.Contains(txt, "Self-focus") {
		t.Errorf("a balanced note shows a self-focus line:\n%s", txt)
	}
}
