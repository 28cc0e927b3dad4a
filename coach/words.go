package coach

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The diagnosis reads a story as a list of words, not as a string: cues are
// matched word by word, so "didn't", "didnt" and "did not" are one thing,
// "re-org" is "re org", and a negation or the rep's own action can be seen a
// few words before a cue. The same tokenizer reads the lexicon's phrases, so
// a phrase written the way a rep writes it matches the way a rep writes it.

// brk marks a word that is really a break between clauses.
type brk uint8

const (
	brkNone brk = iota
	// brkSoft is a comma, colon, dash or bracket: it ends a negation's reach
	// but not a sentence.
	brkSoft
	// brkHard ends a sentence or a line.
	brkHard
)

// word is one token of a text: the folded word, where it sits in the text
// (for quoting evidence), and whether it was capitalised mid-sentence (a
// product or company name such as "Gong" or "Salesforce").
type word struct {
	text       string
	start, end int
	brk        brk
	cap        bool
	// quoted: the word sits inside quotation marks or on a "> " line of a
	// pasted reply, so an "I" there is whoever is quoted, not the rep.
	quoted bool
	// id is the word's number in the cue lexicon (0: no phrase uses it),
	// and gram the grammar lists it belongs to; both are set once, when
	// the text is read, so matching compares numbers and bits.
	id   wordID
	gram gram
}

// is reports whether the word belongs to a grammar list.
func (w word) is(g gram) bool { return w.gram&g != 0 }

// contractions without apostrophes, as reps type them, and the words they
// stand for.
var bareContractions = map[string][]string{
	"didnt": {"did", "not"}, "dont": {"do", "not"}, "doesnt": {"does", "not"},
	"isnt": {"is", "not"}, "wasnt": {"was", "not"}, "werent": {"were", "not"},
	"arent": {"are", "not"}, "havent": {"have", "not"}, "hasnt": {"has", "not"},
	"hadnt": {"had", "not"}, "wont": {"will", "not"}, "cant": {"can", "not"},
	"couldnt": {"could", "not"}, "wouldnt": {"would", "not"}, "shouldnt": {"should", "not"},
	"aint": {"is", "not"}, "cannot": {"can", "not"},
	"im": {"i", "am"}, "ive": {"i", "have"}, "theyre": {"they", "are"},
	"youre": {"you", "are"}, "theyve": {"they", "have"}, "weve": {"we", "have"},
	"shes": {"she", "is"}, "thats": {"that", "is"}, "whats": {"what", "is"},
}

// pronounIs lists the words whose "'s" is "is" (or "has"), not a possessive.
var pronounIs = map[string]bool{
	"she": true, "he": true, "it": true, "that": true, "what": true, "there": true,
	"who": true, "here": true, "where": true, "this": true, "everything": true,
	"nothing": true, "everyone": true, "nobody": true, "someone": true, "let": false,
}

// suffixes split off a word after an apostrophe, and what they are read as.
var apostropheSuffixes = []struct{ suffix, as string }{
	{"n't", "not"}, {"'re", "are"}, {"'ve", "have"}, {"'ll", "will"}, {"'m", "am"}, {"'d", "'d"}, {"'s", "'s"},
}

