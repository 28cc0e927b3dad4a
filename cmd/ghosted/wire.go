package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
	"github.com/ghosted-bot/ghosted/coach/openaidraft"
	"github.com/ghosted-bot/ghosted/coach/openairead"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// newDrafter picks the LLM drafter when one is configured, else the offline
// composer.
func newDrafter(cfg Config, forceOffline bool, logger *slog.Logger) (coach.Drafter, error) {
	if forceOffline || (cfg.OpenAIAPIKey == "" && cfg.OpenAIBaseURL == "") {
		return coach.OfflineDrafter{}, nil
	}
	d, err := openaidraft.New(openaidraft.Config{
		APIKey:  cfg.OpenAIAPIKey,
		BaseURL: cfg.OpenAIBaseURL,
		Model:   cfg.OpenAIModel,
		Timeout: cfg.LLMTimeout,
		Logger:  logger,
	})
	if err != nil {
		return nil, fmt.Errorf("setting up the LLM drafter: %w", err)
	}
	return d, nil
}

// newReader picks the LLM reader of stories when an LLM is configured and
// GHOSTED_READ_TIMEOUT is not 0; nil keeps the keyword reader alone.
func newReader(cfg Config, forceOffline bool, logger *slog.Logger) (coach.Reader, error) {
	if forceOffline || cfg.readingOff() || (cfg.OpenAIAPIKey == "" && cfg.OpenAIBaseURL == "") {
		return nil, nil
	}
	r, err := openairead.New(openairead.Config{
		APIKey:  cfg.OpenAIAPIKey,
		BaseURL: cfg.OpenAIBaseURL,
		Model:   cfg.OpenAIModel,
		Logger:  logger,
	})
	if err != nil {
		return nil, fmt.Errorf("setting up the LLM reader: %w", err)
	}
	return r, nil
}

func runServe(ctx context.Context, args []string, environ map[string]string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "Runs the Slack bot over Socket Mode. Needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN;\n"+
		"see README.md for creating the Slack app from 'ghosted manifest'.", stdout)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	return serve(ctx, environ, nil, stderr)
}

// serve runs the bot with the settings in environ until ctx ends. ln, when
// not nil, is where the HTTP endpoints listen instead of HTTP_ADDR: a test
// passes a listener it already holds, so that no port is freed and then
// taken again (by then perhaps by another test).
func serve(ctx context.Context, environ map[string]string, ln net.Listener, stderr io.Writer) error {
	cfg, warnings, err := loadConfigWarn(environ)
	if err != nil {
		return err
	}
	if err := cfg.validateSlack(); err != nil {
		return err
	}
	if ln == nil && cfg.HTTPAddr != "" {
		if ln, err = net.Listen("tcp", cfg.HTTPAddr); err != nil {
			return fmt.Errorf("HTTP_ADDR %s: %w", cfg.HTTPAddr, err)
		}
	}
	if ln != nil {
		defer ln.Close() // closed already when the server ran; not when serve fails before
	}
	logger := newLogger(cfg, stderr)
	for _, w := range warnings {
		logger.Warn(w)
	}
	useRedisLogger(logger)

	drafter, err := newDrafter(cfg, false, logger)
	if err != nil {
		return err
	}
	if drafter.Offline() {
		logger.Warn("no LLM configured (OPENAI_API_KEY / OPENAI_BASE_URL): drafts come from the offline drafter")
	}
	reader, err := newReader(cfg, false, logger)
	if err != nil {
		return err
	}

	// The gauges and /readyz read the bot, which exists only once Redis
	// answers: until then they see nil.
	var state opsState
	m := metrics.New(
		func() bool { b := state.bot(); return b != nil && b.Connected() },
		func() int {
			if b := state.bot(); b != nil {
				return b.Queued()
			}
			return 0
		})

	// The HTTP server starts first and outlives the bot: /healthz answers
	// while ghosted waits for Redis (no restart loop while Redis starts) and
	// while it drains on SIGTERM, /readyz says 503 in both, and /metrics can
	// be scraped throughout. It closes once the bot has returned. The bot
	// stops on ctx (SIGTERM) or when the HTTP server fails.
	g, gctx := errgroup.WithContext(ctx)
	botDone := make(chan struct{})
	if ln != nil {
		srv := &http.Server{Handler: opsHandler(&state, m), ReadHeaderTimeout: 5 * time.Second}
		g.Go(func() error {
			logger.Info("health endpoints listening", "addr", ln.Addr().String())
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("HTTP_ADDR %s: %w", ln.Addr(), err)
			}
			return nil
		})
		g.Go(func() error {
			<-botDone
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return srv.Shutdown(shut)
		})
	}
	g.Go(func() error {
		defer close(botDone)
		store, err := openStore(gctx, cfg, logger)
		if err != nil {
			if ctx.Err() != nil {
				return nil // SIGTERM while waiting for Redis: a clean stop
			}
			return err
		}
		defer store.Close()
		if store.Embedded() {
			logger.Warn("REDIS_URL is empty: using embedded in-memory Redis; deals are lost when ghosted stops")
		} else {
			logger.Info("connected to Redis", "topology", store.Topology())
		}
		b, err := bot.New(botConfig(cfg, logger), bot.Deps{Memory: store, Drafter: drafter, Reader: reader, Clock: coach.SystemClock{}, Metrics: m})
		if err != nil {
			return err
		}
		state.set(store, b)
		// Weekly channel nudges and remember-me reminders of this bot's
		// workspace. Every replica runs the scheduler; its claims in Redis
		// make each post happen once. It starts once the bot is connected
		// (and knows its team), and stops with it.
		nudges := make(chan struct{})
		rctx, stopNudges := context.WithCancel(gctx)
		go func() {
			defer close(nudges)
			if waitConnected(rctx, b) {
				runner := &nudge.Runner{Team: b.TeamID(), Store: store, Poster: m.InstrumentPoster(b), Clock: coach.SystemClock{},
					Logger: logger.With("component", "nudge", "team", b.TeamID())}
				_ = runner.Run(rctx, nudge.DefaultEvery)
			}
		}()
		watched := make(chan struct{})
		go func() { defer close(watched); watchRedis(rctx, store, logger, time.Second) }()
		err = b.Run(gctx)
		stopNudges()
		<-nudges
		<-watched
		return err
	})
	return g.Wait()
}

