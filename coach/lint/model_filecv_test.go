package lint

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var (
	cvFiles   = flag.Bool("cv-files", false, "cross-validate the tone model by leaving one training file out at a time")
	cvDump    = flag.String("cv-dump", "", "with -cv-files: print the misses and false alarms of this left-out training file, or of dev3")
	cvLambdas = flag.String("cv-lambdas", "", "with -cv-files: the L2 penalties to try, comma-separated")
	cvVetoes  = flag.String("cv-vetoes", "", "with -cv-files: the veto probabilities to try, comma-separated")
)

// foldFigures are the figures of a model, with the phrase rules, on
// messages it was not trained on.
type foldFigures struct {
	name                 string
	pushy, honest        int
	aucModel             float64 // the model's probability alone
	ruleRecall, ruleFA   float64 // the phrase rules alone
	recall, fa, aucScore float64 // both passes, at the threshold
	// The best recall over all thresholds whose false alarms stay within
	// 0.02 of the phrase rules' (or under 0.07), and that threshold.
	recallAt, thrAt float64
}

// measure figures the messages' out-of-fold probabilities p with the
// phrase rules' verdicts in rows, at threshold thr.
func measure(name string, samples []trainSample, rows []row, p []float64, thr float64) foldFigures {
	return measureVeto(name, samples, rows, p, thr, vetoBelow)
}

// vetoed is the first pass's verdict on a row after the model's veto of
// weak findings below veto.
func vetoed(r row, p, veto float64) bool {
	if veto < 0 { // every finding may be vetoed, below -veto
		return r.flag && p >= -veto
	}
	return r.strong || r.flag && p >= veto
}

// measureVeto is measure with the veto of weak findings at veto. A vetoed
// message keeps its first-pass score here, so the score AUC is a little
// pessimistic where the veto acts.
func measureVeto(name string, samples []trainSample, rows []row, p []float64, thr, veto float64) foldFigures {
	f := foldFigures{name: name}
	var gp, bp []float64
	var good, bad []int
	rh, ra, hits, alarms := 0, 0, 0, 0
	for i, s := range samples {
		r := rows[i]
		r.flag = vetoed(r, p[i], veto)
		flag := r.flag || p[i] >= thr
		score := blend(r.score, r.flag, p[i], thr)
		if s.pushy {
			f.pushy++
			bp = append(bp, p[i])
			bad = append(bad, score)
			if r.flag {
				rh++
			}
			if flag {
				hits++
			}
		} else {
			f.honest++
			gp = append(gp, p[i])
			good = append(good, score)
			if r.flag {
				ra++
			}
			if flag {
				alarms++
			}
		}
	}
	f.ruleRecall, f.ruleFA = float64(rh)/float64(f.pushy), float64(ra)/float64(f.honest)
	f.recall, f.fa = float64(hits)/float64(f.pushy), float64(alarms)/float64(f.honest)
	f.aucScore = aucOf(good, bad)
	f.aucModel = aucOf(bp, gp) // the model alone: pushy messages should get the higher probability
	cands := slices.Clone(p)
	slices.Sort(cands)
	f.thrAt = 2
	for _, c := range append(cands, 2) {
		h, a := 0, 0
		for i, s := range samples {
			flag := vetoed(rows[i], p[i], veto) || p[i] >= c
			if s.pushy && flag {
				h++
			}
			if !s.pushy && flag {
				a++
			}
		}
		if float64(a)/float64(f.honest) <= max(0.07, f.ruleFA+0.02)+1e-9 {
			f.recallAt, f.thrAt = float64(h)/float64(f.pushy), c
			break
		}
	}
	return f
}

func (f foldFigures) String() string {
	return fmt.Sprintf("%-20s %3d+%3d modelAUC %.3f | rules %.3f/%.3f | thr: recall %.3f FA %.3f scoreAUC %.3f | R@FA %.3f (p>=%.2f)",
		f.name, f.pushy, f.honest, f.aucModel, f.ruleRecall, f.ruleFA, f.recall, f.fa, f.aucScore, f.recallAt, f.thrAt)
}

// fileCVFloor is a little under what the chosen configuration reaches on
// the left-out files, pooled: model AUC 0.975, recall 0.936, false alarms
// 0.055 with train_D, train_E and train_F in the pool (0.976 / 0.958 /
// 0.052 before them). Those three were written for the subtle slips a
// decent rep makes and are harder left out (recall 0.83-0.88, false alarms
// 0.05-0.09 at 0.60), which is why the pooled recall fell while every
// measure-only file's rose when they were trained in.
//
// At threshold 0.50, with train_O, train_Q and train_R in and self_centred
// a note: model AUC 0.980, recall 0.950, false alarms 0.067.
var fileCVFloor = foldFigures{aucModel: 0.970, recall: 0.940, fa: 0.072}

