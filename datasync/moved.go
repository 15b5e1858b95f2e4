package datasync

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spirajira/spirajira/spiraclient"
)

// Moved issues.
//
// A Jira issue's key changes when it moves to another project or when its
// project's key is changed; its numeric ID never does, and Jira still
// answers under the old key (with the new one in the body). Spira's artifact
// mapping holds the key, so a pair would be lost, or the issue come back as
// a new one, unless the engine follows it. It does so from what a run reads
// anyway, at no extra request:
//   - the state remembers the key of every issue ID it synced (Keys): a
//     search result whose ID has a mapped key other than its own moved;
//   - an issue the engine created carries the sync marker, which names its
//     incident;
//   - after a project key change (the product's mapping names the old key,
//     Jira's project read answers with the new one) an issue keeps its
//     number: NEW-8 is what LIB-8 was.
// A pair whose issue ID the engine never saw (made by the plug-in and
// unchanged since) is followed only through the last two.
//
// The plan then updates the mapping (remove the old key, add the new one:
// Spira never overwrites a mapping) and the incident's Jira-key property.
//
// An issue moved to a project this product is not mapped to is not synced
// any more: its changes are not in this product's searches, and writing
// into another team's project is not what the mapping asked for. The
// reference does not say what Inflectra's plug-in does; this is the safer
// choice. Its mapping still follows the new key, so that nothing is created
// again for it on either side, and the plan says why it is left alone each
// time it is read (with Both, when its incident changed). Moved back, it is
// synced again.

// Moved is a pair whose Jira issue has a new key.
type Moved struct {
	Type    string `json:"type"` // incident or requirement
	SpiraID int    `json:"spiraId"`
	JiraID  string `json:"jiraId"`
	From    string `json:"from"`
	To      string `json:"to"`
	// How says what told the move: "its issue ID", "its sync marker" or
	// "its project's key change".
	How string `json:"how"`
}

// Remap is the payload of an action that moves a mapping to a new key.
type Remap struct {
	Type    string `json:"type"`
	SpiraID int    `json:"spiraId"`
	JiraID  string `json:"jiraId"`
	From    string `json:"from"`
	To      string `json:"to"`
}

// keyProject is the project part of an issue key.
func keyProject(key string) string {
	p, _, _ := strings.Cut(key, "-")
	return p
}

// followMoves finds the mapped pairs whose issue, in this run's search
// results, has a new key, and maps them to it in the snapshot (Plan records
// it in Spira). It also forgets the remembered keys no longer mapped.
func (e *Engine) followMoves(s *Snapshot) {
	if e.st.Keys == nil {
		e.st.Keys = map[string]string{}
	}
	mapped := func(key string) (string, int, bool) {
		for id, k := range s.IncidentKeys {
			if k == key {
				return "incident", id, true
			}
		}
		for id, k := range s.RequirementKeys {
			if k == key {
				return "requirement", id, true
			}
		}
		return "", 0, false
	}
	byKey := map[string]bool{}
	for _, k := range s.IncidentKeys {
		byKey[k] = true
	}
	for _, k := range s.RequirementKeys {
		byKey[k] = true
	}
	idOfKey := map[string]string{}
	for id, k := range e.st.Keys {
		if !byKey[k] {
			delete(e.st.Keys, id)
			continue
		}
		idOfKey[k] = id
	}
	for _, it := range s.Issues {
		is := it.Issue
		if byKey[is.Key] {
			continue
		}
		old, how := "", ""
		if k, ok := e.st.Keys[is.ID]; ok {
			old, how = k, "its issue ID"
		} else if m := it.Marker; m != nil && m.Product == s.ProductID && m.Incident != 0 {
			// A clone may carry the marker too: only when the mapped key
			// is not known as another issue's.
			if k, ok := s.IncidentKeys[m.Incident]; ok {
				if id, known := idOfKey[k]; !known || id == is.ID {
					old, how = k, "its sync marker"
				}
			}
		}
		if old == "" && s.RenamedFrom != "" && keyProject(is.Key) == s.JiraKey {
			if _, num, ok := strings.Cut(is.Key, "-"); ok {
				if k := s.RenamedFrom + "-" + num; byKey[k] {
					if _, known := idOfKey[k]; !known {
						old, how = k, "its project's key change"
					}
				}
			}
		}
		if old == "" {
			continue
		}
		typ, id, ok := mapped(old)
		if !ok {
			continue
		}
		if typ == "incident" {
			s.IncidentKeys[id] = is.Key
		} else {
			s.RequirementKeys[id] = is.Key
		}
		delete(byKey, old)
		byKey[is.Key] = true
		s.Moved = append(s.Moved, Moved{Type: typ, SpiraID: id, JiraID: is.ID, From: old, To: is.Key, How: how})
	}
}

