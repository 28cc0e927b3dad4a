package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// The story modal, opened by a bare /ghosted. Its fields become a story in
// the same words a person would type, so the coach reads it like any other.

const storyCallbackID = "ghosted_story"

// Modal block ids; every input's action id is "value".
const (
	fieldProspect  = "prospect"
	fieldDiscussed = "discussed"
	fieldLast      = "last_contact"
	fieldFollowUps = "follow_ups"
	fieldChannel   = "channel"
	fieldNotes     = "notes"
	fieldAction    = "value"
)

// Field size limits, enforced by Slack in the form and again on submission.
const (
	maxProspectLen  = 150
	maxDiscussedLen = 2500
	maxNotesLen     = 2500
	maxFollowUps    = 99
)

// channelOptions are the channel choices: value, label.
var channelOptions = [][2]string{
	{"email", "Email"}, {"linkedin", "LinkedIn"}, {"phone", "Phone"}, {"text", "Text message"}, {"other", "Other"},
}

// modalMeta rides in private_metadata: where the command was run.
type modalMeta struct {
	Channel string `json:"c,omitempty"`
}

// storyModal builds the modal view.
func storyModal(fromChannel string) slack.ModalViewRequest {
	meta, _ := json.Marshal(modalMeta{Channel: fromChannel})
	input := func(id, label, hint string, el slack.BlockElement, optional bool) *slack.InputBlock {
		var h *slack.TextBlockObject
		if hint != "" {
			h = plain(hint, 150)
		}
		blk := slack.NewInputBlock(id, plain(label, 2000), h, el)
		blk.Optional = optional
		return blk
	}
	text := func(placeholder string, multiline bool, maxLen int) *slack.PlainTextInputBlockElement {
		el := slack.NewPlainTextInputBlockElement(plain(placeholder, 150), fieldAction)
		el.Multiline = multiline
		el.MaxLength = maxLen
		return el
	}
	var opts []*slack.OptionBlockObject
	for _, o := range channelOptions {
		opts = append(opts, slack.NewOptionBlockObject(o[0], plain(o[1], 75), nil))
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      storyCallbackID,
		Title:           plain("A deal went quiet", 24),
		Submit:          plain("Coach me", 24),
		Close:           plain("Cancel", 24),
		PrivateMetadata: string(meta),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			input(fieldProspect, "Prospect and company", "", text("Dana Lee at Acme", false, maxProspectLen), false),
			input(fieldDiscussed, "What was discussed", "Where things stood when they went quiet.", text("Demoed the reporting module; she wanted pricing for 40 seats…", true, maxDiscussedLen), false),
			input(fieldLast, "Last contact", "", slack.NewDatePickerBlockElement(fieldAction), true),
			input(fieldFollowUps, "Follow-ups sent since", "How many messages went unanswered.", text("2", false, 3), true),
			input(fieldChannel, "Channel", "", slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("How you reach them", 150), fieldAction, opts...), true),
			input(fieldNotes, "Anything else you know", "Contract dates, budget cycle, news at their company…", text("Their contract with a competitor ends in March", true, maxNotesLen), true),
		}},
	}
}

// storyForm is a submitted modal, read from the view state.
type storyForm struct {
	Prospect, Discussed, Notes string
	Last                       string // YYYY-MM-DD or ""
	FollowUps                  string
	Channel                    string
}

func readStoryForm(v slack.View) storyForm {
	get := func(block string) slack.BlockAction {
		if v.State == nil {
			return slack.BlockAction{}
		}
		return v.State.Values[block][fieldAction]
	}
	return storyForm{
		Prospect:  strings.TrimSpace(get(fieldProspect).Value),
		Discussed: strings.TrimSpace(get(fieldDiscussed).Value),
		Notes:     strings.TrimSpace(get(fieldNotes).Value),
		Last:      get(fieldLast).SelectedDate,
		FollowUps: strings.TrimSpace(get(fieldFollowUps).Value),
		Channel:   get(fieldChannel).SelectedOption.Value,
	}
}

