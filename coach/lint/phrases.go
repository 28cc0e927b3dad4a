package lint

import (
	_ "embed"
	"fmt"
	mathbits "math/bits"
	"regexp"
	"strings"
	"sync"
)

//go:embed phrases.txt
var phraseFile string

// kind classifies a phrase. The finding kinds come first, in the order they
// claim text: a phrase already quoted by an earlier kind is not quoted again
// by a later one ("I noticed you haven't responded" is a bump first).
type kind uint8

const (
	kindPestering kind = iota
	kindGuilt
	kindCounting
	kindPressure
	kindTracking
	kindOverHead
	kindAssumes
	kindSnark
	kindThirdPerson
	kindResent      // a link or document sent again
	kindFeelings    // REAL: an honest feeling
	kindIntentions  // REAL: what the writer wants for them or the relationship
	kindDoor        // REAL: the door is left open
	kindAsk         // a request ("could you", "let me know")
	kindResend      // a word saying a link is sent again
	kindSmallTalk   // "how are you?": a question that is not an ask
	kindConditional // "unless", "if I'm wrong": makes a step back conditional
	kindNextAsk     // "and", "also", "while I have you": one more ask follows in the sentence
	kindWarm        // "good luck with the rollout": a warm goodbye, no sting
	kindFollowOn    // "Or Thursday?", "If so, …": continues the question before it
	kindCue         // a cue: one ingredient of a [combine] rule
	numKinds
)

// numFindingKinds counts the kinds whose phrases are findings.
const numFindingKinds = kindFeelings

// sectionKinds maps the section names of phrases.txt to kinds.
var sectionKinds = map[string]kind{
	RulePestering: kindPestering, RuleGuilt: kindGuilt, RuleCounting: kindCounting,
	RulePressure: kindPressure, RuleTracking: kindTracking, RuleOverTheirHead: kindOverHead,
	RuleAssumesReason: kindAssumes, RuleBreakupSnark: kindSnark, RuleThirdPerson: kindThirdPerson,
	RuleResentLink: kindResent, "feelings": kindFeelings, "intentions": kindIntentions, "door": kindDoor,
	"ask": kindAsk, "resend": kindResend, "small talk": kindSmallTalk, "conditional": kindConditional,
	"next ask": kindNextAsk, "warm": kindWarm, "follow-on": kindFollowOn,
}

// Flags of a phrase: from its section, and from its own anchors.
const (
	// flagExcept: an innocent use that cancels any phrase of the same kind
	// it overlaps ("checking in with our legal team" is not a bump).
	flagExcept uint8 = 1 << iota
	// flagUnlessDoor: a finding only when the message leaves no door open
	// and says no warm goodbye.
	flagUnlessDoor
	// flagUnlessConditional: not a finding when its sentence or the next
	// makes it conditional.
	flagUnlessConditional
	// flagStart and flagEnd: the phrase must open / close its sentence.
	flagStart
	flagEnd
	// flagAcross: a combination whose cues may sit in different sentences
	// of the message.
	flagAcross
)

// Word classes the code itself reads, as bits on each known word.
const (
	bitFirst uint16 = 1 << iota
	bitSecond
	bitNegator
	bitFiller
	bitThird
	bitPersonNoun
	bitGreeting
	bitCalendar
	bitReportVerb
	bitInterrogative
	bitClauseStart
	bitCondition
	bitTitle
)

var classBits = map[string]uint16{
	"first_person": bitFirst, "second_person": bitSecond, "negator": bitNegator,
	"filler": bitFiller, "third_person": bitThird, "person_noun": bitPersonNoun,
	"greeting": bitGreeting, "calendar": bitCalendar, "report_verb": bitReportVerb,
	"interrogative": bitInterrogative, "clause_start": bitClauseStart, "condition": bitCondition, "title": bitTitle,
}

// classDef matches the line that defines a word class.
var classDef = regexp.MustCompile(`^@[a-z0-9_]+\s*=`)

// maxGap is how many words "..." in a phrase may stand for.
const maxGap = 4

// gapWord and the anchors are the special words of a pattern.
const (
	gapWord     = "..."
	anchorStart = "^"
	anchorEnd   = "$"
)

type output struct {
	kind  kind
	flags uint8
	cue   uint8 // the cue's index, for kindCue
}

// A combo is a [combine] line: a finding when one sentence holds every cue
// in need and none in forbid, and the message none in forbidAny.
type combo struct {
	kind         kind
	flags        uint8
	need, forbid cueSet
	forbidAny    cueSet // "!*cue": anywhere in the message
}

