package coach

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/ghosted-bot/ghosted/coach/textmodel"
)

// Score is one reason's likelihood in a diagnosis, with the evidence it rests on.
type Score struct {
	ID       ReasonID `json:"id"`
	Score    float64  `json:"score"`
	Evidence []string `json:"evidence"`
	// Against quotes what spoke against the reason ("price was not the
	// issue"), so a low score is explained too.
	Against []string `json:"against,omitempty"`
}

// Diagnosis ranks all seven reasons, most likely first.
type Diagnosis struct {
	Reasons []Score `json:"reasons"`
}

// Top returns the leading reason.
func (d Diagnosis) Top() Score {
	if len(d.Reasons) == 0 {
		return Score{ID: Value}
	}
	return d.Reasons[0]
}

// Of returns the score of one reason.
func (d Diagnosis) Of(id ReasonID) Score {
	for _, s := range d.Reasons {
		if s.ID == id {
			return s
		}
	}
	return Score{ID: id}
}

// Margin is how far the leading reason is ahead of the second.
func (d Diagnosis) Margin() float64 {
	if len(d.Reasons) < 2 {
		return 1
	}
	return d.Reasons[0].Score - d.Reasons[1].Score
}

// Scores add up in "evidence space" and are squashed into 0..1, so many weak
// cues never beat certainty and the scores stay comparable across reasons.

// priors are the starting point before any cue: silence most often means
// the prospect does not see the value yet, so value leads a story that says
// nothing else, but any real signal for another reason outweighs it.
// Indexed like Reasons.
var priors = [7]float64{0.2, 0.08, 0.05, 0.05, 0.08, 0.05, 0.08}

// apostrophes folds typographic quotes so "didn’t" matches "didn't".
var apostrophes = quoteFolder{strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", "\"", "\u201d", "\"")}

// quoteFolder is a strings.Replacer for the typographic quotes that first
// checks there is one to fold: the Replacer copies the whole text even when
// it replaces nothing, and most stories are typed with straight quotes.
type quoteFolder struct{ r *strings.Replacer }

// Replace returns s with its typographic quotes folded.
func (q quoteFolder) Replace(s string) string {
	// Each quote folded is U+2018, U+2019, U+201C or U+201D, all of whose
	// UTF-8 encodings open with the byte 0xE2.
	if strings.IndexByte(s, 0xe2) < 0 {
		return s
	}
	return q.r.Replace(s)
}

// maxEvidence caps how many pieces of evidence a reason cites.
const maxEvidence = 3

// negatedFactor is how much of a negated cue's weight counts the other way:
// "price was not the issue" is real evidence against value, but weaker
// than a complaint about price is for it.
const negatedFactor = 0.6

// cited is one piece of evidence with the weight it carried, so the
// strongest is cited first.
type cited struct {
	weight float64
	text   string
	// lower is text lowercased, kept so that comparing a new quote with
	// those already cited lowercases each quote once, not at every compare.
	lower string
}

// diagState accumulates weights and evidence for the seven reasons.
type diagState struct {
	weight [7]float64
	// hints adds up each reason's hints, which count up to hintCap.
	hints   [7]float64
	pro     [7][]cited
	against [7][]cited
	// model is what the reason model adds to each reason's weight.
	model [7]float64
	// place is what the runner-up rule adds to place a reason second; it
	// is not the model's weight, so it never makes the model's words
	// evidence.
	place [7]float64
	// story is the story as read, for quoting the model's words.
	story *storyReading
	// takenBack holds the story's byte ranges (sentences) where a reason
	// was taken back by a @dismiss phrase ("…but she never treated that
	// as a constraint"), for the dates read from them.
	takenBack []takenBack
}

// takenBack is a sentence, as a byte range of the text, where a reason's
// cues were taken back.
type takenBack struct {
	id         ReasonID
	start, end int
}

// sentenceAround returns the words [a, b) of the sentence holding word i.
func sentenceAround(ws []word, i int) (a, b int) {
	a = i
	for a > 0 && ws[a-1].brk != brkHard {
		a--
	}
	b = i
	for b < len(ws)-1 && ws[b].brk != brkHard {
		b++
	}
	return a, b + 1
}

