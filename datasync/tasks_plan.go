package datasync

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/adf"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// jiraStatusKey holds in a task's base the Jira status agreed, since a
// Spira status row may hold several.
const jiraStatusKey = "jiraStatus"

// The task fields the engine compares.
var taskFields = []string{"name", "description", "status", "priority", "owner"}

var taskKinds = map[string]mapping.FieldKind{"status": mapping.TaskStatus, "priority": mapping.TaskPriority}

// planTasks adds the task actions: new tasks to Jira, adoptions of what a
// stopped run created, the pairs' updates, and in Complete new Jira issues
// to Spira.
func (p *planner) planTasks() {
	ts := p.s.Tasks
	if ts.Flow == (mapping.Flow{}) {
		return
	}
	marked := map[int]JiraItem{}
	for _, it := range ts.Issues {
		if m := it.Marker; m != nil && m.Task != 0 && m.Product == p.s.ProductID {
			marked[m.Task] = it
		}
	}
	newIDs := map[int]bool{}
	for _, it := range ts.New {
		newIDs[it.Task.TaskID] = true
		if ji, ok := marked[it.Task.TaskID]; ok {
			p.adoptTaskIssue(it.Task, it.Comments, ji)
			continue
		}
		p.newTask(it)
	}
	for _, it := range ts.Issues {
		if m := it.Marker; m != nil && m.Task != 0 {
			if m.Product == p.s.ProductID && !newIDs[m.Task] {
				// Created and finished by a run whose mapping write failed:
				// record it.
				p.add(Action{Kind: KindCreate, Direction: SpiraToJira, Item: taskItem(m.Task), Phase: 1,
					Artifact: Artifact{Type: "task", SpiraID: m.Task, JiraKey: it.Issue.Key, JiraID: it.Issue.ID},
					Summary:  "record the mapping of the Jira issue an earlier run created from the task, which Spira lacks",
					Op:       &Op{Adopt: true, JiraComments: commentsToJira(p.s.Tasks.Comments[m.Task], it.Comments)}})
			}
			continue
		}
		if ts.Flow.Create.ToSpira() {
			p.newTaskFromJira(it)
		}
	}
	for _, pr := range ts.Adopt {
		p.add(Action{Kind: KindCreate, Direction: JiraToSpira, Item: pr.Issue.Key, Phase: 1,
			Artifact: Artifact{Type: "task", SpiraID: pr.Task.TaskID, JiraKey: pr.Issue.Key, JiraID: pr.Issue.ID, Name: pr.Task.Name},
			Summary:  "record the mapping of the Spira task an interrupted run created",
			Op: &Op{Adopt: true, Task: &pr.Task, SpiraComments: p.commentsToSpira(pr.Comments, pr.SpiraComments, pr.Issue),
				RemoteLink: p.taskLink(pr.Task.TaskID, pr.Task.Name), Base: p.taskJiraView(pr.Issue)}})
	}
	for _, pr := range ts.Pairs {
		p.pairTask(pr)
	}
}

func (p *planner) taskGlobalID(id int) string {
	return fmt.Sprintf("system=%s&product=%d&id=TK%d", strings.TrimRight(p.s.SpiraURL, "/"), p.s.ProductID, id)
}

func (p *planner) taskLink(id int, name string) *jiraclient.RemoteLink {
	base := strings.TrimRight(p.s.SpiraURL, "/")
	return &jiraclient.RemoteLink{GlobalID: p.taskGlobalID(id),
		Application:  &jiraclient.RemoteLinkApplication{Type: "com.inflectra.spira", Name: "SpiraPlan"},
		Relationship: "links to",
		Object: jiraclient.RemoteLinkObject{URL: fmt.Sprintf("%s/%d/Task/%d.aspx", base, p.s.ProductID, id),
			Title: fmt.Sprintf("[TK:%d] %s", id, name)}}
}

// taskSpiraView is a task in the terms both sides compare: Spira IDs.
func taskSpiraView(tk spiraclient.RemoteTask) map[string]string {
	return map[string]string{"name": tk.Name, "description": plainHTML(tk.Description), "status": itoa(tk.TaskStatusID),
		"priority": itoa(tk.TaskPriorityID), "owner": itoa(tk.OwnerID)}
}

// taskView is taskSpiraView with the extra fields (extras.go).
func (p *planner) taskView(tk spiraclient.RemoteTask) map[string]string {
	v := taskSpiraView(tk)
	p.addExtraSpira(v, "task", taskSide(&tk), nil)
	return v
}

