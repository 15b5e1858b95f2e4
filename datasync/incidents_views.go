package datasync

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// An issue and an incident seen in the same Spira terms, and their display.

// jiraView is a Jira issue seen in Spira's terms: field -> Spira value.
// Fields whose Jira value has no mapping are absent: they are not synced.
func (p *planner) jiraView(is jiraclient.Issue) map[string]string {
	ix := p.ix
	v := map[string]string{"name": is.Summary(), "description": plainADF(is.Description())}
	if t := is.IssueType(); t != nil {
		if id := ix.back(mapping.IncidentType, t.ID); id != 0 {
			v["type"] = strconv.Itoa(id)
		}
	}
	if st := is.Status(); st != nil {
		if id := ix.back(mapping.IncidentStatus, st.ID); id != 0 {
			v["status"] = strconv.Itoa(id)
		}
	}
	if pr := is.Priority(); pr != nil {
		if id := ix.back(mapping.IncidentPriority, pr.ID); id != 0 {
			v["priority"] = strconv.Itoa(id)
		}
	}
	if f := customField(ix.set.SeverityField); f != "" {
		if name := severityOption(is, f); name != "" {
			if id := ix.back(mapping.IncidentSeverity, name); id != 0 {
				v["severity"] = strconv.Itoa(id)
			}
		} else {
			v["severity"] = ""
		}
	}
	if a := is.Assignee(); a == nil {
		v["owner"] = ""
	} else if id := ix.spiraUser(a); id != 0 {
		v["owner"] = strconv.Itoa(id)
	}
	var comps []int
	for _, c := range is.Components() {
		if id := ix.back(mapping.IncidentComponent, c.ID); id != 0 {
			comps = append(comps, id)
		}
	}
	v["components"] = idList(comps)
	v["detected"], v["resolved"] = "", ""
	if vs := is.AffectsVersions(); len(vs) > 0 {
		v["detected"] = p.releaseFor(vs[len(vs)-1])
	}
	if vs := is.FixVersions(); len(vs) > 0 {
		v["resolved"] = p.releaseFor(vs[len(vs)-1])
	}
	if m := ix.p.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyResolution); m != nil {
		v["resolution"] = ""
		if r := is.Resolution(); r != nil {
			for _, val := range m.Values {
				if val.Jira.ID == r.ID {
					v["resolution"] = strconv.Itoa(val.Spira.ID)
				}
			}
		}
	}
	p.addJiraProps(v, is)
	p.addExtraJira(v, "incident", is)
	return v
}

// spiraView is an incident in the same terms as jiraView.
func (p *planner) spiraView(inc spiraclient.RemoteIncident) map[string]string {
	v := valueView(inc)
	v["name"], v["description"], v["components"] = inc.Name, plainHTML(inc.Description), idList(inc.ComponentIDs)
	v["detected"], v["resolved"] = itoa(inc.DetectedReleaseID), itoa(inc.ResolvedReleaseID)
	if m := p.ix.p.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyResolution); m != nil {
		v["resolution"] = ""
		for _, cp := range inc.CustomProperties {
			if cp.Definition != nil && cp.Definition.CustomPropertyID == m.Property.ID && cp.IntegerValue != nil {
				v["resolution"] = strconv.Itoa(*cp.IntegerValue)
			}
		}
	}
	p.addSpiraProps(v, inc)
	p.addExtraSpira(v, "incident", incidentSide(&inc), nil)
	return v
}

// valueView is the part of spiraView whose Jira value may have no Spira
// value in the mapping: jiraView then leaves the field out.
func valueView(inc spiraclient.RemoteIncident) map[string]string {
	return map[string]string{"type": itoa(inc.IncidentTypeID), "status": itoa(inc.IncidentStatusID), "priority": itoa(inc.PriorityID),
		"severity": itoa(inc.SeverityID), "owner": itoa(inc.OwnerID)}
}

// fieldKinds maps the compared incident fields to their mapping kinds.
var fieldKinds = map[string]mapping.FieldKind{"type": mapping.IncidentType, "status": mapping.IncidentStatus,
	"priority": mapping.IncidentPriority, "severity": mapping.IncidentSeverity}

// valueName is the name of a Spira value of field k as the mapping knows
// it, else the ID.
func (p *planner) valueName(k mapping.FieldKind, id int) string {
	if f := p.ix.p.Field(k); f != nil {
		for _, v := range f.Values {
			if v.Spira.ID == id && v.Spira.Name != "" {
				return v.Spira.Name
			}
		}
	}
	return itoa(id)
}

// display renders a Spira-side value for people.
func (p *planner) display(field, v string) string {
	if _, ok := placeholderOf(field, v); ok {
		return "(new release)"
	}
	if strings.HasPrefix(field, cpPrefix) {
		return p.displayProp(field, v)
	}
	if isExtra(field) {
		return p.extraDisplay(field, v)
	}
	if k, ok := fieldKinds[field]; ok && v != "" {
		return p.valueName(k, atoi(v))
	}
	switch field {
	case "owner":
		return p.ix.userName(atoi(v))
	case "detected", "resolved":
		if v == "" {
			return ""
		}
		return p.releaseName(atoi(v))
	case "description":
		return short(v)
	case "components":
		return p.spiraComponents(v)
	case "resolution":
		return p.spiraResolution(v)
	}
	return v
}

// jiraValueName is the name of an issue's value of a compared field, for
// the plan's before column when the mapping has no Spira value for it.
func jiraValueName(is jiraclient.Issue, f, custom01 string) string {
	switch f {
	case "type":
		if t := is.IssueType(); t != nil {
			return t.Name
		}
	case "status":
		if st := is.Status(); st != nil {
			return st.Name
		}
	case "priority":
		if pr := is.Priority(); pr != nil {
			return pr.Name
		}
	case "severity":
		return severityOption(is, customField(custom01))
	case "owner":
		if a := is.Assignee(); a != nil {
			return cmp.Or(a.DisplayName, a.AccountID)
		}
	}
	return ""
}
