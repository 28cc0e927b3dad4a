package openaidraft

import (
	"strings"
	"testing"
)

func TestCheckBaseURL(t *testing.T) {
	for _, ok := range []string{"", "https://api.openai.com/v1", "http://localhost:11434/v1"} {
		if err := CheckBaseURL(ok); err != nil {
			t.Errorf("CheckBaseURL(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"localhost:11434", "ftp://host/v1", "https://", "https://user:sk-live-123@/v1"} {
		err := CheckBaseURL(bad)
		if err == nil {
			t.Errorf("CheckBaseURL(%q) = nil, want an error", bad)
		} else if strings.Contains(err.Error(), "sk-live") {
			t.Errorf("CheckBaseURL error repeats the value: %v", err)
		}
	}
}
