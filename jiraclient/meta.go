package jiraclient

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/spirajira/spirajira/internal/httpx"
)

const api = "/rest/api/3"

func esc(s string) string { return url.PathEscape(s) }

// Myself returns the authenticated user, with the profile time zone that
// Jira reads JQL date literals in. It is the call that proves the
// credentials: it answers 401 rather than anonymously.
func (c *Client) Myself(ctx context.Context) (*User, error) {
	var u User
	if err := c.get(ctx, api+"/myself", nil, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// ServerInfo returns the site's base URL, version and time zone. It is
// anonymous-capable, so success does not prove the credentials.
func (c *Client) ServerInfo(ctx context.Context) (*ServerInfo, error) {
	var s ServerInfo
	if err := c.get(ctx, api+"/serverInfo", nil, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// ProjectQuery filters a project search.
type ProjectQuery struct {
	// Query matches key or name, case-insensitively.
	Query string
	// Keys restricts the search to these keys.
	Keys []string
	// OrderBy is key (default), name, or another orderBy of the API.
	OrderBy string
	// Expand is a comma list such as "description,lead".
	Expand string
}

func (q ProjectQuery) values() url.Values {
	v := url.Values{}
	if q.Query != "" {
		v.Set("query", q.Query)
	}
	for _, k := range q.Keys {
		v.Add("keys", k)
	}
	if q.OrderBy != "" {
		v.Set("orderBy", q.OrderBy)
	}
	if q.Expand != "" {
		v.Set("expand", q.Expand)
	}
	return v
}

// ProjectsPage returns one page of the projects the user can browse.
func (c *Client) ProjectsPage(ctx context.Context, q ProjectQuery, startAt, maxResults int) (*Page[Project], error) {
	return getPage[Project](ctx, c, api+"/project/search", q.values(), startAt, maxResults)
}

// Projects walks every project the user can browse, page by page.
func (c *Client) Projects(ctx context.Context, q ProjectQuery) iter.Seq2[Project, error] {
	return pages[Project](ctx, c, api+"/project/search", q.values(), 100)
}

// Project returns one project by key (case-sensitive) or ID, with its issue
// types, components and versions.
func (c *Client) Project(ctx context.Context, keyOrID string) (*Project, error) {
	var p Project
	if err := c.get(ctx, api+"/project/"+esc(keyOrID), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// IssueTypes returns the issue types of a project, by numeric project ID.
func (c *Client) IssueTypes(ctx context.Context, projectID string) ([]IssueType, error) {
	var out []IssueType
	err := c.get(ctx, api+"/issuetype/project", url.Values{"projectId": {projectID}}, &out)
	return out, err
}

// Statuses returns the statuses of a project grouped by issue type, each
// with its category.
func (c *Client) Statuses(ctx context.Context, projectKeyOrID string) ([]IssueTypeStatuses, error) {
	var out []IssueTypeStatuses
	err := c.get(ctx, api+"/project/"+esc(projectKeyOrID)+"/statuses", nil, &out)
	return out, err
}

// Priorities returns the priorities available in a project (by numeric ID;
// "" for all priorities of the site).
func (c *Client) Priorities(ctx context.Context, projectID string) ([]Priority, error) {
	q := url.Values{}
	if projectID != "" {
		q.Set("projectId", projectID)
	}
	return collect(pages[Priority](ctx, c, api+"/priority/search", q, 100))
}

// Resolutions returns the resolutions of the site.
func (c *Client) Resolutions(ctx context.Context) ([]Resolution, error) {
	return collect(pages[Resolution](ctx, c, api+"/resolution/search", nil, 100))
}

// Components returns the components of a project.
func (c *Client) Components(ctx context.Context, projectKeyOrID string) ([]Component, error) {
	var out []Component
	err := c.get(ctx, api+"/project/"+esc(projectKeyOrID)+"/components", nil, &out)
	return out, err
}

// VersionsPage returns one page of a project's versions, in sequence order.
func (c *Client) VersionsPage(ctx context.Context, projectKeyOrID string, startAt, maxResults int) (*Page[Version], error) {
	return getPage[Version](ctx, c, api+"/project/"+esc(projectKeyOrID)+"/version", nil, startAt, maxResults)
}

// Versions returns every version of a project (released, unreleased and
// archived), walking the pages.
func (c *Client) Versions(ctx context.Context, projectKeyOrID string) ([]Version, error) {
	return collect(pages[Version](ctx, c, api+"/project/"+esc(projectKeyOrID)+"/version", nil, 50))
}

// Version returns one version by ID.
func (c *Client) Version(ctx context.Context, id string) (*Version, error) {
	var v Version
	if err := c.get(ctx, api+"/version/"+esc(id), nil, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// CreateVersion creates a version; Name and ProjectID are required. It needs
// project administration rights.
func (c *Client) CreateVersion(ctx context.Context, v Version) (*Version, error) {
	var out Version
	if _, err := c.do(ctx, http.MethodPost, api+"/version", nil, v, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateVersion changes the non-nil fields of a version.
func (c *Client) UpdateVersion(ctx context.Context, id string, u VersionUpdate) (*Version, error) {
	var out Version
	if _, err := c.do(httpx.Idempotent(ctx), http.MethodPut, api+"/version/"+esc(id), nil, u, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Fields returns every system and custom field the user can see, with schema.
func (c *Client) Fields(ctx context.Context) ([]Field, error) {
	var out []Field
	err := c.get(ctx, api+"/field", nil, &out)
	return out, err
}

// FieldContexts returns the contexts of a custom field (administrators only:
// others get ErrForbidden).
func (c *Client) FieldContexts(ctx context.Context, fieldID string) ([]FieldContext, error) {
	return collect(pages[FieldContext](ctx, c, api+"/field/"+esc(fieldID)+"/context", nil, 50))
}

// ContextProjectMapping is which project a field context applies to.
type ContextProjectMapping struct {
	ContextID       string `json:"contextId"`
	ProjectID       string `json:"projectId,omitempty"`
	IsGlobalContext bool   `json:"isGlobalContext"`
}

// FieldContextProjects returns the project mappings of a field's contexts
// (administrators only).
func (c *Client) FieldContextProjects(ctx context.Context, fieldID string) ([]ContextProjectMapping, error) {
	return collect(pages[ContextProjectMapping](ctx, c, api+"/field/"+esc(fieldID)+"/context/projectmapping", nil, 50))
}

// FieldOptions returns the options of a select field in one context
// (administrators only): parents first, then cascading children.
func (c *Client) FieldOptions(ctx context.Context, fieldID, contextID string) ([]FieldOption, error) {
	return collect(pages[FieldOption](ctx, c, api+"/field/"+esc(fieldID)+"/context/"+esc(contextID)+"/option", nil, 100))
}

// createMetaPage accepts the keys Cloud uses and the ones Data Center uses.
type createMetaPage struct {
	StartAt    int               `json:"startAt"`
	MaxResults int               `json:"maxResults"`
	Total      int               `json:"total"`
	IssueTypes []IssueType       `json:"issueTypes"`
	Fields     []FieldMeta       `json:"fields"`
	Values     []json.RawMessage `json:"values"`
}

// CreateMetaIssueTypes returns the issue types the user can create in a
// project (every page).
func (c *Client) CreateMetaIssueTypes(ctx context.Context, projectKeyOrID string) ([]IssueType, error) {
	return createMetaAll(ctx, c, api+"/issue/createmeta/"+esc(projectKeyOrID)+"/issuetypes",
		func(p *createMetaPage) []IssueType { return p.IssueTypes })
}

// CreateMetaFields returns the fields on the create screen of one issue
// type, with required flags and allowedValues: the source of options,
// priorities, versions and security levels for users who are not admins.
func (c *Client) CreateMetaFields(ctx context.Context, projectKeyOrID, issueTypeID string) ([]FieldMeta, error) {
	return createMetaAll(ctx, c, api+"/issue/createmeta/"+esc(projectKeyOrID)+"/issuetypes/"+esc(issueTypeID),
		func(p *createMetaPage) []FieldMeta { return p.Fields })
}

// createMetaAll reads every page of a createmeta list, whose items come
// under their own key (items) or under values.
func createMetaAll[T any](ctx context.Context, c *Client, path string, items func(*createMetaPage) []T) ([]T, error) {
	out := []T{}
	start := 0
	for {
		var p createMetaPage
		q := url.Values{"startAt": {strconv.Itoa(start)}, "maxResults": {"200"}}
		if err := c.get(ctx, path, q, &p); err != nil {
			return nil, err
		}
		got := items(&p)
		if len(got) == 0 && len(p.Values) > 0 {
			got = decodeAll[T](p.Values)
		}
		out = append(out, got...)
		if pageDone(false, p.StartAt, len(got), p.Total, true) {
			return out, nil
		}
		start = p.StartAt + len(got)
	}
}

// SecurityLevels returns the issue security levels of a project that the
// user may set (empty without the Set Issue Security permission).
func (c *Client) SecurityLevels(ctx context.Context, projectKeyOrID string) ([]SecurityLevel, error) {
	var out struct {
		Levels []SecurityLevel `json:"levels"`
	}
	if err := c.get(ctx, api+"/project/"+esc(projectKeyOrID)+"/securitylevel", nil, &out); err != nil {
		return nil, err
	}
	if out.Levels == nil {
		out.Levels = []SecurityLevel{}
	}
	return out.Levels, nil
}

// IssueLinkTypes returns the issue link types of the site.
func (c *Client) IssueLinkTypes(ctx context.Context) ([]IssueLinkType, error) {
	var out struct {
		IssueLinkTypes []IssueLinkType `json:"issueLinkTypes"`
	}
	if err := c.get(ctx, api+"/issueLinkType", nil, &out); err != nil {
		return nil, err
	}
	return out.IssueLinkTypes, nil
}
