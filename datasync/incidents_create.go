package datasync

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/adf"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// ---- Spira -> Jira: new incidents ----

func (p *planner) newIncident(it SpiraItem) {
	inc := it.Incident
	art := Artifact{Type: "incident", SpiraID: inc.IncidentID, Name: inc.Name}
	item := incItem(inc.IncidentID)
	if _, ok := p.s.IncidentKeys[inc.IncidentID]; ok {
		return
	}
	// A Jira issue carrying our marker for this incident exists already:
	// an earlier run created it and stopped before recording the mapping.
	for _, ji := range p.s.Issues {
		if ji.Marker != nil && ji.Marker.Incident == inc.IncidentID && ji.Marker.Product == p.s.ProductID {
			art.JiraKey, art.JiraID = ji.Issue.Key, ji.Issue.ID
			base := p.createdBase(inc, p.issueFields(inc))
			p.created[inc.IncidentID] = p.add(Action{Kind: KindCreate, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
				Summary: "finish the Jira issue an interrupted run created, and record its mapping",
				Op: &Op{Adopt: true, Incident: &inc, Base: base, JiraComments: commentsToJira(it.Comments, ji.Comments),
					// Comments written in Jira meanwhile: once the mapping is
					// recorded, the issue may not be read again until it changes.
					SpiraComments:    p.commentsToSpira(ji.Comments, it.Comments, ji.Issue),
					IssueKeyProperty: p.issueKeyProperty(""),
					RemoteLink:       p.remoteLink(inc.IncidentID, inc.Name)}})
			// It may have stopped before moving the issue to the
			// incident's status.
			if t, st := ji.Issue.IssueType(), ji.Issue.Status(); t != nil && st != nil && !p.movedInJira(inc, t.ID, st.ID) {
				p.statusAfterCreate(art, item, "", inc, t.ID, st.ID, base)
			}
			return
		}
	}
	c := p.issueFields(inc)
	if c.typ == "" {
		p.add(Action{Kind: KindError, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
			Summary: "not sent to Jira", Reason: fmt.Sprintf("incident type %q (%d) has no Jira issue type in the mapping: map it, then run again", inc.IncidentTypeName, inc.IncidentTypeID)})
		return
	}
	fields, changes, reasons, typ := c.fields, c.changes, c.reasons, c.typ
	gid := p.globalID(inc.IncidentID)
	base := p.createdBase(inc, c)
	op := &Op{JiraFields: fields, Incident: &inc, Base: base, IssueKeyProperty: p.issueKeyProperty(""),
		JiraProps:  []jiraclient.EntityProperty{{Key: MarkerKey, Value: mustJSON(Marker{Product: p.s.ProductID, Incident: inc.IncidentID, GlobalID: gid})}},
		RemoteLink: p.remoteLink(inc.IncidentID, inc.Name)}
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
	p.created[inc.IncidentID] = id
	p.statusAfterCreate(art, item, id, inc, typ, p.s.InitialStatus[typ], base)
}

// createFields is what a create sends for an incident: the Jira fields,
// the changes and reasons people read, the issue type (empty when the
// incident's type has no Jira type) and the compared fields left out
// because the create screen lacks them.
type createFields struct {
	typ       string
	fields    map[string]any
	changes   []Change
	reasons   []string
	offScreen []string
}

// issueFields computes the fields of the Jira issue created from inc.
func (p *planner) issueFields(inc spiraclient.RemoteIncident) createFields {
	typ := p.ix.fwd(mapping.IncidentType, inc.IncidentTypeID)
	if typ == "" {
		return createFields{}
	}
	fields := map[string]any{
		"project":   map[string]any{"id": p.s.JiraProjectID},
		"issuetype": map[string]any{"id": typ},
		"summary":   inc.Name,
	}
	changes := []Change{{Field: "Summary", After: inc.Name}, {Field: "Issue type", After: p.jiraLabel("issuetype", typ, mapping.IncidentType, inc.IncidentTypeID)}}
	if d := adf.FromHTML(inc.Description); !d.IsEmpty() {
		fields["description"] = d
		changes = append(changes, Change{Field: "Description", After: short(plainHTML(inc.Description))})
	}
	var reasons, offScreen []string
	p.jiraFieldsFromIncident(inc, fields, &changes, &reasons)
	p.extraCreate("incident", incidentSide(&inc), nil, fields, &changes, &reasons)
	if inc.OpenerID != 0 {
		if acc := p.ix.jiraUser(inc.OpenerID); acc != "" {
			fields["reporter"] = map[string]any{"accountId": acc}
			changes = append(changes, Change{Field: "Reporter", After: p.jiraUserName(inc.OpenerID, acc)})
		} else {
			reasons = append(reasons, fmt.Sprintf("reporter %s has no Jira user: the sync account reports it", p.ix.userName(inc.OpenerID)))
		}
	}
	if screen, ok := p.s.CreateFields[typ]; ok {
		for f := range fields {
			if f != "project" && f != "issuetype" && !screen[f] {
				delete(fields, f)
				reasons = append(reasons, fmt.Sprintf("%s is not on the create screen of issue type %s: left out", f, typ))
				if k := p.comparedField(f); k != "" {
					offScreen = append(offScreen, k)
				}
			}
		}
		slices.Sort(reasons)
	}
	return createFields{typ: typ, fields: fields, changes: changes, reasons: reasons, offScreen: offScreen}
}

