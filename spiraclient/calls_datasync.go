package spiraclient

import (
	"context"
	"fmt"
	"time"
)

// DataSyncs returns the active data-sync plug-ins (inactive ones are not
// listed by Spira). The Password of each is returned in clear.
func (c *Client) DataSyncs(ctx context.Context) ([]RemoteDataSyncSystem, error) {
	var out []RemoteDataSyncSystem
	err := c.do(ctx, request{method: "GET", path: "data-syncs"}, &out)
	return out, err
}

// DataSync returns one plug-in record, active or not. A record that does
// not exist is a *PluginNotFoundError (errors.Is ErrPluginNotFound and
// ErrNotFound). Confirm the record this way before reading its mappings:
// Spira answers those reads with nothing for an ID that has no record.
func (c *Client) DataSync(ctx context.Context, id int) (*RemoteDataSyncSystem, error) {
	var out RemoteDataSyncSystem
	if err := c.do(ctx, request{method: "GET", path: "data-syncs/" + itoa(id)}, &out); err != nil {
		return nil, pluginNotFound(id, err)
	}
	return &out, nil
}

// DataSyncByName finds the active plug-in record with Name name (e.g.
// DataSyncName). An inactive record cannot be found this way.
func (c *Client) DataSyncByName(ctx context.Context, name string) (*RemoteDataSyncSystem, error) {
	all, err := c.DataSyncs(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Name == name {
			return &all[i], nil
		}
	}
	return nil, fmt.Errorf("%w: no active data-sync plug-in named %q; add or activate it in Spira under System Administration > Integrations > Data Synchronization", ErrNotFound, name)
}

// CreateDataSync creates a plug-in record (system administrators only) and
// returns it as Spira stored it. If one with the same Name exists Spira
// returns it unchanged. Spira creates every record active, whatever
// d.IsActive says, and Inflectra's data-sync service runs every active
// record: when d.IsActive is false the record is put inactive at once.
func (c *Client) CreateDataSync(ctx context.Context, d RemoteDataSyncSystem) (*RemoteDataSyncSystem, error) {
	var echo RemoteDataSyncSystem
	d.DataSyncStatusID, d.DataSyncStatusName = 0, "" // Spira sets them
	if err := c.do(ctx, request{method: "POST", path: "data-syncs", body: d}, &echo); err != nil {
		return nil, err
	}
	// The answer is the request with the new ID, not what was stored; an
	// existing record comes back in full, with its run status.
	existing := echo.DataSyncStatusID != 0
	got, err := c.DataSync(ctx, echo.DataSyncSystemID)
	if err != nil {
		return nil, fmt.Errorf("read back the new data-sync plug-in %d: %w", echo.DataSyncSystemID, err)
	}
	if existing || d.IsActive || !got.IsActive {
		return got, nil
	}
	off := *got
	off.IsActive = false
	if err := c.UpdateDataSync(ctx, off); err != nil {
		return got, fmt.Errorf("Spira created data-sync plug-in %d active; putting it inactive failed, so Spira's data-sync service may run it: "+
			"set Active to No under System Administration > Integrations > Data Synchronization: %w", got.DataSyncSystemID, err)
	}
	return c.DataSync(ctx, got.DataSyncSystemID)
}

// UpdateDataSync saves a plug-in record (system administrators only); Spira
// uses the DataSyncSystemId in the body. LastSyncDate is not written.
func (c *Client) UpdateDataSync(ctx context.Context, d RemoteDataSyncSystem) error {
	return c.do(ctx, request{method: "PUT", path: "data-syncs/" + itoa(d.DataSyncSystemID), body: d}, nil)
}

// DataSyncSuccess records a successful run and sets LastSyncDate to at (the
// server time captured when the run began).
func (c *Client) DataSyncSuccess(ctx context.Context, id int, at time.Time) error {
	return c.do(ctx, request{method: "POST", path: "data-syncs/" + itoa(id) + "/success", body: T(at), repeatable: true}, nil)
}

// DataSyncWarning records a run with warnings and sets LastSyncDate to at.
func (c *Client) DataSyncWarning(ctx context.Context, id int, at time.Time) error {
	return c.do(ctx, request{method: "POST", path: "data-syncs/" + itoa(id) + "/warning", body: T(at), repeatable: true}, nil)
}

// DataSyncFailure records a failed run; LastSyncDate stays, so the next run
// covers the same window.
func (c *Client) DataSyncFailure(ctx context.Context, id int) error {
	return c.do(ctx, request{method: "POST", path: "data-syncs/" + itoa(id) + "/failure", repeatable: true}, nil)
}

// WriteEvent writes an entry to Spira's event log (category Data
// Synchronization). Message should be at most 255 characters.
func (c *Client) WriteEvent(ctx context.Context, e RemoteEvent) error {
	return c.do(ctx, request{method: "POST", path: "data-syncs/events", body: e}, nil)
}

func dmPath(dsid int, rest string) string { return "data-mappings/" + itoa(dsid) + rest }

