// Package openaidraft is the coach.Drafter that writes messages with a
// language model behind an OpenAI-compatible chat completions API (OpenAI
// itself, or Ollama, vLLM and other servers that speak the same protocol).
//
// The system message is prompts.System() and the user message is
// prompts.Draft (or prompts.Redraft when the request carries a previous
// draft). The reply is streamed, so the caller can show the text as it is
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
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sashabaranov/go-openai"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/prompts"
)

// Defaults for Config fields left zero.
const (
	DefaultModel      = "gpt-4o-mini"
	DefaultBaseURL    = "https://api.openai.com/v1"
	DefaultTimeout    = 60 * time.Second
	DefaultMaxRetries = 2
)

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
	// HTTPClient, when set, is the client to send requests with (for
	// proxies or custom TLS). It is copied, not modified.
	HTTPClient *http.Client
	// Logger receives retries and token usage; nil discards them. Prompts
	// and replies are never logged: they hold deal details.
	Logger *slog.Logger
}

// String describes the config without its key, in case one is printed.
func (c Config) String() string {
	return fmt.Sprintf("openaidraft.Config{BaseURL: %q, Model: %q, APIKey: %s}", safeURL(c.BaseURL), c.Model, mask(c.APIKey))
}

// LogValue keeps the key out of structured logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", safeURL(c.BaseURL)),
		slog.String("model", c.Model),
		slog.String("api_key", mask(c.APIKey)),
	)
}

// safeURL drops any password in a base URL before it is printed.
func safeURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
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
	log        *slog.Logger

	// Seams for tests: how to wait between attempts, the random part of a
	// backoff, and the clock that Retry-After dates are measured against.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(limit time.Duration) time.Duration
	now    func() time.Time
}

var _ coach.Drafter = (*Drafter)(nil)

// New checks cfg, fills in defaults and returns a Drafter. It makes no
// network call: a bad key or model shows up on the first Draft.
func New(cfg Config) (*Drafter, error) {
	base := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("openaidraft: OPENAI_BASE_URL %q is not an http(s) URL", base)
	}
	if cfg.APIKey == "" && base == DefaultBaseURL {
		return nil, errors.New("openaidraft: OPENAI_API_KEY is empty (set it, or point OPENAI_BASE_URL at a server that needs no key)")
	}
	d := &Drafter{
		key:        cfg.APIKey,
		model:      cmp(strings.TrimSpace(cfg.Model), DefaultModel),
		baseURL:    u.Redacted(),
		timeout:    cfg.Timeout,
		maxRetries: cfg.MaxRetries,
		log:        cfg.Logger,
		sleep:      sleepCtx,
		jitter:     func(limit time.Duration) time.Duration { return rand.N(limit + 1) },
		now:        time.Now,
	}
	if d.timeout <= 0 {
		d.timeout = DefaultTimeout
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
	var user string
	var err error
	if req.Previous != "" {
		user, err = prompts.Redraft(req)
	} else {
		user, err = prompts.Draft(req)
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

	var raw strings.Builder
	var sent, model, finish string
	var usage *openai.Usage
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			info.chars = raw.Len()
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
			if c.Delta.Content == "" {
				continue
			}
			raw.WriteString(c.Delta.Content)
			if onPartial == nil {
				continue
			}
			if p := partial(raw.String()); p != "" && p != sent {
				sent = p
				info.delivered = true
				onPartial(p)
			}
		}
	}

	subject, text := parseReply(raw.String())
	if text == "" {
		return coach.DraftResult{}, info, errEmpty
	}
	if onPartial != nil && sent != text {
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
