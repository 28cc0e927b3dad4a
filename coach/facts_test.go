package coach

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// now is a fixed Monday used across the coach tests.
var now = time.Date(2026, time.November, 23, 10, 0, 0, 0, time.UTC)

func TestExtractFacts(t *testing.T) {
	tests := []struct {
		name       string
		story      string
		prospect   string
		company    string
		daysSilent int
		followUps  int
		channel    string
		dateKind   string
		dateWhen   string // "Jan 2006" or "" for unresolved/none
	}{
		{"named at company", "Dana at Acme went quiet 3 weeks ago. I followed up twice by email.",
			"Dana", "Acme", 21, 2, "email", "", ""},
		{"lead verb and role", "Met Priya (Head of RevOps) at Northwind in September. Sent the proposal, followed up 4 times since, nothing.",
			// Written follow-ups with no channel named are emails; the
			// proposal went unanswered after the meeting too, so it is one
			// of the five sends.
			"Priya", "Northwind", -1, 5, "email", "", ""},
		{"counted emails", "Sent 3 unanswered emails to Tom from Globex over the last month. Last spoke 6 weeks ago.",
			"Tom", "Globex", 42, 3, "email", "", ""},
		{"contract signed last spring", "They signed a 2-year contract with a competitor last spring.",
			"", "", -1, -1, "", DateContractEnd, "Mar 2028"},
		{"contract ends month year", "Their contract with the incumbent ends in June 2027, so they're stuck till then.",
			"", "", -1, -1, "", DateContractEnd, "Jun 2027"},
		// "a few times" is a guess, not a count: unknown, so the coach asks;
		// the channel is still read.
		{"budget quarter", "The budget gets decided in Q2, she said. Pinged her on LinkedIn a few times.",
			"", "", -1, -1, "linkedin", DateBudget, "Apr 2027"},
		{"modal fields", "Prospect: Sam Rivera\nCompany: Initech\nLast contact: 2026-10-24\nFollow-ups sent since: 2 follow-ups\nChannel: email",
			"Sam Rivera", "Initech", 30, 2, "email", "", ""},
		{"nothing known", "they went quiet", "", "", -1, -1, "", "", ""},
		{"not followed up", "I haven't followed up yet, it's been two weeks of silence.", "", "", 14, 0, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ExtractFacts(tt.story, now)
			if f.Prospect != tt.prospect || f.Company != tt.company {
				t.Errorf("names = %q at %q, want %q at %q", f.Prospect, f.Company, tt.prospect, tt.company)
			}
			if f.DaysSilent != tt.daysSilent {
				t.Errorf("DaysSilent = %d, want %d", f.DaysSilent, tt.daysSilent)
			}
			if f.FollowUps != tt.followUps {
				t.Errorf("FollowUps = %d, want %d", f.FollowUps, tt.followUps)
			}
			if f.Channel != tt.channel {
				t.Errorf("Channel = %q, want %q", f.Channel, tt.channel)
			}
			if tt.dateKind == "" {
				for _, d := range f.Dates {
					if d.Kind == DateContractEnd || d.Kind == DateBudget {
						t.Errorf("unexpected date %+v", d)
					}
				}
				return
			}
			var found bool
			for _, d := range f.Dates {
				if d.Kind == tt.dateKind {
					found = true
					if got := d.When.Format("Jan 2006"); tt.dateWhen != "" && got != tt.dateWhen {
						t.Errorf("%s resolved to %s, want %s (from %q)", d.Kind, got, tt.dateWhen, d.Text)
					}
				}
			}
			if !found {
				t.Errorf("no %s date in %+v", tt.dateKind, f.Dates)
			}
		})
	}
}

func TestCleanStory(t *testing.T) {
	t.Run("invalid utf8 and controls", func(t *testing.T) {
		got, cut := CleanStory("  Dana\xff\xfe went\x00 quiet\r\n\u200b ")
		if cut || !utf8.ValidString(got) || strings.ContainsAny(got, "\x00\r\u200b") {
			t.Fatalf("CleanStory = %q, %v", got, cut)
		}
		if got != "Dana\uFFFD went quiet" {
			t.Fatalf("CleanStory = %q", got)
		}
	})
	t.Run("huge story is cut at a rune boundary", func(t *testing.T) {
		raw := strings.Repeat("é quiet prospect ", 100<<10/17)
		got, cut := CleanStory(raw)
		if !cut || len(got) > MaxStoryBytes || !utf8.ValidString(got) {
			t.Fatalf("cut=%v len=%d valid=%v", cut, len(got), utf8.ValidString(got))
		}
	})
	t.Run("empty", func(t *testing.T) {
		if got, cut := CleanStory(" \n\t "); got != "" || cut {
			t.Fatalf("CleanStory = %q, %v", got, cut)
		}
	})
}
