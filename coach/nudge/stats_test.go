package nudge

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// now is the fixed clock of the pure tests: Monday 30 Nov 2026, 09:00 in
// Berlin, a nudge morning.
var now = time.Date(2026, 11, 30, 9, 0, 0, 0, time.FixedZone("CET", 3600))

const day = 24 * time.Hour

func ago(d time.Duration) time.Time { return now.Add(-d) }

func diag(r coach.ReasonID) coach.Diagnosis {
	return coach.Diagnosis{Reasons: []coach.Score{{ID: r, Score: 0.8}, {ID: coach.Value, Score: 0.1}}}
}

func touches(at ...time.Time) []coach.Touch {
	var ts []coach.Touch
	for _, a := range at {
		ts = append(ts, coach.Touch{At: a, Mode: coach.ModeReengage})
	}
	return ts
}

func drafts(ds ...coach.Draft) []coach.Draft { return ds }

func draft(style coach.Style, at time.Time) coach.Draft {
	return coach.Draft{Text: "Hi…", Style: style, Mode: coach.ModeReengage, At: at}
}

// fixture is a team's worth of deals in every state Summarize tells apart.
func fixture() []coach.Deal {
	d := func(id string, st coach.Status, r coach.ReasonID, created time.Time) coach.Deal {
		return coach.Deal{ID: id, Team: "T1", Owner: "U1", Status: st, Diagnosis: diag(r), CreatedAt: created, UpdatedAt: created}
	}
	q1 := d("q1-fresh-needs-touch", coach.StatusQuiet, coach.Timing, ago(10*day))
	q2 := d("q2-too-new", coach.StatusQuiet, coach.Timing, ago(3*day))
	q3 := d("q3-unanswered", coach.StatusQuiet, coach.Value, ago(20*day))
	q3.Touches = touches(ago(12*day), ago(8*day))
	q3.Drafts = drafts(draft(coach.StyleDefault, ago(9*day)), draft(coach.StyleWarmer, ago(8*day+time.Hour)), draft(coach.StyleDirect, ago(2*day)))
	q4 := d("q4-closing", coach.StatusQuiet, coach.Interest, ago(30*day))
	q4.Facts.FollowUps = coach.StopTouches
	q5 := d("q5-date-ahead", coach.StatusQuiet, coach.Tactics, ago(20*day))
	q5.RemindAt = now.Add(10 * day)
	q6 := d("q6-just-sent", coach.StatusQuiet, coach.Priorities, ago(20*day))
	q6.Touches = touches(ago(2 * day))
	legacy := d("legacy-no-status", "", coach.Value, ago(1*day))
	s1 := d("s1-remind-due", coach.StatusSnoozed, coach.StatusQuo, ago(40*day))
	s1.Touches = touches(ago(10 * day))
	s1.Drafts = drafts(draft(coach.StyleDefault, ago(11*day)))
	s1.RemindAt = ago(time.Hour)
	s2 := d("s2-remind-ahead", coach.StatusSnoozed, coach.Timing, ago(40*day))
	s2.RemindAt = now.Add(time.Hour)
	r1 := d("r1-this-week", coach.StatusRevived, coach.Timing, ago(12*day))
	r1.RevivedAt = ago(2 * day)
	r1.Drafts = drafts(draft(coach.StyleDefault, ago(11*day)), draft(coach.StyleShorter, ago(5*day)), draft(coach.StyleDirect, ago(1*day)))
	r2 := d("r2-older", coach.StatusRevived, coach.Timing, ago(24*day))
	r2.RevivedAt = ago(20 * day)
	r3 := d("r3-week-boundary", coach.StatusRevived, coach.Insights, ago(10*day))
	r3.RevivedAt = ago(7 * day)
	r3.Drafts = drafts(draft(coach.StyleRegenerate, ago(8*day)))
	l1 := d("l1-lost", coach.StatusClosedLost, coach.Timing, ago(50*day))
	l1.Drafts = drafts(draft(coach.StyleDefault, ago(49*day)))
	l1.RemindAt = ago(day) // a lost deal's date is never due
	return []coach.Deal{q1, q2, q3, q4, q5, q6, legacy, s1, s2, r1, r2, r3, l1}
}

