package coach

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ghosted-bot/ghosted/coach/story"
)

// Facts are what can be read out of a deal story without asking; the
// reader lives in coach/story.
type Facts = story.Facts

// KeyDate is a date that matters to the deal, such as a contract end.
type KeyDate = story.KeyDate

// Sources quote the words each fact was read from.
type Sources = story.Sources

// Date kinds.
const (
	DateContractEnd = story.DateContractEnd
	DateBudget      = story.DateBudget
	DateAudit       = story.DateAudit
	DateEvent       = story.DateEvent
)

// MaxStoryBytes is how much of a story is read. Longer stories are cut at a
// rune boundary and Facts.Truncated is set so the user can be told.
const MaxStoryBytes = 8 << 10

// CleanStory makes raw user text safe to work with: valid UTF-8, no control
// characters other than newlines and tabs, trimmed, and cut to MaxStoryBytes.
// It reports whether the text was cut.
func CleanStory(raw string) (string, bool) {
	s := raw
	if !plainText(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
		s = strings.Map(func(r rune) rune {
			switch {
			case r == '\n' || r == '\t':
				return r
			case r == '\r':
				return -1
			case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u200b' || r == '\ufeff':
				return -1
			}
			return r
		}, s)
	}
	s = strings.TrimSpace(s)
	if len(s) <= MaxStoryBytes {
		return s, false
	}
	cut := MaxStoryBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimSpace(s[:cut]), true
}

// plainText reports whether s is printable ASCII, newlines and tabs only:
// valid UTF-8 with nothing for CleanStory to drop, as most stories are, so
// the rune-by-rune pass can be skipped.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 || c >= 0x7f) && c != '\n' && c != '\t' {
			return false
		}
	}
	return true
}

// ExtractFacts reads what it can from a cleaned story. now anchors relative
// phrases ("three weeks ago", "next quarter").
func ExtractFacts(text string, now time.Time) Facts { return story.Read(text, now) }
