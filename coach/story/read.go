// Package story reads the facts out of a salesperson's account of a deal
// that went quiet: who went quiet and where they work, how many unanswered
// messages the salesperson already sent and by which channel, how long the
// prospect has been silent, and the dates that gate the deal (a contract
// end, a budget cycle, an audit).
//
// People write these stories in every shape: terse notes, long recaps,
// pasted email threads. The reader tokenizes a story once and reads each fact
// from the words around it ("Marcus Lee, VP Finance at Brightline Health";
// "emailed her twice"; "no reply for 24 days"), never from a bare keyword, and
// says where each fact came from so a person (or a checker of an LLM's
// reading) can see why. Whatever it cannot read stays unknown: a title, a
// month or a weekday is never a name, a meeting that happened is never a
// follow-up.
package story

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Facts are what can be read out of a deal story without asking.
type Facts struct {
	// Prospect is the person who went quiet ("Marcus Lee"), empty when the
	// story names nobody.
	Prospect string `json:"prospect"`
	// Company is the prospect's organization, empty when not named.
	Company string `json:"company"`
	// DaysSilent is how long since the prospect last answered; -1 when unknown.
	DaysSilent int `json:"days_silent"`
	// FollowUps is how many unanswered touches the salesperson already sent
	// since the prospect last answered; -1 when unknown.
	FollowUps int `json:"follow_ups"`
	// Channel is how those touches went: email, linkedin, phone or text;
	// empty when unknown.
	Channel string `json:"channel"`
	// Dates are contract ends, budget cycles, audits and big events that
	// gate the deal.
	Dates []KeyDate `json:"dates,omitempty"`
	// Truncated is set when the story was longer than the limit and only its
	// beginning was read.
	Truncated bool `json:"truncated,omitempty"`
	// Sources quote the words each fact was read from.
	Sources Sources `json:"sources,omitzero"`
}

// Sources quote, per fact, the words it was read from ("" when unknown or
// when the fact came from elsewhere, such as a correction).
type Sources struct {
	Prospect   string `json:"prospect,omitempty"`
	Company    string `json:"company,omitempty"`
	FollowUps  string `json:"follow_ups,omitempty"`
	DaysSilent string `json:"days_silent,omitempty"`
	Channel    string `json:"channel,omitempty"`
	// Thread is set when the story held a pasted email thread and the facts
	// came from its headers.
	Thread bool `json:"thread,omitempty"`
}

// FirstName returns the prospect's first name, or "" ("Mr. Okonkwo" has
// none that can be used on its own).
func (f Facts) FirstName() string {
	w := strings.Fields(f.Prospect)
	for len(w) > 1 && honorifics[strings.ToLower(strings.TrimSuffix(w[0], "."))] {
		given := givenHonorifics[strings.ToLower(strings.TrimSuffix(w[0], "."))]
		w = w[1:]
		if len(w) == 1 && !given && !firstNames[foldLower(w[0])] {
			return "" // "Dr. Patel": a surname only
		}
	}
	w = append([]string(nil), w...)
	for i := range w {
		// "Kenta-san": Japanese honorific suffixes are not part of the name.
		for _, suf := range []string{"-san", "-sama", "-kun", "-chan", "-ji", "-sensei"} {
			w[i] = strings.TrimSuffix(w[i], suf)
		}
	}
	if len(w) == 1 && len([]rune(strings.TrimSuffix(w[0], "."))) == 1 {
		return "" // "M.": an initial
	}
	if len(w) >= 2 && len([]rune(strings.TrimSuffix(w[0], "."))) == 1 {
		return "" // "M. Osei": an initial and a surname
	}
	if len(w) == 0 {
		return ""
	}
	if len(w) >= 2 && familyFirst(w[0], w[1]) {
		return w[1]
	}
	return w[0]
}

// familyFirst reports whether a name is written family name first:
// "ZHANG Wei", "Tanaka Hiroshi", "Park Ji-hoon".
func familyFirst(a, b string) bool {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if isAllUpper(a) && !isAllUpper(b) && len([]rune(a)) > 1 {
		return true
	}
	lb = strings.TrimSuffix(strings.TrimSuffix(lb, "-san"), "-sama")
	return surnamesFirst[la] && (firstNames[lb] && !surnamesFirst[lb] || !firstNamesHas(la) && !surnamesFirst[lb])
}

func isAllUpper(s string) bool {
	letters := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			return false
		}
		if r >= 'A' && r <= 'Z' {
			letters++
		}
	}
	return letters > 0
}

// honorifics come before a name: "Dr. Yolanda Pierce", "Mr. Okonkwo".
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "sir": true, "dame": true, "fr": true,
	"rev": true, "barr": true, "engr": true, "eng": true, "ing": true, "lic": true, "adv": true, "me": true, "oga": true,
	"oom": true, "tannie": true, "don": true, "doña": true, "dona": true, "sr": true, "sra": true, "srta": true,
	"herr": true, "frau": true, "mme": true, "mlle": true, "alhaji": true, "hajia": true, "chief": true, "hon": true,
	"sheikh": true, "mx": true, "madam": true, "mrs.": true, "ir": true, "drs": true,
	// Filipino, Italian, Polish, Portuguese and Indonesian forms of address.
	"ma'am": true, "maam": true, "mam": true, "dra": true, "dott": true, "dottssa": true, "avv": true, "geom": true,
	"arch": true, "pan": true, "pani": true, "sig": true, "sigra": true, "atty": true, "capt": true, "pastor": true,
	"senhor": true, "senhora": true, "pak": true, "bu": true, "ibu": true, "bapak": true, "mister": true, "doc": true,
	"maître": true, "maitre": true, "mtre": true, "khun": true,
	// Roles people are addressed by: "Coach Reggie Thompson", "Judge Okafor".
	"mzee": true, "coach": true, "captain": true, "chef": true, "judge": true, "rabbi": true, "imam": true, "cllr": true,
	"councillor": true, "father": true, "sister": true, "principal": true, "headmaster": true, "headmistress": true,
}

// givenHonorifics come before a given name ("Oga Kunle", "Don Memo", "Oom
// Kobus"); the others before a surname ("Dr. Patel").
var givenHonorifics = map[string]bool{"oga": true, "don": true, "doña": true, "dona": true, "oom": true, "tannie": true, "alhaji": true, "hajia": true, "sheikh": true, "chief": true, "madam": true, "me": true,
	"sir": true, "dame": true, "ma'am": true, "maam": true, "mam": true, "pak": true, "bu": true, "ibu": true, "bapak": true}

