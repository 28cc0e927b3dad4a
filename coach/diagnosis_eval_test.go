package coach

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// The diagnosis eval: stories written for the project by people who never
// read the rules, each labelled with the reason (or two) a good sales
// manager would name. diagnosis_dev.jsonl to diagnosis_dev4.jsonl were
// written independently, each in its own voice; a held-back file joins
// them by the same pattern. diagnosis_author.jsonl and
// diagnosis_author2.jsonl hold stories the lexicon's authors wrote beyond
// the dev sets (author2: 717 stories in twelve batches, each note naming
// its batch): a regression check, not an independent one. Every
// testdata/eval/diagnosis_*.jsonl file is run through the path `ghosted
// diagnose --json` takes (the story read against the case's date, then
// diagnosed), and scored:
//
//   - top-1: the leading reason is one of the labelled reasons;
//   - top-2: every labelled reason is in the top two (for a two-reason
//     story, both; either may lead).
//
// Run with -v to see the figures per file and per reason, and the misses.
//
// Since the reason model joined the cues (diagnosis_model.go), the
// measure-only files went from 0.870/0.910 (dev5), 0.887/0.940 (dev6) and
// 0.897/0.940 (holdout) with the cues alone to the floors' figures below.
//
// A file the lexicon was tuned on measures little once tuned: the honest
// figure is the one taken the first time a file is read. dev2 was first
// read at 0.78 top-1 / 0.76 top-2, dev3 (after the work on dev2, before any
// cue was written for it) at 0.855 / 0.850, dev4 (after dev3) at 0.797 /
// 0.810. The author2 batches, each read before any cue was written for
// it, with the lexicon as the batches before had left it: 0.84/0.88 (56
// stories), 0.69/0.72 (58), 0.82/0.86 (66), 0.67/0.73 (60), 0.80/0.83 (60),
// 0.87/0.90 (112 one-line paraphrases), 0.90/0.87 (30 long pastes),
// 0.72/0.81 (140 unusual one-liners), 0.81/0.87 (53), 0.86/0.79 (42, twelve
// with two reasons), then two batches of 20 stories that each name two
// reasons, the second only in passing: 1.00/0.60 and 0.95/0.70. That
// second reason is what unseen stories still miss most.
//
// The presence model (one sigmoid per reason, read sentence by sentence)
// joined the runner-up rule with diagnosis_train_6, and the model's
// features gained word stems; the measure-only files moved from the
// figures before (dev5 0.955 / 0.994, dev6 0.920 / 0.993, dev8 0.850 /
// 0.770, dev9 0.880 / 0.860, holdout 0.957 / 0.991) to dev5 0.955 /
// 0.989, dev6 0.920 / 0.993, dev8 0.880 / 0.790, dev9 0.890 / 0.830,
// dev10 0.910 / 0.950, holdout 0.957 / 0.991. Training on
// diagnosis_train_7 and the runner-up rule re-chosen by cross-validation
// with it (cues x0.5 + models x5, from x0.75 + x4) moved them to the
// floors' figures below. Training on diagnosis_train_8 and _9 (the rule
// and the blend weight kept: cross-validation with them still puts both
// within noise of the best) moved the measure-only files from dev5 0.955
// / 0.989, dev6 0.933 / 0.987, dev8 0.900 / 0.790, dev9 0.890 / 0.860,
// dev10 0.910 / 0.960, dev11 0.930 / 0.870, dev12 0.910 / 0.910, dev13
// 0.930 / 0.910, holdout 0.974 / 0.991 to dev5 0.966 / 0.989, dev6 0.933
// / 0.993, dev8 0.880 / 0.810, dev9 0.900 / 0.870, dev10 0.920 / 0.960,
// dev11 0.930 / 0.880, dev12 0.920 / 0.910, dev13 0.930 / 0.950, holdout
// 0.974 / 0.983.

