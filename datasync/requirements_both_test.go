package datasync

import (
	"cmp"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// completePair is a Complete world with one requirement synced before.
func completePair(t *testing.T, opts ...spiratest.Option) (*world, int, string) {
	w := newWorld(t, worldOpts{custom03: "Complete", spira: opts})
	pid := spiratest.ProductID
	r, err := w.sc.CreateRequirement(ctx, pid, spiraclient.RemoteRequirement{Name: "As a patron I can rate a book", ImportanceID: 3, RequirementTypeID: 4}, 0)
	require.NoError(t, err)
	key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "As a patron I can rate a book", Priority: "Medium"})
	require.NoError(t, err)
	require.NoError(t, w.sc.AddArtifactMappings(ctx, pid, spiratest.DataSyncID, mapping.ArtifactTypeRequirement,
		[]spiraclient.RemoteDataMapping{{ProjectID: &pid, InternalID: r.RequirementID, ExternalKey: key, Primary: true}}))
	w.sync()
	return w, r.RequirementID, key
}

func (w *world) editRequirement(id int, f func(*spiraclient.RemoteRequirement)) {
	w.t.Helper()
	r, err := w.sc.Requirement(ctx, spiratest.ProductID, id)
	require.NoError(w.t, err)
	f(r)
	require.NoError(w.t, w.sc.UpdateRequirement(ctx, spiratest.ProductID, *r))
}

func busy(plan []Action, key string) []Action {
	var out []Action
	for _, a := range plan {
		if a.Artifact.JiraKey == key && a.Kind != KindSkip {
			out = append(out, a)
		}
	}
	return out
}

func TestCompleteSendsSpiraRequirementChangesToJiraWithoutEcho(t *testing.T) {
	w, id, key := completePair(t)
	_, err := w.sc.AddRequirementComment(ctx, spiratest.ProductID, id, spiraclient.RemoteComment{Text: "<p>Stars, not numbers.</p>", UserID: 4})
	require.NoError(t, err)
	w.editRequirement(id, func(r *spiraclient.RemoteRequirement) {
		r.Name, r.ImportanceID, r.StatusID = "As a patron I can rate a book with stars", 1, 3
	})

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	is := w.issue(key)
	require.Equal(t, "As a patron I can rate a book with stars", is.Summary)
	require.Equal(t, "Highest", is.Priority, "importance 1 is priority 1")
	require.Equal(t, "In Progress", is.Status, "by a transition")
	require.Len(t, is.Comments, 1)
	require.Contains(t, adfText(is.Comments[0].Body), "[SpiraDataSync] Stars, not numbers.")
	require.NotZero(t, kinds(plan, KindTransition, SpiraToJira))

	// What the engine wrote is not a change in Jira to bring back.
	plan, rep = w.sync()
	require.Empty(t, rep.Failures)
	require.Empty(t, busy(plan, key), "no echo")
	r, err := w.sc.Requirement(ctx, spiratest.ProductID, id)
	require.NoError(t, err)
	require.Equal(t, "As a patron I can rate a book with stars", r.Name)
	require.Equal(t, 3, r.StatusID)
}

func TestCompleteRequirementChangedOnBothSides(t *testing.T) {
	w, id, key := completePair(t)
	// Different fields: each goes its way. The same field: a conflict
	// Jira wins.
	w.editRequirement(id, func(r *spiraclient.RemoteRequirement) { r.Name, r.ImportanceID = "Named in Spira", 2 })
	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Named in Jira",
		"components": []map[string]any{{"id": "10002"}}}}))

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.Equal(t, 1, kinds(plan, KindConflict, ""))
	r, err := w.sc.Requirement(ctx, spiratest.ProductID, id)
	require.NoError(t, err)
	require.Equal(t, "Named in Jira", r.Name, "Jira wins the conflict")
	require.Equal(t, 3, r.ComponentID, "Jira's component came")
	is := w.issue(key)
	require.Equal(t, "Named in Jira", is.Summary)
	require.Equal(t, "High", is.Priority, "Spira's importance went")

	plan, _ = w.sync()
	require.Empty(t, busy(plan, key), "settled")
}

func TestOutsideCompleteSpiraRequirementChangesStayInSpira(t *testing.T) {
	for _, mode := range []string{"", "Bidirectional"} {
		t.Run(cmp.Or(mode, "Default"), func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: mode})
			pid := spiratest.ProductID
			r, err := w.sc.CreateRequirement(ctx, pid, spiraclient.RemoteRequirement{Name: "As a patron I can tag a book", ImportanceID: 3}, 0)
			require.NoError(t, err)
			key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "As a patron I can tag a book"})
			require.NoError(t, err)
			require.NoError(t, w.sc.AddArtifactMappings(ctx, pid, spiratest.DataSyncID, mapping.ArtifactTypeRequirement,
				[]spiraclient.RemoteDataMapping{{ProjectID: &pid, InternalID: r.RequirementID, ExternalKey: key, Primary: true}}))
			w.sync()
			w.editRequirement(r.RequirementID, func(r *spiraclient.RemoteRequirement) { r.Name = "Tagged in Spira" })
			_, rep := w.sync()
			require.Empty(t, rep.Failures)
			require.Equal(t, "As a patron I can tag a book", w.issue(key).Summary)
		})
	}
}

func TestCompleteSeesARequirementChangedWhileTheRunEnds(t *testing.T) {
	// Spira's clock, moved on by a second once the rename is made, so
	// that the sweep reads Spira's time well after it.
	var ahead atomic.Int64
	w, id, key := completePair(t, spiratest.WithClock(func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }))
	// Renamed as the run's sweep begins (its read of Jira's time), after
	// the run read Spira.
	var calls atomic.Int64
	f := func(rw http.ResponseWriter, r *http.Request, sim http.Handler) {
		if strings.HasSuffix(r.URL.Path, "/serverInfo") && calls.Add(1) == 2 {
			w.editRequirement(id, func(r *spiraclient.RemoteRequirement) { r.Name = "Renamed during the sweep" })
			ahead.Add(int64(time.Second))
		}
		sim.ServeHTTP(rw, r)
	}
	w.intercept.Store(&f)
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.EqualValues(t, 2, calls.Load(), "the run reads Jira's time at its start and in its sweep")
	w.intercept.Store(nil)

	_, rep = w.sync()
	require.Empty(t, rep.Failures)
	require.Equal(t, "Renamed during the sweep", w.issue(key).Summary)
}
