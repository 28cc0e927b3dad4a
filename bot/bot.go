package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/bot/pace"
	"github.com/ghosted-bot/ghosted/coach"
)

// Bot is the Slack bot. Create it with New and start it with Run.
type Bot struct {
	cfg    Config
	log    *slog.Logger
	client *slack.Client // the real client, for the socket
	api    *slackCalls   // what the jobs call: the client, paced
	pacer  *pace.Pacer   // Slack's rate limits, shared by replicas
	acks   *ackFirst     // lets acks go before other work
	mem    memory
	// nudges is nil when weekly channel nudges are not configured.
	nudges  NudgeStore
	zones   zoneCache
	drafter coach.Drafter
	// reads is nil without a model reader (Deps.Reader).
	reads   *readings
	clock   coach.Clock
	limits  *limits
	pool    *pool
	metrics *metrics.Ghosted // nil: not recorded
	// connected is set while a Socket Mode connection is open.
	connected atomic.Bool
	// gate spaces out apps.connections.open; see connectGate.
	gate *connectGate
	// modalSlots bounds the goroutines that open modals outside the pool:
	// a trigger id expires in 3 s, too soon to wait behind other jobs.
	modalSlots chan struct{}
	// noticeSlots bounds the goroutines that tell people the bot is too
	// busy for what they just sent, which must not wait in the full pool.
	noticeSlots chan struct{}
	// drafting holds a token per draft being written, across all users.
	drafting chan struct{}
	// side tracks goroutines outside the pool (modal opens) for shutdown.
	side sync.WaitGroup

	// self is learned from auth.test at the start of Run, before any job
	// runs, and never changes after.
	self identity

	running sync.Mutex // Run is not reentrant
}

// identity is who the bot is in the workspace.
type identity struct {
	UserID  string // U…, the bot user; mentions look like <@UserID>
	BotID   string // B…, set on the bot's own messages
	TeamID  string
	TeamURL string // https://team.slack.com/
}

// New checks the configuration and builds a bot. It makes no network call:
// Run starts with auth.test.
func New(cfg Config, deps Deps) (*Bot, error) {
	cfg, err := cfg.checked()
	if err != nil {
		return nil, err
	}
	if deps.Memory == nil {
		return nil, errors.New("bot: Deps.Memory is required")
	}
	if deps.Drafter == nil {
		deps.Drafter = coach.OfflineDrafter{}
	}
	if deps.Clock == nil {
		deps.Clock = coach.SystemClock{}
	}
	if deps.Nudges == nil {
		deps.Nudges, _ = deps.Memory.(NudgeStore)
	}
	if deps.Pace == nil {
		deps.Pace, _ = deps.Memory.(pace.Limiter)
	}
	log := cfg.Logger.With("component", "bot")
	gate := newConnectGate(cfg.HTTPClient, log)
	client := slack.New(cfg.BotToken,
		slack.OptionAPIURL(cfg.APIURL),
		slack.OptionAppLevelToken(cfg.AppToken),
		// The gate spaces out apps.connections.open when sockets keep
		// dying young; see connectGate.
		slack.OptionHTTPClient(gate),
		slack.OptionLog(slog.NewLogLogger(log.Handler(), slog.LevelDebug)),
	)
	acks := newAckFirst()
	pacer := pace.New(pace.Options{Shared: sharedLimiter(deps), Minute: cfg.RateMinute, Logger: log})
	b := &Bot{
		cfg:         cfg,
		log:         log,
		client:      client,
		gate:        gate,
		pacer:       pacer,
		acks:        acks,
		metrics:     deps.Metrics,
		mem:         memory{deps.Memory},
		nudges:      deps.Nudges,
		drafter:     deps.Metrics.InstrumentDrafter(deps.Drafter),
		clock:       deps.Clock,
		limits:      newLimits(cfg.MaxConcurrentDraftsPerUser, cfg.MaxDraftsPerDayPerUser, deps.Memory, log),
		pool:        newPool(cfg.Workers, cfg.QueueSize, cfg.MaxQueuedPerUser, log),
		modalSlots:  make(chan struct{}, 64),
		noticeSlots: make(chan struct{}, 16),
		drafting:    make(chan struct{}, cfg.MaxConcurrentDraftsTotal),
	}
	b.pool.acks = acks
	b.api = &slackCalls{
		api: client, pacer: pacer, acks: acks, maxWait: cfg.MaxRetryWait, log: log, metrics: deps.Metrics,
		team: func() string { return b.self.TeamID },
		post: poster{http: cfg.HTTPClient, token: cfg.BotToken, apiURL: cfg.APIURL},
		dms:  make(map[string]string),
	}
	if deps.Reader != nil {
		b.reads = newReadings(deps.Reader, cfg.ReadTimeout, cfg.MaxConcurrentDraftsTotal)
	}
	return b, nil
}

