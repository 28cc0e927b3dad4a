// Package bottest is the end-to-end test kit of the bot: it reads what the
// bot posted to a fake Slack (bot/slacktest) and waits for it, with
// predicates that know the bot's own block and action ids, so that bot's
// e2e tests and cmd/ghosted's fault tests (the whole binary in-process)
// share one set of helpers instead of each keeping a copy.
//
//	k := bottest.New(t, fake)
//	env := k.Send(slacktest.Message{Channel: dm, User: "U1", TS: root, Text: story})
//	k.Ack(env)
//	q := k.WaitPost(0, bottest.All(bottest.InThread(dm, root), bottest.Post.IsQuestion))
//
// Tests wait on recorded calls, never on sleeps.
package bottest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"
	"github.com/ghosted-bot/ghosted/bot/slacktest"
)

// The action ids a test presses (see slacktest.BlockActions).
const (
	// ActionOption is a question's quick reply, + its index ("q_opt_0").
	ActionOption = ids.Option
	// ActionSkip is a question's Skip button.
	ActionSkip = ids.Skip
	// ActionCard is a draft card's button, + its coach.Action
	// ("card_shorter", "card_regenerate").
	ActionCard = ids.Card
	// ActionShorter is the draft card's Shorter button.
	ActionShorter = ids.Shorter
)

// Wait bounds every wait of a Kit unless Kit.Wait says otherwise: generous
// for a loaded machine under -race.
const Wait = 20 * time.Second

// Kit reads and waits on one fake Slack for one test.
type Kit struct {
	T    testing.TB
	Fake *slacktest.Fake
	// Logs, when set, is printed with a failed wait (the bot's logs).
	Logs fmt.Stringer
	// Wait bounds each wait (default Wait).
	Wait time.Duration
}

// New is a Kit for t on fake.
func New(t testing.TB, fake *slacktest.Fake) *Kit { return &Kit{T: t, Fake: fake} }

// Ctx is a context that ends after the Kit's wait, or with the test.
func (k *Kit) Ctx() context.Context {
	d := k.Wait
	if d <= 0 {
		d = Wait
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	k.T.Cleanup(cancel)
	return ctx
}

func (k *Kit) logs() string {
	if k.Logs == nil {
		return ""
	}
	return "\nbot logs:\n" + k.Logs.String()
}

// Send delivers an event with an event id no other test uses, so that
// tests sharing one Redis never dedupe each other's events.
func (k *Kit) Send(ev slacktest.Event, opts ...slacktest.SendOption) slacktest.Envelope {
	return k.Fake.SendEvent(ev, append([]slacktest.SendOption{slacktest.WithEventID("Ev" + strings.ToUpper(RandomID()))}, opts...)...)
}

// Ack waits for env's ack and checks it came within Slack's 3 seconds.
func (k *Kit) Ack(env slacktest.Envelope) slacktest.AckRecord {
	k.T.Helper()
	a, err := k.Fake.WaitAck(k.Ctx(), env.ID)
	if err != nil {
		k.T.Fatalf("%s: %v%s", env, err, k.logs())
	}
	if a.Latency > 3*time.Second {
		k.T.Errorf("%s acked after %v", env, a.Latency)
	}
	return a
}

// WaitCall waits for a call to method that matches (nil: any).
func (k *Kit) WaitCall(method string, match func(slacktest.Call) bool) slacktest.Call {
	k.T.Helper()
	c, err := k.Fake.WaitCall(k.Ctx(), method, match)
	if err != nil {
		k.T.Fatalf("%v%s", err, k.logs())
	}
	return c
}

// Press clicks an element of a message the bot posted and waits for the
// ack, which must carry no payload.
func (k *Kit) Press(user string, p Post, actionID string) slacktest.Envelope {
	k.T.Helper()
	env := k.Fake.SendInteraction(slacktest.BlockActions{User: user, Channel: p.Channel, MessageTS: p.TS, ActionID: actionID})
	a := k.Ack(env)
	if len(a.Payload) > 0 && string(a.Payload) != "null" {
		k.T.Errorf("block_actions ack carried a payload: %s", a.Payload)
	}
	return env
}

// Post is a message the bot posted (chat.postMessage), rewrote
// (chat.update) or finished streaming with blocks (chat.stopStream: a
// draft card), decoded.
type Post struct {
	Call     slacktest.Call
	Method   string
	Channel  string
	TS       string // the message's ts
	ThreadTS string
	Text     string
	Blocks   []map[string]any
}

// Decode reads a chat.* call as a Post.
func Decode(c slacktest.Call) Post {
	p := Post{Call: c, Method: c.Method, Text: c.Params.Get("text")}
	p.Channel, p.TS, p.ThreadTS = c.Where()
	if raw := c.Params.Get("blocks"); raw != "" {
		_ = json.Unmarshal([]byte(raw), &p.Blocks)
	}
	if c.Method == "chat.stopStream" {
		// The finished message: the text streamed, and the blocks under it.
		var resp struct {
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
		}
		_ = json.Unmarshal(c.Response, &resp)
		p.Text = resp.Message.Text
	}
	return p
}

// ActionIDs lists the action ids of p's interactive elements, in action
// blocks and as section accessories.
func (p Post) ActionIDs() []string {
	var out []string
	for _, b := range p.Blocks {
		var elems []any
		if es, ok := b["elements"].([]any); ok {
			elems = es
		}
		if acc, ok := b["accessory"]; ok {
			elems = append(elems, acc)
		}
		for _, e := range elems {
			if m, ok := e.(map[string]any); ok {
				if id, ok := m["action_id"].(string); ok {
					out = append(out, id)
				}
			}
		}
	}
	return out
}

// HasAction reports whether p has an element with action id.
func (p Post) HasAction(id string) bool { return slices.Contains(p.ActionIDs(), id) }

// BlockID returns the block id of the block holding action id.
func (p Post) BlockID(action string) string {
	for _, b := range p.Blocks {
		if elems, ok := b["elements"].([]any); ok {
			for _, e := range elems {
				if m, ok := e.(map[string]any); ok && m["action_id"] == action {
					s, _ := b["block_id"].(string)
					return s
				}
			}
		}
	}
	return ""
}

// AllText is the message text plus every text in its blocks.
func (p Post) AllText() string {
	var sb strings.Builder
	sb.WriteString(p.Text)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if t, ok := x["text"].(string); ok {
				sb.WriteString("\n")
				sb.WriteString(t)
			}
			for key, vv := range x {
				if key != "text" {
					walk(vv)
				} else if _, ok := vv.(string); !ok {
					walk(vv)
				}
			}
		case []any:
			for _, vv := range x {
				walk(vv)
			}
		}
	}
	for _, b := range p.Blocks {
		walk(b)
	}
	return sb.String()
}

