package story

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is what a token is.
type kind uint8

const (
	kWord  kind = iota // letters, possibly with inner apostrophes, hyphens, digits
	kNum               // starts with a digit: 24, 3x, 24th, 2026-11-12, 11/12, 40k
	kPunct             // one punctuation rune
	kBreak             // a line break
	kAddr              // an email address or a web link: never a name
)

// tok is one token of a story. Offsets index the normalized text, so a
// quote is always text[start:end] of what was read.
type tok struct {
	s, low     string
	start, end int
	kind       kind
	// cap: the first rune is upper case; upper: every letter is upper case
	// and there are at least two of them (an acronym: CFO, IBM).
	cap, upper bool
	// sent is the index of the sentence (or clause between ; and line
	// breaks) the token sits in; first marks its first word.
	sent  int
	first bool
	// line is the index of the line in the text.
	line int
	// noun and chanW cache touchNouns and channelWords for the token (see
	// lookUpWords): every touch matcher asks them of every token.
	noun, chanW int8
	// verb caches sendVerbs the same way (1 + the channel's index, 0: not
	// a send verb); num is 1 + numberWords' value (0: not a number word).
	verb int8
	num  int32
	// dateish: the word may open a date (dateStarts, a month, a weekday).
	dateish bool
}

// text is a story prepared for reading: normalized, tokenized once, split
// into sentences. Every matcher walks the same tokens, so a 2 KB story is
// read in a few tens of microseconds.
type text struct {
	s    string
	toks []tok
	// prospect is the prospect's first name, lower case, once the names
	// are read: someone else answering ("Lisa answered one of my emails")
	// does not end the prospect's silence.
	prospect string
	// sents holds, per sentence, the index of its first token and one past
	// its last.
	sents [][2]int
	lines []string
	// headers marks email header lines, computed on first use.
	headers map[int]bool
	// order is how the story writes numeric dates: 0 unknown yet, 1 month
	// first ("11/12" is 12 Nov), 2 day first ("29/09", "06/10").
	order int8
	// dateSlot is dateAt's memo per token: 0 not read yet, -1 no date
	// there, n the answer kept in dates[n-1].
	dateSlot []int32
	dates    []dateMemo
}

// dayFirst reports whether the story writes numeric dates day first: one
// of them can only be read so ("29/09", "28.08") and none can only be read
// month first ("10/21").
func (t *text) dayFirst() bool {
	if t.order == 0 {
		t.order = 1
		df, mf := false, false
		for _, k := range t.toks {
			if k.kind != kNum || len(k.low) < 3 || len(k.low) > 10 {
				continue
			}
			sep := strings.IndexAny(k.low, "/.")
			if sep <= 0 || sep > 2 {
				continue
			}
			a, b := atoiOr(k.low[:sep]), atoiOr(strings.FieldsFunc(k.low[sep+1:], func(r rune) bool { return r == '/' || r == '.' })[0])
			if k.low[sep] == '.' && len(k.low[sep+1:]) != 2 && !strings.Contains(k.low[sep+1:], ".") {
				continue // "3.5" is a number
			}
			switch {
			case a > 12 && a <= 31 && b >= 1 && b <= 12:
				df = true
			case b > 12 && b <= 31 && a >= 1 && a <= 12:
				mf = true
			}
		}
		if df && !mf {
			t.order = 2
		}
	}
	return t.order == 2
}

// normalizer folds the typography people paste (curly quotes, dashes,
// non-breaking spaces, ellipses) into plain ASCII so one pattern covers both.
var normalizer = strings.NewReplacer(
	"\u2019", "'", "\u2018", "'", "\u201b", "'", "\u2032", "'", "`", "'",
	"\u201c", "\"", "\u201d", "\"", "\u201e", "\"", "\u00ab", "\"", "\u00bb", "\"",
	"\u2013", "-", "\u2014", " - ", "\u2012", "-", "\u2011", "-", "\u2010", "-", "\u2212", "-",
	"\u00a0", " ", "\u202f", " ", "\u2009", " ", "\u2007", " ",
	"\u2026", "...", "\r\n", "\n", "\r", "\n",
)

