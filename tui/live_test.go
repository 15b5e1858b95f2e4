package tui

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/doctor"
	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

func TestLiveJiraAgainstSimulator(t *testing.T) {
	sim := jiratest.New()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	admin := sim.Admin()
	l := NewLive(LiveConfig{
		Profile: "test",
		Jira:    config.JiraCredentials{URL: srv.URL, Email: admin.Email, Token: admin.Token},
		Spira:   config.SpiraCredentials{URL: srv.URL, Login: "nobody", APIKey: "no-braces"},
	})

	ps, err := l.Projects(bgCtx)
	require.NoError(t, err)
	type project struct{ ID, Key, Name string }
	var got []project
	for _, p := range ps {
		got = append(got, project{p.ID, p.Key, p.Name})
	}
	require.Contains(t, got, project{ID: jiratest.ProjectID, Key: jiratest.ProjectKey, Name: ps[0].Name})

	c, err := l.Catalog(bgCtx, jiratest.ProjectKey)
	require.NoError(t, err)
	var statuses *CatalogTab
	for i := range c.Tabs {
		require.Equal(t, c.Tabs[i].Columns[0], map[bool]string{true: "Account ID", false: "ID"}[c.Tabs[i].Name == "Users"],
			"the ID comes first in every tab")
		if c.Tabs[i].Name == "Statuses" {
			statuses = &c.Tabs[i]
		}
	}
	require.NotNil(t, statuses)
	var found bool
	for _, r := range statuses.Rows {
		if r.Cells[1] == "In Progress" {
			found = true
			require.NotEmpty(t, r.Cells[0])
			require.Equal(t, "In Progress", r.Cells[2], "the status category")
			require.Contains(t, r.Detail[2], "Bug", "the issue types whose workflow uses it")
		}
	}
	require.True(t, found, "In Progress is among the statuses")
	var severity *CatalogRow
	for i := range c.Tabs {
		if c.Tabs[i].Name == "Custom fields" {
			for j := range c.Tabs[i].Rows {
				if c.Tabs[i].Rows[j].Cells[1] == "Severity" {
					severity = &c.Tabs[i].Rows[j]
				}
			}
		}
	}
	require.NotNil(t, severity, "the Severity select field")
	require.Equal(t, "List", severity.Cells[3], "the Spira property type it fits")
	require.Contains(t, strings.Join(severity.Detail, "\n"), "Options in", "its options per context")

	id, err := l.TestConnections(bgCtx)
	require.NoError(t, err)
	require.Contains(t, id.Jira, admin.DisplayName)
	require.Contains(t, id.SpiraErr, "brace", "an API key without braces is refused with a message saying so")

	info, err := l.ConnectionInfo(bgCtx)
	require.NoError(t, err)
	require.NotContains(t, info.JiraToken, admin.Token[:12], "the token is masked")
	require.True(t, strings.HasSuffix(info.JiraToken, admin.Token[len(admin.Token)-4:]))
}

func TestLiveDoctorReportsBothSides(t *testing.T) {
	sim := jiratest.New()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	admin := sim.Admin()
	l := NewLive(LiveConfig{
		Jira:  config.JiraCredentials{URL: srv.URL, Email: admin.Email, Token: admin.Token},
		Spira: config.SpiraCredentials{URL: srv.URL + "/login.aspx", Login: "nobody", APIKey: "no-braces"},
	})
	r, err := l.Doctor(bgCtx)
	require.NoError(t, err)
	verdicts := map[string]doctor.Verdict{}
	for _, c := range r.Checks {
		verdicts[c.Title] = c.Verdict
		if c.Verdict == doctor.Fail {
			require.NotEmpty(t, c.Fix, "a failed check says what to do: %s", c.Title)
		}
	}
	require.Equal(t, doctor.Pass, verdicts["Jira credentials"])
	require.Equal(t, doctor.Fail, verdicts["Spira API key"])
}

// bothSims starts the sandbox (both simulators, linked) and a Live over it.
func bothSims(t *testing.T) (*Live, *sandbox.Sandbox) {
	t.Helper()
	sb, err := sandbox.Start(bgCtx, sandbox.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close() })
	return NewLive(LiveConfig{
		Profile:  sandbox.ProfileName,
		Sandbox:  true,
		Jira:     config.JiraCredentials{URL: sb.JiraURL, Email: sb.JiraAdmin.Email, Token: sb.JiraAdmin.Token},
		Spira:    config.SpiraCredentials{URL: sb.SpiraURL, Login: sb.SpiraAdmin.Login, APIKey: sb.SpiraAdmin.APIKey},
		Applier:  sb.Applier(),
		StateDir: t.TempDir(),
	}), sb
}

