package datasync

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// The requirement property of the sandbox's template that is a Date
// ("Target Date", property number 2).
const reqDateProperty = 14

func reqDue(t *testing.T, r *spiraclient.RemoteRequirement) string {
	t.Helper()
	for _, cp := range r.CustomProperties {
		if cp.Definition != nil && cp.Definition.CustomPropertyID == reqDateProperty {
			if cp.DateTimeValue == nil || cp.DateTimeValue.IsZero() {
				return ""
			}
			return cp.DateTimeValue.UTC().Format(time.DateOnly)
		}
	}
	return ""
}

// A requirement Date property mapped to duedate takes the story's due date,
// on create and on update, field by field; it never goes back to Jira,
// also in Complete, where requirements otherwise sync both ways.
func TestRequirementDueDatePropertyComesFromJiraOnly(t *testing.T) {
	for _, mode := range []string{"", "Complete"} {
		t.Run("mode "+mode, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: mode})
			w.setSpecial("10030", "10001")
			w.spira.SetCustomPropertyMapping(spiratest.DataSyncID, spiratest.ProductID, reqDateProperty, "DueDate")
			story, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "As a patron I renew at a kiosk", DueDate: "2027-03-15"})
			require.NoError(t, err)

			plan, rep := w.sync()
			logPlan(t, plan)
			require.Empty(t, rep.Failures)
			require.Equal(t, Change{Field: "Due date", After: "2027-03-15"}, fieldChanges(plan, story)["Due date"])
			require.Equal(t, "2027-03-15", reqDue(t, w.reqOfKey(story)))

			plan, rep = w.sync()
			require.Empty(t, rep.Failures)
			require.Empty(t, extraWrites(plan), "a second run plans nothing")

			require.NoError(t, w.jc.EditIssue(ctx, story, jiraclient.IssueUpdate{Fields: map[string]any{"duedate": "2027-04-01"}}))
			plan, rep = w.sync()
			require.Empty(t, rep.Failures)
			require.Equal(t, Change{Field: "Due date", Before: "2027-03-15", After: "2027-04-01"}, fieldChanges(plan, story)["Due date"])
			r := w.reqOfKey(story)
			require.Equal(t, "2027-04-01", reqDue(t, r))

			// Spira's value is not sent: Jira keeps its due date, and the
			// next runs do not keep planning it.
			for i := range r.CustomProperties {
				if r.CustomProperties[i].Definition != nil && r.CustomProperties[i].Definition.CustomPropertyID == reqDateProperty {
					r.CustomProperties[i].DateTimeValue = spiraclient.TimePtr(time.Date(2027, 5, 9, 0, 0, 0, 0, time.UTC))
				}
			}
			require.NoError(t, w.sc.UpdateRequirement(ctx, spiratest.ProductID, *r))
			plan, rep = w.sync()
			require.Empty(t, rep.Failures)
			require.Equal(t, "2027-04-01", w.issue(story).DueDate, "the due date flows from Jira only")
			require.NotContains(t, extraWrites(plan), "RQ:"+itoa(r.RequirementID)+": Due date 2027-05-09 -> 2027-04-01")
			plan, _ = w.sync()
			require.Empty(t, extraWrites(plan), "settled")
			for _, a := range plan {
				require.NotEqual(t, story, a.Artifact.JiraKey, "nothing left to say about the story: %+v", a)
			}
		})
	}
}

// Without the mapping, the property is not read or written.
func TestRequirementDueDateNeedsTheMapping(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.setSpecial("10030", "10001")
	story, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "As a patron I renew at a kiosk", DueDate: "2027-03-15"})
	require.NoError(t, err)
	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.NotContains(t, fieldChanges(plan, story), "Due date")
	require.Empty(t, reqDue(t, w.reqOfKey(story)))
}
