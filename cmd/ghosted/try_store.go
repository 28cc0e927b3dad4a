package main

import (
	"context"
	"errors"

	"github.com/ghosted-bot/ghosted/coach"
)

// save records the terminal's conversation in its store. The terminal is
// the deal's only writer (one person, one process), so the change is "the
// deal as the terminal holds it": created the first time, then changed
// through the store's one door for changes, like every deal.
func (t *terminal) save(ctx context.Context) error {
	_, _, err := t.store.UpdateDeal(ctx, t.deal.Key(), func(d *coach.Deal) ([]coach.Effect, error) {
		*d = t.deal
		return nil, nil
	})
	if errors.Is(err, coach.ErrNotFound) {
		err = t.store.CreateDeal(ctx, t.deal)
	}
	return err
}
