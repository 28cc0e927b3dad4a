package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/bot/bottest"
	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/redisstore"
	"github.com/ghosted-bot/ghosted/coach/redisstore/redistest"
)

// failoverDownAfter is how long the test's sentinel waits before it fails
// over a primary that stopped answering (down-after-milliseconds). It is
// also the window in which the bot cannot write: long enough that the bot,
// even on a loaded CI machine under -race, meets the dead primary before
// the replica is promoted, as a user would: the user is told in about a
// second, and the promotion comes some 3 s after the down-after. Production
// settings are in the same range (deploy/ uses 5 s).
const failoverDownAfter = 3 * time.Second

// TestFaultSentinelFailover: ghosted runs on a primary with two replicas
// watched by a sentinel (REDIS_URL in go-redis's Sentinel form; the Redis
// nodes set min-replicas-to-write as deploy/ does). In the middle of a
// coaching conversation the primary is killed (SIGKILL: a crash, nothing
// flushed). Throughout, every envelope is acked within Slack's 3 s. While
// no primary takes writes, the user's answer is met with "I can't reach my
// memory" in the thread. The sentinel promotes a replica; the same
// conversation goes on in the same thread, from the question it was at,
// and nothing acknowledged before the crash is lost: the answer given
// before it is in the deal as the new primary has it, because every write
// waited for a replica. The time from the crash to the first successful
// write is logged.
func TestFaultSentinelFailover(t *testing.T) {
	t.Parallel()
	ha := redistest.StartSentinel(t, redistest.SentinelOptions{
		Replicas:  2,
		DownAfter: failoverDownAfter,
		Args:      []string{"--min-replicas-to-write", "1", "--min-replicas-max-lag", "10"},
	})
	fake, k, _, env := faultSetup(t, ha.URL(0))
	a := startApp(t, "ghosted", env)
	// The failover itself takes longer than faultWait's other faults.
	ctx, cancel := context.WithTimeout(context.Background(), 3*faultWait)
	defer cancel()
	waitSockets(t, fake, 1)
	waitReady(t, a, 200)
	if !strings.Contains(a.logs.String(), `msg="connected to Redis" topology=sentinel`) {
		t.Error("serve did not log that it follows Sentinel")
	}

	dm, root := k.StartDM("U1", faultStory)
	const beforeCrash = "They said the budget is frozen until Q3"
	seen := len(k.Posts())
	k.Answer(dm, root, "U1", beforeCrash)
	pending := k.WaitPost(seen, bottest.InThread(dm, root))
	if !pending.IsQuestion() {
		t.Fatalf("after one answer the thread got %q, want the next question", pending.AllText())
	}

	ha.Primary.Kill()
	crashed := time.Now()

	// The pending question's answer, while the primary is dead and not yet
	// replaced: acked at once (acked checks the 3 s), and the user told.
	const afterCrash = "Not sure, honestly"
	seen = len(k.Posts())
	k.Answer(dm, root, "U1", afterCrash)
	told := k.WaitPost(seen, bottest.InThread(dm, root))
	if !strings.Contains(told.AllText(), "can't reach my memory") {
		t.Fatalf("with the primary dead, the answer got %q, want \"I can't reach my memory\"", told.AllText())
	}
	t.Logf("primary killed: user told after %v", told.Call.At.Sub(crashed).Round(time.Millisecond))

	promotedTo, err := ha.WaitFailover(ctx)
	if err != nil {
		t.Fatal(err)
	}
	promoted := time.Since(crashed)

	// The user sends the answer again, as told; once a write goes through,
	// the conversation goes on.
	var next bottest.Post
	attempts := 0
	for {
		attempts++
		seen = len(k.Posts())
		k.Answer(dm, root, "U1", afterCrash)
		next = k.WaitPost(seen, bottest.InThread(dm, root))
		if !strings.Contains(next.AllText(), "can't reach my memory") {
			break
		}
		if attempts == 10 {
			t.Fatalf("still no memory after the failover and %d tries", attempts)
		}
	}
	firstWrite := next.Call.At.Sub(crashed)
	t.Logf("sentinel promoted %s %v after the crash; first successful write %v after it (attempt %d after the promotion)",
		promotedTo, promoted.Round(time.Millisecond), firstWrite.Round(time.Millisecond), attempts)

	// From where it was: neither the first question again nor the one
	// answered before the crash.
	if strings.Contains(next.AllText(), "Question 1 ") || next.AllText() == pending.AllText() {
		t.Errorf("after the failover the thread got %q, want the conversation to go on from %q", next.AllText(), pending.AllText())
	}
	// Nothing acknowledged lost: the new primary has both answers, once.
	store, err := redisstore.Open(ctx, ha.URL(0), redisstore.Options{Prefix: env["REDIS_PREFIX"]})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	key, err := store.ThreadDeal(ctx, fake.TeamID, dm+":"+root)
	if err != nil {
		t.Fatal(err)
	}
	d, err := store.Deal(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if got := answerTexts(d); len(got) != 2 || got[0] != beforeCrash || got[1] != afterCrash {
		t.Errorf("the deal's answers after the failover: %q, want [%q %q]", got, beforeCrash, afterCrash)
	}
	if u := fake.Unacked(); len(u) != 0 {
		t.Errorf("unacked envelopes: %v", u)
	}
	waitReady(t, a, 200)
}

func answerTexts(d coach.Deal) []string {
	var out []string
	for _, a := range d.Answers {
		out = append(out, a.Text)
	}
	return out
}