// movedIssue plans what a moved or out-of-project pair needs before its
// sync, and says whether the issue is synced at all.
func (p *planner) movedIssue(it JiraItem) (Moved, bool, bool) {
	is := it.Issue
	var mv Moved
	found := false
	for _, m := range p.s.Moved {
		if m.JiraID == is.ID {
			mv, found = m, true
		}
	}
	typ, id := "incident", p.ix.keyToInc[is.Key]
	if id == 0 {
		typ, id = "requirement", p.ix.keyToReq[is.Key]
	}
	elsewhere := id != 0 && keyProject(is.Key) != p.s.JiraKey
	if found {
		why := fmt.Sprintf("the Jira issue (ID %s) has a new key: it moved to another project or its project's key changed (told by %s)", is.ID, mv.How)
		if mv.How == "its project's key change" || p.s.RenamedFrom != "" && keyProject(mv.From) == p.s.RenamedFrom {
			why += fmt.Sprintf("; the Jira project %s is now %s: set the product's Jira project key to %s in Spira's data mapping (View Product Mappings)",
				p.s.RenamedFrom, p.s.JiraKey, p.s.JiraKey)
		}
		p.add(Action{Kind: KindUpdate, Direction: JiraToSpira, Item: is.Key, Phase: 1,
			Artifact: Artifact{Type: mv.Type, SpiraID: mv.SpiraID, JiraKey: is.Key, JiraID: is.ID, Name: is.Summary()},
			Summary:  fmt.Sprintf("update mapping %s:%d: %s -> %s", typePrefix[mv.Type], mv.SpiraID, mv.From, mv.To),
			Changes:  []Change{{Field: "Jira issue key", Before: mv.From, After: mv.To}},
			Reason:   why,
			Op:       &Op{Remap: &Remap{Type: mv.Type, SpiraID: mv.SpiraID, JiraID: is.ID, From: mv.From, To: mv.To}}})
	}
	if elsewhere {
		p.add(Action{Kind: KindSkip, Direction: JiraToSpira, Item: is.Key, Phase: 1,
			Artifact: Artifact{Type: typ, SpiraID: id, JiraKey: is.Key, JiraID: is.ID, Name: is.Summary()},
			Summary:  "not synced",
			Reason: fmt.Sprintf("the issue is in project %s now, not in %s that this product is mapped to: it is not synced while it is there (its mapping follows it, so nothing is created again for it)",
				keyProject(is.Key), p.s.JiraKey)})
	}
	return mv, found, !elsewhere
}

