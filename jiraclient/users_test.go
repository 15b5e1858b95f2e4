package jiraclient_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/jiraclient/jiratest/jiraconform"
)

// Jira filters the assignable users after fetching a page, so a short page
// is not the last one: the walk goes on to an empty page.
func TestAssignableUsersWalksPastShortPages(t *testing.T) {
	sim := jiratest.New()
	srv := jiraconform.NewServer(t, sim)
	c := clientFor(t, srv.URL, sim.Admin())
	seeded, err := c.AssignableUsers(t.Context(), jiratest.ProjectKey, "")
	require.NoError(t, err)
	want := len(seeded)
	// Enough people after the seed's inactive user and app that the first
	// page of 100 comes back short with more to come.
	for i := range 120 {
		_, err := sim.AddUser(jiratest.UserSpec{Email: fmt.Sprintf("reader%03d@library.example", i), DisplayName: fmt.Sprintf("Reader %03d", i)})
		require.NoError(t, err)
		want++
	}
	got, err := c.AssignableUsers(t.Context(), jiratest.ProjectKey, "")
	require.NoError(t, err)
	require.Equal(t, want, len(got))
}
