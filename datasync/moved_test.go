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

// keyProperty is the incident's JiraIssueKey custom property (number 7 in
// the seeded mapping).
func (w *world) keyProperty(id int) string {
	w.t.Helper()
	inc, err := w.sc.Incident(ctx, spiratest.ProductID, id)
	require.NoError(w.t, err)
	for _, cp := range inc.CustomProperties {
		if cp.Definition != nil && cp.Definition.CustomPropertyID == 7 && cp.StringValue != nil {
			return *cp.StringValue
		}
	}
	return ""
}

func (w *world) incidentsNamed(name string) []int {
	w.t.Helper()
	incs, err := spiraclient.Collect(w.sc.SearchIncidents(ctx, spiratest.ProductID, nil, ""))
	require.NoError(w.t, err)
	var out []int
	for _, inc := range incs {
		if inc.Name == name {
			out = append(out, inc.IncidentID)
		}
	}
	return out
}

func remaps(plan []Action) []string {
	var out []string
	for _, a := range plan {
		if a.Op != nil && a.Op.Remap != nil {
			out = append(out, a.Summary)
		}
	}
	return out
}

func editSummary(t *testing.T, w *world, key, summary string) {
	t.Helper()
	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": summary}}))
}

// The Jira project's key changes (LIB becomes LIS): every issue gets a new
// key with its number, the mapping in Spira still names the old ones. Both
// kinds of pair follow: an issue the engine created from an incident (it
// carries the marker) and one that came from Jira (the state knows its
// ID). Whether JQL still takes old keys is not known, so both answers.
func TestPairsFollowAProjectKeyChange(t *testing.T) {
	for _, jqlOld := range []bool{true, false} {
		for _, m := range []struct{ name, custom03 string }{{"default", ""}, {"both", "Both"}} {
			name := m.name + "/old keys in JQL"
			if !jqlOld {
				name = m.name + "/old keys refused by JQL"
			}
			t.Run(name, func(t *testing.T) {
				w := newWorld(t, worldOpts{custom03: m.custom03})
				id := w.addIncident("Hold shelf labels misprinted", nil)
				w.sync()
				w.sync()
				sent := w.keyOf(id)
				require.True(t, strings.HasPrefix(sent, "LIB-"), sent)
				fromJira := w.incidentOf("LIB-8")
				require.NotNil(t, fromJira, "LIB-8 came to Spira on the first run")
				incidents := w.spira.IncidentCount(spiratest.ProductID)
				issues := len(w.jira.IssueKeys())

				w.jira.SetOldKeysInJQL(jqlOld)
				require.NoError(t, w.jira.RenameProject("LIB", "LIS"))
				newSent := "LIS-" + strings.TrimPrefix(sent, "LIB-")
				editSummary(t, w, newSent, "Hold shelf labels misprinted in North")
				editSummary(t, w, "LIS-8", "Renamed in Jira after the key change")

				plan, rep := w.sync()
				logPlan(t, plan)
				require.Empty(t, rep.Failures)
				// With Both the run reads more pairs (those changed in
				// Spira since): each follows its issue too.
				require.Subset(t, remaps(plan), []string{
					"update mapping IN:" + itoa(id) + ": " + sent + " -> " + newSent,
					"update mapping IN:" + itoa(fromJira.IncidentID) + ": LIB-8 -> LIS-8",
				})
				for _, r := range remaps(plan) {
					from, to, _ := strings.Cut(r[strings.Index(r, ": ")+2:], " -> ")
					require.Equal(t, "LIS-"+strings.TrimPrefix(from, "LIB-"), to, "a key change keeps the number")
				}
				require.Zero(t, kinds(plan, KindCreate, ""), "nothing is created again")
				require.Equal(t, newSent, w.keyOf(id), "the Spira mapping shows the new key")
				require.Equal(t, "LIS-8", w.keyOf(fromJira.IncidentID))
				require.Equal(t, newSent, w.keyProperty(id), "the Jira key property follows")
				inc, err := w.sc.Incident(ctx, 1, id)
				require.NoError(t, err)
				require.Equal(t, "Hold shelf labels misprinted in North", inc.Name, "the change made after the move syncs")
				inc, err = w.sc.Incident(ctx, 1, fromJira.IncidentID)
				require.NoError(t, err)
				require.Equal(t, "Renamed in Jira after the key change", inc.Name)

				// The next run keeps the pairs, and a later change syncs.
				plan, rep = w.sync()
				logPlan(t, plan)
				require.Empty(t, rep.Failures)
				require.Empty(t, remaps(plan))
				editSummary(t, w, "LIS-8", "Renamed again")
				if m.custom03 == "Both" {
					inc, err := w.sc.Incident(ctx, 1, id)
					require.NoError(t, err)
					inc.Name = "Hold shelf labels misprinted in South"
					require.NoError(t, w.sc.UpdateIncident(ctx, 1, *inc))
				}
				plan, rep = w.sync()
				logPlan(t, plan)
				require.Empty(t, rep.Failures)
				require.Zero(t, kinds(plan, KindCreate, ""))
				inc, err = w.sc.Incident(ctx, 1, fromJira.IncidentID)
				require.NoError(t, err)
				require.Equal(t, "Renamed again", inc.Name)
				if m.custom03 == "Both" {
					require.Equal(t, "Hold shelf labels misprinted in South", w.issue(newSent).Summary, "Spira's change reaches the issue under its new key")
				}
				require.Equal(t, incidents, w.spira.IncidentCount(spiratest.ProductID), "no duplicate incident")
				require.Equal(t, issues, len(w.jira.IssueKeys()), "no duplicate issue")
			})
		}
	}
}

