// Package metrics is what ghosted exports on /metrics: its own counters and
// histograms, and the Go runtime and process series (go_*, process_*) that
// show its memory, CPU, goroutines and open files in production.
//
// It is built on prometheus/client_golang: the runtime and process
// collectors are a library's job, and the exposition format, content
// negotiation and label escaping are easy to get subtly wrong by hand.
//
// Every label has a fixed set of values chosen in code (an envelope type,
// a Web API method, an error class from ErrorClass, a drafter, an outcome),
// never text from the network, so the number of series is bounded whatever
// happens. The Socket Mode ack path (Envelope) allocates nothing.
package metrics

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// Ghosted is every metric the bot exports, in a registry of its own. A nil
// *Ghosted is valid and records nothing, so code paths and tests that do not
// care need no setup.
type Ghosted struct {
	registry *prometheus.Registry
	names    []string // ghosted's own metrics, in the order declared

	envelopes     *prometheus.CounterVec // type
	envelopeByTyp map[string]prometheus.Counter
	ackSeconds    prometheus.Histogram
	slackErrors   *prometheus.CounterVec   // method, error
	slack429s     *prometheus.CounterVec   // method
	llmSeconds    *prometheus.HistogramVec // outcome
	llmTokens     *prometheus.CounterVec   // kind
	llmErrors     prometheus.Counter
	drafts        *prometheus.CounterVec // drafter
	lintFailures  prometheus.Counter
	redrafts      prometheus.Counter
	nudgesPosted  prometheus.Counter
	remindersSent prometheus.Counter
	jobsDropped   prometheus.Counter
	readings      *prometheus.CounterVec // call, outcome (see reading.go)
	readTokens    *prometheus.CounterVec // call, kind
}

// envelopeTypes are the Socket Mode envelope types Slack sends with an
// envelope id; anything else counts as "other".
var envelopeTypes = []string{"events_api", "slash_commands", "interactive", "other"}

// New registers ghosted's metrics, with the Go and process collectors, in a
// new registry. connected and queued, when not nil, feed gauges read at
// scrape time (the Socket Mode state and the jobs waiting for a worker).
func New(connected func() bool, queued func() int) *Ghosted {
	r := prometheus.NewRegistry()
	var names []string
	f := factory{r, &names}
	g := &Ghosted{
		registry: r,
		envelopes: f.counterVec("ghosted_slack_envelopes_total",
			"Socket Mode envelopes received, by type.", "type"),
		ackSeconds: f.histogram("ghosted_slack_ack_seconds",
			"Time from reading a Socket Mode envelope to queueing its ack.",
			[]float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}),
		slackErrors: f.counterVec("ghosted_slack_api_errors_total",
			"Slack Web API calls that failed, by method and error: a Slack error code, or timeout, conn_reset, conn_refused, dns, tls, http_4xx, http_5xx, canceled, other; paced when the bot's own rate-limit budget gave up on the call before making it.",
			"method", "error"),
		slack429s: f.counterVec("ghosted_slack_rate_limited_total",
			"Slack Web API calls answered with 429, by method.", "method"),
		llmSeconds: f.histogramVec("ghosted_llm_request_seconds",
			"Duration of one drafting model call, by outcome: ok, error.",
			[]float64{0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120}, "outcome"),
		llmTokens: f.counterVec("ghosted_llm_tokens_total",
			"Tokens the model reported, by kind: prompt, completion.", "kind"),
		llmErrors: f.counter("ghosted_llm_errors_total",
			"Drafting model calls that failed (a cancel is not counted)."),
		drafts: f.counterVec("ghosted_drafts_total",
			"Drafts shown to users, by drafter: llm, offline.", "drafter"),
		lintFailures: f.counter("ghosted_lint_failures_total",
			"Model drafts whose first attempt failed the guidance lint."),
		redrafts: f.counter("ghosted_redrafts_total",
			"Second attempts asked of the model after a failed lint."),
		nudgesPosted: f.counter("ghosted_nudges_posted_total",
			"Weekly team nudges posted in channels."),
		remindersSent: f.counter("ghosted_reminders_sent_total",
			"Remember-me reminders sent to deal owners."),
		jobsDropped: f.counter("ghosted_jobs_dropped_total",
			"Requests turned away because the work queue, or the sender's share of it, was full; the sender is told to try again."),
		readings:   f.counterVec(readingsName, readingsHelp, "call", "outcome"),
		readTokens: f.counterVec(readTokensName, readTokensHelp, "call", "kind"),
	}
	g.envelopeByTyp = make(map[string]prometheus.Counter, len(envelopeTypes))
	for _, typ := range envelopeTypes {
		g.envelopeByTyp[typ] = g.envelopes.WithLabelValues(typ)
	}
	// Series that a dashboard divides by or alerts on exist from the start,
	// at zero, so a rate() has something to compare with.
	for _, outcome := range []string{"ok", "error"} {
		g.llmSeconds.WithLabelValues(outcome)
	}
	for _, d := range []string{"llm", "offline"} {
		g.drafts.WithLabelValues(d)
	}
	if connected != nil {
		f.gaugeFunc("ghosted_slack_connected", "1 while a Socket Mode connection is open.", func() float64 {
			if connected() {
				return 1
			}
			return 0
		})
	}
	if queued != nil {
		f.gaugeFunc("ghosted_jobs_queued", "Jobs waiting for a worker.", func() float64 { return float64(queued()) })
	}
	slices.Sort(names)
	g.names = names
	r.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return g
}

