package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
)

// TestIgnoresBotsOwnMessagesAndEdits: other bots, our own echoes, edits
// and deletions are never answered. (A person's thread_broadcast is a real
// message, answered like one: TestThreadBroadcastIsAReply.)
func TestIgnoresBotsOwnMessagesAndEdits(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	dm := f.DMChannel("U9")
	root := f.AddMessage(slacktest.Message{Channel: dm, User: "U9", Text: "a thread in our DM"})
	ignored := []slacktest.Event{
		slacktest.Message{Channel: dm, BotID: "BOTHER", ThreadTS: root, Text: "a story from another bot went quiet 3 weeks ago"},
		slacktest.Message{Channel: dm, BotID: f.BotID, ThreadTS: root, Text: "our own echo"},
		slacktest.Message{Channel: dm, User: "U9", ThreadTS: root, Subtype: "bot_message", Text: "legacy bot message"},
		slacktest.Message{Channel: dm, User: "U9", ThreadTS: root, Subtype: "message_changed", Text: "edited"},
		slacktest.Message{Channel: dm, User: "U9", ThreadTS: root, Subtype: "message_deleted"},
		slacktest.Message{Channel: dm, User: f.BotUserID, ThreadTS: root, Text: "from our own user id"},
		slacktest.AppMention{Channel: "C9", User: "", Text: "no user"},
	}
	for _, ev := range ignored {
		h.ack(f.SendEvent(ev))
	}
	// A real message in the same thread runs after anything queued before
	// it, so once it is answered the ignored ones had their chance.
	h.ack(f.SendEvent(slacktest.Message{Channel: dm, User: "U9", ThreadTS: root, Text: story}))
	h.waitPost(0, and(inThread(dm, root), post.IsQuestion))
	if n := len(h.posts()); n != 1 {
		t.Errorf("%d posts, want only the answer to the real message:\n%s", n, h.describePosts())
	}
}

func TestRetriedEventIsAnsweredOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	dm := f.DMChannel("U10")
	env := f.SendEvent(slacktest.Message{Channel: dm, User: "U10", Text: story}, slacktest.WithEventID("EvRETRY1"))
	h.ack(env)
	var root string
	_ = json2(env.Payload, &root)
	h.waitPost(0, and(inThread(dm, root), post.IsQuestion))

	retry := f.Redeliver(env.ID)
	if retry.RetryAttempt != 1 || retry.EventID != "EvRETRY1" {
		t.Fatalf("redelivery = %+v", retry)
	}
	h.ack(retry)
	// The same message as an app_mention (another event id, same channel
	// and ts) is the same message too.
	h.ack(f.SendEvent(slacktest.AppMention{Channel: dm, User: "U10", TS: root, Text: story}))
	// A reply in the thread queues behind both; once it is answered, both
	// duplicates had their turn.
	h.ack(f.SendEvent(slacktest.Message{Channel: dm, User: "U10", ThreadTS: root, Text: "No"}))
	h.waitPost(0, and(inThread(dm, root), func(p post) bool {
		return p.IsCard() || (p.IsQuestion() && strings.Contains(p.AllText(), "Question 2"))
	}))
	firsts := 0
	for _, p := range h.posts() {
		if p.IsQuestion() && strings.Contains(p.AllText(), "Question 1 ") {
			firsts++
		}
	}
	if firsts != 1 {
		t.Errorf("first question posted %d times:\n%s", firsts, h.describePosts())
	}
}

func TestRetryWhoseOriginalNeverArrivedIsAnswered(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	dm := h.fake.DMChannel("U11")
	env := h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U11", Text: story},
		slacktest.WithEventID("EvONLYRETRY"), slacktest.WithRetry(2, "timeout"))
	h.ack(env)
	h.waitPost(0, and(func(p post) bool { return p.Channel == dm }, post.IsQuestion))
}

func TestReconnectsAfterRefreshAndKeepsWorking(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	f.Disconnect("refresh_requested")
	ctx := h.ctx()
	if _, err := f.WaitCalls(ctx, "apps.connections.open", 2); err != nil {
		t.Fatal(err)
	}
	if err := f.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	env := f.SendSlashCommand(slacktest.Slash{User: "U12", Text: story})
	h.ack(env)
	h.waitPost(0, and(func(p post) bool { return p.Channel == f.DMChannel("U12") }, post.IsQuestion))

	// Even a warning and a dropped link are survived.
	f.Disconnect("warning")
	if _, err := f.WaitCalls(ctx, "apps.connections.open", 3); err != nil {
		t.Fatal(err)
	}
	env = f.SendSlashCommand(slacktest.Slash{User: "U13", Text: story})
	h.ack(env)
	h.waitPost(0, and(func(p post) bool { return p.Channel == f.DMChannel("U13") }, post.IsQuestion))
}

func TestModelFailureFallsBackAndTheNextRequestWorks(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{noLLMRetries: true})
	h.llm.Enqueue(openaitest.Reply{Status: 500})
	_, _, card := h.dealWithCard("U14", story)
	all := card.AllText()
	if !strings.Contains(all, "couldn't reach the drafting model") || !strings.Contains(all, "Offline draft") {
		t.Errorf("fallback card does not say so:\n%s", all)
	}

	// The model is back: the next deal gets a model draft.
	_, _, card2 := h.dealWithCard("U15", story)
	if all := card2.AllText(); !strings.Contains(all, "Drafted by gpt-test") || strings.Contains(all, "offline") {
		t.Errorf("after recovery:\n%s", all)
	}
}

func TestHugeStoryIsCutWithANoticeAndNoLimitBroken(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	dm := h.fake.DMChannel("U16")
	huge := story + " " + strings.Repeat("They said &lt;b&gt;maybe&lt;/b&gt; &amp; then nothing. ", 1000)
	huge = huge[:40000]
	env := h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U16", Text: huge})
	h.ack(env)
	var root string
	_ = json2(env.Payload, &root)
	q := h.waitPost(0, and(inThread(dm, root), post.IsQuestion))
	if !strings.Contains(q.AllText(), "long") {
		t.Errorf("no truncation notice: %s", q.AllText())
	}
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U16", ThreadTS: root, Text: "skip"}))
	h.waitPost(0, and(inThread(dm, root), post.IsCard))
	for _, c := range h.fake.Calls("") {
		if !c.OK() {
			t.Errorf("%s failed: %s %s", c.Method, c.Error, c.Response)
		}
		if len([]rune(c.Params.Get("text"))) >= 4000 {
			t.Errorf("%s text of %d chars", c.Method, len(c.Params.Get("text")))
		}
	}
}

func TestRateLimitedCallWaitsAndRetries(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	f.FailNext("chat.postMessage", 1, slacktest.Fault{Status: 429, RetryAfter: 1})
	start := time.Now()
	h.ack(f.SendSlashCommand(slacktest.Slash{User: "U17", Text: story}))
	h.waitPost(0, post.IsQuestion)
	if time.Since(start) < 900*time.Millisecond {
		t.Errorf("did not wait out Retry-After")
	}
	if n := len(f.Calls("chat.postMessage")); n < 3 {
		t.Errorf("%d chat.postMessage calls, want the limited one retried", n)
	}
}
