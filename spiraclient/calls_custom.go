package spiraclient

import (
	"context"
	"fmt"
)

// CustomProperties returns the custom property definitions of a template
// for one artifact type (an ArtifactType constant).
func (c *Client) CustomProperties(ctx context.Context, templateID, artifactTypeID int) ([]RemoteCustomProperty, error) {
	name := ArtifactTypeName(artifactTypeID)
	if name == "" {
		// Spira answers 406 to a name it does not know (F5).
		return nil, fmt.Errorf("spira: custom properties of artifact type %d: the client knows no Spira name for this type", artifactTypeID)
	}
	var out []RemoteCustomProperty
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/custom-properties/"+name)}, &out)
	return out, err
}

// CustomLists returns a template's custom lists.
func (c *Client) CustomLists(ctx context.Context, templateID int) ([]RemoteCustomList, error) {
	var out []RemoteCustomList
	err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/custom-lists")}, &out)
	return out, err
}

// CustomList returns one custom list with its values.
func (c *Client) CustomList(ctx context.Context, templateID, listID int) (*RemoteCustomList, error) {
	var out RemoteCustomList
	if err := c.do(ctx, request{method: "GET", path: tplPath(templateID, "/custom-lists/"+itoa(listID))}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Associations returns the associations of one artifact.
func (c *Client) Associations(ctx context.Context, projectID, artifactTypeID, artifactID int) ([]RemoteAssociation, error) {
	var out []RemoteAssociation
	err := c.do(ctx, request{method: "GET", path: "projects/" + itoa(projectID) + "/associations/" + itoa(artifactTypeID) + "/" + itoa(artifactID)}, &out)
	return out, err
}

// CreateAssociation links two artifacts.
func (c *Client) CreateAssociation(ctx context.Context, projectID int, a RemoteAssociation) (*RemoteAssociation, error) {
	var out RemoteAssociation
	if err := c.do(ctx, request{method: "POST", path: "projects/" + itoa(projectID) + "/associations", body: a}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// AddURLDocument attaches a URL document to the artifacts in
// d.AttachedArtifacts.
func (c *Client) AddURLDocument(ctx context.Context, projectID int, d RemoteDocument) (*RemoteDocument, error) {
	d.ProjectID = projectID
	d.AttachmentTypeID = AttachmentTypeURL
	var out RemoteDocument
	if err := c.do(ctx, request{method: "POST", path: "projects/" + itoa(projectID) + "/documents/url", body: d}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ArtifactDocuments returns the documents attached to one artifact.
func (c *Client) ArtifactDocuments(ctx context.Context, projectID, artifactTypeID, artifactID int) ([]RemoteDocument, error) {
	var out []RemoteDocument
	err := c.do(ctx, request{method: "GET", path: "projects/" + itoa(projectID) + "/artifact-types/" + itoa(artifactTypeID) + "/artifacts/" + itoa(artifactID) + "/documents"}, &out)
	return out, err
}