// IsQuestion reports whether p is a coaching question (it has Skip).
func (p Post) IsQuestion() bool { return p.HasAction(ids.Skip) }

// IsCard reports whether p is a draft card (it has Shorter).
func (p Post) IsCard() bool { return p.HasAction(ids.Shorter) }

// Cond is a predicate on posts.
type Cond = func(Post) bool

// InThread matches posts in one thread.
func InThread(channel, root string) Cond {
	return func(p Post) bool { return p.Channel == channel && p.ThreadTS == root }
}

// All matches posts every cond matches.
func All(conds ...Cond) Cond {
	return func(p Post) bool {
		for _, c := range conds {
			if !c(p) {
				return false
			}
		}
		return true
	}
}

// Contains matches posts whose text or blocks hold s.
func Contains(s string) Cond {
	return func(p Post) bool { return strings.Contains(p.AllText(), s) }
}

// Posts returns every message the bot posted, rewrote or finished
// streaming with blocks (see Post), decoded, in order.
func Posts(f *slacktest.Fake) []Post {
	var out []Post
	for _, c := range f.Calls("") {
		if !c.OK() {
			continue
		}
		if c.Method == "chat.postMessage" || c.Method == "chat.update" || c.Method == "chat.stopStream" && c.Params.Get("blocks") != "" {
			out = append(out, Decode(c))
		}
	}
	return out
}

// Posts is Posts of the Kit's fake.
func (k *Kit) Posts() []Post { return Posts(k.Fake) }

// WaitPost waits for a post matching cond among those after the first skip.
func (k *Kit) WaitPost(skip int, cond Cond) Post {
	k.T.Helper()
	ctx := k.Ctx()
	for {
		// Count the calls before looking, so one that lands in between
		// is not waited for in vain.
		n := len(k.Fake.Calls(""))
		ps := k.Posts()
		for i := skip; i < len(ps); i++ {
			if cond(ps[i]) {
				return ps[i]
			}
		}
		if _, err := k.Fake.WaitCalls(ctx, "", n+1); err != nil {
			k.T.Fatalf("no matching post: %v\nposts so far:\n%s%s", err, k.Describe(), k.logs())
			return Post{}
		}
	}
}

// Index is p's position in Posts.
func (k *Kit) Index(p Post) int {
	for i, q := range k.Posts() {
		if q.Call.At.Equal(p.Call.At) && q.TS == p.TS && q.Method == p.Method {
			return i
		}
	}
	return 0
}

// Count counts the new messages (not rewrites) in a thread matching cond.
func (k *Kit) Count(channel, root string, cond Cond) int {
	n := 0
	for _, p := range k.Posts() {
		if p.Method == "chat.postMessage" && p.Channel == channel && p.ThreadTS == root && cond(p) {
			n++
		}
	}
	return n
}

// Describe lists the posts so far, for a failure message.
func (k *Kit) Describe() string {
	var sb strings.Builder
	for i, p := range k.Posts() {
		fmt.Fprintf(&sb, "%d %s %s ts=%s thread=%s actions=%v text=%.120q\n", i, p.Method, p.Channel, p.TS, p.ThreadTS, p.ActionIDs(), p.Text)
	}
	return sb.String()
}

// StartDM tells the bot a deal story in user's DM and waits for the first
// question under it. It returns the DM channel and the thread's ts.
func (k *Kit) StartDM(user, story string) (dm, root string) {
	k.T.Helper()
	dm = k.Fake.DMChannel(user)
	root = k.Fake.NextTS()
	k.Ack(k.Send(slacktest.Message{Channel: dm, User: user, TS: root, Text: story}))
	k.WaitPost(0, All(InThread(dm, root), Post.IsQuestion))
	return dm, root
}

// Answer replies in a coaching thread and waits for the ack.
func (k *Kit) Answer(dm, root, user, text string) slacktest.Envelope {
	k.T.Helper()
	env := k.Send(slacktest.Message{Channel: dm, User: user, ThreadTS: root, Text: text})
	k.Ack(env)
	return env
}

// DraftIt asks for the draft in a coaching thread and returns the card.
func (k *Kit) DraftIt(dm, root, user string) Post {
	k.T.Helper()
	seen := len(k.Posts())
	k.Answer(dm, root, user, "draft it")
	return k.WaitPost(seen, All(InThread(dm, root), Post.IsCard))
}

// RandomID is 12 random hex digits, for key prefixes, team and event ids
// no other test shares.
func RandomID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// LogBuffer collects logs written from many goroutines.
type LogBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
