package bot_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
)

// The Slack AI app surface, messages with files and broadcasts, and the
// draft the rep can finish: each test drives the bot through the fake
// Slack with payloads shaped like Slack's.

// pestering is an edit a rep might make, which the lint must catch.
const pestering = "Hi Dana,\n\nJust checking in on this. Did you see my last email? Let me know ASAP."

// callIndex is the position of the first call from calls[from:] that
// matches, or -1.
func callIndex(calls []slacktest.Call, from int, match func(slacktest.Call) bool) int {
	for i := from; i < len(calls); i++ {
		if match(calls[i]) {
			return i
		}
	}
	return -1
}

// postsIn matches a message the bot posted, or started streaming, in a
// thread.
func postsIn(channel, root string) func(slacktest.Call) bool {
	return func(c slacktest.Call) bool {
		if (c.Method != "chat.postMessage" && c.Method != "chat.startStream") || !c.OK() {
			return false
		}
		ch, _, th := c.Where()
		return ch == channel && th == root
	}
}

// statusIn matches a status set in a thread.
func statusIn(channel, root, status string) func(slacktest.Call) bool {
	return func(c slacktest.Call) bool {
		return c.Method == "assistant.threads.setStatus" && c.OK() && c.Params.Get("channel_id") == channel &&
			c.Params.Get("thread_ts") == root && c.Params.Get("status") == status
	}
}

// TestDMWithAFileIsCoachedOnce: a story sent with a screenshot (subtype
// file_share, the story in text) is coached like any DM, once, with a word
// that the file was not read, even when Slack sends it again and edits it;
// a file with no words gets asked for the story, and starts nothing.
func TestDMWithAFileIsCoachedOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{drafter: coach.OfflineDrafter{}})
	f := h.fake
	dm := f.DMChannel("U60")
	env := f.SendEvent(slacktest.Message{Channel: dm, User: "U60", Text: story, Files: []slacktest.File{{Name: "crm-timeline.png"}}})
	h.ack(env)
	var root string
	_ = json2(env.Payload, &root)

	q := h.waitPost(0, and(inThread(dm, root), post.IsQuestion))
	if text := q.AllText(); !strings.Contains(text, "I read:") || !strings.Contains(text, "Dana Lee (Acme)") || !strings.Contains(text, "don't open attached files") {
		t.Fatalf("first question for a story with a file: %s", text)
	}
	// Slack sends it again (a retry after a missed ack) and edits it when
	// the file's preview is ready (message_changed): neither is new.
	h.ack(f.Redeliver(env.ID))
	h.ack(f.SendEvent(slacktest.RawEvent{
		"type": "message", "subtype": "message_changed", "hidden": true, "channel": dm, "channel_type": "im",
		"ts": f.NextTS(), "event_ts": f.NextTS(),
		"message": map[string]any{"type": "message", "user": "U60", "text": story, "ts": root,
			"files": []any{map[string]any{"id": "F1", "name": "crm-timeline.png"}}, "upload": false},
		"previous_message": map[string]any{"type": "message", "user": "U60", "text": story, "ts": root},
	}))
	// A file alone as a reply is not an answer: the question stands.
	h.ack(f.SendEvent(slacktest.Message{Channel: dm, User: "U60", ThreadTS: root, Files: []slacktest.File{{Name: "reply.png"}}}))
	h.waitPost(h.index(q)+1, and(inThread(dm, root), func(p post) bool { return strings.Contains(p.Text, "couldn't read that") }))
	if d := h.deals("U60")[0]; d.Stage != coach.StageAsking || len(d.Answers) != 0 {
		t.Errorf("a file-only reply changed the deal: stage %s, %d answers", d.Stage, len(d.Answers))
	}
	// A reply in the thread runs after the retry's job (same thread, same
	// queue), so when the card shows, every copy has been handled.
	h.ack(f.SendEvent(slacktest.Message{Channel: dm, User: "U60", ThreadTS: root, Text: "skip"}))
	h.waitPost(0, and(inThread(dm, root), post.IsCard))
	questions := 0
	for _, p := range h.posts() {
		if p.IsQuestion() {
			questions++
		}
	}
	if questions != 1 || len(h.deals("U60")) != 1 {
		t.Fatalf("%d questions and %d deals for one message with a file, want 1 and 1:\n%s", questions, len(h.deals("U60")), h.describePosts())
	}

	// Only a file: asked for the words, no deal.
	alone := f.SendEvent(slacktest.Message{Channel: dm, User: "U60", Files: []slacktest.File{{Name: "email-thread.pdf", Mimetype: "application/pdf"}}})
	h.ack(alone)
	var aloneTS string
	_ = json2(alone.Payload, &aloneTS)
	h.waitPost(0, and(inThread(dm, aloneTS), func(p post) bool { return strings.Contains(p.Text, "can't open attached files") }))
	if n := len(h.deals("U60")); n != 1 {
		t.Errorf("a file without words started a deal: %d deals", n)
	}
}

