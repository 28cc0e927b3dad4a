package lint

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// Messages written for these tests, in none of the training files: subtle
// pressure with no stock phrase, and honest notes.
var (
	toneOnlyPushy = []string{
		"Hi Joe, heads up that once the quarter closes, this price won't be something I can offer again.",
		"Hi Ama, I've kept your trial open past its end date as a favour, so it would be good to know where you've landed.",
		"Hi Beth, I believe your director would want to know about these savings, so I'll forward the figures to him this week.",
	}
	toneHonest = []string{
		"Hi Gina, hope the conference went well! I enjoyed your panel on supplier audits.",
		"Hi Ravi, you mentioned the budget review is in March, so I'll leave this with you until then. Good luck with it.",
		"Hi Ana, is the reporting problem still the main headache for your team, or has something else taken over?",
		"Hi Sam, thanks for the honest no. It helps more than silence, and I hope the other route works out.",
		"Hi Kit, we've added the export your analysts asked for. Nothing to do; I just promised to tell you.",
	}
)

// phraseOnly is what the first pass alone finds in text.
func phraseOnly(text string) Report {
	rep, _ := check(text, func(string, float64, int) {})
	return rep
}

func TestToneFinding(t *testing.T) {
	for _, text := range toneOnlyPushy {
		if f := phraseOnly(text).Findings; len(f) != 0 {
			t.Fatalf("the phrase rules already find %+v in %q; the test wants a message they miss", f, text)
		}
		r := Check(text)
		checkLintInvariants(t, text, r)
		if len(r.Findings) != 1 || r.Findings[0].Rule != RuleTone {
			t.Errorf("Check(%q) = %+v, want one tone finding", text, r.Findings)
			continue
		}
		f := r.Findings[0]
		if r.Tone < int(100*model().threshold) {
			t.Errorf("tone %d is under the threshold, yet a tone finding was made", r.Tone)
		}
		if r.Score > findingCeiling || r.Passed() {
			t.Errorf("score %d passed=%v with a tone finding", r.Score, r.Passed())
		}
		// The advice names phrases of the quoted sentence, never the
		// greeting.
		if !strings.Contains(f.Advice, "weigh most") || strings.Contains(f.Advice, `"Hi`) {
			t.Errorf("advice %q does not name the phrases that weigh most", f.Advice)
		}
		for _, part := range strings.Split(f.Advice, `"`)[1:2] {
			if !strings.Contains(f.Quote, part) {
				t.Errorf("advice names %q, which is not in the quote %q", part, f.Quote)
			}
		}
	}
	for _, text := range toneHonest {
		r := Check(text)
		checkLintInvariants(t, text, r)
		if len(r.Findings) != 0 || r.Tone >= 50 {
			t.Errorf("honest %q: tone %d findings %+v", text, r.Tone, r.Findings)
		}
	}
}

// TestToneOnlyAdds: the model never takes a finding of the first pass
// away, except the findings of cue combinations of a message it is very
// sure is honest (below vetoBelow), and makes a tone finding only where the
// first pass found nothing.
func TestToneOnlyAdds(t *testing.T) {
	samples, _ := loadTraining(t)
	tone, vetoes := 0, 0
	for _, s := range samples {
		want, got := phraseOnly(s.text).Findings, Check(s.text).Findings
		var rest []Finding
		for _, f := range got {
			if f.Rule == RuleTone {
				tone++
				if len(want) > 0 {
					t.Errorf("tone finding beside first-pass findings %+v in %q", want, s.text)
				}
				continue
			}
			rest = append(rest, f)
		}
		if len(rest) == 0 && len(want) > 0 {
			rep, strong := check(s.text, nil)
			if strong || float64(rep.Tone) > 100*vetoBelow+0.5 { // Tone is rounded
				t.Fatalf("%q: phrase findings %+v dropped (strong %v, tone %d%%)", s.text, want, strong, rep.Tone)
			}
			vetoes++
			continue
		}
		if len(rest) != len(want) {
			t.Fatalf("%q: phrase findings %+v became %+v", s.text, want, rest)
		}
		for i := range rest {
			if rest[i] != want[i] {
				t.Fatalf("%q: phrase finding %+v became %+v", s.text, want[i], rest[i])
			}
		}
	}
	if vetoBelow > 0 && vetoes == 0 {
		t.Error("the model vetoed no weak finding on any training message")
	}
	if tone == 0 {
		t.Error("no tone finding on any training message")
	}
}

// TestToneAsTrained: the lint scores a message exactly as the trainer's
// model does (the fast keys and the named features agree).
func TestToneAsTrained(t *testing.T) {
	samples, _ := loadTraining(t)
	w := weightsByName(modelFile)
	vocab := make([]string, 0, len(w))
	for n := range w {
		vocab = append(vocab, n)
	}
	m := trained{vocab: vocab, w: make([]float64, len(vocab)), bias: model().bias}
	for i, n := range vocab {
		m.w[i] = w[n]
	}
	predict := m.predictor()
	for i, s := range samples {
		if i%7 != 0 {
			continue
		}
		want := predict(featurize(s.text, modelConfig))
		if got := Check(s.text).Tone; math.Abs(float64(got)-100*want) > 0.51 {
			t.Errorf("%q: tone %d, the trainer's model says %.4f", s.text, got, want)
		}
	}
}

func TestParseModel(t *testing.T) {
	m, err := parseModel("# c\ndata abc\nlambda 0.5\nthreshold 0.6\nbias -1.5\n2.5\tw:quick\n-1\tb:^ thanks\n0.75\tc:deadline\n")
	if err != nil {
		t.Fatal(err)
	}
	if m.dataHash != "abc" || m.lambda != 0.5 || m.threshold != 0.6 || m.bias != -1.5 {
		t.Errorf("header read as %+v", m)
	}
	for name, want := range map[string]float32{"w:quick": 2.5, "b:^ thanks": -1, "c:deadline": 0.75, "w:slow": 0, "b:thanks ^": 0} {
		if got := m.weights.get(featureKey(name)); got != want {
			t.Errorf("weight of %s = %g, want %g", name, got, want)
		}
	}
	if got := m.weights.get(wordKey(fnv("quick"))); got != 2.5 {
		t.Errorf("the key of a scored word misses its weight: %g", got)
	}
	for _, bad := range []string{"oops 1\n", "x\tw:a\n", "1\t\n", "1\tb:nospace\n", "bias x\n"} {
		if _, err := parseModel(bad); err == nil {
			t.Errorf("parseModel(%q) succeeded", bad)
		}
	}
	if _, err := parseModel(modelFile); err != nil {
		t.Errorf("model.txt: %v", err)
	}
}

// TestToneScore: the model's confidence lowers the score of a message
// without findings, and the JSON report carries it.
func TestToneScore(t *testing.T) {
	low, high := Check(toneHonest[0]), Check(toneOnlyPushy[0])
	if low.Tone >= high.Tone || low.Score <= high.Score {
		t.Errorf("honest tone %d score %d, pushy tone %d score %d", low.Tone, low.Score, high.Tone, high.Score)
	}
	b, _ := json.Marshal(high)
	if !strings.Contains(string(b), `"tone":`) || !strings.Contains(string(b), `"rule":"tone"`) {
		t.Errorf("JSON %s lacks the tone", b)
	}
}
