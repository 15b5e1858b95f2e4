package spiraclient_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// Lookups and custom properties belong to the product's template, whose ID
// is read from the product; a simulator whose template ID differs from the
// product ID catches a caller passing one for the other.
func TestTemplateScopedCallsUseTheProductsTemplate(t *testing.T) {
	ctx := context.Background()
	sim := spiratest.New(spiratest.WithTemplateID(7))
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL, a.Login, a.APIKey, fastRetry())
	require.NoError(t, err)

	p, err := c.Project(ctx, spiratest.ProductID)
	require.NoError(t, err)
	require.Equal(t, 7, p.ProjectTemplateID)

	types, err := c.IncidentTypes(ctx, p.ProjectTemplateID)
	require.NoError(t, err)
	require.NotEmpty(t, types)
	_, err = c.IncidentTypes(ctx, p.ProjectID)
	require.ErrorIs(t, err, spiraclient.ErrNotFound, "the product ID is not a template ID")

	defs, err := c.CustomProperties(ctx, p.ProjectTemplateID, spiraclient.ArtifactTypeIncident)
	require.NoError(t, err)
	require.NotEmpty(t, defs)
	for _, d := range defs {
		require.Equal(t, 7, d.ProjectTemplateID, d.Name)
	}
	inc, err := c.Incident(ctx, p.ProjectID, 1)
	require.NoError(t, err)
	for _, v := range inc.CustomProperties {
		if v.Definition != nil {
			require.Equal(t, 7, v.Definition.ProjectTemplateID)
		}
	}
}
