package datasync

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every step of a first sync's plan says what it is, in the plan and in
// its JSON, and Apply has a handler for it.
func TestEveryPlannedOpHasATypeApplyKnows(t *testing.T) {
	w := newWorld(t, worldOpts{})
	e := w.engine(false)
	_, err := e.Load(ctx)
	require.NoError(t, err)
	plan := e.snap.Plan().Actions
	seen := map[OpType]bool{}
	for _, act := range plan {
		if act.Op == nil {
			continue
		}
		require.NotEmpty(t, act.Op.Type, "%s %s", act.ID, act.Summary)
		require.Contains(t, opHandlers, act.Op.Type, "%s %s", act.ID, act.Summary)
		require.Equal(t, opTypeOf(&act), act.Op.Type, "the type is what the Op carries")
		seen[act.Op.Type] = true

		b, err := json.Marshal(act)
		require.NoError(t, err)
		var back struct {
			Op struct {
				Type string `json:"type"`
			} `json:"op"`
		}
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, string(act.Op.Type), back.Op.Type)
	}
	for _, typ := range []OpType{OpAdoptRelease, OpCreateIssue, OpCreateIncident, OpCreateRequirement, OpStatusAfterCreate, OpUpdateIncident, OpLinkIssues} {
		require.True(t, seen[typ], "a first sync of the demo plans %s", typ)
	}
}

// A step of a type this version does not know fails with why, and the
// rest of its item waits; a step without a type (a plan from before Op
// had one) is typed by what it carries and runs.
func TestApplyDispatchesByType(t *testing.T) {
	w := newWorld(t, worldOpts{})
	e := w.engine(false)
	_, err := e.Load(ctx)
	require.NoError(t, err)
	plan := e.snap.Plan().Actions
	var unknown, untyped string
	for i := range plan {
		op := plan[i].Op
		switch {
		case op == nil:
		case unknown == "" && op.Type == OpCreateIncident:
			op.Type, unknown = "teleport-incident", plan[i].Artifact.String()
		case untyped == "" && op.Type == OpCreateIssue:
			op.Type, untyped = "", plan[i].Artifact.String()
		}
	}
	require.NotEmpty(t, unknown)
	require.NotEmpty(t, untyped)
	rep, err := e.Apply(ctx, &Plan{Snapshot: e.snap, Actions: plan}, nil)
	require.NoError(t, err)
	var reasons []string
	for _, f := range rep.Failures {
		reasons = append(reasons, f.Artifact+": "+f.Reason)
		require.NotEqual(t, untyped, f.Artifact, "the untyped step ran")
	}
	require.Len(t, rep.Failures, 1, "%v", reasons)
	require.Equal(t, unknown, rep.Failures[0].Artifact)
	require.Contains(t, rep.Failures[0].Reason, `unknown type "teleport-incident": plan the run again`)
}

// Apply runs a plan on the snapshot its engine loaded, not another's: the
// lock, lease and watermark it ends the run with are that Load's.
func TestApplyRefusesAnotherLoadsSnapshot(t *testing.T) {
	w := newWorld(t, worldOpts{})
	issues := len(w.jira.IssueKeys())
	first, second := w.engine(false), w.engine(false)
	s1, err := first.Load(ctx)
	require.NoError(t, err)
	_, err = second.Load(ctx)
	require.NoError(t, err)
	_, err = second.Apply(ctx, s1.Plan(), nil)
	require.ErrorContains(t, err, "the snapshot this engine's last Load read")
	require.Len(t, w.jira.IssueKeys(), issues, "nothing was written")
}
