package coach

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The coaching conversation is stored state (a Deal) plus a pure step
// function. Start and Step never do I/O: they return the new Deal and a list
// of Effects that the caller (the terminal, the Slack bot) carries out, then
// saves the Deal. That keeps every transition table-testable and lets a
// conversation resume after a restart from nothing but the stored Deal.

// Effect is something the caller must do after a step.
type Effect interface{ effect() }

// Say shows the owner a line of coaching (a notice, an explanation).
type Say struct{ Text string }

// Ask shows a clarifying question. N counts from 1; Of is the most that will
// be asked, so a UI can say "question 2 of 3".
type Ask struct {
	Question Question
	N, Of    int
}

// WriteDraft asks the caller to run Write with Request (through a Drafter)
// and then record the result with Deal.AddDraft.
type WriteDraft struct{ Request DraftRequest }

// Remind confirms that a remember-me date was set on the deal.
type Remind struct {
	At  time.Time
	Why string
}

// Outcome confirms a recorded outcome (sent, replied) with a line of advice.
type Outcome struct {
	Status Status
	Text   string
}

func (Say) effect()        {}
func (Ask) effect()        {}
func (WriteDraft) effect() {}
func (Remind) effect()     {}
func (Outcome) effect()    {}

// Action is a button on the draft card. Values are stable: they travel in
// Slack button payloads.
type Action string

const (
	ActionShorter    Action = "shorter"
	ActionWarmer     Action = "warmer"
	ActionDirect     Action = "direct"
	ActionRegenerate Action = "regenerate"
	ActionSent       Action = "sent"
	ActionReplied    Action = "replied"
	ActionRemind     Action = "remind"
	// ActionResume coaches the deal again from its story (a "Coach me again"
	// button on a reminder).
	ActionResume Action = "resume"
	// ActionClosedLost records a clear no: no more reminders, and the deal
	// counts as a loss in the revive rates until "Coach me again".
	ActionClosedLost Action = "closed_lost"
)

// ParseAction validates an action read from outside.
func ParseAction(s string) (Action, error) {
	switch a := Action(s); a {
	case ActionShorter, ActionWarmer, ActionDirect, ActionRegenerate, ActionSent, ActionReplied, ActionRemind, ActionResume, ActionClosedLost:
		return a, nil
	}
	return "", fmt.Errorf("unknown action %q", s)
}

// Input is one thing the owner said or pressed.
type Input struct {
	// Text is a free-text reply. "skip" or "draft it" goes straight to the draft.
	Text string
	// Option is the value of a quick-reply button, for the pending question.
	Option string
	// Action is a draft-card button.
	Action Action
	// RemindAt goes with ActionRemind; zero means "use the advised date".
	RemindAt time.Time
	// Mapped is a model's checked placement of Text among the pending
	// question's options, for an answer MapAnswer cannot place.
	Mapped MappedAnswer
}

// ErrNotNow is returned by Step when an input does not fit the stage, such as
// a draft button before there is a draft. The message is safe to show.
var ErrNotNow = errors.New("that does not fit this conversation right now")

// MaxQuestions and MinQuestions bound how many clarifying questions are asked.
const (
	MinQuestions = 2
	MaxQuestions = 4
)

// IsSkip reports whether a free-text reply means "stop asking and draft".
func IsSkip(text string) bool {
	t := strings.ToLower(strings.Trim(strings.TrimSpace(text), ".!"))
	switch t {
	case "skip", "draft", "draft it", "just draft it", "draft now", "go", "skip it", "no more questions":
		return true
	}
	return false
}

// injectionPhrases spot text that tries to give the model orders. It changes
// nothing about how the story is used (it is always data), but the owner is
// told so, rather than wondering why the coach did not obey.
var injectionPhrases = []string{
	"ignore your instructions", "ignore all instructions", "ignore previous instructions",
	"ignore the above", "ignore all previous", "disregard your instructions", "disregard previous",
	"you are now", "system prompt", "new instructions:",
}

func looksLikeInjection(s string) bool {
	l := asciiLower(apostrophes.Replace(s))
	for _, p := range injectionPhrases {
		if indexWord(l, p) >= 0 {
			return true
		}
	}
	return false
}

