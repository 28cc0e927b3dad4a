package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
	"github.com/ghosted-bot/ghosted/prompts"
)

// loomlyStory is read well by the keyword reader except for the company,
// which only a reading of the whole story finds ("their tool is named Loomly").
// Its one reason, said outright, is value, so the first question is the
// value question on both readings.
const loomlyStory = "Head of RevOps went quiet after the pilot, their tool is named Loomly. In my CRM she's listed as S. Patel but everyone calls her Sunita. " +
	"She didn't see the value of the pilot. Emailed her twice, nothing for 3 weeks."

// loomlyReading is the model's reading of loomlyStory: every quote is the
// story's own words.
const loomlyReading = `{
  "facts": {
    "prospect": {"quote": "everyone calls her Sunita", "value": "Sunita"},
    "company": {"quote": "their tool is named Loomly", "value": "Loomly"},
    "follow_ups": {"quote": "Emailed her twice", "value": 2},
    "days_silent": {"quote": "nothing for 3 weeks", "value": 21},
    "channel": {"quote": "Emailed her twice", "value": "email"},
    "dates": []
  },
  "reasons": [
    {"id": "value", "evidence": ["went quiet after the pilot"], "against": [], "score": 0.55},
    {"id": "interest", "evidence": ["head of RevOps"], "against": [], "score": 0.3},
    {"id": "insights", "evidence": [], "against": [], "score": 0.1},
    {"id": "tactics", "evidence": [], "against": [], "score": 0.05},
    {"id": "priorities", "evidence": [], "against": [], "score": 0.1},
    {"id": "timing", "evidence": [], "against": [], "score": 0.1},
    {"id": "status_quo", "evidence": [], "against": [], "score": 0.15}
  ],
  "worth_asking": ["value-outcome", "interest-owner"]
}`

// monthEnd is a typed answer to "did they say what outcome this would get
// them?" that the keyword mapper cannot place; the fake model places it.
const monthEnd = "She wants month-end close down to 4 days, her words"

// fakeModel answers story readings with reading (after delay, and once
// hold is closed when set), answer mappings by placing monthEnd as "yes"
// and anything else with a made-up quote, and drafts as usual.
func fakeModel(reading string, delay time.Duration, hold <-chan struct{}) func(openaitest.Request) openaitest.Reply {
	return func(r openaitest.Request) openaitest.Reply {
		switch r.SchemaName {
		case prompts.ReadSchemaName:
			return openaitest.Reply{Text: reading, Delay: delay, Hold: hold}
		case prompts.MapSchemaName:
			if strings.Contains(r.User(), monthEnd) {
				return openaitest.Reply{Text: `{"quote": "month-end close down to 4 days", "option": "yes"}`}
			}
			return openaitest.Reply{Text: `{"quote": "she said yes", "option": "yes"}`}
		}
		return openaitest.RealReply(r)
	}
}

// requestsFor returns the fake model's requests of one schema ("" for
// drafts).
func requestsFor(h *harness, schema string) []openaitest.Request {
	var out []openaitest.Request
	for _, r := range h.llm.Requests() {
		if r.SchemaName == schema {
			out = append(out, r)
		}
	}
	return out
}

// startStory sends a story in the bot's DM and returns the thread's root
// and the first question.
func startStory(h *harness, user, story string) (string, string, post) {
	h.t.Helper()
	dm := h.fake.DMChannel(user)
	env := h.fake.SendEvent(slacktest.Message{Channel: dm, User: user, Text: story})
	h.ack(env)
	var root string
	_ = json2(env.Payload, &root)
	q := h.waitPost(0, and(inThread(dm, root), post.IsQuestion))
	return dm, root, q
}