// dev3Samples are the messages of eval_dev3.jsonl, never trained on.
func dev3Samples(t *testing.T) []trainSample {
	var out []trainSample
	for _, m := range loadEval(t, "testdata/eval_dev3.jsonl") {
		out = append(out, trainSample{text: m.Text, pushy: m.Label == "pushy", family: m.Family, source: "eval_dev3.jsonl"})
	}
	return out
}

// TestModelFileCV measures how the tone model carries to a writer it has
// not read: for each training file it trains on all the others and
// measures the one left out, and it pools the six files of messages
// written apart from the phrase rules (train_messages, train_voices,
// train_A, train_B, train_C, eval_dev4) over a range of thresholds (and,
// with -cv-vetoes, of veto probabilities); then it trains on all and
// measures dev3. It trains nine models, so it runs only with -cv-files.
// At modelConfig and modelThreshold the pooled figures must hold
// fileCVFloor.
func TestModelFileCV(t *testing.T) {
	if !*cvFiles {
		t.Skip("trains a model per training file; run with -cv-files")
	}
	samples, _ := loadTraining(t)
	dev := dev3Samples(t)
	lambdas := []float64{modelConfig.lambda}
	if *cvLambdas != "" {
		lambdas = nil
		for _, l := range strings.Split(*cvLambdas, ",") {
			v, _ := strconv.ParseFloat(l, 64)
			lambdas = append(lambdas, v)
		}
	}
	rows, labels := featurizeAll(samples, modelConfig)
	drows, _ := featurizeAll(dev, modelConfig)
	files := []string{}
	for _, s := range samples {
		if !slices.Contains(files, s.source) {
			files = append(files, s.source)
		}
	}
	for _, l := range lambdas {
		cfg := modelConfig
		cfg.lambda = l
		t.Logf("lambda %g", l)
		var poolS []trainSample
		var poolR []row
		var poolP []float64
		for _, file := range files {
			var tr []row
			var tl []bool
			var te []row
			var ts []trainSample
			for i, s := range samples {
				if s.source == file {
					te, ts = append(te, rows[i]), append(ts, s)
				} else {
					tr, tl = append(tr, rows[i]), append(tl, labels[i])
				}
			}
			pred := train(tr, tl, cfg).predictor()
			p := make([]float64, len(te))
			for i, r := range te {
				p[i] = pred(r)
			}
			if file == *cvDump {
				dump(t, ts, te, p)
			}
			if file != "families.txt" && file != "eval_messages.jsonl" {
				poolS, poolR, poolP = append(poolS, ts...), append(poolR, te...), append(poolP, p...)
			}
			t.Log(measure("-"+file, ts, te, p, modelThreshold))
		}
		vetoes := []float64{vetoBelow}
		if *cvVetoes != "" {
			vetoes = nil
			for _, v := range strings.Split(*cvVetoes, ",") {
				x, _ := strconv.ParseFloat(v, 64)
				vetoes = append(vetoes, x)
			}
			for _, v := range vetoes {
				for _, thr := range []float64{0.5, 0.55, 0.6, 0.65, 0.7, 0.75} {
					t.Log(measureVeto(fmt.Sprintf("veto<%.2f@%.2f", v, thr), poolS, poolR, poolP, thr, v))
				}
			}
		}
		for _, thr := range []float64{0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 2} {
			f := measure(fmt.Sprintf("pooled@%.2f", thr), poolS, poolR, poolP, thr)
			t.Log(f)
			if l == modelConfig.lambda && thr == modelThreshold &&
				(f.aucModel < fileCVFloor.aucModel || f.recall < fileCVFloor.recall || f.fa > fileCVFloor.fa) {
				t.Errorf("left-out files, pooled: model AUC %.3f recall %.3f false alarms %.3f; the floor is %.2f, %.2f and %.2f",
					f.aucModel, f.recall, f.fa, fileCVFloor.aucModel, fileCVFloor.recall, fileCVFloor.fa)
			}
		}
		pred := train(rows, labels, cfg).predictor()
		p := make([]float64, len(drows))
		for i, r := range drows {
			p[i] = pred(r)
		}
		if *cvDump == "dev3" {
			dump(t, dev, drows, p)
		}
		for _, thr := range []float64{0.6, 0.7, 0.8} {
			t.Log(measure(fmt.Sprintf("dev3@%.2f", thr), dev, drows, p, thr))
		}
	}
}

// dump prints what the lint misses and flags wrongly among samples.
func dump(t *testing.T, samples []trainSample, rows []row, p []float64) {
	for i, s := range samples {
		flag := vetoed(rows[i], p[i], vetoBelow) || p[i] >= modelThreshold
		switch {
		case s.pushy && !flag:
			t.Logf("MISS %s p=%.2f %q", s.family, p[i], s.text)
		case !s.pushy && flag:
			t.Logf("FA %s rules=%v p=%.2f %q", s.family, rows[i].flag, p[i], s.text)
		}
	}
}
