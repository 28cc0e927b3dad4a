package coach

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Facts are what can be read out of a deal story without asking.
type Facts struct {
	// Prospect is the person who went quiet, if named.
	Prospect string `json:"prospect,omitempty"`
	// Company is the prospect's organization, if named.
	Company string `json:"company,omitempty"`
	// DaysSilent is how long since the prospect last answered; -1 when unknown.
	DaysSilent int `json:"days_silent"`
	// FollowUps is how many unanswered touches were already sent; -1 when unknown.
	FollowUps int `json:"follow_ups"`
	// Channel is how the seller reaches them: email, linkedin, phone, text.
	Channel string `json:"channel,omitempty"`
	// Dates are contract, budget or other dates that gate the deal.
	Dates []KeyDate `json:"dates,omitempty"`
	// Truncated is set when the story was longer than MaxStoryBytes and only
	// its beginning was read.
	Truncated bool `json:"truncated,omitempty"`
}

// KeyDate is a date that matters to the deal, such as a contract end.
type KeyDate struct {
	// Kind is contract_end, budget, audit, or other.
	Kind string `json:"kind"`
	// Text is the phrase the date was read from.
	Text string `json:"text"`
	// When is the resolved date, zero when it could not be resolved.
	When time.Time `json:"when,omitzero"`
}

// Date kinds.
const (
	DateContractEnd = "contract_end"
	DateBudget      = "budget"
	DateAudit       = "audit"
)

// MaxStoryBytes is how much of a story is read. Longer stories are cut at a
// rune boundary and Facts.Truncated is set so the user can be told.
const MaxStoryBytes = 8 << 10

// CleanStory makes raw user text safe to work with: valid UTF-8, no control
// characters other than newlines and tabs, trimmed, and cut to MaxStoryBytes.
// It reports whether the text was cut.
func CleanStory(raw string) (string, bool) {
	s := strings.ToValidUTF8(raw, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u200b' || r == '\ufeff':
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) <= MaxStoryBytes {
		return s, false
	}
	cut := MaxStoryBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimSpace(s[:cut]), true
}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "once": 1, "two": 2, "twice": 2, "three": 3, "thrice": 3,
	"four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "a couple": 2, "a couple of": 2, "couple of": 2,
	"a few": 3, "few": 3, "several": 3, "multiple": 3, "many": 5, "a dozen": 12,
}

const numPat = `(\d{1,3}|a couple(?: of)?|couple of|a few|few|several|multiple|many|a dozen|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`

