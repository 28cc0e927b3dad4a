package coach

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ghosted-bot/ghosted/coach/story"
)

// Two readers, one contract. The deterministic reader (coach/story) always
// runs and answers at once. When a language model is configured, a Reader
// reads the same story as a whole, in the background, and proposes the
// facts, the seven reasons and the questions still worth asking, each with
// the words of the story it rests on. A proposal is checked before it is
// believed (CheckReading): a quote must be found in the story, an id must be
// one of ours, a number must be in range. What passes replaces the
// deterministic reading field by field; what fails leaves the deterministic
// reading in place, and the check says which field failed and why.
//
// The reading arrives while the owner is already answering the first
// question, so the conversation adapts without surprises (see
// ApplyReading): the question on screen stays; the next turn starts with
// one line saying what the closer reading changed (the facts, the leading
// reason), and the questions after it follow the new ranking.

// Reader reads stories and answers with a language model. Its results are
// proposals: CheckReading and CheckAnswerReading keep only what the text
// bears out.
type Reader interface {
	// ReadStory reads a cleaned story; now anchors relative dates.
	ReadStory(ctx context.Context, story string, now time.Time) (Reading, error)
	// MapAnswer places a typed answer among q's options, or reports that
	// it fits none (an empty Option).
	MapAnswer(ctx context.Context, q Question, answer string) (AnswerReading, error)
}

// Reading is a model's reading of a story, as the model answered it,
// before any check.
type Reading struct {
	Prospect, Company, Channel ReadText
	FollowUps, DaysSilent      ReadCount
	Dates                      []ReadDate
	Reasons                    []ReadReason
	// Ask lists the ids of bank questions the story leaves open and that
	// are worth asking, the most useful first.
	Ask []string
	// Model names the model that answered; Format how it was asked to
	// answer ("json_schema" or "json_object").
	Model, Format string
	Usage         Usage
}

// ReadText is a fact read as words, with the words of the story it was
// read from. An empty Value means the model found it unknown.
type ReadText struct{ Value, Quote string }

// ReadCount is a fact read as a count, with the words of the story it was
// read from. A negative Value means the model found it unknown.
type ReadCount struct {
	Value int
	Quote string
}

// ReadDate is a date that gates the deal: its kind (contract_end, budget,
// audit, event), the words it was read from, and the date in ISO form
// (YYYY-MM-DD) when the model could resolve it.
type ReadDate struct{ Kind, Quote, Date string }

// ReadReason is one of the seven reasons as the model scored it from the
// story, with the words that speak for it and against it.
type ReadReason struct {
	ID                string
	Score             float64
	Evidence, Against []string
}

// AnswerReading is a model's placement of a typed answer among a
// question's options: the option's value (empty for none) and the words of
// the answer that say so.
type AnswerReading struct {
	Option, Quote string
	Model         string
	Usage         Usage
}

// ReadingOutcome says how much of a model's reading was used. The values
// are metric labels: a fixed set.
type ReadingOutcome string

const (
	// ReadingUsed: everything the model proposed checked out.
	ReadingUsed ReadingOutcome = "used"
	// ReadingPartlyUsed: some fields checked out, some fell back.
	ReadingPartlyUsed ReadingOutcome = "partly_used"
	// ReadingFellBack: nothing was used (an error, a malformed answer, a
	// server that cannot answer in JSON, or no field that checked out).
	ReadingFellBack ReadingOutcome = "fell_back"
	// ReadingTimedOut: the model did not answer in time.
	ReadingTimedOut ReadingOutcome = "timed_out"
)

// ReadingOutcomes lists every outcome, for metrics and tests.
var ReadingOutcomes = []ReadingOutcome{ReadingUsed, ReadingPartlyUsed, ReadingFellBack, ReadingTimedOut}

// Bounds on what a model may propose.
const (
	// maxQuoteRunes bounds one quote: a quote is a phrase, and a whole
	// paragraph "quoted" would ground anything.
	maxQuoteRunes = 300
	// maxFollowUps and maxDaysSilent are the ranges the Fix form accepts.
	maxFollowUps  = 99
	maxDaysSilent = 3650
	// maxNameRunes and maxNameWords bound a name or a company.
	maxNameRunes = 80
	maxNameWords = 6
	// unsupportedScore is the highest score a reason may carry without a
	// quote that checks out: "nothing in the story points here" needs no
	// evidence, a strong claim does.
	unsupportedScore = 0.25
	// modelEvidence is how many of the model's quotes a reason cites
	// before the deterministic evidence.
	modelEvidence = 2
)

