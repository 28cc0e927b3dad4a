package coach

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The coach shows what it read before the first question, and the owner can
// correct it. Corrected facts drive everything after: the diagnosis, the
// cadence guard, the draft's greeting.

// DescribeFacts renders what was read as one compact line: "Marcus
// (Brightline Health) · email · 2 unanswered · 3 weeks quiet". Unknown facts
// say so, so a wrong reading is as easy to spot as a missing one.
func DescribeFacts(f Facts) string {
	var parts []string
	who := f.Prospect
	switch {
	case who != "" && f.Company != "":
		who += " (" + f.Company + ")"
	case who == "" && f.Company != "":
		who = f.Company + " (no name)"
	case who == "":
		who = "no name"
	}
	parts = append(parts, who)
	if f.Channel != "" {
		parts = append(parts, f.Channel)
	} else {
		parts = append(parts, "channel not said")
	}
	switch {
	case f.FollowUps == 0:
		parts = append(parts, "no follow-ups yet")
	case f.FollowUps > 0:
		parts = append(parts, fmt.Sprintf("%d unanswered", f.FollowUps))
	default:
		parts = append(parts, "follow-ups not said")
	}
	if f.DaysSilent >= 0 {
		parts = append(parts, describeDays(f.DaysSilent)+" quiet")
	} else {
		parts = append(parts, "quiet for ? (not said)")
	}
	for _, d := range f.Dates {
		if d.When.IsZero() || d.Kind == DateEvent {
			continue
		}
		parts = append(parts, strings.ReplaceAll(d.Kind, "_", " ")+" "+d.When.Format("Jan 2006"))
	}
	return strings.Join(parts, " · ")
}

// describeDays says a span the way people do: "5 days", "3 weeks", "2 months".
func describeDays(n int) string {
	switch {
	case n == 1:
		return "1 day"
	case n < 14:
		return fmt.Sprintf("%d days", n)
	case n < 60:
		return fmt.Sprintf("%d weeks", (n+3)/7)
	case n < 730:
		return fmt.Sprintf("%d months", (n+15)/30)
	}
	return fmt.Sprintf("%d years", (n+180)/365)
}

// Correction is what the owner says the coach read wrong. Nil fields keep
// what was read.
type Correction struct {
	Prospect   *string
	Company    *string
	Channel    *string
	FollowUps  *int
	DaysSilent *int
}

// Empty reports whether the correction changes nothing.
func (c Correction) Empty() bool {
	return c.Prospect == nil && c.Company == nil && c.Channel == nil && c.FollowUps == nil && c.DaysSilent == nil
}

// ErrBadFix explains a correction that could not be read. Its message is
// safe to show.
var ErrBadFix = errors.New("I couldn't read that correction")

// FixHelp lists the corrections the terminal and the DM thread understand.
const FixHelp = `fix name Marcus · fix company Brightline Health · fix touches 2 · fix days 21 · fix channel email (or linkedin, phone, text) · "fix name -" clears one`

// ParseFix reads a typed correction: "name Marcus", "company Acme Corp",
// "touches 2", "days 21", "channel email". A "-" or "none" clears a fact.
func ParseFix(s string) (Correction, error) {
	field, value, _ := strings.Cut(strings.TrimSpace(s), " ")
	value = strings.TrimSpace(value)
	clear := value == "-" || strings.EqualFold(value, "none") || strings.EqualFold(value, "unknown")
	var c Correction
	switch strings.ToLower(strings.TrimSuffix(field, ":")) {
	case "name", "prospect", "who":
		if value == "" {
			return c, fmt.Errorf("%w: say the name, like \"fix name Marcus\"", ErrBadFix)
		}
		v := value
		if clear {
			v = ""
		}
		c.Prospect = &v
	case "company", "account", "org":
		if value == "" {
			return c, fmt.Errorf("%w: say the company, like \"fix company Brightline Health\"", ErrBadFix)
		}
		v := value
		if clear {
			v = ""
		}
		c.Company = &v
	case "channel", "via", "by":
		v, err := ParseChannel(value)
		if err != nil && !clear {
			return c, err
		}
		c.Channel = &v
	case "touches", "touch", "follow-ups", "followups", "follow", "sent", "unanswered":
		n, err := fixNumber(value, clear, "touches", 99)
		if err != nil {
			return c, err
		}
		c.FollowUps = &n
	case "days", "silent", "quiet", "since":
		n, err := fixNumber(value, clear, "days", 3650)
		if err != nil {
			return c, err
		}
		c.DaysSilent = &n
	default:
		return c, fmt.Errorf("%w: I can fix name, company, touches, days or channel (%s)", ErrBadFix, FixHelp)
	}
	return c, nil
}

