package coach

import (
	"bytes"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Rule ids of the guidance lint. They are a public contract: they appear in
// `ghosted lint --json`, in stored drafts and in the redraft request sent to
// the LLM, so a rule may be added but an id never changes meaning.
const (
	// RuleEmpty: there is no message to check (empty, blank, or no words).
	RuleEmpty = "empty"
	// RulePestering: a bump with nothing new in it ("just checking in",
	// "bumping this to the top of your inbox", "is this thing on?",
	// "did you get my email", "per my last email", "any update?"…).
	RulePestering = "pestering"
	// RuleGuilt: the silence is made the prospect's fault ("I've tried reaching
	// you several times", "you haven't responded", "after all the time I spent").
	RuleGuilt = "guilt"
	// RulePressure: invented urgency ("last chance", "offer expires", "ASAP",
	// "only a few spots left", "need an answer by").
	RulePressure = "pressure"
	// RuleResentLink: a link sent again ("here's the deck again: https://…"), or
	// the same link twice in one message.
	RuleResentLink = "resent_link"
	// RuleSeveralAsks: more than one distinct ask (questions or requests such as
	// "could you", "let me know", "book a time"); the quote is the second ask.
	RuleSeveralAsks = "several_asks"
	// RuleTooLong: far too long for a DM, LinkedIn note or a cold-again email
	// (over lintMaxWords words or lintMaxChars characters).
	RuleTooLong = "too_long"
	// RuleSelfCentred: the message is about the seller, not the buyer: many more
	// I/me/my/we/our than you/your. First-person words inside a REAL phrase
	// ("I'd be sorry", "if I've got this wrong") do not count.
	RuleSelfCentred = "self_centred"
	// RuleAssumesReason: the message decides for the prospect why they went
	// quiet ("I'll assume you're not interested", "I take it you…",
	// "since you're clearly not interested").
	RuleAssumesReason = "assumes_reason"
	// RuleBreakupSnark: the snarky break-up text ("I'll take the hint",
	// "I won't bother you again"), or a cold "this is my last email" that
	// leaves no door open.
	RuleBreakupSnark = "breakup_snark"
)

// LintRuleNames lists every rule id Lint can report, in a stable order.
func LintRuleNames() []string {
	var names []string
	for _, r := range lintRules {
		if r.id != "" {
			names = append(names, r.id)
		}
	}
	return names
}

// Limits of the lint. Phrase rules read only the first lintScanBytes of a
// message (a real message is a tiny fraction of that); length is always
// measured on the whole text.
const (
	lintScanBytes     = 20_000
	lintMaxWords      = 180
	lintMaxChars      = 1_100
	lintMaxPerRule    = 3   // findings reported per rule; more would be noise
	lintMaxQuote      = 160 // bytes; longer sentences are clipped at a word
	lintMaxURLs       = 64
	lintLinkNear      = 80 // bytes between a "again"-like word and a link
	lintRepeatPenalty = 5  // score lost for each further finding of a rule
	lintMissingReal   = 12 // score lost for each missing REAL element
)

// lintRule is what the score and the report need to know about a rule.
type lintRule struct {
	id     string
	weight int // score lost for the first finding of this rule
	advice string
}

// lintRules is indexed by lintKind for the phrase rules, then the rest.
// Pestering, guilt and pressure weigh most: they are what the guidance says
// turns prospects off for good.
var lintRules = [...]lintRule{
	kindPestering: {RulePestering, 30, "This is a nudge with nothing new in it, and it reads as chasing. " +
		"Cut it and give them a reason to answer instead: one fresh idea about their situation, or an honest word that you will step back."},
	kindGuilt: {RuleGuilt, 30, "This turns their silence into your grievance. People go quiet for their own reasons; " +
		"drop the count of attempts and any blame, and say plainly what you hope for."},
	kindPressure: {RulePressure, 25, "Made-up urgency pushes a quiet prospect further away. " +
		"Remove it unless the date is real and theirs (a contract end, a budget cycle), and let them decide in their own time."},
	kindAssumes: {RuleAssumesReason, 20, "This decides for them why they went quiet, and you may be reading the silence wrong. " +
		"Say what you noticed, offer one possible reason lightly, and invite them to correct you."},
	kindSnark: {RuleBreakupSnark, 20, "This is a break-up line: it shuts the door and leaves a sting. " +
		"If you are stepping back, say so kindly and tell them how to pick things up again when it suits them."},
	ruleResentLink: {RuleResentLink, 20, "Sending the same link again will not get it opened. " +
		"If it still matters, say in one line what is behind it and why it matters to them now; otherwise leave it out."},
	ruleSeveralAsks: {RuleSeveralAsks, 15, ""}, // advice carries the count
	ruleTooLong:     {RuleTooLong, 15, ""},     // advice carries the length
	ruleSelfCentred: {RuleSelfCentred, 15, ""}, // advice carries the counts
	ruleEmpty:       {RuleEmpty, 100, "There is nothing to check yet: paste the message you are about to send."},
}

// lintKind classifies a phrase. The kinds up to kindSnark are findings; the
// others are evidence used by the REAL checklist and the structural rules.
type lintKind uint8

const (
	kindPestering lintKind = iota
	kindGuilt
	kindPressure
	kindAssumes
	kindSnark
	kindFeelings   // REAL: an honest feeling
	kindIntentions // REAL: what the writer wants for them or the relationship
	kindDoor       // REAL: the door is left open
	kindAsk        // a request ("could you", "let me know")
	kindResend     // a word that says a link is sent again
	kindSmallTalk  // "how are you?": a question that is not an ask
	kindFirst      // I, me, my, we, our…: counted, never stored
	kindSecond     // you, your…: counted, never stored
	kindCount
)

// The trie keeps kind*4+flags in a uint64; this fails to compile if the
// kinds outgrow it.
const _ = uint64(64 - int(kindCount)*4)

// Rules that are not phrase kinds continue the numbering, so one array holds
// them all.
const (
	ruleResentLink = int(kindCount) + iota
	ruleSeveralAsks
	ruleTooLong
	ruleSelfCentred
	ruleEmpty
)

// lintPhraseFindings are the phrase kinds that become findings, in the order
// they claim text: a phrase already quoted by an earlier kind is not quoted
// again by a later one.
var lintPhraseFindings = [...]lintKind{kindPestering, kindGuilt, kindPressure, kindAssumes, kindSnark}

// lintNegatable marks kinds whose phrases do not count after a negation:
// "I don't want to keep checking in", "no need to act now", "I won't assume
// you're not interested" are what the guidance asks for.
var lintNegatable = [kindCount]bool{
	kindPestering: true, kindGuilt: true, kindPressure: true, kindAssumes: true, kindSnark: true,
}

// Phrase flags.
const (
	// flagException: the phrase is an innocent use that cancels any phrase of
	// the same kind it overlaps ("see you again" is not a re-sent link).
	flagException uint8 = 1 << iota
	// flagUnlessDoor: a finding only when the message leaves no door open.
	// "This is my last email" is the polite break-up text the guidance warns
	// about; with "if the timing changes, I'm here" it is an honest step back.
	flagUnlessDoor
)

// lintGroup is a list of phrase patterns of one kind. A pattern is lower
// case; "{a|b|}" expands to each alternative (the empty one included), and
// spaces and apostrophes are folded the same way as the text.
type lintGroup struct {
	kind     lintKind
	flags    uint8
	patterns []string
}

var lintGroups = []lintGroup{
	{kindPestering, 0, []string{
		"{just |}{checking|check} in",
		"{just |}{wanted|want} to check in",
		"{just |}{bumping|bump|bumped} this{ up| thread| email| message| note|}{ to the top of your inbox| to the top of your list| to the top|}",
		"{just |}bumping {this|it} {up|to the top}",
		"{just |}{bouncing|bounce|floating|float|moving|move|pushing|push|bringing|bring} this {to the top|back to the top|up in your inbox}",
		"{just |}{bubbling|bubble|bubbled} {this|it} up",
		"{just |}{resurfacing|resurface} this",
		"{just |}circling back",
		"{just |}{wanted|want} to circle back",
		// Following up with something (the numbers they asked for) is fine;
		// following up on nothing but the last follow-up is not.
		"just following up",
		"just {wanted|want} to follow up",
		"{just |}following up{ again| on this again| on my {last|previous|earlier|prior} {email|emails|message|messages|note|voicemail|mail|dm}}",
		"{just |}{wanted|want} to follow up{ again| on my {last|previous|earlier|prior} {email|message|note|voicemail}}",
		"following up to see if",
		"follow{ing|}-up on my {last|previous|earlier|prior} {email|message|note}",
		"is this thing on",
		"{here's|here is} {that|the|my} link again",
		"{i |}noticed {you haven't|you have not|you didn't|you did not|that you haven't|that you have not}",
		"wondering why {i haven't|i have not|you haven't|you have not} {heard|gotten back|replied|responded|got back}",
		"{you must be|i know you must be|you're probably|you are probably|i'm sure you're|i'm sure you are} {really |very |super |so |extremely |crazy |}busy",
		"did you {get|see|receive|read} my {last |previous |earlier |}{email|emails|message|messages|note|voicemail|dm|inmail}",
		"not sure if you {saw|got|received} my {last |previous |earlier |}{email|message|note|voicemail}",
		"{as |}per my {last|previous|earlier|prior} {email|message|note|mail}",
		"any {update|updates|news}",
		"{touching|touch} base",
		"{just |}{wanted|want} to touch base",
		"{friendly|gentle|quick|polite} {reminder|nudge}",
		"just a {quick |gentle |friendly |}{reminder|nudge}",
		"{just |}nudging {you|this}",
		"{i'm|i am} sure {this|my email|my message} got buried",
		"{in case|incase} {this|it|my email|my message} got buried",
	}},
	{kindPestering, flagException, []string{
		// "checking in" about the writer's own side is not a bump.
		"checking in with {my|our|the} {team|manager|boss|colleagues|legal|finance|lawyer|lawyers|accountant|partner}",
		"check in with {my|our|the} {team|manager|boss|colleagues|legal|finance|lawyer|lawyers|accountant|partner}",
		"checking in at the {hotel|airport|desk|venue|front desk}",
		"check in at the {hotel|airport|desk|venue|front desk}",
	}},

	{kindGuilt, 0, []string{
		"{i've|i have} {tried|been trying|tried again} {reaching|to reach|contacting|to contact|to get hold of|getting hold of|to get in touch with} you",
		"{i've|i have} {reached out|emailed you|emailed|called you|called|written to you|messaged you|pinged you|left you {a message|messages|voicemails}|sent you {this|it|the email|the same email}|tried} {several|multiple|a few|a number of|many|numerous|countless|three|four|five|six|3|4|5|6} times",
		"{i've|i have} been trying to {reach|contact|get hold of|get through to} you",
		"{after|despite} {several|multiple|numerous|countless|repeated|many|all my|my many} {attempts|emails|messages|calls|tries|follow-ups|follow ups}",
		"{i've|i have} already sent {you |}{this|it|the same email|the email} {twice|several times|a few times|multiple times|before}",
		"here's the email {i've|i have} already sent",
		"you {haven't|have not|never|didn't|did not|still haven't|still have not} {responded|replied|gotten back|got back|answered|written back|respond|reply|get back|answer|write back|returned my}",
		"{i'm|i am|i was|i feel|i'm a bit|i'm a little|i'm really|i'm very|i'm quite|i'm so|i was a bit|i was a little|i was really} disappointed {that you|you|in you|not to hear|to not hear|by your silence|that i haven't|that i have not|you haven't|with your silence}",
		"i thought we had {a deal|an agreement|an understanding|a plan|something}",
		"you {said|promised|told me} {you would|you'd|you were going to}",
		"you promised",
		"after all the {time|effort|work|hours|energy} {i|i've|i have|we|we've|we have} {spent|put in|invested|gave|given|poured}",
		"after {everything|all} {i've|i have|we've|we have} done",
		"{you've been|you have been|you're|you are|been} ignoring {me|my|us|our}",
		"{you|you've|you have} ghosted {me|us}",
		"left me hanging",
		"{i'm still|i am still|still} waiting {to hear|for a reply|for your reply|for a response|for your response|for an answer|on you|to hear back}",
		"the least you could do",
		"common courtesy",
		"would it kill you",
		"it would be {nice|polite|courteous|great} to {hear back|get a reply|get a response|get an answer}",
		"you owe me",
		"i deserve {a reply|a response|an answer}",
	}},
	{kindGuilt, flagException, []string{
		// A conditional is empathy, not blame: "if you haven't replied because
		// the timing is off, that's fine".
		"{if|whether|in case|maybe|perhaps} you {haven't|have not|didn't|did not|never} {responded|replied|gotten back|got back|answered|respond|reply|get back|answer}",
	}},

	{kindPressure, 0, []string{
		"{last|final} chance",
		"{your|a} last opportunity",
		"act {now|fast|quickly|today}",
		"{this |the |our |}offer {expires|ends|runs out|won't last|is only valid}",
		"{discount|pricing|price|deal} {expires|ends}",
		"only {a few|a couple of|a couple|a handful of|two|three|four|2|3|4|one|1} {spots|seats|slots|places|licenses|licences} {left|remaining|remain}",
		"{spots|seats|slots|places} are {filling up|going fast|limited}",
		"filling up fast",
		"before it's too late",
		"before it is too late",
		"before {the price goes|prices go|pricing goes|we raise prices|the price increases|prices increase}",
		"asap",
		"a.s.a.p",
		"for a limited time",
		"limited-time",
		"limited time {offer|only|deal|discount|pricing}",
		"{i |we |}need {an answer|a decision|your answer|your decision|a response|your response|a reply|to hear back|to know|to hear from you|you to decide|your signature} by",
		"by {end of day|eod|cob|close of business|end of business}",
		"{this is|it's|it is|very|extremely} urgent",
		"urgently",
		"time{-| }sensitive",
		"{don't|do not|dont} miss {out|this}",
		"{won't|will not} last",
		"{prices|price|pricing} {go|goes|will go} up",
		"final {offer|notice}",
		"{today|tonight} only",
		"now or never",
		"hurry {up|now|before|while}",
		"{better|need to|you'll want to} hurry",
	}},

	{kindAssumes, 0, []string{
		"{i'll |i will |i'm going to |i can only |i'll just |i'll have to |i must |i |}assume {that |}{you're|you are} {not interested|no longer interested|not the right person|too busy to care}",
		"{i'll |i will |i'm going to |i can only |i'll just |i'll have to |i must |i |}assume {that |}{you've|you have} {lost interest|moved on|decided against|gone with|chosen|no interest|no need}",
		"{i'll |i will |i'm going to |i can only |i'll just |i'll have to |i must |i |}assume {that |}you {don't care|do not care|aren't interested|are not interested|went with|lost interest|decided against|moved on|chose}",
		"{i'll|i will|i'm going to|i am going to} assume {this|that|it|your silence} {is|means} a no",
		"assume {this|that|it|your silence} {is|means} a no",
		"i take it {you|you're|you've|you have|you are|that you|that you're|that you've|from your silence}",
		"i guess {you've|you have|you} {decided|moved on|lost interest|gone with|went with|chose|don't|do not|aren't|are not|no longer}",
		"i guess {you're|you are} {not|no longer|too busy}",
		"{since|as|given} {you're|you are|you've|you have} {clearly|obviously} {not|no longer|moved on|decided|lost}",
		"{since|as|given} {you're|you are} {clearly|obviously} {not interested|no longer interested|too busy|not the right person}",
		"{you're|you are} {clearly|obviously} not",
		"{clearly|obviously} {you're|you are|you've|you have|you don't|you do not|this isn't|this is not|it isn't|it is not} {not|no longer|moved|decided|lost|care|interested|a priority|important}",
		"{your|the} silence {says|speaks|tells me}",
		"i can tell {you're|you are|you've|you have} {not|no longer|lost|moved}",
		"{you|this} must not be {interested|a priority|important}",
		"you {must|must've|must have} {decided|lost interest|gone with|moved on|chosen}",
		"{you're|you are} {probably|likely} not interested",
		"{you've|you have} {clearly|obviously} {decided|moved on|lost interest|gone with|chosen}",
	}},

	{kindSnark, 0, []string{
		"{i'll|i will|i can|i'll just|so i'll} take the hint",
		"i get the {hint|message|picture}",
		"message received",
		"{i'll|i will|i'll just} take {your|that|this|the} silence {as|to mean}",
		"take {your|that|this|the} silence {as|to mean}",
		"{i'll|i will|i'll just} take that as a no",
		"{i'll|i will|i'll just} stop bothering you",
		"{i won't|i will not|i'll not} bother you {again|anymore|any more|further|any longer}",
		"{i'll|i will|i'll just} leave you alone",
		"your loss",
		"{guess|i guess} it wasn't meant to be",
		"{have a nice|have a good|enjoy your} life",
		"{i'll|i will|i'm going to} remove you from {my|our} {list|lists|pipeline|crm}",
		"i'm done {chasing|following up|trying}",
		"{should i|shall i} {close your file|close the file|stop reaching out|stop emailing|give up|take you off}",
		"have you been {abducted|eaten|kidnapped|hit by a bus|captured}",
		"{fallen|fell|dropped} off the face of the {earth|planet}",
		"was it something i said",
		"did i do something wrong",
		"are you {still alive|alive|ok|okay} over there",
	}},
	{kindSnark, flagUnlessDoor, []string{
		"this {is|will be} {my|our} {last|final} {email|message|note|attempt|follow-up|follow up|try|time reaching out}",
		"{i'll|i will|i'm going to} {be closing|close} {your file|the file|the loop|this out|out your file|your account}",
		"{i'm|i am|we're|we are} closing {your file|the file|the loop|out your file|your account}",
		"closing the loop",
		"{i|we} won't be {following up|reaching out|contacting you} {again|anymore|any more|further}",
		"{i|we} {won't|will not} {follow up|reach out|contact you|email you} {again|anymore|any more}",
		"{i'll|i will|we'll|we will} {stop following up|stop reaching out|stop emailing|no longer be following up|no longer reach out|no longer be reaching out|no longer contact you}",
	}},

	{kindFeelings, 0, []string{
		"honestly", "to be honest", "{i'll|i will|let me|i have to|i must} be honest", "to be frank", "frankly", "truthfully", "candidly", "in all honesty",
		"truth is", "genuinely", "sincerely",
		// Words that name a feeling wherever they appear; with the writer as
		// subject the whole statement is the feeling (so its "I" is not
		// counted against the I/you balance).
		"{i'm |i am |i was |i've been |i feel |i felt |i'd be |i would be |}{a bit |a little |really |quite |genuinely |so |}{confused|puzzled|curious|excited|sad|sorry|worried|disappointed|surprised|relieved|grateful|thankful|nervous|bummed|frustrated|thrilled|intrigued|embarrassed|hopeful|delighted|uneasy|uncomfortable|torn}",
		// Words that name a feeling only when the writer says it of themself.
		"{i'm|i am|i was|i've been|i feel|i felt|i'd be|i would be} {a bit |a little |really |quite |genuinely |so |}{unsure|uncertain|glad|happy|stuck|lost|concerned|pleased}",
		"{i'll|i will|let me} be {straight|frank|candid|upfront|open} with you",
		"{i'd|i had} {really |genuinely |}hoped",
		"i feel", "i felt", "i'm feeling", "my gut",
		"i {really |genuinely |truly |}{enjoyed|loved|liked|appreciated|valued}",
		"i appreciate",
		"i'd hate", "i would hate",
		"i miss",
		"{it's|it is|that's|that is} a {shame|pity}",
		"i was looking forward",
		"{i've been|i have been|i'm|i am} wondering",
		"i wonder",
		"{i'll|i will|i have to|i must} admit",
		"{i'm|i am} not sure {what happened|where things stand|where we stand|what changed|if i|whether i}",
		"{it was|it's been|it has been} a {real |}pleasure",
		"i was impressed",
		// Owning a mistake is as honest as naming a feeling.
		"{that's|that is|that one's|that one is} on me", "my {mistake|fault|bad}", "i should have",
	}},
	{kindIntentions, 0, []string{
		"i {really |genuinely |truly |just |only |still |}want {to|you to|you|for you|what's best|what is best|us to|the best|this to}",
		"{what|all} i {really |genuinely |}want",
		"{i'd|i would} {really |genuinely |truly |still |much |}like {to|you to|for you|us to|for us|this to}",
		"{i'd|i would} {really |genuinely |truly |}love {to|for you|for us|you to|for this}",
		"my {hope|intention|goal|aim|wish|plan} {is|was|here|for}",
		"my only {hope|intention|goal|aim|wish}",
		"i {really |genuinely |truly |still |}hope",
		"{i'm|i am|i was} hoping",
		"{i'd|i would} {much |far |}rather",
		"no pressure",
		"either way",
		"{i|i really|i genuinely} {don't|do not} want {to|you to|this to}",
		"the last thing i want",
		"{i'm|i am} not {trying|here} to",
		"i care {about|that}",
		"what matters {to me|most}",
		"{for you and|for} your team",
		"{right|best} for you",
		"{what's|what is|whatever is|whatever's} best for",
		"{a|your} {clear |honest |straight |simple |}{no|yes or no|answer either way|no either way} is {fine|okay|ok|great|welcome|helpful|perfectly fine|totally fine}",
		"{i|we} intend",
		"i {mean|meant} to",
		"{i'd|i would} like us to",
		"{i'm|i am} rooting for",
		// Stepping back, said plainly, is the honest reversal.
		"{i'll|i will|i'm going to|i am going to} {step back|stop reaching out|give you space|leave it there|leave this with you}",
	}},
	{kindIntentions, flagException, []string{
		// Greeting filler is not an intention.
		"i hope {you're|you are|you've been|you have been|you're doing|you are doing} {well|good|great|ok|okay|fine}",
		"i hope {this|my} {email|message|note|} finds you",
		"i hope this finds you",
		"i hope you {had|have|are having|'re having} a {good|great|nice|lovely|restful} {weekend|week|holiday|break|day|summer|trip}",
		"i hope all is well",
	}},
	{kindDoor, 0, []string{
		"whenever", "any time", "anytime", "down the road", "in the future", "no hard feelings",
		"{if|when|once|should} {the |your |}timing {changes|is right|improves|works|shifts|makes sense|gets better|is better|change}",
		"{if|when|should} {things|anything|that|priorities|your priorities|circumstances|plans} {change|changes|shift|shifts}",
		"{the|my|our} door {is|stays|remains|will stay|will remain|is always|'s} {open|always open|wide open}",
		"door's open", "door is open", "leave the door open", "leaving the door open",
		"{if|in case} {i've|i have} {got|gotten|read|misread|misunderstood} {this|it|that|things|the situation} wrong",
		"{if|in case} {i've|i have} {misread|misunderstood}",
		"{if|in case} i {misread|misunderstood|got this wrong|got it wrong|read this wrong}",
		"{if|in case} {i'm|i am} {wrong|off base|mistaken|misreading}",
		"{happy|glad|keen} to pick {this|it|things|the conversation} {up|back up}",
		"pick {this|it|things|the conversation} {up again|back up}",
		"{reach out|get in touch|ping me|drop me a line|write back|give me a shout|get back in touch|reconnect} {when|whenever|if|any time|anytime|once}",
		"{if|in case} {that's not|that is not|that isn't|this isn't|this is not|it's not|it isn't} the case",
		"{i'll be|i'm|i am|i will be|i'll still be} here {if|when|whenever|for you}",
		"here if you {need|want|ever}",
		"{when|once|if} you're ready", "{when|once|if} you are ready",
		"if you're ever", "if you are ever", "if it ever", "if and when",
		"{when|if} the time is right",
		"{if|when} {now|this} {isn't|is not} {the right|a good} time",
		"if now's not {the right|a good} time",
		"{if|in case} {it's|it is} not the right time",
		"{when|whenever|if} it {suits|works for|makes sense for} you",
		"always happy to", "still here",
		"no rush", "no hurry", "no need to {reply|respond|answer|write back}",
		"{happy|glad} to reconnect",
		"revisit {this|it} {later|when|whenever|next}",
		"{i'd|i would} {genuinely |really |}{like|love|be glad|be happy} to {pick this up|pick it up|hear from you|reconnect}",
	}},
	{kindAsk, 0, []string{
		"can you", "could you", "would you", "will you", "can we", "could we", "shall we",
		"would it be possible", "is it possible to", "would it make sense",
		"let me know", "get back to me", "drop me a line", "reply {with|to this|and|back}",
		"please {send|share|confirm|reply|respond|let me know|advise|book|schedule|review|sign|forward|get back|call|find|pick|choose|fill}",
		"{book|grab|pick|find|choose|schedule|set up} {a|some} {time|call|slot|meeting|quick call|chat|demo}",
		"{hop|jump|get} on a {call|quick call}",
		"send me",
		"{are you|would you be} {free|available|open to}",
		"do you have {time|a few minutes|15 minutes|20 minutes|a minute|a moment|some time}",
		"{when|what} works {for you|best}",
		"{i'd|i would} love to hear {back|from you|your thoughts}",
		"i need you to",
		"{i'd|i would} appreciate {a reply|a response|it if you|your feedback|your thoughts|an answer}",
	}},
	{kindResend, 0, []string{
		"again", "resend", "resending", "re-send", "re-sending", "resent", "re-sent",
		"reshare", "resharing", "re-share", "re-sharing", "reshared", "re-shared",
		"re-attaching", "reattaching", "re-linking", "relinking",
		"once more", "one more time",
		"in case you missed {it|this|that}",
		"in case {it|this|that|my email} got {buried|lost}",
	}},
	{kindResend, flagException, []string{
		// Meeting again is not sending again.
		"{see|meet|meeting|talk|talking|speak|speaking|chat|chatting|connect|connecting|catch up|work|working|reconnect} {you |with you |}again",
		"{pick|picking} {this|it|things|the conversation} up again",
		"{thanks|thank you} again",
		"{great|good|nice|lovely} to {see|meet|talk to|speak with|chat with|hear from} you again",
	}},
	{kindSmallTalk, 0, []string{
		"how are you", "how are things", "how's it going", "how is it going", "how have you been",
		"how was your", "how's your", "how is your", "hope you're well", "hope you are well", "hope all is well",
	}},
	{kindFirst, 0, []string{
		"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll", "im", "ive",
		"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll",
	}},
	{kindSecond, 0, []string{
		"you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'd", "you'll", "youre", "y'all", "ya",
	}},
}

// lintTrie holds every expanded, folded phrase as a byte trie. Matching walks
// it from each word start and stops at the first byte no phrase continues
// with, so a scan is linear in the text whatever the number of phrases.
// Children are kept as first-child/next-sibling lists in label order.
type lintTrie struct {
	root    [256]int32 // children of the root, by byte; 0 when absent
	label   []byte     // byte on the edge into each node
	child   []int32    // first child of each node, -1 when none
	sibling []int32    // next sibling of each node, -1 when none
	ends    []uint64   // bit kind*4+flags set for each phrase ending here
}

// lintPhrases builds the trie on first use, so commands that never lint do
// not pay for it.
var lintPhrases = sync.OnceValue(func() *lintTrie { return buildLintTrie(lintGroups) })

func buildLintTrie(groups []lintGroup) *lintTrie {
	type entry struct {
		text string
		bit  uint64
	}
	var entries []entry
	for _, g := range groups {
		for _, pat := range g.patterns {
			for _, raw := range lintExpand(pat) {
				folded, _ := lintFold(nil, nil, raw)
				text := bytes.TrimSpace(folded)
				if len(text) == 0 {
					continue
				}
				if r, _ := lintRuneAt(text, 0); !lintWordRune(r) {
					panic("coach: lint phrase must start with a word: " + raw)
				}
				entries = append(entries, entry{string(text), 1 << (uint(g.kind)*4 + uint(g.flags))})
			}
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.text, b.text) })

	t := &lintTrie{}
	var last []int32 // last child added to each node
	node := func(label byte) int32 {
		t.label = append(t.label, label)
		t.child = append(t.child, -1)
		t.sibling = append(t.sibling, -1)
		t.ends = append(t.ends, 0)
		last = append(last, -1)
		return int32(len(t.label) - 1)
	}
	node(0)
	// Phrases come in byte order, so a new phrase shares with the trie only
	// its common prefix with the previous one, and every new child sorts
	// after its existing siblings.
	path := []int32{0}
	prev := ""
	for _, e := range entries {
		l := 0
		for l < len(prev) && l < len(e.text) && prev[l] == e.text[l] {
			l++
		}
		path = path[:l+1]
		for d := l; d < len(e.text); d++ {
			n, parent := node(e.text[d]), path[d]
			if last[parent] < 0 {
				t.child[parent] = n
			} else {
				t.sibling[last[parent]] = n
			}
			last[parent] = n
			if parent == 0 {
				t.root[e.text[d]] = n
			}
			path = append(path, n)
		}
		t.ends[path[len(e.text)]] |= e.bit
		prev = e.text
	}
	return t
}

