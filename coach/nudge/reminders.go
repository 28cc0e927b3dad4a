package nudge

import (
	"cmp"
	"slices"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// DealRef names one deal without its content, as the reminder index holds
// it. At is the remember-me date the reference was indexed for; claiming a
// reminder (MarkReminded) checks it, so a date the owner moved since the
// index was read is not claimed by mistake.
type DealRef struct {
	coach.DealKey
	At time.Time
}

// DueReminders returns the deals whose remember-me date has come at now,
// earliest first (ties by team, owner, id). It is the pure rule behind the
// store's reminder index, for callers that already hold the deals.
func DueReminders(deals []coach.Deal, now time.Time) []coach.Deal {
	var due []coach.Deal
	for _, d := range deals {
		if ReminderDue(d, now) {
			due = append(due, d)
		}
	}
	slices.SortFunc(due, func(a, b coach.Deal) int {
		return cmp.Or(a.RemindAt.Compare(b.RemindAt),
			cmp.Compare(a.Team, b.Team), cmp.Compare(a.Owner, b.Owner), cmp.Compare(a.ID, b.ID))
	})
	return due
}
