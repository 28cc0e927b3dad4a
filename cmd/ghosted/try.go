package main

import (
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
			"set, otherwise from the offline drafter. Works with piped stdin too. Ctrl-C ends\n"+
			"it at any point (exit status 130).", stdout)
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
		if ctx.Err() != nil {
			return errInterrupted
		}
		return fmt.Errorf("starting the in-memory store: %w", err)
	}
	defer store.Close()

	drafter, err := newDrafter(cfg, *offline, logger)
	if err != nil {
		return err
	}
	interactive := isTerminal(stdin)
	done := make(chan struct{})
	defer close(done)
	out := newWrapper(stdout, terminalWidth(stdout, environ))
	defer out.Flush()
	t := &terminal{
		lines: readLines(stdin, interactive, done), out: out, echo: !interactive, interactive: interactive,
		store: store, drafter: drafter, clock: coach.SystemClock{},
	}
	reader, err := newReader(cfg, *offline, logger)
	if err != nil {
		return err
	}
	if reader != nil {
		t.reading = &tryReader{reader: reader, timeout: botConfig(cfg, nil).WithDefaults().ReadTimeout, log: logger}
	}
	err = t.run(ctx)
	if ctx.Err() != nil {
		// Ctrl-C: whatever was under way (a read, a draft, a save) stopped
		// because of it, and none of that is worth a message. The shell's
		// prompt starts on a line of its own.
		out.Flush()
		if out.col > 0 {
			fmt.Fprintln(stdout)
		}
		return errInterrupted
	}
	return err
}

