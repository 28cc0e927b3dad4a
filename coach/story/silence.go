package story

import (
	"strconv"
	"strings"
	"time"
)

var unitDays = map[string]int{
	"day": 1, "days": 1, "d": 1, "business": 1, "working": 1,
	"week": 7, "weeks": 7, "wk": 7, "wks": 7, "w": 7, "fortnight": 14, "fortnights": 14,
	"month": 30, "months": 30, "mo": 30, "mos": 30, "mth": 30, "mths": 30, "m": 30,
	"year": 365, "years": 365, "yr": 365, "yrs": 365, "quarter": 91, "quarters": 91,
	// Portuguese, Spanish, German, French and Italian: "8 semanas sem
	// resposta", "hace 3 semanas", "seit 5 Wochen".
	"dias": 1, "días": 1, "tage": 1, "tagen": 1, "jours": 1, "giorni": 1,
	"semana": 7, "semanas": 7, "woche": 7, "wochen": 7, "semaine": 7, "semaines": 7, "settimana": 7, "settimane": 7,
	"mes": 30, "meses": 30, "mês": 30, "monat": 30, "monate": 30, "monaten": 30, "mois": 30, "mese": 30, "mesi": 30,
}

// durationAt reads a span of time at token i: "24 days", "six weeks", "a
// month", "a couple of weeks", "a fortnight", "6wks", "1.5 weeks", "a week
// and a half". It returns the length in days and the index after it.
func (t *text) durationAt(i int) (int, int, bool) {
	if i < 0 {
		return 0, i, false
	}
	if i >= len(t.toks) {
		return 0, i, false
	}
	low := t.low(i)
	// "6wks", "3mo", "10d", "2w"
	if t.toks[i].kind == kNum {
		d := 0
		for d < len(low) && low[d] >= '0' && low[d] <= '9' {
			d++
		}
		if d < len(low) && d > 0 {
			if u, ok := unitDays[low[d:]]; ok && low[d:] != "m" {
				n, _ := strconv.Atoi(low[:d])
				return n * u, i + 1, true
			}
		}
		// "1.5 weeks"
		if f, err := strconv.ParseFloat(low, 64); err == nil && strings.Contains(low, ".") {
			if u, ok := unitDays[t.low(i+1)]; ok {
				return int(f*float64(u) + 0.5), i + 2, true
			}
		}
	}
	if t.is(i, "fortnight") {
		return 14, i + 1, true
	}
	if t.is(i, "half") && t.is(i+1, "a", "an") {
		if u, ok := unitDays[t.low(i+2)]; ok {
			return u / 2, i + 3, true
		}
	}
	n, j, ok := t.count(i)
	if !ok {
		if t.is(i, "a", "an", "one") {
			n, j, ok = 1, i+1, true
		} else if t.is(i, "couple") || t.is(i, "few") {
			n, j, ok = map[string]int{"couple": 2, "few": 3}[low], i+1, true
			if t.is(j, "of") {
				j++
			}
		}
	}
	if !ok {
		return 0, i, false
	}
	if t.is(j, "more", "full", "whole", "long", "solid", "straight", "entire", "business", "working", "calendar") {
		if t.is(j, "business", "working", "calendar") && t.is(j+1, "days") {
			return n, j + 2, true
		}
		j++
	}
	if t.is(j, "-") {
		j++
	}
	half := false
	if t.is(j, "and") && t.is(j+1, "a") && t.is(j+2, "half") {
		half, j = true, j+3 // "2 and a half weeks"
	}
	u, ok := unitDays[t.low(j)]
	if !ok || t.low(j) == "d" || t.low(j) == "w" || t.low(j) == "m" {
		return 0, i, false
	}
	days := n * u
	if half {
		days += u / 2
	}
	j++
	if t.is(j, "and") && t.is(j+1, "a") && t.is(j+2, "half") {
		days += u / 2
		j += 3
	}
	return days, j, true
}

// silenceWords mark a clause as being about the quiet: "no reply", "radio
// silence", "haven't heard", "ghosted".
func (t *text) silenceBefore(a, i int) bool {
	for k := i - 1; k >= a; k-- {
		w := t.low(k)
		switch w {
		case "silent", "silence", "quiet", "dark", "crickets", "nothing", "ghosted", "mia", "awol", "nada", "zilch", "cold":
			return true
		case "reply", "response", "answer", "word", "contact", "news", "peep", "reaction", "replies", "responses", "feedback", "communication", "comms", "engagement", "revert":
			// "revert" is "reply" in Indian English: "no revert for 2 weeks".
			// "don't answer since 5 weeks": the verb, negated.
			if t.contains(max(a, k-3), k, "no", "zero", "without", "any", "nothing", "not", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "won't", "wont") >= 0 {
				return true
			}
		case "heard", "hear", "replied", "responded", "answered", "spoken", "talked", "spoke", "engaged", "respond", "picked", "returned", "taken", "acknowledged", "gotten", "got", "back",
			"responding", "replying", "answering", "reverted", "reverting":
			if t.contains(max(a, k-4), k, "not", "haven't", "hasn't", "havent", "hasnt", "haven’t", "didn't", "didnt", "don't", "dont", "doesn't", "doesnt", "won't", "wont", "never", "no", "nothing", "without", "neither", "nobody", "none") >= 0 {
				return true
			}
		case "been":
			// "it's been 3 weeks", "been 24 days"
			if k == i-1 || k == i-2 && t.is(i-1, "over", "about", "almost", "nearly", "around", "roughly", "like", "a", "more", "well") {
				return true
			}
		}
	}
	return false
}

// lastContactWords open "last reply was…", "last heard from Tom 24 days ago".
func (t *text) lastContactBefore(a, i int) (bool, bool) {
	for k := i - 1; k >= a; k-- {
		if t.is(k, "last", "latest", "final", "most", "ultima", "última", "ultimo", "último", "letzte", "letzten", "dernière", "derniere") {
			w := t.low(k + 1)
			if v, ok := lastWords[w]; ok {
				w = v // "ultima risposta", "letzte Antwort": the last reply
			}
			if t.is(k+1, "recent", "actual", "live", "genuine") {
				w = t.low(k + 2) // "our last actual conversation was 9/28"
			}
			switch w {
			case "reply", "replied", "response", "responded", "heard", "hear", "contact", "contacted", "spoke", "spoken", "talked",
				"touch", "touchpoint", "word", "message", "email", "note", "conversation", "convo", "chat", "exchange",
				"interaction", "engagement", "answer", "answered", "communication", "time", "saw", "real", "proper", "two-way",
				"meeting", "mtg", "mtng", "call", "demo", "sync", "catch-up", "catchup", "got", "we", "i", "from", "had", "msg", "text", "talk", "visit", "reply:", "revert", "one",
				"activity", "inbound", "engaged", "seen", "heard:", "comms", "mailed", "emailed", "wrote", "texted", "messaged", "pinged", "came", "mail", "e-mail", "whatsapp", "met", "visited", "caught":
				// "last email from her", "last time we spoke": the prospect's side.
				// "last email" alone may be the rep's; that is checked by the
				// caller through a rep subject.
				rep := (w == "email" || w == "note" || w == "message" || w == "touch" || w == "touchpoint") && t.contains(k+1, i, "from") < 0 && t.contains(k-2, k, "my") >= 0 ||
					// "Last contact from my side was call on Monday"
					t.contains(k+1, min(i, k+5), "side", "end") >= 0 && t.contains(k+1, min(i, k+5), "my", "our") >= 0 ||
					t.is(k-1, "i", "we") || // "I last emailed her 2 weeks ago" is the rep's send
					(w == "i" || w == "we") && repSends[t.low(k+2)] || // "Last I called on Monday"
					// "last call was on Friday, he did not pick": a try.
					(w == "call" || w == "email" || w == "message" || w == "msg" || w == "text" || w == "note" || w == "touch" || w == "one") && t.contains(k+1, i, "from", "with") < 0 && t.unansweredAfter(i) ||
					// "made 2 follow up calls since, no pickup, last one yesterday"
					w == "one" && t.contains(a, k, "had", "held", "did", "done") < 0 && (t.repSubject(a, k) || t.contains(a, k, "calls", "emails", "follow-ups", "follow", "fu", "fus", "messages", "texts", "vms", "voicemails", "mails", "reminders", "reminder", "notes", "chasers", "nudges", "whatsapps", "sms",
						// "i've followed up 4 times, …, last one was LI on friday"
						"followed", "pinged", "emailed", "called", "texted", "messaged", "chased", "nudged", "tried", "times") >= 0) ||
					// "After that 3 mails and 2 calls, last call was on Monday",
					// "since then 1 call + 2 texts, last text Monday arvo": the
					// last of the sends just counted.
					(w == "call" || w == "email" || w == "mail" || w == "message" || w == "msg" || w == "text" || w == "whatsapp" || w == "vm" || w == "voicemail" || w == "sms" || w == "note" || w == "touch" || w == "touchpoint" || w == "one") && t.contains(k+1, i, "from", "with") < 0 && !t.is(k-1, "our", "her", "his", "their") && t.countedSendsBefore(k) && (w != "one" && w != "touch" || t.contains(a, k, "had", "held", "did", "done") < 0)
				return true, rep
			case "on":
				// "Two calls with Bram, the last on Nov 16": the last of the
				// conversations told just before.
				if t.is(k-1, "the") && t.contains(max(a, k-10), k, "calls", "meetings", "demos", "sessions", "chats", "conversations", "visits", "workshops") >= 0 && t.contains(max(a, k-10), k, "follow-up", "follow", "unanswered", "cold", "voicemail", "voicemails") < 0 {
					return true, t.repSubject(a, k)
				}
			case "thing":
				// "Last thing I got from her was…", "last thing either of
				// them sent was…"; "the last thing I sent" is the rep's.
				rep := t.contains(k+1, i, "i", "we") >= 0 && t.contains(k+1, i, "sent", "did", "emailed", "wrote", "said", "send", "write", "called", "call") >= 0
				return true, rep
			}
		}
		if t.is(k, "heard") && t.is(k+1, "from", "back") {
			return true, false
		}
	}
	return false, false
}