// dismissals finds the sentences where a @dismiss phrase takes a reason
// back.
func dismissals(ws []word, rep []bool, ms []phraseMatch, only ReasonID) []takenBack {
	var out []takenBack
	for _, m := range ms {
		c := m.cue
		if !c.dismiss || only != "" && ReasonID(c.group) != only || rep[m.from] && !c.repOK {
			continue
		}
		if w, ok := matchWeight(ws, m); !ok || w >= 0 {
			continue // negated: "it IS a constraint"
		}
		a, b := sentenceAround(ws, m.from)
		out = append(out, takenBack{ReasonID(c.group), ws[a].start, ws[b-1].end})
	}
	return out
}

// isTakenBack reports whether byte offset at sits in a sentence where
// reason id was taken back.
func isTakenBack(back []takenBack, id ReasonID, at int) bool {
	for _, t := range back {
		if t.id == id && at >= t.start && at < t.end {
			return true
		}
	}
	return false
}

// total is a reason's weight, its hints included.
func (s *diagState) total(i int) float64 {
	return s.weight[i] + min(s.hints[i], hintCap) + s.model[i] + s.place[i]
}

// addHint adds a hint's weight for a reason, and its words as evidence.
func (s *diagState) addHint(id ReasonID, w float64, ev string) {
	if i := reasonIndex(id); i < len(Reasons) {
		s.hints[i] += w
		s.cite(i, w, ev)
	}
}

func (s *diagState) add(id ReasonID, w float64, ev string) {
	i := reasonIndex(id)
	if i >= len(Reasons) {
		return
	}
	s.weight[i] += w
	s.cite(i, w, ev)
}

// cite records ev as evidence for (w > 0) or against reason i.
func (s *diagState) cite(i int, w float64, ev string) {
	if ev == "" {
		return
	}
	list := &s.pro[i]
	if w < 0 {
		list = &s.against[i]
	}
	b := strings.ToLower(ev)
	for k, e := range *list {
		// The same words, or words inside a quote already cited, add
		// weight to that quote; a quote holding a cited one replaces it.
		a := e.lower
		if strings.Contains(a, b) || strings.Contains(b, a) {
			(*list)[k].weight += w
			if len(ev) > len(e.text) {
				(*list)[k].text, (*list)[k].lower = ev, b
			}
			return
		}
	}
	*list = append(*list, cited{w, ev, b})
}

// Diagnose scores the seven reasons from the story, its facts and any answers
// so far. It is deterministic: the same input always gives the same ranking,
// and every point of score comes with the words it came from.
//
// The story is read against the whole cue lexicon. An answer counts only for
// its own question: a chosen (or typed and mapped) option moves the reasons
// the option names, and a free-text answer that fits no option is read only
// for the cues of its question's reason, so "she inherited the budget", said
// about who decides, cannot turn a reorg story into a budget story. A note
// added after a draft is new story and is read in full.
func Diagnose(story string, facts Facts, answers []Answer) Diagnosis {
	return diagnoseWith(reasonModel, presenceModel, reasonModelWeight, story, facts, answers)
}

// diagnoseWith is Diagnose with the reason model, the presence model and
// the reason model's weight given.
func diagnoseWith(m, pm *textmodel.Model, weight float64, story string, facts Facts, answers []Answer) Diagnosis {
	s := cueState(story, facts, answers)
	if s.story != nil {
		s.addModel(m, pm, weight, s.story.text)
	}
	d := s.ranked()
	s.explainModel(m, &d)
	return d
}

