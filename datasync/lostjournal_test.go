package datasync

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// spiraCreate matches the create of a Spira incident or requirement.
var spiraCreate = regexp.MustCompile(`/projects/\d+/(incidents|requirements)$`)

// seedBatch adds n incidents and n issues (every fifth a Story, which
// becomes a requirement), each with a comment, named after batch.
func (w *world) seedBatch(batch string, n int) {
	w.t.Helper()
	for i := range n {
		id := w.addIncident(fmt.Sprintf("%s Spira %02d", batch, i), nil)
		_, err := w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: fmt.Sprintf("<p>%s note %d from Spira</p>", batch, i)}})
		require.NoError(w.t, err)
		typ := "Bug"
		if i%5 == 4 {
			typ = "Story"
		}
		key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: typ, Summary: fmt.Sprintf("%s Jira %02d", batch, i)})
		require.NoError(w.t, err)
		w.commentInJira(key, fmt.Sprintf("%s note %d from Jira", batch, i))
	}
}

// stopAtSpiraCreate makes the nth Spira create (incident or requirement)
// the last thing the process does: Spira stores it, the answer never
// arrives, nothing after it is sent or journaled.
func (w *world) stopAtSpiraCreate(n int64) { w.stopAtCreate(spiraCreate, n) }

// incidentCreate matches the create of a Spira incident.
var incidentCreate = regexp.MustCompile(`/projects/\d+/incidents$`)

// stopAtCreate is stopAtSpiraCreate for the creates whose path matches re.
func (w *world) stopAtCreate(re *regexp.Regexp, n int64) {
	var seen atomic.Int64
	f := func(rw http.ResponseWriter, r *http.Request, sim http.Handler) {
		if w.dead.Load() || r.Method != http.MethodPost || !re.MatchString(r.URL.Path) || seen.Add(1) != n {
			sim.ServeHTTP(rw, r)
			return
		}
		sim.ServeHTTP(httptest.NewRecorder(), r)
		w.dead.Store(true)
		if f := w.stop.Load(); f != nil {
			(*f)()
		}
		<-r.Context().Done()
	}
	w.intercept.Store(&f)
}

// crashAtCreateLosingJournal runs a sync that stops at the n-th create
// whose path matches re, then deletes the journal, as a lost state
// directory would; it says whether the run got that far.
func (w *world) crashAtCreateLosingJournal(re *regexp.Regexp, n int64) bool {
	w.stopAtCreate(re, n)
	w.syncIgnoringCrash()
	dead := w.dead.Load()
	w.intercept.Store(nil)
	w.dead.Store(false)
	w.deleteJournal()
	return dead
}

func (w *world) deleteJournal() {
	w.t.Helper()
	require.NoError(w.t, os.Remove(journalPath(w.stateDir, w.instance(spiratest.ProductID))))
}

// names counts the items of each name on both sides, read through their
// APIs, and checks that no Spira item is mapped twice.
func (w *world) names() map[string]int {
	w.t.Helper()
	names := map[string]int{}
	for _, k := range w.jira.IssueKeys() {
		is, err := w.jc.GetIssue(ctx, k, jiraclient.IssueOptions{Fields: []string{"summary"}})
		require.NoError(w.t, err)
		names["J|"+is.Summary()]++
	}
	incs, err := spiraclient.Collect(w.sc.SearchIncidents(ctx, 1, nil, ""))
	require.NoError(w.t, err)
	for _, inc := range incs {
		names["S|"+inc.Name]++
	}
	reqs, err := spiraclient.Collect(w.sc.SearchRequirements(ctx, 1, nil))
	require.NoError(w.t, err)
	for _, r := range reqs {
		names["S|"+r.Name]++
	}
	for _, typ := range []int{1, 3} {
		ms, err := w.sc.ArtifactMappings(ctx, 1, spiratest.DataSyncID, typ)
		require.NoError(w.t, err)
		seen := map[int]bool{}
		for _, m := range ms {
			require.False(w.t, seen[m.InternalID], "artifact %d mapped twice", m.InternalID)
			seen[m.InternalID] = true
		}
	}
	return names
}

// requireNoDuplicates fails on every name that has more items than an
// uninterrupted run leaves (the seed holds same-named pairs of its own).
func requireNoDuplicates(t *testing.T, want, got map[string]int) {
	t.Helper()
	var dup []string
	for n, c := range got {
		if c > want[n] {
			dup = append(dup, fmt.Sprintf("%s: %d, not %d", n, c, want[n]))
		}
	}
	require.Empty(t, dup, "items created twice")
}

// A run stopped right after a Spira create, its journal then lost: the
// next run finds in Spira what the stopped one created from Jira (by the
// incident's creation date and Jira key, the requirement's name, author and
// date), adopts it and finishes its link back. Before, each such item was
// created again from its issue, and the orphan incident, new and unmapped,
// went to Jira as a new issue. On a first sync (no date posted yet) and on
// a later one; stopped at an incident and at a requirement create.
func TestLostJournalAfterAStopAtASpiraCreateDuplicatesNothing(t *testing.T) {
	for _, first := range []bool{true, false} {
		// The Jira issues are created in order, every fifth a Story: with
		// 4 at once the 3rd create is an incident, the 9th a requirement
		// or an incident, whichever the scheduler sent.
		for _, at := range []int64{3, 9} {
			t.Run(fmt.Sprintf("first=%v/create%d", first, at), func(t *testing.T) {
				t.Parallel()
				const n = 15
				steps := func(w *world, between func()) {
					if !first {
						w.seedBatch("old", 5)
						w.sync()
					}
					w.seedBatch("new", n)
					between()
				}
				want, wantNames := uninterrupted(t, func(w *world) { steps(w, func() {}) })

				w := newWorld(t, worldOpts{})
				steps(w, func() {
					require.True(t, w.crashAtCreateLosingJournal(spiraCreate, at), "the run did not reach Spira create %d", at)
				})
				_, rep := w.sync()
				require.Empty(t, rep.Failures)
				var adopted []string
				for _, n := range rep.Notes {
					if strings.Contains(n, "is adopted, not created again") {
						adopted = append(adopted, n)
					}
				}
				require.NotEmpty(t, adopted, "the stopped run's Spira items are adopted: %v", rep.Notes)
				w.sync()
				requireNoDuplicates(t, wantNames, w.names())
				requireSamePicture(t, want, w.picture())
			})
		}
	}
}

// An issue created before the last run (retried, moved in, re-typed) gives
// its incident a creation date older than the new incidents Load reads: the
// orphan is looked for at that date, one read for that issue alone.
func TestLostJournalAdoptsAnIncidentDatedBeforeTheWatermark(t *testing.T) {
	t.Parallel()
	steps := func(w *world, between func()) {
		w.seedBatch("old", 3)
		w.sync()
		now := time.Now().UTC()
		_, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Reported last week, moved in today",
			Created: now.Add(-7 * 24 * time.Hour), Updated: now})
		require.NoError(w.t, err)
		between()
	}
	want, wantNames := uninterrupted(t, func(w *world) { steps(w, func() {}) })

	w := newWorld(t, worldOpts{})
	steps(w, func() {
		require.True(t, w.crashAtCreateLosingJournal(spiraCreate, 1))
	})
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.True(t, slices.ContainsFunc(rep.Notes, func(s string) bool { return strings.Contains(s, "is adopted") }), "%q", rep.Notes)
	w.sync()
	requireNoDuplicates(t, wantNames, w.names())
	requireSamePicture(t, want, w.picture())
}
