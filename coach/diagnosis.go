package coach

// Score is one reason's likelihood in a diagnosis, with the evidence it rests on.
type Score struct {
	ID       ReasonID `json:"id"`
	Score    float64  `json:"score"`
	Evidence []string `json:"evidence"`
}

// Diagnosis ranks all seven reasons, most likely first.
type Diagnosis struct {
	Reasons []Score `json:"reasons"`
}

// Top returns the leading reason.
func (d Diagnosis) Top() Score {
	if len(d.Reasons) == 0 {
		return Score{ID: Value}
	}
	return d.Reasons[0]
}

// Of returns the score of one reason.
func (d Diagnosis) Of(id ReasonID) Score {
	for _, s := range d.Reasons {
		if s.ID == id {
			return s
		}
	}
	return Score{ID: id}
}
