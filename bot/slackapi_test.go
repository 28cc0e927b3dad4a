package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"

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
