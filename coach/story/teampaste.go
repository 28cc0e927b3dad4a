package story

import (
	"regexp"
	"strings"
)

// A copy of a team's chat channel puts each message under its author and
// time ("Luke Ortiz  9:20 AM", "Tanvi (SE)  11:24 AM", "Camila R.  10:31").
// It looks like a copied LinkedIn conversation, but the people in it are the
// rep and colleagues talking about the prospect, not the rep and the
// prospect talking to each other: read as a thread, a colleague becomes
// the prospect and the rep's account of the chasing is lost.
var reTeamHead = gate(":", regexp.MustCompile(`^\s*(\pL[\pL\d'’._-]*(?:[ \t]+\pL[\pL\d'’._-]*){0,2}(?:[ \t]*\([^()\n]{1,24}\))?)[ \t]+\[?\d{1,2}:\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?\]?[ \t]*$`))

// teamTalk are what a rep or colleague writes about a prospect and never
// to one.
var teamTalk = []string{
	"@ghosted", "prospect", "went dark", "gone dark", "dark since", "ghosted", "not responding",
	"stopped responding", "not answering", "stopped answering", "hasn't replied", "hasn't responded",
	"hasn't answered", "has not replied", "has not responded", "no reply", "no response", "not replied",
	"radio silence", "went quiet", "gone quiet", "went silent", "gone silent", "went cold", "gone cold",
	"any ideas", "any tips", "get the bot", "ask the bot", "ghosting", "ghost", "my champion",
}

// reThirdSend is the rep telling sends to someone else: "I've pinged him
// 4 times", "emailed her twice".
var reThirdSend = regexp.MustCompile(`\b(?:pinged|emailed|called|texted|messaged|chased|nudged|followed up with)\s+(?:him|her)\b`)

// reHandle is a chat mention: "@freya", "@dev.okafor".
var reHandle = regexp.MustCompile(`(?:^|\s)@\pL`)

// greetWords open a message to someone.
var greetWords = map[string]bool{"hi": true, "hello": true, "dear": true, "hey": true, "morning": true, "good": true, "thanks": true, "thank": true, "sure": true}

// teamRoles in brackets after an author mark a colleague ("Jorge (manager)").
var teamRoles = []string{"manager", "mgr", "lead", "se", "ae", "sdr", "bdr", "team", "vp", "head", "director", "ops", "revops", "coach", "cs"}

// teamPaste rewrites a copied team channel as the story its messages tell:
// the author lines go, the messages stay in order. It returns raw as it is
// when raw is not such a copy.
func teamPaste(raw string) string {
	if strings.Count(raw, ":") < 2 || strings.Count(raw, "\n") < 2 {
		return raw
	}
	if strings.Contains(raw, "\r") {
		// A copy from Windows: the author lines end in "\r\n".
		raw = strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\r", "\n")
	}
	lines := strings.Split(raw, "\n")
	var heads []int
	team := false
	for i, ln := range lines {
		m := reTeamHead.FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		heads = append(heads, i)
		if open := strings.IndexByte(m[1], '('); open >= 0 {
			role := strings.ToLower(m[1][open+1 : len(m[1])-1])
			for _, w := range strings.FieldsFunc(role, func(r rune) bool { return r == ' ' || r == '/' || r == ',' }) {
				for _, r := range teamRoles {
					team = team || w == r
				}
			}
		}
	}
	if len(heads) < 2 {
		return raw
	}
	// What the messages say, not the note before them ("my LI chat with
	// my prospect:" over a copied conversation).
	body := strings.ToLower(strings.Join(lines[heads[0]:], "\n"))
	if strings.Contains(body, "· 1st") || strings.Contains(body, "· 2nd") || strings.Contains(body, "· 3rd") {
		return raw // LinkedIn's copy: the prospect's degree under their name
	}
	speakers := map[string]bool{}
	for _, i := range heads {
		if f := strings.Fields(strings.ToLower(lines[i])); len(f) > 0 {
			speakers[strings.Trim(f[0], "@.,")] = true
		}
	}
	for _, ln := range lines[heads[0]:] {
		f := strings.Fields(strings.ToLower(ln))
		if len(f) > 1 && greetWords[f[0]] && speakers[strings.Trim(f[1], ",!.:")] {
			return raw // "Hi Kavitha, …" to someone else in it: a conversation with them
		}
	}
	for _, w := range teamTalk {
		if containsWord(body, w) {
			team = true
			break
		}
	}
	if reThirdSend.MatchString(body) {
		team = true // "I've pinged him 4 times": about the prospect, not to them
	}
	if reHandle.MatchString(body) {
		team = true // "@freya how did the call go?": teammates mention each other
	}
	before := strings.ToLower(strings.Join(lines[:heads[0]], " "))
	if strings.Contains(before, "channel") || strings.Contains(before, "slack") {
		team = true
	}
	if !team {
		return raw
	}
	var b strings.Builder
	b.Grow(len(raw))
	h := 0
	for i, ln := range lines {
		if h < len(heads) && heads[h] == i {
			h++
			continue
		}
		b.WriteString(ln)
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}
