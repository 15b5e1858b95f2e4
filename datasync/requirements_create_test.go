package datasync

import (
	"cmp"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

func (w *world) addRequirement(name string, mod func(*spiraclient.RemoteRequirement)) int {
	w.t.Helper()
	r := spiraclient.RemoteRequirement{Name: name, Description: "<p>" + name + ", please.</p>", ImportanceID: 2, RequirementTypeID: 4}
	if mod != nil {
		mod(&r)
	}
	out, err := w.sc.CreateRequirement(ctx, spiratest.ProductID, r, 0)
	require.NoError(w.t, err)
	return out.RequirementID
}

func TestCompleteCreatesJiraIssuesFromNewRequirements(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Complete"})
	w.sync()
	id := w.addRequirement("As a patron I can share a list", func(r *spiraclient.RemoteRequirement) {
		r.OwnerID, r.ComponentID, r.StatusID = 5, 3, 3
	})
	_, err := w.sc.AddRequirementComment(ctx, spiratest.ProductID, id, spiraclient.RemoteComment{Text: "<p>Lists of books, by link.</p>", UserID: 4})
	require.NoError(t, err)

	plan, rep := w.sync()
	require.Empty(t, rep.Failures)
	key := w.requirementKey(id)
	require.NotEmpty(t, key, "the requirement has its issue")
	is := w.issue(key)
	require.Equal(t, "As a patron I can share a list", is.Summary)
	require.Equal(t, "Story", is.Type, "the first Requirement Type")
	require.Equal(t, "High", is.Priority, "importance 2 is priority 2")
	require.Equal(t, []string{"Patron Portal"}, is.Components)
	require.Equal(t, "In Progress", is.Status, "moved to the requirement's status")
	require.Contains(t, adfText(is.Description), "As a patron I can share a list, please.")
	require.Len(t, is.Comments, 1)
	require.Contains(t, adfText(is.Comments[0].Body), "[SpiraDataSync] Lists of books, by link.")
	require.Len(t, is.RemoteLinks, 1)
	require.Contains(t, is.RemoteLinks[0].GlobalID, fmt.Sprintf("id=RQ%d", id))
	var mk Marker
	require.NoError(t, json.Unmarshal(is.Properties[MarkerKey], &mk))
	require.Equal(t, Marker{Product: spiratest.ProductID, Requirement: id, GlobalID: is.RemoteLinks[0].GlobalID}, mk)
	require.Equal(t, 1, countCreates(plan, "requirement", SpiraToJira))

	// Settled: nothing comes back, nothing is sent again.
	plan, rep = w.sync()
	require.Empty(t, rep.Failures)
	require.Empty(t, busy(plan, key), "no echo")
	require.Len(t, w.issuesNamed("As a patron I can share a list"), 1)
	r, err := w.sc.Requirement(ctx, spiratest.ProductID, id)
	require.NoError(t, err)
	require.Equal(t, 3, r.StatusID)
	require.Equal(t, 2, r.ImportanceID)
}

func countCreates(plan []Action, typ string, d Direction) int {
	n := 0
	for _, a := range plan {
		if a.Kind == KindCreate && a.Direction == d && a.Artifact.Type == typ {
			n++
		}
	}
	return n
}

func TestOutsideCompleteNewRequirementsStayInSpira(t *testing.T) {
	for _, mode := range []string{"", "Bidirectional", "NoIncidents"} {
		t.Run(cmp.Or(mode, "Default"), func(t *testing.T) {
			w := newWorld(t, worldOpts{custom03: mode})
			id := w.addRequirement("As a patron I can print a list", nil)
			_, rep := w.sync()
			require.Empty(t, rep.Failures)
			require.Empty(t, w.requirementKey(id))
			require.Empty(t, w.issuesNamed("As a patron I can print a list"))
		})
	}
}

// TestCompleteRequirementCreateStoppedAtEveryWrite stops the run that
// sends new requirements to Jira at each of its writes in turn; the next
// runs end as an uninterrupted one does, with one issue per requirement.
func TestCompleteRequirementCreateStoppedAtEveryWrite(t *testing.T) {
	setup := func(t *testing.T) *world {
		w := newWorld(t, worldOpts{custom03: "Complete"})
		w.sync()
		w.sync()
		for i := range 3 {
			id := w.addRequirement(fmt.Sprintf("Complete requirement %d", i), func(r *spiraclient.RemoteRequirement) { r.StatusID = 1 + 2*(i%2) })
			_, err := w.sc.AddRequirementComment(ctx, spiratest.ProductID, id, spiraclient.RemoteComment{Text: fmt.Sprintf("<p>req note %d</p>", i), UserID: 4})
			require.NoError(t, err)
		}
		w.writes.Store(0)
		return w
	}
	ref := setup(t)
	ref.sync()
	total := ref.writes.Load()
	ref.sync()
	want := ref.picture()
	require.Greater(t, total, int64(6))
	// Write 1 is the run's lease, which a stopped run holds until it
	// expires (lease_test.go).
	for k := int64(2); k <= total; k++ {
		t.Run(fmt.Sprintf("write%d", k), func(t *testing.T) {
			w := setup(t)
			require.True(t, w.crashAtWrite(k), "the run was not stopped at write %d", k)
			w.requireRerunRecovers(t, want)
			for i := range 3 {
				require.Len(t, w.issuesNamed(fmt.Sprintf("Complete requirement %d", i)), 1)
			}
		})
	}
}

func TestCompleteLinksANewRequirementAndANewIssueOfTheSameName(t *testing.T) {
	w := newWorld(t, worldOpts{custom03: "Complete"})
	w.sync()
	// Written by a person (not the sync account, which would make it
	// look like the engine's own create from the issue).
	id := w.addRequirement("As a patron I can export my history", func(r *spiraclient.RemoteRequirement) { r.AuthorID = 4 })
	key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "As a patron I can export my history"})
	require.NoError(t, err)

	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.Equal(t, key, w.requirementKey(id), "linked, not created")
	require.Equal(t, []string{key}, w.issuesNamed("As a patron I can export my history"))
	reqs, err := spiraclient.Collect(w.sc.SearchRequirements(ctx, spiratest.ProductID, nil))
	require.NoError(t, err)
	n := 0
	for _, r := range reqs {
		if r.Name == "As a patron I can export my history" {
			n++
		}
	}
	require.Equal(t, 1, n)
}
