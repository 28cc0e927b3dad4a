// Package prompts holds what ghosted says to a language model: the system
// prompt (the coaching guidance, in the project's own words), the per-draft
// user message built from a coach.DraftRequest, the redraft message that
// carries the lint findings, and the short tips used by the weekly nudge.
//
// The texts live in embedded files (system.md, brief.tmpl, draft.tmpl,
// redraft.tmpl, tips.txt) so a prompt change is a text diff in review, and the
// golden files in testdata show exactly what is sent. Templates are parsed once
// at init; a broken template panics at init, so every test in the module that
// imports this package fails.
//
// Everything that comes from a user (the story, answers, names, an earlier
// draft) is placed inside a fence and treated by the prompt as data. The
// fence's tags carry a code drawn at random for each request (a Fence), named
// in the user message only, so the system prompt stays the same for every
// request and text written before the request cannot know the code. Before
// the data is rendered it is cleaned so it cannot close the fence or forge a
// field of its own: compatibility forms are folded (NFKC: a full-width "＜"
// is a "<"), invisible format characters (Unicode Cf: word joiners,
// zero-width non-joiners, soft hyphens, bidirectional overrides) are
// dropped, single-line fields are flattened, and any of our tag names inside
// the data are defused.
package prompts

import (
	"bytes"
	"embed"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ghosted-bot/ghosted/coach"
)

//go:embed system.md tips.txt *.tmpl
var files embed.FS

var (
	system = strings.TrimSpace(mustRead("system.md"))
	tips   = parseTips(mustRead("tips.txt"))
	tmpl   = template.Must(template.New("prompts").Option("missingkey=error").ParseFS(files, "*.tmpl"))
)

func mustRead(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func parseTips(s string) []string {
	var out []string
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// System returns the system prompt: the coaching guidance and the output
// rules. It is the same for every request, which lets providers cache it.
func System() string { return system }

// Tips returns short coaching tips drawn from the guidance, for the weekly
// channel nudge. The caller may keep the slice; it is a copy.
func Tips() []string { return append([]string(nil), tips...) }

// A Fence is the code in the tags around one request's data: only a closing
// tag with the code ends the data. Draw one per request with NewFence.
type Fence string

// fenceEncoding spells a fence in lower-case letters and digits.
var fenceEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewFence draws a fence of 12 characters (60 bits) from r: crypto/rand's
// Reader in production, a seeded source in tests so that rendered prompts
// stay byte-stable.
func NewFence(r io.Reader) (Fence, error) {
	var b [8]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("prompts: draw a fence: %w", err)
	}
	return Fence(fenceEncoding.EncodeToString(b[:])[:12]), nil
}

// Draft renders the user message for a first draft (or a restyled one) of
// req, its data fenced with f.
func Draft(req coach.DraftRequest, f Fence) (string, error) {
	return render("draft.tmpl", newView(req, f))
}

// ErrNoPrevious is returned by Redraft when the request carries no earlier
// draft to correct.
var ErrNoPrevious = errors.New("prompts: a redraft needs the previous draft")

// Redraft renders the user message that asks for a corrected draft: the same
// brief, plus req.Previous and the lint findings in req.Findings, fenced
// with f.
func Redraft(req coach.DraftRequest, f Fence) (string, error) {
	if strings.TrimSpace(req.Previous) == "" {
		return "", ErrNoPrevious
	}
	// The earlier draft and its findings ride along, so the story gets a
	// little less room than in a first draft.
	v := newView(req, f)
	if len(v.Story) > maxRedraftStory {
		v.Story, v.Truncated = truncate(v.Story, maxRedraftStory), true
	}
	return render("redraft.tmpl", v)
}

var errNoFence = errors.New("prompts: a request needs a fence (NewFence)")

func render(name string, v view) (string, error) {
	if v.Fence == "" {
		return "", errNoFence
	}
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, name, v); err != nil {
		return "", fmt.Errorf("prompts: render %s: %w", name, err)
	}
	return strings.TrimSpace(b.String()) + "\n", nil
}

// view is what the templates see. Every string in it is already cleaned, and
// numbers are already formatted, so the templates only lay text out.
type view struct {
	Fence      Fence
	Mode       coach.Mode
	Style      coach.Style
	Variant    int
	Prospect   string
	Company    string
	Channel    string
	DaysSilent string
	FollowUps  string
	Dates      []dateView
	Reasons    []reasonView
	Top        reasonView
	Answers    []answerView
	// Earlier counts the older answers left out of a long conversation.
	Earlier   int
	Insight   string
	Story     string
	Truncated bool
	Previous  string
	Findings  []findingView
	// Missing lists the REAL elements the previous draft lacked, in words.
	Missing []string
}

type dateView struct{ Kind, Text, When string }

type reasonView struct {
	Rank     int
	ID       coach.ReasonID
	Name     string
	Score    string
	Evidence []string
	Remedy   string
}

type answerView struct {
	Reason   coach.ReasonID
	Question string
	Text     string
}

type findingView struct {
	N                   int
	Rule, Quote, Advice string
}

// Bounds on single fields, so one pasted essay in an answer cannot crowd out
// the rest of the brief. The story itself is bounded by coach.CleanStory.
const (
	maxLine   = 200
	maxAnswer = 1000
	maxDraft  = 4000
	// maxAnswers is how many answers a brief carries, the latest: a long
	// conversation's notes cannot grow the prompt without end, and the
	// newest information is what a fresh draft must use.
	maxAnswers = coach.MaxBriefAnswers
	// maxStory keeps a whole draft request within about 3,500 tokens: the
	// facts and diagnosis were read from the full story already, so the
	// model sees its beginning, marked as cut.
	maxStory = 2 << 10
	// maxRedraftStory is the story's room in a redraft request.
	maxRedraftStory = 1800
)

