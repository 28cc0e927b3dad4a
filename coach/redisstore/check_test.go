package redisstore

import (
	"strings"
	"testing"
	"time"
)

// The store owns the checks of its settings; cmd only names the variables.
func TestCheckRetention(t *testing.T) {
	for _, ok := range []time.Duration{0, time.Hour, DefaultRetention} {
		if err := CheckRetention(ok); err != nil {
			t.Errorf("CheckRetention(%s) = %v", ok, err)
		}
	}
	if err := CheckRetention(30 * time.Minute); err == nil || !strings.Contains(err.Error(), "at least 1h") {
		t.Errorf("CheckRetention(30m) = %v, want an error naming the minimum", err)
	}
}

func TestCheckURLNeverEchoesTheValue(t *testing.T) {
	const secret = "s3cr3t-pass"
	err := CheckURL("http://:" + secret + "@cache:6379/0")
	if err == nil || !strings.Contains(err.Error(), "REDIS_URL must look like") || strings.Contains(err.Error(), secret) {
		t.Errorf("CheckURL(http://…) = %v", err)
	}
	if err := CheckURL(""); err != nil {
		t.Errorf("CheckURL(\"\") = %v: empty means the embedded store", err)
	}
}
