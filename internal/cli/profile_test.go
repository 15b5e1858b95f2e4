package cli

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
)

func TestProfileListUseRenameDelete(t *testing.T) {
	_, _, jiraURL, _ := loginBoth(t)
	// A second profile on the same Jira login shares its token.
	cfg, err := config.Load()
	require.NoError(t, err)
	p, _ := cfg.Profile("default")
	cfg.SetProfile("staging", config.Profile{Jira: p.Jira})
	require.NoError(t, cfg.Save())

	code, out, errOut := runCLI(t, "", "profile", "list", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var rows []profileRow
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.Len(t, rows, 2)
	require.Equal(t, "default", rows[0].Name)
	require.True(t, rows[0].Current)
	require.Equal(t, jiraURL, rows[1].JiraURL)

	code, _, errOut = runCLI(t, "", "profile", "use", "staging")
	require.Equal(t, 0, code, errOut)
	code, out, _ = runCLI(t, "", "profile", "list")
	require.Equal(t, 0, code)
	require.Regexp(t, `staging\s+\*`, out)

	code, _, errOut = runCLI(t, "", "profile", "use", "stagign")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, errOut, "the profiles are: default, staging")

	code, _, errOut = runCLI(t, "", "profile", "rename", "staging", "test")
	require.Equal(t, 0, code, errOut)
	code, out, _ = runCLI(t, "", "profile", "list")
	require.Equal(t, 0, code)
	require.Regexp(t, `test\s+\*`, out, "the current profile stays current")

	// Deleting "test" keeps the Jira token "default" still uses.
	code, _, errOut = runCLI(t, "", "profile", "delete", "test")
	require.Equal(t, 0, code, errOut)
	code, out, errOut = runCLI(t, "", "auth", "status")
	require.Equal(t, 0, code, out+errOut)
	require.Contains(t, out, `Profile "default"`)

	// Deleting "default" removes its secrets too.
	code, _, errOut = runCLI(t, "", "profile", "delete", "default")
	require.Equal(t, 0, code, errOut)
	store := config.NewSecretStore(nil)
	store.Getenv = func(string) string { return "" }
	_, _, err = store.GetSecret(config.KindJira, jiraURL, "avery.admin@library.example")
	require.ErrorIs(t, err, config.ErrNotFound)
}
