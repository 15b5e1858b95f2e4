package datasync

import (
	"testing"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/stretchr/testify/require"
)

func (w *world) linkCount() int {
	n := 0
	for _, k := range w.jira.IssueKeys() {
		n += len(w.issue(k).Links)
	}
	return n
}

// A link that failed is made by the next run: the incident is retried, and
// being mapped by then, its associations are read again. Before, the retry
// found it mapped and did nothing, and the link was never made.
func TestFailedLinkIsMadeByTheNextRun(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.jira.FailNext("POST /rest/api/3/issueLink", jiratest.FaultHTML)
	_, rep := w.sync()
	require.Len(t, rep.Failures, 1, "%+v", rep.Failures)
	require.Contains(t, rep.Failures[0].Reason, "issueLink")
	links := w.linkCount()

	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	require.Equal(t, 1, kinds(plan, KindLink, SpiraToJira))
	require.Equal(t, links+2, w.linkCount(), "the link, seen from both issues")

	plan, _ = w.sync()
	require.Zero(t, kinds(plan, KindLink, ""), "made once")
	require.Equal(t, links+2, w.linkCount())
}
