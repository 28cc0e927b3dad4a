package nudge

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// Run records a weekly run that posted: its run key, the tip it showed, and
// when. A zero Run (empty Key) means the channel never had one.
type Run struct {
	Key string
	Tip int
	At  time.Time
}

// ErrNoSubscription is wrapped by a Store when a channel has no weekly nudge.
var ErrNoSubscription = errors.New("no weekly nudge in this channel")

// Store is what the Runner needs from storage. coach/redisstore.Store
// implements it; the methods are documented there. Everything is scoped by
// team: a Runner reads and writes its own team's keys only.
type Store interface {
	// Subscriptions calls fn with every channel's subscription in team.
	Subscriptions(ctx context.Context, team string, fn func(Subscription) error) error
	LastRun(ctx context.Context, team, channel string) (Run, error)
	RecordRun(ctx context.Context, team, channel string, run Run) error
	// Claim sets key in team once (SET NX with ttl) and reports whether
	// this caller got it; Release gives it up.
	Claim(ctx context.Context, team, key string, ttl time.Duration) (bool, error)
	Release(ctx context.Context, team, key string) error
	AllDeals(ctx context.Context, team string, fn func(coach.Deal) error) error
	Deal(ctx context.Context, key coach.DealKey) (coach.Deal, error)
	// DueReminders lists team's indexed reminders due at now, earliest
	// first; MarkReminded takes one off the index and reports whether this
	// caller did; RestoreReminder puts back one whose DM failed.
	DueReminders(ctx context.Context, team string, now time.Time, limit int) ([]DealRef, error)
	MarkReminded(ctx context.Context, ref DealRef) (bool, error)
	RestoreReminder(ctx context.Context, ref DealRef) error
}

// Poster delivers nudges and reminders; the Slack bot implements it. An
// error that should be tried again (Slack's 429, a 5xx, a timeout) is
// reported by Retryable: wrap ErrRetryable, or return an error with a
// Retryable() bool method as slack-go's errors have.
type Poster interface {
	// PostNudge posts the weekly nudge n to sub's channel.
	PostNudge(ctx context.Context, sub Subscription, n Nudge) error
	// RemindOwner DMs d's owner that its remember-me date came, with a
	// "Coach me again" button (coach.ActionResume).
	RemindOwner(ctx context.Context, d coach.Deal) error
}

// ErrRetryable marks a Poster error worth retrying: the claim is released and
// a later tick tries the same nudge again, while it is still due.
var ErrRetryable = errors.New("temporary failure, retry later")

// Retryable reports whether err is temporary: ErrRetryable, anything whose
// Retryable() method says so (slack-go's RateLimitedError and 5xx
// StatusCodeError), a network timeout, or a deadline or cancellation (a
// shutdown mid-post should leave the nudge to the next replica, not drop it).
func Retryable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrRetryable) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	var r interface{ Retryable() bool }
	if errors.As(err, &r) && r.Retryable() {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Defaults for a Runner's zero fields.
const (
	// DefaultEvery is how often Run ticks: a channel's nudge goes out on
	// the first tick after its time. How long a tick takes is the Poster's
	// pace: the Slack bot keeps chat.postMessage under the workspace's cap
	// (a burst of 90, then about 180 a minute), so when many channels are
	// due at the same hour the last of them posts minutes after it (1,000
	// channels: about five). Ticks never overlap: Run starts the next one
	// after the last has ended.
	DefaultEvery = time.Minute
	// ClaimTTL outlives the week a run key names, so a claim is never gone
	// while its week could still be due.
	ClaimTTL = 8 * 24 * time.Hour
	// reminderBatch is how many due reminders one store call returns;
	// maxRemindersPerTick bounds one tick's DMs, the rest waiting for the
	// next tick.
	reminderBatch       = 100
	maxRemindersPerTick = 1000
	// releaseTimeout bounds the store call that gives a claim back, which
	// must run even when the tick's context was cancelled.
	releaseTimeout = 5 * time.Second
)

// Runner posts one team's weekly nudges that are due and DMs the team's
// reminders that came. Several Runners (one per replica) may share one
// Store: claims make each nudge and each reminder happen once. Runners of
// other teams may share it too: a Runner reads and claims only its Team's
// keys, and posts through its Poster, which speaks for that team alone.
// Channels go one at a time, and each post waits its turn in the Poster's
// rate limits (the Slack bot paces every chat.postMessage of the workspace,
// across replicas), so a tick over many channels takes minutes rather than
// meeting Slack's 429s. Use a Runner through a pointer; it must not be
// copied once used.
type Runner struct {
	// Team is the workspace whose nudges and reminders this Runner posts:
	// the one its Poster is signed in to. Required.
	Team   string
	Store  Store
	Poster Poster
	Clock  coach.Clock
	// Logger receives one line per post and per failure; nil means
	// slog.Default(). Lines carry team, channel and ids, never deal content.
	Logger *slog.Logger

	// posted remembers, per "team:channel", the last run key this replica
	// knows went out, so the rest of a due day costs no store call per
	// channel per tick. It is only a shortcut: the store stays the authority.
	posted sync.Map
}

func (r *Runner) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.Default()
	}
	return r.Logger
}

