package datasync

import (
	"slices"
	"testing"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// Values Jira's workflow sets after the engine's write (a resolution on
// entering Done, cleared on leaving it; a default priority or assignee on a
// create; a post-function's assignee) are Jira's: the dry-run after the
// run shows them as changes in Jira, the next run copies them to Spira,
// and the run after that has nothing left to do.

// dryRun is what `sync --dry-run` shows.
func (w *world) dryRun() []Action {
	w.t.Helper()
	e := w.engine(false)
	_, err := e.Load(ctx)
	require.NoError(w.t, err)
	return e.snap.Plan().Actions
}

// resolutionOf is an incident's Resolution property (custom property 4).
func resolutionOf(inc *spiraclient.RemoteIncident) int {
	for _, cp := range inc.CustomProperties {
		if cp.PropertyNumber == 4 && cp.IntegerValue != nil {
			return *cp.IntegerValue
		}
	}
	return 0
}

func withResolution(id int) func(*spiraclient.RemoteIncident) {
	return func(inc *spiraclient.RemoteIncident) {
		inc.CustomProperties = withProperty(inc.CustomProperties, spiraclient.RemoteArtifactCustomProperty{PropertyNumber: 4, IntegerValue: &id})
	}
}

func (w *world) incident(id int) *spiraclient.RemoteIncident {
	w.t.Helper()
	inc, err := w.sc.Incident(ctx, spiratest.ProductID, id)
	require.NoError(w.t, err)
	return inc
}

// requireSettled runs the sync once more, then a dry-run, and requires the
// dry-run to plan nothing for key: the change came once and does not come
// back.
func (w *world) requireSettled(t *testing.T, key string) {
	t.Helper()
	w.sync()
	plan := w.dryRun()
	logPlan(t, plan)
	require.Empty(t, changesOf(plan, key), "nothing comes back once Spira has Jira's value")
	for _, a := range plan {
		if a.Artifact.JiraKey == key && a.Direction == SpiraToJira && a.Kind != KindSkip {
			t.Fatalf("%s goes back to Jira: %s %v", key, a.Kind, a.Changes)
		}
	}
}

// The sandbox's LIB-38: an incident Closed without a resolution becomes an
// issue moved to Done, whose resolution Jira requires; the engine picks
// Jira's first. Spira gets it next run, in every mode.
func TestResolutionJiraGaveTheMoveToDoneReachesSpira(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, worldOpts{custom03: m.custom03})
			id := w.addIncident("Closed without a resolution", func(i *spiraclient.RemoteIncident) { i.IncidentStatusID = 5 })
			w.sync()
			key := w.keyOf(id)
			is := w.issue(key)
			require.Equal(t, "Done", is.Status)
			require.Equal(t, "Done", is.Resolution)
			require.Zero(t, resolutionOf(w.incident(id)))

			plan := w.dryRun()
			logPlan(t, plan)
			require.Equal(t, []string{"Resolution:  -> Done"}, changesOf(plan, key), "the dry-run shows Jira's resolution")
			w.sync()
			require.Equal(t, 6, resolutionOf(w.incident(id)), "Spira has Jira's resolution (Done)")
			require.Equal(t, 5, w.incident(id).IncidentStatusID)
			w.requireSettled(t, key)
		})
	}
}

// Jira gives a create that sends no priority its default priority
// (Medium): that is Jira's value, which Spira, which had none, gets.
func TestDefaultPriorityOfACreateReachesSpira(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, worldOpts{custom03: m.custom03})
			id := w.addIncident("No priority", func(i *spiraclient.RemoteIncident) { i.PriorityID = 0 })
			w.sync()
			key := w.keyOf(id)
			require.Equal(t, "Medium", w.issue(key).Priority)
			require.Contains(t, changesOf(w.dryRun(), key), "Priority:  -> 3 - Medium")
			w.sync()
			require.Equal(t, 3, w.incident(id).PriorityID)
			w.requireSettled(t, key)
		})
	}
}

// An "Assign to current user" post-function on Start Progress gives the
// issue to the sync account when the engine moves the new issue to In
// Progress: Spira's owner follows Jira's assignee.
func TestAssigneeAPostFunctionSetReachesSpira(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, worldOpts{custom03: m.custom03, jira: []jiratest.Option{jiratest.WithAssignOnTransition("Start Progress")}})
			// Assigned maps to In Progress; owner Joe (4) is a Jira user.
			id := w.addIncident("Assigned to Joe", func(i *spiraclient.RemoteIncident) { i.IncidentStatusID, i.OwnerID = 3, 4 })
			w.sync()
			key := w.keyOf(id)
			is := w.issue(key)
			require.Equal(t, "In Progress", is.Status)
			require.Equal(t, w.jira.Admin().AccountID, is.Assignee, "the post-function assigned the sync account")
			plan := w.dryRun()
			logPlan(t, plan)
			require.Len(t, slices.DeleteFunc(changesOf(plan, key), func(c string) bool { return c[:5] != "Owner" }), 1)
			w.sync()
			require.Equal(t, 1, w.incident(id).OwnerID, "Spira's owner is the sync account's Spira user")
			require.Equal(t, 3, w.incident(id).IncidentStatusID)
			w.requireSettled(t, key)
		})
	}
}

