package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"
	"github.com/ghosted-bot/ghosted/coach"
)

// The renderer turns neutral coach output into Block Kit. Every function
// here is pure: the same deal renders the same JSON, which the golden tests
// in testdata/ pin down. Every piece of text that came from a person or a
// model (a story, an answer, a draft, a quote) goes through escape, so it
// can never ping a channel or hide a link.

// outMessage is a message to send: a notification text (also what clients
// without blocks show) and the blocks.
type outMessage struct {
	Text   string        `json:"text"`
	Blocks []slack.Block `json:"blocks,omitempty"`
}

func (m outMessage) options() []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(truncate(m.Text, maxTextLen), false)}
	if len(m.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.Blocks...))
	}
	return opts
}

// textMessage is a plain message of our own words (escaped all the same).
func textMessage(text string) outMessage {
	return outMessage{Text: truncate(escape(text), maxTextLen)}
}

func blockID(parts ...string) string { return strings.Join(parts, "|") }

func mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}

func plain(text string, n int) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, truncate(text, n), true, false)
}

// sections renders mrkdwn text as one or more section blocks of at most
// maxSectionLen characters each.
func sections(text string) []slack.Block {
	var out []slack.Block
	for _, part := range splitText(text, maxSectionLen) {
		out = append(out, slack.NewSectionBlock(mrkdwn(part), nil, nil))
	}
	return out
}

func contextLine(text string) slack.Block {
	return slack.NewContextBlock("", mrkdwn(truncate(text, maxSectionLen)))
}

func button(actionID, value, label string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, plain(label, 75))
}

func reasonName(id coach.ReasonID) string {
	if r, ok := coach.ReasonByID(id); ok {
		return r.Name
	}
	return string(id)
}

// dealLabel names a deal in a list or header: "Dana at Acme", or the start of
// its story.
func dealLabel(d coach.Deal) string {
	f := d.Facts
	switch {
	case f.Prospect != "" && f.Company != "":
		return f.Prospect + " at " + f.Company
	case f.Prospect != "":
		return f.Prospect
	case f.Company != "":
		return f.Company
	case d.Story != "":
		return truncate(oneLine(d.Story), 60)
	}
	return "a quiet deal"
}

// renderDealRoot is the first message of a DM coaching thread.
func renderDealRoot(d coach.Deal) outMessage {
	label := escape(dealLabel(d))
	text := "*Let's look at " + label + ".*"
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)}
	if d.Story != "" {
		blocks = append(blocks, contextLine("> "+escape(truncate(oneLine(d.Story), maxStoryPreview))))
	}
	blocks = append(blocks, contextLine("I'll ask a few questions in this thread, then draft a message. Reply in the thread."))
	return outMessage{Text: "Coaching: " + label, Blocks: blocks}
}

// renderNotes renders lines of coaching (Say, Outcome, Remind) as one message.
func renderNotes(fx []coach.Effect) outMessage {
	lines := noteLines(fx)
	text := strings.Join(lines, "\n\n")
	return outMessage{Text: truncate(text, maxTextLen), Blocks: sections(text)}
}

func noteLines(fx []coach.Effect) []string {
	var lines []string
	for _, e := range fx {
		switch e := e.(type) {
		case coach.Say:
			lines = append(lines, escape(e.Text))
		case coach.Outcome:
			lines = append(lines, outcomeIcon(e.Status)+" "+escape(e.Text))
		case coach.Remind:
			lines = append(lines, ":alarm_clock: Remember-me date set: *"+e.At.Format("Mon 2 Jan 2006")+"* ("+escape(e.Why)+").")
		}
	}
	return lines
}

func outcomeIcon(s coach.Status) string {
	switch s {
	case coach.StatusRevived:
		return ":tada:"
	case coach.StatusSnoozed:
		return ":zzz:"
	case coach.StatusClosedLost:
		return ":wave:"
	}
	return ":white_check_mark:"
}

