package bot

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/bot/pace"
	"github.com/ghosted-bot/ghosted/coach"
)

// DefaultAPIURL is Slack's public Web API base.
const DefaultAPIURL = "https://slack.com/api/"

// Config is the bot's settings. Zero values mean the defaults below;
// Validate says which values are out of range, and New refuses them.
// cmd/ghosted fills each field from the environment variable of the same
// name (MaxConcurrentDraftsPerUser from GHOSTED_MAX_CONCURRENT_DRAFTS_PER_USER),
// and leaves the defaults and the checks to this package.
type Config struct {
	// BotToken is the bot user OAuth token (xoxb-…), SLACK_BOT_TOKEN.
	BotToken string
	// AppToken is the app-level token with connections:write (xapp-…),
	// SLACK_APP_TOKEN, used only to open Socket Mode connections.
	AppToken string
	// APIURL is the Web API base every call goes to, apps.connections.open
	// included, so tests can point the bot at a fake Slack.
	APIURL string

	// Workers is how many jobs run at once (default 16).
	Workers int
	// QueueSize bounds the jobs waiting for a worker (default 10,000).
	// Nothing is acked and then dropped: with the queue full, a slash
	// command is answered "busy, try again in a minute" in its ack, a form
	// stays open with that message, and a message or a button press is
	// acked with that answer (a DM or an ephemeral note), or, when even
	// that cannot be sent, left unacked for Slack to deliver again.
	QueueSize int
	// MaxQueuedPerUser is one person's share of the queue (default 32):
	// past it, their next request is answered "busy" while everyone
	// else's are still taken.
	MaxQueuedPerUser int

	// MaxConcurrentDraftsTotal bounds the drafts being written at once
	// across all users (default 64). A draft waiting on the model does not
	// hold a worker, so this, not Workers, is what bounds the model's load.
	MaxConcurrentDraftsTotal int
	// MaxConcurrentDraftsPerUser bounds a user's drafts in flight (default 2).
	MaxConcurrentDraftsPerUser int
	// MaxDraftsPerDayPerUser bounds a user's drafts per UTC day (default 50).
	MaxDraftsPerDayPerUser int
	// DraftTimeout bounds one draft (default DefaultDraftTimeout): every
	// attempt the drafter makes, its retries and the redraft after a lint
	// included. Past it the user gets the offline draft. Give the drafter a
	// shorter timeout of its own per attempt (openaidraft.Config.Timeout),
	// so that a slow first attempt leaves time for another.
	DraftTimeout time.Duration
	// StreamInterval is the least time between two appends of a draft's
	// text to its stream (default 2s), which also wait for 256 new
	// characters: a draft streams in a few appends, so that several
	// drafts at once stay within chat.appendStream's tier.
	StreamInterval time.Duration
	// DisableStreaming makes drafts show through a status message turned
	// into the card (chat.update) instead of chat.startStream.
	DisableStreaming bool
	// ReadTimeout bounds one model reading of a story or a typed answer
	// (default 8s); past it, the deterministic reading stands. Used only
	// with Deps.Reader.
	ReadTimeout time.Duration

	// ShutdownTimeout bounds how long Run waits for queued and running jobs
	// once its context is done (default 25s).
	ShutdownTimeout time.Duration
	// MaxRetryWait is the longest a Web API call waits for its turn in
	// Slack's rate limits, or out a 429's Retry-After, before giving up
	// (default 30s). chat.stopStream waits as long as its job may.
	MaxRetryWait time.Duration
	// RateMinute is the minute Slack's rate tiers are counted in (default
	// one minute). Tests that run the fake Slack's tiers faster shorten
	// both by the same factor.
	RateMinute time.Duration

	// Logger receives structured logs (default slog.Default()). Tokens, story
	// text and drafts are never logged at info level or above.
	Logger *slog.Logger
	// HTTPClient makes every Web API call (default: a client with a 20s
	// timeout; slack-go's own default has none).
	HTTPClient *http.Client
}