// lowestBit returns the lowest bit set in a non-empty set.
func lowestBit(c cueSet) int {
	if c[0] != 0 {
		return mathbits.TrailingZeros64(c[0])
	}
	return 64 + mathbits.TrailingZeros64(c[1])
}

// cueSet holds one bit per cue, and the built-in signals after them.
type cueSet [2]uint64

func (c *cueSet) add(bit int)         { c[bit/64] |= 1 << (bit % 64) }
func (c cueSet) has(bit int) bool     { return c[bit/64]&(1<<(bit%64)) != 0 }
func (c cueSet) and(o cueSet) cueSet  { return cueSet{c[0] & o[0], c[1] & o[1]} }
func (c cueSet) or(o cueSet) cueSet   { return cueSet{c[0] | o[0], c[1] | o[1]} }
func (c cueSet) empty() bool          { return c[0]|c[1] == 0 }
func (c cueSet) count() int           { return mathbits.OnesCount64(c[0]) + mathbits.OnesCount64(c[1]) }
func (c cueSet) covers(o cueSet) bool { return c.and(o) == o }
func (c cueSet) meets(o cueSet) bool  { return !c.and(o).empty() }

// Sentence bits beyond the cues: the built-in signals a combo may forbid.
const (
	maxCues     = 126
	bitDoorCue  = 126
	bitCondCue  = 127
	builtinDoor = "door"
	builtinCond = "conditional"
)

// table is phrases.txt compiled: a dictionary of every word the phrases
// use, and a word graph. Each phrase is a small graph of its own (a group
// of alternatives branches and joins again, so "{a|b} {c|d}" costs four
// edges, not four phrases); the shared root is indexed by the words a
// phrase can open with, so matching from a word only enters the phrases
// that can start there.
type table struct {
	dict map[string]int32
	bits []uint16 // class bits by word id
	// The graph lives in flat arrays, not a slice per node, which would
	// cost a slice header for each of tens of thousands of nodes: edges
	// maps a node and a word to a run of edgeTo (offset<<32 | length), the
	// word-free edges of node n are epsTo[epsAt[n]:epsAt[n+1]], its phrase
	// ends outList[outAt[n]:outAt[n+1]].
	edges   map[uint64]uint64
	edgeTo  []int32
	epsTo   []int32
	epsAt   []int32
	gap     []int32 // per node: the node reached over a gap of up to maxGap words, or -1
	outAt   []int32
	outList []output
	// cues names the [cue NAME] sections by index; combos are the
	// [combine RULE] lines.
	cues   map[string]uint8
	combos []combo
	// comboByLow lists, by the lowest cue it needs, every combination that
	// must hold within one sentence (indices into combos).
	comboByLow [maxCues + 2][]int
	// open marks the nodes whose closure ends a phrase or opens a gap, so a
	// walk must enter them; accept holds, for every other node, the words
	// its closure can read next: the offset in sets of a bitset by word id
	// ((len(bits)+63)/64 words, shared by every node that reads the same
	// words), or -1 for none. Checking it before entering a node spares the
	// map lookups of the many phrases that die on their next word.
	open   []bool
	accept []int32
	sets   []uint64
	// The root is indexed by the first two words: rootOpen by the first word
	// for the phrases that must be entered anyway, rootPair by both words
	// for the rest, so matching from a word costs two lookups.
	rootOpen [][]int32 // by word id
	rootPair map[uint64][]int32
	// advice is what the coach says for each finding kind.
	advice [numFindingKinds]string
	// patterns counts the phrase lines, for the tests.
	patterns int
}

func edgeKey(node, word int32) uint64 { return uint64(node)<<32 | uint64(uint32(word)) }

// edgesOf returns the nodes node reaches by reading word (key edgeKey).
func (t *table) edgesOf(key uint64) []int32 {
	run, ok := t.edges[key]
	if !ok {
		return nil
	}
	from := int32(run >> 32)
	return t.edgeTo[from : from+int32(uint32(run))]
}

// epsOf returns the nodes node reaches without reading a word.
func (t *table) epsOf(node int32) []int32 { return t.epsTo[t.epsAt[node]:t.epsAt[node+1]] }

// outsOf returns the phrases that end at node.
func (t *table) outsOf(node int32) []output { return t.outList[t.outAt[node]:t.outAt[node+1]] }

