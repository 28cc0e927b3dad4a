package bot

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
)

func TestIntentOfRecognisesThePrompts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want promptIntent
	}{
		{"My prospect went quiet. Help me get them back.", intentStory},
		{"my prospect went quiet", intentStory},
		{"  My prospect went quiet…  ", intentStory},
		{"Check a message before I send it", intentCheck},
		{"check a message before I send it!", intentCheck},
		{"Show me my quiet deals.", intentDeals},
		{"My quiet deals", intentDeals},
		// A story that starts like a prompt is a story.
		{"My prospect went quiet: Dana at Acme, 3 weeks, 2 emails", intentNone},
		{"Check in with Dana at Acme, she went quiet", intentNone},
		{"", intentNone},
	} {
		if got := intentOf(tc.in); got != tc.want {
			t.Errorf("intentOf(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
	if n := len(AssistantPrompts()); n == 0 || n > 4 {
		t.Errorf("%d suggested prompts; Slack shows 1 to 4", n)
	}
}

func TestMailtoURL(t *testing.T) {
	link := mailtoURL("Where this stands", "Hi Dana,\n\nA+B & <you>? 100%\r\nBye")
	if strings.ContainsAny(link, " +<>\n") {
		t.Fatalf("unencoded characters in %q", link)
	}
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "mailto" {
		t.Fatalf("parse %q: %v", link, err)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	if q.Get("subject") != "Where this stands" || q.Get("body") != "Hi Dana,\r\n\r\nA+B & <you>? 100%\r\nBye" {
		t.Errorf("decoded subject %q, body %q", q.Get("subject"), q.Get("body"))
	}
	if mailtoURL("", strings.Repeat("long words ", 400)) != "" {
		t.Errorf("a link too long for a message was made")
	}
	if got := mailtoURL("", "Hi"); got != "mailto:?body=Hi" {
		t.Errorf("no subject: %q", got)
	}
}

func TestFindDraftByRef(t *testing.T) {
	at := time.Date(2026, 3, 10, 15, 4, 0, 0, time.UTC)
	d := coach.Deal{Drafts: []coach.Draft{{Text: "first", At: at}, {Text: "second", At: at.Add(time.Minute)}, {Text: "third", At: at.Add(2 * time.Minute)}}}
	if dr, ok := findDraft(d, draftRef(d.Drafts[0])); !ok || dr.Text != "first" {
		t.Errorf("by ref: %q %v", dr.Text, ok)
	}
	if dr, ok := findDraft(d, "2020-01-01T00:00:00Z"); !ok || dr.Text != "third" {
		t.Errorf("a ref of a dropped draft finds the newest: %q %v", dr.Text, ok)
	}
	if _, ok := findDraft(coach.Deal{}, ""); ok {
		t.Errorf("a deal without drafts has a draft")
	}
}

func TestEditModalWithinLimits(t *testing.T) {
	d := fixtureDeal()
	dr := fixtureDraft()
	dr.Text = strings.Repeat("x", maxEditLen)
	v := editModal(d, dr, editMeta{Deal: d.ID, Channel: "D1", Thread: "1.000001", Card: "1.000002", Draft: draftRef(dr)})
	if len([]rune(v.Title.Text)) > 24 || len([]rune(v.Submit.Text)) > 24 || len(v.PrivateMetadata) > 3000 {
		t.Errorf("title %q, submit %q, metadata %d bytes", v.Title.Text, v.Submit.Text, len(v.PrivateMetadata))
	}
	var body *slack.PlainTextInputBlockElement
	for _, b := range v.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == editBody {
			body, _ = in.Element.(*slack.PlainTextInputBlockElement)
		}
	}
	if body == nil || !body.Multiline || body.InitialValue != dr.Text || body.MaxLength != maxEditLen {
		t.Errorf("body input = %+v", body)
	}
	// A LinkedIn draft without a subject is offered no subject line.
	d.Facts.Channel = "linkedin"
	dr.Subject = ""
	for _, b := range editModal(d, dr, editMeta{Deal: d.ID}).Blocks.BlockSet {
		if b.ID() == editSubject {
			t.Errorf("a LinkedIn draft's form asks for a subject")
		}
	}
}
