package nudge

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseSchedule(t *testing.T) {
	type sched struct {
		day       time.Weekday
		hour, min int
		tz        string
	}
	for _, tc := range []struct {
		text, userTZ string
		want         sched
	}{
		{"", "Europe/Berlin", sched{time.Monday, 9, 0, "Europe/Berlin"}},
		{"  ", "", sched{time.Monday, 9, 0, "UTC"}},
		{"", "Not/AZone", sched{time.Monday, 9, 0, "UTC"}},
		{"", "Local", sched{time.Monday, 9, 0, "UTC"}},
		{"monday 9:00", "America/New_York", sched{time.Monday, 9, 0, "America/New_York"}},
		{"tue 14:30", "Asia/Kolkata", sched{time.Tuesday, 14, 30, "Asia/Kolkata"}},
		{"friday 8am Europe/Berlin", "America/New_York", sched{time.Friday, 8, 0, "Europe/Berlin"}},
		{"every Wednesday at 4:15 pm", "UTC", sched{time.Wednesday, 16, 15, "UTC"}},
		{"THU 7", "UTC", sched{time.Thursday, 7, 0, "UTC"}},
		{"sunday noon utc", "Europe/Berlin", sched{time.Sunday, 12, 0, "UTC"}},
		{"mo 12am", "UTC", sched{time.Monday, 0, 0, "UTC"}},
		{"12pm fr", "UTC", sched{time.Friday, 12, 0, "UTC"}},
		{"europe/berlin", "UTC", sched{time.Monday, 9, 0, "Europe/Berlin"}},
		{"Mondays, 09:30, america/new_york", "UTC", sched{time.Monday, 9, 30, "America/New_York"}},
		{"9.45", "UTC", sched{time.Monday, 9, 45, "UTC"}},
		{"9h30 thurs", "UTC", sched{time.Thursday, 9, 30, "UTC"}},
		{"sat 11:59pm Australia/Lord_Howe", "UTC", sched{time.Saturday, 23, 59, "Australia/Lord_Howe"}},
		{"10 p.m. tue", "UTC", sched{time.Tuesday, 22, 0, "UTC"}},
	} {
		t.Run(tc.text, func(t *testing.T) {
			got, err := ParseSchedule(tc.text, tc.userTZ)
			if err != nil {
				t.Fatal(err)
			}
			if g := (sched{got.Weekday, got.Hour, got.Minute, got.TZ}); g != tc.want {
				t.Errorf("ParseSchedule(%q, %q) = %+v, want %+v", tc.text, tc.userTZ, g, tc.want)
			}
			if got.Team != "" || got.Channel != "" || !got.CreatedAt.IsZero() {
				t.Errorf("ParseSchedule filled fields the caller owns: %+v", got)
			}
		})
	}
}

func TestParseScheduleErrors(t *testing.T) {
	for _, tc := range []struct{ text, mention string }{
		{"monday tuesday", `"tuesday"`},
		{"9:00 10:00", `"10:00"`},
		{"25:00", "23"},
		{"13pm", "1 to 12"},
		{"0am", "1 to 12"},
		{"9:75", "59"},
		{"friday 8am EST", "IANA"},
		{"Mars/Olympus", `"Mars/Olympus"`},
		{"Europe/Berlin America/New_York", "two time zones"},
		{"soon", `"soon"`},
		{"m 9", `"m"`},
		{"t 9", `"t"`},
		{strings.Repeat("monday ", 40), "too long"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			_, err := ParseSchedule(tc.text, "UTC")
			if !errors.Is(err, ErrSchedule) {
				t.Fatalf("error = %v, want ErrSchedule", err)
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("error %q should mention %s", err, tc.mention)
			}
		})
	}
}

func TestDescribeAndFormat(t *testing.T) {
	sub := Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "Europe/Berlin"}
	if got, want := sub.Describe(), "Mondays at 09:00 (Europe/Berlin)"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	next := NextRun(sub, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))
	if got, want := FormatRun(next), "Mon 30 Nov 09:00 CET"; got != want {
		t.Errorf("FormatRun(NextRun) = %q, want %q", got, want)
	}
	ist := Subscription{Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "Asia/Kolkata"}
	if got, want := FormatRun(NextRun(ist, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC))), "Mon 30 Nov 09:00 IST"; got != want {
		t.Errorf("FormatRun in Kolkata = %q, want %q", got, want)
	}
}