// terminal runs one coaching conversation over a line-based reader and writer.
type terminal struct {
	lines   <-chan inputLine
	out     *wrapper
	store   coach.Store
	drafter coach.Drafter
	clock   coach.Clock
	deal    coach.Deal
	eof     bool
	// echo repeats each line read, so a piped conversation reads as a
	// transcript (a terminal already shows what the user typed).
	echo bool
	// interactive: a person types at a terminal, so a pasted story may hold
	// empty lines between paragraphs, and Ctrl-D ends the story, not the
	// session.
	interactive bool
	// reading is the LLM reading of the story; nil without an LLM.
	reading *tryReader
	// maxQuestions is the most clarifying questions this conversation can
	// still take, for the honest "(2 of up to 4)".
	maxQuestions int
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

func (t *terminal) run(ctx context.Context) error {
	label := "drafts come from the LLM"
	if t.drafter.Offline() {
		label = "offline drafter (set OPENAI_API_KEY for LLM drafts)"
	}
	t.printf("ghosted: a coach for deals that went quiet. [%s]\n\n", label)
	story, err := t.readStory(ctx)
	if err != nil {
		return err
	}
	now := t.clock.Now()
	deal, fx := coach.Start(fmt.Sprintf("try-%d", now.UnixNano()), "local", "you", story, now)
	if strings.TrimSpace(story) != "" {
		if n := languageNotice(story, t.drafter); n != "" {
			t.printf("\nNote: %s\n", n)
		}
		t.printf("\nWhat I read: %s\n(Wrong? Type a fix at any point, like \"fix name Marcus\" or \"fix touches 2\"; \"fix\" alone lists them.)\n", coach.DescribeFacts(deal.Facts))
	}
	t.deal = deal
	t.startReading(ctx)
	if err := t.perform(ctx, fx); err != nil {
		return err
	}
	for {
		in, ok, err := t.nextInput(ctx)
		if err != nil {
			return err
		}
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
				t.printf("%s\n", terminalWords(strings.TrimPrefix(err.Error(), coach.ErrNotNow.Error()+": ")))
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
// end it. Binary data is refused: piped, the session ends with an error; in
// a terminal the story is asked for again.
func (t *terminal) readStory(ctx context.Context) (string, error) {
	if t.interactive {
		t.printf("Tell me about the deal: who went quiet, what you discussed, when you last heard from them, and what you've sent since. Paste an email thread if you like. Finish with two empty lines (or Ctrl-D).\n")
	} else {
		t.printf("Tell me about the deal: who went quiet, what you discussed, when you last heard from them, and what you've sent since. Finish with an empty line.\n")
	}
	for {
		story, err := t.storyLines(ctx)
		if err != nil {
			return "", err
		}
		if !looksBinary(story) {
			return story, nil
		}
		if !t.interactive {
			return "", errBinary("try", "the deal's story")
		}
		t.printf("That does not look like text (binary data?). Tell me the story in words, or paste it as plain text.\n")
	}
}

// storyLines reads the lines of one story.
func (t *terminal) storyLines(ctx context.Context) (string, error) {
	var story []string
	empty := 0
	for {
		l, err := t.line(ctx, "> ")
		if errors.Is(err, io.EOF) {
			if t.interactive && len(story) > 0 {
				// Ctrl-D ends the story, not the session.
				t.eof = false
			}
			break
		}
		if err != nil {
			return "", err
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
	return strings.Join(story, "\n"), nil
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

// nextInput reads what the user wants next, depending on the stage. It
// reports false when the session is over (the input ended, or "quit").
func (t *terminal) nextInput(ctx context.Context) (coach.Input, bool, error) {
	switch t.deal.Stage {
	case coach.StageAsking, coach.StageInsight:
		l, err := t.line(ctx, "> ")
		if errors.Is(err, io.EOF) {
			if t.deal.Stage == coach.StageInsight || len(t.deal.Asked) > 0 {
				// Piped input ran out mid-conversation: draft with what we
				// have rather than leaving the user with nothing.
				t.printf("(no more input: drafting with what I have)\n")
				t.eof = false
				t.lines = closedLines()
				return coach.Input{Text: "skip"}, true, nil
			}
			return coach.Input{}, false, nil
		}
		if err != nil {
			return coach.Input{}, false, err
		}
		return t.answer(l), true, nil
	case coach.StageDrafting:
		return coach.Input{Text: "draft"}, true, nil
	}
	t.printf("\nWhat next? shorter · warmer · direct · regenerate · sent · replied · remind · quit\n")
	for {
		l, err := t.line(ctx, "> ")
		if errors.Is(err, io.EOF) {
			return coach.Input{}, false, nil
		}
		if err != nil {
			return coach.Input{}, false, err
		}
		l = strings.ToLower(strings.TrimSpace(l))
		if _, ok := isFix(l); ok {
			return coach.Input{Text: l}, true, nil
		}
		switch l {
		case "", "help", "?":
			t.printf("Type one of: shorter (a shorter take), warmer, direct (more direct), regenerate (a new take), sent (you sent it), replied (they answered), remind (a reminder date), quit; or tell me something new about the deal. To correct what I read: %s\n", coach.FixHelp)
			continue
		case "q", "quit", "exit", "bye":
			return coach.Input{}, false, nil
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
			return coach.Input{Action: a}, true, nil
		}
		return coach.Input{Text: l}, true, nil
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
			t.printf("\n%s\n", terminalWords(e.Text))
		case coach.Ask:
			t.printf("\n")
			if e.N > 0 {
				t.printf("(%s) ", t.counter(e))
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
			t.printf("\n%s\n", outcomeText(t.deal, e, t.clock.Now()))
		}
	}
	return t.save(ctx)
}

// counter is the step counter of a clarifying question: "1 of up to 4".
// The coach's own estimate of how many it will ask moves with the answers
// (an answer that settles the reason ends the questions early, one that
// unsettles it adds one), so the terminal states the bound it will keep: the
// most the conversation can take, never less than the question shown.
func (t *terminal) counter(a coach.Ask) string {
	if t.maxQuestions == 0 {
		t.maxQuestions = coach.MaxQuestions
	}
	t.maxQuestions = max(t.maxQuestions, a.N, a.Of)
	if a.N == t.maxQuestions {
		return fmt.Sprintf("%d of %d, the last", a.N, t.maxQuestions)
	}
	return fmt.Sprintf("%d of up to %d", a.N, t.maxQuestions)
}

func (t *terminal) draft(ctx context.Context, req coach.DraftRequest) error {
	req = t.readingBeforeDraft(req)
	t.printf("\nDrafting (%s, %s)…\n\n", req.Mode, styleName(req.Style))
	// An LLM draft is shown as it is written. Its subject line comes with
	// the whole reply, so it is shown after the body; the offline drafter
	// writes at once, so its draft is shown whole, subject first.
	var stream func(string)
	shown := 0
	if !t.drafter.Offline() {
		stream = func(sofar string) {
			if len(sofar) > shown {
				t.printf("%s", sofar[shown:])
				t.out.Flush()
				shown = len(sofar)
			}
		}
	}
	dr, err := coach.Write(ctx, t.drafter, req, t.clock.Now(), stream)
	if err != nil && ctx.Err() != nil {
		return errInterrupted
	}
	if err != nil && !t.drafter.Offline() {
		t.printf("\n\nThe LLM failed (%v). Here is an offline draft instead.\n\n", err)
		shown = 0
		dr, err = coach.Write(ctx, coach.OfflineDrafter{}, req, t.clock.Now(), nil)
	}
	if err != nil {
		return err
	}
	switch {
	case shown == 0 || dr.Redrafted:
		if dr.Redrafted {
			t.printf("\n\nThat first try broke the guidance, so I rewrote it once. The better version:\n\n")
		}
		if dr.Subject != "" {
			t.printf("Subject: %s\n\n", dr.Subject)
		}
		t.printf("%s", dr.Text)
	case dr.Subject != "":
		t.printf("\n\nSubject: %s", dr.Subject)
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
			t.printf("\nNext step: %s\n", terminalWords(s.Text))
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
