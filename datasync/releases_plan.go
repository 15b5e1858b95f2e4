package datasync

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient"
)

// Releases and versions: each side's counterpart, created when missing.

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
	name := cmp.Or(rel.VersionNumber, rel.Name)
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
		return cmp.Or(r.VersionNumber, r.Name)
	}
	return itoa(id)
}

func versionList(v string) []map[string]any {
	if v == "" {
		return []map[string]any{}
	}
	return []map[string]any{{"id": v}}
}