// phrases is the compiled table, built on first use so commands that never
// lint do not pay for it. A phrase file that does not parse panics: it is
// embedded, so the tests catch it before any build ships.
var phrases = sync.OnceValue(func() *table {
	t, err := compile(phraseFile)
	if err != nil {
		panic("lint: " + err.Error())
	}
	return t
})

// compile parses a phrase file.
func compile(src string) (*table, error) {
	t := &table{
		dict: map[string]int32{"": 0},
		bits: []uint16{0},
		cues: map[string]uint8{},
	}
	b := newBuilder(t)
	b.node() // the root
	classes := map[string]string{}
	section, have, combining := output{}, false, false
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		where := func(err error) error { return fmt.Errorf("phrases.txt line %d: %w", n+1, err) }
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case classDef.MatchString(line):
			name, def, _ := strings.Cut(line[1:], "=")
			name = strings.TrimSpace(name)
			body, err := substituteClasses(strings.TrimSpace(def), classes)
			if err != nil {
				return nil, where(err)
			}
			classes[name] = "{" + splitTop(body) + "}"
			if bit, ok := classBits[name]; ok {
				for _, alt := range expand(classes[name]) {
					words := wordsOf(alt)
					if len(words) != 1 {
						return nil, where(fmt.Errorf("@%s must list single words, not %q", name, alt))
					}
					t.bits[t.word(words[0])] |= bit
				}
			}
		case strings.HasPrefix(line, "["):
			o, isCombine, err := t.parseSection(line)
			if err != nil {
				return nil, where(err)
			}
			section, have, combining = o, true, isCombine
		case strings.HasPrefix(line, "advice:"):
			if !have || combining || section.kind >= numFindingKinds || section.flags&flagExcept != 0 {
				return nil, where(fmt.Errorf("advice belongs to a finding section"))
			}
			t.advice[section.kind] = strings.TrimSpace(strings.TrimPrefix(line, "advice:"))
		case combining:
			c, err := t.parseCombo(line, section)
			if err != nil {
				return nil, where(err)
			}
			if c.flags&flagAcross == 0 {
				low := lowestBit(c.need)
				t.comboByLow[low] = append(t.comboByLow[low], len(t.combos))
			}
			t.combos = append(t.combos, c)
		default:
			if !have {
				return nil, where(fmt.Errorf("a phrase before any [section]"))
			}
			pat, err := substituteClasses(line, classes)
			if err != nil {
				return nil, where(err)
			}
			if err := b.add(pat, section); err != nil {
				return nil, where(err)
			}
			t.patterns++
		}
	}
	for name := range classBits {
		if _, ok := classes[name]; !ok {
			return nil, fmt.Errorf("phrases.txt: the word class @%s is missing", name)
		}
	}
	for k := range numFindingKinds {
		if t.advice[k] == "" {
			return nil, fmt.Errorf("phrases.txt: the %s section has no advice", rules[k].id)
		}
	}
	b.finish()
	for short, full := range textSpellings {
		if id, ok := t.dict[full]; ok {
			if _, taken := t.dict[short]; !taken {
				t.dict[short] = id
			}
		}
	}
	return t, nil
}

// textSpellings are the short and apostrophe-less spellings of texts and
// chat ("u", "pls", "havent"): each reads as the word it stands for, so
// every phrase written with "you" or "haven't" also matches them. A
// spelling the phrase file uses as a word of its own keeps its own entry.
var textSpellings = map[string]string{
	"u": "you", "ur": "your", "youre": "you're", "u're": "you're", "u've": "you've", "u'll": "you'll",
	"u'd": "you'd", "youve": "you've", "youll": "you'll", "youd": "you'd",
	"pls": "please", "plz": "please", "msg": "message", "msgs": "messages",
	"tmrw": "tomorrow", "tmr": "tomorrow", "tmrrw": "tomorrow", "abt": "about", "thx": "thanks",
	"b4": "before", "ppl": "people", "cuz": "because", "coz": "because", "bc": "because",
	"havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't", "didnt": "didn't", "doesnt": "doesn't",
	"isnt": "isn't", "arent": "aren't", "wasnt": "wasn't", "werent": "weren't", "couldnt": "couldn't",
	"wouldnt": "wouldn't", "shouldnt": "shouldn't", "cant": "can't", "wont": "won't", "thats": "that's",
	"whats": "what's", "theyre": "they're", "weve": "we've", "itll": "it'll",
}

