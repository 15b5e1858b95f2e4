package datasync

import (
	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/stretchr/testify/require"
)

// With Both, a Spira change goes to Jira even when the issue holds a value
// the mapping has no Spira value for (priority Lowest, status In Review):
// that value never came to Spira, so Spira's change is the only one to
// sync. Found by the soak test.
func TestBothModeSpiraChangeReplacesAnUnmappedJiraValue(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	id := w.addIncident("Hold slips lost on restart", nil)
	w.sync()
	w.sync()
	key := w.keyOf(id)
	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"priority": map[string]any{"id": "5"}}}))
	for _, tr := range []string{"11", "21"} { // In Progress, then In Review
		require.NoError(t, w.jc.DoTransition(ctx, key, jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: tr}}))
	}
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	is := w.issue(key)
	require.Equal(t, "Lowest", is.Priority)
	require.Equal(t, "In Review", is.Status)

	inc, err := w.sc.Incident(ctx, 1, id)
	require.NoError(t, err)
	inc.PriorityID, inc.IncidentStatusID = 1, 5 // Highest, Closed
	require.NoError(t, w.sc.UpdateIncident(ctx, 1, *inc))
	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	is = w.issue(key)
	require.Equal(t, "Highest", is.Priority)
	require.Equal(t, "Done", is.Status)
	got, err := w.sc.Incident(ctx, 1, id)
	require.NoError(t, err)
	require.Equal(t, 1, got.PriorityID)
	require.Equal(t, 5, got.IncidentStatusID)

	plan, _ = w.sync()
	plan, _ = w.sync()
	logPlan(t, plan)
	require.Zero(t, kinds(plan, KindUpdate, "")+kinds(plan, KindTransition, "")+kinds(plan, KindCreate, ""))
}

// The same for an issue imported with such a value: the incident has no
// priority, and the one Spira gives it later goes to Jira.
func TestBothModeSpiraValueReplacesAnUnmappedValueOfAnImportedIssue(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Receipt printer jams", Priority: "Lowest"})
	require.NoError(t, err)
	w.sync()
	w.sync()
	inc := w.incidentOf(key)
	require.NotNil(t, inc)
	require.Zero(t, inc.PriorityID, "Lowest has no Spira priority")
	inc.PriorityID = 3
	require.NoError(t, w.sc.UpdateIncident(ctx, 1, *inc))
	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	require.Equal(t, "Medium", w.issue(key).Priority)
	w.sync()
	plan, _ = w.sync()
	require.Zero(t, kinds(plan, KindUpdate, "")+kinds(plan, KindTransition, "")+kinds(plan, KindCreate, ""))
}
