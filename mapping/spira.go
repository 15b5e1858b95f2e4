package mapping

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// DataMapping is Spira's RemoteDataMapping: one mapping row of the plug-in.
type DataMapping struct {
	ProjectID   int // 0 for user and project mappings
	InternalID  int
	ExternalKey string
	Primary     bool
}

// ProductInfo is what Pull needs to know of the Spira product itself.
type ProductInfo struct {
	ID         int
	Name       string
	TemplateID int
}

// Spira is the part of Spira's REST API the mapping reads and writes, one
// method per call (workflow field states aside). NewSpira adapts the
// spiraclient to it; tests may use a fake.
type Spira interface {
	// DataSyncs lists the active plug-in records (data-syncs).
	DataSyncs(ctx context.Context) ([]Plugin, error)
	// DataSync reads the plug-in record (data-syncs/{id}); the password is
	// not part of Plugin.
	DataSync(ctx context.Context, pluginID int) (Plugin, error)
	// UpdateDataSync writes the plug-in's settings (PUT data-syncs/{id}),
	// keeping the password Spira holds.
	UpdateDataSync(ctx context.Context, p Plugin) error
	ProjectMappings(ctx context.Context, pluginID int) ([]DataMapping, error)
	UserMappings(ctx context.Context, pluginID int) ([]DataMapping, error)
	AddUserMappings(ctx context.Context, pluginID int, ms []DataMapping) error
	ArtifactMappings(ctx context.Context, pluginID, productID, artifactTypeID int) ([]DataMapping, error)
	AddArtifactMappings(ctx context.Context, pluginID, productID, artifactTypeID int, ms []DataMapping) error
	RemoveArtifactMappings(ctx context.Context, pluginID, productID, artifactTypeID int, ms []DataMapping) error
	FieldValueMappings(ctx context.Context, pluginID, productID, artifactFieldID int) ([]DataMapping, error)
	// CustomPropertyMapping returns nil when the property is not mapped.
	CustomPropertyMapping(ctx context.Context, pluginID, productID, artifactTypeID, propertyID int) (*DataMapping, error)
	CustomPropertyValueMappings(ctx context.Context, pluginID, productID, artifactTypeID, propertyID int) ([]DataMapping, error)

	Product(ctx context.Context, productID int) (ProductInfo, error)
	// Values lists a standard field's lookup values (statuses, types, ...;
	// components for the component fields).
	Values(ctx context.Context, product ProductInfo, k FieldKind) ([]SpiraValue, error)
	CustomProperties(ctx context.Context, product ProductInfo, a Artifact) ([]SpiraProperty, error)
	Releases(ctx context.Context, productID int) ([]SpiraRelease, error)
	ProductUsers(ctx context.Context, productID int) ([]SpiraUser, error)
	ServerTime(ctx context.Context) (time.Time, error)
	// IncidentWorkflow returns the incident workflow field states of the
	// product's template, per type and status.
	IncidentWorkflow(ctx context.Context, product ProductInfo) ([]WorkflowStep, error)
}

// FindPlugin returns the active plug-in record called name (PluginName
// when name is empty).
func FindPlugin(ctx context.Context, s Spira, name string) (Plugin, error) {
	if name == "" {
		name = PluginName
	}
	ps, err := s.DataSyncs(ctx)
	if err != nil {
		return Plugin{}, fmt.Errorf("list data-sync plug-ins: %w", err)
	}
	var names []string
	for _, p := range ps {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return Plugin{}, fmt.Errorf("Spira has no active data-sync plug-in named %q (it has: %s): add it in System Administration > Integrations > Data Synchronization, or name the one to use with 'spirajira login spira --datasync NAME'",
		name, strings.Join(names, ", "))
}