// taskJiraView is an issue in the same terms; a status or priority with no
// Spira value in the mapping is left out (it cannot come back).
func (p *planner) taskJiraView(is jiraclient.Issue) map[string]string {
	ix := p.ix
	v := map[string]string{"name": is.Summary(), "description": plainADF(is.Description())}
	if st := is.Status(); st != nil {
		v[jiraStatusKey] = st.ID
		if id := ix.back(mapping.TaskStatus, st.ID); id != 0 {
			v["status"] = strconv.Itoa(id)
		}
	}
	if pr := is.Priority(); pr != nil {
		if id := ix.back(mapping.TaskPriority, pr.ID); id != 0 {
			v["priority"] = strconv.Itoa(id)
		}
	} else {
		v["priority"] = ""
	}
	if a := is.Assignee(); a == nil {
		v["owner"] = ""
	} else if id := ix.spiraUser(a); id != 0 {
		v["owner"] = strconv.Itoa(id)
	}
	p.addExtraJira(v, "task", is)
	return v
}

// taskIssueFields are the Jira fields of an issue made from tk.
func (p *planner) taskIssueFields(tk spiraclient.RemoteTask) (map[string]any, []Change, []string) {
	typ := p.s.Tasks.Types[0]
	fields := map[string]any{
		"project":   map[string]any{"id": p.s.JiraProjectID},
		"issuetype": map[string]any{"id": typ},
		"summary":   tk.Name,
	}
	changes := []Change{{Field: "Summary", After: tk.Name}, {Field: "Issue type", After: typ}}
	var reasons []string
	if d := adf.FromHTML(tk.Description); !d.IsEmpty() {
		fields["description"] = d
		changes = append(changes, Change{Field: "Description", After: short(plainHTML(tk.Description))})
	}
	if pr := p.ix.fwd(mapping.TaskPriority, tk.TaskPriorityID); pr != "" {
		fields["priority"] = map[string]any{"id": pr}
		changes = append(changes, Change{Field: "Priority", After: p.valueName(mapping.TaskPriority, tk.TaskPriorityID)})
	}
	if tk.OwnerID != 0 {
		if acc := p.ix.jiraUser(tk.OwnerID); acc != "" {
			fields["assignee"] = map[string]any{"accountId": acc}
			changes = append(changes, Change{Field: "Assignee", After: p.ix.userName(tk.OwnerID)})
		} else {
			reasons = append(reasons, fmt.Sprintf("owner %s has no Jira user: left unassigned", p.ix.userName(tk.OwnerID)))
		}
	}
	p.extraCreate("task", taskSide(&tk), nil, fields, &changes, &reasons)
	if screen, ok := p.s.CreateFields[typ]; ok {
		for f := range fields {
			if f != "project" && f != "issuetype" && !screen[f] {
				delete(fields, f)
				reasons = append(reasons, fmt.Sprintf("%s is not on the create screen of issue type %s: left out", f, typ))
			}
		}
	}
	return fields, changes, reasons
}

// taskCreatedBase is what both sides hold once the issue is created: the
// task's values for what was sent, Jira's default for what was not.
func (p *planner) taskCreatedBase(tk spiraclient.RemoteTask, fields map[string]any) map[string]string {
	b := p.taskView(tk)
	p.unsentExtras(b, "task", fields)
	if _, ok := fields["priority"]; !ok {
		delete(b, "priority")
	}
	if _, ok := fields["assignee"]; !ok {
		b["owner"] = ""
	}
	return b
}

func (p *planner) newTask(it TaskItem) {
	tk := it.Task
	art := Artifact{Type: "task", SpiraID: tk.TaskID, Name: tk.Name}
	item := taskItem(tk.TaskID)
	fields, changes, reasons := p.taskIssueFields(tk)
	base := p.taskCreatedBase(tk, fields)
	op := &Op{JiraFields: fields, Task: &tk, Base: base,
		JiraProps:  []jiraclient.EntityProperty{{Key: MarkerKey, Value: mustJSON(Marker{Product: p.s.ProductID, Task: tk.TaskID, GlobalID: p.taskGlobalID(tk.TaskID)})}},
		RemoteLink: p.taskLink(tk.TaskID, tk.Name), JiraComments: commentsToJira(it.Comments, nil)}
	if len(op.JiraComments) > 0 {
		changes = append(changes, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(op.JiraComments))})
	}
	id := p.add(Action{Kind: KindCreate, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
		Summary: "create Jira issue from " + art.String(), Changes: changes, Reason: strings.Join(reasons, "; "), Op: op})
	p.taskStatusAfterCreate(art, item, id, tk, p.s.InitialStatus[p.s.Tasks.Types[0]], base)
}