// Run connects to Slack and serves until ctx is done. It returns nil on a
// clean shutdown, after the jobs already queued have run (bounded by
// Config.ShutdownTimeout), and an error when Slack refuses a token or cannot
// be reached at the start.
func (b *Bot) Run(ctx context.Context) error {
	if !b.running.TryLock() {
		return errors.New("bot: Run is already running")
	}
	defer b.running.Unlock()

	if err := b.authenticate(ctx); err != nil {
		return err
	}
	b.log.Info("authenticated with Slack", "bot_user", b.self.UserID, "team", b.self.TeamID)

	sm := socketmode.New(b.client,
		socketmode.OptionLog(slog.NewLogLogger(b.log.Handler(), slog.LevelDebug)),
	)

	// Jobs outlive ctx so that shutdown can drain them; they are cancelled
	// only if draining takes longer than ShutdownTimeout.
	jobCtx, cancelJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelJobs()
	b.reads.stopWith(jobCtx)
	b.pool.start(jobCtx)

	// The socket has a context of its own: on shutdown the read loop first
	// answers what slack-go has already read, then closes it (stop).
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	b.side.Go(func() { b.pacer.Run(runCtx, b.self.TeamID, replicaID()) })
	smDone := make(chan error, 1)
	go func() { smDone <- sm.RunContext(runCtx) }()

	// readLoop returns when ctx is done or the socket client gives up.
	loopErr := b.readLoop(ctx, sm, smDone, stop)
	stop()
	b.connected.Store(false)

	drainCtx, cancelDrain := context.WithTimeout(context.Background(), b.cfg.ShutdownTimeout)
	defer cancelDrain()
	if err := b.pool.close(drainCtx); err != nil {
		b.log.Warn("shutdown: jobs still running after the timeout; cancelling them", "timeout", b.cfg.ShutdownTimeout)
		cancelJobs()
		final, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = b.pool.close(final)
		cancel()
	}
	// Modal opens and channel notes: a few seconds at most each. Jobs start
	// the notes, so this waits after the pool is drained.
	b.side.Wait()

	if ctx.Err() != nil {
		b.log.Info("stopped")
		return nil
	}
	return loopErr
}

// Connected reports whether a Socket Mode connection is open, for /readyz
// and the ghosted_slack_connected gauge.
func (b *Bot) Connected() bool { return b.connected.Load() }

// Queued reports how many jobs wait for a worker.
func (b *Bot) Queued() int { return b.pool.pending() }

// TeamID is the id of the workspace the bot is signed in to, learned at
// the start of Run (empty before): the team whose weekly nudges and
// reminders this bot posts, so the nudge.Runner that uses the Bot as its
// Poster is scoped to it.
func (b *Bot) TeamID() string { return b.self.TeamID }

