package textmodel

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// words lists the features of text as the words they came from, negated
// words with a NOT_ prefix, pairs joined by "+".
func words(text string) []string {
	var out []string
	features(text, func(f feature) {
		w := strings.ToLower(strings.ReplaceAll(text[f.start:f.end], "\u2019", "'"))
		if strings.Contains(w, " ") || strings.ContainsAny(w, ",.") {
			w = "pair:" + w
		} else if f.negated && !isNegator(w) {
			w = "NOT_" + w
		}
		out = append(out, w)
	})
	return out
}

func TestFeaturesMarkNegation(t *testing.T) {
	got := strings.Join(words("Price wasn't an issue, but the budget is frozen."), " ")
	want := "price wasn't pair:price wasn't NOT_an pair:wasn't an NOT_issue pair:an issue but the pair:but the budget pair:the budget is pair:budget is frozen pair:is frozen"
	if got != want {
		t.Errorf("features:\n got %s\nwant %s", got, want)
	}
	// The window is four words long.
	got = strings.Join(words("never said a word about the price"), " ")
	if !strings.Contains(got, "NOT_about") || strings.Contains(got, "NOT_the") || strings.Contains(got, "NOT_price") {
		t.Errorf("window: %s", got)
	}
}

func TestFeaturesHashNegatedWordsApart(t *testing.T) {
	hashOf := func(text string, n int) uint32 {
		var hs []uint32
		features(text, func(f feature) { hs = append(hs, f.hash) })
		return hs[n]
	}
	// "issue" plain and "issue" negated are different features; the same
	// word in two spellings of the apostrophe is one.
	if hashOf("issue", 0) == hashOf("no issue", 1) {
		t.Error("a negated word hashes like the plain word")
	}
	if hashOf("didn't", 0) != hashOf("didn\u2019t", 0) || hashOf("Budget", 0) != hashOf("budget", 0) {
		t.Error("the same word hashes apart")
	}
	// Quotes around a word are not part of it.
	if hashOf("'same", 0) != hashOf("same", 0) || hashOf("same'", 0) != hashOf("same", 0) || hashOf("\u2018same\u2019", 0) != hashOf("same", 0) {
		t.Error("a quoted word hashes apart from the word")
	}
	// Accented words stay whole.
	if got := words("décision prise"); len(got) != 3 || got[0] != "décision" {
		t.Errorf("accented: %q", got)
	}
	// A dash ends a pair.
	if got := words("quiet \u2014 budget"); len(got) != 2 {
		t.Errorf("dash: %q", got)
	}
}

// toyDocs is a small problem: three classes told apart by their words,
// one of them only by a negation.
func toyDocs() []Doc {
	var docs []Doc
	for i := range 30 {
		n := fmt.Sprint(i)
		docs = append(docs,
			Doc{Text: "the price is too high for them " + n, Labels: []int{0}},
			Doc{Text: "the budget is frozen until next year " + n, Labels: []int{1}},
			Doc{Text: "the price is not too high, budget is fine " + n, Labels: []int{2}},
			Doc{Text: "too high a price and frozen budget " + n, Labels: []int{0, 1}},
		)
	}
	return docs
}

func TestTrainLearnsAndIsDeterministic(t *testing.T) {
	m, err := Train(toyDocs(), 3, Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]int{
		"honestly the price is too high":        0,
		"their budget is frozen":                1,
		"the price is not too high for them":    2,
		"the budget is fine, price is not high": 2,
	} {
		p := make([]float64, 3)
		m.Probs(text, p)
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		if best != want {
			t.Errorf("%q: class %d (%.2f), want %d", text, best, p, want)
		}
	}
	again, _ := Train(toyDocs(), 3, Config{Seed: 1})
	a, _ := m.MarshalBinary()
	b, _ := again.MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Error("training twice gave two models")
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	m, err := Train(toyDocs(), 3, Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := m.MarshalBinary()
	back, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"price too high", "budget frozen", "nothing known here", ""} {
		x, y := make([]float64, 3), make([]float64, 3)
		kx, ky := m.Scores(text, x), back.Scores(text, y)
		if kx != ky || fmt.Sprint(x) != fmt.Sprint(y) {
			t.Errorf("%q: trained %v (%d known), loaded %v (%d known)", text, x, kx, y, ky)
		}
	}
	if _, err := Load(data[:len(data)-3]); err == nil {
		t.Error("a cut model loaded")
	}
	if _, err := Load([]byte("not a model")); err == nil {
		t.Error("junk loaded")
	}
}

func TestStrongestQuotesUnnegatedWords(t *testing.T) {
	m, err := Train(toyDocs(), 3, Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	text := "She said the budget is frozen."
	s, e, _, ok := m.Strongest(text, 1, nil)
	if !ok || !strings.Contains(text[s:e], "frozen") && !strings.Contains(text[s:e], "budget") {
		t.Errorf("strongest for class 1: %q, %v", text[s:e], ok)
	}
	// A negated word is never the one quoted.
	text = "It is not frozen at all."
	if s, e, _, ok := m.Strongest(text, 1, nil); ok && strings.Contains(text[s:e], "frozen") {
		t.Errorf("quoted a negated word: %q", text[s:e])
	}
	// skip rules words out.
	text = "the budget is frozen"
	if s, e, _, ok := m.Strongest(text, 1, func(int, int) bool { return true }); ok {
		t.Errorf("quoted a skipped word: %q", text[s:e])
	}
}

func TestScoresAllocateNothing(t *testing.T) {
	m, err := Train(toyDocs(), 3, Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, 3)
	text := strings.Repeat("The price is not too high, but the budget is frozen until next year. ", 20)
	if n := testing.AllocsPerRun(20, func() { m.Probs(text, out) }); n != 0 {
		t.Errorf("Probs allocates %.0f times", n)
	}
}

func TestTrainRejectsBadInput(t *testing.T) {
	if _, err := Train(toyDocs(), 1, Config{}); err == nil {
		t.Error("one class trained")
	}
	if _, err := Train([]Doc{{Text: "x", Labels: []int{5}}}, 3, Config{}); err == nil {
		t.Error("a label out of range trained")
	}
}

func BenchmarkProbs(b *testing.B) {
	m, err := Train(toyDocs(), 3, Config{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("Met Priya at Northwind; she said the forecasting view was exactly what her team needed. ", 24)[:2048]
	out := make([]float64, 3)
	b.ReportAllocs()
	for b.Loop() {
		m.Probs(text, out)
	}
}

func TestFeaturesCountSentences(t *testing.T) {
	var got []int
	features("price high, budget. frozen until\nspring; yes", func(f feature) { got = append(got, f.sentence) })
	// price, high, price+high, budget (a comma is no sentence break);
	// frozen, until, frozen+until; spring; yes.
	want := []int{0, 0, 0, 0, 1, 1, 1, 2, 3}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sentences %v, want %v", got, want)
	}
}
