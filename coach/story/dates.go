package story

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// A calendar expression as written: any part may be missing. resolve turns
// it into a date relative to now, looking back (last contact) or ahead
// (contract ends, budgets, audits).
type when struct {
	year, month, day int // 0 when not given
	weekday          time.Weekday
	hasWeekday       bool
	quarter, half    int
	season           string
	holiday          string
	// rel is a relative anchor: "next year", "this year", "next quarter",
	// "next month", "last week", "yesterday", "today", "last month", "last year".
	rel string
	// edge is where in a month, quarter or year: early, mid, late, end, start.
	edge string
	// past: the phrase itself says the date is behind us ("last Tuesday").
	past bool
	// lastWeek: "last Monday", not "Monday".
	lastWeek bool
	// swapped is the day-first reading of an ambiguous numeric date
	// ("12/11"), used when the month-first one lands in the future.
	swapped *when
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var weekdayNames = map[string]time.Weekday{
	"monday": time.Monday, "mon": time.Monday, "tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "thursday": time.Thursday, "thu": time.Thursday,
	"thur": time.Thursday, "thurs": time.Thursday, "friday": time.Friday, "fri": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday, "sunday": time.Sunday, "sun": time.Sunday,
}

// dateStarts are the words a date phrase can open with.
var dateStarts = map[string]bool{
	"the": true, "end": true, "start": true, "beginning": true, "middle": true, "first": true, "last": true, "early": true,
	"mid": true, "late": true, "next": true, "this": true, "past": true, "on": true, "yesterday": true, "today": true,
	"tonight": true, "second": true, "third": true, "fourth": true, "back": true, "thanksgiving": true, "christmas": true,
	"xmas": true, "holidays": true, "new": true, "spring": true, "summer": true, "fall": true, "autumn": true,
	"winter": true, "year": true, "year-end": true, "quarter": true, "quarter-end": true, "eoy": true, "eoq": true,
	"easter": true, "diwali": true, "new year's": true, "new years": true, "labor": true, "labour": true,
	"memorial": true, "independence": true, "holy": true, "carnaval": true, "carnival": true, "halloween": true,
}

// ordinalWords are days of the month written out: "the eleventh".
var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
	"sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
	"twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
	"twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30, "thirty-first": 31,
}

var seasons = map[string]int{"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}

// ordinalDay reads "12", "12th", "1st" as a day of the month.
func ordinalDay(s string) (int, bool) {
	s = strings.TrimRight(s, ".,")
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		s = strings.TrimSuffix(s, suf)
	}
	d, err := strconv.Atoi(s)
	return d, err == nil && d >= 1 && d <= 31
}

func yearOf(s string) (int, bool) {
	s = strings.TrimPrefix(s, "'")
	y, err := strconv.Atoi(s)
	if err != nil {
		return 0, false
	}
	switch {
	case len(s) == 4 && y >= 1990 && y <= 2100:
		return y, true
	case len(s) == 2:
		return 2000 + y, true
	}
	return 0, false
}

// numericDate reads 2026-11-12, 2026/11/12, 11/12, 11/12/2026, 12.11.2026.
func numericDate(s string) (when, bool) {
	// "13/jan", "05-Jan", "13-jan-2025": the day, then the month's name
	// (told by a letter first: most numbers here have none).
	if strings.IndexFunc(s, unicode.IsLetter) >= 0 {
		return dayMonthName(s)
	}
	var parts []string
	var sep byte
	for _, c := range []byte{'-', '/', '.'} {
		if strings.IndexByte(s, c) > 0 {
			parts, sep = strings.Split(s, string(c)), c
			break
		}
	}
	if len(parts) < 2 || len(parts) > 3 {
		return when{}, false
	}
	n := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return when{}, false
		}
		n[i] = v
	}
	if len(parts[0]) == 4 { // ISO
		if len(n) != 3 || n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 {
			return when{}, false
		}
		return when{year: n[0], month: n[1], day: n[2]}, true
	}
	if sep == '-' {
		return when{}, false // "3-4" is a range, not a date
	}
	m, d := n[0], n[1]
	if sep == '.' || m > 12 { // 12.11.2026 and 31/3 are day first
		m, d = d, m
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return when{}, false
	}
	w := when{month: m, day: d}
	if sep == '/' && n[0] <= 12 && n[1] <= 12 && n[0] != n[1] {
		w.swapped = &when{month: n[1], day: n[0]}
	}
	if len(n) == 3 {
		y, ok := yearOf(parts[2])
		if !ok {
			return when{}, false
		}
		w.year = y
	} else if sep == '.' {
		return when{}, false // "3.5" is a number
	}
	return w, true
}

