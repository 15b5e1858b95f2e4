package datasync

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/adf"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

var modes = []struct{ name, custom03 string }{{"default", ""}, {"true", "True"}, {"both", "Both"}}

func kinds(plan []Action, k Kind, d Direction) int {
	n := 0
	for _, a := range plan {
		if a.Kind == k && (d == "" || a.Direction == d) {
			n++
		}
	}
	return n
}

func logPlan(t *testing.T, plan []Action) {
	t.Helper()
	for _, a := range plan {
		t.Logf("%s %s %s %s %v %s", a.Kind, a.Direction, a.Artifact, a.Summary, a.Changes, a.Reason)
	}
}

var ctx = context.Background()

func (w *world) addIncident(name string, mod func(*spiraclient.RemoteIncident)) int {
	w.t.Helper()
	inc := spiraclient.RemoteIncident{Name: name, Description: "<p>" + name + " happens.</p>", IncidentTypeID: 2,
		IncidentStatusID: 1, PriorityID: 2, SeverityID: 2, OpenerID: 4, ComponentIDs: []int{2}}
	if mod != nil {
		mod(&inc)
	}
	out, err := w.sc.CreateIncident(ctx, spiratest.ProductID, inc)
	require.NoError(w.t, err)
	return out.IncidentID
}

func (w *world) keyOf(incidentID int) string {
	w.t.Helper()
	ms, err := w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, 3)
	require.NoError(w.t, err)
	for _, m := range ms {
		if m.InternalID == incidentID {
			return m.ExternalKey
		}
	}
	return ""
}

// commentInJira adds a plain-text comment to the issue key through the
// API.
func (w *world) commentInJira(key, text string) {
	w.t.Helper()
	_, err := w.jc.AddComment(ctx, key, jiraclient.Comment{Body: mustJSON(adf.FromPlainText(text))})
	require.NoError(w.t, err)
}

func (w *world) incidentOf(key string) *spiraclient.RemoteIncident {
	w.t.Helper()
	ms, err := w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, 3)
	require.NoError(w.t, err)
	for _, m := range ms {
		if m.ExternalKey == key {
			inc, err := w.sc.Incident(ctx, spiratest.ProductID, m.InternalID)
			require.NoError(w.t, err)
			return inc
		}
	}
	return nil
}

// issuesNamed lists the keys of the Jira issues with this summary.
func (w *world) issuesNamed(summary string) []string {
	w.t.Helper()
	var out []string
	for _, k := range w.jira.IssueKeys() {
		if w.issue(k).Summary == summary {
			out = append(out, k)
		}
	}
	return out
}

func (w *world) issue(key string) jiratest.Issue {
	w.t.Helper()
	is, ok := w.jira.Issue(key)
	require.True(w.t, ok, "no issue %s", key)
	return is
}

func adfText(raw json.RawMessage) string {
	var d adf.Doc
	_ = json.Unmarshal(raw, &d)
	return d.PlainText()
}

