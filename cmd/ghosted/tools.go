package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/lint/rubric"
)

// maxInput bounds what the tools read from stdin. Anything larger is cut and
// the user is told; coach.CleanStory cuts further for the diagnosis.
const maxInput = 1 << 20

// commandFlags is a command's flag set and where its --help goes.
type commandFlags struct {
	*flag.FlagSet
	stdout io.Writer
}

// newFlags builds the flag set of a command. usage is the command's usage
// line without "ghosted " ("lint [--json] < message.txt"; its first word is
// the command) and synopsis says what it does. --help prints both and the
// flags on stdout; parseFlags turns any other mistake into a usage error in
// the usual Go shape.
func newFlags(usage, synopsis string, stdout io.Writer) *commandFlags {
	fs := flag.NewFlagSet(usage, flag.ContinueOnError)
	// The flag package would print its error and the help itself, on its
	// output; parseFlags prints them once, where they belong.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: ghosted %s\n\n%s\n", usage, synopsis)
		if hasFlags(fs) {
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return &commandFlags{FlagSet: fs, stdout: stdout}
}

// help is the command's help text.
func (fs *commandFlags) help() string {
	var b strings.Builder
	fs.SetOutput(&b)
	fs.Usage()
	fs.SetOutput(io.Discard)
	return b.String()
}

// commandName is the command a flag set belongs to: the first word of its
// usage line.
func commandName(fs *flag.FlagSet) string {
	name, _, _ := strings.Cut(fs.Name(), " ")
	return name
}

// strayArgs says why a command takes no arguments.
var strayArgs = map[string]string{
	"serve":    "serve takes no arguments: its settings come from the environment",
	"try":      "try takes no arguments: it asks for the story once it runs (or reads it from stdin)",
	"diagnose": "diagnose reads the story from stdin, e.g. ghosted diagnose < story.txt",
	"draft":    "draft reads the story from stdin, e.g. ghosted draft < story.txt",
	"lint":     "lint reads the message from stdin, e.g. ghosted lint < message.txt",
	"manifest": "manifest takes no arguments",
	"version":  "version takes no arguments",
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parseFlags parses args. --help prints the command's help on stdout and is
// success (help is true: the command has nothing more to do). A flag it does
// not know, a bad value or a stray argument is a usage error in the shape of
// Go's own tools: "ghosted lint: flag provided but not defined: -jsn", then
// the command's help once, on stderr, and exit status 2.
func parseFlags(fs *commandFlags, args []string) (help bool, err error) {
	name := commandName(fs.FlagSet)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			_, werr := io.WriteString(fs.stdout, fs.help())
			return true, werr
		}
		return false, &exitError{code: 2, cmd: name, msg: err.Error(), usage: fs.help()}
	}
	if fs.NArg() > 0 {
		why := strayArgs[name]
		if why == "" {
			why = name + " takes no arguments"
		}
		return false, &exitError{code: 2, cmd: name, msg: fmt.Sprintf("unexpected argument %q: %s", fs.Arg(0), why), usage: fs.help()}
	}
	return false, nil
}

// readInput reads stdin up to maxInput and reports whether it was cut.
func readInput(stdin io.Reader) (string, bool, error) {
	b, err := io.ReadAll(io.LimitReader(stdin, maxInput+1))
	if err != nil {
		return "", false, fmt.Errorf("reading stdin: %w", err)
	}
	if len(b) > maxInput {
		return string(b[:maxInput]), true, nil
	}
	return string(b), false, nil
}

// diagnoseOutput is the `diagnose --json` contract: scripts read these
// field names, so they change only with a note in README.md.
type diagnoseOutput struct {
	Reasons   []coach.Score    `json:"reasons"`
	Facts     coach.Facts      `json:"facts"`
	Questions []questionOutput `json:"questions"`
	Notices   []string         `json:"notices,omitempty"`
}

type questionOutput struct {
	ID      string         `json:"id"`
	Reason  coach.ReasonID `json:"reason"`
	Text    string         `json:"text"`
	Options []string       `json:"options,omitempty"`
}

// nowFlag adds --now, the date relative phrases in a story are read against
// ("three weeks ago", "since Nov 12"), so a story reads the same on any day.
func nowFlag(fs *commandFlags) *string {
	return fs.String("now", "", "read the story as of this date, YYYY-MM-DD (default: today)")
}

// parseNow reads --now of command cmd; empty means the current time.
func parseNow(cmd, s string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, &exitError{code: 2, cmd: cmd, msg: fmt.Sprintf("--now wants a date like 2026-12-06 (got %q)", s)}
	}
	// Noon, so the date is the same day in every time zone a reader sits in.
	return d.Add(12 * time.Hour), nil
}

