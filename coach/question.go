package coach

// Question is a clarifying question tied to one reason. Quick-reply Options
// are offered where natural; free text is always accepted.
type Question struct {
	ID      string   `json:"id"`
	Reason  ReasonID `json:"reason"`
	Text    string   `json:"text"`
	Options []Option `json:"options,omitempty"`
}

// Option is a quick reply to a question. Shift moves the diagnosis when the
// option is chosen: positive for reasons it supports, negative for reasons it
// rules out.
type Option struct {
	Label string               `json:"label"`
	Value string               `json:"value"`
	Shift map[ReasonID]float64 `json:"shift,omitempty"`
}
