package bot_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
)

// Slack's rate limits end to end: the fake enforces each method's tier per
// workspace (and chat.postMessage's per channel), as every harness does,
// and these tests put the bot where its own bursts would meet them.

// longDraft is a draft long enough to stream in several batches.
const longDraft = "Hi Dana,\n\n" +
	"I've been thinking about our last conversation and I want to be straight with you: I'm not sure where this stands on your side, and that's fine. " +
	"When we spoke, you said the reporting gaps were costing your team a day at every month end, and that the budget would only open after the audit. " +
	"I don't want to guess what has changed since then, so I'd rather ask than assume.\n\n" +
	"What I can offer is small: a one-page summary of how two teams your size closed that month-end gap, which you could forward to whoever owns the budget. " +
	"If the timing is simply wrong, tell me when it would be better and I'll come back then, not before. " +
	"And if this is no longer a priority for you, a short no is genuinely helpful; I'd much rather know than keep writing.\n\n" +
	"Either way, thank you for the time you gave this so far. My door stays open.\n\nBest,\nSam"

// slowDrafts makes the fake model write longDraft over about a second and
// a half, in small pieces, for every request.
func slowDrafts(h *harness) {
	h.llm.SetDefault(func(openaitest.Request) openaitest.Reply {
		return openaitest.Reply{Text: longDraft, Chunks: 30, ChunkDelay: 50 * time.Millisecond}
	})
}

// dmThread is one user's coaching thread in their DM.
type dmThread struct{ user, dm, root string }

// draftsAtOnce brings one deal per user to its first question, then asks
// for all their drafts at once.
func (h *harness) draftsAtOnce(users ...string) []dmThread {
	h.t.Helper()
	var ths []dmThread
	for _, u := range users {
		dm := h.fake.DMChannel(u)
		env := h.fake.SendEvent(slacktest.Message{Channel: dm, User: u, Text: story})
		h.ack(env)
		var root string
		_ = json2(env.Payload, &root)
		h.waitPost(0, and(inThread(dm, root), post.IsQuestion))
		ths = append(ths, dmThread{user: u, dm: dm, root: root})
	}
	var envs []slacktest.Envelope
	for _, th := range ths {
		envs = append(envs, h.fake.SendEvent(slacktest.Message{Channel: th.dm, User: th.user, ThreadTS: th.root, Text: "draft it"}))
	}
	for _, env := range envs {
		h.ack(env)
	}
	return ths
}

// cards waits for one draft card in each thread and returns them.
func (h *harness) cards(ths []dmThread) []post {
	h.t.Helper()
	var out []post
	for _, th := range ths {
		out = append(out, h.waitPost(0, and(inThread(th.dm, th.root), post.IsCard)))
	}
	return out
}

