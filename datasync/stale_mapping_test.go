package datasync

import (
	"strings"
	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// A mapping whose Spira requirement is gone (deleted in Spira) does not
// stop the run when its Jira issue changes: the issue is skipped and said
// so, the other items sync.
func TestMappedRequirementGoneFromSpiraDoesNotStopTheRun(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.sync()
	key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "As a librarian I can merge patrons"})
	require.NoError(t, err)
	pid := spiratest.ProductID
	require.NoError(t, w.sc.AddArtifactMappings(ctx, pid, spiratest.DataSyncID, 1,
		[]spiraclient.RemoteDataMapping{{ProjectID: &pid, InternalID: 9999, ExternalKey: key, Primary: true}}))
	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "As a librarian I can merge two patrons"}}))
	id := w.addIncident("Merge keeps both barcodes", nil)

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.NotEmpty(t, w.keyOf(id), "the other items sync")
	var said bool
	for _, a := range plan {
		said = said || a.Artifact.JiraKey == key && a.Kind == KindSkip && strings.Contains(a.Reason, "no longer exists")
	}
	require.True(t, said, "the plan says why the issue is not synced")
}