// next returns the node reached from n by byte c, or -1.
func (t *lintTrie) next(n int32, c byte) int32 {
	if n == 0 {
		if k := t.root[c]; k != 0 {
			return k
		}
		return -1
	}
	for k := t.child[n]; k >= 0; k = t.sibling[k] {
		if l := t.label[k]; l == c {
			return k
		} else if l > c {
			break
		}
	}
	return -1
}

// lintExpand expands every "{a|b|}" group of a pattern; groups may nest.
func lintExpand(p string) []string {
	i := strings.IndexByte(p, '{')
	if i < 0 {
		return []string{p}
	}
	depth, last := 0, i+1
	var alts []string
	for j := i; j < len(p); j++ {
		switch p[j] {
		case '{':
			depth++
		case '|':
			if depth == 1 {
				alts = append(alts, p[last:j])
				last = j + 1
			}
		case '}':
			if depth--; depth == 0 {
				alts = append(alts, p[last:j])
				var out []string
				for _, alt := range alts {
					out = append(out, lintExpand(p[:i]+alt+p[j+1:])...)
				}
				return out
			}
		}
	}
	panic("coach: unclosed { in lint pattern " + p)
}

// lintFold appends the folded form of s to dst: lower case, curly quotes and
// apostrophes made straight, dashes made '-', every run of white space one
// ' ', invisible characters dropped. For every byte it appends it records in
// src the offset in s of the rune it came from, so a match in the folded text
// maps back to the exact original substring.
func lintFold(dst []byte, src []int32, s string) ([]byte, []int32) {
	dst, src = slices.Grow(dst, len(s)), slices.Grow(src, len(s))
	inSpace := false
	for i := 0; i < len(s); {
		c := s[i]
		if f := lintASCII[c]; f > ' ' {
			// The common case: a printable ASCII character.
			dst = append(dst, f)
			src = append(src, int32(i))
			inSpace = false
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
			(c >= utf8.RuneSelf && unicode.IsSpace(r)):
			if !inSpace {
				dst = append(dst, ' ')
				src = append(src, int32(i))
				inSpace = true
			}
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad':
			// Zero-width characters would otherwise hide a phrase.
		default:
			inSpace = false
			r = lintFoldRune(r)
			if r < utf8.RuneSelf {
				dst = append(dst, byte(r))
				src = append(src, int32(i))
			} else {
				n := len(dst)
				dst = utf8.AppendRune(dst, r)
				for range len(dst) - n {
					src = append(src, int32(i))
				}
			}
		}
		i += size
	}
	return dst, src
}

