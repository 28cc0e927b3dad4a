package slacktest

import "testing"

// TestTemplatesAreFreshCopies: every envelope starts from its own copy of
// a template, so what one test writes into a payload never shows in the
// next envelope.
func TestTemplatesAreFreshCopies(t *testing.T) {
	a := loadTemplate("slash_commands.json")
	a["payload"].(map[string]any)["text"] = "changed"
	b := loadTemplate("slash_commands.json")
	if b["payload"].(map[string]any)["text"] == "changed" {
		t.Fatal("a change to one copy of a template showed in the next")
	}
}
