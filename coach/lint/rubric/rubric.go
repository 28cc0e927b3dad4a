// Package rubric is the lint's optional third pass: with an LLM configured,
// it asks the model to read a message against the coaching rubric and
// return the pressure it finds, each as a rule id, a verbatim quote and a
// reason. The answer comes as strict structured output (a json_schema
// response_format), and every quote is checked against the message: a
// finding whose quote is not in the message is dropped, so the rubric can
// add findings but never invent words the rep did not write.
//
// The phrase lint and the tone model stay the first passes: they run
// offline in microseconds and explain themselves. The rubric only adds
// (lint.Report.AddFindings), and a failed call leaves the report as it was.
package rubric

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sashabaranov/go-openai"

	"github.com/ghosted-bot/ghosted/coach/lint"
)

// Defaults for Config fields left zero.
const (
	DefaultModel     = "gpt-4o-mini"
	DefaultBaseURL   = "https://api.openai.com/v1"
	DefaultTimeout   = 20 * time.Second
	defaultMaxTokens = 600
	// maxFindings bounds what one answer may add; more is noise.
	maxFindings = 3
	maxWhy      = 200 // bytes of the model's reason kept in the advice
	maxMessage  = 8 << 10
)

// Config configures a Checker. Only APIKey is required, and only when
// BaseURL is OpenAI's.
type Config struct {
	APIKey  string
	BaseURL string // any OpenAI-compatible server; empty means OpenAI
	Model   string // empty means DefaultModel
	// Timeout bounds one call. Zero means DefaultTimeout.
	Timeout    time.Duration
	HTTPClient *http.Client
}

// Checker asks a model to grade messages against the rubric. It is safe
// for concurrent use.
type Checker struct {
	client  *openai.Client
	model   string
	timeout time.Duration
}

// New checks cfg and returns a Checker. It makes no network call.
func New(cfg Config) (*Checker, error) {
	base := strings.TrimRight(strings.TrimSpace(cfg.BaseURL), "/")
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("rubric: OPENAI_BASE_URL is not an http(s) URL such as https://api.openai.com/v1")
	}
	if cfg.APIKey == "" && base == DefaultBaseURL {
		return nil, errors.New("rubric: OPENAI_API_KEY is empty")
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = base
	if cfg.HTTPClient != nil {
		oc.HTTPClient = cfg.HTTPClient
	}
	c := &Checker{client: openai.NewClientWithConfig(oc), model: strings.TrimSpace(cfg.Model), timeout: cfg.Timeout}
	if c.model == "" {
		c.model = DefaultModel
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	return c, nil
}

// rubricRules are the rules the rubric may report: the moves a model can
// judge from the words alone. Length and the I/you count are the lint's own
// arithmetic.
var rubricRules = []string{
	lint.RulePestering, lint.RuleGuilt, lint.RuleCounting, lint.RulePressure, lint.RuleTracking,
	lint.RuleOverTheirHead, lint.RuleAssumesReason, lint.RuleBreakupSnark, lint.RuleThirdPerson,
	lint.RuleResentLink, lint.RuleSeveralAsks,
}

// system is the rubric, in the project's own words.
const system = `You review a message a salesperson is about to send to a prospect who went quiet. ` +
	`Report only pressure that is really there; an honest message gets an empty list.

Pressure, by rule id:
- pestering: a nudge with nothing new ("any update?", "bumping this", "did you get a chance", "did my email get lost").
- guilt: the seller's effort, time or disappointment held over the reader.
- counting: the unanswered messages or calls counted at the reader.
- pressure: a deadline, scarcity, price rise or cost of waiting the reader did not set; the seller's quota or forecast.
- tracking: telling the reader what they opened, clicked, viewed or downloaded.
- over_their_head: going to, copying or threatening to contact the reader's boss or colleagues to move the deal.
- assumes_reason: deciding for the reader why they went quiet, with no door left open.
- breakup_snark: a sarcastic or cold goodbye ("I'll take the hint").
- third_person: the reader talked about rather than to (notes or a recap about them sent to them).
- resent_link: a link or document sent again with nothing new.
- several_asks: more than one thing asked of the reader.

Not pressure: a step back that stays conditional and leaves the door open; a real feeling of the seller's own; ` +
	`one plain question; useful news or a note with no ask; a date, price or colleague the reader brought up; ` +
	`a follow-up the reader asked for.

For each finding give the rule id, a quote copied character for character from the message (a few words to ` +
	`one sentence), and why in one short sentence. At most three findings.`

// schema is the strict json_schema of an answer.
var schema = json.RawMessage(`{
  "type": "object",
  "properties": {
    "findings": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "rule": {"type": "string", "enum": ` + mustJSON(rubricRules) + `},
          "quote": {"type": "string"},
          "why": {"type": "string"}
        },
        "required": ["rule", "quote", "why"],
        "additionalProperties": false
      }
    }
  },
  "required": ["findings"],
  "additionalProperties": false
}`)

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// answer is the structured reply.
type answer struct {
	Findings []struct {
		Rule  string `json:"rule"`
		Quote string `json:"quote"`
		Why   string `json:"why"`
	} `json:"findings"`
}

// ErrUnusable is wrapped by every error about the model's answer itself
// (a refusal, a reply cut short, JSON that does not parse), as opposed to
// the call failing.
var ErrUnusable = errors.New("rubric: the model's answer is unusable")

// Check asks the model about text and returns the findings it backs with a
// quote found in text, at most three, each of a rule the rubric knows. An error
// means no findings: the caller keeps the lint's own report.
func (c *Checker) Check(ctx context.Context, text string) ([]lint.Finding, error) {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	msg := text
	if len(msg) > maxMessage {
		cut := maxMessage
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut]
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	resp, err := c.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: c.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: system},
			{Role: openai.ChatMessageRoleUser, Content: "The message, between the lines of dashes:\n-----\n" + msg + "\n-----"},
		},
		MaxCompletionTokens: defaultMaxTokens,
		Temperature:         0,
		ResponseFormat: &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: "lint_rubric", Schema: schema, Strict: true,
			},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("rubric: %w", err)
	}
	if len(resp.Choices) == 0 {
		return nil, fmt.Errorf("%w: no choices", ErrUnusable)
	}
	ch := resp.Choices[0]
	switch {
	case ch.Message.Refusal != "":
		return nil, fmt.Errorf("%w: the model refused", ErrUnusable)
	case ch.FinishReason == openai.FinishReasonLength:
		return nil, fmt.Errorf("%w: the answer was cut at the token cap", ErrUnusable)
	}
	var a answer
	if err := json.Unmarshal([]byte(ch.Message.Content), &a); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnusable, err)
	}
	return verify(text, a), nil
}

