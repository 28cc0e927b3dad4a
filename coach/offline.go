package coach

import (
	"context"
	"hash/fnv"
	"strings"
	"unicode"
)

// OfflineDrafter composes REAL-style messages without any model: real
// feelings, real intentions, the door left open, one ask at most, shaped by
// the leading reason, the mode and the owner's answers. It is deterministic
// for a given request, and varies its phrasing with the deal and
// DraftRequest.Variant so that "Regenerate" gives a different take.
//
// It never pastes the owner's words into the prospect's message: an answer
// counts through its meaning (the quick reply it maps to), and a real insight
// typed in free text goes into a visible slot, "[your insight: …]", for the
// owner to rewrite before sending (see UnfinishedSlot).
type OfflineDrafter struct{}

// OfflineModel is the Model name of offline drafts.
const OfflineModel = "offline"

// Offline reports true: users see these drafts labeled as offline.
func (OfflineDrafter) Offline() bool { return true }

// Draft composes the message.
func (OfflineDrafter) Draft(ctx context.Context, req DraftRequest, onPartial func(string)) (DraftResult, error) {
	if err := ctx.Err(); err != nil {
		return DraftResult{}, err
	}
	c := composer{req: req, seed: seedOf(req), contact: PastContact(req.Facts, req.Story)}
	text := c.compose()
	if onPartial != nil {
		onPartial(text)
	}
	res := DraftResult{Text: text, Model: OfflineModel}
	if req.Facts.Channel == "email" || req.Facts.Channel == "" {
		res.Subject = c.subject()
	}
	return res, nil
}

// slotOpen starts the visible slot where the owner's own insight goes.
const slotOpen = "[your insight: "

// UnfinishedSlotNote is the note a draft card shows when the draft still has
// a slot for the owner to finish.
const UnfinishedSlotNote = "Finish the [your insight: …] part in your own words, for them, before you send: it holds your note, not a sentence they should read."

// UnfinishedSlot reports whether a draft still has the owner's insight slot
// in it, so a UI can show UnfinishedSlotNote beside it.
func UnfinishedSlot(text string) bool { return strings.Contains(text, slotOpen) }

// maxSlot bounds the note shown inside a slot.
const maxSlot = 160

// nonAnswers are replies that carry no insight, whatever the question.
var nonAnswers = map[string]bool{
	"no": true, "nope": true, "nah": true, "none": true, "nothing": true, "nothing new": true, "nothing really": true,
	"not really": true, "not sure": true, "unsure": true, "dunno": true, "idk": true, "i don't know": true, "i dont know": true,
	"no idea": true, "n/a": true, "na": true, "not that i know": true, "not that i know of": true, "nothing yet": true,
	"not yet": true, "yes": true, "yeah": true, "yep": true, "ok": true, "okay": true, "sure": true, "maybe": true,
	"edit": true, "fix": true, "redo": true, "again": true, "shorter": true, "warmer": true, "more direct": true,
	"regenerate": true, "help": true, "hello": true, "hi": true, "thanks": true, "thank you": true, "cool": true,
	"great": true, "skip": true, "draft": true, "draft it": true, "nothing new really": true, "nothing comes to mind": true,
	"can't think of anything": true, "cant think of anything": true, "no new info": true, "nothing to add": true,
}

// IsInsight reports whether free text an owner typed could be an insight
// worth building a message on: not a refusal ("no", "nothing new"), not a
// command ("edit") and not a word or two of filler.
func IsInsight(text string) bool {
	t := strings.ToLower(strings.TrimSpace(apostrophes.Replace(text)))
	t = strings.TrimFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if t == "" || nonAnswers[t] {
		return false
	}
	words := strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
	if len(words) < 3 {
		return false
	}
	return !nonAnswers[strings.Join(words, " ")]
}

type composer struct {
	req     DraftRequest
	seed    uint32
	contact bool // the story shows they have spoken before
}

func seedOf(req DraftRequest) uint32 {
	h := fnv.New32a()
	h.Write([]byte(req.Story))
	return h.Sum32() + uint32(req.Variant)*7919
}

// pick chooses one of the alternatives, differently for each slot so the
// choices do not move in lockstep.
func (c composer) pick(slot uint32, alts ...string) string {
	return alts[(c.seed/(slot*3+1)+slot)%uint32(len(alts))]
}

func (c composer) greeting() string {
	if p := firstName(c.req.Facts.Prospect); p != "" {
		return c.pick(1, "Hi ", "Hello ", "Hi ") + p + ","
	}
	return c.pick(1, "Hi,", "Hello,", "Hi there,")
}

func firstName(p string) string {
	f, _, _ := strings.Cut(strings.TrimSpace(p), " ")
	if f == "" || strings.ContainsAny(f, "<>{}[]@") || len(f) > 30 {
		return ""
	}
	return f
}