func TestCreateBothWaysInEachMode(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			id := w.addIncident("Checkout receipt prints twice", func(i *spiraclient.RemoteIncident) {
				i.DetectedReleaseID, i.ResolvedReleaseID, i.OwnerID = 4, 5, 5
			})
			_, err := w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: "<p>Seen at two branches.</p>", UserID: 4}})
			require.NoError(t, err)
			jkey, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Holds list empty for new patrons", Description: "Steps:\nlog in",
				Priority: "High", Components: []string{"Circulation"}, Severity: "High", Reporter: "5b10ac8d82e05b22cc7d4e03"})
			require.NoError(t, err)
			require.NoError(t, w.jc.EditIssue(ctx, jkey, jiraclient.IssueUpdate{Fields: map[string]any{
				jiratest.FieldExternalRef: "HELPDESK-9001", jiratest.FieldBranches: []map[string]any{{"value": "North"}}}}))

			plan, rep := w.sync()
			require.Empty(t, rep.Failures)
			require.Equal(t, "success", rep.Outcome)

			// Spira -> Jira, every mode.
			key := w.keyOf(id)
			require.NotEmpty(t, key, "incident %d has no Jira key mapping", id)
			is := w.issue(key)
			require.Equal(t, "Checkout receipt prints twice", is.Summary)
			require.Equal(t, "Bug", is.Type)
			require.Equal(t, "High", is.Priority)
			require.Equal(t, []string{"Circulation"}, is.Components)
			require.Equal(t, []string{"1.1"}, is.Versions)
			require.Equal(t, []string{"2.0"}, is.FixVersions)
			require.Equal(t, "5b10ac8d82e05b22cc7d4e03", is.Reporter, "priya by her user mapping")
			require.Equal(t, "High", is.Custom[jiratest.FieldSeverity], "severity by option name in Custom 01")
			require.Contains(t, adfText(is.Description), "Checkout receipt prints twice happens.")
			require.Len(t, is.Comments, 1)
			require.True(t, strings.HasPrefix(adfText(is.Comments[0].Body), "[SpiraDataSync] Seen at two branches."))
			require.Len(t, is.RemoteLinks, 1)
			require.Contains(t, is.RemoteLinks[0].GlobalID, "id=IN"+itoa(id))
			require.Contains(t, string(is.Properties[MarkerKey]), `"incident":`+itoa(id))
			inc, err := w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			var keyProp string
			for _, cp := range inc.CustomProperties {
				if cp.Definition != nil && cp.Definition.CustomPropertyID == 7 && cp.StringValue != nil {
					keyProp = *cp.StringValue
				}
			}
			require.Equal(t, key, keyProp, "the key in the JiraIssueKey property")

			// Jira -> Spira, unless Custom 03 = True.
			got := w.incidentOf(jkey)
			if m.custom03 == "True" {
				require.Nil(t, got)
				require.Zero(t, kinds(plan, KindCreate, JiraToSpira))
				return
			}
			require.NotNil(t, got)
			require.Equal(t, "Holds list empty for new patrons", got.Name)
			require.Equal(t, 2, got.PriorityID)
			require.Equal(t, 2, got.SeverityID)
			require.Equal(t, []int{2}, got.ComponentIDs)
			require.Equal(t, 4, got.OpenerID, "reporter by user mapping")
			require.Equal(t, 2, got.IncidentTypeID, "Bug is primary for Jira Bug")
			require.Contains(t, got.Description, "log in")
			require.Len(t, w.issue(jkey).RemoteLinks, 1, "the Jira issue links back to Spira")
			props := map[int]spiraclient.RemoteArtifactCustomProperty{}
			for _, cp := range got.CustomProperties {
				props[cp.PropertyNumber] = cp
			}
			require.NotNil(t, props[3].StringValue, "External Reference from its custom field")
			require.Equal(t, "HELPDESK-9001", *props[3].StringValue)
			require.Equal(t, []int{2}, props[2].IntegerListValue, "Affected Branches by option name")
		})
	}
}

func TestJiraChangesUpdateSpiraInEachMode(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			id := w.addIncident("Renewal limit ignored", nil)
			w.sync()
			key := w.keyOf(id)
			require.NotEmpty(t, key)
			user := w.jc
			require.NoError(t, user.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{
				"summary": "Renewal limit ignored for staff", "priority": map[string]any{"id": "1"},
				"description": adf.FromPlainText("Staff can renew forever.")}}))
			require.NoError(t, user.DoTransition(ctx, key, jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: "11"}}))
			_, err := user.AddComment(ctx, key, jiraclient.Comment{Body: mustJSON(adf.FromPlainText("Reproduced on 2.0"))})
			require.NoError(t, err)

			plan, rep := w.sync()
			logPlan(t, plan)
			require.Empty(t, rep.Failures)
			inc, err := w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			require.Equal(t, "Renewal limit ignored for staff", inc.Name)
			require.Equal(t, 1, inc.PriorityID)
			require.Equal(t, 3, inc.IncidentStatusID, "In Progress maps back to Assigned")
			require.Contains(t, inc.Description, "Staff can renew forever.")
			cs, err := w.sc.IncidentComments(ctx, 1, id)
			require.NoError(t, err)
			require.Len(t, cs, 1)
			require.Contains(t, cs[0].Text, "[JiraDataSync]")
			require.Contains(t, cs[0].Text, "Reproduced on 2.0")
		})
	}
}