// unansweredAfter: the words after token i say a try went unanswered ("he
// did not pick", "straight to voicemail", "no answer").
func (t *text) unansweredAfter(i int) bool {
	for k := i; k < min(i+10, len(t.toks)); k++ {
		if t.is(k, "\n") {
			return false
		}
		if t.is(k, "voicemail", "vm", "unanswered", "rang") || t.is(k, "no") && t.is(k+1, "answer", "reply", "response", "pickup") ||
			t.is(k, "not", "didn't", "didnt", "never") && t.is(k+1, "pick", "picked", "answer", "answered", "reply", "replied") ||
			t.is(k, "did") && t.is(k+1, "not") && t.is(k+2, "pick", "answer", "reply") {
			return true
		}
	}
	return false
}

// lastWords are the other languages' words for what came last: "ultima
// risposta 25 luglio", "última reunião", "letzte Antwort".
var lastWords = map[string]string{
	"risposta": "reply", "respuesta": "reply", "resposta": "reply", "antwort": "reply", "réponse": "reply", "reponse": "reply",
	"contacto": "contact", "contato": "contact", "contatto": "contact", "kontakt": "contact",
	"reunión": "meeting", "reunion": "meeting", "reunião": "meeting", "reuniao": "meeting", "riunione": "meeting", "termin": "meeting",
	"llamada": "call", "ligação": "call", "chiamata": "call", "anruf": "call", "appel": "call",
}

// twoWayEvents are things that happen with the prospect: a call held, a
// demo, a meeting, a reply.
var twoWayEvents = map[string]bool{
	"demo": true, "demoed": true, "call": true, "meeting": true, "met": true, "spoke": true, "talked": true, "lunch": true,
	"coffee": true, "dinner": true, "meet": true, "presentation": true, "workshop": true, "session": true, "walkthrough": true,
	"discovery": true, "intro": true, "replied": true, "responded": true, "answered": true, "wrote": true, "said": true,
	"told": true, "visit": true, "onsite": true, "qbr": true, "pilot": true, "review": true, "sync": true, "chat": true,
	"chatted": true, "conversation": true, "convo": true, "zoom": true, "teams": true, "kickoff": true, "trial": true,
	"poc": true, "wrapped": true, "accepted": true, "agreed": true, "asked": true, "confirmed": true,
	"reply": true, "response": true, "answer": true, "cancelled": true, "canceled": true, "rescheduled": true,
	"exercise": true, "training": true, "in-service": true, "tasting": true, "tour": true, "toured": true,
	"post-demo": true, "post-call": true, "post-meeting": true,
	"ride-along": true, "webinar": true, "fair": true, "expo": true, "conference": true, "interview": true,
	"signed": true, "acknowledged": true, "visited": true, "trialed": true, "loved": true, "liked": true,
	"mtg": true, "mtng": true, "wrap-up": true, "debrief": true, "catch-up": true, "catchup": true,
	"speak": true, "talk": true, "drinks": true, "beers": true, "breakfast": true, "walked": true, "dive": true, "deep-dive": true, "walk-through": true, "walk-thru": true, "walkthru": true, "demo'd": true, "demod": true, "visio": true, "sit-down": true, "yarn": true,
}

// repSends are things the rep did alone.
var repSends = map[string]bool{
	"sent": true, "emailed": true, "followed": true, "pinged": true, "chased": true, "nudged": true, "proposal": true,
	"quote": true, "texted": true, "messaged": true, "left": true, "called": true, "submitted": true, "shared": true,
	"forwarded": true, "bumped": true, "rang": true, "phoned": true, "tried": true, "whatsapped": true, "wrote": true,
	"mailed": true, "asked": true,
	// The present tense of reps writing English as a second language: "I
	// call him three times", "yesterday I send SMS" (after "I" only: at a
	// sentence's start "Call on Oct 7" is a call held).
	"send": true, "call": true, "email": true, "text": true, "whatsapp": true, "message": true, "mail": true,
}

// presentSends are the repSends that are also nouns.
var presentSends = map[string]bool{"send": true, "call": true, "email": true, "text": true, "whatsapp": true, "message": true, "mail": true, "wrote": true, "tried": true}

type silenceFinding struct {
	days  int
	tier  int // lower is stronger
	quote string
	// event: dated by an exchange on a day ("tech review 6/10"), where the
	// latest of two is the last contact, not the longest silence.
	event bool
	// replied: the prospect's own reply, dated ("he replied to my
	// LinkedIn on March 16"): it ends any silence told from before it.
	replied bool
}

