package story

import (
	"cmp"
	"encoding/csv"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A pasted email thread is read as a thread: who wrote each message and
// when, so the prospect, the rep's unanswered messages after the prospect's
// last one, and the date of that last one come from the headers rather than
// from the words inside the emails.

type message struct {
	from, email string
	to          string
	when        time.Time
	dated       bool
	header      int // line of the header
	body        [2]int
	auto        bool // an out-of-office reply: not an answer
	order       int  // position in the paste
	// chat is the channel of a chat export ("linkedin", "text"); empty for email.
	chat string
	// stamp is a chat export's numeric date as written ("12/10/26"), read
	// again once the whole export shows whether days come first.
	stamp string
	clock string // the time of day a chat line shows
	// numDate is a mail header's numeric date as written ("09/12/2025"),
	// read again once all the headers show whether days come first.
	numDate string
}

// threadHint is what a thread says, for the rest of the reader.
type threadHint struct {
	found                       bool
	prospect, prospectQuote     string
	company, companyQuote       string
	domain                      string          // the prospect's email address, for a company named nowhere else
	rep                         map[string]bool // lower-case first names and emails on the rep's side
	touches                     int
	touchQuote                  string
	days                        int
	daysQuote                   string
	lines                       map[int]bool // lines inside the thread (headers, bodies, quotes)
	lastProspectAt, lastTouchAt time.Time
	// channel is how the pasted conversation went: email, or linkedin and
	// text for chat exports.
	channel string
}

func (h threadHint) isRep(name string) bool {
	if len(h.rep) == 0 {
		return false
	}
	f := strings.Fields(strings.ToLower(name))
	return len(f) > 0 && h.rep[f[0]]
}

var (
	reFrom    = gate(":", regexp.MustCompile(`(?i)^\s*(?:from|von|de|van|da|expéditeur)\s*:\s*(.+)$`))
	reSent    = gate(":", regexp.MustCompile(`(?i)^\s*(?:sent|date|datum|gesendet|enviado|enviado el|verzonden|envoyé|data|fecha)\s*:\s*(.+)$`))
	reTo      = gate(":", regexp.MustCompile(`(?i)^\s*(?:to|an|para|aan|à|a|destinataire)\s*:\s*(.+)$`))
	reSubject = regexp.MustCompile(`(?i)^\s*(?:subject|betreff|assunto|asunto|onderwerp|objet|oggetto|cc|bcc)\s*:`)
	// Any client's attribution: "2026年10月1日(木) 9:12 Sato Yumi <y.sato@…>:"
	reAttrib = gate("@", regexp.MustCompile(`^\s*(.*\d.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*:\s*$`))
	// A chat log line: "Tue 13 Oct, 16:02  Sean: yeah grand"
	// "Me, Aug 3, 9:00 AM: Morning Brent": the author first, then when.
	reChatWhoFirst = gate(":", regexp.MustCompile(`^\s*(Me|You|[A-Z][\w'-]+(?:\s[A-Z][\w'-]+){0,2})\s*,\s*([^,:]{3,20}?(?:,\s*\d{4})?)\s*,?\s+\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*:\s*(.*)$`))
	// A chat app's head with a numeric stamp after the author, alone on
	// its line: "王军 2026/8/20 14:32", "Me 2026/9/2 10:11" (WeChat).
	// Telegram's copy: "Lukas Hofer, [04.12.2025 16:20]" over the message.
	reTelegramHead = gate("[", regexp.MustCompile(`^\s*([^,\[\]\n]{2,40}?),\s*\[(\d{1,2}\.\d{1,2}\.\d{2,4})\s+\d{1,2}:\d{2}(?::\d{2})?\]\s*$`))
	// Teams' copy writes the day first with dots: "Reto Baumann (Extern)
	// 30.03.2026 16:40".
	reAuthorNumStamp = gate(":", regexp.MustCompile(`^\s*(\S[^\t:]{0,40}?)\s+((?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4})\.?\s+\d{1,2}:\d{2}(?::\d{2})?)\s*$`))
	reChatLoose      = gate(":", regexp.MustCompile(`^\s*\[?([^:\]\n]{3,30}?)[,\s]+(\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?)\]?\s*(?:-|–)?\s*([^:\n]{1,40}):\s*(.*)$`))
	reWrote          = regexp.MustCompile(`(?i)^\s*(?:on|am|em|le|el|il|op|den|på|w dniu)\s+(.+?)\s*(?:wrote|schrieb|escreveu|a écrit|escribió|ha scritto|schreef|skrev|napisał)\s*:\s*$`)
	reEmail          = regexp.MustCompile(`[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	// Gmail's conversation view: "Dana Kim <dana@acme.com>   Tue, Nov 4, 9:12 AM (3 days ago)"
	reGmailView = gate("@", regexp.MustCompile(`^\s*([^<>\n]{2,60}?)\s*<([^<>\s]+@[^<>\s]+)>\s*(.*)$`))
	// Gmail's view copied without the address: "Owen Hughes      Fri, Jun
	// 30, 2028, 3:10 PM", then "to Linh" or "to me" on the next line.
	reGmailBare = gate(":", regexp.MustCompile(`^\s*((?i:me)|\p{Lu}[^<>\n:@\t]{1,50}?)(?:\s{2,}|\t\s*)(\S.*\d{1,2}:\d{2}.*)$`))
	// The same view with the name, the stamp and "to …" on lines of their
	// own: "Greg Walsh" / "Tue, 21 Jul 2026, 7:14 am" / "to me, Bronwyn".
	reNameLine  = regexp.MustCompile(`^\s*(\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:de|van|der|den|da|di|do|dos|das|du|von|la|le|del|bin|al|ter|ten)\s+){0,2}\p{Lu}[\p{L}'’.-]*){0,3})\s*$`)
	reStampLine = gate(":", regexp.MustCompile(`^\s*\S.*\d{1,2}:\d{2}.*$`))
	// A copied view's message head with the author first and when after it,
	// alone on the line: "me - Mon, Sep 6", "Stephanie Park - Wed, Sep 15",
	// "Helen Marsh<tab>Wed, 10 Jun, 16:22", "Isabela Souza • Jun 2",
	// "Me, Nov 5"; the author may carry a "(me)" ("Jordan (me) · Feb 3")
	// and the stamp how the message went ("Feb 3 (email)").
	reAuthorStamp = regexp.MustCompile(`^\s*((?i:me|you|vous|moi)|\p{Lu}[\p{L}'’.-]*(?:\s\p{Lu}[\p{L}'’.-]*){0,3})(\s*\((?i:me|you)\))?(?:\s*\t\s*|\s{2,}|\s+[-–—|·•]\s+|,\s+)(\S[^\t]{3,40}?)(?:\s*\(([A-Za-z ]{2,20})\))?$`)
	// LinkedIn's copy: "Oskar Nilsson · 2:14 PM (Sep 8)", "You · 10:30 AM".
	// A headline may sit between: "Sofia Marchetti · Head of Partnerships at
	// Levante Mobility · Jul 6, 2027".
	reLinkedIn = gate("·", regexp.MustCompile(`^\s*([^·:\n]{2,40}?)\s+(?:\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s+)?·\s+(?:[^·\n]{2,90}?\s+·\s+)?(.*\d{1,2}:\d{2}.*|[A-Za-z]{3,9}\.? \d{1,2}(?:, \d{4})?|\d{1,2} [A-Za-z]{3,9}\.?(?: \d{4})?)\s*$`))
	// "Keegan Pillay  2:15 PM": LinkedIn's copy with the dot lost.
	reLinkedInBare = gate(":", regexp.MustCompile(`^\s*([^\s:][^:\n]{1,38}?)\s{2,}(\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?)\s*$|^\s*(You|Me|[A-Z][\pL'-]+(?: [A-Z][\pL'-]+){1,2}) (\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?)\s*$`))
	// "InMail · Nov 12" then "To: …": a message the rep sent.
	reSentItem = gate("·|-", regexp.MustCompile(`(?i)^\s*(inmail|linkedin message|message|email|sms|text)\s*[·|-]\s*(.+)$`))
	// "Oskar Nilsson sent the following message at 2:14 PM"
	reLinkedInSent = regexp.MustCompile(`(?i)^\s*(.{2,40}?)\s+sent the following messages? at\s+(.+)$`)
	// WhatsApp export: "[26/06/2026, 09:41:02] Dimitra: …", "6/26/26, 9:41 AM - Dimitra: …"
	reChat          = gate(":", regexp.MustCompile(`^\s*\[?(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}),?\s+(\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)\]?\s*(?:-|–)?\s*([^:\n]{1,40}):\s*(.*)$`))
	reChatTimeFirst = gate("[", regexp.MustCompile(`^\s*\[(\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?),\s*(\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\]\s*(.*)$`))
	reSeparator     = regexp.MustCompile(`^\s*(?:-{3,}\s*(?:original message|forwarded message|mensagem original|ursprüngliche nachricht)?\s*-*|_{10,})\s*$`)
)

// gatedRe is a regexp that no line without one of need's characters can
// match: the pasted-thread readers try a dozen header shapes on every line,
// and a character test turns most lines away before the regexp runs.
type gatedRe struct {
	*regexp.Regexp
	need string
}

func gate(need string, re *regexp.Regexp) gatedRe { return gatedRe{re, need} }

func (g gatedRe) FindStringSubmatch(s string) []string {
	if !strings.ContainsAny(s, g.need) {
		return nil
	}
	return g.Regexp.FindStringSubmatch(s)
}

func (g gatedRe) MatchString(s string) bool {
	return strings.ContainsAny(s, g.need) && g.Regexp.MatchString(s)
}

var autoReplyWords = []string{"out of office", "out of the office", "automatic reply", "auto-reply", "autoreply", "auto reply", "limited access to email", "i am currently away", "i'm currently away", "ooo",
	// A business chat account's greeting: "Thank you for contacting …! Our
	// team will get back to you shortly."
	"thank you for contacting", "thanks for contacting", "thank you for your message. our team", "we will get back to you shortly", "will get back to you shortly", "this is an automated"}

// awayWords mark an automatic reply only in a short message: "away until"
// in a real answer ("we are away until 20 November, then I'll discuss it")
// is news, not an autoresponder.
var awayWords = []string{"on leave until", "away until", "back in the office on", "return on", "returning on"}

var chaseWords = []string{"following up", "follow up", "follow-up", "checking in", "check in", "circling back", "circle back", "bumping", "bump this", "any update", "any thoughts", "just wanted", "wanted to see", "touch base", "touching base", "did you get a chance", "had a chance", "gentle reminder", "quick reminder", "quick nudge", "resurfacing", "floating this", "top of your inbox", "last note", "my last email", "my previous email", "haven't heard", "in case it got buried", "picking up where we left off", "any word", "get a chance", "just checking", "any news", "any feedback", "how the trial went", "how did the trial", "how did the pilot"}

var replyWords = []string{"thanks for the demo", "thanks for your time", "thanks for the proposal", "thanks for sending", "thank you for sending", "thanks for reaching out", "thanks for the deck", "appreciate the", "let me check", "let me run", "let me get back", "let me discuss", "let me talk", "we'll review", "we will review", "i'll get back", "i will get back", "i'll come back", "run it past", "run this past", "run it by", "need to align", "need to check", "we're interested", "we are interested", "i'll review", "give me", "circle back in", "looks reasonable", "send over", "not a priority", "we're midway", "i need to"}

// reMinePaste: the words around a one-message paste say the rep wrote it
// ("this is my 3rd email", "here's my last note", "pasting what I sent").
var reMinePaste = regexp.MustCompile(`\b(?:this is|here'?s|here is|below is|pasting|pasted|forwarding|copying) my\b|\bwhat i (?:sent|wrote)\b|\b(?:no|zero|0|not a single|never got a|never had a) (?:reply|replies|response|answer) to (?:this|it)\b|\bthe only thing i(?:'?ve| have)? sent\b|\bmy (?:last|latest|most recent|\d(?:st|nd|rd|th)|first|second|third|fourth|fifth) (?:email|e-mail|mail|message|note|follow[- ]?up)\b`)

// minePaste reports whether the narrative says the one pasted message is
// the rep's own ("this is my 3rd email"), not a chain of them ("forwarded my
// last email chain").
func minePaste(narr string) bool {
	for _, m := range reMinePaste.FindAllStringIndex(narr, -1) {
		rest := strings.Fields(narr[m[1]:])
		if len(rest) > 0 && (strings.HasPrefix(rest[0], "chain") || strings.HasPrefix(rest[0], "thread") || strings.HasPrefix(rest[0], "exchange") || strings.HasPrefix(rest[0], "conversation")) {
			continue
		}
		return true
	}
	return false
}

// parseThread finds email headers and splits the paste into messages.
// csvMessages reads a messages export pasted as CSV (LinkedIn's
// messages.csv: "FROM,TO,DATE,CONTENT" or its longer header): one message
// per row, the sender and the day from their columns.
func csvMessages(lines []string, story string, now time.Time) []message {
	for i, l := range lines {
		if !strings.Contains(l, ",") || len(l) > 300 {
			continue
		}
		if up := strings.ToUpper(l); !strings.Contains(up, "FROM") && !strings.Contains(up, "SENDER") {
			continue // most lines are not a header: spare the CSV reader
		}
		head, err := csv.NewReader(strings.NewReader(l)).Read()
		if err != nil {
			continue
		}
		from, to, date := -1, -1, -1
		for k, h := range head {
			switch strings.ToUpper(strings.TrimSpace(h)) {
			case "FROM", "SENDER":
				from = k
			case "TO", "RECIPIENT", "RECIPIENTS":
				to = k
			case "DATE", "SENT", "SENT AT", "TIMESTAMP":
				date = k
			}
		}
		if from < 0 || date < 0 {
			continue
		}
		chat := ""
		if low := strings.ToLower(story); strings.Contains(low, "linkedin") || strings.Contains(strings.ToUpper(l), "CONVERSATION") {
			chat = ChannelLinkedIn
		}
		var out []message
		for k := i + 1; k < len(lines) && strings.TrimSpace(lines[k]) != ""; k++ {
			row, err := csv.NewReader(strings.NewReader(lines[k])).Read()
			if err != nil || len(row) <= max(from, date) {
				break
			}
			when, ok := parseDateLine(strings.TrimSuffix(strings.TrimSpace(row[date]), " UTC"), now)
			if !ok {
				break
			}
			m := message{header: k, order: len(out), from: cleanName(row[from]), when: when, dated: true, body: [2]int{k, k + 1}, chat: chat}
			if to >= 0 && to < len(row) {
				m.to = row[to]
			}
			out = append(out, m)
		}
		return out
	}
	return nil
}

// authorStamp reads a line that is only an author and when ("me - Mon, Sep
// 6"): the author ("You" for the rep), the time, and the channel when the
// head names it ("Feb 3 (email)").
func authorStamp(l string, now time.Time) (from string, when time.Time, channel string, ok bool) {
	if len(l) > 80 || !strings.Contains(l, "\t") && !strings.Contains(l, "  ") && !strings.Contains(l, " - ") && !strings.Contains(l, " – ") && !strings.Contains(l, " — ") && !strings.Contains(l, " | ") && !strings.Contains(l, " · ") && !strings.Contains(l, " • ") && !strings.Contains(l, ", ") {
		return "", time.Time{}, "", false
	}
	m := reAuthorStamp.FindStringSubmatch(l)
	if m == nil || len(strings.Fields(m[3])) > 6 || logTypeWord(m[1]) || isMonth(strings.ToLower(m[1])) || isWeekday(strings.ToLower(m[1])) {
		return "", time.Time{}, "", false
	}
	when, ok = parseDateLine(m[3], now)
	if !ok {
		return "", time.Time{}, "", false
	}
	from = cleanName(m[1])
	if low := strings.ToLower(m[1]); low == "me" || low == "you" || low == "vous" || low == "moi" {
		from = "You"
	}
	switch c := strings.ToLower(strings.TrimSpace(m[4])); {
	case c == "":
	case strings.Contains(c, "linkedin") || c == "li" || c == "inmail":
		channel = ChannelLinkedIn
	case c == "email" || c == "e-mail" || c == "mail":
		channel = ChannelEmail
	case c == "sms" || c == "text" || c == "whatsapp" || c == "wa" || c == "imessage":
		channel = ChannelText
	}
	return from, when, channel, true
}

// sentItemTo finds the "To:" line of a Sent Items header within two lines
// after line i, with no "From:" between: its index and recipient, or 0.
func sentItemTo(lines []string, i int) (int, string) {
	for k := i + 1; k < min(len(lines), i+3); k++ {
		l := strings.TrimLeft(lines[k], " \t>")
		if reFrom.MatchString(l) {
			return 0, "" // "Sent:" above "From:": one block of someone's mail
		}
		if to := reTo.FindStringSubmatch(l); to != nil {
			return k, to[1]
		}
	}
	return 0, ""
}

// logActivity reports whether a chat line's "speaker" is a kind of CRM
// activity instead: "Email sent", "Call", "Task completed", "Emailed".
// (Not logTypeWord: that also turns away "Eu", Portuguese for "I", as a
// not-a-name word, and the speaker of a chat may be just that.)
func logActivity(word string) bool {
	low := strings.ToLower(word)
	_, touch := touchNouns[low]
	return touch || isSendVerb(low) || low == "task" || low == "meeting" || low == "note"
}

// dialerLine reports whether what a chat pattern took for the speaker is a
// dialer's columns ("21/08/2026 09:12  outbound  no answer  0:00"): a call
// log, read by parseLog, not a chat.
func dialerLine(speaker string) bool {
	low := strings.ToLower(speaker)
	for _, w := range []string{"outbound", "inbound", "outgoing", "incoming", "missed", "no answer", "voicemail", "answered"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

func (t *text) parseThread(now time.Time) (threadHint, []message) {
	lines := t.lines
	var msgs []message
	hint := threadHint{touches: -1, days: -1, lines: map[int]bool{}}
	start := 0
	if ms := csvMessages(lines, t.s, now); len(ms) >= 2 {
		msgs, start = ms, len(lines) // an export has no other headers to read
	}
	lastDay := time.Time{}
	for i := start; i < len(lines); i++ {
		ln, _ := unquote(lines[i])

		if len(ln) > 240 {
			// Headers and chat stamps sit at a line's start; a long line is
			// matched on its head, so the patterns stay cheap.
			cut := 240
			for cut > 0 && !utf8.RuneStart(ln[cut]) {
				cut--
			}
			ln = ln[:cut]
		}
		if m := reNameLine.FindStringSubmatch(ln); len(ln) < 60 && m != nil && i+1 < len(lines) {
			// Gmail on a phone: "Sanne de Vries" over "to me · 12 Nov".
			if to, stamp, ok := strings.Cut(strings.TrimSpace(lines[i+1]), " · "); ok && strings.HasPrefix(strings.ToLower(to), "to ") {
				if when, dated := parseDateLine(stamp, now); dated {
					msgs = append(msgs, message{header: i, order: len(msgs), from: cleanName(m[1]), to: strings.TrimSpace(to[3:]), when: when, dated: true, body: [2]int{i + 2, i + 2}})
					i++
					continue
				}
			}
		}
		if m := reNameLine.FindStringSubmatch(ln); len(ln) < 60 && m != nil && i+2 < len(lines) && reStampLine.MatchString(lines[i+1]) && strings.HasPrefix(strings.ToLower(strings.TrimSpace(lines[i+2])), "to ") {
			if when, dated := parseDateLine(lines[i+1], now); dated {
				msg := message{header: i, order: len(msgs), from: cleanName(m[1]), when: when, dated: true}
				msg.to = strings.TrimSpace(strings.TrimSpace(lines[i+2])[3:])
				msg.body = [2]int{i + 3, i + 3}
				msgs = append(msgs, msg)
				i += 2
				continue
			}
		}
		if !strings.ContainsAny(ln, ":·@") {
			// Every other header shape has a colon, a middle dot or an address;
			// most lines have none and skip the patterns.
			if d, ok := dayLine(ln, now); ok {
				lastDay = d
			}
			continue
		}
		// Chat exports: one message per header line. WhatsApp on some
		// phones puts the time first: "[09:14, 02/08/2027] Rafael Costa: …".
		if m := reChatTimeFirst.FindStringSubmatch(ln); m != nil {
			ln = "[" + m[2] + ", " + m[1] + "] " + m[3]
		}
		if m := reChat.FindStringSubmatch(ln); m != nil && !dialerLine(m[3]) {
			when, dated := parseDateLine(m[1], now)
			msgs = append(msgs, message{header: i, order: len(msgs), from: chatName(m[3]), when: when, dated: dated, body: [2]int{i, i + 1}, chat: "text", stamp: m[1], clock: m[2]})
			continue
		}
		if m := reSentItem.FindStringSubmatch(ln); m != nil && i+1 < len(lines) && reTo.MatchString(lines[i+1]) {
			when, dated := parseDateLine(m[2], now)
			to := reTo.FindStringSubmatch(lines[i+1])[1]
			chat := ""
			if strings.Contains(strings.ToLower(m[1]), "inmail") || strings.Contains(strings.ToLower(m[1]), "linkedin") {
				chat = "linkedin"
			}
			msgs = append(msgs, message{header: i, order: len(msgs), from: "You", to: to, when: when, dated: dated, body: [2]int{i + 2, i + 2}, chat: chat})
			i++
			continue
		}
		if m := reLinkedIn.FindStringSubmatch(ln); m != nil && !isDayText(m[1], now) && !strings.HasPrefix(strings.ToLower(m[1]), "to ") && !dialerLine(m[1]) || reLinkedInSent.MatchString(ln) || linkedInBare(ln) != nil && !isDayText(linkedInBare(ln)[1], now) {
			// "Oct 19 · Outbound call · 0:00 · No answer" opens with a date:
			// a CRM's activity line, not a name.
			if m != nil && isDayText(m[1], now) {
				m = nil
			}
			if m == nil {
				m = reLinkedInSent.FindStringSubmatch(ln)
			}
			if m == nil {
				m = linkedInBare(ln)
			}
			when, dated := parseDateLine(m[2], now)
			body := i + 1
			if !dated && i+1 < len(lines) {
				// "Chloé Martin · 10:42 AM" over "Jul 17, 2025": the day
				// under the head.
				if d, ok := dayLine(strings.TrimSpace(lines[i+1]), now); ok {
					when, dated, body = d, true, i+2
				}
			}
			if !dated && !lastDay.IsZero() {
				when, dated = lastDay, true
			}
			msgs = append(msgs, message{header: i, order: len(msgs), from: chatName(m[1]), when: when, dated: dated, body: [2]int{body, body}, chat: "linkedin"})
			i = body - 1
			continue
		}
		if d, ok := dayLine(ln, now); ok {
			lastDay = d
		}
		if m := reFrom.FindStringSubmatch(ln); m != nil {
			// An Outlook block: From, then Sent/Date/To/Subject within 5 lines.
			msg := message{header: i, order: len(msgs)}
			// "From: Ben Carter | Sent: Tuesday, March 17, 2026 10:11 AM |
			// To: Aiko Tanaka": the block's fields may share one line.
			parts := strings.Split(m[1], "|")
			msg.from, msg.email = parseAddress(parts[0])
			last := i
			ok := false
			if len(parts) > 1 {
				for _, part := range parts[1:] {
					if s := reSent.FindStringSubmatch(part); s != nil {
						msg.when, msg.dated = parseDateLine(s[1], now)
						msg.numDate = reNumDate.FindString(s[1])
						ok = true
					} else if s := reTo.FindStringSubmatch(part); s != nil {
						msg.to = strings.TrimSpace(s[1])
						ok = true
					}
				}
			}
			for k := i + 1; k < min(len(lines), i+7); k++ {
				l2, _ := unquote(lines[k])
				if reFrom.MatchString(l2) {
					break // the next block's header
				}
				if s := reSent.FindStringSubmatch(l2); s != nil {
					msg.when, msg.dated = parseDateLine(s[1], now)
					msg.numDate = reNumDate.FindString(s[1])
					last, ok = k, true
				} else if s := reTo.FindStringSubmatch(l2); s != nil {
					msg.to = s[1]
					last, ok = k, true
				} else if reSubject.MatchString(l2) {
					last, ok = k, true
				} else if strings.TrimSpace(l2) == "" && ok {
					break
				} else if k > i+1 && !ok {
					break
				}
			}
			if !ok {
				continue
			}
			msg.body = [2]int{last + 1, last + 1}
			msgs = append(msgs, msg)
			i = last
			continue
		}
		if m := reSent.FindStringSubmatch(ln); m != nil {
			// Outlook's Sent Items: "Sent:" and "To:" with no "From:" above
			// (a From block reads its Sent line itself): the rep's own mail.
			if when, dated := parseDateLine(m[1], now); dated {
				if k, to := sentItemTo(lines, i); k > 0 {
					last := k
					for last+1 < len(lines) && reSubject.MatchString(lines[last+1]) {
						last++
					}
					msgs = append(msgs, message{header: i, order: len(msgs), from: "You", to: to, when: when, dated: true, body: [2]int{last + 1, last + 1}})
					i = last
					continue
				}
			}
		}
		joined := ln
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(ln)), "on ") && !reWrote.MatchString(ln) && i+1 < len(lines) {
			next, _ := unquote(lines[i+1])
			if reWrote.MatchString(ln + " " + next) {
				joined = ln + " " + next
				hint.lines[i] = true
				i++
			}
		}
		if m := reAttrib.FindStringSubmatch(ln); m != nil && !reWrote.MatchString(joined) {
			msg := message{header: i, order: len(msgs), email: m[2], body: [2]int{i + 1, i + 1}}
			msg.when, msg.dated = parseDateLine(m[1], now)
			msg.from = nameAfterDate(strings.TrimSpace(m[1]))
			if msg.from == "" {
				msg.from = nameFromEmail(m[2])
			}
			msgs = append(msgs, msg)
			continue
		}
		if m := reTelegramHead.FindStringSubmatch(ln); m != nil {
			if when, dated := dayLine(m[2], now); dated {
				msgs = append(msgs, message{header: i, order: len(msgs), from: chatName(m[1]), when: when, dated: true, body: [2]int{i + 1, i + 1}, chat: "text", stamp: m[2]})
				continue
			}
		}
		if m := reAuthorNumStamp.FindStringSubmatch(ln); m != nil && !logTypeWord(m[1]) && !dialerLine(m[1]) {
			if when, dated := parseDateLine(m[2], now); dated {
				from := chatName(m[1])
				if m[1] == "我" {
					from = "You"
				}
				msgs = append(msgs, message{header: i, order: len(msgs), from: from, when: when, dated: true, body: [2]int{i + 1, i + 1}, chat: "text"})
				continue
			}
		}
		if m := reChatWhoFirst.FindStringSubmatch(ln); m != nil {
			// "Brent Fontaine, Jul 28, 4:15 PM: Got the contract"
			if when, dated := dayLine(m[2], now); dated {
				msgs = append(msgs, message{header: i, order: len(msgs), from: chatName(m[1]), when: when, dated: true, body: [2]int{i, i + 1}, chat: "text"})
				continue
			}
		}
		// ("2027-04-14 08:55  Email sent: Demo follow-up" is a CRM log's
		// line, its "speaker" the kind of activity.)
		if m := reChatLoose.FindStringSubmatch(ln); m != nil && !dialerLine(m[3]) && !logActivity(strings.Fields(m[3])[0]) && !strings.Contains(m[3], "|") && !strings.Contains(strings.TrimSpace(m[3]), "  ") && len(strings.Fields(m[3])) <= 4 && !reChat.MatchString(ln) && !strings.Contains(ln, "@") && !reWrote.MatchString(ln) {
			if when, dated := parseDateLine(m[1], now); dated {
				stamp := ""
				if reNumericStamp.MatchString(strings.TrimSpace(strings.TrimLeft(m[1], "["))) {
					stamp = strings.TrimSpace(strings.TrimLeft(m[1], "["))
				}
				msgs = append(msgs, message{header: i, order: len(msgs), from: chatName(m[3]), when: when, dated: true, body: [2]int{i, i + 1}, chat: "text", stamp: stamp})
				continue
			}
		}
		if m := reWrote.FindStringSubmatch(joined); m != nil {
			msg := message{header: i, order: len(msgs)}
			head := m[1]
			if e := reEmail.FindStringIndex(head); e != nil {
				msg.email = head[e[0]:e[1]]
				head = strings.TrimSpace(strings.Trim(strings.TrimSpace(head[:e[0]]), "<[("))
			}
			msg.when, msg.dated = parseDateLine(head, now)
			msg.from = nameAfterDate(head)
			msg.body = [2]int{i + 1, i + 1}
			msgs = append(msgs, msg)
			continue
		}
		if m := reGmailBare.FindStringSubmatch(ln); m != nil {
			// With its "to …" line under it, or split by a tab as Gmail's
			// view copies ("Chloe Barrett<tab>Wed, 20 Oct, 17:48").
			toLine := i+1 < len(lines) && strings.HasPrefix(strings.ToLower(strings.TrimSpace(lines[i+1])), "to ")
			tabbed := strings.Contains(lines[i], "\t") && !logTypeWord(m[1]) && !dialerLine(m[2]) && !isMonth(strings.ToLower(m[1])) && !isWeekday(strings.ToLower(m[1]))
			if when, dated := parseDateLine(m[2], now); dated && (toLine || tabbed) {
				msg := message{header: i, order: len(msgs), from: cleanName(m[1]), when: when, dated: true}
				if strings.EqualFold(m[1], "me") {
					msg.from = "You"
				}
				msg.body = [2]int{i + 1, i + 1}
				if toLine {
					msg.to = strings.TrimSpace(strings.TrimSpace(lines[i+1])[3:])
					msg.body = [2]int{i + 2, i + 2}
					i++
				}
				msgs = append(msgs, msg)
				continue
			}
		}
		if m := reGmailView.FindStringSubmatch(ln); m != nil && !strings.Contains(m[1], ":") {
			// The date is on the same line or the next one.
			k := i + 1
			when, dated := parseDateLine(m[3], now)
			if !dated && strings.TrimSpace(m[3]) == "" && k < len(lines) {
				when, dated = parseDateLine(lines[k], now)
				k++
			}
			if dated {
				msg := message{header: i, order: len(msgs), from: cleanName(m[1]), email: m[2], when: when, dated: true}
				if k < len(lines) && strings.HasPrefix(strings.ToLower(strings.TrimSpace(lines[k])), "to ") {
					msg.to = strings.TrimSpace(lines[k])[3:]
					k++
				}
				msg.body = [2]int{k, k}
				msgs = append(msgs, msg)
				i = k - 1
				continue
			}
		}
	}
	if len(msgs) == 0 {
		// No client's headers: heads of only an author and when ("me -
		// Mon, Sep 6"), when the paste has two or more.
		var channels []string
		for i, l := range lines {
			if from, when, channel, ok := authorStamp(strings.TrimSpace(l), now); ok {
				msgs = append(msgs, message{header: i, order: len(msgs), from: from, when: when, dated: true, body: [2]int{i + 1, i + 1}})
				channels = append(channels, channel)
			}
		}
		if len(msgs) < 2 {
			return hint, nil
		}
		// What the rep says above the paste names the app: "WeChat with
		// Li Na:", "LinkedIn DMs:".
		above := " " + strings.ToLower(strings.Join(lines[:msgs[0].header], " ")) + " "
		chat := ""
		switch {
		case strings.Contains(above, "linkedin") || strings.Contains(above, "inmail") || hasAny(above, []string{" li ", " li,", " li:", " li.", " li dm", " li msg"}):
			chat = ChannelLinkedIn
		case hasAny(above, []string{"whatsapp", "wechat", " sms", " text", "imessage", "viber", "telegram", " signal", "kakao", " zalo", " line chat", " wa "}):
			chat = ChannelText
		}
		for i := range msgs {
			msgs[i].chat = chat
			// A head that says how its message went ("Feb 3 (email)")
			// overrides the app named above.
			switch channels[i] {
			case ChannelEmail:
				msgs[i].chat = ""
			case ChannelLinkedIn, ChannelText:
				msgs[i].chat = channels[i]
			}
		}
	}
	dayFirstStamps(msgs, now)
	dayFirstHeaders(msgs, now)
	// Bodies run to the next header or separator.
	for n := range msgs {
		end := len(lines)
		if n+1 < len(msgs) {
			end = msgs[n+1].header
		}
		_, hdepth := unquote(lines[msgs[n].header])
		quotedBody := false
		for k := msgs[n].body[0]; k < end; k++ {
			if strings.TrimSpace(lines[k]) == "" {
				continue
			}
			_, d := unquote(lines[k])
			quotedBody = d > hdepth
			break
		}
		for k := msgs[n].body[0]; k < end; k++ {
			ln, d := unquote(lines[k])
			if (quotedBody && d <= hdepth || d < hdepth) && strings.TrimSpace(lines[k]) != "" {
				// The quote ended: what follows is the rep talking (a
				// message quoted at "> " goes on at "> " or deeper).
				end = k
				break
			}
			if reSeparator.MatchString(ln) || (n+1 < len(msgs) && k+1 == end && strings.HasPrefix(strings.ToLower(strings.TrimSpace(ln)), "on ")) {
				end = k
				break
			}
		}
		msgs[n].body[1] = end
		body := strings.ToLower(strings.Join(lines[msgs[n].body[0]:end], " "))
		for _, w := range autoReplyWords {
			if strings.Contains(body, w) {
				msgs[n].auto = true
			}
		}
		if !msgs[n].auto && len(strings.Fields(body)) <= 30 && !addressesSender(body, msgs, n) {
			for _, w := range awayWords {
				if strings.Contains(body, w) {
					msgs[n].auto = true
				}
			}
		}
	}
	// Lines of the thread: from the first header to the end of the last
	// body, excluding trailing narrative after a blank line that is not quoted.
	first := msgs[0].header
	// A reply typed above the first quoted header ("Hi Dana, picking up…")
	// belongs to the thread too when it greets someone.
	for n := range msgs {
		for k := msgs[n].header; k < msgs[n].body[1]; k++ {
			hint.lines[k] = true
		}
	}
	lastBody := msgs[len(msgs)-1].body
	// Trailing narrative: after the last message, lines separated by a blank
	// line that read like the rep talking ("nothing since.").
	sep := func(s string) bool {
		s = strings.TrimSpace(s)
		return s == "" || strings.Trim(s, "-_=~*^") == "" || s == "^"
	}
	// Lines typed in lower case right under the last message, about the
	// prospect rather than to them ("also emailed him at his work address
	// jun 12, no reply", "(called her thursday as promised, left a vm.)"),
	// are the rep talking too, blank line or not.
	cut := -1
	for k := lastBody[1] - 1; k > msgs[len(msgs)-1].body[0] && repAside(lines[k]); k-- {
		cut = k
	}
	if cut > 0 {
		for m := cut; m < lastBody[1]; m++ {
			delete(hint.lines, m)
		}
		msgs[len(msgs)-1].body[1] = cut
		lastBody = msgs[len(msgs)-1].body
	}
	for k := lastBody[1] - 1; k > msgs[len(msgs)-1].body[0]; k-- {
		ln := strings.TrimSpace(lines[k])
		if sep(ln) {
			break
		}
		if strings.HasPrefix(ln, ">") {
			break
		}
		low := strings.ToLower(ln)
		if strings.HasPrefix(low, "nothing") || strings.Contains(low, "since") || strings.HasPrefix(low, "that's") || strings.HasPrefix(low, "thats") || strings.Contains(low, " i ") || strings.HasPrefix(low, "i ") || strings.HasPrefix(low, "i've") || strings.Contains(low, "?") && !strings.Contains(low, "you") || strings.HasPrefix(low, "^") || strings.HasPrefix(low, "(that") {
			if k > 0 && sep(lines[k-1]) {
				for m := k; m < lastBody[1]; m++ {
					delete(hint.lines, m)
				}
				msgs[len(msgs)-1].body[1] = k
				break
			}
		}
	}
	hint.found = true
	hint.channel = ChannelEmail
	if msgs[0].chat != "" {
		hint.channel = msgs[0].chat
	}
	if last := latestMessage(msgs); last.chat != msgs[0].chat {
		// Heads that say how each message went ("Nov 2 (LinkedIn)", then
		// "Nov 16 (email)"): the latest one's way.
		hint.channel = cmp.Or(last.chat, ChannelEmail)
	}
	var topReply *message
	if first > 0 {
		// Text above the first header: the rep's note ("fwd of the thread
		// below"), or the rep's own unsent/sent reply when it greets someone.
		above := strings.TrimSpace(strings.Join(lines[:first], "\n"))
		if greetsSomeone(above) {
			topReply = &message{header: -1, body: [2]int{0, first}, order: -1}
			for k := 0; k < first; k++ {
				if g := strings.TrimSpace(lines[k]); g != "" && greetsSomeone(g) {
					for m := k; m < first; m++ {
						hint.lines[m] = true
					}
					topReply.body[0] = k
					break
				}
			}
		}
	}
	t.readThread(&hint, msgs, topReply, now)
	return hint, msgs
}

// reCallTold is a rep's message telling of a call that did not reach
// them: "tried calling you today", "left you a voicemail".
var reCallTold = regexp.MustCompile(`(?i)\b(?:tried (?:calling|to call|to reach) you(?: by phone| on the phone)?|left (?:you )?a (?:voicemail|voice mail|vm|message on your (?:phone|mobile|voicemail))|called (?:you )?(?:earlier|this morning|today|yesterday) but (?:missed|couldn't reach|could not reach) you)\b`)

// callTold reports whether a message's body tells of a call that went
// unanswered, a touch of its own beside the message.
func (t *text) callTold(m message) bool {
	for k := m.body[0]; k < m.body[1] && k < len(t.lines); k++ {
		if reCallTold.MatchString(t.lines[k]) {
			return true
		}
	}
	return false
}

// reTeammateHead is a From line that says its sender works with the rep:
// "From: Niall Kerr (SDR, on my team)", "From: Greg (my manager)".
var reTeammateHead = regexp.MustCompile(`(?i)^\s*(?:from|von|de|da)\s*:.*\((?:[^()]*\b(?:my|our) (?:team|manager|boss|sdr|bdr|colleague|se)\b|(?:sdr|bdr|my sdr|our sdr)\b)[^()]*\)`)

// teammateHead reports whether a header line names a sender on the rep's
// team.
func teammateHead(ln string) bool { return reTeammateHead.MatchString(ln) }

// emailDomain is the lower-cased part of an address after its @, or ""
// for none or a webmail domain, which no two people share as colleagues.
func emailDomain(addr string) string {
	_, d, ok := strings.Cut(strings.ToLower(addr), "@")
	if label, _, _ := strings.Cut(d, "."); !ok || webmail[label] {
		return ""
	}
	return d
}

// latestMessage is the message dated last, the later in the paste on a
// tie.
func latestMessage(msgs []message) message {
	last := msgs[0]
	for _, m := range msgs[1:] {
		if !m.when.Before(last.when) {
			last = m
		}
	}
	return last
}

// repAside reports whether a line under a pasted message is the rep's own
// aside: it starts in lower case, "(" or "^" ("^ last email in the
// thread"), speaks of the prospect or of the rep's sends, and says nothing
// to "you".
func repAside(ln string) bool {
	ln = strings.TrimSpace(ln)
	if ln == "" || !(unicode.IsLower([]rune(ln)[0]) || ln[0] == '(' || ln[0] == '^') {
		return false
	}
	low := " " + strings.ToLower(ln) + " "
	if strings.Contains(low, "you") {
		return false
	}
	for _, w := range []string{" him ", " her ", " her.", " them ", " also ", " since ", "no reply", "no answer", " nothing", "that's", " called ", " emailed ", " sent ", " left a ", " vm", "voicemail", " from me "} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// unquote strips a mail quote's markers from a line ("> > Hi Dana,"),
// returning the text and how deep it was quoted.
func unquote(s string) (string, int) {
	d := 0
	for {
		s2 := strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s2, ">") {
			return s2, d
		}
		s = s2[1:]
		d++
	}
}

// addressesSender: a short body that opens with the first name of someone
// else in the thread ("Bruno - heading out on leave until March 2") was
// written by a person, not an out-of-office reply.
func addressesSender(body string, msgs []message, n int) bool {
	body = strings.TrimLeft(body, "> \t")
	f := strings.Fields(body)
	if len(f) == 0 {
		return false
	}
	w := f[0]
	if g, ok := greeting(body); ok {
		w = g
	}
	w = strings.ToLower(strings.Trim(w, ",-–—:!."))
	for k, m := range msgs {
		if k == n || m.from == "" {
			continue
		}
		if first := strings.ToLower(strings.Fields(m.from)[0]); first == w && len(w) >= 2 {
			return true
		}
	}
	return false
}

// greetsSomeone: a line that opens an email ("Hi Dana,", "Bonjour Élodie,",
// "Hi Tobias, I realise the timing…").
func greetsSomeone(s string) bool {
	for _, ln := range strings.Split(s, "\n") {
		if _, ok := greeting(ln); ok {
			return true
		}
	}
	return false
}

// greeting reads one line as an email's opening: a greeting word and a
// name closed by a comma, alone on the line ("Hi Dana,", "Good morning
// Dana,") or with the message going on after it ("Hi Dana, just sharing…").
// It returns the word after the greeting (the name, when there is one).
func greeting(ln string) (string, bool) {
	ln, _ = unquote(ln) // "> Hey Priya," in a quoted reply greets too
	f := strings.Fields(strings.TrimSpace(ln))
	if len(f) < 2 {
		return "", false
	}
	switch strings.ToLower(f[0]) {
	case "hi", "hello", "hey", "dear", "bonjour", "hallo", "hola", "olá", "ola", "ciao", "morning", "good":
	default:
		return "", false
	}
	if len(f) <= 4 && strings.HasSuffix(f[len(f)-1], ",") {
		return strings.TrimSuffix(f[1], ","), true
	}
	// Inline: "Hi Tobias, I realise…", "Hi Sarah - circling back…": a
	// name, not the bot or a crowd.
	n, ok := strings.CutSuffix(f[1], ",")
	if !ok && len(f) > 2 && (f[2] == "-" || f[2] == "–" || f[2] == "—") {
		n, ok = f[1], true
	}
	if !ok || !looksLikeName(n) {
		return "", false
	}
	switch strings.ToLower(n) {
	case "ghosted", "team", "all", "everyone", "guys", "folks", "there":
		return "", false
	}
	return n, true
}

// parseAddress reads "Dana Kim <dana@acme.com>", "Kim, Dana [mailto:…]",
// "\"Dana Kim\" <…>", "dana@acme.com".
func parseAddress(s string) (name, email string) {
	if e := reEmail.FindStringIndex(s); e != nil {
		email = s[e[0]:e[1]]
		s = s[:e[0]] + s[e[1]:]
	}
	s = strings.NewReplacer("<", " ", ">", " ", "[mailto:", " ", "]", " ", "\"", " ", "mailto:", " ").Replace(s)
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "("); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	if last, first, ok := strings.Cut(s, ","); ok && !strings.Contains(strings.TrimSpace(first), " ") && strings.TrimSpace(first) != "" {
		s = strings.TrimSpace(first) + " " + strings.TrimSpace(last)
	}
	name = cleanName(s)
	if name == "" && email != "" && !mailbox(email) {
		name = nameFromEmail(email)
	}
	return name, email
}

func cleanName(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "\"',;:")
	f := strings.Fields(s)
	for len(f) > 1 && honorifics[strings.ToLower(strings.TrimSuffix(f[0], "."))] {
		f = f[1:] // "Dr. Amara Nwosu"
	}
	if len(f) == 0 || len(f) > 4 {
		return ""
	}
	for _, w := range f {
		if strings.ContainsAny(w, "@0123456789") {
			return ""
		}
	}
	return strings.Join(f, " ")
}

