package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// Rendering of the weekly channel nudge and the reminder DM. Like render.go,
// everything here is pure and golden-tested. A nudge.Nudge carries deal
// details only for deals their owner shared, so the renderer cannot leak the
// others: it shows counts, mentions and opaque deal ids in button values.

// Layout bounds of a nudge, under Slack's 50 blocks and ~13k characters of
// block text however large the team.
const (
	// maxOwnerSections owners get a section and a "Coach me" of their own;
	// the rest are mentioned in groups and share one button.
	maxOwnerSections = 15
	// maxSharedLines bounds the shared deals named under one owner.
	maxSharedLines = 3
	// maxGroupSections bounds the sections of grouped mentions.
	maxGroupSections = 3
	// nudgeTextBudget is the block text the owners may use in all.
	nudgeTextBudget = maxBlockText - 2000
	// maxButtonValue keeps a button value under Slack's 2,000 characters.
	maxButtonValue = 1900
)

// renderNudge renders the weekly nudge for a channel, or for the person who
// asked for a preview.
func renderNudge(n nudge.Nudge) outMessage {
	st := n.Stats
	var blocks []slack.Block
	blocks = append(blocks, slack.NewHeaderBlock(plain("Weekly deal check-in", 150)))
	if n.Preview {
		blocks = append(blocks, contextLine(":eyes: *Preview*: only you can see this; nothing was posted. This is what the channel would get now."))
	}
	blocks = append(blocks, sections(teamCountsText(st))...)
	if n.Tip != "" {
		blocks = append(blocks, sections(":bulb: *Tip of the week:* "+escape(n.Tip))...)
	}
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, ownerBlocks(n.Owners)...)

	foot := "Deal details show only for deals their owner chose to share."
	if !n.Next.IsZero() {
		foot += " Next check-in: " + nudge.FormatRun(n.Next) + "."
	}
	foot += " `/ghosted nudge off` stops these."
	blocks = append(blocks, contextLine(foot))

	text := fmt.Sprintf("Weekly deal check-in: %d %s need%s a touch", st.NeedTouch, noun(st.NeedTouch, "deal", "deals"), verbS(st.NeedTouch))
	if len(n.Owners) > 0 {
		text += fmt.Sprintf(" (%d %s)", len(n.Owners), noun(len(n.Owners), "person", "people"))
	}
	text += fmt.Sprintf(", %d revived this week.", st.RevivedThisWeek)
	if n.Preview {
		text = "Preview: " + text
	}
	return outMessage{Text: text, Blocks: blocks}
}

// teamCountsText is the nudge's first section: the team's counts and its
// revive rates by reason.
func teamCountsText(st nudge.Stats) string {
	quiet := st.Quiet + st.Snoozed
	var b strings.Builder
	fmt.Fprintf(&b, "*%d* quiet %s  ·  *%d* need%s a touch  ·  *%d* revived this week",
		quiet, noun(quiet, "deal", "deals"), st.NeedTouch, verbS(st.NeedTouch), st.RevivedThisWeek)
	if st.RemindDue > 0 {
		fmt.Fprintf(&b, "  ·  *%d* remember-me %s came", st.RemindDue, noun(st.RemindDue, "date", "dates"))
	}
	b.WriteString("\n")
	if rates := reasonRates(st.ByReason); rates != "" {
		b.WriteString("*Revive rate by reason:* " + rates)
	} else {
		b.WriteString("_No outcomes yet. Press *They replied* on a draft when a prospect answers, and the team learns what works._")
	}
	return b.String()
}

// reasonRates lists revive rates by leading reason: "Bad timing 50% (1 of 2)".
func reasonRates(rates []nudge.ReasonRate) string {
	var parts []string
	for _, r := range rates {
		parts = append(parts, fmt.Sprintf("%s %d%% (%d of %d)", escape(reasonName(r.Reason)), r.Percent(), r.Revived, r.Outcomes))
	}
	return strings.Join(parts, "  ·  ")
}

