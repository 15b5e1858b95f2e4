package datasync

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// seedItems adds n new incidents with a comment each in Spira and n new
// issues with a comment each in Jira.
func (w *world) seedItems(n int) {
	w.t.Helper()
	for i := range n {
		id := w.addIncident(fmt.Sprintf("Spira item %03d", i), func(inc *spiraclient.RemoteIncident) {
			inc.PriorityID = 1 + i%4
			if i%3 == 0 {
				inc.DetectedReleaseID = 3 // Sprint 1: the sync creates its version
			}
		})
		_, err := w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: fmt.Sprintf("<p>note %d from Spira</p>", i)}})
		require.NoError(w.t, err)
		typ := "Bug"
		if i%5 == 4 {
			typ = "Story" // Custom 04: a requirement
		}
		key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: typ, Summary: fmt.Sprintf("Jira item %03d", i), Priority: []string{"High", "Medium", "Low"}[i%3]})
		require.NoError(w.t, err)
		w.commentInJira(key, fmt.Sprintf("note %d from Jira", i))
	}
	w.writes.Store(0)
}

// picture is both sides in a form that does not depend on IDs, keys or
// times: what a user would compare.
func (w *world) picture() []string {
	w.t.Helper()
	var out []string
	summaries := map[string]string{}
	for _, k := range w.jira.IssueKeys() {
		is := w.issue(k)
		summaries[k] = is.Summary
		var cs []string
		for _, c := range is.Comments {
			cs = append(cs, adfText(c.Body))
		}
		slices.Sort(cs)
		var links []string
		for _, l := range is.Links {
			links = append(links, l.Type+">"+summaries[l.OtherKey])
		}
		slices.Sort(links)
		out = append(out, fmt.Sprintf("J|%s|%s|%s|%s|%v|%v|%v|%v|remote=%d|%q|%v", is.Summary, is.Type, is.Status, is.Priority,
			is.Components, is.Versions, is.FixVersions, is.Custom[jiratest.FieldSeverity], len(is.RemoteLinks), cs, len(links)))
	}
	incs, err := spiraclient.Collect(w.sc.SearchIncidents(ctx, 1, nil, ""))
	require.NoError(w.t, err)
	keys := map[int]string{}
	ms, err := w.sc.ArtifactMappings(ctx, 1, 1, 3)
	require.NoError(w.t, err)
	for _, m := range ms {
		keys[m.InternalID] = m.ExternalKey
	}
	for _, inc := range incs {
		cm, err := w.sc.IncidentComments(ctx, 1, inc.IncidentID)
		require.NoError(w.t, err)
		var cs []string
		for _, c := range cm {
			cs = append(cs, plainHTML(c.Text))
		}
		slices.Sort(cs)
		out = append(out, fmt.Sprintf("S|%s|%d|%d|%d|%d|%v|%d|%d|->%s|%q", inc.Name, inc.IncidentTypeID, inc.IncidentStatusID, inc.PriorityID,
			inc.SeverityID, inc.ComponentIDs, inc.DetectedReleaseID, inc.ResolvedReleaseID, summaries[keys[inc.IncidentID]], cs))
	}
	reqs, err := spiraclient.Collect(w.sc.SearchRequirements(ctx, 1, nil))
	require.NoError(w.t, err)
	rk, err := w.sc.ArtifactMappings(ctx, 1, 1, 1)
	require.NoError(w.t, err)
	rkeys := map[int]string{}
	for _, m := range rk {
		rkeys[m.InternalID] = m.ExternalKey
	}
	for _, r := range reqs {
		out = append(out, fmt.Sprintf("R|%s|->%s", r.Name, summaries[rkeys[r.RequirementID]]))
	}
	rels, err := w.sc.Releases(ctx, 1)
	require.NoError(w.t, err)
	for _, r := range rels {
		out = append(out, "RL|"+r.VersionNumber)
	}
	vs, err := w.jc.Versions(ctx, "LIB")
	require.NoError(w.t, err)
	for _, v := range vs {
		out = append(out, "V|"+v.Name)
	}
	slices.Sort(out)
	return out
}

// uninterrupted is what both sides hold, the picture and the names, after
// seed and two whole syncs on a fresh world.
func uninterrupted(t *testing.T, seed func(*world)) ([]string, map[string]int) {
	ref := newWorld(t, worldOpts{})
	seed(ref)
	ref.sync()
	ref.sync()
	return ref.picture(), ref.names()
}

// syncIgnoringCrash runs a sync that may be stopped; it returns without
// failing the test when the fault stopped it.
func (w *world) syncIgnoringCrash() {
	defer w.settle()
	e := w.engine(false)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w.stop.Store(&cancel)
	defer w.stop.Store(nil)
	if _, err := e.Load(ctx); err != nil {
		require.True(w.t, w.dead.Load(), "load failed without a crash: %v", err)
		return
	}
	_, err := e.Apply(ctx, e.snap.Plan(), nil)
	if err != nil {
		require.True(w.t, w.dead.Load(), "apply failed without a crash: %v", err)
	}
}

