package tui

import (
	"context"
	"errors"
	"fmt"

	"github.com/spirajira/spirajira/ops"
)

// Plan implements SyncBackend through the operations layer, as sync
// --dry-run plans: the mapping read from Spira as the plug-in reads it (or
// from the file), a snapshot, the plan; nothing is written and no lock is
// held, so applying it later is refused if another run synced meanwhile.
func (l *Live) Plan(ctx context.Context, o ops.SyncOptions) (*ops.SyncRun, error) {
	// The lists the mapping and the engine both read, once per plan.
	ctx = ops.WithRunCache(ctx)
	o.Apply = false
	run, err := l.session().PlanSync(ctx, o)
	if errors.Is(err, ops.ErrServiceRan) {
		return nil, fmt.Errorf("%w: two engines at once can duplicate items; stop Spira's service, or press F to plan anyway", err)
	}
	if err != nil {
		return nil, err
	}
	return run, nil
}

// RunSync implements SyncBackend: it applies the plan Plan returned.
func (l *Live) RunSync(ctx context.Context, run *ops.SyncRun, progress func(ops.Progress)) (*ops.SyncResult, error) {
	if run == nil {
		return nil, errors.New("compute the dry-run plan first")
	}
	return run.Run(ctx, progress)
}
