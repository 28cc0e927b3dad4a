package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach"
)

// maxDealBytes refuses a deal whose JSON is absurdly large (the coach caps a
// story well below this), so one bad input cannot bloat the database or every
// later listing of its owner.
const maxDealBytes = 1 << 20

// mgetChunk bounds the keys per MGET so one reply stays a reasonable size.
const mgetChunk = 256

// scanBatch is the COUNT hint for walking a team's owners.
const scanBatch = 100

// SaveDeal stores d under its team and owner, replacing any deal with the same
// id, and restarts its retention. A zero UpdatedAt is stamped with the
// store's clock (and a zero CreatedAt with UpdatedAt) so the deal still sorts
// sensibly; the caller's copy is not changed.
func (s *Store) SaveDeal(ctx context.Context, d coach.Deal) error {
	if err := validDealIDs(d.Team, d.Owner, d.ID); err != nil {
		return err
	}
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = s.clock.Now()
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = d.UpdatedAt
	}
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("redisstore: save deal %s: encode: %w", d.ID, err)
	}
	if len(b) > maxDealBytes {
		return fmt.Errorf("redisstore: save deal %s: %d bytes of JSON is over the %d byte limit", d.ID, len(b), maxDealBytes)
	}
	k := s.ownerKeys(d.Team, d.Owner)
	// One MULTI: a reader never sees the deal without its index entry, and the
	// TTLs of everything that leads to the deal are restarted together (the
	// invariant described in keys.go). TTLs are relative (PX), not computed
	// from s.clock, so a test clock cannot make keys expire at once.
	_, err = s.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, k.deal(d.ID), b, s.retention)
		p.ZAdd(ctx, k.index, redis.Z{Score: float64(d.UpdatedAt.UnixMilli()), Member: d.ID})
		p.PExpire(ctx, k.index, s.retention)
		p.PExpire(ctx, k.threads, s.retention)
		p.SAdd(ctx, k.owners, d.Owner)
		p.PExpire(ctx, k.owners, s.retention)
		s.indexReminder(ctx, p, d)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: save deal %s: %w", d.ID, classify(err))
	}
	return nil
}