// diagnosisFloors are the top-1 and top-2 floors per eval file, a little
// under what the diagnosis (cues and reason model) reaches, so a change
// that costs accuracy fails here. The training files (dev to dev4, the
// author files, diagnosis_train_*) both shaped the cues and train the
// reason model, so they are regression checks. dev5, dev6, dev8 to dev11
// and the holdout only measure: no cue was written for them and the model
// never trains on them (reasonTrainingFiles checks the list).
var diagnosisFloors = map[string][2]float64{
	"diagnosis_dev.jsonl":  {0.98, 0.99},
	"diagnosis_dev2.jsonl": {0.98, 0.99},
	"diagnosis_dev3.jsonl": {0.98, 0.99},
	"diagnosis_dev4.jsonl": {0.98, 0.99},
	// dev5 was measured blind at 0.859 / 0.870 before any cue looked at
	// it; the cues alone later reached 0.870 / 0.910, with the reason model
	// 0.955 / 0.972, with the presence model and stems 0.955 / 0.989.
	"diagnosis_dev5.jsonl": {0.94, 0.97},
	// dev6 was measured blind at 0.860 / 0.900 before any cue looked at
	// it; the cues alone later reached 0.887 / 0.940, with the reason model
	// 0.927 / 0.993, with the presence model and stems 0.920 / 0.993,
	// with train_7 0.933 / 0.987.
	"diagnosis_dev6.jsonl": {0.90, 0.98},
	// The holdout: cues alone 0.897 / 0.940, with the reason model 0.957 /
	// 0.991, with the presence model and stems the same, with train_7
	// 0.974 / 0.991.
	"diagnosis_holdout.jsonl": {0.95, 0.97},
	// dev8, by a writer who saw neither the cues nor the model, a third of
	// its stories with two reasons: first seen at 0.800 / 0.690 by the cues
	// alone and 0.830 / 0.740 with the reason model. The second reason of
	// a two-reason story is what it misses. With train_5, the runner-up
	// rule and cues for passing mentions (none written for dev8): 0.850 /
	// 0.770; dev5 went to 0.955 / 0.994 with them, dev6 to 0.920 / 0.993,
	// the holdout stayed at 0.957 / 0.991. With train_6, the presence model
	// and stems (none of it written or chosen from dev8): 0.880 / 0.790;
	// with train_7 0.900 / 0.790.
	"diagnosis_dev8.jsonl": {0.88, 0.77},
	// dev9, by another writer who saw neither the cues nor the model, a
	// third of its stories with two reasons: first seen at 0.870 / 0.820
	// (cues and reason model, before the second-place rule), 0.880 / 0.860
	// with it; with train_6, the presence model and stems 0.890 / 0.830
	// (three two-reason stories fewer with both in the top two); with
	// train_7 and the runner-up rule re-chosen 0.890 / 0.860. No cue or
	// training story was written from it, and no choice made by it.
	"diagnosis_dev9.jsonl": {0.87, 0.84},
	// dev10, by a third writer who saw neither the cues nor the model (45
	// of its 100 stories with two reasons, 15 of those naming the second
	// only in passing): first seen at 0.880 / 0.880 with the reason model
	// and runner-up rule as they were; 0.910 / 0.950 with train_6, stems
	// and the presence model, which were built without reading it; 0.910 /
	// 0.960 with train_7. Measure-only, like dev5-dev9.
	"diagnosis_dev10.jsonl": {0.89, 0.94},
	// dev11, by a fourth writer (45 two-reason stories, 16 of them naming
	// the second only indirectly): first seen at 0.920 / 0.850 with the
	// presence model; 0.930 / 0.870 with train_7 and the runner-up rule
	// re-chosen, both done before it was in the repository. Measure-only.
	"diagnosis_dev11.jsonl": {0.91, 0.85},
	// dev12, a fifth blind writer's "normal week" (45 two-reason stories,
	// 17 naming the second only in passing): first seen at 0.910 / 0.910
	// with train_7 in. Measure-only.
	"diagnosis_dev12.jsonl": {0.89, 0.89},
	// dev13, a sixth blind writer (45 two-reason stories, negations of
	// other reasons, the rep's own sends): first seen at 0.930 / 0.910.
	// Measure-only.
	"diagnosis_dev13.jsonl": {0.91, 0.89},
	// dev14, a seventh blind writer's normal week of a mixed team (45
	// two-reason stories, 15 naming the second only in passing): first
	// seen at 0.960 / 0.960 with train_8 and train_9 in. Measure-only.
	"diagnosis_dev14.jsonl": {0.94, 0.94},
	// dev15, an eighth blind writer's pastes (the prospect's last email
	// quoted in full, CRM logs, call notes, DM copies; the reasons read
	// from what the prospect wrote or did; 176 of 250 with two reasons):
	// first seen at 0.884 / 0.772 with train_10 in. Written as training
	// data, it was kept to measure instead: trained on, it moved the
	// other measure-only files by a story or two either way, down on the
	// freshest (dev14 top-2 0.960 to 0.940).
	"diagnosis_dev15.jsonl": {0.86, 0.75},
	// dev16, a ninth blind writer's mix of DMs, notes, pasted threads and
	// logs with negations and red herrings (56 of 120 with two reasons):
	// first seen at 0.958 / 0.950 with everything through dev15 in.
	// Measure-only, its misses unread.
	"diagnosis_dev16.jsonl": {0.93, 0.92},
	// dev17, its twin leaning to two-reason stories (66 of 120) in long
	// pastes and logs: first seen at 0.958 / 0.900. Read: the cues for a
	// freeze told as an instruction and a supplier gone under, the greeting
	// inside a Gmail quote, and the reader's chase words came from its
	// misses (0.967 / 0.917 after).
	"diagnosis_dev17.jsonl": {0.94, 0.89},
	// dev18, a tenth blind writer's Slack-length stories with the second
	// reason often in one clause: first seen at 0.967 / 0.950 with
	// everything through dev17 in. Measure-only, its misses unread.
	"diagnosis_dev18.jsonl": {0.94, 0.92},
	// dev19, a month of a team's stories with negations and red herrings
	// in most: first seen at 0.958 / 0.983. Read: the dates a story takes
	// back ("ends in March, but she never treated that as a constraint")
	// came from its misses (0.983 / 0.992 after).
	"diagnosis_dev19.jsonl": {0.95, 0.96},
	// dev20 and dev21, two fresh blind writers (45% two-reason stories,
	// indirect signals, negations and red herrings; dev21 a third long
	// pastes), first seen at 0.967 / 0.942 and 0.925 / 0.950 with
	// everything through dev19 in. dev20 was read and went to the reason
	// model's training (0.992 / 1.000 after, in sample); with it the
	// measure-only files moved by a story or two each way, top-2 up on
	// balance (dev15 0.772 to 0.792, dev18 0.950 to 0.967). dev21 is
	// measure-only, its misses unread.
	"diagnosis_dev20.jsonl": {0.97, 0.97},
	"diagnosis_dev21.jsonl": {0.90, 0.92},
	// dev22, written for training (250 long pastes and notes, 168 with two
	// reasons told only through facts and the prospect's words, with red
	// herrings): first seen at 0.824 / 0.716, the hardest fresh set yet.
	// Trained in, it lifted the measure-only files' top-1 but cost their
	// top-2 (dev8 0.830 to 0.790, dev9 0.870 to 0.850, dev15 0.796 to
	// 0.788), so it measures instead, its misses unread.
	"diagnosis_dev22.jsonl": {0.80, 0.69},
	// dev23, dev22's twin to read (120 long pastes, 78 with two reasons
	// told through facts and quotes): first seen at 0.883 / 0.842. Read:
	// the cues for someone else deciding, said sideways ("it's Frank's
	// call now", "I just run the process", "I don't have a lot of pull")
	// came from its misses (0.883 / 0.867 after); they moved no
	// measure-only file and train_5 by one story.
	"diagnosis_dev23.jsonl":   {0.86, 0.83},
	"diagnosis_author.jsonl":  {0.98, 0.99},
	"diagnosis_author2.jsonl": {0.98, 0.99},
	// Written for the reason model, never read by a cue author. train_1
	// was first seen at 0.793 / 0.901 by the cues alone and 0.860 / 0.967
	// with a model trained on the files before it; train_2 at 0.868 / 0.897
	// and 0.912 / 0.941; train_3 at 0.825 / 0.857 and 0.921 / 0.952;
	// train_4 at 0.822 / 0.911 and 0.911 / 1.000. train_5 came in two
	// parts, most stories with two reasons, the second often only in
	// passing: 231 stories (169 with two) first seen at 0.926 / 0.749 and
	// 0.965 / 0.887; then, after the runner-up rule and cues for passing
	// mentions, 50 harder ones (41 with two) at 0.900 / 0.540 and 0.960 /
	// 0.820. train_6, 250 stories by a new writer (175 with two reasons,
	// many in a second language, CRM notes and pasted emails among them),
	// was first seen at 0.892 / 0.684 by the cues alone and 0.936 / 0.852
	// with the reason model and runner-up rule as they were; 0.944 / 0.872
	// with stems, cues for passing mentions written before it was read,
	// and the presence model in the runner-up rule (models trained without
	// it). train_7, 250 stories by another new writer (201 with two
	// reasons, the second mostly said in passing), was first seen at
	// 0.908 / 0.668 by the cues alone and 0.964 / 0.848 with the reason
	// and presence models and runner-up rule as they were (trained
	// without it). The cues still lead the diagnosis, so training on a
	// file does not make it perfect.
	"diagnosis_train_1.jsonl": {0.93, 0.98},
	"diagnosis_train_2.jsonl": {0.92, 0.98},
	"diagnosis_train_3.jsonl": {0.95, 0.97},
	"diagnosis_train_4.jsonl": {0.94, 0.98},
	"diagnosis_train_5.jsonl": {0.98, 0.97},
	"diagnosis_train_6.jsonl": {0.98, 0.97},
	"diagnosis_train_7.jsonl": {0.98, 0.97},
	// train_8 (250 stories by a new writer, 170 with two reasons, the
	// second mostly in passing: AEs telling their manager in Slack,
	// pasted threads) was first seen at 0.884 / 0.800 and train_9 (250 by
	// another, 175 with two reasons: small-business and field sales, many
	// in a second language, CRM notes) at 0.868 / 0.748, each with the
	// cues and the models as they were. Trained on, they read 0.948 /
	// 0.972 and 0.936 / 0.952.
	"diagnosis_train_8.jsonl": {0.93, 0.95},
	"diagnosis_train_9.jsonl": {0.92, 0.93},
	// train_10 (250 by another writer, 177 with two reasons: a question to
	// the coach first, the rep blaming the wrong reason, the second in a
	// quote or a number) was first seen at 0.928 / 0.836; trained on, 0.976
	// / 0.972. It moved the measure-only files to dev5 0.966 / 0.994, dev6
	// 0.927 / 0.993, dev8 0.890 / 0.810, dev9 0.900 / 0.880, dev10 0.940 /
	// 0.980, dev11 0.930 / 0.870, dev12 0.920 / 0.930, dev13 0.920 / 0.950,
	// dev14 0.960 / 0.960, holdout 0.974 / 0.991.
	"diagnosis_train_10.jsonl": {0.95, 0.95},
	// train_11, 250 stories written for the reason model (175 with two
	// reasons, the second told in passing or implied): first seen at 0.928
	// / 0.888. Trained in, the measure-only files' top-2 rose by a story
	// or two on balance (dev8 0.810 to 0.830, dev10, dev11, dev15, dev18
	// up one, dev9 and dev13 down one) while top-1 held overall (the
	// holdout 0.983 to 0.966, dev15 and dev21 up two).
	"diagnosis_train_11.jsonl": {0.95, 0.95},
	// train_12, 250 stories written for the reason model (170 with two
	// reasons, both told only indirectly): first seen at 0.960 / 0.920;
	// trained on, 0.984 / 0.992. Over the measure-only files top-1 held
	// (even: dev13 +2, dev9 and dev11 +1; dev5, dev8, dev12 −1) and top-2
	// rose by 7 stories (dev22 +4, dev9 and dev15 +2, dev13, dev18 and
	// dev21 +1; dev8, dev11, dev12 and dev16 −1); dev23, read but not
	// trained, lost 2 on top-2.
	"diagnosis_train_12.jsonl": {0.96, 0.97},
	// dev24, a fresh blind set (120 stories, 60 with two reasons, 57
	// long pastes and call notes): first seen at 0.917 / 0.933 with
	// everything through train_11 in; measure-only, its misses unread.
	"diagnosis_dev24.jsonl": {0.89, 0.91},
	// dev25, written for training (250 stories, 170 with two reasons told
	// indirectly, half long pastes): first seen at 0.908 / 0.900. Trained
	// in, it moved the measure-only files by +2 top-1 and −4 top-2 stories,
	// so it is read instead: asking for the business impact in their own
	// terms as a value cue came from its misses (0.912 / 0.904 after;
	// dev5 +1 top-1, no other measure-only file moved).
	"diagnosis_dev25.jsonl": {0.89, 0.88},
	// dev26, a fresh blind set (120 stories, 60 with two reasons, one
	// line to long pastes): first seen at 0.933 / 0.942 with everything
	// through dev25 in; measure-only, its misses unread.
	"diagnosis_dev26.jsonl": {0.91, 0.92},
	// train_13 came as dev27, a fresh blind set (120 stories, 40 with two
	// reasons about equally strong; long pastes where the reason shows in
	// one line of the prospect's, beside the rep's own wrong theories):
	// first seen at 0.875 / 0.933, then read (its misses led to a theory
	// said as one counting a quarter: 0.883 / 0.950), then trained on
	// (0.942 / 0.975). Over the measure-only files top-1 rose by 9 stories
	// (dev22 +4, dev15 and dev26 +2, dev13, dev24, dev28 and the holdout
	// +1; dev10, dev14 and dev18 −1) and top-2 by 10 (dev15 +4, dev26 +3,
	// dev22 and dev24 +2, dev12, dev16 and dev21 +1; dev18 −2, dev8 and
	// dev9 −1).
	"diagnosis_train_13.jsonl": {0.92, 0.95},
	// dev28, a fresh blind set (120 short Slack-typed stories, 40 with two
	// reasons): first seen at 0.900 / 0.933; measure-only, its misses unread.
	"diagnosis_dev28.jsonl": {0.88, 0.91},
	// dev29, a fresh blind set written for training (150 stories, 60 with
	// two reasons tangled together, quiet prospects with one line of
	// evidence, the obvious reason wrong): first seen at 0.873 / 0.853.
	// Trained on, it cost the measure-only files 9 stories of top-2 (top-1
	// +1), so it measures instead; its misses unread.
	"diagnosis_dev29.jsonl": {0.85, 0.83},
	// dev30, a fresh blind set written for training (150 stories, 51 with
	// two reasons; every industry and deal size, half by second-language
	// writers, each reason in its many everyday shapes): first seen at
	// 0.887 / 0.873. Trained on, it cost the measure-only files 3 stories
	// of top-1 and 12 of top-2, so it measures instead; its misses unread.
	"diagnosis_dev30.jsonl": {0.86, 0.85},
	// dev31, a fresh blind set (a realistic month of what a team asks:
	// half short Slack messages, half pastes, 40 of 120 with two reasons):
	// first seen at 0.958 / 0.967 with everything of this session in;
	// measure-only, its misses unread.
	"diagnosis_dev31.jsonl": {0.93, 0.94},
}

