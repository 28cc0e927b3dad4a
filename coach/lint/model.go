package lint

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The tone model is the lint's second pass. Pressure that uses no stock
// phrase ("the install crew only has one week free, and it goes to whoever
// confirms first") still leaves traces in its words: a logistic regression
// over the words and word pairs of each sentence, pooled over the sentences
// by a soft maximum, plus a few counts of the message's shape (questions,
// you and I, numbers) and what the first pass saw (its cues, and the rule
// families and other phrase sections it met) reads them. When the phrase
// rules find nothing but the model is confident, the lint adds a tone
// finding that quotes the sentence carrying the most weight and names the
// words in it that weigh most. It never takes a finding away: a coach wrote
// those phrases. The model's confidence also lowers the score, so messages
// rank by both passes.
//
// The weights live in model.txt, embedded at build time. They are trained by
// TestModelWeights from testdata/train_messages.txt, train_voices.txt,
// families.txt and eval_messages.jsonl; the test fails when model.txt is not
// what the training data and the feature code give today, and rewrites it
// with -update.

//go:embed model.txt
var modelFile string

// Feature prefixes. Words and word pairs score the sentence they are in;
// the other features score the whole message.
const (
	featWord  = "w:" // a word; numbers are <num>, days and months <cal>, links <url>
	featPair  = "b:" // two words in a row in one sentence; ^ opens a sentence
	featGram  = "g:" // a run of letters inside a word, _ marking its ends
	featShape = "s:" // counts of the message's shape
	featCue   = "c:" // a [cue] of phrases.txt seen, not negated
	featKind  = "k:" // a phrase section matched: a rule family, ask, door, feelings…
)

// toneModel is model.txt parsed.
type toneModel struct {
	weights   weightTable
	bias      float64
	threshold float64 // the tone finding needs at least this probability
	dataHash  string  // what it was trained from, for the staleness test
	lambda    float64
}

// model is parsed on first use; a model file that does not parse panics,
// as the phrase file does: it is embedded, so the tests catch it.
var model = sync.OnceValue(func() *toneModel {
	m, err := parseModel(modelFile)
	if err != nil {
		panic("lint: model.txt: " + err.Error())
	}
	return m
})

// parseModel reads "key value" header lines, then "weight<TAB>feature"
// lines; # starts a comment.
func parseModel(src string) (*toneModel, error) {
	m := &toneModel{threshold: 1}
	keys, vals := []uint64{}, []float32{}
	for n, line := range strings.Split(src, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		if w, name, ok := strings.Cut(line, "\t"); ok {
			v, err := strconv.ParseFloat(w, 32)
			if err != nil || name == "" || strings.HasPrefix(name, featPair) && !strings.Contains(name, " ") {
				return nil, fmt.Errorf("line %d: want weight<TAB>feature", n+1)
			}
			keys, vals = append(keys, featureKey(name)), append(vals, float32(v))
			continue
		}
		key, val, _ := strings.Cut(line, " ")
		var err error
		switch key {
		case "data":
			m.dataHash = val
		case "bias":
			m.bias, err = strconv.ParseFloat(val, 64)
		case "threshold":
			m.threshold, err = strconv.ParseFloat(val, 64)
		case "lambda":
			m.lambda, err = strconv.ParseFloat(val, 64)
		default:
			err = fmt.Errorf("unknown key %q", key)
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n+1, err)
		}
	}
	m.weights = newWeightTable(keys, vals)
	return m, nil
}

// Feature keys. A word is hashed once (FNV-1a), and the keys of its word
// and word-pair features are mixed from those hashes, so scoring a token
// builds no names; the few other features hash their names.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnv[T string | []byte](b T) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(b); i++ {
		h = (h ^ uint64(b[i])) * fnvPrime
	}
	return h
}

// mix is the finaliser of MurmurHash3: it spreads every bit of x.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

