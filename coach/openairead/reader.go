// Package openairead is the coach.Reader that reads deal stories, and
// places typed answers among a question's options, with a language model
// behind an OpenAI-compatible chat completions API.
//
// Each call is one structured request: the system message is
// prompts.ReadSystem (or prompts.MapSystem), the user message fences the
// story (or the answer) with a code drawn for the request, and the reply
// is held to a JSON Schema through response_format json_schema, strict.
// A server that turns json_schema down (older Ollama and vLLM, some
// gateways) is asked in JSON mode instead, with the schema written into
// the message; one that turns JSON mode down too is not asked again, and
// every call then fails with ErrNoJSON, so the coach keeps its
// deterministic reading. The reader remembers what the server refused, so
// the refusal costs one round trip per process, not one per story.
//
// There are no retries: a reading is an improvement the coach can do
// without, bounded by the caller's context to a few seconds, and the
// deterministic reading is always there. The reply is decoded leniently (a
// number sent as a string, a code fence around the JSON) and checked by
// the caller (coach.CheckReading), never trusted as it comes.
package openairead

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/ghosted-bot/ghosted/coach/internal/endpoint"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sashabaranov/go-openai"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/prompts"
)

// Defaults for Config fields left zero.
const (
	DefaultModel   = "gpt-4o-mini"
	DefaultBaseURL = endpoint.DefaultBase
	// DefaultMaxOutputTokens caps a story reading: the facts, seven
	// reasons with a few short quotes each, and a few question ids come to
	// about 600 tokens.
	DefaultMaxOutputTokens = 1500
	// mapOutputTokens caps an answer mapping: an option and a quote.
	mapOutputTokens = 200
)

// Errors a call can fail with besides the transport's.
var (
	// ErrNoJSON: the server refused both json_schema and JSON mode.
	ErrNoJSON = errors.New("the server answers neither json_schema nor json_object requests")
	// ErrMalformed: the reply was not the JSON asked for (or was cut at
	// the token cap).
	ErrMalformed = errors.New("the reply was not the JSON asked for")
	// ErrRefused: the model declined the request.
	ErrRefused = errors.New("the model declined to answer")
)

// Config configures a Reader. Only APIKey is required, and only when
// BaseURL is OpenAI's.
type Config struct {
	// APIKey is sent as a bearer token. It never appears in logs or errors.
	APIKey string
	// BaseURL is the API root of any OpenAI-compatible server. Empty
	// means OpenAI.
	BaseURL string
	// Model is the model id to ask for. Empty means DefaultModel.
	Model string
	// MaxOutputTokens caps a story reading's reply (max_completion_tokens,
	// or max_tokens for a server that refuses the newer name). Zero means
	// DefaultMaxOutputTokens.
	MaxOutputTokens int
	// HTTPClient, when set, sends the requests. The caller's context
	// bounds each call; the client's own timeout, if any, applies too.
	HTTPClient *http.Client
	// Rand is where each request's fence code comes from; nil means
	// crypto/rand. Tests pass a seeded source for byte-stable requests.
	Rand io.Reader
	// Logger receives what the server refused and token usage; nil
	// discards. Stories, answers and replies are never logged.
	Logger *slog.Logger
}

// format is how a server is asked for JSON, from the best it serves down.
type format int32

const (
	formatSchema format = iota // response_format json_schema, strict
	formatObject               // response_format json_object, schema in the message
	formatNone                 // neither: do not ask
)

func (f format) String() string {
	switch f {
	case formatSchema:
		return "json_schema"
	case formatObject:
		return "json_object"
	}
	return "none"
}

// Reader reads stories and answers with an OpenAI-compatible model. It is
// safe for concurrent use.
type Reader struct {
	client    *openai.Client
	key       string
	model     string
	baseURL   string // credentials stripped, for messages
	maxTokens int
	rand      io.Reader
	log       *slog.Logger
	// format is the best response_format the server has not refused.
	format atomic.Int32
	// legacyMaxTokens is set once the server refused max_completion_tokens.
	legacyMaxTokens atomic.Bool
}

