package lint

import (
	"os"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	path := os.Getenv("LINT_PROBE")
	if path == "" {
		t.Skip()
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	miss, fa, np, nh := 0, 0, 0, 0
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" {
			continue
		}
		head, text, _ := strings.Cut(line, "|")
		text = strings.ReplaceAll(text, `\n`, "\n")
		r := Check(text)
		if strings.HasPrefix(head, "P") {
			np++
			if len(r.Findings) == 0 {
				miss++
				t.Logf("MISS %s: %s", head, text)
			}
		} else {
			nh++
			if len(r.Findings) > 0 {
				fa++
				t.Logf("FA %v: %s", r.Findings, text)
			}
		}
	}
	t.Logf("pushy %d missed %d; honest %d false alarms %d", np, miss, nh, fa)
}