func fixNumber(v string, clear bool, what string, most int) (int, error) {
	if clear {
		return -1, nil
	}
	v = strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(v), " days"), " touches")
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 || n > most {
		return 0, fmt.Errorf("%w: %s wants a number from 0 to %d, like \"fix %s 2\"", ErrBadFix, what, most, what)
	}
	return n, nil
}

// ParseChannel reads a channel as people name it: email, LinkedIn, phone
// (calls, voicemail), text (SMS, WhatsApp).
func ParseChannel(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "email", "e-mail", "mail":
		return "email", nil
	case "linkedin", "li", "inmail":
		return "linkedin", nil
	case "phone", "call", "calls", "voicemail", "vm":
		return "phone", nil
	case "text", "sms", "whatsapp", "texts", "imessage":
		return "text", nil
	}
	return "", fmt.Errorf("%w: the channel is email, linkedin, phone or text", ErrBadFix)
}

// fixedSource marks a fact the owner corrected.
const fixedSource = "corrected by you"

// Correct applies the owner's correction: the facts change, the diagnosis
// and the cadence follow, and a draft already written is written again with
// the corrected facts, so a wrong greeting is fixed where it shows.
func Correct(d Deal, c Correction, now time.Time) (Deal, []Effect, error) {
	if c.Empty() {
		return d, nil, fmt.Errorf("%w: nothing to change", ErrBadFix)
	}
	f := d.Facts
	if c.Prospect != nil {
		f.Prospect, f.Sources.Prospect = strings.TrimSpace(*c.Prospect), fixedSource
	}
	if c.Company != nil {
		f.Company, f.Sources.Company = strings.TrimSpace(*c.Company), fixedSource
	}
	if c.Channel != nil {
		f.Channel, f.Sources.Channel = *c.Channel, fixedSource
	}
	if c.FollowUps != nil {
		f.FollowUps, f.Sources.FollowUps = *c.FollowUps, fixedSource
	}
	if c.DaysSilent != nil {
		f.DaysSilent, f.Sources.DaysSilent = *c.DaysSilent, fixedSource
	}
	d.Facts = f
	d.Diagnosis = d.diagnose()
	d.UpdatedAt = now
	fx := []Effect{Say{"Thanks, fixed. I now read: " + DescribeFacts(d.Facts) + "."}}
	switch d.Stage {
	case StageDrafted, StageDrafting:
		d.Stage = StageDrafting
		style := StyleDefault
		if last, ok := d.LastDraft(); ok {
			style = last.Style
		}
		return d, append(fx, WriteDraft{d.Request(style)}), nil
	case StageAsking, StageInsight:
		if CadenceOf(d, now).Mode == ModeClosing {
			// The corrected count puts the deal past the cadence guard: no
			// more questions, only the closing note.
			fx = append(fx, Say{fmt.Sprintf("With %d unanswered follow-ups, another chase won't help. I'll write a short closing note instead.", CadenceOf(d, now).Touches)})
			d.Stage, d.Pending = StageDrafting, nil
			return d, append(fx, WriteDraft{d.Request(StyleDefault)}), nil
		}
		if d.Pending != nil {
			ask := Ask{Question: *d.Pending}
			if d.Stage == StageAsking {
				ask.N, ask.Of = len(d.Asked), plannedQuestions(d.Diagnosis, len(d.Asked))
			}
			fx = append(fx, ask)
		}
	}
	return d, fx, nil
}

// CorrectChange is the Change that applies a correction at now, for the
// store's update path.
func CorrectChange(c Correction, now time.Time) Change {
	return func(d *Deal) ([]Effect, error) {
		next, fx, err := Correct(*d, c, now)
		if err != nil {
			return nil, err
		}
		*d = next
		return fx, nil
	}
}