// comparedField is the compared incident field a Jira field of a create
// holds, "" for none.
func (p *planner) comparedField(jiraField string) string {
	switch jiraField {
	case "summary":
		return "name"
	case "description", "priority", "components":
		return jiraField
	case "assignee":
		return "owner"
	case "versions":
		return "detected"
	case "fixVersions":
		return "resolved"
	}
	if f := customField(p.ix.set.SeverityField); f != "" && f == jiraField {
		return "severity"
	}
	return ""
}

// createdBase is what both sides hold once the issue is created from inc:
// the incident's values, except those the create could not send. Those are
// empty in Jira, which is not a change in Jira to copy back to Spira later:
// a severity the create screen lacks stays in Spira.
func (p *planner) createdBase(inc spiraclient.RemoteIncident, c createFields) map[string]string {
	base := p.spiraView(inc)
	for _, k := range c.offScreen {
		base[k] = ""
	}
	p.unsentExtras(base, "incident", c.fields)
	for _, m := range p.syncedProps() {
		if _, sent := c.fields[customField(m.Jira.ID)]; !sent {
			// Not on the create screen, or no Jira value: the issue starts
			// without it, which is no change in Jira to copy back later.
			base[cpKey(m.Property.ID)] = ""
		}
	}
	return base
}

// jiraStatusName is the name the mapping knows a Jira status by, else its
// ID.
func (p *planner) jiraStatusName(id string) string {
	if f := p.ix.p.Field(mapping.IncidentStatus); f != nil {
		for _, v := range f.Values {
			if v.Jira.ID == id && v.Jira.Name != "" {
				return v.Jira.Name
			}
		}
	}
	return id
}

// movedInJira reports whether an issue created from inc, whose mapping or
// base a failed run did not record, is in a status no move of the engine's
// left unfinished explains: neither the status new issues of its type start
// in nor one on the way from there to the incident's. Someone moved it in
// Jira since. When the start or the way is not known, the status is taken
// for the engine's unfinished move, as before.
func (p *planner) movedInJira(inc spiraclient.RemoteIncident, typ, cur string) bool {
	return p.movedOffTheWay(typ, cur, p.ix.fwd(mapping.IncidentStatus, inc.IncidentStatusID))
}

// movedOffTheWay reports whether an issue of type typ the engine created is
// in a status cur that neither the start nor the way to target explains.
func (p *planner) movedOffTheWay(typ, cur, target string) bool {
	start := p.s.InitialStatus[typ]
	if start == "" || target == "" || cur == start || cur == target {
		return false
	}
	path := p.s.Workflow.Path(typ, start, target)
	if path == nil {
		return false
	}
	for _, st := range path {
		if st.To == cur {
			return false
		}
	}
	return true
}

// statusAfterCreate plans the transition that brings an issue created (or
// adopted) from an incident to the Jira status the incident's status maps
// to, when that is not the status the issue is in (from; "" when not known
// yet: Apply reads it). Part of creating the issue as Spira has it, in
// every mode. createID is the action creating the issue ("" when it
// exists).
func (p *planner) statusAfterCreate(art Artifact, item, createID string, inc spiraclient.RemoteIncident, typ, from string, base map[string]string) {
	target := p.ix.fwd(mapping.IncidentStatus, inc.IncidentStatusID)
	if target == "" {
		// Spira's status has no Jira status: the issue stays where it
		// starts, and that status is no change in Jira to copy back.
		if from != "" {
			if back := p.ix.back(mapping.IncidentStatus, from); back != 0 {
				base["status"] = strconv.Itoa(back)
			}
			return
		}
		p.add(Action{Kind: KindSkip, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
			Summary: "status not sent to Jira",
			Reason:  fmt.Sprintf("status %s has no Jira status in the mapping: the issue keeps the status it starts in, and Spira keeps its own", p.valueName(mapping.IncidentStatus, inc.IncidentStatusID)),
			Op:      &Op{IssueOf: createID, IssueType: typ, AfterCreate: true, Base: base}})
		return
	}
	if target == from {
		return
	}
	var path []PathStep
	reason := "the status a new issue starts in is read once the issue exists"
	if from != "" {
		path = p.s.Workflow.Path(typ, from, target)
		switch {
		case path == nil:
			reason = "no known path yet: Apply reads the workflow step by step"
		case len(path) > 1:
			reason = fmt.Sprintf("through %d transitions", len(path))
		default:
			reason = ""
		}
	}
	p.add(Action{Kind: KindTransition, Direction: SpiraToJira, Artifact: art, Item: item, Phase: 1,
		Summary: "move the new issue to the status of " + incItem(inc.IncidentID),
		Changes: []Change{{Field: "Status", After: fmt.Sprintf("%s (Jira status %s)", p.valueName(mapping.IncidentStatus, inc.IncidentStatusID), p.jiraStatusName(target))}},
		Reason:  reason,
		Op: &Op{TargetStatus: target, FromStatus: from, Path: path, IssueType: typ, Resolution: p.resolutionFor(inc),
			IssueOf: createID, AfterCreate: true, Base: base}})
}

