package slacktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// tokenKind says which token a Web API method accepts.
type tokenKind int

const (
	botToken tokenKind = iota // xoxb: every method the bot calls
	appToken                  // xapp: apps.connections.open
	anyToken                  // either: auth.test
)

// apiMethod is one Web API method the fake implements. handle runs with
// Fake.mu held and returns the fields of a successful answer ("ok" is added)
// or the error to answer.
type apiMethod struct {
	token  tokenKind
	handle func(f *Fake, req *apiRequest) (map[string]any, *apiError)
}

// apiRequest is a decoded Web API call handed to a method.
type apiRequest struct {
	params url.Values
	// after holds effects to run once the answer is written and the lock
	// released, such as echoing a posted message over the socket.
	after []func()
}

// apiError is a Slack error answer: HTTP 200 {"ok":false,"error":code}.
type apiError struct {
	code     string
	messages []string // response_metadata.messages, as Slack adds for invalid_arguments
}

func fail(code string, messages ...string) *apiError {
	return &apiError{code: code, messages: messages}
}

// apiMethods lists every method the fake answers; anything else is
// unknown_method. Handlers live with their kind: chat.go, conversations.go,
// assistant.go, views.go, socket.go.
var apiMethods = map[string]apiMethod{
	"auth.test":                             {anyToken, (*Fake).authTest},
	"apps.connections.open":                 {appToken, (*Fake).appsConnectionsOpen},
	"chat.postMessage":                      {botToken, (*Fake).chatPostMessage},
	"chat.postEphemeral":                    {botToken, (*Fake).chatPostEphemeral},
	"chat.update":                           {botToken, (*Fake).chatUpdate},
	"chat.delete":                           {botToken, (*Fake).chatDelete},
	"chat.startStream":                      {botToken, (*Fake).chatStartStream},
	"chat.appendStream":                     {botToken, (*Fake).chatAppendStream},
	"chat.stopStream":                       {botToken, (*Fake).chatStopStream},
	"conversations.open":                    {botToken, (*Fake).conversationsOpen},
	"conversations.replies":                 {botToken, (*Fake).conversationsReplies},
	"conversations.info":                    {botToken, (*Fake).conversationsInfo},
	"users.info":                            {botToken, (*Fake).usersInfo},
	"reactions.add":                         {botToken, (*Fake).reactionsAdd},
	"assistant.threads.setStatus":           {botToken, (*Fake).assistantThreadsSetStatus},
	"assistant.threads.setTitle":            {botToken, (*Fake).assistantThreadsSetTitle},
	"assistant.threads.setSuggestedPrompts": {botToken, (*Fake).assistantThreadsSetSuggestedPrompts},
	"views.open":                            {botToken, (*Fake).viewsOpen},
	"views.push":                            {botToken, (*Fake).viewsPush},
	"views.update":                          {botToken, (*Fake).viewsUpdate},
	"views.publish":                         {botToken, (*Fake).viewsPublish},
}

// serveAPI answers https://slack.com/api/<method>.
func (f *Fake) serveAPI(w http.ResponseWriter, r *http.Request) {
	call := Call{Method: strings.TrimPrefix(r.URL.Path, "/api/"), URL: f.api.URL + r.URL.RequestURI(), At: time.Now()}
	defer func() { f.recordCall(call) }()

	params, token, isJSON, err := decodeParams(r)
	call.Params, call.Token, call.JSON = params, token, isJSON
	if err != nil {
		code := "invalid_form_data"
		if isJSON {
			code = "invalid_json"
		}
		answerError(w, fail(code, err.Error()), &call)
		return
	}
	m, ok := apiMethods[call.Method]
	if !ok {
		answerError(w, fail("unknown_method"), &call)
		return
	}
	if apiErr := f.checkToken(m.token, token); apiErr != nil {
		answerError(w, apiErr, &call)
		return
	}
	if fault, ok := f.takeFault(call.Method); ok {
		if fault.hold != nil && !f.wait(r, fault.hold) {
			call.Error = "canceled"
			return
		}
		if !f.delay(r, fault.Delay) {
			call.Error = "canceled"
			return
		}
		if writeFault(w, fault, &call) {
			return
		}
	}

	req := &apiRequest{params: params}
	f.mu.Lock()
	if wait, limited := f.rateLimitLocked(call.Method, params, call.At); limited {
		f.mu.Unlock()
		call.Throttled = true
		writeFault(w, Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfterSeconds(wait)}, &call)
		return
	}
	fields, apiErr := m.handle(f, req)
	f.mu.Unlock()
	if apiErr != nil {
		answerError(w, apiErr, &call)
		return
	}
	body := map[string]any{"ok": true}
	for k, v := range fields {
		body[k] = v
	}
	writeJSON(w, http.StatusOK, body, &call)
	for _, effect := range req.after {
		effect()
	}
}

