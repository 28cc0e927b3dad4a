package redisstore

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"
)

// TestCluster runs the whole contract on a three-node Redis Cluster started
// for the test: every script and MULTI touches keys of one team only, which
// share a hash tag and so a slot; a script reaching into two slots would
// fail here with CROSSSLOT. The URL of one node, in the one-server form,
// is recognised as a cluster too.
func TestCluster(t *testing.T) {
	t.Parallel()
	cluster := redistest.StartCluster(t, 3)
	runContract(t, openOn(cluster.URL(), TopologyCluster))

	t.Run("OneNodeURL", func(t *testing.T) {
		s := openOn(cluster.Nodes[1].URL(), TopologyCluster)(t)
		ctx := t.Context()
		// Teams whose tags hash to slots on different nodes all work.
		for _, team := range []string{"T1", "T2", "T3", "T4", "T5", "T6"} {
			key := coach.DealKey{Team: team, Owner: "U1", ID: "d"}
			mustSave(t, s, coach.Deal{ID: key.ID, Team: team, Owner: "U1", UpdatedAt: testNow})
			mustBind(t, s, team, "D1:1.1", "U1", "d")
			if _, _, err := s.UpdateDeal(ctx, key, func(d *coach.Deal) ([]coach.Effect, error) { d.Shared = true; return nil, nil }); err != nil {
				t.Fatal(err)
			}
			if n, err := s.Forget(ctx, team, "U1"); err != nil || n != 1 {
				t.Errorf("Forget in %s: %d, %v", team, n, err)
			}
		}
	})
}

// TestSentinelContract runs the contract on a primary and a replica behind
// a sentinel, where every write of a deal, binding, forget and nudge
// subscription waits for the replica.
func TestSentinelContract(t *testing.T) {
	t.Parallel()
	ha := redistest.StartSentinel(t, redistest.SentinelOptions{})
	runContract(t, openOn(ha.URL(0), TopologySentinel))

	t.Run("SentinelWithoutMasterName", func(t *testing.T) {
		s, err := Open(t.Context(), ha.Sentinel.URL(), Options{})
		if err == nil {
			s.Close()
			t.Fatal("a Sentinel's address without master_name was opened as a Redis server")
		}
		if !strings.Contains(err.Error(), "is a Redis Sentinel") || !strings.Contains(err.Error(), "master_name") {
			t.Errorf("error %q should say it is a Sentinel and how to fix REDIS_URL", err)
		}
	})
}

// TestSentinelWriteWaitsForReplica: behind Sentinel, a change is reported
// done only once a replica has it.
//
// With the replica frozen (SIGSTOP: still connected, silent), the primary
// takes the change but no replica confirms it, so the store does not report
// it done (a failover now would lose it): the caller gets ErrUnavailable
// after about a second, as when the primary is unreachable. With the
// replica gone, the primary's min-replicas-to-write (as deploy/ sets it)
// refuses the change before writing anything. With the replica back, the
// change goes through.
func TestSentinelWriteWaitsForReplica(t *testing.T) {
	t.Parallel()
	ha := redistest.StartSentinel(t, redistest.SentinelOptions{
		Args: []string{"--min-replicas-to-write", "1", "--min-replicas-max-lag", "10"},
	})
	s := openOn(ha.URL(0), TopologySentinel)(t)
	ctx := t.Context()
	key := coach.DealKey{Team: "T1", Owner: "U1", ID: "d"}
	mustSave(t, s, coach.Deal{ID: key.ID, Team: key.Team, Owner: key.Owner, UpdatedAt: testNow})
	ask := func(d *coach.Deal) ([]coach.Effect, error) {
		d.Asked = append(d.Asked, "timing")
		return nil, nil
	}
	stored := func() coach.Deal {
		t.Helper()
		d, err := s.Deal(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}

	ha.Replicas[0].Pause()
	start := time.Now()
	_, _, err := s.UpdateDeal(ctx, key, ask)
	took := time.Since(start)
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "no replica confirmed") {
		t.Errorf("UpdateDeal with the replica frozen: %v, want ErrUnavailable (no replica confirmed)", err)
	}
	if took < replicaWait || took > replicaWait+5*time.Second {
		t.Errorf("UpdateDeal with the replica frozen failed after %v, want about %v", took, replicaWait)
	}
	t.Logf("replica frozen: write refused after %v", took.Round(time.Millisecond))
	// WAIT cannot undo what the primary took: this change is there, and a
	// retry by the user would repeat it. That is why deploy/ runs two
	// replicas and sets min-replicas-to-write, so that a replica that is
	// gone, the common case, refuses the write instead (below).
	if d := stored(); d.Version != 2 {
		t.Errorf("version %d after a change no replica confirmed, want 2 (on the primary)", d.Version)
	}

	ha.Replicas[0].Resume()
	ha.Replicas[0].Kill()
	_, _, err = s.UpdateDeal(ctx, key, ask)
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "NOREPLICAS") {
		t.Errorf("UpdateDeal with the replica gone: %v, want ErrUnavailable (NOREPLICAS)", err)
	}
	if d := stored(); d.Version != 2 || len(d.Asked) != 1 {
		t.Errorf("after a refused write: version %d, asked %v; want nothing written", d.Version, d.Asked)
	}

	ha.Replicas[0].Start()
	ha.WaitReplicasSynced(t)
	if _, _, err = s.UpdateDeal(ctx, key, ask); err != nil {
		t.Fatalf("with the replica back: %v", err)
	}
	if d := stored(); d.Version != 3 || len(d.Asked) != 2 {
		t.Errorf("with the replica back: version %d, asked %v; want 3 and two", d.Version, d.Asked)
	}
	raw, err := ha.Replicas[0].Client().Get(ctx, s.dealKey(key)).Result()
	if err != nil || !strings.HasPrefix(raw, `{"version":3,`) {
		t.Errorf("the replica's copy of a confirmed write: %.40q, %v", raw, err)
	}
}

// TestWriteSentTwice: go-redis sends a command again when the connection
// breaks before the reply, which is what a failover does. A deal write that
// had been applied must then report success, not a conflict that would
// make UpdateDeal apply the change a second time (or CreateDeal say the
// deal exists).
func TestWriteSentTwice(t *testing.T) {
	s := openEmbedded(t)
	ctx := t.Context()
	d := coach.Deal{ID: "d", Team: "T1", Owner: "U1", Version: 1, UpdatedAt: testNow, CreatedAt: testNow}
	b, err := s.encodeDeal(&d)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if res, err := s.runWrite(ctx, createScript, &d, b); err != nil || res != 1 {
			t.Fatalf("create, sent %d times: %d, %v; want 1", i+1, res, err)
		}
	}
	next := d
	next.Version = 2
	next.Asked = []string{"timing"}
	nb, err := s.encodeDeal(&next)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if res, err := s.runWrite(ctx, updateScript, &next, nb, 1); err != nil || res != 1 {
			t.Fatalf("update, sent %d times: %d, %v; want 1", i+1, res, err)
		}
	}
	// A different change from the old version is still a conflict.
	other := d
	other.Version = 2
	other.Shared = true
	ob, _ := s.encodeDeal(&other)
	if res, err := s.runWrite(ctx, updateScript, &other, ob, 1); err != nil || res != 0 {
		t.Errorf("a change from a stale version: %d, %v; want 0 (conflict)", res, err)
	}
	got, err := s.Deal(ctx, d.Key())
	if err != nil || got.Version != 2 || len(got.Asked) != 1 || got.Shared {
		t.Errorf("stored: version %d, asked %v, shared %v, %v", got.Version, got.Asked, got.Shared, err)
	}
}
