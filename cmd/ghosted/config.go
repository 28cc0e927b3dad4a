package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// Config is every setting ghosted reads, all from the environment. README.md
// and .env.example document each variable; keep the three in step.
type Config struct {
	SlackBotToken string `env:"SLACK_BOT_TOKEN"`
	SlackAppToken string `env:"SLACK_APP_TOKEN"`
	SlackAPIURL   string `env:"SLACK_API_URL" envDefault:"https://slack.com/api/"`

	OpenAIAPIKey  string `env:"OPENAI_API_KEY"`
	OpenAIBaseURL string `env:"OPENAI_BASE_URL"`
	OpenAIModel   string `env:"OPENAI_MODEL" envDefault:"gpt-4o-mini"`

	RedisURL string `env:"REDIS_URL"`
	// RedisPrefix starts every key ghosted writes, so several deployments
	// (or tests) can share one Redis database.
	RedisPrefix string        `env:"REDIS_PREFIX" envDefault:"ghosted"`
	Retention   time.Duration `env:"GHOSTED_RETENTION" envDefault:"4320h"`

	HTTPAddr string `env:"HTTP_ADDR" envDefault:":8080"`
	LogLevel string `env:"LOG_LEVEL" envDefault:"info"`

	DraftTimeout        time.Duration `env:"GHOSTED_DRAFT_TIMEOUT" envDefault:"60s"`
	Workers             int           `env:"GHOSTED_WORKERS" envDefault:"16"`
	MaxConcurrentDrafts int           `env:"GHOSTED_MAX_CONCURRENT_DRAFTS" envDefault:"2"`
	MaxDraftsPerDay     int           `env:"GHOSTED_MAX_DRAFTS_PER_DAY" envDefault:"50"`
	// ReadTimeout bounds one LLM reading of a story or a typed answer; 0
	// turns the LLM reading off (the keyword reader alone).
	ReadTimeout time.Duration `env:"GHOSTED_READ_TIMEOUT" envDefault:"8s"`
	// ShutdownTimeout bounds how long serve finishes the drafts in hand
	// after SIGTERM. Keep it under the orchestrator's grace period
	// (Kubernetes terminationGracePeriodSeconds, Compose stop_grace_period)
	// by 10 s or more: jobs still running then get 5 s to stop.
	ShutdownTimeout time.Duration `env:"GHOSTED_SHUTDOWN_TIMEOUT" envDefault:"25s"`
}

// loadConfig parses the environment given as a map (tests pass their own)
// and validates it. Errors name the variable and never echo a secret.
func loadConfig(environ map[string]string) (Config, error) {
	var c Config
	if err := env.ParseWithOptions(&c, env.Options{Environment: environ}); err != nil {
		return c, explainEnvError(err)
	}
	return c, c.validate()
}

