package slacktest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Options configures a Fake. The zero value is ready to use; every empty
// field takes the default named in its comment.
type Options struct {
	BotToken   string // default "xoxb-test"
	AppToken   string // default "xapp-test"
	BotUserID  string // default "UBOT"
	BotID      string // default "BBOT"
	BotName    string // default "ghosted"
	AppID      string // default "A1"
	TeamID     string // default "T1"
	TeamDomain string // default "ghosted-test"

	// PingInterval is how often the fake pings each socket. slack-go
	// reconnects after 30 s without a ping; default 2 s.
	PingInterval time.Duration
	// TriggerTTL is how long a trigger_id stays usable. Default 3 s, like
	// Slack; a test of expired triggers can set it to a nanosecond.
	TriggerTTL time.Duration
	// MaxConnections caps open sockets, like Slack's 10 per app; a socket
	// over the cap gets a too_many_websockets disconnect. Default 10.
	MaxConnections int
	// DisconnectGrace is how long Disconnect waits for the client to close
	// the socket before the fake closes it. Default 1 s.
	DisconnectGrace time.Duration

	// EchoBotMessages makes every chat.postMessage come back over the socket
	// as a message event with bot_id and no subtype, as Slack does for an
	// app subscribed to message.channels or message.im.
	EchoBotMessages bool
	// RateLimits makes the fake enforce Slack's rate limits, per method
	// and workspace (see TierLimit), and chat.postMessage's per channel: a
	// call over a limit is answered HTTP 429 with a Retry-After in whole
	// seconds, as Slack does, and recorded with Call.Throttled set.
	RateLimits bool
	// RateMinute is the window the tiers count calls in: Slack's minute.
	// Default one minute. A test that must meet the limits quickly shortens
	// it (and chat.postMessage's second per channel with it), and gives the
	// bot's pacer the same minute.
	RateMinute time.Duration

	// StreamError, when set, makes every chat.startStream fail with this
	// error code (for example "not_allowed" or "feature_not_enabled"), so a
	// test can drive the bot's chat.update fallback. See also
	// Fake.SetStreamError and Fake.ExpireStreams.
	StreamError string

	// Logf, when set, receives a line per connection event and Web API call.
	// Pass t.Logf to see the traffic in a failing test.
	Logf func(format string, args ...any)
}

func (o *Options) setDefaults() {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&o.BotToken, "xoxb-test")
	def(&o.AppToken, "xapp-test")
	def(&o.BotUserID, "UBOT")
	def(&o.BotID, "BBOT")
	def(&o.BotName, "ghosted")
	def(&o.AppID, "A1")
	def(&o.TeamID, "T1")
	def(&o.TeamDomain, "ghosted-test")
	if o.PingInterval <= 0 {
		o.PingInterval = 2 * time.Second
	}
	if o.TriggerTTL <= 0 {
		o.TriggerTTL = 3 * time.Second
	}
	if o.MaxConnections <= 0 {
		o.MaxConnections = 10
	}
	if o.DisconnectGrace <= 0 {
		o.DisconnectGrace = time.Second
	}
	if o.RateMinute <= 0 {
		o.RateMinute = time.Minute
	}
}

// Fake is a running fake Slack: a Web API server and a Socket Mode server.
// Its methods are safe for concurrent use. The identity fields are set by
// New and must not be changed.
type Fake struct {
	BotToken   string
	AppToken   string
	BotUserID  string
	BotID      string
	BotName    string
	AppID      string
	TeamID     string
	TeamDomain string

	tb   testing.TB
	opts Options

	api *httptest.Server // Web API and response_url, like slack.com
	wss *httptest.Server // Socket Mode, like wss-primary.slack.com

	closeOnce sync.Once
	closed    chan struct{}
	wg        sync.WaitGroup // socket goroutines, which httptest does not track

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change; see notifyLocked
	seq     int64         // shared counter behind every generated id
	tsBase  int64         // unix seconds of the first generated ts

	recording
	faults      map[string][]Fault
	sockets     socketState
	workspace   workspace
	triggers    map[string]*trigger
	views       viewState
	responses   map[string]*responseURL
	assistant   assistantState
	rates       rateState
	streamError string
}

// New starts a fake Slack and registers its shutdown with tb.Cleanup. Start
// the code under test after New, so that its own cleanup runs first.
func New(tb testing.TB, opts Options) *Fake {
	tb.Helper()
	opts.setDefaults()
	f := &Fake{
		BotToken:    opts.BotToken,
		AppToken:    opts.AppToken,
		BotUserID:   opts.BotUserID,
		BotID:       opts.BotID,
		BotName:     opts.BotName,
		AppID:       opts.AppID,
		TeamID:      opts.TeamID,
		TeamDomain:  opts.TeamDomain,
		tb:          tb,
		opts:        opts,
		closed:      make(chan struct{}),
		changed:     make(chan struct{}),
		tsBase:      time.Now().Unix(),
		faults:      map[string][]Fault{},
		triggers:    map[string]*trigger{},
		responses:   map[string]*responseURL{},
		assistant:   assistantState{},
		streamError: opts.StreamError,
	}
	f.recording.init()
	f.sockets.init()
	f.workspace.init()
	f.views.init()
	f.rates.init()
	f.workspace.addUser(User{ID: f.BotUserID, Name: f.BotName, IsBot: true})

	apiMux := http.NewServeMux()
	apiMux.HandleFunc("/api/", f.serveAPI)
	apiMux.HandleFunc("/response/", f.serveResponseURL)
	f.api = httptest.NewServer(apiMux)

	wsMux := http.NewServeMux()
	wsMux.HandleFunc("/link/", f.serveSocket)
	f.wss = httptest.NewServer(wsMux)

	tb.Cleanup(f.Close)
	return f
}

// APIURL is the Web API base to pass to slack.OptionAPIURL. It ends with a
// slash, because slack-go appends the method name to it.
func (f *Fake) APIURL() string { return f.api.URL + "/api/" }

// Close closes every socket and stops both servers. New registers it with
// tb.Cleanup; calling it again does nothing.
func (f *Fake) Close() {
	f.closeOnce.Do(func() {
		f.mu.Lock()
		close(f.closed) // under mu: serveSocket checks it there before wg.Add
		f.mu.Unlock()
		f.closeAllSockets()
		f.wg.Wait()
		f.api.Close()
		f.wss.Close()
	})
}

// NextTS returns a fresh message timestamp, unique and increasing, in Slack's
// "1700000000.000100" form. Use it to give a seeded or sent message a ts you
// know in advance.
func (f *Fake) NextTS() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.nextTSLocked()
}

func (f *Fake) nextTSLocked() string {
	f.seq++
	micros := f.seq * 100
	return fmt.Sprintf("%d.%06d", f.tsBase+micros/1_000_000, micros%1_000_000)
}

// nextIDLocked returns prefix followed by a fresh upper-case hex number,
// shaped like Slack's ids (Ev…, V…).
func (f *Fake) nextIDLocked(prefix string) string {
	f.seq++
	return fmt.Sprintf("%s%08X", prefix, f.seq)
}

// notifyLocked wakes every waiter; see recording.waitFor.
func (f *Fake) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *Fake) logf(format string, args ...any) {
	if f.opts.Logf != nil {
		f.opts.Logf("slacktest: "+format, args...)
	}
}