// honorificAt reports whether an honorific starts at token i ("Dr.",
// "Ma'am", "Dott.ssa", "Prof.ssa") and returns the index after it.
func (t *text) honorificAt(i int) (int, bool) {
	if i < 0 || i >= len(t.toks) || !honorifics[strings.TrimSuffix(t.low(i), ".")] {
		return i, false
	}
	j := i + 1
	if t.is(j, ".") {
		j++
		if t.is(j, "ssa", "ra") && t.toks[j].start == t.toks[j-1].end {
			j++ // "Dott.ssa", "Sig.ra"
		}
	}
	return j, true
}

// maxRead is the most of a text the reader reads.
const maxRead = 16 << 10

// maxDaysSilent is the longest silence the reader believes: three years.
const maxDaysSilent = 3 * 365

// Unknown returns Facts with nothing known.
func Unknown() Facts { return Facts{DaysSilent: -1, FollowUps: -1} }

// Read reads the facts of a story. now anchors relative phrases ("three
// weeks ago", "next quarter", "since Nov 12").
func Read(raw string, now time.Time) Facts {
	f := Unknown()
	if len(raw) > maxRead {
		// Callers cut stories to 8 KB; a longer text is read only so far,
		// so the reading time stays bounded whatever arrives.
		cut := maxRead
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		raw, f.Truncated = raw[:cut], true
	}
	t := newText(chatLines(teamPaste(unquoteTranscript(raw))))
	if len(t.toks) == 0 {
		return f
	}
	fields := t.fieldLines(now)
	hint, msgs := t.parseThread(now)
	f.Prospect, f.Company, f.Sources.Prospect, f.Sources.Company = t.names(hint)
	t.prospect = foldLower(f.FirstName()) // as tokens are: lower case, accents folded
	// The log is read knowing whom the rep chases: a colleague's answer in
	// it is not the prospect's.
	lg := t.parseLog(now, hint.lines)
	skip := func(i int) bool { return hint.lines[t.toks[i].line] || lg.lines[t.toks[i].line] }
	if !hint.found && !lg.found {
		skip = nil
	}

	found, zero := t.touches(skip)
	// A line that states its field ("Prospect: …") covers the field's
	// mention elsewhere.
	n, ch, q := tallyTouches(found)
	if n > 0 && t.vagueCount(found) {
		// "a bunch of follow ups", "several reminders", "maybe 3 or 4
		// times": how many is not known, so it is not guessed; the coach
		// asks instead.
		n = -1
	}
	switch {
	case n > 0:
		f.FollowUps, f.Sources.FollowUps = n, q
	case zero != "":
		f.FollowUps, f.Sources.FollowUps = 0, zero
	}
	if hint.found && hint.touches >= 0 {
		// The thread counts the emails; the rep's own words add what went
		// by other channels ("I also left a voicemail").
		nonEmail, lastOther, more := 0, "", 0
		for _, tc := range found {
			ln := t.toks[tc.at].line
			between := len(msgs) > 1 && ln > msgs[0].header && ln < msgs[len(msgs)-1].header
			if (tc.channel == "" || tc.channel == hint.channel) && (between || t.contains(tc.at, min(max(tc.end, tc.at)+1, len(t.toks)), "more", "another") >= 0) {
				// By the paste's own channel, sends it does not hold:
				// typed between the pasted messages ("sent quote mar 10.
				// then:"), or told as more after them ("since then I sent
				// one more email on the 8th").
				more += tc.n
				continue
			}
			if tc.channel != "" && tc.channel != hint.channel && (tc.channel != ChannelEmail || hint.channel != "" && hint.channel != ChannelEmail) {
				// "i also called 2 times after that last message" beside a
				// pasted WhatsApp chat or email thread; beside a chat, "I
				// also sent one email on 22/12" too.
				nonEmail += tc.n
				if tc.channel != ChannelEmail || t.dayAfter(tc, hint.lastTouchAt, now) {
					// An email dated after the chat's last message went
					// last: "also emailed him dec 1" under a LinkedIn thread.
					lastOther = tc.channel
				}
			}
		}
		switch {
		case n-nonEmail > hint.touches && more == 0:
			// "followed up 3 times" beats a partial paste (the calls
			// beside a mail thread are never in it)
		case zero != "" && n <= 0:
		default:
			f.FollowUps, f.Sources.FollowUps = hint.touches+nonEmail+more, hint.touchQuote
			if lastOther != "" {
				ch = lastOther
			} else {
				ch = hint.channel // an email told beside a chat: the chat says how it went last
			}
		}
		f.Sources.Thread = true
		if ch == "" && f.FollowUps > 0 {
			ch = hint.channel
		}
	}
	if lg.found && !(hint.found && hint.touches >= 0) && n <= lg.touches {
		// An activity log counts the touches; the rep's own words add what
		// went by a channel the log does not show ("I also tried her
		// mobile once on the 20th").
		extra := 0
		for _, tc := range found {
			if tc.channel != "" && !lg.channels[tc.channel] {
				extra += tc.n
			}
		}
		f.FollowUps, f.Sources.FollowUps = lg.touches+extra, "the pasted activity log"
		if lg.channel != "" {
			ch = lg.channel // the log's dated last entry says how it went
		}
	}
	chq := q
	if f.FollowUps > 0 {
		if ch == "" {
			ch = t.channelOfTouches(found)
		}
		if ch == "" {
			ch = t.storyChannel(skip)
		}
		if ch == "" && lg.found && lg.chat {
			ch, chq = ChannelText, "the pasted conversation"
		}
		if ch == "" {
			// Written follow-ups with no channel named ("sent it 12 Aug,
			// chased twice") are, in B2B selling, emails.
			ch, chq = ChannelEmail, "no channel named; follow-ups are most often emails"
		}
		f.Channel, f.Sources.Channel = ch, chq
		if c, q := t.latestTimedChannel(found, now); c != "" && !(hint.found && hint.touches >= 0) && !lg.found {
			// "Left a voicemail this morning. Before that I'd emailed
			// her on the 1st and the 8th": told last is not sent last.
			f.Channel, f.Sources.Channel = c, q
		}
		if c, q := t.lastTouchChannel(skip); c != "" {
			// "last touch was a vm this morning" says it outright.
			f.Channel, f.Sources.Channel = c, q
		}
	} else if f.FollowUps < 0 {
		// No count, but how the chasing went: "chasing her on WhatsApp".
		f.Channel, f.Sources.Channel = t.channelOfSends(skip)
	}

	if n < 0 && len(found) > 0 && f.FollowUps < 0 && f.Channel == "" && ch != "" {
		f.Channel, f.Sources.Channel = ch, q // "a bunch of emails": how many is unknown, how is not
	}
	if f.FollowUps < 0 && len(found) > 0 {
		if c, q := t.lastTouchChannel(skip); c != "" {
			// "a few emails and a call… the latest was the call"
			f.Channel, f.Sources.Channel = c, q
		}
	}
	f.DaysSilent, f.Sources.DaysSilent = t.daysSilent(now, skip)
	if lg.found && lg.days >= 0 && !(hint.found && hint.days >= 0) {
		f.DaysSilent, f.Sources.DaysSilent = lg.days, lg.quote
	}
	if hint.found && hint.days >= 0 && !(f.DaysSilent >= 0 && f.DaysSilent < hint.days && t.thankedEvent(f.Sources.DaysSilent) && strings.ContainsAny(f.Sources.DaysSilent, "0123456789") && heldWords.MatchString(f.Sources.DaysSilent)) {
		// The date on the prospect's last message beats prose about it,
		// unless the prose dates a conversation after it: "we emailed in
		// March, then had a call on Apr 2" above a thread ending in March.
		f.DaysSilent, f.Sources.DaysSilent = hint.days, hint.daysQuote
	}
	if hint.found && hint.days < 0 && f.DaysSilent < 0 && !(lg.found && lg.days >= 0) {
		// The prospect never wrote in the paste, but the rep's own messages
		// name the meeting: "thank you for the call on 9 September".
		if d, q := t.daysSilent(now, nil); d >= 0 && t.thankedEvent(q) && strings.ContainsAny(q, "0123456789") {
			// (A relative day in a message, "yesterday", counts from the
			// message's date, not today's: only calendar dates here.)
			f.DaysSilent, f.Sources.DaysSilent = d, q
		} else if d, q := t.eventInRepMessages(hint, msgs, now); d >= 0 {
			f.DaysSilent, f.Sources.DaysSilent = d, q
		}
	}
	if f.DaysSilent > maxDaysSilent {
		// A date years back is a paste's old header or a typo, not how long
		// this prospect has been quiet.
		f.DaysSilent, f.Sources.DaysSilent = -1, ""
	}
	if f.FollowUps < 0 && f.DaysSilent >= 0 && f.DaysSilent <= 2 && f.Channel == "" {
		// "Marco replied yesterday… should I chase him already?": with
		// the last word a day or two old and no send told, nothing has
		// gone unanswered yet.
		f.FollowUps, f.Sources.FollowUps = 0, "the last contact was "+daysPhrase(f.DaysSilent)+" and no follow-up since is told"
	}
	f.Dates = t.keyDates(now)

	// Lines that state a field ("Prospect: Dana Lee at Acme") win.
	fields.apply(&f)
	f.Company = trimCompanyLead(t.withLegalSuffix(f.Company))
	if f.Prospect != "" && strings.EqualFold(f.Prospect, f.Company) {
		// "Deal: Kaldera Geothermal", "Person: (none)": a company is no
		// one to greet.
		f.Prospect, f.Sources.Prospect = "", ""
	}
	if f.Company == "" && hint.found {
		if c, q := t.subjectCompany(hint); c != "" {
			f.Company, f.Sources.Company = c, q
		}
	}
	if f.Company == "" && hint.domain != "" {
		if c := domainName(hint.domain); c != "" {
			f.Company, f.Sources.Company = c, hint.domain
		}
	}
	return f
}

