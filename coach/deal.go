package coach

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Stage is where a coaching conversation stands. The string values are
// persisted; never renumber or rename them.
type Stage string

const (
	// StageAsking: a clarifying question is pending (Deal.Pending).
	StageAsking Stage = "asking"
	// StageInsight: the new-insight gate asked for one thing the prospect has
	// not heard yet.
	StageInsight Stage = "insight"
	// StageDrafting: the questions are done and a draft is due.
	StageDrafting Stage = "drafting"
	// StageDrafted: a draft was shown; the owner may rework it or record an
	// outcome.
	StageDrafted Stage = "drafted"
)

// ParseStage validates a stored stage.
func ParseStage(s string) (Stage, error) {
	switch st := Stage(s); st {
	case StageAsking, StageInsight, StageDrafting, StageDrafted:
		return st, nil
	}
	return "", fmt.Errorf("unknown stage %q", s)
}

// Status is where the deal stands in its lifecycle.
type Status string

const (
	StatusQuiet      Status = "quiet"
	StatusRevived    Status = "revived"
	StatusClosedLost Status = "closed_lost"
	StatusSnoozed    Status = "snoozed"
)

// Answer is the owner's reply to one clarifying question.
type Answer struct {
	QuestionID string   `json:"question_id"`
	Reason     ReasonID `json:"reason"`
	// Option is the quick-reply value chosen, empty for free text.
	Option string `json:"option,omitempty"`
	Text   string `json:"text"`
}

// Touch is one message the owner sent to the prospect through ghosted.
type Touch struct {
	At   time.Time `json:"at"`
	Mode Mode      `json:"mode,omitempty"`
}

// Draft is a message ghosted wrote, with its lint verdict.
type Draft struct {
	Text    string     `json:"text"`
	Subject string     `json:"subject,omitempty"`
	Style   Style      `json:"style,omitempty"`
	Mode    Mode       `json:"mode"`
	Lint    LintReport `json:"lint"`
	Model   string     `json:"model"`
	Offline bool       `json:"offline,omitempty"`
	// Redrafted is set when the first attempt failed the lint and this is the
	// better of the two attempts.
	Redrafted bool `json:"redrafted,omitempty"`
	// Edited is set on the owner's own version of a draft: Text and Subject
	// are what they wrote, Lint is the verdict on that, and the rest comes
	// from the draft they started from.
	Edited bool      `json:"edited,omitempty"`
	Usage  Usage     `json:"usage"`
	At     time.Time `json:"at"`
}

