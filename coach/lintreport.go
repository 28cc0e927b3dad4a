package coach

// Finding is one problem the lint found in a message: the rule it broke, the
// exact phrase it quotes from the message, and what to do instead.
type Finding struct {
	Rule   string `json:"rule"`
	Quote  string `json:"quote"`
	Advice string `json:"advice"`
}

// RealCheck says which elements of a REAL message are present: real feelings
// about what is happening, real intentions for them and the relationship, and
// a door left open.
type RealCheck struct {
	Feelings   bool `json:"feelings"`
	Intentions bool `json:"intentions"`
	DoorOpen   bool `json:"door_open"`
}

// Missing lists the REAL elements that are absent, by their JSON names.
func (r RealCheck) Missing() []string {
	var m []string
	if !r.Feelings {
		m = append(m, "feelings")
	}
	if !r.Intentions {
		m = append(m, "intentions")
	}
	if !r.DoorOpen {
		m = append(m, "door_open")
	}
	return m
}

// LintReport is the verdict on one message. Its JSON shape is the public
// contract of `ghosted lint --json`.
type LintReport struct {
	Score    int       `json:"score"`
	Findings []Finding `json:"findings"`
	Real     RealCheck `json:"real"`
}

// PassScore is the lowest score a message can have and still pass, provided it
// has no findings.
const PassScore = 70

// Passed reports whether the message is fit to send as it is: no findings and a
// score of at least PassScore.
func (r LintReport) Passed() bool {
	return len(r.Findings) == 0 && r.Score >= PassScore
}
