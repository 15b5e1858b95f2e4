package datasync

import (
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

// Comment prefixes, the plug-in's own: a comment carrying the other side's
// prefix was written by a sync and is never copied back (no echo).
const (
	prefixFromSpira = "[SpiraDataSync]"
	prefixFromJira  = "[JiraDataSync]"
)

// The incident fields the engine compares, in the order people read them.
var incidentFields = []string{"name", "description", "type", "status", "priority", "severity", "owner", "components", "detected", "resolved", "resolution"}

var fieldLabels = map[string]string{"name": "Name", "description": "Description", "type": "Type", "status": "Status",
	"priority": "Priority", "severity": "Severity", "owner": "Owner", "components": "Components",
	"detected": "Detected release", "resolved": "Resolved release", "resolution": "Resolution", "comments": "Comments",
	"importance": "Importance", "release": "Release", "component": "Component", "author": "Author"}

type planner struct {
	s       *Snapshot
	ix      *index
	out     []Action
	n       int
	relNew  map[string]string // Jira version ID -> action creating its Spira release
	verNew  map[int]string    // Spira release ID -> action creating its Jira version
	created map[int]string    // Spira incident ID -> action creating its Jira issue
	// linking are the issues linked by name this run (samenames.go).
	linking map[string]bool
}

// Plan computes the actions of a sync from a snapshot. It does no I/O: the
// same snapshot always gives the same plan.
func Plan(s *Snapshot) []Action {
	p := &planner{s: s, ix: newIndex(s), relNew: map[string]string{}, verNew: map[int]string{}, created: map[int]string{}, linking: map[string]bool{}}
	for _, r := range s.Recovered {
		if r.Sent {
			p.add(Action{Kind: KindCreate, Direction: SpiraToJira, Item: itemOf(r.Type, r.SpiraID), Phase: 1,
				Artifact: Artifact{Type: r.Type, SpiraID: r.SpiraID, JiraKey: r.JiraKey},
				Summary:  "record the mapping of the Jira issue an earlier run created, which Spira lacks",
				Op:       &Op{Adopt: true}})
			continue
		}
		p.add(Action{Kind: KindCreate, Direction: JiraToSpira, Item: r.JiraKey, Phase: 1,
			Artifact: Artifact{Type: r.Type, SpiraID: r.SpiraID, JiraKey: r.JiraKey},
			Summary:  "record the mapping of the Spira " + r.Type + " an interrupted run created",
			Op:       &Op{Adopt: true, RemoteLink: p.remoteLinkTo(r.Type, r.SpiraID, cmpOr(r.Name, r.JiraKey))}})
	}
	sn := p.sameNames()
	p.newRequirementsToJira(sn)
	for _, it := range s.NewIncidents {
		if !sn.incidents[it.Incident.IncidentID] && p.flow(mapping.FlowIncidents).Create.ToJira() {
			p.newIncident(it)
		}
	}
	for _, it := range s.Issues {
		if sn.issues[it.Issue.Key] {
			continue
		}
		from := len(p.out)
		mv, moved, synced := p.movedIssue(it)
		if synced {
			p.jiraIssue(it)
		}
		if moved {
			p.keyPropertyAfterMove(mv, it, from)
		}
	}
	if p.flow(mapping.FlowIncidents).Update.ToJira() {
		for _, it := range s.ChangedIncidents {
			p.changedIncident(it)
		}
	}
	p.planTasks()
	p.links()
	p.noteSameNames(sn)
	p.settingsNotes()
	p.resolveParents()
	p.planFiles()
	// Releases and versions first: stable sort by phase keeps plan order
	// within a phase.
	slices.SortStableFunc(p.out, func(a, b Action) int { return a.Phase - b.Phase })
	return p.out
}

func (p *planner) add(a Action) string {
	p.n++
	a.ID = "a" + strconv.Itoa(p.n)
	if a.Item == "" {
		a.Item = a.ID
	}
	p.out = append(p.out, a)
	return a.ID
}

func incItem(id int) string { return "IN:" + strconv.Itoa(id) }

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

func (p *planner) propMapping(a mapping.Artifact, cp spiraclient.RemoteArtifactCustomProperty) *mapping.PropertyMapping {
	if cp.Definition == nil {
		return nil
	}
	m := p.ix.p.Property(a, cp.Definition.CustomPropertyID)
	if m == nil || m.Jira.ID == "" {
		return nil
	}
	return m
}

// valueKey is the Jira side of a list value of a custom property.
func valueKey(m *mapping.PropertyMapping, valueID int) string {
	for _, v := range m.Values {
		if v.Spira.ID == valueID {
			return v.ExternalKey(m.ValuesKeyedByName())
		}
	}
	return ""
}

func customValue(m *mapping.PropertyMapping, cp spiraclient.RemoteArtifactCustomProperty, ix *index) (any, bool) {
	switch m.Type {
	case mapping.PropList:
		if cp.IntegerValue != nil {
			if name := valueKey(m, *cp.IntegerValue); name != "" {
				return map[string]any{"value": name}, true
			}
		}
	case mapping.PropMultiList:
		var out []map[string]any
		for _, id := range cp.IntegerListValue {
			if name := valueKey(m, id); name != "" {
				out = append(out, map[string]any{"value": name})
			}
		}
		if len(out) > 0 {
			return out, true
		}
	case mapping.PropText:
		if cp.StringValue != nil && *cp.StringValue != "" {
			return *cp.StringValue, true
		}
	case mapping.PropInteger:
		if cp.IntegerValue != nil {
			return *cp.IntegerValue, true
		}
	case mapping.PropDecimal:
		if cp.DecimalValue != nil {
			return *cp.DecimalValue, true
		}
	case mapping.PropDate:
		if cp.DateTimeValue != nil {
			return cp.DateTimeValue.UTC().Format(jiraclient.DateLayout), true
		}
	case mapping.PropUser:
		if cp.IntegerValue != nil {
			if acc := ix.jiraUser(*cp.IntegerValue); acc != "" {
				return map[string]any{"accountId": acc}, true
			}
		}
	case mapping.PropBoolean:
		if cp.BooleanValue != nil {
			return strconv.FormatBool(*cp.BooleanValue), true
		}
	}
	return nil, false
}

// versionFor returns the Jira version of a Spira release, planning its
// creation when it has none (a placeholder then stands for its ID).
func (p *planner) versionFor(releaseID int) string {
	if releaseID == 0 {
		return ""
	}
	if v, ok := p.ix.relToVer[releaseID]; ok {
		if _, exists := p.ix.versions[v]; exists || len(p.ix.versions) == 0 {
			return v
		}
	}
	if a, ok := p.verNew[releaseID]; ok {
		return placeholder(a)
	}
	rel, ok := p.ix.releases[releaseID]
	if !ok {
		return ""
	}
	name := cmpOr(rel.VersionNumber, rel.Name)
	// A version of that name exists: map to it rather than duplicate it.
	for _, v := range p.s.Versions {
		if strings.EqualFold(v.Name, name) {
			p.ix.relToVer[releaseID], p.ix.verToRel[v.ID] = v.ID, releaseID
			id := p.add(Action{Kind: KindLink, Direction: SpiraToJira, Phase: 0, Item: "RL:" + strconv.Itoa(releaseID),
				Artifact: Artifact{Type: "release", SpiraID: releaseID, JiraID: v.ID, Name: name},
				Summary:  "map release to the Jira version of the same name", Op: &Op{Adopt: true, Release: &rel, Version: &v}})
			_ = id
			return v.ID
		}
	}
	if closedRelease(rel) {
		return "" // never created in Jira (the plug-in's rule)
	}
	v := jiraclient.Version{Name: name, Description: rel.Description, ProjectID: atoi64(p.s.JiraProjectID),
		StartDate: dateOf(&rel.StartDate), ReleaseDate: dateOf(&rel.EndDate)}
	a := p.add(Action{Kind: KindCreate, Direction: SpiraToJira, Phase: 0, Item: "RL:" + strconv.Itoa(releaseID),
		Artifact: Artifact{Type: "release", SpiraID: releaseID, Name: name},
		Summary:  "create Jira version " + name, Changes: []Change{{Field: "Version", After: name}}, Op: &Op{Version: &v, Release: &rel}})
	p.verNew[releaseID] = a
	return placeholder(a)
}

// releaseFor returns the Spira release of a Jira version as a string: an ID,
// or a placeholder when its creation is planned.
func (p *planner) releaseFor(v jiraclient.Version) string {
	if r, ok := p.ix.verToRel[v.ID]; ok {
		return strconv.Itoa(r)
	}
	if a, ok := p.relNew[v.ID]; ok {
		return placeholder(a)
	}
	for _, r := range p.s.Releases {
		if strings.EqualFold(r.VersionNumber, truncate(v.Name, 20)) || strings.EqualFold(r.Name, v.Name) {
			p.ix.verToRel[v.ID], p.ix.relToVer[r.ReleaseID] = r.ReleaseID, v.ID
			rel := r
			p.add(Action{Kind: KindLink, Direction: JiraToSpira, Phase: 0, Item: "V:" + v.ID,
				Artifact: Artifact{Type: "release", SpiraID: r.ReleaseID, JiraID: v.ID, Name: v.Name},
				Summary:  "map Jira version to the release of the same name", Op: &Op{Adopt: true, Release: &rel, Version: &v}})
			return strconv.Itoa(r.ReleaseID)
		}
	}
	if full, ok := p.ix.versions[v.ID]; ok {
		v = full
	}
	start, end := time.Now().UTC(), time.Now().UTC().AddDate(0, 0, 5)
	if t, err := time.Parse(jiraclient.DateLayout, v.ReleaseDate); err == nil {
		start, end = t.AddDate(0, 0, -1), t
	}
	if t, err := time.Parse(jiraclient.DateLayout, v.StartDate); err == nil {
		start = t
	}
	rel := spiraclient.RemoteRelease{Name: v.Name, VersionNumber: truncate(v.Name, 20), Description: v.Description,
		ReleaseTypeID: 1, ReleaseStatusID: 1, StartDate: spiraclient.T(start), EndDate: spiraclient.T(end), ResourceCount: 1,
		CreatorID: p.s.SyncUserID}
	a := p.add(Action{Kind: KindCreate, Direction: JiraToSpira, Phase: 0, Item: "V:" + v.ID,
		Artifact: Artifact{Type: "release", JiraID: v.ID, Name: v.Name},
		Summary:  "create Spira release " + v.Name, Changes: []Change{{Field: "Release", After: v.Name}}, Op: &Op{Release: &rel, Version: &v}})
	p.relNew[v.ID] = a
	return placeholder(a)
}

func (p *planner) releaseName(id int) string {
	if r, ok := p.ix.releases[id]; ok {
		return cmpOr(r.VersionNumber, r.Name)
	}
	return itoa(id)
}

func (p *planner) globalID(incidentID int) string {
	return fmt.Sprintf("system=%s&product=%d&id=IN%d", strings.TrimRight(p.s.SpiraURL, "/"), p.s.ProductID, incidentID)
}

// remoteLinkTo is the link back to a Spira item of either type.
func (p *planner) remoteLinkTo(typ string, id int, name string) *jiraclient.RemoteLink {
	if typ == "incident" {
		return p.remoteLink(id, name)
	}
	return RemoteLinkFor(p.s.SpiraURL, p.s.ProductID, typ, id, name)
}

// RemoteLinkFor is the remote link from a Jira issue back to a Spira item;
// its globalId is the sync marker on the Jira side.
func RemoteLinkFor(spiraURL string, product int, typ string, id int, name string) *jiraclient.RemoteLink {
	prefix, page := "IN", "Incident"
	if typ == "requirement" {
		prefix, page = "RQ", "Requirement"
	}
	base := strings.TrimRight(spiraURL, "/")
	return &jiraclient.RemoteLink{GlobalID: fmt.Sprintf("system=%s&product=%d&id=%s%d", base, product, prefix, id),
		Application:  &jiraclient.RemoteLinkApplication{Type: "com.inflectra.spira", Name: "SpiraPlan"},
		Relationship: "links to",
		Object: jiraclient.RemoteLinkObject{URL: fmt.Sprintf("%s/%d/%s/%d.aspx", base, product, page, id),
			Title: fmt.Sprintf("[%s:%d] %s", prefix, id, name)}}
}

func (p *planner) remoteLink(incidentID int, name string) *jiraclient.RemoteLink {
	return &jiraclient.RemoteLink{GlobalID: p.globalID(incidentID),
		Application:  &jiraclient.RemoteLinkApplication{Type: "com.inflectra.spira", Name: "SpiraPlan"},
		Relationship: "links to",
		Object: jiraclient.RemoteLinkObject{URL: fmt.Sprintf("%s/%d/Incident/%d.aspx", strings.TrimRight(p.s.SpiraURL, "/"), p.s.ProductID, incidentID),
			Title: fmt.Sprintf("[IN:%d] %s", incidentID, name)}}
}

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

// jiraView is a Jira issue seen in Spira's terms: field -> Spira value.
// Fields whose Jira value has no mapping are absent: they are not synced.
func (p *planner) jiraView(is jiraclient.Issue) map[string]string {
	ix := p.ix
	v := map[string]string{"name": is.Summary(), "description": plainADF(is.Description())}
	if t := is.IssueType(); t != nil {
		if id := ix.back(mapping.IncidentType, t.ID); id != 0 {
			v["type"] = strconv.Itoa(id)
		}
	}
	if st := is.Status(); st != nil {
		if id := ix.back(mapping.IncidentStatus, st.ID); id != 0 {
			v["status"] = strconv.Itoa(id)
		}
	}
	if pr := is.Priority(); pr != nil {
		if id := ix.back(mapping.IncidentPriority, pr.ID); id != 0 {
			v["priority"] = strconv.Itoa(id)
		}
	}
	if f := customField(ix.set.SeverityField); f != "" {
		if name := severityOption(is, f); name != "" {
			if id := ix.back(mapping.IncidentSeverity, name); id != 0 {
				v["severity"] = strconv.Itoa(id)
			}
		} else {
			v["severity"] = ""
		}
	}
	if a := is.Assignee(); a == nil {
		v["owner"] = ""
	} else if id := ix.spiraUser(a); id != 0 {
		v["owner"] = strconv.Itoa(id)
	}
	var comps []int
	for _, c := range is.Components() {
		if id := ix.back(mapping.IncidentComponent, c.ID); id != 0 {
			comps = append(comps, id)
		}
	}
	v["components"] = idList(comps)
	v["detected"], v["resolved"] = "", ""
	if vs := is.AffectsVersions(); len(vs) > 0 {
		v["detected"] = p.releaseFor(vs[len(vs)-1])
	}
	if vs := is.FixVersions(); len(vs) > 0 {
		v["resolved"] = p.releaseFor(vs[len(vs)-1])
	}
	if m := ix.p.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyResolution); m != nil {
		v["resolution"] = ""
		if r := is.Resolution(); r != nil {
			for _, val := range m.Values {
				if val.Jira.ID == r.ID {
					v["resolution"] = strconv.Itoa(val.Spira.ID)
				}
			}
		}
	}
	p.addJiraProps(v, is)
	p.addExtraJira(v, "incident", is)
	return v
}