// daysSilent reads how long the prospect has been quiet, strongest evidence
// first: a stated silence ("no reply for 24 days"), then the last two-way
// contact ("demo 3 weeks ago", "since the Nov 12 call"), then the rep's own
// last send as a lower bound.
func (t *text) daysSilent(now time.Time, skip func(int) bool) (int, string) {
	best := silenceFinding{days: -1, tier: 99}
	consider := func(f silenceFinding) {
		if f.days < 0 || f.days > 3*365 {
			return
		}
		// Between two meetings or calls of the same standing, the latest
		// is the last contact ("met 7 Jan, again 21 Jan, call 28 Jan");
		// between two statements of silence, the longer is the one meant.
		if f.tier <= 2 && best.tier <= 2 && f.tier != best.tier && (f.event || f.replied) && (best.event || best.replied) && best.days >= 0 {
			// Two contacts, a reply and a meeting held ("replied Oct 1
			// to confirm the workshop; the workshop happened Oct 8"): the
			// later one is the last.
			if f.days < best.days {
				best = f
			}
			return
		}
		if f.tier == best.tier && f.replied != best.replied {
			// A dated reply ends a silence told from before it, and no
			// other clue of its standing dates past it.
			if f.replied && f.days < best.days || !f.replied && f.event && f.days < best.days {
				// (and a named meeting held after the reply is the last
				// contact: "replied Oct 1 to confirm the workshop; the
				// workshop happened Oct 8")
				best = f
			}
			return
		}
		later := f.tier == 4 || f.event && best.event
		if f.tier < best.tier || f.tier == best.tier && (!later && f.days > best.days || later && f.days < best.days) {
			best = f
		}
	}
	for i := 0; i < len(t.toks); i++ {
		if skip != nil && skip(i) {
			continue
		}
		a, b := t.sentOf(i)
		// Durations.
		if d, j, ok := t.durationAt(i); ok {
			silent := t.silenceBefore(a, i) || t.quietVerbBefore(a, i)
			if t.negatedDuration(a, i) ||
				!silent && t.is(i-1, "in", "within", "every", "per", "each", "next", "another", "until", "till", "by", "a") && !t.is(j, "ago") ||
				t.is(j, "contract", "deal", "term", "trial", "pilot", "poc", "agreement", "commitment", "licence", "license", "subscription", "renewal", "notice", "cycle", "sprint", "project", "rollout", "implementation", "freeze", "window", "old", "later", "out", "left", "remaining", "before", "into", "lead", "sales") ||
				// "30 days from signing"; not "no reply for 24 days from Keiko"
				t.is(j, "from") && !(silent && (t.capWord(j+1) || t.is(j+1, "her", "him", "them"))) ||
				t.is(i-1, "-") && t.toks[i-1].end == t.toks[i].start || t.contains(max(a, i-3), i, "for") >= 0 && t.contains(max(a, i-4), i, "locked", "signed", "contract", "renewed", "committed", "tied", "freeze", "frozen", "pilot", "trial") >= 0 {
				i = j - 1
				continue
			}
			q := t.quote(max(a, i-6), min(j, b-1))
			switch {
			case t.is(j, "ago", "atrás", "atras") || t.is(j, "fa") && !t.isWord(j+1) || t.is(i-1, "faz", "hace", "vor") || t.is(j, "back") && !t.is(j+1, "and", "to"):
				// "… 3 weeks ago", "15 dias atrás", "hace 3 semanas", "faz 3
				// semanas", "vor 3 Wochen", "3 settimane fa"
				// "… 3 weeks ago": what happened then?
				last, rep := t.lastContactBefore(a, i)
				switch {
				case t.is(i-1, "was") && t.is(i-2, "that", "this") && t.prospectAnswered(a, i-2):
					// "he answered my 2nd email saying 'will revert', that
					// was 9 days ago"
					consider(silenceFinding{days: d, tier: 1, quote: q})
				case t.contains(max(a, i-6), i, "since") >= 0 && !t.repSubject(t.contains(max(a, i-6), i, "since"), i):
					// "since the roadshow 10 days ago"
					consider(silenceFinding{days: d, tier: 1, quote: q})
				case last && !rep:
					consider(silenceFinding{days: d, tier: 1, quote: q})
				case t.silenceBefore(a, i) || t.quietVerbBefore(a, i):
					consider(silenceFinding{days: d, tier: 1, quote: q})
				case t.eventBefore(a, i, twoWayEvents) && !t.repSubject(a, i):
					consider(silenceFinding{days: d, tier: 2, quote: q})
				case (t.eventBefore(a, i, repSends) || rep) && (t.silenceAfter(j, b) || t.silenceBefore(a, i)):
					consider(silenceFinding{days: d, tier: 3, quote: q})
				case t.thatWas(a, i) && a > 0 && (t.eventAround(t.sents[t.toks[a-1].sent][0], a, twoWayEvents) || t.quietVerbBefore(t.sents[t.toks[a-1].sent][0], a) || t.silenceBeforeSentence(a) || func() bool { l, r := t.lastContactBefore(t.sents[t.toks[a-1].sent][0], a); return l && !r }()):
					// "Brian said he'd get back by Friday. That was 2 weeks ago."
					consider(silenceFinding{days: d, tier: 2, quote: q})
				case t.silenceAfter(j, b):
					consider(silenceFinding{days: d, tier: 2, quote: q})
				case t.eventAround(j, b, twoWayEvents) && !t.repSubject(j, b):
					// "3 weeks back he said he'd share it"
					consider(silenceFinding{days: d, tier: 2, quote: q})
				}
			case t.is(j, "quiet", "silent", "dark", "silence", "ghosted", "mia", "radio", "cold", "unanswered") || t.is(j, "no") && t.is(j+1, "answer", "reply", "response", "word", "news") || t.is(j, "with") && t.is(j+1, "no", "nothing") ||
				t.is(j, "without", "sem", "sin", "ohne", "sans", "senza") && t.is(j+1, "answer", "reply", "response", "news", "contact", "word", "a", "any", "resposta", "respuesta", "antwort", "réponse", "reponse", "risposta", "retorno"):
				// "1 month without answer", "8 semanas sem resposta"
				// "10 days quiet", "one month no answer"
				consider(silenceFinding{days: d, tier: 1, quote: q})
			case t.is(i-1, "since", "for") && t.contains(j, min(j+4, b), "not", "no", "without", "zero") >= 0 && t.contains(j, min(j+6, b), "answering", "replying", "responding", "reply", "answer", "response", "reaction", "contact", "news", "word", "answered", "replied", "responded") >= 0:
				// "who is since 5 weeks not answering", "for 3 weeks no reply"
				consider(silenceFinding{days: d, tier: 1, quote: q})
			case t.is(j, "now") && (t.silenceAfter(j, b) || t.silenceBeforeSentence(a) || t.silenceBefore(a, i)):
				// "then nothing. 5 weeks now"
				consider(silenceFinding{days: d, tier: 1, quote: q})
			case silent && t.is(i-1, ",") && (t.is(j, ",", ".", ";") || j >= b):
				// "ghosted by Nadia @ Fernwood Bakery Co, 3 weeks, 1 email":
				// the silence's length as an item of its own.
				consider(silenceFinding{days: d, tier: 2, quote: q})
			case t.bareDuration(a, i, j, b):
				// "Nate @ Quillby. 2 fu. 9 days."
				consider(silenceFinding{days: d, tier: 2, quote: q})
			case t.is(i-1, "me", "us") && t.is(i-2, "ghosting", "ghosted", "ignoring", "ignored", "avoiding", "dodging"):
				// "ghosting me 6 wks"
				consider(silenceFinding{days: d, tier: 1, quote: q})
			case silent:
				// "no reply for 24 days", "silent for six weeks", "it's been 3
				// weeks", "no reply 1 month", "quiet a good 5 weeks"
				if t.is(i-1, "for", "in", "over", "of", "been", "past", "last", "nearly", "almost", "about", "over", "around", "than", "like", "roughly", "approx", "~", "good", "solid", "full", "whole", "since") || t.is(i-2, "for", "in", "over", "been", "past", "last") || t.is(i-1, "now") || t.silenceBefore(max(a, i-3), i) {
					consider(silenceFinding{days: d, tier: 1, quote: q})
				}
			case t.is(j, "of") && t.is(j+1, "silence", "nothing", "crickets", "radio", "quiet", "no", "zero", "ghosting"):
				consider(silenceFinding{days: d, tier: 1, quote: q})
			case t.is(j, "without") && t.is(j+1, "answer", "reply", "response", "word", "news", "contact") ||
				t.is(j, "without", "with") && t.is(j+1, "a", "any", "no") || t.is(j, "no", "and") && t.is(j+1, "reply", "response", "word", "nothing", "counting", "still") || t.is(j, "and") && t.is(j+1, "no") && t.is(j+2, "reply", "response", "answer", "word", "news") || t.is(j, "since") && t.is(j+1, "she", "he", "they", "we", "i", "her", "his", "their", "the", "our", "last", "then") ||
				t.is(j, "since") && t.capWord(j+1) && t.quietVerbBefore(j+1, min(b, j+13)):
				if t.is(j, "since") || t.silenceAfter(j, b) || t.is(j+1, "counting") {
					consider(silenceFinding{days: d, tier: 1, quote: q})
				}
			case t.is(i-1, "past", "last") && (t.silenceBefore(a, i) || t.silenceAfter(j, b)):
				consider(silenceFinding{days: d, tier: 1, quote: q})
			}
			i = j - 1
			continue
		}
		// "since last week", "over the past month", "last month".
		if t.is(i, "since", "over", "for", "in") {
			k := i + 1
			if t.is(k, "the") {
				k++
			}
			if t.is(k, "past", "last") {
				if u, ok := unitDays[t.low(k+1)]; ok && (t.is(i, "since") || t.silenceBefore(a, i) || t.silenceAfter(k+2, b)) {
					consider(silenceFinding{days: u, tier: 1, quote: t.quote(i, k+1)})
					i = k + 1
					continue
				}
			}
		}
		// Dates: "since Nov 12", "last reply was on 10/15", "after the Nov 12 call".
		if w, j, ok := t.dateAt(i); ok && (w.month > 0 || w.day > 0 || w.rel != "" && w.past || w.hasWeekday || w.holiday != "") && w.quarter == 0 && w.season == "" {
			if w.month == 0 && w.day > 0 && w.rel == "" {
				// "I sent it 13 May and she emailed back on the 14th": the
				// month of the date just before.
				if m, y, ok := t.monthBefore(i, now); ok {
					// "…back 4 Jan. Before that we had a call on the 2nd": a
					// month that would put the day a season back is not the
					// one meant.
					if c := date(y, time.Month(m), w.day, now.Location()); !c.After(now) && now.Sub(c) < 75*24*time.Hour {
						w.month, w.year = m, y
					}
				}
			}
			if t.is(j, "(") && t.toks[i].kind == kNum {
				// "the call on 5/11 (5 of November)": the brackets say which.
				k := j + 1
				if w2, j2, ok2 := t.dateAt(k); !ok2 && t.toks[k].kind == kNum && t.is(k+1, "of") {
					if w3, j3, ok3 := t.dateAt(k + 2); ok3 && w3.month > 0 && w3.day == 0 {
						w3.day = atoiOr(t.low(k))
						w, j = w3, j3
					}
				} else if ok2 && w2.month > 0 && w2.day > 0 {
					w, j = w2, j2
				}
			}
			at, ok := w.resolve(now, false)
			if !ok || at.After(now) || t.inQuote(i) {
				// A date inside their quoted words ("'ping me after the
				// 15th'") is what they said, not when.
				i = j - 1
				continue
			}
			d := daysBetween(at, now)
			q := t.quote(max(a, i-5), min(j, b-1))
			if t.is(j, ",", "-", "–") && t.contains(j+1, min(j+4, b), "chat", "chatted", "talked", "spoke", "convo", "conversation") >= 0 && t.contains(j+1, min(j+4, b), "no", "not", "didn't", "never") < 0 && t.contains(a, i, "rang", "called", "phoned", "rung", "met", "visited", "saw") >= 0 {
				// "Rang Siobhan on 12 July, good chat": the call went through.
				consider(silenceFinding{days: d, tier: 1, quote: q, event: true})
				i = j - 1
				continue
			}
			if t.replyAfterSilence(a, i) {
				// "ghosted for 5 weeks, then replied Tuesday", "finally
				// joined a zoom yesterday": the silence ended then.
				consider(silenceFinding{days: d, tier: 0, quote: q})
				i = j - 1
				continue
			}
			prev := t.low(i - 1)
			since := t.contains(max(a, i-7), i, "since")
			sinceNear := since >= 0
			if k := since; k >= 0 && t.is(k+1, "(", ":") {
				sinceNear = false // "messaged him twice since (1st and 8th march)": the sends' own days
			}
			if k := since; k > 0 && (t.is(k-1, "talking", "working", "engaged", "chatting", "speaking", "emailing", "known") || t.is(k-2, "working", "chasing", "pursuing", "courting", "nurturing") && t.is(k-1, "this", "it", "them", "him", "her", "the")) {
				sinceNear = false // "we've been talking since July": a conversation, not a silence
			}
			if k := since; k >= 0 && t.is(k+1, "your", "their", "our", "its", "the", "they", "we", "you", "it", "he", "she") && t.contains(k+2, i, "ends", "expires", "renews", "runs", "starts", "closes", "is", "are", "will", "needs", "wants", "has", "have") >= 0 {
				sinceNear = false // "since your contract ends Dec 31": because, not from when
			}
			vague := w.day == 0 && !w.hasWeekday && w.rel == "" && w.holiday == ""
			if vague && !sinceNear && !t.isContactLine(i) {
				// "audit in February", "planned for June", "renewed in
				// October": a month alone dates something else.
				i = j - 1
				continue
			}
			if t.prospectAnswered(a, i) && (!t.repBetween(a, i) || t.repliedTo(a, i) || t.reachedByPhone(a, i)) && !t.is(i-1, "until", "till", "by", "before") && !t.gateDateBefore(a, i) {
				// "she replied to my recap email Aug 11": hers, though a
				// touch noun sits before the date.
				consider(silenceFinding{days: d, tier: 1, quote: q, event: t.answerRightBefore(i), replied: t.repliedTo(a, i)})
				i = j - 1
				continue
			}
			if (t.is(i-1, "until", "till", "through") || t.is(i, "until", "till")) && t.contains(max(a, i-7), i, "exchanged", "chatting", "talking", "emailing", "messaging", "texting", "going", "chatty", "responsive", "engaged", "replying", "answering") >= 0 && !t.repSubject(a, i) {
				// "exchanged a few emails until 6 March": the exchange ended then.
				consider(silenceFinding{days: d, tier: 1, quote: q})
				i = j - 1
				continue
			}
			if t.is(j, "she", "he", "they") && t.is(j+1, "actually", "finally") && t.is(j+2, "replies", "replied", "responds", "responded", "answers", "answered") {
				consider(silenceFinding{days: d, tier: 1, quote: q, event: true}) // "Jan 5 he actually replies!"
				i = j - 1
				continue
			}
			if t.is(j, "she", "he", "they") && (t.is(j+1, "replied", "answered", "responded", "said", "wrote") || t.is(j+1, "wrote", "called", "emailed", "texted", "got", "came", "rang") && t.is(j+2, "back") || t.is(j+1, "emailed", "texted", "messaged", "called", "rang") && t.is(j+2, "that", "to", "saying", "me", "us")) && !t.is(i-1, "until", "till", "by", "before") {
				// "on May 10 she wrote back 'merci!'": the date opens their answer.
				consider(silenceFinding{days: d, tier: 1, quote: q, event: true})
				i = j - 1
				continue
			}
			if t.is(j, "we") && t.is(j+1, "had", "met", "spoke", "talked", "did") && !t.is(i-1, "until", "till", "by", "before") && (t.is(j+1, "met", "spoke", "talked") || t.eventAround(j+2, min(j+7, b), twoWayEvents)) {
				// "Then on 6 Oct we had a 30 min call": the day opens a
				// conversation; of two such the later is the last.
				consider(silenceFinding{days: d, tier: 1, quote: q, event: true})
				i = j - 1
				continue
			}
			lastTheirs := func() bool { l, r := t.lastContactBefore(a, i); return l && !r }
			if t.is(i-1, "until", "till", "by", "before") && !sinceNear || t.is(i-1, "after") && (w.holiday != "" || vague) && !sinceNear && !t.quietVerbBefore(a, i) && !t.silenceBefore(a, i) || t.sendDate(i) && !t.silenceAfter(j, b) && !lastTheirs() || t.gateDateBefore(a, i) && !sinceNear {
				// A deadline, or the day of one of the rep's own sends.
				i = j - 1
				continue
			}
			if t.prospectAnswered(a, i) {
				// "Zanele replied on WhatsApp on 3 March", "she said 'ok' on 5 Aug";
				// of two such answers the later is the last.
				consider(silenceFinding{days: d, tier: 1, quote: q, event: t.answerRightBefore(i)})
				i = j - 1
				continue
			}
			if t.is(i-1, "was") && t.nounCh(i-2) != "" || t.is(i-1, "was") && t.is(i-2, "text", "email", "message", "reply", "msg", "call", "answer") {
				if p := i - 3; p >= 0 && (t.is(p, "'s") || strings.HasSuffix(t.low(p), "'s")) && !t.is(p-1, "my", "our") {
					// "Kyle's text was sep 24": their message, dated.
					consider(silenceFinding{days: d, tier: 1, quote: q})
					i = j - 1
					continue
				}
			}
			if t.is(i-1, "on", "since") && t.quietVerbBefore(max(a, i-5), i) {
				// "went silent on dec 10"
				consider(silenceFinding{days: d, tier: 1, quote: q})
				i = j - 1
				continue
			}
			if k := j + map[bool]int{true: 1, false: 0}[t.is(j, ")")]; t.is(k, "-", ",", "and") && t.is(k+1, "he", "she", "they") && t.is(k+2, "picked", "answered", "replied", "said", "called", "answer", "reply", "pick") && !t.is(k+3, "not") && !t.dateAhead(k+3, b) {
				// "Called Andre last Tuesday (20th) - he picked up and said…"
				consider(silenceFinding{days: d, tier: 1, quote: q, event: true})
				i = j - 1
				continue
			}
			if k := t.contains(max(a, i-7), i, "since", "after"); k >= 0 && t.is(k+1, "the", "our") && t.eventAround(k+2, i, twoWayEvents) && !vague && (w.day > 0 || w.hasWeekday) && (t.is(k, "since") || t.repSubject(a, k) && t.contains(a, k, "twice", "once", "times", "thrice", "x") >= 0) {
				// "emailed Joe twice after our call on Nov 4" too.
				// "emailed Beth thrice since the pilot wrap-up mtg on sept
				// 20": the sends count from a conversation, the last one.
				consider(silenceFinding{days: d, tier: 1, quote: q})
				i = j - 1
				continue
			}
			if t.thatWas(a, i) && !vague && (w.day > 0 || w.hasWeekday) && a > 0 {
				// "went silent after our 3rd call. that was 8/19."
				pa := t.sents[t.toks[a-1].sent][0]
				if t.eventAround(pa, a, twoWayEvents) || t.quietVerbBefore(pa, a) {
					consider(silenceFinding{days: d, tier: 1, quote: q})
					i = j - 1
					continue
				}
			}
			if t.is(i-1, "since") && t.repSubject(a, i) {
				// "Emailed her 3x since 25 May": when the sends began, which
				// bounds the silence but is not its start.
				consider(silenceFinding{days: d, tier: 3, quote: q})
				i = j - 1
				continue
			}
			if sinceNear && !vague && !t.repSubject(max(a, t.contains(max(a, i-5), i, "since")-2), i) && !t.sendDate(i) && !t.sendAfter(j) {
				// "nothing since our demo 10/22", "haven't followed up since
				// her reply on 3/30"
				consider(silenceFinding{days: d, tier: 1, quote: q})
				i = j - 1
				continue
			}
			if t.is(j, "when") && t.is(j+1, "she", "he", "they") && t.is(j+2, "wrote", "said", "replied", "answered", "responded", "called", "emailed", "told") {
				// "exchanged a few emails until 10/15 when he wrote 'will
				// discuss internally'"
				consider(silenceFinding{days: d, tier: 0, quote: q})
				i = j - 1
				continue
			}
			if t.is(i-1, "on") && i >= 2 && isQuoteClose(t.toks[i-2].s) && !t.repSubject(a, i) {
				// "'send me the contract, we sign before the 15th' on Nov
				// 18": the day they said it.
				consider(silenceFinding{days: d, tier: 1, quote: q})
				i = j - 1
				continue
			}
			if t.is(i-1, "was") && t.thatWas(a, i) && a > 0 && t.saidIn(t.sents[t.toks[a-1].sent][0], a) {
				// "he said he'd come back to me 'just now'. That was 13 Nov."
				consider(silenceFinding{days: d, tier: 2, quote: q})
				i = j - 1
				continue
			}
			if k := j + map[bool]int{true: 1, false: 0}[t.is(j, ",")]; t.is(k, "then", "and") && (t.is(k+1, "silence", "nothing", "crickets", "radio", "nada", "zip", "zilch", "quiet", "dark") || t.is(k+1, "went") && t.is(k+2, "quiet", "dark", "silent")) && !t.repSubject(a, i) {
				// "verbal yes on Sep 14, then radio silence"
				consider(silenceFinding{days: d, tier: 2, quote: q, event: true})
				i = j - 1
				continue
			}
			if t.is(i-1, "the", "our", "that") {
				prev = t.low(i - 2)
			}
			held := i - 1
			if t.is(held, "on") {
				held--
			}
			switch {
			case t.is(held, "happened", "held") && twoWayEvents[t.low(held-1)] && !t.is(held-1, "replied", "responded", "answered", "wrote", "said", "told", "asked", "agreed", "accepted", "confirmed") && !t.repSubject(a, i):
				// "the workshop happened Oct 8 (went well!)": a meeting
				// held, the last contact.
				consider(silenceFinding{days: d, tier: 2, quote: q, event: true})
			case prev == "since" && (t.silenceBefore(a, i) || t.quietVerbBefore(a, i) || t.silenceAfter(j, b) || t.is(i-2, "nothing", "silence", "quiet", "dark") || t.is(i-3, "nothing", "silence", "quiet", "dark")):
				consider(silenceFinding{days: d, tier: 1, quote: q})
			case prev == "since" && t.is(i-1, "the", "our"):
				// "quiet since the Nov 12 call"
				consider(silenceFinding{days: d, tier: 1, quote: q})
			case prev == "since":
				consider(silenceFinding{days: d, tier: 2, quote: q})
			case func() bool { last, rep := t.lastContactBefore(a, i); return last && !rep }():
				consider(silenceFinding{days: d, tier: 1, quote: q})
			case (prev == "after" || t.is(i-2, "after") || t.contains(max(a, i-10), i, "after") >= 0) && (t.quietVerbBefore(a, i) || t.silenceBefore(a, i)):
				// "went quiet after the Nov 12 call"
				consider(silenceFinding{days: d, tier: 1, quote: q})
			case t.eventAround(a, b, twoWayEvents) && !t.repSubject(a, i) && (t.silenceAfter(j, b) || t.quietVerbBefore(a, i) || t.isContactLine(i)):
				// "We had an NDA signed 6/1, tech review 6/10, then nothing"
				ev := i - 1
				if t.is(ev, "on") {
					ev--
				}
				named := twoWayEvents[t.low(ev)] && !t.is(ev, "call", "chat", "reply", "response", "answer", "talk", "speak")
				consider(silenceFinding{days: d, tier: 2, quote: q, event: named})
			case t.isContactLine(i):
				consider(silenceFinding{days: d, tier: 1, quote: q})
			case t.eventAround(a, b, twoWayEvents) && !t.repSubject(a, i) && t.contains(a, b, "colleague", "colleagues", "teammate", "coworker") < 0:
				// "told my colleague at an event on Friday" was not with us.
				consider(silenceFinding{days: d, tier: 4, quote: q})
			case t.eventAround(a, b, repSends) && t.silenceAfter(j, b):
				consider(silenceFinding{days: d, tier: 5, quote: q})
			}
			i = j - 1
		}
	}
	if f, ok := t.sameDayReply(now, skip); ok && (f.tier < best.tier || best.days < 0) {
		consider(f)
	}
	if best.tier > 2 {
		// "We did it Jan 8, went well. Since then 2 emails, no reply": a
		// sentence opening with "since then" points back at the date just
		// before it.
		if f, ok := t.sinceThen(now, skip); ok {
			consider(f)
		}
	}
	if best.tier >= 3 && t.neverAnswered() {
		// "4 emails since sept 1, never got a single reply": there was no
		// two-way contact to count from.
		return -1, ""
	}
	return best.days, best.quote
}

