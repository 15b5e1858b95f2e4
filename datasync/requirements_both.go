package datasync

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/adf"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// In Complete, requirements sync both ways: a synced requirement is a pair
// as an incident is, compared field by field against the base of the last
// sync (pair's rule, decide), and Spira's changes go to Jira by an edit and
// a transition (jiraWrites). Elsewhere a requirement follows its issue
// (updateRequirement).

// requirementCompared are the requirement fields a pair compares, in the
// order people read them.
var requirementCompared = []string{"name", "description", "type", "status", "importance", "owner", "component", "release"}

var requirementKinds = map[string]mapping.FieldKind{"importance": mapping.RequirementImportance, "status": mapping.RequirementStatus,
	"type": mapping.RequirementType, "component": mapping.RequirementComponent}

// reqJiraView is a requirement's issue in Spira's terms: field -> Spira
// value, without the fields whose Jira value the mapping lacks.
func (p *planner) reqJiraView(is jiraclient.Issue) map[string]string {
	ix := p.ix
	v := map[string]string{"name": is.Summary(), "description": plainADF(is.Description()), "owner": "", "component": "", "release": ""}
	back := func(field string, jira string) {
		if id := ix.back(requirementKinds[field], jira); id != 0 {
			v[field] = itoa(id)
		}
	}
	if t := is.IssueType(); t != nil {
		back("type", t.ID)
	}
	if st := is.Status(); st != nil {
		back("status", st.ID)
	}
	if pr := is.Priority(); pr != nil {
		back("importance", pr.ID)
	}
	for _, c := range is.Components() {
		if id := ix.back(mapping.RequirementComponent, c.ID); id != 0 {
			v["component"] = itoa(id)
			break
		}
	}
	if a := is.Assignee(); a != nil {
		if id := ix.spiraUser(a); id != 0 {
			v["owner"] = itoa(id)
		} else {
			delete(v, "owner")
		}
	}
	vs := is.FixVersions()
	if len(vs) == 0 {
		vs = is.AffectsVersions()
	}
	if len(vs) > 0 {
		v["release"] = p.releaseFor(vs[len(vs)-1])
	}
	p.addExtraJira(v, "requirement", is)
	delete(v, keyParent) // compared apart: parentChanged
	return v
}

// reqSpiraView is a requirement in the same terms.
func reqSpiraView(r spiraclient.RemoteRequirement) map[string]string {
	return map[string]string{"name": r.Name, "description": plainHTML(r.Description), "type": itoa(r.RequirementTypeID),
		"status": itoa(r.StatusID), "importance": itoa(r.ImportanceID), "owner": itoa(r.OwnerID), "component": itoa(r.ComponentID),
		"release": itoa(r.ReleaseID)}
}

// sameReqInJira reports whether two Spira values of a requirement field
// read the same from Jira (equal, or both without a Jira value).
func (p *planner) sameReqInJira(f, a, b string) bool {
	if a == b {
		return true
	}
	if _, ok := placeholderOf(f, a); ok {
		return false
	}
	if _, ok := placeholderOf(f, b); ok {
		return false
	}
	if k, ok := requirementKinds[f]; ok {
		return p.ix.fwd(k, atoi(a)) == "" && p.ix.fwd(k, atoi(b)) == ""
	}
	if f == "owner" {
		return p.ix.jiraUser(atoi(a)) == "" && p.ix.jiraUser(atoi(b)) == ""
	}
	return false
}

func (p *planner) reqDisplay(f, v string) string {
	switch {
	case v == "":
		return ""
	case f == "owner":
		return p.ix.userName(atoi(v))
	case f == "release":
		if _, ok := placeholderOf(f, v); ok {
			return "(new release)"
		}
		return p.releaseName(atoi(v))
	case f == "description":
		return short(v)
	case isExtra(f):
		return p.extraDisplay(f, v)
	}
	if k, ok := requirementKinds[f]; ok {
		return p.valueName(k, atoi(v))
	}
	return v
}

