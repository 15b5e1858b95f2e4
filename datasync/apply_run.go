package datasync

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// The execution of one action of the plan.

// run executes one action: the handler of its Op's type. A plan made
// before Op had a type (an older --plan-out file) is typed here.
func (a *applier) run(act *Action) error {
	typ := act.Op.Type
	if typ == "" {
		typ = opTypeOf(act)
	}
	h, ok := opHandlers[typ]
	if !ok {
		return fmt.Errorf("plan step %s is of an unknown type %q: plan the run again with this version of spirajira", act.ID, typ)
	}
	return h(a, act)
}

// opHandlers is the dispatch table: what each type of Op does.
var opHandlers = map[OpType]func(*applier, *Action) error{
	OpCopyFile:          (*applier).runFile,
	OpRemap:             (*applier).remap,
	OpLinkSameName:      (*applier).linkSameName,
	OpAdoptRelease:      (*applier).adoptRelease,
	OpCreateVersion:     (*applier).createVersion,
	OpCreateRelease:     (*applier).createRelease,
	OpAdoptIssue:        (*applier).adoptIssue,
	OpAdoptMapping:      (*applier).adoptMapping,
	OpCreateIssue:       (*applier).createIssue,
	OpCreateIncident:    (*applier).createIncident,
	OpCreateRequirement: (*applier).createRequirement,
	OpUpdateIncident:    (*applier).updateIncidentFromJira,
	OpUpdateRequirement: (*applier).updateRequirementFromJira,
	OpUpdateIssue:       (*applier).updateIssueFromSpira,
	OpStatusAfterCreate: (*applier).afterCreate,
	OpTransition:        (*applier).transitionIssue,
	OpLinkIssues:        (*applier).linkIssues,
	OpRecordBase:        (*applier).recordBase,
	OpNothing:           func(*applier, *Action) error { return nil },

	OpAdoptTaskIssue:  (*applier).adoptTaskIssue,
	OpCreateTaskIssue: (*applier).createTaskIssue,
	OpAdoptTask:       func(a *applier, act *Action) error { return a.finishTask(act, act.Artifact.SpiraID) },
	OpCreateTask:      (*applier).createTask,
	OpUpdateTask:      (*applier).updateTaskFromJira,
	OpUpdateTaskIssue: (*applier).updateTaskIssueFromSpira,
	OpTaskAfterCreate: (*applier).taskAfterCreate,
}

func (a *applier) adoptRelease(act *Action) error {
	a.setResult(act.ID, strconv.Itoa(act.Artifact.SpiraID))
	a.mapping(mapping.ArtifactTypeRelease, act.Artifact.SpiraID, act.Artifact.JiraID)
	return nil
}

func (a *applier) createVersion(act *Action) error {
	op := act.Op
	v, err := a.e.cfg.Jira.CreateVersion(a.ctx, *op.Version)
	if err != nil {
		return fmt.Errorf("create Jira version %q: %w", op.Version.Name, err)
	}
	a.setResult(act.ID, v.ID)
	a.mapping(mapping.ArtifactTypeRelease, act.Artifact.SpiraID, v.ID)
	return nil
}

func (a *applier) createRelease(act *Action) error {
	op := act.Op
	r, err := a.e.cfg.Spira.CreateRelease(a.ctx, a.s.ProductID, *op.Release, 0)
	if err != nil {
		return fmt.Errorf("create Spira release %q: %w", op.Release.Name, err)
	}
	a.setResult(act.ID, strconv.Itoa(r.ReleaseID))
	a.mapping(mapping.ArtifactTypeRelease, r.ReleaseID, act.Artifact.JiraID)
	return nil
}

// adoptIssue records the Jira issue an earlier run created from an
// incident or a requirement, found by its marker: journaled as a create
// that got its answer, so that if recording the mapping fails, the next
// run records it from the journal (the item is then no longer new, and
// its issue ignored).
func (a *applier) adoptIssue(act *Action) error {
	if err := a.journalAdopted(act); err != nil {
		return err
	}
	return a.finishIssue(act, act.Artifact.JiraKey, act.Artifact.JiraID)
}

// journalAdopted records an issue found by its marker as a create of act
// that got its answer.
func (a *applier) journalAdopted(act *Action) error {
	return a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: act.Artifact.Type, Dir: dirS2J,
		SpiraID: act.Artifact.SpiraID, JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, At: time.Now()})
}

func (a *applier) adoptMapping(act *Action) error {
	if rl := act.Op.RemoteLink; rl != nil {
		if _, err := a.e.cfg.Jira.UpsertRemoteLink(a.ctx, act.Artifact.JiraKey, *rl); err != nil {
			return fmt.Errorf("link %s back to Spira: %w", act.Artifact.JiraKey, err)
		}
	}
	a.mapping(artifactTypeID(act.Artifact.Type), act.Artifact.SpiraID, act.Artifact.JiraKey)
	return nil
}

