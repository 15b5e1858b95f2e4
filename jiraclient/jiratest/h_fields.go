package jiratest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

const customTypePrefix = "com.atlassian.jira.plugin.system.customfieldtypes:"

type schemaJSON struct {
	Type     string `json:"type"`
	Items    string `json:"items,omitempty"`
	System   string `json:"system,omitempty"`
	Custom   string `json:"custom,omitempty"`
	CustomID int64  `json:"customId,omitempty"`
}

func (f *fieldDef) schema() schemaJSON {
	j := schemaJSON{Type: f.SchemaType, Items: f.Items, System: f.System, CustomID: f.CustomID}
	if f.Custom {
		j.Custom = customTypePrefix + f.CustomType
	}
	return j
}

type fieldJSON struct {
	ID          string     `json:"id"`
	Key         string     `json:"key"`
	Name        string     `json:"name"`
	Custom      bool       `json:"custom"`
	Orderable   bool       `json:"orderable"`
	Navigable   bool       `json:"navigable"`
	Searchable  bool       `json:"searchable"`
	ClauseNames []string   `json:"clauseNames"`
	Schema      schemaJSON `json:"schema"`
}

func (s *Sim) hFields(c *call) response {
	out := []fieldJSON{}
	for _, f := range s.site.fields {
		out = append(out, fieldJSON{ID: f.ID, Key: f.ID, Name: f.Name, Custom: f.Custom, Orderable: f.Orderable,
			Navigable: f.Navigable, Searchable: f.Searchable, ClauseNames: f.ClauseNames, Schema: f.schema()})
	}
	return jsonResp(http.StatusOK, out)
}

func (st *site) field(id string) *fieldDef {
	for _, f := range st.fields {
		if f.ID == id {
			return f
		}
	}
	return nil
}

const adminOnlyMsg = "Only Jira administrators can access custom field contexts and options."

// adminField checks the caller administers Jira and fieldId is a custom field.
func (c *call) adminField() (*fieldDef, response, bool) {
	if c.user == nil || !c.user.Admin {
		return nil, errMsg(http.StatusForbidden, adminOnlyMsg), false
	}
	f := c.s.site.field(c.p["fieldId"])
	if f == nil || !f.Custom {
		return nil, errMsg(http.StatusNotFound, "The custom field was not found."), false
	}
	return f, response{}, true
}

type contextJSON struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Description     string `json:"description"`
	IsGlobalContext bool   `json:"isGlobalContext"`
	IsAnyIssueType  bool   `json:"isAnyIssueType"`
}

func (s *Sim) hFieldContexts(c *call) response {
	f, r, ok := c.adminField()
	if !ok {
		return r
	}
	out := []contextJSON{}
	for _, ctx := range f.contextsNamed(c.q["contextId"]) {
		if v := c.q.Get("isGlobalContext"); v != "" && (v == "true") != ctx.Global {
			continue
		}
		if v := c.q.Get("isAnyIssueType"); v != "" && (v == "true") != ctx.AnyIssueType {
			continue
		}
		out = append(out, contextJSON{ID: ctx.ID, Name: ctx.Name, Description: ctx.Description, IsGlobalContext: ctx.Global, IsAnyIssueType: ctx.AnyIssueType})
	}
	return jsonResp(http.StatusOK, page(c, out, 50, 100))
}

type optionJSON struct {
	ID       string `json:"id"`
	Value    string `json:"value"`
	Disabled bool   `json:"disabled"`
}

func (s *Sim) hContextOptions(c *call) response {
	f, r, ok := c.adminField()
	if !ok {
		return r
	}
	if _, err := strconv.ParseInt(c.p["contextId"], 10, 64); err != nil {
		return errMsg(http.StatusBadRequest, "The context ID must be a number.")
	}
	var ctx *fieldContext
	for _, x := range f.Contexts {
		if x.ID == c.p["contextId"] {
			ctx = x
		}
	}
	if ctx == nil {
		return errMsg(http.StatusNotFound, "The context was not found.")
	}
	if f.CustomType != "select" && f.CustomType != "multiselect" && f.CustomType != "radiobuttons" &&
		f.CustomType != "multicheckboxes" && f.CustomType != "cascadingselect" {
		return errMsg(http.StatusBadRequest, "The custom field doesn't support options.")
	}
	want := c.q.Get("optionId")
	out := []optionJSON{}
	for _, o := range ctx.Options {
		if want != "" && o.ID != want {
			continue
		}
		out = append(out, optionJSON{ID: o.ID, Value: o.Value, Disabled: o.Disabled})
	}
	return jsonResp(http.StatusOK, page(c, out, 100, 1000))
}

