package coach

import (
	"embed"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	// text is the stem of a ptPrefix token.
	text string
	// id is the word of a ptExact token; alt is a second word it also
	// matches ("'s" for "is").
	id, alt wordID
}

// matches reports whether the token matches word w, whose number is id.
func (t ptok) matches(w word, id wordID) bool {
	switch t.kind {
	case ptExact:
		return id == t.id || id == t.alt && id != 0
	case ptPrefix:
		return strings.HasPrefix(w.text, t.text)
	case ptCap:
		return w.cap
	}
	return false
}

// wordID numbers a word the lexicon uses; 0 is a word it does not use.
// Matching compares numbers: each word of a story is looked up once.
type wordID int32

// vocabulary numbers the exact words of every phrase in the lexicon.
type vocabulary struct {
	ids map[string]wordID
	// words holds each word by its number less one.
	words []string
}

// add returns the number of w, giving it one if it has none.
func (v *vocabulary) add(w string) wordID {
	if id, ok := v.ids[w]; ok {
		return id
	}
	id := wordID(len(v.ids) + 1)
	v.ids[w] = id
	v.words = append(v.words, w)
	return id
}

// alias is the second word a phrase word also matches: "budget's there",
// "timing's fine": after a noun, 's is mostly "is", so a phrase written
// with "is" matches it, and one written with "'s" matches "is".
func (v *vocabulary) alias(w string) wordID {
	switch w {
	case "is":
		return v.add("'s")
	case "'s":
		// "what 's out there": a story reads "what's" as "what is".
		return v.add("is")
	}
	return 0
}

// number returns the numbers of the words of a text: as the text was read
// when v is the lexicon's own vocabulary, looked up otherwise.
func (v *vocabulary) number(ws []word) []wordID {
	return v.numberInto(nil, ws)
}

// numberInto is number writing into ids, whose space is reused when it is
// large enough.
func (v *vocabulary) numberInto(ids []wordID, ws []word) []wordID {
	ids = slices.Grow(ids[:0], len(ws))[:len(ws)]
	for i, w := range ws {
		switch {
		case w.brk != brkNone:
			ids[i] = 0
		case lex != nil && v == lex.vocab:
			ids[i] = w.id
		default:
			ids[i] = v.ids[w.text]
		}
	}
	return ids
}

// gram marks the grammar lists (cues/grammar.txt) a word belongs to.
type gram uint16

const (
	gNegator gram = 1 << iota
	gNegException
	gWindowStop
	gIssue
	gRepActor
	gRepFiller
	gRepVerb
	gScopeEnder
	gSpeech
	gClauseNegation
	gContrast
	gWonder
	gQuestionWord
	gUntil
	gVolition
)

// gramSections names the grammar lists the reading needs, and their bits.
var gramSections = []struct {
	name string
	bit  gram
}{
	{"negators", gNegator}, {"negation-exceptions", gNegException}, {"window-stops", gWindowStop},
	{"issue-words", gIssue}, {"rep-actors", gRepActor}, {"rep-fillers", gRepFiller},
	{"rep-verbs", gRepVerb}, {"scope-enders", gScopeEnder}, {"speech-verbs", gSpeech},
	{"clause-negations", gClauseNegation}, {"contrasts", gContrast}, {"wonder-words", gWonder},
	{"question-words", gQuestionWord}, {"until-words", gUntil}, {"volition", gVolition},
}

// wordInfo is what the lexicon knows of one word.
type wordInfo struct {
	id   wordID
	gram gram
}

// annotate sets the number and grammar bits of each word of a text.
func (l *lexicon) annotate(ws []word) {
	for i := range ws {
		w := &ws[i]
		if w.brk != brkNone {
			continue
		}
		if info, ok := l.info[w.text]; ok {
			w.id, w.gram = info.id, info.gram
			continue
		}
		for _, st := range l.gramStems {
			if strings.HasPrefix(w.text, st.stem) {
				w.gram |= st.bit
			}
		}
	}
}