// Start opens a coaching conversation from a deal story. It reads the facts,
// diagnoses the silence, applies the cadence guard and returns the first
// question (or, at StopTouches or more, goes straight to the closing note).
func Start(id, team, owner, story string, now time.Time) (Deal, []Effect) {
	clean, cut := CleanStory(story)
	d := Deal{
		ID: id, Team: team, Owner: owner,
		Story:     clean,
		Status:    StatusQuiet,
		CreatedAt: now, UpdatedAt: now,
	}
	d.Facts = ExtractFacts(clean, now)
	d.Facts.Truncated = cut
	d.Diagnosis = Diagnose(clean, d.Facts, nil)

	var fx []Effect
	switch {
	case clean == "":
		fx = append(fx, Say{"You didn't tell me anything about the deal yet, so I'll ask. A sentence or two (who went quiet, what you discussed, when you last heard, how many follow-ups you sent) makes my advice much sharper."})
	case cut:
		fx = append(fx, Say{fmt.Sprintf("That story is long, so I read only the first %d KB. If something important came later, tell me in your answers.", MaxStoryBytes>>10)})
	}
	if looksLikeInjection(clean) {
		fx = append(fx, Say{"Note: I treat everything in your story as information about the deal, never as instructions to me."})
	}
	if c := CadenceOf(d, now); c.Mode == ModeClosing {
		fx = append(fx, Say{fmt.Sprintf("You've already sent %d follow-ups without a reply. Another chase won't help, and it may cost you their goodwill. "+
			"What I can do is write a short, gracious closing note and remind you to come back when the time is right.", c.Touches)})
		d.Stage = StageDrafting
		return d, append(fx, WriteDraft{d.Request(StyleDefault)})
	}
	return d.askNext(now, fx)
}

// askNext asks the next clarifying question, or moves on to the insight gate
// or the draft when the questions are done.
func (d Deal) askNext(now time.Time, fx []Effect) (Deal, []Effect) {
	if q, ok := d.nextQuestion(); ok {
		d.Stage = StageAsking
		d.Pending = &q
		d.Asked = append(d.Asked, q.ID)
		d.UpdatedAt = now
		return d, append(fx, Ask{Question: q, N: len(d.Asked), Of: plannedQuestions(d.Diagnosis, len(d.Asked))})
	}
	return d.afterQuestions(now, fx, false)
}

// afterQuestions runs the new-insight gate, then asks for the draft. Every
// re-engagement needs something new or something easier, whatever the
// leading reason, so the gate asks for one new thing unless the owner
// already gave one (or said there is none), or said "skip".
func (d Deal) afterQuestions(now time.Time, fx []Effect, skipped bool) (Deal, []Effect) {
	d.Pending = nil
	d.UpdatedAt = now
	if !skipped && d.Insight == "" && !d.NoInsight() && d.Stage != StageInsight {
		q := insightQuestion
		d.Stage = StageInsight
		d.Pending = &q
		return d, append(fx, Ask{Question: q})
	}
	d.Stage = StageDrafting
	return d, append(fx, WriteDraft{d.Request(StyleDefault)})
}

// Request builds the brief for a draft in the given style, with the mode the
// cadence allows.
func (d Deal) Request(style Style) DraftRequest {
	return DraftRequest{
		Facts:     d.Facts,
		Story:     d.Story,
		Diagnosis: d.Diagnosis,
		Answers:   d.Answers,
		Insight:   d.Insight,
		NoInsight: d.NoInsight(),
		Mode:      CadenceOf(d, d.UpdatedAt).Mode,
		Style:     style,
		Variant:   len(d.Drafts),
	}
}

// AddDraft records a written draft and returns the next-step advice.
func (d *Deal) AddDraft(dr Draft, now time.Time) []Effect {
	d.Drafts = append(d.Drafts, dr)
	// Keep stored deals small: the newest few drafts are all anyone reads.
	if len(d.Drafts) > maxDrafts {
		d.Drafts = append([]Draft(nil), d.Drafts[len(d.Drafts)-maxDrafts:]...)
	}
	d.Stage = StageDrafted
	d.Pending = nil
	d.UpdatedAt = now
	return []Effect{Say{NextStep(*d, now).Text}}
}

const maxDrafts = 10

// NoteQuestionID marks an Answer that is new information the owner added
// after a draft, not a reply to a question.
const NoteQuestionID = "note"

// Step advances the conversation with one input. It never does I/O; the
// caller performs the returned effects and saves the deal. A turn opens
// with the news of a model reading that arrived since the last one.
func Step(d Deal, in Input, now time.Time) (Deal, []Effect, error) {
	if in.Action != "" {
		return d.act(in, now)
	}
	d, fx, err := step(d, in, now)
	if err != nil {
		return d, fx, err
	}
	d, fx = d.withReadingNews(now, fx)
	return d, fx, nil
}

