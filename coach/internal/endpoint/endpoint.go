// Package endpoint reads the base URL of an OpenAI-compatible API the same
// way for the drafter, the reader and the configuration check.
package endpoint

import (
	"errors"
	"net/url"
	"strings"
)

// DefaultBase is OpenAI's own API, used when no base URL is set.
const DefaultBase = "https://api.openai.com/v1"

// ErrNotHTTP says a base URL is not an http(s) URL with a host. It never
// repeats the value, which may carry a key.
var ErrNotHTTP = errors.New("must be an http(s) URL such as https://api.openai.com/v1")

// Base trims v (DefaultBase when empty) and parses it. It returns the base
// to call and the parsed URL, or ErrNotHTTP.
func Base(v string) (string, *url.URL, error) {
	base := strings.TrimRight(strings.TrimSpace(v), "/")
	if base == "" {
		base = DefaultBase
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", nil, ErrNotHTTP
	}
	return base, u, nil
}

// Safe is a base URL for logs: without credentials, query or fragment.
func Safe(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(invalid URL)"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}