func TestBothModeSpiraChangesReachJiraThroughSeveralTransitions(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	id := w.addIncident("Fine waiver not applied", nil)
	w.sync()
	w.sync() // New -> Open from Jira's To Do, as the guide expects
	key := w.keyOf(id)
	require.Equal(t, "To Do", w.issue(key).Status)
	inc, err := w.sc.Incident(ctx, 1, id)
	require.NoError(t, err)
	// Closed maps to Jira Done: To Do -> In Progress -> In Review -> Done.
	inc.IncidentStatusID, inc.PriorityID = 5, 4
	require.NoError(t, w.sc.UpdateIncident(ctx, 1, *inc))
	_, err = w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: "<p>Fixed in the fines module.</p>"}})
	require.NoError(t, err)

	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	require.Equal(t, 1, kinds(plan, KindTransition, SpiraToJira))
	is := w.issue(key)
	require.Equal(t, "Done", is.Status)
	require.NotEmpty(t, is.Resolution)
	require.Equal(t, "Low", is.Priority)
	require.Len(t, is.Comments, 1)
	require.Contains(t, adfText(is.Comments[0].Body), "[SpiraDataSync] Fixed in the fines module.")

	// Jira required a resolution on the way to Done: it comes back once,
	// into the Resolution property. Nothing else echoes back.
	plan, _ = w.sync()
	for _, a := range plan {
		if a.Kind == KindUpdate {
			require.Equal(t, []Change{{Field: "Resolution", After: "Done"}}, a.Changes)
		}
	}
	plan, _ = w.sync()
	logPlan(t, plan)
	require.Zero(t, kinds(plan, KindUpdate, "")+kinds(plan, KindTransition, "")+kinds(plan, KindCreate, ""))
}

func TestCommentsThreeRunsNoDuplicatesNoEchoes(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			id := w.addIncident("Patron e-mail bounces", nil)
			_, err := w.sc.AddIncidentComments(ctx, 1, id, []spiraclient.RemoteComment{{Text: "<p>First from Spira</p>"}})
			require.NoError(t, err)
			w.sync()
			key := w.keyOf(id)
			w.commentInJira(key, "First from Jira")
			for range 3 {
				_, rep := w.sync()
				require.Empty(t, rep.Failures)
			}
			jc := w.issue(key).Comments
			sc, err := w.sc.IncidentComments(ctx, 1, id)
			require.NoError(t, err)
			require.Len(t, jc, 2, "Spira's comment and Jira's own")
			require.Len(t, sc, 2, "Spira's own and Jira's")
		})
	}
}

func TestRequirementsForCustom04Types(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "As a patron I can freeze my holds", Priority: "Low", Components: []string{"Patron Portal"}})
			require.NoError(t, err)
			plan, rep := w.sync()
			require.Empty(t, rep.Failures)
			ms, err := w.sc.ArtifactMappings(ctx, 1, 1, 1)
			require.NoError(t, err)
			var reqID int
			for _, mm := range ms {
				if mm.ExternalKey == key {
					reqID = mm.InternalID
				}
			}
			if m.custom03 == "True" {
				require.Zero(t, reqID)
				require.Zero(t, kinds(plan, KindCreate, JiraToSpira))
				return
			}
			require.NotZero(t, reqID, "Story (Custom 04) becomes a requirement")
			r, err := w.sc.Requirement(ctx, 1, reqID)
			require.NoError(t, err)
			require.Equal(t, "As a patron I can freeze my holds", r.Name)
			require.Equal(t, 4, r.ImportanceID)
			require.Equal(t, 3, r.ComponentID)
			require.Nil(t, w.incidentOf(key), "not also an incident")
		})
	}
}

func TestReleasesAndVersionsAreCreatedWhereMissing(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			// Sprint 1 (release 3) has no Jira version; 3.0 has no Spira
			// release. LIB-9 is incident 2, synced before.
			id := w.addIncident("Sprint bug", func(i *spiraclient.RemoteIncident) { i.DetectedReleaseID = 3 })
			v, err := w.jc.CreateVersion(ctx, jiraclient.Version{Name: "3.0", ProjectID: 10000})
			require.NoError(t, err)
			key := "LIB-9"
			require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"fixVersions": []map[string]any{{"id": v.ID}}}}))
			_, rep := w.sync()
			require.Empty(t, rep.Failures)
			require.Equal(t, []string{"1.0.001"}, w.issue(w.keyOf(id)).Versions)
			inc := w.incidentOf(key)
			require.NotNil(t, inc)
			require.NotZero(t, inc.ResolvedReleaseID)
			rel, err := w.sc.Release(ctx, 1, inc.ResolvedReleaseID)
			require.NoError(t, err)
			require.Equal(t, "3.0", rel.VersionNumber)
			ms, err := w.sc.ArtifactMappings(ctx, 1, 1, 4)
			require.NoError(t, err)
			found := 0
			for _, m := range ms {
				if m.ExternalKey == v.ID && m.InternalID == rel.ReleaseID || m.InternalID == 3 && m.ExternalKey != "" {
					found++
				}
			}
			require.Equal(t, 2, found, "both new release mappings recorded")
			// A second run creates neither again.
			plan, _ := w.sync()
			for _, a := range plan {
				require.NotEqual(t, "release", a.Artifact.Type, "%s", a.Summary)
			}
		})
	}
}

