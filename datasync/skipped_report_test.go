package datasync

import (
	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/stretchr/testify/require"
)

// The report's skipped items are those the plan left alone on purpose,
// with why. A pair found in sync, whose new base the plan only records,
// is not one of them.
func TestPairFoundInSyncIsNotReportedSkipped(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.sync()
	id := w.addIncident("Renewal limit ignored for staff", nil)
	w.sync()
	key := w.keyOf(id)
	require.NotEmpty(t, key)
	w.sync()

	// Both sides make the same move: In Progress is Assigned.
	require.NoError(t, w.jc.DoTransition(ctx, key, jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: "11"}}))
	inc, err := w.sc.Incident(ctx, 1, id)
	require.NoError(t, err)
	inc.IncidentStatusID = 3
	require.NoError(t, w.sc.UpdateIncident(ctx, 1, *inc))

	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	var inSync bool
	for _, a := range plan {
		inSync = inSync || a.Kind == KindSkip && a.Artifact.JiraKey == key && a.Reason == ""
	}
	require.True(t, inSync, "the plan records the pair's new base")
	require.Empty(t, rep.Skipped)
	require.Zero(t, rep.Counts["skipped"])
}
