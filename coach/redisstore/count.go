package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// countScript adds one to an owner's counter, starting its TTL with the
// first count, and lists it for Forget.
//
// KEYS: counter, owner's keys set. ARGV: counter name, ttl ms.
var countScript = redis.NewScript(ownedLua + `
local n = redis.call('INCR', KEYS[1])
if n == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  own(tonumber(ARGV[2]))
end
return n
`)

// CountUp adds one to the user's counter name and returns the new count.
// The counter expires ttl after it was first created (later calls do not
// extend it), so a counter named by day, like the bot's per-user daily draft
// limit ("drafts:2026-01-05"), cleans itself up; every replica counts into
// the same number; and Forget deletes it with the rest of the user's data.
func (s *Store) CountUp(ctx context.Context, team, user, name string, ttl time.Duration) (int64, error) {
	if err := validOwner(team, user); err != nil {
		return 0, err
	}
	if err := validKey("counter name", name); err != nil {
		return 0, err
	}
	if ttl <= 0 {
		return 0, fmt.Errorf("redisstore: count %s: ttl must be positive, got %v", name, ttl)
	}
	k := s.ownerKeys(team, user)
	n, err := countScript.Run(ctx, s.client, []string{k.count(name), k.keys}, countName(name), ttl.Milliseconds()).Int64()
	if err != nil {
		return 0, fmt.Errorf("redisstore: count %s: %w", name, classify(err))
	}
	return n, nil
}
