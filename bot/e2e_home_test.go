package bot_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot/slacktest"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/openaidraft/openaitest"
)

const story2 = "Tom Baker at Initech went quiet 2 weeks ago after the pilot. His boss signs off and I never met her. I sent 1 follow-up."

// homeView is a views.publish call: the view's id and its blocks as a post.
type homeView struct {
	ID string
	post
}

func decodeHome(c slacktest.Call) homeView {
	var v struct {
		View struct {
			ID string `json:"id"`
		} `json:"view"`
	}
	_ = json.Unmarshal(c.Response, &v)
	var req struct {
		Blocks []map[string]any `json:"blocks"`
	}
	_ = json.Unmarshal([]byte(c.Params.Get("view")), &req)
	return homeView{ID: v.View.ID, post: post{Call: c, Method: c.Method, Blocks: req.Blocks}}
}

// openHome opens user's Home tab and returns the view published after the
// first skip publishes.
func (h *harness) openHome(user string) homeView {
	h.t.Helper()
	skip := len(h.fake.Calls("views.publish"))
	h.ack(h.fake.SendEvent(slacktest.AppHomeOpened{User: user, Tab: "home"}))
	return h.nextHome(user, skip)
}

func (h *harness) nextHome(user string, skip int) homeView {
	h.t.Helper()
	calls, err := h.fake.WaitCalls(h.ctx(), "views.publish", skip+1)
	if err != nil {
		h.t.Fatalf("no views.publish: %v\n%s", err, h.logs)
	}
	c := calls[skip]
	if !c.OK() || c.Params.Get("user_id") != user {
		h.t.Fatalf("views.publish = %s %v", c.Error, c.Params)
	}
	return decodeHome(c)
}

// pressHome clicks an element of user's Home tab.
func (h *harness) pressHome(user string, v homeView, actionID, blockID string) {
	h.t.Helper()
	h.ack(h.fake.SendInteraction(slacktest.BlockActions{User: user, ViewID: v.ID, ActionID: actionID, BlockID: blockID}))
}

// statsLine is the first section of an overview: the owner's counts and rates.
func statsLine(p post) string {
	for _, b := range p.Blocks {
		if t, ok := b["text"].(map[string]any); ok {
			if s, _ := t["text"].(string); strings.HasPrefix(s, "*Your quiet deals*") {
				return s
			}
		}
	}
	return ""
}

func TestAppHomeAndListShowDealsAndReviveRate(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	f := h.fake
	dm, root, card := h.dealWithCard("U51", story)
	seen := len(h.posts())
	h.press("U51", card, "card_replied")
	h.waitPost(seen, and(inThread(dm, root), func(p post) bool { return strings.Contains(p.AllText(), "replied after") }))
	h.dealWithCard("U51", story2)
	tom := ""
	for _, d := range h.deals("U51") {
		if d.Facts.Prospect != "Dana Lee" {
			tom = d.ID
		}
	}

	home := h.openHome("U51")
	all := home.AllText()
	for _, want := range []string{"Your quiet deals", "*1* quiet", "*1* revived", "*Revive rate:* 100% (1 of 1", "Tom Baker", "days quiet", "*Next:*", "/ghosted nudge here"} {
		if !strings.Contains(all, want) {
			t.Errorf("Home lacks %q:\n%s", want, all)
		}
	}
	// Each deal shows its outcome and its last drafts, dated: the revived
	// one among the outcomes, the open one with its unsent draft.
	today := time.Now().Format("Mon 2 Jan")
	for _, want := range []string{"*Outcomes* (1)", "*Dana Lee at Acme*", "*They replied* on " + today, ":pencil2: *Drafted*, not sent yet.", "• " + today + ": “", "(lint "} {
		if !strings.Contains(all, want) {
			t.Errorf("Home lacks %q:\n%s", want, all)
		}
	}
	for _, id := range []string{"home_new", "deal_resume", "deal_remind", "deal_date", "deal_share", "deal_closed"} {
		if !home.HasAction(id) {
			t.Errorf("Home lacks %s: %v", id, home.ActionIDs())
		}
	}

	// /ghosted list shows the same overview, ephemerally.
	_, r := h.slash("U51", "", "list")
	list := decodePost(r)
	if statsLine(list) != statsLine(home.post) || statsLine(home.post) == "" {
		t.Errorf("list and Home differ:\nlist: %q\nhome: %q", statsLine(list), statsLine(home.post))
	}
	if r.Params.Get("response_type") != "ephemeral" || !strings.Contains(list.AllText(), "Tom Baker") {
		t.Errorf("list = %s %s", r.Params.Get("response_type"), list.AllText())
	}

	// Home buttons act on the deal and republish the tab.
	skip := len(f.Calls("views.publish"))
	h.pressHome("U51", home, "deal_share", "deal|"+tom)
	home = h.nextHome("U51", skip)
	if !strings.Contains(home.AllText(), "Shared with your team") || !strings.Contains(home.AllText(), "shared with your team") {
		t.Errorf("after share:\n%s", home.AllText())
	}
	if d := h.deal("U51", tom); !d.Shared {
		t.Error("share from Home did not share")
	}
	skip = len(f.Calls("views.publish"))
	h.pressHome("U51", home, "deal_closed", "deal|"+tom)
	home = h.nextHome("U51", skip)
	if !strings.Contains(home.AllText(), "*1* closed-lost") || !strings.Contains(home.AllText(), "*Outcomes* (2)") || !strings.Contains(home.AllText(), "*Closed-lost*") {
		t.Errorf("after closed-lost:\n%s", home.AllText())
	}
	// Coach me again reopens it in a new DM thread.
	skip, seen = len(f.Calls("views.publish")), len(h.posts())
	h.pressHome("U51", home, "deal_resume", "deal|"+tom)
	q := h.waitPost(seen, and(func(p post) bool { return p.Channel == dm && p.ThreadTS != "" }, post.IsQuestion))
	if !strings.Contains(q.AllText(), "fresh eyes") {
		t.Errorf("resume from Home = %q", q.AllText())
	}
	if home = h.nextHome("U51", skip); !strings.Contains(home.AllText(), "again in our DM") {
		t.Errorf("Home after resume:\n%s", home.AllText())
	}
	if d := h.deal("U51", tom); d.Status != coach.StatusQuiet {
		t.Errorf("resumed deal is %s", d.Status)
	}
	// Coach a new deal opens the story form.
	h.pressHome("U51", home, "home_new", "")
	open := h.waitCall("views.open", nil)
	if !open.OK() || !strings.Contains(open.Params.Get("view"), "ghosted_story") {
		t.Errorf("views.open = %s %s", open.Error, open.Params.Get("view"))
	}
}

