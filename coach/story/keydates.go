package story

import (
	"strings"
	"time"
)

// Date kinds.
const (
	DateContractEnd = "contract_end"
	DateBudget      = "budget"
	DateAudit       = "audit"
	// DateEvent is something big on their side (a reorg, a merger, a
	// migration, a launch) with or without a date.
	DateEvent = "event"
)

// KeyDate is a date that gates the deal, such as a contract end.
type KeyDate struct {
	// Kind is contract_end, budget, audit or event.
	Kind string `json:"kind"`
	// Text is the phrase the date was read from.
	Text string `json:"text"`
	// When is the resolved date, zero when it could not be resolved.
	When time.Time `json:"when,omitzero"`
}

var contractWords = map[string]bool{
	"contract": true, "contracts": true, "agreement": true, "msa": true, "licence": true, "license": true,
	"licenses": true, "subscription": true, "term": true, "renewal": true, "renews": true, "renew": true,
	"renewing": true, "renewed": true, "locked": true, "lock-in": true, "tied": true, "committed": true,
	"commitment": true, "incumbent": true, "lease": true, "sla": true, "deal": false,
}

var budgetWords = map[string]bool{
	"budget": true, "budgets": true, "fiscal": true, "fy": true, "funding": true, "capex": true, "opex": true,
	"freeze": true, "frozen": true,
}

var auditWords = map[string]bool{
	"audit": true, "audits": true, "auditors": true, "soc": true, "iso": true, "inspection": true, "accreditation": true,
	"examination": true, "exam": true, "certification": true, "recertification": true, "hipaa": true, "pci": true,
}

var eventWords = map[string]bool{
	"reorg": true, "re-org": true, "reorganization": true, "reorganisation": true, "restructuring": true,
	"restructure": true, "merger": true, "acquisition": true, "acquired": true, "migration": true, "go-live": true,
	"golive": true, "launch": true, "layoffs": true, "rollout": true, "implementation": true, "integration": true,
}

// keyDates finds contract ends, budget cycles, audits and big events, each
// with the date it hangs on when one is given.
func (t *text) keyDates(now time.Time) []KeyDate {
	var out []KeyDate
	seen := map[string]bool{}
	add := func(kd KeyDate) {
		key := kd.Kind + kd.When.Format("2006-01-02")
		if kd.When.IsZero() {
			key = kd.Kind
		}
		if seen[key] {
			return
		}
		// A dated finding replaces an undated one of the same kind.
		if !kd.When.IsZero() {
			for i, o := range out {
				if o.Kind == kd.Kind && o.When.IsZero() {
					out[i] = kd
					seen[key] = true
					return
				}
			}
		} else {
			for _, o := range out {
				if o.Kind == kd.Kind {
					return
				}
			}
		}
		seen[key] = true
		out = append(out, kd)
	}
	for _, se := range t.sents {
		a, b := se[0], se[1]
		for i := a; i < b; i++ {
			w := t.low(i)
			switch {
			case contractWords[w] && !t.negatedBefore(a, i):
				if kd, ok := t.contractEnd(a, b, i, now); ok {
					add(kd)
				}
			case budgetWords[w] && !t.negatedBefore(a, i) && !t.otherFreeze(a, b, i):
				if kd, ok := t.budgetDate(a, b, i, now); ok {
					add(kd)
				}
			case auditWords[w]:
				if t.is(i, "iso", "soc", "pci", "hipaa") && t.contains(i, min(i+4, b), "audit", "certification", "recertification", "renewal", "assessment") < 0 {
					continue
				}
				kd := KeyDate{Kind: DateAudit, Text: t.quote(i, i)}
				if when, q, ok := t.dateNear(i, b, now, true); ok {
					kd.When, kd.Text = when, t.quote(i, q)
				}
				add(kd)
			case eventWords[w]:
				kd := KeyDate{Kind: DateEvent, Text: t.quote(i, i)}
				if when, q, ok := t.dateNear(i, b, now, true); ok && t.contains(i, q, "until", "till", "through", "in", "by", "after", "end", "wraps", "done", "over", "finishes", "complete", "completes", "lands") >= 0 {
					kd.When, kd.Text = when, t.quote(i, q)
				}
				add(kd)
			}
		}
	}
	return out
}

