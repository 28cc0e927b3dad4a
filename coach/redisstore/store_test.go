package redisstore

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"
)

var testNow = time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)

// TestEmbedded runs the contract on the in-process miniredis, always.
func TestEmbedded(t *testing.T) {
	t.Parallel()
	runContract(t, openEmbedded)
}

// TestRealRedis runs the contract on the Redis at REDIS_URL. Each subtest
// uses its own random prefix and deletes its keys afterwards, so it is safe
// on a shared database (no FLUSHDB).
func TestRealRedis(t *testing.T) {
	t.Parallel()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		t.Skip("REDIS_URL not set; set it (e.g. redis://127.0.0.1:6379/9) to run the store contract on a real Redis")
	}
	runContract(t, openOn(url, ""))
}

func openEmbedded(t *testing.T) *Store {
	s, err := Open(t.Context(), "", Options{Clock: &coach.FixedClock{T: testNow}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// deleteKeys removes every key under the store's prefix. t.Context is
// already cancelled when cleanups run, hence a context of its own.
func deleteKeys(t *testing.T, s *Store) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	keys, err := redistest.Keys(ctx, s.client, s.Prefix()+":*")
	if err != nil {
		t.Errorf("cleanup: scan %s:*: %v", s.Prefix(), err)
		return
	}
	// One key per command: on a cluster, keys of several teams live in
	// several slots.
	_, err = s.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			p.Unlink(ctx, k)
		}
		return nil
	})
	if err != nil {
		t.Errorf("cleanup: unlink: %v", err)
	}
}

// openOn returns an open function for the contract on the Redis at url:
// each subtest gets its own random prefix and deletes its keys afterwards,
// so it is safe on a shared database (no FLUSHDB).
func openOn(url string, want Topology) func(t *testing.T) *Store {
	return func(t *testing.T) *Store {
		prefix := "ghosted-test-" + rand.Text()[:12]
		s, err := Open(t.Context(), url, Options{Prefix: prefix, Clock: &coach.FixedClock{T: testNow}})
		if err != nil {
			t.Fatal(err)
		}
		if s.Embedded() || (want != "" && s.Topology() != want) {
			t.Fatalf("Open(%s) made a %s store, want %s", url, s.Topology(), want)
		}
		// Cleanups run last-in first-out: delete the keys, then close.
		t.Cleanup(func() { s.Close() })
		t.Cleanup(func() { deleteKeys(t, s) })
		return s
	}
}

func TestEmbeddedDefaults(t *testing.T) {
	s, err := Open(t.Context(), "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Embedded() {
		t.Error("Embedded() = false with an empty REDIS_URL")
	}
	if s.Prefix() != DefaultPrefix || s.retention != DefaultRetention {
		t.Errorf("prefix, retention = %q, %v; want %q, %v", s.Prefix(), s.retention, DefaultPrefix, DefaultRetention)
	}
	if _, ok := s.clock.(coach.SystemClock); !ok {
		t.Errorf("clock = %T, want coach.SystemClock", s.clock)
	}
	if err := s.Ping(t.Context()); err != nil {
		t.Error(err)
	}
	if err := s.CreateDeal(t.Context(), coach.Deal{ID: "d", Team: "T1", Owner: "U1"}); err != nil {
		t.Fatal(err)
	}
	if !s.mini.Exists("ghosted:t:{T1}:u:U1:deal:d") {
		t.Errorf("deal key not at the documented place; keys: %v", s.mini.Keys())
	}
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestEmbeddedExpiry moves the embedded server's clock past the retention,
// which a real server cannot do in a test.
func TestEmbeddedExpiry(t *testing.T) {
	s := openEmbedded(t)
	ctx := t.Context()
	mustSave(t, s, coach.Deal{ID: "old", Team: "T1", Owner: "U1", UpdatedAt: testNow})
	mustSave(t, s, coach.Deal{ID: "fresh", Team: "T1", Owner: "U1", UpdatedAt: testNow})
	mustBind(t, s, "T1", "C1:1.1", "U1", "old")

	s.mini.FastForward(s.retention / 2)
	mustSave(t, s, coach.Deal{ID: "fresh", Team: "T1", Owner: "U1", UpdatedAt: testNow.Add(time.Hour)})
	s.mini.FastForward(s.retention/2 + time.Hour)

	if got := ids(mustDeals(t, s, "T1", "U1")); !slices.Equal(got, []string{"fresh"}) {
		t.Errorf("Deals after the retention = %v, want [fresh]", got)
	}
	if _, err := s.Deal(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: "old"}); !errors.Is(err, coach.ErrNotFound) {
		t.Errorf("Deal(old) error = %v, want ErrNotFound", err)
	}
	if _, err := s.ThreadDeal(ctx, "T1", "C1:1.1"); !errors.Is(err, coach.ErrNotFound) {
		t.Errorf("ThreadDeal after the retention error = %v, want ErrNotFound", err)
	}
	if m, _ := s.mini.ZMembers(s.ownerKeys("T1", "U1").index); !slices.Equal(m, []string{"fresh"}) {
		t.Errorf("index after pruning = %v, want [fresh]", m)
	}

	s.mini.FastForward(s.retention)
	if keys := s.mini.Keys(); !slices.Equal(keys, []string{s.schemaKey()}) {
		t.Errorf("keys left after the retention passed with no saves: %v", keys)
	}
	if got := allDeals(t, s, "T1"); len(got) != 0 {
		t.Errorf("AllDeals = %v, want none", got)
	}
}

