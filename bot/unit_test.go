package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/ghosted-bot/ghosted/bot/internal/ids"
	"github.com/ghosted-bot/ghosted/coach"
)

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<@UBOT> Acme went quiet", "Acme went quiet"},
		{"hey <@UBOT|ghosted>, help", "hey , help"},
		{"ask <@U123|dana> and <@U456>", "ask @dana and @someone"},
		{"in <#C1|sales> &amp; <!here>", "in #sales & @here"},
		{"see <https://acme.com/pricing|the pricing> or <mailto:d@acme.com|d@acme.com>", "see the pricing (https://acme.com/pricing) or d@acme.com"},
		{"a &lt;b&gt; tag", "a <b> tag"},
		{"unclosed < bracket", "unclosed < bracket"},
		{"  spaced   out  ", "spaced out"},
	} {
		if got := plainText(tc.in, "UBOT"); got != tc.want {
			t.Errorf("plainText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitAndTruncateRespectRunesAndEscapes(t *testing.T) {
	s := strings.Repeat("é&amp;x ", 1000)
	for _, part := range splitText(s, 3000) {
		if len(part) > 3000 || !strings.HasSuffix(strings.TrimRight(part, " "), "x") && strings.Contains(part[len(part)-4:], "&") {
			t.Errorf("bad split end %q", part[max(0, len(part)-10):])
		}
	}
	if got := strings.Join(splitText(s, 3000), ""); got != s {
		t.Errorf("split lost text")
	}
	tr := truncate("ab&amp;cd", 6)
	if strings.Contains(tr, "&am") && !strings.Contains(tr, "&amp;") {
		t.Errorf("truncate cut an escape: %q", tr)
	}
}

func TestParseSlash(t *testing.T) {
	for _, tc := range []struct {
		in   string
		sub  subcommand
		rest string
	}{
		{"", subModal, ""},
		{"  ", subModal, ""},
		{"help", subHelp, ""},
		{"HELP", subHelp, ""},
		{"help me with Acme, they went quiet", subStory, "help me with Acme, they went quiet"},
		{"list", subList, ""},
		{"forget", subForget, ""},
		{"forget about Acme, it is lost", subStory, "forget about Acme, it is lost"},
		{"lint Hi Dana, just checking in", subLint, "Hi Dana, just checking in"},
		{"lint", subLint, ""},
		{"nudge here", subNudge, "here"},
		{"Acme went quiet", subStory, "Acme went quiet"},
	} {
		sub, rest := parseSlash(tc.in)
		if sub != tc.sub || rest != tc.rest {
			t.Errorf("parseSlash(%q) = %v %q, want %v %q", tc.in, sub, rest, tc.sub, tc.rest)
		}
	}
}

func TestStoryFormValidation(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	valid := storyForm{Prospect: "Dana at Acme", Discussed: "Demo went well", Last: "2026-02-20", FollowUps: "2", Channel: "email"}
	if errs := valid.validate(now); errs != nil {
		t.Fatalf("valid form: %v", errs)
	}
	for name, tc := range map[string]struct {
		mod   func(*storyForm)
		field string
	}{
		"empty discussion": {func(f *storyForm) { f.Discussed = "" }, fieldDiscussed},
		"no prospect":      {func(f *storyForm) { f.Prospect = "" }, fieldProspect},
		"future date":      {func(f *storyForm) { f.Last = "2026-04-01" }, fieldLast},
		"bad date":         {func(f *storyForm) { f.Last = "yesterday" }, fieldLast},
		"words":            {func(f *storyForm) { f.FollowUps = "two" }, fieldFollowUps},
		"negative":         {func(f *storyForm) { f.FollowUps = "-1" }, fieldFollowUps},
		"huge":             {func(f *storyForm) { f.FollowUps = "1000" }, fieldFollowUps},
		"odd channel":      {func(f *storyForm) { f.Channel = "pigeon" }, fieldChannel},
	} {
		f := valid
		tc.mod(&f)
		errs := f.validate(now)
		if errs[tc.field] == "" || len(errs) != 1 {
			t.Errorf("%s: errors %v, want one on %s", name, errs, tc.field)
		}
	}
	story := valid.story()
	for _, want := range []string{"Prospect: Dana at Acme", "Last contact: 2026-02-20", "2 follow-ups", "Channel: email", "Demo went well"} {
		if !strings.Contains(story, want) {
			t.Errorf("story lacks %q:\n%s", want, story)
		}
	}
}

func TestStoryModalWithinLimits(t *testing.T) {
	v := storyModal("C1")
	if n := len([]rune(v.Title.Text)); n > 24 {
		t.Errorf("title of %d chars", n)
	}
	if len(v.PrivateMetadata) > 3000 || len(v.Blocks.BlockSet) > 100 {
		t.Errorf("modal too big")
	}
}

func TestPoolSerializesPerKeyAndRunsKeysInParallel(t *testing.T) {
	p := newPool(4, 100, 100, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()
	p.start(ctx)

	var mu sync.Mutex
	order := map[string][]int{}
	var running, maxRunning atomic.Int32
	var wg sync.WaitGroup
	started := make(chan struct{}, 3)
	block := make(chan struct{})
	for i := range 20 {
		key := []string{"a", "b", "c"}[i%3]
		wg.Add(1)
		if !p.submit(key, "", func(context.Context) {
			defer wg.Done()
			n := running.Add(1)
			defer running.Add(-1)
			for {
				m := maxRunning.Load()
				if n <= m || maxRunning.CompareAndSwap(m, n) {
					break
				}
			}
			if i < 3 {
				// The first job of each key waits until all three run:
				// this only ends if the keys run in parallel.
				started <- struct{}{}
				<-block
			}
			mu.Lock()
			order[key] = append(order[key], i)
			mu.Unlock()
		}) {
			t.Fatal("submit refused")
		}
	}
	timeout := time.After(5 * time.Second)
	for range 3 {
		select {
		case <-started:
		case <-timeout:
			t.Fatal("keys did not run in parallel")
		}
	}
	close(block)
	wg.Wait()
	if maxRunning.Load() > 3 {
		t.Errorf("%d jobs ran at once with 3 keys", maxRunning.Load())
	}
	for key, got := range order {
		for i := 1; i < len(got); i++ {
			if got[i] < got[i-1] {
				t.Errorf("key %s ran out of order: %v", key, got)
			}
		}
	}
	if err := p.close(ctx); err != nil {
		t.Fatal(err)
	}
	if p.submit("a", "", func(context.Context) {}) {
		t.Error("a closed pool took a job")
	}
}

func TestPoolRefusesWhenFullAndHoldDelaysAKey(t *testing.T) {
	p := newPool(1, 3, 3, slog.New(slog.NewTextHandler(io.Discard, nil)))
	release := p.hold("k")
	var ran []int
	if !p.submit("k", "", func(context.Context) { ran = append(ran, 1) }) || !p.submit("k", "", func(context.Context) { ran = append(ran, 2) }) {
		t.Fatal("submit refused below the limit")
	}
	other := make(chan struct{})
	if !p.submit("other", "", func(context.Context) { close(other) }) {
		t.Fatal("submit refused below the limit")
	}
	if p.submit("more", "", func(context.Context) {}) {
		t.Error("a full queue took a job")
	}
	// One worker takes ready keys in order: had the held key been ready,
	// its jobs (submitted first) would have run before "other".
	p.start(context.Background())
	<-other
	p.mu.Lock()
	held := len(ran)
	p.mu.Unlock()
	if held != 0 {
		t.Fatal("a job ran while its key was held")
	}
	release()
	if err := p.close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(ran) != 2 || ran[0] != 1 || ran[1] != 2 {
		t.Errorf("ran %v, want [1 2]", ran)
	}
}

// TestPoolSharesPerUser: one person's jobs stop being taken at their share
// of the queue, while another's still are; a started job frees its place.
func TestPoolSharesPerUser(t *testing.T) {
	p := newPool(1, 10, 2, slog.New(slog.NewTextHandler(io.Discard, nil)))
	started, done := make(chan struct{}), make(chan struct{})
	if !p.submit("a", "T1:U1", func(context.Context) { close(started); <-done }) || !p.submit("b", "T1:U1", func(context.Context) {}) {
		t.Fatal("a person's first two jobs were refused")
	}
	if p.submit("c", "T1:U1", func(context.Context) {}) || p.accepting("T1:U1") {
		t.Error("a person's third queued job was taken with a share of 2")
	}
	if !p.submit("d", "T1:U2", func(context.Context) {}) || !p.submit("e", "", func(context.Context) {}) {
		t.Error("someone else's job was refused")
	}
	p.start(context.Background())
	<-started // one of U1's jobs left the queue
	if !p.accepting("T1:U1") {
		t.Error("a started job did not free its place in the person's share")
	}
	close(done)
	if err := p.close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(p.users); n != 0 {
		t.Errorf("%d people still counted once the queue is empty", n)
	}
}

func TestCardInput(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	in, ok := cardInput(slack.BlockAction{ActionID: ids.Remind, SelectedOption: slack.OptionBlockObject{Value: "7"}}, now)
	if !ok || in.RemindAt.Format(time.DateOnly) != "2026-03-17" {
		t.Errorf("remind in a week = %+v %v", in, ok)
	}
	if _, ok := cardInput(slack.BlockAction{ActionID: "card_bogus", Value: "bogus"}, now); ok {
		t.Error("unknown action accepted")
	}
}

func TestPoolYieldLetsOthersWorkWhileAJobWaits(t *testing.T) {
	p := newPool(1, 10, 10, slog.New(slog.NewTextHandler(io.Discard, nil)))
	p.start(context.Background())
	waiting := make(chan struct{})
	model := make(chan struct{})
	other := make(chan struct{})
	p.submit("slow", "", func(context.Context) {
		resume := p.yield()
		close(waiting)
		<-model // the model takes its time
		resume()
	})
	<-waiting
	p.submit("quick", "", func(context.Context) { close(other) })
	<-other // runs on the only slot while "slow" waits
	close(model)
	if err := p.close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// The modal's story is read by the coach's fact extraction: the two must
// agree on the phrasing.
func TestStoryFormReadsBackAsFacts(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	f := storyForm{Prospect: "Dana Lee at Acme", Discussed: "Demo went well; she asked for pricing", Last: "2026-02-24", FollowUps: "3", Channel: "linkedin"}
	facts := coach.ExtractFacts(f.story(), now)
	if facts.Prospect != "Dana Lee" || facts.Company != "Acme" || facts.FollowUps != 3 || facts.DaysSilent != 14 || facts.Channel != "linkedin" {
		t.Errorf("facts = %+v\nfrom:\n%s", facts, f.story())
	}
	f.FollowUps = "0"
	if got := coach.ExtractFacts(f.story(), now).FollowUps; got != 0 {
		t.Errorf("no follow-ups read as %d", got)
	}
}

// mapCounter is an in-memory dayCounter; failing makes every count fail.
type mapCounter struct {
	mu      sync.Mutex
	n       map[string]int64
	failing bool
}

func (m *mapCounter) CountUp(_ context.Context, team, user, name string, _ time.Duration) (int64, error) {
	key := team + "/" + user + "/" + name
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failing {
		return 0, errors.New("redis down")
	}
	if m.n == nil {
		m.n = map[string]int64{}
	}
	m.n[key]++
	return m.n[key], nil
}

func TestLimits(t *testing.T) {
	counter := &mapCounter{}
	l := newLimits(2, 3, counter, slog.New(slog.DiscardHandler))
	ctx := context.Background()
	day := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	if l.acquire(ctx, "T1", "u", day) != limitOK || l.acquire(ctx, "T1", "u", day) != limitOK {
		t.Fatal("first two drafts refused")
	}
	if got := l.acquire(ctx, "T1", "u", day); got != limitConcurrent {
		t.Errorf("third concurrent draft: %v", got)
	}
	if l.acquire(ctx, "T1", "v", day) != limitOK {
		t.Error("another user was limited")
	}
	l.release("T1", "u")
	if l.acquire(ctx, "T1", "u", day) != limitOK {
		t.Error("a released slot was not reusable")
	}
	l.release("T1", "u")
	l.release("T1", "u")
	if got := l.acquire(ctx, "T1", "u", day); got != limitDaily {
		t.Errorf("fourth draft of the day: %v", got)
	}
	// A refused draft holds no slot: two more attempts are both daily refusals.
	if got := l.acquire(ctx, "T1", "u", day); got != limitDaily {
		t.Errorf("fifth draft of the day: %v", got)
	}
	// Another replica sharing the same counter sees the same day.
	other := newLimits(2, 3, counter, slog.New(slog.DiscardHandler))
	if got := other.acquire(ctx, "T1", "u", day); got != limitDaily {
		t.Errorf("another replica allowed a draft over the daily limit: %v", got)
	}
	if l.acquire(ctx, "T1", "u", day.Add(24*time.Hour)) != limitOK {
		t.Error("the daily count did not reset the next day")
	}
	// Memory down: the limit does not block drafting.
	counter.failing = true
	l.release("T1", "u")
	if l.acquire(ctx, "T1", "w", day) != limitOK {
		t.Error("a counting failure refused a draft")
	}
}
