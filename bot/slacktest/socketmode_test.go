package slacktest_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
)

// eventsAPI unwraps an events_api event into slack-go's typed inner event.
func eventsAPI(t *testing.T, ev socketmode.Event) any {
	t.Helper()
	if ev.Type != socketmode.EventTypeEventsAPI {
		t.Fatalf("event type = %s, want events_api (data %#v)", ev.Type, ev.Data)
	}
	outer, ok := ev.Data.(slackevents.EventsAPIEvent)
	if !ok {
		t.Fatalf("data is %T, want slackevents.EventsAPIEvent", ev.Data)
	}
	if outer.Type != slackevents.CallbackEvent || outer.TeamID != "T1" || outer.APIAppID != "A1" {
		t.Errorf("outer event = %+v, want event_callback from T1/A1", outer)
	}
	return outer.InnerEvent.Data
}

func TestClientConnectsAndGetsHello(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	connect(t, fake)
	if got := fake.Connections(); got != 1 {
		t.Errorf("Connections() = %d, want 1", got)
	}
	open := fake.Calls("apps.connections.open")
	if len(open) != 1 || open[0].Token != fake.AppToken || !open[0].JSON {
		t.Errorf("apps.connections.open calls = %+v, want one JSON call with the app token", open)
	}
}

func TestEventsParseIntoSlackGoTypes(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	c, ctx := connect(t, fake)

	t.Run("app_mention", func(t *testing.T) {
		parent := fake.AddMessage(slacktest.Message{Channel: "C1", User: "U1", Text: "Acme went quiet"})
		env := fake.SendEvent(slacktest.AppMention{Channel: "C1", User: "U1", Text: "what now &amp; why?", ThreadTS: parent})
		got, ok := eventsAPI(t, c.next(t, ctx)).(*slackevents.AppMentionEvent)
		if !ok {
			t.Fatalf("inner event is not *slackevents.AppMentionEvent")
		}
		if got.User != "U1" || got.Channel != "C1" || got.ThreadTimeStamp != parent || got.Text != "<@UBOT> what now &amp; why?" {
			t.Errorf("app_mention = %+v", got)
		}
		if len(got.Blocks.BlockSet) != 1 || got.Blocks.BlockSet[0].BlockType() != slack.MBTRichText {
			t.Errorf("blocks = %+v, want one rich_text block", got.Blocks.BlockSet)
		}
		ack, err := fake.WaitAck(ctx, env.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ack.Latency <= 0 || ack.Payload != nil {
			t.Errorf("ack = %+v, want a positive latency and no payload", ack)
		}
	})

	t.Run("user message in a DM", func(t *testing.T) {
		env := fake.SendEvent(slacktest.Message{Channel: "D1", User: "U1", Text: "my prospect went quiet"}, slacktest.WithEventID("EvDM1"))
		got, ok := eventsAPI(t, c.next(t, ctx)).(*slackevents.MessageEvent)
		if !ok {
			t.Fatalf("inner event is not *slackevents.MessageEvent")
		}
		if got.User != "U1" || got.ChannelType != "im" || got.BotID != "" || got.SubType != "" || got.Text != "my prospect went quiet" {
			t.Errorf("message = %+v", got)
		}
		if env.EventID != "EvDM1" {
			t.Errorf("EventID = %q, want EvDM1", env.EventID)
		}
	})

	t.Run("bot message without subtype", func(t *testing.T) {
		fake.SendEvent(slacktest.Message{Channel: "C1", BotID: fake.BotID, Text: "a draft"})
		got, ok := eventsAPI(t, c.next(t, ctx)).(*slackevents.MessageEvent)
		if !ok {
			t.Fatalf("inner event is not *slackevents.MessageEvent")
		}
		if got.BotID != "BBOT" || got.SubType != "" || got.User != "UBOT" || got.Message.BotProfile == nil || got.Message.BotProfile.AppID != "A1" {
			t.Errorf("bot message = %+v (bot_profile %+v)", got, got.Message.BotProfile)
		}
	})

	t.Run("retried event keeps its event_id", func(t *testing.T) {
		first := fake.SendEvent(slacktest.Message{Channel: "C1", User: "U2", Text: "hello"})
		c.next(t, ctx)
		retry := fake.Redeliver(first.ID)
		ev := c.next(t, ctx)
		if ev.Request.RetryAttempt != 1 || ev.Request.RetryReason != "timeout" || ev.Request.EnvelopeID != retry.ID {
			t.Errorf("retry request = %+v", ev.Request)
		}
		cb := ev.Data.(slackevents.EventsAPIEvent).Data.(*slackevents.EventsAPICallbackEvent)
		if cb.EventID != first.EventID || retry.ID == first.ID {
			t.Errorf("retry event_id %s envelope %s, first %s envelope %s", cb.EventID, retry.ID, first.EventID, first.ID)
		}
	})

	t.Run("app_home_opened", func(t *testing.T) {
		fake.SendEvent(slacktest.AppHomeOpened{User: "U1"})
		got, ok := eventsAPI(t, c.next(t, ctx)).(*slackevents.AppHomeOpenedEvent)
		if !ok {
			t.Fatalf("inner event is not *slackevents.AppHomeOpenedEvent")
		}
		if got.User != "U1" || got.Tab != "home" || got.Channel != fake.DMChannel("U1") {
			t.Errorf("app_home_opened = %+v", got)
		}
	})
}

func TestSlashCommandParses(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	c, ctx := connect(t, fake)
	fake.AddChannel(slacktest.Channel{ID: "C1", Name: "sales"})

	env := fake.SendSlashCommand(slacktest.Slash{User: "U1", Channel: "C1", Text: "Acme went quiet"})
	ev := c.next(t, ctx)
	if ev.Type != socketmode.EventTypeSlashCommand {
		t.Fatalf("event type = %s, want slash_commands", ev.Type)
	}
	cmd := ev.Data.(slack.SlashCommand)
	want := slack.SlashCommand{
		Token: cmd.Token, TeamID: "T1", TeamDomain: "ghosted-test", ChannelID: "C1", ChannelName: "sales",
		UserID: "U1", UserName: "u1", Command: "/ghosted", Text: "Acme went quiet",
		ResponseURL: env.ResponseURL, TriggerID: env.TriggerID, APIAppID: "A1",
	}
	if cmd != want {
		t.Errorf("slash command =\n%+v\nwant\n%+v", cmd, want)
	}
	if !ev.Request.AcceptsResponsePayload {
		t.Error("slash envelope should accept a response payload")
	}
	if _, err := fake.WaitAck(ctx, env.ID); err != nil {
		t.Fatal(err)
	}
}

func TestInteractionsParse(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	c, ctx := connect(t, fake)

	t.Run("block_actions on a message the bot posted", func(t *testing.T) {
		blocks := slack.MsgOptionBlocks(slack.NewActionBlock("draft_actions",
			slack.NewButtonBlockElement("draft_shorter", "deal-7", slack.NewTextBlockObject(slack.PlainTextType, "Shorter", false, false))))
		channel, ts, err := c.API.PostMessageContext(ctx, "U1", blocks, slack.MsgOptionText("draft", false))
		if err != nil {
			t.Fatal(err)
		}
		env := fake.SendInteraction(slacktest.BlockActions{User: "U1", Channel: channel, MessageTS: ts, ActionID: "draft_shorter"})
		ev := c.next(t, ctx)
		if ev.Type != socketmode.EventTypeInteractive {
			t.Fatalf("event type = %s, want interactive", ev.Type)
		}
		cb := ev.Data.(slack.InteractionCallback)
		if cb.Type != slack.InteractionTypeBlockActions || cb.User.ID != "U1" || cb.Team.ID != "T1" || cb.TriggerID != env.TriggerID {
			t.Errorf("callback = %+v", cb)
		}
		if cb.Container.Type != "message" || cb.Container.ChannelID != channel || cb.Container.MessageTs != ts || cb.Channel.ID != channel {
			t.Errorf("container = %+v, channel = %+v", cb.Container, cb.Channel.ID)
		}
		if cb.Message.Timestamp != ts || cb.Message.BotID != "BBOT" || len(cb.Message.Blocks.BlockSet) != 1 {
			t.Errorf("message = %+v", cb.Message)
		}
		if n := len(cb.ActionCallback.BlockActions); n != 1 {
			t.Fatalf("got %d block actions, want 1", n)
		}
		a := cb.ActionCallback.BlockActions[0]
		if a.ActionID != "draft_shorter" || a.BlockID != "draft_actions" || a.Value != "deal-7" || a.Type != "button" {
			t.Errorf("action = %+v", a)
		}
		if cb.ResponseURL != env.ResponseURL || env.ResponseURL == "" {
			t.Errorf("response_url = %q, envelope says %q", cb.ResponseURL, env.ResponseURL)
		}
	})

	t.Run("view_submission of the modal the bot opened", func(t *testing.T) {
		slash := fake.SendSlashCommand(slacktest.Slash{User: "U1"})
		c.next(t, ctx)
		modal := slack.ModalViewRequest{
			Type:            slack.VTModal,
			Title:           slack.NewTextBlockObject(slack.PlainTextType, "Deal went quiet", false, false),
			Submit:          slack.NewTextBlockObject(slack.PlainTextType, "Coach me", false, false),
			CallbackID:      "ghosted_intake",
			PrivateMetadata: "C1",
			Blocks: slack.Blocks{BlockSet: []slack.Block{
				slack.NewInputBlock("prospect", slack.NewTextBlockObject(slack.PlainTextType, "Prospect", false, false), nil,
					slack.NewPlainTextInputBlockElement(nil, "value")),
			}},
		}
		opened, err := c.API.OpenViewContext(ctx, slash.TriggerID, modal)
		if err != nil {
			t.Fatal(err)
		}
		c.setAckPayload(func(socketmode.Event) any {
			return slack.NewErrorsViewSubmissionResponse(map[string]string{"prospect": "Who went quiet?"})
		})
		defer c.setAckPayload(nil)

		env := fake.SendInteraction(slacktest.ViewSubmission{User: "U1", Values: map[string]map[string]slacktest.InputValue{
			"prospect": {"value": slacktest.PlainTextInput("Acme")},
		}})
		ev := c.next(t, ctx)
		cb := ev.Data.(slack.InteractionCallback)
		if cb.Type != slack.InteractionTypeViewSubmission || cb.View.ID != opened.ID || cb.View.CallbackID != "ghosted_intake" || cb.View.PrivateMetadata != "C1" {
			t.Errorf("callback = %s view %+v", cb.Type, cb.View)
		}
		if got := cb.View.State.Values["prospect"]["value"].Value; got != "Acme" {
			t.Errorf("submitted value = %q, want Acme", got)
		}
		ack, err := fake.WaitAck(ctx, env.ID)
		if err != nil {
			t.Fatal(err)
		}
		var resp slack.ViewSubmissionResponse
		if err := json.Unmarshal(ack.Payload, &resp); err != nil || resp.ResponseAction != slack.RAErrors || resp.Errors["prospect"] == "" {
			t.Errorf("ack payload = %s (%v), want response_action errors", ack.Payload, err)
		}
		if top := fake.TopModal("U1"); top != opened.ID {
			t.Errorf("after an errors ack the top modal is %q, want %s still open", top, opened.ID)
		}

		c.setAckPayload(nil) // an empty ack closes the view
		env = fake.SendInteraction(slacktest.ViewSubmission{User: "U1"})
		c.next(t, ctx)
		if _, err := fake.WaitAck(ctx, env.ID); err != nil {
			t.Fatal(err)
		}
		if top := fake.TopModal("U1"); top != "" {
			t.Errorf("after an empty ack the top modal is %q, want none", top)
		}
	})
}

func TestReconnectAfterDisconnect(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	c, ctx := connect(t, fake)

	fake.Disconnect("refresh_requested")
	if _, err := fake.WaitCalls(ctx, "apps.connections.open", 2); err != nil {
		t.Fatal(err)
	}
	if err := fake.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if got := fake.Connections(); got != 1 {
		t.Errorf("Connections() = %d after reconnecting, want 1", got)
	}
	// The new socket carries envelopes.
	env := fake.SendEvent(slacktest.Message{Channel: "C1", User: "U1", Text: "still there?"})
	c.next(t, ctx)
	if _, err := fake.WaitAck(ctx, env.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Calls("apps.connections.open")); n != 2 {
		t.Errorf("apps.connections.open called %d times, want 2", n)
	}
}

func TestReconnectAfterDrop(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	c, ctx := connect(t, fake)

	fake.DropConnections()
	// Sent while no socket is open: held, then delivered on the new one.
	env := fake.SendEvent(slacktest.Message{Channel: "C1", User: "U1", Text: "hello again"})
	if _, err := fake.WaitCalls(ctx, "apps.connections.open", 2); err != nil {
		t.Fatal(err)
	}
	c.next(t, ctx)
	if _, err := fake.WaitAck(ctx, env.ID); err != nil {
		t.Fatal(err)
	}
	if got := fake.Unacked(); len(got) != 0 {
		t.Errorf("unacked envelopes: %v", got)
	}
}

func TestEnvelopeSentBeforeConnectIsDelivered(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{})
	env := fake.SendSlashCommand(slacktest.Slash{User: "U1", Text: "early"})
	c, ctx := connect(t, fake)
	if ev := c.next(t, ctx); ev.Type != socketmode.EventTypeSlashCommand {
		t.Fatalf("event type = %s, want slash_commands", ev.Type)
	}
	if _, err := fake.WaitAck(ctx, env.ID); err != nil {
		t.Fatal(err)
	}
}

