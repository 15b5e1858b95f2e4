package mapping_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
)

func TestReadJiraFromTheSimulator(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	sim := jiratest.New(jiratest.WithClock(func() time.Time { return now }))
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	admin := sim.Admin()
	c, err := jiraclient.New(srv.URL, admin.Email, admin.Token)
	require.NoError(t, err)

	j, err := mapping.ReadJira(context.Background(), c, jiratest.ProjectKey)
	require.NoError(t, err)
	require.Equal(t, jiratest.ProjectKey, j.Key)
	require.NotEmpty(t, j.IssueTypes)
	require.NotEmpty(t, j.Statuses())
	for _, it := range j.IssueTypes {
		require.NotEmpty(t, j.Workflows[it.ID], "issue type %s has a workflow", it.Name)
	}
	require.NotEmpty(t, j.Priorities)
	require.NotEmpty(t, j.LinkTypes)
	require.NotEmpty(t, j.Users)
	var selects int
	for _, f := range j.Fields {
		if f.Type == "option" && len(f.Options) > 0 {
			selects++
		}
	}
	require.NotZero(t, selects, "select fields come with their options")
	require.WithinDuration(t, now, j.ServerTime, time.Minute)

	none, err := mapping.ReadJira(context.Background(), c, "NOPE")
	require.NoError(t, err)
	require.Empty(t, none.Key)
	got := mapping.Validate(&mapping.Product{Project: mapping.Project{JiraKey: "NOPE", Active: true}}, none, nil)
	require.Len(t, got, 1)
	require.Equal(t, mapping.RuleUnknownProject, got[0].Rule)
}

// Refused credentials are an authentication error, not a project that does
// not exist (Jira answers them anonymously, and anonymous sees no project).
func TestReadJiraWithARefusedTokenIsUnauthorized(t *testing.T) {
	sim := jiratest.New()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c, err := jiraclient.New(srv.URL, sim.Admin().Email, "ATATT-revoked-token-0000000000000000")
	require.NoError(t, err)
	_, err = mapping.ReadJira(context.Background(), c, jiratest.ProjectKey)
	require.ErrorIs(t, err, jiraclient.ErrUnauthorized)
}
