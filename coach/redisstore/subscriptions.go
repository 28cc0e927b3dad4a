package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// The nudge scheduler's storage is this store.
var _ nudge.Store = (*Store)(nil)

// runTTL keeps a channel's last run long enough to pick next week's tip and
// to see that this week's nudge went out, and lets it go once the
// subscription has been quiet for two months.
const runTTL = 8 * 7 * 24 * time.Hour

// subscriptionJSON is the stored form of a nudge.Subscription. The weekday is
// a name, not Go's number (Sunday = 0), so an operator reading the key, or
// another program, cannot get it wrong.
type subscriptionJSON struct {
	Team      string    `json:"team"`
	Channel   string    `json:"channel"`
	Weekday   string    `json:"weekday"`
	Hour      int       `json:"hour"`
	Minute    int       `json:"minute"`
	TZ        string    `json:"tz"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

type runJSON struct {
	Key string    `json:"key"`
	Tip int       `json:"tip"`
	At  time.Time `json:"at"`
}

func encodeSubscription(sub nudge.Subscription) ([]byte, error) {
	return json.Marshal(subscriptionJSON{
		Team: sub.Team, Channel: sub.Channel,
		Weekday: strings.ToLower(sub.Weekday.String()), Hour: sub.Hour, Minute: sub.Minute, TZ: sub.TZ,
		CreatedBy: sub.CreatedBy, CreatedAt: sub.CreatedAt,
	})
}

func decodeSubscription(b []byte) (nudge.Subscription, error) {
	var j subscriptionJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nudge.Subscription{}, err
	}
	wd := time.Weekday(-1)
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.ToLower(d.String()) == j.Weekday {
			wd = d
		}
	}
	sub := nudge.Subscription{
		Team: j.Team, Channel: j.Channel, Weekday: wd, Hour: j.Hour, Minute: j.Minute, TZ: j.TZ,
		CreatedBy: j.CreatedBy, CreatedAt: j.CreatedAt,
	}
	return sub, sub.Validate()
}

func validChannel(team, channel string) error {
	if err := validID("team", team); err != nil {
		return err
	}
	return validID("channel", channel)
}

// SaveSubscription stores a channel's weekly nudge ("/ghosted nudge here"),
// replacing the channel's earlier schedule if any. The subscription must
// pass nudge.Subscription.Validate; a bad one is an error wrapping
// nudge.ErrSchedule (and ErrInvalid for ids that cannot be stored).
func (s *Store) SaveSubscription(ctx context.Context, sub nudge.Subscription) error {
	if err := validChannel(sub.Team, sub.Channel); err != nil {
		return err
	}
	if err := sub.Validate(); err != nil {
		return fmt.Errorf("redisstore: save subscription %s: %w", sub.Channel, err)
	}
	b, err := encodeSubscription(sub)
	if err != nil {
		return fmt.Errorf("redisstore: save subscription %s: encode: %w", sub.Channel, err)
	}
	// One MULTI: the set of subscriptions never lists a channel whose
	// subscription is missing, nor misses one that exists.
	err = s.durably(ctx, func(c redis.Cmdable) (bool, error) {
		_, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, s.subscriptionKey(sub.Team, sub.Channel), b, 0)
			p.SAdd(ctx, s.nudgesKey(sub.Team), sub.Channel)
			return nil
		})
		return true, err
	})
	if err != nil {
		return fmt.Errorf("redisstore: save subscription %s: %w", sub.Channel, classify(err))
	}
	return nil
}

// DeleteSubscription removes a channel's weekly nudge ("/ghosted nudge off")
// and its last run, and reports whether there was one. A run already
// claimed this week stays claimed, so turning the nudge off and on again
// cannot post the same week twice.
func (s *Store) DeleteSubscription(ctx context.Context, team, channel string) (bool, error) {
	if err := validChannel(team, channel); err != nil {
		return false, err
	}
	var del *redis.IntCmd
	err := s.durably(ctx, func(c redis.Cmdable) (bool, error) {
		_, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
			del = p.Del(ctx, s.subscriptionKey(team, channel))
			p.Del(ctx, s.runKey(team, channel))
			p.SRem(ctx, s.nudgesKey(team), channel)
			return nil
		})
		return true, err
	})
	if err != nil {
		return false, fmt.Errorf("redisstore: delete subscription %s: %w", channel, classify(err))
	}
	return del.Val() == 1, nil
}

// Subscription returns a channel's weekly nudge, or an error wrapping
// nudge.ErrNoSubscription when the channel has none.
func (s *Store) Subscription(ctx context.Context, team, channel string) (nudge.Subscription, error) {
	if err := validChannel(team, channel); err != nil {
		return nudge.Subscription{}, err
	}
	b, err := s.client.Get(ctx, s.subscriptionKey(team, channel)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nudge.Subscription{}, fmt.Errorf("redisstore: subscription %s: %w", channel, nudge.ErrNoSubscription)
	}
	if err != nil {
		return nudge.Subscription{}, fmt.Errorf("redisstore: subscription %s: %w", channel, classify(err))
	}
	sub, err := decodeSubscription(b)
	if err != nil {
		return nudge.Subscription{}, fmt.Errorf("redisstore: subscription %s: decode: %w", channel, err)
	}
	return sub, nil
}

// Subscriptions calls fn with every subscription of the team, in no
// particular order, walking the team's set a batch at a time (SSCAN, then
// one MGET per batch). It stops at the first error from fn and returns it
// unchanged. A stored subscription that cannot be decoded does not stop the
// walk, so one bad record cannot silence every channel: it is skipped and
// reported, joined with any others, once the walk is done.
func (s *Store) Subscriptions(ctx context.Context, team string, fn func(nudge.Subscription) error) error {
	if err := validID("team", team); err != nil {
		return err
	}
	seen := make(map[string]bool)
	var (
		cursor uint64
		bad    []error
	)
	for {
		members, next, err := s.client.SScan(ctx, s.nudgesKey(team), cursor, "", scanBatch).Result()
		if err != nil {
			return errors.Join(append(bad, fmt.Errorf("redisstore: subscriptions: %w", classify(err)))...)
		}
		var keys, names []string
		for _, channel := range members {
			if seen[channel] || validID("channel", channel) != nil {
				continue
			}
			seen[channel] = true
			keys = append(keys, s.subscriptionKey(team, channel))
			names = append(names, channel)
		}
		if len(keys) > 0 {
			vals, err := s.mget(ctx, keys)
			if err != nil {
				return errors.Join(append(bad, fmt.Errorf("redisstore: subscriptions: %w", classify(err)))...)
			}
			for i, v := range vals {
				str, ok := v.(string)
				if !ok {
					continue // deleted since the scan
				}
				sub, err := decodeSubscription([]byte(str))
				if err != nil {
					bad = append(bad, fmt.Errorf("redisstore: subscription %s: decode: %w", names[i], err))
					continue
				}
				if err := fn(sub); err != nil {
					return err
				}
			}
		}
		if next == 0 {
			return errors.Join(bad...)
		}
		cursor = next
	}
}

// swapScript replaces a value only while it is still the one read, keeping
// its TTL.
//
// KEYS: key. ARGV: value read, new value.
var swapScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0
`)

