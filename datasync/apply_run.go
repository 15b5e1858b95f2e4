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

// run executes one action.
func (a *applier) run(act *Action) error {
	ctx, op := a.ctx, act.Op
	sp, jr, pid := a.e.cfg.Spira, a.e.cfg.Jira, a.s.ProductID
	switch {
	case op.File != nil:
		return a.runFile(act)
	case act.Artifact.Type == "task":
		return a.runTask(act)
	case op.Remap != nil:
		return a.remap(act)
	case op.SameName:
		return a.linkSameName(act)
	case op.Adopt && act.Artifact.Type == "release":
		a.setResult(act.ID, strconv.Itoa(act.Artifact.SpiraID))
		a.mapping(mapping.ArtifactTypeRelease, act.Artifact.SpiraID, act.Artifact.JiraID)
		return nil
	case op.Version != nil && act.Kind == KindCreate && act.Direction == SpiraToJira:
		v, err := jr.CreateVersion(ctx, *op.Version)
		if err != nil {
			return fmt.Errorf("create Jira version %q: %w", op.Version.Name, err)
		}
		a.setResult(act.ID, v.ID)
		a.mapping(mapping.ArtifactTypeRelease, act.Artifact.SpiraID, v.ID)
		return nil
	case op.Release != nil && act.Kind == KindCreate && act.Direction == JiraToSpira:
		r, err := sp.CreateRelease(ctx, pid, *op.Release, 0)
		if err != nil {
			return fmt.Errorf("create Spira release %q: %w", op.Release.Name, err)
		}
		a.setResult(act.ID, strconv.Itoa(r.ReleaseID))
		a.mapping(mapping.ArtifactTypeRelease, r.ReleaseID, act.Artifact.JiraID)
		return nil
	case op.Adopt && act.Direction == SpiraToJira && op.Incident != nil:
		// Journaled as a create that got its answer: if recording the
		// mapping fails, the next run records it from the journal (the
		// incident is then no longer new, and its issue ignored).
		if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: "incident", Dir: dirS2J,
			SpiraID: act.Artifact.SpiraID, JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, At: time.Now()}); err != nil {
			return err
		}
		return a.finishIssue(act, act.Artifact.JiraKey, act.Artifact.JiraID)
	case op.Adopt && act.Direction == SpiraToJira && act.Artifact.Type == "requirement" && act.Artifact.JiraKey != "":
		// As an incident's: journaled as a create that got its answer.
		if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: "requirement", Dir: dirS2J,
			SpiraID: act.Artifact.SpiraID, JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, At: time.Now()}); err != nil {
			return err
		}
		return a.finishIssue(act, act.Artifact.JiraKey, act.Artifact.JiraID)
	case op.Adopt:
		if op.RemoteLink != nil {
			if _, err := jr.UpsertRemoteLink(ctx, act.Artifact.JiraKey, *op.RemoteLink); err != nil {
				return fmt.Errorf("link %s back to Spira: %w", act.Artifact.JiraKey, err)
			}
		}
		a.mapping(artifactTypeID(act.Artifact.Type), act.Artifact.SpiraID, act.Artifact.JiraKey)
		return nil
	case act.Kind == KindCreate && act.Direction == SpiraToJira:
		return a.createIssue(act)
	case act.Kind == KindCreate && op.Incident != nil:
		return a.createIncident(act)
	case act.Kind == KindCreate && op.Requirement != nil:
		return a.createRequirement(act)
	case act.Kind == KindUpdate && act.Direction == JiraToSpira && op.Incident != nil:
		inc := *op.Incident
		for _, r := range op.Refs {
			id, err := a.ref(r)
			if err != nil {
				return err
			}
			setRelease(&inc, r.Field, id)
		}
		if err := a.updateIncident(ctx, inc); err != nil {
			return fmt.Errorf("update incident %d: %w", inc.IncidentID, err)
		}
		if len(op.SpiraComments) > 0 {
			if _, err := sp.AddIncidentComments(ctx, pid, inc.IncidentID, op.SpiraComments); err != nil {
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
	case act.Kind == KindUpdate && op.Requirement != nil:
		r := *op.Requirement
		for _, ref := range op.Refs {
			id, err := a.ref(ref)
			if err != nil {
				return err
			}
			r.ReleaseID = id
		}
		if err := sp.UpdateRequirement(ctx, pid, r); err != nil {
			return fmt.Errorf("update requirement %d: %w", r.RequirementID, err)
		}
		if op.StatusFrom != "" {
			if err := a.checkRequirementStatus(act, r.RequirementID, r.StatusID); err != nil {
				return err
			}
		}
		for _, c := range op.SpiraComments {
			c.ArtifactID = r.RequirementID
			if _, err := sp.AddRequirementComment(ctx, pid, r.RequirementID, c); err != nil {
				return fmt.Errorf("add a comment to requirement %d: %w", r.RequirementID, err)
			}
		}
		a.base(act.Artifact.JiraID, op.Base)
		return nil
	case act.Kind == KindUpdate && act.Direction == SpiraToJira:
		if len(op.JiraFields) > 0 {
			f, err := a.resolve(op.JiraFields)
			if err != nil {
				return err
			}
			if err := jr.EditIssue(ctx, act.Artifact.JiraKey, jiraclient.IssueUpdate{Fields: f.(map[string]any)}); err != nil {
				return fmt.Errorf("edit %s: %w", act.Artifact.JiraKey, err)
			}
		}
		for _, body := range op.JiraComments {
			if _, err := jr.AddComment(ctx, act.Artifact.JiraKey, jiraclient.Comment{Body: body}); err != nil {
				return fmt.Errorf("comment on %s: %w", act.Artifact.JiraKey, err)
			}
			a.mu.Lock()
			a.comments[act.Artifact.JiraKey]++
			a.mu.Unlock()
		}
		a.base(act.Artifact.JiraID, op.Base)
		return nil
	case op.AfterCreate:
		return a.afterCreate(act)
	case act.Kind == KindTransition:
		if err := a.transition(act); err != nil {
			return err
		}
		a.base(act.Artifact.JiraID, op.Base)
		return nil
	case act.Kind == KindLink && op.Link != nil:
		l, err := a.resolve(op.Link)
		if err != nil {
			return err
		}
		var link jiraclient.NewIssueLink
		b, _ := json.Marshal(l)
		if err := json.Unmarshal(b, &link); err != nil {
			return err
		}
		if err := jr.LinkIssues(ctx, link); err != nil {
			return fmt.Errorf("link %s to %s: %w", link.OutwardIssue.Key, link.InwardIssue.Key, err)
		}
		return nil
	case op.Base != nil:
		a.base(act.Artifact.JiraID, op.Base)
		return nil
	}
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
