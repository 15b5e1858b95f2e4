package datasync

import (
	"context"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/stretchr/testify/require"
)

// pairSnapshot is LIB-50 mapped to incident 7, both as read this run, with
// the base of the last sync.
func pairSnapshot(custom03 string, is jiraclient.Issue, inc *spiraclient.RemoteIncident, base map[string]string) *Snapshot {
	s := snapshot(custom03)
	s.IncidentKeys[7] = "LIB-50"
	b := map[string]string{"name": inc.Name, "description": "", "type": "2", "status": "2", "priority": "1", "severity": "2",
		"owner": "", "components": "", "detected": "", "resolved": ""}
	for k, v := range base {
		b[k] = v
	}
	s.Base["10500"] = b
	s.Issues = []JiraItem{{Issue: is, Incident: inc}}
	return s
}

func writes(acts []Action) []Action {
	var out []Action
	for _, a := range acts {
		if a.Kind != KindSkip {
			out = append(out, a)
		}
	}
	return out
}

// The guide's recommendation holds: New and Open both map to Jira's Open,
// Open is Primary, and a New incident reads back as Open once in Jira.
func TestPrimaryRuleTurnsNewIntoOpen(t *testing.T) {
	for _, mode := range []string{"", "Both"} {
		s := pairSnapshot(mode, bugIssue(t, "Same", "1", "1", jiraNew), incident("Same", 1, 1, before), map[string]string{"status": "1"})
		a := only(t, s.Plan().Actions, KindUpdate)
		require.Equal(t, 2, a.Op.Incident.IncidentStatusID, "mode %q", mode)
	}
}

// A Spira value Jira cannot hold (a severity, an owner or a component with no Jira
// counterpart) reads back from Jira as empty: that is not a change in Jira
// and must not empty the field in Spira.
func TestUnmappedSpiraValueIsNotClearedByTheEmptyJiraField(t *testing.T) {
	inc := incident("Same", 2, 1, before)
	inc.SeverityID, inc.OwnerID, inc.ComponentIDs = 4, 9, []int{5} // none has a Jira value
	is := bugIssue(t, "Same", "1", "1", jiraNew)
	delete(is.Fields, "customfield_10030")
	s := pairSnapshot("", is, inc, map[string]string{"severity": "4", "owner": "9", "components": "5"})
	require.Empty(t, writes(s.Plan().Actions))
}

// With Both, a field changed in Spira goes to Jira in a later action of the
// same item than the Jira -> Spira update. That update must not record the
// Spira value as agreed: if the Jira write then fails, the next run would
// take Jira's old value for a change in Jira and overwrite Spira with it.
func TestBothModeBaseWaitsForTheJiraWrite(t *testing.T) {
	inc := incident("Same", 5, 2, after) // Spira: priority 1 -> 2, status Open -> Closed
	is := bugIssue(t, "Jira renamed", "1", "1", jiraNew)
	s := pairSnapshot("Both", is, inc, map[string]string{"name": "Same"})
	s.Workflow.Learn("10003", "1", []jiraclient.Transition{{ID: "11", To: &jiraclient.Status{ID: "3"}}})
	var toSpira, edit, tr *Action
	acts := s.Plan().Actions
	for i := range acts {
		switch a := &acts[i]; {
		case a.Kind == KindUpdate && a.Direction == JiraToSpira:
			toSpira = a
		case a.Kind == KindUpdate && a.Direction == SpiraToJira:
			edit = a
		case a.Kind == KindTransition:
			tr = a
		}
	}
	require.NotNil(t, toSpira)
	require.NotNil(t, edit)
	require.NotNil(t, tr)
	require.Equal(t, "Jira renamed", toSpira.Op.Base["name"])
	require.Equal(t, "1", toSpira.Op.Base["priority"], "not sent to Jira yet")
	require.Equal(t, "2", toSpira.Op.Base["status"], "not sent to Jira yet")
	require.Equal(t, "2", edit.Op.Base["priority"])
	require.Equal(t, "2", edit.Op.Base["status"], "the transition is still to come")
	require.Equal(t, "5", tr.Op.Base["status"])
}

type jqlRecorder struct {
	Jira
	jql []string
}

func (r *jqlRecorder) SearchPage(_ context.Context, req jiraclient.SearchRequest) (*jiraclient.SearchPage, error) {
	r.jql = append(r.jql, req.JQL)
	return &jiraclient.SearchPage{}, nil
}