func wordKey(w uint64) uint64     { return mix(w ^ 0x9e3779b97f4a7c15) }
func pairKey(a, b uint64) uint64  { return mix(mix(a)*31 ^ b ^ 0x632be59bd9b4e019) }
func otherKey(name uint64) uint64 { return mix(name ^ 0x85ebca6b0c2b2ae3) }
func gramKey(g uint64) uint64     { return mix(g ^ 0xc2b2ae3d27d4eb4f) }

// Word pieces: the runs of gramMin to gramMax letters of a word with _ at
// both ends ("_ping", "pingi", "nging", "ging_" of "pinging"), each worth
// gramValue. They give "pinged", "pinging" and "re-ping" weight a word
// alone would only learn from seeing each form, so the model carries
// better to a writer whose words it has not seen. Chosen by leaving one
// training file out at a time (TestModelFileCV): pieces of 4 and 5
// letters did as well as 5 alone, at twice the lookups.
const (
	gramMin   = 5
	gramMax   = 5
	gramValue = 0.4
)

// forGrams calls fn with each word piece of w (the word without its _
// ends); a piece that would be the whole padded word is left out, since the
// word is a feature already.
func forGrams(w []byte, buf []byte, fn func(piece []byte)) []byte {
	buf = append(append(append(buf[:0], '_'), w...), '_')
	for n := gramMin; n <= gramMax && n < len(buf); n++ {
		for k := 0; k+n <= len(buf); k++ {
			fn(buf[k : k+n])
		}
	}
	return buf
}

// featureKey is the key of a feature named as in model.txt.
func featureKey(name string) uint64 {
	switch {
	case strings.HasPrefix(name, featWord):
		return wordKey(fnv(name[len(featWord):]))
	case strings.HasPrefix(name, featPair):
		a, b, _ := strings.Cut(name[len(featPair):], " ")
		return pairKey(fnv(a), fnv(b))
	case strings.HasPrefix(name, featGram):
		return gramKey(fnv(name[len(featGram):]))
	}
	return otherKey(fnv(name))
}

// The hashes of the special words.
var (
	hashURL   = fnv("<url>")
	hashNum   = fnv("<num>")
	hashCal   = fnv("<cal>")
	hashStart = fnv("^")
)

// weightTable maps feature keys to weights by open addressing: faster than
// a map for the thousand lookups of a long message.
type weightTable struct {
	keys []uint64 // 0 is an empty slot
	vals []float32
	mask uint64
}

func newWeightTable(keys []uint64, vals []float32) weightTable {
	size := 16
	for size < 2*len(keys) {
		size *= 2
	}
	t := weightTable{keys: make([]uint64, size), vals: make([]float32, size), mask: uint64(size - 1)}
	for i, k := range keys {
		k = max(k, 1)
		j := k & t.mask
		for t.keys[j] != 0 && t.keys[j] != k {
			j = (j + 1) & t.mask
		}
		t.keys[j], t.vals[j] = k, vals[i]
	}
	return t
}

func (t *weightTable) get(k uint64) float32 {
	if len(t.keys) == 0 {
		return 0
	}
	k = max(k, 1)
	for j := k & t.mask; ; j = (j + 1) & t.mask {
		switch t.keys[j] {
		case k:
			return t.vals[j]
		case 0:
			return 0
		}
	}
}

// featureSink receives every feature of a message instead of the model
// scoring it: the trainer uses it to build its rows. sent is the sentence a
// word feature belongs to, -1 for a feature of the whole message.
type featureSink func(name string, value float64, sent int)

// maxEvidence is how many phrases a tone finding names, and evidenceWords
// the longest phrase it names.
const (
	maxEvidence   = 2
	evidenceWords = 5
)

// toneState is the model's part of the scratch.
type toneState struct {
	name    []byte
	gram    []byte // a padded word, for its pieces
	sink    featureSink
	sent    []float64 // score of each sentence's words
	message float64   // score of the message's own features
	explain int32     // the sentence whose words are weighed one by one, or -1
	contrib []float64 // by token of that sentence: the weight its features give it
	best    float64   // the heaviest feature of the whole message, and its name
	bestOf  []byte
}

