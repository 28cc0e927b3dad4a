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

// partial is streamText's specification: what to show for a whole reply so
// far, computed from scratch. streamText must agree with it on every prefix
// of a reply, whatever the chunking.
func partial(raw string) string {
	s := strings.TrimLeft(raw, " \t\r\n")
	if strings.HasPrefix(s, "```") {
		_, rest, ok := strings.Cut(s, "\n")
		if !ok {
			return ""
		}
		s = strings.TrimLeft(rest, " \t\r\n")
	}
	first, rest, complete := strings.Cut(s, "\n")
	if !complete {
		if maybeHeader(first) {
			return ""
		}
	} else {
		line := strings.TrimSpace(first)
		if preamble.MatchString(line) {
			return partial(rest)
		}
		if subjectLine.MatchString(line) {
			s = rest
		}
	}
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "\"“")
	return strings.TrimSpace(strings.TrimRight(s, "`"))
}

// TestStreamTextMatchesPartial feeds replies to streamText a byte, a few
// bytes and a word at a time, and checks every step against partial.
func TestStreamTextMatchesPartial(t *testing.T) {
	replies := []string{
		"Subject: Your renewal\n\nHi Dana,\n\nI wondered whether March still works for you.",
		"```\nHi Dana,\n\nThanks for the time.\n```",
		"```text\nSubject: A\n\nHi Dana,\n```",
		"Here's a draft:\n\nHi Dana, thanks.",
		"Sure! Here is the message:\n```\n\"Hi Dana,\"\n```",
		"\"Hi Dana, thanks.\"",
		"  \n\n**Subject:** Your renewal\nHi Dana,",
		"Sarah, you asked about pricing. Here's what changed at Acme: their renewal moved.",
		"Subjects we discussed: pricing.\nHi",
		"Hi Dana,\n``",
		"“Hi Dana,” I wrote.",
	}
	for _, raw := range replies {
		for _, size := range []int{1, 3, 7, 1000} {
			var st streamText
			shown := ""
			for i := 0; i < len(raw); i += size {
				end := min(i+size, len(raw))
				got, changed := st.add(raw[i:end])
				want := partial(raw[:end])
				if got != want {
					t.Errorf("%q in chunks of %d, after %q: got %q, want %q", raw, size, raw[:end], got, want)
					break
				}
				if changed != (got != shown) {
					t.Errorf("%q after %q: changed %v, but %q → %q", raw, raw[:end], changed, shown, got)
				}
				shown = got
			}
			if st.String() != raw {
				t.Errorf("streamText kept %q, want %q", st.String(), raw)
			}
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

// BenchmarkStreamText is one long reply (97 KB in 25,000 chunks) through the
// streaming cleaner: its cost grows with the reply, not with its square.
func BenchmarkStreamText(b *testing.B) {
	long := strings.Repeat("I keep wondering whether the timing is simply wrong for you right now. ", 1400)
	const chunks = 25000
	size := len(long)/chunks + 1
	b.ReportAllocs()
	for b.Loop() {
		var st streamText
		for i := 0; i < len(long); i += size {
			st.add(long[i:min(i+size, len(long))])
		}
	}
}