// Deps are the collaborators the bot drives.
type Deps struct {
	Memory Memory
	// Drafter writes drafts; coach.OfflineDrafter{} works without an LLM.
	Drafter coach.Drafter
	// Reader, when set, reads each new story (and typed answers the
	// keyword mapper cannot place) with a language model, beside the
	// deterministic reader; see reading.go. Nil reads without a model.
	Reader coach.Reader
	// Clock tells the time (default coach.SystemClock{}).
	Clock coach.Clock
	// Metrics, when set, counts envelopes, ack latency, Web API errors,
	// drafts and dropped jobs. Nil records nothing.
	Metrics *metrics.Ghosted
	// Pace keeps the rate-limit budgets every replica of the workspace
	// takes from (see bot/pace). Nil takes Memory when it implements
	// pace.Limiter (coach/redisstore.Store does). A store embedded in this
	// process is not shared: then, or with neither, the budgets are kept in
	// this process's memory.
	Pace pace.Limiter
	// Nudges keeps the channels' weekly nudge subscriptions, for
	// "/ghosted nudge here|off|preview". Nil takes Memory when it implements
	// NudgeStore (coach/redisstore.Store does); with neither, /ghosted nudge
	// says nudges are not switched on. The scheduler that posts them is a
	// nudge.Runner built by the caller with the Bot as its Poster.
	Nudges NudgeStore
}

// CheckTokens checks the two Slack tokens' shapes, before anything is
// sent to Slack: both set, neither in the other's place. Errors name the
// variables and never repeat a token.
func CheckTokens(botToken, appToken string) error {
	var errs []error
	switch {
	case strings.TrimSpace(botToken) == "":
		errs = append(errs, errors.New("SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page"))
	case strings.HasPrefix(botToken, "xapp-"):
		errs = append(errs, errors.New("SLACK_BOT_TOKEN holds an app-level token (xapp-…); it needs the bot user OAuth token (xoxb-…)"))
	case !strings.HasPrefix(botToken, "xoxb-"):
		errs = append(errs, errors.New("SLACK_BOT_TOKEN must be a bot token starting with xoxb-"))
	}
	switch {
	case strings.TrimSpace(appToken) == "":
		errs = append(errs, errors.New("SLACK_APP_TOKEN is not set: create an app-level token with the connections:write scope (Basic Information → App-Level Tokens)"))
	case strings.HasPrefix(appToken, "xoxb-") || strings.HasPrefix(appToken, "xoxp-"):
		errs = append(errs, errors.New("SLACK_APP_TOKEN holds an OAuth token; it needs the app-level token (xapp-…) with connections:write"))
	case !strings.HasPrefix(appToken, "xapp-"):
		errs = append(errs, errors.New("SLACK_APP_TOKEN must be an app-level token starting with xapp-"))
	}
	return errors.Join(errs...)
}

// A ConfigError is a Config field out of range. Field is the field's name,
// which cmd/ghosted turns into the environment variable's.
type ConfigError struct {
	Field   string
	Problem string // "must be at least 1s (got 0s)"
}

func (e *ConfigError) Error() string { return e.Field + " " + e.Problem }

