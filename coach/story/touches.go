package story

import (
	"cmp"
	"strings"
)

// Channels of a touch.
const (
	ChannelEmail    = "email"
	ChannelLinkedIn = "linkedin"
	ChannelPhone    = "phone"
	ChannelText     = "text"
)

// touch is one mention of the rep reaching out: "emailed her twice",
// "3 unanswered emails", "left a voicemail".
type touch struct {
	n       int
	channel string // "" when the mention does not say
	// counted: the mention gives a number ("3 times", "twice"); otherwise
	// it is a single send ("left a voicemail").
	counted bool
	// summary: a mention that totals others ("followed up 3 times", "4
	// touches"), not one item of a list ("one chaser").
	summary bool
	// anchor: a deliverable send ("sent the proposal Nov 3"); when later
	// touches are counted "since" it, it is where the count starts, not
	// one of the touches.
	anchor bool
	// extra: another object of the same send ("…twice and their ops guy
	// once"): it adds to its channel's count instead of competing with it.
	extra bool
	// earlier: told after another send but said to come before it
	// ("Before that I'd left her a VM", "between those two I also sent
	// him a LinkedIn message"): not the latest, whatever its place.
	earlier bool
	at      int // token index, for order and quotes
	end     int // last token of the mention; 0 means at
	quote   string
}

// sendVerbs are the rep reaching out, with the channel each implies.
var sendVerbs = map[string]string{
	"emailed": ChannelEmail, "e-mailed": ChannelEmail, "mailed": ChannelEmail, "email": ChannelEmail, "emailing": ChannelEmail,
	"called": ChannelPhone, "rang": ChannelPhone, "rung": ChannelPhone, "whatsapp": ChannelText, "viber'd": ChannelText, "phoned": ChannelPhone, "dialed": ChannelPhone, "dialled": ChannelPhone,
	"calling": ChannelPhone, "call": ChannelPhone, "voicemailed": ChannelPhone, "vm'd": ChannelPhone, "vmd": ChannelPhone,
	"texted": ChannelText, "txted": ChannelText, "smsed": ChannelText, "whatsapped": ChannelText, "whatsapp'd": ChannelText,
	"texting": ChannelText, "text": ChannelText, "imessaged": ChannelText,
	"inmailed": ChannelLinkedIn, "inmail'd": ChannelLinkedIn, "li'd": ChannelLinkedIn, "li-ed": ChannelLinkedIn, "linkedin'd": ChannelLinkedIn,
	"reminded": "", "re-sent": "", "resent": "", "pinged": "", "messaged": "", "dm'd": "", "dmed": "", "dm-ed": "", "chased": "", "nudged": "", "bumped": "",
	"poked": "", "followed-up": "", "fu'd": "", "f/u'd": "", "fud": "", "reached": "", "pinging": "", "chasing": "",
	"nudging": "", "bumping": "", "messaging": "", "ping": "", "chase": "", "nudge": "", "bump": "", "tried": "",
	"wrote": "", "written": "", "sent": "", "left": "", "follow": "", "followed": "", "following": "",
	"circled": "", "reachedout": "", "contacted": "", "hit": "", "knocked": "", "tries": "", "attempts": "",
	"send": "", "write": "", "shared": "",
	"answered": "", "replied": "", "responded": "", "dropped": "", "shot": "", "fired": "", "relancé": "", "relance": "", "relancée": "", "relanced": "", "relaunched": "", "relaunch": "", "re-launched": "", "recontacted": "",
}

// touchNouns are the things a rep sends, with their channel.
var touchNouns = map[string]string{
	"email": ChannelEmail, "emails": ChannelEmail, "e-mail": ChannelEmail, "e-mails": ChannelEmail, "mail": ChannelEmail,
	"mails": ChannelEmail, "note": "", "notes": "", "message": "", "messages": "", "msg": "", "msgs": "",
	"follow-up": "", "follow-ups": "", "followup": "", "followups": "", "f/u": "", "f/us": "", "fu": "", "fus": "",
	"fu's": "", "touch": "", "touches": "", "touchpoint": "", "touchpoints": "", "touch-point": "", "touch-points": "",
	"ping": "", "pings": "", "nudge": "", "nudges": "", "bump": "", "bumps": "", "chaser": "", "chasers": "",
	"attempt": "", "attempts": "", "tries": "", "try": "", "step": "", "steps": "", "reminder": "", "reminders": "",
	"letter": ChannelEmail, "letters": ChannelEmail,
	"voicemail": ChannelPhone, "voicemails": ChannelPhone, "vm": ChannelPhone, "vms": ChannelPhone, "vmail": ChannelPhone,
	"vmails": ChannelPhone, "voice-mail": ChannelPhone, "voice-mails": ChannelPhone, "call": ChannelPhone, "calls": ChannelPhone,
	"dial": ChannelPhone, "dials": ChannelPhone,
	"text": ChannelText, "texts": ChannelText, "sms": ChannelText, "smses": ChannelText, "whatsapp": ChannelText,
	"whatsapps": ChannelText, "imessage": ChannelText, "imessages": ChannelText,
	"inmail": ChannelLinkedIn, "inmails": ChannelLinkedIn, "dm": "", "dms": "",
	"wa": ChannelText, "whatsapp's": ChannelText, "whats": ChannelText, "whatsapps'": ChannelText,
	"wechat": ChannelText, "wechats": ChannelText, "kakaotalk": ChannelText, "kakao": ChannelText, "viber": ChannelText,
	"telegram": ChannelText, "zalo": ChannelText,
	"f/up": "", "f/ups": "", "fup": "", "fups": "", "follow-up's": "", "txt": ChannelText, "txts": ChannelText,
	// Words reps mix in from Spanish and Portuguese: "2 correos y 1 llamada".
	"correo": ChannelEmail, "correos": ChannelEmail, "llamada": ChannelPhone, "llamadas": ChannelPhone,
	"ligação": ChannelPhone, "ligações": ChannelPhone, "mensaje": "", "mensajes": "", "mensagem": "", "mensagens": "",
	// French, Spanish and Portuguese follow-ups: "2 relances par mail", "2
	// courriels", "1 texto".
	"relance": "", "relances": "", "courriel": ChannelEmail, "courriels": ChannelEmail, "texto": ChannelText, "textos": ChannelText,
	"recordatorio": "", "recordatorios": "", "seguimiento": "", "seguimientos": "", "lembrete": "", "lembretes": "",
}

// channelWords say how a touch went when they sit beside it: "by email",
// "on LinkedIn", "via WhatsApp".
var channelWords = map[string]string{
	"email": ChannelEmail, "emails": ChannelEmail, "e-mail": ChannelEmail, "mail": ChannelEmail, "inbox": ChannelEmail,
	"gmail": ChannelEmail, "outlook": ChannelEmail, "emailed": ChannelEmail,
	"linkedin": ChannelLinkedIn, "li": ChannelLinkedIn, "inmail": ChannelLinkedIn, "inmails": ChannelLinkedIn,
	"phone": ChannelPhone, "voicemail": ChannelPhone, "voicemails": ChannelPhone, "vm": ChannelPhone, "vms": ChannelPhone,
	"cell": ChannelPhone, "mobile": ChannelPhone, "called": ChannelPhone,
	"text": ChannelText, "texts": ChannelText, "sms": ChannelText, "whatsapp": ChannelText, "imessage": ChannelText,
	"signal": ChannelText, "telegram": ChannelText, "wechat": ChannelText, "texted": ChannelText,
	// Chat apps are messages like texts: "pinged her on Slack".
	"slack": ChannelText, "teams": ChannelText, "messenger": ChannelText, "kakao": ChannelText, "viber": ChannelText,
	"zalo": ChannelText, "kakaotalk": ChannelText, "wa": ChannelText,
}

// prospectSubjects start a clause about the prospect's own doing: "she
// emailed me twice" is not the rep's touch.
var prospectSubjects = map[string]bool{"she": true, "he": true, "they": true, "prospect": true, "client": true, "customer": true, "buyer": true}

// touches finds every mention of the rep reaching out, and the explicit
// "I haven't followed up" (zero).
func (t *text) touches(skip func(int) bool) (found []touch, zero string) {
	used := make([]bool, len(t.toks))
	near := t.nearTouchWords()
	for i := 0; i < len(t.toks); i++ {
		if skip != nil && skip(i) || used[i] {
			continue
		}
		k := t.toks[i]
		if k.kind != kWord && k.kind != kNum {
			continue
		}
		if z := t.zeroTouch(i); z != "" && zero == "" {
			zero = z
		}
		if !near[i] {
			continue // no send, channel, count or number in reach: no matcher can start here
		}
		tc, ok := t.matchTouch(i, found)
		if !ok {
			continue
		}
		end := max(tc.end, tc.at)
		if tc.end == 0 {
			// Mark the words of the quote as read, so no other matcher
			// counts the same mention again.
			end = t.endOfQuote(tc.at, tc.quote)
		}
		for m := tc.at; m <= end && m < len(used); m++ {
			used[m] = true
		}
		tc.earlier = len(found) > 0 && t.toldEarlier(tc.at)
		if tc.counted {
			if m, k, ok := t.countCorrected(max(tc.end, tc.at) + 1); ok {
				// "I've sent 4 emails... actually 5", "2 emails since.
				// wait actually 3", "4 emails — well, 3 really".
				tc.n = m
				for ; end < k && end < len(used); end++ {
					used[end] = true
				}
			}
		}
		found = append(found, tc)
	}
	// "sent two more emails (Nov 20, Nov 30)", "my 2 follow-up emails (nov
	// 10, nov 17)": a count read without its noun, then the noun with its
	// dates read on its own, is one mention of the same sends.
	for n := 1; n < len(found); n++ {
		a, b := found[n-1], found[n]
		end := a.end
		if end == 0 {
			end = t.endOfQuote(a.at, a.quote)
		}
		if a.counted && !b.counted && (a.channel == "" || t.is(end, "more")) && b.channel != "" && b.n <= a.n && b.at > end && b.at <= end+2 && t.sameSent(a.at, b.at) {
			found[n-1].channel = b.channel
			found[n-1].end = max(b.end, b.at)
			found = append(found[:n], found[n+1:]...)
			n--
		}
	}
	// "followed up nov 19 by email, nov 26 on whatsapp, dec 2 by phone":
	// a dated list naming a channel per day went last by the last one.
	for n, tc := range found {
		if tc.n < 2 || tc.end <= tc.at {
			continue
		}
		chans, last := 0, ""
		for k := tc.at + 1; k <= tc.end && k < len(t.toks); k++ {
			if c := t.chanOf(k); c != "" && t.is(k-1, "by", "on", "via", "over") {
				chans++
				last = c
			}
		}
		if chans >= 2 {
			found[n].channel = last
		}
	}
	// "I sent a tailored proposal by email on Aug 19 and followed up twice
	// after that", "emailed the estimate on Aug 26, followed up once since":
	// a deliverable that went out on its own is where the chases start, not
	// one of them, when a count of chases comes after it.
	for n, tc := range found {
		if tc.counted || tc.summary || tc.extra || tc.anchor || tc.n != 1 || !t.is(tc.at, "sent", "emailed", "e-mailed", "mailed", "send", "shared") {
			continue
		}
		if !t.deliverableIn(tc.at+1, min(max(tc.end, tc.at)+1, tc.at+5)) {
			continue
		}
		for _, later := range found[n+1:] {
			if later.counted && !later.extra {
				found[n].anchor = true
				break
			}
		}
	}
	// "since: 1 proposal email (22/4), 1 f/u email (29/4), 1 whatsapp":
	// counted items of one list, each its own sends.
	// "1 email (Sep 6), 1 LI (Sep 15), 1 email (Sep 22)": the list goes on
	// past an item of another channel.
	for n := 1; n < len(found); n++ {
		b := found[n]
		if !b.counted || b.summary || b.n != 1 || !t.is(b.at-1, ",", ";") {
			continue
		}
		next := b
		for j := n - 1; j >= 0; j-- {
			a := found[j]
			if !a.counted || a.summary || a.n != 1 || !t.sameSent(a.at, b.at) || next.at-max(a.end, a.at) > 8 {
				break
			}
			if a.channel == b.channel {
				found[n].extra = true
				break
			}
			if !t.is(a.at-1, ",", ";", ":") {
				break
			}
			next = a
		}
	}
	// "one email on 11/23, one more on 11/30", "sent one email after. I've
	// since sent one more": a count of more is on top of those told.
	for n := 1; n < len(found); n++ {
		tc := found[n]
		if tc.anchor || tc.summary || tc.extra {
			continue
		}
		for k := tc.at; k <= max(tc.end, tc.at) && k+1 < len(t.toks); k++ {
			if _, isWord := numberWords[t.low(k)]; (isWord || t.toks[k].kind == kNum) && t.is(k+1, "more") {
				found[n].extra = true
				break
			}
		}
	}
	// "Sent the proposal, followed up 4 times since" is five sends after
	// the meeting: the deliverable went unanswered too. Only a count that
	// says it is the total ("that's 2 emails total") takes it in.
	for n, tc := range found {
		if !tc.anchor || t.contains(tc.at, min(tc.end+1, len(t.toks)), "on", "in") >= 0 || t.anchorDated(tc) {
			continue
		}
		for _, later := range found[n+1:] {
			if t.contains(later.at, min(later.end+3, len(t.toks)), "total", "altogether", "overall") >= 0 || t.contains(max(0, later.at-3), later.at, "total") >= 0 {
				found = append(found[:n:n], found[n+1:]...)
				break
			}
		}
		break
	}
	// "… I answered the same day. Then on 6 Oct we had a call. Since that
	// call: I emailed 13 Oct, …": a sentence that counts from a
	// conversation leaves what was sent before it answered.
	for k := len(t.toks) - 3; k > 0; k-- {
		if !(t.toks[k].first || t.is(k-1, "\n")) || !t.is(k, "since") || !t.is(k+1, "that", "the", "our", "this") || !twoWayEvents[t.low(k+2)] || t.is(k+2, "reply", "response", "answer", "said", "wrote", "told", "asked") {
			continue
		}
		kept := found[:0]
		for _, tc := range found {
			if tc.at > k {
				kept = append(kept, tc)
			}
		}
		if len(kept) > 0 {
			found = kept
		}
		break
	}
	// Touches told before the prospect's last answer were answered: "called
	// him 3 times in October; he called back Nov 4; sent the contract Nov 5".
	if at := t.lastAnswer(skip); at >= 0 {
		kept := found[:0]
		for _, tc := range found {
			if sa, _ := t.sentOf(tc.at); tc.at > at && t.contains(sa, tc.at, "before") >= 0 && t.contains(sa, min(tc.at+1, len(t.toks)), "that", "then", "this") >= 0 {
				continue // "before that i'd sent like 6 emails": earlier than the answer
			}
			if tc.at > at && tc.at <= at+3 && t.contains(at+1, tc.at+1, "my", "to") >= 0 {
				continue // "answered my 3rd fu this morning": what they answered
			}
			if tc.at > at {
				kept = append(kept, tc)
			}
		}
		if len(kept) == 0 && zero == "" && (len(kept) < len(found) || skip == nil && !t.sendWordAfter(at)) {
			// "Marco replied yesterday … and then nothing", "Kai replied
			// 'remove me' on 6/1": nothing sent since their answer.
			zero = t.quote(at, min(at+2, len(t.toks)-1))
		}
		found = kept
	}
	return found, zero
}

// otherPersonIn reports whether tokens a to b-1 name someone who is not the
// prospect: a known given name, or a surname after "Herr", "Mr", "Dr"…
func (t *text) otherPersonIn(a, b int) bool {
	if t.prospect == "" {
		return false
	}
	for k := a; k < b; k++ {
		if !t.capWord(k) || t.prospectNamedAt(k) {
			continue // the prospect, or their surname after their given name
		}
		if isMonth(t.low(k)) && t.toks[min(k+1, len(t.toks)-1)].kind == kNum {
			continue // "Jun 18 phone and he answered": a day, not Jun
		}
		if firstNamesHas(t.low(k)) || t.is(k-1, "herr", "frau", "mr", "mrs", "ms", "dr", "mr.", "mrs.", "ms.", "dr.") {
			return true
		}
	}
	return false
}

// otherPersonElse reports whether the sentence up to token p names someone
// else and not the prospect: a "he" or "she" at p is then most likely
// that someone.
func (t *text) otherPersonElse(p int) bool {
	sa, _ := t.sentOf(p)
	return t.otherPersonIn(sa, p) && !t.prospectIn(sa, p)
}

// prospectIn reports whether tokens a to b-1 name the prospect.
func (t *text) prospectIn(a, b int) bool {
	for k := a; k < b; k++ {
		if t.capWord(k) && t.prospectNamedAt(k) {
			return true
		}
	}
	return false
}

// personAtCompany: token k ends "Brent from Ironclad Roofing" or "Anika @
// Corvid Security", a named person and their company before a verb.
func (t *text) personAtCompany(k int) bool {
	if !t.capWord(k) {
		return false
	}
	for m := k - 1; m >= max(0, k-5); m-- {
		if t.is(m, "from", "at", "@") {
			return m > 0 && t.capWord(m-1) && !notNameWords[t.low(m-1)] && !leadWords[t.low(m-1)]
		}
		if !t.capWord(m) && !t.is(m, "&") {
			return false
		}
	}
	return false
}

// sendWordAfter: a word of sending after token at ("sent", "email",
// "called"…), which the reader may have failed to count.
func (t *text) sendWordAfter(at int) bool {
	for k := at + 1; k < len(t.toks); k++ {
		if _, ok := t.sendVerb(k); ok {
			return true
		}
		if _, ok := t.touchNoun(k); ok {
			return true
		}
		if t.is(k, "sent", "wrote", "followed", "chased", "pinged", "nudged", "bumped", "reached", "tried") {
			return true
		}
	}
	return false
}

