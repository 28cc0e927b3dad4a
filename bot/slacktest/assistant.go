package slacktest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The AI app surface: the assistant_thread_started event Slack sends when a
// person opens the app's split view (or starts a new chat in it), and the
// assistant.threads.* methods that set a thread's suggested prompts, its
// title and the app's status in it.

// maxSuggestedPrompts is how many prompts one thread may offer.
const maxSuggestedPrompts = 4

// maxLoadingMessages is how many loading messages a status may rotate.
const maxLoadingMessages = 10

// Prompt is a suggested prompt: the button's title and the message it
// sends as the user.
type Prompt struct {
	Title   string `json:"title"`
	Message string `json:"message"`
}

// AssistantThread is what the app has set on one thread with the
// assistant.threads.* methods.
type AssistantThread struct {
	// Status is the app's status line ("is drafting…"); Slack clears it
	// when the app posts in the thread, as the fake does.
	Status          string
	LoadingMessages []string
	Title           string
	// PromptsTitle is the heading above the suggested prompts.
	PromptsTitle string
	Prompts      []Prompt
}

// assistantState is the fake's memory of assistant threads, guarded by
// Fake.mu, keyed by channel + ":" + thread_ts.
type assistantState map[string]*AssistantThread

func threadKey(channel, ts string) string { return channel + ":" + ts }

// AssistantThread returns what the app has set on the thread at threadTS in
// channel, and false when it set nothing there.
func (f *Fake) AssistantThread(channel, threadTS string) (AssistantThread, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.assistant[threadKey(channel, threadTS)]
	if !ok {
		return AssistantThread{}, false
	}
	out := *t
	out.LoadingMessages = append([]string(nil), t.LoadingMessages...)
	out.Prompts = append([]Prompt(nil), t.Prompts...)
	return out, true
}

// AssistantThreadStarted is an "assistant_thread_started" event: User opened
// the app's split view, or started a new chat in it. As on Slack, the
// thread's root goes into the DM's history first (a message from User with
// subtype assistant_app_thread), so the person's messages in the pane are
// replies to it, with parent_user_id set to User.
type AssistantThreadStarted struct {
	User string // required
	// Channel defaults to the bot's DM with User.
	Channel string
	// ThreadTS is the root's ts; it defaults to a fresh NextTS.
	ThreadTS string
	// ContextChannel is the channel the person was viewing when they
	// opened the pane; "" sends an empty context, as Slack does when
	// nothing is open.
	ContextChannel string
}

func (a AssistantThreadStarted) buildLocked(f *Fake) (string, map[string]any) {
	const template = "events_api_assistant_thread_started.json"
	if a.User == "" {
		f.tb.Errorf("slacktest: AssistantThreadStarted needs a User")
	}
	f.workspace.ensureUser(a.User)
	if a.Channel == "" {
		a.Channel = f.workspace.dm(a.User)
	}
	if a.ThreadTS == "" {
		a.ThreadTS = f.nextTSLocked()
	}
	f.noteChannelLocked(a.Channel, a.User, false)
	root := map[string]any{
		"type":    "message",
		"subtype": "assistant_app_thread",
		"user":    a.User,
		"text":    "New chat",
		"ts":      a.ThreadTS,
		"team":    f.TeamID,
		"assistant_app_thread": map[string]any{
			"title":        "New chat",
			"title_blocks": []any{},
			"artifacts":    []any{},
		},
	}
	f.workspace.insertMessage(a.Channel, &storedMessage{ts: a.ThreadTS, obj: root})

	ev := innerEvent(template)
	at := ev["assistant_thread"].(map[string]any)
	at["user_id"] = a.User
	at["channel_id"] = a.Channel
	at["thread_ts"] = a.ThreadTS
	ctx := map[string]any{}
	if a.ContextChannel != "" {
		ctx = map[string]any{"channel_id": a.ContextChannel, "team_id": f.TeamID, "enterprise_id": nil}
	}
	at["context"] = ctx
	ev["event_ts"] = f.nextTSLocked()
	return template, ev
}

