package prompts

import "github.com/ghosted-bot/ghosted/coach"

// draftMessage is the user message for a first draft.
func draftMessage(req coach.DraftRequest) (string, error) { return draft(req) }
