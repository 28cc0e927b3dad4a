package lint

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fold appends the folded form of s to dst: lower case, curly quotes and
// apostrophes made straight, dashes made '-', every run of white space one
// ' ', invisible characters dropped. For every byte it appends it records in
// src the offset in s of the rune it came from, so a match in the folded text
// maps back to the exact original substring.
func fold(dst []byte, src []int32, s string) ([]byte, []int32) {
	dst, src = slices.Grow(dst, len(s)), slices.Grow(src, len(s))
	inSpace := false
	for i := 0; i < len(s); {
		c := s[i]
		if f := asciiFold[c]; f > ' ' {
			// The common case: a printable ASCII character.
			dst = append(dst, f)
			src = append(src, int32(i))
			inSpace = false
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
			(c >= utf8.RuneSelf && unicode.IsSpace(r)):
			if !inSpace {
				dst = append(dst, ' ')
				src = append(src, int32(i))
				inSpace = true
			}
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad':
			// Zero-width characters would otherwise hide a phrase.
		default:
			inSpace = false
			r = foldRune(r)
			if r < utf8.RuneSelf {
				dst = append(dst, byte(r))
				src = append(src, int32(i))
			} else {
				n := len(dst)
				dst = utf8.AppendRune(dst, r)
				for range len(dst) - n {
					src = append(src, int32(i))
				}
			}
		}
		i += size
	}
	return dst, src
}

// asciiFold folds printable ASCII in one lookup; 0 marks everything else.
var asciiFold = func() (t [256]byte) {
	for c := '!'; c <= '~'; c++ {
		t[c] = byte(foldRune(c))
	}
	return t
}()

func foldRune(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A')
	case r < utf8.RuneSelf:
		if r == '`' {
			return '\''
		}
		return r
	}
	switch r {
	case '\u2018', '\u2019', '\u201b', '\u02bc', '\u00b4', '\u2032':
		return '\''
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return '-'
	case '\u2026':
		return '.'
	}
	return unicode.ToLower(r)
}

// wordRune reports whether r is part of a word.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// symbolRune reports whether r is an emoji or a pictographic symbol: it is
// a word of its own, so a phrase can name a wink or an eye-roll.
func symbolRune(r rune) bool {
	return r >= 0x2600 && unicode.Is(unicode.So, r)
}

func runeAt(b []byte, i int) (rune, int) {
	if b[i] < utf8.RuneSelf {
		return rune(b[i]), 1
	}
	return utf8.DecodeRune(b[i:])
}

// tokenEnd returns the end of the word starting at i: letters and digits,
// with apostrophes inside (so "haven't" and "i'll" are one word).
func tokenEnd(b []byte, i int) int {
	j := i
	for j < len(b) {
		r, size := runeAt(b, j)
		if wordRune(r) {
			j += size
			continue
		}
		if r == '\'' && j+1 < len(b) {
			if r2, _ := runeAt(b, j+1); wordRune(r2) {
				j++
				continue
			}
		}
		break
	}
	return j
}

func hasWord(s string) bool {
	for _, r := range s {
		if wordRune(r) {
			return true
		}
	}
	return false
}

func isURLStart(b, tok []byte, end int) bool {
	switch string(tok) {
	case "http", "https":
		return bytes.HasPrefix(b[end:], []byte("://"))
	case "www":
		return end < len(b) && b[end] == '.'
	}
	return false
}

// bareLink reports whether the word b[i:j] opens a link written without a
// scheme, as people paste them: a domain followed by a path ("bit.ly/x",
// "calendly.com/dana/30min"), or a domain ending in a common top-level
// domain ("sandbox.acme.io"). "e.g.", "Dr. Park", "v2.1" and the domain of
// an email address are not links.
func bareLink(b []byte, i, j int) bool {
	if j+1 >= len(b) || b[j] != '.' || !alnum(b[j+1]) || i > 0 && (b[i-1] == '@' || b[i-1] == '.') {
		return false
	}
	last := i
	for {
		last = j + 1
		j = last
		for j < len(b) && (alnum(b[j]) || b[j] == '-') {
			j++
		}
		if j+1 >= len(b) || b[j] != '.' || !alnum(b[j+1]) {
			break
		}
	}
	tld := b[last:j]
	if len(tld) < 2 || len(tld) > 6 || bytes.ContainsFunc(tld, func(r rune) bool { return r < 'a' || r > 'z' }) {
		return false
	}
	if j < len(b) && b[j] == '/' {
		return true
	}
	if j < len(b) && b[j] == '@' {
		return false
	}
	return commonTLDs[string(tld)]
}

// commonTLDs are the endings that make a bare domain a link even without a
// path after it.
var commonTLDs = map[string]bool{
	"com": true, "org": true, "net": true, "io": true, "co": true, "ai": true, "app": true, "dev": true,
	"gov": true, "edu": true, "ly": true, "gle": true, "us": true, "uk": true, "ca": true, "de": true,
	"fr": true, "au": true, "nz": true, "ie": true, "eu": true, "info": true, "biz": true, "tv": true,
}

func alnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// urlEnd returns where the link starting at i ends: at a space or a
// Slack/markdown delimiter, without trailing sentence punctuation.
func urlEnd(b []byte, i int) int {
	j := i
	for j < len(b) && strings.IndexByte(" <>\"|", b[j]) < 0 {
		j++
	}
	for j > i && strings.IndexByte(".,;:!?)]'", b[j-1]) >= 0 {
		j--
	}
	return j
}

// urlKey is a link without scheme, "www." and trailing slash, so the same
// page is recognised however it was pasted.
func urlKey(u []byte) []byte {
	for _, p := range []string{"https://", "http://"} {
		if bytes.HasPrefix(u, []byte(p)) {
			u = u[len(p):]
			break
		}
	}
	u = bytes.TrimPrefix(u, []byte("www."))
	return bytes.TrimRight(u, "/")
}

// clip shortens q to at most limit bytes, cutting at a space; the result is
// still a substring of q.
func clip(q string, limit int) string {
	if len(q) <= limit {
		return q
	}
	cut := strings.LastIndexByte(q[:limit], ' ')
	if cut <= 0 {
		cut = limit
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
	}
	if t := strings.TrimRight(q[:cut], " ,;:-"); t != "" {
		return t
	}
	return q[:cut]
}
