package datasync

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// ---- requirements (Jira -> Spira only, like the plug-in) ----

func (p *planner) requirementFields(is jiraclient.Issue, r *spiraclient.RemoteRequirement, op *Op) []Change {
	ix := p.ix
	var ch []Change
	kinds := map[string]mapping.FieldKind{"importance": mapping.RequirementImportance, "status": mapping.RequirementStatus,
		"type": mapping.RequirementType, "component": mapping.RequirementComponent}
	name := func(field string, id int) string {
		switch {
		case id == 0:
			return ""
		case field == "owner":
			return ix.userName(id)
		case field == "release":
			return p.releaseName(id)
		}
		return p.valueName(kinds[field], id)
	}
	set := func(field string, cur *int, v int) {
		if v != 0 && *cur != v {
			ch = append(ch, Change{Field: fieldLabels[field], Before: name(field, *cur), After: name(field, v)})
			*cur = v
		}
	}
	if pr := is.Priority(); pr != nil {
		set("importance", &r.ImportanceID, ix.back(mapping.RequirementImportance, pr.ID))
	}
	if st := is.Status(); st != nil {
		set("status", &r.StatusID, ix.back(mapping.RequirementStatus, st.ID))
	}
	if t := is.IssueType(); t != nil {
		set("type", &r.RequirementTypeID, ix.back(mapping.RequirementType, t.ID))
	}
	for _, c := range is.Components() {
		if id := ix.back(mapping.RequirementComponent, c.ID); id != 0 {
			set("component", &r.ComponentID, id)
			break
		}
	}
	if a := is.Assignee(); a != nil {
		set("owner", &r.OwnerID, ix.spiraUser(a))
	}
	vs := is.FixVersions()
	if len(vs) == 0 {
		vs = is.AffectsVersions()
	}
	if len(vs) > 0 {
		rel := p.releaseFor(vs[len(vs)-1])
		if id, ok := placeholderOf("release", rel); ok {
			op.Refs = append(op.Refs, Ref{Field: "release", Action: id})
			ch = append(ch, Change{Field: "Release", After: vs[len(vs)-1].Name})
		} else {
			set("release", &r.ReleaseID, atoi(rel))
		}
	}
	if name := is.Summary(); name != "" && name != r.Name {
		ch = append(ch, Change{Field: "Name", Before: r.Name, After: name})
		r.Name = name
	}
	if d := htmlOf(is.Description()); plainHTML(d) != plainHTML(r.Description) {
		ch = append(ch, Change{Field: "Description", Before: short(plainHTML(r.Description)), After: short(plainHTML(d))})
		r.Description = d
	}
	p.extraFromJira("requirement", requirementSide(r), r, is, &ch)
	return ch
}

func (p *planner) newRequirement(it JiraItem) {
	is := it.Issue
	r := &spiraclient.RemoteRequirement{}
	op := &Op{Requirement: r}
	changes := p.requirementFields(is, r, op)
	if r.Name == "" {
		r.Name = "Untitled JIRA Issue: " + is.Key
	}
	if r.StatusID == 0 {
		r.StatusID = 1
	}
	if r.RequirementTypeID == 0 {
		r.RequirementTypeID = 4
	}
	r.AuthorID = p.ix.spiraUser(is.Reporter())
	if r.AuthorID == 0 {
		r.AuthorID = p.s.SyncUserID
	}
	op.SpiraComments = p.commentsToSpira(it.Comments, nil, is)
	if len(op.SpiraComments) > 0 {
		changes = append(changes, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(op.SpiraComments))})
	}
	phase := 1
	if c, wait := p.parentOfNew(is, op); c != nil {
		changes = append(changes, *c)
		if wait {
			phase = 2 // after the create of its parent's requirement
		}
	}
	p.add(Action{Kind: KindCreate, Direction: JiraToSpira, Item: is.Key, Phase: phase,
		Artifact: Artifact{Type: "requirement", JiraKey: is.Key, JiraID: is.ID, Name: is.Summary()},
		Summary:  "create Spira requirement from " + is.Key, Changes: changes, Op: op})
}

func (p *planner) updateRequirement(it JiraItem, id int) {
	is := it.Issue
	r := *it.Requirement
	op := &Op{Requirement: &r}
	changes := p.requirementFields(is, &r, op)
	if old := it.Requirement.StatusID; r.StatusID != old {
		if k, ok := p.statusKept(is.ID, itoa(old), itoa(r.StatusID)); ok {
			// Spira kept its status when it was last sent: leave it, say why.
			art := Artifact{Type: "requirement", SpiraID: id, JiraKey: is.Key, JiraID: is.ID, Name: r.Name}
			p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1, Summary: "status stays in Spira",
				Changes: []Change{{Field: "Status", Before: p.valueName(mapping.RequirementStatus, old), After: p.valueName(mapping.RequirementStatus, r.StatusID)}},
				Reason:  statusKeptReason(k, func(id string) string { return strconv.Quote(p.valueName(mapping.RequirementStatus, atoi(id))) })})
			r.StatusID = old
			changes = slices.DeleteFunc(changes, func(c Change) bool { return c.Field == fieldLabels["status"] })
		} else {
			op.StatusFrom = itoa(old)
		}
	}
	op.SpiraComments = p.commentsToSpira(it.Comments, it.SpiraComments, is)
	if len(op.SpiraComments) > 0 {
		changes = append(changes, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(op.SpiraComments))})
	}
	p.parentChanged(is, id, it.Requirement.IndentLevel)
	if len(changes) == 0 {
		return
	}
	p.add(Action{Kind: KindUpdate, Direction: JiraToSpira, Item: is.Key, Phase: 1,
		Artifact: Artifact{Type: "requirement", SpiraID: id, JiraKey: is.Key, JiraID: is.ID, Name: r.Name},
		Summary:  "update Spira requirement from " + is.Key, Changes: changes, Op: op})
}
