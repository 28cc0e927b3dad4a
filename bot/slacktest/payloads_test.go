package slacktest_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// readFrame decodes a testdata frame the way socketmode.Client does.
func readFrame(t *testing.T, name string) socketmode.Request {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var req socketmode.Request
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return req
}

// TestTemplatesParse checks that every canonical frame in testdata parses
// into slack-go's typed structs, as socketmode.Client parses them.
func TestTemplatesParse(t *testing.T) {
	events := map[string]func(any) bool{
		"events_api_message.json": func(d any) bool {
			m, ok := d.(*slackevents.MessageEvent)
			return ok && m.User != "" && m.BotID == "" && len(m.Blocks.BlockSet) == 1
		},
		"events_api_message_bot.json": func(d any) bool {
			m, ok := d.(*slackevents.MessageEvent)
			return ok && m.BotID != "" && m.SubType == "" && m.Message.BotProfile != nil
		},
		"events_api_app_mention.json": func(d any) bool {
			m, ok := d.(*slackevents.AppMentionEvent)
			return ok && m.ThreadTimeStamp != ""
		},
		"events_api_app_home_opened.json": func(d any) bool {
			m, ok := d.(*slackevents.AppHomeOpenedEvent)
			return ok && m.Tab == "home"
		},
		"events_api_assistant_thread_started.json": func(d any) bool {
			m, ok := d.(*slackevents.AssistantThreadStartedEvent)
			return ok && m.AssistantThread.UserID != "" && m.AssistantThread.ChannelID != "" && m.AssistantThread.ThreadTimeStamp != ""
		},
		"events_api_message_file_share.json": func(d any) bool {
			m, ok := d.(*slackevents.MessageEvent)
			return ok && m.SubType == "file_share" && m.Text != "" && m.Message != nil && len(m.Message.Files) == 1
		},
	}
	for name, check := range events {
		t.Run(name, func(t *testing.T) {
			req := readFrame(t, name)
			if req.Type != socketmode.RequestTypeEventsAPI || req.EnvelopeID == "" {
				t.Errorf("envelope = %+v", req)
			}
			ev, err := slackevents.ParseEvent(req.Payload, slackevents.OptionNoVerifyToken())
			if err != nil {
				t.Fatal(err)
			}
			if !check(ev.InnerEvent.Data) {
				t.Errorf("inner event %T = %+v", ev.InnerEvent.Data, ev.InnerEvent.Data)
			}
		})
	}

	t.Run("slash_commands.json", func(t *testing.T) {
		req := readFrame(t, "slash_commands.json")
		var cmd slack.SlashCommand
		if err := json.Unmarshal(req.Payload, &cmd); err != nil {
			t.Fatal(err)
		}
		if req.Type != socketmode.RequestTypeSlashCommands || cmd.Command != "/ghosted" || cmd.TriggerID == "" || cmd.IsEnterpriseInstall {
			t.Errorf("slash command = %+v", cmd)
		}
	})
	for _, name := range []string{"interactive_block_actions.json", "interactive_view_submission.json"} {
		t.Run(name, func(t *testing.T) {
			req := readFrame(t, name)
			var cb slack.InteractionCallback
			if err := json.Unmarshal(req.Payload, &cb); err != nil {
				t.Fatal(err)
			}
			switch cb.Type {
			case slack.InteractionTypeBlockActions:
				if len(cb.ActionCallback.BlockActions) != 1 || cb.Container.Type != "message" {
					t.Errorf("block_actions = %+v", cb)
				}
			case slack.InteractionTypeViewSubmission:
				if cb.View.State.Values["prospect"]["value"].Value != "Acme" {
					t.Errorf("view_submission state = %+v", cb.View.State)
				}
			default:
				t.Errorf("type = %q", cb.Type)
			}
		})
	}
	t.Run("hello.json", func(t *testing.T) {
		if req := readFrame(t, "hello.json"); req.Type != socketmode.RequestTypeHello || req.NumConnections != 1 {
			t.Errorf("hello = %+v", req)
		}
	})
	t.Run("disconnect.json", func(t *testing.T) {
		if req := readFrame(t, "disconnect.json"); req.Type != socketmode.RequestTypeDisconnect || req.Reason != "refresh_requested" {
			t.Errorf("disconnect = %+v", req)
		}
	})
}