// The Time Offset is for wall-clock strings; with an epoch-ms query it may
// only widen the window. A negative offset (Jira ahead of Spira) used to
// start the query hours after the watermark and lose what changed between.
func TestTimeOffsetNeverNarrowsTheJiraWindow(t *testing.T) {
	for _, off := range []int{-5, 0, 3} {
		rec := &jqlRecorder{}
		m := testMapping("")
		m.Plugin.TimeOffsetHours = off
		e := &Engine{cfg: Config{Jira: rec, Mapping: m, Overlap: 5 * time.Minute}, st: &state{}}
		s := &Snapshot{Mapping: m, JiraKey: "LIB", Watermark: t0, Workflow: Workflow{}}
		require.NoError(t, e.searchJira(context.Background(), s, false))
		require.Len(t, rec.jql, 1)
		abs := off
		if abs < 0 {
			abs = -abs
		}
		want := t0.Add(-time.Duration(abs) * time.Hour).Add(-5 * time.Minute)
		require.True(t, strings.Contains(rec.jql[0], "updated >= "+jiraclient.EpochMillis(want)), "offset %d: %s", off, rec.jql[0])
	}
}

// A list custom property mapped to a Jira custom field: Colour (20) <->
// customfield_10040, Red (31) <-> "Red", Blue (32) <-> "Blue".
func withColour(s *Snapshot) {
	s.Mapping.CustomProperties = append(s.Mapping.CustomProperties, mapping.PropertyMapping{Artifact: mapping.ArtifactIncident,
		Property: mapping.Ref{ID: 20, Name: "Colour"}, Type: mapping.PropList, Jira: mapping.JiraRef{ID: "10040"},
		Values: []mapping.ValueMapping{{Spira: mapping.Ref{ID: 31, Name: "Red"}, Jira: mapping.JiraRef{Name: "Red"}},
			{Spira: mapping.Ref{ID: 32, Name: "Blue"}, Jira: mapping.JiraRef{Name: "Blue"}}}})
	s.IncidentProperties = append(s.IncidentProperties, spiraclient.RemoteCustomProperty{CustomPropertyID: 20, Name: "Colour",
		PropertyNumber: 3, ArtifactTypeID: mapping.ArtifactTypeIncident})
}

func colour(id int) spiraclient.RemoteArtifactCustomProperty {
	return spiraclient.RemoteArtifactCustomProperty{PropertyNumber: 3, IntegerValue: &id,
		Definition: &spiraclient.RemoteCustomProperty{CustomPropertyID: 20}}
}

// A Jira custom field changed on an existing issue reaches the incident's
// custom property (not only on create).
func TestCustomPropertyFollowsAJiraUpdate(t *testing.T) {
	inc := incident("Same", 2, 1, before)
	inc.CustomProperties = []spiraclient.RemoteArtifactCustomProperty{colour(31)}
	is := bugIssue(t, "Same", "1", "1", jiraNew)
	is.Fields["customfield_10040"] = []byte(`{"value":"Blue","id":"2"}`)
	s := pairSnapshot("", is, inc, map[string]string{"cp:20": "31"})
	withColour(s)
	a := only(t, writes(s.Plan().Actions), KindUpdate)
	require.Equal(t, JiraToSpira, a.Direction)
	require.Equal(t, []Change{{Field: "Colour", Before: "Red", After: "Blue"}}, a.Changes)
	require.Len(t, a.Op.Incident.CustomProperties, 1)
	require.Equal(t, 32, *a.Op.Incident.CustomProperties[0].IntegerValue)
	require.Equal(t, "32", a.Op.Base["cp:20"])

	// Unchanged: nothing to do.
	is.Fields["customfield_10040"] = []byte(`{"value":"Red","id":"1"}`)
	s = pairSnapshot("", is, inc, map[string]string{"cp:20": "31"})
	withColour(s)
	require.Empty(t, writes(s.Plan().Actions))
}

// With Both, a custom property changed in Spira goes to its Jira field.
func TestBothModeCustomPropertyGoesToJira(t *testing.T) {
	inc := incident("Same", 2, 1, after)
	inc.CustomProperties = []spiraclient.RemoteArtifactCustomProperty{colour(32)}
	is := bugIssue(t, "Same", "1", "1", jiraOld)
	is.Fields["customfield_10040"] = []byte(`{"value":"Red","id":"1"}`)
	for _, mode := range []string{"", "Both"} {
		s := pairSnapshot(mode, is, inc, map[string]string{"cp:20": "31"})
		withColour(s)
		acts := writes(s.Plan().Actions)
		if mode == "" {
			require.Empty(t, acts, "in the default mode Spira's updates stay in Spira")
			continue
		}
		a := only(t, acts, KindUpdate)
		require.Equal(t, SpiraToJira, a.Direction)
		require.Equal(t, map[string]any{"value": "Blue"}, a.Op.JiraFields["customfield_10040"])
		require.Equal(t, "32", a.Op.Base["cp:20"])
	}
}