// spiraView is an incident in the same terms as jiraView.
func (p *planner) spiraView(inc spiraclient.RemoteIncident) map[string]string {
	v := valueView(inc)
	v["name"], v["description"], v["components"] = inc.Name, plainHTML(inc.Description), idList(inc.ComponentIDs)
	v["detected"], v["resolved"] = itoa(inc.DetectedReleaseID), itoa(inc.ResolvedReleaseID)
	if m := p.ix.p.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyResolution); m != nil {
		v["resolution"] = ""
		for _, cp := range inc.CustomProperties {
			if cp.Definition != nil && cp.Definition.CustomPropertyID == m.Property.ID && cp.IntegerValue != nil {
				v["resolution"] = strconv.Itoa(*cp.IntegerValue)
			}
		}
	}
	p.addSpiraProps(v, inc)
	p.addExtraSpira(v, "incident", incidentSide(&inc), nil)
	return v
}

// valueView is the part of spiraView whose Jira value may have no Spira
// value in the mapping: jiraView then leaves the field out.
func valueView(inc spiraclient.RemoteIncident) map[string]string {
	return map[string]string{"type": itoa(inc.IncidentTypeID), "status": itoa(inc.IncidentStatusID), "priority": itoa(inc.PriorityID),
		"severity": itoa(inc.SeverityID), "owner": itoa(inc.OwnerID)}
}

