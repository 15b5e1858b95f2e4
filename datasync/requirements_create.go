package datasync

import (
	"context"
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

// In Complete, a new Spira requirement becomes a Jira issue of the first
// Requirement Type, as a new incident does: the issue carries the marker
// (with the requirement's ID) and a remote link back, so a run stopped
// after the create adopts the issue instead of creating another.

// ours reports whether the marker is of an issue this engine created for
// product, from an incident or a requirement.
func (m *Marker) ours(product int) bool {
	return m != nil && m.Product == product && (m.Incident != 0 || m.Requirement != 0)
}

// itemOf names the plan item of a Spira artifact.
func itemOf(typ string, id int) string {
	if typ == "requirement" {
		return "RQ:" + strconv.Itoa(id)
	}
	return incItem(id)
}

// readNewRequirements reads the unmapped requirements created since t,
// with their comments.
func (e *Engine) readNewRequirements(ctx context.Context, s *Snapshot, t time.Time) error {
	from := spiraclient.RemoteFilter{PropertyName: spiraclient.FilterCreationDate,
		DateRangeValue: &spiraclient.DateRange{ConsiderTimes: true, StartDate: spiraclient.TimePtr(t)}}
	for r, err := range e.cfg.Spira.SearchRequirements(ctx, s.ProductID, []spiraclient.RemoteFilter{from}) {
		if err != nil {
			return fmt.Errorf("read new requirements: %w", err)
		}
		if r.CreationDate == nil || r.CreationDate.Before(t) {
			continue // Spira may answer more than the filter asks (F2, F6)
		}
		if _, mapped := s.RequirementKeys[r.RequirementID]; !mapped {
			s.NewRequirements = append(s.NewRequirements, RequirementItem{Requirement: r})
		}
	}
	if extended(s).SkipComments {
		return nil
	}
	g := newGroup(e.cfg.Concurrency)
	for i := range s.NewRequirements {
		it := &s.NewRequirements[i]
		g.Go(func() (err error) {
			it.Comments, err = e.cfg.Spira.RequirementComments(ctx, s.ProductID, it.Requirement.RequirementID)
			return wrap(err, "read comments of requirement "+strconv.Itoa(it.Requirement.RequirementID))
		})
	}
	return g.Wait()
}

// newRequirementsToJira plans the issues of the new requirements, but for
// those linked by name this run.
func (p *planner) newRequirementsToJira(sn sameNamePlan) {
	if !p.flow(mapping.FlowRequirements).Create.ToJira() {
		return
	}
	for _, it := range p.s.NewRequirements {
		if !sn.requirements[it.Requirement.RequirementID] {
			p.newRequirementToJira(it)
		}
	}
}

func (p *planner) newRequirementToJira(it RequirementItem) {
	r := it.Requirement
	art := Artifact{Type: "requirement", SpiraID: r.RequirementID, Name: r.Name}
	item := itemOf("requirement", r.RequirementID)
	if _, ok := p.s.RequirementKeys[r.RequirementID]; ok {
		return
	}
	typ := ""
	if ts := p.ix.set.RequirementTypes; len(ts) > 0 {
		typ = ts[0]
	}
	if typ == "" {
		return // NoIncidents' default artifact: no type to create
	}
	fields := map[string]any{
		"project":   map[string]any{"id": p.s.JiraProjectID},
		"issuetype": map[string]any{"id": typ},
		"summary":   r.Name,
	}
	changes := []Change{{Field: "Summary", After: r.Name}, {Field: "Issue type", After: p.jiraLabel("issuetype", typ, mapping.RequirementType, r.RequirementTypeID)}}
	var reasons []string
	sent := map[string]bool{"name": true, "type": true}
	if d := adf.FromHTML(r.Description); !d.IsEmpty() {
		fields["description"] = d
		changes = append(changes, Change{Field: "Description", After: short(plainHTML(r.Description))})
	}
	sent["description"] = true
	if pr := p.ix.fwd(mapping.RequirementImportance, r.ImportanceID); pr != "" {
		fields["priority"] = map[string]any{"id": pr}
		changes, sent["importance"] = append(changes, Change{Field: "Priority", After: p.jiraLabel("priority", pr, mapping.RequirementImportance, r.ImportanceID)}), true
	}
	if acc := p.ix.jiraUser(r.OwnerID); acc != "" {
		fields["assignee"] = map[string]any{"accountId": acc}
		changes, sent["owner"] = append(changes, Change{Field: "Assignee", After: p.jiraUserName(r.OwnerID, acc)}), true
	}
	if c := p.ix.fwd(mapping.RequirementComponent, r.ComponentID); c != "" {
		fields["components"] = []map[string]any{{"id": c}}
		changes, sent["component"] = append(changes, Change{Field: "Components", After: p.jiraComponents(mapping.RequirementComponent, []int{r.ComponentID})}), true
	}
	if v := p.versionFor(r.ReleaseID); v != "" {
		fields["fixVersions"] = []map[string]any{{"id": v}}
		changes, sent["release"] = append(changes, Change{Field: "Fix versions", After: p.jiraVersion(r.ReleaseID, v)}), true
	} else if why := p.closedUnmapped(r.ReleaseID); why != "" {
		reasons = append(reasons, why)
	}
	if acc := p.ix.jiraUser(r.AuthorID); acc != "" {
		fields["reporter"] = map[string]any{"accountId": acc}
	}
	p.extraCreate("requirement", requirementSide(&r), &r, fields, &changes, &reasons)
	for _, k := range p.extraKeys("requirement") {
		if _, ok := fields[extraJiraField(k, p.ix.set)]; ok {
			sent[k] = true
		}
	}
	// A field the create screen lacks is refused with the whole create.
	if screen, ok := p.s.CreateFields[typ]; ok {
		for _, f := range slices.Sorted(maps.Keys(fields)) {
			if f != "project" && f != "issuetype" && f != "summary" && !screen[f] {
				delete(fields, f)
				reasons = append(reasons, fmt.Sprintf("%s is not on the create screen of issue type %s in Jira: not sent", f, typ))
			}
		}
	}
	// What both sides hold once the issue exists: what was sent, and for
	// the rest the issue's nothing, which is no change in Jira to copy.
	base := reqSpiraView(r)
	p.addExtraSpira(base, "requirement", requirementSide(&r), &r)
	delete(base, keyParent)
	for f := range base {
		if !sent[f] && f != "status" {
			base[f] = ""
		}
	}
	// An issue carrying our marker for it: an earlier run created it and
	// stopped before recording the mapping. Finish it: comments, link,
	// mapping, and the move to the requirement's status unless it moved in
	// Jira since.
	for _, ji := range p.s.Issues {
		if m := ji.Marker; m != nil && m.Product == p.s.ProductID && m.Requirement == r.RequirementID {
			art.JiraKey, art.JiraID = ji.Issue.Key, ji.Issue.ID
			p.add(Action{Kind: KindCreate, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
				Summary: "finish the Jira issue an interrupted run created from the requirement, and record its mapping",
				Op: &Op{Adopt: true, Base: base, RemoteLink: RemoteLinkFor(p.s.SpiraURL, p.s.ProductID, "requirement", r.RequirementID, r.Name),
					JiraComments: commentsToJira(it.Comments, ji.Comments)}})
			if st := ji.Issue.Status(); st != nil && !p.movedOffTheWay(typ, st.ID, p.ix.fwd(mapping.RequirementStatus, r.StatusID)) {
				p.requirementStatusAfterCreate(art, item, "", r, typ, st.ID, base)
			}
			return
		}
	}
	op := &Op{JiraFields: fields, Base: base,
		JiraProps: []jiraclient.EntityProperty{{Key: MarkerKey, Value: mustJSON(Marker{Product: p.s.ProductID, Requirement: r.RequirementID,
			GlobalID: fmt.Sprintf("system=%s&product=%d&id=RQ%d", strings.TrimRight(p.s.SpiraURL, "/"), p.s.ProductID, r.RequirementID)})}},
		RemoteLink: RemoteLinkFor(p.s.SpiraURL, p.s.ProductID, "requirement", r.RequirementID, r.Name)}
	for _, c := range it.Comments {
		if c.IsDeleted || strings.Contains(c.Text, prefixFromJira) {
			continue
		}
		op.JiraComments = append(op.JiraComments, mustJSON(adf.FromHTML(prefixHTML(prefixFromSpira, c.Text))))
	}
	if len(op.JiraComments) > 0 {
		changes = append(changes, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(op.JiraComments))})
	}
	id := p.add(Action{Kind: KindCreate, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
		Summary: "create Jira issue from " + art.String(), Changes: changes, Reason: strings.Join(reasons, "; "), Op: op})
	p.requirementStatusAfterCreate(art, item, id, r, typ, p.s.InitialStatus[typ], base)
}