// TextFact is a fact the model read as words, checked.
type TextFact struct{ Value, Quote string }

// CountFact is a fact the model read as a count, checked.
type CountFact struct {
	Value int
	Quote string
}

// Rejection is one part of a model's reading that failed a check.
type Rejection struct {
	// Field is the fact ("prospect", "follow_ups", "dates") or the reason
	// ("reason value") or "ask".
	Field string
	Why   string
}

func (r Rejection) String() string { return r.Field + ": " + r.Why }

// CheckedReading is what survives of a model's reading after the checks.
// A nil fact, or empty Dates, leaves the deterministic reading in place.
type CheckedReading struct {
	Prospect, Company, Channel *TextFact
	FollowUps, DaysSilent      *CountFact
	Dates                      []KeyDate
	// Reasons are the reasons whose score the checks let through, with
	// only the quotes found in the story.
	Reasons []Score
	// Ask are the checked ids of questions worth asking.
	Ask []string
	// Accepted names the fields taken from the model; Rejected says which
	// failed and why.
	Accepted []string
	Rejected []Rejection
	Model    string
	Usage    Usage
}

// Outcome says how much of the reading was used.
func (c CheckedReading) Outcome() ReadingOutcome {
	switch {
	case len(c.Accepted) == 0:
		return ReadingFellBack
	case len(c.Rejected) > 0:
		return ReadingPartlyUsed
	}
	return ReadingUsed
}

