package redisstore

import (
	"context"
	"fmt"
	"time"
)

// Claim records that the work named by key is being done, once: it returns
// true for the first caller and false for every caller after it, across
// processes, until ttl has passed. The bot uses it to handle a Slack event
// that Slack retried, or that two replicas received, exactly once; ttl should
// outlast Slack's retries.
//
// key may contain ':' (for example "slack:event:Ev0123") and is stored under
// the store's prefix, so it cannot collide with deal keys.
func (s *Store) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if err := validKey("claim key", key); err != nil {
		return false, err
	}
	if ttl <= 0 {
		// A claim without expiry would pin its key in memory forever.
		return false, fmt.Errorf("redisstore: claim %s: ttl must be positive, got %v", key, ttl)
	}
	ok, err := s.client.SetNX(ctx, s.claimKey(key), "1", ttl).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: claim %s: %w", key, classify(err))
	}
	return ok, nil
}

// Release deletes a claim, so the next Claim of key succeeds. The nudge
// scheduler releases a run it claimed but could not post for a reason worth
// retrying (a Slack 429), so that the same day's nudge is tried again. It is
// not an error to release a claim that is not held.
func (s *Store) Release(ctx context.Context, key string) error {
	if err := validKey("claim key", key); err != nil {
		return err
	}
	if err := s.client.Del(ctx, s.claimKey(key)).Err(); err != nil {
		return fmt.Errorf("redisstore: release %s: %w", key, classify(err))
	}
	return nil
}