// TestEmbeddedGone closes the embedded server under a live store.
func TestEmbeddedGone(t *testing.T) {
	t.Parallel()
	s := openEmbedded(t)
	mustSave(t, s, coach.Deal{ID: "a", Team: "T1", Owner: "U1"})
	s.mini.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := s.Deal(ctx, coach.DealKey{Team: "T1", Owner: "U1", ID: "a"}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Deal with the server closed: error = %v, want ErrUnavailable", err)
	}
	if err := s.Ping(ctx); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Ping with the server closed: error = %v, want ErrUnavailable", err)
	}
}

// TestServerBusy: replies that mean "nobody can be served now" count as
// unavailable; replies about the request do not.
func TestServerBusy(t *testing.T) {
	t.Parallel()
	s := openEmbedded(t)
	s.mini.SetError("LOADING Redis is loading the dataset in memory")
	if _, err := s.Deal(t.Context(), coach.DealKey{Team: "T1", Owner: "U1", ID: "a"}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Deal while LOADING: error = %v, want ErrUnavailable", err)
	}
	if _, err := s.Claim(t.Context(), "T1", "k", time.Minute); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Claim while LOADING: error = %v, want ErrUnavailable", err)
	}
	s.mini.SetError("")
	if err := s.client.Set(t.Context(), s.ownerKeys("T1", "U1").index, "not a zset", 0).Err(); err != nil {
		t.Fatal(err)
	}
	err := s.CreateDeal(t.Context(), coach.Deal{ID: "a", Team: "T1", Owner: "U1"})
	if err == nil || errors.Is(err, ErrUnavailable) {
		t.Errorf("CreateDeal over a WRONGTYPE key: error = %v, want a plain error", err)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	for _, tc := range []struct {
		name, url string
		want      []string
		wantErr   error
	}{
		{
			name:    "closed port",
			url:     "redis://:s3cretpw@127.0.0.1:1/0?dial_timeout=100ms&max_retries=-1",
			want:    []string{"127.0.0.1:1", "REDIS_URL"},
			wantErr: ErrUnavailable,
		},
		{name: "scheme", url: "http://:s3cretpw@localhost:6379", want: []string{"REDIS_URL", "http"}},
		{name: "malformed", url: "redis://:s3cret%zzpw@local host:6379/0", want: []string{"REDIS_URL"}},
		{name: "db", url: "redis://:s3cretpw@localhost:6379/s3cretpw", want: []string{"REDIS_URL"}},
		{
			name:    "sentinel down",
			url:     "redis://:s3cretpw@127.0.0.1:1/0?master_name=ghosted&addr=127.0.0.1:2&password=s3cretpw&dial_timeout=100ms&max_retries=-1",
			want:    []string{`master "ghosted" via Sentinel 127.0.0.1:1,127.0.0.1:2`, "REDIS_URL"},
			wantErr: ErrUnavailable,
		},
		{name: "sentinel option", url: "redis://127.0.0.1:26379/0?master_name=ghosted&password=s3cretpw&dial_timeout=s3cretpw", want: []string{"Sentinel URL", "master_name=", "xxxxx"}},
		{name: "sentinel no master", url: "redis://127.0.0.1:26379/0?master_name=&password=s3cretpw", want: []string{"master_name", "sentinel monitor"}},
		{
			name:    "cluster down",
			url:     "redis://:s3cretpw@127.0.0.1:1?addr=127.0.0.1:2&dial_timeout=100ms&max_retries=-1",
			want:    []string{"Redis Cluster 127.0.0.1:1,127.0.0.1:2", "REDIS_URL"},
			wantErr: ErrUnavailable,
		},
		{name: "cluster option", url: "redis://:s3cretpw@127.0.0.1:1?addr=127.0.0.1:2&s3cretpw=1", want: []string{"Redis Cluster URL", "unexpected option"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			s, err := Open(ctx, tc.url, Options{})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not mention %q", msg, w)
				}
			}
			if strings.Contains(msg, "s3cret") {
				t.Errorf("error %q leaks the password", msg)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v is not %v", err, tc.wantErr)
			}
			if d := time.Since(start); d > 2*connectTimeout {
				t.Errorf("Open took %v to fail", d)
			}
		})
	}
	for _, opt := range []Options{{Retention: -time.Second}, {TombstoneTTL: -time.Second}, {Prefix: "has space"}, {Prefix: "glob*"}, {Prefix: "{tag}"}} {
		if s, err := Open(ctx, "", opt); err == nil {
			s.Close()
			t.Errorf("Open(%+v) succeeded", opt)
		}
	}
}

// BenchmarkUpdateDeal is one step's write: read, change, compare-and-set.
func BenchmarkUpdateDeal(b *testing.B) {
	s, err := Open(b.Context(), "", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	d := fullDeal("T1", "U1", "deal-1", testNow)
	if err := s.CreateDeal(b.Context(), d); err != nil {
		b.Fatal(err)
	}
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n++
		_, _, err := s.UpdateDeal(b.Context(), d.Key(), func(d *coach.Deal) ([]coach.Effect, error) {
			d.Facts.DaysSilent = n
			return nil, nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDeal(b *testing.B) {
	s, err := Open(b.Context(), "", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	d := fullDeal("T1", "U1", "deal-1", testNow)
	if err := s.CreateDeal(b.Context(), d); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Deal(b.Context(), d.Key()); err != nil {
			b.Fatal(err)
		}
	}
}
