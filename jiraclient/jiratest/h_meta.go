package jiratest

import (
	"strconv"
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
