package bot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/metrics"
	"github.com/ghosted-bot/ghosted/bot/pace"
)

// webAPI is the part of *slack.Client the bot calls. Tests can fake it in a
// few lines; the e2e tests use the real client against a fake Slack.
type webAPI interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	GetConversationRepliesContext(ctx context.Context, params *slack.GetConversationRepliesParameters) ([]slack.Message, bool, string, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	StartStreamContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	AppendStreamContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, error)
	StopStreamContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, error)
	SetAssistantThreadsStatusContext(ctx context.Context, params slack.AssistantThreadsSetStatusParameters) error
	SetAssistantThreadsTitleContext(ctx context.Context, params slack.AssistantThreadsSetTitleParameters) error
	SetAssistantThreadsSuggestedPromptsContext(ctx context.Context, params slack.AssistantThreadsSetSuggestedPromptsParameters) error
}

// slackCalls is the Web API as the jobs call it. Every call first lets the
// read loop's acks go (acks), then waits its turn in the pacer, which keeps
// the workspace inside Slack's tiers across replicas; a 429 that comes
// anyway holds the method's budget for its Retry-After (on every replica)
// and the call is tried again, up to maxRateLimitRetries times. A wait
// longer than maxWait, or past the context's deadline, gives up with a
// *slack.RateLimitedError, as Slack's own 429 would (slack-go returns it
// and does not retry).
//
// Calls that can be skipped (starting a stream, appending to one, a
// progress edit) go through optional instead, which never waits.
type slackCalls struct {
	api     webAPI
	pacer   *pace.Pacer
	acks    *ackFirst // nil: calls do not wait for the read loop
	maxWait time.Duration
	log     *slog.Logger
	metrics *metrics.Ghosted
	// team is the workspace the calls count against: the bot's, learned
	// from auth.test before any job runs.
	team func() string

	// post makes the bot's own chat.postMessage calls (see postMessage).
	post poster

	// dms maps a user id to their DM with the bot, as chat.postMessage's
	// answers to channel=<user id> name it, so that posts into one DM are
	// paced as one channel however they name it.
	dmMu sync.Mutex
	dms  map[string]string
}

// maxRateLimitRetries bounds the 429 retries of one call; chat.stopStream
// is retried for as long as its context allows (see StopStreamContext).
const maxRateLimitRetries = 3

// errSkipped is optional's answer when the budget had no room for the call.
var errSkipped = errors.New("skipped: the rate-limit budget is spent for now")

// call runs fn, a call to method (in channel, which only chat.postMessage
// counts), when the pacer lets it go, and again after a 429, up to retries
// times.
func (s *slackCalls) call(ctx context.Context, method, channel string, retries int, fn func() error) error {
	return s.callWaiting(ctx, method, channel, retries, s.maxWait, fn)
}

// callWaiting is call with maxWait as the longest wait for the budget or a
// Retry-After.
func (s *slackCalls) callWaiting(ctx context.Context, method, channel string, retries int, maxWait time.Duration, fn func() error) error {
	team := s.team()
	channel = s.dmOf(channel)
	for attempt := 0; ; attempt++ {
		s.acks.wait(ctx)
		if err := s.pacer.Wait(ctx, team, method, channel, maxWait); err != nil {
			if we, ok := errors.AsType[*pace.WaitError](err); ok {
				s.log.Warn("slack call over budget; not waiting that long", "method", method, "wait", we.Wait)
				err = &slack.RateLimitedError{RetryAfter: we.Wait}
				s.metrics.SlackPaced(method)
			}
			return err
		}
		err := fn()
		if err == nil {
			return nil
		}
		s.metrics.SlackError(method, err)
		rl, limited := errors.AsType[*slack.RateLimitedError](err)
		if !limited {
			return err
		}
		s.pacer.Limited(ctx, team, method, channel, rl.RetryAfter)
		if attempt >= retries || rl.RetryAfter > maxWait {
			return err
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < rl.RetryAfter {
			return err
		}
		s.log.Warn("slack rate limited; waiting", "method", method, "retry_after", rl.RetryAfter, "attempt", attempt+1)
	}
}

// optional runs fn, a call to method that can be skipped, only if the
// budget lets it go now and still leaves reserve calls for those that must
// happen; else it returns errSkipped. It is not retried: a 429 only holds
// the budget.
func (s *slackCalls) optional(ctx context.Context, method, channel string, reserve int, fn func(api webAPI) error) error {
	team := s.team()
	if !s.pacer.Try(ctx, team, method, s.dmOf(channel), reserve) {
		return errSkipped
	}
	err := fn(s.api)
	if err != nil {
		s.metrics.SlackError(method, err)
		if rl, limited := errors.AsType[*slack.RateLimitedError](err); limited {
			s.pacer.Limited(ctx, team, method, s.dmOf(channel), rl.RetryAfter)
		}
	}
	return err
}

// dmOf returns the DM channel a user id posts to when it is known, else
// channel itself.
func (s *slackCalls) dmOf(channel string) string {
	if !isUserID(channel) {
		return channel
	}
	s.dmMu.Lock()
	defer s.dmMu.Unlock()
	if dm, ok := s.dms[channel]; ok {
		return dm
	}
	return channel
}

// learnDM remembers the DM channel Slack answered for a post to a user id.
func (s *slackCalls) learnDM(user, channel string) {
	if !isUserID(user) || channel == "" || channel == user {
		return
	}
	s.dmMu.Lock()
	defer s.dmMu.Unlock()
	if len(s.dms) >= maxRememberedDMs {
		clear(s.dms) // a cache: losing it costs only a less exact pace
	}
	s.dms[user] = channel
}

// maxRememberedDMs bounds the DM cache.
const maxRememberedDMs = 100_000

// isUserID reports whether a chat.postMessage channel argument is a user
// id, which Slack takes as the app's DM with that user.
func isUserID(channel string) bool {
	return strings.HasPrefix(channel, "U") || strings.HasPrefix(channel, "W")
}

// AuthTestContext is not paced: it runs once, before the workspace is known.
func (s *slackCalls) AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error) {
	res, err := s.api.AuthTestContext(ctx)
	s.metrics.SlackError("auth.test", err)
	return res, err
}

