package jiratest

import (
	"net/http"
	"slices"
	"sort"
	"strings"
)

func (c *call) expands(name string) bool {
	for _, e := range strings.Split(c.q.Get("expand"), ",") {
		if strings.TrimSpace(e) == name {
			return true
		}
	}
	return false
}

func (s *Sim) hMyself(c *call) response {
	return jsonResp(http.StatusOK, c.userOut(c.user, true))
}

type serverInfoJSON struct {
	BaseURL        string `json:"baseUrl"`
	DisplayURL     string `json:"displayUrl"`
	Version        string `json:"version"`
	VersionNumbers []int  `json:"versionNumbers"`
	DeploymentType string `json:"deploymentType"`
	BuildNumber    int    `json:"buildNumber"`
	BuildDate      string `json:"buildDate"`
	ServerTime     string `json:"serverTime"`
	ServerTimeZone string `json:"serverTimeZone"`
	ScmInfo        string `json:"scmInfo"`
	ServerTitle    string `json:"serverTitle"`
}

func (s *Sim) hServerInfo(c *call) response {
	return jsonResp(http.StatusOK, serverInfoJSON{
		BaseURL: c.base, DisplayURL: c.base, Version: "1001.0.0-SNAPSHOT", VersionNumbers: []int{1001, 0, 0},
		DeploymentType: "Cloud", BuildNumber: 100301, BuildDate: "2026-01-01T00:00:00.000+0000",
		ServerTime: jiraTime(c.now), ServerTimeZone: "Etc/UTC",
		ScmInfo: "57a0ca5b4a0bb0ac5f3fee4764acb1c14e4d7e71", ServerTitle: s.site.title,
	})
}

type projectJSON struct {
	Expand         string            `json:"expand"`
	Self           string            `json:"self"`
	ID             string            `json:"id"`
	Key            string            `json:"key"`
	Description    *string           `json:"description,omitempty"`
	Lead           any               `json:"lead,omitempty"`
	Components     []componentJSON   `json:"components,omitempty"`
	IssueTypes     []issueTypeJSON   `json:"issueTypes,omitempty"`
	AssigneeType   string            `json:"assigneeType,omitempty"`
	Versions       []versionJSON     `json:"versions,omitempty"`
	Name           string            `json:"name"`
	Roles          map[string]string `json:"roles,omitempty"`
	AvatarURLs     avatarURLs        `json:"avatarUrls"`
	ProjectTypeKey string            `json:"projectTypeKey"`
	Simplified     bool              `json:"simplified"`
	Style          string            `json:"style"`
	IsPrivate      bool              `json:"isPrivate"`
	Properties     map[string]any    `json:"properties"`
}

// visibleProject finds a project by id or key (the key is case-sensitive) if
// the caller may browse it.
func (c *call) visibleProject(idOrKey string) *project {
	for _, p := range c.s.site.projects {
		// A renamed project answers under its old keys too (Jira keeps them
		// reserved and resolves them; whether REST does too is not in the
		// reference, and the engine reads the current key from the answer).
		if p.ID == idOrKey || p.Key == idOrKey || slices.Contains(p.OldKeys, idOrKey) {
			if p.Private && c.user == nil {
				return nil
			}
			return p
		}
	}
	return nil
}

func (c *call) projectOut(p *project, full bool) projectJSON {
	j := projectJSON{
		Expand: "description,lead,issueTypes,url,projectKeys,permissions,insight",
		Self:   c.base + "/rest/api/3/project/" + p.ID, ID: p.ID, Key: p.Key, Name: p.Name,
		AvatarURLs: avatars(c.base, "project", "10424"), ProjectTypeKey: p.TypeKey, Style: "classic",
		Properties: map[string]any{},
	}
	if full || c.expands("description") {
		d := p.Description
		j.Description = &d
	}
	if full || c.expands("lead") {
		j.Lead = c.userRef(p.LeadID)
	}
	if full || c.expands("issueTypes") {
		j.IssueTypes = []issueTypeJSON{}
		for _, id := range p.IssueTypes {
			j.IssueTypes = append(j.IssueTypes, c.issueTypeOut(c.s.site.issueTypes[id]))
		}
	}
	if full {
		j.Components = []componentJSON{}
		for _, cm := range c.s.site.components {
			if cm.ProjectID == p.ID {
				j.Components = append(j.Components, c.componentOut(cm, p))
			}
		}
		j.Versions = []versionJSON{}
		for _, v := range c.s.site.versions {
			if v.ProjectID == p.ID {
				j.Versions = append(j.Versions, c.versionOut(v))
			}
		}
		j.AssigneeType = c.projectAssigneeType()
		j.Roles = map[string]string{
			"Administrators": c.base + "/rest/api/3/project/" + p.ID + "/role/10002",
			"Member":         c.base + "/rest/api/3/project/" + p.ID + "/role/10003",
		}
	}
	return j
}

func (s *Sim) hProjectSearch(c *call) response {
	var out []projectJSON
	keys := c.q["keys"]
	ids := c.q["id"]
	query := strings.ToLower(c.q.Get("query"))
	typeKey := c.q.Get("typeKey")
	ps := slices.Clone(s.site.projects)
	switch strings.TrimLeft(c.q.Get("orderBy"), "+") {
	case "name":
		sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	case "-name":
		sort.Slice(ps, func(i, j int) bool { return ps[i].Name > ps[j].Name })
	case "-key":
		sort.Slice(ps, func(i, j int) bool { return ps[i].Key > ps[j].Key })
	default:
		sort.Slice(ps, func(i, j int) bool { return ps[i].Key < ps[j].Key })
	}
	for _, p := range ps {
		if c.visibleProject(p.ID) == nil {
			continue
		}
		if len(keys) > 0 && !slices.Contains(keys, p.Key) {
			continue
		}
		if len(ids) > 0 && !slices.Contains(ids, p.ID) {
			continue
		}
		if query != "" && !strings.Contains(strings.ToLower(p.Key), query) && !strings.Contains(strings.ToLower(p.Name), query) {
			continue
		}
		if typeKey != "" && !slices.Contains(strings.Split(typeKey, ","), p.TypeKey) {
			continue
		}
		out = append(out, c.projectOut(p, false))
	}
	return jsonResp(http.StatusOK, page(c, out, 50, 100))
}

func (s *Sim) hProjectGet(c *call) response {
	p := c.visibleProject(c.p["projectIdOrKey"])
	if p == nil {
		return errMsg(http.StatusNotFound, "No project could be found with key '"+c.p["projectIdOrKey"]+"'.")
	}
	return jsonResp(http.StatusOK, c.projectOut(p, true))
}
