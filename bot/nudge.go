package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/nudge"
)

// Weekly channel nudges, the Slack side: "/ghosted nudge here|off|preview",
// the Bot as the nudge.Poster the scheduler posts through, and the nudge's
// "Coach me" buttons. When a nudge is due, composing it and making sure it
// posts once across replicas is coach/nudge's job (nudge.Runner).

// NudgeStore is what weekly nudges need from storage: the scheduler's
// nudge.Store plus the subscriptions "/ghosted nudge" manages.
// coach/redisstore.Store implements it.
type NudgeStore interface {
	nudge.Store
	SaveSubscription(ctx context.Context, sub nudge.Subscription) error
	DeleteSubscription(ctx context.Context, team, channel string) (bool, error)
	// Subscription returns a channel's subscription, or an error wrapping
	// nudge.ErrNoSubscription.
	Subscription(ctx context.Context, team, channel string) (nudge.Subscription, error)
}

// The Bot delivers what the scheduler decides.
var _ nudge.Poster = (*Bot)(nil)

// PostNudge posts the weekly nudge n in sub's channel. nudge.Runner calls it
// once per channel and week. The post waits its turn in chat.postMessage's
// budget for the workspace (see bot/pace), shared with every other post of
// every replica, so a tick over a thousand channels paces itself under
// Slack's cap instead of meeting 429s. Errors wrap slack-go's, so
// nudge.Retryable sees a 429 or a 5xx (the run is then tried again while it
// is due); Slack's own "try again" answers are marked nudge.ErrRetryable.
func (b *Bot) PostNudge(ctx context.Context, sub nudge.Subscription, n nudge.Nudge) error {
	msg := renderNudge(n)
	if _, _, err := b.api.postMessage(ctx, sub.Channel, msg, ""); err != nil {
		if notMember(err) {
			return fmt.Errorf("nudge: chat.postMessage to %s: %w (the bot is no longer in the channel; /invite @ghosted there or /ghosted nudge off)", sub.Channel, err)
		}
		return fmt.Errorf("nudge: chat.postMessage to %s: %w", sub.Channel, retryableSlack(err))
	}
	return nil
}

// retryableSlack marks Slack's own "try again later" answers, which come as
// HTTP 200 with ok:false, as nudge.ErrRetryable. Rate limits and 5xx already
// say so through the Retryable method of slack-go's errors.
func retryableSlack(err error) error {
	switch slackErrorCode(err) {
	case "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited":
		return fmt.Errorf("%w: %w", nudge.ErrRetryable, err)
	}
	return err
}

// notMember reports whether Slack refused a post because the bot is not in
// the channel (a private channel it was never invited to is "not found").
func notMember(err error) bool {
	switch slackErrorCode(err) {
	case "not_in_channel", "channel_not_found":
		return true
	}
	return false
}

// nudgeDMAck answers /ghosted nudge in a DM, where a team nudge makes no sense.
var nudgeDMAck = &slashAck{ResponseType: slack.ResponseTypeEphemeral,
	Text: "Weekly nudges go to a team channel: run `/ghosted nudge here` in the channel that should get them. Your own deals are in `/ghosted list` and in my Home tab."}

// splitNudge splits the text after "nudge" into its verb and the rest.
func splitNudge(arg string) (verb, rest string) {
	verb, rest, _ = strings.Cut(strings.TrimSpace(arg), " ")
	return strings.ToLower(verb), strings.TrimSpace(rest)
}

// nudgeVerb reports whether word is one of "/ghosted nudge"'s verbs.
func nudgeVerb(word string) bool {
	switch word {
	case "", "here", "off", "stop", "preview", "status":
		return true
	}
	return false
}

// isDirect reports whether a slash command was run in a DM or a group DM,
// where a team nudge makes no sense.
func isDirect(cmd slack.SlashCommand) bool {
	return strings.HasPrefix(cmd.ChannelID, "D") || cmd.ChannelName == "directmessage" || strings.HasPrefix(cmd.ChannelName, "mpdm-")
}

