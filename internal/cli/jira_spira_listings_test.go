package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
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
