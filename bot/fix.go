package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
)

// What the coach read, and a way to fix it. Before the first question the
// thread shows one line of the facts read from the story ("I read: Marcus
// (Brightline Health) · email · 2 unanswered · 3 weeks quiet") with a Fix
// button. The button opens a short form, prefilled from the button itself
// (the trigger id lives 3 seconds, too short to read the deal first); the
// submitted form corrects the deal through the store's update path, and the
// coaching goes on with the corrected facts: a wrong greeting in a draft is
// written again.

const (
	fixCallbackID   = "ghosted_fix"
	fixName         = "fix_name"
	fixCompany      = "fix_company"
	fixChannel      = "fix_channel"
	fixTouches      = "fix_touches"
	fixDays         = "fix_days"
	channelNotSaid  = "unknown"
	maxFixNameLen   = 80
	maxFixDaysValue = 3650
)

// fixValue is what the Fix button carries: the facts as read, to prefill
// the form, and the deal. It stays well under Slack's 2,000-character
// button value.
type fixValue struct {
	Deal    string `json:"d"`
	Name    string `json:"n,omitempty"`
	Company string `json:"c,omitempty"`
	Channel string `json:"ch,omitempty"`
	Touches int    `json:"t"`
	Days    int    `json:"s"`
}

// fixMeta rides in the form's private_metadata: which deal, which thread.
type fixMeta struct {
	Deal    string `json:"d"`
	Channel string `json:"c"`
	TS      string `json:"t"`
}