// parseSection reads a section header: a rule, the REAL checklist or other
// evidence ("[pestering]", "[door]", "[pestering except]"), a cue ("[cue
// deadline]") or its innocent uses ("[cue deadline except]"), or a list of
// combinations ("[combine pressure]"). It reports whether the lines below
// are combinations.
func (t *table) parseSection(line string) (output, bool, error) {
	if !strings.HasSuffix(line, "]") {
		return output{}, false, fmt.Errorf("a section is written [name]")
	}
	body := strings.TrimSpace(line[1 : len(line)-1])
	if name, ok := strings.CutPrefix(body, "cue "); ok {
		name = strings.TrimSpace(name)
		var flags uint8
		if n, ok := strings.CutSuffix(name, " except"); ok {
			name, flags = strings.TrimSpace(n), flagExcept
		}
		idx, seen := t.cues[name]
		if !seen && flags&flagExcept != 0 {
			return output{}, false, fmt.Errorf("define [cue %s] above its exceptions", name)
		}
		if !seen {
			if len(t.cues) == maxCues {
				return output{}, false, fmt.Errorf("more than %d cues", maxCues)
			}
			if name == builtinDoor || name == builtinCond {
				return output{}, false, fmt.Errorf("%q is a built-in signal, not a cue name", name)
			}
			idx = uint8(len(t.cues))
			t.cues[name] = idx
		}
		return output{kind: kindCue, cue: idx, flags: flags}, false, nil
	}
	combine := false
	var o output
	if rest, ok := strings.CutPrefix(body, "combine "); ok {
		body, combine = strings.TrimSpace(rest), true
		if rest, ok := strings.CutSuffix(body, " across"); ok {
			body, o.flags = strings.TrimSpace(rest), flagAcross
		}
	}
	// Modifiers may be combined ("unless-door unless-conditional").
	for more := true; more; {
		more = false
		for _, mod := range []struct {
			word string
			flag uint8
		}{{" except", flagExcept}, {" unless-door", flagUnlessDoor}, {" unless-conditional", flagUnlessConditional}} {
			if s, ok := strings.CutSuffix(body, mod.word); ok && o.flags&mod.flag == 0 {
				body, o.flags, more = strings.TrimSpace(s), o.flags|mod.flag, true
			}
		}
	}
	if o.flags&flagExcept != 0 && o.flags&(flagUnlessDoor|flagUnlessConditional) != 0 {
		return output{}, false, fmt.Errorf("[%s] except cannot be conditional too", body)
	}
	k, ok := sectionKinds[body]
	if !ok {
		return output{}, false, fmt.Errorf("unknown section [%s]", body)
	}
	if o.flags&(flagUnlessDoor|flagUnlessConditional) != 0 && k >= numFindingKinds {
		return output{}, false, fmt.Errorf("[%s] is not a finding, so it cannot be conditional", body)
	}
	if combine && (k >= numFindingKinds || o.flags&flagExcept != 0) {
		return output{}, false, fmt.Errorf("only a finding can be combined")
	}
	o.kind = k
	return o, combine, nil
}

// parseCombo reads "a & b & !c & !*d": cue names (or door, conditional)
// that one sentence must hold, after "!" must not, and after "!*" the
// whole message must not.
func (t *table) parseCombo(line string, sec output) (combo, error) {
	c := combo{kind: sec.kind, flags: sec.flags}
	for _, part := range strings.Split(line, "&") {
		part = strings.TrimSpace(part)
		neg := strings.HasPrefix(part, "!")
		name := strings.TrimSpace(strings.TrimPrefix(part, "!"))
		anywhere := neg && strings.HasPrefix(name, "*")
		name = strings.TrimSpace(strings.TrimPrefix(name, "*"))
		var bit int
		switch name {
		case builtinDoor:
			bit = bitDoorCue
		case builtinCond:
			bit = bitCondCue
		default:
			idx, ok := t.cues[name]
			if !ok {
				return combo{}, fmt.Errorf("unknown cue %q (define [cue %s] above)", name, name)
			}
			bit = int(idx)
		}
		switch {
		case anywhere:
			c.forbidAny.add(bit)
		case neg:
			c.forbid.add(bit)
		default:
			c.need.add(bit)
		}
	}
	if c.need.empty() {
		return combo{}, fmt.Errorf("a combination needs at least one cue")
	}
	return c, nil
}

// substituteClasses replaces every @name with its alternatives.
func substituteClasses(s string, classes map[string]string) (string, error) {
	if !strings.Contains(s, "@") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '@' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
			j++
		}
		def, ok := classes[s[i+1:j]]
		if !ok {
			return "", fmt.Errorf("unknown word class @%s (define it above its first use)", s[i+1:j])
		}
		b.WriteString(def)
		i = j
	}
	return b.String(), nil
}

