// Package nudge is the Slack-free half of ghosted's deal memory: what the
// stored deals say about the team (revive rates by reason and by draft
// style, who needs a touch), the weekly channel nudge (subscription, schedule,
// composition) and the "remember me" reminders, plus a Runner that posts them
// exactly once across replicas.
//
// Everything that decides something is a pure function of deals and a time:
// Summarize, NeedsTouch, Due, NextRun, Compose, DueReminders. The Runner is
// the only part with effects, and it reaches the world through two small
// interfaces: a Store (coach/redisstore implements it) and a Poster (the Slack
// bot implements it). The package imports no Slack or Redis package, so a
// nudge is a neutral struct the bot renders into Block Kit.
//
// Privacy is part of the composition, not of the renderer: a Nudge carries
// counts, owner ids and deal ids for every owner who needs a touch, but a
// deal's prospect and company only when the owner shared that deal
// (coach.Deal.Shared). A renderer cannot leak what it was never given.
package nudge