func TestDue(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	sub := Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "Europe/Berlin"}
	at := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, berlin) }
	const week = "C1:2026-W49"
	for _, tc := range []struct {
		name    string
		sub     Subscription
		now     time.Time
		last    string
		wantKey string
		want    bool
	}{
		{"a minute early", sub, at(2026, 11, 30, 8, 59), "", week, false},
		{"on time", sub, at(2026, 11, 30, 9, 0), "", week, true},
		{"already posted", sub, at(2026, 11, 30, 9, 1), week, week, false},
		{"last week's key is not this week's", sub, at(2026, 11, 30, 9, 1), "C1:2026-W48", week, true},
		{"catch-up the same day", sub, at(2026, 11, 30, 15, 0), "", week, true},
		{"catch-up at 23:59", sub, at(2026, 11, 30, 23, 59), "", week, true},
		{"missed: next day", sub, at(2026, 12, 1, 0, 0), "", "C1:2026-W49", false},
		{"missed: Sunday before", sub, at(2026, 11, 29, 10, 0), "", "C1:2026-W48", false},
		// 08:30 UTC is 09:30 in Berlin but 08:30 in UTC: the zone decides.
		{"instant given in UTC", sub, time.Date(2026, 11, 30, 8, 30, 0, 0, time.UTC), "", week, true},
		{"subscribed after today's time waits a week",
			withCreated(sub, at(2026, 11, 30, 10, 0)), at(2026, 11, 30, 10, 1), "", week, false},
		{"subscribed before today's time posts today",
			withCreated(sub, at(2026, 11, 30, 8, 0)), at(2026, 11, 30, 9, 0), "", week, true},
		{"subscribed last week",
			withCreated(sub, at(2026, 11, 23, 10, 0)), at(2026, 11, 30, 9, 0), "", week, true},
		// ISO weeks in the subscription's zone: Sunday 27 Dec 22:00 UTC is
		// already Monday 28 Dec in Kolkata, week 53 of 2026.
		{"ISO week in the zone",
			Subscription{Channel: "C9", Weekday: time.Monday, Hour: 3, TZ: "Asia/Kolkata"},
			time.Date(2026, 12, 27, 22, 0, 0, 0, time.UTC), "", "C9:2026-W53", true},
		{"1 Jan belongs to last year's week 53",
			Subscription{Channel: "C9", Weekday: time.Friday, Hour: 9, TZ: "Europe/Berlin"},
			at(2027, 1, 1, 9, 0), "", "C9:2026-W53", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, due := Due(tc.sub, tc.now, tc.last)
			if key != tc.wantKey || due != tc.want {
				t.Errorf("Due(%s) = %q, %v; want %q, %v", tc.now, key, due, tc.wantKey, tc.want)
			}
			if rk := RunKey(tc.sub, tc.now); rk != key {
				t.Errorf("RunKey = %q, Due's key = %q", rk, key)
			}
		})
	}
}

func withCreated(s Subscription, at time.Time) Subscription {
	s.CreatedAt = at
	return s
}

// TestScheduleSweep drives the schedule minute by minute across daylight
// saving changes and odd offsets, as a runner would: every minute it asks
// Due, and "posts" (records the run key) when told to. Each week must post
// exactly once, at the wall-clock time asked for (or the first minute after
// it when the clock skips it), and NextRun must have predicted that instant.
func TestScheduleSweep(t *testing.T) {
	for _, tc := range []struct {
		name string
		sub  Subscription
		// from is a Monday 00:00 local; the sweep covers three weeks.
		from string
		// want are the local wall times of the three posts.
		want [3]string
	}{
		{"Berlin 09:00 across spring forward",
			Subscription{Weekday: time.Sunday, Hour: 9, TZ: "Europe/Berlin"}, "2027-03-15",
			[3]string{"2027-03-21 09:00 CET", "2027-03-28 09:00 CEST", "2027-04-04 09:00 CEST"}},
		{"Berlin 02:30 skipped by spring forward",
			Subscription{Weekday: time.Sunday, Hour: 2, Minute: 30, TZ: "Europe/Berlin"}, "2027-03-15",
			[3]string{"2027-03-21 02:30 CET", "2027-03-28 03:00 CEST", "2027-04-04 02:30 CEST"}},
		{"Berlin Monday 09:00 after fall back",
			Subscription{Weekday: time.Monday, Hour: 9, TZ: "Europe/Berlin"}, "2026-10-19",
			[3]string{"2026-10-19 09:00 CEST", "2026-10-26 09:00 CET", "2026-11-02 09:00 CET"}},
		{"Berlin 02:30 repeated by fall back",
			Subscription{Weekday: time.Sunday, Hour: 2, Minute: 30, TZ: "Europe/Berlin"}, "2026-10-19",
			[3]string{"2026-10-25 02:30 CEST", "2026-11-01 02:30 CET", "2026-11-08 02:30 CET"}},
		{"New York 02:30 skipped",
			Subscription{Weekday: time.Sunday, Hour: 2, Minute: 30, TZ: "America/New_York"}, "2026-03-02",
			[3]string{"2026-03-08 03:00 EDT", "2026-03-15 02:30 EDT", "2026-03-22 02:30 EDT"}},
		{"New York 01:30 repeated",
			Subscription{Weekday: time.Sunday, Hour: 1, Minute: 30, TZ: "America/New_York"}, "2026-10-26",
			[3]string{"2026-11-01 01:30 EDT", "2026-11-08 01:30 EST", "2026-11-15 01:30 EST"}},
		{"New York Monday 09:00",
			Subscription{Weekday: time.Monday, Hour: 9, TZ: "America/New_York"}, "2026-10-26",
			[3]string{"2026-10-26 09:00 EDT", "2026-11-02 09:00 EST", "2026-11-09 09:00 EST"}},
		{"Lord Howe 02:15 skipped by a half-hour change",
			Subscription{Weekday: time.Sunday, Hour: 2, Minute: 15, TZ: "Australia/Lord_Howe"}, "2026-09-28",
			[3]string{"2026-10-04 02:30 +11", "2026-10-11 02:15 +11", "2026-10-18 02:15 +11"}},
		{"Lord Howe 01:45 repeated by a half-hour change",
			Subscription{Weekday: time.Sunday, Hour: 1, Minute: 45, TZ: "Australia/Lord_Howe"}, "2026-03-30",
			[3]string{"2026-04-05 01:45 +11", "2026-04-12 01:45 +1030", "2026-04-19 01:45 +1030"}},
		{"Kolkata 09:00",
			Subscription{Weekday: time.Monday, Hour: 9, TZ: "Asia/Kolkata"}, "2026-11-23",
			[3]string{"2026-11-23 09:00 IST", "2026-11-30 09:00 IST", "2026-12-07 09:00 IST"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub := tc.sub
			sub.Team, sub.Channel = "T1", "C1"
			loc := mustZone(t, sub.TZ)
			day, err := time.ParseInLocation("2006-01-02", tc.from, loc)
			if err != nil {
				t.Fatal(err)
			}
			start := day
			predicted := NextRun(sub, start.Add(-time.Nanosecond))
			var posts []string
			last := ""
			for now := start; now.Before(day.AddDate(0, 0, 21)); now = now.Add(time.Minute) {
				key, due := Due(sub, now, last)
				if !due {
					continue
				}
				if !now.Equal(predicted) {
					t.Errorf("posted at %s, NextRun predicted %s", now.In(loc), predicted)
				}
				posts = append(posts, now.In(loc).Format("2006-01-02 15:04 MST"))
				last = key
				predicted = NextRun(sub, now)
			}
			if fmt.Sprint(posts) != fmt.Sprint(tc.want[:]) {
				t.Errorf("posts = %q\nwant    %q", posts, tc.want)
			}
		})
	}
}

