package datasync

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Incident custom properties mapped to Jira custom fields are compared like
// the standard fields, under the key "cp:<custom property ID>", with a
// canonical string value: list value ID, sorted value IDs, plain text,
// number, date (yyyy-mm-dd) or Spira user ID. Booleans are left out: Jira
// has no boolean field to read one from.

const cpPrefix = "cp:"

func cpKey(id int) string { return cpPrefix + strconv.Itoa(id) }

// syncedProps lists the incident custom properties synced on updates, with
// their definitions.
func (p *planner) syncedProps() []mapping.PropertyMapping {
	var out []mapping.PropertyMapping
	for _, m := range p.ix.p.CustomProperties {
		if m.Artifact != mapping.ArtifactIncident || m.Jira.ID == "" || m.Special() != "" || m.Type == mapping.PropBoolean {
			continue
		}
		if p.propDef(m.Property.ID) != nil {
			out = append(out, m)
		}
	}
	return out
}

func (p *planner) propDef(id int) *spiraclient.RemoteCustomProperty {
	for i := range p.s.IncidentProperties {
		if p.s.IncidentProperties[i].CustomPropertyID == id {
			return &p.s.IncidentProperties[i]
		}
	}
	return nil
}

func (p *planner) propByKey(key string) *mapping.PropertyMapping {
	id, err := strconv.Atoi(strings.TrimPrefix(key, cpPrefix))
	if err != nil {
		return nil
	}
	for _, m := range p.syncedProps() {
		if m.Property.ID == id {
			return &m
		}
	}
	return nil
}

// cpCanon is the canonical string of a property value, "" when empty.
func cpCanon(m mapping.PropertyMapping, cp spiraclient.RemoteArtifactCustomProperty) string {
	switch m.Type {
	case mapping.PropList, mapping.PropInteger, mapping.PropUser:
		if cp.IntegerValue != nil {
			return strconv.Itoa(*cp.IntegerValue)
		}
	case mapping.PropMultiList:
		ids := slices.Clone(cp.IntegerListValue)
		slices.Sort(ids)
		return idList(slices.Compact(ids))
	case mapping.PropText:
		if cp.StringValue != nil {
			return plainHTML(*cp.StringValue)
		}
	case mapping.PropDecimal:
		if cp.DecimalValue != nil {
			return strconv.FormatFloat(*cp.DecimalValue, 'f', -1, 64)
		}
	case mapping.PropDate:
		if cp.DateTimeValue != nil && !cp.DateTimeValue.IsZero() {
			return cp.DateTimeValue.UTC().Format(jiraclient.DateLayout)
		}
	}
	return ""
}

// addJiraProps adds the synced properties to a Jira view, and returns the
// property values they stand for (what a Jira -> Spira write sets). A Jira
// value with no mapped Spira value is left out: it is not synced.
func (p *planner) addJiraProps(v map[string]string, is jiraclient.Issue) map[string]spiraclient.RemoteArtifactCustomProperty {
	out := map[string]spiraclient.RemoteArtifactCustomProperty{}
	for _, m := range p.syncedProps() {
		def := p.propDef(m.Property.ID)
		field := customField(m.Jira.ID)
		raw := strings.TrimSpace(string(is.Fields[field]))
		if raw == "" || raw == "null" || raw == `""` || raw == "[]" {
			v[cpKey(m.Property.ID)] = ""
			continue
		}
		cp := spiraclient.RemoteArtifactCustomProperty{PropertyNumber: def.PropertyNumber,
			Definition: &spiraclient.RemoteCustomProperty{CustomPropertyID: def.CustomPropertyID, ProjectTemplateID: def.ProjectTemplateID,
				ArtifactTypeID: def.ArtifactTypeID, Name: def.Name}}
		if fromJira(&cp, m, is, field, p.ix) {
			cutToMaxLength(&cp, def)
			v[cpKey(m.Property.ID)] = cpCanon(m, cp)
			out[cpKey(m.Property.ID)] = cp
		}
	}
	return out
}

