package bot_test

import (
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
)

const story = "Dana Lee at Acme went quiet 3 weeks ago after our demo. She loved the reporting module but said budget was tight. I've sent 2 follow-ups since, by email."

func TestSlashStoryToDraftCard(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	f.AddChannel(slacktest.Channel{ID: "C1", Name: "sales"})

	env := f.SendSlashCommand(slacktest.Slash{User: "U1", Channel: "C1", Text: story})
	a := h.ack(env)
	if len(a.Payload) > 0 && string(a.Payload) != "null" {
		t.Errorf("story ack carried a payload: %s", a.Payload)
	}

	// Coaching continues in a DM thread under the bot's first message.
	dm := f.DMChannel("U1")
	root := h.waitPost(0, func(p post) bool { return p.Channel == dm && p.ThreadTS == "" })
	if !strings.Contains(root.AllText(), "Dana Lee") {
		t.Errorf("root message does not name the deal: %q", root.AllText())
	}
	// In the channel, an ephemeral note links to the DM thread.
	note := h.waitCall("response_url", nil)
	if got := note.Params.Get("text"); !strings.Contains(got, dm) || note.Params.Get("response_type") != "ephemeral" {
		t.Errorf("ephemeral note = %q (%s), want a link to %s", got, note.Params.Get("response_type"), dm)
	}

	n := 0
	card := h.answerUntilCard("U1", dm, root.TS, func(int) bool { n++; return n%2 == 1 })
	all := card.AllText()
	for _, want := range []string{"Most likely reason", "Lint:", "Real feelings", "Next step", "Drafted by gpt-test"} {
		if !strings.Contains(all, want) {
			t.Errorf("card lacks %q:\n%s", want, all)
		}
	}
	for _, id := range []string{"card_shorter", "card_warmer", "card_direct", "card_regenerate", "card_sent", "card_replied", "card_remind"} {
		if !card.HasAction(id) {
			t.Errorf("card lacks button %s", id)
		}
	}
	if reqs := h.llm.Requests(); len(reqs) == 0 || !strings.Contains(reqs[0].User(), "Acme") {
		t.Errorf("the model was not asked with the story: %d requests", len(reqs))
	}
	// The draft streamed into the thread, then became the card.
	if c := f.Calls("chat.startStream"); len(c) == 0 {
		t.Errorf("no chat.startStream")
	}
	if len(f.Unacked()) != 0 {
		t.Errorf("unacked envelopes: %v", f.Unacked())
	}
	for _, c := range f.Calls("") {
		if !c.OK() && c.Method != "chat.appendStream" {
			t.Errorf("failed call %s: %s %s", c.Method, c.Error, c.Response)
		}
	}
}
