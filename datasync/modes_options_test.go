package datasync

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// syncExtended runs a sync with the plug-in's extended settings as a
// mapping file declares them.
func (w *world) syncExtended(ext mapping.Extended) ([]Action, *Report) {
	w.t.Helper()
	e := w.engine(false)
	e.cfg.Mapping.Plugin.Extended = ext
	_, err := e.Load(ctx)
	require.NoError(w.t, err)
	plan := e.snap.Plan()
	rep, err := e.Apply(ctx, plan, nil)
	require.NoError(w.t, err)
	return plan.Actions, rep
}

// record keeps the method and path of every request either simulator
// serves.
func (w *world) record() func() []string {
	var mu sync.Mutex
	var seen []string
	f := func(rw http.ResponseWriter, r *http.Request, sim http.Handler) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		mu.Unlock()
		sim.ServeHTTP(rw, r)
	}
	w.intercept.Store(&f)
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func (w *world) newRelease(name, vn string, status int) spiraclient.RemoteRelease {
	w.t.Helper()
	r, err := w.sc.CreateRelease(ctx, spiratest.ProductID, spiraclient.RemoteRelease{Name: name, VersionNumber: vn, ReleaseTypeID: 1, ReleaseStatusID: status,
		StartDate: spiraclient.T(time.Now().UTC()), EndDate: spiraclient.T(time.Now().UTC().AddDate(0, 1, 0)), ResourceCount: 1}, 0)
	require.NoError(w.t, err)
	return *r
}

func TestCreateReleasesOnlyCreatesVersionsAndReleasesButUpdatesNone(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Bidirectional,createReleasesOnly"})
	w.sync()
	seen := w.record()
	rel := w.newRelease("Only created", "9.3", 1)
	id := w.addIncident("Uses a new release", func(i *spiraclient.RemoteIncident) { i.DetectedReleaseID = rel.ReleaseID })
	_, err := w.jc.CreateVersion(ctx, jiraclient.Version{Name: "9.4", ProjectID: 10000})
	require.NoError(t, err)
	require.NoError(t, w.jc.EditIssue(ctx, "LIB-8", jiraclient.IssueUpdate{Fields: map[string]any{"fixVersions": []map[string]any{{"name": "9.4"}}}}))
	// Mapped release and version changed on each side.
	r4, err := w.sc.Release(ctx, spiratest.ProductID, 4)
	require.NoError(t, err)
	r4.Description = "Described in Spira"
	require.NoError(t, w.sc.UpdateRelease(ctx, spiratest.ProductID, *r4))
	desc := "Described in Jira"
	_, err = w.jc.UpdateVersion(ctx, "10003", jiraclient.VersionUpdate{Description: &desc})
	require.NoError(t, err)
	before := len(seen())

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.Equal(t, []string{"9.3"}, w.issue(w.keyOf(id)).Versions, "the new release became a version")
	inc := w.incidentOf("LIB-8")
	require.NotZero(t, inc.ResolvedReleaseID)
	got, err := w.sc.Release(ctx, spiratest.ProductID, inc.ResolvedReleaseID)
	require.NoError(t, err)
	require.Equal(t, "9.4", got.VersionNumber, "the new version became a release")

	for _, a := range plan {
		if a.Artifact.Type == "release" {
			require.Equal(t, KindCreate, a.Kind, "%s %s", a.Artifact, a.Summary)
		}
	}
	for _, r := range seen()[before:] {
		require.False(t, strings.HasPrefix(r, "PUT") && (strings.Contains(r, "/releases") || strings.Contains(r, "/version/")), "a release or version written: %s", r)
	}
	v, err := w.jc.Version(ctx, "10002")
	require.NoError(t, err)
	require.NotEqual(t, "Described in Spira", v.Description)
	r5, err := w.sc.Release(ctx, spiratest.ProductID, 5)
	require.NoError(t, err)
	require.NotEqual(t, "Described in Jira", r5.Description)
}

// With NoAttachments the files are read, so that the plan names each one
// it leaves out, and never written.
func TestNoAttachmentsIsNotedAndNoAttachmentIsWritten(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Default,NoAttachments"})
	seen := w.record()
	id := w.addIncident("With a screenshot, once", nil)
	_, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Attached a log"})
	require.NoError(t, err)

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.NotEmpty(t, w.keyOf(id), "the rest syncs")
	requireNote(t, plan, "attachments not synced")
	for _, r := range seen() {
		if strings.HasPrefix(strings.ToUpper(r), "GET ") {
			continue
		}
		require.NotContains(t, strings.ToLower(r), "attach", "an attachment write: %s", r)
		require.NotContains(t, strings.ToLower(r), "document", "a Spira document write: %s", r)
	}
}

