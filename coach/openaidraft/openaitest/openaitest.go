// Package openaitest is a fake OpenAI-compatible chat completions server for
// tests: the OpenAI drafter's own tests, and the Slack bot's end-to-end tests
// and benchmarks.
//
// It serves POST /v1/chat/completions, both streamed (server-sent events,
// with a final usage chunk when stream_options.include_usage is set) and as
// one JSON response, and GET /v1/models. Structured requests are checked as
// OpenAI checks them: a strict json_schema response_format must require
// every property and allow no others, a json_object one must mention JSON
// in its messages; a server can be told to refuse either type, as older
// servers and some gateways do. Every request is recorded with its
// decoded messages so a test can assert on exactly what was sent. Replies are
// scripted per call with Enqueue (text, chunking, delays, error statuses,
// Retry-After, dropped connections); when the queue is empty a default reply
// function answers, by default with a deterministic, honest REAL-style
// message.
//
// The wire format is written by hand rather than with go-openai's types, so
// the drafter's tests also check that go-openai decodes what a real server
// sends.
package openaitest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Options configure a Server. The zero value accepts any key and any model.
type Options struct {
	// APIKey, when set, must arrive as "Authorization: Bearer <APIKey>";
	// anything else gets a 401 like OpenAI's.
	APIKey string
	// Models, when set, are the only model ids served; others get a 404
	// model_not_found like OpenAI's.
	Models []string
	// Model is the model id reported in replies that do not set their own.
	// Empty reports the requested model back.
	Model string
	// Delay is applied before every reply whose own Delay is zero, such as
	// a benchmark where every reply takes a second.
	Delay time.Duration
	// Default answers when the queue is empty. Nil means RealReply.
	Default func(Request) Reply
	// RefuseFormats lists the response_format types ("json_schema",
	// "json_object") this server turns down with a 400, as a server
	// without structured outputs does.
	RefuseFormats []string
}

// Reply scripts one response.
type Reply struct {
	// Text is the assistant message.
	Text string
	// Chunks is how many content deltas a streamed Text is split into.
	// Zero means 8 (or one per rune for very short text).
	Chunks int
	// Delay is waited before the response headers are sent. The wait ends
	// early when the client goes away or the server closes.
	Delay time.Duration
	// Hold, when set, is waited for (until it is closed) before the
	// response, after Delay: a test answers at the moment it chooses. The
	// wait ends early like Delay's.
	Hold <-chan struct{}
	// ChunkDelay is waited between streamed chunks, for slow streams.
	ChunkDelay time.Duration
	// Status, when not 0 or 200, makes this an error response with an
	// OpenAI-style error body (or Body when set).
	Status int
	// RetryAfter is sent as the Retry-After header when set ("1", or an
	// HTTP date).
	RetryAfter string
	// Body replaces the error body of a Status reply.
	Body string
	// HangUp drops the connection without finishing the response: before
	// any response when Text is empty or the request is not streamed, or
	// after all of Text's chunks were streamed (so a client sees partial
	// text and then a broken stream).
	HangUp bool
	// Model overrides the model id reported in the reply.
	Model string
	// Usage overrides the token counts; nil counts about four characters a
	// token.
	Usage *Usage
	// Refusal, when set, answers with a refusal and no content, as a model
	// does when it declines a structured request (replies not streamed).
	Refusal string
	// FinishReason overrides the reported finish reason ("length" for a
	// reply cut at the token cap). Empty means "stop".
	FinishReason string
}

// Usage is the token accounting reported in a reply.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// Message is one chat message of a recorded request.
type Message struct {
	Role    string
	Content string
}

// Request is one recorded request.
type Request struct {
	Method string
	Path   string
	// Header holds the request headers, with the Authorization value
	// replaced by "[redacted]" so a key never lands in test output.
	Header       http.Header
	Model        string
	Stream       bool
	IncludeUsage bool
	// MaxCompletionTokens and MaxTokens are the request's output caps, 0
	// when absent.
	MaxCompletionTokens int
	MaxTokens           int
	Messages            []Message
	// ResponseFormat is the response_format type ("json_schema",
	// "json_object", "text"), empty when the request has none.
	ResponseFormat string
	// SchemaName, Strict and Schema describe a json_schema response_format.
	SchemaName string
	Strict     bool
	Schema     json.RawMessage
	// Body is the raw request body.
	Body []byte
	// Done is when the reply was complete; zero while it is being written,
	// and for a reply that was dropped or refused.
	Done  time.Time
	index int
}

// System returns the content of the first system message.
func (r Request) System() string {
	for _, m := range r.Messages {
		if m.Role == "system" || m.Role == "developer" {
			return m.Content
		}
	}
	return ""
}

// User returns the content of the last user message.
func (r Request) User() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == "user" {
			return r.Messages[i].Content
		}
	}
	return ""
}