// renderQuestion shows a clarifying question with its quick replies, after
// any lines of coaching that came before it.
func renderQuestion(dealID string, a coach.Ask, before []coach.Effect) outMessage {
	var blocks []slack.Block
	if lines := noteLines(before); len(lines) > 0 {
		blocks = append(blocks, sections(strings.Join(lines, "\n\n"))...)
	}
	q := a.Question
	head := "*One more thing*"
	if a.N > 0 {
		head = fmt.Sprintf("*Question %d of %d*", a.N, max(a.Of, a.N))
	}
	if q.Reason != "" && a.N > 0 {
		head += "  ·  _" + escape(reasonName(q.Reason)) + "_"
	}
	blocks = append(blocks, sections(head+"\n"+escape(q.Text))...)

	var elems []slack.BlockElement
	for i, o := range q.Options {
		elems = append(elems, button(fmt.Sprintf("%s%d", ids.Option, i), o.Value, o.Label))
	}
	elems = append(elems, button(ids.Skip, "skip", "Skip, draft it now"))
	if len(elems) > 25 {
		elems = elems[len(elems)-25:]
	}
	blocks = append(blocks,
		slack.NewActionBlock(blockID(ids.BlockQuestion, dealID, q.ID), elems...),
		contextLine("Press a button or reply in this thread in your own words. Say *skip* to go straight to the draft."),
	)
	return outMessage{Text: truncate(escape(q.Text), maxTextLen), Blocks: blocks}
}

// cardNotice is a line shown at the top of a draft card, such as "the model
// was unreachable, this is an offline draft".
type cardNotice string

// renderDraftCard is the draft card: the likely reason with its evidence,
// the draft, the lint checklist, the next step and the buttons.
func renderDraftCard(d coach.Deal, dr coach.Draft, advice []coach.Effect, notice cardNotice) outMessage {
	var blocks []slack.Block
	blocks = append(blocks, slack.NewHeaderBlock(plain(cardTitle(d, dr.Mode), 150)))
	if notice != "" {
		blocks = append(blocks, contextLine(":warning: "+escape(string(notice))))
	}
	blocks = append(blocks, cardWhy(d)...)
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, cardBody(dr)...)
	blocks = append(blocks, cardByline(dr)...)
	blocks = append(blocks, slack.NewDividerBlock())
	return finishCard(d, dr, blocks, advice)
}

// cardTitle is the draft card's title.
func cardTitle(d coach.Deal, mode coach.Mode) string {
	if mode == coach.ModeClosing {
		return "Closing note for " + dealLabel(d)
	}
	return "Draft for " + dealLabel(d)
}

// cardWhy says why the prospect most likely went quiet, with the evidence.
func cardWhy(d coach.Deal) []slack.Block {
	top := d.Diagnosis.Top()
	why := fmt.Sprintf("*Most likely reason:* %s (score %.2f)", escape(reasonName(top.ID)), top.Score)
	if r, ok := coach.ReasonByID(top.ID); ok {
		why += "\n_" + escape(r.Remedy) + "_"
	}
	for i, ev := range top.Evidence {
		if i == 3 {
			why += fmt.Sprintf("\n• …and %d more", len(top.Evidence)-3)
			break
		}
		why += "\n• " + escape(truncate(oneLine(ev), 200))
	}
	return sections(why)
}

// cardBody is the draft itself, verbatim so URLs and names are not
// rewritten, with its subject line.
func cardBody(dr coach.Draft) []slack.Block {
	budget := maxBlockText - 3500 // room for the rest of the card
	body := escape(dr.Text)
	if dr.Subject != "" {
		body = "*Subject:* " + escape(dr.Subject) + "\n\n" + body
	}
	if len(body) > budget {
		body = truncate(body, budget) + "\n_(cut here: the draft is too long for one Slack message)_"
	}
	var blocks []slack.Block
	for _, part := range splitText(body, maxSectionLen) {
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, part, false, true), nil, nil))
	}
	return blocks
}