// TestFirstQuestionDoesNotWaitForTheReading: the model's reading is asked
// for at once, but the first question (with the keyword reader's "I read"
// line) goes out while the model is still holding its answer. A draft due
// before the reading arrived waits for it: the owner is told what the
// closer reading changed, and the draft uses it.
func TestFirstQuestionDoesNotWaitForTheReading(t *testing.T) {
	t.Parallel()
	hold := make(chan struct{})
	m := metrics.New(nil, nil)
	h := newHarness(t, harnessOptions{reader: true, metrics: m, llm: openaitest.Options{Default: fakeModel(loomlyReading, 0, hold)}})
	dm, root, q := startStory(h, "U60", loomlyStory)

	if err := h.llm.Wait(h.ctx(), 1); err != nil {
		t.Fatal(err)
	}
	reads := requestsFor(h, prompts.ReadSchemaName)
	if len(reads) != 1 || !reads[0].Done.IsZero() {
		t.Fatalf("the story reading: %d requests, done %v; want one, still held", len(reads), len(reads) == 1 && !reads[0].Done.IsZero())
	}
	if text := q.AllText(); !strings.Contains(text, "I read:* Sunita · email · 2 unanswered · 3 weeks quiet") {
		t.Errorf("the first question does not carry the keyword reading: %s", text)
	}

	close(hold)
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U60", ThreadTS: root, Text: "skip"}))
	card := h.waitPost(0, and(inThread(dm, root), post.IsCard))
	var news post
	for _, p := range h.posts()[h.index(q)+1 : h.index(card)] {
		if strings.Contains(p.AllText(), "I read your story again") {
			news = p
		}
	}
	if !strings.Contains(news.AllText(), "Sunita (Loomly) · email · 2 unanswered · 3 weeks quiet") {
		t.Errorf("no news of the closer reading before the draft:\n%s", h.describePosts())
	}
	drafts := requestsFor(h, "")
	if len(drafts) == 0 || !strings.Contains(drafts[0].User(), "Company: Loomly") {
		t.Fatalf("the draft did not use the reading: %v", drafts)
	}
	d := h.deals("U60")[0]
	if d.Facts.Company != "Loomly" || d.Facts.Sources.Company != "their tool is named Loomly" || d.Reading == nil || d.Reading.Outcome != coach.ReadingUsed || d.Reading.News != "" {
		t.Errorf("stored deal: facts %+v reading %+v", d.Facts, d.Reading)
	}
	if got := m.Value("ghosted_llm_readings_total", "call", "story", "outcome", "used"); got != 1 {
		t.Errorf("ghosted_llm_readings_total{call=story,outcome=used} = %v", got)
	}
	if m.Value("ghosted_llm_reading_tokens_total", "call", "story", "kind", "prompt") == 0 || m.Value("ghosted_llm_reading_tokens_total", "call", "story", "kind", "completion") == 0 {
		t.Errorf("reading tokens not counted")
	}
	if !strings.Contains(h.logs.String(), "story read by the model") || !strings.Contains(h.logs.String(), "used=\"[prospect company channel follow_ups days_silent reason value") {
		t.Errorf("the log does not say what was used:\n%s", h.logs)
	}
}

// TestSlowReadingStillAsksAtOnceAndDrafts: with the model taking 2.5 s to
// read each story, the first question arrives before the reading does,
// the questions go on, and the conversation reaches a draft that uses the
// reading.
func TestSlowReadingStillAsksAtOnceAndDrafts(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{reader: true, llm: openaitest.Options{Default: fakeModel(loomlyReading, 2500*time.Millisecond, nil)}})
	dm, root, q := startStory(h, "U61", loomlyStory)
	card := h.answerUntilCard("U61", dm, root, func(int) bool { return true })

	reads := requestsFor(h, prompts.ReadSchemaName)
	if len(reads) != 1 || reads[0].Done.IsZero() {
		t.Fatalf("story readings: %+v", reads)
	}
	if !q.Call.At.Before(reads[0].Done) {
		t.Errorf("the first question went out at %s, after the reading came back at %s", q.Call.At.Format(time.StampMicro), reads[0].Done.Format(time.StampMicro))
	}
	drafts := requestsFor(h, "")
	if len(drafts) == 0 || !strings.Contains(drafts[len(drafts)-1].User(), "Company: Loomly") {
		t.Errorf("the draft did not use the reading")
	}
	if !strings.Contains(card.AllText(), "Lint:") {
		t.Errorf("card: %s", card.AllText())
	}
}

// TestReadingFallsBack: a reply that is not the JSON asked for, and a
// model that does not answer in time, leave the keyword reading in place;
// the conversation goes on to a draft, the log says why and /metrics
// counts the outcome.
func TestReadingFallsBack(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		reading openaitest.Reply
		outcome coach.ReadingOutcome
		log     string
	}{
		{"malformed JSON", openaitest.Reply{Text: `{"facts": {"prospect": {"quote": "everyone calls her`}, coach.ReadingFellBack, "the model could not read the story"},
		{"timeout", openaitest.Reply{Text: loomlyReading, Hold: make(chan struct{})}, coach.ReadingTimedOut, "the model did not read the story in time"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := metrics.New(nil, nil)
			def := fakeModel(loomlyReading, 0, nil)
			h := newHarness(t, harnessOptions{reader: true, metrics: m,
				// The least ReadTimeout Config.Validate allows.
				config: func(c *bot.Config) { c.ReadTimeout = time.Second },
				llm: openaitest.Options{Default: func(r openaitest.Request) openaitest.Reply {
					if r.SchemaName == prompts.ReadSchemaName {
						return tc.reading
					}
					return def(r)
				}}})
			dm, root, _ := startStory(h, "U62", loomlyStory)
			h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U62", ThreadTS: root, Text: "skip"}))
			h.waitPost(0, and(inThread(dm, root), post.IsCard))

			drafts := requestsFor(h, "")
			if len(drafts) == 0 || !strings.Contains(drafts[0].User(), "Company: not given") || !strings.Contains(drafts[0].User(), "Prospect: Sunita") {
				t.Errorf("the draft did not keep the keyword reading")
			}
			d := h.deals("U62")[0]
			if d.Facts.Company != "" || d.Reading == nil || d.Reading.Outcome != tc.outcome {
				t.Errorf("stored: company %q reading %+v", d.Facts.Company, d.Reading)
			}
			if got := m.Value("ghosted_llm_readings_total", "call", "story", "outcome", string(tc.outcome)); got != 1 {
				t.Errorf("readings{story,%s} = %v", tc.outcome, got)
			}
			if !strings.Contains(h.logs.String(), tc.log) {
				t.Errorf("the log does not say %q", tc.log)
			}
		})
	}
}

