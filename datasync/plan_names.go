package datasync

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// The plan's changes say what the side written to will hold, by its own
// names: a Jira create shows Jira's names (Bug, not the Spira type it comes
// from, which follows in brackets when it differs), a Spira create Spira's
// (component and user names, not their IDs).

// jiraNamesFrom collects the names of the allowed values of a create
// screen: field ID -> value ID -> name.
func jiraNamesFrom(into map[string]map[string]string, fs []jiraclient.FieldMeta) {
	for _, f := range fs {
		id := cmp.Or(f.FieldID, f.Key)
		for _, a := range f.Allowed() {
			if a.ID == "" || a.Label() == "" {
				continue
			}
			if into[id] == nil {
				into[id] = map[string]string{}
			}
			into[id][a.ID] = a.Label()
		}
	}
}

// jiraLabel is a Jira value as Jira will show it, with the Spira value it
// comes from when that reads differently.
func (p *planner) jiraLabel(field, jiraID string, k mapping.FieldKind, spiraID int) string {
	name := p.s.JiraNames[field][jiraID]
	if name == "" {
		if f := p.ix.p.Field(k); f != nil {
			for _, v := range f.Values {
				if v.Jira.ID == jiraID && v.Jira.Name != "" {
					name = v.Jira.Name
					break
				}
			}
		}
	}
	if name == "" {
		name = "Jira " + jiraID
	}
	return withSpira(name, p.valueName(k, spiraID))
}

func withSpira(jira, spira string) string {
	// The same name but for case, spacing or a leading number ("2 - High"
	// and "High") is said once.
	if spira == "" || mapping.Normalize(spira) == mapping.Normalize(jira) {
		return jira
	}
	return fmt.Sprintf("%s (Spira: %s)", jira, spira)
}

// jiraComponents are the Jira components an incident's Spira components
// map to.
func (p *planner) jiraComponents(k mapping.FieldKind, spiraIDs []int) string {
	var names []string
	for _, c := range spiraIDs {
		if j := p.ix.fwd(k, c); j != "" {
			names = append(names, p.jiraLabel("components", j, k, c))
		}
	}
	return strings.Join(names, ", ")
}

// jiraVersion is the name of the Jira version a Spira release maps to.
func (p *planner) jiraVersion(releaseID int, versionID string) string {
	spira := p.releaseName(releaseID)
	if i := slices.IndexFunc(p.s.Versions, func(v jiraclient.Version) bool { return v.ID == versionID }); i >= 0 {
		return withSpira(p.s.Versions[i].Name, spira)
	}
	if strings.HasPrefix(versionID, "${") {
		return spira + " (new version)"
	}
	return withSpira("Jira version "+versionID, spira)
}

// jiraUserName is the Jira user a Spira user maps to, by name.
func (p *planner) jiraUserName(spiraID int, accountID string) string {
	spira := p.ix.userName(spiraID)
	for _, u := range p.ix.p.Users {
		if u.Spira.ID == spiraID && u.Jira.Name != "" {
			return withSpira(u.Jira.Name, spira)
		}
	}
	for _, u := range p.s.JiraUsers {
		if u.AccountID == accountID && u.DisplayName != "" {
			return withSpira(u.DisplayName, spira)
		}
	}
	return spira + "'s Jira account"
}

// jiraSecurityLevel is a security level by name.
func (p *planner) jiraSecurityLevel(m *mapping.PropertyMapping, id string) string {
	if name := p.s.JiraNames["security"][id]; name != "" {
		return name
	}
	for _, v := range m.Values {
		if v.Jira.ID == id && v.Jira.Name != "" {
			return v.Jira.Name
		}
	}
	return id
}

// jiraValueText renders a Jira field value the plan sends: option values
// and users by name, lists joined.
func (p *planner) jiraValueText(v any) string {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["value"].(string); ok {
			return s
		}
		if acc, ok := x["accountId"].(string); ok {
			for _, u := range p.s.JiraUsers {
				if u.AccountID == acc && u.DisplayName != "" {
					return u.DisplayName
				}
			}
			for _, u := range p.ix.p.Users {
				if u.Jira.ID == acc {
					return cmp.Or(u.Jira.Name, p.ix.userName(u.Spira.ID)+"'s Jira account")
				}
			}
			return "Jira account " + acc
		}
	case []map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, p.jiraValueText(e))
		}
		return strings.Join(out, ", ")
	}
	return fmt.Sprint(v)
}

// spiraComponents names a list of Spira component IDs ("2,3").
func (p *planner) spiraComponents(v string) string {
	var names []string
	for _, id := range parseIDs(v) {
		names = append(names, p.valueName(mapping.IncidentComponent, id))
	}
	return strings.Join(names, ", ")
}

// spiraResolution names a value of the property mapped to Resolution.
func (p *planner) spiraResolution(v string) string {
	m := p.ix.p.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyResolution)
	if m == nil || v == "" {
		return v
	}
	id := atoi(v)
	for _, val := range m.Values {
		if val.Spira.ID == id && val.Spira.Name != "" {
			return val.Spira.Name
		}
	}
	return v
}

// propText renders a Spira custom property value by name: list values,
// users.
func (p *planner) propText(cp spiraclient.RemoteArtifactCustomProperty) string {
	if cp.Definition == nil {
		return cpText(cp)
	}
	i := slices.IndexFunc(p.ix.p.CustomProperties, func(m mapping.PropertyMapping) bool {
		return m.Artifact == mapping.ArtifactIncident && m.Property.ID == cp.Definition.CustomPropertyID
	})
	if i < 0 {
		return cpText(cp)
	}
	m := p.ix.p.CustomProperties[i]
	name := func(id int) string {
		for _, v := range m.Values {
			if v.Spira.ID == id && v.Spira.Name != "" {
				return v.Spira.Name
			}
		}
		return strconv.Itoa(id)
	}
	switch {
	case m.Type == mapping.PropUser && cp.IntegerValue != nil:
		return p.ix.userName(*cp.IntegerValue)
	case m.Type == mapping.PropList && cp.IntegerValue != nil:
		return name(*cp.IntegerValue)
	case m.Type == mapping.PropMultiList && len(cp.IntegerListValue) > 0:
		var names []string
		for _, id := range cp.IntegerListValue {
			names = append(names, name(id))
		}
		return strings.Join(names, ", ")
	}
	return cpText(cp)
}
