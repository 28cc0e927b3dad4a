package nudge

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	// Subscriptions name IANA zones. Minimal containers (distroless, scratch)
	// have no /usr/share/zoneinfo, and a bot that cannot load "Europe/Berlin"
	// would post at the wrong hour or not at all; the embedded copy (~450 KB)
	// makes LoadLocation work everywhere.
	_ "time/tzdata"
)

// Subscription is a channel's weekly nudge: which team and channel, and when,
// as a wall-clock time in an IANA time zone. The nudge follows the wall clock
// across daylight-saving changes: 09:00 stays 09:00 local.
type Subscription struct {
	Team    string
	Channel string
	Weekday time.Weekday
	Hour    int
	Minute  int
	// TZ is an IANA zone name such as "Europe/Berlin".
	TZ        string
	CreatedBy string
	CreatedAt time.Time
}

// The default schedule when "/ghosted nudge here" has no text: the start of
// the working week, when a list of deals to care for is most useful.
const (
	DefaultWeekday = time.Monday
	DefaultHour    = 9
	DefaultMinute  = 0
)

// maxScheduleText bounds the text ParseSchedule reads; a schedule is a few
// words, anything longer is a mistake and is refused rather than scanned.
const maxScheduleText = 200

// ErrSchedule marks a schedule text or field that cannot be used. The message
// after it is written for the user who typed the command.
var ErrSchedule = errors.New("invalid nudge schedule")

// ParseSchedule reads the text after "/ghosted nudge here": a weekday, a time
// and an optional IANA zone, in any order ("monday 9:00", "tue 14:30",
// "friday 8am Europe/Berlin", "every wednesday at 4:15pm"). Missing parts
// take the defaults: Monday, 09:00, and userTZ, the invoker's Slack time zone
// (or UTC when that is empty or unknown).
//
// It returns a Subscription with only the schedule fields (Weekday, Hour,
// Minute, TZ) set; the caller fills in Team, Channel, CreatedBy and
// CreatedAt. Errors wrap ErrSchedule and say what was not understood.
func ParseSchedule(text, userTZ string) (Subscription, error) {
	sub := Subscription{Weekday: DefaultWeekday, Hour: DefaultHour, Minute: DefaultMinute, TZ: "UTC"}
	if _, name, err := loadZone(strings.TrimSpace(userTZ)); err == nil && userTZ != "" {
		sub.TZ = name
	}
	if len(text) > maxScheduleText {
		return Subscription{}, fmt.Errorf("%w: that is too long for a schedule; try \"monday 9:00\"", ErrSchedule)
	}
	// Any space separates words: Slack clients send no-break spaces too.
	toks := strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
	var gotDay, gotTime, gotZone bool
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		low := strings.ToLower(tok)
		if fillers[low] {
			continue
		}
		// "9 am", "4:15 pm": the meridiem as a word of its own.
		if i+1 < len(toks) && meridiem(strings.ToLower(toks[i+1])) != "" && clockRe.MatchString(low) {
			low += meridiem(strings.ToLower(toks[i+1]))
			tok += " " + toks[i+1]
			i++
		}
		if wd, ok := parseWeekday(low); ok {
			if gotDay {
				return Subscription{}, fmt.Errorf("%w: two days (%q and another); a channel gets one nudge a week", ErrSchedule, tok)
			}
			sub.Weekday, gotDay = wd, true
			continue
		}
		if h, m, ok, err := parseClock(low); ok || err != nil {
			if err != nil {
				return Subscription{}, fmt.Errorf("%w: %q: %s", ErrSchedule, tok, err)
			}
			if gotTime {
				return Subscription{}, fmt.Errorf("%w: two times (%q and another); give one, like 9:00", ErrSchedule, tok)
			}
			sub.Hour, sub.Minute, gotTime = h, m, true
			continue
		}
		if strings.Contains(tok, "/") || strings.EqualFold(tok, "UTC") || strings.EqualFold(tok, "GMT") {
			_, name, err := loadZone(tok)
			if err != nil {
				return Subscription{}, fmt.Errorf("%w: %q is not a time zone I know; use an IANA name such as Europe/Berlin or America/New_York", ErrSchedule, tok)
			}
			if gotZone {
				return Subscription{}, fmt.Errorf("%w: two time zones (%q and another)", ErrSchedule, tok)
			}
			sub.TZ, gotZone = name, true
			continue
		}
		return Subscription{}, fmt.Errorf("%w: I didn't understand %q. Try \"monday 9:00\", \"tue 14:30\" or \"friday 8am Europe/Berlin\" (a time zone by its IANA name: abbreviations like EST are ambiguous)", ErrSchedule, tok)
	}
	return sub, nil
}

// fillers are words people naturally put in a schedule that carry nothing.
var fillers = map[string]bool{"every": true, "each": true, "on": true, "at": true, "in": true, "weekly": true, "tz": true}

