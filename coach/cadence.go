package coach

import (
	"fmt"
	"strings"
	"time"
)

// The cadence guard: the guidance says pestering ruins the chance of being
// remembered well. After LastTouch unanswered touches the next message is the
// last one; from StopTouches on there is no new chase at all, only a closing
// note and a date to come back.
const (
	LastTouch   = 3
	StopTouches = 5
)

// Cadence is where a deal stands in its follow-up rhythm.
type Cadence struct {
	// Touches counts unanswered messages: those the story mentions plus those
	// recorded with "I sent it".
	Touches int
	// DaysSinceLast is the days since the last recorded touch, -1 if none.
	DaysSinceLast int
	// Mode is the only kind of message the cadence allows now.
	Mode Mode
	// Hold is set when the one no-ask note a blocked deal allows was already
	// sent: nothing more until the reminder.
	Hold bool
	// Why says in a few words which rule chose the mode.
	Why string
}

// CadenceOf computes the cadence of a deal at now. How touches are counted
// is one concern: a reply resets the count (once the prospect answered,
// "They replied", only the touches sent after the reply are unanswered, and
// the story's earlier follow-ups no longer count). Which mode they allow is
// another (modeFor).
func CadenceOf(d Deal, now time.Time) Cadence {
	unanswered := max(d.Facts.FollowUps, 0) + len(d.Touches)
	if !d.RevivedAt.IsZero() {
		unanswered = 0
		for _, t := range d.Touches {
			if t.At.After(d.RevivedAt) {
				unanswered++
			}
		}
	}
	c := Cadence{Touches: unanswered, DaysSinceLast: -1, Mode: ModeReengage}
	if n := len(d.Touches); n > 0 {
		c.DaysSinceLast = int(now.Sub(d.Touches[n-1].At).Hours() / 24)
	}
	c.Mode, c.Hold, c.Why = modeFor(d, c.Touches, now)
	return c
}

// modeFor applies the cadence rules in their one order of precedence:
//
//  1. touches first: five or more unanswered allow only the closing note,
//     three or more make this the last message;
//  2. a known date that blocks the deal (a contract end, a budget cycle, an
//     audit), or timing leading the diagnosis: one no-ask nurture note now,
//     then nothing until the reminder;
//  3. a prospect who never engaged, after two or more cold messages: send
//     nothing, or one no-ask note;
//  4. otherwise an ordinary re-engagement message with one easy question.
func modeFor(d Deal, touches int, now time.Time) (Mode, bool, string) {
	switch {
	case touches >= StopTouches:
		return ModeClosing, false, "touches"
	case touches >= LastTouch:
		return ModeLast, false, "touches"
	}
	sentNurture := false
	for _, t := range d.Touches {
		sentNurture = sentNurture || t.Mode == ModeNurture
	}
	if _, ok := BlockingDate(d.Facts, now); ok || d.Diagnosis.Top().ID == Timing {
		return ModeNurture, sentNurture, "date"
	}
	if touches >= 2 && NeverEngaged(d.Facts, d.Story) {
		return ModeNurture, sentNurture, "cold"
	}
	return ModeReengage, false, ""
}

// BlockingDate returns the first key date still ahead that stops the
// prospect acting now: a contract end, a budget cycle or an audit.
func BlockingDate(f Facts, now time.Time) (KeyDate, bool) {
	for _, kd := range f.Dates {
		if kd.When.IsZero() || !kd.When.After(now) {
			continue
		}
		switch kd.Kind {
		case DateContractEnd, DateBudget, DateAudit:
			return kd, true
		}
	}
	return KeyDate{}, false
}

// contactCues are words in a story that show the salesperson and the
// prospect have actually spoken; neverCues say they never did.
var (
	contactCues = []string{
		"met ", "meeting", "call with", "our call", "the call", "a call", "first call", "discovery call",
		"demo", "spoke", "speak with", "talked", "replied", "responded", "answered", "lunch", "coffee",
		"conference", "booth", "introduced", "intro call", "she said", "he said", "they said", "told me",
		"asked me", "asked for", "wrote back", "got back to", "workshop", "pilot", "trial", "proposal they asked",
	}
	neverCues = []string{
		"never replied", "never responded", "never answered", "never engaged", "never spoke", "never met",
		"never heard back", "never got a reply", "never a reply", "no reply to any", "no response to any",
		"not a single reply", "haven't spoken", "have not spoken", "never talked", "cold email", "cold outreach",
		"cold emails", "cold messages", "cold calls", "cold message", "cold sequence", "never opened",
	}
)

// NeverEngaged reports whether the story says the prospect never answered
// or spoke with the salesperson: cold outreach that got nothing back.
func NeverEngaged(f Facts, story string) bool {
	l := asciiLower(apostrophes.Replace(story))
	for _, c := range neverCues {
		if strings.Contains(l, c) {
			return true
		}
	}
	return false
}

// PastContact reports whether the story shows the salesperson and the
// prospect have been in touch, so a message may say "I enjoyed our call".
// Without it, feelings must not assume a relationship that never existed.
func PastContact(f Facts, story string) bool {
	if NeverEngaged(f, story) {
		return false
	}
	if f.DaysSilent >= 0 {
		return true // they answered once, some days ago
	}
	l := asciiLower(apostrophes.Replace(story))
	for _, c := range contactCues {
		if strings.Contains(l, c) {
			return true
		}
	}
	return false
}

// Advice is the next step after a draft.
type Advice struct {
	Text string
	// RememberAt is the advised "remember me" date, tied to the leading
	// reason; Why says what it is tied to.
	RememberAt time.Time
	Why        string
}

