package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The READMEs' command lines are tested here: README.md and
// deploy/README.md, fenced shell blocks and inline commands alike. The safe
// ones (ghosted's try, diagnose, draft, lint, version, manifest and help,
// fed by echo or printf) run as written, in bash, with `ghosted`,
// `./ghosted` and `go run ./cmd/ghosted` being this test binary; where a
// block shows a command's output ("$ command" then its output, "…" for
// what is left out) the output must match. The rest (docker, kubectl, go
// test, serve…) cannot run here: they must parse as shell, and the files,
// Compose services, Kubernetes objects, Go packages, tests, flags and
// routes they name must exist.

var docFiles = []string{"README.md", "deploy/README.md"}

// docBlock is a fenced code block of a Markdown file.
type docBlock struct {
	file string
	line int // of the opening fence
	lang string
	text string // without the fence's indentation
}

var fenceRE = regexp.MustCompile("^(\\s*)```(\\w*)\\s*$")

func fencedBlocks(t *testing.T, rel string) []docBlock {
	t.Helper()
	var blocks []docBlock
	lines := strings.Split(readRepoFile(t, rel), "\n")
	for i := 0; i < len(lines); i++ {
		m := fenceRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		b := docBlock{file: rel, line: i + 1, lang: m[2]}
		var body []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			body = append(body, strings.TrimPrefix(lines[i], m[1]))
		}
		b.text = strings.Join(body, "\n")
		blocks = append(blocks, b)
	}
	if len(blocks) == 0 {
		t.Fatalf("%s has no code blocks", rel)
	}
	return blocks
}

// docCommand is one command line of the docs, with the output shown for
// it, if any.
type docCommand struct {
	where  string
	line   string
	output []string // shown after "$ line"; nil when none is shown
}

// commandsOf splits a shell block into its commands: the "$ " lines of a
// transcript with the output after each, or else every line that is not a
// comment, continuation lines joined.
func commandsOf(b docBlock) []docCommand {
	lines := strings.Split(b.text, "\n")
	transcript := slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "$ ") })
	var cmds []docCommand
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if transcript && !strings.HasPrefix(l, "$ ") {
			if len(cmds) > 0 {
				cmds[len(cmds)-1].output = append(cmds[len(cmds)-1].output, l)
			}
			continue
		}
		l = strings.TrimPrefix(l, "$ ")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		where := fmt.Sprintf("%s:%d", b.file, b.line+1+i)
		for strings.HasSuffix(l, "\\") && i+1 < len(lines) {
			i++
			l = strings.TrimSuffix(l, "\\") + " " + strings.TrimSpace(lines[i])
		}
		cmds = append(cmds, docCommand{where: where, line: stripComment(l)})
	}
	for i := range cmds {
		for len(cmds[i].output) > 0 && strings.TrimSpace(cmds[i].output[len(cmds[i].output)-1]) == "" {
			cmds[i].output = cmds[i].output[:len(cmds[i].output)-1]
		}
		if transcript && cmds[i].output == nil {
			cmds[i].output = []string{}
		}
	}
	return cmds
}

// inlineCommandRE finds commands in the prose: `go run ./cmd/ghosted …`,
// `ghosted <command> …`, `./ghosted …`, `go test …`, `bash .ci/run`,
// `docker compose -f …`, `docker run …`, `kubectl …`, `cp …`, `curl …`,
// `redis-cli …`, `journalctl …`, `systemctl …`.
var inlineCommandRE = regexp.MustCompile("`(ghosted [a-z]+(?: [^`]*)?|(?:go run \\./cmd/ghosted|\\./ghosted|go test |bash \\.ci/|docker (?:compose -f|run) |[A-Z_]+=\\S+ docker |kubectl |cp |curl |redis-cli |journalctl |systemctl )[^`]*)`")

