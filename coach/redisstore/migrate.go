package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
)

// schemaVersion is the key layout keys.go describes. Layout 1 (no schema
// key) kept the reminder index and the nudge subscriptions in two sets
// shared by every team, and a person's welcome claim and draft counters
// outside their owner prefix, where Forget could not find them. Layout 2
// had no hash tag: a team's keys started "<p>:t:<team>:", where layout 3
// has "<p>:t:{<team>}:".
const schemaVersion = 3

// moveScript moves one layout-1 key about a person under their owner
// prefix, keeping its value and TTL, and lists it for Forget.
//
// KEYS: old key, new key, owner's keys set. ARGV: name in the keys set.
var moveScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if not v or ttl < 0 then
  redis.call('DEL', KEYS[1])
  return 0
end
redis.call('SET', KEYS[2], v, 'PX', ttl)
redis.call('SADD', KEYS[3], ARGV[1])
local cur = redis.call('PTTL', KEYS[3])
if cur == -1 or cur < ttl then
  redis.call('PEXPIRE', KEYS[3], ttl)
end
redis.call('DEL', KEYS[1])
return 1
`)

// migrate brings a database written by an older ghosted to schemaVersion.
// Every step can run again, and on several replicas at once, with the same
// result. The shared indexes are moved on every start while they exist: in
// a rolling upgrade, replicas of the old version go on writing them until
// they stop, and the next start moves what they wrote. The keys of layout 2
// and the personal keys of layout 1 are moved once, at the first start on
// the new layout; deploy/README.md tells operators to stop the old version
// before that start. Deals need nothing else: one stored before deals had
// versions reads as version 0.
//
// On Redis Cluster nothing is moved: no older layout can be there, since
// its scripts touched keys in many slots and could not run on a cluster.
func (s *Store) migrate(ctx context.Context) error {
	cluster := s.topology == TopologyCluster
	if !cluster {
		if err := s.moveSharedIndexes(ctx); err != nil {
			return err
		}
	}
	v, err := s.client.Get(ctx, s.schemaKey()).Int()
	switch {
	case err == nil && v == schemaVersion:
		return nil
	case err == nil && v > schemaVersion:
		return fmt.Errorf("redisstore: the keys under %q were written by a newer ghosted (key layout %d, this one knows %d): upgrade this one, or use another REDIS_PREFIX", s.prefix, v, schemaVersion)
	case err != nil && !errors.Is(err, redis.Nil):
		return fmt.Errorf("redisstore: read the key layout version: %w", classify(err))
	}
	if !cluster {
		// Layout 1 had its deals, bindings and owner keys where layout 2
		// had them, so both move here.
		if err := s.moveLayout2(ctx); err != nil {
			return err
		}
	}
	if !cluster && v < 2 {
		// "welcome:{team}:{user}" and "drafts:{team}:{user}:{day}".
		if err := s.moveOwned(ctx, s.legacyWelcomePrefix(), func(rest string) (team, user, listed string, ok bool) {
			team, user, ok = strings.Cut(rest, ":")
			return team, user, claimName("welcome"), ok
		}); err != nil {
			return err
		}
		if err := s.moveOwned(ctx, s.legacyDraftCountPrefix(), func(rest string) (team, user, listed string, ok bool) {
			parts := strings.Split(rest, ":")
			if len(parts) != 3 {
				return "", "", "", false
			}
			return parts[0], parts[1], countName("drafts:" + parts[2]), true
		}); err != nil {
			return err
		}
	}
	if err := s.client.Set(ctx, s.schemaKey(), schemaVersion, 0).Err(); err != nil {
		return fmt.Errorf("redisstore: record the key layout version: %w", classify(err))
	}
	return nil
}

// moveTagScript renames layout-2 keys to their layout-3 names (KEYS in
// pairs: old, new), keeping values and TTLs, and returns how many moved. A
// new name already taken was written by this version since it started, so
// it wins; the old key's members are added to it when both are sets or
// sorted sets (indexes), keeping the longer TTL. It runs on one server only
// (RENAME across slots is what a cluster refuses).
var moveTagScript = redis.NewScript(`
local moved = 0
for i = 1, #KEYS, 2 do
  local old, new = KEYS[i], KEYS[i + 1]
  local t = redis.call('TYPE', old).ok
  if t ~= 'none' then
    if redis.call('EXISTS', new) == 0 then
      redis.call('RENAME', old, new)
    else
      local nt = redis.call('TYPE', new).ok
      if (t == 'set' or t == 'zset') and nt == t then
        local a, b = redis.call('PTTL', old), redis.call('PTTL', new)
        if t == 'set' then
          redis.call('SUNIONSTORE', new, new, old)
        else
          redis.call('ZUNIONSTORE', new, 2, new, old, 'AGGREGATE', 'MAX')
        end
        if a >= 0 and b >= 0 then
          redis.call('PEXPIRE', new, math.max(a, b))
        end
      end
      redis.call('DEL', old)
    end
    moved = moved + 1
  end
