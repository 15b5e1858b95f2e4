package mapping

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseLocationReadsWhatStringWrites(t *testing.T) {
	for _, loc := range []Location{
		{Section: SectionPlugin, Setting: KeySyncMode},
		{Section: SectionProject, Setting: "jiraKey"},
		{Section: SectionUsers, Row: 5},
		{Section: SectionReleases, Row: 3},
		{Section: SectionFields, Field: IncidentStatus, Row: 4},
		{Section: SectionProperties, Artifact: ArtifactIncident, Property: 12},
		{Section: SectionProperties, Artifact: ArtifactRequirement, Property: 12, Row: 4},
	} {
		got, err := ParseLocation(loc.String())
		require.NoError(t, err, loc.String())
		require.Equal(t, loc, got, loc.String())
	}
}

func TestParseLocationSaysHowToWriteARow(t *testing.T) {
	for in, want := range map[string]string{
		"fields/incident.stat/4":      "fields/FIELD/SPIRA_ID",
		"fields/incident.status":      "fields/FIELD/SPIRA_ID",
		"fields/incident.status/x":    "fields/incident.status/4",
		"users/bob":                   "users/SPIRA_ID",
		"customProperties/test/1":     "customProperties/ARTIFACT/PROPERTY_ID",
		"plugin":                      "plugin/SETTING",
		"workflow/1":                  "starts with plugin, project",
		"project/key":                 "project/jiraKey",
		"customProperties/incident/0": "customProperties/ARTIFACT",
	} {
		_, err := ParseLocation(in)
		require.ErrorContains(t, err, want, in)
	}
}

func TestChoicesOfTheSyncModeAreTheCurrentPluginsWords(t *testing.T) {
	p := fixtureProduct()
	loc := Location{Section: SectionPlugin, Setting: KeySyncMode}
	ids := choiceIDs(p.Choices(loc, nil, nil))
	require.Contains(t, ids, "Bidirectional")
	require.Contains(t, ids, "Complete,NoAttachments")
	require.Contains(t, ids, "NoIncidents,NoAttachments,createReleasesOnly")
	require.NotContains(t, ids, "Both", "the older plug-in's words are not offered")
	require.Len(t, ids, len(Modes)*4)

	p.Plugin.Custom03 = "Both"
	ch := p.Choices(loc, nil, nil)
	require.Equal(t, "Both", ch[0].ID, "a legacy value stays pickable, so picking never drops it unasked")
	require.Contains(t, ch[0].Hint, "Bidirectional")
}

func choiceIDs(cs []Choice) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestSetJiraMapsAValueAndMakesItPrimaryWhenAlone(t *testing.T) {
	p, j := fixtureProduct(), fixtureJira()
	loc := Location{Section: SectionFields, Field: IncidentStatus, Row: 3}
	require.NoError(t, p.SetJira(loc, "5", j, nil))
	row := p.Field(IncidentStatus).Values[2]
	require.Equal(t, JiraRef{ID: "5", Name: "Resolved"}, row.Jira, "the name comes from the catalog")
	require.False(t, row.Primary, "Resolved (4) already holds Jira 5, so the new row is not Primary")

	require.NoError(t, p.TogglePrimary(loc))
	vals := p.Field(IncidentStatus).Values
	require.True(t, vals[2].Primary)
	require.False(t, vals[3].Primary, "only one row per Jira value holds Primary")

	require.NoError(t, p.SetJira(loc, "", j, nil))
	require.True(t, p.Field(IncidentStatus).Values[2].Jira.IsZero())
	require.False(t, p.Field(IncidentStatus).Values[2].Primary)
	require.ErrorContains(t, p.TogglePrimary(loc), "map the row to a Jira value")
	require.ErrorIs(t, p.SetJira(Location{Section: SectionFields, Field: IncidentStatus, Row: 99}, "5", j, nil), ErrNoRow)
	require.ErrorContains(t, p.TogglePrimary(Location{Section: SectionUsers, Row: 1}), "value mappings only")
}

func TestSetJiraAddsAPropertyTheMappingLacks(t *testing.T) {
	p, j, lk := fixtureProduct(), fixtureJira(), fixtureSpira()
	lk.Properties = append(lk.Properties, SpiraProperty{Artifact: ArtifactRequirement, ID: 20, Name: "Area", Type: PropList, Values: vals(30, "North", 31, "South")})
	require.NoError(t, p.SetJira(Location{Section: SectionProperties, Artifact: ArtifactRequirement, Property: 20}, "customfield_10061", j, lk))
	m := p.Property(ArtifactRequirement, 20)
	require.NotNil(t, m)
	require.Equal(t, "Category", m.Jira.Name)
	require.Equal(t, PropList, m.Type)

	require.NoError(t, p.SetJira(Location{Section: SectionProperties, Artifact: ArtifactRequirement, Property: 20, Row: 31}, "12", j, lk))
	require.Equal(t, []ValueMapping{vm(31, "South", "12", "Beta", true)}, p.Property(ArtifactRequirement, 20).Values)
	require.ErrorIs(t, p.SetJira(Location{Section: SectionProperties, Artifact: ArtifactRequirement, Property: 20, Row: 99}, "12", j, lk), ErrNoRow,
		"a value Spira does not have is not invented")
	require.ErrorIs(t, p.SetJira(Location{Section: SectionProperties, Artifact: ArtifactRequirement, Property: 21}, "customfield_10061", j, nil), ErrNoRow)
}

func TestSetPluginSettingTakesEverySettingAndSaysWhatIsWrong(t *testing.T) {
	p := fixtureProduct()
	for _, key := range PluginSettingKeys() {
		val := "Yes"
		switch key {
		case "timeOffsetHours":
			val = "-3"
		case KeySpecialFields, KeyTaskTypes, KeyRequirementTypes, "typesToSkip":
			val = "10001,10002"
		case KeySyncMode:
			val = "Complete,NoAttachments"
		case "caption", "description", "url", "login", KeyLinkType:
			val = "x"
		}
		require.NoError(t, p.SetPluginSetting(key, val), key)
	}
	s := p.Plugin.Settings()
	require.Equal(t, ModeComplete, s.Mode)
	require.True(t, s.NoAttachments)
	require.Equal(t, []string{"10001", "10002"}, s.TaskTypes)
	require.True(t, p.Plugin.Extended.SyncEpicStoryHierarchy)
	require.Equal(t, []string{"10001", "10002"}, p.Plugin.Extended.TypesToSkip)
	require.Equal(t, -3, p.Plugin.TimeOffsetHours)

	require.ErrorContains(t, p.SetPluginSetting("active", "maybe"), "Yes or No")
	require.ErrorContains(t, p.SetPluginSetting("timeOffsetHours", "three"), "whole number of hours")
	require.ErrorContains(t, p.SetPluginSetting("name", "x"), PluginName)
	err := p.SetPluginSetting("syncmode", "Complete")
	require.ErrorContains(t, err, "no setting")
	require.ErrorContains(t, err, KeySyncMode, "the message lists the keys")
	require.False(t, slices.Contains(PluginSettingKeys(), "name"))
}