// dayMonthName reads a day joined to a month's name: "13/jan",
// "05-Jan-2025".
func dayMonthName(s string) (when, bool) {
	m := reDayMonthName.FindStringSubmatch(s)
	if m == nil {
		return when{}, false
	}
	mo, ok := monthNames[strings.ToLower(m[2])]
	if !ok {
		return when{}, false
	}
	w := when{month: mo, day: atoiOr(m[1])}
	if m[3] != "" {
		y, ok := yearOf(m[3])
		if !ok {
			return when{}, false
		}
		w.year = y
	}
	return w, w.day >= 1 && w.day <= 31
}

// reDayMonthName is a day joined to a month's name: "13/jan", "05-Jan-2025".
var reDayMonthName = regexp.MustCompile(`^(\d{1,2})[-/](\pL{3,9})(?:[-/](\d{2}|\d{4}))?$`)

// dottedDayMonth reads "28.08", "5.09": a day, a dot and a two-digit
// month, as Europeans write a date without its year.
func dottedDayMonth(s string) (when, bool) {
	d, m, ok := strings.Cut(s, ".")
	if !ok || len(m) != 2 || len(d) < 1 || len(d) > 2 {
		return when{}, false
	}
	dd, mm := atoiOr(d), atoiOr(m)
	if dd < 1 || dd > 31 || mm < 1 || mm > 12 {
		return when{}, false
	}
	return when{month: mm, day: dd}, true
}

// dateAt reads a calendar expression starting at token i and returns it with
// the index after it.
func (t *text) dateAt(i int) (when, int, bool) {
	if i < 0 || i >= len(t.toks) {
		return when{}, i, false
	}
	// Every matcher asks about the same tokens; read each once. Most
	// tokens start no date: their slot says so without keeping a when.
	if t.dateSlot == nil {
		t.dateSlot = make([]int32, len(t.toks))
	}
	switch n := t.dateSlot[i]; {
	case n < 0:
		return when{}, i, false
	case n > 0:
		m := &t.dates[n-1]
		return m.w, m.next, m.ok
	}
	w, next, ok := t.readDateAt(i)
	if !ok && next == i {
		t.dateSlot[i] = -1
	} else {
		t.dates = append(t.dates, dateMemo{w: w, next: next, ok: ok})
		t.dateSlot[i] = int32(len(t.dates))
	}
	return w, next, ok
}

// dateMemo is dateAt's answer for a token where something was read.
type dateMemo struct {
	w    when
	next int
	ok   bool
}

