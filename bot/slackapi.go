package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/metrics"
)

// webAPI is the part of *slack.Client the bot calls. Tests can fake it in a
// few lines; the e2e tests use the real client against a fake Slack.
type webAPI interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
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

// retrying wraps a webAPI so that a 429 waits out Retry-After and tries
// again (slack-go returns *slack.RateLimitedError and does not retry). A wait
// longer than maxWait, or past the context's deadline, gives up with the
// rate-limit error.
type retrying struct {
	api     webAPI
	maxWait time.Duration
	log     *slog.Logger
	metrics *metrics.Ghosted
}

// maxRateLimitRetries bounds the retries of one call.
const maxRateLimitRetries = 3

// retry runs call until it succeeds, fails with something other than a rate
// limit, or has been limited maxRateLimitRetries times.
func (r retrying) retry(ctx context.Context, method string, call func() error) error {
	for attempt := 0; ; attempt++ {
		err := call()
		if err == nil {
			return nil
		}
		rl, ok := errors.AsType[*slack.RateLimitedError](err)
		r.metrics.SlackError(method, err)
		if !ok || attempt >= maxRateLimitRetries {
			return err
		}
		wait := max(rl.RetryAfter, 100*time.Millisecond)
		if wait > r.maxWait {
			return err
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return err
		}
		r.log.Warn("slack rate limited; waiting", "method", method, "retry_after", rl.RetryAfter, "attempt", attempt+1)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (r retrying) AuthTestContext(ctx context.Context) (res *slack.AuthTestResponse, err error) {
	err = r.retry(ctx, "auth.test", func() error { res, err = r.api.AuthTestContext(ctx); return err })
	return res, err
}

func (r retrying) OpenConversationContext(ctx context.Context, p *slack.OpenConversationParameters) (ch *slack.Channel, noOp, already bool, err error) {
	err = r.retry(ctx, "conversations.open", func() error {
		ch, noOp, already, err = r.api.OpenConversationContext(ctx, p)
		return err
	})
	return ch, noOp, already, err
}

func (r retrying) PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (ch, ts string, err error) {
	err = r.retry(ctx, "chat.postMessage", func() error {
		ch, ts, err = r.api.PostMessageContext(ctx, channelID, options...)
		return err
	})
	return ch, ts, err
}

func (r retrying) PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (ts string, err error) {
	err = r.retry(ctx, "chat.postEphemeral", func() error {
		ts, err = r.api.PostEphemeralContext(ctx, channelID, userID, options...)
		return err
	})
	return ts, err
}

func (r retrying) UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (ch, ts, text string, err error) {
	err = r.retry(ctx, "chat.update", func() error {
		ch, ts, text, err = r.api.UpdateMessageContext(ctx, channelID, timestamp, options...)
		return err
	})
	return ch, ts, text, err
}

func (r retrying) GetConversationRepliesContext(ctx context.Context, p *slack.GetConversationRepliesParameters) (msgs []slack.Message, more bool, cursor string, err error) {
	err = r.retry(ctx, "conversations.replies", func() error {
		msgs, more, cursor, err = r.api.GetConversationRepliesContext(ctx, p)
		return err
	})
	return msgs, more, cursor, err
}

func (r retrying) GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (u *slack.User, err error) {
	err = r.retry(ctx, "users.info", func() error { u, err = r.api.GetUserInfoContext(ctx, user, options...); return err })
	return u, err
}

// OpenViewContext is not retried: the trigger id expires in 3 seconds, so a
// modal that could not open at once is better reported than retried late.
func (r retrying) OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error) {
	res, err := r.api.OpenViewContext(ctx, triggerID, view)
	r.count("views.open", err)
	return res, err
}

func (r retrying) PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (res *slack.ViewResponse, err error) {
	err = r.retry(ctx, "views.publish", func() error { res, err = r.api.PublishViewContext(ctx, req); return err })
	return res, err
}

// The stream calls are not retried: a stream is a nicety, and on any error
// the draft falls back to a normal message.

func (r retrying) StartStreamContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error) {
	ch, ts, err := r.api.StartStreamContext(ctx, channelID, options...)
	r.count("chat.startStream", err)
	return ch, ts, err
}

func (r retrying) AppendStreamContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, error) {
	ch, ts, err := r.api.AppendStreamContext(ctx, channelID, timestamp, options...)
	r.count("chat.appendStream", err)
	return ch, ts, err
}

func (r retrying) StopStreamContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, error) {
	ch, ts, err := r.api.StopStreamContext(ctx, channelID, timestamp, options...)
	r.count("chat.stopStream", err)
	return ch, ts, err
}

// The assistant.threads calls are not retried either: a status, a title or
// suggested prompts that come late are worse than none, and the person can
// type all the same.

func (r retrying) SetAssistantThreadsStatusContext(ctx context.Context, params slack.AssistantThreadsSetStatusParameters) error {
	err := r.api.SetAssistantThreadsStatusContext(ctx, params)
	r.count("assistant.threads.setStatus", err)
	return err
}

func (r retrying) SetAssistantThreadsTitleContext(ctx context.Context, params slack.AssistantThreadsSetTitleParameters) error {
	err := r.api.SetAssistantThreadsTitleContext(ctx, params)
	r.count("assistant.threads.setTitle", err)
	return err
}

func (r retrying) SetAssistantThreadsSuggestedPromptsContext(ctx context.Context, params slack.AssistantThreadsSetSuggestedPromptsParameters) error {
	err := r.api.SetAssistantThreadsSuggestedPromptsContext(ctx, params)
	r.count("assistant.threads.setSuggestedPrompts", err)
	return err
}

// count records a failed call that is not retried.
func (r retrying) count(method string, err error) {
	r.metrics.SlackError(method, err)
}

// respond posts msg to a slash command's or a button's response_url, with the
// bot's HTTP client (slack-go's PostWebhook uses one without a timeout).
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
