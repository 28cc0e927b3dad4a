package story

import (
	"embed"
	"strings"
)

//go:embed words/*.txt
var wordFiles embed.FS

// wordSet reads an embedded word list: words separated by spaces or lines,
// '#' starts a comment, case folded.
func wordSet(name string) map[string]bool {
	b, err := wordFiles.ReadFile("words/" + name)
	if err != nil {
		panic("story: missing embedded word list " + name) // a build error, caught by every test
	}
	set := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			set[strings.ToLower(w)] = true
		}
	}
	// Accented spellings find unaccented entries and the other way round.
	for w := range set {
		set[foldLower(w)] = true
	}
	return set
}

var (
	firstNames = wordSet("firstnames.txt")
	// moreNames are rarer given names: they only help a candidate the story
	// already ties to the deal, never make a word a person by themselves.
	moreNames     = wordSet("firstnames_more.txt")
	titleWords    = wordSet("titles.txt")
	deptWords     = wordSet("departments.txt")
	notNameWords  = wordSet("notnames.txt")
	companyWords  = wordSet("companywords.txt")
	surnamesFirst = wordSet("surnamesfirst.txt")
)

// wordNames are given names that are also everyday words; at the start of a
// sentence they need a surname or person context to count as a name.
var wordNames = map[string]bool{
	"will": true, "mark": true, "bill": true, "pat": true, "sue": true, "rich": true, "frank": true,
	"art": true, "max": true, "rob": true, "don": true, "dean": true, "drew": true, "chase": true,
	"grant": true, "lance": true, "miles": true, "rose": true, "joy": true, "dawn": true, "grace": true,
	"hope": true, "guy": true, "ray": true, "chuck": true, "gene": true, "jack": true, "glen": true,
	"sky": true, "summer": true, "hunter": true, "faith": true, "ivy": true, "holly": true, "iris": true,
	"hazel": true, "ruby": true, "crystal": true, "amber": true, "penny": true, "sandy": true, "rod": true,
	"stan": true, "nick": true, "cliff": true, "harry": true, "bob": true, "jo": true, "kai": true,
	"long": true, "ming": true, "can": true, "li": true, "lin": true, "tal": true, "bo": true, "na": true,
	"hai": true, "nam": true, "per": true, "ola": true, "said": true, "may": true, "min": true,
}

// foldLower lowercases and folds common accents, so "Siobhán" finds
// "siobhan" in the word lists.
func foldLower(s string) string {
	s = strings.ToLower(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return accentFolder.Replace(s)
		}
	}
	return s
}

var accentFolder = strings.NewReplacer("á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "é", "e", "è", "e",
	"ê", "e", "ë", "e", "í", "i", "ì", "i", "î", "i", "ï", "i", "ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ç", "c", "ñ", "n", "ł", "l", "ś", "s", "ż", "z", "ź", "z", "ć", "c", "ń", "n",
	"ğ", "g", "ş", "s", "ı", "i", "ő", "o", "ű", "u", "č", "c", "š", "s", "ž", "z", "ř", "r", "ě", "e", "ý", "y")

// isMonth reports whether a word names a month ("Nov", "September").
func isMonth(low string) bool { _, ok := monthNames[strings.TrimSuffix(low, ".")]; return ok }

// isWeekday reports whether a word names a day of the week.
func isWeekday(low string) bool { _, ok := weekdayNames[low]; return ok }
