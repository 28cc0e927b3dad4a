package bot_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
)

func TestSlashHelpAnswersInTheAck(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	a := h.ack(h.fake.SendSlashCommand(slacktest.Slash{User: "U20", Text: "help"}))
	if !strings.Contains(string(a.Payload), "/ghosted lint") {
		t.Errorf("help ack = %s", a.Payload)
	}
}

func TestSlashLintShowsFindingsChecklistAndScore(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	env := h.fake.SendSlashCommand(slacktest.Slash{User: "U21", Text: "lint Hi Dana, just checking in &amp; bumping this to the top of your inbox. Any update?"})
	h.ack(env)
	c := h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })
	blocks := c.Params.Get("blocks")
	for _, want := range []string{"Lint:", "/100", "Real feelings", "Real intentions", "Door left open"} {
		if !strings.Contains(blocks, want) {
			t.Errorf("lint answer lacks %q: %s", want, blocks)
		}
	}
	if c.Params.Get("response_type") != "ephemeral" {
		t.Errorf("lint answer is %q, want ephemeral", c.Params.Get("response_type"))
	}
	// No text to lint: usage, at once.
	a := h.ack(h.fake.SendSlashCommand(slacktest.Slash{User: "U21", Text: "lint"}))
	if !strings.Contains(string(a.Payload), "/ghosted lint") {
		t.Errorf("bare lint ack = %s", a.Payload)
	}
}

func TestSlashForgetAsksThenDeletesEverything(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	h.dealWithCard("U22", story)

	a := h.ack(h.fake.SendSlashCommand(slacktest.Slash{User: "U22", Text: "forget"}))
	if !strings.Contains(string(a.Payload), "forget_yes") {
		t.Fatalf("forget ack has no confirmation button: %s", a.Payload)
	}
	// Nothing is deleted until the button is pressed.
	env := h.fake.SendSlashCommand(slacktest.Slash{User: "U22", Text: "list"})
	h.ack(env)
	list := h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })
	if !strings.Contains(list.Params.Get("blocks"), "Dana Lee") {
		t.Fatalf("list before forget = %s %s", list.Params.Get("text"), list.Params.Get("blocks"))
	}

	press := h.fake.SendInteraction(slacktest.BlockActions{User: "U22", Channel: h.fake.DMChannel("U22"), MessageTS: "1.000001", ActionID: "forget_yes", BlockID: "forget", Value: "yes"})
	h.ack(press)
	done := h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == press.ResponseURL })
	if !strings.Contains(done.Params.Get("text"), "deleted 1 deal") || done.Params.Get("replace_original") != "true" {
		t.Errorf("forget answer = %q (replace_original %s)", done.Params.Get("text"), done.Params.Get("replace_original"))
	}
	env = h.fake.SendSlashCommand(slacktest.Slash{User: "U22", Text: "list"})
	h.ack(env)
	list = h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })
	if !strings.Contains(list.Params.Get("text"), "no deals") {
		t.Errorf("list after forget = %q", list.Params.Get("text"))
	}
}

func TestUnknownWordsAreAStory(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	h.ack(h.fake.SendSlashCommand(slacktest.Slash{User: "U23", Text: "help me: Bob at Initech stopped replying 2 weeks ago"}))
	h.waitPost(0, and(func(p post) bool { return p.Channel == h.fake.DMChannel("U23") }, post.IsQuestion))
}

func TestStreamUnavailableFallsBackToUpdates(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{slack: slacktest.Options{StreamError: "not_allowed"}})
	_, _, card := h.dealWithCard("U24", story)
	if card.Method != "chat.update" {
		t.Errorf("card came by %s, want chat.update of the placeholder", card.Method)
	}
	ph := h.waitPost(0, func(p post) bool { return strings.Contains(p.Text, "Drafting") })
	if ph.Method != "chat.postMessage" {
		t.Errorf("placeholder = %+v", ph)
	}
}

// TestDeadStreamBecomesTheCard: a stream Slack ended before the draft was
// done (streams die after some minutes) cannot take the card with its end;
// the message it left becomes the card (chat.update), and no second
// message is posted.
func TestDeadStreamBecomesTheCard(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := newHarness(t, harnessOptions{})
	h.llm.SetDefault(func(r openaitest.Request) openaitest.Reply {
		<-release
		return openaitest.RealReply(r)
	})
	dm := h.fake.DMChannel("U25")
	env := h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U25", Text: story})
	h.ack(env)
	var root string
	_ = json2(env.Payload, &root)
	h.waitPost(0, and(inThread(dm, root), post.IsQuestion))
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U25", ThreadTS: root, Text: "skip"}))
	h.waitCall("chat.startStream", nil)
	// The stream dies (as Slack's do after some minutes) before any text.
	h.fake.ExpireStreams()
	close(release)
	card := h.waitPost(0, and(inThread(dm, root), post.IsCard))
	stream := h.fake.Calls("chat.startStream")[0]
	_, streamTS, _ := stream.Where()
	if card.Method != "chat.update" || card.TS != streamTS {
		t.Errorf("card came by %s on %s, want chat.update of the dead stream's message %s", card.Method, card.TS, streamTS)
	}
	if n := len(h.posts()); h.posts()[n-1].TS != card.TS {
		t.Errorf("another message after the card:\n%s", h.describePosts())
	}
	if open := h.fake.OpenStreams(); len(open) > 0 {
		t.Errorf("streams left open: %v", open)
	}
}