// validate checks a submitted form and returns the errors by block id, for
// a response_action "errors" ack. It is pure and fast: it runs in the read
// loop, before the ack.
func (f storyForm) validate(now time.Time) map[string]string {
	errs := map[string]string{}
	if f.Prospect == "" {
		errs[fieldProspect] = "Who went quiet? A name, a company, or both."
	} else if len(f.Prospect) > maxProspectLen {
		errs[fieldProspect] = fmt.Sprintf("Keep it under %d characters.", maxProspectLen)
	}
	switch {
	case f.Discussed == "":
		errs[fieldDiscussed] = "Tell me a little about where things stood: it's what I diagnose from."
	case len(f.Discussed) > maxDiscussedLen*2:
		errs[fieldDiscussed] = fmt.Sprintf("That's long; keep it under %d characters.", maxDiscussedLen)
	}
	if len(f.Notes) > maxNotesLen*2 {
		errs[fieldNotes] = fmt.Sprintf("That's long; keep it under %d characters.", maxNotesLen)
	}
	if f.Last != "" {
		d, err := time.Parse(time.DateOnly, f.Last)
		switch {
		case err != nil:
			errs[fieldLast] = "Pick a date from the calendar."
		case d.After(now.Add(24 * time.Hour)):
			// A day of slack for time zones ahead of the server's.
			errs[fieldLast] = "That date is in the future: when did you last hear from them?"
		}
	}
	if f.FollowUps != "" {
		n, err := strconv.Atoi(f.FollowUps)
		switch {
		case err != nil:
			errs[fieldFollowUps] = "Enter a number, like 2 (or leave it empty)."
		case n < 0 || n > maxFollowUps:
			errs[fieldFollowUps] = fmt.Sprintf("Enter a number from 0 to %d.", maxFollowUps)
		}
	}
	if f.Channel != "" {
		ok := false
		for _, o := range channelOptions {
			ok = ok || o[0] == f.Channel
		}
		if !ok {
			errs[fieldChannel] = "Pick one of the options."
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// story composes the coach's story from a valid form, in lines the coach's
// fact extraction reads ("Prospect: …", "Last contact: 2026-01-05",
// "2 follow-ups").
func (f storyForm) story() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Prospect: %s\n", oneLine(f.Prospect))
	if f.Channel != "" && f.Channel != "other" {
		fmt.Fprintf(&b, "Channel: %s\n", f.Channel)
	}
	if f.Last != "" {
		fmt.Fprintf(&b, "Last contact: %s\n", f.Last)
	}
	if f.FollowUps != "" {
		n, _ := strconv.Atoi(f.FollowUps)
		switch n {
		case 0:
			b.WriteString("I haven't followed up since.\n")
		case 1:
			b.WriteString("I've sent 1 follow-up since, with no answer.\n")
		default:
			fmt.Fprintf(&b, "I've sent %d follow-ups since, with no answer.\n", n)
		}
	}
	fmt.Fprintf(&b, "What we discussed: %s\n", f.Discussed)
	if f.Notes != "" {
		fmt.Fprintf(&b, "Also: %s\n", f.Notes)
	}
	return strings.TrimSpace(b.String())
}

// openModalSoon opens the story modal right away (see openSoon).
func (b *Bot) openModalSoon(cmd slack.SlashCommand) bool {
	return b.openSoon(cmd.TeamID, cmd.UserID, "modal", func(ctx context.Context) {
		if _, err := b.api.OpenViewContext(ctx, cmd.TriggerID, storyModal(cmd.ChannelID)); err != nil {
			b.log.Warn("views.open failed", "user", cmd.UserID, "err", slackError(err))
			b.respondText(ctx, cmd.ResponseURL, "I couldn't open the form in time. Try `/ghosted` again, or tell me the story right away: `/ghosted <what happened>`.")
		}
	})
}

// openSoon runs open, which opens a modal with a trigger id, right away and
// outside the worker pool: a trigger id expires 3 seconds after the press or
// command, too soon to wait in a queue. modalSlots bounds how many run at
// once; past that the pool takes the job under the person's key and may
// well be too late, which open then tells them. open gets a context of a
// few seconds. openSoon reports false when neither can take the job: the
// caller answers "busy".
func (b *Bot) openSoon(team, user, what string, open func(ctx context.Context)) bool {
	run := func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		open(ctx)
	}
	select {
	case b.modalSlots <- struct{}{}:
		b.side.Go(func() {
			defer func() { <-b.modalSlots }()
			run(context.Background())
		})
		return true
	default:
		return b.enqueue(userKey(team, user), userOf(team, user), what, run)
	}
}

// onStorySubmit handles the modal's submission in the read loop: invalid
// fields are answered in the ack, which keeps the modal open with the errors;
// a valid form closes it and queues the coaching.
func (b *Bot) onStorySubmit(cb slack.InteractionCallback) any {
	form := readStoryForm(cb.View)
	if errs := form.validate(b.clock.Now()); errs != nil {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	team, user := cb.Team.ID, cb.User.ID
	if team == "" {
		team = cb.View.TeamID
	}
	story := form.story()
	r := b.newRequest(team, user, "via", "modal")
	taken := b.enqueue(r.poolKey(), userOf(team, user), "modal story", func(ctx context.Context) {
		b.startDeal(ctx, origin{request: r, dm: true}, story)
	})
	if !taken {
		// The form stays open with everything typed in it.
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fieldDiscussed: busyText})
	}
	return nil
}
