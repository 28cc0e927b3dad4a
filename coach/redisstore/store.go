// Package redisstore keeps ghosted's deals in Redis. It is the one
// implementation of coach.Store, plus the few extra primitives the Slack bot
// needs from the same database: once-only claims (event dedupe), thread →
// deal bindings, and, for coach/nudge, a team-wide deal walk, a due-index of
// reminders and the channels' weekly nudge subscriptions.
//
// With an empty REDIS_URL the store runs an in-process miniredis, so
// `ghosted try` and a first `ghosted serve` work with nothing installed; that
// data is lost on exit, which Embedded lets the caller warn about. Otherwise
// REDIS_URL names one server, a primary watched by Redis Sentinel, or a
// Redis Cluster (see Open).
//
// Every key lives under one prefix (REDIS_PREFIX) and is scoped by team,
// and by user for what is theirs (see keys.go). A team's keys share a
// Redis Cluster hash tag, so every script, which only ever touches one
// team's keys, runs on a cluster as on one server. A deal is created once
// (CreateDeal) and changed only through UpdateDeal, a compare-and-set on its
// version, so concurrent changes on one replica or several never overwrite
// each other. A deal expires after Options.Retention or RemindGrace after
// its remember-me date, whichever is later. Forget deletes everything of a
// person, leaving only a short-lived, content-free tombstone per deal.
//
// Behind Sentinel, a change to a deal (and a thread binding, a forget, a
// channel's nudge) is reported done only once a replica has it too, so a
// failover cannot lose what a user was told was saved (see durably).
//
// All methods are safe for concurrent use. I/O failures are returned, never
// panicked on; a failure to reach Redis wraps ErrUnavailable.
package redisstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/redisstore/internal/hook"
)

// DefaultRetention is how long a deal is kept after its last save when
// Options.Retention is zero: long enough to span a typical sales cycle and a
// "remember me" date after a contract renewal, short enough that abandoned
// deals do not pile up forever.
const DefaultRetention = 180 * 24 * time.Hour

// DefaultPrefix namespaces every key when Options.Prefix is empty.
const DefaultPrefix = "ghosted"

// DefaultTombstoneTTL is how long a forgotten deal's tombstone stands when
// Options.TombstoneTTL is zero: longer than any job the bot runs (a draft's
// timeout plus a minute), so no job that read the deal before it was
// forgotten can create it again.
const DefaultTombstoneTTL = 15 * time.Minute

// connectTimeout bounds the PING in Open, so a wrong REDIS_URL fails the start
// quickly with a clear message instead of hanging the deploy.
const connectTimeout = 3 * time.Second

// ErrUnavailable marks errors caused by not reaching Redis (connection
// refused or reset, timeouts, a closed client, a server that is loading or
// has lost its primary). The bot tests it with errors.Is to tell the user
// "I can't reach my memory right now" instead of showing a raw error.
var ErrUnavailable = errors.New("store unavailable")

// ErrInvalid marks an identifier (team, user, deal id, thread key, claim key)
// that cannot be stored: empty, too long, or containing ':', whitespace or
// control characters. Such input comes from outside, so it is an error for
// the caller to report, never a panic.
var ErrInvalid = errors.New("redisstore: invalid id")

// Options tune a Store. The zero value is ready to use.
type Options struct {
	// Retention is how long a deal (and the indexes and thread bindings
	// that point at it) is kept after its last write, or until RemindGrace
	// after its remember-me date when that is later. Zero means
	// DefaultRetention.
	Retention time.Duration
	// Prefix namespaces every key, so several deployments, or parallel test
	// runs, can share one Redis database without FLUSHDB. Zero means
	// DefaultPrefix.
	Prefix string
	// TombstoneTTL is how long a forgotten deal's tombstone stands; set it
	// above the longest a job can run. Zero means DefaultTombstoneTTL.
	TombstoneTTL time.Duration
	// Clock stamps UpdatedAt (and CreatedAt) on deals stored without one,
	// and tells whether a remember-me date is still ahead. Nil means
	// coach.SystemClock{}.
	Clock coach.Clock
}

// Store is the Redis-backed coach.Store. Create it with Open and release it
// with Close.
type Store struct {
	client       redis.UniversalClient
	topology     Topology
	where        string               // the server(s), for errors: never credentials
	mini         *miniredis.Miniredis // nil unless embedded
	stopAging    func()               // stops the embedded server's TTL clock
	prefix       string
	retention    time.Duration
	tombstoneTTL time.Duration
	clock        coach.Clock
	// replicaWait bounds WAIT behind Sentinel; zero elsewhere, where writes
	// are not waited for (see durably).
	replicaWait time.Duration

	closeOnce sync.Once
	closeErr  error
}

var _ coach.Store = (*Store)(nil)