func TestClosedReleasesAreNeverCreatedInJira(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			closed := w.newRelease("Closed one", "8.9", 4)
			open := w.newRelease("Open one", "9.5", 1)
			id := w.addIncident("Found in a closed release", func(i *spiraclient.RemoteIncident) {
				i.DetectedReleaseID, i.ResolvedReleaseID = closed.ReleaseID, open.ReleaseID
			})

			plan, rep := w.sync()
			require.Empty(t, rep.Failures)
			is := w.issue(w.keyOf(id))
			require.Empty(t, is.Versions, "no version for the Closed release")
			require.Equal(t, []string{"9.5"}, is.FixVersions, "the open release is created")
			vs, err := w.jc.Versions(ctx, "LIB")
			require.NoError(t, err)
			for _, v := range vs {
				require.NotEqual(t, "8.9", v.Name)
			}
			said := false
			for _, a := range plan {
				said = said || a.Artifact.SpiraID == id && strings.Contains(a.Reason, "Closed releases are never created in Jira")
			}
			require.True(t, said, "the plan says why")
		})
	}
}

func TestTypesToSkipAreNeverSynced(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.sync()
	bug, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "A skipped Bug"})
	require.NoError(t, err)
	story, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "A Story still synced"})
	require.NoError(t, err)
	require.NoError(t, w.jc.EditIssue(ctx, "LIB-8", jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Skipped rename"}}))

	plan, rep := w.syncExtended(mapping.Extended{TypesToSkip: []string{"10003"}}) // Bug
	require.Empty(t, rep.Failures)
	require.Nil(t, w.incidentOf(bug), "a new Bug is not imported")
	require.NotEqual(t, "Skipped rename", w.incidentOf("LIB-8").Name, "nor a mapped Bug updated")
	for _, a := range plan {
		require.NotEqual(t, bug, a.Artifact.JiraKey)
	}
	ms, err := w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, 1)
	require.NoError(t, err)
	found := false
	for _, mm := range ms {
		found = found || mm.ExternalKey == story
	}
	require.True(t, found, "other types sync")
}

func TestSkipCommentsLeavesCommentsOnBothSides(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Bidirectional"})
	w.sync()
	id := w.addIncident("Commented in Spira", nil)
	_, err := w.sc.AddIncidentComments(ctx, spiratest.ProductID, id, []spiraclient.RemoteComment{{Text: "<p>Spira says hi.</p>", UserID: 4}})
	require.NoError(t, err)
	_, err = w.jira.AddComment("LIB-8", w.jira.Admin().AccountID, "Jira says hi.")
	require.NoError(t, err)
	before, err := w.sc.IncidentComments(ctx, spiratest.ProductID, 1)
	require.NoError(t, err)

	_, rep := w.syncExtended(mapping.Extended{SkipComments: true})
	require.Empty(t, rep.Failures)
	key := w.keyOf(id)
	require.NotEmpty(t, key, "the incident syncs")
	require.Empty(t, w.issue(key).Comments, "its comment does not")
	after, err := w.sc.IncidentComments(ctx, spiratest.ProductID, 1)
	require.NoError(t, err)
	require.Len(t, after, len(before), "nor does Jira's")
}

func TestAClosedReleaseSetInSpiraLeavesTheIssuesVersions(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Bidirectional"})
	w.sync()
	before := w.issue("LIB-9").FixVersions
	closed := w.newRelease("Closed later", "8.8", 4)
	inc, err := w.sc.Incident(ctx, spiratest.ProductID, 2)
	require.NoError(t, err)
	inc.ResolvedReleaseID = closed.ReleaseID
	require.NoError(t, w.sc.UpdateIncident(ctx, spiratest.ProductID, *inc))

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.Equal(t, before, w.issue("LIB-9").FixVersions, "not cleared for a release Jira does not get")
	said := false
	for _, a := range plan {
		said = said || a.Artifact.JiraKey == "LIB-9" && strings.Contains(a.Reason, "Closed releases are never created in Jira")
	}
	require.True(t, said, "the plan says why")
}