// lintASCII folds printable ASCII in one lookup; 0 marks everything else.
var lintASCII = func() (t [256]byte) {
	for c := '!'; c <= '~'; c++ {
		t[c] = byte(lintFoldRune(c))
	}
	return t
}()

func lintFoldRune(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return r + ('a' - 'A')
	case r < utf8.RuneSelf:
		if r == '`' {
			return '\''
		}
		return r
	}
	switch r {
	case '\u2018', '\u2019', '\u201b', '\u02bc', '\u00b4', '\u2032':
		return '\''
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return '-'
	}
	return unicode.ToLower(r)
}

// lintWordRune reports whether r is part of a word.
func lintWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func lintRuneAt(b []byte, i int) (rune, int) {
	if b[i] < utf8.RuneSelf {
		return rune(b[i]), 1
	}
	return utf8.DecodeRune(b[i:])
}

// lintTokenEnd returns the end of the word starting at i: letters and digits,
// with apostrophes inside (so "haven't" and "i'll" are one word).
func lintTokenEnd(b []byte, i int) int {
	j := i
	for j < len(b) {
		r, size := lintRuneAt(b, j)
		if lintWordRune(r) {
			j += size
			continue
		}
		if r == '\'' && j+1 < len(b) {
			if r2, _ := lintRuneAt(b, j+1); lintWordRune(r2) {
				j++
				continue
			}
		}
		break
	}
	return j
}