// defaultDiagnosisFloor applies to files without their own floor.
var defaultDiagnosisFloor = [2]float64{0.75, 0.85}

type diagnosisCase struct {
	ID      string     `json:"id"`
	Now     string     `json:"now"`
	Story   string     `json:"story"`
	Reasons []ReasonID `json:"reasons"`
	Note    string     `json:"note"`
}

func loadDiagnosisCases(t *testing.T, path string) []diagnosisCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []diagnosisCase
	ids := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var c diagnosisCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		if c.ID == "" || ids[c.ID] {
			t.Fatalf("%s:%d: missing or repeated id %q", path, n, c.ID)
		}
		ids[c.ID] = true
		if len(c.Reasons) == 0 || len(c.Reasons) > 2 {
			t.Fatalf("%s: %s has %d reasons, want 1 or 2", path, c.ID, len(c.Reasons))
		}
		for _, r := range c.Reasons {
			if _, err := ParseReasonID(string(r)); err != nil {
				t.Fatalf("%s: %s: %v", path, c.ID, err)
			}
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// evalTally counts hits for one slice of the eval.
type evalTally struct{ n, top1, top2 int }

func (e *evalTally) add(top1, top2 bool) {
	e.n++
	if top1 {
		e.top1++
	}
	if top2 {
		e.top2++
	}
}

func (e evalTally) rates() (float64, float64) {
	if e.n == 0 {
		return 0, 0
	}
	return float64(e.top1) / float64(e.n), float64(e.top2) / float64(e.n)
}

func (e evalTally) String() string {
	a, b := e.rates()
	return fmt.Sprintf("n=%3d  top-1 %.3f  top-2 %.3f", e.n, a, b)
}

// scoreCase reports whether the diagnosis gets the case right at the top
// and in the top two.
func scoreCase(d Diagnosis, want []ReasonID) (top1, top2 bool) {
	top1 = slices.Contains(want, d.Reasons[0].ID)
	top2 = true
	for _, w := range want {
		top2 = top2 && (d.Reasons[0].ID == w || d.Reasons[1].ID == w)
	}
	return top1, top2
}

func TestDiagnosisEval(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "eval", "diagnosis_*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/eval/diagnosis_*.jsonl files")
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".jsonl"), func(t *testing.T) {
			cases := loadDiagnosisCases(t, path)
			var all evalTally
			per := map[ReasonID]*evalTally{}
			var misses []string
			for _, c := range cases {
				now, err := time.Parse("2006-01-02", c.Now)
				if err != nil {
					t.Fatalf("%s: now %q: %v", c.ID, c.Now, err)
				}
				// The path `ghosted diagnose` takes: clean, read the facts
				// against now, diagnose.
				d, _ := Start("eval", "eval", "eval", c.Story, now)
				top1, top2 := scoreCase(d.Diagnosis, c.Reasons)
				all.add(top1, top2)
				for _, w := range c.Reasons {
					if per[w] == nil {
						per[w] = &evalTally{}
					}
					per[w].add(top1, top2)
				}
				if !top1 || !top2 {
					var got []string
					for _, s := range d.Diagnosis.Reasons[:3] {
						got = append(got, fmt.Sprintf("%s %.2f %q", s.ID, s.Score, s.Evidence))
					}
					misses = append(misses, fmt.Sprintf("%s want %v (top-1 %v, top-2 %v)\n      story: %s\n      got:   %s",
						c.ID, c.Reasons, top1, top2, clip(c.Story, 400), strings.Join(got, "\n             ")))
				}
			}
			t.Logf("%s: %s", filepath.Base(path), all)
			for _, r := range Reasons {
				if e := per[r.ID]; e != nil {
					t.Logf("  %-11s %s", r.ID, e)
				}
			}
			// The holdout file measures; its stories are never shown, so no
			// rule is ever tuned to one of them.
			if testing.Verbose() && !strings.Contains(path, "holdout") {
				for _, m := range misses {
					t.Logf("miss %s", m)
				}
			}
			top1, top2 := all.rates()
			floor, ok := diagnosisFloors[filepath.Base(path)]
			if !ok {
				floor = defaultDiagnosisFloor
			}
			if top1 < floor[0] || top2 < floor[1] {
				t.Errorf("%s: top-1 %.3f (floor %.2f), top-2 %.3f (floor %.2f)", filepath.Base(path), top1, floor[0], top2, floor[1])
			}
		})
	}
}
