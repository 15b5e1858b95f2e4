package datasync

// OpType is what Apply does with an action's Op: each type has one
// handler in the dispatch table (apply_run.go). Plan sets it on every
// action it gives an Op, so --plan-out says what each step does.
type OpType string

// The steps Apply knows. A task's transition, base and no-op are the
// same steps as any issue's: the artifact says it is a task.
const (
	OpCopyFile          OpType = "copy-attachment"
	OpRemap             OpType = "remap-moved-issue"
	OpLinkSameName      OpType = "link-same-name"
	OpAdoptRelease      OpType = "map-release-to-version"
	OpCreateVersion     OpType = "create-jira-version"
	OpCreateRelease     OpType = "create-spira-release"
	OpAdoptIssue        OpType = "record-created-issue"
	OpAdoptMapping      OpType = "record-mapping"
	OpCreateIssue       OpType = "create-jira-issue"
	OpCreateIncident    OpType = "create-spira-incident"
	OpCreateRequirement OpType = "create-spira-requirement"
	OpUpdateIncident    OpType = "update-spira-incident"
	OpUpdateRequirement OpType = "update-spira-requirement"
	OpUpdateIssue       OpType = "update-jira-issue"
	OpStatusAfterCreate OpType = "move-new-issue-to-status"
	OpTransition        OpType = "transition-jira-issue"
	OpLinkIssues        OpType = "link-jira-issues"
	OpRecordBase        OpType = "record-base"
	OpNothing           OpType = "nothing"

	OpAdoptTaskIssue  OpType = "record-created-task-issue"
	OpCreateTaskIssue OpType = "create-jira-task-issue"
	OpAdoptTask       OpType = "record-created-task"
	OpCreateTask      OpType = "create-spira-task"
	OpUpdateTask      OpType = "update-spira-task"
	OpUpdateTaskIssue OpType = "update-jira-task-issue"
	OpTaskAfterCreate OpType = "move-new-task-issue-to-status"
)

// typeOps gives every Op of the plan its type, once the plan is whole
// (later passes, such as the parents', add to Ops already made).
func typeOps(acts []Action) {
	for i := range acts {
		if acts[i].Op != nil {
			acts[i].Op.Type = opTypeOf(&acts[i])
		}
	}
}

// opTypeOf reads what an Op is from what it carries. The order matters:
// an Op may carry more than its step needs (a created version carries its
// release, an adoption the incident it adopts).
func opTypeOf(act *Action) OpType {
	op := act.Op
	if act.Artifact.Type == "task" && op.File == nil {
		return taskOpTypeOf(act)
	}
	switch {
	case op.File != nil:
		return OpCopyFile
	case op.Remap != nil:
		return OpRemap
	case op.SameName:
		return OpLinkSameName
	case op.Adopt && act.Artifact.Type == "release":
		return OpAdoptRelease
	case op.Version != nil && act.Kind == KindCreate && act.Direction == SpiraToJira:
		return OpCreateVersion
	case op.Release != nil && act.Kind == KindCreate && act.Direction == JiraToSpira:
		return OpCreateRelease
	case op.Adopt && act.Direction == SpiraToJira && op.Incident != nil,
		op.Adopt && act.Direction == SpiraToJira && act.Artifact.Type == "requirement" && act.Artifact.JiraKey != "":
		return OpAdoptIssue
	case op.Adopt:
		return OpAdoptMapping
	case act.Kind == KindCreate && act.Direction == SpiraToJira:
		return OpCreateIssue
	case act.Kind == KindCreate && op.Incident != nil:
		return OpCreateIncident
	case act.Kind == KindCreate && op.Requirement != nil:
		return OpCreateRequirement
	case act.Kind == KindUpdate && act.Direction == JiraToSpira && op.Incident != nil:
		return OpUpdateIncident
	case act.Kind == KindUpdate && op.Requirement != nil:
		return OpUpdateRequirement
	case act.Kind == KindUpdate && act.Direction == SpiraToJira:
		return OpUpdateIssue
	case op.AfterCreate:
		return OpStatusAfterCreate
	case act.Kind == KindTransition:
		return OpTransition
	case act.Kind == KindLink && op.Link != nil:
		return OpLinkIssues
	case op.Base != nil:
		return OpRecordBase
	}
	return OpNothing
}

func taskOpTypeOf(act *Action) OpType {
	op := act.Op
	switch {
	case act.Kind == KindCreate && act.Direction == SpiraToJira && op.Adopt:
		return OpAdoptTaskIssue
	case act.Kind == KindCreate && act.Direction == SpiraToJira:
		return OpCreateTaskIssue
	case act.Kind == KindCreate && op.Adopt:
		return OpAdoptTask
	case act.Kind == KindCreate:
		return OpCreateTask
	case act.Kind == KindUpdate && act.Direction == JiraToSpira:
		return OpUpdateTask
	case act.Kind == KindUpdate:
		return OpUpdateTaskIssue
	case act.Kind == KindTransition && op.AfterCreate:
		return OpTaskAfterCreate
	case act.Kind == KindTransition:
		return OpTransition
	case op.Base != nil:
		return OpRecordBase
	}
	return OpNothing
}
