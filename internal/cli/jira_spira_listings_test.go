package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// "jira" and "spira" without a subcommand are usage errors that name every
// listing of their own table, in table order.
func TestListingGroupsNameWhatToList(t *testing.T) {
	jira := make([]string, len(jiraListings))
	for i, l := range jiraListings {
		jira[i] = l.name
	}
	spira := make([]string, len(spiraListings))
	for i, l := range spiraListings {
		spira[i] = l.name
	}
	for cmd, names := range map[string][]string{"jira": jira, "spira": spira} {
		out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
		code := Main(context.Background(), []string{cmd}, TestIO(strings.NewReader(""), out, errOut))
		require.Equal(t, ExitUsage, code, errOut.String())
		require.Contains(t, errOut.String(), "name what to list: "+strings.Join(names, ", "), cmd)
	}
	require.Contains(t, jira, "projects")
	require.Contains(t, spira, "products")
}

// An empty Spira listing is an empty list for scripts, not null.
func TestSpiraEmptyListingIsAnEmptyList(t *testing.T) {
	sim := spiratest.New()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	a := sim.Admin()
	useSpira(t, srv.URL, a.Login, a.APIKey)
	code, out, errOut := runCLI(t, "", "spira", "releases", "--product", "2", "-o", "json")
	require.Equal(t, 0, code, errOut)
	require.JSONEq(t, "[]", out)
}
