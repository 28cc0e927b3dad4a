package coach

import (
	"context"
	"errors"
)

// Style is how the owner asked a draft to be reworked. The values are stored
// and used as button values, so they are stable.
type Style string

const (
	StyleDefault Style = ""
	StyleShorter Style = "shorter"
	StyleWarmer  Style = "warmer"
	StyleDirect  Style = "direct"
	// StyleRegenerate asks for a fresh take with the same brief.
	StyleRegenerate Style = "regenerate"
)

// Mode is what kind of message the cadence allows.
type Mode string

const (
	// ModeReengage is an ordinary honest re-engagement message.
	ModeReengage Mode = "reengage"
	// ModeLast is the last, respectful message after three or more unanswered
	// touches: it reverses direction (assumes they have moved on unless they
	// say otherwise) and leaves the door open.
	ModeLast Mode = "last"
	// ModeClosing is the closing note offered at five or more unanswered
	// touches, when no new chase is allowed: a gracious goodbye for now that
	// makes them remember you well.
	ModeClosing Mode = "closing"
	// ModeNurture stays in touch without asking for anything: one useful
	// thing for them, no question, the door open. It is the one note worth
	// sending while a known date (a contract end, a budget cycle) blocks the
	// deal, and the most a never-engaged prospect should get.
	ModeNurture Mode = "nurture"
)

// DraftRequest is everything a Drafter needs to write one message.
type DraftRequest struct {
	Facts     Facts
	Story     string
	Diagnosis Diagnosis
	Answers   []Answer
	// Insight is the one thing the prospect has not heard yet, when the owner
	// gave one at the new-insight gate.
	Insight string
	// NoInsight is set when the owner said there is nothing new to share:
	// instead of news, the message should make the next step easier (a
	// smaller ask, a simpler option, a useful no-strings offer).
	NoInsight bool
	Mode      Mode
	Style     Style
	// Previous and Findings are set for a redraft: the earlier draft and what
	// the lint found wrong with it.
	Previous string
	Findings []Finding
	// Missing names the REAL elements the earlier draft lacked
	// ("feelings", "intentions", "door_open"), so the redraft can add them.
	Missing []string
	// Variant varies the offline drafter's phrasing between regenerations.
	Variant int
}

// Usage is the token accounting an LLM reported for one draft.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// DraftResult is the raw output of a Drafter.
type DraftResult struct {
	// Text is the message body, without any Subject line.
	Text string
	// Subject is the optional email subject the drafter proposed.
	Subject string
	Usage   Usage
	// Model names what wrote it: an LLM model id, or "offline".
	Model string
}

// Drafter writes a message from a DraftRequest. onPartial, when not nil, is
// called with the text so far as it streams in (the whole text each time, not
// just the new part).
type Drafter interface {
	Draft(ctx context.Context, req DraftRequest, onPartial func(sofar string)) (DraftResult, error)
	// Offline reports whether this drafter is the deterministic offline
	// composer (shown to users as such) rather than an LLM.
	Offline() bool
}

// ErrDrafterUnavailable wraps errors where the LLM could not be reached or
// kept failing; callers offer the offline drafter instead.
var ErrDrafterUnavailable = errors.New("the drafting model is unavailable")
