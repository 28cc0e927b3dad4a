package coach

import (
	_ "embed"
	"math"
	"strings"

	"github.com/ghosted-bot/ghosted/coach/textmodel"
)

// The reason model: a small text classifier (coach/textmodel) trained on
// the labelled training stories, whose weights are committed beside this
// file. It sees the whole story and gives each of the seven reasons a
// probability, which adds to the reason's cue weight (reasonModelWeight
// times the probability, capped for a reason no cue names). The cues stay
// the diagnosis's backbone and its evidence; the model reorders the
// reasons, most often lifting the second reason of a two-reason story that
// no cue caught, and a reason it lifts into the top two without a cue is
// explained by quoting the story's words that weigh most for it in the
// model.
//
// Beside it sits the presence model, trained on the same stories with one
// yes-or-no classifier per reason instead of one choice among the seven,
// and read sentence by sentence: a reason's presence is the highest
// probability any one sentence gives it. The reason model's probabilities
// add up to one, so a story that says one reason loudly leaves little for
// a second said in passing; the presence model gives the passing mention
// its own say. It speaks only for second place (the runner-up rule below).
//
// Both are kept in diagnosis_model.bin. TestReasonModelFresh trains them
// again and fails if the committed weights are stale; run it with -update
// to rewrite them.

//go:embed diagnosis_model.bin
var reasonModelBytes []byte

// reasonModel and presenceModel are nil only if the committed weights
// cannot be read, which TestReasonModelFresh rules out; the diagnosis then
// runs on cues alone.
var reasonModel, presenceModel = func() (*textmodel.Model, *textmodel.Model) {
	ms, err := textmodel.LoadBundle(reasonModelBytes)
	if err != nil || len(ms) != 2 || ms[0].Classes() != len(Reasons) || ms[1].Classes() != len(Reasons) || !ms[1].Presence() {
		return nil, nil
	}
	return ms[0], ms[1]
}()

// reasonModelConfig is how the reason model is trained: every feature
// kept, with a stronger weight decay than the default, chosen by
// leave-one-file-out cross-validation of the model alone over the training
// files as they were before the diagnosis_train files (top-1/top-2
// 0.932/0.966, against 0.912/0.949 with the defaults).
//
// With diagnosis_train_7 among the folds, nothing else tried beat it (and
// the blend and runner-up rule as set) by more than a change of seed
// alone moves the count (seeds 7, 8 and 9: 9845, 9828 and 9833 hits of
// 10160 over both tables): weight decay 3e-4, 5e-4, 2e-3 or 3e-3 (on
// both models or on one), 20 or 80 epochs, MinDocs 2, rate 0.25 or 1, a
// presence model trained sentence by sentence (each text's likeliest
// sentence standing for it, as SentenceProbs reads it), a larger share of
// a two-reason story's target for its first-named reason, positives
// weighted up or down in the presence model, the presence model in the
// lead's lift, the presence model read over the whole story or clause by
// clause for second place, a saturated cue weight in the runner-up rule,
// two seeds' models averaged, and pairs of words one apart as features
// (worse by 90 hits over three seeds). Without word pairs the models do
// clearly worse (by 250 hits over three seeds).
var reasonModelConfig = textmodel.Config{Seed: 7, MinDocs: 1, L2: 1e-3}

// presenceModelConfig is how the presence model is trained: as the reason
// model, a sigmoid per reason.
var presenceModelConfig = func() textmodel.Config {
	c := reasonModelConfig
	c.Presence = true
	return c
}()

// reasonModelWeight is how much of the model's probability for a reason adds to
// the reason's weight in evidence space: chosen by leave-one-file-out
// cross-validation over the training files (see TestReasonModelBlendCV).
const reasonModelWeight = 2.5

// modelFullAt is how many known features (words and pairs) a story needs
// for the model's full weight: a one-line story gives the model little to
// go on, so its say shrinks in proportion, and the cues (and the answers)
// decide. A judgement, not fitted; the cross-validation applies it too.
const modelFullAt = 40