// TestTypedAnswerPlacedByTheModel: a typed answer the keyword mapper
// cannot place is placed by a small structured call, checked like a
// reading: a placement quoting the answer is used (the owner's words
// kept), one with a made-up quote is not, and the answer stays a note.
func TestTypedAnswerPlacedByTheModel(t *testing.T) {
	t.Parallel()
	m := metrics.New(nil, nil)
	h := newHarness(t, harnessOptions{reader: true, metrics: m, llm: openaitest.Options{Default: fakeModel(loomlyReading, 0, nil)}})
	dm, root, q := startStory(h, "U63", loomlyStory)
	if !strings.Contains(q.AllText(), "what outcome this would get them") {
		t.Fatalf("first question: %s", q.AllText())
	}
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U63", ThreadTS: root, Text: monthEnd}))
	q2 := h.waitPost(h.index(q)+1, and(inThread(dm, root), post.IsQuestion))

	maps := requestsFor(h, prompts.MapSchemaName)
	if len(maps) != 1 || !strings.Contains(maps[0].User(), "- yes: Yes") || !strings.Contains(maps[0].User(), monthEnd+"\n</answer-") {
		t.Fatalf("mapping requests: %d %v", len(maps), maps)
	}
	d := h.deals("U63")[0]
	if a := d.Answers[0]; a.QuestionID != "value-outcome" || a.Option != "yes" || a.Text != monthEnd {
		t.Errorf("stored answer %+v, want yes with the typed words", a)
	}
	if got := m.Value("ghosted_llm_readings_total", "call", "answer", "outcome", "used"); got != 1 {
		t.Errorf("readings{answer,used} = %v", got)
	}

	const offTopic = "the weather in Lisbon came up a lot"
	if p := d.Pending; p == nil || len(p.Options) == 0 {
		t.Fatalf("no pending question with options: %+v", p)
	} else if opt, ok := coach.MapAnswer(*p, offTopic); ok {
		t.Fatalf("the keyword mapper places %q as %s; the test needs an answer it cannot place", offTopic, opt)
	}
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U63", ThreadTS: root, Text: offTopic}))
	h.waitPost(h.index(q2)+1, and(inThread(dm, root), func(p post) bool { return p.IsQuestion() || p.IsCard() }))
	if n := len(requestsFor(h, prompts.MapSchemaName)); n != 2 {
		t.Fatalf("%d mapping requests, want 2", n)
	}
	d = h.deals("U63")[0]
	if a := d.Answers[1]; a.Option != "" || a.Text != offTopic {
		t.Errorf("an answer placed on a made-up quote: %+v", a)
	}
	if got := m.Value("ghosted_llm_readings_total", "call", "answer", "outcome", "fell_back"); got != 1 {
		t.Errorf("readings{answer,fell_back} = %v", got)
	}
}

// TestReadingNeverOverwritesACorrection: a fact the owner fixed while the
// model was still reading stays as they fixed it; the rest of the reading
// is used.
func TestReadingNeverOverwritesACorrection(t *testing.T) {
	t.Parallel()
	hold := make(chan struct{})
	h := newHarness(t, harnessOptions{reader: true, llm: openaitest.Options{Default: fakeModel(loomlyReading, 0, hold)}})
	dm, root, q := startStory(h, "U64", loomlyStory)
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U64", ThreadTS: root, Text: "fix company Loomly Inc"}))
	h.waitPost(h.index(q)+1, func(p post) bool { return strings.Contains(p.AllText(), "Thanks, fixed") })

	close(hold)
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U64", ThreadTS: root, Text: "skip"}))
	h.waitPost(0, and(inThread(dm, root), post.IsCard))
	d := h.deals("U64")[0]
	if d.Facts.Company != "Loomly Inc" || d.Facts.Sources.Company != "corrected by you" {
		t.Errorf("the correction was overwritten: %+v", d.Facts)
	}
	if d.Reading == nil || d.Reading.Outcome != coach.ReadingUsed {
		t.Errorf("the reading was not applied: %+v", d.Reading)
	}
	if drafts := requestsFor(h, ""); len(drafts) == 0 || !strings.Contains(drafts[0].User(), "Company: Loomly Inc") {
		t.Errorf("the draft did not use the correction")
	}
}

