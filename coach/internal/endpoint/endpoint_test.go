package endpoint

import (
	"strings"
	"testing"
)

func TestBase(t *testing.T) {
	for in, want := range map[string]string{
		"":                          DefaultBase,
		" https://gw.example/v1/ ":  "https://gw.example/v1",
		"http://localhost:11434/v1": "http://localhost:11434/v1",
	} {
		got, u, err := Base(in)
		if err != nil || got != want || u == nil {
			t.Errorf("Base(%q) = %q, %v, %v; want %q", in, got, u, err, want)
		}
	}
	for _, bad := range []string{"localhost:11434", "ftp://host/v1", "https://", "https://user:sk-live-123@/v1"} {
		if _, _, err := Base(bad); err == nil || strings.Contains(err.Error(), "sk-live") {
			t.Errorf("Base(%q) error = %v, want ErrNotHTTP", bad, err)
		}
	}
}

func TestSafeDropsSecrets(t *testing.T) {
	got := Safe("https://user:sk-secret@gw.example/v1?key=sk-q#frag")
	if strings.Contains(got, "sk-") || got != "https://gw.example/v1" {
		t.Errorf("Safe = %q", got)
	}
}
