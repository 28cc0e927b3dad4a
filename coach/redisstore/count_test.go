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
					if _, err := s.CountUp(ctx, "T1", "U1", "drafts:2026-11-23", time.Hour); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			n, err := s.CountUp(ctx, "T1", "U1", "drafts:2026-11-23", time.Hour)
			if err != nil || n != 21 {
				t.Fatalf("count %d, %v; want 21", n, err)
			}
			k := s.ownerKeys("T1", "U1")
			ttl, err := s.client.TTL(ctx, k.count("drafts:2026-11-23")).Result()
			if err != nil || ttl <= 0 || ttl > time.Hour {
				t.Fatalf("ttl %v %v", ttl, err)
			}
			// Listed for Forget, the listing living as long as the counter.
			if ok, _ := s.client.SIsMember(ctx, k.keys, "count:drafts:2026-11-23").Result(); !ok {
				t.Error("the counter is not listed in the owner's keys")
			}
			if ttl, _ := s.client.TTL(ctx, k.keys).Result(); ttl < time.Hour-time.Minute {
				t.Errorf("the owner's keys set expires in %v, before the counter", ttl)
			}
			if n, _ := s.CountUp(ctx, "T1", "U2", "drafts:2026-11-23", time.Hour); n != 1 {
				t.Fatalf("another user's count started at %d", n)
			}
			if _, err := s.CountUp(ctx, "T1", "U1", "bad key", time.Hour); err == nil {
				t.Fatal("a key with a space was accepted")
			}
			if _, err := s.CountUp(ctx, "T1", "U1", "k", 0); err == nil {
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
	empty, err := s.dealMemory(t.Context())
	if err != nil || empty != 0 {
		t.Fatalf("empty store: %d, %v", empty, err)
	}
	mustSave(t, s, fullDeal("T1", "U1", "d1", testNow))
	one, err := s.dealMemory(t.Context())
	if err != nil || one <= 0 {
		t.Fatalf("one deal: %d, %v", one, err)
	}
	mustSave(t, s, fullDeal("T1", "U1", "d2", testNow))
	if two, _ := s.dealMemory(t.Context()); two <= one {
		t.Fatalf("two deals use %d bytes, one used %d", two, one)
	}
}
