// Package hook lets package redistest reach into a redisstore.Store for
// tests (its raw client, the memory its deals take) without the Store
// offering either to production code. Package redisstore fills the
// functions in at init.
package hook

import (
	"context"

	"github.com/redis/go-redis/v9"
)

var (
	// Client returns a *redisstore.Store's client.
	Client func(store any) redis.UniversalClient
	// DealMemory returns the bytes a *redisstore.Store's deals take.
	DealMemory func(ctx context.Context, store any) (int64, error)
)
