package slacktest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
)

// wantSlackError checks err is Slack's {"ok":false,"error":code}.
func wantSlackError(t *testing.T, err error, code string) {
	t.Helper()
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != code {
		t.Errorf("err = %v (%T), want Slack error %q", err, err, code)
	}
}

func postRaw(t *testing.T, fake *slacktest.Fake, method, contentType, body string, header http.Header) map[string]any {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, fake.APIURL()+method, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s answered %d %q: %v", method, resp.StatusCode, b, err)
	}
	return out
}

func TestFormAndJSONAuth(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)

	auth, err := api.AuthTestContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if auth.UserID != "UBOT" || auth.BotID != "BBOT" || auth.TeamID != "T1" {
		t.Errorf("auth.test = %+v", auth)
	}
	form := fake.Calls("auth.test")[0]
	if form.JSON || form.Token != fake.BotToken || form.Params.Has("token") {
		t.Errorf("auth.test call = %+v, want a form call whose token is not in Params", form)
	}

	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "UBOT", View: slack.HomeTabViewRequest{Type: slack.VTHomeTab}}); err != nil {
		t.Fatal(err)
	}
	js := fake.Calls("views.publish")[0]
	if !js.JSON || js.Token != fake.BotToken || !strings.HasPrefix(js.Params.Get("view"), `{"type":"home"`) {
		t.Errorf("views.publish call = %+v, want a JSON call with the view kept as raw JSON", js)
	}

	t.Run("wrong token", func(t *testing.T) {
		_, err := newAPI(fake, "xoxb-wrong").AuthTestContext(ctx)
		wantSlackError(t, err, "invalid_auth")
		_, err = newAPI(fake, "xoxb-wrong").OpenViewContext(ctx, "1.2.3", slack.ModalViewRequest{Type: slack.VTModal})
		wantSlackError(t, err, "invalid_auth")
	})
	t.Run("app token where a bot token belongs", func(t *testing.T) {
		_, _, err := newAPI(fake, fake.AppToken).PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false))
		wantSlackError(t, err, "not_allowed_token_type")
	})
	t.Run("bot token on apps.connections.open", func(t *testing.T) {
		got := postRaw(t, fake, "apps.connections.open", "application/json", "", http.Header{"Authorization": {"Bearer " + fake.BotToken}})
		if got["error"] != "not_allowed_token_type" {
			t.Errorf("answer = %v", got)
		}
	})
	t.Run("no token", func(t *testing.T) {
		got := postRaw(t, fake, "chat.postMessage", "application/x-www-form-urlencoded", "channel=C1&text=hi", nil)
		if got["ok"] != false || got["error"] != "not_authed" {
			t.Errorf("answer = %v", got)
		}
	})
	t.Run("token in a JSON body", func(t *testing.T) {
		got := postRaw(t, fake, "views.publish", "application/json", `{"token":"`+fake.BotToken+`","user_id":"U1"}`, nil)
		if got["error"] != "not_authed" {
			t.Errorf("answer = %v, want not_authed: Slack reads JSON tokens from the Bearer header only", got)
		}
	})
	t.Run("unknown method", func(t *testing.T) {
		got := postRaw(t, fake, "chat.frobnicate", "application/x-www-form-urlencoded", "token="+fake.BotToken, nil)
		if got["error"] != "unknown_method" {
			t.Errorf("answer = %v", got)
		}
	})
	t.Run("JSON body with Bearer on a form method", func(t *testing.T) {
		got := postRaw(t, fake, "chat.postMessage", "application/json", `{"channel":"C1","text":"hi","blocks":[{"type":"divider"}]}`,
			http.Header{"Authorization": {"Bearer " + fake.BotToken}})
		if got["ok"] != true {
			t.Fatalf("answer = %v", got)
		}
		call := fake.Calls("chat.postMessage")[len(fake.Calls("chat.postMessage"))-1]
		if call.Params.Get("blocks") != `[{"type":"divider"}]` {
			t.Errorf("blocks param = %q, want the raw JSON", call.Params.Get("blocks"))
		}
	})
}

