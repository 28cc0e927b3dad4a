package coach

import "sort"

// Question is a clarifying question tied to one reason. Quick-reply Options
// are offered where natural; free text is always accepted.
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
	{ID: "tactics-tone", Reason: Tactics, Text: "Did any follow-up push: a deadline, a discount that expires, a \"just bumping this\"?",
		Options: yesNo(shift{Tactics: 1.0}, shift{Tactics: -0.5})},

	{ID: "priorities-news", Reason: Priorities, Text: "Has anything big happened on their side lately: a reorg, an acquisition, an audit, a launch, layoffs?",
		Options: yesNo(shift{Priorities: 1.1}, shift{Priorities: -0.5})},
	{ID: "priorities-rank", Reason: Priorities, Text: "Where do you think this sits on their list right now: top three, or somewhere below?",
		Options: []Option{{Label: "Top three", Value: "top", Shift: shift{Priorities: -0.5}}, {Label: "Below", Value: "below", Shift: shift{Priorities: 0.9}}, {Label: "No idea", Value: "unknown", Shift: shift{Priorities: 0.2}}}},

	{ID: "timing-contract", Reason: Timing, Text: "Are they tied to a contract, renewal or budget date that stops them acting now? If so, when does it end?",
		Options: yesNo(shift{Timing: 1.1}, shift{Timing: -0.6})},
	{ID: "timing-when", Reason: Timing, Text: "Did they ever say when they'd want this solved: this quarter, next year, \"someday\"?",
		Options: []Option{{Label: "Soon", Value: "soon", Shift: shift{Timing: -0.5}}, {Label: "Later", Value: "later", Shift: shift{Timing: 0.9}}, {Label: "Never said", Value: "unknown", Shift: shift{Timing: 0.2, Value: 0.2}}}},

	{ID: "status_quo-today", Reason: StatusQuo, Text: "What do they use today instead, and did they say it works well enough?",
		Options: []Option{{Label: "It works for them", Value: "fine", Shift: shift{StatusQuo: 1.0}}, {Label: "It hurts", Value: "pain", Shift: shift{StatusQuo: -0.5, Value: 0.2}}}},
	{ID: "status_quo-switch", Reason: StatusQuo, Text: "Would switching to you mean real work for them: a migration, retraining, a contract to unwind?",
		Options: yesNo(shift{StatusQuo: 0.9}, shift{StatusQuo: -0.5})},
}

// insightQuestion is the new-insight gate: when insights or value leads, the
// draft needs one thing the prospect has not heard yet.
var insightQuestion = Question{
	ID:     "insight",
	Reason: Insights,
	Text:   "Before I draft: what is one thing they have not heard from you yet? A fact about their market, a trigger you noticed, a result from a similar customer, an idea for their problem. Say \"skip\" to draft without one.",
}

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

// NextQuestion picks the question that best splits the leading reasons: among
// the top three, the reason asked about least so far (the higher-ranked one
// on a tie), and its first question not yet asked. It reports false when the
// diagnosis is settled or the budget of questions is spent.
func NextQuestion(d Diagnosis, asked []string) (Question, bool) {
	if len(asked) >= MaxQuestions {
		return Question{}, false
	}
	if len(asked) >= MinQuestions && d.Margin() >= 0.25 {
		return Question{}, false
	}
	done := make(map[string]bool, len(asked))
	perReason := map[ReasonID]int{}
	for _, id := range asked {
		done[id] = true
		if q, ok := questionIndex[id]; ok {
			perReason[q.Reason]++
		}
	}
	top := d.Reasons
	if len(top) > candidates {
		top = top[:candidates]
	}
	order := make([]Score, len(top))
	copy(order, top)
	sort.SliceStable(order, func(a, b int) bool { return perReason[order[a].ID] < perReason[order[b].ID] })
	for _, s := range order {
		for _, q := range bank {
			if q.Reason == s.ID && !done[q.ID] {
				return q, true
			}
		}
	}
	return Question{}, false
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