func pdmPath(projectID, dsid int, rest string) string {
	return "projects/" + itoa(projectID) + "/data-mappings/" + itoa(dsid) + rest
}

// ProjectMappings returns the active product mappings of a plug-in:
// InternalId is the product ID, ExternalKey the Jira project key.
func (c *Client) ProjectMappings(ctx context.Context, dsid int) ([]RemoteDataMapping, error) {
	var out []RemoteDataMapping
	err := c.do(ctx, request{method: "GET", path: dmPath(dsid, "/projects")}, &out)
	return out, err
}

// UserMappings returns the user mappings of a plug-in.
func (c *Client) UserMappings(ctx context.Context, dsid int) ([]RemoteDataMapping, error) {
	var out []RemoteDataMapping
	err := c.do(ctx, request{method: "GET", path: dmPath(dsid, "/users")}, &out)
	return out, err
}

// AddUserMappings adds mappings for users not mapped yet; existing user
// mappings are left as they are.
func (c *Client) AddUserMappings(ctx context.Context, dsid int, m []RemoteDataMapping) error {
	return c.do(ctx, request{method: "POST", path: dmPath(dsid, "/users"), body: nonNil(m), repeatable: true}, nil)
}

// ArtifactMappings returns a product's artifact mappings of one type
// (ArtifactTypeIncident: issue keys; ArtifactTypeRelease: version IDs).
func (c *Client) ArtifactMappings(ctx context.Context, projectID, dsid, artifactTypeID int) ([]RemoteDataMapping, error) {
	var out []RemoteDataMapping
	err := c.do(ctx, request{method: "GET", path: pdmPath(projectID, dsid, "/artifacts/"+itoa(artifactTypeID))}, &out)
	return out, err
}

// AddArtifactMappings adds mappings for artifacts not mapped yet. Spira
// never overwrites an existing mapping: remove it first to change it.
func (c *Client) AddArtifactMappings(ctx context.Context, projectID, dsid, artifactTypeID int, m []RemoteDataMapping) error {
	return c.do(ctx, request{method: "POST", path: pdmPath(projectID, dsid, "/artifacts/"+itoa(artifactTypeID)), body: nonNil(m)}, nil)
}

// RemoveArtifactMappings deletes the mappings whose InternalId matches.
func (c *Client) RemoveArtifactMappings(ctx context.Context, projectID, dsid, artifactTypeID int, m []RemoteDataMapping) error {
	return c.do(ctx, request{method: "DELETE", path: pdmPath(projectID, dsid, "/artifacts/"+itoa(artifactTypeID)), body: nonNil(m)}, nil)
}

// SearchArtifactMappings finds the artifacts mapped to externalKey across
// the products the caller belongs to.
func (c *Client) SearchArtifactMappings(ctx context.Context, dsid, artifactTypeID int, externalKey string) ([]RemoteProjectArtifact, error) {
	var out []RemoteProjectArtifact
	err := c.do(ctx, request{method: "POST", path: dmPath(dsid, "/artifacts/"+itoa(artifactTypeID)+"/search"), body: externalKey, repeatable: true}, &out)
	return out, err
}

// FieldValueMappings returns the value mappings of one standard field (a
// Field constant): InternalId is the Spira lookup ID, ExternalKey the Jira
// ID (or name for severity), Primary marks the value used Jira -> Spira.
func (c *Client) FieldValueMappings(ctx context.Context, projectID, dsid, fieldID int) ([]RemoteDataMapping, error) {
	var out []RemoteDataMapping
	err := c.do(ctx, request{method: "GET", path: pdmPath(projectID, dsid, "/field-values/"+itoa(fieldID))}, &out)
	return out, err
}

// CustomPropertyMapping returns the mapping of one custom property, or nil
// when it has none.
func (c *Client) CustomPropertyMapping(ctx context.Context, projectID, dsid, artifactTypeID, customPropertyID int) (*RemoteDataMapping, error) {
	var out *RemoteDataMapping
	err := c.do(ctx, request{method: "GET", path: pdmPath(projectID, dsid, "/artifacts/"+itoa(artifactTypeID)+"/custom-properties/"+itoa(customPropertyID))}, &out)
	return out, err
}

// CustomPropertyValueMappings returns the list-value mappings of one list
// custom property: InternalId is the CustomPropertyValueId.
func (c *Client) CustomPropertyValueMappings(ctx context.Context, projectID, dsid, artifactTypeID, customPropertyID int) ([]RemoteDataMapping, error) {
	var out []RemoteDataMapping
	err := c.do(ctx, request{method: "GET", path: pdmPath(projectID, dsid, "/artifacts/"+itoa(artifactTypeID)+"/custom-properties/"+itoa(customPropertyID)+"/values")}, &out)
	return out, err
}

func nonNil(m []RemoteDataMapping) []RemoteDataMapping {
	if m == nil {
		return []RemoteDataMapping{}
	}
	return m
}