var _ coach.Reader = (*Reader)(nil)

// New checks cfg and returns a Reader. It makes no network call.
func New(cfg Config) (*Reader, error) {
	base, _, err := endpoint.Base(cfg.BaseURL)
	if err != nil {
		// The value is not repeated: it may carry credentials.
		return nil, errors.New("openairead: OPENAI_BASE_URL is not an http(s) URL such as https://api.openai.com/v1")
	}
	if cfg.APIKey == "" && base == DefaultBaseURL {
		return nil, errors.New("openairead: OPENAI_API_KEY is empty (set it, or point OPENAI_BASE_URL at a server that needs no key)")
	}
	r := &Reader{
		key:       cfg.APIKey,
		model:     strings.TrimSpace(cfg.Model),
		baseURL:   endpoint.Safe(base),
		maxTokens: cfg.MaxOutputTokens,
		rand:      cfg.Rand,
		log:       cfg.Logger,
	}
	if r.model == "" {
		r.model = DefaultModel
	}
	if r.maxTokens <= 0 {
		r.maxTokens = DefaultMaxOutputTokens
	}
	if r.rand == nil {
		r.rand = cryptorand.Reader
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = base
	oc.HTTPClient = limitedClient(cfg.HTTPClient)
	r.client = openai.NewClientWithConfig(oc)
	return r, nil
}

// maxReplyBytes bounds what is read of one response: a reading is a few
// KB, and a server that ignores the token cap must not fill memory.
const maxReplyBytes = 256 << 10

// limitedClient returns a copy of hc (or a new client) whose responses are
// cut at maxReplyBytes; a cut reply fails to decode and is not believed.
func limitedClient(hc *http.Client) *http.Client {
	c := &http.Client{}
	if hc != nil {
		*c = *hc
	}
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = limitedTransport{next}
	return c
}

type limitedTransport struct{ next http.RoundTripper }

func (t limitedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if resp != nil && resp.Body != nil {
		resp.Body = limitedBody{io.LimitReader(resp.Body, maxReplyBytes), resp.Body}
	}
	return resp, err
}

type limitedBody struct {
	io.Reader
	io.Closer
}

// Model returns the model id the reader asks for.
func (r *Reader) Model() string { return r.model }

// ReadStory reads a story: its facts, the seven reasons and the questions
// worth asking, each with the words it rests on. The reading is the
// model's proposal; coach.CheckReading decides what of it to believe.
func (r *Reader) ReadStory(ctx context.Context, storyText string, now time.Time) (coach.Reading, error) {
	var w wireReading
	res, err := r.ask(ctx, request{
		what:       "story reading",
		system:     prompts.ReadSystem(),
		schemaName: prompts.ReadSchemaName,
		schema:     prompts.ReadSchema(),
		maxTokens:  r.maxTokens,
		user: func(f prompts.Fence, jsonMode bool) (string, error) {
			return prompts.ReadStory(storyText, now, f, jsonMode)
		},
	}, &w)
	reading := coach.Reading{Model: res.model, Format: res.format, Usage: res.usage}
	if err != nil {
		return reading, err
	}
	w.fill(&reading)
	return reading, nil
}

// MapAnswer places a typed answer among q's options: the option it means
// ("" when none) and the words of the answer that say so.
func (r *Reader) MapAnswer(ctx context.Context, q coach.Question, answer string) (coach.AnswerReading, error) {
	var w struct {
		Quote  looseString `json:"quote"`
		Option looseString `json:"option"`
	}
	res, err := r.ask(ctx, request{
		what:       "answer mapping",
		system:     prompts.MapSystem(),
		schemaName: prompts.MapSchemaName,
		schema:     prompts.MapSchema(q),
		maxTokens:  mapOutputTokens,
		user: func(f prompts.Fence, jsonMode bool) (string, error) {
			return prompts.MapAnswer(q, answer, f, jsonMode)
		},
	}, &w)
	out := coach.AnswerReading{Model: res.model, Usage: res.usage}
	if err != nil {
		return out, err
	}
	out.Option, out.Quote = string(w.Option), string(w.Quote)
	if out.Option == "none" {
		out.Option = ""
	}
	return out, nil
}

// request is one structured call.
type request struct {
	what       string
	system     string
	user       func(f prompts.Fence, jsonMode bool) (string, error)
	schemaName string
	schema     json.RawMessage
	maxTokens  int
}

// result is what a call learned besides the decoded reply.
type result struct {
	model, format string
	usage         coach.Usage
}

// maxAttempts bounds the round trips of one call: one per format the
// server may refuse, and one for an older name of the token cap.
const maxAttempts = 4

func (r *Reader) ask(ctx context.Context, rq request, out any) (result, error) {
	res := result{model: r.model}
	fence, err := prompts.NewFence(r.rand)
	if err != nil {
		return res, fmt.Errorf("openairead: %w", err)
	}
	start := time.Now()
	for range maxAttempts {
		f := format(r.format.Load())
		if f == formatNone {
			return res, fmt.Errorf("openairead: %w (%s)", ErrNoJSON, r.baseURL)
		}
		res.format = f.String()
		user, err := rq.user(fence, f == formatObject)
		if err != nil {
			return res, fmt.Errorf("openairead: %w", err)
		}
		creq := openai.ChatCompletionRequest{
			Model: r.model,
			Messages: []openai.ChatCompletionMessage{
				{Role: openai.ChatMessageRoleSystem, Content: rq.system},
				{Role: openai.ChatMessageRoleUser, Content: user},
			},
		}
		if f == formatObject {
			creq.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
		} else {
			creq.ResponseFormat = &openai.ChatCompletionResponseFormat{
				Type:       openai.ChatCompletionResponseFormatTypeJSONSchema,
				JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{Name: rq.schemaName, Schema: rq.schema, Strict: true},
			}
		}
		if r.legacyMaxTokens.Load() {
			creq.MaxTokens = rq.maxTokens
		} else {
			creq.MaxCompletionTokens = rq.maxTokens
		}

		resp, err := r.client.CreateChatCompletion(ctx, creq)
		if err != nil {
			switch {
			case ctx.Err() != nil:
				return res, fmt.Errorf("openairead: %s: %w", rq.what, ctx.Err())
			case refuses(err, "max_completion_tokens"):
				if !r.legacyMaxTokens.Swap(true) {
					r.log.LogAttrs(ctx, slog.LevelInfo, "the server refused max_completion_tokens; capping readings with max_tokens", slog.String("base_url", r.baseURL))
				}
				continue
			case refusesFormat(err):
				if r.format.CompareAndSwap(int32(f), int32(f+1)) {
					r.log.LogAttrs(ctx, slog.LevelInfo, "the server refused a response_format; asking the next way",
						slog.String("base_url", r.baseURL), slog.String("refused", f.String()), slog.String("next", (f+1).String()),
						slog.String("error", r.redact(clip(err.Error(), 300))))
				}
				continue
			}
			return res, r.classify(err)
		}
		if resp.Model != "" {
			res.model = resp.Model
		}
		res.usage = coach.Usage{PromptTokens: resp.Usage.PromptTokens, CompletionTokens: resp.Usage.CompletionTokens}
		r.log.LogAttrs(ctx, slog.LevelDebug, rq.what+" answered",
			slog.String("model", res.model), slog.String("format", res.format),
			slog.Int("prompt_tokens", res.usage.PromptTokens), slog.Int("completion_tokens", res.usage.CompletionTokens),
			slog.Duration("took", time.Since(start)))
		if len(resp.Choices) == 0 {
			return res, fmt.Errorf("openairead: %w: no choices", ErrMalformed)
		}
		c := resp.Choices[0]
		switch {
		case c.Message.Refusal != "":
			return res, fmt.Errorf("openairead: %w", ErrRefused)
		case c.FinishReason == openai.FinishReasonLength:
			return res, fmt.Errorf("openairead: %w: cut at the token cap (%d)", ErrMalformed, rq.maxTokens)
		}
		raw, ok := jsonObject(c.Message.Content)
		if !strings.Contains(c.Message.Content, "{") && f == formatSchema && r.format.CompareAndSwap(int32(f), int32(formatObject)) {
			// Not JSON at all under json_schema: the server ignores
			// response_format. Asked in JSON mode, the schema is in the
			// message itself.
			r.log.LogAttrs(ctx, slog.LevelInfo, "the server ignored response_format json_schema; asking in JSON mode", slog.String("base_url", r.baseURL))
			continue
		}
		if !ok {
			return res, fmt.Errorf("openairead: %w: no JSON object in the reply", ErrMalformed)
		}
		if err := json.Unmarshal([]byte(raw), out); err != nil {
			return res, fmt.Errorf("openairead: %w: %v", ErrMalformed, err)
		}
		return res, nil
	}
	return res, fmt.Errorf("openairead: %s: gave up after %d attempts: %w", rq.what, maxAttempts, ErrNoJSON)
}

// jsonObject finds the JSON object in a reply: the whole of it, or what
// lies between its first "{" and last "}" when a model wrapped it in a
// code fence or a sentence (JSON mode allows that on some servers).
func jsonObject(content string) (string, bool) {
	s := strings.TrimSpace(content)
	i, j := strings.IndexByte(s, '{'), strings.LastIndexByte(s, '}')
	if i < 0 || j < i {
		return "", false
	}
	return s[i : j+1], true
}

// refuses reports whether the server turned the request down for naming
// param: a 400 or 422 whose message names it.
func refuses(err error, param string) bool {
	status := statusOf(err)
	return (status == http.StatusBadRequest || status == http.StatusUnprocessableEntity) &&
		strings.Contains(strings.ToLower(err.Error()), param)
}

// refusesFormat reports whether the server turned down the response_format:
// OpenAI's "'response_format' of type 'json_schema' is not supported with
// this model", a gateway's 400 or 422 naming response_format or json_schema,
// a server that does not implement it (501).
func refusesFormat(err error) bool {
	if statusOf(err) == http.StatusNotImplemented {
		return true
	}
	return refuses(err, "response_format") || refuses(err, "json_schema") || refuses(err, "json_object") || refuses(err, "structured output")
}

func statusOf(err error) int {
	if apiErr, ok := errors.AsType[*openai.APIError](err); ok {
		return apiErr.HTTPStatusCode
	}
	if reqErr, ok := errors.AsType[*openai.RequestError](err); ok {
		return reqErr.HTTPStatusCode
	}
	return 0
}

// classify turns a failed call into an error that says what to fix, with
// the key kept out of it.
func (r *Reader) classify(err error) error {
	switch status := statusOf(err); {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		// The server's message is left out: some quote part of the key.
		return fmt.Errorf("openairead: OPENAI_API_KEY was rejected by %s (HTTP %d)", r.baseURL, status)
	case status == http.StatusNotFound:
		return fmt.Errorf("openairead: model %q not found at %s (HTTP 404); check OPENAI_MODEL", r.model, r.baseURL)
	case status != 0:
		return fmt.Errorf("openairead: %s answered HTTP %d: %s", r.baseURL, status, r.redact(clip(err.Error(), 300)))
	}
	return fmt.Errorf("openairead: %s: %s", r.baseURL, r.redact(err.Error()))
}

func (r *Reader) redact(s string) string {
	if len(r.key) < 6 {
		return s
	}
	return strings.ReplaceAll(s, r.key, "[redacted]")
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// wireReading is a story reading as the schema shapes it.
type wireReading struct {
	Facts struct {
		Prospect   wireText  `json:"prospect"`
		Company    wireText  `json:"company"`
		FollowUps  wireCount `json:"follow_ups"`
		DaysSilent wireCount `json:"days_silent"`
		Channel    wireText  `json:"channel"`
		Dates      []struct {
			Quote looseString `json:"quote"`
			Kind  looseString `json:"kind"`
			Date  looseString `json:"date"`
		} `json:"dates"`
	} `json:"facts"`
	Reasons []struct {
		ID       looseString `json:"id"`
		Evidence quoteList   `json:"evidence"`
		Against  quoteList   `json:"against"`
		Score    looseFloat  `json:"score"`
	} `json:"reasons"`
	WorthAsking quoteList `json:"worth_asking"`
}

type wireText struct {
	Quote looseString `json:"quote"`
	Value looseString `json:"value"`
}

// wireCount is a counted fact; a missing or null value is unknown.
type wireCount struct {
	Quote looseString `json:"quote"`
	Value *looseInt   `json:"value"`
}

func (w wireCount) count() coach.ReadCount {
	n := -1
	if w.Value != nil {
		n = int(*w.Value)
	}
	return coach.ReadCount{Value: n, Quote: string(w.Quote)}
}

func (w wireReading) fill(r *coach.Reading) {
	f := w.Facts
	r.Prospect = coach.ReadText{Value: string(f.Prospect.Value), Quote: string(f.Prospect.Quote)}
	r.Company = coach.ReadText{Value: string(f.Company.Value), Quote: string(f.Company.Quote)}
	r.Channel = coach.ReadText{Value: string(f.Channel.Value), Quote: string(f.Channel.Quote)}
	r.FollowUps, r.DaysSilent = f.FollowUps.count(), f.DaysSilent.count()
	for _, d := range f.Dates {
		r.Dates = append(r.Dates, coach.ReadDate{Kind: string(d.Kind), Quote: string(d.Quote), Date: string(d.Date)})
	}
	for _, rr := range w.Reasons {
		r.Reasons = append(r.Reasons, coach.ReadReason{ID: string(rr.ID), Score: float64(rr.Score), Evidence: rr.Evidence, Against: rr.Against})
	}
	r.Ask = w.WorthAsking
}

// Lenient decoding: JSON mode follows the schema only as well as the model
// reads it, so a number may come as a string ("3"), a list as a single
// string, and null for anything. The checks that follow decide what is
// believed; decoding only refuses what has no sensible reading.

// looseString is a string; null is "", and a number is its text.
type looseString string

func (s *looseString) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case nil:
		*s = ""
	case string:
		*s = looseString(x)
	case float64:
		*s = looseString(strconv.FormatFloat(x, 'f', -1, 64))
	default:
		return fmt.Errorf("want a string, got %s", clip(string(b), 40))
	}
	return nil
}

// looseInt is a whole number, also when sent as a string; null is -1.
type looseInt int

func (n *looseInt) UnmarshalJSON(b []byte) error {
	var f looseFloat
	if err := f.UnmarshalJSON(b); err != nil {
		return err
	}
	switch {
	case string(b) == "null":
		*n = -1
	case f > 1e6 || f < -1e6:
		*n = looseInt(1e6) // out of any range the checks accept
	default:
		*n = looseInt(f)
	}
	return nil
}

// looseFloat is a number, also when sent as a string; null is 0.
type looseFloat float64

func (n *looseFloat) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case nil:
		*n = 0
	case float64:
		*n = looseFloat(x)
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return fmt.Errorf("want a number, got %q", clip(x, 40))
		}
		*n = looseFloat(f)
	default:
		return fmt.Errorf("want a number, got %s", clip(string(b), 40))
	}
	return nil
}

// quoteList is a list of strings; a single string is a list of one, null
// an empty list.
type quoteList []string

func (q *quoteList) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case nil:
		*q = nil
	case string:
		*q = quoteList{x}
	case []any:
		out := make(quoteList, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		*q = out
	default:
		return fmt.Errorf("want a list of quotes, got %s", clip(string(b), 40))
	}
	return nil
}
