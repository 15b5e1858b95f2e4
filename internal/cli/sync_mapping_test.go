package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// sync --mapping checks the file first: a file validate rejects stops the
// run with the validator's message, before any plan or write.
func TestSyncMappingFileIsValidatedFirst(t *testing.T) {
	sb := useSandbox(t)
	file := filepath.Join(t.TempDir(), "mapping.yaml")
	code, _, errOut := runMain(t, "mapping", "pull", "--product", "1", "-f", file)
	require.Equal(t, 0, code, errOut)

	code, out, errOut := runMain(t, "sync", "--dry-run", "--mapping", file, "-o", "json")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `"actions"`, "a clean file syncs")

	data, err := os.ReadFile(file)
	require.NoError(t, err)
	bad := strings.Replace(string(data), `jira: {id: "10003", name: Bug}`, `jira: {id: "99999", name: Bug}`, 1)
	require.NotEqual(t, string(data), bad)
	require.NoError(t, os.WriteFile(file, []byte(bad), 0o644))
	issues := len(sb.Jira.IssueKeys())

	for _, args := range [][]string{{"--dry-run"}, {}} {
		code, out, errOut = runMain(t, append([]string{"sync", "--mapping", file}, args...)...)
		require.Equal(t, ExitError, code, errOut)
		require.Empty(t, out, "no plan and no report")
		require.Contains(t, errOut, "error: fields/incident.type/")
		require.Contains(t, errOut, "99999")
		require.Contains(t, errOut, "mapping validate -f")
		require.NotContains(t, errOut, "400")
		require.Equal(t, issues, len(sb.Jira.IssueKeys()))
	}
}
