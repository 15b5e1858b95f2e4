package datasync

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Custom property values: Spira's read into Jira fields and Jira's back.

func (p *planner) propMapping(a mapping.Artifact, cp spiraclient.RemoteArtifactCustomProperty) *mapping.PropertyMapping {
	if cp.Definition == nil {
		return nil
	}
	m := p.ix.p.Property(a, cp.Definition.CustomPropertyID)
	if m == nil || m.Jira.ID == "" {
		return nil
	}
	return m
}

// valueKey is the Jira side of a list value of a custom property.
func valueKey(m *mapping.PropertyMapping, valueID int) string {
	for _, v := range m.Values {
		if v.Spira.ID == valueID {
			return v.ExternalKey(m.ValuesKeyedByName())
		}
	}
	return ""
}

func customValue(m *mapping.PropertyMapping, cp spiraclient.RemoteArtifactCustomProperty, ix *index) (any, bool) {
	switch m.Type {
	case mapping.PropList:
		if cp.IntegerValue != nil {
			if name := valueKey(m, *cp.IntegerValue); name != "" {
				return map[string]any{"value": name}, true
			}
		}
	case mapping.PropMultiList:
		var out []map[string]any
		for _, id := range cp.IntegerListValue {
			if name := valueKey(m, id); name != "" {
				out = append(out, map[string]any{"value": name})
			}
		}
		if len(out) > 0 {
			return out, true
		}
	case mapping.PropText:
		if cp.StringValue != nil && *cp.StringValue != "" {
			return *cp.StringValue, true
		}
	case mapping.PropInteger:
		if cp.IntegerValue != nil {
			return *cp.IntegerValue, true
		}
	case mapping.PropDecimal:
		if cp.DecimalValue != nil {
			return *cp.DecimalValue, true
		}
	case mapping.PropDate:
		if cp.DateTimeValue != nil {
			return cp.DateTimeValue.UTC().Format(jiraclient.DateLayout), true
		}
	case mapping.PropUser:
		if cp.IntegerValue != nil {
			if acc := ix.jiraUser(*cp.IntegerValue); acc != "" {
				return map[string]any{"accountId": acc}, true
			}
		}
	case mapping.PropBoolean:
		if cp.BooleanValue != nil {
			return strconv.FormatBool(*cp.BooleanValue), true
		}
	}
	return nil, false
}

func setListProperty(inc *spiraclient.RemoteIncident, m *mapping.PropertyMapping, valueID int, defs []spiraclient.RemoteCustomProperty) {
	if m == nil {
		return
	}
	for i := range inc.CustomProperties {
		if d := inc.CustomProperties[i].Definition; d != nil && d.CustomPropertyID == m.Property.ID {
			if valueID == 0 {
				inc.CustomProperties[i].IntegerValue = nil
			} else {
				inc.CustomProperties[i].IntegerValue = &valueID
			}
			return
		}
	}
	if valueID == 0 {
		return
	}
	for _, d := range defs {
		if d.CustomPropertyID == m.Property.ID {
			inc.CustomProperties = append(inc.CustomProperties, spiraclient.RemoteArtifactCustomProperty{PropertyNumber: d.PropertyNumber,
				IntegerValue: &valueID, Definition: &spiraclient.RemoteCustomProperty{CustomPropertyID: d.CustomPropertyID,
					ProjectTemplateID: d.ProjectTemplateID, ArtifactTypeID: d.ArtifactTypeID}})
		}
	}
}

// propertiesFromIssue reads the Jira custom fields mapped to incident
// custom properties into property values, as the plug-in does for a new
// incident.
func (p *planner) propertiesFromIssue(is jiraclient.Issue) []spiraclient.RemoteArtifactCustomProperty {
	var out []spiraclient.RemoteArtifactCustomProperty
	for _, m := range p.ix.p.CustomProperties {
		if m.Artifact != mapping.ArtifactIncident || m.Jira.ID == "" || m.Special() != "" {
			continue
		}
		var def *spiraclient.RemoteCustomProperty
		for i := range p.s.IncidentProperties {
			if p.s.IncidentProperties[i].CustomPropertyID == m.Property.ID {
				def = &p.s.IncidentProperties[i]
			}
		}
		if def == nil {
			continue
		}
		cp := spiraclient.RemoteArtifactCustomProperty{PropertyNumber: def.PropertyNumber,
			Definition: &spiraclient.RemoteCustomProperty{CustomPropertyID: def.CustomPropertyID, ProjectTemplateID: def.ProjectTemplateID,
				ArtifactTypeID: def.ArtifactTypeID, Name: def.Name}}
		if fromJira(&cp, m, is, customField(m.Jira.ID), p.ix) {
			out = append(out, cp)
		}
	}
	return out
}