type projectMappingJSON struct {
	ContextID       string `json:"contextId"`
	ProjectID       string `json:"projectId,omitempty"`
	IsGlobalContext bool   `json:"isGlobalContext"`
}

func (s *Sim) hContextProjectMapping(c *call) response {
	f, r, ok := c.adminField()
	if !ok {
		return r
	}
	out := []projectMappingJSON{}
	for _, ctx := range f.contextsNamed(c.q["contextId"]) {
		if ctx.Global {
			out = append(out, projectMappingJSON{ContextID: ctx.ID, IsGlobalContext: true})
			continue
		}
		for _, pid := range ctx.ProjectIDs {
			out = append(out, projectMappingJSON{ContextID: ctx.ID, ProjectID: pid})
		}
	}
	return jsonResp(http.StatusOK, page(c, out, 50, 50))
}

type issueTypeMappingJSON struct {
	ContextID      string `json:"contextId"`
	IssueTypeID    string `json:"issueTypeId,omitempty"`
	IsAnyIssueType bool   `json:"isAnyIssueType"`
}

func (s *Sim) hContextIssueTypeMapping(c *call) response {
	if c.user == nil || !c.user.Admin {
		return errMsg(http.StatusForbidden, adminOnlyMsg)
	}
	f := s.site.field(c.p["fieldId"])
	out := []issueTypeMappingJSON{}
	if f != nil {
		for _, ctx := range f.contextsNamed(c.q["contextId"]) {
			if ctx.AnyIssueType {
				out = append(out, issueTypeMappingJSON{ContextID: ctx.ID, IsAnyIssueType: true})
				continue
			}
			for _, it := range ctx.IssueTypeIDs {
				out = append(out, issueTypeMappingJSON{ContextID: ctx.ID, IssueTypeID: it})
			}
		}
	}
	return jsonResp(http.StatusOK, page(c, out, 50, 50))
}

// contextsNamed is f's contexts whose ID is one of ids, or all of them
// when ids is empty.
func (f *fieldDef) contextsNamed(ids []string) []*fieldContext {
	var out []*fieldContext
	for _, ctx := range f.Contexts {
		if len(ids) == 0 || slices.Contains(ids, ctx.ID) {
			out = append(out, ctx)
		}
	}
	return out
}

// contextFor picks the context of f that applies to an issue of type typeID
// in project p: a project-specific context wins over the global one.
func (f *fieldDef) contextFor(projectID, typeID string) *fieldContext {
	var global *fieldContext
	for _, ctx := range f.Contexts {
		typeOK := ctx.AnyIssueType || slices.Contains(ctx.IssueTypeIDs, typeID)
		if !typeOK {
			continue
		}
		if slices.Contains(ctx.ProjectIDs, projectID) {
			return ctx
		}
		if ctx.Global && global == nil {
			global = ctx
		}
	}
	return global
}

// fieldMetaJSON is both FieldCreateMetadata (with fieldId) and FieldMetadata.
type fieldMetaJSON struct {
	Required        bool       `json:"required"`
	Schema          schemaJSON `json:"schema"`
	Name            string     `json:"name"`
	FieldID         string     `json:"fieldId,omitempty"`
	Key             string     `json:"key"`
	AutoCompleteURL string     `json:"autoCompleteUrl,omitempty"`
	HasDefaultValue bool       `json:"hasDefaultValue"`
	Operations      []string   `json:"operations"`
	AllowedValues   []any      `json:"allowedValues,omitempty"`
	DefaultValue    any        `json:"defaultValue,omitempty"`
}

type optionRefJSON struct {
	Self     string `json:"self"`
	Value    string `json:"value"`
	ID       string `json:"id"`
	Disabled bool   `json:"disabled"`
}

