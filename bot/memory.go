package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// Memory is what the bot needs from storage: the deals (coach.Store, where
// a deal is created once and changed only through UpdateDeal) plus
// once-only claims for event dedupe, per-person claims and counters that
// forget deletes with the rest, and thread → deal bindings.
// coach/redisstore.Store implements it.
type Memory interface {
	coach.Store
	// Claim sets key in team if it is not set yet (SET NX with ttl) and
	// reports whether this caller got it. Keys name work (an event, a
	// message), never a person.
	Claim(ctx context.Context, team, key string, ttl time.Duration) (bool, error)
	// ClaimUser is Claim for something about one person ("greeted"),
	// deleted when they ask to be forgotten.
	ClaimUser(ctx context.Context, team, user, name string, ttl time.Duration) (bool, error)
	// BindThread records that the Slack thread threadKey coaches the deal
	// key, for as long as the deal lives; a deal that is gone is
	// coach.ErrNotFound.
	BindThread(ctx context.Context, key coach.DealKey, threadKey string) error
	// ThreadDeal returns the binding made by BindThread; an unbound thread
	// returns coach.ErrNotFound.
	ThreadDeal(ctx context.Context, team, threadKey string) (coach.DealKey, error)
	// CountUp adds one to a person's counter that expires ttl after its
	// first count, and returns the new value (the per-user daily draft
	// limit, shared by every replica).
	CountUp(ctx context.Context, team, user, name string, ttl time.Duration) (int64, error)
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

func (m memory) create(ctx context.Context, d coach.Deal) error {
	return wrapMem("create deal", m.m.CreateDeal(ctx, d))
}

// update changes a deal through the store's compare-and-set (see
// coach.Store.UpdateDeal). change's own errors come back unwrapped, and a
// deal that is gone is coach.ErrNotFound.
func (m memory) update(ctx context.Context, key coach.DealKey, change coach.Change) (coach.Deal, []coach.Effect, error) {
	var changeErr error
	d, fx, err := m.m.UpdateDeal(ctx, key, func(d *coach.Deal) ([]coach.Effect, error) {
		fx, err := change(d)
		changeErr = err
		return fx, err
	})
	if err != nil && err == changeErr {
		return d, fx, err
	}
	return d, fx, wrapMem("update deal", err)
}

func (m memory) deal(ctx context.Context, key coach.DealKey) (coach.Deal, error) {
	d, err := m.m.Deal(ctx, key)
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

// claim dedupes one delivery of work in team.
func (m memory) claim(ctx context.Context, team, key string) (bool, error) {
	ok, err := m.m.Claim(ctx, team, key, dedupeTTL)
	return ok, wrapMem("claim", err)
}

func (m memory) claimUser(ctx context.Context, team, user, name string, ttl time.Duration) (bool, error) {
	ok, err := m.m.ClaimUser(ctx, team, user, name, ttl)
	return ok, wrapMem("claim", err)
}

func (m memory) bind(ctx context.Context, key coach.DealKey, th thread) error {
	return wrapMem("bind thread", m.m.BindThread(ctx, key, th.key()))
}

// threadDeal returns the deal bound to th; ok is false for an unbound thread.
func (m memory) threadDeal(ctx context.Context, team string, th thread) (key coach.DealKey, ok bool, err error) {
	key, err = m.m.ThreadDeal(ctx, team, th.key())
	if errors.Is(err, coach.ErrNotFound) || (err == nil && (key.Owner == "" || key.ID == "")) {
		return coach.DealKey{}, false, nil
	}
	if err != nil {
		return coach.DealKey{}, false, wrapMem("thread deal", err)
	}
	return key, true, nil
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
