package redisstore

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Key layout. {p} is Options.Prefix; team, owner and deal ids are validated
// by validID so they can never contain the ':' separator and escape their
// namespace.
//
//	{p}:t:{team}:u:{owner}:deal:{id}   string  deal JSON                     TTL retention, restarted on save
//	{p}:t:{team}:u:{owner}:deals       zset    deal ids by UpdatedAt unix ms  TTL retention, restarted on save
//	{p}:t:{team}:u:{owner}:threads     set     thread keys bound by owner    TTL retention, restarted on save and bind
//	{p}:t:{team}:owners                set     owners with deals in team     TTL retention, restarted on save
//	{p}:t:{team}:thread:{threadKey}    string  "{owner}:{dealID}"            TTL retention from bind
//	{p}:claim:{key}                    string  "1"                           TTL given to Claim
//	{p}:reminders                      zset    "{team}:{owner}:{dealID}"     no TTL; see reminders.go
//	                                           by RemindAt unix ms
//	{p}:nudges                         set     "{team}:{channel}" of every   no TTL; see subscriptions.go
//	                                           subscribed channel
//	{p}:t:{team}:nudge:{channel}       string  subscription JSON             no TTL (until "nudge off")
//	{p}:t:{team}:nudgerun:{channel}    string  last run JSON                 TTL runTTL, restarted per run
//
// Because every save restarts the TTL of the owner's index and of the team's
// owners set along with the deal, an index always outlives the deals it
// lists, and the owners set outlives every index: a reader finds every live
// deal through them, and only has to skip (and prune) entries whose deal
// expired. Thread keys and claim keys may contain ':' since they are always
// the last segment.
//
// The reminder index and the subscriptions set are the only keys not scoped
// by team: the scheduler reads them across all teams every minute, and a
// walk over every team to find them would cost far more than they do.
// Their members join ids with ':', which validID keeps out of the ids, so
// they split back unambiguously.

// maxIDBytes bounds team, owner and deal ids. Slack ids are about a dozen
// bytes; the bound is there to refuse garbage, not to ration space.
const maxIDBytes = 128

// maxKeyBytes bounds thread and claim keys, which callers compose from
// several Slack ids (channel, thread ts, event id).
const maxKeyBytes = 256

// ownerKeys are the keys of one owner in one team.
type ownerKeys struct {
	dealPrefix string // append a deal id
	index      string
	threads    string
	owners     string // the team's owners set
}

func (s *Store) ownerKeys(team, owner string) ownerKeys {
	u := s.teamPrefix(team) + "u:" + owner + ":"
	return ownerKeys{
		dealPrefix: u + "deal:",
		index:      u + "deals",
		threads:    u + "threads",
		owners:     s.ownersKey(team),
	}
}

func (k ownerKeys) deal(id string) string { return k.dealPrefix + id }

func (s *Store) teamPrefix(team string) string { return s.prefix + ":t:" + team + ":" }

func (s *Store) ownersKey(team string) string { return s.teamPrefix(team) + "owners" }

func (s *Store) threadPrefix(team string) string { return s.teamPrefix(team) + "thread:" }

func (s *Store) claimKey(key string) string { return s.prefix + ":claim:" + key }

func (s *Store) remindersKey() string { return s.prefix + ":reminders" }

func (s *Store) nudgesKey() string { return s.prefix + ":nudges" }

func (s *Store) subscriptionKey(team, channel string) string {
	return s.teamPrefix(team) + "nudge:" + channel
}

func (s *Store) runKey(team, channel string) string {
	return s.teamPrefix(team) + "nudgerun:" + channel
}

// validID checks a team, owner or deal id; what names it in the error.
func validID(what, id string) error {
	return check(what, id, maxIDBytes, false)
}

// validKey checks a thread or claim key, which may contain ':'.
func validKey(what, key string) error {
	return check(what, key, maxKeyBytes, true)
}

func validPrefix(p string) error {
	return check("prefix", p, maxIDBytes, true)
}

func check(what, s string, maxBytes int, colonOK bool) error {
	why := ""
	switch {
	case s == "":
		why = "is empty"
	case len(s) > maxBytes:
		why = fmt.Sprintf("is longer than %d bytes", maxBytes)
	case !utf8.ValidString(s):
		why = "is not valid UTF-8"
	case !colonOK && strings.Contains(s, ":"):
		why = "contains ':'"
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		why = "contains whitespace or control characters"
	default:
		return nil
	}
	return fmt.Errorf("%w: %s %q %s", ErrInvalid, what, abbrev(s), why)
}

// abbrev keeps error messages readable when the bad input is huge.
func abbrev(s string) string {
	const n = 40
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
