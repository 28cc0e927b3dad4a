package bot

import (
	"strings"
	"unicode/utf8"
)

// Slack's limits on what the bot sends (docs.slack.dev; gathered in docs/slack.md).
const (
	// maxTextLen keeps a message's top-level text under Slack's 4,000.
	maxTextLen = 3900
	// maxSectionLen is the most text one section block may hold.
	maxSectionLen = 3000
	// maxBlocks is the most blocks one message may carry.
	maxBlocks = 50
	// maxBlockText keeps a message's total block text well under the point
	// (around 13k characters) where Slack answers msg_blocks_too_long.
	maxBlockText = 11000
	// maxStoryPreview is how much of a story a root message quotes.
	maxStoryPreview = 280
)

// plainText turns Slack message text into what a person typed: our own
// mention is removed, other mentions, channels and links become readable
// words, and the &amp; &lt; &gt; escapes are undone. The result is what the
// coach reads; it is never sent back to Slack unescaped.
func plainText(s, botUserID string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		b.WriteString(slackToken(s[i+1:i+j], botUserID))
		s = s[i+j+1:]
	}
	out := unescape(b.String())
	return strings.TrimSpace(collapseSpaces(out))
}

// slackToken renders the inside of one <…> token.
func slackToken(tok, botUserID string) string {
	target, label, hasLabel := strings.Cut(tok, "|")
	switch {
	case strings.HasPrefix(target, "@"):
		if botUserID != "" && target[1:] == botUserID {
			return ""
		}
		if hasLabel && label != "" {
			return "@" + strings.TrimPrefix(label, "@")
		}
		return "@someone"
	case strings.HasPrefix(target, "#"):
		if hasLabel && label != "" {
			return "#" + label
		}
		return "#a-channel"
	case strings.HasPrefix(target, "!"):
		name := strings.TrimPrefix(target, "!")
		if strings.HasPrefix(name, "subteam^") {
			if hasLabel {
				return "@" + strings.TrimPrefix(label, "@")
			}
			return "@a-team"
		}
		if strings.HasPrefix(name, "date^") && hasLabel {
			return label
		}
		return "@" + name
	default:
		url := strings.TrimPrefix(target, "mailto:")
		if hasLabel && label != "" && label != url {
			return label + " (" + url + ")"
		}
		return url
	}
}

// collapseSpaces trims spaces at line ends, which mention stripping leaves.
func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") && !strings.Contains(s, " \n") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		for strings.Contains(l, "  ") {
			l = strings.ReplaceAll(l, "  ", " ")
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return unescaper.Replace(s)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes untrusted text (a story, a draft, a quote) safe to put in
// Slack mrkdwn or text: no <!channel>, no <@U…> pings, no hidden links.
func escape(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return escaper.Replace(s)
}

// truncate cuts s to at most n bytes on a rune boundary, ending with "…"
// when it cut anything.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ell = "…"
	cut := max(n-len(ell), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	// Do not leave half an escape such as "&am".
	if k := strings.LastIndexByte(s[:cut], '&'); k >= 0 && k > cut-5 && !strings.Contains(s[k:cut], ";") {
		cut = k
	}
	return s[:cut] + ell
}

// oneLine flattens s to a single line for previews.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// splitText cuts s into chunks of at most n bytes, preferring to cut at a
// blank line, then a line end, then a space, and never inside a rune or an
// &…; escape.
func splitText(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := -1
		for _, sep := range []string{"\n\n", "\n", " "} {
			if k := strings.LastIndex(s[:n], sep); k > n/2 {
				cut = k + len(sep)
				break
			}
		}
		if cut < 0 {
			cut = n
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			if k := strings.LastIndexByte(s[:cut], '&'); k >= 0 && k > cut-5 && !strings.Contains(s[k:cut], ";") {
				cut = k
			}
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	if s != "" || len(out) == 0 {
		out = append(out, s)
	}
	return out
}

// markdownPunct are the characters that make markup in markdown_text
// wherever they stand (links and images, emphasis, code, strikethrough,
// tables, headings): each is sent escaped with a backslash, which markdown
// reads as the character itself. Quotes need no backslash: ">" goes as
// "&gt;". A line the model started with a list marker shows as a list
// item, which reads as the model meant it, rather than every hyphen
// escaped.
const markdownPunct = "\\`*_~[]|#"

// escapeMarkdown makes text show as it is in a markdown_text field: Slack's
// &, < and > escapes, and a backslash before markdown punctuation, so a
// draft's "[see this](https://…)" or "**now**" cannot turn into a link or
// bold type. It works a character at a time, so the pieces of a streamed
// text can be escaped one by one.
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r < utf8.RuneSelf && strings.IndexByte(markdownPunct, byte(r)) >= 0:
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
