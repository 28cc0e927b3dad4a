package story

import (
	"strconv"
	"strings"
)

var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
	"several": 3, "multiple": 3, "few": 3, "many": 5, "numerous": 5, "countless": 10,
	"dozen": 12,
}

// vague marks counts that are estimates ("a few"), for evidence wording only.
var vague = map[string]bool{"several": true, "multiple": true, "few": true, "many": true, "numerous": true, "countless": true}

// count reads a quantity at token i: "3", "three", "a couple (of)", "a few",
// "half a dozen", "5+". It returns the value and the index after it. "a"
// alone is not a count here (see countOrA).
// touchNounWithin reports whether a touch noun or channel word is among the
// n tokens from i.
func (t *text) touchNounWithin(i, n int) bool {
	for k := i; k < min(i+n, len(t.toks)); k++ {
		if _, ok := t.touchNoun(k); ok || t.chanOf(k) != "" {
			return true
		}
	}
	return false
}

func (t *text) count(i int) (int, int, bool) {
	if i < 0 {
		return 0, i, false
	}
	if i >= len(t.toks) {
		return 0, i, false
	}
	k := t.toks[i]
	if k.kind == kNum && t.is(i-1, "day") && (i < 2 || t.is(i-2, ",", ":", ";", "-", "(", "then", "and", "\n") || t.toks[i-1].first) && t.touchNounWithin(i+1, 3) {
		return 0, i, false // "my sequence: day 1 recap email, day 3 linkedin msg": which day, not how many
	}
	if k.kind == kNum {
		if n, err := strconv.Atoi(k.low); err == nil && n < 1000 {
			j := i + 1
			if t.is(j, "+") {
				j++
			}
			return n, j, true
		}
		return 0, i, false
	}
	if !t.is(i, "a", "couple", "half") {
		// fast path: the phrases below all start with one of these
	} else if j, ok := t.anySeq(i, "a couple of", "a couple", "couple of", "a couple more", "a handful of", "a bunch of", "a number of", "half a dozen", "a dozen", "a few", "a few more"); ok {
		switch {
		case strings.Contains(t.quote(i, j-1), "couple"):
			return 2, j, true
		case strings.Contains(t.quote(i, j-1), "half"):
			return 6, j, true
		case strings.Contains(t.quote(i, j-1), "dozen"):
			return 12, j, true
		case strings.Contains(t.quote(i, j-1), "bunch"):
			return 4, j, true
		}
		return 3, j, true
	}
	if k.low == "both" && t.is(i+1, "my", "our") {
		return 2, i + 2, true // "on both my follow ups"
	}
	if k.low == "both" && t.is(i+1, "of") && t.is(i+2, "my", "our") {
		return 2, i + 3, true // "to both of my emails"
	}
	if k.low == "either" && t.is(i+1, "of") && t.is(i+2, "my", "our") {
		return 2, i + 3, true // "no reply to either of my emails"
	}
	if k.num > 0 {
		n := int(k.num - 1)
		j := i + 1
		if t.is(j, "-") || strings.HasPrefix(k.low, "twenty") {
			j = i + 1
		}
		return n, j, true
	}
	// "twenty-one"
	if a, b, ok := strings.Cut(k.low, "-"); ok {
		if x, ok1 := numberWords[a]; ok1 && x >= 20 {
			if y, ok2 := numberWords[b]; ok2 && y < 10 {
				return x + y, i + 1, true
			}
		}
	}
	return 0, i, false
}

// countOrA is count, plus "a"/"an"/"one more"/"another" as one.
func (t *text) countOrA(i int) (int, int, bool) {
	if n, j, ok := t.count(i); ok {
		return n, j, true
	}
	if t.is(i, "a", "an", "another", "one") {
		return 1, i + 1, true
	}
	return 0, i, false
}

// times reads a repetition at token i: "3 times", "3x", "x3", "twice",
// "thrice", "once", "a couple of times", "several more times", "3 separate
// times". It returns the count and the index after it.
func (t *text) times(i int) (int, int, bool) {
	if i < 0 {
		return 0, i, false
	}
	if i >= len(t.toks) {
		return 0, i, false
	}
	switch t.toks[i].low {
	case "once":
		return 1, i + 1, true
	case "twice":
		return 2, i + 1, true
	case "thrice":
		return 3, i + 1, true
	}
	low := t.toks[i].low
	// "3x", "x3"
	if t.toks[i].kind == kNum && strings.HasSuffix(low, "x") {
		if n, err := strconv.Atoi(strings.TrimSuffix(low, "x")); err == nil && n < 100 {
			return n, i + 1, true
		}
	}
	if len(low) > 1 && low[0] == 'x' {
		if n, err := strconv.Atoi(low[1:]); err == nil && n < 100 {
			return n, i + 1, true
		}
	}
	n, j, ok := t.count(i)
	if !ok {
		return 0, i, false
	}
	for t.is(j, "more", "separate", "different", "whole", "other", "total") {
		j++
	}
	if t.is(j, "time") && t.is(j+1, "options", "slots", "zones", "zone", "frames", "frame", "windows", "window", "suggestions", "proposals", "off", "sheet", "sheets", "savings", "saved") {
		return 0, i, false // "emailed her 3 time options": what was sent, not how often
	}
	if t.is(j, "times", "time", "fois", "mal", "keer", "veces", "vezes", "baar") {
		return n, j + 1, true
	}
	if t.is(j, "x") {
		return n, j + 1, true
	}
	return 0, i, false
}
