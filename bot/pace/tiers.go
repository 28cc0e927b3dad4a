package pace

import "time"

// Tier is one of Slack's Web API rate tiers. Slack counts every method
// separately, per workspace (and per app), whichever process calls it.
type Tier int

// The tiers, with the calls a minute Slack publishes for each (its docs
// say "1+", "20+"… per minute, with short bursts tolerated): the floor is
// what ghosted plans for.
const (
	Tier1 Tier = 1 // about 1 a minute: apps.connections.open
	Tier2 Tier = 2 // about 20 a minute: chat.startStream, chat.stopStream
	Tier3 Tier = 3 // about 50 a minute: chat.update, conversations.replies
	Tier4 Tier = 4 // about 100 a minute: chat.appendStream, users.info, views.*
	// TierPost is chat.postMessage's own rule: about one message a second
	// per channel, with short bursts, under a workspace-wide cap that Slack
	// does not publish ("several hundred a minute"); see PostPerMinute.
	TierPost Tier = 5
)

// PerMinute is the number of calls a minute Slack allows a method of tier
// t in one workspace. For TierPost it is the workspace-wide cap.
func (t Tier) PerMinute() int {
	switch t {
	case Tier1:
		return 1
	case Tier2:
		return 20
	case Tier3:
		return 50
	case Tier4:
		return 100
	case TierPost:
		return PostPerMinute
	}
	return 20
}

// PostPerMinute is the workspace-wide cap on chat.postMessage that ghosted
// assumes. Slack says only that there is one, "several hundred a minute";
// 300 is the low end of that.
const PostPerMinute = 300

// PostEvery and PostBurst are chat.postMessage's per-channel rule as Slack
// states it: one message a second, short bursts allowed. PostBurst is how
// short a burst ghosted assumes is fine.
const (
	PostEvery = time.Second
	PostBurst = 3
)

// methodTiers holds the tier of every Web API method ghosted calls, from
// Slack's method reference. A method missing here is paced as Tier 3 (see
// MethodTier).
var methodTiers = map[string]Tier{
	"apps.connections.open":                 Tier1,
	"chat.startStream":                      Tier2,
	"chat.stopStream":                       Tier2,
	"chat.update":                           Tier3,
	"chat.delete":                           Tier3,
	"conversations.open":                    Tier3,
	"conversations.replies":                 Tier3,
	"conversations.info":                    Tier3,
	"reactions.add":                         Tier3,
	"chat.appendStream":                     Tier4,
	"chat.postEphemeral":                    Tier4,
	"users.info":                            Tier4,
	"views.open":                            Tier4,
	"views.push":                            Tier4,
	"views.update":                          Tier4,
	"views.publish":                         Tier4,
	"assistant.threads.setSuggestedPrompts": Tier4,
	"assistant.threads.setTitle":            Tier4,
	// Slack lists setStatus as "special" without a number; it is called
	// about as often as a thread is answered, so tier 3 is room enough.
	"assistant.threads.setStatus": Tier3,
	"chat.postMessage":            TierPost,
}

// MethodTier returns the tier Slack puts method in. An unknown method is
// Tier 3: in the middle, so a forgotten entry neither starves nor floods.
func MethodTier(method string) Tier {
	if t, ok := methodTiers[method]; ok {
		return t
	}
	return Tier3
}

// Paced reports whether the pacer counts method at all. auth.test runs
// once at the start, before the workspace is known; apps.connections.open
// is slack-go's own call, spaced by the bot's connect gate.
func Paced(method string) bool {
	switch method {
	case "auth.test", "apps.connections.open":
		return false
	}
	return true
}
