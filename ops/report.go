package ops

import "github.com/spirajira/spirajira/datasync"

// Count is one bucket of a run's report: how many of the plan's actions
// ended in it, and what it means where the name does not say.
type Count struct {
	Bucket string `json:"bucket"`
	N      int    `json:"n"`
	Detail string `json:"detail,omitempty"`
}

// ReportCounts are the report's buckets in one order for every face, each
// action of the plan in one, then their total (the plan's length). The
// buckets that are empty on a run that went well (deferred, not run) are
// left out when empty.
func ReportCounts(r *Report) []Count {
	var out []Count
	for _, k := range []string{"create", "update", "transition", "link", datasync.BucketUnchanged,
		datasync.BucketConflicts, datasync.BucketSkipped, datasync.BucketFailed, datasync.BucketDeferred, datasync.BucketNotRun} {
		n := r.Counts[k]
		if n == 0 && (k == datasync.BucketDeferred || k == datasync.BucketNotRun) {
			continue
		}
		out = append(out, Count{Bucket: k, N: n, Detail: bucketDetail[k]})
	}
	return append(out, Count{Bucket: "planned", N: r.Planned, Detail: "the actions of the plan; the counts above add up to it"})
}

var bucketDetail = map[string]string{
	datasync.BucketUnchanged: "already as planned, or pairs in sync",
	datasync.BucketDeferred:  "after a failure of the same item; planned again next run",
	datasync.BucketNotRun:    "the run stopped before them",
}
