package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// The weekly nudge end to end: /ghosted nudge against the fake Slack and the
// store, and the real nudge.Runner posting through the bot as its Poster.

// slash runs a /ghosted command and returns its ack and, unless the ack
// answered it, the reply posted to its response_url.
func (h *harness) slash(user, channel, text string) (slacktest.AckRecord, slacktest.Call) {
	h.t.Helper()
	env := h.fake.SendSlashCommand(slacktest.Slash{User: user, Channel: channel, Text: text})
	a := h.ack(env)
	if len(a.Payload) > 0 && string(a.Payload) != "null" {
		return a, slacktest.Call{}
	}
	return a, h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })
}

// replyText is a response_url reply's text and every text in its blocks,
// decoded, plus the blocks' JSON for ids and values.
func replyText(c slacktest.Call) string {
	return decodePost(c).AllText() + "\n" + c.Params.Get("blocks")
}

// seedDeal stores a deal of owner that went quiet days ago, as coach.Start
// makes it from story.
func (h *harness) seedDeal(owner, id, story string, daysAgo int, shared bool) coach.Deal {
	h.t.Helper()
	d, _ := coach.Start(id, h.fake.TeamID, owner, story, time.Now().AddDate(0, 0, -daysAgo))
	d.Shared = shared
	if err := h.store.CreateDeal(context.Background(), d); err != nil {
		h.t.Fatal(err)
	}
	return d
}

// runner is the scheduler as cmd/ghosted runs it, with the bot as its Poster
// and a clock the test sets.
func (h *harness) runner(at time.Time) (*nudge.Runner, *coach.FixedClock) {
	clock := &coach.FixedClock{T: at}
	return &nudge.Runner{Team: h.fake.TeamID, Store: h.store, Poster: h.bot, Clock: clock, Logger: newLogger(h.logs)}, clock
}

// nextMonday is 09:05 New York time on the first Monday at least days after now.
func nextMonday(days int) time.Time {
	ny, _ := time.LoadLocation("America/New_York")
	t := time.Now().In(ny).AddDate(0, 0, days)
	for t.Weekday() != time.Monday {
		t = t.AddDate(0, 0, 1)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 9, 5, 0, 0, ny)
}

func (h *harness) nudgePosts(channel string) []post {
	var out []post
	for _, p := range h.posts() {
		if p.Channel == channel && p.Method == "chat.postMessage" && strings.Contains(p.Text, "Weekly deal check-in") {
			out = append(out, p)
		}
	}
	return out
}

