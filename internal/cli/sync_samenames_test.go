package cli

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/datasync"
)

// The sandbox holds incidents and issues of the same name, unmapped (IN:6
// and LIB-10, "Fine total rounds half-cents down"): the plan proposes to
// link them and creates neither; --link-same-names links them.
func TestSyncProposesSameNamesAndLinksThemWhenAsked(t *testing.T) {
	sb := useSandbox(t)
	named := func() int {
		n := 0
		for _, k := range sb.Jira.IssueKeys() {
			if is, _ := sb.Jira.Issue(k); is.Summary == "Fine total rounds half-cents down" {
				n++
			}
		}
		return n
	}
	code, out, errOut := runMain(t, "sync", "--dry-run", "--product", "1")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "link (proposed)")
	require.Contains(t, out, "--link-same-names")

	code, _, errOut = runMain(t, "sync", "--product", "1")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, 1, named(), "IN:6 is not sent to Jira beside LIB-10")

	code, out, errOut = runMain(t, "sync", "--product", "1", "--link-same-names", "--dry-run", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var pf datasync.PlanFile
	require.NoError(t, json.Unmarshal([]byte(out), &pf), out)
	var links int
	for _, a := range pf.Actions {
		require.False(t, a.Proposal, "accepted: %s", a.Summary)
		if a.Kind == datasync.KindLink && a.Op != nil && a.Op.SameName && a.Artifact.SpiraID == 6 {
			require.Equal(t, "LIB-10", a.Artifact.JiraKey)
			links++
		}
	}
	require.Equal(t, 1, links)

	incidents := sb.Spira.IncidentCount(1)
	code, _, errOut = runMain(t, "sync", "--product", "1", "--link-same-names")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, 1, named())
	require.Equal(t, incidents, sb.Spira.IncidentCount(1), "LIB-10 is not brought to Spira beside IN:6")
	is, _ := sb.Jira.Issue("LIB-10")
	require.Len(t, is.RemoteLinks, 1, "LIB-10 links back to IN:6")
}
