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
	"syscall"
)

// version is stamped at build time with -ldflags "-X main.version=…".
var version = "dev"

// exitError carries an exit code other than 1 through run.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// errUsage is a usage error: exit code 2, as flag packages do.
func errUsage(format string, a ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, a...)}
}

// errFindings makes lint exit 1 without printing anything more.
var errFindings = &exitError{code: 1}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], environ(), os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "ghosted:", ee.msg)
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

Run 'ghosted <command> --help' for a command's flags. Settings come from the
environment: see README.md or .env.example.
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
		return runLint(args, stdin, stdout, stderr)
	case "manifest":
		return runManifest(args, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "ghosted", version)
		return nil
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return errUsage("unknown command %q", cmd)
}
