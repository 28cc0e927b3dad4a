package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// The owner's view of their deals: the App Home tab and /ghosted list show
// the same overview (the list with fewer rows: a message holds 50 blocks, a
// Home tab 100). Pure and golden-tested, like render.go.

const (
	shareOn  = "on"
	shareOff = "off"
)

// Row limits: two blocks a row, plus at most a dozen others, and in the
// App Home one block for each deal with an outcome.
const (
	maxHomeRows = 30
	maxListRows = 12
	// maxRevivedNamed bounds the revived deals named in one line.
	maxRevivedNamed = 8
	// maxOutcomeRows bounds the Home's revived and closed-lost deals.
	maxOutcomeRows = 10
	// maxDraftsShown is how many of a deal's drafts the Home lists.
	maxDraftsShown = 3
)

// overview says how much the deal overview shows. The App Home has room for
// each deal's last drafts and its outcome, revived and closed-lost deals
// included; a message (/ghosted list) lists the open deals only.
type overview struct {
	maxRows int
	detail  bool
}

// renderDealList answers /ghosted list with the user's deals: the same
// overview as the App Home, as an ephemeral message.
func renderDealList(deals []coach.Deal, now time.Time) outMessage {
	if len(deals) == 0 {
		return outMessage{Text: "You have no deals with me yet. Tell me about one with `/ghosted <what happened>`."}
	}
	return outMessage{Text: fmt.Sprintf("Your deals (%d)", len(deals)), Blocks: dealOverview(deals, now, overview{maxRows: maxListRows})}
}

// renderHome is the App Home tab: a notice (what the last button did), the
// overview and the help.
func renderHome(deals []coach.Deal, now time.Time, notice string, err error) []slack.Block {
	var blocks []slack.Block
	if notice != "" {
		blocks = append(blocks, contextLine(notice))
	}
	switch {
	case err != nil:
		blocks = append(blocks, sections(escape(userMessage(err)))...)
	case len(deals) == 0:
		blocks = append(blocks, newDealHeader("*Your quiet deals*\nYou have no deals with me yet. When a prospect goes quiet, tell me what happened."))
	default:
		blocks = append(blocks, dealOverview(deals, now, overview{maxRows: maxHomeRows, detail: true})...)
	}
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, sections(helpText)...)
	return blocks
}

func newDealHeader(text string) slack.Block {
	btn := button(ids.NewDeal, "new", "Coach a new deal")
	btn.Style = slack.StylePrimary
	return slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(btn))
}

// dealOverview is the owner's stats, the deals whose remember-me date came,
// the other open deals (those that need a touch first), and the revived
// ones: a line naming them, or in detail, a row for each deal with an
// outcome, closed-lost ones included. o.maxRows bounds the rows with
// buttons.
func dealOverview(deals []coach.Deal, now time.Time, o overview) []slack.Block {
	var due, open, revived, lost []coach.Deal
	for _, d := range deals {
		switch {
		case nudge.ReminderDue(d, now):
			due = append(due, d)
		case d.Status == coach.StatusRevived:
			revived = append(revived, d)
		case d.Status == coach.StatusClosedLost:
			lost = append(lost, d)
		default:
			open = append(open, d)
		}
	}
	slices.SortStableFunc(due, func(a, b coach.Deal) int {
		return cmp.Or(a.RemindAt.Compare(b.RemindAt), cmp.Compare(a.ID, b.ID))
	})
	slices.SortStableFunc(open, func(a, b coach.Deal) int {
		na, nb := nudge.NeedsTouch(a, now, 0), nudge.NeedsTouch(b, now, 0)
		if na != nb {
			if na {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(nudge.DaysSilent(b, now), nudge.DaysSilent(a, now)), cmp.Compare(a.ID, b.ID))
	})

	st := nudge.Summarize(deals, now, 0)
	blocks := []slack.Block{newDealHeader("*Your quiet deals*\n" + myStatsText(st))}
	rows := 0
	list := func(title string, ds []coach.Deal, primary bool) {
		if len(ds) == 0 {
			return
		}
		blocks = append(blocks, sections(fmt.Sprintf("%s (%d)", title, len(ds)))...)
		for i, d := range ds {
			if rows == o.maxRows {
				blocks = append(blocks, contextLine(fmt.Sprintf("…and %d more.", len(ds)-i)))
				return
			}
			text := dealRowText(d, now)
			if o.detail {
				text += "\n" + dealHistoryText(d, now)
			}
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil), dealActions(d, primary))
			rows++
		}
	}
	list("*:alarm_clock: Time to come back*", due, true)
	list("*Quiet deals*", open, false)
	if o.detail {
		return append(blocks, outcomeRows(append(revived, lost...), now)...)
	}
	if len(revived) > 0 {
		slices.SortStableFunc(revived, func(a, b coach.Deal) int {
			return cmp.Or(b.RevivedAt.Compare(a.RevivedAt), cmp.Compare(a.ID, b.ID))
		})
		var names []string
		for i, d := range revived {
			if i == maxRevivedNamed {
				names = append(names, fmt.Sprintf("and %d more", len(revived)-i))
				break
			}
			name := escape(truncate(dealLabel(d), 80))
			if n, ok := nudge.DaysToRevive(d); ok {
				name += fmt.Sprintf(" after %d %s", n, noun(n, "day", "days"))
			}
			names = append(names, name)
		}
		blocks = append(blocks, contextLine(fmt.Sprintf(":tada: *Revived* (%d): %s", len(revived), strings.Join(names, " · "))))
	}
	return blocks
}