// nameFromEmail guesses "Dana Kim" from dana.kim@…, only when the first
// part is a known given name.
func nameFromEmail(email string) string {
	local, _, _ := strings.Cut(email, "@")
	parts := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	if len(parts) == 0 || !firstNames[strings.ToLower(parts[0])] {
		return ""
	}
	for i, p := range parts {
		if len(p) < 2 {
			return titleCase(parts[0])
		}
		parts[i] = titleCase(p)
	}
	return strings.Join(parts[:min(2, len(parts))], " ")
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	r := []rune(strings.ToLower(s))
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// nameAfterDate takes the name at the end of "Tue, Nov 4, 2026 at 9:12 AM
// Dana Kim".
func nameAfterDate(head string) string {
	head = strings.TrimRight(strings.TrimSpace(head), ",")
	f := strings.Fields(head)
	var name []string
	for i := len(f) - 1; i >= 0 && len(name) < 4; i-- {
		w := strings.Trim(f[i], ",\"")
		if w == "" || strings.ContainsAny(w, "0123456789:|·") || strings.EqualFold(w, "am") || strings.EqualFold(w, "pm") || strings.EqualFold(w, "at") || strings.EqualFold(w, "um") || strings.EqualFold(w, "às") || isMonth(strings.ToLower(w)) || isWeekday(strings.ToLower(strings.TrimSuffix(w, "."))) {
			break
		}
		name = append([]string{w}, name...)
		if strings.HasSuffix(f[i], ",") && i < len(f)-1 {
			break
		}
	}
	return cleanName(strings.Join(name, " "))
}

// parseDateLine reads the date in a header value.
var reCJKDate = regexp.MustCompile(`(\d{4})\s*[年/]\s*(\d{1,2})\s*[月/]\s*(\d{1,2})`)

// foreignMonths are month names of other languages, read only in mail
// headers ("donderdag 8 oktober 2026", "jeu. 5 nov."): in prose some of them
// are names ("Mai") or words ("mars").
var foreignMonths = map[string]string{
	"januari": "january", "februari": "february", "maart": "march", "mei": "may", "juni": "june", "juli": "july",
	"augustus": "august", "oktober": "october", "januar": "january", "februar": "february", "marz": "march",
	"mai": "may", "dezember": "december", "janvier": "january", "fevrier": "february", "mars": "march",
	"avril": "april", "juin": "june", "juillet": "july", "aout": "august", "septembre": "september",
	"octobre": "october", "novembre": "november", "decembre": "december", "enero": "january", "febrero": "february",
	"marzo": "march", "abril": "april", "mayo": "may", "junio": "june", "julio": "july", "agosto": "august",
	"septiembre": "september", "setembro": "september", "octubre": "october", "outubro": "october",
	"noviembre": "november", "diciembre": "december", "dezembro": "december", "janeiro": "january",
	"fevereiro": "february", "marco": "march", "maio": "may", "junho": "june", "julho": "july",
	// Italian, and Polish in the genitive a date uses ("7 czerwca 2027").
	"gennaio": "january", "febbraio": "february", "aprile": "april", "maggio": "may", "giugno": "june",
	"luglio": "july", "settembre": "september", "ottobre": "october", "dicembre": "december",
	"gen": "january", "giu": "june", "lug": "july", "ago": "august", "set": "september", "ott": "october", "dic": "december",
	"stycznia": "january", "lutego": "february", "marca": "march", "kwietnia": "april", "maja": "may",
	"czerwca": "june", "lipca": "july", "sierpnia": "august", "wrzesnia": "september", "września": "september",
	"pazdziernika": "october", "października": "october", "listopada": "november", "grudnia": "december",
}

func parseDateLine(s string, now time.Time) (time.Time, bool) {
	if m := reCJKDate.FindStringSubmatch(s); m != nil {
		if w, ok := numericDate(m[1] + "-" + m[2] + "-" + m[3]); ok {
			if at, ok := w.resolve(now, false); ok {
				return at, true
			}
		}
	}
	t := newText(s)
	for i := range t.toks {
		if en, ok := foreignMonths[strings.TrimSuffix(t.toks[i].low, ".")]; ok {
			t.toks[i].low, t.toks[i].cap = en, true
		}
	}
	// A header's date with its year wins over a weekday abbreviation that
	// reads as a month ("mar 3 feb 2026": martedì, not March).
	var first time.Time
	found := false
	for i := range t.toks {
		w, _, ok := t.dateAt(i)
		if !ok || w.month == 0 {
			continue
		}
		at, ok := w.resolve(now, false)
		if !ok {
			continue
		}
		if w.year > 0 {
			return at, true
		}
		if !found {
			first, found = at, true
		}
	}
	return first, found
}

// readThread decides who is the rep and who the prospect, then counts the
// rep's messages after the prospect's last one.
func (t *text) readThread(h *threadHint, msgs []message, top *message, now time.Time) {
	// Chronology: by date when the headers carry dates, else newest first as
	// mail clients quote.
	chron := make([]message, 0, len(msgs)+1)
	chron = append(chron, msgs...)
	dated := 0
	for _, m := range msgs {
		if m.dated {
			dated++
		}
	}
	if dated >= 2 && dated == len(msgs) {
		sort.SliceStable(chron, func(a, b int) bool { return chron[a].when.Before(chron[b].when) })
	} else {
		for a, b := 0, len(chron)-1; a < b; a, b = a+1, b-1 {
			chron[a], chron[b] = chron[b], chron[a]
		}
	}
	// People: key by first name.
	key := func(m message) string {
		if f := strings.Fields(strings.ToLower(m.from)); len(f) > 0 {
			return f[0]
		}
		if mailbox(m.email) {
			return "" // a service's notice speaks for nobody
		}
		return strings.ToLower(m.email)
	}
	score := map[string]float64{} // > 0: the rep; < 0: the prospect
	names := map[string]message{}
	for _, m := range chron {
		k := key(m)
		if k == "" {
			continue
		}
		if _, ok := names[k]; !ok {
			names[k] = m
		}
		body := strings.ToLower(strings.Join(t.lines[m.body[0]:m.body[1]], " "))
		for _, w := range chaseWords {
			if !strings.Contains(body, w) {
				continue
			}
			if strings.Contains(body, "we'll "+w) || strings.Contains(body, "i'll "+w) || strings.Contains(body, "will "+w) {
				score[k] -= 1 // "We'll circle back after quarter close": a promise, not a chase
				continue
			}
			score[k] += 1
		}
		for _, w := range replyWords {
			if strings.Contains(body, w) {
				score[k] -= 1
			}
		}
		if m.auto {
			score[k] -= 3
		}
	}
	// The addressee of a message: "To: Dana" makes Dana the other side.
	for _, m := range chron {
		if m.to == "" {
			continue
		}
		toName, _ := parseAddress(strings.Split(m.to, ";")[0])
		if f := strings.Fields(strings.ToLower(toName)); len(f) > 0 {
			if _, ok := score[f[0]]; !ok {
				score[f[0]] += 0
			}
		}
	}
	// Gmail shows what came in as "to me": its author is the other side
	// of the rep's mailbox.
	for _, m := range chron {
		if f := strings.Fields(strings.ToLower(m.to)); len(f) > 0 && f[0] == "me" {
			score[key(m)] -= 4
		}
	}
	// In a chat export the rep is "You".
	if _, ok := names["you"]; ok {
		score["you"] += 10
	}
	// A run of messages by one person at the end is someone chasing.
	if n := len(chron); n >= 2 && key(chron[n-1]) == key(chron[n-2]) {
		score[key(chron[n-1])] += 2
	}
	if top != nil {
		// The rep's reply above the quote: its author is the rep, and it
		// greets the prospect.
		greet := greetName(strings.Join(t.lines[top.body[0]:top.body[1]], "\n"))
		if greet != "" {
			score[strings.ToLower(greet)] -= 4
		}
	}
	// The narrative above or below the thread names the prospect.
	narr := strings.ToLower(t.narrative(h.lines))
	for k := range names {
		if k == "" || len(k) < 2 {
			continue
		}
		switch {
		case selfNamed(narr, k):
			// "Kate here - I haven't replied", "Me again (Aisha)": the
			// narrator is the rep.
			score[k] += 6
		case containsWord(narr, k):
			score[k] -= 3
		}
	}
	// Pick the rep: the highest score; the prospect: the lowest. On a tie
	// the side pasted without an address is the rep's own mailbox ("From:
	// Marta Kowalski" beside "From: Leonie Brandt <l.brandt@…>").
	addressed := map[string]bool{}
	for _, m := range chron {
		if m.email != "" {
			addressed[key(m)] = true
		}
	}
	// tieWins: on a tie k beats other by its address (the rep's side has
	// none, the prospect's has one), then by name, so the pick is stable.
	tieWins := func(k, other string, addressedWins bool) bool {
		if addressed[k] != addressed[other] {
			return addressed[k] == addressedWins
		}
		return k < other
	}
	var rep, prospect string
	for k := range names {
		if rep == "" || score[k] > score[rep] || score[k] == score[rep] && tieWins(k, rep, false) {
			rep = k
		}
	}
	// Only an automatic reply ("Thank you for contacting Crescent
	// Logistics!") is no voice of the prospect while someone else answers.
	human := map[string]bool{}
	for _, m := range chron {
		if !m.auto {
			human[key(m)] = true
		}
	}
	for k := range names {
		if k == rep || !human[k] && len(human) > 1 {
			continue
		}
		if prospect == "" || score[k] < score[prospect] || score[k] == score[prospect] && tieWins(k, prospect, true) {
			prospect = k
		}
	}
	if len(names) == 1 {
		// One voice only: if it chases, it is the rep (a cold sequence);
		// otherwise it is the prospect's message the rep pasted, and whom it
		// went to is the rep.
		if (score[rep] <= 0 || top != nil) && !minePaste(narr) {
			prospect, rep = rep, ""
			for _, m := range chron {
				if m.to != "" {
					if name, _ := parseAddress(strings.Split(m.to, ";")[0]); name != "" {
						h.rep = map[string]bool{strings.ToLower(strings.Fields(name)[0]): true}
					}
				}
			}
		} else {
			prospect = ""
		}
	}
	if prospect == "" && rep != "" {
		// Only the rep wrote: the prospect is whom the messages went to.
		for n := len(chron) - 1; n >= 0; n-- {
			if chron[n].to != "" {
				if name, _ := parseAddress(strings.Split(chron[n].to, ";")[0]); name != "" {
					prospect = strings.ToLower(strings.Fields(name)[0])
					names[prospect] = message{from: name, header: chron[n].header}
				}
				break
			}
		}
	}
	if top != nil && prospect == "" {
		if g := greetName(strings.Join(t.lines[top.body[0]:top.body[1]], "\n")); g != "" {
			prospect = strings.ToLower(g)
		}
	}
	if prospect == "" && rep != "" {
		// Only the rep wrote, to nobody named in a header: the name the
		// messages greet ("Hi Nkosinathi, quick thought…").
		for n := len(chron) - 1; n >= 0; n-- {
			if key(chron[n]) != rep {
				continue
			}
			if g := greetName(strings.Join(t.lines[chron[n].body[0]:min(chron[n].body[1]+1, len(t.lines))], "\n")); g != "" && !strings.EqualFold(g, rep) {
				prospect = strings.ToLower(g)
				names[prospect] = message{from: g, header: chron[n].header}
				break
			}
		}
	}
	gatekeeper := false
	if m, ok := names[prospect]; ok && prospect != "" {
		body := strings.ToLower(strings.Join(t.lines[m.body[0]:min(m.body[1]+3, len(t.lines))], " "))
		for _, w := range []string{"assistant to", "assistant,", "on behalf of", "asked me to", "ea to", "pa to", "secretary", "his return", "her return", "on business trip", "is travelling", "is traveling", "is on leave", "is out of the office"} {
			if strings.Contains(body, w) {
				gatekeeper = true // "Dr. Nwosu asked me to set up 30 minutes"
			}
		}
	}
	// "Dr Menon went quiet after procurement jumped in": the narrative
	// names whom the rep writes to, not the colleague who answered.
	toNamed := false
	if rep != "" && prospect != "" && !containsWord(narr, prospect) {
		for n := len(chron) - 1; n >= 0; n-- {
			if key(chron[n]) != rep || chron[n].to == "" {
				continue
			}
			name, _ := parseAddress(strings.Split(chron[n].to, ";")[0])
			for _, w := range strings.Fields(strings.ToLower(name)) {
				if len(w) > 2 && containsWord(narr, w) {
					toNamed = true
				}
			}
			break
		}
	}
	if (len(names) > 2 || gatekeeper || toNamed) && rep != "" {
		// A third voice (an assistant who booked the call, a colleague who
		// passed it on): the prospect is whom the rep's latest message went
		// to.
		for n := len(chron) - 1; n >= 0; n-- {
			if key(chron[n]) != rep || chron[n].to == "" {
				continue
			}
			name, _ := parseAddress(strings.Split(chron[n].to, ";")[0])
			if f := strings.Fields(strings.ToLower(name)); len(f) > 0 && f[0] != rep && !mailbox(name) {
				prospect = f[0]
				if _, ok := names[prospect]; !ok {
					names[prospect] = message{from: name, header: chron[n].header}
				}
			}
			break
		}
	}
	if h.rep == nil {
		h.rep = map[string]bool{}
	}
	if rep != "" {
		h.rep[rep] = true
		if m, ok := names[rep]; ok && m.email != "" {
			h.rep[strings.ToLower(m.email)] = true
		}
	}
	if prospect != "" {
		m, ok := names[prospect]
		local, _, _ := strings.Cut(m.email, "@")
		if ok && (mailbox(m.from) || mailbox(local) && m.from != "" && !firstNamesHas(foldLower(strings.Fields(m.from)[0]))) {
			// "Supplier Onboarding", "Accounts Payable", "Lantern Coffee
			// Roasters <hello@lanterncoffee.com>": a shared inbox has no
			// name to greet; its company still counts.
			if m.email != "" {
				h.company = companyFromDomain(t, m.email)
			}
			if !mailbox(m.from) && looksLikeCompany(m.from) {
				h.company = m.from
			}
			h.companyQuote = h.company
			// Whom the shared inbox greets is the rep: "Hi Ahmed, thanks
			// for reaching out!"
			for k := m.body[0]; k < m.body[1] && k < len(t.lines); k++ {
				if g, ok := greeting(t.lines[k]); ok {
					h.rep[strings.ToLower(strings.Fields(g)[0])] = true
					break
				}
			}
		} else if ok {
			h.prospect = m.from
			if h.prospect == "" {
				h.prospect = titleCase(prospect)
			}
			h.prospectQuote = strings.TrimSpace(t.lines[m.header])
			if m.email != "" {
				h.company = companyFromDomain(t, m.email)
				h.domain = m.email
			}
			if h.company == "" {
				h.company = companyFromMessage(t, m)
			}
			if h.company != "" {
				h.companyQuote = h.company
			}
		} else {
			h.prospect = titleCase(prospect)
		}
	}
	// Count the rep's messages after the prospect's last real answer.
	lastP := -1
	for n, m := range chron {
		if key(m) == prospect && !m.auto {
			lastP = n
		}
	}
	// A teammate writing from the rep's own domain (an SDR, a manager) is
	// on the rep's side: "pedro@fluxa.com.br" beside "tiago@fluxa.com.br".
	repDomain, prospectDomain := "", ""
	if m, ok := names[rep]; ok {
		repDomain = emailDomain(m.email)
	}
	if m, ok := names[prospect]; ok {
		prospectDomain = emailDomain(m.email)
	}
	repSide := func(m message) bool {
		switch {
		case key(m) == rep:
			return true
		case key(m) == prospect:
			return false
		case repDomain != "" && repDomain != prospectDomain && emailDomain(m.email) == repDomain:
			return true
		}
		return m.header >= 0 && m.header < len(t.lines) && teammateHead(t.lines[m.header])
	}
	touches := 0
	var lastTouch time.Time
	for n := lastP + 1; n < len(chron); n++ {
		m := chron[n]
		if !repSide(m) || rep == "" {
			continue
		}
		if n > lastP+1 && m.chat != "" && m.clock != "" {
			// A file and its caption sent the same minute are one message.
			p := chron[n-1]
			if repSide(p) && p.clock == m.clock && p.when.Equal(m.when) {
				continue
			}
		}
		if m.to != "" && prospect != "" && !strings.Contains(strings.ToLower(m.to), prospect) {
			continue // forwarded to a colleague, not sent to the prospect
		}
		touches++
		if m.dated {
			lastTouch = m.when
		}
		if t.callTold(m) {
			touches++ // "tried calling you today and left a voicemail, so dropping a line here too"
		}
	}
	if top != nil && rep != "" || top != nil && len(names) == 1 {
		touches++
	}
	if rep != "" || top != nil {
		h.touches = touches
		h.touchQuote = "the pasted thread"
	}
	if lastP >= 0 && chron[lastP].dated {
		h.days = daysBetween(chron[lastP].when, now)
		h.lastProspectAt = chron[lastP].when
		h.daysQuote = strings.TrimSpace(t.lines[chron[lastP].header])
	} else if lastP < 0 && len(chron) > 0 && chron[0].dated && rep != "" {
		// Cold: they never answered; silent since the first message.
		h.days = -1
	}
	h.lastTouchAt = lastTouch
}

// linkedInBare matches a LinkedIn copy's author line with the dot lost
// ("Keegan Pillay  2:15 PM", "Kenji Watanabe 3:14 PM") as [line, name, time].
func linkedInBare(ln string) []string {
	m := reLinkedInBare.FindStringSubmatch(ln)
	if m == nil {
		return nil
	}
	if m[1] == "" {
		return []string{m[0], m[3], m[4]}
	}
	return m[:3]
}

// isDayText reports whether a would-be author is a date ("Oct 19").
func isDayText(s string, now time.Time) bool {
	_, ok := dayLine(strings.TrimSpace(s), now)
	return ok
}

// selfNamed: the narrative's writer gives their own name ("kate here", "this
// is kate", "me again (aisha)", "i'm kate").
func selfNamed(narr, k string) bool {
	for _, p := range []string{k + " here", "i'm " + k, "i am " + k, "me (" + k + ")", "again (" + k + ")", "me, " + k, "- " + k + " here"} {
		if strings.Contains(narr, p) {
			return true
		}
	}
	return false
}

// mailbox reports whether a display name is a shared inbox or a team.
func mailbox(name string) bool {
	low := strings.ToLower(name)
	for _, robot := range []string{"no-reply", "noreply", "donotreply", "do-not-reply", "notifications@", "notification@", "mailer-daemon", "postmaster@"} {
		if strings.Contains(low, robot) {
			return true // "no-reply@calendly.com": a service, not a person
		}
	}
	for _, w := range strings.Fields(low) {
		switch w {
		case "team", "support", "info", "sales", "admin", "onboarding", "supplier", "suppliers", "vendor", "vendors",
			"accounts", "billing", "noreply", "no-reply", "office", "hello", "contact", "enquiries", "inquiries",
			"procurement", "purchasing", "finance", "hr", "legal", "it", "helpdesk", "service", "services", "desk":
			return true
		}
		if deptWords[w] || titleWords[w] {
			return true
		}
	}
	return false
}

// chatName reads a chat author; "You" and "Me" are the rep.
func chatName(s string) string {
	s = strings.TrimSpace(strings.TrimLeft(s, "~ "))
	switch strings.ToLower(s) {
	case "you", "me", "me (you)", "você", "voce", "vous", "usted", "tú", "tu", "du", "sie", "jij", "u", "あなた", "你":
		// WhatsApp and chat apps write the exporter as "You" in the
		// phone's language: "Você", "Vous", "Du".
		return "You"
	}
	if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		s = s[:i] // Teams marks a guest: "Reto Baumann (Extern)"
	}
	return cleanName(s)
}