// step is Step for a typed reply or a quick-reply button.
func step(d Deal, in Input, now time.Time) (Deal, []Effect, error) {
	text, _ := CleanStory(in.Text)
	switch d.Stage {
	case StageAsking:
		if in.Option == "" && IsSkip(text) {
			d, fx := d.afterQuestions(now, nil, true)
			return d, fx, nil
		}
		if d.Pending == nil {
			return d, nil, ErrNotNow
		}
		a := Answer{QuestionID: d.Pending.ID, Reason: d.Pending.Reason, Text: text}
		if in.Option != "" {
			o, ok := d.Pending.option(in.Option)
			if !ok {
				return d, nil, fmt.Errorf("%w: that button belongs to an earlier question", ErrNotNow)
			}
			a.Option, a.Text = o.Value, o.Label
		} else if text == "" {
			return d, []Effect{Say{"I didn't catch an answer. Type a reply, press a button, or say \"skip\" to go straight to the draft."}}, nil
		} else {
			// A typed answer keeps the owner's words and, when it names
			// one, the option it means; otherwise it stays a note on
			// this question.
			a.Option, _ = MapAnswer(*d.Pending, text)
			if a.Option == "" {
				a.Option = in.mappedOption(*d.Pending)
			}
		}
		d.Answers = append(d.Answers, a)
		d.Diagnosis = d.diagnose()
		d, fx := d.askNext(now, nil)
		return d, fx, nil
	case StageInsight:
		if in.Option != "" && in.Option != NoInsight {
			return d, nil, fmt.Errorf("%w: that button belongs to an earlier question", ErrNotNow)
		}
		if in.Option == "" && text == "" {
			return d, []Effect{Say{"Tell me one thing they haven't heard yet, or say \"nothing new\"."}}, nil
		}
		// "No", "nothing new", "not sure", "edit" and the like are not an
		// insight: record that there is none, so the draft makes the next
		// step easier instead of announcing news it does not have.
		if opt, _ := MapAnswer(insightQuestion, text); in.Option == NoInsight || opt == NoInsight || IsSkip(text) {
			d.Insight = ""
			d.Answers = append(d.Answers, Answer{QuestionID: insightQuestion.ID, Reason: Insights, Option: NoInsight, Text: cmp.Or(text, "Nothing new yet")})
		} else {
			d.Insight = text
		}
		d, fx := d.afterQuestions(now, nil, true)
		return d, fx, nil
	case StageDrafting:
		// A draft was due but never recorded (a crash, a failed model call):
		// any message asks for it again. One that says something new (an
		// answer that crossed a "skip") is kept as a note first.
		if text != "" && !IsSkip(text) {
			if err := d.addNote(text); err != nil {
				return d, nil, err
			}
			d.Diagnosis = d.diagnose()
		}
		d.UpdatedAt = now
		return d, []Effect{WriteDraft{d.Request(StyleDefault)}}, nil
	case StageDrafted:
		if in.Option != "" {
			return d, nil, fmt.Errorf("%w: the questions are done; use the buttons on the draft", ErrNotNow)
		}
		if d.Status == StatusRevived {
			return d.afterReply(text, now)
		}
		if strings.EqualFold(strings.Trim(strings.TrimSpace(text), ".!"), "edit") {
			return d, nil, fmt.Errorf("%w: copy the draft and change what you like (in Slack, the Edit button on the card does this); for another take use shorter, warmer, direct or regenerate, or tell me something new about the deal", ErrNotNow)
		}
		if text == "" || IsSkip(text) || lex.isWhole("nothing", text) || lex.isWhole("chitchat", text) {
			return d, nil, fmt.Errorf("%w: the draft is ready; use its buttons, or tell me something new about the deal for a fresh one", ErrNotNow)
		}
		// New information after a draft: keep it with the answers and write
		// a fresh draft that uses it.
		if err := d.addNote(text); err != nil {
			return d, nil, err
		}
		d.Diagnosis = d.diagnose()
		d.Stage = StageDrafting
		d.UpdatedAt = now
		return d, []Effect{WriteDraft{d.Request(StyleRegenerate)}}, nil
	}
	return d, nil, fmt.Errorf("%w: unknown stage %q", ErrNotNow, d.Stage)
}

// repliedHint is what the coach says to a message in the thread of a deal
// whose prospect replied: there is nothing to chase.
const repliedHint = "They replied, so this deal isn't quiet and there's nothing to chase. Answer them soon and keep it about them. " +
	"If they go quiet again, say \"draft\" and I'll write a fresh note that counts only what you send from now on."