// fieldKinds maps the compared incident fields to their mapping kinds.
var fieldKinds = map[string]mapping.FieldKind{"type": mapping.IncidentType, "status": mapping.IncidentStatus,
	"priority": mapping.IncidentPriority, "severity": mapping.IncidentSeverity}

// valueName is the name of a Spira value of field k as the mapping knows
// it, else the ID.
func (p *planner) valueName(k mapping.FieldKind, id int) string {
	if f := p.ix.p.Field(k); f != nil {
		for _, v := range f.Values {
			if v.Spira.ID == id && v.Spira.Name != "" {
				return v.Spira.Name
			}
		}
	}
	return itoa(id)
}

// display renders a Spira-side value for people.
func (p *planner) display(field, v string) string {
	if _, ok := placeholderOf(field, v); ok {
		return "(new release)"
	}
	if strings.HasPrefix(field, cpPrefix) {
		return p.displayProp(field, v)
	}
	if isExtra(field) {
		return p.extraDisplay(field, v)
	}
	if k, ok := fieldKinds[field]; ok && v != "" {
		return p.valueName(k, atoi(v))
	}
	switch field {
	case "owner":
		return p.ix.userName(atoi(v))
	case "detected", "resolved":
		if v == "" {
			return ""
		}
		return p.releaseName(atoi(v))
	case "description":
		return short(v)
	case "components":
		return p.spiraComponents(v)
	case "resolution":
		return p.spiraResolution(v)
	}
	return v
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

func setListProperty(inc *spiraclient.RemoteIncident, m *mapping.PropertyMapping, valueID int, defs []spiraclient.RemoteCustomProperty) {
	if m == nil {
		return
	}
	for i := range inc.CustomProperties {
		if d := inc.CustomProperties[i].Definition; d != nil && d.CustomPropertyID == m.Property.ID {
			if valueID == 0 {
				inc.CustomProperties[i].IntegerValue = nil
			} else {
				inc.CustomProperties[i].IntegerValue = &valueID
			}
			return
		}
	}
	if valueID == 0 {
		return
	}
	for _, d := range defs {
		if d.CustomPropertyID == m.Property.ID {
			inc.CustomProperties = append(inc.CustomProperties, spiraclient.RemoteArtifactCustomProperty{PropertyNumber: d.PropertyNumber,
				IntegerValue: &valueID, Definition: &spiraclient.RemoteCustomProperty{CustomPropertyID: d.CustomPropertyID,
					ProjectTemplateID: d.ProjectTemplateID, ArtifactTypeID: d.ArtifactTypeID}})
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
	inc := &spiraclient.RemoteIncident{Name: cmpOr(is.Summary(), "Untitled JIRA Issue: "+is.Key), Description: htmlOf(is.Description()),
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
			reasons = append(reasons, fmt.Sprintf("reporter %s has no Spira user: the sync account opens it", cmpOr(r.DisplayName, r.AccountID)))
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

// commentsToSpira returns the Jira comments Spira lacks, prefixed as the
// plug-in does. A comment is matched by its plain text, with or without
// the prefix, as the plug-in matches it, and counted: a text written twice
// in Jira ("Reopened") is two comments, each needing its own in Spira.
func (p *planner) commentsToSpira(cs []jiraclient.Comment, have []spiraclient.RemoteComment, is jiraclient.Issue) []spiraclient.RemoteComment {
	known := map[string]int{}
	for _, c := range have {
		known[unprefixed(plainHTML(c.Text), prefixFromJira)]++
	}
	var out []spiraclient.RemoteComment
	for _, c := range cs {
		text := plainADF(c.Body)
		if strings.Contains(text, prefixFromSpira) {
			continue
		}
		// The copy reads as the comment's HTML does, which is not always
		// the comment's own text (an expand shows its title): either one.
		if take(known, unprefixed(plainHTML(htmlOf(c.Body)), prefixFromJira), unprefixed(text, prefixFromJira)) {
			continue
		}
		rc := spiraclient.RemoteComment{Text: prefixHTML(prefixFromJira, htmlOf(c.Body)), UserID: p.ix.spiraUser(c.Author)}
		if rc.UserID == 0 {
			rc.UserID = p.s.SyncUserID
		}
		if t, err := jiraclient.ParseTime(c.Created); err == nil {
			rc.CreationDate = spiraclient.TimePtr(t.UTC())
		}
		out = append(out, rc)
	}
	return out
}

// commentsToJira returns the Spira comments Jira lacks, as ADF bodies,
// matched and counted as commentsToSpira does.
func commentsToJira(cs []spiraclient.RemoteComment, have []jiraclient.Comment) []json.RawMessage {
	known := map[string]int{}
	for _, c := range have {
		known[unprefixed(plainADF(c.Body), prefixFromSpira)]++
	}
	var out []json.RawMessage
	for _, c := range cs {
		text := plainHTML(c.Text)
		if c.IsDeleted || strings.Contains(text, prefixFromJira) {
			continue
		}
		if take(known, unprefixed(text, prefixFromSpira)) {
			continue
		}
		out = append(out, mustJSON(adf.FromHTML(prefixHTML(prefixFromSpira, c.Text))))
	}
	return out
}

// take counts off one comment of the first key known has one of.
func take(known map[string]int, keys ...string) bool {
	for _, k := range keys {
		if known[k] > 0 {
			known[k]--
			return true
		}
	}
	return false
}

// unprefixed is a comment's comparable text without the sync prefix.
func unprefixed(text, prefix string) string { return norm(strings.TrimPrefix(norm(text), prefix)) }

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
	updated := is.Updated()
	// Jira's clock may be behind Spira's: an issue the widened query found
	// counts as changed since the last sync when it was updated inside the
	// query's window, not only after the watermark by Jira's clock.
	jiraFrom := p.s.Watermark
	if !p.s.JiraSince.IsZero() && p.s.JiraSince.Before(jiraFrom) {
		jiraFrom = p.s.JiraSince
	}
	jiraChangedSince := p.s.Watermark.IsZero() || !updated.Before(jiraFrom)
	spiraChangedSince := inc.LastUpdateDate != nil && !inc.LastUpdateDate.Before(p.s.Watermark)
	target := inc
	target.ComponentIDs = slices.Clone(inc.ComponentIDs)
	target.CustomProperties = slices.Clone(inc.CustomProperties)
	op := &Op{Incident: &target, descHTML: htmlOf(is.Description()), jiraProps: p.addJiraProps(map[string]string{}, is)}
	var toSpira, conflicts []Change
	var toJira []fieldChange
	newBase := maps.Clone(sv)
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
				toJira = append(toJira, fieldChange{Change{Field: p.label(f), Before: jiraValueName(is, f, p.ix.set.SeverityField), After: p.display(f, s)}, f})
			}
			continue
		}
		if p.sameInJira(f, j, s) {
			// Equal, or Spira holds what Jira cannot (an unmapped
			// severity): Jira's empty field is not a change to copy.
			newBase[f] = s
			continue
		}
		b, hasBase := base[f]
		if !hasBase && j == "" && strings.HasPrefix(f, cpPrefix) {
			// A property never compared before (synced by the plug-in, or
			// before properties followed updates) that Jira has no value
			// for: Jira never had one to send, keep Spira's.
			newBase[f] = ""
			continue
		}
		if k, ok := p.statusKept(is.ID, s, j); f == "status" && ok {
			// Spira kept its status when it was last sent: leave it, say why.
			if hasBase {
				newBase[f] = b
			} else {
				delete(newBase, f)
			}
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
		way, conflict := p.decide(jc, sc, hasBase, both)
		if way == mapping.WayToJira && toSpiraOnly(f) {
			way, conflict = keepBase, false // Jira → Spira only
		}
		if conflict {
			conflicts = append(conflicts, ch)
		}
		switch way {
		case keepBase:
			// Changed in Spira only: not sent in this mode, and not
			// agreed either. Keeping the old base makes a later
			// change in Jira a conflict the plan shows, and a Jira
			// update elsewhere in the issue leaves Spira's value.
			if hasBase {
				newBase[f] = b
			} else {
				delete(newBase, f)
			}
		case mapping.WayToSpira:
			toSpira = append(toSpira, ch)
			p.setIncident(&target, op, f, j)
			newBase[f] = j
		case mapping.WayToJira:
			toJira = append(toJira, fieldChange{Change{Field: ch.Field, Before: ch.After, After: ch.Before}, f})
			newBase[f] = s
		}
	}
	if target.IncidentStatusID != inc.IncidentStatusID {
		op.StatusFrom = itoa(inc.IncidentStatusID)
	}
	// Comments: Jira's to Spira always; Spira's to Jira only with Both.
	op.SpiraComments = p.commentsToSpira(it.Comments, it.SpiraComments, is)
	if len(op.SpiraComments) > 0 {
		toSpira = append(toSpira, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(op.SpiraComments))})
	}
	if len(conflicts) > 0 {
		winner := "Jira wins (the default, as the guide recommends)"
		if p.s.ConflictWinner == "spira" {
			winner = "Spira wins (as asked)"
		}
		if !both {
			winner = "Jira wins (updates flow from Jira in this mode)"
		}
		p.add(Action{Kind: KindConflict, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "changed on both sides since the last sync", Changes: conflicts, Reason: winner})
	}
	if len(toSpira) > 0 {
		// The fields still to go to Jira keep their old base until the
		// Jira write that carries them succeeds: if it fails, the next run
		// must still see them as changed in Spira, not in Jira.
		op.Base = revertBase(newBase, base, changedFields(toJira))
		p.add(Action{Kind: KindUpdate, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "update Spira from " + is.Key, Changes: toSpira, Op: op})
	}
	if both {
		p.pushToJira(it, inc, toJira, newBase, base, art)
		return
	}
	if len(toSpira) == 0 && (ours || !maps.Equal(base, newBase)) {
		// Nothing to write, but remember what both sides hold now.
		p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "in sync", Op: &Op{Base: newBase}})
	}
	if t, st := is.IssueType(), is.Status(); ours && !moved && t != nil && st != nil {
		b := maps.Clone(newBase)
		b["status"] = sv["status"]
		p.statusAfterCreate(art, is.Key, "", inc, t.ID, st.ID, b)
	}
}