// indexWords builds the per-word table annotate reads: every word of a
// phrase and of a grammar list.
func (l *lexicon) indexWords() {
	l.info = make(map[string]wordInfo, len(l.vocab.ids))
	for w, id := range l.vocab.ids {
		l.info[w] = wordInfo{id: id}
	}
	for _, sec := range gramSections {
		set := l.grammar[sec.name]
		for w := range set.exact {
			info := l.info[w]
			info.gram |= sec.bit
			l.info[w] = info
		}
		for _, st := range set.stems {
			l.gramStems = append(l.gramStems, gramStem{st, sec.bit})
		}
	}
	// A known word may still start with a grammar stem.
	for w, info := range l.info {
		for _, st := range l.gramStems {
			if strings.HasPrefix(w, st.stem) {
				info.gram |= st.bit
			}
		}
		l.info[w] = info
	}
}

// gramStem is a grammar list's "word*" entry.
type gramStem struct {
	stem string
	bit  gram
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
	// either: the phrase says the same negated or not ("nothing specific
	// to them" and "I didn't bring anything specific to them").
	either bool
	// dismiss: a phrase against its reason that takes back what the same
	// sentence said for it ("their contract ends in March, but she never
	// treated that as a constraint"): the sentence's cues for the reason,
	// and a date read from it, no longer count.
	dismiss bool
	// hint: a word a manager hears in such stories, weak alone; a reason's
	// hints add up to hintCap at most.
	hint bool
	line string
	id   int
}

// cueFlags are the flags a section header gives its cues: "[tactics rep]",
// "[value hints]".
type cueFlags struct {
	rep, hint bool
}

// hintWeight is what one hint counts, unless its line says otherwise, and
// hintCap what all of a reason's hints count at most: a few telling words
// can lead a story no phrase speaks for, but never outweigh one that does.
const (
	hintWeight = 0.2
	hintCap    = 0.5
)

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
	// needs lists, for each slot that must match a word of its own, the
	// words one of which a text must hold for the rule to match anywhere in
	// it, the most telling slot first; so a rule is ruled out once per text
	// rather than tried at every "the".
	needs [][]wordID
}

