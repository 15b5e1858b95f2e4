package cli

import (
	"context"
	"fmt"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/internal/words"
	"github.com/spirajira/spirajira/mapping"
)

// checkSyncMapping validates a mapping file before a sync reads anything
// with it, as 'mapping validate' would: the sync stops on its errors with
// the validator's words rather than on a raw API answer deep inside the
// run. Warnings are printed and the sync goes on.
func checkSyncMapping(ctx context.Context, o *SyncOptions, s mapping.Spira, pluginID int, p *mapping.Product) error {
	_, lk, err := mapping.Pull(ctx, s, pluginID, p.Project.Spira.ID)
	if err != nil {
		return fmt.Errorf("read product %d from Spira to check %s: %w", p.Project.Spira.ID, o.Mapping, err)
	}
	var j *mapping.Jira
	if key := p.Project.Key(); key != "" {
		if j, err = mappingJira(ctx, o.Factory, key); err != nil {
			return fmt.Errorf("read Jira project %s to check %s: %w", key, o.Mapping, err)
		}
	}
	problems := mapping.Validate(p, j, lk)
	errs := 0
	for _, pr := range problems {
		fmt.Fprintf(o.IO.ErrOut, "%s: %s: %s\n  fix: %s\n", pr.Severity, pr.Location, pr.Message, pr.Fix)
		if pr.Severity == mapping.Error {
			errs++
		}
	}
	if errs > 0 {
		return fmt.Errorf("%s has %s (above): fix them and check with 'spirajira mapping validate -f %s'; nothing was synced",
			o.Mapping, words.Count(errs, "mapping error"), o.Mapping)
	}
	return nil
}

// reportCountRows are the report's buckets, each action of the plan in
// one, and their total, which is the plan's length.
func reportCountRows(r *datasync.Report) [][]string {
	var rows [][]string
	for _, k := range []string{"create", "update", "transition", "link", datasync.BucketUnchanged,
		datasync.BucketConflicts, datasync.BucketSkipped, datasync.BucketFailed, datasync.BucketDeferred, datasync.BucketNotRun} {
		n := r.Counts[k]
		if n == 0 && (k == datasync.BucketDeferred || k == datasync.BucketNotRun) {
			continue
		}
		rows = append(rows, []string{k, fmt.Sprint(n), bucketDetail[k]})
	}
	return append(rows, []string{"planned", fmt.Sprint(r.Planned), "the actions of the plan; the counts above add up to it"})
}

var bucketDetail = map[string]string{
	datasync.BucketUnchanged: "already as planned, or pairs in sync",
	datasync.BucketDeferred:  "after a failure of the same item; planned again next run",
	datasync.BucketNotRun:    "the run stopped before them",
}
