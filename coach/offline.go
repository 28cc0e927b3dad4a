package coach

import (
	"context"
	"hash/fnv"
	"strings"
)

// OfflineDrafter composes REAL-style messages without any model: real
// feelings, real intentions, the door left open, one ask at most, shaped by
// the leading reason and the owner's answers. It is deterministic for a given
// request, and varies its phrasing with the deal and DraftRequest.Variant so
// that "Regenerate" gives a different take.
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
	c := composer{req: req, seed: seedOf(req)}
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

type composer struct {
	req  DraftRequest
	seed uint32
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

// insight is the new thing to tell them: the gate's answer, or else the
// newest note the owner added after a draft.
func (c composer) insight() string {
	if in := strings.TrimSpace(c.req.Insight); in != "" {
		return in
	}
	for i := len(c.req.Answers) - 1; i >= 0; i-- {
		if a := c.req.Answers[i]; a.QuestionID == NoteQuestionID {
			return strings.TrimSpace(a.Text)
		}
	}
	return ""
}

func (c composer) feeling() string {
	switch c.req.Mode {
	case ModeLast:
		return c.pick(2,
			"To be honest, your silence has left me unsure how to read where you are.",
			"Honestly, your silence has me a little confused, because you seemed keen when you and I last spoke.",
			"I enjoyed talking with you, so I've been wondering what changed on your side.")
	case ModeClosing:
		return c.pick(2,
			"I've enjoyed getting to know you, and I'm sorry the timing hasn't worked out for you.",
			"Honestly, I'm a little sad this didn't come together for you, because your plans sounded exciting.",
			"To be straight with you: I'm sorry this hasn't worked out for you so far.")
	}
	return c.pick(2,
		"To be honest, I've been wondering how things landed for you after you and I last spoke.",
		"I enjoyed talking with you, and I've been curious where things stand on your side since.",
		"Honestly, I came away excited by your plans, so I'm curious how it looks from your side now.")
}

// middle speaks to the leading reason. It returns "" when there is nothing
// specific to say.
func (c composer) middle() string {
	co := c.company()
	forCo := ""
	if co != "" {
		forCo = " and for " + co
	}
	if in := c.insight(); in != "" {
		in = strings.TrimRight(in, ".!? ")
		return c.pick(3, "One thing I haven't shared yet, and thought you'd want to know: ", "Something new came up that seemed worth passing on: ") + in + "."
	}
	switch c.req.Diagnosis.Top().ID {
	case Value:
		return "Looking back, you may not have seen clearly enough what this would change for you" + forCo + ", and that's on me."
	case Interest:
		return "It's possible this isn't really your call, or simply not a priority for you right now, and that's completely fine."
	case Insights:
		return "You may not have heard much from me that you didn't already know, and your time deserves better than that."
	case Tactics:
		return "If my earlier follow-ups felt like too much for you, I'm sorry; you deserve better than that."
	case Priorities:
		return "I imagine you have bigger things on your plate right now, and this can rightly wait."
	case Timing:
		for _, kd := range c.req.Facts.Dates {
			if kd.Kind == DateContractEnd && !kd.When.IsZero() {
				return "I know you're committed elsewhere until around " + kd.When.Format("January 2006") + ", and I respect that."
			}
		}
		return "I know the timing may simply not be right for you, and I respect that."
	case StatusQuo:
		return "I also understand that changing how things work today is real effort, and what you have may be working well enough."
	}
	return ""
}

func (c composer) intention() string {
	switch c.req.Mode {
	case ModeClosing:
		return c.pick(4,
			"What I want is for you to get this right, whoever you end up working with.",
			"My hope is that you remember me as someone who was useful to you, not someone who kept chasing you.")
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
	}
	if c.req.Style == StyleDirect {
		return "Is this still worth pursuing for you, yes or no?"
	}
	switch c.req.Diagnosis.Top().ID {
	case Timing:
		return "When would it make sense to talk again?"
	case Interest:
		return "Is there someone else who owns this that I should talk to instead?"
	case Priorities:
		return "Would it help if I came back once things calm down?"
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
	switch c.req.Style {
	case StyleShorter:
		// Feelings, the ask and the door: the REAL core in three lines.
		add(feeling)
		if c.insight() != "" {
			add(middle)
		}
		add(ask)
		add(door)
	case StyleDirect:
		add(ask)
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
	}
	if c.insight() != "" {
		if co := c.company(); co != "" {
			return "Something new for " + co
		}
		return "Something new worth a minute"
	}
	return c.pick(8, "Where this stands", "An honest note")
}
