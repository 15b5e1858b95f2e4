package jiratest

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

type issueTypeJSON struct {
	Self           string `json:"self"`
	ID             string `json:"id"`
	Description    string `json:"description"`
	IconURL        string `json:"iconUrl"`
	Name           string `json:"name"`
	Subtask        bool   `json:"subtask"`
	AvatarID       int64  `json:"avatarId"`
	HierarchyLevel int    `json:"hierarchyLevel"`
}

func (c *call) issueTypeOut(it *issueType) issueTypeJSON {
	return issueTypeJSON{
		Self: c.base + "/rest/api/3/issuetype/" + it.ID, ID: it.ID, Description: it.Description,
		IconURL: c.base + "/rest/api/2/universal_avatar/view/type/issuetype/avatar/" + strconv.FormatInt(it.AvatarID, 10) + "?size=medium",
		Name:    it.Name, Subtask: it.Subtask, AvatarID: it.AvatarID, HierarchyLevel: it.HierarchyLevel,
	}
}

type componentJSON struct {
	Self                string `json:"self"`
	ID                  string `json:"id"`
	Name                string `json:"name"`
	Description         string `json:"description,omitempty"`
	Lead                any    `json:"lead,omitempty"`
	AssigneeType        string `json:"assigneeType"`
	Assignee            any    `json:"assignee,omitempty"`
	RealAssigneeType    string `json:"realAssigneeType"`
	RealAssignee        any    `json:"realAssignee,omitempty"`
	IsAssigneeTypeValid bool   `json:"isAssigneeTypeValid"`
	Project             string `json:"project"`
	ProjectID           int64  `json:"projectId"`
}

func (c *call) componentOut(cm *component, p *project) componentJSON {
	pid, _ := strconv.ParseInt(p.ID, 10, 64)
	j := componentJSON{
		Self: c.base + "/rest/api/3/component/" + cm.ID, ID: cm.ID, Name: cm.Name, Description: cm.Description,
		AssigneeType: "PROJECT_DEFAULT", RealAssigneeType: "PROJECT_DEFAULT", IsAssigneeTypeValid: false,
		Project: p.Key, ProjectID: pid,
	}
	if cm.LeadID != "" {
		j.Lead = c.userRef(cm.LeadID)
	}
	return j
}

type versionJSON struct {
	Self            string `json:"self"`
	ID              string `json:"id"`
	Description     string `json:"description,omitempty"`
	Name            string `json:"name"`
	Archived        bool   `json:"archived"`
	Released        bool   `json:"released"`
	StartDate       string `json:"startDate,omitempty"`
	ReleaseDate     string `json:"releaseDate,omitempty"`
	Overdue         *bool  `json:"overdue,omitempty"`
	UserStartDate   string `json:"userStartDate,omitempty"`
	UserReleaseDate string `json:"userReleaseDate,omitempty"`
	ProjectID       int64  `json:"projectId"`
}

func (c *call) versionOut(v *version) versionJSON {
	pid, _ := strconv.ParseInt(v.ProjectID, 10, 64)
	j := versionJSON{
		Self: c.base + "/rest/api/3/version/" + v.ID, ID: v.ID, Description: v.Description, Name: v.Name,
		Archived: v.Archived, Released: v.Released, StartDate: v.StartDate, ReleaseDate: v.ReleaseDate, ProjectID: pid,
	}
	if v.StartDate != "" {
		j.UserStartDate = userDate(v.StartDate)
	}
	if v.ReleaseDate != "" {
		j.UserReleaseDate = userDate(v.ReleaseDate)
		if !v.Released {
			over := v.ReleaseDate < c.now.UTC().Format("2006-01-02")
			j.Overdue = &over
		}
	}
	return j
}

type statusCategoryJSON struct {
	Self      string `json:"self"`
	ID        int    `json:"id"`
	Key       string `json:"key"`
	ColorName string `json:"colorName"`
	Name      string `json:"name"`
}

