package slacktest_test

import (
	"encoding/json"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
)

// TestAssistantThreadStarted: the event parses into slack-go's type, and
// the thread's root is in the DM's history, so a reply there has a parent
// and conversations.replies finds the thread.
func TestAssistantThreadStarted(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	c, ctx := connect(t, fake)
	api := newAPI(fake, fake.BotToken)

	root := fake.NextTS()
	fake.SendEvent(slacktest.AssistantThreadStarted{User: "U1", ThreadTS: root, ContextChannel: "C9"})
	got, ok := eventsAPI(t, c.next(t, ctx)).(*slackevents.AssistantThreadStartedEvent)
	if !ok {
		t.Fatalf("inner event is not *slackevents.AssistantThreadStartedEvent")
	}
	at := got.AssistantThread
	if at.UserID != "U1" || at.ChannelID != fake.DMChannel("U1") || at.ThreadTimeStamp != root || at.Context.ChannelID != "C9" {
		t.Errorf("assistant_thread = %+v", at)
	}

	fake.SendEvent(slacktest.Message{Channel: at.ChannelID, User: "U1", ThreadTS: root, Text: "Dana went quiet"})
	reply, ok := eventsAPI(t, c.next(t, ctx)).(*slackevents.MessageEvent)
	if !ok || reply.ThreadTimeStamp != root || reply.SubType != "" || reply.ChannelType != "im" {
		t.Fatalf("reply in the pane = %+v", reply)
	}
	msgs, _, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: at.ChannelID, Timestamp: root})
	if err != nil || len(msgs) != 2 || msgs[0].SubType != "assistant_app_thread" || msgs[1].ParentUserId != "U1" {
		t.Fatalf("replies = %+v, %v", msgs, err)
	}
}

// TestAssistantThreadMethods: prompts, title and status are kept per
// thread, checked as Slack checks them, and the status goes when the app
// posts in the thread.
func TestAssistantThreadMethods(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	ctx := testContext(t)
	api := newAPI(fake, fake.BotToken)
	dm := fake.DMChannel("U1")
	root := fake.NextTS()
	fake.SendEvent(slacktest.AssistantThreadStarted{User: "U1", ThreadTS: root})

	prompts := slack.AssistantThreadsSetSuggestedPromptsParameters{ChannelID: dm, ThreadTS: root, Title: "Try one"}
	prompts.AddPrompt("My quiet deals", "Show me my quiet deals.")
	if err := api.SetAssistantThreadsSuggestedPromptsContext(ctx, prompts); err != nil {
		t.Fatal(err)
	}
	if err := api.SetAssistantThreadsTitleContext(ctx, slack.AssistantThreadsSetTitleParameters{ChannelID: dm, ThreadTS: root, Title: "Dana at Acme"}); err != nil {
		t.Fatal(err)
	}
	err := api.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{
		ChannelID: dm, ThreadTS: root, Status: "is thinking…", LoadingMessages: []string{"Reading", "Weighing"}})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := fake.AssistantThread(dm, root)
	if !ok || got.Title != "Dana at Acme" || got.Status != "is thinking…" || len(got.LoadingMessages) != 2 ||
		got.PromptsTitle != "Try one" || len(got.Prompts) != 1 || got.Prompts[0].Message != "Show me my quiet deals." {
		t.Fatalf("thread = %+v", got)
	}
	if _, _, err := api.PostMessageContext(ctx, dm, slack.MsgOptionText("Here you go", false), slack.MsgOptionTS(root)); err != nil {
		t.Fatal(err)
	}
	if got, _ := fake.AssistantThread(dm, root); got.Status != "" || got.Title != "Dana at Acme" {
		t.Errorf("after a reply: %+v, want the status cleared and the title kept", got)
	}

	// What Slack refuses.
	five := slack.AssistantThreadsSetSuggestedPromptsParameters{ChannelID: dm, ThreadTS: root}
	for range 5 {
		five.AddPrompt("a", "b")
	}
	wantSlackError(t, api.SetAssistantThreadsSuggestedPromptsContext(ctx, five), "invalid_arguments")
	empty := slack.AssistantThreadsSetSuggestedPromptsParameters{ChannelID: dm, ThreadTS: root}
	empty.AddPrompt("no message", "")
	wantSlackError(t, api.SetAssistantThreadsSuggestedPromptsContext(ctx, empty), "invalid_arguments")
	wantSlackError(t, api.SetAssistantThreadsTitleContext(ctx, slack.AssistantThreadsSetTitleParameters{ChannelID: dm, ThreadTS: "1.000001", Title: "x"}), "invalid_thread_ts")
	wantSlackError(t, api.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{ChannelID: "DNOPE", ThreadTS: root, Status: "x"}), "channel_not_found")
	wantSlackError(t, api.SetAssistantThreadsStatusContext(ctx, slack.AssistantThreadsSetStatusParameters{ChannelID: dm, ThreadTS: root, Status: "x",
		LoadingMessages: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}}), "invalid_arguments")
}

// TestFileShareMessage: a user's message with a file is sent with subtype
// file_share, the file listed, and no team field, as Slack sends it.
func TestFileShareMessage(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	c, ctx := connect(t, fake)
	env := fake.SendEvent(slacktest.Message{Channel: "D1", User: "U1", Text: "the story is in the text", Files: []slacktest.File{{Name: "crm.pdf", Mimetype: "application/pdf"}}})
	got, ok := eventsAPI(t, c.next(t, ctx)).(*slackevents.MessageEvent)
	if !ok {
		t.Fatalf("inner event is not *slackevents.MessageEvent")
	}
	if got.SubType != "file_share" || got.Text != "the story is in the text" || got.User != "U1" || got.Message == nil || len(got.Message.Files) != 1 ||
		got.Message.Files[0].Name != "crm.pdf" || got.Message.Files[0].Filetype != "pdf" {
		t.Errorf("file_share = %+v", got)
	}
	if containsKey(t, env.Payload, "team") {
		t.Errorf("a file_share event carries a team field: %s", env.Payload)
	}
}

// containsKey reports whether the event inside an events_api payload has key.
func containsKey(t *testing.T, payload []byte, key string) bool {
	t.Helper()
	var p struct {
		Event map[string]any `json:"event"`
	}
	if err := json.Unmarshal(payload, &p); err != nil {
		t.Fatal(err)
	}
	_, ok := p.Event[key]
	return ok
}