// lintNegators are words that, just before a phrase, turn it into what the
// guidance recommends ("I don't want to keep checking in"). "haven't",
// "hasn't" and "hadn't" are left out: "haven't heard, so bumping this" is
// still a bump.
var lintNegators = map[string]bool{
	"not": true, "no": true, "never": true, "don't": true, "dont": true, "won't": true, "wont": true,
	"isn't": true, "aren't": true, "doesn't": true, "didn't": true, "wouldn't": true, "shouldn't": true,
	"can't": true, "cannot": true, "nothing": true, "without": true, "stop": true, "stopped": true,
	"than": true, "instead": true, "nor": true, "hardly": true, "avoid": true, "neither": true,
}

// lintFiller words do not use up the negation look-back ("not going to keep
// checking in").
var lintFiller = map[string]bool{
	"to": true, "want": true, "wanna": true, "going": true, "gonna": true, "keep": true, "be": true,
	"just": true, "really": true, "even": true, "ever": true, "need": true, "a": true, "an": true,
	"the": true, "of": true, "any": true, "more": true, "further": true, "trying": true, "try": true,
	"i": true, "i'm": true, "i'll": true, "i'd": true, "we": true, "we're": true, "my": true,
}

// lintNegated reports whether a negation closes on the phrase at start,
// looking back up to three words within the same clause.
func lintNegated(b []byte, start int) bool {
	i, counted := start, 0
	for steps := 0; counted < 3 && steps < 8; steps++ {
		for i > 0 && b[i-1] == ' ' {
			i--
		}
		if i == 0 {
			return false
		}
		end := i
		for i > 0 && (b[i-1] >= utf8.RuneSelf || b[i-1] == '\'' ||
			b[i-1] >= 'a' && b[i-1] <= 'z' || b[i-1] >= '0' && b[i-1] <= '9') {
			i--
		}
		if i == end {
			return false // punctuation ends the clause
		}
		w := b[i:end]
		if lintNegators[string(w)] {
			return true
		}
		if !lintFiller[string(w)] {
			counted++
		}
	}
	return false
}