// botConfig maps the settings to the bot's; the bot fills in its defaults.
func botConfig(cfg Config, logger *slog.Logger) bot.Config {
	c := bot.Config{
		BotToken:                   cfg.SlackBotToken,
		AppToken:                   cfg.SlackAppToken,
		APIURL:                     cfg.SlackAPIURL,
		Workers:                    cfg.Workers,
		MaxConcurrentDraftsTotal:   cfg.MaxConcurrentDraftsTotal,
		MaxConcurrentDraftsPerUser: cfg.MaxConcurrentDraftsPerUser,
		MaxDraftsPerDayPerUser:     cfg.MaxDraftsPerDayPerUser,
		DraftTimeout:               cfg.DraftTimeout,
		ShutdownTimeout:            cfg.ShutdownTimeout,
		Logger:                     logger,
	}
	if cfg.ReadTimeout != nil {
		c.ReadTimeout = *cfg.ReadTimeout // 0: no model reading (see newReader), the bot's default otherwise
	}
	return c
}

// storeOptions maps the settings to the store's. A forgotten deal's
// tombstone outlasts the longest job the bot runs, so no job still holding
// the deal can bring it back; a shutdown's drain is bounded by the same.
func storeOptions(cfg Config) redisstore.Options {
	return redisstore.Options{
		Retention:    cfg.Retention,
		Prefix:       cfg.RedisPrefix,
		TombstoneTTL: max(redisstore.DefaultTombstoneTTL, botConfig(cfg, nil).JobTimeout()+time.Minute),
	}
}

