package coach

import (
	"context"
	"errors"
	"fmt"
	"time"
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
	Redrafted bool      `json:"redrafted,omitempty"`
	Usage     Usage     `json:"usage"`
	At        time.Time `json:"at"`
}

// Deal is one quiet deal and its coaching conversation, as stored.
type Deal struct {
	ID    string `json:"id"`
	Team  string `json:"team"`
	Owner string `json:"owner"`
	// Shared is set when the owner chose to let channel posts mention this
	// deal's details.
	Shared bool `json:"shared,omitempty"`

	Story     string    `json:"story"`
	Facts     Facts     `json:"facts"`
	Diagnosis Diagnosis `json:"diagnosis"`

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

// Store keeps deals. Every method is scoped by team and owner so one user can
// never read another's deal.
type Store interface {
	SaveDeal(ctx context.Context, d Deal) error
	Deal(ctx context.Context, team, owner, id string) (Deal, error)
	// Deals lists the owner's deals, newest first.
	Deals(ctx context.Context, team, owner string) ([]Deal, error)
	// Forget deletes everything stored for the owner and reports how many
	// deals went.
	Forget(ctx context.Context, team, owner string) (int, error)
}