// lastAnswer finds the last place the story says the prospect answered
// ("he called back Nov 4", "she replied yesterday", "Dana picked up"), or -1.
// A subordinate "since she replied" or a denied "never replied" does not
// count.
func (t *text) lastAnswer(skip func(int) bool) int {
	last := -1
	for i := 1; i < len(t.toks); i++ {
		if !answerVerbs[t.toks[i].low] || skip != nil && skip(i) {
			continue // (every case below opens with one of these words)
		}
		verb := i
		switch {
		case t.is(i, "replied", "responded", "answered", "resurfaced", "reappeared", "thanked", "acknowledged", "acked", "ack'd"):
		case t.is(i, "replies", "responds", "answers") && (t.is(i-1, "he", "she", "they") || t.is(i-1, "actually", "finally") && t.is(i-2, "he", "she", "they")):
			// "Then Jan 5 he actually replies!"
		case t.is(i, "said", "wrote") && t.is(i+1, "thanks", "thank", "ok", "okay", "yes", "sure", "great", "'thanks", "'ok", "\""):
		case t.is(i, "called", "wrote", "got", "came", "come", "rang", "emailed", "texted", "messaged") && t.is(i+1, "back"):
		case t.is(i, "reply", "respond", "answer", "write") && t.is(i-1, "did"):
			// "She did reply once on 1 June"
		case t.is(i, "picked") && t.is(i+1, "up"):
		case t.is(i, "emailed", "texted", "messaged", "wrote", "whatsapped") && t.quotedAfter(i):
			// "She emailed 3/25: \"talked to 2 of them…\"": her words.
		case t.is(i, "got", "caught") && t.is(i+1, "him", "her", "them") && t.is(i+2, "on") && t.is(i+3, "the") && t.is(i+4, "phone", "line") && t.is(i-1, "i", "we", "finally", "actually"):
			// "I finally got him on the phone on apr 30": they answered.
			if t.is(i-1, "finally", "actually") && !t.is(i-2, "i", "we") {
				continue
			}
			last = i
			continue
		case t.is(i, "answer", "reply", "respond") && t.is(i-1, "he", "she", "they") && t.is(i+1, "!", ".", ",", "and", "me", "my", "the") && !t.is(i-2, "if", "when", "until", "till", "not", "didn't", "won't", "doesn't", "never", "no"):
			// "I call 6 march and he answer!": English as a second language
			// often drops the past tense.
		case t.is(i, "left", "sent") && t.is(i+1, "me", "us"):
			// "Jordan left ME a voicemail on 2/4"
		case t.is(i, "talked", "spoke", "spoken") && t.is(i-1, "i", "we") && t.is(i+1, "to", "with") && t.capWord(i+2) && t.timedSend(i+2):
			// "I talked to Jess on the phone yesterday": a conversation;
			// what came before it was answered.
			last = i
			continue
		default:
			continue
		}
		if t.is(verb+1, "to") && t.is(verb+2, "none", "nothing", "neither", "any", "either") {
			continue // "she replied to none": no answer at all
		}
		k := verb - 1
		if t.is(k, "finally", "actually", "did", "then", "just", "eventually", "briefly", "quickly") {
			k--
		}
		if t.is(k, ")") {
			// "Jonah (RevOps lead, Pinecrest) replied Feb 4"
			for k > 0 && !t.is(k, "(") && verb-k < 16 {
				k--
			}
			k--
		}
		subject := t.is(k, "she", "he", "they") || t.capWord(k) && firstNames[t.low(k)] || t.capWord(k) && t.is(k+1, "finally", "did", "actually") || t.personAtCompany(k)
		if !subject || t.is(k-1, "since", "after", "before", "until", "till", "if", "when", "unless", "once", "time") || t.is(verb+1, "was") {
			continue
		}
		if t.prospect != "" && t.capWord(k) && firstNames[t.low(k)] && foldLower(t.low(k)) != foldLower(t.prospect) {
			continue // "Lisa answered one of my emails … but nothing from Gareth himself"
		}
		if t.capWord(k) && t.colleagueBefore(k) {
			continue // "his colleague Anna wrote back", "his EA, Maren, replied": not the prospect's answer
		}
		if t.is(k, "she", "he", "they") && t.otherPersonElse(k) {
			continue // "Jonas pinged Petter on teams, he said …": Petter's answer
		}
		// "The 1st one she answered on Apr 28": looking back at the first.
		if sa, _ := t.sentOf(verb); t.contains(sa, verb, "1st", "first") >= 0 || t.is(verb-1, "did") && t.is(verb+1, "the", "my") && t.is(verb+2, "first", "1st") {
			continue // "He did answer the first one on Nov 12": looking back
		}
		// "he answered once back in August": looking back, not news after
		// the touches.
		if t.contains(verb+2, min(verb+6, len(t.toks)), "once", "originally", "initially", "back", "before") >= 0 || t.is(verb+1, "once", "originally", "initially", "before") {
			// …unless a date says when: "she did reply once on 1 June".
			if !(t.is(verb+1, "once") && (t.isDateStart(verb+2) || t.is(verb+2, "on") && t.isDateStart(verb+3))) {
				continue
			}
		}
		if t.is(verb+1, "to") && t.is(verb+2, "my", "the", "our") && t.is(verb-1, "never") {
			continue
		}
		if t.is(verb+1, "to") && t.contains(verb+2, min(verb+5, len(t.toks)), "colleague", "coworker", "co-worker", "boss", "manager", "teammate", "partner", "ceo", "sdr") >= 0 {
			continue // "She DID reply to my colleague Omar … about something unrelated"
		}
		last = verb
		// "she picked up when I called on the 18th": the call she picked
		// up is the answered one, not a touch after it.
		if k := verb + 1; t.is(k, "up") || t.is(k, "when") || t.is(k+1, "when") {
			for m := verb + 1; m < min(verb+5, len(t.toks)); m++ {
				if t.is(m, "when") && t.is(m+1, "i", "we") {
					if _, send := t.sendVerb(m + 2); send {
						last = m + 2
					}
					break
				}
			}
		}
	}
	return last
}

// endOfQuote finds the last token covered by a quote that starts at or
// just before token at.
func (t *text) endOfQuote(at int, q string) int {
	for _, x := range []int{at, at - 1, at - 2} {
		if x < 0 || !strings.HasPrefix(t.s[t.toks[x].start:], q) {
			continue
		}
		end := t.toks[x].start + len(q)
		e := x
		for e+1 < len(t.toks) && t.toks[e+1].end <= end {
			e++
		}
		return e
	}
	return at
}

// subjectIsProspect reports whether the clause around token i is about what
// the prospect did: "she emailed me", "Dana called twice", "they sent 2 emails".
func (t *text) subjectIsProspect(i int) bool {
	a, _ := t.sentOf(i)
	for k := i - 1; k >= max(a, i-4); k-- {
		w := t.low(k)
		if w == "i" || w == "we" || w == "i've" || w == "we've" || w == "i'd" || w == "me" {
			return false
		}
		if prospectSubjects[w] || w == "she's" || w == "he's" || w == "they've" {
			return true
		}
		if k == i-1 && t.prospect != "" && t.capWord(k) && w == t.prospect {
			return true // "Karen emailed 5/6 that…": the prospect's own doing
		}
		if (titleWords[w] || t.is(k, "boss", "assistant", "colleague", "deputy", "team", "pa", "ea")) && t.is(k-1, "his", "her", "their") {
			return true // "His CTO pinged me"
		}
		if t.is(k, ",", "and", "but", "so", "then") {
			break
		}
	}
	return false
}

// verbTouch reads "<send verb> [object] <times>": "emailed her twice",
// "followed up 3 times", "tried calling 4x", "pinged Dana on LinkedIn a
// couple of times", and single sends like "left a voicemail".
func (t *text) verbTouch(i int) (touch, bool) {
	// The negation before the verb, or before the verb it is joined to:
	// "haven't called yet, only emailed once" has no call, "I haven't
	// emailed or called since" neither.
	neg := i - 1
	if t.is(neg, "or", "nor") && isSendVerb(t.low(neg-1)) {
		neg -= 2
	}
	if t.is(neg, "haven't", "havent", "hasn't", "didn't", "didnt", "not", "never") && !t.is(neg-1, "if") {
		return touch{}, false
	}
	w := t.low(i)
	ch, ok := t.sendVerb(i)
	if w == "send" && t.is(i-1, "did") {
		ch, ok = "", true // "I did send the quote by email on the 23rd"
	}
	if (w == "double-tapped" || w == "triple-tapped") && !t.subjectIsProspect(i) {
		// "I've double-tapped her on email since"
		n := 2
		if w == "triple-tapped" {
			n = 3
		}
		c := ""
		if cc := t.channelAround(i + 1); cc != "" {
			c = cc
		}
		return touch{n: n, channel: c, counted: true, at: i, end: i + 1, quote: t.quote(i, i+1)}, true
	}
	if t.is(i+1, "back") && t.is(i+2, "and") && t.is(i+3, "forth") {
		return touch{}, false // "we emailed back and forth": a conversation
	}
	if w == "relaunch" && !(t.is(i-1, "i", "we") && !t.is(i-2, "should", "shall", "can", "could", "will", "would", "to", "if")) {
		// "I relaunch her 2 times by mail": in a French speaker's English,
		// "relancer" told in the present is the follow-ups already sent;
		// "should I relaunch her?" is none.
		return touch{}, false
	}
	if (w == "answered" || w == "replied" || w == "responded") && t.is(i-1, "i", "we") && t.timedSend(i+1) {
		ch, ok = "", true // "He replied with questions 9/14, I answered 9/15"
	}
	if w == "asked" && t.is(i-1, "i", "we") {
		// "I asked feedback by Zalo 15/1 and 19/1": a question sent by a
		// channel named after it is a send.
		if c := t.channelAround(i); c != "" {
			ch, ok = c, true
		}
	}
	if w == "try" && t.is(i-1, "i", "we") && (t.is(i+1, "call", "calling", "phone") || t.is(i+1, "to") && t.is(i+2, "call", "phone")) && t.timedSend(i+1) {
		// "and I try call on 9 April but nobody pick up": second-language
		// English keeps the present tense.
		ch, ok = ChannelPhone, true
	}
	if !ok {
		return touch{}, false
	}
	j := i + 1
	switch w {
	case "follow", "followed", "following", "circled", "reached", "hit", "knocked":
		// Only as "followed up", "reached out", "circled back", "hit up".
		k, ok := t.anySeq(j, "up", "out", "back", "-up")
		if !ok && t.is(j, "her", "him", "them") {
			// "hit her up 3x on li", "reached him out"
			k, ok = t.anySeq(j+1, "up", "out", "back")
		}
		if !ok {
			return touch{}, false
		}
		j = k
		if w == "follow" && !t.is(i-1, "to") {
			// "follow up" as a verb needs a doer: "I follow up every week" is
			// rare; most "follow up" are nouns ("a follow up").
			if !t.is(i-1, "i", "we", "did", "didn't") {
				return touch{}, false
			}
		}
	case "tried", "tries", "attempts":
		// "tried calling", "tried her on the phone", "tried twice".
		if k, ok := t.anySeq(j, "her mobile", "his mobile", "her cell", "his cell", "her phone", "his phone", "her desk", "his desk", "her line", "his line", "their office", "the office", "her office", "his office"); ok {
			// "tried his mobile, vm"
			ch, j = ChannelPhone, k
		} else if c := t.chanOf(j); c != "" && (t.is(j+1, "w/", "with") || t.times2(j+1)) {
			// "tried whatsapp w/ Rohan 2x"
			ch, j = c, j+1
		} else if k, ok := t.anySeq(j, "calling", "emailing", "texting", "messaging", "pinging", "reaching", "to call", "to reach", "to email", "to get", "her", "him", "them", "again", "reaching out"); ok {
			for m := j; m < k; m++ {
				if c, ok := t.sendVerb(m); ok && c != "" {
					ch = c
				}
			}
			j = k
		} else if t.capWord(j) && !t.toks[j].first && func() bool {
			_, b := t.sentOf(j)
			for m := j + 1; m < min(j+8, b); m++ {
				if _, _, ok := t.times(m); ok {
					return true
				}
			}
			return false
		}() {
			// "Tried Jono at Outback Ag Machinery twice this arvo": the
			// person tried, then how often.
			if _, b := t.sentOf(j); t.contains(j, b, "answer", "voicemail", "vm", "pickup", "pick", "rang") >= 0 {
				ch = ChannelPhone
			}
		} else if _, _, ok := t.times(j); !ok {
			return touch{}, false
		}
	case "sent", "left", "wrote", "written", "dropped", "shot", "fired", "send", "write":
		// "sent 3 emails" is a noun touch; "sent her a note", "left a vm" are
		// single sends; "left" alone is not; "sent mail 2 times" counts.
		if (w == "send" || w == "write") && !t.is(i-1, "did") {
			// "I did send the quote by email on the 23rd"; in a second
			// language "I send the proposal (9 July)" tells a past send
			// too, but not "should I send…?" or "I'll send".
			_, b := t.sentOf(i)
			if !t.is(i-1, "i", "we") || t.is(i-2, "should", "shall", "can", "could", "will", "would", "must", "may", "might", "to", "if", "do", "when", "make", "let", "want", "need") || t.is(i-2, "then") && t.contains(max(0, i-12), i, "if", "when") >= 0 || t.contains(i, min(b+1, len(t.toks)), "?") >= 0 {
				return touch{}, false
			}
		}
		if (w == "wrote" || w == "write") && t.is(j, "her", "him", "them") && !t.subjectIsProspect(i) {
			// "I wrote him 2.11. and 9.11.": written to, on those days; in
			// a second language "I write her on 4 september and 11
			// september" tells the same.
			d := j + 1
			if t.is(d, "on") {
				d++
			}
			if n, last := t.datesListedEnd(d); n >= 1 && t.isDateStart(d) {
				return touch{n: n + t.againAfter(last+1), at: i, end: last, quote: t.quote(i, last)}, true
			}
		}
		inQuote := t.is(j, "'", "\"")
		for k := j; k < min(j+5, len(t.toks)) || inQuote && k < min(j+10, len(t.toks)); k++ {
			if t.is(k, ".", ";", "\n", "and", "but") && !(inQuote && !t.is(k, "\n")) {
				break
			}
			if n, next, ok := t.times(k); ok && (k > j || t.is(i, "wrote", "written")) {
				c := ""
				for m := j; m < k; m++ {
					if cc, ok := t.touchNoun(m); ok && cc != "" {
						c = cc
					}
				}
				if t.subjectIsProspect(i) {
					return touch{}, false
				}
				return touch{n: n, channel: c, counted: true, at: i, end: next - 1, quote: t.quote(i, next-1)}, true
			}
		}
		if tc, ok := t.sendObject(i); ok {
			return tc, true
		}
		return t.sentThing(i)
	case "answered", "replied", "responded":
		// The rep answering the prospect's question: "I answered by email
		// 2/24 and he's been silent since".
		if !t.is(i-1, "i", "we") || t.contains(j, min(j+6, len(t.toks)), "call", "meeting", "zoom", "chat", "teams", "person") >= 0 {
			return touch{}, false // "which I answered on a quick call with him": a conversation
		}
		if a, _ := t.sentOf(i); t.otherPersonIn(a, i) {
			return touch{}, false // "Herr Brandt sent me questions and I answered them": his, not the prospect's
		}
	case "email", "call", "text", "ping", "chase", "nudge", "bump", "emailing", "calling", "texting", "whatsapp":
		// Nouns more often than verbs: only "I email her weekly" style with a
		// doer, or a times count right after ("called 3x").
		if !t.is(i-1, "i", "we", "i've", "did", "also", "then", "and", "only") {
			if _, _, ok := t.times(j); !ok && !(t.is(j, "–", "-", "—", ":") && func() bool { _, _, ok := t.times(j + 1); return ok }()) {
				return touch{}, false
			}
		}
	}
	if t.prospect != "" && t.capWord(i-1) && !t.is(i-1, "i") && (firstNamesHas(t.low(i-1)) || t.toks[i-1].first) && !t.prospectNamedAt(i-1) && t.capWord(i+1) && !t.prospectIn(i+1, min(i+4, len(t.toks))) {
		return touch{}, false // "Jonas pinged Petter on teams": a teammate and someone else, not a touch to the prospect
	}
	if t.subjectIsProspect(i) || t.answeredBack(i) || t.is(i-1, "it", "phone", "line", "mobile", "cell") || t.is(i+1, "me", "us") && !t.is(i, "left", "sent") {
		// "it rang out", "his CTO pinged me": not the rep reaching out.
		return touch{}, false
	}
	// Past the object: "her", "Dana", "him on LinkedIn", "the CFO".
	end := min(j+14, len(t.toks))
	for k := j; k < end; k++ {
		if m := t.closeParen(k, 16); m > 0 {
			// "emailed the ops manager (no name on the site, used ops@) 4
			// times": past the aside.
			end = min(end+(m-k+1), len(t.toks))
			k = m
			continue
		}
		if t.is(k, ".") && k > 0 && (len([]rune(t.toks[k-1].s)) == 1 && t.toks[k-1].cap || abbrevs[t.low(k-1)]) {
			continue // "M. Osei", "Dr. Patel"
		}
		if t.is(k, ".", ";", "\n", "!", "?") {
			break
		}
		if k > j && t.is(k, ",") && isSendVerb(t.low(k+1)) {
			break // "followed up on the 12th, rang her twice": the count is the next verb's
		}
		if c := t.chanOf(k); c != "" && ch == "" && t.is(k-1, "on", "via", "by", "over", "through", "in", "to") {
			ch = c
		}
		if n, next, ok := t.times(k); ok {
			// "by email twice", "on LinkedIn 3 times"
			for m := next; m < min(next+4, len(t.toks)); m++ {
				if c := t.chanOf(m); c != "" && t.is(m-1, "on", "via", "by", "over", "through") {
					ch = c
				}
			}
			if t.is(k-1, "than") || t.is(k+1, "a", "per") && t.is(k+2, "week", "day", "month") {
				// "more than once", "twice a week": a rhythm, not a count
				if t.is(k-1, "than") {
					return touch{}, false
				}
			}
			sum := ch == "" && (w == "follow" || w == "followed" || w == "following" || w == "followed-up" || w == "reached" || w == "tried" || w == "chased" || w == "pinged" || w == "nudged" || w == "bumped" || w == "contacted" || w == "tries" || w == "attempts" || w == "circled" || w == "fu'd" || w == "f/u'd")
			if t.is(next, "more", "again") {
				// "emailed once more", "called twice more": added to the
				// sends before, not the total.
				return touch{n: n, channel: ch, at: i, end: next, quote: t.quote(i, next)}, true
			}
			for m := next; m < min(next+6, len(t.toks)); m++ {
				if t.is(m, ".", ";", "\n", "but") {
					break
				}
				if t.is(m, "and", "plus") {
					if more, after, okm := t.times(m + 1); okm && !t.is(after, "a", "per") && t.channelAround(after-1) == "" && !t.is(after, "by", "on", "via") && t.chanOf(after) == "" && t.contains(next, m, "by", "via", "on", "over") < 0 {
						// "rang Bridget three times last week and once the
						// week before"
						return touch{n: n + more, channel: ch, counted: true, at: i, end: after - 1, quote: t.quote(i, after-1)}, true
					}
					break
				}
			}
			return touch{n: n, channel: ch, counted: true, summary: sum, at: i, end: next - 1, quote: t.quote(i, next-1)}, true
		}
		if t.is(k, "and", "but", "then", "so", "after", "before", "when", "since") && k > j {
			break
		}
	}
	// Past a named object and its brackets: "Emailed Dr. Samuel Osei
	// (Medical Director, Korle Bu Diagnostics) 11/4 & 11/18."
	if k := t.pastNamedObject(j); k > j && t.isDateStart(k) {
		if n, last := t.datesListedEnd(k); n >= 1 && !t.is(i-1, "never", "not", "haven't", "didn't") && !t.subjectIsProspect(i) {
			return touch{n: n, channel: ch, at: i, end: last, quote: t.quote(i, last)}, true
		}
	}
	// "3x emailed mohammed since the visit": the times before the verb.
	if n, next, ok := t.times(i - 1); ok && next == i && i >= 1 && (t.toks[i-1].first || t.is(i-2, ".", ",", ";", "\n", "-", ":", "and", "then", "so", "i", "we")) && !t.subjectIsProspect(i) {
		return touch{n: n, channel: ch, counted: true, at: i - 1, end: i, quote: t.quote(i-1, min(j+1, len(t.toks)-1))}, true
	}
	// A single send, counted once: "I emailed her once after that" has its
	// count; "emailed her, nothing back" / "pinged him again" counts one.
	again := t.contains(j, min(j+6, len(t.toks)), "again", "another", "once", "one more") >= 0
	silent := t.silenceNear(i) || t.timedSend(j) || t.timeBefore(i) || t.touchEarlierInSentence(i) ||
		// "emailed, called, emailed again": a list of sends
		t.is(i+1, ",") && isSendVerb(t.low(i+2)) || t.is(i-1, ",") && isSendVerb(t.low(i-2))
	chaser := w == "pinged" || w == "chased" || w == "nudged" || w == "bumped" || w == "poked" || w == "followed" ||
		w == "followed-up" || w == "fu'd" || w == "f/u'd" || w == "circled" || w == "reached" || w == "tried" || w == "left"
	if !(again || silent || chaser) {
		return touch{}, false
	}
	if t.is(i-1, "never", "not", "haven't", "hasn't", "didn't", "don't", "havent", "didnt") || t.is(i-2, "haven't", "havent", "have", "didn't", "didnt", "not") && t.is(i-1, "not", "yet", "even", "really", "actually", "properly", "formally", "ever") {
		return touch{}, false
	}
	if w == "reached" && (t.is(i-1, "she", "he", "they") || t.is(j, "her", "him") && t.is(j+1, "out")) {
		return touch{}, false
	}
	n := 1
	qend := min(j+2, len(t.toks)-1)
	if d, last := t.datesListedEnd(j); d > 1 {
		n, qend = d, last
	} else if d == 1 {
		qend = last // "Emailed 12/18, called 1/4": the call is its own
	}
	if c := t.contains(i+1, qend+1, ",", "then", "and"); c >= 0 && (isSendVerb(t.low(c+1)) || t.is(c+1, "left")) {
		qend = max(i, c-1) // "emailed, called, emailed again", "emailed then left a vm": each its own
	}
	n += t.againAfter(j)
	return touch{n: n, channel: ch, at: i, end: qend, quote: t.quote(i, qend)}, true
}