// subjectWords are what subject lines say besides names.
var subjectWords = map[string]bool{
	"re": true, "fw": true, "fwd": true, "aw": true, "wg": true, "tr": true, "next": true, "steps": true, "step": true,
	"follow": true, "up": true, "follow-up": true, "proposal": true, "pricing": true, "price": true, "quote": true,
	"demo": true, "meeting": true, "intro": true, "introduction": true, "options": true, "update": true, "recap": true,
	"call": true, "notes": true, "offer": true, "contract": true, "renewal": true, "pilot": true, "trial": true,
	"partnership": true, "checking": true, "in": true, "quick": true, "question": true, "our": true, "your": true,
	"the": true, "a": true, "for": true, "and": true, "with": true, "on": true, "to": true, "agenda": true, "summary": true,
}

// subjectCompany reads the prospect's company from a pasted thread's
// subject line ("Subject: RE: Vistula Cold Storage – WMS options",
// "Subject: Harmattan Logistics x Fleetlyne"), leaving out the rep's own.
func (t *text) subjectCompany(hint threadHint) (string, string) {
	for _, raw := range t.lines {
		ln := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(raw), "> "))
		m := reSubjectLine.FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		for _, seg := range reSubjectSplit.Split(m[1], -1) {
			seg = strings.TrimSpace(seg)
			for {
				low := strings.ToLower(seg)
				if p := strings.IndexByte(low, ':'); p >= 0 && p < 5 {
					seg = strings.TrimSpace(seg[p+1:]) // "RE: Re: …"
					continue
				}
				break
			}
			for _, sep := range []string{" for ", " at ", " with ", " @ "} {
				if i := strings.LastIndex(seg, sep); i > 0 {
					seg = strings.TrimSpace(seg[i+len(sep):]) // "ERP for Anadolu Tekstil"
				}
			}
			words := strings.Fields(seg)
			if len(words) == 0 || len(words) > 5 {
				continue
			}
			ok, named, business := true, 0, false
			for _, w := range words {
				lw := strings.ToLower(strings.Trim(w, ",.;"))
				r, _ := utf8.DecodeRuneInString(w)
				if companyWords[lw] {
					business = true
				}
				if subjectWords[lw] {
					continue
				}
				if !unicode.IsUpper(r) && w != "&" {
					ok = false
					break
				}
				named++
			}
			if !ok || named == 0 || subjectWords[strings.ToLower(words[0])] || named < 2 && !business {
				continue
			}
			if hint.isRep(seg) || t.repDomain(hint, seg) {
				continue // "… x Fleetlyne": the rep's own company
			}
			return seg, ln
		}
	}
	return "", ""
}

