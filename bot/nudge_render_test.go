package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// checkGolden compares v, encoded as readable JSON, with testdata/name; -update
// rewrites it.
func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -run %s -update)", err, t.Name())
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run with -update.\ngot:\n%s", path, buf.Bytes())
	}
}

// fixtureNudge is a nudge as Compose would make it for a small team: two
// owners need care, one shared a deal.
func fixtureNudge() nudge.Nudge {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	return nudge.Nudge{
		Team: "T1", Channel: "C1", RunKey: "C1:2026-W11", Week: "2026-W11",
		At: time.Date(2026, 3, 9, 9, 0, 0, 0, berlin), Next: time.Date(2026, 3, 16, 9, 0, 0, 0, berlin),
		Stats: nudge.Stats{
			Deals: 6, Quiet: 3, Snoozed: 1, Revived: 1, ClosedLost: 1, NeedTouch: 3, RemindDue: 1, RevivedThisWeek: 1,
			MedianDaysToRevive: 6,
			ByReason: []nudge.ReasonRate{
				{Reason: coach.Value, Rate: nudge.Rate{Revived: 0, Outcomes: 1}},
				{Reason: coach.Timing, Rate: nudge.Rate{Revived: 1, Outcomes: 2}},
			},
		},
		Tip:      "A clear no is a gift. It frees your week for deals that can move.",
		TipIndex: 7,
		Owners: []nudge.OwnerCare{
			{Owner: "U1", NeedTouch: 2, RemindDue: 1, DealIDs: []string{"d1", "d2"},
				Shared: []nudge.SharedDeal{{ID: "d1", Prospect: "Dana Lee", Company: "Acme & Sons", DaysSilent: 23}}},
			{Owner: "U2", NeedTouch: 1, DealIDs: []string{"d3"}},
		},
	}
}

func TestNudgeAndHomeGolden(t *testing.T) {
	preview := fixtureNudge()
	preview.Preview = true
	quiet := fixtureNudge()
	quiet.Owners, quiet.Stats = nil, nudge.Stats{}

	dana := fixtureDeal()
	dana.Drafts = []coach.Draft{fixtureDraft()}
	dana.Shared = true
	// In the Home, Dana's deal has four drafts, of which it lists the
	// newest three (an edited one first), and two messages sent.
	danaHome := dana
	danaHome.Drafts = nil
	for i, text := range []string{"Hi Dana, not shown: the oldest.", "Hi Dana, a first take.", "", "Hi Dana, my own words this time."} {
		dr := fixtureDraft()
		dr.At = fixedNow.AddDate(0, 0, i-3)
		if text != "" {
			dr.Text, dr.Subject = text, ""
		}
		if i == 3 {
			dr.Edited, dr.Lint.Score = true, 91
		}
		danaHome.Drafts = append(danaHome.Drafts, dr)
	}
	danaHome.Touches = []coach.Touch{{At: fixedNow.AddDate(0, -1, 0)}, {At: fixedNow.AddDate(0, 0, -1)}}
	due := fixtureDeal()
	due.ID, due.Facts = "d2", coach.Facts{Company: "Globex", DaysSilent: 40}
	due.Status, due.RemindAt = coach.StatusSnoozed, fixedNow.AddDate(0, 0, -1)
	won := fixtureDeal()
	won.ID, won.Facts.Prospect, won.Facts.Company = "d3", "Priya", "Northwind"
	won.Status, won.RevivedAt = coach.StatusRevived, fixedNow.AddDate(0, 0, -1)
	lost := fixtureDeal()
	lost.ID, lost.Status = "d4", coach.StatusClosedLost
	lost.Touches = []coach.Touch{{At: fixedNow.AddDate(0, 0, -1)}}
	deals := []coach.Deal{dana, due, won, lost}

	cases := map[string]any{
		"nudge":         renderNudge(fixtureNudge()),
		"nudge_preview": renderNudge(preview),
		"nudge_quiet":   renderNudge(quiet),
		"reminder":      renderReminder(due),
		"home": slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{
			BlockSet: renderHome(append([]coach.Deal{danaHome}, deals[1:]...), fixedNow, "", nil)}},
		"home_empty": slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{
			BlockSet: renderHome(nil, fixedNow, ":lock: No longer shared.", nil)}},
		"picker": renderPicker(deals[:2], fixedNow),
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) {
			if m, ok := v.(outMessage); ok {
				checkLimits(t, m)
			}
			checkGolden(t, name, v)
		})
	}
}