// readDateAt reads a calendar expression starting at token i; see dateAt.
func (t *text) readDateAt(i int) (when, int, bool) {
	// Most tokens cannot start a date: reject them before trying phrases.
	if k := t.toks[i]; k.kind != kNum && !k.dateish &&
		!strings.HasPrefix(k.low, "mid-") && !strings.HasPrefix(k.low, "early-") && !strings.HasPrefix(k.low, "late-") &&
		!strings.HasPrefix(k.low, "end-") && !(len(k.low) >= 2 && (k.low[0] == 'q' || k.low[0] == 'h') && k.low[1] >= '1' && k.low[1] <= '4') {
		return when{}, i, false
	}
	if i >= len(t.toks) {
		return when{}, i, false
	}
	var w when
	j := i
	if t.is(j, "the") && j+1 < len(t.toks) && t.toks[j+1].kind == kNum {
		j++ // "the 8th", "the 3rd of May"
	}
	// "the eleventh of this month", "the twenty-first of October".
	if t.is(j, "the") {
		if d, ok := ordinalWords[t.low(j+1)]; ok && t.is(j+2, "of") {
			if m, ok := monthNames[t.low(j+3)]; ok {
				return t.yearAfter(when{month: m, day: d}, j+4)
			}
			if t.is(j+3, "this", "the") && t.is(j+4, "month") {
				return when{day: d}, j + 5, true
			}
			if t.is(j+3, "last") && t.is(j+4, "month") {
				return when{day: d, rel: "day-last-month"}, j + 5, true
			}
		}
	}
	// Leading modifiers: "early", "mid", "late", "end of", "beginning of".
	if k, ok := t.anySeq(j, "the end of", "end of", "the start of", "start of", "the beginning of", "beginning of", "the middle of", "middle of", "the first week of", "first week of", "the last week of", "last week of", "early", "mid", "late", "the early part of"); ok {
		q := t.quote(j, k-1)
		switch {
		case strings.Contains(q, "end") || strings.Contains(q, "late") || strings.Contains(q, "last week"):
			w.edge = "end"
		case strings.Contains(q, "mid") || strings.Contains(q, "middle"):
			w.edge = "mid"
		default:
			w.edge = "start"
		}
		j = k
	}
	low := t.low(j)
	// "mid-October", "end-of-March"
	for _, p := range []string{"mid-", "early-", "late-", "end-of-"} {
		if rest, ok := strings.CutPrefix(low, p); ok {
			if m, ok := monthNames[rest]; ok {
				w.month = m
				w.edge = map[string]string{"mid-": "mid", "early-": "start", "late-": "end", "end-of-": "end"}[p]
				return t.yearAfter(w, j+1)
			}
			if y, ok := yearOf(rest); ok && len(rest) == 4 {
				w.year = y
				w.edge = map[string]string{"mid-": "mid", "early-": "start", "late-": "end", "end-of-": "end"}[p]
				return w, j + 1, true
			}
		}
	}
	// A weekday, alone or before a date: "Tue, Nov 4", "last Tuesday".
	if k, ok := t.anySeq(j, "last", "this past", "past", "on", "this", "next"); ok {
		if wd, ok := weekdayNames[t.low(k)]; ok {
			if t.is(j, "on") {
				// "on Friday the 11th", "on Tue, Nov 4": the date says which.
				if w2, k2, ok := t.dateAt(k); ok && (w2.month > 0 || w2.day > 0) {
					return w2, k2, true
				}
			}
			w.weekday, w.hasWeekday = wd, true
			w.past = !t.is(j, "next") && !t.is(j, "this")
			w.lastWeek = t.is(j, "last")
			w.rel = "weekday"
			if t.is(j, "next") {
				w.rel = "next-weekday"
			}
			return w, k + 1, true
		}
	}
	if wd, ok := weekdayNames[low]; ok && (len(low) > 3 || t.toks[j].cap) {
		k := j + 1
		if t.is(k, ".") {
			k++
		}
		if t.is(k, ",") {
			k++
		}
		if t.is(k, "the") && k+1 < len(t.toks) && t.toks[k+1].kind == kNum {
			k++ // "Friday the 11th"
		}
		if w2, k2, ok := t.dateAt(k); ok && (w2.month > 0 || w2.day > 0) {
			return w2, k2, true
		}
		w.weekday, w.hasWeekday, w.rel, w.past = wd, true, "weekday", true
		return w, j + 1, true
	}
	if t.toks != nil && t.is(j+1, "morning", "afternoon", "evening", "night") {
		// "this morning", "last night": today and yesterday.
		switch low {
		case "this":
			w.rel, w.past = "today", true
			return w, j + 2, true
		case "last":
			if t.is(j+1, "night", "evening") {
				w.rel, w.past = "yesterday", true
				return w, j + 2, true
			}
		}
	}
	switch low {
	case "yesterday":
		w.rel, w.past = "yesterday", true
		return w, j + 1, true
	case "today", "tonight":
		w.rel, w.past = "today", true
		return w, j + 1, true
	}
	if d, m, ok := strings.Cut(low, "-"); ok && j < len(t.toks) {
		// "19-Feb", "19-feb-2026", "Feb-19"
		if dd, err := strconv.Atoi(d); err == nil {
			mon, yr, _ := strings.Cut(m, "-")
			if mm, ok := monthNames[mon]; ok && dd >= 1 && dd <= 31 {
				w := when{month: mm, day: dd}
				if y, ok := yearOf(yr); ok {
					w.year = y
				}
				return w, j + 1, true
			}
		} else if mm, ok := monthNames[d]; ok {
			if dd, err := strconv.Atoi(m); err == nil && dd >= 1 && dd <= 31 {
				return when{month: mm, day: dd}, j + 1, true
			}
		}
	}
	if t.toks != nil && j < len(t.toks) && t.toks[j].kind == kNum {
		// "25.03." (German style): day and month, the year left off.
		if strings.Count(low, ".") == 1 && t.is(j+1, ".") && t.toks[j+1].start == t.toks[j].end {
			d, m, _ := strings.Cut(low, ".")
			dd, err1 := strconv.Atoi(d)
			mm, err2 := strconv.Atoi(m)
			if err1 == nil && err2 == nil && dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12 {
				return when{month: mm, day: dd}, j + 2, true
			}
		}
		if nw, ok := numericDate(low); ok {
			nw.edge = w.edge
			if nw.swapped != nil {
				nw.swapped.year = nw.year
				if t.dayFirst() {
					// "My emails after: 29/09, 06/10": this story writes the
					// day first, so 06/10 is 6 October.
					sw := *nw.swapped
					sw.edge = w.edge
					return sw, j + 1, true
				}
			}
			return nw, j + 1, true
		}
		if nw, ok := dottedDayMonth(low); ok && !t.is(j-1, "$", "£", "€", "r$", "s$", "v", "version") && !t.is(j+1, "%", "k", "m", "million", "bn", "mil", "mi") {
			// "5.09, 12.09 and 26.09": day and month, European style.
			return nw, j + 1, true
		}
		if d, ok := ordinalDay(low); ok {
			// "12 Nov", "12th of November 2026", "15 de junio"
			k := j + 1
			if t.is(k, "of", "de") || t.is(k, ".") && d <= 31 && (isMonth(t.low(k+1)) || foreignMonths[t.low(k+1)] != "") {
				k++ // "15 de junio", "am 11. März"
			}
			m, ok := monthNames[t.low(k)]
			if !ok {
				if en, fok := foreignMonths[t.low(k)]; fok {
					m, ok = monthNames[en]
				}
			}
			if ok {
				w.month, w.day = m, d
				k++
				if t.is(k, ".") {
					k++
				}
				return t.yearAfter(w, k)
			}
		}
		if y, ok := yearOf(low); ok && len(low) == 4 {
			w.year = y
			return w, j + 1, true
		}
		// "the 8th", "on the 15th": a day of this or last month.
		if d, ok := ordinalDay(low); ok && low != strings.TrimRight(low, "stndrh") && (t.is(j-1, "the") || t.is(j-1, "on")) {
			w.day = d
			return w, j + 1, true
		}
	}
	if m, ok := monthNames[low]; ok {
		// "may" and "march" are also verbs: take them as months only when
		// capitalized, or when a day or year follows.
		k := j + 1
		if t.is(k, ".") {
			k++
		}
		if !t.toks[j].cap && (low == "may" || low == "march") {
			if !(k < len(t.toks) && t.toks[k].kind == kNum) && !(t.is(k, "'") && k+1 < len(t.toks) && t.toks[k+1].kind == kNum) {
				return when{}, i, false
			}
		}
		w.month = m
		if t.is(k, "'") && k+1 < len(t.toks) && t.toks[k+1].kind == kNum && len(t.low(k+1)) == 2 {
			// "march '28"
			y, _ := yearOf(t.low(k + 1))
			w.year = y
			return w, k + 2, true
		}
		if k < len(t.toks) && t.toks[k].kind == kNum {
			if d, ok := ordinalDay(t.low(k)); ok && !strings.Contains(t.low(k), "/") {
				if y, ok := yearOf(t.low(k)); ok && len(t.low(k)) == 4 {
					w.year = y
					return w, k + 1, true
				}
				w.day = d
				k++
				if t.is(k, ",") {
					k++
				}
				return t.yearAfter(w, k)
			}
		}
		return t.yearAfter(w, k)
	}
	// Quarters and halves: "Q3", "Q3 2027", "3Q", "the third quarter", "H2".
	if len(low) == 2 && (low[0] == 'q' || low[0] == 'h') && low[1] >= '1' && low[1] <= '4' {
		if low[0] == 'q' {
			w.quarter = int(low[1] - '0')
		} else if low[1] <= '2' {
			w.half = int(low[1] - '0')
		} else {
			return when{}, i, false
		}
		return t.yearAfter(w, j+1)
	}
	if strings.HasPrefix(low, "q") && len(low) > 2 && low[1] >= '1' && low[1] <= '4' {
		// "Q3'27", "q3-2027"
		if y, ok := yearOf(strings.TrimLeft(low[2:], "-'/")); ok {
			w.quarter, w.year = int(low[1]-'0'), y
			return w, j + 1, true
		}
	}
	if k, ok := t.anySeq(j, "the first quarter", "the second quarter", "the third quarter", "the fourth quarter", "first quarter", "second quarter", "third quarter", "fourth quarter"); ok {
		q := t.quote(j, k-1)
		for n, word := range []string{"first", "second", "third", "fourth"} {
			if strings.Contains(strings.ToLower(q), word) {
				w.quarter = n + 1
			}
		}
		return t.yearAfter(w, k)
	}
	if k, ok := t.anySeq(j, "the second half", "second half", "the back half", "back half", "the first half", "first half"); ok {
		w.half = 2
		if strings.Contains(t.quote(j, k-1), "first") {
			w.half = 1
		}
		if t.is(k, "of") {
			if k2, ok := t.anySeq(k+1, "the year", "next year", "this year"); ok {
				if strings.Contains(t.quote(k+1, k2-1), "next") {
					w.rel = "next year"
				}
				return w, k2, true
			}
		}
		return t.yearAfter(w, k)
	}
	// Seasons: "spring", "next summer", "fall 2027".
	if k, ok := t.anySeq(j, "next", "this", "last", "the"); ok {
		if m, ok := seasons[t.low(k)]; ok && m > 0 {
			w.season = t.low(k)
			w.rel = t.low(j)
			w.past = t.is(j, "last")
			return t.yearAfter(w, k+1)
		}
	}
	if _, ok := seasons[low]; ok {
		w.season = low
		return t.yearAfter(w, j+1)
	}
	// Relative years, quarters, months, weeks.
	if k, ok := t.anySeq(j, "next year", "next fiscal year", "next fiscal", "next fy", "the new year", "new year", "the new fiscal year", "new fiscal year", "the next fiscal year"); ok {
		w.rel = "next year"
		if strings.Contains(t.quote(j, k-1), "fiscal") || strings.Contains(strings.ToLower(t.quote(j, k-1)), "fy") {
			w.rel = "next fiscal year"
		}
		return w, k, true
	}
	if k, ok := t.anySeq(j, "the end of the year", "end of the year", "end of year", "year end", "year-end", "the year end", "year's end", "the end of this year", "end of this year", "eoy"); ok {
		w.rel, w.edge = "this year", "end"
		return w, k, true
	}
	if k, ok := t.anySeq(j, "next quarter", "the next quarter", "the new quarter"); ok {
		w.rel = "next quarter"
		return w, k, true
	}
	if k, ok := t.anySeq(j, "end of quarter", "end of the quarter", "the end of the quarter", "quarter end", "quarter-end", "eoq"); ok {
		w.rel, w.edge = "this quarter", "end"
		return w, k, true
	}
	if k, ok := t.anySeq(j, "next month"); ok {
		w.rel = "next month"
		return w, k, true
	}
	if k, ok := t.anySeq(j, "last week", "last month", "last year", "last quarter"); ok {
		w.rel, w.past = t.quote(j, k-1), true
		w.rel = strings.ToLower(w.rel)
		return w, k, true
	}
	if k, ok := t.anySeq(j, "thanksgiving", "christmas", "xmas", "the holidays", "holidays", "new year's", "new years", "easter", "diwali", "labor day", "labour day", "memorial day", "independence day", "the fourth of july", "fourth of july", "the 4th of july", "4th of july", "holy week", "the holy week", "carnaval", "carnival", "halloween"); ok && (t.is(j-1, "before", "after", "since", "over", "until", "till", "around", "by", "at", "on") || t.is(j, "the") && t.is(j-1, "before", "after", "since", "over", "until", "till", "around", "by")) {
		w.holiday = strings.TrimPrefix(strings.ToLower(t.quote(j, k-1)), "the ")
		if strings.HasSuffix(w.holiday, "of july") {
			w.holiday = "fourth of july"
		}
		return t.yearAfter(w, k)
	}
	return when{}, i, false
}

