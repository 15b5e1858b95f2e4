package spiraclient

import (
	"context"
	"iter"
	"net/url"
)

func reqPath(projectID int, rest string) string {
	return "projects/" + itoa(projectID) + "/requirements" + rest
}

// Requirement returns one requirement.
func (c *Client) Requirement(ctx context.Context, projectID, requirementID int) (*RemoteRequirement, error) {
	var out RemoteRequirement
	if err := c.do(ctx, request{method: "GET", path: reqPath(projectID, "/"+itoa(requirementID))}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SearchRequirementsPage returns one page of requirements matching all
// filters (1-based start).
func (c *Client) SearchRequirementsPage(ctx context.Context, projectID int, filters []RemoteFilter, start, n int) ([]RemoteRequirement, error) {
	if filters == nil {
		filters = []RemoteFilter{}
	}
	q := url.Values{"starting_row": {itoa(start)}, "number_of_rows": {itoa(n)}}
	var out []RemoteRequirement
	err := c.do(ctx, request{method: "POST", path: reqPath(projectID, "/search"), query: q, body: filters, repeatable: true}, &out)
	return out, err
}

// SearchRequirements walks requirements matching all filters.
func (c *Client) SearchRequirements(ctx context.Context, projectID int, filters []RemoteFilter) iter.Seq2[RemoteRequirement, error] {
	return pages(ctx, c.rows(), func(ctx context.Context, start, n int) ([]RemoteRequirement, error) {
		return c.SearchRequirementsPage(ctx, projectID, filters, start, n)
	})
}

// CreateRequirement creates a requirement at the end of the list, or under
// parentID when it is not 0. Like every create, Spira answers the request
// echoed back with the new RequirementId: read it back for the status,
// author, indent or ConcurrencyDate.
func (c *Client) CreateRequirement(ctx context.Context, projectID int, r RemoteRequirement, parentID int) (*RemoteRequirement, error) {
	r.ProjectID = projectID
	p := reqPath(projectID, "")
	if parentID != 0 {
		p = reqPath(projectID, "/parent/"+itoa(parentID))
	}
	var out RemoteRequirement
	if err := c.do(ctx, request{method: "POST", path: p, body: r}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateRequirement saves r (RequirementId and ConcurrencyDate in the body).
func (c *Client) UpdateRequirement(ctx context.Context, projectID int, r RemoteRequirement) error {
	r.ProjectID = projectID
	return c.do(ctx, request{method: "PUT", path: reqPath(projectID, ""), body: r}, nil)
}

// RequirementComments returns a requirement's comments.
func (c *Client) RequirementComments(ctx context.Context, projectID, requirementID int) ([]RemoteComment, error) {
	var out []RemoteComment
	err := c.do(ctx, request{method: "GET", path: reqPath(projectID, "/"+itoa(requirementID)+"/comments")}, &out)
	return out, err
}

// AddRequirementComment adds one comment to a requirement.
func (c *Client) AddRequirementComment(ctx context.Context, projectID, requirementID int, cm RemoteComment) (*RemoteComment, error) {
	cm.ArtifactID = requirementID
	var out RemoteComment
	if err := c.do(ctx, request{method: "POST", path: reqPath(projectID, "/"+itoa(requirementID)+"/comments"), body: cm}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// RequirementStatuses returns a template's requirement statuses.
func (c *Client) RequirementStatuses(ctx context.Context, templateID int) ([]RemoteRequirementStatus, error) {
	var out []RemoteRequirementStatus
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/requirements/statuses")}, &out)
	return out, err
}

// RequirementImportances returns a template's requirement importances.
func (c *Client) RequirementImportances(ctx context.Context, templateID int) ([]RemoteRequirementImportance, error) {
	var out []RemoteRequirementImportance
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/requirements/importances")}, &out)
	return out, err
}

// RequirementTypes returns a template's requirement types.
func (c *Client) RequirementTypes(ctx context.Context, templateID int) ([]RemoteRequirementType, error) {
	var out []RemoteRequirementType
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/requirements/types")}, &out)
	return out, err
}