func (r *Runner) now() time.Time {
	if r.Clock == nil {
		return time.Now()
	}
	return r.Clock.Now()
}

// ClaimKey is the claim, in the subscription's team, that makes one run
// post once: "nudge:{runKey}", which is nudge:{channel}:{ISO week}.
func ClaimKey(runKey string) string {
	return "nudge:" + runKey
}

// errNoTeam is what a Runner without a Team does: nothing.
var errNoTeam = errors.New("nudge: Runner.Team is not set")

// Run ticks every interval (DefaultEvery when <= 0), starting at once, until
// ctx is done, and then returns nil. Tick failures are logged by Tick and do
// not stop the loop: the next tick tries again.
func (r *Runner) Run(ctx context.Context, every time.Duration) error {
	if every <= 0 {
		every = DefaultEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		_ = r.Tick(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Tick does one pass: it posts every subscription's nudge that is due (claim,
// compose, post, record) and DMs every reminder that came. A failure in one
// channel or one reminder is logged and does not stop the others; Tick
// returns all of them joined, for callers that count failures.
func (r *Runner) Tick(ctx context.Context) error {
	if r.Team == "" {
		return errNoTeam
	}
	now := r.now()
	errs := r.nudges(ctx, now)
	errs = append(errs, r.reminders(ctx, now)...)
	return errors.Join(errs...)
}

// nudges posts the team's due nudges.
func (r *Runner) nudges(ctx context.Context, now time.Time) []error {
	var errs []error
	// Due with no last run is the cheap part of the check (no store call):
	// it leaves only the subscriptions whose time has come today.
	var due []Subscription
	err := r.Store.Subscriptions(ctx, r.Team, func(sub Subscription) error {
		if _, ok := Due(sub, now, ""); ok && sub.Team == r.Team {
			due = append(due, sub)
		}
		return nil
	})
	if err != nil {
		// The subscriptions read before the failure are still posted.
		r.logger().ErrorContext(ctx, "nudge: listing subscriptions", "team", r.Team, "err", err)
		errs = append(errs, fmt.Errorf("nudge: list subscriptions: %w", err))
	}
	if len(due) == 0 {
		return errs
	}
	return append(errs, r.team(ctx, due, now)...)
}

// team posts the due nudges of one team's channels, loading the team's deals
// once, and only when some channel actually claimed its run.
func (r *Runner) team(ctx context.Context, subs []Subscription, now time.Time) []error {
	slices.SortFunc(subs, func(a, b Subscription) int { return cmp.Compare(a.Channel, b.Channel) })
	var (
		errs   []error
		deals  []coach.Deal
		loaded bool
	)
	for _, sub := range subs {
		if ctx.Err() != nil {
			return append(errs, ctx.Err())
		}
		log := r.logger().With("team", sub.Team, "channel", sub.Channel)
		memo := sub.Team + ":" + sub.Channel
		if k, ok := r.posted.Load(memo); ok && k == RunKey(sub, now) {
			continue
		}
		last, err := r.Store.LastRun(ctx, sub.Team, sub.Channel)
		if err != nil {
			log.ErrorContext(ctx, "nudge: reading last run", "err", err)
			errs = append(errs, fmt.Errorf("nudge %s/%s: last run: %w", sub.Team, sub.Channel, err))
			continue
		}
		runKey, due := Due(sub, now, last.Key)
		if !due {
			if last.Key == runKey {
				r.posted.Store(memo, runKey)
			}
			continue
		}
		key := ClaimKey(runKey)
		won, err := r.Store.Claim(ctx, sub.Team, key, ClaimTTL)
		if err != nil {
			log.ErrorContext(ctx, "nudge: claiming run", "run_key", runKey, "err", err)
			errs = append(errs, fmt.Errorf("nudge %s/%s: claim: %w", sub.Team, sub.Channel, err))
			continue
		}
		if !won {
			continue // another replica has it, or posted it already
		}
		if !loaded {
			deals, err = r.teamDeals(ctx, sub.Team)
			if err != nil {
				r.release(ctx, log, sub.Team, key)
				log.ErrorContext(ctx, "nudge: loading team deals", "err", err)
				errs = append(errs, fmt.Errorf("nudge %s/%s: deals: %w", sub.Team, sub.Channel, err))
				continue
			}
			loaded = true
		}
		lastTip := -1
		if last.Key != "" {
			lastTip = last.Tip
		}
		n := Compose(deals, sub, now, lastTip)
		if err := r.post(ctx, sub, n); err != nil {
			retry := Retryable(err)
			if retry {
				// Give the run back, so the next tick (here or on another
				// replica) tries again while the nudge is still due today.
				r.release(ctx, log, sub.Team, key)
			}
			log.ErrorContext(ctx, "nudge: posting", "run_key", runKey, "retry", retry, "err", err)
			errs = append(errs, fmt.Errorf("nudge %s/%s: post: %w", sub.Team, sub.Channel, err))
			continue
		}
		log.InfoContext(ctx, "nudge: posted", "run_key", runKey, "owners", len(n.Owners), "need_touch", n.Stats.NeedTouch)
		r.posted.Store(memo, runKey)
		if err := r.Store.RecordRun(ctx, sub.Team, sub.Channel, Run{Key: runKey, Tip: n.TipIndex, At: now}); err != nil {
			// The claim still stands, so the run will not post twice; only
			// next week's tip might repeat this one.
			log.ErrorContext(ctx, "nudge: recording run", "run_key", runKey, "err", err)
			errs = append(errs, fmt.Errorf("nudge %s/%s: record run: %w", sub.Team, sub.Channel, err))
		}
	}
	return errs
}

// post calls the Poster, turning a panic into an error so one bad channel
// (or a bug in rendering it) cannot take down the others.
func (r *Runner) post(ctx context.Context, sub Subscription, n Nudge) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("poster panicked: %v", p)
		}
	}()
	return r.Poster.PostNudge(ctx, sub, n)
}