var dayNames = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// parseWeekday accepts a day name, its plural ("mondays") or any prefix of
// two letters or more that names one day ("mo", "tue", "thurs").
func parseWeekday(s string) (time.Weekday, bool) {
	if len(s) < 2 {
		return 0, false
	}
	s = strings.TrimSuffix(s, ".")
	found := -1
	for i, name := range dayNames {
		if s == name+"s" || strings.HasPrefix(name, s) {
			if found >= 0 {
				return 0, false
			}
			found = i
		}
	}
	return time.Weekday(found), found >= 0
}

func meridiem(s string) string {
	switch s {
	case "am", "a.m.", "a.m":
		return "am"
	case "pm", "p.m.", "p.m":
		return "pm"
	}
	return ""
}

// clockRe matches 9, 09:30, 9.30, 9h30, 9h, each with an optional am/pm.
var clockRe = regexp.MustCompile(`^(\d{1,2})(?:[:.h](\d{2})?)?(am|pm|a\.m\.?|p\.m\.?)?$`)

// parseClock reads a time of day. ok is false when s does not look like a
// time at all; err is set when it does but is impossible ("25:00", "13pm").
func parseClock(s string) (hour, minute int, ok bool, err error) {
	switch s {
	case "noon", "midday":
		return 12, 0, true, nil
	case "midnight":
		return 0, 0, true, nil
	}
	m := clockRe.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false, nil
	}
	hour, _ = strconv.Atoi(m[1])
	if m[2] != "" {
		minute, _ = strconv.Atoi(m[2])
	}
	if minute > 59 {
		return 0, 0, false, fmt.Errorf("minutes go up to 59")
	}
	switch meridiem(m[3]) {
	case "":
		if hour > 23 {
			return 0, 0, false, fmt.Errorf("hours go up to 23 (or use am/pm)")
		}
	case "am", "pm":
		if hour < 1 || hour > 12 {
			return 0, 0, false, fmt.Errorf("with am/pm the hour is 1 to 12")
		}
		hour %= 12
		if meridiem(m[3]) == "pm" {
			hour += 12
		}
	}
	return hour, minute, true, nil
}

// Validate reports whether the subscription can be scheduled and stored.
func (s Subscription) Validate() error {
	switch {
	case s.Team == "":
		return fmt.Errorf("%w: no team", ErrSchedule)
	case s.Channel == "":
		return fmt.Errorf("%w: no channel", ErrSchedule)
	case s.Weekday < time.Sunday || s.Weekday > time.Saturday:
		return fmt.Errorf("%w: weekday %d", ErrSchedule, s.Weekday)
	case s.Hour < 0 || s.Hour > 23 || s.Minute < 0 || s.Minute > 59:
		return fmt.Errorf("%w: time %02d:%02d", ErrSchedule, s.Hour, s.Minute)
	}
	if _, _, err := loadZone(s.TZ); err != nil {
		return fmt.Errorf("%w: time zone %q: %v", ErrSchedule, s.TZ, err)
	}
	return nil
}

// Describe says when the nudge posts, for a confirmation message:
// "Mondays at 09:00 (Europe/Berlin)".
func (s Subscription) Describe() string {
	day := "Day " + strconv.Itoa(int(s.Weekday))
	if s.Weekday >= time.Sunday && s.Weekday <= time.Saturday {
		day = s.Weekday.String() + "s"
	}
	return fmt.Sprintf("%s at %02d:%02d (%s)", day, s.Hour, s.Minute, s.TZ)
}

