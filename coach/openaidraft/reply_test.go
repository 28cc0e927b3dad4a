package openaidraft

import (
	"strings"
	"testing"
)

func TestParseReply(t *testing.T) {
	for _, tc := range []struct{ raw, subject, text string }{
		{"Hi Dana,\n\nThanks.", "", "Hi Dana,\n\nThanks."},
		{"  \n\nHi Dana,\n\nThanks.\n\n", "", "Hi Dana,\n\nThanks."},
		{"Subject: Your renewal\n\nHi Dana,\n\nThanks.", "Your renewal", "Hi Dana,\n\nThanks."},
		{"**Subject:** Your renewal\nHi Dana,", "Your renewal", "Hi Dana,"},
		{"subject: \"Your renewal\"\n\nHi", "Your renewal", "Hi"},
		{"```\nSubject: A\n\nHi Dana,\n```", "A", "Hi Dana,"},
		{"```text\nHi Dana,\n```", "", "Hi Dana,"},
		{"\"Hi Dana, thanks.\"", "", "Hi Dana, thanks."},
		{"“Hi Dana, thanks.”", "", "Hi Dana, thanks."},
		{"\"Hi\" is what I said, \"bye\" too", "", "\"Hi\" is what I said, \"bye\" too"},
		{"Here's a draft you could send:\n\nSubject: A\n\nHi Dana,", "A", "Hi Dana,"},
		{"Sure! Here is the message:\n\"Hi Dana,\"", "", "Hi Dana,"},
		{"Here's what changed at Acme: their renewal moved.", "", "Here's what changed at Acme: their renewal moved."},
		{"Subjects we discussed: pricing.\nHi", "", "Subjects we discussed: pricing.\nHi"},
		{"", "", ""},
		{"Subject: Only a subject", "Only a subject", ""},
		{"```\n```", "", ""},
	} {
		subject, text := parseReply(tc.raw)
		if subject != tc.subject || text != tc.text {
			t.Errorf("parseReply(%q) = %q, %q; want %q, %q", tc.raw, subject, text, tc.subject, tc.text)
		}
	}
}

func TestPartial(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"", ""},
		{"S", ""},
		{"Subj", ""},
		{"Subject: Your ren", ""},
		{"Subject: Your renewal\n", ""},
		{"Subject: Your renewal\n\nHi Da", "Hi Da"},
		{"H", ""},
		{"Hi Da", "Hi Da"},
		{"Here's a draft:\n\nHi", "Hi"},
		{"```", ""},
		{"``", ""},
		{"Hi Dana,\n``", "Hi Dana,"},
		{"```\nHi Dana", "Hi Dana"},
		{"\"Hi Dana", "Hi Dana"},
		{"Sarah, you", "Sarah, you"},
	} {
		if got := partial(tc.raw); got != tc.want {
			t.Errorf("partial(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

// Streaming a reply rune by rune, every partial is a prefix of the next and
// of the final text, so the Slack message only ever grows.
func TestPartialsGrowTowardsFinal(t *testing.T) {
	for _, raw := range []string{
		"Subject: Your renewal\n\nHi Dana,\n\nI wondered whether March still works for you.",
		"```\nHi Dana,\n\nThanks for the time.\n```",
		"Here's a draft:\n\nHi Dana, thanks.",
		"\"Hi Dana, thanks.\"",
	} {
		_, final := parseReply(raw)
		prev := ""
		for i := range len(raw) + 1 {
			p := partial(raw[:i])
			if p == "" {
				continue
			}
			if !strings.HasPrefix(p, prev) && !strings.HasPrefix(final, p) {
				t.Errorf("%q: partial %q after %q is neither growing nor a prefix of %q", raw, p, prev, final)
			}
			prev = p
		}
	}
}
