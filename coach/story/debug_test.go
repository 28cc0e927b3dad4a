package story

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tools for working on the reader; both skip unless their variable is set.
//
//	STORY_CASES=f-dev5-003,f-dev5-007 go test ./coach/story -run TestDebugCase -v
//	STORY='…' STORY_NOW=2026-11-02 go test ./coach/story -run TestDebugStory -v
//
// TestDebugCase never reads a holdout file.

// TestDebugCase prints the reading of eval cases named in STORY_CASES
// (comma separated ids).
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

// TestDebugStory prints what each part of the reader finds in STORY: the
// capitalized spans and their context, a pasted thread or log, the touches,
// and the facts.
func TestDebugStory(t *testing.T) {
	s := os.Getenv("STORY")
	if s == "" {
		t.Skip("set STORY")
	}
	now := time.Now()
	if n, err := time.Parse("2006-01-02", os.Getenv("STORY_NOW")); err == nil {
		now = n
	}
	tx := newText(s)
	sp := tx.spans()
	for idx, x := range sp {
		t.Logf("span %q kind=%d ctx=%+v", tx.quote(x.a, x.b-1), x.kind, tx.context(x, sp, idx))
	}
	hint, msgs := tx.parseThread(now)
	t.Logf("thread found=%v msgs=%d touches=%d days=%d channel=%q", hint.found, len(msgs), hint.touches, hint.days, hint.channel)
	for _, m := range msgs {
		t.Logf("  msg from=%q email=%q when=%v dated=%v auto=%v header=%q", m.from, m.email, m.when.Format("2006-01-02"), m.dated, m.auto, tx.lines[m.header])
	}
	lg := tx.parseLog(now, hint.lines)
	t.Logf("log found=%v touches=%d days=%d", lg.found, lg.touches, lg.days)
	f := Read(s, now)
	tx.prospect = foldLower(f.FirstName()) // as Read knows it
	found, zero := tx.touches(nil)
	t.Logf("touches %+v zero=%q", found, zero)
	f.Sources = Sources{}
	t.Logf("%+v", f)
}