// jiraValueName is the name of an issue's value of a compared field, for
// the plan's before column when the mapping has no Spira value for it.
func jiraValueName(is jiraclient.Issue, f, custom01 string) string {
	switch f {
	case "type":
		if t := is.IssueType(); t != nil {
			return t.Name
		}
	case "status":
		if st := is.Status(); st != nil {
			return st.Name
		}
	case "priority":
		if pr := is.Priority(); pr != nil {
			return pr.Name
		}
	case "severity":
		return severityOption(is, customField(custom01))
	case "owner":
		if a := is.Assignee(); a != nil {
			return cmpOr(a.DisplayName, a.AccountID)
		}
	}
	return ""
}

// pushToJira plans the edit, transition and comments that bring a Jira
// issue to its incident's values (Custom 03 = Both). base is what both
// sides hold once all of it succeeds, oldBase the base of the last sync:
// each action records as agreed only the fields it (or an earlier action of
// the item) wrote, so a failed or impossible Jira write is not taken for a
// change in Jira by the next run.
func (p *planner) pushToJira(it JiraItem, inc spiraclient.RemoteIncident, changes []fieldChange, base, oldBase map[string]string, art Artifact) {
	is := it.Issue
	comments := commentsToJira(it.SpiraComments, it.Comments)
	fields := map[string]any{}
	var statusTarget string
	var unwritten []string
	fieldOf := map[string]fieldChange{}
	var reasons []string
	for _, c := range changes {
		n := len(fields)
		switch c.key {
		case "name":
			fields["summary"] = inc.Name
		case "description":
			fields["description"] = adf.FromHTML(inc.Description)
		case "type":
			if t := p.ix.fwd(mapping.IncidentType, inc.IncidentTypeID); t != "" {
				fields["issuetype"] = map[string]any{"id": t}
			}
		case "priority":
			if pr := p.ix.fwd(mapping.IncidentPriority, inc.PriorityID); pr != "" {
				fields["priority"] = map[string]any{"id": pr}
			}
		case "severity":
			if f := customField(p.ix.set.SeverityField); f != "" {
				if name := p.ix.fwd(mapping.IncidentSeverity, inc.SeverityID); name != "" {
					fields[f] = map[string]any{"value": name}
				} else if inc.SeverityID == 0 {
					fields[f] = nil
				}
			}
		case "owner":
			if acc := p.ix.jiraUser(inc.OwnerID); acc != "" {
				fields["assignee"] = map[string]any{"accountId": acc}
			} else if inc.OwnerID == 0 {
				fields["assignee"] = nil
			}
		case "components":
			comps := []map[string]any{}
			for _, c := range inc.ComponentIDs {
				if j := p.ix.fwd(mapping.IncidentComponent, c); j != "" {
					comps = append(comps, map[string]any{"id": j})
				}
			}
			fields["components"] = comps
		case "detected", "resolved":
			rel, field := inc.DetectedReleaseID, "versions"
			if c.key == "resolved" {
				rel, field = inc.ResolvedReleaseID, "fixVersions"
			}
			if r := p.closedUnmapped(rel); r != "" {
				unwritten, reasons = append(unwritten, c.key), append(reasons, r)
				continue
			}
			fields[field] = versionList(p.versionFor(rel))
		case "status":
			statusTarget = p.ix.fwd(mapping.IncidentStatus, inc.IncidentStatusID)
			if statusTarget == "" {
				unwritten = append(unwritten, c.key)
			}
			continue
		case "resolution":
			// Jira sets a resolution only on a transition's screen.
			unwritten = append(unwritten, c.key)
			continue
		default:
			if isExtra(c.key) {
				if _, why := p.extraJiraWrite(fields, c.key, p.spiraView(inc)[c.key]); why != "" {
					unwritten, reasons = append(unwritten, c.key), append(reasons, why)
					continue
				}
			} else if f, v, ok := p.jiraCustomValue(c.key, inc); ok {
				fields[f] = v
			}
		}
		if len(fields) == n {
			unwritten = append(unwritten, c.key)
			reasons = append(reasons, fmt.Sprintf("%s %q has no Jira value in the mapping: not sent", c.Field, c.After))
		}
		for f := range fields {
			if _, ok := fieldOf[f]; !ok {
				fieldOf[f] = c
			}
		}
	}
	// A field the issue type's screen lacks cannot be written (Jira
	// refuses the whole edit); the create screen is the one the engine
	// reads, and Jira's edit screen is most often the same.
	if t := is.IssueType(); t != nil {
		if screen, ok := p.s.CreateFields[t.ID]; ok {
			for _, f := range slices.Sorted(maps.Keys(fields)) {
				if f != "issuetype" && !screen[f] {
					delete(fields, f)
					unwritten = append(unwritten, fieldOf[f].key)
					reasons = append(reasons, fmt.Sprintf("%s is not on the screen of issue type %s in Jira: not sent", fieldOf[f].Field, t.Name))
				}
			}
		}
	}
	p.jiraWrites(is, art, jiraWrite{fields: fields, comments: comments, statusTarget: statusTarget, resolution: p.resolutionFor(inc),
		changes: changes, unwritten: unwritten, reasons: reasons}, base, oldBase)
}

