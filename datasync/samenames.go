package datasync

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Same names on both sides: a user who already has an item in both tools
// (imported earlier, or kept by a second tool) would get each one twice on
// a first sync, the incident sent to Jira and the issue brought to Spira.
// Plan proposes to link such a pair instead, and creates neither side until
// the proposal is accepted (Config.LinkSameNames). Only a one-to-one match
// is proposed: with several items of one name on a side, which belongs to
// which is a guess, so those sync as they would without a match.

// sameNameReason is what a proposal says, and what to do about it.
const sameNameReason = "same name on both sides: pass --link-same-names to link them instead of creating both"

// nameKey is the name a pair is matched by: case and runs of spaces
// ignored. Unlike mapping.Normalize (for value names such as "1 - High")
// it keeps digits and punctuation, which tell items apart ("Crash on save
// 2", "v1.2 login fails"): accepting links every proposal at once, so a
// match must be a near certainty.
func nameKey(s string) string { return strings.ToLower(norm(s)) }

// sameNamePlan is what the same-name pass leaves for the rest of Plan:
// the items it took (neither created), and the notes for those whose name
// several items share.
type sameNamePlan struct {
	incidents map[int]bool
	// requirements are the Spira requirements linked by name (Complete
	// would otherwise send them to Jira).
	requirements map[int]bool
	issues       map[string]bool
	notes        map[string]string // item -> why no link was proposed
}

// sameNameIssue classifies an unmapped Jira issue for matching: "incident"
// or "requirement" when it would sync to one (or, in the Spira-to-Jira-only
// mode, when an incident sent to Jira would duplicate it), "" otherwise.
func (p *planner) sameNameIssue(it JiraItem) string {
	is := it.Issue
	if _, ok := p.ix.keyToInc[is.Key]; ok {
		return ""
	}
	if _, ok := p.ix.keyToReq[is.Key]; ok {
		return ""
	}
	if it.Marker.ours(p.s.ProductID) {
		return "" // ours: newIncident (or newRequirementToJira) adopts it
	}
	if nameKey(is.Summary()) == "" {
		return ""
	}
	typ := ""
	if t := is.IssueType(); t != nil {
		typ = t.ID
	}
	switch p.ix.artifactOf(typ) {
	case asRequirement:
		if !p.flow(mapping.FlowRequirements).Create.ToSpira() {
			return "" // not brought to Spira, and no requirement goes to Jira
		}
		return "requirement"
	case asIncident:
		if p.flow(mapping.FlowIncidents).Create == mapping.WayNone || p.ix.back(mapping.IncidentType, typ) == 0 {
			return ""
		}
		return "incident"
	}
	return ""
}