var (
	// "followed up 3 times", "chased them twice", "pinged her a few times"
	reFollowTimes = regexp.MustCompile(`(?i)\b(?:follow(?:ed)?[- ]?up|chased|pinged|nudged|emailed|called|messaged|reached out|bumped|tried|wrote|texted|left (?:a )?voicemails?)\b[^.;\n]{0,30}?\b` + numPat + `[ \t]+(?:more[ \t]+)?(?:times|x)\b`)
	reFollowTwice = regexp.MustCompile(`(?i)\b(?:follow(?:ed)?[- ]?up|chased|pinged|nudged|emailed|called|messaged|reached out|bumped|tried|wrote|texted)\b[^.;\n]{0,30}?\b(twice|thrice|once)\b`)
	// "sent 4 follow-ups", "3 unanswered emails", "two voicemails"
	reFollowCount = regexp.MustCompile(`(?i)\b` + numPat + `[ \t]+(?:more[ \t]+|unanswered[ \t]+|separate[ \t]+|different[ \t]+)?(?:follow[- ]?ups?|emails?|messages?|voicemails?|calls?|pings?|nudges?|touches|touchpoints?|texts?|inmails?|dms?)\b`)
	reNoFollowUp  = regexp.MustCompile(`(?i)\b(?:haven'?t|have not|didn'?t|did not|never)\s+(?:followed up|sent (?:a|any) follow[- ]?ups?|chased)`)

	// "3 weeks ago", "for two weeks", "6 weeks of silence"
	reAgo = regexp.MustCompile(`(?i)\b` + numPat + `[ \t]+(day|week|month|year)s?\b[ \t]*(ago|of silence|of nothing|without|since|now|in silence|silent|quiet|dark)?`)
	// "since last week", "since last month"
	reSinceLast = regexp.MustCompile(`(?i)\b(?:since|for|about|over|nearly|almost)\s+(?:a\s+|last\s+)(day|week|month|year)\b`)
	// "since March 3", "last spoke on 12 May"
	reSinceDate = regexp.MustCompile(`(?i)\b(?:since|on|last (?:spoke|talked|heard|call|meeting|contact)[a-z ]{0,12}?)\s+(?:(` + monthPat + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+(` + monthPat + `))\b`)
	// "last contact: 2026-10-01" (the modal's format), ISO dates anywhere after "last"
	reISOLast = regexp.MustCompile(`(?i)\blast[a-z ]{0,20}?[:\-–]?\s*(\d{4}-\d{2}-\d{2})\b`)

	// "2-year contract", "three year deal", "contract until March 2027"
	reContractYears = regexp.MustCompile(`(?i)\b(\d|one|two|three|four|five|multi)[- ]?(year|yr)\s+(?:contract|deal|agreement|commitment|term|licen[cs]e|subscription)\b`)
	reContractUntil = regexp.MustCompile(`(?i)\b(?:contract|agreement|licen[cs]e|subscription|renewal|term)\b[^.;\n]{0,40}?\b(?:ends?|expires?|runs out|renews?|up for renewal|until|through|till)\b\s*(?:in|on|at)?\s*(?:(` + monthPat + `)\.?\s*(\d{4})?|(q[1-4])\s*(\d{4})?|next (year|quarter|month|spring|summer|fall|autumn|winter)|(\d{4}))`)
	reSigned        = regexp.MustCompile(`(?i)\b(?:signed|went with|chose|picked|renewed|locked (?:in|into))\b[^.;\n]{0,60}?\b(last (?:spring|summer|fall|autumn|winter|year|month|quarter)|this (?:spring|summer|year)|in (?:` + monthPat + `)(?:\s+\d{4})?)`)
	reBudget        = regexp.MustCompile(`(?i)\b(?:budget|fiscal year|fy|planning cycle|funding)\b[^.;\n]{0,40}?\b(?:(q[1-4])|(` + monthPat + `)|next (year|quarter|month|spring|summer|fall|autumn|winter)|in (\d{1,2}) months?)`)
	reAudit         = regexp.MustCompile(`(?i)\b(?:audit|reorg(?:anization)?|re-org|merger|acquisition|migration|launch|busy season|year[- ]end close)\b`)

	reChannel = regexp.MustCompile(`(?i)\b(e-?mails?|linkedin|inmails?|phone|calls?|voicemails?|texts?|sms|whatsapp|slack)\b`)

	// "Prospect: Dana Lee" / "Company: Acme" (the modal composes these lines).
	reFieldProspect = regexp.MustCompile(`(?im)^\s*(?:prospect|contact|who)\s*:\s*(.{1,80})$`)
	reFieldCompany  = regexp.MustCompile(`(?im)^\s*(?:company|account|organi[sz]ation)\s*:\s*(.{1,80})$`)
	// "Dana (VP Ops) at Acme Corp", "with Dana at Acme", "Acme's CFO"
	reAtCompany = regexp.MustCompile(`\b(?:at|from|with|for)\s+([A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|&))*)`)
	rePerson    = regexp.MustCompile(`\b(?:with|to|from|emailed|called|met|pinged|messaged|prospect|contact)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b`)
	// "Dana at Acme", "Dana (VP Ops) from Acme"
	rePersonAt = regexp.MustCompile(`\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:\([^)]{1,40}\)\s+)?(?:at|from)\s+[A-Z]`)
)

const monthPat = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b`

// notNames are capitalised words that start sentences or name tools, not
// people or companies.
var notNames = map[string]bool{
	"I": true, "We": true, "They": true, "He": true, "She": true, "The": true, "A": true,
	"An": true, "It": true, "My": true, "Our": true, "Their": true, "His": true, "Her": true,
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true,
	"Saturday": true, "Sunday": true, "LinkedIn": true, "Email": true, "Zoom": true, "Teams": true,
	"Slack": true, "Q1": true, "Q2": true, "Q3": true, "Q4": true, "CFO": true, "CEO": true,
	"CTO": true, "VP": true, "Head": true, "Director": true, "Manager": true, "Then": true,
	"After": true, "Since": true, "Last": true, "Next": true, "This": true, "That": true,
	"Them": true, "Him": true, "Me": true, "Us": true, "You": true, "Ignore": true,
}

// leadVerbs start notes ("Met Priya at Northwind") and are not names.
var leadVerbs = map[string]bool{
	"Met": true, "Called": true, "Emailed": true, "Pinged": true, "Spoke": true, "Talked": true,
	"Demoed": true, "Sent": true, "Had": true, "Followed": true, "Chased": true, "Messaged": true,
}

