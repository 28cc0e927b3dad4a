package openaidraft

import (
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
)

// TestOutputCapOnEveryRequest: every request, the redraft included, asks
// for a bounded reply, so a model that rambles cannot run up the bill or
// fill Slack.
func TestOutputCapOnEveryRequest(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	f.srv.Enqueue(openaitest.Reply{Text: "Hi Dana, just checking in! Any update?"}, openaitest.Reply{Text: clean})
	req := request()
	if _, err := f.d.Draft(t.Context(), req, nil); err != nil {
		t.Fatal(err)
	}
	req.Previous = "Hi Dana, just checking in! Any update?"
	if _, err := f.d.Draft(t.Context(), req, nil); err != nil {
		t.Fatal(err)
	}
	for i, r := range f.srv.Requests() {
		if n := r.MaxCompletionTokens; n <= 0 || n > 1000 {
			t.Errorf("request %d: max_completion_tokens %d, want a cap of about 800", i+1, n)
		}
	}
}

// TestMaxTokensWhereTheServerNeedsIt: a server that refuses
// max_completion_tokens (older OpenAI-compatible servers know only
// max_tokens) gets max_tokens instead, from then on.
func TestMaxTokensWhereTheServerNeedsIt(t *testing.T) {
	f := newFixture(t, openaitest.Options{Default: func(r openaitest.Request) openaitest.Reply {
		if r.MaxCompletionTokens != 0 {
			return openaitest.Reply{Status: 400, Body: `{"error":{"message":"Unrecognized request argument supplied: max_completion_tokens","type":"invalid_request_error","param":null,"code":null}}`}
		}
		return openaitest.Reply{Text: clean}
	}}, Config{})
	for range 2 {
		if _, err := f.d.Draft(t.Context(), request(), nil); err != nil {
			t.Fatal(err)
		}
	}
	reqs := f.srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 (refused, then max_tokens twice)", len(reqs))
	}
	for i, r := range reqs[1:] {
		if r.MaxCompletionTokens != 0 || r.MaxTokens <= 0 || r.MaxTokens > 1000 {
			t.Errorf("request %d: max_completion_tokens %d, max_tokens %d", i+2, r.MaxCompletionTokens, r.MaxTokens)
		}
	}
}

// TestLongReplyIsCappedAndStreamedIncrementally: a server that ignores the
// cap and streams 97 KB in 25,000 chunks costs a bounded reply and work in
// proportion to the reply, not to its square.
func TestLongReplyIsCappedAndStreamedIncrementally(t *testing.T) {
	f := newFixture(t, openaitest.Options{}, Config{})
	long := strings.Repeat("I keep wondering whether the timing is simply wrong for you right now. ", 1400)
	f.srv.Enqueue(openaitest.Reply{Text: long, Chunks: 25000})
	var partials int
	last := ""
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := f.d.Draft(t.Context(), request(), func(sofar string) {
		partials++
		last = sofar
	})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(long) < 96<<10 {
		t.Fatalf("fixture: %d bytes", len(long))
	}
	if len(res.Text) > 16<<10 || !utf8.ValidString(res.Text) {
		t.Errorf("reply of %d bytes kept whole (%d bytes), want it cut at the cap", len(long), len(res.Text))
	}
	if last != res.Text {
		t.Errorf("the last partial is not the final text")
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	if alloc > 256<<20 {
		t.Errorf("streaming %d KB in 25,000 chunks allocated %d MB", len(long)>>10, alloc>>20)
	}
	t.Logf("%d KB offered in 25,000 chunks: kept %d bytes, %d partials, %.1f MB allocated", len(long)>>10, len(res.Text), partials, float64(alloc)/(1<<20))
}