// jiraWrite is what pushToJira (or pushRequirement) brings an issue to:
// the fields to edit, the comments to add, the status to reach, and the
// changes it was asked for that cannot be written, with why.
type jiraWrite struct {
	fields       map[string]any
	comments     []json.RawMessage
	statusTarget string
	resolution   string
	changes      []fieldChange
	unwritten    []string
	reasons      []string
}

// jiraWrites plans the edit and the transition of w, each recording as
// agreed only what it wrote.
func (p *planner) jiraWrites(is jiraclient.Issue, art Artifact, w jiraWrite, base, oldBase map[string]string) {
	fields, comments, statusTarget, changes, unwritten, reasons := w.fields, w.comments, w.statusTarget, w.changes, w.unwritten, w.reasons
	cur := is.Status()
	transition := statusTarget != "" && cur != nil && statusTarget != cur.ID
	if !transition && slices.Contains(changedFields(changes), "status") && !slices.Contains(unwritten, "status") && cur == nil {
		unwritten = append(unwritten, "status")
	}
	var edit []Change
	for _, c := range changes {
		if c.key != "status" && c.key != "resolution" && !slices.Contains(unwritten, c.key) {
			edit = append(edit, c.Change)
		}
	}
	if len(fields) > 0 || len(comments) > 0 {
		if len(comments) > 0 {
			edit = append(edit, Change{Field: "Comments", After: fmt.Sprintf("+%d", len(comments))})
		}
		pendingAfterEdit := unwritten
		if transition {
			pendingAfterEdit = append(slices.Clone(unwritten), "status", "resolution")
		}
		p.add(Action{Kind: KindUpdate, Direction: SpiraToJira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "update " + is.Key + " from Spira", Changes: edit, Reason: strings.Join(reasons, "; "),
			Op: &Op{JiraFields: fields, JiraComments: comments, Base: revertBase(base, oldBase, pendingAfterEdit)}})
	} else if len(reasons) > 0 {
		p.add(Action{Kind: KindSkip, Direction: SpiraToJira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "not sent to Jira", Reason: strings.Join(reasons, "; ")})
	}
	if transition {
		typ := ""
		if t := is.IssueType(); t != nil {
			typ = t.ID
		}
		path := p.s.Workflow.Path(typ, cur.ID, statusTarget)
		ch := Change{Field: "Status", Before: cur.Name, After: statusTarget}
		reason := ""
		if path == nil {
			reason = "no known path yet: Apply reads the workflow step by step"
		} else if len(path) > 1 {
			reason = fmt.Sprintf("through %d transitions", len(path))
		}
		p.add(Action{Kind: KindTransition, Direction: SpiraToJira, Artifact: art, Item: is.Key, Phase: 1,
			Summary: "move " + is.Key + " to the mapped status", Changes: []Change{ch}, Reason: reason,
			Op: &Op{TargetStatus: statusTarget, FromStatus: cur.ID, Path: path, IssueType: typ, Resolution: w.resolution,
				Base: revertBase(base, oldBase, transitionUnwritten(unwritten))}})
	}
}

