package slacktest

import (
	"regexp"
	"strings"
)

// mrkdwnRef matches Slack's references in message text: <@U1>, <#C1|name>,
// <!here>, <!subteam^S1>, <https://x|label>.
var mrkdwnRef = regexp.MustCompile(`<([@#!]?)([^>|]+)(?:\|([^>]*))?>`)

var unescapeText = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// richTextBlocks builds the rich_text block Slack attaches to a user's
// message, from the message's text: mentions become user, channel and
// broadcast elements and the rest is unescaped text. Empty text has no blocks.
func richTextBlocks(text, blockID string) []any {
	if text == "" {
		return nil
	}
	var elems []any
	addText := func(s string) {
		if s != "" {
			elems = append(elems, map[string]any{"type": "text", "text": unescapeText.Replace(s)})
		}
	}
	last := 0
	for _, m := range mrkdwnRef.FindAllStringSubmatchIndex(text, -1) {
		addText(text[last:m[0]])
		last = m[1]
		kind, target, label := text[m[2]:m[3]], text[m[4]:m[5]], ""
		if m[6] >= 0 {
			label = text[m[6]:m[7]]
		}
		switch {
		case kind == "@":
			elems = append(elems, map[string]any{"type": "user", "user_id": target})
		case kind == "#":
			elems = append(elems, map[string]any{"type": "channel", "channel_id": target})
		case kind == "!" && strings.HasPrefix(target, "subteam^"):
			elems = append(elems, map[string]any{"type": "usergroup", "usergroup_id": strings.TrimPrefix(target, "subteam^")})
		case kind == "!":
			elems = append(elems, map[string]any{"type": "broadcast", "range": target})
		default:
			link := map[string]any{"type": "link", "url": target}
			if label != "" {
				link["text"] = label
			}
			elems = append(elems, link)
		}
	}
	addText(text[last:])
	return []any{map[string]any{
		"type":     "rich_text",
		"block_id": blockID,
		"elements": []any{map[string]any{"type": "rich_text_section", "elements": elems}},
	}}
}