func TestSummarize(t *testing.T) {
	got := Summarize(fixture(), now, 0)
	want := Stats{
		Deals: 13,
		Quiet: 7, Revived: 3, ClosedLost: 1, Snoozed: 2,
		NeedTouch: 3, RemindDue: 1,
		RevivedThisWeek:    1,
		MedianDaysToRevive: 4, // 10, 4, 3
		ByReason: []ReasonRate{
			{coach.Value, Rate{0, 1}},
			{coach.Insights, Rate{1, 1}},
			{coach.Timing, Rate{2, 3}},
			{coach.StatusQuo, Rate{0, 1}},
		},
		ByStyle: []StyleRate{
			{coach.StyleDefault, Rate{0, 2}},
			{coach.StyleShorter, Rate{1, 1}},
			{coach.StyleWarmer, Rate{0, 1}},
			{coach.StyleRegenerate, Rate{1, 1}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Summarize =\n%+v\nwant\n%+v", got, want)
	}
	if p := (Rate{2, 3}).Percent(); p != 67 {
		t.Errorf("Percent(2/3) = %d, want 67", p)
	}
	if p := (Rate{}).Percent(); p != 0 {
		t.Errorf("Percent with no outcomes = %d, want 0", p)
	}
	if got := Summarize(nil, now, 0); !reflect.DeepEqual(got, Stats{}) {
		t.Errorf("Summarize(nil) = %+v, want zero", got)
	}
	// A longer window: q1 and q3 no longer need a touch, and q3's message is
	// not an outcome yet.
	wide := Summarize(fixture(), now, 14*day)
	if wide.NeedTouch != 1 || wide.ByReason[0].Reason != coach.Insights {
		t.Errorf("with a 14-day window: NeedTouch %d, ByReason %+v", wide.NeedTouch, wide.ByReason)
	}
}

func TestMedianEven(t *testing.T) {
	if m := median([]int{9, 1, 4, 2}); m != 3 {
		t.Errorf("median = %v, want 3", m)
	}
}

func TestNeedsTouch(t *testing.T) {
	base := coach.Deal{ID: "d", Team: "T1", Owner: "U1", Status: coach.StatusQuiet, CreatedAt: ago(30 * day)}
	with := func(f func(*coach.Deal)) coach.Deal {
		d := base
		f(&d)
		return d
	}
	for _, tc := range []struct {
		name  string
		d     coach.Deal
		after time.Duration
		want  bool
	}{
		{"old quiet deal", base, 0, true},
		{"exactly seven days is not more than seven", with(func(d *coach.Deal) { d.CreatedAt = ago(7 * day) }), 0, false},
		{"a minute past seven days", with(func(d *coach.Deal) { d.CreatedAt = ago(7*day + time.Minute) }), 0, true},
		{"last touch is what counts", with(func(d *coach.Deal) { d.Touches = touches(ago(3 * day)) }), 0, false},
		{"custom window", with(func(d *coach.Deal) { d.Touches = touches(ago(3 * day)) }), 2 * day, true},
		{"last message still allowed", with(func(d *coach.Deal) { d.Facts.FollowUps = coach.LastTouch }), 0, true},
		{"cadence says stop", with(func(d *coach.Deal) { d.Facts.FollowUps = 3; d.Touches = touches(ago(20*day), ago(10*day)) }), 0, false},
		{"owner's date ahead", with(func(d *coach.Deal) { d.RemindAt = now.Add(day) }), 0, false},
		{"owner's date came", with(func(d *coach.Deal) { d.RemindAt = now }), 0, true},
		{"snoozed, date came", with(func(d *coach.Deal) { d.Status = coach.StatusSnoozed; d.RemindAt = ago(day) }), 0, true},
		{"snoozed, past cadence, date came", with(func(d *coach.Deal) {
			d.Status, d.RemindAt, d.Facts.FollowUps = coach.StatusSnoozed, ago(day), 9
		}), 0, true},
		{"snoozed, date ahead", with(func(d *coach.Deal) { d.Status = coach.StatusSnoozed; d.RemindAt = now.Add(day) }), 0, false},
		{"revived", with(func(d *coach.Deal) { d.Status = coach.StatusRevived; d.RemindAt = ago(day) }), 0, false},
		{"closed lost", with(func(d *coach.Deal) { d.Status = coach.StatusClosedLost; d.RemindAt = ago(day) }), 0, false},
		{"no CreatedAt: UpdatedAt stands in", with(func(d *coach.Deal) { d.CreatedAt = time.Time{}; d.UpdatedAt = ago(day) }), 0, false},
	} {
		if got := NeedsTouch(tc.d, now, tc.after); got != tc.want {
			t.Errorf("%s: NeedsTouch = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSentStyle(t *testing.T) {
	for _, tc := range []struct {
		name   string
		d      coach.Deal
		want   coach.Style
		wantOK bool
	}{
		{"no drafts", coach.Deal{}, "", false},
		{"last draft when nothing was sent", coach.Deal{Drafts: drafts(draft(coach.StyleDefault, ago(3*day)), draft(coach.StyleWarmer, ago(2*day)))}, coach.StyleWarmer, true},
		{"the draft before the last touch", coach.Deal{
			Drafts:  drafts(draft(coach.StyleShorter, ago(3*day)), draft(coach.StyleWarmer, ago(1*day))),
			Touches: touches(ago(2 * day)),
		}, coach.StyleShorter, true},
		{"the draft before they replied", coach.Deal{
			Status: coach.StatusRevived, RevivedAt: ago(2 * day),
			Drafts:  drafts(draft(coach.StyleDirect, ago(4*day)), draft(coach.StyleWarmer, ago(1*day))),
			Touches: touches(ago(1 * day)),
		}, coach.StyleDirect, true},
		{"every draft after the cut: the last", coach.Deal{
			Drafts: drafts(draft(coach.StyleDirect, ago(1*day))), Touches: touches(ago(2 * day)),
		}, coach.StyleDirect, true},
	} {
		got, ok := SentStyle(tc.d)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: SentStyle = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestDaysSilent(t *testing.T) {
	d := coach.Deal{CreatedAt: ago(10 * day), Facts: coach.Facts{DaysSilent: 21}}
	if got := DaysSilent(d, now); got != 31 {
		t.Errorf("DaysSilent before any touch = %d, want 21 told + 10 since", got)
	}
	d.Touches = touches(ago(3*day + time.Hour))
	if got := DaysSilent(d, now); got != 3 {
		t.Errorf("DaysSilent after a touch = %d, want 3", got)
	}
}

func TestDueRemindersPure(t *testing.T) {
	mk := func(team, owner, id string, st coach.Status, at time.Time) coach.Deal {
		return coach.Deal{ID: id, Team: team, Owner: owner, Status: st, RemindAt: at}
	}
	deals := []coach.Deal{
		mk("T2", "U1", "late", coach.StatusSnoozed, ago(time.Hour)),
		mk("T1", "U2", "b", coach.StatusQuiet, ago(2*day)),
		mk("T1", "U1", "a", coach.StatusSnoozed, ago(2*day)),
		mk("T1", "U1", "ahead", coach.StatusSnoozed, now.Add(time.Minute)),
		mk("T1", "U1", "now", coach.StatusSnoozed, now),
		mk("T1", "U1", "won", coach.StatusRevived, ago(day)),
		mk("T1", "U1", "lost", coach.StatusClosedLost, ago(day)),
		mk("T1", "U1", "unset", coach.StatusQuiet, time.Time{}),
	}
	var got []string
	for _, d := range DueReminders(deals, now) {
		got = append(got, d.ID)
	}
	if want := []string{"a", "b", "late", "now"}; !slices.Equal(got, want) {
		t.Errorf("DueReminders = %v, want %v", got, want)
	}
}