func TestFaults(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)

	fake.FailNext("chat.postMessage", 1, slacktest.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1})
	_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Errorf("err = %v (%T), want *slack.RateLimitedError with RetryAfter 1s", err, err)
	}

	fake.FailNext("chat.postMessage", 1, slacktest.Fault{Status: http.StatusTooManyRequests})
	_, _, err = api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false))
	var sce slack.StatusCodeError
	if !errors.As(err, &sce) || sce.Code != http.StatusTooManyRequests {
		t.Errorf("err = %v (%T), want slack.StatusCodeError 429 without Retry-After", err, err)
	}

	fake.FailNext("chat.update", 2, slacktest.Fault{Error: "msg_too_long"})
	for range 2 {
		_, _, _, err = api.UpdateMessageContext(ctx, "C1", "1.2", slack.MsgOptionText("long", false))
		wantSlackError(t, err, "msg_too_long")
	}

	fake.FailNext("*", 1, slacktest.Fault{Status: http.StatusInternalServerError})
	_, err = api.AuthTestContext(ctx)
	if !errors.As(err, &sce) || sce.Code != http.StatusInternalServerError {
		t.Errorf("err = %v, want a 500", err)
	}

	// Faults are used up: the next call succeeds, and all were recorded.
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false)); err != nil {
		t.Fatal(err)
	}
	calls := fake.Calls("chat.postMessage")
	if len(calls) != 3 || calls[0].Error != "ratelimited" || calls[0].Status != 429 || !calls[2].OK() {
		t.Errorf("chat.postMessage calls = %+v", calls)
	}
}

// TestHold: a held call waits at the fake, answered only on Release, while
// other calls (even to the same method) go through; the held call then
// succeeds.
func TestHold(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)
	fake.AddUser(slacktest.User{ID: "U1", TZ: "Europe/Berlin"})

	h := fake.Hold("users.info")
	if h.Arrived() {
		t.Fatal("arrived before any call")
	}
	done := make(chan error, 1)
	var tz string
	go func() {
		u, err := api.GetUserInfoContext(ctx, "U1")
		if err == nil {
			tz = u.TZ
		}
		done <- err
	}()
	if err := h.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	// Held, not lost: nothing answered yet, and the next call is not held.
	select {
	case err := <-done:
		t.Fatalf("the held call returned before Release: %v", err)
	default:
	}
	if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Errorf("a second users.info was held too: %v", err)
	}
	h.Release()
	if err := <-done; err != nil || tz != "Europe/Berlin" {
		t.Errorf("held call = %q, %v; want it answered normally", tz, err)
	}
	h.Release() // twice is fine

	// Wait gives up with the caller's context when nothing arrives.
	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if err := fake.Hold("chat.update").Wait(short); err == nil {
		t.Error("Wait returned with no call held")
	}
}

func TestPostMessage(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)

	var last string
	for i := range 3 {
		channel, ts, msg, err := api.PostMessageWithResponseContext(ctx, "D1", slack.MsgOptionText("hello", false))
		if err != nil {
			t.Fatal(err)
		}
		if channel != "D1" || ts <= last || msg.BotID != "BBOT" || msg.User != "UBOT" || msg.Text != "hello" {
			t.Errorf("post %d: channel %s ts %s (after %s) message %+v", i, channel, ts, last, msg)
		}
		last = ts
	}

	channel, _, err := api.PostMessageContext(ctx, "U7", slack.MsgOptionText("to a user", false))
	if err != nil || channel != fake.DMChannel("U7") {
		t.Errorf("posting to a user went to %s (%v), want %s", channel, err, fake.DMChannel("U7"))
	}

	_, _, err = api.PostMessageContext(ctx, "C1")
	wantSlackError(t, err, "no_text")
	_, _, err = api.PostMessageContext(ctx, "C1", slack.MsgOptionText(strings.Repeat("x", 40_001), false))
	wantSlackError(t, err, "msg_too_long")

	many := make([]slack.Block, 51)
	for i := range many {
		many[i] = slack.NewDividerBlock()
	}
	_, _, err = api.PostMessageContext(ctx, "C1", slack.MsgOptionBlocks(many...))
	wantSlackError(t, err, "invalid_blocks")
	long := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("y", 3001), false, false), nil, nil)
	_, _, err = api.PostMessageContext(ctx, "C1", slack.MsgOptionBlocks(long))
	wantSlackError(t, err, "invalid_blocks")

	if _, err := api.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionText("only you", false)); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateDeleteAndReactions(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)

	_, ts, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("v1", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, text, err := api.UpdateMessageContext(ctx, "C1", ts, slack.MsgOptionText("v2", false)); err != nil || text != "v2" {
		t.Errorf("update: text %q, err %v", text, err)
	}
	userTS := fake.AddMessage(slacktest.Message{Channel: "C1", User: "U1", Text: "mine"})
	_, _, _, err = api.UpdateMessageContext(ctx, "C1", userTS, slack.MsgOptionText("hijack", false))
	wantSlackError(t, err, "cant_update_message")

	item := slack.NewRefToMessage("C1", userTS)
	if err := api.AddReactionContext(ctx, "eyes", item); err != nil {
		t.Fatal(err)
	}
	wantSlackError(t, api.AddReactionContext(ctx, "eyes", item), "already_reacted")

	if _, _, err := api.DeleteMessageContext(ctx, "C1", ts); err != nil {
		t.Fatal(err)
	}
	_, _, err = api.DeleteMessageContext(ctx, "C1", ts)
	wantSlackError(t, err, "message_not_found")
}

