package datasync

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/adf"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

const (
	benchItems       = 1000 // new items per side
	benchLatency     = 20 * time.Millisecond
	benchConcurrency = 16
)

// seedConcurrently adds n incidents and n issues, each with one comment,
// over width connections so that the latency does not make it slow. With
// direct, the Jira comments go straight into the simulator, spending none
// of the budgets a measured run is paced to.
func (w *world) seedConcurrently(n, width int, direct bool) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, width)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			inc, err := w.sc.CreateIncident(ctx, 1, spiraclient.RemoteIncident{Name: fmt.Sprintf("Spira item %04d", i),
				Description: "<p>Found in testing.</p>", IncidentTypeID: 2, IncidentStatusID: 2, PriorityID: 1 + i%4, SeverityID: 2,
				OpenerID: 4, ComponentIDs: []int{2}})
			require.NoError(w.t, err)
			_, err = w.sc.AddIncidentComments(ctx, 1, inc.IncidentID, []spiraclient.RemoteComment{{Text: "<p>note from Spira</p>"}})
			require.NoError(w.t, err)
			key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: fmt.Sprintf("Jira item %04d", i)})
			require.NoError(w.t, err)
			if direct {
				_, err = w.jira.AddComment(key, w.jira.Admin().AccountID, "note from Jira")
			} else {
				_, err = w.jc.AddComment(ctx, key, jiraclient.Comment{Body: mustJSON(adf.FromPlainText("note from Jira"))})
			}
			require.NoError(w.t, err)
		}()
	}
	wg.Wait()
}

// timedRun is one measured sync, benchConcurrency at a time, that reads
// the mapping from Spira as the command does.
func (w *world) timedRun(b *testing.B) (*Report, time.Duration) {
	start := time.Now()
	w.mapping = nil
	e := w.engine(false)
	e.cfg.Concurrency = benchConcurrency
	_, err := e.Load(ctx)
	require.NoError(b, err)
	rep, err := e.Apply(ctx, e.snap.Plan(), nil)
	require.NoError(b, err)
	return rep, time.Since(start)
}

// floor is the fewest requests the two APIs allow for what a first sync of
// the benchmark's data must do, per side. Per item:
//   - Jira: one create per Spira incident. Jira's bulk create (up to 50 a
//     call) does carry each issue's properties, so the marker would survive
//     it, but the engine journals and applies each create as one item with
//     its comments, link and transition after it; batching creates across
//     items is not built, so the floor counts them one by one. One
//     call per comment sent (Jira has no bulk comment create); one remote
//     link per synced item either way (the link back to Spira; no bulk call);
//     search pages of 100 issues with their fields and comments.
//   - Spira: one comments read per new incident (no bulk comment read); one
//     incident create per Jira issue; one comments call per incident that
//     gets comments (the call takes them all); one incident update per
//     incident sent, to store the Jira key in the property mapped to
//     JiraIssueKey (the key exists only once Jira made the issue); one
//     associations read per new incident when Custom 05 names a link type
//     (no bulk read); pages of 500 new incidents; one artifact-mapping write
//     per artifact type (the call takes any number).
//
// No transition after a create: the benchmark's incidents are Open, which
// maps to To Do, the status a new Bug starts in (learned by the warm-up
// runs). An incident whose status maps elsewhere costs a transition per
// step on the way there (one more transitions read for a step with a
// screen), and the first create of an issue type in a run that does not
// know its initial status yet one issue read.
//
// Plus, on both sides, the constant part: what a run that finds nothing to
// do costs (the mapping, the plug-in record, the watermark reads, the
// success post and the summary event), measured, not guessed.
type floor struct{ jira, spira int }

func benchFloor(jiraIssues, spiraIncidents, spiraComments, jiraConstant, spiraConstant int) floor {
	pages := func(n, size int) int { return (n + size - 1) / size }
	j := spiraIncidents + spiraComments + (jiraIssues + spiraIncidents) + pages(jiraIssues, SearchPageSize)
	s := spiraIncidents + jiraIssues + jiraIssues + spiraIncidents + spiraIncidents + pages(spiraIncidents, 500) + 1
	return floor{jira: j + jiraConstant, spira: s + spiraConstant}
}

func BenchmarkSync1000IssuesAnd1000Incidents(b *testing.B) {
	for range b.N {
		// The constant part: a run with nothing to do, on the demo data
		// alone.
		w := newWorld(b, worldOpts{jira: []jiratest.Option{jiratest.WithLatency(benchLatency)},
			spira: []spiratest.Option{spiratest.WithLatency(benchLatency)}})
		w.sync()
		w.sync()
		w.jira.ResetRequests()
		w.spira.ResetRequests()
		w.mapping = nil
		w.sync()
		jConst, sConst := w.jira.TotalRequests(), w.spira.TotalRequests()

		b.StopTimer()
		w2 := newWorld(b, worldOpts{jira: []jiratest.Option{jiratest.WithLatency(benchLatency)},
			spira: []spiratest.Option{spiratest.WithLatency(benchLatency)}})
		// The demo data syncs first, so that the measured run holds only
		// the benchmark's items.
		w2.sync()
		w2.sync()
		w2.seedConcurrently(benchItems, 64, false)
		w2.jira.ResetRequests()
		w2.spira.ResetRequests()
		b.StartTimer()

		rep, wall := w2.timedRun(b)
		require.Empty(b, rep.Failures)

		jReq, sReq := w2.jira.TotalRequests(), w2.spira.TotalRequests()
		b.Logf("run: jira %v", w2.jira.Requests())
		b.Logf("run: spira %v", w2.spira.Requests())
		fl := benchFloor(benchItems, benchItems, benchItems, jConst, sConst)
		items := float64(2 * benchItems)
		ideal := time.Duration(jReq+sReq) * benchLatency / benchConcurrency
		b.ReportMetric(float64(jReq)/items, "jira-req/item")
		b.ReportMetric(float64(fl.jira)/items, "jira-floor/item")
		b.ReportMetric(float64(sReq)/items, "spira-req/item")
		b.ReportMetric(float64(fl.spira)/items, "spira-floor/item")
		b.ReportMetric(float64(jReq)/float64(fl.jira), "jira-x-floor")
		b.ReportMetric(float64(sReq)/float64(fl.spira), "spira-x-floor")
		b.ReportMetric(wall.Seconds()/ideal.Seconds(), "wall/ideal")

		// A re-run with no change, on the big project and on the small one.
		w2.jira.ResetRequests()
		w2.spira.ResetRequests()
		w2.mapping = nil
		w2.sync()
		b.ReportMetric(float64(w2.jira.TotalRequests()+w2.spira.TotalRequests()), "rerun-req")
		b.Logf("rerun: jira %v", w2.jira.Requests())
		b.Logf("rerun: spira %v", w2.spira.Requests())
		b.ReportMetric(float64(jConst+sConst), "rerun-req-small")
		b.Logf("wall %v for %d requests (ideal %v at %v and %d at once); constant part %d+%d; re-run %d+%d requests",
			wall, jReq+sReq, ideal, benchLatency, benchConcurrency, jConst, sConst, w2.jira.TotalRequests(), w2.spira.TotalRequests())
	}
}
