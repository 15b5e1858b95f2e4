package spiraclient

import (
	"context"
	"net/url"
)

func relPath(projectID int, rest string) string {
	return "projects/" + itoa(projectID) + "/releases" + rest
}

// Releases returns a product's releases and iterations, active or not. It
// sends active_only=false, as Inflectra's v7 clients send the parameter:
// v6 takes none, and whether v7 requires it is not known (F23).
func (c *Client) Releases(ctx context.Context, projectID int) ([]RemoteRelease, error) {
	var out []RemoteRelease
	q := url.Values{"active_only": {"false"}}
	err := c.do(ctx, request{method: "GET", path: relPath(projectID, ""), query: q}, &out)
	return out, err
}

// Release returns one release.
func (c *Client) Release(ctx context.Context, projectID, releaseID int) (*RemoteRelease, error) {
	var out RemoteRelease
	if err := c.do(ctx, request{method: "GET", path: relPath(projectID, "/"+itoa(releaseID))}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CreateRelease creates a release at the root, or under parentID when it is
// not 0. VersionNumber must be unique in the product. Spira answers the
// request echoed back with the new ReleaseId: read it back for the creator,
// indent or ConcurrencyDate.
func (c *Client) CreateRelease(ctx context.Context, projectID int, r RemoteRelease, parentID int) (*RemoteRelease, error) {
	r.ProjectID = projectID
	p := relPath(projectID, "")
	if parentID != 0 {
		p = relPath(projectID, "/"+itoa(parentID))
	}
	var out RemoteRelease
	if err := c.do(ctx, request{method: "POST", path: p, body: r}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateRelease saves r (ReleaseId and ConcurrencyDate in the body).
func (c *Client) UpdateRelease(ctx context.Context, projectID int, r RemoteRelease) error {
	r.ProjectID = projectID
	return c.do(ctx, request{method: "PUT", path: relPath(projectID, ""), body: r}, nil)
}

// ReleaseStatuses returns a template's release statuses.
func (c *Client) ReleaseStatuses(ctx context.Context, templateID int) ([]RemoteReleaseStatus, error) {
	var out []RemoteReleaseStatus
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/releases/statuses")}, &out)
	return out, err
}

// ReleaseTypes returns a template's release types.
func (c *Client) ReleaseTypes(ctx context.Context, templateID int) ([]RemoteReleaseType, error) {
	var out []RemoteReleaseType
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/releases/types")}, &out)
	return out, err
}