func TestStreams(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)

	_, ts, err := api.StartStreamContext(ctx, "D1", slack.MsgOptionMarkdownText("Hi "))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.AppendStreamContext(ctx, "D1", ts, slack.MsgOptionMarkdownText("there")); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = api.UpdateMessageContext(ctx, "D1", ts, slack.MsgOptionText("edit", false))
	wantSlackError(t, err, "streaming_state_conflict")
	if _, _, err := api.StopStreamContext(ctx, "D1", ts, slack.MsgOptionMarkdownText(".")); err != nil {
		t.Fatal(err)
	}
	_, _, err = api.AppendStreamContext(ctx, "D1", ts, slack.MsgOptionMarkdownText("late"))
	wantSlackError(t, err, "message_not_in_streaming_state")

	msgs, _, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "D1", Timestamp: ts})
	if err != nil || len(msgs) != 1 || msgs[0].Text != "Hi there." {
		t.Errorf("streamed message = %+v (%v), want text %q", msgs, err, "Hi there.")
	}

	t.Run("channel streams need a recipient", func(t *testing.T) {
		_, _, err := api.StartStreamContext(ctx, "C1", slack.MsgOptionMarkdownText("x"))
		wantSlackError(t, err, "missing_recipient_user_id")
		_, _, err = api.StartStreamContext(ctx, "C1", slack.MsgOptionRecipientUserID("U1"), slack.MsgOptionMarkdownText("x"))
		wantSlackError(t, err, "missing_recipient_team_id")
		_, _, err = api.StartStreamContext(ctx, "C1", slack.MsgOptionRecipientUserID("U1"), slack.MsgOptionRecipientTeamID("T1"), slack.MsgOptionMarkdownText("x"))
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("expired stream", func(t *testing.T) {
		_, ts, err := api.StartStreamContext(ctx, "D1", slack.MsgOptionMarkdownText("a"))
		if err != nil {
			t.Fatal(err)
		}
		fake.ExpireStreams()
		_, _, err = api.AppendStreamContext(ctx, "D1", ts, slack.MsgOptionMarkdownText("b"))
		wantSlackError(t, err, "message_not_in_streaming_state")
	})
	t.Run("streams unavailable", func(t *testing.T) {
		fake.SetStreamError("feature_not_enabled")
		_, _, err := api.StartStreamContext(ctx, "D1", slack.MsgOptionMarkdownText("a"))
		wantSlackError(t, err, "feature_not_enabled")
		fake.SetStreamError("")
	})
}

func TestStreamErrorOption(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{StreamError: "not_allowed"})
	_, _, err := newAPI(fake, fake.BotToken).StartStreamContext(testContext(t), "D1", slack.MsgOptionMarkdownText("a"))
	wantSlackError(t, err, "not_allowed")
}

