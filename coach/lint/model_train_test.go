package lint

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var updateModel = flag.Bool("update", false, "rewrite model.txt from the training data")

// The training files. The other eval_*.jsonl files are measured, never
// trained on. train_A.txt, train_B.txt and train_C.txt came from writers
// who never saw the lint; they were measured left out (TestModelFileCV)
// before any phrase rule was written from them (train_C first met the lint
// at 0.880 / 0.080 / 0.962). eval_dev4.jsonl was a measure-only file until
// its first figures were recorded; it is training data now. train_D,
// train_E and train_F (300 messages each) came from three further writers
// who never saw the lint: the subtle slips of decent reps, one pushy
// sentence in an ordinary email, and short casual texts and DMs; train_H
// (many senders: SDR steps, founders, renewals, agencies, distributors,
// pushy P.S. lines). A set of hard look-alike pairs (train_G) was tried
// and left out: it cost recall on every measure-only file. train_I to
// train_N (300 messages each, six more writers who never saw the lint:
// second-language and small-business senders; polite soft pressure;
// "helpful" framing around a hard ask; idioms, emoji and indirect
// wording; honest twins of pushy notes; ten selling situations' own
// levers) were first seen at 0.900 / 0.060 / 0.959, 0.827 / 0.080 / 0.920
// (I, J with the model before them), 0.807 / 0.027 / 0.927, 0.907 / 0.060
// / 0.965 (K, L with I and J in), 0.927 / 0.047 / 0.964 and 0.833 / 0.113
// / 0.933 (M, N with I and J in).
var trainingFiles = []string{
	"testdata/train_messages.txt",
	"testdata/families.txt",
	"testdata/train_voices.txt",
	"testdata/eval_messages.jsonl",
	"testdata/train_A.txt",
	"testdata/train_B.txt",
	"testdata/train_C.txt",
	"testdata/eval_dev4.jsonl",
	"testdata/train_D.jsonl",
	"testdata/train_F.jsonl",
	"testdata/train_E.jsonl",
	"testdata/train_H.jsonl",
	"testdata/train_I.jsonl",
	"testdata/train_J.jsonl",
	"testdata/train_K.jsonl",
	"testdata/train_L.jsonl",
	"testdata/train_M.jsonl",
	"testdata/train_N.jsonl",
	"testdata/train_O.jsonl",
	"testdata/train_Q.jsonl",
	"testdata/train_R.jsonl",
	"testdata/train_S.jsonl",
	"testdata/train_U.jsonl",
	"testdata/train_V.jsonl",
	"testdata/train_W.jsonl",
}

// trainConfig is everything besides the data that decides the weights.
type trainConfig struct {
	lambda  float64  // L2 penalty on the mean log loss
	minDF   int      // a word feature needs this many training messages
	iters   int      // gradient steps
	skip    []string // feature prefixes left out
	keepMin float64  // weights smaller than this are not written
}

// modelConfig is the configuration model.txt is trained with. Lambda was
// chosen by TestModelFileCV (-cv-files -cv-lambdas), which trains on all
// training files but one and measures the one left out. Pooled over the six
// files written apart from the rules (train_messages, train_voices,
// train_A, train_B, train_C, eval_dev4), with the phrase rules of round 2,
// the model's AUC is 0.977, 0.975 and (before those rules) 0.966 and 0.959
// for lambda 1e-4, 3e-4, 1e-3 and 3e-3; with 2,900 more messages than when
// 1e-3 was chosen, a lighter penalty now carries better. At threshold 0.60
// 1e-4 and 3e-4 are within noise (recall 0.961 and 0.960, false alarms
// 0.061 and 0.055), and 3e-4 keeps model.txt under 0.5 MB.
var modelConfig = trainConfig{lambda: 3e-4, minDF: 2, iters: 2000, keepMin: 5e-3}