// adoptTaskIssue finishes the issue a stopped run created from tk (found by
// its marker): the comments it lacks, the link back, the status, the
// mapping.
func (p *planner) adoptTaskIssue(tk spiraclient.RemoteTask, comments []spiraclient.RemoteComment, ji JiraItem) {
	art := Artifact{Type: "task", SpiraID: tk.TaskID, JiraKey: ji.Issue.Key, JiraID: ji.Issue.ID, Name: tk.Name}
	item := taskItem(tk.TaskID)
	fields, _, _ := p.taskIssueFields(tk)
	base := p.taskCreatedBase(tk, fields)
	p.add(Action{Kind: KindCreate, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
		Summary: "finish the Jira issue an interrupted run created from the task, and record its mapping",
		Op: &Op{Adopt: true, Task: &tk, Base: base, JiraComments: commentsToJira(comments, ji.Comments),
			RemoteLink: p.taskLink(tk.TaskID, tk.Name)}})
	if st := ji.Issue.Status(); st != nil {
		if t := ji.Issue.IssueType(); t != nil && p.ix.back(mapping.TaskStatus, st.ID) != tk.TaskStatusID {
			p.taskStatusAfterCreate(art, item, "", tk, st.ID, base)
		}
	}
}

// taskStatusAfterCreate moves a new issue to the status the task's maps
// to (the first of its row's Jira statuses).
func (p *planner) taskStatusAfterCreate(art Artifact, item, createID string, tk spiraclient.RemoteTask, from string, base map[string]string) {
	typ := p.s.Tasks.Types[0]
	target := p.ix.fwd(mapping.TaskStatus, tk.TaskStatusID)
	if target == "" || target == from {
		if target == "" {
			delete(base, "status") // the issue's status is Jira's own: taken next run
		} else {
			base[jiraStatusKey] = from
		}
		return
	}
	var path []PathStep
	if from != "" {
		path = p.s.Workflow.Path(typ, from, target)
	}
	p.add(Action{Kind: KindTransition, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
		Summary: "move the new issue to the status of " + taskItem(tk.TaskID),
		Changes: []Change{{Field: "Status", After: fmt.Sprintf("%s (Jira status %s)", p.valueName(mapping.TaskStatus, tk.TaskStatusID), p.jiraStatusName(target))}},
		Op:      &Op{TargetStatus: target, FromStatus: from, Path: path, IssueType: typ, IssueOf: createID, AfterCreate: true, Base: base}})
}

// newTaskFromJira creates a Spira task from an issue of a task type
// (Complete mode).
func (p *planner) newTaskFromJira(it JiraItem) {
	is := it.Issue
	tk := spiraclient.RemoteTask{Name: is.Summary(), Description: htmlOf(is.Description())}
	var changes []Change
	changes = append(changes, Change{Field: "Name", After: tk.Name})
	if t := is.IssueType(); t != nil {
		tk.TaskTypeID = p.ix.back(mapping.TaskType, t.ID)
	}
	if st := is.Status(); st != nil {
		if tk.TaskStatusID = p.ix.back(mapping.TaskStatus, st.ID); tk.TaskStatusID != 0 {
			changes = append(changes, Change{Field: "Status", After: p.valueName(mapping.TaskStatus, tk.TaskStatusID)})
		}
	}
	if pr := is.Priority(); pr != nil {
		if tk.TaskPriorityID = p.ix.back(mapping.TaskPriority, pr.ID); tk.TaskPriorityID != 0 {
			changes = append(changes, Change{Field: "Priority", After: p.valueName(mapping.TaskPriority, tk.TaskPriorityID)})
		}
	}
	if a := is.Assignee(); a != nil {
		tk.OwnerID = p.ix.spiraUser(a)
	}
	p.add(Action{Kind: KindCreate, Direction: JiraToSpira, Item: is.Key, Phase: 1,
		Artifact: Artifact{Type: "task", JiraKey: is.Key, JiraID: is.ID, Name: tk.Name},
		Summary:  "create Spira task from " + is.Key, Changes: changes,
		Op: &Op{Task: &tk, SpiraComments: p.commentsToSpira(it.Comments, nil, is), Base: p.taskJiraView(is)}})
}

