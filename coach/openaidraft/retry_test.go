package openaidraft

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"1", time.Second, true},
		{" 30 ", 30 * time.Second, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"99999999999", 1 << 20 * time.Second, true},
	} {
		got, ok := parseRetryAfter(tc.v, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.v, got, ok, tc.want, tc.ok)
		}
	}
	ex := &exchange{}
	ex.record(http.Header{"Retry-After": {"3"}, "Retry-After-Ms": {"250"}})
	if got, ok := ex.retryAfter(now); !ok || got != 250*time.Millisecond {
		t.Errorf("Retry-After-Ms should win: %v %v", got, ok)
	}
}

func TestBackoff(t *testing.T) {
	d := &Drafter{}
	for _, j := range []struct {
		name   string
		jitter func(time.Duration) time.Duration
	}{
		{"min", func(time.Duration) time.Duration { return 0 }},
		{"max", func(m time.Duration) time.Duration { return m }},
	} {
		d.jitter = j.jitter
		prev := time.Duration(0)
		for n := 1; n <= 64; n++ {
			w, ok := d.backoff(n, attemptInfo{})
			if !ok || w < baseBackoff/2 || w > maxBackoff {
				t.Fatalf("%s jitter: backoff(%d) = %v, %v; want within [%v, %v]", j.name, n, w, ok, baseBackoff/2, maxBackoff)
			}
			if w < prev {
				t.Errorf("%s jitter: backoff(%d) = %v shrank from %v", j.name, n, w, prev)
			}
			prev = w
		}
		if prev < maxBackoff/2 {
			t.Errorf("%s jitter: backoff never approached the cap: %v", j.name, prev)
		}
	}
	if w, ok := d.backoff(1, attemptInfo{hasRetryAfter: true, retryAfter: 3 * time.Second}); !ok || w != 3*time.Second {
		t.Errorf("Retry-After 3s: %v %v", w, ok)
	}
	if _, ok := d.backoff(1, attemptInfo{hasRetryAfter: true, retryAfter: time.Minute}); ok {
		t.Error("a Retry-After beyond the cap should not be waited out")
	}
}

func TestSleepCtx(t *testing.T) {
	if err := sleepCtx(t.Context(), time.Millisecond); err != nil {
		t.Errorf("short sleep: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	done := make(chan error, 1)
	go func() { done <- sleepCtx(ctx, time.Hour) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sleepCtx ignored a canceled context")
	}
}
