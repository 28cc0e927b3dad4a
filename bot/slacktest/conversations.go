package slacktest

import (
	"encoding/base64"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Web API methods that read the workspace: conversations.*, users.info, and
// the small write reactions.add.

func (f *Fake) conversationsOpen(req *apiRequest) (map[string]any, *apiError) {
	p := req.params
	if channel := p.Get("channel"); channel != "" {
		c, ok := f.workspace.channels[channel]
		if !ok {
			return nil, fail("channel_not_found")
		}
		return map[string]any{"no_op": true, "already_open": true, "channel": c.object()}, nil
	}
	users := strings.Split(p.Get("users"), ",")
	switch {
	case p.Get("users") == "":
		return nil, fail("users_list_not_supplied")
	case len(users) > 1:
		return nil, fail("not_supported", "[ERROR] the fake opens DMs with one user only")
	}
	if _, ok := f.workspace.users[users[0]]; !ok {
		return nil, fail("user_not_found")
	}
	_, already := f.workspace.dms[users[0]]
	c := f.workspace.channels[f.workspace.dm(users[0])]
	channel := map[string]any{"id": c.ID}
	if p.Get("return_im") == "true" {
		channel = c.object()
	}
	return map[string]any{"no_op": already, "already_open": already, "channel": channel}, nil
}

// repliesPageSize is conversations.replies' default and largest limit.
const repliesPageSize = 1000

func (f *Fake) conversationsReplies(req *apiRequest) (map[string]any, *apiError) {
	p := req.params
	channel, ts := p.Get("channel"), p.Get("ts")
	if _, ok := f.workspace.channels[channel]; !ok {
		return nil, fail("channel_not_found")
	}
	thread := f.workspace.thread(channel, ts)
	if thread == nil {
		return nil, fail("thread_not_found")
	}
	limit, err := strconv.Atoi(p.Get("limit"))
	if err != nil || limit <= 0 || limit > repliesPageSize {
		limit = repliesPageSize
	}
	offset := 0
	if c := p.Get("cursor"); c != "" {
		offset, err = decodeCursor(c)
		if err != nil || offset >= len(thread) {
			return nil, fail("invalid_cursor")
		}
	}
	page := thread[offset:min(offset+limit, len(thread))]
	messages := make([]map[string]any, len(page))
	for i, m := range page {
		messages[i] = maps.Clone(m.obj)
	}
	next := ""
	if end := offset + len(page); end < len(thread) {
		next = encodeCursor(end)
	}
	return map[string]any{
		"messages":          messages,
		"has_more":          next != "",
		"response_metadata": map[string]any{"next_cursor": next},
	}, nil
}

// Cursors are opaque base64 like Slack's; inside is the next offset.
func encodeCursor(offset int) string {
	return base64.StdEncoding.EncodeToString([]byte("next_offset:" + strconv.Itoa(offset)))
}

func decodeCursor(c string) (int, error) {
	b, err := base64.StdEncoding.DecodeString(c)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimPrefix(string(b), "next_offset:"))
}

func (f *Fake) conversationsInfo(req *apiRequest) (map[string]any, *apiError) {
	c, ok := f.workspace.channels[req.params.Get("channel")]
	if !ok {
		return nil, fail("channel_not_found")
	}
	return map[string]any{"channel": c.object()}, nil
}

func (f *Fake) usersInfo(req *apiRequest) (map[string]any, *apiError) {
	if list := req.params.Get("users"); list != "" {
		var users []map[string]any
		for _, id := range strings.Split(list, ",") {
			u, ok := f.workspace.users[id]
			if !ok {
				return nil, fail("user_not_found")
			}
			users = append(users, u.object(f.TeamID))
		}
		return map[string]any{"users": users}, nil
	}
	u, ok := f.workspace.users[req.params.Get("user")]
	if !ok {
		return nil, fail("user_not_found")
	}
	return map[string]any{"user": u.object(f.TeamID)}, nil
}

func (f *Fake) reactionsAdd(req *apiRequest) (map[string]any, *apiError) {
	p := req.params
	name := strings.Trim(p.Get("name"), ":")
	if name == "" {
		return nil, fail("invalid_name")
	}
	m := f.workspace.findMessage(p.Get("channel"), p.Get("timestamp"))
	if m == nil {
		return nil, fail("message_not_found")
	}
	// Rebuilt rather than changed in place: answers already handed out may
	// still be encoding the old slice.
	old, _ := m.obj["reactions"].([]map[string]any)
	reactions := make([]map[string]any, 0, len(old)+1)
	found := false
	for _, r := range old {
		if r["name"] != name {
			reactions = append(reactions, r)
			continue
		}
		users := r["users"].([]string)
		if slices.Contains(users, f.BotUserID) {
			return nil, fail("already_reacted")
		}
		users = append(slices.Clip(users), f.BotUserID)
		reactions = append(reactions, map[string]any{"name": name, "users": users, "count": len(users)})
		found = true
	}
	if !found {
		reactions = append(reactions, map[string]any{"name": name, "users": []string{f.BotUserID}, "count": 1})
	}
	m.obj["reactions"] = reactions
	return nil, nil
}
