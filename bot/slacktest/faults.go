package slacktest

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Fault is a programmed failure for the next calls to a method.
//
//	fake.FailNext("chat.postMessage", 1, slacktest.Fault{Status: 429, RetryAfter: 1})
//	fake.FailNext("chat.update", 2, slacktest.Fault{Error: "msg_too_long"})
//	fake.FailNext("views.open", 1, slacktest.Fault{Delay: 4 * time.Second})
type Fault struct {
	// Status is the HTTP status to answer. 429 answers {"ok":false,
	// "error":"ratelimited"} with a Retry-After header when RetryAfter > 0
	// (slack-go then returns *slack.RateLimitedError; without the header it
	// is a plain slack.StatusCodeError). Other non-200 statuses answer a
	// plain-text body, like Slack's 5xx pages. 0 means 200.
	Status int
	// RetryAfter is the Retry-After header, in seconds, for a 429.
	RetryAfter int
	// Error is the error code of an HTTP 200 {"ok":false,"error":Error}.
	Error string
	// Delay holds the answer back this long. With no Status or Error, the
	// call then succeeds normally: a slow Slack.
	Delay time.Duration

	// hold, set by Fake.Hold, holds the answer back until it is released.
	hold *Hold
}

// FailNext makes the next n calls to method answer with fault; faults queue
// up in the order given. Method "response_url" targets response_url posts,
// and "*" targets whatever method comes next.
func (f *Fake) FailNext(method string, n int, fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.faults[method] = append(f.faults[method], fault)
	}
}

// Hold is a call held back by Fake.Hold: the fake has received it and
// answers it only once Release is called. It is what makes a race
// deterministic in a test: hold the slow call, do what must happen
// meanwhile, then release it.
type Hold struct {
	method   string
	arrived  chan struct{}
	released chan struct{}
	arrive   sync.Once
	release  sync.Once
}

// Hold makes the next call to method wait, with its answer held back, until
// the returned Hold is released (or the fake closes, or the caller gives
// up). With no other fault queued for the method, the held call then
// succeeds normally. Holds queue up with FailNext's faults, in order.
//
//	h := fake.Hold("users.info")
//	… press a button whose job calls users.info …
//	h.Wait(ctx)      // the job is now waiting on Slack
//	… change the deal from elsewhere …
//	h.Release()      // the job goes on with what it read before
func (f *Fake) Hold(method string) *Hold {
	h := &Hold{method: method, arrived: make(chan struct{}), released: make(chan struct{})}
	f.FailNext(method, 1, Fault{hold: h})
	return h
}

// Wait waits until the held call has arrived at the fake.
func (h *Hold) Wait(ctx context.Context) error {
	select {
	case <-h.arrived:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("slacktest: no %s call arrived to hold: %w", h.method, ctx.Err())
	}
}

// Arrived reports whether the held call has arrived.
func (h *Hold) Arrived() bool {
	select {
	case <-h.arrived:
		return true
	default:
		return false
	}
}

// Release lets the held call be answered. Calling it again, or before the
// call arrived (the call is then not held at all), is fine.
func (h *Hold) Release() { h.release.Do(func() { close(h.released) }) }

// wait holds a call until h is released; it returns false if the request
// or the fake went away meanwhile.
func (f *Fake) wait(r *http.Request, h *Hold) bool {
	h.arrive.Do(func() { close(h.arrived) })
	f.logf("holding %s", h.method)
	select {
	case <-h.released:
		return true
	case <-r.Context().Done():
		return false
	case <-f.closed:
		return false
	}
}

// takeFault pops the fault due for method, if any.
func (f *Fake) takeFault(method string) (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, key := range []string{method, "*"} {
		if q := f.faults[key]; len(q) > 0 {
			f.faults[key] = q[1:]
			return q[0], true
		}
	}
	return Fault{}, false
}

// delay waits out a fault's Delay; it returns false if the request or the
// fake went away meanwhile.
func (f *Fake) delay(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-f.closed:
		return false
	}
}

// writeFault answers a failing fault and fills in the call's outcome. It
// reports false when the fault only delays and the call should proceed.
func writeFault(w http.ResponseWriter, fault Fault, call *Call) bool {
	switch {
	case fault.Status == http.StatusTooManyRequests:
		if fault.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
		}
		call.Status, call.Error = fault.Status, "ratelimited"
		writeJSON(w, fault.Status, errorBody("ratelimited", nil), call)
	case fault.Status != 0 && fault.Status != http.StatusOK:
		call.Status, call.Error = fault.Status, http.StatusText(fault.Status)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(fault.Status)
		_, _ = w.Write([]byte(http.StatusText(fault.Status)))
	case fault.Error != "":
		call.Status, call.Error = http.StatusOK, fault.Error
		writeJSON(w, http.StatusOK, errorBody(fault.Error, nil), call)
	default:
		return false
	}
	return true
}
