// Package textmodel is a small, dependency-free text classifier: a
// multinomial logistic regression over hashed word unigrams, their stems
// and bigrams, with words inside a negation window read as negated ("not
// an issue" gives the features "not", "NOT_an", "NOT_issue" and the
// bigrams).
//
// It is generic: the caller names the classes by index and supplies the
// training texts. Training is deterministic, so the same texts and Config
// always give the same bytes from MarshalBinary, and a committed model can
// be checked for staleness by training it again.
package textmodel

// negationWindow is how many words after a negator are read as negated,
// unless punctuation or a contrast word ends the window first.
const negationWindow = 4

// FNV-1a, computed by hand so hashing a word allocates nothing.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// Salts tell the kinds of feature apart, so the word "not" and a negated
// word that happens to hash like it do not share a bucket by design.
const (
	saltNegated = 0x9e3779b9
	saltBigram  = 0x85ebca6b
	saltStem    = 0xc2b2ae35
)

// stemSuffixes are the endings a word's stem drops, the longest first
// where one ends another: "pricing", "priced" and "prices" share the stem
// "pric", "budgets" and "budget" the stem "budget", so a word the training
// stories only used in another form still counts.
var stemSuffixes = []string{"ations", "ation", "ings", "ing", "ions", "ion", "ments", "ment", "ness", "edly", "ed", "ers", "er", "ies", "es", "ly", "s", "e", "y"}

// minStemmed is the shortest word that gets a stem feature, and
// minStemLen the shortest stem a suffix may leave.
const (
	minStemmed = 5
	minStemLen = 4
)

// stemHash hashes the stem of the word w: w lowercased, without the first
// of stemSuffixes it ends in (if that leaves minStemLen bytes). ok is
// false for a short word, and for one with an apostrophe or a non-ASCII
// letter, which keep only their word feature.
func stemHash(w string) (h uint32, ok bool) {
	if len(w) < minStemmed {
		return 0, false
	}
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 || w[i] == '\'' {
			return 0, false
		}
	}
	cut := len(w)
	for _, suf := range stemSuffixes {
		if len(w)-len(suf) >= minStemLen && hasSuffixFold(w, suf) {
			cut = len(w) - len(suf)
			break
		}
	}
	h = fnvOffset
	for i := 0; i < cut; i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint32(c)) * fnvPrime
	}
	return mix(h, saltStem), true
}

// feature is one hashed feature of a text and the bytes it came from.
type feature struct {
	hash       uint32
	start, end int
	// negated is set for a word in a negation window, a negator, and a
	// pair holding either: words a reader would not quote as saying the
	// thing itself.
	negated bool
	// sentence counts the sentence breaks (. ! ? ; or a new line) before
	// the feature: features with the same count share a sentence.
	sentence int
	// stem is set for a word's stem feature.
	stem bool
}

// token is one word of a text: where it is and its hash.
type token struct {
	hash       uint32
	start, end int
	negator    bool
	contrast   bool
}

// isHardBreak reports whether c ends a sentence or a clause: bigrams do not
// cross it and a negation window closes at it.
func isHardBreak(c byte) bool {
	switch c {
	case '.', ',', ';', ':', '!', '?', '\n', '(', ')', '"', '[', ']':
		return true
	}
	return false
}

// apostropheAt reports whether text[i:] opens with an apostrophe, ASCII or
// typographic, and how many bytes it takes.
func apostropheAt(text string, i int) (int, bool) {
	switch {
	case text[i] == '\'':
		return 1, true
	case text[i] == 0xe2 && i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0x99 || text[i+2] == 0x98):
		return 3, true
	}
	return 0, false
}

