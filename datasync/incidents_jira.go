package datasync

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// ---- Jira -> Spira ----

func (p *planner) jiraIssue(it JiraItem) {
	is := it.Issue
	typ := ""
	if t := is.IssueType(); t != nil {
		typ = t.ID
	}
	if p.ix.skipped(typ) {
		return
	}
	if id, ok := p.ix.keyToReq[is.Key]; ok {
		if !p.flow(mapping.FlowRequirements).Update.ToSpira() {
			return
		}
		if it.Requirement != nil && p.flow(mapping.FlowRequirements).Update.ToJira() {
			p.pairRequirement(it, id)
		} else if it.Requirement != nil {
			p.updateRequirement(it, id)
		} else {
			p.gone("requirement", id, is)
		}
		return
	}
	if id, ok := p.ix.keyToInc[is.Key]; ok {
		if !p.flow(mapping.FlowIncidents).Update.ToSpira() {
			return
		}
		if it.Incident != nil {
			p.pair(it, id)
		} else {
			p.gone("incident", id, is)
		}
		return
	}
	if it.Marker.ours(p.s.ProductID) {
		return // ours, created by an interrupted run: newIncident (or newRequirementToJira) adopts it
	}
	art := p.ix.artifactOf(typ)
	if !p.flow(flowKind(art)).Create.ToSpira() {
		return
	}
	switch art {
	case asRequirement:
		p.newRequirement(it)
	case asIncident:
		p.newIncidentFromJira(it)
	}
}

// gone says why a changed issue mapped to a Spira item Spira no longer
// has (deleted) is not synced.
func (p *planner) gone(typ string, id int, is jiraclient.Issue) {
	p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Item: is.Key, Phase: 1,
		Artifact: Artifact{Type: typ, SpiraID: id, JiraKey: is.Key, JiraID: is.ID, Name: is.Summary()},
		Summary:  "not synced",
		Reason: fmt.Sprintf("the Spira %s %d this issue is mapped to no longer exists (deleted in Spira?): the issue is not synced while that mapping stays",
			typ, id)})
}

// setIncident writes a Spira-side value into an incident.
func (p *planner) setIncident(inc *spiraclient.RemoteIncident, op *Op, field, v string) {
	if id, ok := placeholderOf(field, v); ok {
		op.Refs = append(op.Refs, Ref{Field: field, Action: id})
		return
	}
	switch field {
	case "name":
		inc.Name = v
	case "description":
		inc.Description = op.descHTML
	case "type":
		inc.IncidentTypeID = atoi(v)
	case "status":
		inc.IncidentStatusID = atoi(v)
	case "priority":
		inc.PriorityID = atoi(v)
	case "severity":
		inc.SeverityID = atoi(v)
	case "owner":
		inc.OwnerID = atoi(v)
	case "components":
		inc.ComponentIDs = parseIDs(v)
	case "detected":
		inc.DetectedReleaseID = atoi(v)
	case "resolved":
		inc.ResolvedReleaseID = atoi(v)
	case "resolution":
		m := p.ix.p.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyResolution)
		setListProperty(inc, m, atoi(v), p.s.IncidentProperties)
	default:
		if isExtra(field) {
			setExtraSpira(incidentSide(inc), field, v)
		} else if m := p.propByKey(field); m != nil {
			setProp(inc, field, op.jiraProps, p.propDef(m.Property.ID))
		}
	}
}

func (p *planner) newIncidentFromJira(it JiraItem) {
	is := it.Issue
	art := Artifact{Type: "incident", JiraKey: is.Key, JiraID: is.ID, Name: is.Summary()}
	jv := p.jiraView(is)
	if jv["type"] == "" {
		name := ""
		if t := is.IssueType(); t != nil {
			name = t.Name
		}
		p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "not imported", Reason: fmt.Sprintf("issue type %q has no Spira incident type in the mapping (the plug-in's way to leave a type out)", name)})
		return
	}
	inc := &spiraclient.RemoteIncident{Name: cmp.Or(is.Summary(), "Untitled JIRA Issue: "+is.Key), Description: htmlOf(is.Description()),
		ComponentIDs: []int{}}
	if c := is.Created(); !c.IsZero() {
		inc.CreationDate = spiraclient.TimePtr(c.UTC())
	}
	op := &Op{Incident: inc, descHTML: inc.Description}
	var changes []Change
	var reasons []string
	for _, f := range append(slices.Clone(incidentFields), p.extraKeys("incident")...) {
		val, ok := jv[f]
		if !ok || val == "" {
			continue
		}
		p.setIncident(inc, op, f, val)
		if f != "name" && f != "description" {
			changes = append(changes, Change{Field: p.label(f), After: p.display(f, val)})
		}
	}
	changes = append([]Change{{Field: "Name", After: inc.Name}}, changes...)
	inc.OpenerID = p.ix.spiraUser(is.Reporter())
	if inc.OpenerID == 0 {
		inc.OpenerID = p.s.SyncUserID
		if r := is.Reporter(); r != nil {
			reasons = append(reasons, fmt.Sprintf("reporter %s has no Spira user: the sync account opens it", cmp.Or(r.DisplayName, r.AccountID)))
		}
	}
	op.SpiraComments = p.commentsToSpira(it.Comments, nil, is)
	if len(op.SpiraComments) > 0 {
		changes = append(changes, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(op.SpiraComments))})
	}
	if cp := p.issueKeyProperty(is.Key); cp != nil {
		inc.CustomProperties = withProperty(inc.CustomProperties, *cp)
	}
	for _, cp := range p.propertiesFromIssue(is) {
		inc.CustomProperties = withProperty(inc.CustomProperties, cp)
		changes = append(changes, Change{Field: cp.Definition.Name, After: p.propText(cp)})
	}
	op.Base = jv
	p.add(Action{Kind: KindCreate, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
		Summary: "create Spira incident from " + is.Key, Changes: changes, Reason: strings.Join(reasons, "; "), Op: op})
}
