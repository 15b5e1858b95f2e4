package datasync

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

// Every action of the plan is in exactly one bucket of the report, and
// the progress counts what the plan counts, also when items fail.
func TestReportCountsAddUpToThePlan(t *testing.T) {
	w := newWorld(t, worldOpts{})
	for round := range 2 {
		if round == 1 {
			w.addIncident("Hold shelf label prints twice", nil)
			w.addIncident("Overdue notice sent to the wrong branch", nil)
			w.jira.FailNext("POST /rest/api/3/issue", jiratest.Fault500)
		}
		e := w.engine(false)
		_, err := e.Load(context.Background())
		require.NoError(t, err)
		plan := e.snap.Plan()
		var mu sync.Mutex
		var last Progress
		rep, err := e.Apply(context.Background(), plan, func(p Progress) {
			mu.Lock()
			last = p
			mu.Unlock()
		})
		require.NoError(t, err)

		require.Equal(t, len(plan.Actions), rep.Planned, "round %d", round)
		sum := 0
		for _, n := range rep.Counts {
			sum += n
		}
		require.Equal(t, len(plan.Actions), sum, "round %d: %v", round, rep.Counts)
		require.Equal(t, len(plan.Actions), last.Total, "round %d", round)
		require.Equal(t, last.Total, last.Done, "round %d", round)
		require.Zero(t, rep.Counts[BucketNotRun])
		require.Equal(t, len(rep.Skipped), rep.Counts[BucketSkipped])

		creates := 0
		for _, a := range plan.Actions {
			if a.Kind == KindCreate {
				creates++
			}
		}
		require.Len(t, rep.Created, rep.Counts[string(KindCreate)])
		for _, c := range rep.Created {
			require.NotZero(t, c.SpiraID, "%+v", c)
			if c.Type == "release" {
				require.NotEmpty(t, c.JiraID, "%+v", c)
			} else {
				require.NotEmpty(t, c.JiraKey, "%+v", c)
			}
		}
		if round == 0 {
			require.Positive(t, creates)
			require.Positive(t, rep.Counts[BucketUnchanged]+rep.Counts[BucketSkipped])
		} else {
			require.Positive(t, rep.Counts[BucketFailed], "%v", rep.Counts)
		}
	}
}