type lintMatch struct {
	start, end int32
	kind       lintKind
	flags      uint8
	dropped    bool
}

type lintSpan struct{ start, end int32 }

func (a lintSpan) overlaps(b lintSpan) bool { return a.start < b.end && b.start < a.end }

type lintSentence struct {
	start, end int32
	words      int32
	first      int32 // first-person words
	question   bool
}

type lintFound struct {
	pos  int
	rule int
	f    Finding
}

// lintScratch holds the buffers of one Lint call; they are pooled so linting
// a message allocates little more than its findings.
type lintScratch struct {
	norm    []byte
	src     []int32
	matches []lintMatch
	sents   []lintSentence
	urls    []lintSpan
	claimed []lintSpan
	found   []lintFound
}

var lintPool = sync.Pool{New: func() any { return new(lintScratch) }}

// Lint checks a message the seller is about to send against the guidance:
// pestering phrases, guilt trips, invented urgency, re-sent links, several
// asks, length, I/you balance and presumptuous or snarky break-up lines. It
// also reports which REAL elements (feelings, intentions, an open door) are
// present, and scores the message 0..100: from 100 it loses each rule's
// weight for that rule's first finding (pestering and guilt 30, pressure 25,
// presuming, snark and re-sent links 20, the rest 15), 5 for every further
// finding of the same rule, and 12 for each missing REAL element. An honest
// short note with all three elements scores 100; one without any of them
// scores 64 and does not pass, though it has no findings.
//
// Invalid UTF-8 is replaced by U+FFFD first; every Quote is an exact
// substring of that sanitised text (of the text itself when it is valid).
// Phrase rules read the first 20,000 bytes; length is judged on all of it.
func Lint(text string) LintReport {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if !lintHasWord(text) {
		return LintReport{Score: 0, Findings: []Finding{{Rule: RuleEmpty, Advice: lintRules[ruleEmpty].advice}}}
	}
	scan := text
	if len(scan) > lintScanBytes {
		cut := lintScanBytes
		for cut > 0 && !utf8.RuneStart(scan[cut]) {
			cut--
		}
		scan = scan[:cut]
	}

	s := lintPool.Get().(*lintScratch)
	defer lintPool.Put(s)
	s.norm, s.src = lintFold(s.norm[:0], s.src[:0], scan)
	s.matches, s.sents, s.urls = s.matches[:0], s.sents[:0], s.urls[:0]
	s.claimed, s.found = s.claimed[:0], s.found[:0]

	first, second := s.scan(scan)
	s.dropExceptions()

	var real RealCheck
	for i := range s.matches {
		m := &s.matches[i]
		if m.dropped || m.flags&flagException != 0 {
			continue
		}
		switch m.kind {
		case kindFeelings:
			real.Feelings = true
		case kindIntentions:
			real.Intentions = true
		case kindDoor:
			real.DoorOpen = true
		}
	}

	s.phraseFindings(scan, real.DoorOpen)
	s.resentLinks(scan)
	s.severalAsks(scan)
	if f, pos, ok := lintTooLong(text); ok {
		s.found = append(s.found, lintFound{pos: pos, rule: ruleTooLong, f: f})
	}
	if first >= 6 && first > 2*second {
		s.selfCentred(scan, first, second)
	}

	slices.SortStableFunc(s.found, func(a, b lintFound) int { return a.pos - b.pos })
	report := LintReport{Findings: make([]Finding, 0, len(s.found)), Real: real}
	var count [len(lintRules)]int
	score := 100
	for _, f := range s.found {
		report.Findings = append(report.Findings, f.f)
		if count[f.rule] == 0 {
			score -= lintRules[f.rule].weight
		} else {
			score -= lintRepeatPenalty
		}
		count[f.rule]++
	}
	for _, present := range [...]bool{real.Feelings, real.Intentions, real.DoorOpen} {
		if !present {
			score -= lintMissingReal
		}
	}
	report.Score = max(0, min(100, score))
	return report
}