// Normalize folds typographic characters into their plain forms. The
// reader quotes from the normalized text, and a checker comparing quotes
// with a story should normalize both the same way.
func Normalize(s string) string { return normalizer.Replace(s) }

func newText(raw string) *text {
	t := &text{s: Normalize(raw)}
	t.lines = strings.Split(t.s, "\n")
	t.tokenize()
	t.lookUpWords()
	t.split()
	return t
}

// channels are the values touchNouns and channelWords hold, indexed by the
// small numbers classify caches per token.
var channels = [...]string{"", ChannelEmail, ChannelLinkedIn, ChannelPhone, ChannelText}

func channelIndex(c string) int8 {
	for n, v := range channels {
		if v == c {
			return int8(n)
		}
	}
	panic("story: unknown channel " + c)
}

// lookUpWords looks each token up once in the word lists the touch matchers
// ask about for every token: noun is 1 + the index of its touchNouns
// channel (0: not a touch noun), chanW the index of its channelWords
// channel (0: none).
func (t *text) lookUpWords() {
	for i := range t.toks {
		k := &t.toks[i]
		if w, ok := wordCache[k.low]; ok {
			k.noun, k.chanW, k.verb, k.num, k.dateish = w.noun, w.chanW, w.verb, w.num, w.dateish
		}
	}
}

// wordFacts is what lookUpWords caches on a token, for the words that have
// any: one look-up per token instead of one per list.
type wordFacts struct {
	noun, chanW, verb int8
	num               int32
	dateish           bool
}

// wordCache joins the word lists the matchers ask of every token.
var wordCache = func() map[string]wordFacts {
	m := map[string]wordFacts{}
	for w, c := range touchNouns {
		f := m[w]
		f.noun = 1 + channelIndex(c)
		m[w] = f
	}
	for w, c := range channelWords {
		if c != "" {
			f := m[w]
			f.chanW = channelIndex(c)
			m[w] = f
		}
	}
	for w, c := range sendVerbs {
		f := m[w]
		f.verb = 1 + channelIndex(c)
		m[w] = f
	}
	for w, n := range numberWords {
		f := m[w]
		f.num = int32(n) + 1
		m[w] = f
	}
	// The words a date may open with: readDateAt's first test.
	dateish := func(w string) {
		f := m[w]
		f.dateish = true
		m[w] = f
	}
	for w := range dateStarts {
		dateish(w)
	}
	for w := range monthNames {
		dateish(w)
		dateish(w + ".")
	}
	for w := range weekdayNames {
		dateish(w)
	}
	return m
}()

// touchNoun is touchNouns[t.low(i)], read from the token's cache.
func (t *text) touchNoun(i int) (string, bool) {
	if i < 0 || i >= len(t.toks) || t.toks[i].noun == 0 {
		return "", false
	}
	return channels[t.toks[i].noun-1], true
}

// nounCh is the channel of a touch noun at i ("" for none or a noun of no
// channel).
func (t *text) nounCh(i int) string {
	c, _ := t.touchNoun(i)
	return c
}

// chanOf is channelWords[t.low(i)], read from the token's cache.
func (t *text) chanOf(i int) string {
	if i < 0 || i >= len(t.toks) {
		return ""
	}
	return channels[t.toks[i].chanW]
}

// sendVerb is sendVerbs[t.low(i)], read from the token's cache.
func (t *text) sendVerb(i int) (string, bool) {
	if i < 0 || i >= len(t.toks) || t.toks[i].verb == 0 {
		return "", false
	}
	return channels[t.toks[i].verb-1], true
}

func isInner(r rune) bool {
	return r == '\'' || r == '-' || r == '/' || r == '.' || r == ':' || r == ','
}

