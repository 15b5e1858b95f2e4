package mapping

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestValidateSpiraSide(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(p *Product)
		rule   Rule
		sev    Severity
		loc    Location
		text   string
	}{
		{"user that Spira lacks", func(p *Product) {
			p.Users = append(p.Users, UserMapping{Spira: Ref{ID: 999}, Jira: JiraRef{ID: "acc-3"}})
		}, RuleUnknownSpiraID, Error, Location{Section: SectionUsers, Row: 999}, "Spira user 999"},
		{"release that Spira lacks", func(p *Product) {
			p.Releases = append(p.Releases, ReleaseMapping{Spira: Ref{ID: 77}, Jira: JiraRef{ID: "10302"}})
		}, RuleUnknownSpiraID, Error, Location{Section: SectionReleases, Row: 77}, "Release 77 of product 1 does not exist in Spira"},
		{"bare release row that Spira lacks", func(p *Product) {
			p.Releases = append(p.Releases, ReleaseMapping{Spira: Ref{ID: 78}})
		}, RuleUnknownSpiraID, Warning, Location{Section: SectionReleases, Row: 78}, "Release 78"},
		{"field value that Spira lacks", func(p *Product) {
			f := p.Field(IncidentPriority)
			f.Values = append(f.Values, vm(9, "9 - Never", "4", "Low", false))
		}, RuleUnknownSpiraID, Error, Location{Section: SectionFields, Field: IncidentPriority, Row: 9}, "4 - Low (4)"},
		{"custom property that Spira lacks", func(p *Product) {
			p.CustomProperties = append(p.CustomProperties, PropertyMapping{Artifact: ArtifactIncident, Property: Ref{ID: 40}, Type: PropText, Jira: JiraRef{ID: "customfield_10063"}})
		}, RuleUnknownSpiraID, Error, Location{Section: SectionProperties, Artifact: ArtifactIncident, Property: 40}, "custom property 40"},
		{"property value that Spira lacks", func(p *Product) {
			p.CustomProperties[1].Values = append(p.CustomProperties[1].Values, vm(30, "Gamma", "", "Alpha", false))
		}, RuleUnknownSpiraID, Error, Location{Section: SectionProperties, Artifact: ArtifactIncident, Property: 2, Row: 30}, "Alpha (1), Beta (2)"},
		{"two releases on one version", func(p *Product) {
			p.Releases[1].Jira = p.Releases[0].Jira
		}, RuleManyToOne, Error, Location{Section: SectionReleases, Row: 2}, `Release "First" (1) and release "Second" (2) are both mapped to Jira version 10300`},
		{"two users on one account, one by e-mail", func(p *Product) {
			p.Users[1].Jira = JiraRef{ID: "Alice@example.com"}
		}, RuleManyToOne, Error, Location{Section: SectionUsers, Row: 2}, `"alice" (1) and Spira user "bob" (2) are both mapped to the Jira account`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fixtureProduct()
			tt.break_(p)
			var got []Problem
			for _, pr := range Validate(p, fixtureJira(), fixtureSpira()) {
				if pr.Rule == tt.rule {
					got = append(got, pr)
				}
			}
			require.Len(t, got, 1, "%+v", got)
			require.Equal(t, tt.sev, got[0].Severity)
			require.Equal(t, tt.loc, got[0].Location)
			require.Contains(t, got[0].Message+" "+got[0].Fix, tt.text)
		})
	}
}

// Lookups that were not read are not held against the file.
func TestValidateSpiraSideSkipsUnreadLookups(t *testing.T) {
	p := fixtureProduct()
	p.Users = append(p.Users, UserMapping{Spira: Ref{ID: 999}, Jira: JiraRef{ID: "acc-3"}})
	s := fixtureSpira()
	s.Users, s.Releases, s.Properties, s.Values = nil, nil, nil, nil
	for _, pr := range Validate(p, fixtureJira(), s) {
		require.NotEqual(t, RuleUnknownSpiraID, pr.Rule, pr.Message)
	}
}
