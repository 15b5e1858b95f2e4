package datasync

import (
	"strings"
	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/stretchr/testify/require"
)

// issuesOf lists the Jira issues whose sync marker names the incident.
func (w *world) issuesOf(incidentID int) []string {
	w.t.Helper()
	var out []string
	for _, k := range w.jira.IssueKeys() {
		if strings.Contains(string(w.issue(k).Properties[MarkerKey]), `"incident":`+itoa(incidentID)+",") {
			out = append(out, k)
		}
	}
	return out
}

// A run whose mapping write fails after the issue was created still ends
// (as a warning, with the watermark moved on): the next run records the
// mapping from the journal, creates no second issue, and later Jira
// changes reach the incident.
func TestFailedMappingWriteIsRecordedByTheNextRun(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.sync()
	id := w.addIncident("Mapping write fails", nil)
	jkey, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Its mapping write fails too"})
	require.NoError(t, err)
	before, err := w.sc.IncidentCount(ctx, 1)
	require.NoError(t, err)
	w.spira.FailNext("POST projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}", 500)
	_, rep := w.sync()
	require.NotEmpty(t, rep.Failures)
	require.Equal(t, "warning", rep.Outcome)
	require.Empty(t, w.keyOf(id), "the mapping write failed")
	keys := w.issuesOf(id)
	require.Len(t, keys, 1)

	_, rep = w.sync()
	require.Empty(t, rep.Failures)
	require.Equal(t, keys[0], w.keyOf(id), "the next run records the mapping")
	require.Equal(t, keys, w.issuesOf(id), "and creates no second issue")
	got := w.incidentOf(jkey)
	require.NotNil(t, got, "the incident created from the Jira issue is mapped too")
	n, err := w.sc.IncidentCount(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, before+1, n, "and created once")
	links := w.issue(jkey).RemoteLinks
	require.Len(t, links, 1)
	require.Contains(t, string(links[0].Object), "Its mapping write fails too", "the link back keeps the incident's name")

	require.NoError(t, w.jc.EditIssue(ctx, keys[0], jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Mapping write failed once"}}))
	w.sync()
	inc, err := w.sc.Incident(ctx, 1, id)
	require.NoError(t, err)
	require.Equal(t, "Mapping write failed once", inc.Name)
}
