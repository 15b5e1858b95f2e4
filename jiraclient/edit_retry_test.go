package jiraclient_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/jiraclient/jiratest/jiraconform"
)

const editEndpoint = "PUT /rest/api/3/issue/{issueIdOrKey}"

func commentCount(t *testing.T, c *jiraclient.Client, key string) int {
	t.Helper()
	n := 0
	for _, err := range c.Comments(t.Context(), key) {
		require.NoError(t, err)
		n++
	}
	return n
}

// An edit that only sets fields may be sent again after a lost answer; one
// that adds (a comment through update) may not, or Jira holds it twice.
func TestEditIssueRetriesOnlyWhatIsSafeToRepeat(t *testing.T) {
	sim := jiratest.New()
	srv := jiraconform.NewServer(t, sim)
	c := clientFor(t, srv.URL, sim.Admin())
	ctx := t.Context()
	key := sim.IssueKeys()[0]
	before := commentCount(t, c, key)

	sim.FailNext(editEndpoint, jiratest.FaultDropAfter)
	require.NoError(t, c.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "set twice, same result"}}))
	require.Equal(t, 2, sim.Requests()[editEndpoint], "a set is repeated after the dropped answer")

	sim.FailNext(editEndpoint, jiratest.FaultDropAfter)
	err := c.EditIssue(ctx, key, jiraclient.IssueUpdate{Update: map[string][]map[string]any{
		"comment": {{"add": map[string]any{"body": map[string]any{"type": "doc", "version": 1, "content": []any{
			map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": "once"}}}}}}}},
	}})
	var ne *jiraclient.NetworkError
	require.ErrorAs(t, err, &ne, "the lost answer is reported, not retried")
	require.Equal(t, 3, sim.Requests()[editEndpoint])
	require.Equal(t, before+1, commentCount(t, c, key), "the comment was added once")
}