// afterReply handles a message on a deal whose prospect replied. A hello or
// a thanks is not a chase: it gets the hint and nothing else. New
// information is kept as a note for later. "draft" asks for a fresh note,
// whose cadence counts only the touches since the reply, so it is never a
// last or closing note by the story's old count.
func (d Deal) afterReply(text string, now time.Time) (Deal, []Effect, error) {
	switch {
	case text == "":
		return d, nil, fmt.Errorf("%w: %s", ErrNotNow, repliedHint)
	case IsSkip(text):
		d.Stage = StageDrafting
		d.UpdatedAt = now
		return d, []Effect{WriteDraft{d.Request(StyleRegenerate)}}, nil
	case lex.isWhole("chitchat", text) || lex.isWhole("nothing", text):
		return d, []Effect{Say{repliedHint}}, nil
	}
	d.Answers = append(d.Answers, Answer{QuestionID: NoteQuestionID, Reason: d.Diagnosis.Top().ID, Text: text})
	d.Diagnosis = d.diagnose()
	d.UpdatedAt = now
	return d, []Effect{Say{"Noted. " + repliedHint}}, nil
}

// NoInsight reports whether the owner said at the insight gate that they
// have nothing new to share, so a draft should make the next step easier
// rather than bring news.
func (d Deal) NoInsight() bool {
	if d.Insight != "" {
		return false
	}
	for _, a := range d.Answers {
		if a.QuestionID == insightQuestion.ID && a.Option == NoInsight {
			return true
		}
	}
	return false
}

func (q *Question) option(v string) (Option, bool) {
	for _, o := range q.Options {
		if o.Value == v {
			return o, true
		}
	}
	return Option{}, false
}

// act handles a draft-card button.
func (d Deal) act(in Input, now time.Time) (Deal, []Effect, error) {
	_, hasDraft := d.LastDraft()
	d.UpdatedAt = now
	switch in.Action {
	case ActionShorter, ActionWarmer, ActionDirect, ActionRegenerate:
		if !hasDraft {
			return d, nil, fmt.Errorf("%w: there is no draft to rework yet", ErrNotNow)
		}
		d.Stage = StageDrafting
		return d, []Effect{WriteDraft{d.Request(Style(in.Action))}}, nil
	case ActionSent:
		if !hasDraft {
			return d, nil, fmt.Errorf("%w: there is no draft to send yet", ErrNotNow)
		}
		mode := CadenceOf(d, now).Mode
		d.Touches = append(d.Touches, Touch{At: now, Mode: mode})
		if mode == ModeReengage {
			return d, []Effect{Outcome{StatusQuiet, "Noted. Give it a week or two; if they answer, press \"They replied\" so the team learns what works."}}, nil
		}
		at, why := RememberDate(d, now)
		d.RemindAt, d.Status = at, StatusSnoozed
		return d, []Effect{
			Outcome{StatusSnoozed, SentNote(mode)},
			Remind{At: at, Why: why},
		}, nil
	case ActionReplied:
		if d.Status == StatusRevived {
			return d, []Effect{Outcome{StatusRevived, "Already marked as revived."}}, nil
		}
		d.Status, d.RevivedAt, d.RemindAt = StatusRevived, now, time.Time{}
		days := int(now.Sub(d.CreatedAt).Hours() / 24)
		return d, []Effect{Outcome{StatusRevived, fmt.Sprintf("They replied after %d day%s. Well done: answer them soon, and keep it about them.", days, plural(days, "", "s"))}}, nil
	case ActionRemind:
		at, why := in.RemindAt, "the date you picked"
		if at.IsZero() {
			at, why = RememberDate(d, now)
		}
		if !at.After(now) {
			return d, nil, fmt.Errorf("%w: pick a date in the future", ErrNotNow)
		}
		d.RemindAt = at
		if d.Status == StatusQuiet {
			d.Status = StatusSnoozed
		}
		return d, []Effect{Remind{At: at, Why: why}}, nil
	case ActionClosedLost:
		if d.Status == StatusClosedLost {
			return d, []Effect{Outcome{StatusClosedLost, "Already marked closed-lost."}}, nil
		}
		d.Status, d.RemindAt = StatusClosedLost, time.Time{}
		return d, []Effect{Outcome{StatusClosedLost, "Marked closed-lost: no more reminders about it. A clear no frees your week for deals that can move; \"Coach me again\" reopens it if they come back."}}, nil
	case ActionResume:
		d.Status = StatusQuiet
		d.RemindAt = time.Time{}
		// Notes the owner added are still true of the deal; answers to
		// the old questions are asked afresh.
		var notes []Answer
		for _, a := range d.Answers {
			if a.QuestionID == NoteQuestionID {
				notes = append(notes, a)
			}
		}
		d.Asked, d.Answers, d.Insight = nil, notes, ""
		d.Diagnosis = d.diagnose()
		d, fx := d.askNext(now, []Effect{Say{"Let's look at this deal again with fresh eyes."}})
		return d, fx, nil
	}
	return d, nil, fmt.Errorf("%w: unknown action %q", ErrNotNow, in.Action)
}
