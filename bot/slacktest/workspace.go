package slacktest

import (
	"slices"
	"strconv"
	"strings"
)

// User is a workspace member as users.info describes it. Users seen in a
// payload the fake sends are added with defaults; AddUser sets them up front.
type User struct {
	ID       string
	Name     string // default: the id in lower case
	RealName string // default: Name
	Email    string
	TZ       string // default "America/New_York"
	TZLabel  string // default "Eastern Standard Time"
	TZOffset int    // seconds east of UTC; default -18000 when TZ is defaulted
	IsBot    bool
}

// Channel is a conversation as conversations.info describes it. Channels
// seen in a payload or posted to are added with defaults.
type Channel struct {
	ID        string
	Name      string // default: the id in lower case; DMs have none
	IsPrivate bool
	// User is the other member of a DM (D…) channel.
	User string
}

// storedMessage is a message in a channel's history.
type storedMessage struct {
	ts        string
	threadTS  string
	fromBot   bool
	streaming bool           // opened by chat.startStream, not yet stopped
	obj       map[string]any // the message as conversations.replies returns it
}

// workspace is the fake's directory and history, guarded by Fake.mu.
type workspace struct {
	users    map[string]User
	channels map[string]Channel
	dms      map[string]string // user id → DM channel id
	history  map[string][]*storedMessage
}

func (ws *workspace) init() {
	ws.users = map[string]User{}
	ws.channels = map[string]Channel{}
	ws.dms = map[string]string{}
	ws.history = map[string][]*storedMessage{}
}

// AddUser adds or replaces a workspace member, for users.info.
func (f *Fake) AddUser(u User) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.workspace.addUser(u)
}

// AddChannel adds or replaces a conversation, for conversations.info and the
// channel_name of slash commands.
func (f *Fake) AddChannel(c Channel) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.workspace.addChannel(c)
}

// AddMessage puts a message into a channel's history without sending an
// event, as if it was posted before the test began; conversations.replies
// returns it. A message with ThreadTS is a reply in that thread. It returns
// the message's ts, generated when m.TS is empty.
func (f *Fake) AddMessage(m Message) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	obj := f.messageEventLocked(m)
	return obj["ts"].(string)
}

// DMChannel returns the id of the bot's DM channel with user, the channel
// conversations.open answers.
func (f *Fake) DMChannel(user string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.workspace.dm(user)
}

func (ws *workspace) addUser(u User) {
	if u.Name == "" {
		u.Name = strings.ToLower(u.ID)
	}
	if u.RealName == "" {
		u.RealName = u.Name
	}
	if u.TZ == "" {
		u.TZ, u.TZLabel, u.TZOffset = "America/New_York", "Eastern Standard Time", -18000
	}
	ws.users[u.ID] = u
}

// ensureUser adds a default user for an id seen in a payload.
func (ws *workspace) ensureUser(id string) {
	if id == "" {
		return
	}
	if _, ok := ws.users[id]; !ok {
		ws.addUser(User{ID: id})
	}
}

func (ws *workspace) addChannel(c Channel) {
	if c.Name == "" && !isDM(c.ID) {
		c.Name = strings.ToLower(c.ID)
	}
	ws.channels[c.ID] = c
	if isDM(c.ID) && c.User != "" {
		ws.dms[c.User] = c.ID
	}
}

// ensureChannel adds a default channel for an id seen in a payload or posted to.
func (ws *workspace) ensureChannel(id string) Channel {
	if c, ok := ws.channels[id]; ok {
		return c
	}
	c := Channel{ID: id}
	ws.addChannel(c)
	return ws.channels[id]
}

// dm returns the DM channel with user, opening it on first use. Its id is
// "D" plus the user id without its leading U, so U1 talks in D1.
func (ws *workspace) dm(user string) string {
	if id, ok := ws.dms[user]; ok {
		return id
	}
	id := "D" + strings.TrimPrefix(user, "U")
	ws.ensureUser(user)
	ws.addChannel(Channel{ID: id, User: user})
	return id
}

func isDM(channel string) bool { return strings.HasPrefix(channel, "D") }

// channelType is the channel_type of a message event in channel.
func channelType(channel string, private bool) string {
	switch {
	case isDM(channel):
		return "im"
	case strings.HasPrefix(channel, "G"), private:
		return "group"
	default:
		return "channel"
	}
}

