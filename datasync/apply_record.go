package datasync

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// What a run records in Spira: the artifact mappings as items complete, and the run's end.

// mapping queues an artifact mapping for Spira.
func (a *applier) mapping(typeID, spiraID int, external string) {
	pid := a.s.ProductID
	a.mu.Lock()
	a.maps[typeID] = append(a.maps[typeID], spiraclient.RemoteDataMapping{ProjectID: &pid, InternalID: spiraID, ExternalKey: external, Primary: true})
	n := len(a.maps[typeID])
	a.mu.Unlock()
	if n >= MappingBatch {
		_ = a.flush()
	}
}

// MappingBatch is how many artifact mappings one Spira call records.
const MappingBatch = 100

// flush records the queued mappings in Spira, one call per artifact type,
// and marks them in the journal.
func (a *applier) flush() error {
	a.settleCreated()
	a.mu.Lock()
	queued := a.maps
	a.maps = map[int][]spiraclient.RemoteDataMapping{}
	a.mu.Unlock()
	for _, typ := range slices.Sorted(maps.Keys(queued)) {
		ms := queued[typ]
		if err := a.e.cfg.Spira.AddArtifactMappings(a.ctx, a.s.ProductID, a.e.cfg.PluginID, typ, ms); err != nil {
			if errors.Is(err, errCrashed) || a.ctx.Err() != nil {
				return err
			}
			for _, m := range ms {
				a.mu.Lock()
				a.rep.Failures = append(a.rep.Failures, Failure{Artifact: fmt.Sprintf("%s %d ↔ %s", typeName(typ), m.InternalID, m.ExternalKey),
					Reason: "recording the mapping in Spira failed: " + err.Error()})
				a.mu.Unlock()
			}
			continue
		}
		for _, m := range ms {
			for _, item := range itemsOf(typ, m.InternalID, m.ExternalKey) {
				if err := a.e.jr.write(entry{Type: entryMapped, Item: item, At: time.Now()}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func typeName(t int) string {
	switch t {
	case mapping.ArtifactTypeIncident:
		return "incident"
	case mapping.ArtifactTypeRequirement:
		return "requirement"
	case mapping.ArtifactTypeTask:
		return "task"
	}
	return "release"
}

// itemsOf are the journal items a recorded mapping closes: an incident
// sent to Jira is journaled as "IN:<id>", one that came from Jira under its
// issue key.
func itemsOf(typ, spiraID int, key string) []string {
	if typ == mapping.ArtifactTypeIncident {
		return []string{incItem(spiraID), key}
	}
	if typ == mapping.ArtifactTypeTask {
		return []string{taskItem(spiraID), key}
	}
	return []string{key}
}

// finish ends the run in Spira: the date, the outcome and the event log.
func (e *Engine) finish(ctx context.Context, rep *Report) error {
	sp := e.cfg.Spira
	rep.Finished = time.Now()
	rep.Outcome = "success"
	post := sp.DataSyncSuccess
	if len(rep.Failures) > 0 {
		rep.Outcome = "warning"
		post = sp.DataSyncWarning
	}
	// The event log is a courtesy: a failed write there does not undo
	// the run, it is said in the report.
	for _, f := range rep.Failures {
		msg := truncate("spirajira sync: "+f.Artifact+": "+f.Reason, 255)
		if err := sp.WriteEvent(ctx, spiraclient.RemoteEvent{EventLogEntryType: 1, Message: msg, Details: f.Reason}); err != nil {
			rep.Notes = append(rep.Notes, "writing an error to Spira's event log failed: "+err.Error())
		}
	}
	// A status Spira kept is said in its event log too, where the doctor
	// finds it.
	for _, f := range rep.Skipped {
		if !isStatusKept(f.Reason) {
			continue
		}
		msg := truncate("spirajira sync: "+f.Artifact+": "+f.Reason, 255)
		if err := sp.WriteEvent(ctx, spiraclient.RemoteEvent{EventLogEntryType: 2, Message: msg, Details: f.Reason}); err != nil {
			rep.Notes = append(rep.Notes, "writing a warning to Spira's event log failed: "+err.Error())
		}
	}
	summary := fmt.Sprintf(SummaryPrefix+" of product %d with %s: %d created, %d updated, %d transitioned, %d linked, %d conflicts, %d failed",
		rep.ProductID, e.snap.JiraKey, rep.Done(KindCreate), rep.Done(KindUpdate), rep.Done(KindTransition), rep.Done(KindLink),
		len(rep.Conflicts), len(rep.Failures))
	entryType := 4
	if len(rep.Failures) > 0 {
		entryType = 2
	}
	if err := sp.WriteEvent(ctx, spiraclient.RemoteEvent{EventLogEntryType: entryType, Message: truncate(summary, 255), Details: summary}); err != nil {
		rep.Notes = append(rep.Notes, "writing the summary to Spira's event log failed: "+err.Error())
	}
	if err := e.jr.write(entry{Type: entryPosting, Item: "run", At: rep.ServerTime.UTC()}); err != nil {
		return err
	}
	if err := post(ctx, e.cfg.PluginID, rep.ServerTime); err != nil {
		return fmt.Errorf("record the run in Spira (data-syncs/%d/%s): %w", e.cfg.PluginID, rep.Outcome, err)
	}
	e.st.LastPosted = rep.ServerTime.UTC()
	// Spira answers 200 to a run result for a record that is gone, so only
	// reading it back tells that the run was recorded.
	if err := e.confirmPlugin(ctx); errors.Is(err, spiraclient.ErrPluginNotFound) {
		return fmt.Errorf("the run's result was not recorded in Spira: %w", err)
	}
	if e.dead != nil && e.dead() {
		return errCrashed
	}
	if err := e.st.save(e.cfg.StateDir, e.inst); err != nil {
		return err
	}
	return e.jr.compact()
}
