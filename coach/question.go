package coach

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Question is a clarifying question tied to one reason. Quick-reply Options
// are offered where natural; free text is always accepted, mapped to an
// option when it says one (MapAnswer), or kept as a note.
type Question struct {
	ID      string   `json:"id"`
	Reason  ReasonID `json:"reason"`
	Text    string   `json:"text"`
	Options []Option `json:"options,omitempty"`
}

// Option is a quick reply to a question. Shift moves the diagnosis when the
// option is chosen: positive for reasons it supports, negative for reasons it
// rules out.
type Option struct {
	Label string               `json:"label"`
	Value string               `json:"value"`
	Shift map[ReasonID]float64 `json:"shift,omitempty"`
}

type shift = map[ReasonID]float64

func yesNo(yes, no shift) []Option {
	return []Option{{Label: "Yes", Value: "yes", Shift: yes}, {Label: "No", Value: "no", Shift: no}, {Label: "Not sure", Value: "unsure"}}
}

// bank holds the clarifying questions, several per reason, in the order they
// are worth asking. IDs are stored with answers: never reuse one.
var bank = []Question{
	{ID: "value-outcome", Reason: Value, Text: "When you last spoke, did they say in their own words what outcome this would get them?",
		Options: yesNo(shift{Value: -0.6}, shift{Value: 0.9})},
	{ID: "value-personal", Reason: Value, Text: "What would this person personally gain if it worked: recognition, a target hit, less grind? Do you know?",
		Options: []Option{{Label: "I know", Value: "known", Shift: shift{Value: -0.3}}, {Label: "No idea", Value: "unknown", Shift: shift{Value: 0.7, Interest: 0.2}}}},
	{ID: "value-org", Reason: Value, Text: "Why would their company put this ahead of everything else this quarter? Is there a reason you could say in one line?",
		Options: []Option{{Label: "Yes, there is", Value: "yes", Shift: shift{Value: -0.3}}, {Label: "Not really", Value: "no", Shift: shift{Value: 0.7, Priorities: 0.2}}}},

	{ID: "interest-owner", Reason: Interest, Text: "Is the person who went quiet the one who decides, or would someone else sign off?",
		Options: []Option{{Label: "They decide", Value: "decider", Shift: shift{Interest: -0.5}}, {Label: "Someone else", Value: "other", Shift: shift{Interest: 1.0}}, {Label: "Not sure", Value: "unsure", Shift: shift{Interest: 0.4}}}},
	{ID: "interest-access", Reason: Interest, Text: "Have you met the person who signs off, or does everything go through your contact?",
		Options: []Option{{Label: "I've met them", Value: "met", Shift: shift{Interest: -0.3}}, {Label: "Only my contact", Value: "contact", Shift: shift{Interest: 0.6}}}},
	{ID: "interest-asked", Reason: Interest, Text: "Did they ever ask for this conversation or a next step themselves, or did every step come from you?",
		Options: []Option{{Label: "They asked", Value: "they", Shift: shift{Interest: -0.6}}, {Label: "All from me", Value: "me", Shift: shift{Interest: 0.9, Tactics: 0.2}}}},
	{ID: "interest-them", Reason: Interest, Text: "What did they talk about most when you met: their own goals and problems, or your product?",
		Options: []Option{{Label: "Their goals", Value: "them", Shift: shift{Interest: -0.4}}, {Label: "Our product", Value: "product", Shift: shift{Interest: 0.6, Value: 0.3}}}},

	{ID: "insights-new", Reason: Insights, Text: "Since your last real conversation, have you told them anything they could not have found out without you?",
		Options: yesNo(shift{Insights: -0.6}, shift{Insights: 1.0})},
	{ID: "insights-same", Reason: Insights, Text: "Were your follow-ups new information, or versions of the same pitch?",
		Options: []Option{{Label: "New each time", Value: "new", Shift: shift{Insights: -0.5}}, {Label: "Same pitch", Value: "same", Shift: shift{Insights: 0.9, Tactics: 0.3}}}},

	{ID: "tactics-count", Reason: Tactics, Text: "How many times have you followed up since they last answered, and how far apart?",
		Options: []Option{{Label: "Once or twice", Value: "few", Shift: shift{Tactics: -0.4}}, {Label: "3 or 4", Value: "several", Shift: shift{Tactics: 0.6}}, {Label: "5 or more", Value: "many", Shift: shift{Tactics: 1.1}}}},
	{ID: "tactics-spacing", Reason: Tactics, Text: "How far apart were your follow-ups since they last answered?",
		Options: []Option{{Label: "A week or more", Value: "spread", Shift: shift{Tactics: -0.3}}, {Label: "A few days or less", Value: "close", Shift: shift{Tactics: 0.8}}}},
	{ID: "tactics-tone", Reason: Tactics, Text: "Did any follow-up push: a deadline, a discount that expires, a \"just bumping this\"?",
		Options: yesNo(shift{Tactics: 1.0}, shift{Tactics: -0.5})},

	{ID: "priorities-news", Reason: Priorities, Text: "Has anything big happened on their side lately: a reorg, an acquisition, an audit, a launch, layoffs?",
		Options: yesNo(shift{Priorities: 1.1}, shift{Priorities: -0.5})},
	{ID: "priorities-settle", Reason: Priorities, Text: "Do you know roughly when what's keeping them busy should settle?",
		Options: []Option{{Label: "Roughly, yes", Value: "known", Shift: shift{Priorities: 0.2}}, {Label: "No idea", Value: "unknown", Shift: shift{Priorities: 0.1}}}},
	{ID: "priorities-rank", Reason: Priorities, Text: "Where do you think this sits on their list right now: top three, or somewhere below?",
		Options: []Option{{Label: "Top three", Value: "top", Shift: shift{Priorities: -0.5}}, {Label: "Below", Value: "below", Shift: shift{Priorities: 0.9}}, {Label: "No idea", Value: "unknown", Shift: shift{Priorities: 0.2}}}},

	{ID: "timing-contract", Reason: Timing, Text: "Are they tied to a contract, renewal or budget date that stops them acting now? If so, when does it end?",
		Options: yesNo(shift{Timing: 1.1}, shift{Timing: -0.6})},
	{ID: "timing-notice", Reason: Timing, Text: "Do you know when they would start looking at options before their contract renews: a notice date, a review, an RFP?",
		Options: []Option{{Label: "I know when", Value: "known", Shift: shift{Timing: 0.3}}, {Label: "No idea", Value: "unknown", Shift: shift{Timing: 0.2}}}},
	{ID: "timing-budget-set", Reason: Timing, Text: "Is next year's budget set before then, so this would need to be in it?",
		Options: yesNo(shift{Timing: 0.3}, shift{Timing: 0.2})},
	{ID: "timing-date", Reason: Timing, Text: "Do you know when that changes for them: a contract end, a renewal, a new budget year?",
		Options: []Option{{Label: "I know when", Value: "known", Shift: shift{Timing: 0.3}}, {Label: "No idea", Value: "unknown", Shift: shift{Timing: 0.1}}}},
	{ID: "timing-when", Reason: Timing, Text: "Did they ever say when they'd want this solved: this quarter, next year, \"someday\"?",
		Options: []Option{{Label: "Soon", Value: "soon", Shift: shift{Timing: -0.5}}, {Label: "Later", Value: "later", Shift: shift{Timing: 0.9}}, {Label: "Never said", Value: "unknown", Shift: shift{Timing: 0.2, Value: 0.2}}}},

	{ID: "status_quo-today", Reason: StatusQuo, Text: "What do they use today instead, and did they say it works well enough?",
		Options: []Option{{Label: "It works for them", Value: "fine", Shift: shift{StatusQuo: 1.0}}, {Label: "It hurts", Value: "pain", Shift: shift{StatusQuo: -0.5, Value: 0.2}}}},
	{ID: "status_quo-switch", Reason: StatusQuo, Text: "Would switching to you mean real work for them: a migration, retraining, a contract to unwind?",
		Options: yesNo(shift{StatusQuo: 0.9}, shift{StatusQuo: -0.5})},
}