// ownerBlocks mentions the owners whose deals need care: the most pressing
// first, each with a section and a "Coach me" button while the budget lasts,
// then the rest grouped into a few sections that share one button, then a
// count of whoever did not fit.
func ownerBlocks(owners []nudge.OwnerCare) []slack.Block {
	if len(owners) == 0 {
		return sections("Nobody's deals need a touch this week. :sparkles:")
	}
	owners = slices.Clone(owners)
	slices.SortStableFunc(owners, func(a, b nudge.OwnerCare) int {
		return cmp.Or(cmp.Compare(b.NeedTouch, a.NeedTouch), cmp.Compare(a.Owner, b.Owner))
	})
	blocks := sections(fmt.Sprintf("*Deals that need care this week* (%d %s)", len(owners), noun(len(owners), "person", "people")))
	budget := nudgeTextBudget
	shown := 0
	for _, oc := range owners {
		text := ownerCareText(oc)
		if shown == maxOwnerSections || len(text) > budget/2 {
			break
		}
		budget -= len(text)
		sec := slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(nudgeButton(oc.Owner, oc.DealIDs)))
		sec.BlockID = blockID(ids.BlockNudgeOwner, oc.Owner)
		blocks = append(blocks, sec)
		shown++
	}
	rest := owners[shown:]
	if len(rest) == 0 {
		return blocks
	}
	// The others, grouped: "<@U1> (2)  <@U2> (1) …".
	var (
		groups []string
		cur    strings.Builder
	)
	grouped := 0
	limit := min(maxSectionLen-200, budget/maxGroupSections)
	for _, oc := range rest {
		item := fmt.Sprintf("%s (%d)", mention(oc.Owner), oc.NeedTouch)
		if cur.Len()+len(item)+2 > limit {
			groups = append(groups, cur.String())
			cur.Reset()
			if len(groups) == maxGroupSections {
				break
			}
		}
		if cur.Len() > 0 {
			cur.WriteString("  ")
		}
		cur.WriteString(item)
		grouped++
	}
	if cur.Len() > 0 && len(groups) < maxGroupSections {
		groups = append(groups, cur.String())
	}
	for i, g := range groups {
		if i == 0 {
			g = "*Also with deals to care for:* " + g
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(g), nil, nil))
	}
	if left := len(rest) - grouped; left > 0 {
		blocks = append(blocks, contextLine(fmt.Sprintf("…and %d more %s with deals that need care.", left, noun(left, "person", "people"))))
	}
	mine := button(ids.Nudge+ids.NudgeMine, ids.NudgeMine, "Coach me on mine")
	blocks = append(blocks, slack.NewActionBlock(ids.BlockNudgeMine, mine),
		contextLine("Mentioned above? *Coach me on mine* picks up your deals in a private DM."))
	return blocks
}

// ownerCareText is one owner's line and, for deals they shared, the deals.
func ownerCareText(oc nudge.OwnerCare) string {
	var parts []string
	if quiet := oc.NeedTouch - oc.RemindDue; quiet > 0 {
		parts = append(parts, fmt.Sprintf("%d quiet %s to touch", quiet, noun(quiet, "deal", "deals")))
	}
	if oc.RemindDue > 0 {
		parts = append(parts, fmt.Sprintf("%d remember-me %s came", oc.RemindDue, noun(oc.RemindDue, "date", "dates")))
	}
	text := mention(oc.Owner) + ": " + strings.Join(parts, ", ")
	for i, sd := range oc.Shared {
		if i == maxSharedLines {
			text += fmt.Sprintf("\n• …and %d more shared", len(oc.Shared)-maxSharedLines)
			break
		}
		text += "\n• " + sharedLabel(sd)
		if sd.RemindDue {
			text += ": remember-me date came"
		} else {
			text += fmt.Sprintf(": %d %s quiet", sd.DaysSilent, noun(sd.DaysSilent, "day", "days"))
		}
	}
	return text
}

// sharedLabel names a shared deal: "*Dana Lee* at Acme".
func sharedLabel(sd nudge.SharedDeal) string {
	p := escape(truncate(oneLine(sd.Prospect), 60))
	c := escape(truncate(oneLine(sd.Company), 60))
	switch {
	case p != "" && c != "":
		return "*" + p + "* at " + c
	case p != "":
		return "*" + p + "*"
	case c != "":
		return "*" + c + "*"
	}
	return "a shared deal"
}

// nudgeButton is an owner's "Coach me". Its value lists the deal ids (as
// many as fit): ids only, and the press is checked against the presser.
func nudgeButton(owner string, dealIDs []string) *slack.ButtonBlockElement {
	var v strings.Builder
	for _, id := range dealIDs {
		if v.Len()+len(id)+1 > maxButtonValue {
			break
		}
		if v.Len() > 0 {
			v.WriteByte(',')
		}
		v.WriteString(id)
	}
	btn := button(ids.Nudge+owner, v.String(), "Coach me")
	btn.Style = slack.StylePrimary
	return btn
}

// mention is <@U…>, for a Slack user id; anything else is shown escaped.
func mention(user string) string {
	if validUserID(user) {
		return "<@" + user + ">"
	}
	return escape(user)
}

func validUserID(s string) bool {
	if len(s) < 2 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// renderReminder is the DM sent when a deal's remember-me date came, with
// the deal's quick actions; its thread becomes the deal's coaching thread.
func renderReminder(d coach.Deal) outMessage {
	label := escape(dealLabel(d))
	head := fmt.Sprintf(":alarm_clock: *It's time to come back to %s*", label)
	var why string
	if !d.RemindAt.IsZero() {
		why = "You set this remember-me date for " + d.RemindAt.Format("Mon 2 Jan") + ". "
	}
	top := d.Diagnosis.Top()
	if r, ok := coach.ReasonByID(top.ID); ok {
		why += "When we last looked, the most likely reason they went quiet was _" + escape(strings.ToLower(r.Name)) + "_: " + escape(r.Remedy)
	} else {
		why += "A fresh look at what has changed since will make the next message count."
	}
	blocks := sections(head + "\n" + why)
	if d.Story != "" {
		blocks = append(blocks, contextLine("> "+escape(truncate(oneLine(d.Story), maxStoryPreview))))
	}
	blocks = append(blocks, dealActions(d, true))
	blocks = append(blocks, contextLine("*Coach me again* starts fresh questions in this thread; reply here like before."))
	return outMessage{Text: "It's time to come back to " + label, Blocks: blocks}
}

func noun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// verbS is the "s" of "needs" for a count: "1 deal needs", "2 deals need".
func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}
