package datasync

import (
	"strings"
	"testing"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

func propOf(inc *spiraclient.RemoteIncident, number int) spiraclient.RemoteArtifactCustomProperty {
	for _, cp := range inc.CustomProperties {
		if cp.PropertyNumber == number {
			return cp
		}
	}
	return spiraclient.RemoteArtifactCustomProperty{}
}

// Custom fields mapped to custom properties follow updates, not only
// creates: External Reference (text, property 3) and Affected Branches
// (multi-select, property 2) changed in Jira reach the incident in every
// mode that reads Jira; with Both, a change in Spira reaches Jira. No run
// echoes what the one before wrote.
func TestCustomPropertiesFollowUpdatesOnBothSimulators(t *testing.T) {
	for _, m := range []struct{ name, custom03 string }{{"default", ""}, {"both", "Both"}} {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: m.custom03})
			ref := "HD-1"
			id := w.addIncident("Barcode scanner drops digits", func(i *spiraclient.RemoteIncident) {
				i.CustomProperties = []spiraclient.RemoteArtifactCustomProperty{{PropertyNumber: 3, StringValue: &ref},
					{PropertyNumber: 2, IntegerListValue: []int{1}}}
			})
			w.sync()
			key := w.keyOf(id)
			require.NotEmpty(t, key)
			require.Equal(t, "HD-1", w.issue(key).Custom[jiratest.FieldExternalRef])
			w.sync() // settles (New reads back as Open)

			require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{
				jiratest.FieldExternalRef: "HD-2", jiratest.FieldBranches: []map[string]any{{"value": "North"}}}}))
			plan, rep := w.sync()
			logPlan(t, plan)
			require.Empty(t, rep.Failures)
			inc, err := w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			require.NotNil(t, propOf(inc, 3).StringValue)
			require.Equal(t, "HD-2", *propOf(inc, 3).StringValue)
			require.Equal(t, []int{2}, propOf(inc, 2).IntegerListValue)

			plan, _ = w.sync()
			logPlan(t, plan)
			require.Zero(t, kinds(plan, KindUpdate, ""), "no echo")

			if m.custom03 != "Both" {
				return
			}
			inc, err = w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			ref3 := "HD-3"
			for i := range inc.CustomProperties {
				if inc.CustomProperties[i].PropertyNumber == 3 {
					inc.CustomProperties[i].StringValue = &ref3
				}
			}
			require.NoError(t, w.sc.UpdateIncident(ctx, 1, *inc))
			plan, rep = w.sync()
			logPlan(t, plan)
			require.Empty(t, rep.Failures)
			require.Equal(t, 1, kinds(plan, KindUpdate, SpiraToJira))
			require.Equal(t, "HD-3", w.issue(key).Custom[jiratest.FieldExternalRef])
			plan, _ = w.sync()
			logPlan(t, plan)
			require.Zero(t, kinds(plan, KindUpdate, ""), "no echo")
		})
	}
}

// F9: Spira cuts a text longer than the property's MaxLength (External
// Reference, set to 20 here) without a word. The engine compares Jira's text cut the
// same way, so the run after the write sees no change on either side, and
// Jira keeps its full text.
func TestF9LongTextCutBySpiraIsNoChangeNextRun(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Both"})
	require.True(t, w.spira.SetCustomPropertyOption(spiratest.TemplateID, 3, 2, "20"))
	ref := "HD-1"
	id := w.addIncident("A long external reference", func(i *spiraclient.RemoteIncident) {
		i.CustomProperties = []spiraclient.RemoteArtifactCustomProperty{{PropertyNumber: 3, StringValue: &ref}}
	})
	w.sync()
	key := w.keyOf(id)
	require.NotEmpty(t, key)
	w.sync()
	long := strings.Repeat("r", 40)
	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{jiratest.FieldExternalRef: long}}))
	plan, rep := w.sync()
	logPlan(t, plan)
	require.Empty(t, rep.Failures)
	inc, err := w.sc.Incident(ctx, 1, id)
	require.NoError(t, err)
	require.Equal(t, long[:20], *propOf(inc, 3).StringValue)
	for range 2 {
		plan, rep = w.sync()
		logPlan(t, plan)
		require.Empty(t, rep.Failures)
		require.Zero(t, kinds(plan, KindUpdate, ""), "no change seen on either side")
	}
	require.Equal(t, long, w.issue(key).Custom[jiratest.FieldExternalRef])
}
