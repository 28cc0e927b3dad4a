package story

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRead feeds arbitrary text to the reader: it must never panic, and what
// it returns keeps the facts contract.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"", " ", "\xff\xfe", "(", ")", "'s", "Dr.", "the 31st", "On wrote:", "From:\nSent:\nTo:",
		"Marcus Lee, VP Finance at Brightline Health, said on our intro call. Emailed him twice.",
		"Procurement at Orion Retail (Nadia) went quiet. since 12/11. 3x.",
		"[14/09/2026, 08:12] Grace: ok\n[28/09/2026, 10:03] Me: hi",
		"04/09 Email sent - recap\n04/10 Email received\n04/17 Call - no answer",
		"On Thu, Nov 5, 2026 at 9:00 AM Jordan <j@x.io> wrote:\n> hi\n>> On Fri wrote:\n>> ok",
		strings.Repeat("emailed her twice ", 400), strings.Repeat("(Dana at ", 300),
	} {
		f.Add(s)
	}
	channels := map[string]bool{"": true, ChannelEmail: true, ChannelLinkedIn: true, ChannelPhone: true, ChannelText: true}
	f.Fuzz(func(t *testing.T, s string) {
		fa := Read(s, now)
		if fa.FollowUps < -1 || fa.FollowUps > 99 {
			t.Fatalf("follow-ups %d", fa.FollowUps)
		}
		if fa.DaysSilent < -1 || fa.DaysSilent > 3*366 {
			t.Fatalf("days silent %d", fa.DaysSilent)
		}
		if !channels[fa.Channel] {
			t.Fatalf("channel %q", fa.Channel)
		}
		if first := strings.ToLower(fa.FirstName()); isMonth(first) || isWeekday(first) {
			t.Fatalf("a month or weekday as a name: %q", fa.Prospect)
		}
		for _, v := range []string{fa.Prospect, fa.Company, fa.Sources.Prospect, fa.Sources.FollowUps, fa.Sources.DaysSilent} {
			if !utf8.ValidString(v) && utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 out of valid input: %q", v)
			}
		}
	})
}