// repDomain: the segment spells the domain of an address the thread knows
// as the rep's ("Fleetlyne" and ben@fleetlyne.com).
func (t *text) repDomain(hint threadHint, seg string) bool {
	flat := strings.ToLower(strings.ReplaceAll(seg, " ", ""))
	for k := range hint.rep {
		if _, dom, ok := strings.Cut(k, "@"); ok {
			label, _, _ := strings.Cut(dom, ".")
			if label != "" && (strings.Contains(flat, label) || strings.Contains(label, flat)) {
				return true
			}
		}
	}
	return false
}

var (
	reSubjectLine  = regexp.MustCompile(`(?i)^(?:subject|betreff|assunto|asunto|onderwerp|objet|oggetto)\s*:\s*(.+)$`)
	reSubjectSplit = regexp.MustCompile(`\s+(?:[-–—|/x×:]|vs\.?)\s+|\s*[:|]\s+`)
)

// lastTouchChannel reads a story that says how the latest touch went: "last
// touch was a vm this morning", "the latest one via FB messenger", "most
// recent was a call".
func (t *text) lastTouchChannel(skip func(int) bool) (string, string) {
	// "also emailed him once on dec 5 (that's the latest thing I sent)",
	// "the call was the most recent one": the send named just before.
	for i := range t.toks {
		if skip != nil && skip(i) || !t.is(i, "latest", "last", "recent", "newest") {
			continue
		}
		j := i - 1
		if t.is(j, "most") {
			j--
		}
		if !t.is(j, "the") || !(t.is(j-1, "'s") && t.is(j-2, "that", "this", "it") || t.is(j-1, "is", "was") && t.is(j-2, "that", "this", "which", "it")) || !t.is(i+1, "thing", "one", "touch", "send", "message", "attempt") {
			continue
		}
		a, _ := t.sentOf(i)
		for k := j - 3; k >= max(a, j-14); k-- {
			if c := t.verbCh(k); c != "" {
				return c, t.quote(k, i+1)
			}
			if c, ok := t.touchNoun(k); ok && c != "" {
				return c, t.quote(k, i+1)
			}
		}
	}
	// "3 emails, 1 call attempt (most recent)": the marked item.
	for i := range t.toks {
		if skip != nil && skip(i) || !t.is(i, "(") || !(t.is(i+1, "most") && t.is(i+2, "recent") && t.is(i+3, ")") || t.is(i+1, "latest", "last") && (t.is(i+2, ")") || t.is(i+2, "one") && t.is(i+3, ")"))) {
			continue
		}
		for k := i - 1; k >= max(0, i-4); k-- {
			if c, ok := t.touchNoun(k); ok && c != "" {
				return c, t.quote(k, i+2)
			}
		}
	}
	for i := range t.toks {
		if skip != nil && skip(i) || !t.is(i, "last", "latest", "recent", "final") {
			continue
		}
		j := i + 1
		if c := t.nounCh(j); c != "" && (c != ChannelPhone && c != ChannelEmail || t.countedSendsBefore(i) && t.sendsOfChannelBefore(i, c)) && t.is(j+1, "was", "went") && !t.is(i-1, "our", "her", "his", "their") {
			return c, t.quote(i, j) // "last whatsapp was on 8th jan"
		}
		if !t.is(j, "touch", "touchpoint", "one", "attempt", "follow-up", "followup", "chaser", "ping", "nudge", "try", "bump", "was") {
			continue
		}
		if !t.is(j, "was") {
			j++
		}
		_, b := t.sentOf(i)
		for k := j; k < min(b, j+6); k++ {
			w := t.low(k)
			if c, ok := touchNouns[w]; ok && c != "" {
				return c, t.quote(i, k)
			}
			if c, ok := sendVerbs[w]; ok && c != "" && t.is(k-1, "was", "i", "we") {
				return c, t.quote(i, k)
			}
			if c := channelWords[w]; c != "" && (t.is(k-1, "via", "by", "on", "over", "through", "in", "a", "an", ":") || t.is(k-1, "fb", "facebook") || k == j && !t.is(j, "was")) {
				// (and "5 f/ups. Last one LI.")
				return c, t.quote(i, k)
			}
		}
	}
	return "", ""
}

// latestTimedChannel is the channel of the touch sent last by the times
// the story gives them, when every touch that names a channel has a time
// ("this morning", "yesterday", "on the 8th", "Nov 3") and the latest of
// them is not the one told last; "" otherwise.
func (t *text) latestTimedChannel(found []touch, now time.Time) (string, string) {
	var best time.Time
	bestCh, bestQuote, lastCh, timed := "", "", "", 0
	for n, tc := range found {
		if tc.channel == "" || tc.n <= 0 {
			continue
		}
		lastCh = tc.channel
		limit := len(t.toks)
		if n+1 < len(found) {
			limit = found[n+1].at
		}
		_, b := t.sentOf(max(tc.end, tc.at))
		limit = min(limit, b, max(tc.end, tc.at)+8)
		var at time.Time
		for k := tc.at; k < limit && at.IsZero(); k++ {
			if t.is(k, "this") && t.is(k+1, "morning", "afternoon") || t.is(k, "today") {
				at = now
				break
			}
			if w, _, ok := t.dateAt(k); ok && (w.day > 0 || w.hasWeekday || w.rel == "yesterday") && w.quarter == 0 {
				if d, ok := w.resolve(now, false); ok {
					at = d
				}
			}
		}
		if at.IsZero() {
			return "", "" // an untimed touch: its place in the story is all there is
		}
		timed++
		if bestCh == "" || at.After(best) {
			best, bestCh, bestQuote = at, tc.channel, tc.quote
		} else if at.Equal(best) && tc.channel != bestCh {
			bestCh = "" // two channels the same day: no telling
		}
	}
	if timed < 2 || bestCh == "" || bestCh == lastCh {
		return "", ""
	}
	return bestCh, bestQuote
}

// channelOfTouches looks for the channel in the sentences that mention the
// touches ("followed up twice, both to her inbox").
func (t *text) channelOfTouches(found []touch) string {
	for i := len(found) - 1; i >= 0; i-- {
		a, b := t.sentOf(found[i].at)
		for k := b - 1; k >= a; k-- {
			if c := t.chanOf(k); c != "" && (t.is(k-1, "on", "via", "by", "over", "through", "to", "in", "her", "his", "their") || t.low(k) == "inbox" || t.is(k+1, "only") && !t.is(k-1, "not")) {
				// (and "LI only so far: … sent 3 DMs since")
				return c
			}
		}
	}
	return ""
}

