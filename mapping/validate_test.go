package mapping

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestValidateFixtureIsClean(t *testing.T) {
	require.Empty(t, Validate(fixtureProduct(), fixtureJira(), fixtureSpira()))
}

func setValue(p *Product, k FieldKind, spiraID int, f func(*ValueMapping)) {
	fm := p.Field(k)
	for i := range fm.Values {
		if fm.Values[i].Spira.ID == spiraID {
			f(&fm.Values[i])
			return
		}
	}
	panic("no such row")
}

func TestValidateRules(t *testing.T) {
	type want struct {
		rule Rule
		sev  Severity
		loc  Location
		// text must appear in the message or the fix.
		text string
	}
	fieldLoc := func(k FieldKind, row int) Location { return Location{Section: SectionFields, Field: k, Row: row} }
	propLoc := func(id, row int) Location {
		return Location{Section: SectionProperties, Artifact: ArtifactIncident, Property: id, Row: row}
	}
	tests := []struct {
		name   string
		break_ func(p *Product, j *Jira, s *SpiraLookups)
		want   want
	}{
		{"jira project missing", func(p *Product, j *Jira, s *SpiraLookups) { j.Key = "" },
			want{RuleUnknownProject, Error, Location{Section: SectionProject, Setting: "jiraKey"}, `"LIB"`}},
		{"incident status unmapped", func(p *Product, j *Jira, s *SpiraLookups) {
			setValue(p, IncidentStatus, 3, func(v *ValueMapping) { v.Jira = JiraRef{} })
		}, want{RuleUnmappedValue, Warning, fieldLoc(IncidentStatus, 3), `"Assigned"`}},
		{"incident priority unmapped is a warning", func(p *Product, j *Jira, s *SpiraLookups) {
			p.Field(IncidentPriority).Values = p.Field(IncidentPriority).Values[:3]
		}, want{RuleUnmappedValue, Warning, fieldLoc(IncidentPriority, 4), `"4 - Low"`}},
		{"no primary among several", func(p *Product, j *Jira, s *SpiraLookups) {
			setValue(p, IncidentStatus, 2, func(v *ValueMapping) { v.Primary = false })
		}, want{RulePrimary, Error, fieldLoc(IncidentStatus, 1), `exactly one of "New", "Open"`}},
		{"two primaries", func(p *Product, j *Jira, s *SpiraLookups) {
			setValue(p, IncidentType, 1, func(v *ValueMapping) { v.Primary = true })
		}, want{RulePrimary, Error, fieldLoc(IncidentType, 1), `"Incident", "Bug" are all Primary`}},
		{"single row not primary", func(p *Product, j *Jira, s *SpiraLookups) {
			setValue(p, IncidentComponent, 2, func(v *ValueMapping) { v.Primary = false })
		}, want{RulePrimary, Error, fieldLoc(IncidentComponent, 2), `Set Primary = Yes on "Database"`}},
		{"unknown priority id", func(p *Product, j *Jira, s *SpiraLookups) {
			setValue(p, IncidentPriority, 1, func(v *ValueMapping) { v.Jira.ID = "99" })
		}, want{RuleUnknownJiraID, Error, fieldLoc(IncidentPriority, 1), `"99"`}},
		{"issue type name instead of id", func(p *Product, j *Jira, s *SpiraLookups) {
			setValue(p, IncidentType, 3, func(v *ValueMapping) { v.Jira.ID = "Task" })
		}, want{RuleUnknownJiraID, Error, fieldLoc(IncidentType, 3), "enter its ID 10003"}},
		{"status outside the mapped types' workflows", func(p *Product, j *Jira, s *SpiraLookups) {
			setValue(p, IncidentStatus, 5, func(v *ValueMapping) { v.Jira = JiraRef{ID: "10101", Name: "Done"} })
		}, want{RuleStatusNotInFlow, Warning, fieldLoc(IncidentStatus, 5), "(Bug, Task)"}},
		{"severity name not an option", func(p *Product, j *Jira, s *SpiraLookups) {
			setValue(p, IncidentSeverity, 1, func(v *ValueMapping) { v.Jira.Name = "Critcal" })
		}, want{RuleSeverityOption, Error, fieldLoc(IncidentSeverity, 1), `Did you mean "Critical"?`}},
		{"date property on a text field", func(p *Product, j *Jira, s *SpiraLookups) {
			p.Property(ArtifactIncident, 1).Jira.ID = "customfield_10063"
		}, want{RulePropertyType, Error, propLoc(1, 0), "Date Picker"}},
		{"user property on a number field", func(p *Product, j *Jira, s *SpiraLookups) {
			p.Property(ArtifactIncident, 6).Jira.ID = "customfield_10064"
		}, want{RulePropertyType, Error, propLoc(6, 0), "User Picker"}},
		{"multi-list on a single select", func(p *Product, j *Jira, s *SpiraLookups) {
			m := p.Property(ArtifactIncident, 3)
			m.Jira.ID = "customfield_10061"
		}, want{RulePropertyType, Error, propLoc(3, 0), "multiple choices"}},
		{"Environment on a list property", func(p *Product, j *Jira, s *SpiraLookups) {
			p.Property(ArtifactIncident, 10).Type = PropList
		}, want{RulePropertyType, Error, propLoc(10, 0), "Environment"}},
		{"list value not an option", func(p *Product, j *Jira, s *SpiraLookups) {
			p.Property(ArtifactIncident, 2).Values[1].Jira.Name = "Betta"
		}, want{RulePropertyOption, Error, propLoc(2, 2), `Did you mean "Beta"?`}},
		{"resolution value is a name", func(p *Product, j *Jira, s *SpiraLookups) {
			p.Property(ArtifactIncident, 8).Values[0].Jira.ID = "Done"
		}, want{RuleSpecialValueID, Error, propLoc(8, 5), "enter its ID 10000"}},
		{"security level value unknown", func(p *Product, j *Jira, s *SpiraLookups) {
			p.Property(ArtifactIncident, 9).Values[1].Jira.ID = "123"
		}, want{RuleSpecialValueID, Error, propLoc(9, 8), "10400, 10401"}},
		{"user mapped to unknown accountId", func(p *Product, j *Jira, s *SpiraLookups) { p.Users[0].Jira.ID = "acc-99" },
			want{RuleUnknownUser, Error, Location{Section: SectionUsers, Row: 1}, "acc-99"}},
		{"user mapped to a hidden e-mail", func(p *Product, j *Jira, s *SpiraLookups) {
			p.Users[1].Jira.ID = "bob@example.com"
			j.Users[1].Email = ""
		}, want{RuleUnknownUser, Error, Location{Section: SectionUsers, Row: 2}, "accountId"}},
		{"auto-map with hidden e-mails", func(p *Product, j *Jira, s *SpiraLookups) {
			p.Plugin.AutoMapUsers = true
			j.Users[1].Email = ""
		}, want{RuleHiddenEmail, Warning, plugLoc("autoMapUsers"), "Bob Baker"}},
		{"unmapped release that Jira already has", func(p *Product, j *Jira, s *SpiraLookups) { p.Releases[2].VersionNumber = "2.0" },
			want{RuleReleaseDuplicate, Warning, Location{Section: SectionReleases, Row: 3}, "version 10302"}},
		{"release mapped to a missing version", func(p *Product, j *Jira, s *SpiraLookups) { p.Releases[1].Jira.ID = "99999" },
			want{RuleUnknownJiraID, Warning, Location{Section: SectionReleases, Row: 2}, "99999"}},
		{"two products on one project", func(p *Product, j *Jira, s *SpiraLookups) {
			s.ProjectMappings = append(s.ProjectMappings, ProjectLink{ProductID: 7, JiraKey: "lib{full}"})
		}, want{RuleProjectShared, Error, Location{Section: SectionProject, Setting: "jiraKey"}, "product 7"}},
		{"product not mapped to a project", func(p *Product, j *Jira, s *SpiraLookups) { p.Project.JiraKey = "" },
			want{RuleProjectUnmapped, Warning, Location{Section: SectionProject, Setting: "jiraKey"}, "is not mapped to a Jira project"}},
		{"product mapping inactive", func(p *Product, j *Jira, s *SpiraLookups) { p.Project.Active = false },
			want{RuleProjectUnmapped, Warning, Location{Section: SectionProject, Setting: "jiraKey"}, "to Jira project LIB is not active"}},
		{"jira clock behind beyond the offset", func(p *Product, j *Jira, s *SpiraLookups) {
			p.Plugin.TimeOffsetHours = 1
			s.ServerTime = j.ServerTime.Add(90 * time.Minute)
		}, want{RuleClockSkew, Error, plugLoc("timeOffsetHours"), "at least 2"}},
		{"workflow editable after New", func(p *Product, j *Jira, s *SpiraLookups) {
			s.Workflows[1].Editable = []string{"Name", "PriorityId"}
		}, want{RuleWorkflowEditable, Warning, Location{Section: SectionWorkflow, Row: 2}, "Name, PriorityId"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, j, s := fixtureProduct(), fixtureJira(), fixtureSpira()
			tt.break_(p, j, s)
			got := Validate(p, j, s)
			require.Len(t, got, 1, "problems: %+v", got)
			g := got[0]
			require.Equal(t, tt.want.rule, g.Rule)
			require.Equal(t, tt.want.sev, g.Severity)
			require.Equal(t, tt.want.loc, g.Location)
			require.Contains(t, g.Message+" "+g.Fix, tt.want.text)
			require.NotEmpty(t, g.Fix)
		})
	}
}

