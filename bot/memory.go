package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// Memory is what the bot needs from storage: the deals (coach.Store) plus
// once-only claims for event dedupe and thread → deal bindings.
// coach/redisstore.Store implements it.
type Memory interface {
	coach.Store
	// Claim sets key if it is not set yet (SET NX with ttl) and reports
	// whether this caller got it.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// BindThread records that the Slack thread threadKey coaches owner's
	// deal dealID.
	BindThread(ctx context.Context, team, threadKey, owner, dealID string) error
	// ThreadDeal returns the binding made by BindThread; an unbound thread
	// returns coach.ErrNotFound (or empty ids).
	ThreadDeal(ctx context.Context, team, threadKey string) (owner, dealID string, err error)
	// CountUp adds one to a counter that expires ttl after its first count,
	// and returns the new value (the per-user daily draft limit, shared by
	// every replica).
	CountUp(ctx context.Context, key string, ttl time.Duration) (int64, error)
}

// dedupeTTL is how long an event id or message is remembered. Slack retries
// a missed ack after about 1 and 5 minutes; 15 minutes covers all of them
// with room for a slow reconnect.
const dedupeTTL = 15 * time.Minute

// memoryError marks a storage failure other than "not found". Whatever the
// cause (Redis down, timeout, a refused key), the user sees one message and
// the details go to the log.
type memoryError struct {
	op  string
	err error
}

func (e *memoryError) Error() string { return "memory: " + e.op + ": " + e.err.Error() }
func (e *memoryError) Unwrap() error { return e.err }

// memory wraps a Memory so that every failure is a *memoryError, except
// coach.ErrNotFound which callers handle as an answer.
type memory struct{ m Memory }

func wrapMem(op string, err error) error {
	if err == nil || errors.Is(err, coach.ErrNotFound) {
		return err
	}
	return &memoryError{op: op, err: err}
}

func (m memory) save(ctx context.Context, d coach.Deal) error {
	return wrapMem("save deal", m.m.SaveDeal(ctx, d))
}

func (m memory) deal(ctx context.Context, team, owner, id string) (coach.Deal, error) {
	d, err := m.m.Deal(ctx, team, owner, id)
	return d, wrapMem("load deal", err)
}

func (m memory) deals(ctx context.Context, team, owner string) ([]coach.Deal, error) {
	ds, err := m.m.Deals(ctx, team, owner)
	return ds, wrapMem("list deals", err)
}

func (m memory) forget(ctx context.Context, team, owner string) (int, error) {
	n, err := m.m.Forget(ctx, team, owner)
	return n, wrapMem("forget", err)
}

func (m memory) claim(ctx context.Context, key string) (bool, error) {
	return m.claimFor(ctx, key, dedupeTTL)
}

func (m memory) claimFor(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	ok, err := m.m.Claim(ctx, key, ttl)
	return ok, wrapMem("claim", err)
}

func (m memory) bind(ctx context.Context, team string, th thread, owner, dealID string) error {
	return wrapMem("bind thread", m.m.BindThread(ctx, team, th.key(), owner, dealID))
}

// threadDeal returns the deal bound to th; ok is false for an unbound thread.
func (m memory) threadDeal(ctx context.Context, team string, th thread) (owner, dealID string, ok bool, err error) {
	owner, dealID, err = m.m.ThreadDeal(ctx, team, th.key())
	if errors.Is(err, coach.ErrNotFound) || (err == nil && (owner == "" || dealID == "")) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, wrapMem("thread deal", err)
	}
	return owner, dealID, true, nil
}

// thread is where a deal's conversation lives in Slack: a channel (a DM or a
// channel) and the ts of the thread's root message.
type thread struct {
	Channel string
	TS      string
}

// key is the thread's identity for bindings and for the worker pool: every
// job about one thread runs on one worker at a time.
func (t thread) key() string { return t.Channel + ":" + t.TS }

func (t thread) String() string { return fmt.Sprintf("%s/%s", t.Channel, t.TS) }
