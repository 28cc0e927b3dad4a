package textmodel

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// words lists the features of text other than stems as the words they
// came from, negated words with a NOT_ prefix, pairs with a pair: prefix.
func words(text string) []string {
	var out []string
	features(text, func(f feature) {
		if f.stem {
			return
		}
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
	features("price high, budget. frozen until\nspring; yes", func(f feature) {
		if !f.stem {
			got = append(got, f.sentence)
		}
	})
	// price, high, price+high, budget (a comma is no sentence break);
	// frozen, until, frozen+until; spring; yes.
	want := []int{0, 0, 0, 0, 1, 1, 1, 2, 3}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sentences %v, want %v", got, want)
	}
}

// stemOf is the hash of the stem feature of a one-word text, and whether
// it has one.
func stemOf(text string) (h uint32, negated, ok bool) {
	features(text, func(f feature) {
		if f.stem {
			h, negated, ok = f.hash, f.negated, true
		}
	})
	return h, negated, ok
}

func TestFeaturesStemWords(t *testing.T) {
	// The forms of a word share a stem feature.
	for _, group := range [][]string{
		{"pricing", "priced", "prices", "Price"},
		{"budget", "budgets", "Budgets"},
		{"restructuring", "restructured", "restructure"},
		{"delayed", "delays", "delaying"},
	} {
		want, _, ok := stemOf(group[0])
		if !ok {
			t.Fatalf("%q has no stem", group[0])
		}
		for _, w := range group[1:] {
			if got, _, ok := stemOf(w); !ok || got != want {
				t.Errorf("%q and %q have different stems", group[0], w)
			}
		}
	}
	// Different words keep apart; short words and words with an
	// apostrophe keep only their word.
	a, _, _ := stemOf("pricing")
	if b, _, _ := stemOf("printing"); a == b {
		t.Error("pricing and printing share a stem")
	}
	for _, w := range []string{"cost", "didn't", "décision"} {
		if _, _, ok := stemOf(w); ok {
			t.Errorf("%q has a stem feature", w)
		}
	}
	// A stem in a negation window is negated, and hashes apart.
	var plain, neg uint32
	var negated bool
	features("pricing", func(f feature) {
		if f.stem {
			plain = f.hash
		}
	})
	features("no pricing", func(f feature) {
		if f.stem {
			neg, negated = f.hash, f.negated
		}
	})
	if !negated || plain == neg {
		t.Errorf("negated stem: negated %v, same hash %v", negated, plain == neg)
	}
}

func TestPresenceModel(t *testing.T) {
	m, err := Train(toyDocs(), 3, Config{Seed: 1, Presence: true})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Presence() {
		t.Fatal("not a presence model")
	}
	// Each class has its own probability: a text stating two classes
	// gives both a high one, which a softmax could not.
	p := make([]float64, 3)
	m.Probs("too high a price and frozen budget", p)
	if p[0] < 0.5 || p[1] < 0.5 || p[0]+p[1]+p[2] < 1.1 {
		t.Errorf("two classes: %.2f", p)
	}
	m.Probs("their budget is frozen", p)
	if p[1] < 0.5 || p[0] > 0.5 {
		t.Errorf("one class: %.2f", p)
	}
	// The kind of model survives its bytes.
	data, _ := m.MarshalBinary()
	back, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	q := make([]float64, 3)
	back.Probs("their budget is frozen", q)
	if !back.Presence() || fmt.Sprint(p) != fmt.Sprint(q) {
		t.Errorf("loaded: presence %v, %v want %v", back.Presence(), q, p)
	}
}

func TestSentenceProbs(t *testing.T) {
	m, err := Train(toyDocs(), 3, Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	// A class one sentence states keeps its weight beside a longer text
	// about another.
	text := "The price is too high for them, far too high, the price is high. Also the budget is frozen."
	whole, best := make([]float64, 3), make([]float64, 3)
	m.Probs(text, whole)
	m.SentenceProbs(text, best)
	if best[1] <= whole[1] || best[1] < 0.5 {
		t.Errorf("budget: whole text %.2f, best sentence %.2f", whole[1], best[1])
	}
	if n := testing.AllocsPerRun(20, func() { m.SentenceProbs(text, best) }); n != 0 {
		t.Errorf("SentenceProbs allocates %.0f times", n)
	}
}

func TestBundleRoundTrip(t *testing.T) {
	soft, err := Train(toyDocs(), 3, Config{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	pres, err := Train(toyDocs(), 3, Config{Seed: 1, Presence: true})
	if err != nil {
		t.Fatal(err)
	}
	data, err := MarshalBundle(soft, pres)
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadBundle(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back[0].Presence() || !back[1].Presence() {
		t.Fatalf("bundle read back as %d models", len(back))
	}
	for i, m := range []*Model{soft, pres} {
		x, y := make([]float64, 3), make([]float64, 3)
		m.Probs("the budget is frozen", x)
		back[i].Probs("the budget is frozen", y)
		if fmt.Sprint(x) != fmt.Sprint(y) {
			t.Errorf("model %d: %v, read back %v", i, x, y)
		}
	}
	for _, bad := range [][]byte{data[:len(data)-1], append(append([]byte{}, data...), 0), []byte("ghtb1\n"), data[6:]} {
		if _, err := LoadBundle(bad); err == nil {
			t.Errorf("a broken bundle (%d bytes) loaded", len(bad))
		}
	}
}

func TestProbsAndSentencesIsBoth(t *testing.T) {
	soft, _ := Train(toyDocs(), 3, Config{Seed: 1})
	pres, _ := Train(toyDocs(), 3, Config{Seed: 2, Presence: true})
	text := "The price is too high for them. Also the budget is frozen, not fine."
	a, b := make([]float64, 3), make([]float64, 3)
	c, d := make([]float64, 3), make([]float64, 3)
	ka := soft.Probs(text, a)
	pres.SentenceProbs(text, b)
	kc := ProbsAndSentences(soft, pres, text, c, d)
	if ka != kc || fmt.Sprint(a, b) != fmt.Sprint(c, d) {
		t.Errorf("together %v %v (%d known), apart %v %v (%d known)", c, d, kc, a, b, ka)
	}
	if n := testing.AllocsPerRun(20, func() { ProbsAndSentences(soft, pres, text, c, d) }); n != 0 {
		t.Errorf("ProbsAndSentences allocates %.0f times", n)
	}
}
