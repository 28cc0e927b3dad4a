package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot/bottest"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"
)

// listen opens a loopback listener for serve's HTTP endpoints, closed when
// the test ends if serve has not closed it.
func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitHTTP polls an endpoint until it answers want: the server starts in the
// background and there is no event to wait on from outside the process.
func waitHTTP(t *testing.T, url string, want int) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, body := get(t, url)
		if code == want {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d %q, want %d", url, code, body, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestServeEndToEnd boots the whole binary in-process, as main does, against
// a fake Slack and a fake OpenAI server: health and readiness come up, a
// /ghosted command is coached, /metrics shows it, and cancelling the context
// (SIGTERM) shuts down cleanly.
func TestServeEndToEnd(t *testing.T) {
	t.Parallel()
	fake := slacktest.New(t, slacktest.Options{})
	llm := openaitest.New(t, openaitest.Options{APIKey: "sk-serve"})
	env := map[string]string{
		"SLACK_BOT_TOKEN": fake.BotToken,
		"SLACK_APP_TOKEN": fake.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
		"OPENAI_API_KEY":  "sk-serve",
		"OPENAI_BASE_URL": llm.URL(),
		"HTTP_ADDR":       "127.0.0.1:0", // serve says which port it took
		"LOG_LEVEL":       "debug",
	}
	if url := getenvRedis(); url != "" {
		env["REDIS_URL"] = url
		env["REDIS_PREFIX"] = testPrefix(t, url)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &bottest.LogBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, env, strings.NewReader(""), io.Discard, logs) }()

	addr := listeningAddr(t, logs)
	waitHTTP(t, "http://"+addr+"/healthz", 200)
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if err := fake.WaitConnected(wctx, 1); err != nil {
		t.Fatal(err)
	}
	waitHTTP(t, "http://"+addr+"/readyz", 200)

	env1 := fake.SendSlashCommand(slacktest.Slash{User: "U1", Text: "Dana at Acme went quiet after the pilot. Budget freeze until Q3."})
	ack, err := fake.WaitAck(wctx, env1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Latency > 3*time.Second {
		t.Fatalf("ack took %s", ack.Latency)
	}
	if _, err := fake.WaitCall(wctx, "chat.postMessage", func(c slacktest.Call) bool {
		return strings.Contains(c.Params.Get("blocks")+c.Params.Get("text"), "?")
	}); err != nil {
		t.Fatalf("no question posted: %v", err)
	}

	metrics := waitHTTP(t, "http://"+addr+"/metrics", 200)
	for _, want := range []string{
		`ghosted_slack_envelopes_total{type="slash_commands"} 1`,
		"ghosted_slack_connected 1",
		"ghosted_slack_ack_seconds_count 1",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, metrics)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
	// Closing the socket to stop is not a socket that keeps closing.
	if strings.Contains(logs.String(), "Slack sockets keep closing") || strings.Contains(logs.String(), "did not connect") {
		t.Errorf("the shutdown was logged as a socket problem:\n%s", logs)
	}
	for _, secret := range []string{fake.BotToken, fake.AppToken, "sk-serve"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("a secret reached the logs: %s", secret)
		}
	}
}

// listeningAddr waits for serve's log line naming the address its HTTP
// endpoints listen on.
func listeningAddr(t *testing.T, logs *bottest.LogBuffer) string {
	t.Helper()
	re := regexp.MustCompile(`msg="health endpoints listening" addr=(\S+)`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve never said where it listens:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// getenvRedis lets the test run against the real Redis CI provides.
func getenvRedis() string { return os.Getenv("REDIS_URL") }

// prefixes remembers each test's key prefix.
var prefixes sync.Map // *testing.T → string

// testPrefix is the key prefix (REDIS_PREFIX) of every app a test runs: its
// own, so that tests sharing one Redis never see each other's keys, and
// deleted with all its keys when the test ends, so that a real Redis is
// left as it was found.
func testPrefix(t *testing.T, redisURL string) string {
	if p, ok := prefixes.Load(t); ok {
		return p.(string)
	}
	p := "ghosted-test-" + bottest.RandomID()
	prefixes.Store(t, p)
	t.Cleanup(func() {
		prefixes.Delete(t)
		if redisURL != "" {
			deleteKeys(t, redisURL, p)
		}
	})
	return p
}

// deleteKeys removes every key under prefix at redisURL, in any of its
// forms (one server, Sentinel, Cluster). A Redis that is gone by then (a
// server the test stopped) has nothing left to delete.
func deleteKeys(t *testing.T, redisURL, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := redisstore.Open(ctx, redisURL, redisstore.Options{Prefix: prefix})
	if errors.Is(err, redisstore.ErrUnavailable) {
		return
	}
	if err != nil {
		t.Errorf("cleanup: %v", err)
		return
	}
	defer s.Close()
	if err := redistest.DeleteKeys(ctx, s); err != nil {
		t.Errorf("cleanup: %v", err)
	}
}