// nudgeAckNow answers /ghosted nudge in the read loop when it can without
// I/O: nudges off, a DM, or a schedule that does not parse. nil means the
// command goes to a job.
func (b *Bot) nudgeAckNow(cmd slack.SlashCommand, arg string) *slashAck {
	if b.nudges == nil {
		return nudgeAck
	}
	if isDirect(cmd) {
		return nudgeDMAck
	}
	if verb, rest := splitNudge(arg); verb == "here" {
		// Parsing is pure and quick; the zone only fills in a default, so
		// the user's is not needed to find a mistake.
		if _, err := nudge.ParseSchedule(rest, ""); err != nil {
			return &slashAck{ResponseType: slack.ResponseTypeEphemeral, Text: escape(scheduleProblem(err))}
		}
	}
	return nil
}

// scheduleProblem turns a ParseSchedule error into words for the user.
func scheduleProblem(err error) string {
	msg := strings.TrimPrefix(err.Error(), nudge.ErrSchedule.Error()+": ")
	return "I couldn't read that schedule: " + msg
}

// nudgeCommand runs "/ghosted nudge …" in a channel.
func (b *Bot) nudgeCommand(ctx context.Context, cmd slack.SlashCommand, arg string) {
	verb, rest := splitNudge(arg)
	r := b.newRequest(cmd.TeamID, cmd.UserID, "channel", cmd.ChannelID, "nudge", verb)
	r.responseURL = cmd.ResponseURL
	switch verb {
	case "here":
		b.nudgeHere(ctx, r, cmd, rest)
	case "off", "stop":
		b.nudgeOff(ctx, r, cmd)
	case "preview":
		b.nudgePreview(ctx, r, cmd)
	default:
		b.nudgeStatus(ctx, r, cmd)
	}
}

func (b *Bot) answer(ctx context.Context, cmd slack.SlashCommand, text string) {
	b.respondTo(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, outMessage{Text: text, Blocks: sections(text)})
}

// nudgeHere subscribes the channel. The schedule defaults to Monday 09:00 in
// the invoker's Slack time zone. An announcement in the channel tells the
// team what to expect, and is also how the bot learns it is not a member:
// then the subscription is taken back and the user told to invite it.
func (b *Bot) nudgeHere(ctx context.Context, r request, cmd slack.SlashCommand, text string) {
	log := r.log
	var tzNote string
	tz, err := b.userTZ(ctx, cmd.UserID)
	if err != nil {
		log.Warn("cannot read the user's time zone", "err", slackError(err))
		tzNote = "\n_I couldn't read your Slack time zone, so the default is UTC: add one like `Europe/Berlin` to change it._"
	}
	sub, err := nudge.ParseSchedule(text, tz)
	if err != nil {
		b.answer(ctx, cmd, escape(scheduleProblem(err)))
		return
	}
	now := b.clock.Now()
	sub.Team, sub.Channel, sub.CreatedBy, sub.CreatedAt = cmd.TeamID, cmd.ChannelID, cmd.UserID, now
	_, oldErr := b.nudges.Subscription(ctx, sub.Team, sub.Channel)
	moved := oldErr == nil
	if err := b.nudges.SaveSubscription(ctx, sub); err != nil {
		if errors.Is(err, nudge.ErrSchedule) {
			b.answer(ctx, cmd, escape(scheduleProblem(err)))
			return
		}
		b.tellError(ctx, r, wrapMem("save subscription", err))
		return
	}

	what := "set up a weekly deal check-in here"
	if moved {
		what = "moved this channel's weekly deal check-in"
	}
	announce := fmt.Sprintf(":calendar: %s %s: *%s*. Each week I'll post the team's quiet and revived deals and one tip, and mention whoever has deals that need care. Deal details show only when their owner shares them.",
		mention(cmd.UserID), what, escape(sub.Describe()))
	var warn string
	if _, _, err := b.api.PostMessageContext(ctx, sub.Channel, slack.MsgOptionText(announce, false)); err != nil {
		if notMember(err) || slackErrorCode(err) == "is_archived" {
			if _, derr := b.nudges.DeleteSubscription(ctx, sub.Team, sub.Channel); derr != nil {
				log.Error("cannot take back the subscription of a channel the bot is not in", "err", derr)
			}
			log.Info("nudge refused: the bot cannot post in the channel", "err", slackError(err))
			msg := "I'm not in this channel yet, so I couldn't set up the weekly nudge. Add me with `/invite @ghosted`, then run `/ghosted nudge here` again."
			if slackErrorCode(err) == "is_archived" {
				msg = "This channel is archived, so I can't post a weekly nudge in it."
			}
			b.answer(ctx, cmd, msg)
			return
		}
		log.Warn("cannot announce the nudge in the channel", "err", slackError(err))
		warn = "\n_I couldn't post the announcement in the channel just now; the nudge is set all the same._"
	}
	log.Info("nudge subscribed", "schedule", sub.Describe(), "moved", moved)
	verb := "Weekly nudge set"
	if moved {
		verb = "Weekly nudge moved"
	}
	b.answer(ctx, cmd, fmt.Sprintf("%s: *%s*. Next one: *%s*.\nSee it now with `/ghosted nudge preview`; stop it with `/ghosted nudge off`.%s%s",
		verb, escape(sub.Describe()), nudge.FormatRun(nudge.NextRun(sub, now)), tzNote, warn))
}

