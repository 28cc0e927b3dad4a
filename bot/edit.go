package bot

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
)

// A draft the rep can finish. The draft card's Edit button opens a form
// holding the draft (subject and message); what the rep submits is linted
// again, kept as the deal's newest draft (coach.Draft.Edited) and shown on
// the card in place of the draft they started from, with its findings.
// Copy as email shows the card's draft privately as a subject and a body,
// each in a preformatted block that copies as plain text, and a link that
// opens it in the rep's mail app.
//
// Both buttons carry the time of the card's draft (draftRef), so an older
// card edits or copies its own draft rather than the newest one. Like every
// deal button, only the owner may use them: the deal is read under the
// presser's key, so anyone else finds nothing and is told so privately.

const (
	editCallbackID = "ghosted_edit"
	editSubject    = "edit_subject"
	editBody       = "edit_body"

	// maxEditLen is the most a plain_text_input holds (Slack's max_length).
	maxEditLen = 3000
	// maxSubjectLen bounds an edited subject line.
	maxSubjectLen = 250
	// maxMailtoLen keeps an "open in your mail app" link inside a section.
	maxMailtoLen = 2800
)

// draftRef names a draft within its deal: the time it was written.
func draftRef(dr coach.Draft) string { return dr.At.UTC().Format(time.RFC3339Nano) }

// findDraft returns the deal's draft named by ref, the newest first when
// two share a time; a ref that names none (an old card whose draft was
// dropped to keep the deal small) finds the newest draft.
func findDraft(d coach.Deal, ref string) (coach.Draft, bool) {
	for i := len(d.Drafts) - 1; i >= 0; i-- {
		if draftRef(d.Drafts[i]) == ref {
			return d.Drafts[i], true
		}
	}
	return d.LastDraft()
}

// cardDealID is the deal id in a draft card's block id (card|<deal>…).
func cardDealID(block string) string {
	parts := strings.Split(block, "|")
	if len(parts) < 2 || parts[0] != ids.BlockCard {
		return ""
	}
	return parts[1]
}

// editMeta rides in the edit form's private_metadata: which draft of which
// deal, and where its card is.
type editMeta struct {
	Deal    string `json:"d"`
	Channel string `json:"c"`
	Thread  string `json:"t"`
	Card    string `json:"m"` // the card's ts, updated with the edit
	Draft   string `json:"a"` // draftRef of the draft being edited
}

