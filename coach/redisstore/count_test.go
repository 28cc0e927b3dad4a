package redisstore

import (
	"crypto/rand"
	"os"
	"sync"
	"testing"
	"time"
)

func TestCountUp(t *testing.T) {
	stores := map[string]func(t *testing.T) *Store{"embedded": openEmbedded}
	if url := os.Getenv("REDIS_URL"); url != "" {
		stores["real"] = func(t *testing.T) *Store {
			s, err := Open(t.Context(), url, Options{Prefix: "ghosted-test-" + rand.Text()[:12]})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			t.Cleanup(func() { deleteKeys(t, s) })
			return s
		}
	}
	for name, open := range stores {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := t.Context()
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					if _, err := s.CountUp(ctx, "drafts:T1:U1:2026-11-23", time.Hour); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			n, err := s.CountUp(ctx, "drafts:T1:U1:2026-11-23", time.Hour)
			if err != nil || n != 21 {
				t.Fatalf("count %d, %v; want 21", n, err)
			}
			ttl, err := s.client.TTL(ctx, s.prefix+":count:drafts:T1:U1:2026-11-23").Result()
			if err != nil || ttl <= 0 || ttl > time.Hour {
				t.Fatalf("ttl %v %v", ttl, err)
			}
			if n, _ := s.CountUp(ctx, "drafts:T1:U2:2026-11-23", time.Hour); n != 1 {
				t.Fatalf("another user's count started at %d", n)
			}
			if _, err := s.CountUp(ctx, "bad key", time.Hour); err == nil {
				t.Fatal("a key with a space was accepted")
			}
			if _, err := s.CountUp(ctx, "k", 0); err == nil {
				t.Fatal("a zero ttl was accepted")
			}
		})
	}
}

func TestDealMemory(t *testing.T) {
	url := os.Getenv("REDIS_URL")
	if url == "" {
		t.Skip("REDIS_URL not set: the embedded server has no MEMORY USAGE")
	}
	s, err := Open(t.Context(), url, Options{Prefix: "ghosted-test-" + rand.Text()[:12]})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	t.Cleanup(func() { deleteKeys(t, s) })
	empty, err := s.DealMemory(t.Context())
	if err != nil || empty != 0 {
		t.Fatalf("empty store: %d, %v", empty, err)
	}
	mustSave(t, s, fullDeal("T1", "U1", "d1", testNow))
	one, err := s.DealMemory(t.Context())
	if err != nil || one <= 0 {
		t.Fatalf("one deal: %d, %v", one, err)
	}
	mustSave(t, s, fullDeal("T1", "U1", "d2", testNow))
	if two, _ := s.DealMemory(t.Context()); two <= one {
		t.Fatalf("two deals use %d bytes, one used %d", two, one)
	}
}