func TestNudgeHereOffAndStatus(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	f.AddUser(slacktest.User{ID: "U40", TZ: "America/New_York"})
	f.AddChannel(slacktest.Channel{ID: "C40", Name: "sales"})
	ctx := h.ctx()

	// Default: Monday 09:00 in the invoker's Slack time zone.
	_, r := h.slash("U40", "C40", "nudge here")
	if got := replyText(r); !strings.Contains(got, "Mondays at 09:00 (America/New_York)") || !strings.Contains(got, "Next one") || !strings.Contains(got, "Mon ") {
		t.Errorf("nudge here = %s", got)
	}
	sub, err := h.store.Subscription(ctx, f.TeamID, "C40")
	if err != nil {
		t.Fatal(err)
	}
	if sub.Weekday != time.Monday || sub.Hour != 9 || sub.Minute != 0 || sub.TZ != "America/New_York" || sub.CreatedBy != "U40" {
		t.Errorf("stored %+v", sub)
	}
	// The channel is told, which is also how the bot knows it may post there.
	h.waitPost(0, func(p post) bool {
		return p.Channel == "C40" && strings.Contains(p.Text, "<@U40> set up a weekly deal check-in")
	})

	// A schedule of its own, in another zone.
	_, r = h.slash("U40", "C40", "nudge here friday 8am Europe/Berlin")
	if got := replyText(r); !strings.Contains(got, "moved") || !strings.Contains(got, "Fridays at 08:00 (Europe/Berlin)") {
		t.Errorf("nudge here friday = %s", got)
	}
	if sub, _ = h.store.Subscription(ctx, f.TeamID, "C40"); sub.Weekday != time.Friday || sub.Hour != 8 || sub.TZ != "Europe/Berlin" {
		t.Errorf("stored %+v", sub)
	}
	_, r = h.slash("U40", "C40", "nudge")
	if got := replyText(r); !strings.Contains(got, "Fridays at 08:00 (Europe/Berlin)") || !strings.Contains(got, "<@U40>") {
		t.Errorf("nudge status = %s", got)
	}

	// A schedule that makes no sense is answered at once, and nothing changes.
	a, _ := h.slash("U40", "C40", "nudge here someday at teatime")
	if got := string(a.Payload); !strings.Contains(got, "couldn't read that schedule") || !strings.Contains(got, "someday") {
		t.Errorf("bad schedule ack = %s", got)
	}
	a, _ = h.slash("U40", "C40", "nudge here 25:00")
	if got := string(a.Payload); !strings.Contains(got, "hours go up to 23") {
		t.Errorf("bad hour ack = %s", got)
	}
	if sub, _ = h.store.Subscription(ctx, f.TeamID, "C40"); sub.Weekday != time.Friday {
		t.Errorf("a bad schedule changed the subscription: %+v", sub)
	}

	// Off, then off again.
	_, r = h.slash("U40", "C40", "nudge off")
	if got := replyText(r); !strings.Contains(got, "off in this channel") {
		t.Errorf("nudge off = %s", got)
	}
	if _, err := h.store.Subscription(ctx, f.TeamID, "C40"); !errors.Is(err, nudge.ErrNoSubscription) {
		t.Errorf("after nudge off: %v", err)
	}
	h.waitPost(0, func(p post) bool { return p.Channel == "C40" && strings.Contains(p.Text, "turned off") })
	_, r = h.slash("U40", "C40", "nudge off")
	if got := replyText(r); !strings.Contains(got, "no weekly nudge") {
		t.Errorf("second nudge off = %s", got)
	}
}

func TestNudgeNeedsAChannelTheBotIsIn(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	// In a DM: refused at once.
	a, _ := h.slash("U41", "", "nudge here")
	if got := string(a.Payload); !strings.Contains(got, "team channel") {
		t.Errorf("nudge here in a DM = %s", got)
	}
	// In a channel the bot was never invited to: Slack refuses the
	// announcement, and the subscription is taken back.
	f.AddChannel(slacktest.Channel{ID: "C41", Name: "secret"})
	f.FailNext("chat.postMessage", 1, slacktest.Fault{Error: "not_in_channel"})
	_, r := h.slash("U41", "C41", "nudge here")
	if got := replyText(r); !strings.Contains(got, "/invite @ghosted") {
		t.Errorf("not in channel = %s", got)
	}
	if _, err := h.store.Subscription(h.ctx(), f.TeamID, "C41"); !errors.Is(err, nudge.ErrNoSubscription) {
		t.Errorf("subscription kept in a channel the bot cannot post in: %v", err)
	}
}

func TestNudgePreviewNamesOnlySharedDeals(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	h.fake.AddChannel(slacktest.Channel{ID: "C42", Name: "team"})
	h.seedDeal("U43", "dshared43", "Dana Lee at Acme went quiet after our demo. I sent 1 follow-up.", 20, true)
	h.seedDeal("U44", "dsecret44", "Priya Raman at Northwind stopped answering after pricing. I sent 1 follow-up.", 20, false)
	before := len(h.posts())

	_, r := h.slash("U43", "C42", "nudge preview")
	got := replyText(r)
	for _, want := range []string{"Preview", "need a touch", "Tip of the week", "<@U43>", "<@U44>", "Dana Lee", "nudge_coach_U43"} {
		if !strings.Contains(got, want) {
			t.Errorf("preview lacks %q: %s", want, got)
		}
	}
	for _, leak := range []string{"Priya", "Northwind", "pricing"} {
		if strings.Contains(got, leak) {
			t.Errorf("preview names the unshared deal (%q): %s", leak, got)
		}
	}
	if r.Params.Get("response_type") != "ephemeral" {
		t.Errorf("preview is %q, want ephemeral", r.Params.Get("response_type"))
	}
	if len(h.posts()) != before {
		t.Errorf("the preview posted: %s", h.describePosts())
	}
}