// myStatsText is an owner's counts and what has worked for them.
func myStatsText(st nudge.Stats) string {
	quiet := st.Quiet + st.Snoozed
	var b strings.Builder
	fmt.Fprintf(&b, "*%d* quiet  ·  *%d* need%s a touch  ·  *%d* revived  ·  *%d* closed-lost",
		quiet, st.NeedTouch, verbS(st.NeedTouch), st.Revived, st.ClosedLost)
	revived, outcomes := 0, 0
	for _, r := range st.ByReason {
		revived += r.Revived
		outcomes += r.Outcomes
	}
	if outcomes > 0 {
		fmt.Fprintf(&b, "\n*Revive rate:* %d%% (%d of %d with a known outcome)", nudge.Rate{Revived: revived, Outcomes: outcomes}.Percent(), revived, outcomes)
		if st.Revived > 0 {
			days := strings.TrimSuffix(fmt.Sprintf("%.1f", st.MedianDaysToRevive), ".0")
			unit := "days"
			if days == "1" {
				unit = "day"
			}
			fmt.Fprintf(&b, ", median %s %s to revive", days, unit)
		}
		b.WriteString("\n*By reason:* " + reasonRates(st.ByReason))
	}
	return b.String()
}

// dealRowText is one deal in the overview: name, silence, leading reason,
// and what comes next.
func dealRowText(d coach.Deal, now time.Time) string {
	days := nudge.DaysSilent(d, now)
	line := fmt.Sprintf("*%s*  ·  %d %s quiet  ·  _%s_", escape(truncate(dealLabel(d), 100)), days, noun(days, "day", "days"), escape(reasonName(d.Diagnosis.Top().ID)))
	if d.Shared {
		line += "  ·  shared with your team"
	}
	var next string
	switch {
	case nudge.ReminderDue(d, now):
		next = fmt.Sprintf(":alarm_clock: Your remember-me date came (%s).", d.RemindAt.Format("Mon 2 Jan"))
	case !d.RemindAt.IsZero() && d.RemindAt.After(now):
		next = ":zzz: I'll remind you on " + d.RemindAt.Format("Mon 2 Jan 2006") + "."
	case d.Stage == coach.StageAsking || d.Stage == coach.StageInsight:
		next = "Questions open in our DM thread."
	case d.Stage == coach.StageDrafting:
		next = "A draft is due: say \"draft it\" in our DM thread."
	default:
		next = "*Next:* " + escape(firstSentence(coach.NextStep(d, now).Text, 200))
	}
	return line + "\n" + next
}

// firstSentence returns s up to its first full stop, at most n bytes.
func firstSentence(s string, n int) string {
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return truncate(s, n)
}

// dealActions is a deal's quick actions, outside its coaching thread: coach
// me again, remind me (in a week, a month, a quarter, or on a date), share
// with the team or stop, and closed-lost. Only the owner may press them.
func dealActions(d coach.Deal, primary bool) slack.Block {
	resume := button(ids.DealResume, "resume", "Coach me again")
	if primary {
		resume.Style = slack.StylePrimary
	}
	date := slack.NewDatePickerBlockElement(ids.DealDate)
	date.Placeholder = plain("Remind me on…", 75)
	share := button(ids.DealShare, shareOn, "Share with my team")
	if d.Shared {
		share = button(ids.DealShare, shareOff, "Stop sharing")
	}
	closed := button(ids.DealClosed, "closed", "Closed-lost")
	closed.Confirm = slack.NewConfirmationBlockObject(
		plain("Mark as closed-lost?", 100),
		plain("I'll stop reminding you about "+truncate(dealLabel(d), 120)+", and it counts as lost in your revive rates. Coach me again reopens it.", 300),
		plain("Closed-lost", 30), plain("Cancel", 30))
	return slack.NewActionBlock(blockID(ids.BlockDeal, d.ID), resume, remindMenu(ids.DealRemind), date, share, closed)
}

