package datasync

import (
	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/stretchr/testify/require"
)

// A run creates an issue from an incident and fails before it records
// what both sides hold (a comment write fails). Someone then moves the
// issue in Jira: that is a change in Jira, not a move the failed run left
// unfinished, so the next run brings it to Spira instead of moving the
// issue back to the incident's status. Found by the soak test.
func TestIssueMovedInJiraAfterAFailedCreateIsAJiraChange(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			w.sync()
			w.sync()
			id := w.addIncident("Overdue notice sent twice", nil) // New: To Do, where a Bug starts
			_, err := w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: "<p>Seen at North.</p>"}})
			require.NoError(t, err)
			w.jira.FailNext("POST /rest/api/3/issue/{issueIdOrKey}/comment", jiratest.Fault500)
			_, rep := w.sync()
			require.Len(t, rep.Failures, 1)
			var key string
			for _, k := range w.jira.IssueKeys() {
				if w.issue(k).Summary == "Overdue notice sent twice" {
					key = k
				}
			}
			require.NotEmpty(t, key)
			require.Equal(t, "To Do", w.issue(key).Status)
			require.NoError(t, w.jc.DoTransition(ctx, key, jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: "11"}}))

			// The first run records the mapping the failed one left out;
			// the next takes the move to Spira.
			for range 2 {
				plan, rep := w.sync()
				logPlan(t, plan)
				require.Empty(t, rep.Failures)
			}
			is := w.issue(key)
			require.Equal(t, "In Progress", is.Status, "the move made in Jira stays")
			require.Len(t, is.Comments, 1, "the comment the failed run left out")
			inc, err := w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			require.Equal(t, 3, inc.IncidentStatusID, "In Progress comes to Spira as Assigned")
			plan, _ := w.sync()
			require.Zero(t, kinds(plan, KindUpdate, "")+kinds(plan, KindTransition, "")+kinds(plan, KindCreate, ""))
		})
	}
}

// The same with nothing but the link back failing and no comment: adopting
// the issue writes nothing that updates it in Jira, so the move made there
// reaches Spira only because the run after the adoption reads the issue
// again (its links may be missing) and pairs it with the base the adoption
// recorded.
func TestIssueMovedInJiraAfterAFailedLinkIsAJiraChange(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			w.sync()
			w.sync()
			id := w.addIncident("Renewal slip printed blank", nil)
			w.jira.FailNext("POST /rest/api/3/issue/{issueIdOrKey}/remotelink", jiratest.FaultHTML)
			_, rep := w.sync()
			require.Len(t, rep.Failures, 1)
			var key string
			for _, k := range w.jira.IssueKeys() {
				if w.issue(k).Summary == "Renewal slip printed blank" {
					key = k
				}
			}
			require.NotEmpty(t, key)
			require.NoError(t, w.jc.DoTransition(ctx, key, jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: "11"}}))

			for range 2 {
				plan, rep := w.sync()
				logPlan(t, plan)
				require.Empty(t, rep.Failures)
			}
			require.Equal(t, "In Progress", w.issue(key).Status, "the move made in Jira stays")
			inc, err := w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			require.Equal(t, 3, inc.IncidentStatusID, "In Progress comes to Spira as Assigned")
			plan, _ := w.sync()
			require.Zero(t, kinds(plan, KindUpdate, "")+kinds(plan, KindTransition, "")+kinds(plan, KindCreate, ""))
		})
	}
}