// neverAnswered: the story says the prospect never answered at all.
func (t *text) neverAnswered() bool {
	for i := range t.toks {
		if !t.is(i, "never", "not") {
			continue
		}
		if t.is(i, "not") && !(t.is(i+1, "once") || t.is(i+1, "a") && t.is(i+2, "single") || t.is(i+1, "one") && t.is(i+2, "reply", "answer")) {
			continue // "not once", "not a single reply"; "Not a word." after sends is no reply to them
		}
		if t.contains(i+1, min(i+6, len(t.toks)), "replied", "reply", "answered", "responded", "response", "written", "wrote", "heard", "spoke", "spoken", "met", "word") >= 0 && t.contains(i+1, min(i+6, len(t.toks)), "since", "after", "again", "back") < 0 {
			return true
		}
	}
	return false
}

// sameDayReply reads "sent the proposal 21 Aug, he replied same day", "sent
// quote 2 weeks ago, he said 'looks good' that same day": the prospect's
// answer dated by the time before it in the sentence.
func (t *text) sameDayReply(now time.Time, skip func(int) bool) (silenceFinding, bool) {
	for i := range t.toks {
		if skip != nil && skip(i) || !t.is(i, "day") || !t.is(i-1, "same") {
			continue
		}
		a, _ := t.sentOf(i)
		if !t.prospectAnswered(a, i) && t.contains(a, i, "replied", "answered", "responded", "said", "acknowledged", "confirmed") < 0 {
			continue
		}
		for k := i - 2; k >= a; k-- {
			if d, j, ok := t.durationAt(k); ok && t.is(j, "ago") && j <= i {
				return silenceFinding{days: d, tier: 1, quote: t.quote(k, i)}, true
			}
			if w, j, ok := t.dateAt(k); ok && j <= i && (w.day > 0 || w.hasWeekday) {
				if at, ok := w.resolve(now, false); ok && !at.After(now) {
					return silenceFinding{days: daysBetween(at, now), tier: 1, quote: t.quote(k, i)}, true
				}
			}
		}
	}
	return silenceFinding{}, false
}