// editModal is the form that holds a draft for the rep to finish. The
// subject is offered for email (the channel read from the story, or none
// said, which drafts as email) and whenever the draft has one.
func editModal(d coach.Deal, dr coach.Draft, meta editMeta) slack.ModalViewRequest {
	raw, _ := json.Marshal(meta)
	blocks := []slack.Block{contextLine("Change anything you like: it's your message. *Check it* lints your version and puts it on the draft card.")}
	if dr.Subject != "" || d.Facts.Channel == "" || d.Facts.Channel == "email" {
		el := slack.NewPlainTextInputBlockElement(plain("Subject line", 150), fieldAction)
		el.InitialValue = dr.Subject
		el.MaxLength = maxSubjectLen
		in := slack.NewInputBlock(editSubject, plain("Subject", 2000), nil, el)
		in.Optional = true
		blocks = append(blocks, in)
	}
	body := slack.NewPlainTextInputBlockElement(plain("Your message", 150), fieldAction)
	body.Multiline = true
	body.InitialValue = dr.Text
	body.MaxLength = maxEditLen
	blocks = append(blocks, slack.NewInputBlock(editBody, plain("Message", 2000), nil, body))
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      editCallbackID,
		Title:           plain("Edit your draft", 24),
		Submit:          plain("Check it", 24),
		Close:           plain("Cancel", 24),
		PrivateMetadata: string(raw),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// openEditSoon opens the edit form (see openSoon). The form must hold the
// draft, so the deal is read first, briefly: the trigger id lives 3
// seconds.
func (b *Bot) openEditSoon(p press, triggerID string) bool {
	id := cardDealID(p.action.BlockID)
	if id == "" {
		return true
	}
	key := coach.DealKey{Team: p.team, Owner: p.user, ID: id}
	return b.openSoon(p.team, p.user, "edit form", func(ctx context.Context) {
		log := p.log.With("deal", id)
		rctx, cancel := context.WithTimeout(ctx, time.Second)
		d, ok := b.pressedDeal(ctx, rctx, p, key, log, "edit")
		cancel()
		if !ok {
			return
		}
		dr, ok := findDraft(d, p.action.Value)
		switch {
		case !ok:
			b.refuse(ctx, p, "There's no draft to edit yet.")
			return
		case utf8.RuneCountInString(dr.Text) > maxEditLen:
			b.refuse(ctx, p, "This draft is longer than Slack's form can hold (3,000 characters). Press Shorter first, or use Copy as email and edit it in your mail app.")
			return
		}
		meta := editMeta{Deal: id, Channel: p.th.Channel, Thread: p.th.TS, Card: p.messageTS, Draft: draftRef(dr)}
		if _, err := b.api.OpenViewContext(ctx, triggerID, editModal(d, dr, meta)); err != nil {
			log.Warn("views.open failed", "err", slackError(err))
			b.refuse(ctx, p, "I couldn't open the editor in time. Press Edit again.")
		}
	})
}

// readEditForm reads the submitted form. hasSubject is false when the form
// offered no subject.
func readEditForm(v slack.View) (subject string, hasSubject bool, body string) {
	if v.State == nil {
		return "", false, ""
	}
	s, hasSubject := v.State.Values[editSubject][fieldAction]
	return strings.TrimSpace(oneLine(s.Value)), hasSubject, strings.TrimSpace(v.State.Values[editBody][fieldAction].Value)
}

// onEditSubmit handles the edit form in the read loop: what cannot be used
// keeps the form open with the reason and the rep's text; a valid edit
// closes it and is linted and shown in the deal's thread.
func (b *Bot) onEditSubmit(cb slack.InteractionCallback) any {
	subject, hasSubject, body := readEditForm(cb.View)
	var meta editMeta
	switch {
	case json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta) != nil || meta.Deal == "":
		return slack.NewErrorsViewSubmissionResponse(map[string]string{editBody: "This form lost track of its draft. Copy your text, close the form and press Edit again."})
	case body == "":
		return slack.NewErrorsViewSubmissionResponse(map[string]string{editBody: "Write the message, or press Cancel to keep the draft as it was."})
	case utf8.RuneCountInString(body) > maxEditLen:
		return slack.NewErrorsViewSubmissionResponse(map[string]string{editBody: "Keep it under 3,000 characters: shorter messages get answered."})
	case utf8.RuneCountInString(subject) > maxSubjectLen:
		return slack.NewErrorsViewSubmissionResponse(map[string]string{editSubject: "Keep the subject short: a few words."})
	}
	team, user := cb.Team.ID, cb.User.ID
	if team == "" {
		team = cb.View.TeamID
	}
	key := coach.DealKey{Team: team, Owner: user, ID: meta.Deal}
	th := thread{Channel: meta.Channel, TS: meta.Thread}
	ed := edit{meta: meta, subject: subject, hasSubject: hasSubject, body: body}
	job := func(ctx context.Context) { b.applyEdit(ctx, key, th, ed) }
	jobKey := userKey(team, user)
	if th.Channel != "" && th.TS != "" {
		jobKey = th.key()
	}
	if !b.enqueue(jobKey, userOf(team, user), "edit", job) {
		// The form stays open with the text in it.
		return slack.NewErrorsViewSubmissionResponse(map[string]string{editBody: busyText})
	}
	return nil
}

// edit is a submitted edit form.
type edit struct {
	meta       editMeta
	subject    string
	hasSubject bool
	body       string
}

// errUnchanged marks an edit that changed nothing: nothing is stored.
var errUnchanged = errors.New("the edit changed nothing")

