package spiraclient

import (
	"context"
	"iter"
	"net/url"
	"time"
)

// RemoteTask is a task (the counterpart of a Jira issue of one of the
// plug-in's Task Types). Description is HTML. Updates must carry the
// ConcurrencyDate of the last read.
type RemoteTask struct {
	TaskID          int    `json:"TaskId,omitempty"`
	ProjectID       int    `json:"ProjectId,omitempty"`
	ArtifactTypeID  int    `json:"ArtifactTypeId,omitempty"`
	TaskStatusID    int    `json:"TaskStatusId,omitempty"`
	TaskTypeID      int    `json:"TaskTypeId,omitempty"`
	TaskFolderID    int    `json:"TaskFolderId,omitempty"`
	RequirementID   int    `json:"RequirementId,omitempty"`
	ReleaseID       int    `json:"ReleaseId,omitempty"`
	ComponentID     int    `json:"ComponentId,omitempty"`
	CreatorID       int    `json:"CreatorId,omitempty"`
	OwnerID         int    `json:"OwnerId,omitempty"`
	TaskPriorityID  int    `json:"TaskPriorityId,omitempty"`
	RiskID          int    `json:"RiskId,omitempty"`
	Name            string `json:"Name"`
	Description     string `json:"Description"`
	CreationDate    *Time  `json:"CreationDate,omitempty"`
	LastUpdateDate  *Time  `json:"LastUpdateDate,omitempty"`
	ConcurrencyDate *Time  `json:"ConcurrencyDate,omitempty"`
	StartDate       *Time  `json:"StartDate,omitempty"`
	EndDate         *Time  `json:"EndDate,omitempty"`
	EstimatedEffort *int   `json:"EstimatedEffort,omitempty"`
	ActualEffort    *int   `json:"ActualEffort,omitempty"`
	RemainingEffort *int   `json:"RemainingEffort,omitempty"`
	Tags            string `json:"Tags,omitempty"`

	CustomProperties []RemoteArtifactCustomProperty `json:"CustomProperties"`

	// Read-only fields.
	CompletionPercent    int    `json:"CompletionPercent"`
	ProjectedEffort      *int   `json:"ProjectedEffort,omitempty"`
	IsAttachments        bool   `json:"IsAttachments"`
	TaskStatusName       string `json:"TaskStatusName,omitempty"`
	TaskTypeName         string `json:"TaskTypeName,omitempty"`
	TaskPriorityName     string `json:"TaskPriorityName,omitempty"`
	OwnerName            string `json:"OwnerName,omitempty"`
	ProjectName          string `json:"ProjectName,omitempty"`
	ReleaseVersionNumber string `json:"ReleaseVersionNumber,omitempty"`
	RequirementName      string `json:"RequirementName,omitempty"`
}

// RemoteTaskType is a task type of a template.
type RemoteTaskType struct {
	TaskTypeID    int    `json:"TaskTypeId"`
	Name          string `json:"Name"`
	WorkflowID    int    `json:"WorkflowId,omitempty"`
	IsActive      bool   `json:"IsActive"`
	Position      int    `json:"Position"`
	IsDefault     bool   `json:"IsDefault"`
	IsCodeReview  bool   `json:"IsCodeReview"`
	IsPullRequest bool   `json:"IsPullRequest"`
}

// RemoteTaskStatus is a task status of a template.
type RemoteTaskStatus struct {
	TaskStatusID int    `json:"TaskStatusId"`
	Name         string `json:"Name"`
	Active       bool   `json:"Active"`
	Position     int    `json:"Position"`
}

// RemoteTaskPriority is a task priority of a template.
type RemoteTaskPriority struct {
	PriorityID int    `json:"PriorityId"`
	Name       string `json:"Name"`
	Active     bool   `json:"Active"`
	Color      string `json:"Color,omitempty"`
	Score      *int   `json:"Score,omitempty"`
}

func taskPath(projectID int, rest string) string {
	return "projects/" + itoa(projectID) + "/tasks" + rest
}