func TestRunnerPostsOnceAndCoachMeIsTheOwners(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	f.AddChannel(slacktest.Channel{ID: "C45", Name: "team"})
	h.slash("U45", "C45", "nudge here")
	h.seedDeal("U46", "dshared46", "Dana Lee at Acme went quiet after our demo. I sent 1 follow-up.", 20, true)
	h.seedDeal("U47", "dsecret47", "Priya Raman at Northwind stopped answering after pricing. I sent 1 follow-up.", 20, false)

	r, clock := h.runner(nextMonday(1))
	if err := r.Tick(h.ctx()); err != nil {
		t.Fatalf("tick: %v\n%s", err, h.logs)
	}
	// A second replica, or the next minute, posts nothing more.
	r2, _ := h.runner(clock.T.Add(time.Minute))
	if err := r2.Tick(h.ctx()); err != nil {
		t.Fatal(err)
	}
	posts := h.nudgePosts("C45")
	if len(posts) != 1 {
		t.Fatalf("%d nudges posted, want 1:\n%s", len(posts), h.describePosts())
	}
	n := posts[0]
	all := n.AllText()
	for _, want := range []string{"<@U46>", "<@U47>", "Dana Lee", "Tip of the week", "revived this week"} {
		if !strings.Contains(all, want) {
			t.Errorf("nudge lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Priya") || strings.Contains(all, "Northwind") {
		t.Errorf("the unshared deal reached the channel:\n%s", all)
	}
	if !n.HasAction("nudge_coach_U46") || !n.HasAction("nudge_coach_U47") {
		t.Fatalf("no Coach me buttons: %v", n.ActionIDs())
	}

	// U46 presses U47's button: a private refusal, nothing opened.
	dms := len(h.posts())
	refused := h.press("U46", n, "nudge_coach_U47")
	if eph := h.privateAnswer(refused, nil); !strings.Contains(eph.Params.Get("text"), "only they") {
		t.Errorf("refusal = %q", eph.Params.Get("text"))
	}
	// U47 presses their own: coaching resumes in a DM thread.
	dm := f.DMChannel("U47")
	own := h.press("U47", n, "nudge_coach_U47")
	q := h.waitPost(dms, and(func(p post) bool { return p.Channel == dm && p.ThreadTS != "" }, post.IsQuestion))
	if !strings.Contains(q.AllText(), "fresh eyes") {
		t.Errorf("resumed thread starts with %q", q.AllText())
	}
	h.privateAnswer(own, func(c slacktest.Call) bool { return strings.Contains(c.Params.Get("text"), "open our DM") })
	for _, p := range h.posts()[dms:] {
		if p.Channel == f.DMChannel("U46") {
			t.Errorf("the refused press opened a DM: %q", p.Text)
		}
	}
}

func TestReminderDMResumesInItsThread(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	dm, root, card := h.dealWithCard("U48", story)
	seen := len(h.posts())
	h.fake.SendInteraction(slacktest.BlockActions{User: "U48", Channel: dm, MessageTS: card.TS, ActionID: "card_remind", Value: "7"})
	h.waitPost(seen, and(inThread(dm, root), func(p post) bool { return strings.Contains(p.Text, "Remember-me date set") }))

	// A week and a day later, the scheduler's tick DMs the owner.
	r, _ := h.runner(time.Now().AddDate(0, 0, 8))
	if err := r.Tick(h.ctx()); err != nil {
		t.Fatalf("tick: %v\n%s", err, h.logs)
	}
	seen = len(h.posts())
	rem := h.waitPost(0, func(p post) bool {
		return p.Channel == dm && p.ThreadTS == "" && strings.Contains(p.Text, "time to come back")
	})
	if !strings.Contains(rem.AllText(), "Dana Lee at Acme") || !rem.HasAction("deal_resume") {
		t.Fatalf("reminder = %s %v", rem.AllText(), rem.ActionIDs())
	}
	// Posted to the owner's user id, which Slack takes as the app's DM:
	// reminders, all due at 09:00, cost no conversations.open each.
	if ch := rem.Call.Params.Get("channel"); ch != "U48" {
		t.Errorf("the reminder was posted to %q, want the user id U48", ch)
	}
	if opens := h.fake.Calls("conversations.open"); len(opens) > 0 {
		t.Errorf("%d conversations.open calls", len(opens))
	}
	// The same tick again: no second DM.
	if err := r.Tick(h.ctx()); err != nil {
		t.Fatal(err)
	}

	// Coach me again: fresh questions in the reminder's own thread, and a
	// reply there carries on to a new draft.
	h.press("U48", rem, "deal_resume")
	q := h.waitPost(seen, and(inThread(dm, rem.TS), post.IsQuestion))
	if !strings.Contains(q.AllText(), "fresh eyes") {
		t.Errorf("resume = %q", q.AllText())
	}
	h.ack(h.fake.SendEvent(slacktest.Message{Channel: dm, User: "U48", ThreadTS: rem.TS, Text: "skip"}))
	h.waitPost(seen, and(inThread(dm, rem.TS), post.IsCard))
	n := 0
	for _, p := range h.posts() {
		if strings.Contains(p.Text, "time to come back") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d reminder DMs, want 1", n)
	}
}

func TestShareToggleIsOwnerOnlyAndChangesTheNudge(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	f.AddChannel(slacktest.Channel{ID: "C49", Name: "team"})
	h.slash("U49", "C49", "nudge here")
	dm, root, card := h.dealWithCard("U49", story)
	if !card.HasAction("card_share") {
		t.Fatalf("the card has no share button: %v", card.ActionIDs())
	}

	// Someone else cannot share it.
	refused := h.press("U50", card, "card_share")
	if eph := h.privateAnswer(refused, nil); !strings.Contains(eph.Params.Get("text"), "Only the person") {
		t.Errorf("refusal = %q", eph.Params.Get("text"))
	}
	r, clock := h.runner(nextMonday(8))
	if err := r.Tick(h.ctx()); err != nil {
		t.Fatal(err)
	}
	first := h.nudgePosts("C49")
	if len(first) != 1 || !strings.Contains(first[0].AllText(), "<@U49>") || strings.Contains(first[0].AllText(), "Dana") {
		t.Fatalf("unshared deal's nudge: %v\n%s", len(first), h.describePosts())
	}

	// The owner shares it: the note offers the way back, and next week's
	// nudge names the prospect.
	seen := len(h.posts())
	h.press("U49", card, "card_share")
	note := h.waitPost(seen, inThread(dm, root))
	if !strings.Contains(note.AllText(), "Shared with your team") || !note.HasAction("card_share") {
		t.Errorf("share note = %q %v", note.AllText(), note.ActionIDs())
	}
	clock.T = clock.T.AddDate(0, 0, 7)
	if err := r.Tick(h.ctx()); err != nil {
		t.Fatal(err)
	}
	second := h.nudgePosts("C49")
	if len(second) != 2 || !strings.Contains(second[1].AllText(), "Dana Lee") {
		t.Fatalf("shared deal's nudge: %d\n%s", len(second), h.describePosts())
	}
	// Stop sharing, from the note.
	seen = len(h.posts())
	h.press("U49", note, "card_share")
	h.waitPost(seen, and(inThread(dm, root), func(p post) bool { return strings.Contains(p.AllText(), "No longer shared") }))
	if d := h.onlyDeal("U49"); d.Shared {
		t.Error("still shared after Stop sharing")
	}
}

// onlyDeal returns user's one deal from the store.
func (h *harness) onlyDeal(user string) coach.Deal {
	h.t.Helper()
	ds, err := h.store.Deals(context.Background(), h.fake.TeamID, user)
	if err != nil || len(ds) != 1 {
		h.t.Fatalf("deals of %s: %d %v", user, len(ds), err)
	}
	return ds[0]
}

// TestPosterErrorsTellTheRunnerWhatToRetry: a rate limit, a 5xx or Slack's
// own internal_error is worth another try (the Runner gives the run back);
// a channel the bot left is not. A retried nudge posts on the next tick.
// Each case has a bot of its own: a 429's Retry-After holds the method's
// budget, and would hold the next case's post.
func TestPosterErrorsTellTheRunnerWhatToRetry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		fault slacktest.Fault
		retry bool
	}{
		{slacktest.Fault{Status: 429, RetryAfter: 30}, true},
		{slacktest.Fault{Status: 429}, true},
		{slacktest.Fault{Status: 503}, true},
		{slacktest.Fault{Error: "internal_error"}, true},
		{slacktest.Fault{Error: "not_in_channel"}, false},
		{slacktest.Fault{Error: "invalid_blocks"}, false},
	} {
		h := newHarness(t, harnessOptions{config: func(c *bot.Config) { c.MaxRetryWait = time.Millisecond }})
		f := h.fake
		sub := nudge.Subscription{Team: f.TeamID, Channel: "C55", Weekday: time.Monday, Hour: 9, TZ: "UTC"}
		n := nudge.Compose(nil, sub, time.Now(), -1)
		f.FailNext("chat.postMessage", 1, tc.fault)
		err := h.bot.PostNudge(h.ctx(), sub, n)
		if err == nil || nudge.Retryable(err) != tc.retry {
			t.Errorf("%+v: err %v, retryable %v, want %v", tc.fault, err, nudge.Retryable(err), tc.retry)
		}
		if tc.fault.RetryAfter > 0 {
			// Slack said to wait: the next post is held back by the bot
			// itself, as retryable, without reaching Slack.
			before := len(f.Calls("chat.postMessage"))
			err := h.bot.PostNudge(h.ctx(), sub, n)
			if !nudge.Retryable(err) || len(f.Calls("chat.postMessage")) != before {
				t.Errorf("a post during Retry-After: %v, %d calls reached Slack", err, len(f.Calls("chat.postMessage"))-before)
			}
		}
		h.stop()
	}
	// The rest waits its turn in the budget as the bot does (the runner's
	// second post in C56 comes right after two others there).
	h := newHarness(t, harnessOptions{})
	f := h.fake
	f.FailNext("chat.postMessage", 1, slacktest.Fault{Status: 500})
	if err := h.bot.RemindOwner(h.ctx(), coach.Deal{ID: "d1", Team: f.TeamID, Owner: "U55"}); !nudge.Retryable(err) {
		t.Errorf("reminder DM on a 500: %v", err)
	}

	// Through the Runner: a 429 gives the run back, the next tick posts it.
	f.AddChannel(slacktest.Channel{ID: "C56", Name: "team"})
	h.slash("U56", "C56", "nudge here")
	r, clock := h.runner(nextMonday(1))
	f.FailNext("chat.postMessage", 1, slacktest.Fault{Status: 429})
	if err := r.Tick(h.ctx()); err == nil {
		t.Fatal("the rate-limited tick reported no error")
	}
	if len(h.nudgePosts("C56")) != 0 {
		t.Fatal("posted despite the 429")
	}
	clock.T = clock.T.Add(time.Minute)
	if err := r.Tick(h.ctx()); err != nil {
		t.Fatal(err)
	}
	if got := len(h.nudgePosts("C56")); got != 1 {
		t.Errorf("%d nudges after the retry, want 1", got)
	}
}