// nTStems fixes the stems that "n't" leaves oddly spelled.
var nTStems = map[string]string{"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}

// tokenize splits text into words and breaks. Offsets index text itself.
func tokenize(text string) []word {
	ws := make([]word, 0, len(text)/5+4)
	sentenceStart := true
	inDouble, inSingle, lineQuoted := false, false, startsQuotedLine(text, 0)
	addBreak := func(at int, b brk) {
		if n := len(ws); n > 0 && ws[n-1].brk != brkNone {
			// Collapse runs of breaks; the stronger one wins.
			ws[n-1].brk = max(ws[n-1].brk, b)
			return
		}
		ws = append(ws, word{start: at, end: at + 1, brk: b})
	}
	i := 0
	for i < len(text) {
		c := text[i]
		if isWordStart(text, i) {
			j := i
			for j < len(text) {
				if isWordByteAt(text, j) {
					if text[j] < utf8.RuneSelf {
						j++
					} else {
						_, n := utf8.DecodeRuneInString(text[j:])
						j += n
					}
					continue
				}
				// Keep apostrophes, ampersands and decimal points inside a
				// word: "didn't", "m&a", "2.5x".
				if (text[j] == '\'' || text[j] == '&' || text[j] == '.') && j+1 < len(text) && isWordByteAt(text, j+1) && j > i {
					if text[j] == '.' && !(isDigit(text[j-1]) && isDigit(text[j+1])) {
						break
					}
					j++
					continue
				}
				break
			}
			raw := text[i:j]
			capital := !sentenceStart && 'A' <= raw[0] && raw[0] <= 'Z'
			n := len(ws)
			ws = appendWord(ws, strings.ToLower(raw), i, j, capital)
			if inDouble || inSingle || lineQuoted {
				for k := n; k < len(ws); k++ {
					ws[k].quoted = true
				}
			}
			sentenceStart = false
			i = j
			continue
		}
		switch c {
		case '\'':
			// An apostrophe inside a word was taken with the word; here it
			// opens a quote before a word, or closes one after it.
			prevWord := i > 0 && isWordByteAt(text, i-1)
			nextWord := i+1 < len(text) && isWordByteAt(text, i+1)
			if !prevWord && nextWord && !inSingle {
				inSingle = true
			} else if inSingle && !nextWord {
				inSingle = false
			}
			i++
			continue
		case '"':
			inDouble = !inDouble
			addBreak(i, brkSoft)
			i++
			continue
		case '\n':
			addBreak(i, brkHard)
			sentenceStart = true
			inDouble, inSingle = false, false
			lineQuoted = startsQuotedLine(text, i+1)
			i++
			continue
		case '.', '!', '?', ';':
			// A dot inside "3.5" was handled above; any other dot followed by
			// a space or the end closes a sentence, unless it ends a title
			// ("Ms. Okonkwo") or a short form the sentence runs on after
			// ("incl. my sponsor", "e.g. the audit").
			if c == '.' && len(ws) > 0 && ws[len(ws)-1].end == i && abbreviationRunsOn(abbreviationAt(text, ws[len(ws)-1]), text[i+1:]) {
				i++
				continue
			}
			if c != '.' || i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n' || text[i+1] == '\t' || text[i+1] == '"' || text[i+1] == ')' {
				addBreak(i, brkHard)
				sentenceStart = true
			}
			i++
		case ',', ':', '(', ')', '[', ']':
			addBreak(i, brkSoft)
			i++
		case '-':
			// A hyphen inside a word ("re-org") joins nothing: the parts are
			// words of their own. A dash between spaces is a soft break.
			if i > 0 && i+1 < len(text) && text[i-1] != ' ' && text[i+1] != ' ' {
				i++
				continue
			}
			addBreak(i, brkSoft)
			i++
		default:
			if c >= utf8.RuneSelf {
				r, n := utf8.DecodeRuneInString(text[i:])
				if r == '—' || r == '–' || r == '…' || r == '•' {
					addBreak(i, brkSoft)
				}
				i += n
				continue
			}
			i++
		}
	}
	if lex != nil {
		// The lexicon itself is read with this tokenizer before it exists.
		lex.annotate(ws)
	}
	return ws
}

// startsQuotedLine reports whether the line starting at text[i] is a quoted
// line of a pasted email reply ("> …").
func startsQuotedLine(text string, i int) bool {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i < len(text) && text[i] == '>'
}

// appendWord adds a word, splitting contractions into the words they stand for.
func appendWord(ws []word, w string, start, end int, capital bool) []word {
	if parts, ok := bareContractions[w]; ok {
		for k, p := range parts {
			ws = append(ws, word{text: p, start: start, end: end, cap: capital && k == 0})
		}
		return ws
	}
	if strings.IndexByte(w, '\'') > 0 {
		for _, s := range apostropheSuffixes {
			if stem, ok := strings.CutSuffix(w, s.suffix); ok && stem != "" {
				if s.suffix == "n't" {
					if fixed, ok := nTStems[stem]; ok {
						stem = fixed
					}
				}
				as := s.as
				if as == "'s" && pronounIs[stem] {
					// "she's", "it's", "that's": is (or has), never a possessive.
					as = "is"
				}
				ws = append(ws, word{text: stem, start: start, end: end, cap: capital})
				return append(ws, word{text: as, start: start, end: end})
			}
		}
	}
	// "clients'" and "clients" are the same word.
	w = strings.TrimSuffix(w, "'")
	return append(ws, word{text: w, start: start, end: end, cap: capital})
}