func TestLinksOfTheCustom05Type(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			id := w.addIncident("Caused by the renewal bug", nil)
			_, err := w.sc.CreateAssociation(ctx, 1, spiraclient.RemoteAssociation{SourceArtifactID: id, SourceArtifactTypeID: 3,
				DestArtifactID: 1, DestArtifactTypeID: 3, ArtifactLinkTypeID: 1})
			require.NoError(t, err)
			_, rep := w.sync()
			require.Empty(t, rep.Failures)
			links := w.issue(w.keyOf(id)).Links
			require.NotEmpty(t, links)
			require.Equal(t, "Relates", links[0].Type)
			require.Equal(t, "LIB-8", links[0].OtherKey, "incident 1 is LIB-8")
		})
	}
}

func TestSecurityLevelWhenCustom02IsTrue(t *testing.T) {
	for i, on := range []bool{false, true, true, true} {
		w := newWorld(t, worldOpts{custom03: modes[max(0, i-1)].custom03})
		if on {
			p, _ := w.spira.PlugIn(spiratest.DataSyncID)
			p.Custom[1] = "True"
			w.spira.SetPlugIn(p)
		}
		id := w.addIncident("Password reset token leaks", func(i *spiraclient.RemoteIncident) {
			v := 12 // Security Team
			i.CustomProperties = []spiraclient.RemoteArtifactCustomProperty{{PropertyNumber: 12, IntegerValue: &v}}
		})
		_, rep := w.sync()
		require.Empty(t, rep.Failures)
		want := ""
		if on {
			want = "Security Team"
		}
		require.Equal(t, want, w.issue(w.keyOf(id)).Security)
	}
}

func TestConflictJiraWinsByDefault(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			id := w.addIncident("Card payment declined", nil)
			w.sync()
			w.sync()
			key := w.keyOf(id)
			require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Card payment declined (Jira)"}}))
			inc, err := w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			inc.Name = "Card payment declined (Spira)"
			require.NoError(t, w.sc.UpdateIncident(ctx, 1, *inc))

			plan, rep := w.sync()
			logPlan(t, plan)
			require.Equal(t, 1, kinds(plan, KindConflict, ""))
			require.Len(t, rep.Conflicts, 1)
			got, err := w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			require.Equal(t, "Card payment declined (Jira)", got.Name)
			require.Equal(t, "Card payment declined (Jira)", w.issue(key).Summary)
		})
	}
}

func TestJiraUserFarFromUTCLosesNoChange(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			require.NoError(t, w.jira.SetTimeZone(w.jira.Admin().AccountID, "Pacific/Kiritimati")) // UTC+14
			id := w.addIncident("Due dates off by a day", nil)
			w.sync()
			key := w.keyOf(id)
			require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Due dates off by a day near midnight"}}))
			// A fresh state directory: the query starts from Spira's
			// LastSyncDate, sent as epoch milliseconds.
			w.stateDir = t.TempDir()
			e := w.engine(false)
			e.cfg.Overlap = time.Second
			s, err := e.Load(ctx)
			require.NoError(t, err)
			var seen bool
			for _, it := range s.Issues {
				seen = seen || it.Issue.Key == key
			}
			require.True(t, seen, "the change made after the last sync is in the window")
			_, err = e.Apply(ctx, s.Plan(), nil)
			require.NoError(t, err)
			got, err := w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			require.Equal(t, "Due dates off by a day near midnight", got.Name)
		})
	}
}

func TestRefusesWhileSpirasServiceRuns(t *testing.T) {
	w := newWorld(t, worldOpts{})
	p, _ := w.spira.PlugIn(spiratest.DataSyncID)
	recent := time.Now().UTC().Add(-time.Minute)
	p.LastSyncDate = &recent
	w.spira.SetPlugIn(p)
	_, err := w.engine(false).Load(ctx)
	require.ErrorIs(t, err, ErrServiceRan)
	require.Contains(t, err.Error(), "--force")
	e := w.engine(true)
	_, err = e.Load(ctx)
	require.NoError(t, err)
	_, err = e.Apply(ctx, e.snap.Plan(), nil)
	require.NoError(t, err)
	// The engine's own run just now does not block the next one...
	_, err = w.engine(false).Load(ctx)
	require.NoError(t, err)
	// ...nor one from another machine, which knows it by its summary in
	// Spira's event log.
	w.stateDir = t.TempDir()
	_, err = w.engine(false).Load(ctx)
	require.NoError(t, err)
}

