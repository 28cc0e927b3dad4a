package bot_test

import (
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
)

// TestFullQueueAnswersBusy: with the one worker stuck on a slow Slack call
// and the queue full, nothing that Slack gets an ack for is dropped without
// a word: a DM story gets a "busy" DM, a button press a "busy" note, a form
// submission keeps the form open with a "busy" error, a slash command a
// "busy" answer. Once the worker is free, the queued jobs all run.
func TestFullQueueAnswersBusy(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{config: func(c *bot.Config) { c.Workers = 1; c.QueueSize = 4 }})
	f := h.fake

	// A modal to submit later, opened while the pool is free.
	h.ack(f.SendSlashCommand(slacktest.Slash{User: "U86", Text: ""}))
	h.waitCall("views.open", nil)

	// The one worker starts a deal and waits on chat.postMessage.
	stuck := f.Hold("chat.postMessage")
	h.ack(f.SendEvent(slacktest.Message{Channel: f.DMChannel("U80"), User: "U80", Text: story}))
	if err := stuck.Wait(h.ctx()); err != nil {
		t.Fatal(err)
	}
	// Four more jobs, from four people, fill the queue.
	var lists []slacktest.Envelope
	for _, u := range []string{"U81", "U82", "U83", "U84"} {
		env := f.SendSlashCommand(slacktest.Slash{User: u, Text: "list"})
		if a := h.ack(env); len(a.Payload) > 0 && string(a.Payload) != "null" {
			t.Fatalf("%s's /ghosted list was turned away with room in the queue: %s", u, a.Payload)
		}
		lists = append(lists, env)
	}

	// A DM story: the user hears that the bot is busy.
	h.ack(f.SendEvent(slacktest.Message{Channel: f.DMChannel("U85"), User: "U85", Text: story}))
	h.waitCall("chat.postMessage", func(c slacktest.Call) bool {
		return c.Params.Get("channel") == f.DMChannel("U85") && strings.Contains(c.Params.Get("text"), "try again")
	})
	// A form submission: the form stays open and says why.
	a := h.ack(f.SendInteraction(slacktest.ViewSubmission{User: "U86", Values: map[string]map[string]slacktest.InputValue{
		"prospect":  {"value": slacktest.PlainTextInput("Dana at Acme")},
		"discussed": {"value": slacktest.PlainTextInput("Demo went well, she asked for pricing for 40 seats")},
	}}))
	var resp struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if err := json2(a.Payload, &resp); err != nil || resp.Action != "errors" || !strings.Contains(strings.Join(values(resp.Errors), " "), "try again") {
		t.Errorf("a submission with the queue full was acked with %s; the form must stay open and say so", a.Payload)
	}
	// A button: the presser is told, privately.
	press := f.SendInteraction(slacktest.BlockActions{User: "U87", Channel: f.DMChannel("U87"), MessageTS: "1.000001", ActionID: "forget_yes", BlockID: "forget", Value: "yes"})
	h.ack(press)
	h.waitCall("", func(c slacktest.Call) bool {
		private := c.URL == press.ResponseURL || (c.Method == "chat.postEphemeral" && c.Params.Get("user") == "U87")
		return private && strings.Contains(c.Params.Get("text"), "try again")
	})
	// A slash command: the answer is in the ack.
	if a := h.ack(f.SendSlashCommand(slacktest.Slash{User: "U88", Text: "list"})); !strings.Contains(string(a.Payload), "try again") {
		t.Errorf("slash command with the queue full acked with %s", a.Payload)
	}

	stuck.Release()
	for _, env := range lists {
		h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })
	}
	h.waitPost(0, and(func(p post) bool { return p.Channel == f.DMChannel("U80") }, post.IsQuestion))
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestOneUserCannotFillTheQueue: one user's burst of slash commands gets
// "busy" past their share of the queue, while someone else's command is
// still taken; every command that was taken is answered.
func TestOneUserCannotFillTheQueue(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{config: func(c *bot.Config) { c.Workers = 1 }})
	f := h.fake
	stuck := f.Hold("chat.postMessage")
	h.ack(f.SendEvent(slacktest.Message{Channel: f.DMChannel("U89"), User: "U89", Text: story}))
	if err := stuck.Wait(h.ctx()); err != nil {
		t.Fatal(err)
	}
	var taken []slacktest.Envelope
	busy := 0
	for range 100 {
		env := f.SendSlashCommand(slacktest.Slash{User: "U90", Text: "lint Hi Dana, just checking in!"})
		a := h.ack(env)
		switch {
		case strings.Contains(string(a.Payload), "try again"):
			busy++
		case len(a.Payload) == 0 || string(a.Payload) == "null":
			taken = append(taken, env)
		default:
			t.Fatalf("unexpected ack %s", a.Payload)
		}
	}
	if busy == 0 {
		t.Errorf("one user queued %d commands and was never told the bot is busy", len(taken))
	}
	other := f.SendSlashCommand(slacktest.Slash{User: "U91", Text: "lint Hi Tom, how are you?"})
	if a := h.ack(other); len(a.Payload) > 0 && string(a.Payload) != "null" {
		t.Errorf("another user was turned away: %s", a.Payload)
	}
	stuck.Release()
	for _, env := range append(taken, other) {
		h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })
	}
}