// keyPropertyAfterMove rewrites the incident's Jira-key property to the new
// key: in the update the pair's sync planned, so that one write carries
// both, or else in the remap action itself.
func (p *planner) keyPropertyAfterMove(mv Moved, it JiraItem, from int) {
	if mv.Type != "incident" || it.Incident == nil {
		return
	}
	cp := p.issueKeyProperty(mv.To)
	if cp == nil {
		return
	}
	had := ""
	for _, c := range it.Incident.CustomProperties {
		if c.PropertyNumber == cp.PropertyNumber && c.StringValue != nil {
			had = *c.StringValue
		}
	}
	if had == mv.To {
		return
	}
	ch := Change{Field: "Jira issue key property", Before: had, After: mv.To}
	for i := from; i < len(p.out); i++ {
		a := &p.out[i]
		if a.Item == it.Issue.Key && a.Kind == KindUpdate && a.Direction == JiraToSpira && a.Op != nil && a.Op.Incident != nil && a.Op.Remap == nil {
			a.Op.Incident.CustomProperties = withProperty(a.Op.Incident.CustomProperties, *cp)
			a.Changes = append(a.Changes, ch)
			return
		}
	}
	for i := from; i < len(p.out); i++ {
		a := &p.out[i]
		if a.Op != nil && a.Op.Remap != nil && a.Op.Remap.JiraID == mv.JiraID {
			inc := *it.Incident
			inc.CustomProperties = withProperty(slices.Clone(inc.CustomProperties), *cp)
			a.Op.Incident = &inc
			a.Changes = append(a.Changes, ch)
			return
		}
	}
}

// remap moves a mapping to the issue's new key in Spira, then writes the
// new key into the incident's Jira-key property when the plan has it here.
// Spira never overwrites a mapping, so the old one is removed first; if
// adding the new one then fails, the old one is put back, and the next run
// finds the move again.
func (a *applier) remap(act *Action) error {
	r, sp, pid, dsid := act.Op.Remap, a.e.cfg.Spira, a.s.ProductID, a.e.cfg.PluginID
	typ := artifactTypeID(r.Type)
	row := func(key string) []spiraclient.RemoteDataMapping {
		return []spiraclient.RemoteDataMapping{{ProjectID: &pid, InternalID: r.SpiraID, ExternalKey: key, Primary: true}}
	}
	if err := sp.RemoveArtifactMappings(a.ctx, pid, dsid, typ, row(r.From)); err != nil {
		return fmt.Errorf("remove the mapping of %s %d to %s, to map it to %s: %w", r.Type, r.SpiraID, r.From, r.To, err)
	}
	if err := sp.AddArtifactMappings(a.ctx, pid, dsid, typ, row(r.To)); err != nil {
		if rerr := sp.AddArtifactMappings(a.ctx, pid, dsid, typ, row(r.From)); rerr != nil {
			return fmt.Errorf("map %s %d to %s: %w; putting back its mapping to %s failed too (%v): map it to %s in Spira's data mapping by hand",
				r.Type, r.SpiraID, r.To, err, r.From, rerr, r.To)
		}
		return fmt.Errorf("map %s %d to %s (its old mapping to %s is kept, the next run tries again): %w", r.Type, r.SpiraID, r.To, r.From, err)
	}
	a.mu.Lock()
	a.e.st.Keys[r.JiraID] = r.To
	a.mu.Unlock()
	if inc := act.Op.Incident; inc != nil {
		if err := a.updateIncident(a.ctx, *inc); err != nil {
			return fmt.Errorf("write %s into incident %d's Jira key property: %w", r.To, inc.IncidentID, err)
		}
	}
	return nil
}

// rememberKeys keeps, for the next run, the key of every issue this run
// read or created, by issue ID (Load forgets those that end up unmapped).
func (a *applier) rememberKeys() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.e.st.Keys == nil {
		a.e.st.Keys = map[string]string{}
	}
	moved := map[string]bool{}
	for _, m := range a.s.Moved {
		moved[m.JiraID] = true
	}
	for key, id := range a.issueIDs {
		if id == "" || moved[id] {
			continue // a remap that did not happen keeps the old key, so the move is found again
		}
		a.e.st.Keys[id] = key
	}
}

// knownIssueIDs returns, per mapped key, the issue ID remembered for it.
func (e *Engine) knownIssueIDs() map[string]string {
	out := map[string]string{}
	for id, k := range e.st.Keys {
		out[k] = id
	}
	return out
}
