package datasync

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/stretchr/testify/require"
)

// A small mapping: incident types Bug(2)->10003 primary, Incident(1)->10003;
// statuses New(1)->"1", Open(2)->"1" primary, Closed(5)->"3"; priorities
// 1..2 -> "1".."2"; severity High(2) -> option "High".
func testMapping(custom03 string) *mapping.Product {
	v := func(s int, j string, primary bool) mapping.ValueMapping {
		return mapping.ValueMapping{Spira: mapping.Ref{ID: s}, Jira: mapping.JiraRef{ID: j}, Primary: primary}
	}
	return &mapping.Product{
		Plugin:  mapping.Plugin{ID: 1, Name: "JiraDataSync", Custom01: "10030", Custom03: custom03, Custom04: "10001"},
		Project: mapping.Project{Spira: mapping.Ref{ID: 1}, JiraKey: "LIB", Active: true},
		Users:   []mapping.UserMapping{{Spira: mapping.Ref{ID: 4}, Jira: mapping.JiraRef{ID: "acc-4"}}},
		Fields: []mapping.FieldMapping{
			{Field: mapping.IncidentType, Values: []mapping.ValueMapping{v(1, "10003", false), v(2, "10003", true)}},
			{Field: mapping.IncidentStatus, Values: []mapping.ValueMapping{v(1, "1", false), v(2, "1", true), v(5, "3", true)}},
			{Field: mapping.IncidentPriority, Values: []mapping.ValueMapping{v(1, "1", true), v(2, "2", true)}},
			{Field: mapping.IncidentSeverity, Values: []mapping.ValueMapping{{Spira: mapping.Ref{ID: 2}, Jira: mapping.JiraRef{Name: "High"}, Primary: true}}},
		},
	}
}

func testIssue(t *testing.T, id, key string, fields map[string]any) jiraclient.Issue {
	t.Helper()
	is := jiraclient.Issue{ID: id, Key: key, Fields: map[string]json.RawMessage{}}
	for k, v := range fields {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		is.Fields[k] = b
	}
	return is
}

var (
	t0      = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	before  = spiraclient.TimePtr(t0.Add(-time.Hour))
	after   = spiraclient.TimePtr(t0.Add(time.Hour))
	jiraNew = t0.Add(time.Hour).Format(jiraclient.TimeLayout)
	jiraOld = t0.Add(-time.Hour).Format(jiraclient.TimeLayout)
)

func bugIssue(t *testing.T, summary, status, priority, updated string) jiraclient.Issue {
	return testIssue(t, "10500", "LIB-50", map[string]any{"summary": summary, "issuetype": map[string]any{"id": "10003", "name": "Bug"},
		"status": map[string]any{"id": status}, "priority": map[string]any{"id": priority}, "updated": updated,
		"customfield_10030": map[string]any{"value": "High"}})
}

func incident(name string, status, priority int, updated *spiraclient.Time) *spiraclient.RemoteIncident {
	return &spiraclient.RemoteIncident{IncidentID: 7, Name: name, IncidentTypeID: 2, IncidentStatusID: status, PriorityID: priority,
		SeverityID: 2, OpenerID: 4, LastUpdateDate: updated, ComponentIDs: []int{}}
}

func snapshot(custom03 string) *Snapshot {
	return &Snapshot{Mapping: testMapping(custom03), ProductID: 1, PluginID: 1, JiraKey: "LIB", JiraProjectID: "10000",
		SpiraURL: "https://spira.example", Watermark: t0, IncidentKeys: map[int]string{}, RequirementKeys: map[int]string{},
		ReleaseVersions: map[int]string{}, Workflow: Workflow{}, Base: map[string]map[string]string{}}
}

func only(t *testing.T, acts []Action, k Kind) Action {
	t.Helper()
	var found []Action
	for _, a := range acts {
		if a.Kind == k {
			found = append(found, a)
		}
	}
	require.Len(t, found, 1, "want one %s action in %+v", k, acts)
	return found[0]
}