// CheckReading checks a model's reading against the story it read (the
// cleaned story, as stored on the deal): every quote must be found in the
// story, ignoring case, runs of spaces and typographic quotes and dashes; a
// name must be part of its quote; ids must be ours; numbers and dates must
// be in range. now is the date relative dates were read against.
func CheckReading(storyText string, r Reading, now time.Time) CheckedReading {
	c := CheckedReading{Model: r.Model, Usage: r.Usage}
	src := foldForQuotes(storyText)
	reject := func(field, why string) { c.Rejected = append(c.Rejected, Rejection{field, why}) }
	accept := func(field string) { c.Accepted = append(c.Accepted, field) }

	name := func(field string, t ReadText) *TextFact {
		v := strings.Join(strings.Fields(t.Value), " ")
		if v == "" {
			return nil // unknown: an absence cannot be quoted, so it overrules nothing
		}
		if why := quoteProblem(src, t.Quote); why != "" {
			reject(field, why)
			return nil
		}
		switch {
		case utf8.RuneCountInString(v) > maxNameRunes || len(strings.Fields(v)) > maxNameWords:
			reject(field, "too long for a name")
			return nil
		case strings.ContainsAny(v, "@<>/\\|{}[]") || strings.IndexFunc(v, unicode.IsDigit) >= 0 && field == "prospect":
			reject(field, "not a name")
			return nil
		case !strings.Contains(foldForQuotes(t.Quote), foldForQuotes(v)):
			reject(field, "the name is not in its quote")
			return nil
		}
		accept(field)
		return &TextFact{v, strings.TrimSpace(t.Quote)}
	}
	c.Prospect = name("prospect", r.Prospect)
	c.Company = name("company", r.Company)

	if ch := strings.ToLower(strings.TrimSpace(r.Channel.Value)); ch != "" {
		switch {
		case !slices.Contains([]string{story.ChannelEmail, story.ChannelLinkedIn, story.ChannelPhone, story.ChannelText}, ch):
			reject("channel", fmt.Sprintf("%q is not email, linkedin, phone or text", clip(ch, 20)))
		default:
			if why := quoteProblem(src, r.Channel.Quote); why != "" {
				reject("channel", why)
				break
			}
			accept("channel")
			c.Channel = &TextFact{ch, strings.TrimSpace(r.Channel.Quote)}
		}
	}

	count := func(field string, n ReadCount, most int) *CountFact {
		switch {
		case n.Value < 0:
			return nil
		case n.Value > most:
			reject(field, fmt.Sprintf("%d is out of range (0 to %d)", n.Value, most))
			return nil
		}
		if why := quoteProblem(src, n.Quote); why != "" {
			reject(field, why)
			return nil
		}
		accept(field)
		return &CountFact{n.Value, strings.TrimSpace(n.Quote)}
	}
	c.FollowUps = count("follow_ups", r.FollowUps, maxFollowUps)
	c.DaysSilent = count("days_silent", r.DaysSilent, maxDaysSilent)

	var badDates []string
	for _, d := range r.Dates {
		kd, why := checkDate(src, d, now)
		if why != "" {
			badDates = append(badDates, why)
			continue
		}
		c.Dates = append(c.Dates, kd)
	}
	if len(badDates) > 0 {
		reject("dates", strings.Join(badDates, "; "))
	}
	if len(c.Dates) > 0 {
		accept("dates")
	}

	seen := map[ReasonID]bool{}
	for _, rr := range r.Reasons {
		id, err := ParseReasonID(strings.TrimSpace(rr.ID))
		field := "reason " + clip(rr.ID, 20)
		switch {
		case err != nil:
			reject(field, "not one of the seven reasons")
			continue
		case seen[id]:
			reject(field, "scored twice")
			continue
		case math.IsNaN(rr.Score) || rr.Score < 0 || rr.Score > 1:
			reject(field, "score out of range (0 to 1)")
			continue
		}
		seen[id] = true
		s := Score{ID: id, Score: math.Round(rr.Score*100) / 100, Evidence: []string{}}
		var invented int
		for _, q := range rr.Evidence {
			if quoteProblem(src, q) != "" {
				invented++
				continue
			}
			s.Evidence = append(s.Evidence, strings.TrimSpace(q))
		}
		for _, q := range rr.Against {
			if quoteProblem(src, q) != "" {
				invented++
				continue
			}
			s.Against = append(s.Against, strings.TrimSpace(q))
		}
		if len(s.Evidence) == 0 && s.Score > unsupportedScore {
			reject(field, fmt.Sprintf("score %.2f with no quote found in the story", rr.Score))
			continue
		}
		if invented > 0 {
			reject(field, fmt.Sprintf("%d quote(s) not found in the story were dropped", invented))
		}
		c.Reasons = append(c.Reasons, s)
		accept(field)
	}

	for _, id := range r.Ask {
		q, ok := QuestionByID(strings.TrimSpace(id))
		if !ok || q.ID == insightQuestion.ID {
			reject("ask", fmt.Sprintf("%q is not one of our questions", clip(id, 30)))
			continue
		}
		if !slices.Contains(c.Ask, q.ID) {
			c.Ask = append(c.Ask, q.ID)
		}
	}
	if len(c.Ask) > 0 {
		accept("ask")
	}
	return c
}

// Date bounds: a gating date is at most a few years back (a contract
// renewed last spring) and a decade ahead.
const (
	oldestDate = -3 * 365 * 24 * time.Hour
	latestDate = 10 * 365 * 24 * time.Hour
)

func checkDate(src string, d ReadDate, now time.Time) (KeyDate, string) {
	kind := strings.TrimSpace(d.Kind)
	switch kind {
	case DateContractEnd, DateBudget, DateAudit, DateEvent:
	default:
		return KeyDate{}, fmt.Sprintf("%q is not a date kind", clip(kind, 20))
	}
	if why := quoteProblem(src, d.Quote); why != "" {
		return KeyDate{}, why
	}
	kd := KeyDate{Kind: kind, Text: strings.TrimSpace(d.Quote)}
	if s := strings.TrimSpace(d.Date); s != "" {
		at, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return KeyDate{}, fmt.Sprintf("%q is not a YYYY-MM-DD date", clip(s, 20))
		}
		if at.Before(now.Add(oldestDate)) || at.After(now.Add(latestDate)) {
			return KeyDate{}, fmt.Sprintf("%s is out of range", s)
		}
		kd.When = at
	}
	return kd, ""
}

