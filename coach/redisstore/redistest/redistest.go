// Package redistest runs real redis-server processes for tests: one server,
// a primary with a replica watched by a sentinel, or a Redis Cluster. Each
// process listens on a free loopback port with a temporary directory of
// its own, and is killed when the test ends. A machine without
// redis-server skips the tests that need one.
//
// Processes are real so that what they do cannot be faked: a primary that
// dies, a sentinel that promotes a replica, a cluster that refuses a script
// touching two slots.
package redistest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ghosted-bot/ghosted/coach/redisstore/internal/hook"
)

// startWait bounds how long a server may take to answer after starting,
// and a sentinel or cluster to settle: generous for a loaded CI machine.
const startWait = 20 * time.Second

// Server is one redis-server process.
type Server struct {
	tb   testing.TB
	bin  string
	argv []string // after the binary
	port string
	dir  string
	out  *output
	conf string // a config file naming the port, if any (a sentinel's)

	// shown is set once the port has been handed out (Addr, Port, URL):
	// from then on a failed bind cannot move the server to another port.
	shown   bool
	started bool

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
}

// NewServer prepares a redis-server on a free loopback port, with
// append-only persistence in a temporary directory (so Start after Stop
// finds the data again) and args after the defaults. It does not start it.
// The test is skipped when redis-server is not installed.
func NewServer(tb testing.TB, args ...string) *Server {
	tb.Helper()
	s := newProcess(tb)
	s.argv = append([]string{
		"--port", s.port, "--bind", "127.0.0.1", "--protected-mode", "no",
		"--save", "", "--appendonly", "yes", "--dir", s.dir,
		"--daemonize", "no", "--loglevel", "warning",
	}, args...)
	return s
}

// StartServer is NewServer followed by Start.
func StartServer(tb testing.TB, args ...string) *Server {
	tb.Helper()
	s := NewServer(tb, args...)
	s.Start()
	return s
}

func newProcess(tb testing.TB) *Server {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		tb.Skip("redis-server is not installed (apt-get install redis-server): this test runs real Redis processes")
	}
	s := &Server{tb: tb, bin: bin, port: freePort(tb), dir: tb.TempDir(), out: &output{}}
	tb.Cleanup(func() {
		s.Kill()
		if tb.Failed() {
			tb.Logf("redis-server :%s output:\n%s", s.port, s.out)
		}
	})
	return s
}

// freePort asks the kernel for a free loopback port. The port is free
// again (and may be taken by another process) until redis-server binds it:
// Start moves to another port if the bind fails.
func freePort(tb testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	return port
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return "127.0.0.1:" + s.Port() }

// Port is the server's port.
func (s *Server) Port() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shown = true
	return s.port
}

// movePort gives a server that could not bind its port another one, in
// its arguments and its config file.
func (s *Server) movePort() error {
	old, port := s.port, freePort(s.tb)
	for i, a := range s.argv {
		if a == old && i > 0 && s.argv[i-1] == "--port" {
			s.argv[i] = port
		}
	}
	if s.conf != "" {
		b, err := os.ReadFile(s.conf)
		if err != nil {
			return err
		}
		b = []byte(strings.Replace(string(b), "port "+old+"\n", "port "+port+"\n", 1))
		if err := os.WriteFile(s.conf, b, 0o600); err != nil {
			return err
		}
	}
	s.port = port
	return nil
}

// URL is the server's redis:// URL, database 0.
func (s *Server) URL() string { return "redis://" + s.Addr() + "/0" }

// Client returns a new client of the server that does not retry, closed
// when the test ends.
func (s *Server) Client() *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), MaxRetries: -1, DialTimeout: time.Second})
	s.tb.Cleanup(func() { c.Close() })
	return c
}

// Start launches the server and waits until it answers PING. When its
// port was taken in the meantime and nobody has been told the port yet,
// it tries again on another.
func (s *Server) Start() {
	s.tb.Helper()
	for try := 1; ; try++ {
		err := s.start()
		if err == nil {
			return
		}
		s.mu.Lock()
		retry := !s.started && !s.shown && try < 5 && strings.Contains(s.out.String(), "Address already in use")
		if retry {
			err = s.movePort()
			retry = err == nil
		}
		port := s.port
		s.mu.Unlock()
		if !retry {
			s.tb.Fatalf("redis-server on :%s: %v\n%s", port, err, s.out)
		}
	}
}