// modelThreshold is the probability at which the tone finding fires, and
// vetoBelow (lint.go) the one under which the model drops findings that
// rest only on a combination of cues; both chosen by TestModelFileCV
// (-cv-vetoes), pooled over the six files above left out one at a time.
// There, at 0.60 with the veto at 0.10: recall 0.958, false alarms 0.052,
// score AUC 0.981 (phrases alone 0.827 / 0.020); 0.55 gives 0.960 / 0.058,
// 0.65 gives 0.949 / 0.044. Left out one by one: train_A 0.990 / 0.050,
// train_B 0.920 / 0.030, train_C 0.995 / 0.045, eval_dev4 0.958 / 0.058,
// train_voices 0.945 / 0.061, train_messages 0.956 / 0.053. The veto is
// near neutral there (without it 0.960 / 0.055; a veto at 0.30 gives 0.946
// / 0.045, as 0.65 without one does), but before this round's narrowing of
// the rules, when the phrase rules' false alarms on a left-out file were
// what a fresh writer meets (0.039 pooled), a veto at 0.30 gained about
// 0.005 recall at equal false alarms; the small veto is kept for writers
// whose honest notes still set off cue combinations. (These figures are
// flattered: the phrase rules, and so the model's phrase features, were
// written from those files' misses and false alarms; dev5 and the
// held-back file are the fair measure.)
//
// Lowered to 0.50 once the I/you balance stopped being a finding (it is
// the self_focus note now) and warm goodbyes and "if you ever need us"
// softened the break-up phrases: pooled over every training file left out
// one at a time (3,457 pushy, 3,485 honest), 0.50 gives recall 0.950,
// false alarms 0.067, score AUC 0.974 (phrases alone 0.764 / 0.026); 0.55
// gives 0.942 / 0.062, 0.60 gives 0.934 / 0.053; recall at 0.07 false
// alarms is 0.951, at 0.49. With self_centred still a finding, 0.50 gave
// 0.950 / 0.078 and 0.60 0.935 / 0.063.
const modelThreshold = 0.50

// trainSample is one training message.
type trainSample struct {
	text   string
	pushy  bool
	family string
	source string // file name
}

func loadTraining(t testing.TB) ([]trainSample, string) {
	t.Helper()
	h := sha256.New()
	var out []trainSample
	for _, path := range trainingFiles {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
		name := path[strings.LastIndexByte(path, '/')+1:]
		if strings.HasSuffix(path, ".jsonl") {
			sc := bufio.NewScanner(strings.NewReader(string(b)))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				if strings.TrimSpace(sc.Text()) == "" {
					continue
				}
				var m evalMessage
				if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				out = append(out, trainSample{text: m.Text, pushy: m.Label == "pushy", family: m.Family, source: name})
			}
			continue
		}
		for n, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			head, text, ok := strings.Cut(line, " | ")
			label, family, _ := strings.Cut(head, " ")
			if !ok || label != "pushy" && label != "honest" {
				t.Fatalf("%s line %d: want \"pushy|honest FAMILY | text\"", path, n+1)
			}
			out = append(out, trainSample{text: strings.ReplaceAll(text, `\n`, "\n"), pushy: label == "pushy", family: family, source: name})
		}
	}
	return out, hex.EncodeToString(h.Sum(nil))
}

// row is one message's features before the vocabulary is fixed.
type row struct {
	names  []string // the message's own features
	values []float64
	sents  [][]string // the word features of each sentence
	svals  [][]float64
	flag   bool // the phrase rules found something
	strong bool // a finding that the model may not veto
	score  int  // the first pass's score
}

func featurize(text string, cfg trainConfig) row {
	var r row
	rep, strong := check(text, func(name string, v float64, sent int) {
		for _, p := range cfg.skip {
			if strings.HasPrefix(name, p) {
				return
			}
		}
		if sent < 0 {
			r.names = append(r.names, name)
			r.values = append(r.values, v)
			return
		}
		for len(r.sents) <= sent {
			r.sents = append(r.sents, nil)
			r.svals = append(r.svals, nil)
		}
		r.sents[sent] = append(r.sents[sent], name)
		r.svals[sent] = append(r.svals[sent], v)
	})
	r.flag, r.score, r.strong = len(rep.Findings) > 0, rep.Score, strong
	return r
}

// sparse is a feature vector over a fixed vocabulary.
type sparse struct {
	idx []int32
	val []float64
}

func (x sparse) dot(w []float64) float64 {
	var z float64
	for k, j := range x.idx {
		z += w[j] * x.val[k]
	}
	return z
}

func (x sparse) norm2() float64 {
	var n float64
	for _, v := range x.val {
		n += v * v
	}
	return n
}