func (t *text) tokenize() {
	s := t.s
	// About one token for every five bytes of prose: one allocation for
	// most stories instead of a doubling series.
	t.toks = make([]tok, 0, len(s)/5+8)
	line := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			t.toks = append(t.toks, tok{s: "\n", low: "\n", start: i, end: i + 1, kind: kBreak, line: line})
			line++
			i += n
		case unicode.IsSpace(r):
			i += n
		case (unicode.IsLetter(r) || unicode.IsDigit(r)) && addrAt(s, i) > i:
			end := addrAt(s, i)
			t.toks = append(t.toks, tok{s: s[i:end], low: strings.ToLower(s[i:end]), start: i, end: end, kind: kAddr, line: line})
			i = end
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			start := i
			digit := unicode.IsDigit(r)
			i += n
			for i < len(s) {
				r, n := utf8.DecodeRuneInString(s[i:])
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					i += n
					continue
				}
				// Inner punctuation joins only when a letter or digit follows:
				// "follow-up", "O'Neil", "f/u", "2026-11-12", "9:30", "1,200".
				if isInner(r) && i+n < len(s) {
					r2, _ := utf8.DecodeRuneInString(s[i+n:])
					if (r == '.' || r == ',' || r == ':') && !(digit && unicode.IsDigit(r2)) {
						break
					}
					// "f/u", "w/o", "11/12" join; "email/LinkedIn" is two words.
					if r == '/' && !digit && i-start > 2 {
						break
					}
					if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
						i += n
						continue
					}
				}
				break
			}
			w := s[start:i]
			// A possessive is its own token: "Loomly's" → "Loomly" "'s".
			if !digit && len(w) > 3 && (strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "'S")) {
				t.addWord(w[:len(w)-2], start, line)
				t.toks = append(t.toks, tok{s: w[len(w)-2:], low: "'s", start: i - 2, end: i, kind: kWord, line: line})
				continue
			}
			// "w/" is shorthand for "with".
			if (w == "w" || w == "W") && i < len(s) && s[i] == '/' && (i+1 == len(s) || s[i+1] == ' ') {
				t.toks = append(t.toks, tok{s: "w/", low: "with", start: start, end: i + 1, kind: kWord, line: line})
				i++
				continue
			}
			t.addWord(w, start, line)
		default:
			t.toks = append(t.toks, tok{s: s[i : i+n], low: s[i : i+n], start: i, end: i + n, kind: kPunct, line: line})
			i += n
		}
	}
}

func (t *text) addWord(w string, start, line int) {
	k := tok{s: w, low: foldLower(w), start: start, end: start + len(w), kind: kWord, line: line}
	if v, ok := regularized[k.low]; ok {
		k.low = v // "sended" is read as "sent"
	}
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsDigit(r) {
		k.kind = kNum
	}
	k.cap = unicode.IsUpper(r)
	if !k.cap && unicode.IsLower(r) && utf8.RuneCountInString(w) >= 4 {
		// "eThekwini", "eBay": a name that starts in lower case.
		r2, _ := utf8.DecodeRuneInString(w[utf8.RuneLen(r):])
		k.cap = unicode.IsUpper(r2)
	}
	letters, uppers := 0, 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				uppers++
			}
		}
	}
	k.upper = letters >= 2 && uppers == letters
	t.toks = append(t.toks, k)
}

// abbrevs end with a dot that does not end a sentence.
var abbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "inc": true, "ltd": true,
	"co": true, "corp": true, "jr": true, "sr": true, "vs": true, "etc": true, "e.g": true, "i.e": true,
	"approx": true, "est": true, "dept": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true,
	"sat": true, "sun": true, "no": true, "p.s": true, "a.m": true, "p.m": true,
	// Forms of address written with a dot: "Engr. Dela Cruz", "Atty.
	// Reyes", "Dott. Bianchi".
	"engr": true, "atty": true, "capt": true, "hon": true, "rev": true, "dott": true, "avv": true, "ing": true,
	"sra": true, "srta": true, "dra": true, "mme": true, "mlle": true, "prof.dr": true,
}