// titles never end a sentence with their dot; shortForms do not when the
// text runs on in lower case ("incl. my sponsor", "approx. 40 seats").
var (
	titles     = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "engr": true, "st": true}
	shortForms = map[string]bool{"incl": true, "e.g": true, "i.e": true, "eg": true, "ie": true, "vs": true, "approx": true, "etc": true, "esp": true, "mgr": true, "dept": true, "min": true, "max": true, "avg": true, "est": true, "ca": true, "re": true, "cf": true, "aka": true, "resp": true, "yr": true, "yrs": true, "mo": true, "mos": true, "wk": true, "wks": true, "hr": true, "hrs": true, "co": true, "inc": true, "ltd": true, "corp": true}
)

// abbreviationAt returns the lowercased word w, with a dotted short form
// before it joined on ("e.g" for the "g" of "e.g.").
func abbreviationAt(text string, w word) string {
	if w.start >= 2 && text[w.start-1] == '.' && w.end-w.start == 1 {
		return strings.ToLower(text[w.start-2 : w.end])
	}
	return w.text
}

// abbreviationRunsOn reports whether the dot after word w (lowercased)
// belongs to a title or short form, rest being the text after the dot.
func abbreviationRunsOn(w, rest string) bool {
	if titles[w] {
		return len(rest) > 1 && rest[0] == ' ' && 'A' <= rest[1] && rest[1] <= 'Z'
	}
	if !shortForms[w] {
		return false
	}
	rest = strings.TrimLeft(rest, " ")
	return len(rest) > 0 && rest[0] != '\n' && ('a' <= rest[0] && rest[0] <= 'z' || isDigit(rest[0]))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isWordByteAt reports whether text[i] starts a letter or digit.
func isWordByteAt(text string, i int) bool {
	c := text[i]
	if c < utf8.RuneSelf {
		return isWordByte(c) && c != '_'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isWordStart(text string, i int) bool { return isWordByteAt(text, i) }

// Pasted messages. A rep often pastes the thread itself: their own emails
// ("Hi Dawn, just bumping this…"), the prospect's replies, Outlook headers,
// chat lines. What the rep wrote to the prospect is the rep's own action,
// wherever it sits in the story ("I'll assume this isn't a priority" in the
// rep's email says nothing about the prospect's priorities), and in what
// the prospect wrote, "I" is the prospect.

// author says who wrote a pasted message.
type author uint8

const (
	authorUnknown author = iota
	authorRep
	authorProspect
)

// lineKind classifies one line of a story for finding pasted messages.
type lineKind uint8

const (
	lineText lineKind = iota
	lineBlank
	lineHeader    // "From: …", "Sent: …", "On … wrote:"
	lineByline    // a chat author and time: "Raj Pillai  10:12 AM"
	lineGreeting  // "Hi Dawn," (after an optional "Nov 2:" prefix)
	lineSignoff   // "Best,", "Kind regards", "Thanks, Nico"
	lineNarrative // "--", "Context:", "^ that's the last thing from her"
)

type storyLine struct {
	start, end int
	kind       lineKind
	// name is the first name greeted, or the author of a header or byline.
	name string
}

var (
	greetingWords = map[string]bool{"hi": true, "hello": true, "hey": true, "dear": true, "hiya": true, "morning": true, "afternoon": true, "evening": true, "greetings": true}
	signoffWords  = map[string]bool{"best": true, "thanks": true, "thank you": true, "regards": true, "kind regards": true, "best regards": true, "warm regards": true, "warmly": true, "cheers": true, "many thanks": true, "sincerely": true, "br": true, "thx": true, "rgds": true, "talk soon": true, "all the best": true, "best wishes": true, "yours": true, "mit freundlichen grüßen": true, "groeten": true, "met vriendelijke groet": true}
	headerWords   = map[string]bool{"from": true, "sent": true, "to": true, "cc": true, "bcc": true, "subject": true, "date": true}
	narrativeTags = map[string]bool{"context": true, "background": true, "note": true, "notes": true, "fyi": true, "ps": true, "p.s": true, "update": true, "me": true, "so": true}
)

// splitLines classifies the lines of text.
func splitLines(text string) []storyLine {
	var lines []storyLine
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		l := storyLine{start: start, end: end}
		l.kind, l.name = classifyLine(text[start:end])
		lines = append(lines, l)
		start = end + 1
	}
	return lines
}

// classifyLine tells what one line of a paste is, and the name it greets
// or is written by.
func classifyLine(line string) (lineKind, string) {
	t := strings.TrimSpace(line)
	if t == "" {
		return lineBlank, ""
	}
	if strings.HasPrefix(t, ">") {
		// A quoted line reads as what it quotes: "> Hi Jake," greets,
		// "> On Mon, … Jake wrote:" heads a message quoted in turn.
		t = strings.TrimSpace(strings.TrimLeft(t, "> "))
		if t == "" {
			return lineBlank, ""
		}
	}
	lower := strings.ToLower(t)
	if strings.HasPrefix(t, "--") || strings.HasPrefix(t, "—") || strings.HasPrefix(t, "^") || strings.HasPrefix(t, "__") || strings.HasPrefix(t, "==") {
		if strings.Contains(lower, "original message") || strings.Contains(lower, "forwarded message") {
			return lineHeader, ""
		}
		return lineNarrative, ""
	}
	if strings.HasSuffix(lower, "wrote:") && (strings.HasPrefix(lower, "on ") || strings.HasPrefix(lower, "am ") || strings.HasPrefix(lower, "le ")) {
		return lineHeader, headerName(t[3:])
	}
	if k, rest, ok := strings.Cut(t, ":"); ok && !strings.Contains(k, " ") {
		key := strings.ToLower(k)
		if headerWords[key] {
			if key == "from" {
				return lineHeader, headerName(rest)
			}
			return lineHeader, ""
		}
		if narrativeTags[key] {
			return lineNarrative, ""
		}
	}
	if name, ok := bylineName(t); ok {
		return lineByline, name
	}
	if name, ok := greetingName(t); ok {
		return lineGreeting, name
	}
	if isSignoff(lower) {
		return lineSignoff, ""
	}
	return lineText, ""
}

// headerName returns the lowercased first name in "Dana Kim <dana@acme.com>"
// or "Tue, Nov 4, 2026 at 9:12 AM Dana Kim <…> wrote:".
func headerName(s string) string {
	if i := strings.IndexByte(s, '<'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimSpace(s), "wrote:")
	fields := strings.Fields(s)
	// The name is the run of capitalised words at the end (after a date
	// in "On … wrote:"), or the whole of a From: line.
	i := len(fields)
	for i > 0 && isNameWord(fields[i-1]) && !strings.EqualFold(fields[i-1], "am") && !strings.EqualFold(fields[i-1], "pm") {
		i--
	}
	for ; i < len(fields); i++ {
		if f := strings.ToLower(strings.Trim(fields[i], ",.\"'")); f != "" && !titles[strings.TrimSuffix(f, ".")] {
			return f
		}
	}
	return ""
}

// isNameWord reports whether f looks like a part of a person's name.
func isNameWord(f string) bool {
	f = strings.Trim(f, ",\"'")
	if f == "" || !('A' <= f[0] && f[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(f); i++ {
		if isDigit(f[i]) || f[i] == ':' {
			return false
		}
	}
	return true
}

// bylineName reads a chat byline: one to four capitalised words, then a
// time ("Raj Pillai  10:12 AM", "Deepa Menon 6:45 PM").
func bylineName(t string) (string, bool) {
	fields := strings.Fields(t)
	if len(fields) < 2 || len(fields) > 6 {
		return "", false
	}
	n := 0
	for n < len(fields) && n < 4 && isNameWord(fields[n]) && !strings.ContainsAny(fields[n], ",.!?") {
		n++
	}
	if n == 0 || n == len(fields) {
		return "", false
	}
	rest := fields[n:]
	clock := rest[0]
	if len(rest) > 1 && (rest[0] == "·" || rest[0] == "-" || rest[0] == "•") {
		clock = rest[1]
		rest = rest[1:]
	}
	h, m, ok := strings.Cut(clock, ":")
	if !ok || len(h) == 0 || len(h) > 2 || len(m) < 2 || !isDigit(h[0]) || !isDigit(m[0]) || !isDigit(m[1]) {
		return "", false
	}
	if len(rest) > 2 || len(rest) == 2 && !strings.EqualFold(rest[1], "am") && !strings.EqualFold(rest[1], "pm") {
		return "", false
	}
	return strings.ToLower(fields[0]), true
}

// greetingName reads "Hi Dawn," or "Nov 6: Hi Dawn, just bumping…" and
// returns the lowercased name greeted.
func greetingName(t string) (string, bool) {
	// Skip a short dated prefix: "Oct 5:", "1) Aug 18 -", "Email 2 -".
	for _, sep := range []string{": ", " - ", " – ", " — ", ") "} {
		if i := strings.Index(t, sep); i > 0 && i <= 24 && strings.ContainsAny(t[:i], "0123456789") {
			t = strings.TrimSpace(t[i+len(sep):])
			break
		}
	}
	fields := strings.Fields(t)
	if len(fields) < 2 {
		return "", false
	}
	g := strings.ToLower(strings.Trim(fields[0], ",!"))
	rest := fields[1:]
	if g == "good" && len(rest) > 1 {
		g, rest = strings.ToLower(strings.Trim(rest[0], ",!")), rest[1:]
	}
	if !greetingWords[g] {
		return "", false
	}
	if len(rest) > 1 && titles[strings.ToLower(strings.TrimSuffix(rest[0], "."))] {
		rest = rest[1:]
	}
	name := strings.TrimRight(rest[0], ",!.:;")
	if !isNameWord(name) || strings.ContainsAny(name, ".!?") {
		return "", false
	}
	return strings.ToLower(name), true
}

// isSignoff reports whether a (lowercased) line closes a message: "best,",
// "kind regards", "thanks, nico".
func isSignoff(lower string) bool {
	head := lower
	if i := strings.IndexAny(lower, ",!"); i >= 0 {
		head = lower[:i]
	}
	head = strings.TrimRight(strings.TrimSpace(head), ".")
	if !signoffWords[head] {
		return false
	}
	// "Thanks for the demo, …" is a sentence, not a sign-off.
	return len(strings.Fields(lower)) <= 4
}

// pastedMessage is one message found in a story, by byte range.
type pastedMessage struct {
	start, end int
	greets     string
	by         string
}

// findMessages finds the pasted messages in text: a header or byline block,
// or a paragraph that opens with a greeting; a message runs on over blank
// lines to its sign-off when one follows.
func findMessages(lines []storyLine) []pastedMessage {
	var ms []pastedMessage
	for i := 0; i < len(lines); {
		l := lines[i]
		if l.kind != lineHeader && l.kind != lineByline && l.kind != lineGreeting {
			i++
			continue
		}
		m := pastedMessage{start: l.start}
		if l.kind == lineGreeting {
			m.greets = l.name
		} else {
			m.by = l.name
		}
		j := i + 1
		// Header lines run together: From, Sent, To, Subject.
		for l.kind == lineHeader && j < len(lines) && lines[j].kind == lineHeader {
			if m.by == "" {
				m.by = lines[j].name
			}
			j++
		}
		end := l.end
		blank := false
	body:
		for ; j < len(lines); j++ {
			switch k := lines[j].kind; {
			case k == lineHeader || k == lineByline || k == lineNarrative:
				break body
			case k == lineGreeting:
				if m.greets != "" || !blank && j > i+1 && lines[j-1].kind != lineHeader {
					break body
				}
				m.greets = lines[j].name
			case k == lineBlank:
				blank = true
				continue
			case k == lineSignoff:
				// The sign-off and the signature under it close the message.
				end = lines[j].end
				for j++; j < len(lines) && lines[j].kind == lineText; j++ {
					end = lines[j].end
				}
				break body
			case blank && m.by == "" && !signoffAhead(lines, j):
				// A greeting paragraph with no sign-off ahead is the whole
				// message; what follows the blank line is the story again.
				break body
			}
			end = lines[j].end
		}
		m.end = end
		ms = append(ms, m)
		i = j
	}
	return ms
}

// signoffAhead reports whether a sign-off comes before the next message,
// header or narrative line.
func signoffAhead(lines []storyLine, j int) bool {
	for limit := j + 20; j < len(lines) && j < limit; j++ {
		switch lines[j].kind {
		case lineSignoff:
			return true
		case lineHeader, lineByline, lineGreeting, lineNarrative:
			return false
		}
	}
	return false
}

// messageAuthors works out who wrote each pasted message. prospect is the
// prospect's first name as read from the story (lowercased), or "". A
// message that greets the prospect is the rep's; so is every other message
// its author wrote. When the story names no prospect, the name the rep
// greets most (twice at least) is taken as the prospect's. Once the rep's
// messages are known, the others are the prospect's side of the thread.
func messageAuthors(ms []pastedMessage, prospect string) []author {
	out := make([]author, len(ms))
	if len(ms) == 0 {
		return out
	}
	known := false
	for _, m := range ms {
		known = known || prospect != "" && (m.greets == prospect || m.by == prospect)
	}
	if !known {
		prospect = ""
		count := map[string]int{}
		best, tie := 0, false
		for _, m := range ms {
			if m.greets == "" {
				continue
			}
			count[m.greets]++
		}
		for name, n := range count {
			switch {
			case n > best:
				best, tie, prospect = n, false, name
			case n == best:
				tie = true
			}
		}
		if best < 2 || tie {
			return out
		}
	}
	reps := map[string]bool{}
	for _, m := range ms {
		if m.greets == prospect && m.by != "" && m.by != prospect {
			reps[m.by] = true
		}
	}
	anyRep := false
	for i, m := range ms {
		switch {
		case m.by == prospect:
			out[i] = authorProspect
		case m.greets == prospect || m.by != "" && reps[m.by]:
			out[i] = authorRep
			anyRep = true
		}
	}
	if !anyRep {
		return out
	}
	for i, m := range ms {
		if out[i] == authorUnknown && (m.by != "" || m.greets != "") {
			out[i] = authorProspect
		}
	}
	return out
}

// markMessages reads the pasted messages of text into ws: the words of a
// message the prospect wrote are quoted (an "I" there is the prospect), and
// the words of one the rep wrote are returned as the rep's own.
func markMessages(text string, ws []word, prospect string) (rep []bool) {
	if !strings.Contains(text, "\n") {
		return nil
	}
	lines := splitLines(text)
	ms := findMessages(lines)
	if len(ms) == 0 {
		return nil
	}
	by := messageAuthors(ms, prospect)
	k := 0
	for i, w := range ws {
		for k < len(ms) && ms[k].end < w.start {
			k++
		}
		if k == len(ms) {
			break
		}
		if w.start < ms[k].start {
			continue
		}
		switch by[k] {
		case authorRep:
			if rep == nil {
				rep = make([]bool, len(ws))
			}
			rep[i] = true
		case authorProspect:
			ws[i].quoted = true
		}
	}
	return rep
}

// prospectKey returns the lowercased first name of a person's name as
// read from the story ("Ms. Ngozi Okonkwo" → "ngozi"), for matching the
// names greeted in pasted messages.
func prospectKey(name string) string {
	for _, f := range strings.Fields(name) {
		f = strings.ToLower(strings.Trim(f, ".,"))
		if f != "" && !titles[f] {
			return f
		}
	}
	return ""
}
