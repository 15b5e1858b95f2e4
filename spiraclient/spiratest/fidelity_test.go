package spiratest

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// A release's StartDate and EndDate are non-nullable: left out they arrive
// as 0001-01-01, which Spira cannot store.
func TestReleaseWithDefaultDatesIsRefused(t *testing.T) {
	_, srv, a := adminServer(t)
	rel := map[string]any{"Name": "Zero dates", "VersionNumber": "9.9", "ReleaseStatusId": 1, "ReleaseTypeId": 1,
		"StartDate": "0001-01-01T00:00:00.000Z", "EndDate": "0001-01-01T00:00:00.000Z"}
	code, body := do(t, srv, a, "POST", "projects/1/releases", rel)
	require.Equal(t, 400, code, string(body))
	require.Contains(t, string(body), "StartDate")

	rel["StartDate"], rel["EndDate"] = "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"
	code, body = do(t, srv, a, "POST", "projects/1/releases", rel)
	require.Equal(t, 200, code, string(body))
}

// Requirements and releases are searched by one handler, but Spira names
// their paging parameters differently; each pages in hierarchy order by its own.
func TestTreeSearchPagesByEachArtifactsOwnParameterNames(t *testing.T) {
	_, srv, a := adminServer(t)
	type row struct{ IndentLevel string }
	for _, path := range []string{
		"projects/1/requirements/search?starting_row=%d&number_of_rows=%d",
		"projects/1/releases/search?start_row=%d&number_rows=%d",
	} {
		code, body := do(t, srv, a, "POST", fmt.Sprintf(path, 1, 500), []map[string]any{})
		require.Equal(t, 200, code, string(body))
		var all []row
		require.NoError(t, json.Unmarshal(body, &all))
		require.Greater(t, len(all), 2, path)
		for i := 1; i < len(all); i++ {
			require.Less(t, all[i-1].IndentLevel, all[i].IndentLevel, path)
		}
		code, body = do(t, srv, a, "POST", fmt.Sprintf(path, 2, 1), []map[string]any{})
		require.Equal(t, 200, code, string(body))
		var second []row
		require.NoError(t, json.Unmarshal(body, &second))
		require.Equal(t, all[1:2], second, path)
	}
}

// An incident or requirement naming a user who does not exist is refused
// with a message on that field; an existing user is accepted.
func TestArtifactNamingAnUnknownUserIsRefused(t *testing.T) {
	_, srv, a := adminServer(t)
	for _, tc := range []struct{ path, field string }{
		{"projects/1/incidents", "OpenerId"},
		{"projects/1/incidents", "OwnerId"},
		{"projects/1/requirements", "AuthorId"},
		{"projects/1/requirements", "OwnerId"},
	} {
		code, body := do(t, srv, a, "POST", tc.path, map[string]any{"Name": "Who", tc.field: 999})
		require.Equal(t, 400, code, "%s %s: %s", tc.path, tc.field, body)
		require.Contains(t, string(body), tc.field)
		require.Contains(t, string(body), "The user 999 does not exist.")

		code, body = do(t, srv, a, "POST", tc.path, map[string]any{"Name": "Who", tc.field: a.UserID})
		require.Equal(t, 200, code, "%s %s: %s", tc.path, tc.field, body)
	}
}

// Each template lookup list is the one its path names, read from the
// template in the path: an unknown template is a 404.
func TestTemplateListsAnswerThePathsTemplate(t *testing.T) {
	_, srv, a := adminServer(t)
	for path, idField := range map[string]string{
		"incidents/types":       "IncidentTypeId",
		"incidents/statuses":    "IncidentStatusId",
		"requirements/statuses": "RequirementStatusId",
		"requirements/types":    "RequirementTypeId",
	} {
		code, body := do(t, srv, a, "GET", "project-templates/1/"+path, nil)
		require.Equal(t, 200, code, "%s: %s", path, body)
		var got []map[string]any
		require.NoError(t, json.Unmarshal(body, &got), path)
		require.NotEmpty(t, got, path)
		for _, x := range got {
			require.Contains(t, x, idField, path)
		}
		code, body = do(t, srv, a, "GET", "project-templates/999/"+path, nil)
		require.Equal(t, 404, code, "%s: %s", path, body)
		require.Contains(t, string(body), "The project template 999 does not exist.", path)
	}
}

// The workflow field and custom property states are those of the status
// asked for, and an empty list (not null) where the workflow sets none.
func TestWorkflowStatesAnswerTheStatusAskedFor(t *testing.T) {
	_, srv, a := adminServer(t)
	for path, status := range map[string]int{"fields": 2, "custom-properties": 5} {
		base := "project-templates/1/incidents/types/2/workflow/" + path + "?status_id="
		code, body := do(t, srv, a, "GET", fmt.Sprintf("%s%d", base, status), nil)
		require.Equal(t, 200, code, "%s: %s", path, body)
		var got []map[string]any
		require.NoError(t, json.Unmarshal(body, &got), path)
		require.NotEmpty(t, got, path)

		code, body = do(t, srv, a, "GET", base+"999", nil)
		require.Equal(t, 200, code, "%s: %s", path, body)
		require.JSONEq(t, "[]", string(body), path)
	}
}
