package slacktest

import (
	"net/url"
	"testing"
	"time"
)

// TestRateWindowsSlide checks the limits' arithmetic at chosen times: a
// tier's window slides (a call leaves it RateMinute after it was made),
// and a channel's bucket refills one message per scaled second.
func TestRateWindowsSlide(t *testing.T) {
	f := &Fake{opts: Options{RateLimits: true, RateMinute: time.Minute}}
	f.rates.init()
	f.workspace.init()
	t0 := time.Unix(1_800_000_000, 0)
	call := func(method string, at time.Duration, p url.Values) (time.Duration, bool) {
		return f.rateLimitLocked(method, p, t0.Add(at))
	}
	for i := range 20 {
		if _, limited := call("chat.stopStream", time.Duration(i)*time.Second, nil); limited {
			t.Fatalf("stopStream %d limited", i+1)
		}
	}
	wait, limited := call("chat.stopStream", 30*time.Second, nil)
	if !limited || wait != 30*time.Second {
		t.Fatalf("21st stopStream at 30s: limited %v, wait %v; want 30s (the first leaves at 60s)", limited, wait)
	}
	if _, limited := call("chat.stopStream", time.Minute, nil); limited {
		t.Fatal("at 60s the first call has left the window, yet the call was limited")
	}
	if _, limited := call("chat.stopStream", time.Minute+500*time.Millisecond, nil); !limited {
		t.Fatal("at 60.5s only one call has left the window (and was replaced), yet another went")
	}

	ch := url.Values{"channel": {"C1"}}
	for i := range 3 {
		if _, limited := call("chat.postMessage", 0, ch); limited {
			t.Fatalf("post %d of a burst limited", i+1)
		}
	}
	if wait, limited := call("chat.postMessage", 0, ch); !limited || wait != time.Second {
		t.Fatalf("fourth post at once: limited %v wait %v, want 1s", limited, wait)
	}
	if _, limited := call("chat.postMessage", time.Second, ch); limited {
		t.Fatal("a second later the bucket has room for one")
	}
	if _, limited := call("chat.postMessage", time.Second, ch); !limited {
		t.Fatal("and only one")
	}
	if retryAfterSeconds(1500*time.Millisecond) != 2 || retryAfterSeconds(time.Millisecond) != 1 {
		t.Error("Retry-After is not whole seconds rounded up")
	}
}
