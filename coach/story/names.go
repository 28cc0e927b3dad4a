package story

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// spanKind is what a capitalized phrase most likely names.
type spanKind uint8

const (
	spUnknown spanKind = iota // a proper noun, person or organization unclear
	spPerson
	spCompany
	spTitle // "VP Finance", "Head of RevOps"
	spDept  // "Procurement", "Supply Chain"
	spOther // a month, weekday, tool, or an ordinary word at a sentence start
)

// span is a run of capitalized words: [a, b) in tokens.
type span struct {
	a, b int
	kind spanKind
	// possessive: followed by "'s" ("Loomly's").
	possessive bool
	// lower: a lower-case word taken as a name from context ("emailed dana").
	lower bool
}

// nameConnectors may sit inside a name between capitalized words:
// "Head of RevOps", "Bank of America", "Ana de Souza", "Procter & Gamble".
var nameConnectors = map[string]bool{
	"of": true, "&": true, "de": true, "da": true, "do": true, "dos": true, "das": true, "van": true,
	"von": true, "der": true, "den": true, "la": true, "le": true, "di": true, "del": true, "della": true,
	"bin": true, "binti": true, "al": true, "el": true, "ter": true, "ten": true, "and": false, "du": true, "des": true,
	"af": true, "zu": true, "y": true, "e": true, "i": true, "und": true,
}

// leadWords open a sentence before a name and are not part of it: "Met
// Priya", "Hi Dana", "Emailed Carla".
var leadWords = map[string]bool{
	"met": true, "i'm": true, "im": true, "i've": true, "i'd": true, "i'll": true, "called": true, "emailed": true, "pinged": true, "spoke": true, "talked": true, "demoed": true,
	"sent": true, "had": true, "followed": true, "chased": true, "messaged": true, "texted": true, "hi": true,
	"hey": true, "hello": true, "dear": true, "thanks": true, "cheers": true, "ask": true, "asked": true,
	"told": true, "cc": true, "cc'd": true, "ping": true, "email": true, "call": true, "nudged": true,
	"left": true, "tried": true, "reached": true, "heard": true, "from": true, "to": true, "re": true, "fw": true,
	"fwd": true, "with": true, "per": true, "via": true, "so": true, "but": true, "and": true, "then": true,
	"also": true, "update": true, "fyi": true, "btw": true, "ugh": true, "ok": true, "okay": true, "prospect": true,
	"contact": true, "champion": true, "deal": true, "account": true, "lead": true, "client": true, "customer": true,
}

// runBreakers are capitalized words that end a name even right after it:
// "Wei Ling from Kranji Logistics MIA already".
var runBreakers = map[string]bool{"i": true, "mia": true, "awol": true, "asap": true, "fyi": true, "eod": true, "eow": true, "eta": true, "tbd": true, "btw": true, "pls": true, "thx": true, "lol": true, "omg": true}

// capWord reports whether token i can be part of a proper name.
func (t *text) capWord(i int) bool {
	if i < 0 || i >= len(t.toks) {
		return false
	}
	k := t.toks[i]
	return k.kind == kWord && (k.cap || k.upper) && k.low != "'s"
}

// spans finds the runs of capitalized words and classifies each on its own
// words; context comes later.
func (t *text) spans() []span {
	var out []span
	for i := 0; i < len(t.toks); {
		if !t.capWord(i) || t.headerLine(t.toks[i].line) || t.handle(i) {
			i++
			continue
		}
		a := i
		j := i + 1
		for j < len(t.toks) {
			if t.toks[j].start-t.toks[j-1].end >= 2 && strings.TrimSpace(t.s[t.toks[j-1].end:t.toks[j].start]) == "" {
				break // "Megan Foley  No answer": columns of an export
			}
			// "Andes Minerals S.A.", "Wisła Packaging Sp. z o.o.": a legal
			// form written with dots ends the name, its last dot included,
			// even when a capitalized word opens the next sentence.
			if n := t.dottedLegalForm(j); n > 0 && j > a && t.toks[j].line == t.toks[a].line {
				j += n
				break
			}
			if t.capWord(j) && t.toks[j].line == t.toks[a].line && !(isWeekday(t.low(j)) || isMonth(t.low(j)) && (j+1 >= len(t.toks) || t.toks[j+1].kind == kNum)) && !runBreakers[t.low(j)] {
				j++
				continue
			}
			// "Alpenmilch eG", "Tierschutz e.V.": a German legal form
			// written in lower case first ends the name.
			if j > a && t.is(j, "eg", "ev", "ek", "e.v", "e.k", "e.g") && t.toks[j].s != strings.ToLower(t.toks[j].s) && t.toks[j].line == t.toks[a].line {
				j++
				break
			}
			// "Aviva plc", "Acme ltd", "Sjávarfang ehf.": a legal form in
			// lower case ends it too.
			if j > a && t.is(j, "plc", "ltd", "llc", "inc", "gmbh", "pty", "llp", "ehf", "srl", "sarl", "kft") && t.toks[j].line == t.toks[a].line {
				j++
				break
			}
			// "Ceylon Highlands Tea (Pvt) Ltd", "TransEast Cargo (U) Ltd":
			// a bracketed part of the legal form.
			if j > a && t.is(j, "(") && t.is(j+1, "pvt", "pty", "private", "u", "k", "t", "smc", "opc") && t.is(j+2, ")") && t.is(j+3, "ltd", "limited", "ltd.") && t.toks[j+3].line == t.toks[a].line {
				j += 4
				break
			}
			// "Elbtal Chemie GmbH & Co. KG": the German partnership form.
			if j > a && t.is(j, "&") && t.is(j+1, "co") && t.is(j+2, ".") && t.is(j+3, "kg", "kgaa", "ohg") && t.toks[j+3].line == t.toks[a].line {
				j += 4
				break
			}
			// "Beira Corridor Logística, Lda", "Acme, Inc.": the legal form
			// after a comma.
			if j > a+1 && t.is(j, ",") && t.is(j+1, "lda", "ltda", "inc", "llc", "ltd", "plc", "gmbh") && t.toks[j+1].cap && t.toks[j+1].line == t.toks[a].line && (j+2 >= len(t.toks) || !t.capWord(j+2)) {
				j += 2
				break
			}
			// "J. Smith", "St. Brennan": an initial or abbreviation and its dot.
			if t.is(j, ".") && j-1 >= a && (utf8.RuneCountInString(t.toks[j-1].s) == 1 || t.is(j-1, "st", "mt", "ft", "dr") || j-1 == a && honorifics[t.low(j-1)] && abbrevs[t.low(j-1)]) && t.capWord(j+1) && t.toks[j+1].line == t.toks[a].line {
				j += 2
				continue
			}
			// "St. Brennan's Hospital", "Macy's Stores": a possessive inside a
			// company name.
			if t.is(j, "'s") && t.capWord(j+1) && companyWords[t.low(j+1)] && t.toks[j+1].line == t.toks[a].line {
				j += 2
				continue
			}
			if nameConnectors[t.low(j)] && t.capWord(j+1) && t.toks[j+1].line == t.toks[a].line && !t.ofSplits(j) {
				j += 2
				continue
			}
			// "Pieter van der Merwe", "Juan de la Cruz": two connectors.
			if nameConnectors[t.low(j)] && nameConnectors[t.low(j+1)] && t.capWord(j+2) && t.toks[j+2].line == t.toks[a].line && j > a {
				j += 3
				continue
			}
			break
		}
		i = j
		// Drop leading words that open a sentence or a greeting.
		for a < j && (leadWords[t.low(a)] || isSendVerb(t.low(a)) || isWeekday(t.low(a)) || isMonth(t.low(a)) && !(nameConnectors[t.low(a+1)] && a+2 < j) || notNameWords[t.low(a)] && t.toks[a].first || t.low(a) == "the") && !firstNamesHas(t.low(a)) && !(honorifics[t.low(a)] && a+1 < j) {
			a++
			for a < j && (nameConnectors[t.low(a)] || t.is(a, ".")) {
				a++
			}
		}
		if a >= j {
			continue
		}
		// Split a run where a title or department starts after a name:
		// "Marcus Lee VP Finance" is rare in prose, but lists write it.
		for _, s := range t.splitRun(a, j) {
			s.possessive = t.is(s.b, "'s")
			s.kind = t.classify(s)
			out = append(out, s)
		}
	}
	return out
}

// dottedLegalForms are legal forms written with dots, as their tokens
// without the dots: "S.A." is s a, "Sp. z o.o." is sp z o o.
var dottedLegalForms = [][]string{
	{"s", "a", "c"}, {"s", "a", "s"}, {"s", "a", "u"}, {"s", "a", "b"}, {"s", "a"}, {"s", "l"}, {"s", "p", "a"},
	{"s", "r", "l"}, {"s", "r", "o"}, {"s", "c"}, {"n", "v"}, {"b", "v"}, {"a", "s"}, {"k", "k"}, {"l", "l", "c"},
	{"p", "l", "c"}, {"d", "o", "o"}, {"sp", "z", "o", "o"}, {"a", "g"}, {"e", "v"},
	{"s", "a", "e"}, {"w", "l", "l"}, {"c", "v"}, {"s", "a", "l"}, {"s", "p", "r", "l"},
	// Abbreviated words in a row: "Pvt. Ltd.", "Co. W.L.L.", "Sdn. Bhd.".
	{"pvt", "ltd"}, {"pty", "ltd"}, {"pte", "ltd"}, {"co", "ltd"}, {"sdn", "bhd"}, {"co", "w", "l", "l"},
	{"cia", "ltda"}, {"sp", "j"}, {"sp", "k"},
}

// dottedLegalForm returns how many tokens a dotted legal form starting at
// token j spans, its last dot included, or 0: each letter group must be
// followed by its dot, except that "Sp. z o.o." has none after the z. The
// longest form wins ("S.A.E." over "S.A.").
func (t *text) dottedLegalForm(j int) int {
	if !t.capWord(j) && !(j < len(t.toks) && t.toks[j].kind == kWord && len(t.toks[j].s) <= 2) {
		return 0
	}
	best := 0
next:
	for _, form := range dottedLegalForms {
		k := j
		for n, w := range form {
			if k >= len(t.toks) || t.low(k) != w || t.toks[k].line != t.toks[j].line {
				continue next
			}
			k++
			if w == "z" && n > 0 && form[n-1] == "sp" {
				continue
			}
			if !t.is(k, ".") {
				if n == len(form)-1 && len(form) >= 3 {
					best = max(best, k-j) // "S.A.C" without its last dot
				}
				continue next
			}
			k++
		}
		// "S.A. de C.V.": a second form joined by "de".
		if t.is(k, "de") && t.toks[k].line == t.toks[j].line {
			if m := t.dottedLegalForm(k + 1); m > 0 {
				k += 1 + m
			}
		}
		best = max(best, k-j)
	}
	return best
}

// dottedLegalEnd reports whether a dotted legal form ends span s after
// at least one word of the name.
func (t *text) dottedLegalEnd(s span) bool {
	for k := s.b - 2; k > s.a; k-- {
		if t.dottedLegalForm(k) == s.b-k {
			return true
		}
	}
	return false
}

func isSendVerb(low string) bool {
	_, ok := sendVerbs[low]
	return ok && low != "hit" && low != "left" || low == "whatsapp'd" || low == "whatsappd"
}

func firstNamesHas(low string) bool { return firstNames[low] && !wordNames[low] }

// knownGivenName: a given name of either list ("sofia", "aroha").
func knownGivenName(low string) bool { return firstNamesHas(low) || moreNames[low] }

// signOff reports whether a span is a name signing off a message: alone on
// its line after "Best,", "Thanks,", "Cheers,". Whose name it is, the thread
// reader decides.
func (t *text) signOff(s span) bool {
	ln := t.toks[s.a].line
	// "- Niamh" closing a note.
	if line := strings.TrimSpace(t.lines[ln]); (strings.HasPrefix(line, "-") || strings.HasPrefix(line, "~")) && strings.TrimSpace(strings.TrimLeft(line, "-~ ")) == strings.TrimSpace(t.quote(s.a, s.b-1)) {
		return true
	}
	if strings.TrimSpace(strings.TrimLeft(t.lines[ln], "> ")) != strings.TrimSpace(t.quote(s.a, s.b-1)) {
		return false
	}
	for p := ln - 1; p >= 0 && p >= ln-2; p-- {
		prev := strings.ToLower(strings.TrimSpace(strings.TrimLeft(t.lines[p], "> ")))
		if prev == "" {
			continue
		}
		prev = strings.TrimRight(prev, ",.!")
		switch prev {
		case "best", "thanks", "thank you", "cheers", "regards", "best regards", "kind regards", "warm regards", "many thanks",
			"all the best", "sincerely", "talk soon", "speak soon", "bien à vous", "cordialement", "saludos", "un saludo",
			"met vriendelijke groet", "groeten", "mit freundlichen grüßen", "viele grüße", "beste grüße", "abraços", "att",
			"atenciosamente", "thx", "ta", "br", "rgds", "warmly", "best wishes", "merci":
			return true
		}
		return false
	}
	return false
}

// headerLine reports whether a line is an email header (From:, Subject:,
// "On … wrote:"): its words are read by the thread reader, not as prose.
func (t *text) headerLine(n int) bool {
	if t.headers == nil {
		t.headers = map[int]bool{}
		for i, ln := range t.lines {
			if !strings.ContainsAny(ln, ":@") {
				continue
			}
			l, _ := strings.CutPrefix(strings.TrimLeft(ln, "> \t"), "")
			if reFrom.MatchString(l) || reSent.MatchString(l) || reTo.MatchString(l) || reSubject.MatchString(l) || reWrote.MatchString(l) || reGmailView.MatchString(l) && strings.Contains(l, "@") {
				t.headers[i] = true
				// Gmail's view puts the date on the next line.
				if i+1 < len(t.lines) && reGmailView.MatchString(l) && strings.ContainsAny(t.lines[i+1], "0123456789") && len(t.lines[i+1]) < 60 {
					t.headers[i+1] = true
				}
			}
		}
	}
	return t.headers[n]
}

// splitRun cuts a run at the border between a name and a title or
// department ("Sam Patel Head of RevOps" → "Sam Patel" + "Head of RevOps").
func (t *text) splitRun(a, b int) []span {
	// "CIO Marcus", "VP Sales Dana Lee": a title, then a known given name.
	for k := a + 1; k < b && k <= a+3; k++ {
		if !titleWords[t.low(k-1)] || !firstNamesHas(t.low(k)) || titleWords[t.low(k)] || deptWords[t.low(k)] {
			continue
		}
		allTitle := true
		for m := a; m < k; m++ {
			if !titleWords[t.low(m)] && !deptWords[t.low(m)] && !nameConnectors[t.low(m)] {
				allTitle = false
			}
		}
		if allTitle && t.personish(k, b) {
			return []span{{a: a, b: k}, {a: k, b: b}}
		}
	}
	// "COO of FreshCo": a title, then the company it is of.
	for k := a + 1; k < b-1; k++ {
		if !t.is(k, "of") || !titleWords[t.low(k-1)] {
			continue
		}
		allDept := true
		for m := k + 1; m < b; m++ {
			if !deptWords[t.low(m)] && !nameConnectors[t.low(m)] {
				allDept = false
			}
		}
		// "Head of CX at Corrib", "VP of Guest Experience, Harbourview": the
		// part after "of" is a department when an acronym or when the
		// company follows.
		short := b-k-1 == 1 && t.toks[k+1].upper && len(t.toks[k+1].s) <= 4
		if !allDept && !short && !t.is(b, "at", "@", "from", "with", ",", "\n", "|") {
			return append([]span{{a: a, b: k}}, t.splitRun(k+1, b)...)
		}
	}
	// "Sir Ramon Villanueva of Bayanihan Foods", "Doc Benjie of Mindanao
	// Heart Center": a person, then the organization they are of.
	for k := a + 1; k < b-1; k++ {
		if !t.is(k, "of") && !(t.is(k, "de", "di", "da", "von") && t.classify(span{a: k + 1, b: b}) == spCompany && t.dottedLegalEnd(span{a: k + 1, b: b})) {
			// "María José García López de Bodegas Riberal S.A.": "de"
			// before a company with its legal form joins a person to it.
			continue
		}
		pa := a
		if r, ok := t.honorificAt(a); ok {
			pa = r
		}
		if pa < k && k-pa <= 3 && t.personish(pa, k) {
			right := span{a: k + 1, b: b}
			if kind := t.classify(right); kind == spCompany || kind == spUnknown && b-k-1 >= 2 {
				return []span{{a: a, b: k}, right}
			}
		}
	}
	for k := a + 1; k < b; k++ {
		if titleWords[t.low(k)] && !titleWords[t.low(k-1)] && !deptWords[t.low(k-1)] && !nameConnectors[t.low(k-1)] && !companyWords[t.low(k)] {
			if t.personish(a, k) {
				return []span{{a: a, b: k}, {a: k, b: b}}
			}
		}
	}
	return []span{{a: a, b: b}}
}