// ExtractFacts reads what it can from a cleaned story. now anchors relative
// phrases ("three weeks ago", "next quarter").
func ExtractFacts(story string, now time.Time) Facts {
	f := Facts{DaysSilent: -1, FollowUps: -1}
	t := newText(story)
	f.Prospect, f.Company = names(t)
	f.FollowUps = followUps(t)
	f.DaysSilent = daysSilent(t, now)
	if m := t.first(reChannel); m != nil {
		f.Channel = normalizeChannel(m[1])
	}
	f.Dates = keyDates(t, now)
	return f
}

func names(t text) (prospect, company string) {
	if m := t.first(reFieldProspect); m != nil {
		prospect = strings.TrimSpace(m[1])
	}
	if m := t.first(reFieldCompany); m != nil {
		company = strings.TrimSpace(m[1])
	}
	if prospect != "" && company == "" {
		// "Prospect: Dana at Acme" from a free-typed modal field.
		if i := strings.Index(prospect, " at "); i > 0 {
			prospect, company = strings.TrimSpace(prospect[:i]), strings.TrimSpace(prospect[i+4:])
		}
	}
	if company == "" {
		for _, m := range t.all(reAtCompany) {
			c := strings.TrimRight(strings.TrimSpace(m[1]), ".'-")
			if first, _, _ := strings.Cut(c, " "); notNames[first] || isPersonLike(c, t.whole) {
				continue
			}
			company = c
			break
		}
	}
	if prospect == "" {
		for _, m := range append(t.all(rePersonAt), t.all(rePerson)...) {
			p := m[1]
			if first, rest, ok := strings.Cut(p, " "); ok && (notNames[first] || leadVerbs[first]) {
				p = rest
			}
			if first, _, _ := strings.Cut(p, " "); notNames[first] || leadVerbs[first] || p == company || strings.HasPrefix(company, p) {
				continue
			}
			prospect = p
			break
		}
	}
	return prospect, company
}

// isPersonLike guesses that "with Dana" names a person, not a company: a
// single capitalised word followed by a role in parentheses or "at X".
func isPersonLike(c, story string) bool {
	if strings.Contains(c, " ") {
		return false
	}
	i := strings.Index(story, c)
	rest := story[i+len(c):]
	return strings.HasPrefix(rest, " (") || strings.HasPrefix(rest, " at ") || strings.HasPrefix(rest, ", the") || strings.HasPrefix(rest, ", our")
}

func parseNum(s string) int {
	s = strings.ToLower(strings.TrimSpace(s))
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return numberWords[s]
}

// followUps returns the largest count of unanswered touches mentioned, or -1.
func followUps(t text) int {
	best := -1
	for _, m := range t.all(reFollowTimes) {
		best = max(best, parseNum(m[1]))
	}
	for _, m := range t.all(reFollowTwice) {
		best = max(best, parseNum(m[1]))
	}
	for _, m := range t.all(reFollowCount) {
		best = max(best, parseNum(m[1]))
	}
	if best < 0 && t.first(reNoFollowUp) != nil {
		best = 0
	}
	return min(best, 99)
}

var unitDays = map[string]int{"day": 1, "week": 7, "month": 30, "year": 365}

func daysSilent(t text, now time.Time) int {
	if m := t.first(reISOLast); m != nil {
		if t, err := time.Parse("2006-01-02", m[1]); err == nil {
			if d := int(now.Sub(t).Hours() / 24); d >= 0 {
				return d
			}
		}
	}
	if m := t.first(reSinceDate); m != nil {
		mon, day := m[1], m[2]
		if mon == "" {
			mon, day = m[4], m[3]
		}
		if t, ok := resolveMonthDay(mon, day, now); ok {
			return int(now.Sub(t).Hours() / 24)
		}
	}
	best := -1
	for _, m := range t.all(reAgo) {
		// "a 2-year contract" is not silence; require a silence word or "ago".
		if m[3] == "" {
			continue
		}
		best = max(best, parseNum(m[1])*unitDays[strings.ToLower(m[2])])
	}
	if best < 0 {
		if m := t.first(reSinceLast); m != nil {
			best = unitDays[strings.ToLower(m[1])]
		}
	}
	return best
}

func monthOf(s string) (time.Month, bool) {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return 0, false
	}
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), s[:3]) {
			return m, true
		}
	}
	return 0, false
}

// resolveMonthDay resolves "March 3" to the most recent such date not after now.
func resolveMonthDay(mon, day string, now time.Time) (time.Time, bool) {
	m, ok := monthOf(mon)
	d, err := strconv.Atoi(day)
	if !ok || err != nil || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(now.Year(), m, d, 0, 0, 0, 0, now.Location())
	if t.After(now) {
		t = t.AddDate(-1, 0, 0)
	}
	return t, true
}