// TestThreadBroadcastIsAReply: a reply in a coached channel thread that is
// also sent to the channel (thread_broadcast) is the owner answering, like
// any reply; another bot's broadcast is still ignored.
func TestThreadBroadcastIsAReply(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{drafter: coach.OfflineDrafter{}})
	f := h.fake
	f.AddChannel(slacktest.Channel{ID: "C61", Name: "deals"})
	root := f.AddMessage(slacktest.Message{Channel: "C61", User: "U61", Text: story})
	h.ack(f.SendEvent(slacktest.AppMention{Channel: "C61", User: "U61", ThreadTS: root}))
	q := h.waitPost(0, and(inThread("C61", root), post.IsQuestion))

	h.ack(f.SendEvent(slacktest.Message{Channel: "C61", BotID: "BOTHER", ThreadTS: root, Subtype: "thread_broadcast", Text: "skip"}))
	h.ack(f.SendEvent(slacktest.Message{Channel: "C61", User: "U61", ThreadTS: root, Subtype: "thread_broadcast", Text: "skip"}))
	card := h.waitPost(h.index(q)+1, and(inThread("C61", root), func(p post) bool { return p.IsQuestion() || p.IsCard() }))
	if !card.IsCard() {
		t.Fatalf("after the owner's broadcast reply \"skip\": %s", h.describePosts())
	}
}

// TestAssistantThread: opening a chat in the split view gets a greeting and
// the three suggested prompts; a story told there is coached in that
// thread, exactly as in a DM: a status shows before each answer, the chat
// is named after the deal, the "I read" line's Fix works, and the draft
// card comes in the thread.
func TestAssistantThread(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{drafter: coach.OfflineDrafter{}})
	f := h.fake
	dm := f.DMChannel("U62")
	root := f.NextTS()
	started := f.SendEvent(slacktest.AssistantThreadStarted{User: "U62", ThreadTS: root, ContextChannel: "C1"})
	h.ack(started)
	h.waitCall("assistant.threads.setSuggestedPrompts", nil)
	chat, _ := f.AssistantThread(dm, root)
	var titles []string
	for _, p := range chat.Prompts {
		titles = append(titles, p.Title)
	}
	if !slices.Equal(titles, []string{"My prospect went quiet…", "Check a message before I send it", "My quiet deals"}) || chat.PromptsTitle == "" {
		t.Fatalf("suggested prompts = %q (title %q)", titles, chat.PromptsTitle)
	}
	h.waitPost(0, and(inThread(dm, root), func(p post) bool { return strings.Contains(p.Text, "deals that went quiet") }))
	// The same event again (a retry): no second greeting.
	h.ack(f.Redeliver(started.ID))

	before := len(f.Calls(""))
	h.ack(f.SendEvent(slacktest.Message{Channel: dm, User: "U62", ThreadTS: root, Text: story}))
	q := h.waitPost(0, and(inThread(dm, root), post.IsQuestion))
	calls := f.Calls("")
	status := callIndex(calls, before, statusIn(dm, root, "is reading…"))
	reply := callIndex(calls, before, postsIn(dm, root))
	if status < 0 || reply < 0 || status > reply {
		t.Fatalf("status at call %d, first reply at %d: the status must come first", status, reply)
	}
	if !strings.Contains(q.AllText(), "I read:") || !q.HasAction("fix_open") {
		t.Fatalf("the chat's first question lacks what was read: %s %v", q.AllText(), q.ActionIDs())
	}
	if chat, _ := f.AssistantThread(dm, root); chat.Title != "Dana Lee at Acme" || chat.Status != "" {
		t.Errorf("chat after the first question: title %q, status %q; want it named after the deal, the status gone", chat.Title, chat.Status)
	}

	// Fix, in the chat.
	h.ack(f.SendInteraction(slacktest.BlockActions{User: "U62", Channel: dm, MessageTS: q.TS, ActionID: "fix_open"}))
	if open := h.waitCall("views.open", nil); !open.OK() || !strings.Contains(open.Params.Get("view"), "Acme") {
		t.Fatalf("Fix in a chat: views.open %s %s", open.Error, open.Params.Get("view"))
	}
	h.ack(f.SendInteraction(slacktest.ViewSubmission{User: "U62", Values: map[string]map[string]slacktest.InputValue{
		"fix_name": {"value": slacktest.PlainTextInput("Dana Lee")}, "fix_company": {"value": slacktest.PlainTextInput("Acme Corp")},
		"fix_touches": {"value": slacktest.PlainTextInput("2")}, "fix_days": {"value": slacktest.PlainTextInput("21")},
	}}))
	h.waitPost(h.index(q)+1, and(inThread(dm, root), func(p post) bool { return strings.Contains(p.AllText(), "Thanks, fixed") }))

	// The draft: a drafting status first, then the card in the chat.
	before = len(f.Calls(""))
	h.ack(f.SendEvent(slacktest.Message{Channel: dm, User: "U62", ThreadTS: root, Text: "skip"}))
	card := h.waitPost(h.index(q)+1, and(inThread(dm, root), post.IsCard))
	calls = f.Calls("")
	drafting := callIndex(calls, before, statusIn(dm, root, "is drafting your message…"))
	shown := callIndex(calls, before, postsIn(dm, root))
	if drafting < 0 || shown < 0 || drafting > shown {
		t.Errorf("drafting status at call %d, the draft at %d", drafting, shown)
	}
	if !strings.Contains(card.AllText(), "Acme Corp") {
		t.Errorf("the card does not use the fixed company: %s", card.AllText())
	}
	if n := len(f.Calls("assistant.threads.setSuggestedPrompts")); n != 1 {
		t.Errorf("%d setSuggestedPrompts calls for one chat opened (and its retry)", n)
	}
}