// modelText is the story as the model reads it, as the cues do: with
// typographic quotes folded, so the model's byte offsets are the cues'.
func modelText(story string) string { return apostrophes.Replace(story) }

// addModel adds the model's view of the story (text, as modelText gives
// it) to the reasons' weights, and places the runner-up by the model and
// the presence model pm (when not nil).
func (s *diagState) addModel(m, pm *textmodel.Model, weight float64, text string) {
	if m == nil || weight == 0 || strings.TrimSpace(text) == "" {
		return
	}
	var p, present [maxReasonClasses]float64
	n := len(Reasons)
	known := textmodel.ProbsAndSentences(m, pm, text, p[:n], present[:n])
	scale := min(1, float64(known)/modelFullAt)
	if pm == nil {
		copy(present[:n], p[:n])
	}
	weight *= scale
	var cues, totals, second [maxReasonClasses]float64
	for i := range Reasons {
		cues[i] = s.total(i)
		s.model[i] = modelLift(cues[i], weight*p[i])
		totals[i] = cues[i] + s.model[i]
		second[i] = runnerUpProb(p[i], present[i]) * scale
	}
	if r, lift := runnerUpLift(cues[:n], second[:n], totals[:n]); lift > 0 {
		s.place[r] = lift
	}
}

// runnerUpProb is what the models say for a reason's second place: the
// mean of the reason model's probability for the story and the presence
// model's for its likeliest sentence.
func runnerUpProb(prob, presence float64) float64 { return (prob + presence) / 2 }

// The runner-up rule. The blend above ranks the lead well, but the second
// reason of a two-reason story is often said only in passing: no cue
// names it, so the cap holds the model's lift for it down, and a reason
// some cue touched by chance takes second place. So second place is
// decided apart from the lead, by the cue weight at runnerUpCueShare plus
// the models' probability (runnerUpProb, shrunk for a short story, as the
// lift is) times runnerUpModelWeight, uncapped: the models speak louder
// for second place than for first, and the lead stays the blend's. A
// reason the cues count against (its weight below zero) is never moved
// up. The two numbers, and the presence model's say beside the reason
// model's, are chosen by leave-one-file-out cross-validation over the
// training files (TestRunnerUpCV). With diagnosis_train_6 among them,
// both reasons of a two-reason story were in the top two for 1281 of 1386
// (today's cues and first-seen ones added up), against 1263 for the rule
// before it (the reason model alone, cues x0.5 + model x7), 1267 at best
// with the reason model alone, and 1224 without the rule. With
// diagnosis_train_7 added, 1628 of 1788 at cues x0.5 + models x5 (the
// same as x0.25 + x2.5 or x1 + x10: only the ratio counts), against 1618
// for cues x0.75 + models x4 as the rule was, 1603 at best with the
// reason model alone, and 1520 without the rule.
const (
	runnerUpCueShare    = 0.5
	runnerUpModelWeight = 5.0
)

// runnerUpLift applies the runner-up rule to the reasons' cue weights,
// model probabilities and blended totals: it returns the reason the rule
// puts second and what must be added to its total to place it there, just
// above the blend's second and never level with the lead (0 when the
// blend already has it second, or the lead is tied).
func runnerUpLift(cues, probs, totals []float64) (int, float64) {
	return runnerUpLiftWith(runnerUpCueShare, runnerUpModelWeight, cues, probs, totals)
}