func (s *Server) start() error {
	s.mu.Lock()
	addr := "127.0.0.1:" + s.port
	cmd := exec.Command(s.bin, s.argv...)
	s.mu.Unlock()
	cmd.Stdout, cmd.Stderr = s.out, s.out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting redis-server: %w", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	s.mu.Lock()
	s.cmd, s.exited = cmd, exited
	s.mu.Unlock()

	// Short timeouts: whatever else holds the port may never answer.
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second, ReadTimeout: 500 * time.Millisecond})
	defer c.Close()
	err := poll(startWait, func() (bool, error) {
		select {
		case <-exited:
			return false, fmt.Errorf("redis-server exited at start:\n%s", s.out)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		// This process's answer, not that of whatever else took the port.
		info, err := c.Info(ctx, "server").Result()
		return err == nil && strings.Contains(info, fmt.Sprintf("process_id:%d\r\n", cmd.Process.Pid)), nil
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.started = true
	s.mu.Unlock()
	return nil
}

// Stop shuts the server down the way an orchestrator does, with SIGTERM:
// Redis then flushes its append-only file and exits, like
// `redis-cli shutdown`. Clients see connection refused until a restart.
func (s *Server) Stop() { s.terminate(syscall.SIGTERM) }

// Kill stops the server at once, without letting it flush: a crash, or a
// machine that died.
func (s *Server) Kill() {
	s.signal(syscall.SIGCONT) // a paused server cannot act on SIGKILL's exit
	s.terminate(syscall.SIGKILL)
}

// Pause freezes the server (SIGSTOP): connections stay open and requests
// hang, like a server behind a network partition. Resume undoes it.
func (s *Server) Pause() { s.signal(syscall.SIGSTOP) }

// Resume thaws a paused server.
func (s *Server) Resume() { s.signal(syscall.SIGCONT) }

// terminate sends sig and waits for the process to exit.
func (s *Server) terminate(sig syscall.Signal) {
	s.mu.Lock()
	cmd, exited := s.cmd, s.exited
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	select {
	case <-exited:
		return
	default:
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

func (s *Server) signal(sig syscall.Signal) {
	s.mu.Lock()
	cmd, exited := s.cmd, s.exited
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	select {
	case <-exited:
	default:
		_ = cmd.Process.Signal(sig)
	}
}

// SentinelMaster is the name the sentinel of StartSentinel monitors the
// primary by.
const SentinelMaster = "ghosted"

// Sentinel is a primary, replicas of it and one sentinel watching them
// with a quorum of one.
type Sentinel struct {
	Primary  *Server
	Replicas []*Server
	Sentinel *Server

	switches chan string // the new primary's host:port, per +switch-master
}

// SentinelOptions tune StartSentinel.
type SentinelOptions struct {
	// Replicas is how many replicas the primary has. Zero means 1. With
	// one, a failover leaves the new primary without a replica, so writes
	// that wait for one fail until the old primary comes back; production
	// runs two.
	Replicas int
	// DownAfter is how long the primary must not answer before the
	// sentinel fails over (sentinel down-after-milliseconds). Zero means
	// 2 s.
	DownAfter time.Duration
	// Args are extra redis-server arguments for the primary and the
	// replicas (any of which may become the primary).
	Args []string
}

// StartSentinel starts a primary, its replicas and a sentinel, and returns
// once the replicas are in sync and the sentinel knows them all, so that
// killing the primary leads to a failover.
func StartSentinel(tb testing.TB, opt SentinelOptions) *Sentinel {
	tb.Helper()
	if opt.DownAfter == 0 {
		opt.DownAfter = 2 * time.Second
	}
	if opt.Replicas == 0 {
		opt.Replicas = 1
	}
	// A replica's full sync starts at once, not after the default 5 s wait
	// for more replicas to share it.
	args := append([]string{"--repl-diskless-sync-delay", "0"}, opt.Args...)
	s := &Sentinel{Primary: StartServer(tb, args...), switches: make(chan string, 4)}
	for range opt.Replicas {
		s.Replicas = append(s.Replicas, StartServer(tb, append([]string{"--replicaof", "127.0.0.1", s.Primary.Port()}, args...)...))
	}
	s.WaitReplicasSynced(tb)

	sentinel := newProcess(tb)
	conf := filepath.Join(sentinel.dir, "sentinel.conf")
	text := fmt.Sprintf(`port %[1]s
bind 127.0.0.1
protected-mode no
dir %[2]s
sentinel monitor %[3]s 127.0.0.1 %[4]s 1
sentinel down-after-milliseconds %[3]s %[5]d
sentinel failover-timeout %[3]s %[6]d
sentinel parallel-syncs %[3]s 1
`, sentinel.port, sentinel.dir, SentinelMaster, s.Primary.Port(), opt.DownAfter.Milliseconds(), (10 * time.Second).Milliseconds())
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		tb.Fatal(err)
	}
	sentinel.conf = conf
	sentinel.argv = []string{conf, "--sentinel", "--daemonize", "no", "--loglevel", "warning"}
	sentinel.Start()
	s.Sentinel = sentinel

	sc := redis.NewSentinelClient(&redis.Options{Addr: sentinel.Addr(), MaxRetries: -1})
	tb.Cleanup(func() { sc.Close() })
	waitFor(tb, "the sentinel to know the replicas", func(ctx context.Context) (bool, error) {
		known, err := sc.Replicas(ctx, SentinelMaster).Result()
		if err != nil {
			return false, nil
		}
		n := 0
		for _, r := range known {
			if r["flags"] == "slave" && r["master-link-status"] == "ok" {
				n++
			}
		}
		return n == len(s.Replicas), nil
	})

	sub := sc.Subscribe(context.Background(), "+switch-master")
	ctx, cancel := context.WithTimeout(context.Background(), startWait)
	defer cancel()
	if _, err := sub.Receive(ctx); err != nil { // the subscription is confirmed
		tb.Fatalf("subscribing to the sentinel's +switch-master: %v", err)
	}
	tb.Cleanup(func() { sub.Close() })
	go func() {
		for m := range sub.Channel() {
			// "<master name> <old ip> <old port> <new ip> <new port>"
			if f := strings.Fields(m.Payload); len(f) == 5 && f[0] == SentinelMaster {
				select {
				case s.switches <- net.JoinHostPort(f[3], f[4]):
				default:
				}
			}
		}
	}()
	return s
}

// WaitReplicasSynced waits until the primary counts every replica as in
// sync (online, its offset acknowledged), as after a replica restarted.
func (s *Sentinel) WaitReplicasSynced(tb testing.TB) {
	tb.Helper()
	pc := s.Primary.Client()
	waitFor(tb, "the replicas to sync", func(ctx context.Context) (bool, error) {
		info, err := pc.Info(ctx, "replication").Result()
		if err != nil {
			return false, nil
		}
		for _, r := range s.Replicas {
			if !strings.Contains(info, "port="+r.Port()+",state=online") {
				return false, nil
			}
		}
		if strings.Contains(info, "min_slaves_good_slaves:0") {
			return false, nil
		}
		// Online is not yet answering: a replica just restarted may take a
		// moment under load before it acknowledges writes, and a store's
		// WAIT would then time out. Synced means every replica confirms.
		n, err := pc.Do(ctx, "WAIT", len(s.Replicas), 200).Int()
		return err == nil && n >= len(s.Replicas), nil
	})
}

// URL is the REDIS_URL of the sentinel setup, in go-redis's failover form,
// database db.
func (s *Sentinel) URL(db int) string {
	return fmt.Sprintf("redis://%s/%d?master_name=%s", s.Sentinel.Addr(), db, SentinelMaster)
}

// WaitFailover waits for the sentinel to announce a new primary
// (+switch-master) and returns its address.
func (s *Sentinel) WaitFailover(ctx context.Context) (string, error) {
	select {
	case addr := <-s.switches:
		return addr, nil
	case <-ctx.Done():
		return "", fmt.Errorf("no failover announced: %w", ctx.Err())
	}
}

// Cluster is a Redis Cluster of primaries without replicas, its slots
// spread evenly.
type Cluster struct {
	Nodes []*Server
}

// StartCluster starts n cluster-enabled servers, gives each a third (for
// n = 3) of the 16,384 slots, joins them, and returns once every node sees
// the cluster as ok.
func StartCluster(tb testing.TB, n int) *Cluster {
	tb.Helper()
	c := &Cluster{}
	for range n {
		s := NewServer(tb, "--cluster-enabled", "yes", "--cluster-node-timeout", "5000")
		s.argv = append(s.argv, "--cluster-config-file", filepath.Join(s.dir, "nodes.conf"))
		s.Start()
		c.Nodes = append(c.Nodes, s)
	}
	ctx, cancel := context.WithTimeout(context.Background(), startWait)
	defer cancel()
	const slots = 16384
	for i, s := range c.Nodes {
		cl := s.Client()
		from, to := i*slots/n, (i+1)*slots/n-1
		if err := cl.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", from, to).Err(); err != nil {
			tb.Fatalf("node %d: CLUSTER ADDSLOTSRANGE %d %d: %v", i, from, to, err)
		}
		if i > 0 {
			if err := cl.ClusterMeet(ctx, "127.0.0.1", c.Nodes[0].Port()).Err(); err != nil {
				tb.Fatalf("node %d: CLUSTER MEET: %v", i, err)
			}
		}
	}
	for i, s := range c.Nodes {
		cl := s.Client()
		waitFor(tb, fmt.Sprintf("node %d to see the cluster ok", i), func(ctx context.Context) (bool, error) {
			info, err := cl.ClusterInfo(ctx).Result()
			return err == nil && strings.Contains(info, "cluster_state:ok") &&
				strings.Contains(info, fmt.Sprintf("cluster_known_nodes:%d", n)), nil
		})
	}
	return c
}

// URL is the REDIS_URL of the cluster, in go-redis's cluster form.
func (c *Cluster) URL() string {
	var b strings.Builder
	b.WriteString("redis://" + c.Nodes[0].Addr())
	for i, s := range c.Nodes[1:] {
		if i == 0 {
			b.WriteString("?")
		} else {
			b.WriteString("&")
		}
		b.WriteString("addr=" + s.Addr())
	}
	return b.String()
}

// Keys lists the keys matching pattern on every primary c reaches: a
// cluster's SCAN sees one node only.
func Keys(ctx context.Context, c redis.UniversalClient, pattern string) ([]string, error) {
	scan := func(ctx context.Context, n *redis.Client) ([]string, error) {
		var keys []string
		iter := n.Scan(ctx, 0, pattern, 1000).Iterator()
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		return keys, iter.Err()
	}
	cc, ok := c.(*redis.ClusterClient)
	if !ok {
		var keys []string
		iter := c.Scan(ctx, 0, pattern, 1000).Iterator()
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		return keys, iter.Err()
	}
	var (
		mu  sync.Mutex
		all []string
	)
	err := cc.ForEachMaster(ctx, func(ctx context.Context, n *redis.Client) error {
		keys, err := scan(ctx, n)
		mu.Lock()
		all = append(all, keys...)
		mu.Unlock()
		return err
	})
	slices.Sort(all)
	return slices.Compact(all), err
}

// waitFor polls cond until it holds, failing the test after startWait: for
// states of another process, which sends no event.
func waitFor(tb testing.TB, what string, cond func(ctx context.Context) (bool, error)) {
	tb.Helper()
	err := poll(startWait, func() (bool, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		return cond(ctx)
	})
	if err != nil {
		tb.Fatalf("waiting for %s: %v", what, err)
	}
}

func poll(limit time.Duration, cond func() (bool, error)) error {
	deadline := time.Now().Add(limit)
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		ok, err := cond()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("still not so after %v", limit)
		}
		<-t.C
	}
}

