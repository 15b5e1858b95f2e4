package datasync

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spirajira/spirajira/mapping"
)

// A mapped issue and incident compared against the base of the last sync.

// pair compares a mapped issue and incident field by field against the
// base of the last sync and plans the writes each side needs.
func (p *planner) pair(it JiraItem, incidentID int) {
	// Updates go both ways (Bidirectional, Complete), or from Jira only.
	both := p.flow(mapping.FlowIncidents).Update.ToJira()
	is := it.Issue
	inc := *it.Incident
	art := Artifact{Type: "incident", SpiraID: incidentID, JiraKey: is.Key, JiraID: is.ID, Name: inc.Name}
	jv, sv := p.jiraView(is), p.spiraView(inc)
	base := p.s.Base[is.ID]
	// An issue this engine created from the incident, with no base: the
	// run that created it stopped before keeping what both sides hold.
	// What the create sent is that base, with the status the issue is in,
	// so neither a field the create left out nor Jira's initial status
	// reads as a change in Jira; the move to the incident's status it may
	// not have made is planned below.
	ours := base == nil && it.Marker != nil && it.Marker.Product == p.s.ProductID && it.Marker.Incident == incidentID
	// Moved in Jira since it was created: its status is a change in Jira,
	// not a move still to make.
	moved := false
	if ours {
		base = p.createdBase(inc, p.issueFields(inc))
		cur := is.Status()
		if t := is.IssueType(); t != nil && cur != nil {
			moved = p.movedInJira(inc, t.ID, cur.ID)
		}
		if st, ok := jv["status"]; ok && cur != nil && p.ix.fwd(mapping.IncidentStatus, inc.IncidentStatusID) != cur.ID && !moved {
			base["status"] = st
		}
	}
	jiraChangedSince := p.changedInJiraSince(is)
	spiraChangedSince := inc.LastUpdateDate != nil && !inc.LastUpdateDate.Before(p.s.Watermark)
	target := inc
	target.ComponentIDs = slices.Clone(inc.ComponentIDs)
	target.CustomProperties = slices.Clone(inc.CustomProperties)
	op := &Op{Incident: &target, descHTML: htmlOf(is.Description()), jiraProps: p.addJiraProps(map[string]string{}, is)}
	rt := &fieldRoutes{newBase: maps.Clone(sv)}
	for _, f := range p.pairFields(jv) {
		j, ok := jv[f]
		s := sv[f]
		if !ok {
			// Jira holds a value the mapping has no Spira value for (a
			// priority or status left out): it never came to Spira, and
			// Spira keeps its own. With Both, Spira's change since the
			// last sync still goes to Jira and replaces it. The base holds
			// no Jira-side value, so a Jira edit to that unmapped value
			// since the last sync cannot be told apart and is not shown as
			// a conflict: mapping every value avoids the case.
			if b, hasBase := base[f]; both && hasBase && s != b {
				rt.toJira = append(rt.toJira, fieldChange{Change{Field: p.label(f), Before: jiraValueName(is, f, p.ix.set.SeverityField), After: p.display(f, s)}, f})
			}
			continue
		}
		if p.sameInJira(f, j, s) {
			// Equal, or Spira holds what Jira cannot (an unmapped
			// severity): Jira's empty field is not a change to copy.
			rt.newBase[f] = s
			continue
		}
		b, hasBase := base[f]
		if !hasBase && j == "" && strings.HasPrefix(f, cpPrefix) {
			// A property never compared before (synced by the plug-in, or
			// before properties followed updates) that Jira has no value
			// for: Jira never had one to send, keep Spira's.
			rt.newBase[f] = ""
			continue
		}
		if k, ok := p.statusKept(is.ID, s, j); f == "status" && ok {
			// Spira kept its status when it was last sent: leave it, say why.
			keepOldBase(rt.newBase, f, b, hasBase)
			p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1, Summary: "status stays in Spira",
				Changes: []Change{{Field: p.label(f), Before: p.display(f, s), After: p.display(f, j)}}, Reason: statusKeptReason(k, func(id string) string { return statusNameIn(p.s, id) })})
			continue
		}
		jc := !hasBase && jiraChangedSince || hasBase && !p.sameInJira(f, j, b)
		sc := !hasBase && spiraChangedSince || hasBase && s != b
		if p.linking[is.Key] {
			// Linked by name this run: no history says who is right.
			jc, sc, hasBase = true, true, true
		}
		ch := Change{Field: p.label(f), Before: p.display(f, s), After: p.display(f, j)}
		way, conflict := p.decide(f, jc, sc, hasBase, both)
		rt.route(f, ch, way, conflict, s, j, b, hasBase, func() { p.setIncident(&target, op, f, j) })
	}
	if target.IncidentStatusID != inc.IncidentStatusID {
		op.StatusFrom = itoa(inc.IncidentStatusID)
	}
	// Comments: Jira's to Spira always; Spira's to Jira only with Both.
	op.SpiraComments = p.commentsToSpira(it.Comments, it.SpiraComments, is)
	if len(op.SpiraComments) > 0 {
		rt.toSpira = append(rt.toSpira, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(op.SpiraComments))})
	}
	p.conflict(art, rt.conflicts, both)
	if len(rt.toSpira) > 0 {
		// The fields still to go to Jira keep their old base until the
		// Jira write that carries them succeeds: if it fails, the next run
		// must still see them as changed in Spira, not in Jira.
		op.Base = revertBase(rt.newBase, base, changedFields(rt.toJira))
		p.add(Action{Kind: KindUpdate, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "update Spira from " + is.Key, Changes: rt.toSpira, Op: op})
	}
	if both {
		p.pushToJira(it, inc, rt.toJira, rt.newBase, base, art)
		return
	}
	if len(rt.toSpira) == 0 && (ours || !maps.Equal(base, rt.newBase)) {
		// Nothing to write, but remember what both sides hold now.
		p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "in sync", Op: &Op{Base: rt.newBase}})
	}
	if t, st := is.IssueType(), is.Status(); ours && !moved && t != nil && st != nil {
		b := maps.Clone(rt.newBase)
		b["status"] = sv["status"]
		p.statusAfterCreate(art, is.Key, "", inc, t.ID, st.ID, b)
	}
}

