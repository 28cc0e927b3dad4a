package lint

import (
	"strings"
	"testing"
)

// lintBenchMessage is a realistic 2 KB draft: mostly honest, with a few
// problems for the rules to find.
var lintBenchMessage = func() string {
	para := "Hi Dana, honestly I'm a bit confused. Our call in March felt like a real fit for the reporting " +
		"headaches your team described, and then things went quiet. Just checking in: did you get my email " +
		"with the pilot plan? Here's the deck again: https://x.co/deck. I want your team to stop losing " +
		"Fridays to spreadsheets, whether that's with us or not. Could you let me know by Friday? " +
		"If the timing has changed, no hard feelings; the door is open whenever it suits you.\n\n"
	var b strings.Builder
	for b.Len() < 2048 {
		b.WriteString(para)
	}
	return b.String()[:2048]
}()

func BenchmarkLint(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(lintBenchMessage)))
	for b.Loop() {
		Check(lintBenchMessage)
	}
}

func BenchmarkLintHuge(b *testing.B) {
	huge := strings.Repeat(lintBenchMessage, 64) // 128 KB
	b.ReportAllocs()
	b.SetBytes(int64(len(huge)))
	for b.Loop() {
		Check(huge)
	}
}

func BenchmarkCompilePhrases(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compile(phraseFile); err != nil {
			b.Fatal(err)
		}
	}
}