// PostMessageContext posts a message. A channelID that is a user id posts
// in the app's DM with that user, without a conversations.open; the answer
// names the DM channel.
func (s *slackCalls) PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (ch, ts string, err error) {
	err = s.call(ctx, "chat.postMessage", channelID, maxRateLimitRetries, func() error {
		ch, ts, err = s.api.PostMessageContext(ctx, channelID, options...)
		return err
	})
	if err == nil {
		s.learnDM(channelID, ch)
	}
	return ch, ts, err
}

// postMessage posts msg, the bot's own message, in channel (a user id posts
// in the app's DM with them), in the thread threadTS when it is set, paced
// and retried like PostMessageContext. It answers the channel and the ts.
func (s *slackCalls) postMessage(ctx context.Context, channel string, msg outMessage, threadTS string) (ch, ts string, err error) {
	err = s.call(ctx, "chat.postMessage", channel, maxRateLimitRetries, func() error {
		ch, ts, err = s.post.postMessage(ctx, channel, msg, threadTS)
		return err
	})
	if err == nil {
		s.learnDM(channel, ch)
	}
	return ch, ts, err
}

func (s *slackCalls) PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (ts string, err error) {
	err = s.call(ctx, "chat.postEphemeral", channelID, maxRateLimitRetries, func() error {
		ts, err = s.api.PostEphemeralContext(ctx, channelID, userID, options...)
		return err
	})
	return ts, err
}

func (s *slackCalls) UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (ch, ts, text string, err error) {
	err = s.call(ctx, "chat.update", channelID, maxRateLimitRetries, func() error {
		ch, ts, text, err = s.api.UpdateMessageContext(ctx, channelID, timestamp, options...)
		return err
	})
	return ch, ts, text, err
}

func (s *slackCalls) GetConversationRepliesContext(ctx context.Context, p *slack.GetConversationRepliesParameters) (msgs []slack.Message, more bool, cursor string, err error) {
	err = s.call(ctx, "conversations.replies", p.ChannelID, maxRateLimitRetries, func() error {
		msgs, more, cursor, err = s.api.GetConversationRepliesContext(ctx, p)
		return err
	})
	return msgs, more, cursor, err
}

func (s *slackCalls) GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (u *slack.User, err error) {
	err = s.call(ctx, "users.info", "", maxRateLimitRetries, func() error {
		u, err = s.api.GetUserInfoContext(ctx, user, options...)
		return err
	})
	return u, err
}

// openViewWait bounds the wait for views.open's budget: the trigger id
// expires 3 seconds after the click, so a modal that cannot open soon is
// better reported than opened late.
const openViewWait = 1500 * time.Millisecond

// OpenViewContext is not retried, for the same reason.
func (s *slackCalls) OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (res *slack.ViewResponse, err error) {
	ctx, cancel := context.WithTimeout(ctx, openViewWait+time.Second)
	defer cancel()
	if err := s.pacer.Wait(ctx, s.team(), "views.open", "", openViewWait); err != nil {
		if _, ok := errors.AsType[*pace.WaitError](err); ok {
			s.metrics.SlackPaced("views.open")
		}
		return nil, err
	}
	res, err = s.api.OpenViewContext(ctx, triggerID, view)
	if err != nil {
		s.metrics.SlackError("views.open", err)
		if rl, limited := errors.AsType[*slack.RateLimitedError](err); limited {
			s.pacer.Limited(ctx, s.team(), "views.open", "", rl.RetryAfter)
		}
	}
	return res, err
}

func (s *slackCalls) PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (res *slack.ViewResponse, err error) {
	err = s.call(ctx, "views.publish", "", maxRateLimitRetries, func() error {
		res, err = s.api.PublishViewContext(ctx, req)
		return err
	})
	return res, err
}

