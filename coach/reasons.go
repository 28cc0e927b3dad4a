// Package coach is the domain of ghosted: it reads the story of a deal that
// went quiet, diagnoses which of the seven reasons prospects go dark is most
// likely, asks clarifying questions, drafts an honest re-engagement message,
// lints it against the guidance and guards the follow-up cadence.
//
// The package knows nothing about Slack, Redis or any LLM vendor. Those are
// adapters (coach/redisstore, coach/openaidraft, bot/) that plug into the small
// interfaces declared here: Store, Drafter and Clock.
package coach

import "fmt"

// ReasonID is the stable identifier of one of the seven reasons a prospect
// goes dark. The string values are a public contract: they appear in the
// `diagnose --json` output, in stored deals and in revive statistics.
type ReasonID string

const (
	Value      ReasonID = "value"
	Interest   ReasonID = "interest"
	Insights   ReasonID = "insights"
	Tactics    ReasonID = "tactics"
	Priorities ReasonID = "priorities"
	Timing     ReasonID = "timing"
	StatusQuo  ReasonID = "status_quo"
)

// Reason describes one of the seven reasons in plain words.
type Reason struct {
	ID ReasonID
	// Name is a short human label ("Timing").
	Name string
	// Summary says in one sentence what the reason means for the seller.
	Summary string
	// Remedy says what a re-engagement message should do about it.
	Remedy string
}

// Reasons lists the seven reasons in their canonical order. Ties in a
// diagnosis are broken by this order.
var Reasons = []Reason{
	{Value, "Not seeing the value",
		"They have not connected what you offer to an outcome they care about.",
		"Name one concrete outcome for them personally and one for their company, in their terms."},
	{Interest, "Not interested, or not the decision maker",
		"It is not important to this person yet, or it is not their call.",
		"Make it about them: their goal, and what a win would mean for them. People bring in whoever decides when it helps them."},
	{Insights, "Nothing new to hear",
		"You have not told them anything they did not already know.",
		"Lead with one fact, trigger or idea they have not heard from you or anyone else."},
	{Tactics, "Put off by sales tactics",
		"Pushy or automated follow-ups made you easy to ignore.",
		"Drop the chase: be plain, human and low-pressure, and own any overreach."},
	{Priorities, "Other, more pressing issues",
		"Something bigger landed on their desk: a reorg, an acquisition, an audit, a fire.",
		"Acknowledge their load, lower the ask, and offer to come back when it settles."},
	{Timing, "Bad timing",
		"They cannot act now: a contract, a budget cycle or a freeze stands in the way.",
		"Respect the date that blocks them: name it, ask for nothing now, and say you will be in touch nearer the time."},
	{StatusQuo, "The status quo is comfortable",
		"Switching looks like more hassle than the gain is worth.",
		"Make the switch look small and safe, and name the cost of standing still without pressure."},
}

// ReasonByID returns the reason with the given id.
func ReasonByID(id ReasonID) (Reason, bool) {
	for _, r := range Reasons {
		if r.ID == id {
			return r, true
		}
	}
	return Reason{}, false
}

// ParseReasonID validates a reason id read from outside (JSON, a button value).
func ParseReasonID(s string) (ReasonID, error) {
	if _, ok := ReasonByID(ReasonID(s)); ok {
		return ReasonID(s), nil
	}
	return "", fmt.Errorf("unknown reason %q (want one of value, interest, insights, tactics, priorities, timing, status_quo)", s)
}

func reasonIndex(id ReasonID) int {
	for i, r := range Reasons {
		if r.ID == id {
			return i
		}
	}
	return len(Reasons)
}
