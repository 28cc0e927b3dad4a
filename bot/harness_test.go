package bot_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/bottest"
	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/openaidraft"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
	"github.com/ghosted-bot/ghosted/coach/openairead"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"
)

// The end-to-end harness runs the real bot (real slack-go socketmode client)
// against the fake Slack, the real OpenAI drafter against the fake OpenAI
// server, and the real Redis store: embedded, or the server in REDIS_URL
// under a prefix of its own. Tests wait on recorded calls, never on sleeps.

const waitLong = 15 * time.Second

type harness struct {
	t                testing.TB
	allowRateLimited bool
	fake             *slacktest.Fake
	llm              *openaitest.Server
	store            *redisstore.Store
	bot              *bot.Bot
	logs             *logBuffer

	cancel context.CancelFunc
	done   chan error
}

type harnessOptions struct {
	slack   slacktest.Options
	llm     openaitest.Options
	config  func(*bot.Config)
	drafter coach.Drafter // nil: openaidraft against h.llm
	// noLLMRetries turns the drafter's retries off, so a scripted failure
	// fails at once.
	noLLMRetries bool
	metrics      *metrics.Ghosted
	// reader reads stories with openairead against the fake LLM too.
	reader bool
	// quiet logs at info level to nowhere, as a benchmark should: the cost
	// of formatting stays, the output goes.
	quiet bool
	// rateMinute shortens Slack's minute, for the fake's rate limits and
	// the bot's pacer alike, so a test meets the tiers in seconds. Zero
	// keeps a real minute. Either way the fake enforces the limits, and
	// the test fails if the bot meets one of them (see stop).
	rateMinute time.Duration
	// allowRateLimited lets a test end with 429s from the fake's limits:
	// for a test that shows what happens without pacing.
	allowRateLimited bool
}

func newHarness(t testing.TB, o harnessOptions) *harness {
	t.Helper()
	h := &harness{t: t, logs: &logBuffer{}, allowRateLimited: o.allowRateLimited}
	o.slack.RateLimits = true
	if o.rateMinute > 0 {
		o.slack.RateMinute = o.rateMinute
	}
	h.fake = slacktest.New(t, o.slack)
	h.llm = openaitest.New(t, o.llm)

	ctx := context.Background()
	store, err := redisstore.Open(ctx, os.Getenv("REDIS_URL"), redisstore.Options{Prefix: "bottest-" + randomID()})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	h.store = store
	t.Cleanup(func() { cleanupStore(store) })

	drafter := o.drafter
	if drafter == nil {
		retries := 0
		if o.noLLMRetries {
			retries = -1
		}
		d, err := openaidraft.New(openaidraft.Config{
			APIKey: "sk-test", BaseURL: h.llm.URL(), Model: "gpt-test", MaxRetries: retries, Timeout: 10 * time.Second,
		})
		if err != nil {
			t.Fatalf("drafter: %v", err)
		}
		drafter = d
	}

	cfg := bot.Config{
		BotToken:       h.fake.BotToken,
		AppToken:       h.fake.AppToken,
		APIURL:         h.fake.APIURL(),
		Workers:        8,
		StreamInterval: 100 * time.Millisecond,
		RateMinute:     o.rateMinute,
		Logger:         slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if o.quiet {
		cfg.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	if o.config != nil {
		o.config(&cfg)
	}
	var reader coach.Reader
	if o.reader {
		r, err := openairead.New(openairead.Config{APIKey: "sk-test", BaseURL: h.llm.URL(), Model: "gpt-test"})
		if err != nil {
			t.Fatalf("reader: %v", err)
		}
		reader = r
	}
	b, err := bot.New(cfg, bot.Deps{Memory: store, Drafter: drafter, Reader: reader, Metrics: o.metrics})
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	h.bot = b
	runCtx, cancel := context.WithCancel(ctx)
	h.cancel = cancel
	h.done = make(chan error, 1)
	go func() { h.done <- b.Run(runCtx) }()
	t.Cleanup(h.stop)

	wctx, wcancel := context.WithTimeout(ctx, waitLong)
	defer wcancel()
	if err := h.fake.WaitConnected(wctx, 1); err != nil {
		h.stop()
		t.Fatalf("bot did not connect: %v\n%s", err, h.logs)
	}
	return h
}

// stop shuts the bot down and checks it stopped cleanly.
func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("Run returned %v", err)
		}
	case <-time.After(30 * time.Second):
		h.t.Errorf("Run did not return after cancel")
	}
	if logs := h.logs.String(); strings.Contains(logs, h.fake.BotToken) || strings.Contains(logs, h.fake.AppToken) || strings.Contains(logs, "sk-test") {
		h.t.Errorf("a secret reached the logs")
	}
	// The bot paces itself within Slack's limits: the fake never had to
	// refuse a call (429s a test injects with a Fault are not counted).
	if limited := h.fake.RateLimited(); len(limited) > 0 && !h.allowRateLimited {
		h.t.Errorf("the bot met Slack's rate limits %d times, first %s at %v", len(limited), limited[0].Method, limited[0].At.Format(time.StampMilli))
	}
	if h.t.Failed() {
		h.t.Logf("bot logs:\n%s", h.logs)
	}
}

