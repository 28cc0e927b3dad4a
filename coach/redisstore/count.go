package redisstore

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// CountUp adds one to the counter named key and returns the new count. The
// counter expires ttl after it was first created (later calls do not extend
// it), so a counter keyed by day, like the bot's per-user daily draft limit,
// cleans itself up; and every replica counts into the same number.
func (s *Store) CountUp(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	if err := validKey("counter key", key); err != nil {
		return 0, err
	}
	if ttl <= 0 {
		return 0, fmt.Errorf("redisstore: count %s: ttl must be positive, got %v", key, ttl)
	}
	k := s.prefix + ":count:" + key
	var incr *redis.IntCmd
	_, err := s.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		incr = p.Incr(ctx, k)
		p.ExpireNX(ctx, k, ttl)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("redisstore: count %s: %w", key, classify(err))
	}
	return incr.Val(), nil
}