// nextMonth resolves "March" (and an optional year) to the first of the next
// such month after now.
func nextMonth(mon, year string, now time.Time) time.Time {
	m, ok := monthOf(mon)
	if !ok {
		return time.Time{}
	}
	if y, err := strconv.Atoi(year); err == nil {
		return time.Date(y, m, 1, 0, 0, 0, 0, now.Location())
	}
	t := time.Date(now.Year(), m, 1, 0, 0, 0, 0, now.Location())
	if !t.After(now) {
		t = t.AddDate(1, 0, 0)
	}
	return t
}

func quarterStart(q, year string, now time.Time) time.Time {
	n := int(q[1] - '0')
	start := time.Month(3*(n-1) + 1)
	if y, err := strconv.Atoi(year); err == nil {
		return time.Date(y, start, 1, 0, 0, 0, 0, now.Location())
	}
	t := time.Date(now.Year(), start, 1, 0, 0, 0, 0, now.Location())
	if !t.After(now) {
		t = t.AddDate(1, 0, 0)
	}
	return t
}

var seasonMonth = map[string]time.Month{"spring": time.March, "summer": time.June, "fall": time.September, "autumn": time.September, "winter": time.December}

// relative resolves "next quarter", "last spring" and the like.
func relative(which, unit string, now time.Time) time.Time {
	unit = strings.ToLower(unit)
	sign := 1
	if strings.EqualFold(which, "last") {
		sign = -1
	}
	switch unit {
	case "year":
		return time.Date(now.Year()+sign, time.January, 1, 0, 0, 0, 0, now.Location())
	case "quarter":
		q := (int(now.Month())-1)/3 + sign
		return time.Date(now.Year(), time.Month(3*q+1), 1, 0, 0, 0, 0, now.Location())
	case "month":
		return time.Date(now.Year(), now.Month()+time.Month(sign), 1, 0, 0, 0, 0, now.Location())
	}
	if m, ok := seasonMonth[unit]; ok {
		t := time.Date(now.Year(), m, 1, 0, 0, 0, 0, now.Location())
		if sign > 0 && !t.After(now) {
			t = t.AddDate(1, 0, 0)
		}
		if sign < 0 && t.After(now) {
			t = t.AddDate(-1, 0, 0)
		}
		if sign < 0 && strings.EqualFold(which, "last") && now.Sub(t) < 90*24*time.Hour {
			// "last spring" said in summer means the spring a year before.
			t = t.AddDate(-1, 0, 0)
		}
		return t
	}
	return time.Time{}
}

func keyDates(t text, now time.Time) []KeyDate {
	var dates []KeyDate
	years := 0
	if m := t.first(reContractYears); m != nil {
		years = parseNum(m[1])
		if strings.EqualFold(m[1], "multi") {
			years = 2
		}
		kd := KeyDate{Kind: DateContractEnd, Text: m[0]}
		if s := t.first(reSigned); s != nil && years > 0 {
			if start := signedAt(s[1], now); !start.IsZero() {
				kd.When = start.AddDate(years, 0, 0)
			}
		}
		dates = append(dates, kd)
	}
	if m := t.first(reContractUntil); m != nil {
		kd := KeyDate{Kind: DateContractEnd, Text: m[0]}
		switch {
		case m[1] != "":
			kd.When = nextMonth(m[1], m[2], now)
		case m[3] != "":
			kd.When = quarterStart(strings.ToLower(m[3]), m[4], now)
		case m[5] != "":
			kd.When = relative("next", m[5], now)
		case m[6] != "":
			y, _ := strconv.Atoi(m[6])
			kd.When = time.Date(y, time.January, 1, 0, 0, 0, 0, now.Location())
		}
		if len(dates) == 1 && dates[0].When.IsZero() {
			dates[0] = kd
		} else if len(dates) == 0 {
			dates = append(dates, kd)
		}
	}
	if m := t.first(reBudget); m != nil {
		kd := KeyDate{Kind: DateBudget, Text: m[0]}
		switch {
		case m[1] != "":
			kd.When = quarterStart(strings.ToLower(m[1]), "", now)
		case m[2] != "":
			kd.When = nextMonth(m[2], "", now)
		case m[3] != "":
			kd.When = relative("next", m[3], now)
		case m[4] != "":
			n, _ := strconv.Atoi(m[4])
			kd.When = now.AddDate(0, n, 0)
		}
		dates = append(dates, kd)
	}
	if m := t.first(reAudit); m != nil {
		dates = append(dates, KeyDate{Kind: DateAudit, Text: m[0]})
	}
	return dates
}