func (c composer) company() string {
	if co := strings.TrimSpace(c.req.Facts.Company); co != "" && len(co) <= 60 && !strings.ContainsAny(co, "<>{}[]") {
		return co
	}
	return ""
}

// insight is the owner's new thing to tell them, as typed: the gate's
// answer, or else the newest note added after a draft. Refusals and
// commands are not insights.
func (c composer) insight() string {
	if in := strings.TrimSpace(c.req.Insight); IsInsight(in) {
		return in
	}
	for i := len(c.req.Answers) - 1; i >= 0; i-- {
		if a := c.req.Answers[i]; a.QuestionID == NoteQuestionID && IsInsight(a.Text) {
			return strings.TrimSpace(a.Text)
		}
	}
	return ""
}

// slot renders the owner's insight as a visible placeholder to rewrite.
func (c composer) slot() string {
	in := strings.Join(strings.Fields(c.insight()), " ")
	in = strings.NewReplacer("[", "(", "]", ")").Replace(in)
	if len(in) > maxSlot {
		cut := strings.LastIndexByte(in[:maxSlot], ' ')
		if cut <= 0 {
			cut = maxSlot
		}
		in = strings.TrimSpace(in[:cut]) + "…"
	}
	return slotOpen + in + "]"
}

// answered reports whether the owner chose option value for question id.
func (c composer) answered(id, value string) bool {
	for _, a := range c.req.Answers {
		if a.QuestionID == id && a.Option == value {
			return true
		}
	}
	return false
}

func (c composer) feeling() string {
	if !c.contact {
		// No feelings that assume a relationship the story does not show.
		switch c.req.Mode {
		case ModeClosing, ModeLast:
			return c.pick(2,
				"I'll be honest: I'd rather not become one more unanswered email in your week.",
				"To be honest, I don't want to keep landing in your inbox uninvited.")
		}
		return c.pick(2,
			"I'll be honest: I'm not sure my earlier notes were of any use to you.",
			"To be honest, I'm not sure I've given you a reason to care yet, and that's on me.")
	}
	switch c.req.Mode {
	case ModeLast:
		return c.pick(2,
			"To be honest, your silence has left me unsure how to read where you are.",
			"Honestly, the quiet has me a little confused, because you seemed keen when we last spoke.",
			"I enjoyed talking with you, so I've been wondering what changed on your side.")
	case ModeClosing:
		return c.pick(2,
			"I've enjoyed our conversations, and I'm sorry the timing hasn't worked out for you.",
			"Honestly, I'm a little sad this didn't come together for you, because your plans sounded exciting.",
			"To be straight with you: I'm sorry this hasn't worked out for you so far.")
	case ModeNurture:
		return c.pick(2,
			"I've been thinking about what you told me when we spoke.",
			"Honestly, our conversation has stayed with me.")
	}
	return c.pick(2,
		"To be honest, I've been wondering how things landed for you after we last spoke.",
		"I enjoyed talking with you, and I've been curious where things stand on your side since.",
		"Honestly, I came away excited by your plans, so I'm curious how it looks from your side now.")
}

// middle speaks to the leading reason and the answers' meaning. It returns
// "" when there is nothing specific to say.
func (c composer) middle() string {
	co := c.company()
	forCo := ""
	if co != "" {
		forCo = " and for " + co
	}
	if c.insight() != "" {
		return c.pick(3, "One thing I haven't shared yet, and thought you'd want to know: ", "Something new came up that seemed worth passing on: ") + c.slot() + "."
	}
	top := c.req.Diagnosis.Top().ID
	if c.req.Mode == ModeNurture {
		if kd, ok := firstDate(c.req.Facts); ok && (kd.Kind == DateContractEnd || kd.Kind == DateBudget) {
			return "I know nothing can move before " + kd.When.Format("January 2006") + ", so this note asks for nothing; I'd simply like you to have a fair comparison ready when that time comes."
		}
		if top == Priorities {
			return "I imagine you have bigger things on your plate right now, so this asks for nothing."
		}
		return "This note asks for nothing: I'd simply like to be useful to you when the time is right."
	}
	switch top {
	case Value:
		return "Looking back, you may not have seen clearly enough what this would change for you" + forCo + ", and that's on me."
	case Interest:
		if c.answered("interest-owner", "other") {
			return "If this has become someone else's call, I'd be glad to help you make the case in whatever way is useful to you."
		}
		return "I'd like this to be about what you want to get done this year, not about what I'm selling."
	case Insights:
		return "You may not have heard much from me that you didn't already know, and your time deserves better than that."
	case Tactics:
		return "If my earlier follow-ups felt like too much for you, I'm sorry; you deserve better than that."
	case Priorities:
		return "I imagine you have bigger things on your plate right now, and this can rightly wait."
	case Timing:
		if kd, ok := firstDate(c.req.Facts); ok && kd.Kind == DateContractEnd {
			return "I know you're committed elsewhere until around " + kd.When.Format("January 2006") + ", and I respect that."
		}
		return "I know the timing may simply not be right for you, and I respect that."
	case StatusQuo:
		if c.answered("status_quo-today", "fine") {
			return "What you have today works well enough for you, and I respect that; changing it should only happen if it's clearly worth your while."
		}
		return "I also understand that changing how things work today is real effort, and what you have may be working well enough."
	}
	return ""
}