// quoteProblem says why quote cannot be found in the folded story src, or
// returns "". A model may shorten a long quote with an ellipsis: each part
// must then be found, in order.
func quoteProblem(src, quote string) string {
	q := strings.Trim(foldForQuotes(quote), " \"'.,;:!?")
	switch {
	case q == "":
		return "no quote"
	case utf8.RuneCountInString(q) > maxQuoteRunes:
		return "quote too long"
	}
	at := 0
	for _, part := range strings.Split(q, "...") {
		part = strings.Trim(part, " \"'.,;:!?")
		if part == "" {
			continue
		}
		i := strings.Index(src[at:], part)
		if i < 0 {
			return fmt.Sprintf("%q was not found in the text", clip(strings.TrimSpace(quote), 60))
		}
		at += i + len(part)
	}
	return ""
}

// foldForQuotes folds text so a quote matches the story however either
// was typed: as a model reads it (NFKC, invisible format characters
// dropped), typography folded the way the deterministic reader folds it,
// the look-alike the prompt puts in place of a tag's "<" undone, lower
// case, and every run of spaces one space.
func foldForQuotes(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Cf, r):
			return -1
		case r == '‹':
			return '<'
		}
		return r
	}, norm.NFKC.String(s))
	s = strings.ReplaceAll(story.Normalize(s), "…", "...")
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// ModelReading is what a deal keeps of a model's reading: the outcome, the
// reasons and questions that checked out, and the news not yet told.
type ModelReading struct {
	Outcome ReadingOutcome `json:"outcome"`
	Model   string         `json:"model,omitempty"`
	At      time.Time      `json:"at"`
	// Reasons are the model's checked scores of the story, blended into
	// the diagnosis (see Deal.diagnose).
	Reasons []Score `json:"reasons,omitempty"`
	// Ask are questions the model found worth asking.
	Ask []string `json:"ask,omitempty"`
	// Used names the fields taken from the model; FellBack the fields that
	// failed a check and kept the deterministic reading.
	Used     []string `json:"used,omitempty"`
	FellBack []string `json:"fell_back,omitempty"`
	// News is what the owner has not been told yet about what the reading
	// changed; the next turn of the conversation tells it, once.
	News string `json:"news,omitempty"`
}

// ApplyReading applies a checked reading to a deal. Facts the owner
// corrected stay as they are. A reading is applied once, and never to a
// deal whose draft was shown: the owner has seen, and may have sent, what
// that draft rests on (Fix is there for what is still wrong).
//
// When the reading changes what the owner was shown (the "I read" line, or
// the leading reason), the change is kept as news: the question on screen
// stays, and the next turn opens with one line saying what changed before
// it moves on (see Step). The questions that follow come from the new
// ranking, and the draft uses the new facts.
func ApplyReading(d Deal, c CheckedReading, now time.Time) Deal {
	if d.Reading != nil || d.Stage == StageDrafted {
		return d
	}
	before, beforeTop := DescribeFacts(d.Facts), d.Diagnosis.Top().ID
	f := d.Facts
	text := func(v *TextFact, val, src *string) {
		if v != nil && *src != fixedSource {
			*val, *src = v.Value, v.Quote
		}
	}
	count := func(v *CountFact, val *int, src *string) {
		if v != nil && *src != fixedSource {
			*val, *src = v.Value, v.Quote
		}
	}
	text(c.Prospect, &f.Prospect, &f.Sources.Prospect)
	text(c.Company, &f.Company, &f.Sources.Company)
	text(c.Channel, &f.Channel, &f.Sources.Channel)
	count(c.FollowUps, &f.FollowUps, &f.Sources.FollowUps)
	count(c.DaysSilent, &f.DaysSilent, &f.Sources.DaysSilent)
	if len(c.Dates) > 0 {
		f.Dates = c.Dates
	}
	d.Facts = f
	r := &ModelReading{Outcome: c.Outcome(), Model: c.Model, At: now, Reasons: c.Reasons, Ask: c.Ask, Used: c.Accepted}
	for _, rj := range c.Rejected {
		if !slices.Contains(r.FellBack, rj.Field) {
			r.FellBack = append(r.FellBack, rj.Field)
		}
	}
	d.Reading = r
	d.Diagnosis = d.diagnose()
	d.UpdatedAt = now

	var news []string
	if after := DescribeFacts(d.Facts); after != before {
		news = append(news, "I read your story again, more closely: "+after+". (Wrong? "+fixHint+".)")
	}
	if top := d.Diagnosis.Top(); top.ID != beforeTop {
		name := string(top.ID)
		if rs, ok := ReasonByID(top.ID); ok {
			name = rs.Name
		}
		line := "That changes my best guess to “" + name + "”"
		if len(top.Evidence) > 0 {
			line += ": “" + clip(top.Evidence[0], 80) + "”"
		}
		news = append(news, line+".")
	}
	r.News = strings.Join(news, "\n")
	return d
}

