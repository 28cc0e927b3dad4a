package slacktest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"
)

// maxModalStack is how many modals Slack stacks (views.push past it fails).
const maxModalStack = 3

// trigger is a trigger_id handed out in a payload.
type trigger struct {
	user   string
	issued time.Time
	used   bool
}

// issueTriggerLocked hands out a trigger_id for a user action, shaped like
// Slack's "1700000000.1234567890.0123456789abcdef…".
func (f *Fake) issueTriggerLocked(user string) string {
	f.seq++
	id := fmt.Sprintf("%d.%d.%032x", f.tsBase, 1_000_000_000+f.seq, f.seq)
	f.triggers[id] = &trigger{user: user, issued: time.Now()}
	return id
}

// exchangeTriggerLocked spends a trigger_id: it must be one the fake issued,
// not used before, and younger than Options.TriggerTTL.
func (f *Fake) exchangeTriggerLocked(id string) (*trigger, *apiError) {
	t, ok := f.triggers[id]
	switch {
	case !ok:
		return nil, fail("invalid_trigger_id")
	case t.used:
		return nil, fail("exchanged_trigger_id")
	case time.Since(t.issued) > f.opts.TriggerTTL:
		return nil, fail("expired_trigger_id")
	}
	t.used = true
	return t, nil
}

// viewRecord is a view the bot opened, pushed or published.
type viewRecord struct {
	user string
	obj  map[string]any // the view as Slack returns it and sends it back in payloads
}

// viewState is what the fake remembers of views, guarded by Fake.mu.
type viewState struct {
	byID       map[string]*viewRecord
	byExternal map[string]string   // external_id → view id
	stacks     map[string][]string // user → open modal ids, root first
	home       map[string]string   // user → home tab view id
}

func (vs *viewState) init() {
	vs.byID = map[string]*viewRecord{}
	vs.byExternal = map[string]string{}
	vs.stacks = map[string][]string{}
	vs.home = map[string]string{}
}

// View returns a view the bot opened, pushed, updated or published, as
// Slack holds it (with id, hash, root_view_id…).
func (f *Fake) View(id string) (json.RawMessage, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.views.byID[id]
	if !ok {
		return nil, false
	}
	b, err := json.Marshal(v.obj)
	return b, err == nil
}

// TopModal returns the id of the modal on top of user's stack, or "".
func (f *Fake) TopModal(user string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.views.top(user)
}

func (vs *viewState) top(user string) string {
	if s := vs.stacks[user]; len(s) > 0 {
		return s[len(s)-1]
	}
	return ""
}

// newViewLocked stores a view for user and fills in the fields Slack adds.
func (f *Fake) newViewLocked(user string, view map[string]any, root, previous string) *viewRecord {
	id := f.nextIDLocked("V")
	if root == "" {
		root = id
	}
	obj := map[string]any{
		"private_metadata": "",
		"callback_id":      "",
		"external_id":      "",
		"blocks":           []any{},
		"clear_on_close":   false,
		"notify_on_close":  false,
	}
	maps.Copy(obj, view)
	obj["id"] = id
	obj["team_id"] = f.TeamID
	obj["state"] = map[string]any{"values": map[string]any{}}
	obj["hash"] = f.viewHashLocked()
	obj["root_view_id"] = root
	obj["previous_view_id"] = nil
	if previous != "" {
		obj["previous_view_id"] = previous
	}
	obj["app_id"] = f.AppID
	obj["app_installed_team_id"] = f.TeamID
	obj["bot_id"] = f.BotID
	v := &viewRecord{user: user, obj: obj}
	f.views.byID[id] = v
	if ext, _ := view["external_id"].(string); ext != "" {
		f.views.byExternal[ext] = id
	}
	return v
}

func (f *Fake) viewHashLocked() string {
	f.seq++
	return fmt.Sprintf("%d.%08x", f.tsBase, f.seq)
}

func viewAnswer(v *viewRecord) map[string]any {
	return map[string]any{"view": maps.Clone(v.obj)}
}

func (f *Fake) viewsOpen(req *apiRequest) (map[string]any, *apiError) {
	view, e := validateView(req.params.Get("view"), "modal")
	if e != nil {
		return nil, e
	}
	if e := f.checkExternalIDLocked(view); e != nil {
		return nil, e
	}
	t, e := f.exchangeTriggerLocked(req.params.Get("trigger_id"))
	if e != nil {
		return nil, e
	}
	v := f.newViewLocked(t.user, view, "", "")
	f.views.stacks[t.user] = []string{v.obj["id"].(string)}
	return viewAnswer(v), nil
}