// monthBefore finds the month (and year) of the nearest date with a month
// in the words before token i, within its sentence and the one before.
func (t *text) monthBefore(i int, now time.Time) (int, int, bool) {
	a, _ := t.sentOf(i)
	if a > 0 {
		a, _ = t.sentOf(a - 1)
	}
	for k := i - 1; k >= a; k-- {
		w, j, ok := t.dateAt(k)
		if !ok || w.month == 0 || j > i {
			continue
		}
		at, ok := w.resolve(now, false)
		if !ok {
			continue
		}
		return int(at.Month()), at.Year(), true
	}
	return 0, 0, false
}

// sinceThen finds "Since then …" or "After that …" opening a sentence and
// returns the silence since the last date of the sentence before, unless
// that date was one of the rep's own sends.
func (t *text) sinceThen(now time.Time, skip func(int) bool) (silenceFinding, bool) {
	for _, se := range t.sents {
		a := se[0]
		for a < se[1] && t.toks[a].kind != kWord {
			a++
		}
		if a >= se[1] || skip != nil && skip(a) || !(t.is(a, "since") && t.is(a+1, "then", "that") || t.is(a, "after") && t.is(a+1, "that", "this")) || se[0] == 0 {
			continue
		}
		// The sentence before, or the one before that when the nearer one
		// only names a deadline ("She told the contract is ending on 31st
		// May. After that I sent…").
		pa, pb := t.sentOf(se[0] - 1)
		for back := 0; back < 2 && pa >= 0; back++ {
			gated := false
			for k := pb - 1; k >= pa; k-- {
				w, j, ok := t.dateAt(k)
				if !ok || !(w.day > 0 || w.hasWeekday) || t.inQuote(k) || t.sendDate(k) || t.repSubject(pa, k) {
					continue
				}
				if t.gateDateBefore(pa, k) || t.is(k-1, "until", "till", "by", "before") || t.is(k-1, "on") && t.gateDateBefore(pa, k-1) {
					gated = true
					continue
				}
				at, ok := w.resolve(now, false)
				if !ok || at.After(now) {
					continue
				}
				return silenceFinding{days: daysBetween(at, now), tier: 2, quote: t.quote(k, min(j, pb-1))}, true
			}
			if !gated || pa == 0 {
				break
			}
			pa, pb = t.sentOf(pa - 1)
		}
	}
	return silenceFinding{}, false
}