// setRequirement writes a Spira-side value into a requirement.
func (p *planner) setRequirement(r *spiraclient.RemoteRequirement, op *Op, f, v string) {
	if id, ok := placeholderOf(f, v); ok {
		op.Refs = append(op.Refs, Ref{Field: f, Action: id})
		return
	}
	switch f {
	case "name":
		r.Name = v
	case "description":
		r.Description = op.descHTML
	case "type":
		r.RequirementTypeID = atoi(v)
	case "status":
		r.StatusID = atoi(v)
	case "importance":
		r.ImportanceID = atoi(v)
	case "owner":
		r.OwnerID = atoi(v)
	case "component":
		r.ComponentID = atoi(v)
	case "release":
		r.ReleaseID = atoi(v)
	default:
		if isExtra(f) {
			setExtraSpira(p.reqSide(r), f, v)
		}
	}
}

// pairRequirement plans the writes a mapped issue and requirement need
// when requirement updates go both ways.
func (p *planner) pairRequirement(it JiraItem, id int) {
	is, r := it.Issue, *it.Requirement
	art := Artifact{Type: "requirement", SpiraID: id, JiraKey: is.Key, JiraID: is.ID, Name: r.Name}
	jv, sv := p.reqJiraView(is), reqSpiraView(r)
	p.addExtraSpira(sv, "requirement", requirementSide(&r), &r)
	delete(sv, keyParent)
	p.parentChanged(is, id, r.IndentLevel)
	base := p.s.Base[is.ID]
	if m := it.Marker; base == nil && m != nil && m.Product == p.s.ProductID && m.Requirement == id {
		base = p.createdRequirementBase(r, jv) // ours, from a run that stopped before keeping a base
	}
	jiraChangedSince := p.changedInJiraSince(is)
	spiraChangedSince := r.LastUpdateDate != nil && !r.LastUpdateDate.Before(p.s.Watermark)
	target := r
	op := &Op{Requirement: &target, descHTML: htmlOf(is.Description())}
	rt := &fieldRoutes{newBase: maps.Clone(sv)}
	for _, f := range append(slices.Clone(requirementCompared), p.extraKeys("requirement")...) {
		j, ok := jv[f]
		s := sv[f]
		if !ok {
			continue // a Jira value the mapping lacks: not synced
		}
		if p.sameReqInJira(f, j, s) {
			rt.newBase[f] = s
			continue
		}
		b, hasBase := base[f]
		if k, ok := p.statusKept(is.ID, s, j); f == "status" && ok {
			// Spira kept its status when it was last sent (F8): leave it,
			// say why, as for incidents.
			keepOldBase(rt.newBase, f, b, hasBase)
			p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1, Summary: "status stays in Spira",
				Changes: []Change{{Field: fieldLabels[f], Before: p.reqDisplay(f, s), After: p.reqDisplay(f, j)}},
				Reason:  statusKeptReason(k, func(id string) string { return strconv.Quote(p.valueName(mapping.RequirementStatus, atoi(id))) })})
			continue
		}
		jc := !hasBase && jiraChangedSince || hasBase && !p.sameReqInJira(f, j, b)
		sc := !hasBase && spiraChangedSince || hasBase && s != b
		ch := Change{Field: fieldLabels[f], Before: p.reqDisplay(f, s), After: p.reqDisplay(f, j)}
		way, conflict := p.decide(f, jc, sc, hasBase, true)
		rt.route(f, ch, way, conflict, s, j, b, hasBase, func() { p.setRequirement(&target, op, f, j) })
	}
	if target.StatusID != r.StatusID {
		op.StatusFrom = itoa(r.StatusID) // read back: Spira may keep its status (F8)
	}
	op.SpiraComments = p.commentsToSpira(it.Comments, it.SpiraComments, is)
	if len(op.SpiraComments) > 0 {
		rt.toSpira = append(rt.toSpira, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(op.SpiraComments))})
	}
	p.conflict(art, rt.conflicts, true)
	if len(rt.toSpira) > 0 {
		op.Base = revertBase(rt.newBase, base, changedFields(rt.toJira))
		p.add(Action{Kind: KindUpdate, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "update Spira requirement from " + is.Key, Changes: rt.toSpira, Op: op})
	}
	comments := commentsToJira(it.SpiraComments, it.Comments)
	if len(rt.toJira) > 0 || len(comments) > 0 {
		p.pushRequirement(is, target, rt.toJira, comments, rt.newBase, base, art)
		return
	}
	if len(rt.toSpira) == 0 && !maps.Equal(base, rt.newBase) {
		p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "in sync", Op: &Op{Base: rt.newBase}})
	}
}

