package main

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ghosted-bot/ghosted/bot/bottest"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
)

// TestWrapperBreaksOnlyBetweenWords feeds text to the wrapper in pieces
// cut anywhere (mid-word, mid-rune, as a stream does) and checks that no
// line is wider than the width unless it is one word, that the words are
// the same words in the same order (so none was split), and that the lines
// are as full as they can be.
func TestWrapperBreaksOnlyBetweenWords(t *testing.T) {
	words := strings.Fields("the prospect went quiet after a demo that went well — über-wichtig, naïve résumé " +
		"https://example.com/a/very/long/link/that/is/longer/than/the/width/of/the/terminal/by/far ok " +
		"Marcus Brightline (1 of up to 4) · 1) Yes  2) No")
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		width := 20 + rng.IntN(60)
		var src strings.Builder
		for i, n := 0, 5+rng.IntN(80); i < n; i++ {
			src.WriteString(words[rng.IntN(len(words))])
			switch rng.IntN(12) {
			case 0:
				src.WriteString("\n")
			case 1:
				src.WriteString("  ")
			default:
				src.WriteString(" ")
			}
		}
		text := src.String()
		var out strings.Builder
		w := newWrapper(&out, width)
		for rest := text; rest != ""; {
			n := min(len(rest), 1+rng.IntN(9))
			if _, err := w.Write([]byte(rest[:n])); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		w.Flush()
		got := out.String()
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
			t.Fatalf("width %d: the words changed\nin:  %q\nout: %q", width, text, got)
		}
		for _, l := range strings.Split(got, "\n") {
			if n := utf8.RuneCountInString(l); n > width && len(strings.Fields(l)) > 1 {
				t.Fatalf("width %d: line of %d: %q", width, n, l)
			}
		}
	}
	// And where it breaks, exactly: before the word that would cross.
	var out strings.Builder
	w := newWrapper(&out, 20)
	for _, piece := range []string{"Hello Da", "na, I hope the pi", "lot went well.\n> "} {
		_, _ = w.Write([]byte(piece))
	}
	w.Flush()
	if want := "Hello Dana, I hope\nthe pilot went well.\n> "; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestTerminalWidth(t *testing.T) {
	var b strings.Builder
	if w := terminalWidth(&b, nil); w != defaultWidth {
		t.Errorf("no terminal, no COLUMNS: %d, want %d", w, defaultWidth)
	}
	if w := terminalWidth(&b, map[string]string{"COLUMNS": "132"}); w != 132 {
		t.Errorf("COLUMNS=132: %d", w)
	}
	if w := terminalWidth(&b, map[string]string{"COLUMNS": "wide"}); w != defaultWidth {
		t.Errorf("COLUMNS=wide: %d", w)
	}
}

// TestTryWrapsAtWordBoundaries: off a terminal `try` wraps to $COLUMNS.
func TestTryWrapsAtWordBoundaries(t *testing.T) {
	story := "Dana at Acme went quiet 3 weeks ago after a great demo of the routing module. I followed up twice by email.\n\n"
	input := story + "2\nskip\nquit\n"
	r := ghosted(t, map[string]string{"COLUMNS": "50"}, input, "try")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if utf8.RuneCountInString(l) > 50 {
			t.Errorf("line over 50 columns: %q", l)
		}
	}
	// The same words as unwrapped, in the same order: none was cut.
	wide := ghosted(t, nil, input, "try")
	if strings.Join(strings.Fields(r.stdout), " ") != strings.Join(strings.Fields(wide.stdout), " ") || r.stdout == wide.stdout {
		t.Errorf("wrapped at 50:\n%s\nunwrapped:\n%s", r.stdout, wide.stdout)
	}
}

// slackWordsRE finds what belongs to Slack's buttons and cards.
var slackWordsRE = regexp.MustCompile(`(?i)\bpress(ed)?\b|\bbuttons?\b|\bcard\b|Coach me again|"They replied"|"I sent it"|"Remind me"`)

// TestTerminalWordsCoverTheCoach reads every string the coach package
// writes and checks that, said in the terminal, none names a Slack button
// or card: a new line in the coach with Slack words fails here until
// terminalWords has the terminal's words for it.
func TestTerminalWordsCoverTheCoach(t *testing.T) {
	files, err := filepath.Glob("../../coach/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("coach sources: %v %v", files, err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !slackWordsRE.MatchString(s) {
				return true
			}
			checked++
			if got := terminalWords(s); slackWordsRE.MatchString(got) {
				t.Errorf("%s: in the terminal this still says %q:\n%s", fset.Position(lit.Pos()), slackWordsRE.FindString(got), got)
			}
			return true
		})
	}
	if checked < 5 {
		t.Errorf("only %d coach strings name Slack's buttons; is the pattern still right?", checked)
	}
}

