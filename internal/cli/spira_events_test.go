package cli

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

func TestSpiraEventsOnASpiraWithoutTheRoute(t *testing.T) {
	sim := spiratest.New(spiratest.WithoutEventLogRead())
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	a := sim.Admin()
	useSpira(t, srv.URL, a.Login, a.APIKey)

	code, out, errOut := runCLI(t, "", "spira", "events")
	require.Equal(t, ExitError, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "no REST call that reads its event log")
	require.Contains(t, errOut, "System Administration > System > Event Log")
	require.NotContains(t, errOut, "404", "the advice replaces the bare status")
}

func TestSpiraEventsAsAPlainUser(t *testing.T) {
	sim := spiratest.New()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	u := sim.SyncAccount()
	useSpira(t, srv.URL, u.Login, u.APIKey)

	code, _, errOut := runCLI(t, "", "spira", "events")
	require.Equal(t, ExitError, code, "the login works; it lacks a permission")
	require.Contains(t, errOut, "needs a system administrator's login")
	require.Contains(t, errOut, u.Login)
	require.NotContains(t, errOut, "RSS", "not a wrong API key")
}