// day moves a reminder to 9:00 on a weekday: nobody wants a sales nudge on
// a Saturday.
func day(t time.Time) time.Time {
	t = time.Date(t.Year(), t.Month(), t.Day(), 9, 0, 0, 0, t.Location())
	switch t.Weekday() {
	case time.Saturday:
		t = t.AddDate(0, 0, 2)
	case time.Sunday:
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// RememberDate picks when to come back to a deal, tied to why it went quiet:
// three months before a contract ends, ten weeks before a budget cycle (while
// next year's plans are still being written), after an audit or reorg
// settles, or once there is something new to say.
func RememberDate(d Deal, now time.Time) (time.Time, string) {
	soonest := now.AddDate(0, 0, 14)
	for _, kd := range d.Facts.Dates {
		if kd.When.IsZero() || !kd.When.After(now) {
			continue
		}
		switch kd.Kind {
		case DateContractEnd:
			at := later(kd.When.AddDate(0, -3, 0), soonest)
			return day(at), fmt.Sprintf("three months before their contract ends (%s)", kd.When.Format("Jan 2006"))
		case DateBudget:
			at := later(kd.When.AddDate(0, 0, -70), soonest)
			return day(at), fmt.Sprintf("ten weeks before their budget cycle (%s), while next year's plans are still open", kd.When.Format("Jan 2006"))
		case DateAudit:
			at := later(kd.When.AddDate(0, 0, 14), soonest)
			return day(at), fmt.Sprintf("two weeks after the audit (%s), once it has settled", kd.When.Format("Jan 2006"))
		}
	}
	if NeverEngaged(d.Facts, d.Story) {
		return day(now.AddDate(0, 6, 0)), "in six months, in case their needs have changed"
	}
	switch d.Diagnosis.Top().ID {
	case Timing:
		return day(now.AddDate(0, 3, 0)), "in a quarter, when the timing may have moved"
	case Priorities:
		what := "the current crunch"
		for _, kd := range d.Facts.Dates {
			if kd.Kind == DateAudit {
				what = "the " + kd.Text
			}
		}
		return day(now.AddDate(0, 0, 45)), "after " + what + " has had time to settle"
	case StatusQuo:
		return day(now.AddDate(0, 4, 0)), "in four months, when the pain of the status quo may have grown"
	case Interest:
		return day(now.AddDate(0, 3, 0)), "in three months, to check whether the right person or need has changed"
	case Tactics:
		return day(now.AddDate(0, 2, 0)), "in two months, once the last chase is forgotten"
	default: // value, insights
		return day(now.AddDate(0, 1, 0)), "in a month, when you have something new and useful to share"
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// waitWeeks is how long to leave a re-engagement message before the next
// one, by reason: longer when pushing is what went wrong or something
// bigger has their attention.
var waitWeeks = map[ReasonID]string{
	Value: "a week or two", Insights: "a week or two", Interest: "two weeks",
	Tactics: "three weeks", Priorities: "a month", StatusQuo: "three weeks", Timing: "until the reminder",
}

// NextStep advises what to do after this draft, guarding the cadence.
func NextStep(d Deal, now time.Time) Advice {
	c := CadenceOf(d, now)
	at, why := RememberDate(d, now)
	when := at.Format("Mon 2 Jan 2006")
	cold := NeverEngaged(d.Facts, d.Story)
	advice := func(text string) Advice { return Advice{Text: text, RememberAt: at, Why: why} }
	switch c.Mode {
	case ModeClosing:
		if cold {
			return advice(fmt.Sprintf("They never answered any of your %d messages, so the kindest move is to send nothing. "+
				"If you do send something, make it only this short note with no ask, then stop. I'll remind you %s (%s).", c.Touches, why, when))
		}
		return advice(fmt.Sprintf("%d messages have gone unanswered, so another chase would only make you the seller they remember for the wrong reason. "+
			"Send this closing note if you want, then stop. I'll remind you %s (%s).", c.Touches, why, when))
	case ModeLast:
		return advice(fmt.Sprintf("With %d unanswered touches, this is the last message. If it gets no answer, stop there and come back %s (%s). "+
			"A clear no is worth more than a long maybe.", c.Touches, why, when))
	case ModeNurture:
		if c.Hold {
			return advice(fmt.Sprintf("You already sent the one no-ask note, so send nothing more now: more messages before the date only wear out your welcome. "+
				"I'll remind you %s (%s).", why, when))
		}
		if c.Why == "cold" {
			return advice(fmt.Sprintf("They have not engaged with any of your %d messages, so send nothing, or at most this one note that asks for nothing. "+
				"Then stop; I'll remind you %s (%s).", c.Touches, why, when))
		}
		return advice(fmt.Sprintf("They can't act before the date that blocks them, so this note asks for nothing: send it once, then nothing until the reminder. "+
			"I'll remind you %s (%s).", why, when))
	}
	left := LastTouch - c.Touches
	wait := waitWeeks[d.Diagnosis.Top().ID]
	if wait == "" {
		wait = "a week or two"
	}
	return advice(fmt.Sprintf("Send it once, then give them %s. You have room for %d more touch%s before the respectful last message; make each one bring something new.",
		wait, left, plural(left, "", "es")))
}

// SentNote is what the coach says when the owner records a message sent in
// a mode that ends the chase for now (every mode but reengage).
func SentNote(m Mode) string {
	if m == ModeNurture {
		return "Noted. That was the one note worth sending for now, so nothing more until the reminder. If they answer, press \"They replied\"."
	}
	return "Noted. That was the last message, so stop here: no more chasing. If they answer, press \"They replied\"."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