// emit hands the feature named in s.ts.name to the sink, or scores it.
func (s *scratch) emit(m *toneModel, value float64, sent int32) {
	if s.ts.sink != nil {
		s.ts.sink(string(s.ts.name), value, int(sent))
		return
	}
	w := m.weights.get(otherKey(fnv(s.ts.name)))
	if c := float64(w) * value; c > s.ts.best && !bytes.HasPrefix(s.ts.name, []byte(featShape)) {
		s.ts.best, s.ts.bestOf = c, append(s.ts.bestOf[:0], s.ts.name...)
	}
	s.addTone(w, value, sent, -1, -1)
}

// score adds the weight of feature key to sentence sent; the feature spans
// tokens from to to.
func (s *scratch) score(m *toneModel, key uint64, sent int32, from, to int32) {
	if w := m.weights.get(key); w != 0 {
		s.addTone(w, 1, sent, from, to)
	}
}

// addTone adds weight w times value to the message (sent < 0) or to a sentence.
func (s *scratch) addTone(w float32, value float64, sent int32, from, to int32) {
	c := float64(w) * value
	ts := &s.ts
	if sent < 0 {
		ts.message += c
		return
	}
	ts.sent[sent] += c
	if sent == ts.explain {
		// A pair's weight is shared by its two words.
		first := s.sents[sent].first
		for k := from; k < to; k++ {
			ts.contrib[k-first] += c / float64(to-from)
		}
	}
}

// gramWord is token i as letters to cut into word pieces, or nil for a
// link, a day or month, or a word with a digit, which are whole words only.
func (s *scratch) gramWord(i int) []byte {
	tk := s.toks[i]
	w := s.norm[tk.start:tk.end]
	if tk.id < 0 || tk.bits&bitCalendar != 0 && string(w) != "may" {
		return nil
	}
	for _, c := range w {
		if c >= '0' && c <= '9' {
			return nil
		}
	}
	return w
}

// wordHash is the hash of token i as a model word: a link is <url>, a day
// or month <cal> ("by friday" is "by <cal>"), a word with a digit <num>.
// With name set it also appends the word to s.ts.name.
func (s *scratch) wordHash(i int, name bool) (uint64, bool) {
	tk := s.toks[i]
	w := s.norm[tk.start:tk.end]
	h, number := uint64(0), false
	switch {
	case tk.id < 0:
		h, w = hashURL, []byte("<url>")
	case tk.bits&bitCalendar != 0 && string(w) != "may": // "may" is mostly the verb
		h, w = hashCal, []byte("<cal>")
	default:
		for _, c := range w {
			if c >= '0' && c <= '9' {
				h, w, number = hashNum, []byte("<num>"), true
				break
			}
		}
		if h == 0 {
			h = fnv(w)
		}
	}
	if name {
		s.ts.name = append(s.ts.name, w...)
	}
	return h, number
}

// kindNames names the phrase sections by kind, for the kind features.
var kindNames = func() (n [numKinds]string) {
	for name, k := range sectionKinds {
		n[k] = strings.ReplaceAll(name, " ", "_")
	}
	n[kindCue] = "cue"
	return n
}()

// cueNames names the cues by bit.
var cueNames = sync.OnceValue(func() []string {
	t := phrases()
	n := make([]string, maxCues+2)
	for name, idx := range t.cues {
		n[idx] = name
	}
	n[bitDoorCue], n[bitCondCue] = builtinDoor, builtinCond
	return n
})

