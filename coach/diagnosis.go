package coach

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Score is one reason's likelihood in a diagnosis, with the evidence it rests on.
type Score struct {
	ID       ReasonID `json:"id"`
	Score    float64  `json:"score"`
	Evidence []string `json:"evidence"`
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

// A cue is a phrase in a story that speaks for a reason. Weights add up in
// "evidence space" and are squashed into 0..1, so many weak cues never beat
// certainty and the scores stay comparable across reasons.
type cue struct {
	reason ReasonID
	phrase string
	weight float64
}

// priors encode the guidance's starting point: silence most often means the
// prospect does not see the value yet.
var priors = map[ReasonID]float64{
	Value: 0.25, Interest: 0.1, Insights: 0.1, Tactics: 0.05,
	Priorities: 0.1, Timing: 0.05, StatusQuo: 0.1,
}

var cues = []cue{
	// value
	{Value, "didn't see the value", 1.2}, {Value, "did not see the value", 1.2},
	{Value, "not see the value", 1.1}, {Value, "don't see the value", 1.2},
	{Value, "not sure it's worth", 0.9}, {Value, "not sure it is worth", 0.9},
	{Value, "roi", 0.7}, {Value, "too expensive", 0.9}, {Value, "pricing", 0.5},
	{Value, "price", 0.5}, {Value, "cost", 0.4}, {Value, "business case", 0.6},
	{Value, "not convinced", 0.8}, {Value, "nodding", 0.6}, {Value, "polite", 0.4},
	{Value, "no questions", 0.6}, {Value, "didn't ask any questions", 0.7},
	{Value, "features", 0.4}, {Value, "lukewarm", 0.6},
	{Value, "what's in it for", 0.8}, {Value, "nice to have", 0.8},
	// interest
	{Interest, "not the decision maker", 1.3}, {Interest, "decision maker", 0.8},
	{Interest, "decision-maker", 0.8}, {Interest, "not their call", 1.1},
	{Interest, "their boss", 0.6}, {Interest, "sign-off", 0.6}, {Interest, "sign off", 0.6},
	{Interest, "champion left", 1.1}, {Interest, "left the company", 1.0},
	{Interest, "gatekeeper", 0.8}, {Interest, "junior", 0.5}, {Interest, "intern", 0.5},
	{Interest, "never replied", 0.6}, {Interest, "never responded", 0.6},
	{Interest, "cold outreach", 0.9}, {Interest, "cold email", 0.9}, {Interest, "cold call", 0.8},
	{Interest, "downloaded", 0.6}, {Interest, "webinar", 0.5}, {Interest, "no-show", 0.7},
	{Interest, "didn't show", 0.7}, {Interest, "no show", 0.7}, {Interest, "not interested", 1.0},
	{Interest, "one call", 0.3}, {Interest, "procurement", 0.4},
	// insights
	{Insights, "same pitch", 1.0}, {Insights, "already know", 0.9}, {Insights, "already knew", 0.9},
	{Insights, "heard it before", 1.0}, {Insights, "already doing", 0.9}, {Insights, "nothing new", 1.1},
	{Insights, "generic", 0.7}, {Insights, "standard deck", 0.8}, {Insights, "brochure", 0.6},
	{Insights, "every other vendor", 1.0}, {Insights, "like the others", 0.8},
	{Insights, "sent the deck", 0.5}, {Insights, "sent a deck", 0.5}, {Insights, "one-pager", 0.5},
	{Insights, "product overview", 0.5},
	// tactics
	{Tactics, "bump", 0.8}, {Tactics, "just checking in", 0.9}, {Tactics, "checking in", 0.6},
	{Tactics, "circling back", 0.8}, {Tactics, "discount", 0.7}, {Tactics, "deadline", 0.5},
	{Tactics, "end of quarter", 0.6}, {Tactics, "pushy", 1.0}, {Tactics, "pressure", 0.7},
	{Tactics, "aggressive", 0.8}, {Tactics, "sequence", 0.7}, {Tactics, "cadence", 0.5},
	{Tactics, "automated", 0.7}, {Tactics, "sent the link again", 0.9}, {Tactics, "resent", 0.7},
	{Tactics, "every day", 0.7}, {Tactics, "daily", 0.5}, {Tactics, "annoyed", 0.9},
	{Tactics, "limited time", 0.8}, {Tactics, "offer expires", 0.8},
	// priorities
	{Priorities, "busy", 0.5}, {Priorities, "swamped", 0.8}, {Priorities, "fire", 0.6},
	{Priorities, "firefighting", 0.9}, {Priorities, "reorg", 1.0}, {Priorities, "re-org", 1.0},
	{Priorities, "layoff", 1.0}, {Priorities, "layoffs", 1.0}, {Priorities, "acquisition", 1.0},
	{Priorities, "acquired", 1.0}, {Priorities, "merger", 1.0}, {Priorities, "audit", 0.9},
	{Priorities, "launch", 0.6}, {Priorities, "hiring", 0.5}, {Priorities, "new ceo", 0.9},
	{Priorities, "leadership change", 0.9}, {Priorities, "crisis", 0.9}, {Priorities, "regulation", 0.7},
	{Priorities, "regulatory", 0.7}, {Priorities, "on leave", 0.7}, {Priorities, "parental leave", 0.8},
	{Priorities, "vacation", 0.4}, {Priorities, "other priorities", 1.1}, {Priorities, "priorities shifted", 1.1},
	{Priorities, "year-end close", 0.8}, {Priorities, "outage", 0.8}, {Priorities, "incident", 0.5},
	// timing
	{Timing, "contract", 0.7}, {Timing, "locked in", 1.0}, {Timing, "locked into", 1.0},
	{Timing, "renewal", 0.8}, {Timing, "renews", 0.8}, {Timing, "budget", 0.6},
	{Timing, "next year", 0.6}, {Timing, "next quarter", 0.6}, {Timing, "fiscal", 0.6},
	{Timing, "freeze", 0.9}, {Timing, "not until", 0.7}, {Timing, "revisit", 0.6},
	{Timing, "timing", 0.7}, {Timing, "too early", 0.8}, {Timing, "not ready", 0.6},
	{Timing, "later this year", 0.6}, {Timing, "signed with", 0.8}, {Timing, "went with a competitor", 0.9},
	{Timing, "competitor", 0.4}, {Timing, "after the holidays", 0.6},
	// status quo
	{StatusQuo, "happy with", 0.9}, {StatusQuo, "current vendor", 0.8}, {StatusQuo, "current provider", 0.8},
	{StatusQuo, "incumbent", 0.9}, {StatusQuo, "spreadsheet", 0.8}, {StatusQuo, "spreadsheets", 0.8},
	{StatusQuo, "excel", 0.7}, {StatusQuo, "in-house", 0.7}, {StatusQuo, "works fine", 1.0},
	{StatusQuo, "good enough", 1.0}, {StatusQuo, "hassle", 0.9}, {StatusQuo, "switching", 0.8},
	{StatusQuo, "switch", 0.5}, {StatusQuo, "migration", 0.6}, {StatusQuo, "comfortable", 0.8},
	{StatusQuo, "always done", 0.9}, {StatusQuo, "existing tool", 0.7}, {StatusQuo, "stay with", 0.9},
	{StatusQuo, "change management", 0.7}, {StatusQuo, "too much work", 0.8},
}

// apostrophes folds typographic quotes so "didn’t" matches "didn't".
var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u201c", "\"", "\u201d", "\"")