// example is a row over the vocabulary.
type example struct {
	msg   sparse
	sents []sparse
}

type trained struct {
	vocab []string
	w     []float64
	bias  float64
}

func isWordFeature(n string) bool {
	return strings.HasPrefix(n, featWord) || strings.HasPrefix(n, featPair)
}

func vocabulary(rows []row, cfg trainConfig) map[string]int32 {
	df := map[string]int{}
	for _, r := range rows {
		seen := map[string]bool{}
		for _, n := range r.names {
			seen[n] = true
		}
		for _, s := range r.sents {
			for _, n := range s {
				seen[n] = true
			}
		}
		for n := range seen {
			df[n]++
		}
	}
	names := make([]string, 0, len(df))
	for n, c := range df {
		if c >= cfg.minDF || !isWordFeature(n) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	v := make(map[string]int32, len(names))
	for i, n := range names {
		v[n] = int32(i)
	}
	return v
}

func toSparse(names []string, values []float64, vocab map[string]int32) sparse {
	acc := map[int32]float64{}
	for i, n := range names {
		if j, ok := vocab[n]; ok {
			v := 1.0
			if values != nil {
				v = values[i]
			}
			acc[j] += v
		}
	}
	var s sparse
	for j := range acc {
		s.idx = append(s.idx, j)
	}
	slices.Sort(s.idx)
	for _, j := range s.idx {
		s.val = append(s.val, acc[j])
	}
	return s
}

func toExample(r row, vocab map[string]int32) example {
	e := example{msg: toSparse(r.names, r.values, vocab)}
	for i, s := range r.sents {
		e.sents = append(e.sents, toSparse(s, r.svals[i], vocab))
	}
	return e
}

// forward returns the log-odds of an example and the soft-maximum weight of
// each sentence (into soft).
func forward(e example, w []float64, bias float64, soft []float64) (float64, []float64) {
	soft = soft[:0]
	hi := math.Inf(-1)
	for _, s := range e.sents {
		u := s.dot(w)
		soft = append(soft, u)
		hi = max(hi, u)
	}
	z := bias + e.msg.dot(w)
	if len(soft) == 0 {
		return z, soft
	}
	var sum float64
	for i, u := range soft {
		soft[i] = math.Exp(u - hi)
		sum += soft[i]
	}
	for i := range soft {
		soft[i] /= sum
	}
	return z + hi + math.Log(sum), soft
}

// train fits the model by Nesterov's accelerated gradient descent on the
// mean log loss plus an L2 penalty, with a fixed step and number of steps,
// so the same data gives the same weights.
func train(rows []row, labels []bool, cfg trainConfig) trained {
	vocab := vocabulary(rows, cfg)
	xs := make([]example, len(rows))
	bound := 0.0
	for i, r := range rows {
		xs[i] = toExample(r, vocab)
		sn := 0.0
		for _, s := range xs[i].sents {
			sn = max(sn, s.norm2())
		}
		bound = max(bound, 1+xs[i].msg.norm2()+sn)
	}
	d := len(vocab)
	// The log loss has curvature at most 1/4 and the soft maximum adds
	// its own; 1/2 per unit of squared norm is a safe bound for both.
	step := 1 / (0.5*bound + cfg.lambda)
	w, y := make([]float64, d+1), make([]float64, d+1)
	grad := make([]float64, d+1)
	var soft []float64
	nf := float64(len(rows))
	for it := 1; it <= cfg.iters; it++ {
		clear(grad)
		for i, x := range xs {
			var z float64
			z, soft = forward(x, y[:d], y[d], soft)
			g := sigmoid(z)
			if labels[i] {
				g--
			}
			g /= nf
			for k, j := range x.msg.idx {
				grad[j] += g * x.msg.val[k]
			}
			for si, s := range x.sents {
				gs := g * soft[si]
				for k, j := range s.idx {
					grad[j] += gs * s.val[k]
				}
			}
			grad[d] += g
		}
		for j := 0; j < d; j++ {
			grad[j] += cfg.lambda * y[j]
		}
		mom := float64(it-1) / float64(it+2)
		for j := range w {
			next := y[j] - step*grad[j]
			y[j] = next + mom*(next-w[j])
			w[j] = next
		}
	}
	names := make([]string, d)
	for n, j := range vocab {
		names[j] = n
	}
	return trained{vocab: names, w: w[:d], bias: w[d]}
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// predictor returns a function that scores rows with the model.
func (m trained) predictor() func(row) float64 {
	index := make(map[string]int32, len(m.vocab))
	for i, n := range m.vocab {
		index[n] = int32(i)
	}
	return func(r row) float64 {
		z, _ := forward(toExample(r, index), m.w, m.bias, nil)
		return sigmoid(z)
	}
}

// render writes model.txt. Weights are rounded to five significant digits;
// the staleness test compares them with a tolerance, since the sums of a
// different machine may differ in their last bits.
func (m trained) render(dataHash string, cfg trainConfig, threshold float64) string {
	var b strings.Builder
	b.WriteString("# The tone model of the lint: a logistic regression, written by\n")
	b.WriteString("# `go test ./coach/lint -run TestModelWeights -update` from the training\n")
	b.WriteString("# files named in model_train_test.go. Do not edit by hand: edit the\n")
	b.WriteString("# training data and run the test. Lines are weight<TAB>feature; w: is a\n")
	b.WriteString("# word, b: two words (^ opens a sentence), s: the shape of the message,\n")
	b.WriteString("# c: a cue of phrases.txt, k: a phrase section (a rule family, ask, door...).\n")
	fmt.Fprintf(&b, "data %s\n", dataHash)
	fmt.Fprintf(&b, "lambda %g\n", cfg.lambda)
	fmt.Fprintf(&b, "threshold %g\n", threshold)
	fmt.Fprintf(&b, "bias %s\n", strconv.FormatFloat(m.bias, 'g', 5, 64))
	type kv struct {
		n string
		w float64
	}
	var kept []kv
	for i, n := range m.vocab {
		if math.Abs(m.w[i]) >= cfg.keepMin {
			kept = append(kept, kv{n, m.w[i]})
		}
	}
	slices.SortFunc(kept, func(a, b kv) int {
		if c := cmp.Compare(math.Abs(b.w), math.Abs(a.w)); c != 0 {
			return c
		}
		return strings.Compare(a.n, b.n)
	})
	for _, e := range kept {
		fmt.Fprintf(&b, "%s\t%s\n", strconv.FormatFloat(e.w, 'g', 5, 64), e.n)
	}
	return b.String()
}

func featurizeAll(samples []trainSample, cfg trainConfig) ([]row, []bool) {
	rows := make([]row, len(samples))
	labels := make([]bool, len(samples))
	for i, s := range samples {
		rows[i] = featurize(s.text, cfg)
		labels[i] = s.pushy
	}
	return rows, labels
}

// TestModelWeights retrains the tone model and fails when model.txt is not
// what the training data gives: the data changed, or the features did,
// without the weights being rebuilt. -update rewrites model.txt.
func TestModelWeights(t *testing.T) {
	if (testing.Short() || raceDetector) && !*updateModel {
		t.Skip("retraining takes a few seconds (minutes under the race detector; .ci/run runs it without)")
	}
	samples, dataHash := loadTraining(t)
	rows, labels := featurizeAll(samples, modelConfig)
	m := train(rows, labels, modelConfig)
	want := m.render(dataHash, modelConfig, modelThreshold)
	if *updateModel {
		if err := os.WriteFile("model.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote model.txt: %d features", strings.Count(want, "\t"))
		return
	}
	got, err := parseModel(modelFile)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := parseModel(want)
	if err != nil {
		t.Fatal(err)
	}
	const hint = "; run go test ./coach/lint -run TestModelWeights -update"
	if got.dataHash != fresh.dataHash {
		t.Fatalf("model.txt was trained on other data (%.12s, the files give %.12s)%s", got.dataHash, fresh.dataHash, hint)
	}
	if got.threshold != fresh.threshold || got.lambda != fresh.lambda {
		t.Fatalf("model.txt has threshold %g lambda %g, the code says %g and %g%s",
			got.threshold, got.lambda, fresh.threshold, fresh.lambda, hint)
	}
	if math.Abs(got.bias-fresh.bias) > 1e-3 {
		t.Errorf("bias %g, retrained %g%s", got.bias, fresh.bias, hint)
	}
	// Weights are compared by name; one missing on a side counts as 0, and
	// may differ by the pruning bound too, since a retraining on another
	// machine may land a weight on either side of it.
	gw, fw := weightsByName(modelFile), weightsByName(want)
	diff := 0
	for n, w := range fw {
		tol := 1e-3
		if _, ok := gw[n]; !ok {
			tol += modelConfig.keepMin
		}
		if math.Abs(gw[n]-w) > tol {
			diff++
		}
	}
	for n, w := range gw {
		if _, ok := fw[n]; !ok && math.Abs(w) > modelConfig.keepMin+1e-3 {
			diff++
		}
	}
	if diff > 0 {
		t.Errorf("%d of %d weights differ from a retraining%s", diff, len(fw), hint)
	}
}

var cvSweep = flag.Bool("cv-sweep", false, "cross-validate a range of L2 penalties and configurations")

// cvResult is the out-of-fold record of one configuration.
type cvResult struct {
	p     []float64 // out-of-fold probability per sample
	rules []bool    // the phrase rules' verdict per sample
	score []int     // the first pass's score per sample
}

func crossValidate(samples []trainSample, cfg trainConfig, folds int) cvResult {
	rows, labels := featurizeAll(samples, cfg)
	res := cvResult{p: make([]float64, len(rows)), rules: make([]bool, len(rows)), score: make([]int, len(rows))}
	for i, r := range rows {
		res.rules[i], res.score[i] = r.flag, r.score
	}
	for f := range folds {
		var tr []row
		var tl []bool
		for i := range rows {
			if foldOf(samples[i], folds) != f {
				tr = append(tr, rows[i])
				tl = append(tl, labels[i])
			}
		}
		pred := train(tr, tl, cfg).predictor()
		for i := range rows {
			if foldOf(samples[i], folds) == f {
				res.p[i] = pred(rows[i])
			}
		}
	}
	return res
}

// foldOf assigns a message to a fold by a hash of its text, so the folds do
// not depend on the order of the files.
func foldOf(s trainSample, folds int) int { return int(fnv(s.text) % uint64(folds)) }

// cvFigures are the figures of one configuration on a subset of samples.
type cvFigures struct {
	aucModel, recall, falseAlarm, aucScore float64
	pushy, honest                          int
	missed                                 map[string]int // pushy messages missed, by family
}

// blend is Check's score from the first pass's score and the model's p.
func blend(first int, found bool, p, threshold float64) int {
	return blendWith(first, found, p, threshold, tonePenalty, toneFloor)
}

func blendWith(first int, found bool, p, threshold, penalty, floor float64) int {
	score := first
	if !found && p >= threshold {
		score = min(score-rules[ruleTone].weight, findingCeiling)
	}
	if p > floor {
		score -= int(math.Round(penalty * (p - floor) / (1 - floor)))
	}
	return max(0, min(100, score))
}

func figures(samples []trainSample, res cvResult, threshold float64, keep func(trainSample) bool) cvFigures {
	f := cvFigures{missed: map[string]int{}}
	var good, bad []int
	hits, alarms := 0, 0
	var gp, bp []float64
	for i, s := range samples {
		if !keep(s) {
			continue
		}
		flag := res.rules[i] || res.p[i] >= threshold
		if s.pushy && !flag {
			f.missed[s.family]++
		}
		score := blend(res.score[i], res.rules[i], res.p[i], threshold)
		if s.pushy {
			f.pushy++
			bp = append(bp, res.p[i])
			bad = append(bad, score)
			if flag {
				hits++
			}
		} else {
			f.honest++
			gp = append(gp, res.p[i])
			good = append(good, score)
			if flag {
				alarms++
			}
		}
	}
	f.recall = float64(hits) / float64(f.pushy)
	f.falseAlarm = float64(alarms) / float64(f.honest)
	f.aucScore = aucOf(good, bad)
	// The model alone: pushy messages should get the higher probability.
	f.aucModel = aucOf(bp, gp)
	return f
}

// TestModelCrossValidation measures the tone model out of fold: five folds
// over the training messages, each predicted by a model trained on the
// other four. It logs the model's own AUC and, with the phrase rules, the
// recall, false alarms and score AUC, on all the training messages, and on
// train_messages.txt and train_voices.txt alone (the phrase rules were
// written before those files; phrase lines were added after reading their
// misses, so the combination is measured there nearly, not wholly,
// fairly). A random fold holds messages by the same writers as the model
// was trained on; TestModelFileCV, which leaves whole files out, is the
// harder test of a new voice, and chose modelConfig and modelThreshold.
// With -cv-sweep this test tries a range of penalties and thresholds.
func TestModelCrossValidation(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("cross-validation trains five models (.ci/run runs it without the race detector)")
	}
	samples, _ := loadTraining(t)
	configs := []trainConfig{modelConfig}
	if *cvSweep {
		configs = nil
		for _, l := range []float64{3e-4, 1e-3, 3e-3} {
			c := modelConfig
			c.lambda = l
			configs = append(configs, c)
		}
		// An ablation: the words alone, without what the first pass saw.
		c := modelConfig
		c.skip = []string{featCue, featKind}
		configs = append(configs, c)
	}
	fresh := func(s trainSample) bool { return s.source == "train_messages.txt" }
	voices := func(s trainSample) bool { return s.source == "train_voices.txt" }
	all := func(trainSample) bool { return true }
	for _, cfg := range configs {
		res := crossValidate(samples, cfg, 5)
		for _, thr := range []float64{0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 2} {
			// A threshold of 2 is never reached: the phrase rules alone.
			chosen := cfg.lambda == modelConfig.lambda && cfg.skip == nil && thr == modelThreshold
			if !*cvSweep && !chosen && thr != 2 {
				continue
			}
			a, n, v := figures(samples, res, thr, all), figures(samples, res, thr, fresh), figures(samples, res, thr, voices)
			t.Logf("lambda %g skip %v threshold %.2f: all %d+%d model AUC %.3f recall %.3f false alarms %.3f score AUC %.3f | "+
				"train_messages %d+%d model AUC %.3f recall %.3f false alarms %.3f score AUC %.3f | "+
				"train_voices %d+%d model AUC %.3f recall %.3f false alarms %.3f score AUC %.3f",
				cfg.lambda, cfg.skip, thr, a.pushy, a.honest, a.aucModel, a.recall, a.falseAlarm, a.aucScore,
				n.pushy, n.honest, n.aucModel, n.recall, n.falseAlarm, n.aucScore,
				v.pushy, v.honest, v.aucModel, v.recall, v.falseAlarm, v.aucScore)
			if chosen {
				t.Logf("  missed on train_messages, by family: %v", n.missed)
			}
			if chosen && *cvSweep {
				for _, pen := range []float64{30, 45, 60, 80} {
					for _, fl := range []float64{0, 0.15, 0.3} {
						var good, bad []int
						for i, s := range samples {
							if fresh(s) {
								sc := blendWith(res.score[i], res.rules[i], res.p[i], thr, pen, fl)
								if s.pushy {
									bad = append(bad, sc)
								} else {
									good = append(good, sc)
								}
							}
						}
						t.Logf("  penalty %g floor %.2f: score AUC on train_messages %.3f", pen, fl, aucOf(good, bad))
					}
				}
			}
			if chosen && (n.aucModel < cvFloor.aucModel || n.recall < cvFloor.recall || n.falseAlarm > cvFloor.falseAlarm) {
				t.Errorf("cross-validation on train_messages fell below its floor %+v", cvFloor)
			}
		}
	}
}

// cvFloor holds the out-of-fold figures on train_messages.txt a little
// under what the chosen configuration reaches: model AUC 0.984, recall
// 0.971, false alarms 0.081 at threshold 0.50 (0.944 and 0.055 at 0.60
// before it; the phrases alone 0.797 and 0.024). The file is the oldest
// and plainest; the threshold is chosen on every file left out in turn
// (modelThreshold).
var cvFloor = cvFigures{aucModel: 0.97, recall: 0.93, falseAlarm: 0.09}

// weightsByName reads the weight lines of a model file.
func weightsByName(src string) map[string]float64 {
	out := map[string]float64{}
	for _, line := range strings.Split(src, "\n") {
		if w, name, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
			v, _ := strconv.ParseFloat(w, 64)
			out[name] = v
		}
	}
	return out
}