// remindMenu is the "Remind me…" select: a value of days, or "auto" for
// the date the coach advises.
func remindMenu(actionID string) *slack.SelectBlockElement {
	return slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Remind me…", 75), actionID,
		slack.NewOptionBlockObject("auto", plain("When you advise", 75), nil),
		slack.NewOptionBlockObject("7", plain("In a week", 75), nil),
		slack.NewOptionBlockObject("30", plain("In a month", 75), nil),
		slack.NewOptionBlockObject("90", plain("In three months", 75), nil),
	)
}

// outcomeRows lists deals that reached an outcome (revived, closed-lost),
// the latest first, each with its last drafts.
func outcomeRows(ds []coach.Deal, now time.Time) []slack.Block {
	if len(ds) == 0 {
		return nil
	}
	slices.SortStableFunc(ds, func(a, b coach.Deal) int {
		return cmp.Or(outcomeAt(b).Compare(outcomeAt(a)), cmp.Compare(a.ID, b.ID))
	})
	blocks := sections(fmt.Sprintf("*Outcomes* (%d)", len(ds)))
	for i, d := range ds {
		if i == maxOutcomeRows {
			blocks = append(blocks, contextLine(fmt.Sprintf("…and %d more.", len(ds)-i)))
			break
		}
		head := fmt.Sprintf("*%s*  ·  _%s_", escape(truncate(dealLabel(d), 100)), escape(reasonName(d.Diagnosis.Top().ID)))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(head+"\n"+dealHistoryText(d, now)), nil, nil))
	}
	return blocks
}

// outcomeAt is when a deal reached its outcome, as near as it is known.
func outcomeAt(d coach.Deal) time.Time {
	if d.Status == coach.StatusRevived && !d.RevivedAt.IsZero() {
		return d.RevivedAt
	}
	return d.UpdatedAt
}

// dealHistoryText is what came of a deal: its outcome, then its last drafts
// (newest first, with their dates and lint scores).
func dealHistoryText(d coach.Deal, now time.Time) string {
	var b strings.Builder
	b.WriteString(outcomeText(d, now))
	for i := range min(len(d.Drafts), maxDraftsShown) {
		dr := d.Drafts[len(d.Drafts)-1-i]
		preview := dr.Text
		if dr.Subject != "" {
			preview = dr.Subject + ": " + preview
		}
		fmt.Fprintf(&b, "\n• %s: “%s” (lint %d", shortDate(dr.At, now), escape(truncate(oneLine(preview), 90)), dr.Lint.Score)
		if dr.Edited {
			b.WriteString(", edited by you")
		}
		b.WriteString(")")
	}
	return b.String()
}

// outcomeText says where a deal ended up: a reply, a clear no, a message
// sent and unanswered, or a draft not sent yet.
func outcomeText(d coach.Deal, now time.Time) string {
	switch {
	case d.Status == coach.StatusRevived:
		text := ":tada: *They replied*"
		if !d.RevivedAt.IsZero() {
			text += " on " + shortDate(d.RevivedAt, now)
		}
		if n, ok := nudge.DaysToRevive(d); ok {
			text += fmt.Sprintf(", %d %s after you started", n, noun(n, "day", "days"))
		}
		return text + "."
	case d.Status == coach.StatusClosedLost:
		return ":wave: *Closed-lost*: no more reminders."
	case len(d.Touches) > 0:
		n := len(d.Touches)
		return fmt.Sprintf(":outbox_tray: *Sent* %s, no reply yet (%d %s sent through me).",
			shortDate(d.Touches[n-1].At, now), n, noun(n, "message", "messages"))
	case len(d.Drafts) > 0:
		return ":pencil2: *Drafted*, not sent yet."
	}
	return "No draft yet."
}

// shortDate is a day as a person reads it: "Tue 3 Mar", with the year when
// it is not this one.
func shortDate(t, now time.Time) string {
	if t.Year() != now.Year() {
		return t.Format("Mon 2 Jan 2006")
	}
	return t.Format("Mon 2 Jan")
}