func (r *Runner) remindOwner(ctx context.Context, d coach.Deal) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("poster panicked: %v", p)
		}
	}()
	return r.Poster.RemindOwner(ctx, d)
}

// release gives a claim back. It runs on a context of its own: when a
// shutdown cancelled the post, the claim must still be released.
func (r *Runner) release(ctx context.Context, log *slog.Logger, team, key string) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer cancel()
	if err := r.Store.Release(rctx, team, key); err != nil {
		// The claim expires with its TTL; this week's nudge is lost for the
		// channel, which the log says.
		log.ErrorContext(ctx, "nudge: releasing claim", "key", key, "err", err)
	}
}

func (r *Runner) teamDeals(ctx context.Context, team string) ([]coach.Deal, error) {
	var deals []coach.Deal
	err := r.Store.AllDeals(ctx, team, func(d coach.Deal) error {
		deals = append(deals, d)
		return nil
	})
	return deals, err
}

// reminders DMs the owners whose remember-me date came, a batch at a time.
func (r *Runner) reminders(ctx context.Context, now time.Time) []error {
	var errs []error
	seen := make(map[DealRef]bool)
	for done := 0; done < maxRemindersPerTick; {
		refs, err := r.Store.DueReminders(ctx, r.Team, now, reminderBatch)
		if err != nil {
			r.logger().ErrorContext(ctx, "nudge: listing due reminders", "err", err)
			return append(errs, fmt.Errorf("nudge: due reminders: %w", err))
		}
		fresh := 0
		for _, ref := range refs {
			// A reminder put back after a failed DM comes round again in
			// the next batch; it waits for the next tick.
			k := DealRef{DealKey: ref.DealKey, At: ref.At.UTC()}
			if ref.Team != r.Team || seen[k] {
				continue
			}
			seen[k] = true
			fresh++
			done++
			if err := r.remind(ctx, ref, now); err != nil {
				errs = append(errs, err)
			}
		}
		if fresh == 0 || len(refs) < reminderBatch || ctx.Err() != nil {
			break
		}
	}
	return errs
}