// cardByline says who wrote the draft and how, and, when the owner's own
// note still sits in a visible slot of the draft, to finish it first.
func cardByline(dr coach.Draft) []slack.Block {
	blocks := []slack.Block{contextLine(escape(draftByline(dr)))}
	if coach.UnfinishedSlot(dr.Text) {
		blocks = append(blocks, contextLine(":pencil2: "+escape(coach.UnfinishedSlotNote)))
	}
	return blocks
}

// finishCard adds the lint checklist, the next step and the buttons to a
// draft card's blocks.
func finishCard(d coach.Deal, dr coach.Draft, blocks []slack.Block, advice []coach.Effect) outMessage {
	blocks = append(blocks, sections(lintText(dr.Lint, 5))...)
	if lines := noteLines(advice); len(lines) > 0 {
		blocks = append(blocks, sections("*Next step:* "+strings.Join(lines, "\n"))...)
	}
	actions := cardActions(d, dr)
	if len(blocks)+len(actions) > maxBlocks {
		// Only an absurd draft gets here; keep the buttons.
		blocks = blocks[:maxBlocks-len(actions)]
	}
	blocks = append(blocks, actions...)
	text := "Draft ready: " + truncate(oneLine(escape(dr.Text)), 300)
	return outMessage{Text: text, Blocks: blocks}
}

// draftByline says who wrote the draft and how.
func draftByline(dr coach.Draft) string {
	var parts []string
	switch {
	case dr.Edited:
		parts = append(parts, "Edited by you, checked again")
	case dr.Offline:
		parts = append(parts, "Offline draft (written without an LLM)")
	case dr.Model != "":
		parts = append(parts, "Drafted by "+dr.Model)
	}
	switch dr.Style {
	case coach.StyleShorter:
		parts = append(parts, "shorter")
	case coach.StyleWarmer:
		parts = append(parts, "warmer")
	case coach.StyleDirect:
		parts = append(parts, "more direct")
	case coach.StyleRegenerate:
		parts = append(parts, "a fresh take")
	}
	switch dr.Mode {
	case coach.ModeLast:
		parts = append(parts, "the last message before you stop")
	case coach.ModeClosing:
		parts = append(parts, "a closing note")
	}
	if dr.Redrafted && !dr.Edited {
		parts = append(parts, "redrafted once after the lint")
	}
	return strings.Join(parts, " · ")
}

// cardActions are the draft card's buttons, in two rows: rework the draft
// (edit it yourself, ask for another take, copy it out), then what happened
// with it (sent, replied, remind me, share with the team). Edit and Copy as
// email carry the card's draft, so an older card works on its own. Only the
// deal's owner may use them; the bot checks on every press.
func cardActions(d coach.Deal, dr coach.Draft) []slack.Block {
	btn := func(a coach.Action, label string) *slack.ButtonBlockElement {
		return button(ids.Card+string(a), string(a), label)
	}
	ref := draftRef(dr)
	sent := btn(coach.ActionSent, "I sent it")
	sent.Style = slack.StylePrimary
	date := slack.NewDatePickerBlockElement(ids.Date)
	date.Placeholder = plain("Remind me on…", 75)
	share := button(ids.Share, shareOn, "Share with my team")
	if d.Shared {
		share = button(ids.Share, shareOff, "Stop sharing")
	}
	return []slack.Block{
		slack.NewActionBlock(blockID(ids.BlockCard, d.ID),
			button(ids.Edit, ref, "Edit"),
			btn(coach.ActionShorter, "Shorter"),
			btn(coach.ActionWarmer, "Warmer"),
			btn(coach.ActionDirect, "More direct"),
			btn(coach.ActionRegenerate, "Regenerate"),
			button(ids.Copy, ref, "Copy as email"),
		),
		slack.NewActionBlock(blockID(ids.BlockCard, d.ID, "outcome"),
			sent,
			btn(coach.ActionReplied, "They replied"),
			remindMenu(ids.Remind),
			date,
			share,
		),
	}
}