// toneFeatures runs every feature of the message through emit. It is called
// after the phrase findings and before the tone finding.
func (s *scratch) toneFeatures(m *toneModel) {
	ts := &s.ts
	ts.message, ts.explain, ts.best, ts.bestOf = 0, -1, 0, ts.bestOf[:0]
	ts.sent = slices.Grow(ts.sent[:0], len(s.sents))[:len(s.sents)]
	clear(ts.sent)
	questions, first, second, numbers := 0, 0, 0, 0
	for si := range s.sents {
		numbers += s.sentenceWords(m, si)
	}
	for _, tk := range s.toks {
		switch {
		case tk.bits&bitFirst != 0:
			first++
		case tk.bits&bitSecond != 0:
			second++
		}
	}
	for _, sent := range s.sents {
		if sent.question {
			questions++
		}
	}
	n := float64(max(1, len(s.toks)))
	s.shape(m, "len", math.Log1p(n)/5)
	s.shape(m, "sentences", math.Log1p(float64(len(s.sents))))
	s.shape(m, "questions", float64(min(questions, 3)))
	s.shape(m, "you", min(10*float64(second)/n, 3))
	s.shape(m, "me", min(10*float64(first)/n, 3))
	if numbers > 0 {
		s.shape(m, "number", 1)
	}
	if k := strings.Count(s.text, "!"); k > 0 {
		s.shape(m, "exclaim", float64(min(k, 3)))
	}

	var cues cueSet
	for _, c := range s.cues {
		cues = cues.or(c)
	}
	names := cueNames()
	for w, word := range cues {
		for ; word != 0; word &= word - 1 {
			bit := w*64 + bits.TrailingZeros64(word)
			ts.name = append(append(ts.name[:0], featCue...), names[bit]...)
			s.emit(m, 1, -1)
		}
	}
	var kinds [numKinds]bool
	for _, mt := range s.matches {
		if mt.kind != kindCue && mt.live() && !s.negated(int(mt.start)) {
			kinds[mt.kind] = true
		}
	}
	for k, seen := range kinds {
		if seen {
			ts.name = append(append(ts.name[:0], featKind...), kindNames[k]...)
			s.emit(m, 1, -1)
		}
	}
}

// sentenceWords scores (or hands to the sink) the words and word pairs of
// sentence si, and returns how many numbers it holds.
func (s *scratch) sentenceWords(m *toneModel, si int) (numbers int) {
	sent := s.sents[si]
	if s.ts.sink != nil {
		return s.sinkWords(si)
	}
	prev := hashStart
	for i := sent.first; i < sent.end; i++ {
		h, number := s.wordHash(int(i), false)
		if number {
			numbers++
		}
		s.score(m, wordKey(h), int32(si), i, i+1)
		if i == sent.first {
			s.score(m, pairKey(prev, h), int32(si), i, i+1)
		} else {
			s.score(m, pairKey(prev, h), int32(si), i-1, i+1)
		}
		prev = h
		if w := s.gramWord(int(i)); w != nil {
			s.ts.gram = forGrams(w, s.ts.gram, func(piece []byte) {
				if g := m.weights.get(gramKey(fnv(piece))); g != 0 {
					s.addTone(g, gramValue, int32(si), i, i+1)
				}
			})
		}
	}
	return numbers
}

// sinkWords is sentenceWords for the trainer: the same features, named.
func (s *scratch) sinkWords(si int) (numbers int) {
	ts := &s.ts
	sent := s.sents[si]
	for i := int(sent.first); i < int(sent.end); i++ {
		ts.name = append(ts.name[:0], featWord...)
		if _, number := s.wordHash(i, true); number {
			numbers++
		}
		ts.sink(string(ts.name), 1, si)
		ts.name = append(ts.name[:0], featPair...)
		if i == int(sent.first) {
			ts.name = append(ts.name, '^')
		} else {
			s.wordHash(i-1, true)
		}
		ts.name = append(ts.name, ' ')
		s.wordHash(i, true)
		ts.sink(string(ts.name), 1, si)
		if w := s.gramWord(i); w != nil {
			ts.gram = forGrams(w, ts.gram, func(piece []byte) {
				ts.sink(featGram+string(piece), gramValue, si)
			})
		}
	}
	return numbers
}