// slot is one position of a rule.
type slot struct {
	// single holds the one-word exact alternatives, sorted, each marked in
	// singleNeg when it is a negator ("not", "never").
	single    []wordID
	singleNeg []bool
	// seqs holds the other alternatives: several words, stems, <cap>, gaps.
	seqs []altSeq
	// byFirst indexes seqs by their first word, when it is an exact word
	// (firstIDs sorted, byFirst[k] the seqs starting with firstIDs[k]);
	// others lists the rest (a stem or <cap> first).
	firstIDs []wordID
	byFirst  [][]int
	others   []int
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

// find returns the index of id in the sorted ids, or -1.
func findID(ids []wordID, id wordID) int {
	if id == 0 {
		return -1
	}
	lo, hi := 0, len(ids)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ids[m] < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(ids) && ids[lo] == id {
		return lo
	}
	return -1
}

// ends lists where slot sl can end when it starts at ws[i], longest first;
// ids are the words' numbers.
func (sl *slot) ends(ws []word, ids []wordID, i int, out []slotEnd) []slotEnd {
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
		id := ids[i]
		try := func(k int) {
			a := sl.seqs[k]
			n := len(out)
			out = seqEnds(a.toks, ws, ids, i, out)
			for j := n; j < len(out); j++ {
				out[j].neg = a.neg
			}
		}
		if k := findID(sl.firstIDs, id); k >= 0 {
			for _, q := range sl.byFirst[k] {
				try(q)
			}
		}
		for _, k := range sl.others {
			try(k)
		}
		if k := findID(sl.single, id); k >= 0 {
			out = append(out, slotEnd{i + 1, sl.singleNeg[k]})
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
func seqEnds(toks []ptok, ws []word, ids []wordID, i int, out []slotEnd) []slotEnd {
	for len(toks) > 0 {
		t := toks[0]
		if t.kind == ptGap {
			for skip := 0; skip <= maxGap && i+skip <= len(ws); skip++ {
				if skip > 0 && ws[i+skip-1].brk == brkHard {
					break
				}
				out = seqEnds(toks[1:], ws, ids, i+skip, out)
			}
			return out
		}
		if i >= len(ws) || ws[i].brk != brkNone || !t.matches(ws[i], ids[i]) {
			return out
		}
		toks, i = toks[1:], i+1
	}
	return append(out, slotEnd{at: i})
}

// matchAt returns the end of a match of the rule's slots from k on,
// starting at ws[i], and whether it carries its own negation; -1 when it
// does not match.
func (r *rule) matchAt(ws []word, ids []wordID, i, k int, buf [][]slotEnd) (int, bool) {
	if k == len(r.slots) {
		return i, false
	}
	ends := r.slots[k].ends(ws, ids, i, buf[k])
	buf[k] = ends
	for _, e := range ends {
		if end, neg := r.matchAt(ws, ids, e.at, k+1, buf); end >= 0 {
			return end, neg || e.neg
		}
	}
	return -1, false
}

// phraseSet finds many phrases in one pass over the words. Each rule is
// indexed by the words of one of its slots, the one that rules it out
// best (the uncommon words, not "the" or "their"), with how many words
// before that slot the rule can start; a word of the text then tries only
// the rules it can anchor.
type phraseSet struct {
	// vocab numbers the words; it is shared by all of a lexicon's sets.
	vocab *vocabulary
	// exact indexes rules by the number of a word of their anchor slot,
	// prefix by the first letters of a stem there.
	exact  map[wordID][]anchored
	prefix map[string][]anchored
	// anchors marks, by number, the words exact indexes, so that a word
	// no rule is anchored by costs a bit test rather than a map lookup.
	anchors []uint64
	cues    []*cue
	rules   []*rule
	// maxSlots is the longest rule, for the matcher's scratch space.
	maxSlots int
	// scratch pools the matcher's per-text working space (a *matchScratch),
	// so reading a story does not allocate and clear it afresh.
	scratch sync.Pool
}

// matchScratch is the working space of one pass of phraseSet.all.
type matchScratch struct {
	// present marks the words a text holds, by number.
	present []uint64
	// tried holds, per rule, 1 + the last word position it was tried at,
	// or -1 when the text lacks the words the rule needs.
	tried []int32
	buf   [][]slotEnd
	// ids holds the numbers of the text's words, and ms the matches found,
	// before the caller is handed a copy of those it keeps.
	ids []wordID
	ms  []phraseMatch
}

const stemKey = 3

func newPhraseSet(v *vocabulary) *phraseSet {
	return &phraseSet{vocab: v, exact: map[wordID][]anchored{}, prefix: map[string][]anchored{}}
}

// anchored is a rule indexed under a word of its anchor slot: the rule
// starts lo to hi words before that word.
type anchored struct {
	r      *rule
	lo, hi int
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
	sc := s.getScratch()
	defer s.scratch.Put(sc)
	return ownCopy(keepLongest(s.matches(sc, ws)))
}

// all returns every match of every rule, in text order.
func (s *phraseSet) all(ws []word) []phraseMatch {
	sc := s.getScratch()
	defer s.scratch.Put(sc)
	return ownCopy(s.matches(sc, ws))
}

// ownCopy copies matches out of the pooled scratch space, so the caller's
// slice outlives the next text read; nil when there are none, as before
// the matches were pooled.
func ownCopy(ms []phraseMatch) []phraseMatch {
	if len(ms) == 0 {
		return nil
	}
	return slices.Clone(ms)
}

// getScratch returns cleared working space for one pass of matches; give it
// back with s.scratch.Put.
func (s *phraseSet) getScratch() *matchScratch {
	sc, _ := s.scratch.Get().(*matchScratch)
	if sc == nil || len(sc.tried) != len(s.rules) || len(sc.present) != len(s.vocab.ids)/64+1 {
		return &matchScratch{
			present: make([]uint64, len(s.vocab.ids)/64+1),
			tried:   make([]int32, len(s.rules)),
			buf:     make([][]slotEnd, s.maxSlots),
		}
	}
	clear(sc.present)
	clear(sc.tried)
	return sc
}

// matches finds every match of every rule in ws, in text order, in sc's
// space: the result is only good until sc is reused.
func (s *phraseSet) matches(sc *matchScratch, ws []word) []phraseMatch {
	sc.ids = s.vocab.numberInto(sc.ids, ws)
	ms := sc.ms[:0]
	ids, present, buf := sc.ids, sc.present, sc.buf
	for _, id := range ids {
		present[id/64] |= 1 << (id % 64)
	}
	if len(s.rules) < len(ws) && !slices.ContainsFunc(s.rules, func(r *rule) bool { return r.possibleIn(present) }) {
		// A set of fewer rules than the text has words (an answer's
		// phrases) is cheaper to rule out whole than to walk the words
		// for, and most stories hold none of its phrases.
		return nil
	}
	// tried: anchors come in text order and a rule's starts are tried in
	// order, so a start at or before the last one tried was tried already.
	tried := sc.tried
	try := func(as []anchored, p int) {
		for _, a := range as {
			r := a.r
			t := tried[r.index]
			if t < 0 {
				continue
			}
			if t == 0 && !r.possibleIn(present) {
				tried[r.index] = -1
				continue
			}
			for start := max(p-a.hi, int(t), 0); start <= p-a.lo; start++ {
				tried[r.index] = int32(start + 1)
				if ws[start].brk != brkNone {
					continue
				}
				if e, neg := r.matchAt(ws, ids, start, 0, buf); e > start {
					ms = append(ms, phraseMatch{r.cue, start, e, neg})
				}
			}
		}
	}
	for i, w := range ws {
		if w.brk != brkNone {
			continue
		}
		if id := ids[i]; id != 0 && int(id/64) < len(s.anchors) && s.anchors[id/64]&(1<<(id%64)) != 0 {
			try(s.exact[id], i)
		}
		if len(s.prefix) > 0 && len(w.text) >= stemKey {
			try(s.prefix[w.text[:stemKey]], i)
		}
	}
	// Text order, then lexicon order, whichever anchor found a match.
	slices.SortFunc(ms, func(a, b phraseMatch) int {
		if a.from != b.from {
			return a.from - b.from
		}
		return a.cue.id - b.cue.id
	})
	// Keep the space, grown as need be, for the next text.
	sc.ms = ms
	return ms
}

// keepLongest drops the matches a longer match of the same group decides
// over; ms is in text order, and so is the result.
func keepLongest(ms []phraseMatch) []phraseMatch {
	if len(ms) < 2 {
		return ms
	}
	// Longest first, so a covering match is kept before what it covers.
	// A rule matches at most once from a word and each cue is one rule, so
	// no two matches share from and cue: ordering on them last makes the
	// order total, and the unstable sort gives the order a stable sort of
	// the text-ordered matches would, for less work.
	slices.SortFunc(ms, func(a, b phraseMatch) int {
		if la, lb := a.to-a.from, b.to-b.from; la != lb {
			return lb - la
		}
		if a.from != b.from {
			return a.from - b.from
		}
		return a.cue.id - b.cue.id
	})
	kept := ms[:0]
	for _, m := range ms {
		covered := false
		for _, k := range kept {
			// Only an overlapping match can decide over m (matches are never
			// empty, so one holding m overlaps it): the word positions rule
			// most matches out before their groups are compared.
			if !(m.from < k.to && k.from < m.to) || k.cue.group != m.cue.group {
				continue
			}
			// A longer phrase of the same group decides over one inside it,
			// and over one it overlaps that reads the other way ("nobody
			// complained about the old system" is not a complaint).
			if k.from <= m.from && m.to <= k.to || (k.cue.weight < 0) != (m.cue.weight < 0) {
				covered = true
				break
			}
		}
		if !covered {
			kept = append(kept, m)
		}
	}
	// Back to text order; at one word, longest first as above.
	slices.SortFunc(kept, func(a, b phraseMatch) int {
		if a.from != b.from {
			return a.from - b.from
		}
		if la, lb := a.to-a.from, b.to-b.from; la != lb {
			return lb - la
		}
		return a.cue.id - b.cue.id
	})
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
	// vocab numbers the words of every phrase set.
	vocab *vocabulary
	// info and gramStems are what annotate reads.
	info      map[string]wordInfo
	gramStems []gramStem
}

// lex is the embedded lexicon. It is loaded in init, not by its
// declaration: the tokenizer reads the lexicon's phrases before there is a
// lexicon to annotate words with.
var lex *lexicon

func init() { lex = mustLoadLexicon() }

func mustLoadLexicon() *lexicon {
	l, err := loadLexicon()
	if err != nil {
		panic("coach: the embedded cue lexicon is broken: " + err.Error())
	}
	return l
}

func loadLexicon() (*lexicon, error) {
	v := &vocabulary{ids: map[string]wordID{}}
	l := &lexicon{
		reasons:  newPhraseSet(v),
		answers:  map[string]*phraseSet{},
		counts:   map[string][2]int{},
		generic:  newPhraseSet(v),
		polarity: map[string]string{},
		whole:    map[string]map[string]bool{},
		insight:  newPhraseSet(v),
		grammar:  map[string]wordSet{},
		macros:   map[string]string{},
		vocab:    v,
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
	for _, g := range gramSections {
		if _, ok := l.grammar[g.name]; !ok {
			return nil, fmt.Errorf("grammar.txt: missing section [%s]", g.name)
		}
	}
	if _, ok := l.grammar["fillers"]; !ok {
		return nil, fmt.Errorf("grammar.txt: missing section [fillers]")
	}
	for _, r := range Reasons {
		if !slices.ContainsFunc(l.reasons.cues, func(c *cue) bool { return c.group == string(r.ID) }) {
			return nil, fmt.Errorf("reasons.txt: no cues for %s", r.ID)
		}
	}
	l.indexWords()
	return l, nil
}

// parse reads one file. Sections start with "[name args…]"; "#" starts a
// comment line.
func (l *lexicon) parse(file, src string) error {
	var section []string
	var flags cueFlags
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
			flags = cueFlags{}
			for more := true; more && len(section) > 1; {
				switch section[len(section)-1] {
				case "rep":
					flags.rep = true
				case "hints":
					flags.hint = true
				default:
					more = false
					continue
				}
				section = section[:len(section)-1]
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
			err = l.addCue(l.reasons, section[0], line, flags, at)
		case section[0] == "generic" && len(section) == 2:
			err = l.addCue(l.generic, section[1], line, cueFlags{}, at)
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
				ps = newPhraseSet(l.vocab)
				l.answers[section[1]] = ps
			}
			err = l.addCue(ps, key, line, cueFlags{}, at)
		case section[0] == "insight" && len(section) == 1:
			err = l.addCue(l.insight, "insight", line, cueFlags{}, at)
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
		for _, w := range phraseWords(f) {
			s.exact[w] = true
		}
	}
	l.grammar[section] = s
}

// addCue parses "weight phrase" (weight optional, default 1) and adds one
// pattern per expansion of its {a|b} alternatives.
func (l *lexicon) addCue(ps *phraseSet, group, line string, flags cueFlags, at string) error {
	weight := 1.0
	if flags.hint {
		weight = hintWeight
	}
	if f, rest, ok := strings.Cut(line, " "); ok {
		if w, err := strconv.ParseFloat(f, 64); err == nil {
			weight, line = w, strings.TrimSpace(rest)
		}
	}
	if flags.hint && (weight <= 0 || weight > hintCap) {
		return fmt.Errorf("%s: a hint weighs more than 0 and at most %.2f, got %v", at, hintCap, weight)
	}
	repOK := flags.rep
	either, dismiss := false, false
	for {
		if rest, ok := strings.CutSuffix(line, "@rep"); ok {
			repOK, line = true, strings.TrimSpace(rest)
			continue
		}
		if rest, ok := strings.CutSuffix(line, "@dismiss"); ok {
			if weight >= 0 {
				return fmt.Errorf("%s: @dismiss marks a phrase against its reason: its weight must be below 0", at)
			}
			dismiss, line = true, strings.TrimSpace(rest)
			continue
		}
		if rest, ok := strings.CutSuffix(line, "@either"); ok {
			either, line = true, strings.TrimSpace(rest)
			continue
		}
		break
	}
	c := &cue{group: group, weight: weight, repOK: repOK, either: either, dismiss: dismiss, hint: flags.hint, line: line, id: len(ps.cues)}
	ps.cues = append(ps.cues, c)
	line, err := l.substitute(line)
	if err != nil {
		return fmt.Errorf("%s: %v", at, err)
	}
	if line, err = expandInflections(line); err != nil {
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
	if err := firstWords(r.slots, map[wordID]bool{}, map[string]bool{}); err != nil {
		return fmt.Errorf("%s: %v in %q", at, err, line)
	}
	k, lo, hi := ps.vocab.anchorOf(r.slots)
	if k < 0 {
		return fmt.Errorf("%s: no slot of %q is made of words to find it by", at, line)
	}
	exact, prefix := map[wordID]bool{}, map[string]bool{}
	r.slots[k].keys(ps.vocab, exact, prefix)
	for _, w := range slices.Sorted(maps.Keys(exact)) {
		ps.exact[w] = append(ps.exact[w], anchored{r, lo, hi})
		if n := int(w/64) + 1; n > len(ps.anchors) {
			ps.anchors = slices.Grow(ps.anchors, n-len(ps.anchors))[:n]
		}
		ps.anchors[w/64] |= 1 << (w % 64)
	}
	for _, p := range slices.Sorted(maps.Keys(prefix)) {
		ps.prefix[p] = append(ps.prefix[p], anchored{r, lo, hi})
	}
	r.needs = ps.vocab.neededWords(r.slots)
	r.index = len(ps.rules)
	ps.rules = append(ps.rules, r)
	ps.maxSlots = max(ps.maxSlots, len(r.slots))
	return nil
}

// compileSlot compiles the alternatives of one slot.
func (l *lexicon) compileSlot(alts []string) (slot, error) {
	var sl slot
	single := map[wordID]bool{}
	first := map[wordID][]int{}
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
				for _, w := range phraseWords(f) {
					toks = append(toks, ptok{kind: ptExact, text: w, id: l.vocab.add(w), alt: l.vocab.alias(w)})
					neg = neg || negators.has(w)
				}
			}
		}
		switch {
		case isEnd:
		case len(toks) == 0:
			sl.empty = true
		case len(toks) == 1 && toks[0].kind == ptExact:
			single[toks[0].id] = single[toks[0].id] || neg
			if a := toks[0].alt; a != 0 {
				single[a] = single[a] || neg
			}
		default:
			if toks[0].kind == ptGap {
				return sl, fmt.Errorf("an alternative cannot start with ..")
			}
			if t := toks[0]; t.kind == ptExact {
				first[t.id] = append(first[t.id], len(sl.seqs))
				if t.alt != 0 {
					first[t.alt] = append(first[t.alt], len(sl.seqs))
				}
			} else {
				sl.others = append(sl.others, len(sl.seqs))
			}
			sl.seqs = append(sl.seqs, altSeq{toks, neg})
		}
	}
	sl.single = slices.Sorted(maps.Keys(single))
	for _, id := range sl.single {
		sl.singleNeg = append(sl.singleNeg, single[id])
	}
	sl.firstIDs = slices.Sorted(maps.Keys(first))
	for _, id := range sl.firstIDs {
		sl.byFirst = append(sl.byFirst, first[id])
	}
	return sl, nil
}

// expandInflections writes out each "word~" of a phrase as its forms:
// "connect~" is {connect|connects|connected|connecting}, and an
// alternative holding one is repeated for each form ("{sign|connect~ to}"
// is {sign|connect to|connects to|connected to|connecting to}).
func expandInflections(line string) (string, error) {
	if !strings.Contains(line, "~") {
		return line, nil
	}
	var b strings.Builder
	for rest := line; rest != ""; {
		if rest[0] == '{' {
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return "", fmt.Errorf("unclosed { in %q", line)
			}
			var alts []string
			for _, alt := range strings.Split(rest[1:end], "|") {
				alts = append(alts, inflectAlternative(alt)...)
			}
			b.WriteString("{" + strings.Join(alts, "|") + "}")
			rest = rest[end+1:]
			continue
		}
		end := strings.IndexAny(rest, " {")
		if end < 0 {
			end = len(rest)
		}
		if end == 0 {
			b.WriteByte(rest[0])
			rest = rest[1:]
			continue
		}
		if forms := inflectAlternative(rest[:end]); len(forms) > 1 {
			b.WriteString("{" + strings.Join(forms, "|") + "}")
		} else {
			b.WriteString(rest[:end])
		}
		rest = rest[end:]
	}
	return b.String(), nil
}