func TestPlanNewIncident(t *testing.T) {
	s := snapshot("")
	s.NewIncidents = []SpiraItem{{Incident: *incident("Printer jams", 2, 1, before), Comments: []spiraclient.RemoteComment{
		{Text: "<p>From a user</p>"}, {Text: "<p>[JiraDataSync] came from Jira</p>"}}}}
	a := only(t, s.Plan().Actions, KindCreate)
	require.Equal(t, SpiraToJira, a.Direction)
	require.Equal(t, map[string]any{"id": "10003"}, a.Op.JiraFields["issuetype"])
	require.Equal(t, map[string]any{"id": "1"}, a.Op.JiraFields["priority"])
	require.Equal(t, map[string]any{"value": "High"}, a.Op.JiraFields["customfield_10030"], "severity by option name in Custom 01")
	require.Equal(t, map[string]any{"accountId": "acc-4"}, a.Op.JiraFields["reporter"])
	require.Len(t, a.Op.JiraComments, 1, "a comment that came from Jira does not go back")
	require.Contains(t, string(a.Op.JiraComments[0]), "[SpiraDataSync] From a user")
	require.Equal(t, MarkerKey, a.Op.JiraProps[0].Key)
	require.Contains(t, a.Op.RemoteLink.GlobalID, "id=IN7")

	// An unmapped type is an error for that item only.
	s.NewIncidents[0].Incident.IncidentTypeID = 9
	e := only(t, s.Plan().Actions, KindError)
	require.Contains(t, e.Reason, "has no Jira issue type")
}

func TestPlanNewJiraIssuePerMode(t *testing.T) {
	for _, tc := range []struct {
		custom03 string
		typ      string
		want     Kind
		artifact string
	}{
		{"", "10003", KindCreate, "incident"},
		{"Both", "10003", KindCreate, "incident"},
		{"True", "10003", "", ""},
		{"", "10001", KindCreate, "requirement"}, // Custom 04
		{"", "10000", KindSkip, "incident"},      // Epic: no mapped type
	} {
		s := snapshot(tc.custom03)
		is := bugIssue(t, "From Jira", "1", "2", jiraNew)
		is.Fields["issuetype"] = json.RawMessage(`{"id":"` + tc.typ + `"}`)
		s.Issues = []JiraItem{{Issue: is}}
		acts := s.Plan().Actions
		if tc.want == "" {
			require.Empty(t, acts, "Custom 03 = True imports nothing")
			continue
		}
		a := only(t, acts, tc.want)
		require.Equal(t, tc.artifact, a.Artifact.Type)
		if tc.want == KindCreate && tc.artifact == "incident" {
			require.Equal(t, 2, a.Op.Incident.IncidentStatusID, "the Primary of status 1")
			require.Equal(t, 2, a.Op.Incident.SeverityID)
		}
	}
}

func TestPlanPairFieldByField(t *testing.T) {
	for _, tc := range []struct {
		name       string
		custom03   string
		winner     Winner
		jira       jiraclient.Issue
		spira      *spiraclient.RemoteIncident
		base       map[string]string
		kinds      []Kind
		dirs       []Direction
		conflicted bool
	}{
		{name: "jira status changed, default mode", jira: bugIssue(t, "Same", "3", "1", jiraNew), spira: incident("Same", 2, 1, before),
			base: map[string]string{"status": "2"}, kinds: []Kind{KindUpdate}, dirs: []Direction{JiraToSpira}},
		{name: "spira changed only, default mode: not sent", jira: bugIssue(t, "Same", "1", "1", jiraOld), spira: incident("Same", 2, 2, after),
			base: map[string]string{"priority": "1"}},
		{name: "spira changed only, both: edit", custom03: "Both", jira: bugIssue(t, "Same", "1", "1", jiraOld), spira: incident("Same", 2, 2, after),
			base: map[string]string{"priority": "1"}, kinds: []Kind{KindUpdate}, dirs: []Direction{SpiraToJira}},
		{name: "both changed, jira wins", custom03: "Both", jira: bugIssue(t, "Jira name", "1", "1", jiraNew), spira: incident("Spira name", 2, 1, after),
			base: map[string]string{"name": "Old"}, kinds: []Kind{KindConflict, KindUpdate}, dirs: []Direction{JiraToSpira, JiraToSpira}, conflicted: true},
		{name: "both changed, spira wins when asked", custom03: "Both", winner: SpiraWins, jira: bugIssue(t, "Jira name", "1", "1", jiraNew),
			spira: incident("Spira name", 2, 1, after), base: map[string]string{"name": "Old"},
			kinds: []Kind{KindConflict, KindUpdate}, dirs: []Direction{JiraToSpira, SpiraToJira}, conflicted: true},
		{name: "equal: nothing", jira: bugIssue(t, "Same", "1", "1", jiraNew), spira: incident("Same", 2, 1, before),
			base: map[string]string{"name": "Same", "status": "2", "priority": "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := snapshot(tc.custom03)
			s.ConflictWinner = tc.winner
			s.IncidentKeys[7] = "LIB-50"
			base := map[string]string{"name": tc.spira.Name, "description": "", "type": "2", "status": "2", "priority": "1", "severity": "2",
				"owner": "", "components": "", "detected": "", "resolved": ""}
			for k, v := range tc.base {
				base[k] = v
			}
			s.Base["10500"] = base
			s.Issues = []JiraItem{{Issue: tc.jira, Incident: tc.spira}}
			var kinds []Kind
			var dirs []Direction
			for _, a := range s.Plan().Actions {
				if a.Kind == KindSkip {
					continue
				}
				kinds, dirs = append(kinds, a.Kind), append(dirs, a.Direction)
			}
			require.Equal(t, tc.kinds, kinds)
			require.Equal(t, tc.dirs, dirs)
		})
	}
}

