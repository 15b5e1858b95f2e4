package datasync

import (
	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/stretchr/testify/require"
)

// A run creates an issue from an incident and fails before it records
// what both sides hold. Someone then moves the issue in Jira: that is a
// change in Jira, not a move the failed run left unfinished, so the next
// runs bring it to Spira instead of moving the issue back to the
// incident's status. Found by the soak test.
//
// When only the link back fails and there is no comment, adopting the
// issue writes nothing that updates it in Jira: the move reaches Spira
// because the run after the adoption reads the issue again (its links may
// be missing) and pairs it with the base the adoption recorded.
func TestIssueMovedInJiraAfterAFailedCreateIsAJiraChange(t *testing.T) {
	for _, c := range []struct {
		name, summary, failRoute string
		fault                    jiratest.Fault
		comment                  bool
	}{
		{"comment fails", "Overdue notice sent twice", "POST /rest/api/3/issue/{issueIdOrKey}/comment", jiratest.Fault500, true},
		{"link back fails", "Renewal slip printed blank", "POST /rest/api/3/issue/{issueIdOrKey}/remotelink", jiratest.FaultHTML, false},
	} {
		for _, m := range modes {
			t.Run(c.name+"/"+m.name, func(t *testing.T) {
				w := newWorld(t, worldOpts{custom03: m.custom03})
				w.sync()
				w.sync()
				id := w.addIncident(c.summary, nil) // New: To Do, where a Bug starts
				if c.comment {
					_, err := w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: "<p>Seen at North.</p>"}})
					require.NoError(t, err)
				}
				w.jira.FailNext(c.failRoute, c.fault)
				_, rep := w.sync()
				require.Len(t, rep.Failures, 1)
				keys := w.issuesNamed(c.summary)
				require.Len(t, keys, 1)
				key := keys[0]
				require.Equal(t, "To Do", w.issue(key).Status)
				require.NoError(t, w.jc.DoTransition(ctx, key, jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: "11"}}))

				// The first run records the mapping the failed one left
				// out; the next takes the move to Spira.
				for range 2 {
					plan, rep := w.sync()
					logPlan(t, plan)
					require.Empty(t, rep.Failures)
				}
				is := w.issue(key)
				require.Equal(t, "In Progress", is.Status, "the move made in Jira stays")
				if c.comment {
					require.Len(t, is.Comments, 1, "the comment the failed run left out")
				}
				inc, err := w.sc.Incident(ctx, 1, id)
				require.NoError(t, err)
				require.Equal(t, 3, inc.IncidentStatusID, "In Progress comes to Spira as Assigned")
				plan, _ := w.sync()
				require.Zero(t, kinds(plan, KindUpdate, "")+kinds(plan, KindTransition, "")+kinds(plan, KindCreate, ""))
			})
		}
	}
}