end
return moved
`)

// moveLayout2 moves every "<p>:t:<team>:…" key to "<p>:t:{<team>}:…".
func (s *Store) moveLayout2(ctx context.Context) error {
	teams := s.prefix + ":t:"
	var keys []string
	flush := func() error {
		if len(keys) == 0 {
			return nil
		}
		err := moveTagScript.Run(ctx, s.client, keys).Err()
		keys = keys[:0]
		if err != nil {
			return fmt.Errorf("redisstore: move the keys to the hash-tagged layout: %w", classify(err))
		}
		return nil
	}
	iter := s.client.Scan(ctx, 0, teams+"*", 1000).Iterator()
	for iter.Next(ctx) {
		old := iter.Val()
		team, rest, ok := strings.Cut(strings.TrimPrefix(old, teams), ":")
		if !ok || strings.HasPrefix(team, "{") || validID("team", team) != nil {
			continue // already tagged, or not a key of ours
		}
		keys = append(keys, old, s.teamPrefix(team)+rest)
		if len(keys) >= 200 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("redisstore: scan %s*: %w", teams, classify(err))
	}
	return flush()
}

// moveSharedIndexes moves layout 1's reminder index and subscription set,
// shared by every team, into each team's own.
func (s *Store) moveSharedIndexes(ctx context.Context) error {
	reminders, err := s.client.ZRangeWithScores(ctx, s.legacyRemindersKey(), 0, -1).Result()
	if err != nil {
		return fmt.Errorf("redisstore: read the shared reminder index: %w", classify(err))
	}
	subs, err := s.client.SMembers(ctx, s.legacyNudgesKey()).Result()
	if err != nil {
		return fmt.Errorf("redisstore: read the shared subscriptions: %w", classify(err))
	}
	if len(reminders) == 0 && len(subs) == 0 {
		return nil
	}
	_, err = s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, z := range reminders {
			m, _ := z.Member.(string)
			if team, member, ok := strings.Cut(m, ":"); ok && validID("team", team) == nil {
				p.ZAdd(ctx, s.remindersKey(team), redis.Z{Score: z.Score, Member: member})
			}
		}
		for _, m := range subs {
			if team, channel, ok := strings.Cut(m, ":"); ok && validChannel(team, channel) == nil {
				p.SAdd(ctx, s.nudgesKey(team), channel)
			}
		}
		// Only what was read is taken off: an entry an old replica added
		// meanwhile is moved at the next start.
		for _, z := range reminders {
			p.ZRem(ctx, s.legacyRemindersKey(), z.Member)
		}
		for _, m := range subs {
			p.SRem(ctx, s.legacyNudgesKey(), m)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: move the shared indexes to their teams: %w", classify(err))
	}
	return nil
}

// moveOwned moves the layout-1 keys under prefix to their owner's prefix;
// split names the owner and the name to list the key by (see claimName)
// from the rest of the old key.
func (s *Store) moveOwned(ctx context.Context, prefix string, split func(rest string) (team, user, listed string, ok bool)) error {
	iter := s.client.Scan(ctx, 0, prefix+"*", 500).Iterator()
	for iter.Next(ctx) {
		old := iter.Val()
		team, user, listed, ok := split(strings.TrimPrefix(old, prefix))
		if !ok || validOwner(team, user) != nil {
			continue
		}
		k := s.ownerKeys(team, user)
		if err := moveScript.Run(ctx, s.client, []string{old, k.named(listed), k.keys}, listed).Err(); err != nil {
			return fmt.Errorf("redisstore: move %s: %w", old, classify(err))
		}
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("redisstore: scan %s*: %w", prefix, classify(err))
	}
	return nil
}
