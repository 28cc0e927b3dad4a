package main

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// defaultWidth is the width `try` wraps to when it cannot tell the
// terminal's.
const defaultWidth = 80

// wrapper writes text wrapped at word boundaries to a width: a line breaks
// at a space, before the word that would cross the width, never inside a
// word (a word longer than the width gets a line of its own and runs over).
// Text may arrive in pieces, as a streamed draft does, even mid-word: the
// word in progress is held until a space or a line break ends it, or until
// Flush.
type wrapper struct {
	w     io.Writer
	width int
	col   int             // visible characters on the current line
	space int             // spaces seen after the last word, not yet written
	word  strings.Builder // the word in progress
	err   error           // the first write error; later writes do nothing
}

func newWrapper(w io.Writer, width int) *wrapper {
	if width < 20 {
		// Narrower than any word worth wrapping for: do not try.
		width = 1 << 30
	}
	return &wrapper{w: w, width: width}
}

// Write wraps p. It always reports len(p) written unless the writer below
// failed.
func (wr *wrapper) Write(p []byte) (int, error) {
	for _, b := range p {
		switch b {
		case '\n':
			wr.endWord()
			wr.space = 0 // spaces at the end of a line are of no use
			wr.emit("\n")
			wr.col = 0
		case ' ':
			wr.endWord()
			wr.space++
		default:
			wr.word.WriteByte(b)
		}
	}
	if wr.err != nil {
		return 0, wr.err
	}
	return len(p), nil
}

// endWord writes the word in progress, on a new line if it would cross the
// width on this one.
func (wr *wrapper) endWord() {
	if wr.word.Len() == 0 {
		return
	}
	w := wr.word.String()
	wr.word.Reset()
	n := utf8.RuneCountInString(w)
	if wr.col > 0 && wr.col+wr.space+n > wr.width {
		wr.emit("\n")
		wr.col, wr.space = 0, 0
	}
	wr.emit(strings.Repeat(" ", wr.space) + w)
	wr.col += wr.space + n
	wr.space = 0
}

// Flush writes what is held: the word in progress and the spaces after it
// (a prompt's "> " must show before the input is read).
func (wr *wrapper) Flush() {
	wr.endWord()
	if wr.space > 0 {
		if wr.col+wr.space > wr.width {
			wr.emit("\n")
			wr.col = 0
		} else {
			wr.emit(strings.Repeat(" ", wr.space))
			wr.col += wr.space
		}
		wr.space = 0
	}
}

// AtLineStart tells the wrapper the cursor is at the start of a line
// again, as after a person typed a line and pressed Enter.
func (wr *wrapper) AtLineStart() { wr.col, wr.space = 0, 0 }

func (wr *wrapper) emit(s string) {
	if wr.err == nil {
		_, wr.err = io.WriteString(wr.w, s)
	}
}

// terminalWidth is the width to wrap stdout to: the terminal's when stdout
// is one, else $COLUMNS when it is a number, else 80.
func terminalWidth(stdout io.Writer, env map[string]string) int {
	if n, ok := ttyWidth(stdout); ok && n > 0 {
		return n
	}
	if n, err := strconv.Atoi(strings.TrimSpace(env["COLUMNS"])); err == nil && n > 0 {
		return n
	}
	return defaultWidth
}
