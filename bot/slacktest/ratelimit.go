package slacktest

import (
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Slack's Web API rate limits, as the fake enforces them when
// Options.RateLimits is set. Slack counts each method separately, per
// workspace and app: a tier allows about so many calls a minute (its docs
// say "20+ per minute", with bursts tolerated briefly); the fake takes the
// floor, as at most that many calls in any window of Options.RateMinute.
// chat.postMessage follows its own rule: about one message a second per
// channel with short bursts (the fake: a bucket of one a second, three at
// once), under a workspace-wide cap Slack does not publish ("several
// hundred a minute"; the fake: 300).
//
// Not limited: auth.test (called once) and apps.connections.open (tier 1
// on Slack; the reconnect tests open sockets far more often than that).
var tierPerMinute = map[string]int{
	"chat.startStream":                      20,
	"chat.stopStream":                       20,
	"chat.update":                           50,
	"chat.delete":                           50,
	"conversations.open":                    50,
	"conversations.replies":                 50,
	"conversations.info":                    50,
	"reactions.add":                         50,
	"assistant.threads.setStatus":           50,
	"chat.appendStream":                     100,
	"chat.postEphemeral":                    100,
	"users.info":                            100,
	"views.open":                            100,
	"views.push":                            100,
	"views.update":                          100,
	"views.publish":                         100,
	"assistant.threads.setSuggestedPrompts": 100,
	"assistant.threads.setTitle":            100,
	"chat.postMessage":                      postPerMinute,
}

const (
	// postPerMinute is chat.postMessage's workspace-wide cap.
	postPerMinute = 300
	// postEvery and postBurst are its per-channel bucket: one message per
	// postEvery (scaled with RateMinute), postBurst at once.
	postEvery = time.Second
	postBurst = 3
)

// TierLimit returns how many calls to method the fake allows in any window
// of Options.RateMinute, and false for a method it does not limit. For
// chat.postMessage it is the workspace-wide cap; each channel also has its
// bucket of one message a second.
func TierLimit(method string) (int, bool) {
	n, ok := tierPerMinute[method]
	return n, ok
}

// rateState is what the limits have counted, guarded by Fake.mu.
type rateState struct {
	// calls holds, per method, the times of the calls it answered within
	// the last window, oldest first.
	calls map[string][]time.Time
	// channels holds chat.postMessage's per-channel buckets: the time the
	// channel's bucket is empty up to (its theoretical arrival time).
	channels map[string]time.Time
}

func (r *rateState) init() {
	r.calls = map[string][]time.Time{}
	r.channels = map[string]time.Time{}
}

// rateLimitLocked counts a call to method at when, if the limits allow it,
// and otherwise returns how long the caller must wait (Retry-After).
func (f *Fake) rateLimitLocked(method string, p url.Values, at time.Time) (retryAfter time.Duration, limited bool) {
	if !f.opts.RateLimits {
		return 0, false
	}
	n, ok := tierPerMinute[method]
	if !ok {
		return 0, false
	}
	window := f.opts.RateMinute
	recent := f.rates.calls[method]
	// Forget calls that left the window: the window is (at-window, at].
	cut := 0
	for cut < len(recent) && !recent[cut].After(at.Add(-window)) {
		cut++
	}
	recent = recent[cut:]
	if len(recent) >= n {
		f.rates.calls[method] = recent
		return recent[0].Add(window).Sub(at), true
	}

	var channel string
	var tat time.Time
	if method == "chat.postMessage" {
		channel = p.Get("channel")
		if strings.HasPrefix(channel, "U") || strings.HasPrefix(channel, "W") {
			channel = f.workspace.dm(channel)
		}
		every := f.opts.RateMinute / (time.Minute / postEvery)
		tat = f.rates.channels[channel]
		if tat.Before(at) {
			tat = at
		}
		// The bucket takes a message when, with it, it is no more than
		// postBurst messages full.
		if wait := tat.Add(every).Sub(at) - postBurst*every; wait > 0 {
			f.rates.calls[method] = recent
			return wait, true
		}
		tat = tat.Add(every)
	}
	f.rates.calls[method] = append(recent, at)
	if channel != "" {
		f.rates.channels[channel] = tat
	}
	return 0, false
}

// retryAfterSeconds is the Retry-After Slack would send: whole seconds,
// rounded up, at least one.
func retryAfterSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// RateLimited returns the calls the fake's rate limits answered with 429
// (not those a Fault made fail): with Options.RateLimits, a client that
// paces itself well ends a test with none.
func (f *Fake) RateLimited() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls {
		if c.Throttled {
			out = append(out, c)
		}
	}
	return out
}

// CallsWithin returns the most calls to method the fake answered without an
// error in any window of d: what Slack's tiers count.
func (f *Fake) CallsWithin(method string, d time.Duration) int {
	var at []time.Time
	for _, c := range f.Calls(method) {
		if c.Status == 200 {
			at = append(at, c.At)
		}
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	most, j := 0, 0
	for i := range at {
		for !at[j].After(at[i].Add(-d)) {
			j++
		}
		most = max(most, i-j+1)
	}
	return most
}