// Deal is one quiet deal and its coaching conversation, as stored.
type Deal struct {
	// Version counts the changes stored so far. The store sets it: a new
	// deal is version 1, and each change made with Store.UpdateDeal adds
	// one, which is how a change made from a copy that is no longer the
	// stored one is caught and made again on the fresh copy. It is the
	// first field so that a store can read it without decoding the rest.
	Version int64 `json:"version"`

	ID    string `json:"id"`
	Team  string `json:"team"`
	Owner string `json:"owner"`
	// Shared is set when the owner chose to let channel posts mention this
	// deal's details.
	Shared bool `json:"shared,omitempty"`

	Story     string    `json:"story"`
	Facts     Facts     `json:"facts"`
	Diagnosis Diagnosis `json:"diagnosis"`
	// Reading is what a language model's reading of the story added, once
	// it arrived and was checked; nil without a model, or before.
	Reading *ModelReading `json:"reading,omitempty"`

	Stage   Stage     `json:"stage"`
	Asked   []string  `json:"asked,omitempty"`
	Pending *Question `json:"pending,omitempty"`
	Answers []Answer  `json:"answers,omitempty"`
	Insight string    `json:"insight,omitempty"`
	Drafts  []Draft   `json:"drafts,omitempty"`

	Status    Status    `json:"status"`
	Touches   []Touch   `json:"touches,omitempty"`
	RemindAt  time.Time `json:"remind_at,omitzero"`
	RevivedAt time.Time `json:"revived_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// LastDraft returns the newest draft, if any.
func (d *Deal) LastDraft() (Draft, bool) {
	if len(d.Drafts) == 0 {
		return Draft{}, false
	}
	return d.Drafts[len(d.Drafts)-1], true
}

// ErrNotFound is returned by a Store when a deal does not exist (or is not the
// caller's: a user sees their own deals only).
var ErrNotFound = errors.New("deal not found")

// ErrForgotten wraps ErrNotFound for a deal its owner asked to forget a
// short while ago, so a job that was still running can say so.
var ErrForgotten = fmt.Errorf("%w: its owner asked me to forget it", ErrNotFound)

// ErrExists is returned by Store.CreateDeal when the key is taken, or
// belonged to a deal forgotten a short while ago.
var ErrExists = errors.New("deal already exists")

// ErrConflict is returned by Store.UpdateDeal when the deal kept changing
// under it, attempt after attempt: something is wrong (a loop, or far more
// writers of one deal than people press buttons), and giving up beats
// spinning.
var ErrConflict = errors.New("deal changed too often to update")

// Change is a change to one deal, for Store.UpdateDeal. It gets the deal as
// stored now, changes it in place, and returns what the caller must do
// afterwards (the effects of coach.Step). It must be pure: no I/O, and the
// same result from the same deal, because the store calls it again, on the
// fresh copy, when the deal changed between its read and its write. An
// error leaves the deal as it was and is returned by UpdateDeal.
type Change func(d *Deal) ([]Effect, error)

// StepChange is the Change that applies one input with Step at now.
func StepChange(in Input, now time.Time) Change {
	return func(d *Deal) ([]Effect, error) {
		next, fx, err := Step(*d, in, now)
		if err != nil {
			return nil, err
		}
		*d = next
		return fx, nil
	}
}

// Store keeps deals. Every method is scoped by team and owner so one user can
// never read another's deal. A deal is created once and changed only through
// UpdateDeal, so two changes made at once, on one replica or on several,
// never overwrite each other.
type Store interface {
	// CreateDeal stores a new deal as version 1. It fails with ErrExists
	// when the deal's key is taken or was forgotten a short while ago.
	CreateDeal(ctx context.Context, d Deal) error
	// Deal loads one deal, or fails with ErrNotFound.
	Deal(ctx context.Context, key DealKey) (Deal, error)
	// Deals lists the owner's deals, newest first.
	Deals(ctx context.Context, team, owner string) ([]Deal, error)
	// UpdateDeal applies change to the deal as stored and stores the
	// result, atomically: when the deal changed since it was read, it is
	// read again and change applied again. It returns the deal as stored
	// and the effects of the change that was stored. When change fails, it
	// returns the deal change was given and change's error; a deal that is
	// gone fails with ErrNotFound (ErrForgotten when its owner forgot it).
	UpdateDeal(ctx context.Context, key DealKey, change Change) (Deal, []Effect, error)
	// Forget deletes everything stored for the owner and reports how many
	// deals went.
	Forget(ctx context.Context, team, owner string) (int, error)
}

// Notes are what the owner tells the coach after a draft (or while one is
// due): new information kept with the answers, which each fresh draft uses.
// They are bounded, so a deal stays small and a prompt short however long
// a conversation runs.
const (
	// MaxNotes is how many notes one deal keeps.
	MaxNotes = 10
	// MaxNoteChars bounds one note, in characters (so at most four times
	// as many bytes).
	MaxNoteChars = 1500
)

// notes counts the deal's notes.
func (d *Deal) notes() int {
	n := 0
	for _, a := range d.Answers {
		if a.QuestionID == NoteQuestionID {
			n++
		}
	}
	return n
}

// addNote keeps text as a note, or says why it cannot: a note that is too
// long, or one more than MaxNotes. Nothing is kept then, and the owner still
// has their text.
func (d *Deal) addNote(text string) error {
	if n := utf8.RuneCountInString(text); n > MaxNoteChars {
		return fmt.Errorf("%w: that note is long (%d characters). Tell me what changed in a few sentences, under %d characters, and I'll redraft with it", ErrNotNow, n, MaxNoteChars)
	}
	if d.notes() >= MaxNotes {
		return fmt.Errorf("%w: this deal already has %d notes, the most I keep on one deal. To add more, start the coaching again from the story (\"Coach me again\"), or start a new deal", ErrNotNow, MaxNotes)
	}
	d.Answers = append(d.Answers, Answer{QuestionID: NoteQuestionID, Reason: d.Diagnosis.Top().ID, Text: text})
	return nil
}
