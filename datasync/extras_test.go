package datasync

import (
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