type statusJSON struct {
	Self           string             `json:"self"`
	Description    string             `json:"description"`
	IconURL        string             `json:"iconUrl"`
	Name           string             `json:"name"`
	ID             string             `json:"id"`
	StatusCategory statusCategoryJSON `json:"statusCategory"`
}

func (c *call) statusOut(id string) statusJSON {
	st := c.s.site.statuses[id]
	cat := c.s.site.categories[st.Category]
	return statusJSON{
		Self: c.base + "/rest/api/3/status/" + st.ID, Description: st.Description,
		IconURL: c.base + "/images/icons/statuses/generic.png", Name: st.Name, ID: st.ID,
		StatusCategory: statusCategoryJSON{Self: c.base + "/rest/api/3/statuscategory/" + itoa(cat.ID),
			ID: cat.ID, Key: cat.Key, ColorName: cat.ColorName, Name: cat.Name},
	}
}

func (c *call) workflowOf(typeID string) *workflow {
	return c.s.site.workflows[c.s.site.issueTypes[typeID].Workflow]
}

func (c *call) projectNotFound(idOrKey string) response {
	return errMsg(http.StatusNotFound, "No project could be found with key '"+idOrKey+"'.")
}

func (s *Sim) hIssueTypesForProject(c *call) response {
	pid := c.q.Get("projectId")
	if pid == "" {
		return errMsg(http.StatusBadRequest, "The projectId parameter is required.")
	}
	if _, err := strconv.ParseInt(pid, 10, 64); err != nil {
		return errMsg(http.StatusBadRequest, "The projectId must be a number.")
	}
	p := c.visibleProject(pid)
	if p == nil || p.ID != pid {
		return errMsg(http.StatusNotFound, "No project could be found with id '"+pid+"'.")
	}
	level, hasLevel := 0, c.q.Has("level")
	if hasLevel {
		n, err := strconv.Atoi(c.q.Get("level"))
		if err != nil {
			return errMsg(http.StatusBadRequest, "The level must be -1, 0 or 1.")
		}
		level = n
	}
	out := []issueTypeJSON{}
	for _, id := range p.IssueTypes {
		it := s.site.issueTypes[id]
		if hasLevel && it.HierarchyLevel != level {
			continue
		}
		out = append(out, c.issueTypeOut(it))
	}
	return jsonResp(http.StatusOK, out)
}

type issueTypeWithStatusJSON struct {
	Self     string       `json:"self"`
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Subtask  bool         `json:"subtask"`
	Statuses []statusJSON `json:"statuses"`
}

func (s *Sim) hProjectStatuses(c *call) response {
	p := c.visibleProject(c.p["projectIdOrKey"])
	if p == nil {
		return c.projectNotFound(c.p["projectIdOrKey"])
	}
	out := []issueTypeWithStatusJSON{}
	for _, id := range p.IssueTypes {
		it := s.site.issueTypes[id]
		j := issueTypeWithStatusJSON{Self: c.base + "/rest/api/3/issueType/" + it.ID, ID: it.ID, Name: it.Name, Subtask: it.Subtask, Statuses: []statusJSON{}}
		for _, sid := range c.workflowOf(it.ID).Statuses {
			j.Statuses = append(j.Statuses, c.statusOut(sid))
		}
		out = append(out, j)
	}
	return jsonResp(http.StatusOK, out)
}

type priorityJSON struct {
	Self        string `json:"self"`
	StatusColor string `json:"statusColor"`
	Description string `json:"description"`
	IconURL     string `json:"iconUrl"`
	Name        string `json:"name"`
	ID          string `json:"id"`
	IsDefault   bool   `json:"isDefault"`
}

