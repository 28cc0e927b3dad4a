package bot

import "encoding/json"

// BotScopes are the bot token scopes ghosted asks for, each for a reason:
//
//	commands          /ghosted
//	chat:write        coaching messages, draft cards, ephemeral notes
//	im:write          open the DM where coaching continues
//	im:history        read DMs sent to the bot (message.im)
//	im:read           know the DM channels
//	app_mentions:read @ghosted in a channel thread
//	channels:history  read a public thread it was mentioned in, and replies there
//	groups:history    the same in private channels it was invited to
//	users:read        time zones: remind-me dates and the weekly nudge's default hour
var BotScopes = []string{
	"commands",
	"chat:write",
	"im:write",
	"im:history",
	"im:read",
	"app_mentions:read",
	"channels:history",
	"groups:history",
	"users:read",
}

// BotEvents are the events the app subscribes to. message.channels and
// message.groups deliver replies in threads the bot coaches in; the bot
// ignores every channel message outside such a thread.
var BotEvents = []string{
	"app_home_opened",
	"app_mention",
	"message.im",
	"message.channels",
	"message.groups",
}

// Manifest returns the Slack app manifest (JSON, which Slack's "Create an
// app → From a manifest" accepts as well as YAML) for a Socket Mode app with
// /ghosted, the scopes and events above, interactivity and the App Home
// messages tab.
func Manifest() ([]byte, error) {
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
