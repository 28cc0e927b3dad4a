package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/coach"
)

func TestDiagnoseReadsAgainstNow(t *testing.T) {
	t.Parallel()
	story := "She went quiet after the Nov 12 call. I emailed her once after that.\n"
	r := ghosted(t, nil, story, "diagnose", "--json", "--now", "2026-12-06")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var out struct {
		Facts coach.Facts `json:"facts"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	f := out.Facts
	if f.FollowUps != 1 || f.Channel != "email" || f.Prospect != "" || f.DaysSilent != 24 {
		t.Fatalf("facts = %+v, want 1 touch by email, no name, 24 days silent", f)
	}
	// The same story read a week later is a week quieter.
	r = ghosted(t, nil, story, "diagnose", "--json", "--now", "2026-12-13")
	json.Unmarshal([]byte(r.stdout), &out)
	if out.Facts.DaysSilent != 31 {
		t.Fatalf("days silent a week later = %d, want 31", out.Facts.DaysSilent)
	}
	if r := ghosted(t, nil, story, "diagnose", "--now", "12/06/2026"); r.code != 2 || !strings.Contains(r.stderr, "--now wants a date like") {
		t.Fatalf("bad --now: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestDraftGreetsTheNameNeverATitle(t *testing.T) {
	t.Parallel()
	story := "Marcus Lee, VP Finance at Brightline Health, said on our intro call that closing the books takes them 9 days. " +
		"I sent the proposal on Nov 3 and have emailed him twice since. Nothing for 24 days.\n"
	r := ghosted(t, nil, story, "draft", "--json", "--now", "2026-12-06")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var out struct {
		Mode, Channel, Subject, Body string
		Lint                         coach.LintReport
		Facts                        coach.Facts
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	first := strings.SplitN(out.Body, "\n", 2)[0]
	if !strings.Contains(first, "Marcus") || strings.Contains(out.Body, "Finance,") || strings.Contains(out.Body, "VP") {
		t.Fatalf("greeting %q (body %q): want Marcus, never a title", first, out.Body)
	}
	// The proposal and two emails since: three unanswered touches, so this
	// is the respectful last message.
	if out.Channel != "email" || out.Mode != "last" || out.Subject == "" {
		t.Fatalf("channel %q mode %q subject %q: want the last email, with a subject", out.Channel, out.Mode, out.Subject)
	}
	if out.Facts.FollowUps != 3 || out.Facts.Company != "Brightline Health" {
		t.Fatalf("facts = %+v", out.Facts)
	}
	// Text output says what was read, the draft and the advice.
	r = ghosted(t, nil, story, "draft", "--now", "2026-12-06")
	for _, want := range []string{"What I read: Marcus Lee (Brightline Health) · email · 3 unanswered", "Hi Marcus,", "Next step:"} {
		if !strings.Contains(r.stdout, want) && !(want == "Hi Marcus," && strings.Contains(r.stdout, "Hello Marcus,")) {
			t.Errorf("draft output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := ghosted(t, nil, "  \n", "draft"); r.code != 2 || !strings.Contains(r.stderr, "no story") {
		t.Fatalf("empty story: exit %d stderr %q", r.code, r.stderr)
	}
}

func TestTryFixChangesWhatFollows(t *testing.T) {
	t.Parallel()
	story := "Procurement at Orion Retail went quiet 3 weeks ago. I followed up twice.\n\n"
	r := ghosted(t, nil, story+"fix name Nadia\nfix touches 5\n", "try")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"What I read: Orion Retail (no name) · email · 2 unanswered · 3 weeks quiet",
		"I now read: Nadia (Orion Retail)",
		"Drafting (closing", // five touches: only the closing note
		"Nadia,",            // the greeting follows the fix
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := ghosted(t, nil, story+"fix touches lots\n", "try"); !strings.Contains(r.stdout, "touches wants a number") {
		t.Errorf("a bad fix is explained:\n%s", r.stdout)
	}
}

func TestTryReadsAPastedStoryWithParagraphs(t *testing.T) {
	t.Parallel()
	// In a terminal a paste keeps its paragraphs; two empty lines end it.
	paste := "Dana at Acme went quiet after the demo.\n\nShe said the price was fine.\n\nI followed up twice by email.\n\n\nskip\n"
	var out strings.Builder
	ctx := context.Background()
	done := make(chan struct{})
	defer close(done)
	tr := &terminal{lines: readLines(strings.NewReader(paste), false, done), out: newWrapper(&out, 80), interactive: true}
	got, err := tr.readStory(ctx)
	if err != nil || !strings.Contains(got, "I followed up twice by email.") || !strings.Contains(got, "\n\n") {
		t.Fatalf("story = %q (%v), want all three paragraphs", got, err)
	}
	if l, _ := tr.line(ctx, ""); l != "skip" {
		t.Fatalf("next line = %q, want the answer after the story", l)
	}
	// Piped input: the first empty line ends the story, so later paragraphs
	// are answers, as the README's example expects.
	tr = &terminal{lines: readLines(strings.NewReader(paste), false, done), out: newWrapper(&out, 80)}
	if got, err := tr.readStory(ctx); got != "Dana at Acme went quiet after the demo." {
		t.Fatalf("piped story = %q (%v)", got, err)
	}
}

func TestTrySaysToFinishTheInsightSlot(t *testing.T) {
	t.Parallel()
	story := "Dana at Acme went quiet 3 weeks ago after the demo. I emailed twice.\n\n"
	answers := strings.Repeat("1\n", 4)
	r := ghosted(t, nil, story+answers+"two of their peers cut late deliveries by a fifth after switching to route alerts\n", "try", "--offline")
	if r.code != 0 || !strings.Contains(r.stdout, "[your insight:") || !strings.Contains(r.stdout, "Note: "+coach.UnfinishedSlotNote) {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
}
