package slacktest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Slack lets an app post to a response_url up to five times within 30 minutes.
const (
	responseURLUses = 5
	responseURLLife = 30 * time.Minute
)

// responseURL is a response_url handed out in a payload.
type responseURL struct {
	issued time.Time
	uses   int
}

// issueResponseURLLocked hands out a response_url that points at the fake.
func (f *Fake) issueResponseURLLocked() string {
	id := f.nextIDLocked("R")
	f.responses[id] = &responseURL{issued: time.Now()}
	return f.api.URL + "/response/" + id
}

// serveResponseURL records a post to a response_url as a Call with Method
// "response_url" and answers {"ok":true}, or an error once the URL is unknown,
// used five times or older than 30 minutes.
func (f *Fake) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	call := Call{Method: "response_url", URL: f.api.URL + r.URL.Path, At: time.Now(), JSON: true, Params: url.Values{}}
	defer func() { f.recordCall(call) }()

	body, err := io.ReadAll(r.Body)
	if err == nil {
		err = flattenJSON(body, call.Params)
	}
	if err != nil {
		answerError(w, fail("invalid_payload", err.Error()), &call)
		return
	}
	if fault, ok := f.takeFault(call.Method); ok {
		if fault.hold != nil && !f.wait(r, fault.hold) {
			call.Error = "canceled"
			return
		}
		if !f.delay(r, fault.Delay) {
			call.Error = "canceled"
			return
		}
		if writeFault(w, fault, &call) {
			return
		}
	}

	f.mu.Lock()
	ru, ok := f.responses[strings.TrimPrefix(r.URL.Path, "/response/")]
	var e *apiError
	switch {
	case !ok:
		e = fail("no_such_url")
	case ru.uses >= responseURLUses:
		e = fail("used_url")
	case time.Since(ru.issued) > responseURLLife:
		e = fail("expired_url")
	default:
		ru.uses++
	}
	f.mu.Unlock()
	if e != nil {
		answerError(w, e, &call)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true}, &call)
}
