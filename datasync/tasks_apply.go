package datasync

import (
	"fmt"
	"maps"
	"strconv"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
)

// The task steps of the dispatch table (apply_run.go). Creates are
// journaled as incidents' are: the intent before the call, done with the
// new IDs after it, mapped once Spira holds the mapping; an issue carries
// its marker from its create.

func (a *applier) adoptTaskIssue(act *Action) error {
	if err := a.journalAdopted(act); err != nil {
		return err
	}
	return a.finishTaskIssue(act, act.Artifact.JiraKey, act.Artifact.JiraID)
}

func (a *applier) updateTaskFromJira(act *Action) error {
	op, id := act.Op, act.Artifact.SpiraID
	if op.Task != nil {
		if err := a.e.cfg.Spira.UpdateTask(a.ctx, a.s.ProductID, *op.Task); err != nil {
			return fmt.Errorf("update task %d: %w", id, err)
		}
	}
	if err := a.addTaskComments(act, id); err != nil {
		return err
	}
	a.base(act.Artifact.JiraID, op.Base)
	return nil
}

func (a *applier) updateTaskIssueFromSpira(act *Action) error {
	op, key := act.Op, act.Artifact.JiraKey
	if len(op.JiraFields) > 0 {
		if err := a.e.cfg.Jira.EditIssue(a.ctx, key, jiraclient.IssueUpdate{Fields: op.JiraFields}); err != nil {
			return fmt.Errorf("edit %s: %w", key, err)
		}
	}
	if err := a.addJiraComments(key, op); err != nil {
		return err
	}
	a.base(act.Artifact.JiraID, op.Base)
	return nil
}

func (a *applier) createTaskIssue(act *Action) error {
	op := act.Op
	if err := a.e.jr.write(entry{Type: entryIntent, Action: act.ID, Item: act.Item, Artifact: "task", Dir: dirS2J,
		SpiraID: act.Artifact.SpiraID, At: time.Now()}); err != nil {
		return err
	}
	created, err := a.e.cfg.Jira.CreateIssue(a.ctx, jiraclient.IssueUpdate{Fields: op.JiraFields, Properties: op.JiraProps})
	if err != nil {
		return fmt.Errorf("create the Jira issue: %w", err)
	}
	if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: "task", Dir: dirS2J,
		SpiraID: act.Artifact.SpiraID, JiraKey: created.Key, JiraID: created.ID, At: time.Now()}); err != nil {
		return err
	}
	return a.finishTaskIssue(act, created.Key, created.ID)
}

// finishTaskIssue adds the comments and the link back of an issue made
// from a task, and queues the mapping.
func (a *applier) finishTaskIssue(act *Action, key, id string) error {
	op := act.Op
	a.setResult(act.ID, key)
	a.mu.Lock()
	a.issueIDs[key] = id
	a.mu.Unlock()
	if err := a.addJiraComments(key, op); err != nil {
		return err
	}
	if op.RemoteLink != nil {
		if _, err := a.e.cfg.Jira.UpsertRemoteLink(a.ctx, key, *op.RemoteLink); err != nil {
			return fmt.Errorf("link %s back to Spira: %w", key, err)
		}
	}
	a.base(id, op.Base)
	a.mapping(mapping.ArtifactTypeTask, act.Artifact.SpiraID, key)
	return nil
}

func (a *applier) addJiraComments(key string, op *Op) error {
	for _, body := range op.JiraComments {
		if _, err := a.e.cfg.Jira.AddComment(a.ctx, key, jiraclient.Comment{Body: body}); err != nil {
			return fmt.Errorf("comment on %s: %w", key, err)
		}
	}
	return nil
}

func (a *applier) addTaskComments(act *Action, id int) error {
	for _, c := range act.Op.SpiraComments {
		c.ArtifactID = id
		if _, err := a.e.cfg.Spira.AddTaskComment(a.ctx, a.s.ProductID, id, c); err != nil {
			return fmt.Errorf("add a comment to task %d: %w", id, err)
		}
	}
	return nil
}

// createTask creates a Spira task from a Jira issue (Complete mode).
func (a *applier) createTask(act *Action) error {
	op, sp, pid := act.Op, a.e.cfg.Spira, a.s.ProductID
	if err := a.e.jr.write(entry{Type: entryIntent, Action: act.ID, Item: act.Item, Artifact: "task", Dir: dirJ2S,
		JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, Name: op.Task.Name, At: time.Now(), Since: a.s.ServerTime}); err != nil {
		return err
	}
	out, err := sp.CreateTask(a.ctx, pid, *op.Task)
	if err != nil {
		return fmt.Errorf("create the Spira task: %w", err)
	}
	if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: "task", Dir: dirJ2S,
		SpiraID: out.TaskID, JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, Name: op.Task.Name, At: time.Now()}); err != nil {
		return err
	}
	return a.finishTask(act, out.TaskID)
}

// finishTask adds the comments and the link back of a task made from an
// issue, records as base what Spira holds (a create answer may be an echo,
// F7, so the task is read again), and queues the mapping.
func (a *applier) finishTask(act *Action, id int) error {
	op := act.Op
	a.setResult(act.ID, strconv.Itoa(id))
	if err := a.addTaskComments(act, id); err != nil {
		return err
	}
	name := act.Artifact.Name
	if op.Task != nil {
		name = op.Task.Name
	}
	if _, err := a.e.cfg.Jira.UpsertRemoteLink(a.ctx, act.Artifact.JiraKey, *(&planner{s: a.s}).taskLink(id, name)); err != nil {
		return fmt.Errorf("link %s back to Spira: %w", act.Artifact.JiraKey, err)
	}
	tk, err := a.e.cfg.Spira.Task(a.ctx, a.s.ProductID, id)
	if err != nil {
		return fmt.Errorf("read task %d back: %w", id, err)
	}
	base := maps.Clone(op.Base)
	for f, v := range taskSpiraView(*tk) {
		if _, ok := base[f]; ok {
			base[f] = v
		}
	}
	a.base(act.Artifact.JiraID, base)
	a.mapping(mapping.ArtifactTypeTask, id, act.Artifact.JiraKey)
	return nil
}

// taskAfterCreate brings a new issue to its task's status and records as
// base the status it is left in.
func (a *applier) taskAfterCreate(act *Action) error {
	op := act.Op
	key, id, from, err := a.createdIssue(act)
	if err != nil {
		return err
	}
	cur := from
	if op.TargetStatus != from {
		cur, err = a.moveCreated(key, op, from)
	}
	base := maps.Clone(op.Base)
	if base != nil && cur != "" {
		base[jiraStatusKey] = cur
	}
	if cur != op.TargetStatus && base != nil {
		delete(base, "status")
		if back := (&index{p: a.s.Mapping}).back(mapping.TaskStatus, cur); back != 0 {
			base["status"] = strconv.Itoa(back)
		}
	}
	a.base(id, base)
	return err
}
