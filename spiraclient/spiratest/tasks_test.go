package spiratest

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTaskRoutes(t *testing.T) {
	_, srv, a := adminServer(t)

	code, body := do(t, srv, a, "GET", "project-templates/1/tasks/statuses", nil)
	require.Equal(t, 200, code)
	require.Contains(t, string(body), `"TaskStatusId":1,"Name":"Not Started"`)
	code, body = do(t, srv, a, "GET", "project-templates/1/tasks/types", nil)
	require.Equal(t, 200, code)
	require.Contains(t, string(body), `"TaskTypeId":1,"Name":"Development"`)
	code, body = do(t, srv, a, "GET", "project-templates/1/tasks/priorities", nil)
	require.Equal(t, 200, code)
	require.Contains(t, string(body), `"PriorityId":1`)

	// Create: Spira's defaults for status, type and creator, seen on a
	// read (the create answers the request echoed, F7).
	code, body = do(t, srv, a, "POST", "projects/1/tasks", map[string]any{"Name": "Index the archive", "TaskPriorityId": 2})
	require.Equal(t, 200, code, string(body))
	var created map[string]any
	require.NoError(t, json.Unmarshal(body, &created))
	id := int(created["TaskId"].(float64))
	require.Nil(t, created["TaskStatusId"], "not filled in by the echo")
	code, body = do(t, srv, a, "GET", "projects/1/tasks/"+itoa(id), nil)
	require.Equal(t, 200, code)
	created = nil
	require.NoError(t, json.Unmarshal(body, &created))
	require.EqualValues(t, TaskStatusNotStarted, created["TaskStatusId"])
	require.EqualValues(t, TaskTypeDevelopment, created["TaskTypeId"])
	require.Equal(t, "Not Started", created["TaskStatusName"])
	require.EqualValues(t, 6, created["ArtifactTypeId"])

	// Unknown lookups are a ValidationFault.
	code, _ = do(t, srv, a, "POST", "projects/1/tasks", map[string]any{"Name": "x", "TaskStatusId": 99})
	require.Equal(t, 400, code)

	// tasks/new: start_row and number_of_rows, and the exact date (F5, F6).
	code, ids := searchIDs(t, srv, a, "projects/1/tasks/new?start_row=1&number_of_rows=10&creation_date=2000-01-01T00:00:00.000", "TaskId", nil)
	require.Equal(t, 200, code)
	require.Equal(t, []int{id}, ids)
	for _, bad := range []string{
		"projects/1/tasks/new?start_row=1&creation_date=2000-01-01T00:00:00.000",
		"projects/1/tasks/new?start_row=1&number_rows=10&creation_date=2000-01-01T00:00:00.000",
		"projects/1/tasks/new?start_row=1&number_of_rows=10",
		"projects/1/tasks/new?start_row=1&number_of_rows=10&creation_date=2000-01-01T00:00:00Z",
	} {
		code, _ := do(t, srv, a, "GET", bad, nil)
		require.Equal(t, http.StatusNotAcceptable, code, bad)
	}

	// The filtered list: starting_row and number_of_rows (F5).
	code, ids = searchIDs(t, srv, a, "projects/1/tasks?starting_row=1&number_of_rows=10&sort_field=TaskId&sort_direction=ASC", "TaskId",
		[]map[string]any{{"PropertyName": "TaskStatusId", "IntValue": 1}})
	require.Equal(t, 200, code)
	require.Equal(t, []int{id}, ids)
	code, ids = searchIDs(t, srv, a, "projects/1/tasks?starting_row=1&number_of_rows=10", "TaskId",
		[]map[string]any{{"PropertyName": "TaskStatusId", "IntValue": 2}})
	require.Equal(t, 200, code)
	require.Empty(t, ids)
	for _, bad := range []string{"projects/1/tasks?starting_row=1", "projects/1/tasks?start_row=1&number_rows=10", "projects/1/tasks?number_of_rows=10"} {
		code, _ := do(t, srv, a, "POST", bad, []any{})
		require.Equal(t, http.StatusNotAcceptable, code, bad)
	}

	// Update with the ConcurrencyDate read; a stale one is 409.
	created["TaskStatusId"] = TaskStatusInProgress
	code, body = do(t, srv, a, "PUT", "projects/1/tasks", created)
	require.Equal(t, 200, code, string(body))
	code, _ = do(t, srv, a, "PUT", "projects/1/tasks", created)
	require.Equal(t, http.StatusConflict, code)
	code, body = do(t, srv, a, "GET", "projects/1/tasks/"+itoa(id), nil)
	require.Equal(t, 200, code)
	require.Contains(t, string(body), `"TaskStatusName":"In Progress"`)
	code, _ = do(t, srv, a, "GET", "projects/1/tasks/999", nil)
	require.Equal(t, 404, code)

	// Comments, one per call.
	code, body = do(t, srv, a, "POST", "projects/1/tasks/"+itoa(id)+"/comments", map[string]any{"Text": "checked"})
	require.Equal(t, 200, code, string(body))
	code, body = do(t, srv, a, "GET", "projects/1/tasks/"+itoa(id)+"/comments", nil)
	require.Equal(t, 200, code)
	require.Contains(t, string(body), `"Text":"checked"`)
	code, _ = do(t, srv, a, "GET", "projects/1/tasks/999/comments", nil)
	require.Equal(t, 404, code)
}

// F8: with Status Bulk Edit off, a create gets the default status and an
// update keeps the old one, both answering 200.
func TestTaskStatusBulkEditOff(t *testing.T) {
	s, srv := newServer(t)
	require.True(t, s.SetStatusBulkEdit(TemplateID, false))
	code, body := do(t, srv, s.Admin(), "POST", "projects/1/tasks", map[string]any{"Name": "Dropped status", "TaskStatusId": TaskStatusCompleted})
	require.Equal(t, 200, code)
	var got map[string]any
	require.NoError(t, json.Unmarshal(body, &got))
	id := itoa(int(got["TaskId"].(float64)))
	_, body = do(t, srv, s.Admin(), "GET", "projects/1/tasks/"+id, nil)
	require.NoError(t, json.Unmarshal(body, &got))
	require.EqualValues(t, TaskStatusNotStarted, got["TaskStatusId"])
	got["TaskStatusId"] = TaskStatusInProgress
	code, _ = do(t, srv, s.Admin(), "PUT", "projects/1/tasks", got)
	require.Equal(t, 200, code)
	_, body = do(t, srv, s.Admin(), "GET", "projects/1/tasks/"+id, nil)
	require.NoError(t, json.Unmarshal(body, &got))
	require.EqualValues(t, TaskStatusNotStarted, got["TaskStatusId"])
}
