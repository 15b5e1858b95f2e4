package mapping

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// problemsOf validates the fixture with the plug-in slots set as given.
func problemsOf(t *testing.T, c01, c02, c03, c04, c05 string) []Problem {
	t.Helper()
	p, j, s := fixtureProduct(), fixtureJira(), fixtureSpira()
	p.Plugin.Custom01, p.Plugin.Custom02, p.Plugin.Custom03, p.Plugin.Custom04, p.Plugin.Custom05 = c01, c02, c03, c04, c05
	return Validate(p, j, s)
}

func TestValidateAcceptsEveryDocumentedValueOfBothGenerations(t *testing.T) {
	for _, tc := range []struct{ name, c01, c02, c03, c04 string }{
		{"a current record", "10050,0", "10003", "Bidirectional", "10002"},
		{"estimate points and options", "10050,10064", "10003,10004", "Complete,NoAttachments,createReleasesOnly", "10002"},
		{"time tracking, lower case mode", "timetracking", "", "noIncidents", ""},
		{"options alone", "0,10064", "", "NoAttachments", "10002"},
		{"default and no requirements", "10050", "", "Default,NoAttachments", ""},
		{"NoRequirements", "customfield_10050", "10003", "NoRequirements", ""},
		{"the older plug-in's values both read alike", "customfield_10050", "", "", "10002"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Empty(t, problemsOf(t, tc.c01, tc.c02, tc.c03, tc.c04, "Relates"))
		})
	}
}

func TestValidateSettingsErrorsHaveAFixOnThePluginScreen(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		c01, c02, c03, c04, c05 string
		rule                    Rule
		key                     string
		text                    string
	}{
		{"unknown mode word", "10050,0", "10003", "Bidirectonal", "", "", RuleSyncMode, KeySyncMode, `Did you mean "Bidirectional"?`},
		{"mode after an option", "", "", "NoAttachments,Complete", "", "", RuleSyncMode, KeySyncMode, `enter "Complete,NoAttachments"`},
		{"a task type that does not exist", "10050,0", "10003,10099", "Bidirectional", "", "", RuleTaskTypes, KeyTaskTypes, `"10099"`},
		{"a requirement type given by name", "", "", "", "10002, Story", "", RuleRequirementTypes, KeyRequirementTypes, "enter its ID 10002"},
		{"an estimate field that is not a number", "10050,10063", "", "Bidirectional", "", "", RuleEstimateField, KeySpecialFields, "textfield"},
		{"an estimate field that does not exist", "10050,10099", "", "", "", "", RuleEstimateField, KeySpecialFields, `"10099"`},
		{"special fields that are not IDs", "10050,points", "", "", "", "", RuleSpecialFields, KeySpecialFields, `"points"`},
		{"severity not a single select", "10062,0", "", "", "", "", RuleSeverityField, KeySpecialFields, "multiselect"},
		{"severity field unknown", "10099", "", "", "", "", RuleSeverityField, KeySpecialFields, `"10099"`},
		{"one type in two lists", "", "10002", "Complete", "10002", "", RuleIssueTypeTwice, KeyRequirementTypes, "10002 (Story) is in both Task Types and Requirement Types"},
		{"link type typo", "", "", "", "", "Relate", RuleLinkType, KeyLinkType, `Did you mean "Relates"?`},
		{"link type id", "", "", "", "", "10501", RuleLinkType, KeyLinkType, `enter the name "Blocks"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := problemsOf(t, tc.c01, tc.c02, tc.c03, tc.c04, tc.c05)
			require.Len(t, got, 1, "problems: %+v", got)
			g := got[0]
			require.Equal(t, tc.rule, g.Rule)
			require.Equal(t, Error, g.Severity)
			require.Equal(t, plugLoc(tc.key), g.Location)
			require.Contains(t, g.Message+" "+g.Fix, tc.text)
			require.Contains(t, g.Fix, "System Administration > Integrations > Data Synchronization > JiraDataSync, box "+SlotLabel(tc.key))
		})
	}
}

func TestValidateReportsOlderValuesWithTheirReadingWithoutAskingToSwitch(t *testing.T) {
	for _, tc := range []struct {
		name, c02, c03 string
		key            string
		means          string
	}{
		{"Both", "", "Both", KeySyncMode, "read as Bidirectional"},
		{"True", "", "True", KeySyncMode, "read as NoRequirements"},
		{"security level True", "True", "", KeyTaskTypes, "no Spira tasks sync"},
		{"True beside a current Sync Mode", "True", "Bidirectional", KeyTaskTypes, "read as no Task Types"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := problemsOf(t, "10050", tc.c02, tc.c03, "", "")
			require.Len(t, got, 1, "problems: %+v", got)
			g := got[0]
			require.Equal(t, RuleLegacySetting, g.Rule)
			require.Equal(t, Warning, g.Severity)
			require.Equal(t, plugLoc(tc.key), g.Location)
			require.Contains(t, g.Message, tc.means)
			for _, word := range []string{"Bidirectional in", "NoRequirements in", "current plug-in's values", "switch to"} {
				require.NotContains(t, g.Fix, word, "the fix must not ask to change generation")
			}
		})
	}
	// The older plug-in's True with no SecurityLevel property cannot work.
	p, j, s := fixtureProduct(), fixtureJira(), fixtureSpira()
	p.Plugin.Custom02 = "True"
	p.Property(ArtifactIncident, 9).Jira = JiraRef{}
	got := Validate(p, j, s)
	require.Len(t, got, 2)
	require.Equal(t, RuleSecurityLevel, got[1].Rule)
	require.Equal(t, Error, got[1].Severity)
}

func TestValidateTypesToSkipFromTheFile(t *testing.T) {
	p, j, s := fixtureProduct(), fixtureJira(), fixtureSpira()
	p.Plugin.Extended.TypesToSkip = []string{"10004"}
	require.Empty(t, Validate(p, j, s))
	p.Plugin.Extended.TypesToSkip = []string{"10002", "10098"}
	got := Validate(p, j, s)
	require.Len(t, got, 2, "problems: %+v", got)
	require.Equal(t, RuleIssueTypeTwice, got[0].Rule)
	require.Equal(t, RuleTypesToSkip, got[1].Rule)
	require.Equal(t, plugLoc("extended.typesToSkip"), got[1].Location)
}

func TestValidateSettingsWithoutJiraStillChecksTheWords(t *testing.T) {
	p := fixtureProduct()
	p.Plugin.Custom03 = "Complet"
	got := Validate(p, nil, nil)
	require.Len(t, got, 1)
	require.Equal(t, RuleSyncMode, got[0].Rule)
	require.True(t, strings.HasPrefix(got[0].Fix, `Did you mean "Complete"?`), got[0].Fix)
}

func TestReadingsLabelTheSlotsAsSpiraDoesToday(t *testing.T) {
	rs := Plugin{Custom01: "10030,0", Custom02: "10002", Custom03: "Bidirectional", Custom04: "10001", Custom05: "Relates"}.Readings()
	var lines []string
	for _, r := range rs {
		lines = append(lines, r.Label+" = "+r.Value+": "+r.Means)
	}
	require.Equal(t, []string{
		"Jira Special Fields = 10030,0: severity field 10030",
		"Task Types = 10002: issue types 10002 sync as tasks",
		"Sync Mode = Bidirectional: Bidirectional (current plug-in)",
		"Requirement Types = 10001: issue types 10001 sync as requirements",
		`Link Type = Relates: associations become "Relates" links`,
	}, lines)
	require.Equal(t, "older plug-in's True: new issues get a security level; no tasks", Plugin{Custom02: "True"}.Readings()[1].Means)
}
