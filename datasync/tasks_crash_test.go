package datasync

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
)

// seedTasks adds n tasks with a comment each in Spira and n Jira Tasks
// with a comment each, once the world's seed is synced.
func (w *world) seedTasks(n int) {
	w.t.Helper()
	for i := range n {
		id := w.addTask(fmt.Sprintf("Spira task %02d", i), func(tk *spiraclient.RemoteTask) {
			tk.TaskStatusID = []int{1, 2, 8}[i%3]
			tk.TaskPriorityID = 1 + i%4
		})
		_, err := w.sc.AddTaskComment(ctx, 1, id, spiraclient.RemoteComment{Text: fmt.Sprintf("<p>task note %d</p>", i)})
		require.NoError(w.t, err)
		key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Task", Summary: fmt.Sprintf("Jira task %02d", i),
			Status: []string{"To Do", "In Progress", "Blocked"}[i%3], Priority: []string{"High", "Low"}[i%2]})
		require.NoError(w.t, err)
		w.commentInJira(key, fmt.Sprintf("jira task note %d", i))
	}
	w.writes.Store(0)
}

// taskPicture is picture with the tasks: each with its values, the
// summary of its issue and its comments.
func (w *world) taskPicture() []string {
	w.t.Helper()
	out := w.picture()
	summaries := map[string]string{}
	for _, k := range w.jira.IssueKeys() {
		summaries[k] = w.issue(k).Summary
	}
	keys := w.taskKeys()
	tasks, err := spiraclient.Collect(w.sc.SearchTasks(ctx, 1, nil))
	require.NoError(w.t, err)
	for _, tk := range tasks {
		cm, err := w.sc.TaskComments(ctx, 1, tk.TaskID)
		require.NoError(w.t, err)
		var cs []string
		for _, c := range cm {
			cs = append(cs, plainHTML(c.Text))
		}
		slices.Sort(cs)
		out = append(out, fmt.Sprintf("T|%s|%d|%d|%d|->%s|%q", tk.Name, tk.TaskStatusID, tk.TaskPriorityID, tk.TaskTypeID, summaries[keys[tk.TaskID]], cs))
	}
	slices.Sort(out)
	return out
}

// releaseLeases ends the leases left in Spira's event log. A run killed
// right after writing its lease, before it recorded the lease's run here,
// holds it until the lease lapses (leaseTTL); the test ends it instead of
// waiting.
func (w *world) releaseLeases() {
	w.t.Helper()
	e := w.engine(false)
	events, err := e.recentLeases(ctx)
	require.NoError(w.t, err)
	for _, ev := range events {
		require.NoError(w.t, e.writeLease(ctx, "released", ev.run))
	}
}

// TestTaskCrashAtEveryWriteThenRerunEqualsUninterrupted stops a Complete
// sync of new tasks on both sides at each of its writes in turn: the write
// reaches the server, its answer does not reach the engine, the journal
// takes no more lines. Re-running ends with both sides equal to an
// uninterrupted run: no duplicate issue or task (the journal and the
// markers), no lost comment or status.
func TestTaskCrashAtEveryWriteThenRerunEqualsUninterrupted(t *testing.T) {
	t.Parallel()
	const n = 3
	ref := taskWorld(t, "Complete")
	ref.sync()
	ref.seedTasks(n)
	ref.sync()
	total := ref.writes.Load()
	ref.sync()
	want := ref.taskPicture()
	require.Len(t, ref.taskKeys(), 2*n+7, "every task mapped (the seed's seven Jira Tasks too)")
	t.Logf("an uninterrupted run of the tasks makes %d writes", total)
	for k := int64(1); k <= total; k++ {
		t.Run(fmt.Sprintf("write%d", k), func(t *testing.T) {
			t.Parallel()
			w := taskWorld(t, "Complete")
			w.sync()
			w.seedTasks(n)
			require.True(t, w.crashAtWrite(k), "the run was not stopped at write %d", k)
			w.releaseLeases()
			_, rep := w.sync()
			require.Empty(t, rep.Failures)
			w.sync()
			requireSamePicture(t, want, w.taskPicture())
		})
	}
}
