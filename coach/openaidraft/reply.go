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

// streamText is the text to show while a reply is still streaming: the same
// cleaning as parseReply, as far as it can be applied to an unfinished
// reply, done in proportion to what each chunk adds. A first line that is,
// or may yet become, a subject line or a preamble is held back until it is
// complete; once the start of the message body is settled, each chunk only
// extends the body, and a chunk costs as much as the chunk, however long
// the reply.
type streamText struct {
	raw     strings.Builder
	body    int // where the message body starts in raw, once settled
	settled bool
	shown   string
}

// maxHeaderLine bounds how long an unfinished first line is held back as a
// possible subject line or preamble: no real one is that long, and holding
// a line back means looking at it again with every chunk.
const maxHeaderLine = 512

// add appends a chunk of the reply and returns the text to show now, and
// whether it differs from what add returned last.
func (st *streamText) add(chunk string) (text string, changed bool) {
	st.raw.WriteString(chunk)
	raw := st.raw.String()
	if !st.settled {
		body, ok := settle(raw)
		if !ok {
			return "", false
		}
		st.body, st.settled = body, true
	}
	text = tidy(raw[st.body:])
	if len(text) == len(st.shown) && text == st.shown {
		return text, false
	}
	st.shown = text
	return text, true
}

// String is the whole reply so far.
func (st *streamText) String() string { return st.raw.String() }

// Len is the length of the whole reply so far.
func (st *streamText) Len() int { return st.raw.Len() }

// settle finds where the message body starts in the beginning of a reply:
// after leading space, an opening code fence, a preamble line ("Here's a
// draft:") and a subject line. It reports false while that cannot be told
// yet.
func settle(raw string) (body int, ok bool) {
	i := 0
	for {
		i = skipSpace(raw, i)
		if strings.HasPrefix(raw[i:], "```") {
			nl := strings.IndexByte(raw[i:], '\n')
			if nl < 0 {
				return 0, false
			}
			i = skipSpace(raw, i+nl+1)
		}
		nl := strings.IndexByte(raw[i:], '\n')
		if nl < 0 {
			first := raw[i:]
			if len(first) <= maxHeaderLine && maybeHeader(first) {
				return 0, false
			}
			return i, true
		}
		line := strings.TrimSpace(raw[i : i+nl])
		switch {
		case preamble.MatchString(line):
			i += nl + 1
		case subjectLine.MatchString(line):
			return i + nl + 1, true
		default:
			return i, true
		}
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) && strings.IndexByte(" \t\r\n", s[i]) >= 0 {
		i++
	}
	return i
}

// tidy is the body so far as it may be shown: no surrounding space, no
// opening quote, and no closing fence that may be arriving a backtick at a
// time. It looks only at the ends of body.
func tidy(body string) string {
	s := strings.TrimSpace(body)
	s = strings.TrimLeft(s, "\"“")
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
