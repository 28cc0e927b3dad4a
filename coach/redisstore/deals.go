package redisstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// maxDealBytes refuses a deal whose JSON is absurdly large (the coach caps a
// story, its notes and its drafts well below this), so one bad input cannot
// bloat the database or every later listing of its owner.
const maxDealBytes = 1 << 20

// mgetChunk bounds the keys per MGET so one reply stays a reasonable size.
const mgetChunk = 256

// scanBatch is the COUNT hint for walking a team's owners.
const scanBatch = 100

// maxUpdateAttempts bounds how often UpdateDeal reads and applies a change
// again because the deal changed under it. Two people pressing buttons on
// one deal conflict once in a while; ten times in a row is a bug.
const maxUpdateAttempts = 10

// RemindGrace is how long a deal is kept after its remember-me date, at
// least: long enough for the reminder to go out and its owner to act on it,
// however far the date is past the retention.
const RemindGrace = 30 * 24 * time.Hour

// writeLua is the part of every deal write that keeps the keys leading to
// the deal in step with it (see keys.go). It expects:
//
//	KEYS[1] deal  KEYS[2] tombstone  KEYS[3] owner's index  KEYS[4] owner's threads
//	KEYS[5] team's owners  KEYS[6] team's reminders
//	ARGV[1] deal JSON  ARGV[2] TTL ms  ARGV[3] index score  ARGV[4] deal id
//	ARGV[5] owner  ARGV[6] reminder op: add, xx (only if indexed) or rem
//	ARGV[7] reminder score  ARGV[8] reminder member  ARGV[9] thread key prefix
//	ARGV[10] binding value
const writeLua = `
local function extend(key, ttl)
  local cur = redis.call('PTTL', key)
  if cur == -1 or (cur >= 0 and cur < ttl) then
    redis.call('PEXPIRE', key, ttl)
  end
end
local function write()
  local ttl = tonumber(ARGV[2])
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
  extend(KEYS[3], ttl)
  redis.call('SADD', KEYS[5], ARGV[5])
  extend(KEYS[5], ttl)
  for _, t in ipairs(redis.call('SMEMBERS', KEYS[4])) do
    local k = ARGV[9] .. t
    local v = redis.call('GET', k)
    if v == ARGV[10] then
      redis.call('PEXPIRE', k, ttl)
    elseif not v then
      redis.call('SREM', KEYS[4], t)
    end
  end
  extend(KEYS[4], ttl)
  if ARGV[6] == 'add' then
    redis.call('ZADD', KEYS[6], ARGV[7], ARGV[8])
  elseif ARGV[6] == 'xx' then
    redis.call('ZADD', KEYS[6], 'XX', ARGV[7], ARGV[8])
  else
    redis.call('ZREM', KEYS[6], ARGV[8])
  end
end
`

// createScript stores a new deal: 1, or 0 when the key is taken, -1 when
// it is a forgotten deal's (its tombstone stands). Finding the very deal it
// would write means this write already happened: go-redis sent it again
// after losing the reply (a connection cut, a failover), and it reports 1,
// not "taken".
var createScript = redis.NewScript(writeLua + `
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then return 1 end
if cur then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
write()
return 1
`)

// updateScript stores a changed deal only while the stored one still has
// the version the change was made from (ARGV[11]): 1 when stored, 0 when
// the deal changed meanwhile, -1 when it is gone, -2 when it was forgotten.
// The version is the deal JSON's first field (coach.Deal.Version); a deal
// stored before versions existed reads as 0. As in createScript, finding
// the very deal it would write is this write sent again after a lost reply:
// 1, so that the change is not applied a second time on top of itself.
var updateScript = redis.NewScript(writeLua + `
local cur = redis.call('GET', KEYS[1])
if not cur then
  if redis.call('EXISTS', KEYS[2]) == 1 then return -2 end
  return -1
end
if cur == ARGV[1] then return 1 end
local v = tonumber(string.match(cur, '^{"version":(%d+)') or '0')
if v ~= tonumber(ARGV[11]) then return 0 end
write()
return 1
`)

