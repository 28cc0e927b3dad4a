//go:build unix

package main

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// ttyWidth is the width of the terminal w writes to, when it is one.
func ttyWidth(w io.Writer) (int, bool) {
	f, ok := w.(*os.File)
	if !ok {
		return 0, false
	}
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 {
		return 0, false
	}
	return int(ws.Col), true
}