// split marks sentences: a break at . ! ? ; and line ends, but not after an
// abbreviation or a single initial ("J. Smith").
func (t *text) split() {
	start := 0
	sent := 0
	closeAt := func(end int) {
		if end > start {
			t.sents = append(t.sents, [2]int{start, end})
			sent++
		}
		start = end
	}
	for i := range t.toks {
		k := &t.toks[i]
		k.sent = sent
		switch {
		case k.kind == kBreak:
			closeAt(i + 1)
		case k.kind == kPunct && (k.s == "!" || k.s == "?" || k.s == ";"):
			closeAt(i + 1)
		case k.kind == kPunct && k.s == ".":
			if i > 0 {
				p := t.toks[i-1]
				if p.kind == kWord && (abbrevs[p.low] || (utf8.RuneCountInString(p.s) == 1 && p.cap)) {
					// "28 Jan. After that…": a month or weekday after its day,
					// then a capitalized word, ends the sentence; "Jan. 28"
					// and "Dr. Patel" do not.
					if !(isMonth(p.low) || isWeekday(p.low)) || i+1 >= len(t.toks) || !t.toks[i+1].cap || t.toks[i+1].kind != kWord {
						continue
					}
					if i < 2 || t.toks[i-2].kind != kNum && !isWeekday(p.low) {
						continue
					}
				}
			}
			closeAt(i + 1)
		}
	}
	closeAt(len(t.toks))
	for _, se := range t.sents {
		for i := se[0]; i < se[1]; i++ {
			if t.toks[i].kind == kWord || t.toks[i].kind == kNum {
				t.toks[i].first = true
				break
			}
		}
	}
}

// sentOf returns the token range of the sentence holding token i.
func (t *text) sentOf(i int) (int, int) {
	se := t.sents[t.toks[i].sent]
	return se[0], se[1]
}

// quote returns the text from token i to token j (inclusive), as written.
func (t *text) quote(i, j int) string {
	if i < 0 {
		i = 0
	}
	if j >= len(t.toks) {
		j = len(t.toks) - 1
	}
	if i > j || len(t.toks) == 0 {
		return ""
	}
	return strings.TrimSpace(t.s[t.toks[i].start:t.toks[j].end])
}

// sentence returns the sentence holding token i, trimmed and cut to about
// 160 bytes around the token, for evidence.
func (t *text) sentence(i int) string {
	a, b := t.sentOf(i)
	for a < b && t.toks[a].kind != kWord && t.toks[a].kind != kNum {
		a++
	}
	for b > a && (t.toks[b-1].kind == kBreak || t.toks[b-1].kind == kPunct && t.toks[b-1].s != ")") {
		b--
	}
	if b-a > 30 {
		a = max(a, i-12)
		b = min(b, i+15)
	}
	return t.quote(a, b-1)
}

// word reports whether token i is a word (or number) equal to one of ws.
func (t *text) is(i int, ws ...string) bool {
	if i < 0 || i >= len(t.toks) {
		return false
	}
	low := t.toks[i].low
	if low == "" {
		return false
	}
	// Most words differ in length or first letter: test those before
	// comparing whole strings.
	for _, w := range ws {
		if len(w) == len(low) && w[0] == low[0] && w == low {
			return true
		}
	}
	return false
}

// seq reports whether the tokens from i spell the words of phrase (space
// separated, lower case) and returns the index after it.
func (t *text) seq(i int, phrase string) (int, bool) {
	if i < 0 {
		return i, false
	}
	// Walk the phrase's words without splitting it: this runs for every
	// token against many phrases, and must not allocate.
	for p := 0; p < len(phrase); {
		for p < len(phrase) && phrase[p] == ' ' {
			p++
		}
		if p == len(phrase) {
			break
		}
		e := p
		for e < len(phrase) && phrase[e] != ' ' {
			e++
		}
		if i >= len(t.toks) || t.toks[i].low != phrase[p:e] {
			return i, false
		}
		i++
		p = e
	}
	return i, true
}

// anySeq tries each phrase at i and returns the end of the first that matches.
func (t *text) anySeq(i int, phrases ...string) (int, bool) {
	for _, p := range phrases {
		if j, ok := t.seq(i, p); ok {
			return j, true
		}
	}
	return i, false
}

// isWord reports whether token i is a word or number token.
func (t *text) isWord(i int) bool {
	return i >= 0 && i < len(t.toks) && (t.toks[i].kind == kWord || t.toks[i].kind == kNum)
}

