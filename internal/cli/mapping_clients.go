package cli

import (
	"context"

	"github.com/spirajira/spirajira/mapping"
)

// mappingSpira connects the mapping commands to the profile's Spira through
// the client every command shares.
func mappingSpira(f *Factory) (mapping.Spira, error) {
	c, err := f.Spira()
	if err != nil {
		return nil, err
	}
	return mapping.NewSpira(c), nil
}

// mappingJira reads the catalog of one Jira project for the mapping
// commands, from the profile's Jira site.
func mappingJira(ctx context.Context, f *Factory, key string) (*mapping.Jira, error) {
	c, err := f.Jira()
	if err != nil {
		return nil, err
	}
	return mapping.ReadJira(ctx, c, key)
}
