package redisstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Topology is what REDIS_URL names, and so how the store talks to Redis.
type Topology string

// The topologies Open knows.
const (
	// TopologyEmbedded is the in-process miniredis of an empty REDIS_URL.
	TopologyEmbedded Topology = "embedded"
	// TopologyStandalone is one server (which may have replicas that
	// nothing fails over to).
	TopologyStandalone Topology = "standalone"
	// TopologySentinel is a primary with replicas, watched by Redis
	// Sentinel, which promotes a replica when the primary dies. Writes wait
	// for a replica.
	TopologySentinel Topology = "sentinel"
	// TopologyCluster is a Redis Cluster: a team's keys live on the node
	// that owns their hash tag's slot.
	TopologyCluster Topology = "cluster"
)

// replicaWait is how long a write waits behind Sentinel for a replica to
// confirm it (WAIT 1 <ms>). A healthy replica on the same network confirms
// within a millisecond; a second covers a busy one, and is what a user
// waits before hearing "I can't reach my memory" when no replica answers.
const replicaWait = time.Second

// dialed is a client for a REDIS_URL, not yet known to answer.
type dialed struct {
	client      redis.UniversalClient
	topology    Topology
	where       string // the server(s), for errors
	master      string // the Sentinel master's name
	replicaWait time.Duration
}

// dial builds the client for redisURL (see Open for its forms): a URL with
// master_name= is Sentinel's, one with addr= (and no master_name) a
// cluster's, any other one server's. Errors never repeat a password.
func dial(redisURL string) (dialed, error) {
	u, err := url.Parse(redisURL)
	if err != nil {
		return dialed{}, fmt.Errorf("redisstore: REDIS_URL is not a valid redis:// or rediss:// URL: %s", redactedParseError(redisURL, err))
	}
	q := u.Query()
	switch {
	case q.Has("master_name"):
		o, err := redis.ParseFailoverURL(redisURL)
		if err != nil {
			return dialed{}, fmt.Errorf("redisstore: REDIS_URL is not a valid Sentinel URL (redis://sentinel:26379/0?master_name=…&addr=…): %s", redactedParseError(redisURL, err))
		}
		if o.MasterName == "" {
			return dialed{}, errors.New("redisstore: REDIS_URL names Sentinel with an empty master_name: set it to the name in the sentinels' `sentinel monitor` line")
		}
		o.ContextTimeoutEnabled = true
		o.DialTimeout, o.ReadTimeout, o.WriteTimeout = timeouts(o.DialTimeout, o.ReadTimeout, o.WriteTimeout)
		o.DialerRetries = dialerRetries(o.DialerRetries)
		return dialed{
			client:      redis.NewFailoverClient(o),
			topology:    TopologySentinel,
			where:       fmt.Sprintf("master %q via Sentinel %s", o.MasterName, strings.Join(o.SentinelAddrs, ",")),
			master:      o.MasterName,
			replicaWait: replicaWait,
		}, nil
	case q.Has("addr"):
		o, err := parseCluster(redisURL)
		if err != nil {
			return dialed{}, err
		}
		return dialed{client: redis.NewClusterClient(o), topology: TopologyCluster, where: clusterWhere(o)}, nil
	default:
		o, err := redis.ParseURL(redisURL)
		if err != nil {
			return dialed{}, fmt.Errorf("redisstore: REDIS_URL is not a valid redis:// or rediss:// URL: %s", redactedParseError(redisURL, err))
		}
		return dialed{client: redis.NewClient(withTimeouts(o)), topology: TopologyStandalone, where: o.Addr}, nil
	}
}

func parseCluster(redisURL string) (*redis.ClusterOptions, error) {
	o, err := redis.ParseClusterURL(redisURL)
	if err != nil {
		return nil, fmt.Errorf("redisstore: REDIS_URL is not a valid Redis Cluster URL (redis://node-1:6379?addr=node-2:6379&addr=…): %s", redactedParseError(redisURL, err))
	}
	o.ContextTimeoutEnabled = true
	o.DialTimeout, o.ReadTimeout, o.WriteTimeout = timeouts(o.DialTimeout, o.ReadTimeout, o.WriteTimeout)
	o.DialerRetries = dialerRetries(o.DialerRetries)
	return o, nil
}

func clusterWhere(o *redis.ClusterOptions) string {
	return "Redis Cluster " + strings.Join(o.Addrs, ",")
}

// matchServerMode switches a store opened on one server's URL to
// Redis Cluster when that server is a cluster node, so the URL of one node
// (or a managed cluster's configuration endpoint) is enough: without it,
// every key owned by another node would fail with MOVED. A URL that names
// a Sentinel without master_name is refused with the fix, rather than
// failing later on a command Sentinel does not know.
func (s *Store) matchServerMode(ctx context.Context, redisURL string) error {
	info, err := s.client.Info(ctx).Result()
	if err != nil {
		return nil // a server that hides INFO: take it as one server
	}
	if strings.Contains(info, "redis_mode:sentinel") {
		return fmt.Errorf("redisstore: %s is a Redis Sentinel, not a Redis server: add master_name=<the monitored master's name> to REDIS_URL (redis://sentinel:26379/0?master_name=…)", s.where)
	}
	if !strings.Contains(info, "cluster_enabled:1") {
		return nil
	}
	o, err := parseCluster(redisURL)
	if err != nil {
		return fmt.Errorf("redisstore: %s is a Redis Cluster node: %w", s.where, err)
	}
	c := redis.NewClusterClient(o)
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return fmt.Errorf("redisstore: cannot reach Redis Cluster at %s (REDIS_URL): %w", s.where, classify(err))
	}
	s.client.Close()
	s.client, s.topology, s.where = c, TopologyCluster, clusterWhere(o)
	return nil
}