// cueState reads the story, its facts and the answers against the cues.
func cueState(story string, facts Facts, answers []Answer) *diagState {
	s := &diagState{}
	for i, w := range priors {
		s.weight[i] += w
	}
	s.scanStory(story, facts)
	s.addFacts(facts)
	for i, a := range answers {
		if a.QuestionID == NoteQuestionID {
			// Only the latest notes count, as only they reach a draft's
			// brief: an old note must not come back through its evidence.
			if i < len(answers)-MaxBriefAnswers {
				continue
			}
			s.scanCues(a.Text, "", "you added: ")
			continue
		}
		q, ok := questionIndex[a.QuestionID]
		if !ok || q.ID == insightQuestion.ID {
			continue
		}
		opt := a.Option
		if opt == "" {
			// Older stored answers kept typed text only: map it now.
			opt, _ = MapAnswer(q, a.Text)
		}
		if o, ok := q.option(opt); ok {
			for _, r := range Reasons {
				if w := o.Shift[r.ID]; w != 0 {
					s.add(r.ID, w, answerEvidence(q, o, a.Text, w))
				}
			}
			continue
		}
		s.scanCues(a.Text, q.Reason, "you said: ")
	}
	return s
}

// explainModel gives a reason in the top two that no cue spoke for, and
// that the model lifted there with a notable weight, the story's own words
// that led the model to it.
func (s *diagState) explainModel(m *textmodel.Model, d *Diagnosis) {
	for k := range min(2, len(d.Reasons)) {
		r := &d.Reasons[k]
		i := reasonIndex(r.ID)
		if i >= len(Reasons) || len(s.pro[i]) > 0 || s.model[i] < minQuotedModel {
			continue
		}
		if ev, ok := s.modelEvidence(m, i); ok {
			r.Evidence = []string{ev}
		}
	}
}

// minQuotedModel is the least weight the model must add to a reason for
// its words to be quoted as evidence.
const minQuotedModel = 0.5

func answerEvidence(q Question, o Option, typed string, w float64) string {
	if w <= 0 {
		return ""
	}
	if t := strings.TrimSpace(typed); t != "" && !strings.EqualFold(t, o.Label) {
		return fmt.Sprintf("you said %q to: %s", clip(t, 120), q.Text)
	}
	return fmt.Sprintf("answered %q to: %s", o.Label, q.Text)
}

// clip shortens s to about n bytes at a word boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
	}
	return strings.ToValidUTF8(s[:cut], "") + "…"
}

// scanStory reads the story against every reason's cues and, from the same
// reading, remembers what the story already answers (for NextQuestion).
func (s *diagState) scanStory(story string, facts Facts) {
	r := readStory(story, facts)
	s.story = &r
	s.scanMatches(r.text, r.ws, r.rep, r.ms, "", "")
	rememberSignals(story, readSignals(r.text, r.ws, r.rep, r.ms))
}

// storyReading is a story as the diagnosis reads it: its words, which of
// them are the rep's own doing, and every cue found.
type storyReading struct {
	text string
	ws   []word
	rep  []bool
	ms   []phraseMatch
}

// readStory reads a story: the words, the pasted messages in it (whose
// author the prospect's name, as read from the story, tells), the rep's own
// actions, and the cues.
func readStory(story string, facts Facts) storyReading {
	text := apostrophes.Replace(story)
	ws := tokenize(text)
	pasted := markMessages(text, ws, prospectKey(facts.Prospect))
	rep := repScope(ws)
	for i, r := range pasted {
		rep[i] = rep[i] || r
	}
	return storyReading{text, ws, rep, lex.reasons.find(ws)}
}

// scanCues reads text against the reason cues (only those of reason only,
// when set), citing the clause each cue sits in.
func (s *diagState) scanCues(text string, only ReasonID, prefix string) {
	text = apostrophes.Replace(text)
	ws := tokenize(text)
	if len(ws) == 0 {
		return
	}
	s.scanMatches(text, ws, repScope(ws), lex.reasons.find(ws), only, prefix)
}

