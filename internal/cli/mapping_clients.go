package cli

import (
	"context"
	"errors"

	"github.com/spirajira/spirajira/mapping"
)

// mappingSpira connects the mapping commands to Spira.
func mappingSpira(ctx context.Context, f *Factory) (mapping.Spira, error) {
	return nil, errors.New("the Spira client is not wired into the mapping commands yet")
}

// mappingJira reads the catalog of one Jira project for the mapping commands.
func mappingJira(ctx context.Context, f *Factory, key string) (*mapping.Jira, error) {
	return nil, errors.New("the Jira client is not wired into the mapping commands yet")
}
