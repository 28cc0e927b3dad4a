package main

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/coach/openaidraft"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
)

// Config is every setting ghosted reads, all from the environment. README.md
// and .env.example document each variable; keep the three in step.
//
// It only maps variables to settings: each package checks its own settings
// and fills in its own defaults (bot.Config, redisstore.Options,
// openaidraft.Config), so an unset variable is left zero here. A field that
// feeds bot.Config has the bot field's name, and its variable is that name
// in upper snake case after GHOSTED_ (MaxConcurrentDraftsPerUser,
// GHOSTED_MAX_CONCURRENT_DRAFTS_PER_USER); errors from bot.Config.Validate
// name the variable through that match. The defaults set here are those of
// ghosted's own settings (HTTP_ADDR, LOG_LEVEL).
type Config struct {
	SlackBotToken string `env:"SLACK_BOT_TOKEN"`
	SlackAppToken string `env:"SLACK_APP_TOKEN"`
	SlackAPIURL   string `env:"SLACK_API_URL" bot:"APIURL"`

	OpenAIAPIKey  string `env:"OPENAI_API_KEY"`
	OpenAIBaseURL string `env:"OPENAI_BASE_URL"`
	OpenAIModel   string `env:"OPENAI_MODEL"`
	// LLMTimeout bounds one attempt at the drafting model
	// (openaidraft.Config.Timeout); DraftTimeout bounds the whole draft.
	LLMTimeout time.Duration `env:"GHOSTED_LLM_TIMEOUT"`

	RedisURL string `env:"REDIS_URL"`
	// RedisPrefix starts every key ghosted writes, so several deployments
	// (or tests) can share one Redis database.
	RedisPrefix string        `env:"REDIS_PREFIX"`
	Retention   time.Duration `env:"GHOSTED_RETENTION"`

	HTTPAddr string `env:"HTTP_ADDR" envDefault:":8080"`
	LogLevel string `env:"LOG_LEVEL" envDefault:"info"`

	// The bot's settings (bot.Config), under its field names.
	DraftTimeout               time.Duration `env:"GHOSTED_DRAFT_TIMEOUT"`
	Workers                    int           `env:"GHOSTED_WORKERS"`
	MaxConcurrentDraftsTotal   int           `env:"GHOSTED_MAX_CONCURRENT_DRAFTS_TOTAL"`
	MaxConcurrentDraftsPerUser int           `env:"GHOSTED_MAX_CONCURRENT_DRAFTS_PER_USER"`
	MaxDraftsPerDayPerUser     int           `env:"GHOSTED_MAX_DRAFTS_PER_DAY_PER_USER"`
	// ReadTimeout bounds one LLM reading of a story or a typed answer; 0
	// turns the LLM reading off (the keyword reader alone), unset is the
	// bot's default.
	ReadTimeout *time.Duration `env:"GHOSTED_READ_TIMEOUT"`
	// ShutdownTimeout bounds how long serve finishes the drafts in hand
	// after SIGTERM. Keep it under the orchestrator's grace period
	// (Kubernetes terminationGracePeriodSeconds, Compose stop_grace_period)
	// by 10 s or more: jobs still running then get 5 s to stop.
	ShutdownTimeout time.Duration `env:"GHOSTED_SHUTDOWN_TIMEOUT"`
}

// renamedVars are variables read under an older name too: the new name
// wins when both are set, and the old one is reported by Warnings.
var renamedVars = []struct{ old, new string }{
	// It was always per user; GHOSTED_MAX_CONCURRENT_DRAFTS_TOTAL is the
	// cap across all users.
	{"GHOSTED_MAX_CONCURRENT_DRAFTS", "GHOSTED_MAX_CONCURRENT_DRAFTS_PER_USER"},
	{"GHOSTED_MAX_DRAFTS_PER_DAY", "GHOSTED_MAX_DRAFTS_PER_DAY_PER_USER"},
}

// loadConfig parses the environment given as a map (tests pass their own)
// and validates it. Errors name the variable and never echo a secret. The
// warnings say which old variable names were used.
func loadConfig(environ map[string]string) (Config, error) {
	c, _, err := loadConfigWarn(environ)
	return c, err
}

