package spiraclient

import (
	"context"
	"net/url"
	"strconv"
)

// Projects returns the products the caller can access.
func (c *Client) Projects(ctx context.Context) ([]RemoteProject, error) {
	var out []RemoteProject
	err := c.do(ctx, request{method: "GET", path: "projects"}, &out)
	return out, err
}

// Project returns one product.
func (c *Client) Project(ctx context.Context, projectID int) (*RemoteProject, error) {
	var p RemoteProject
	if err := c.do(ctx, request{method: "GET", path: "projects/" + itoa(projectID)}, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// ProjectTemplates returns the product templates.
func (c *Client) ProjectTemplates(ctx context.Context) ([]RemoteProjectTemplate, error) {
	var out []RemoteProjectTemplate
	err := c.do(ctx, request{method: "GET", path: "project-templates"}, &out)
	return out, err
}

// ProjectTemplate returns one product template.
func (c *Client) ProjectTemplate(ctx context.Context, templateID int) (*RemoteProjectTemplate, error) {
	var t RemoteProjectTemplate
	if err := c.do(ctx, request{method: "GET", path: "project-templates/" + itoa(templateID)}, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// ProjectUsers returns the members of a product.
func (c *Client) ProjectUsers(ctx context.Context, projectID int) ([]RemoteProjectUser, error) {
	var out []RemoteProjectUser
	err := c.do(ctx, request{method: "GET", path: "projects/" + itoa(projectID) + "/users"}, &out)
	return out, err
}

// Components returns a product's components.
func (c *Client) Components(ctx context.Context, projectID int, activeOnly, includeDeleted bool) ([]RemoteComponent, error) {
	var out []RemoteComponent
	q := url.Values{"active_only": {strconv.FormatBool(activeOnly)}, "include_deleted": {strconv.FormatBool(includeDeleted)}}
	err := c.do(ctx, request{method: "GET", path: "projects/" + itoa(projectID) + "/components", query: q}, &out)
	return out, err
}

// CreateComponent adds a component to a product.
func (c *Client) CreateComponent(ctx context.Context, projectID int, comp RemoteComponent) (*RemoteComponent, error) {
	var out RemoteComponent
	comp.ProjectID = projectID
	if err := c.do(ctx, request{method: "POST", path: "projects/" + itoa(projectID) + "/components", body: comp}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