func TestNudgeNamesOnlySharedDeals(t *testing.T) {
	now := fixedNow
	shared, _ := coach.Start("dshared", "T1", "U1", "Dana Lee at Acme went quiet after the demo, 1 follow-up sent", now.AddDate(0, 0, -20))
	shared.Shared = true
	private, _ := coach.Start("dprivate", "T1", "U2", "Priya Raman at Northwind went silent after pricing, 1 follow-up", now.AddDate(0, 0, -20))
	sub := nudge.Subscription{Team: "T1", Channel: "C1", Weekday: time.Tuesday, Hour: 9, TZ: "UTC"}
	msg := renderNudge(nudge.Compose([]coach.Deal{shared, private}, sub, now, -1))
	all := string(mustJSON(t, msg))
	for _, want := range []string{"<@U1>", "<@U2>", "Dana", "Tip of the week", "nudge_coach_U1", "nudge_coach_U2", "dprivate"} {
		if !strings.Contains(all, want) {
			t.Errorf("nudge lacks %q: %s", want, all)
		}
	}
	for _, leak := range []string{"Priya", "Northwind", "pricing", "went silent"} {
		if strings.Contains(all, leak) {
			t.Errorf("the unshared deal leaked %q into the channel: %s", leak, all)
		}
	}
}

// TestNudgeForAHugeTeamFitsSlack: hundreds of owners, each with long shared
// deal names full of mentions, still make one valid message: at most 50
// blocks, text under 4,000, sections under 3,000, block text under the
// msg_blocks_too_long point, no ping smuggled through a prospect's name,
// and everyone either mentioned or counted.
func TestNudgeForAHugeTeamFitsSlack(t *testing.T) {
	n := fixtureNudge()
	n.Owners = nil
	for i := range 800 {
		oc := nudge.OwnerCare{Owner: fmt.Sprintf("U%07d", i), NeedTouch: 1 + i%4}
		for j := range 60 {
			id := fmt.Sprintf("d%04d%016x", i, j)
			oc.DealIDs = append(oc.DealIDs, id)
			oc.Shared = append(oc.Shared, nudge.SharedDeal{ID: id, Prospect: strings.Repeat("<!channel> Dana ", 20), Company: "<@U999> & Co", DaysSilent: 30})
		}
		n.Owners = append(n.Owners, oc)
	}
	msg := renderNudge(n)
	checkLimits(t, msg)
	raw := mustJSON(t, msg)
	if strings.Contains(string(raw), "<!channel>") || strings.Contains(string(raw), "<@U999>") {
		t.Error("untrusted text reached the channel unescaped")
	}
	var blocks []map[string]any
	_ = json.Unmarshal(mustJSON(t, msg.Blocks), &blocks)
	buttons, mentioned := 0, strings.Count(string(raw), "<@U")
	for _, b := range blocks {
		if acc, ok := b["accessory"].(map[string]any); ok {
			buttons++
			if v, _ := acc["value"].(string); len(v) > 2000 {
				t.Errorf("button value of %d chars", len(v))
			}
		}
	}
	if buttons == 0 || buttons > maxOwnerSections {
		t.Errorf("%d owner buttons", buttons)
	}
	m := regexp.MustCompile(`…and (\d+) more people`).FindStringSubmatch(string(raw))
	if m == nil {
		t.Fatal("no \"and N more people\" line")
	}
	more, _ := strconv.Atoi(m[1])
	if mentioned+more != len(n.Owners) {
		t.Errorf("%d mentioned + %d counted, want %d owners", mentioned, more, len(n.Owners))
	}
	if !strings.Contains(string(raw), ids.Nudge+ids.NudgeMine) {
		t.Error("no shared Coach me for the grouped owners")
	}
}