// lintHasWord reports whether s has at least one letter or digit; a message
// of blanks or punctuation only is treated as empty.
func lintHasWord(s string) bool {
	for _, r := range s {
		if lintWordRune(r) {
			return true
		}
	}
	return false
}

// scan walks the folded text once: it splits sentences, finds links, looks
// every word up in lintPhrases and counts first- and second-person words.
func (s *lintScratch) scan(text string) (first, second int) {
	b := s.norm
	n := len(b)
	realReach := 0
	sent := lintSentence{start: -1}
	closeSentence := func(end int) {
		if sent.start < 0 {
			return
		}
		sent.end = int32(end)
		for k := end - 1; k > int(sent.start); k-- {
			c := b[k]
			if c == '?' {
				sent.question = true
			}
			if c != '?' && c != '.' && c != '!' && c != '"' && c != '\'' && c != ')' && c != ' ' {
				break
			}
		}
		s.sents = append(s.sents, sent)
		sent = lintSentence{start: -1}
	}
	for i := 0; i < n; {
		r, size := lintRuneAt(b, i)
		if !lintWordRune(r) {
			switch r {
			case '.', '!', '?':
				k := i + 1
				for k < n && strings.IndexByte(".!?\"')]", b[k]) >= 0 {
					k++
				}
				if k == n || b[k] == ' ' {
					closeSentence(k)
					i = k
					continue
				}
			case ' ':
				// A line break ends a sentence too (lists, sign-offs).
				next := len(text)
				if i+1 < n {
					next = int(s.src[i+1])
				}
				if strings.IndexByte(text[s.src[i]:next], '\n') >= 0 {
					closeSentence(i)
				}
			}
			i += size
			continue
		}
		if sent.start < 0 {
			sent.start = int32(i)
		}
		j := lintTokenEnd(b, i)
		tok := b[i:j]
		if lintIsURLStart(b, tok, j) {
			e := lintURLEnd(b, i)
			if len(s.urls) < lintMaxURLs {
				s.urls = append(s.urls, lintSpan{int32(i), int32(e)})
			}
			sent.words++
			i = e
			continue
		}
		sent.words++
		before := len(s.matches)
		pronoun := s.matchAt(i)
		for _, m := range s.matches[before:] {
			if m.kind >= kindFeelings && m.kind <= kindDoor && m.flags&flagException == 0 {
				realReach = max(realReach, int(m.end))
			}
		}
		switch {
		case pronoun == kindFirst && i >= realReach:
			// An I inside a REAL phrase ("if I've got this wrong", "I'd
			// be sorry") is the honesty the guidance asks for, not
			// self-centredness, so it is not counted.
			first++
			sent.first++
		case pronoun == kindSecond:
			second++
		}
		i = j
	}
	closeSentence(n)
	return first, second
}