// Location returns the subscription's zone, or UTC when it cannot be loaded
// (a zone removed from tzdata after it was stored). Validate refuses unknown
// zones when a subscription is saved, so the fallback is for old data only:
// posting at the wrong hour beats never posting.
func (s Subscription) Location() *time.Location {
	loc, _, err := loadZone(s.TZ)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Week names the ISO week of t in loc, like "2026-W48". ISO weeks start on
// Monday and the week of 31 Dec may belong to the next year, which is what
// makes them a stable once-a-week key.
func Week(t time.Time, loc *time.Location) string {
	y, w := t.In(loc).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// RunKey identifies one weekly run of a subscription: the channel and the ISO
// week of t in the subscription's zone ("C0123:2026-W48"). It is the
// idempotency key: a channel gets at most one nudge per run key.
func RunKey(sub Subscription, t time.Time) string {
	return sub.Channel + ":" + Week(t, sub.Location())
}

// Due reports whether the subscription's nudge should post at now, and under
// which run key. It is due when, in the subscription's zone, today is the
// scheduled weekday, the wall clock has reached the scheduled time, and
// lastRunKey (the key of the last run that posted) is not this week's.
//
// The comparison is on the wall clock, not on a computed instant, which is
// what keeps daylight-saving changes simple: 09:00 is due when local clocks
// read 09:00 whatever the offset; a time skipped by a spring-forward change
// (02:30 on a day that jumps from 02:00 to 03:00) is due at the first minute
// after the jump; a time repeated by a fall-back change is due the first time
// it comes round, and the run key keeps the second from posting again.
//
// Catch-up after downtime falls out of the same rule: the nudge stays due
// until the end of the scheduled local day, so a bot that comes back at 15:00
// posts the 09:00 nudge once; a bot that comes back the next day has missed
// it, and waits for next week rather than posting a stale Monday list on
// Tuesday.
//
// A subscription created after this week's scheduled time (subscribing on a
// Monday at 10:00 to "Monday 09:00") starts next week, so subscribing never
// posts at once; "/ghosted nudge preview" is for seeing it now.
func Due(sub Subscription, now time.Time, lastRunKey string) (runKey string, due bool) {
	loc := sub.Location()
	local := now.In(loc)
	runKey = sub.Channel + ":" + Week(local, loc)
	if local.Weekday() != sub.Weekday || !reached(local, sub.Hour, sub.Minute) || runKey == lastRunKey {
		return runKey, false
	}
	if !sub.CreatedAt.IsZero() {
		c := sub.CreatedAt.In(loc)
		if sameDate(c, local) && reached(c, sub.Hour, sub.Minute) {
			return runKey, false
		}
	}
	return runKey, true
}

// reached reports whether the wall clock of t reads hour:minute or later.
func reached(t time.Time, hour, minute int) bool {
	return t.Hour()*60+t.Minute() >= hour*60+minute
}

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// NextRun returns when the subscription next becomes due after the instant
// after: the first instant, strictly later than after, at which Due would
// switch to true, in the subscription's zone (so Format shows local time).
// On a day when the scheduled time is skipped, that is the end of the gap;
// when it is repeated, its first occurrence.
func NextRun(sub Subscription, after time.Time) time.Time {
	loc := sub.Location()
	local := after.In(loc)
	y, m, d := local.Date()
	for i := range 8 {
		day := time.Date(y, m, d+i, 12, 0, 0, 0, loc)
		if day.Weekday() != sub.Weekday {
			continue
		}
		dy, dm, dd := day.Date()
		at := firstAt(dy, dm, dd, sub.Hour, sub.Minute, loc)
		if at.After(after) {
			return at
		}
	}
	// Unreachable for valid subscriptions (a weekday comes round within a
	// week); a week later is the least surprising answer.
	return after.AddDate(0, 0, 7).In(loc)
}

// FormatRun formats a run time for people: "Mon 30 Nov 09:00 CET". Zones
// without an abbreviation show their offset ("+0530").
func FormatRun(t time.Time) string { return t.Format("Mon 2 Jan 15:04 MST") }

// firstAt returns the earliest instant on the local date y-m-d in loc at
// which the wall clock reads hour:minute or later. time.Date alone will not
// do: for a wall time that does not exist or exists twice it picks an answer
// that depends on the zone (Berlin and New York resolve a spring-forward gap
// in opposite directions).
func firstAt(y int, m time.Month, d, hour, minute int, loc *time.Location) time.Time {
	wall := time.Date(y, m, d, hour, minute, 0, 0, time.UTC)
	// The offsets in force around that date; a day has at most one change.
	var offsets []int
	for _, probe := range []time.Duration{-26 * time.Hour, 0, 26 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		if !slices.Contains(offsets, off) {
			offsets = append(offsets, off)
		}
	}
	var best time.Time
	for _, off := range offsets {
		u := wall.Add(-time.Duration(off) * time.Second)
		if l := u.In(loc); sameDate(l, wall) && l.Hour() == hour && l.Minute() == minute && (best.IsZero() || u.Before(best)) {
			best = u
		}
	}
	if !best.IsZero() {
		return best.In(loc)
	}
	// The wall time falls in a spring-forward gap. Read with the offset from
	// before the change, it lands after the change, whose zone period starts
	// exactly when the clock jumps past hour:minute.
	u := wall.Add(-time.Duration(slices.Min(offsets)) * time.Second)
	if start, _ := u.In(loc).ZoneBounds(); !start.IsZero() && !start.After(u) {
		return start.In(loc)
	}
	return u.In(loc)
}

// zones caches loaded locations by the name asked for: LoadLocation parses
// tzdata on every call, and the runner asks for every subscription's zone
// every minute. Only successes are kept, so the cache is bounded by tzdata
// (and the few spellings people type), never by junk input.
var zones sync.Map // string → zoneEntry

type zoneEntry struct {
	loc  *time.Location
	name string
}

// loadZone loads an IANA zone, forgiving the letter case people type
// ("europe/berlin" → "Europe/Berlin"), and returns the canonical name.
// "Local" and "" are refused: the server's zone is never what a team meant.
func loadZone(name string) (*time.Location, string, error) {
	if e, ok := zones.Load(name); ok {
		e := e.(zoneEntry)
		return e.loc, e.name, nil
	}
	if name != "" && !strings.EqualFold(name, "local") && len(name) <= 64 {
		for _, cand := range []string{name, titleZone(name), strings.ToUpper(name)} {
			if loc, err := time.LoadLocation(cand); err == nil {
				zones.Store(name, zoneEntry{loc: loc, name: cand})
				return loc, cand, nil
			}
		}
	}
	return nil, "", fmt.Errorf("unknown time zone %q", name)
}

// titleZone capitalizes each word of a zone name: "america/new_york" →
// "America/New_York".
func titleZone(s string) string {
	b := []byte(strings.ToLower(s))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '/' || c == '_' || c == '-'
	}
	return string(b)
}