// waitConnected waits for the bot's first Socket Mode connection, and
// reports false if ctx ends first.
func waitConnected(ctx context.Context, b *bot.Bot) bool {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for !b.Connected() {
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
	return true
}

// openStore connects to Redis, waiting for it with backoff while it is
// unreachable: in Compose or Kubernetes the bot often starts before Redis,
// and crash-looping on that only slows the start. A malformed REDIS_URL
// fails at once.
func openStore(ctx context.Context, cfg Config, logger *slog.Logger) (*redisstore.Store, error) {
	wait := time.Second
	var down time.Time // when the first try failed
	for {
		store, err := redisstore.Open(ctx, cfg.RedisURL, storeOptions(cfg))
		if err == nil {
			if !down.IsZero() {
				logger.Info("Redis answers", "waited", time.Since(down).Round(time.Second))
			}
			return store, nil
		}
		if !errors.Is(err, redisstore.ErrUnavailable) {
			return nil, fmt.Errorf("connecting to Redis (REDIS_URL): %w", err)
		}
		// One line for the outage, however long it lasts; each retry is a
		// debug line.
		if down.IsZero() {
			down = time.Now()
			logger.Warn("Redis is not reachable yet; waiting for it (retrying with backoff up to 30s)", "err", err)
		} else {
			logger.Debug("Redis is still not reachable", "err", err, "retry_in", wait)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("connecting to Redis (REDIS_URL): %w", err)
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

// watchRedis pings Redis every interval and logs one line when it stops
// answering and one when it answers again, however many requests fail in
// between (each of those is logged with its own error).
func watchRedis(ctx context.Context, store *redisstore.Store, logger *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	var down time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := pingWithin(ctx, store, readyTimeout)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && down.IsZero():
			down = time.Now()
			logger.Warn("Redis stopped answering; users are told their memory is unreachable until it is back", "err", err)
		case err == nil && !down.IsZero():
			logger.Info("Redis answers again", "down_for", time.Since(down).Round(time.Second))
			down = time.Time{}
		}
	}
}

// opsState is what the ops endpoints look at, set once Redis answers and
// the bot is built.
type opsState struct {
	p atomic.Pointer[opsDeps]
}

type opsDeps struct {
	store *redisstore.Store
	bot   *bot.Bot
}

func (s *opsState) set(store *redisstore.Store, b *bot.Bot) {
	s.p.Store(&opsDeps{store: store, bot: b})
}

func (s *opsState) bot() *bot.Bot {
	if d := s.p.Load(); d != nil {
		return d.bot
	}
	return nil
}

// opsHandler serves /healthz (the process is alive), /readyz (Redis
// answering and Socket Mode connected) and /metrics.
func opsHandler(state *opsState, m *metrics.Ghosted) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		d := state.p.Load()
		if d == nil {
			http.Error(w, "starting: waiting for Redis", http.StatusServiceUnavailable)
			return
		}
		if !d.bot.Connected() {
			http.Error(w, "slack: socket mode not connected", http.StatusServiceUnavailable)
			return
		}
		if err := pingWithin(r.Context(), d.store, readyTimeout); err != nil {
			http.Error(w, "redis unreachable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

// readyTimeout bounds /readyz's Redis check, under the Kubernetes probe's
// timeoutSeconds (3).
const readyTimeout = 2 * time.Second

// pingWithin pings Redis and gives up after d even if the ping has not
// returned: go-redis does not cut a read short at the context's deadline
// (ContextTimeoutEnabled is off), so against a Redis that hangs rather than
// refuses, a ping takes its ReadTimeout and retries, about 5 s, and a probe
// would time out instead of reading 503. The ping left behind ends by itself.
func pingWithin(ctx context.Context, store *redisstore.Store, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- store.Ping(ctx) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// redisLogger routes go-redis's internal logging (a dial that failed, a
// connection dropped from the pool) into slog instead of stderr, at debug
// level: while Redis is away go-redis says so on every retry, and the
// store's callers already report the outage once (see openStore and the
// bot's Redis gate).
type redisLogger struct{ l atomic.Pointer[slog.Logger] }

func (r *redisLogger) Printf(ctx context.Context, format string, v ...any) {
	if l := r.l.Load(); l != nil {
		l.DebugContext(ctx, "redis: "+fmt.Sprintf(format, v...))
	}
}

var (
	redisLog     redisLogger
	redisLogOnce sync.Once
)

// useRedisLogger sends go-redis's logging to logger. go-redis has one
// logger per process; the last serve to start (tests run several) has it.
func useRedisLogger(logger *slog.Logger) {
	redisLog.l.Store(logger)
	redisLogOnce.Do(func() { redis.SetLogger(&redisLog) })
}

func runManifest(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("manifest", "Prints the Slack app manifest (JSON). Paste it at api.slack.com/apps →\n"+
		"Create New App → From a manifest.", stdout)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	m, err := bot.Manifest()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", m)
	return err
}
