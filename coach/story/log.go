package story

import (
	"encoding/csv"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A pasted activity log (a CRM timeline, a dialer history, a sequence, a
// phone's message list, a numbered list of what was sent) has one dated entry
// per line. Each entry is the rep reaching out or the prospect answering; the
// touches are the rep's entries after the prospect's last one.

type logEntry struct {
	when    time.Time
	in      bool // the prospect answered or the two spoke
	channel string
	line    int
	// stamp is the date as written, who the speaker as written (lower
	// case, "" when the line names none).
	stamp, who string
}

// logDayFirst rereads a log's numeric dates day first ("02/09/2026" as 2
// September) when the log shows it writes them so: a first number over 12
// somewhere, or month-first dates that land after now or run backwards
// while day-first ones do not.
func logDayFirst(entries []logEntry, now time.Time) {
	read := func(stamp string, dayFirst bool) (time.Time, bool) {
		m := reLogNumeric.FindStringSubmatch(stamp)
		if m == nil {
			return time.Time{}, false
		}
		a, b := atoiOr(m[1]), atoiOr(m[2])
		if dayFirst {
			a, b = b, a
		}
		if a < 1 || a > 12 || b < 1 || b > 31 {
			return time.Time{}, false
		}
		w := when{month: a, day: b}
		if m[3] != "" {
			y, ok := yearOf(m[3])
			if !ok {
				return time.Time{}, false
			}
			w.year = y
		}
		return w.resolve(now, false)
	}
	numeric, mfOK, dfOK := 0, true, true
	var mfPrev, dfPrev time.Time
	for _, e := range entries {
		if !reLogNumeric.MatchString(e.stamp) {
			continue
		}
		numeric++
		if at, ok := read(e.stamp, false); !ok || at.After(now) {
			mfOK = false
		} else {
			mfPrev = at
		}
		if at, ok := read(e.stamp, true); !ok || at.After(now) {
			dfOK = false
		} else {
			dfPrev = at
		}
	}
	_, _ = mfPrev, dfPrev
	if numeric == 0 || mfOK || !dfOK {
		return
	}
	for i, e := range entries {
		if at, ok := read(e.stamp, true); ok {
			entries[i].when = at
		}
	}
}

// twoSpeakers: a chat copy where both sides are named ("Grace Villareal:
// …", "Jomar: …"). In a story about silence the side that wrote last is
// the rep, still waiting for an answer.
func twoSpeakers(entries []logEntry) {
	names := map[string]bool{}
	for _, e := range entries {
		switch e.who {
		case "", "you", "me", "i", "them", "prospect":
			return
		}
		names[e.who] = true
	}
	if len(names) != 2 {
		return
	}
	last := entries[0]
	for _, e := range entries {
		if !e.when.Before(last.when) {
			last = e
		}
	}
	for i := range entries {
		entries[i].in = entries[i].who != last.who
	}
}

type logHint struct {
	found   bool
	touches int
	days    int
	channel string
	quote   string
	lines   map[int]bool
	// chat: the entries are lines of a conversation ("Me (Oct 7): hey"),
	// which are texts unless the story says otherwise.
	chat bool
	// channels are the channels the log's entries show.
	channels map[string]bool
}

var (
	// reLogRelDay is a timeline's entry dated "Today" or "Yesterday" in a
	// column of its own.
	reLogRelDay = regexp.MustCompile(`^\s*(?i:(today|yesterday))(?:\s{2,}|\t\s*|\s*[:·|–—]\s+|\s+-\s+)(\S.+)$`)
	// "04/09 Email sent - recap", "1) Nov 3: 'Hi Paolo…'", "Jul 29 · You: Hi Ravi",
	// "- 14.01. Termin vor Ort" (a German date's closing dot),
	// "07/08  no answer  left VM", "02/24 call (connected, 30 min)"
	reLogDate = regexp.MustCompile(`^\s*(?:[-*•✔✓☑☐○●◦▪✗✘►▸‣➤]\s*|\d{1,2}[.)]\s+|\[)?(?:(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?([A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}-[A-Za-z]{3,9}-\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?(?:\s+\d{4})?|\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)\.?\]?\s*(?:[:·|,-]\s*|\s{2,}|\s+)(.+)$`)
	// "✔ Call — 29 Apr 2027 — Connected, 25 min", "Email - 3 May 2027 - Sent pricing"
	reLogTyped = regexp.MustCompile(`^\s*(?:[✔✓☑☐•*>-]\s*)?([A-Za-z][\w /]{1,24}?)\s+[-|·]+\s+(.{4,24}?)\s+[-|·]+\s+(.+)$`)
	// "Me (Oct 7): hey", "Them (Sep 30): got it", "You (3 Nov): …"
	reLogWho = regexp.MustCompile(`^\s*(you|me|them|prospect|[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)\s*\(([^)]{3,20})\)\s*:\s*(.*)$`)
	// "me 5/28: any questions?", "him 6/2: thx will look": a typed-out chat
	// with the day after the side.
	reLogSideDay = regexp.MustCompile(`(?i)^\s*(you|me|him|her|them|prospect|client)\s+(\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?|[a-z]{3,9}\.? \d{1,2})\s*:\s*(.*)$`)
	// "You: Hi Adaeze…", "Adaeze Okonkwo: Hi, interesting" under a day line
	// A chat line with its day last, in brackets: "me: hey jake [Jun 24]".
	reLogWhoDateLast = regexp.MustCompile(`^\s*(you|me|You|Me|[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)\s*:\s*(.+?)\s+\[([^\]]{3,20})\]\s*$`)
	reLogSpeaker     = regexp.MustCompile(`^\s*(you|me|them|[A-Z][\w'-]+(?:\s[A-Z][\w'-]+){0,2})\s*:\s*(.+)$`)
	// "Me, Aug 3, 9:00 AM: Morning Brent", "Brent Fontaine, Jul 28, 4:15 PM: Got it"
	reLogWhoComma = regexp.MustCompile(`^\s*(you|me|You|Me|[A-Z][\w'-]+(?:\s[A-Z][\w'-]+){0,2})\s*,\s*([^,:]{3,20}(?:,\s*\d{4})?)\s*(?:,\s*\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?)?\s*:\s*(.*)$`)
	// "Step 4 - Auto email - Jan 2 - Delivered", "Email | 3 May | sent pricing"
	reLogParts = regexp.MustCompile(`\s+[-|·]+\s+`)
	// "Call log: Mon 3 May, outgoing, not answered": a type, then the date.
	// A CRM timeline's entry with the day between its type and outcome:
	// "- Phone Call (Outgoing) 09/13/2027 Left message".
	reLogTypeMid   = regexp.MustCompile(`^\s*(?:[-*•▸]\s*)?([A-Za-z][A-Za-z ()/]{1,40}?)\s+(\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})\s+(\S.*)$`)
	reLogTypeFirst = regexp.MustCompile(`^\s*([A-Za-z][A-Za-z ]{1,20}?)\s*:\s*([^,:]{3,24}?)\s*,\s*(.+)$`)
	// A status tag opening a log line: "[done]", "[x]", "(completed)".
	reLogTag = regexp.MustCompile(`(?i)^[\[(]\s*(done|x|✓|✔|completed|complete|todo|to do|planned|open|overdue|sent|received|inbound|outbound|incoming|outgoing|)\s*[\])]\s*`)
	// A numeric date as written: "02/09/2026", "14.3".
	reLogNumeric = regexp.MustCompile(`^\s*(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\s*$`)
)

// logSkipWords mark an entry that never reached the prospect.
var logSkipWords = []string{"planned", "upcoming", "skipped", "not sent", "cancelled", "canceled", "(draft", "draft)", ": draft", "| draft", "draft |", "- draft", "as draft", "in drafts", "draft only", "drafted", "scheduled", "paused", "failed", "profile", "viewed", " view "}

// logDate finds the date in a line split at " - ", " | ", " · ": the part
// that is only a date, and the other parts as the entry's text.
func logDate(ln string, now time.Time) (string, string, bool) {
	if len(ln) > 200 || !strings.ContainsAny(ln, "-|·,") {
		return "", "", false // log lines are short and split by a separator
	}
	// "- em nov 24 ❌", "• mtg nov 20 ✅": a bullet, what went, then when.
	if m := reBulletTypeDay.FindStringSubmatch(ln); m != nil {
		// (Nouns only: "- called nov 16, vm" is prose the touch reader
		// knows.)
		if _, ok := dayLine(m[2], now); ok && bulletTypes[strings.ToLower(m[1])] {
			what := m[1]
			switch strings.ToLower(what) {
			case "em":
				what = "email" // a rep's shorthand
			case "mtg":
				what = "meeting"
			}
			return m[2], what + " " + strings.TrimSpace(m[3]), true
		}
	}
	// "📞 Apr 8 — Call — no answer": an app's icon before the day.
	ln = strings.TrimLeftFunc(ln, func(r rune) bool { return unicode.IsSymbol(r) || unicode.IsSpace(r) || r == '\ufe0f' })
	// A markdown table's row: "| 10/19/2026 | Demo | … | held |".
	parts := reLogParts.Split(strings.Trim(strings.TrimSpace(ln), "| "), -1)
	if strings.Count(ln, ",") >= 3 && strings.Count(ln, ", ") <= strings.Count(ln, ",")/3 && !strings.Contains(ln, ". ") && (len(parts) < 2 || len(parts) == 2 && strings.Count(ln, ",") >= 4) {
		// A CSV export: "2028-03-15,call,Ligar Felipe,Felipe Andrade,…".
		parts = strings.Split(strings.TrimSpace(ln), ",")
	}
	if len(parts) < 2 || len(parts) == 2 && len(ln) > 60 {
		// Two parts only in a short heading: "Call notes - Dec 17, 2026".
		return "", "", false
	}
	for i, p := range parts {
		if len(p) > 20 || !strings.ContainsAny(p, "0123456789") {
			continue
		}
		if _, ok := dayLine(p, now); ok {
			rest := append(append([]string{}, parts[:i]...), parts[i+1:]...)
			return p, strings.Join(rest, " - "), true
		}
	}
	// "Step 3 LinkedIn msg (Mar 27) – she replied …": the day in brackets.
	for _, p := range parts {
		if m := reParenDay.FindStringSubmatchIndex(p); m != nil {
			if _, ok := dayLine(p[m[2]:m[3]], now); ok {
				return p[m[2]:m[3]], strings.Join(parts, " - "), true
			}
		}
	}
	return "", "", false
}

// reBulletTypeDay is a bullet whose entry names what went first and when
// after it: "- em nov 24 ❌", "• LI dec 9".
var reBulletTypeDay = regexp.MustCompile(`^\s*[-•*–]\s+(\pL[\pL/]{1,10})\s+(\pL{3,9}\.? \d{1,2}(?:st|nd|rd|th)?|\d{1,2} \pL{3,9}|\d{1,2}/\d{1,2}(?:/\d{2,4})?)\b(.{0,80})$`)

// bulletTypes are what a bulleted entry may open with.
var bulletTypes = map[string]bool{"em": true, "email": true, "e-mail": true, "mtg": true, "meeting": true, "demo": true, "call": true,
	"li": true, "linkedin": true, "vm": true, "voicemail": true, "text": true, "sms": true, "wa": true, "whatsapp": true, "inmail": true}

// reParenDay is a day in brackets inside a log entry's text.
var reParenDay = regexp.MustCompile(`\(([^()]{3,20})\)`)

var (
	logOutWords = []string{"sent", "emailed", "mailed", "tel, no", "no ans", "not reached", "called", "rang", "messaged", "pinged", "chased", "no reply", "no response", "ausgehend", "outgoing", "not answered", "unanswered", "left vm", "left voicemail", "voicemail left", "left a vm", "no answer", "no vm", "inmail",
		"you:", "you ", "me:", "texted", "no connect", "no-connect", "not connected", "didn't connect", "left msg", "left message", "no ans", "follow-up", "followup", "follow up", "nudge", "bump", "outbound", "dialed", "step ", " fu ", " f/u ", " fu'd ", "chaser", " ping ", "not reachable", "unreachable", "switched off", "no pickup", "no pick up", " send ", "attempt", "declined", "no-answer", "gatekeeper", "busy tone", "line busy", "busy signal", "engaged tone", "rang out", "not lifted", "not picked", "didn't pick", "did not pick",
		// German, Portuguese, Spanish and French words reps leave in CRM notes.
		"geschickt", "gesendet", "verschickt", "nicht erreicht", "keine antwort", "nachfass", "nachgefasst", "angerufen", "anruf", "mailbox",
		"enviado", "enviei", "não atendeu", "nao atendeu", "deixei recado", "sem resposta", "sin respuesta", "no contestó",
		"no contesto", "envoyé", "envoye", "relance", "pas de réponse", "pas de reponse", "sans réponse"}
	logInWords = []string{"received", "replied", "reply from", "email reply", "reply received", "convo", "good call", "great call", "conversation", "inbound", "connected", "meeting held", "answered", "them:",
		"them ", "she said", "he said", "they said", "call with", "demo", "met ", "spoke", "talked", "picked up", " meeting ", "meeting:", "meeting -", "completed", "rang me back", "rang back", "called me back", "came back", "got back to me", "emailed me", "texted me", "call notes", "meeting notes", "visit notes", "held", "eingehend", "incoming", "termin", "recebido", "recibido", "reçu", "erhalten", "respondeu", "respondió", "respondio", "antwort von", "resposta de", "respuesta de", "reunião", "reunion", "reunión", "call w/", "meeting w/", "met w/", "discovery", "onsite", "site visit", "lunch w/", "lunch with"}
)

// reCallLog is a phone's call history: "↗ Outgoing  Jun 12  0:00  (no
// answer)", "Incoming  Jun 2  14:21".
var reCallLog = regexp.MustCompile(`(?i)^\s*[↗↙→←⬈⬋]?\s*(outgoing|incoming|missed|outbound|inbound|dialed|received)\s+([A-Za-z]{3,9}\.? \d{1,2}|\d{1,2} [A-Za-z]{3,9}\.?|\d{1,2}/\d{1,2}(?:/\d{2,4})?)\b\s*(.*)$`)

// reLogDateEnd is a log line whose day comes last, after two spaces.
var reLogDateEnd = regexp.MustCompile(`^\s*(.{3,100}?)\s{2,}([A-Za-z]{3,9}\.? \d{1,2}(?:,? \d{4})?|\d{1,2} [A-Za-z]{3,9}\.?(?: \d{4})?|\d{1,2}/\d{1,2}(?:/\d{2,4})?)\s*$`)

// reCRMEntry opens a CRM timeline's entry with its type: "Email sent by …",
// "Call logged by …", "Meeting — …", "Email received from …".
var reCRMEntry = regexp.MustCompile(`(?i)^\s*(email|e-mail|call|phone call|meeting|linkedin|inmail|sms|text message|voicemail|note|task)\b(.{0,120})$`)

// reClockTail is a time of day after a date: " at 10:02 AM EST", ", 3:45pm".
var reClockTail = regexp.MustCompile(`(?i)(?:,?\s+at)?,?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?\s*$`)

// stampLine reads a line that is only a date, perhaps with its time of day.
func stampLine(ln string, now time.Time) (time.Time, bool) {
	if d, ok := dayLine(ln, now); ok {
		return d, true
	}
	if len(ln) > 48 || !strings.ContainsAny(ln, ":.") {
		return time.Time{}, false // a stamp line is short and shows a clock
	}
	if loc := reClockTail.FindStringIndex(ln); loc != nil && loc[0] > 0 {
		return dayLine(ln[:loc[0]], now)
	}
	return time.Time{}, false
}

// parseLog reads dated log lines. It needs at least two entries, one of
// them the rep's.
func (t *text) parseLog(now time.Time, skip map[int]bool) logHint {
	h := logHint{touches: -1, days: -1, lines: map[int]bool{}}
	var entries []logEntry
	lastDay, lastDayLine := time.Time{}, -2
	consumed := map[int]bool{}
	lines := t.lines
	if rows := crmCSVRows(t.lines); rows != nil {
		lines = rows
	}
	for n, raw := range lines {
		if skip[n] || consumed[n] {
			continue
		}
		ln := strings.TrimSpace(raw)
		if ln == "" || len(ln) > 400 {
			continue // a log's entry is a line, not a paragraph: spare the patterns
		}
		// "[done] 21 Apr 2027 - Meeting - …": a CRM's status tag first.
		if m := reLogTag.FindStringSubmatch(ln); m != nil {
			if strings.TrimSpace(m[1]) == "" || strings.Contains(strings.ToLower(m[1]), "todo") || strings.Contains(strings.ToLower(m[1]), "to do") || strings.Contains(strings.ToLower(m[1]), "planned") || strings.Contains(strings.ToLower(m[1]), "open") {
				continue // a task not done yet never reached them
			}
			ln = strings.TrimSpace(ln[len(m[0]):])
			switch tag := strings.ToLower(strings.TrimSpace(m[1])); tag {
			case "sent", "received", "inbound", "outbound", "in", "out", "incoming", "outgoing":
				// "[Sent] 03.11.2025 — To: Imran": a mail tab's direction
				// stays in the entry's words.
				ln += " — " + map[string]string{"in": "received", "out": "sent", "incoming": "received", "outgoing": "sent"}[tag] + map[bool]string{true: tag}[tag != "in" && tag != "out" && tag != "incoming" && tag != "outgoing"]
			}
		}
		var when time.Time
		var dated bool
		var rest, who, stamp string
		if m := reLogWho.FindStringSubmatch(ln); m != nil {
			when, dated = parseDateLine(m[2], now)
			who, rest = strings.ToLower(m[1]), m[3]
			if dated {
				// "Me (Aug 27): …" then "Leilani: 🙌 perfect": an undated
				// line under it is that day's.
				lastDay, lastDayLine = when, n
			}
		} else if m := reLogSideDay.FindStringSubmatch(ln); m != nil && func() bool { _, ok := dayLine(m[2], now); return ok }() {
			when, dated = dayLine(m[2], now)
			who, rest = strings.ToLower(m[1]), m[3]
		} else if m := reLogWhoDateLast.FindStringSubmatch(ln); m != nil && func() bool { _, ok := dayLine(m[3], now); return ok }() {
			// "Jake: got the bid, ill look this wknd   [Jun 19]"
			when, dated = dayLine(m[3], now)
			who, rest = strings.ToLower(m[1]), m[2]
		} else if m := reLogWhoComma.FindStringSubmatch(ln); m != nil && func() bool { _, ok := dayLine(m[2], now); return ok }() {
			when, dated = dayLine(m[2], now)
			who, rest, stamp = strings.ToLower(m[1]), m[3], m[2]
		} else if m := reLogTypeMid.FindStringSubmatch(ln); m != nil && logTypeWord(strings.Fields(m[1])[0]) && func() bool { _, ok := dayLine(m[2], now); return ok }() {
			// "- Phone Call (Outgoing) 09/13/2027 Left message": the type,
			// the day, how it went.
			when, dated = dayLine(m[2], now)
			rest, stamp = m[1]+" "+m[3], m[2]
		} else if m := reLogTypeFirst.FindStringSubmatch(ln); m != nil && logTypeWord(m[1]) && func() bool { _, ok := dayLine(m[2], now); return ok }() {
			// "Call log: Mon 3 May, outgoing, not answered"
			when, dated = dayLine(m[2], now)
			rest, stamp = m[1]+" "+m[3], m[2]
		} else if d, ok := stampLine(ln, now); ok {
			// "Mar 25, 2026" alone: the day of the chat lines under it;
			// "Jan 12, 2027 at 10:02 AM EST": the day of the CRM entry
			// under it.
			lastDay, lastDayLine = d, n
			continue
		} else if m := reCRMEntry.FindStringSubmatch(ln); m != nil && !lastDay.IsZero() && n == lastDayLine+1 {
			// A timeline's entry under its stamp: "Email sent by Kofi
			// Asante — …", then "Outcome: No answer" lines until a blank.
			when, dated, rest = lastDay, true, ln
			for k := n + 1; k < len(t.lines) && k <= n+3 && strings.TrimSpace(t.lines[k]) != ""; k++ {
				rest += " · " + strings.TrimSpace(t.lines[k])
				consumed[k] = true
			}
		} else if d, r, ok := logDate(ln, now); ok {
			when, dated = dayLine(d, now)
			rest, stamp = r, d
		} else if d, r, ok := pipeRow(ln, now); ok {
			// "Call | Outgoing | 2026-09-22 16:10 | Call Result: Busy": a
			// CRM's activity row, the type first, the day a few fields on.
			when, dated, rest = d, true, r
		} else if m := reLogTyped.FindStringSubmatch(ln); m != nil && func() bool { _, ok := parseDateLine(m[2], now); return ok }() {
			when, dated = parseDateLine(m[2], now)
			rest = m[1] + " " + m[3]
		} else if m := reCallLog.FindStringSubmatch(ln); m != nil && func() bool { _, ok := dayLine(m[2], now); return ok }() {
			when, dated = dayLine(m[2], now)
			rest, stamp = m[1]+" call "+m[3], m[2]
		} else if m := reLogDateEnd.FindStringSubmatch(ln); m != nil && func() bool { _, ok := dayLine(m[2], now); return ok }() {
			// "Step 3 (call)   completed - no answer  Jun 12": a sequence
			// export with the day last.
			when, dated = dayLine(m[2], now)
			rest, stamp = m[1], m[2]
		} else if m := reLogRelDay.FindStringSubmatch(ln); m != nil {
			// "Yesterday    Email sent: …": a CRM timeline's recent days.
			when, dated = now, true
			if strings.EqualFold(m[1], "yesterday") {
				when = now.AddDate(0, 0, -1)
			}
			rest, stamp = m[2], m[1]
		} else if m := reLogDate.FindStringSubmatch(ln); m != nil {
			when, dated = parseDateLine(m[1], now)
			rest, stamp = m[2], m[1]
			if sm := reLogSpeaker.FindStringSubmatch(rest); sm != nil && !logTypeWord(sm[1]) {
				who = strings.ToLower(sm[1])
			}
		} else if d, ok := dayLine(ln, now); ok {
			lastDay = d
			continue
		} else if m := reLogSpeaker.FindStringSubmatch(ln); m != nil && !lastDay.IsZero() {
			when, dated, who, rest = lastDay, true, strings.ToLower(m[1]), m[2]
		}
		if !dated {
			continue
		}
		// "20 Jun email, 27 Jun call not picked, 2 Jul whatsapp": one line,
		// several dated entries.
		for _, pc := range splitEntries(when, rest, stamp, who, now) {
			when, rest, stamp := pc.when, pc.rest, pc.stamp
			low := strings.ToLower(" " + rest + " ")
			if hasAny(low, logSkipWords) {
				continue // a sequence step that was skipped never reached them
			}
			// An out-of-office answer is nobody's answer; an entry that only
			// holds one is no entry, and the rep's send beside one stays a
			// send ("emailed, got her auto-reply back").
			autoReply := hasAny(low, []string{"automatic reply", "auto-reply", "autoreply", "auto reply", "out of office", "out-of-office", " ooo "})
			if autoReply && !hasAny(unquoted(low), []string{"sent", "emailed", "called", "texted", "messaged", "outbound", "email out"}) {
				continue
			}
			e := logEntry{when: when, line: n, channel: logChannel(low), stamp: stamp, who: who}
			if who != "" && !teamSpeaker(who) {
				// A chat line's words ("happy to do a quick call") do not say
				// how it went; the chat does. (A teammate's log line, "SDR
				// Ben: call, left voicemail", says how it went.)
				e.channel = ""
			}
			switch {
			case who == "you" || who == "me" || who == "i" || chatName(who) == "You" || teamSpeaker(who):
				e.in = false
			case who == "them" || who == "prospect" || who == "him" || who == "her" || who == "client" || who == "customer":
				e.in = true
			case who != "" && t.colleagueSpeaker(who):
				continue // "11/18 Grace replied: Nkechi is away": a colleague's answer
			case who != "":
				e.in = true // a named speaker in a log is the other side
			default:
				// "not replied", "no answer": what did not happen is not an answer.
				low := negatedLog.Replace(low)
				out, in := hasAny(unquoted(low), logOutWords), hasAny(low, logInWords)
				opening := strings.TrimSpace(low)
				if strings.HasPrefix(opening, "(") {
					if _, after, ok := strings.Cut(opening, ")"); ok {
						opening = after // "(yesterday): emailed…"
					}
				}
				colleague := false
				strongIn := hasAny(low, []string{"received", "recvd", "rcvd", "his reply", "her reply", "their reply", "email reply", "reply ·", "reply -", "reply |", "reply received", "recebido", "recibido", "reçu", "erhalten", "respondeu", "respondió", "inbound", "incoming", "eingehend", "replied", "reply from", "rang me back", "called me back", "came back", "answered", "responded", "said", "picked up", "connected", "wrote back", "called back", "good convo", "convo", "conversation", "good call", "talked", "spoke", "chatted"})
				if strongIn && !out {
					in = true // "10/22 his reply: \"Thank you…\""
				}
				if hasAny(low, callbackAsked) {
					// "Call | Outbound | … | Call Result: Requested callback":
					// they picked up and asked to be called back.
					in, out, strongIn = true, false, true
				}
				if f := strings.Fields(strings.TrimLeft(low, " -–—:(")); len(f) > 1 && (f[0] == "she" || f[0] == "he" || f[0] == "they") && hasAny(" "+f[1]+" ", []string{" emailed ", " texted ", " rang ", " wrote ", " asked ", " called ", " replied ", " said ", " messaged "}) {
					// "Nov 4 — she emailed 'can you do a pilot in Jan?'": the
					// entry opens with them doing it.
					in, strongIn = true, true
				}
				if m := reQuotedSpeaker.FindStringSubmatch(rest); m != nil && (firstNamesHas(foldLower(m[1])) || moreNames[foldLower(m[1])] || t.prospect != "" && foldLower(m[1]) == t.prospect) {
					// "29 Apr trial review call. Emma: \"we're in, but…\"": their
					// own words, quoted.
					in, strongIn = true, true
				}
				if t.personOpens(rest) {
					// "Aug 25 Jerome texted back …", "4 Nov - Fiona emailed:
					// …", "Mar 7 Nick on the phone: …": the entry opens with
					// someone on their side doing it.
					in, strongIn = true, true
				}
				if f := strings.Fields(strings.TrimLeft(opening, " :-(")); len(f) > 0 && (logOpensOut(f[0]) || logTypeWord(strings.TrimRight(f[0], ":")) && out && !hasAny(low, []string{" meeting", "meeting:", "demo"})) && !strongIn {
					// "emailed asking if Feb works for a demo": what the entry
					// opens with is what happened.
					in = false
					out = true
				}
				switch dir, other := t.entryDirection(logWords(opening)); dir {
				case "in":
					in, out, strongIn, colleague = true, false, true, other
				case "out":
					if !strongIn {
						in, out = false, true // (an outbound call that connected is a conversation)
					}
				}
				if in && out && !strongIn && strings.Contains(low, "completed") && !hasAny(strings.ReplaceAll(low, "completed", ""), logInWords) {
					// "Follow up | Email | 3/17 | Completed": a CRM marks every
					// task done; done is not an answer.
					in = false
				}
				unanswered := strings.Contains(low, "no answer") || strings.Contains(low, "not answered") || strings.Contains(low, "unanswered") || strings.Contains(low, "no response") || strings.Contains(low, "no reply") ||
					// "spoke to receptionist, was told partner is in court": a
					// gatekeeper is not their answer.
					hasAny(low, []string{"receptionist", "secretary", "front desk", "gatekeeper", "assistant said", " pa said", " ea said", "switchboard", "office manager"})
				if in && out && t.someoneElseAnswers(rest) {
					// "called Leilani, Noa picked up": the rep's call, which
					// someone else answered; still unanswered by the prospect.
					in, strongIn = false, false
				}
				if in && (colleague || t.someoneElseOpens(rest)) {
					// "25 Nov: Luca replied Nina is on holiday": a
					// colleague's answer neither ends the prospect's silence
					// nor is a send.
					continue
				}
				switch {
				case in && !unanswered:
					e.in = true
				case out:
					e.in = false
				case strings.Contains(low, "'") || strings.Contains(low, "\"") || hasAny(low, []string{" email ", " mail ", " li msg", " linkedin ", " text ", " sms ", " vm ", " voicemail ", " viber ", " wechat ", " telegram ", " whatsapp ", " wa msg", " msg ", " dm "}):
					// A numbered list of quoted messages is what the rep sent;
					// "- 10/28 recap email" is a send too.
					e.in = false
				default:
					continue
				}
			}
			if autoReply {
				e.in = false
			}
			entries = append(entries, e)
		}
	}
	if len(entries) < 2 {
		return h
	}
	logDayFirst(entries, now)
	kept := entries[:0]
	for _, e := range entries {
		if !e.when.After(now) {
			kept = append(kept, e)
		}
	}
	entries = kept
	if len(entries) < 2 {
		return h
	}
	twoSpeakers(entries)
	out := 0
	for _, e := range entries {
		if !e.in {
			out++
		}
	}
	if out == 0 {
		return h
	}
	// In date order; a log pasted newest first reads the same.
	lastIn := -1
	var order []logEntry
	order = append(order, entries...)
	if order[0].when.After(order[len(order)-1].when) {
		for a, b := 0, len(order)-1; a < b; a, b = a+1, b-1 {
			order[a], order[b] = order[b], order[a]
		}
	}
	// An export sorted by something else ("10-14, 10-07, 10-21"): by day,
	// the same day's entries kept as they read.
	slices.SortStableFunc(order, func(x, y logEntry) int { return x.when.Compare(y.when) })
	for i, e := range order {
		if e.in {
			lastIn = i
		}
	}
	h.found = true
	h.touches = 0
	speakers := 0
	for _, e := range entries {
		if e.who != "" {
			speakers++
		}
	}
	h.chat = speakers*2 > len(entries)
	headChannel := ""
	if h.chat && len(t.lines) > 0 {
		// "LI convo w/ Katarzyna Nowak", "WhatsApp:": the app named on the
		// line above the messages.
		for _, w := range strings.FieldsFunc(strings.ToLower(t.lines[0]), func(r rune) bool { return !unicode.IsLetter(r) }) {
			switch w {
			case "li", "linkedin", "inmail":
				headChannel = ChannelLinkedIn
			case "whatsapp", "wa", "sms", "imessage", "telegram", "signal", "wechat", "viber", "texts":
				headChannel = ChannelText
			}
			if _, send := sendVerbs[w]; send {
				// "also called him once yesterday. texts:": the line tells
				// sends of its own; the app is no longer all it says.
				headChannel = ""
				break
			}
		}
	}
	if headChannel == "" && h.chat && reLinkedInCard.MatchString(t.s) {
		// "Sipho Mthembu · 2nd / Head of Fleet at Karoo Logistics" above
		// the messages: a LinkedIn conversation.
		headChannel = ChannelLinkedIn
	}
	if headChannel != "" {
		for _, es := range [][]logEntry{entries, order} {
			for i := range es {
				if es[i].channel == "" {
					es[i].channel = headChannel
				}
			}
		}
	}
	h.channels = map[string]bool{}
	for _, e := range entries {
		if e.channel != "" && !e.in {
			h.channels[e.channel] = true // how the rep's entries went
		}
	}
	for _, e := range order[lastIn+1:] {
		h.touches++
		if e.channel != "" {
			h.channel = e.channel
		}
	}
	if lastIn >= 0 {
		h.days = daysBetween(order[lastIn].when, now)
		h.quote = strings.TrimSpace(t.lines[order[lastIn].line])
	}
	for _, e := range entries {
		h.lines[e.line] = true
	}
	return h
}

// logPiece is one dated entry of a log line.
type logPiece struct {
	when        time.Time
	rest, stamp string
}

// reEntrySplit finds where another dated entry starts inside a log line:
// ", 27 Jun call", "; 2/7 whatsapp", ". Nov 30 f/u email".
var reEntrySplit = regexp.MustCompile(`[,;.]\s+(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}[/.]\d{1,2}\.?)\s+\S`)

// splitEntries splits what follows a log line's date into the entries it
// holds, each with its own day; a chat line (who) is one entry.
func splitEntries(when time.Time, rest, stamp, who string, now time.Time) []logPiece {
	out := []logPiece{{when, rest, stamp}}
	if who != "" {
		return out
	}
	for _, m := range reEntrySplit.FindAllStringSubmatchIndex(rest, -1) {
		d, ok := dayLine(rest[m[2]:m[3]], now)
		if !ok {
			continue
		}
		last := &out[len(out)-1]
		cut := m[0] - (len(rest) - len(last.rest)) // offset in the last piece
		if cut <= 0 {
			continue
		}
		tail := last.rest[cut:]
		last.rest = last.rest[:cut]
		out = append(out, logPiece{d, strings.TrimLeft(tail[strings.Index(tail, rest[m[2]:m[3]])+m[3]-m[2]:], " .:-"), rest[m[2]:m[3]]})
	}
	return out
}

// unquoted is an entry's words without what it quotes: "his reply: \"Thank
// you…\"" is not the rep's "you".
func unquoted(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch r {
		case '"', '“', '”':
			in = !in
			b.WriteByte(' ')
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// someoneElseOpens reports whether a log entry opens with the given name of
// someone who is not the prospect, once the prospect is known.
func (t *text) someoneElseOpens(rest string) bool {
	f, _, low, capital := entryOpener(rest)
	if len(f) >= 3 && (low == "her" || low == "his" || low == "their") {
		// "Oct 8 - her EA, Donna, replied…", "his boss emailed back".
		r := strings.ToLower(strings.TrimRight(f[1], ":,"))
		return entryRoles[r] || titleWords[r] && r != "contact"
	}
	if t.prospect == "" || len(f) < 2 {
		return false
	}
	if !capital || low == t.prospect {
		return false
	}
	if wordNames[low] {
		// "Grace replied: Ifeoma is in Abuja": a name that is also a word
		// is a person when an answer follows it.
		v := strings.ToLower(strings.TrimRight(f[1], ":,"))
		return v == "replied" || v == "answered" || v == "responded" || v == "wrote" || v == "emailed" || v == "called" || v == "said" || v == "texted" || v == "picked"
	}
	return knownGivenName(low)
}

// logWords are an entry's words without the separators exports put between
// columns: "Call · Outbound · 0:00" is call, outbound, 0:00.
func logWords(s string) []string {
	f := strings.Fields(strings.TrimLeft(s, " :-("))
	out := f[:0]
	for _, w := range f {
		if w != "·" && w != "|" && w != "-" && w != "–" && w != "—" {
			out = append(out, w)
		}
	}
	return out
}

// teamSpeaker reports whether a log line's speaker is on the rep's side
// by role: "SDR Ben", "AE Marta", "my manager", "our SE".
func teamSpeaker(who string) bool {
	f := strings.Fields(who)
	return len(f) >= 2 && (f[0] == "sdr" || f[0] == "bdr" || f[0] == "ae" || f[0] == "se" || f[0] == "csm" || (f[0] == "my" || f[0] == "our") && (f[1] == "sdr" || f[1] == "bdr" || f[1] == "manager" || f[1] == "boss" || f[1] == "se" || f[1] == "colleague"))
}

// colleagueSpeaker: a log entry's speaker is "<name> replied" (or wrote,
// answered…) and the name is not the prospect's.
func (t *text) colleagueSpeaker(who string) bool {
	f := strings.Fields(who)
	if len(f) != 2 {
		return false
	}
	switch f[1] {
	case "replied", "answered", "responded", "wrote", "emailed", "said", "texted", "called":
		return t.otherPerson(foldLower(f[0]))
	}
	return false
}

// otherPerson reports whether w, a word folded as tokens are, names
// someone who is not the prospect (known to the story): a given name, or
// a plain word of letters that is no title, department or common word.
func (t *text) otherPerson(w string) bool {
	if t.prospect == "" || w == t.prospect || foldLower(w) == foldLower(t.prospect) {
		return false // ("Martín" is the prospect Martin however it is spelled)
	}
	return firstNamesHas(w) || moreNames[w] || len(w) > 2 && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' }) < 0 && !notNameWords[w] && !titleWords[w] && !deptWords[w]
}

// entryDirection reads the direction a CRM puts after a message's or a
// call's type ("Email IN (Keanu): …", "Email OUT: …", "Email received from
// Leilani Akana", "Call · Outbound · 0:00"): "in", "out" or "". For an
// answer, other reports that who wrote is someone else than the prospect
// ("Email IN from Camila"). "Meeting in Tel Aviv" is a place: only a
// message or a call has a direction.
func (t *text) entryDirection(f []string) (dir string, other bool) {
	if len(f) < 2 {
		return "", false
	}
	kind := strings.TrimRight(f[0], ":")
	if !(logTypeWord(kind) && channelWords[kind] != "" || kind == "call") {
		return "", false
	}
	dir = strings.Trim(f[1], ":()-")
	if len(f) > 2 && f[2] == "from" && dir == "received" {
		dir = "in"
	}
	if len(f) > 2 && f[2] == "to" && dir == "sent" {
		dir = "out"
	}
	switch dir {
	case "in", "inbound", "incoming", "recvd", "rcvd":
		for _, w := range f[2:min(len(f), 4)] {
			if w = strings.Trim(w, ":(),\""); w != "from" && w != "" {
				return "in", t.otherPerson(w)
			}
		}
		return "in", false
	case "out", "outbound", "outgoing":
		return "out", false
	}
	return "", false
}

// someoneElseAnswers: in an entry of the rep's ("called Leilani, Noa
// picked up, said Leilani would call back"), the one who answered is
// someone else.
func (t *text) someoneElseAnswers(rest string) bool {
	if t.prospect == "" {
		return false
	}
	f := strings.Fields(rest)
	for i := 1; i < len(f); i++ {
		v := strings.ToLower(strings.Trim(f[i], ".,;:()"))
		if v != "picked" && v != "answered" {
			continue // a pickup; "Tom replied" to what was sent him is another story
		}
		name := strings.TrimLeft(f[i-1], "(")
		if strings.ContainsAny(name, ".,;:()") {
			continue // "(Darnell). Said …": not the one who answered
		}
		r, _ := utf8.DecodeRuneInString(name)
		low := foldLower(name)
		if unicode.IsUpper(r) && low != t.prospect && (firstNames[low] || moreNames[low] || i >= 2 && strings.HasSuffix(f[i-2], ",") && !notNameWords[low]) {
			return true
		}
	}
	return false
}

// entryRoles are the people around a prospect whose answer is not theirs.
var entryRoles = map[string]bool{"ea": true, "pa": true, "assistant": true, "colleague": true, "secretary": true, "boss": true,
	"manager": true, "coworker": true, "co-worker": true, "deputy": true, "team": true, "office": true, "procurement": true, "legal": true}

// entryOpener reads the word a log entry opens with: the entry's words,
// the first without a trailing ":" or ",", that word folded as tokens are,
// and whether it is capitalized.
func entryOpener(rest string) (f []string, name, low string, capital bool) {
	f = strings.Fields(strings.TrimLeft(rest, " -–—:("))
	if len(f) == 0 {
		return nil, "", "", false
	}
	name = strings.TrimRight(f[0], ":,")
	r, _ := utf8.DecodeRuneInString(name)
	return f, name, foldLower(name), unicode.IsUpper(r)
}

// reQuotedSpeaker finds a person's quoted words inside a log entry:
// "Emma: \"we're in\"".
var reQuotedSpeaker = regexp.MustCompile(`(?:^|[.;,]\s+)(\p{Lu}\p{L}+):\s*["“'‘]`)

// personOpens reports whether a log entry opens with a person's name (one
// or two capitalized words, the first a given name or the prospect's) and
// then their own contact: "Jerome texted back", "Fiona MacLeod emailed:",
// "Nick on the phone", "Arjun on whatsapp:", "Harpreet called me".
func (t *text) personOpens(rest string) bool {
	f, name, low, capital := entryOpener(rest)
	if len(f) < 2 {
		return false
	}
	if !capital || name != f[0] || !(firstNamesHas(low) || t.prospect != "" && low == t.prospect) {
		return false
	}
	k := 1
	if r2, _ := utf8.DecodeRuneInString(f[1]); unicode.IsUpper(r2) && len(f) > 2 && !strings.ContainsAny(f[1], ":,") {
		k = 2 // a surname
	}
	v := strings.ToLower(strings.TrimRight(f[k], ":,."))
	switch v {
	case "email", "mail", "msg", "message", "text", "whatsapp", "note":
		// "Leah email: \"Love it…\"": what they sent, quoted.
		return k+1 < len(f) && strings.ContainsAny(f[k+1][:1], "\"'“‘") && (strings.HasSuffix(f[k], ":") || !strings.HasSuffix(f[k], ","))
	case "emailed", "texted", "called", "rang", "wrote", "replied", "messaged", "answered", "responded", "whatsapped", "pinged", "asked", "said", "confirmed", "came", "got", "phoned", "mailed", "returned":
		return v != "came" && v != "got" || k+1 < len(f) && strings.HasPrefix(strings.ToLower(f[k+1]), "back")
	case "on", "via", "over":
		// "Nick on the phone: …", "Arjun on whatsapp: …"
		if k+2 < len(f) && f[k+1] == "the" {
			return strings.HasPrefix(strings.ToLower(f[k+2]), "phone")
		}
		if k+1 < len(f) {
			c := channelWords[strings.ToLower(strings.TrimRight(f[k+1], ":,."))]
			return c != "" && c != ChannelEmail
		}
	}
	return false
}

// logOpensOut: an entry that opens with the rep's send ("emailed …",
// "called, no answer", "sent pricing").
func logOpensOut(w string) bool {
	w = strings.TrimRight(w, ":,.")
	switch w {
	case "emailed", "sent", "called", "rang", "texted", "messaged", "pinged", "chased", "followed", "nudged", "bumped", "left", "dialed", "dialled", "inmailed", "whatsapped",
		// and the things sent: "chaser email", "email - 'is this still…'"
		"email", "e-mail", "chaser", "reminder", "nudge", "bump", "follow-up", "followup", "text", "sms", "whatsapp", "inmail", "voicemail", "vm", "li", "linkedin":
		return true
	}
	return false
}

// logTypeWord: "Email:", "Call:", "Meeting:" open a CRM entry with its
// type, not with who spoke.
func logTypeWord(s string) bool {
	low := strings.ToLower(strings.TrimSpace(s))
	switch low {
	case "me", "you", "them", "i", "we", "they":
		return false // the sides of a chat
	}
	if _, ok := touchNouns[low]; ok {
		return true
	}
	if notNameWords[low] || titleWords[low] {
		return true
	}
	switch low {
	case "meeting", "task", "activity", "status", "type", "outcome", "result", "subject", "log", "event", "inbound", "outbound",
		"incoming", "outgoing", "logged call", "logged email", "phone call", "sequence", "step", "appointment", "appt",
		// The same in the languages reps keep their CRM in.
		"chamada", "chamadas", "reunião", "reuniao", "reunión", "reunion", "réunion", "appel", "anruf", "telefonat",
		"nachricht", "termin", "besuch", "visita", "tarefa", "tarea", "aufgabe", "notiz", "nota", "atividade", "actividad":
		return true
	}
	if f := strings.Fields(low); len(f) > 1 {
		if _, ok := touchNouns[f[0]]; ok {
			return true // "Call log", "Email sent"
		}
	}
	return strings.HasPrefix(low, "logged ") || strings.HasPrefix(low, "step ")
}

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// logChannel reads the channel of a log entry.
func logChannel(low string) string {
	// "Email – follow-up, offered call w/ our CTO": the type the entry
	// opens with says how it went.
	first := strings.TrimLeft(low, " -–—:·|([✔✓☑☐○●◦▪✗✘*•")
	for _, p := range []struct{ word, ch string }{{"email", ChannelEmail}, {"e-mail", ChannelEmail}, {"mail ", ChannelEmail}, {"call", ChannelPhone}, {"phone", ChannelPhone}, {"voicemail", ChannelPhone}, {"linkedin", ChannelLinkedIn}, {"inmail", ChannelLinkedIn}, {"sms", ChannelText}, {"text", ChannelText}, {"whatsapp", ChannelText}} {
		if strings.HasPrefix(first, p.word) {
			return p.ch
		}
	}
	switch {
	case strings.Contains(low, "linkedin") || strings.Contains(low, "inmail") || strings.Contains(low, " li "):
		return ChannelLinkedIn
	case strings.Contains(low, "voicemail") || strings.Contains(low, " vm") || strings.Contains(low, "call") || strings.Contains(low, "no answer") || strings.Contains(low, "dial") ||
		strings.Contains(low, " tel,") || strings.Contains(low, " tel.") || strings.Contains(low, " tel ") ||
		strings.Contains(low, "phone") || strings.Contains(low, "telefon") || strings.Contains(low, "anruf") || strings.Contains(low, "mailbox"):
		return ChannelPhone
	case strings.Contains(low, "text") || strings.Contains(low, "sms") || strings.Contains(low, "whatsapp") || strings.Contains(low, "imessage") ||
		hasAny(low, []string{" viber", " wechat", " telegram", " kakao", " zalo", " signal msg", " wa msg", " wa "}):
		return ChannelText
	case strings.Contains(low, "email") || strings.Contains(low, "mail"):
		return ChannelEmail
	}
	return ""
}

// reLinkedInCard is the profile line LinkedIn puts above a copied
// conversation: "Chidinma Eze • 1st", "Rohan Deshpande · 2nd degree".
var reLinkedInCard = regexp.MustCompile(`(?m)^\s*[^\n]{0,60}?\s[·•]\s*(?:1st|2nd|3rd\+?)\b`)

// negatedLog rewrites a log line's "not replied" and the like so the words
// of an answer inside them do not read as one.
var negatedLog = strings.NewReplacer("not replied", "no reply", "not answered", "no answer", "unanswered", "no answer",
	"no response", "no reply", "not responded", "no reply", "never replied", "no reply", "not picked up", "no answer",
	"didn't pick up", "no answer", "did not pick up", "no answer", "disconnected", "no answer", "not connected", "no answer",
	"couldn't connect", "no answer", "could not connect", "no answer")

// crmCSVRows rewrites a CRM's CSV activity export ("Activity Date",
// "Subject", "Type", "Direction", "Contact"…) as log lines the reader
// knows: "2025-06-13 Email Inbound (Giorgio Lupo): Re: Contract draft". It
// returns nil when the story holds no such export; other lines stay as
// they are.
func crmCSVRows(lines []string) []string {
	for i, l := range lines {
		if strings.Count(l, ",") < 2 || len(l) > 300 || !strings.Contains(strings.ToLower(l), "direction") {
			continue
		}
		head, err := csv.NewReader(strings.NewReader(l)).Read()
		if err != nil {
			continue
		}
		date, dir, typ, who, subj, dur := -1, -1, -1, -1, -1, -1
		for k, h := range head {
			switch strings.ToLower(strings.TrimSpace(h)) {
			case "activity date", "date", "created", "created date", "completed", "completed date", "due date":
				date = k
			case "direction":
				dir = k
			case "type", "activity type":
				typ = k
			case "contact", "name", "person", "contact name":
				who = k
			case "subject", "activity", "comments", "description", "notes", "subject/notes", "outcome", "result":
				if subj < 0 {
					subj = k
				}
			case "duration":
				dur = k
			}
		}
		if date < 0 || dir < 0 {
			continue
		}
		out := append([]string(nil), lines...)
		field := func(row []string, k int) string {
			if k < 0 || k >= len(row) {
				return ""
			}
			return strings.TrimSpace(row[k])
		}
		out[i] = ""
		for k := i + 1; k < len(lines) && strings.TrimSpace(lines[k]) != ""; k++ {
			row, err := csv.NewReader(strings.NewReader(lines[k])).Read()
			if err != nil || field(row, date) == "" {
				break
			}
			kind := field(row, typ)
			if kind == "" && dur >= 0 {
				kind = "Call" // a dialer's export: every row is a call
			}
			switch strings.ToLower(kind) {
			case "task", "todo", "to-do", "reminder":
				out[k] = ""
				continue // the rep's own reminder reached nobody
			}
			ln := field(row, date) + " " + kind + " " + field(row, dir)
			if w := field(row, who); w != "" {
				ln += " (" + w + ")"
			}
			out[k] = strings.Join(strings.Fields(ln), " ") + ": " + field(row, subj)
		}
		return out
	}
	return nil
}

// callbackAsked are a call's results that say they picked up and asked to
// be called back: an answer, whatever way the call went.
var callbackAsked = []string{"requested callback", "callback requested", "requested a callback", "asked for a callback"}

// pipeRow reads an activity row of fields split by "|", "·" or tabs: a log
// type in one of the first two fields ("Call | Outbound | …", "Step 1 ·
// Email · …"), or the third after a step number ("3<tab>02/13/2026<tab>
// Email<tab>Sent pricing"), its day in one of the first four, maybe after
// a status word ("delivered Mar 4"). It returns the day and the other
// fields.
func pipeRow(ln string, now time.Time) (time.Time, string, bool) {
	sep := "|"
	switch {
	case strings.Contains(ln, "|"):
	case strings.Contains(ln, "·"):
		sep = "·"
	case strings.Count(ln, "\t") >= 2:
		sep = "\t" // a sequence export pasted from a spreadsheet: "3\t02/13/2026\tEmail\tSent pricing"
	}
	f := strings.Split(ln, sep)
	step := len(f) > 3 && isStepNumber(f[0])
	if len(f) < 3 || !logTypeField(f[0]) && !logTypeField(f[1]) && !(step && logTypeField(f[2])) {
		return time.Time{}, "", false
	}
	for k := 1; k < min(4, len(f)); k++ {
		d, status, ok := dayField(strings.TrimSpace(f[k]), now)
		if !ok {
			continue
		}
		f[k] = status
		rest := make([]string, 0, len(f))
		for _, x := range f {
			if x = strings.TrimSpace(x); x != "" {
				rest = append(rest, x)
			}
		}
		return d, strings.Join(rest, " | "), true
	}
	return time.Time{}, "", false
}

// isStepNumber: a row's first field is its step in a sequence ("3").
func isStepNumber(field string) bool {
	field = strings.TrimSpace(field)
	if field == "" || len(field) > 3 {
		return false
	}
	for _, r := range field {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// logTypeField: an activity row's field that names the type ("Call",
// "Email", "LinkedIn message").
func logTypeField(field string) bool {
	head := strings.Fields(field)
	return len(head) > 0 && len(head) <= 3 && logTypeWord(head[0])
}

// dayField reads a row's field as its day, maybe after a status word
// ("delivered Mar 4", "sent 03/11"), returning the status. A long field is
// a subject or a note, never the day.
func dayField(field string, now time.Time) (time.Time, string, bool) {
	if len(field) > 28 {
		return time.Time{}, "", false
	}
	if d, ok := parseDateLine(field, now); ok {
		return d, "", true
	}
	if w, rest, cut := strings.Cut(field, " "); cut && !strings.ContainsAny(w, "0123456789") {
		if d, ok := parseDateLine(rest, now); ok {
			return d, w, true
		}
	}
	return time.Time{}, "", false
}