// sameInJira reports whether two Spira-side values of field f read the
// same from Jira: equal, or both nothing in Jira (empty, or a Spira value
// with no Jira counterpart, such as a severity or an owner the mapping
// lacks). Two mapped values are not the same even when Jira holds them as
// one: the Primary row is what Jira's value reads back as, and the guide
// counts on that (New becomes Open once the incident is in Jira).
func (p *planner) sameInJira(f, a, b string) bool {
	if a == b {
		return true
	}
	if _, ok := placeholderOf(f, a); ok {
		return false
	}
	if _, ok := placeholderOf(f, b); ok {
		return false
	}
	ix := p.ix
	if k, ok := fieldKinds[f]; ok {
		return ix.fwd(k, atoi(a)) == "" && ix.fwd(k, atoi(b)) == ""
	}
	switch f {
	case "owner":
		return ix.jiraUser(atoi(a)) == "" && ix.jiraUser(atoi(b)) == ""
	case "components":
		mapped := func(s string) string {
			var out []int
			for _, id := range parseIDs(s) {
				if ix.fwd(mapping.IncidentComponent, id) != "" {
					out = append(out, id)
				}
			}
			slices.Sort(out)
			return idList(slices.Compact(out))
		}
		return mapped(a) == mapped(b)
	}
	return false
}

// changedIncident plans Spira -> Jira updates for a mapped incident whose
// issue did not change in Jira (those were paired already).
func (p *planner) changedIncident(it SpiraItem) {
	key, ok := p.s.IncidentKeys[it.Incident.IncidentID]
	if !ok {
		return
	}
	for _, ji := range p.s.Issues {
		if ji.Issue.Key == key {
			return // paired with its issue already
		}
	}
	p.add(Action{Kind: KindSkip, Direction: SpiraToJira, Item: key, Phase: 1,
		Artifact: Artifact{Type: "incident", SpiraID: it.Incident.IncidentID, JiraKey: key, Name: it.Incident.Name},
		Summary:  "changed in Spira, but its Jira issue was not read", Reason: "the issue could not be read from Jira this run; it is retried next run"})
}