type namedRefJSON struct {
	Self        string `json:"self"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	IconURL     string `json:"iconUrl,omitempty"`
}

func requiredField(typeID, fieldID string) bool {
	switch fieldID {
	case "summary", "issuetype", "project", "reporter":
		return true
	case "parent":
		return typeID == itSubtask
	}
	return false
}

// fieldMeta describes field id on the create/edit/transition screen of an
// issue of type typeID in project p.
func (c *call) fieldMeta(p *project, typeID, id string, withFieldID bool) fieldMetaJSON {
	st := c.s.site
	f := st.field(id)
	m := fieldMetaJSON{Required: requiredField(typeID, id), Schema: f.schema(), Name: f.Name, Key: f.ID, Operations: []string{"set"}}
	if withFieldID {
		m.FieldID = f.ID
	}
	if f.SchemaType == "array" {
		m.Operations = []string{"add", "set", "remove"}
	}
	switch id {
	case "issuetype":
		m.Operations = []string{}
		m.AllowedValues = []any{c.issueTypeOut(st.issueTypes[typeID])}
	case "project":
		m.AllowedValues = []any{map[string]any{"self": c.base + "/rest/api/3/project/" + p.ID, "id": p.ID, "key": p.Key, "name": p.Name,
			"projectTypeKey": p.TypeKey, "simplified": false, "avatarUrls": avatars(c.base, "project", "10424")}}
	case "priority":
		for _, pr := range st.priorities {
			m.AllowedValues = append(m.AllowedValues, namedRefJSON{Self: c.base + "/rest/api/3/priority/" + pr.ID, ID: pr.ID, Name: pr.Name,
				IconURL: c.base + "/images/icons/priorities/" + strings.ToLower(pr.Name) + ".svg"})
			if pr.IsDefault {
				m.HasDefaultValue = true
				m.DefaultValue = namedRefJSON{Self: c.base + "/rest/api/3/priority/" + pr.ID, ID: pr.ID, Name: pr.Name,
					IconURL: c.base + "/images/icons/priorities/" + strings.ToLower(pr.Name) + ".svg"}
			}
		}
	case "resolution":
		for _, r := range st.resolutions {
			m.AllowedValues = append(m.AllowedValues, namedRefJSON{Self: c.base + "/rest/api/3/resolution/" + r.ID, ID: r.ID, Name: r.Name, Description: r.Description})
		}
	case "components":
		for _, cm := range st.components {
			if cm.ProjectID == p.ID {
				m.AllowedValues = append(m.AllowedValues, namedRefJSON{Self: c.base + "/rest/api/3/component/" + cm.ID, ID: cm.ID, Name: cm.Name, Description: cm.Description})
			}
		}
	case "fixVersions", "versions":
		for _, v := range c.projectVersions(p) {
			if !v.Archived {
				m.AllowedValues = append(m.AllowedValues, c.versionOut(v))
			}
		}
	case "security":
		if sc := st.security[p.SecurityScheme]; sc != nil {
			for _, l := range sc.Levels {
				m.AllowedValues = append(m.AllowedValues, namedRefJSON{Self: c.base + "/rest/api/3/securitylevel/" + l.ID, ID: l.ID, Name: l.Name, Description: l.Description})
			}
		}
	case "assignee":
		m.AutoCompleteURL = c.base + "/rest/api/3/user/assignable/search?project=" + url.QueryEscape(p.Key) + "&query="
	case "reporter":
		m.AutoCompleteURL = c.base + "/rest/api/3/user/search?query="
		m.HasDefaultValue = true
	case "labels":
		m.AutoCompleteURL = c.base + "/rest/api/1.0/labels/suggest?query="
	case "comment":
		m.Operations = []string{"add", "edit", "remove"}
	}
	if f.Custom {
		if ctx := f.contextFor(p.ID, typeID); ctx != nil && len(ctx.Options) > 0 {
			for _, o := range ctx.Options {
				if !o.Disabled {
					m.AllowedValues = append(m.AllowedValues, optionRefJSON{Self: c.base + "/rest/api/3/customFieldOption/" + o.ID, Value: o.Value, ID: o.ID})
				}
			}
		}
		if f.CustomType == "userpicker" {
			m.AutoCompleteURL = c.base + "/rest/api/1.0/users/picker?fieldName=" + f.ID + "&fieldConfigId=&projectId=" + p.ID + "&showAvatar=true&query="
		}
	}
	return m
}

type createMetaTypesJSON struct {
	StartAt    int             `json:"startAt"`
	MaxResults int             `json:"maxResults"`
	Total      int             `json:"total"`
	IssueTypes []issueTypeJSON `json:"issueTypes"`
}

type createMetaFieldsJSON struct {
	StartAt    int             `json:"startAt"`
	MaxResults int             `json:"maxResults"`
	Total      int             `json:"total"`
	Fields     []fieldMetaJSON `json:"fields"`
}

// createProject resolves the project of a createmeta call; anonymous callers
// and unknown projects get Jira's 400.
func (c *call) createProject() (*project, response, bool) {
	key := c.p["projectIdOrKey"]
	p := c.visibleProject(key)
	if p == nil || c.user == nil {
		return nil, errMsg(http.StatusBadRequest, "No project could be found with key '"+key+"'."), false
	}
	return p, response{}, true
}

func (s *Sim) hCreateMetaTypes(c *call) response {
	p, r, ok := c.createProject()
	if !ok {
		return r
	}
	all := []issueTypeJSON{}
	for _, id := range p.IssueTypes {
		all = append(all, c.issueTypeOut(s.site.issueTypes[id]))
	}
	pb := page(c, all, 50, 200)
	return jsonResp(http.StatusOK, createMetaTypesJSON{StartAt: pb.StartAt, MaxResults: pb.MaxResults, Total: pb.Total, IssueTypes: pb.Values.([]issueTypeJSON)})
}

func (s *Sim) hCreateMetaFields(c *call) response {
	p, r, ok := c.createProject()
	if !ok {
		return r
	}
	typeID := c.p["issueTypeId"]
	if !slices.Contains(p.IssueTypes, typeID) {
		return errMsg(http.StatusBadRequest, "The issue type with id '"+typeID+"' does not exist or is not valid for the project.")
	}
	all := []fieldMetaJSON{}
	for _, id := range s.site.createScreen[typeID] {
		all = append(all, c.fieldMeta(p, typeID, id, true))
	}
	pb := page(c, all, 50, 200)
	return jsonResp(http.StatusOK, createMetaFieldsJSON{StartAt: pb.StartAt, MaxResults: pb.MaxResults, Total: pb.Total, Fields: pb.Values.([]fieldMetaJSON)})
}

type securityLevelJSON struct {
	Self                  string `json:"self"`
	ID                    string `json:"id"`
	Description           string `json:"description"`
	Name                  string `json:"name"`
	IsDefault             bool   `json:"isDefault"`
	IssueSecuritySchemeID string `json:"issueSecuritySchemeId"`
}

func (s *Sim) hSecurityLevels(c *call) response {
	p := c.visibleProject(c.p["projectKeyOrId"])
	if p == nil {
		return c.projectNotFound(c.p["projectKeyOrId"])
	}
	out := []securityLevelJSON{}
	// Only users with Set Issue Security (logged-in members here) see levels.
	if sc := s.site.security[p.SecurityScheme]; sc != nil && c.user != nil {
		for _, l := range sc.Levels {
			out = append(out, securityLevelJSON{Self: c.base + "/rest/api/3/securitylevel/" + l.ID, ID: l.ID, Description: l.Description,
				Name: l.Name, IsDefault: l.IsDefault, IssueSecuritySchemeID: sc.ID})
		}
	}
	return jsonResp(http.StatusOK, map[string]any{"levels": out})
}

type linkTypeJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Inward  string `json:"inward"`
	Outward string `json:"outward"`
	Self    string `json:"self"`
}

func (c *call) linkTypeOut(lt *linkType) linkTypeJSON {
	return linkTypeJSON{ID: lt.ID, Name: lt.Name, Inward: lt.Inward, Outward: lt.Outward, Self: c.base + "/rest/api/3/issueLinkType/" + lt.ID}
}

func (s *Sim) hLinkTypes(c *call) response {
	out := []linkTypeJSON{}
	for _, lt := range s.site.linkTypes {
		out = append(out, c.linkTypeOut(lt))
	}
	return jsonResp(http.StatusOK, map[string]any{"issueLinkTypes": out})
}