func inlineCommands(t *testing.T, rel string) []docCommand {
	t.Helper()
	var cmds []docCommand
	inFence := false
	for i, l := range strings.Split(readRepoFile(t, rel), "\n") {
		if fenceRE.MatchString(l) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		for _, m := range inlineCommandRE.FindAllStringSubmatch(l, -1) {
			cmds = append(cmds, docCommand{where: fmt.Sprintf("%s:%d", rel, i+1), line: m[1]})
		}
	}
	return cmds
}

// stripComment drops a trailing "# comment" outside quotes.
func stripComment(l string) string {
	var q rune
	for i, r := range l {
		switch {
		case q != 0:
			if r == q {
				q = 0
			}
		case r == '\'' || r == '"':
			q = r
		case r == '#' && (i == 0 || l[i-1] == ' '):
			return strings.TrimSpace(l[:i])
		}
	}
	return strings.TrimSpace(l)
}

// shellWords splits a command line into words, honouring quotes, with the
// operators | ; && || > as words of their own. It is for reading the docs'
// simple commands, not a shell.
func shellWords(l string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			words = append(words, w.String())
			w.Reset()
			inWord = false
		}
	}
	rs := []rune(l)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\'' || r == '"':
			inWord = true
			for i++; i < len(rs) && rs[i] != r; i++ {
				if r == '"' && rs[i] == '\\' && i+1 < len(rs) {
					i++
				}
				w.WriteRune(rs[i])
			}
		case r == ' ' || r == '\t':
			flush()
		case r == '|' || r == ';' || r == '>' || r == '&':
			flush()
			op := string(r)
			if i+1 < len(rs) && (rs[i+1] == '|' || rs[i+1] == '&') && r != ';' && r != '>' {
				op += string(rs[i+1])
				i++
			}
			words = append(words, op)
		default:
			inWord = true
			w.WriteRune(r)
		}
	}
	flush()
	return words
}

// segments splits words at | ; && ||.
func segments(words []string) [][]string {
	var segs [][]string
	cur := []string{}
	for _, w := range words {
		if w == "|" || w == ";" || w == "&&" || w == "||" {
			segs = append(segs, cur)
			cur = []string{}
			continue
		}
		cur = append(cur, w)
	}
	return append(segs, cur)
}

// ghostedArgs returns the arguments of a segment that runs ghosted, and
// the words before them that set variables.
func ghostedArgs(seg []string) (env, args []string, ok bool) {
	for len(seg) > 0 && regexp.MustCompile(`^[A-Z_][A-Z0-9_]*=`).MatchString(seg[0]) {
		env, seg = append(env, seg[0]), seg[1:]
	}
	switch {
	case len(seg) >= 3 && seg[0] == "go" && seg[1] == "run" && seg[2] == "./cmd/ghosted":
		return env, seg[3:], true
	case len(seg) >= 1 && (seg[0] == "ghosted" || seg[0] == "./ghosted"):
		return env, seg[1:], true
	}
	return nil, nil, false
}

// safeCommands are ghosted's commands that read stdin or nothing and touch
// nothing outside the process (try's memory is its own).
var safeCommands = []string{"try", "diagnose", "draft", "lint", "version", "manifest", "help"}

// isSafe reports whether a command line can run here as written: every
// part of it is echo, printf or a safe ghosted command, with no variables
// set, no command substitution, and output only to a plain file name.
func isSafe(line string) bool {
	if strings.Contains(line, "$(") || strings.Contains(line, "`") || strings.ContainsAny(line, "…<[") {
		return false
	}
	for _, seg := range segments(shellWords(line)) {
		if len(seg) == 0 {
			return false
		}
		if seg[0] == "echo" || seg[0] == "printf" {
			continue
		}
		env, args, ok := ghostedArgs(seg)
		if !ok || len(env) > 0 || len(args) == 0 {
			return false
		}
		if !slices.Contains(safeCommands, args[0]) && !slices.Contains(args, "--help") {
			return false
		}
		if i := slices.Index(args, ">"); i >= 0 && (i+2 != len(args) || strings.ContainsAny(args[i+1], "/.") && !regexp.MustCompile(`^[\w-]+\.\w+$`).MatchString(args[i+1])) {
			return false
		}
	}
	return true
}

