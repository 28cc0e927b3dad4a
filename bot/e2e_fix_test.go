package bot_test

import (
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
)

// titleStory names a title, not a person: the coach must not greet "Finance".
const titleStory = "The VP Finance at Brightline Health went quiet 3 weeks ago after our intro call. I emailed twice since."

// TestFixInSlackChangesTheGreeting: the first question carries what was read
// with a Fix button; the form it opens corrects the deal, and the draft
// written after the fix greets the corrected name.
func TestFixInSlackChangesTheGreeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{drafter: coach.OfflineDrafter{}})
	f := h.fake
	dm := f.DMChannel("U40")
	env := f.SendEvent(slacktest.Message{Channel: dm, User: "U40", Text: titleStory})
	h.ack(env)
	var root string
	_ = json2(env.Payload, &root)

	q := h.waitPost(0, and(inThread(dm, root), post.IsQuestion))
	text := q.AllText()
	if !strings.Contains(text, "I read:") || !strings.Contains(text, "Brightline Health (no name) · email · 2 unanswered · 3 weeks quiet") {
		t.Fatalf("first question lacks what was read: %s", text)
	}
	if !q.HasAction("fix_open") {
		t.Fatalf("first question has no Fix button: %v", q.ActionIDs())
	}

	// Draft first: no name was read, so the greeting has none.
	h.ack(f.SendEvent(slacktest.Message{Channel: dm, User: "U40", ThreadTS: root, Text: "skip"}))
	card := h.waitPost(0, and(inThread(dm, root), post.IsCard))
	if strings.Contains(card.AllText(), "Finance,") || strings.Contains(card.AllText(), "Marcus") {
		t.Fatalf("draft before the fix: %s", card.AllText())
	}

	// Fix opens the form, prefilled from what was read.
	h.ack(f.SendInteraction(slacktest.BlockActions{User: "U40", Channel: dm, MessageTS: q.TS, ActionID: "fix_open"}))
	open := h.waitCall("views.open", nil)
	if !open.OK() || !strings.Contains(open.Params.Get("view"), "Brightline Health") {
		t.Fatalf("views.open: %s %s", open.Error, open.Params.Get("view"))
	}

	// A bad number keeps the form open with the error beside it.
	bad := h.ack(f.SendInteraction(slacktest.ViewSubmission{User: "U40", Values: map[string]map[string]slacktest.InputValue{
		"fix_name":    {"value": slacktest.PlainTextInput("Marcus Lee")},
		"fix_touches": {"value": slacktest.PlainTextInput("lots")},
	}}))
	if !strings.Contains(string(bad.Payload), `"errors"`) || !strings.Contains(string(bad.Payload), "fix_touches") {
		t.Fatalf("bad submission acked with %s", bad.Payload)
	}
	good := h.ack(f.SendInteraction(slacktest.ViewSubmission{User: "U40", Values: map[string]map[string]slacktest.InputValue{
		"fix_name":    {"value": slacktest.PlainTextInput("Marcus Lee")},
		"fix_company": {"value": slacktest.PlainTextInput("Brightline Health")},
		"fix_channel": {"value": slacktest.StaticSelect("email")},
		"fix_touches": {"value": slacktest.PlainTextInput("2")},
		"fix_days":    {"value": slacktest.PlainTextInput("21")},
	}}))
	if len(good.Payload) > 0 && string(good.Payload) != "null" {
		t.Fatalf("valid fix acked with %s, want the form closed", good.Payload)
	}
	fixed := h.waitPost(h.index(card)+1, and(inThread(dm, root), post.IsCard))
	if !strings.Contains(fixed.AllText(), "Marcus,") {
		t.Fatalf("the draft after the fix does not greet Marcus: %s", fixed.AllText())
	}
	deals := h.deals("U40")
	if len(deals) != 1 || deals[0].Facts.Prospect != "Marcus Lee" || deals[0].Facts.Sources.Prospect != "corrected by you" {
		t.Fatalf("stored facts after the fix: %+v", deals)
	}
}

// TestTypedFixAndOthersCannotFix: "fix name …" typed in the thread works
// like the form; someone else submitting a fix for the deal changes nothing.
func TestTypedFixAndOthersCannotFix(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{drafter: coach.OfflineDrafter{}})
	f := h.fake
	dm := f.DMChannel("U41")
	env := f.SendEvent(slacktest.Message{Channel: dm, User: "U41", Text: titleStory})
	h.ack(env)
	var root string
	_ = json2(env.Payload, &root)
	q := h.waitPost(0, and(inThread(dm, root), post.IsQuestion))

	h.ack(f.SendEvent(slacktest.Message{Channel: dm, User: "U41", ThreadTS: root, Text: "fix touches 6"}))
	// Six unanswered touches: past the cadence guard, only the closing note.
	closing := h.waitPost(h.index(q)+1, and(inThread(dm, root), post.IsCard))
	if !strings.Contains(closing.AllText(), "Closing note for") || !strings.Contains(closing.AllText(), "6 messages have gone unanswered") {
		t.Fatalf("after fixing touches to 6: %s", closing.AllText())
	}

	deal := h.deals("U41")[0]
	meta := `{"d":"` + deal.ID + `","c":"` + dm + `","t":"` + root + `"}`
	h.ack(f.SendInteraction(slacktest.ViewSubmission{User: "U99", CallbackID: "ghosted_fix", PrivateMetadata: meta,
		Values: map[string]map[string]slacktest.InputValue{"fix_name": {"value": slacktest.PlainTextInput("Mallory")}}}))
	h.waitCall("chat.postEphemeral", func(c slacktest.Call) bool { return c.Params.Get("user") == "U99" })
	if got := h.deals("U41")[0].Facts.Prospect; got != "" {
		t.Fatalf("someone else's fix changed the deal: prospect %q", got)
	}
}

// TestCardAsksToFinishTheInsightSlot: an insight typed at the gate goes into
// a visible slot in an offline draft, and the card says to finish it.
func TestCardAsksToFinishTheInsightSlot(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{drafter: coach.OfflineDrafter{}})
	f := h.fake
	dm := f.DMChannel("U42")
	env := f.SendEvent(slacktest.Message{Channel: dm, User: "U42", Text: "Dana at Acme went quiet 3 weeks ago after the demo. I emailed twice."})
	h.ack(env)
	var root string
	_ = json2(env.Payload, &root)
	seen := 0
	for n := 0; n < 8; n++ {
		p := h.waitPost(seen, and(inThread(dm, root), func(p post) bool { return p.IsQuestion() || p.IsCard() }))
		seen = h.index(p) + 1
		if p.IsCard() {
			if !strings.Contains(p.AllText(), "[your insight:") || !strings.Contains(p.AllText(), coach.UnfinishedSlotNote) {
				t.Fatalf("card without the slot and its note: %s", p.AllText())
			}
			return
		}
		if strings.Contains(p.AllText(), "Before I draft") {
			h.ack(f.SendEvent(slacktest.Message{Channel: dm, User: "U42", ThreadTS: root, Text: "two of their peers cut late deliveries by a fifth after switching to route alerts"}))
		} else {
			h.press("U42", p, "q_opt_0")
		}
	}
	t.Fatalf("no card\n%s", h.describePosts())
}