func loadConfigWarn(environ map[string]string) (Config, []string, error) {
	var c Config
	var warnings []string
	environ = maps.Clone(environ)
	for _, r := range renamedVars {
		v, ok := environ[r.old]
		if !ok {
			continue
		}
		delete(environ, r.old)
		if _, set := environ[r.new]; set {
			warnings = append(warnings, fmt.Sprintf("%s is set, and so is its new name %s: using %s; remove %s", r.old, r.new, r.new, r.old))
			continue
		}
		environ[r.new] = v
		warnings = append(warnings, fmt.Sprintf("%s is now called %s: rename it (the old name still works for now)", r.old, r.new))
	}
	if err := env.ParseWithOptions(&c, env.Options{Environment: environ}); err != nil {
		return c, warnings, explainEnvError(err)
	}
	return c, warnings, c.validate()
}

func (c Config) validate() error {
	var errs []error
	if _, err := parseLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	if err := openaidraft.CheckBaseURL(c.OpenAIBaseURL); err != nil {
		errs = append(errs, fmt.Errorf("OPENAI_BASE_URL %w (got %s)", err, describeURL(c.OpenAIBaseURL)))
	}
	if err := redisstore.CheckURL(c.RedisURL); err != nil {
		errs = append(errs, err)
	}
	if c.RedisPrefix != "" {
		if err := redisstore.ValidPrefix(c.RedisPrefix); err != nil {
			errs = append(errs, fmt.Errorf("REDIS_PREFIX must be a short name without spaces or * ? [ ] { } (such as ghosted or ghosted-staging): %w", err))
		}
	}
	if err := redisstore.CheckRetention(c.Retention); err != nil {
		errs = append(errs, fmt.Errorf("GHOSTED_RETENTION %w", err))
	}
	if c.LLMTimeout < 0 {
		errs = append(errs, fmt.Errorf("GHOSTED_LLM_TIMEOUT must be at least 1s (got %s)", c.LLMTimeout))
	}
	// The bot checks its own settings; its errors name fields, which are
	// named like this Config's.
	bc := botConfig(c, nil)
	if err := bc.Validate(); err != nil {
		errs = append(errs, nameVariables(err))
	}
	if c.LLMTimeout != 0 && c.LLMTimeout >= bc.WithDefaults().DraftTimeout {
		errs = append(errs, fmt.Errorf("GHOSTED_LLM_TIMEOUT (%s) must be shorter than GHOSTED_DRAFT_TIMEOUT (%s), which holds the retries and the redraft too", c.LLMTimeout, bc.WithDefaults().DraftTimeout))
	}
	return errors.Join(errs...)
}

// validateSlack checks what `serve` needs on top of validate.
func (c Config) validateSlack() error {
	return bot.CheckTokens(c.SlackBotToken, c.SlackAppToken)
}

// nameVariables rewrites the bot's *ConfigErrors, which name Config
// fields, to name the environment variables.
func nameVariables(err error) error {
	var out []error
	for _, e := range unjoin(err) {
		var ce *bot.ConfigError
		if errors.As(e, &ce) {
			if name := envName(ce.Field); name != "" {
				problem := ce.Problem
				if ce.Field == "ReadTimeout" { // here 0 turns the reading off
					problem = "must be 0 (no LLM reading) or " + strings.TrimPrefix(problem, "must be ")
				}
				e = fmt.Errorf("%s %s", name, problem)
			}
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// envName is the variable of the Config field named field (or feeding the
// bot field named so, by its bot tag); "" when there is none.
func envName(field string) string {
	typ := reflect.TypeFor[Config]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Name == field || f.Tag.Get("bot") == field {
			name, _, _ := strings.Cut(f.Tag.Get("env"), ",")
			return name
		}
	}
	return ""
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
			if n := envName(pe.Name); n != "" {
				name = n
			}
			what := "a valid value"
			switch pe.Type {
			case reflect.TypeFor[time.Duration](), reflect.TypeFor[*time.Duration]():
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

// readingOff reports whether GHOSTED_READ_TIMEOUT=0 turned the model's
// reading of stories off.
func (c Config) readingOff() bool { return c.ReadTimeout != nil && *c.ReadTimeout == 0 }