// personish: the run starts with a known given name and holds no company
// or title words.
func (t *text) personish(a, b int) bool {
	if b-a > 4 || !firstNames[t.low(a)] {
		return false
	}
	for k := a; k < b; k++ {
		if companyWords[t.low(k)] || titleWords[t.low(k)] || deptWords[t.low(k)] && k > a {
			return false
		}
	}
	return true
}

// surnameWords end company names but are common surnames too: "Shawna
// Mills" is a person.
var surnameWords = map[string]bool{"mills": true, "power": true, "law": true, "banks": true, "woods": true, "rivers": true, "park": true, "parks": true}

// companyLeads open organization names in many languages: "University of
// Leeds", "Banca Alpina", "Hospital Santa Luzia", "Grupo Pampa".
var companyLeads = wordSet("companyleads.txt")

func (t *text) classify(s span) spanKind {
	n := s.b - s.a
	first, last := t.low(s.a), t.low(s.b-1)
	if n == 1 {
		// A month or a weekday is never a name, even one that can be ("May",
		// "Thu"): the cost of greeting "Hi Thu," is too high.
		if isMonth(first) || isWeekday(first) {
			return spOther
		}
		if notNameWords[first] || leadWords[first] {
			if !firstNamesHas(first) {
				return spOther
			}
		}
		// "their IT director has been MIA", "went AWOL": the slang for
		// missing, in capitals, is no name.
		if (first == "mia" || first == "awol" || first == "ooo") && t.toks[s.a].s == strings.ToUpper(t.toks[s.a].s) {
			return spOther
		}
		// Q3, FY27, 2FA and similar codes.
		if strings.ContainsAny(first, "0123456789") {
			return spOther
		}
		// "Harlan County, KY", "Austin, TX": a two-letter code in capitals
		// is a state or a unit, never a person.
		if w := t.toks[s.a]; w.upper && utf8.RuneCountInString(w.s) <= 2 && t.is(s.a-1, ",") && t.capWord(s.a-2) {
			return spOther
		}
	}
	if _, ok := touchNouns[last]; ok && n >= 2 && !companyWords[last] {
		return spOther // "Auto Email", "LinkedIn Message": a kind of touch
	}
	if n >= 3 && t.is(s.b-1, ".") && t.dottedLegalEnd(s) {
		return spCompany // "Ostrava Steel Components s.r.o."
	}
	if (first == "st" || first == "mt" || first == "ste") && n >= 2 {
		return spCompany // "St. Brigid's", "Mt. Sinai": a place named for a saint or a hill, never the person
	}
	if honorSuffixed(first) && n <= 2 {
		return spPerson // "Sato-san", "Suzuki-sensei"
	}
	if (n >= 3 && t.is(s.a+1, ".") || n == 2) && honorifics[first] && abbrevs[first] && !titleWords[t.low(s.b-1)] && !deptWords[t.low(s.b-1)] {
		return spPerson // "Mr. Park" is a man, not a park
	}
	if q := t.quote(s.a, s.b-1); strings.Contains(q, "&") && len(q) <= 5 {
		return spOther // "T&Cs", "L&D", "R&D", "M&A": abbreviations, not firms
	}
	if honorifics[first] && n >= 2 && !companyWords[last] && !titleWords[last] && !deptWords[last] {
		return spPerson // "Dr. Patel", "Herr Brandt", "Sra. Paredes"
	}
	if last == "se" && t.toks[s.b-1].upper && n >= 2 && !titleWords[first] && !deptWords[first] {
		return spCompany // "Zalando SE", a European company, not a sales engineer
	}
	allDept, anyTitle := true, false
	for k := s.a; k < s.b; k++ {
		w := t.low(k)
		if nameConnectors[w] || t.is(k, ".") {
			continue
		}
		if !deptWords[w] {
			allDept = false
		}
		if titleWords[w] && !companyWords[w] {
			anyTitle = true
		}
	}
	// "Payments Operations" after a title ("Director, Payments Operations")
	// or "of"/"in" ("Head of Clinical Operations") is a department.
	lastDept := deptWords[last] && !companyWords[last] && n <= 3 &&
		(t.is(s.a-1, "of", "in") || t.is(s.a-1, ",") && titleWords[t.low(s.a-2)])
	switch {
	case allDept, lastDept && !t.personish(s.a, s.b):
		return spDept
	case anyTitle && !t.personish(s.a, s.b) && !(companyWords[last] && !titleWords[last] && n >= 3 && !titleWords[first] && t.contains(s.a, s.b, "of") < 0):
		// "Head of RevOps", "VP Finance", "Chief Revenue Officer"; but not
		// "Grant" (a name that is also a word) at the start of a run, nor
		// "Orchard Grove Senior Living", which ends as a company does.
		return spTitle
	case companyWords[last] && n >= 2 && !(n == 2 && firstNamesHas(first) && surnameWords[last]), t.contains(s.a, s.b, "&") >= 0:
		return spCompany
	case companyWords[first] && !titleWords[first] && n >= 3 && t.is(s.a+1, "of"):
		// "Municipality of Aarberg", "University of Ghana", "Bank of Ireland".
		return spCompany
	case companyLeads[foldLower(first)] && n >= 2 && !t.personish(s.a+1, s.b):
		// "Banca Alpina", "Ospedale San Gerardo", "Grupo Pampa Alimentos".
		return spCompany
	case n == 1 && t.toks[s.a].upper:
		// IBM and HSBC are companies, PDF and NGO are not: an acronym is
		// an organization only when the words around it say so.
		return spUnknown
	case t.personish(s.a, s.b) && n <= 3:
		if n == 1 && wordNames[first] && t.toks[s.a].first {
			return spUnknown
		}
		return spPerson
	}
	return spUnknown
}

// skipAside steps over "(…)" or ", …," right after a name, up to a dozen
// words, and returns where the sentence goes on.
func (t *text) skipAside(k int) int {
	if t.is(k, "(") {
		for j := k + 1; j < min(k+16, len(t.toks)); j++ {
			if t.is(j, ")") {
				return j + 1
			}
			if t.is(j, "\n") {
				break
			}
		}
		return k
	}
	if t.is(k, ",") {
		if t.quietAt(k + 1) {
			return k + 1
		}
		for j := k + 1; j < min(k+14, len(t.toks)); j++ {
			if t.is(j, ",") && j > k+1 {
				return j + 1
			}
			if t.is(j, ".", ";", "\n", "!", "?") {
				break
			}
		}
	}
	return k
}

// openerOnly: a capitalized word opening a sentence with nothing around it
// that makes it a name ("Pricing was fine") is just a word.
func (t *text) openerOnly(s span) bool {
	if s.b-s.a != 1 || !t.toks[s.a].first || firstNames[t.low(s.a)] {
		return false
	}
	k := s.b
	if t.is(k, "at", "from", "@", "(", ",", "sir", "ma'am", "maam", "madam", "ji", "san", "sahib") {
		return false // "Venkatesh sir (purchase head…)"
	}
	if s.possessive && (titleWords[t.low(k+1)] || deptWords[t.low(k+1)]) {
		return false // "Loomly's head of revops, sam patel, went dark"
	}
	if t.is(k, "-", "–", "—", ":") && t.is(k+1, "contact", "champion", "buyer", "poc") {
		return false // "Freshworks — contact Arjun Menon"
	}
	k = t.skipAside(k)
	if t.quietAt(k) {
		return false
	}
	return !(saidVerbs[t.low(k)] && !t.is(k, "is", "was", "has", "had", "will", "would", "could", "can", "might", "got", "came", "went"))
}

// quietVerbs follow the prospect: "Dana went quiet", "Tom stopped replying".
var quietPhrases = []string{
	"went quiet", "went dark", "went silent", "went cold", "went mia", "went awol", "went radio silent",
	"not replying", "not responding", "not answering", "no longer replying", "no longer responding",
	"has gone quiet", "has gone dark", "has gone silent", "has gone cold", "'s gone quiet", "'s gone dark",
	"'s gone silent", "'s gone cold", "gone quiet", "gone dark", "ghosted", "has ghosted", "'s ghosted",
	"stopped responding", "stopped replying", "stopped answering", "stopped returning", "stopped engaging",
	"hasn't replied", "hasn't responded", "hasn't answered", "hasn't gotten back", "hasn't got back",
	"hasn't written back", "hasn't returned", "has not replied", "has not responded", "has not gotten back",
	"never replied", "never responded", "never got back", "never answered", "never wrote back",
	"is ignoring", "isn't responding", "isn't replying", "is not responding", "is not replying",
	"won't respond", "won't reply", "doesn't reply", "doesn't respond", "didn't reply", "didn't respond",
	"didn't answer", "didn't get back", "did not reply", "did not respond", "disappeared", "vanished",
	"is mia", "is awol", "has been quiet", "'s been quiet", "keeps ghosting", "is ghosting", "has been ghosting",
	"'s been ghosting", "been ghosting", "keeps ignoring", "been quiet", "been silent", "been dark", "been mia", "been awol",
	"been ignoring", "been unresponsive", "been radio silence", "is unresponsive", "went unresponsive", "is avoiding", "went completely quiet", "went totally dark", "has been silent", "'s been silent", "has been dark",
	"'s been dark", "been radio silent", "'s been mia", "went quiet on", "dropped off", "fell off", "fell silent",
	"stopped taking", "no longer responds", "hasn't been responding", "ghosted me", "ghosted us", "stopped talking",
}

var saidVerbs = map[string]bool{
	"said": true, "says": true, "told": true, "asked": true, "mentioned": true, "wrote": true, "replied": true,
	"loved": true, "liked": true, "wanted": true, "promised": true, "agreed": true, "seemed": true, "was": true,
	"is": true, "seems": true, "thinks": true, "thought": true, "felt": true, "needs": true, "needed": true,
	"committed": true, "confirmed": true, "signed": true, "requested": true, "had": true, "has": true,
	"will": true, "would": true, "could": true, "can": true, "might": true, "owns": true, "runs": true,
	"leads": true, "manages": true, "raved": true, "pushed": true, "invited": true, "introduced": true,
	"got": true, "came": true, "joined": true, "attended": true, "booked": true, "cancelled": true,
	"canceled": true, "rescheduled": true, "went": true, "stopped": true, "hasn't": true, "never": true,
	"opened": true, "clicked": true, "downloaded": true, "responded": true, "answered": true,
	"wants": true, "asks": true, "feels": true, "loves": true, "likes": true,
	"replies": true, "promises": true, "claims": true, "insists": true, "mentions": true, "explained": true,
	"forwarded": true, "shared": true, "sent": true, "emailed": true, "called": true, "texted": true,
	"messaged": true, "admitted": true, "warned": true, "hinted": true, "suggested": true, "reached": true,
}

// contactVerbs come before the prospect: "emailed Carla", "met Priya".
var contactBefore = []string{
	"emailed", "e-mailed", "mailed", "pinged", "called", "rang", "phoned", "texted", "messaged", "dm'd", "dmed", "to reach", "trying to get",
	"chased", "nudged", "bumped", "poked", "inmailed", "whatsapped", "followed up with", "follow up with",
	"following up with", "reached out to", "reach out to", "heard from", "hear from", "heard back from",
	"hear back from", "spoke with", "spoke to", "speaking with", "talked to", "talked with", "talking to",
	"met with", "met", "meeting with", "call with", "calls with", "demo with", "demo for", "demoed", "demoed to",
	"lunch with", "coffee with", "dinner with", "intro to", "introduced to", "introduced me to", "connected with",
	"connected me with", "sent", "told", "asked", "wrote to", "writing to", "left", "tried", "cc'd", "looped in",
	"working with", "worked with", "dealing with", "chat with", "chatted with", "session with", "walkthrough with",
	"pitched", "pitch to", "proposal to", "sent over to", "quote to", "nothing from", "no reply from",
	"no response from", "no word from", "silence from", "crickets from", "to", "for", "from",
	"ping", "email", "call", "text", "chase", "nudge", "per", "according to", "cc", "cc:", "loop in",
}

// colleagueBefore: words before a name that make it the rep's side, not the prospect.
var colleagueBefore = []string{
	"my manager", "my boss", "my vp", "my director", "my colleague", "my teammate", "my team lead", "my se",
	"my ae", "my sdr", "my bdr", "my csm", "my cofounder", "my co-founder", "my ceo", "my cro", "my sales manager",
	"our se", "our ae", "our sdr", "our bdr", "our csm", "our ceo", "our cto", "our cro", "our cfo", "our vp",
	"our founder", "our cofounder", "our co-founder", "our sales engineer", "our solutions engineer",
	"our solution engineer", "our product manager", "our pm", "our head of sales", "our sales director",
	"my sales engineer", "my solutions engineer", "my partner", "our partner manager", "my rep", "our rep",
	"their rep", "competitor", "competitor's", "rep from", "my mentor", "my coach", "our legal", "our lawyer",
	"our account manager", "my account manager", "my am", "my rvp", "our rvp", "my leader",
	"inherited the deal from", "inherited the account from", "inherited it from", "took over from", "taking over from",
	"handed over from", "handed it over from",
	// Someone posting for a teammate: "posting for Jess (AE): her
	// prospect…", "sharing for Tom who's on leave", "rep on the deal is
	// me, Priya".
	"posting for", "sharing for", "asking for", "writing for", "posting on behalf of", "asking on behalf of",
	"writing on behalf of", "on behalf of my", "covering for", "cover for", "is me ,", "it's me ,", "me (",
}

// colleagueAfter: words after a name that make it the rep's side.
var colleagueAfter = []string{
	"from our ", "on our ", "in our ", "from my ", "on my ", "(our ", "(my ", "from our team", "on our team", "on my team", "from my team", "(our", "(my", ", our se", ", our ae", ", my se",
	", my manager", ", my boss", ", our ceo", ", my colleague", "from our side", "our se",
	// A call recorder's participants: "Ethan Cole (host), Guest 1".
	"(host)", "(organizer)", "(organiser)", "(me)", "(rep)",
	// A seller's role after the name: "Jess (AE)", "Tom, our SDR".
	"(ae)", "(sdr)", "(bdr)", "(csm)", "(am)", "(se)", "(account exec", "(sales", ", our sdr", ", our bdr",
	", our csm",
}

// choiceBefore: words before a name that make it a tool or a competitor
// the prospect chose or uses, not a person ("went with Ramp", "in Excel").
var choiceBefore = []string{"went with", "go with", "going with", "chose", "picked", "signed with", "switched to", "moving to", "moved to", "using", "uses", "use", "happy with", "stick with", "sticking with", "stay with", "staying with", "renewed with", "locked in with", "contract with", "competitor", "competitors", "vs", "versus", "instead of", "over", "like", "compared to", "than", "via", "on", "in", "into", "through", "over to", "off of", "off"}

// The phrase lists above, by the word a match must end with (before a
// name) or open with (after one): a span tries only the phrases its
// neighbouring word can end or open, in list order.
var (
	quietBy           = phrasesByFirst(quietPhrases)
	contactBeforeBy   = phrasesByLast(contactBefore)
	colleagueBeforeBy = phrasesByLast(colleagueBefore)
	choiceBeforeBy    = phrasesByLast(choiceBefore)
)