// verify keeps the findings whose rule is known and whose quote is in the
// text, each once (a quote inside another of the same rule is the same
// finding), at most maxFindings.
func verify(text string, a answer) []lint.Finding {
	var out []lint.Finding
	for _, f := range a.Findings {
		if len(out) == maxFindings {
			break
		}
		known := false
		for _, r := range rubricRules {
			known = known || r == f.Rule
		}
		quote, ok := locate(text, f.Quote)
		if !known || !ok {
			continue
		}
		dup := false
		for _, g := range out {
			dup = dup || g.Rule == f.Rule && (strings.Contains(g.Quote, quote) || strings.Contains(quote, g.Quote))
		}
		if dup {
			continue
		}
		why := strings.Join(strings.Fields(f.Why), " ")
		if len(why) > maxWhy {
			cut := maxWhy
			for cut > 0 && !utf8.RuneStart(why[cut]) {
				cut--
			}
			why = why[:cut] + "…"
		}
		advice := lint.Advice(f.Rule)
		if why != "" {
			advice = "LLM rubric: " + why + " " + advice
		}
		out = append(out, lint.Finding{Rule: f.Rule, Quote: quote, Advice: strings.TrimSpace(advice)})
	}
	return out
}

// locate finds a model's quote in text: as it is, or with the quotation
// marks, ellipses and spaces a model tends to add trimmed from its ends. It
// returns the exact substring of text.
func locate(text, quote string) (string, bool) {
	q := strings.TrimSpace(quote)
	for _, marks := range []string{"", "\"'“”‘’`", "\"'“”‘’`….· "} {
		q = strings.TrimSpace(strings.Trim(q, marks))
		if q != "" && strings.Contains(text, q) {
			return q, true
		}
	}
	return "", false
}

// Review runs the rubric on text and adds what it finds to rep, the lint's
// report of the same text. A finding whose rule the lint already reports is
// left out: the lint's own quote and advice stand. On error it returns rep
// unchanged with the error.
func (c *Checker) Review(ctx context.Context, text string, rep lint.Report) (lint.Report, error) {
	found, err := c.Check(ctx, text)
	if err != nil {
		return rep, err
	}
	var extra []lint.Finding
	for _, f := range found {
		have := false
		for _, g := range rep.Findings {
			have = have || g.Rule == f.Rule
		}
		if !have {
			extra = append(extra, f)
		}
	}
	if len(extra) == 0 {
		return rep, nil
	}
	return rep.AddFindings(extra...), nil
}