func (c Config) validate() error {
	var errs []error
	if _, err := parseLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	if err := checkURL("SLACK_API_URL", c.SlackAPIURL); err != nil {
		errs = append(errs, err)
	}
	if c.OpenAIBaseURL != "" {
		if err := checkURL("OPENAI_BASE_URL", c.OpenAIBaseURL); err != nil {
			errs = append(errs, err)
		}
	}
	if c.RedisURL != "" {
		u, err := url.Parse(c.RedisURL)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix") {
			// Never echo the value: it may hold a password.
			errs = append(errs, errors.New("REDIS_URL must look like redis://[:password@]host:port/db (rediss:// for TLS), "+
				"redis://sentinel:26379/0?master_name=NAME&addr=sentinel-2:26379 for Sentinel, or redis://node-1:6379?addr=node-2:6379 for Redis Cluster"))
		} else if err := redisstore.CheckURL(c.RedisURL); err != nil {
			errs = append(errs, err)
		}
	}
	if err := redisstore.ValidPrefix(c.RedisPrefix); err != nil {
		errs = append(errs, fmt.Errorf("REDIS_PREFIX must be a short name without spaces or * ? [ ] { } (such as ghosted or ghosted-staging): %w", err))
	}
	if c.Retention < time.Hour {
		errs = append(errs, fmt.Errorf("GHOSTED_RETENTION must be at least 1h (got %s)", c.Retention))
	}
	if c.DraftTimeout < time.Second {
		errs = append(errs, fmt.Errorf("GHOSTED_DRAFT_TIMEOUT must be at least 1s (got %s)", c.DraftTimeout))
	}
	if c.ReadTimeout != 0 && (c.ReadTimeout < time.Second || c.ReadTimeout > time.Minute) {
		errs = append(errs, fmt.Errorf("GHOSTED_READ_TIMEOUT must be 0 (no LLM reading) or between 1s and 1m (got %s)", c.ReadTimeout))
	}
	if c.ShutdownTimeout < time.Second {
		errs = append(errs, fmt.Errorf("GHOSTED_SHUTDOWN_TIMEOUT must be at least 1s (got %s)", c.ShutdownTimeout))
	}
	if c.Workers < 1 || c.Workers > 1024 {
		errs = append(errs, fmt.Errorf("GHOSTED_WORKERS must be between 1 and 1024 (got %d)", c.Workers))
	}
	if c.MaxConcurrentDrafts < 1 {
		errs = append(errs, fmt.Errorf("GHOSTED_MAX_CONCURRENT_DRAFTS must be at least 1 (got %d)", c.MaxConcurrentDrafts))
	}
	if c.MaxDraftsPerDay < 1 {
		errs = append(errs, fmt.Errorf("GHOSTED_MAX_DRAFTS_PER_DAY must be at least 1 (got %d)", c.MaxDraftsPerDay))
	}
	return errors.Join(errs...)
}

// validateSlack checks what `serve` needs on top of validate.
func (c Config) validateSlack() error {
	var errs []error
	switch {
	case c.SlackBotToken == "":
		errs = append(errs, errors.New("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page"))
	case !strings.HasPrefix(c.SlackBotToken, "xoxb-"):
		errs = append(errs, errors.New("SLACK_BOT_TOKEN must be a bot token starting with xoxb-"))
	}
	switch {
	case c.SlackAppToken == "":
		errs = append(errs, errors.New("SLACK_APP_TOKEN is not set: create an app-level token with the connections:write scope (Basic Information → App-Level Tokens)"))
	case !strings.HasPrefix(c.SlackAppToken, "xapp-"):
		errs = append(errs, errors.New("SLACK_APP_TOKEN must be an app-level token starting with xapp-"))
	}
	return errors.Join(errs...)
}

// explainEnvError rewrites caarlos0/env's errors, which name Go struct
// fields, to name the environment variable the user has to fix.
func explainEnvError(err error) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return fmt.Errorf("reading the environment: %w", err)
	}
	var errs []error
	for _, e := range agg.Errors {
		var pe env.ParseError
		if errors.As(e, &pe) {
			name := pe.Name
			if f, ok := reflect.TypeFor[Config]().FieldByName(pe.Name); ok {
				name = f.Tag.Get("env")
			}
			what := "a valid value"
			switch pe.Type {
			case reflect.TypeFor[time.Duration]():
				what = "a duration such as 90s, 15m or 4320h"
			case reflect.TypeFor[int]():
				what = "a whole number"
			}
			errs = append(errs, fmt.Errorf("%s must be %s", name, what))
			continue
		}
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}

func checkURL(name, v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s must be an http(s) URL (got %s)", name, describeURL(v))
	}
	return nil
}

// describeURL shows enough of a URL setting to see what is wrong with it,
// and nothing that may be a secret: credentials and query (an API key can
// ride in either) are replaced by a word saying they were there.
func describeURL(v string) string {
	u, err := url.Parse(v)
	if err != nil {
		return "a value that is not a URL"
	}
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme + ":")
	}
	if u.Host != "" || u.User != nil {
		b.WriteString("//")
	}
	if u.User != nil {
		b.WriteString("[credentials hidden]@")
	}
	b.WriteString(u.Host)
	b.WriteString(u.EscapedPath())
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteString("?[query hidden]")
	}
	if u.Fragment != "" {
		b.WriteString("#[fragment hidden]")
	}
	if b.Len() == 0 {
		return "an empty value"
	}
	return strconv.Quote(b.String())
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error (got %q)", s)
	}
	return l, nil
}