// lowerHead reports whether token i heads a clause, or follows the rep's
// reaching out, where a given name typed in lower case may start.
func (t *text) lowerHead(i int) bool {
	return t.toks[i].first || t.is(i-1, "/") && t.is(i-2, "w") || t.is(i-1, "client", "frm", "so", "and", "but", "ok", "anyway", ",", ":", ";", "-", "(", ".", "\n", "on", "to", "with", "w", "w/", "from", "by", "for", "chasing", "emailed", "called", "texted", "pinged", "messaged", "met", "sent", "is")
}

// quietOneBefore reports whether the clause before token a says who went
// quiet: "the one gone quiet is their CFO, …", "the quiet one is …", "the
// person not replying is …".
func (t *text) quietOneBefore(a int) bool {
	s, _ := t.sentOf(a)
	for k := a - 1; k >= max(s, a-6); k-- {
		if !t.is(k, "is", "was", "=") {
			continue
		}
		for q := max(s, k-6); q < k; q++ {
			if t.is(q, "quiet", "silent", "dark", "unresponsive") && t.is(q+1, "one", "person") && q+2 == k {
				return true // "the quiet one is"
			}
			if t.is(q, "one", "person", "guy", "lady", "contact") && (t.quietAt(q+1) || t.is(q+1, "who", "that") && t.quietAt(q+2)) {
				return true // "the one gone quiet is", "the person who stopped replying is"
			}
		}
		return false
	}
	return false
}

// quietAt reports whether a quiet phrase ("went quiet", "hasn't
// replied") starts at token k.
func (t *text) quietAt(k int) bool {
	for _, q := range quietBy[t.low(k)] {
		if _, ok := t.seq(k, q); ok {
			return true
		}
	}
	return false
}

type person struct {
	name    string // as written, first mention with a surname if any
	first   string // first name, lower case, the identity key
	score   float64
	company string
	firstAt int
	// strong: context says this is a person (not just the lexicon).
	strong bool
	// gone: left the company; not the prospect now.
	gone bool
	// other: someone around the deal who is not the one who went quiet
	// (the rep's colleague, a competitor's rep).
	other bool
	why   string
}

type org struct {
	name    string
	score   float64
	firstAt int
	why     string
}

// names reads the prospect and company. hint carries what a pasted email
// thread already said about who is who.
func (t *text) names(hint threadHint) (prospect, company string, pq, cq string) {
	spans := t.spans()
	people := map[string]*person{}
	orgs := map[string]*org{}
	var peopleOrder, orgOrder []string
	addPerson := func(s span, score float64, why string) *person {
		if r, ok := t.honorificAt(s.a); ok && r < s.b && (s.b-r >= 2 || firstNames[foldLower(t.low(r))] || givenHonorifics[t.low(s.a)]) {
			// "Dr. Yolanda Pierce" is Yolanda, "Ma'am Josephine" Josephine;
			// "Dr. Patel" keeps the title, having no given name to use.
			s.a = r
		}
		full := t.quote(s.a, s.b-1)
		key := stripHonorSuffix(strings.ToLower(strings.Fields(full)[0]))
		p := people[key]
		if p == nil {
			p = &person{name: full, first: key, firstAt: s.a}
			people[key] = p
			peopleOrder = append(peopleOrder, key)
		}
		if len(strings.Fields(full)) > len(strings.Fields(p.name)) && len(strings.Fields(full)) <= 3 {
			p.name = full
		}
		p.score += score
		if why != "" && p.why == "" {
			p.why = why
		}
		return p
	}
	addOrg := func(s span, score float64, why string) *org {
		name := strings.TrimRight(t.quote(s.a, s.b-1), ".,")
		if t.is(s.b-1, ".") && t.dottedLegalEnd(s) {
			name += "." // "Andes Minerals S.A." keeps its legal form whole
		}
		key := strings.ToLower(name)
		o := orgs[key]
		if o == nil {
			o = &org{name: name, firstAt: s.a}
			orgs[key] = o
			orgOrder = append(orgOrder, key)
		}
		o.score += score
		if why != "" && o.why == "" {
			o.why = why
		}
		return o
	}

	// Lower-case given names in a person context: "emailed dana twice".
	if lower := t.lowerNames(); len(lower) > 0 {
		spans = append(spans, lower...)
		slices.SortStableFunc(spans, func(x, y span) int { return x.a - y.a })
	}

	corrected := t.corrections()
	for idx, s := range spans {
		if s.kind == spTitle && s.b-s.a >= 2 && t.toks[s.b-1].cap && !titleWords[t.low(s.b-1)] && !deptWords[t.low(s.b-1)] && t.context(s, spans, idx).colleague {
			// "My AE Priscilla and I pitched them": the name in a
			// teammate's title is the teammate, wherever it comes again.
			ns := s
			ns.a, ns.kind = s.b-1, spPerson
			p := addPerson(ns, -20, "")
			p.other = true
			continue
		}
		if s.kind == spOther || s.kind == spTitle || s.kind == spDept {
			continue
		}
		if corrected(s) {
			// "Marcus Lee at Brightline... no wait, wrong deal. Mine is
			// Hollis Grant": what the rep took back is nobody.
			if s.kind == spCompany || s.kind == spUnknown && !firstNamesHas(t.low(s.a)) {
				addOrg(s, -20, "")
			} else {
				p := addPerson(s, -20, "")
				p.other = true
			}
			continue
		}
		if idx > 0 && corrected(spans[idx-1]) && s.a-spans[idx-1].b <= 6 && (s.kind == spCompany || s.kind == spUnknown) && !firstNamesHas(t.low(s.a)) && t.is(s.a-1, ",") {
			// "head of IT at Lekki... sorry, Ikeja Cement": the fix takes
			// the place of what it corrects.
			addOrg(s, 6, t.sentence(s.a))
			continue
		}
		kind := s.kind
		if kind == spUnknown && t.openerOnly(s) && !(t.is(s.b, "is") && t.is(s.b+1, "the") && t.is(s.b+2, "one") && t.is(s.b+3, "who", "that")) || t.signOff(s) {
			continue // (but "Hemi is the one who decides" opens with its person)
		}
		ctx := t.context(s, spans, idx)
		if ctx.colleague {
			if kind != spCompany {
				p := addPerson(s, -20, "")
				p.other = true
			}
			continue
		}
		if ctx.competitor || ctx.tool {
			if kind != spPerson {
				addOrg(s, -20, "")
			}
			continue
		}
		personScore := ctx.person
		orgScore := ctx.org
		switch kind {
		case spPerson:
			personScore += 1
			orgScore -= 3
		case spCompany:
			orgScore += 2
			personScore -= 5
		case spUnknown:
			if firstNames[t.low(s.a)] && s.b-s.a <= 2 {
				personScore += 0.5
			}
		}
		if hint.isRep(t.quote(s.a, s.b-1)) {
			p := addPerson(s, -20, "")
			p.other = true
			continue
		}
		hinted := hint.prospect != "" && stripHonorSuffix(foldLower(strings.Fields(t.quote(s.a, s.b-1))[0])) == foldLower(strings.Fields(hint.prospect)[0])
		if hinted {
			personScore += 6
			ctx.strongPerson = true
		}
		if ctx.gone && kind != spCompany {
			p := addPerson(s, -6, "")
			p.gone = true
			continue
		}
		if personScore > orgScore && personScore > 0 {
			// Quote the name with what tied it to its company ("Marcus Lee, VP
			// Finance at Brightline Health"), not the whole sentence.
			qEnd := min(s.b+4, len(t.toks)) - 1
			if ctx.company != nil && ctx.company.b > s.b && ctx.company.b-s.b < 16 {
				qEnd = ctx.company.b - 1
			}
			if _, se := t.sentOf(s.a); qEnd >= se {
				qEnd = se - 1
			}
			for qEnd > s.b-1 && t.toks[qEnd].kind != kWord && t.toks[qEnd].kind != kNum && !t.is(qEnd, ")") {
				qEnd--
			}
			p := addPerson(s, personScore, t.quote(s.a, qEnd))
			if ctx.strongPerson || kind == spPerson {
				p.strong = true
			}
			if ctx.company != nil {
				o := addOrg(*ctx.company, 4, t.sentence(ctx.company.a))
				o.score += 2
				if p.company == "" {
					p.company = o.name
				}
			}
			if ctx.quiet {
				p.score += 0 // already in ctx.person; kept for clarity
			}
		} else if orgScore > 0 {
			addOrg(s, orgScore, t.sentence(s.a))
		}
	}

	// The prospect: the best-scored person with real context.
	var best *person
	for _, k := range peopleOrder {
		p := people[k]
		if p.other || p.gone || p.score < 1.5 || !p.strong && p.score < 3 {
			continue
		}
		if !firstNames[k] && !moreNames[k] && !p.strong && !strings.Contains(p.name, " ") {
			// A single unknown word with no person context ("radio silence
			// from Hooli") is more likely an organization.
			continue
		}
		if best == nil || p.score > best.score {
			best = p
		}
	}
	if best == nil {
		// No person with context: a lone known given name, mentioned with
		// nobody else beside it, is the one the story is about.
		var only *person
		n := 0
		for _, k := range peopleOrder {
			p := people[k]
			if p.other || p.gone {
				continue
			}
			n++
			if (firstNamesHas(k) || moreNames[k] && p.score >= 1.5) && p.score > 0 {
				only = p
			}
		}
		if n == 1 && only != nil {
			best = only
		}
	}
	if best != nil && hint.prospect != "" && looksLikeName(hint.prospect) && best.score < 6 && foldLower(strings.Fields(best.name)[0]) != foldLower(strings.Fields(hint.prospect)[0]) {
		// "Happy to walk Herr Wendt through it" inside a pasted thread
		// with Sabine: the thread's other side is the prospect unless the
		// story says more about someone else.
		best = nil
	}
	if best == nil && hint.prospect != "" && looksLikeName(hint.prospect) {
		prospect, pq = hint.prospect, hint.prospectQuote
	} else if best != nil {
		prospect, pq = best.name, best.why
		if hint.prospect != "" && looksLikeName(hint.prospect) && honorSuffixed(strings.ToLower(strings.Fields(best.name)[0])) && stripHonorSuffix(foldLower(strings.Fields(best.name)[0])) == foldLower(strings.Fields(hint.prospect)[0]) {
			// "Tanaka-san" in prose, "Tanaka Hiroshi" in the thread: the
			// thread has the full name.
			prospect = hint.prospect
		}
	}
	// The company: the prospect's, else the best organization in context.
	var bestOrg *org
	for _, k := range orgOrder {
		o := orgs[k]
		if o.score < 2 {
			continue
		}
		if _, isPerson := people[strings.ToLower(strings.Fields(o.name)[0])]; isPerson && !strings.Contains(o.name, " ") {
			continue
		}
		if best != nil && strings.EqualFold(o.name, best.name) {
			continue
		}
		if bestOrg == nil || o.score > bestOrg.score {
			bestOrg = o
		}
	}
	if best != nil && best.company != "" {
		if o := orgs[strings.ToLower(best.company)]; o != nil && o.score >= 0 && !(bestOrg != nil && o.score < 2 && bestOrg.score >= 6) {
			bestOrg = o
		}
	}
	switch {
	case hint.company != "":
		// The prospect's own address or signature beats prose.
		company, cq = hint.company, hint.companyQuote
	case bestOrg != nil:
		company, cq = bestOrg.name, bestOrg.why
		if best != nil && strings.EqualFold(best.company, company) {
			cq = pq // "Marcus Lee, VP Finance at Brightline Health"
		}
	}
	if _, after, ok := strings.Cut(company, "-based "); ok && after != "" {
		company = after // "Lagos-based Okonkwo Pharma"
	}
	if i := strings.LastIndex(company, " · "); i >= 0 {
		company = strings.TrimSpace(company[i+len(" · "):]) // "Amina Hassan · Procurement Manager · Pwani Fibre"
	}
	return prospect, company, pq, cq // Read completes a dotted legal form (withLegalSuffix)
}

// reDottedSuffix is a legal form written with dots: "S.p.A.", "S.A.",
// "N.V.", "S.r.l.", "B.V.".
var reDottedSuffix = regexp.MustCompile(`^(?:[A-Za-z]\.){2,4}`)

// withLegalSuffix completes a company cut at a dotted legal form: "Bellini &
// Figli S" in a story that says "Bellini & Figli S.p.A.", "Meblex Sp" in
// one that says "Meblex Sp. z o.o.".
func (t *text) withLegalSuffix(company string) string {
	f := strings.Fields(company)
	if len(f) >= 2 && strings.EqualFold(f[len(f)-1], "Sp") {
		// "Meblex Sp. z o.o.": the Polish form, cut at its first dot.
		if at := strings.Index(t.s, company); at >= 0 {
			for _, tail := range []string{". z o.o.", ". j.", ". k."} {
				if strings.HasPrefix(t.s[at+len(company):], tail) {
					return company + tail // "Agro-Zieliński Sp. j."
				}
			}
		}
	}
	if len(f) < 2 || len([]rune(f[len(f)-1])) != 1 {
		return company
	}
	at := strings.Index(t.s, company)
	if at < 0 {
		return company
	}
	stem := company[:len(company)-1]
	if m := reDottedSuffix.FindString(t.s[at+len(stem):]); m != "" {
		return stem + m
	}
	return company
}

// corrections finds where the rep takes back what they just wrote ("no
// wait", "wrong deal", "sorry, I mean", "scratch that", "Lekki... sorry,
// Ikeja Cement") and reports whether a span sits just before such a
// place.
func (t *text) corrections() func(span) bool {
	// A whole take-back ("no wait, wrong deal") covers its sentence so far;
	// a slip fixed in passing ("Lekki... sorry, Ikeja") only the name just
	// before it.
	type mark struct {
		at    int
		whole bool
	}
	var marks []mark
	for i := range t.toks {
		switch t.toks[i].low {
		case "no", "wrong", "scratch", "correction", "sorry", "i mean", "i":
		default:
			continue // (the words every case below opens with)
		}
		if t.is(i, "no") && t.is(i+1, "wait") {
			// "last call was 2 wks ago — no wait, 3, it was Sep 2": a
			// number or a day fixed, no name taken back.
			k := i + 2
			if t.is(k, ",", "-", "—", "–") {
				k++
			}
			if k < len(t.toks) && t.toks[k].kind == kNum || t.is(k, "it", "that") && t.is(k+1, "was", "'s") && (t.isDateStart(k+2) || k+2 < len(t.toks) && t.toks[k+2].kind == kNum) || t.isDateStart(k) {
				continue
			}
		}
		switch {
		case t.is(i, "no") && t.is(i+1, "wait"),
			t.is(i, "wrong") && t.is(i+1, "deal", "account", "person", "company", "guy"),
			t.is(i, "scratch") && t.is(i+1, "that"),
			t.is(i, "correction") && t.is(i+1, ":", ","):
			marks = append(marks, mark{i, true})
		case t.is(i, "sorry", "i mean") && t.is(i+1, ",") && t.is(i-1, ".") && t.is(i-2, "."),
			t.is(i, "i") && t.is(i+1, "mean", "meant") && t.is(i-1, ",") && t.is(i-2, "sorry"):
			marks = append(marks, mark{i, false})
		}
	}
	return func(s span) bool {
		for _, m := range marks {
			if s.b > m.at || m.at-s.b > 14 {
				continue
			}
			a, _ := t.sentOf(m.at)
			for a > 0 && t.toks[a-1].kind == kPunct {
				// and the sentence it takes back, past an ellipsis
				pa, _ := t.sentOf(a - 1)
				a = pa
				if t.toks[pa].kind != kPunct {
					break
				}
			}
			if m.whole && s.a >= a {
				return true
			}
			if !m.whole && m.at-s.b <= 4 {
				return true
			}
		}
		return false
	}
}