// inflectAlternative returns the alternative once per form of its first
// "word~" (and of any after it).
func inflectAlternative(alt string) []string {
	fields := strings.Fields(alt)
	for i, f := range fields {
		base, ok := strings.CutSuffix(f, "~")
		if !ok || base == "" {
			continue
		}
		var out []string
		for _, form := range inflections(strings.ToLower(base)) {
			fields[i] = form
			out = append(out, inflectAlternative(strings.Join(fields, " "))...)
		}
		return out
	}
	return []string{alt}
}

// inflections returns a verb's regular forms: "connect" gives connect,
// connects, connected, connecting; "use" gives uses, used, using; "stop"
// gives stopped and stopping too; "reply" gives replies, replied.
// Irregular forms are written out where a phrase needs them.
func inflections(v string) []string {
	forms := []string{v}
	add := func(f string) {
		if !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	n := len(v)
	if n < 2 {
		return forms
	}
	last, prev := v[n-1], v[n-2]
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	switch {
	case last == 'y' && !vowel(prev):
		add(v[:n-1] + "ies")
		add(v[:n-1] + "ied")
		add(v + "ing")
	case last == 'e':
		add(v + "s")
		add(v + "d")
		add(v[:n-1] + "ing")
	default:
		if strings.HasSuffix(v, "s") || strings.HasSuffix(v, "x") || strings.HasSuffix(v, "z") || strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "sh") {
			add(v + "es")
		} else {
			add(v + "s")
		}
		add(v + "ed")
		add(v + "ing")
		// stop, plan, drop: a short word ending consonant-vowel-consonant
		// doubles its last letter.
		if n >= 3 && !vowel(last) && vowel(prev) && !vowel(v[n-3]) && strings.IndexByte("wxy", last) < 0 && n <= 5 {
			add(v + string(last) + "ed")
			add(v + string(last) + "ing")
		}
	}
	return forms
}