// timeBefore: a time right before the send ("then last Fri emailed",
// "yesterday texted her").
func (t *text) timeBefore(i int) bool {
	start := max(0, i-4)
	for k := i - 1; k >= start; k-- {
		if t.is(k, ".", ";", "\n") && k < i-1 {
			// "… a short note. Nov 19 called the office": only the words
			// since the sentence began.
			start = k + 1
			break
		}
	}
	for k := start; k < i; k++ {
		if t.is(k, ".", ";", "\n") {
			return false
		}
		if w, next, ok := t.dateAt(k); ok && (next == i || next == i-1 && t.is(i-1, "i", "we") || next == i-2 && t.is(next, "i", "we") && t.is(i-1, "also", "then", "finally", "again", "just", "even")) && (w.hasWeekday || w.day > 0 || w.rel == "yesterday" || w.rel == "today" || w.rel == "last week") {
			return true // "then last Fri emailed", "on Jan 26 I called his office", "last week I also called him"
		}
	}
	return false
}

// touchEarlierInSentence: the send follows another touch in its sentence
// ("whatsapp her 2 times, then emailed"): one more item of the list.
func (t *text) touchEarlierInSentence(i int) bool {
	if !t.is(i-1, "then", "and", "also", ",", "+", "plus") && !t.is(i-2, "then", "and") {
		return false
	}
	a, _ := t.sentOf(i)
	for k := a; k < i-1; k++ {
		if c, ok := t.sendVerb(k); ok && c != "" && !t.subjectIsProspect(k) {
			return true
		}
		if c, ok := t.touchNoun(k); ok && c != "" {
			if _, _, isCount := t.count(k - 1); isCount {
				return true
			}
		}
	}
	return false
}

// datesListed counts dates listed after a send: "emailed Sep 20 and Sep
// 29", "called on the 3rd, the 10th and the 17th" (two or more).
func (t *text) datesListed(j int) int {
	n, _ := t.datesListedEnd(j)
	return n
}

// datesListedEnd is datesListed, also returning the last token of the list.
func (t *text) datesListedEnd(j int) (int, int) {
	n, last := 0, j
	for k := j; k < min(j+30, len(t.toks)); {
		if t.is(k, ".", ";", "\n") {
			break
		}
		if w, next, ok := t.dateAt(k); ok && (w.month > 0 && w.day > 0 || w.hasWeekday || w.day > 0 || n > 0 && (w.rel == "yesterday" || w.rel == "today")) {
			// ("25/02, 07/03 and yesterday": a relative day ends the list.)
			n++
			last = next - 1
			k = next
			continue
		}
		if n > 0 && t.bareDay(k) {
			// "called Sept 16, 18 and 23": days of the month already named.
			n++
			last = k
			k++
			continue
		}
		if n == 0 && k > j {
			if _, noun := t.touchNoun(k); noun && t.toks[k-1].kind == kNum || t.is(k, "then") && !t.is(k+1, "again") {
				break // "emailed her, then 2 texts, most recent thursday": another item
			}
			if c, ok := t.sendVerb(k); ok && c != "" && t.is(k-1, "and", ",") {
				break // "emailed the same day (…) and called July 3": the day is the call's
			}
		}
		if n > 0 && (t.is(k, "no") && t.is(k+1, "answer", "vm", "reply", "pickup", "response", "luck") || t.is(k, "left") && t.is(k+1, "vm", "voicemail")) {
			// "called 7/14 no answer, 7/15 no answer": how each went
			last = k + 1
			k += 2
			continue
		}
		if m := t.closeParen(k, 16); n > 0 && m > 0 {
			// "Dec 15 (email, merry xmas + case study), Jan 5 (email, …)"
			last = m
			k = m + 1
			continue
		}
		if n > 0 && t.is(k, "\"", "“") {
			// `emailed 6/19 "did your partner have a chance...", 6/29 "…"`:
			// what each send said, between the dates.
			m := k + 1
			for m < min(k+25, len(t.toks)) && !t.is(m, "\"", "”", "\n") {
				m++
			}
			if t.is(m, "\"", "”") {
				k = m + 1
				continue
			}
		}
		if n > 0 && t.is(k, "by", "on", "via", "over") && t.chanOf(k+1) != "" {
			// "followed up nov 19 by email, nov 26 on whatsapp, dec 2 by
			// phone": how each went, between the days and after the last.
			last = k + 1
			if t.is(k+2, ",", "and", "&", "then", "+") && (t.isDateStart(k+3) || t.is(k+3, "and", "then") && t.isDateStart(k+4)) {
				k += 2
				continue
			}
			break
		}
		if n > 0 && t.is(k, "with", "w/") {
			// "mailed him jan 22 with the ROI sheet and jan 30": what
			// went with a send, between its day and the next.
			m := k + 1
			for m < min(k+6, len(t.toks)) && t.isWord(m) && !t.is(m, "and", "then", "he", "she", "they", "i", "we", "but") {
				m++
			}
			if t.is(m, "and", ",") && (t.isDateStart(m+1) || t.is(m+1, "on") && t.isDateStart(m+2)) {
				k = m
			}
		}
		if n > 0 {
			// After a date only a list may follow: ", ", "and", "and the",
			// "and a case study".
			if !t.is(k, "and", ",", "&", "then", "+") || t.is(k+1, "again") || t.is(k+2, "again") {
				break
			}
			k++
			for m := 0; m < 4 && k < len(t.toks) && !t.isDateStart(k) && t.toks[k].kind == kWord && !t.is(k, "he", "she", "they", "i", "we", "but", "so", "no", "nothing", "yesterday", "today"); m++ {
				if _, ok := t.sendVerb(k); ok || t.nounCh(k) != "" || t.chanOf(k) != "" || deliverables[t.low(k)] && !t.is(k, "it", "that", "this", "them", "case") {
					// "emailed 10/7 and 10/14 and called 10/21": the call
					// is a touch of its own, by its own channel; "call
					// 1/28, proposal 1/29": the proposal is its own item.
					return n, last
				}
				k++
			}
			if !t.isDateStart(k) && !t.bareDay(k) && !t.is(k, "yesterday", "today") {
				break
			}
			if t.is(k, "yesterday", "today") && (t.is(k+1, "i", "we", "she", "he", "they") || isSendVerb(t.low(k+1))) {
				break // "and yesterday I rang": a clause of its own
			}
			continue
		}
		k++
	}
	return n, last
}

// bareDay: a plain day number ending a list item ("16, 18 and 23"), read
// after a date that named the month.
func (t *text) bareDay(k int) bool {
	if k >= len(t.toks) || t.toks[k].kind != kNum {
		return false
	}
	d, ok := ordinalDay(t.low(k))
	if !ok || d < 1 || d > 31 {
		return false
	}
	return t.is(k-1, ",", "and", "&") && (k+1 >= len(t.toks) || t.is(k+1, ",", "and", "&", ".", ";", "\n", "!", ")") || t.toks[k+1].kind == kWord && !touchOrUnit(t.low(k+1)))
}

// touchOrUnit: a word that makes the number before it a count or a
// quantity, not a day ("18 emails", "23 units").
func touchOrUnit(w string) bool {
	if _, ok := touchNouns[w]; ok {
		return true
	}
	_, unit := unitDays[w]
	return unit || w == "times" || w == "x" || w == "units" || w == "min" || w == "mins" || w == "minutes" || w == "hr" || w == "hrs" || w == "hours" || w == "sec" || w == "secs" || w == "seats" || w == "users" || w == "people" || w == "licenses" || w == "licences" || w == "trucks" || w == "sites" || w == "stores" || w == "locations" || w == "beds" || w == "agents"
}

func (t *text) isDateStart(k int) bool {
	w, _, ok := t.dateAt(k)
	return ok && (w.month > 0 && w.day > 0 || w.hasWeekday || w.day > 0)
}

// sendObject reads "sent her a quick note", "left a voicemail", "sent
// another email", "wrote her on LinkedIn": one touch, unless a count follows.
func (t *text) sendObject(i int) (touch, bool) {
	if t.subjectIsProspect(i) {
		return touch{}, false
	}
	if t.is(i-1, "never", "not", "haven't", "hasn't", "didn't", "havent", "didnt") {
		return touch{}, false
	}
	if g := i + 1 + map[bool]int{true: 1, false: 0}[t.is(i+1, "him", "her", "them")]; t.is(g, "again") && t.timedSend(g+1) && t.is(i, "wrote", "emailed", "texted", "called", "rang", "messaged", "pinged", "phoned") {
		// "then I wrote again on 16.03.": one more send, dated.
		return touch{n: 1, channel: t.verbCh(i), at: i, end: g, quote: t.quote(i, g)}, true
	}
	end := min(i+7, len(t.toks))
	for k := i + 1; k < end; k++ {
		if m := t.closeParen(k, 10); m > 0 && t.capWord(k-1) && t.capWord(i+1) {
			// "left Carla (Sunny Acres Daycare) a vm": past the brackets.
			end = min(end+(m-k+1), len(t.toks))
			k = m
			continue
		}
		if t.is(k, "'", "\"", "“") && k > i+1 && t.is(k-1, "a", "an", "another", "my") {
			// "sent a 'sorry we missed you' email last night": what it
			// said, then the thing.
			m := k + 1
			for m < min(k+14, len(t.toks)) && !t.is(m, "'", "\"", "”", "\n") {
				m++
			}
			if t.is(m, "'", "\"", "”") {
				if _, noun := t.touchNoun(m + 1); !noun && !isTouchNounNext(t, m+1) && !isTouchNounNext(t, m+2) {
					// "sent an 'any q's?' a few days later": the quoted
					// words are the message.
					return touch{n: 1, at: i, end: m, quote: t.quote(i, m)}, true
				}
				end = min(m+4, len(t.toks))
				k = m
				continue
			}
		}
		if t.is(k, ".", ";", "\n", "!", "?", "and", "but") {
			return touch{}, false
		}
		if t.is(k, ",") && t.deliverableIn(i+1, k) {
			return touch{}, false // "sent redlines that night, one bump email today": two sends
		}
		if n, next, ok := t.count(k); ok && k == i+1 {
			// "sent 3 emails" – left to nounTouch.
			_ = n
			_ = next
			return touch{}, false
		}
		if d, isOrd := ordinalDay(t.low(k)); isOrd && t.toks[k].kind == kNum && t.low(k) != strings.TrimRight(t.low(k), "stndrh") && d <= 20 {
			return touch{}, false // "sent my 4th chaser": the ordinal counts
		}
		ch, ok := t.touchNoun(k)
		if t.is(k, "follow") && t.is(k+1, "up", "-up") {
			ch, ok = "", true // "sent a follow up on the 11th"
			k++
		}
		if t.is(k, "request", "requests", "invite", "invites") && t.is(k-1, "linkedin", "connection", "li") {
			ch, ok = ChannelLinkedIn, true // a connection request is an outreach too
		}
		if !ok {
			continue
		}
		// "sent her a couple of texts", "sent Bea 2 iMessages": a count
		// right before the noun.
		for back := 1; back <= 3 && k-back > i; back++ {
			if _, dn, isDate := t.dateAt(k - back - 1); isDate && dn > k-back {
				break // "sent it April 9, then whatsapp": a day, not a count
			}
			// (One counts too after a first item: "sent her the proposal +
			// one f/u since".)
			if n, next, okc := t.count(k - back); okc && next <= k && (n > 1 || n == 1 && t.is(k-back-1, "+", "and", "plus") && (t.contains(i+1, k-back-1, "a", "an") >= 0 || t.deliverableIn(i+1, k-back-1))) {
				if t.is(i-1, "never", "not") {
					return touch{}, false
				}
				end := k
				// Follow-on nouns of the same item: "f/u email".
				for end+1 < len(t.toks) && isTouchNounNext(t, end+1) {
					end++
				}
				c := ch
				if cc := t.channelAround(end); c == "" && cc != "" {
					c = cc
				}
				// "a LinkedIn request + 2 messages": the first item too.
				first := 0
				if t.contains(i+1, k-back, "+", "and", "plus") >= 0 && (t.contains(i+1, k-back, "a", "an", "one") >= 0 || t.deliverableIn(i+1, k-back)) {
					first = 1 // (and "sent proposal + 2 fu mails": the proposal too)
				}
				return touch{n: n + first, channel: c, counted: true, at: i, end: end, quote: t.quote(i, end)}, true
			}
		}
		if t.low(i) == "left" && ch != ChannelPhone && !t.is(k, "message", "messages", "note", "msg") {
			return touch{}, false
		}
		if t.low(i) == "left" && ch == "" {
			ch = ChannelPhone // "left a message" is a voicemail
		}
		if t.low(i) == "left" && ch == ChannelPhone {
			// "rang her yesterday, straight to voicemail, left a message":
			// the voicemail of a call already counted.
			a, _ := t.sentOf(i)
			if t.contains(max(a, i-10), i, "rang", "rung", "called", "phoned", "dialed", "dialled", "call", "calling", "tried") >= 0 {
				return touch{}, false
			}
		}
		if t.is(k, "call", "calls", "dial", "dials", "attempt", "attempts", "try", "tries") {
			return touch{}, false
		}
		// The object must be a single thing: "a", "another", "one more",
		// "her a", "him another quick".
		single := t.contains(i+1, k, "a", "an", "another", "one", "1", "my") >= 0 || t.low(i) == "wrote"
		if !single {
			return touch{}, false
		}
		if c := t.channelAround(k); ch == "" && c != "" {
			ch = c
		}
		for m := k - 1; ch == "" && m > i && m >= k-2; m-- {
			ch = t.chanOf(m) // "sent him a LI msg", "a WhatsApp message", "a li voice note"
		}
		if ch == "" && t.is(k-1, "line") && t.toks[k-1].upper {
			ch = ChannelText // "a LINE follow up": the messaging app
		}
		// A proposal or a deck is not a chase; "sent a follow-up email" is.
		end := k
		for end+1 < len(t.toks) && isTouchNounNext(t, end+1) {
			end++ // "a f/u email" is one send
		}
		// "sent email on 7th Sept and again on 14th Sept": one more.
		n := 1 + t.againAfter(end)
		return touch{n: n, channel: ch, at: i, end: end, quote: t.quote(i, end)}, true
	}
	return touch{}, false
}