// looksLikeName: one to three words, letters only, each capitalized.
func looksLikeName(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 4 || strings.ContainsAny(s, "@<>") {
		return false // "ops@cedarlane-logistics.com" is an address, not a name
	}
	words := 0
	for i, w := range f {
		low := strings.ToLower(w)
		if i > 0 && i < len(f)-1 && nameConnectors[low] && low == w {
			continue // "Pieter de Vries", "Ana dos Santos"
		}
		words++
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || notNameWords[low] || isMonth(low) || isWeekday(low) || titleWords[low] || deptWords[low] {
			return false
		}
	}
	return words <= 3
}

// lowerNames finds given names typed in lower case where the context makes
// them a person: "emailed dana twice", "dana at acme went dark".
func (t *text) lowerNames() []span {
	var out []span
	for i, k := range t.toks {
		if t.handle(i) {
			continue // "@lena", "@thabo (mgr)": a teammate's chat handle
		}
		// "helga from Nordlicht Versicherung: 3x email…": the story opens
		// with a name typed in lower case and the account in capitals.
		opening := i == 0 || i == 1 && honorifics[strings.TrimSuffix(t.low(0), ".")] || i == 2 && t.is(1, ".") && honorifics[t.low(0)]
		// "sofia - Alba Insurance - went quiet", "meilin (Tan & Sons)
		// ghosted", "…6 wks ago? fatima, ops mgr at Qamar": a name in lower
		// case opening the story or a sentence, the account or title after.
		// (The given-name look-up, only where the shape needs it: most
		// tokens are none of these.)
		atNext := t.is(i+1, "from", "at", "@", "of", "da", "de") && t.capWord(i+2)
		dashNext := t.is(i+1, "-", "–", "—", "(", "|") && t.capWord(i+2)
		titleNext := t.is(i+1, ",") && (titleWords[t.low(i+2)] || deptWords[t.low(i+2)])
		given := (atNext || dashNext || titleNext) && !k.cap && knownGivenName(k.low)
		account := atNext || dashNext && (opening || given) || titleNext && given
		if (opening || t.is(i-1, "\n", "?", "!") || t.is(i-1, ".") && given) && !k.cap && account && k.kind == kWord && len(k.low) >= 3 && strings.ContainsAny(k.low, "aeiouy") && !notNameWords[k.low] && !titleWords[k.low] && !deptWords[k.low] && !lowerOrgStop[k.low] && !isMonth(k.low) && !isWeekday(k.low) && !t.is(i, "folks", "guys", "guy", "gal", "lady", "dude", "chap", "bloke", "fella", "woman", "man", "people", "team", "everyone", "somebody", "nobody", "anybody", "buyer", "client", "customer", "prospect", "contact", "lead", "deal", "account", "acct", "update", "note", "fyi", "re", "subject") {
			out = append(out, span{a: i, b: i + 1, kind: spPerson, lower: true})
			continue
		}
		// "lukas brenner hr director at tannberg hotels", "jules at
		// brightpath tutoring said…", "mark from sable freight replied",
		// "mr zhang of jinlong packaging": a given name (or a form of
		// address), maybe a surname and a title, then the account. The
		// shape is strong enough for rarer names and for names that are
		// also words, told at the head of a clause.
		if !k.cap && k.kind == kWord && (t.is(i+2, "at", "from", "@", "of", "(") || t.lowerHead(i)) && (honorifics[strings.TrimSuffix(k.low, ".")] || !notNameWords[k.low] && len(k.low) >= 3) {
			// (lowerPersonAtOrg needs one of those two shapes: told
			// first, they spare most words the look-ups.)
			if p, org, ok := t.lowerPersonAtOrg(i); ok {
				out = append(out, p)
				if org.b > org.a {
					out = append(out, org)
				}
				continue
			}
		}
		// "contact is aroha", "poc: tomasz": the story's own label, then a
		// given name in lower case.
		if !k.cap && k.kind == kWord && t.is(i-1, "is", ":", "=") && t.is(i-2, "contact", "poc", "champion", "prospect", "buyer", "sponsor") && !t.is(i-3, "the", "their", "economic", "technical") && !t.is(i+1, ",", "(", "from", "at", "@", "-") && knownGivenName(k.low) && !wordNames[k.low] {
			out = append(out, span{a: i, b: i + 1, kind: spPerson, lower: true})
			continue
		}
		// "the buyer at orrin labs", "the it director at hollins county
		// schools", "co is harlow & finch": the account typed in lower
		// case after a role, or named outright.
		// "@" only as "at", spaced on both sides: "@sunita.p" is a handle.
		if (t.is(i, "at", "from") || t.is(i, "@") && t.toks[i].start > 0 && t.s[t.toks[i].start-1] == ' ' && i+1 < len(t.toks) && t.toks[i+1].start > t.toks[i].end) && !t.is(i-1, "is", "it") && (titleWords[t.low(i-1)] || deptWords[t.low(i-1)] || t.is(i-1, "team", "folks", "people", "someone", "somebody", "guys", "client", "customer", "prospect", "guy", "lady", "contact", "person")) ||
			// "my deal w/ stoneridge ortho is stalled"
			t.is(i, "with", "w", "w/") && t.is(i-1, "deal", "opp", "opportunity", "renewal", "account") ||
			t.is(i, "is", ":") && (t.is(i-1, "co", "company", "account", "client", "customer", "acct", "org") && !t.is(i-2, "the", "a", "our", "my", "this")) {
			if w := t.low(i + 1); i+1 < len(t.toks) && t.toks[i+1].kind == kWord && !t.toks[i+1].cap && len(w) > 1 && !deptWords[w] && !titleWords[w] && !t.is(i+1, "n", "n/a", "na", "none", "tbd", "unknown", "address", "not", "no") && !(t.is(i, "with", "w", "w/") && firstNamesHas(w)) {
				if e := t.lowerOrg(i + 1); e > i+1 && e-i-1 <= 4 {
					out = append(out, span{a: i + 1, b: e, kind: spCompany, lower: true})
					continue
				}
			}
		}
		// "any update on helix bio?", "where are we with halden
		// insurance": an account typed in lower case, told by its last
		// word (bio, insurance, fitness, telecom…).
		if t.is(i, "on", "for", "with", "at", "about") && i+2 < len(t.toks) {
			if e := t.lowerOrg(i + 1); e-i-1 >= 2 && e-i-1 <= 3 && companyWords[t.low(e-1)] && !genericLower[t.low(e-1)] && t.plainLower(i+1, e) {
				out = append(out, span{a: i + 1, b: e, kind: spCompany, lower: true})
				continue
			}
		}
		if k.kind != kWord || k.cap || notNameWords[k.low] || len(k.low) < 3 {
			continue
		}
		if !firstNames[k.low] || wordNames[k.low] || isWeekday(k.low) || isMonth(k.low) {
			continue // "emailed thu" is Thursday
		}
		if t.is(i+1, "(") && t.is(i+2, "mgr", "manager", "boss", "ae", "sdr", "bdr", "se", "csm", "me", "rep", "vp") && t.is(i+3, ")") && t.is(i+4, ":") {
			continue // "jen (mgr): whats the status": the rep's side of a chat
		}
		strong := false
		for _, p := range []string{"emailed", "pinged", "called", "texted", "messaged", "chased", "nudged", "met", "with", "from", "to", "dm'd", "dmed", "whatsapped", "inmailed", "rang", "phoned", "chasing", "pinging", "emailing", "texting", "calling"} {
			if t.is(i-1, p) && p != "to" && p != "with" && p != "from" {
				strong = true
			}
		}
		if t.is(i+1, "at", "from", "@") || t.is(i+1, "(") {
			strong = true
		}
		if t.is(i+2, "@", "at", "from") && i+1 < len(t.toks) && t.toks[i+1].kind == kWord && !t.toks[i+1].cap && !notNameWords[t.low(i+1)] && !lowerOrgStop[t.low(i+1)] && len(t.low(i+1)) >= 2 && t.toks[i].first {
			// "bobby tran @ Redline Concrete went dark"
			out = append(out, span{a: i, b: i + 2, kind: spPerson, lower: true})
			continue
		}
		if t.quietAt(i + 1) {
			strong = true
		}
		if t.is(i-1, "with", "from") && (t.is(i+1, "at", ",", ".") || t.is(i+1, "about")) {
			strong = true
		}
		// "the vitalis pharma deal w/ chidi okafor went quiet"
		w := i - 1
		if t.is(w, "/") && t.is(w-1, "w") {
			w--
		}
		if t.is(w, "with", "w", "w/") && t.is(w-1, "deal", "opp", "opportunity", "renewal", "account", "demo", "meeting") && firstNamesHas(k.low) {
			if t.lowerAnswered(i+1) == 0 && t.lowerSurnameAlone(i+1) {
				out = append(out, span{a: i, b: i + 2, kind: spPerson, lower: true})
			} else {
				out = append(out, span{a: i, b: i + 1, kind: spPerson, lower: true})
			}
			continue
		}
		// "joe replied on 12/20", "anna volkova finally answered": a given
		// name, maybe a surname, then the answer the story turns on.
		if j := t.lowerAnswered(i + 1); j > 0 && !t.colleagueBefore(i) {
			out = append(out, span{a: i, b: j, kind: spPerson, lower: true})
			continue
		}
		// "no response from derek for 6 weeks", "contact is rachel".
		if t.is(i-1, "from") && t.is(i-2, "response", "reply", "answer", "word", "nothing", "heard", "back", "peep", "responses", "replies", "anything") ||
			t.is(i-1, "is", ":", "=") && t.is(i-2, "contact", "champion", "buyer", "poc", "prospect", "sponsor") {
			strong = true
		}
		if t.is(i-1, ",") && (titleWords[t.low(i-2)] || deptWords[t.low(i-2)]) && t.is(i+2, ",", "went", "has", "hasn't", "is") && i+1 < len(t.toks) && t.toks[i+1].kind == kWord && !t.toks[i+1].cap && !notNameWords[t.low(i+1)] {
			// "Loomly's head of revops, sam patel, went dark"
			out = append(out, span{a: i, b: i + 2, kind: spPerson, lower: true})
			continue
		}
		if strong {
			out = append(out, span{a: i, b: i + 1, kind: spPerson, lower: true})
			if t.is(i+1, "at", "@", "from") && !t.capWord(i+2) {
				if e := t.lowerOrg(i + 2); e > i+2 {
					out = append(out, span{a: i + 2, b: e, kind: spCompany, lower: true})
				}
			}
			// "prospect = wanjiru, kilimanjaro coffee co.": the label, the
			// person, the account.
			if t.is(i+1, ",") && t.is(i-1, "is", ":", "=") && t.is(i-2, "contact", "champion", "buyer", "poc", "prospect", "sponsor") && !t.capWord(i+2) {
				if e := t.lowerOrg(i + 2); e > i+2 && e-i-2 <= 4 && (e >= len(t.toks) || t.is(e, ".", ",", ";", "\n", "(", "-")) {
					out = append(out, span{a: i + 2, b: e, kind: spCompany, lower: true})
				}
			}
		}
	}
	return out
}

// lowerSurnameAlone reports whether token j is a lower-case surname after
// a given name where the words after it do not say so ("deal w/ chidi
// okafor went quiet"): a plain word that is also no account word, given
// name, month, weekday or the verb that follows a name.
func (t *text) lowerSurnameAlone(j int) bool {
	if !t.plainLowerWord(j, 3) {
		return false
	}
	w := t.low(j)
	if companyWords[w] || firstNames[w] || isMonth(w) || isWeekday(w) {
		return false
	}
	return !t.is(j, "went", "has", "is", "was", "said", "and", "but", "replied", "ghosted", "stopped", "never", "hasn't")
}

// handle reports whether token i is a chat handle: right after an "@" that
// opens a word ("@lena", "cc @jordan.m"), not the "@" of "kyle @ acme".
func (t *text) handle(i int) bool {
	if i == 0 || !t.is(i-1, "@") || t.toks[i-1].end != t.toks[i].start {
		return false
	}
	at := t.toks[i-1].start
	return at == 0 || t.s[at-1] == ' ' || t.s[at-1] == '\n' || t.s[at-1] == '(' || t.s[at-1] == '\t'
}

// lowerPersonAtOrg reads "name [surname] [title] at|from|@ org" typed in
// lower case, starting at token i: the person's span and the account's
// (empty when the account is not in lower case too).
func (t *text) lowerPersonAtOrg(i int) (person, org span, ok bool) {
	low := t.low(i)
	// "herr lindqvist from nordkap marine", "mr zhang of jinlong
	// packaging": a form of address makes the next word the name.
	honor := i+1 < len(t.toks) && t.toks[i+1].kind == kWord && !t.toks[i+1].cap && t.is(i+2, "at", "from", "@", "of", "(") && honorifics[strings.TrimSuffix(low, ".")]
	if honor {
		i++
		low = t.low(i)
	} else {
		// At the head of a clause, or after the rep's reaching out:
		// "stuck on carla rossi…", "sent a few msgs to ikram at…",
		// "ghosted again lol. nico from trellis hr". (Told before the
		// name look-up, which most words need not reach.)
		if !t.lowerHead(i) || !firstNames[low] && !moreNames[low] {
			return span{}, span{}, false
		}
	}
	j := i + 1
	if t.lowerSurname(j) {
		j++
	}
	j = t.skipLowerTitle(j)
	// "jen (ops lead @ corvel freight)", "omar (kestrel analytics) said".
	paren := t.is(j, "(")
	if paren {
		k := t.skipLowerTitle(j + 1)
		switch {
		case t.is(k, "at", "from", "@"):
			j = k
		case k > j+1 && t.is(k, ","):
			j = k // "giulia (ops mgr, ferretti & figli)": the title, then the account
		default:
			j = k - 1 // the account alone in the brackets
		}
	}
	if !(t.is(j, "at", "from", "@", "(") || paren && t.is(j, ",") || t.is(j, "of") && j <= i+2) || j+1 >= len(t.toks) || t.toks[j+1].cap || t.toks[j+1].kind != kWord {
		return span{}, span{}, false
	}
	if !honor && (wordNames[low] || !firstNames[low]) && !(t.toks[i].first || t.is(i-1, ".", ",", ":", "\n", "to", "with", "from", "sent", "emailed", "called", "texted", "pinged", "messaged", "chasing")) && j == i+1 {
		// A rarer name, or one that is also a word ("mark"), needs the
		// clause to start with it, or a reaching out before it: "mark
		// from sable freight replied", "sent joy at pax medical…".
		return span{}, span{}, false
	}
	e := t.lowerOrg(j + 1)
	if e == j+1 || paren && !t.is(e, ")") {
		return span{}, span{}, false
	}
	person = span{a: i, b: i + 1, kind: spPerson, lower: true}
	if j > i+1 && t.lowerSurname(i+1) {
		person.b = i + 2
	}
	return person, span{a: j + 1, b: e, kind: spCompany, lower: true}, true
}

// skipLowerTitle returns the index past a job title typed in lower case at
// token j ("hr director", "head of ops", "vp finance"), or j when there is
// none.
func (t *text) skipLowerTitle(j int) int {
	for n := 0; n < 5 && j < len(t.toks) && !t.toks[j].cap && (titleWords[t.low(j)] || deptWords[t.low(j)] || n > 0 && t.is(j, "of", "&")); n++ {
		j++
	}
	return j
}

// lowerSurname reports whether token j reads as a surname typed in lower
// case after a given name: a plain word that is no title, department,
// stop word, number or touch word.
func (t *text) lowerSurname(j int) bool {
	if !t.plainLowerWord(j, 2) || t.is(j, "at", "from", "@", "of", "re", "about", "here", "again", "too", "also", "just", "still", "now") {
		return false
	}
	// A surname is followed by the title or the "at".
	n := j + 1
	return titleWords[t.low(n)] || deptWords[t.low(n)] || t.is(n, "at", "from", "@")
}

