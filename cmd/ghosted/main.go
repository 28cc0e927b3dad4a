// Command ghosted is the one binary of ghosted: the Slack bot (serve), a
// terminal coach (try), and the diagnose, lint and manifest tools.
//
// main is thin: it hands the process's arguments, environment and standard
// streams to run, so tests can run every command in-process.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
)

// version is stamped at build time with -ldflags "-X main.version=…".
var version = "dev"

// exitError carries an exit code other than 1 through run, with what to
// print on stderr.
type exitError struct {
	code int
	msg  string
	// cmd names the command the message is about ("ghosted lint: …");
	// empty, the message reads "ghosted: …".
	cmd string
	// usage is the help printed after the message, for a command used
	// wrongly.
	usage string
}

func (e *exitError) Error() string { return e.msg }

// errUsage is a usage error: exit code 2, as flag packages do.
func errUsage(format string, a ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, a...)}
}

// errFindings makes lint exit 1 without printing anything more.
var errFindings = &exitError{code: 1}

// errInterrupted ends a command the user interrupted (Ctrl-C): nothing is
// printed, and the exit status is 130, as for any program ended by SIGINT
// (143 when it was SIGTERM; main knows which).
var errInterrupted = &exitError{code: 128 + int(syscall.SIGINT)}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var got atomic.Value
	go func() {
		s := <-sigs
		got.Store(s)
		// A second Ctrl-C ends the process at once, whatever it is doing.
		// SIGTERM stays caught: serve finishes its drafts on the first and
		// orchestrators send no second.
		signal.Reset(os.Interrupt)
		cancel()
	}()
	err := run(ctx, os.Args[1:], environ(), os.Stdin, os.Stdout, os.Stderr)
	code := exitCode(err, os.Stderr)
	if s, ok := got.Load().(syscall.Signal); ok && errors.Is(err, errInterrupted) {
		code = 128 + int(s)
	}
	os.Exit(code)
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			prefix := "ghosted"
			if ee.cmd != "" {
				prefix += " " + ee.cmd
			}
			fmt.Fprintf(stderr, "%s: %s\n", prefix, ee.msg)
		}
		if ee.usage != "" {
			fmt.Fprint(stderr, ee.usage)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "ghosted:", err)
	return 1
}

func environ() map[string]string {
	m := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

const usage = `ghosted coaches salespeople whose prospect went quiet.

Usage:
  ghosted [command] [flags]

Commands:
  serve      run the Slack bot over Socket Mode (the default)
  try        coach a quiet deal right here in the terminal, no Slack needed
  diagnose   read a deal story on stdin, print the likely reasons and the questions
  draft      read a deal story on stdin, print the message the coach would write
  lint       read a message on stdin, score it against the guidance
  manifest   print the Slack app manifest
  version    print the version
  help       print this, or with a command's name its help

Every command takes --help: 'ghosted <command> --help' (or 'ghosted help
<command>') prints its flags. Settings come from the environment: see
README.md or .env.example.
`

// run is the whole program. It returns an *exitError for exit codes other
// than 0 and 1.
func run(ctx context.Context, args []string, env map[string]string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, args, env, stdout, stderr)
	case "try":
		return runTry(ctx, args, env, stdin, stdout, stderr)
	case "diagnose":
		return runDiagnose(args, stdin, stdout, stderr)
	case "draft":
		return runDraft(ctx, args, env, stdin, stdout, stderr)
	case "lint":
		return runLint(ctx, args, env, stdin, stdout, stderr)
	case "manifest":
		return runManifest(args, stdout, stderr)
	case "version", "--version", "-version":
		return runVersion(args, stdout)
	case "help", "-h", "--help", "-help", "--h":
		return runHelp(ctx, args, env, stdout, stderr)
	}
	if strings.HasPrefix(cmd, "-") {
		name, _, _ := strings.Cut(strings.TrimLeft(cmd, "-"), "=")
		return &exitError{code: 2, msg: "flag provided but not defined: -" + name, usage: usage}
	}
	return &exitError{code: 2, msg: fmt.Sprintf("unknown command %q", cmd), usage: usage}
}

// runVersion prints the version.
func runVersion(args []string, stdout io.Writer) error {
	fs := newFlags("version", "Prints the version of this build of ghosted.", stdout)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	_, err := fmt.Fprintln(stdout, "ghosted", version)
	return err
}

// runHelp prints the overview, or with a command's name that command's
// help, as 'ghosted <command> --help' does.
func runHelp(ctx context.Context, args []string, env map[string]string, stdout, stderr io.Writer) error {
	if len(args) == 0 || len(args) == 1 && isHelpFlag(args[0]) {
		_, err := fmt.Fprint(stdout, usage)
		return err
	}
	if len(args) > 1 || strings.HasPrefix(args[0], "-") {
		return &exitError{code: 2, cmd: "help", msg: fmt.Sprintf("unexpected argument %q: help takes one command's name, e.g. ghosted help lint", args[len(args)-1]), usage: usage}
	}
	if args[0] == "help" {
		return runHelp(ctx, nil, env, stdout, stderr)
	}
	return run(ctx, []string{args[0], "--help"}, env, strings.NewReader(""), stdout, stderr)
}

func isHelpFlag(s string) bool {
	switch s {
	case "-h", "--h", "-help", "--help":
		return true
	}
	return false
}