// fixHint says how to correct a fact, wherever the conversation runs.
const fixHint = `say "fix name Marcus", "fix touches 2" and the like`

// ReadingChange is the Change that applies a checked reading at now.
func ReadingChange(c CheckedReading, now time.Time) Change {
	return func(d *Deal) ([]Effect, error) {
		*d = ApplyReading(*d, c, now)
		return nil, nil
	}
}

// SettleReading records on a deal that its reading ended without anything
// to apply (an error, a timeout), so nobody waits for it again.
func SettleReading(outcome ReadingOutcome, now time.Time) Change {
	return func(d *Deal) ([]Effect, error) {
		if d.Reading == nil {
			d.Reading = &ModelReading{Outcome: outcome, At: now}
		}
		return nil, nil
	}
}

// TakeReadingNews returns what the owner has not been told yet about the
// deal's reading, as lines to show, and marks it told. A caller about to
// write a draft uses it when the reading arrived after the last turn.
func (d *Deal) TakeReadingNews() []Effect {
	if d.Reading == nil || d.Reading.News == "" {
		return nil
	}
	news := d.Reading.News
	d.Reading.News = ""
	return []Effect{Say{news}}
}

// withReadingNews opens a turn's effects with the news of a reading that
// arrived since the last turn. When the reading put the deal past the
// cadence guard (it counted more unanswered follow-ups), the turn ends
// with the closing note instead of another question, as a correction does.
func (d Deal) withReadingNews(now time.Time, fx []Effect) (Deal, []Effect) {
	if d.Reading == nil || d.Reading.News == "" {
		return d, fx
	}
	switch d.Stage {
	case StageAsking, StageInsight, StageDrafting:
	default:
		return d, fx
	}
	r := *d.Reading
	d.Reading = &r
	news := d.TakeReadingNews()
	if c := CadenceOf(d, now); c.Mode == ModeClosing && d.Stage != StageDrafting {
		if d.Stage == StageAsking && d.Pending != nil && len(d.Asked) > 0 && d.Asked[len(d.Asked)-1] == d.Pending.ID {
			d.Asked = d.Asked[:len(d.Asked)-1] // never shown
		}
		d.Stage, d.Pending = StageDrafting, nil
		news = append(news, Say{fmt.Sprintf("With %d unanswered follow-ups, another chase won't help. I'll write a short closing note instead.", c.Touches)})
		return d, append(news, WriteDraft{d.Request(StyleDefault)})
	}
	return d, append(news, fx...)
}

// diagnose is the deal's diagnosis: the deterministic one, blended with the
// model's reading of the story when there is one. The model reads the
// story better than a lexicon, so its scores weigh more in the story's
// share; the answers then move each reason exactly as far as they move the
// deterministic diagnosis. Every score still cites the words it rests on:
// the model's quotes (checked against the story) first, then the
// deterministic evidence, answers included.
func (d Deal) diagnose() Diagnosis {
	withAnswers := Diagnose(d.Story, d.Facts, d.Answers)
	if d.Reading == nil || len(d.Reading.Reasons) == 0 {
		return withAnswers
	}
	storyOnly := withAnswers
	if len(d.Answers) > 0 {
		storyOnly = Diagnose(d.Story, d.Facts, nil)
	}
	return blend(storyOnly, withAnswers, d.Reading.Reasons)
}

// modelWeight is the model's share of a reason's story score.
const modelWeight = 2.0 / 3