// factory registers metrics in one registry, and their names.
type factory struct {
	r     *prometheus.Registry
	names *[]string
}

func (f factory) register(name string, c prometheus.Collector) {
	f.r.MustRegister(c)
	*f.names = append(*f.names, name)
}

func (f factory) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	f.register(name, c)
	return c
}

func (f factory) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	f.register(name, c)
	return c
}

func (f factory) histogram(name, help string, buckets []float64) prometheus.Histogram {
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets})
	f.register(name, h)
	return h
}

func (f factory) histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
	f.register(name, h)
	return h
}

func (f factory) gaugeFunc(name, help string, fn func() float64) {
	f.register(name, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, fn))
}

// Handler serves the metrics for a Prometheus scrape (text or OpenMetrics,
// gzip when asked), counting its own scrapes in promhttp_metric_handler_*.
func (g *Ghosted) Handler() http.Handler {
	return promhttp.InstrumentMetricHandler(g.registry,
		promhttp.HandlerFor(g.registry, promhttp.HandlerOpts{Registry: g.registry}))
}

// Names lists ghosted's own metrics (not the go_* and process_* ones),
// sorted: what a test checks /metrics against.
func (g *Ghosted) Names() []string { return slices.Clone(g.names) }

// Gatherer is the registry, for tests and for exporting through another
// handler.
func (g *Ghosted) Gatherer() prometheus.Gatherer { return g.registry }

// Envelope counts one Socket Mode envelope and its ack latency. It is on
// the ack path and allocates nothing: the children of the four types are
// made up front.
func (g *Ghosted) Envelope(typ string, ack time.Duration) {
	if g == nil {
		return
	}
	c, ok := g.envelopeByTyp[typ]
	if !ok {
		c = g.envelopeByTyp["other"]
	}
	c.Inc()
	g.ackSeconds.Observe(ack.Seconds())
}

// Draft counts a draft shown to a user, and whether the model's first
// attempt failed the lint.
func (g *Ghosted) Draft(d coach.Draft) {
	if g == nil {
		return
	}
	kind := "llm"
	if d.Offline {
		kind = "offline"
	}
	g.drafts.WithLabelValues(kind).Inc()
	if d.Redrafted {
		g.lintFailures.Inc()
		g.redrafts.Inc()
	} else if !d.Offline && !d.Lint.Passed() {
		g.lintFailures.Inc()
	}
}

// SlackError counts a failed Web API call of method (a method name written
// in code, such as "chat.postMessage"): a 429 in
// ghosted_slack_rate_limited_total, anything else in
// ghosted_slack_api_errors_total under its ErrorClass.
func (g *Ghosted) SlackError(method string, err error) {
	if g == nil || err == nil {
		return
	}
	if _, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		g.slack429s.WithLabelValues(method).Inc()
		return
	}
	g.slackErrors.WithLabelValues(method, ErrorClass(err)).Inc()
}

