package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/datasync"
)

// sync --mapping checks the file first: a file validate rejects stops the
// run with the validator's message, before any plan or write.
func TestSyncMappingFileIsValidatedFirst(t *testing.T) {
	sb := useSandbox(t)
	file := filepath.Join(t.TempDir(), "mapping.yaml")
	pullMapping(t, file)

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

// sync -o json lists what it created with both sides' IDs, its counts add
// up to the plan, and an empty plan is an empty list, not null.
func TestSyncJSONForScripts(t *testing.T) {
	sb := useSandbox(t)
	code, out, errOut := runMain(t, "sync", "--product", "1", "--link-same-names", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var rep datasync.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	sum := 0
	for _, n := range rep.Counts {
		sum += n
	}
	require.Positive(t, rep.Planned)
	require.Equal(t, rep.Planned, sum, "%v", rep.Counts)
	require.Len(t, rep.Created, rep.Counts["create"])
	keys := sb.Jira.IssueKeys()
	var toJira, toSpira int
	for _, c := range rep.Created {
		require.NotZero(t, c.SpiraID, "%+v", c)
		if c.Direction == datasync.SpiraToJira && c.Type != "release" {
			require.Contains(t, keys, c.JiraKey)
			toJira++
		}
		if c.Direction == datasync.JiraToSpira {
			toSpira++
		}
	}
	require.Positive(t, toJira)
	require.Positive(t, toSpira)

	// The sandbox settles within a few runs; then the plan is empty.
	for range 3 {
		code, out, errOut = runMain(t, "sync", "--dry-run", "--product", "1", "-o", "json")
		require.Equal(t, 0, code, errOut)
		if !strings.Contains(out, `"id": "a1"`) {
			break
		}
		code, _, errOut = runMain(t, "sync", "--product", "1", "--link-same-names")
		require.Equal(t, 0, code, errOut)
	}
	require.Contains(t, out, `"actions": []`)
}