// sameNames plans the pairs of the same name: a proposal each, or with
// LinkSameNames the link and then the pair's first comparison.
func (p *planner) sameNames() sameNamePlan {
	out := sameNamePlan{incidents: map[int]bool{}, requirements: map[int]bool{}, issues: map[string]bool{}, notes: map[string]string{}}
	type group struct {
		incs  []SpiraItem
		reqs  []RequirementItem
		jira  []JiraItem
		order int
	}
	groups := map[string]*group{}
	get := func(typ, name string) *group {
		k := typ + "\x00" + nameKey(name)
		g, ok := groups[k]
		if !ok {
			g = &group{order: len(groups)}
			groups[k] = g
		}
		return g
	}
	for _, it := range p.s.Issues {
		if typ := p.sameNameIssue(it); typ != "" {
			g := get(typ, it.Issue.Summary())
			g.jira = append(g.jira, it)
		}
	}
	if len(groups) == 0 {
		return out
	}
	// Incidents an interrupted run sent: newIncident adopts their issue.
	marked, markedReq := map[int]bool{}, map[int]bool{}
	for _, ji := range p.s.Issues {
		if ji.Marker != nil && ji.Marker.Product == p.s.ProductID {
			marked[ji.Marker.Incident] = true
			markedReq[ji.Marker.Requirement] = true
		}
	}
	for _, it := range p.s.NewIncidents {
		inc := it.Incident
		if _, ok := p.s.IncidentKeys[inc.IncidentID]; ok || marked[inc.IncidentID] || nameKey(inc.Name) == "" {
			continue
		}
		if g, ok := groups["incident\x00"+nameKey(inc.Name)]; ok {
			g.incs = append(g.incs, it)
		}
	}
	for _, r := range p.s.SameNameRequirements {
		if _, ok := p.s.RequirementKeys[r.Requirement.RequirementID]; ok || markedReq[r.Requirement.RequirementID] {
			continue
		}
		if g, ok := groups["requirement\x00"+nameKey(r.Requirement.Name)]; ok {
			g.reqs = append(g.reqs, r)
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return groups[a].order - groups[b].order })
	for _, k := range keys {
		g := groups[k]
		spira := len(g.incs) + len(g.reqs)
		switch {
		case spira == 0:
			continue
		case spira == 1 && len(g.jira) == 1:
			if len(g.incs) == 1 {
				p.sameNameIncident(g.incs[0], g.jira[0])
				out.incidents[g.incs[0].Incident.IncidentID] = true
			} else {
				p.sameNameRequirement(g.reqs[0], g.jira[0])
				out.requirements[g.reqs[0].Requirement.RequirementID] = true
			}
			out.issues[g.jira[0].Issue.Key] = true
		default:
			typ := "incident"
			var ids []string
			for _, it := range g.incs {
				ids = append(ids, incItem(it.Incident.IncidentID))
			}
			for _, r := range g.reqs {
				typ = "requirement"
				ids = append(ids, "RQ:"+strconv.Itoa(r.Requirement.RequirementID))
			}
			jiraOnly := len(g.reqs) > 0 && !p.flow(mapping.FlowRequirements).Create.ToJira() // no requirement goes to Jira
			var jk []string
			for _, it := range g.jira {
				jk = append(jk, it.Issue.Key)
			}
			note := fmt.Sprintf("no link proposed: %d Spira %ss (%s) and %d Jira issues (%s) share this name, and only a one-to-one match is linked; map the right pair in Spira by hand to avoid a duplicate",
				spira, typ, strings.Join(ids, ", "), len(g.jira), strings.Join(jk, ", "))
			for _, id := range ids {
				if !jiraOnly {
					out.notes[id] = note
				}
			}
			for _, key := range jk {
				out.notes[key] = note
			}
		}
	}
	return out
}

// noteSameNames adds to the creates of items whose name several items
// share why no link was proposed for them.
func (p *planner) noteSameNames(sn sameNamePlan) {
	if len(sn.notes) == 0 {
		return
	}
	for i := range p.out {
		a := &p.out[i]
		if a.Kind != KindCreate || a.Artifact.Type == "release" {
			continue
		}
		if note, ok := sn.notes[a.Item]; ok {
			a.Reason = strings.TrimPrefix(a.Reason+"; "+note, "; ")
		}
	}
}

// sameNameIncident plans a same-named incident and issue: the proposal,
// or once accepted the link and the pair's comparison.
func (p *planner) sameNameIncident(it SpiraItem, ji JiraItem) {
	inc, is := it.Incident, ji.Issue
	art := Artifact{Type: "incident", SpiraID: inc.IncidentID, JiraKey: is.Key, JiraID: is.ID, Name: inc.Name}
	if !p.s.LinkSameNames {
		p.propose(art, inc.Name, is.Summary())
		return
	}
	op := &Op{SameName: true, RemoteLink: p.remoteLink(inc.IncidentID, inc.Name), Base: map[string]string{}}
	// The fields both sides agree on already: the base until the pair's
	// comparison below records its own.
	jv, sv := p.jiraView(is), p.spiraView(inc)
	for f, j := range jv {
		if s, ok := sv[f]; ok && p.sameInJira(f, j, s) {
			op.Base[f] = s
		}
	}
	linkAt := len(p.out)
	p.add(Action{Kind: KindLink, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
		Summary: fmt.Sprintf("link %s and %s, which have the same name, instead of creating either", incItem(inc.IncidentID), is.Key), Op: op})
	// Then the pair's first comparison: each field that differs is a
	// conflict, shown in the plan and decided as the mode decides one
	// (Jira wins, or with Both the --conflicts side), whatever the dates
	// say, since no earlier sync says which side is right.
	p.linking[is.Key] = true
	pi := ji
	pi.Incident, pi.SpiraComments = &inc, it.Comments
	p.pair(pi, inc.IncidentID)
	cp := p.issueKeyProperty(is.Key)
	if cp == nil || hasValue(inc.CustomProperties, cp.PropertyNumber, is.Key) {
		return
	}
	// The Jira-key property goes with the pair's update to the incident,
	// when there is one: a second write would be refused as stale.
	for i := linkAt + 1; i < len(p.out); i++ {
		a := &p.out[i]
		if a.Item == is.Key && a.Kind == KindUpdate && a.Direction == JiraToSpira && a.Op != nil && a.Op.Incident != nil {
			a.Op.Incident.CustomProperties = withProperty(a.Op.Incident.CustomProperties, *cp)
			return
		}
	}
	p.out[linkAt].Op.Incident, p.out[linkAt].Op.IssueKeyProperty = &inc, cp
}