// Text from either side that looks like a placeholder is text: a summary
// "${HOME} ..." used to be taken for a release to be created, and the item
// failed on every run.
func TestPlaceholderLookalikeTextIsText(t *testing.T) {
	s := snapshot("")
	is := bugIssue(t, "${HOME} is not expanded", "1", "1", jiraNew)
	s.Issues = []JiraItem{{Issue: is}}
	a := only(t, s.Plan().Actions, KindCreate)
	require.Equal(t, "${HOME} is not expanded", a.Op.Incident.Name)
	require.Empty(t, a.Op.Refs)

	s = pairSnapshot("", bugIssue(t, "${a1}", "1", "1", jiraNew), incident("Same", 2, 1, before), nil)
	u := only(t, s.Plan().Actions, KindUpdate)
	require.Equal(t, "${a1}", u.Op.Incident.Name)
	require.Empty(t, u.Op.Refs)

	// Apply resolves only whole placeholders in the fields that hold one.
	ap := &applier{results: map[string]string{"a1": "10007", "a2": "LIB-9"}}
	got, err := ap.resolve(map[string]any{"summary": "Fix ${HOME} and ${a1}", "fixVersions": []map[string]any{{"id": "${a1}"}},
		"outwardIssue": map[string]any{"key": "${a2}"}})
	require.NoError(t, err)
	require.Equal(t, map[string]any{"summary": "Fix ${HOME} and ${a1}", "fixVersions": []any{map[string]any{"id": "10007"}},
		"outwardIssue": map[string]any{"key": "LIB-9"}}, got)
}

// An issue the widened query found, updated a little before the watermark
// by Jira's clock (behind Spira's), is a change from Jira even for a field
// with no base yet (items the plug-in synced before spirajira).
func TestJiraChangeInTheOverlapIsNotLost(t *testing.T) {
	s := snapshot("")
	s.IncidentKeys[7] = "LIB-50"
	s.JiraSince = t0.Add(-10 * time.Minute)
	s.Issues = []JiraItem{{Issue: bugIssue(t, "Renamed in Jira", "1", "1", t0.Add(-2*time.Minute).Format(jiraclient.TimeLayout)),
		Incident: incident("Old name", 2, 1, before)}}
	a := only(t, s.Plan().Actions, KindUpdate)
	require.Equal(t, "Renamed in Jira", a.Op.Incident.Name)
}

type reqFinder struct {
	Spira
	reqs []spiraclient.RemoteRequirement
}

