package datasync

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// The creates: Jira issues from incidents, Spira incidents and requirements from issues.

// createIssue creates a Jira issue from an incident. The intent goes to the
// journal first; the marker property is written with the issue, atomically,
// so a run stopped right after the create finds the issue next time.
func (a *applier) createIssue(act *Action) error {
	op := act.Op
	f, err := a.resolve(op.JiraFields)
	if err != nil {
		return err
	}
	if err := a.e.jr.write(entry{Type: entryIntent, Action: act.ID, Item: act.Item, Artifact: act.Artifact.Type, Dir: dirS2J,
		SpiraID: act.Artifact.SpiraID, At: time.Now()}); err != nil {
		return err
	}
	created, err := a.e.cfg.Jira.CreateIssue(a.ctx, jiraclient.IssueUpdate{Fields: f.(map[string]any), Properties: op.JiraProps})
	if err != nil {
		return fmt.Errorf("create the Jira issue: %w", err)
	}
	if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: act.Artifact.Type, Dir: dirS2J,
		SpiraID: act.Artifact.SpiraID, JiraKey: created.Key, JiraID: created.ID, At: time.Now()}); err != nil {
		return err
	}
	a.setResult(act.ID, created.Key)
	return a.finishIssue(act, created.Key, created.ID)
}

// finishIssue adds the comments and the remote link of a created issue and
// queues its mapping.
func (a *applier) finishIssue(act *Action, key, id string) error {
	op, jr := act.Op, a.e.cfg.Jira
	a.setResult(act.ID, key)
	a.mu.Lock()
	if act.Artifact.Type == "incident" {
		a.newKeys[act.Artifact.SpiraID] = key
	}
	a.issueIDs[key] = id
	a.comments[key] += len(op.JiraComments)
	a.mu.Unlock()
	for _, body := range op.JiraComments {
		if _, err := jr.AddComment(a.ctx, key, jiraclient.Comment{Body: body}); err != nil {
			return fmt.Errorf("comment on %s: %w", key, err)
		}
	}
	if len(op.SpiraComments) > 0 {
		if _, err := a.e.cfg.Spira.AddIncidentComments(a.ctx, a.s.ProductID, act.Artifact.SpiraID, op.SpiraComments); err != nil {
			return fmt.Errorf("add comments to incident %d: %w", act.Artifact.SpiraID, err)
		}
	}
	if op.RemoteLink != nil {
		if _, err := jr.UpsertRemoteLink(a.ctx, key, *op.RemoteLink); err != nil {
			return fmt.Errorf("link %s back to Spira: %w", key, err)
		}
	}
	if cp := op.IssueKeyProperty; cp != nil && op.Incident != nil && !hasValue(op.Incident.CustomProperties, cp.PropertyNumber, key) {
		inc := *op.Incident
		k := key
		c := *cp
		c.StringValue = &k
		inc.CustomProperties = withProperty(inc.CustomProperties, c)
		if err := a.updateIncident(a.ctx, inc); err != nil {
			return fmt.Errorf("write %s into incident %d's Jira key property: %w", key, inc.IncidentID, err)
		}
	}
	a.base(id, op.Base)
	a.mapping(artifactTypeID(act.Artifact.Type), act.Artifact.SpiraID, key)
	return nil
}

func hasValue(cps []spiraclient.RemoteArtifactCustomProperty, number int, s string) bool {
	for _, c := range cps {
		if c.PropertyNumber == number && c.StringValue != nil && *c.StringValue == s {
			return true
		}
	}
	return false
}