// applyEdit lints the rep's version, keeps it as the deal's newest draft
// (through the store's compare-and-set, like every change) and shows it on
// the card it came from, with its findings.
func (b *Bot) applyEdit(ctx context.Context, key coach.DealKey, th thread, ed edit) {
	log := b.log.With("deal", key.ID, "user", key.Owner, "action", "edit")
	report := lintMessage(ed.body)
	now := b.clock.Now()
	var (
		edited coach.Draft
		advice []coach.Effect
	)
	deal, _, err := b.mem.update(ctx, key, func(d *coach.Deal) ([]coach.Effect, error) {
		base, ok := findDraft(*d, ed.meta.Draft)
		if !ok {
			return nil, coach.ErrNotNow
		}
		edited = editedDraft(base, ed, report, now)
		if edited.Text == base.Text && edited.Subject == base.Subject {
			edited = base
			return nil, errUnchanged
		}
		advice = d.AddDraft(edited, now)
		return nil, nil
	})
	var notice cardNotice
	switch {
	case errors.Is(err, errUnchanged):
		notice = "No changes: this is the draft as it was."
		advice = []coach.Effect{coach.Say{Text: coach.NextStep(deal, now).Text}}
	case errors.Is(err, coach.ErrNotNow):
		b.ephemeral(ctx, th, key.Owner, "This deal has no draft to edit any more. Here is your text, so nothing is lost:\n"+ed.body)
		return
	case errors.Is(err, coach.ErrNotFound):
		log.Info("edit refused: no such deal of the submitter", "err", err)
		b.ephemeral(ctx, th, key.Owner, pressGoneText(err)+" Here is your text, so nothing is lost:\n"+ed.body)
		return
	case err != nil:
		log.Error("cannot save the edit", "err", err)
		b.post(ctx, th, renderUnsavedEdit(ed, report, err))
		return
	default:
		log.Info("draft edited", "lint_score", report.Score, "findings", len(report.Findings))
	}
	card := renderDraftCard(deal, edited, advice, notice)
	if ed.meta.Card != "" && th.Channel != "" {
		_, _, _, err := b.api.UpdateMessageContext(ctx, th.Channel, ed.meta.Card, card.options()...)
		if err == nil {
			return
		}
		log.Info("cannot update the card; posting the edited one", "err", slackError(err))
	}
	b.post(ctx, th, card)
}

// editedDraft is the rep's version of base: their subject (or base's, when
// the form offered none) and message, with its own lint.
func editedDraft(base coach.Draft, ed edit, report coach.LintReport, now time.Time) coach.Draft {
	dr := base
	dr.Text, dr.Lint = ed.body, report
	if ed.hasSubject {
		dr.Subject = ed.subject
	}
	dr.Edited, dr.Redrafted, dr.Usage, dr.At = true, false, coach.Usage{}, now
	return dr
}

// renderUnsavedEdit shows an edit that could not be stored: the reason, the
// findings and the rep's text, so nothing is lost.
func renderUnsavedEdit(ed edit, report coach.LintReport, err error) outMessage {
	text := escape(userMessage(err)) + " Your edit isn't saved; here it is with its check, so you can copy it."
	blocks := sections(text)
	if ed.subject != "" {
		blocks = append(blocks, preformatted(ed.subject))
	}
	blocks = append(blocks, preformatted(ed.body))
	blocks = append(blocks, sections(lintText(report, 5))...)
	return outMessage{Text: truncate(text, maxTextLen), Blocks: blocks}
}

// copyAsEmail shows the presser, and only them, the card's draft as an
// email: subject and body ready to paste.
func (b *Bot) copyAsEmail(ctx context.Context, p press) {
	id := cardDealID(p.action.BlockID)
	if id == "" {
		return
	}
	log := p.log.With("deal", id)
	d, ok := b.pressedDeal(ctx, ctx, p, coach.DealKey{Team: p.team, Owner: p.user, ID: id}, log, "copy")
	if !ok {
		return
	}
	dr, ok := findDraft(d, p.action.Value)
	if !ok {
		b.refuse(ctx, p, "There's no draft to copy yet.")
		return
	}
	b.answerPresser(ctx, p, renderEmailCopy(dr))
}

