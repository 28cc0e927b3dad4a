package story

import (
	"os"
	"testing"
	"time"
)

func TestDebugFields(t *testing.T) {
	s := os.Getenv("STORY")
	if s == "" {
		t.Skip()
	}
	for _, c := range fieldChunks(s) {
		t.Logf("chunk %q match %q", c, reField.FindAllStringSubmatch(c, -1))
	}
	tx := newText(s)
	t.Logf("%+v", tx.fieldLines(time.Now()))
}