// negatedBefore: "no contract", "not a budget thing" – the word is denied.
func (t *text) negatedBefore(a, i int) bool {
	for k := max(a, i-3); k < i; k++ {
		if t.is(k, "not", "no", "isn't", "wasn't", "nothing", "never", "without") {
			return true
		}
	}
	return t.is(i+1, "isn't", "wasn't") || t.is(i+1, "is", "was") && t.is(i+2, "not")
}

// dateNear finds a calendar expression within the rest of the clause after
// token i, resolved ahead of now. It returns the date and the last token of
// the phrase.
func (t *text) dateNear(i, b int, now time.Time, ahead bool) (time.Time, int, bool) {
	for k := i + 1; k < min(b, i+14); k++ {
		if t.is(k, ";", ".", "|") {
			break // "Polaris Marine - Renewal | 2/18/2027": another column
		}
		w, j, ok := t.dateAt(k)
		if !ok || w.hasWeekday && w.month == 0 || w.rel == "yesterday" || w.rel == "today" {
			continue
		}
		if w.past && ahead {
			continue
		}
		at, ok := w.resolve(now, ahead)
		if !ok {
			continue
		}
		return at, j - 1, true
	}
	return time.Time{}, i, false
}

// contractEnd reads "contract ends 2027-03-31", "locked in until next June",
// "renewed for two years in October", "signed a 2-year deal with Gong last
// spring", "up for renewal in Q3", "another 18 months on their contract".
func (t *text) contractEnd(a, b, i int, now time.Time) (KeyDate, bool) {
	// Lengths: "2-year contract", "three year deal", "for two years", "another 18 months".
	years, months := 0, 0
	lenAt := -1
	for k := max(a, i-6); k < min(b, i+8); k++ {
		low := t.low(k)
		if n, rest, ok := strings.Cut(low, "-"); ok && (rest == "year" || rest == "yr" || rest == "month") {
			if v, _, ok := t.countWord(n); ok {
				if rest == "month" {
					months = v
				} else {
					years = v
				}
				lenAt = k
			}
			continue
		}
		if d, j, ok := t.durationAt(k); ok && d >= 60 {
			if t.is(j, "ago") {
				k = j
				continue
			}
			if d >= 360 {
				years = (d + 5) / 365
			} else {
				months = (d + 15) / 30
			}
			lenAt = k
			k = j - 1
		}
		if low == "multi-year" || low == "multiyear" {
			years = 2
			lenAt = k
		}
	}
	// An explicit end: "ends", "expires", "until", "through", "up for renewal in".
	for k := max(a, i-4); k < min(b, i+12); k++ {
		if !t.is(k, "ends", "end", "ending", "expires", "expire", "expiring", "until", "till", "til", "through", "thru", "runs", "renews", "renewal", "up", "lapses", "finishes", "done", "out", "comes", "by", "in", "on", "is", "after") {
			continue
		}
		if t.is(k, "in", "on", "is", "by", "after") && t.contains(max(a, k-4), k, "ends", "expires", "renewal", "renews", "renew", "up", "out", "end", "over") < 0 {
			continue
		}
		if t.is(k, "after") {
			continue
		}
		when, q, ok := t.dateNear(k-1, b, now, true)
		if !ok {
			continue
		}
		if t.is(k, "through", "thru") {
			// "through 2027" means to its end.
			if wd, _, ok := t.dateAt(k + 1); ok && wd.year > 0 && wd.month == 0 && wd.quarter == 0 {
				when = date(wd.year, time.December, 31, now.Location())
			}
		}
		return KeyDate{Kind: DateContractEnd, Text: t.quote(min(i, k), q), When: when}, true
	}
	if years > 0 || months > 0 {
		kd := KeyDate{Kind: DateContractEnd, Text: t.quote(min(i, lenAt), max(i, lenAt+1))}
		// The start: "signed … last spring", "renewed … in October",
		// "started in 2025", "since January".
		for k := a; k < b; k++ {
			if !t.is(k, "signed", "renewed", "started", "start", "began", "locked", "inked", "went", "chose", "picked", "since", "in", "last", "this") {
				continue
			}
			w, j, ok := t.dateAt(k)
			if t.is(k, "in", "since", "last", "this") {
				w, j, ok = t.dateAt(k)
				if !ok {
					w, j, ok = t.dateAt(k + 1)
				}
			} else {
				for m := k + 1; m < min(b, k+12) && !ok; m++ {
					w, j, ok = t.dateAt(m)
					if ok && (w.month == 0 && w.year == 0 && w.season == "" && w.rel != "last year" && w.rel != "last month" && w.rel != "last quarter") {
						ok = false
					}
				}
			}
			if !ok {
				continue
			}
			start, ok := w.resolve(now, false)
			if !ok || w.rel == "next year" {
				continue
			}
			kd.When = start.AddDate(years, months, 0)
			kd.Text = t.quote(min(i, lenAt), j-1)
			return kd, true
		}
		if t.contains(max(a, lenAt-3), lenAt, "another", "more", "remaining", "left") >= 0 || t.contains(lenAt, min(b, lenAt+4), "left", "remaining", "more", "to", "go") >= 0 {
			kd.When = now.AddDate(years, months, 0)
			return kd, true
		}
		return kd, true
	}
	// "renewal is in March", "they renew in Q2" without an end verb.
	if t.is(i, "renewal", "renews", "renew", "renewing") {
		if when, q, ok := t.dateNear(i, b, now, true); ok {
			return KeyDate{Kind: DateContractEnd, Text: t.quote(i, q), When: when}, true
		}
	}
	return KeyDate{}, false
}

