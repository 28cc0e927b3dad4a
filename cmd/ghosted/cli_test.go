package main

import (
	"regexp"
	"strings"
	"testing"
)

// commandsInUsage are the commands the overview lists.
func commandsInUsage(t *testing.T) []string {
	t.Helper()
	_, list, ok := strings.Cut(usage, "Commands:\n")
	if !ok {
		t.Fatal("the overview has no Commands: section")
	}
	var cmds []string
	for _, l := range strings.Split(list, "\n") {
		if !strings.HasPrefix(l, "  ") {
			break
		}
		cmds = append(cmds, strings.Fields(l)[0])
	}
	if len(cmds) < 8 {
		t.Fatalf("read %d commands from the overview: %v", len(cmds), cmds)
	}
	return cmds
}

// TestEveryCommandTakesHelp: every command the overview lists prints its
// own help on stdout with --help, -h and 'ghosted help <command>', and exits
// 0 without doing anything else.
func TestEveryCommandTakesHelp(t *testing.T) {
	for _, cmd := range commandsInUsage(t) {
		want := "Usage: ghosted " + cmd
		if cmd == "help" {
			want = usage
		}
		for _, args := range [][]string{{cmd, "--help"}, {cmd, "-h"}, {"help", cmd}} {
			// The story on stdin would be read by a command that ignored
			// --help; the environment would start serve.
			r := ghosted(t, map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, "Dana went quiet.\n", args...)
			if r.code != 0 || !strings.HasPrefix(r.stdout, want) || r.stderr != "" {
				t.Errorf("ghosted %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
			}
			if strings.Contains(r.stdout, "ghosted dev") {
				t.Errorf("ghosted %s printed the version", strings.Join(args, " "))
			}
		}
	}
}

// TestUsageErrorsInGoShape: a flag a command does not know, a bad value or
// a stray argument reads "ghosted <command>: <what>", then the command's
// help once, all on stderr, and exits 2, as Go's own tools do.
func TestUsageErrorsInGoShape(t *testing.T) {
	tests := []struct {
		args  []string
		first string // the first line on stderr
		help  string // the help that follows it
	}{
		{[]string{"lint", "--jsn"}, "ghosted lint: flag provided but not defined: -jsn", "Usage: ghosted lint"},
		{[]string{"try", "-nope"}, "ghosted try: flag provided but not defined: -nope", "Usage: ghosted try"},
		{[]string{"diagnose", "--now", "soon"}, `ghosted diagnose: --now wants a date like 2026-12-06 (got "soon")`, ""},
		{[]string{"draft", "--json=maybe"}, `ghosted draft: invalid boolean value "maybe" for -json`, "Usage: ghosted draft"},
		{[]string{"serve", "extra"}, `ghosted serve: unexpected argument "extra": serve takes no arguments: its settings come from the environment`, "Usage: ghosted serve"},
		{[]string{"diagnose", "story.txt"}, `ghosted diagnose: unexpected argument "story.txt": diagnose reads the story from stdin, e.g. ghosted diagnose < story.txt`, "Usage: ghosted diagnose"},
		{[]string{"version", "--short"}, "ghosted version: flag provided but not defined: -short", "Usage: ghosted version"},
		{[]string{"manifest", "x"}, `ghosted manifest: unexpected argument "x": manifest takes no arguments`, "Usage: ghosted manifest"},
		{[]string{"frobnicate"}, `ghosted: unknown command "frobnicate"`, "ghosted coaches salespeople"},
		{[]string{"--jsn"}, "ghosted: flag provided but not defined: -jsn", "ghosted coaches salespeople"},
		{[]string{"help", "lint", "extra"}, `ghosted help: unexpected argument "extra"`, "ghosted coaches salespeople"},
	}
	for _, tt := range tests {
		r := ghosted(t, nil, "", tt.args...)
		first, rest, _ := strings.Cut(r.stderr, "\n")
		name := "ghosted " + strings.Join(tt.args, " ")
		if r.code != 2 || !strings.HasPrefix(first, tt.first) {
			t.Errorf("%s: exit %d, stderr starts %q, want exit 2 and %q", name, r.code, first, tt.first)
		}
		if r.stdout != "" {
			t.Errorf("%s: printed on stdout:\n%s", name, r.stdout)
		}
		if tt.help == "" {
			// A bad --now value is refused by the command, not the flag
			// package: it names the form wanted.
			continue
		}
		if n := strings.Count(r.stderr, tt.help); n != 1 || !strings.HasPrefix(rest, tt.help) {
			t.Errorf("%s: the help should follow the message once (found %d times):\n%s", name, n, r.stderr)
		}
		if regexp.MustCompile(`\[--|<`).MatchString(first) && !strings.Contains(tt.first, "<") {
			t.Errorf("%s: the usage line is in the message: %q", name, first)
		}
	}
}

// TestVersion prints the version, and nothing else on stderr.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		if r := ghosted(t, nil, "", args...); r.code != 0 || r.stdout != "ghosted "+version+"\n" || r.stderr != "" {
			t.Errorf("%v: exit %d %q %q", args, r.code, r.stdout, r.stderr)
		}
	}
}
