package prompts

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
	"github.com/ghosted-bot/ghosted/coach/lint"
)

// TestGuidanceCovered checks the system prompt covers every guidance point
// listed in testdata/guidance.txt.
func TestGuidanceCovered(t *testing.T) {
	f, err := os.Open("testdata/guidance.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	system := strings.ToLower(System())
	points := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndex(line, ": ")
		point, phrases, ok := line[:max(i, 0)], line[i+2:], i > 0
		if !ok {
			t.Fatalf("guidance.txt: %q is not \"point: phrase | phrase\"", line)
		}
		points++
		for _, p := range strings.Split(phrases, "|") {
			if p = strings.ToLower(strings.TrimSpace(p)); !strings.Contains(system, p) {
				t.Errorf("guidance point %q: the system prompt lacks %q", point, p)
			}
		}
	}
	if points < 25 {
		t.Errorf("only %d guidance points listed", points)
	}
}

// exampleMessages returns the example messages in the system prompt.
func exampleMessages(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^Example \([^)]*\):\n(.+)$`).FindAllStringSubmatch(System(), -1) {
		out = append(out, m[1])
	}
	if len(out) < 2 || len(out) > 3 {
		t.Fatalf("%d example messages in the system prompt, want 2 or 3", len(out))
	}
	return out
}

// The examples teach the model what we want, so they must pass our own lint
// cleanly, all REAL elements present, and stay short.
func TestExampleMessagesPassTheLint(t *testing.T) {
	for _, ex := range exampleMessages(t) {
		r := lint.Check(ex)
		if len(r.Findings) > 0 || r.Score < 94 || !r.Real.Feelings || !r.Real.Intentions || !r.Real.DoorOpen {
			t.Errorf("example scores %d with %+v, real %+v:\n%s", r.Score, r.Findings, r.Real, ex)
		}
		if n := len(strings.Fields(ex)); n > 80 {
			t.Errorf("example is %d words, want a short one:\n%s", n, ex)
		}
	}
}

// bigStory is a realistic 2 KB story, the size the request budget is set for.
var bigStory = func() string {
	s := "Met Dana Reyes (ops director at Northwind Logistics) at the freight summit in September. Great demo on Oct 2: " +
		"she loved the route-exception dashboard and said her VP wants fewer late deliveries this quarter. " +
		"Their contract with Acme runs until March 2027. Sent the proposal the next day, then followed up twice. "
	for len(s) < 2048 {
		s += "She mentioned the peak season freeze and a new hub opening in Reno, and that the board reviews vendors in Q1. "
	}
	return s[:2048]
}()

// TestRequestBudget keeps a whole draft request (system prompt and user
// message) within 3,500 tokens, counted as bytes/4, for a 2 KB story with
// answers, an insight and, for a redraft, the earlier draft and findings.
func TestRequestBudget(t *testing.T) {
	const budget = 3500
	req := redraft()
	req.Story = bigStory
	req.Missing = []string{"feelings", "door_open"}
	for name, render := range map[string]func(coach.DraftRequest) (string, error){"draft": draft, "redraft": redraftOf} {
		user, err := render(req)
		if err != nil {
			t.Fatal(err)
		}
		if tokens := (len(System()) + len(user)) / 4; tokens > budget {
			t.Errorf("%s request is ~%d tokens, over %d", name, tokens, budget)
		} else {
			t.Logf("%s request: ~%d tokens (system %d bytes, user %d bytes)", name, tokens, len(System()), len(user))
		}
	}
}

// The system prompt is the same bytes for every request, so providers can
// cache it: nothing in it depends on the deal, the time or the request.
func TestSystemIsByteStable(t *testing.T) {
	first := System()
	for _, req := range []coach.DraftRequest{representative(), closing(), redraft()} {
		if _, err := Draft(req, testFence); err != nil {
			t.Fatal(err)
		}
		if System() != first {
			t.Fatal("the system prompt changed after rendering a request")
		}
	}
	for _, marker := range []string{"{{", "}}", "%s", "%v"} {
		if strings.Contains(first, marker) {
			t.Errorf("the system prompt holds template text %q", marker)
		}
	}
}

// reasonCases are deals that each lead with one reason or situation; their
// draft requests and cadence advice are golden files.
var reasonCases = []struct {
	name  string
	story string
	top   coach.ReasonID
}{
	{"interest", "Met Priya Nair, analyst at Fernhill Bank, at a webinar. She liked the forecasting view but said budgets sit with her VP. " +
		"Demo in October, then I followed up twice. Quiet for three weeks.", coach.Interest},
	{"timing_known_date", "Call with Marcus Lee at Brightline Health in September went well. They are locked into a contract with Medix " +
		"until June 2028, he said so himself. I followed up once.", coach.Timing},
	{"champion_change", "Our champion at Orion Retail, Nadia, left the company in October. Her replacement, Ahmed Khan, has not answered " +
		"my two emails. Nadia had wanted to cut stock-outs before the holiday peak.", coach.Interest},
	{"price_shock", "Sent Carla at Tidewater the proposal after a great demo; she replied that the price was double what she expected " +
		"and went quiet. I followed up twice since, no answer for a month.", coach.Value},
}

func TestGoldenByReason(t *testing.T) {
	now := time.Date(2026, time.November, 23, 10, 0, 0, 0, time.UTC)
	for _, tc := range reasonCases {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := coach.Start("d", "T", "U", tc.story, now)
			// The diagnosis is fixed here so the golden shows the prompt and
			// the cadence, whatever the diagnosis rules do.
			d.Diagnosis = coach.Diagnosis{Reasons: []coach.Score{{ID: tc.top, Score: 0.8}}}
			req := d.Request(coach.StyleDefault)
			got, err := Draft(req, testFence)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "draft_"+tc.name, got)
			golden(t, "advice_"+tc.name, "mode: "+string(req.Mode)+"\n"+coach.NextStep(d, now).Text+"\n")
			if tc.top == coach.Timing && req.Mode != coach.ModeNurture {
				t.Errorf("timing with a known date drafts in %s mode, want nurture", req.Mode)
			}
		})
	}
}

// The guidance is distilled in our own words: no run of eight words in a row
// of the prompts, the example messages or the lint's phrase file may match
// the seed articles. The seeds live beside the repository (GHOSTED_SEEDS, or
// ../shared/seeds from the repository root); a developer without them skips,
// but CI fails, so the check can never silently stop running.
func TestOwnWords(t *testing.T) {
	dir := os.Getenv("GHOSTED_SEEDS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "seeds")
	}
	seeds, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(seeds) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no seed articles in %s: CI must check the prompts against them", dir)
		}
		t.Skipf("no seed articles in %s", dir)
	}
	const n = 8
	shingles := map[string]string{}
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		w := words(string(b))
		for i := 0; i+n <= len(w); i++ {
			shingles[strings.Join(w[i:i+n], " ")] = filepath.Base(p)
		}
	}
	ours := map[string]string{"system.md": System(), "tips.txt": strings.Join(Tips(), "\n"),
		"example messages": strings.Join(exampleMessages(t), "\n")}
	for _, name := range []string{"brief.tmpl", "draft.tmpl", "redraft.tmpl", "read_system.tmpl", "read.tmpl", "map_system.tmpl", "map.tmpl"} {
		ours[name] = mustRead(name)
	}
	phraseFile, err := os.ReadFile(filepath.Join("..", "coach", "lint", "phrases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ours["coach/lint/phrases.txt"] = string(phraseFile)
	// The lint's training messages are ours too.
	trainFiles, _ := filepath.Glob(filepath.Join("..", "coach", "lint", "testdata", "train_*.txt"))
	if len(trainFiles) == 0 {
		t.Fatal("no coach/lint/testdata/train_*.txt files to check")
	}
	trainFiles = append(trainFiles, filepath.Join("..", "coach", "lint", "testdata", "families.txt"))
	for _, p := range trainFiles {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ours["coach/lint/testdata/"+filepath.Base(p)] = string(b)
	}
	for name, text := range ours {
		w := words(text)
		for i := 0; i+n <= len(w); i++ {
			s := strings.Join(w[i:i+n], " ")
			if seed, ok := shingles[s]; ok {
				t.Errorf("%s repeats %q from %s", name, s, seed)
			}
		}
	}
}

// A redraft for a draft with no findings but a missing REAL element names
// the element, instead of telling the model nothing was wrong.
func TestRedraftNamesMissingReal(t *testing.T) {
	req := representative()
	req.Previous = "Hi Dana,\n\nOur route-exception dashboard cut late deliveries by a fifth for two of your peers. Would a short call help?"
	req.Missing = []string{"feelings", "door_open"}
	got, err := Redraft(req, testFence)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "redraft_missing_real", got)
	for _, want := range []string{"Missing REAL element: real feelings", "Missing REAL element: an open door"} {
		if !strings.Contains(got, want) {
			t.Errorf("redraft lacks %q", want)
		}
	}
	if strings.Contains(got, "no specific findings") {
		t.Error("redraft still says there are no specific findings")
	}
}
