package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach"
)

// bindScript binds a thread to a deal that exists, for as long as the deal
// lives (every write of the deal restarts the binding's TTL with its own):
// 1, or 0 when the deal is gone, so a job that outlived a "forget" cannot
// leave a binding behind.
//
// KEYS: deal, owner's threads, binding. ARGV: binding value, thread key.
var bindScript = redis.NewScript(`
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then return 0 end
if ttl == -1 then
  redis.call('SET', KEYS[3], ARGV[1])
else
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ttl)
end
redis.call('SADD', KEYS[2], ARGV[2])
local cur = redis.call('PTTL', KEYS[2])
if ttl > 0 and (cur == -1 or cur < ttl) then
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return 1
`)

// BindThread records that the Slack thread threadKey (for example
// "D0123:1712345678.000100", channel and thread ts) coaches the deal key, so
// a reply in that thread finds its deal. Binding a thread again replaces
// the old binding. The binding lives as long as the deal: each write of the
// deal restarts both. A deal that does not exist (forgotten while the
// caller was busy) is an error wrapping coach.ErrNotFound, and nothing is
// bound. Forget removes the owner's bindings along with their deals.
func (s *Store) BindThread(ctx context.Context, key coach.DealKey, threadKey string) error {
	if err := validDealKey(key); err != nil {
		return err
	}
	if err := validKey("thread key", threadKey); err != nil {
		return err
	}
	k := s.ownerKeys(key.Team, key.Owner)
	var n int
	err := s.durably(ctx, func(c redis.Cmdable) (bool, error) {
		var err error
		n, err = bindScript.Run(ctx, c,
			[]string{k.deal(key.ID), k.threads, s.threadKey(key.Team, threadKey)},
			binding(key.Owner, key.ID), threadKey).Int()
		return n == 1, err
	})
	if err != nil {
		return fmt.Errorf("redisstore: bind thread %s: %w", threadKey, classify(err))
	}
	if n == 0 {
		return fmt.Errorf("redisstore: bind thread %s: %w", threadKey, s.missing(ctx, key))
	}
	return nil
}

// ThreadDeal returns the key of the deal bound to the Slack thread, or an
// error wrapping coach.ErrNotFound when the thread has no binding. The key
// says whose deal it is, not who may act on it: callers compare its owner
// with whoever wrote or pressed.
func (s *Store) ThreadDeal(ctx context.Context, team, threadKey string) (coach.DealKey, error) {
	if err := validID("team", team); err != nil {
		return coach.DealKey{}, err
	}
	if err := validKey("thread key", threadKey); err != nil {
		return coach.DealKey{}, err
	}
	v, err := s.client.Get(ctx, s.threadKey(team, threadKey)).Result()
	if errors.Is(err, redis.Nil) {
		return coach.DealKey{}, fmt.Errorf("redisstore: thread %s: %w", threadKey, coach.ErrNotFound)
	}
	if err != nil {
		return coach.DealKey{}, fmt.Errorf("redisstore: thread %s: %w", threadKey, classify(err))
	}
	// Owner and deal ids cannot contain ':', so the split is unambiguous.
	owner, dealID, ok := strings.Cut(v, ":")
	if !ok || owner == "" || dealID == "" {
		return coach.DealKey{}, fmt.Errorf("redisstore: thread %s: malformed binding %q", threadKey, abbrev(v))
	}
	return coach.DealKey{Team: team, Owner: owner, ID: dealID}, nil
}