// plainLowerWord reports whether token j is a plain lower-case word of at
// least n letters that the reader knows as nothing else: no title,
// department, stop word, touch word or send verb. Such a word after a
// given name may be the surname.
func (t *text) plainLowerWord(j, n int) bool {
	if j >= len(t.toks) || t.toks[j].kind != kWord || t.toks[j].cap || len(t.low(j)) < n {
		return false
	}
	w := t.low(j)
	if titleWords[w] || deptWords[w] || notNameWords[w] || lowerOrgStop[w] {
		return false
	}
	if _, noun := t.touchNoun(j); noun || t.chanOf(j) != "" {
		return false
	}
	_, verb := t.sendVerb(j)
	return !verb
}

// lowerAnswered reports where a lower-case name that starts before token
// j ends when a reply follows it: j itself ("joe replied"), or j+1 after a
// surname ("anna volkova finally answered"). It returns 0 when no reply
// follows.
func (t *text) lowerAnswered(j int) int {
	for _, end := range [2]int{j, j + 1} {
		if end == j+1 && !t.plainLowerWord(j, 2) {
			break
		}
		k := end
		if t.is(k, "finally", "just", "only", "actually", "eventually") {
			k++
		}
		if t.is(k, "replied", "answered", "responded") {
			return end
		}
		if t.is(k, "wrote", "got", "came") && t.is(k+1, "back") {
			return end
		}
	}
	return 0
}

// genericLower are company words that, in lower case, more often name a
// kind of thing than an account: "about dispatch software", "primary
// schools".
var genericLower = map[string]bool{"software": true, "solutions": true, "services": true, "systems": true, "schools": true, "school": true,
	"tools": true, "technology": true, "technologies": true, "tech": true, "data": true, "cloud": true, "analytics": true, "security": true,
	"equipment": true, "supplies": true, "parts": true, "hardware": true, "devices": true, "training": true, "learning": true, "design": true,
	"payments": true, "pay": true, "delivery": true, "storage": true, "printing": true, "marketing": true, "events": true, "travel": true}

// plainLower reports whether tokens [a, b) are lower-case words that no
// list knows as a title, department, determiner or channel: what is left
// is a name.
func (t *text) plainLower(a, b int) bool {
	for k := a; k < b; k++ {
		w := t.low(k)
		if t.toks[k].cap || t.toks[k].kind != kWord || titleWords[w] || deptWords[w] || notNameWords[w] || t.chanOf(k) != "" ||
			t.is(k, "the", "a", "an", "our", "their", "my", "his", "her", "your", "its", "this", "that", "these", "those", "some", "any", "every", "each", "all", "both", "other", "another", "new", "old", "same", "next", "last", "first", "own", "whole", "local", "big", "small", "main", "head", "home", "front") {
			return false
		}
		if _, noun := t.touchNoun(k); noun {
			return false
		}
	}
	return true
}

// lowerOrgStop ends a lower-case organization name typed after "at".
var lowerOrgStop = map[string]bool{
	"went": true, "has": true, "hasn't": true, "is": true, "was": true, "said": true, "and": true, "the": true,
	"in": true, "on": true, "for": true, "since": true, "after": true, "who": true, "but": true, "so": true,
	"been": true, "had": true, "never": true, "stopped": true, "ghosted": true, "did": true, "didn't": true,
	"went,": true, "says": true, "wants": true, "asked": true, "told": true, "replied": true, "hasnt": true,
	"isn't": true, "last": true, "about": true, "with": true, "to": true, "quiet": true, "dark": true,
	"wont": true, "won't": true, "doesnt": true, "doesn't": true, "dont": true, "don't": true, "cant": true,
	"can't": true, "isnt": true, "again": true, "ghosting": true, "still": true, "not": true, "lol": true,
	"havent": true, "haven't": true, "re": true, "(": true, ")": true,
	"since,": true, "just": true, "also": true, "then": true, "now": true, "too": true, "yet": true,
	"no": true, "nothing": true, "pls": true, "please": true, "ignored": true,
}

// lowerOrg reads up to three lower-case words as an organization's name:
// "arjun at bluefin robotics went dark", "sara @ hollis & reed".
func (t *text) lowerOrg(i int) int {
	j := i
	for j < len(t.toks) && j < i+4 && (t.toks[j].kind == kWord || t.is(j, "&")) && !lowerOrgStop[t.low(j)] && !notNameWords[t.low(j)] && !(j > i && (isMonth(t.low(j)) || isWeekday(t.low(j)) || t.tallyWord(j))) || t.is(j, "&") && j > i {
		j++
	}
	return j
}

// tallyWord: a word that counts or times the rep's tries ("emailed tomasz
// at krakow brewing co four times", "pinged fernway twice", "nonstop"),
// which ends a lower-case organization's name.
func (t *text) tallyWord(j int) bool {
	if _, ok := numberWords[t.low(j)]; ok {
		return true
	}
	return t.is(j, "twice", "once", "thrice", "times", "nonstop", "repeatedly", "several", "multiple", "many", "few", "couple")
}

// spanCtx is what the words around a span say about it.
type spanCtx struct {
	person, org  float64
	strongPerson bool
	quiet        bool
	colleague    bool
	gone         bool
	competitor   bool
	tool         bool
	company      *span // the organization this person belongs to
}

// asOrg turns the context to an organization: what the words around a
// name say outweighs its looking like a person's.
func (c *spanCtx) asOrg() {
	c.org += 6
	c.person -= 8
	c.strongPerson = false
}

// skipBrackets returns the index after a bracketed aside starting at k
// ("(Head of Digital)"), or k when there is none.
func (t *text) skipBrackets(k int) int {
	if !t.is(k, "(") {
		return k
	}
	for m := k + 1; m < min(k+10, len(t.toks)); m++ {
		if t.is(m, ")") {
			return m + 1
		}
	}
	return k
}

