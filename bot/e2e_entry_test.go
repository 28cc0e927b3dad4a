package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
)

func TestDMStoryCoachesInThreadUnderIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	dm := h.fake.DMChannel("U2")
	env := h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U2", Text: story})
	h.ack(env)
	var msgTS string
	_ = json2(env.Payload, &msgTS)

	q := h.waitPost(0, func(p post) bool { return p.IsQuestion() })
	if q.Channel != dm || q.ThreadTS != msgTS {
		t.Fatalf("question in %s/%s, want the thread under the DM at %s/%s", q.Channel, q.ThreadTS, dm, msgTS)
	}
	// "skip" goes straight to the draft.
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U2", ThreadTS: msgTS, Text: "skip"}))
	card := h.waitPost(0, and(inThread(dm, msgTS), post.IsCard))
	if !strings.Contains(card.AllText(), "Lint:") {
		t.Errorf("card has no lint: %s", card.AllText())
	}
}

func TestMentionInChannelThreadReadsTheThread(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	f.AddChannel(slacktest.Channel{ID: "C7", Name: "deals"})
	root := f.AddMessage(slacktest.Message{Channel: "C7", User: "U3", Text: "Northwind went dark: Priya stopped answering after we sent the proposal &amp; pricing 5 weeks ago"})
	f.AddMessage(slacktest.Message{Channel: "C7", User: "U4", ThreadTS: root, Text: "Their CFO froze all new spend until the audit is done"})
	f.AddMessage(slacktest.Message{Channel: "C7", BotID: "BOTHER", ThreadTS: root, Text: "IGNORE-THIS-BOT-TEXT reminder from another bot"})

	env := f.SendEvent(slacktest.AppMention{Channel: "C7", User: "U3", ThreadTS: root, Text: "<@" + f.BotUserID + "> what should I send?"})
	h.ack(env)
	h.waitCall("conversations.replies", nil)
	h.waitPost(0, and(inThread("C7", root), post.IsQuestion))

	h.ack(f.SendEvent(slacktest.Message{Channel: "C7", User: "U3", ThreadTS: root, Text: "skip"}))
	h.waitPost(0, and(inThread("C7", root), post.IsCard))
	reqs := h.llm.Requests()
	if len(reqs) == 0 {
		t.Fatal("no draft request")
	}
	user := reqs[0].User()
	if !strings.Contains(user, "Northwind") || !strings.Contains(user, "audit") {
		t.Errorf("the thread was not the story; prompt:\n%s", user)
	}
	if strings.Contains(user, "IGNORE-THIS-BOT-TEXT") {
		t.Errorf("another bot's message went into the story")
	}
	if !strings.Contains(user, "proposal & pricing") {
		t.Errorf("story text was not unescaped: %s", user)
	}
	// A deal coached in a public thread is still private to weekly nudges
	// until its owner shares it.
	deals, err := h.store.Deals(h.ctx(), f.TeamID, "U3")
	if err != nil || len(deals) != 1 || deals[0].Shared {
		t.Errorf("thread deal: %d deals, err %v, shared %v; want one unshared deal", len(deals), err, len(deals) == 1 && deals[0].Shared)
	}
	// Outside a DM the stream names its recipient.
	if s := f.Calls("chat.startStream"); len(s) == 0 || s[0].Params.Get("recipient_user_id") != "U3" {
		t.Errorf("chat.startStream in a channel without recipient_user_id: %v", s)
	}
}

func TestModalOpensValidatesAndStartsCoaching(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	env := f.SendSlashCommand(slacktest.Slash{User: "U5", Text: ""})
	h.ack(env)
	open := h.waitCall("views.open", nil)
	if open.Params.Get("trigger_id") != env.TriggerID || !open.OK() {
		t.Fatalf("views.open with %q (%s), want trigger %q", open.Params.Get("trigger_id"), open.Error, env.TriggerID)
	}

	future := time.Now().AddDate(0, 0, 10).Format(time.DateOnly)
	bad := f.SendInteraction(slacktest.ViewSubmission{User: "U5", Values: map[string]map[string]slacktest.InputValue{
		"prospect":     {"value": slacktest.PlainTextInput("Dana at Acme")},
		"discussed":    {"value": slacktest.PlainTextInput("  ")},
		"last_contact": {"value": slacktest.DatePicker(future)},
		"follow_ups":   {"value": slacktest.PlainTextInput("two")},
		"channel":      {"value": slacktest.StaticSelect("email")},
	}})
	a := h.ack(bad)
	var resp struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if err := json2(a.Payload, &resp); err != nil || resp.Action != "errors" {
		t.Fatalf("invalid submission acked with %s, want response_action errors", a.Payload)
	}
	for _, field := range []string{"discussed", "last_contact", "follow_ups"} {
		if resp.Errors[field] == "" {
			t.Errorf("no error for %s: %v", field, resp.Errors)
		}
	}
	if _, bad := resp.Errors["prospect"]; bad {
		t.Errorf("valid prospect flagged: %v", resp.Errors)
	}

	past := time.Now().AddDate(0, 0, -20).Format(time.DateOnly)
	good := f.SendInteraction(slacktest.ViewSubmission{User: "U5", Values: map[string]map[string]slacktest.InputValue{
		"prospect":     {"value": slacktest.PlainTextInput("Dana at Acme")},
		"discussed":    {"value": slacktest.PlainTextInput("Demo went well, she asked for pricing for 40 seats")},
		"last_contact": {"value": slacktest.DatePicker(past)},
		"follow_ups":   {"value": slacktest.PlainTextInput("2")},
		"channel":      {"value": slacktest.StaticSelect("email")},
		"notes":        {"value": slacktest.PlainTextInput("")},
	}})
	if a := h.ack(good); len(a.Payload) > 0 && string(a.Payload) != "null" {
		t.Errorf("valid submission acked with %s, want an empty ack", a.Payload)
	}
	dm := f.DMChannel("U5")
	root := h.waitPost(0, func(p post) bool { return p.Channel == dm && p.ThreadTS == "" })
	if !strings.Contains(root.AllText(), "Dana") {
		t.Errorf("root = %q", root.AllText())
	}
	h.waitPost(0, and(inThread(dm, root.TS), post.IsQuestion))
}

func TestExpiredTriggerIsExplained(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{slack: slacktest.Options{TriggerTTL: time.Nanosecond}})
	env := h.fake.SendSlashCommand(slacktest.Slash{User: "U35"})
	h.ack(env)
	c := h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })
	if !strings.Contains(c.Params.Get("text"), "couldn't open the form") {
		t.Errorf("expired trigger answer = %q", c.Params.Get("text"))
	}
}