// Deal loads one deal of the owner. A deal that does not exist, expired, or
// belongs to someone else is an error wrapping coach.ErrNotFound.
func (s *Store) Deal(ctx context.Context, team, owner, id string) (coach.Deal, error) {
	if err := validDealIDs(team, owner, id); err != nil {
		return coach.Deal{}, err
	}
	b, err := s.client.Get(ctx, s.ownerKeys(team, owner).deal(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return coach.Deal{}, fmt.Errorf("redisstore: deal %s: %w", id, coach.ErrNotFound)
	}
	if err != nil {
		return coach.Deal{}, fmt.Errorf("redisstore: deal %s: %w", id, classify(err))
	}
	var d coach.Deal
	if err := json.Unmarshal(b, &d); err != nil {
		return coach.Deal{}, fmt.Errorf("redisstore: deal %s: decode: %w", id, err)
	}
	return d, nil
}

// Deals lists the owner's deals, newest UpdatedAt first (ties by id). It costs
// two round trips: the index, then the deals.
func (s *Store) Deals(ctx context.Context, team, owner string) ([]coach.Deal, error) {
	if err := validID("team", team); err != nil {
		return nil, err
	}
	if err := validID("owner", owner); err != nil {
		return nil, err
	}
	k := s.ownerKeys(team, owner)
	ids, err := s.client.ZRevRange(ctx, k.index, 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: deals of %s: %w", owner, classify(err))
	}
	if len(ids) == 0 {
		return nil, nil
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = k.deal(id)
	}
	vals, err := s.mget(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("redisstore: deals of %s: %w", owner, classify(err))
	}
	deals := make([]coach.Deal, 0, len(ids))
	var expired []string
	for i, v := range vals {
		d, ok, err := decode(v)
		if err != nil {
			return nil, fmt.Errorf("redisstore: deal %s: decode: %w", ids[i], err)
		}
		if !ok {
			expired = append(expired, ids[i])
			continue
		}
		deals = append(deals, d)
	}
	s.prune(ctx, k, expired)
	// The index score has millisecond precision; the stored UpdatedAt is the
	// authority on order.
	slices.SortStableFunc(deals, func(a, b coach.Deal) int {
		if c := b.UpdatedAt.Compare(a.UpdatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return deals, nil
}

// forgetScript deletes everything of one owner in one round trip and
// atomically, so a save racing a "forget" cannot leave half a deal behind.
// Thread bindings are deleted only while they still point at this owner: a
// thread may since have been bound to someone else's deal. The deals'
// reminders go too, so a forgotten deal is never reminded of.
//
// KEYS: index, threads, team owners, reminders. ARGV: deal key prefix,
// thread key prefix, owner, reminder member prefix.
var forgetScript = redis.NewScript(`
local n = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  n = n + redis.call('DEL', ARGV[1] .. id)
  redis.call('ZREM', KEYS[4], ARGV[4] .. id)
end
local mine = ARGV[3] .. ':'
for _, t in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local k = ARGV[2] .. t
  local v = redis.call('GET', k)
  if v and string.sub(v, 1, #mine) == mine then
    redis.call('DEL', k)
  end
end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[3], ARGV[3])
return n
`)

// Forget deletes every deal, thread binding and pending reminder of the owner
// in the team and reports how many deals were deleted (expired ones are not
// counted).
func (s *Store) Forget(ctx context.Context, team, owner string) (int, error) {
	if err := validID("team", team); err != nil {
		return 0, err
	}
	if err := validID("owner", owner); err != nil {
		return 0, err
	}
	k := s.ownerKeys(team, owner)
	n, err := forgetScript.Run(ctx, s.client,
		[]string{k.index, k.threads, k.owners, s.remindersKey()},
		k.dealPrefix, s.threadPrefix(team), owner, reminderMember(team, owner, "")).Int()
	if err != nil {
		return 0, fmt.Errorf("redisstore: forget %s: %w", owner, classify(err))
	}
	return n, nil
}

// AllDeals calls fn with every live deal of the team, in no particular order,
// for jobs that look across owners such as the weekly nudge. It walks the
// team's owners set with SSCAN a batch at a time, so memory stays bounded by
// the batch, and costs a few round trips per batch rather than one per deal.
// It stops at the first error from fn and returns that error unchanged. Deals
// saved or deleted during the walk may or may not be visited.
func (s *Store) AllDeals(ctx context.Context, team string, fn func(coach.Deal) error) error {
	if err := validID("team", team); err != nil {
		return err
	}
	ownersKey := s.ownersKey(team)
	seen := make(map[string]bool)
	var cursor uint64
	for {
		owners, next, err := s.client.SScan(ctx, ownersKey, cursor, "", scanBatch).Result()
		if err != nil {
			return fmt.Errorf("redisstore: all deals of team %s: %w", team, classify(err))
		}
		// SSCAN may return an owner twice across batches.
		batch := owners[:0]
		for _, o := range owners {
			if !seen[o] {
				seen[o] = true
				batch = append(batch, o)
			}
		}
		if err := s.visitOwners(ctx, team, batch, fn); err != nil {
			return err
		}
		if next == 0 {
			return nil
		}
		cursor = next
	}
}

// visitOwners loads and visits the deals of a batch of owners: one pipelined
// round trip for their indexes, one for their deals.
func (s *Store) visitOwners(ctx context.Context, team string, owners []string, fn func(coach.Deal) error) error {
	if len(owners) == 0 {
		return nil
	}
	cmds := make([]*redis.StringSliceCmd, len(owners))
	_, err := s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, o := range owners {
			cmds[i] = p.ZRange(ctx, s.ownerKeys(team, o).index, 0, -1)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: all deals of team %s: %w", team, classify(err))
	}
	type ref struct{ owner, id string }
	var (
		refs []ref
		keys []string
	)
	for i, o := range owners {
		k := s.ownerKeys(team, o)
		ids := cmds[i].Val()
		if len(ids) == 0 {
			s.pruneOwner(ctx, k, o)
			continue
		}
		for _, id := range ids {
			refs = append(refs, ref{o, id})
			keys = append(keys, k.deal(id))
		}
	}
	if len(keys) == 0 {
		return nil
	}
	vals, err := s.mget(ctx, keys)
	if err != nil {
		return fmt.Errorf("redisstore: all deals of team %s: %w", team, classify(err))
	}
	expired := make(map[string][]string)
	for i, v := range vals {
		d, ok, err := decode(v)
		if err != nil {
			return fmt.Errorf("redisstore: deal %s of %s: decode: %w", refs[i].id, refs[i].owner, err)
		}
		if !ok {
			expired[refs[i].owner] = append(expired[refs[i].owner], refs[i].id)
			continue
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	for o, ids := range expired {
		s.prune(ctx, s.ownerKeys(team, o), ids)
	}
	return nil
}

// mget reads many string keys in one round trip, in chunks of mgetChunk.
// Missing keys come back as nil.
func (s *Store) mget(ctx context.Context, keys []string) ([]any, error) {
	if len(keys) <= mgetChunk {
		return s.client.MGet(ctx, keys...).Result()
	}
	var cmds []*redis.SliceCmd
	_, err := s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := 0; i < len(keys); i += mgetChunk {
			cmds = append(cmds, p.MGet(ctx, keys[i:min(i+mgetChunk, len(keys))]...))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	vals := make([]any, 0, len(keys))
	for _, c := range cmds {
		vals = append(vals, c.Val()...)
	}
	return vals, nil
}

// decode turns one MGET value into a deal; ok is false for a missing key.
func decode(v any) (d coach.Deal, ok bool, err error) {
	str, isStr := v.(string)
	if !isStr {
		return coach.Deal{}, false, nil
	}
	if err := json.Unmarshal([]byte(str), &d); err != nil {
		return coach.Deal{}, false, err
	}
	return d, true, nil
}

// pruneScript drops index entries whose deal key is gone. It re-checks each
// key itself because the deal may have been saved again since it was read:
// a blind ZREM would hide a live deal from listings.
//
// KEYS: index. ARGV: deal key prefix, ids.
var pruneScript = redis.NewScript(`
local n = 0
for i = 2, #ARGV do
  if redis.call('EXISTS', ARGV[1] .. ARGV[i]) == 0 then
    n = n + redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return n
`)

// prune removes expired ids from an owner's index. It is best effort: a
// failure leaves entries that every reader already skips, and the next read
// tries again, so it must not fail the read that noticed them.
func (s *Store) prune(ctx context.Context, k ownerKeys, ids []string) {
	if len(ids) == 0 {
		return
	}
	args := make([]any, 0, 1+len(ids))
	args = append(args, k.dealPrefix)
	for _, id := range ids {
		args = append(args, id)
	}
	_ = pruneScript.Run(ctx, s.client, []string{k.index}, args...).Err()
}

// pruneOwnerScript drops an owner from the team's owners set once the owner's
// index is gone (all deals expired), re-checking atomically so an owner who
// just saved a deal is kept.
//
// KEYS: team owners, index. ARGV: owner.
var pruneOwnerScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 0 then
  return redis.call('SREM', KEYS[1], ARGV[1])
end
return 0
`)

// pruneOwner is best effort, like prune.
func (s *Store) pruneOwner(ctx context.Context, k ownerKeys, owner string) {
	_ = pruneOwnerScript.Run(ctx, s.client, []string{k.owners, k.index}, owner).Err()
}

func validDealIDs(team, owner, id string) error {
	if err := validID("team", team); err != nil {
		return err
	}
	if err := validID("owner", owner); err != nil {
		return err
	}
	return validID("deal id", id)
}