// pairTask compares a mapped pair with the base of the last run, field by
// field: a side that changed wins where the flow lets it write, and a field
// both changed goes the configured winner's way.
func (p *planner) pairTask(pr TaskPair) {
	fl := p.s.Tasks.Flow.Update
	art := Artifact{Type: "task", SpiraID: pr.Task.TaskID, JiraKey: pr.Issue.Key, JiraID: pr.Issue.ID, Name: pr.Task.Name}
	item := taskItem(pr.Task.TaskID)
	jv, sv := p.taskJiraView(pr.Issue), p.taskView(pr.Task)
	old := p.s.Base[pr.Issue.ID]
	base := maps.Clone(old)
	if base == nil {
		base = map[string]string{}
	}
	tk := pr.Task
	fields := map[string]any{}
	var toSpira, toJira []Change
	var reasons []string
	target := ""
	for _, f := range append(slices.Clone(taskFields), p.extraKeys("task")...) {
		j, jok := jv[f]
		s := sv[f]
		b, bok := base[f]
		switch {
		case bok:
		case !jok:
			// Nothing agreed and Jira's value has no Spira row: a Spira
			// value is a change.
			b = ""
		case fl.ToSpira():
			// No agreed value yet: the side the flow writes from is taken
			// as the change.
			b = s
		default:
			b = j
		}
		if f == "status" && bok {
			// A row may hold several Jira statuses: Jira changed when its
			// status is not the one agreed (or, without a record of that,
			// not one of the agreed row's).
			js, known := base[jiraStatusKey]
			cur := ""
			if st := pr.Issue.Status(); st != nil {
				cur = st.ID
			}
			if (known && js == cur) || (!known && p.statusHolds(atoi(b), pr.Issue)) {
				j, jok = b, true
			}
		} else if f == "status" && p.statusHolds(atoi(s), pr.Issue) {
			// No base (a run stopped before saving it): Jira in one of
			// the task status's Jira statuses agrees with Spira.
			j, jok = s, true
		}
		if !jok {
			if s != b && fl.ToJira() {
				// Jira's value has no Spira row: only Spira's change can go.
				j = b
			} else {
				continue
			}
		}
		if j == s {
			base[f] = j
			continue
		}
		jc, sc := j != b, s != b
		wayToSpira := jc && (!sc || p.s.ConflictWinner != SpiraWins || !fl.ToJira())
		if jc && sc {
			reasons = append(reasons, fmt.Sprintf("%s changed on both sides", fieldLabels[f]))
		}
		switch {
		case wayToSpira && fl.ToSpira():
			p.setTask(&tk, f, j, pr.Issue)
			toSpira = append(toSpira, Change{Field: fieldLabels[f], Before: p.taskDisplay(f, s), After: p.taskDisplay(f, j)})
			base[f] = j
		case sc && fl.ToJira() && !toSpiraOnly(f):
			if f == "status" {
				target = p.ix.fwd(mapping.TaskStatus, tk.TaskStatusID)
				if target == "" {
					reasons = append(reasons, "the task's status has no Jira status in the mapping: not sent")
					continue
				}
			} else {
				p.setIssueField(fields, f, tk)
			}
			toJira = append(toJira, Change{Field: fieldLabels[f], Before: p.taskDisplay(f, j), After: p.taskDisplay(f, s)})
			if f != "status" {
				base[f] = s
			}
		}
	}
	spiraComments := []spiraclient.RemoteComment(nil)
	if fl.ToSpira() {
		spiraComments = p.commentsToSpira(pr.Comments, pr.SpiraComments, pr.Issue)
	}
	var jiraComments = commentsToJira(pr.SpiraComments, pr.Comments)
	if !fl.ToJira() {
		jiraComments = nil
	}
	if st := pr.Issue.Status(); st != nil {
		base[jiraStatusKey] = st.ID
	}
	final := maps.Clone(base)
	if target != "" {
		final["status"], final[jiraStatusKey] = sv["status"], target
	}
	reason := strings.Join(reasons, "; ")
	if len(toSpira) > 0 || len(spiraComments) > 0 {
		op := &Op{Base: base, SpiraComments: spiraComments}
		if len(toSpira) > 0 {
			op.Task = &tk // else comments only
		}
		if len(spiraComments) > 0 {
			toSpira = append(toSpira, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(spiraComments))})
		}
		p.add(Action{Kind: KindUpdate, Direction: JiraToSpira, Artifact: art, Item: item, Phase: 1,
			Summary: "update " + art.String() + " from Jira", Changes: toSpira, Reason: reason, Op: op})
	}
	if len(fields) > 0 || len(jiraComments) > 0 {
		ch := toJira
		if target != "" {
			ch = ch[:0:0]
			for _, c := range toJira {
				if c.Field != fieldLabels["status"] {
					ch = append(ch, c)
				}
			}
		}
		if len(jiraComments) > 0 {
			ch = append(ch, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(jiraComments))})
		}
		p.add(Action{Kind: KindUpdate, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
			Summary: "update " + pr.Issue.Key + " from " + taskItem(tk.TaskID), Changes: ch, Reason: reason,
			Op: &Op{JiraFields: fields, JiraComments: jiraComments, Base: base}})
	}
	if target != "" {
		from := ""
		if st := pr.Issue.Status(); st != nil {
			from = st.ID
		}
		typ := ""
		if t := pr.Issue.IssueType(); t != nil {
			typ = t.ID
		}
		p.add(Action{Kind: KindTransition, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
			Summary: "move " + pr.Issue.Key + " to the status of " + taskItem(tk.TaskID),
			Changes: []Change{{Field: "Status", Before: p.jiraStatusName(from), After: p.jiraStatusName(target)}},
			Op:      &Op{TargetStatus: target, FromStatus: from, Path: p.s.Workflow.Path(typ, from, target), IssueType: typ, Base: final}})
	}
	if len(toSpira) == 0 && len(spiraComments) == 0 && len(fields) == 0 && len(jiraComments) == 0 && target == "" && !maps.Equal(old, base) {
		// Nothing to write, but the agreed values moved (both sides made
		// the same change): remember them.
		p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Artifact: art, Item: item, Phase: 1,
			Summary: "in sync", Reason: reason, Op: &Op{Base: base}})
	}
}

