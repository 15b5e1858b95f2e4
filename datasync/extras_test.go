package datasync

import (
	"time"

	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// setSpecial sets Custom 01 (Jira Special Fields) and Custom 04
// (Requirement Types) of the world's plug-in record.
func (w *world) setSpecial(custom01, custom04 string) {
	w.t.Helper()
	p, _ := w.spira.PlugIn(spiratest.DataSyncID)
	p.Custom[0], p.Custom[3] = custom01, custom04
	w.spira.SetPlugIn(p)
	w.mapping = nil
}

func (w *world) reqOfKey(key string) *spiraclient.RemoteRequirement {
	w.t.Helper()
	ms, err := w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, mapping.ArtifactTypeRequirement)
	require.NoError(w.t, err)
	for _, m := range ms {
		if m.ExternalKey == key {
			r, err := w.sc.Requirement(ctx, spiratest.ProductID, m.InternalID)
			require.NoError(w.t, err)
			return r
		}
	}
	w.t.Fatalf("no requirement for %s", key)
	return nil
}

func fieldChanges(plan []Action, key string) map[string]Change {
	out := map[string]Change{}
	for _, a := range plan {
		if a.Artifact.JiraKey == key && a.Kind != KindSkip {
			for _, c := range a.Changes {
				out[c.Field] = c
			}
		}
	}
	return out
}

// extraWrites are the changes of a plan's writes to the fields of
// extras.go, as "KEY: field before -> after".
func extraWrites(plan []Action) []string {
	labels := map[string]bool{}
	for _, l := range extraLabels {
		labels[l] = true
	}
	var out []string
	for _, a := range plan {
		if a.Kind == KindSkip || a.Kind == KindConflict || a.Proposal {
			continue
		}
		for _, c := range a.Changes {
			if labels[c.Field] {
				out = append(out, a.Artifact.String()+": "+c.Field+" "+c.Before+" -> "+c.After)
			}
		}
	}
	return out
}

// The issue's acceptance: a story with labels, story points and a parent
// epic becomes a requirement with tags, estimate points and the epic's
// requirement as its parent; the plan shows each; the next run plans
// nothing.
func TestStoryWithLabelsPointsAndEpicBecomesARequirementUnderTheEpics(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.setSpecial("10030,10034", "10000,10001") // severity, Story Points; Epic and Story
	ext := mapping.Extended{SyncEpicStoryHierarchy: true}
	points := 5.0
	epic, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Epic", Summary: "Self-service kiosks", Labels: []string{"kiosk"}})
	require.NoError(t, err)
	story, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "As a patron I check out at a kiosk",
		Labels: []string{"ux", "kiosk"}, StoryPoints: &points, Parent: epic})
	require.NoError(t, err)

	plan, rep := w.syncExtended(ext)
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	ch := fieldChanges(plan, story)
	require.Equal(t, Change{Field: "Tags", After: "kiosk, ux"}, ch["Tags"])
	require.Equal(t, Change{Field: "Estimate points", After: "5"}, ch["Estimate points"])
	require.Contains(t, ch["Parent"].After, "requirement of "+epic)

	er, sr := w.reqOfKey(epic), w.reqOfKey(story)
	require.Equal(t, "kiosk", er.Tags)
	require.Equal(t, "kiosk,ux", sr.Tags)
	require.NotNil(t, sr.EstimatePoints)
	require.Equal(t, 5.0, *sr.EstimatePoints)
	require.Len(t, sr.IndentLevel, len(er.IndentLevel)+3, "one level below the epic's")
	require.Equal(t, er.IndentLevel, sr.IndentLevel[:len(er.IndentLevel)], "under the epic's requirement")

	plan, rep = w.syncExtended(ext)
	require.Empty(t, rep.Failures)
	require.Empty(t, extraWrites(plan), "a second run plans nothing of these fields")
	require.Empty(t, busy(plan, story))
	require.Empty(t, busy(plan, epic))

	// A change in Jira comes over field by field, and only it.
	more := 8.0
	require.NoError(t, w.jc.EditIssue(ctx, story, jiraclient.IssueUpdate{Fields: map[string]any{"labels": []string{"kiosk", "ux", "a11y"}, jiratest.FieldStoryPoints: more}}))
	plan, rep = w.syncExtended(ext)
	require.Empty(t, rep.Failures)
	ch = fieldChanges(plan, story)
	require.Equal(t, Change{Field: "Tags", Before: "kiosk, ux", After: "a11y, kiosk, ux"}, ch["Tags"])
	require.Equal(t, Change{Field: "Estimate points", Before: "5", After: "8"}, ch["Estimate points"])
	require.Len(t, ch, 2)
	sr = w.reqOfKey(story)
	require.Equal(t, "a11y,kiosk,ux", sr.Tags)
	require.Equal(t, 8.0, *sr.EstimatePoints)
	plan, _ = w.syncExtended(ext)
	require.Empty(t, extraWrites(plan))
	require.Empty(t, busy(plan, story))
}

// Without the hierarchy setting, the story is created at the root.
func TestWithoutTheHierarchySettingRequirementsStayAtTheRoot(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.setSpecial("10030", "10000,10001")
	epic, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Epic", Summary: "Self-service kiosks"})
	require.NoError(t, err)
	story, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "As a patron I check out at a kiosk", Parent: epic})
	require.NoError(t, err)
	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.NotContains(t, fieldChanges(plan, story), "Parent")
	require.NotContains(t, fieldChanges(plan, story), "Estimate points", "no second Special Field")
	require.Len(t, w.reqOfKey(story).IndentLevel, 3)
}

