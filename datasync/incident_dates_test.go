package datasync

import (
	"strings"
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/stretchr/testify/require"
)

// F10: Spira refuses the whole update of an incident whose Start Date is
// more than a day before its creation (a create accepts it). The engine
// moves the date to the creation date and says so, and the Jira change
// reaches Spira instead of failing the item every run.
func TestF10IncidentWithAStartDateBeforeItsCreationStillUpdates(t *testing.T) {
	w := newWorld(t, worldOpts{})
	created := time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Millisecond)
	id := w.addIncident("Started before it existed", func(inc *spiraclient.RemoteIncident) {
		inc.CreationDate = spiraclient.TimePtr(created)
		inc.StartDate = spiraclient.TimePtr(created.Add(-10 * 24 * time.Hour))
	})
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	notes := rep.Notes
	key := w.keyOf(id)
	require.NotEmpty(t, key)

	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Started before it existed, renamed"}}))
	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	inc := w.incident(id)
	require.Equal(t, "Started before it existed, renamed", inc.Name)
	require.True(t, inc.StartDate.Equal(created), "moved to the creation date: %v", inc.StartDate)
	notes = append(notes, rep.Notes...)
	require.Contains(t, strings.Join(notes, "\n"), "Start Date", "said in the report")
}

func TestF10FitIncidentDates(t *testing.T) {
	created := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	at := func(s string) *spiraclient.Time {
		tm, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return spiraclient.TimePtr(tm)
	}
	inc := spiraclient.RemoteIncident{CreationDate: spiraclient.TimePtr(created), StartDate: at("2026-03-09T01:00:00Z"),
		ClosedDate: at("2026-03-10T00:30:00Z"), CompletionPercent: 50}
	require.Empty(t, fitIncidentDates(&inc), "within what Spira accepts")
	inc.StartDate, inc.ClosedDate, inc.CompletionPercent = at("2026-03-08T12:00:00Z"), at("2026-03-09T23:00:00Z"), 120
	require.Len(t, fitIncidentDates(&inc), 3)
	require.True(t, inc.StartDate.Equal(created))
	require.True(t, inc.ClosedDate.Equal(created))
	require.Equal(t, 100, inc.CompletionPercent)
}