// docShell is where the docs' safe commands run: a directory holding
// `ghosted` (this test binary as ghosted), first on PATH, with `go run
// ./cmd/ghosted` going to it too.
type docShell struct {
	dir, bin string
}

func newDocShell(t *testing.T) *docShell {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash here")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	s := &docShell{dir: t.TempDir(), bin: t.TempDir()}
	ghosted := fmt.Sprintf("#!/bin/sh\n%s=1 exec %q \"$@\"\n", runMainEnv, exe)
	goShim := "#!/bin/sh\n" +
		"if [ \"$1\" = run ] && [ \"$2\" = ./cmd/ghosted ]; then shift 2; exec ghosted \"$@\"; fi\n" +
		"echo \"docs test: only go run ./cmd/ghosted runs here, not go $*\" >&2; exit 97\n"
	for path, text := range map[string]string{
		filepath.Join(s.bin, "ghosted"): ghosted,
		filepath.Join(s.dir, "ghosted"): ghosted, // ./ghosted
		filepath.Join(s.bin, "go"):      goShim,
	} {
		if err := os.WriteFile(path, []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// run runs a command line in bash with no stdin and a clean environment.
func (s *docShell) run(t *testing.T, line string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", line)
	cmd.Dir = s.dir
	cmd.Env = []string{"PATH=" + s.bin + ":/usr/local/bin:/usr/bin:/bin", "HOME=" + s.dir, "LANG=C.UTF-8"}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	return out.String(), errb.String(), err
}

// bashParses checks that text is valid bash.
func bashParses(t *testing.T, where, text string) {
	t.Helper()
	cmd := exec.Command("bash", "-n")
	cmd.Stdin = strings.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s: does not parse as shell: %v\n%s\n%s", where, err, out, text)
	}
}

// matchOutput matches output lines against the lines a doc shows: exactly,
// except that a line that starts with "…" stands for any lines (none too),
// and "…" inside a line for any text.
func matchOutput(shown, got []string) bool {
	if len(shown) == 0 {
		return len(got) == 0
	}
	head := strings.TrimRight(shown[0], " ")
	if strings.HasPrefix(strings.TrimSpace(head), "…") {
		for k := 0; k <= len(got); k++ {
			if matchOutput(shown[1:], got[k:]) {
				return true
			}
		}
		return false
	}
	if len(got) == 0 {
		return false
	}
	parts := strings.Split(head, "…")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	if !regexp.MustCompile("^" + strings.Join(parts, ".*") + "$").MatchString(strings.TrimRight(got[0], " ")) {
		return false
	}
	return matchOutput(shown[1:], got[1:])
}

func TestMatchOutput(t *testing.T) {
	got := []string{"{", `  "a": 1,`, `  "b": "long text here",`, "}"}
	for _, tt := range []struct {
		shown []string
		want  bool
	}{
		{[]string{"{", `  "a": 1,`, `  "b": "long text here",`, "}"}, true},
		{[]string{"{", "  …", "}"}, true},
		{[]string{"{", `  "b": "long …",`, "}"}, false}, // "a" is not left out
		{[]string{"{", `  "a": 1,`, `  "b": "long …",`, "}"}, true},
		{[]string{"{", `  "a": 2,`, "  …"}, false},
		{[]string{"…"}, true},
		{[]string{"{", "  …"}, true},
		{[]string{"{", "}"}, false},
	} {
		if matchOutput(tt.shown, got) != tt.want {
			t.Errorf("matchOutput(%q) = %v", tt.shown, !tt.want)
		}
	}
}

func TestIsSafe(t *testing.T) {
	for line, want := range map[string]bool{
		`printf 'x\n\nskip\n' | go run ./cmd/ghosted try`: true,
		`echo "a" | ghosted lint --json; echo "exit $?"`:  true,
		`./ghosted version`:                             true,
		`go run ./cmd/ghosted manifest > manifest.json`: true,
		`ghosted serve --help`:                          true,
		`ghosted serve`:                                 false,
		`ghosted`:                                       false,
		`SLACK_BOT_TOKEN=xoxb-1 go run ./cmd/ghosted serve`: false,
		`go test ./...`:                     false,
		`ghosted manifest > /etc/passwd`:    false,
		`echo "$(rm -rf x)" | ghosted lint`: false,
		`docker compose -f deploy/docker-compose.yml exec ghosted /ghosted version`: false,
		`ghosted try; rm -rf /`: false,
	} {
		if got := isSafe(line); got != want {
			t.Errorf("isSafe(%q) = %v", line, got)
		}
	}
}

// TestDocCommands runs or checks every command line of the READMEs.
func TestDocCommands(t *testing.T) {
	sh := newDocShell(t)
	ran, checked := 0, 0
	for _, rel := range docFiles {
		var cmds []docCommand
		for _, b := range fencedBlocks(t, rel) {
			switch b.lang {
			case "sh", "bash", "shell", "console":
				bc := commandsOf(b)
				lines := make([]string, len(bc))
				for i, c := range bc {
					lines[i] = c.line
				}
				bashParses(t, fmt.Sprintf("%s:%d", rel, b.line), strings.Join(lines, "\n"))
				cmds = append(cmds, bc...)
			case "":
				checkLogLines(t, b)
			}
		}
		for _, c := range inlineCommands(t, rel) {
			if !strings.ContainsAny(c.line, "[<…") {
				bashParses(t, c.where, c.line)
			}
			cmds = append(cmds, c)
		}
		for _, c := range cmds {
			if testing.Verbose() {
				t.Logf("%s: %s (runs: %v)", c.where, c.line, isSafe(c.line))
			}
			if isSafe(c.line) {
				ran++
				runDocCommand(t, sh, c)
				continue
			}
			checked++
			checkDocCommand(t, sh, c)
		}
	}
	t.Logf("ran %d command lines of the docs, checked %d more", ran, checked)
	if ran < 8 || checked < 20 {
		t.Errorf("ran %d and checked %d command lines: fewer than the docs hold; is the extraction broken?", ran, checked)
	}
}

// runDocCommand runs a safe command as written: it must succeed and, where
// the docs show its output, print that.
func runDocCommand(t *testing.T, sh *docShell, c docCommand) {
	t.Helper()
	stdout, stderr, err := sh.run(t, c.line)
	if err != nil {
		t.Errorf("%s: %s\nfailed: %v\n%s%s", c.where, c.line, err, stdout, stderr)
		return
	}
	if c.output != nil {
		got := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
		if !matchOutput(c.output, got) {
			t.Errorf("%s: %s\nthe docs show:\n%s\nit prints:\n%s", c.where, c.line, strings.Join(c.output, "\n"), stdout)
		}
	}
	if strings.Contains(c.line, "> manifest.json") {
		if b, err := os.ReadFile(filepath.Join(sh.dir, "manifest.json")); err != nil || !bytes.Contains(b, []byte(`"socket_mode_enabled": true`)) {
			t.Errorf("%s: %s wrote no manifest (%v)", c.where, c.line, err)
		}
	}
}

// checkDocCommand checks a command that cannot run here: what it names
// must exist.
func checkDocCommand(t *testing.T, sh *docShell, c docCommand) {
	t.Helper()
	words := shellWords(c.line)
	fail := func(format string, a ...any) {
		t.Helper()
		t.Errorf("%s: %s\n%s", c.where, c.line, fmt.Sprintf(format, a...))
	}
	for i, w := range words {
		if kubectlObject(words, i) {
			continue // deploy/ghosted is a Deployment there, not a path
		}
		p := strings.TrimPrefix(w, "./")
		if regexp.MustCompile(`^(deploy|cmd|coach|bot|prompts)(/[\w.-]+)*/?$`).MatchString(p) || slices.Contains([]string{".env.example", "Dockerfile", ".ci/run"}, p) {
			if _, err := os.Stat(filepath.Join("..", "..", p)); err != nil {
				fail("names %s, which does not exist", w)
			}
		}
		if m := regexp.MustCompile(`^https?://127\.0\.0\.1:8080(/\w+)$`).FindStringSubmatch(w); m != nil {
			if !strings.Contains(readRepoFile(t, "cmd/ghosted/wire.go"), `"GET `+m[1]+`"`) {
				fail("ghosted serves no %s", m[1])
			}
		}
	}
	for _, seg := range segments(words) {
		if len(seg) == 0 {
			continue
		}
		if env, args, ok := ghostedArgs(seg); ok {
			checkGhosted(t, sh, c, env, args)
			continue
		}
		switch {
		case len(seg) >= 2 && seg[0] == "go" && seg[1] == "test":
			checkGoTest(t, c, seg[2:])
		case len(seg) >= 2 && seg[0] == "go" && seg[1] == "build":
			if !strings.Contains(readRepoFile(t, "Dockerfile"), `go build -trimpath -ldflags "-s -w -X main.version=`) || !strings.Contains(c.line, `-trimpath -ldflags "-s -w -X main.version=`) {
				fail("the build is not the Dockerfile's")
			}
		case len(seg) >= 2 && seg[0] == "docker" && seg[1] == "compose":
			checkCompose(t, c, seg[2:])
		case seg[0] == "docker" && slices.Contains(seg, "--build-arg"):
			for i, w := range seg {
				if w == "--build-arg" && i+1 < len(seg) {
					name, _, _ := strings.Cut(seg[i+1], "=")
					if !regexp.MustCompile(`(?m)^ARG ` + name + `\b`).MatchString(readRepoFile(t, "Dockerfile")) {
						fail("the Dockerfile has no ARG %s", name)
					}
				}
			}
		case seg[0] == "kubectl":
			checkKubectl(t, c, seg[1:])
		}
	}
}

// checkGhosted checks a ghosted command that does not run here (serve, a
// synopsis with [flags]): the command and its flags exist, the variables
// set before it are settings ghosted reads.
func checkGhosted(t *testing.T, sh *docShell, c docCommand, env, args []string) {
	t.Helper()
	vars := configVars(t)
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if _, ok := vars[name]; !ok {
			t.Errorf("%s: %s\nsets %s, which ghosted does not read", c.where, c.line, name)
		}
	}
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") && !strings.HasPrefix(args[0], "[") {
		cmd = args[0]
	}
	if !strings.Contains(usage, "\n  "+cmd+" ") {
		t.Errorf("%s: %s\nghosted has no command %q", c.where, c.line, cmd)
		return
	}
	stdout, stderr, err := sh.run(t, "ghosted "+cmd+" --help")
	if err != nil {
		t.Errorf("%s: ghosted %s --help: %v\n%s", c.where, cmd, err, stderr)
		return
	}
	for _, f := range regexp.MustCompile(`--?([a-z][\w-]*)`).FindAllStringSubmatch(strings.Join(args, " "), -1) {
		if f[1] == "help" || f[1] == "h" {
			continue
		}
		if !strings.Contains(stdout, "  -"+f[1]+"\n") && !strings.Contains(stdout, "  -"+f[1]+" ") {
			t.Errorf("%s: %s\nghosted %s has no flag -%s:\n%s", c.where, c.line, cmd, f[1], stdout)
		}
	}
}

// checkGoTest checks `go test PKG -run X -fuzz F -bench B`: the package
// exists and each name matches a test of the right kind in it.
func checkGoTest(t *testing.T, c docCommand, args []string) {
	t.Helper()
	pkg := ""
	kinds := map[string]string{"-run": "Test|Fuzz|Example", "-fuzz": "Fuzz", "-bench": "Benchmark"}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if k, ok := kinds[a]; ok && i+1 < len(args) {
			i++
			if pat := args[i]; pat != "XXX" && pat != "." {
				checkTestName(t, c, pkg, k, pat)
			}
			continue
		}
		if strings.HasPrefix(a, "./") && pkg == "" {
			pkg = a
			if a != "./..." {
				if st, err := os.Stat(filepath.Join("..", "..", a)); err != nil || !st.IsDir() {
					t.Errorf("%s: %s\nno package %s", c.where, c.line, a)
				}
			}
		}
	}
}