func TestFailingItemIsReportedAndRetried(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.sync()
	a, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "First new issue"})
	require.NoError(t, err)
	b, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Second new issue"})
	require.NoError(t, err)
	before := len(w.spira.Events())
	// The first incident create of the run fails; the others go on.
	w.spira.FailNext("POST projects/{project_id}/incidents", 500)
	_, rep := w.sync()
	require.Len(t, rep.Failures, 1)
	require.Equal(t, "warning", rep.Outcome)
	p, _ := w.spira.PlugIn(spiratest.DataSyncID)
	require.Equal(t, 3, p.StatusID, "the run is recorded as a warning")
	evs := w.spira.Events()[before:]
	require.GreaterOrEqual(t, len(evs), 2, "the error and the summary are in Spira's event log")
	failed := a
	if w.incidentOf(a) != nil {
		failed = b
	}
	require.Nil(t, w.incidentOf(failed))
	require.Contains(t, rep.Failures[0].Artifact, failed)

	_, rep = w.sync()
	require.Empty(t, rep.Failures)
	require.NotNil(t, w.incidentOf(failed), "retried by the next run")
	p, _ = w.spira.PlugIn(spiratest.DataSyncID)
	require.Equal(t, 1, p.StatusID)
}

func TestAutoMapUsersByEmailAndTheSyncAccountFallback(t *testing.T) {
	w := newWorld(t, worldOpts{})
	fred, err := w.jira.AddUser(jiratest.UserSpec{Email: "fred.bloggs@library.example", DisplayName: "Fred Bloggs"})
	require.NoError(t, err)
	p, _ := w.spira.PlugIn(spiratest.DataSyncID)
	p.AutoMapUsers = true
	w.spira.SetPlugIn(p)
	byFred := w.addIncident("Fred's incident", func(i *spiraclient.RemoteIncident) { i.OpenerID = 2 })
	byJoe := w.addIncident("Joe's incident", func(i *spiraclient.RemoteIncident) { i.OpenerID = 3 })
	key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Reported by Fred in Jira", Reporter: fred.AccountID})
	require.NoError(t, err)

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.Equal(t, fred.AccountID, w.issue(w.keyOf(byFred)).Reporter, "Fred by his e-mail")
	require.Equal(t, w.jira.Admin().AccountID, w.issue(w.keyOf(byJoe)).Reporter, "Joe has no Jira user: the sync account reports")
	var said bool
	for _, a := range plan {
		said = said || a.Artifact.SpiraID == byJoe && strings.Contains(a.Reason, "joesmith has no Jira user")
	}
	require.True(t, said, "the fallback is reported in the plan")
	require.Equal(t, 2, w.incidentOf(key).OpenerID, "Fred's Jira e-mail finds him in Spira")
}

func TestBothModeReportsAStatusTheWorkflowCannotReach(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	// Reopen (8) to Blocked, a status only the Task workflow has.
	w.spira.SetFieldValueMapping(spiratest.DataSyncID, spiratest.ProductID, 3, spiratest.ValueMapping{SpiraID: 8, ExternalKey: "10003", Primary: true})
	id := w.addIncident("Cannot be blocked", nil)
	w.sync()
	w.sync()
	key := w.keyOf(id)
	inc, err := w.sc.Incident(ctx, 1, id)
	require.NoError(t, err)
	inc.IncidentStatusID = 8
	require.NoError(t, w.sc.UpdateIncident(ctx, 1, *inc))
	_, rep := w.sync()
	// The seeded Reopen incident cannot get there either, since its
	// issue was created: it is reported too, under its own key.
	var mine []Failure
	for _, f := range rep.Failures {
		if strings.Contains(f.Artifact, key) {
			mine = append(mine, f)
		}
	}
	require.Len(t, mine, 1)
	require.Contains(t, mine[0].Reason, "no transition of "+key+"'s workflow leads to status 10003")
	require.Equal(t, "To Do", w.issue(key).Status)
	require.Equal(t, "warning", rep.Outcome)
}

// When an item fails, its later steps wait for the next run, and the
// progress still reaches its total.
func TestProgressReachesItsTotalWhenAnItemFails(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.jira.FailNext("POST /rest/api/3/issue", jiratest.Fault500)
	e := w.engine(false)
	_, err := e.Load(context.Background())
	require.NoError(t, err)
	var last Progress
	rep, err := e.Apply(context.Background(), e.snap.Plan(), func(p Progress) { last = p })
	require.NoError(t, err)
	require.NotEmpty(t, rep.Failures)
	require.Positive(t, last.Total)
	require.Equal(t, last.Total, last.Done, "the last progress: %+v", last)
}
