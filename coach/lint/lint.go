package lint

import (
	"bytes"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Limits of the lint. Phrase rules read only the first scanBytes of a
// message (a real message is a tiny fraction of that); length is always
// measured on the whole text.
const (
	scanBytes        = 20_000
	maxWords         = 180
	maxChars         = 1_100
	maxPerRule       = 3   // findings reported per rule; more would be noise
	maxQuote         = 160 // bytes; longer sentences are clipped at a word
	maxURLs          = 64
	linkNear         = 80 // bytes between an "again"-like word and a link
	repeatPenalty    = 5  // score lost for each further finding of a rule
	missingReal      = 10 // score lost for each missing REAL element
	noSpecifics      = 6  // score lost when nothing in it is particular to the deal
	selfFocusPenalty = 8  // score lost when it talks about the writer far more than the reader
	findingCeiling   = PassScore - 7
	// The tone model's confidence p lowers the score by up to tonePenalty
	// points, in proportion to how far p is above toneFloor, so messages
	// with the same findings rank by how pushy they read.
	tonePenalty = 30
	toneFloor   = 0.15
	// vetoBelow: when every finding is weak (from a combination of cues)
	// and the tone model puts the message below this probability of
	// pressure, the findings are dropped. See modelThreshold for how it
	// was chosen.
	vetoBelow = 0.10
)

// rule is what the score and the report need to know about a rule.
type rule struct {
	id     string
	weight int // score lost for the first finding of this rule
}

// rules is indexed by kind for the phrase rules, then the computed rules.
// Whatever the weights, a message with any finding scores at most
// findingCeiling, below every honest note that has none: the score ranks
// messages the same way the verdict does.
var rules = [...]rule{
	kindPestering:   {RulePestering, 40},
	kindGuilt:       {RuleGuilt, 40},
	kindCounting:    {RuleCounting, 35},
	kindPressure:    {RulePressure, 40},
	kindTracking:    {RuleTracking, 40},
	kindOverHead:    {RuleOverTheirHead, 40},
	kindAssumes:     {RuleAssumesReason, 30},
	kindSnark:       {RuleBreakupSnark, 35},
	kindThirdPerson: {RuleThirdPerson, 30},
	kindResent:      {RuleResentLink, 30},
	ruleSeveralAsks: {RuleSeveralAsks, 25},
	ruleTooLong:     {RuleTooLong, 25},
	ruleTone:        {RuleTone, 30},
	ruleEmpty:       {RuleEmpty, 100},
}

// The computed rules continue the numbering of the finding kinds. A link
// sent again is found by code and a document sent again by phrases; both
// are one rule, resent_link, with the advice of its section.
const ruleResentLink = int(kindResent)

const (
	ruleSeveralAsks = int(numFindingKinds) + iota
	ruleTooLong
	ruleTone
	ruleEmpty
)

const adviceEmpty = "There is nothing to check yet: paste the message you are about to send."

// What separates a token from the one before it.
const (
	sepNone     uint8 = iota // spaces, a hyphen or an apostrophe
	sepClause                // a comma, colon, semicolon, dash, bracket or double quote
	sepSentence              // a full stop, question or exclamation mark, or a line break
)

type token struct {
	start, end int32 // in the folded text
	id         int32 // word id in the phrase table; 0 unknown, -1 a link
	sent       int32
	bits       uint16
	sep        uint8
}

type sentence struct {
	first, end int32 // token range
	question   bool
}

type match struct {
	start, end int32 // token range
	kind       kind
	flags      uint8
	cue        uint8
	dropped    bool
}

type found struct {
	pos  int
	rule int
	f    Finding
	// weak findings rest on a combination of cues ([combine] lines), not
	// on a stock phrase: the tone model may veto them.
	weak bool
}

// minToneWords is how many words a message needs before the tone model may
// flag it.
const minToneWords = 4

// words counts the tokens that start with a letter.
func (s *scratch) words() int {
	n := 0
	for _, k := range s.toks {
		if r, _ := utf8.DecodeRune(s.norm[k.start:k.end]); unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// scratch holds the buffers of one Check; they are pooled so checking a
// message allocates little more than its findings.
type scratch struct {
	t        *table
	text     string
	norm     []byte
	src      []int32
	toks     []token
	sents    []sentence
	matches  []match
	cand     []match
	urls     []int32 // token indices of links
	claimed  [][2]int32
	found    []found
	covered  []bool   // tokens inside a REAL phrase
	softened bool     // the door is open, or a warm goodbye is said: the unless-door rules stay quiet
	cond     []bool   // sentences holding a conditional
	tainted  []bool   // sentences holding a finding
	cues     []cueSet // cue bits of each sentence
	combos   []comboHit
	ts       toneState
}

// comboHit is a sentence where a [combine] rule holds.
type comboHit struct {
	c        combo
	from, to int32 // tokens spanned by its cues
}

var pool = sync.Pool{New: func() any { return new(scratch) }}

// Check lints a message. From 100 the score loses each rule's weight for
// that rule's first finding and 5 for every further one, 10 for each missing
// REAL element and 6 when nothing in the message is particular to the deal,
// and up to 30 more as the tone model grows sure the message pressures its
// reader (from 15% sure to 100%); a message with any finding scores at most
// 63, so it ranks below every message without one. An honest short note with
// all three REAL elements and one specific scores 100.
//
// Invalid UTF-8 is replaced by U+FFFD first; every Quote is an exact
// substring of that sanitised text (of the text itself when it is valid).
// Phrase rules read the first 20,000 bytes; length is judged on all of it.
func Check(text string) Report {
	rep, _ := check(text, nil)
	return rep
}

// check is Check; with a sink it hands the tone model's features to it
// instead of scoring them, and reports what the phrase rules alone find.
// strong says whether a finding that is not weak was among them.
func check(text string, sink featureSink) (rep Report, strong bool) {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if !hasWord(text) {
		return Report{Score: 0, Findings: []Finding{{Rule: RuleEmpty, Advice: adviceEmpty}}}, true
	}
	scan := text
	if len(scan) > scanBytes {
		cut := scanBytes
		for cut > 0 && !utf8.RuneStart(scan[cut]) {
			cut--
		}
		scan = scan[:cut]
	}
	s := pool.Get().(*scratch)
	defer pool.Put(s)
	s.reset(phrases(), scan)
	s.tokenize()
	for i := range s.toks {
		s.matchFrom(i)
	}
	s.dropExceptions()
	s.markSentences()

	real := s.realCheck()
	s.softened = real.DoorOpen || s.warm()
	s.phraseFindings(0, kindResent)
	s.comboFindings()
	s.thirdPerson()
	// A link sent again quotes the link; the phrases for documents sent
	// again come after it, so "resending the deck: <link>" is quoted once,
	// with its link.
	s.resentLinks()
	s.phraseFindings(kindResent, numFindingKinds)
	s.severalAsks()
	if f, pos, ok := tooLong(text); ok {
		s.found = append(s.found, found{pos: pos, rule: ruleTooLong, f: f})
	}
	first, second := s.persons()
	var focus *SelfFocus
	if first >= 6 && first > 2*second {
		focus = s.selfFocus(first, second)
	}

	// The trainer (with a sink) needs the features, not the weights, so
	// it can rebuild a model.txt that is stale or broken.
	m := &toneModel{threshold: 1}
	if sink == nil {
		m = model()
	}
	s.ts.sink = sink
	s.toneFeatures(m)
	s.ts.sink = nil
	p, best := 0.0, 0 // with a sink, the report is the first pass's alone
	if sink == nil {
		p, best = s.toneScore(m)
	}
	for _, f := range s.found {
		strong = strong || !f.weak
	}
	// A weak finding gives way when the model is very sure the message
	// is honest.
	if sink == nil && p < vetoBelow && !strong {
		s.found = s.found[:0]
	}
	// The model speaks only where the first pass is silent.
	// A line of a word or three ("Thanks! 🙂") is too little to read a
	// tone from; the phrases still catch "Any update?".
	if p >= m.threshold && len(s.found) == 0 && s.words() >= minToneWords {
		s.found = append(s.found, s.toneFinding(m, p, best))
	}

	slices.SortStableFunc(s.found, func(a, b found) int { return a.pos - b.pos })
	rep = Report{Findings: make([]Finding, 0, len(s.found)), Real: real, Specific: s.specific(),
		Tone: int(math.Round(100 * p)), SelfFocus: focus}
	var count [len(rules)]int
	score := 100
	for _, f := range s.found {
		rep.Findings = append(rep.Findings, f.f)
		if count[f.rule] == 0 {
			score -= rules[f.rule].weight
		} else {
			score -= repeatPenalty
		}
		count[f.rule]++
	}
	for _, present := range [...]bool{real.Feelings, real.Intentions, real.DoorOpen} {
		if !present {
			score -= missingReal
		}
	}
	if !rep.Specific {
		score -= noSpecifics
	}
	if focus != nil {
		score -= selfFocusPenalty
	}
	if p > toneFloor {
		score -= int(math.Round(tonePenalty * (p - toneFloor) / (1 - toneFloor)))
	}
	if len(rep.Findings) > 0 {
		score = min(score, findingCeiling)
	}
	rep.Score = max(0, min(100, score))
	return rep, strong
}

func (s *scratch) reset(t *table, text string) {
	s.t, s.text = t, text
	s.norm, s.src = fold(s.norm[:0], s.src[:0], text)
	s.toks, s.sents, s.matches, s.cand = s.toks[:0], s.sents[:0], s.matches[:0], s.cand[:0]
	s.urls, s.claimed, s.found = s.urls[:0], s.claimed[:0], s.found[:0]
}

// tokenize splits the folded text into words and sentences, finds links and
// looks every word up in the phrase dictionary.
func (s *scratch) tokenize() {
	b, n := s.norm, len(s.norm)
	sep := sepSentence
	for i := 0; i < n; {
		r, size := runeAt(b, i)
		if wordRune(r) || symbolRune(r) {
			j := i + size // an emoji is a word of its own
			if wordRune(r) {
				j = tokenEnd(b, i)
			}
			tok := token{start: int32(i), end: int32(j), sep: sep}
			if wordRune(r) && (isURLStart(b, b[i:j], j) || bareLink(b, i, j)) {
				j = urlEnd(b, i)
				tok.end, tok.id = int32(j), -1
				if len(s.urls) < maxURLs {
					s.urls = append(s.urls, int32(len(s.toks)))
				}
			} else if id, ok := s.t.dict[string(b[i:j])]; ok {
				tok.id, tok.bits = id, s.t.bits[id]
			}
			if sep == sepSentence || len(s.sents) == 0 {
				s.sents = append(s.sents, sentence{first: int32(len(s.toks))})
			}
			tok.sent = int32(len(s.sents) - 1)
			s.toks = append(s.toks, tok)
			s.sents[len(s.sents)-1].end = int32(len(s.toks))
			sep = sepNone
			i = j
			continue
		}
		switch r {
		case '.', '!', '?':
			if r == '.' && len(s.toks) > 0 && s.toks[len(s.toks)-1].end == int32(i) && s.toks[len(s.toks)-1].bits&bitTitle != 0 {
				i += size // "Ms. Patel": a title's full stop ends nothing
				continue
			}
			k, q := i, false
			for k < n && strings.IndexByte(".!?\"')]", b[k]) >= 0 {
				q = q || b[k] == '?'
				k++
			}
			if k == n || b[k] == ' ' {
				if q && len(s.sents) > 0 {
					s.sents[len(s.sents)-1].question = true
				}
				sep = sepSentence
				i = k
				continue
			}
			if r != '.' {
				sep = max(sep, sepClause)
			}
		case ',', ';', ':', '(', ')', '[', ']', '"':
			sep = max(sep, sepClause)
		case '-':
			if i == 0 || b[i-1] == ' ' || i+1 == n || b[i+1] == ' ' {
				sep = max(sep, sepClause)
			}
		case ' ':
			// A line break ends a sentence too (lists, greetings, sign-offs),
			next := len(s.text)
			if i+1 < n {
				next = int(s.src[i+1])
			}
			// A single break before a lower-case word is a wrapped line.
			if ws := s.text[s.src[i]:next]; strings.IndexByte(ws, '\n') >= 0 {
				if c := s.text[next:]; strings.Count(ws, "\n") > 1 || c == "" || c[0] < 'a' || c[0] > 'z' {
					sep = sepSentence
				}
			}
		}
		i += size
	}
}

// matchFrom records the phrases that start at token i: for each kind and
// flag set, the longest one.
func (s *scratch) matchFrom(i int) {
	if s.toks[i].id <= 0 {
		return
	}
	s.cand = s.cand[:0]
	t, w1 := s.t, s.toks[i].id
	for _, c := range t.rootOpen[w1] {
		s.walk(c, i+1, i, false)
	}
	if i+1 < len(s.toks) && s.toks[i+1].sep == sepNone && s.toks[i+1].id > 0 {
		for _, c := range t.rootPair[edgeKey(w1, s.toks[i+1].id)] {
			s.walk(c, i+1, i, false)
		}
	}
	for _, c := range s.cand {
		merged := false
		for k := len(s.matches) - 1; k >= 0 && int(s.matches[k].start) == i; k-- {
			if m := &s.matches[k]; m.kind == c.kind && m.flags == c.flags && m.cue == c.cue {
				m.end = max(m.end, c.end)
				merged = true
				break
			}
		}
		if !merged {
			s.matches = append(s.matches, c)
		}
	}
}

// walk follows the phrase graph from node with token j next; the phrase
// started at token start. loose is set just after a gap, when the next word
// may follow a comma.
func (s *scratch) walk(node int32, j, start int, loose bool) {
	t := s.t
	for _, o := range t.outsOf(node) {
		if o.flags&flagStart != 0 && s.toks[start].sep != sepSentence {
			continue
		}
		if o.flags&flagEnd != 0 && j < len(s.toks) && s.toks[j].sep != sepSentence {
			continue
		}
		s.cand = append(s.cand, match{start: int32(start), end: int32(j), kind: o.kind, flags: o.flags &^ (flagStart | flagEnd), cue: o.cue})
	}
	for _, e := range t.epsOf(node) {
		s.walk(e, j, start, loose)
	}
	if j >= len(s.toks) {
		return
	}
	tk := s.toks[j]
	if j > start && tk.sep == sepSentence {
		return
	}
	// reads answers from a bitset whether any edge of node's closure takes
	// the word, which spares the map lookup for the many that do not.
	if tk.id > 0 && (j == start || tk.sep == sepNone || loose) && t.reads(node, tk.id) {
		for _, c := range t.edgesOf(edgeKey(node, tk.id)) {
			if !t.open[c] && (j+1 >= len(s.toks) || !t.reads(c, s.toks[j+1].id)) {
				continue // the phrase cannot go on with the next word
			}
			s.walk(c, j+1, start, false)
		}
	}
	if g := t.gap[node]; g >= 0 && j > start {
		for k := 0; k <= maxGap && j+k < len(s.toks); k++ {
			if k > 0 && s.toks[j+k].sep == sepSentence {
				break
			}
			s.walk(g, j+k, start, true)
		}
	}
}

// dropExceptions drops every ordinary match that overlaps an exception of
// its kind (of its cue, for a cue). Matches are in start order, so one pass
// each way sees the exceptions that start before and after each match.
func (s *scratch) dropExceptions() {
	var reach [numSlots]int32
	for i := range s.matches {
		m := &s.matches[i]
		if m.flags&flagExcept != 0 {
			reach[m.slot()] = max(reach[m.slot()], m.end)
		} else if m.start < reach[m.slot()] {
			m.dropped = true
		}
	}
	var from [numSlots]int32
	for k := range from {
		from[k] = 1 << 30
	}
	for i := len(s.matches) - 1; i >= 0; i-- {
		m := &s.matches[i]
		if m.flags&flagExcept != 0 {
			from[m.slot()] = min(from[m.slot()], m.start)
		} else if from[m.slot()] < m.end {
			m.dropped = true
		}
	}
}

// numSlots counts what an exception can cancel: each kind, and each cue on
// its own.
const numSlots = int(numKinds) + maxCues

// slot is what an exception of m's section cancels: its kind, or for a cue
// that one cue.
func (m match) slot() int {
	if m.kind == kindCue {
		return int(numKinds) + int(m.cue)
	}
	return int(m.kind)
}

// live reports whether a match counts: not cancelled by an exception and
// not an exception itself.
func (m match) live() bool { return !m.dropped && m.flags&flagExcept == 0 }

// markSentences notes the sentences that hold a conditional, and those that
// hold an unconditional finding: a feeling, intention or open door said in
// the same breath as pressure or blame ("I'd hate for you to miss this
// price", "no rush, but the offer ends Friday") is part of the pressure.
func (s *scratch) markSentences() {
	n := len(s.sents)
	s.cond = resize(s.cond, n)
	s.tainted = resize(s.tainted, n)
	s.cues = slices.Grow(s.cues[:0], n)[:n]
	clear(s.cues)
	for _, m := range s.matches {
		if !m.live() {
			continue
		}
		sent := s.toks[m.start].sent
		switch {
		case m.kind == kindConditional:
			s.cond[sent] = true
			s.cues[sent].add(bitCondCue)
		case m.kind == kindDoor:
			s.cues[sent].add(bitDoorCue)
		case m.kind == kindCue && !s.negated(int(m.start)):
			s.cues[sent].add(int(m.cue))
		case m.kind < numFindingKinds && m.flags == 0 && !s.negated(int(m.start)):
			s.tainted[sent] = true
		}
	}
	s.findCombos()
}

// findCombos finds the sentences where a [combine] rule holds, and counts
// them as holding a finding.
func (s *scratch) findCombos() {
	s.combos = s.combos[:0]
	var whole cueSet
	for _, m := range s.cues {
		whole = whole.or(m)
	}
	if whole.empty() {
		return
	}
	for _, c := range s.t.combos {
		if c.flags&flagAcross == 0 {
			continue
		}
		// Across the message: report it once, in the sentence holding
		// most of its cues (the first such).
		if whole.covers(c.need) && !whole.meets(c.forbid) && !whole.meets(c.forbidAny) {
			s.comboHit(c, s.bestSentence(c))
		}
	}
	for si := range s.sents {
		have := s.cues[si]
		// A sentence combination is looked at only from the lowest cue it
		// needs, so a sentence pays for the cues it holds, not for every
		// combination in the file.
		for w, word := range have {
			for ; word != 0; word &= word - 1 {
				bit := w*64 + bits.TrailingZeros64(word)
				for _, ci := range s.t.comboByLow[bit] {
					if c := s.t.combos[ci]; have.covers(c.need) && !have.meets(c.forbid) && !whole.meets(c.forbidAny) {
						s.comboHit(c, si)
					}
				}
			}
		}
	}
}

// comboHit records combination c in sentence si, quoting its cues there.
func (s *scratch) comboHit(c combo, si int) {
	sent := s.sents[si]
	if c.flags&flagUnlessConditional != 0 && s.conditioned(int(sent.first)) {
		return
	}
	hit := comboHit{c: c, from: sent.end, to: sent.first}
	for _, m := range s.matches {
		if m.kind == kindCue && m.live() && c.need.has(int(m.cue)) &&
			m.start >= sent.first && m.start < sent.end && !s.negated(int(m.start)) {
			hit.from, hit.to = min(hit.from, m.start), max(hit.to, m.end)
		}
	}
	if hit.from >= hit.to {
		return
	}
	s.combos = append(s.combos, hit)
	s.tainted[si] = true
}

// bestSentence returns the first sentence holding the most of c's cues.
func (s *scratch) bestSentence(c combo) int {
	best, most := -1, 0
	for si, m := range s.cues {
		if n := m.and(c.need).count(); n > most {
			best, most = si, n
		}
	}
	return best
}

// warm reports whether the message says a warm goodbye ("good luck with
// the rollout"): a last note that wishes them well leaves no sting, even
// without an open door.
func (s *scratch) warm() bool {
	for _, m := range s.matches {
		if m.kind == kindWarm && m.live() && !s.tainted[s.toks[m.start].sent] {
			return true
		}
	}
	return false
}

// comboFindings reports the combinations, after the phrase findings so a
// phrase quotes its own words first.
func (s *scratch) comboFindings() {
	// Where combinations overlap, the one spanning the most words quotes
	// them: "The offer expires Friday", not "offer expires".
	slices.SortStableFunc(s.combos, func(a, b comboHit) int { return int((b.to - b.from) - (a.to - a.from)) })
	for _, h := range s.combos {
		n := 0
		for _, f := range s.found {
			if f.rule == int(h.c.kind) {
				n++
			}
		}
		if n >= maxPerRule {
			continue
		}
		if h.c.flags&flagUnlessDoor != 0 && s.softened {
			continue
		}
		if s.add(int(h.c.kind), h.from, h.to, s.t.advice[h.c.kind]) {
			s.found[len(s.found)-1].weak = true
		}
	}
}

func resize(b []bool, n int) []bool {
	b = slices.Grow(b[:0], n)[:n]
	clear(b)
	return b
}

func (s *scratch) realCheck() RealCheck {
	var real RealCheck
	s.covered = resize(s.covered, len(s.toks))
	for _, m := range s.matches {
		if !m.live() || m.kind < kindFeelings || m.kind > kindDoor {
			continue
		}
		if s.tainted[s.toks[m.start].sent] {
			continue
		}
		for k := m.start; k < m.end; k++ {
			s.covered[k] = true
		}
		switch m.kind {
		case kindFeelings:
			real.Feelings = true
		case kindIntentions:
			real.Intentions = true
		case kindDoor:
			real.DoorOpen = true
		}
	}
	return real
}

// negated reports whether a negation closes on the phrase starting at token
// i, looking back up to three words within the same clause ("I don't want
// to keep checking in"). A word that opens another clause ("if", "because",
// "I'll") stops the look-back: in "if I don't hear back I'll reach out to
// your VP" and "not sure if you're dodging me" nothing negates the phrase.
func (s *scratch) negated(i int) bool {
	if s.toks[i].bits&bitClauseStart != 0 {
		return false
	}
	counted := 0
	for k := i - 1; k >= 0 && counted < 3 && i-k <= 8; k-- {
		if s.toks[k+1].sep != sepNone {
			return false // punctuation ends the clause
		}
		b := s.toks[k].bits
		if b&bitNegator != 0 {
			return !s.threat(k)
		}
		if b&bitClauseStart != 0 {
			return false
		}
		if b&bitFiller == 0 {
			counted++
		}
	}
	return false
}

// threat reports whether the negator at token k opens a condition ("if
// we don't get it by Friday", "unless you sign"): that is a threat, and the
// words after it are not negated.
func (s *scratch) threat(k int) bool {
	return k >= 2 && s.toks[k-1].bits&(bitFirst|bitSecond) != 0 && s.toks[k-2].bits&bitCondition != 0
}

// conditioned reports whether the sentence holding token i, or the one
// after it, makes what it says conditional.
func (s *scratch) conditioned(i int) bool {
	sent := int(s.toks[i].sent)
	return s.cond[sent] || sent+1 < len(s.cond) && s.cond[sent+1]
}

// phraseFindings turns the surviving matches of the finding kinds from
// first up to end into findings, in kind order; text quoted once is not
// quoted again.
func (s *scratch) phraseFindings(first, end kind) {
	for k := first; k < end; k++ {
		n := 0
		for _, m := range s.matches {
			if m.kind != k || !m.live() {
				continue
			}
			if m.flags&flagUnlessDoor != 0 && s.softened {
				continue
			}
			if m.flags&flagUnlessConditional != 0 && s.conditioned(int(m.start)) {
				continue
			}
			if s.negated(int(m.start)) {
				continue
			}
			if !s.add(int(k), m.start, m.end, s.t.advice[k]) {
				continue
			}
			if n++; n == maxPerRule {
				break
			}
		}
	}
}

// add claims the token span [from, to) for a finding and records it, unless
// an earlier finding already quotes part of it.
func (s *scratch) add(rule int, from, to int32, advice string) bool {
	for _, c := range s.claimed {
		if from < c[1] && c[0] < to {
			return false
		}
	}
	s.claimed = append(s.claimed, [2]int32{from, to})
	start, quote := s.quote(int(s.toks[from].start), int(s.toks[to-1].end))
	s.found = append(s.found, found{pos: start, rule: rule, f: Finding{Rule: rules[rule].id, Quote: quote, Advice: advice}})
	return true
}

// quote maps the folded span [ns, ne) back to the text and returns its
// start and the exact original substring.
func (s *scratch) quote(ns, ne int) (int, string) {
	start := int(s.src[ns])
	last := int(s.src[ne-1])
	_, size := utf8.DecodeRuneInString(s.text[last:])
	return start, s.text[start : last+size]
}

// sentenceQuote quotes a sentence, trimmed and clipped at a word boundary.
func (s *scratch) sentenceQuote(sent sentence) (int, string) {
	from, to := int(s.toks[sent.first].start), int(s.toks[sent.end-1].end)
	// Take in the closing punctuation.
	for to < len(s.norm) && strings.IndexByte(".!?\"')", s.norm[to]) >= 0 {
		to++
	}
	start, q := s.quote(from, to)
	return start, clip(strings.TrimRightFunc(q, unicode.IsSpace), maxQuote)
}

// resentLinks flags a link with an "again"-like word next to it, and a link
// that appears a second time.
func (s *scratch) resentLinks() {
	n := 0
	for ui, u := range s.urls {
		ut := s.toks[u]
		span, hit := [2]int32{u, u + 1}, false
		for _, m := range s.matches {
			if m.kind != kindResend || !m.live() {
				continue
			}
			ms, me := s.toks[m.start].start, s.toks[m.end-1].end
			gap := max(ms-ut.end, ut.start-me, 0)
			if gap <= linkNear && !s.linkBetween(m, u) {
				span, hit = [2]int32{min(m.start, u), max(m.end, u+1)}, true
				if s.toks[span[1]-1].end-s.toks[span[0]].start > 2*maxQuote {
					span = [2]int32{u, u + 1}
				}
				break
			}
		}
		if !hit {
			key := urlKey(s.norm[ut.start:ut.end])
			for _, prev := range s.urls[:ui] {
				p := s.toks[prev]
				if bytes.Equal(key, urlKey(s.norm[p.start:p.end])) {
					hit = true
					break
				}
			}
		}
		if !hit || !s.add(ruleResentLink, span[0], span[1], s.t.advice[kindResent]) {
			continue
		}
		if n++; n == maxPerRule {
			return
		}
	}
}

// linkBetween reports whether another link sits between match m and link
// u, so "again" is paired with the link nearest to it.
func (s *scratch) linkBetween(m match, u int32) bool {
	lo, hi := min(m.end, u+1), max(m.start, u)
	for _, o := range s.urls {
		if o != u && o >= lo && o < hi {
			return true
		}
	}
	return false
}

// severalAsks counts the asks of a message: questions and request
// phrases. One sentence can hold several ("could you share the brief, and
// let me know who else to include?"; "is Q3 still the plan, and could you
// intro me to IT?"; "I'd love to (1) meet your lead, (2) see the logs"). A
// door left open ("let me know whenever the timing changes") and small talk
// ("how are you?") are not asks, and a tiny follow-on question ("Or
// Thursday?") belongs to the ask before it.
func (s *scratch) severalAsks() {
	asks, mi := 0, 0
	prevAsk := false
	var second sentence
	for _, sent := range s.sents {
		for mi < len(s.matches) && s.matches[mi].start < sent.first {
			mi++
		}
		n := s.asksIn(sent, mi)
		if n > 0 && prevAsk && s.opensWith(sent, mi, kindFollowOn) && !s.hasKind(sent, mi, kindNextAsk) {
			n-- // "Or Thursday?", "If so, …" continue the ask before it, unless they add one ("also")
		}
		prevAsk = n > 0
		if n == 0 {
			continue
		}
		if asks < 2 && asks+n >= 2 {
			second = sent
		}
		asks += n
	}
	if asks < 2 {
		return
	}
	start, quote := s.sentenceQuote(second)
	advice := fmt.Sprintf("This asks for %d things at once. Keep the one ask that matters most and cut the rest, "+
		"so answering takes them a single line.", asks)
	s.found = append(s.found, found{pos: start, rule: ruleSeveralAsks, f: Finding{Rule: RuleSeveralAsks, Quote: quote, Advice: advice}})
}

// asksIn counts the asks in one sentence; mi is the first match that may
// start in it. A question opening a clause with an interrogative ("is",
// "could", "when") is one ask; each request phrase is another when a word
// like "and", "also" or "while I have you" joins it to what came before.
func (s *scratch) asksIn(sent sentence, mi int) int {
	n := 0
	reach := sent.first  // tokens before reach belong to an ask already counted
	joinEnd := int32(-1) // where the last joining word ends
	ask := func(start, end int32) {
		switch {
		case n == 0:
			n = 1
		case start >= reach && s.joined(joinEnd, start):
			n++
		}
		reach = max(reach, end)
	}
	var door, small, wants bool
	smallEnd := int32(-1)
	k := mi
	for t := sent.first; t < sent.end; t++ {
		for ; k < len(s.matches) && s.matches[k].start == t; k++ {
			m := s.matches[k]
			if !m.live() {
				continue
			}
			switch m.kind {
			case kindAsk:
				ask(m.start, m.end)
			case kindNextAsk:
				if m.start >= reach {
					joinEnd = max(joinEnd, m.end)
				}
			case kindDoor:
				door = true
			case kindSmallTalk:
				small, smallEnd = true, max(smallEnd, m.end)
			case kindIntentions:
				wants = true
			}
		}
		// An interrogative opening the sentence or a clause of it is a
		// question asked ("Also, are you going?"; "…, and who else should
		// join?").
		if sent.question && t >= reach && t >= smallEnd && s.toks[t].bits&bitInterrogative != 0 &&
			(t == sent.first || s.toks[t].sep == sepClause || joinEnd == t) {
			ask(t, t+1)
		}
	}
	if n == 0 && sent.question {
		n = 1
	}
	if items := s.numberedItems(sent); items >= 2 && (n > 0 || wants) {
		n = max(n, items)
	}
	switch {
	case small && sent.end-sent.first <= 8:
		return 0
	case door && n > 0:
		return n - 1 // the door, not an ask
	}
	return n
}

// joined reports whether a joining word ends at token at, or one filler
// word before it ("and just let me know").
func (s *scratch) joined(joinEnd, at int32) bool {
	return joinEnd == at || joinEnd == at-1 && s.toks[joinEnd].bits&bitFiller != 0
}

// hasKind reports whether a live match of kind k starts in sentence sent.
func (s *scratch) hasKind(sent sentence, mi int, k kind) bool {
	for ; mi < len(s.matches) && s.matches[mi].start < sent.end; mi++ {
		if s.matches[mi].kind == k && s.matches[mi].live() {
			return true
		}
	}
	return false
}

// opensWith reports whether a live match of kind k opens sentence sent.
func (s *scratch) opensWith(sent sentence, mi int, k kind) bool {
	for ; mi < len(s.matches) && s.matches[mi].start == sent.first; mi++ {
		if s.matches[mi].kind == k && s.matches[mi].live() {
			return true
		}
	}
	return false
}

// numberedItems counts the items numbered "(1)" or "1)" in a sentence.
func (s *scratch) numberedItems(sent sentence) int {
	n := 0
	for k := sent.first; k < sent.end; k++ {
		tk := s.toks[k]
		if tk.end-tk.start == 1 && s.norm[tk.start] >= '1' && s.norm[tk.start] <= '9' &&
			int(tk.end) < len(s.norm) && s.norm[tk.end] == ')' {
			n++
		}
	}
	return n
}

// persons counts first- and second-person words. An I inside a REAL phrase
// ("if I've got this wrong", "I'd be sorry") is the honesty the guidance
// asks for, not self-centredness, so it is not counted.
func (s *scratch) persons() (first, second int) {
	cond := false
	for i, tk := range s.toks {
		// "Unless I hear otherwise", "if I've got that wrong": the writer
		// allowing they may be wrong is no talk about themselves.
		if tk.sep == sepClause || tk.sep == sepSentence {
			cond = false
		}
		if tk.bits&bitCondition != 0 {
			cond = true
		}
		switch {
		case tk.bits&bitFirst != 0 && !s.covered[i] && !cond:
			first++
		case tk.bits&bitSecond != 0:
			second++
		}
	}
	return first, second
}

// selfFocus quotes the sentence with the most first-person words.
func (s *scratch) selfFocus(first, second int) *SelfFocus {
	best, most := -1, -1
	for i, sent := range s.sents {
		n := 0
		for k := sent.first; k < sent.end; k++ {
			if s.toks[k].bits&bitFirst != 0 && !s.covered[k] {
				n++
			}
		}
		if n > most {
			best, most = i, n
		}
	}
	if best < 0 {
		return nil
	}
	_, quote := s.sentenceQuote(s.sents[best])
	advice := fmt.Sprintf("This talks about I/we %d times and about you/your only %d. "+
		"Where it is not your feelings or intentions, turn it around: say what is in it for them, and why their company would care now.", first, second)
	return &SelfFocus{IWe: first, You: second, Quote: quote, Advice: advice}
}

// word returns the folded text of token i.
func (s *scratch) word(i int) string {
	return string(s.norm[s.toks[i].start:s.toks[i].end])
}

// capitalised reports whether token i starts with an upper-case letter in
// the original text.
func (s *scratch) capitalised(i int) bool {
	r, _ := utf8.DecodeRuneInString(s.text[s.src[s.toks[i].start]:])
	return unicode.IsUpper(r)
}

// greeted returns the token index of the reader's name, or -1: the name
// in a greeting that opens the message ("Hi Dana,"), or else a name said on
// its own at the start of one of the first sentences ("Dana, it's Jo from
// Acme", "Dana — one question"). Words the phrase file knows ("Honestly,")
// are not names.
func (s *scratch) greeted() int {
	if len(s.toks) < 2 {
		return -1
	}
	if s.toks[0].bits&bitGreeting != 0 {
		i := 1
		if s.toks[i].bits&bitTitle != 0 && i+1 < len(s.toks) {
			i++ // "Hi Ms. Patel": the name is the surname
		}
		if s.toks[i].sep != sepSentence && s.capitalised(i) && s.toks[i].id >= 0 {
			return i
		}
	}
	for si := 0; si < min(len(s.sents), 3); si++ {
		i := int(s.sents[si].first)
		if i+1 < len(s.toks) && s.toks[i].id == 0 && s.capitalised(i) && s.toks[i+1].sep == sepClause {
			return i
		}
	}
	return -1
}

// isName reports whether token i is the reader's name (token name), or
// its possessive ("Dana's").
func (s *scratch) isName(i, name int) (yes, possessive bool) {
	if name < 0 || s.toks[i].id < 0 {
		return false, false
	}
	w, n := s.norm[s.toks[i].start:s.toks[i].end], s.norm[s.toks[name].start:s.toks[name].end]
	if bytes.Equal(w, n) {
		return true, false
	}
	if p, ok := bytes.CutSuffix(w, []byte("'s")); ok && bytes.Equal(p, n) {
		return true, true
	}
	return false, false
}

// thirdPerson flags the reader talked about rather than to: the reader's
// name followed by a verb ("Hi Dana, … Dana wants fewer late deliveries")
// or in the possessive ("Dana's team is stretched"), or "she"/"he" with
// nobody else in sight to refer to. A colleague, a customer or any other
// name in the sentence or the one before counts as somebody else.
func (s *scratch) thirdPerson() {
	name := s.greeted()
	n := 0
	for i := range s.toks {
		if n == maxPerRule {
			return
		}
		tk := s.toks[i]
		if i > name {
			if yes, poss := s.isName(i, name); yes && i+1 < len(s.toks) && s.toks[i+1].sep == sepNone &&
				(poss || s.toks[i+1].bits&bitReportVerb != 0) {
				if s.add(int(kindThirdPerson), int32(i), int32(i+2), s.t.advice[kindThirdPerson]) {
					n++
				}
				continue
			}
		}
		if tk.bits&bitThird == 0 || s.someoneElse(int(tk.sent), i, name) {
			continue
		}
		end := i + 1
		if end < len(s.toks) && s.toks[end].sep == sepNone {
			end++
		}
		if s.add(int(kindThirdPerson), int32(i), int32(end), s.t.advice[kindThirdPerson]) {
			n++
		}
	}
}

// someoneElse reports whether the sentence sent, or the one before it,
// names a person other than the reader before token upto: a role ("your
// CFO", "a customer") or a capitalised name that is not the reader's.
func (s *scratch) someoneElse(sent, upto, name int) bool {
	from := s.sents[max(sent-1, 0)].first
	for k := int(from); k < upto; k++ {
		tk := s.toks[k]
		if tk.bits&bitPersonNoun != 0 && tk.bits&bitThird == 0 {
			return true
		}
		if k == name || tk.id < 0 || tk.sep == sepSentence || tk.bits&(bitFirst|bitCalendar|bitGreeting) != 0 {
			continue
		}
		if yes, _ := s.isName(k, name); !yes && s.capitalised(k) {
			return true
		}
	}
	return false
}

// specific reports whether the message names something particular: a
// number, a month or weekday, or a capitalised name other than the greeted
// one, mid-sentence.
func (s *scratch) specific() bool {
	name := s.greeted()
	for i, tk := range s.toks {
		if tk.id < 0 || i == name {
			continue
		}
		if tk.bits&bitCalendar != 0 {
			return true
		}
		for _, c := range s.norm[tk.start:tk.end] {
			if c >= '0' && c <= '9' {
				return true
			}
		}
		if tk.sep != sepSentence && tk.bits&(bitFirst|bitGreeting) == 0 && s.capitalised(i) {
			if yes, _ := s.isName(i, name); !yes {
				return true
			}
		}
	}
	return false
}

// tooLong measures the whole text. When it is over the limit it quotes the
// first few words past the point where a reader would stop.
func tooLong(text string) (Finding, int, bool) {
	words, chars := 0, 0
	over := -1
	inWord := false
	for i, r := range text {
		chars++
		space := unicode.IsSpace(r)
		if !space && !inWord {
			words++
			if over < 0 && (words > maxWords || chars > maxChars) {
				over = i
			}
		}
		inWord = !space
	}
	if words <= maxWords && chars <= maxChars {
		return Finding{}, 0, false
	}
	if over < 0 {
		// Over the character limit inside the last word.
		over = len(text)
		for over > 0 && !unicode.IsSpace(rune(text[over-1])) {
			over--
		}
	}
	q := text[over:]
	end, seen := 0, 0
	for end < len(q) && seen < 8 {
		for end < len(q) && unicode.IsSpace(rune(q[end])) {
			end++
		}
		for end < len(q) && !unicode.IsSpace(rune(q[end])) {
			end++
		}
		seen++
	}
	q = clip(strings.TrimSpace(q[:end]), 80)
	if !utf8.ValidString(q) {
		q = ""
	}
	advice := fmt.Sprintf("At %d words (%d characters) this is far longer than a quiet prospect will read in a DM, "+
		"a LinkedIn note or an email. Cut it to a few sentences: how you feel, what you want for them, and an open door.", words, chars)
	return Finding{Rule: RuleTooLong, Quote: q, Advice: advice}, over, true
}
