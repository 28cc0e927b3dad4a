package bot

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// A user's Slack time zone decides when "remind me on a date" fires and the
// default hour of a channel's weekly nudge. users.info is a tier-4 call, but
// a person presses a few buttons in a row, so answers are kept a while.
const (
	zoneTTL = time.Hour
	// maxZones bounds the cache; past it the cache starts over, which costs
	// a users.info call per active user and nothing else.
	maxZones = 10000
)

type zoneCache struct {
	mu sync.Mutex
	m  map[string]cachedZone
}

type cachedZone struct {
	tz string
	at time.Time
}

// userTZ returns the IANA zone of user in Slack ("America/New_York"), from
// users.info. An error means it is unknown; callers fall back to UTC and say
// so where it matters.
func (b *Bot) userTZ(ctx context.Context, user string) (string, error) {
	now := time.Now()
	b.zones.mu.Lock()
	z, ok := b.zones.m[user]
	b.zones.mu.Unlock()
	if ok && now.Sub(z.at) < zoneTTL {
		return z.tz, nil
	}
	u, err := b.api.GetUserInfoContext(ctx, user)
	if err != nil {
		return "", fmt.Errorf("users.info %s: %w", user, err)
	}
	b.zones.mu.Lock()
	if b.zones.m == nil || len(b.zones.m) >= maxZones {
		b.zones.m = make(map[string]cachedZone)
	}
	b.zones.m[user] = cachedZone{tz: u.TZ, at: now}
	b.zones.mu.Unlock()
	return u.TZ, nil
}

// userLocation is userTZ as a location, UTC when unknown.
func (b *Bot) userLocation(ctx context.Context, user string) *time.Location {
	tz, err := b.userTZ(ctx, user)
	if err != nil {
		b.log.Warn("cannot read the user's time zone; using UTC", "user", user, "err", slackError(err))
		return time.UTC
	}
	if tz == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	return loc
}