// authenticate calls auth.test to learn the bot's ids, and turns a refused
// token into an error that names the variable to fix.
func (b *Bot) authenticate(ctx context.Context) error {
	actx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	res, err := b.api.AuthTestContext(actx)
	if err != nil {
		if code := slackErrorCode(err); code != "" {
			return fmt.Errorf("SLACK_BOT_TOKEN was rejected by Slack: %s", code)
		}
		return fmt.Errorf("cannot reach Slack at %s (SLACK_API_URL): %w", apiHost(b.cfg.APIURL), withoutUserInfo(err, b.cfg.APIURL))
	}
	if res.UserID == "" {
		return errors.New("SLACK_BOT_TOKEN is not a bot token: auth.test returned no bot user (use the xoxb-… token)")
	}
	b.self = identity{UserID: res.UserID, BotID: res.BotID, TeamID: res.TeamID, TeamURL: res.URL}
	return nil
}

// apiHost is the host of the Web API base, which an error may name: the
// rest of the URL may carry credentials.
func apiHost(apiURL string) string {
	if u, err := url.Parse(apiURL); err == nil && u.Host != "" {
		return u.Host
	}
	return "the configured address"
}

// withoutUserInfo keeps credentials in the Web API base out of an error
// from the HTTP client, which masks a password but repeats a user name
// (and a token is sometimes put there).
func withoutUserInfo(err error, apiURL string) error {
	u, perr := url.Parse(apiURL)
	if perr != nil || u.User == nil {
		return err
	}
	msg := err.Error()
	if name := u.User.Username(); name != "" {
		msg = strings.ReplaceAll(msg, name, "[credentials]")
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		msg = strings.ReplaceAll(msg, pw, "[credentials]")
	}
	return errors.New(msg)
}

// socketError explains why the Socket Mode client gave up.
func (b *Bot) socketError(err error) error {
	if err == nil {
		return errors.New("slack socket closed unexpectedly")
	}
	switch msg := err.Error(); msg {
	case "invalid_auth", "not_authed", "account_inactive", "token_revoked":
		return fmt.Errorf("SLACK_APP_TOKEN was rejected by Slack: %s", msg)
	}
	if se, ok := errors.AsType[slack.StatusCodeError](err); ok && se.Code == 404 {
		return fmt.Errorf("SLACK_APP_TOKEN was rejected by Slack (apps.connections.open answered %d): check the token and that Socket Mode is enabled", se.Code)
	}
	if code := slackErrorCode(err); code != "" {
		return fmt.Errorf("slack socket mode: %s", code)
	}
	return fmt.Errorf("slack socket mode: %w", err)
}

// slackErrorCode returns the error code of a Slack {"ok":false} answer, or ""
// for any other error.
func slackErrorCode(err error) string {
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return se.Err
	}
	return ""
}

// newDealID returns a short random id: deal ids travel in button values and
// block ids, and must never contain ':' or '|'.
func newDealID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "d" + hex.EncodeToString(b[:])
}

// permalink builds a link to a message without a chat.getPermalink call.
func (b *Bot) permalink(channel, ts string) string {
	base := b.self.TeamURL
	if base == "" {
		base = "https://slack.com/"
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + "archives/" + channel + "/p" + strings.Replace(ts, ".", "", 1)
}

// postDM posts msg in the DM between the bot and user, with channel=<user
// id>: Slack posts it in the app's DM with that person and answers with the
// DM's channel id, so no conversations.open is needed. It returns the new
// message as the root of a thread.
func (b *Bot) postDM(ctx context.Context, user string, msg outMessage) (thread, error) {
	ch, ts, err := b.api.postMessage(ctx, user, msg, "")
	if err != nil {
		return thread{}, err
	}
	return thread{Channel: ch, TS: ts}, nil
}

// sharedLimiter is the rate-limit budget the bot shares with other
// replicas: Deps.Pace, unless the store runs inside this process (embedded
// Redis), which no other replica can share; then nil, and the pacer keeps
// the budget in memory.
func sharedLimiter(deps Deps) pace.Limiter {
	if e, ok := deps.Pace.(interface{ Embedded() bool }); ok && e.Embedded() {
		return nil
	}
	return deps.Pace
}

// replicaID names this process among the replicas the pacer counts.
func replicaID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "r" + hex.EncodeToString(b[:])
}
