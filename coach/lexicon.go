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

// pattern is one expansion of a cue's phrase.
type pattern struct {
	toks []ptok
	cue  *cue
	// negative: this expansion carries its own negation ("not the decision
	// maker"), so a "not" before it does not flip it again.
	negative bool
}

// matchAt returns the end of a match of p.toks[k:] starting at ws[i], or -1.
func (p *pattern) matchAt(ws []word, i, k int) int {
	if k == len(p.toks) {
		return i
	}
	t := p.toks[k]
	if t.kind == ptGap {
		for skip := 0; skip <= maxGap && i+skip <= len(ws); skip++ {
			if skip > 0 && ws[i+skip-1].brk == brkHard {
				break
			}
			if e := p.matchAt(ws, i+skip, k+1); e >= 0 {
				return e
			}
		}
		return -1
	}
	if i >= len(ws) || ws[i].brk != brkNone || !t.matches(ws[i]) {
		return -1
	}
	return p.matchAt(ws, i+1, k+1)
}

// phraseSet finds many phrases in one pass over the words: patterns are
// indexed by their first word (or the first letters of a leading stem).
type phraseSet struct {
	exact  map[string][]*pattern
	prefix map[string][]*pattern
	cues   []*cue
}

const stemKey = 3

func newPhraseSet() *phraseSet {
	return &phraseSet{exact: map[string][]*pattern{}, prefix: map[string][]*pattern{}}
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
	try := func(ps []*pattern, i int) {
		for _, p := range ps {
			if e := p.matchAt(ws, i, 0); e > i {
				ms = append(ms, phraseMatch{p.cue, i, e, p.negative})
			}
		}
	}
	for i, w := range ws {
		if w.brk != brkNone {
			continue
		}
		try(s.exact[w.text], i)
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
			if k.cue.group == m.cue.group && k.from <= m.from && m.to <= k.to {
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
	for _, g := range []string{"negators", "negation-exceptions", "window-stops", "issue-words", "rep-actors", "rep-fillers", "rep-verbs", "scope-enders", "speech-verbs"} {
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
		if line == "" || strings.HasPrefix(line, "#") {
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
	alts, err := expand(line)
	if err != nil {
		return fmt.Errorf("%s: %v", at, err)
	}
	negators := l.grammar["negators"]
	for _, alt := range alts {
		p := &pattern{cue: c}
		for _, f := range strings.Fields(alt) {
			switch {
			case f == "..":
				p.toks = append(p.toks, ptok{kind: ptGap})
			case f == "<cap>":
				p.toks = append(p.toks, ptok{kind: ptCap})
			case strings.HasSuffix(f, "*"):
				stem := strings.ToLower(strings.TrimSuffix(f, "*"))
				if len(stem) < stemKey {
					return fmt.Errorf("%s: stem %q is shorter than %d letters", at, f, stemKey)
				}
				p.toks = append(p.toks, ptok{kind: ptPrefix, text: stem})
			default:
				for _, w := range tokenize(f) {
					if w.brk == brkNone {
						p.toks = append(p.toks, ptok{kind: ptExact, text: w.text})
					}
				}
			}
		}
		if len(p.toks) == 0 {
			continue
		}
		for _, t := range p.toks {
			if t.kind == ptExact && negators.has(t.text) {
				p.negative = true
			}
		}
		switch first := p.toks[0]; first.kind {
		case ptExact:
			ps.exact[first.text] = append(ps.exact[first.text], p)
		case ptPrefix:
			k := first.text[:stemKey]
			ps.prefix[k] = append(ps.prefix[k], p)
		default:
			return fmt.Errorf("%s: a phrase cannot start with %q", at, alt)
		}
		// A gap at the end adds nothing: "revisit .." is "revisit".
		for len(p.toks) > 1 && p.toks[len(p.toks)-1].kind == ptGap {
			p.toks = p.toks[:len(p.toks)-1]
		}
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

// expand turns "{didn't|did not} see {the|any} value" into every phrase it
// stands for. An empty alternative ("{really |}") drops the words.
func expand(s string) ([]string, error) {
	open := strings.IndexByte(s, '{')
	if open < 0 {
		if strings.ContainsAny(s, "|}") {
			return nil, fmt.Errorf("stray | or } in %q", s)
		}
		return []string{strings.Join(strings.Fields(s), " ")}, nil
	}
	end := strings.IndexByte(s[open:], '}')
	if end < 0 {
		return nil, fmt.Errorf("unclosed { in %q", s)
	}
	end += open
	if strings.IndexByte(s[open+1:end], '{') >= 0 {
		return nil, fmt.Errorf("nested { in %q", s)
	}
	var out []string
	for _, alt := range strings.Split(s[open+1:end], "|") {
		more, err := expand(s[:open] + alt + s[end+1:])
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
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
// under [whole name].
func (l *lexicon) isWhole(name, text string) bool {
	f := foldWhole(text)
	if f == "" {
		// "?", "…" and the like: no words at all.
		return strings.TrimSpace(text) != ""
	}
	return l.whole[name][f]
}
