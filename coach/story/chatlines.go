package story

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Some chat copies write the author first and the day after it, on the
// message's own line: "Devon — Jun 30: send it over", "Me — Jul 8: any
// news?", "Tendai Moyo 05-Jan 16:20: Ok, let me talk to the partners". The
// thread reader knows the day first ("[Jun 30] Devon: send it over"), so
// chatLines rewrites such lines that way when a story holds at least two.
var (
	chatDay   = `(?:\pL{3,9}\.? \d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)? \pL{3,9}\.?|\d{1,2}[-/.]\pL{3}|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)`
	chatWho   = `(\p{Lu}[\pL'’.-]*(?:[ \t]+\p{Lu}[\pL'’.-]*){0,3}|me)`
	chatClock = `(?:,?[ \t]+\d{1,2}[:.]\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?)`
	// "Devon — Jun 30: …", "Me - 12/07, 9:14: …"
	reChatDash = regexp.MustCompile(`^[ \t]*` + chatWho + `[ \t]+[—–-][ \t]+(` + chatDay + `)` + chatClock + `?[ \t]*:[ \t]+(\S.*)$`)
	// "(Feb 24) me: any qs on the bid?": the day in brackets first.
	reChatParen = regexp.MustCompile(`^[ \t]*\((` + chatDay + `)` + chatClock + `?\)[ \t]+` + chatWho + `[ \t]*:[ \t]+(\S.*)$`)
	// "Tendai Moyo 05-Jan 16:20: …": the clock is needed, or any sentence
	// opening "Met Anna Jun 3: …" would do.
	reChatStamp = regexp.MustCompile(`^[ \t]*` + chatWho + `[ \t]+(` + chatDay + `)` + chatClock + `[ \t]*:[ \t]+(\S.*)$`)
)

// reDayDashMonth is a day and a month's short name joined: "05-Jan".
var reDayDashMonth = regexp.MustCompile(`^\d{1,2}[-/.]\pL{3}$`)

// A LinkedIn copy may put the author and the day on lines of their own:
// "Aiko Tanaka" / "Oct 17" / the message. reAuthorLine and reDayLine match
// those two lines; nameDayHeads joins them into the head the thread reader
// knows ("Aiko Tanaka • Oct 17").
var (
	reAuthorLine = regexp.MustCompile(`^[ \t]*\p{Lu}[\pL'’.-]*(?:[ \t]+\p{Lu}[\pL'’.-]*){0,3}(?:[ \t]+\((?:me|you)\))?[ \t]*$`)
	reDayLine    = regexp.MustCompile(`^[ \t]*(?:\pL{3,9},?[ \t]+)?(` + chatDay + `)(?:,?[ \t]+\d{4})?` + chatClock + `?[ \t]*$`)
)

// reBracketHead is a Teams copy's head alone on its line, the stamp first
// in brackets and the author after it: "[11/12 3:04 PM] Ravi Shankar".
var reBracketHead = regexp.MustCompile(`^[ \t]*\[(` + chatDay + `)` + chatClock + `?\][ \t]+` + chatWho + `[ \t]*$`)

// bracketHeads joins such a head and the message line under it
// ("[11/12] Ravi Shankar: sounds good…"), when a story holds two; ok
// reports whether it did.
func bracketHeads(lines []string) ([]string, bool) {
	brackets := 0
	for _, ln := range lines {
		brackets += strings.Count(ln, "[")
	}
	if brackets < 2 {
		return lines, false
	}
	var out []string
	n := 0
	for i := 0; i < len(lines); i++ {
		if m := reBracketHead.FindStringSubmatch(lines[i]); m != nil && isMonthOrNumber(m[1]) && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" && !reBracketHead.MatchString(lines[i+1]) {
			if out == nil {
				out = append(make([]string, 0, len(lines)), lines[:i]...)
			}
			out = append(out, "["+m[1]+"] "+m[2]+": "+strings.TrimSpace(lines[i+1]))
			i++
			n++
			continue
		}
		if out != nil {
			out = append(out, lines[i])
		}
	}
	if n < 2 {
		return lines, false
	}
	return out, true
}

// nameDayHeads joins a name line and the day line under it, when a story
// holds at least two such pairs; ok reports whether it did.
func nameDayHeads(lines []string) ([]string, bool) {
	if len(lines) < 5 {
		return lines, false
	}
	var pairs []int
	for i := 0; i+1 < len(lines); i++ {
		if len(lines[i]) <= 48 && reAuthorLine.MatchString(lines[i]) {
			// (Not Gmail's view, whose stamp line is followed by "to me",
			// "to Harriet": the thread reader knows that one.)
			if m := reDayLine.FindStringSubmatch(lines[i+1]); m != nil && isMonthOrNumber(m[1]) && !(i+2 < len(lines) && strings.HasPrefix(strings.ToLower(strings.TrimSpace(lines[i+2])), "to ")) {
				pairs = append(pairs, i)
				i++
			}
		}
	}
	if len(pairs) < 2 {
		return lines, false
	}
	out := make([]string, 0, len(lines))
	next := 0
	for i := 0; i < len(lines); i++ {
		if next < len(pairs) && pairs[next] == i {
			out = append(out, strings.TrimSpace(lines[i])+" • "+strings.TrimSpace(lines[i+1]))
			i++
			next++
			continue
		}
		out = append(out, lines[i])
	}
	return out, true
}

