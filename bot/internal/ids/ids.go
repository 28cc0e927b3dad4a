// Package ids holds the block and action ids the bot puts on its messages.
// They travel through Slack and come back in block_actions payloads, so
// the bot reads them back, and bot/bottest's predicates (is this post a
// question? a draft card?) look for them: both take them from here, and a
// renamed id cannot leave the tests grepping for the old one.
package ids

import "github.com/ghosted-bot/ghosted/coach"

// The coaching thread: questions and the draft card.
const (
	BlockQuestion = "q"    // q|<deal>|<question>
	BlockCard     = "card" // card|<deal>
	BlockForget   = "forget"
	BlockFacts    = "facts" // facts|<deal>

	Option  = "q_opt_" // + index; value: the option's value
	Skip    = "q_skip" // value: "skip"
	Card    = "card_"  // + coach.Action; value: the action
	Remind  = "card_remind"
	Date    = "card_date"  // datepicker: remind me on a date
	Share   = "card_share" // value: shareOn or shareOff
	Edit    = "card_edit"  // value: draftRef of the card's draft
	Copy    = "card_copy"  // value: draftRef of the card's draft
	Forget  = "forget_yes"
	Cancel  = "forget_no"
	FixOpen = "fix_open"
)

// Shorter is the draft card's Shorter button: every card has it.
const Shorter = Card + string(coach.ActionShorter)

// The App Home and reminder rows: deal|<deal>.
const (
	BlockDeal = "deal"

	NewDeal    = "home_new"    // opens the story modal
	DealResume = "deal_resume" // coach.ActionResume
	DealRemind = "deal_remind" // static select; value: days
	DealDate   = "deal_date"   // datepicker
	DealShare  = "deal_share"  // value: shareOn or shareOff
	DealClosed = "deal_closed" // mark closed-lost
)

// The weekly channel nudge.
const (
	BlockNudgeOwner = "nudge"        // nudge|<owner>: an owner's section
	BlockNudgeMine  = "nudge_mine"   // the shared "Coach me" of grouped owners
	Nudge           = "nudge_coach_" // + owner id, or NudgeMine; value: deal ids
	NudgeMine       = "mine"
)
