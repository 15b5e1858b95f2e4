package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
)

// complete runs cobra's hidden completion command and returns the offered
// values (value and description) and the directive line.
func complete(t *testing.T, args ...string) ([]string, string) {
	t.Helper()
	code, out, errOut := runCLI(t, "", append([]string{"__complete"}, args...)...)
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func TestFlagValuesComplete(t *testing.T) {
	clearLoginEnv(t)
	sb := startSandbox(t)
	useSpira(t, sb.SpiraURL, sb.SpiraAdmin.Login, sb.SpiraAdmin.APIKey)
	t.Setenv(config.EnvJiraURL, sb.JiraURL)
	t.Setenv(config.EnvJiraEmail, sb.JiraAdmin.Email)
	t.Setenv(config.EnvJiraToken, sb.JiraAdmin.Token)
	dir := t.TempDir()
	t.Setenv(config.EnvConfigDir, dir)
	cfg, err := config.Load()
	require.NoError(t, err)
	cfg.SetProfile("work", config.Profile{Jira: config.JiraSite{URL: "https://acme.atlassian.net"}})
	require.NoError(t, cfg.Save())

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"spira", "releases", "--product", ""}, "1\tLibrary Information System"},
		{[]string{"mapping", "pull", "--product", ""}, "1\tLibrary Information System"},
		{[]string{"sync", "--product", ""}, "1\tLibrary Information System"},
		{[]string{"jira", "statuses", "--project", ""}, "LIB\tLibrary Information System"},
		{[]string{"jira", "options", "--field", ""}, "customfield_10030\tSeverity (select)"},
		{[]string{"jira", "transitions", "--issue", ""}, "LIB-\tLibrary Information System"},
		{[]string{"jira", "transitions", "--issue", "LIB-"}, "LIB-1\t"},
		{[]string{"sync", "--conflicts", ""}, "spira\tSpira's change wins"},
		{[]string{"version", "-o", ""}, "yaml"},
		{[]string{"--profile", ""}, "work\thttps://acme.atlassian.net"},
		{[]string{"profile", "use", ""}, "work\thttps://acme.atlassian.net"},
		{[]string{"auth", "logout", ""}, "spira"},
		{[]string{"spira", "events", "--type", ""}, "warning"},
	} {
		got, _ := complete(t, c.args...)
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, c.want)
		}
		require.True(t, found, "%v offered %q, not %q", c.args, got, c.want)
	}

	// -o offers only what the command prints.
	got, _ := complete(t, "login", "jira", "-o", "")
	require.Equal(t, []string{"table"}, got)
	// Half an issue key leaves room for the number.
	_, dir6 := complete(t, "jira", "transitions", "--issue", "")
	require.Equal(t, ":6", dir6)
}

// A service that does not answer gives no values, and no noise, within the
// completion's bound.
func TestNetworkCompletionsFailQuietly(t *testing.T) {
	clearLoginEnv(t)
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	t.Cleanup(hang.Close)
	useSpira(t, hang.URL, "fred", "{7A05FD06-83C3-4436-B37F-51BCF0060483}")
	code, out, errOut := runCLI(t, "", "__complete", "spira", "releases", "--product", "")
	require.Equal(t, 0, code)
	require.Equal(t, ":4\n", out)
	require.NotContains(t, errOut, "error")
}
