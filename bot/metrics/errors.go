package metrics

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"syscall"

	"github.com/slack-go/slack"
)

// The values of the error label besides Slack's own codes. A label value
// stays for the life of the process and every one is a new series, so an
// error is reduced to one of a fixed set: raw error text carries addresses
// and ephemeral ports, and forty connection resets would otherwise make
// forty series. The details go to the log, where they belong.
const (
	ErrTimeout     = "timeout"      // a deadline passed: ours, the HTTP client's or the socket's
	ErrConnReset   = "conn_reset"   // the connection broke mid-call (reset, broken pipe, cut short)
	ErrConnRefused = "conn_refused" // nothing listened at the address
	ErrDNS         = "dns"          // the name did not resolve
	ErrTLS         = "tls"          // the TLS handshake or the certificate failed
	ErrHTTP4xx     = "http_4xx"     // an HTTP error status without a Slack error code
	ErrHTTP5xx     = "http_5xx"     // Slack's servers failing (a 5xx page)
	ErrCanceled    = "canceled"     // the caller gave up (shutdown, a user's cancel)
	ErrOther       = "other"        // anything else, a Slack code not in slackCodes included
	// ErrPaced is not an answer from Slack: the bot's own pacer gave up on
	// the call before making it, because the method's budget would have
	// kept it waiting too long (see SlackPaced).
	ErrPaced = "paced"
)

// ErrorClass reduces err to the fixed set of error label values: a Slack
// error code the bot knows (slackCodes), or one of the Err* constants. Nil
// is "".
func ErrorClass(err error) string {
	if err == nil {
		return ""
	}
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		if slackCodes[se.Err] {
			return se.Err
		}
		return ErrOther
	}
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok {
		switch {
		case sc.Code >= 500:
			return ErrHTTP5xx
		case sc.Code >= 400:
			return ErrHTTP4xx
		}
		return ErrOther
	}
	if _, ok := errors.AsType[*slack.RateLimitedError](err); ok {
		return "ratelimited"
	}
	switch {
	case errors.Is(err, context.Canceled):
		return ErrCanceled
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return ErrTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return ErrConnRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return ErrConnReset
	}
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return ErrDNS
	}
	if tlsError(err) {
		return ErrTLS
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return ErrTimeout
	}
	return ErrOther
}

func tlsError(err error) bool {
	if _, ok := errors.AsType[tls.RecordHeaderError](err); ok {
		return true
	}
	if _, ok := errors.AsType[*tls.CertificateVerificationError](err); ok {
		return true
	}
	if _, ok := errors.AsType[x509.UnknownAuthorityError](err); ok {
		return true
	}
	if _, ok := errors.AsType[x509.HostnameError](err); ok {
		return true
	}
	_, ok := errors.AsType[x509.CertificateInvalidError](err)
	return ok
}

// slackCodes are the Slack Web API error codes that become label values as
// they are: the ones Slack documents for the methods the bot calls
// (chat.*, conversations.open/replies, users.info, views.open/publish,
// auth.test, the stream calls) and for every method. A code Slack adds
// later counts as "other" until it is listed here, so no answer from the
// network can grow the label set.
var slackCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range []string{
		// Any method: auth, scopes, arguments, Slack's own trouble.
		"access_denied", "accesslimited", "account_inactive", "deprecated_endpoint",
		"ekm_access_denied", "enterprise_is_restricted", "fatal_error", "internal_error",
		"invalid_arg_name", "invalid_arguments", "invalid_array_arg", "invalid_auth",
		"invalid_charset", "invalid_form_data", "invalid_post_type", "is_bot",
		"method_deprecated", "missing_post_type", "missing_scope", "no_permission",
		"not_allowed_token_type", "not_authed", "org_login_required", "ratelimited",
		"request_timeout", "service_unavailable", "team_access_not_granted",
		"team_added_to_org", "token_expired", "token_revoked", "two_factor_setup_required",
		// Posting, updating and streaming messages.
		"as_user_not_supported", "cannot_reply_to_message", "cant_update_message",
		"channel_not_found", "duplicate_channel_not_found", "duplicate_message_not_found",
		"edit_window_closed", "invalid_blocks", "invalid_blocks_format", "invalid_metadata_format",
		"invalid_metadata_schema", "is_archived", "is_inactive", "markdown_text_conflict",
		"message_limit_exceeded", "message_not_found", "message_not_in_streaming_state",
		"message_not_owned_by_app", "messages_tab_disabled", "metadata_must_be_sent_from_app",
		"metadata_too_large", "msg_blocks_too_long", "msg_too_long", "no_text", "not_in_channel",
		"rate_limited", "restricted_action", "restricted_action_non_threadable_channel",
		"restricted_action_read_only_channel", "restricted_action_thread_only_channel",
		"slack_connect_file_link_sharing_blocked", "too_many_attachments", "too_many_contact_cards",
		"user_not_in_channel",
		// conversations.open, conversations.replies, users.info.
		"invalid_cursor", "invalid_ts_latest", "invalid_ts_oldest", "method_not_supported_for_channel_type",
		"not_enough_users", "thread_not_found", "too_many_users", "user_disabled", "user_not_found",
		"user_not_visible", "users_list_not_supplied",
		// views.open and views.publish.
		"duplicate_external_id", "exchanged_trigger_id", "expired_trigger_id", "hash_conflict",
		"invalid_trigger_id", "not_found", "view_too_large",
	} {
		m[c] = true
	}
	return m
}()
