package datasync

import (
	"testing"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/stretchr/testify/require"
)

// An issue created from an incident whose answer was lost is found by its
// marker next run; when recording that mapping in Spira fails too, the run
// after records it, as it does for a create that got its answer: the
// incident is no longer new by then, and was left unmapped while its issue
// existed. Found by the soak test.
func TestFailedMappingWriteOfAnAdoptedIssueIsRecordedLater(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			w.sync()
			w.sync()
			id := w.addIncident("Holds shelf labels misprinted", nil)
			w.jira.FailNext("POST /rest/api/3/issue", jiratest.FaultDropAfter)
			_, rep := w.sync()
			require.NotEmpty(t, rep.Failures)
			w.spira.FailNext("POST projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}", 500)
			_, rep = w.sync()
			require.NotEmpty(t, rep.Failures)
			for range 2 {
				_, rep = w.sync()
				require.Empty(t, rep.Failures)
			}
			keys := w.issuesNamed("Holds shelf labels misprinted")
			require.Len(t, keys, 1)
			require.Equal(t, keys[0], w.keyOf(id))
		})
	}
}