func (f *Fake) viewsPush(req *apiRequest) (map[string]any, *apiError) {
	view, e := validateView(req.params.Get("view"), "modal")
	if e != nil {
		return nil, e
	}
	if e := f.checkExternalIDLocked(view); e != nil {
		return nil, e
	}
	t, e := f.exchangeTriggerLocked(req.params.Get("trigger_id"))
	if e != nil {
		return nil, e
	}
	stack := f.views.stacks[t.user]
	switch {
	case len(stack) == 0:
		return nil, fail("not_found", "[ERROR] no modal is open to push onto")
	case len(stack) >= maxModalStack:
		return nil, fail("push_limit_reached")
	}
	top := stack[len(stack)-1]
	v := f.newViewLocked(t.user, view, stack[0], top)
	f.views.stacks[t.user] = append(stack, v.obj["id"].(string))
	return viewAnswer(v), nil
}

func (f *Fake) viewsUpdate(req *apiRequest) (map[string]any, *apiError) {
	p := req.params
	id := p.Get("view_id")
	if id == "" {
		id = f.views.byExternal[p.Get("external_id")]
	}
	v, ok := f.views.byID[id]
	if !ok {
		return nil, fail("not_found")
	}
	if h := p.Get("hash"); h != "" && h != v.obj["hash"] {
		return nil, fail("hash_conflict")
	}
	view, e := validateView(p.Get("view"), v.obj["type"].(string))
	if e != nil {
		return nil, e
	}
	f.replaceViewLocked(v, view)
	return viewAnswer(v), nil
}

func (f *Fake) viewsPublish(req *apiRequest) (map[string]any, *apiError) {
	p := req.params
	user := p.Get("user_id")
	if _, ok := f.workspace.users[user]; !ok {
		return nil, fail("user_not_found")
	}
	view, e := validateView(p.Get("view"), "home")
	if e != nil {
		return nil, e
	}
	if v, ok := f.views.byID[f.views.home[user]]; ok {
		if h := p.Get("hash"); h != "" && h != v.obj["hash"] {
			return nil, fail("hash_conflict")
		}
		f.replaceViewLocked(v, view)
		return viewAnswer(v), nil
	}
	v := f.newViewLocked(user, view, "", "")
	f.views.home[user] = v.obj["id"].(string)
	return viewAnswer(v), nil
}

// replaceViewLocked swaps a view's content, keeping what Slack keeps (id,
// root, previous) and issuing a new hash.
func (f *Fake) replaceViewLocked(v *viewRecord, view map[string]any) {
	obj := maps.Clone(v.obj)
	for _, k := range []string{"title", "submit", "close", "blocks", "private_metadata", "callback_id", "external_id", "clear_on_close", "notify_on_close"} {
		delete(obj, k)
	}
	maps.Copy(obj, view)
	for _, k := range []string{"id", "team_id", "root_view_id", "previous_view_id", "app_id", "bot_id", "app_installed_team_id"} {
		obj[k] = v.obj[k]
	}
	obj["state"] = map[string]any{"values": map[string]any{}}
	obj["hash"] = f.viewHashLocked()
	v.obj = obj
}

func (f *Fake) checkExternalIDLocked(view map[string]any) *apiError {
	if ext, _ := view["external_id"].(string); ext != "" {
		if _, taken := f.views.byExternal[ext]; taken {
			return fail("duplicate_external_id")
		}
	}
	return nil
}

// submission is a view_submission waiting for its ack.
type submission struct {
	user   string
	viewID string
}

// applyViewAckLocked does to the modal stack what Slack does with a
// view_submission ack's response_action.
func (f *Fake) applyViewAckLocked(s *submission, payload json.RawMessage) {
	var resp struct {
		ResponseAction string          `json:"response_action"`
		View           json.RawMessage `json:"view"`
	}
	if len(payload) > 0 {
		if err := json.Unmarshal(payload, &resp); err != nil {
			f.logf("view_submission ack is not JSON: %s", payload)
			return
		}
	}
	stack := f.views.stacks[s.user]
	i := slices.Index(stack, s.viewID)
	if i < 0 {
		return
	}
	var view map[string]any
	if resp.ResponseAction == "update" || resp.ResponseAction == "push" {
		var e *apiError
		if view, e = validateView(string(resp.View), "modal"); e != nil {
			f.logf("view_submission ack %s refused: %s %v", resp.ResponseAction, e.code, e.messages)
			return
		}
	}
	switch resp.ResponseAction {
	case "":
		f.views.stacks[s.user] = stack[:i]
	case "clear":
		delete(f.views.stacks, s.user)
	case "update":
		f.replaceViewLocked(f.views.byID[s.viewID], view)
	case "push":
		if len(stack) < maxModalStack {
			v := f.newViewLocked(s.user, view, stack[0], stack[len(stack)-1])
			f.views.stacks[s.user] = append(stack, v.obj["id"].(string))
		}
	}
}