// followOnOnly lists the questions asked only in place of a question the
// story already answered, never on their own.
var followOnOnly = map[string]bool{
	"interest-access": true, "tactics-spacing": true, "priorities-settle": true,
	"timing-notice": true, "timing-budget-set": true, "timing-date": true,
}

// insightQuestion is the new-insight gate: every re-engagement needs
// something new or something easier, so before the draft the coach asks for
// one thing the prospect has not heard yet. "Nothing new yet" is a fine
// answer: the draft then makes the next step easier instead.
var insightQuestion = Question{
	ID:     "insight",
	Reason: Insights,
	Text:   "Before I draft: what is one thing they have not heard from you yet? A fact about their market, a trigger you noticed, a result from a similar customer, an idea for their problem. If there's nothing new yet, say so and I'll make the next step easier for them instead.",
	Options: []Option{
		{Label: "Nothing new yet", Value: NoInsight},
	},
}

// NoInsight is the insight gate's option (and the recorded answer) for "the
// rep has nothing new to share".
const NoInsight = "none"

// questionIndex maps question ids to questions, for replaying answers.
var questionIndex = func() map[string]Question {
	m := make(map[string]Question, len(bank)+1)
	for _, q := range bank {
		m[q.ID] = q
	}
	m[insightQuestion.ID] = insightQuestion
	return m
}()