// TestClosingNoteWaitsForTheReading: a story past the cadence guard goes
// straight to the closing note. The first reply (what was read, and why no
// chase) goes out at once; the note itself waits for the model's reading,
// which the owner is told about, and uses it: it has the name the keyword
// reader missed.
func TestClosingNoteWaitsForTheReading(t *testing.T) {
	t.Parallel()
	const story = "Head of RevOps went quiet after the pilot, their tool is named Loomly. Her Slack handle is @sunita.p on their workspace. I've emailed her 6 times since, nothing for 5 weeks."
	reading := strings.NewReplacer(`"quote": "everyone calls her Sunita"`, `"quote": "Her Slack handle is @sunita.p"`,
		`{"quote": "Emailed her twice", "value": 2}`, `{"quote": "emailed her 6 times", "value": 6}`,
		`{"quote": "nothing for 3 weeks", "value": 21}`, `{"quote": "nothing for 5 weeks", "value": 35}`,
		`{"quote": "Emailed her twice", "value": "email"}`, `{"quote": "emailed her 6 times", "value": "email"}`,
	).Replace(loomlyReading)
	hold := make(chan struct{})
	h := newHarness(t, harnessOptions{reader: true, llm: openaitest.Options{Default: fakeModel(reading, 0, hold)}})
	dm := h.fake.DMChannel("U65")
	env := h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U65", Text: story})
	h.ack(env)
	var root string
	_ = json2(env.Payload, &root)
	first := h.waitPost(0, and(inThread(dm, root), func(p post) bool { return strings.Contains(p.AllText(), "Another chase won't help") }))
	if !strings.Contains(first.AllText(), "I read:* no name · email · 6 unanswered") {
		t.Errorf("the first reply lacks the keyword reading: %s", first.AllText())
	}
	if reads := requestsFor(h, prompts.ReadSchemaName); len(reads) > 1 || len(reads) == 1 && !reads[0].Done.IsZero() {
		t.Fatalf("the first reply waited for the reading")
	}
	if n := len(requestsFor(h, "")); n != 0 {
		t.Fatalf("the closing note was drafted before the reading: %d draft requests", n)
	}

	close(hold)
	card := h.waitPost(0, and(inThread(dm, root), post.IsCard))
	between := h.posts()[h.index(first)+1 : h.index(card)]
	if len(between) == 0 || !strings.Contains(between[len(between)-1].AllText(), "Sunita (Loomly) · email · 6 unanswered") {
		t.Errorf("no news of the reading before the note:\n%s", h.describePosts())
	}
	drafts := requestsFor(h, "")
	if len(drafts) != 1 || !strings.Contains(drafts[0].User(), "Prospect: Sunita") || !strings.Contains(drafts[0].User(), "Company: Loomly") ||
		!strings.Contains(drafts[0].User(), "Mode: closing") {
		t.Errorf("the closing note did not use the reading: %v", drafts)
	}
}

// TestDraftWaitsForTheReadingOnlySoLong: a draft waits for a reading still
// under way for at most half the draft timeout, then calls the reading off
// and drafts with the keyword reading: a slow model never makes the draft
// take much longer than a draft alone may.
func TestDraftWaitsForTheReadingOnlySoLong(t *testing.T) {
	t.Parallel()
	m := metrics.New(nil, nil)
	never := make(chan struct{})
	h := newHarness(t, harnessOptions{reader: true, metrics: m,
		config: func(c *bot.Config) { c.DraftTimeout, c.ReadTimeout = 2*time.Second, time.Minute },
		llm:    openaitest.Options{Default: fakeModel(loomlyReading, 0, never)}})
	dm, root, _ := startStory(h, "U66", loomlyStory)
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U66", ThreadTS: root, Text: "draft it"}))
	h.waitPost(0, and(inThread(dm, root), post.IsCard))

	if drafts := requestsFor(h, ""); len(drafts) != 1 || !strings.Contains(drafts[0].User(), "Company: not given") {
		t.Errorf("the draft did not go ahead with the keyword reading")
	}
	d := h.deals("U66")[0]
	if d.Reading == nil || d.Reading.Outcome != coach.ReadingTimedOut {
		t.Errorf("the reading called off is stored as %+v, want timed_out", d.Reading)
	}
	if got := m.Value("ghosted_llm_readings_total", "call", "story", "outcome", "timed_out"); got != 1 {
		t.Errorf("readings{story,timed_out} = %v", got)
	}
	if logs := h.logs.String(); !strings.Contains(logs, "the draft will not wait longer") || !strings.Contains(logs, "a draft stopped waiting for the reading") {
		t.Errorf("the log does not say the reading was called off")
	}
}