func (c *call) priorityOut(p *priority) priorityJSON {
	return priorityJSON{Self: c.base + "/rest/api/3/priority/" + p.ID, StatusColor: p.Color, Description: p.Description,
		IconURL: c.base + "/images/icons/priorities/" + strings.ToLower(p.Name) + ".svg", Name: p.Name, ID: p.ID, IsDefault: p.IsDefault}
}

func (s *Sim) hPrioritySearch(c *call) response {
	ids := c.q["id"]
	name := strings.ToLower(c.q.Get("priorityName"))
	onlyDefault := c.q.Get("onlyDefault") == "true"
	for _, pid := range c.q["projectId"] {
		if p := c.visibleProject(pid); p == nil || p.ID != pid {
			// Priorities of a project the caller cannot see: none.
			return jsonResp(http.StatusOK, page(c, []priorityJSON{}, 50, 50))
		}
	}
	out := []priorityJSON{}
	for _, p := range s.site.priorities {
		if len(ids) > 0 && !slices.Contains(ids, p.ID) {
			continue
		}
		if name != "" && !strings.Contains(strings.ToLower(p.Name), name) {
			continue
		}
		if onlyDefault && !p.IsDefault {
			continue
		}
		out = append(out, c.priorityOut(p))
	}
	return jsonResp(http.StatusOK, page(c, out, 50, 50))
}

type resolutionJSON struct {
	Self        string `json:"self"`
	ID          string `json:"id"`
	Description string `json:"description"`
	Name        string `json:"name"`
	Default     bool   `json:"default"`
}

func (c *call) resolutionOut(r *resolution) resolutionJSON {
	return resolutionJSON{Self: c.base + "/rest/api/3/resolution/" + r.ID, ID: r.ID, Description: r.Description, Name: r.Name, Default: r.IsDefault}
}

func (s *Sim) hResolutionSearch(c *call) response {
	ids := c.q["id"]
	onlyDefault := c.q.Get("onlyDefault") == "true"
	out := []resolutionJSON{}
	for _, r := range s.site.resolutions {
		if len(ids) > 0 && !slices.Contains(ids, r.ID) {
			continue
		}
		if onlyDefault && !r.IsDefault {
			continue
		}
		out = append(out, c.resolutionOut(r))
	}
	return jsonResp(http.StatusOK, page(c, out, 50, 50))
}

func (s *Sim) hProjectComponents(c *call) response {
	p := c.visibleProject(c.p["projectIdOrKey"])
	if p == nil {
		return c.projectNotFound(c.p["projectIdOrKey"])
	}
	out := []componentJSON{}
	for _, cm := range s.site.components {
		if cm.ProjectID == p.ID {
			out = append(out, c.componentOut(cm, p))
		}
	}
	return jsonResp(http.StatusOK, out)
}

type componentCountJSON struct {
	componentJSON
	IssueCount int64 `json:"issueCount"`
}

func (s *Sim) hProjectComponentsPaged(c *call) response {
	p := c.visibleProject(c.p["projectIdOrKey"])
	if p == nil {
		return c.projectNotFound(c.p["projectIdOrKey"])
	}
	query := strings.ToLower(c.q.Get("query"))
	out := []componentCountJSON{}
	for _, cm := range s.site.components {
		if cm.ProjectID != p.ID {
			continue
		}
		if query != "" && !strings.Contains(strings.ToLower(cm.Name), query) && !strings.Contains(strings.ToLower(cm.Description), query) {
			continue
		}
		n := int64(0)
		for _, is := range s.site.issues {
			if slices.Contains(is.Components, cm.ID) {
				n++
			}
		}
		j := componentCountJSON{componentJSON: c.componentOut(cm, p), IssueCount: n}
		j.Self = c.base + "/rest/api/3/component/" + cm.ID + "/relatedIssueCounts"
		out = append(out, j)
	}
	if strings.TrimLeft(c.q.Get("orderBy"), "+-") == "name" {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
		if strings.HasPrefix(c.q.Get("orderBy"), "-") {
			slices.Reverse(out)
		}
	}
	return jsonResp(http.StatusOK, page(c, out, 50, 50))
}

