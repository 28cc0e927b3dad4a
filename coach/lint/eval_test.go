package lint

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"
)

// evalMessage is one line of testdata/eval_messages.jsonl: a message a
// salesperson might send, labelled pushy (the guidance would have them cut
// something) or honest, with the family of pressure it shows.
type evalMessage struct {
	Label  string `json:"label"`
	Family string `json:"family"`
	Text   string `json:"text"`
}

// The floors the lint must hold on the project's own eval set. They are the
// targets the lint is built for on messages it has never seen; the set here
// was written for this project and is varied on purpose, so a phrase-list
// patch for one message does not move them much.
const (
	evalMinRecall     = 0.95
	evalMaxFalseAlarm = 0.07
	evalMinAUC        = 0.95
)

func loadEval(t *testing.T) []evalMessage {
	t.Helper()
	f, err := os.Open("testdata/eval_messages.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []evalMessage
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var m evalMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("eval_messages.jsonl line %d: %v", n, err)
		}
		if m.Label != "pushy" && m.Label != "honest" {
			t.Fatalf("eval_messages.jsonl line %d: label %q", n, m.Label)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLintEval runs the eval set and prints recall (pushy messages with a
// finding), the false-alarm rate (honest messages with one), the AUC of the
// score (how often an honest message outscores a pushy one) and recall by
// family.
func TestLintEval(t *testing.T) {
	msgs := loadEval(t)
	var pushy, honest []int
	hits, alarms := 0, 0
	famHit, famAll := map[string]int{}, map[string]int{}
	for _, m := range msgs {
		r := Check(m.Text)
		flagged := len(r.Findings) > 0
		if m.Label == "pushy" {
			pushy = append(pushy, r.Score)
			famAll[m.Family]++
			if flagged {
				hits++
				famHit[m.Family]++
			} else {
				t.Logf("missed (%s, score %d): %q", m.Family, r.Score, m.Text)
			}
			continue
		}
		honest = append(honest, r.Score)
		if flagged {
			alarms++
			t.Logf("false alarm (%s): %+v\n  %q", m.Family, r.Findings, m.Text)
		}
	}
	if len(pushy) < 40 || len(honest) < 40 {
		t.Errorf("the eval set has %d pushy and %d honest messages; it needs at least 40 of each", len(pushy), len(honest))
	}
	recall := float64(hits) / float64(len(pushy))
	falseAlarm := float64(alarms) / float64(len(honest))
	auc := aucOf(honest, pushy)
	t.Logf("lint eval: %d pushy, %d honest: recall %.3f, false alarms %.3f, score AUC %.3f", len(pushy), len(honest), recall, falseAlarm, auc)
	fams := make([]string, 0, len(famAll))
	for f := range famAll {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	for _, f := range fams {
		t.Logf("  %-16s %d/%d", f, famHit[f], famAll[f])
	}
	if recall < evalMinRecall {
		t.Errorf("recall %.3f is below %.2f", recall, evalMinRecall)
	}
	if falseAlarm > evalMaxFalseAlarm {
		t.Errorf("false alarms %.3f are above %.2f", falseAlarm, evalMaxFalseAlarm)
	}
	if auc < evalMinAUC {
		t.Errorf("score AUC %.3f is below %.2f", auc, evalMinAUC)
	}
}

// aucOf is the probability that a message drawn from good scores higher
// than one drawn from bad, ties counting half.
func aucOf(good, bad []int) float64 {
	var sum float64
	for _, g := range good {
		for _, b := range bad {
			switch {
			case g > b:
				sum++
			case g == b:
				sum += 0.5
			}
		}
	}
	return sum / float64(len(good)*len(bad))
}
