package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach"
)

// BindThread records that the Slack thread threadKey (for example
// "D0123:1712345678.000100", channel and thread ts) coaches the owner's deal
// dealID, so a reply in that thread finds its deal. Binding a thread again
// replaces the old binding. The binding expires after the retention,
// counted from this call; the bot binds again whenever it starts coaching in
// a thread. Forget removes the owner's bindings along with their deals.
func (s *Store) BindThread(ctx context.Context, team, threadKey, owner, dealID string) error {
	if err := validDealIDs(team, owner, dealID); err != nil {
		return err
	}
	if err := validKey("thread key", threadKey); err != nil {
		return err
	}
	k := s.ownerKeys(team, owner)
	// The owner's threads set records the binding for Forget; it is written
	// in the same MULTI so a binding is never left out of it.
	_, err := s.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, s.threadPrefix(team)+threadKey, owner+":"+dealID, s.retention)
		p.SAdd(ctx, k.threads, threadKey)
		p.PExpire(ctx, k.threads, s.retention)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: bind thread %s: %w", threadKey, classify(err))
	}
	return nil
}

// ThreadDeal returns the owner and deal id bound to the Slack thread, or an
// error wrapping coach.ErrNotFound when the thread has no binding. The caller
// still loads the deal with Deal(team, owner, dealID), so the usual owner
// check applies: ThreadDeal says whose deal it is, not who may act on it.
func (s *Store) ThreadDeal(ctx context.Context, team, threadKey string) (owner, dealID string, err error) {
	if err := validID("team", team); err != nil {
		return "", "", err
	}
	if err := validKey("thread key", threadKey); err != nil {
		return "", "", err
	}
	v, err := s.client.Get(ctx, s.threadPrefix(team)+threadKey).Result()
	if errors.Is(err, redis.Nil) {
		return "", "", fmt.Errorf("redisstore: thread %s: %w", threadKey, coach.ErrNotFound)
	}
	if err != nil {
		return "", "", fmt.Errorf("redisstore: thread %s: %w", threadKey, classify(err))
	}
	// Owner and deal ids cannot contain ':', so the split is unambiguous.
	owner, dealID, ok := strings.Cut(v, ":")
	if !ok || owner == "" || dealID == "" {
		return "", "", fmt.Errorf("redisstore: thread %s: malformed binding %q", threadKey, abbrev(v))
	}
	return owner, dealID, nil
}
