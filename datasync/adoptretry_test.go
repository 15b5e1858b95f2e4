package datasync

import (
	"testing"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/stretchr/testify/require"
)

// The create of an issue is applied but its answer lost; the next run
// finds the issue by its marker, and finishing it fails too. Both runs end
// (as warnings, the watermark moving past the incident): the run after
// still finishes and maps the issue, and creates no second one.
func TestFailedAdoptionIsRetried(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.sync()
	id := w.addIncident("Answer lost, then a comment fails", nil)
	_, err := w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: "<p>Seen at the front desk.</p>"}})
	require.NoError(t, err)

	w.jira.FailNext("POST /rest/api/3/issue", jiratest.FaultDropAfter)
	_, rep := w.sync()
	require.NotEmpty(t, rep.Failures)
	keys := w.issuesOf(id)
	require.Len(t, keys, 1, "the create was applied")

	w.jira.FailNext("POST /rest/api/3/issue/{issueIdOrKey}/comment", jiratest.Fault500)
	_, rep = w.sync()
	require.NotEmpty(t, rep.Failures, "finishing the issue failed")
	require.Empty(t, w.keyOf(id))

	_, rep = w.sync()
	require.Empty(t, rep.Failures)
	require.Equal(t, keys[0], w.keyOf(id), "the issue is adopted and mapped")
	require.Equal(t, keys, w.issuesOf(id), "no second issue")
	is := w.issue(keys[0])
	require.Len(t, is.Comments, 1, "the incident's comment, once")
	require.Len(t, is.RemoteLinks, 1)
}