// TestAssistantPromptsAnswerInKind: each suggested prompt's message gets its
// own answer. "Check a message" checks the next message (and a revised one)
// without starting a deal; "My prospect went quiet" asks for the story,
// which then starts coaching; "My quiet deals" lists the deals, and "Coach
// me again" there carries on in that chat.
func TestAssistantPromptsAnswerInKind(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{drafter: coach.OfflineDrafter{}})
	f := h.fake
	dm := f.DMChannel("U63")
	open := func() string {
		root := f.NextTS()
		h.ack(f.SendEvent(slacktest.AssistantThreadStarted{User: "U63", ThreadTS: root}))
		h.waitPost(0, and(inThread(dm, root), func(p post) bool { return strings.Contains(p.Text, "deals that went quiet") }))
		return root
	}
	say := func(root, text string) {
		h.ack(f.SendEvent(slacktest.Message{Channel: dm, User: "U63", ThreadTS: root, Text: text}))
	}

	check := open()
	seen := len(h.posts())
	say(check, "Check a message before I send it.")
	h.waitPost(seen, and(inThread(dm, check), func(p post) bool { return strings.Contains(p.AllText(), "Paste the message you're about to send") }))
	seen = len(h.posts())
	say(check, pestering)
	checked := h.waitPost(seen, and(inThread(dm, check), func(p post) bool { return strings.Contains(p.Text, "Lint:") }))
	if text := checked.AllText(); !strings.Contains(text, "*pestering*") || !strings.Contains(text, "Just checking in") || !strings.Contains(text, "*pressure*") {
		t.Fatalf("check of a pestering message: %s", text)
	}
	seen = len(h.posts())
	say(check, "Hi Dana, I'd still like to help with the reporting, and I've stepped back since. If March suits you better, say so and I'll come back then.")
	again := h.waitPost(seen, and(inThread(dm, check), func(p post) bool { return strings.Contains(p.Text, "Lint:") }))
	if strings.Contains(again.AllText(), "*pestering*") {
		t.Errorf("the revised version was not checked afresh: %s", again.AllText())
	}
	if n := len(h.deals("U63")); n != 0 {
		t.Fatalf("checking messages started %d deals", n)
	}
	if chat, _ := f.AssistantThread(dm, check); chat.Title != "Checking a message" {
		t.Errorf("check chat title = %q", chat.Title)
	}

	coachChat := open()
	seen = len(h.posts())
	say(coachChat, "My prospect went quiet. Help me get them back.")
	h.waitPost(seen, and(inThread(dm, coachChat), func(p post) bool { return strings.Contains(p.Text, "Tell me what happened") }))
	if n := len(h.deals("U63")); n != 0 {
		t.Fatalf("the story prompt started a deal with no story")
	}
	say(coachChat, story)
	h.waitPost(seen, and(inThread(dm, coachChat), post.IsQuestion))

	list := open()
	seen = len(h.posts())
	say(list, "Show me my quiet deals.")
	deals := h.waitPost(seen, and(inThread(dm, list), func(p post) bool { return p.HasAction("deal_resume") }))
	if !strings.Contains(deals.AllText(), "Dana Lee at Acme") {
		t.Fatalf("deals list: %s", deals.AllText())
	}
	if chat, _ := f.AssistantThread(dm, list); chat.Title != "My quiet deals" {
		t.Errorf("deals chat title = %q", chat.Title)
	}
	seen = len(h.posts())
	h.press("U63", deals, "deal_resume")
	resumed := h.waitPost(seen, func(p post) bool { return p.IsQuestion() })
	if resumed.Channel != dm || resumed.ThreadTS != list || !strings.Contains(resumed.AllText(), "fresh eyes") {
		t.Errorf("Coach me again from the chat's list went to %s/%s: %s", resumed.Channel, resumed.ThreadTS, resumed.AllText())
	}
}

