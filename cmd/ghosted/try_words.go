package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// The coach's lines are written for Slack, where a draft comes on a card
// with buttons ("I sent it", "They replied", "Coach me again"). In the
// terminal the same things are words typed at the prompt, so `try` says
// those words instead.

// terminalActions lists what can be typed after a draft, as `try` shows it.
const terminalActions = "shorter, warmer, direct, regenerate, sent, replied or remind"

// slackWords turns the coach's Slack wording into the terminal's. Longer
// phrases come first: a replacer tries them in order at each position.
var slackWords = strings.NewReplacer(
	`Type a reply, press a button, or say "skip"`, `Type a reply or an option's number, or "skip"`,
	`press "They replied" so the team learns what works`, `type "replied"`,
	`press "They replied"`, `type "replied"`,
	`press "I sent it"`, `type "sent"`,
	`press "Remind me"`, `type "remind"`,
	`use the buttons on the draft`, `type `+terminalActions,
	`use its buttons`, `type `+terminalActions,
	` (in Slack, the Edit button on the card does this)`, ``,
	`that button belongs to an earlier question`, `that answer belongs to an earlier question`,
	`start the coaching again from the story ("Coach me again")`, `start again with ghosted try`,
	`"Coach me again" reopens it`, `a new ghosted try takes it up again`,
)

// terminalWords is a line of the coach in the terminal's words.
func terminalWords(s string) string { return slackWords.Replace(s) }

// outcomeText is what `try` says for a recorded outcome. "They replied"
// counts the days of quiet from the story (as of now), not from this
// session's start minutes ago; with no such days in the story it names
// none.
func outcomeText(d coach.Deal, o coach.Outcome, now time.Time) string {
	if o.Status != coach.StatusRevived || !strings.HasPrefix(o.Text, "They replied after") {
		return terminalWords(o.Text)
	}
	const well = "Well done: answer them soon, and keep it about them."
	days := d.Facts.DaysSilent + int(now.Sub(d.CreatedAt).Hours()/24)
	if d.Facts.DaysSilent < 0 || days <= 0 {
		return "They replied. " + well
	}
	unit := "days"
	if days == 1 {
		unit = "day"
	}
	return fmt.Sprintf("They replied after %d %s of quiet. %s", days, unit, well)
}