func (a *applier) updateIncidentFromJira(act *Action) error {
	op := act.Op
	inc := *op.Incident
	for _, r := range op.Refs {
		id, err := a.ref(r)
		if err != nil {
			return err
		}
		setRelease(&inc, r.Field, id)
	}
	if err := a.updateIncident(a.ctx, inc); err != nil {
		return fmt.Errorf("update incident %d: %w", inc.IncidentID, err)
	}
	if len(op.SpiraComments) > 0 {
		if _, err := a.e.cfg.Spira.AddIncidentComments(a.ctx, a.s.ProductID, inc.IncidentID, op.SpiraComments); err != nil {
			return fmt.Errorf("add comments to incident %d: %w", inc.IncidentID, err)
		}
	}
	b := op.Base
	if op.StatusFrom != "" {
		var err error
		if b, err = a.checkStatus(act, inc, b); err != nil {
			return err
		}
	}
	a.base(act.Artifact.JiraID, b)
	return nil
}

func (a *applier) updateRequirementFromJira(act *Action) error {
	op := act.Op
	sp, pid := a.e.cfg.Spira, a.s.ProductID
	r := *op.Requirement
	for _, ref := range op.Refs {
		id, err := a.ref(ref)
		if err != nil {
			return err
		}
		r.ReleaseID = id
	}
	if err := sp.UpdateRequirement(a.ctx, pid, r); err != nil {
		return fmt.Errorf("update requirement %d: %w", r.RequirementID, err)
	}
	if op.StatusFrom != "" {
		if err := a.checkRequirementStatus(act, r.RequirementID, r.StatusID); err != nil {
			return err
		}
	}
	for _, c := range op.SpiraComments {
		c.ArtifactID = r.RequirementID
		if _, err := sp.AddRequirementComment(a.ctx, pid, r.RequirementID, c); err != nil {
			return fmt.Errorf("add a comment to requirement %d: %w", r.RequirementID, err)
		}
	}
	a.base(act.Artifact.JiraID, op.Base)
	return nil
}

func (a *applier) updateIssueFromSpira(act *Action) error {
	op, jr := act.Op, a.e.cfg.Jira
	if len(op.JiraFields) > 0 {
		f, err := a.resolve(op.JiraFields)
		if err != nil {
			return err
		}
		if err := jr.EditIssue(a.ctx, act.Artifact.JiraKey, jiraclient.IssueUpdate{Fields: f.(map[string]any)}); err != nil {
			return fmt.Errorf("edit %s: %w", act.Artifact.JiraKey, err)
		}
	}
	for _, body := range op.JiraComments {
		if _, err := jr.AddComment(a.ctx, act.Artifact.JiraKey, jiraclient.Comment{Body: body}); err != nil {
			return fmt.Errorf("comment on %s: %w", act.Artifact.JiraKey, err)
		}
		a.mu.Lock()
		a.comments[act.Artifact.JiraKey]++
		a.mu.Unlock()
	}
	a.base(act.Artifact.JiraID, op.Base)
	return nil
}

// transitionIssue moves an issue (an incident's, a requirement's or a
// task's) to the status the action targets.
func (a *applier) transitionIssue(act *Action) error {
	if err := a.transition(act); err != nil {
		return err
	}
	a.base(act.Artifact.JiraID, act.Op.Base)
	return nil
}

func (a *applier) linkIssues(act *Action) error {
	l, err := a.resolve(act.Op.Link)
	if err != nil {
		return err
	}
	var link jiraclient.NewIssueLink
	b, _ := json.Marshal(l)
	if err := json.Unmarshal(b, &link); err != nil {
		return err
	}
	if err := a.e.cfg.Jira.LinkIssues(a.ctx, link); err != nil {
		return fmt.Errorf("link %s to %s: %w", link.OutwardIssue.Key, link.InwardIssue.Key, err)
	}
	return nil
}

func (a *applier) recordBase(act *Action) error {
	a.base(act.Artifact.JiraID, act.Op.Base)
	return nil
}

func artifactTypeID(typ string) int {
	if typ == "requirement" {
		return mapping.ArtifactTypeRequirement
	}
	return mapping.ArtifactTypeIncident
}

func setRelease(inc *spiraclient.RemoteIncident, field string, id int) {
	switch field {
	case "detected":
		inc.DetectedReleaseID = id
	case "resolved":
		inc.ResolvedReleaseID = id
	}
}