// TestStreamingIsBatched: a draft streams in a few appends, each of at
// least 256 new characters and StreamInterval after the last (whichever
// comes later), so that several drafts at once stay within appendStream's
// tier; the rest of the text comes with the stream's end, and the appends
// and the end together are the draft, once.
func TestStreamingIsBatched(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{config: func(c *bot.Config) { c.StreamInterval = 300 * time.Millisecond }})
	text := strings.Repeat("I keep thinking about what you said on our call about the reporting gaps. ", 12) + "\n\nIs this still worth a conversation?"
	h.llm.SetDefault(func(r openaitest.Request) openaitest.Reply {
		return openaitest.Reply{Text: text, Chunks: 30, ChunkDelay: 50 * time.Millisecond}
	})
	h.dealWithCard("U26", story)
	start := h.fake.Calls("chat.startStream")[0]
	appends := h.fake.Calls("chat.appendStream")
	if len(appends) == 0 {
		t.Fatal("a 1 KB draft written over 1.5 s was not appended at all")
	}
	prev := start.At
	var streamed strings.Builder
	for i, a := range appends {
		md := a.Params.Get("markdown_text")
		if gap := a.At.Sub(prev); gap < 250*time.Millisecond {
			t.Errorf("append %d came %v after the previous call", i, gap)
		}
		if len(md) < 256 {
			t.Errorf("append %d carried %d characters", i, len(md))
		}
		streamed.WriteString(md)
		prev = a.At
	}
	if len(appends) > 5 {
		t.Errorf("%d appends for a 1 KB draft", len(appends))
	}
	stop := h.fake.Calls("chat.stopStream")
	if len(stop) != 1 {
		t.Fatalf("%d chat.stopStream calls, want 1", len(stop))
	}
	streamed.WriteString(stop[0].Params.Get("markdown_text"))
	if got := strings.ReplaceAll(streamed.String(), "\\", ""); got != text {
		t.Errorf("streamed text is not the draft, once:\n got %q\nwant %q", got, text)
	}
}

func TestPerUserDailyDraftLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{config: func(c *bot.Config) { c.MaxDraftsPerDayPerUser = 1 }})
	dm, root, card := h.dealWithCard("U27", story)
	seen := len(h.posts())
	before := len(h.llm.Requests())
	h.press("U27", card, "card_warmer")
	p := h.waitPost(seen, inThread(dm, root))
	if !strings.Contains(p.Text, "limit") {
		t.Errorf("over the limit: %q", p.Text)
	}
	if len(h.llm.Requests()) != before {
		t.Errorf("the model was asked over the limit")
	}
	// Another user is not affected.
	h.dealWithCard("U28", story)
}

func TestMemoryDownIsToldAndNothingCrashes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	if !h.store.Embedded() {
		t.Skip("needs the embedded store to pull the plug")
	}
	h.store.Close()
	env := h.fake.SendSlashCommand(slacktest.Slash{User: "U29", Text: story})
	h.ack(env)
	c := h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })
	if txt := c.Params.Get("text"); !strings.Contains(txt, "can't reach my memory") || !strings.Contains(txt, "Dana Lee") {
		t.Errorf("memory-down answer = %q", txt)
	}
	// The bot is alive: help still answers.
	a := h.ack(h.fake.SendSlashCommand(slacktest.Slash{User: "U29", Text: "help"}))
	if !strings.Contains(string(a.Payload), "ghosted") {
		t.Errorf("help after outage = %s", a.Payload)
	}
}

func TestStartupErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	fake := slacktest.New(t, slacktest.Options{})
	mem := newMemory(t)
	cases := []struct {
		name     string
		cfg      bot.Config
		want     string
		atNew    bool
		leakFree string
	}{
		{name: "missing bot token", cfg: bot.Config{AppToken: fake.AppToken}, want: "SLACK_BOT_TOKEN is not set", atNew: true},
		{name: "missing app token", cfg: bot.Config{BotToken: fake.BotToken}, want: "SLACK_APP_TOKEN is not set", atNew: true},
		{name: "wrong bot token", cfg: bot.Config{BotToken: "xoxb-wrong-secret", AppToken: fake.AppToken, APIURL: fake.APIURL()}, want: "SLACK_BOT_TOKEN was rejected by Slack: invalid_auth", leakFree: "xoxb-wrong-secret"},
		{name: "wrong app token", cfg: bot.Config{BotToken: fake.BotToken, AppToken: "xapp-wrong-secret", APIURL: fake.APIURL()}, want: "SLACK_APP_TOKEN was rejected by Slack: invalid_auth", leakFree: "xapp-wrong-secret"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			logs := &logBuffer{}
			tc.cfg.Logger = newLogger(logs)
			b, err := bot.New(tc.cfg, bot.Deps{Memory: mem})
			if tc.atNew {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("New: %v, want %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err = b.Run(ctx)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Run: %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error()+logs.String(), tc.leakFree) {
				t.Errorf("the token leaked into the error or logs")
			}
		})
	}
}

func TestManifest(t *testing.T) {
	t.Parallel()
	b, err := bot.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct {
				Command   string
				UsageHint string `json:"usage_hint"`
			} `json:"slash_commands"`
			AppHome struct {
				Messages bool `json:"messages_tab_enabled"`
			} `json:"app_home"`
			Assistant *struct {
				Description string                            `json:"assistant_description"`
				Prompts     []struct{ Title, Message string } `json:"suggested_prompts"`
			} `json:"assistant_view"`
		} `json:"features"`
		OAuth struct {
			Scopes struct{ Bot []string } `json:"scopes"`
		} `json:"oauth_config"`
		Settings struct {
			Events struct {
				Bot []string `json:"bot_events"`
			} `json:"event_subscriptions"`
			Interactivity struct {
				On bool `json:"is_enabled"`
			} `json:"interactivity"`
			Socket bool `json:"socket_mode_enabled"`
		} `json:"settings"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].UsageHint == "" {
		t.Errorf("slash commands = %+v", m.Features.SlashCommands)
	}
	if !m.Settings.Socket || !m.Settings.Interactivity.On || !m.Features.AppHome.Messages {
		t.Errorf("settings = %+v", m.Settings)
	}
	for _, s := range []string{"commands", "chat:write", "assistant:write", "im:history", "im:write", "app_mentions:read", "channels:history", "groups:history", "users:read"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("missing scope %s", s)
		}
	}
	// Nothing reads the DM list: asking for im:read would be a scope
	// without a use.
	if slices.Contains(m.OAuth.Scopes.Bot, "im:read") {
		t.Errorf("the manifest asks for im:read, which nothing uses")
	}
	for _, e := range []string{"message.im", "app_mention", "app_home_opened", "assistant_thread_started"} {
		if !slices.Contains(m.Settings.Events.Bot, e) {
			t.Errorf("missing event %s", e)
		}
	}
	// The split view, with the same prompts the bot offers when a chat opens.
	a := m.Features.Assistant
	if a == nil || a.Description == "" || len(a.Prompts) != 3 {
		t.Fatalf("assistant_view = %+v", a)
	}
	for i, p := range bot.AssistantPrompts() {
		if a.Prompts[i].Title != p.Title || a.Prompts[i].Message != p.Message {
			t.Errorf("manifest prompt %d = %+v, the bot offers %+v", i, a.Prompts[i], p)
		}
	}
	if a.Prompts[0].Title != "My prospect went quiet…" || a.Prompts[1].Title != "Check a message before I send it" || a.Prompts[2].Title != "My quiet deals" {
		t.Errorf("prompts = %+v", a.Prompts)
	}
}

func TestRefusedCardStillDeliversTheDraft(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{slack: slacktest.Options{StreamError: "not_allowed"}})
	dm := h.fake.DMChannel("U36")
	env := h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U36", Text: story})
	h.ack(env)
	var root string
	_ = json2(env.Payload, &root)
	h.waitPost(0, and(inThread(dm, root), post.IsQuestion))
	// Slack refuses both ways of showing the card: the placeholder posts
	// (an empty fault passes), its update fails, and so does the new post.
	h.fake.FailNext("chat.update", 1, slacktest.Fault{Error: "msg_too_long"})
	h.fake.FailNext("chat.postMessage", 1, slacktest.Fault{})
	h.fake.FailNext("chat.postMessage", 1, slacktest.Fault{Error: "invalid_blocks"})
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U36", ThreadTS: root, Text: "skip"}))
	p := h.waitPost(0, and(inThread(dm, root), func(p post) bool { return strings.Contains(p.Text, "Here is your draft") }))
	if len(p.Text) < 50 {
		t.Errorf("fallback draft = %q", p.Text)
	}
}