// channelAround finds "on LinkedIn", "via text", "by email" within a few
// words after token k.
func (t *text) channelAround(k int) string {
	for m := k + 1; m < min(k+5, len(t.toks)); m++ {
		if t.is(m, ".", ";", "\n") {
			break
		}
		if c := t.chanOf(m); c != "" && t.is(m-1, "on", "via", "by", "over", "through", "to", "in", "all", "both", "each") {
			return c
		}
	}
	return ""
}

// nounTouch reads "<count> [adjectives] <touch noun>": "3 unanswered emails",
// "sent 5 cold emails", "two voicemails", "a couple of LinkedIn messages",
// "4 follow-ups". Calls count only when unanswered ("3 calls, no answer")
// or made ("made 4 calls"), never when they happened ("we had 3 calls").
func (t *text) nounTouch(i int) (touch, bool) {
	n, j, ok := t.count(i)
	if !ok && strings.HasSuffix(t.low(i), "x") {
		// "sent 2x fu since": the times sign before the noun.
		if m, next, okx := t.times(i); okx {
			if _, noun := t.touchNoun(next); noun {
				n, j, ok = m, next, true
			}
		}
	}
	if !ok {
		return touch{}, false
	}
	if t.is(i-1, "sent") && t.is(j, "after", "since", "more") && (t.is(j+1, "that", "then", "this") || t.is(j, "since", "more")) && !t.subjectIsProspect(i-1) {
		// "I sent 2 after that": the sends the story was about, by the
		// channel it named before.
		ch := ""
		for m := i - 2; m >= max(0, i-30); m-- {
			if c, isNoun := t.touchNoun(m); isNoun && c != "" {
				ch = c
				break
			}
		}
		return touch{n: n, channel: ch, counted: true, at: i - 1, end: j, quote: t.quote(i-1, j)}, true
	}
	// Dates, amounts, ordinals: "Nov 12 call", "$40k", "3rd call", "2-year".
	if t.notACount(i) || t.is(i-1, "$", "£", "€", "#", "our", "at", "by", "than", "every", "per", "q") || t.is(i-1, "of") && !t.is(i-2, "my", "last") {
		return touch{}, false
	}
	if t.is(i-1, "for") && t.hasPrefixIn(j, j+3, "day", "week", "month") >= 0 {
		return touch{}, false
	}
	ch := ""
	adjStart := j
	for j < len(t.toks) && j < adjStart+3 {
		w := t.low(j)
		if w == "line" && t.toks[j].upper {
			ch = ChannelText // the LINE messaging app
			j++
			continue
		}
		if c, ok := channelWords[w]; ok && (w == "linkedin" || w == "whatsapp" || w == "li" || w == "text" || w == "email" || w == "e-mail" || w == "voicemail" || w == "sms" || w == "imessage") {
			if _, noun := touchNouns[w]; noun && !isTouchNounNext(t, j+1) {
				break
			}
			ch = c
			j++
			continue
		}
		if _, noun := touchNouns[w]; noun && !isTouchNounNext(t, j+1) {
			break // "1 follow-up." – the word is the noun itself
		}
		if t.is(j, "more", "unanswered", "unreturned", "separate", "different", "cold", "follow-up", "followup", "follow", "polite", "quick", "short", "short-ish", "long", "further", "additional", "extra", "outbound", "voice", "direct", "unreplied", "unread", "total", "friendly", "gentle", "automated", "manual", "personal", "personalized", "connection", "missed", "ignored", "check-in", "checkin", "nudge", "bump", "sales", "prospecting", "sequence", "cadence", "outreach", "email", "emails/", "intro", "introduction", "initial", "recap", "thank-you", "reminder", "line", "kakao", "viber", "telegram", "signal", "wechat") {
			if t.is(j, "follow") && t.is(j+1, "up", "ups", "-up") {
				break
			}
			if c := t.chanOf(j); c != "" && ch == "" && isTouchNounNext(t, j+1) {
				ch = c // "1 viber msg", "2 wechat messages"
			}
			j++
			continue
		}
		if j < adjStart+2 && t.isWord(j) && !t.toks[j].cap && isTouchNounNext(t, j+1) && t.nounCh(j) == "" && !t.is(j, "of", "to", "from", "with", "by", "per", "in", "on", "a", "the", "and", "or", "more", "min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "sec", "secs", "second", "seconds", "am", "pm", "page", "pages", "slide", "slides", "people", "seats", "users", "sites", "stores") && unitDays[t.low(j)] == 0 {
			// "one nurture email", "3 pricing emails": a word about the
			// message before it.
			if _, noun := t.touchNoun(j); !noun {
				j++
				continue
			}
		}
		break
	}
	w := t.low(j)
	nounCh, isNoun := touchNouns[w]
	if !isNoun {
		// "3 follow ups", "2 follow up emails"
		if t.is(j, "follow") && t.is(j+1, "ups", "up") {
			isNoun = true
			if t.is(j+2, "emails", "email", "messages", "calls", "texts", "vms", "mails", "mail", "whatsapps", "dms", "inmails") {
				nounCh = t.nounCh(j + 2)
				j += 2
			} else {
				j++
			}
		} else if t.is(j, "linkedin", "li") && t.is(j+1, "messages", "message", "msgs", "dms", "notes") {
			isNoun, nounCh, j = true, ChannelLinkedIn, j+1
		} else if t.is(j, "em", "ems") {
			// "3 em since xmas", "2 vm. 1 em.": a rep's shorthand for
			// emails, after a count.
			isNoun, nounCh = true, ChannelEmail
		} else {
			return touch{}, false
		}
	}
	w = t.low(j)
	if ch == "" {
		ch = nounCh
	}
	if nounCh == ChannelEmail && ch != ChannelEmail && ch != "" {
		// "LinkedIn emails" is odd; trust the noun
		ch = nounCh
	}
	// A singular noun after a plural count is no count: "2 email threads".
	if n > 1 && !strings.HasSuffix(w, "s") && w != "sms" && w != "f/u" && w != "fu" && !t.is(j, "follow-up", "followup", "touch", "voicemail", "vm", "em", "email", "text", "call", "inmail", "dm", "message", "note", "ping", "nudge", "bump", "up", "whatsapp", "wa", "viber", "msg") && !(w == "mail" && !isTouchNounNext(t, j+1) && !t.capWord(j+1)) {
		return touch{}, false
	}
	if t.is(j+1, "back") && t.is(j+2, "and") {
		return touch{}, false // "3 emails back and forth" is a conversation
	}
	// "I'm thinking one last note then stop?": a send still being weighed.
	if t.is(i-1, "thinking", "planning", "considering", "pondering") {
		return touch{}, false
	}
	// "She's ignored 4 emails since our call": what she ignored was sent.
	ignored := t.is(i-1, "ignored", "ignoring", "ignores", "dodged", "dodging")
	if t.subjectIsProspect(i) && !ignored {
		return touch{}, false
	}
	// What came before the count: a send verb, an "I've", or nothing.
	before := t.low(i - 1)
	a, _ := t.sentOf(i)
	sent := ignored || t.is(i-1, "my") || t.is(i-1, "after") && t.is(j, "emails", "messages", "texts", "voicemails", "follow-ups", "tries", "attempts") || t.contains(max(i-4, 0), i, "stopped", "sended", "sent", "send", "write", "left", "fired", "shot", "dropped", "made", "placed", "tried", "did", "done", "written", "wrote", "followed", "pinged", "emailed", "messaged", "texted", "called", "chased", "nudged", "i've", "ive", "we've", "total", "now") >= 0
	had := t.contains(max(i-2, 0), i, "had", "during", "over", "held", "exchanged", "traded", "swapped", "got", "received", "gets", "receives") >= 0 ||
		t.is(i-1, "have", "in", "on", "across", "did") ||
		t.is(i-1, "after") && t.is(j, "call", "calls", "meetings", "demos")
	_, sb := t.sentOf(i)
	unanswered := t.silenceBefore(max(a, i-6), i) || t.silenceAfter(j, sb) || t.silenceBeforeSentence(a) || t.contains(max(a, i-3), i, "since") >= 0 || t.contains(j, min(j+8, len(t.toks)), "unanswered", "unreturned", "nothing", "no", "zero", "crickets", "silence", "ignored", "since", "later", "so", "without", "nada", "none", "radio") >= 0 ||
		t.zeroReplies(j) ||
		t.is(j+1, "(") && t.contains(j+2, min(j+8, len(t.toks)), "vm", "vms", "voicemail", "voicemails", "unanswered", "mailbox") >= 0 ||
		t.contains(i-3, i, "unanswered") >= 0 || t.is(adjStart, "unanswered", "unreturned", "unreplied", "missed", "ignored", "more", "follow-up", "followup", "cold", "polite", "further", "additional")
	switch nounCh {
	case ChannelPhone:
		if t.is(j, "call", "calls", "dial", "dials") {
			// "we've done 3 calls", "did two calls with her": calls held.
			held := t.contains(max(i-3, 0), i, "done", "did", "held", "had", "great", "good") >= 0
			// "5 calls, 2 sms, the last was an sms on Friday": one item
			// of a list of sends.
			if !unanswered && t.is(j+1, ",", "+", "&") {
				// ("I did 3 calls, then 2 emails": the list's next item is a
				// send, so these calls were tries too.)
				at := j + 2
				if t.is(at, "then", "and", "plus") {
					at++
				}
				if _, after, okc := t.count(at); okc && (!had && !held || at > j+2) {
					if c, noun := t.touchNoun(after); noun && c != ChannelPhone {
						unanswered = true
						held = false
					}
				}
			}
			if had && !sent || !(sent || unanswered) || t.is(i-1, "on", "in", "after") || held && !unanswered {
				return touch{}, false
			}
		}
	}
	if t.contains(max(i-3, 0), i, "exchanged", "traded", "swapped") >= 0 {
		return touch{}, false // "exchanged a few emails until 10/15": a conversation
	}
	if t.is(j, "note", "notes", "message", "messages", "msg", "msgs", "email", "emails", "e-mail", "e-mails", "mail", "mails", "text", "texts", "dm", "dms") {
		if had && !sent && !unanswered {
			return touch{}, false
		}
		// "3 emails" in a story about silence is the rep's unless it was a
		// conversation ("we exchanged 10 emails").
		_ = before
	}
	if c := t.channelAround(j); ch == "" && c != "" {
		ch = c
	}
	if t.is(j, "up", "ups", "follow-up", "follow-ups", "followup", "followups", "fu", "fus", "f/u", "f/us") {
		if c, ok := t.touchNoun(j + 1); ok && c != "" {
			ch, j = c, j+1 // "one follow up call", "two follow-up emails": that many of those
		}
	}
	sum := ch == "" && t.is(j, "follow-up", "follow-ups", "followup", "followups", "f/u", "f/us", "fu", "fus", "fu's", "touch", "touches", "touchpoint", "touchpoints", "touch-points", "attempts", "tries", "ups", "up")
	if sum && t.is(i-1, ",", "and", "then", "plus") && (t.is(j+1, "on", "in", "(") && t.isDateStart(j+2) || t.isDateStart(j+1)) {
		// "the proposal (11 Nov), one follow up on 18 Nov and a
		// WhatsApp", "then 2 follow ups (apr 29, may 7) and a li
		// message": an item of a dated list, not the total of it.
		sum = false
	}
	if sum && (t.is(i-1, "after") || t.is(i-2, "before", "after") && t.is(i-1, "that", "those", "this")) {
		// "before that 3 follow-ups", "after 3 follow ups I sent…": more
		// sends besides the ones told, not their total.
		return touch{n: n, at: i, end: j, quote: t.quote(max(i-1, 0), j)}, true
	}
	if more, end := t.andCountOn(j + 1); more > 0 {
		// "sent 1 email on Aug 27 and 1 on Sept 3"
		return touch{n: n + more, channel: ch, at: i, end: end, quote: t.quote(max(i-1, 0), end)}, true
	}
	if t.is(adjStart, "more", "additional", "further", "extra") && t.is(i-1, "then", "and", ",", "plus") {
		// "email 17 May, then 2 more email": added to the ones before.
		return touch{n: n, channel: ch, at: i, end: j, quote: t.quote(max(i-1, 0), j)}, true
	}
	return touch{n: n, channel: ch, counted: true, summary: sum, at: i, end: j, quote: t.quote(max(i-1, 0), j)}, true
}

// andCountOn reads "on Aug 27 and 1 on Sept 3" after a counted send: the
// count of the same sends on another day, and where it ends.
func (t *text) andCountOn(k int) (int, int) {
	if t.is(k, "on") {
		k++
	}
	_, next, ok := t.dateAt(k)
	if !ok || !t.is(next, "and", ",") {
		return 0, 0
	}
	n, after, ok := t.count(next + 1)
	if !ok {
		return 0, 0
	}
	if t.is(after, "more") {
		after++
	}
	if t.is(after, "on") {
		after++
	}
	if _, end, ok := t.dateAt(after); ok {
		return n, end - 1
	}
	return 0, 0
}

// pastNamedObject skips a named person and the brackets after it ("Dr.
// Samuel Osei (Medical Director, Korle Bu Diagnostics)") from token j, or
// returns j.
func (t *text) pastNamedObject(j int) int {
	k := j
	for k < len(t.toks) && k < j+5 && (t.capWord(k) || t.is(k, ".") && k > j) {
		k++
	}
	if k == j || !t.is(k, "(") {
		return j
	}
	for m := k + 1; m < min(k+14, len(t.toks)); m++ {
		if t.is(m, ")") {
			return m + 1
		}
		if t.is(m, "\n") {
			break
		}
	}
	return j
}

// times2 reports whether a times count ("2x", "twice") starts at k.
func (t *text) times2(k int) bool {
	_, _, ok := t.times(k)
	return ok
}

// isTouchNoun reports whether token k is a thing a rep sends.
func (t *text) isTouchNoun(k int) bool {
	_, ok := t.touchNoun(k)
	return ok
}

// bareNounList reads the sends listed bare after "since then:": "since
// then: email, email, linkedin connection request".
func (t *text) bareNounList(i int) (touch, bool) {
	// "My follow-ups: a call on 8 Jan, an email on 15 Jan, …": a label
	// that says what the list holds.
	labelled := t.is(i-1, ":") && t.is(i-2, "follow-ups", "followups", "touches", "touchpoints", "chasers", "attempts", "sends", "nudges") && t.is(i-3, "my", "our")
	// "nothing since, despite an email and then a LinkedIn note"
	despite := t.is(i-1, "despite") && t.is(i, "a", "an", "one", "two", "three")
	// "I've done LinkedIn (Sep 8), email (Sep 15), email (Sep 22)"
	done := t.is(i-1, "done", "did") && t.is(i-2, "i've", "ive", "i", "we've", "we", "have") && (t.chanOf(i) != "" || t.is(i, "a", "an", "one", "two", "three"))
	if !despite && !done && (!t.is(i-1, ":") || !labelled && t.contains(max(0, i-7), i-1, "since", "after", "then", "since then") < 0) {
		return touch{}, false
	}
	n, ch, k := 0, "", i
	for k < len(t.toks) && k < i+30 {
		// "a call on 8 Jan", "and then a second email on 22 Jan"
		if t.is(k, "then") {
			k++
		}
		if t.is(k, "a", "an", "one", "another") {
			k++
		}
		if t.is(k, "second", "third", "fourth", "final", "last", "follow-up", "short", "quick", "brief", "gentle", "polite", "voice") {
			k++ // "a voice note"
		}
		items := 1
		if m, next, ok := t.count(k); ok && t.toks[k].kind == kNum && m > 1 && m < 10 {
			items, k = m, next // "then 2 more email pings"
			if t.is(k, "more", "further") {
				k++
			}
		}
		if t.is(k, "day") && t.toks[min(k+1, len(t.toks)-1)].kind == kNum {
			// "day 1 recap email, day 3 linkedin msg, day 7 call": a
			// sequence's steps, each on its day.
			k += 2
		}
		if _, noun := t.touchNoun(k); !noun && t.chanOf(k) == "" && t.isWord(k) && (t.chanOf(k+1) != "" || t.isTouchNoun(k+1)) {
			k++ // "redlines email", "recap email", "email pings"
		}
		c, noun := t.touchNoun(k)
		if !noun && t.is(k, "em", "eml") && t.is(k+1, ",", ".", "(", "and", "+", ";", "\n") {
			c, noun = ChannelEmail, true // "f/u count since the call: em, em, LI"
		}
		if cw := t.chanOf(k); cw != "" && (t.is(k+1, "connection", "request", "msg", "message", "note", "dm") || !noun) {
			c, noun = cw, true
			for k+1 < len(t.toks) && t.is(k+1, "connection", "request", "msg", "message", "note", "dm") {
				k++
			}
		}
		if !noun || t.is(k, "call", "calls") && !t.is(k+1, ",", "and", "+", ".", "(") && !(labelled && t.is(k+1, "on")) && k+1 < len(t.toks) {
			break
		}
		if t.isTouchNoun(k+1) && t.chanOf(k) != "" {
			k++ // "email pings": the channel, then the thing
		}
		n += items
		if c != "" {
			ch = c
		}
		k++
		if t.is(k, "(") {
			for k < len(t.toks) && !t.is(k, ")", "\n") {
				k++
			}
			k++
		}
		if t.is(k, "on", "via", "by") && t.chanOf(k+1) != "" {
			ch = t.chanOf(k + 1) // "a voice note on WhatsApp"
			k += 2
		}
		if labelled {
			if t.is(k, "on") {
				k++
			}
			if _, next, ok := t.dateAt(k); ok {
				k = next
			}
		} else if t.is(k, "on") {
			// "Since then: an email on Thursday with the link and a text
			// on Monday": each item's day, and what went with it.
			if _, next, ok := t.dateAt(k + 1); ok {
				k = next
				if t.is(k, "with") {
					for m := k + 1; m < min(k+6, len(t.toks)); m++ {
						if t.is(m, ",", "and", ".", "\n", ";") {
							k = m
							break
						}
					}
				}
			}
		}
		if t.is(k, ",") && t.is(k+1, "and") {
			k++
		}
		if labelled && t.is(k-1, ",") && !t.is(k, ",", "and", "+", "&") {
			continue // the date took the comma: "on Jan 8, an email on Jan 15"
		}
		if !t.is(k, ",", "and", "+", "&") {
			break
		}
		k++
	}
	if n < 2 {
		return touch{}, false
	}
	return touch{n: n, channel: ch, counted: true, at: i, end: k - 1, quote: t.quote(i, k-1)}, true
}