// channelName is the channel_name a slash command carries.
func (ws *workspace) channelName(id string) string {
	c := ws.ensureChannel(id)
	switch {
	case isDM(id):
		return "directmessage"
	case c.IsPrivate:
		return "privategroup"
	default:
		return c.Name
	}
}

// findMessage returns the message at ts in channel, or nil.
func (ws *workspace) findMessage(channel, ts string) *storedMessage {
	for _, m := range ws.history[channel] {
		if m.ts == ts {
			return m
		}
	}
	return nil
}

// insertMessage adds m to its channel's history in ts order. A message whose
// ts is already there is kept as it was: one message can arrive both as
// app_mention and as message. A reply updates its parent's reply counters.
func (ws *workspace) insertMessage(channel string, m *storedMessage) *storedMessage {
	if old := ws.findMessage(channel, m.ts); old != nil {
		return old
	}
	msgs := ws.history[channel]
	i, _ := slices.BinarySearchFunc(msgs, m.ts, func(e *storedMessage, ts string) int { return compareTS(e.ts, ts) })
	ws.history[channel] = slices.Insert(msgs, i, m)

	if m.threadTS == "" || m.threadTS == m.ts {
		return m
	}
	parent := ws.findMessage(channel, m.threadTS)
	if parent == nil {
		return m
	}
	if _, ok := m.obj["parent_user_id"]; !ok {
		if u, ok := parent.obj["user"]; ok {
			m.obj["parent_user_id"] = u
		}
	}
	parent.obj["thread_ts"] = parent.ts
	count, _ := parent.obj["reply_count"].(int)
	parent.obj["reply_count"] = count + 1
	parent.obj["latest_reply"] = m.ts
	users, _ := parent.obj["reply_users"].([]string)
	if u, ok := m.obj["user"].(string); ok && !slices.Contains(users, u) {
		parent.obj["reply_users"] = append(slices.Clip(users), u)
		parent.obj["reply_users_count"] = len(users) + 1
	}
	return m
}

func (ws *workspace) deleteMessage(channel, ts string) {
	ws.history[channel] = slices.DeleteFunc(ws.history[channel], func(m *storedMessage) bool { return m.ts == ts })
}

// thread returns a thread's parent and replies in ts order, or nil when no
// message has that ts.
func (ws *workspace) thread(channel, ts string) []*storedMessage {
	if ws.findMessage(channel, ts) == nil {
		return nil
	}
	var out []*storedMessage
	for _, m := range ws.history[channel] {
		if m.ts == ts || m.threadTS == ts {
			out = append(out, m)
		}
	}
	return out
}

// compareTS orders Slack timestamps ("1700000000.000100") numerically.
func compareTS(a, b string) int {
	as, af, _ := strings.Cut(a, ".")
	bs, bf, _ := strings.Cut(b, ".")
	if c := compareInts(as, bs); c != 0 {
		return c
	}
	return compareInts(af, bf)
}

func compareInts(a, b string) int {
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	if errA != nil || errB != nil {
		return strings.Compare(a, b)
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// object is the user as users.info returns it.
func (u User) object(teamID string) map[string]any {
	return map[string]any{
		"id":          u.ID,
		"team_id":     teamID,
		"name":        u.Name,
		"deleted":     false,
		"real_name":   u.RealName,
		"tz":          u.TZ,
		"tz_label":    u.TZLabel,
		"tz_offset":   u.TZOffset,
		"is_bot":      u.IsBot,
		"is_app_user": false,
		"is_admin":    false,
		"profile": map[string]any{
			"real_name":    u.RealName,
			"display_name": u.Name,
			"email":        u.Email,
			"team":         teamID,
		},
	}
}

// object is a conversation as conversations.info returns it.
func (c Channel) object() map[string]any {
	if isDM(c.ID) {
		return map[string]any{
			"id":              c.ID,
			"created":         1700000000,
			"is_im":           true,
			"is_org_shared":   false,
			"user":            c.User,
			"is_user_deleted": false,
			"priority":        0,
		}
	}
	return map[string]any{
		"id":          c.ID,
		"name":        c.Name,
		"is_channel":  !c.IsPrivate,
		"is_group":    false,
		"is_im":       false,
		"is_mpim":     false,
		"is_private":  c.IsPrivate,
		"is_archived": false,
		"is_general":  false,
		"is_member":   true,
		"created":     1700000000,
		"creator":     "",
		"topic":       map[string]any{"value": "", "creator": "", "last_set": 0},
		"purpose":     map[string]any{"value": "", "creator": "", "last_set": 0},
	}
}
