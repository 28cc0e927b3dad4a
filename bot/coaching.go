package bot

import (
	"context"
	"errors"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/coach"
)

// origin says where a new deal came from and where its coaching goes. Its
// request's thread is the one to coach in when it exists already (a DM
// story, a mention); zero means "open a DM thread with the user" (slash,
// modal). A slash command run outside the bot's DM sets fromChannel and
// the request's responseURL: it gets an ephemeral note that links to the
// DM thread.
type origin struct {
	request
	dm          bool
	fromChannel string
	// chat is set for a story told in a thread the person started: a chat
	// of the split view, which is then named after the deal.
	chat bool
	// files is set when files came with the story; the bot says it read
	// only the text.
	files bool
}

// startDeal opens a coaching conversation from a story. The deal is created
// before anything is posted, so when memory is down the user is told at once
// and nothing half-made is left behind.
func (b *Bot) startDeal(ctx context.Context, o origin, story string) {
	now := b.clock.Now()
	deal, fx := coach.Start(newDealID(), o.team, o.user, story, now)
	o.request = o.about(deal.Key())
	log := o.log

	if err := b.mem.create(ctx, deal); err != nil {
		b.tellError(ctx, o.request, err, story)
		return
	}
	// The model's reading runs beside the first question, never before it.
	b.startReading(ctx, o.request, deal)

	th := o.th
	if th.TS == "" {
		var err error
		if th, err = b.postDM(ctx, o.user, renderDealRoot(deal)); err != nil {
			log.Error("cannot post the coaching thread", "err", err)
			b.respondText(ctx, o.responseURL, "I couldn't start our DM thread just now. Please try again in a moment.")
			return
		}
	}
	// Nobody can reply in the new thread before the first question is
	// posted, but a DM story's thread exists already: hold its key so a
	// quick reply waits for this job.
	release := b.pool.hold(th.key())
	defer release()

	if err := b.mem.bind(ctx, deal.Key(), th); err != nil {
		if errors.Is(err, coach.ErrNotFound) {
			// Forgotten in the moment since it was created.
			b.post(ctx, th, textMessage(goneText(err)))
			return
		}
		b.tellError(ctx, o.in(th), err, "")
		return
	}
	if o.fromChannel != "" && o.fromChannel != th.Channel {
		// The note goes out alongside the first question, not before it:
		// the question is what the user is waiting for.
		b.side.Go(func() { b.noteInChannel(context.WithoutCancel(ctx), o, th) })
	}
	log.Info("deal started", "thread", th.String(), "top_reason", deal.Diagnosis.Top().ID, "truncated", deal.Facts.Truncated)
	if o.chat {
		b.nameChat(ctx, th, dealLabel(deal))
	}
	// What was read goes first, with a way to fix it, in the same message
	// as the first question.
	b.performWith(ctx, o.in(th), &deal, fx, readingLead(deal, o.files))
}

// noteInChannel tells the user, in the channel where they ran /ghosted and
// only to them, that coaching continues in the DM.
func (b *Bot) noteInChannel(ctx context.Context, o origin, th thread) {
	log := o.log
	text := "I'm on it. We'll work on this deal privately in our DM: <" + b.permalink(th.Channel, th.TS) + "|open the thread>."
	if o.responseURL != "" {
		err := respond(ctx, b.cfg.HTTPClient, o.responseURL, &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: text})
		if err == nil {
			return
		}
		log.Warn("response_url post failed; trying chat.postEphemeral", "err", err)
	}
	if _, err := b.api.PostEphemeralContext(ctx, o.fromChannel, o.user, slack.MsgOptionText(text, false)); err != nil {
		log.Warn("cannot post the ephemeral note", "err", err)
	}
}

// startFromThread starts a deal from a channel thread the bot was mentioned
// in: the thread's messages, minus bots', are the story.
func (b *Bot) startFromThread(ctx context.Context, r request, m message) {
	th := r.th
	story, err := b.threadStory(ctx, th, m)
	if err != nil {
		r.log.Error("cannot read the thread", "err", err)
		b.post(ctx, th, textMessage("I couldn't read this thread (am I a member of the channel?). You can also tell me the story with `/ghosted`."))
		return
	}
	// Not shared by default, even here: the thread is public, but weekly
	// nudges go to other channels, and only the owner decides to share.
	b.startDeal(ctx, origin{request: r, files: m.Files}, story)
}

// maxThreadMessages bounds how much of a thread is read as a story; the
// coach keeps only the first few KB anyway.
const maxThreadMessages = 200

// othersLabel marks, in a thread's story, what someone other than the
// person asking for coaching wrote (see coach.OthersLabel).
const othersLabel = coach.OthersLabel