func blend(storyOnly, withAnswers Diagnosis, model []Score) Diagnosis {
	type ranked struct {
		Score
		raw float64
	}
	rs := make([]ranked, 0, len(Reasons))
	for _, r := range Reasons {
		a, s := withAnswers.Of(r.ID), storyOnly.Of(r.ID)
		out := Score{ID: r.ID, Score: a.Score, Evidence: a.Evidence, Against: a.Against}
		raw := a.Score
		if i := slices.IndexFunc(model, func(m Score) bool { return m.ID == r.ID }); i >= 0 {
			m := model[i]
			raw = min(max(modelWeight*m.Score+(1-modelWeight)*s.Score+(a.Score-s.Score), 0), 1)
			out.Evidence = mergeEvidence(m.Evidence, a.Evidence, maxEvidence)
			out.Against = mergeEvidence(m.Against, a.Against, maxEvidence)
			if len(out.Against) == 0 {
				out.Against = nil
			}
		}
		out.Score = math.Round(raw*100) / 100
		rs = append(rs, ranked{out, raw})
	}
	// Ties keep the canonical order.
	slices.SortStableFunc(rs, func(x, y ranked) int {
		switch {
		case x.raw > y.raw:
			return -1
		case x.raw < y.raw:
			return 1
		}
		return 0
	})
	dg := Diagnosis{Reasons: make([]Score, len(rs))}
	for i, r := range rs {
		dg.Reasons[i] = r.Score
	}
	return dg
}

// mergeEvidence cites up to modelEvidence of the model's quotes, then the
// deterministic evidence, leaving out what repeats a quote already cited.
func mergeEvidence(model, det []string, most int) []string {
	out := make([]string, 0, most)
	var folded []string
	add := func(e string) {
		f := foldForQuotes(e)
		for _, g := range folded {
			if strings.Contains(g, f) || strings.Contains(f, g) {
				return
			}
		}
		folded = append(folded, f)
		out = append(out, e)
	}
	for _, e := range model {
		if len(out) >= min(modelEvidence, most) {
			break
		}
		add(e)
	}
	for _, e := range det {
		if len(out) >= most {
			break
		}
		add(e)
	}
	return out
}

// nextQuestion is NextQuestion with the model's view of what is worth
// asking: when the next question is about a reason for which the model
// named another open question, that one is asked instead. The choice of
// reason, the stopping rules and the follow-ons of what the story already
// answered stay NextQuestion's.
func (d Deal) nextQuestion() (Question, bool) {
	q, ok := NextQuestion(d)
	if !ok || d.Reading == nil || len(d.Reading.Ask) == 0 || followOnOnly[q.ID] {
		return q, ok
	}
	var known map[string]storyAnswer
	for _, id := range d.Reading.Ask {
		alt, found := questionIndex[id]
		if !found || alt.Reason != q.Reason || followOnOnly[id] || alt.ID == insightQuestion.ID || slices.Contains(d.Asked, id) {
			continue
		}
		if alt.ID == q.ID {
			return q, true
		}
		if known == nil {
			known = storyAnswers(d)
		}
		if _, answered := known[id]; answered {
			continue
		}
		return alt, true
	}
	return q, true
}

// MappedAnswer is a typed answer a model placed among the pending
// question's options, checked with CheckAnswerReading. Step uses it only
// for the question it was made for, and only when the deterministic
// mapper could not place the answer itself.
type MappedAnswer struct {
	QuestionID string
	Option     string
}

// CheckAnswerReading checks a model's placement of a typed answer: the
// option must be one of q's, and its quote must be found in the answer. It
// returns the option, or "" and why not.
func CheckAnswerReading(q Question, answer string, r AnswerReading) (string, string) {
	opt := strings.TrimSpace(r.Option)
	if opt == "" || opt == "none" {
		return "", "fits none of the options"
	}
	o, ok := q.option(opt)
	if !ok {
		return "", fmt.Sprintf("%q is not an option of %s", clip(opt, 30), q.ID)
	}
	if why := quoteProblem(foldForQuotes(answer), r.Quote); why != "" {
		return "", why
	}
	return o.Value, ""
}

// mappedOption returns the option in for q, when there is one for it.
func (in Input) mappedOption(q Question) string {
	if in.Mapped.QuestionID != q.ID {
		return ""
	}
	if o, ok := q.option(in.Mapped.Option); ok {
		return o.Value
	}
	return ""
}
