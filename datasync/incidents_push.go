package datasync

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/adf"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// The Jira writes that bring an issue to its incident's values.

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