// renderReading is the "I read" line with its Fix button.
func renderReading(d coach.Deal) []slack.Block {
	v := fixValue{Deal: d.ID, Name: clip(d.Facts.Prospect, maxFixNameLen), Company: clip(d.Facts.Company, maxFixNameLen),
		Channel: d.Facts.Channel, Touches: d.Facts.FollowUps, Days: d.Facts.DaysSilent}
	raw, _ := json.Marshal(v)
	fix := button(ids.FixOpen, string(raw), "Fix")
	line := mrkdwn("*I read:* " + escape(coach.DescribeFacts(d.Facts)))
	return []slack.Block{
		slack.NewSectionBlock(line, nil, slack.NewAccessory(fix), slack.SectionBlockOptionBlockID(blockID(ids.BlockFacts, d.ID))),
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// fixModal is the short form, prefilled with what was read.
func fixModal(v fixValue, meta fixMeta) slack.ModalViewRequest {
	rawMeta, _ := json.Marshal(meta)
	text := func(id, label, initial, hint string, max int) *slack.InputBlock {
		el := slack.NewPlainTextInputBlockElement(plain(hint, 150), fieldAction)
		el.InitialValue = initial
		el.MaxLength = max
		b := slack.NewInputBlock(id, plain(label, 2000), nil, el)
		b.Optional = true
		return b
	}
	num := func(n int) string {
		if n < 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, o := range append([][2]string{{channelNotSaid, "Not said"}}, channelOptions[:4]...) {
		opt := slack.NewOptionBlockObject(o[0], plain(o[1], 75), nil)
		opts = append(opts, opt)
		if o[0] == v.Channel || v.Channel == "" && o[0] == channelNotSaid {
			initial = opt
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, fieldAction, opts...)
	sel.InitialOption = initial
	channel := slack.NewInputBlock(fixChannel, plain("How your follow-ups went", 2000), nil, sel)
	channel.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      fixCallbackID,
		Title:           plain("Fix what I read", 24),
		Submit:          plain("Save", 24),
		Close:           plain("Cancel", 24),
		PrivateMetadata: string(rawMeta),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			contextLine("Correct anything I got wrong; leave a field empty if the story doesn't say. Everything after this uses what you save."),
			text(fixName, "Their name", v.Name, "e.g. Marcus Lee", maxFixNameLen),
			text(fixCompany, "Their company", v.Company, "e.g. Brightline Health", maxFixNameLen),
			channel,
			text(fixTouches, "Unanswered follow-ups you sent", num(v.Touches), "0 if you haven't followed up", 3),
			text(fixDays, "Days since they last answered", num(v.Days), "e.g. 21", 4),
		}},
	}
}

// openFixSoon opens the fix form at once (see openSoon).
func (b *Bot) openFixSoon(p press, triggerID string) bool {
	var v fixValue
	if err := json.Unmarshal([]byte(p.action.Value), &v); err != nil || v.Deal == "" {
		b.log.Warn("fix button with a bad value", "user", p.user)
		return true
	}
	meta := fixMeta{Deal: v.Deal, Channel: p.th.Channel, TS: p.th.TS}
	return b.openSoon(p.team, p.user, "fix form", func(ctx context.Context) {
		if _, err := b.api.OpenViewContext(ctx, triggerID, fixModal(v, meta)); err != nil {
			b.log.Warn("views.open failed", "user", p.user, "err", slackError(err))
			b.ephemeral(ctx, p.th, p.user, "I couldn't open the form in time. Press Fix again, or type a correction in the thread, like `fix name Marcus` or `fix touches 2`.")
		}
	})
}

// readFixForm reads the submitted form into a correction, or the errors to
// show in it.
func readFixForm(v slack.View) (coach.Correction, map[string]string) {
	get := func(id string) string {
		if bv, ok := v.State.Values[id][fieldAction]; ok {
			if bv.SelectedOption.Value != "" {
				return bv.SelectedOption.Value
			}
			return strings.TrimSpace(bv.Value)
		}
		return ""
	}
	errs := map[string]string{}
	name, company := get(fixName), get(fixCompany)
	var c coach.Correction
	c.Prospect, c.Company = &name, &company
	ch := get(fixChannel)
	if ch == channelNotSaid {
		ch = ""
	}
	c.Channel = &ch
	number := func(id string, most int, what string) *int {
		s := get(id)
		n := -1
		if s != "" {
			v, err := strconv.Atoi(s)
			if err != nil || v < 0 || v > most {
				errs[id] = "A whole number from 0 to " + strconv.Itoa(most) + ", or leave it empty if " + what + "."
				return nil
			}
			n = v
		}
		return &n
	}
	c.FollowUps = number(fixTouches, 99, "you don't know")
	c.DaysSilent = number(fixDays, maxFixDaysValue, "the story doesn't say")
	if len(errs) > 0 {
		return c, errs
	}
	return c, nil
}

// onFixSubmit handles the form in the read loop: errors keep it open; a
// valid form closes and the correction is applied in the deal's thread.
func (b *Bot) onFixSubmit(cb slack.InteractionCallback) any {
	c, errs := readFixForm(cb.View)
	if errs != nil {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	var meta fixMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta); err != nil || meta.Deal == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fixName: "This form lost track of its deal. Close it and press Fix again."})
	}
	team, user := cb.Team.ID, cb.User.ID
	if team == "" {
		team = cb.View.TeamID
	}
	th := thread{Channel: meta.Channel, TS: meta.TS}
	r := b.newRequest(team, user).in(th).about(coach.DealKey{Team: team, Owner: user, ID: meta.Deal})
	job := func(ctx context.Context) { b.applyFix(ctx, r, c) }
	taken := false
	if th.TS != "" {
		taken = b.enqueue(th.key(), userOf(team, user), "fix", job)
	} else {
		taken = b.enqueue(r.poolKey(), userOf(team, user), "fix", job)
	}
	if !taken {
		// The form stays open with the corrections in it.
		return slack.NewErrorsViewSubmissionResponse(map[string]string{fixName: busyText})
	}
	return nil
}

// applyFix corrects r's deal and carries on in its thread.
func (b *Bot) applyFix(ctx context.Context, r request, c coach.Correction) {
	r = r.with("action", "fix")
	key, th := r.deal, r.th
	deal, fx, err := b.mem.update(ctx, key, coach.CorrectChange(c, b.clock.Now()))
	switch {
	case errors.Is(err, coach.ErrNotFound):
		b.ephemeral(ctx, th, key.Owner, pressGoneText(err))
		return
	case err != nil:
		b.tellError(ctx, r, err)
		return
	}
	r.log.Info("facts corrected")
	b.perform(ctx, r, &deal, fx)
}

// typedFix reports whether a reply is a typed correction ("fix name
// Marcus") and returns what follows "fix".
func typedFix(text string) (string, bool) {
	f := strings.Fields(text)
	if len(f) >= 2 && strings.EqualFold(f[0], "fix") {
		return strings.TrimSpace(strings.TrimSpace(text)[len(f[0]):]), true
	}
	return "", false
}
