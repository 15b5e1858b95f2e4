package datasync

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
)

// Links: the remote links from Jira issues back to Spira, and Custom 05 issue links.

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
			shown := cmp.Or(targetName, target)
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
