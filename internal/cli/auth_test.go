package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
)

// loginBoth logs in to both sandbox services, storing the secrets in the
// (mock) keyring of a fresh config directory.
func loginBoth(t *testing.T) (jiraToken, spiraKey string, sbJira, sbSpira string) {
	t.Helper()
	clearLoginEnv(t)
	sb := startSandbox(t)
	t.Setenv(config.EnvConfigDir, t.TempDir())
	code, _, errOut := runCLI(t, sb.JiraAdmin.Token+"\n", "login", "jira", "--url", sb.JiraURL, "--email", sb.JiraAdmin.Email, "--token-stdin")
	require.Equal(t, 0, code, errOut)
	code, _, errOut = runCLI(t, sb.SpiraAdmin.APIKey+"\n", "login", "spira", "--url", sb.SpiraURL, "--login", sb.SpiraAdmin.Login, "--token-stdin")
	require.Equal(t, 0, code, errOut)
	return sb.JiraAdmin.Token, sb.SpiraAdmin.APIKey, sb.JiraURL, sb.SpiraURL
}

func TestAuthStatusSaysWhoAndWhereEachSecretComesFrom(t *testing.T) {
	token, key, jiraURL, spiraURL := loginBoth(t)

	code, out, errOut := runCLI(t, "", "auth", "status")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `Profile "default" (current)`)
	require.Contains(t, out, jiraURL+`  (from profile "default")`)
	require.Contains(t, out, "API token  from the OS keyring")
	require.Contains(t, out, "signed in  Avery Admin")
	require.Contains(t, out, spiraURL)
	require.Contains(t, out, "API key    from the OS keyring")
	require.Contains(t, out, "system administrator")
	require.NotContains(t, out+errOut, token)
	require.NotContains(t, out+errOut, key)

	// The environment wins, and says so.
	t.Setenv(config.EnvJiraToken, "ATATTnot-the-token-but-long-enough-to-pass-as-one-0123456789")
	code, out, _ = runCLI(t, "", "auth", "status", "-o", "json")
	require.Equal(t, ExitAuth, code, "a refused token is an auth failure")
	var st authStatus
	require.NoError(t, json.Unmarshal([]byte(out), &st))
	require.Equal(t, config.EnvJiraToken, st.Jira.SecretFrom)
	require.False(t, st.Jira.SignedIn)
	require.NotEmpty(t, st.Jira.Problem)
	require.True(t, st.Spira.SignedIn)
	require.Equal(t, "OS keyring", st.Spira.SecretFrom)
	require.NotContains(t, out, "ATATTnot-the-token")
}

func TestAuthStatusWithoutLoginSaysHow(t *testing.T) {
	clearLoginEnv(t)
	t.Setenv(config.EnvConfigDir, t.TempDir())
	code, out, _ := runCLI(t, "", "auth", "status")
	require.Equal(t, ExitAuth, code)
	require.Contains(t, out, "spirajira login jira")
	require.Contains(t, out, "spirajira login spira")
}

func TestAuthLogoutRemovesOneSide(t *testing.T) {
	_, _, jiraURL, spiraURL := loginBoth(t)

	code, _, errOut := runCLI(t, "", "auth", "logout", "jira")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "Logged out of Jira at "+jiraURL)

	code, out, _ := runCLI(t, "", "auth", "status", "-o", "json")
	require.Equal(t, ExitAuth, code)
	var st authStatus
	require.NoError(t, json.Unmarshal([]byte(out), &st))
	require.Empty(t, st.Jira.URL, "the profile no longer names the site")
	require.Contains(t, st.Jira.Problem, "spirajira login jira")
	require.Equal(t, spiraURL, st.Spira.URL)
	require.True(t, st.Spira.SignedIn, "the other side stays")

	// The token is gone from the keyring, not only from the profile.
	store := config.NewSecretStore(nil)
	store.Getenv = func(string) string { return "" }
	_, _, err := store.GetSecret(config.KindJira, jiraURL, "avery.admin@library.example")
	require.ErrorIs(t, err, config.ErrNotFound)

	code, _, errOut = runCLI(t, "", "auth", "logout", "jira")
	require.Equal(t, ExitError, code)
	require.Contains(t, errOut, "no Jira login")

	code, _, errOut = runCLI(t, "", "auth", "logout", "confluence")
	require.Equal(t, ExitUsage, code)
	require.True(t, strings.Contains(errOut, "auth logout jira"), errOut)
}

func TestVersionFlag(t *testing.T) {
	code, out, _ := runCLI(t, "", "--version")
	require.Equal(t, 0, code)
	require.True(t, strings.HasPrefix(out, "spirajira "), out)
	_, want, _ := runCLI(t, "", "version")
	require.Equal(t, want, out, "--version says what 'version' says")
}

// A secret in a file named by SPIRAJIRA_SPIRA_API_KEY_FILE (a mounted
// secret, a systemd credential) signs in, and auth status names the file.
func TestAuthStatusNamesTheSecretFile(t *testing.T) {
	_, key, _, _ := loginBoth(t)
	file := filepath.Join(t.TempDir(), "spira-api-key")
	require.NoError(t, os.WriteFile(file, []byte(key+"\n"), 0o400))
	t.Setenv(config.FileEnvVar(config.KindSpira), file)
	code, out, errOut := runCLI(t, "", "auth", "status", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var st authStatus
	require.NoError(t, json.Unmarshal([]byte(out), &st))
	require.True(t, st.Spira.SignedIn, st.Spira.Problem)
	require.Equal(t, "file "+file+" (SPIRAJIRA_SPIRA_API_KEY_FILE)", st.Spira.SecretFrom)
	require.NotContains(t, out+errOut, key)

	t.Setenv(config.FileEnvVar(config.KindSpira), file+".missing")
	code, out, errOut = runCLI(t, "", "auth", "status")
	require.Equal(t, ExitAuth, code)
	require.Contains(t, out+errOut, "SPIRAJIRA_SPIRA_API_KEY_FILE names "+file+".missing, which cannot be read")
}
