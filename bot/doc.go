// Package bot is ghosted's Slack edge: a Socket Mode client that turns slash
// commands, DMs, thread mentions, modal submissions and button presses into
// coach inputs, and coach effects into Slack messages and Block Kit cards.
//
// The protocol rules it lives by (the Slack facts behind them are in
// docs/slack.md):
// every envelope is answered at once from the read loop, before any Redis,
// LLM or Web API call, and nothing acked is dropped: the work is queued on a
// bounded worker pool first (each person has a share of the queue), or the
// person is told the bot is busy, or the envelope is left unacked for Slack
// to send again. The pool serializes jobs per thread, so two replies in one
// conversation keep their order; and every change to a deal, from any
// thread, button or replica, goes through the store's compare-and-set
// (coach.Store.UpdateDeal), so none undoes another. Each event is handled
// once (deduped on event_id and on channel+ts, never dropped for being a
// retry), and the bot never answers itself or other bots. A message with
// files (file_share) and a reply also sent to the channel (thread_broadcast)
// are people writing, and are read like any message: their words, never
// their files.
//
// The e2e tests (e2e_*_test.go) run the real bot against bot/slacktest,
// the OpenAI drafter against its fake server, and the Redis store (embedded,
// or REDIS_URL); BenchmarkSlashBurst measures a burst of 500 and 5,000
// commands with the bot in a child process.
//
// Files, one job each:
//
//	bot.go        Bot, New, Run: auth.test, socket client, shutdown
//	config.go     Config, Deps, defaults
//	loop.go       the read loop: decode, enqueue (or answer busy), ack
//	ackfirst.go   during a burst of envelopes, work waits for the acks
//	pool.go       the bounded worker pool: per-key order, yield while drafting
//	events.go     Events API events → jobs (filtering, dedupe)
//	slash.go      /ghosted and its subcommands
//	modal.go      the story modal: view, pure validation, story composition
//	actions.go    block_actions: quick replies, draft-card buttons, forget
//	edit.go       the draft card's Edit form and Copy as email; answers to a presser
//	home.go       App Home tab and the first-visit welcome
//	home_render.go the App Home and /ghosted list overview → Block Kit
//	deal_actions.go deal quick actions: share, remind, closed-lost, coach me again
//	nudge.go      /ghosted nudge, the Bot as nudge.Poster, Coach me buttons
//	nudge_render.go the weekly nudge post and reminder DM → Block Kit
//	remind.go     reminder DMs, resuming a deal in a DM thread
//	users.go      users' time zones (users.info, cached)
//	assistant.go  the AI app split view: prompts, statuses, chat titles, checks
//	coaching.go   running coach steps and effects against a Slack thread
//	drafting.go   drafting: a stream that ends with the card, or a status
//	render.go     coach output → Block Kit (golden-tested)
//	slackapi.go   the Web API methods used, paced within Slack's rate
//	              tiers across replicas (bot/pace), 429s waited out
//	memory.go     the storage interface the bot needs, error wrapping
//	limits.go     per-user draft limits
//	text.go       Slack text: unescaping, mentions, limits
//	manifest.go   the Slack app manifest
package bot