// An issue moved to another project (OPS, which no product here is mapped
// to) is no longer synced, by choice (moved.go), but its pair is kept: the
// mapping follows its new key when it is read, nothing is created again for
// it, and once it is moved back it syncs again under its newest key.
func TestPairFollowsAnIssueMovedToAnotherProjectAndBack(t *testing.T) {
	for _, jqlOld := range []bool{true, false} {
		name := "old keys in JQL"
		if !jqlOld {
			name = "old keys refused by JQL"
		}
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: "Both"})
			w.jira.SetOldKeysInJQL(jqlOld)
			id := w.addIncident("Fines rounded the wrong way", nil)
			w.sync()
			w.sync()
			key := w.keyOf(id)
			require.NotEmpty(t, key)
			incidents := w.spira.IncidentCount(spiratest.ProductID)
			_, err := w.jira.AddProject(jiratest.ProjectSpec{Key: "OPS", Name: "Operations"})
			require.NoError(t, err)
			opsKey, err := w.jira.MoveIssue(key, "OPS")
			require.NoError(t, err)

			// Changed in Spira: the run reads its issue by ID, finds it in
			// OPS, maps it there and leaves it alone, saying why.
			inc, err := w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			inc.Name = "Fines rounded the wrong way at North"
			require.NoError(t, w.sc.UpdateIncident(ctx, 1, *inc))
			plan, rep := w.sync()
			logPlan(t, plan)
			require.Empty(t, rep.Failures)
			require.Equal(t, []string{"update mapping IN:" + itoa(id) + ": " + key + " -> " + opsKey}, remaps(plan))
			require.Equal(t, opsKey, w.keyOf(id))
			require.Equal(t, opsKey, w.keyProperty(id))
			var why []string
			for _, f := range rep.Skipped {
				if strings.Contains(f.Artifact, opsKey) {
					why = append(why, f.Reason)
				}
			}
			require.Len(t, why, 1)
			require.Contains(t, why[0], "in project OPS now")
			require.Equal(t, "Fines rounded the wrong way", w.issue(opsKey).Summary, "not synced while in OPS")
			require.Zero(t, kinds(plan, KindCreate, ""))

			plan, rep = w.sync()
			logPlan(t, plan)
			require.Empty(t, rep.Failures)
			require.Zero(t, kinds(plan, KindCreate, ""))
			require.Empty(t, remaps(plan))

			// Moved back: a newer key again, and the pair syncs.
			back, err := w.jira.MoveIssue(opsKey, "LIB")
			require.NoError(t, err)
			require.NotEqual(t, key, back)
			editSummary(t, w, back, "Fines rounded up at North")
			plan, rep = w.sync()
			logPlan(t, plan)
			require.Empty(t, rep.Failures)
			require.Equal(t, []string{"update mapping IN:" + itoa(id) + ": " + opsKey + " -> " + back}, remaps(plan))
			require.Equal(t, back, w.keyOf(id))
			require.Equal(t, back, w.keyProperty(id))
			inc, err = w.sc.Incident(ctx, 1, id)
			require.NoError(t, err)
			require.Equal(t, "Fines rounded up at North", inc.Name, "Jira's change after the move back wins the conflict, as by default")
			require.Equal(t, incidents, w.spira.IncidentCount(spiratest.ProductID), "no duplicate incident")
			require.Len(t, w.issuesNamed("Fines rounded up at North"), 1, "no duplicate issue")
		})
	}
}