// editView is the edit form as the bot opened it.
type editView struct {
	CallbackID string `json:"callback_id"`
	Blocks     []struct {
		BlockID string `json:"block_id"`
		Element struct {
			Multiline    bool   `json:"multiline"`
			InitialValue string `json:"initial_value"`
			MaxLength    int    `json:"max_length"`
		} `json:"element"`
	} `json:"blocks"`
}

func (v editView) input(id string) (multiline bool, initial string, ok bool) {
	for _, b := range v.Blocks {
		if b.BlockID == id {
			return b.Element.Multiline, b.Element.InitialValue, true
		}
	}
	return false, "", false
}

// TestEditOpensTheDraftAndLintsTheEdit: Edit opens a form holding the
// card's draft in a multiline input; what the rep submits is linted again,
// kept as the deal's newest draft, and shown on the same card with its
// findings. An empty message keeps the form open.
func TestEditOpensTheDraftAndLintsTheEdit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{drafter: coach.OfflineDrafter{}})
	f := h.fake
	_, _, card := h.dealWithCard("U64", story)
	drafted := h.deals("U64")[0].Drafts[0]

	h.press("U64", card, "card_edit")
	open := h.waitCall("views.open", nil)
	var v editView
	if err := json.Unmarshal([]byte(open.Params.Get("view")), &v); err != nil || !open.OK() {
		t.Fatalf("views.open: %s %v %s", open.Error, err, open.Params.Get("view"))
	}
	multiline, body, ok := v.input("edit_body")
	if v.CallbackID != "ghosted_edit" || !ok || !multiline || body != drafted.Text {
		t.Fatalf("edit form: callback %q, body input %v multiline %v holding %q; want the draft %q", v.CallbackID, ok, multiline, body, drafted.Text)
	}
	if _, subject, ok := v.input("edit_subject"); !ok || subject != drafted.Subject {
		t.Errorf("subject input %v holding %q, want %q", ok, subject, drafted.Subject)
	}

	empty := h.ack(f.SendInteraction(slacktest.ViewSubmission{User: "U64", Values: map[string]map[string]slacktest.InputValue{
		"edit_body": {"value": slacktest.PlainTextInput("   ")},
	}}))
	if !strings.Contains(string(empty.Payload), `"errors"`) || !strings.Contains(string(empty.Payload), "edit_body") {
		t.Fatalf("an empty edit was acked with %s; the form must stay open", empty.Payload)
	}
	done := h.ack(f.SendInteraction(slacktest.ViewSubmission{User: "U64", Values: map[string]map[string]slacktest.InputValue{
		"edit_subject": {"value": slacktest.PlainTextInput("Quick question")},
		"edit_body":    {"value": slacktest.PlainTextInput(pestering)},
	}}))
	if len(done.Payload) > 0 && string(done.Payload) != "null" {
		t.Fatalf("a valid edit was acked with %s, want the form closed", done.Payload)
	}
	updated := h.waitPost(0, func(p post) bool {
		return p.Method == "chat.update" && p.TS == card.TS && strings.Contains(p.AllText(), "Edited by you")
	})
	text := updated.AllText()
	for _, want := range []string{"Quick question", "Just checking in on this", "*pestering*", "*pressure*", "worth another pass"} {
		if !strings.Contains(text, want) {
			t.Errorf("the updated card lacks %q:\n%s", want, text)
		}
	}
	if !updated.HasAction("card_edit") || !updated.HasAction("card_sent") {
		t.Errorf("the updated card lost its buttons: %v", updated.ActionIDs())
	}
	d := h.deals("U64")[0]
	last, _ := d.LastDraft()
	if len(d.Drafts) != 2 || !last.Edited || last.Text != pestering || last.Subject != "Quick question" || len(last.Lint.Findings) == 0 {
		t.Errorf("stored drafts after the edit: %d, last %+v", len(d.Drafts), last)
	}

	// Edit again and change nothing: the card says so, nothing is stored.
	h.press("U64", updated, "card_edit")
	if opens, err := f.WaitCalls(h.ctx(), "views.open", 2); err != nil || !strings.Contains(opens[1].Params.Get("view"), "Just checking in on this") {
		t.Fatalf("the second form does not hold the edited draft: %v", err)
	}
	h.ack(f.SendInteraction(slacktest.ViewSubmission{User: "U64", Values: map[string]map[string]slacktest.InputValue{
		"edit_subject": {"value": slacktest.PlainTextInput("Quick question")},
		"edit_body":    {"value": slacktest.PlainTextInput(pestering)},
	}}))
	h.waitPost(0, func(p post) bool {
		return p.Method == "chat.update" && p.TS == card.TS && strings.Contains(p.AllText(), "No changes")
	})
	if n := len(h.deals("U64")[0].Drafts); n != 2 {
		t.Errorf("an unchanged edit was stored: %d drafts", n)
	}
}

