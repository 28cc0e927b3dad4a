package coach

import "time"

// Clock tells the time. Everything that computes "days silent", a remind-me
// date or a schedule takes a Clock so tests can pin the time.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real wall clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// FixedClock is a Clock that always returns T; tests move it by assigning T.
type FixedClock struct{ T time.Time }

// Now returns c.T.
func (c *FixedClock) Now() time.Time { return c.T }
