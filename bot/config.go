package bot

import (
	"errors"
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

// Config is the bot's settings. Zero values mean the defaults below.
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

	// MaxConcurrentDrafts bounds the drafts being written at once across all
	// users (default 64). A draft waiting on the model does not hold a
	// worker, so this, not Workers, is what bounds the model's load.
	MaxConcurrentDrafts int
	// MaxConcurrentDraftsPerUser bounds a user's drafts in flight (default 2).
	MaxConcurrentDraftsPerUser int
	// MaxDraftsPerDayPerUser bounds a user's drafts per UTC day (default 50).
	MaxDraftsPerDayPerUser int
	// DraftTimeout bounds one draft, redraft included (default 90s).
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

func (c Config) withDefaults() (Config, error) {
	if strings.TrimSpace(c.BotToken) == "" {
		return c, errors.New("SLACK_BOT_TOKEN is required: the bot user OAuth token (xoxb-…) from the Slack app's OAuth & Permissions page")
	}
	if strings.TrimSpace(c.AppToken) == "" {
		return c, errors.New("SLACK_APP_TOKEN is required: an app-level token (xapp-…) with the connections:write scope, from the Slack app's Basic Information page")
	}
	if strings.HasPrefix(c.BotToken, "xapp-") {
		return c, errors.New("SLACK_BOT_TOKEN holds an app-level token (xapp-…); it needs the bot user OAuth token (xoxb-…)")
	}
	if strings.HasPrefix(c.AppToken, "xoxb-") || strings.HasPrefix(c.AppToken, "xoxp-") {
		return c, errors.New("SLACK_APP_TOKEN holds an OAuth token; it needs the app-level token (xapp-…) with connections:write")
	}
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if !strings.HasPrefix(c.APIURL, "http://") && !strings.HasPrefix(c.APIURL, "https://") {
		// The value is not repeated: it may carry credentials.
		return c, errors.New("SLACK_API_URL is not an http(s) URL such as https://slack.com/api/")
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	if c.Workers <= 0 {
		c.Workers = 16
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 10000
	}
	if c.MaxQueuedPerUser <= 0 {
		c.MaxQueuedPerUser = 32
	}
	if c.MaxConcurrentDrafts <= 0 {
		c.MaxConcurrentDrafts = 64
	}
	if c.MaxConcurrentDraftsPerUser <= 0 {
		c.MaxConcurrentDraftsPerUser = 2
	}
	if c.MaxDraftsPerDayPerUser <= 0 {
		c.MaxDraftsPerDayPerUser = 50
	}
	if c.DraftTimeout <= 0 {
		c.DraftTimeout = defaultDraftTimeout
	}
	if c.ReadTimeout <= 0 {
		c.ReadTimeout = DefaultReadTimeout
	}
	if c.StreamInterval <= 0 {
		c.StreamInterval = 2 * time.Second
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 25 * time.Second
	}
	if c.MaxRetryWait <= 0 {
		c.MaxRetryWait = 30 * time.Second
	}
	if c.RateMinute <= 0 {
		c.RateMinute = time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.HTTPClient == nil {
		c.HTTPClient = defaultHTTPClient(c.Workers + c.MaxConcurrentDrafts)
	}
	return c, nil
}

// JobTimeout is the longest one job may run: its draft's DraftTimeout (the
// default when zero) and a minute for the rest. A store that guards against
// late writes (a forgotten deal's tombstone) must outlast it.
func (c Config) JobTimeout() time.Duration {
	d := c.DraftTimeout
	if d <= 0 {
		d = defaultDraftTimeout
	}
	return d + time.Minute
}

// DefaultReadTimeout is ReadTimeout's default: a model reads a story in a
// few seconds, and only a draft ever waits for it.
const DefaultReadTimeout = 8 * time.Second

// defaultDraftTimeout is DraftTimeout's default.
const defaultDraftTimeout = 90 * time.Second

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