func checkTestName(t *testing.T, c docCommand, pkg, kinds, pat string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", pkg, "*_test.go"))
	re := regexp.MustCompile(`(?m)^func ((?:` + kinds + `)\w*)\(`)
	match, err := regexp.Compile(pat)
	if err != nil {
		t.Errorf("%s: %s\nbad pattern %q: %v", c.where, c.line, pat, err)
		return
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if match.MatchString(m[1]) {
				return
			}
		}
	}
	t.Errorf("%s: %s\nno %s in %s matches %q", c.where, c.line, kinds, pkg, pat)
}

// checkCompose checks `docker compose [-f FILE] … SERVICE`: the file exists
// (checked with the paths) and defines the service a command names.
func checkCompose(t *testing.T, c docCommand, args []string) {
	t.Helper()
	file := "deploy/docker-compose.yml"
	if len(args) >= 2 && args[0] == "-f" {
		file = args[1]
	}
	text := readRepoFile(t, file)
	for i, a := range args {
		switch a {
		case "logs", "exec", "kill", "restart", "stop", "start":
			for _, s := range args[i+1:] {
				if strings.HasPrefix(s, "-") {
					continue
				}
				if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(s) + `:\s*$`).MatchString(text) {
					t.Errorf("%s: %s\n%s defines no service %q", c.where, c.line, file, s)
				}
				break
			}
		}
	}
}

