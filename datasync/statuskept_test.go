package datasync

import (
	"strings"
	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

func keptSkips(rep *Report, key string) []Failure {
	var out []Failure
	for _, f := range rep.Skipped {
		if strings.HasPrefix(f.Reason, StatusKeptPhrase) && strings.Contains(f.Artifact, key) {
			out = append(out, f)
		}
	}
	return out
}

// F8: with Status Bulk Edit off Spira answers a status update 200 and
// keeps the old status. The engine reads the incident back, reports why
// the status stays, and the next plan leaves the status alone with that
// reason instead of writing it again (nor copies Spira's back over Jira's).
// The rest of the update is written. Turned on, the retry after a day
// writes it.
func TestF8StatusKeptWithStatusBulkEditOffIsReportedNotRetried(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	id := w.addIncident("Renewal limit ignored", nil)
	w.sync()
	key := w.keyOf(id)
	require.NotEmpty(t, key)
	w.sync()
	before := w.incident(id).IncidentStatusID
	require.True(t, w.spira.SetStatusBulkEdit(spiratest.TemplateID, false))

	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Renewal limit ignored for staff"}}))
	require.NoError(t, w.jc.DoTransition(ctx, key, jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: "11"}}))
	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	inc := w.incident(id)
	require.Equal(t, "Renewal limit ignored for staff", inc.Name, "the rest of the update is written")
	require.Equal(t, before, inc.IncidentStatusID, "Spira kept its status")
	kept := keptSkips(rep, key)
	require.Len(t, kept, 1, "%v", rep.Skipped)
	require.Contains(t, kept[0].Reason, "Status Bulk Edit is off in template 1")
	var logged bool
	for _, ev := range w.spira.Events() {
		logged = logged || strings.Contains(ev.Message, StatusKeptPhrase)
	}
	require.True(t, logged, "said in Spira's event log, for the doctor")

	// The next plan says why the status stays and writes nothing.
	for range 2 {
		plan, rep = w.sync()
		logPlan(t, plan)
		var why bool
		for _, a := range plan {
			if a.Artifact.JiraKey != key {
				continue
			}
			require.False(t, a.Kind == KindUpdate || a.Kind == KindTransition, "%s %s %v", a.Kind, a.Direction, a.Changes)
			why = why || a.Kind == KindSkip && strings.HasPrefix(a.Reason, StatusKeptPhrase)
		}
		require.True(t, why, "the plan says why the status stays")
		require.Equal(t, "In Progress", w.issue(key).Status, "Spira's status is not copied over Jira's")
	}

	// Turned on: a run a day later tries again and the status is written.
	require.True(t, w.spira.SetStatusBulkEdit(spiratest.TemplateID, true))
	st, _, err := loadState(statePath(w.stateDir, w.instance(spiratest.ProductID)))
	require.NoError(t, err)
	require.Contains(t, st.StatusKept, w.issue(key).ID)
	k := st.StatusKept[w.issue(key).ID]
	k.At = k.At.Add(-statusKeptFor)
	st.StatusKept[w.issue(key).ID] = k
	require.NoError(t, st.save(w.stateDir, w.instance(spiratest.ProductID)))
	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Renewal limit ignored for all"}}))
	plan, rep = w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	require.Empty(t, keptSkips(rep, key))
	require.Equal(t, 3, w.incident(id).IncidentStatusID, "In Progress maps to Assigned")
	st, _, err = loadState(statePath(w.stateDir, w.instance(spiratest.ProductID)))
	require.NoError(t, err)
	require.NotContains(t, st.StatusKept, w.issue(key).ID, "forgotten once written")
}

// F8 on create: the echo shows the status sent, Spira stored its default.
// The read-back sees it, the base agrees Spira's status, and the next run
// neither copies Spira's default to Jira nor writes Jira's again.
func TestF8StatusKeptOnCreate(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	w.sync()
	require.True(t, w.spira.SetStatusBulkEdit(spiratest.TemplateID, false))
	key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Opened in progress", Status: "In Progress"})
	require.NoError(t, err)
	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	inc := w.incidentOf(key)
	require.NotNil(t, inc)
	require.Equal(t, 1, inc.IncidentStatusID, "Spira's default")
	require.Len(t, keptSkips(rep, key), 1, "%v", rep.Skipped)

	plan, _ = w.sync()
	logPlan(t, plan)
	for _, a := range plan {
		if a.Artifact.JiraKey == key {
			require.False(t, a.Kind == KindUpdate || a.Kind == KindTransition, "%s %s %v", a.Kind, a.Direction, a.Changes)
		}
	}
	require.Equal(t, "In Progress", w.issue(key).Status)
}

// F7: Spira answers creates with the request echoed back. The engine reads
// back what it needs, so the run after it creates incidents, requirements
// and releases from Jira plans no change to either side for them.
func TestF7NoSpuriousChangeAfterEchoedCreates(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	w.sync()
	var keys []string
	for _, spec := range []jiratest.IssueSpec{
		{Type: "Bug", Summary: "Echo one", Status: "In Progress"},
		{Type: "Bug", Summary: "Echo two"},
		{Type: "Story", Summary: "Echo story"},
	} {
		key, err := w.jira.AddIssue(spec)
		require.NoError(t, err)
		keys = append(keys, key)
	}
	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	require.NotZero(t, rep.Done(KindCreate))
	plan, rep = w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	for _, a := range plan {
		for _, k := range keys {
			if a.Artifact.JiraKey == k || a.Item == k {
				require.Equal(t, KindSkip, a.Kind, "%s %s %s %v", k, a.Kind, a.Direction, a.Changes)
			}
		}
	}
	require.Zero(t, rep.Done(KindUpdate)+rep.Done(KindTransition)+rep.Done(KindCreate), "%v", rep.Counts)
}

// F8 for requirements: a status Spira kept on a requirement update is
// reported, and the next plan leaves it with the reason.
func TestF8RequirementStatusKept(t *testing.T) {
	w := newWorld(t, worldOpts{})
	key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "Search by ISBN"})
	require.NoError(t, err)
	w.sync()
	id := w.requirementOf(key)
	require.NotZero(t, id)
	w.sync()
	r, err := w.sc.Requirement(ctx, spiratest.ProductID, id)
	require.NoError(t, err)
	before := r.StatusID
	require.True(t, w.spira.SetStatusBulkEdit(spiratest.TemplateID, false))
	require.NoError(t, w.jc.DoTransition(ctx, key, jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: "11"}}))
	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	r, err = w.sc.Requirement(ctx, spiratest.ProductID, id)
	require.NoError(t, err)
	require.Equal(t, before, r.StatusID)
	require.Len(t, keptSkips(rep, key), 1, "%v", rep.Skipped)

	plan, rep = w.sync()
	logPlan(t, plan)
	var why bool
	for _, a := range plan {
		if a.Item == key {
			require.NotEqual(t, KindUpdate, a.Kind, "%v", a.Changes)
			why = why || a.Kind == KindSkip && strings.HasPrefix(a.Reason, StatusKeptPhrase)
		}
	}
	require.True(t, why, "the plan says why the status stays")
}

func (w *world) requirementOf(key string) int {
	w.t.Helper()
	ms, err := w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, 1)
	require.NoError(w.t, err)
	for _, m := range ms {
		if m.ExternalKey == key {
			return m.InternalID
		}
	}
	return 0
}
