package metrics

import (
	"context"
	"errors"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// Ghosted is every metric the bot exports. A nil *Ghosted is valid and
// records nothing, so code paths and tests that do not care need no setup.
type Ghosted struct {
	Registry *Registry

	Envelopes    *Counter   // by type: events_api, slash_commands, interactive
	AckSeconds   *Histogram // time from reading an envelope to queueing its ack
	SlackErrors  *Counter   // Web API failures, by method and error code
	Slack429s    *Counter   // Web API rate limits, by method
	LLMSeconds   *Histogram // one model call, by outcome: ok, error
	LLMTokens    *Counter   // by kind: prompt, completion
	LLMErrors    *Counter   // failed model calls
	Drafts       *Counter   // drafts shown, by drafter: llm, offline
	LintFailures *Counter   // drafts (first attempts) that failed the lint
	Redrafts     *Counter   // second attempts after a failed lint
	NudgesPosted *Counter   // weekly channel nudges posted
	Reminders    *Counter   // remember-me reminders sent
	Dropped      *Counter   // jobs refused because the work queue was full
	Readings     *Counter   // model readings, by call (story, answer) and outcome (see reading.go)
	ReadTokens   *Counter   // tokens of model readings, by call and kind
}

// New registers ghosted's metrics in a new registry. connected and queued
// feed gauges read at scrape time (the Socket Mode state and the queue).
func New(connected func() bool, queued func() int) *Ghosted {
	r := NewRegistry()
	g := &Ghosted{
		Registry:     r,
		Envelopes:    r.NewCounter("ghosted_slack_envelopes_total", "Socket Mode envelopes received, by type.", "type"),
		AckSeconds:   r.NewHistogram("ghosted_slack_ack_seconds", "Time from reading a Socket Mode envelope to queueing its ack.", []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}),
		SlackErrors:  r.NewCounter("ghosted_slack_api_errors_total", "Slack Web API calls that failed, by method and error.", "method", "error"),
		Slack429s:    r.NewCounter("ghosted_slack_rate_limited_total", "Slack Web API calls answered with 429, by method.", "method"),
		LLMSeconds:   r.NewHistogram("ghosted_llm_request_seconds", "Duration of one drafting model call, by outcome.", []float64{0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120}, "outcome"),
		LLMTokens:    r.NewCounter("ghosted_llm_tokens_total", "Tokens the model reported, by kind.", "kind"),
		LLMErrors:    r.NewCounter("ghosted_llm_errors_total", "Drafting model calls that failed."),
		Drafts:       r.NewCounter("ghosted_drafts_total", "Drafts shown to users, by drafter.", "drafter"),
		LintFailures: r.NewCounter("ghosted_lint_failures_total", "First drafts that failed the guidance lint."),
		Redrafts:     r.NewCounter("ghosted_redrafts_total", "Second attempts asked of the model after a failed lint."),
		NudgesPosted: r.NewCounter("ghosted_nudges_posted_total", "Weekly team nudges posted."),
		Reminders:    r.NewCounter("ghosted_reminders_sent_total", "Remember-me reminders sent to deal owners."),
		Dropped:      r.NewCounter("ghosted_jobs_dropped_total", "Jobs refused because the work queue was full."),
		Readings:     r.NewCounter(readingsName, readingsHelp, "call", "outcome"),
		ReadTokens:   r.NewCounter(readTokensName, readTokensHelp, "call", "kind"),
	}
	if connected != nil {
		r.NewGauge("ghosted_slack_connected", "1 while a Socket Mode connection is open.", func() float64 {
			if connected() {
				return 1
			}
			return 0
		})
	}
	if queued != nil {
		r.NewGauge("ghosted_jobs_queued", "Jobs waiting for a worker.", func() float64 { return float64(queued()) })
	}
	return g
}

// Envelope counts one envelope and its ack latency.
func (g *Ghosted) Envelope(typ string, ack time.Duration) {
	if g == nil {
		return
	}
	g.Envelopes.Inc(typ)
	g.AckSeconds.Observe(ack.Seconds())
}

// Draft counts a draft shown to a user.
func (g *Ghosted) Draft(d coach.Draft) {
	if g == nil {
		return
	}
	kind := "llm"
	if d.Offline {
		kind = "offline"
	}
	g.Drafts.Inc(kind)
	if d.Redrafted {
		g.LintFailures.Inc()
		g.Redrafts.Inc()
	} else if !d.Offline && !d.Lint.Passed() {
		g.LintFailures.Inc()
	}
}

// SlackError counts a failed Web API call.
func (g *Ghosted) SlackError(method, code string, rateLimited bool) {
	if g == nil {
		return
	}
	if rateLimited {
		g.Slack429s.Inc(method)
		return
	}
	g.SlackErrors.Inc(method, code)
}

// InstrumentDrafter wraps an LLM drafter so every model call is timed and
// its tokens and failures counted. The offline drafter is returned as is.
func (g *Ghosted) InstrumentDrafter(d coach.Drafter) coach.Drafter {
	if g == nil || d.Offline() {
		return d
	}
	return instrumented{d, g}
}

type instrumented struct {
	coach.Drafter
	g *Ghosted
}

func (i instrumented) Draft(ctx context.Context, req coach.DraftRequest, onPartial func(string)) (coach.DraftResult, error) {
	start := time.Now()
	res, err := i.Drafter.Draft(ctx, req, onPartial)
	outcome := "ok"
	if err != nil {
		outcome = "error"
		// A user cancelling (or shutting down) is not a model failure.
		if !errors.Is(err, context.Canceled) {
			i.g.LLMErrors.Inc()
		}
	}
	i.g.LLMSeconds.Observe(time.Since(start).Seconds(), outcome)
	i.g.LLMTokens.Add(float64(res.Usage.PromptTokens), "prompt")
	i.g.LLMTokens.Add(float64(res.Usage.CompletionTokens), "completion")
	return res, err
}
