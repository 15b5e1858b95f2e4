package spiraclient_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// The reference gives no path that reads Spira's event log, so a real Spira
// may answer 404: the client reports that as ErrNotFound with advice on
// where to read the log, not as a bare 404.
func TestEventsOnASpiraWithoutTheRoute(t *testing.T) {
	sim := spiratest.New(spiratest.WithoutEventLogRead())
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL, a.Login, a.APIKey, fastRetry())
	require.NoError(t, err)

	_, err = c.Events(context.Background(), 1, 10)
	require.Error(t, err)
	require.True(t, errors.Is(err, spiraclient.ErrNotFound), err)
	require.Contains(t, err.Error(), "Event Log")
	require.NotContains(t, err.Error(), a.APIKey)
	require.NotContains(t, sim.Endpoints(), "GET system/events")

	// Other calls are unaffected.
	_, err = c.CurrentUser(context.Background())
	require.NoError(t, err)
}