// dealTTL is how long d is kept from now: the retention, or until its
// remember-me date and RemindGrace after, whichever is later.
func (s *Store) dealTTL(d *coach.Deal) time.Duration {
	ttl := s.retention
	if !d.RemindAt.IsZero() {
		if until := d.RemindAt.Sub(s.clock.Now()) + RemindGrace; until > ttl {
			ttl = until
		}
	}
	return ttl
}

// reminderOp says how a write of d changes the reminder index. A date still
// ahead is (re)indexed. A date that has passed only updates an entry that is
// still there (xx): once the DM went out, MarkReminded removed the entry,
// and writing the deal again for any other reason (the owner presses "I
// sent it" on an old card) must not bring the reminder back and DM them
// twice.
func (s *Store) reminderOp(d *coach.Deal) string {
	switch {
	case !nudge.HasReminder(*d):
		return "rem"
	case d.RemindAt.After(s.clock.Now()):
		return "add"
	default:
		return "xx"
	}
}

// runWrite runs a deal write script for d, whose JSON is b, with extra
// arguments after writeLua's. Every write of a deal goes through here, and
// so is durable behind Sentinel (see durably): a script's 1 is returned only
// once a replica has the deal.
func (s *Store) runWrite(ctx context.Context, script *redis.Script, d *coach.Deal, b []byte, extra ...any) (res int, err error) {
	k := s.ownerKeys(d.Team, d.Owner)
	args := append([]any{
		b, s.dealTTL(d).Milliseconds(), d.UpdatedAt.UnixMilli(), d.ID,
		d.Owner, s.reminderOp(d), d.RemindAt.UnixMilli(), reminderMember(d.Owner, d.ID),
		s.threadPrefix(d.Team), binding(d.Owner, d.ID),
	}, extra...)
	err = s.durably(ctx, func(c redis.Cmdable) (bool, error) {
		res, err = script.Run(ctx, c,
			[]string{k.deal(d.ID), k.gone(d.ID), k.index, k.threads, k.owners, s.remindersKey(d.Team)},
			args...).Int()
		return res == 1, err
	})
	return res, err
}

// encodeDeal stamps zero times and encodes d within maxDealBytes.
func (s *Store) encodeDeal(d *coach.Deal) ([]byte, error) {
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = s.clock.Now()
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = d.UpdatedAt
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	if len(b) > maxDealBytes {
		return nil, fmt.Errorf("%d bytes of JSON is over the %d byte limit", len(b), maxDealBytes)
	}
	return b, nil
}

// CreateDeal stores d as a new deal, version 1, with its index entries. It
// fails with an error wrapping coach.ErrExists when the key is taken, or
// belonged to a deal forgotten less than Options.TombstoneTTL ago. A zero
// UpdatedAt is stamped with the store's clock (and a zero CreatedAt with
// UpdatedAt); the caller's copy is not changed.
func (s *Store) CreateDeal(ctx context.Context, d coach.Deal) error {
	if err := validDealKey(d.Key()); err != nil {
		return err
	}
	d.Version = 1
	b, err := s.encodeDeal(&d)
	if err != nil {
		return fmt.Errorf("redisstore: create deal %s: %w", d.ID, err)
	}
	res, err := s.runWrite(ctx, createScript, &d, b)
	switch {
	case err != nil:
		return fmt.Errorf("redisstore: create deal %s: %w", d.ID, classify(err))
	case res == 0:
		return fmt.Errorf("redisstore: create deal %s: %w", d.ID, coach.ErrExists)
	case res < 0:
		return fmt.Errorf("redisstore: create deal %s: %w (it was forgotten)", d.ID, coach.ErrExists)
	}
	return nil
}