// storyChannel is the channel the story talks in when the touches do not
// say: "last email from them", "her inbox". Calls are left out: a call that
// happened says nothing about how the follow-ups went.
func (t *text) storyChannel(skip func(int) bool) string {
	seen := map[string]int{}
	for i, k := range t.toks {
		if skip != nil && skip(i) {
			continue
		}
		if t.contains(max(0, i-4), i, "posted", "liked", "commented", "viewed", "accepted", "active", "shared", "reacted", "updated") >= 0 {
			continue // "she posted on linkedin yesterday": hers, not how the rep wrote
		}
		switch k.low {
		case "email", "emails", "emailed", "e-mail", "inbox", "e-mails":
			seen[ChannelEmail]++
		case "linkedin", "inmail", "inmails":
			seen[ChannelLinkedIn]++
		case "li":
			if t.is(i-1, "on", "via", "over", "through") {
				seen[ChannelLinkedIn]++ // "connected w Tomás on LI"
			}
		case "whatsapp", "sms", "texted", "texts", "imessage", "text", "viber", "messenger", "telegram", "wechat", "imessages", "whatsapps":
			seen[ChannelText]++
		case "voicemail", "voicemails", "vm", "vms":
			seen[ChannelPhone]++
		}
	}
	best, n := "", 0
	for _, ch := range []string{ChannelEmail, ChannelLinkedIn, ChannelText, ChannelPhone} {
		if seen[ch] > n {
			best, n = ch, seen[ch]
		}
	}
	return best
}

// fields are "Name: value" lines, as the Slack form composes them and as
// people sometimes type notes.
type fields struct {
	prospect, company, channel string
	days, followUps            int
	daysQ, followQ             string
	// byChannel: counts given per channel ("Emails sent since: 3",
	// "Calls since: 1"), added up.
	byChannel int
}

var reField = regexp.MustCompile(`(?im)(?:^|[/|;—–·][ \t]*)[ \t]*(opp|opportunity|deal|person|prospect(?: and company)?|(?:customer |client )?prospect|(?:primary |main |key )?contact(?: name)?|kontakt|ansprechpartner(?:in)?|contacto|contato|name|first name|who|(?:prospect |client |customer |account )?company(?: name)?|account(?: name)?|acct|client(?: name)?|customer(?: name)?|charity|employer|organi[sz]ation|channel|last touch|last step|last contact|last reply|last two-way (?:engagement|contact)|last (?:engagement|conversation|meeting)|(?:emails|e-mails|calls|texts|sms|messages|voicemails|vms|linkedin messages|inmails)(?: sent| made| left| out)?(?: since| after)?(?: last (?:reply|contact))?|follow[- ]?ups(?: sent)?(?: since)?|fu'?s|touches(?: since)?|steps completed|days (?:since (?:last )?(?:reply|contact|response)|silent|quiet))[ \t]*[:=][ \t]*(.{1,150})$`)

// fieldChunks splits a text into its lines and each line into sentences,
// so "Company: ProKadra. Contact: Joanna Lis, Head of Recruitment." gives
// both fields. A dot after an abbreviation ("Dr. Fiona", "St. Mary's")
// does not end a sentence.
func fieldChunks(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		start := 0
		for i := 0; i+2 < len(line); i++ {
			if line[i] != '.' && line[i] != '?' && line[i] != '!' || line[i+1] != ' ' {
				continue
			}
			w := line[start:i]
			if k := strings.LastIndexAny(w, " \t("); k >= 0 {
				w = w[k+1:]
			}
			lw := strings.ToLower(w)
			if abbrevs[lw] || honorifics[lw] || len([]rune(w)) == 1 {
				continue
			}
			out = append(out, line[start:i])
			start = i + 2
		}
		out = append(out, line[start:])
	}
	return out
}

func (t *text) fieldLines(now time.Time) fields {
	f := fields{days: -1, followUps: -1}
	t.csvFields(&f, now)
	if !strings.ContainsAny(t.s, ":=") {
		return f
	}
	for _, chunk := range fieldChunks(t.s) {
		if !strings.ContainsAny(chunk, ":=") {
			continue
		}
		for _, m := range reField.FindAllStringSubmatch(chunk, -1) {
			f.field(m, now)
		}
	}
	return f
}