// chatLines puts the chat copies above in the shape the thread reader
// knows: heads on lines of their own joined to their day or message, and
// author-first lines rewritten day first. The story is split into lines
// once, and raw comes back as it is when nothing changed.
func chatLines(raw string) string {
	if strings.Count(raw, "\n") < 2 {
		return raw // (every shape below needs three lines at least)
	}
	lines := strings.Split(raw, "\n")
	lines, joined := nameDayHeads(lines)
	lines, bracketed := bracketHeads(lines)
	lines, rewritten := authorFirst(lines)
	if !joined && !bracketed && !rewritten {
		return raw
	}
	return strings.Join(lines, "\n")
}

// authorFirst rewrites author-first chat lines day first, when a story
// holds at least two; ok reports whether it did.
func authorFirst(lines []string) ([]string, bool) {
	colons := 0
	for _, ln := range lines {
		colons += strings.Count(ln, ":")
	}
	if colons < 2 || len(lines) < 3 {
		return lines, false
	}
	var out []string
	n := 0
	for i, ln := range lines {
		if m := chatHead(ln); m != nil {
			if out == nil {
				out = slices.Clone(lines)
			}
			out[i], n = chatLine(m), n+1
		}
	}
	if n < 2 {
		return lines, false
	}
	return out, true
}

// chatHead matches an author-first chat line, or returns nil.
func chatHead(ln string) []string {
	// Most lines are prose: a colon after the first few characters and a
	// digit before it are needed.
	c := strings.IndexByte(ln, ':')
	if c < 5 || len(ln) > 600 || !strings.ContainsAny(ln[:c], "0123456789") {
		return nil
	}
	for _, re := range []*regexp.Regexp{reChatDash, reChatStamp} {
		if m := re.FindStringSubmatch(ln); m != nil && isMonthOrNumber(m[2]) {
			return m
		}
	}
	if m := reChatParen.FindStringSubmatch(ln); m != nil && isMonthOrNumber(m[1]) {
		return []string{m[0], m[2], m[1], m[3]}
	}
	return nil
}

// chatLine writes a matched line day first: m holds the line, its author,
// its day and its message.
func chatLine(m []string) string {
	day := m[2]
	if reDayDashMonth.MatchString(day) {
		day = strings.NewReplacer("-", " ", "/", " ", ".", " ").Replace(day) // "05-Jan": "05 Jan"
	}
	return "[" + day + "] " + m[1] + ": " + m[3]
}

// isMonthOrNumber reports whether a chat line's day is a day: a month's
// name or a number, not "Re 3" or "Pt 2".
func isMonthOrNumber(day string) bool {
	for _, f := range strings.FieldsFunc(strings.ToLower(day), func(r rune) bool { return r == ' ' || r == '-' || r == '/' || r == '.' }) {
		if _, ok := monthNames[f]; ok {
			return true
		}
	}
	return strings.Trim(day, "0123456789/.-") == ""
}

// A voice note's transcript often comes wrapped in quotes ("voice memo →
// text: "so, um, Klaus at Meyer, we talked on the 28th…""): the rep's own
// words, not a message quoted from someone. unquoteTranscript drops the
// two quotes, so the story reads as the rep telling it.
func unquoteTranscript(raw string) string {
	open := strings.IndexAny(raw, "\"“")
	if open < 0 || open > 120 {
		return raw
	}
	label := strings.ToLower(raw[:open])
	if !strings.Contains(label, "transcri") && !strings.Contains(label, "voice") && !strings.Contains(label, "memo") && !strings.Contains(label, "recording") && !strings.Contains(label, "dictat") {
		return raw
	}
	_, w := utf8.DecodeRuneInString(raw[open:])
	body := strings.TrimRight(raw[open+w:], " \t\r\n")
	closeQ, cw := utf8.DecodeLastRuneInString(body)
	if closeQ != '"' && closeQ != '”' {
		return raw
	}
	inner := body[:len(body)-cw]
	if strings.ContainsAny(inner, "\"“”") {
		return raw // other quotes inside: which ones pair is not clear
	}
	return raw[:open] + " " + inner + raw[open+w+len(body):]
}
