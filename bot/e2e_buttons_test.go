package bot_test

import (
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
)

// dealWithCard starts a deal in user's DM, skips the questions and returns
// the thread root and the first draft card.
func (h *harness) dealWithCard(user, text string) (dm, root string, card post) {
	h.t.Helper()
	dm = h.fake.DMChannel(user)
	env := h.fake.SendEvent(slacktest.Message{Channel: dm, User: user, Text: text})
	h.ack(env)
	_ = json2(env.Payload, &root)
	h.waitPost(0, and(inThread(dm, root), post.IsQuestion))
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: user, ThreadTS: root, Text: "draft it"}))
	card = h.waitPost(0, and(inThread(dm, root), post.IsCard))
	return dm, root, card
}

func TestCardButtonsRedraftAndRecordOutcomes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	dm, root, card := h.dealWithCard("U6", story)
	before := len(h.llm.Requests())
	seen := len(h.posts())

	// Shorter asks the model again, in that style, and shows a new, linted card.
	h.llm.Enqueue(openaitest.Reply{Text: "Hi Dana, just checking in. Any update? Let me know ASAP."})
	h.press("U6", card, "card_shorter")
	card2 := h.waitPost(seen, and(inThread(dm, root), post.IsCard))
	reqs := h.llm.Requests()
	if len(reqs) <= before {
		t.Fatalf("Shorter did not ask the model")
	}
	if !strings.Contains(strings.ToLower(reqs[before].User()), "short") {
		t.Errorf("Shorter request does not ask for a shorter draft:\n%s", reqs[before].User())
	}
	if !strings.Contains(card2.AllText(), "Lint:") {
		t.Errorf("the new card is not linted: %s", card2.AllText())
	}

	// I sent it records the touch; They replied marks the deal revived.
	seen = len(h.posts())
	h.press("U6", card2, "card_sent")
	sent := h.waitPost(seen, inThread(dm, root))
	if !strings.Contains(sent.AllText(), "Noted") {
		t.Errorf("after I sent it: %q", sent.AllText())
	}
	seen = len(h.posts())
	h.press("U6", card2, "card_replied")
	replied := h.waitPost(seen, inThread(dm, root))
	if !strings.Contains(replied.AllText(), "replied") {
		t.Errorf("after They replied: %q", replied.AllText())
	}

	// The list shows the deal as revived.
	env := h.fake.SendSlashCommand(slacktest.Slash{User: "U6", Text: "list"})
	h.ack(env)
	list := h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })
	if !strings.Contains(list.Params.Get("blocks"), "revived") {
		t.Errorf("list = %s", list.Params.Get("blocks"))
	}
}

func TestRemindMenuSetsADate(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	dm, root, card := h.dealWithCard("U6", story)
	seen := len(h.posts())
	env := h.fake.SendInteraction(slacktest.BlockActions{User: "U6", Channel: card.Channel, MessageTS: card.TS, ActionID: "card_remind", Value: "30"})
	h.ack(env)
	p := h.waitPost(seen, inThread(dm, root))
	if !strings.Contains(p.AllText(), "Remember-me date set") {
		t.Errorf("after Remind me: %q", p.AllText())
	}
}

func TestOnlyTheOwnerMayPressButtons(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	f.AddChannel(slacktest.Channel{ID: "C8", Name: "team"})
	root := f.AddMessage(slacktest.Message{Channel: "C8", User: "U7", Text: "Globex went quiet after the pilot, 2 follow-ups sent"})
	h.ack(f.SendEvent(slacktest.AppMention{Channel: "C8", User: "U7", ThreadTS: root}))
	q := h.waitPost(0, and(inThread("C8", root), post.IsQuestion))

	// Someone else presses the owner's quick reply: refused, privately.
	refused := h.press("U8", q, "q_opt_0")
	if eph := h.privateAnswer(refused, nil); !strings.Contains(eph.Params.Get("text"), "Only the person") {
		t.Errorf("refusal = %q", eph.Params.Get("text"))
	}
	// Someone else types in the thread: ignored. The owner's own answer
	// then moves the deal on from the same question, so nothing changed.
	h.ack(f.SendEvent(slacktest.Message{Channel: "C8", User: "U8", ThreadTS: root, Text: "I think they are busy"}))
	seen := h.index(q) + 1
	h.ack(f.SendEvent(slacktest.Message{Channel: "C8", User: "U7", ThreadTS: root, Text: "skip"}))
	card := h.waitPost(seen, and(inThread("C8", root), func(p post) bool { return p.IsQuestion() || p.IsCard() }))
	if !card.IsCard() {
		t.Fatalf("owner's skip did not lead to the card: %s", h.describePosts())
	}
	for _, p := range h.posts()[seen:] {
		if p.IsQuestion() {
			t.Errorf("the other user's message moved the conversation: %q", p.Text)
		}
	}

	// The other user presses a card button: refused, no new draft.
	before := len(h.llm.Requests())
	h.privateAnswer(h.press("U8", card, "card_regenerate"), nil)
	if got := len(h.llm.Requests()); got != before {
		t.Errorf("a non-owner's Regenerate reached the model (%d → %d requests)", before, got)
	}
}
