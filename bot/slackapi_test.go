package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/bot/pace"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
)

// TestPosterAnswersAsSlackGo: the bot's lean chat.postMessage sends the
// form slack-go sends for the same message and answers what slack-go
// answers, for a post and for each kind of failure, so the rest of the bot
// cannot tell them apart.
func TestPosterAnswersAsSlackGo(t *testing.T) {
	f := slacktest.New(t, slacktest.Options{})
	hc := &http.Client{Timeout: 5 * time.Second}
	sg := slack.New(f.BotToken, slack.OptionAPIURL(f.APIURL()), slack.OptionHTTPClient(hc))
	lean := poster{http: hc, token: f.BotToken, apiURL: f.APIURL()}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	q := coach.Question{ID: "timing-date", Reason: coach.Timing, Text: "Are they tied to a contract <or> budget date?",
		Options: []coach.Option{{Label: "Yes", Value: "yes"}, {Label: "No", Value: "no"}}}
	msg := renderQuestion("d1", coach.Ask{Question: q, N: 1, Of: 3}, nil)

	for _, tc := range []struct {
		name  string
		fault *slacktest.Fault
	}{
		{"ok", nil},
		{"429 with Retry-After", &slacktest.Fault{Status: 429, RetryAfter: 7}},
		{"429 without", &slacktest.Fault{Status: 429}},
		{"503", &slacktest.Fault{Status: 503}},
		{"ok false", &slacktest.Fault{Error: "not_in_channel"}},
	} {
		var got [2]string
		for i, post := range []func() (string, string, error){
			func() (string, string, error) {
				return sg.PostMessageContext(ctx, "U42", append(msg.options(), slack.MsgOptionTS("1.0"))...)
			},
			func() (string, string, error) { return lean.postMessage(ctx, "U42", msg, "1.0") },
		} {
			if tc.fault != nil {
				f.FailNext("chat.postMessage", 1, *tc.fault)
			}
			ch, _, err := post()
			got[i] = describeAnswer(ch, err)
		}
		calls := f.Calls("chat.postMessage")
		want, sent := calls[len(calls)-2], calls[len(calls)-1]
		if want.Params.Encode() != sent.Params.Encode() || want.Token != sent.Token || want.JSON != sent.JSON {
			t.Errorf("%s: sent %s, slack-go sends %s", tc.name, sent.Params.Encode(), want.Params.Encode())
		}
		if got[0] != got[1] {
			t.Errorf("%s: answered %s, slack-go %s", tc.name, got[1], got[0])
		}
	}
	ch, _, err := lean.postMessage(ctx, "U42", textMessage("hi"), "")
	if got := describeAnswer(ch, err); got != "ok "+f.DMChannel("U42") {
		t.Errorf("a post to a user id: %s, want the DM %s", got, f.DMChannel("U42"))
	}
}

func describeAnswer(ch string, err error) string {
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &rl):
		return fmt.Sprintf("RateLimitedError %v retryable=%v", rl.RetryAfter, rl.Retryable())
	case errors.As(err, &sc):
		return fmt.Sprintf("StatusCodeError %d %q retryable=%v", sc.Code, sc.Status, sc.Retryable())
	case errors.As(err, &se):
		return fmt.Sprintf("SlackErrorResponse %q", se.Err)
	case err != nil:
		return fmt.Sprintf("%T %v", err, err)
	}
	return "ok " + ch
}

// newSlackCalls is the bot's paced Web API over a real slack-go client to
// f, with Slack's real minute and m for its metrics.
func newSlackCalls(f *slacktest.Fake, m *metrics.Ghosted, maxWait time.Duration) *slackCalls {
	client := slack.New(f.BotToken, slack.OptionAPIURL(f.APIURL()), slack.OptionHTTPClient(&http.Client{Timeout: 5 * time.Second}))
	return &slackCalls{
		api:     client,
		pacer:   pace.New(pace.Options{Logger: slog.New(slog.DiscardHandler)}),
		maxWait: maxWait,
		log:     slog.New(slog.DiscardHandler),
		metrics: m,
		team:    func() string { return f.TeamID },
		dms:     map[string]string{},
	}
}

