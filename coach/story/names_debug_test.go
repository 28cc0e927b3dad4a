package story

import (
	"os"
	"testing"
	"time"
)

func TestDebugNames(t *testing.T) {
	s := os.Getenv("STORY")
	if s == "" {
		t.Skip()
	}
	tx := newText(s)
	sp := tx.spans()
	for idx, x := range sp {
		c := tx.context(x, sp, idx)
		t.Logf("span %q kind=%d poss=%v ctx=%+v", tx.quote(x.a, x.b-1), x.kind, x.possessive, c)
	}
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	if n, err := time.Parse("2006-01-02", os.Getenv("STORY_NOW")); err == nil {
		now = n
	}
	hint, msgs := tx.parseThread(now)
	t.Logf("thread found=%v msgs=%d touches=%d days=%d", hint.found, len(msgs), hint.touches, hint.days)
	lg := tx.parseLog(now, hint.lines)
	t.Logf("log found=%v touches=%d days=%d", lg.found, lg.touches, lg.days)
	found, zero := tx.touches(nil)
	t.Logf("touches %+v zero=%q", found, zero)
	debugSilence = true
	f := Read(s, now)
	debugSilence = false
	f.Sources = Sources{}
	t.Logf("%+v", f)
}
