package mapping

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSettingsReadBothGenerations(t *testing.T) {
	for _, tc := range []struct {
		name               string
		c01, c02, c03, c04 string
		want               Settings
		describe           string
	}{
		{name: "the seed: values both plug-ins read alike", c01: "10030", c04: "10001",
			want:     Settings{Generation: GenerationCurrent, Mode: ModeDefault, SeverityField: "10030", RequirementTypes: []string{"10001"}},
			describe: "Default (current plug-in)"},
		{name: "a current record", c01: "10030,0", c02: "10002", c03: "Bidirectional",
			want:     Settings{Generation: GenerationCurrent, Mode: ModeBidirectional, SeverityField: "10030", TaskTypes: []string{"10002"}},
			describe: "Bidirectional (current plug-in)"},
		{name: "estimate only, options, any case", c01: "0,10033", c03: "complete, noattachments,CreateReleasesOnly",
			want:     Settings{Generation: GenerationCurrent, Mode: ModeComplete, EstimateField: "10033", NoAttachments: true, CreateReleasesOnly: true},
			describe: "Complete, NoAttachments, createReleasesOnly (current plug-in)"},
		{name: "options alone keep the default mode", c01: "timetracking", c03: "NoAttachments",
			want:     Settings{Generation: GenerationCurrent, Mode: ModeDefault, TimeTracking: true, NoAttachments: true},
			describe: "Default, NoAttachments (current plug-in)"},
		{name: "legacy Both", c01: "10030", c03: "Both",
			want:     Settings{Generation: GenerationLegacy, Mode: ModeBidirectional, LegacyMode: "Both", SeverityField: "10030"},
			describe: "Bidirectional (older plug-in's Both)"},
		{name: "legacy True with a security level", c02: "True", c03: "True",
			want:     Settings{Generation: GenerationLegacy, Mode: ModeNoRequirements, LegacyMode: "True", SecurityLevel: true},
			describe: "NoRequirements (older plug-in's True)"},
		{name: "an unknown mode word", c03: "Bidirectonal,NoAttachments",
			want:     Settings{Generation: GenerationCurrent, Mode: ModeDefault, NoAttachments: true, Unknown: []string{"Bidirectonal"}},
			describe: "Default, NoAttachments (current plug-in)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Plugin{Custom01: tc.c01, Custom02: tc.c02, Custom03: tc.c03, Custom04: tc.c04}.Settings()
			require.Equal(t, tc.want, s)
			require.Equal(t, tc.describe, s.Describe())
		})
	}
}

func TestTheDirectionMatrixFollowsTheModeAndTheOtherSettings(t *testing.T) {
	flow := func(c02, c03, c04, kind string) Flow {
		return Plugin{Custom02: c02, Custom03: c03, Custom04: c04}.Settings().Flow(kind)
	}
	require.Equal(t, Flow{WayBoth, WayToSpira}, flow("", "", "", FlowIncidents))
	require.Equal(t, Flow{WayBoth, WayBoth}, flow("", "Bidirectional", "", FlowIncidents))
	require.Equal(t, Flow{WayBoth, WayBoth}, flow("", "Both", "", FlowIncidents), "legacy Both is Bidirectional")
	require.Equal(t, Flow{WayToJira, WayToSpira}, flow("", "True", "", FlowIncidents), "legacy True is NoRequirements")
	require.Equal(t, Flow{}, flow("", "True", "10001", FlowRequirements))
	require.Equal(t, Flow{}, flow("", "NoIncidents", "", FlowIncidents))
	require.Equal(t, Flow{WayToSpira, WayToSpira}, flow("", "NoIncidents", "", FlowRequirements), "the default artifact there, Custom 04 or not")
	require.Equal(t, Flow{}, flow("", "Complete", "", FlowRequirements), "no Requirement Types: no requirements")
	require.Equal(t, Flow{WayBoth, WayBoth}, flow("", "Complete", "10001", FlowRequirements))
	require.Equal(t, Flow{}, flow("", "Complete", "", FlowTasks), "no Task Types: no tasks")
	require.Equal(t, Flow{WayToJira, WayToSpira}, flow("10002", "", "", FlowTasks))
	require.Equal(t, Flow{WayBoth, WayBoth}, flow("10002", "Complete", "", FlowTasks))
	require.Equal(t, Flow{WayBoth, WayNone}, flow("", "Default,createReleasesOnly", "", FlowReleases))
	require.Equal(t, Flow{WayBoth, WayBoth}, flow("", "", "", FlowReleases))
}