func (s *diagState) scanMatches(text string, ws []word, rep []bool, ms []phraseMatch, only ReasonID, prefix string) {
	seen := map[*cue]bool{}
	back := dismissals(ws, rep, ms, only)
	if prefix == "" {
		s.takenBack = append(s.takenBack, back...)
	}
	// Only a story pasted from a thread has lines by others: most texts
	// need no look back for the line each cue sits on.
	others := strings.Contains(text, OthersLabel)
	for _, m := range ms {
		c := m.cue
		id := ReasonID(c.group)
		if only != "" && id != only || seen[c] || c.weight == 0 {
			continue
		}
		if rep[m.from] && !c.repOK {
			continue
		}
		w, ok := matchWeight(ws, m)
		if ok && w > 0 {
			// "i think she doesnt see the roi? but the pilot went
			// well": the rep's own guess, asked, is a maybe; a theory
			// said as one counts for less.
			w *= guessWeight(text, ws, m.from)
		}
		if !ok || c.hint && w < 0 {
			// A hint only ever hints for its reason.
			continue
		}
		if w > 0 && isTakenBack(back, id, ws[m.from].start) {
			continue // "ends in March, but that's not a constraint"
		}
		seen[c] = true
		ev := prefix + clauseAround(text, ws[m.from].start, ws[m.to-1].end-ws[m.from].start)
		if prefix == "" && others && othersLine(text, ws[m.from].start) {
			// Evidence from someone else's message in a thread keeps its
			// label: the model must not read it as the salesperson's words.
			ev = OthersEvidence + ev
		}
		if c.hint {
			s.addHint(id, w, ev)
			continue
		}
		s.add(id, w, ev)
	}
}

// guessWeight is how much a cue at ws[from] counts, given the rep's own
// guessing around it: wonderedFactor in a sentence that opens with the rep
// guessing ("i think", "i guess", "maybe", "my guess is") and ends with a
// question mark; theoryFactor in one that says it is a theory whatever its
// end ("my guess is price", "theory: she's on leave", "i bet it's budget",
// "my manager thinks they're under contract"); 1 otherwise.
func guessWeight(text string, ws []word, from int) float64 {
	a, b := sentenceAround(ws, from)
	if a+1 >= len(ws) {
		return 1
	}
	first, second := ws[a].text, ws[a+1].text
	switch {
	case first == "theory" || first == "hunch" || first == "guessing",
		first == "my" && (second == "theory" || second == "hunch" || second == "gut"),
		first == "my" && second == "guess" && ws[b-1].brk == brkHard && ws[b-1].start < len(text) && text[ws[b-1].start] != '?',
		first == "i" && (second == "bet" || second == "suspect" || second == "assume"):
		return theoryFactor
	case first == "my" || first == "our":
		// Someone on the rep's side guessing: "my manager thinks…".
		for _, w := range ws[a+1 : min(b, a+5)] {
			switch w.text {
			case "thinks", "reckons", "suspects", "guesses", "figures", "believes":
				return theoryFactor
			}
		}
	}
	if !(first == "i" && (second == "think" || second == "guess" || second == "suspect" || second == "wonder" || second == "feel") || first == "maybe" || first == "perhaps" || first == "probably" || first == "my" && second == "guess") {
		return 1
	}
	end := ws[b-1] // the sentence's closing break, if it has one
	if end.brk == brkHard && end.start < len(text) && text[end.start] == '?' {
		return wonderedFactor
	}
	return 1
}

// theoryFactor is how much of a cue counts in a theory the rep or their
// side states as one: the story's own evidence about the prospect decides.
const theoryFactor = 0.25

// wonderedFactor is how much of a cue counts when the clause only wonders
// about it ("not sure if the budget is frozen").
const wonderedFactor = 0.5

// matchWeight is what one match of a cue counts for its reason, read in its
// clause: negated, it counts the other way ("price was not an issue"); a phrase
// that carries its own negation is turned around by a clause negation ("it's
// not that she doesn't see the point") or an issue word after it ("no budget
// issue"); a phrase that opens with a question word or "until" is never
// negated from outside ("she couldn't see what it would change", "not till
// next fiscal"); wondered about ("I
// don't know if it's her call"), it counts half, and a cue against counts
// not at all. ok is false when the match says nothing.
func matchWeight(ws []word, m phraseMatch) (w float64, ok bool) {
	w = m.cue.weight
	neg := false
	switch {
	case m.cue.either:
	case m.negative:
		// "no budget issue", "no timing problem": a phrase that carries
		// its own negation, followed by an issue word, says the thing is
		// no issue, not that it is missing.
		neg = clauseNegated(ws, m.from) || m.to < len(ws) && ws[m.to].brk == brkNone && ws[m.to].is(gIssue)
	case ws[m.from].is(gQuestionWord | gUntil):
		// "she couldn't see what it would change for her team": the
		// negation denies the seeing, not the question the cue asks;
		// "it won't start till next fiscal" names when it can.
	default:
		neg = negated(ws, m.from, m.to)
	}
	hypothetical := false
	if neg && conditional(ws, m.from) {
		// "the price goes up if he doesn't commit by Friday": a negation
		// inside a condition denies nothing; the cue counts as a maybe.
		neg, hypothetical = false, true
	}
	if neg {
		// "she couldn't see the business case" denies a cue against
		// value: it speaks for value, if more weakly than said outright.
		w = -negatedFactor * w
	}
	if hypothetical || wondered(ws, m.from) {
		if w < 0 {
			return 0, false
		}
		w *= wonderedFactor
	}
	return w, w != 0
}