// TestAssistantCallsArePacedAndNeverRetried: a status, a title and the
// suggested prompts go only while their method's budget has room at once;
// past it they are skipped without reaching Slack (and without counting as
// an error), and a 429 is not retried but holds the budget.
func TestAssistantCallsArePacedAndNeverRetried(t *testing.T) {
	f := slacktest.New(t, slacktest.Options{RateLimits: true})
	m := metrics.New(nil, nil)
	s := newSlackCalls(f, m, time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ch, root, err := s.PostMessageContext(ctx, "U1", slack.MsgOptionText("Hi! I coach you on deals that went quiet.", false))
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]func() error{
		"assistant.threads.setStatus": func() error {
			return s.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{ChannelID: ch, ThreadTS: root, Status: statusReading})
		},
		"assistant.threads.setTitle": func() error {
			return s.SetAssistantThreadsTitleContext(ctx, slack.AssistantThreadsSetTitleParameters{ChannelID: ch, ThreadTS: root, Title: "Acme renewal"})
		},
		"assistant.threads.setSuggestedPrompts": func() error {
			return s.SetAssistantThreadsSuggestedPromptsContext(ctx, slack.AssistantThreadsSetSuggestedPromptsParameters{ChannelID: ch, ThreadTS: root, Title: promptsTitle, Prompts: AssistantPrompts()})
		},
	}
	for method, call := range calls {
		burst := s.pacer.Limit(method).Burst
		made, skipped := 0, false
		// The budget refills while the calls run, so a few more than the
		// burst may go; a skip must come soon after it.
		for range burst + 5 {
			err := call()
			if errors.Is(err, errSkipped) {
				skipped = true
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", method, err)
			}
			made++
		}
		if !skipped {
			t.Errorf("%s: %d calls at once, none skipped; the budget's burst is %d", method, made, burst)
		}
		if got := len(f.Calls(method)); got != made {
			t.Errorf("%s: Slack saw %d calls, the bot made %d: a skipped call reached Slack", method, got, made)
		}
		if v := m.Value("ghosted_slack_api_errors_total", "method", method); v != 0 {
			t.Errorf("%s: %v errors counted for skipped calls, want 0", method, v)
		}
	}
	if got := f.RateLimited(); len(got) != 0 {
		t.Errorf("the pacer let %d calls meet Slack's tier: %v", len(got), got)
	}

	// A 429 from Slack: one call, not retried; the title's budget is held
	// for Retry-After, so the next title is skipped at once.
	s = newSlackCalls(f, m, time.Second)
	f.FailNext("assistant.threads.setTitle", 1, slacktest.Fault{Status: 429, RetryAfter: 30})
	before := len(f.Calls("assistant.threads.setTitle"))
	if _, ok := errors.AsType[*slack.RateLimitedError](calls["assistant.threads.setTitle"]()); !ok {
		t.Fatal("a 429 on setTitle did not come back as a rate limit")
	}
	if got := len(f.Calls("assistant.threads.setTitle")) - before; got != 1 {
		t.Errorf("a 429 on setTitle made %d calls, want 1 (not retried)", got)
	}
	if err := calls["assistant.threads.setTitle"](); !errors.Is(err, errSkipped) {
		t.Errorf("a title right after a 429 with Retry-After: 30: %v, want skipped", err)
	}
	if v := m.Value("ghosted_slack_rate_limited_total", "method", "assistant.threads.setTitle"); v != 1 {
		t.Errorf("ghosted_slack_rate_limited_total{setTitle} = %v, want 1", v)
	}
}

// TestCallOverBudgetCountsAsPaced: a call that must happen waits its turn,
// but not longer than the longest wait it allows. A burst of Home
// publishes past views.publish's budget ends with a call the pacer gives
// up on: it answers as a 429 would, never reaches Slack, and counts as
// error="paced", not as a 429 from Slack.
func TestCallOverBudgetCountsAsPaced(t *testing.T) {
	f := slacktest.New(t, slacktest.Options{RateLimits: true})
	m := metrics.New(nil, nil)
	s := newSlackCalls(f, m, 50*time.Millisecond) // far under the tier's spacing of a second
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	burst := s.pacer.Limit("views.publish").Burst
	var gaveUp error
	made := 0
	for i := range burst + 5 {
		user := fmt.Sprintf("U%03d", i)
		f.AddUser(slacktest.User{ID: user})
		_, err := s.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: slack.HomeTabViewRequest{
			Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: sections("Your quiet deals")},
		}})
		if err != nil {
			gaveUp = err
			break
		}
		made++
	}
	rl, ok := errors.AsType[*slack.RateLimitedError](gaveUp)
	if !ok || rl.RetryAfter <= 0 {
		t.Fatalf("after %d publishes (burst %d) the answer was %v, want a rate limit with a wait", made, burst, gaveUp)
	}
	if got := len(f.Calls("views.publish")); got != made {
		t.Errorf("Slack saw %d publishes, %d went through: the one given up on reached Slack", got, made)
	}
	if v := m.Value("ghosted_slack_api_errors_total", "method", "views.publish", "error", metrics.ErrPaced); v != 1 {
		t.Errorf(`ghosted_slack_api_errors_total{method="views.publish",error="paced"} = %v, want 1`, v)
	}
	if v := m.Value("ghosted_slack_rate_limited_total"); v != 0 {
		t.Errorf("ghosted_slack_rate_limited_total = %v, want 0: Slack answered no 429", v)
	}
	if got := f.RateLimited(); len(got) != 0 {
		t.Errorf("the pacer let %d calls meet Slack's tier", len(got))
	}
}