// checkToken mirrors Slack's answers: not_authed without a token,
// not_allowed_token_type for the other of our two tokens, invalid_auth for
// anything else.
func (f *Fake) checkToken(kind tokenKind, token string) *apiError {
	switch {
	case token == "":
		return fail("not_authed")
	case token == f.BotToken && kind != appToken,
		token == f.AppToken && kind != botToken:
		return nil
	case token == f.BotToken || token == f.AppToken:
		return fail("not_allowed_token_type")
	default:
		return fail("invalid_auth")
	}
}

// decodeParams reads a call's arguments from the query, a form body or a
// JSON body, and its token from the Bearer header or the token argument.
func decodeParams(r *http.Request) (params url.Values, token string, isJSON bool, err error) {
	params = url.Values{}
	for k, v := range r.URL.Query() {
		params[k] = v
	}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ctype {
	case "application/json":
		isJSON = true
		body, rerr := io.ReadAll(r.Body)
		if rerr != nil {
			return params, "", true, rerr
		}
		if err := flattenJSON(body, params); err != nil {
			return params, "", true, err
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return params, "", false, err
		}
		for k, v := range r.MultipartForm.Value {
			params[k] = v
		}
	default:
		if err := r.ParseForm(); err != nil {
			return params, "", false, err
		}
		for k, v := range r.PostForm {
			params[k] = v
		}
	}
	// Slack reads a token from a form, never from a JSON body.
	if !isJSON {
		token = params.Get("token")
	}
	params.Del("token")
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		token = bearer
	}
	return params, token, isJSON, nil
}

// flattenJSON copies a JSON object's members into params: strings as they
// are, everything else as raw JSON text. An empty body is an empty object,
// as slack-go sends for apps.connections.open.
func flattenJSON(body []byte, params url.Values) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(body, &members); err != nil {
		return err
	}
	for k, raw := range members {
		var s string
		switch {
		case string(raw) == "null":
			continue
		case len(raw) > 0 && raw[0] == '"':
			if err := json.Unmarshal(raw, &s); err != nil {
				return err
			}
		default:
			s = string(raw)
		}
		params.Set(k, s)
	}
	return nil
}

func answerError(w http.ResponseWriter, e *apiError, call *Call) {
	call.Status, call.Error = http.StatusOK, e.code
	writeJSON(w, http.StatusOK, errorBody(e.code, e.messages), call)
}

func errorBody(code string, messages []string) map[string]any {
	body := map[string]any{"ok": false, "error": code}
	if len(messages) > 0 {
		body["response_metadata"] = map[string]any{"messages": messages}
	}
	return body
}

func writeJSON(w http.ResponseWriter, status int, body any, call *Call) {
	b, err := json.Marshal(body)
	if err != nil {
		// Only the fake's own values reach here; a failure is a bug in it.
		panic(errors.Join(errors.New("slacktest: encoding an answer"), err))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	call.Status = status
	call.Response = b
}

// authTest answers auth.test like Slack does for a bot token.
func (f *Fake) authTest(*apiRequest) (map[string]any, *apiError) {
	return map[string]any{
		"url":                   "https://" + f.TeamDomain + ".slack.com/",
		"team":                  "Ghosted Test",
		"user":                  f.BotName,
		"team_id":               f.TeamID,
		"user_id":               f.BotUserID,
		"bot_id":                f.BotID,
		"is_enterprise_install": false,
	}, nil
}