// A project whose default assignee is its lead assigns a new issue sent
// without an assignee (the incident has no owner) to the lead.
func TestDefaultAssigneeOfACreateReachesSpira(t *testing.T) {
	w := newWorld(t, worldOpts{jira: []jiratest.Option{jiratest.WithProjectLeadAssignee()}})
	id := w.addIncident("Nobody's", nil)
	require.Zero(t, w.incident(id).OwnerID)
	w.sync()
	key := w.keyOf(id)
	require.Equal(t, w.jira.Admin().AccountID, w.issue(key).Assignee)
	w.sync()
	require.Equal(t, 1, w.incident(id).OwnerID)
	w.requireSettled(t, key)
}

// With Both, Spira's move from Closed to Reopen takes the issue out of
// Done, and Jira clears its resolution: Spira's goes too.
func TestResolutionJiraClearedOnLeavingDoneReachesSpira(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	w.spira.SetFieldValueMapping(spiratest.DataSyncID, spiratest.ProductID, 3, spiratest.ValueMapping{SpiraID: 8, ExternalKey: "4", Primary: true})
	id := w.addIncident("Won't do, then reopened", func(i *spiraclient.RemoteIncident) { i.IncidentStatusID = 5; withResolution(7)(i) })
	w.sync()
	key := w.keyOf(id)
	require.Equal(t, "Won't Do", w.issue(key).Resolution, "the move to Done carried Spira's resolution")
	w.sync()
	require.Empty(t, changesOf(w.dryRun(), key))

	inc := w.incident(id)
	inc.IncidentStatusID = 8
	require.NoError(t, w.sc.UpdateIncident(ctx, spiratest.ProductID, *inc))
	w.sync()
	require.Equal(t, "Reopened", w.issue(key).Status)
	require.Empty(t, w.issue(key).Resolution)
	require.Equal(t, []string{"Resolution: Won't Do -> "}, changesOf(w.dryRun(), key))
	w.sync()
	require.Zero(t, resolutionOf(w.incident(id)))
	require.Equal(t, 8, w.incident(id).IncidentStatusID)
	w.requireSettled(t, key)
}

// With Both, a resolution Spira sets with the move to Closed goes to Jira
// with the transition and is agreed: no change comes back, and the closing
// sweep finds the pair in sync (it is not read again next run).
func TestResolutionSentWithATransitionIsAgreed(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	id := w.addIncident("Duplicate of another", nil)
	w.sync()
	w.sync() // New -> Open from Jira's To Do
	key := w.keyOf(id)
	inc := w.incident(id)
	inc.IncidentStatusID = 5
	withResolution(8)(inc)
	require.NoError(t, w.sc.UpdateIncident(ctx, spiratest.ProductID, *inc))
	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	require.Equal(t, "Done", w.issue(key).Status)
	require.Equal(t, "Duplicate", w.issue(key).Resolution)
	st, _, err := loadState(statePath(w.stateDir, w.instance(spiratest.ProductID)))
	require.NoError(t, err)
	require.NotContains(t, st.RetryIssue, w.issue(key).ID, "the sweep found the pair in sync")
	require.Equal(t, "8", st.Base[w.issue(key).ID]["resolution"])
	w.requireSettled(t, key)
	require.Equal(t, 8, resolutionOf(w.incident(id)))
}

// A Jira issue in a status the mapping lacks comes to Spira without one,
// and Spira gives the incident its default status. Spira answers the
// create with the request echoed back, so the engine reads that status
// back: it is agreed as Spira holds it, not pushed over Jira's next run,
// and a later change in Spira is one.
func TestStatusSpiraDefaultedOnACreateIsReadBack(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Waiting for review", Status: "In Review"})
	require.NoError(t, err)
	w.sync()
	inc := w.incidentOf(key)
	require.NotNil(t, inc)
	require.NotZero(t, inc.IncidentStatusID, "Spira's default status")
	st, _, err := loadState(statePath(w.stateDir, w.instance(spiratest.ProductID)))
	require.NoError(t, err)
	require.Equal(t, itoa(inc.IncidentStatusID), st.Base[w.issue(key).ID]["status"])

	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	for _, a := range plan {
		require.False(t, a.Artifact.JiraKey == key && a.Kind != KindSkip, "%s %s %v", a.Kind, a.Direction, a.Changes)
	}
	require.Equal(t, "In Review", w.issue(key).Status)

	inc.IncidentStatusID = 3 // Assigned: In Progress
	require.NoError(t, w.sc.UpdateIncident(ctx, spiratest.ProductID, *inc))
	w.sync()
	require.Equal(t, "In Progress", w.issue(key).Status, "Spira's change reaches Jira")
}