func TestValidateClockWithinOffset(t *testing.T) {
	p, j, s := fixtureProduct(), fixtureJira(), fixtureSpira()
	p.Plugin.TimeOffsetHours = 2
	s.ServerTime = j.ServerTime.Add(90 * time.Minute)
	require.Empty(t, Validate(p, j, s))
	// Jira ahead of Spira only widens the window: nothing is missed.
	s.ServerTime = j.ServerTime.Add(-3 * time.Hour)
	p.Plugin.TimeOffsetHours = 0
	require.Empty(t, Validate(p, j, s))
}

func TestValidateClockReadAtDifferentMoments(t *testing.T) {
	p, j, s := fixtureProduct(), fixtureJira(), fixtureSpira()
	// Jira read at noon, Spira ten minutes later, both clocks right.
	j.ReadAt, j.ServerTime = fixtureTime, fixtureTime
	s.ReadAt, s.ServerTime = fixtureTime.Add(10*time.Minute), fixtureTime.Add(10*time.Minute)
	require.Empty(t, Validate(p, j, s))
	// Now Jira's clock is five minutes slow.
	j.ServerTime = fixtureTime.Add(-5 * time.Minute)
	got := Validate(p, j, s)
	require.Len(t, got, 1)
	require.Equal(t, RuleClockSkew, got[0].Rule)
	require.Contains(t, got[0].Message, "5m0s behind")
}