func (s *scratch) shape(m *toneModel, name string, v float64) {
	s.ts.name = append(append(s.ts.name[:0], featShape...), name...)
	s.emit(m, v, -1)
}

// toneScore is the model's probability that the message pressures its
// reader, and the sentence that weighs most; toneFeatures must have run.
// The sentences are pooled by log-sum-exp, a soft maximum: one pushy
// sentence makes a pushy message, however warm the rest.
func (s *scratch) toneScore(m *toneModel) (float64, int) {
	best := 0
	for i, u := range s.ts.sent {
		if u > s.ts.sent[best] {
			best = i
		}
	}
	z := m.bias + s.ts.message
	if len(s.ts.sent) > 0 {
		z += logSumExp(s.ts.sent, s.ts.sent[best])
	}
	return 1 / (1 + math.Exp(-z)), best
}

// logSumExp is log Σ exp(u), computed from the largest u, hi.
func logSumExp(u []float64, hi float64) float64 {
	var sum float64
	for _, v := range u {
		sum += math.Exp(v - hi)
	}
	return hi + math.Log(sum)
}

// toneFinding quotes the sentence that weighs most and names the phrases
// in it that weigh most, and the cue or phrase section of phrases.txt that
// weighs most in the whole message.
func (s *scratch) toneFinding(m *toneModel, p float64, best int) found {
	ts := &s.ts
	sent := s.sents[best]
	ts.explain = int32(best)
	ts.contrib = slices.Grow(ts.contrib[:0], int(sent.end-sent.first))[:sent.end-sent.first]
	clear(ts.contrib)
	s.sentenceWords(m, best)
	ts.explain = -1
	// The greeting and the reader's name are not evidence.
	name := s.greeted()
	for k := range ts.contrib {
		if i := int(sent.first) + k; s.toks[i].bits&bitGreeting != 0 || i == name {
			ts.contrib[k] = 0
		}
	}
	var phrases []string
	for range maxEvidence {
		from, to, w := heaviest(ts.contrib)
		if w <= 0 {
			break
		}
		_, q := s.quote(int(s.toks[int(sent.first)+from].start), int(s.toks[int(sent.first)+to-1].end))
		phrases = append(phrases, strconv.Quote(q))
		for k := from; k < to; k++ {
			ts.contrib[k] = math.Inf(-1) // named once
		}
	}
	why := "the sentence as a whole weighs most"
	if len(phrases) > 0 {
		why = strings.Join(phrases, " and ") + " weigh most"
	}
	if ts.best > 0.5 {
		kind, name, _ := strings.Cut(string(ts.bestOf), ":")
		what := "cue"
		if kind+":" == featKind {
			what = "phrase section"
		}
		why += fmt.Sprintf(", with the %s %q of the phrase file", what, name)
	}
	start, quote := s.sentenceQuote(sent)
	advice := fmt.Sprintf("No stock phrase, but this reads as pressure (%d%% by the tone model): %s. "+
		"Drop the push: no deadline or scarcity they did not set, no keeping score, no nudge with "+
		"nothing new; say what is in it for them and leave the door open.", int(math.Round(100*p)), why)
	return found{pos: start, rule: ruleTone, f: Finding{Rule: RuleTone, Quote: quote, Advice: advice}}
}

// heaviest returns the run of up to evidenceWords tokens whose weights sum
// highest, and the sum; a run never starts or ends on a token that weighs
// nothing or less.
func heaviest(w []float64) (from, to int, sum float64) {
	sum = math.Inf(-1)
	for i := range w {
		if w[i] <= 0 {
			continue
		}
		acc := 0.0
		for j := i; j < len(w) && j < i+evidenceWords; j++ {
			if math.IsInf(w[j], -1) {
				break
			}
			acc += w[j]
			if w[j] > 0 && acc > sum {
				from, to, sum = i, j+1, acc
			}
		}
	}
	return from, to, sum
}