// phraseWords reads one whitespace-separated field of a phrase as the words
// a story is read as: "didn't" is "did not", "re-org" is "re org", and a
// detached suffix stands for the word it is read as ("manager 's call",
// "they 've heard").
func phraseWords(f string) []string {
	switch f {
	case "'s", "'d":
		return []string{f}
	case "'ve":
		return []string{"have"}
	case "'re":
		return []string{"are"}
	case "'ll":
		return []string{"will"}
	case "'m":
		return []string{"am"}
	case "n't":
		return []string{"not"}
	}
	var out []string
	for _, w := range tokenize(f) {
		if w.brk == brkNone {
			out = append(out, w.text)
		}
	}
	return out
}

// commonWords are the words most texts hold: a slot made of them rules
// nothing out.
var commonWords = map[string]bool{"the": true, "a": true, "an": true, "to": true, "in": true, "of": true, "for": true, "with": true, "and": true, "on": true, "at": true, "is": true, "'s": true, "was": true, "are": true, "were": true, "be": true, "not": true, "no": true, "it": true, "this": true, "that": true, "i": true, "we": true, "they": true, "she": true, "he": true, "her": true, "his": true, "their": true, "our": true, "my": true, "them": true, "him": true, "me": true, "us": true, "have": true, "has": true, "had": true, "did": true, "do": true, "does": true, "so": true, "but": true, "what": true, "from": true, "by": true, "about": true, "all": true, "just": true, "would": true, "will": true}

