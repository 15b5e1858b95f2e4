package datasync

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// Jira's Task workflow (jiratest): To Do 10000, In Progress 3, Blocked
// 10003, Done 10002.
const (
	jiraToDo       = "10000"
	jiraInProgress = "3"
	jiraBlocked    = "10003"
	jiraDone       = "10002"
)

// taskWorld is a world whose plug-in syncs Jira Tasks (10002) as Spira
// tasks, with task status, priority and type rows. Under Review holds two
// Jira statuses, In Progress first: it goes to Jira as In Progress, and
// neither comes back as it (In Progress and Blocked have their own
// Primary rows).
func taskWorld(t *testing.T, custom03 string, opts ...spiratest.Option) *world {
	t.Helper()
	w := newWorld(t, worldOpts{custom03: custom03, spira: opts})
	p, _ := w.spira.PlugIn(spiratest.DataSyncID)
	p.Custom[1] = "10002"
	w.spira.SetPlugIn(p)
	w.spira.SetFieldValueMappings(spiratest.DataSyncID, spiratest.ProductID, 57, []spiratest.ValueMapping{
		{SpiraID: 1, ExternalKey: jiraToDo, Primary: true}, {SpiraID: 2, ExternalKey: jiraInProgress, Primary: true},
		{SpiraID: 3, ExternalKey: jiraDone, Primary: true}, {SpiraID: 4, ExternalKey: jiraBlocked, Primary: true},
		{SpiraID: 8, ExternalKey: jiraInProgress + "," + jiraBlocked, Primary: false}})
	w.spira.SetFieldValueMappings(spiratest.DataSyncID, spiratest.ProductID, 59, []spiratest.ValueMapping{
		{SpiraID: 1, ExternalKey: "1", Primary: true}, {SpiraID: 2, ExternalKey: "2", Primary: true},
		{SpiraID: 3, ExternalKey: "3", Primary: true}, {SpiraID: 4, ExternalKey: "4", Primary: true}})
	w.spira.SetFieldValueMappings(spiratest.DataSyncID, spiratest.ProductID, 145, []spiratest.ValueMapping{
		{SpiraID: 1, ExternalKey: "10002", Primary: true}})
	return w
}

func (w *world) addTask(name string, mod func(*spiraclient.RemoteTask)) int {
	w.t.Helper()
	tk := spiraclient.RemoteTask{Name: name, Description: "<p>" + name + ", by Friday.</p>", TaskStatusID: 2, TaskPriorityID: 2, OwnerID: 4}
	if mod != nil {
		mod(&tk)
	}
	out, err := w.sc.CreateTask(ctx, spiratest.ProductID, tk)
	require.NoError(w.t, err)
	return out.TaskID
}

func (w *world) task(id int) spiraclient.RemoteTask {
	w.t.Helper()
	tk, err := w.sc.Task(ctx, spiratest.ProductID, id)
	require.NoError(w.t, err)
	return *tk
}

// taskKeys maps task IDs to Jira keys, from Spira's artifact mappings.
func (w *world) taskKeys() map[int]string {
	w.t.Helper()
	ms, err := w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, spiraclient.ArtifactTypeTask)
	require.NoError(w.t, err)
	out := map[int]string{}
	for _, m := range ms {
		out[m.InternalID] = m.ExternalKey
	}
	return out
}

func taskActions(plan []Action) []Action {
	var out []Action
	for _, a := range plan {
		if a.Artifact.Type == "task" {
			out = append(out, a)
		}
	}
	return out
}

func (w *world) transition(key, id string) {
	w.t.Helper()
	require.NoError(w.t, w.jc.DoTransition(ctx, key, jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: id}}))
}