// Task returns one task.
func (c *Client) Task(ctx context.Context, projectID, taskID int) (*RemoteTask, error) {
	var out RemoteTask
	if err := c.do(ctx, request{method: "GET", path: taskPath(projectID, "/"+itoa(taskID))}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SearchTasksPage returns one page of the tasks matching all filters
// (1-based start), sorted by sortField ascending (empty: TaskId). It is the
// filtered list POST projects/{p}/tasks, whose paging parameters are
// starting_row and number_of_rows (F5).
func (c *Client) SearchTasksPage(ctx context.Context, projectID int, filters []RemoteFilter, sortField string, start, n int) ([]RemoteTask, error) {
	if filters == nil {
		filters = []RemoteFilter{}
	}
	if sortField == "" {
		sortField = "TaskId"
	}
	q := url.Values{"starting_row": {itoa(start)}, "number_of_rows": {itoa(n)},
		"sort_field": {sortField}, "sort_direction": {"ASC"}}
	var out []RemoteTask
	err := c.do(ctx, request{method: "POST", path: taskPath(projectID, ""), query: q, body: filters, repeatable: true}, &out)
	return out, err
}

// SearchTasks walks the tasks matching all filters.
func (c *Client) SearchTasks(ctx context.Context, projectID int, filters []RemoteFilter) iter.Seq2[RemoteTask, error] {
	return pages(ctx, c.rows(), func(ctx context.Context, start, n int) ([]RemoteTask, error) {
		return c.SearchTasksPage(ctx, projectID, filters, "", start, n)
	})
}

// NewTasks walks tasks created at or after t, oldest first, each once (GET
// tasks/new, paged by start_row and number_of_rows: F5).
func (c *Client) NewTasks(ctx context.Context, projectID int, t time.Time) iter.Seq2[RemoteTask, error] {
	return since(ctx, c.rows(), t, taskCreated, taskID, func(ctx context.Context, from time.Time, start, n int) ([]RemoteTask, error) {
		q := url.Values{"start_row": {itoa(start)}, "number_of_rows": {itoa(n)},
			"creation_date": {from.UTC().Format("2006-01-02T15:04:05.000")}}
		var out []RemoteTask
		err := c.do(ctx, request{method: "GET", path: taskPath(projectID, "/new"), query: q}, &out)
		return out, err
	})
}

// TasksUpdatedSince walks tasks whose LastUpdateDate >= t, oldest change
// first, each once; like IncidentsUpdatedSince it drops what Spira answers
// from before t (a filter it did not apply).
func (c *Client) TasksUpdatedSince(ctx context.Context, projectID int, t time.Time) iter.Seq2[RemoteTask, error] {
	walk := since(ctx, c.rows(), t, taskUpdated, taskID, func(ctx context.Context, from time.Time, start, n int) ([]RemoteTask, error) {
		return c.SearchTasksPage(ctx, projectID, []RemoteFilter{UpdatedSince(from)}, "LastUpdateDate", start, n)
	})
	return func(yield func(RemoteTask, error) bool) {
		for tk, err := range walk {
			if err == nil && taskUpdated(tk).Before(t) {
				continue
			}
			if !yield(tk, err) {
				return
			}
		}
	}
}

func taskID(t RemoteTask) int { return t.TaskID }

func taskCreated(t RemoteTask) time.Time {
	if t.CreationDate == nil {
		return time.Time{}
	}
	return t.CreationDate.Time
}

func taskUpdated(t RemoteTask) time.Time {
	if t.LastUpdateDate == nil {
		return time.Time{}
	}
	return t.LastUpdateDate.Time
}

// CreateTask creates a task and returns Spira's answer, which may be the
// request echoed with the new ID only (F7): read the task again before
// using a field the request did not set.
func (c *Client) CreateTask(ctx context.Context, projectID int, t RemoteTask) (*RemoteTask, error) {
	t.ProjectID = projectID
	var out RemoteTask
	if err := c.do(ctx, request{method: "POST", path: taskPath(projectID, ""), body: t}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateTask saves t (TaskId and ConcurrencyDate in the body); a stale
// ConcurrencyDate fails with ErrConflict.
func (c *Client) UpdateTask(ctx context.Context, projectID int, t RemoteTask) error {
	t.ProjectID = projectID
	return c.do(ctx, request{method: "PUT", path: taskPath(projectID, ""), body: t}, nil)
}

// TaskComments returns a task's comments.
func (c *Client) TaskComments(ctx context.Context, projectID, taskID int) ([]RemoteComment, error) {
	var out []RemoteComment
	err := c.do(ctx, request{method: "GET", path: taskPath(projectID, "/"+itoa(taskID)+"/comments")}, &out)
	return out, err
}

// AddTaskComment adds one comment to a task.
func (c *Client) AddTaskComment(ctx context.Context, projectID, taskID int, cm RemoteComment) (*RemoteComment, error) {
	cm.ArtifactID = taskID
	var out RemoteComment
	if err := c.do(ctx, request{method: "POST", path: taskPath(projectID, "/"+itoa(taskID)+"/comments"), body: cm}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// TaskTypes returns a template's task types.
func (c *Client) TaskTypes(ctx context.Context, templateID int) ([]RemoteTaskType, error) {
	var out []RemoteTaskType
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/tasks/types")}, &out)
	return out, err
}

// TaskStatuses returns a template's task statuses.
func (c *Client) TaskStatuses(ctx context.Context, templateID int) ([]RemoteTaskStatus, error) {
	var out []RemoteTaskStatus
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/tasks/statuses")}, &out)
	return out, err
}

// TaskPriorities returns a template's task priorities.
func (c *Client) TaskPriorities(ctx context.Context, templateID int) ([]RemoteTaskPriority, error) {
	var out []RemoteTaskPriority
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/tasks/priorities")}, &out)
	return out, err
}