// checkCleanCards checks that each thread got exactly one card, and that
// what was streamed into it (when it streamed) is the draft, once.
func (h *harness) checkCleanCards(ths []dmThread) (streamed int) {
	h.t.Helper()
	h.cards(ths)
	for _, th := range ths {
		var cards []post
		for _, p := range h.posts() {
			if inThread(th.dm, th.root)(p) && p.IsCard() {
				cards = append(cards, p)
			}
		}
		if len(cards) != 1 {
			h.t.Errorf("%s: %d cards, want one:\n%s", th.user, len(cards), h.describePosts())
			continue
		}
		var starts []slacktest.Call
		for _, c := range h.fake.Calls("chat.startStream") {
			if c.OK() && c.Params.Get("thread_ts") == th.root {
				starts = append(starts, c)
			}
		}
		switch {
		case len(starts) > 1:
			h.t.Errorf("%s: %d streams started for one draft", th.user, len(starts))
		case len(starts) == 1:
			streamed++
			_, ts, _ := starts[0].Where()
			if cards[0].Method != "chat.stopStream" || cards[0].TS != ts {
				h.t.Errorf("%s: the card came by %s on %s, want the end of stream %s", th.user, cards[0].Method, cards[0].TS, ts)
			}
			var text strings.Builder
			for _, c := range h.fake.Calls("") {
				if (c.Method == "chat.appendStream" || c.Method == "chat.stopStream") && c.OK() && c.Params.Get("ts") == ts {
					text.WriteString(c.Params.Get("markdown_text"))
				}
			}
			if got := strings.ReplaceAll(text.String(), `\`, ""); got != longDraft {
				h.t.Errorf("%s: streamed text is not the draft, once:\n got %q\nwant %q", th.user, got, longDraft)
			}
		default:
			// No stream: the status message became the card.
			if cards[0].Method != "chat.update" || !strings.Contains(cards[0].AllText(), "Dana") {
				h.t.Errorf("%s: without a stream the card came by %s", th.user, cards[0].Method)
			}
		}
	}
	if open := h.fake.OpenStreams(); len(open) > 0 {
		h.t.Errorf("streams left open: %v", open)
	}
	return streamed
}

// TestThreeDraftsStreamAtOnceWithinTiers: three people ask for a draft at
// the same moment. Each draft streams in a few batched appends and ends
// with its card in the same message (chat.stopStream's blocks): three
// clean cards, no second card, no stream left open, and not one call over
// Slack's tiers (the harness fails the test on any 429 from the fake).
func TestThreeDraftsStreamAtOnceWithinTiers(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	slowDrafts(h)
	ths := h.draftsAtOnce("U901", "U902", "U903")
	if n := h.checkCleanCards(ths); n != 3 {
		t.Errorf("%d of 3 drafts streamed", n)
	}
	appends := len(h.fake.Calls("chat.appendStream"))
	if appends == 0 || appends > 3*5 {
		t.Errorf("%d appends for three 1.4 KB drafts, want a few each", appends)
	}
	t.Logf("3 drafts: %d appends, %d stream stops, %d calls refused by the tiers", appends, len(h.fake.Calls("chat.stopStream")), len(h.fake.RateLimited()))
}

// TestStreamBudgetSpentShowsAStatus: eight drafts at once spend the
// workspace's burst of chat.startStream (tier 2: about 20 a minute; the
// pacer lets six start at once). The rest do not stream: they show a
// status message that becomes the card. Every draft gets one clean card,
// and no call meets a 429.
func TestStreamBudgetSpentShowsAStatus(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	slowDrafts(h)
	var users []string
	for i := range 8 {
		users = append(users, fmt.Sprintf("U91%d", i))
	}
	ths := h.draftsAtOnce(users...)
	streamed := h.checkCleanCards(ths)
	if streamed == len(ths) || streamed == 0 {
		t.Errorf("%d of %d drafts streamed: the tier-2 burst should let some stream and not all", streamed, len(ths))
	}
	status := 0
	for _, p := range h.posts() {
		if strings.Contains(p.Text, "Drafting your message") && p.Method == "chat.postMessage" {
			status++
		}
	}
	if status != len(ths)-streamed {
		t.Errorf("%d status messages for %d drafts that did not stream", status, len(ths)-streamed)
	}
	t.Logf("8 drafts at once: %d streamed, %d showed a status", streamed, status)
}

// TestStopStreamRetriedOn429: Slack answers the stream's end with a 429.
// The bot waits out Retry-After and ends the stream with the card again;
// the card is not posted a second time and the stream is not left open.
func TestStopStreamRetriedOn429(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.fake.FailNext("chat.stopStream", 1, slacktest.Fault{Status: 429, RetryAfter: 1})
	_, _, card := h.dealWithCard("U920", story)
	stops := h.fake.Calls("chat.stopStream")
	if len(stops) != 2 || stops[0].Status != 429 || !stops[1].OK() {
		t.Fatalf("chat.stopStream calls: %d (%v), want a 429 then a success", len(stops), stops)
	}
	if gap := stops[1].At.Sub(stops[0].At); gap < 900*time.Millisecond {
		t.Errorf("the stop was retried %v after a 429 with Retry-After: 1", gap)
	}
	if card.Method != "chat.stopStream" {
		t.Errorf("the card came by %s", card.Method)
	}
	if open := h.fake.OpenStreams(); len(open) > 0 {
		t.Errorf("streams left open: %v", open)
	}
	for _, p := range h.posts() {
		if p.IsCard() && p.Method != "chat.stopStream" {
			t.Errorf("a second card by %s", p.Method)
		}
	}
}

// TestTwoReplicasShareOneWorkspacesTiers: two replicas serve one
// workspace, and 150 people open the bot's Home within a moment, half on
// each socket: 150 views.publish calls, where tier 4 allows 100 a minute
// (here a minute is two seconds). With the budget shared in Redis the two
// stay inside the tier together and every Home is published; the control
// gives each replica a budget of its own, and together they go over it.
func TestTwoReplicasShareOneWorkspacesTiers(t *testing.T) {
	const minute = 2 * time.Second
	run := func(t *testing.T, shared bool) *slacktest.Fake {
		f := slacktest.New(t, slacktest.Options{RateLimits: true, RateMinute: minute})
		llm := openaitest.New(t, openaitest.Options{})
		addr, through := backingRedis(t)
		url := through(addr)
		prefix := "bottest-" + randomID()
		var logs [2]logBuffer
		for i := range 2 {
			p := prefix
			if !shared {
				p = fmt.Sprintf("%s-%d", prefix, i)
			}
			startReplica(t, f, llm, url, p, &logs[i], func(c *bot.Config) { c.RateMinute = minute })
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := f.WaitConnected(ctx, 2); err != nil {
			t.Fatal(err)
		}
		var envs []slacktest.Envelope
		for i := range 150 {
			envs = append(envs, f.SendEvent(slacktest.AppHomeOpened{User: fmt.Sprintf("U93%03d", i)}))
		}
		for _, env := range envs {
			if _, err := f.WaitAck(ctx, env.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.WaitCalls(ctx, "views.publish", 150); err != nil {
			t.Fatal(err)
		}
		if !shared {
			// The control only has to meet the tier. Its replicas give up
			// on a Home after a few 429s, so it may never publish all 150,
			// and a slow machine decides which: nothing to wait for there.
			for len(f.RateLimited()) == 0 {
				n := len(f.Calls("views.publish"))
				if _, err := f.WaitCalls(ctx, "views.publish", n+1); err != nil {
					return f
				}
			}
			return f
		}
		// Sharing, every Home was published in the end, after any 429 was
		// waited out.
		published := map[string]bool{}
		for _, c := range f.Calls("views.publish") {
			if c.OK() {
				published[c.Params.Get("user_id")] = true
			}
		}
		for len(published) < 150 {
			n := len(f.Calls("views.publish"))
			if _, err := f.WaitCalls(ctx, "views.publish", n+1); err != nil {
				t.Fatalf("%d of 150 Homes published: %v", len(published), err)
			}
			for _, c := range f.Calls("views.publish") {
				if c.OK() {
					published[c.Params.Get("user_id")] = true
				}
			}
		}
		return f
	}
	limit, _ := slacktest.TierLimit("views.publish")

	t.Run("shared", func(t *testing.T) {
		f := run(t, true)
		if got := len(f.RateLimited()); got != 0 {
			t.Errorf("replicas sharing the budget met the tier %d times", got)
		}
		if most := f.CallsWithin("views.publish", minute); most > limit {
			t.Errorf("%d views.publish in one window, tier allows %d", most, limit)
		}
		t.Logf("shared budget: at most %d views.publish in a window (tier %d), %d refused", f.CallsWithin("views.publish", minute), limit, len(f.RateLimited()))
	})
	t.Run("separate budgets (control)", func(t *testing.T) {
		f := run(t, false)
		if len(f.RateLimited()) == 0 {
			t.Error("replicas pacing apart never met the tier: the load does not test the sharing")
		}
		t.Logf("separate budgets: %d views.publish refused by the tier", len(f.RateLimited()))
	})
}

// TestNudgeTickPacesItself: one scheduler tick over 400 subscribed
// channels, with chat.postMessage's workspace-wide cap of 300 a minute
// (here a minute is two seconds). The tick paces its posts: every channel
// gets its nudge and not one post meets a 429. The control runs a tick
// over 600 channels with a pacer that does not bind, and meets the cap.
func TestNudgeTickPacesItself(t *testing.T) {
	const minute = 2 * time.Second
	run := func(t *testing.T, botMinute time.Duration, channels int) (*harness, time.Duration) {
		h := newHarness(t, harnessOptions{rateMinute: minute, allowRateLimited: botMinute != minute,
			config: func(c *bot.Config) { c.RateMinute = botMinute }})
		now := nextMonday(1)
		h.seedDeal("U940", "dtier1", story, 20, false)
		ctx := context.Background()
		for i := range channels {
			sub := nudge.Subscription{Team: h.fake.TeamID, Channel: fmt.Sprintf("C94%03d", i), Weekday: time.Monday, Hour: 9,
				TZ: "America/New_York", CreatedBy: "U940", CreatedAt: now.AddDate(0, 0, -14)}
			if err := h.store.SaveSubscription(ctx, sub); err != nil {
				t.Fatal(err)
			}
		}
		r := &nudge.Runner{Team: h.fake.TeamID, Store: h.store, Poster: h.bot, Clock: &coach.FixedClock{T: now},
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		start := time.Now()
		if err := r.Tick(h.ctx()); err != nil {
			t.Logf("tick: %v", err)
		}
		took := time.Since(start)
		// A post that met a 429 is retried by a later tick; run them until
		// every channel has its nudge.
		for tick := 0; ; tick++ {
			posted := map[string]bool{}
			for _, c := range h.fake.Calls("chat.postMessage") {
				if c.OK() && strings.HasPrefix(c.Params.Get("channel"), "C94") {
					posted[c.Params.Get("channel")] = true
				}
			}
			if len(posted) == channels {
				break
			}
			if tick == 10 {
				t.Fatalf("%d of %d channels nudged after %d ticks", len(posted), channels, tick+1)
			}
			if err := r.Tick(h.ctx()); err != nil {
				t.Logf("tick: %v", err)
			}
		}
		return h, took
	}
	t.Run("paced", func(t *testing.T) {
		const channels = 400
		h, took := run(t, minute, channels)
		if got := len(h.fake.RateLimited()); got != 0 {
			t.Errorf("the tick met chat.postMessage's cap %d times", got)
		}
		limit, _ := slacktest.TierLimit("chat.postMessage")
		if most := h.fake.CallsWithin("chat.postMessage", minute); most > limit {
			t.Errorf("%d posts in one window, the cap is %d", most, limit)
		}
		t.Logf("one tick over %d channels took %v (a minute here is %v), %d posts refused", channels, took.Round(time.Millisecond), minute, len(h.fake.RateLimited()))
	})
	t.Run("unpaced (control)", func(t *testing.T) {
		h, _ := run(t, time.Millisecond, 600)
		if len(h.fake.RateLimited()) == 0 {
			t.Error("an unpaced tick over 600 channels never met the cap: the load does not test the pacing")
		}
		t.Logf("unpaced: %d posts refused by the cap", len(h.fake.RateLimited()))
	})
}