// sendAfter: the rep's send follows the date ("on Friday I called her").
func (t *text) sendAfter(j int) bool {
	if t.is(j-1, ".") || j < len(t.toks) && j > 0 && t.toks[j].sent != t.toks[j-1].sent {
		return false // the next sentence
	}
	if t.is(j, ",") {
		j++
	}
	if !t.is(j, "i", "we", "i've", "we've") {
		return false
	}
	if t.is(j+1, "also", "then", "finally", "again", "just") {
		j++
	}
	_, ok := t.sendVerb(j + 1)
	return ok
}

// repBetween: the rep is the subject between token a and the date at i
// ("she replied, so I emailed her Aug 11").
func (t *text) repBetween(a, i int) bool {
	for k := max(a, i-12); k < i; k++ {
		if t.is(k, "i", "we", "i've", "we've", "i'd") {
			return true
		}
	}
	return false
}

// gateDateBefore: the date belongs to something on the prospect's calendar,
// not to a conversation: "budget opens Jan 1", "bid was due Sept 15", "the
// audit on 3/12", "tender closes 14 May".
func (t *text) gateDateBefore(a, i int) bool {
	// "Last email from him Jan 30 said they can't do anything until their
	// new fiscal year July 1": a gate right before the date wins over a
	// last contact further back in the sentence.
	if last, _ := t.lastContactBefore(max(a, i-5), i); last {
		return false
	}
	if last, _ := t.lastContactBefore(a, i); last && !(t.contains(max(a, i-6), i, "until", "till") >= 0 && t.gateNounAt(i-1)) {
		return false
	}
	noun := false
	for k := max(a, i-5); k < i; k++ {
		if t.gateNounAt(k) {
			noun = true
			continue
		}
		if t.is(k, "deadline", "due", "expires", "expiry") || noun && t.is(k, "opens", "open", "starts", "starting", "start", "begins", "beginning", "ends", "ending", "end", "closes", "closing", "renews", "renewing", "expiring", "resets", "kicks", "lands", "goes", "runs", "running", "finishes", "finishing", "lapses") {
			return true
		}
	}
	return noun && t.gateNounAt(i-1) && t.contains(max(a, i-6), i, "until", "till") >= 0
}

// gateNounAt: a budget, contract, audit or event word at token k.
func (t *text) gateNounAt(k int) bool {
	w := t.low(k)
	return budgetWords[w] || contractWords[w] || auditWords[w] || eventWords[w] || w == "tender" || w == "bid" || w == "bids" || w == "rfp" || w == "payroll" || w == "year" && t.is(k-1, "fiscal", "financial")
}

// isContactLine: the modal's "Last contact: 2026-10-24" line.
func (t *text) isContactLine(i int) bool {
	ln := strings.TrimSpace(t.lines[t.toks[i].line])
	if len(ln) > 16 {
		ln = ln[:16]
	}
	ln = strings.ToLower(ln)
	if !(strings.HasPrefix(ln, "last contact") || strings.HasPrefix(ln, "last reply") || strings.HasPrefix(ln, "last heard") || strings.HasPrefix(ln, "last response")) {
		return false
	}
	// Only the sentence that opens so: "Last contact was a call 8/27. She
	// mentioned their contract renews in March" dates the call, not March.
	first := i
	for first > 0 && t.toks[first-1].line == t.toks[i].line {
		first--
	}
	return t.toks[first].sent == t.toks[i].sent
}

// quietVerbBefore: "went dark 3 weeks ago", "ghosted me a month ago".
func (t *text) quietVerbBefore(a, i int) bool {
	for k := max(a, i-12); k < i; k++ {
		if t.is(k, "went", "gone", "going", "been", "go") && t.is(k+1, "quiet", "dark", "silent", "cold", "mia", "awol", "radio") {
			return true
		}
		if t.is(k, "ghosted", "disappeared", "vanished", "ghosting", "sumiu", "desapareció", "desaparecio") {
			return true
		}
		if t.is(k, "stopped", "stop") && t.is(k+1, "responding", "replying", "answering", "engaging", "returning", "talking", "picking", "taking", "reading", "opening") {
			return true
		}
	}
	return false
}

// silenceAfter: the clause after a time says nothing came back: "3 weeks
// ago and nothing since", "…, crickets".
func (t *text) silenceAfter(j, b int) bool {
	for k := j; k < b && k < j+10; k++ {
		if t.is(k, "nothing", "crickets", "silence", "radio", "ghosted", "quiet", "dark", "nada", "zilch", "mia") {
			return true
		}
		if t.is(k, "no") && t.is(k+1, "reply", "response", "word", "answer", "news") {
			return true
		}
		if t.is(k, "since") && (k+1 >= b || t.is(k+1, ".", ",", "then")) && !t.followedSince(j, k) {
			return true
		}
		if t.is(k, "haven't", "hasn't", "havent", "hasnt", "not", "never") && t.is(k+1, "heard", "replied", "responded", "answered", "gotten", "got") {
			return true
		}
		if t.is(k, "went", "gone") && t.is(k+1, "quiet", "dark", "silent", "cold") {
			return true
		}
		if t.is(k, "stopped") && t.is(k+1, "answering", "responding", "replying", "engaging", "returning", "talking", "picking") {
			return true // "signed the LOI Feb 2 then stopped answering"
		}
	}
	// Next sentence: "Demo was Oct 3. Nothing since."
	if b < len(t.toks) {
		nb := b
		for nb < len(t.toks) && nb < b+6 {
			if t.is(nb, "nothing", "crickets", "silence", "radio") || t.is(nb, "no") && t.is(nb+1, "reply", "response", "word") {
				return true
			}
			if t.is(nb, "since") && t.is(nb+1, "then") {
				return true
			}
			nb++
		}
	}
	return false
}

// followedSince: the "since" at k closes the rep's own send ("… and have
// followed up once since, on LinkedIn"), which tells of no silence.
func (t *text) followedSince(j, k int) bool {
	for m := max(j, k-4); m < k; m++ {
		if t.is(m, "up") && t.is(m-1, "followed", "follow") || t.is(m, "emailed", "called", "texted", "pinged", "chased", "nudged", "messaged") {
			return !t.subjectIsProspect(m)
		}
	}
	return false
}

// eventBefore reports whether one of the event words sits before token i in
// its clause.
func (t *text) eventBefore(a, i int, events map[string]bool) bool {
	for k := max(a, i-10); k < i; k++ {
		if events[t.low(k)] && !t.wishedEvent(a, k) {
			return true
		}
	}
	return false
}

// wishedEvent: the event at token k is one the rep asked for or offered,
// not one that happened ("asking if a short call would help", "offered a
// demo").
func (t *text) wishedEvent(a, k int) bool {
	if t.is(k, "accepted") && t.contains(k+1, min(k+4, len(t.toks)), "connection", "request") >= 0 {
		return true // "he accepted my connection": no conversation
	}
	return t.contains(max(a, k-3), k, "if", "suggest", "suggested", "suggesting", "propose", "proposed", "proposing", "offer", "offered", "offering", "asking", "requesting", "request", "requested", "book", "booking", "schedule", "scheduling", "want", "wanted", "wants", "would", "could") >= 0
}

func (t *text) eventAround(a, b int, events map[string]bool) bool {
	for k := a; k < b; k++ {
		if events[t.low(k)] && !t.wishedEvent(a, k) && !(t.is(k-1, "no", "without", "zero", "any") && t.is(k, "reply", "response", "answer")) {
			// "viewed my profile last week but no reply" had no reply in it
			return true
		}
	}
	return false
}