// runnerUpLiftWith is runnerUpLift with the rule's two numbers given.
func runnerUpLiftWith(cueShare, modelWeight float64, cues, probs, totals []float64) (int, float64) {
	raw := func(i int) float64 { return max(totals[i], 0) }
	lead := 0
	for i := range totals {
		if raw(i) > raw(lead) {
			lead = i
		}
	}
	second, pick, best := -1, -1, math.Inf(-1)
	for i := range totals {
		if i == lead {
			continue
		}
		if second < 0 || raw(i) > raw(second) {
			second = i
		}
		if v := cueShare*cues[i] + modelWeight*probs[i]; v > best {
			pick, best = i, v
		}
	}
	if pick < 0 || pick == second || raw(second) >= raw(lead) || cues[pick] < 0 {
		// Nothing to move, or the pick is a reason the cues count
		// against ("not that she doesn't see the point"): the model
		// alone does not bring it back.
		return pick, 0
	}
	// Just above the blend's second, halfway to the lead at most.
	target := raw(second) + min(1e-6, (raw(lead)-raw(second))/2)
	if raw(pick) >= target {
		return pick, 0
	}
	return pick, target - totals[pick]
}

// unsupportedCap bounds what the model adds to a reason no cue spoke for
// (its cue weight at most cueSupport): the model may lift such a reason
// above the others no cue spoke for, and past a single cue, but not past a
// reason the story names in several.
//
// It is a product guard, not a fitted number. Without a cap the
// cross-validation does a little better (first-seen folds 0.974/0.988 at
// weight 5, against 0.956/0.981 here), but the model then overrides the
// cues' own rules on short stories: "happy with the demo" reads as status
// quo, two follow-ups as pushy tactics, and the first question and the
// draft's mode change with them. 1.0 is the loosest cap tried (0.5, 0.75,
// 1.0, 1.5, none) under which those rules' tests still hold; the weight
// is then the cross-validation's choice.
const unsupportedCap = 1.0

// cueSupport is the cue weight above which a reason counts as spoken for;
// the priors sit below it.
const cueSupport = 0.25

// modelLift is what the model adds to a reason with cue weight cue, when
// it would add lift.
func modelLift(cue, lift float64) float64 {
	if cue <= cueSupport {
		return min(lift, unsupportedCap)
	}
	return lift
}

// maxReasonClasses sizes the model's scratch space.
const maxReasonClasses = 8

// modelEvidence quotes, for reason i, the clause of the story holding the
// words that speak most for it in the model, never words in the rep's own
// actions or negated ones.
func (s *diagState) modelEvidence(m *textmodel.Model, i int) (string, bool) {
	if m == nil || s.story == nil {
		return "", false
	}
	r := s.story
	start, end, _, ok := m.Strongest(r.text, i, func(start, end int) bool {
		// Never words of a clause that tells the rep's own doing: one
		// with words in the rep's scope, or one that opens with a rep
		// verb and no subject, as notes do ("Emailed her twice").
		from, to := clauseSpan(r.text, start, end)
		if s.citedElsewhere(r.text[from:to], i) {
			// Words another reason already quotes explain that one.
			return true
		}
		first := true
		for k, w := range r.ws {
			if w.end <= from || w.start >= to {
				continue
			}
			if r.rep[k] || first && w.is(gRepVerb) {
				return true
			}
			first = false
		}
		return false
	})
	if !ok {
		return "", false
	}
	ev := clauseAround(r.text, start, end-start)
	if othersLine(r.text, start) {
		ev = OthersEvidence + ev
	}
	return ev, ev != ""
}

// citedElsewhere reports whether some reason other than i already quotes
// clause (or words inside it) as evidence.
func (s *diagState) citedElsewhere(clause string, i int) bool {
	for j, list := range s.pro {
		if j == i {
			continue
		}
		for _, c := range list {
			if strings.Contains(c.text, clause) || strings.Contains(clause, strings.TrimPrefix(c.text, OthersEvidence)) {
				return true
			}
		}
	}
	return false
}

// clauseSpan is the byte span of the clause clauseAround quotes for
// [start, end).
func clauseSpan(text string, start, end int) (int, int) {
	ev := clauseAround(text, start, end-start)
	from := max(0, start-len(ev))
	if i := strings.Index(text[from:min(len(text), end+len(ev))], ev); i >= 0 {
		return from + i, from + i + len(ev)
	}
	return start, end
}