// threadStory reads a thread with conversations.replies and joins what people
// wrote, oldest first, labeling what anyone but m's author wrote.
func (b *Bot) threadStory(ctx context.Context, th thread, m message) (string, error) {
	var (
		parts  []string
		cursor string
		size   int
	)
	for range 5 {
		msgs, more, next, err := b.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: th.Channel, Timestamp: th.TS, Cursor: cursor, Limit: 100,
		})
		if err != nil {
			return "", err
		}
		for _, msg := range msgs {
			if !b.fromPerson(msg.User, msg.BotID, msg.SubType) {
				continue
			}
			t := plainText(msg.Text, b.self.UserID)
			if t == "" {
				continue
			}
			if msg.User != m.User {
				t = othersLabel + t
			}
			parts = append(parts, t)
			size += len(t)
		}
		if !more || next == "" || len(parts) >= maxThreadMessages || size > 2*coach.MaxStoryBytes {
			break
		}
		cursor = next
	}
	if len(parts) == 0 {
		// The mention itself, when the thread could not be read or is empty.
		return plainText(m.Text, b.self.UserID), nil
	}
	return joinLines(parts), nil
}

// reply feeds a free-text reply in a coached thread (r.th) to the
// conversation of r's deal.
func (b *Bot) reply(ctx context.Context, r request, text string) {
	th := r.th
	if body, ok := typedFix(text); ok {
		// "fix name Marcus" typed in the thread corrects what was read.
		c, err := coach.ParseFix(body)
		if err != nil {
			b.post(ctx, th, textMessage(upperFirst(err.Error())+"."))
			return
		}
		b.applyFix(ctx, r, c)
		return
	}
	in := coach.Input{Text: text, Mapped: b.mappedAnswer(ctx, r, text)}
	if err := b.step(ctx, r, in, ""); err != nil {
		b.post(ctx, th, textMessage(goneText(err)))
	}
}

// errAnswered refuses a quick-reply button whose question was answered
// already (the deal moved on while the press was on its way).
var errAnswered = errors.New("that question is already answered")

// step applies one input to r's deal, through the store's compare-and-set, and
// performs the effects of the change that was stored. questionID, when set,
// is the question a quick-reply button belonged to. It tells the owner in
// the thread (r.th) about anything that goes wrong, except a deal that is gone: it
// returns that error (wrapping coach.ErrNotFound) for the caller to answer,
// which knows whether the person is its owner.
func (b *Bot) step(ctx context.Context, r request, in coach.Input, questionID string) error {
	key, th := r.deal, r.th
	now := b.clock.Now()
	deal, fx, err := b.mem.update(ctx, key, func(d *coach.Deal) ([]coach.Effect, error) {
		if questionID != "" && (d.Pending == nil || d.Pending.ID != questionID) {
			return nil, errAnswered
		}
		return coach.StepChange(in, now)(d)
	})
	switch {
	case errors.Is(err, coach.ErrNotFound):
		return err
	case errors.Is(err, errAnswered):
		b.ephemeral(ctx, th, key.Owner, "That question is already answered; reply to the latest one.")
		return nil
	case errors.Is(err, coach.ErrNotNow):
		b.post(ctx, th, textMessage(notNowText(err, deal)))
		return nil
	case err != nil:
		b.tellError(ctx, r, err, "")
		return nil
	}
	b.perform(ctx, r, &deal, fx)
	return nil
}

// goneText tells a deal's owner that it is not there any more.
func goneText(err error) string {
	if errors.Is(err, coach.ErrForgotten) {
		return "You asked me to forget this deal, so I left it deleted. Start a new one any time with `/ghosted`."
	}
	return "I don't have this deal any more (it was forgotten or expired). Start again with `/ghosted`."
}

// pressGoneText answers a press on a deal that is not the presser's: the
// deal is looked up under the presser, so someone else's deal and one its
// owner forgot look alike, except right after a forget.
func pressGoneText(err error) string {
	if errors.Is(err, coach.ErrForgotten) {
		return goneText(err)
	}
	return "Only the person this deal belongs to can use these buttons (or it was forgotten). Start your own with `/ghosted`."
}

// notNowText explains an input that does not fit the conversation.
func notNowText(err error, d coach.Deal) string {
	msg := err.Error()
	if errors.Is(err, coach.ErrNotNow) && msg == coach.ErrNotNow.Error() {
		switch d.Stage {
		case coach.StageDrafted:
			return "This deal already has a draft: use the buttons on the draft card to rework it, or tell me something new about the deal and I'll redraft."
		default:
			return "That doesn't fit where we are. Answer the last question, or say \"skip\" to go straight to the draft."
		}
	}
	return upperFirst(msg) + "."
}

