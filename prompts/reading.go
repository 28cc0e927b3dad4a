package prompts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ghosted-bot/ghosted/coach"
)

// A reading is the structured request a language model answers about a
// story (the facts, the seven reasons, the questions worth asking) or about
// one typed answer (which option it means). The system messages are
// rendered once; the user message fences the salesperson's text with the
// request's code, as a draft's brief does. The JSON Schemas go in the
// request's response_format, strict, so a server that supports structured
// outputs can only answer in shape; for a server that knows only JSON mode
// the same schema is written into the user message instead.

// ReadSchemaName and MapSchemaName name the schemas in response_format.
const (
	ReadSchemaName = "ghosted_story_reading"
	MapSchemaName  = "ghosted_answer_mapping"
)

var (
	readSystem = mustExecute("read_system.tmpl", struct {
		Reasons   []coach.Reason
		Questions []coach.Question
	}{coach.Reasons, coach.Bank()})
	mapSystem  = mustExecute("map_system.tmpl", nil)
	readSchema = mustJSON(storySchema())
)

func mustExecute(name string, data any) string {
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, name, data); err != nil {
		panic(err)
	}
	return strings.TrimSpace(b.String())
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// ReadSystem returns the system message of a story reading. It is the same
// for every request.
func ReadSystem() string { return readSystem }

// MapSystem returns the system message of an answer mapping. It is the
// same for every request.
func MapSystem() string { return mapSystem }

// ReadSchema returns the JSON Schema a story reading answers in. The
// caller may not modify it.
func ReadSchema() json.RawMessage { return readSchema }

// MapSchema returns the JSON Schema of an answer mapping for q: its option
// values, or "none".
func MapSchema(q coach.Question) json.RawMessage {
	values := make([]string, 0, len(q.Options)+1)
	for _, o := range q.Options {
		values = append(values, o.Value)
	}
	return mustJSON(object(
		prop{"quote", str("The exact words of the answer that decide it; empty for none.")},
		prop{"option", enumOf("The value of the option the answer means, or none.", append(values, "none"))},
	))
}

// ReadStory renders the user message of a story reading: today's date and
// the story, fenced with f. With jsonMode, for a server without structured
// outputs, the schema is written into the message.
func ReadStory(storyText string, now time.Time, f Fence, jsonMode bool) (string, error) {
	story, cut := coach.CleanStory(storyText)
	v := struct {
		Fence     Fence
		Today     string
		Story     string
		Truncated bool
		Schema    string
	}{Fence: f, Today: now.Format("2006-01-02 (Monday)"), Story: defuse(fold(story)), Truncated: cut}
	if v.Story == "" {
		v.Story = "(no story given)"
	}
	if jsonMode {
		v.Schema = string(readSchema)
	}
	return execute("read.tmpl", f, v)
}

// MapAnswer renders the user message of an answer mapping: the question
// and its options, and the answer fenced with f. With jsonMode the schema
// is written into the message.
func MapAnswer(q coach.Question, answer string, f Fence, jsonMode bool) (string, error) {
	type option struct{ Value, Label string }
	v := struct {
		Fence    Fence
		Question string
		Options  []option
		Answer   string
		Schema   string
	}{Fence: f, Question: q.Text, Answer: block(answer, maxAnswer)}
	for _, o := range q.Options {
		v.Options = append(v.Options, option{o.Value, o.Label})
	}
	if jsonMode {
		v.Schema = string(MapSchema(q))
	}
	return execute("map.tmpl", f, v)
}

func execute(name string, f Fence, data any) (string, error) {
	if f == "" {
		return "", errNoFence
	}
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("prompts: render %s: %w", name, err)
	}
	return strings.TrimSpace(b.String()) + "\n", nil
}

// storySchema is the shape of a story reading. Strict structured outputs
// want every property required and no others allowed, so an unknown is a
// value ("" or -1), never a missing property. A model writes the
// properties in the order the schema lists them, so each quote comes
// before the value it grounds, and the evidence before the score.
func storySchema() schemaObject {
	reasons := make([]string, 0, len(coach.Reasons))
	for _, r := range coach.Reasons {
		reasons = append(reasons, string(r.ID))
	}
	var questions []string
	for _, q := range coach.Bank() {
		questions = append(questions, q.ID)
	}
	quote := str("The exact words of the story this rests on; empty when unknown.")
	text := func(what string) schemaObject {
		return object(prop{"quote", quote}, prop{"value", str(what)})
	}
	count := func(what string) schemaObject {
		return object(prop{"quote", quote}, prop{"value", integer(what)})
	}
	quotes := func(what string) map[string]any {
		return map[string]any{"type": "array", "description": what, "items": map[string]any{"type": "string"}}
	}
	return object(
		prop{"facts", object(
			prop{"prospect", text("The name of the person who went quiet; empty when the story names nobody.")},
			prop{"company", text("The prospect's organisation; empty when not named.")},
			prop{"follow_ups", count("Unanswered follow-ups the salesperson sent since the prospect last answered; -1 when unknown.")},
			prop{"days_silent", count("Days since the prospect last answered, up to today; -1 when unknown.")},
			prop{"channel", object(prop{"quote", quote}, prop{"value", enumOf("How the follow-ups went; empty when unknown.", []string{"email", "linkedin", "phone", "text", ""})})},
			prop{"dates", map[string]any{"type": "array", "description": "Dates that gate the deal.", "items": object(
				prop{"quote", str("The exact words of the story the date comes from.")},
				prop{"kind", enumOf("What the date is.", []string{coach.DateContractEnd, coach.DateBudget, coach.DateAudit, coach.DateEvent})},
				prop{"date", str("The date as YYYY-MM-DD, or empty when the story does not pin it down.")},
			)}},
		)},
		prop{"reasons", map[string]any{"type": "array", "description": "All seven reasons, most likely first.", "items": object(
			prop{"id", enumOf("The reason.", reasons)},
			prop{"evidence", quotes("Exact words of the story that point to this reason.")},
			prop{"against", quotes("Exact words of the story that point away from it.")},
			prop{"score", map[string]any{"type": "number", "description": "0 to 1: how strongly the story points to this reason."}},
		)}},
		prop{"worth_asking", map[string]any{"type": "array", "description": "Up to four question ids the story leaves open, most useful first.",
			"items": enumOf("A question id.", questions)}},
	)
}

// prop is one property of a schemaObject.
type prop struct {
	name   string
	schema any
}

// schemaObject is a strict JSON Schema object whose properties keep their
// order: every property required, no others allowed.
type schemaObject []prop

func object(props ...prop) schemaObject { return props }

// MarshalJSON writes the object with its properties in order.
func (o schemaObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"type":"object","properties":{`)
	required := make([]string, 0, len(o))
	for i, p := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(p.name)
		v, err := json.Marshal(p.schema)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
		required = append(required, p.name)
	}
	r, _ := json.Marshal(required)
	b.WriteString(`},"required":`)
	b.Write(r)
	b.WriteString(`,"additionalProperties":false}`)
	return b.Bytes(), nil
}

func str(desc string) map[string]any {
	return map[string]any{"type": "string", "description": desc}
}

func integer(desc string) map[string]any {
	return map[string]any{"type": "integer", "description": desc}
}

func enumOf(desc string, values []string) map[string]any {
	return map[string]any{"type": "string", "description": desc, "enum": values}
}
