package datasync

import (
	"fmt"
	"maps"
	"strconv"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
)

// Jira status moves: after a create, and along the workflow to a target status.

// afterCreate brings an issue just created (or adopted) from an incident
// to the status the incident's maps to, when it has one, and records as
// base the status the issue is left in when that is not it (no path, a
// failed step, no mapped status): Jira's initial status is then no change
// to copy back over Spira's. The rest of the base is what was sent: a
// resolution the move to a done status was given is Jira's, and comes to
// Spira next run.
func (a *applier) afterCreate(act *Action) error {
	op := act.Op
	key, id, from, err := a.createdIssue(act)
	if err != nil {
		return err
	}
	cur := from
	if op.TargetStatus == from {
		a.mu.Lock()
		a.noop[act.ID] = true
		a.mu.Unlock()
	}
	if op.TargetStatus != "" && op.TargetStatus != from {
		cur, err = a.moveCreated(key, op, from)
		if err != nil && op.FromStatus == "" {
			// The status learned for new issues may be out of date (the
			// workflow changed): learn it again next time.
			a.mu.Lock()
			delete(a.s.InitialStatus, op.IssueType)
			a.mu.Unlock()
		}
	}
	base := maps.Clone(op.Base)
	if cur != op.TargetStatus && base != nil {
		kind := mapping.IncidentStatus
		if act.Artifact.Type == "requirement" {
			kind = mapping.RequirementStatus
		}
		if back := (&index{p: a.s.Mapping}).back(kind, cur); back != 0 {
			base["status"] = strconv.Itoa(back)
		}
	}
	a.base(id, base)
	return err
}

// createdIssue is the issue a move after a create acts on: its key (from
// the create action, when it ran this run), its ID and the status it starts
// in (the planned one, or the type's initial status).
func (a *applier) createdIssue(act *Action) (key, id, from string, err error) {
	op := act.Op
	key, id = act.Artifact.JiraKey, act.Artifact.JiraID
	if op.IssueOf != "" {
		k, ok := a.result(op.IssueOf)
		if !ok {
			return "", "", "", fmt.Errorf("it needs the issue action %s creates, which did not succeed", op.IssueOf)
		}
		key = k
	}
	a.mu.Lock()
	if id == "" {
		id = a.issueIDs[key]
	}
	a.mu.Unlock()
	if from = op.FromStatus; from == "" {
		if from, err = a.initialStatus(op.IssueType, key); err != nil {
			return "", "", "", err
		}
	}
	return key, id, from, nil
}

// moveCreated moves a new issue from its first status to the target, by
// the planned path or, when the first status was not known at planning, by
// the path the workflow knows now; it returns the status reached.
func (a *applier) moveCreated(key string, op *Op, from string) (string, error) {
	path := op.Path
	if op.FromStatus == "" {
		a.mu.Lock()
		path = a.s.Workflow.Path(op.IssueType, from, op.TargetStatus)
		a.mu.Unlock()
	}
	return a.moveTo(key, op, path, from)
}

// initialStatus is the status new issues of a type start in: known from an
// earlier create, or read from the issue just created (with its
// transitions, which the workflow learns).
func (a *applier) initialStatus(typ, key string) (string, error) {
	a.mu.Lock()
	st, ok := a.s.InitialStatus[typ]
	a.mu.Unlock()
	if ok && st != "" {
		return st, nil
	}
	is, err := a.e.cfg.Jira.GetIssue(a.ctx, key, jiraclient.IssueOptions{Fields: []string{"status", "issuetype"}, Expand: "transitions"})
	if err != nil {
		return "", fmt.Errorf("read the status of %s: %w", key, err)
	}
	s := is.Status()
	if s == nil {
		return "", fmt.Errorf("%s has no status", key)
	}
	a.mu.Lock()
	if typ != "" {
		a.s.InitialStatus[typ] = s.ID
		a.s.Workflow.Learn(typ, s.ID, is.Transitions)
	}
	a.mu.Unlock()
	return s.ID, nil
}

// transition moves an issue to the target status, through intermediate
// statuses when no direct transition exists. With no known path it reads
// the issue's transitions step by step, learning the workflow.
func (a *applier) transition(act *Action) error {
	_, err := a.moveTo(act.Artifact.JiraKey, act.Op, act.Op.Path, act.Op.FromStatus)
	return err
}

// moveTo moves issue key from status cur to op.TargetStatus along path
// (nil: find one) and returns the status the issue is in at the end.
func (a *applier) moveTo(key string, op *Op, path []PathStep, cur string) (string, error) {
	jr := a.e.cfg.Jira
	wf := a.s.Workflow
	for tries := 0; tries < 12; tries++ {
		if path == nil {
			ts, err := jr.Transitions(a.ctx, key)
			if err != nil {
				return cur, fmt.Errorf("read the transitions of %s: %w", key, err)
			}
			a.mu.Lock()
			for _, t := range ts {
				if t.To != nil && t.To.ID == op.TargetStatus {
					path = []PathStep{{TransitionID: t.ID, To: t.To.ID, HasScreen: t.HasScreen}}
				}
			}
			if path == nil && cur != "" {
				wf.Learn(op.IssueType, cur, ts)
				path = wf.Path(op.IssueType, cur, op.TargetStatus)
			}
			a.mu.Unlock()
			if path == nil {
				return cur, fmt.Errorf("no transition of %s's workflow leads to status %s: add one in Jira or change the status mapping", key, op.TargetStatus)
			}
		}
		if len(path) == 0 {
			return cur, nil
		}
		st := path[0]
		body := jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: st.TransitionID}}
		if st.HasScreen {
			ts, err := jr.Transitions(a.ctx, key)
			if err != nil {
				return cur, fmt.Errorf("read the transitions of %s: %w", key, err)
			}
			for _, t := range ts {
				if t.ID == st.TransitionID {
					if _, ok := t.Fields["resolution"]; ok {
						res := op.Resolution
						if res == "" {
							// Spira has none and Jira needs one: Jira's
							// value, not agreed, so the base keeps Spira's
							// and the next run copies it to Spira.
							if al := t.Fields["resolution"].Allowed(); len(al) > 0 {
								res = al[0].ID
							}
						}
						if res != "" {
							body.Fields = map[string]any{"resolution": map[string]any{"id": res}}
						}
					}
				}
			}
		}
		if err := jr.DoTransition(a.ctx, key, body); err != nil {
			return cur, fmt.Errorf("move %s through transition %s: %w", key, st.TransitionID, err)
		}
		cur = st.To
		path = path[1:]
		if len(path) == 0 {
			return cur, nil
		}
	}
	return cur, fmt.Errorf("gave up moving %s to status %s after 12 transitions", key, op.TargetStatus)
}
