package datasync

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
)

// A comment written in Jira on an issue a failed run created, before a
// later run records its mapping, comes to Spira with the adoption: the runs
// after it may take the pair for in sync and not read it again. Found by
// the soak test.
func TestJiraCommentOnAnIssueAFailedRunCreatedReachesSpira(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			w.sync()
			w.sync()
			// Open, To Do's primary: nothing else about the pair differs.
			id := w.addIncident("Self-checkout rejects valid cards", func(i *spiraclient.RemoteIncident) { i.IncidentStatusID = 2 })
			_, err := w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: "<p>Seen at South.</p>"}})
			require.NoError(t, err)
			w.jira.FailNext("POST /rest/api/3/issue/{issueIdOrKey}/comment", jiratest.Fault500)
			_, rep := w.sync()
			require.Len(t, rep.Failures, 1)
			keys := w.issuesNamed("Self-checkout rejects valid cards")
			require.Len(t, keys, 1)
			key := keys[0]
			w.commentInJira(key, "Card reader firmware is old")
			// The next run adds the missing comment but cannot record the
			// mapping: the one after adopts the issue with nothing to write.
			w.spira.FailNext("POST projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}", 500)
			_, rep = w.sync()
			require.NotEmpty(t, rep.Failures)
			require.Empty(t, w.keyOf(id))
			w.commentInJira(key, "Replaced the reader")

			for range 3 {
				plan, rep := w.sync()
				logPlan(t, plan)
				require.Empty(t, rep.Failures)
			}
			cs, err := w.sc.IncidentComments(ctx, 1, id)
			require.NoError(t, err)
			var texts []string
			for _, c := range cs {
				texts = append(texts, plainHTML(c.Text))
			}
			require.ElementsMatch(t, []string{"Seen at South.", prefixFromJira + " Card reader firmware is old", prefixFromJira + " Replaced the reader"}, texts)
			var jira []string
			for _, c := range w.issue(key).Comments {
				jira = append(jira, adfText(c.Body))
			}
			require.Len(t, jira, 3, "%v", jira)
			require.Equal(t, 1, len(slices.DeleteFunc(jira, func(s string) bool { return !strings.HasPrefix(s, prefixFromSpira) })), "Spira's comment once")
		})
	}
}
