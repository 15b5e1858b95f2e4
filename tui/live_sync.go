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
func (l *Live) Plan(ctx context.Context, o ops.SyncOptions) (SyncPlan, error) {
	// The lists the mapping and the engine both read, once per plan.
	ctx = ops.WithRunCache(ctx)
	o.Apply = false
	run, err := l.session().PlanSync(ctx, o)
	if errors.Is(err, ops.ErrServiceRan) {
		return SyncPlan{}, fmt.Errorf("%w: two engines at once can duplicate items; stop Spira's service, or press F to plan anyway", err)
	}
	if err != nil {
		return SyncPlan{}, err
	}
	pf := run.Plan
	// The product the plan is for, as the engine read it (o.ProductID 0
	// means the only one mapped).
	out := SyncPlan{ProductID: pf.ProductID, LinkSameNames: o.LinkSameNames, Mode: pf.Mode, FullNote: pf.FullNote(), Run: run}
	for _, a := range run.Actions {
		sa := SyncAction{ID: a.ID, Kind: string(a.Kind), Direction: string(a.Direction), Artifact: a.Artifact.String(), Summary: a.Summary,
			Changes: a.Changes, Proposal: a.Proposal}
		if a.Reason != "" {
			if sa.Summary != "" {
				sa.Summary += ": "
			}
			sa.Summary += a.Reason
		}
		out.Actions = append(out.Actions, sa)
	}
	return out, nil
}

// RunSync implements SyncBackend: it applies the plan Plan returned, with
// the report's buckets in the order sync prints them.
func (l *Live) RunSync(ctx context.Context, plan SyncPlan, progress func(ops.Progress)) (SyncReport, error) {
	if plan.Run == nil {
		return SyncReport{}, errors.New("compute the dry-run plan first")
	}
	res, err := plan.Run.Run(ctx, progress)
	if res == nil || res.Report == nil {
		return SyncReport{}, err
	}
	rep := res.Report
	out := SyncReport{Counts: ops.ReportCounts(rep), Failures: rep.Failures}
	out.Notes = append(append(out.Notes, rep.Notes...), res.Notes...)
	return out, err
}
