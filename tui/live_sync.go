package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// syncRun is a planned run: the engine that loaded the snapshot and the
// actions it planned, applied together by RunSync.
type syncRun struct {
	eng     *datasync.Engine
	actions []datasync.Action
	spira   mapping.Spira
	plugin  mapping.Plugin
	product *mapping.Product
}

// Plan implements SyncBackend: the mapping is read from Spira, as the
// plug-in reads it, then the engine loads a snapshot and plans; nothing is
// written.
func (l *Live) Plan(ctx context.Context, productID int, o PlanOptions) (SyncPlan, error) {
	// The lists the mapping and the engine both read, once per plan.
	ctx = spiraclient.WithRunCache(ctx)
	jc, err := l.jiraClient()
	if err != nil {
		return SyncPlan{}, err
	}
	sc, err := l.spiraClient()
	if err != nil {
		return SyncPlan{}, err
	}
	if l.cfg.StateDir == "" {
		return SyncPlan{}, errors.New("no state directory for the sync journal")
	}
	if err := os.MkdirAll(l.cfg.StateDir, 0o700); err != nil {
		return SyncPlan{}, err
	}
	ms := mapping.NewSpira(sc)
	plugin, err := mapping.FindPlugin(ctx, ms, l.pluginName())
	if err != nil {
		return SyncPlan{}, err
	}
	prod, err := mapping.PullForSync(ctx, ms, plugin, productID)
	if err != nil {
		return SyncPlan{}, err
	}
	eng, err := datasync.New(datasync.Config{Spira: sc, Jira: jc, Mapping: prod, PluginID: plugin.ID,
		ProductID: productID, StateDir: l.cfg.StateDir, Force: o.Force, LinkSameNames: o.LinkSameNames})
	if err != nil {
		return SyncPlan{}, err
	}
	snap, err := eng.Load(ctx)
	if errors.Is(err, datasync.ErrServiceRan) {
		return SyncPlan{}, fmt.Errorf("%w: two engines at once can duplicate items; stop Spira's service, or press F to plan anyway", err)
	}
	if err != nil {
		return SyncPlan{}, err
	}
	actions := datasync.Plan(snap)
	pf := datasync.NewPlanFile(productID, prod, nil)
	out := SyncPlan{ProductID: productID, LinkSameNames: o.LinkSameNames, Mode: pf.Mode, FullNote: pf.FullNote(),
		Raw: &syncRun{eng: eng, actions: actions, spira: ms, plugin: plugin, product: prod}}
	for _, a := range actions {
		sa := SyncAction{ID: a.ID, Kind: string(a.Kind), Direction: string(a.Direction), Artifact: a.Artifact.String(), Summary: a.Summary, Proposal: a.Proposal}
		if a.Reason != "" {
			if sa.Summary != "" {
				sa.Summary += ": "
			}
			sa.Summary += a.Reason
		}
		for _, c := range a.Changes {
			sa.Changes = append(sa.Changes, FieldChange{Field: c.Field, Before: c.Before, After: c.After})
		}
		out.Actions = append(out.Actions, sa)
	}
	return out, nil
}

// RunSync implements SyncBackend: it applies the plan Plan returned.
func (l *Live) RunSync(ctx context.Context, plan SyncPlan, progress func(SyncProgress)) (SyncReport, error) {
	run, ok := plan.Raw.(*syncRun)
	if !ok || run == nil {
		return SyncReport{}, errors.New("compute the dry-run plan first")
	}
	rep, err := run.eng.Apply(ctx, run.actions, func(p datasync.Progress) {
		progress(SyncProgress{Done: p.Done, Total: p.Total, Line: p.Line})
	})
	if rep == nil {
		return SyncReport{}, err
	}
	var out SyncReport
	keys := make([]string, 0, len(rep.Counts))
	for k := range rep.Counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if n := rep.Counts[k]; n > 0 || k == "failed" {
			out.Counts = append(out.Counts, Setting{Label: k, Value: fmt.Sprint(n)})
		}
	}
	for _, f := range rep.Failures {
		out.Failures = append(out.Failures, SyncFailure{Artifact: f.Artifact, Reason: f.Reason})
	}
	out.Notes = rep.Notes
	if err == nil && len(rep.Failures) == 0 && run.product.Project.Full() {
		// Spira 9.4+ may have removed the token itself: then say nothing.
		still, rerr := mapping.FullStillSet(ctx, run.spira, run.plugin.ID, run.product.Project.Spira.ID)
		if still || rerr != nil {
			out.Notes = append(out.Notes, datasync.FullDoneNote(run.product.Project.Key(), run.plugin.Name))
		}
	}
	return out, err
}