// repSubject: the clause is about the rep's own doing ("I sent…", "I
// emailed her on Nov 3").
func (t *text) repSubject(a, i int) bool {
	// "Since the workshop I've sent: a summary email 10 Aug, …, and a phone
	// call 21 Sep": everything after the colon is the rep's list.
	for k := a; k < i-1; k++ {
		if t.is(k, ":") && (repSends[t.low(k-1)] && t.is(k-2, "i", "i've", "we've", "we", "have") || t.is(k-1, "sent", "done", "tried") && t.is(k-2, "i've", "i", "have")) {
			return true
		}
	}
	for k := max(a, i-10); k < i; k++ {
		if t.is(k, "i", "i've", "we've", "i'd") && (repSends[t.low(k+1)] || t.is(k+1, "also", "then", "last", "have", "had") && repSends[t.low(k+2)]) {
			return true
		}
		if k == a && repSends[t.low(k)] && !presentSends[t.low(k)] {
			return true // "Sent the proposal Oct 3."
		}
	}
	return false
}

// negatedDuration: "it hasn't been a month" is no duration of silence.
func (t *text) negatedDuration(a, i int) bool {
	for k := max(a, i-4); k < i; k++ {
		if t.is(k, "hasn't", "hasnt", "isn't", "wasn't", "not") && t.contains(k, i, "been", "even") >= 0 {
			return true
		}
	}
	return false
}

// silenceBeforeSentence: the sentence before says nothing came back.
func (t *text) silenceBeforeSentence(a int) bool {
	if a == 0 {
		return false
	}
	pa, _ := t.sentOf(a - 1)
	for k := pa; k < a; k++ {
		if t.is(k, "nothing", "crickets", "silence", "ghosted", "quiet", "dark", "nada") {
			return true
		}
	}
	return false
}

// bareDuration: a sentence that is only a span of time ("9 days.", "3 weeks
// now.") in a story about silence.
func (t *text) bareDuration(a, i, j, b int) bool {
	for k := a; k < b; k++ {
		if k >= i && k < j {
			continue
		}
		if _, noun := t.touchNoun(k); noun && k > 0 && t.toks[k-1].kind == kNum && k > j {
			continue // "5 weeks, 2 emails": the tally after the silence
		}
		if t.toks[k].kind == kWord && !t.is(k, "now", "so", "far", "and", "counting", "already", "about", "almost", "nearly", "over", "like", "~") {
			return false
		}
	}
	return true
}

// dateAhead reports whether a day is named between token k and b ("he
// said 'looks good' on 7 Sept" dates his answer itself).
func (t *text) dateAhead(k, b int) bool {
	for m := k; m < min(b, k+16); m++ {
		if t.isDateStart(m) {
			return true
		}
	}
	return false
}

// answerRightBefore: the prospect's answer verb sits just before the date
// ("she replied july 2", "he emailed me on the 3rd"), with no send of the
// rep's between.
func (t *text) answerRightBefore(i int) bool {
	for k := i - 1; k >= max(0, i-4); k-- {
		if t.is(k, "i", "we", "i've", ".", ";") {
			return false
		}
		if t.is(k, "replied", "responded", "answered", "wrote", "emailed", "called", "texted", "messaged") && t.is(k-1, "she", "he", "they", "back") {
			return true
		}
	}
	return false
}

// replyAfterSilence: the words before a date tell the prospect coming
// back after a quiet spell: "then replied Tuesday", "finally joined a zoom
// yesterday", "she finally got back to me on the 3rd".
func (t *text) replyAfterSilence(a, i int) bool {
	for k := max(a, i-6); k < i; k++ {
		if !t.is(k, "replied", "responded", "answered", "joined", "resurfaced", "reappeared", "emailed", "called", "wrote", "texted", "got", "came") {
			continue
		}
		if t.is(k, "emailed", "called", "wrote", "texted", "got", "came") && !t.is(k+1, "back", "me") {
			continue
		}
		if t.is(k-1, "then", "finally") || t.is(k-2, "then", "finally") && !t.is(k-1, "i", "we") {
			return !t.is(k-1, "i", "we") && !t.repSubject(a, k)
		}
	}
	return false
}

// isQuoteClose reports whether a token closes quoted words.
func isQuoteClose(s string) bool {
	return s == "'" || s == "\"" || s == "”" || s == "’"
}

// saidIn: the prospect speaks between tokens a and b ("he said he'd come
// back to me", "she promised", "they told me").
func (t *text) saidIn(a, b int) bool {
	for k := a; k < b; k++ {
		if t.is(k, "she", "he", "they") && t.is(k+1, "said", "promised", "told", "wrote", "replied", "answered", "mentioned", "asked", "agreed") {
			return true
		}
	}
	return false
}

// thatWas: "That was 2 weeks ago" points back at the sentence before.
func (t *text) thatWas(a, i int) bool {
	return i-a <= 3 && (t.is(a, "that", "this", "which") && t.contains(a, i, "was") >= 0 || t.is(a, "that's", "thats", "that’s"))
}

// sendDate: the date belongs to one of the rep's sends ("email 6/15",
// "emailed her on the 3rd", "a nudge on 3/17").
func (t *text) sendDate(i int) bool {
	// "emailed 5/14, 5/20": the next day of a list of send days.
	if t.is(i-1, ",", "and", "&") {
		for k := max(0, i-5); k < i-1; k++ {
			if _, next, ok := t.dateAt(k); ok && next == i-1 && t.sendDate(k) {
				return true
			}
		}
	}
	// "1 call unanswered. Call was today morning.": the try the story
	// counted, dated.
	if t.is(i-1, "was", "went") && t.is(i-2, "call", "email", "text", "message", "vm", "voicemail", "mail") && !t.is(i-3, "last", "latest", "final") {
		a, _ := t.sentOf(i)
		pa := a
		if a > 0 {
			pa, _ = t.sentOf(a - 1)
		}
		if t.contains(pa, i, "unanswered", "unreturned") >= 0 || t.contains(pa, i, "no") >= 0 && t.contains(pa, i, "answer", "reply", "pickup") >= 0 || t.contains(pa, i, "i", "my") >= 0 && t.contains(pa, i, "last") < 0 && t.contains(pa, i, "called", "rang", "dialed", "calls", "tried") >= 0 {
			return true
		}
	}
	// "nudged a few times since, most recently this Monday", "sent 3
	// emails since, last one friday", "the LinkedIn one went yesterday":
	// the day of the latest send.
	m := i - 1
	if t.is(m, "on", "this", "last") {
		m--
	}
	if t.is(m, "out") && t.is(m-1, "went", "got") {
		m-- // "the email went out yesterday"
	}
	if t.is(m, "was", "went", "on") {
		m--
	}
	if t.is(m-1, "the", "that") && t.touchNounOrChannel(m) && !t.is(m, "call", "calls") && t.is(m+1, "went") {
		return true // "a couple of vms and 1 email since, the email went out yesterday"
	}
	if t.is(m, "recently") && t.is(m-1, "most") || t.is(m, "one") && (t.is(m-1, "last", "latest", "final", "newest") || t.is(m-2, "the", "that") && t.touchNounOrChannel(m-1)) {
		a, _ := t.sentOf(i)
		if a > 0 {
			a, _ = t.sentOf(a - 1) // the sends may be told in the sentence before
		}
		// A send told by its verb: "three calls over the summer, the last
		// one on Sept 10" were conversations, not sends.
		for q := a; q < m; q++ {
			if _, ok := t.sendVerb(q); ok && (strings.HasSuffix(t.low(q), "ed") || t.is(q, "sent", "left", "rang", "wrote", "dropped")) && !t.subjectIsProspect(q) {
				return true
			}
		}
	}
	k := i - 1
	if t.is(k, "on", "the") {
		k--
	}
	if t.is(k, "on", "the") {
		k--
	}
	if t.is(k, "once", "twice", "again") {
		k-- // "tried to call once on 15.4."
	}
	if t.is(k, "call", "email", "text", "ring", "phone", "reach", "message") && t.is(k-1, "to") && t.is(k-2, "tried", "attempted", "tries") {
		return true
	}
	_, noun := t.touchNoun(k)
	if t.is(k, "up", "ups") && t.is(k-1, "follow") && !t.is(k-2, "to", "i", "we", "will", "i'll") {
		noun, k = true, k-1 // "a follow up on Nov 18", spelt apart
	}
	if t.is(k, "her", "him", "them") {
		k--
	}
	_, verb := t.sendVerb(k)
	// Past forms only: "call", "email", "text" before a date are nouns.
	verb = verb && (strings.HasSuffix(t.low(k), "ed") || strings.HasSuffix(t.low(k), "'d") || t.is(k, "sent", "left", "rang", "wrote", "written", "hit"))
	if verb && (t.is(k, "replied", "answered", "responded", "wrote", "called") || t.subjectIsProspect(k)) {
		// "she last replied 4/20" is her answer, not a send; only "I
		// replied on the 3rd" is the rep's.
		verb = t.is(k-1, "i", "we") ||
			// "emailed 5/14, called 5/26 vm": a send in the rep's own list
			t.is(k, "called") && t.is(k-1, ",", "then", "and", "+", "-") && !t.subjectIsProspect(k)
	}
	// A call may have happened ("our exec call on 9/23"); it is not a send,
	// unless it sits in a list of sends ("3 mails and a call on Monday").
	if t.is(k, "call", "calls") && t.is(k-1, "a", "one", "another") && t.is(k-2, "and", "then", ",", "+") {
		return true
	}
	noun = noun && !t.is(k, "call", "calls", "dial", "dials", "try", "attempt") && !t.is(k-1, "her", "his", "their", "last", "our", "the", "inbound", "first", "initial", "original", "by", "via") && !t.subjectIsProspect(k)
	return noun || verb
}