// SlackPaced counts a Web API call of method that the bot gave up on
// before making it, because its pacer would have held it past the longest
// wait the call allows: under ghosted_slack_api_errors_total with
// error="paced", apart from the 429s Slack itself answered.
func (g *Ghosted) SlackPaced(method string) {
	if g == nil {
		return
	}
	g.slackErrors.WithLabelValues(method, ErrPaced).Inc()
}

// JobDropped counts a request turned away because the work queue, or the
// sender's share of it, was full.
func (g *Ghosted) JobDropped() {
	if g == nil {
		return
	}
	g.jobsDropped.Inc()
}

// InstrumentDrafter wraps an LLM drafter so every model call is timed and
// its tokens and failures counted. The offline drafter is returned as is.
func (g *Ghosted) InstrumentDrafter(d coach.Drafter) coach.Drafter {
	if g == nil || d.Offline() {
		return d
	}
	return instrumentedDrafter{d, g}
}

type instrumentedDrafter struct {
	coach.Drafter
	g *Ghosted
}

func (i instrumentedDrafter) Draft(ctx context.Context, req coach.DraftRequest, onPartial func(string)) (coach.DraftResult, error) {
	start := time.Now()
	res, err := i.Drafter.Draft(ctx, req, onPartial)
	outcome := "ok"
	if err != nil {
		outcome = "error"
		// A user cancelling (or shutting down) is not a model failure.
		if !errors.Is(err, context.Canceled) {
			i.g.llmErrors.Inc()
		}
	}
	i.g.llmSeconds.WithLabelValues(outcome).Observe(time.Since(start).Seconds())
	i.g.llmTokens.WithLabelValues("prompt").Add(float64(max(res.Usage.PromptTokens, 0)))
	i.g.llmTokens.WithLabelValues("completion").Add(float64(max(res.Usage.CompletionTokens, 0)))
	return res, err
}

// InstrumentPoster wraps what delivers the scheduler's weekly nudges and
// remember-me reminders, counting each one delivered.
func (g *Ghosted) InstrumentPoster(p nudge.Poster) nudge.Poster {
	if g == nil {
		return p
	}
	return instrumentedPoster{p, g}
}

type instrumentedPoster struct {
	nudge.Poster
	g *Ghosted
}

func (i instrumentedPoster) PostNudge(ctx context.Context, sub nudge.Subscription, n nudge.Nudge) error {
	err := i.Poster.PostNudge(ctx, sub, n)
	if err == nil {
		i.g.nudgesPosted.Inc()
	}
	return err
}

func (i instrumentedPoster) RemindOwner(ctx context.Context, d coach.Deal) error {
	err := i.Poster.RemindOwner(ctx, d)
	if err == nil {
		i.g.remindersSent.Inc()
	}
	return err
}

// Value reads the registry: the sum over the series of the metric name
// whose labels include the given name, value pairs, of a counter's or
// gauge's value, or a histogram's count. It is for tests and checks; a
// metric with no such series reads 0.
func (g *Ghosted) Value(name string, labelPairs ...string) float64 {
	if g == nil {
		return 0
	}
	fams, err := g.registry.Gather()
	if err != nil {
		return 0
	}
	var sum float64
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if !hasLabels(m, labelPairs) {
				continue
			}
			switch {
			case m.Counter != nil:
				sum += m.Counter.GetValue()
			case m.Gauge != nil:
				sum += m.Gauge.GetValue()
			case m.Histogram != nil:
				sum += float64(m.Histogram.GetSampleCount())
			case m.Untyped != nil:
				sum += m.Untyped.GetValue()
			}
		}
	}
	return sum
}

func hasLabels(m *dto.Metric, pairs []string) bool {
	for i := 0; i+1 < len(pairs); i += 2 {
		found := false
		for _, l := range m.GetLabel() {
			if l.GetName() == pairs[i] && l.GetValue() == pairs[i+1] {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