// hashTouch reads a numbered send: "fu #4 went out today", "email #3".
func (t *text) hashTouch(i int) (touch, bool) {
	ch, ok := t.touchNoun(i)
	if !ok || !t.is(i+1, "#") || i+2 >= len(t.toks) || t.toks[i+2].kind != kNum {
		return touch{}, false
	}
	n := atoiOr(t.low(i + 2))
	if n < 1 || n > 20 || t.subjectIsProspect(i) {
		return touch{}, false
	}
	return touch{n: n, channel: ch, counted: true, summary: ch == "", at: i, end: i + 2, quote: t.quote(i, i+2)}, true
}

// ordinalTouch reads "that's the 3rd email since he went quiet", "my 4th
// follow-up": the count is the ordinal.
func (t *text) ordinalTouch(i int) (touch, bool) {
	low := t.low(i)
	// "It would be my third email", "this'll be my 4th follow-up": the
	// one about to go out is not sent yet; those before it are.
	next := t.is(i-1, "my") && t.is(i-2, "be") && (t.is(i-3, "would", "will", "to", "gonna") || strings.HasSuffix(t.low(i-3), "'ll") || strings.HasSuffix(t.low(i-3), "'d"))
	if w, ok := ordinalWords[low]; ok && next && w >= 2 && w <= 10 {
		if ch, isNoun := t.touchNoun(i + 1); isNoun && !t.is(i+1, "call", "calls", "meeting", "attempt", "try") {
			return touch{n: w - 1, channel: ch, counted: true, at: i, end: i + 1, quote: t.quote(i-3, i+1)}, true
		}
	}
	if t.toks[i].kind != kNum || len(low) < 3 {
		return touch{}, false
	}
	d, ok := ordinalDay(low)
	if !ok || low == strings.TrimRight(low, "stndrh") || d > 20 {
		return touch{}, false
	}
	// "my 2nd and 3rd emails": a list of ordinals counts its items.
	j, items := i+1, 1
	for t.is(j, "and", ",", "&") && t.toks[min(j+1, len(t.toks)-1)].kind == kNum {
		if _, ok := ordinalDay(t.low(j + 1)); !ok {
			break
		}
		j, items = j+2, items+1
	}
	ch, isNoun := t.touchNoun(j)
	// "That's the 3rd call", "this was my 4th email": the count so far,
	// calls too (not "on the 2nd call she said…", a call held).
	tally := t.is(i-1, "the", "my") && (t.is(i-2, "thats", "its") || t.is(i-2, "'s", "is", "was") && t.is(i-3, "that", "this", "it")) && items == 1
	if !isNoun || t.is(j, "call", "calls", "meeting", "attempt", "try") && !(tally && t.is(j, "call")) {
		return touch{}, false
	}
	a, b := t.sentOf(i)
	if !tally && t.contains(j+1, b, "since") < 0 && !t.silenceAfter(j+1, b) && !t.is(i-1, "my") && t.contains(a, i, "unanswered") < 0 && !t.silenceBefore(a, i) {
		return touch{}, false
	}
	n := d
	if items > 1 {
		n = items // the 2nd and 3rd: two of them went unanswered
	} else if next {
		n = d - 1
	}
	return touch{n: n, channel: ch, counted: true, at: i, end: j, quote: t.quote(i, j)}, true
}

// myLast reads "either of my last two", "both of my emails", "my last 3
// messages" after a silence verb: "hasn't replied to either of my last two".
func (t *text) myLast(i int) (touch, bool) {
	if !t.is(i, "my") {
		return touch{}, false
	}
	a, b := t.sentOf(i)
	j := i + 1
	if t.is(j, "last", "previous", "past", "recent") {
		j++
	}
	n, k, ok := t.count(j)
	if !ok {
		return touch{}, false
	}
	// "no reply to my last 3", "read receipts on my last 2, no answer"
	if !t.silenceBefore(max(a, i-8), i) && !(t.is(i+1, "last") && t.silenceAfter(k, b)) {
		return touch{}, false
	}
	ch := ""
	if c, ok := t.touchNoun(k); ok {
		ch = c
		k++
	}
	return touch{n: n, channel: ch, counted: true, at: i, quote: t.quote(i, k-1)}, true
}

func isTouchNounNext(t *text, j int) bool {
	_, ok := t.touchNoun(j)
	return ok || t.is(j, "follow", "messages", "message")
}

// zeroTouch spots "haven't followed up", "no follow-ups yet", "didn't chase".
func (t *text) zeroTouch(i int) string {
	if t.is(i, "left") && t.is(i+1, "it", "them", "her", "him", "things") && t.is(i+2, "alone", "be") {
		return t.quote(i, i+2) // "I've left it alone since"
	}
	if t.is(i, "none") && t.is(i-1, ":", "-", "=") && t.contains(max(0, i-5), i, "touches", "follow-ups", "followups", "follow-up", "followup", "fus", "f/us", "f/u", "fu", "chases", "pings", "nudges", "touchpoints", "sends") >= 0 {
		return t.quote(max(0, i-3), i) // "My touches since: none", "My f/u: none yet"
	}
	if !t.is(i, "haven't", "havent", "have", "didn't", "didnt", "did", "no", "not", "never", "hasn't", "zero", "0", "nothing") {
		return ""
	}
	j := i + 1
	if t.is(i, "have", "did") {
		if !t.is(j, "not") {
			return ""
		}
		j++
	}
	for t.is(j, "yet", "even", "really", "actually", "been", "bothered", "tried") {
		j++
	}
	if t.is(i, "haven't", "havent", "not") && t.is(j-1, "yet") && (j >= len(t.toks) || t.is(j, ".", ",", "!", "\n", ";")) {
		// "she said ping her in a month. haven't yet": the chase asked
		// for has not gone out.
		a, _ := t.sentOf(i)
		if a > 0 {
			a, _ = t.sentOf(a - 1)
		}
		if t.contains(a, i, "ping", "email", "call", "text", "chase", "nudge", "follow", "reach", "contact", "message", "write") >= 0 && !t.subjectIsProspect(i) {
			return t.quote(i, j-1)
		}
	}
	if t.is(i, "no", "zero", "0") {
		if t.is(j, "follow-up", "follow-ups", "followup", "followups", "f/u", "f/us", "fu", "fus", "fup", "fups", "f/ups", "chases", "pings", "touches", "touch", "chasers", "nudges", "emails", "calls") || t.is(j, "follow") && t.is(j+1, "up", "ups") {
			return t.quote(i, j)
		}
		return ""
	}
	if t.is(i, "nothing") {
		if _, ok := t.anySeq(j, "from my side", "from my end", "sent since", "sent yet"); ok {
			return t.quote(i, j+2)
		}
		for k := i - 1; k >= max(0, i-5); k-- {
			if (t.is(k, "sent") || t.is(k, "send") && k == i-1) && t.is(k-1, "i've", "i", "ive", "have") {
				return t.quote(k, i) // "since then I've sent... nothing actually", "I have send nothing"
			}
			if t.toks[k].kind == kWord {
				break
			}
		}
		return ""
	}
	if t.is(j, "responded", "replied", "answered", "respond", "reply", "answer") && (t.is(i-1, "i", "we") || t.toks[i].first && t.is(i, "haven't", "havent")) && t.is(j+1, "yet", ".", ",", "\n") {
		return t.quote(i, j) // "i haven't responded yet": their last word stands
	}
	if t.is(i, "not") && t.is(j, "chasing", "following", "pinging", "nudging") && t.is(i-1, "i'm", "im", "am", "been") {
		return t.quote(i, j) // "I'm not chasing anyone yet"
	}
	if t.is(j, "done") && t.is(j+1, "anything") && !t.is(j+2, "else", "more", "further") && !t.subjectIsProspect(i) && !t.is(i, "no", "nothing", "zero", "0") {
		return t.quote(i, j+1) // "havent done anything since her reply"
	}
	if t.is(j, "followed", "follow", "chased", "pinged", "nudged", "bumped", "reached", "sent", "send", "emailed", "called", "texted", "messaged", "touched", "pushed", "chase", "nudge", "ping", "written", "wrote", "write", "contacted", "fu'd", "fud", "f/u'd", "followed-up") {
		switch t.low(j) {
		case "write":
			// "I didn't write her since", "I did not write yet"
			if !t.is(j+1, "her", "him", "them", "to", "yet", "since", "back", "anything", "again") {
				return ""
			}
		case "send":
			if !t.is(j+1, "anything", "a", "any", "another", "her", "him", "them") {
				return ""
			}
			if t.is(j+1, "a", "any", "another") && !isTouchNounNext(t, j+2) {
				return ""
			}
		case "followed", "follow":
			if !t.is(j+1, "up") && !t.is(j+1, "-up") {
				return ""
			}
		case "reached":
			if !t.is(j+1, "out") {
				return ""
			}
		case "sent", "written", "wrote":
			if !t.is(j+1, "anything", "a", "any", "nothing", "another") && !(t.is(j, "written") && t.is(j+1, "since", "yet", "back", "her", "him", "them")) {
				return "" // ("I haven't written since she said…")
			}
			if t.is(j+1, "anything") && t.is(j+2, "else", "more", "further") {
				return "" // "I haven't sent anything else": something went before
			}
			if t.is(j+1, "a", "any") && !isTouchNounNext(t, j+2) {
				return ""
			}
		case "touched":
			if !t.is(j+1, "base") {
				return ""
			}
		}
		if t.subjectIsProspect(i) || t.is(i-1, "she", "he", "they") {
			return ""
		}
		return t.quote(i, j+1)
	}
	return ""
}

// silenceNear reports whether the sentence around token i says the touch
// went unanswered: "emailed her, nothing back", "called: no answer".
func (t *text) silenceNear(i int) bool {
	a, b := t.sentOf(i)
	if a > 0 {
		// "…nothing since. I emailed the recap": the sentence before counts.
		pa, _ := t.sentOf(a - 1)
		for k := pa; k < a; k++ {
			if t.is(k, "nothing", "crickets", "silence") && t.is(k+1, "since", "after") {
				return true
			}
		}
	}
	for k := a; k < b; k++ {
		if t.is(k, "nothing", "crickets", "silence", "nada", "unanswered", "ignored", "zilch", "radio") {
			return true
		}
		if t.is(k, "no") && t.is(k+1, "reply", "response", "answer", "luck", "word", "joy", "dice", "news", "pickup", "callback", "call", "reaction") {
			return true
		}
		if t.is(k, "no") && t.is(k+1, "pick") && t.is(k+2, "up", "-up") {
			return true
		}
		if t.is(k, "vm", "voicemail", "vms", "voicemails") && t.is(k+1, "each", "every", "both") {
			return true
		}
		if t.is(k, "straight", "went") && t.is(k+1, "to") && t.is(k+2, "voicemail", "vm") {
			return true
		}
		if t.is(k, "since", "after") && t.is(k+1, "that", "then") {
			return true
		}
		if t.is(k, "never", "hasn't", "didn't", "hasnt", "didnt") && t.is(k+1, "replied", "responded", "answered", "heard", "reply", "respond", "answer", "got", "gotten", "get") {
			return true
		}
		if t.is(k, "did", "does") && t.is(k+1, "not") && t.is(k+2, "reply", "respond", "answer", "pick", "pickup") || t.is(k, "didn't", "didnt", "never") && t.is(k+1, "pick", "pickup") {
			return true // "she did not pick", "didn't pick up"
		}
	}
	return false
}

// answerVerbs are the words lastAnswer's cases open with.
var answerVerbs = map[string]bool{
	"replied": true, "responded": true, "answered": true, "resurfaced": true, "reappeared": true, "thanked": true,
	"acknowledged": true, "acked": true, "ack'd": true, "replies": true, "responds": true, "answers": true,
	"said": true, "wrote": true, "called": true, "got": true, "came": true, "come": true, "rang": true,
	"emailed": true, "texted": true, "messaged": true, "reply": true, "respond": true, "answer": true,
	"write": true, "picked": true, "whatsapped": true, "caught": true, "left": true, "sent": true,
	"talked": true, "spoke": true, "spoken": true,
}

// zeroReplies reports whether "0 replies" follows token j closely: "3
// emails. 1 call. 0 replies."
func (t *text) zeroReplies(j int) bool {
	k := t.contains(j, min(j+8, len(t.toks)), "0")
	return k >= 0 && t.is(k+1, "replies", "reply", "responses", "response", "answers")
}

// alsoNoun reads one more send told as a bare noun after earlier ones,
// with its day: "3 em since the call. also LI msg mon", "plus a vm on the
// 20th".
func (t *text) alsoNoun(i int) (touch, bool) {
	j := i + 1
	if t.is(j, "a", "an", "one", "1") {
		j++
	}
	ch := t.chanOf(j)
	if ch != "" && isTouchNounNext(t, j+1) {
		j++ // "LI msg", "whatsapp message"
	} else if c, noun := t.touchNoun(j); noun && c != "" {
		ch = c // "a vm", "an email"
	} else {
		return touch{}, false
	}
	k := j + 1
	if t.is(k, "on") {
		k++
	}
	if w, _, ok := t.dateAt(k); !(ok && (w.day > 0 || w.hasWeekday || w.rel == "yesterday" || w.rel == "today") || isWeekday(t.low(k)) || t.is(k, ".", ";", "\n")) {
		return touch{}, false // (a day, or nothing more: "also a vm.")
	}
	return touch{n: 1, channel: ch, at: i, end: j, quote: t.quote(i, j)}, true
}

// countCorrected reads a rep correcting the count just told, from token i:
// "... actually 5", ". wait actually 3", "— well, 3 really", "— no, 4". It
// returns the new count and the token after it.
func (t *text) countCorrected(i int) (int, int, bool) {
	fix := false
	k := i
	for ; k < min(i+7, len(t.toks)); k++ {
		switch {
		case t.is(k, "actually", "wait", "no", "well", "sorry", "correction", "scratch", "make", "oops", "hmm"):
			fix = true
		case t.is(k, ".", ",", "…", "...", "-", "—", "–", "that", "i", "mean", "oh", "um", "uh", "er", "!", "(", "since", "so", "far", "total", "now"):
		default:
			if !fix {
				return 0, i, false
			}
			n, next, ok := t.count(k)
			if !ok || n < 0 || n > 20 || t.is(next, "days", "weeks", "months", "day", "week", "month", "am", "pm", "%", ":") {
				return 0, i, false
			}
			return n, next, true
		}
	}
	return 0, i, false
}

// toldEarlier reports whether the clause holding token i says its send came
// before the one told just before it: "Before that I'd left her a VM",
// "prior to that, two emails", "between those two I also sent him a
// LinkedIn message".
func (t *text) toldEarlier(i int) bool {
	a, _ := t.sentOf(i)
	for k := a; k <= i && k < a+6; k++ {
		if t.is(k, "before", "prior") && t.is(k+1, "that", "this", "then") || t.is(k, "prior") && t.is(k+1, "to") && t.is(k+2, "that", "this") ||
			t.is(k, "between") && t.is(k+1, "those", "these", "them", "the") || t.is(k, "earlier") && (k == a || t.is(k-1, ",", "(")) {
			return true
		}
	}
	return false
}

// teammateRoles are the roles a rep's teammate goes by: "my VP", "our SE".
var teammateRoles = map[string]bool{
	"vp": true, "manager": true, "boss": true, "se": true, "sdr": true, "bdr": true, "ae": true,
	"ceo": true, "cto": true, "cro": true, "founder": true, "cofounder": true, "co-founder": true,
	"colleague": true, "teammate": true, "csm": true, "director": true, "svp": true, "evp": true,
}

// teammateDid reports whether the send verb at i has one of the rep's
// teammates as its subject, named or not: "my VP Mike emailed her", "our
// SE sent her the creds".
func (t *text) teammateDid(i int) bool {
	k := i - 1
	for k >= 0 && t.is(k, "also", "then", "even", "directly", "personally", "had", "has", "just", "actually") {
		k--
	}
	for n := 0; n < 2 && k >= 0 && t.capWord(k) && !teammateRoles[t.low(k)]; n++ {
		k-- // the teammate's name
	}
	return k >= 1 && teammateRoles[t.low(k)] && t.is(k-1, "my", "our")
}