// Server is a running fake. It is safe for concurrent use.
type Server struct {
	opts    Options
	srv     *httptest.Server
	closing chan struct{}
	once    sync.Once

	mu      sync.Mutex
	queue   []Reply
	reqs    []Request
	arrived chan struct{} // closed and replaced whenever a request is recorded
	def     func(Request) Reply
}

// Start starts a server; the caller must Close it.
func Start(opts Options) *Server {
	s := &Server{
		opts:    opts,
		closing: make(chan struct{}),
		arrived: make(chan struct{}),
		def:     opts.Default,
	}
	if s.def == nil {
		s.def = RealReply
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/chat/completions", s.chat)
	mux.HandleFunc("GET /v1/models", s.models)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "invalid_request_error", "unknown_url", "Unknown request URL: "+r.Method+" "+r.URL.Path)
	})
	s.srv = httptest.NewServer(mux)
	return s
}

// New starts a server that is closed when the test ends.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	s := Start(opts)
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server. Replies that are waiting out a delay end at once.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.srv.Close()
	})
}

// URL is the base URL to configure a client with; it ends in /v1.
func (s *Server) URL() string { return s.srv.URL + "/v1" }

// Enqueue scripts the next replies, in order. Requests rejected for their key
// or model do not use up a scripted reply.
func (s *Server) Enqueue(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, replies...)
}

// Pending reports how many scripted replies are not used yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// SetDefault replaces the reply function used when the queue is empty.
func (s *Server) SetDefault(f func(Request) Reply) {
	if f == nil {
		f = RealReply
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.def = f
}

// Requests returns a copy of every request received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Wait blocks until at least n requests have arrived (recorded as soon as
// their body is read, before any delay), or ctx ends. Tests use it to act at
// the right moment without sleeping.
func (s *Server) Wait(ctx context.Context, n int) error {
	for {
		s.mu.Lock()
		got, ch := len(s.reqs), s.arrived
		s.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("openaitest: %d of %d requests arrived: %w", got, n, ctx.Err())
		}
	}
}

