package coach

import (
	"fmt"
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
}

// CadenceOf computes the cadence of a deal at now. A reply resets the count:
// once the prospect answered ("They replied"), only the touches sent after
// the reply are unanswered, and the story's earlier follow-ups no longer
// count.
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
	switch {
	case c.Touches >= StopTouches:
		c.Mode = ModeClosing
	case c.Touches >= LastTouch:
		c.Mode = ModeLast
	}
	return c
}

// Advice is the next step after a draft.
type Advice struct {
	Text string
	// RememberAt is the advised "remember me" date, tied to the leading
	// reason; Why says what it is tied to.
	RememberAt time.Time
	Why        string
}

// RememberDate picks when to come back to a deal, tied to why it went quiet:
// ahead of a contract end or budget cycle, after an audit or reorg settles,
// or once there is something new to say.
func RememberDate(d Deal, now time.Time) (time.Time, string) {
	// Reminders land on a weekday morning: nobody wants a sales nudge on a
	// Saturday.
	day := func(t time.Time) time.Time {
		t = time.Date(t.Year(), t.Month(), t.Day(), 9, 0, 0, 0, t.Location())
		switch t.Weekday() {
		case time.Saturday:
			t = t.AddDate(0, 0, 2)
		case time.Sunday:
			t = t.AddDate(0, 0, 1)
		}
		return t
	}
	for _, kd := range d.Facts.Dates {
		if kd.When.IsZero() || !kd.When.After(now) {
			continue
		}
		switch kd.Kind {
		case DateContractEnd:
			at := kd.When.AddDate(0, -3, 0)
			if at.Before(now.AddDate(0, 0, 14)) {
				at = now.AddDate(0, 0, 14)
			}
			return day(at), fmt.Sprintf("three months before their contract ends (%s)", kd.When.Format("Jan 2006"))
		case DateBudget:
			at := kd.When.AddDate(0, -1, 0)
			if at.Before(now.AddDate(0, 0, 14)) {
				at = now.AddDate(0, 0, 14)
			}
			return day(at), fmt.Sprintf("a month before their budget cycle (%s)", kd.When.Format("Jan 2006"))
		}
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

// NextStep advises what to do after this draft, guarding the cadence.
func NextStep(d Deal, now time.Time) Advice {
	c := CadenceOf(d, now)
	at, why := RememberDate(d, now)
	switch c.Mode {
	case ModeClosing:
		return Advice{
			Text: fmt.Sprintf("%d messages have gone unanswered, so another chase would only make you the seller they remember for the wrong reason. "+
				"Send this closing note if you want, then stop. I'll remind you %s (%s).", c.Touches, why, at.Format("Mon 2 Jan 2006")),
			RememberAt: at, Why: why,
		}
	case ModeLast:
		return Advice{
			Text: fmt.Sprintf("With %d unanswered touches, this is the last message. If it gets no answer, stop there and come back %s (%s). "+
				"A clear no is worth more than a long maybe.", c.Touches, why, at.Format("Mon 2 Jan 2006")),
			RememberAt: at, Why: why,
		}
	}
	left := LastTouch - c.Touches
	return Advice{
		Text: fmt.Sprintf("Send it once, then give them a week or two. You have room for %d more touch%s before the respectful last message; make each one bring something new.",
			left, plural(left, "", "es")),
		RememberAt: at, Why: why,
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