func TestPlanTransitionUsesTheLearnedPath(t *testing.T) {
	s := snapshot("Both")
	s.IncidentKeys[7] = "LIB-50"
	s.Workflow.Learn("10003", "1", []jiraclient.Transition{{ID: "11", To: &jiraclient.Status{ID: "2"}}})
	s.Workflow.Learn("10003", "2", []jiraclient.Transition{{ID: "21", To: &jiraclient.Status{ID: "4"}}, {ID: "22", To: &jiraclient.Status{ID: "1"}}})
	s.Workflow.Learn("10003", "4", []jiraclient.Transition{{ID: "31", To: &jiraclient.Status{ID: "3"}, HasScreen: true}})
	s.Base["10500"] = map[string]string{"status": "2"}
	s.Issues = []JiraItem{{Issue: bugIssue(t, "Same", "1", "1", jiraOld), Incident: incident("Same", 5, 1, after)}}
	a := only(t, s.Plan().Actions, KindTransition)
	require.Equal(t, "3", a.Op.TargetStatus)
	require.Equal(t, []PathStep{{TransitionID: "11", To: "2"}, {TransitionID: "21", To: "4"}, {TransitionID: "31", To: "3", HasScreen: true}}, a.Op.Path)
	require.Nil(t, s.Workflow.Path("10003", "3", "1"), "no way back is known")
}

func TestPlanAdoptsTheIssueAnInterruptedRunCreated(t *testing.T) {
	s := snapshot("")
	s.NewIncidents = []SpiraItem{{Incident: *incident("Printer jams", 2, 1, before), Comments: []spiraclient.RemoteComment{{Text: "<p>note</p>"}}}}
	is := bugIssue(t, "Printer jams", "1", "1", jiraNew)
	s.Issues = []JiraItem{{Issue: is, Marker: &Marker{Product: 1, Incident: 7, GlobalID: "g"}}}
	acts := s.Plan().Actions
	a := only(t, acts, KindCreate)
	require.True(t, a.Op.Adopt)
	require.Equal(t, "LIB-50", a.Artifact.JiraKey)
	require.Len(t, a.Op.JiraComments, 1, "the comment the stopped run may not have sent")
	require.Equal(t, acts, s.Plan().Actions, "the plan is a function of the snapshot")
}

func TestJournalPending(t *testing.T) {
	es := []entry{
		{Type: entryIntent, Item: "IN:1"}, {Type: entryDone, Item: "IN:1", JiraKey: "LIB-1"}, {Type: entryMapped, Item: "IN:1"},
		{Type: entryIntent, Item: "IN:2"}, {Type: entryDone, Item: "IN:2", JiraKey: "LIB-2"},
		{Type: entryIntent, Item: "LIB-3"},
		{Type: entryPosting, Item: "run"},
	}
	done, unknown := pending(es)
	require.Equal(t, []string{"IN:2"}, []string{done[0].Item})
	require.Len(t, done, 1)
	require.Len(t, unknown, 1)
	require.Equal(t, "LIB-3", unknown[0].Item)
}
