package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/jiraclient/jiratest/jiraconform"
)

func clearLoginEnv(t *testing.T) {
	for _, v := range []string{config.EnvJiraURL, config.EnvJiraEmail, config.EnvJiraToken,
		config.EnvSpiraURL, config.EnvSpiraLogin, config.EnvSpiraAPIKey,
		config.FileEnvVar(config.KindJira), config.FileEnvVar(config.KindSpira)} {
		t.Setenv(v, "")
	}
}

// jiraLogin clears the login variables and starts a Jira simulator, with a
// fresh configuration directory; it gives the server, the directory and
// the member who logs in.
func jiraLogin(t *testing.T) (*httptest.Server, string, jiratest.Account) {
	clearLoginEnv(t)
	sim := jiratest.New()
	srv := jiraconform.NewServer(t, sim)
	dir := t.TempDir()
	t.Setenv(config.EnvConfigDir, dir)
	return srv, dir, sim.NonAdmin()
}

func TestLoginJiraReducesAPastedPageToTheSite(t *testing.T) {
	srv, dir, a := jiraLogin(t)

	code, _, errOut := runIn(t, a.Token+"\n", "login", "jira", "--url", srv.URL+"/jira/software/projects/LIB/boards/1?selectedIssue=LIB-1",
		"--email", a.Email, "--token-stdin")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "Using "+srv.URL+" as the Jira site")
	cfg, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	require.NoError(t, err)
	require.Contains(t, string(cfg), "url: "+srv.URL+"\n")
}

func TestLoginSpiraReducesAPastedPageToTheBase(t *testing.T) {
	clearLoginEnv(t)
	sb := startSandbox(t)
	dir := t.TempDir()
	t.Setenv(config.EnvConfigDir, dir)

	code, _, errOut := runCLI(t, sb.SpiraAdmin.APIKey+"\n", "login", "spira", "--url", sb.SpiraURL+"/1/Incident/List.aspx",
		"--login", sb.SpiraAdmin.Login, "--token-stdin")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "Using "+sb.SpiraURL+" as the Spira URL.")
	cfg, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	require.NoError(t, err)
	require.NotContains(t, string(cfg), "Incident")
}

// A mistyped URL at the prompt is asked for again, with the reason, as gh
// does; it does not end the login.
func TestInteractiveLoginAsksAgainForABadURL(t *testing.T) {
	srv, _, a := jiraLogin(t)

	in := "acme.atlassian.net\nftp://acme\n" + srv.URL + "\n" + a.Email + "\n" + a.Token + "\n"
	var out, errOut bytes.Buffer
	ios := TestIO(strings.NewReader(in), &out, &errOut)
	ios.SetTTY(true, true)
	code := Main(context.Background(), []string{"login", "jira"}, ios)
	require.Equal(t, 0, code, errOut.String())
	require.Equal(t, 3, strings.Count(errOut.String(), "Jira site URL: "), errOut.String())
	require.Contains(t, errOut.String(), "has no scheme")
	require.Contains(t, errOut.String(), "Try again")
	require.Contains(t, errOut.String(), "Logged in to "+srv.URL)
}

func TestInteractiveLoginGivesUpAfterSomeBadURLs(t *testing.T) {
	clearLoginEnv(t)
	t.Setenv(config.EnvConfigDir, t.TempDir())
	var out, errOut bytes.Buffer
	ios := TestIO(strings.NewReader(strings.Repeat("nope\n", 20)), &out, &errOut)
	ios.SetTTY(true, true)
	code := Main(context.Background(), []string{"login", "spira"}, ios)
	require.Equal(t, ExitUsage, code)
	require.Equal(t, maxURLTries, strings.Count(errOut.String(), "Spira URL: "))
}
