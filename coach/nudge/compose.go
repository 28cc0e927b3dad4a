package nudge

import (
	"cmp"
	"hash/fnv"
	"slices"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/prompts"
)

// Nudge is one weekly channel post, before any rendering: the bot turns it
// into Block Kit. It holds team aggregates, owner and deal ids, and deal
// details only for deals their owner shared.
type Nudge struct {
	Team, Channel string
	// RunKey is the channel and ISO week this nudge is for (see RunKey).
	RunKey string
	// Week is the ISO week alone, like "2026-W48".
	Week string
	// At is when it was composed, and Next when the following one is due,
	// both in the subscription's zone (so FormatRun shows local times).
	At, Next time.Time
	// Preview is set by Preview: the nudge is shown to one person and was
	// not posted, claimed or recorded.
	Preview bool
	// Stats are the team's counts and revive rates (rates only for reasons
	// and styles with at least one outcome).
	Stats Stats
	// Tip is one line of coaching from prompts.Tips; TipIndex is its index
	// there (-1 when there are no tips), recorded so next week's differs.
	Tip      string
	TipIndex int
	// Owners are the people to mention, ordered by owner id: everyone with
	// at least one deal that needs a touch or whose remember-me date came.
	Owners []OwnerCare
}

// OwnerCare is one owner to mention in a nudge.
type OwnerCare struct {
	Owner string
	// NeedTouch counts the owner's deals that need a touch, RemindDue those
	// of them whose remember-me date came.
	NeedTouch, RemindDue int
	// DealIDs are those deals' ids, sorted, for "Coach me" buttons. Ids only:
	// the button handler checks that whoever presses it owns the deal.
	DealIDs []string
	// Shared are the details of those deals the owner chose to share with
	// the channel (coach.Deal.Shared), sorted by id. Other deals appear only
	// in the counts and ids above.
	Shared []SharedDeal
}

// SharedDeal is what a channel may see of a deal its owner shared.
type SharedDeal struct {
	ID                string
	Prospect, Company string
	// DaysSilent is how long the prospect has been quiet (see DaysSilent).
	DaysSilent int
	// RemindDue is set when the deal is here because its remember-me date
	// came, not because of the silence.
	RemindDue bool
}

// DaysSilent is how many whole days the prospect has been quiet at now: since
// the last touch sent through ghosted, or, before any, the silence the story
// told of plus the days since it was told.
func DaysSilent(d coach.Deal, now time.Time) int {
	if n := len(d.Touches); n > 0 {
		return max(int(now.Sub(d.Touches[n-1].At).Hours()/24), 0)
	}
	return max(d.Facts.DaysSilent, 0) + max(int(now.Sub(lastContact(d)).Hours()/24), 0)
}

// Compose builds the nudge for sub at now from the team's deals. lastTip is
// the TipIndex of the channel's previous nudge (-1 for none), so the tip
// never repeats two weeks running. Deals of other teams are ignored, so a
// caller's mistake cannot put one team's names in another's channel.
//
// Compose is pure: the same deals, subscription, time and lastTip give the
// same nudge, which is what makes Preview honest and the post testable.
func Compose(deals []coach.Deal, sub Subscription, now time.Time, lastTip int) Nudge {
	loc := sub.Location()
	n := Nudge{
		Team: sub.Team, Channel: sub.Channel,
		RunKey: RunKey(sub, now), Week: Week(now, loc),
		At: now.In(loc), Next: NextRun(sub, now),
	}
	team := onlyTeam(deals, sub.Team)
	n.Stats = Summarize(team, now, DefaultTouchAfter)
	tips := prompts.Tips()
	n.TipIndex = chooseTip(sub, now, lastTip, len(tips))
	if n.TipIndex >= 0 {
		n.Tip = tips[n.TipIndex]
	}

	owners := make(map[string]*OwnerCare)
	for i := range team {
		d := &team[i]
		if !NeedsTouch(*d, now, DefaultTouchAfter) {
			continue
		}
		oc := owners[d.Owner]
		if oc == nil {
			oc = &OwnerCare{Owner: d.Owner}
			owners[d.Owner] = oc
		}
		due := ReminderDue(*d, now)
		oc.NeedTouch++
		if due {
			oc.RemindDue++
		}
		oc.DealIDs = append(oc.DealIDs, d.ID)
		if d.Shared {
			oc.Shared = append(oc.Shared, SharedDeal{
				ID: d.ID, Prospect: d.Facts.Prospect, Company: d.Facts.Company,
				DaysSilent: DaysSilent(*d, now), RemindDue: due,
			})
		}
	}
	if len(owners) > 0 {
		n.Owners = make([]OwnerCare, 0, len(owners))
	}
	for _, oc := range owners {
		slices.Sort(oc.DealIDs)
		slices.SortFunc(oc.Shared, func(a, b SharedDeal) int { return cmp.Compare(a.ID, b.ID) })
		n.Owners = append(n.Owners, *oc)
	}
	slices.SortFunc(n.Owners, func(a, b OwnerCare) int { return cmp.Compare(a.Owner, b.Owner) })
	return n
}

// onlyTeam returns the deals of team. The runner passes exactly one team's
// deals, so the common case returns deals itself: a Deal is a large struct,
// and copying a team's worth for each of its channels was most of what a
// nudge allocated.
func onlyTeam(deals []coach.Deal, team string) []coach.Deal {
	for i := range deals {
		if deals[i].Team != team {
			out := make([]coach.Deal, 0, len(deals))
			for j := range deals {
				if deals[j].Team == team {
					out = append(out, deals[j])
				}
			}
			return out
		}
	}
	return deals
}

// Preview is Compose for "/ghosted nudge preview": the same nudge, marked as
// a preview. Nothing is claimed or recorded by either; the name says how the
// result will be used.
func Preview(deals []coach.Deal, sub Subscription, now time.Time, lastTip int) Nudge {
	n := Compose(deals, sub, now, lastTip)
	n.Preview = true
	return n
}

// chooseTip picks this week's tip out of n: it walks the list one tip per
// week, so a channel sees every tip before any comes back, starting at a
// place that depends on the channel, so two channels of a team do not show
// the same tip the same week. lastTip is skipped in case the walk was broken
// (a missed week, a tip list that changed).
func chooseTip(sub Subscription, now time.Time, lastTip, n int) int {
	if n <= 0 {
		return -1
	}
	local := now.In(sub.Location())
	y, m, d := local.Date()
	monday := time.Date(y, m, d-(int(local.Weekday())+6)%7, 0, 0, 0, 0, time.UTC)
	weeks := uint64(monday.Unix()/86400) / 7
	h := fnv.New64a()
	h.Write([]byte(sub.Team + ":" + sub.Channel))
	i := int((weeks + h.Sum64()%uint64(n)) % uint64(n))
	if i == lastTip && n > 1 {
		i = (i + 1) % n
	}
	return i
}