func signedAt(phrase string, now time.Time) time.Time {
	p := strings.ToLower(phrase)
	if rest, ok := strings.CutPrefix(p, "in "); ok {
		mon, year, _ := strings.Cut(rest, " ")
		t := nextMonth(mon, year, now)
		if year == "" && !t.IsZero() {
			t = t.AddDate(-1, 0, 0) // signing is in the past
		}
		return t
	}
	which, unit, _ := strings.Cut(p, " ")
	if which == "this" {
		if m, ok := seasonMonth[unit]; ok {
			return time.Date(now.Year(), m, 1, 0, 0, 0, 0, now.Location())
		}
		return time.Date(now.Year(), time.January, 1, 0, 0, 0, 0, now.Location())
	}
	return relative(which, unit, now)
}

func normalizeChannel(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.HasPrefix(s, "e"):
		return "email"
	case strings.HasPrefix(s, "linkedin"), strings.HasPrefix(s, "inmail"):
		return "linkedin"
	case strings.HasPrefix(s, "phone"), strings.HasPrefix(s, "call"), strings.HasPrefix(s, "voicemail"):
		return "phone"
	case strings.HasPrefix(s, "text"), s == "sms", s == "whatsapp":
		return "text"
	}
	return s
}

// text is a story split into clauses, with an ASCII-lowercased copy of each,
// so that every pattern runs only on the few clauses holding one of its
// trigger words. Go's regexp engine is linear but not fast; this keeps fact
// extraction on a 2 KB story well inside the per-story latency budget.
type text struct {
	whole string
	sents []string
	lows  []string
}

func newText(s string) text {
	t := text{whole: s}
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' || ((c == '.' || c == '!' || c == '?' || c == ';') && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n')) {
			if i > start {
				t.sents = append(t.sents, s[start:i+1])
			}
			start = i + 1
		}
	}
	if start < len(s) {
		t.sents = append(t.sents, s[start:])
	}
	t.lows = make([]string, len(t.sents))
	for i, st := range t.sents {
		t.lows[i] = asciiLower(st)
	}
	return t
}

// candidates returns the clauses worth running re on, or the whole story when
// re has no triggers (the line-anchored field patterns).
func (t text) candidates(re *regexp.Regexp) []string {
	trig, ok := triggers[re]
	if !ok {
		return []string{t.whole}
	}
	var out []string
	for i, low := range t.lows {
		for _, w := range trig {
			if strings.Contains(low, w) {
				out = append(out, t.sents[i])
				break
			}
		}
	}
	return out
}

func (t text) all(re *regexp.Regexp) [][]string {
	var out [][]string
	for _, s := range t.candidates(re) {
		out = append(out, re.FindAllStringSubmatch(s, -1)...)
	}
	return out
}

func (t text) first(re *regexp.Regexp) []string {
	for _, s := range t.candidates(re) {
		if m := re.FindStringSubmatch(s); m != nil {
			return m
		}
	}
	return nil
}

var months = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// triggers lists, per pattern, lowercase words without which it cannot match.
var triggers = map[*regexp.Regexp][]string{
	reFollowTimes:   {"time", "0x", "1x", "2x", "3x", "4x", "5x", "6x", "7x", "8x", "9x", "ew x", "al x"},
	reFollowTwice:   {"twice", "thrice", "once"},
	reFollowCount:   {"follow", "mail", "message", "call", "ping", "nudge", "touch", "text", "dm"},
	reNoFollowUp:    {"n't", "not", "never"},
	reAgo:           {"day", "week", "month", "year"},
	reSinceLast:     {"day", "week", "month", "year"},
	reSinceDate:     months,
	reISOLast:       {"last"},
	reContractYears: {"year", "yr"},
	reContractUntil: {"contract", "agreement", "licen", "subscription", "renew", "term"},
	reSigned:        {"signed", "went with", "chose", "picked", "renewed", "locked"},
	reBudget:        {"budget", "fiscal", "fy", "planning", "funding"},
	reAudit:         {"audit", "reorg", "re-org", "merger", "acquisition", "migration", "launch", "busy season", "close"},
	reChannel:       {"mail", "linkedin", "phone", "call", "voicemail", "text", "sms", "whatsapp", "slack"},
	reAtCompany:     {"at ", "from ", "with ", "for "},
	rePerson:        {"with ", "to ", "from ", "emailed ", "called ", "met ", "pinged ", "messaged ", "prospect ", "contact "},
	rePersonAt:      {" at ", " from "},
}
