package datasync

import (
	"strconv"
)

// The buckets of Report.Counts besides the applied kinds (create, update,
// transition, link): every action of the plan lands in exactly one, so
// the counts add up to Report.Planned.
const (
	// BucketUnchanged: ran and found nothing to do, or a pair already in
	// sync.
	BucketUnchanged = "unchanged"
	// BucketSkipped: left alone on purpose (a skip with a reason, a
	// proposal).
	BucketSkipped = "skipped"
	// BucketConflicts: changed on both sides.
	BucketConflicts = "conflicts"
	// BucketFailed: failed; retried next run.
	BucketFailed = "failed"
	// BucketDeferred: not tried because an earlier action of its item
	// failed; the next run plans it again.
	BucketDeferred = "deferred"
	// BucketNotRun: the run stopped (cancelled) before it.
	BucketNotRun = "not run"
)

// Created is one item a run created, with both sides' IDs, so a script can
// find what arrived where.
type Created struct {
	Action    string    `json:"action"`
	Type      string    `json:"type"`
	Direction Direction `json:"direction"`
	Name      string    `json:"name,omitempty"`
	SpiraID   int       `json:"spiraId,omitempty"`
	JiraKey   string    `json:"jiraKey,omitempty"`
	JiraID    string    `json:"jiraId,omitempty"`
}

// settle records the bucket of an action and moves the progress by one:
// the progress counts what the plan counts.
func (a *applier) settle(act Action, bucket, line string) {
	a.mu.Lock()
	a.outcome[act.ID] = bucket
	a.mu.Unlock()
	a.step(line)
}

// idleBucket is the bucket of an action with nothing to run.
func idleBucket(act Action) string {
	switch {
	case act.Kind == KindConflict:
		return BucketConflicts
	case act.Proposal || act.Kind == KindSkip && act.Reason != "":
		return BucketSkipped
	}
	return BucketUnchanged
}

// tally fills the report's counts from the buckets, and the items created.
func (a *applier) tally(actions []Action) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.rep.Planned = len(actions)
	counts := map[string]int{}
	for _, k := range []string{string(KindCreate), string(KindUpdate), string(KindTransition), string(KindLink),
		BucketUnchanged, BucketSkipped, BucketConflicts, BucketFailed, BucketDeferred} {
		counts[k] = 0
	}
	a.rep.Created = []Created{}
	for _, act := range actions {
		b, ok := a.outcome[act.ID]
		if !ok {
			b = BucketNotRun
		}
		counts[b]++
		if b == string(KindCreate) {
			a.rep.Created = append(a.rep.Created, a.created(act))
		}
	}
	a.rep.Counts = counts
}

func (a *applier) created(act Action) Created {
	art := act.Artifact
	c := Created{Action: act.ID, Type: art.Type, Direction: act.Direction, Name: art.Name,
		SpiraID: art.SpiraID, JiraKey: art.JiraKey, JiraID: art.JiraID}
	v := a.results[act.ID]
	switch {
	case act.Direction == JiraToSpira:
		if id, err := strconv.Atoi(v); err == nil {
			c.SpiraID = id
		}
	case art.Type == "release":
		c.JiraID = v
	default:
		c.JiraKey = v
	}
	return c
}
