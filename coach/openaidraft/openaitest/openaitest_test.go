package openaitest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func post(t *testing.T, s *Server, key, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL()+"/chat/completions", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

const chatBody = `{"model":"m1","messages":[{"role":"system","content":"be kind"},{"role":"user","content":[{"type":"text","text":"Channel: email"}]}]`

func TestNonStreaming(t *testing.T) {
	s := New(t, Options{APIKey: "k"})
	s.Enqueue(Reply{Text: "hello there", Model: "m1-2026"})
	resp, body := post(t, s, "k", chatBody+`}`)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var got struct {
		Model   string
		Choices []struct{ Message struct{ Content string } }
		Usage   Usage
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Model != "m1-2026" || got.Choices[0].Message.Content != "hello there" || got.Usage.CompletionTokens == 0 {
		t.Errorf("got %+v", got)
	}
	r := s.Requests()[0]
	if r.Model != "m1" || r.Stream || r.System() != "be kind" || r.User() != "Channel: email" || r.Header.Get("Authorization") != "[redacted]" {
		t.Errorf("recorded %+v", r)
	}
}

func TestStreaming(t *testing.T) {
	s := New(t, Options{})
	s.Enqueue(Reply{Text: "abcdefgh", Chunks: 4})
	resp, body := post(t, s, "", chatBody+`,"stream":true,"stream_options":{"include_usage":true}}`)
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	events := strings.Split(strings.TrimSpace(body), "\n\n")
	if events[len(events)-1] != "data: [DONE]" {
		t.Errorf("last event %q", events[len(events)-1])
	}
	var text strings.Builder
	var usage *Usage
	for _, e := range events[:len(events)-1] {
		var c struct {
			Choices []struct{ Delta struct{ Content string } }
			Usage   *Usage
		}
		if err := json.Unmarshal([]byte(strings.TrimPrefix(e, "data: ")), &c); err != nil {
			t.Fatalf("%q: %v", e, err)
		}
		for _, ch := range c.Choices {
			text.WriteString(ch.Delta.Content)
		}
		if c.Usage != nil {
			usage = c.Usage
		}
	}
	// role chunk, 4 content chunks, finish chunk, usage chunk
	if text.String() != "abcdefgh" || len(events) != 8 || usage == nil || usage.TotalTokens == 0 {
		t.Errorf("text %q, %d events, usage %+v:\n%s", text.String(), len(events), usage, body)
	}
	if !s.Requests()[0].IncludeUsage {
		t.Error("include_usage not recorded")
	}
}

func TestDefaultReply(t *testing.T) {
	s := New(t, Options{})
	_, body := post(t, s, "", chatBody+`}`)
	if !strings.Contains(body, "Subject: ") || !strings.Contains(body, "door stays open") {
		t.Errorf("default reply for email: %s", body)
	}
	s.SetDefault(Echo)
	_, body = post(t, s, "", chatBody+`}`)
	if !strings.Contains(body, `"content":"Channel: email"`) {
		t.Errorf("echo: %s", body)
	}
}

func TestErrors(t *testing.T) {
	s := New(t, Options{APIKey: "right", Models: []string{"m1"}})
	if resp, body := post(t, s, "wrong", chatBody+`}`); resp.StatusCode != 401 || !strings.Contains(body, "invalid_api_key") {
		t.Errorf("wrong key: %d %s", resp.StatusCode, body)
	}
	if resp, body := post(t, s, "right", strings.Replace(chatBody, "m1", "m2", 1)+`}`); resp.StatusCode != 404 || !strings.Contains(body, "model_not_found") {
		t.Errorf("unknown model: %d %s", resp.StatusCode, body)
	}
	s.Enqueue(Reply{Status: 429, RetryAfter: "2"})
	if resp, body := post(t, s, "right", chatBody+`}`); resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || !strings.Contains(body, "rate_limit_error") {
		t.Errorf("429: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	if len(s.Requests()) != 3 || s.Pending() != 0 {
		t.Errorf("%d requests, %d pending", len(s.Requests()), s.Pending())
	}
}

func TestHangUp(t *testing.T) {
	s := New(t, Options{})
	s.Enqueue(Reply{HangUp: true})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL()+"/chat/completions", strings.NewReader(chatBody+`}`))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Error("want a dropped connection")
	}
}

// A reply waiting out its delay ends when the client goes away, and Close
// does not wait for it either.
func TestDelayEndsWithClientAndClose(t *testing.T) {
	s := Start(Options{Delay: time.Hour})
	do := func(ctx context.Context) <-chan error {
		done := make(chan error, 1)
		go func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/chat/completions", strings.NewReader(chatBody+`}`))
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		return done
	}
	ctx, cancel := context.WithCancel(t.Context())
	first := do(ctx)
	if err := s.Wait(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-first

	second := do(t.Context())
	if err := s.Wait(t.Context(), 2); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited out a delay")
	}
	<-second
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		text string
		n    int
		want int
	}{{"", 3, 0}, {"ab", 5, 2}, {"héllo wörld", 3, 3}, {strings.Repeat("x", 100), 0, 8}} {
		parts := split(tc.text, tc.n)
		if len(parts) != tc.want || strings.Join(parts, "") != tc.text {
			t.Errorf("split(%q, %d) = %q", tc.text, tc.n, parts)
		}
	}
}