// neededWords lists, for each slot of a rule that must match a word (no
// gap, no empty or <end> alternative) and each of whose alternatives holds
// an exact word, one word of each alternative (with its alias): a text
// lacking all the words of one such slot cannot hold the rule. Slots of
// uncommon words come first, then slots of fewer words, so the check that
// rules a rule out is usually the first one made.
func (v *vocabulary) neededWords(slots []slot) [][]wordID {
	type needed struct {
		words []wordID
		cost  int
	}
	var all []needed
	for _, sl := range slots {
		if sl.gap || sl.empty || sl.end {
			continue
		}
		need := slices.Clone(sl.single)
		common := false
		usable := true
		for _, a := range sl.seqs {
			// The last exact word of an alternative is needed for it, and
			// is the least common one more often than the first.
			var pick ptok
			for _, t := range a.toks {
				if t.kind == ptExact {
					pick = t
				}
			}
			if pick.id == 0 {
				usable = false
				break
			}
			need = append(need, pick.id)
			if pick.alt != 0 {
				need = append(need, pick.alt)
			}
			common = common || commonWords[v.words[pick.id-1]]
		}
		if !usable {
			continue
		}
		for _, id := range sl.single {
			common = common || commonWords[v.words[id-1]]
		}
		cost := len(need)
		if common {
			cost += 1000
		}
		all = append(all, needed{need, cost})
	}
	slices.SortStableFunc(all, func(a, b needed) int { return a.cost - b.cost })
	out := make([][]wordID, len(all))
	for i, n := range all {
		out[i] = n.words
	}
	return out
}