var kubectlObjectRE = regexp.MustCompile(`^(?:statefulset|deployment|deploy|svc|service)/([\w-]+)$`)

// kubectlObject reports whether words[i] names a Kubernetes object in a
// kubectl command (statefulset/redis, deploy/ghosted), not a directory
// (-k deploy/kubernetes).
func kubectlObject(words []string, i int) bool {
	if !kubectlObjectRE.MatchString(words[i]) || i > 0 && (words[i-1] == "-k" || words[i-1] == "-f") {
		return false
	}
	for j := i - 1; j >= 0; j-- {
		switch words[j] {
		case "kubectl":
			return true
		case "|", ";", "&&", "||":
			return false
		}
	}
	return false
}

// checkKubectl checks that the objects a kubectl command names are in the
// Kubernetes kits.
func checkKubectl(t *testing.T, c docCommand, args []string) {
	t.Helper()
	var kit strings.Builder
	for _, dir := range []string{"deploy/kubernetes", "deploy/kubernetes-sentinel"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", dir, "*.yaml"))
		for _, f := range files {
			b, _ := os.ReadFile(f)
			kit.Write(b)
		}
	}
	named := func(name string) bool {
		return regexp.MustCompile(`(?m)^\s*(- )?name: "?` + regexp.QuoteMeta(name) + `"?\s*$`).MatchString(kit.String())
	}
	for i, a := range args {
		if m := kubectlObjectRE.FindStringSubmatch(a); m != nil && kubectlObject(args, i) && !named(m[1]) {
			t.Errorf("%s: %s\nno object %q in the Kubernetes kits", c.where, c.line, m[1])
		}
		if a == "exec" && i+1 < len(args) {
			pod := regexp.MustCompile(`-\d+$`).ReplaceAllString(args[i+1], "")
			if !named(pod) {
				t.Errorf("%s: %s\nno StatefulSet %q in the Kubernetes kits", c.where, c.line, pod)
			}
		}
		if a == "-c" && i+1 < len(args) && !named(args[i+1]) {
			t.Errorf("%s: %s\nno container %q in the Kubernetes kits", c.where, c.line, args[i+1])
		}
		if a == "generic" && i+1 < len(args) && !strings.Contains(kit.String(), args[i+1]) {
			t.Errorf("%s: %s\nthe kits do not use the Secret %q", c.where, c.line, args[i+1])
		}
	}
}