func (t *text) low(i int) string {
	if i < 0 || i >= len(t.toks) {
		return ""
	}
	return t.toks[i].low
}

// yearAfter reads an optional year ("2027", ", 2027", "'27") after a date.
func (t *text) yearAfter(w when, k int) (when, int, bool) {
	k2 := k
	if t.is(k2, ",") {
		k2++
	}
	if k2 < len(t.toks) && t.toks[k2].kind == kNum {
		if y, ok := yearOf(t.low(k2)); ok && len(strings.TrimPrefix(t.low(k2), "'")) == 4 {
			w.year = y
			return w, k2 + 1, true
		}
	}
	if t.is(k2, "'") && k2+1 < len(t.toks) && t.toks[k2+1].kind == kNum && len(t.low(k2+1)) == 2 {
		y, _ := yearOf(t.low(k2 + 1))
		w.year = y
		return w, k2 + 2, true
	}
	return w, k, true
}

func date(y int, m time.Month, d int, loc *time.Location) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// easter is Western Easter Sunday (the anonymous Gregorian computus).
func easter(y int, loc *time.Location) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date(y, time.Month(month), day, loc)
}

// thanksgiving is the fourth Thursday of November.
func thanksgiving(y int, loc *time.Location) time.Time {
	t := date(y, time.November, 1, loc)
	for t.Weekday() != time.Thursday {
		t = t.AddDate(0, 0, 1)
	}
	return t.AddDate(0, 0, 21)
}