// field reads one "Name: value" match into f.
func (f *fields) field(m []string, now time.Time) {
	key, val := strings.ToLower(m[1]), strings.TrimSpace(m[2])
	// "Opportunity: Acme - Claims | Amount: …", "Contact: Lars Eriksen ·
	// Company: … · Owner: …": the field ends at the next column.
	for _, sep := range []string{" | ", " · "} {
		if v, _, ok := strings.Cut(val, sep); ok {
			val = strings.TrimSpace(v)
		}
	}
	// "Contact: Farah Siddiqui — Account: Indus Microfinance",
	// "Opportunity: Deccan Steel / Contact: Raj": a dash or slash ends the
	// field only when another field follows it.
	for _, sep := range []string{" — ", " – ", " / ", " - "} {
		if v, rest, ok := strings.Cut(val, sep); ok && reField.MatchString(rest) && strings.Index(rest, ":") < 30 {
			val = strings.TrimSpace(v)
		}
	}
	val = strings.TrimRight(val, ".;")
	switch {
	case strings.HasPrefix(key, "prospect") && !strings.Contains(key, "company"), strings.Contains(key, "contact") && key != "last contact", key == "kontakt", strings.HasPrefix(key, "ansprechpartner"), key == "contato", key == "person", key == "who", key == "name", key == "first name":
		if m := reLastFirst.FindStringSubmatch(val); m != nil && firstNames[foldLower(m[2])] {
			// "Primary Contact: Whitaker, Joanne (VP Finance)": a CRM's
			// surname first.
			val = m[2] + " " + m[1] + m[3]
		}
		p, c := splitProspect(val)
		if p != "" && f.company == "" {
			// "Prospect: Redline Towing (family-owned, ~80 trucks)",
			// "Prospect: Laurentian Paper Mills, Trois-Rivières": the
			// account, with a description or a place after it.
			if sp := newText(p); len(sp.toks) > 0 {
				if ss := sp.spans(); len(ss) == 1 && ss[0].kind == spCompany && (ss[0].a == 0 || ss[0].a == 1 && sp.is(0, "the")) && ss[0].b == len(sp.toks) {
					f.company = p
					return
				}
			}
		}
		if w := strings.Fields(p); len(w) > 1 && honorifics[strings.ToLower(strings.TrimSuffix(w[0], "."))] && (len(w) > 2 || firstNames[foldLower(w[1])]) {
			p = strings.Join(w[1:], " ") // "Mr Samuel Goh"
		}
		if p != "" && looksLikeName(p) {
			f.prospect = p
		}
		if c != "" && f.company == "" && looksLikeCompany(c) {
			f.company = c
		}
	case strings.Contains(key, "company"), strings.HasPrefix(key, "account"), key == "acct", strings.HasPrefix(key, "organi"), key == "opp", key == "opportunity", key == "deal", strings.HasPrefix(key, "client"), strings.HasPrefix(key, "customer"), key == "charity", key == "employer":
		// "deal: Kaito Mori, Sales Ops at Tanuki Games": a person at the
		// account, not the account.
		if key == "deal" || key == "opp" || key == "opportunity" || strings.HasPrefix(key, "client") || strings.HasPrefix(key, "customer") {
			if p, c, ok := personAtAccount(val); ok {
				if f.prospect == "" {
					f.prospect = p
				}
				f.company = c
				return
			}
		}
		// "Acct: Toyota Tsusho / Hiroshi Yamamoto": the account, then its
		// person.
		if c, p, ok := strings.Cut(val, " / "); ok && looksLikeName(strings.TrimSpace(p)) && firstNamesHas(foldLower(strings.Fields(p)[0])) {
			if f.prospect == "" {
				f.prospect = strings.TrimSpace(p)
			}
			val = strings.TrimSpace(c)
		}
		// "Opp: Meridian Care Homes - Expansion": the account, not the deal's name;
		// "Company: Coromandel Fintech, Chennai": not its city.
		if c, _, ok := strings.Cut(val, " - "); ok {
			val = strings.TrimSpace(c)
		}
		if c, _, ok := strings.Cut(val, ", "); ok {
			val = strings.TrimSpace(c)
		}
		if c, _, ok := strings.Cut(val, " ("); ok {
			val = strings.TrimSpace(c)
		}
		if strings.ContainsAny(val, "$€£") || !looksLikeCompany(val) {
			return
		}
		f.company = val
	case key == "channel", key == "last touch", key == "last step":
		// The longest channel word the value holds: "voicemail monday" is a
		// voicemail, though "mail" is in it too.
		low, best := strings.ToLower(val), ""
		for w, c := range channelWords {
			if strings.Contains(low, w) && (len(w) > len(best) || len(w) == len(best) && w < best) {
				best, f.channel = w, c
			}
		}
	case strings.HasPrefix(key, "days "):
		// "days since last reply: about 3 weeks", "Days silent: 24"
		v := newText(val)
		for i := range v.toks {
			if d, _, ok := v.durationAt(i); ok {
				f.days, f.daysQ = d, m[0]
				return
			}
		}
		if n, err := strconv.Atoi(strings.Fields(val + " x")[0]); err == nil && n >= 0 && n < 1100 {
			f.days, f.daysQ = n, m[0]
		}
	case reChannelCount.MatchString(key):
		// "Emails sent since: 3 | Opens: 1", "Calls since: 1 (08/09, no answer)"
		n, err := strconv.Atoi(strings.Fields(val + " x")[0])
		if err != nil || n < 0 || n >= 100 {
			return
		}
		f.byChannel += n
		f.followUps, f.followQ = f.byChannel, strings.TrimSpace(m[0])
		if n > 0 {
			f.channel = channelWords[strings.Fields(key)[0]]
			if f.channel == "" {
				f.channel = touchNouns[strings.Fields(key)[0]]
			}
		}
	case key == "last contact", key == "last reply", strings.HasPrefix(key, "last two-way"), key == "last engagement", key == "last conversation", key == "last meeting":
		v := newText(val)
		for i := range v.toks {
			if w, _, ok := v.dateAt(i); ok {
				if at, ok := w.resolve(now, false); ok && !at.After(now) {
					f.days, f.daysQ = daysBetween(at, now), m[0]
					break
				}
			}
		}
	case key == "steps completed":
		// A sequence's "Steps completed: 5/7"
		n, err := strconv.Atoi(strings.TrimSpace(strings.Split(val, "/")[0]))
		if err == nil && n >= 0 && n < 100 {
			f.followUps, f.followQ = n, strings.TrimSpace(m[0])
		}
	default:
		// "follow ups: 2 (email), 1 (LI)": a count per channel, added up.
		if ms := reCountParen.FindAllStringSubmatch(val, -1); len(ms) > 1 {
			n := 0
			for _, m := range ms {
				k, _ := strconv.Atoi(m[1])
				n += k
			}
			f.followUps, f.followQ = n, strings.TrimSpace(m[0])
			return
		}
		// "Follow-ups: 2 emails + 2 calls" adds up; "Touches: 3" is a number.
		if found, _ := newText(val).touches(nil); len(found) > 0 {
			if n, _, _ := tallyTouches(found); n > 0 {
				f.followUps, f.followQ = n, strings.TrimSpace(m[0])
				return
			}
		}
		if first := strings.ToLower(strings.Trim(strings.Fields(val + " x")[0], ",.;")); first == "none" || first == "zero" || first == "no" || first == "nothing" {
			f.followUps, f.followQ = 0, strings.TrimSpace(m[0]) // "follow-ups: none, I'm respecting the freeze"
			return
		}
		if n, err := strconv.Atoi(strings.TrimRight(strings.Fields(val + " x")[0], ",;")); err == nil && n >= 0 && n < 100 {
			// ("Follow-ups since: 2, can't remember if email or LinkedIn")
			f.followUps, f.followQ = n, strings.TrimSpace(m[0])
		}
	}
}

// reChannelCount is a field key that counts one channel's sends.
var reChannelCount = regexp.MustCompile(`^(?:emails|e-mails|calls|texts|sms|messages|voicemails|vms|linkedin messages|inmails)\b`)