// lintText renders a lint report: score, REAL checklist, findings (at most
// maxFindings, the rest counted).
func lintText(r coach.LintReport, maxFindings int) string {
	var b strings.Builder
	verdict := "ready to send"
	if !r.Passed() {
		verdict = "worth another pass"
	}
	fmt.Fprintf(&b, "*Lint: %d/100*, %s\n", r.Score, verdict)
	b.WriteString(check(r.Real.Feelings) + " Real feelings   " + check(r.Real.Intentions) + " Real intentions   " + check(r.Real.DoorOpen) + " Door left open")
	for i, f := range r.Findings {
		if i == maxFindings {
			fmt.Fprintf(&b, "\n…and %d more", len(r.Findings)-maxFindings)
			break
		}
		fmt.Fprintf(&b, "\n• *%s*: “%s”. %s", escape(f.Rule), escape(truncate(oneLine(f.Quote), 160)), escape(f.Advice))
	}
	if len(r.Findings) == 0 {
		b.WriteString("\nNo pestering, guilt or pressure found.")
	}
	if f := r.SelfFocus; f != nil {
		fmt.Fprintf(&b, "\n_Self-focus (lowers the score, not a finding)_: “%s”. %s", escape(truncate(oneLine(f.Quote), 160)), escape(f.Advice))
	}
	return b.String()
}

func check(ok bool) string {
	if ok {
		return ":white_check_mark:"
	}
	return ":x:"
}

// renderLint answers /ghosted lint.
func renderLint(r coach.LintReport) outMessage {
	blocks := sections(lintText(r, 10))
	blocks = append(blocks, contextLine("REAL: share your real feelings, your real intentions, and leave the door open. Findings are things to fix; a missing REAL element only lowers the score."))
	return outMessage{Text: fmt.Sprintf("Lint: %d/100", r.Score), Blocks: blocks}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// renderForgetConfirm asks before /ghosted forget deletes everything.
func renderForgetConfirm() outMessage {
	yes := button(ids.Forget, "yes", "Delete all my data")
	yes.Style = slack.StyleDanger
	return outMessage{
		Text: "Delete all your deals and coaching history?",
		Blocks: []slack.Block{
			slack.NewSectionBlock(mrkdwn("*Delete all your deals and coaching history?*\nThis removes every deal, answer, draft and reminder I keep for you. It cannot be undone."), nil, nil),
			slack.NewActionBlock(ids.BlockForget, yes, button(ids.Cancel, "no", "Cancel")),
		},
	}
}

// helpText is the answer to /ghosted help and to "help" in a DM.
const helpText = "*ghosted* coaches you on deals that went quiet: why the prospect most likely went dark, a few sharp questions, and an honest message to send (real feelings, real intentions, the door left open).\n\n" +
	"• `/ghosted <what happened>`: start coaching; we continue in a private DM thread\n" +
	"• `/ghosted`: the same, through a short form\n" +
	"• DM me the story (or open me in Slack's AI app pane), or mention me in a channel thread to coach there\n" +
	"• `/ghosted lint <message>`: score a message before you send it\n" +
	"• `/ghosted list`: your quiet deals, reminders and revive rates (also in my Home tab)\n" +
	"• `/ghosted nudge here [day time zone]`: a weekly check-in in this channel, like `nudge here friday 8am Europe/Berlin` (`nudge off`, `nudge preview`)\n" +
	"• `/ghosted forget`: delete everything I keep about you\n\n" +
	"In a coaching thread, answer in your own words or press a button; say *skip* to go straight to the draft. On a draft, *Edit* lets you finish it yourself, and I check your version too."

func helpMessage() outMessage {
	return outMessage{Text: "How ghosted works", Blocks: sections(helpText)}
}

func joinLines(parts []string) string { return strings.Join(parts, "\n") }

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