// jiraFieldsFromIncident sets the mapped Jira fields of an incident (all
// but summary, description, type and reporter) into fields.
func (p *planner) jiraFieldsFromIncident(inc spiraclient.RemoteIncident, fields map[string]any, changes *[]Change, reasons *[]string) {
	ix := p.ix
	if pr := ix.fwd(mapping.IncidentPriority, inc.PriorityID); pr != "" {
		fields["priority"] = map[string]any{"id": pr}
		*changes = append(*changes, Change{Field: "Priority", After: p.jiraLabel("priority", pr, mapping.IncidentPriority, inc.PriorityID)})
	}
	var comps []map[string]any
	for _, c := range inc.ComponentIDs {
		if j := ix.fwd(mapping.IncidentComponent, c); j != "" {
			comps = append(comps, map[string]any{"id": j})
		}
	}
	if len(comps) > 0 {
		fields["components"] = comps
		*changes = append(*changes, Change{Field: "Components", After: p.jiraComponents(mapping.IncidentComponent, inc.ComponentIDs)})
	}
	if v := p.versionFor(inc.DetectedReleaseID); v != "" {
		fields["versions"] = []map[string]any{{"id": v}}
		*changes = append(*changes, Change{Field: "Affects versions", After: p.jiraVersion(inc.DetectedReleaseID, v)})
	} else if r := p.closedUnmapped(inc.DetectedReleaseID); r != "" {
		*reasons = append(*reasons, r)
	}
	if v := p.versionFor(inc.ResolvedReleaseID); v != "" {
		fields["fixVersions"] = []map[string]any{{"id": v}}
		*changes = append(*changes, Change{Field: "Fix versions", After: p.jiraVersion(inc.ResolvedReleaseID, v)})
	} else if r := p.closedUnmapped(inc.ResolvedReleaseID); r != "" {
		*reasons = append(*reasons, r)
	}
	if inc.OwnerID != 0 {
		if acc := ix.jiraUser(inc.OwnerID); acc != "" {
			fields["assignee"] = map[string]any{"accountId": acc}
			*changes = append(*changes, Change{Field: "Assignee", After: p.jiraUserName(inc.OwnerID, acc)})
		} else {
			*reasons = append(*reasons, fmt.Sprintf("owner %s has no Jira user: left unassigned", ix.userName(inc.OwnerID)))
		}
	}
	if f := customField(ix.set.SeverityField); f != "" {
		if name := ix.fwd(mapping.IncidentSeverity, inc.SeverityID); name != "" {
			fields[f] = map[string]any{"value": name}
			*changes = append(*changes, Change{Field: "Severity", After: name})
		}
	}
	for _, cp := range inc.CustomProperties {
		m := p.propMapping(mapping.ArtifactIncident, cp)
		if m == nil {
			continue
		}
		switch m.Special() {
		case mapping.KeySecurityLevel:
			if ix.p.Plugin.UsesSecurityLevel() && cp.IntegerValue != nil {
				if id := valueKey(m, *cp.IntegerValue); id != "" {
					fields["security"] = map[string]any{"id": id}
					*changes = append(*changes, Change{Field: "Security level", After: p.jiraSecurityLevel(m, id)})
				}
			}
		case mapping.KeyEnvironment:
			if cp.StringValue != nil && *cp.StringValue != "" {
				fields["environment"] = adf.FromHTML(*cp.StringValue)
				*changes = append(*changes, Change{Field: "Environment", After: short(plainHTML(*cp.StringValue))})
			}
		case mapping.KeyResolution, mapping.KeyJiraIssueKey:
		default:
			if v, ok := customValue(m, cp, ix); ok {
				fields[customField(m.Jira.ID)] = v
				*changes = append(*changes, Change{Field: m.Property.Name, After: p.jiraValueText(v)})
			}
		}
	}
}