// matchTouch tries the touch matchers at token i, in order, and returns
// the first mention one reads. Each call is guarded by the test its
// matcher opens with, so the many words no matcher can start on cost a few
// comparisons, not twenty calls.
func (t *text) matchTouch(i int, found []touch) (touch, bool) {
	prev := len(found) > 0
	if prev && t.is(i, "and") {
		if tc, ok := t.andObjectTimes(i, found); ok {
			return tc, true
		}
	}
	if tc, ok := t.verbTouch(i); ok {
		if !tc.counted && !tc.summary && !tc.anchor && t.teammateDid(i) {
			// "My VP Mike emailed her directly on Monday, after I'd sent
			// her 2 emails": on top of the rep's own count.
			tc.extra = true
		}
		return tc, true
	}
	if tc, ok := t.nounTouch(i); ok {
		return tc, true
	}
	if prev && t.is(i, "also", "plus") {
		if tc, ok := t.alsoNoun(i); ok {
			return tc, true
		}
	}
	my := t.is(i, "my")
	if my {
		if tc, ok := t.myLast(i); ok {
			return tc, true
		}
	}
	if t.toks[i].kind == kNum || t.is(i-1, "my") && ordinalWords[t.low(i)] > 0 {
		if tc, ok := t.ordinalTouch(i); ok {
			return tc, true
		}
	}
	if t.is(i+1, "#") {
		if tc, ok := t.hashTouch(i); ok {
			return tc, true
		}
	}
	if i == 0 || t.is(i-1, ":", ",", "-", "\n", ";", "then") {
		if tc, ok := t.dateThenNoun(i); ok {
			return tc, true
		}
	}
	if prev && t.is(i-1, "+", "&", "plus") && !t.is(i, "a", "an", "another", "one") {
		if tc, ok := t.plusTouch(i, found); ok {
			return tc, true
		}
	}
	if prev && t.is(i, "a", "an", "another", "one") {
		if tc, ok := t.listedTouch(i, found); ok {
			return tc, true
		}
	}
	if _, noun := t.touchNoun(i); noun || deliverables[t.low(i)] || t.is(i, "li", "linkedin", "whatsapp", "follow", "sms", "viber", "wa", "phone", "tel", "another") {
		if tc, ok := t.datedNoun(i); ok {
			return tc, true
		}
	}
	if t.is(i, "sent", "send", "written", "wrote", "done", "left") {
		if tc, ok := t.sentCount(i); ok {
			return tc, true
		}
	}
	if my {
		if tc, ok := t.myDated(i); ok {
			return tc, true
		}
		if tc, ok := t.myNoun(i); ok {
			return tc, true
		}
	}
	if tc, ok := t.nounTimes(i); ok {
		return tc, true
	}
	if prev {
		if t.is(i-1, "and", "plus", "then", ",", "also") {
			if tc, ok := t.onceMore(i, found); ok {
				return tc, true
			}
		}
		if tc, ok := t.listNoun(i, found); ok {
			return tc, true
		}
	}
	if t.is(i-1, ":", "despite", "done", "did") {
		if tc, ok := t.bareNounList(i); ok {
			return tc, true
		}
	}
	if deliverables[t.low(i)] {
		if tc, ok := t.wentOut(i); ok {
			return tc, true
		}
	}
	if a, _ := t.sentOf(i); a == i && a != 0 {
		if tc, ok := t.bareTimes(i); ok {
			return tc, true
		}
	}
	if t.toks[i].first || t.is(i-1, ",", ";", ":", "-", "–", "—", "(") {
		if tc, ok := t.countOfThem(i); ok {
			return tc, true
		}
	}
	if t.is(i, "count", "tally", "total") {
		if tc, ok := t.countIs(i); ok {
			return tc, true
		}
	}
	return touch{}, false
}

// touchReach is how far after a token the word a touch matcher turns on
// may sit: "a couple of quick follow ups", "my last two emails".
const touchReach = 8

// nearTouchWords marks the tokens with a send verb, a touch noun, a channel
// word, a number or a count word at most touchReach tokens on: only there
// can a touch matcher start. It saves running every matcher on every word.
func (t *text) nearTouchWords() []bool {
	near := make([]bool, len(t.toks))
	next := -1
	for i := len(t.toks) - 1; i >= 0; i-- {
		k := &t.toks[i]
		if k.noun > 0 || k.chanW > 0 || k.kind == kNum || touchCue(k.low) {
			next = i
		}
		near[i] = next >= 0 && next-i <= touchReach
	}
	return near
}

// touchCue reports whether a word may carry a touch by itself: a send verb,
// a count or a times word.
func touchCue(low string) bool {
	if _, ok := sendVerbs[low]; ok {
		return true
	}
	if _, ok := numberWords[low]; ok {
		return true
	}
	switch low {
	case "once", "twice", "thrice", "couple", "both", "either", "again", "another", "more", "times", "time", "x", "handful", "bunch", "half", "dozen", "double-tapped", "triple-tapped", "went", "gone", "out", "answered", "replied", "responded":
		return true
	}
	n := len(low)
	return n > 1 && (low[n-1] == 'x' && low[n-2] >= '0' && low[n-2] <= '9' || low[0] == 'x' && low[1] >= '0' && low[1] <= '9')
}

// tallyTouches turns the mentions into one count: per channel the largest
// counted mention or the sum of single sends, whichever is more; channels
// add up; a general count ("followed up 3 times") covers the per-channel
// ones when it is larger.
func tallyTouches(found []touch) (int, string, string) {
	if len(found) == 0 {
		return -1, "", ""
	}
	counted := map[string]int{}
	singles := map[string]int{}
	extras := map[string]int{}
	summary, anchors := 0, 0
	var order []string
	seen := map[string]bool{}
	for _, tc := range found {
		if tc.summary {
			summary = max(summary, tc.n)
			continue
		}
		if tc.anchor {
			// The thing they asked for, sent: not one of the chases a
			// summary ("chased twice") counts, but unanswered all the same.
			anchors += tc.n
			continue
		}
		if !seen[tc.channel] {
			seen[tc.channel] = true
			order = append(order, tc.channel)
		}
		switch {
		case tc.extra:
			// "then another one on linkedin": on top of the others.
			extras[tc.channel] += tc.n
		case tc.counted:
			counted[tc.channel] = max(counted[tc.channel], tc.n)
		default:
			singles[tc.channel] += tc.n
		}
	}
	// Each channel: its largest count or its single sends, whichever is
	// more; items with no channel ("and one chaser") count on their own; a
	// summary ("followed up 3 times") covers the rest when it is larger.
	sum := 0
	for _, ch := range order {
		sum += max(counted[ch], singles[ch]) + extras[ch]
	}
	total := max(summary, sum) + anchors
	var quotes []string
	for _, tc := range found {
		quotes = append(quotes, tc.quote)
	}
	// The channel: the latest mention that names one ("called 3 times,
	// 0 emails" went by phone), past those said to come before another.
	channel := ""
	for _, skipEarlier := range []bool{true, false} {
		for i := len(found) - 1; i >= 0 && channel == ""; i-- {
			if found[i].channel != "" && found[i].n > 0 && !(skipEarlier && found[i].earlier) {
				channel = found[i].channel
			}
		}
	}
	return min(total, 99), channel, strings.Join(quotes, "; ")
}

// timedSend: a send with a time after it ("emailed in May", "texted her
// Saturday", "called this morning", "emailed on the 3rd") is a touch in a
// story about silence, unless what went was a deliverable answered since.
func (t *text) timedSend(j int) bool {
	for k := j; k < min(j+9, len(t.toks)); k++ {
		if t.is(k, ".", ";", "\n", "but") || t.is(k, ",", "and") && k > j+5 {
			return false
		}
		if t.is(k, "this") && t.is(k+1, "morning", "afternoon", "week", "evening") || t.is(k, "last") && t.is(k+1, "week", "night", "friday", "monday", "tuesday", "wednesday", "thursday") || t.is(k, "yesterday", "today", "tonight") {
			return true
		}
		if t.is(k, "that", "same") && t.is(k+1, "afternoon", "day", "evening", "morning", "night", "arvo") {
			return true // "which I emailed that afternoon"
		}
		if t.is(k, "the") && (t.is(k+1, "next", "following") && t.is(k+2, "day", "morning", "afternoon", "week") || t.is(k+1, "day") && t.is(k+2, "after")) {
			return true // "which I emailed the next day", "sent it the day after"
		}
		if t.is(k, "on", "in") || k == j {
			if w, _, ok := t.dateAt(k + map[bool]int{true: 1, false: 0}[t.is(k, "on", "in")]); ok && (w.month > 0 || w.hasWeekday || w.rel != "" || w.day > 0) {
				return true
			}
		}
		if w, _, ok := t.dateAt(k); ok && (w.hasWeekday || w.month > 0 && w.day > 0) {
			return true
		}
	}
	return false
}

// notACount: a number that is part of a date, an amount, an ordinal or an
// identifier ("Oct 26 call", "$40k", "#3", "Q3").
func (t *text) notACount(i int) bool {
	if isMonth(t.low(i-1)) || t.is(i-1, "$", "£", "€", "#", "q", "no", "number", "version", "v", "step", "line", "room", "floor", "suite") {
		return true
	}
	if w, _, ok := t.dateAt(i); ok && w.month > 0 {
		return true // "26 Oct call"
	}
	return false
}

// plusTouch reads a bare item added with "+" or "plus" to a send just
// told: "vm x2 + linkedin dm after". (With an article, "2 emails + a
// call", the item is listedTouch's.)
func (t *text) plusTouch(i int, found []touch) (touch, bool) {
	if !t.sameSent(found[len(found)-1].at, i) {
		return touch{}, false
	}
	j, ch := i, ""
	if c := t.chanOf(j); c != "" && isTouchNounNext(t, j+1) {
		ch, j = c, j+1 // "linkedin dm", "li msg"
	}
	c, ok := t.touchNoun(j)
	if !ok || t.is(j, "call", "calls", "meeting", "meetings", "demo", "demos") {
		return touch{}, false
	}
	if c != "" {
		ch = c
	}
	return touch{n: 1, channel: ch, at: i, end: j, quote: t.quote(i, j)}, true
}

// listedTouch reads a touch listed after another in the same sentence:
// "sent two emails since, then a LinkedIn note last week", "emailed twice
// and a voicemail on Friday".
func (t *text) listedTouch(i int, found []touch) (touch, bool) {
	if len(found) == 0 || !t.is(i, "a", "an", "another", "one") || !(t.is(i-1, "then", "and", "plus", "also", ",", "+", "&") || t.is(i-1, "that", "this") && t.is(i-2, "after")) {
		return touch{}, false
	}
	prev := found[len(found)-1]
	if !t.sameSent(prev.at, i) {
		// "sent it nov 23. then a follow up on dec 1.": a sentence that
		// only goes on with the list.
		a, _ := t.sentOf(i)
		pa, _ := t.sentOf(max(a-1, 0))
		if !(a > 0 && a == i-1 && t.is(a, "then", "also", "plus") && prev.at >= pa) {
			return touch{}, false
		}
	}
	j := i + 1
	ch := ""
	for j < i+4 && (t.is(j, "quick", "short", "final", "last", "polite", "break-up", "breakup", "break-up-ish", "closing", "check-in", "gentle", "friendly") || t.is(j, "follow-up", "followup") && isTouchNounNext(t, j+1) || t.chanOf(j) != "" && isTouchNounNext(t, j+1)) {
		if c := t.chanOf(j); c != "" {
			ch = c
		}
		j++
	}
	c, ok := t.touchNoun(j)
	if t.is(j, "follow") && t.is(j+1, "up", "-up") {
		c, ok = "", true
		j++
	}
	if t.is(i, "another") {
		// "then another two last week", "another one on linkedin this
		// week": more of them, on top of those told, by the channel named
		// after it or else the same.
		n, end := 1, j
		if cnt, nj, okc := t.count(i + 1); okc && cnt >= 2 && cnt <= 10 {
			n, end = cnt, nj-1
			if c2, ok2 := t.touchNoun(nj); ok2 {
				c, ok, end = c2, true, nj
			}
		}
		if !ok || t.is(j, "one") || n > 1 {
			ch := prev.channel
			if ok && c != "" {
				ch = c
			}
			for m := end + 1; m <= end+3 && m+1 < len(t.toks); m++ {
				if t.is(m, "on", "by", "via", "over", "through") {
					if cc := t.chanOf(m + 1); cc != "" {
						ch = cc
						break
					}
				}
			}
			return touch{n: n, channel: ch, extra: true, at: i, end: end, quote: t.quote(i, end)}, true
		}
	}
	if t.is(i, "one") && !ok && !t.is(i+1, "time") && t.timedSend(i+1) {
		// "one on Friday": the same kind again.
		return touch{n: 1, channel: prev.channel, at: i, end: j, quote: t.quote(i, j)}, true
	}
	if t.is(j, "call", "calls") {
		// A call in a list of sends is one more try when it says when it
		// went or that nobody answered: "3 emails, then a call yesterday".
		_, b := t.sentOf(j)
		if !(t.timedSend(j+1) || t.contains(j+1, min(j+6, b), "vm", "voicemail", "rang", "unanswered", "no", "mailbox") >= 0) {
			return touch{}, false
		}
		return touch{n: 1, channel: ChannelPhone, at: i, end: j, quote: t.quote(i, j)}, true
	}
	if !ok && isQuoteOpen(t, j) {
		// "a 'happy holidays' dec 24": a quoted note, dated, in a list of
		// sends is one more of them.
		for q := j + 1; q < min(j+12, len(t.toks)); q++ {
			if isQuoteClose(t.toks[q].s) {
				if t.timedSend(q+1) || t.is(q+1, "(") && t.isDateStart(q+2) {
					return touch{n: 1, at: i, end: q, quote: t.quote(i, q)}, true
				}
				break
			}
		}
		return touch{}, false
	}
	if !ok && deliverables[t.low(j)] && t.toks[j].kind == kWord && (t.timedSend(j+1) || t.is(j+1, "(") && t.isDateStart(j+2)) {
		// "a recap email (Jan 14), a deck (Jan 22), and a LinkedIn msg":
		// a dated thing sent in a list of sends went unanswered too.
		return touch{n: 1, anchor: true, at: i, end: j, quote: t.quote(i, j)}, true
	}
	if !ok || t.is(j, "attempt", "try") {
		return touch{}, false
	}
	if ch == "" {
		ch = c
	}
	return touch{n: 1, channel: ch, at: i, end: j, quote: t.quote(i, j)}, true
}

// answeredBack: the clause says the prospect took the call or wrote back
// ("he picked up", "she called back"), so the touch was answered.
func (t *text) answeredBack(i int) bool {
	_, b := t.sentOf(i)
	// Only after the send: "He replied 9/14, I answered 9/15" answered
	// before it.
	for k := i + 1; k < b; k++ {
		if t.is(k-1, "since", "after", "when", "until", "till", "before", "once") {
			continue // "messaged Kwame 3x since he replied": looking back
		}
		if t.is(k, "she", "he", "they") && (t.is(k+1, "picked", "answered", "replied", "responded") || t.is(k+1, "called", "wrote", "got") && t.is(k+2, "back")) {
			return true
		}
	}
	return false
}

// datedNoun reads a touch written as a log line: "email 6/15, email 6/22",
// "voicemail 6/21", "LI msg to Soren 1/8, another 1/20".
func (t *text) datedNoun(i int) (touch, bool) {
	ch, ok := t.touchNoun(i)
	j := i + 1
	if t.is(i, "li", "linkedin", "whatsapp") && (t.is(i+1, "msg", "message", "dm", "note", "msgs", "messages")) {
		ch, ok, j = t.chanOf(i), true, i+2
	}
	if t.is(i, "follow") && t.is(i+1, "up", "ups", "-up", "-ups") {
		ch, ok, j = "", true, i+2 // "follow up 10 Oct and 17 Oct"
	}
	if !ok && t.is(i, "linkedin", "li", "whatsapp", "sms", "viber", "wa") && t.is(i-1, "fu", "f/u", "followup", "follow-up", "chase", "nudge") && t.isDateStart(i+1) {
		// "- fu li 12/9": a follow-up by LinkedIn, dated.
		ch, ok = t.chanOf(i), true
	}
	if !ok && deliverables[t.low(i)] && t.toks[i].kind == kWord && !t.is(i, "it", "that", "this", "them", "case", "order", "form", "plan", "schedule") && t.is(i-1, ",", "\n", "-", "•", "*") && t.isDateStart(i+1) && (t.datedNounBefore(i) || t.datedItemAfter(i+1)) {
		// "great call 1/28, proposal 1/29, email fu 2/5": a dated thing
		// sent, one item of the list.
		ch, ok = "", true
	}
	if !ok && t.is(i, "linkedin", "li", "whatsapp", "sms", "viber", "phone", "tel") && t.is(i-1, ",", "and", "then", "\n") && t.datedNounBefore(i) {
		// "email 4 Feb, email 11 Feb, LinkedIn 18 Feb", "…, phone 19 Sept"
		ch, ok = t.chanOf(i), true
	}
	if t.is(i, "another") && t.datedNounBefore(i) {
		ok, ch = true, ""
	}
	// "My emails after: 29/09, 06/10, 14/10", "Follow up ko: Sept 9, Sept
	// 16": a noun, then the dates it went out on.
	listed := false
	if ok {
		k := j
		for k < j+3 && t.is(k, "after", "ko", "since", "sent", "on", "that", "then") {
			k++
		}
		if t.is(k, ":", "-") {
			k++
		}
		if n, _ := t.datesListedEnd(k); n >= 2 && t.isDateStart(k) {
			listed = true // (the dates right after the noun, not a later send's)
		}
	}
	inList := t.is(i, "call", "calls") && (t.is(i-1, ",") && t.datedNounBefore(i) || t.is(i-1, ",", "\n", "-", "•", "*") && t.unansweredCall(i+1)) // "email 4/5, call 4/7, email 4/12", "call may 21 (no answer)"
	if ok && t.is(j, ":") {
		// "FU: 14 Nov mail, 21 Nov mail": the items carry their own nouns.
		if _, dn, isDate := t.dateAt(j + 1); isDate {
			if _, noun := t.touchNoun(dn); noun || t.chanOf(dn) != "" {
				return touch{}, false
			}
		}
	}
	if !ok || t.is(i, "call", "calls", "attempt", "try", "step", "steps") && !listed && !inList || t.is(i-1, "the", "my", "our", "your", "her", "his", "their", "this", "that", "a", "an", "first", "second", "last", "initial", "original", "previous", "per", "by", "via", "over", "through", "short", "quick") && !(listed && t.is(i-1, "my")) || t.subjectIsProspect(i) {
		return touch{}, false
	}
	if _, _, isCount := t.count(i - 1); isCount {
		return touch{}, false // counted by nounTouch
	}
	if m := t.contains(max(0, i-3), i, "my"); m > 0 && (t.is(m-1, "answered", "replied", "responded", "acknowledged") || t.is(m-1, "to") && t.is(m-2, "replied", "responded", "answered")) {
		return touch{}, false // "answered my linkedin dm june 3": the day of their answer
	}
	// "call (vm) 4/16": how it went, between the noun and the date.
	if t.is(j, "(") {
		for m := j + 1; m < min(j+6, len(t.toks)); m++ {
			if t.is(m, ")") {
				j = m + 1
				break
			}
		}
	}
	// "to Soren", "to her" between the noun and the date.
	k := j
	if t.is(k, "to", "for") {
		k++
		for k < j+4 && (t.capWord(k) || t.is(k, "her", "him", "them")) {
			k++
		}
	}
	if t.is(k, "sent", "went", "left") {
		k++
		if t.is(k, "out") {
			k++
		}
	}
	if t.is(k, "on", "via", "by", "over") && t.chanOf(k+1) != "" && t.isDateStart(k+2) {
		// "message on LinkedIn 11/08": how it went, then when.
		if ch == "" {
			ch = t.chanOf(k + 1)
		}
		k += 2
	}
	if t.is(k, "again") {
		k++ // "email again 3 Feb"
	}
	if t.is(k, "on") {
		k++
	}
	for k < j+2 && t.is(k, "after", "ko", "since") {
		k++
	}
	if t.is(k, ":", "-") {
		k++
	}
	if n, last := t.datesListedEnd(k); n >= 2 {
		if ch == "" {
			ch = t.channelAround(last)
		}
		return touch{n: n, channel: ch, at: i, end: last, quote: t.quote(i, last)}, true
	}
	if _, dj, okd := t.durationAt(k); okd && t.is(dj, "ago") && !t.is(i, "call", "calls") {
		// "linkedin msg to Hamish 3 wks ago"
		return touch{n: 1, channel: ch, at: i, end: dj, quote: t.quote(i, dj)}, true
	}
	w, next, ok := t.dateAt(k)
	if !ok || !(w.month > 0 && w.day > 0 || w.hasWeekday || w.day > 0) {
		return touch{}, false
	}
	if ch == "" && t.is(i, "another") {
		// the channel of the mention it repeats
		for m := i - 1; m >= max(0, i-12); m-- {
			if c, ok := t.touchNoun(m); ok && c != "" {
				ch = c
				break
			}
			if c := t.chanOf(m); c != "" {
				ch = c
				break
			}
		}
	}
	return touch{n: 1 + t.againAfter(next), channel: ch, at: i, end: next - 1, quote: t.quote(i, next-1)}, true
}