func TestListButtonsReplaceTheList(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	h.dealWithCard("U52", story)
	id := h.deals("U52")[0].ID
	env := h.fake.SendSlashCommand(slacktest.Slash{User: "U52", Text: "list"})
	h.ack(env)
	h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })

	// Slack sends presses in an ephemeral message with is_ephemeral set and
	// the message's response_url.
	n := len(h.fake.Calls("response_url"))
	h.ack(h.fake.SendInteraction(h.rawAction("U52", h.fake.DMChannel("U52"), "", "", env.ResponseURL, true, map[string]any{
		"type": "static_select", "action_id": "deal_remind", "block_id": "deal|" + id,
		"selected_option": map[string]any{"value": "30", "text": map[string]any{"type": "plain_text", "text": "In a month"}},
	})))
	calls, err := h.fake.WaitCalls(h.ctx(), "response_url", n+1)
	if err != nil {
		t.Fatal(err)
	}
	c := calls[n]
	if c.Params.Get("replace_original") != "true" || !strings.Contains(replyText(c), "Remember-me date set") || !strings.Contains(replyText(c), "remind you on") {
		t.Errorf("list after Remind me = %s %s", c.Params.Get("replace_original"), replyText(c))
	}
	if d := h.deal("U52", id); d.RemindAt.IsZero() || d.RemindAt.Before(time.Now().AddDate(0, 0, 29)) {
		t.Errorf("remind at %v", d.RemindAt)
	}
}

func TestRemindMeOnADate(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	h.fake.AddUser(slacktest.User{ID: "U53", TZ: "Europe/Berlin", TZLabel: "Central European Time", TZOffset: 3600})
	dm, root, card := h.dealWithCard("U53", story)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day := time.Now().In(berlin).AddDate(0, 0, 10)
	date := day.Format(time.DateOnly)

	seen := len(h.posts())
	h.ack(h.fake.SendInteraction(h.rawAction("U53", dm, root, card.TS, "", false, map[string]any{
		"type": "datepicker", "action_id": "card_date", "block_id": card.BlockID("card_date"), "selected_date": date,
	})))
	p := h.waitPost(seen, inThread(dm, root))
	if want := day.Format("Mon 2 Jan 2006"); !strings.Contains(p.AllText(), "Remember-me date set: *"+want) {
		t.Errorf("after a date: %q, want %s", p.AllText(), want)
	}
	want := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, berlin)
	if got := h.deals("U53")[0].RemindAt; !got.Equal(want) {
		t.Errorf("remind at %v, want %v (09:00 in the owner's zone)", got, want)
	}
	// A day in the past is refused with a reason.
	seen = len(h.posts())
	h.ack(h.fake.SendInteraction(h.rawAction("U53", dm, root, card.TS, "", false, map[string]any{
		"type": "datepicker", "action_id": "card_date", "block_id": card.BlockID("card_date"), "selected_date": "2020-01-01",
	})))
	p = h.waitPost(seen, inThread(dm, root))
	if !strings.Contains(p.AllText(), "future") {
		t.Errorf("past date: %q", p.AllText())
	}
}

