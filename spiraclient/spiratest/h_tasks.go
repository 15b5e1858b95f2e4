package spiratest

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Tasks, as Spira v6/v7 serves them. REST has no task workflow route (the
// operation list has incident workflows only), so, as for incidents, an
// update may set any status of the template; whether Spira checks a task
// workflow on REST updates is not known.

type wTask struct {
	TaskId *int `json:"TaskId"`
	wArtifact
	TaskStatusId    *int    `json:"TaskStatusId"`
	TaskTypeId      *int    `json:"TaskTypeId"`
	TaskFolderId    *int    `json:"TaskFolderId"`
	RequirementId   *int    `json:"RequirementId"`
	ReleaseId       *int    `json:"ReleaseId"`
	ComponentId     *int    `json:"ComponentId"`
	CreatorId       *int    `json:"CreatorId"`
	OwnerId         *int    `json:"OwnerId"`
	TaskPriorityId  *int    `json:"TaskPriorityId"`
	RiskId          *int    `json:"RiskId"`
	Name            string  `json:"Name"`
	Description     *string `json:"Description"`
	CreationDate    *stamp  `json:"CreationDate"`
	LastUpdateDate  *stamp  `json:"LastUpdateDate"`
	StartDate       *stamp  `json:"StartDate"`
	EndDate         *stamp  `json:"EndDate"`
	EstimatedEffort *int    `json:"EstimatedEffort"`
	ActualEffort    *int    `json:"ActualEffort"`
	RemainingEffort *int    `json:"RemainingEffort"`
	ProjectedEffort *int    `json:"ProjectedEffort"`
	// Read-only.
	CompletionPercent    int     `json:"CompletionPercent"`
	TaskStatusName       *string `json:"TaskStatusName"`
	TaskTypeName         *string `json:"TaskTypeName"`
	TaskPriorityName     *string `json:"TaskPriorityName"`
	OwnerName            *string `json:"OwnerName"`
	ProjectName          *string `json:"ProjectName"`
	ReleaseVersionNumber *string `json:"ReleaseVersionNumber"`
	RequirementName      *string `json:"RequirementName"`
}

type wTaskType struct {
	TaskTypeId    int    `json:"TaskTypeId"`
	Name          string `json:"Name"`
	WorkflowId    *int   `json:"WorkflowId"`
	IsActive      bool   `json:"IsActive"`
	Position      int    `json:"Position"`
	IsDefault     bool   `json:"IsDefault"`
	IsCodeReview  bool   `json:"IsCodeReview"`
	IsPullRequest bool   `json:"IsPullRequest"`
}

type wTaskStatus struct {
	TaskStatusId int    `json:"TaskStatusId"`
	Name         string `json:"Name"`
	Active       bool   `json:"Active"`
	Position     int    `json:"Position"`
}

// The sample template's task lookups.
const (
	TaskStatusNotStarted = 1
	TaskStatusInProgress = 2
	TaskStatusCompleted  = 3
	TaskTypeDevelopment  = 1
)

func seedTasks(st *state) {
	st.tasks = map[int][]*wTask{}
	for _, t := range st.templates {
		t.taskStatuses = []wTaskStatus{{1, "Not Started", true, 1}, {2, "In Progress", true, 2}, {3, "Completed", true, 3},
			{4, "Blocked", true, 4}, {5, "Deferred", true, 5}, {6, "Rejected", true, 6}, {7, "Duplicate", true, 7},
			{8, "Under Review", true, 8}, {9, "Obsolete", true, 9}}
		t.taskTypes = []wTaskType{{1, "Development", ip(1), true, 1, true, false, false}, {2, "Testing", ip(1), true, 2, false, false, false},
			{3, "Management", ip(1), true, 3, false, false, false}, {4, "Infrastructure", ip(1), true, 4, false, false, false},
			{5, "Other", ip(1), true, 5, false, false, false}, {6, "Code Review", ip(1), true, 6, false, true, false},
			{7, "Pull Request", ip(1), true, 7, false, false, true}}
		t.taskPriorities = []wScored{{1, "1 - Critical", true, "f47457", 1}, {2, "2 - High", true, "f29e56", 2}, {3, "3 - Medium", true, "f5d857", 3}, {4, "4 - Low", true, "f4f356", 4}}
	}
}

func (st *state) task(pid, id int) *wTask {
	return byID(st.tasks[pid], taskID, id)
}

func (s *Sim) taskRoutes() {
	s.handle("GET project-templates/{project_template_id}/tasks/types", templateList(func(t *tpl) []wTaskType { return t.taskTypes }))
	s.handle("GET project-templates/{project_template_id}/tasks/statuses", templateList(func(t *tpl) []wTaskStatus { return t.taskStatuses }))
	s.handle("GET project-templates/{project_template_id}/tasks/priorities", s.scoredList("PriorityId", func(t *tpl) []wScored { return t.taskPriorities }))
	s.handle("GET projects/{project_id}/tasks/count", s.countTasks)
	s.handle("GET projects/{project_id}/tasks/new", s.newTasks)
	s.handle("GET projects/{project_id}/tasks/{task_id}", getArtifact(s, tasks, s.taskOut))
	s.handle("POST projects/{project_id}/tasks", s.postTasks)
	s.handle("PUT projects/{project_id}/tasks", s.updateTask)
	s.handle("GET projects/{project_id}/tasks/{task_id}/comments", s.listComments(6, "task_id"))
	s.handle("POST projects/{project_id}/tasks/{task_id}/comments", addOneComment(s, tasks))
}

func taskID(x *wTask) int { return *x.TaskId }

func (s *Sim) taskOut(x *wTask) wTask {
	o := *x
	st := s.st
	t := st.template(st.project(x.ProjectId).ProjectTemplateId)
	for _, v := range t.taskTypes {
		if x.TaskTypeId != nil && v.TaskTypeId == *x.TaskTypeId {
			o.TaskTypeName = sp(v.Name)
		}
	}
	for _, v := range t.taskStatuses {
		if x.TaskStatusId != nil && v.TaskStatusId == *x.TaskStatusId {
			o.TaskStatusName = sp(v.Name)
		}
	}
	o.TaskPriorityName = scoredName(t.taskPriorities, x.TaskPriorityId)
	o.OwnerName = st.userName(x.OwnerId)
	o.ProjectName = sp(st.project(x.ProjectId).Name)
	o.ReleaseVersionNumber = s.versionNumber(x.ProjectId, x.ReleaseId)
	if x.RequirementId != nil {
		if r := st.requirement(x.ProjectId, *x.RequirementId); r != nil {
			o.RequirementName = sp(r.Name)
		}
	}
	o.CustomProperties = s.cpOut(t, 6, x.CustomProperties)
	o.IsAttachments = s.hasDocuments(x.ProjectId, 6, *x.TaskId)
	return o
}

func taskField(x *wTask, name string) fieldValue {
	switch name {
	case "TaskId":
		return intField(x.TaskId)
	case "TaskStatusId":
		return intField(x.TaskStatusId)
	case "TaskTypeId":
		return intField(x.TaskTypeId)
	case "TaskPriorityId":
		return intField(x.TaskPriorityId)
	case "OwnerId":
		return intField(x.OwnerId)
	case "CreatorId":
		return intField(x.CreatorId)
	case "ReleaseId":
		return intField(x.ReleaseId)
	case "RequirementId":
		return intField(x.RequirementId)
	case "Name":
		return nameField(x.Name, x.Description)
	case "CreationDate":
		return dateField(x.CreationDate)
	case "LastUpdateDate":
		return dateField(x.LastUpdateDate)
	case "StartDate":
		return dateField(x.StartDate)
	case "EndDate":
		return dateField(x.EndDate)
	}
	if strings.HasPrefix(name, "Custom_") {
		return customField(name, x.CustomProperties)
	}
	return fieldValue{}
}

func (s *Sim) countTasks(c *call) {
	if p, ok := c.project(); ok {
		c.ok(len(s.st.tasks[p.ProjectId]))
	}
}

// newTasks serves tasks/new: start_row, number_of_rows and creation_date
// (yyyy-MM-ddTHH:mm:ss.fff, UTC) all required, oldest first (F5, F6).
func (s *Sim) newTasks(c *call) {
	paged := func(c *call) (int, int, bool) { return c.paging("start_row", "number_of_rows") }
	newSince(c, s.st.tasks, paged, taskField, taskID, s.taskOut)
}

// postTasks is the two operations on POST projects/{p}/tasks: Task_Create,
// and Task_Retrieve with starting_row, number_of_rows, sort_field and
// sort_direction in the query and filters in the body. How Spira tells them
// apart is not documented; a request with a paging or sort parameter, or a
// list for a body, is taken for the list, which then needs both paging
// parameters under their own names (F5: a wrong name is a missing one).
func (s *Sim) postTasks(c *call) {
	q := c.r.URL.Query()
	body, _ := io.ReadAll(c.r.Body)
	c.r.Body = io.NopCloser(bytes.NewReader(body))
	list := len(bytes.TrimSpace(body)) > 0 && bytes.TrimSpace(body)[0] == '['
	for _, k := range []string{"starting_row", "number_of_rows", "sort_field", "sort_direction"} {
		list = list || q.Has(k)
	}
	if list {
		s.searchTasks(c)
		return
	}
	s.createTask(c)
}

func (s *Sim) searchTasks(c *call) {
	search(c, s.st.tasks, "starting_row", "number_of_rows", "tasks", taskSort, taskField, taskID, s.taskOut)
}

// taskSort is the order a task search asks for: sort_field, descending
// when sort_direction says DESC.
func taskSort(c *call) string {
	sortBy := c.r.URL.Query().Get("sort_field")
	if d := c.r.URL.Query().Get("sort_direction"); sortBy != "" && strings.EqualFold(d, "DESC") {
		sortBy += " DESC"
	}
	return sortBy
}

func (s *Sim) validateTask(p *wProject, x *wTask) []wFaultMessage {
	t := s.st.template(p.ProjectTemplateId)
	var out []wFaultMessage
	if strings.TrimSpace(x.Name) == "" {
		out = append(out, wFaultMessage{"Name", "Name is a required field."})
	}
	if x.TaskTypeId != nil && !hasID(len(t.taskTypes), func(i int) int { return t.taskTypes[i].TaskTypeId }, *x.TaskTypeId) {
		out = append(out, wFaultMessage{"TaskTypeId", fmt.Sprintf("The task type %d does not exist in this product's template.", *x.TaskTypeId)})
	}
	if x.TaskStatusId != nil && !hasID(len(t.taskStatuses), func(i int) int { return t.taskStatuses[i].TaskStatusId }, *x.TaskStatusId) {
		out = append(out, wFaultMessage{"TaskStatusId", fmt.Sprintf("The task status %d does not exist in this product's template.", *x.TaskStatusId)})
	}
	if x.TaskPriorityId != nil && scoredName(t.taskPriorities, x.TaskPriorityId) == nil {
		out = append(out, wFaultMessage{"TaskPriorityId", fmt.Sprintf("The task priority %d does not exist in this product's template.", *x.TaskPriorityId)})
	}
	out = append(out, s.unknownUsers(idField{"CreatorId", x.CreatorId}, idField{"OwnerId", x.OwnerId})...)
	if x.ReleaseId != nil && s.st.release(p.ProjectId, *x.ReleaseId) == nil {
		out = append(out, wFaultMessage{"ReleaseId", fmt.Sprintf("The release %d does not exist in the product.", *x.ReleaseId)})
	}
	if x.RequirementId != nil && s.st.requirement(p.ProjectId, *x.RequirementId) == nil {
		out = append(out, wFaultMessage{"RequirementId", fmt.Sprintf("The requirement %d does not exist in the product.", *x.RequirementId)})
	}
	return out
}

func (s *Sim) defaultTaskType(t *tpl) int {
	for _, v := range t.taskTypes {
		if v.IsDefault {
			return v.TaskTypeId
		}
	}
	return 0
}

func (s *Sim) createTask(c *call) {
	p, t, in, ok := creating[wTask](s, c)
	if !ok {
		return
	}
	echo := *in
	// Status Bulk Edit off: the status sent is dropped (F8).
	if in.TaskStatusId == nil || *in.TaskStatusId == 0 || t.statusBulkEditOff {
		in.TaskStatusId = ip(TaskStatusNotStarted)
	}
	if in.TaskTypeId == nil {
		in.TaskTypeId = ip(s.defaultTaskType(t))
	}
	if in.CreatorId == nil {
		in.CreatorId = ip(c.u.UserId)
	}
	if refused(c, "The task could not be created.", s.validateTask(p, in)) {
		return
	}
	now := s.stampNow()
	// ComponentId is read-only: the requirement's, when it has one.
	in.ComponentId = nil
	createdAt(&in.CreationDate, &in.LastUpdateDate, now)
	// Inflectra's v7 example: what was sent, the ID, the product and a
	// zero CompletionPercent (F7).
	echo.CompletionPercent = 0
	insert(s, c, tasks, p, t, in, echo, now)
}

func (s *Sim) updateTask(c *call) {
	p, t, in, x, ok := updating(s, c, tasks)
	if !ok {
		return
	}
	if in.TaskStatusId == nil || t.statusBulkEditOff {
		in.TaskStatusId = x.TaskStatusId
	}
	if refused(c, "The task could not be updated.", s.validateTask(p, in)) {
		return
	}
	keep, now, ok := storeUpdate(s, c, tasks, t, in, x)
	if !ok {
		return
	}
	x.CreationDate, x.LastUpdateDate, x.ComponentId = keep.CreationDate, at(now), keep.ComponentId
	if x.CreatorId == nil {
		x.CreatorId = keep.CreatorId
	}
	noContent(c.w)
}