// logLineRE is a log line shown in the docs: level=… msg="…" key=value…
var logLineRE = regexp.MustCompile(`level=\w+ msg="([^"]+)"(.*)`)

// checkLogLines checks that the log lines a doc shows are ones ghosted
// writes: each message and each key is a string in its code.
func checkLogLines(t *testing.T, b docBlock) {
	t.Helper()
	var code strings.Builder
	for _, dir := range []string{"bot", "cmd/ghosted", "coach/redisstore", "coach/nudge"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", dir, "*.go"))
		for _, f := range files {
			if !strings.HasSuffix(f, "_test.go") {
				src, _ := os.ReadFile(f)
				code.Write(src)
			}
		}
	}
	for i, l := range strings.Split(b.text, "\n") {
		m := logLineRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		where := fmt.Sprintf("%s:%d", b.file, b.line+1+i)
		if !strings.Contains(code.String(), `"`+m[1]+`"`) {
			t.Errorf("%s: ghosted logs no %q", where, m[1])
		}
		for _, k := range regexp.MustCompile(`(\w+)=`).FindAllStringSubmatch(m[2], -1) {
			if !strings.Contains(code.String(), `"`+k[1]+`"`) {
				t.Errorf("%s: ghosted logs no key %q", where, k[1])
			}
		}
	}
}