// renderEmailCopy is a draft as an email. Subject and body each sit in a
// preformatted block: no formatting, nothing escaped, the line breaks kept,
// so a copy pastes into any mail client as it is.
func renderEmailCopy(dr coach.Draft) outMessage {
	blocks := sections("*Your draft as an email.* Copy the subject and the body into your mail app.")
	if dr.Subject != "" {
		blocks = append(blocks, contextLine("*Subject*"), preformatted(dr.Subject))
	}
	blocks = append(blocks, contextLine("*Body*"), preformatted(dr.Text))
	if link := mailtoURL(dr.Subject, dr.Text); link != "" {
		// Percent-encoding left no & < > in the values; the one & between
		// them is escaped as Slack's text wants it.
		blocks = append(blocks, contextLine(":email: <"+escape(link)+"|Open it in my mail app>"))
	}
	return outMessage{Text: "Your draft as an email", Blocks: blocks}
}

// preformatted is a block of plain text shown and copied exactly as it is.
func preformatted(text string) slack.Block {
	return slack.NewRichTextBlock("", &slack.RichTextPreformatted{
		Type:     slack.RTEPreformatted,
		Elements: []slack.RichTextSectionElement{slack.NewRichTextSectionTextElement(text, nil)},
	})
}

// mailtoURL is a mailto: link that opens a new email with subject and body
// (RFC 6068: percent-encoded, CRLF line breaks), or "" when it would be too
// long for a message.
func mailtoURL(subject, body string) string {
	enc := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	link := "mailto:?"
	if subject != "" {
		link += "subject=" + enc(subject) + "&"
	}
	link += "body=" + enc(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n"))
	if len(link) > maxMailtoLen {
		return ""
	}
	return link
}

// answerPresser shows msg to the presser of a button, and only them:
// through the press's response_url, as an ephemeral message that leaves the
// pressed one as it was (a response_url reaches the presser wherever the
// message is, which chat.postEphemeral does not: it fails for someone who
// is not in the conversation), else with chat.postEphemeral.
func (b *Bot) answerPresser(ctx context.Context, p press, msg outMessage) {
	log := p.log
	if p.responseURL != "" {
		wm := &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: false, Text: truncate(msg.Text, maxTextLen)}
		if len(msg.Blocks) > 0 {
			wm.Blocks = &slack.Blocks{BlockSet: msg.Blocks}
		}
		err := respond(ctx, b.cfg.HTTPClient, p.responseURL, wm)
		if err == nil {
			return
		}
		log.Warn("response_url post failed; trying chat.postEphemeral", "err", err)
	}
	if p.th.Channel == "" {
		return
	}
	opts := msg.options()
	if p.th.TS != "" {
		opts = append(opts, slack.MsgOptionTS(p.th.TS))
	}
	if _, err := b.api.PostEphemeralContext(ctx, p.th.Channel, p.user, opts...); err != nil {
		log.Warn("chat.postEphemeral failed", "err", slackError(err))
	}
}

// pressedDeal reads (with readCtx) the deal a card's button is about. When
// it is gone or cannot be read, the presser is told why and ok is false.
func (b *Bot) pressedDeal(ctx, readCtx context.Context, p press, key coach.DealKey, log *slog.Logger, doing string) (coach.Deal, bool) {
	d, err := b.mem.deal(readCtx, key)
	switch {
	case errors.Is(err, coach.ErrNotFound):
		log.Info("button refused: no such deal of the presser")
		b.refuse(ctx, p, pressGoneText(err))
		return d, false
	case err != nil:
		log.Error("cannot read the deal to "+doing, "err", err)
		b.refuse(ctx, p, userMessage(err))
		return d, false
	}
	return d, true
}