func TestValidateBothDirectionsSkipsWorkflowAdvice(t *testing.T) {
	p, j, s := fixtureProduct(), fixtureJira(), fixtureSpira()
	p.Plugin.Custom03 = "Bidirectional"
	s.Workflows[1].Editable = []string{"Name"}
	require.Empty(t, Validate(p, j, s))
	p.Plugin.Custom03 = "Both"
	got := Validate(p, j, s)
	require.Len(t, got, 1, "only the note on the older plug-in's word: %+v", got)
	require.Equal(t, RuleLegacySetting, got[0].Rule)
}

func TestValidateRequirementFieldsOnlyWithCustom04(t *testing.T) {
	p, j, s := fixtureProduct(), fixtureJira(), fixtureSpira()
	p.Field(RequirementStatus).Values = nil
	require.NotEmpty(t, Validate(p, j, s))
	p.Plugin.Custom04 = ""
	require.Empty(t, Validate(p, j, s))
}

func TestValidateWithoutCatalogs(t *testing.T) {
	p := fixtureProduct()
	require.Empty(t, Validate(p, nil, nil))
	setValue(p, IncidentStatus, 2, func(v *ValueMapping) { v.Primary = false })
	got := Validate(p, nil, nil)
	require.Len(t, got, 1)
	require.Equal(t, RulePrimary, got[0].Rule)
	require.True(t, HasErrors(got))
}