// resolve turns w into a date. With ahead, a date without a year is the
// next one after now (contract ends, budget cycles); otherwise the latest one
// on or before now (the last contact).
func (w when) resolve(now time.Time, ahead bool) (time.Time, bool) {
	loc := now.Location()
	today := date(now.Year(), now.Month(), now.Day(), loc)
	pick := func(f func(y int) time.Time, yearGiven bool) time.Time {
		if yearGiven {
			return f(w.year)
		}
		c := f(now.Year())
		if ahead && !c.After(today) {
			c = f(now.Year() + 1)
		}
		if !ahead && c.After(today) {
			c = f(now.Year() - 1)
		}
		return c
	}
	edgeDay := func(y int, m time.Month) time.Time {
		switch w.edge {
		case "mid":
			return date(y, m, 15, loc)
		case "end":
			return date(y, m+1, 0, loc)
		}
		return date(y, m, 1, loc)
	}
	switch {
	case w.rel == "yesterday":
		return today.AddDate(0, 0, -1), true
	case w.rel == "today":
		return today, true
	case w.rel == "weekday" || w.rel == "next-weekday":
		d := today
		if w.lastWeek {
			// "last Monday": this week's Monday if it was at least two days
			// ago, otherwise last week's.
			d = d.AddDate(0, 0, -2)
			for d.Weekday() != w.weekday {
				d = d.AddDate(0, 0, -1)
			}
			monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
			if d.Before(monday) || daysBetween(d, today) < 2 {
				return d, true
			}
			return d, true
		}
		if w.rel == "next-weekday" || (ahead && !w.past) {
			d = d.AddDate(0, 0, 1)
			for d.Weekday() != w.weekday {
				d = d.AddDate(0, 0, 1)
			}
			return d, true
		}
		d = d.AddDate(0, 0, -1)
		for d.Weekday() != w.weekday {
			d = d.AddDate(0, 0, -1)
		}
		return d, true
	case w.rel == "day-last-month":
		return date(now.Year(), now.Month()-1, w.day, loc), true
	case w.rel == "last week":
		return today.AddDate(0, 0, -7), true
	case w.rel == "last month":
		return today.AddDate(0, -1, 0), true
	case w.rel == "last year":
		return today.AddDate(-1, 0, 0), true
	case w.rel == "last quarter":
		return today.AddDate(0, -3, 0), true
	case w.rel == "next year" || w.rel == "next fiscal year":
		return date(now.Year()+1, time.January, 1, loc), true
	case w.rel == "this year":
		if w.edge == "end" {
			return date(now.Year(), time.December, 31, loc), true
		}
		return date(now.Year(), time.January, 1, loc), true
	case w.rel == "next quarter":
		q := (int(now.Month())-1)/3 + 1
		return date(now.Year(), time.Month(3*q+1), 1, loc), true
	case w.rel == "this quarter":
		q := (int(now.Month())-1)/3 + 1
		return date(now.Year(), time.Month(3*q+1), 0, loc), true
	case w.rel == "next month":
		return date(now.Year(), now.Month()+1, 1, loc), true
	case w.holiday != "":
		var f func(y int) time.Time
		switch w.holiday {
		case "thanksgiving":
			f = func(y int) time.Time { return thanksgiving(y, loc) }
		case "christmas", "xmas", "holidays":
			f = func(y int) time.Time { return date(y, time.December, 25, loc) }
		case "new year's", "new years":
			f = func(y int) time.Time { return date(y, time.January, 1, loc) }
		case "labor day", "labour day":
			// The first Monday of September (the US and Canada).
			f = func(y int) time.Time {
				d := date(y, time.September, 1, loc)
				for d.Weekday() != time.Monday {
					d = d.AddDate(0, 0, 1)
				}
				return d
			}
		case "memorial day":
			f = func(y int) time.Time {
				d := date(y, time.May, 31, loc)
				for d.Weekday() != time.Monday {
					d = d.AddDate(0, 0, -1)
				}
				return d
			}
		case "independence day", "fourth of july", "4th of july":
			f = func(y int) time.Time { return date(y, time.July, 4, loc) }
		case "easter":
			f = func(y int) time.Time { return easter(y, loc) }
		case "halloween":
			f = func(y int) time.Time { return date(y, time.October, 31, loc) }
		case "holy week":
			f = func(y int) time.Time { return easter(y, loc).AddDate(0, 0, -7) }
		case "carnaval", "carnival":
			f = func(y int) time.Time { return easter(y, loc).AddDate(0, 0, -47) }
		default:
			return time.Time{}, false
		}
		return pick(f, w.year > 0), true
	case w.season != "":
		m := time.Month(seasons[w.season])
		if w.year > 0 {
			return date(w.year, m, 1, loc), true
		}
		c := date(now.Year(), m, 1, loc)
		switch w.rel {
		case "next":
			if !c.After(today) {
				c = c.AddDate(1, 0, 0)
			}
		case "last":
			if c.After(today) || today.Sub(c) < 90*24*time.Hour {
				c = c.AddDate(-1, 0, 0)
			}
		case "this":
		default:
			return pick(func(y int) time.Time { return date(y, m, 1, loc) }, false), true
		}
		return c, true
	case w.quarter > 0:
		m := time.Month(3*(w.quarter-1) + 1)
		f := func(y int) time.Time {
			if w.edge == "end" {
				return date(y, m+3, 0, loc)
			}
			return date(y, m, 1, loc)
		}
		if w.year > 0 {
			return f(w.year), true
		}
		c := f(now.Year())
		if ahead && date(now.Year(), m+3, 0, loc).Before(today) {
			c = f(now.Year() + 1)
		} else if ahead && !c.After(today) && w.edge != "end" {
			// Already inside that quarter: "until Q4" said in Q4 means next year's.
			c = f(now.Year() + 1)
		}
		if !ahead && c.After(today) {
			c = f(now.Year() - 1)
		}
		return c, true
	case w.half > 0:
		m := time.January
		if w.half == 2 {
			m = time.July
		}
		return pick(func(y int) time.Time { return date(y, m, 1, loc) }, w.year > 0), true
	case w.month == 0 && w.day > 0 && w.year == 0:
		// A day of the month alone: the latest such day (or the next one).
		d := date(now.Year(), now.Month(), w.day, loc)
		if !ahead && d.After(today) {
			d = date(now.Year(), now.Month()-1, w.day, loc)
		}
		if ahead && !d.After(today) {
			d = date(now.Year(), now.Month()+1, w.day, loc)
		}
		return d, true
	case w.month > 0 && w.day > 0:
		if !ahead && w.year == 0 && w.swapped != nil {
			// "12/11" said in late November: 12 Nov, not a year-old 11 Dec.
			c := date(now.Year(), time.Month(w.month), w.day, loc)
			alt := date(now.Year(), time.Month(w.swapped.month), w.swapped.day, loc)
			if c.After(today) && !alt.After(today) && today.Sub(alt) < 120*24*time.Hour {
				return alt, true
			}
		}
		if !ahead && w.year == 0 {
			// "demo Oct 1" said on Sept 25 is next week, not a year ago: a
			// date a few weeks ahead is the near future, which no rep means
			// as eleven months back.
			c := date(now.Year(), time.Month(w.month), w.day, loc)
			if c.After(today) && daysBetween(today, c) <= 45 {
				return c, true
			}
		}
		return pick(func(y int) time.Time { return date(y, time.Month(w.month), w.day, loc) }, w.year > 0), true
	case w.month > 0:
		return pick(func(y int) time.Time { return edgeDay(y, time.Month(w.month)) }, w.year > 0), true
	case w.year > 0:
		switch w.edge {
		case "end":
			return date(w.year, time.December, 31, loc), true
		case "mid":
			return date(w.year, time.July, 1, loc), true
		}
		return date(w.year, time.January, 1, loc), true
	}
	return time.Time{}, false
}

// daysBetween counts calendar days from a to b.
func daysBetween(a, b time.Time) int {
	a = date(a.Year(), a.Month(), a.Day(), time.UTC)
	b = date(b.Year(), b.Month(), b.Day(), time.UTC)
	return int(b.Sub(a).Hours() / 24)
}
