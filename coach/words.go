package coach

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The diagnosis reads a story as a list of words, not as a string: cues are
// matched word by word, so "didn't", "didnt" and "did not" are one thing,
// "re-org" is "re org", and a negation or the rep's own action can be seen a
// few words before a cue. The same tokenizer reads the lexicon's phrases, so
// a phrase written the way a rep writes it matches the way a rep writes it.

// brk marks a word that is really a break between clauses.
type brk uint8

const (
	brkNone brk = iota
	// brkSoft is a comma, colon, dash or bracket: it ends a negation's reach
	// but not a sentence.
	brkSoft
	// brkHard ends a sentence or a line.
	brkHard
)

// word is one token of a text: the folded word, where it sits in the text
// (for quoting evidence), and whether it was capitalised mid-sentence (a
// product or company name such as "Gong" or "Salesforce").
type word struct {
	text       string
	start, end int
	brk        brk
	cap        bool
	// quoted: the word sits inside quotation marks or on a "> " line of a
	// pasted reply, so an "I" there is whoever is quoted, not the rep.
	quoted bool
}

// contractions without apostrophes, as reps type them, and the words they
// stand for.
var bareContractions = map[string][]string{
	"didnt": {"did", "not"}, "dont": {"do", "not"}, "doesnt": {"does", "not"},
	"isnt": {"is", "not"}, "wasnt": {"was", "not"}, "werent": {"were", "not"},
	"arent": {"are", "not"}, "havent": {"have", "not"}, "hasnt": {"has", "not"},
	"hadnt": {"had", "not"}, "wont": {"will", "not"}, "cant": {"can", "not"},
	"couldnt": {"could", "not"}, "wouldnt": {"would", "not"}, "shouldnt": {"should", "not"},
	"aint": {"is", "not"}, "cannot": {"can", "not"},
	"im": {"i", "am"}, "ive": {"i", "have"}, "theyre": {"they", "are"},
	"youre": {"you", "are"}, "theyve": {"they", "have"}, "weve": {"we", "have"},
	"shes": {"she", "is"}, "thats": {"that", "is"}, "whats": {"what", "is"},
}

// pronounIs lists the words whose "'s" is "is" (or "has"), not a possessive.
var pronounIs = map[string]bool{
	"she": true, "he": true, "it": true, "that": true, "what": true, "there": true,
	"who": true, "here": true, "where": true, "this": true, "everything": true,
	"nothing": true, "everyone": true, "nobody": true, "someone": true, "let": false,
}

// suffixes split off a word after an apostrophe, and what they are read as.
var apostropheSuffixes = []struct{ suffix, as string }{
	{"n't", "not"}, {"'re", "are"}, {"'ve", "have"}, {"'ll", "will"}, {"'m", "am"}, {"'d", "'d"}, {"'s", "'s"},
}