// nudgeOff unsubscribes the channel and says so in it.
func (b *Bot) nudgeOff(ctx context.Context, r request, cmd slack.SlashCommand) {
	log := r.log
	existed, err := b.nudges.DeleteSubscription(ctx, cmd.TeamID, cmd.ChannelID)
	if err != nil {
		b.tellError(ctx, r, wrapMem("delete subscription", err))
		return
	}
	if !existed {
		b.answer(ctx, cmd, "There's no weekly nudge in this channel. `/ghosted nudge here` sets one up.")
		return
	}
	log.Info("nudge unsubscribed")
	note := fmt.Sprintf(":wave: %s turned off the weekly deal check-in here.", mention(cmd.UserID))
	if _, _, err := b.api.PostMessageContext(ctx, cmd.ChannelID, slack.MsgOptionText(note, false)); err != nil {
		log.Warn("cannot announce the end of the nudge", "err", slackError(err))
	}
	b.answer(ctx, cmd, "Weekly nudges are off in this channel. `/ghosted nudge here` turns them back on.")
}

// nudgePreview shows the invoker, and only them, the nudge the channel would
// get now, from the same composition the scheduler uses. Nothing is claimed
// or recorded. A channel without a subscription previews the default one.
func (b *Bot) nudgePreview(ctx context.Context, at request, cmd slack.SlashCommand) {
	sub, err := b.nudges.Subscription(ctx, cmd.TeamID, cmd.ChannelID)
	subscribed := err == nil
	if err != nil && !errors.Is(err, nudge.ErrNoSubscription) {
		b.tellError(ctx, at, wrapMem("subscription", err))
		return
	}
	if !subscribed {
		tz, _ := b.userTZ(ctx, cmd.UserID)
		sub, _ = nudge.ParseSchedule("", tz)
		sub.Team, sub.Channel = cmd.TeamID, cmd.ChannelID
	}
	n, err := (&nudge.Runner{Team: sub.Team, Store: b.nudges, Clock: b.clock, Logger: b.log}).Preview(ctx, sub)
	if err != nil {
		b.tellError(ctx, at, wrapMem("preview", err))
		return
	}
	if !subscribed {
		n.Next = time.Time{}
	}
	msg := renderNudge(n)
	if !subscribed {
		msg.Blocks = append([]slack.Block{contextLine("This channel has no weekly nudge yet: `/ghosted nudge here` sets one up (Mondays at 09:00 in your time zone unless you say otherwise).")}, msg.Blocks...)
	}
	b.respondTo(ctx, cmd.ResponseURL, cmd.ChannelID, cmd.UserID, msg)
}

// nudgeStatus answers a bare "/ghosted nudge".
func (b *Bot) nudgeStatus(ctx context.Context, r request, cmd slack.SlashCommand) {
	sub, err := b.nudges.Subscription(ctx, cmd.TeamID, cmd.ChannelID)
	switch {
	case errors.Is(err, nudge.ErrNoSubscription):
		b.answer(ctx, cmd, "There's no weekly nudge in this channel yet. `/ghosted nudge here` sets one up for Mondays at 09:00 in your time zone, or say when: `/ghosted nudge here friday 8am Europe/Berlin`.")
	case err != nil:
		b.tellError(ctx, r, wrapMem("subscription", err))
	default:
		by := ""
		if sub.CreatedBy != "" {
			by = ", set up by " + mention(sub.CreatedBy)
		}
		b.answer(ctx, cmd, fmt.Sprintf("This channel's weekly nudge: *%s*%s. Next one: *%s*.\n`/ghosted nudge preview` shows it now; `/ghosted nudge off` stops it.",
			escape(sub.Describe()), by, nudge.FormatRun(nudge.NextRun(sub, b.clock.Now()))))
	}
}