// TestTryInTerminalWords runs a whole conversation through every action
// and checks what it says.
func TestTryInTerminalWords(t *testing.T) {
	story := "Dana at Acme went quiet 3 weeks ago after the demo. I followed up twice by email.\n\n"
	r := ghosted(t, nil, story+"maybe\n\n1\n2\nskip\nhello\nshorter\nsent\nreplied\nwarmer\nquit\n", "try", "--offline")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if m := slackWordsRE.FindString(r.stdout); m != "" {
		t.Errorf("Slack words in the terminal (%q):\n%s", m, r.stdout)
	}
	for _, want := range []string{
		`type "replied"`,   // after "sent"
		"Subject: ",        // every email draft shows its subject
		"21 days of quiet", // three weeks, from the story
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "after 0 days") {
		t.Errorf("counted the days from the session's start:\n%s", r.stdout)
	}
	if n, d := strings.Count(r.stdout, "Subject: "), strings.Count(r.stdout, "Drafting ("); n != d {
		t.Errorf("%d drafts, %d subjects shown", d, n)
	}
}

// TestTryRepliedWithoutDays: a story that does not say how long it has
// been quiet gets no count of days.
func TestTryRepliedWithoutDays(t *testing.T) {
	d := coach.Deal{Facts: coach.Facts{DaysSilent: -1}}
	got := outcomeText(d, coach.Outcome{Status: coach.StatusRevived, Text: "They replied after 0 days. Well done."}, d.CreatedAt)
	if strings.Contains(got, "0 day") || !strings.HasPrefix(got, "They replied.") {
		t.Errorf("%q", got)
	}
	d.Facts.DaysSilent = 1
	if got := outcomeText(d, coach.Outcome{Status: coach.StatusRevived, Text: "They replied after 0 days."}, d.CreatedAt); !strings.Contains(got, "after 1 day of quiet") {
		t.Errorf("%q", got)
	}
}

