package coach

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzLint checks that Lint never panics, scores within 0..100, quotes only
// exact substrings of the sanitised input, and gives the same verdict twice.
func FuzzLint(f *testing.F) {
	for _, seed := range []string{
		"",
		" \n\t",
		"\u200b",
		lintHonestNote,
		lintReversalNote,
		lintCurlyNote,
		"Just bumping this to the top of your inbox",
		"Here\u2019s that link again: https://cal.com/me https://cal.com/me",
		"I noticed you haven\u2019t\u2026 Any update? Can you? Could you?",
		"just \xffchecking in",
		"\xff\xfe\xfd\xc3\x28",
		"I noticed you haven\xe2\x80",
		"https://", "www.", "http://x?", "?.!", "'''", "i'", "a'b'c",
		"\u0130\u212a CHECKING IN \u0130", // runes whose lower case changes byte length
		strings.Repeat("checking in ", 3000),
		strings.Repeat("\u2019", 7000),
		strings.Repeat("a", lintScanBytes-1) + "\u00e9 last chance",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := Lint(text)
		checkLintInvariants(t, text, r)
		if again := Lint(text); !reflect.DeepEqual(r, again) {
			t.Fatalf("Lint is not deterministic: %+v then %+v", r, again)
		}
	})
}