// maxStopRetries bounds chat.stopStream's 429 retries. A stream left open
// shows as still being written until Slack expires it minutes later, so a
// stop is retried far longer than other calls, and waits as long as its
// context allows: the context (the job's timeout) is the real bound.
const maxStopRetries = 100

func (s *slackCalls) StopStreamContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (ch, ts string, err error) {
	patience := s.maxWait
	if dl, ok := ctx.Deadline(); ok {
		patience = max(patience, time.Until(dl))
	}
	err = s.callWaiting(ctx, "chat.stopStream", channelID, maxStopRetries, patience, func() error {
		ch, ts, err = s.api.StopStreamContext(ctx, channelID, timestamp, options...)
		return err
	})
	return ch, ts, err
}

// The assistant.threads calls can be skipped: a status, a title or
// suggested prompts that come late are worse than none, and the person can
// type all the same. So they go only when the budget has room now, and are
// not retried.

func (s *slackCalls) SetAssistantThreadsStatusContext(ctx context.Context, params slack.AssistantThreadsSetStatusParameters) error {
	return s.optional(ctx, "assistant.threads.setStatus", params.ChannelID, 0, func(api webAPI) error {
		return api.SetAssistantThreadsStatusContext(ctx, params)
	})
}

func (s *slackCalls) SetAssistantThreadsTitleContext(ctx context.Context, params slack.AssistantThreadsSetTitleParameters) error {
	return s.optional(ctx, "assistant.threads.setTitle", params.ChannelID, 0, func(api webAPI) error {
		return api.SetAssistantThreadsTitleContext(ctx, params)
	})
}

func (s *slackCalls) SetAssistantThreadsSuggestedPromptsContext(ctx context.Context, params slack.AssistantThreadsSetSuggestedPromptsParameters) error {
	return s.optional(ctx, "assistant.threads.setSuggestedPrompts", params.ChannelID, 0, func(api webAPI) error {
		return api.SetAssistantThreadsSuggestedPromptsContext(ctx, params)
	})
}

// respond posts msg to a slash command's or a button's response_url, with the
// bot's HTTP client (slack-go's PostWebhook uses one without a timeout).
// response_url posts are not Web API calls and count against no tier.
func respond(ctx context.Context, client *http.Client, responseURL string, msg *slack.WebhookMessage) error {
	return slack.PostWebhookCustomHTTPContext(ctx, responseURL, client, msg)
}

// slackError returns the Slack error code of err ("msg_too_long",
// "invalid_auth"…), or "" when err is not a Slack error response.
func slackError(err error) string {
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return se.Err
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// poster makes chat.postMessage calls with a lean answer. Slack answers a
// post with the whole message echoed back, and slack-go decodes it into
// Block Kit structs (about 200 allocations for a question with its
// buttons), where the bot needs only the channel and the ts: under a burst
// of new conversations that decoding was a fifth of the bot's CPU. The
// request is the form slack-go sends, and the errors are slack-go's types,
// so nothing else can tell the difference (TestPosterAnswersAsSlackGo).
type poster struct {
	http   *http.Client
	token  string
	apiURL string
}

// postAnswer is the part of chat.postMessage's answer the bot reads.
type postAnswer struct {
	OK               bool                   `json:"ok"`
	Error            string                 `json:"error"`
	Channel          string                 `json:"channel"`
	TS               string                 `json:"ts"`
	ResponseMetadata slack.ResponseMetadata `json:"response_metadata"`
}

func (p poster) postMessage(ctx context.Context, channel string, msg outMessage, threadTS string) (string, string, error) {
	form := url.Values{"token": {p.token}, "channel": {channel}, "text": {truncate(msg.Text, maxTextLen)}}
	if len(msg.Blocks) > 0 {
		blocks, err := json.Marshal(msg.Blocks)
		if err != nil {
			return "", "", err
		}
		form.Set("blocks", string(blocks))
	}
	if threadTS != "" {
		form.Set("thread_ts", threadTS)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.apiURL+"chat.postMessage", strings.NewReader(form.Encode()))
	if err != nil {
		return "", "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := p.http.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	// Status codes as slack-go reads them: a 429 with Retry-After is a
	// rate limit, anything else but 200 a StatusCodeError.
	if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") != "" {
		secs, err := strconv.ParseInt(resp.Header.Get("Retry-After"), 10, 64)
		if err != nil {
			return "", "", err
		}
		return "", "", &slack.RateLimitedError{RetryAfter: time.Duration(secs) * time.Second}
	}
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, resp.Body)
		return "", "", slack.StatusCodeError{Code: resp.StatusCode, Status: resp.Status}
	}
	var a postAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		return "", "", err
	}
	if !a.OK {
		return "", "", slack.SlackErrorResponse{Err: a.Error, ResponseMetadata: a.ResponseMetadata}
	}
	return a.Channel, a.TS, nil
}
