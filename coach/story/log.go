package story

import (
	"regexp"
	"strings"
	"time"
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
}

type logHint struct {
	found   bool
	touches int
	days    int
	channel string
	quote   string
	lines   map[int]bool
}

var (
	// "04/09 Email sent - recap", "1) Nov 3: 'Hi Paolo…'", "Jul 29 · You: Hi Ravi",
	// "07/08  no answer  left VM", "02/24 call (connected, 30 min)"
	reLogDate = regexp.MustCompile(`^\s*(?:[-*•]\s*|\d{1,2}[.)]\s+|\[)?([A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}\s+[A-Za-z]{3,9}\.?(?:\s+\d{4})?|\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)\]?\s*(?:[:·|,-]\s*|\s{2,}|\s+)(.+)$`)
	// "✔ Call — 29 Apr 2027 — Connected, 25 min", "Email - 3 May 2027 - Sent pricing"
	reLogTyped = regexp.MustCompile(`^\s*(?:[✔✓☑☐•*>-]\s*)?([A-Za-z][\w /]{1,24}?)\s+[-|·]+\s+(.{4,24}?)\s+[-|·]+\s+(.+)$`)
	// "Me (Oct 7): hey", "Them (Sep 30): got it", "You (3 Nov): …"
	reLogWho = regexp.MustCompile(`^\s*(you|me|them|prospect|[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)\s*\(([^)]{3,20})\)\s*:\s*(.*)$`)
	// "You: Hi Adaeze…", "Adaeze Okonkwo: Hi, interesting" under a day line
	reLogSpeaker = regexp.MustCompile(`^\s*(you|me|them|[A-Z][\w'-]+(?:\s[A-Z][\w'-]+){0,2})\s*:\s*(.+)$`)
)

var (
	logOutWords = []string{"sent", "left vm", "left voicemail", "voicemail left", "left a vm", "no answer", "no vm", "inmail",
		"you:", "you ", "me:", "texted", "follow-up", "followup", "follow up", "nudge", "bump", "outbound", "dialed", "step "}
	logInWords = []string{"received", "replied", "reply from", "inbound", "connected", "meeting held", "answered", "them:",
		"them ", "she said", "he said", "they said", "call with", "demo", "met ", "spoke", "talked", "picked up"}
)

// parseLog reads dated log lines. It needs at least two entries, one of
// them the rep's.
func (t *text) parseLog(now time.Time, skip map[int]bool) logHint {
	h := logHint{touches: -1, days: -1, lines: map[int]bool{}}
	var entries []logEntry
	lastDay := time.Time{}
	for n, raw := range t.lines {
		if skip[n] {
			continue
		}
		ln := strings.TrimSpace(raw)
		if ln == "" {
			continue
		}
		var when time.Time
		var dated bool
		var rest, who string
		if m := reLogWho.FindStringSubmatch(ln); m != nil {
			when, dated = parseDateLine(m[2], now)
			who, rest = strings.ToLower(m[1]), m[3]
		} else if m := reLogTyped.FindStringSubmatch(ln); m != nil && func() bool { _, ok := parseDateLine(m[2], now); return ok }() {
			when, dated = parseDateLine(m[2], now)
			rest = m[1] + " " + m[3]
		} else if m := reLogDate.FindStringSubmatch(ln); m != nil {
			when, dated = parseDateLine(m[1], now)
			rest = m[2]
			if sm := reLogSpeaker.FindStringSubmatch(rest); sm != nil {
				who = strings.ToLower(sm[1])
			}
		} else if d, ok := dayLine(ln, now); ok {
			lastDay = d
			continue
		} else if m := reLogSpeaker.FindStringSubmatch(ln); m != nil && !lastDay.IsZero() {
			when, dated, who, rest = lastDay, true, strings.ToLower(m[1]), m[2]
		}
		if !dated || when.After(now) {
			continue
		}
		low := strings.ToLower(" " + rest + " ")
		e := logEntry{when: when, line: n, channel: logChannel(low)}
		switch {
		case who == "you" || who == "me" || who == "i":
			e.in = false
		case who == "them" || who == "prospect":
			e.in = true
		case who != "":
			e.in = true // a named speaker in a log is the other side
		default:
			out, in := hasAny(low, logOutWords), hasAny(low, logInWords)
			switch {
			case in && !strings.Contains(low, "no answer"):
				e.in = true
			case out:
				e.in = false
			case strings.Contains(low, "'") || strings.Contains(low, "\""):
				// A numbered list of quoted messages is what the rep sent.
				e.in = false
			default:
				continue
			}
		}
		entries = append(entries, e)
	}
	if len(entries) < 2 {
		return h
	}
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
	for i, e := range order {
		if e.in {
			lastIn = i
		}
	}
	h.found = true
	h.touches = 0
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
	switch {
	case strings.Contains(low, "linkedin") || strings.Contains(low, "inmail") || strings.Contains(low, " li "):
		return ChannelLinkedIn
	case strings.Contains(low, "voicemail") || strings.Contains(low, " vm") || strings.Contains(low, "call") || strings.Contains(low, "no answer") || strings.Contains(low, "dial"):
		return ChannelPhone
	case strings.Contains(low, "text") || strings.Contains(low, "sms") || strings.Contains(low, "whatsapp") || strings.Contains(low, "imessage"):
		return ChannelText
	case strings.Contains(low, "email") || strings.Contains(low, "mail"):
		return ChannelEmail
	}
	return ""
}