// remind claims one reminder off the index and DMs its owner.
func (r *Runner) remind(ctx context.Context, ref DealRef, now time.Time) error {
	log := r.logger().With("team", ref.Team, "owner", ref.Owner, "deal", ref.ID)
	won, err := r.Store.MarkReminded(ctx, ref)
	if err != nil {
		log.ErrorContext(ctx, "nudge: claiming reminder", "err", err)
		return fmt.Errorf("reminder %s/%s/%s: claim: %w", ref.Team, ref.Owner, ref.ID, err)
	}
	if !won {
		return nil // another replica took it, or the owner moved the date
	}
	d, err := r.Store.Deal(ctx, ref.DealKey)
	if errors.Is(err, coach.ErrNotFound) {
		return nil // forgotten or expired: nothing to remind of
	}
	if err != nil {
		r.restore(ctx, log, ref)
		log.ErrorContext(ctx, "nudge: loading reminded deal", "err", err)
		return fmt.Errorf("reminder %s/%s/%s: load: %w", ref.Team, ref.Owner, ref.ID, err)
	}
	// The deal is the authority: revived since, or moved to another date,
	// and this index entry is stale.
	if !ReminderDue(d, now) || d.RemindAt.UnixMilli() != ref.At.UnixMilli() {
		return nil
	}
	if err := r.remindOwner(ctx, d); err != nil {
		retry := Retryable(err)
		if retry {
			r.restore(ctx, log, ref)
		}
		log.ErrorContext(ctx, "nudge: reminding owner", "retry", retry, "err", err)
		return fmt.Errorf("reminder %s/%s/%s: DM: %w", ref.Team, ref.Owner, ref.ID, err)
	}
	log.InfoContext(ctx, "nudge: reminded owner")
	return nil
}

func (r *Runner) restore(ctx context.Context, log *slog.Logger, ref DealRef) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer cancel()
	if err := r.Store.RestoreReminder(rctx, ref); err != nil {
		log.ErrorContext(ctx, "nudge: restoring reminder", "err", err)
	}
}

// Preview composes the nudge sub would post now, reading the team's deals and
// the channel's last tip, without claiming or recording anything: for
// "/ghosted nudge preview", also in a channel that is not subscribed (pass
// the schedule ParseSchedule gives). It reads sub's team, whatever the
// Runner's Team.
func (r *Runner) Preview(ctx context.Context, sub Subscription) (Nudge, error) {
	last, err := r.Store.LastRun(ctx, sub.Team, sub.Channel)
	if err != nil {
		return Nudge{}, fmt.Errorf("nudge preview: last run: %w", err)
	}
	deals, err := r.teamDeals(ctx, sub.Team)
	if err != nil {
		return Nudge{}, fmt.Errorf("nudge preview: deals: %w", err)
	}
	lastTip := -1
	if last.Key != "" {
		lastTip = last.Tip
	}
	return Preview(deals, sub, r.now(), lastTip), nil
}