// context scores a span as a person or an organization from the words
// around it.
func (t *text) context(s span, spans []span, idx int) spanCtx {
	var c spanCtx
	a, b := s.a, s.b
	after := b
	if s.possessive {
		after = b + 1
	}
	if t.is(after, "ma'am", "maam", "sir", "ji", "madam", "sahib", "saab", "bhai", "di", "didi", "sensei") {
		after++ // "Neha ma'am (HR Head, …)"
	}
	next := func(k int) *span { // the span starting at token k, if any
		for j := idx + 1; j < len(spans) && spans[j].a <= k+1; j++ {
			if spans[j].a == k {
				return &spans[j]
			}
		}
		return nil
	}
	prevSpan := func() *span {
		if idx > 0 {
			return &spans[idx-1]
		}
		return nil
	}

	// "Buyer (Jen R.)", "their CFO (Maria)": a role, then the name in
	// brackets.
	if t.is(a-1, "(") && (t.is(b, ")") || t.is(b, ".") && t.is(b+1, ")")) && s.kind != spCompany && !s.possessive && (titleWords[t.low(a-2)] || deptWords[t.low(a-2)]) && a >= 2 && (t.toks[a-2].first || t.is(a-3, "their", "our", "my", "his", "her", ":", ",", "-")) {
		c.person += 3.5
		c.strongPerson = true
	}
	// "Dr. Yolanda Brooks", "Ma'am Liza", "dott.ssa Chiara Bellini": a form
	// of address names a person.
	// Only with a given name: "Herr Wendt" or "Ing. Treviño" may be someone
	// the story mentions, and has no name to greet.
	if r, ok := t.honorificAt(a); ok && s.kind != spCompany && r < b && (b-r >= 2 || firstNames[foldLower(t.low(r))] || givenHonorifics[t.low(a)]) {
		c.person += 3
		c.strongPerson = true
	} else if t.honorBefore(a) && (b-a >= 2 || firstNames[foldLower(t.low(a))]) {
		c.person += 3
		c.strongPerson = true
	}

	// "company called Brisk Pantry", "a startup named Loomly": what the
	// story calls it.
	if t.is(a-1, "called", "named") && t.is(a-2, "company", "companies", "firm", "startup", "business", "brand", "agency", "chain", "outfit", "shop", "store", "group", "co", "hotel", "restaurant", "clinic", "school") {
		c.org += 6
		c.person -= 6
	}
	// Colleagues and competitors.
	for _, p := range colleagueBeforeBy[t.low(a-1)] {
		if t.phraseBefore(a, p) {
			c.colleague = true
		}
	}
	tail := strings.ToLower(t.s[t.toks[b-1].end:min(len(t.s), t.toks[b-1].end+24)])
	for _, p := range colleagueAfter {
		if strings.HasPrefix(tail, " "+p) || strings.HasPrefix(tail, p) {
			c.colleague = true
		}
	}
	// "a mid-size Dutch brewery, Brouwerij De Kroon, has gone silent": the
	// name after a description of an organization is the organization's.
	if t.is(a-1, ",") && (companyWords[t.low(a-2)] || t.is(a-2, "distributor", "startup", "retailer", "manufacturer", "insurer", "wholesaler", "supplier", "producer", "operator", "provider", "agency", "nonprofit", "charity", "council", "university", "college", "district", "authority")) && t.contains(max(0, a-6), a-2, "a", "an", "one") >= 0 && s.kind != spPerson {
		c.asOrg()
	}
	// "Sakshi Verma • Talent Acquisition Lead, Orbit Hire": a LinkedIn
	// header, the person first, their title and company after the dot; the
	// name after the title's comma is the company.
	if t.is(b, "•", "·") && (a == 0 || t.is(a-1, "\n")) && b-a >= 2 && b-a <= 3 && (titleWords[t.low(b+1)] || deptWords[t.low(b+1)] || t.capWord(b+1)) {
		c.person += 6
		c.strongPerson = true
	}
	if t.is(a-1, ",") && s.kind != spPerson {
		for k := a - 2; k >= max(0, a-8); k-- {
			if t.is(k, "\n") {
				break
			}
			if t.is(k, "•", "·") && (titleWords[t.low(k+1)] || deptWords[t.low(k+1)] || titleWords[t.low(a-2)]) {
				c.asOrg()
				break
			}
		}
	}
	// "Hannah here (AE, EMEA).", "Diego here: a prospect…": the writer
	// introducing themselves.
	if t.is(b, "here") && (b+1 >= len(t.toks) || t.is(b+1, ".", ":", ",", "(", "-", "–", "—", "!", "\n", ";")) && !s.possessive {
		c.colleague = true
	}
	// "Jules emailed her feb 17", "Priya even called him once", "Leah
	// booked the discovery": someone reaching the prospect, or booking the
	// meeting (an SDR), is on the rep's side.
	if !s.possessive && s.b-s.a == 1 && t.capWord(a) {
		v := b
		if t.is(v, "even", "also", "then", "just", "already", "finally") {
			v++
		}
		if t.is(v, "emailed", "called", "rang", "pinged", "texted", "messaged", "whatsapped", "chased", "nudged", "phoned", "dialed", "dialled", "inmailed") && t.is(v+1, "her", "him", "them") ||
			t.is(v, "booked") && t.is(v+1, "the", "it", "a", "our", "that") {
			c.colleague = true
		}
	}
	// "Priya (manager): docusign reminders count": a team chat's speaker
	// with a seller's role.
	if t.is(b, "(") && t.is(b+2, ")") && t.is(b+3, ":") && slices.Contains(teamRoles, t.low(b+1)) {
		c.colleague = true
	}
	if t.is(a-1, "my", "our") && !t.is(a-1, "our") || t.is(a-1, "i'm", "im") && t.is(a-2, ",", "\n", ".", "hi", "hello", "hey") || t.is(a-1, "i'm", "im") && a == 1 {
		c.colleague = true // "Hi, I'm Zoe from KeyStay": the rep
	}
	// "Dave and I pitched them": the rep's side, when the clause goes on
	// to someone else; "Nina and I had a working session" is the two of
	// them.
	if (t.is(b, "and") || t.is(b, "&")) && t.is(b+1, "i") && !s.possessive {
		_, se := t.sentOf(b)
		if t.contains(b+2, min(se, b+10), "them", "her", "him", "their", "client", "prospect", "customer") >= 0 {
			c.colleague = true
		}
	}
	// "champion = Nina Kowalczyk", "main contact: Dev": the story's own
	// label for the person it is about.
	if t.is(a-1, "=", ":", "is") && t.is(a-2, "champion", "contact", "prospect", "poc", "buyer", "lead", "sponsor") && !t.is(a-3, "economic", "technical", "their", "the") && s.kind != spCompany && (s.kind == spPerson || firstNames[t.low(a)] || moreNames[foldLower(t.low(a))]) {
		c.person += 3.5
		if t.is(a-3, "main", "primary", "key", "my", "our") {
			c.person += 3 // "Main contact is Tasha Brown"
		}
		c.strongPerson = true
	}
	// "Ben Okoro (Head of Digital) is my contact", "Rui is our main
	// champion": the story names whom it is about after the name.
	if k := t.skipBrackets(s.b); t.is(k, "is", "was", "=") && t.is(k+1, "my", "our") && s.kind != spCompany {
		m := k + 2
		if t.is(m, "main", "primary", "key", "only", "day-to-day") {
			m++
		}
		if t.is(m, "contact", "champion", "prospect", "poc", "buyer", "sponsor") {
			c.person += 6.5
			c.strongPerson = true
		}
	}
	// "Novatek's rep, some guy called Bruno": another vendor's person.
	if k := t.contains(max(0, a-6), a, "rep", "reps", "salesperson", "salesman", "saleswoman"); k > 0 && (t.is(k-1, "'s") || t.is(k-1, "their", "competitor", "competitor's", "other")) && !s.possessive {
		c.competitor = true
	}
	// "Dr. Osei (Korle Bu Private Wing)": brackets right after a person
	// hold their organization.
	if t.is(a-1, "(") && t.is(b, ")") && idx > 0 && spans[idx-1].b == a-1 && spans[idx-1].kind == spPerson && s.kind != spPerson && !firstNamesHas(t.low(a)) && !moreNames[foldLower(t.low(a))] && !titleWords[t.low(a)] && !titleWords[t.low(b-1)] {
		c.org += 2
		c.person -= 4
	}
	// "call log – Blessing Achieng, Savanna Dairies Co-op": a two-word name
	// and then, after a comma, a company.
	if s.kind == spUnknown && b-a >= 2 && b-a <= 3 && !s.possessive && t.is(b, ",") && !companyWords[t.low(b-1)] && !companyWords[t.low(a)] {
		if ns := next(b + 1); ns != nil && ns.kind == spCompany {
			c.person += 3
			c.strongPerson = true
			c.company = ns
		}
	}
	// A CRM's breadcrumb: "HubSpot > Contacts > Lena Fischer (Nordmark…)".
	if t.is(a-1, ">") && t.is(a-2, "contacts", "contact", "people", "person", "leads", "lead") && s.kind != spCompany {
		c.person += 6
		c.strongPerson = true
	}
	// "Patricia Gomez, Executive Assistant to the CNO", "Kavya (his PA)":
	// whoever keeps the diary is not the one the rep must win.
	if (t.is(b, ",", "(", "-", "–", "|") || t.is(b, "is") && t.is(b+1, "the", "his", "her")) && t.contains(b+1, min(b+6, len(t.toks)), "assistant", "secretary", "pa", "ea", "receptionist", "gatekeeper") >= 0 && s.kind != spCompany {
		c.person -= 4
	}
	// "Kwame's friend's company", "Dana's brother runs it": the person
	// whose friend or relative it is only connects the rep.
	if s.possessive && t.is(b+1, "friend", "friend's", "friends", "brother", "brother's", "sister", "sister's", "cousin", "cousin's", "wife", "wife's", "husband", "husband's", "mate", "mate's", "neighbour", "neighbor", "uncle", "aunt", "dad", "mum", "mom", "father", "mother", "son", "daughter") {
		c.person -= 6
		c.colleague = true
	}
	// LinkedIn's card at the top of a copied conversation: "Chidinma Eze •
	// 1st", then "People Ops Lead at Brightwater Microfinance".
	if t.is(b, "•", "·") && t.is(b+1, "1st", "2nd", "3rd", "3rd+") && s.kind != spCompany {
		c.person += 6
		c.strongPerson = true
	}
	// "pitched a rebrand to Maison Ducret", "We pitched Fernhill Organics'
	// team", "Notes on Bayview Marina Resort", "runs Shane's Sparkies": an
	// account.
	if s.kind != spPerson && (t.is(a-1, "to", "pitched", "pitching") && t.contains(max(0, a-6), a, "pitched", "pitching", "presented", "pitch") >= 0 || t.is(a-1, "on") && t.is(a-2, "notes", "note", "update") || t.is(a-1, "runs", "owns", "manages") && !firstNamesHas(t.low(a))) {
		c.org += 4
		c.person -= 3
	}
	if t.is(b, "(") && t.is(b+1, "contact", "contacts", "poc", "spoc") && s.kind != spPerson {
		c.org += 4 // "Bayview Marina Resort (contact: Kai Nakoa, GM)"
		c.person -= 3
	}
	// "his replacement, Zanele Mokoena": who took over is whom the rep
	// must reach now.
	if t.is(a-1, "replacement", "successor") || t.is(a-1, ",") && t.is(a-2, "replacement", "successor") {
		c.person += 4
		c.strongPerson = true
	}
	// "Nina and I had a working session": someone the rep dealt with.
	if t.is(b, "and") && t.is(b+1, "i", "me") && !s.possessive && !c.colleague {
		c.person += 2
		c.strongPerson = c.strongPerson || s.kind == spPerson || firstNames[t.low(a)]
	}
	// "their CFO Robert Hale, who I've never met": not whom the rep talks to.
	if t.is(b, ",") && t.is(b+1, "who", "whom") && t.contains(b+2, min(b+7, len(t.toks)), "never") >= 0 && t.contains(b+2, min(b+8, len(t.toks)), "met", "spoken", "talked", "spoke", "heard") >= 0 {
		c.person -= 3
	}
	// "my AE partner Lena", "our regional sales manager Dave": a role on
	// the rep's side, a word or two after "my" or "our".
	if t.is(a-1, "partner", "colleague", "teammate", "manager", "boss", "ae", "sdr", "bdr", "se", "csm", "rep", "mentor", "cofounder", "co-founder", "counterpart", "buddy", "intern", "engineer") {
		for k := a - 2; k >= max(0, a-4); k-- {
			if t.is(k, "my", "our") {
				c.colleague = true
				break
			}
			if t.toks[k].kind != kWord || t.is(k, "and", "with", "to", "at", "the", "their", "her", "his") {
				break
			}
		}
	}
	for _, p := range choiceBeforeBy[t.low(a-1)] {
		if t.phraseBefore(a, p) {
			switch p {
			case "via", "on", "in", "into", "through", "like", "off", "off of", "over":
				// "via Slack", "in Excel"; not "heads up on Plainsview Dairy
				// Co-op" nor "stuck on Brodie at Coastline Aggregates".
				if s.kind != spPerson && s.kind != spCompany && !t.is(after, "at", "from", "@", "(") {
					c.tool = true
				}
			default:
				if s.kind != spPerson {
					c.competitor = true
				}
			}
		}
	}
	if t.is(after, "competitor") || t.is(a-1, "the") && t.is(after, "team") && t.contains(a-4, a, "competitor", "incumbent") >= 0 {
		c.competitor = true
	}

	// Quiet verbs right after: a person (or a company) who stopped answering.
	// Skip a parenthesis or an apposition first: "Kenji (Sora Kitchens) went
	// quiet", "Dana, our champion at Acme, went dark".
	k := t.skipAside(after)
	if t.is(k, "who") {
		k++ // "It's her boss, the CFO Anders Holm, who went quiet"
	} else if t.is(k, ",") && t.is(k+1, "who") {
		k += 2
	}
	if t.quietAt(k) || s.possessive && t.quietAt(b) {
		// (and "Since then Joao's gone silent": the "'s" is the verb's)
		c.quiet = true
		c.person += 6
		c.org += 4
	}
	if t.is(k, "just", "has", "have", "completely", "totally", "basically", "kinda", "kind", "then", "suddenly", "literally", "also", "now") && t.quietAt(k+1) {
		c.quiet = true
		c.person += 6
		c.org += 4
	}
	if !s.possessive && saidVerbs[t.low(k)] {
		c.person += 1.5
	}
	// "Lisa left the company", "Tom retired": gone, so not the one who went
	// quiet on the deal now.
	if t.goneAt(k) || t.is(b, ",") && t.is(b+1, "but", "pero", "mas", "aber", "mais") && t.is(b+2, "he", "she") && t.goneAt(b+3) {
		// "Sir Ramon, pero he resigned in November"
		c.gone = true
		c.person -= 2
	}
	// "Champion was Pieter van der Merwe, head of claims. He got
	// retrenched in May": the next sentence says it of them.
	if _, se := t.sentOf(a); se < len(t.toks) && t.is(se, "he", "she") && t.goneAt(se+1) && !c.gone {
		last := true
		for _, o := range spans[idx+1:] {
			if o.a >= se {
				break
			}
			if o.kind == spPerson || o.kind == spUnknown && firstNames[t.low(o.a)] {
				last = false
			}
		}
		if last {
			c.gone = true
			c.person -= 2
		}
	}

	// Before: contact verbs and prepositions.
	for _, p := range contactBeforeBy[t.low(a-1)] {
		if !t.phraseBefore(a, p) {
			continue
		}
		switch {
		case strings.HasSuffix(p, " from"):
			// "heard from X", "silence from X": a person or a company.
			c.person += 2
			c.org += 1.5
		case p == "to", p == "for", p == "from":
			// "from Tom" is a person, "from Loomly" an organization: the
			// span's own kind decides, with a small lean.
			if p == "from" {
				c.org += 1.5
				c.person += 1
			} else {
				c.org += 0.5
				c.person += 0.5
			}
		case p == "sent", p == "told", p == "asked", p == "left", p == "tried":
			c.person += 2
		default:
			c.person += 3.5
			c.strongPerson = true
		}
		break
	}
	if t.is(a-1, "at", "@") {
		c.org += 3.5
		c.person -= 2
	}
	// "Dana in HR ops", "Raj on the finance team": a person in a department.
	if t.is(after, "in", "on", "from") && (deptWords[t.low(after+1)] || t.is(after+1, "the") && deptWords[t.low(after+2)]) && !s.possessive {
		c.person += 3
		c.strongPerson = c.strongPerson || firstNames[t.low(a)] || s.kind == spPerson
	}
	// "Rosa Jimenez / Sunbelt Dental Partners", "Joon - Vexa".
	if t.is(after, "/", "-", "|", "@") && s.kind != spCompany {
		if ns := next(after + 1); ns != nil && (ns.kind == spCompany || ns.kind == spUnknown) {
			c.person += 3
			c.strongPerson = c.strongPerson || firstNames[t.low(a)] || s.kind == spPerson
			c.company = ns
		}
	}
	if t.is(a-1, "with") && !t.is(a-2, "happy", "stay", "stick", "went", "go", "signed", "contract", "deal", "partnered") {
		c.person += 1
		c.org += 1
		// "what happened with Brightwater Pools. The owner, …": a name of
		// two words or more, no known given name first, closing its clause.
		if s.b-a >= 2 && s.kind != spPerson && !firstNames[foldLower(t.low(a))] && !moreNames[foldLower(t.low(a))] && !s.possessive && (after >= len(t.toks) || t.is(after, ".", "?", "!", ";", "in")) {
			c.org += 2
		}
	}
	// "(Noor, Al Waha Dates)": a given name and the account, in brackets.
	if t.is(a-1, "(") && t.is(b, ",") && b-a == 1 && s.kind != spCompany && !companyWords[t.low(a)] {
		if ns := next(b + 1); ns != nil && t.is(ns.b, ")") && ns.b-ns.a >= 2 {
			c.person += 3
			c.strongPerson = true
			c.company = ns
		}
	}
	if t.is(b, ")") && t.is(a-1, ",") && b-a >= 2 {
		if p := prevSpan(); p != nil && p.b == a-1 && p.b-p.a == 1 && t.is(p.a-1, "(") && p.kind != spCompany {
			c.org += 3
			c.person -= 2
		}
	}
	// "practice manager at Eastside Vet Clinic, Brisbane.": a place after
	// the account, not a person.
	if t.is(a-1, ",") && b-a == 1 && s.kind != spPerson && (after >= len(t.toks) || t.is(after, ".", ";", ")", "\n")) {
		if p := prevSpan(); p != nil && p.b == a-1 && (p.kind == spCompany || companyWords[t.low(p.b-1)]) {
			c.person -= 6
		}
	}
	// "Aroha is the one who decides", "Aroha Tuhiwai (primary)": the story
	// marks its person.
	if t.is(after, "is") && t.is(after+1, "the") && t.is(after+2, "one") && t.is(after+3, "who", "that") && s.kind != spCompany {
		c.person += 8
		c.strongPerson = true
	}
	if t.is(after, "(") && t.is(after+1, "primary", "main", "decider", "dm", "champion") && t.is(after+2, ")") && s.kind != spCompany {
		c.person += 4
		c.strongPerson = true
	}
	// "the deal's with Taller Hermanos Quispe"
	if t.is(a-1, "with") && t.is(a-2, "'s") && t.is(a-3, "deal", "opp", "project") && s.kind != spPerson {
		c.org += 3
	}
	// "head of IT for Anatolia Seramik": a title for an account.
	if t.is(a-1, "for") && s.kind != spPerson && (titleWords[t.low(a-2)] || deptWords[t.low(a-2)]) {
		c.org += 3
	}
	// "Gustavo, Cervecería Pampa's brewmaster,": the person, then their
	// account's role for them.
	if s.possessive && t.is(a-1, ",") && s.kind != spPerson && t.toks[min(after, len(t.toks)-1)].kind == kWord && !t.capWord(after) {
		if p := prevSpan(); p != nil && p.b == a-1 && (p.kind == spPerson || firstNames[foldLower(t.low(p.a))]) {
			c.org += 3
		}
	}
	// "our deal with St. Catherine's College", "the situation with Ospedale
	// San Gerardo", "the pilot at Trans-Pol": an account.
	incumbent := t.is(a-2, "contract", "renewal", "agreement") && t.contains(max(0, a-6), a-2, "their", "current", "existing", "incumbent", "his", "her", "supply", "admin", "policy", "vendor", "service", "maintenance") >= 0
	if t.is(a-1, "with", "at", "for") && t.is(a-2, "deal", "deals", "opp", "opportunity", "situation", "renewal", "pilot", "proposal", "quote", "account", "contract", "rollout", "project", "trial", "poc", "tender", "bid") && !incumbent && s.kind != spPerson && !(firstNamesHas(t.low(a)) && s.b-a <= 2) && !(t.is(after, "(") && t.titleWithin(after+1, 4)) {
		c.org += 3
		c.competitor, c.tool = false, false
	}
	if t.is(a-1, "the") {
		c.person -= 3
		if t.is(after, "team", "deal", "account", "folks", "people", "guys", "opportunity", "opp", "project", "rollout", "side", "crew", "board", "contract", "renewal", "group") {
			c.org += 3
		}
	}
	if t.is(after, "team", "deal", "account", "folks", "people", "guys", "opp", "opportunity", "rollout", "side", "crew") && !t.is(a-1, "my", "our") {
		c.org += 2
		c.person -= 1
	}

	// "X at Y", "X from Y", "X @ Y", "X (title at Y)", "X, title at Y";
	// "Ramon Villanueva of Bayanihan Foods" for a person.
	if t.is(after, "at", "from", "@") || t.is(after, "of") && (s.kind == spPerson || t.honorBefore(a) || firstNamesHas(t.low(a))) {
		k2 := after + 1
		if t.is(k2, "the") {
			k2++ // "Hana from the Kyoto Gardens Hotel"
		}
		if ns := next(k2); ns != nil && (ns.kind == spCompany || ns.kind == spUnknown) {
			if s.kind != spCompany {
				c.person += 3
				// "Chuy at Constructora Fénix": a single word before "at" a
				// named organization is a person, known name or not.
				c.strongPerson = c.strongPerson || s.kind == spPerson || firstNames[t.low(a)] || s.b-s.a <= 2 && (ns.kind == spCompany || ns.b-ns.a >= 2)
				c.company = ns
			}
		}
	}
	// "it's Luis from AgroSens", "this is Kat from Relaypoint": the rep
	// introducing themselves.
	if t.is(a-1, "i'm", "im") || t.is(a-1, "is") && t.is(a-2, "this", "name") || t.is(a-1, "'s") && t.is(a-2, "it") || t.is(a-1, "it's") {
		// "Hi Marisol, it's Luis from AgroSens": the rep introducing
		// themselves in a message. "It's Mateus, COO at…" in the rep's own
		// note names the prospect.
		sa, _ := t.sentOf(a)
		if t.contains(max(sa, a-8), a, "hi", "hello", "hey", "dear", "morning", "afternoon") >= 0 || t.quoted(a) {
			c.colleague = true
		}
	}
	// "a contractor in Leeds (Hartley Groundworks)": a place, then the
	// account in brackets, is no person.
	place := t.is(a-1, "in", "near", "outside") && !firstNamesHas(t.low(a))
	// "that 300-unit building in Austin", "a clinic in Florence": a town
	// after a place, whatever first name it is too.
	if t.is(a-1, "in", "near", "outside") && b-a == 1 && !s.possessive && t.is(a-2, "building", "buildings", "office", "offices", "store", "stores", "site", "sites", "hq", "headquarters", "warehouse", "plant", "factory", "hotel", "hotels", "clinic", "clinics", "hospital", "school", "schools", "branch", "branches", "location", "locations", "restaurant", "shop", "facility", "campus", "based", "located", "property", "dealership", "practice", "firm", "company", "business", "agency", "chain", "group", "somewhere", "town", "city") {
		place = true
		c.person -= 8
		c.strongPerson = false
	}
	// "St. Columba's University (Edinburgh)", "(Atlas Phosphate Logistics,
	// Casablanca)": one word in brackets after an account is its town.
	if b-a == 1 && !s.possessive && !firstNamesHas(t.low(a)) && !moreNames[foldLower(t.low(a))] && t.is(b, ")") && t.capWord(a-2) && companyWords[t.low(a-2)] && (t.is(a-1, "(") || t.is(a-1, ",") && t.openParenBefore(a-1, 8)) {
		place = true
		c.person -= 8
		c.org -= 8
		c.strongPerson = false
	}
	if t.is(after, "(") && !place {
		c.person += t.parenPerson(after, &c)
		if t.parenDescribesOrg(after) && s.kind != spPerson && !firstNamesHas(t.low(a)) {
			// "Koala Kids Childcare (12 centres in NSW)", "Trans-Pol
			// (logistics company)": what an organization is.
			c.org += 3
		}
	}
	if t.is(after, ",", "-", "–", ":") && (t.is(after+1, "contact", "champion", "buyer", "poc", "contacts") || t.is(after+1, "main", "primary", "key", "my", "our") && t.is(after+2, "contact", "champion", "buyer", "poc")) && s.kind != spPerson && !firstNamesHas(t.low(a)) && !t.is(a-1, "from", "in", "near", "based", "outside") {
		// "Warenhaus Lindner, contact Jonas Albrecht": the account, then its
		// person.
		c.org += 4
	}
	// ("Client is Aigerim from Steppe Grain Holding": a person from an
	// account, not the account.)
	personFrom := t.is(a-2, "client", "customer") && t.is(after, "from", "at", "@") && t.capWord(after+1)
	if t.is(a-1, "is", ":") && (t.is(a-2, "company", "account", "acct", "client", "org", "organisation", "organization", "firm", "customer", "business", "employer", "brand", "co-op", "coop", "cooperative") || t.is(a-2, "name") && t.is(a-3, "'s", "company", "co-op", "org")) && s.kind != spPerson && !personFrom {
		// "company is Lighthouse Learning.", "co-op's name is Clearwater
		// Dairy Co-operative"
		c.org += 5
	}
	if t.is(after, ",", "·") && s.kind == spPerson && b-a >= 2 {
		// "Fatima Al-Mansouri, Emirates NBD - radio silence", "Pierre
		// Dubois · Michelin": a full name, then its organization set off
		// on its own.
		if ns := next(after + 1); ns != nil && (ns.kind == spUnknown || ns.kind == spCompany) && !t.personish(ns.a, ns.b) && !t.hyphenedTitle(ns.a) && (ns.b >= len(t.toks) || t.is(ns.b, "-", "–", "—", ":", "·", "(", "\n", ".", "|")) {
			co := *ns
			c.company = &co
			c.person += 3
			c.strongPerson = true
		}
	}
	if t.is(after, ",") {
		// "Marcus Lee, VP Finance at Brightline Health", "Priya Nair, our
		// champion at Fernhill Bank", "Joon, the CTO".
		j := after + 1
		if ns := next(j); ns != nil && (ns.kind == spTitle || ns.kind == spDept) || t.titleWithin(j, 5) {
			c.person += 3
			c.strongPerson = true
			if co := t.companyAfterTitle(j, spans, idx); co != nil {
				c.company = co
			}
		} else if t.is(j, "our", "my", "the", "their", "a", "an", "who", "head", "vp") || titleStarts(t, j) {
			if t.is(j, "who") {
				c.person += 1
			} else if sp := next(j); sp != nil && (sp.kind == spTitle || sp.kind == spDept) || titleStarts(t, j) || t.is(j, "our", "my", "the", "their") && (titleWords[t.low(j+1)] || deptWords[t.low(j+1)] || t.is(j+1, "champion", "contact", "buyer", "sponsor", "main", "primary", "point")) {
				c.person += 3
				c.strongPerson = true
				if co := t.companyAfterTitle(j, spans, idx); co != nil {
					c.company = co
				}
			}
		}
	}
	// "Head of RevOps, Sam Patel", "CFO Raj Mehta", "Loomly's Head of RevOps, Sam Patel".
	if ps := prevSpan(); ps != nil && (ps.kind == spTitle || ps.kind == spDept) {
		if ps.b == a || ps.b+1 == a && t.is(ps.b, ",") {
			c.person += 3
			c.strongPerson = true
			if pps := idx - 2; pps >= 0 && spans[pps].possessive && spans[pps].b+1 == ps.a {
				co := spans[pps]
				c.company = &co
			}
		}
	}
	if t.is(a-1, ",") && titleWords[t.low(a-2)] && !t.is(a-2, "contact", "lead", "account", "rep", "user", "team", "staff", "board") && t.is(after, ",", "said", "told", "is", "was", "has", "went") && s.kind != spCompany && (s.kind == spPerson || firstNamesHas(t.low(a)) || s.b-a == 1) &&
		// not "Lucía is marketing director, Jordi is their revenue
		// manager": that title is the clause before's.
		t.contains(max(0, a-6), a-2, "is", "was", "as") < 0 {
		// "Their IT director, Sunil, said…"; not "General Counsel, Rheinfeld
		// Chemie."
		c.person += 3
		c.strongPerson = true
	}
	if titleWords[t.low(a-1)] && !t.capWord(a-1) && !t.is(a-1, "contact", "lead", "account", "rep", "user", "team", "staff", "board") {
		// "the cfo Raj", "our champion Priya"
		c.person += 2.5
		c.strongPerson = true
	}
	if t.is(a-1, "champion", "contact", "buyer", "sponsor") {
		c.person += 3
		c.strongPerson = true
	}
	if t.is(a-1, "is", "was") && (titleWords[t.low(a-2)] || t.is(a-2, "contact", "champion", "person", "buyer", "lead")) && !t.is(a-3, "our", "my") && !t.capWord(a-2) && s.kind != spCompany {
		// "The general manager is Lucía Fernández", "my contact is Joon"
		c.person += 3
		c.strongPerson = true
	}
	// "The one gone quiet is their CFO, Ramon Villanueva", "the quiet one
	// is Dana": the story points at who went quiet, past a champion
	// named first.
	if s.kind != spCompany && t.quietOneBefore(a) {
		c.quiet = true
		c.person += 6
		c.strongPerson = true
	}
	// "Agro Pampa S.R.L. — Joaquín Ferreyra, runs ops…": the account, a
	// dash, then a full name set off by a comma.
	if ps := prevSpan(); ps != nil && ps.kind == spCompany && ps.b+1 == a && t.is(a-1, "—", "–", "-") && b-a >= 2 && s.kind != spCompany && t.is(b, ",", "(") && !t.hyphenedTitle(a) && !(titleWords[t.low(a)] || deptWords[t.low(a)]) {
		c.person += 3
		c.strongPerson = true
		co := *ps
		c.company = &co
	}
	// "our contact at Vexa, Joon" / "my contact at Vexa is Joon".
	if (t.is(a-1, ",") || t.is(a-1, "is")) && idx > 0 {
		ps := spans[idx-1]
		if ps.b == a-1 && (ps.kind == spCompany || ps.kind == spUnknown) && t.is(ps.a-1, "at", "from", "of", "@") && (t.is(ps.a-2, "contact", "champion", "buyer", "sponsor", "person", "guy", "lady", "woman", "man", "poc", "lead") || titleWords[t.low(ps.a-2)] || deptWords[t.low(ps.a-2)]) {
			c.person += 4
			c.strongPerson = true
			co := ps
			c.company = &co
		}
	}
	// "Loomly's CFO", "Acme's team": the possessor is an organization when a
	// title or a team follows, a person when a personal noun does.
	if s.possessive {
		w := t.low(b + 1)
		switch {
		case titleWords[w] || deptWords[w] || t.is(b+1, "team", "board", "budget", "side", "leadership", "procurement", "legal", "finance", "contract", "renewal", "fiscal", "new", "head", "vp", "it", "security"):
			if s.kind != spPerson {
				c.org += 3
			} else {
				c.person += 0.5
			}
		case t.is(b+1, "boss", "manager", "husband", "wife", "kid", "kids", "vacation", "leave", "inbox", "calendar", "assistant", "ea", "phone", "email"):
			c.person += 2
		}
	}
	// "Her name's Losa Faleolo", "his name is Tomas".
	if ((t.is(a-1, "'s") || t.is(a-1, "is")) && t.is(a-2, "name") || t.is(a-1, "name's", "names")) && t.contains(max(0, a-8), a, "hi", "hello", "hey") < 0 {
		c.person += 4
		c.strongPerson = true
	}
	// "Sione's the one who went quiet".
	if s.possessive && t.is(b+1, "the") && t.is(b+2, "one", "person", "guy", "lady") {
		c.person += 4
		c.strongPerson = true
		if t.contains(b+3, min(b+10, len(t.toks)), "quiet", "dark", "silent", "ghosted", "mia", "stopped", "ignoring") >= 0 {
			c.quiet = true
			c.person += 4
		}
	}
	// "Her VP, Mitch, is the final sign off": the prospect's boss, someone
	// the story mentions, not the one who went quiet.
	identifies := t.is(a-3, "it's", "its", "is", "was", "it") || t.is(a-4, "it's", "is", "was") // "It's his boss Renata Alves who…"
	bossWord := func(k int) bool {
		return titleWords[t.low(k)] || t.is(k, "boss", "manager", "superior", "md", "gm", "owner", "assistant", "pa", "ea", "deputy", "colleague")
	}
	if !identifies && (t.is(a-1, ",") && bossWord(a-2) && t.is(a-3, "her", "his") ||
		bossWord(a-1) && t.is(a-2, "her", "his") && !t.is(a-1, "contact") ||
		t.is(a-1, "(") && bossWord(a-2) && t.is(a-3, "her", "his")) {
		// ("her boss (Colm, VP Quality)", "his boss Paul Ryder" too.)
		// "their CFO, Hannah" is the company's CFO, often the prospect.
		// ("his PM Darnell keeps telling me…" too.)
		c.colleague = true
	}
	// "Our VP, Kevin," / "my manager, Dave,", "my manager (Ruth)": the rep's side.
	if t.is(a-1, "(") && (t.is(a-3, "our", "my") && (titleWords[t.low(a-2)] || t.is(a-2, "boss", "manager", "mgr", "lead", "colleague", "teammate", "coworker", "co-worker", "se", "ae", "sdr", "bdr", "vp", "director")) || t.is(a-4, "our", "my") && t.is(a-2, "lead", "manager", "mgr", "head")) {
		c.colleague = true
	}
	if t.is(a-1, ",") && (t.is(a-3, "our", "my") && titleWords[t.low(a-2)] || t.is(a-4, "our", "my") && (titleWords[t.low(a-2)] || deptWords[t.low(a-3)])) {
		c.colleague = true
	}
	// "Laurentian Steel's head of maintenance, Guy Pelletier, has…": a
	// title in lower case before the comma.
	if t.is(a-1, ",") && !c.colleague && !t.is(after, ")") && s.kind != spCompany {
		for k := a - 2; k >= max(0, a-10); k-- {
			if t.is(k, ".", ";", "\n", ",", "(", ")") {
				break
			}
			if t.is(k-1, "(") || t.contains(max(0, k-4), k, "(") >= 0 && t.is(after, ")") {
				break // "(CFO, Kroonpay)", "(Medical Director, St. Brendan's Clinic)": the company after a title
			}
			if titleWords[t.low(k)] && !t.is(k, "contact", "account", "user", "team", "staff", "board", "lead", "rep") {
				c.person += 3
				c.strongPerson = true
				break
			}
		}
	}
	// "Grace is practice manager at Lindenfield Clinic", "Joon is their CTO".
	if t.is(after, "is", "was", "'s") && !s.possessive && s.kind != spCompany {
		for k := after + 1; k < min(after+6, len(t.toks)); k++ {
			if t.is(k, ".", ",", ";", "\n") {
				break
			}
			if titleWords[t.low(k)] && !t.is(k, "contact", "account", "user", "team", "staff", "board", "lead") {
				c.person += 3
				c.strongPerson = true
				if co := t.companyAfterTitle(k, spans, idx); co != nil {
					c.company = co
				}
				break
			}
		}
	}
	// "Sent Bea a couple iMessages", "told Raj the price": someone who got
	// a message.
	if t.is(a-1, "sent", "told", "asked", "left", "gave", "showed", "messaged", "texted", "emailed", "pinged", "called") && t.is(after, "a", "an", "the", "my", "our", "two", "three", "2", "3", "another", "some") {
		c.person += 2
		c.strongPerson = true
	}
	// "Kirra's team at Sunbright Solar": a person's team, boss, company.
	if s.possessive && t.is(b+1, "team", "boss", "manager", "colleague", "cfo", "ceo", "vp", "director", "assistant", "company", "side") && t.is(b+2, "at", "from", "@") {
		c.person += 3
		c.strongPerson = true
		if ns := next(b + 3); ns != nil && (ns.kind == spCompany || ns.kind == spUnknown) {
			c.company = ns
		}
	}
	// "Procurement at Orion Retail (Nadia)", "the VP Finance (Marcus)": a
	// lone given name in brackets after a department or company.
	deptAt := func(ps span) bool {
		// "Procurement at Halcyon Logistics (Bartek)", "ops at Redwater (Marisol)"
		w := t.low(ps.a - 2)
		return t.is(ps.a-1, "at", "from", "@") && (deptWords[w] || titleWords[w] || idx >= 2 && (spans[idx-2].kind == spDept || spans[idx-2].kind == spTitle) && spans[idx-2].b == ps.a-1)
	}
	if t.is(a-1, "(") && t.is(after, ")") && idx > 0 && spans[idx-1].b == a-1 && t.honorBefore(spans[idx-1].a) || t.is(a-1, "(") && t.is(after, ")") && idx > 0 && spans[idx-1].b == a-1 && func() bool { _, ok := t.honorificAt(spans[idx-1].a); return ok }() {
		// "Frau Schneider (Katrin)": the given name of the person before.
		c.person += 5
		c.strongPerson = true
	} else if t.is(a-1, "(") && t.is(after, ")") && s.kind != spCompany && idx > 0 && s.b-s.a <= 3 && (firstNames[t.low(a)] || s.kind == spPerson || deptAt(spans[idx-1])) {
		ps := spans[idx-1]
		if ps.b == a-1 {
			switch ps.kind {
			case spCompany, spUnknown:
				c.person += 3
				c.strongPerson = true
				co := ps
				c.company = &co
			case spTitle, spDept:
				c.person += 3
				c.strongPerson = true
			}
		}
	}
	// "Hana Novak, Kovo Precision." – a company in apposition at the end;
	// "Dr Fiona MacLeod, NHS Highland, consultant anaesthetist" – or in the
	// middle, after a person.
	if t.is(after, ",") && s.kind != spCompany {
		if ns := next(after + 1); ns != nil && (ns.kind == spCompany || ns.kind == spUnknown && ns.b-ns.a >= 2 && !t.personish(ns.a, ns.b)) && (ns.b >= len(t.toks) || t.is(ns.b, ".", "\n", ";", ")") || t.is(ns.b, ",") && (s.kind == spPerson || c.strongPerson || firstNamesHas(t.low(a)))) {
			c.person += 2
			c.company = ns
		}
	}
	// "Lakeview Residential - Stephanie (regional mgr)", "Transportadora
	// Rota Sul - contato Marcelo": the account, a dash, then its person.
	if idx > 0 && s.kind != spCompany && (s.kind == spPerson || firstNamesHas(t.low(a))) {
		ps := spans[idx-1]
		gap := a - ps.b
		if (ps.kind == spCompany || ps.kind == spUnknown && ps.b-ps.a >= 2) && gap >= 1 && gap <= 3 && t.is(ps.b, "-", "–", "/", "|", ":") && c.company == nil {
			ok := true
			for k := ps.b + 1; k < a; k++ {
				if !t.is(k, "contact", "contato", "contacto", "kontakt", "poc", "pic", "owner", "the") && !titleWords[t.low(k)] {
					ok = false
				}
			}
			if ok {
				c.person += 3
				c.strongPerson = true
				co := ps
				c.company = &co
			}
		}
	}
	// "Kwame - head of finance ops, Stanmore Housing": a title, then the
	// company after a comma.
	if t.is(after, "-", "–", ",") && s.kind != spCompany && t.titleWithin(after+1, 3) {
		for k := after + 1; k < min(after+10, len(t.toks)); k++ {
			if t.is(k, ".", ";", "\n") {
				break
			}
			if t.is(k, ",", "at", "@", "of") {
				if co := next(k + 1); co != nil && (co.kind == spCompany || co.kind == spUnknown) {
					c.person += 3
					c.strongPerson = true
					c.company = co
					break
				}
			}
		}
	}
	// "Kai Müller - Leiter Vertrieb at Nordlicht Medien": a title we do not
	// know, then "at" and the company.
	if t.is(after, "-", ",", "–") && s.kind != spCompany {
		if ns := next(after + 1); ns != nil && t.is(ns.b, "at", "@") {
			if co := next(ns.b + 1); co != nil && (co.kind == spCompany || co.kind == spUnknown) {
				c.person += 3
				c.strongPerson = c.strongPerson || firstNames[t.low(a)]
				c.company = co
			}
		}
	}
	// "founder of Parcelly", "the CFO at Lumora", "owns Price Mechanical".
	if t.is(a-1, "of", "at", "@") && titleWords[t.low(a-2)] || t.is(a-1, "owns", "runs", "founded", "co-founded", "cofounded", "heads") {
		c.org += 3
		c.person -= 2
	}
	// "Pinewood Senior Living: budgets are frozen" – an account named at the
	// start of a line.
	if t.is(after, ":") && t.toks[a].first && !firstNames[t.low(a)] {
		c.org += 2.5
	}
	// "Anh Tran from Saigon Craft Coffee hasn't replied": what follows a
	// person and "at"/"from" is their organization, even when the verb after
	// it is about the person.
	if t.is(a-1, "at", "from", "@") && idx > 0 && spans[idx-1].b == a-1 && (spans[idx-1].kind == spPerson || spans[idx-1].kind == spUnknown || firstNames[t.low(spans[idx-1].a)]) && s.kind != spPerson && !firstNames[t.low(a)] {
		if c.quiet {
			c.person -= 6
			c.org -= 4
		}
		c.org += 3
		c.person -= 3
	}
	// A company's own words: "Brightline Health" has a company word.
	if s.kind == spCompany {
		c.org += 1
	}
	return c
}

