package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/openaidraft"
)

// newDrafter picks the LLM drafter when one is configured, else the offline
// composer.
func newDrafter(cfg Config, forceOffline bool, logger *slog.Logger) (coach.Drafter, error) {
	if forceOffline || (cfg.OpenAIAPIKey == "" && cfg.OpenAIBaseURL == "") {
		return coach.OfflineDrafter{}, nil
	}
	d, err := openaidraft.New(openaidraft.Config{
		APIKey:  cfg.OpenAIAPIKey,
		BaseURL: cfg.OpenAIBaseURL,
		Model:   cfg.OpenAIModel,
		Timeout: cfg.DraftTimeout,
		Logger:  logger,
	})
	if err != nil {
		return nil, fmt.Errorf("setting up the LLM drafter: %w", err)
	}
	return d, nil
}

func runServe(ctx context.Context, args []string, environ map[string]string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "Runs the Slack bot over Socket Mode. Needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN.", stdout)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	cfg, err := loadConfig(environ)
	if err != nil {
		return err
	}
	if err := cfg.validateSlack(); err != nil {
		return err
	}
	return fmt.Errorf("serve is not built yet")
}

func runManifest(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("manifest", "Prints the Slack app manifest: paste it at api.slack.com/apps → Create New App → From a manifest.", stdout)
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	return fmt.Errorf("manifest is not built yet")
}