func minutes(n int) *int { return &n }

// Incidents, Bidirectional, time tracking on: a Spira incident's tags,
// efforts and start date go to Jira in Jira's terms; a tag with a space
// stays in Spira, said in the plan; Jira's changes come back field by
// field; Time Spent comes to Actual Effort and Spira's Actual Effort never
// goes to Jira; nothing echoes.
func TestIncidentTagsTimeTrackingAndDatesBothWays(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Bidirectional"})
	w.setSpecial("10030,timetracking", "10001")
	w.sync()
	start := spiraclient.TimePtr(time.Now().UTC().Truncate(24 * time.Hour))
	id := w.addIncident("Kiosk printer jams on long receipts", func(inc *spiraclient.RemoteIncident) {
		inc.Tags, inc.EstimatedEffort, inc.RemainingEffort, inc.StartDate = "printer, needs review,kiosk", minutes(210), minutes(90), start
	})
	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	key := w.keyOf(id)
	require.NotEmpty(t, key)
	var create Action
	for _, a := range plan {
		if a.Kind == KindCreate && a.Artifact.SpiraID == id {
			create = a
		}
	}
	require.Contains(t, create.Changes, Change{Field: "Tags", After: "kiosk, printer"})
	require.Contains(t, create.Changes, Change{Field: "Estimated effort", After: "3h 30m (210 min)"})
	require.Contains(t, create.Changes, Change{Field: "Remaining effort", After: "1h 30m (90 min)"})
	require.Contains(t, create.Changes, Change{Field: "Start date", After: start.Format(time.DateOnly)})
	require.Contains(t, create.Reason, "tag needs review has a space, which Jira refuses in a label: it stays in Spira only")
	is := w.issue(key)
	require.Equal(t, []string{"kiosk", "printer"}, is.Labels)
	require.Equal(t, int64(210*60), *is.OriginalEstimate)
	require.Equal(t, int64(90*60), *is.RemainingEstimate)
	require.Equal(t, start.Format(time.DateOnly), is.DueDate)

	plan, rep = w.sync()
	require.Empty(t, rep.Failures)
	require.Empty(t, extraWrites(plan), "no echo")

	// Jira: a label added, the estimate raised; Spira: Actual Effort set.
	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"labels": []string{"kiosk", "printer", "hardware"},
		"timetracking": map[string]any{"originalEstimate": "1d"}}}))
	inc, err := w.sc.Incident(ctx, spiratest.ProductID, id)
	require.NoError(t, err)
	inc.ActualEffort = minutes(45)
	require.NoError(t, w.sc.UpdateIncident(ctx, spiratest.ProductID, *inc))
	plan, rep = w.sync()
	require.Empty(t, rep.Failures)
	ch := fieldChanges(plan, key)
	require.Equal(t, Change{Field: "Tags", Before: "kiosk, printer", After: "hardware, kiosk, printer"}, ch["Tags"])
	require.Equal(t, Change{Field: "Estimated effort", Before: "3h 30m (210 min)", After: "1d (480 min)"}, ch["Estimated effort"])
	require.NotContains(t, ch, "Actual effort", "Spira's Actual Effort does not go to Jira")
	inc, err = w.sc.Incident(ctx, spiratest.ProductID, id)
	require.NoError(t, err)
	require.Equal(t, "hardware,kiosk,printer,needs review", inc.Tags, "the spaced tag kept")
	require.Equal(t, 480, *inc.EstimatedEffort)
	require.Equal(t, 45, *inc.ActualEffort)
	require.Nil(t, w.issue(key).TimeSpent)

	plan, _ = w.sync()
	require.Empty(t, extraWrites(plan), "settled")
}

// Time Spent in Jira comes to Spira's Actual Effort; a Jira issue's
// estimate in weeks and days arrives in minutes.
func TestJiraTimeTrackingComesToSpiraInMinutes(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.setSpecial("10030,timetracking", "10001")
	key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Receipt printer offline at the North branch",
		OriginalEstimate: "1w 2d", RemainingEstimate: "3h 30m", TimeSpent: "0m", DueDate: "2030-05-11", Labels: []string{"hardware"}})
	require.NoError(t, err)
	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	ch := fieldChanges(plan, key)
	require.Equal(t, "1w 2d (3360 min)", ch["Estimated effort"].After)
	require.Equal(t, "3h 30m (210 min)", ch["Remaining effort"].After)
	require.NotContains(t, ch, "Actual effort", "0m is none")
	id := 0
	ms, err := w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, mapping.ArtifactTypeIncident)
	require.NoError(t, err)
	for _, m := range ms {
		if m.ExternalKey == key {
			id = m.InternalID
		}
	}
	inc, err := w.sc.Incident(ctx, spiratest.ProductID, id)
	require.NoError(t, err)
	require.Equal(t, 3360, *inc.EstimatedEffort)
	require.Equal(t, 210, *inc.RemainingEffort)
	require.Equal(t, "hardware", inc.Tags)
	require.Equal(t, "2030-05-11", inc.StartDate.UTC().Format(time.DateOnly))
	plan, _ = w.sync()
	require.Empty(t, extraWrites(plan))
}