// repScope marks the words that sit inside the rep's own action: from a
// rep verb after "I" or "we" ("I sent", "we also offered") to the end of
// the sentence, or to a new subject ("…and she said").
func repScope(ws []word) []bool {
	scope := make([]bool, len(ws))
	on := false
	for i, w := range ws {
		switch {
		case w.brk == brkHard:
			on = false
			continue
		case w.brk != brkNone:
			continue
		}
		if on && (w.is(gScopeEnder) || w.cap && i+1 < len(ws) && ws[i+1].is(gSpeech)) {
			on = false
		}
		if !on && w.is(gRepActor) && !w.quoted {
			for j := i + 1; j < len(ws) && j <= i+4 && ws[j].brk == brkNone; j++ {
				if ws[j].is(gRepVerb) {
					on = true
					break
				}
				if !ws[j].is(gRepFiller) {
					break
				}
			}
		}
		scope[i] = on
	}
	return scope
}

// postStops end the look after a cue for a negation: "comfortable with
// Salesforce and does not see a reason to change" does not negate the
// comfort.
var postStops = map[string]bool{"but": true, "however": true, "though": true, "and": true, "so": true, "because": true, "which": true, "while": true, "although": true}

// negated reports whether the cue at words [from, to) is negated: a negator
// up to three words before it in the same clause ("not a budget thing",
// "never mentioned the price"), a negated clause around it ("I don't think
// it's a budget thing"), or a negated issue word just after it ("price was
// not the issue", "budget is not a problem").
func negated(ws []word, from, to int) bool {
	isNeg := func(j int) bool {
		return ws[j].is(gNegator) && !(j+1 < len(ws) && ws[j+1].is(gNegException))
	}
	for j, n := from-1, 0; j >= 0 && n < 3; j, n = j-1, n+1 {
		w := ws[j]
		if w.brk != brkNone {
			break
		}
		if w.is(gVolition) {
			// "doesn't fancy moving the data": wanting to avoid a thing
			// is no sign that it is absent.
			break
		}
		if w.is(gWindowStop) {
			// "no issues with pricing", "no concerns about the budget".
			if j >= 2 && ws[j-1].brk == brkNone && ws[j-1].is(gIssue) && isNeg(j-2) {
				return true
			}
			break
		}
		if isNeg(j) {
			return true
		}
	}
	if clauseNegated(ws, from) {
		return true
	}
	for j, n := to, 0; j < len(ws) && n < 5; j, n = j+1, n+1 {
		w := ws[j]
		if w.brk != brkNone || postStops[w.text] {
			break
		}
		if !isNeg(j) {
			continue
		}
		for k := j + 1; k < len(ws) && k <= j+3 && ws[k].brk == brkNone; k++ {
			if ws[k].is(gIssue) {
				return true
			}
		}
	}
	return false
}

// clauseReach is how far back in its clause a cue looks for a clause
// negation or a question.
const clauseReach = 8