// reCountParen is one channel's count in a field: "2 (email)".
var reCountParen = regexp.MustCompile(`(?:^|[,;+&]\s*|\band\s+)(\d{1,2})\s*\([^)]{1,20}\)`)

// reLastFirst is a CRM's "Surname, Given" with what follows it.
var reLastFirst = regexp.MustCompile(`^([A-Z][\pL'-]+), ([A-Z][\pL'-]+)((?:\s*\(.*)?)$`)

// personAtAccount reads a deal or client field that names a person at the
// account ("Kaito Mori, Sales Ops at Tanuki Games", "Saanvi Rao, VP Finance
// @ Quillon Biotech", "Ana Ruiz (Lumen Foods)"), not an account with its
// figures ("Aurora Veterinary Group – 14 clinics – €58,000").
func personAtAccount(val string) (person, account string, ok bool) {
	if strings.ContainsAny(val, "0123456789$€£") || !strings.Contains(val, " at ") && !strings.Contains(val, " @ ") && !strings.Contains(val, "(") {
		return "", "", false
	}
	p, c := splitProspect(val)
	if p == "" || c == "" || !looksLikeName(p) || !looksLikeCompany(c) {
		return "", "", false
	}
	first := foldLower(strings.Fields(p)[0])
	if !firstNames[first] && !moreNames[first] && !titledPerson(val) {
		return "", "", false
	}
	return p, c, true
}

// titledPerson: "Saanvi Rao, VP Finance @ Quillon Biotech": a title sits
// between the name and the account, so the name is a person's.
func titledPerson(v string) bool {
	_, rest, ok := strings.Cut(v, ", ")
	if !ok {
		return false
	}
	for _, sep := range []string{" at ", " @ "} {
		if title, _, ok := strings.Cut(rest, sep); ok {
			return allTitle(strings.TrimSpace(title))
		}
	}
	return false
}

// splitProspect reads a typed "Dana Lee at Acme", "Dana Lee (Acme)",
// "Dana Lee, Acme" or "Dana Lee - Acme".
func splitProspect(v string) (string, string) {
	// The separator that comes first: "Ms. Angelica Ramos, HR Director,
	// Pacific Crest Hotels (Manila)" splits at the comma, not the bracket.
	first, at := "", len(v)
	for _, sep := range []string{" at ", " from ", " @ ", " (", ", ", " - ", " / "} {
		if i := strings.Index(v, sep); i >= 0 && i < at {
			first, at = sep, i
		}
	}
	for _, sep := range []string{first} {
		if sep == "" {
			break
		}
		if p, c, ok := strings.Cut(v, sep); ok {
			if i := strings.Index(c, " ("); i > 0 && sep != " (" {
				c = c[:i] // "Pacific Crest Hotels (Manila)": not the city
			}
			if _, after, ok := strings.Cut(c, " at "); ok && sep != " at " {
				c = after // "procurement lead at Hanbit Electronics"
			} else if _, after, ok := strings.Cut(c, " @ "); ok && sep != " @ " {
				c = after // "VP Finance @ Quillon Biotech"
			}
			if i := strings.Index(c, ")"); i >= 0 && sep == " (" {
				// "Hana Sato (CFO), Kumo Labs": the title in the brackets,
				// the account after them.
				if after := strings.TrimSpace(strings.TrimLeft(c[i+1:], " ,-–—/|")); after != "" && allTitle(strings.TrimSpace(c[:i])) {
					c = after
				} else {
					c = c[:i]
				}
			}
			c = strings.TrimSpace(strings.TrimRight(c, ")"))
			p = strings.TrimSpace(p)
			// "(Academic Dean, Vidyapeeth Group of Schools, Pune)": the
			// first part that is not a title.
			if parts := strings.Split(c, ", "); len(parts) > 1 {
				c = ""
				for _, part := range parts {
					if !allTitle(part) {
						c = strings.TrimSpace(part)
						break
					}
				}
			}
			if allTitle(c) {
				c = "" // "Gwen Pryce-Jones (Head of Digital)"
			}
			// "VP Finance at Acme": a title, not a name.
			if !looksLikeName(p) {
				return "", c
			}
			return p, c
		}
	}
	v = strings.TrimSpace(v)
	if f := strings.Fields(v); len(f) > 2 && !looksLikeName(v) {
		// "Deputy Administrator Karen Lindgren": the title, then the person.
		for k := 1; k < len(f)-1; k++ {
			if allTitle(strings.Join(f[:k], " ")) && looksLikeName(strings.Join(f[k:], " ")) {
				v = strings.Join(f[k:], " ")
				break
			}
		}
	}
	if looksLikeName(v) {
		t := newText(v)
		s := t.spans()
		if len(s) == 1 && s[0].kind == spCompany {
			return "", v
		}
		return v, ""
	}
	return "", v
}

func (fl fields) apply(f *Facts) {
	if fl.prospect != "" {
		f.Prospect, f.Sources.Prospect = fl.prospect, "Prospect: "+fl.prospect
	}
	if fl.company != "" {
		f.Company, f.Sources.Company = fl.company, fl.company
	}
	if fl.channel != "" {
		f.Channel, f.Sources.Channel = fl.channel, "Channel: "+fl.channel
	}
	if fl.days >= 0 {
		f.DaysSilent, f.Sources.DaysSilent = fl.days, fl.daysQ
	}
	if fl.followUps >= 0 {
		f.FollowUps, f.Sources.FollowUps = fl.followUps, fl.followQ
	}
}

// trimCompanyLead drops what is not the company's name from its front: a
// title before a comma ("Medical Director, Riverside Dialysis Centers") or
// the rep's verb ("Visited Greenway Poultry Farms").
func trimCompanyLead(c string) string {
	if head, tail, ok := strings.Cut(c, ", "); ok && allTitle(head) && tail != "" {
		return tail
	}
	f := strings.Fields(c)
	if len(f) > 2 {
		switch strings.ToLower(f[0]) {
		case "visited", "met", "called", "emailed", "pitched", "demoed", "toured", "contacted", "messaged":
			return strings.Join(f[1:], " ")
		}
	}
	return c
}

// allTitle reports whether a phrase is a job title or department.
func allTitle(s string) bool {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return false
	}
	for _, w := range f {
		if titleWords[w] || deptWords[w] {
			return true
		}
	}
	return false
}