func TestHomeAndListCapTheirRows(t *testing.T) {
	var deals []coach.Deal
	for i := range 200 {
		d := fixtureDeal()
		d.ID = fmt.Sprintf("d%03d", i)
		switch {
		case i%3 == 0:
			d.Status, d.RemindAt = coach.StatusSnoozed, fixedNow.Add(-time.Hour)
		case i%5 == 1:
			d.Status, d.RevivedAt = coach.StatusRevived, fixedNow.Add(-time.Duration(i)*time.Hour)
		case i%7 == 2:
			d.Status = coach.StatusClosedLost
		}
		for range 10 {
			dr := fixtureDraft()
			dr.Text = strings.Repeat("A long draft with <@U999> in it. ", 40)
			d.Drafts = append(d.Drafts, dr)
		}
		deals = append(deals, d)
	}
	home := renderHome(deals, fixedNow, "notice", nil)
	if len(home) > 100 {
		t.Errorf("Home has %d blocks", len(home))
	}
	homeJSON := string(mustJSON(t, home))
	if strings.Contains(homeJSON, "<@U999>") || !strings.Contains(homeJSON, "*Outcomes*") {
		t.Errorf("Home with outcomes: a ping got through, or no outcomes")
	}
	for i, b := range home {
		if s, ok := b.(*slack.SectionBlock); ok && s.Text != nil && utf8.RuneCountInString(s.Text.Text) > maxSectionLen {
			t.Errorf("Home block %d: section of %d characters", i, utf8.RuneCountInString(s.Text.Text))
		}
	}
	list := renderDealList(deals, fixedNow)
	checkLimits(t, list)
	for name, blocks := range map[string][]slack.Block{"home": home, "list": list.Blocks} {
		if !strings.Contains(string(mustJSON(t, blocks)), "more.") {
			t.Errorf("%s does not say how many more", name)
		}
	}
}

func TestParseSlashNudge(t *testing.T) {
	for _, tc := range []struct {
		in   string
		sub  subcommand
		rest string
	}{
		{"nudge", subNudge, ""},
		{"nudge here", subNudge, "here"},
		{"nudge here friday 8am Europe/Berlin", subNudge, "here friday 8am Europe/Berlin"},
		{"nudge OFF", subNudge, "OFF"},
		{"nudge preview", subNudge, "preview"},
		{"nudge Dana at Acme again", subStory, "nudge Dana at Acme again"},
	} {
		sub, rest := parseSlash(tc.in)
		if sub != tc.sub || rest != tc.rest {
			t.Errorf("parseSlash(%q) = %v %q, want %v %q", tc.in, sub, rest, tc.sub, tc.rest)
		}
	}
}

func TestCardInputDates(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	now := time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC).In(ny)
	in, ok := cardInput(slack.BlockAction{ActionID: ids.Date, SelectedDate: "2026-03-09"}, now)
	// 9 March 2026 is the day after New York springs forward: 09:00 EDT.
	if !ok || !in.RemindAt.Equal(time.Date(2026, 3, 9, 13, 0, 0, 0, time.UTC)) {
		t.Errorf("remind on a date = %v %v", in.RemindAt, ok)
	}
	if _, ok := cardInput(slack.BlockAction{ActionID: ids.DealDate, SelectedDate: "soon"}, now); ok {
		t.Error("a bad date was accepted")
	}
	in, ok = cardInput(slack.BlockAction{ActionID: ids.DealRemind, SelectedOption: slack.OptionBlockObject{Value: "30"}}, now)
	if !ok || in.RemindAt.Format("2006-01-02 15:04 MST") != "2026-04-05 09:00 EDT" {
		t.Errorf("remind in a month = %v", in.RemindAt)
	}
}

// mustJSON encodes v as Slack receives it, without Go's HTML escaping (which
// would hide a "<!channel>" from the checks).
func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(buf.Bytes())
}
