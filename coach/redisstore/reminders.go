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

// The reminder index lets the scheduler find the remember-me dates that came
// with one ZRANGEBYSCORE a minute, instead of reading every deal. SaveDeal
// keeps it in step with the deal in the same MULTI, Forget clears the
// owner's entries, and MarkReminded takes an entry off when its DM is sent.
//
// An entry whose deal expired stays until its date comes; the scheduler then
// finds no deal and drops it. That costs a few dozen bytes of ids per expired
// deal, never any deal content.

func reminderMember(team, owner, id string) string { return team + ":" + owner + ":" + id }

func reminderScore(at time.Time) float64 { return float64(at.UnixMilli()) }

// indexReminder queues, inside SaveDeal's MULTI, the index update for d.
//
// A date still ahead is (re)indexed. A date that has passed only updates an
// entry that is still there (ZADD XX): once the DM went out, MarkReminded
// removed the entry, and saving the deal again for any other reason (the
// owner presses "I sent it" on an old card) must not bring the reminder back
// and DM them twice. For the same reason, deals stored before the index
// existed do not all DM at once on the first deploy.
func (s *Store) indexReminder(ctx context.Context, p redis.Pipeliner, d coach.Deal) {
	key, member := s.remindersKey(), reminderMember(d.Team, d.Owner, d.ID)
	z := redis.Z{Score: reminderScore(d.RemindAt), Member: member}
	switch {
	case !nudge.HasReminder(d):
		p.ZRem(ctx, key, member)
	case d.RemindAt.After(s.clock.Now()):
		p.ZAdd(ctx, key, z)
	default:
		p.ZAddXX(ctx, key, z)
	}
}

// DueReminders returns up to limit indexed reminders whose date is at or
// before now, earliest first. It does not remove them: the caller takes each
// with MarkReminded before sending its DM, which is what makes a reminder go
// out once when several replicas read the same entries.
func (s *Store) DueReminders(ctx context.Context, now time.Time, limit int) ([]nudge.DealRef, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("redisstore: due reminders: limit must be positive, got %d", limit)
	}
	zs, err := s.client.ZRangeByScoreWithScores(ctx, s.remindersKey(), &redis.ZRangeBy{
		Min: "-inf", Max: strconv.FormatInt(now.UnixMilli(), 10), Count: int64(limit),
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: due reminders: %w", classify(err))
	}
	refs := make([]nudge.DealRef, 0, len(zs))
	var junk []any
	for _, z := range zs {
		m, _ := z.Member.(string)
		team, owner, id, ok := splitReminder(m)
		if !ok {
			junk = append(junk, z.Member)
			continue
		}
		refs = append(refs, nudge.DealRef{Team: team, Owner: owner, ID: id, At: time.UnixMilli(int64(z.Score)).UTC()})
	}
	if len(junk) > 0 {
		// Entries this store never writes would sit at the head of the index
		// and crowd out real reminders; drop them (best effort).
		_ = s.client.ZRem(ctx, s.remindersKey(), junk...).Err()
	}
	return refs, nil
}

func splitReminder(m string) (team, owner, id string, ok bool) {
	parts := strings.Split(m, ":")
	if len(parts) != 3 || validDealIDs(parts[0], parts[1], parts[2]) != nil {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
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

// MarkReminded takes ref off the reminder index and reports whether this
// caller did, atomically: of several replicas marking the same due reminder
// exactly one gets true, and only it sends the DM. It returns false when the
// entry is gone or now has another date than ref.At.
func (s *Store) MarkReminded(ctx context.Context, ref nudge.DealRef) (bool, error) {
	if err := validRef(ref); err != nil {
		return false, err
	}
	n, err := markScript.Run(ctx, s.client, []string{s.remindersKey()},
		reminderMember(ref.Team, ref.Owner, ref.ID), ref.At.UnixMilli()).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: mark reminded %s: %w", ref.ID, classify(err))
	}
	return n == 1, nil
}

// RestoreReminder puts back a reminder taken with MarkReminded whose DM
// failed for a reason worth retrying, so a later tick sends it. It never
// overwrites an entry (ZADD NX): a date the owner set since wins.
func (s *Store) RestoreReminder(ctx context.Context, ref nudge.DealRef) error {
	if err := validRef(ref); err != nil {
		return err
	}
	err := s.client.ZAddNX(ctx, s.remindersKey(), redis.Z{
		Score: reminderScore(ref.At), Member: reminderMember(ref.Team, ref.Owner, ref.ID),
	}).Err()
	if err != nil {
		return fmt.Errorf("redisstore: restore reminder %s: %w", ref.ID, classify(err))
	}
	return nil
}

func validRef(ref nudge.DealRef) error {
	if err := validDealIDs(ref.Team, ref.Owner, ref.ID); err != nil {
		return err
	}
	if ref.At.IsZero() {
		return errors.New("redisstore: reminder without a date")
	}
	return nil
}