// threadLocked returns the assistant record of an existing thread, making
// it on first use, or the error Slack gives for a thread it does not know.
func (f *Fake) threadLocked(channel, ts string) (*AssistantThread, *apiError) {
	switch {
	case channel == "":
		return nil, fail("channel_not_found")
	case ts == "":
		return nil, fail("invalid_arguments", "[ERROR] missing required field: thread_ts")
	}
	if _, ok := f.workspace.channels[channel]; !ok {
		return nil, fail("channel_not_found")
	}
	if f.workspace.findMessage(channel, ts) == nil {
		return nil, fail("invalid_thread_ts")
	}
	k := threadKey(channel, ts)
	t := f.assistant[k]
	if t == nil {
		t = &AssistantThread{}
		f.assistant[k] = t
	}
	return t, nil
}

// clearStatusLocked does what Slack does to the app's status when the app
// posts in a thread: it goes away.
func (f *Fake) clearStatusLocked(channel, threadTS string) {
	if t, ok := f.assistant[threadKey(channel, threadTS)]; ok {
		t.Status, t.LoadingMessages = "", nil
	}
}

func (f *Fake) assistantThreadsSetStatus(req *apiRequest) (map[string]any, *apiError) {
	p := req.params
	t, e := f.threadLocked(p.Get("channel_id"), p.Get("thread_ts"))
	if e != nil {
		return nil, e
	}
	var loading []string
	if raw := p.Get("loading_messages"); raw != "" {
		// slack-go sends them comma-joined in a form; a JSON client sends
		// an array.
		if err := json.Unmarshal([]byte(raw), &loading); err != nil {
			loading = strings.Split(raw, ",")
		}
	}
	if len(loading) > maxLoadingMessages {
		return nil, fail("invalid_arguments", fmt.Sprintf("[ERROR] must provide at most %d items [json-pointer:/loading_messages]", maxLoadingMessages))
	}
	// An empty status clears it.
	t.Status, t.LoadingMessages = p.Get("status"), loading
	return nil, nil
}

func (f *Fake) assistantThreadsSetTitle(req *apiRequest) (map[string]any, *apiError) {
	p := req.params
	t, e := f.threadLocked(p.Get("channel_id"), p.Get("thread_ts"))
	if e != nil {
		return nil, e
	}
	if p.Get("title") == "" {
		return nil, fail("invalid_arguments", "[ERROR] missing required field: title")
	}
	t.Title = p.Get("title")
	return nil, nil
}

func (f *Fake) assistantThreadsSetSuggestedPrompts(req *apiRequest) (map[string]any, *apiError) {
	p := req.params
	t, e := f.threadLocked(p.Get("channel_id"), p.Get("thread_ts"))
	if e != nil {
		return nil, e
	}
	var prompts []Prompt
	if err := json.Unmarshal([]byte(p.Get("prompts")), &prompts); err != nil {
		return nil, fail("invalid_arguments", "[ERROR] prompts must be an array of {title, message} [json-pointer:/prompts]")
	}
	switch {
	case len(prompts) == 0:
		return nil, fail("invalid_arguments", "[ERROR] missing required field: prompts")
	case len(prompts) > maxSuggestedPrompts:
		return nil, fail("invalid_arguments", fmt.Sprintf("[ERROR] must provide at most %d items [json-pointer:/prompts]", maxSuggestedPrompts))
	}
	for i, pr := range prompts {
		if pr.Title == "" || pr.Message == "" {
			return nil, fail("invalid_arguments", fmt.Sprintf("[ERROR] missing required field: title or message [json-pointer:/prompts/%d]", i))
		}
	}
	t.PromptsTitle, t.Prompts = p.Get("title"), prompts
	return nil, nil
}
