package story

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDebugCase prints the reading of eval cases named in STORY_CASES
// (comma separated ids); a tool for working on the reader.
func TestDebugCase(t *testing.T) {
	ids := os.Getenv("STORY_CASES")
	if ids == "" {
		t.Skip("set STORY_CASES")
	}
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "eval", "facts_dev*.jsonl"))
	for _, path := range files {
		for _, c := range loadEval(t, path) {
			if !strings.Contains(","+ids+",", ","+c.ID+",") {
				continue
			}
			now, _ := time.Parse("2006-01-02", c.Now)
			got := Read(c.Story, now)
			w, _ := json.Marshal(c.Want)
			got.Sources = Sources{}
			g, _ := json.Marshal(got)
			t.Logf("=== %s now %s\n%s\nWANT %s\nNOTE %s\nGOT %s", c.ID, c.Now, c.Story, w, c.Note, g)
		}
	}
}