// forgetCreator takes owner's name off the team's subscriptions they set
// up: the channels keep their nudge, which belongs to the channel, but no
// longer say who started it.
func (s *Store) forgetCreator(ctx context.Context, c redis.Cmdable, team, owner string) error {
	channels, err := c.SMembers(ctx, s.nudgesKey(team)).Result()
	if err != nil || len(channels) == 0 {
		return classify(err)
	}
	keys := make([]string, len(channels))
	for i, c := range channels {
		keys[i] = s.subscriptionKey(team, c)
	}
	vals, err := mget(ctx, c, keys)
	if err != nil {
		return classify(err)
	}
	for i, v := range vals {
		old, ok := v.(string)
		if !ok {
			continue
		}
		var j subscriptionJSON
		if json.Unmarshal([]byte(old), &j) != nil || j.CreatedBy != owner {
			continue
		}
		j.CreatedBy = ""
		b, err := json.Marshal(j)
		if err != nil {
			return err
		}
		// A subscription saved meanwhile was saved by someone else (or by
		// the owner again, after asking to be forgotten): it stays.
		if err := swapScript.Run(ctx, c, []string{keys[i]}, old, b).Err(); err != nil {
			return classify(err)
		}
	}
	return nil
}

// LastRun returns the channel's last recorded run, or a zero Run (empty Key)
// when there is none.
func (s *Store) LastRun(ctx context.Context, team, channel string) (nudge.Run, error) {
	if err := validChannel(team, channel); err != nil {
		return nudge.Run{}, err
	}
	b, err := s.client.Get(ctx, s.runKey(team, channel)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nudge.Run{}, nil
	}
	if err != nil {
		return nudge.Run{}, fmt.Errorf("redisstore: last run %s: %w", channel, classify(err))
	}
	var j runJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nudge.Run{}, fmt.Errorf("redisstore: last run %s: decode: %w", channel, err)
	}
	return nudge.Run{Key: j.Key, Tip: j.Tip, At: j.At}, nil
}

// RecordRun records the run that just posted in the channel: its run key (so
// the runner does not post it again) and its tip (so next week's differs).
func (s *Store) RecordRun(ctx context.Context, team, channel string, run nudge.Run) error {
	if err := validChannel(team, channel); err != nil {
		return err
	}
	if err := validKey("run key", run.Key); err != nil {
		return err
	}
	b, err := json.Marshal(runJSON{Key: run.Key, Tip: run.Tip, At: run.At})
	if err != nil {
		return fmt.Errorf("redisstore: record run %s: encode: %w", channel, err)
	}
	if err := s.client.Set(ctx, s.runKey(team, channel), b, runTTL).Err(); err != nil {
		return fmt.Errorf("redisstore: record run %s: %w", channel, classify(err))
	}
	return nil
}
