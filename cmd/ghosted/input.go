package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ghosted-bot/ghosted/coach"
)

// What the tools read is prose a person wrote. Two kinds of input are not:
// binary data (an image, a PDF, a compressed file piped by mistake), which
// is refused rather than linted or diagnosed as words, and a story in
// another language, which is read but with a notice, since the reader, the
// cue lexicon and the offline drafter are English.

// looksBinary reports whether s is not text: it holds a NUL byte, or more
// than one character in ten is invalid UTF-8 or a control character other
// than tab, line feed, carriage return, form feed and vertical tab. Text in a
// legacy encoding (Latin-1 umlauts) has a few invalid bytes, never that many.
func looksBinary(s string) bool {
	if strings.IndexByte(s, 0) >= 0 {
		return true
	}
	total, bad := 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		total++
		switch {
		case r == utf8.RuneError && size == 1:
			bad++
		case r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v':
		case unicode.IsControl(r):
			bad++
		}
	}
	return bad > 0 && bad*10 > total
}

// errBinary refuses binary input to cmd, naming what it expected.
func errBinary(cmd, what string) error {
	return &exitError{code: 2, cmd: cmd, msg: fmt.Sprintf("the input is not text (it looks like binary data); pipe %s as plain text", what)}
}

// stopwords are short, frequent words that tell a language apart from
// English. Only words that are not also common English words are listed,
// so a company name or a quoted phrase in another language does not tip an
// English story over.
var stopwords = map[string][]string{
	"English":    strings.Fields("the and to of is was that it for with they he she we have has had not but after our their this my you are been since about would will from at them her his did didn't went"),
	"German":     strings.Fields("und der das ist nicht ich wir sie mit auf für den dem ein eine einen hat haben seit nach vor wochen noch auch aber von es bei wie kein keine dass mich uns ihm habe hatte sich mehr zum zur wurde"),
	"French":     strings.Fields("le les et est pas je nous il elle une des du que qui pour avec sur dans depuis semaines mais ont été aucune réponse j'ai au aux ce cette leur"),
	"Spanish":    strings.Fields("el los las y que con por para una pero desde hace semanas respuesta nos su sus está lo del muy sin también ya"),
	"Portuguese": strings.Fields("o os e é não com para uma um que do da dos das mas desde há semanas resposta nós ele ela já também sem muito"),
	"Italian":    strings.Fields("il gli e è non che di per con una ma da sono ha settimane risposta dopo noi lui lei anche già senza molto"),
	"Dutch":      strings.Fields("de het en niet ik wij zij met op voor een van dat die maar sinds weken geen heeft hebben nog ook antwoord mij ons"),
}

// scripts name the writing systems a story may be in that are not Latin.
var scripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek}, {"Arabic", unicode.Arabic},
	{"Hebrew", unicode.Hebrew}, {"Chinese or Japanese", unicode.Han}, {"Japanese", unicode.Hiragana},
	{"Japanese", unicode.Katakana}, {"Korean", unicode.Hangul}, {"Devanagari", unicode.Devanagari},
	{"Thai", unicode.Thai},
}

// storyLanguage guesses the language of a story when it is not English:
// the name of a language or a script ("German", "Cyrillic script"), or ""
// for English or too little to tell.
func storyLanguage(s string) string {
	letters, latin := 0, 0
	byScript := map[string]int{}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if unicode.Is(unicode.Latin, r) {
			latin++
			continue
		}
		for _, sc := range scripts {
			if unicode.Is(sc.table, r) {
				byScript[sc.name]++
				break
			}
		}
	}
	if letters >= 20 && latin*2 < letters {
		best, n := "", 0
		for name, c := range byScript {
			if c > n || c == n && name < best {
				best, n = name, c
			}
		}
		if best == "" {
			return "a script other than Latin"
		}
		return best + " script"
	}
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	})
	if len(words) < 6 {
		return ""
	}
	hits := map[string]int{}
	for lang, list := range stopwords {
		set := make(map[string]bool, len(list))
		for _, w := range list {
			set[w] = true
		}
		for _, w := range words {
			if set[w] {
				hits[lang]++
			}
		}
	}
	best, n := "", 0
	for lang, c := range hits {
		if lang != "English" && (c > n || c == n && lang < best) {
			best, n = lang, c
		}
	}
	// Another language wins when its words are frequent (one word in six)
	// and clearly outnumber the English ones.
	if n*6 >= len(words) && n > 2*hits["English"] {
		return best
	}
	return ""
}

// languageNotice is the notice for a story in another language, or "" for
// an English one. With the drafter that will write the draft (nil for no
// draft), it also says which language the draft can come in: the offline
// drafter writes English only; an LLM is given the story as written.
func languageNotice(story string, drafter coach.Drafter) string {
	lang := storyLanguage(story)
	if lang == "" {
		return ""
	}
	in := "in " + lang
	if strings.HasSuffix(lang, "script") {
		in = "written in " + lang
	}
	msg := fmt.Sprintf("This story looks like it is %s. ghosted reads English: the facts, the likely reason and the questions may miss what it says.", in)
	switch {
	case drafter == nil:
		return msg
	case drafter.Offline():
		return msg + " The offline drafter writes English only."
	}
	return msg + " The LLM sees the story as you wrote it and is not told which language to write in, so its draft may come in either language: check it before you send it."
}