// UpdateDeal applies change to the deal as stored and stores the result with
// a compare-and-set on its version: when another change was stored since the
// read (on this replica or another), the deal is read again and change
// applied again to the fresh copy, up to maxUpdateAttempts times, then it
// fails with coach.ErrConflict. A change that leaves the deal as it was
// writes nothing.
//
// It returns the deal as stored and the effects change returned. When change
// fails, it returns the deal as read and change's error, unwrapped. A deal
// that does not exist fails with coach.ErrNotFound, or coach.ErrForgotten
// when its owner forgot it less than Options.TombstoneTTL ago.
func (s *Store) UpdateDeal(ctx context.Context, key coach.DealKey, change coach.Change) (coach.Deal, []coach.Effect, error) {
	if err := validDealKey(key); err != nil {
		return coach.Deal{}, nil, err
	}
	for attempt := 1; ; attempt++ {
		raw, err := s.client.Get(ctx, s.dealKey(key)).Bytes()
		if errors.Is(err, redis.Nil) {
			return coach.Deal{}, nil, s.missing(ctx, key)
		}
		if err != nil {
			return coach.Deal{}, nil, fmt.Errorf("redisstore: update deal %s: %w", key.ID, classify(err))
		}
		// Decoded twice so that change gets a copy sharing nothing with the
		// deal returned when it fails.
		var was, next coach.Deal
		if err := json.Unmarshal(raw, &was); err != nil {
			return coach.Deal{}, nil, fmt.Errorf("redisstore: update deal %s: decode: %w", key.ID, err)
		}
		_ = json.Unmarshal(raw, &next)
		fx, err := change(&next)
		if err != nil {
			return was, nil, err
		}
		if next.Key() != key {
			return was, nil, fmt.Errorf("redisstore: update deal %s: a change may not move a deal (to %s)", key, next.Key())
		}
		next.Version = was.Version
		b, err := s.encodeDeal(&next)
		if err != nil {
			return was, nil, fmt.Errorf("redisstore: update deal %s: %w", key.ID, err)
		}
		if bytes.Equal(b, raw) {
			return next, fx, nil
		}
		next.Version = was.Version + 1
		if b, err = s.encodeDeal(&next); err != nil {
			return was, nil, fmt.Errorf("redisstore: update deal %s: %w", key.ID, err)
		}
		res, err := s.runWrite(ctx, updateScript, &next, b, was.Version)
		switch {
		case err != nil:
			return was, nil, fmt.Errorf("redisstore: update deal %s: %w", key.ID, classify(err))
		case res == 1:
			return next, fx, nil
		case res == -1:
			return coach.Deal{}, nil, fmt.Errorf("redisstore: update deal %s: %w", key.ID, coach.ErrNotFound)
		case res == -2:
			return coach.Deal{}, nil, fmt.Errorf("redisstore: update deal %s: %w", key.ID, coach.ErrForgotten)
		}
		if attempt >= maxUpdateAttempts {
			return was, nil, fmt.Errorf("redisstore: update deal %s: %w (%d attempts)", key.ID, coach.ErrConflict, attempt)
		}
	}
}

// missing explains a deal key that holds nothing: never there, expired, or
// forgotten a short while ago.
func (s *Store) missing(ctx context.Context, key coach.DealKey) error {
	n, err := s.client.Exists(ctx, s.ownerKeys(key.Team, key.Owner).gone(key.ID)).Result()
	if err == nil && n == 1 {
		return fmt.Errorf("redisstore: deal %s: %w", key.ID, coach.ErrForgotten)
	}
	return fmt.Errorf("redisstore: deal %s: %w", key.ID, coach.ErrNotFound)
}

// Deal loads one deal of the owner. A deal that does not exist, expired, or
// belongs to someone else is an error wrapping coach.ErrNotFound.
func (s *Store) Deal(ctx context.Context, key coach.DealKey) (coach.Deal, error) {
	if err := validDealKey(key); err != nil {
		return coach.Deal{}, err
	}
	b, err := s.client.Get(ctx, s.dealKey(key)).Bytes()
	if errors.Is(err, redis.Nil) {
		return coach.Deal{}, s.missing(ctx, key)
	}
	if err != nil {
		return coach.Deal{}, fmt.Errorf("redisstore: deal %s: %w", key.ID, classify(err))
	}
	var d coach.Deal
	if err := json.Unmarshal(b, &d); err != nil {
		return coach.Deal{}, fmt.Errorf("redisstore: deal %s: decode: %w", key.ID, err)
	}
	return d, nil
}