// TestCopyAsEmail: the card's draft comes back privately as a subject and a
// body, each in a preformatted block that pastes as plain text.
func TestCopyAsEmail(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{drafter: coach.OfflineDrafter{}})
	_, _, card := h.dealWithCard("U65", story)
	drafted := h.deals("U65")[0].Drafts[0]
	c := h.privateAnswer(h.press("U65", card, "card_copy"), nil)
	var blocks []struct {
		Type     string `json:"type"`
		Elements []struct {
			Type     string `json:"type"`
			Elements []struct {
				Text string `json:"text"`
			} `json:"elements"`
		} `json:"elements"`
	}
	if err := json.Unmarshal([]byte(c.Params.Get("blocks")), &blocks); err != nil {
		t.Fatal(err)
	}
	var pre []string
	for _, b := range blocks {
		for _, e := range b.Elements {
			if b.Type == "rich_text" && e.Type == "rich_text_preformatted" && len(e.Elements) == 1 {
				pre = append(pre, e.Elements[0].Text)
			}
		}
	}
	if drafted.Subject == "" || !slices.Equal(pre, []string{drafted.Subject, drafted.Text}) {
		t.Errorf("copy as email = %q, want the subject %q and the body %q as they are", pre, drafted.Subject, drafted.Text)
	}
	if !strings.Contains(c.Params.Get("blocks"), "mailto:?subject=") {
		t.Errorf("no link to open it in a mail app: %s", c.Params.Get("blocks"))
	}
}

// TestNonOwnerPressAnsweredViaResponseURL: on a deal coached in a channel
// thread, someone else presses the card's buttons. They are told, privately,
// through the press's response_url (which reaches them wherever they are,
// unlike chat.postEphemeral), as an ephemeral that leaves the card as it
// was; no form opens, no model is asked, nothing changes.
func TestNonOwnerPressAnsweredViaResponseURL(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	f.AddChannel(slacktest.Channel{ID: "C66", Name: "deals"})
	root := f.AddMessage(slacktest.Message{Channel: "C66", User: "U66", Text: story})
	h.ack(f.SendEvent(slacktest.AppMention{Channel: "C66", User: "U66", ThreadTS: root}))
	h.waitPost(0, and(inThread("C66", root), post.IsQuestion))
	h.ack(f.SendEvent(slacktest.Message{Channel: "C66", User: "U66", ThreadTS: root, Text: "skip"}))
	card := h.waitPost(0, and(inThread("C66", root), post.IsCard))
	stored := h.deals("U66")[0]
	updates, requests := len(f.Calls("chat.update")), len(h.llm.Requests())

	for _, action := range []string{"card_shorter", "card_edit", "card_copy", "card_sent"} {
		c := h.privateAnswer(h.press("U67", card, action), nil)
		if !strings.Contains(c.Params.Get("text"), "Only the person this deal belongs to") {
			t.Errorf("%s by someone else: %q", action, c.Params.Get("text"))
		}
	}
	for _, c := range f.Calls("chat.postEphemeral") {
		if c.Params.Get("user") == "U67" {
			t.Errorf("a refusal went by chat.postEphemeral, which may not reach them: %q", c.Params.Get("text"))
		}
	}
	if n := len(f.Calls("views.open")); n != 0 {
		t.Errorf("someone else's Edit opened %d forms", n)
	}
	if len(f.Calls("chat.update")) != updates || len(h.llm.Requests()) != requests {
		t.Errorf("someone else's presses changed the card or asked the model")
	}
	if d := h.deals("U66")[0]; d.Version != stored.Version {
		t.Errorf("someone else's presses changed the deal: version %d → %d", stored.Version, d.Version)
	}
}
