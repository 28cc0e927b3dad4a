// Package slacktest is a fake Slack for end-to-end tests: an httptest Web API
// and a Socket Mode WebSocket, faithful enough that the real slack-go client
// connects to it and works unchanged.
//
// A test starts one with New, points a slack.Client at it and drives it the
// way Slack would:
//
//	fake := slacktest.New(t, slacktest.Options{})
//	api := slack.New(fake.BotToken,
//		slack.OptionAppLevelToken(fake.AppToken),
//		slack.OptionAPIURL(fake.APIURL()))
//	client := socketmode.New(api)
//	go client.RunContext(ctx)
//
//	fake.WaitConnected(ctx, 1)
//	env := fake.SendSlashCommand(slacktest.Slash{User: "U1", Channel: "C1", Text: "Acme went quiet"})
//	ack, err := fake.WaitAck(ctx, env.ID)
//	post, err := fake.WaitCall(ctx, "chat.postMessage", nil)
//
// What it honours, because the bot must cope with it in production (the
// facts are gathered in docs/slack.md):
//
//   - apps.connections.open takes only the app token and returns a fresh
//     one-time WebSocket URL; the socket accepts Origin https://api.slack.com,
//     sends hello first, pings every Options.PingInterval, and caps
//     connections at Options.MaxConnections with too_many_websockets.
//   - Each envelope goes to one open socket; acks are recorded with their
//     latency, and acks of 20 KB or more are dropped like Slack drops them.
//   - Payloads are built from canonical examples in testdata/, shaped like
//     Slack's documentation, so slack-go parses them into its typed structs.
//   - Web API calls accept a form token or a Bearer header, answer HTTP 200
//     {"ok":false,"error":…} on failure, and 429 with Retry-After when a
//     Fault asks for it. Trigger ids are single-use and expire after
//     Options.TriggerTTL; streams refuse appends once stopped.
//   - The AI app surface: AssistantThreadStarted puts the thread's root
//     (subtype assistant_app_thread) in the DM before the event goes out;
//     assistant.threads.setSuggestedPrompts, setTitle and setStatus are
//     checked as Slack checks them (at most 4 prompts, 10 loading
//     messages, a thread that exists) and kept per thread (AssistantThread),
//     and the status clears when the app posts in the thread.
//   - A user's message with Files is a file_share event without "team",
//     as Slack sends it.
//   - With Options.RateLimits, Slack's rate limits: each method's tier per
//     workspace, and chat.postMessage's one message a second per channel
//     under a workspace-wide cap, all counted in a minute that
//     Options.RateMinute can shorten. A call over a limit gets 429 with
//     Retry-After; RateLimited lists those, and OpenStreams the streams
//     never stopped.
//
// Every Web API call and response_url post is recorded as a Call. Tests wait
// on what happened (WaitCall, WaitAck, WaitConnected) instead of sleeping,
// and order a race with Hold: the next call to a method waits at the fake,
// its answer held back, until the test releases it.
package slacktest
