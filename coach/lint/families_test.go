package lint

import (
	"os"
	"sort"
	"strings"
	"testing"
)

// TestLintFamilies runs testdata/families.txt: for every general move the
// lint knows (an invented deadline, counting, tracking, a guessed reason…),
// pushy examples that must get a finding, and honest near-misses that must
// get none.
func TestLintFamilies(t *testing.T) {
	b, err := os.ReadFile("testdata/families.txt")
	if err != nil {
		t.Fatal(err)
	}
	all, caught := map[string]int{}, map[string]int{}
	honest := 0
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, text, ok := strings.Cut(line, " | ")
		if !ok {
			t.Fatalf("families.txt line %d: want \"pushy FAMILY | text\" or \"honest | text\"", n+1)
		}
		text = strings.ReplaceAll(text, `\n`, "\n")
		r := Check(text)
		checkLintInvariants(t, text, r)
		switch label, family, _ := strings.Cut(head, " "); label {
		case "pushy":
			if family == "" {
				t.Fatalf("families.txt line %d: a pushy line names its family", n+1)
			}
			all[family]++
			if len(r.Findings) > 0 {
				caught[family]++
			} else {
				t.Errorf("families.txt line %d (%s): no finding in %q", n+1, family, text)
			}
		case "honest":
			honest++
			if len(r.Findings) > 0 {
				t.Errorf("families.txt line %d: honest note flagged %+v in %q", n+1, r.Findings, text)
			}
		default:
			t.Fatalf("families.txt line %d: label %q", n+1, label)
		}
	}
	fams := make([]string, 0, len(all))
	for f := range all {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	for _, f := range fams {
		t.Logf("  %-16s %d/%d", f, caught[f], all[f])
	}
	t.Logf("%d honest near-misses", honest)
	if len(fams) < 11 || honest < 100 {
		t.Errorf("only %d families and %d honest lines; the file looks truncated", len(fams), honest)
	}
}
