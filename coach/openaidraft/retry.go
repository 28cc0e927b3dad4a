package openaidraft

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Backoff bounds. The base doubles on each retry (500ms, 1s, 2s, ...) and
// never exceeds the cap; a Retry-After longer than the cap is not waited
// out, because someone in Slack is watching for the draft and the offline
// drafter is a better answer than a minute of nothing.
const (
	baseBackoff = 500 * time.Millisecond
	maxBackoff  = 20 * time.Second
)

// backoff returns how long to wait before retry number n (1-based), and
// false when the server asked for a longer wait than maxBackoff.
func (d *Drafter) backoff(n int, info attemptInfo) (time.Duration, bool) {
	if info.hasRetryAfter {
		return info.retryAfter, info.retryAfter <= maxBackoff
	}
	exp := maxBackoff
	if n <= 10 {
		exp = min(baseBackoff<<(n-1), maxBackoff)
	}
	// Equal jitter: half the wait is fixed so waits still grow, half is
	// random so many workers hit by the same 5xx do not retry in lockstep.
	return exp/2 + d.jitter(exp/2), true
}

// sleepCtx waits for d or until ctx ends, whichever is first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// go-openai returns errors without the response headers, so Retry-After
// would be lost. The drafter therefore gives go-openai an HTTP client whose
// transport copies the headers it needs into an exchange that travels in the
// request's context, one per attempt, where the retry loop reads it.

type exchangeKey struct{}

// exchange records the rate-limit headers of one attempt's response.
type exchange struct {
	mu             sync.Mutex
	after, afterMs string // Retry-After, Retry-After-Ms
}

func (e *exchange) record(h http.Header) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.after = h.Get("Retry-After")
	e.afterMs = h.Get("Retry-After-Ms")
}

// retryAfter parses what the server asked for: Retry-After-Ms (sent by
// OpenAI), else Retry-After in seconds or as an HTTP date.
func (e *exchange) retryAfter(now time.Time) (time.Duration, bool) {
	e.mu.Lock()
	after, afterMs := e.after, e.afterMs
	e.mu.Unlock()
	if ms, err := strconv.ParseFloat(strings.TrimSpace(afterMs), 64); err == nil && ms >= 0 && ms < 1e9 {
		return time.Duration(ms * float64(time.Millisecond)), true
	}
	return parseRetryAfter(after, now)
}

func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > 1<<20 {
			secs = 1 << 20 // avoid overflow; far beyond maxBackoff anyway
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

type captureTransport struct{ next http.RoundTripper }

func (t captureTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if resp != nil {
		if ex, ok := r.Context().Value(exchangeKey{}).(*exchange); ok {
			ex.record(resp.Header)
		}
	}
	return resp, err
}

// captureClient returns a copy of hc (or a new client) whose transport
// feeds the per-attempt exchange.
func captureClient(hc *http.Client) *http.Client {
	c := &http.Client{}
	if hc != nil {
		*c = *hc
	}
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = captureTransport{next: next}
	return c
}