// maxEvidence caps how many pieces of evidence a reason cites.
const maxEvidence = 3

// diagState accumulates weights and evidence for the seven reasons.
type diagState struct {
	weight   [7]float64
	evidence [7][]string
}

func (s *diagState) add(id ReasonID, w float64, ev string) {
	i := reasonIndex(id)
	if i >= len(Reasons) {
		return
	}
	s.weight[i] += w
	if ev == "" || len(s.evidence[i]) >= maxEvidence {
		return
	}
	for _, e := range s.evidence[i] {
		if strings.EqualFold(e, ev) {
			return
		}
	}
	s.evidence[i] = append(s.evidence[i], ev)
}

// scanCues adds every cue found in text, citing the clause it sits in.
func (s *diagState) scanCues(text, prefix string) {
	text = apostrophes.Replace(text)
	lower := asciiLower(text)
	seen := map[string]bool{}
	for _, c := range cues {
		at := indexWord(lower, c.phrase)
		if at < 0 {
			continue
		}
		// A longer cue already covers a shorter one in the same clause
		// ("checking in" inside "just checking in"): count each clause once
		// per reason.
		ev := clauseAround(text, at, len(c.phrase))
		key := string(c.reason) + "|" + strings.ToLower(ev)
		if seen[key] {
			continue
		}
		seen[key] = true
		s.add(c.reason, c.weight, prefix+ev)
	}
}

