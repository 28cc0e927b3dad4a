package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

func runTry(ctx context.Context, args []string, environ map[string]string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("try [--offline]",
		"Coaches one quiet deal in the terminal: tell the story, answer a few questions,\n"+
			"get an honest re-engagement draft checked against the guidance. No Slack and no\n"+
			"Redis needed. Drafts come from the LLM when OPENAI_API_KEY or OPENAI_BASE_URL is\n"+
			"set, otherwise from the offline drafter. Works with piped stdin too.", stdout)
	offline := fs.Bool("offline", false, "use the offline drafter even if an LLM is configured")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	cfg, err := loadConfig(environ)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, stderr)
	store, err := redisstore.Open(ctx, "", redisstore.Options{Retention: cfg.Retention})
	if err != nil {
		return fmt.Errorf("starting the in-memory store: %w", err)
	}
	defer store.Close()

	drafter, err := newDrafter(cfg, *offline, logger)
	if err != nil {
		return err
	}
	interactive := isTerminal(stdin)
	scanner := func() *bufio.Scanner {
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64<<10), maxInput)
		return sc
	}
	t := &terminal{
		in: scanner(), out: stdout, echo: !interactive, interactive: interactive,
		store: store, drafter: drafter, clock: coach.SystemClock{},
	}
	if interactive {
		t.reopen = scanner
	}
	reader, err := newReader(cfg, *offline, logger)
	if err != nil {
		return err
	}
	if reader != nil {
		t.reading = &tryReader{reader: reader, timeout: cfg.ReadTimeout, log: logger}
	}
	return t.run(ctx)
}

