package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/openaidraft"
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
		Timeout: cfg.DraftTimeout,
		Logger:  logger,
	})
	if err != nil {
		return nil, fmt.Errorf("setting up the LLM drafter: %w", err)
	}
	return d, nil
}

func runServe(ctx context.Context, args []string, environ map[string]string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "Runs the Slack bot over Socket Mode. Needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN;\n"+
		"see README.md for creating the Slack app from 'ghosted manifest'.", stdout)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	cfg, err := loadConfig(environ)
	if err != nil {
		return err
	}
	if err := cfg.validateSlack(); err != nil {
		return err
	}
	logger := newLogger(cfg, stderr)
	redis.SetLogger(redisLogger{logger})

	store, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer store.Close()
	if store.Embedded() {
		logger.Warn("REDIS_URL is empty: using embedded in-memory Redis; deals are lost when ghosted stops")
	}
	drafter, err := newDrafter(cfg, false, logger)
	if err != nil {
		return err
	}
	// The gauges read the bot, which needs the metrics to be built: the
	// closures see b once it exists.
	var b *bot.Bot
	m := metrics.New(
		func() bool { return b != nil && b.Connected() },
		func() int {
			if b == nil {
				return 0
			}
			return b.Queued()
		})
	if drafter.Offline() {
		logger.Warn("no LLM configured (OPENAI_API_KEY / OPENAI_BASE_URL): drafts come from the offline drafter")
	}
	b, err = bot.New(bot.Config{
		BotToken:                   cfg.SlackBotToken,
		AppToken:                   cfg.SlackAppToken,
		APIURL:                     cfg.SlackAPIURL,
		Workers:                    cfg.Workers,
		MaxConcurrentDraftsPerUser: cfg.MaxConcurrentDrafts,
		MaxDraftsPerDayPerUser:     cfg.MaxDraftsPerDay,
		DraftTimeout:               cfg.DraftTimeout,
		Logger:                     logger,
	}, bot.Deps{Memory: store, Drafter: drafter, Clock: coach.SystemClock{}, Metrics: m})
	if err != nil {
		return err
	}

	g, ctx := errgroup.WithContext(ctx)
	if cfg.HTTPAddr != "" {
		srv := &http.Server{Addr: cfg.HTTPAddr, Handler: opsHandler(store, b, m), ReadHeaderTimeout: 5 * time.Second}
		g.Go(func() error {
			logger.Info("health endpoints listening", "addr", cfg.HTTPAddr)
			if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("HTTP_ADDR %s: %w", cfg.HTTPAddr, err)
			}
			return nil
		})
		g.Go(func() error {
			<-ctx.Done()
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return srv.Shutdown(shut)
		})
	}
	g.Go(func() error { return b.Run(ctx) })
	return g.Wait()
}

// openStore connects to Redis, waiting for it with backoff while it is
// unreachable: in Compose or Kubernetes the bot often starts before Redis,
// and crash-looping on that only slows the start. A malformed REDIS_URL
// fails at once.
func openStore(ctx context.Context, cfg Config, logger *slog.Logger) (*redisstore.Store, error) {
	wait := time.Second
	for {
		store, err := redisstore.Open(ctx, cfg.RedisURL, redisstore.Options{Retention: cfg.Retention})
		if err == nil {
			return store, nil
		}
		if !errors.Is(err, redisstore.ErrUnavailable) {
			return nil, fmt.Errorf("connecting to Redis (REDIS_URL): %w", err)
		}
		logger.Warn("Redis is not reachable yet; retrying", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("connecting to Redis (REDIS_URL): %w", err)
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

// opsHandler serves /healthz (the process is alive), /readyz (Socket Mode
// connected and Redis answering) and /metrics.
func opsHandler(store *redisstore.Store, b *bot.Bot, m *metrics.Ghosted) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Registry)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if !b.Connected() {
			http.Error(w, "slack: socket mode not connected", http.StatusServiceUnavailable)
			return
		}
		if err := store.Ping(ctx); err != nil {
			http.Error(w, "redis unreachable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

// redisLogger routes go-redis's internal logging (dial failures) into slog
// instead of stderr.
type redisLogger struct{ l *slog.Logger }

func (r redisLogger) Printf(ctx context.Context, format string, v ...any) {
	r.l.WarnContext(ctx, "redis: "+fmt.Sprintf(format, v...))
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
