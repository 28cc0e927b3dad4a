package openaidraft

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"

	"github.com/sashabaranov/go-openai"

	"github.com/ghosted-bot/ghosted/coach"
)

// Errors that say which setting to fix. Each also wraps
// coach.ErrDrafterUnavailable, so a caller that only knows the coach
// vocabulary still falls back to the offline drafter.
var (
	// ErrKeyRejected: the server answered 401 or 403.
	ErrKeyRejected = errors.New("OPENAI_API_KEY was rejected")
	// ErrModelNotFound: the server answered 404 for the model.
	ErrModelNotFound = errors.New("model not found")
	// ErrQuotaExceeded: a 429 that waiting will not fix (billing).
	ErrQuotaExceeded = errors.New("the OpenAI account is out of quota")
	// ErrEmptyReply: the model streamed no text at all.
	ErrEmptyReply = errors.New("the model returned an empty reply")
)

// failure is the verdict on one failed attempt: the error to return if we
// stop here, whether trying again may help, and the HTTP status if any.
type failure struct {
	err    error
	retry  bool
	status int
}

func (d *Drafter) classify(err error, info attemptInfo) failure {
	if errors.Is(err, errEmpty) {
		return failure{err: fmt.Errorf("openaidraft: %w (model %q): %w", ErrEmptyReply, d.model, coach.ErrDrafterUnavailable)}
	}
	if info.timedOut {
		// Not wrapped with %w: a caller testing for context.DeadlineExceeded
		// means its own deadline, not this per-attempt one.
		return failure{retry: true, err: fmt.Errorf("no complete reply from %s within %s (%v)", d.baseURL, d.timeout, err)}
	}
	status, code := statusOf(err)
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		// The server's message is left out: some quote part of the key.
		return failure{status: status, err: fmt.Errorf("openaidraft: %w by %s (HTTP %d); check the key and OPENAI_BASE_URL: %w",
			ErrKeyRejected, d.baseURL, status, coach.ErrDrafterUnavailable)}
	case status == http.StatusNotFound:
		return failure{status: status, err: fmt.Errorf("openaidraft: %w: model %q not found at %s (HTTP 404); check OPENAI_MODEL and OPENAI_BASE_URL: %w",
			ErrModelNotFound, d.model, d.baseURL, coach.ErrDrafterUnavailable)}
	case status == http.StatusTooManyRequests && code == "insufficient_quota":
		return failure{status: status, err: fmt.Errorf("openaidraft: %w (HTTP 429 insufficient_quota): %w",
			ErrQuotaExceeded, coach.ErrDrafterUnavailable)}
	case status == http.StatusTooManyRequests || status == http.StatusRequestTimeout || status >= 500:
		return failure{status: status, retry: true, err: err}
	case status != 0:
		// Other 4xx: the request itself is wrong; sending it again will not
		// change the answer.
		return failure{status: status, err: fmt.Errorf("openaidraft: %s rejected the request: %w: %w", d.baseURL, err, coach.ErrDrafterUnavailable)}
	case transient(err):
		return failure{retry: true, err: err}
	}
	return failure{err: fmt.Errorf("openaidraft: %w: %w", err, coach.ErrDrafterUnavailable)}
}

// statusOf digs the HTTP status and the OpenAI error code out of a go-openai
// error. An error event inside a stream has no status; it reports 0.
func statusOf(err error) (status int, code string) {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		if apiErr.Code != nil {
			code = fmt.Sprint(apiErr.Code)
		}
		return apiErr.HTTPStatusCode, code
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode, ""
	}
	return 0, ""
}

// transient reports whether err looks like the network or the server
// stumbling (worth another try) rather than a mistake in the request.
func transient(err error) bool {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		// An error event in the middle of a stream: the server failed
		// while generating.
		return true
	}
	if errors.Is(err, context.Canceled) {
		// The caller's own cancellation is handled before classify; a
		// canceled request here came from somewhere we cannot retry past.
		return false
	}
	var netErr net.Error
	var urlErr *url.Error
	return errors.As(err, &netErr) || errors.As(err, &urlErr) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.EPIPE)
}

// redacted hides the API key in an error's message while keeping the chain
// intact for errors.Is and errors.As.
type redacted struct {
	err error
	key string
}

func (r redacted) Error() string { return redact(r.err.Error(), r.key) }
func (r redacted) Unwrap() error { return r.err }

func redact(s, key string) string {
	if len(key) < 6 {
		// A very short "key" (a local server's placeholder) would blank
		// out ordinary words; there is nothing secret to hide.
		return s
	}
	return strings.ReplaceAll(s, key, "[redacted]")
}
