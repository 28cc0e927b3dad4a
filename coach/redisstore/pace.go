package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Rate-limit budgets the Slack bot shares across replicas (bot/pace): one
// GCRA bucket (generic cell rate algorithm) per team and bucket name, a
// string holding the bucket's theoretical arrival time in milliseconds, and
// a sorted set of the replicas alive. Keys, in keys.go's layout:
//
//	<p>:t:{<team>}:pace:<bucket>   string  TAT, ms since paceEpoch     TTL until the bucket is full again
//	<p>:t:{<team>}:pace-replicas   zset    replica ids by expiry ms    TTL the longest expiry
//
// The scripts read the time from Redis (TIME), so replicas whose clocks
// disagree still share one timeline.

// paceEpoch (unix seconds, 2023-11-14) is subtracted from the time the
// scripts compute with, to keep milliseconds and their fractions well
// within a double's exact range.
const paceEpoch = "1700000000"

func (s *Store) paceKey(team, bucket string) string { return s.teamPrefix(team) + "pace:" + bucket }

func (s *Store) paceReplicasKey(team string) string { return s.teamPrefix(team) + "pace-replicas" }

// paceLua computes now and the bucket's TAT (never in the past). The
// arguments are the interval and burst of the budget, in ms and calls.
const paceLua = `
local t = redis.call('TIME')
local now = (tonumber(t[1]) - ` + paceEpoch + `) * 1000 + tonumber(t[2]) / 1000
local every = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local function store(v)
  redis.call('SET', KEYS[1], string.format('%.3f', v), 'PX', math.ceil(v - now) + 1)
end
`

// paceTakeScript takes one call when it can go within ARGV[4] ms, leaving
// ARGV[3] calls that could go at once. It answers {1, wait ms} when it
// took, {0, wait ms needed} when not. bot/pace's take is the same
// arithmetic in Go.
var paceTakeScript = redis.NewScript(paceLua + `
local reserve = tonumber(ARGV[3])
local maxwait = tonumber(ARGV[4])
local nxt = tat + every
local wait = nxt - (burst - reserve) * every - now
if wait > maxwait then
  return {0, string.format('%.3f', wait)}
end
store(nxt)
if wait < 0 then wait = 0 end
return {1, string.format('%.3f', wait)}
`)

// paceHoldScript makes the bucket's next call wait ARGV[3] ms at least.
var paceHoldScript = redis.NewScript(paceLua + `
local target = now + tonumber(ARGV[3]) + (burst - 1) * every
if target > tat then store(target) end
return 1
`)

// TakePace takes one call from team's rate-limit bucket (one call per
// every, burst at once) when the call can go within maxWait and still leave
// reserve calls that could go at once, and returns how long to wait before
// making it. Otherwise it takes nothing and returns ok false with the wait
// the call would need. Every replica sharing the Redis shares the bucket.
func (s *Store) TakePace(ctx context.Context, team, bucket string, every time.Duration, burst, reserve int, maxWait time.Duration) (wait time.Duration, ok bool, err error) {
	if err := validPace(team, bucket, every, burst); err != nil {
		return 0, false, err
	}
	res, err := paceTakeScript.Run(ctx, s.client, []string{s.paceKey(team, bucket)},
		millis(every), burst, reserve, millis(max(maxWait, 0))).Slice()
	if err != nil {
		return 0, false, fmt.Errorf("redisstore: pace %s: %w", bucket, classify(err))
	}
	if len(res) != 2 {
		return 0, false, fmt.Errorf("redisstore: pace %s: unexpected reply %v", bucket, res)
	}
	took, _ := res[0].(int64)
	waitMS, _ := res[1].(string)
	f, err := strconv.ParseFloat(waitMS, 64)
	if err != nil {
		return 0, false, fmt.Errorf("redisstore: pace %s: unexpected wait %q", bucket, waitMS)
	}
	return time.Duration(f * float64(time.Millisecond)), took == 1, nil
}

// HoldPace makes the next call from team's bucket wait at least d, as
// Slack's Retry-After asks, on every replica.
func (s *Store) HoldPace(ctx context.Context, team, bucket string, every time.Duration, burst int, d time.Duration) error {
	if err := validPace(team, bucket, every, burst); err != nil {
		return err
	}
	if err := paceHoldScript.Run(ctx, s.client, []string{s.paceKey(team, bucket)}, millis(every), burst, millis(d)).Err(); err != nil {
		return fmt.Errorf("redisstore: pace hold %s: %w", bucket, classify(err))
	}
	return nil
}

// paceReplicasScript records ARGV[1] alive for ARGV[2] ms and counts the
// replicas alive.
var paceReplicasScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], ttl)
return redis.call('ZCARD', KEYS[1])
`)

// Replicas records that replica id of team is alive for ttl and returns
// how many replicas of team are alive: what each replica's share of the
// rate limits is, should Redis become unreachable.
func (s *Store) Replicas(ctx context.Context, team, id string, ttl time.Duration) (int, error) {
	if err := validID("team", team); err != nil {
		return 0, err
	}
	if err := validKey("replica id", id); err != nil {
		return 0, err
	}
	n, err := paceReplicasScript.Run(ctx, s.client, []string{s.paceReplicasKey(team)}, id, millis(max(ttl, time.Second))).Int()
	if err != nil {
		return 0, fmt.Errorf("redisstore: count replicas: %w", classify(err))
	}
	return n, nil
}

func validPace(team, bucket string, every time.Duration, burst int) error {
	if err := validID("team", team); err != nil {
		return err
	}
	if err := validKey("pace bucket", bucket); err != nil {
		return err
	}
	if every <= 0 || burst < 1 {
		return fmt.Errorf("%w: pace bucket %q with interval %v and burst %d", ErrInvalid, bucket, every, burst)
	}
	return nil
}

// millis is d in (fractional) milliseconds, as the scripts count.
func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
