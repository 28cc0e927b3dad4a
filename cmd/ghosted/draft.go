package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ghosted-bot/ghosted/coach"
)

// draftOutput is the `draft --json` contract: the message the coach writes
// from the story alone, and its lint.
type draftOutput struct {
	Mode    coach.Mode       `json:"mode"`
	Channel string           `json:"channel"`
	Subject string           `json:"subject"`
	Body    string           `json:"body"`
	Lint    coach.LintReport `json:"lint"`
	Model   string           `json:"model"`
	Offline bool             `json:"offline"`
	// Facts and Reason say what the draft rests on, so a script can check
	// the reading without a second call.
	Facts   coach.Facts    `json:"facts"`
	Reason  coach.ReasonID `json:"reason"`
	Advice  string         `json:"advice"`
	Notices []string       `json:"notices,omitempty"`
}

func runDraft(ctx context.Context, args []string, environ map[string]string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("draft [--json] [--now YYYY-MM-DD] [--offline] < story.txt",
		"Reads the story of a deal that went quiet on stdin and prints the message the\n"+
			"coach would write without asking questions: its mode (reengage, last, closing),\n"+
			"channel, subject and body, the lint of it, and the next-step advice. Drafts come\n"+
			"from the LLM when OPENAI_API_KEY or OPENAI_BASE_URL is set, otherwise from the\n"+
			"offline drafter.", stdout)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	offline := fs.Bool("offline", false, "use the offline drafter even if an LLM is configured")
	nowArg := nowFlag(fs)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	now, err := parseNow("draft", *nowArg)
	if err != nil {
		return err
	}
	raw, _, err := readInput(stdin)
	if err != nil {
		return err
	}
	if strings.TrimSpace(raw) == "" {
		return errUsage("no story: pipe the deal's story on stdin, e.g. ghosted draft < story.txt")
	}
	if looksBinary(raw) {
		return errBinary("draft", "the deal's story")
	}
	cfg, err := loadConfig(environ)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, stderr)
	drafter, err := newDrafter(cfg, *offline, logger)
	if err != nil {
		return err
	}
	deal, fx := coach.Start("cli", "cli", "cli", raw, now)
	out := draftOutput{Facts: deal.Facts, Reason: deal.Diagnosis.Top().ID}
	for _, e := range fx {
		if s, ok := e.(coach.Say); ok {
			out.Notices = append(out.Notices, s.Text)
		}
	}
	if n := languageNotice(raw, drafter); n != "" {
		out.Notices = append(out.Notices, n)
	}
	deal.Stage = coach.StageDrafting
	req := deal.Request(coach.StyleDefault)
	dr, err := coach.Write(ctx, drafter, req, now, nil)
	if err != nil {
		return fmt.Errorf("writing the draft: %w", err)
	}
	deal.AddDraft(dr, now)
	out.Mode, out.Subject, out.Body, out.Lint = dr.Mode, dr.Subject, dr.Text, dr.Lint
	out.Model, out.Offline = dr.Model, dr.Offline
	out.Channel = deal.Facts.Channel
	if out.Channel == "" {
		out.Channel = "email"
	}
	out.Advice = coach.NextStep(deal, now).Text
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for _, n := range out.Notices {
		fmt.Fprintln(stderr, "note:", n)
	}
	fmt.Fprintf(stdout, "What I read: %s\n", coach.DescribeFacts(out.Facts))
	label := ""
	if out.Offline {
		label = " (offline drafter)"
	}
	fmt.Fprintf(stdout, "Draft, %s message by %s%s:\n\n", out.Mode, out.Channel, label)
	if out.Subject != "" {
		fmt.Fprintf(stdout, "Subject: %s\n\n", out.Subject)
	}
	fmt.Fprintln(stdout, out.Body)
	fmt.Fprintln(stdout)
	printLint(stdout, out.Lint)
	fmt.Fprintf(stdout, "\nNext step: %s\n", out.Advice)
	return nil
}
