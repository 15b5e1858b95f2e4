package jiraclient

import "strings"

// SpiraType is a Spira custom property type, named as Spira names it; its
// value is Spira's CustomPropertyTypeId.
type SpiraType int

// Spira custom property types (CustomPropertyTypeId).
const (
	SpiraNone      SpiraType = 0
	SpiraText      SpiraType = 1
	SpiraInteger   SpiraType = 2
	SpiraDecimal   SpiraType = 3
	SpiraBoolean   SpiraType = 4
	SpiraDate      SpiraType = 5
	SpiraList      SpiraType = 6
	SpiraMultiList SpiraType = 7
	SpiraUser      SpiraType = 8
)

var spiraTypeNames = [...]string{"", "Text", "Integer", "Decimal", "Boolean", "Date", "List", "MultiList", "User"}

// String returns Spira's name for the type, or "" for SpiraNone.
func (t SpiraType) String() string {
	if t < 0 || int(t) >= len(spiraTypeNames) {
		return ""
	}
	return spiraTypeNames[t]
}

const cfPrefix = "com.atlassian.jira.plugin.system.customfieldtypes:"

// SpiraTypeFor says which Spira custom property type can hold the values of
// a Jira field with this schema, or SpiraNone when none fits (for example a
// cascading select, a group or a project field).
func SpiraTypeFor(s *FieldSchema) SpiraType {
	if s == nil {
		return SpiraNone
	}
	custom := strings.TrimPrefix(s.Custom, cfPrefix)
	switch custom {
	case "float":
		return SpiraDecimal
	case "datepicker", "datetime":
		return SpiraDate
	case "select", "radiobuttons":
		return SpiraList
	case "multiselect", "multicheckboxes":
		return SpiraMultiList
	case "userpicker":
		return SpiraUser
	case "textfield", "textarea", "url", "readonlyfield":
		return SpiraText
	case "cascadingselect", "grouppicker", "multigrouppicker", "project", "version", "multiversion", "multiuserpicker":
		return SpiraNone
	}
	switch s.Type {
	case "string":
		return SpiraText
	case "number":
		if s.System == "timeoriginalestimate" || s.System == "timeestimate" || s.System == "timespent" {
			return SpiraInteger
		}
		return SpiraDecimal
	case "integer":
		return SpiraInteger
	case "boolean":
		return SpiraBoolean
	case "date", "datetime":
		return SpiraDate
	case "option":
		return SpiraList
	case "user":
		return SpiraUser
	case "array":
		if s.Items == "option" {
			return SpiraMultiList
		}
		if s.Items == "string" {
			return SpiraText
		}
	}
	return SpiraNone
}

// SpiraTypesFor lists every Spira custom property type that can hold the
// field's values, the best first: a number also fits Integer, a checkbox
// group also fits Boolean (a single "yes" box is Jira's usual flag), and most
// values fit Text.
func SpiraTypesFor(s *FieldSchema) []SpiraType {
	best := SpiraTypeFor(s)
	if best == SpiraNone {
		return nil
	}
	out := []SpiraType{best}
	switch {
	case best == SpiraDecimal:
		out = append(out, SpiraInteger)
	case strings.HasSuffix(s.Custom, "multicheckboxes"):
		out = append(out, SpiraBoolean)
	case best == SpiraList:
		out = append(out, SpiraText)
	}
	return out
}
