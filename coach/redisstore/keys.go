package redisstore

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ghosted-bot/ghosted/coach"
)

// Key layout. Every key is built here and nowhere else. <p> is
// Options.Prefix (REDIS_PREFIX); team, owner, deal and channel ids are
// validated by validID, so they can never contain the ':' separator and
// escape their namespace.
//
//	<p>:t:{<team>}:u:<owner>:deal:<id>     string  deal JSON                           TTL dealTTL, restarted on each write
//	<p>:t:{<team>}:u:<owner>:gone:<id>     string  "1": a forgotten deal's tombstone   TTL Options.TombstoneTTL
//	<p>:t:{<team>}:u:<owner>:deals         zset    deal ids by UpdatedAt unix ms       TTL ≥ every deal's
//	<p>:t:{<team>}:u:<owner>:threads       set     thread keys bound to the owner      TTL ≥ every deal's
//	<p>:t:{<team>}:u:<owner>:claim:<name>  string  "1": a once-only mark (welcome)     TTL given to ClaimUser
//	<p>:t:{<team>}:u:<owner>:count:<name>  string  a counter (drafts a day)            TTL given to CountUp
//	<p>:t:{<team>}:u:<owner>:keys          set     names of the owner's claims and     TTL ≥ each of them
//	                                               counters, for Forget
//	<p>:t:{<team>}:owners                  set     owners with deals in the team       TTL ≥ every index
//	<p>:t:{<team>}:thread:<threadKey>      string  "<owner>:<dealID>"                  TTL its deal's, restarted with it
//	<p>:t:{<team>}:claim:<key>             string  "1": once-only work (event dedupe,  TTL given to Claim
//	                                               a nudge run)
//	<p>:t:{<team>}:reminders               zset    "<owner>:<dealID>" by RemindAt ms   no TTL; see reminders.go
//	<p>:t:{<team>}:nudges                  set     subscribed channel ids              no TTL; see subscriptions.go
//	<p>:t:{<team>}:nudge:<channel>         string  subscription JSON                   no TTL (until "nudge off")
//	<p>:t:{<team>}:nudgerun:<channel>      string  last run JSON                       TTL runTTL, restarted per run
//	<p>:t:{<team>}:pace:<bucket>           string  a Slack rate-limit bucket's TAT     TTL until it is full; see pace.go
//	<p>:t:{<team>}:pace-replicas           zset    replicas alive, by expiry ms        TTL the latest expiry; see pace.go
//	<p>:schema                             string  layout version, for migrate.go      no TTL
//
// The braces are literal: {<team>} is the Redis Cluster hash tag of every
// key of the team, so a cluster keeps all of them in one slot, and every
// script and MULTI, which touches one team's keys only, runs there as on a
// single server (scripts also reach keys they build from their arguments,
// such as thread bindings, which is allowed within the slot). Teams spread
// over the cluster's nodes. Ids and the prefix cannot contain braces, so no
// other part of a key can act as the tag.
//
// Everything lives under its team, so a scheduler reads only its own
// team's subscriptions and reminders, and another workspace on the same
// Redis (and prefix) is never touched. Everything about one person lives
// under their owner prefix or is listed from it, which is what lets Forget
// delete all of it.
//
// A write of a deal extends the TTL of its owner's index and threads set
// and of the team's owners set to at least the deal's own (never shortens
// them), and restarts the TTL of the deal's thread bindings: an index always
// outlives the deals it lists, and the owners set every index, so a reader
// finds every live deal through them and only has to skip (and prune)
// entries whose deal expired. Thread and claim keys may contain ':' since
// they are always the last segment.

// maxIDBytes bounds team, owner and deal ids. Slack ids are about a dozen
// bytes; the bound is there to refuse garbage, not to ration space.
const maxIDBytes = 128

// maxKeyBytes bounds thread, claim and counter keys, which callers compose
// from several Slack ids (channel, thread ts, event id).
const maxKeyBytes = 256

// schemaKey holds the key layout's version; see migrate.go.
func (s *Store) schemaKey() string { return s.prefix + ":schema" }

// Keys of layout 1, which migrate.go moves into the layout above: one
// reminder index ("{team}:{owner}:{dealID}" members) and one subscription
// set ("{team}:{channel}") for every team, and a person's welcome claim
// ("welcome:{team}:{user}") and daily draft counters
// ("drafts:{team}:{user}:{day}") outside their owner prefix.
func (s *Store) legacyRemindersKey() string     { return s.prefix + ":reminders" }
func (s *Store) legacyNudgesKey() string        { return s.prefix + ":nudges" }
func (s *Store) legacyWelcomePrefix() string    { return s.prefix + ":claim:welcome:" }
func (s *Store) legacyDraftCountPrefix() string { return s.prefix + ":count:drafts:" }

