package datasync

import (
	"errors"
	"fmt"
	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/adf"
	"github.com/spirajira/spirajira/spiraclient"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// TestConvergesUnderFaultsAndRateLimits runs against simulators that fail
// 10% of requests (5xx, dropped connections, some after doing the write)
// and answer 429 once a small token bucket is empty (and, so that 429s are
// certain, for the first search and incident create). Failed items are
// retried by the next run; within a few runs both sides equal a run
// without faults.
func TestConvergesUnderFaultsAndRateLimits(t *testing.T) {
	t.Parallel() // mostly waiting out Retry-After: overlap it with the rest
	const n = 12
	want, _ := uninterrupted(t, func(w *world) { w.seedItemsDespiteFaults(n) })

	w := newWorld(t, worldOpts{
		jira:  []jiratest.Option{jiratest.WithFaults(0.10), jiratest.WithSeed(7), jiratest.WithRateLimit(100, 10)},
		spira: []spiratest.Option{spiratest.WithFaults(0.10), spiratest.WithSeed(7), spiratest.WithRateLimit(300, 60)},
	})
	w.seedItemsDespiteFaults(n)
	// The buckets are small enough to run dry at full speed; on a slow
	// machine (the race detector) they may not, so the first search and
	// incident create also meet the limiter's answer.
	w.jira.FailNext("POST /rest/api/3/search/jql", jiratest.Fault429, jiratest.Fault429)
	w.spira.FailNext("POST projects/{project_id}/incidents", 429)
	runs, clean := 0, 0
	for runs < 12 && clean < 2 {
		runs++
		e := w.engine(false)
		if _, err := e.Load(ctx); err != nil {
			t.Logf("run %d: load failed, as a fault can make it: %v", runs, err)
			clean = 0
			continue
		}
		rep, err := e.Apply(ctx, e.snap.Plan(), nil)
		if err != nil || len(rep.Failures) > 0 {
			t.Logf("run %d: %d failures, err %v", runs, len(rep.Failures), err)
			clean = 0
			continue
		}
		clean++
	}
	require.Equal(t, 2, clean, "no two clean runs in a row after %d runs", runs)
	t.Logf("answers seen: Jira %d x 429, %d x 5xx; Spira %d x 429, %d x 5xx", w.seen429[0].Load(), w.seen5xx[0].Load(), w.seen429[1].Load(), w.seen5xx[1].Load())
	for side := range 2 {
		require.Positive(t, w.seen429[side].Load(), "the rate limit forced no 429 on side %d", side)
		require.Positive(t, w.seen5xx[side].Load(), "no 5xx on side %d", side)
	}
	t.Logf("converged after %d runs; jira 429s and faults seen: %d requests, spira %d requests", runs, w.jira.TotalRequests(), w.spira.TotalRequests())
	requireSamePicture(t, want, w.pictureDespiteFaults())
}

// seedItemsDespiteFaults is seedItems through faulty simulators: a write
// that failed is looked for before it is tried again.
func (w *world) seedItemsDespiteFaults(n int) {
	w.t.Helper()
	for i := range n {
		name := fmt.Sprintf("Spira item %03d", i)
		var id int
		for try := 0; id == 0; try++ {
			require.Less(w.t, try, 20)
			inc := spiraclient.RemoteIncident{Name: name, Description: "<p>" + name + " happens.</p>", IncidentTypeID: 2,
				IncidentStatusID: 1, PriorityID: 1 + i%4, SeverityID: 2, OpenerID: 4, ComponentIDs: []int{2}}
			if i%3 == 0 {
				inc.DetectedReleaseID = 3
			}
			if out, err := w.sc.CreateIncident(ctx, 1, inc); err == nil {
				id = out.IncidentID
				break
			}
			for x, err := range w.sc.SearchIncidents(ctx, 1, []spiraclient.RemoteFilter{{PropertyName: "Name", StringValue: &name}}, "") {
				if err == nil && x.Name == name {
					id = x.IncidentID
				}
			}
		}
		text := fmt.Sprintf("<p>note %d from Spira</p>", i)
		for try := 0; ; try++ {
			require.Less(w.t, try, 20)
			if _, err := w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: text}}); err == nil {
				break
			}
			if cs, err := w.sc.IncidentComments(ctx, 1, id); err == nil && len(cs) > 0 {
				break
			}
		}
		typ := "Bug"
		if i%5 == 4 {
			typ = "Story"
		}
		key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: typ, Summary: fmt.Sprintf("Jira item %03d", i), Priority: []string{"High", "Medium", "Low"}[i%3]})
		require.NoError(w.t, err)
		for try := 0; ; try++ {
			require.Less(w.t, try, 20)
			_, err := w.jc.AddComment(ctx, key, jiraclient.Comment{Body: mustJSON(adf.FromPlainText(fmt.Sprintf("note %d from Jira", i)))})
			if err == nil || len(w.issue(key).Comments) > 0 {
				break
			}
		}
	}
}

// pictureDespiteFaults takes the picture, trying again when a read fails.
func (w *world) pictureDespiteFaults() []string {
	w.t.Helper()
	for try := 0; ; try++ {
		var out []string
		ok := func() (ok bool) {
			tb := &recorder{TB: w.t}
			defer func() {
				if r := recover(); r != nil && r != errStop {
					panic(r)
				}
			}()
			saved := w.t
			w.t = tb
			defer func() { w.t = saved }()
			out = w.picture()
			return !tb.failed
		}()
		if ok {
			return out
		}
		require.Less(w.t, try, 20, "the picture could not be read")
	}
}

var errStop = errors.New("stop")

// recorder is a testing.TB whose failures end only the current attempt.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) FailNow()              { r.failed = true; panic(errStop) }
func (r *recorder) Helper()               {}
