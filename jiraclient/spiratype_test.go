package jiraclient_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
)

func TestSpiraTypeFor(t *testing.T) {
	const cf = "com.atlassian.jira.plugin.system.customfieldtypes:"
	for _, tc := range []struct {
		name   string
		schema *jiraclient.FieldSchema
		want   jiraclient.SpiraType
		also   []jiraclient.SpiraType
	}{
		{"datepicker", &jiraclient.FieldSchema{Type: "date", Custom: cf + "datepicker"}, jiraclient.SpiraDate, nil},
		{"datetime", &jiraclient.FieldSchema{Type: "datetime", Custom: cf + "datetime"}, jiraclient.SpiraDate, nil},
		{"select", &jiraclient.FieldSchema{Type: "option", Custom: cf + "select"}, jiraclient.SpiraList, []jiraclient.SpiraType{jiraclient.SpiraText}},
		{"radio", &jiraclient.FieldSchema{Type: "option", Custom: cf + "radiobuttons"}, jiraclient.SpiraList, nil},
		{"multiselect", &jiraclient.FieldSchema{Type: "array", Items: "option", Custom: cf + "multiselect"}, jiraclient.SpiraMultiList, nil},
		{"checkboxes", &jiraclient.FieldSchema{Type: "array", Items: "option", Custom: cf + "multicheckboxes"}, jiraclient.SpiraMultiList, []jiraclient.SpiraType{jiraclient.SpiraBoolean}},
		{"textfield", &jiraclient.FieldSchema{Type: "string", Custom: cf + "textfield"}, jiraclient.SpiraText, nil},
		{"textarea", &jiraclient.FieldSchema{Type: "string", Custom: cf + "textarea"}, jiraclient.SpiraText, nil},
		{"url", &jiraclient.FieldSchema{Type: "string", Custom: cf + "url"}, jiraclient.SpiraText, nil},
		{"float", &jiraclient.FieldSchema{Type: "number", Custom: cf + "float"}, jiraclient.SpiraDecimal, []jiraclient.SpiraType{jiraclient.SpiraInteger}},
		{"story points (app)", &jiraclient.FieldSchema{Type: "number", Custom: "com.pyxis.greenhopper.jira:jsw-story-points"}, jiraclient.SpiraDecimal, nil},
		{"time estimate", &jiraclient.FieldSchema{Type: "number", System: "timeoriginalestimate"}, jiraclient.SpiraInteger, nil},
		{"userpicker", &jiraclient.FieldSchema{Type: "user", Custom: cf + "userpicker"}, jiraclient.SpiraUser, nil},
		{"assignee", &jiraclient.FieldSchema{Type: "user", System: "assignee"}, jiraclient.SpiraUser, nil},
		{"boolean", &jiraclient.FieldSchema{Type: "boolean"}, jiraclient.SpiraBoolean, nil},
		{"labels", &jiraclient.FieldSchema{Type: "array", Items: "string", System: "labels"}, jiraclient.SpiraText, nil},
		{"cascading", &jiraclient.FieldSchema{Type: "option-with-child", Custom: cf + "cascadingselect"}, jiraclient.SpiraNone, nil},
		{"group", &jiraclient.FieldSchema{Type: "group", Custom: cf + "grouppicker"}, jiraclient.SpiraNone, nil},
		{"multiuser", &jiraclient.FieldSchema{Type: "array", Items: "user", Custom: cf + "multiuserpicker"}, jiraclient.SpiraNone, nil},
		{"components", &jiraclient.FieldSchema{Type: "array", Items: "component", System: "components"}, jiraclient.SpiraNone, nil},
		{"nil", nil, jiraclient.SpiraNone, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := jiraclient.SpiraTypeFor(tc.schema)
			require.Equal(t, tc.want, got)
			all := jiraclient.SpiraTypesFor(tc.schema)
			if tc.want == jiraclient.SpiraNone {
				require.Empty(t, all)
				return
			}
			require.Equal(t, tc.want, all[0])
			for _, a := range tc.also {
				require.Contains(t, all, a)
			}
		})
	}
	require.Equal(t, "MultiList", jiraclient.SpiraMultiList.String())
	require.Equal(t, "", jiraclient.SpiraNone.String())
	require.True(t, jiraclient.IsOptionField(&jiraclient.FieldSchema{Type: "array", Items: "option"}))
	require.False(t, jiraclient.IsOptionField(&jiraclient.FieldSchema{Type: "array", Items: "string"}))
}