// matchAt records the phrases that start at the word at i: for each kind
// and flag set, the longest one. A pronoun is not recorded; its kind is
// returned (kindCount when the word is none) so the caller can count it.
func (s *lintScratch) matchAt(i int) lintKind {
	b := s.norm
	t := lintPhrases()
	var longest [64]int32
	var found uint64
	for k, n := i, int32(0); k < len(b); k++ {
		if n = t.next(n, b[k]); n < 0 {
			break
		}
		ends := t.ends[n]
		if ends == 0 {
			continue
		}
		// A phrase ending in a letter or digit must end a word.
		if c := b[k]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if k+1 < len(b) {
				if r, _ := lintRuneAt(b, k+1); lintWordRune(r) {
					continue
				}
			}
		}
		found |= ends
		for e := ends; e != 0; e &= e - 1 {
			longest[bits.TrailingZeros64(e)] = int32(k + 1)
		}
	}
	pronoun := kindCount
	for e := found; e != 0; e &= e - 1 {
		bit := bits.TrailingZeros64(e)
		kind, flags := lintKind(bit/4), uint8(bit%4)
		if kind == kindFirst || kind == kindSecond {
			pronoun = kind
			continue
		}
		s.matches = append(s.matches, lintMatch{start: int32(i), end: longest[bit], kind: kind, flags: flags})
	}
	return pronoun
}

// dropExceptions drops every ordinary match that overlaps an exception of
// its kind. Matches are in start order, so one pass each way sees the
// exceptions that start before and after each match.
func (s *lintScratch) dropExceptions() {
	var reach [kindCount]int32
	for i := range s.matches {
		m := &s.matches[i]
		if m.flags&flagException != 0 {
			reach[m.kind] = max(reach[m.kind], m.end)
		} else if m.start < reach[m.kind] {
			m.dropped = true
		}
	}
	var from [kindCount]int32
	for k := range from {
		from[k] = 1 << 30
	}
	for i := len(s.matches) - 1; i >= 0; i-- {
		m := &s.matches[i]
		if m.flags&flagException != 0 {
			from[m.kind] = min(from[m.kind], m.start)
		} else if from[m.kind] < m.end {
			m.dropped = true
		}
	}
}

// phraseFindings turns the surviving matches of the finding kinds into
// findings, most severe kind first; text quoted once is not quoted again.
func (s *lintScratch) phraseFindings(text string, doorOpen bool) {
	for _, k := range lintPhraseFindings {
		n := 0
		for i := range s.matches {
			m := s.matches[i]
			if m.kind != k || m.dropped || m.flags&flagException != 0 {
				continue
			}
			if m.flags&flagUnlessDoor != 0 && doorOpen {
				continue
			}
			if lintNegatable[k] && lintNegated(s.norm, int(m.start)) {
				continue
			}
			if k == kindAssumes && lintConditioned(s.norm, int(m.start), int(m.end)) {
				continue
			}
			if !s.claim(lintSpan{m.start, m.end}) {
				continue
			}
			start, quote := s.quote(text, int(m.start), int(m.end))
			s.found = append(s.found, lintFound{pos: start, rule: int(k), f: Finding{Rule: lintRules[k].id, Quote: quote, Advice: lintRules[k].advice}})
			if n++; n == lintMaxPerRule {
				break
			}
		}
	}
}

// lintConditioners turn an assumption into the honest step back the
// guidance recommends: "unless I hear back, I'll assume you've moved on; if
// that's not the case, I'd love to keep talking" hands the prospect the pen,
// where a bare "I'll assume you're not interested" slams the door.
var lintConditioners = []string{
	"unless", "otherwise", "if i'm wrong", "if i am wrong", "if i've got", "if i have got",
	"if that's not", "if that is not", "if that isn't", "if i misread", "if not,", "correct me",
}

// lintConditioned reports whether the sentence holding [start, end) of the
// folded text, or the sentence after it, makes the assumption conditional.
func lintConditioned(norm []byte, start, end int) bool {
	from := bytes.LastIndexAny(norm[:start], ".!?\n") + 1
	to := len(norm)
	if i := bytes.IndexAny(norm[end:], ".!?\n"); i >= 0 {
		// Take in the next sentence too: "…I'll assume you've moved on. If
		// I'm wrong, I'd love to hear it."
		next := end + i + 1
		to = next
		if j := bytes.IndexAny(norm[next:], ".!?\n"); j >= 0 {
			to = next + j + 1
		}
	}
	window := norm[from:to]
	for _, c := range lintConditioners {
		if bytes.Contains(window, []byte(c)) {
			return true
		}
	}
	return false
}

// claim reserves a span of folded text for a finding, unless an earlier
// finding already quotes part of it.
func (s *lintScratch) claim(sp lintSpan) bool {
	for _, c := range s.claimed {
		if c.overlaps(sp) {
			return false
		}
	}
	s.claimed = append(s.claimed, sp)
	return true
}

// quote maps the folded span [ns, ne) back to text and returns its start and
// the exact original substring.
func (s *lintScratch) quote(text string, ns, ne int) (int, string) {
	start := int(s.src[ns])
	last := int(s.src[ne-1])
	_, size := utf8.DecodeRuneInString(text[last:])
	return start, text[start : last+size]
}

// sentenceQuote quotes a sentence, trimmed and clipped at a word boundary.
func (s *lintScratch) sentenceQuote(text string, sent lintSentence) (int, string) {
	start, q := s.quote(text, int(sent.start), int(sent.end))
	q = strings.TrimRightFunc(q, unicode.IsSpace)
	return start, lintClip(q, lintMaxQuote)
}

// lintClip shortens q to at most max bytes, cutting at a space; the result is
// still a substring of q.
func lintClip(q string, limit int) string {
	if len(q) <= limit {
		return q
	}
	cut := strings.LastIndexByte(q[:limit], ' ')
	if cut <= 0 {
		cut = limit
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
	}
	if t := strings.TrimRight(q[:cut], " ,;:-"); t != "" {
		return t
	}
	return q[:cut]
}

func lintIsURLStart(b, tok []byte, end int) bool {
	switch string(tok) {
	case "http", "https":
		return bytes.HasPrefix(b[end:], []byte("://"))
	case "www":
		return end < len(b) && b[end] == '.'
	}
	return false
}

