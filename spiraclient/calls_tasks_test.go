package spiraclient_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
)

func TestTasks(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, spiraclient.WithPageSize(2))

	sts, err := f.c.TaskStatuses(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, "Not Started", sts[0].Name)
	f.lastPath(t, "GET", "project-templates/1/tasks/statuses")
	types, err := f.c.TaskTypes(ctx, 1)
	require.NoError(t, err)
	require.True(t, types[0].IsDefault)
	f.lastPath(t, "GET", "project-templates/1/tasks/types")
	prs, err := f.c.TaskPriorities(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 1, prs[0].PriorityID)
	f.lastPath(t, "GET", "project-templates/1/tasks/priorities")

	var ids []int
	for i := range 5 {
		tk, err := f.c.CreateTask(ctx, 1, spiraclient.RemoteTask{Name: fmt.Sprintf("Task %d", i), TaskPriorityID: 1 + i%4})
		require.NoError(t, err)
		r := f.lastPath(t, "POST", "projects/1/tasks")
		require.Empty(t, r.URL.RawQuery, "a create sends no paging parameters")
		ids = append(ids, tk.TaskID)
	}

	// tasks/new pages with start_row and number_of_rows (F5).
	got, err := spiraclient.Collect(f.c.NewTasks(ctx, 1, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	require.Len(t, got, 5)
	r := f.lastPath(t, "GET", "projects/1/tasks/new")
	require.NotEmpty(t, r.URL.Query().Get("start_row"))
	require.Equal(t, "2", r.URL.Query().Get("number_of_rows"))
	require.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$`, r.URL.Query().Get("creation_date"))

	// The filtered list pages with starting_row and number_of_rows (F5).
	one := 1
	found, err := spiraclient.Collect(f.c.SearchTasks(ctx, 1, []spiraclient.RemoteFilter{{PropertyName: "TaskPriorityId", IntValue: &one}}))
	require.NoError(t, err)
	require.Len(t, found, 2)
	r = f.lastPath(t, "POST", "projects/1/tasks")
	require.NotEmpty(t, r.URL.Query().Get("starting_row"))
	require.Equal(t, "2", r.URL.Query().Get("number_of_rows"))

	tk, err := f.c.Task(ctx, 1, ids[0])
	require.NoError(t, err)
	require.Equal(t, "Not Started", tk.TaskStatusName)
	tk.TaskStatusID = 2
	require.NoError(t, f.c.UpdateTask(ctx, 1, *tk))
	f.lastPath(t, "PUT", "projects/1/tasks")
	require.ErrorIs(t, f.c.UpdateTask(ctx, 1, *tk), spiraclient.ErrConflict)
	tk, err = f.c.Task(ctx, 1, ids[0])
	require.NoError(t, err)
	require.Equal(t, "In Progress", tk.TaskStatusName)

	cm, err := f.c.AddTaskComment(ctx, 1, ids[0], spiraclient.RemoteComment{Text: "note"})
	require.NoError(t, err)
	require.Equal(t, ids[0], cm.ArtifactID)
	cs, err := f.c.TaskComments(ctx, 1, ids[0])
	require.NoError(t, err)
	require.Len(t, cs, 1)

	_, err = f.c.Task(ctx, 1, 999)
	require.ErrorIs(t, err, spiraclient.ErrNotFound)
}