// addSpiraProps adds the synced properties of an incident to its view.
func (p *planner) addSpiraProps(v map[string]string, inc spiraclient.RemoteIncident) {
	for _, m := range p.syncedProps() {
		v[cpKey(m.Property.ID)] = ""
		for _, cp := range inc.CustomProperties {
			if cp.Definition != nil && cp.Definition.CustomPropertyID == m.Property.ID {
				v[cpKey(m.Property.ID)] = cpCanon(m, cp)
			}
		}
	}
}

// pairFields lists the fields pair compares: the standard ones, then the
// custom properties.
func (p *planner) pairFields(jv map[string]string) []string {
	out := append(slices.Clone(incidentFields), p.extraKeys("incident")...)
	var cps []string
	for k := range jv {
		if strings.HasPrefix(k, cpPrefix) {
			cps = append(cps, k)
		}
	}
	slices.Sort(cps)
	return append(out, cps...)
}

func (p *planner) label(f string) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	if m := p.propByKey(f); m != nil {
		if d := p.propDef(m.Property.ID); d != nil && d.Name != "" {
			return d.Name
		}
		return cmp.Or(m.Property.Name, f)
	}
	return f
}

// displayProp renders a canonical property value for people.
func (p *planner) displayProp(f, v string) string {
	m := p.propByKey(f)
	if m == nil || v == "" {
		return v
	}
	name := func(id int) string {
		for _, val := range m.Values {
			if val.Spira.ID == id && val.Spira.Name != "" {
				return val.Spira.Name
			}
		}
		return strconv.Itoa(id)
	}
	switch m.Type {
	case mapping.PropList:
		return name(atoi(v))
	case mapping.PropMultiList:
		var names []string
		for _, id := range parseIDs(v) {
			names = append(names, name(id))
		}
		return strings.Join(names, ", ")
	case mapping.PropUser:
		return p.ix.userName(atoi(v))
	case mapping.PropText:
		return short(v)
	}
	return v
}

// setProp writes the Jira value of a property (from jiraProps) into an
// incident, or empties it.
func setProp(inc *spiraclient.RemoteIncident, key string, jiraProps map[string]spiraclient.RemoteArtifactCustomProperty, def *spiraclient.RemoteCustomProperty) {
	if cp, ok := jiraProps[key]; ok {
		inc.CustomProperties = withProperty(inc.CustomProperties, cp)
		return
	}
	if def == nil {
		return
	}
	inc.CustomProperties = withProperty(inc.CustomProperties, spiraclient.RemoteArtifactCustomProperty{PropertyNumber: def.PropertyNumber,
		Definition: &spiraclient.RemoteCustomProperty{CustomPropertyID: def.CustomPropertyID, ProjectTemplateID: def.ProjectTemplateID,
			ArtifactTypeID: def.ArtifactTypeID, Name: def.Name}})
}

// jiraCustomValue is the Jira field and value an incident's property sets
// (nil to empty the field); false when the Spira value has no Jira value.
func (p *planner) jiraCustomValue(key string, inc spiraclient.RemoteIncident) (string, any, bool) {
	m := p.propByKey(key)
	if m == nil {
		return "", nil, false
	}
	field := customField(m.Jira.ID)
	for _, cp := range inc.CustomProperties {
		if cp.Definition == nil || cp.Definition.CustomPropertyID != m.Property.ID {
			continue
		}
		if cpCanon(*m, cp) == "" {
			return field, nil, true
		}
		v, ok := customValue(m, cp, p.ix)
		return field, v, ok
	}
	return field, nil, true
}

// cutToMaxLength cuts a text value to its property's MaxLength, as Spira
// does silently on a write: compared cut, a long Jira text is not seen as
// changed in Spira the run after it was written.
func cutToMaxLength(cp *spiraclient.RemoteArtifactCustomProperty, def *spiraclient.RemoteCustomProperty) {
	if cp.StringValue == nil || def == nil {
		return
	}
	for _, o := range def.Options {
		if o.CustomPropertyOptionID != spiraclient.CustomPropertyOptionMaxLength {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(o.Value)); err == nil && n > 0 && utf8.RuneCountInString(*cp.StringValue) > n {
			s := string([]rune(*cp.StringValue)[:n])
			cp.StringValue = &s
		}
	}
}