func (s *Store) teamPrefix(team string) string { return s.prefix + ":t:{" + team + "}:" }

// layout2TeamPrefix is a team's prefix in layout 2, before the hash tag;
// see migrate.go.
func (s *Store) layout2TeamPrefix(team string) string { return s.prefix + ":t:" + team + ":" }

// ownerKeys are the keys of one owner in one team.
type ownerKeys struct {
	base    string // the owner's prefix: append a name
	index   string
	threads string
	keys    string // the owner's claims and counters, by name
	owners  string // the team's owners set
}

func (s *Store) ownerKeys(team, owner string) ownerKeys {
	u := s.teamPrefix(team) + "u:" + owner + ":"
	return ownerKeys{
		base:    u,
		index:   u + "deals",
		threads: u + "threads",
		keys:    u + "keys",
		owners:  s.ownersKey(team),
	}
}

// dealPrefix and gonePrefix are the owner's deal and tombstone keys without
// the id, for scripts that walk an owner's deals.
func (k ownerKeys) dealPrefix() string { return k.base + "deal:" }
func (k ownerKeys) gonePrefix() string { return k.base + "gone:" }

func (k ownerKeys) deal(id string) string { return k.dealPrefix() + id }
func (k ownerKeys) gone(id string) string { return k.gonePrefix() + id }

// An owner's claims and counters are listed in the owner's keys set by
// their names under the owner prefix, so Forget finds them: claimName and
// countName are those names, and named the key a listed name stands for.
func claimName(name string) string { return "claim:" + name }
func countName(name string) string { return "count:" + name }

func (k ownerKeys) named(listed string) string { return k.base + listed }
func (k ownerKeys) claim(name string) string   { return k.named(claimName(name)) }
func (k ownerKeys) count(name string) string   { return k.named(countName(name)) }

func (s *Store) dealKey(key coach.DealKey) string {
	return s.ownerKeys(key.Team, key.Owner).deal(key.ID)
}

func (s *Store) ownersKey(team string) string { return s.teamPrefix(team) + "owners" }

func (s *Store) threadPrefix(team string) string { return s.teamPrefix(team) + "thread:" }

func (s *Store) threadKey(team, thread string) string { return s.threadPrefix(team) + thread }

func (s *Store) claimKey(team, key string) string { return s.teamPrefix(team) + "claim:" + key }

func (s *Store) remindersKey(team string) string { return s.teamPrefix(team) + "reminders" }

func (s *Store) nudgesKey(team string) string { return s.teamPrefix(team) + "nudges" }

func (s *Store) subscriptionPrefix(team string) string { return s.teamPrefix(team) + "nudge:" }

func (s *Store) subscriptionKey(team, channel string) string {
	return s.subscriptionPrefix(team) + channel
}

func (s *Store) runKey(team, channel string) string {
	return s.teamPrefix(team) + "nudgerun:" + channel
}

// binding is a thread binding's value, and reminderMember a reminder
// index member: both "{owner}:{dealID}", which split back unambiguously
// because ids cannot contain ':'.
func binding(owner, id string) string { return owner + ":" + id }

func reminderMember(owner, id string) string { return owner + ":" + id }

// validID checks a team, owner or deal id; what names it in the error.
func validID(what, id string) error {
	return check(what, id, maxIDBytes, false)
}

// validKey checks a thread, claim or counter key, which may contain ':'.
func validKey(what, key string) error {
	return check(what, key, maxKeyBytes, true)
}

// validDealKey checks the three ids of a deal's key.
func validDealKey(key coach.DealKey) error {
	if err := validID("team", key.Team); err != nil {
		return err
	}
	if err := validID("owner", key.Owner); err != nil {
		return err
	}
	return validID("deal id", key.ID)
}

func validOwner(team, owner string) error {
	if err := validID("team", team); err != nil {
		return err
	}
	return validID("owner", owner)
}

// ValidPrefix checks a key prefix (REDIS_PREFIX) the way Open does, so a
// configuration error can be reported before connecting.
func ValidPrefix(p string) error {
	return check("key prefix", p, maxIDBytes, true)
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
	case strings.ContainsAny(s, "*?[]"):
		// A key pattern character would let a scan by prefix (tests,
		// operators) match other deployments' keys.
		why = "contains a glob character (* ? [ ])"
	case strings.ContainsAny(s, "{}"):
		// Redis Cluster hashes the first {…} of a key: a brace anywhere
		// before the team's tag would take its place (see the key layout).
		why = "contains a brace ({ })"
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
