// Package openaidraft is the coach.Drafter that writes messages with a
// language model behind an OpenAI-compatible chat completions API (OpenAI
// itself, or Ollama, vLLM and other servers that speak the same protocol).
//
// The system message is prompts.System(), the same for every request, and
// the user message is prompts.Draft (or prompts.Redraft when the request
// carries a previous draft), its data fenced with a code drawn for that
// request. Every request caps the reply (max_completion_tokens, or
// max_tokens for a server that only knows that name), and no more of a
// reply than four times that cap is read. The reply is streamed, so the caller can show the text as it is
// written, and cleaned: an optional first "Subject:" line becomes
// DraftResult.Subject, and stray quotes or code fences are removed.
//
// Failures are classified once, here: rate limits, server errors and broken
// connections are retried with backoff (honouring Retry-After); a rejected
// key or an unknown model fails at once with an error that says which setting
// to fix. Every failure except the caller's own cancellation wraps
// coach.ErrDrafterUnavailable, so the caller can fall back to the offline
// drafter.
package openaidraft

import (
	"context"
	cryptorand "crypto/rand"
	"errors"
	"fmt"
	"github.com/ghosted-bot/ghosted/coach/internal/endpoint"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/sashabaranov/go-openai"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/prompts"
)

// Defaults for Config fields left zero.
const (
	DefaultModel   = "gpt-4o-mini"
	DefaultBaseURL = endpoint.DefaultBase
	// DefaultTimeout bounds one attempt: a reply of a few hundred tokens
	// streams in seconds, and a draft's whole budget (bot.Config's
	// DraftTimeout, 90 s by default) keeps room for a retry and the redraft
	// after an attempt that ran out.
	DefaultTimeout    = 25 * time.Second
	DefaultMaxRetries = 2
	// DefaultMaxOutputTokens caps a reply: a re-engagement message is under
	// 120 words (about 200 tokens), so 800 leaves room for a subject line
	// and a model that thinks aloud, and none for an essay.
	DefaultMaxOutputTokens = 800
)

// maxReplyBytes bounds what is read of one reply, for servers that ignore
// the token cap: about four times what DefaultMaxOutputTokens allows. The
// rest is not read; the draft is what came before it, and the lint says it
// is far too long.
const maxReplyBytes = 16 << 10

// Config configures a Drafter. Only APIKey is required, and only when
// BaseURL is OpenAI's: local servers such as Ollama need no key.
type Config struct {
	// APIKey is sent as a bearer token. It never appears in logs or errors.
	APIKey string
	// BaseURL is the API root of any OpenAI-compatible server, such as
	// "http://localhost:11434/v1". Empty means OpenAI.
	BaseURL string
	// Model is the model id to ask for. Empty means DefaultModel.
	Model string
	// Timeout bounds one attempt, from sending the request to the end of
	// the streamed reply. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxRetries is how many times a transient failure is retried. Zero
	// means DefaultMaxRetries; a negative value means no retries.
	MaxRetries int
	// MaxOutputTokens caps every reply, sent as max_completion_tokens, or
	// as max_tokens to a server that refuses the newer name (the drafter
	// notices and switches by itself). Zero means DefaultMaxOutputTokens.
	MaxOutputTokens int
	// HTTPClient, when set, is the client to send requests with (for
	// proxies or custom TLS). It is copied, not modified.
	HTTPClient *http.Client
	// Rand is where each request's fence code comes from (see
	// prompts.Fence). Nil means crypto/rand; tests pass a seeded source
	// so the messages they check are the same on every run.
	Rand io.Reader
	// Logger receives retries and token usage; nil discards them. Prompts
	// and replies are never logged: they hold deal details.
	Logger *slog.Logger
}

// String describes the config without its key, in case one is printed.
func (c Config) String() string {
	return fmt.Sprintf("openaidraft.Config{BaseURL: %q, Model: %q, APIKey: %s}", endpoint.Safe(c.BaseURL), c.Model, mask(c.APIKey))
}

