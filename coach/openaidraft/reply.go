package openaidraft

import (
	"regexp"
	"strings"
)

// The system prompt asks for the message text only, but models still wrap
// it now and then: a "Here's a draft:" line, a code fence, quotes around the
// whole message, or a bold "**Subject:**". Cleaning here keeps those out of
// Slack and out of the lint.

var (
	subjectLine = regexp.MustCompile(`(?i)^[*_]*subject[*_]*\s*:[*_]*\s*(.*?)[*_]*\s*$`)
	preamble    = regexp.MustCompile(`(?i)^(?:sure[,!.]?\s*)?here(?:'s| is) (?:a|an|the|your|my)\b.*:\s*$`)
)

// parseReply splits a complete reply into an optional subject and the
// cleaned message body.
func parseReply(raw string) (subject, text string) {
	s := stripFences(strings.TrimSpace(raw))
	first, rest, _ := strings.Cut(s, "\n")
	if preamble.MatchString(strings.TrimSpace(first)) {
		s = stripFences(strings.TrimSpace(rest))
		first, rest, _ = strings.Cut(s, "\n")
	}
	if m := subjectLine.FindStringSubmatch(strings.TrimSpace(first)); m != nil {
		subject = unquote(strings.TrimSpace(m[1]))
		s = rest
	}
	return subject, unquote(strings.TrimSpace(s))
}

// partial is the text to show while a reply is still streaming: the same
// cleaning as parseReply as far as it can be applied to an unfinished
// reply. A first line that is, or may yet become, a subject line or a
// preamble is held back until it is complete.
func partial(raw string) string {
	s := strings.TrimLeft(raw, " \t\r\n")
	if strings.HasPrefix(s, "```") {
		_, rest, ok := strings.Cut(s, "\n")
		if !ok {
			return ""
		}
		s = strings.TrimLeft(rest, " \t\r\n")
	}
	first, rest, complete := strings.Cut(s, "\n")
	if !complete {
		if maybeHeader(first) {
			return ""
		}
	} else {
		line := strings.TrimSpace(first)
		if preamble.MatchString(line) {
			return partial(rest)
		}
		if subjectLine.MatchString(line) {
			s = rest
		}
	}
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "\"“")
	// A closing fence may be arriving a backtick at a time.
	return strings.TrimSpace(strings.TrimRight(s, "`"))
}

// maybeHeader reports whether an unfinished first line could still turn out
// to be a subject line or a preamble.
func maybeHeader(line string) bool {
	l := strings.ToLower(strings.TrimLeft(line, "*_ "))
	if l == "" || strings.HasPrefix(l, "`") {
		return true
	}
	for _, p := range []string{"subject", "here's ", "here is ", "sure"} {
		if strings.HasPrefix(l, p) || strings.HasPrefix(p, l) {
			return true
		}
	}
	return false
}

// stripFences removes a markdown code fence around the whole text.
func stripFences(s string) string {
	if strings.HasPrefix(s, "```") {
		if _, rest, ok := strings.Cut(s, "\n"); ok {
			s = rest
		} else {
			s = strings.TrimLeft(s, "`")
		}
	}
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "```") {
		s = strings.TrimSpace(strings.TrimRight(s, "`"))
	}
	return s
}

// unquote removes one pair of quotes around the whole text, but only when
// they are the only quotes of that kind: `"Hi" is what I said` stays.
func unquote(s string) string {
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}, {"'", "'"}} {
		if len(s) < len(q[0])+len(q[1]) || !strings.HasPrefix(s, q[0]) || !strings.HasSuffix(s, q[1]) {
			continue
		}
		inner := s[len(q[0]) : len(s)-len(q[1])]
		if !strings.Contains(inner, q[0]) && !strings.Contains(inner, q[1]) {
			return strings.TrimSpace(inner)
		}
	}
	return s
}
