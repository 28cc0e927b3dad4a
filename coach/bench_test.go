package coach

import (
	"context"
	"testing"
)

// story2K is a realistic 2 KB deal story, the size the latency target is set for.
var story2K = func() string {
	s := "Met Priya (Head of RevOps) at Northwind in September at the SaaStr booth. Great first call: " +
		"she said the forecasting view was exactly what her team needed, and her VP wanted numbers by Q1. " +
		"We did a demo for four people on Oct 2; lots of nodding, few questions. Sent the proposal the next day. " +
		"Followed up 4 times since by email and once on LinkedIn, nothing. Last reply was 6 weeks ago. " +
		"I heard from a friend they're going through a reorg and the budget is frozen until next quarter. " +
		"They are also happy with their spreadsheets, which work fine for now, and switching would be a hassle. "
	for len(s) < 2048 {
		s += "Their contract with the incumbent ends in June 2027. Priya mentioned the audit takes most of her time. "
	}
	return s[:2048]
}()

// BenchmarkCoachStory measures the per-story work on the hot path: diagnosis,
// question choice, and the lint of a draft. Target: under 1 ms per story.
func BenchmarkCoachStory(b *testing.B) {
	msg := "Hi Priya,\n\nI'll be honest: I've been unsure how to read the quiet since we last spoke. " +
		"I imagine the reorg has you stretched, and this can rightly wait. What I want is for you to make the right call for you, even if that means not now. " +
		"When would it make sense to talk again? If the timing isn't right, no hard feelings: my door is open whenever it is."
	b.ReportAllocs()
	for b.Loop() {
		d, _ := Start("d", "T", "U", story2K, now)
		if _, ok := NextQuestion(d); !ok && d.Pending == nil {
			b.Fatal("no question")
		}
		Lint(msg)
	}
}

func BenchmarkDiagnose(b *testing.B) {
	f := ExtractFacts(story2K, now)
	b.ReportAllocs()
	for b.Loop() {
		Diagnose(story2K, f, nil)
	}
}

func BenchmarkExtractFacts(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ExtractFacts(story2K, now)
	}
}

func BenchmarkOfflineDraft(b *testing.B) {
	d, _ := Start("d", "T", "U", story2K, now)
	req := d.Request(StyleDefault)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(context.Background(), OfflineDrafter{}, req, now, nil); err != nil {
			b.Fatal(err)
		}
	}
}