// honorBefore: a form of address right before token a ("Dott.ssa Chiara",
// "Prof. Ricci").
func (t *text) honorBefore(a int) bool {
	for h := max(0, a-4); h < a; h++ {
		if j, ok := t.honorificAt(h); ok && j == a {
			return true
		}
	}
	return false
}

// titleWithin reports whether a job title word comes within n words of j,
// before any break: ", managing partner at", ", head of ops,".
func (t *text) titleWithin(j, n int) bool {
	for k := j; k < min(j+n, len(t.toks)); k++ {
		if t.is(k, ".", ";", "\n", "(", ")", "!", "?") {
			return false
		}
		if titleWords[t.low(k)] && (!t.is(k, "contact", "account", "user", "team", "staff", "board", "lead", "owner", "rep") || t.is(k, "lead", "owner") && k > j && deptWords[t.low(k-1)]) {
			return true // "VP Finance", "compliance lead"
		}
	}
	return false
}

// titleStarts reports whether a job title starts at token j, in lower or
// title case ("vp finance", "Head of RevOps", "head of it").
func titleStarts(t *text, j int) bool {
	w := t.low(j)
	return titleWords[w] && !t.is(j, "contact", "account", "user", "team", "staff", "board", "lead")
}

// companyAfterTitle finds "at Y" or ", Y" after a title that starts at j:
// ", VP Finance at Brightline Health", "(Head of RevOps, Loomly)".
func (t *text) companyAfterTitle(j int, spans []span, idx int) *span {
	for k := j; k < min(j+10, len(t.toks)); k++ {
		if t.is(k, ".", ";", "\n", ")") {
			return nil
		}
		if t.is(k, "at", "@", "from", "with", "of", "ng") || t.is(k, ",") && k > j {
			for s := idx + 1; s < len(spans); s++ {
				if spans[s].a == k+1 && (spans[s].kind == spCompany || spans[s].kind == spUnknown) {
					sp := spans[s]
					if sp.kind == spUnknown && t.is(k, ",") && (t.is(sp.b, "is", "was", "said", "has", "had", "told", "will") || sp.b-sp.a == 1 && firstNamesHas(t.low(sp.a))) {
						return nil // "marketing director, Jordi is their…": the next clause's person
					}
					return &sp
				}
				if spans[s].a > k+1 {
					break
				}
			}
		}
	}
	return nil
}

