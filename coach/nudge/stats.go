package nudge

import (
	"maps"
	"slices"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// DefaultTouchAfter is how long a quiet deal may rest after its last touch
// before it needs one: the coach advises "give them a week or two", so after
// a week it is worth a look.
const DefaultTouchAfter = 7 * 24 * time.Hour

// week is the span "this week" counts over: the seven days before now, which
// for a weekly nudge is exactly the time since the previous one.
const week = 7 * 24 * time.Hour

// Stats summarizes a set of deals (one owner's, or a team's) at one moment.
type Stats struct {
	// Deals is how many deals were summarized.
	Deals int
	// By status; every deal is in exactly one of these.
	Quiet, Revived, ClosedLost, Snoozed int
	// NeedTouch counts deals NeedsTouch reports, including those whose
	// remember-me date came (RemindDue counts those alone).
	NeedTouch, RemindDue int
	// RevivedThisWeek counts deals revived in the seven days before now.
	RevivedThisWeek int
	// MedianDaysToRevive is the median of whole days from a deal's creation
	// to "they replied", over revived deals; meaningless when Revived is 0.
	MedianDaysToRevive float64
	// ByReason and ByStyle are revive rates, listed only for reasons and
	// styles with at least one outcome: ByReason in coach.Reasons order,
	// ByStyle in the draft card's order (styles unknown here last).
	ByReason []ReasonRate
	ByStyle  []StyleRate
}

// Rate is a revive rate: of Outcomes deals whose result is known, Revived
// came back.
type Rate struct {
	Revived, Outcomes int
}

// Percent is the rate rounded to a whole percent, 0 with no outcomes.
func (r Rate) Percent() int {
	if r.Outcomes == 0 {
		return 0
	}
	return (r.Revived*100 + r.Outcomes/2) / r.Outcomes
}

// ReasonRate is the revive rate of deals whose leading reason was Reason.
type ReasonRate struct {
	Reason coach.ReasonID
	Rate
}

// StyleRate is the revive rate by the style of the draft that was sent last.
// coach.StyleDefault ("") is a first draft that was not reworked.
type StyleRate struct {
	Style coach.Style
	Rate
}

// styleOrder lists the styles in the order the draft card shows them.
var styleOrder = []coach.Style{coach.StyleDefault, coach.StyleShorter, coach.StyleWarmer, coach.StyleDirect, coach.StyleRegenerate}

// statusOf reads a deal's status; deals stored before statuses existed (an
// empty value) are quiet, as Start makes every new deal.
func statusOf(d coach.Deal) coach.Status {
	if d.Status == "" {
		return coach.StatusQuiet
	}
	return d.Status
}

// HasReminder reports whether the deal waits on a remember-me date: one is
// set and the deal is still open (quiet or snoozed). A revived or lost deal
// needs no reminder, whatever its RemindAt says.
func HasReminder(d coach.Deal) bool {
	if d.RemindAt.IsZero() {
		return false
	}
	switch statusOf(d) {
	case coach.StatusQuiet, coach.StatusSnoozed:
		return true
	}
	return false
}

// ReminderDue reports whether the deal's remember-me date has come.
func ReminderDue(d coach.Deal, now time.Time) bool {
	return HasReminder(d) && !d.RemindAt.After(now)
}

// lastContact is the last touch, or the creation of the deal when nothing was
// sent through ghosted yet.
func lastContact(d coach.Deal) time.Time {
	last := d.CreatedAt
	if last.IsZero() {
		last = d.UpdatedAt
	}
	if n := len(d.Touches); n > 0 && d.Touches[n-1].At.After(last) {
		last = d.Touches[n-1].At
	}
	return last
}

// NeedsTouch reports whether a deal needs its owner's attention at now:
// either its remember-me date has come, or it is quiet, the last touch (or
// its creation) is more than after ago (DefaultTouchAfter when after <= 0),
// and the cadence still allows a message.
//
// Two quiet deals are deliberately left alone: those past the cadence guard
// (coach.ModeClosing: five unanswered touches, no new chase), and those whose
// owner picked a remember-me date still ahead — nagging before the date the
// owner chose would undo the coaching.
func NeedsTouch(d coach.Deal, now time.Time, after time.Duration) bool {
	if after <= 0 {
		after = DefaultTouchAfter
	}
	if ReminderDue(d, now) {
		return true
	}
	if statusOf(d) != coach.StatusQuiet || !d.RemindAt.IsZero() && d.RemindAt.After(now) {
		return false
	}
	return now.Sub(lastContact(d)) > after && coach.CadenceOf(d, now).Mode != coach.ModeClosing
}

// outcome says whether a deal's result is known yet, and if so whether it
// came back. Revived deals are wins and closed-lost deals losses; a deal whose
// last message has gone unanswered for the whole touch window counts as a
// loss so far (it turns into a win if they reply later). Deals with nothing
// sent, or a message still inside the window, are pending: counting them as
// losses would make every rate look worse the more the team uses ghosted.
func outcome(d coach.Deal, now time.Time, after time.Duration) (known, won bool) {
	switch statusOf(d) {
	case coach.StatusRevived:
		return true, true
	case coach.StatusClosedLost:
		return true, false
	}
	if n := len(d.Touches); n > 0 && now.Sub(d.Touches[n-1].At) > after {
		return true, false
	}
	return false, false
}

// LeadingReason is the reason a deal was coached for: the top of its stored
// diagnosis, which is the diagnosis its drafts were written from.
func LeadingReason(d coach.Deal) coach.ReasonID { return d.Diagnosis.Top().ID }

// SentStyle is the style of the draft that worked (or did not): the last
// draft made before "they replied" for a revived deal, before the last touch
// for the others, else the last draft. ok is false for a deal without drafts.
func SentStyle(d coach.Deal) (style coach.Style, ok bool) {
	if len(d.Drafts) == 0 {
		return "", false
	}
	cut := time.Time{}
	switch {
	case statusOf(d) == coach.StatusRevived && !d.RevivedAt.IsZero():
		cut = d.RevivedAt
	case len(d.Touches) > 0:
		cut = d.Touches[len(d.Touches)-1].At
	}
	style = d.Drafts[len(d.Drafts)-1].Style
	if !cut.IsZero() {
		for i := len(d.Drafts) - 1; i >= 0; i-- {
			if !d.Drafts[i].At.After(cut) {
				return d.Drafts[i].Style, true
			}
		}
	}
	return style, true
}

// DaysToRevive is the whole days from the deal's creation to "they replied",
// as the coach tells the owner when it happens.
func DaysToRevive(d coach.Deal) (int, bool) {
	if statusOf(d) != coach.StatusRevived || d.RevivedAt.IsZero() {
		return 0, false
	}
	return int(d.RevivedAt.Sub(d.CreatedAt).Hours() / 24), true
}

// Summarize computes the Stats of deals at now; touchAfter is NeedsTouch's
// window (DefaultTouchAfter when <= 0), also the window after which an
// unanswered message counts as an outcome. Pass one owner's deals for their
// App Home, a team's for the channel nudge.
func Summarize(deals []coach.Deal, now time.Time, touchAfter time.Duration) Stats {
	if touchAfter <= 0 {
		touchAfter = DefaultTouchAfter
	}
	st := Stats{Deals: len(deals)}
	reasons := make(map[coach.ReasonID]*Rate)
	styles := make(map[coach.Style]*Rate)
	var days []int
	for _, d := range deals {
		switch statusOf(d) {
		case coach.StatusRevived:
			st.Revived++
			if at := d.RevivedAt; !at.IsZero() && at.After(now.Add(-week)) && !at.After(now) {
				st.RevivedThisWeek++
			}
			if n, ok := DaysToRevive(d); ok {
				days = append(days, n)
			}
		case coach.StatusClosedLost:
			st.ClosedLost++
		case coach.StatusSnoozed:
			st.Snoozed++
		default:
			st.Quiet++
		}
		if NeedsTouch(d, now, touchAfter) {
			st.NeedTouch++
		}
		if ReminderDue(d, now) {
			st.RemindDue++
		}
		known, won := outcome(d, now, touchAfter)
		if !known {
			continue
		}
		tally(reasons, LeadingReason(d), won)
		if s, ok := SentStyle(d); ok {
			tally(styles, s, won)
		}
	}
	st.MedianDaysToRevive = median(days)
	for _, r := range coach.Reasons {
		if rate, ok := reasons[r.ID]; ok {
			st.ByReason = append(st.ByReason, ReasonRate{Reason: r.ID, Rate: *rate})
		}
	}
	for _, s := range styleOrder {
		if rate, ok := styles[s]; ok {
			st.ByStyle = append(st.ByStyle, StyleRate{Style: s, Rate: *rate})
			delete(styles, s)
		}
	}
	// Styles this package does not know (added to coach later) still count,
	// after the known ones, in a stable order.
	for _, s := range slices.Sorted(maps.Keys(styles)) {
		st.ByStyle = append(st.ByStyle, StyleRate{Style: s, Rate: *styles[s]})
	}
	return st
}

func tally[K comparable](m map[K]*Rate, k K, won bool) {
	r := m[k]
	if r == nil {
		r = &Rate{}
		m[k] = r
	}
	r.Outcomes++
	if won {
		r.Revived++
	}
}

func median(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	mid := len(xs) / 2
	if len(xs)%2 == 1 {
		return float64(xs[mid])
	}
	return float64(xs[mid-1]+xs[mid]) / 2
}