func newView(req coach.DraftRequest, f Fence) view {
	v := view{
		Fence:      f,
		Mode:       normalMode(req.Mode),
		Style:      normalStyle(req.Style),
		Variant:    req.Variant + 1,
		Prospect:   line(req.Facts.Prospect),
		Company:    line(req.Facts.Company),
		Channel:    strings.ToLower(line(req.Facts.Channel)),
		DaysSilent: count(req.Facts.DaysSilent),
		FollowUps:  count(req.Facts.FollowUps),
		Insight:    block(req.Insight, maxAnswer),
		Previous:   block(req.Previous, maxDraft),
	}
	story, cut := coach.CleanStory(req.Story)
	if len(story) > maxStory {
		story, cut = truncate(story, maxStory), true
	}
	v.Story = defuse(fold(story))
	v.Truncated = cut || req.Facts.Truncated
	if v.Story == "" {
		v.Story = "(no story given)"
	}
	for _, d := range req.Facts.Dates {
		dv := dateView{Kind: line(d.Kind), Text: line(d.Text)}
		if !d.When.IsZero() {
			dv.When = d.When.Format("2006-01-02")
		}
		v.Dates = append(v.Dates, dv)
	}
	v.Reasons = rankedReasons(req.Diagnosis)
	v.Top = v.Reasons[0]
	answers := req.Answers
	if len(answers) > maxAnswers {
		v.Earlier = len(answers) - maxAnswers
		answers = answers[v.Earlier:]
	}
	for _, a := range answers {
		text := block(a.Text, maxAnswer)
		if text == "" {
			text = line(a.Option)
		}
		if text == "" {
			continue
		}
		// Answers are quoted on one line, so newlines inside become " / ".
		text = strings.Join(strings.Fields(strings.ReplaceAll(text, "\n", " / ")), " ")
		av := answerView{Reason: a.Reason, Text: text}
		if q, ok := coach.QuestionByID(a.QuestionID); ok {
			av.Question = q.Text
		} else if a.QuestionID == coach.NoteQuestionID {
			av.Question = "New information the salesperson added after the last draft"
		}
		v.Answers = append(v.Answers, av)
	}
	for _, m := range req.Missing {
		if w, ok := realWords[m]; ok {
			v.Missing = append(v.Missing, w)
		}
	}
	for i, f := range req.Findings {
		v.Findings = append(v.Findings, findingView{
			N: i + 1, Rule: line(f.Rule), Quote: line(f.Quote), Advice: line(f.Advice),
		})
	}
	return v
}

// realWords says each REAL element the lint can find missing in the words
// the redraft request uses.
var realWords = map[string]string{
	"feelings":   "real feelings (say honestly how the silence sits with you)",
	"intentions": "real intentions (what you want for them and for the relationship)",
	"door_open":  "an open door (make it easy to say not now, or to come back later)",
}

// rankedReasons lists all seven reasons in the diagnosis order, filling in any
// the diagnosis left out (at score 0, in canonical order) so the model always
// sees the full picture.
func rankedReasons(d coach.Diagnosis) []reasonView {
	seen := map[coach.ReasonID]bool{}
	var out []reasonView
	add := func(s coach.Score) {
		r, ok := coach.ReasonByID(s.ID)
		if !ok || seen[s.ID] {
			return
		}
		seen[s.ID] = true
		rv := reasonView{
			Rank:   len(out) + 1,
			ID:     r.ID,
			Name:   r.Name,
			Score:  strconv.FormatFloat(s.Score, 'f', 2, 64),
			Remedy: r.Remedy,
		}
		for _, e := range s.Evidence {
			if e = line(e); e != "" {
				rv.Evidence = append(rv.Evidence, e)
			}
		}
		out = append(out, rv)
	}
	for _, s := range d.Reasons {
		add(s)
	}
	for _, r := range coach.Reasons {
		add(coach.Score{ID: r.ID})
	}
	return out
}

func normalMode(m coach.Mode) coach.Mode {
	switch m {
	case coach.ModeLast, coach.ModeClosing, coach.ModeNurture:
		return m
	}
	return coach.ModeReengage
}

func normalStyle(s coach.Style) coach.Style {
	switch s {
	case coach.StyleShorter, coach.StyleWarmer, coach.StyleDirect, coach.StyleRegenerate:
		return s
	}
	return coach.StyleDefault
}

func count(n int) string {
	if n < 0 {
		return "unknown"
	}
	return strconv.Itoa(n)
}

// line flattens a single-line field: a prospect name with a newline in it
// must not be able to start a forged "Mode:" line of its own.
func line(s string) string {
	s, _ = coach.CleanStory(s)
	s = strings.Join(strings.Fields(fold(s)), " ")
	return defuse(truncate(s, maxLine))
}

// block cleans a multi-line field and bounds its length.
func block(s string, limit int) string {
	s, _ = coach.CleanStory(s)
	return defuse(truncate(fold(s), limit))
}

// fold is text as a model reads it, so that what defuse looks for is what
// the model would see: compatibility forms folded (NFKC turns "＜／story＞"
// and "﹤/story﹥" into "</story>") and format characters, which a model
// reads straight past, dropped ("<\u2060/story>" is "</story>").
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
}

func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

// ourTags matches an opening or closing tag with one of the names the
// templates use to fence user data.
var ourTags = regexp.MustCompile(`(?i)<\s*/?\s*(brief|facts|diagnosis|answers?|insight|story|previous_draft|findings)\b`)

// defuse swaps the "<" of any of our tag names in user data for a look-alike,
// so pasted text cannot end the data block early and speak as the prompt.
func defuse(s string) string {
	return ourTags.ReplaceAllStringFunc(s, func(m string) string {
		return "‹" + m[1:]
	})
}