// sameNameRequirement plans a same-named requirement and issue.
func (p *planner) sameNameRequirement(r RequirementItem, ji JiraItem) {
	req, is := r.Requirement, ji.Issue
	id := req.RequirementID
	art := Artifact{Type: "requirement", SpiraID: id, JiraKey: is.Key, JiraID: is.ID, Name: req.Name}
	if !p.s.LinkSameNames {
		p.propose(art, req.Name, is.Summary())
		return
	}
	p.add(Action{Kind: KindLink, Direction: JiraToSpira, Artifact: art, Item: is.Key, Phase: 1,
		Summary: fmt.Sprintf("link RQ:%d and %s, which have the same name, instead of creating either", id, is.Key),
		Op:      &Op{SameName: true, RemoteLink: RemoteLinkFor(p.s.SpiraURL, p.s.ProductID, "requirement", id, req.Name)}})
	// Requirements take Jira's fields, as a mapped one does.
	pi := ji
	pi.Requirement, pi.SpiraComments = &req, r.Comments
	p.updateRequirement(pi, id)
}

func (p *planner) propose(art Artifact, spiraName, jiraName string) {
	var changes []Change
	if spiraName != jiraName {
		// The names differ in case or spacing only; equal ones say nothing.
		changes = []Change{{Field: "Name", Before: spiraName, After: jiraName}}
	}
	p.add(Action{Kind: KindLink, Direction: JiraToSpira, Artifact: art, Item: art.JiraKey, Phase: 1, Proposal: true,
		Summary: fmt.Sprintf("proposed: link %s to %s (neither is created)", strings.Replace(art.String(), " ↔ "+art.JiraKey, "", 1), art.JiraKey),
		Changes: changes, Reason: sameNameReason})
}

// linkSameName records an accepted same-name pair: journaled first as a
// create that got its answer, so a run stopped before the mapping is in
// Spira records it next time (Load's recover) rather than proposing the
// pair again or creating either side.
func (a *applier) linkSameName(act *Action) error {
	op, art := act.Op, act.Artifact
	if err := a.e.jr.write(entry{Type: entryDone, Action: act.ID, Item: act.Item, Artifact: art.Type, Dir: dirJ2S,
		SpiraID: art.SpiraID, JiraKey: art.JiraKey, JiraID: art.JiraID, Name: art.Name, At: time.Now()}); err != nil {
		return err
	}
	if op.RemoteLink != nil {
		if _, err := a.e.cfg.Jira.UpsertRemoteLink(a.ctx, art.JiraKey, *op.RemoteLink); err != nil {
			return fmt.Errorf("link %s back to Spira: %w", art.JiraKey, err)
		}
	}
	if cp := op.IssueKeyProperty; cp != nil && op.Incident != nil {
		inc := *op.Incident
		inc.CustomProperties = withProperty(inc.CustomProperties, *cp)
		if err := a.updateIncident(a.ctx, inc); err != nil {
			return fmt.Errorf("write %s into incident %d's Jira key property: %w", art.JiraKey, art.SpiraID, err)
		}
	}
	if art.Type == "incident" {
		a.mu.Lock()
		a.newKeys[art.SpiraID] = art.JiraKey
		a.mu.Unlock()
		a.base(art.JiraID, op.Base)
	}
	a.mapping(artifactTypeID(art.Type), art.SpiraID, art.JiraKey)
	return nil
}