// QuestionByID finds a question of the bank (or the insight question).
func QuestionByID(id string) (Question, bool) {
	q, ok := questionIndex[id]
	return q, ok
}

// Bank returns every clarifying question, for documentation and tests.
func Bank() []Question { return append([]Question(nil), bank...) }

// candidates is how many of the leading reasons the questions try to split.
const candidates = 3

// strongCue is the weight from which a story cue counts as the story saying
// so outright ("they're in the middle of a reorg"): the question about it is
// not asked again.
const strongCue = 1.4

// NextQuestion picks the question that best splits the leading reasons of
// d.Diagnosis: among the top three, the reason asked about least so far (the
// higher-ranked one on a tie), and its first question neither asked yet
// (d.Asked) nor already answered by the story. Where the story answered a
// question (a known contract end, budget date, touch count, who decides),
// the follow-on is asked instead ("is next year's budget set before
// then?"). It reports false when the diagnosis is settled or the budget of
// questions is spent.
func NextQuestion(d Deal) (Question, bool) {
	if len(d.Asked) >= MaxQuestions {
		return Question{}, false
	}
	if len(d.Asked) >= MinQuestions && d.Diagnosis.Margin() >= 0.25 {
		return Question{}, false
	}
	done := make(map[string]bool, len(d.Asked))
	perReason := map[ReasonID]int{}
	for _, id := range d.Asked {
		done[id] = true
		if q, ok := questionIndex[id]; ok {
			perReason[q.Reason]++
		}
	}
	top := d.Diagnosis.Reasons
	if len(top) > candidates {
		top = top[:candidates]
	}
	order := make([]Score, len(top))
	copy(order, top)
	sort.SliceStable(order, func(a, b int) bool { return perReason[order[a].ID] < perReason[order[b].ID] })
	var known map[string]storyAnswer
	for _, s := range order {
		for _, q := range bank {
			if q.Reason != s.ID || done[q.ID] || followOnOnly[q.ID] {
				continue
			}
			if known == nil {
				known = storyAnswers(d)
			}
			k, ok := known[q.ID]
			if !ok {
				return q, true
			}
			if k.followOn != "" && !done[k.followOn] {
				fo := questionIndex[k.followOn]
				if k.lead != "" {
					fo.Text = k.lead + " " + fo.Text
				}
				return fo, true
			}
		}
	}
	return Question{}, false
}

// storyAnswer is what the story already says in answer to a question, and
// the question to ask in its place (with a line that says what was read).
type storyAnswer struct {
	option   string
	followOn string
	lead     string
}