func (c *call) projectVersions(p *project) []*version {
	var out []*version
	for _, v := range c.s.site.versions {
		if v.ProjectID == p.ID {
			out = append(out, v)
		}
	}
	return out
}

func (s *Sim) hProjectVersionsPaged(c *call) response {
	p := c.visibleProject(c.p["projectIdOrKey"])
	if p == nil {
		return c.projectNotFound(c.p["projectIdOrKey"])
	}
	query := strings.ToLower(c.q.Get("query"))
	var statuses []string
	if v := c.q.Get("status"); v != "" {
		statuses = strings.Split(v, ",")
	}
	vs := c.projectVersions(p)
	out := []versionJSON{}
	for _, v := range vs {
		if query != "" && !strings.Contains(strings.ToLower(v.Name), query) && !strings.Contains(strings.ToLower(v.Description), query) {
			continue
		}
		if len(statuses) > 0 {
			st := "unreleased"
			if v.Archived {
				st = "archived"
			} else if v.Released {
				st = "released"
			}
			if !slices.Contains(statuses, st) {
				continue
			}
		}
		out = append(out, c.versionOut(v))
	}
	ob := c.q.Get("orderBy")
	key := strings.TrimLeft(ob, "+-")
	less := map[string]func(a, b versionJSON) bool{
		"name":        func(a, b versionJSON) bool { return a.Name < b.Name },
		"releaseDate": func(a, b versionJSON) bool { return a.ReleaseDate < b.ReleaseDate },
		"startDate":   func(a, b versionJSON) bool { return a.StartDate < b.StartDate },
		"description": func(a, b versionJSON) bool { return a.Description < b.Description },
	}[key]
	if less != nil {
		sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	}
	if strings.HasPrefix(ob, "-") {
		slices.Reverse(out)
	}
	return jsonResp(http.StatusOK, page(c, out, 50, 50))
}

func (s *Sim) hProjectVersions(c *call) response {
	p := c.visibleProject(c.p["projectIdOrKey"])
	if p == nil {
		return c.projectNotFound(c.p["projectIdOrKey"])
	}
	out := []versionJSON{}
	for _, v := range c.projectVersions(p) {
		out = append(out, c.versionOut(v))
	}
	return jsonResp(http.StatusOK, out)
}

func (c *call) findVersion(id string) (*version, *project) {
	for _, v := range c.s.site.versions {
		if v.ID == id {
			if p := c.visibleProject(v.ProjectID); p != nil {
				return v, p
			}
		}
	}
	return nil, nil
}

func (s *Sim) hVersionGet(c *call) response {
	v, _ := c.findVersion(c.p["id"])
	if v == nil {
		return errMsg(http.StatusNotFound, "Could not find version for id '"+c.p["id"]+"'")
	}
	return jsonResp(http.StatusOK, c.versionOut(v))
}

const versionAdminMsg = "You must have global or project administrator rights in order to modify versions."

// versionIn is the body of version create and update. Pointers tell "absent"
// from "zero".
type versionIn struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
	ProjectID   *int64  `json:"projectId"`
	Project     *string `json:"project"`
	Released    *bool   `json:"released"`
	Archived    *bool   `json:"archived"`
	StartDate   *string `json:"startDate"`
	ReleaseDate *string `json:"releaseDate"`
}

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func (in *versionIn) check(v *version) map[string]string {
	errs := map[string]string{}
	if in.Name != nil {
		if strings.TrimSpace(*in.Name) == "" {
			errs["name"] = "You must specify a valid version name"
		} else if len(*in.Name) > 255 {
			errs["name"] = "The version name must not exceed 255 characters."
		}
	}
	if in.Description != nil && len(*in.Description) > 16384 {
		errs["description"] = "The description must not exceed 16384 characters."
	}
	if in.StartDate != nil && *in.StartDate != "" && !validDate(*in.StartDate) {
		errs["startDate"] = "Please enter the date in the following format: d/MMM/yy"
	}
	if in.ReleaseDate != nil && *in.ReleaseDate != "" && !validDate(*in.ReleaseDate) {
		errs["releaseDate"] = "Please enter the date in the following format: d/MMM/yy"
	}
	start, rel := v.StartDate, v.ReleaseDate
	if in.StartDate != nil {
		start = *in.StartDate
	}
	if in.ReleaseDate != nil {
		rel = *in.ReleaseDate
	}
	if len(errs) == 0 && start != "" && rel != "" && start > rel {
		errs["startDate"] = "The start date must be before the release date."
	}
	return errs
}