// letterAt reports whether text[i] is a letter or digit of a word: ASCII
// letters and digits, and any byte of a multi-byte rune other than the
// general punctuation and symbol blocks, so accented words stay whole.
func letterAt(text string, i int) bool {
	c := text[i]
	if c < 0x80 {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	// U+2000 to U+2FFF (E2 lead byte): punctuation, quotes, dashes,
	// symbols, arrows; never letters.
	return c != 0xe2
}

// nextToken reads the word of text starting at or after i. It returns the
// token, whether a break came before it, and the index after it; ok is
// false at the end of the text. An apostrophe belongs to a word only
// between letters ("didn't"), so quoted words ('same stuff') read plain.
func nextToken(text string, i int) (t token, broke bool, next int, ok bool) {
	for i < len(text) && !letterAt(text, i) {
		if isHardBreak(text[i]) || text[i] == 0xe2 && i+2 < len(text) && text[i+1] == 0x80 && text[i+2] >= 0x93 && text[i+2] <= 0x9d && text[i+2] != 0x99 && text[i+2] != 0x98 {
			// Sentence and clause punctuation, dashes and double quotes.
			broke = true
		}
		if text[i] == 0xe2 {
			i += 3
			continue
		}
		i++
	}
	if i >= len(text) {
		return token{}, broke, i, false
	}
	start := i
	h := uint32(fnvOffset)
	for i < len(text) {
		if n, ok := apostropheAt(text, i); ok {
			if i+n < len(text) && letterAt(text, i+n) {
				h = (h ^ '\'') * fnvPrime
				i += n
				continue
			}
			break
		}
		if !letterAt(text, i) {
			break
		}
		c := text[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint32(c)) * fnvPrime
		i++
	}
	t = token{hash: h, start: start, end: i}
	w := text[start:i]
	t.negator = isNegator(w)
	t.contrast = isContrast(w)
	return t, broke, i, true
}

// isNegator reports whether w (as written) negates what follows.
func isNegator(w string) bool {
	if len(w) > 3 && (hasSuffixFold(w, "n't") || hasSuffixFold(w, "n\u2019t")) {
		return true
	}
	switch len(w) {
	case 2:
		return eqFold(w, "no")
	case 3:
		return eqFold(w, "not") || eqFold(w, "nor")
	case 4:
		return eqFold(w, "none") || eqFold(w, "dont") || eqFold(w, "cant") || eqFold(w, "isnt")
	case 5:
		return eqFold(w, "never") || eqFold(w, "didnt") || eqFold(w, "wasnt") || eqFold(w, "wont") || eqFold(w, "nobody")
	case 6:
		return eqFold(w, "cannot") || eqFold(w, "nobody") || eqFold(w, "doesnt")
	case 7:
		return eqFold(w, "nothing") || eqFold(w, "neither") || eqFold(w, "without")
	}
	return false
}

// isContrast reports whether w turns the sentence ("but", "though"), which
// ends a negation window.
func isContrast(w string) bool {
	return eqFold(w, "but") || eqFold(w, "though") || eqFold(w, "although") || eqFold(w, "however") || eqFold(w, "yet")
}

func eqFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			return false
		}
	}
	return true
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && eqFold(s[len(s)-len(suffix):], suffix)
}

// mix combines two hashes into one.
func mix(a, b uint32) uint32 {
	h := a*0x9e3779b1 ^ (b + 0x7f4a7c15 + a<<6 + a>>2)
	h ^= h >> 15
	h *= 0x2c1b3c6d
	h ^= h >> 12
	return h
}

// features calls fn for every feature of text, in order: each word (or its
// negated form inside a negation window), its stem (negated likewise) and
// each pair of neighbouring words in the same clause. It allocates
// nothing.
func features(text string, fn func(f feature)) {
	var prev token
	havePrev, prevNeg := false, false
	window, sentence := 0, 0
	for i := 0; ; {
		t, broke, next, ok := nextToken(text, i)
		if !ok {
			return
		}
		if broke {
			for _, c := range []byte(text[i:t.start]) {
				if c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' {
					sentence++
					break
				}
			}
		}
		i = next
		if broke {
			havePrev = false
			window = 0
		}
		if t.contrast {
			window = 0
		}
		h := t.hash
		neg := t.negator
		if window > 0 && !t.negator {
			h = mix(h, saltNegated)
			neg = true
			window--
		}
		fn(feature{hash: h, start: t.start, end: t.end, negated: neg, sentence: sentence})
		if sh, ok := stemHash(text[t.start:t.end]); ok {
			if neg {
				sh = mix(sh, saltNegated)
			}
			fn(feature{hash: sh, start: t.start, end: t.end, negated: neg, sentence: sentence, stem: true})
		}
		if havePrev {
			fn(feature{hash: mix(mix(prev.hash, saltBigram), t.hash), start: prev.start, end: t.end, negated: neg || prevNeg, sentence: sentence})
		}
		prevNeg = neg
		if t.negator {
			window = negationWindow
		}
		prev, havePrev = t, true
	}
}