// LogValue keeps the key out of structured logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", endpoint.Safe(c.BaseURL)),
		slog.String("model", c.Model),
		slog.String("api_key", mask(c.APIKey)),
	)
}

func mask(key string) string {
	if key == "" {
		return "(empty)"
	}
	return "(set)"
}

// Drafter writes drafts with an OpenAI-compatible model. It is safe for
// concurrent use.
type Drafter struct {
	client     *openai.Client
	key        string
	model      string
	baseURL    string // for messages: credentials stripped
	timeout    time.Duration
	maxRetries int
	maxTokens  int
	rand       io.Reader
	log        *slog.Logger
	// legacyMaxTokens is set once the server refused max_completion_tokens:
	// from then on the cap goes as max_tokens.
	legacyMaxTokens atomic.Bool

	// Seams for tests: how to wait between attempts, the random part of a
	// backoff, and the clock that Retry-After dates are measured against.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(limit time.Duration) time.Duration
	now    func() time.Time
}

var _ coach.Drafter = (*Drafter)(nil)

// New checks cfg, fills in defaults and returns a Drafter. It makes no
// network call: a bad key or model shows up on the first Draft.
// CheckBaseURL checks Config.BaseURL: empty (the default endpoint) or an
// http(s) URL with a host. The error never repeats the value, which may
// carry a key.
func CheckBaseURL(v string) error {
	_, _, err := endpoint.Base(v)
	return err
}