// pushRequirement plans the edit and transition that bring an issue to
// its requirement's values.
func (p *planner) pushRequirement(is jiraclient.Issue, r spiraclient.RemoteRequirement, changes []fieldChange, comments []json.RawMessage,
	base, oldBase map[string]string, art Artifact) {
	w := jiraWrite{fields: map[string]any{}, comments: comments, changes: changes}
	for _, c := range changes {
		n := len(w.fields)
		switch c.key {
		case "name":
			w.fields["summary"] = r.Name
		case "description":
			w.fields["description"] = adf.FromHTML(r.Description)
		case "type":
			if t := p.ix.fwd(mapping.RequirementType, r.RequirementTypeID); t != "" {
				w.fields["issuetype"] = map[string]any{"id": t}
			}
		case "importance":
			if pr := p.ix.fwd(mapping.RequirementImportance, r.ImportanceID); pr != "" {
				w.fields["priority"] = map[string]any{"id": pr}
			}
		case "owner":
			if acc := p.ix.jiraUser(r.OwnerID); acc != "" {
				w.fields["assignee"] = map[string]any{"accountId": acc}
			} else if r.OwnerID == 0 {
				w.fields["assignee"] = nil
			}
		case "component":
			if j := p.ix.fwd(mapping.RequirementComponent, r.ComponentID); j != "" {
				w.fields["components"] = []map[string]any{{"id": j}}
			} else if r.ComponentID == 0 {
				w.fields["components"] = []map[string]any{}
			}
		case "release":
			if reason := p.closedUnmapped(r.ReleaseID); reason != "" {
				w.unwritten, w.reasons = append(w.unwritten, c.key), append(w.reasons, reason)
				continue
			}
			w.fields["fixVersions"] = versionList(p.versionFor(r.ReleaseID))
		case "status":
			w.statusTarget = p.ix.fwd(mapping.RequirementStatus, r.StatusID)
			if w.statusTarget == "" {
				w.unwritten = append(w.unwritten, c.key)
			}
			continue
		default:
			if isExtra(c.key) {
				sv := map[string]string{}
				p.addExtraSpira(sv, "requirement", requirementSide(&r), &r)
				if _, why := p.extraJiraWrite(w.fields, c.key, sv[c.key]); why != "" {
					w.unwritten, w.reasons = append(w.unwritten, c.key), append(w.reasons, why)
					continue
				}
			}
		}
		if len(w.fields) == n {
			w.unwritten = append(w.unwritten, c.key)
			w.reasons = append(w.reasons, fmt.Sprintf("%s %q has no Jira value in the mapping: not sent", c.Field, c.After))
		}
	}
	p.jiraWrites(is, art, w, base, oldBase)
}

// readChangedRequirements reads the mapped requirements changed in Spira
// since the watermark, whose issues the run must read to send them.
func (e *Engine) readChangedRequirements(ctx context.Context, s *Snapshot, since time.Time) error {
	for r, err := range e.cfg.Spira.SearchRequirements(ctx, s.ProductID, []spiraclient.RemoteFilter{spiraclient.UpdatedSince(since)}) {
		if err != nil {
			return fmt.Errorf("read changed requirements: %w", err)
		}
		// Spira may answer more than the filter asks (F2, F6).
		if r.LastUpdateDate == nil || r.LastUpdateDate.Before(since) {
			continue
		}
		if _, mapped := s.RequirementKeys[r.RequirementID]; mapped {
			s.ChangedRequirements = append(s.ChangedRequirements, RequirementItem{Requirement: r})
		}
	}
	return nil
}

// changedRequirementKeys lists the issue keys of the changed requirements.
func (s *Snapshot) changedRequirementKeys() []string {
	var out []string
	for _, it := range s.ChangedRequirements {
		if k := s.RequirementKeys[it.Requirement.RequirementID]; k != "" && !strings.Contains(k, " ") {
			out = append(out, k)
		}
	}
	return out
}

// reqInSync reports whether a requirement's issue holds the base both
// sides agreed on (the sweep's test).
func (p *planner) reqInSync(is jiraclient.Issue, base map[string]string) bool {
	jv := p.reqJiraView(is)
	for f, b := range base {
		if x, ok := jv[f]; ok && !p.sameReqInJira(f, x, b) {
			return false
		}
	}
	return true
}