// prospectAnswered: the clause before token i says the prospect answered
// or spoke ("Zanele replied on WhatsApp on 3 March", "he said 'send it' on
// 5 Aug", "her last reply was 10/30").
// repliedTo reports whether the clause before the date at i is the
// prospect replying: "He replied to my LinkedIn on March 16", "she wrote
// back on the 3rd".
func (t *text) repliedTo(a, i int) bool {
	for k := max(a, i-8); k < i; k++ {
		if !t.is(k, "replied", "responded", "answered", "acknowledged") && !(t.is(k, "wrote", "got", "came") && t.is(k+1, "back")) {
			continue
		}
		p := k - 1
		if t.is(p, "finally", "actually", "then") {
			p--
		}
		named := t.capWord(p) && firstNamesHas(t.low(p)) && !t.colleagueBefore(p) && (t.prospect == "" || t.low(p) == t.prospect) ||
			// "dan okafor got back to me nov 20": the prospect as read, in
			// lower case, maybe with the surname.
			t.prospectNamedAt(p)
		if !(t.is(p, "she", "he", "they") || named) || t.contains(k, i, "if", "when", "until", "i", "we", "since", "then", ";", ":") >= 0 {
			return false
		}
		// The reply's own date: no other date or send between.
		for m := k + 1; m < i; m++ {
			if _, _, ok := t.dateAt(m); ok && t.toks[m].kind == kNum || t.verbCh(m) != "" {
				return false
			}
		}
		return true
	}
	return false
}

// reachedByPhone: the rep got the prospect on the phone before the date at
// i: "I reached Ms. Nakamura by phone on Sep 7", "finally got him on the
// phone on the 3rd".
func (t *text) reachedByPhone(a, i int) bool {
	for k := max(a, i-14); k < i; k++ {
		if t.is(k, "reached", "got") && t.is(k-1, "i", "we", "finally") && t.contains(k, i, "phone") >= 0 && t.contains(k, i, "by", "on") >= 0 && t.contains(k, i, "out", "voicemail", "vm") < 0 {
			return true
		}
	}
	return false
}

// prospectNamedAt reports whether token p ends the prospect's name as the
// story has it, in lower case too: "dan" or "dan okafor" in "dan okafor
// got back to me nov 20".
func (t *text) prospectNamedAt(p int) bool {
	if t.prospect == "" || p < 0 || p >= len(t.toks) || t.toks[p].kind != kWord {
		return false
	}
	return t.low(p) == t.prospect || p > 0 && t.low(p-1) == t.prospect && t.toks[p-1].cap == t.toks[p].cap && !t.colleagueBefore(p-1)
}

// colleagueBefore reports whether the name at p is introduced as someone
// beside the prospect: "his colleague Anna", "her EA, Maren,".
func (t *text) colleagueBefore(p int) bool {
	k := p - 1
	if t.is(k, ",") {
		k--
	}
	return t.is(k, "colleague", "coworker", "co-worker", "assistant", "pa", "ea", "secretary", "deputy", "boss", "manager", "teammate")
}

func (t *text) prospectAnswered(a, i int) bool {
	if t.reachedByPhone(a, i) {
		return true
	}
	for k := max(a, i-16); k < i; k++ {
		if t.is(k, "got", "received") && (t.is(k-1, "i", "we") || t.toks[k].first) && t.contains(k+1, min(k+9, i), "'", "\"", "“", "reply", "answer", "response", "no", "yes", "email", "message", "note", "text") >= 0 {
			// "Got a 'not right now' from Derek on May 3": their answer.
			if f := t.contains(k+1, min(k+9, i), "from"); f >= 0 && (t.capWord(f+1) || t.is(f+1, "her", "him", "them")) {
				return true
			}
		}
	}
	for k := max(a, i-12); k < i; k++ {
		leftUs := t.is(k, "left") && t.is(k+1, "me", "us") && t.contains(k+2, min(k+5, i), "voicemail", "vm", "message", "msg", "note") >= 0 ||
			t.is(k, "answer", "reply", "respond") && t.is(k-1, "he", "she", "they") && !t.is(k-2, "not", "never", "if", "when", "until", "didn't", "doesn't", "won't") // "he answer me January 20"
		if !leftUs && !t.is(k, "replied", "responded", "answered", "wrote", "said", "told", "asked", "called", "emailed", "texted", "messaged", "confirmed", "promised", "agreed", "acknowledged", "acked") && !(t.is(k, "reply", "respond", "answer", "write") && t.is(k-1, "did")) &&
			!(t.is(k, "got", "came") && t.is(k+1, "back") && t.prospectNamedAt(k-1)) {
			continue
		}
		p := k - 1
		if t.is(p, "did") {
			p-- // "She did reply once on 1 June"
		}
		if t.is(p, "back", "finally", "last", "actually", "only") {
			p--
		}
		if t.is(p, ")") {
			// "Wendy (Coastal Kitchens) emailed back 10/1": the name
			// before the brackets is the one who wrote.
			for q := p - 1; q >= max(0, p-8); q-- {
				if t.is(q, "(") {
					p = q - 1
					break
				}
			}
		}
		if t.capWord(p) && t.colleagueBefore(p) {
			continue // "his EA, Maren, replied on 3 Oct": not the prospect
		}
		if t.capWord(p) && t.prospect != "" && foldLower(t.low(p)) != t.prospect && firstNamesHas(t.low(p)) && !t.prospectNamedAt(p) {
			continue // "Declan emailed me on the 9th": someone else on their side
		}
		if t.is(p, "she", "he", "they") && t.otherPersonElse(p) {
			continue // "Tobias (our champion) is still responsive, he replied yesterday": not the prospect
		}
		if t.is(p, "she", "he", "they") || t.capWord(p) && (firstNames[t.low(p)] || moreNames[foldLower(t.low(p))]) || t.prospectNamedAt(p) || t.capWord(p) && t.is(k, "replied", "responded", "answered", "said", "told") && !t.toks[p].first || t.personAtCompany(p) {
			// "he emailed on 22 May to say…" is his message; "she emailed
			// her boss" is not to us.
			if t.is(k, "called", "emailed", "texted", "messaged") && !t.is(k+1, "back", "me", "us", "on") && !(k+1 == i) {
				continue
			}
			return true
		}
	}
	return false
}

// countedSendsBefore: the sentence before token k (or the one before it)
// counts the rep's sends: "3 mails and 2 calls", "1 call (no pickup) + 2
// texts", "emailed twice".
func (t *text) countedSendsBefore(k int) bool {
	a, _ := t.sentOf(k)
	if a > 0 {
		a, _ = t.sentOf(a - 1)
	}
	for m := a; m < k; m++ {
		if _, ok := t.touchNoun(m); ok && m > 0 {
			if _, _, ok := t.count(m - 1); ok && t.toks[m-1].kind == kNum || t.is(m-1, "two", "three", "four", "five", "six", "couple", "few") {
				return true
			}
		}
		if isSendVerb(t.low(m)) {
			o := m + 1
			if t.is(o, "him", "her", "them") {
				o++ // "I have called him 3 times"
			}
			if _, _, ok := t.times(o); ok {
				return true
			}
		}
	}
	return false
}

// touchNounOrChannel: token k names a kind of send ("email", "LinkedIn",
// "text").
func (t *text) touchNounOrChannel(k int) bool {
	_, n := t.touchNoun(k)
	return n || t.chanOf(k) != ""
}