// fieldChange is a change with the compared field it is of ("status",
// "cp:12").
type fieldChange struct {
	Change
	key string
}

// changedFields lists the compared fields of changes.
func changedFields(cs []fieldChange) []string {
	var out []string
	for _, c := range cs {
		if c.key != "" {
			out = append(out, c.key)
		}
	}
	return out
}

// revertBase is newBase with the given fields back at their old base (or
// without them when the old base had none).
func revertBase(newBase, oldBase map[string]string, fields []string) map[string]string {
	out := maps.Clone(newBase)
	for _, f := range fields {
		if v, ok := oldBase[f]; ok {
			out[f] = v
		} else {
			delete(out, f)
		}
	}
	return out
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

func versionList(v string) []map[string]any {
	if v == "" {
		return []map[string]any{}
	}
	return []map[string]any{{"id": v}}
}

// resolutionFor is the Jira resolution ID an incident's Resolution
// property maps to, "" when none.
func (p *planner) resolutionFor(inc spiraclient.RemoteIncident) string {
	m := p.ix.p.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyResolution)
	if m == nil {
		return ""
	}
	for _, cp := range inc.CustomProperties {
		if cp.Definition != nil && cp.Definition.CustomPropertyID == m.Property.ID && cp.IntegerValue != nil {
			return valueKey(m, *cp.IntegerValue)
		}
	}
	return ""
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

// ---- links (Custom 05) ----

// links plans an issue link of the Custom 05 type for each association of
// a new incident with an incident in Jira, unless Jira has it: one mapped
// already, or one this run creates (the plug-in, which records mappings
// only at the end of its pass, never linked two new incidents).
func (p *planner) links() {
	lt := strings.TrimSpace(p.s.Mapping.Plugin.Custom05)
	if lt == "" {
		return
	}
	issues := map[string]jiraclient.Issue{}
	for _, ji := range p.s.Issues {
		issues[ji.Issue.Key] = ji.Issue
	}
	// An association is seen from both ends when both are read: link once.
	planned := map[[2]int]bool{}
	items := append(slices.Clone(p.s.NewIncidents), p.s.RecentMapped...)
	for _, it := range items {
		id := it.Incident.IncidentID
		from := ""
		if a, ok := p.created[id]; ok {
			from = placeholder(a)
		} else if k, ok := p.s.IncidentKeys[id]; ok {
			from = k
		} else {
			continue
		}
		for _, as := range it.Associations {
			// Spira names the artifact asked about as the source; should
			// it not, the other end is the one that is not this incident.
			other, otherType := as.DestArtifactID, as.DestArtifactTypeID
			if as.DestArtifactID == id && as.DestArtifactTypeID == mapping.ArtifactTypeIncident {
				other, otherType = as.SourceArtifactID, as.SourceArtifactTypeID
			}
			if otherType != mapping.ArtifactTypeIncident || other == id {
				continue
			}
			pair := [2]int{min(id, other), max(id, other)}
			if planned[pair] {
				continue
			}
			target, targetName := p.s.IncidentKeys[other], ""
			if target == "" {
				a, ok := p.created[other]
				if !ok {
					continue // not in Jira, nor on its way there
				}
				target, targetName = placeholder(a), "the new issue of "+incItem(other)
			}
			planned[pair] = true
			if is, ok := issues[from]; ok && linked(is, target, lt) {
				continue
			}
			if is, ok := issues[target]; ok && linked(is, from, lt) {
				continue
			}
			art := Artifact{Type: "incident", SpiraID: id, Name: it.Incident.Name}
			if !strings.HasPrefix(from, "${") {
				art.JiraKey = from
			}
			shown := cmpOr(targetName, target)
			p.add(Action{Kind: KindLink, Direction: SpiraToJira, Artifact: art, Phase: 2,
				Summary: fmt.Sprintf("link the issue to %s (%s)", shown, lt),
				Changes: []Change{{Field: "Issue link", After: lt + " " + shown}},
				Op: &Op{Link: &jiraclient.NewIssueLink{Type: jiraclient.IssueLinkType{Name: lt},
					OutwardIssue: jiraclient.IssueRef{Key: from}, InwardIssue: jiraclient.IssueRef{Key: target}}}})
		}
	}
}

func linked(is jiraclient.Issue, target, linkType string) bool {
	for _, l := range is.IssueLinks() {
		other := l.InwardIssue
		if other == nil {
			other = l.OutwardIssue
		}
		if other != nil && other.Key == target && (strings.EqualFold(l.Type.Name, linkType) || l.Type.ID == linkType) {
			return true
		}
	}
	return false
}

// propertiesFromIssue reads the Jira custom fields mapped to incident
// custom properties into property values, as the plug-in does for a new
// incident.
func (p *planner) propertiesFromIssue(is jiraclient.Issue) []spiraclient.RemoteArtifactCustomProperty {
	var out []spiraclient.RemoteArtifactCustomProperty
	for _, m := range p.ix.p.CustomProperties {
		if m.Artifact != mapping.ArtifactIncident || m.Jira.ID == "" || m.Special() != "" {
			continue
		}
		var def *spiraclient.RemoteCustomProperty
		for i := range p.s.IncidentProperties {
			if p.s.IncidentProperties[i].CustomPropertyID == m.Property.ID {
				def = &p.s.IncidentProperties[i]
			}
		}
		if def == nil {
			continue
		}
		cp := spiraclient.RemoteArtifactCustomProperty{PropertyNumber: def.PropertyNumber,
			Definition: &spiraclient.RemoteCustomProperty{CustomPropertyID: def.CustomPropertyID, ProjectTemplateID: def.ProjectTemplateID,
				ArtifactTypeID: def.ArtifactTypeID, Name: def.Name}}
		if fromJira(&cp, m, is, customField(m.Jira.ID), p.ix) {
			out = append(out, cp)
		}
	}
	return out
}

// fromJira sets cp from the Jira field's value; false when it is empty or
// has no mapped Spira value.
func fromJira(cp *spiraclient.RemoteArtifactCustomProperty, m mapping.PropertyMapping, is jiraclient.Issue, field string, ix *index) bool {
	back := func(name string) int {
		for _, v := range m.Values {
			if v.Jira.Name != "" && strings.EqualFold(v.Jira.Name, name) || v.Jira.ID != "" && v.Jira.ID == name {
				return v.Spira.ID
			}
		}
		return 0
	}
	switch m.Type {
	case mapping.PropList:
		var o struct{ Value, ID string }
		if ok, _ := is.Field(field, &o); ok {
			if id := back(o.Value); id != 0 {
				cp.IntegerValue = &id
				return true
			}
		}
	case mapping.PropMultiList:
		var os []struct{ Value string }
		if ok, _ := is.Field(field, &os); ok {
			for _, o := range os {
				if id := back(o.Value); id != 0 {
					cp.IntegerListValue = append(cp.IntegerListValue, id)
				}
			}
			return len(cp.IntegerListValue) > 0
		}
	case mapping.PropText:
		var s string
		if ok, err := is.Field(field, &s); ok && err == nil && s != "" {
			cp.StringValue = &s
			return true
		}
		if raw := is.Fields[field]; len(raw) > 0 && raw[0] == '{' {
			if h := htmlOf(raw); h != "" {
				cp.StringValue = &h
				return true
			}
		}
	case mapping.PropInteger:
		var n float64
		if ok, err := is.Field(field, &n); ok && err == nil {
			i := int(n)
			cp.IntegerValue = &i
			return true
		}
	case mapping.PropDecimal:
		var n float64
		if ok, err := is.Field(field, &n); ok && err == nil {
			cp.DecimalValue = &n
			return true
		}
	case mapping.PropDate:
		var s string
		if ok, _ := is.Field(field, &s); ok {
			if t, err := time.Parse(jiraclient.DateLayout, s); err == nil {
				cp.DateTimeValue = spiraclient.TimePtr(t)
				return true
			}
		}
	case mapping.PropUser:
		var u jiraclient.User
		if ok, _ := is.Field(field, &u); ok {
			if id := ix.spiraUser(&u); id != 0 {
				cp.IntegerValue = &id
				return true
			}
		}
	}
	return false
}

func cpText(cp spiraclient.RemoteArtifactCustomProperty) string {
	switch {
	case cp.StringValue != nil:
		return short(plainHTML(*cp.StringValue))
	case cp.IntegerValue != nil:
		return strconv.Itoa(*cp.IntegerValue)
	case cp.DecimalValue != nil:
		return strconv.FormatFloat(*cp.DecimalValue, 'f', -1, 64)
	case cp.DateTimeValue != nil:
		return cp.DateTimeValue.UTC().Format(jiraclient.DateLayout)
	case len(cp.IntegerListValue) > 0:
		return idList(cp.IntegerListValue)
	}
	return ""
}

// issueKeyProperty is the custom property mapped to JiraIssueKey, ready to
// hold a key, or nil when none is mapped.
func (p *planner) issueKeyProperty(key string) *spiraclient.RemoteArtifactCustomProperty {
	m := p.ix.p.PropertyBySpecialKey(mapping.ArtifactIncident, mapping.KeyJiraIssueKey)
	if m == nil {
		return nil
	}
	for _, d := range p.s.IncidentProperties {
		if d.CustomPropertyID == m.Property.ID {
			k := key
			return &spiraclient.RemoteArtifactCustomProperty{PropertyNumber: d.PropertyNumber, StringValue: &k,
				Definition: &spiraclient.RemoteCustomProperty{CustomPropertyID: d.CustomPropertyID, ProjectTemplateID: d.ProjectTemplateID, ArtifactTypeID: d.ArtifactTypeID}}
		}
	}
	return nil
}

// withProperty returns cps with cp set (replacing the same property).
func withProperty(cps []spiraclient.RemoteArtifactCustomProperty, cp spiraclient.RemoteArtifactCustomProperty) []spiraclient.RemoteArtifactCustomProperty {
	out := slices.Clone(cps)
	for i := range out {
		if out[i].PropertyNumber == cp.PropertyNumber {
			out[i] = cp
			return out
		}
	}
	return append(out, cp)
}

// ---- helpers ----

// prefixHTML puts the sync prefix at the start of the first paragraph, so
// the text reads "[JiraDataSync] ..." on one line.
func prefixHTML(prefix, h string) string {
	t := strings.TrimSpace(h)
	if strings.HasPrefix(t, "<p>") {
		return "<p>" + prefix + " " + t[len("<p>"):]
	}
	return prefix + " " + t
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain values are marshalled here
	}
	return b
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func dateOf(t *spiraclient.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(jiraclient.DateLayout)
}

func atoi64(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
