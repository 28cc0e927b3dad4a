package bot

import (
	"sync"
	"time"
)

// limits caps each user's drafts: how many run at once and how many a day.
// LLM calls cost money and time; one eager user (or a stuck button) must not
// starve the others. The counts live in this process: with several replicas
// each enforces its own share, which errs on the generous side.
type limits struct {
	maxConcurrent, maxPerDay int

	mu      sync.Mutex
	running map[string]int
	day     string         // the UTC day the counts below are for
	today   map[string]int // drafts started today, by user
}

func newLimits(maxConcurrent, maxPerDay int) *limits {
	return &limits{
		maxConcurrent: maxConcurrent,
		maxPerDay:     maxPerDay,
		running:       make(map[string]int),
		today:         make(map[string]int),
	}
}

// limitHit says which limit refused a draft.
type limitHit int

const (
	limitOK limitHit = iota
	limitConcurrent
	limitDaily
)

// acquire starts a draft for user at now, or says which limit refused it.
// On limitOK the caller must call release when the draft is done.
func (l *limits) acquire(user string, now time.Time) limitHit {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d := now.UTC().Format(time.DateOnly); d != l.day {
		l.day = d
		clear(l.today)
	}
	if l.running[user] >= l.maxConcurrent {
		return limitConcurrent
	}
	if l.today[user] >= l.maxPerDay {
		return limitDaily
	}
	l.running[user]++
	l.today[user]++
	return limitOK
}

func (l *limits) release(user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running[user] <= 1 {
		delete(l.running, user)
		return
	}
	l.running[user]--
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