func firstDate(f Facts) (KeyDate, bool) {
	for _, kd := range f.Dates {
		if !kd.When.IsZero() {
			return kd, true
		}
	}
	return KeyDate{}, false
}

func (c composer) intention() string {
	switch c.req.Mode {
	case ModeClosing:
		return c.pick(4,
			"What I want is for you to get this right, whoever you end up working with.",
			"My hope is that you remember me as someone who was useful to you, not someone who kept chasing you.")
	case ModeNurture:
		return c.pick(4,
			"My hope is simply to be useful to you, whatever you decide.",
			"What I want is for you to make the right call for you when the time comes.")
	}
	return c.pick(4,
		"What I want is for you to make the right call for you, even if that means not now.",
		"My hope is simply to be useful to you, not to add to your inbox.",
		"I'd rather you give me a clear no than leave you wondering about me.")
}

func (c composer) ask() string {
	switch c.req.Mode {
	case ModeLast:
		return c.pick(5,
			"It may be that this has slipped off your radar, and that's fine: unless you tell me otherwise, I'll take it that now isn't the time for you and step back.",
			"Perhaps this is no longer a priority for you, which is fair; unless you say otherwise, I'll take that as a not-now and stop following up.")
	case ModeClosing:
		return "So you won't hear more from me on this for now."
	case ModeNurture:
		return "No need to reply."
	}
	if c.req.Style == StyleDirect {
		return "Is this still worth pursuing for you, yes or no?"
	}
	switch c.req.Diagnosis.Top().ID {
	case Timing, Priorities:
		return "Would it help if I came back once things calm down?"
	case Interest:
		return "What would make this worth a few minutes of your time?"
	}
	return c.pick(5,
		"Would a short call in the next few weeks be useful to you?",
		"Is this still on your list, or should I step back?")
}

func (c composer) door() string {
	switch c.req.Mode {
	case ModeLast:
		return "If that's wrong, you're welcome to pick this up again whenever it suits you."
	case ModeClosing:
		return c.pick(6,
			"If things change for you, the door is open, and you'd be welcome to reply any time.",
			"Whenever the time is right for you, just reply here and you'll find me glad to pick it up.")
	case ModeNurture:
		return c.pick(6,
			"Whenever the timing is right for you, I'm glad to pick this up.",
			"If anything changes on your side, my door is open.")
	}
	return c.pick(6,
		"And if the timing isn't right, no hard feelings: my door is open whenever it is.",
		"Either way, whenever it makes sense for you, I'm happy to pick this up.")
}

func (c composer) warmth() string {
	return c.pick(7,
		"I hope things are going well for you and the team.",
		"I hope the last few weeks have been kind to you.")
}

func (c composer) compose() string {
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	feeling, middle, intention, ask, door := c.feeling(), c.middle(), c.intention(), c.ask(), c.door()
	style := c.req.Style
	if c.req.Mode == ModeNurture && style == StyleDirect {
		style = StyleDefault // a note that asks nothing has no point to lead with
	}
	switch style {
	case StyleShorter:
		// Feelings, intentions, the ask and the door: the REAL core.
		add(feeling)
		if c.insight() != "" {
			add(middle)
		}
		add(intention)
		add(ask)
		add(door)
	case StyleDirect:
		add(ask)
		add(feeling)
		add(middle)
		add(intention)
		add(door)
	case StyleWarmer:
		add(c.warmth())
		add(feeling)
		add(middle)
		add(intention)
		add(ask)
		add(door)
	default:
		add(feeling)
		add(middle)
		add(intention)
		add(ask)
		add(door)
	}
	body := strings.Join(parts, " ")
	return c.greeting() + "\n\n" + body
}

func (c composer) subject() string {
	switch c.req.Mode {
	case ModeLast:
		return "Should I step back?"
	case ModeClosing:
		return "Thank you, and the door stays open"
	case ModeNurture:
		return "Nothing to answer, just staying in touch"
	}
	if c.insight() != "" {
		if co := c.company(); co != "" {
			return "Something new for " + co
		}
		return "Something new worth a minute"
	}
	return c.pick(8, "Where this stands", "An honest note")
}
