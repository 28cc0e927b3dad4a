package lint

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzCheck checks that Check never panics, scores within 0..100, quotes only
// exact substrings of the sanitised input, and gives the same verdict twice.
func FuzzCheck(f *testing.F) {
	for _, seed := range []string{
		"", " \n\t", "\u200b", lintHonestNote, lintReversalNote, lintCurlyNote,
		"Just bumping this to the top of your inbox",
		"Here\u2019s that link again: https://cal.com/me https://cal.com/me",
		"I noticed you haven\u2019t\u2026 Any update? Can you? Could you?",
		"Hi Dana, she wants fewer late deliveries. Dana said so.",
		"Our pricing is only valid until Friday, and two other clients want the slot.",
		"just \xffchecking in", "\xff\xfe\xfd\xc3\x28", "https://", "www.", "?.!", "'''", "i'", "a'b'c", "- , ; :",
		"\u0130\u212a CHECKING IN \u0130",
		strings.Repeat("checking in ", 3000),
		strings.Repeat("a", scanBytes-1) + "\u00e9 last chance",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := Check(text)
		checkLintInvariants(t, text, r)
		if again := Check(text); !reflect.DeepEqual(r, again) {
			t.Fatalf("Check is not deterministic: %+v then %+v", r, again)
		}
	})
}