// terminal runs one coaching conversation over a line-based reader and writer.
type terminal struct {
	in      *bufio.Scanner
	out     io.Writer
	store   coach.Store
	drafter coach.Drafter
	clock   coach.Clock
	deal    coach.Deal
	eof     bool
	// echo repeats each line read, so a piped conversation reads as a
	// transcript (a terminal already shows what the user typed).
	echo bool
	// interactive: a person types at a terminal, so a pasted story may hold
	// empty lines between paragraphs.
	interactive bool
	// reopen gives a fresh reader after Ctrl-D ended the story.
	reopen func() *bufio.Scanner
	// reading is the LLM reading of the story; nil without an LLM.
	reading *tryReader
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (t *terminal) printf(format string, a ...any) { fmt.Fprintf(t.out, format, a...) }

// line reads one line; at end of input it reports false and remembers it.
func (t *terminal) line(prompt string) (string, bool) {
	if t.eof {
		return "", false
	}
	t.printf("%s", prompt)
	if !t.in.Scan() {
		t.eof = true
		t.printf("\n")
		return "", false
	}
	if t.echo {
		t.printf("%s\n", t.in.Text())
	}
	return t.in.Text(), true
}

func (t *terminal) run(ctx context.Context) error {
	label := "drafts come from the LLM"
	if t.drafter.Offline() {
		label = "offline drafter (set OPENAI_API_KEY for LLM drafts)"
	}
	t.printf("ghosted: a coach for deals that went quiet. [%s]\n\n", label)
	story := t.readStory()
	now := t.clock.Now()
	deal, fx := coach.Start(fmt.Sprintf("try-%d", now.UnixNano()), "local", "you", story, now)
	if strings.TrimSpace(story) != "" {
		t.printf("\nWhat I read: %s\n(Wrong? Type a fix at any point, like \"fix name Marcus\" or \"fix touches 2\"; \"fix\" alone lists them.)\n", coach.DescribeFacts(deal.Facts))
	}
	t.deal = deal
	t.startReading(ctx)
	if err := t.perform(ctx, fx); err != nil {
		return err
	}
	for {
		in, ok := t.nextInput()
		if !ok {
			t.printf("Bye. (Deals from 'try' live in memory only and are gone now.)\n")
			return nil
		}
		t.takeReading(false)
		in = t.mapped(ctx, in)
		if body, ok := isFix(in.Text); ok && in.Action == "" && in.Option == "" {
			if err := t.fix(ctx, body); err != nil {
				return err
			}
			continue
		}
		deal, fx, err := coach.Step(t.deal, in, t.clock.Now())
		if err != nil {
			if errors.Is(err, coach.ErrNotNow) {
				// The reason after the sentinel's words is the useful part.
				t.printf("%s\n", strings.TrimPrefix(err.Error(), coach.ErrNotNow.Error()+": "))
				continue
			}
			return err
		}
		t.deal = deal
		if err := t.perform(ctx, fx); err != nil {
			return err
		}
	}
}

// readStory reads the deal's story. Piped input ends the story at the first
// empty line (so a script can answer questions after it). In a terminal a
// pasted story keeps its paragraphs: two empty lines in a row, or Ctrl-D,
// end it.
func (t *terminal) readStory() string {
	if t.interactive {
		t.printf("Tell me about the deal: who went quiet, what you discussed, when you last\nheard from them, and what you've sent since. Paste an email thread if you like.\nFinish with two empty lines (or Ctrl-D).\n")
	} else {
		t.printf("Tell me about the deal: who went quiet, what you discussed, when you last\nheard from them, and what you've sent since. Finish with an empty line.\n")
	}
	var story []string
	empty := 0
	for {
		l, ok := t.line("> ")
		if !ok {
			if t.interactive && len(story) > 0 && t.reopen != nil {
				// Ctrl-D ends the story, not the session.
				t.in, t.eof = t.reopen(), false
			}
			break
		}
		if strings.TrimSpace(l) == "" {
			if len(story) == 0 {
				continue
			}
			empty++
			if !t.interactive || empty >= 2 {
				break
			}
			continue
		}
		for ; empty > 0; empty-- {
			story = append(story, "")
		}
		story = append(story, l)
	}
	return strings.Join(story, "\n")
}

// fix applies a typed correction ("fix name Marcus").
func (t *terminal) fix(ctx context.Context, text string) error {
	c, err := coach.ParseFix(text)
	if err != nil {
		t.printf("%s\n", err)
		return nil
	}
	deal, fx, err := coach.Correct(t.deal, c, t.clock.Now())
	if err != nil {
		t.printf("%s\n", err)
		return nil
	}
	t.deal = deal
	return t.perform(ctx, fx)
}

// isFix reports whether a typed line is a correction and returns its body.
func isFix(l string) (string, bool) {
	f := strings.Fields(l)
	if len(f) >= 1 && strings.EqualFold(f[0], "fix") {
		return strings.TrimSpace(l[len(f[0]):]), true
	}
	return "", false
}

// nextInput reads what the user wants next, depending on the stage.
func (t *terminal) nextInput() (coach.Input, bool) {
	switch t.deal.Stage {
	case coach.StageAsking, coach.StageInsight:
		l, ok := t.line("> ")
		if !ok {
			if t.deal.Stage == coach.StageInsight || len(t.deal.Asked) > 0 {
				// Piped input ran out mid-conversation: draft with what we
				// have rather than leaving the user with nothing.
				t.printf("(no more input: drafting with what I have)\n")
				t.eof = false
				t.in = bufio.NewScanner(strings.NewReader(""))
				return coach.Input{Text: "skip"}, true
			}
			return coach.Input{}, false
		}
		return t.answer(l), true
	case coach.StageDrafting:
		return coach.Input{Text: "draft"}, true
	}
	t.printf("\nWhat next? shorter · warmer · direct · regenerate · sent · replied · remind · quit\n")
	for {
		l, ok := t.line("> ")
		if !ok {
			return coach.Input{}, false
		}
		l = strings.ToLower(strings.TrimSpace(l))
		if _, ok := isFix(l); ok {
			return coach.Input{Text: l}, true
		}
		switch l {
		case "", "help", "?":
			t.printf("Type one of: shorter, warmer, direct, regenerate, sent, replied, remind, quit — or tell me something new about the deal. To correct what I read: %s\n", coach.FixHelp)
			continue
		case "q", "quit", "exit", "bye":
			return coach.Input{}, false
		case "more direct":
			l = "direct"
		case "i sent it":
			l = "sent"
		case "they replied":
			l = "replied"
		case "remind me":
			l = "remind"
		}
		if a, err := coach.ParseAction(l); err == nil && a != coach.ActionResume {
			return coach.Input{Action: a}, true
		}
		return coach.Input{Text: l}, true
	}
}

// answer maps a typed line to a quick-reply option (by number or label) or
// keeps it as free text.
func (t *terminal) answer(l string) coach.Input {
	s := strings.TrimSpace(l)
	if t.deal.Pending != nil {
		opts := t.deal.Pending.Options
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= len(opts) {
			return coach.Input{Option: opts[n-1].Value}
		}
		for _, o := range opts {
			if strings.EqualFold(s, o.Label) {
				return coach.Input{Option: o.Value}
			}
		}
	}
	return coach.Input{Text: s}
}

func (t *terminal) perform(ctx context.Context, fx []coach.Effect) error {
	for _, e := range fx {
		switch e := e.(type) {
		case coach.Say:
			t.printf("\n%s\n", e.Text)
		case coach.Ask:
			t.printf("\n")
			if e.N > 0 {
				t.printf("(%d of %d) ", e.N, e.Of)
			}
			t.printf("%s\n", e.Question.Text)
			if len(e.Question.Options) > 0 {
				var opts []string
				for i, o := range e.Question.Options {
					opts = append(opts, fmt.Sprintf("%d) %s", i+1, o.Label))
				}
				t.printf("   %s · or type anything · \"skip\" drafts now\n", strings.Join(opts, "  "))
			}
		case coach.WriteDraft:
			if err := t.draft(ctx, e.Request); err != nil {
				return err
			}
		case coach.Remind:
			t.printf("\nReminder set for %s, %s. (In Slack, I'd DM you then; here it's just noted.)\n", e.At.Format("Mon 2 Jan 2006"), e.Why)
		case coach.Outcome:
			t.printf("\n%s\n", e.Text)
		}
	}
	return t.save(ctx)
}

func (t *terminal) draft(ctx context.Context, req coach.DraftRequest) error {
	req = t.readingBeforeDraft(req)
	t.printf("\nDrafting (%s, %s)…\n\n", req.Mode, styleName(req.Style))
	shown := 0
	stream := func(sofar string) {
		if len(sofar) > shown {
			t.printf("%s", sofar[shown:])
			shown = len(sofar)
		}
	}
	dr, err := coach.Write(ctx, t.drafter, req, t.clock.Now(), stream)
	if err != nil && !t.drafter.Offline() {
		t.printf("\n\nThe LLM failed (%v). Here is an offline draft instead.\n\n", err)
		shown = 0
		dr, err = coach.Write(ctx, coach.OfflineDrafter{}, req, t.clock.Now(), stream)
	}
	if err != nil {
		return err
	}
	if shown == 0 || dr.Redrafted {
		if dr.Redrafted {
			t.printf("\n\nThat first try broke the guidance, so I rewrote it once. The better version:\n\n")
		}
		if dr.Subject != "" {
			t.printf("Subject: %s\n\n", dr.Subject)
		}
		t.printf("%s", dr.Text)
	}
	t.printf("\n\n")
	if dr.Offline {
		t.printf("[offline draft]\n")
	}
	if coach.UnfinishedSlot(dr.Text) {
		t.printf("Note: %s\n", coach.UnfinishedSlotNote)
	}
	top := t.deal.Diagnosis.Top()
	r, _ := coach.ReasonByID(top.ID)
	t.printf("Likely reason: %s (%.2f)", r.Name, top.Score)
	if len(top.Evidence) > 0 {
		t.printf(", because: %s", strings.Join(top.Evidence, "; "))
	}
	t.printf("\n")
	printLint(t.out, dr.Lint)
	for _, e := range t.deal.AddDraft(dr, t.clock.Now()) {
		if s, ok := e.(coach.Say); ok {
			t.printf("\nNext step: %s\n", s.Text)
		}
	}
	return nil
}

func styleName(s coach.Style) string {
	if s == coach.StyleDefault {
		return "first draft"
	}
	return string(s)
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	level, _ := parseLevel(cfg.LogLevel)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