// Open connects to the Redis that redisURL names and checks it answers a
// PING. An empty redisURL starts an embedded in-process miniredis instead;
// see Embedded. redisURL takes three forms, those of go-redis:
//
//   - one server: redis://[[user]:password@]host:port/db, rediss:// for
//     TLS, or unix:///path/to/socket (redis.ParseURL). When that server
//     turns out to be a Redis Cluster node, the store speaks Cluster to it.
//   - a primary watched by Sentinel: the URL of one sentinel with the
//     master's name, more sentinels as addr=, the primary's password as
//     password= (user info is the sentinels'):
//     redis://sentinel-1:26379/0?master_name=ghosted&addr=sentinel-2:26379
//     (redis.ParseFailoverURL). Writes then wait for a replica.
//   - a Redis Cluster: one node's URL, more nodes as addr=:
//     redis://:password@node-1:6379?addr=node-2:6379&addr=node-3:6379
//     (redis.ParseClusterURL).
//
// Errors name REDIS_URL or the server addresses, never a password, so they
// are safe to log.
func Open(ctx context.Context, redisURL string, opt Options) (*Store, error) {
	if opt.Retention < 0 || opt.TombstoneTTL < 0 {
		return nil, fmt.Errorf("redisstore: negative retention %v or tombstone TTL %v", opt.Retention, opt.TombstoneTTL)
	}
	if opt.Retention == 0 {
		opt.Retention = DefaultRetention
	}
	if opt.TombstoneTTL == 0 {
		opt.TombstoneTTL = DefaultTombstoneTTL
	}
	if opt.Prefix == "" {
		opt.Prefix = DefaultPrefix
	}
	if err := ValidPrefix(opt.Prefix); err != nil {
		return nil, err
	}
	if opt.Clock == nil {
		opt.Clock = coach.SystemClock{}
	}
	s := &Store{prefix: opt.Prefix, retention: opt.Retention, tombstoneTTL: opt.TombstoneTTL, clock: opt.Clock}

	d := dialed{topology: TopologyEmbedded}
	if redisURL == "" {
		mr, err := miniredis.Run()
		if err != nil {
			return nil, fmt.Errorf("redisstore: start embedded redis: %w", err)
		}
		// An embedded store that runs for days must expire deals and claims
		// like a real server does; see ageKeys for why not mr.ClockTTL.
		s.stopAging = ageKeys(mr, embeddedAging)
		s.mini = mr
		s.client = redis.NewClient(withTimeouts(&redis.Options{Addr: mr.Addr()}))
		s.topology, s.where = TopologyEmbedded, mr.Addr()
	} else {
		var err error
		if d, err = dial(redisURL); err != nil {
			return nil, err
		}
		s.client, s.topology, s.where, s.replicaWait = d.client, d.topology, d.where, d.replicaWait
	}

	pingCtx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := s.client.Ping(pingCtx).Err(); err != nil {
		s.Close()
		return nil, fmt.Errorf("redisstore: cannot reach Redis at %s (REDIS_URL): %w", s.where, d.explain(err))
	}
	if s.topology == TopologyStandalone {
		if err := s.matchServerMode(pingCtx, redisURL); err != nil {
			s.Close()
			return nil, err
		}
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Embedded reports whether the store runs on the in-process miniredis, whose
// data is lost when the process exits.
func (s *Store) Embedded() bool { return s.mini != nil }

// The raw client and the deals' memory are for tests and benchmarks only:
// package redistest hands them out (redistest.Client, redistest.DealMemory).
func init() {
	hook.Client = func(s any) redis.UniversalClient { return s.(*Store).client }
	hook.DealMemory = func(ctx context.Context, s any) (int64, error) { return s.(*Store).dealMemory(ctx) }
}

// Topology says what REDIS_URL named.
func (s *Store) Topology() Topology { return s.topology }

// Prefix returns the namespace every key of this store starts with.
func (s *Store) Prefix() string { return s.prefix }

// Ping checks that Redis answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redisstore: ping: %w", classify(err))
	}
	return nil
}

// Close closes the client and, when embedded, stops the in-process server.
// It is safe to call more than once.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.closeErr = s.client.Close()
		if s.mini != nil {
			s.stopAging()
			s.mini.Close()
		}
	})
	return s.closeErr
}

// classify wraps err with ErrUnavailable when it means Redis could not be
// reached, keeping the original in the chain for errors.Is and logs.
func classify(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !unreachable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// unreachable reports whether err is about the connection rather than the
// request. Redis replies (WRONGTYPE, OOM, script errors) are not, except the
// few that say the server cannot serve anyone right now.
func unreachable(err error) bool {
	switch {
	case errors.Is(err, redis.Nil):
		return false
	case errors.Is(err, redis.ErrClosed),
		errors.Is(err, redis.ErrPoolTimeout),
		errors.Is(err, redis.ErrPoolExhausted),
		errors.Is(err, io.EOF),
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE),
		errors.Is(err, errNotReplicated),
		// The caller's deadline expiring while waiting on Redis looks the
		// same to the user as Redis being down. Cancellation does not: the
		// caller gave up on its own.
		errors.Is(err, context.DeadlineExceeded):
		return true
	}
	var rerr redis.Error
	if errors.As(err, &rerr) {
		for _, p := range []string{"LOADING", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY", "NOREPLICAS"} {
			if redis.HasErrorPrefix(err, p) {
				return true
			}
		}
		return false
	}
	var nerr net.Error
	return errors.As(err, &nerr)
}
