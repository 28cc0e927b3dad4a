package redisstore

import (
	"context"
	"crypto/rand"
	"os"
	"testing"

	"github.com/ghosted-bot/ghosted/coach"
)

// A coaching conversation is stored state plus a pure step: after a restart
// (a new Store on the same Redis) it carries on from the saved deal, pending
// question and answers included.
func TestConversationResumesAfterRestart(t *testing.T) {
	url := os.Getenv("REDIS_URL")
	ctx := context.Background()
	var first, second *Store
	if url == "" {
		first = openEmbedded(t)
		// The embedded server lives as long as the first Store; a second
		// Store connected to it stands in for the restarted process.
		var err error
		if second, err = Open(ctx, "redis://"+first.mini.Addr(), Options{Prefix: first.Prefix()}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { second.Close() })
	} else {
		prefix := "ghosted-test-" + rand.Text()[:12]
		var err error
		if first, err = Open(ctx, url, Options{Prefix: prefix}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { deleteKeys(t, first); first.Close() })
		if second, err = Open(ctx, url, Options{Prefix: prefix}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { second.Close() })
	}

	d, _ := coach.Start("d1", "T1", "U1", "Dana at Acme went quiet after the pilot. Budget freeze until Q3.", testNow)
	d, _, err := coach.Step(d, coach.Input{Option: d.Pending.Options[0].Value}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.CreateDeal(ctx, d); err != nil {
		t.Fatal(err)
	}

	got, err := second.Deal(ctx, d.Key())
	if err != nil {
		t.Fatal(err)
	}
	if got.Stage != d.Stage || got.Pending == nil || got.Pending.ID != d.Pending.ID || len(got.Answers) != 1 {
		t.Fatalf("restored stage %s pending %v answers %d; want %s %s 1", got.Stage, got.Pending, len(got.Answers), d.Stage, d.Pending.ID)
	}
	// The restored deal steps exactly like the original.
	a, fxA, errA := coach.Step(d, coach.Input{Text: "skip"}, testNow)
	b, fxB, errB := coach.Step(got, coach.Input{Text: "skip"}, testNow)
	if errA != nil || errB != nil || a.Stage != b.Stage || len(fxA) != len(fxB) {
		t.Fatalf("restored deal diverged: %s/%d vs %s/%d (%v %v)", a.Stage, len(fxA), b.Stage, len(fxB), errA, errB)
	}
	wa, okA := fxA[0].(coach.WriteDraft)
	wb, okB := fxB[0].(coach.WriteDraft)
	if !okA || !okB || wa.Request.Diagnosis.Top().ID != wb.Request.Diagnosis.Top().ID || len(wb.Request.Answers) != 1 {
		t.Fatalf("draft requests differ: %+v vs %+v", fxA, fxB)
	}
}
