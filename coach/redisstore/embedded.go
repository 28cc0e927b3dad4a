package redisstore

import (
	"time"

	"github.com/alicebob/miniredis/v2"
)

// embeddedAging is how often the embedded server's TTLs are advanced to the
// wall clock: keys expire up to this much late, which nothing in ghosted can
// tell apart (retention is months, claims are minutes to days).
const embeddedAging = time.Second

// ageKeys advances the TTLs of mr by the wall-clock time that passed, every
// interval, until stop is called; stop waits for the goroutine to end.
//
// miniredis only ages keys on FastForward, being made for unit tests, and its
// ClockTTL mode ages them on every command instead, each time listing and
// sorting the whole keyspace: that makes every command O(keys · log keys),
// and an embedded store with 20,000 deals took over ten minutes to fill. One
// pass a second costs the same work once a second, whatever the traffic.
func ageKeys(mr *miniredis.Miniredis, interval time.Duration) (stop func()) {
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(interval)
		defer t.Stop()
		last := time.Now()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				// The ticker's times carry the monotonic clock, so a wall
				// clock step (NTP, a VM resume) cannot age keys backwards.
				mr.FastForward(now.Sub(last))
				last = now
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
