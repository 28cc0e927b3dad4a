package coach

import "time"

// Facts are what can be read out of a deal story without asking.
type Facts struct {
	// Prospect is the person who went quiet, if named.
	Prospect string `json:"prospect,omitempty"`
	// Company is the prospect's organization, if named.
	Company string `json:"company,omitempty"`
	// DaysSilent is how long since the prospect last answered; -1 when unknown.
	DaysSilent int `json:"days_silent"`
	// FollowUps is how many unanswered touches were already sent; -1 when unknown.
	FollowUps int `json:"follow_ups"`
	// Channel is how the seller reaches them: email, linkedin, phone, text.
	Channel string `json:"channel,omitempty"`
	// Dates are contract, budget or other dates that gate the deal.
	Dates []KeyDate `json:"dates,omitempty"`
	// Truncated is set when the story was longer than MaxStoryBytes and only
	// its beginning was read.
	Truncated bool `json:"truncated,omitempty"`
}

// KeyDate is a date that matters to the deal, such as a contract end.
type KeyDate struct {
	// Kind is contract_end, budget, audit, or other.
	Kind string `json:"kind"`
	// Text is the phrase the date was read from.
	Text string `json:"text"`
	// When is the resolved date, zero when it could not be resolved.
	When time.Time `json:"when,omitzero"`
}
