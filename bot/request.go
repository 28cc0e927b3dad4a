package bot

import (
	"log/slog"

	"github.com/ghosted-bot/ghosted/coach"
)

// request is what one piece of work knows about itself: who asked (team,
// user), where to answer (a thread, or before one exists a slash command's
// response_url), which deal it is about once known, and the logger whose
// every line says so. Handlers pass it on as one value instead of a team,
// a user, a thread, a response_url, a deal key and a logger each.
type request struct {
	team, user string
	// th is the thread the work is about; zero before one exists (a slash
	// command, a modal), when answers go to responseURL or the user's DM.
	th          thread
	responseURL string
	// deal is the deal, once known; a deal's owner is the person who asked
	// (see coach.DealKey), except for work the bot starts itself.
	deal coach.DealKey
	log  *slog.Logger
}

// newRequest starts the request of user in team, logging with args too.
func (b *Bot) newRequest(team, user string, args ...any) request {
	return request{team: team, user: user, log: b.log.With(append([]any{"user", user}, args...)...)}
}

// in returns r about thread th.
func (r request) in(th thread) request {
	r.th = th
	return r
}

// about returns r about the deal key, and logs its id.
func (r request) about(key coach.DealKey) request {
	if r.deal.ID != key.ID {
		r.log = r.log.With("deal", key.ID)
	}
	r.deal = key
	return r
}

// with returns r logging args too.
func (r request) with(args ...any) request {
	r.log = r.log.With(args...)
	return r
}

// poolKey is the pool key of jobs that belong to the person rather than a
// thread, so that they run one at a time.
func (r request) poolKey() string { return userKey(r.team, r.user) }
