package mapping

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTaskFieldKinds(t *testing.T) {
	require.Equal(t, 57, TaskStatus.ArtifactFieldID())
	require.Equal(t, 59, TaskPriority.ArtifactFieldID())
	require.Equal(t, 145, TaskType.ArtifactFieldID())
	k, ok := FieldKindByID(57)
	require.True(t, ok)
	require.Equal(t, TaskStatus, k)
	require.True(t, TaskStatus.Task())
	require.False(t, TaskStatus.Incident())
	require.Equal(t, "Task Status", TaskStatus.Label())
	require.Equal(t, "status", TaskStatus.JiraKind())
	require.Equal(t, "priority", TaskPriority.JiraKind())
}

// Requirement and task status rows hold several Jira status IDs: the first
// goes to Jira; each comes back, by the Primary row of that ID.
func TestStatusRowsListJiraIDs(t *testing.T) {
	for _, k := range []FieldKind{TaskStatus, RequirementStatus} {
		f := &FieldMapping{Field: k, Values: []ValueMapping{
			{Spira: Ref{ID: 1}, Jira: JiraRef{ID: "10100, 10102"}, Primary: true},
			{Spira: Ref{ID: 2}, Jira: JiraRef{ID: "3"}, Primary: true},
			{Spira: Ref{ID: 3}, Jira: JiraRef{ID: "10101,3"}, Primary: false},
			{Spira: Ref{ID: 4}, Jira: JiraRef{ID: "10103"}, Primary: false},
		}}
		require.Equal(t, []string{"10100", "10102"}, f.Values[0].JiraIDs(k))
		require.Equal(t, "10100", f.Forward(1), k)
		require.Equal(t, "10101", f.Forward(3), k)
		require.Equal(t, "", f.Forward(9), k)
		require.Equal(t, 1, f.Back("10102"), k)
		require.Equal(t, 1, f.Back("10100"), k)
		require.Equal(t, 2, f.Back("3"), "row 2 is the Primary of 3")
		require.Equal(t, 3, f.Back("10101"), "the only row of 10101")
		require.Equal(t, 4, f.Back("10103"), "the only row, Primary or not")
		require.Equal(t, 0, f.Back("99"))
	}
	// Other fields keep their one External Key, commas and all.
	inc := &FieldMapping{Field: IncidentStatus, Values: []ValueMapping{{Spira: Ref{ID: 1}, Jira: JiraRef{ID: "1,3"}, Primary: true}}}
	require.Equal(t, "1,3", inc.Forward(1))
	require.Equal(t, 0, inc.Back("1"))
}

func taskProduct() *Product {
	p := fixtureProduct()
	p.Plugin.Custom02 = "10003" // Task Types: Task
	p.Fields = slices.DeleteFunc(p.Fields, func(f FieldMapping) bool { return f.Field.Task() })
	p.Fields = append(p.Fields,
		FieldMapping{Field: TaskStatus, Values: []ValueMapping{
			vm(1, "Not Started", "1", "Open", true), vm(2, "In Progress", "3", "In Progress", true),
			vm(3, "Completed", "5,6", "", true)}},
		FieldMapping{Field: TaskPriority, Values: []ValueMapping{vm(1, "1 - Critical", "1", "Highest", true), vm(2, "2 - High", "2", "High", true)}},
		FieldMapping{Field: TaskType, Values: []ValueMapping{vm(1, "Development", "10003", "Task", true)}})
	return p
}

func taskLookups() *SpiraLookups {
	lk := fixtureSpira()
	lk.Values[TaskStatus] = vals(1, "Not Started", 2, "In Progress", 3, "Completed")
	lk.Values[TaskPriority] = vals(1, "1 - Critical", 2, "2 - High")
	lk.Values[TaskType] = vals(1, "Development")
	return lk
}

func fieldProblems(ps []Problem, k FieldKind) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.Location.Field == k {
			out = append(out, p)
		}
	}
	return out
}

func TestValidateTaskRows(t *testing.T) {
	// A clean task mapping, with a status row of two Jira IDs.
	for _, k := range []FieldKind{TaskStatus, TaskPriority, TaskType} {
		require.Empty(t, fieldProblems(Validate(taskProduct(), fixtureJira(), taskLookups()), k))
	}

	// Without Task Types the task rows are not read.
	p := taskProduct()
	p.Plugin.Custom02 = ""
	setValue(p, TaskStatus, 1, func(v *ValueMapping) { v.Jira.ID = "99" })
	require.Empty(t, fieldProblems(Validate(p, fixtureJira(), taskLookups()), TaskStatus))

	// Each ID of a list is checked against Jira.
	p = taskProduct()
	setValue(p, TaskStatus, 3, func(v *ValueMapping) { v.Jira.ID = "5,99" })
	ps := fieldProblems(Validate(p, fixtureJira(), taskLookups()), TaskStatus)
	require.Len(t, ps, 1)
	require.Equal(t, RuleUnknownJiraID, ps[0].Rule)
	require.Contains(t, ps[0].Message, `"99"`)

	// One Primary per Jira ID, across lists: 3 is in two Primary rows.
	p = taskProduct()
	setValue(p, TaskStatus, 3, func(v *ValueMapping) { v.Jira.ID = "5,3" })
	ps = fieldProblems(Validate(p, fixtureJira(), taskLookups()), TaskStatus)
	require.Len(t, ps, 1)
	require.Equal(t, RulePrimary, ps[0].Rule)
	require.Contains(t, ps[0].Message, "for Jira 3")
	// ... and fine when the list's row is not Primary: 5 and 6 have no
	// Primary then, which is an error for them, not for 3.
	setValue(p, TaskStatus, 3, func(v *ValueMapping) { v.Primary = false })
	ps = fieldProblems(Validate(p, fixtureJira(), taskLookups()), TaskStatus)
	require.Len(t, ps, 1)
	require.Equal(t, RulePrimary, ps[0].Rule)
	require.Contains(t, ps[0].Message, "Jira 5")

	// An unmapped active task status is a warning.
	p = taskProduct()
	setValue(p, TaskStatus, 2, func(v *ValueMapping) { v.Jira = JiraRef{} })
	ps = fieldProblems(Validate(p, fixtureJira(), taskLookups()), TaskStatus)
	require.Len(t, ps, 1)
	require.Equal(t, RuleUnmappedValue, ps[0].Rule)
}

// Requirement status rows take lists too.
func TestValidateRequirementStatusLists(t *testing.T) {
	p := fixtureProduct()
	// Completed takes In Progress (3) too, as Primary: 3 has two Primary rows.
	setValue(p, RequirementStatus, 4, func(v *ValueMapping) { v.Jira.ID = "10101,3" })
	ps := fieldProblems(Validate(p, fixtureJira(), fixtureSpira()), RequirementStatus)
	require.Len(t, ps, 1)
	require.Equal(t, RulePrimary, ps[0].Rule)
	require.Contains(t, ps[0].Message, "for Jira 3")
	setValue(p, RequirementStatus, 3, func(v *ValueMapping) { v.Primary = false })
	require.Empty(t, fieldProblems(Validate(p, fixtureJira(), fixtureSpira()), RequirementStatus))
	setValue(p, RequirementStatus, 4, func(v *ValueMapping) { v.Jira.ID = "10101,3,42" })
	ps = fieldProblems(Validate(p, fixtureJira(), fixtureSpira()), RequirementStatus)
	require.Len(t, ps, 1)
	require.Equal(t, RuleUnknownJiraID, ps[0].Rule)
}