// proposedItems are the sides of the same-name pairs a run only proposes.
type proposedItems struct {
	issues       map[string]bool // Jira issue keys
	incidents    map[int]bool
	requirements map[int]bool
}

// proposedPairs finds, before the details are read, the items Plan will
// only propose to link: the same pass Plan makes, on what decides it (the
// names, types and mappings), none of which the details change.
func proposedPairs(s *Snapshot) proposedItems {
	if s.LinkSameNames {
		return proposedItems{}
	}
	p := newPlanner(s)
	sn := p.sameNames()
	return proposedItems{issues: sn.issues, incidents: sn.incidents, requirements: sn.requirements}
}

// sameNameRetry says what a same-name action leaves to read again next
// run, when it was only proposed or it failed: both items, since neither
// may be new by then and each alone would be created on the other side.
func sameNameRetry(act Action, failed bool) (inc int, issue string, ok bool) {
	if !act.Proposal && !(failed && act.Op != nil && act.Op.SameName) {
		return 0, "", false
	}
	if act.Artifact.Type == "incident" {
		inc = act.Artifact.SpiraID
	}
	return inc, act.Artifact.JiraID, true
}

// SameNameRequirementSearch is how many Jira issues the engine looks up
// one by one in Spira's requirements by name; with more it reads them all.
const SameNameRequirementSearch = 20

// readSameNameRequirements finds the unmapped Spira requirements named as
// an unmapped Jira issue of a requirement type: a few issues by a name
// search each, more (a first sync) by one read of all requirements.
func (e *Engine) readSameNameRequirements(ctx context.Context, s *Snapshot) error {
	p := &planner{s: s, ix: newIndex(s)}
	want := map[string]bool{}
	var names []string
	for _, it := range s.Issues {
		if p.sameNameIssue(it) == "requirement" {
			k := nameKey(it.Issue.Summary())
			if !want[k] {
				want[k] = true
				names = append(names, strings.TrimSpace(it.Issue.Summary()))
			}
		}
	}
	if len(want) == 0 {
		return nil
	}
	var searches [][]spiraclient.RemoteFilter
	if len(names) <= SameNameRequirementSearch {
		for _, n := range names {
			// Spira's name filter is a substring match: the exact one is
			// picked out below.
			searches = append(searches, []spiraclient.RemoteFilter{spiraclient.NameSearch(n)})
		}
	} else {
		searches = append(searches, nil)
	}
	seen := map[int]bool{}
	for _, f := range searches {
		for r, err := range e.cfg.Spira.SearchRequirements(ctx, s.ProductID, f) {
			if err != nil {
				return fmt.Errorf("look for Spira requirements named as new Jira issues: %w", err)
			}
			if _, mapped := s.RequirementKeys[r.RequirementID]; mapped || seen[r.RequirementID] || !want[nameKey(r.Name)] {
				continue
			}
			seen[r.RequirementID] = true
			s.SameNameRequirements = append(s.SameNameRequirements, RequirementItem{Requirement: r})
		}
	}
	return nil
}

// readSameNameComments reads the comments of the same-name requirements
// a run links (Plan compares them with the issue's); a proposal needs none.
func (e *Engine) readSameNameComments(ctx context.Context, s *Snapshot) error {
	g := newGroup(e.cfg.Concurrency)
	for i := range s.SameNameRequirements {
		it := &s.SameNameRequirements[i]
		if extended(s).SkipComments {
			break
		}
		if s.proposedOnly.requirements[it.Requirement.RequirementID] {
			continue
		}
		g.Go(func() (err error) {
			it.Comments, err = e.cfg.Spira.RequirementComments(ctx, s.ProductID, it.Requirement.RequirementID)
			return wrap(err, "read comments of requirement "+strconv.Itoa(it.Requirement.RequirementID))
		})
	}
	return g.Wait()
}