// perform carries out a step's effects in order, in r's thread. Lines of coaching (Say,
// Outcome, Remind) are gathered into one message with the question that
// follows them, to keep the thread short and within Slack's posting rate.
func (b *Bot) perform(ctx context.Context, r request, deal *coach.Deal, fx []coach.Effect) {
	b.performWith(ctx, r, deal, fx, nil)
}

// performWith is perform with lead blocks shown at the top of the first
// message it posts (the "I read" line before the first question).
func (b *Bot) performWith(ctx context.Context, r request, deal *coach.Deal, fx []coach.Effect, lead []slack.Block) {
	th := r.th
	var lines []coach.Effect
	withLead := func(m outMessage) outMessage {
		if len(lead) > 0 {
			m.Blocks = append(append([]slack.Block(nil), lead...), m.Blocks...)
			if len(m.Blocks) == len(lead) {
				// A plain text message: keep its words as a block too.
				m.Blocks = append(m.Blocks, sections(m.Text)...)
			}
			lead = nil
		}
		return m
	}
	flush := func() {
		if len(lines) > 0 || len(lead) > 0 {
			b.post(ctx, th, withLead(renderNotes(lines)))
			lines = nil
		}
	}
	for _, e := range fx {
		switch e := e.(type) {
		case coach.Say, coach.Outcome, coach.Remind:
			lines = append(lines, e)
		case coach.Ask:
			b.post(ctx, th, withLead(renderQuestion(deal.ID, e, lines)))
			lines = nil
		case coach.WriteDraft:
			flush()
			if req, ok := b.awaitReading(ctx, r, deal, e.Request); ok {
				b.writeDraft(ctx, r, deal, req)
			}
		}
	}
	flush()
}

// post sends a message into a thread, logging a failure: there is nobody to
// tell but the log when Slack refuses a message.
func (b *Bot) post(ctx context.Context, th thread, msg outMessage) string {
	_, ts, err := b.api.postMessage(ctx, th.Channel, msg, th.TS)
	if err != nil {
		b.log.Error("chat.postMessage failed", "thread", th.String(), "err", err)
	}
	return ts
}

// ephemeral shows text to one user in a thread.
func (b *Bot) ephemeral(ctx context.Context, th thread, user, text string) {
	_, err := b.api.PostEphemeralContext(ctx, th.Channel, user, slack.MsgOptionText(escape(text), false), slack.MsgOptionTS(th.TS))
	if err != nil {
		b.log.Warn("chat.postEphemeral failed", "thread", th.String(), "err", err)
	}
}

// respondText answers through a response_url, if there is one. text is
// mrkdwn of our own, or already escaped.
func (b *Bot) respondText(ctx context.Context, responseURL, text string) {
	if responseURL == "" {
		return
	}
	if err := respond(ctx, b.cfg.HTTPClient, responseURL, &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: text}); err != nil {
		b.log.Warn("response_url post failed", "err", err)
	}
}

// tellError classifies err once, where the user sees it (r's thread, else
// its response_url, else the DM): a short, kind message in Slack, the
// details in the log. story, when set, is echoed back so that nothing the
// user typed is lost.
func (b *Bot) tellError(ctx context.Context, at request, err error, story ...string) {
	log := at.log
	log.Error("request failed", "err", err)
	text := escape(userMessage(err))
	if len(story) > 0 && story[0] != "" && at.th.TS == "" {
		text += "\nHere is what you sent, so you can paste it again:\n```" + truncate(escape(story[0]), 2500) + "```"
	}
	msg := outMessage{Text: text}
	switch {
	case at.th.TS != "":
		b.post(ctx, at.th, msg)
	case at.responseURL != "":
		b.respondText(ctx, at.responseURL, text)
	case at.user != "":
		// A modal submission has no response_url: say it in the DM.
		if _, err := b.postDM(ctx, at.user, msg); err != nil {
			log.Error("cannot report the error in the DM", "err", err)
		}
	}
}

// userMessage is the one place errors become words for the user.
func userMessage(err error) string {
	var me *memoryError
	switch {
	case errors.As(err, &me):
		return "I can't reach my memory right now — nothing was lost, try again in a minute."
	case errors.Is(err, context.DeadlineExceeded):
		return "That took too long on my side, sorry. Nothing was lost; try again in a minute."
	}
	return "Something went wrong on my side; nothing was lost. Try again in a minute."
}

// jobTimeout bounds one job; a draft's model call has its own, shorter,
// DraftTimeout.
func (b *Bot) jobTimeout() time.Duration { return b.cfg.JobTimeout() }