// storyAnswers works out which questions the story (and the facts read from
// it) already answers.
func storyAnswers(d Deal) map[string]storyAnswer {
	known := map[string]storyAnswer{}
	f := d.Facts
	if f.FollowUps >= 0 {
		a := storyAnswer{option: countOption("tactics-count", f.FollowUps)}
		if f.FollowUps >= 2 {
			a.followOn = "tactics-spacing"
			a.lead = fmt.Sprintf("You've sent %d follow-ups since they last answered.", f.FollowUps)
		}
		known["tactics-count"] = a
	}
	sig := signalsOf(d.Story, d.Facts)
	strong := sig.strength
	for _, kd := range f.Dates {
		switch kd.Kind {
		case DateContractEnd:
			a := storyAnswer{option: "yes", followOn: "timing-notice", lead: "You mentioned their contract (“" + clip(kd.Text, 60) + "”)."}
			if !kd.When.IsZero() {
				a.lead = "Their contract runs to about " + kd.When.Format("January 2006") + "."
			}
			known["timing-contract"] = a
		case DateBudget:
			if _, ok := known["timing-contract"]; ok {
				continue
			}
			a := storyAnswer{option: "yes", followOn: "timing-budget-set", lead: "You mentioned their budget (“" + clip(kd.Text, 60) + "”)."}
			if !kd.When.IsZero() {
				a.lead = "Their budget opens around " + kd.When.Format("January 2006") + "."
			}
			known["timing-contract"] = a
		}
		if !kd.When.IsZero() && (kd.Kind == DateContractEnd || kd.Kind == DateBudget) {
			known["timing-when"] = storyAnswer{option: "later"}
		}
	}
	if _, ok := known["timing-contract"]; !ok && strong[reasonIndex(Timing)].weight >= strongCue {
		known["timing-contract"] = storyAnswer{option: "yes", followOn: "timing-date", lead: "You said “" + strong[reasonIndex(Timing)].quote + "”."}
	}
	if s := strong[reasonIndex(Priorities)]; s.weight >= strongCue {
		known["priorities-news"] = storyAnswer{option: "yes", followOn: "priorities-settle", lead: "You said “" + s.quote + "”."}
	}
	if strong[reasonIndex(Tactics)].weight >= strongCue {
		known["tactics-tone"] = storyAnswer{option: "yes"}
	}
	if strong[reasonIndex(Insights)].weight >= strongCue {
		known["insights-same"] = storyAnswer{option: "same"}
	}
	if strong[reasonIndex(StatusQuo)].weight >= strongCue {
		known["status_quo-today"] = storyAnswer{option: "fine"}
	}
	// Who decides, and whether they stated an outcome: the answer phrases
	// read the story as they would read a typed answer.
	for _, id := range storyQuestions {
		if opt, ok := sig.options[id]; ok {
			a := storyAnswer{option: opt}
			if id == "interest-owner" && opt == "other" {
				a.followOn = "interest-access"
				if name := firstName(f.Prospect); name != "" {
					a.lead = "You said someone other than " + name + " signs off."
				} else {
					a.lead = "You said someone else signs off."
				}
			}
			known[id] = a
		}
	}
	return known
}

// strength is the strongest cue the story holds for one reason.
type strength struct {
	weight float64
	quote  string
}

// storyQuestions are the questions whose answer phrases are read in the
// story itself, as they would be in a typed answer.
var storyQuestions = []string{"interest-owner", "value-outcome"}

// storySignals is what a story already says, for choosing questions: the
// strongest cue it states outright per reason (not negated, not inside the
// rep's own action), and the options it already gives to some questions.
type storySignals struct {
	strength [7]strength
	options  map[string]string
}

// readSignals works out a story's signals from its reading.
func readSignals(text string, ws []word, rep []bool, ms []phraseMatch) *storySignals {
	sig := &storySignals{options: map[string]string{}}
	for _, m := range ms {
		c := m.cue
		if w, ok := matchWeight(ws, m); c.weight <= 0 || rep[m.from] && !c.repOK || !ok || w < 0 {
			continue
		}
		i := reasonIndex(ReasonID(c.group))
		if i < len(sig.strength) && c.weight > sig.strength[i].weight {
			sig.strength[i] = strength{c.weight, clip(clauseAround(text, ws[m.from].start, ws[m.to-1].end-ws[m.from].start), 80)}
		}
	}
	for _, id := range storyQuestions {
		if opt, ok := phraseOptionWords(id, ws); ok {
			sig.options[id] = opt
		}
	}
	return sig
}

// signalMemo remembers the signals of recent stories: Diagnose reads a
// story once and NextQuestion, right after, needs the same reading. It is a
// cache of a pure function, so a miss only costs a second reading.
var signalMemo = struct {
	sync.Mutex
	m map[string]*storySignals
}{m: map[string]*storySignals{}}

// signalMemoSize bounds the memo; it is emptied when full.
const signalMemoSize = 256

func rememberSignals(story string, sig *storySignals) {
	signalMemo.Lock()
	defer signalMemo.Unlock()
	if len(signalMemo.m) >= signalMemoSize {
		clear(signalMemo.m)
	}
	signalMemo.m[story] = sig
}

// signalsOf returns the signals of a story, reading it if need be.
func signalsOf(story string, facts Facts) *storySignals {
	signalMemo.Lock()
	sig, ok := signalMemo.m[story]
	signalMemo.Unlock()
	if ok {
		return sig
	}
	r := readStory(story, facts)
	sig = readSignals(r.text, r.ws, r.rep, r.ms)
	rememberSignals(story, sig)
	return sig
}

// countOption picks the option of a counted question whose range holds n.
func countOption(qid string, n int) string {
	q := questionIndex[qid]
	for _, o := range q.Options {
		if r, ok := lex.counts[qid+" "+o.Value]; ok && r[0] <= n && n <= r[1] {
			return o.Value
		}
	}
	return ""
}