const crashItems = 100 // per side; with the seeded data about 250 items

// TestCrashAtRandomPointsThenRerunEqualsUninterrupted stops a sync at 20
// random writes: 4 times in fresh worlds, then 16 times in a row in one
// world (stops during recovery included). The process is gone at the stop:
// the write reached the server, its answer did not reach the engine, the
// journal takes no more lines. Each time, re-running ends with both sides
// equal to an uninterrupted run.
func TestCrashAtRandomPointsThenRerunEqualsUninterrupted(t *testing.T) {
	t.Parallel()
	ref := newWorld(t, worldOpts{})
	ref.seedItems(crashItems)
	ref.sync()
	total := ref.writes.Load()
	ref.sync()
	want := ref.picture()
	t.Logf("an uninterrupted run makes %d writes; the picture has %d lines", total, len(want))

	rng := rand.New(rand.NewPCG(6, 2026))
	for range 4 {
		k := 1 + rng.Int64N(total)
		t.Run(fmt.Sprintf("once/write%d", k), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, worldOpts{})
			w.seedItems(crashItems)
			require.True(t, w.crashAtWrite(k), "the run was not stopped at write %d", k)
			w.requireRerunRecovers(t, want)
		})
	}
	ks := make([]int64, 16)
	for i := range ks {
		ks[i] = 1 + rng.Int64N(total/4)
	}
	t.Run(fmt.Sprintf("chain/%v", ks), func(t *testing.T) {
		t.Parallel()
		w := newWorld(t, worldOpts{})
		w.seedItems(crashItems)
		for _, k := range ks {
			w.writes.Store(0)
			w.crashAtWrite(k)
		}
		w.requireRerunRecovers(t, want)
	})
}

// requireSamePicture fails with only the lines that differ.
// crashAtWrite runs a sync that stops at its k-th write, as a process
// that dies there would, and says whether it got that far; the world then
// runs normally again.
func (w *world) crashAtWrite(k int64) bool {
	w.crashAt.Store(k)
	w.syncIgnoringCrash()
	dead := w.dead.Load()
	w.dead.Store(false)
	w.crashAt.Store(0)
	return dead
}

// requireRerunRecovers syncs twice, the first run without failures, and
// requires both sides then to be as want.
func (w *world) requireRerunRecovers(t *testing.T, want []string) {
	t.Helper()
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	w.sync()
	requireSamePicture(t, want, w.picture())
}

func requireSamePicture(t *testing.T, want, got []string) {
	t.Helper()
	count := map[string]int{}
	for _, l := range want {
		count[l]++
	}
	for _, l := range got {
		count[l]--
	}
	var diff []string
	for l, n := range count {
		switch {
		case n > 0:
			diff = append(diff, fmt.Sprintf("missing x%d: %s", n, l))
		case n < 0:
			diff = append(diff, fmt.Sprintf("extra x%d: %s", -n, l))
		}
	}
	slices.Sort(diff)
	require.Empty(t, diff, "the two sides differ from an uninterrupted run:\n%s", strings.Join(diff, "\n"))
}

// TestCancelledRunResumes stops a run the way ctrl-c does (its context
// ends) and checks the next run finishes the work without duplicates.
func TestCancelledRunResumes(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.seedItems(10)
	before, _ := w.spira.PlugIn(spiratest.DataSyncID)
	e := w.engine(false)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, err := e.Load(cctx)
	require.NoError(t, err)
	_, err = e.Apply(cctx, e.snap.Plan(), func(p Progress) {
		if p.Done == 8 {
			cancel()
		}
	})
	require.ErrorIs(t, err, context.Canceled)
	p, _ := w.spira.PlugIn(spiratest.DataSyncID)
	require.Equal(t, before.LastSyncDate, p.LastSyncDate, "a stopped run records no date")

	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	w.sync()
	counts := map[string]int{}
	for _, l := range w.picture() {
		parts := strings.SplitN(l, "|", 3)
		if parts[0] == "J" || parts[0] == "S" || parts[0] == "R" {
			counts[parts[0]+"|"+parts[1]]++
		}
	}
	for i := range 10 {
		require.Equal(t, 1, counts[fmt.Sprintf("J|Spira item %03d", i)], "one Jira issue per incident")
		require.Equal(t, 1, counts[fmt.Sprintf("S|Jira item %03d", i)]+counts[fmt.Sprintf("R|Jira item %03d", i)],
			"one incident (or requirement) per Jira issue")
	}
}