func TestConversationsAndUsers(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)

	fake.AddUser(slacktest.User{ID: "U1", Name: "alex", TZ: "Europe/Paris", TZLabel: "Central European Time", TZOffset: 3600})
	fake.AddChannel(slacktest.Channel{ID: "C1", Name: "sales"})
	parent := fake.AddMessage(slacktest.Message{Channel: "C1", User: "U1", Text: "Acme went quiet after the demo"})
	fake.AddMessage(slacktest.Message{Channel: "C1", User: "U2", Text: "They signed with a competitor last year", ThreadTS: parent})
	fake.AddMessage(slacktest.Message{Channel: "C1", User: "U1", Text: "unrelated"})
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("Let me ask a few questions", false), slack.MsgOptionTS(parent)); err != nil {
		t.Fatal(err)
	}

	msgs, hasMore, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: parent})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 || hasMore || msgs[0].Timestamp != parent || msgs[0].ReplyCount != 2 ||
		msgs[1].User != "U2" || msgs[1].ParentUserId != "U1" || msgs[2].BotID != "BBOT" || msgs[2].ThreadTimestamp != parent {
		t.Errorf("replies = %+v", msgs)
	}
	page, hasMore, cursor, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: parent, Limit: 2})
	if err != nil || len(page) != 2 || !hasMore || cursor == "" {
		t.Fatalf("first page: %d messages, has_more %v, cursor %q, err %v", len(page), hasMore, cursor, err)
	}
	rest, hasMore, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: parent, Limit: 2, Cursor: cursor})
	if err != nil || len(rest) != 1 || hasMore {
		t.Errorf("second page: %d messages, has_more %v, err %v", len(rest), hasMore, err)
	}
	_, _, _, err = api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: "1.000001"})
	wantSlackError(t, err, "thread_not_found")

	u, err := api.GetUserInfoContext(ctx, "U1")
	if err != nil || u.TZ != "Europe/Paris" || u.TZOffset != 3600 || u.Name != "alex" {
		t.Errorf("users.info = %+v, %v", u, err)
	}
	_, err = api.GetUserInfoContext(ctx, "UNOBODY")
	wantSlackError(t, err, "user_not_found")

	ch, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: "C1"})
	if err != nil || ch.Name != "sales" || !ch.IsChannel {
		t.Errorf("conversations.info = %+v, %v", ch, err)
	}
	dm, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil || dm.ID != fake.DMChannel("U1") || !strings.HasPrefix(dm.ID, "D") {
		t.Errorf("conversations.open = %+v, %v", dm, err)
	}
	info, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: dm.ID})
	if err != nil || !info.IsIM || info.User != "U1" {
		t.Errorf("DM info = %+v, %v", info, err)
	}

}

func TestTriggerIDs(t *testing.T) {
	modal := slack.ModalViewRequest{Type: slack.VTModal, Title: slack.NewTextBlockObject(slack.PlainTextType, "Deal went quiet", false, false)}

	t.Run("single use", func(t *testing.T) {
		fake := slacktest.New(t, slacktest.Options{})
		ctx := testContext(t)
		api := newAPI(fake, fake.BotToken)
		env := fake.SendSlashCommand(slacktest.Slash{User: "U1"})
		view, err := api.OpenViewContext(ctx, env.TriggerID, modal)
		if err != nil {
			t.Fatal(err)
		}
		if view.ID == "" || view.RootViewID != view.ID || view.Hash == "" || fake.TopModal("U1") != view.ID {
			t.Errorf("opened view = %+v", view.View)
		}
		_, err = api.OpenViewContext(ctx, env.TriggerID, modal)
		wantSlackError(t, err, "exchanged_trigger_id")
		_, err = api.OpenViewContext(ctx, "1700000000.1.deadbeef", modal)
		wantSlackError(t, err, "invalid_trigger_id")
	})
	t.Run("expired", func(t *testing.T) {
		fake := slacktest.New(t, slacktest.Options{TriggerTTL: time.Nanosecond})
		env := fake.SendSlashCommand(slacktest.Slash{User: "U1"})
		_, err := newAPI(fake, fake.BotToken).OpenViewContext(testContext(t), env.TriggerID, modal)
		wantSlackError(t, err, "expired_trigger_id")
	})
}