// orgDescriptors say what an organization is or how big: "(12 centres in
// NSW)", "(chain of 7 restaurants)", "(logistics company)".
var orgDescriptors = map[string]bool{
	"company": true, "firm": true, "chain": true, "group": true, "agency": true, "startup": true, "business": true,
	"centres": true, "centers": true, "sites": true, "stores": true, "branches": true, "locations": true, "outlets": true,
	"clinics": true, "hospitals": true, "schools": true, "campuses": true, "restaurants": true, "hotels": true,
	"plants": true, "factories": true, "warehouses": true, "employees": true, "staff": true, "people": true,
	"beds": true, "trucks": true, "vehicles": true, "agents": true, "seats": true, "users": true, "members": true,
	"insurer": true, "bank": true, "manufacturer": true, "distributor": true, "retailer": true, "wholesaler": true,
	"supplier": true, "provider": true, "operator": true, "producer": true, "brand": true, "nonprofit": true,
	"charity": true, "council": true, "municipality": true, "university": true, "college": true, "school": true,
	"hospital": true, "clinic": true, "practice": true, "subsidiary": true, "onlus": true, "ngo": true, "co-op": true,
	"cooperative": true, "fintech": true, "saas": true, "logistics": true, "buildings": true, "properties": true,
}

// ofSplits: an "of" at token j that ends a person or a title rather than
// joining one name: "Mr. Okonkwo of Zenith Agro", "CTO of Loomstack", "MD of
// Lekki Crest Properties"; but "Bank of America", "Head of Customer Success",
// "University of Ghana" are one name each.
func (t *text) ofSplits(j int) bool {
	if !t.is(j, "of") {
		return false
	}
	left := t.low(j - 1)
	switch {
	case companyWords[left] || ofOrgs[left]:
		return false
	case titleWords[left] || t.toks[j-1].upper && len(left) <= 4:
		// "Head of RevOps", "Director of Customer Success": a department
		// after a title stays with it. A role over a whole company ("CTO
		// of Loomstack", "MD of Lekki Crest Properties"), a title that
		// already has its department ("HR Director of Pacific Harvest
		// Corp") or a company after it ends the title.
		if wholeCompanyRoles[left] || deptWords[t.low(j-2)] {
			return true
		}
		k := j + 1
		for k < len(t.toks) && (t.capWord(k) || t.is(k, "&")) && t.toks[k].line == t.toks[j].line {
			k++
		}
		return legalForms[t.low(k-1)] && k-1 > j+1
	case firstNamesHas(left) || honorifics[t.low(j-2)] || t.is(j-2, ".") && honorifics[t.low(j-3)] || t.capWord(j-1) && (firstNamesHas(t.low(j-2)) || moreNames[foldLower(t.low(j-2))]) || honorSuffixed(left):
		return true // "Mr. Okonkwo of Zenith Agro", "Dana Lee of Acme", "Sato-san of Hokuriku"
	}
	return false
}

// legalForms end a company's name and nothing else: "Pacific Harvest Corp".
var legalForms = map[string]bool{
	"inc": true, "incorporated": true, "llc": true, "llp": true, "ltd": true, "limited": true, "corp": true,
	"corporation": true, "co": true, "company": true, "group": true, "holdings": true, "plc": true, "gmbh": true,
	"ag": true, "sa": true, "srl": true, "bv": true, "nv": true, "pty": true, "pte": true, "bhd": true, "jsc": true,
}

// wholeCompanyRoles are titles over a whole organization: what follows "of"
// is the organization.
var wholeCompanyRoles = map[string]bool{
	"ceo": true, "cto": true, "cfo": true, "coo": true, "cmo": true, "cio": true, "ciso": true, "cro": true, "cpo": true,
	"md": true, "gm": true, "president": true, "founder": true, "cofounder": true, "co-founder": true, "owner": true,
	"chairman": true, "chairwoman": true, "chair": true, "principal": true, "partner": true, "officer": true,
}

// ofOrgs open organization names that go on with "of": "Bank of …",
// "University of …", "City of …".
var ofOrgs = map[string]bool{
	"bank": true, "university": true, "college": true, "city": true, "county": true, "state": true, "ministry": true,
	"department": true, "institute": true, "school": true, "academy": true, "society": true, "board": true,
	"council": true, "office": true, "bureau": true, "federation": true, "association": true, "chamber": true,
	"republic": true, "province": true, "district": true, "port": true, "church": true, "house": true, "museum": true,
	"hospital": true, "sisters": true, "friends": true, "knights": true, "order": true, "sons": true, "daughters": true,
}

// companyish: a last word that names a business more than a family
// ("Broadcasting", "Logistics", "Studios").
func companyish(w string) bool {
	return companyWords[w] || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ics") || strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "tion")
}

// parenDescribesOrg: the brackets after a name describe an organization.
func (t *text) parenDescribesOrg(open int) bool {
	found := false
	for k := open + 1; k < min(open+14, len(t.toks)); k++ {
		if t.is(k, ")", "\n") {
			break
		}
		if titleWords[t.low(k)] && !t.is(k, "staff", "team", "board", "user", "account") {
			return false // "(ops lead at Peace River Gas Co-op)": a person's role
		}
		if orgDescriptors[t.low(k)] {
			found = true
		}
	}
	return found
}

// parenPerson reads "(…)" after a span: a title inside makes the span a
// person ("Ahmed (Director of IT at Northwind Traders)"); a name inside
// makes it a department or company ("Procurement at Orion Retail (Nadia)").
func (t *text) parenPerson(open int, c *spanCtx) float64 {
	close := -1
	for k := open + 1; k < min(open+16, len(t.toks)); k++ {
		if t.is(k, ")") {
			close = k
			break
		}
	}
	if close < 0 {
		return 0
	}
	if t.is(open+1, "the", "a", "an", "their", "our", "his", "her") {
		// "une école à Lille (the CIO)": someone described, not the name
		// before the bracket.
		return 0
	}
	hasTitle := false
	for k := open + 1; k < close; k++ {
		if titleWords[t.low(k)] || deptWords[t.low(k)] && (t.capWord(k) || k == open+1 && t.is(k+1, ",")) && t.onlyRoleWords(open+1, k) {
			hasTitle = true // "(CFO, Kroonpay)", "(procurement, Volta Growers)"
		}
	}
	if !hasTitle {
		// "Baptiste Leroy (DSI at Groupe Carnelle)": "at" inside names the
		// company whatever the title is.
		for k := open + 1; k < close; k++ {
			if t.is(k, "at", "@") && t.capWord(k+1) {
				end := t.capRunEnd(k+1, close)
				sp := span{a: k + 1, b: end}
				sp.kind = t.classify(sp)
				if sp.kind == spCompany || sp.kind == spUnknown {
					c.company = &sp
					c.strongPerson = true
					return 3
				}
			}
		}
		// "Kenji (Sora Kitchens, 14 locations)": an organization inside makes
		// the outer name a person; a lone given name inside ("(Nadia)") makes
		// the outer phrase a department or company.
		if close == open+2 && firstNames[t.low(open+1)] {
			return -2
		}
		if t.capWord(open + 1) {
			end := t.capRunEnd(open+1, close)
			sp := span{a: open + 1, b: end}
			sp.kind = t.classify(sp)
			if sp.kind != spTitle && sp.kind != spDept && sp.kind != spOther && !(sp.kind == spPerson && firstNamesHas(t.low(sp.a)) && !companyish(t.low(sp.b-1))) && !(len(t.low(open-1)) >= 2 && !t.capWord(open-2) && strings.HasPrefix(t.low(sp.a), t.low(open-1)) && !companyish(t.low(sp.b-1))) && (end-open-1 >= 2 || sp.kind == spCompany) {
				c.company = &sp
				c.strongPerson = true
				return 2.5
			}
		}
		return 0
	}
	c.strongPerson = true
	// The company inside: after "at", "@", "," or "from"; the first one
	// ("managing partner, Eze & Partners, Abuja": the city is a place).
	for k := open + 1; k < close && c.company == nil; k++ {
		if t.is(k, "at", "@", ",", "from") && t.capWord(k+1) {
			end := t.capRunEnd(k+1, close)
			s := span{a: k + 1, b: end}
			s.kind = t.classify(s)
			// "(CMO, Aurora Skincare)": after the title, the organization,
			// even when its words could be a person's.
			if s.kind == spCompany || s.kind == spUnknown || s.kind == spPerson && end-k-1 >= 2 && t.is(k, ",", "at", "@") && end == close {
				c.company = &s
			}
		}
	}
	return 3
}

// capRunEnd returns where a run of capitalized words from token a ends,
// before limit: words joined by a connector ("Banco de Occidente") run on,
// and a legal form written with dots ends the run, its last dot included
// ("(Al-Rashid Contracting Co. W.L.L.)").
func (t *text) capRunEnd(a, limit int) int {
	end := a
	for end < limit {
		if n := t.dottedLegalForm(end); n > 0 && end > a && end+n <= limit {
			return end + n
		}
		if !(t.capWord(end) || nameConnectors[t.low(end)] && t.capWord(end+1)) {
			break
		}
		end++
	}
	return end
}

// hyphenedTitle reports whether token k joins a title and a department
// with a hyphen: "GM-IT", "VP-Sales".
func (t *text) hyphenedTitle(k int) bool {
	first, _, ok := strings.Cut(t.low(k), "-")
	return ok && titleWords[first]
}

// onlyRoleWords reports whether tokens a up to b are all title or
// department words: a department word ends a title ("(IT Operations,
// Lagos)") but not an organization's name ("(Gulf Horizon Facilities,
// Dubai)").
func (t *text) onlyRoleWords(a, b int) bool {
	for k := a; k < b; k++ {
		if !titleWords[t.low(k)] && !deptWords[t.low(k)] && !t.is(k, "of", "&", "and") {
			return false
		}
	}
	return true
}

// inQuote reports whether token i sits inside quotation marks in its line,
// counting only quote marks that open or close a quotation: a ' inside a
// word ("didn't", "Sam's") or after an s ("the reps' notes") is not one.
func (t *text) inQuote(i int) bool {
	start := t.toks[i].start
	lineStart := strings.LastIndexByte(t.s[:start], '\n') + 1
	before := t.s[lineStart:start]
	open1, open2 := false, false
	for k := 0; k < len(before); k++ {
		switch before[k] {
		case '"':
			open2 = !open2
		case '\'':
			prevLetter := k > 0 && isLetterByte(before[k-1])
			nextLetter := k+1 < len(before) && isLetterByte(before[k+1])
			switch {
			case !prevLetter && nextLetter || !prevLetter && k+1 < len(before) && before[k+1] >= '0' && before[k+1] <= '9':
				open1 = true // an opening quote
			case (prevLetter || k > 0 && strings.IndexByte(".!?,)0123456789", before[k-1]) >= 0) && !nextLetter && open1:
				open1 = false // a closing quote
			}
		}
	}
	return open1 || open2
}

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80 }

// quoted reports whether token i sits inside quotation marks in its line.
func (t *text) quoted(i int) bool {
	ln := t.lines[t.toks[i].line]
	start := t.toks[i].start
	lineStart := strings.LastIndexByte(t.s[:start], '\n') + 1
	before := t.s[lineStart:start]
	_ = ln
	return strings.Count(before, "'")%2 == 1 && !strings.HasSuffix(strings.TrimSpace(before), "s") || strings.Count(before, "\"")%2 == 1
}

// goneAt: the words at token k say someone left ("left the company", "got
// retrenched", "moved on", "was replaced").
func (t *text) goneAt(k int) bool {
	return t.is(k, "got", "was", "been") && t.is(k+1, "retrenched", "sacked", "redundant", "axed") || t.is(k, "left", "quit", "retired", "resigned", "retrenched") && !t.is(k+1, "a", "me", "us", "him", "her", "them", "two", "three", "2", "3", "voicemails", "voicemail", "vms", "vm", "messages", "message", "msg", "msgs", "note", "notes", "word", "details", "it") ||
		t.is(k, "moved") && t.is(k+1, "on", "to") || t.is(k, "is", "was", "got") && t.is(k+1, "gone", "fired", "let", "laid", "replaced") || t.is(k, "has", "had") && t.is(k+1, "left", "moved", "gone") && !t.is(k+2, "quiet", "dark", "silent", "cold")
}

// honorSuffixed: a name with a Japanese form of address on it
// ("Sato-san", "Tanaka-sensei").
func honorSuffixed(low string) bool {
	for _, suf := range []string{"-san", "-sama", "-sensei", "-kun", "-chan", "-shi"} {
		if strings.HasSuffix(low, suf) && len(low) > len(suf)+1 {
			return true
		}
	}
	return false
}

// stripHonorSuffix drops a Japanese form of address from a lower-case
// name: "tanaka-san" is tanaka.
func stripHonorSuffix(low string) string {
	if honorSuffixed(low) {
		return low[:strings.LastIndexByte(low, '-')]
	}
	return low
}

// openParenBefore reports whether a "(" opens within the n tokens before k
// and no ")" closes it before k.
func (t *text) openParenBefore(k, n int) bool {
	for m := k - 1; m >= max(0, k-n); m-- {
		switch {
		case t.is(m, ")"):
			return false
		case t.is(m, "("):
			return true
		}
	}
	return false
}
