package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// Each team has a reminder index that lets its scheduler find the
// remember-me dates that came with one ZRANGEBYSCORE a minute, instead of
// reading every deal. Every deal write keeps it in step with the deal in
// the same script (see reminderOp), Forget clears the owner's entries, and
// MarkReminded takes an entry off when its DM is sent.
//
// A deal lives until RemindGrace after its date, so a reminder's deal is
// there when the date comes. An entry whose deal is gone all the same (it
// expired before the index existed, or was deleted behind the store's back)
// stays until its date; the scheduler then finds no deal and drops it.

func reminderScore(at time.Time) float64 { return float64(at.UnixMilli()) }

// DueReminders returns up to limit of the team's indexed reminders whose
// date is at or before now, earliest first. It does not remove them: the
// caller takes each with MarkReminded before sending its DM, which is what
// makes a reminder go out once when several replicas read the same entries.
func (s *Store) DueReminders(ctx context.Context, team string, now time.Time, limit int) ([]nudge.DealRef, error) {
	if err := validID("team", team); err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, fmt.Errorf("redisstore: due reminders: limit must be positive, got %d", limit)
	}
	zs, err := s.client.ZRangeByScoreWithScores(ctx, s.remindersKey(team), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(now.UnixMilli(), 10), Count: int64(limit),
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: due reminders: %w", classify(err))
	}
	refs := make([]nudge.DealRef, 0, len(zs))
	var junk []any
	for _, z := range zs {
		m, _ := z.Member.(string)
		owner, id, ok := strings.Cut(m, ":")
		key := coach.DealKey{Team: team, Owner: owner, ID: id}
		if !ok || validDealKey(key) != nil {
			junk = append(junk, z.Member)
			continue
		}
		refs = append(refs, nudge.DealRef{DealKey: key, At: time.UnixMilli(int64(z.Score)).UTC()})
	}
	if len(junk) > 0 {
		// Entries this store never writes would sit at the head of the index
		// and crowd out real reminders; drop them (best effort).
		_ = s.client.ZRem(ctx, s.remindersKey(team), junk...).Err()
	}
	return refs, nil
}

// markScript removes an index entry only while it still has the score the
// caller read: if the owner moved the date in between, the entry is theirs
// again and stays. ZREM's 1 tells the one winner among replicas.
//
// KEYS: reminders. ARGV: member, score.
var markScript = redis.NewScript(`
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if s and tonumber(s) == tonumber(ARGV[2]) then
  return redis.call('ZREM', KEYS[1], ARGV[1])
end
return 0
`)

// MarkReminded takes ref off its team's reminder index and reports whether
// this caller did, atomically: of several replicas marking the same due
// reminder exactly one gets true, and only it sends the DM. It returns false
// when the entry is gone or now has another date than ref.At.
func (s *Store) MarkReminded(ctx context.Context, ref nudge.DealRef) (bool, error) {
	if err := validRef(ref); err != nil {
		return false, err
	}
	n, err := markScript.Run(ctx, s.client, []string{s.remindersKey(ref.Team)},
		reminderMember(ref.Owner, ref.ID), ref.At.UnixMilli()).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: mark reminded %s: %w", ref.ID, classify(err))
	}
	return n == 1, nil
}

// restoreScript puts a reminder back while its deal exists, never over an
// entry already there (ZADD NX).
//
// KEYS: reminders, deal. ARGV: score, member.
var restoreScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
return redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[2])
`)

// RestoreReminder puts back a reminder taken with MarkReminded whose DM
// failed for a reason worth retrying, so a later tick sends it. It never
// overwrites an entry (a date the owner set since wins), and does nothing
// when the deal is gone meanwhile (forgotten while the DM was failing).
func (s *Store) RestoreReminder(ctx context.Context, ref nudge.DealRef) error {
	if err := validRef(ref); err != nil {
		return err
	}
	err := restoreScript.Run(ctx, s.client, []string{s.remindersKey(ref.Team), s.dealKey(ref.DealKey)},
		reminderScore(ref.At), reminderMember(ref.Owner, ref.ID)).Err()
	if err != nil {
		return fmt.Errorf("redisstore: restore reminder %s: %w", ref.ID, classify(err))
	}
	return nil
}

func validRef(ref nudge.DealRef) error {
	if err := validDealKey(ref.DealKey); err != nil {
		return err
	}
	if ref.At.IsZero() {
		return errors.New("redisstore: reminder without a date")
	}
	return nil
}