func runDiagnose(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("diagnose [--json] [--now YYYY-MM-DD] < story.txt",
		"Reads the story of a deal that went quiet on stdin and prints the seven reasons,\n"+
			"most likely first, each with a score from 0 to 1 and the evidence behind it,\n"+
			"the facts read (prospect, company, unanswered touches, days silent, channel,\n"+
			"key dates), and the clarifying questions ghosted would ask.", stdout)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	nowArg := nowFlag(fs)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	now, err := parseNow("diagnose", *nowArg)
	if err != nil {
		return err
	}
	raw, _, err := readInput(stdin)
	if err != nil {
		return err
	}
	if looksBinary(raw) {
		return errBinary("diagnose", "the deal's story")
	}
	out := diagnose(raw, now)
	if n := languageNotice(raw, nil); n != "" {
		out.Notices = append(out.Notices, n)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, n := range out.Notices {
		fmt.Fprintln(stderr, "note:", n)
	}
	printDiagnosis(stdout, out)
	return nil
}

// diagnose runs the coach on a story and lists the questions it would ask
// first, assuming no answers.
func diagnose(raw string, now time.Time) diagnoseOutput {
	deal, fx := coach.Start("cli", "cli", "cli", raw, now)
	out := diagnoseOutput{Reasons: deal.Diagnosis.Reasons, Facts: deal.Facts, Questions: []questionOutput{}}
	for _, e := range fx {
		if s, ok := e.(coach.Say); ok {
			out.Notices = append(out.Notices, s.Text)
		}
	}
	// The questions asked from the start, assuming no answers. deal.Asked
	// already holds the first (Start asked it), so begin afresh.
	deal.Asked = nil
	for {
		q, ok := coach.NextQuestion(deal)
		if !ok {
			break
		}
		deal.Asked = append(deal.Asked, q.ID)
		qo := questionOutput{ID: q.ID, Reason: q.Reason, Text: q.Text}
		for _, o := range q.Options {
			qo.Options = append(qo.Options, o.Label)
		}
		out.Questions = append(out.Questions, qo)
	}
	return out
}

func printDiagnosis(w io.Writer, out diagnoseOutput) {
	fmt.Fprintln(w, "Likely reasons, most likely first:")
	for i, s := range out.Reasons {
		r, _ := coach.ReasonByID(s.ID)
		fmt.Fprintf(w, "%d. %-11s %.2f  %s\n", i+1, s.ID, s.Score, r.Name)
		for _, e := range s.Evidence {
			fmt.Fprintf(w, "      - %s\n", e)
		}
	}
	fmt.Fprintf(w, "\nWhat I read: %s\n", coach.DescribeFacts(out.Facts))
	fmt.Fprintln(w, "\nQuestions I would ask:")
	for i, q := range out.Questions {
		fmt.Fprintf(w, "%d. [%s] %s\n", i+1, q.Reason, q.Text)
	}
}

func runLint(ctx context.Context, args []string, environ map[string]string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("lint [--json] [--llm] < message.txt",
		"Reads a message you are about to send on stdin and checks it against the\n"+
			"guidance: pestering, guilt, counting unanswered messages, pressure and\n"+
			"invented deadlines, tracking, going over their head, presuming why they\n"+
			"went quiet, snark, talking about them in the third person, re-sent links,\n"+
			"several asks, length, I/you balance, and the REAL checklist (feelings,\n"+
			"intentions, door open).\n\n"+
			"With --llm and an LLM configured (OPENAI_API_KEY or OPENAI_BASE_URL), an LLM\n"+
			"rubric check may add findings, each quoting the message.\n\n"+
			"Exit status: 0 clean, 1 findings, 2 usage error.", stdout)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	withLLM := fs.Bool("llm", false, "also run the LLM rubric check when an LLM is configured")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	raw, cut, err := readInput(stdin)
	if err != nil {
		return err
	}
	if strings.TrimSpace(raw) == "" {
		return errUsage("nothing to lint: pipe the message on stdin, e.g. ghosted lint < draft.txt")
	}
	if looksBinary(raw) {
		return errBinary("lint", "the message")
	}
	if cut {
		fmt.Fprintf(stderr, "note: the message is over %d KB; only the first %d KB was read\n", maxInput>>10, maxInput>>10)
	}
	rep := coach.Lint(raw)
	if *withLLM {
		if rep, err = reviewWithLLM(ctx, environ, raw, rep, stderr); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		printLint(stdout, rep)
	}
	if len(rep.Findings) > 0 {
		return errFindings
	}
	return nil
}

// reviewWithLLM adds the LLM rubric's findings to rep when an LLM is
// configured. A failed call is a note on stderr, not an error: the lint's
// own report stands.
func reviewWithLLM(ctx context.Context, environ map[string]string, raw string, rep coach.LintReport, stderr io.Writer) (coach.LintReport, error) {
	cfg, err := loadConfig(environ)
	if err != nil {
		return rep, err
	}
	if cfg.OpenAIAPIKey == "" && cfg.OpenAIBaseURL == "" {
		fmt.Fprintln(stderr, "note: --llm needs OPENAI_API_KEY or OPENAI_BASE_URL; the lint ran without it")
		return rep, nil
	}
	c, err := rubric.New(rubric.Config{APIKey: cfg.OpenAIAPIKey, BaseURL: cfg.OpenAIBaseURL, Model: cfg.OpenAIModel})
	if err != nil {
		return rep, err
	}
	out, err := c.Review(ctx, raw, rep)
	if err != nil {
		fmt.Fprintf(stderr, "note: the LLM rubric check failed (%v); the lint ran without it\n", err)
	}
	return out, nil
}

func printLint(w io.Writer, rep coach.LintReport) {
	verdict := "ready to send"
	if !rep.Passed() {
		verdict = "worth another pass"
	}
	fmt.Fprintf(w, "Score %d/100: %s\n", rep.Score, verdict)
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "  ✗ %s: %q\n      %s\n", f.Rule, f.Quote, f.Advice)
	}
	if f := rep.SelfFocus; f != nil {
		fmt.Fprintf(w, "  · self-focus (not a finding): %q\n      %s\n", f.Quote, f.Advice)
	}
	fmt.Fprintf(w, "REAL: %s feelings  %s intentions  %s door open\n", tick(rep.Real.Feelings), tick(rep.Real.Intentions), tick(rep.Real.DoorOpen))
}

func tick(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}