// onNudgeCoach handles a nudge's "Coach me". An owner's button is theirs
// alone: anyone else gets a private refusal before any lookup. The deal ids
// in its value are loaded as the presser's, so a forged value finds nothing.
// One deal is picked up at once in a DM coaching thread; several are listed
// in a DM, each with its own "Coach me again".
func (b *Bot) onNudgeCoach(ctx context.Context, p press) {
	owner := strings.TrimPrefix(p.action.ActionID, ids.Nudge)
	log := p.log
	if owner != ids.NudgeMine && owner != p.user {
		log.Info("nudge button refused: not the owner's")
		b.whisper(ctx, p, fmt.Sprintf("That button is for %s: only they can open their deals. Yours are in `/ghosted list`, or press *Coach me* next to your own name.", mention(owner)))
		return
	}
	now := b.clock.Now()
	var deals []coach.Deal
	if owner == ids.NudgeMine {
		all, err := b.mem.deals(ctx, p.team, p.user)
		if err != nil {
			b.whisperError(ctx, p, err)
			return
		}
		for _, d := range all {
			if nudge.NeedsTouch(d, now, 0) {
				deals = append(deals, d)
			}
		}
	} else {
		for id := range strings.SplitSeq(p.action.Value, ",") {
			if id == "" {
				continue
			}
			d, err := b.mem.deal(ctx, coach.DealKey{Team: p.team, Owner: p.user, ID: id})
			if errors.Is(err, coach.ErrNotFound) {
				continue
			}
			if err != nil {
				b.whisperError(ctx, p, err)
				return
			}
			if d.Status == coach.StatusQuiet || d.Status == coach.StatusSnoozed {
				deals = append(deals, d)
			}
		}
	}
	switch len(deals) {
	case 0:
		b.whisper(ctx, p, "Nothing of yours needs a touch right now: those deals were revived, closed or forgotten since. Your deals are in `/ghosted list`.")
	case 1:
		if th, ok := b.resumeInDM(ctx, p.request, deals[0]); ok {
			b.whisper(ctx, p, "Let's do it in private: <"+b.permalink(th.Channel, th.TS)+"|open our DM>.")
		}
	default:
		th, err := b.postDM(ctx, p.user, renderPicker(deals, now))
		if err != nil {
			log.Error("cannot post the deal picker", "err", err)
			b.whisper(ctx, p, "I couldn't post in our DM just now. Please try again in a moment.")
			return
		}
		b.whisper(ctx, p, fmt.Sprintf("%d of your deals could use you: <%s|pick one in our DM>.", len(deals), b.permalink(th.Channel, th.TS)))
	}
}

// whisper shows text to the presser only: through the press's response_url
// (see answerPresser), else in the channel of the message they pressed (not
// in a thread: the nudge is a top-level post).
func (b *Bot) whisper(ctx context.Context, p press, text string) {
	if p.responseURL != "" {
		err := respond(ctx, b.cfg.HTTPClient, p.responseURL, &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: text})
		if err == nil {
			return
		}
		b.log.Warn("response_url post failed; trying chat.postEphemeral", "err", err)
	}
	if p.th.Channel == "" {
		return
	}
	if _, err := b.api.PostEphemeralContext(ctx, p.th.Channel, p.user, slack.MsgOptionText(text, false)); err != nil {
		b.log.Warn("chat.postEphemeral failed", "channel", p.th.Channel, "err", err)
	}
}

func (b *Bot) whisperError(ctx context.Context, p press, err error) {
	p.log.Error("request failed", "err", err)
	b.whisper(ctx, p, escape(userMessage(err)))
}

// renderPicker lists the owner's deals that need care, in their DM, each
// with its quick actions.
func renderPicker(deals []coach.Deal, now time.Time) outMessage {
	head := fmt.Sprintf("*These %d deals could use you this week.* Pick one to coach, or set a date to come back to it.", len(deals))
	blocks := sections(head)
	for i, d := range deals {
		if i == maxListRows {
			blocks = append(blocks, contextLine(fmt.Sprintf("…and %d more in `/ghosted list`.", len(deals)-i)))
			break
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(dealRowText(d, now)), nil, nil), dealActions(d, false))
	}
	return outMessage{Text: fmt.Sprintf("%d deals could use you this week", len(deals)), Blocks: blocks}
}