// MapAnswer reads a typed answer as one of the question's options, the way
// a person would: the option's label or value; for a counted question, the
// first number ("3, all by email"); a phrase that names an option anywhere
// in the answer ("honestly, her VP signs anything over 50k" → someone else
// decides); else a plain yes, no or not sure in any position. It reports
// false when the answer names no option: the caller keeps it as a note.
func MapAnswer(q Question, text string) (string, bool) {
	t := strings.TrimSpace(text)
	if t == "" {
		return "", false
	}
	for _, o := range q.Options {
		if strings.EqualFold(t, o.Label) || strings.EqualFold(t, o.Value) {
			return o.Value, true
		}
	}
	if q.ID == insightQuestion.ID {
		if lex.isWhole("nothing", t) {
			return NoInsight, true
		}
		return "", false
	}
	ws := tokenize(apostrophes.Replace(t))
	if n, ok := firstNumber(ws); ok {
		if o := countOption(q.ID, n); o != "" {
			return o, true
		}
	}
	if o, ok := phraseOptionWords(q.ID, ws); ok {
		return o, true
	}
	if pol, ok := polarityOf(ws); ok {
		if _, has := q.option(pol); has {
			return pol, true
		}
		if o, ok := lex.polarity[q.ID+" "+pol]; ok {
			return o, true
		}
	}
	return "", false
}

// phraseOptionWords scores each option of qid by the weight of its phrases
// found in ws (negated phrases do not count) and returns the clear winner.
func phraseOptionWords(qid string, ws []word) (string, bool) {
	ps := lex.answers[qid]
	if ps == nil || len(ws) == 0 {
		return "", false
	}
	score := map[string]float64{}
	for _, m := range dropCovered(ps.find(ws)) {
		if !m.negative && negated(ws, m.from, m.to) {
			continue
		}
		_, opt, _ := strings.Cut(m.cue.group, " ")
		score[opt] += m.cue.weight
	}
	best, tie := "", false
	for _, o := range questionIndex[qid].Options {
		w := score[o.Value]
		switch {
		case w <= 0:
		case best == "" || w > score[best]:
			best, tie = o.Value, false
		case w == score[best]:
			tie = true
		}
	}
	if best == "" || tie {
		return "", false
	}
	return best, true
}

// dropCovered keeps, of matches that overlap, the longest, whatever their
// group: "no idea" is not sure, not no; "not the decision maker" is not "the
// decision maker".
func dropCovered(ms []phraseMatch) []phraseMatch {
	if len(ms) < 2 {
		return ms
	}
	out := make([]phraseMatch, 0, len(ms))
	for i, m := range ms {
		covered := false
		for j, k := range ms {
			if i != j && k.from <= m.from && m.to <= k.to && (k.to-k.from > m.to-m.from || j < i && k.to-k.from == m.to-m.from) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, m)
		}
	}
	return out
}

// polarityOf finds the first plain yes, no or not sure in the words.
func polarityOf(ws []word) (string, bool) {
	ms := dropCovered(lex.generic.find(ws))
	if len(ms) == 0 {
		return "", false
	}
	first := ms[0]
	for _, m := range ms[1:] {
		if m.from < first.from {
			first = m
		}
	}
	return first.cue.group, true
}

var countWords = map[string]int{
	"zero": 0, "none": 0, "one": 1, "once": 1, "two": 2, "twice": 2, "three": 3, "thrice": 3,
	"four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "dozen": 12,
}

// firstNumber returns the first count in the words: "3", "3x", "three", "twice".
func firstNumber(ws []word) (int, bool) {
	for _, w := range ws {
		if w.brk != brkNone {
			continue
		}
		t := strings.TrimSuffix(w.text, "x")
		if n, err := strconv.Atoi(t); err == nil && n >= 0 && n < 1000 {
			return n, true
		}
		if n, ok := countWords[w.text]; ok {
			return n, true
		}
	}
	return 0, false
}

// plannedQuestions estimates how many questions the conversation will take,
// so the UI can say "2 of 3". It never promises fewer than already asked.
func plannedQuestions(d Diagnosis, asked int) int {
	n := MaxQuestions
	switch m := d.Margin(); {
	case m >= 0.35:
		n = MinQuestions
	case m >= 0.15:
		n = 3
	}
	return max(n, asked)
}