// Diagnose scores the seven reasons from the story, its facts and any answers
// so far. It is deterministic: the same input always gives the same ranking,
// and every point of score comes with the words it came from.
func Diagnose(story string, facts Facts, answers []Answer) Diagnosis {
	var s diagState
	for id, w := range priors {
		s.weight[reasonIndex(id)] += w
	}
	s.scanCues(story, "")
	s.addFacts(facts)
	for _, a := range answers {
		q, ok := questionIndex[a.QuestionID]
		if a.Option != "" && ok {
			for _, o := range q.Options {
				if o.Value == a.Option {
					for id, w := range o.Shift {
						s.add(id, w, answerEvidence(q, o.Label, w))
					}
				}
			}
		}
		if a.Option == "" && strings.TrimSpace(a.Text) != "" {
			s.scanCues(a.Text, "you said: ")
			s.freeTextAnswer(q, a.Text)
		}
	}
	return s.ranked()
}

// freeTextAnswer reads a yes or no typed in reply to a question that has yes
// and no options, so typing "yes" counts like pressing the button.
func (s *diagState) freeTextAnswer(q Question, text string) {
	t := strings.ToLower(strings.TrimSpace(text))
	for _, o := range q.Options {
		label := strings.ToLower(o.Label)
		if t == label || t == strings.ToLower(o.Value) ||
			(strings.HasPrefix(label, "yes") && (t == "yes" || t == "y" || strings.HasPrefix(t, "yes,") || strings.HasPrefix(t, "yes "))) ||
			(strings.HasPrefix(label, "no") && (t == "no" || t == "n" || strings.HasPrefix(t, "no,") || strings.HasPrefix(t, "no "))) {
			for id, w := range o.Shift {
				s.add(id, w, answerEvidence(q, o.Label, w))
			}
			return
		}
	}
}

func answerEvidence(q Question, label string, w float64) string {
	if w <= 0 {
		return ""
	}
	return fmt.Sprintf("answered %q to: %s", label, q.Text)
}

func (s *diagState) addFacts(f Facts) {
	for _, d := range f.Dates {
		ev := d.Text
		if !d.When.IsZero() {
			ev += " (about " + d.When.Format("Jan 2006") + ")"
		}
		switch d.Kind {
		case DateContractEnd:
			s.add(Timing, 1.3, ev)
		case DateBudget:
			s.add(Timing, 0.9, ev)
		case DateAudit:
			s.add(Priorities, 0.4, ev)
		}
	}
	if f.FollowUps >= 3 {
		ev := fmt.Sprintf("%d follow-ups already sent without a reply", f.FollowUps)
		s.add(Tactics, 0.25*float64(min(f.FollowUps, 6)), ev)
		s.add(Interest, 0.3, ev)
	}
	if f.DaysSilent >= 60 {
		ev := fmt.Sprintf("silent for about %d days", f.DaysSilent)
		s.add(Interest, 0.4, ev)
		s.add(Priorities, 0.3, ev)
	}
}

func (s *diagState) ranked() Diagnosis {
	if i := reasonIndex(Value); len(s.evidence[i]) == 0 {
		// Explain the prior, so a bare story still gets a reasoned answer.
		s.evidence[i] = []string{"no clearer signal: unexplained silence most often means the value is not clear to them yet"}
	}
	d := Diagnosis{Reasons: make([]Score, len(Reasons))}
	for i, r := range Reasons {
		w := max(s.weight[i], 0)
		ev := s.evidence[i]
		if ev == nil {
			ev = []string{}
		}
		d.Reasons[i] = Score{ID: r.ID, Score: math.Round((1-math.Exp(-w))*100) / 100, Evidence: ev}
	}
	sort.SliceStable(d.Reasons, func(a, b int) bool { return d.Reasons[a].Score > d.Reasons[b].Score })
	return d
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