// clauseNegated reports whether the clause before ws[from] is negated as a
// whole: a negator before a verb of thinking or saying, or before "that"
// or "because" ("I don't think it's a budget thing", "she never said the
// price was high", "it's not that she doesn't see the point").
func clauseNegated(ws []word, from int) bool {
	for j, n := from-1, 0; j > 0 && n < clauseReach; j, n = j-1, n+1 {
		w := ws[j]
		if w.brk != brkNone || w.is(gContrast) {
			return false
		}
		// "not that" and "not because", but "nothing that" is a thing.
		if w.is(gClauseNegation) && negatorBefore(ws, j, w.text == "that" || w.text == "because") {
			return true
		}
	}
	return false
}

// negatorBefore reports whether a negator ("not" only, when onlyNot) stands
// just before ws[j], or two words before with an adverb between ("don't
// really think").
func negatorBefore(ws []word, j int, onlyNot bool) bool {
	for k := j - 1; k >= 0 && k >= j-2; k-- {
		if ws[k].brk != brkNone {
			return false
		}
		if ws[k].text == "not" || !onlyNot && ws[k].is(gNegator) {
			return true
		}
		switch ws[k].text {
		case "really", "even", "just", "necessarily", "actually", "exactly":
			continue
		}
		return false
	}
	return false
}

// conditional reports whether the cue at ws[from] sits in an "if" or
// "unless" clause: "if" up to a few words before it, in the same clause.
func conditional(ws []word, from int) bool {
	for j, n := from-1, 0; j >= 0 && n < 5; j, n = j-1, n+1 {
		w := ws[j]
		if w.brk != brkNone || w.is(gContrast) {
			return false
		}
		if w.text == "if" || w.text == "unless" {
			return true
		}
	}
	return false
}

// wondered reports whether the cue at ws[from] sits in a clause that asks
// rather than says: "if" or "whether" after a word of wondering ("I don't
// know if hiring is her call", "not sure whether the budget is set").
func wondered(ws []word, from int) bool {
	for j, n := from-1, 0; j > 0 && n < clauseReach; j, n = j-1, n+1 {
		w := ws[j]
		if w.brk != brkNone || w.is(gContrast) {
			return false
		}
		if (w.text == "if" || w.text == "whether") && ws[j-1].brk == brkNone && ws[j-1].is(gWonder) {
			return true
		}
	}
	return false
}

func (s *diagState) addFacts(f Facts) {
	for _, d := range f.Dates {
		if s.story != nil && d.Text != "" {
			if at := strings.Index(s.story.text, d.Text); at >= 0 && isTakenBack(s.takenBack, Timing, at) && d.Kind != DateAudit {
				continue // the story says this date does not hold them
			}
		}
		ev := d.Text
		if !d.When.IsZero() {
			ev += " (about " + d.When.Format("Jan 2006") + ")"
		}
		if s.cites(d.Text) {
			// The cue already quoted these words: the date adds weight,
			// not a second copy of the quote.
			ev = ""
		}
		switch d.Kind {
		case DateContractEnd:
			s.add(Timing, 0.5, ev)
		case DateBudget:
			s.add(Timing, 0.4, ev)
		case DateAudit:
			if !d.When.IsZero() {
				s.add(Priorities, 0.3, ev)
			}
		}
	}
	// Many unanswered touches are a chase whatever else went wrong; a
	// handful is ordinary diligence and says nothing.
	if f.FollowUps >= 6 {
		ev := fmt.Sprintf("%d follow-ups already sent without a reply", f.FollowUps)
		s.add(Tactics, 0.15*float64(min(f.FollowUps, 10)-4), ev)
	}
}

// cites reports whether some evidence already quotes text.
func (s *diagState) cites(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	for _, list := range s.pro {
		for _, c := range list {
			if t != "" && strings.Contains(c.lower, t) {
				return true
			}
		}
	}
	return false
}

