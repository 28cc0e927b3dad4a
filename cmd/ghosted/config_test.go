package main

import (
	"context"
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot"
	"github.com/ghosted-bot/ghosted/coach/openaidraft"
)

// TestConfigErrorsHideSecrets: a URL setting that is wrong is named and
// described, but no error repeats the credentials in it: not from the
// config check, not from the packages that check again, not from serve.
func TestConfigErrorsHideSecrets(t *testing.T) {
	t.Parallel()
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
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "HTTP_ADDR": "127.0.0.1:0",
		"OPENAI_API_KEY": key, "OPENAI_BASE_URL": "htps://bot:" + key + "@gateway.example/v1",
	}, strings.NewReader(""), io.Discard, &stderr)
	if err == nil || leaks(err) != "" || strings.Contains(stderr.String(), key) {
		t.Errorf("serve: %v\n%s", err, stderr.String())
	}

	// A well-formed URL with credentials in it, whose server cannot be
	// reached: the error names the host only.
	stderr.Reset()
	err = run(context.Background(), []string{"serve"}, map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "HTTP_ADDR": "127.0.0.1:0",
		"SLACK_API_URL": "http://bot:" + tok + "@127.0.0.1:1/api/",
	}, strings.NewReader(""), io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") || leaks(err) != "" || strings.Contains(stderr.String(), tok) {
		t.Errorf("serve with an unreachable Slack: %v\n%s", err, stderr.String())
	}
}

// TestConfigNamesMatchTheBot: every GHOSTED_ variable that feeds the bot is
// the bot.Config field's name in upper snake case, so the two cannot drift
// apart again, and each is set through to the bot.
func TestConfigNamesMatchTheBot(t *testing.T) {
	t.Parallel()
	botType := reflect.TypeFor[bot.Config]()
	typ := reflect.TypeFor[Config]()
	fed := 0
	for i := range typ.NumField() {
		f := typ.Field(i)
		if _, ok := botType.FieldByName(f.Name); !ok {
			continue
		}
		fed++
		want := "GHOSTED_" + strings.ToUpper(regexp.MustCompile(`([a-z])([A-Z])`).ReplaceAllString(f.Name, "${1}_${2}"))
		if got := f.Tag.Get("env"); got != want {
			t.Errorf("Config.%s reads %s; the bot's field of that name wants %s", f.Name, got, want)
		}
		if f.Tag.Get("envDefault") != "" {
			t.Errorf("Config.%s has a default of its own; the bot's is the one", f.Name)
		}
	}
	if fed < 6 {
		t.Fatalf("only %d Config fields feed the bot", fed)
	}

	cfg, err := loadConfig(map[string]string{
		"GHOSTED_MAX_CONCURRENT_DRAFTS_TOTAL":    "7",
		"GHOSTED_MAX_CONCURRENT_DRAFTS_PER_USER": "3",
		"GHOSTED_MAX_DRAFTS_PER_DAY_PER_USER":    "9",
		"GHOSTED_DRAFT_TIMEOUT":                  "45s",
		"GHOSTED_READ_TIMEOUT":                   "5s",
	})
	if err != nil {
		t.Fatal(err)
	}
	b := botConfig(cfg, nil)
	if b.MaxConcurrentDraftsTotal != 7 || b.MaxConcurrentDraftsPerUser != 3 || b.MaxDraftsPerDayPerUser != 9 || b.DraftTimeout != 45*time.Second || b.ReadTimeout != 5*time.Second {
		t.Errorf("the bot got %+v", b)
	}
}

// TestConfigOldNamesStillWork: a variable read under its old name still
// sets the setting, with a warning saying the new name; the new name wins
// over the old.
func TestConfigOldNamesStillWork(t *testing.T) {
	t.Parallel()
	cfg, warnings, err := loadConfigWarn(map[string]string{"GHOSTED_MAX_CONCURRENT_DRAFTS": "5", "GHOSTED_MAX_DRAFTS_PER_DAY": "12"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxConcurrentDraftsPerUser != 5 || cfg.MaxDraftsPerDayPerUser != 12 || cfg.MaxConcurrentDraftsTotal != 0 {
		t.Errorf("old names: per user %d, per day %d, total %d", cfg.MaxConcurrentDraftsPerUser, cfg.MaxDraftsPerDayPerUser, cfg.MaxConcurrentDraftsTotal)
	}
	if len(warnings) != 2 || !strings.Contains(strings.Join(warnings, "\n"), "GHOSTED_MAX_CONCURRENT_DRAFTS is now called GHOSTED_MAX_CONCURRENT_DRAFTS_PER_USER") {
		t.Errorf("warnings: %q", warnings)
	}

	cfg, warnings, err = loadConfigWarn(map[string]string{"GHOSTED_MAX_CONCURRENT_DRAFTS": "5", "GHOSTED_MAX_CONCURRENT_DRAFTS_PER_USER": "4"})
	if err != nil || cfg.MaxConcurrentDraftsPerUser != 4 || len(warnings) != 1 {
		t.Errorf("both names: %d %q %v", cfg.MaxConcurrentDraftsPerUser, warnings, err)
	}

	// serve says it in its log.
	var stderr strings.Builder
	err = run(context.Background(), []string{"serve"}, map[string]string{"GHOSTED_MAX_CONCURRENT_DRAFTS": "5", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1",
		"SLACK_API_URL": "http://127.0.0.1:1/api/", "HTTP_ADDR": "127.0.0.1:0"}, strings.NewReader(""), io.Discard, &stderr)
	if !strings.Contains(stderr.String(), "level=WARN msg=\"GHOSTED_MAX_CONCURRENT_DRAFTS is now called") {
		t.Errorf("serve did not warn about the old name (%v):\n%s", err, stderr.String())
	}
}

// TestLLMTimeoutFitsTheDraft: one attempt at the model must be shorter than
// the whole draft, which holds the retries and the redraft; by default it
// leaves room for at least two attempts.
func TestLLMTimeoutFitsTheDraft(t *testing.T) {
	t.Parallel()
	if _, err := loadConfig(map[string]string{"GHOSTED_LLM_TIMEOUT": "30s", "GHOSTED_DRAFT_TIMEOUT": "20s"}); err == nil || !strings.Contains(err.Error(), "GHOSTED_LLM_TIMEOUT") {
		t.Errorf("an attempt longer than the draft: %v", err)
	}
	if _, err := loadConfig(map[string]string{"GHOSTED_LLM_TIMEOUT": "10s", "GHOSTED_DRAFT_TIMEOUT": "30s"}); err != nil {
		t.Errorf("10s attempts in a 30s draft: %v", err)
	}
	if 2*openaidraft.DefaultTimeout >= bot.DefaultDraftTimeout {
		t.Errorf("by default one attempt takes %v of a %v draft: no room for a retry and the redraft", openaidraft.DefaultTimeout, bot.DefaultDraftTimeout)
	}
}
