package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
)

// The terminal reads its input on a goroutine of its own, a line at a
// time, so that waiting for a line never keeps Ctrl-C waiting: the
// conversation waits for the next line or for the context, whichever comes
// first. A read from a terminal cannot be cancelled, so on Ctrl-C the
// goroutine is simply left blocked; the process is about to exit.

// inputLine is one line read, or the end of the input (eof) and why (err:
// nil at a plain end).
type inputLine struct {
	text string
	eof  bool
	err  error
}

// errLineTooLong is the reason input ends at a line longer than maxInput.
var errLineTooLong = fmt.Errorf("a line of input is over %d KB; ghosted reads text a line at a time", maxInput>>10)

// readLines sends the lines of r on the returned channel. At the end of
// the input it sends one eof line; with again (a person at a terminal,
// where Ctrl-D ends one story but not the session) it then goes on reading,
// otherwise it closes the channel. It stops when done is closed.
func readLines(r io.Reader, again bool, done <-chan struct{}) <-chan inputLine {
	ch := make(chan inputLine)
	send := func(l inputLine) bool {
		select {
		case ch <- l:
			return true
		case <-done:
			return false
		}
	}
	go func() {
		defer close(ch)
		for {
			sc := bufio.NewScanner(r)
			sc.Buffer(make([]byte, 64<<10), maxInput)
			for sc.Scan() {
				if !send(inputLine{text: sc.Text()}) {
					return
				}
			}
			err := sc.Err()
			if errors.Is(err, bufio.ErrTooLong) {
				err = errLineTooLong
			}
			if !send(inputLine{eof: true, err: err}) || !again || err != nil {
				return
			}
		}
	}()
	return ch
}

// closedLines is an input that has ended.
func closedLines() <-chan inputLine {
	ch := make(chan inputLine)
	close(ch)
	return ch
}

// line shows prompt and reads one line. It returns io.EOF at the end of the
// input (remembering it, so later calls return io.EOF at once),
// errInterrupted once ctx is done, and the reason a read failed.
func (t *terminal) line(ctx context.Context, prompt string) (string, error) {
	if t.eof {
		return "", io.EOF
	}
	t.printf("%s", prompt)
	t.out.Flush()
	select {
	case <-ctx.Done():
		return "", errInterrupted
	case l, ok := <-t.lines:
		if !ok || l.eof {
			t.eof = true
			t.printf("\n")
			if l.err != nil {
				return "", l.err
			}
			return "", io.EOF
		}
		if t.echo {
			t.printf("%s\n", l.text)
		} else {
			// The person's Enter moved the cursor to a new line.
			t.out.AtLineStart()
		}
		return l.text, nil
	}
}
