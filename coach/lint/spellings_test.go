package lint

import (
	"regexp"
	"testing"
)

// TestTextSpellings: a chat spelling finds what its full word finds, and
// every spelling stands for a word the phrase file uses.
func TestTextSpellings(t *testing.T) {
	for _, pair := range [][2]string{
		{"hey, did you get a chance to look at the quote?", "hey, did u get a chance to look at the quote?"},
		{"I haven't heard back, so this is my third email.", "I havent heard back, so this is my third email."},
		{"Please decide by Friday, the price goes up Monday.", "pls decide by Friday, the price goes up Monday."},
	} {
		full, short := phraseOnly(pair[0]), phraseOnly(pair[1])
		if len(full.Findings) == 0 {
			t.Fatalf("%q has no finding; the test wants one", pair[0])
		}
		if len(short.Findings) != len(full.Findings) || short.Findings[0].Rule != full.Findings[0].Rule {
			t.Errorf("%q: %+v, but %q: %+v", pair[1], short.Findings, pair[0], full.Findings)
		}
	}
	tb := phrases()
	for short, full := range textSpellings {
		id, ok := tb.dict[full]
		if !ok {
			t.Errorf("%q stands for %q, which no phrase uses", short, full)
			continue
		}
		// A spelling the phrase file uses as a word of its own keeps it.
		own := regexp.MustCompile(`(^|[^a-z'])` + regexp.QuoteMeta(short) + `($|[^a-z'])`).MatchString(phraseFile)
		if got := tb.dict[short]; got != id && !own {
			t.Errorf("%q does not read as %q", short, full)
		}
	}
}