func New(cfg Config) (*Drafter, error) {
	base, _, err := endpoint.Base(cfg.BaseURL)
	if err != nil {
		// The value is not repeated: it may carry credentials.
		return nil, errors.New("openaidraft: OPENAI_BASE_URL is not an http(s) URL such as https://api.openai.com/v1")
	}
	if cfg.APIKey == "" && base == DefaultBaseURL {
		return nil, errors.New("openaidraft: OPENAI_API_KEY is empty (set it, or point OPENAI_BASE_URL at a server that needs no key)")
	}
	d := &Drafter{
		key:        cfg.APIKey,
		model:      cmp(strings.TrimSpace(cfg.Model), DefaultModel),
		baseURL:    endpoint.Safe(base),
		timeout:    cfg.Timeout,
		maxRetries: cfg.MaxRetries,
		maxTokens:  cfg.MaxOutputTokens,
		rand:       cfg.Rand,
		log:        cfg.Logger,
		sleep:      sleepCtx,
		jitter:     func(limit time.Duration) time.Duration { return rand.N(limit + 1) },
		now:        time.Now,
	}
	if d.timeout <= 0 {
		d.timeout = DefaultTimeout
	}
	if d.maxTokens <= 0 {
		d.maxTokens = DefaultMaxOutputTokens
	}
	if d.rand == nil {
		d.rand = cryptorand.Reader
	}
	switch {
	case d.maxRetries == 0:
		d.maxRetries = DefaultMaxRetries
	case d.maxRetries < 0:
		d.maxRetries = 0
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = base
	oc.HTTPClient = captureClient(cfg.HTTPClient)
	d.client = openai.NewClientWithConfig(oc)
	return d, nil
}

func cmp(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Offline reports false: this drafter is a language model.
func (d *Drafter) Offline() bool { return false }

// Model returns the model id the drafter asks for.
func (d *Drafter) Model() string { return d.model }

// Draft writes one message for req. onPartial, when not nil, is called on
// the calling goroutine with the cleaned text so far each time it grows, and
// a last time with the final text if cleaning changed it; it should return
// quickly (throttling Slack updates is the caller's job).
//
// A transient failure before any text reached onPartial is retried; once the
// user has seen partial text, a failure is returned rather than silently
// starting over with a different message.
func (d *Drafter) Draft(ctx context.Context, req coach.DraftRequest, onPartial func(sofar string)) (coach.DraftResult, error) {
	res, err := d.draft(ctx, req, onPartial)
	if err != nil && d.key != "" {
		// Belt and braces: some servers echo what they were sent in their
		// error messages, and callers log these errors.
		err = redacted{err: err, key: d.key}
	}
	return res, err
}

func (d *Drafter) draft(ctx context.Context, req coach.DraftRequest, onPartial func(string)) (coach.DraftResult, error) {
	// A fresh fence for every request: text in the brief cannot know it.
	fence, err := prompts.NewFence(d.rand)
	if err != nil {
		return coach.DraftResult{}, fmt.Errorf("openaidraft: %w", err)
	}
	var user string
	if req.Previous != "" {
		user, err = prompts.Redraft(req, fence)
	} else {
		user, err = prompts.Draft(req, fence)
	}
	if err != nil {
		return coach.DraftResult{}, fmt.Errorf("openaidraft: %w", err)
	}
	creq := openai.ChatCompletionRequest{
		Model: d.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: prompts.System()},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
		Stream:        true,
		StreamOptions: &openai.StreamOptions{IncludeUsage: true},
	}
	start := time.Now()
	for attempt := 1; ; attempt++ {
		d.capOutput(&creq)
		res, info, err := d.attempt(ctx, creq, onPartial)
		if err == nil {
			d.log.LogAttrs(ctx, slog.LevelDebug, "draft written",
				slog.String("model", res.Model),
				slog.Int("attempts", attempt),
				slog.Int("prompt_tokens", res.Usage.PromptTokens),
				slog.Int("completion_tokens", res.Usage.CompletionTokens),
				slog.Duration("took", time.Since(start)))
			return res, nil
		}
		if ctx.Err() != nil {
			// The caller gave up; that is not the model's fault, so it does
			// not wrap ErrDrafterUnavailable.
			return coach.DraftResult{}, fmt.Errorf("openaidraft: %w", ctx.Err())
		}
		if !info.delivered && refusesMaxCompletionTokens(err) && !d.legacyMaxTokens.Swap(true) {
			// Not a failure of the model: an older server that knows the
			// cap by its older name. Ask again at once, by that name.
			d.log.LogAttrs(ctx, slog.LevelInfo, "the server refused max_completion_tokens; capping replies with max_tokens",
				slog.String("base_url", d.baseURL))
			attempt--
			continue
		}
		f := d.classify(err, info)
		switch {
		case info.delivered:
			return coach.DraftResult{}, fmt.Errorf("openaidraft: the reply broke off after %d characters: %w: %w",
				info.chars, f.err, coach.ErrDrafterUnavailable)
		case !f.retry:
			return coach.DraftResult{}, f.err
		case attempt > d.maxRetries:
			return coach.DraftResult{}, fmt.Errorf("openaidraft: %w: gave up after %d attempts: %w",
				coach.ErrDrafterUnavailable, attempt, f.err)
		}
		wait, ok := d.backoff(attempt, info)
		if !ok {
			return coach.DraftResult{}, fmt.Errorf("openaidraft: %w: the server asked to wait %s before retrying: %w",
				coach.ErrDrafterUnavailable, wait.Round(time.Second), f.err)
		}
		d.log.LogAttrs(ctx, slog.LevelWarn, "draft attempt failed; retrying",
			slog.String("model", d.model),
			slog.String("base_url", d.baseURL),
			slog.Int("attempt", attempt),
			slog.Int("status", f.status),
			slog.Duration("wait", wait),
			slog.String("error", redact(f.err.Error(), d.key)))
		if err := d.sleep(ctx, wait); err != nil {
			return coach.DraftResult{}, fmt.Errorf("openaidraft: %w", err)
		}
	}
}

// attemptInfo is what one attempt learned besides its error.
type attemptInfo struct {
	// delivered is set once onPartial has been called: the user has seen
	// this attempt's text, so it must not be silently replaced.
	delivered bool
	chars     int
	// retryAfter is the server's Retry-After, when it sent one.
	retryAfter    time.Duration
	hasRetryAfter bool
	timedOut      bool
}

// errEmpty is returned by an attempt whose reply had no text.
var errEmpty = errors.New("empty reply")

// attempt makes one request and reads its stream. Its results are named so
// the deferred func can fill in what the transport saw after any return.
func (d *Drafter) attempt(ctx context.Context, creq openai.ChatCompletionRequest, onPartial func(string)) (_ coach.DraftResult, info attemptInfo, _ error) {
	ex := &exchange{}
	actx, cancel := context.WithTimeout(context.WithValue(ctx, exchangeKey{}, ex), d.timeout)
	defer cancel()
	defer func() {
		info.retryAfter, info.hasRetryAfter = ex.retryAfter(d.now())
		info.timedOut = ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded)
	}()

	stream, err := d.client.CreateChatCompletionStream(actx, creq)
	if err != nil {
		return coach.DraftResult{}, info, err
	}
	defer stream.Close()

	var reply streamText
	var model, finish string
	var usage *openai.Usage
	cut := false
	for !cut {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			info.chars = reply.Len()
			return coach.DraftResult{}, info, err
		}
		if chunk.Model != "" {
			model = chunk.Model
		}
		if chunk.Usage != nil {
			usage = chunk.Usage
		}
		for _, c := range chunk.Choices {
			if c.Index != 0 {
				continue
			}
			if c.FinishReason != "" {
				finish = string(c.FinishReason)
			}
			content := c.Delta.Content
			if content == "" {
				continue
			}
			if room := maxReplyBytes - reply.Len(); len(content) >= room {
				content, cut = runePrefix(content, room), true
			}
			p, changed := reply.add(content)
			if onPartial != nil && changed && p != "" {
				info.delivered = true
				onPartial(p)
			}
			if cut {
				break
			}
		}
	}
	if cut {
		d.log.LogAttrs(ctx, slog.LevelWarn, "draft reply cut: the server sent more than the output cap allows",
			slog.String("model", cmp(model, d.model)), slog.Int("bytes", maxReplyBytes))
	}

	subject, text := parseReply(reply.String())
	if text == "" {
		return coach.DraftResult{}, info, errEmpty
	}
	if onPartial != nil && reply.shown != text {
		// Cleaning the whole reply can differ from the last partial (a
		// closing quote or fence was dropped): end on the final text.
		onPartial(text)
	}
	if finish == "length" {
		d.log.LogAttrs(ctx, slog.LevelWarn, "draft reply was cut at the model's token limit", slog.String("model", model))
	}
	res := coach.DraftResult{Text: text, Subject: subject, Model: cmp(model, d.model)}
	if usage != nil {
		res.Usage = coach.Usage{PromptTokens: usage.PromptTokens, CompletionTokens: usage.CompletionTokens}
	}
	return res, info, nil
}

// capOutput sets the reply cap on creq under the name the server takes.
func (d *Drafter) capOutput(creq *openai.ChatCompletionRequest) {
	if d.legacyMaxTokens.Load() {
		creq.MaxTokens, creq.MaxCompletionTokens = d.maxTokens, 0
		return
	}
	creq.MaxTokens, creq.MaxCompletionTokens = 0, d.maxTokens
}

// refusesMaxCompletionTokens reports whether a server turned the request
// down for its max_completion_tokens parameter: an HTTP 400 that names it
// (Azure's "Unrecognized request argument supplied", a strict server's
// "extra inputs are not permitted").
func refusesMaxCompletionTokens(err error) bool {
	status, _ := statusOf(err)
	return status == http.StatusBadRequest && strings.Contains(err.Error(), "max_completion_tokens")
}

// runePrefix returns the longest prefix of s of at most n bytes that ends on
// a rune boundary.
func runePrefix(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