func cleanupStore(s *redisstore.Store) {
	if !s.Embedded() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = redistest.DeleteKeys(ctx, s)
	}
	s.Close()
}

var randomID = bottest.RandomID

// The posts the bot sent, and what a test waits for, come from bot/bottest,
// which cmd/ghosted's fault tests share.
type post = bottest.Post

var (
	inThread   = bottest.InThread
	and        = bottest.All
	decodePost = bottest.Decode
)

// kit reads h's fake Slack, with h's logs on a failed wait.
func (h *harness) kit() *bottest.Kit {
	return &bottest.Kit{T: h.t, Fake: h.fake, Logs: h.logs, Wait: waitLong}
}

func (h *harness) ctx() context.Context { return h.kit().Ctx() }

// ack waits for an envelope's ack and checks it came in time.
func (h *harness) ack(env slacktest.Envelope) slacktest.AckRecord {
	h.t.Helper()
	return h.kit().Ack(env)
}

// waitCall waits for a call to method that matches.
func (h *harness) waitCall(method string, match func(slacktest.Call) bool) slacktest.Call {
	h.t.Helper()
	return h.kit().WaitCall(method, match)
}

func (h *harness) posts() []post { return h.kit().Posts() }

// waitPost waits for a post matching cond among those after the first skip.
func (h *harness) waitPost(skip int, cond func(post) bool) post {
	h.t.Helper()
	return h.kit().WaitPost(skip, cond)
}

func (h *harness) describePosts() string { return h.kit().Describe() }

// press clicks an element of a message the bot posted.
func (h *harness) press(user string, p post, actionID string) slacktest.Envelope {
	h.t.Helper()
	return h.kit().Press(user, p, actionID)
}

// index is p's position in h.posts().
func (h *harness) index(p post) int { return h.kit().Index(p) }

// privateAnswer waits for the bot's answer to a press through the press's
// response_url, and checks it is what a private answer must be: ephemeral,
// leaving the pressed message as it was.
func (h *harness) privateAnswer(press slacktest.Envelope, match func(slacktest.Call) bool) slacktest.Call {
	h.t.Helper()
	c := h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == press.ResponseURL && (match == nil || match(c)) })
	if c.Params.Get("response_type") != "ephemeral" || c.Params.Get("replace_original") == "true" {
		h.t.Errorf("answer to a press: response_type %q, replace_original %q; want an ephemeral that replaces nothing",
			c.Params.Get("response_type"), c.Params.Get("replace_original"))
	}
	return c
}

// answerUntilCard answers questions in a thread (by button when answerByButton
// says so, else by text) until a draft card shows up, and returns it.
func (h *harness) answerUntilCard(user, channel, root string, answerByButton func(n int) bool) post {
	h.t.Helper()
	seen := 0
	for n := 0; n < 8; n++ {
		p := h.waitPost(seen, and(inThread(channel, root), func(p post) bool { return p.IsQuestion() || p.IsCard() }))
		if p.IsCard() {
			return p
		}
		seen = h.index(p) + 1
		if answerByButton(n) && p.HasAction("q_opt_0") {
			h.press(user, p, "q_opt_0")
		} else {
			env := h.fake.SendEvent(slacktest.Message{Channel: channel, User: user, ThreadTS: root, Text: "Honestly not sure, they went silent after the pricing call"})
			h.ack(env)
		}
	}
	h.t.Fatalf("no draft card after 8 answers\n%s", h.describePosts())
	return post{}
}

// logBuffer collects the bot's logs for failure output and for checking
// that secrets never reach them.
type logBuffer = bottest.LogBuffer

// json2 decodes raw into v; for a string v it reads the event's ts.
func json2(raw []byte, v any) error {
	if s, ok := v.(*string); ok {
		var env struct {
			Event struct {
				TS string `json:"ts"`
			} `json:"event"`
		}
		err := json.Unmarshal(raw, &env)
		*s = env.Event.TS
		return err
	}
	return json.Unmarshal(raw, v)
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func newMemory(t testing.TB) *redisstore.Store {
	t.Helper()
	store, err := redisstore.Open(context.Background(), os.Getenv("REDIS_URL"), redisstore.Options{Prefix: "bottest-" + randomID()})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { cleanupStore(store) })
	return store
}
