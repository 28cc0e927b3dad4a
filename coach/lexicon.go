package coach

import (
	"embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The cue lexicon is text a sales coach can edit without touching Go: the
// files in cues/ are embedded and parsed once at start. cues/reasons.txt says
// which phrases speak for (or against) each of the seven reasons,
// cues/answers.txt how free-text answers map to a question's options, and
// cues/grammar.txt the small words that steer the reading (negations, the
// rep's own actions). The syntax is described at the top of each file.

//go:embed cues/*.txt
var cueFiles embed.FS

// ptokKind is what one word of a phrase matches.
type ptokKind uint8

const (
	ptExact  ptokKind = iota // the word itself
	ptPrefix                 // "restructur*": any word starting so
	ptGap                    // "..": up to maxGap words
	ptCap                    // "<cap>": a capitalised word mid-sentence (a product, a company)
)

// maxGap is how many words ".." may skip.
const maxGap = 4

type ptok struct {
	kind ptokKind
	text string
}

func (t ptok) matches(w word) bool {
	switch t.kind {
	case ptExact:
		// "budget's there", "timing's fine": after a noun, 's is mostly
		// "is", so a phrase written with "is" matches it.
		return w.text == t.text || t.text == "is" && w.text == "'s"
	case ptPrefix:
		return strings.HasPrefix(w.text, t.text)
	case ptCap:
		return w.cap
	}
	return false
}

// cue is one line of the lexicon: a phrase (expanded into one pattern per
// alternative) that moves one group (a reason, or an answer option) by weight.
type cue struct {
	group  string
	weight float64
	// repOK: the phrase counts even inside the rep's own action ("I bumped
	// the thread" is evidence of tactics; "I sent an ROI note" is no evidence
	// that they doubt the value).
	repOK bool
	line  string
	id    int
}

// A phrase is compiled into a rule: a sequence of slots, each slot the
// alternatives one {a|b|c} group (or one plain word) allows. Alternatives
// are never multiplied out: a line with three groups of ten is one rule of
// three slots, not a thousand phrases, so the lexicon can be generous and
// matching stays fast.
type rule struct {
	slots []slot
	cue   *cue
	// index is the rule's place in its phraseSet.
	index int
}

// slot is one position of a rule.
type slot struct {
	// single holds the one-word exact alternatives, each marked true when
	// it is a negator ("not", "never").
	single map[string]bool
	// seqs holds the other alternatives: several words, stems, <cap>, gaps.
	seqs []altSeq
	// byFirst indexes seqs by their first word, when it is an exact word;
	// others lists the rest (a stem or <cap> first).
	byFirst map[string][]int
	others  []int
	// empty: the slot may match nothing ({really |}).
	empty bool
	// gap: the slot is "..", up to maxGap words.
	gap bool
	// end: the slot may match the end of a clause, taking no word.
	end bool
}

// altSeq is one alternative of a slot that is not a single exact word.
type altSeq struct {
	toks []ptok
	neg  bool
}

// slotEnd is one way a slot can end: the word index after it, and whether
// what it matched carries a negation.
type slotEnd struct {
	at  int
	neg bool
}

// ends lists where slot sl can end when it starts at ws[i], longest first.
func (sl *slot) ends(ws []word, i int, out []slotEnd) []slotEnd {
	out = out[:0]
	if sl.gap {
		for skip := maxGap; skip >= 0; skip-- {
			if i+skip <= len(ws) && !crossesHardBreak(ws, i, i+skip) {
				out = append(out, slotEnd{i + skip, false})
			}
		}
		return out
	}
	if i < len(ws) && ws[i].brk == brkNone {
		t := ws[i].text
		try := func(k int) {
			a := sl.seqs[k]
			n := len(out)
			out = seqEnds(a.toks, ws, i, out)
			for j := n; j < len(out); j++ {
				out[j].neg = a.neg
			}
		}
		if sl.byFirst != nil {
			for _, k := range sl.byFirst[t] {
				try(k)
			}
		}
		if t == "'s" && sl.byFirst != nil {
			for _, k := range sl.byFirst["is"] {
				try(k)
			}
		}
		for _, k := range sl.others {
			try(k)
		}
		if neg, ok := sl.single[t]; ok {
			out = append(out, slotEnd{i + 1, neg})
		} else if t == "'s" {
			if _, ok := sl.single["is"]; ok {
				out = append(out, slotEnd{i + 1, false})
			}
		}
	}
	if sl.empty || sl.end && (i == len(ws) || ws[i].brk != brkNone) {
		out = append(out, slotEnd{i, false})
	}
	if len(out) > 1 {
		slices.SortStableFunc(out, func(a, b slotEnd) int { return b.at - a.at })
	}
	return out
}

func crossesHardBreak(ws []word, from, to int) bool {
	for k := from; k < to; k++ {
		if ws[k].brk == brkHard {
			return true
		}
	}
	return false
}

// seqEnds appends to out where a sequence of tokens can end when it
// starts at ws[i].
func seqEnds(toks []ptok, ws []word, i int, out []slotEnd) []slotEnd {
	for len(toks) > 0 {
		t := toks[0]
		if t.kind == ptGap {
			for skip := 0; skip <= maxGap && i+skip <= len(ws); skip++ {
				if skip > 0 && ws[i+skip-1].brk == brkHard {
					break
				}
				out = seqEnds(toks[1:], ws, i+skip, out)
			}
			return out
		}
		if i >= len(ws) || ws[i].brk != brkNone || !t.matches(ws[i]) {
			return out
		}
		toks, i = toks[1:], i+1
	}
	return append(out, slotEnd{at: i})
}

// matchAt returns the end of a match of the rule's slots from k on,
// starting at ws[i], and whether it carries its own negation; -1 when it
// does not match.
func (r *rule) matchAt(ws []word, i, k int, buf [][]slotEnd) (int, bool) {
	if k == len(r.slots) {
		return i, false
	}
	ends := r.slots[k].ends(ws, i, buf[k])
	buf[k] = ends
	for _, e := range ends {
		if end, neg := r.matchAt(ws, e.at, k+1, buf); end >= 0 {
			return end, neg || e.neg
		}
	}
	return -1, false
}

// phraseSet finds many phrases in one pass over the words: rules are
// indexed by the words they can start with (or the first letters of a
// leading stem).
type phraseSet struct {
	exact  map[string][]*rule
	prefix map[string][]*rule
	cues   []*cue
	rules  []*rule
	// maxSlots is the longest rule, for the matcher's scratch space.
	maxSlots int
}

const stemKey = 3

func newPhraseSet() *phraseSet {
	return &phraseSet{exact: map[string][]*rule{}, prefix: map[string][]*rule{}}
}

// phraseMatch is one phrase found at words [from, to).
type phraseMatch struct {
	cue      *cue
	from, to int
	// negative: the matched phrase carries its own negation.
	negative bool
}

// find returns every match, longest first among those of one group that
// overlap: a phrase inside a longer phrase of the same group ("checking in"
// inside "just checking in", "acquisition" inside "customer acquisition")
// is dropped, so the longer, more specific phrase decides.
func (s *phraseSet) find(ws []word) []phraseMatch {
	var ms []phraseMatch
	buf := make([][]slotEnd, s.maxSlots)
	// tried holds, per rule, 1 + the word position it was last tried at, so
	// a rule indexed under several first words is tried once per position.
	tried := make([]int32, len(s.rules))
	try := func(rs []*rule, i int) {
		for _, r := range rs {
			if tried[r.index] == int32(i+1) {
				continue
			}
			tried[r.index] = int32(i + 1)
			if e, neg := r.matchAt(ws, i, 0, buf); e > i {
				ms = append(ms, phraseMatch{r.cue, i, e, neg})
			}
		}
	}
	for i, w := range ws {
		if w.brk != brkNone {
			continue
		}
		try(s.exact[w.text], i)
		if w.text == "'s" {
			try(s.exact["is"], i)
		}
		if len(w.text) >= stemKey {
			try(s.prefix[w.text[:stemKey]], i)
		}
	}
	if len(ms) < 2 {
		return ms
	}
	// Longest first, so a covering match is kept before what it covers.
	slices.SortStableFunc(ms, func(a, b phraseMatch) int {
		if la, lb := a.to-a.from, b.to-b.from; la != lb {
			return lb - la
		}
		return a.from - b.from
	})
	kept := ms[:0]
	for _, m := range ms {
		covered := false
		for _, k := range kept {
			if k.cue.group != m.cue.group {
				continue
			}
			// A longer phrase of the same group decides over one inside it,
			// and over one it overlaps that reads the other way ("nobody
			// complained about the old system" is not a complaint).
			if k.from <= m.from && m.to <= k.to || m.from < k.to && k.from < m.to && (k.cue.weight < 0) != (m.cue.weight < 0) {
				covered = true
				break
			}
		}
		if !covered {
			kept = append(kept, m)
		}
	}
	slices.SortStableFunc(kept, func(a, b phraseMatch) int { return a.from - b.from })
	return kept
}

// wordSet is a set of single words, some of them stems ("reorgani*").
type wordSet struct {
	exact map[string]bool
	stems []string
}

func (s wordSet) has(w string) bool {
	if s.exact[w] {
		return true
	}
	for _, st := range s.stems {
		if strings.HasPrefix(w, st) {
			return true
		}
	}
	return false
}

// lexicon is everything parsed from cues/.
type lexicon struct {
	// reasons holds the diagnosis cues; a cue's group is a ReasonID.
	reasons *phraseSet
	// answers holds, per question, the phrases that pick an option; a cue's
	// group is "question-id option-value".
	answers map[string]*phraseSet
	// counts maps "question-id option-value" to the range of numbers that
	// pick it ("#1-2" lines), for questions answered with a count.
	counts map[string][2]int
	// generic holds plain yes, no and unsure phrases; a cue's group is
	// "yes", "no" or "unsure".
	generic *phraseSet
	// polarity maps "question-id yes" (or no, unsure) to the option a plain
	// yes picks, for questions whose options are not named yes and no.
	polarity map[string]string
	// whole holds answers read as a whole (nothing, chitchat): the folded
	// words of each, joined by spaces.
	whole map[string]map[string]bool
	// insight holds phrases showing the story already carries something new
	// to tell the prospect.
	insight *phraseSet
	// grammar holds the word lists of cues/grammar.txt by section name.
	grammar map[string]wordSet
	// macros holds "@define NAME {…}" lists by name.
	macros map[string]string
}

var lex = mustLoadLexicon()

func mustLoadLexicon() *lexicon {
	l, err := loadLexicon()
	if err != nil {
		panic("coach: the embedded cue lexicon is broken: " + err.Error())
	}
	return l
}

func loadLexicon() (*lexicon, error) {
	l := &lexicon{
		reasons:  newPhraseSet(),
		answers:  map[string]*phraseSet{},
		counts:   map[string][2]int{},
		generic:  newPhraseSet(),
		polarity: map[string]string{},
		whole:    map[string]map[string]bool{},
		insight:  newPhraseSet(),
		grammar:  map[string]wordSet{},
		macros:   map[string]string{},
	}
	// Grammar first: the other files need to know which words negate.
	for _, name := range []string{"grammar.txt", "reasons.txt", "answers.txt"} {
		b, err := cueFiles.ReadFile("cues/" + name)
		if err != nil {
			return nil, err
		}
		if err := l.parse(name, string(b)); err != nil {
			return nil, err
		}
	}
	for _, g := range []string{"negators", "negation-exceptions", "window-stops", "issue-words", "rep-actors", "rep-fillers", "rep-verbs", "scope-enders", "speech-verbs", "fillers", "clause-negations", "contrasts", "wonder-words"} {
		if _, ok := l.grammar[g]; !ok {
			return nil, fmt.Errorf("grammar.txt: missing section [%s]", g)
		}
	}
	for _, r := range Reasons {
		if !slices.ContainsFunc(l.reasons.cues, func(c *cue) bool { return c.group == string(r.ID) }) {
			return nil, fmt.Errorf("reasons.txt: no cues for %s", r.ID)
		}
	}
	return l, nil
}

// parse reads one file. Sections start with "[name args…]"; "#" starts a
// comment line.
func (l *lexicon) parse(file, src string) error {
	var section []string
	repOK := false
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		// "# text" is a comment; "#1-2" is a count range.
		if line == "" || strings.HasPrefix(line, "#") && !(len(line) > 1 && isDigit(line[1])) {
			continue
		}
		at := fmt.Sprintf("%s:%d", file, n+1)
		if rest, ok := strings.CutPrefix(line, "@define "); ok {
			name, body, _ := strings.Cut(strings.TrimSpace(rest), " ")
			body = strings.TrimSpace(body)
			if name == "" || !strings.HasPrefix(body, "{") || !strings.HasSuffix(body, "}") || strings.Count(body, "{") != 1 {
				return fmt.Errorf("%s: a list is \"@define NAME {a|b|c}\", got %q", at, line)
			}
			l.macros[name] = body
			continue
		}
		if strings.HasPrefix(line, "[") {
			if !strings.HasSuffix(line, "]") {
				return fmt.Errorf("%s: unclosed section header %q", at, line)
			}
			section = strings.Fields(line[1 : len(line)-1])
			if len(section) == 0 {
				return fmt.Errorf("%s: empty section header", at)
			}
			repOK = false
			if section[len(section)-1] == "rep" {
				repOK, section = true, section[:len(section)-1]
			}
			continue
		}
		if section == nil {
			return fmt.Errorf("%s: %q comes before any [section]", at, line)
		}
		var err error
		switch {
		case file == "grammar.txt":
			l.addGrammar(section[0], line)
		case file == "reasons.txt":
			if len(section) != 1 {
				return fmt.Errorf("%s: a reason section is [reason-id], got %v", at, section)
			}
			if _, perr := ParseReasonID(section[0]); perr != nil {
				return fmt.Errorf("%s: %v", at, perr)
			}
			err = l.addCue(l.reasons, section[0], line, repOK, at)
		case section[0] == "generic" && len(section) == 2:
			err = l.addCue(l.generic, section[1], line, false, at)
		case section[0] == "answer" && (len(section) == 3 || len(section) == 4):
			key := section[1] + " " + section[2]
			if len(section) == 4 {
				l.polarity[section[1]+" "+section[3]] = section[2]
			}
			if rest, ok := strings.CutPrefix(line, "#"); ok {
				lo, hi, ok := strings.Cut(rest, "-")
				a, e1 := strconv.Atoi(strings.TrimSpace(lo))
				b, e2 := strconv.Atoi(strings.TrimSpace(hi))
				if !ok || e1 != nil || e2 != nil || a > b {
					return fmt.Errorf("%s: a count range is #low-high, got %q", at, line)
				}
				l.counts[key] = [2]int{a, b}
				continue
			}
			ps := l.answers[section[1]]
			if ps == nil {
				ps = newPhraseSet()
				l.answers[section[1]] = ps
			}
			err = l.addCue(ps, key, line, false, at)
		case section[0] == "insight" && len(section) == 1:
			err = l.addCue(l.insight, "insight", line, false, at)
		case section[0] == "whole" && len(section) == 2:
			m := l.whole[section[1]]
			if m == nil {
				m = map[string]bool{}
				l.whole[section[1]] = m
			}
			m[foldWhole(line)] = true
		default:
			return fmt.Errorf("%s: unknown section %v", at, section)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *lexicon) addGrammar(section, line string) {
	s, ok := l.grammar[section]
	if !ok {
		s = wordSet{exact: map[string]bool{}}
	}
	for _, f := range strings.Fields(line) {
		if stem, ok := strings.CutSuffix(f, "*"); ok {
			s.stems = append(s.stems, stem)
			continue
		}
		for _, w := range tokenize(f) {
			if w.brk == brkNone {
				s.exact[w.text] = true
			}
		}
	}
	l.grammar[section] = s
}

// addCue parses "weight phrase" (weight optional, default 1) and adds one
// pattern per expansion of its {a|b} alternatives.
func (l *lexicon) addCue(ps *phraseSet, group, line string, repOK bool, at string) error {
	weight := 1.0
	if f, rest, ok := strings.Cut(line, " "); ok {
		if w, err := strconv.ParseFloat(f, 64); err == nil {
			weight, line = w, strings.TrimSpace(rest)
		}
	}
	if rest, ok := strings.CutSuffix(line, "@rep"); ok {
		repOK, line = true, strings.TrimSpace(rest)
	}
	c := &cue{group: group, weight: weight, repOK: repOK, line: line, id: len(ps.cues)}
	ps.cues = append(ps.cues, c)
	line, err := l.substitute(line)
	if err != nil {
		return fmt.Errorf("%s: %v", at, err)
	}
	r := &rule{cue: c}
	for rest := strings.TrimSpace(line); rest != ""; rest = strings.TrimSpace(rest) {
		var alts []string
		if rest[0] == '{' {
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return fmt.Errorf("%s: unclosed { in %q", at, line)
			}
			body := rest[1:end]
			if strings.IndexByte(body, '{') >= 0 {
				return fmt.Errorf("%s: nested { in %q", at, line)
			}
			alts, rest = strings.Split(body, "|"), rest[end+1:]
		} else {
			end := strings.IndexAny(rest, " {")
			if end < 0 {
				end = len(rest)
			}
			if strings.ContainsAny(rest[:end], "|}") {
				return fmt.Errorf("%s: stray | or } in %q", at, line)
			}
			alts, rest = []string{rest[:end]}, rest[end:]
		}
		sl, err := l.compileSlot(alts)
		if err != nil {
			return fmt.Errorf("%s: %v", at, err)
		}
		r.slots = append(r.slots, sl)
	}
	// A gap at the end adds nothing: "revisit .." is "revisit".
	for len(r.slots) > 0 && r.slots[len(r.slots)-1].gap {
		r.slots = r.slots[:len(r.slots)-1]
	}
	if len(r.slots) == 0 {
		return fmt.Errorf("%s: no words in %q", at, line)
	}
	exact, prefix := map[string]bool{}, map[string]bool{}
	if err := firstWords(r.slots, exact, prefix); err != nil {
		return fmt.Errorf("%s: %v in %q", at, err, line)
	}
	for w := range exact {
		ps.exact[w] = append(ps.exact[w], r)
	}
	for k := range prefix {
		ps.prefix[k] = append(ps.prefix[k], r)
	}
	r.index = len(ps.rules)
	ps.rules = append(ps.rules, r)
	ps.maxSlots = max(ps.maxSlots, len(r.slots))
	return nil
}

// compileSlot compiles the alternatives of one slot.
func (l *lexicon) compileSlot(alts []string) (slot, error) {
	sl := slot{single: map[string]bool{}}
	if len(alts) == 1 && strings.TrimSpace(alts[0]) == ".." {
		sl.gap = true
		return sl, nil
	}
	negators := l.grammar["negators"]
	for _, alt := range alts {
		var toks []ptok
		neg, isEnd := false, false
		for _, f := range strings.Fields(alt) {
			switch {
			case f == "..":
				toks = append(toks, ptok{kind: ptGap})
			case f == "<cap>":
				toks = append(toks, ptok{kind: ptCap})
			case f == "<end>":
				if strings.TrimSpace(alt) != f {
					return sl, fmt.Errorf("<end> is an alternative of its own")
				}
				sl.end, isEnd = true, true
				continue
			case strings.HasSuffix(f, "*"):
				stem := strings.ToLower(strings.TrimSuffix(f, "*"))
				if len(stem) < stemKey {
					return sl, fmt.Errorf("stem %q is shorter than %d letters", f, stemKey)
				}
				toks = append(toks, ptok{kind: ptPrefix, text: stem})
			default:
				for _, w := range tokenize(f) {
					if w.brk == brkNone {
						toks = append(toks, ptok{kind: ptExact, text: w.text})
						neg = neg || negators.has(w.text)
					}
				}
			}
		}
		switch {
		case isEnd:
		case len(toks) == 0:
			sl.empty = true
		case len(toks) == 1 && toks[0].kind == ptExact:
			sl.single[toks[0].text] = neg
		default:
			if toks[0].kind == ptGap {
				return sl, fmt.Errorf("an alternative cannot start with ..")
			}
			if toks[0].kind == ptExact {
				if sl.byFirst == nil {
					sl.byFirst = map[string][]int{}
				}
				sl.byFirst[toks[0].text] = append(sl.byFirst[toks[0].text], len(sl.seqs))
			} else {
				sl.others = append(sl.others, len(sl.seqs))
			}
			sl.seqs = append(sl.seqs, altSeq{toks, neg})
		}
	}
	return sl, nil
}

// firstWords collects the words (and stem keys) a rule can start with.
func firstWords(slots []slot, exact, prefix map[string]bool) error {
	if len(slots) == 0 {
		return fmt.Errorf("a phrase cannot be empty")
	}
	sl := slots[0]
	if sl.gap {
		return fmt.Errorf("a phrase cannot start with ..")
	}
	if sl.end {
		return fmt.Errorf("a phrase cannot start with <end>")
	}
	for w := range sl.single {
		exact[w] = true
	}
	for _, a := range sl.seqs {
		switch t := a.toks[0]; t.kind {
		case ptExact:
			exact[t.text] = true
		case ptPrefix:
			prefix[t.text[:stemKey]] = true
		default:
			return fmt.Errorf("a phrase cannot start with <cap>")
		}
	}
	if sl.empty {
		return firstWords(slots[1:], exact, prefix)
	}
	return nil
}

// substitute replaces each $NAME by its list. Inside a {…} group the list's
// alternatives join the group's.
func (l *lexicon) substitute(line string) (string, error) {
	if !strings.Contains(line, "$") {
		return line, nil
	}
	var b strings.Builder
	depth := 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch c {
		case '{':
			depth++
		case '}':
			depth--
		case '$':
			j := i + 1
			for j < len(line) && ('A' <= line[j] && line[j] <= 'Z' || line[j] == '_') {
				j++
			}
			body, ok := l.macros[line[i+1:j]]
			if !ok {
				return "", fmt.Errorf("unknown list %q", line[i:j])
			}
			if depth > 0 {
				body = body[1 : len(body)-1]
			}
			b.WriteString(body)
			i = j - 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}

// foldWhole reduces a short answer to its folded words, so "Nothing new."
// and "nothing  new" read the same.
func foldWhole(s string) string {
	var b strings.Builder
	for _, w := range tokenize(apostrophes.Replace(s)) {
		if w.brk != brkNone {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// isWhole reports whether the whole of text is one of the answers listed
// under [whole name], filler words aside ("not sure, honestly" is "not sure").
func (l *lexicon) isWhole(name, text string) bool {
	f := foldWhole(text)
	if l.whole[name][f] {
		return true
	}
	if fill := l.grammar["fillers"]; len(fill.exact) > 0 {
		var kept []string
		for _, w := range strings.Fields(f) {
			if !fill.exact[w] {
				kept = append(kept, w)
			}
		}
		if len(kept) > 0 {
			f = strings.Join(kept, " ")
		}
	}
	if f == "" {
		// "?", "…" and the like: no words at all.
		return strings.TrimSpace(text) != ""
	}
	return l.whole[name][f]
}