// fromJira sets cp from the Jira field's value; false when it is empty or
// has no mapped Spira value.
func fromJira(cp *spiraclient.RemoteArtifactCustomProperty, m mapping.PropertyMapping, is jiraclient.Issue, field string, ix *index) bool {
	back := func(name string) int {
		for _, v := range m.Values {
			if v.Jira.Name != "" && strings.EqualFold(v.Jira.Name, name) || v.Jira.ID != "" && v.Jira.ID == name {
				return v.Spira.ID
			}
		}
		return 0
	}
	switch m.Type {
	case mapping.PropList:
		var o struct{ Value, ID string }
		if ok, _ := is.Field(field, &o); ok {
			if id := back(o.Value); id != 0 {
				cp.IntegerValue = &id
				return true
			}
		}
	case mapping.PropMultiList:
		var os []struct{ Value string }
		if ok, _ := is.Field(field, &os); ok {
			for _, o := range os {
				if id := back(o.Value); id != 0 {
					cp.IntegerListValue = append(cp.IntegerListValue, id)
				}
			}
			return len(cp.IntegerListValue) > 0
		}
	case mapping.PropText:
		var s string
		if ok, err := is.Field(field, &s); ok && err == nil && s != "" {
			cp.StringValue = &s
			return true
		}
		if raw := is.Fields[field]; len(raw) > 0 && raw[0] == '{' {
			if h := htmlOf(raw); h != "" {
				cp.StringValue = &h
				return true
			}
		}
	case mapping.PropInteger:
		var n float64
		if ok, err := is.Field(field, &n); ok && err == nil {
			i := int(n)
			cp.IntegerValue = &i
			return true
		}
	case mapping.PropDecimal:
		var n float64
		if ok, err := is.Field(field, &n); ok && err == nil {
			cp.DecimalValue = &n
			return true
		}
	case mapping.PropDate:
		var s string
		if ok, _ := is.Field(field, &s); ok {
			if t, err := time.Parse(jiraclient.DateLayout, s); err == nil {
				cp.DateTimeValue = spiraclient.TimePtr(t)
				return true
			}
		}
	case mapping.PropUser:
		var u jiraclient.User
		if ok, _ := is.Field(field, &u); ok {
			if id := ix.spiraUser(&u); id != 0 {
				cp.IntegerValue = &id
				return true
			}
		}
	}
	return false
}

func cpText(cp spiraclient.RemoteArtifactCustomProperty) string {
	switch {
	case cp.StringValue != nil:
		return short(plainHTML(*cp.StringValue))
	case cp.IntegerValue != nil:
		return strconv.Itoa(*cp.IntegerValue)
	case cp.DecimalValue != nil:
		return strconv.FormatFloat(*cp.DecimalValue, 'f', -1, 64)
	case cp.DateTimeValue != nil:
		return cp.DateTimeValue.UTC().Format(jiraclient.DateLayout)
	case len(cp.IntegerListValue) > 0:
		return idList(cp.IntegerListValue)
	}
	return ""
}

// issueKeyProperty is the custom property mapped to JiraIssueKey, ready to
// hold a key, or nil when none is mapped.
func (p *planner) issueKeyProperty(key string) *spiraclient.RemoteArtifactCustomProperty {
	m := p.ix.p.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyJiraIssueKey)
	if m == nil {
		return nil
	}
	for _, d := range p.s.IncidentProperties {
		if d.CustomPropertyID == m.Property.ID {
			k := key
			return &spiraclient.RemoteArtifactCustomProperty{PropertyNumber: d.PropertyNumber, StringValue: &k,
				Definition: &spiraclient.RemoteCustomProperty{CustomPropertyID: d.CustomPropertyID, ProjectTemplateID: d.ProjectTemplateID, ArtifactTypeID: d.ArtifactTypeID}}
		}
	}
	return nil
}

// withProperty returns cps with cp set (replacing the same property).
func withProperty(cps []spiraclient.RemoteArtifactCustomProperty, cp spiraclient.RemoteArtifactCustomProperty) []spiraclient.RemoteArtifactCustomProperty {
	out := slices.Clone(cps)
	for i := range out {
		if out[i].PropertyNumber == cp.PropertyNumber {
			out[i] = cp
			return out
		}
	}
	return append(out, cp)
}