// possibleIn reports whether a text whose words are marked in present
// holds, for every slot the rule needs a word for, one of those words.
func (r *rule) possibleIn(present []uint64) bool {
	for _, need := range r.needs {
		if !slices.ContainsFunc(need, func(id wordID) bool { return present[id/64]&(1<<(id%64)) != 0 }) {
			return false
		}
	}
	return true
}

// widths returns how many words a slot can take, at least and at most.
func (sl *slot) widths() (lo, hi int) {
	if sl.gap {
		return 0, maxGap
	}
	lo, hi = 1<<30, 0
	if len(sl.single) > 0 {
		lo, hi = 1, 1
	}
	if sl.empty || sl.end {
		lo = 0
	}
	for _, a := range sl.seqs {
		l, h := 0, 0
		for _, t := range a.toks {
			if t.kind == ptGap {
				h += maxGap
				continue
			}
			l, h = l+1, h+1
		}
		lo, hi = min(lo, l), max(hi, h)
	}
	return lo, hi
}

// indexable reports whether every way through the slot starts with a word
// or a stem, so the slot can anchor its rule.
func (sl *slot) indexable() bool {
	if sl.gap || sl.empty || sl.end {
		return false
	}
	for _, a := range sl.seqs {
		if k := a.toks[0].kind; k != ptExact && k != ptPrefix {
			return false
		}
	}
	return true
}