func TestEchoBotMessages(t *testing.T) {
	fake := slacktest.New(t, slacktest.Options{EchoBotMessages: true})
	c, ctx := connect(t, fake)
	_, ts, err := c.API.PostMessageContext(ctx, "C1", slack.MsgOptionText("coaching reply", false))
	if err != nil {
		t.Fatal(err)
	}
	got, ok := eventsAPI(t, c.next(t, ctx)).(*slackevents.MessageEvent)
	if !ok {
		t.Fatal("echo is not a message event")
	}
	if got.TimeStamp != ts || got.BotID != fake.BotID || got.User != fake.BotUserID || got.SubType != "" {
		t.Errorf("echo = %+v", got)
	}
}

// BenchmarkSlashCommandAck measures a slash command's round trip through the
// fake and a real slack-go client: envelope out, ack back.
func BenchmarkSlashCommandAck(b *testing.B) {
	fake := slacktest.New(b, slacktest.Options{})
	api := newAPI(fake, fake.BotToken)
	sm := socketmode.New(api)
	ctx, cancel := context.WithCancel(b.Context())
	done := make(chan struct{})
	go func() { defer close(done); _ = sm.RunContext(ctx) }()
	go func() {
		for {
			select {
			case ev := <-sm.Events:
				if ev.Request != nil && ev.Type == socketmode.EventTypeSlashCommand {
					_ = sm.AckCtx(ctx, ev.Request.EnvelopeID, nil)
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	b.Cleanup(func() { cancel(); <-done })
	if err := fake.WaitConnected(ctx, 1); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		env := fake.SendSlashCommand(slacktest.Slash{User: "U1", Text: "Acme went quiet"})
		if _, err := fake.WaitAck(ctx, env.ID); err != nil {
			b.Fatal(err)
		}
	}
}