// TestDocGoVersion: the Go version the READMEs ask for is go.mod's.
func TestDocGoVersion(t *testing.T) {
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+(?:\.\d+)?)$`).FindStringSubmatch(readRepoFile(t, "go.mod"))
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	for _, rel := range docFiles {
		text := readRepoFile(t, rel)
		for _, v := range regexp.MustCompile(`Go (\d+\.\d+(?:\.\d+)?)(\+| or later)`).FindAllStringSubmatch(text, -1) {
			if v[1] != m[1] {
				t.Errorf("%s asks for Go %s%s; go.mod needs %s", rel, v[1], v[2], m[1])
			}
		}
		if !strings.Contains(text, "Go "+m[1]) {
			t.Errorf("%s does not say ghosted needs Go %s", rel, m[1])
		}
	}
}

// TestDocReadyzReasons: each reason /readyz gives with its 503 is in the
// deploy guide's troubleshooting table, and each the docs quote is one it
// gives.
func TestDocReadyzReasons(t *testing.T) {
	wire := readRepoFile(t, "cmd/ghosted/wire.go")
	given := regexp.MustCompile(`http\.Error\(w, "([^"]+)", http\.StatusServiceUnavailable\)`).FindAllStringSubmatch(wire, -1)
	if len(given) < 3 {
		t.Fatalf("found %d reasons for a 503 in wire.go", len(given))
	}
	guide := readRepoFile(t, "deploy/README.md")
	_, table, _ := strings.Cut(guide, "## 6. Troubleshooting")
	for _, g := range given {
		if !strings.Contains(table, "503 `"+g[1]+"`") {
			t.Errorf("the troubleshooting table lacks /readyz's 503 %q", g[1])
		}
	}
	for _, rel := range docFiles {
		for _, q := range regexp.MustCompile("503 `([^`]+)`").FindAllStringSubmatch(readRepoFile(t, rel), -1) {
			if !strings.Contains(wire, `"`+q[1]+`"`) {
				t.Errorf("%s quotes a 503 %q that /readyz never gives", rel, q[1])
			}
		}
	}
}
