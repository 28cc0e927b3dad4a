package main

import (
	"os"
	"os/exec"
	"testing"
)

// runMainEnv makes the test binary run as ghosted itself: tests that need
// the real process (a terminal's signals, the shell commands of the docs)
// start os.Args[0] with it set, and the arguments after the program name
// are ghosted's.
const runMainEnv = "GHOSTED_TEST_RUN_MAIN"

func init() {
	if os.Getenv(runMainEnv) == "1" {
		main() // exits
	}
}

// ghostedCommand is a command that runs ghosted, as the binary would, with
// args and an environment of only env (and runMainEnv).
func ghostedCommand(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append([]string{runMainEnv + "=1"}, env...)
	return cmd
}
