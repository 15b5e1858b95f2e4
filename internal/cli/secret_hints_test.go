package cli

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
)

// An API key without its braces in the environment is named as coming from
// there, with the quoting that keeps the braces in a shell.
func TestSpiraKeyWithoutBracesFromTheEnvironmentNamesTheVariable(t *testing.T) {
	useSpira(t, "http://127.0.0.1:1", "fred", "7A060E17-5A1E-4C3B-9D2E-51BCF0060517")
	code, stdout, stderr := runCLI(t, "", "spira", "products")
	require.Equal(t, ExitAuth, code, stderr)
	require.Empty(t, stdout)
	require.Contains(t, stderr, "curly braces")
	require.Contains(t, stderr, "hint: "+config.EnvSpiraAPIKey+" holds the key without its braces")
	require.Contains(t, stderr, config.EnvSpiraAPIKey+"='{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}'")
	require.NotContains(t, stderr, "7A060E17", "the key itself is not echoed")
}

// --token-stdin with nothing piped in says how to pipe the secret.
func TestTokenStdinWithNothingPipedSaysHowToPipeIt(t *testing.T) {
	code, _, stderr := runCLI(t, "\n", "login", "jira", "--site", "https://x.atlassian.net", "--email", "a@b.c", "--token-stdin")
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "--token-stdin read nothing from standard input")
	require.Contains(t, stderr, "| spirajira login jira")
	require.Contains(t, stderr, config.EnvJiraToken)

	code, _, stderr = runCLI(t, "", "login", "spira", "--url", "https://x.spiraservice.net", "--login", "fred", "--token-stdin")
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "| spirajira login spira")
	require.Contains(t, stderr, config.EnvSpiraAPIKey)
}