// TestTryStepCountersAreHonest: the counter never shrinks under a question
// already asked ("1 of 4" then "2 of 2"), and a question called the last
// is the last clarifying one.
func TestTryStepCountersAreHonest(t *testing.T) {
	counterRE := regexp.MustCompile(`\((\d+) of (?:up to )?(\d+)(, the last)?\)`)
	stories := []string{
		"Dana at Acme went quiet 3 weeks ago after the demo. I followed up twice by email.",
		"Marcus Lee at Brightline went silent after the pricing call; they signed a 2-year contract with a competitor last spring.",
		"Tom from Globex stopped answering. No idea why.",
	}
	for _, story := range stories {
		for _, answers := range []string{"1\n1\n1\n1\n", "2\n2\n2\n2\n", "3\n3\n3\n3\n", "1\n2\n3\n1\n"} {
			r := ghosted(t, nil, story+"\n\n"+answers+"skip\nquit\n", "try")
			ms := counterRE.FindAllStringSubmatch(r.stdout, -1)
			if len(ms) == 0 {
				t.Fatalf("no counted question:\n%s", r.stdout)
			}
			of := 0
			for i, m := range ms {
				n, total := atoi(m[1]), atoi(m[2])
				if n != i+1 || total < n || of != 0 && total < of {
					t.Errorf("counters %v:\n%s", ms, r.stdout)
					break
				}
				of = total
				if m[3] != "" && i != len(ms)-1 {
					t.Errorf("%q was not the last:\n%s", m[0], r.stdout)
				}
			}
		}
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func TestStoryLanguage(t *testing.T) {
	tests := map[string]string{
		"Dana von Acme meldet sich seit drei Wochen nicht mehr. Ich habe zweimal per E-Mail nachgefasst, aber keine Antwort.": "German",
		"Dana de Acme ne répond plus depuis trois semaines. Je lui ai écrit deux fois et je n'ai aucune réponse.":             "French",
		"Dana de Acme no contesta desde hace tres semanas. Le escribí dos veces por correo y no hay respuesta.":               "Spanish",
		"Дана из Акме молчит уже три недели. Я писал ей дважды, ответа нет.":                                                  "Cyrillic script",
		// English, with German names and a German company in it.
		"Jürgen Müller at Müller und Söhne GmbH went quiet 3 weeks ago after the demo. I followed up twice by email.": "",
		// A pasted thread with German headers and an English body.
		"Von: Jürgen Müller\nGesendet: Montag\nBetreff: Angebot\n\nHi, thanks for the demo, we will look at it with the team and get back to you after the board meeting.": "",
		"Dana went quiet.": "",
		"e.g. i.e. etc. The prospect at Acme went quiet after the pilot and I have emailed her twice since then.": "",
	}
	for story, want := range tests {
		if got := storyLanguage(story); got != want {
			t.Errorf("storyLanguage(%q) = %q, want %q", story, got, want)
		}
	}
}

// TestTrySaysWhenAStoryIsNotInEnglish: the notice names the language and
// what the drafter will do with it.
func TestTrySaysWhenAStoryIsNotInEnglish(t *testing.T) {
	german := "Dana von Acme meldet sich seit drei Wochen nicht mehr. Ich habe zweimal per E-Mail nachgefasst, aber keine Antwort.\n\n"
	r := ghosted(t, nil, german+"skip\nquit\n", "try")
	if !strings.Contains(r.stdout, "This story looks like it is in German. ghosted reads English") || !strings.Contains(r.stdout, "offline drafter writes English only") {
		t.Errorf("no notice for a German story:\n%s", r.stdout)
	}
	r = ghosted(t, nil, "Dana at Acme went quiet 3 weeks ago. I followed up twice by email.\n\nskip\nquit\n", "try")
	if strings.Contains(r.stdout, "looks like it is") {
		t.Errorf("a notice for an English story:\n%s", r.stdout)
	}
	r = ghosted(t, nil, german, "diagnose", "--json")
	if !strings.Contains(r.stdout, "looks like it is in German") {
		t.Errorf("diagnose --json has no notice:\n%s", r.stdout)
	}
	r = ghosted(t, nil, german, "draft")
	if !strings.Contains(r.stderr, "note: This story looks like it is in German") {
		t.Errorf("draft has no note:\n%s", r.stderr)
	}
}

func TestLooksBinary(t *testing.T) {
	for s, want := range map[string]bool{
		"Dana went quiet.\n":                               false,
		"Ren\xe9 at Caf\xe9 Nord went quiet":               false, // Latin-1: a few bad bytes
		"tab\tseparated\r\nlines\f":                        false,
		"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00":         true,
		"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\xbd": true,
		"": false,
	} {
		if got := looksBinary(s); got != want {
			t.Errorf("looksBinary(%q) = %v", s, got)
		}
	}
}

// TestTryWithLLMShowsSubjectAndLanguage: a streamed LLM draft shows its
// subject line too (after the body, where it is known), and a story in
// another language is told what the LLM may do with it.
func TestTryWithLLMShowsSubjectAndLanguage(t *testing.T) {
	srv := openaitest.New(t, openaitest.Options{Default: openaitest.RealReply})
	env := map[string]string{"OPENAI_BASE_URL": srv.URL(), "GHOSTED_READ_TIMEOUT": "0"}
	r := ghosted(t, env, "Dana at Acme went quiet 3 weeks ago. I followed up twice by email.\n\nskip\nquit\n", "try")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	body := strings.Index(r.stdout, "I'm honestly not sure where things stand")
	subject := strings.Index(r.stdout, "Subject: Where things stand")
	if body < 0 || subject < body || strings.Count(r.stdout, "Subject: ") != 1 {
		t.Errorf("the streamed draft's subject is not shown once after it:\n%s", r.stdout)
	}
	german := "Dana von Acme meldet sich seit drei Wochen nicht mehr. Ich habe zweimal per E-Mail nachgefasst, aber keine Antwort.\n\n"
	r = ghosted(t, env, german+"skip\nquit\n", "try")
	if !strings.Contains(r.stdout, "in German") || !strings.Contains(r.stdout, "The LLM sees the story as you wrote it") {
		t.Errorf("no language notice for the LLM:\n%s", r.stdout)
	}
}

// TestTryInterruptedMidDraft: Ctrl-C while the LLM is still writing ends
// `try` quietly with 130, not with an offline draft "instead" or an error
// from the store.
func TestTryInterruptedMidDraft(t *testing.T) {
	srv := openaitest.New(t, openaitest.Options{Default: func(r openaitest.Request) openaitest.Reply {
		rep := openaitest.RealReply(r)
		rep.Chunks, rep.ChunkDelay = 40, 100*time.Millisecond
		return rep
	}})
	env := map[string]string{"OPENAI_BASE_URL": srv.URL(), "GHOSTED_READ_TIMEOUT": "0", "COLUMNS": "100000"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bottest.LogBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"try"}, env, strings.NewReader("Dana at Acme went quiet 3 weeks ago. I followed up twice by email.\n\nskip\nquit\n"), &out, &errb)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "Drafting (") {
		if time.Now().After(deadline) {
			t.Fatalf("no draft started:\n%s", out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // a few chunks in
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("try did not stop after its context was cancelled")
	}
	var eb strings.Builder
	if code := exitCode(err, &eb); code != 130 || eb.Len() > 0 || errb.String() != "" {
		t.Errorf("exit %d, stderr %q %q", code, eb.String(), errb.String())
	}
	if s := out.String(); strings.Contains(s, "offline draft") || strings.Contains(s, "LLM failed") || strings.Contains(s, "Score ") {
		t.Errorf("went on after the interrupt:\n%s", s)
	}
}
