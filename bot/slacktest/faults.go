package slacktest

import (
	"net/http"
	"strconv"
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
