package mapping

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"1 - Critical": "critical", "Critical": "critical", "CRITICAL!": "critical",
		"In Progress": "inprogress", "in-progress": "inprogress", "Won't Do": "wontdo", "2": "2", " 10.5 ": "105",
	} {
		require.Equal(t, want, Normalize(in), in)
	}
}

func blankProduct() *Product {
	p := fixtureProduct()
	p.Users, p.Releases, p.Fields, p.CustomProperties = nil, nil, nil, nil
	return p
}

func proposalAt(t *testing.T, ps []Proposal, l Location) Proposal {
	t.Helper()
	for _, p := range ps {
		if p.Location == l {
			return p
		}
	}
	t.Fatalf("no proposal at %s in %+v", l, ps)
	return Proposal{}
}

func TestAutomapProposesByNormalisedName(t *testing.T) {
	ps := Automap(blankProduct(), fixtureJira(), fixtureSpira())
	sev := proposalAt(t, ps, Location{Section: SectionFields, Field: IncidentSeverity, Row: 1})
	require.Equal(t, JiraRef{Name: "Critical"}, sev.Jira, `"1 - Critical" meets "Critical"`)
	require.Equal(t, ConfidenceNormalized, sev.Confidence)
	require.Contains(t, sev.Reason, "leading numbers")

	high := proposalAt(t, ps, Location{Section: SectionFields, Field: IncidentPriority, Row: 2})
	require.Equal(t, JiraRef{ID: "2", Name: "High"}, high.Jira)

	crit := proposalAt(t, ps, Location{Section: SectionFields, Field: IncidentPriority, Row: 1})
	require.Equal(t, "1", crit.Jira.ID, "Critical is usually Highest")
	require.Equal(t, ConfidenceSynonym, crit.Confidence)

	// New and Open both meet Jira "Open"; the exact match is the Primary.
	open := proposalAt(t, ps, Location{Section: SectionFields, Field: IncidentStatus, Row: 2})
	newp := proposalAt(t, ps, Location{Section: SectionFields, Field: IncidentStatus, Row: 1})
	require.Equal(t, "1", open.Jira.ID)
	require.Equal(t, "1", newp.Jira.ID)
	require.True(t, open.Primary)
	require.False(t, newp.Primary)

	u := proposalAt(t, ps, Location{Section: SectionUsers, Row: 2})
	require.Equal(t, "acc-2", u.Jira.ID)
	require.Equal(t, ConfidenceExact, u.Confidence)

	r := proposalAt(t, ps, Location{Section: SectionReleases, Row: 1})
	require.Equal(t, "10300", r.Jira.ID)

	res := proposalAt(t, ps, Location{Section: SectionProperties, Artifact: ArtifactIncident, Property: 8})
	require.Equal(t, KeyResolution, res.Jira.ID)
	wont := proposalAt(t, ps, Location{Section: SectionProperties, Artifact: ArtifactIncident, Property: 8, Row: 6})
	require.Equal(t, "10001", wont.Jira.ID, "resolution values are IDs")
	cat := proposalAt(t, ps, Location{Section: SectionProperties, Artifact: ArtifactIncident, Property: 2})
	require.Equal(t, "customfield_10061", cat.Jira.ID)
	beta := proposalAt(t, ps, Location{Section: SectionProperties, Artifact: ArtifactIncident, Property: 2, Row: 2})
	require.Equal(t, JiraRef{Name: "Beta"}, beta.Jira)

	for _, p := range ps {
		require.NotEmpty(t, p.Reason)
		require.False(t, p.Overwrites, "nothing was mapped before: %+v", p)
	}

	applied := Apply(blankProduct(), ps, 0, false)
	require.Equal(t, "Critical", applied.Field(IncidentSeverity).Values[0].Jira.Name)
	require.True(t, applied.Field(IncidentStatus).Values[1].Primary)
	var primaries int
	for _, v := range applied.Field(IncidentStatus).Values {
		if v.Jira.ID == "1" && v.Primary {
			primaries++
		}
	}
	require.Equal(t, 1, primaries)
	for _, p := range Validate(applied, fixtureJira(), fixtureSpira()) {
		require.NotEqual(t, RulePrimary, p.Rule, "automap keeps one Primary per Jira value: %+v", p)
	}
}

func TestAutomapLeavesMappedRowsAlone(t *testing.T) {
	p := fixtureProduct()
	require.Empty(t, Automap(p, fixtureJira(), fixtureSpira()))
}

func TestAutomapNeverOverwritesWithoutAsking(t *testing.T) {
	p := fixtureProduct()
	setValue(p, IncidentPriority, 2, func(v *ValueMapping) { v.Jira = JiraRef{ID: "77", Name: "Gone"} })
	ps := Automap(p, fixtureJira(), fixtureSpira())
	require.Len(t, ps, 1)
	require.True(t, ps[0].Overwrites)
	require.Equal(t, JiraRef{ID: "77", Name: "Gone"}, ps[0].Current)
	require.Equal(t, JiraRef{ID: "2", Name: "High"}, ps[0].Jira)

	kept := Apply(p, ps, 0, false)
	require.Equal(t, "77", kept.Field(IncidentPriority).Values[1].Jira.ID)
	replaced := Apply(p, ps, 0, true)
	require.Equal(t, "2", replaced.Field(IncidentPriority).Values[1].Jira.ID)
	require.Equal(t, "77", p.Field(IncidentPriority).Values[1].Jira.ID, "Apply does not change its input")
}

func TestApplyHonoursMinConfidence(t *testing.T) {
	ps := Automap(blankProduct(), fixtureJira(), fixtureSpira())
	got := Apply(blankProduct(), ps, ConfidenceNormalized, false)
	// "1 - Critical" -> Highest is only a synonym: left for the user.
	for _, v := range got.Field(IncidentPriority).Values {
		require.NotEqual(t, 1, v.Spira.ID)
	}
}
