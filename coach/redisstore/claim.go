package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Claim records that the work named by key is being done in team, once: it
// returns true for the first caller and false for every caller after it,
// across processes, until ttl has passed. The bot uses it to handle a Slack
// event that Slack retried, or that two replicas received, exactly once;
// the nudge scheduler to post a run once. ttl should outlast the retries.
//
// key may contain ':' (for example "ev:Ev0123") and is stored under the
// team, so it cannot collide with another team's or with deal keys. A claim
// names work, never a person: what is about a person is a ClaimUser.
func (s *Store) Claim(ctx context.Context, team, key string, ttl time.Duration) (bool, error) {
	if err := validID("team", team); err != nil {
		return false, err
	}
	if err := validKey("claim key", key); err != nil {
		return false, err
	}
	if ttl <= 0 {
		// A claim without expiry would pin its key in memory forever.
		return false, fmt.Errorf("redisstore: claim %s: ttl must be positive, got %v", key, ttl)
	}
	ok, err := s.client.SetNX(ctx, s.claimKey(team, key), "1", ttl).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: claim %s: %w", key, classify(err))
	}
	return ok, nil
}

// Release deletes a claim, so the next Claim of key succeeds. The nudge
// scheduler releases a run it claimed but could not post for a reason worth
// retrying (a Slack 429), so that the same day's nudge is tried again. It is
// not an error to release a claim that is not held.
func (s *Store) Release(ctx context.Context, team, key string) error {
	if err := validID("team", team); err != nil {
		return err
	}
	if err := validKey("claim key", key); err != nil {
		return err
	}
	if err := s.client.Del(ctx, s.claimKey(team, key)).Err(); err != nil {
		return fmt.Errorf("redisstore: release %s: %w", key, classify(err))
	}
	return nil
}

// ownedLua registers the key ARGV[1] (a name under the owner's prefix) in
// the owner's keys set KEYS[2] for Forget, keeping the set alive at least
// as long as ARGV[2] ms: a member never outlives its listing.
const ownedLua = `
local function own(ttl)
  redis.call('SADD', KEYS[2], ARGV[1])
  local cur = redis.call('PTTL', KEYS[2])
  if cur == -1 or cur < ttl then
    redis.call('PEXPIRE', KEYS[2], ttl)
  end
end
`

// claimUserScript sets an owner's claim once and lists it for Forget.
//
// KEYS: claim, owner's keys set. ARGV: claim name, ttl ms.
var claimUserScript = redis.NewScript(ownedLua + `
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then return 0 end
own(tonumber(ARGV[2]))
return 1
`)

// ClaimUser is Claim for something about one person, such as "this user was
// greeted": true for the first caller only, until ttl has passed. Forget
// deletes the owner's claims with the rest of their data.
func (s *Store) ClaimUser(ctx context.Context, team, user, name string, ttl time.Duration) (bool, error) {
	if err := validOwner(team, user); err != nil {
		return false, err
	}
	if err := validKey("claim name", name); err != nil {
		return false, err
	}
	if ttl <= 0 {
		return false, fmt.Errorf("redisstore: claim %s: ttl must be positive, got %v", name, ttl)
	}
	k := s.ownerKeys(team, user)
	n, err := claimUserScript.Run(ctx, s.client, []string{k.claim(name), k.keys}, claimName(name), ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: claim %s: %w", name, classify(err))
	}
	return n == 1, nil
}
