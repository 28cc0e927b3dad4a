package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/coach/openaidraft"
)

// TestConfigErrorsHideSecrets: a URL setting that is wrong is named and
// described, but no error repeats the credentials in it: not from the
// config check, not from the packages that check again, not from serve.
func TestConfigErrorsHideSecrets(t *testing.T) {
	const key, tok = "sk-live-0123456789abcdef", "xoxb-1111-2222-secretpart"
	secrets := []string{key, tok, "bot:", "%zz"}
	leaks := func(err error) string {
		if err == nil {
			return ""
		}
		for _, s := range secrets {
			if strings.Contains(err.Error(), s) {
				return s
			}
		}
		return ""
	}
	for _, tt := range []struct{ name, value string }{
		{"OPENAI_BASE_URL", "htps://bot:" + key + "@gateway.example/v1"},
		{"OPENAI_BASE_URL", "gateway.example/v1?api_key=" + key},
		{"OPENAI_BASE_URL", "https://bot:" + key + "%zz@gateway.example/v1"},
		{"SLACK_API_URL", "htps://bot:" + tok + "@slack.example/api/"},
		{"SLACK_API_URL", "ftp://" + tok + "@slack.example/api/"},
		{"SLACK_API_URL", "//bot:" + tok + "@slack.example/api/"},
	} {
		_, err := loadConfig(map[string]string{tt.name: tt.value})
		if err == nil || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s=%q: error %v, want it to name the variable", tt.name, tt.value, err)
		}
		if s := leaks(err); s != "" {
			t.Errorf("%s: the error repeats %q: %v", tt.name, s, err)
		}
	}

	_, err := bot.New(bot.Config{BotToken: "xoxb-1", AppToken: "xapp-1", APIURL: "htps://bot:" + tok + "@slack.example/api/"}, bot.Deps{})
	if err == nil || leaks(err) != "" {
		t.Errorf("bot.New: %v", err)
	}
	_, err = openaidraft.New(openaidraft.Config{APIKey: key, BaseURL: "htps://bot:" + key + "@gateway.example/v1"})
	if err == nil || leaks(err) != "" {
		t.Errorf("openaidraft.New: %v", err)
	}
	var stderr strings.Builder
	err = run(context.Background(), []string{"serve"}, map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "HTTP_ADDR": "",
		"OPENAI_API_KEY": key, "OPENAI_BASE_URL": "htps://bot:" + key + "@gateway.example/v1",
	}, strings.NewReader(""), io.Discard, &stderr)
	if err == nil || leaks(err) != "" || strings.Contains(stderr.String(), key) {
		t.Errorf("serve: %v\n%s", err, stderr.String())
	}

	// A well-formed URL with credentials in it, whose server cannot be
	// reached: the error names the host only.
	stderr.Reset()
	err = run(context.Background(), []string{"serve"}, map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "HTTP_ADDR": "",
		"SLACK_API_URL": "http://bot:" + tok + "@127.0.0.1:1/api/",
	}, strings.NewReader(""), io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") || leaks(err) != "" || strings.Contains(stderr.String(), tok) {
		t.Errorf("serve with an unreachable Slack: %v\n%s", err, stderr.String())
	}
}
