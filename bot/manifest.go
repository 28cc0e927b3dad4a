package bot

import "encoding/json"

// BotScopes are the bot token scopes ghosted asks for, each for a reason:
//
//	commands          /ghosted
//	chat:write        coaching messages, draft cards, ephemeral notes, statuses
//	assistant:write   the split view: suggested prompts, chat titles, statuses
//	im:write          open the DM where coaching continues
//	im:history        read DMs and split-view chats sent to the bot (message.im)
//	app_mentions:read @ghosted in a channel thread
//	channels:history  read a public thread it was mentioned in, and replies there
//	groups:history    the same in private channels it was invited to
//	users:read        time zones: remind-me dates and the weekly nudge's default hour
//
// im:read is not asked for: the bot learns its DM channels from
// conversations.open (im:write) and from the events themselves.
var BotScopes = []string{
	"commands",
	"chat:write",
	"assistant:write",
	"im:write",
	"im:history",
	"app_mentions:read",
	"channels:history",
	"groups:history",
	"users:read",
}

// BotEvents are the events the app subscribes to. message.channels and
// message.groups deliver replies in threads the bot coaches in; the bot
// ignores every channel message outside such a thread.
// assistant_thread_started comes when someone opens a chat in the split
// view; what they write there comes as message.im.
var BotEvents = []string{
	"app_home_opened",
	"app_mention",
	"assistant_thread_started",
	"message.im",
	"message.channels",
	"message.groups",
}

// assistantDescription introduces ghosted in the split view.
const assistantDescription = "Your coach for deals that went quiet: why they went dark, what to ask, an honest message to send, and a check of any message before you send it."

// Manifest returns the Slack app manifest (JSON, which Slack's "Create an
// app → From a manifest" accepts as well as YAML) for a Socket Mode app with
// /ghosted, the scopes and events above, interactivity, the App Home
// messages tab and the split view (assistant_view) with its suggested
// prompts.
func Manifest() ([]byte, error) {
	var prompts []any
	for _, p := range AssistantPrompts() {
		prompts = append(prompts, map[string]any{"title": p.Title, "message": p.Message})
	}
	m := map[string]any{
		"_metadata": map[string]any{"major_version": 1, "minor_version": 1},
		"display_information": map[string]any{
			"name":             "ghosted",
			"description":      "A coach for deals that went quiet: why, what to ask, and an honest message to send.",
			"long_description": "Tell ghosted your prospect went quiet. It asks a few sharp questions tied to the seven reasons prospects go dark, says which one is most likely and why, and drafts an honest, human re-engagement message: real feelings, real intentions, the door left open. It lints every draft against the guidance, guards your follow-up cadence, remembers the deal and reminds you when it is time to come back. Once a week it can nudge your team channel about the deals that need care (/ghosted nudge here). Start with /ghosted, a DM, or @ghosted in a thread.",
			"background_color": "#2c2d30",
		},
		"features": map[string]any{
			"app_home": map[string]any{
				"home_tab_enabled":               true,
				"messages_tab_enabled":           true,
				"messages_tab_read_only_enabled": false,
			},
			"assistant_view": map[string]any{
				"assistant_description": assistantDescription,
				"suggested_prompts":     prompts,
			},
			"bot_user": map[string]any{
				"display_name":  "ghosted",
				"always_online": true,
			},
			"slash_commands": []any{map[string]any{
				"command":       "/ghosted",
				"description":   "Coach a deal that went quiet, lint a message, list your quiet deals, or nudge this channel weekly",
				"usage_hint":    "[what happened with the deal] | help | list | lint <message> | nudge here [day time zone] | nudge off | nudge preview | forget",
				"should_escape": false,
			}},
		},
		"oauth_config": map[string]any{
			"scopes": map[string]any{"bot": BotScopes},
		},
		"settings": map[string]any{
			"event_subscriptions":    map[string]any{"bot_events": BotEvents},
			"interactivity":          map[string]any{"is_enabled": true},
			"org_deploy_enabled":     false,
			"socket_mode_enabled":    true,
			"token_rotation_enabled": false,
		},
	}
	return json.MarshalIndent(m, "", "  ")
}