// keys collects the words (and stem keys) a slot can start with.
// Each alternative of several words is keyed by its first uncommon word
// ("move" in "the move"), so "the" does not trigger it; off0 and off1 are
// how many words into the slot the keys sit, least and most. common reports
// whether some key is a common word all the same.
func (sl *slot) keys(v *vocabulary, exact map[wordID]bool, prefix map[string]bool) (off0, off1 int, common bool) {
	for _, w := range sl.single {
		exact[w] = true
		common = common || commonWords[v.words[w-1]]
	}
	off0 = 1 << 30
	if len(sl.single) > 0 {
		off0 = 0
	}
	for _, a := range sl.seqs {
		at, key := 0, a.toks[0]
		for i, t := range a.toks {
			if t.kind == ptGap {
				break
			}
			if t.kind == ptExact && !commonWords[v.words[t.id-1]] {
				at, key = i, t
				break
			}
		}
		switch key.kind {
		case ptExact:
			exact[key.id] = true
			if key.alt != 0 {
				exact[key.alt] = true
			}
			common = common || commonWords[v.words[key.id-1]]
		case ptPrefix:
			prefix[key.text[:stemKey]] = true
		}
		off0, off1 = min(off0, at), max(off1, at)
	}
	return off0, off1, common
}

// anchorOf picks the slot a rule is indexed by, and how many words before
// its keys the rule can start: the slot whose keys are least common, and
// fewest (times the spread of where the rule can start); -1 when none can
// anchor.
func (v *vocabulary) anchorOf(slots []slot) (k, lo, hi int) {
	k = -1
	bestCost := 0
	off0, off1 := 0, 0
	for i := range slots {
		sl := &slots[i]
		if sl.indexable() {
			exact, prefix := map[wordID]bool{}, map[string]bool{}
			in0, in1, common := sl.keys(v, exact, prefix)
			l, h := off0+in0, off1+in1
			cost := (len(exact) + 4*len(prefix)) * (h - l + 1)
			if common {
				cost += 1000
			}
			if k < 0 || cost < bestCost {
				k, lo, hi, bestCost = i, l, h, cost
			}
		}
		w0, w1 := sl.widths()
		off0, off1 = off0+w0, off1+w1
	}
	return k, lo, hi
}

// firstWords collects the words (and stem keys) a rule can start with.
func firstWords(slots []slot, exact map[wordID]bool, prefix map[string]bool) error {
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
	for _, w := range sl.single {
		exact[w] = true
	}
	for _, a := range sl.seqs {
		switch t := a.toks[0]; t.kind {
		case ptExact:
			exact[t.id] = true
			if t.alt != 0 {
				exact[t.alt] = true
			}
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
