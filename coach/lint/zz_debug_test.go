package lint

import (
	"os"
	"testing"
)

func TestDebugOne(t *testing.T) {
	text := os.Getenv("LINT_TEXT")
	if text == "" {
		t.Skip()
	}
	s := pool.Get().(*scratch)
	s.reset(phrases(), text)
	s.tokenize()
	for i := range s.toks {
		s.matchFrom(i)
	}
	s.dropExceptions()
	for _, m := range s.matches {
		t.Logf("kind %d cue %d flags %d dropped %v: %q", m.kind, m.cue, m.flags, m.dropped, s.norm[s.toks[m.start].start:s.toks[m.end-1].end])
	}
	for i, se := range s.sents {
		t.Logf("sent %d q=%v: %q", i, se.question, s.norm[s.toks[se.first].start:s.toks[se.end-1].end])
	}
	pool.Put(s)
	t.Logf("%+v", Check(text))
}
