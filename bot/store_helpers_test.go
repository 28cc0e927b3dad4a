package bot_test

import (
	"context"
	"errors"

	"github.com/ghosted-bot/ghosted/coach"
)

// saveDeal stores d as it is: over the stored deal, or as a new one. Tests
// set deals up this way; the bot changes them with steps.
func (h *harness) saveDeal(d coach.Deal) {
	h.t.Helper()
	ctx := context.Background()
	_, _, err := h.store.UpdateDeal(ctx, d.Key(), func(cur *coach.Deal) ([]coach.Effect, error) {
		*cur = d
		return nil, nil
	})
	if errors.Is(err, coach.ErrNotFound) {
		err = h.store.CreateDeal(ctx, d)
	}
	if err != nil {
		h.t.Fatal(err)
	}
}