// countWord reads "2", "two", "multi" as a number of years.
func (t *text) countWord(s string) (int, int, bool) {
	if n, ok := numberWords[s]; ok {
		return n, 0, true
	}
	if len(s) <= 2 {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, 0, n > 0
	}
	return 0, 0, false
}

// budgetDate reads "budgets are frozen until Q3", "budget cycle starts in
// July", "new fiscal year in April", "no budget until next year".
func (t *text) budgetDate(a, b, i int, now time.Time) (KeyDate, bool) {
	for k := i; k < min(b, i+12); k++ {
		if t.is(k, "until", "till", "til", "in", "starts", "start", "opens", "resets", "begins", "through", "after", "for", "from", "on", "by", "is", "cycle", "planning", "kicks", "next", "q1", "q2", "q3", "q4", "h1", "h2") {
			when, q, ok := t.dateNear(k-1, b, now, true)
			if !ok {
				continue
			}
			return KeyDate{Kind: DateBudget, Text: t.quote(i, q), When: when}, true
		}
	}
	// "Q3 budget", "next year's budget"
	if when, q, ok := t.dateNear(max(a, i-5)-1, i+1, now, true); ok && q < i {
		return KeyDate{Kind: DateBudget, Text: t.quote(max(a, i-4), i), When: when}, true
	}
	if t.is(i, "freeze", "frozen") || t.is(i, "budget", "budgets") && t.contains(i, min(b, i+5), "freeze", "frozen", "cut", "cuts", "locked", "gone", "spent", "approved", "approval", "cycle") >= 0 {
		return KeyDate{Kind: DateBudget, Text: t.quote(i, min(b-1, i+3))}, true
	}
	return KeyDate{}, false
}

// otherFreeze: a freeze that is not about money ("hiring freeze", "code
// freeze") is not a budget date.
func (t *text) otherFreeze(a, b, i int) bool {
	if !t.is(i, "freeze", "frozen") {
		return false
	}
	if t.contains(a, b, "budget", "budgets", "spend", "spending", "purchases", "purchasing", "procurement", "capex", "opex", "vendors", "vendor", "tools", "software", "funding", "money", "po", "pos") >= 0 {
		return false
	}
	return t.contains(max(a, i-2), min(b, i+3), "hiring", "headcount", "code", "change", "feature", "deploy", "deployment", "release", "holiday") >= 0 || true && t.contains(a, b, "hiring", "headcount", "code") >= 0
}