// Validate reports every field out of range, as *ConfigErrors joined. Zero
// is never out of range: it means the default. Tokens are checked by
// CheckTokens.
func (c Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &ConfigError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if c.APIURL != "" && !strings.HasPrefix(c.APIURL, "http://") && !strings.HasPrefix(c.APIURL, "https://") {
		// The value is not repeated: it may carry credentials.
		bad("APIURL", "must be an http(s) URL such as %s", DefaultAPIURL)
	}
	for _, f := range []struct {
		name  string
		v, hi int
	}{
		{"Workers", c.Workers, 1024},
		{"QueueSize", c.QueueSize, 1_000_000},
		{"MaxQueuedPerUser", c.MaxQueuedPerUser, 1_000_000},
		{"MaxConcurrentDraftsTotal", c.MaxConcurrentDraftsTotal, 10_000},
		{"MaxConcurrentDraftsPerUser", c.MaxConcurrentDraftsPerUser, 10_000},
		{"MaxDraftsPerDayPerUser", c.MaxDraftsPerDayPerUser, 1_000_000},
	} {
		if f.v < 0 || f.v > f.hi {
			bad(f.name, "must be between 1 and %d (got %d)", f.hi, f.v)
		}
	}
	for _, f := range []struct {
		name   string
		v, min time.Duration
	}{
		{"DraftTimeout", c.DraftTimeout, time.Second},
		{"ShutdownTimeout", c.ShutdownTimeout, time.Second},
		{"StreamInterval", c.StreamInterval, 0},
		{"MaxRetryWait", c.MaxRetryWait, 0},
		{"RateMinute", c.RateMinute, 0},
	} {
		if f.v < 0 || f.v != 0 && f.v < f.min {
			bad(f.name, "must be at least %s (got %s)", max(f.min, time.Nanosecond), f.v)
		}
	}
	if c.ReadTimeout < 0 || c.ReadTimeout != 0 && (c.ReadTimeout < time.Second || c.ReadTimeout > time.Minute) {
		bad("ReadTimeout", "must be between 1s and 1m (got %s)", c.ReadTimeout)
	}
	return errors.Join(errs...)
}

// WithDefaults returns c with every zero field set to its default.
func (c Config) WithDefaults() Config {
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	if c.Workers == 0 {
		c.Workers = 16
	}
	if c.QueueSize == 0 {
		c.QueueSize = 10000
	}
	if c.MaxQueuedPerUser == 0 {
		c.MaxQueuedPerUser = 32
	}
	if c.MaxConcurrentDraftsTotal == 0 {
		c.MaxConcurrentDraftsTotal = 64
	}
	if c.MaxConcurrentDraftsPerUser == 0 {
		c.MaxConcurrentDraftsPerUser = 2
	}
	if c.MaxDraftsPerDayPerUser == 0 {
		c.MaxDraftsPerDayPerUser = 50
	}
	if c.DraftTimeout == 0 {
		c.DraftTimeout = DefaultDraftTimeout
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = DefaultReadTimeout
	}
	if c.StreamInterval == 0 {
		c.StreamInterval = 2 * time.Second
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 25 * time.Second
	}
	if c.MaxRetryWait == 0 {
		c.MaxRetryWait = 30 * time.Second
	}
	if c.RateMinute == 0 {
		c.RateMinute = time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.HTTPClient == nil {
		c.HTTPClient = defaultHTTPClient(c.Workers + c.MaxConcurrentDraftsTotal)
	}
	return c
}

// checked is what New runs on: the tokens and fields checked, the
// defaults filled in.
func (c Config) checked() (Config, error) {
	if err := errors.Join(CheckTokens(c.BotToken, c.AppToken), c.Validate()); err != nil {
		return c, err
	}
	return c.WithDefaults(), nil
}

// JobTimeout is the longest one job may run: its draft's DraftTimeout (the
// default when zero) and a minute for the rest. A store that guards against
// late writes (a forgotten deal's tombstone) must outlast it.
func (c Config) JobTimeout() time.Duration {
	return c.WithDefaults().DraftTimeout + time.Minute
}

// DefaultReadTimeout is ReadTimeout's default: a model reads a story in a
// few seconds, and only a draft ever waits for it.
const DefaultReadTimeout = 8 * time.Second

// DefaultDraftTimeout is DraftTimeout's default: room for a slow first
// attempt at the model (openaidraft.DefaultTimeout), a retry and the
// redraft.
const DefaultDraftTimeout = 90 * time.Second

// defaultHTTPClient is the Web API client: a timeout (slack-go's default
// client has none), and enough idle connections kept per host that a busy
// pool reuses them instead of dialing (and TLS-handshaking) anew for most
// calls, which Go's default of two idle connections per host would cause.
func defaultHTTPClient(conns int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(100, conns)
	t.MaxIdleConnsPerHost = max(16, conns)
	t.IdleConnTimeout = 90 * time.Second
	return &http.Client{Timeout: 20 * time.Second, Transport: t}
}
