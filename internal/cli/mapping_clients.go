package cli

import (
	"context"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// mappingSpira connects the mapping commands to the profile's Spira.
func mappingSpira(_ context.Context, f *Factory) (mapping.Spira, error) {
	creds, err := f.SpiraCredentials()
	if err != nil {
		return nil, err
	}
	var opts []spiraclient.Option
	if f.Debug {
		opts = append(opts, spiraclient.WithDebug(f.IO.ErrOut))
	}
	c, err := spiraclient.New(creds.URL, creds.Login, creds.APIKey, opts...)
	if err != nil {
		return nil, err
	}
	return mapping.NewSpira(c), nil
}

// mappingJira reads the catalog of one Jira project for the mapping
// commands, from the profile's Jira site.
func mappingJira(ctx context.Context, f *Factory, key string) (*mapping.Jira, error) {
	creds, err := f.JiraCredentials()
	if err != nil {
		return nil, err
	}
	var opts []jiraclient.Option
	if f.Debug {
		opts = append(opts, jiraclient.WithDebug(f.IO.ErrOut))
	}
	c, err := jiraclient.New(creds.URL, creds.Email, creds.Token, opts...)
	if err != nil {
		return nil, err
	}
	return mapping.ReadJira(ctx, c, key)
}