func (f *reqFinder) SearchRequirements(context.Context, int, []spiraclient.RemoteFilter) iter.Seq2[spiraclient.RemoteRequirement, error] {
	return func(yield func(spiraclient.RemoteRequirement, error) bool) {
		for _, r := range f.reqs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// A requirement whose create was sent by a stopped run is found by its name
// and Spira's creation date. Spira dates it by its own clock: on a machine
// whose clock runs ten minutes ahead of Spira's, comparing with the
// machine's time missed it and the next run created it again.
func TestRecoveryOfARequirementIgnoresTheMachineClock(t *testing.T) {
	spiraNow := t0
	f := &reqFinder{reqs: []spiraclient.RemoteRequirement{{RequirementID: 30, Name: "Story", CreationDate: spiraclient.TimePtr(spiraNow.Add(5 * time.Second))}}}
	e := &Engine{cfg: Config{Spira: f}, unkn: []entry{{Type: entryIntent, Item: "LIB-9", Artifact: "requirement", Dir: dirJ2S,
		JiraKey: "LIB-9", Name: "Story", At: spiraNow.Add(10 * time.Minute), Since: spiraNow}}}
	s := &Snapshot{ProductID: 1, IncidentKeys: map[int]string{}, RequirementKeys: map[int]string{}}
	require.NoError(t, e.recover(context.Background(), s))
	require.Equal(t, "LIB-9", s.RequirementKeys[30])
	require.Equal(t, []Recovered{{Type: "requirement", SpiraID: 30, JiraKey: "LIB-9", Name: "Story"}}, s.Recovered)
}

// In the default mode a field changed only in Spira is not sent to Jira,
// and is not recorded as agreed either: when Jira later changes the same
// field, the plan shows the conflict instead of silently replacing Spira's
// change.
func TestDefaultModeSpiraOnlyChangeStaysAConflictCandidate(t *testing.T) {
	s := pairSnapshot("", bugIssue(t, "Renamed in Jira", "1", "1", jiraNew), incident("Same", 2, 2, after),
		map[string]string{"name": "Same", "priority": "1"})
	a := only(t, s.Plan().Actions, KindUpdate)
	require.Equal(t, "Renamed in Jira", a.Op.Base["name"])
	require.Equal(t, "1", a.Op.Base["priority"], "Spira's 2 is not in Jira")
	require.Equal(t, 2, a.Op.Incident.PriorityID, "Spira keeps its change")

	// Next run: Jira's priority changes too: a conflict, shown.
	s = pairSnapshot("", bugIssue(t, "Renamed in Jira", "1", "2", jiraNew), incident("Renamed in Jira", 2, 3, after), a.Op.Base)
	s.Mapping.Fields[2].Values = append(s.Mapping.Fields[2].Values, mapping.ValueMapping{Spira: mapping.Ref{ID: 3}, Jira: mapping.JiraRef{ID: "3"}, Primary: true})
	c := only(t, s.Plan().Actions, KindConflict)
	require.Equal(t, "Priority", c.Changes[0].Field)
}

// Jira's resolution goes into the custom property mapped to Resolution on
// an update too, in every mode that reads Jira.
func TestResolutionFollowsAJiraUpdate(t *testing.T) {
	for _, mode := range []string{"", "Both"} {
		is := bugIssue(t, "Same", "1", "1", jiraNew)
		is.Fields["resolution"] = []byte(`{"id":"10000","name":"Done"}`)
		s := pairSnapshot(mode, is, incident("Same", 2, 1, before), map[string]string{"resolution": ""})
		s.Mapping.CustomProperties = append(s.Mapping.CustomProperties, mapping.PropertyMapping{Artifact: mapping.ArtifactIncident,
			Property: mapping.Ref{ID: 4, Name: "Resolution"}, Type: mapping.PropList, Jira: mapping.JiraRef{ID: mapping.KeyResolution},
			Values: []mapping.ValueMapping{{Spira: mapping.Ref{ID: 6, Name: "Fixed"}, Jira: mapping.JiraRef{ID: "10000"}}}})
		s.IncidentProperties = append(s.IncidentProperties, spiraclient.RemoteCustomProperty{CustomPropertyID: 4, Name: "Resolution",
			PropertyNumber: 4, ArtifactTypeID: mapping.ArtifactTypeIncident})
		a := only(t, s.Plan().Actions, KindUpdate)
		require.Equal(t, JiraToSpira, a.Direction, "mode %q", mode)
		require.Len(t, a.Op.Incident.CustomProperties, 1)
		require.Equal(t, 4, a.Op.Incident.CustomProperties[0].PropertyNumber)
		require.Equal(t, 6, *a.Op.Incident.CustomProperties[0].IntegerValue)
	}
}

// A custom property whose Jira field is not on the create screen is not
// sent with the new issue; the empty field Jira then holds is not a change
// in Jira, and must not empty the property on the next run.
func TestCustomPropertyLeftOffTheCreateScreenIsNotEmptiedLater(t *testing.T) {
	s := snapshot("")
	withColour(s)
	s.CreateFields = map[string]map[string]bool{"10003": {"summary": true, "priority": true, "customfield_10030": true, "reporter": true}}
	inc := incident("Printer jams", 2, 1, before)
	inc.CustomProperties = []spiraclient.RemoteArtifactCustomProperty{colour(31)}
	s.NewIncidents = []SpiraItem{{Incident: *inc}}
	c := only(t, s.Plan().Actions, KindCreate)
	require.NotContains(t, c.Op.JiraFields, "customfield_10040")
	require.Equal(t, "", c.Op.Base["cp:20"])

	s = pairSnapshot("", bugIssue(t, "Printer jams", "1", "1", jiraNew), inc, c.Op.Base)
	withColour(s)
	require.Empty(t, writes(s.Plan().Actions))
}

// Pairs synced before properties followed updates have no base for them:
// a property Jira's field has no value for is kept in Spira, not emptied.
func TestCustomPropertyWithoutBaseIsNotEmptiedByAnEmptyJiraField(t *testing.T) {
	inc := incident("Same", 2, 1, before)
	inc.CustomProperties = []spiraclient.RemoteArtifactCustomProperty{colour(31)}
	s := pairSnapshot("", bugIssue(t, "Renamed", "1", "1", jiraNew), inc, nil)
	withColour(s)
	a := only(t, writes(s.Plan().Actions), KindUpdate)
	require.Equal(t, []Change{{Field: "Name", Before: "Same", After: "Renamed"}}, a.Changes)
	require.Equal(t, 31, *a.Op.Incident.CustomProperties[0].IntegerValue)
}