func TestTasksRoundTripInDefaultMode(t *testing.T) {
	w := taskWorld(t, "")
	id := w.addTask("Index the archive", nil)
	_, err := w.sc.AddTaskComment(ctx, 1, id, spiraclient.RemoteComment{Text: "<p>Start with 2020.</p>", UserID: 4})
	require.NoError(t, err)
	// A new Jira Task is neither a task (Spira creates tasks in this mode)
	// nor an incident (its type is a task type).
	jkey, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Task", Summary: "Made in Jira"})
	require.NoError(t, err)

	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	key := w.taskKeys()[id]
	require.NotEmpty(t, key, "task %d has no Jira key mapping", id)
	is := w.issue(key)
	require.Equal(t, "Task", is.Type, "the first task type")
	require.Equal(t, "Index the archive", is.Summary)
	require.Equal(t, "In Progress", is.Status)
	require.Equal(t, "High", is.Priority)
	require.Equal(t, "5b10ac8d82e05b22cc7d4e03", is.Assignee)
	require.Contains(t, adfText(is.Description), "by Friday")
	require.Len(t, is.Comments, 1)
	require.True(t, strings.HasPrefix(adfText(is.Comments[0].Body), "[SpiraDataSync] Start with 2020."))
	require.Len(t, is.RemoteLinks, 1)
	require.Contains(t, is.RemoteLinks[0].GlobalID, "id=TK"+itoa(id))
	require.Contains(t, string(is.Properties[MarkerKey]), `"task":`+itoa(id))
	require.Nil(t, w.incidentOf(jkey))
	require.NotContains(t, w.taskKeys(), 0)
	require.Len(t, w.taskKeys(), 1)

	// Nothing to do the next time: our own writes are no change.
	plan, _ := w.sync()
	require.Empty(t, taskActions(plan))

	// A Jira edit updates the task.
	require.NoError(t, w.jc.EditIssue(ctx, key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Index the whole archive",
		"priority": map[string]any{"id": "4"}}}))
	w.transition(key, "21") // Block
	w.commentInJira(key, "2019 too")
	_, rep = w.sync()
	require.Empty(t, rep.Failures)
	tk := w.task(id)
	require.Equal(t, "Index the whole archive", tk.Name)
	require.Equal(t, 4, tk.TaskStatusID, "Blocked, by its Primary row")
	require.Equal(t, 4, tk.TaskPriorityID)
	cs, err := w.sc.TaskComments(ctx, 1, id)
	require.NoError(t, err)
	require.Len(t, cs, 2)
	require.Contains(t, cs[1].Text, "2019 too")
	plan, _ = w.sync()
	require.Empty(t, taskActions(plan), "no echo of the update")

	// Spira edits stay in Spira in this mode.
	tk.Name = "Renamed in Spira"
	require.NoError(t, w.sc.UpdateTask(ctx, 1, tk))
	plan, _ = w.sync()
	require.Empty(t, taskActions(plan))
	require.Equal(t, "Index the whole archive", w.issue(key).Summary)
}