// statusHolds reports whether the issue's status is one of the Jira
// statuses of Spira task status id's row.
func (p *planner) statusHolds(id int, is jiraclient.Issue) bool {
	st := is.Status()
	f := p.ix.p.Field(mapping.TaskStatus)
	if st == nil || f == nil || id == 0 {
		return false
	}
	for _, v := range f.Values {
		if v.Spira.ID == id {
			return slices.Contains(v.JiraIDs(mapping.TaskStatus), st.ID)
		}
	}
	return false
}

// setTask writes a Jira value (in Spira terms) into the task.
func (p *planner) setTask(tk *spiraclient.RemoteTask, f, v string, is jiraclient.Issue) {
	switch f {
	case "name":
		tk.Name = v
	case "description":
		tk.Description = htmlOf(is.Description())
	case "status":
		tk.TaskStatusID = atoi(v)
	case "priority":
		tk.TaskPriorityID = atoi(v)
	case "owner":
		tk.OwnerID = atoi(v)
	default:
		if isExtra(f) {
			setExtraSpira(taskSide(tk), f, v)
		}
	}
}

// setIssueField writes a task's field into a Jira edit.
func (p *planner) setIssueField(fields map[string]any, f string, tk spiraclient.RemoteTask) {
	switch f {
	case "name":
		fields["summary"] = tk.Name
	case "description":
		fields["description"] = adf.FromHTML(tk.Description)
	case "priority":
		if pr := p.ix.fwd(mapping.TaskPriority, tk.TaskPriorityID); pr != "" {
			fields["priority"] = map[string]any{"id": pr}
		}
	case "owner":
		if acc := p.ix.jiraUser(tk.OwnerID); acc != "" {
			fields["assignee"] = map[string]any{"accountId": acc}
		} else {
			fields["assignee"] = nil
		}
	default:
		if isExtra(f) {
			_, _ = p.extraJiraWrite(fields, f, p.taskView(tk)[f])
		}
	}
}

func (p *planner) taskDisplay(f, v string) string {
	if k, ok := taskKinds[f]; ok {
		return p.valueName(k, atoi(v))
	}
	if f == "owner" {
		return p.ix.userName(atoi(v))
	}
	if isExtra(f) {
		return p.extraDisplay(f, v)
	}
	return short(v)
}
