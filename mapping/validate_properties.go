package mapping

// The checks of the custom property mappings: types that fit, special
// External Keys, list options.

import (
	"fmt"
	"slices"
	"strings"
)

// fits reports whether a Jira field can hold a Spira property type.
func fits(t PropertyType, f *JiraField) bool {
	ct := f.CustomType
	switch t {
	case PropDate:
		return f.Type == "date"
	case PropList:
		return f.Type == "option" || f.Type == "option-with-child"
	case PropMultiList:
		return f.Type == "array" && f.Items == "option"
	case PropText:
		return f.Type == "string"
	case PropInteger, PropDecimal:
		return f.Type == "number"
	case PropUser:
		return f.Type == "user"
	case PropBoolean:
		return f.Type == "array" && f.Items == "option" && strings.HasSuffix(ct, ":multicheckboxes")
	}
	return false
}

var jiraTypeFor = map[PropertyType]string{
	PropDate: "Date Picker", PropList: "Select List (single choice)", PropMultiList: "Select List (multiple choices)",
	PropText: "Text Field", PropInteger: "Number Field", PropDecimal: "Number Field", PropUser: "User Picker (single user)",
	PropBoolean: "Checkboxes",
}

var specialTypes = map[string][]PropertyType{
	KeyResolution: {PropList}, KeySecurityLevel: {PropList}, KeyEnvironment: {PropText}, KeyJiraIssueKey: {PropText},
}

func (v *validator) properties() {
	for _, m := range v.p.CustomProperties {
		key := strings.TrimSpace(m.Jira.ID)
		if key == "" {
			continue
		}
		loc := Location{Section: SectionProperties, Artifact: m.Artifact, Property: m.Property.ID}
		what := fmt.Sprintf("%s property %s", titleCase(string(m.Artifact)), spiraLabel(m.Property))
		if sp := m.Special(); sp != "" {
			if !slices.Contains(specialTypes[sp], m.Type) {
				v.add(RulePropertyType, Error, loc,
					fmt.Sprintf("%s is a %s property mapped to %s, which needs a %s property", what, m.Type, sp, specialTypes[sp][0]),
					fmt.Sprintf("Map %s from a Spira property of type %s, and clear this one's External Key.", sp, strings.ToUpper(string(specialTypes[sp][0]))))
				continue
			}
			if v.j != nil && (sp == KeyResolution || sp == KeySecurityLevel) {
				v.specialValues(m, sp, loc)
			}
			continue
		}
		if v.j == nil {
			continue
		}
		f := v.j.FieldByID(key)
		if f == nil {
			fix := "Enter the ID of a Jira custom field (the Custom Fields tab), e.g. customfield_10050."
			if s, ok := closest(key, SpecialKeys); ok && !strings.HasPrefix(key, "customfield_") {
				fix = fmt.Sprintf("Did you mean the special key %q? ", s) + fix
			}
			v.add(RuleUnknownJiraID, Error, loc,
				fmt.Sprintf("%s maps to Jira field %q, which this Jira site does not have", what, key), fix)
			continue
		}
		if !fits(m.Type, f) {
			v.add(RulePropertyType, Error, loc,
				fmt.Sprintf("%s is %s but Jira field %s (%s) is a %s field: values will be refused or lost", what, m.Type, f.ID, f.Name, fieldTypeName(f)),
				fmt.Sprintf("Map it to a Jira field of type %s, or change the mapping.", jiraTypeFor[m.Type]))
			continue
		}
		if m.Type.IsList() {
			names := itemNames(f.Options)
			for _, val := range m.Values {
				if val.Jira.Name == "" || slices.Contains(names, val.Jira.Name) {
					continue
				}
				fix := fmt.Sprintf("Enter the exact name of one of the options of %s: %s.", f.ID, strings.Join(names, ", "))
				if s, ok := closest(val.Jira.Name, names); ok {
					fix = fmt.Sprintf("Did you mean %q? ", s) + fix
				}
				l := loc
				l.Row = val.Spira.ID
				v.add(RulePropertyOption, Error, l,
					fmt.Sprintf("%s value %s maps to %q, which is not an option of Jira field %s (%s)", what, spiraLabel(val.Spira), val.Jira.Name, f.ID, f.Name), fix)
			}
		}
	}
}

func (v *validator) specialValues(m PropertyMapping, sp string, loc Location) {
	set, what := v.j.Resolutions, "resolution"
	if sp == KeySecurityLevel {
		set, what = v.j.SecurityLevels, "security level"
	}
	for _, val := range m.Values {
		id := strings.TrimSpace(val.Jira.ID)
		if id == "" || findID(set, id) != nil {
			continue
		}
		l := loc
		l.Row = val.Spira.ID
		fix := fmt.Sprintf("Enter the ID of a Jira %s (%s IDs: %s).", what, what, strings.Join(itemIDs(set), ", "))
		if it := findName(set, id); it != nil {
			fix = fmt.Sprintf("%q is a name: enter its ID %s instead.", id, it.ID)
		}
		v.add(RuleSpecialValueID, Error, l,
			fmt.Sprintf("%s value %s maps to %q, which is not the ID of a Jira %s", sp, spiraLabel(val.Spira), id, what), fix)
	}
}

func itemIDs(items []JiraItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}