// dateThenNoun reads a touch written date first in a list: "Since then:
// 3/9 email, 3/16 email, 3/23 call (left vm)".
func (t *text) dateThenNoun(i int) (touch, bool) {
	if !t.is(i-1, ":", ",", "-", "\n", ";", "then") && i > 0 {
		return touch{}, false
	}
	w, next, ok := t.dateAt(i)
	if !ok || !(w.month > 0 && w.day > 0 || w.day > 0 && w.month == 0 && t.toks[i].kind == kNum) {
		return touch{}, false
	}
	k := next
	if t.is(k, "-", ":") {
		k++
	}
	ch, isNoun := t.touchNoun(k)
	end := k
	if !isNoun {
		if c := t.chanOf(k); c != "" && (t.is(k, "linkedin", "li", "whatsapp", "sms", "text")) {
			ch, isNoun = c, true
			if isTouchNounNext(t, k+1) {
				end = k + 1
			}
		}
	}
	if !isNoun {
		return touch{}, false
	}
	// A list: another dated item before or after, in the same sentence or
	// on the bulleted lines around it ("- 12 Oct email w/ ROI sheet",
	// "- 19 Oct li connection req + note").
	a, b := t.sentOf(i)
	if t.is(i-1, "-", "•", "*", "\n") {
		for a > 0 && a > i-25 && t.toks[a-1].line >= t.toks[i].line-2 {
			a--
		}
		for b < len(t.toks) && b < i+25 && t.toks[b].line <= t.toks[i].line+2 {
			b++
		}
	}
	listed := false
	for m := a; m < b; m++ {
		if m >= i && m <= end {
			continue
		}
		_, nx, _ := t.dateAt(m)
		if _, noun := t.touchNoun(nx); t.isDateStart(m) && (noun || t.is(nx, "email", "call", "text", "vm", "linkedin", "li")) {
			listed = true
			break
		}
	}
	if !listed {
		return touch{}, false
	}
	if t.is(k, "call", "calls") {
		// A call in a list of sends is a try; a held call says so.
		if t.contains(k+1, min(k+6, b), "connected", "held", "spoke", "talked", "demo") >= 0 {
			return touch{}, false
		}
	}
	return touch{n: 1, channel: ch, at: i, end: end, quote: t.quote(i, end)}, true
}

func (t *text) datedNounBefore(i int) bool {
	// On the line, not the sentence: "Mail 16.02., Call 23.02." ends a
	// sentence at each dotted date.
	a := i
	for a > 0 && t.toks[a-1].line == t.toks[i].line {
		a--
	}
	for m := i - 1; m >= max(a, i-10); m-- {
		if _, ok := t.touchNoun(m); ok {
			return true
		}
		if t.is(m, "msg", "dm") {
			return true
		}
	}
	return false
}

// myDated reads "my 2/12 follow up email", "my Friday note": one touch.
func (t *text) myDated(i int) (touch, bool) {
	if !t.is(i, "my") {
		return touch{}, false
	}
	if c, noun := t.touchNoun(i + 1); noun && t.isDateStart(i+2) && !t.is(i-1, "to", "of") {
		// "Since then: my email Oct 18, my call Nov 1 (vm), my email Nov 8"
		_, j, _ := t.dateAt(i + 2)
		return touch{n: 1, channel: c, at: i, end: j - 1, quote: t.quote(i, j-1)}, true
	}
	w, j, ok := t.dateAt(i + 1)
	if !ok || !(w.day > 0 || w.hasWeekday) {
		return touch{}, false
	}
	ch := ""
	for k := j; k < min(j+4, len(t.toks)); k++ {
		if c, ok := t.touchNoun(k); ok || t.is(k, "follow") {
			if ch == "" {
				ch = c
			}
			if c != "" {
				ch = c
			}
			if t.is(k, "email", "emails", "note", "message", "text", "voicemail", "vm", "inmail", "follow-up", "followup", "ping", "nudge", "msg") && !t.is(k+1, "email", "note", "message") {
				return touch{n: 1, channel: ch, at: i, end: k, quote: t.quote(i, k)}, true
			}
			continue
		}
		if !t.is(k, "up", "-up", "quick", "short") {
			break
		}
	}
	return touch{}, false
}

// myNoun reads "no response to my follow-up email yesterday", "ignored my
// last two notes": the rep's own message, after a silence word.
func (t *text) myNoun(i int) (touch, bool) {
	if !t.is(i, "my") {
		return touch{}, false
	}
	a, _ := t.sentOf(i)
	if !t.silenceBefore(max(a, i-6), i) {
		return touch{}, false
	}
	j := i + 1
	chw := ""
	for j < i+4 && (t.is(j, "last", "latest", "follow-up", "followup", "follow", "up", "quick", "short", "recent", "previous", "intro", "introduction", "initial", "first", "original", "linkedin", "cold") || t.chanOf(j) != "" && isTouchNounNext(t, j+1)) {
		if c := t.chanOf(j); c != "" {
			chw = c // "my li message"
		}
		j++
	}
	ch, ok := t.touchNoun(j)
	if ok && ch == "" {
		ch = chw
	}
	if !ok && j > i+1 {
		if c, isNoun := t.touchNoun(j - 1); isNoun {
			j, ch, ok = j-1, c, true // "my follow-up."
		}
	}
	if !ok || t.is(j, "call", "calls") && !t.is(i-1, "of", "to", "or", "and", "nor") {
		return touch{}, false
	}
	n := 1
	if strings.HasSuffix(t.low(j), "s") && t.low(j) != "sms" {
		return touch{}, false // "my emails": how many is not said
	}
	return touch{n: n, channel: ch, at: i, end: j, quote: t.quote(i, j)}, true
}

// onceMore reads "and once by email", "plus twice on LinkedIn" after a
// touch: more touches by another channel.
func (t *text) onceMore(i int, found []touch) (touch, bool) {
	if len(found) == 0 || !t.is(i-1, "and", "plus", "then", ",", "also") || !t.sameSent(found[len(found)-1].at, i) {
		return touch{}, false
	}
	n, j, ok := t.times(i)
	if !ok && t.is(i, "a") && t.is(i+1, "couple", "few") {
		n, j, ok = t.times(i + 1) // "and a couple of times on the phone"
	}
	if !ok {
		return touch{}, false
	}
	ch := ""
	if t.is(j, "by", "on", "via", "over", "through") {
		ch = t.chanOf(j + 1)
		if ch == "" && t.is(j+1, "the") {
			ch = t.chanOf(j + 2) // "on the phone"
		}
	}
	if ch == "" {
		return touch{}, false
	}
	return touch{n: n, channel: ch, counted: true, at: i, end: j + 1, quote: t.quote(i, j+1)}, true
}

// andObjectTimes reads a second object of the same send: "emailed the
// generic inbox twice and their ops guy once", "called Dana 3 times and
// her assistant twice".
func (t *text) andObjectTimes(i int, found []touch) (touch, bool) {
	if len(found) == 0 || !t.is(i, "and") {
		return touch{}, false
	}
	prev := found[len(found)-1]
	gap := i - max(prev.end, prev.at)
	if gap > 2 && t.is(i-2, "by", "on", "via", "over") && t.chanOf(i-1) != "" {
		gap -= 2 // "2 times by mail and …"
	}
	if !prev.counted || !t.sameSent(prev.at, i) || gap > 2 {
		return touch{}, false
	}
	if _, ok := t.sendVerb(prev.at); !ok {
		return touch{}, false
	}
	for k := i + 1; k < min(i+8, len(t.toks)); k++ {
		if t.is(k, ".", ",", ";", "\n", "and", "but", "then") || t.toks[k].kind == kPunct && !t.is(k, "'s", "@") {
			break
		}
		if _, ok := t.sendVerb(k); ok {
			break // a verb of its own: its own touch
		}
		if n, next, ok := t.times(k); ok && k > i+1 {
			ch := prev.channel
			for m := i + 1; m < k; m++ {
				if c := t.chanOf(m); c != "" {
					ch = c // "email 2 times, and KakaoTalk 1 time": its own channel
				}
			}
			end := next - 1
			if c := t.chanOf(next + 1); c != "" && t.is(next, "by", "on", "via", "over") {
				// "2 times by mail and after 1 time by LinkedIn"
				ch, end = c, next+1
			}
			return touch{n: n, channel: ch, extra: ch == prev.channel, at: i, end: end, quote: t.quote(i, end)}, true
		}
	}
	return touch{}, false
}

// nounTimes reads a touch written as noun and count: "LinkedIn msg twice,
// email once", "vm x2".
func (t *text) nounTimes(i int) (touch, bool) {
	j := i
	ch := ""
	if c := t.chanOf(j); c != "" && isTouchNounNext(t, j+1) {
		ch = c
		j++
	}
	c, ok := t.touchNoun(j)
	if !ok && t.is(j, "phone", "mobile") && ch == "" && (t.is(i-1, ",", "and", "then", "+") || t.is(i-1, "i")) {
		c, ok = ChannelPhone, true // "I email 1 time, phone 2 times"
	}
	if !ok || t.is(j, "call", "calls", "attempt", "attempts", "try", "tries", "step", "steps") && !t.is(j+1, "unanswered") {
		return touch{}, false
	}
	n, next, ok := t.times(j + 1)
	if !ok || t.is(i-1, "the", "my", "her", "his", "their", "a", "an") || t.subjectIsProspect(i) {
		return touch{}, false
	}
	if ch == "" {
		ch = c
	}
	return touch{n: n, channel: ch, counted: true, at: i, end: next - 1, quote: t.quote(i, next-1)}, true
}

// sentCount reads "I've sent one since", "sent 2 more", "sent two after
// that": a count after a send verb with no noun.
func (t *text) sentCount(i int) (touch, bool) {
	if !t.is(i, "sent", "send", "written", "wrote", "done", "left") || t.subjectIsProspect(i) {
		return touch{}, false
	}
	n, j, ok := t.count(i + 1)
	if !ok {
		if t.is(i+1, "one", "another") {
			n, j, ok = 1, i+2, true
		}
	}
	if !ok {
		return touch{}, false
	}
	if !t.is(j, "since", "more", "after", "so", "total", "in", "already", "now", ".", ",", "\n") && j < len(t.toks) {
		return touch{}, false
	}
	if t.is(j, "more") && (t.nounCh(j+1) != "" || t.chanOf(j+1) != "") {
		return touch{}, false // "sent 2 more li msgs": the noun's reading says how
	}
	return touch{n: n, counted: true, at: i, quote: t.quote(i, j-1)}, true
}

// listNoun reads a counted touch in a list after another touch of the same
// sentence: "1 email 1 call", "2 emails, 1 linkedin since", "1 email then
// 1 LinkedIn msg".
func (t *text) listNoun(i int, found []touch) (touch, bool) {
	if len(found) == 0 || !t.sameSent(found[len(found)-1].at, i) || t.notACount(i) {
		return touch{}, false
	}
	n, j, ok := t.count(i)
	if !ok {
		// "2x email, 1x call"
		if n, j, ok = t.times(i); !ok {
			return touch{}, false
		}
	}
	ch := ""
	if c := t.chanOf(j); c != "" {
		ch = c
		j++
	}
	c, isNoun := t.touchNoun(j)
	if prev := found[len(found)-1]; !isNoun && ch == "" && prev.counted && t.is(j, "in", "on") && t.is(i-1, ",", "and", "+") && func() bool { _, _, ok := t.dateAt(j + 1); return ok }() {
		// "3 emails in Aug, 1 in Sept (9/9)": more of the same.
		return touch{n: n, channel: prev.channel, extra: true, at: i, end: j, quote: t.quote(i, j)}, true
	}
	if !isNoun && ch == "" {
		return touch{}, false
	}
	if isNoun {
		if ch == "" {
			ch = c
		}
	} else {
		j-- // "1 linkedin": the channel is the noun
	}
	if t.is(i-1, "had", "our", "the") || t.contains(max(0, i-3), i, "had", "we") >= 0 {
		return touch{}, false
	}
	return touch{n: n, channel: ch, counted: true, at: i, end: j, quote: t.quote(i, j)}, true
}

// againAfter: "emailed him Thursday and again this morning", "called Monday,
// then again Friday": one more of the same.
//
// It returns how many more: "then again Sep 21 and Sep 28" is two.
func (t *text) againAfter(j int) int {
	for k := j; k < min(j+12, len(t.toks)); k++ {
		if t.is(k, ".", ";", "\n") {
			return 0
		}
		at := -1
		if t.is(k, "and", "then", ",") && t.is(k+1, "again") {
			at = k + 2
		} else if t.is(k, "and") && t.is(k+1, "then") && t.is(k+2, "again") {
			at = k + 3
		}
		if at >= 0 {
			if d := t.datesListed(at); d > 1 {
				return d
			}
			return 1
		}
	}
	return 0
}

// quotedAfter reports whether quoted words follow the verb at i, after an
// optional date and colon: "emailed 3/25: \"…\"", "wrote: '…'".
func (t *text) quotedAfter(i int) bool {
	k := i + 1
	if _, next, ok := t.dateAt(k); ok {
		k = next
	} else if t.is(k, "on") {
		if _, next, ok := t.dateAt(k + 1); ok {
			k = next
		}
	}
	if t.is(k, ":", ",") {
		k++
	}
	return t.is(k, "\"", "“", "'")
}

// deliverableIn reports whether a thing sent is named in [a, b).
func (t *text) deliverableIn(a, b int) bool {
	for k := a; k < b; k++ {
		if deliverables[t.low(k)] && t.toks[k].kind == kWord && !t.is(k, "it", "that", "this", "them") {
			return true
		}
	}
	return false
}

// deliverables are things a prospect asks for and the rep sends.
var deliverables = map[string]bool{
	"it": true, "that": true, "this": true, "them": true, "proposal": true, "quote": true, "quotation": true,
	"thank-you": true, "thankyou": true, "thank": true,
	"contract": true, "deck": true, "pricing": true, "protocol": true, "sow": true, "msa": true, "agreement": true,
	"recap": true, "summary": true, "docs": true, "doc": true, "document": true, "documents": true, "case": true,
	"references": true, "report": true, "estimate": true, "order": true, "form": true, "samples": true, "sample": true,
	"specs": true, "spec": true, "brief": true, "one-pager": true, "draft": true, "plan": true, "layout": true,
	"schedule": true, "offer": true, "invoice": true, "certificate": true, "dpa": true, "nda": true, "po": true,
	"terms": true, "rates": true, "pack": true, "info": true, "details": true, "materials": true,
	"calculator": true, "breakdown": true, "comparison": true, "timeline": true, "roadmap": true, "redlines": true,
	"mom": true, "minutes": true, "mou": true, "loi": true, "rfq": true, "boq": true,
	"card": true, "gift": true, "postcard": true, "video": true, "link": true, "invite": true,
	"proposition": true, "proposta": true, "propuesta": true, "angebot": true, "devis": true, "cotización": true,
	"cotizacion": true, "orçamento": true, "orcamento": true, "offerte": true, "oferta": true,
	"questionnaire": true, "survey": true, "slides": true, "presentation": true, "whitepaper": true,
	"article": true, "study": true, "rfp": true, "rfi": true, "answers": true, "responses": true,
	"demo-link": true, "recording": true, "agenda": true, "checklist": true, "results": true, "figures": true,
	"numbers": true, "budgetary": true, "catalogue": true, "catalog": true, "brochure": true, "pricelist": true,
}