// lintURLEnd returns where the link starting at i ends: at a space or a
// Slack/markdown delimiter, without trailing sentence punctuation.
func lintURLEnd(b []byte, i int) int {
	j := i
	for j < len(b) && strings.IndexByte(" <>\"|", b[j]) < 0 {
		j++
	}
	for j > i && strings.IndexByte(".,;:!?)]'", b[j-1]) >= 0 {
		j--
	}
	return j
}

// lintURLKey is a link without scheme, "www." and trailing slash, so the same
// page is recognised however it was pasted.
func lintURLKey(u []byte) []byte {
	for _, p := range []string{"https://", "http://"} {
		if bytes.HasPrefix(u, []byte(p)) {
			u = u[len(p):]
			break
		}
	}
	u = bytes.TrimPrefix(u, []byte("www."))
	return bytes.TrimRight(u, "/")
}

// resentLinks flags a link with an "again"-like word next to it, and a link
// that appears a second time.
func (s *lintScratch) resentLinks(text string) {
	n := 0
	for ui, u := range s.urls {
		span, hit := u, false
		for _, m := range s.matches {
			if m.kind != kindResend || m.dropped || m.flags&flagException != 0 {
				continue
			}
			gap := max(m.start-u.end, u.start-m.end, 0)
			if gap <= lintLinkNear && !s.linkBetween(m, ui) {
				span, hit = lintSpan{min(m.start, u.start), max(m.end, u.end)}, true
				if span.end-span.start > 2*lintMaxQuote {
					span = u
				}
				break
			}
		}
		if !hit {
			key := lintURLKey(s.norm[u.start:u.end])
			for _, prev := range s.urls[:ui] {
				if bytes.Equal(key, lintURLKey(s.norm[prev.start:prev.end])) {
					hit = true
					break
				}
			}
		}
		if !hit || !s.claim(span) {
			continue
		}
		start, quote := s.quote(text, int(span.start), int(span.end))
		s.found = append(s.found, lintFound{pos: start, rule: ruleResentLink,
			f: Finding{Rule: RuleResentLink, Quote: quote, Advice: lintRules[ruleResentLink].advice}})
		if n++; n == lintMaxPerRule {
			return
		}
	}
}

// linkBetween reports whether another link sits between match m and link ui,
// so "again" is paired with the link nearest to it.
func (s *lintScratch) linkBetween(m lintMatch, ui int) bool {
	u := s.urls[ui]
	lo, hi := min(m.end, u.end), max(m.start, u.start)
	for k, o := range s.urls {
		if k != ui && o.start >= lo && o.end <= hi {
			return true
		}
	}
	return false
}

// severalAsks counts the sentences that ask for something: a question or a
// request phrase. Sentences that only leave the door open ("let me know
// whenever the timing changes") and small talk ("how are you?") are not
// asks, and a tiny follow-on question ("Or Thursday?") belongs to the ask
// before it.
func (s *lintScratch) severalAsks(text string) {
	asks, mi := 0, 0
	prevQuestion := false
	var second lintSentence
	for _, sent := range s.sents {
		for mi < len(s.matches) && s.matches[mi].start < sent.start {
			mi++
		}
		var request, door, small bool
		for k := mi; k < len(s.matches) && s.matches[k].start < sent.end; k++ {
			m := s.matches[k]
			if m.dropped || m.flags&flagException != 0 {
				continue
			}
			switch m.kind {
			case kindAsk:
				request = true
			case kindDoor:
				door = true
			case kindSmallTalk:
				small = true
			}
		}
		isAsk := (sent.question || request) && !door && !(small && sent.words <= 8)
		if isAsk && sent.question && !request && prevQuestion && sent.words <= 3 && s.startsWithOr(sent) {
			isAsk = false // "Or Thursday?" continues the question before it
		}
		prevQuestion = isAsk && sent.question
		if !isAsk {
			continue
		}
		asks++
		if asks == 2 {
			second = sent
		}
	}
	if asks < 2 {
		return
	}
	start, quote := s.sentenceQuote(text, second)
	advice := fmt.Sprintf("This asks for %d things at once. Keep the one ask that matters most and cut the rest, "+
		"so answering takes them a single line.", asks)
	s.found = append(s.found, lintFound{pos: start, rule: ruleSeveralAsks, f: Finding{Rule: RuleSeveralAsks, Quote: quote, Advice: advice}})
}

func (s *lintScratch) startsWithOr(sent lintSentence) bool {
	b := s.norm[sent.start:sent.end]
	return bytes.HasPrefix(b, []byte("or ")) || bytes.HasPrefix(b, []byte("or,"))
}

// selfCentred quotes the sentence with the most first-person words.
func (s *lintScratch) selfCentred(text string, first, second int) {
	best := -1
	for i, sent := range s.sents {
		if best < 0 || sent.first > s.sents[best].first {
			best = i
		}
	}
	if best < 0 {
		return
	}
	start, quote := s.sentenceQuote(text, s.sents[best])
	advice := fmt.Sprintf("This talks about I/we %d times and about you/your only %d. "+
		"Turn it around: say what is in it for them, and why their company would care now.", first, second)
	s.found = append(s.found, lintFound{pos: start, rule: ruleSelfCentred, f: Finding{Rule: RuleSelfCentred, Quote: quote, Advice: advice}})
}

// lintTooLong measures the whole text. When it is over the limit it quotes
// the first few words past the point where a reader would stop.
func lintTooLong(text string) (Finding, int, bool) {
	words, chars := 0, 0
	over := -1
	inWord := false
	for i, r := range text {
		chars++
		space := unicode.IsSpace(r)
		if !space && !inWord {
			words++
			if over < 0 && (words > lintMaxWords || chars > lintMaxChars) {
				over = i
			}
		}
		inWord = !space
	}
	if words <= lintMaxWords && chars <= lintMaxChars {
		return Finding{}, 0, false
	}
	if over < 0 {
		// Over the character limit inside the last word.
		over = len(text)
		for over > 0 && !unicode.IsSpace(rune(text[over-1])) {
			over--
		}
	}
	q := text[over:]
	end, seen := 0, 0
	for end < len(q) && seen < 8 {
		for end < len(q) && unicode.IsSpace(rune(q[end])) {
			end++
		}
		for end < len(q) && !unicode.IsSpace(rune(q[end])) {
			end++
		}
		seen++
	}
	q = lintClip(strings.TrimSpace(q[:end]), 80)
	if !utf8.ValidString(q) {
		q = ""
	}
	advice := fmt.Sprintf("At %d words (%d characters) this is far longer than a quiet prospect will read in a DM, "+
		"a LinkedIn note or an email. Cut it to a few sentences: how you feel, what you want for them, and an open door.", words, chars)
	return Finding{Rule: RuleTooLong, Quote: q, Advice: advice}, over, true
}