func TestViews(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)
	title := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}

	env := fake.SendSlashCommand(slacktest.Slash{User: "U1"})
	_, err := api.OpenViewContext(ctx, env.TriggerID, slack.ModalViewRequest{Type: slack.VTModal, Title: title("A title far longer than allowed")})
	wantSlackError(t, err, "invalid_arguments")

	opened, err := api.OpenViewContext(ctx, env.TriggerID, slack.ModalViewRequest{Type: slack.VTModal, Title: title("Intake")})
	if err != nil {
		t.Fatal(err) // the refused call above did not spend the trigger
	}
	updated, err := api.UpdateViewContext(ctx, slack.ModalViewRequest{Type: slack.VTModal, Title: title("Intake 2")}, "", opened.Hash, opened.ID)
	if err != nil || updated.ID != opened.ID || updated.Hash == opened.Hash || updated.Title.Text != "Intake 2" {
		t.Errorf("views.update = %+v, %v", updated, err)
	}
	_, err = api.UpdateViewContext(ctx, slack.ModalViewRequest{Type: slack.VTModal, Title: title("Stale")}, "", opened.Hash, opened.ID)
	wantSlackError(t, err, "hash_conflict")

	click := fake.SendInteraction(slacktest.BlockActions{User: "U1", ViewID: opened.ID, ActionID: "more"})
	pushed, err := api.PushViewContext(ctx, click.TriggerID, slack.ModalViewRequest{Type: slack.VTModal, Title: title("More")})
	if err != nil || pushed.RootViewID != opened.ID || pushed.PreviousViewID != opened.ID || fake.TopModal("U1") != pushed.ID {
		t.Errorf("views.push = %+v, %v", pushed, err)
	}

	home, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: slack.HomeTabViewRequest{Type: slack.VTHomeTab}})
	if err != nil || home.Type != slack.VTHomeTab {
		t.Fatalf("views.publish = %+v, %v", home, err)
	}
	if raw, ok := fake.View(home.ID); !ok || !strings.Contains(string(raw), `"type":"home"`) {
		t.Errorf("View(%s) = %s, %v", home.ID, raw, ok)
	}
}

func TestResponseURL(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)
	env := fake.SendSlashCommand(slacktest.Slash{User: "U1", Channel: "C1"})

	for i := range 5 {
		if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionText("working on it", false),
			slack.MsgOptionResponseURL(env.ResponseURL, slack.ResponseTypeEphemeral)); err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
	}
	call, err := fake.WaitCall(ctx, "response_url", nil)
	if err != nil {
		t.Fatal(err)
	}
	if call.URL != env.ResponseURL || call.Params.Get("text") != "working on it" || call.Params.Get("response_type") != "ephemeral" {
		t.Errorf("response_url call = %+v", call)
	}
	_, _, err = api.PostMessageContext(ctx, "", slack.MsgOptionText("sixth", false), slack.MsgOptionResponseURL(env.ResponseURL, slack.ResponseTypeEphemeral))
	wantSlackError(t, err, "used_url")
}

func TestWaitCall(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)

	done := make(chan waitResult, 1)
	go func() {
		c, err := fake.WaitCall(ctx, "chat.postMessage", func(c slacktest.Call) bool { return c.Params.Get("text") == "second" })
		done <- waitResult{c, err}
	}()
	for _, text := range []string{"first", "second"} {
		if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText(text, false)); err != nil {
			t.Fatal(err)
		}
	}
	got := <-done
	if got.err != nil || got.call.Params.Get("text") != "second" || got.call.Params.Get("channel") != "C1" {
		t.Errorf("WaitCall = %+v, %v", got.call, got.err)
	}

	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, err := fake.WaitCall(short, "views.open", nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitCall for a call that never comes = %v, want DeadlineExceeded", err)
	}
}

// waitResult carries WaitCall's results out of a goroutine.
type waitResult struct {
	call slacktest.Call
	err  error
}

func TestResponseURLIsOnTheFake(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	env := fake.SendSlashCommand(slacktest.Slash{User: "U1"})
	api, _ := url.Parse(fake.APIURL())
	resp, _ := url.Parse(env.ResponseURL)
	if resp.Host != api.Host || !strings.HasPrefix(resp.Path, "/response/") {
		t.Errorf("response_url %s is not on the fake (%s)", env.ResponseURL, fake.APIURL())
	}
}
