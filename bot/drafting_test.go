package bot

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghosted-bot/ghosted/coach"
)

// TestStreamedCardGolden: the card as the end of a stream shows it, under
// the streamed text. When the stream showed the start of the draft, the
// rest of the draft completes it and the blocks are the card without its
// title and text; when the stream showed another text (a first take the
// lint redrafted), the blocks say so and carry the whole draft.
func TestStreamedCardGolden(t *testing.T) {
	d := fixtureDeal()
	dr := fixtureDraft()
	advice := []coach.Effect{coach.Say{Text: "Send it once, then give them a week or two."}}
	c := draftCard{deal: d, draft: dr, advice: advice}
	half := dr.Text[:len(dr.Text)/2]

	rest, blocks := streamedCard(c, half)
	if rest != escapeMarkdown(strings.TrimPrefix(dr.Text, half)) {
		t.Errorf("rest of the stream = %q, want the draft after what was streamed", rest)
	}
	revisedRest, revised := streamedCard(c, "Hi Dana, a first take that the lint did not like")
	if revisedRest != "" {
		t.Errorf("after a first take, the stream's end adds %q, want nothing", revisedRest)
	}
	for name, msg := range map[string]outMessage{
		"streamed_card":         {Text: "(streamed: " + half + ")", Blocks: blocks},
		"streamed_card_revised": {Text: "(streamed: a first take)", Blocks: revised},
	} {
		t.Run(name, func(t *testing.T) {
			checkLimits(t, msg)
			raw, _ := json.Marshal(msg)
			hasBody := strings.Contains(string(raw), "door is open")
			if wantBody := name == "streamed_card_revised"; hasBody != wantBody {
				t.Errorf("the blocks carry the draft's text: %v, want %v", hasBody, wantBody)
			}
			if !strings.Contains(string(raw), `"card_shorter`) {
				t.Error("the card's buttons are missing")
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(msg); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./bot -run TestStreamedCardGolden -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the golden file; if the change is intended, run with -update.\ngot:\n%s", path, buf.Bytes())
			}
		})
	}
}
