package slacktest

import (
	"encoding/json"
	"fmt"
	"slices"
	"unicode/utf8"
)

// Block Kit limits the fake enforces, as Slack documents them. A bot that
// passes here will not meet invalid_blocks on Slack for these reasons.
const (
	maxMessageBlocks  = 50
	maxViewBlocks     = 100
	maxSectionText    = 3000
	maxSectionFields  = 10
	maxFieldText      = 2000
	maxHeaderText     = 150
	maxActionElements = 25
	maxContextItems   = 10
	maxButtonText     = 75
	maxButtonValue    = 2000
	maxID             = 255 // block_id, action_id, callback_id
	maxViewTitle      = 24  // title, submit and close of a modal
	maxPrivateMeta    = 3000
)

// limitError is the invalid_blocks / invalid_arguments message Slack gives,
// with a JSON pointer to the offending field.
func limitError(code, pointer string, limit int) *apiError {
	return fail(code, fmt.Sprintf("[ERROR] must be less than %d characters [json-pointer:%s]", limit+1, pointer))
}

// validateBlocks checks a blocks argument: a JSON array of at most max
// blocks within Block Kit's limits.
func validateBlocks(raw string, max int) *apiError {
	var blocks []map[string]any
	if err := json.Unmarshal([]byte(raw), &blocks); err != nil {
		return fail("invalid_blocks_format", err.Error())
	}
	return checkBlocks(blocks, max, "invalid_blocks", "/blocks")
}

func checkBlocks(blocks []map[string]any, max int, code, pointer string) *apiError {
	if len(blocks) > max {
		return fail(code, fmt.Sprintf("[ERROR] must be less than %d items [json-pointer:%s]", max+1, pointer))
	}
	seen := map[string]bool{}
	for i, b := range blocks {
		at := fmt.Sprintf("%s/%d", pointer, i)
		typ, _ := b["type"].(string)
		if typ == "" {
			return fail(code, fmt.Sprintf("[ERROR] missing required field: type [json-pointer:%s]", at))
		}
		if id, _ := b["block_id"].(string); id != "" {
			if seen[id] {
				return fail(code, fmt.Sprintf("[ERROR] duplicate block_id %q [json-pointer:%s/block_id]", id, at))
			}
			seen[id] = true
			if tooLong(id, maxID) {
				return limitError(code, at+"/block_id", maxID)
			}
		}
		if e := checkBlock(b, typ, code, at); e != nil {
			return e
		}
	}
	return nil
}

func checkBlock(b map[string]any, typ, code, at string) *apiError {
	switch typ {
	case "section":
		if tooLong(textOf(b["text"]), maxSectionText) {
			return limitError(code, at+"/text/text", maxSectionText)
		}
		fields, _ := b["fields"].([]any)
		if len(fields) > maxSectionFields {
			return fail(code, fmt.Sprintf("[ERROR] must be less than %d items [json-pointer:%s/fields]", maxSectionFields+1, at))
		}
		for j, fld := range fields {
			if tooLong(textOf(fld), maxFieldText) {
				return limitError(code, fmt.Sprintf("%s/fields/%d/text", at, j), maxFieldText)
			}
		}
		if acc, ok := b["accessory"].(map[string]any); ok {
			return checkElement(acc, code, at+"/accessory")
		}
	case "header":
		if tooLong(textOf(b["text"]), maxHeaderText) {
			return limitError(code, at+"/text/text", maxHeaderText)
		}
	case "actions", "context":
		elems, _ := b["elements"].([]any)
		limit := maxActionElements
		if typ == "context" {
			limit = maxContextItems
		}
		if len(elems) > limit {
			return fail(code, fmt.Sprintf("[ERROR] must be less than %d items [json-pointer:%s/elements]", limit+1, at))
		}
		for j, el := range elems {
			if m, ok := el.(map[string]any); ok {
				if e := checkElement(m, code, fmt.Sprintf("%s/elements/%d", at, j)); e != nil {
					return e
				}
			}
		}
	}
	return nil
}

func checkElement(el map[string]any, code, at string) *apiError {
	if id, _ := el["action_id"].(string); tooLong(id, maxID) {
		return limitError(code, at+"/action_id", maxID)
	}
	if el["type"] != "button" {
		return nil
	}
	if tooLong(textOf(el["text"]), maxButtonText) {
		return limitError(code, at+"/text/text", maxButtonText)
	}
	if v, _ := el["value"].(string); tooLong(v, maxButtonValue) {
		return limitError(code, at+"/value", maxButtonValue)
	}
	return nil
}

// validateView checks a view argument of views.open/push/update/publish and
// returns it decoded. want is the view type the method takes.
func validateView(raw string, want ...string) (map[string]any, *apiError) {
	if raw == "" {
		return nil, fail("invalid_arguments", "[ERROR] missing required field: view")
	}
	var view map[string]any
	if err := json.Unmarshal([]byte(raw), &view); err != nil {
		return nil, fail("invalid_arguments", "[ERROR] view must be a JSON object: "+err.Error())
	}
	typ, _ := view["type"].(string)
	if !slices.Contains(want, typ) {
		return nil, fail("invalid_arguments", fmt.Sprintf("[ERROR] view type must be %v [json-pointer:/view/type]", want))
	}
	if typ == "modal" {
		if view["title"] == nil {
			return nil, fail("invalid_arguments", "[ERROR] missing required field: title [json-pointer:/view]")
		}
		for _, key := range []string{"title", "submit", "close"} {
			if tooLong(textOf(view[key]), maxViewTitle) {
				return nil, limitError("invalid_arguments", "/view/"+key+"/text", maxViewTitle)
			}
		}
	}
	if pm, _ := view["private_metadata"].(string); tooLong(pm, maxPrivateMeta) {
		return nil, limitError("invalid_arguments", "/view/private_metadata", maxPrivateMeta)
	}
	if id, _ := view["callback_id"].(string); tooLong(id, maxID) {
		return nil, limitError("invalid_arguments", "/view/callback_id", maxID)
	}
	var blocks []map[string]any
	if raw, ok := view["blocks"]; ok {
		b, _ := json.Marshal(raw)
		if err := json.Unmarshal(b, &blocks); err != nil {
			return nil, fail("invalid_arguments", "[ERROR] blocks must be an array of objects [json-pointer:/view/blocks]")
		}
	}
	if e := checkBlocks(blocks, maxViewBlocks, "invalid_arguments", "/view/blocks"); e != nil {
		return nil, e
	}
	return view, nil
}

// textOf returns the text of a text object ({"type":…,"text":…}).
func textOf(v any) string {
	if m, ok := v.(map[string]any); ok {
		s, _ := m["text"].(string)
		return s
	}
	return ""
}

func tooLong(s string, limit int) bool { return utf8.RuneCountInString(s) > limit }