func TestTasksBothWaysInCompleteMode(t *testing.T) {
	w := taskWorld(t, "Complete")
	id := w.addTask("Weed the reference shelf", func(tk *spiraclient.RemoteTask) { tk.TaskStatusID = 1 })
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	key := w.taskKeys()[id]
	require.NotEmpty(t, key)
	require.Equal(t, "To Do", w.issue(key).Status)
	plan, _ := w.sync()
	require.Empty(t, taskActions(plan))

	// A Spira edit goes to Jira; Under Review goes as the first of its
	// Jira statuses, In Progress.
	tk := w.task(id)
	tk.Name, tk.TaskStatusID, tk.TaskPriorityID = "Weed the reference shelves", 8, 1
	require.NoError(t, w.sc.UpdateTask(ctx, 1, tk))
	_, err := w.sc.AddTaskComment(ctx, 1, id, spiraclient.RemoteComment{Text: "<p>Keep the atlases.</p>"})
	require.NoError(t, err)
	_, rep = w.sync()
	require.Empty(t, rep.Failures)
	is := w.issue(key)
	require.Equal(t, "Weed the reference shelves", is.Summary)
	require.Equal(t, "In Progress", is.Status)
	require.Equal(t, "Highest", is.Priority)
	require.Len(t, is.Comments, 1)
	require.Equal(t, 8, w.task(id).TaskStatusID, "Spira keeps Under Review: In Progress comes back as it only when Jira changes")
	plan, _ = w.sync()
	require.Empty(t, taskActions(plan), "no echo")

	// A Jira edit comes back: Blocked by its Primary row.
	w.transition(key, "21")
	_, rep = w.sync()
	require.Empty(t, rep.Failures)
	require.Equal(t, 4, w.task(id).TaskStatusID)

	// A new Jira issue of a task type becomes a task.
	jkey, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Task", Summary: "Label the new carts", Status: "In Progress", Priority: "Low"})
	require.NoError(t, err)
	_, rep = w.sync()
	require.Empty(t, rep.Failures)
	var made int
	for tid, k := range w.taskKeys() {
		if k == jkey {
			made = tid
		}
	}
	require.NotZero(t, made, "no task for %s", jkey)
	nt := w.task(made)
	require.Equal(t, "Label the new carts", nt.Name)
	require.Equal(t, 2, nt.TaskStatusID)
	require.Equal(t, 4, nt.TaskPriorityID)
	require.Equal(t, 1, nt.TaskTypeID)
	require.Nil(t, w.incidentOf(jkey))
	require.Len(t, w.issue(jkey).RemoteLinks, 1)
	plan, _ = w.sync()
	require.Empty(t, taskActions(plan))
}

// Spira's create answers the request echoed (F7): the base comes from the
// task read back, so the defaults Spira filled in are no change.
func TestTaskFromJiraWithEchoedCreate(t *testing.T) {
	w := taskWorld(t, "Complete")
	jkey, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Task", Summary: "Shelve the returns"})
	require.NoError(t, err)
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	require.NotEmpty(t, w.taskKeys())
	plan, _ := w.sync()
	require.Empty(t, taskActions(plan))
	require.Equal(t, "To Do", w.issue(jkey).Status)
}

// A requirement status row may hold several Jira statuses too: a Story in
// In Review comes to Spira as the row that is Primary for it, whose list
// has In Review second; the first, Done, is what the row sends to Jira.
func TestRequirementStatusRowOfSeveralJiraStatuses(t *testing.T) {
	w := newWorld(t, worldOpts{})
	w.spira.SetFieldValueMapping(spiratest.DataSyncID, spiratest.ProductID, 16, spiratest.ValueMapping{SpiraID: 4, ExternalKey: "10001", Primary: false})
	w.spira.SetFieldValueMapping(spiratest.DataSyncID, spiratest.ProductID, 16, spiratest.ValueMapping{SpiraID: 9, ExternalKey: "10002, 10001", Primary: true})
	w.spira.SetFieldValueMapping(spiratest.DataSyncID, spiratest.ProductID, 16, spiratest.ValueMapping{SpiraID: 10, ExternalKey: "10002", Primary: false})
	key, err := w.jira.AddIssue(jiratest.IssueSpec{Type: "Story", Summary: "As a patron I can export my loans", Status: "In Review"})
	require.NoError(t, err)
	_, rep := w.sync()
	require.Empty(t, rep.Failures)
	ms, err := w.sc.ArtifactMappings(ctx, 1, 1, 1)
	require.NoError(t, err)
	var reqID int
	for _, m := range ms {
		if m.ExternalKey == key {
			reqID = m.InternalID
		}
	}
	require.NotZero(t, reqID)
	r, err := w.sc.Requirement(ctx, 1, reqID)
	require.NoError(t, err)
	require.Equal(t, 9, r.StatusID, "Tested is Primary for In Review, the second of its row")
	// Spira gives a list row's first status when it is the one sent.
	ix := newIndex(&Snapshot{Mapping: w.mapping})
	require.Equal(t, "10002", ix.fwd(mapping.RequirementStatus, 9))
	require.Equal(t, 9, ix.back(mapping.RequirementStatus, "10002"), "Done's Primary row")
	require.Equal(t, 9, ix.back(mapping.RequirementStatus, "10001"))
}
