package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// limits caps each user's drafts: how many run at once and how many a day.
// LLM calls cost money and time; one eager user (or a stuck button) must not
// starve the others. Drafts in flight are counted in this process (a user's
// thread is served by one replica at a time); drafts per day are counted in
// shared memory, so every replica counts into the same number.
type limits struct {
	maxConcurrent, maxPerDay int
	counter                  dayCounter
	log                      *slog.Logger

	mu      sync.Mutex
	running map[string]int
}

// dayCounter is the one Memory method the daily limit needs.
type dayCounter interface {
	CountUp(ctx context.Context, team, user, name string, ttl time.Duration) (int64, error)
}

func newLimits(maxConcurrent, maxPerDay int, counter dayCounter, log *slog.Logger) *limits {
	return &limits{
		maxConcurrent: maxConcurrent,
		maxPerDay:     maxPerDay,
		counter:       counter,
		log:           log,
		running:       make(map[string]int),
	}
}

// limitHit says which limit refused a draft.
type limitHit int

const (
	limitOK limitHit = iota
	limitConcurrent
	limitDaily
)

// acquire starts a draft for user of team at now, or says which limit
// refused it. On limitOK the caller must call release(team, user) when the
// draft is done.
func (l *limits) acquire(ctx context.Context, team, user string, now time.Time) limitHit {
	who := userOf(team, user)
	l.mu.Lock()
	if l.running[who] >= l.maxConcurrent {
		l.mu.Unlock()
		return limitConcurrent
	}
	l.running[who]++
	l.mu.Unlock()

	// The day is UTC's; the key lives two days so a replica whose clock is a
	// little off still finds it.
	n, err := l.counter.CountUp(ctx, team, user, "drafts:"+now.UTC().Format(time.DateOnly), 48*time.Hour)
	if err != nil {
		// Memory is down: the draft will tell the user if it matters. A
		// limit must not be the reason a draft fails.
		l.log.Warn("cannot count today's drafts; allowing this one", "err", err)
		return limitOK
	}
	if n > int64(l.maxPerDay) {
		l.release(team, user)
		return limitDaily
	}
	return limitOK
}

func (l *limits) release(team, user string) {
	who := userOf(team, user)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running[who] <= 1 {
		delete(l.running, who)
		return
	}
	l.running[who]--
}

// limitText is the friendly refusal for a limit.
func (l *limits) text(hit limitHit) string {
	switch hit {
	case limitConcurrent:
		return "You already have drafts being written; give them a moment, then try again. Nothing was lost."
	case limitDaily:
		return "You've reached today's limit of drafts. Everything is saved: come back tomorrow, or say \"draft it\" in this thread then."
	}
	return ""
}
