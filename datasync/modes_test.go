package datasync

import (
	"fmt"
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// ways is who creates and who updates one artifact.
type ways struct{ create, update mapping.Way }

// modeCase is one Sync Mode with what the reference (real-spira-2026 J9)
// says of it, written out here rather than read from the mapping's
// matrix, so that a wrong row of the matrix fails.
type modeCase struct {
	name, custom03                    string
	releases, requirements, incidents ways
	// tasks: the Task Types column (mapping.FlowTasks) joins here.
}

var (
	both, toJira, toSpira, none = mapping.WayBoth, mapping.WayToJira, mapping.WayToSpira, mapping.WayNone
)

var modeCases = []modeCase{
	{name: "Default", custom03: "", releases: ways{both, both}, requirements: ways{toSpira, toSpira}, incidents: ways{both, toSpira}},
	{name: "Bidirectional", custom03: "Bidirectional", releases: ways{both, both}, requirements: ways{toSpira, toSpira}, incidents: ways{both, both}},
	{name: "Complete", custom03: "Complete", releases: ways{both, both}, requirements: ways{both, both}, incidents: ways{both, both}},
	{name: "NoRequirements", custom03: "NoRequirements", releases: ways{both, both}, requirements: ways{none, none}, incidents: ways{toJira, toSpira}},
	{name: "NoIncidents", custom03: "NoIncidents", releases: ways{both, both}, requirements: ways{toSpira, toSpira}, incidents: ways{none, none}},
	{name: "legacy True", custom03: "True", releases: ways{both, both}, requirements: ways{none, none}, incidents: ways{toJira, toSpira}},
	{name: "legacy Both", custom03: "Both", releases: ways{both, both}, requirements: ways{toSpira, toSpira}, incidents: ways{both, both}},
}

// cell is one way of one kind of write: "releases create toJira".
type cell struct {
	kind, write string
	way         mapping.Way
}

func (c cell) String() string {
	w := "to Spira"
	if c.way == toJira {
		w = "to Jira"
	}
	return c.kind + " " + c.write + " " + w
}

// notBuilt are the matrix's cells the engine does not do yet; the test
// checks that it does not, so building one fails here until it is listed
// no more.
func notBuilt(m modeCase, c cell) bool {
	switch {
	case c.kind == mapping.FlowReleases && c.write == "update":
		return true // the engine never updates a release or a version
	case c.kind == mapping.FlowReleases && c.way == toJira && m.incidents.create&toJira == 0:
		return true // versions are created for the incidents sent to Jira, and none is
	}
	return false
}

func TestEachSyncModeCreatesAndUpdatesAsTheMatrixSays(t *testing.T) {
	for _, m := range modeCases {
		t.Run(m.name, func(t *testing.T) {
			// The matrix holds the reference's row.
			set := mapping.Plugin{Custom03: m.custom03, Custom04: "10001"}.Settings()
			for kind, want := range map[string]ways{mapping.FlowReleases: m.releases, mapping.FlowRequirements: m.requirements, mapping.FlowIncidents: m.incidents} {
				require.Equal(t, mapping.Flow{Create: want.create, Update: want.update}, set.Flow(kind), "%s: %s", m.name, kind)
			}

			w := newWorld(t, worldOpts{custom03: m.custom03})
			pid := spiratest.ProductID
			// Two requirement pairs synced before, one to change in each
			// system.
			pairReq := func(name string) (int, string) {
				r, err := w.sc.CreateRequirement(ctx, pid, spiraclient.RemoteRequirement{Name: name, ImportanceID: 4}, 0)
				require.NoError(t, err)
				key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: name})
				require.NoError(t, err)
				require.NoError(t, w.sc.AddArtifactMappings(ctx, pid, spiratest.DataSyncID, mapping.ArtifactTypeRequirement,
					[]spiraclient.RemoteDataMapping{{ProjectID: &pid, InternalID: r.RequirementID, ExternalKey: key, Primary: true}}))
				return r.RequirementID, key
			}
			reqA, keyA := pairReq("As a patron I can pause my loans")
			reqB, keyB := pairReq("As a librarian I can print slips")
			w.sync()

			// New items on both sides; a release and a version used by them.
			rel, err := w.sc.CreateRelease(ctx, pid, spiraclient.RemoteRelease{Name: "Mode release", VersionNumber: "9.1", ReleaseTypeID: 1, ReleaseStatusID: 1,
				StartDate: spiraclient.T(time.Now().UTC()), EndDate: spiraclient.T(time.Now().UTC().AddDate(0, 1, 0)), ResourceCount: 1}, 0)
			require.NoError(t, err)
			newInc := w.addIncident("Born in Spira", func(i *spiraclient.RemoteIncident) { i.DetectedReleaseID = rel.ReleaseID })
			newReq, err := w.sc.CreateRequirement(ctx, pid, spiraclient.RemoteRequirement{Name: "Born in Spira too", ImportanceID: 4}, 0)
			require.NoError(t, err)
			v, err := w.jc.CreateVersion(ctx, jiraclient.Version{Name: "9.2", ProjectID: 10000})
			require.NoError(t, err)
			bug, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "Born in Jira", FixVersions: []string{"9.2"}})
			require.NoError(t, err)
			story, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "Born in Jira too", FixVersions: []string{"9.2"}})
			require.NoError(t, err)
			// Updates on each side of the pairs: LIB-8 is IN:1, LIB-9 IN:2.
			require.NoError(t, w.jc.EditIssue(ctx, "LIB-8", jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Renamed in Jira",
				"fixVersions": []map[string]any{{"id": v.ID}}}}))
			inc2, err := w.sc.Incident(ctx, pid, 2)
			require.NoError(t, err)
			inc2.Name = "Renamed in Spira"
			require.NoError(t, w.sc.UpdateIncident(ctx, pid, *inc2))
			require.NoError(t, w.jc.EditIssue(ctx, keyA, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Requirement renamed in Jira"}}))
			rb, err := w.sc.Requirement(ctx, pid, reqB)
			require.NoError(t, err)
			rb.Name = "Requirement renamed in Spira"
			require.NoError(t, w.sc.UpdateRequirement(ctx, pid, *rb))
			// Release 1.1 is version 10002, 2.0 is 10003.
			r4, err := w.sc.Release(ctx, pid, 4)
			require.NoError(t, err)
			r4.Description = "Described in Spira"
			require.NoError(t, w.sc.UpdateRelease(ctx, pid, *r4))
			desc := "Described in Jira"
			_, err = w.jc.UpdateVersion(ctx, "10003", jiraclient.VersionUpdate{Description: &desc})
			require.NoError(t, err)

			plan, rep := w.sync()
			logPlan(t, plan)
			require.Empty(t, rep.Failures)

			reqOf := func(key string) int {
				ms, err := w.sc.ArtifactMappings(ctx, pid, spiratest.DataSyncID, mapping.ArtifactTypeRequirement)
				require.NoError(t, err)
				for _, mm := range ms {
					if mm.ExternalKey == key {
						return mm.InternalID
					}
				}
				return 0
			}
			reqKey := func(id int) string {
				ms, err := w.sc.ArtifactMappings(ctx, pid, spiratest.DataSyncID, mapping.ArtifactTypeRequirement)
				require.NoError(t, err)
				for _, mm := range ms {
					if mm.InternalID == id {
						return mm.ExternalKey
					}
				}
				return ""
			}
			versions, err := w.jc.Versions(ctx, "LIB")
			require.NoError(t, err)
			version := func(name string) *jiraclient.Version {
				for i := range versions {
					if versions[i].Name == name {
						return &versions[i]
					}
				}
				return nil
			}
			releases, err := w.sc.Releases(ctx, pid)
			require.NoError(t, err)
			release := func(vn string) *spiraclient.RemoteRelease {
				for i := range releases {
					if releases[i].VersionNumber == vn {
						return &releases[i]
					}
				}
				return nil
			}
			in1, err := w.sc.Incident(ctx, pid, 1)
			require.NoError(t, err)
			ra, err := w.sc.Requirement(ctx, pid, reqA)
			require.NoError(t, err)

			seen := map[string]bool{
				cell{mapping.FlowIncidents, "create", toJira}.String():     w.keyOf(newInc) != "",
				cell{mapping.FlowIncidents, "create", toSpira}.String():    w.incidentOf(bug) != nil,
				cell{mapping.FlowIncidents, "update", toSpira}.String():    in1.Name == "Renamed in Jira",
				cell{mapping.FlowIncidents, "update", toJira}.String():     w.issue("LIB-9").Summary == "Renamed in Spira",
				cell{mapping.FlowRequirements, "create", toSpira}.String(): reqOf(story) != 0,
				cell{mapping.FlowRequirements, "create", toJira}.String():  reqKey(newReq.RequirementID) != "",
				cell{mapping.FlowRequirements, "update", toSpira}.String(): ra.Name == "Requirement renamed in Jira",
				cell{mapping.FlowRequirements, "update", toJira}.String():  w.issue(keyB).Summary == "Requirement renamed in Spira",
				cell{mapping.FlowReleases, "create", toJira}.String():      version("9.1") != nil,
				cell{mapping.FlowReleases, "create", toSpira}.String():     release("9.2") != nil,
				cell{mapping.FlowReleases, "update", toJira}.String():      version("1.1") != nil && version("1.1").Description == "Described in Spira",
				cell{mapping.FlowReleases, "update", toSpira}.String():     release("2.0") != nil && release("2.0").Description == "Described in Jira",
			}
			for kind, want := range map[string]ways{mapping.FlowReleases: m.releases, mapping.FlowRequirements: m.requirements, mapping.FlowIncidents: m.incidents} {
				for _, write := range []string{"create", "update"} {
					way := want.create
					if write == "update" {
						way = want.update
					}
					for _, dir := range []mapping.Way{toJira, toSpira} {
						c := cell{kind, write, dir}
						expect := way&dir != 0 && !notBuilt(m, c)
						require.Equal(t, expect, seen[c.String()], "%s: %s", m.name, c)
					}
				}
			}
			// NoIncidents: requirements are the default artifact, whatever
			// Custom 04 says; elsewhere a Bug is no requirement.
			require.Equal(t, m.custom03 == "NoIncidents", reqOf(bug) != 0, "a Bug as a requirement")
		})
	}
}

func requireNote(t *testing.T, plan []Action, summary string) {
	t.Helper()
	for _, a := range plan {
		if a.Artifact.Type == "settings" && a.Summary == summary {
			return
		}
	}
	require.Fail(t, fmt.Sprintf("the plan has no note %q", summary))
}