// Deals lists the owner's deals, newest UpdatedAt first (ties by id). It costs
// two round trips: the index, then the deals.
func (s *Store) Deals(ctx context.Context, team, owner string) ([]coach.Deal, error) {
	if err := validOwner(team, owner); err != nil {
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

// forgetScript deletes everything of one owner in one team in one round
// trip, atomically, so a change racing a "forget" cannot leave half a deal
// behind: the deals (each leaving a content-free tombstone, so a job still
// running cannot create it again), their reminders, the thread bindings that
// still point at this owner (a thread may since have been bound to someone
// else's deal), the owner's claims and counters, and the owner's place in
// the team's owners set. It returns how many live deals went.
//
// KEYS: index, threads, team owners, team reminders, owner's keys set.
// ARGV: deal key prefix, tombstone key prefix, thread key prefix, owner,
// tombstone TTL ms, owner key prefix.
var forgetScript = redis.NewScript(`
local n = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  n = n + redis.call('DEL', ARGV[1] .. id)
  redis.call('SET', ARGV[2] .. id, '1', 'PX', ARGV[5])
end
local mine = ARGV[4] .. ':'
local stale = {}
for _, m in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  if string.sub(m, 1, #mine) == mine then
    stale[#stale + 1] = m
  end
end
for i = 1, #stale, 500 do
  redis.call('ZREM', KEYS[4], unpack(stale, i, math.min(i + 499, #stale)))
end
for _, t in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local k = ARGV[3] .. t
  local v = redis.call('GET', k)
  if v and string.sub(v, 1, #mine) == mine then
    redis.call('DEL', k)
  end
end
for _, name in ipairs(redis.call('SMEMBERS', KEYS[5])) do
  redis.call('DEL', ARGV[6] .. name)
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[5])
redis.call('SREM', KEYS[3], ARGV[4])
return n
`)

// Forget deletes everything of the owner in the team and reports how many
// deals were deleted (expired ones are not counted): every deal, thread
// binding, pending reminder, claim and counter of theirs, and their name on
// the channel nudges they set up (the channels keep their nudge). Each
// deleted deal leaves a tombstone holding nothing but "1" for
// Options.TombstoneTTL, so a job that was already running cannot bring it
// back; nothing else of the owner is left.
func (s *Store) Forget(ctx context.Context, team, owner string) (int, error) {
	if err := validOwner(team, owner); err != nil {
		return 0, err
	}
	k := s.ownerKeys(team, owner)
	var n int
	var creatorErr error
	err := s.durably(ctx, func(c redis.Cmdable) (bool, error) {
		var err error
		n, err = forgetScript.Run(ctx, c,
			[]string{k.index, k.threads, k.owners, s.remindersKey(team), k.keys},
			k.dealPrefix(), k.gonePrefix(), s.threadPrefix(team), owner, s.tombstoneTTL.Milliseconds(), k.base).Int()
		if err != nil {
			return false, err
		}
		creatorErr = s.forgetCreator(ctx, c, team, owner)
		return true, nil
	})
	if err != nil {
		return 0, fmt.Errorf("redisstore: forget %s: %w", owner, classify(err))
	}
	if creatorErr != nil {
		return n, fmt.Errorf("redisstore: forget %s: %w", owner, creatorErr)
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
	return mget(ctx, s.client, keys)
}

// mget is Store.mget on a client or connection of the caller's choice.
func mget(ctx context.Context, c redis.Cmdable, keys []string) ([]any, error) {
	if len(keys) <= mgetChunk {
		return c.MGet(ctx, keys...).Result()
	}
	var cmds []*redis.SliceCmd
	_, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
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
// key itself because the deal may have been created since it was read: a
// blind ZREM would hide a live deal from listings.
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
	args = append(args, k.dealPrefix())
	for _, id := range ids {
		args = append(args, id)
	}
	_ = pruneScript.Run(ctx, s.client, []string{k.index}, args...).Err()
}

// pruneOwnerScript drops an owner from the team's owners set once the owner's
// index is gone (all deals expired), re-checking atomically so an owner who
// just created a deal is kept.
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