// sameSent reports whether tokens i and j are in one sentence.
func (t *text) sameSent(i, j int) bool {
	return i >= 0 && j >= 0 && i < len(t.toks) && j < len(t.toks) && t.toks[i].sent == t.toks[j].sent
}

// contains reports whether any token in [a, b) equals one of ws.
func (t *text) contains(a, b int, ws ...string) int {
	a, b = max(a, 0), min(b, len(t.toks))
	for i := a; i < b; i++ {
		for _, w := range ws {
			if t.toks[i].low == w {
				return i
			}
		}
	}
	return -1
}

// hasPrefixIn reports whether any token in [a, b) starts with one of the prefixes.
func (t *text) hasPrefixIn(a, b int, prefixes ...string) int {
	a, b = max(a, 0), min(b, len(t.toks))
	for i := a; i < b; i++ {
		for _, p := range prefixes {
			if strings.HasPrefix(t.toks[i].low, p) {
				return i
			}
		}
	}
	return -1
}

// addrAt returns the end of an email address or web link starting at i, or
// i when there is none.
func addrAt(s string, i int) int {
	j := i
	at, dot := -1, -1
	for j < len(s) {
		c := s[j]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-', c == '+', c == '%':
			if c == '.' && at >= 0 {
				dot = j
			}
		case c == '@' && at < 0 && j > i:
			at = j
		case c == ':' && j+2 < len(s) && s[j+1] == '/' && s[j+2] == '/':
			// a link: read to the next space
			for j < len(s) && s[j] != ' ' && s[j] != '\n' && s[j] != '>' && s[j] != ')' {
				j++
			}
			return j
		default:
			goto done
		}
		j++
	}
done:
	for j > i && s[j-1] == '.' {
		j--
	}
	if at > i && dot > at+1 && dot < j-1 {
		return j
	}
	if strings.HasPrefix(s[i:], "www.") && j > i+6 {
		return j
	}
	return i
}

// wordCount counts the words of a phrase without splitting it.
func wordCount(p string) int {
	n, in := 0, false
	for i := 0; i < len(p); i++ {
		if p[i] == ' ' {
			in = false
		} else if !in {
			n, in = n+1, true
		}
	}
	return n
}

// phraseBefore reports whether the words of phrase end right before token a.
func (t *text) phraseBefore(a int, p string) bool {
	last := p[strings.LastIndexByte(p, ' ')+1:]
	if a < 1 || a > len(t.toks) || t.toks[a-1].low != last {
		return false
	}
	j, ok := t.seq(a-wordCount(p), p)
	return ok && j == a
}

// phrasesByFirst and phrasesByLast index a phrase list by its first or
// last word, keeping the list's order among phrases of one word.
func phrasesByFirst(ps []string) map[string][]string {
	m := map[string][]string{}
	for _, p := range ps {
		w, _, _ := strings.Cut(strings.TrimLeft(p, " "), " ")
		m[w] = append(m[w], p)
	}
	return m
}

func phrasesByLast(ps []string) map[string][]string {
	m := map[string][]string{}
	for _, p := range ps {
		w := p[strings.LastIndexByte(p, ' ')+1:]
		m[w] = append(m[w], p)
	}
	return m
}

// regularized are learners' forms of common verbs, read as the standard
// ones: "I have sended her two mails".
var regularized = map[string]string{"sended": "sent", "flicked": "sent", "sendet": "sent", "writed": "wrote", "telled": "told", "speaked": "spoke", "meeted": "met",
	// Fast typing: "i emaild them 11/11", "calld her twice".
	"emaild": "emailed", "emaied": "emailed", "emialed": "emailed", "calld": "called", "texed": "texted", "folowed": "followed",
	// A writer's own language for "at" in a title: "Directrice RH chez
	// Maison Verlaine", "Einkaufsleiter bei Nordwerk". Neither is an
	// English word.
	"chez": "at", "bei": "at"}

// verbCh is the channel a send verb at i implies ("" for none).
func (t *text) verbCh(i int) string {
	c, _ := t.sendVerb(i)
	return c
}