// createIncident creates a Spira incident from a Jira issue, with its
// comments, links the issue back, and queues the mapping.
func (a *applier) createIncident(act *Action) error {
	op, sp, pid := act.Op, a.e.cfg.Spira, a.s.ProductID
	inc := *op.Incident
	for _, r := range op.Refs {
		id, err := a.ref(r)
		if err != nil {
			return err
		}
		setRelease(&inc, r.Field, id)
	}
	var created time.Time
	if inc.CreationDate != nil {
		created = inc.CreationDate.Time
	}
	if err := a.e.jr.write(entry{Type: entryIntent, Action: act.ID, Item: act.Item, Artifact: "incident", Dir: dirJ2S,
		JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, Name: inc.Name, Created: created, At: time.Now()}); err != nil {
		return err
	}
	out, err := sp.CreateIncident(a.ctx, pid, inc)
	if err != nil {
		return fmt.Errorf("create the Spira incident: %w", err)
	}
	if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: "incident", Dir: dirJ2S,
		SpiraID: out.IncidentID, JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, Name: inc.Name, At: time.Now()}); err != nil {
		return err
	}
	a.setResult(act.ID, strconv.Itoa(out.IncidentID))
	if len(op.SpiraComments) > 0 {
		if _, err := sp.AddIncidentComments(a.ctx, pid, out.IncidentID, op.SpiraComments); err != nil {
			return fmt.Errorf("add comments to incident %d: %w", out.IncidentID, err)
		}
	}
	link := RemoteLinkFor(a.s.SpiraURL, pid, "incident", out.IncidentID, inc.Name)
	if _, err := a.e.cfg.Jira.UpsertRemoteLink(a.ctx, act.Artifact.JiraKey, *link); err != nil {
		return fmt.Errorf("link %s back to Spira: %w", act.Artifact.JiraKey, err)
	}
	a.mu.Lock()
	a.toReadBack = append(a.toReadBack, createdIncident{act: act, sent: op.Base, inc: inc, id: out.IncidentID})
	a.mu.Unlock()
	a.mapping(mapping.ArtifactTypeIncident, out.IncidentID, act.Artifact.JiraKey)
	return nil
}

func (a *applier) createRequirement(act *Action) error {
	op, sp, pid := act.Op, a.e.cfg.Spira, a.s.ProductID
	r := *op.Requirement
	parent := op.ParentID
	for _, ref := range op.Refs {
		id, err := a.ref(ref)
		if err != nil {
			return err
		}
		if ref.Field == keyParent {
			parent = id
			continue
		}
		r.ReleaseID = id
	}
	if err := a.e.jr.write(entry{Type: entryIntent, Action: act.ID, Item: act.Item, Artifact: "requirement", Dir: dirJ2S,
		JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, Name: r.Name, At: time.Now(), Since: a.s.ServerTime}); err != nil {
		return err
	}
	out, err := sp.CreateRequirement(a.ctx, pid, r, parent)
	if err != nil {
		return fmt.Errorf("create the Spira requirement: %w", err)
	}
	a.setResult(act.ID, strconv.Itoa(out.RequirementID))
	if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: "requirement", Dir: dirJ2S,
		SpiraID: out.RequirementID, JiraKey: act.Artifact.JiraKey, JiraID: act.Artifact.JiraID, Name: r.Name, At: time.Now()}); err != nil {
		return err
	}
	if r.StatusID > 1 { // 1, Requested, is Spira's default
		act := *act
		act.Artifact.SpiraID = out.RequirementID
		if err := a.checkRequirementStatus(&act, out.RequirementID, r.StatusID); err != nil {
			return err
		}
	}
	for _, c := range op.SpiraComments {
		c.ArtifactID = out.RequirementID
		if _, err := sp.AddRequirementComment(a.ctx, pid, out.RequirementID, c); err != nil {
			return fmt.Errorf("add a comment to requirement %d: %w", out.RequirementID, err)
		}
	}
	link := RemoteLinkFor(a.s.SpiraURL, pid, "requirement", out.RequirementID, r.Name)
	if _, err := a.e.cfg.Jira.UpsertRemoteLink(a.ctx, act.Artifact.JiraKey, *link); err != nil {
		return fmt.Errorf("link %s back to Spira: %w", act.Artifact.JiraKey, err)
	}
	a.mapping(mapping.ArtifactTypeRequirement, out.RequirementID, act.Artifact.JiraKey)
	return nil
}