// splitTop turns "a | b c | d" into "a|b c|d", leaving nested groups alone.
func splitTop(s string) string {
	var parts []string
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
		case '|':
			if depth == 0 {
				parts = append(parts, strings.TrimSpace(s[last:i]))
				last = i + 1
			}
		}
	}
	parts = append(parts, strings.TrimSpace(s[last:]))
	return strings.Join(parts, "|")
}

// expand lists every phrase a pattern stands for. Only the word classes
// the code reads, and the tests, expand patterns: matching never does.
func expand(p string) []string {
	i := strings.IndexByte(p, '{')
	if i < 0 {
		return []string{p}
	}
	depth, last := 0, i+1
	var alts []string
	for j := i; j < len(p); j++ {
		switch p[j] {
		case '{':
			depth++
		case '|':
			if depth == 1 {
				alts = append(alts, p[last:j])
				last = j + 1
			}
		case '}':
			if depth--; depth == 0 {
				alts = append(alts, p[last:j])
				var out []string
				for _, alt := range alts {
					out = append(out, expand(p[:i]+alt+p[j+1:])...)
				}
				return out
			}
		}
	}
	return []string{p}
}

// wordsOf splits plain pattern text into the words the matcher sees: the
// text is folded and tokenised exactly as a message is, and the special
// words (..., ^, $) are kept.
func wordsOf(p string) []string {
	var out []string
	for _, f := range strings.Fields(p) {
		if f == gapWord || f == anchorStart || f == anchorEnd {
			out = append(out, f)
			continue
		}
		norm, _ := fold(nil, nil, f)
		eachWord(norm, func(w []byte) { out = append(out, string(w)) })
	}
	return out
}

// eachWord calls fn with every word of folded text, as the matcher
// tokenises a message.
func eachWord(norm []byte, fn func(w []byte)) {
	for i := 0; i < len(norm); {
		r, size := runeAt(norm, i)
		if symbolRune(r) {
			fn(norm[i : i+size])
			i += size
			continue
		}
		if !wordRune(r) {
			i += size
			continue
		}
		j := tokenEnd(norm, i)
		fn(norm[i:j])
		i = j
	}
}

func (t *table) word(w string) int32 {
	if id, ok := t.dict[w]; ok {
		return id
	}
	id := int32(len(t.bits))
	t.dict[w] = id
	t.bits = push(t.bits, 0)
	return id
}

// patternParser compiles pattern text: words, "{a|b|}" groups (nested at
// will) and "..." gaps.
type patternParser struct {
	b   *builder
	src string
	pos int
}

// seq compiles a sequence from node n up to a '|' or '}' (inGroup) or the
// end, and returns the node where it ends.
func (p *patternParser) seq(n int32, inGroup bool) (int32, error) {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == ' ':
			p.pos++
		case c == '|' || c == '}':
			if !inGroup {
				return 0, fmt.Errorf("an unmatched %c", c)
			}
			return n, nil
		case c == '{':
			if p.pos > 0 && glued(p.src[p.pos-1]) {
				return 0, fmt.Errorf("a group must not be glued to a word (write {can't|cannot}, not can{'t|not})")
			}
			p.pos++
			join := p.b.node()
			for {
				end, err := p.seq(n, true)
				if err != nil {
					return 0, err
				}
				p.b.eps(end, join)
				if p.pos >= len(p.src) {
					return 0, fmt.Errorf("an unclosed {")
				}
				sep := p.src[p.pos]
				p.pos++
				if sep == '}' {
					break
				}
			}
			n = join
		default:
			j := p.pos
			for j < len(p.src) && strings.IndexByte(" {|}", p.src[j]) < 0 {
				j++
			}
			chunk := p.src[p.pos:j]
			p.pos = j
			switch chunk {
			case gapWord:
				if p.b.t.gap[n] < 0 {
					g := p.b.node()
					p.b.t.gap[n] = g
				}
				n = p.b.t.gap[n]
				continue
			case anchorStart, anchorEnd:
				return 0, fmt.Errorf("%s only opens or closes a phrase", chunk)
			}
			for _, id := range p.b.wordIDs(chunk) {
				next := p.b.node()
				p.b.edge(n, id, next)
				n = next
			}
		}
	}
	if inGroup {
		return 0, fmt.Errorf("an unclosed {")
	}
	return n, nil
}

// glued reports whether c, next to a group, would glue it to a word.
func glued(c byte) bool {
	return c == '\'' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