// rawAction is a block_actions payload as Slack sends it, for elements the
// fake does not click for us (a datepicker's selected_date, a press in an
// ephemeral message).
func (h *harness) rawAction(user, channel, threadTS, messageTS, responseURL string, ephemeral bool, action map[string]any) slacktest.RawInteraction {
	action["action_ts"] = h.fake.NextTS()
	msg := map[string]any{"type": "message", "ts": messageTS, "user": h.fake.BotUserID, "bot_id": h.fake.BotID, "text": ""}
	container := map[string]any{"type": "message", "message_ts": messageTS, "channel_id": channel, "is_ephemeral": ephemeral}
	if threadTS != "" {
		msg["thread_ts"], container["thread_ts"] = threadTS, threadTS
	}
	if messageTS == "" {
		container["message_ts"] = h.fake.NextTS()
		msg["ts"] = container["message_ts"]
	}
	return slacktest.RawInteraction{
		"type":         "block_actions",
		"user":         map[string]any{"id": user, "username": strings.ToLower(user), "name": strings.ToLower(user), "team_id": h.fake.TeamID},
		"team":         map[string]any{"id": h.fake.TeamID, "domain": h.fake.TeamDomain},
		"api_app_id":   h.fake.AppID,
		"container":    container,
		"channel":      map[string]any{"id": channel, "name": "directmessage"},
		"message":      msg,
		"response_url": responseURL,
		"trigger_id":   "1.2.3",
		"actions":      []any{action},
	}
}

func (h *harness) deals(user string) []coach.Deal {
	h.t.Helper()
	ds, err := h.store.Deals(h.ctx(), h.fake.TeamID, user)
	if err != nil {
		h.t.Fatal(err)
	}
	return ds
}

func (h *harness) deal(user, id string) coach.Deal {
	h.t.Helper()
	d, err := h.store.Deal(h.ctx(), coach.DealKey{Team: h.fake.TeamID, Owner: user, ID: id})
	if err != nil {
		h.t.Fatal(err)
	}
	return d
}

// A deal changed from the list while a draft is being written keeps that
// change: the draft is recorded on the deal as stored when it finishes.
func TestChangeDuringDraftIsNotOverwritten(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{})
	_, _, card := h.dealWithCard("U55", story)
	id := h.deals("U55")[0].ID
	drafts := len(h.deal("U55", id).Drafts)

	// A slow regeneration starts...
	n := len(h.llm.Requests())
	h.llm.Enqueue(openaitest.Reply{Text: "Hi Dana,\n\nHonestly, I'm curious where this stands for you. If the timing has changed, no hard feelings; my door is open.", Delay: 1500 * time.Millisecond})
	h.press("U55", card, "card_regenerate")
	if err := h.llm.Wait(h.ctx(), n+1); err != nil {
		t.Fatal(err)
	}
	// ...and meanwhile the owner marks the deal closed-lost from the list.
	env := h.fake.SendSlashCommand(slacktest.Slash{User: "U55", Text: "list"})
	h.ack(env)
	h.waitCall("response_url", func(c slacktest.Call) bool { return c.URL == env.ResponseURL })
	seen := len(h.fake.Calls("response_url"))
	h.ack(h.fake.SendInteraction(h.rawAction("U55", h.fake.DMChannel("U55"), "", "", env.ResponseURL, true, map[string]any{
		"type": "button", "action_id": "deal_closed", "block_id": "deal|" + id, "value": id,
	})))
	// The list is replaced once the press is saved.
	if _, err := h.fake.WaitCalls(h.ctx(), "response_url", seen+1); err != nil {
		t.Fatal(err)
	}
	if d := h.deal("U55", id); d.Status != coach.StatusClosedLost {
		t.Fatalf("closed-lost not recorded: %s", d.Status)
	}
	// The regenerated card arrives; the deal keeps both changes.
	h.waitPost(0, func(p post) bool { return p.IsCard() && strings.Contains(p.AllText(), "curious where this stands") })
	deadline := time.Now().Add(5 * time.Second)
	for {
		d := h.deal("U55", id)
		if len(d.Drafts) > drafts {
			if d.Status != coach.StatusClosedLost {
				t.Fatalf("the draft overwrote the closed-lost status: %s", d.Status)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the regenerated draft was not saved (%d drafts)", len(d.Drafts))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