func TestLiveMappingAgainstSimulators(t *testing.T) {
	l, _ := bothSims(t)
	ps, err := l.Products(bgCtx)
	require.NoError(t, err)
	require.NotEmpty(t, ps)
	require.Equal(t, spiratest.ProductID, ps[0].ProjectID)

	id, err := l.TestConnections(bgCtx)
	require.NoError(t, err)
	require.Empty(t, id.JiraErr)
	require.Empty(t, id.SpiraErr)
	require.NotEmpty(t, id.Spira)

	info, err := l.ConnectionInfo(bgCtx)
	require.NoError(t, err)
	require.True(t, info.Plugin.Found, "the seeded JiraDataSync record")

	ed, err := l.OpenMapping(bgCtx, spiratest.ProductID)
	require.NoError(t, err)
	status := catOf(ed, fieldCat(mapping.IncidentStatus))
	require.NotEmpty(t, status.Rows, "every Spira incident status has a row")
	var inProgress bool
	for _, c := range ed.Choices(status.Key, status.Rows[0].SpiraID) {
		inProgress = inProgress || c.Name == "In Progress"
	}
	require.True(t, inProgress, "the Jira statuses of LIB are the choices")
	diff, err := ed.Clone().Diff(bgCtx)
	require.NoError(t, err)
	require.Empty(t, diff, "freshly pulled, the mapping equals Spira's")
}

func TestLiveSaveConnectionReconnects(t *testing.T) {
	sb, err := sandbox.Start(bgCtx, sandbox.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close() })
	good := config.JiraCredentials{URL: sb.JiraURL, Email: sb.JiraAdmin.Email, Token: sb.JiraAdmin.Token}
	spira := config.SpiraCredentials{URL: sb.SpiraURL, Login: sb.SpiraAdmin.Login, APIKey: sb.SpiraAdmin.APIKey}
	var got ConnectionEdit
	l := NewLive(LiveConfig{
		Jira:  config.JiraCredentials{URL: sb.JiraURL, Email: sb.JiraAdmin.Email, Token: "wrong"},
		Spira: spira,
		Save: func(_ context.Context, e ConnectionEdit) (config.JiraCredentials, config.SpiraCredentials, error) {
			got = e
			return good, spira, nil
		},
	})
	id, err := l.TestConnections(bgCtx)
	require.NoError(t, err)
	require.NotEmpty(t, id.JiraErr, "the wrong token is refused")

	require.NoError(t, l.SaveConnection(bgCtx, ConnectionEdit{JiraSite: sb.JiraURL, JiraToken: sb.JiraAdmin.Token}))
	require.Equal(t, sb.JiraAdmin.Token, got.JiraToken)
	id, err = l.TestConnections(bgCtx)
	require.NoError(t, err)
	require.Empty(t, id.JiraErr, "the saved settings are used at once")

	l2 := NewLive(LiveConfig{})
	require.ErrorContains(t, l2.SaveConnection(bgCtx, ConnectionEdit{}), "spirajira login")
}

func TestLiveOpensAMappingFile(t *testing.T) {
	l, _ := bothSims(t)
	ed, err := l.OpenMapping(bgCtx, spiratest.ProductID)
	require.NoError(t, err)
	status := catOf(ed, fieldCat(mapping.IncidentStatus))
	require.NoError(t, ed.SetJira(status.Key, status.Rows[0].SpiraID, "3"))
	data, err := ed.Format()
	require.NoError(t, err)

	fromFile, err := l.OpenMappingFile(bgCtx, data)
	require.NoError(t, err)
	require.Equal(t, spiratest.ProductID, fromFile.Product().ID)
	require.Equal(t, "3", catOf(fromFile, status.Key).Rows[0].JiraID, "the file's mapping, not Spira's")
	diff, err := fromFile.Diff(bgCtx)
	require.NoError(t, err)
	require.NotEmpty(t, diff, "the file differs from Spira by the edit")

	_, err = l.OpenMappingFile(bgCtx, []byte("nonsense: [\n"))
	require.ErrorContains(t, err, "mapping file")
}