func (s *diagState) ranked() Diagnosis {
	var totals [7]float64
	for i := range totals {
		totals[i] = s.total(i)
	}
	if i := reasonIndex(Value); len(s.pro[i]) == 0 && totals[i] >= maxOther(totals, i) {
		// Explain the prior, so a bare story still gets a reasoned answer.
		const why = "no clearer signal: unexplained silence most often means the value is not clear to them yet"
		s.pro[i] = []cited{{0, why, strings.ToLower(why)}}
	}
	type rankedScore struct {
		Score
		raw float64
	}
	rs := make([]rankedScore, len(Reasons))
	for i, r := range Reasons {
		w := max(totals[i], 0)
		rs[i] = rankedScore{Score{ID: r.ID, Score: math.Round((1-math.Exp(-w))*100) / 100, Evidence: strongest(s.pro[i], false), Against: strongest(s.against[i], true)}, w}
	}
	// Rank on the raw weight, so a rounding tie does not hand the lead to
	// whichever reason comes first in the canonical order.
	sort.SliceStable(rs, func(a, b int) bool { return rs[a].raw > rs[b].raw })
	d := Diagnosis{Reasons: make([]Score, len(rs))}
	for i, r := range rs {
		d.Reasons[i] = r.Score
	}
	return d
}

func maxOther(ws [7]float64, skip int) float64 {
	m := 0.0
	for i, w := range ws {
		if i != skip {
			m = max(m, w)
		}
	}
	return m
}

// strongest returns up to maxEvidence citations, the weightiest first.
func strongest(cs []cited, against bool) []string {
	if len(cs) == 0 {
		if against {
			return nil
		}
		return []string{}
	}
	cs = append([]cited(nil), cs...)
	sort.SliceStable(cs, func(a, b int) bool { return math.Abs(cs[a].weight) > math.Abs(cs[b].weight) })
	out := make([]string, 0, min(len(cs), maxEvidence))
	for _, c := range cs[:min(len(cs), maxEvidence)] {
		out = append(out, c.text)
	}
	return out
}

// asciiLower lowercases ASCII letters only, keeping byte offsets identical to
// the input so matches can quote the original text.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// indexWord finds phrase in s at word boundaries.
func indexWord(s, phrase string) int {
	from := 0
	for {
		i := strings.Index(s[from:], phrase)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(phrase)
		if (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end])) {
			return i
		}
		from = i + 1
	}
}

// clauseAround returns the clause of text around [at, at+n): out to the
// nearest sentence or clause break, at most about 45 bytes either side and
// cut at a space, so evidence reads as the user's own words.
func clauseAround(text string, at, n int) string {
	const span = 45
	isBreak := func(c byte) bool { return c == '.' || c == ';' || c == '!' || c == '?' || c == '\n' }
	start, end := at, at+n
	for start > 0 && !isBreak(text[start-1]) {
		if at-start >= span {
			if i := strings.IndexByte(text[start:at], ' '); i >= 0 {
				start += i + 1
			}
			break
		}
		start--
	}
	for end < len(text) && !isBreak(text[end]) {
		if end-(at+n) >= span {
			if i := strings.LastIndexByte(text[at+n:end], ' '); i >= 0 {
				end = at + n + i
			}
			break
		}
		end++
	}
	ev := strings.Trim(strings.TrimSpace(text[start:end]), ",:-")
	return strings.ToValidUTF8(strings.TrimSpace(ev), "")
}

// String renders a score for people: "Bad timing (0.82): 2-year contract".
func (s Score) String() string {
	r, _ := ReasonByID(s.ID)
	if len(s.Evidence) == 0 {
		return fmt.Sprintf("%s (%.2f)", r.Name, s.Score)
	}
	return fmt.Sprintf("%s (%.2f): %s", r.Name, s.Score, strings.Join(s.Evidence, "; "))
}

// OthersLabel opens each line of a thread story that someone other than the
// salesperson wrote: the coach and the model read a colleague's (or
// anyone's) words as someone else's, never as the salesperson's own account
// or as instructions.
const OthersLabel = "(Written by someone else in the thread, not the salesperson:) "

// OthersEvidence opens evidence quoted from such a line.
const OthersEvidence = "someone else in the thread, not the salesperson, wrote: "

// MaxBriefAnswers is how many of the latest answers and notes a draft's
// brief carries, and so how many notes the diagnosis reads.
const MaxBriefAnswers = 8

// othersLine reports whether byte pos of text sits on a line that starts
// with OthersLabel.
func othersLine(text string, pos int) bool {
	start := strings.LastIndexByte(text[:pos], '\n') + 1
	return strings.HasPrefix(text[start:], OthersLabel)
}