func (in *versionIn) apply(v *version) {
	if in.Name != nil {
		v.Name = strings.TrimSpace(*in.Name)
	}
	if in.Description != nil {
		v.Description = *in.Description
	}
	if in.Released != nil {
		v.Released = *in.Released
	}
	if in.Archived != nil {
		v.Archived = *in.Archived
	}
	if in.StartDate != nil {
		v.StartDate = *in.StartDate
	}
	if in.ReleaseDate != nil {
		v.ReleaseDate = *in.ReleaseDate
	}
}

func (c *call) nameTaken(p *project, name, except string) bool {
	for _, v := range c.projectVersions(p) {
		if v.ID != except && strings.EqualFold(v.Name, strings.TrimSpace(name)) {
			return true
		}
	}
	return false
}

// hVersionCreate: without project administration Jira answers 404 (create)
// and 400 (update) — the spec lists no 403 for either.
func (s *Sim) hVersionCreate(c *call) response {
	var in versionIn
	if r, ok := c.decodeJSON(&in); !ok {
		return r
	}
	var p *project
	switch {
	case in.ProjectID != nil:
		p = c.visibleProject(strconv.FormatInt(*in.ProjectID, 10))
	case in.Project != nil:
		p = c.visibleProject(*in.Project)
	default:
		return fieldErr(http.StatusBadRequest, "project", "Project must be specified to create a version.")
	}
	if p == nil {
		return fieldErr(http.StatusNotFound, "project", "Project with id or key does not exist or you do not have permission to view it.")
	}
	if c.user == nil || !c.user.Admin {
		return errMsg(http.StatusNotFound, versionAdminMsg)
	}
	if in.Name == nil {
		return fieldErr(http.StatusBadRequest, "name", "You must specify a valid version name")
	}
	v := &version{ID: s.site.newID(), ProjectID: p.ID}
	if errs := in.check(v); len(errs) > 0 {
		return errResp(http.StatusBadRequest, nil, errs)
	}
	if c.nameTaken(p, *in.Name, "") {
		return fieldErr(http.StatusBadRequest, "name", "A version with this name already exists in this project.")
	}
	in.apply(v)
	s.site.versions = append(s.site.versions, v)
	return jsonResp(http.StatusCreated, c.versionOut(v))
}

func (s *Sim) hVersionUpdate(c *call) response {
	var in versionIn
	if r, ok := c.decodeJSON(&in); !ok {
		return r
	}
	v, p := c.findVersion(c.p["id"])
	if v == nil {
		return errMsg(http.StatusNotFound, "Could not find version for id '"+c.p["id"]+"'")
	}
	if c.user == nil || !c.user.Admin {
		return errMsg(http.StatusBadRequest, versionAdminMsg)
	}
	if errs := in.check(v); len(errs) > 0 {
		return errResp(http.StatusBadRequest, nil, errs)
	}
	if in.Name != nil && c.nameTaken(p, *in.Name, v.ID) {
		return fieldErr(http.StatusBadRequest, "name", "A version with this name already exists in this project.")
	}
	in.apply(v)
	return jsonResp(http.StatusOK, c.versionOut(v))
}