// dayLine reads a line that is only a date, as chat exports put between
// days ("Sep 8", "TUESDAY", "Today").
func dayLine(ln string, now time.Time) (time.Time, bool) {
	ln = strings.TrimSpace(ln)
	if ln == "" || len(ln) > 24 {
		return time.Time{}, false
	}
	t := newText(ln)
	w, j, ok := t.dateAt(0)
	if !ok || j != len(t.toks) {
		return time.Time{}, false
	}
	at, ok := w.resolve(now, false)
	return at, ok
}

// greetName reads the name in "Hi Dana," at the top of an email.
func greetName(s string) string {
	for _, ln := range strings.Split(s, "\n") {
		if n, ok := greeting(ln); ok {
			switch strings.ToLower(strings.Fields(ln)[0]) {
			case "morning", "good":
				continue
			}
			if looksLikeName(n) {
				return n
			}
		}
	}
	return ""
}

func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !unicode.IsLetter(rune(s[j-1]))
		after := j+len(w) >= len(s) || !unicode.IsLetter(rune(s[j+len(w)]))
		if before && after {
			return true
		}
		i = j + 1
	}
}

// narrative is the text outside the thread: the rep's own words.
func (t *text) narrative(skip map[int]bool) string {
	var b strings.Builder
	for i, ln := range t.lines {
		if !skip[i] {
			b.WriteString(ln)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// companyFromMessage reads the prospect's company from the signature under
// their message ("Head of Fleet Operations | Fjordline Logistics") or the
// domain of their address.
func companyFromMessage(t *text, m message) string {
	for k := m.body[1] - 1; k >= m.body[0] && k >= m.body[1]-5; k-- {
		ln := strings.TrimSpace(strings.TrimLeft(t.lines[k], "> "))
		for _, sep := range []string{"|", ",", " - ", " at ", "·"} {
			parts := strings.Split(ln, sep)
			if len(parts) < 2 {
				continue
			}
			last := strings.TrimSpace(parts[len(parts)-1])
			first := strings.ToLower(strings.TrimSpace(parts[0]))
			isTitle := false
			for _, w := range strings.Fields(first) {
				if titleWords[w] || deptWords[w] {
					isTitle = true
				}
			}
			if isTitle && looksLikeCompany(last) && !allDept(last) {
				return last
			}
		}
	}
	return ""
}

func allDept(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if !deptWords[w] && !nameConnectors[w] {
			return false
		}
	}
	return true
}

func looksLikeCompany(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 5 {
		return false
	}
	r := []rune(f[0])
	return unicode.IsUpper(r[0]) || unicode.IsDigit(r[0])
}

var webmail = map[string]bool{"gmail": true, "googlemail": true, "outlook": true, "hotmail": true, "yahoo": true, "icloud": true, "me": true, "live": true, "aol": true, "proton": true, "protonmail": true, "gmx": true, "web": true, "mail": true}

// companyFromDomain matches the address's domain with a capitalized phrase
// in the story ("fjordline-logistics.no" ↔ "Fjordline Logistics"), or falls
// back to the domain's name itself.
func companyFromDomain(t *text, email string) string {
	_, domain, _ := strings.Cut(strings.ToLower(email), "@")
	label, _, _ := strings.Cut(domain, ".")
	if webmail[label] || label == "" {
		return ""
	}
	flat := strings.NewReplacer("-", "", "_", "").Replace(label)
	prefix := ""
	for _, s := range t.spans() {
		if s.kind == spPerson {
			continue
		}
		name := t.quote(s.a, s.b-1)
		f := foldLower(strings.NewReplacer(" ", "", "-", "", "&", "", ".", "", "'", "").Replace(name))
		if f == flat {
			return name
		}
		if len(f) >= 4 && strings.HasPrefix(flat, f) && prefix == "" {
			// "Cornbelt's 140 employees" for cornbeltag.com: kept in case
			// no name spells the whole domain ("Cornbelt Ag Supply").
			prefix = strings.TrimSuffix(name, "'s")
			continue
		}
		// "Hotel Grachtzicht Amsterdam" for hotelgrachtzicht.nl: the words
		// that spell the domain.
		if strings.HasPrefix(f, flat) && len(flat) >= 4 {
			acc := ""
			for k := s.a; k < s.b; k++ {
				acc += foldLower(strings.NewReplacer("-", "", "&", "", ".", "", "'", "").Replace(t.toks[k].s))
				if acc == flat {
					// Keep the words that name the kind of company ("Group",
					// "Systems"); drop a city after it.
					for k+1 < s.b && companyWords[t.low(k+1)] {
						k++
					}
					return t.quote(s.a, k)
				}
			}
		}
		// "Kano State Roads Agency" for ksra.gov.ng: the initials.
		if s.b-s.a >= 3 {
			ini := ""
			for k := s.a; k < s.b; k++ {
				if !nameConnectors[t.low(k)] {
					ini += string([]rune(t.low(k))[0])
				}
			}
			if ini == flat {
				return name
			}
		}
	}
	return prefix
}

// domainName reads a company from an email's domain when the story names
// it nowhere else ("harborpoint.com" → "Harborpoint", "hokuriku-seimitsu.co.jp"
// → "Hokuriku Seimitsu"). Short or numeric labels say too little.
func domainName(email string) string {
	_, domain, _ := strings.Cut(strings.ToLower(email), "@")
	label, _, _ := strings.Cut(domain, ".")
	if webmail[label] || len(label) < 4 || len(label) > 24 || genericDomains[label] {
		return ""
	}
	for _, r := range label {
		if !(r >= 'a' && r <= 'z' || r == '-') {
			return ""
		}
	}
	label = strings.Trim(label, "-")
	if !strings.Contains(label, "-") {
		// "oconnellfarms" → "Oconnell Farms": a word that names a kind of
		// business at the end splits off.
		best := ""
		for w := range companyWords {
			if len(w) >= 4 && len(w) > len(best) && len(label)-len(w) >= 3 && strings.HasSuffix(label, w) {
				best = w
			}
		}
		if best != "" {
			label = label[:len(label)-len(best)] + "-" + best
		}
	}
	words := strings.Split(label, "-")
	for i, w := range words {
		words[i] = titleCase(w)
	}
	return strings.Join(words, " ")
}

// genericDomains are mail hosts that name no company.
var genericDomains = map[string]bool{"mail": true, "email": true, "inbox": true, "post": true, "online": true, "office": true, "example": true, "company": true, "corp": true, "work": true}

// reNumericStamp is a chat's numeric date: "14/3", "12/10/26".
var reNumericStamp = regexp.MustCompile(`^\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?$`)

func atoiOr(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// dayFirstStamps rereads a chat export's numeric dates day first ("12/10/26"
// as 12 October) when the month-first reading cannot be right: a first
// number over 12, a date after now, or messages going back in time.
// reNumDate is a numeric date in a mail header: "14/01/2026", "09.12.2025".
var reNumDate = regexp.MustCompile(`\b\d{1,2}[/.]\d{1,2}[/.]\d{4}\b`)

// dayFirstHeaders reads the numeric dates of mail headers day first when
// one of them can only be read so ("Sent: Wednesday 14/01/2026") and none
// can only be read month first.
func dayFirstHeaders(msgs []message, now time.Time) {
	dayFirst := false
	for _, m := range msgs {
		if m.numDate == "" {
			continue
		}
		p := strings.FieldsFunc(m.numDate, func(r rune) bool { return r == '/' || r == '.' })
		if atoiOr(p[1]) > 12 {
			return // "12/31/2025": month first
		}
		if atoiOr(p[0]) > 12 {
			dayFirst = true
		}
	}
	if !dayFirst {
		return
	}
	for i, m := range msgs {
		if m.numDate == "" {
			continue
		}
		p := strings.FieldsFunc(m.numDate, func(r rune) bool { return r == '/' || r == '.' })
		d, mo, y := atoiOr(p[0]), atoiOr(p[1]), atoiOr(p[2])
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			continue
		}
		msgs[i].when = time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		msgs[i].dated = true
	}
}

func dayFirstStamps(msgs []message, now time.Time) {
	var stamps []int
	for i, m := range msgs {
		if m.stamp != "" {
			stamps = append(stamps, i)
		}
	}
	if len(stamps) == 0 {
		return
	}
	read := func(s string, dayFirst bool) (time.Time, bool) {
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
		if len(parts) != 3 && len(parts) != 2 {
			return time.Time{}, false
		}
		if dayFirst {
			parts[0], parts[1] = parts[1], parts[0]
		}
		if a, b := atoiOr(parts[0]), atoiOr(parts[1]); a < 1 || a > 12 || b < 1 || b > 31 {
			return time.Time{}, false // read as written: month, then day
		}
		w, ok := numericDate(strings.Join(parts, "/"))
		if !ok {
			return time.Time{}, false
		}
		w.swapped = nil
		return w.resolve(now, false)
	}
	monthFirstOK := true
	var prev time.Time
	for _, i := range stamps {
		at, ok := read(msgs[i].stamp, false)
		if !ok || at.After(now) || at.Before(prev) {
			monthFirstOK = false
			break
		}
		prev = at
	}
	if monthFirstOK {
		return
	}
	for _, i := range stamps {
		if at, ok := read(msgs[i].stamp, true); ok {
			msgs[i].when, msgs[i].dated = at, true
		}
	}
}