// daysPhrase says a short span of days the way a person would.
func daysPhrase(d int) string {
	switch d {
	case 0:
		return "today"
	case 1:
		return "yesterday"
	}
	return strconv.Itoa(d) + " days ago"
}

// reVagueCount marks a count told as a guess: "several", "a bunch", "a
// handful", "multiple", "3 or 4", "5-6".
var reVagueCount = regexp.MustCompile(`(?i)\b(?:several|multiple|a bunch|bunch of|a handful|handful of|a number of|numerous|countless|lots of|loads of|(?:a )?(?:few|many) (?:times|emails|calls|messages|mails|follow[- ]?ups|reminders|texts|vms|voicemails|nudges|pings)|\d+\s*(?:or|-|to)\s*\d+\s*(?:times|x|emails|calls|mails|messages|follow[- ]?ups|texts|in total)|lost count|v[aá]rias|mehrmals|plusieurs)\b`)

// reExactCount: the story settles a loose count ("three times to be
// exact", "ok 4", "I think 4").
var reExactCount = regexp.MustCompile(`(?i)\b(?:to be exact|exactly|precisely|i think \d+|ok \d+|actually \d+)\b`)

// vagueCount reports whether the touches were counted only loosely.
func (t *text) vagueCount(found []touch) bool {
	loose, exact := false, false
	for _, tc := range found {
		end := min(max(tc.end, tc.at)+3, len(t.toks)-1)
		if reVagueCount.MatchString(t.s[t.toks[max(tc.at-2, 0)].start:t.toks[end].end]) {
			loose = true
		} else if tc.counted {
			exact = true // "a few touches (2 emails, then a call)": settled
		}
	}
	// "I think 4, to be exact": said outright, the guess is settled. (Only
	// looked for once a guess was found: it reads the whole story.)
	return loose && !exact && !reExactCount.MatchString(t.s)
}

// sendsOfChannelBefore: the sentence before token i, or the one before it,
// tells sends by channel c ("I've phoned his office four times. The last
// call was this morning").
func (t *text) sendsOfChannelBefore(i int, c string) bool {
	a, _ := t.sentOf(i)
	if a > 0 {
		a, _ = t.sentOf(a - 1)
	}
	words := map[string][]string{
		ChannelPhone: {"phoned", "called", "rang", "calls", "calling", "dialled", "dialed", "voicemails", "vms"},
		ChannelEmail: {"emailed", "emails", "mails", "mailed", "e-mails"},
	}[c]
	return len(words) > 0 && t.contains(a, i, words...) >= 0
}

// heldWords say a conversation took place: "had a call", "we spoke".
var heldWords = regexp.MustCompile(`(?i)\b(?:had|held|spoke|talked|met|went well|went great)\b`)

// thankedEvent: a quote that dates a meeting the rep thanks them for or
// follows up on ("thank you for the call on 9 September", "following our
// meeting on 3 May").
func (t *text) thankedEvent(q string) bool {
	low := strings.ToLower(q)
	for _, w := range []string{"call", "meeting", "demo", "visit", "session", "workshop", "walkthrough", "presentation", "chat", "conversation"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// eventInRepMessages reads the meeting a rep's pasted message names in its
// own time ("great chatting at your booth on Tuesday", "thank you for meeting
// us yesterday"), counted from the day the message was sent.
func (t *text) eventInRepMessages(hint threadHint, msgs []message, now time.Time) (int, string) {
	best, quote := -1, ""
	for _, m := range msgs {
		if !m.dated || !hint.isRep(m.from) || m.body[1] <= m.body[0] {
			continue
		}
		body := strings.Join(t.lines[m.body[0]:min(m.body[1], len(t.lines))], "\n")
		mt := newText(body)
		d, q := mt.daysSilent(m.when, nil)
		if d < 0 || !t.thankedEvent(q) {
			continue
		}
		at := m.when.AddDate(0, 0, -d)
		if at.After(now) {
			continue
		}
		if days := daysBetween(at, now); best < 0 || days < best {
			best, quote = days, q
		}
	}
	return best, quote
}

// csvHeaders maps a CRM export's column names to the fields they fill.
var csvHeaders = map[string]string{
	"lead": "contact", "contact": "contact", "name": "contact", "person": "contact", "contact name": "contact",
	"company": "company", "org": "company", "organization": "company", "organisation": "company", "account": "company",
	"account name": "company", "company name": "company",
	"last reply": "last reply", "last response": "last reply", "last replied": "last reply", "last inbound": "last reply",
	"touches since reply": "touches since", "touches since": "touches since", "follow-ups": "touches since",
	"follow ups": "touches since", "followups": "touches since", "unanswered": "touches since",
	"last touch type": "channel", "channel": "channel", "last activity type": "channel", "last touch": "channel",
}

// csvFields reads a CRM export pasted as a CSV header and one row:
// "Lead,Company,Last Reply,Touches since reply,Last Touch Type" over
// "Ngozi Adeyemi,Cedar Logistics,2027-10-30,3,WhatsApp".
func (t *text) csvFields(f *fields, now time.Time) {
	for n := 0; n+1 < len(t.lines); n++ {
		head := strings.Split(strings.TrimSpace(t.lines[n]), ",")
		if len(head) < 3 || strings.Contains(t.lines[n], ", ") {
			continue
		}
		row := strings.Split(strings.TrimSpace(t.lines[n+1]), ",")
		if len(row) != len(head) {
			continue
		}
		known := 0
		for _, h := range head {
			if _, ok := csvHeaders[strings.ToLower(strings.TrimSpace(h))]; ok {
				known++
			}
		}
		if known < 2 {
			continue
		}
		for c, h := range head {
			key, ok := csvHeaders[strings.ToLower(strings.TrimSpace(h))]
			val := strings.TrimSpace(row[c])
			if !ok || val == "" {
				continue
			}
			f.field([]string{key + ": " + val, key, val}, now)
		}
		return
	}
}

// dayAfter reports whether a touch names a day (a past one, resolved
// against now) later than when; a zero when is never beaten.
func (t *text) dayAfter(tc touch, when, now time.Time) bool {
	if when.IsZero() {
		return false
	}
	for k := tc.at; k <= max(tc.end, tc.at) && k < len(t.toks); k++ {
		if w, _, ok := t.dateAt(k); ok && w.day > 0 && w.month > 0 {
			d, ok := w.resolve(now, false)
			return ok && d.After(when)
		}
	}
	return false
}