// nTStems fixes the stems that "n't" leaves oddly spelled.
var nTStems = map[string]string{"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}

// tokenize splits text into words and breaks. Offsets index text itself.
func tokenize(text string) []word {
	ws := make([]word, 0, len(text)/5+4)
	sentenceStart := true
	inDouble, inSingle, lineQuoted := false, false, startsQuotedLine(text, 0)
	addBreak := func(at int, b brk) {
		if n := len(ws); n > 0 && ws[n-1].brk != brkNone {
			// Collapse runs of breaks; the stronger one wins.
			ws[n-1].brk = max(ws[n-1].brk, b)
			return
		}
		ws = append(ws, word{start: at, end: at + 1, brk: b})
	}
	i := 0
	for i < len(text) {
		c := text[i]
		if isWordStart(text, i) {
			j := i
			for j < len(text) {
				if isWordByteAt(text, j) {
					if text[j] < utf8.RuneSelf {
						j++
					} else {
						_, n := utf8.DecodeRuneInString(text[j:])
						j += n
					}
					continue
				}
				// Keep apostrophes, ampersands and decimal points inside a
				// word: "didn't", "m&a", "2.5x".
				if (text[j] == '\'' || text[j] == '&' || text[j] == '.') && j+1 < len(text) && isWordByteAt(text, j+1) && j > i {
					if text[j] == '.' && !(isDigit(text[j-1]) && isDigit(text[j+1])) {
						break
					}
					j++
					continue
				}
				break
			}
			raw := text[i:j]
			capital := !sentenceStart && 'A' <= raw[0] && raw[0] <= 'Z'
			n := len(ws)
			ws = appendWord(ws, strings.ToLower(raw), i, j, capital)
			if inDouble || inSingle || lineQuoted {
				for k := n; k < len(ws); k++ {
					ws[k].quoted = true
				}
			}
			sentenceStart = false
			i = j
			continue
		}
		switch c {
		case '\'':
			// An apostrophe inside a word was taken with the word; here it
			// opens a quote before a word, or closes one after it.
			prevWord := i > 0 && isWordByteAt(text, i-1)
			nextWord := i+1 < len(text) && isWordByteAt(text, i+1)
			if !prevWord && nextWord && !inSingle {
				inSingle = true
			} else if inSingle && !nextWord {
				inSingle = false
			}
			i++
			continue
		case '"':
			inDouble = !inDouble
			addBreak(i, brkSoft)
			i++
			continue
		case '\n':
			addBreak(i, brkHard)
			sentenceStart = true
			inDouble, inSingle = false, false
			lineQuoted = startsQuotedLine(text, i+1)
			i++
			continue
		case '.', '!', '?', ';':
			// A dot inside "e.g." or "3.5" was handled above; any other dot
			// followed by a space or the end closes a sentence.
			if c != '.' || i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n' || text[i+1] == '\t' || text[i+1] == '"' || text[i+1] == ')' {
				addBreak(i, brkHard)
				sentenceStart = true
			}
			i++
		case ',', ':', '(', ')', '[', ']':
			addBreak(i, brkSoft)
			i++
		case '-':
			// A hyphen inside a word ("re-org") joins nothing: the parts are
			// words of their own. A dash between spaces is a soft break.
			if i > 0 && i+1 < len(text) && text[i-1] != ' ' && text[i+1] != ' ' {
				i++
				continue
			}
			addBreak(i, brkSoft)
			i++
		default:
			if c >= utf8.RuneSelf {
				r, n := utf8.DecodeRuneInString(text[i:])
				if r == '—' || r == '–' || r == '…' || r == '•' {
					addBreak(i, brkSoft)
				}
				i += n
				continue
			}
			i++
		}
	}
	return ws
}

// startsQuotedLine reports whether the line starting at text[i] is a quoted
// line of a pasted email reply ("> …").
func startsQuotedLine(text string, i int) bool {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i < len(text) && text[i] == '>'
}

// appendWord adds a word, splitting contractions into the words they stand for.
func appendWord(ws []word, w string, start, end int, capital bool) []word {
	if parts, ok := bareContractions[w]; ok {
		for k, p := range parts {
			ws = append(ws, word{text: p, start: start, end: end, cap: capital && k == 0})
		}
		return ws
	}
	if strings.IndexByte(w, '\'') > 0 {
		for _, s := range apostropheSuffixes {
			if stem, ok := strings.CutSuffix(w, s.suffix); ok && stem != "" {
				if s.suffix == "n't" {
					if fixed, ok := nTStems[stem]; ok {
						stem = fixed
					}
				}
				as := s.as
				if as == "'s" && pronounIs[stem] {
					// "she's", "it's", "that's": is (or has), never a possessive.
					as = "is"
				}
				ws = append(ws, word{text: stem, start: start, end: end, cap: capital})
				return append(ws, word{text: as, start: start, end: end})
			}
		}
	}
	// "clients'" and "clients" are the same word.
	w = strings.TrimSuffix(w, "'")
	return append(ws, word{text: w, start: start, end: end, cap: capital})
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isWordByteAt reports whether text[i] starts a letter or digit.
func isWordByteAt(text string, i int) bool {
	c := text[i]
	if c < utf8.RuneSelf {
		return isWordByte(c) && c != '_'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isWordStart(text string, i int) bool { return isWordByteAt(text, i) }