func TestNextRun(t *testing.T) {
	sub := Subscription{Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "Europe/Berlin"}
	berlin := mustZone(t, "Europe/Berlin")
	for _, tc := range []struct {
		after time.Time
		want  string
	}{
		{time.Date(2026, 11, 30, 8, 59, 0, 0, berlin), "2026-11-30 09:00 CET"},
		// Strictly after: at the run itself, the next is a week on.
		{time.Date(2026, 11, 30, 9, 0, 0, 0, berlin), "2026-12-07 09:00 CET"},
		{time.Date(2026, 12, 1, 9, 0, 0, 0, berlin), "2026-12-07 09:00 CET"},
		{time.Date(2026, 12, 6, 23, 0, 0, 0, time.UTC), "2026-12-07 09:00 CET"},
	} {
		if got := NextRun(sub, tc.after).Format("2006-01-02 15:04 MST"); got != tc.want {
			t.Errorf("NextRun(%s) = %s, want %s", tc.after, got, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	good := Subscription{Team: "T1", Channel: "C1", Weekday: time.Monday, Hour: 9, TZ: "Europe/Berlin"}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mod := range map[string]func(*Subscription){
		"team":    func(s *Subscription) { s.Team = "" },
		"channel": func(s *Subscription) { s.Channel = "" },
		"weekday": func(s *Subscription) { s.Weekday = 7 },
		"hour":    func(s *Subscription) { s.Hour = -1 },
		"minute":  func(s *Subscription) { s.Minute = 60 },
		"zone":    func(s *Subscription) { s.TZ = "Local" },
		"no zone": func(s *Subscription) { s.TZ = "" },
	} {
		s := good
		mod(&s)
		if err := s.Validate(); !errors.Is(err, ErrSchedule) {
			t.Errorf("bad %s: Validate = %v, want ErrSchedule", name, err)
		}
	}
	// A zone that cannot be loaded any more still schedules, in UTC.
	bad := good
	bad.TZ = "Gone/Zone"
	if bad.Location() != time.UTC {
		t.Errorf("Location of an unknown zone = %v, want UTC", bad.Location())
	}
}

// FuzzParseSchedule: whatever is typed, ParseSchedule answers with a schedule
// that validates or an ErrSchedule, never a panic.
func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"", "monday 9:00", "tue 14:30", "friday 8am Europe/Berlin", "every wed at 4:15 pm",
		"12 pm", "9h30", "mo\u00a09", "europe/berlin utc", "25:99", "<!channel>", "\x00\xff"} {
		f.Add(s, "America/New_York")
	}
	f.Fuzz(func(t *testing.T, text, userTZ string) {
		sub, err := ParseSchedule(text, userTZ)
		if err != nil {
			if !errors.Is(err, ErrSchedule) {
				t.Fatalf("ParseSchedule(%q) error %v does not wrap ErrSchedule", text, err)
			}
			return
		}
		sub.Team, sub.Channel = "T1", "C1"
		if err := sub.Validate(); err != nil {
			t.Fatalf("ParseSchedule(%q, %q) = %+v, which does not validate: %v", text, userTZ, sub, err)
		}
	})
}