// output collects a process's output for the test log.
type output struct {
	mu sync.Mutex
	b  strings.Builder
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.b.String()
}

// Store is a *redisstore.Store. (Package redisstore's own tests use this
// package, so it cannot import redisstore.)
type Store interface {
	Prefix() string
	Embedded() bool
}

// Client returns store's own client, for a test that looks at or plants
// keys itself: a *redis.Client for one server or Sentinel, a
// *redis.ClusterClient for a cluster. Keys written through it should start
// with store.Prefix() + ":" so they stay inside the store's namespace.
func Client(store Store) redis.UniversalClient { return hook.Client(store) }

// DealMemory sums Redis's MEMORY USAGE over store's keys that hold deals
// (deal JSON, owner indexes and thread sets, owners sets, thread bindings),
// leaving out claims, counters, reminders and nudge bookkeeping: a
// benchmark's figure for capacity planning. It scans every key of the
// store. The embedded server does not implement MEMORY USAGE and answers
// with an error.
func DealMemory(ctx context.Context, store Store) (int64, error) {
	return hook.DealMemory(ctx, store)
}

// DeleteKeys removes every key of store (those under its prefix), one key
// per command, since a cluster keeps a store's keys in several slots: a
// test that shares a real Redis leaves it as it found it.
func DeleteKeys(ctx context.Context, store Store) error {
	c := Client(store)
	keys, err := Keys(ctx, c, store.Prefix()+":*")
	if err != nil {
		return fmt.Errorf("scan %s:*: %w", store.Prefix(), err)
	}
	_, err = c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			p.Unlink(ctx, k)
		}
		return nil
	})
	return err
}