// datedItemAfter: the date at k ends one item of a list of dated sends
// ("recap may 14, call may 21, email may 28").
func (t *text) datedItemAfter(k int) bool {
	_, next, ok := t.dateAt(k)
	switch {
	case !ok:
		return false
	case t.is(next, ","):
		next++
	case !t.is(next-1, ","):
		return false // (a date read takes its comma along)
	}
	for m := next; m < min(next+2, len(t.toks)); m++ {
		if _, noun := t.touchNoun(m); noun || t.chanOf(m) != "" {
			return t.isDateStart(m + 1)
		}
	}
	return false
}

// unansweredCall: the date at k is followed by how a call went unanswered
// ("call may 21 (no answer)", "call 4/7 - vm").
func (t *text) unansweredCall(k int) bool {
	_, next, ok := t.dateAt(k)
	if !ok {
		return false
	}
	if t.is(next, "(", "-", "–", ",") {
		next++
	}
	return t.is(next, "no") && t.is(next+1, "answer", "pickup", "pick-up", "reply", "response") || t.is(next, "vm", "voicemail", "unanswered", "missed")
}

// isQuoteOpen reports whether token k opens quoted words.
func isQuoteOpen(t *text, k int) bool {
	return k >= 0 && k < len(t.toks) && (t.toks[k].s == "'" || t.toks[k].s == "\"" || t.toks[k].s == "“" || t.toks[k].s == "‘")
}

// sentThing reads a deliverable sent on a date after the prospect's last
// word: "Sent it 19 Aug", "sent the contract Nov 5", "sent that on the
// 7th". It went unanswered in a story about silence, so it is a touch; a
// deliverable with no date is history, not a chase.
func (t *text) sentThing(i int) (touch, bool) {
	if _, noun := t.touchNoun(i - 1); noun && t.is(i, "sent") {
		if _, _, counted := t.count(i - 2); counted {
			return touch{}, false // "1 email sent 15/12": the count read it
		}
	}
	if t.subjectIsProspect(i) || t.is(i-1, "never", "not", "haven't", "didn't") || t.personSentence(i) || t.is(i, "left") {
		return touch{}, false // "I've left it alone since": nothing went
	}
	j := i + 1
	if t.is(j, "on") && t.is(i-1, ",", "and") {
		j++ // "she said send proposal, sent on 8 July"
	}
	if w, next, ok := t.dateAt(j); ok && (w.day > 0 && (w.month > 0 || t.toks[j].kind != kNum) || w.hasWeekday) && t.is(i, "sent") {
		// "Sent Sept 30." after "asked for a revised quote": the thing asked for.
		return touch{n: 1, anchor: true, at: i, end: next - 1, quote: t.quote(i, next-1)}, true
	}
	if t.capWord(j) && (firstNamesHas(t.low(j)) || t.prospect != "" && foldLower(t.low(j)) == t.prospect) && t.is(j+1, "a", "an", "the", "our", "my") {
		j++ // "sent Nina a recap (Sep 1)"
	} else if t.capWord(j) && t.capWord(j+1) && t.is(j+2, "the", "a", "an", "our") {
		j += 2 // "we sent Acme Packaging the renewal quote 5/27"
	}
	for j < i+4 && t.is(j, "her", "him", "them", "over", "the", "our", "my", "a", "an", "revised", "updated", "final", "new") {
		if t.is(j, "them") && (t.is(j+1, "same", "that", "on", "yesterday", "today") || t.isDateStart(j+1)) {
			break // "Sent them same day": them is what was sent
		}
		j++
	}
	if _, sb := t.sentOf(i); !deliverables[t.low(j)] && t.isWord(j) && t.contains(j+1, min(j+3, sb), "again") >= 0 {
		// "sent the discount again w/ a deadline": whatever it was, sent
		// again is one more try.
		k := t.contains(j+1, min(j+3, sb), "again")
		return touch{n: 1, anchor: true, at: i, end: k, quote: t.quote(i, k)}, true
	}
	if !deliverables[t.low(j)] {
		// "the range deck", "the pricing sheet": the thing within a word or two.
		found := false
		for k := j + 1; k < min(j+3, len(t.toks)); k++ {
			if t.is(k, "after", "since", "before", "because", "when", "until") {
				break // "sent 2 after that": not a thing called "that"
			}
			if deliverables[t.low(k)] && t.toks[k].kind == kWord {
				j, found = k, true
				break
			}
			if !t.isWord(k) {
				break
			}
		}
		_, touchNoun := t.touchNoun(j)
		if !found && t.is(i, "sent", "send", "shared") && !t.is(j, "it", "that", "this", "them", "him", "her", "me", "us") && !touchNoun && t.chanOf(j) == "" {
			// "I sent the VPAT 3/4", "Sent 3 refs 6 Mar": whatever it was,
			// a dated thing sent is one send.
			for k := j; k < min(j+4, len(t.toks)); k++ {
				if !t.isWord(k) && t.toks[k].kind != kNum || t.is(k, "and", "but", "to", "for", "with", "after", "since", "before", "follow", "follow-up", "followup") {
					break
				}
				if _, noun := t.touchNoun(k); noun {
					break // "sent 1 email on Aug 27": the touch readers count that
				}
				if k > j && t.isDateStart(k) {
					if _, next, ok := t.dateAt(k); ok {
						return touch{n: 1, anchor: true, at: i, end: next - 1, quote: t.quote(i, next-1)}, true
					}
				}
			}
		}
		if !found {
			return touch{}, false
		}
	}
	// The object may run a few words: "the case study from the Whyalla
	// project", "the revised quote".
	k := j + 1
	for k < min(j+6, len(t.toks)) && !t.is(k, ".", ",", ";", "\n", "and", "+", "then", "but", "on", "in", "over", "across", "that", "the", "last", "yesterday", "today", "this", "same") && t.toks[k].kind != kNum && !t.isDateStart(k) {
		k++
	}
	if t.is(k, "over", "across") {
		k++
	}
	if t.is(k, "on", "in") {
		k++
	}
	_, sb := t.sentOf(i)
	w, next, ok := t.dateAt(k)
	dated := ok && (w.day > 0 || w.hasWeekday || w.rel == "yesterday" || w.rel == "today" || w.rel == "last week")
	if _, dj, okd := t.durationAt(k); okd && t.is(dj, "ago") {
		dated, next = true, dj+1 // "sent the range deck 3 weeks ago"
	}
	if !dated && t.is(k, "that", "the", "same") && t.contains(k, min(k+3, len(t.toks)), "day", "arvo", "afternoon", "evening", "morning", "night", "week") >= 0 {
		dated, next = true, k+2 // "sent it the same day", "that arvo"
	}
	if !dated && t.timeBefore(i) {
		dated, next = true, k // "Wednesday I sent Leila the contract redlines"
	}
	if !dated {
		// No time: a deliverable counts when the clause lists a chase with
		// it ("+ a f/u") or silence follows.
		if !t.silenceAfter(j, sb) && t.contains(j, min(j+8, sb), "+", "and") < 0 && t.contains(j, min(j+4, sb), "followed", "chased", "nudged", "pinged", "bumped") < 0 {
			return touch{}, false
		}
		next = min(k, sb)
	}
	ch := t.channelAround(j)
	for m := j; ch == "" && m <= min(k, j+2); m++ {
		ch = t.nounCh(m) // "the pricing email": it went by email
	}
	n := 1
	if m := next; dated && t.is(m, "and") && (deliverables[t.low(m+1)] || t.is(m+1, "the", "a", "our") && deliverables[t.low(m+2)]) {
		// "sent thank-you mail on June 25 and quotation on July 1": a
		// second thing, sent on its own day.
		e := m + 1
		for e < min(m+6, len(t.toks)) && !t.isDateStart(e) && t.isWord(e) {
			e++
		}
		if t.is(e, "on") {
			e++
		}
		if w2, next2, ok2 := t.dateAt(e); ok2 && (w2.day > 0 || w2.hasWeekday) {
			n, next = 2, next2
		}
	}
	return touch{n: n, channel: ch, anchor: n == 1, at: i, end: next - 1, quote: t.quote(i, next-1)}, true
}

// channelOfSends finds how the rep has been reaching out when no count is
// given: "been chasing Femi on WhatsApp for ages", "emailing her weekly".
func (t *text) channelOfSends(skip func(int) bool) (string, string) {
	for i := len(t.toks) - 1; i >= 0; i-- {
		if skip != nil && skip(i) {
			continue
		}
		w := t.low(i)
		// "bunch of emails", "some e-mails", "a few texts", "mostly email":
		// how many is not said, how it went is.
		if c := t.nounCh(i); c != "" && strings.HasSuffix(w, "s") && (t.is(i-1, "some", "several", "few", "bunch", "couple", "many", "lots", "multiple", "various") || t.is(i-1, "of") && t.is(i-2, "bunch", "couple", "lot", "lots", "number", "few")) && !t.subjectIsProspect(i) {
			return c, t.quote(max(0, i-2), i)
		}
		if c := t.chanOf(i); c != "" && t.is(i-1, "mostly", "mainly", "all") && t.contains(max(0, i-12), i, "pinged", "emailed", "followed", "chased", "sent", "tried", "reached", "times") >= 0 {
			return c, t.quote(i-1, i)
		}
		c, ok := sendVerbs[w]
		if !ok && !strings.HasSuffix(w, "ing") {
			continue
		}
		if !ok {
			c, ok = sendVerbs[strings.TrimSuffix(w, "ing")+"ed"]
			if !ok {
				continue
			}
		}
		if t.subjectIsProspect(i) {
			continue
		}
		_, b := t.sentOf(i)
		for k := i + 1; k < min(b, i+8); k++ {
			if cw := t.chanOf(k); cw != "" && t.is(k-1, "on", "via", "by", "over", "through", "in") {
				return cw, t.quote(i, k)
			}
		}
		if c != "" && (t.is(i-1, "i", "been", "keep", "kept", "i've", "ive", "we", "we've", "weve", "have") || strings.HasSuffix(w, "ing") && t.is(i-1, "been")) {
			return c, t.quote(i, min(i+2, b-1))
		}
	}
	return "", ""
}

// personSentence: the sentence holding token i opens with a person's name
// and no "I" or "we" comes before i ("Marta Kowalczyk, Logistics Director,
// sent Mar 30"): what was sent is theirs.
func (t *text) personSentence(i int) bool {
	a, _ := t.sentOf(i)
	for a < i && t.toks[a].kind != kWord {
		a++
	}
	if a >= i || !t.capWord(a) || !firstNames[t.low(a)] {
		return false
	}
	if t.is(a+1, ":", "-", "–", "—") && t.is(i+1, "him", "her", "them") {
		return false // "Daniel: sent him the business case 2/9": a label, then the rep's send to him
	}
	return t.contains(a, i, "i", "we", "i've", "we've", "i'd", "me") < 0
}

// anchorDated reports whether a deliverable send says when it went.
func (t *text) anchorDated(tc touch) bool {
	for k := tc.at; k <= tc.end && k < len(t.toks); k++ {
		if t.isDateStart(k) {
			return true
		}
		if _, j, ok := t.durationAt(k); ok && t.is(j, "ago") {
			return true
		}
		if t.is(k, "that", "same") && t.is(k+1, "day", "afternoon", "arvo", "evening", "morning", "night") || t.is(k, "yesterday", "today") {
			return true // "sent it that afternoon"
		}
	}
	return false
}

// wentOut reads a deliverable told in the passive: "Proposal went out April
// 12", "the quote was sent on the 3rd": one send of the rep's.
func (t *text) wentOut(i int) (touch, bool) {
	if !deliverables[t.low(i)] || t.is(i, "it", "that", "this", "them", "order", "case", "plan", "schedule", "results", "numbers", "answers", "responses", "info", "details") {
		return touch{}, false
	}
	if t.is(i+1, "by", "via", "over") && t.chanOf(i+2) != "" && t.isDateStart(i+3) && !t.is(i, "it", "that", "this", "them") {
		// "since: deck by email 6/27, fu email 7/5": a dated send in a list.
		_, j, _ := t.dateAt(i + 3)
		return touch{n: 1, channel: t.chanOf(i + 2), at: i, end: j - 1, quote: t.quote(i, j-1)}, true
	}
	if !(t.is(i+1, "went") && t.is(i+2, "out", "over") || t.is(i+1, "was", "got") && t.is(i+2, "sent", "emailed", "delivered", "submitted") || t.is(i+1, "i", "we") && t.is(i+2, "sent", "emailed", "mailed", "submitted") && t.is(i-1, "the", "my", "our")) {
		return touch{}, false
	}
	end := i + 2
	k := end + 1
	if t.is(k, "on", "in", "during") && (t.is(k+1, "a", "the", "our") && t.is(k+2, "call", "meeting", "zoom", "visit", "demo") || t.is(k+1, "call", "meeting", "zoom")) {
		return touch{}, false // "pricing went over on a call": talked through, not sent
	}
	if t.is(k, "on") {
		k++
	}
	if _, j, ok := t.dateAt(k); ok && t.isDateStart(k) {
		end = j - 1 // "…went out April 12": dated, so counted
	}
	return touch{n: 1, anchor: true, at: i, end: end, quote: t.quote(i, end)}, true
}

// Words are read accent-folded ("ligação" as "ligacao"): the word lists
// find both spellings.
func init() {
	for _, m := range []map[string]string{touchNouns, sendVerbs, channelWords} {
		for k, v := range m {
			if f := foldLower(k); f != k {
				m[f] = v
			}
		}
	}
	for k := range deliverables {
		if f := foldLower(k); f != k {
			deliverables[f] = true
		}
	}
}

// closeParen returns the ")" closing a bracket opened at token k within
// most tokens on the same line, or -1.
func (t *text) closeParen(k, most int) int {
	if !t.is(k, "(") {
		return -1
	}
	for m := k + 1; m < min(k+most, len(t.toks)); m++ {
		if t.is(m, "\n") {
			return -1
		}
		if t.is(m, ")") {
			return m
		}
	}
	return -1
}

// bareTimes reads a count told as its own sentence after the send: "Only
// called. 5 times."
func (t *text) bareTimes(i int) (touch, bool) {
	a, _ := t.sentOf(i)
	if a != i || a == 0 {
		return touch{}, false
	}
	n, next, ok := t.times(i)
	if !ok || !(next >= len(t.toks) || t.is(next, ".", "!", "\n", ",")) {
		return touch{}, false
	}
	pa, _ := t.sentOf(a - 1)
	for k := a - 1; k >= pa; k-- {
		if t.toks[k].kind != kWord {
			continue
		}
		if c, ok := t.sendVerb(k); ok && t.is(k, "called", "emailed", "texted", "rang", "phoned", "messaged", "pinged", "chased", "whatsapped") {
			return touch{n: n, channel: c, counted: true, at: i, end: next - 1, quote: t.quote(k, next-1)}, true
		}
		break // the sentence must end with the verb
	}
	return touch{}, false
}

// countOfThem reads a count that refers back to the rep's sends named just
// before: "hasn't replied to my LI msgs. 3 of them since Sept 30", "my
// emails to her — 4 of them — went nowhere". It opens its clause, so "she
// opened 3 of them" is not a count of sends.
func (t *text) countOfThem(i int) (touch, bool) {
	if !(t.toks[i].first || t.is(i-1, ",", ";", ":", "-", "–", "—", "(")) {
		return touch{}, false
	}
	n, j, ok := t.count(i)
	if !ok || n < 1 || n > 20 || !t.is(j, "of") || !t.is(j+1, "them", "those", "these") {
		return touch{}, false
	}
	for k := i - 1; k >= max(0, i-15); k-- {
		if t.is(k, "\n") && t.is(k-1, "\n") {
			break // a paragraph back is too far
		}
		c, noun := t.touchNoun(k)
		if !noun || !strings.HasSuffix(t.low(k), "s") || !t.is(k-1, "my", "our") && !t.is(k-2, "my", "our") {
			continue
		}
		if c == "" {
			c = t.chanOf(k - 1)
		}
		return touch{n: n, channel: c, counted: true, summary: true, at: i, end: j + 1, quote: t.quote(i, j+1)}, true
	}
	return touch{}, false
}

// countIs reads a count the rep keeps: "follow up count with Greta is at 5
// now, all email", "touch count: 4", "my fu tally is 6".
func (t *text) countIs(i int) (touch, bool) {
	if !t.is(i, "count", "tally", "total") {
		return touch{}, false
	}
	k := i - 1
	if t.is(k, "up", "ups") && t.is(k-1, "follow") {
		k--
	}
	c, noun := t.touchNoun(k)
	if !noun && !t.is(k, "follow", "touch", "chase", "chaser") {
		return touch{}, false
	}
	for m := i + 1; m < min(len(t.toks), i+8); m++ {
		if t.is(m, ".", ";", "\n", "?") {
			break
		}
		if !t.is(m-1, "is", "at", "=", ":", "now", "of") {
			continue
		}
		n, j, ok := t.count(m)
		if !ok || n > 30 || t.toks[m].kind == kNum && t.isDateStart(m) && t.is(j, "/", ".", "-") {
			continue
		}
		if c == "" {
			c = t.channelAround(j - 1)
		}
		// "is at 5 now, all email", "is 6, all calls"
		for a := j; c == "" && a < j+2; a++ {
			if t.is(a, ",") && t.is(a+1, "all", "every", "each") {
				c = cmp.Or(t.chanOf(a+2), t.nounCh(a+2))
			}
		}
		return touch{n: n, channel: c, counted: true, summary: true, at: k, end: j - 1, quote: t.quote(k, j-1)}, true
	}
	return touch{}, false
}
