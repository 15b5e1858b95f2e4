package datasync

import (
	"encoding/json"
	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/stretchr/testify/require"
)

// A Jira comment whose text reads differently once it is HTML (an expand
// shows its title) is copied once, not again by every later run that reads
// the issue.
func TestRichJiraCommentIsCopiedOnce(t *testing.T) {
	w := newWorld(t, worldOpts{})
	id := w.addIncident("Barcode scanner drops leading zeros", nil)
	w.sync()
	key := w.keyOf(id)
	body := json.RawMessage(`{"version":1,"type":"doc","content":[{"type":"expand","attrs":{"title":"Scanner log"},"content":[{"type":"paragraph","content":[{"type":"text","text":"0012345 read as 12345"}]}]}]}`)
	_, err := w.jc.AddComment(ctx, key, jiraclient.Comment{Body: body})
	require.NoError(t, err)
	for i := range 3 {
		_, rep := w.sync()
		require.Empty(t, rep.Failures)
		// Someone edits the issue: the next run reads it, comments and all.
		require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Barcode scanner drops leading zeros " + itoa(i+1)}}))
	}
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	cs, err := w.sc.IncidentComments(ctx, 1, id)
	require.NoError(t, err)
	require.Len(t, cs, 1)
	require.Contains(t, cs[0].Text, "0012345 read as 12345")
}