// explain says why the first PING of a new client failed.
func (d dialed) explain(err error) error {
	if d.topology == TopologySentinel && errors.Is(err, redis.Nil) {
		// The sentinels answered, with no address: they watch no master by
		// that name. A setting to fix, not an outage to wait out.
		return fmt.Errorf("the sentinels know no master named %q (master_name in REDIS_URL; see their `sentinel monitor` line)", d.master)
	}
	return classify(err)
}

// withTimeouts makes a hung or partitioned Redis fail fast instead of leaving
// a Slack user waiting: go-redis ignores context deadlines unless told to,
// and its default timeouts add up to many seconds with retries. Timeouts set
// in REDIS_URL (dial_timeout=…, read_timeout=…) win.
func withTimeouts(o *redis.Options) *redis.Options {
	o.ContextTimeoutEnabled = true
	o.DialTimeout, o.ReadTimeout, o.WriteTimeout = timeouts(o.DialTimeout, o.ReadTimeout, o.WriteTimeout)
	o.DialerRetries = dialerRetries(o.DialerRetries)
	return o
}

// dialerRetries is how many times one attempt at a command dials a server
// that refused: 2 unless REDIS_URL says (dialer_retries=…). go-redis's 5,
// 100 ms apart, within each of a command's 4 attempts, make every command
// against a Redis that is down take about 2 s to fail, and a request that
// meets it twice keeps its user waiting 4 s for "I can't reach my memory".
// A command is still attempted 4 times, so a blip is still ridden out.
func dialerRetries(n int) int {
	if n == 0 {
		return 2
	}
	return n
}

// timeouts fills in 2 s for the dial, read and write timeouts not set.
func timeouts(dial, read, write time.Duration) (time.Duration, time.Duration, time.Duration) {
	or := func(d time.Duration) time.Duration {
		if d == 0 {
			return 2 * time.Second
		}
		return d
	}
	return or(dial), or(read), or(write)
}

// redactedParseError describes why redisURL did not parse without repeating
// a password: the user info's, or a password= or sentinel_password= query
// value (the Sentinel form's primary password).
func redactedParseError(redisURL string, err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		// url.Error quotes the whole URL, and even its inner error can quote
		// a fragment of the password (a bad %-escape), so say only this.
		return "malformed URL"
	}
	msg := err.Error()
	u, perr := url.Parse(redisURL)
	if perr != nil {
		return "malformed URL"
	}
	var secrets []string
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			secrets = append(secrets, pw)
		}
	}
	for k, vs := range u.Query() {
		if strings.Contains(strings.ToLower(k), "password") {
			secrets = append(secrets, vs...)
		}
	}
	for _, pw := range secrets {
		if pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return msg
}

// errNotReplicated: a write reached the primary, but no replica confirmed
// it within replicaWait. Were the primary to die now, Sentinel would promote
// a replica without it, so the write is not reported as done: the caller
// hears that the store is unavailable, as when the primary is unreachable.
var errNotReplicated = errors.New("no replica confirmed the write (WAIT 1)")

// durably runs write and, behind Sentinel, reports success only once a
// replica has it too: write runs on a connection of its own, followed by
// WAIT 1 <replicaWait> on that connection, which returns once a replica has
// every write the connection made. write reports whether it wrote anything
// (a compare-and-set that lost writes nothing, and waits for nothing).
//
// Elsewhere write just runs: one server has no replica to wait for, and a
// Redis Cluster's WAIT would have to go to the node owning the keys, which
// go-redis does not route (see deploy/README.md on Cluster durability).
func (s *Store) durably(ctx context.Context, write func(c redis.Cmdable) (wrote bool, err error)) error {
	c, ok := s.client.(*redis.Client)
	if s.replicaWait == 0 || !ok {
		_, err := write(s.client)
		return err
	}
	conn := c.Conn()
	defer conn.Close()
	wrote, err := write(conn)
	if err != nil || !wrote {
		return err
	}
	n, err := conn.Wait(ctx, 1, s.replicaWait).Result()
	if err != nil {
		return err
	}
	if n < 1 {
		return fmt.Errorf("%w within %v", errNotReplicated, s.replicaWait)
	}
	return nil
}

// CheckURL reports whether Open would accept redisURL's form (see Open),
// without connecting, so a configuration error is reported at start with
// the others. Like Open's, its errors never repeat a password.
func CheckURL(redisURL string) error {
	if redisURL == "" {
		return nil
	}
	if u, err := url.Parse(redisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix") {
		// Never echo the value: it may hold a password.
		return errors.New("REDIS_URL must look like redis://[:password@]host:port/db (rediss:// for TLS), " +
			"redis://sentinel:26379/0?master_name=NAME&addr=sentinel-2:26379 for Sentinel, or redis://node-1:6379?addr=node-2:6379 for Redis Cluster")
	}
	d, err := dial(redisURL)
	if err != nil {
		return err
	}
	return d.client.Close()
}

// CheckRetention checks Options.Retention: zero means DefaultRetention; a
// retention under an hour would drop a conversation while it is going on.
func CheckRetention(d time.Duration) error {
	if d != 0 && d < time.Hour {
		return fmt.Errorf("must be at least 1h (got %s)", d)
	}
	return nil
}
