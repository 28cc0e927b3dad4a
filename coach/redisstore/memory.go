package redisstore

import (
	"context"
	"fmt"
	"strings"
)

// dealMemory sums Redis's MEMORY USAGE over the store's keys that hold
// deals (deal JSON, owner indexes and threads sets, owners sets, thread
// bindings), leaving out claims, counters, reminders and nudge bookkeeping.
// It scans, so it is for capacity planning and benchmarks, not for a
// request path. The embedded server does not implement MEMORY USAGE and
// answers with an error.
func (s *Store) dealMemory(ctx context.Context) (int64, error) {
	iter := s.client.Scan(ctx, 0, s.prefix+":t:*", 1000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		if k := iter.Val(); holdsDeals(k) {
			keys = append(keys, k)
		}
	}
	if err := iter.Err(); err != nil {
		return 0, fmt.Errorf("redisstore: scan deal keys: %w", classify(err))
	}
	var total int64
	for i := 0; i < len(keys); i += 1000 {
		pipe := s.client.Pipeline()
		var cmds []interface{ Val() int64 }
		for _, k := range keys[i:min(i+1000, len(keys))] {
			cmds = append(cmds, pipe.MemoryUsage(ctx, k, 0))
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return 0, fmt.Errorf("redisstore: memory usage: %w", classify(err))
		}
		for _, c := range cmds {
			total += c.Val()
		}
	}
	return total, nil
}

// holdsDeals reports whether a team key (see keys.go) is one of the kinds
// that hold deals or lead to them.
func holdsDeals(k string) bool {
	return strings.Contains(k, ":deal:") || strings.Contains(k, ":thread:") ||
		strings.HasSuffix(k, ":deals") || strings.HasSuffix(k, ":threads") || strings.HasSuffix(k, ":owners")
}