// requirementStatusAfterCreate moves a new issue to its requirement's
// status, or records the status it starts in when Spira's has no Jira
// status, as statusAfterCreate does for incidents.
func (p *planner) requirementStatusAfterCreate(art Artifact, item, createID string, r spiraclient.RemoteRequirement, typ, from string, base map[string]string) {
	b := maps.Clone(base)
	target := p.ix.fwd(mapping.RequirementStatus, r.StatusID)
	switch {
	case target == from:
		return
	case target == "":
		// The issue keeps the status it starts in, which is then what
		// both hold (Apply reads it when it is not known yet).
		p.add(Action{Kind: KindSkip, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
			Summary: "status not sent to Jira", Reason: fmt.Sprintf("status %s has no Jira status in the mapping", p.reqDisplay("status", itoa(r.StatusID))),
			Op: &Op{IssueOf: createID, IssueType: typ, FromStatus: from, AfterCreate: true, Base: b}})
		return
	}
	var path []PathStep
	if from != "" {
		path = p.s.Workflow.Path(typ, from, target)
	}
	p.add(Action{Kind: KindTransition, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
		Summary: "move the new issue to the status of " + item,
		Changes: []Change{{Field: "Status", After: p.reqDisplay("status", itoa(r.StatusID))}},
		Op:      &Op{TargetStatus: target, FromStatus: from, Path: path, IssueType: typ, IssueOf: createID, AfterCreate: true, Base: b}})
}

// createdRequirementBase is the base of an issue created from r whose
// run stopped before keeping one: what was sent, with the issue's status,
// so that the move to the requirement's status it may not have made is a
// change in Spira to send.
func (p *planner) createdRequirementBase(r spiraclient.RemoteRequirement, jv map[string]string) map[string]string {
	base := reqSpiraView(r)
	p.addExtraSpira(base, "requirement", requirementSide(&r), &r)
	delete(base, keyParent)
	p.unsentExtras(base, "requirement", nil)
	if st, ok := jv["status"]; ok {
		base["status"] = st
	} else {
		delete(base, "status")
	}
	return base
}
