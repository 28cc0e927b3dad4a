//go:build linux || darwin

package main

import (
	"errors"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/creack/pty"
)

// ptyOutput collects what a program writes to its terminal.
type ptyOutput struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (o *ptyOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// waitFor waits until the output holds want after position from, and
// returns the position after it.
func (o *ptyOutput) waitFor(t *testing.T, from int, want string) int {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		s := o.String()
		if i := strings.Index(s[from:], want); i >= 0 {
			return from + i + len(want)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %q on the terminal; it shows:\n%s", want, o.String())
	return 0
}

// TestTryCtrlCInATerminal runs `ghosted try` on a pseudo-terminal, as a
// person would, and presses Ctrl-C: while it waits for the story, and in
// the middle of a question. It must end at once, print no error, and exit
// 130; and every line it wrote fits the terminal's 60 columns.
func TestTryCtrlCInATerminal(t *testing.T) {
	for _, tt := range []struct {
		name  string
		typed []string // lines typed before Ctrl-C, each once the output shows wait (after the last)
		wait  []string
	}{
		{name: "waiting for the story"},
		{
			name:  "mid-question",
			typed: []string{"Dana at Acme went quiet 3 weeks ago.", "I followed up twice by email.", "", "", "not sure, I"},
			wait:  []string{"", "> ", "> ", "> ", "drafts now"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := ghostedCommand(t, []string{"TERM=dumb", "HOME=" + t.TempDir()}, "try")
			term, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 60, Rows: 40})
			if err != nil {
				t.Skipf("no pseudo-terminal here: %v", err)
			}
			defer term.Close()
			var out ptyOutput
			copied := make(chan struct{})
			go func() {
				defer close(copied)
				b := make([]byte, 4096)
				for {
					n, err := term.Read(b)
					out.mu.Lock()
					out.buf.Write(b[:n])
					out.mu.Unlock()
					if err != nil {
						return
					}
				}
			}()
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()

			pos := out.waitFor(t, 0, "> ")
			for i, line := range tt.typed {
				pos = out.waitFor(t, pos, tt.wait[i])
				if i == len(tt.typed)-1 && tt.wait[i] != "> " && tt.wait[i] != "" {
					// The prompt follows the question: type only once it is
					// up, or its "> " lands after the Ctrl-C.
					pos = out.waitFor(t, pos, "> ")
				}
				// Typed a character at a time, without Enter for the last
				// line: Ctrl-C comes while the answer is half typed.
				enter := "\r"
				if i == len(tt.typed)-1 {
					enter = ""
				}
				if _, err := io.WriteString(term, line+enter); err != nil {
					t.Fatal(err)
				}
			}
			if len(tt.typed) > 0 {
				out.waitFor(t, pos, tt.typed[len(tt.typed)-1]) // echoed: the question is up and waiting
			}
			before := len(out.String())
			start := time.Now()
			if _, err := term.Write([]byte{3}); err != nil { // Ctrl-C
				t.Fatal(err)
			}
			var werr error
			select {
			case werr = <-exited:
			case <-time.After(5 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("still running 5 s after Ctrl-C; the terminal shows:\n%s", out.String())
			}
			took := time.Since(start)
			t.Logf("Ctrl-C %s: exited %v after it", tt.name, took.Round(time.Millisecond))
			<-copied
			var ee *exec.ExitError
			if !errors.As(werr, &ee) || ee.ExitCode() != 130 {
				t.Errorf("exit: %v, want status 130", werr)
			}
			if testing.Verbose() {
				t.Logf("the terminal showed:\n%s", out.String())
			}
			after := out.String()[before:]
			if strings.TrimSpace(strings.ReplaceAll(after, "^C", "")) != "" {
				t.Errorf("after Ctrl-C it printed %q, want nothing", after)
			}
			if strings.Contains(out.String(), "context canceled") || regexp.MustCompile(`(?i)\berror\b|ghosted:`).MatchString(after) {
				t.Errorf("error text on the terminal:\n%s", out.String())
			}
			for _, l := range strings.Split(strings.ReplaceAll(out.String(), "\r", ""), "\n") {
				if n := utf8.RuneCountInString(l); n > 60 {
					t.Errorf("line of %d columns on a 60-column terminal: %q", n, l)
				}
			}
		})
	}
}