func (s *Server) record(r *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.index = len(s.reqs)
	s.reqs = append(s.reqs, *r)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

func (s *Server) next(req Request) Reply {
	s.mu.Lock()
	if len(s.queue) > 0 {
		r := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		return r
	}
	def := s.def
	s.mu.Unlock()
	return def(req)
}

// wireRequest is the part of a chat completion request the fake reads.
type wireRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	} `json:"messages"`
	Stream        bool `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	MaxCompletionTokens int `json:"max_completion_tokens"`
	MaxTokens           int `json:"max_tokens"`
	ResponseFormat      *struct {
		Type       string `json:"type"`
		JSONSchema *struct {
			Name   string          `json:"name"`
			Strict bool            `json:"strict"`
			Schema json.RawMessage `json:"schema"`
		} `json:"json_schema"`
	} `json:"response_format"`
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, "invalid_request_error", "method_not_allowed", "use POST")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		return
	}
	var wr wireRequest
	if err := json.Unmarshal(body, &wr); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", "invalid_json", "could not parse the JSON body: "+err.Error())
		return
	}
	req := Request{
		Method: r.Method,
		Path:   r.URL.Path,
		Header: r.Header.Clone(),
		Model:  wr.Model,
		Stream: wr.Stream,
		Body:   body,

		MaxCompletionTokens: wr.MaxCompletionTokens,
		MaxTokens:           wr.MaxTokens,
	}
	if req.Header.Get("Authorization") != "" {
		req.Header.Set("Authorization", "[redacted]")
	}
	if wr.StreamOptions != nil {
		req.IncludeUsage = wr.StreamOptions.IncludeUsage
	}
	for _, m := range wr.Messages {
		req.Messages = append(req.Messages, Message{Role: m.Role, Content: content(m.Content)})
	}
	if rf := wr.ResponseFormat; rf != nil {
		req.ResponseFormat = rf.Type
		if rf.JSONSchema != nil {
			req.SchemaName, req.Strict, req.Schema = rf.JSONSchema.Name, rf.JSONSchema.Strict, rf.JSONSchema.Schema
		}
	}
	s.record(&req)

	if s.opts.APIKey != "" && r.Header.Get("Authorization") != "Bearer "+s.opts.APIKey {
		writeError(w, http.StatusUnauthorized, "invalid_request_error", "invalid_api_key",
			"Incorrect API key provided. You can find your API key in your account settings.")
		return
	}
	if len(s.opts.Models) > 0 && !contains(s.opts.Models, wr.Model) {
		writeError(w, http.StatusNotFound, "invalid_request_error", "model_not_found",
			fmt.Sprintf("The model `%s` does not exist or you do not have access to it.", wr.Model))
		return
	}

	if msg := s.refuseFormat(req); msg != "" {
		writeError(w, http.StatusBadRequest, "invalid_request_error", "", msg)
		return
	}

	reply := s.next(req)
	if reply.Delay == 0 {
		reply.Delay = s.opts.Delay
	}
	if !s.wait(r.Context(), reply.Delay) || !s.hold(r.Context(), reply.Hold) {
		// Drop the connection rather than end a response that never began:
		// an empty 200 would look like a real (empty) reply.
		panic(http.ErrAbortHandler)
	}
	if reply.HangUp && (reply.Text == "" || !req.Stream) {
		panic(http.ErrAbortHandler) // net/http drops the connection without a response
	}
	if reply.Status != 0 && reply.Status != http.StatusOK {
		if reply.RetryAfter != "" {
			w.Header().Set("Retry-After", reply.RetryAfter)
		}
		if reply.Body != "" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(reply.Status)
			io.WriteString(w, reply.Body)
			return
		}
		writeError(w, reply.Status, errorType(reply.Status), "", fmt.Sprintf("scripted %d reply", reply.Status))
		return
	}

	model := reply.Model
	if model == "" {
		model = s.opts.Model
	}
	if model == "" {
		model = wr.Model
	}
	usage := reply.Usage
	if usage == nil {
		usage = estimate(req, reply.Text)
	}
	if req.Stream {
		s.stream(w, r, req, reply, model, usage)
		s.done(req)
		return
	}
	defer s.done(req)
	message := map[string]any{"role": "assistant", "content": reply.Text}
	if reply.Refusal != "" {
		message["content"], message["refusal"] = nil, reply.Refusal
	}
	finish := reply.FinishReason
	if finish == "" {
		finish = "stop"
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id":      "chatcmpl-fake",
		"object":  "chat.completion",
		"created": 1700000000,
		"model":   model,
		"choices": []any{map[string]any{
			"index":         0,
			"message":       message,
			"finish_reason": finish,
		}},
		"usage": usage,
	})
}

// refuseFormat returns the error message a server gives a response_format
// it cannot or will not serve, or "" when it serves it.
func (s *Server) refuseFormat(req Request) string {
	switch {
	case req.ResponseFormat == "":
		return ""
	case contains(s.opts.RefuseFormats, req.ResponseFormat):
		return fmt.Sprintf("Invalid parameter: 'response_format' of type '%s' is not supported with this model.", req.ResponseFormat)
	case req.ResponseFormat == "json_object":
		for _, m := range req.Messages {
			if strings.Contains(strings.ToLower(m.Content), "json") {
				return ""
			}
		}
		return "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'."
	case req.ResponseFormat == "json_schema":
		if req.SchemaName == "" || len(req.SchemaName) > 64 || strings.Trim(req.SchemaName, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != "" {
			return "Invalid 'response_format.json_schema.name': a name of letters, digits, '_' and '-' (at most 64) is required."
		}
		if len(req.Schema) == 0 {
			return "Missing required parameter: 'response_format.json_schema.schema'."
		}
		if req.Strict {
			var schema any
			if err := json.Unmarshal(req.Schema, &schema); err != nil {
				return "Invalid schema for response_format '" + req.SchemaName + "': not JSON."
			}
			if msg := strictProblem(schema, "schema"); msg != "" {
				return "Invalid schema for response_format '" + req.SchemaName + "': In context=" + msg
			}
		}
	}
	return ""
}

// strictProblem checks a schema the way strict structured outputs do: each
// object lists all its properties as required and sets
// additionalProperties to false. It returns what is wrong, or "".
func strictProblem(v any, at string) string {
	switch x := v.(type) {
	case map[string]any:
		if x["type"] == "object" {
			props, _ := x["properties"].(map[string]any)
			if ap, ok := x["additionalProperties"].(bool); !ok || ap {
				return at + ", 'additionalProperties' is required to be supplied and to be false."
			}
			req := map[string]bool{}
			list, _ := x["required"].([]any)
			for _, r := range list {
				if name, ok := r.(string); ok {
					req[name] = true
				}
			}
			for name := range props {
				if !req[name] {
					return at + ", 'required' is required to be supplied and to be an array including every key in properties. Missing '" + name + "'."
				}
			}
		}
		for k, vv := range x {
			if msg := strictProblem(vv, at+"."+k); msg != "" {
				return msg
			}
		}
	case []any:
		for i, vv := range x {
			if msg := strictProblem(vv, fmt.Sprintf("%s[%d]", at, i)); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func (s *Server) stream(w http.ResponseWriter, r *http.Request, req Request, reply Reply, model string, usage *Usage) {
	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	send := func(delta map[string]any, finish any, u *Usage) {
		chunk := map[string]any{
			"id":      "chatcmpl-fake",
			"object":  "chat.completion.chunk",
			"created": 1700000000,
			"model":   model,
			"choices": []any{},
		}
		if delta != nil {
			chunk["choices"] = []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}
		}
		if req.IncludeUsage {
			chunk["usage"] = u // null on every chunk but the last, as OpenAI does
		}
		b, _ := json.Marshal(chunk)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if flusher != nil {
			flusher.Flush()
		}
	}
	send(map[string]any{"role": "assistant", "content": ""}, nil, nil)
	for i, part := range split(reply.Text, reply.Chunks) {
		if i > 0 && !s.wait(r.Context(), reply.ChunkDelay) {
			// Returning would end the chunked body cleanly, which a client
			// cannot tell from a finished stream; break it instead.
			panic(http.ErrAbortHandler)
		}
		send(map[string]any{"content": part}, nil, nil)
	}
	if reply.HangUp {
		panic(http.ErrAbortHandler)
	}
	send(map[string]any{}, "stop", nil)
	if req.IncludeUsage {
		send(nil, nil, usage)
	}
	io.WriteString(w, "data: [DONE]\n\n")
	if flusher != nil {
		flusher.Flush()
	}
}

// done records when req's reply was complete.
func (s *Server) done(req Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs[req.index].Done = time.Now()
}

// hold waits for ch to close unless the client goes away or the server
// closes first; a nil ch does not wait.
func (s *Server) hold(ctx context.Context, ch <-chan struct{}) bool {
	if ch == nil {
		return ctx.Err() == nil
	}
	select {
	case <-ch:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}

// wait sleeps for d unless the client goes away or the server closes first,
// so a slow reply never outlives its request or holds up Close.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	}
}

func (s *Server) models(w http.ResponseWriter, r *http.Request) {
	ids := s.opts.Models
	if len(ids) == 0 && s.opts.Model != "" {
		ids = []string{s.opts.Model}
	}
	data := []any{}
	for _, id := range ids {
		data = append(data, map[string]any{"id": id, "object": "model", "owned_by": "openaitest"})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data})
}

// content reads a message content that is either a string or a list of
// parts ({"type":"text","text":...}), joining the text parts.
func content(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &parts) == nil {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(p.Text)
		}
		return b.String()
	}
	return string(raw)
}

// split cuts text into n pieces of about equal length, on rune boundaries.
func split(text string, n int) []string {
	if text == "" {
		return nil
	}
	if n <= 0 {
		n = 8
	}
	runes := utf8.RuneCountInString(text)
	if n > runes {
		n = runes
	}
	var parts []string
	rest := text
	for i := n; i > 0; i-- {
		size := utf8.RuneCountInString(rest) / i
		cut := 0
		for range size {
			_, w := utf8.DecodeRuneInString(rest[cut:])
			cut += w
		}
		if i == 1 {
			cut = len(rest)
		}
		parts = append(parts, rest[:cut])
		rest = rest[cut:]
	}
	return parts
}

func estimate(req Request, text string) *Usage {
	prompt := 0
	for _, m := range req.Messages {
		prompt += 4 + len(m.Content)/4
	}
	completion := (len(text) + 3) / 4
	return &Usage{PromptTokens: prompt, CompletionTokens: completion, TotalTokens: prompt + completion}
}

func writeError(w http.ResponseWriter, status int, typ, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, ErrorBody(typ, code, msg))
}

func errorType(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "rate_limit_error"
	case status >= 500:
		return "server_error"
	}
	return "invalid_request_error"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// RealReply is the default reply: the same honest, REAL-style message every
// time (real feelings, real intentions, the door open, one ask), with a
// Subject line when the prompt says the channel is email. It is written to
// pass the lint, so end-to-end tests see a clean first draft.
func RealReply(req Request) Reply {
	text := realBody
	if strings.Contains(strings.ToLower(req.User()), "channel: email") {
		text = "Subject: Where things stand\n\n" + text
	}
	return Reply{Text: text}
}

const realBody = "Hi,\n\n" +
	"I'm honestly not sure where things stand since we last spoke, and I would rather ask you than guess. " +
	"You may have bigger things on your plate right now, and that is completely fine. " +
	"What I want is for your team to solve the problem you described, whether or not that is with us. " +
	"If this has slipped off your radar, I'll treat it as on hold unless you tell me otherwise, and the door stays open whenever the timing is right. " +
	"Would a quick yes or no on whether it is still a priority for you work?"

// Echo is a reply function that answers with the last user message, so a
// test can see exactly what the prompt said in the draft it gets back.
func Echo(req Request) Reply { return Reply{Text: req.User()} }

// ErrorBody returns an OpenAI-style error body, for Reply.Body.
func ErrorBody(typ, code, msg string) string {
	e := map[string]any{"message": msg, "type": typ, "param": nil, "code": nil}
	if code != "" {
		e["code"] = code
	}
	b, _ := json.Marshal(map[string]any{"error": e}) // strings and nils always marshal
	return string(b) + "\n"
}
