package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/spiraclient"
)

// writes counts the requests that change something on either simulator
// (searches sent by POST excluded).
func writes(sb *sandbox.Sandbox) int {
	n := 0
	for _, m := range []map[string]int{sb.Spira.Requests(), sb.Jira.Requests()} {
		for k, v := range m {
			if !strings.HasPrefix(k, "GET ") && !strings.HasPrefix(k, "UNMATCHED") && !strings.Contains(k, "search") {
				n += v
			}
		}
	}
	return n
}

// F14: a mapping file that names a deleted plug-in record stops sync and
// push before any write, with a message that names the plug-in screen
// (Spira would answer that ID's mapping reads with nothing, and the sync
// would create every item again).
func TestF14StalePlugInIDStopsSyncAndPushBeforeAnyWrite(t *testing.T) {
	sb := useSandbox(t)
	file := filepath.Join(t.TempDir(), "mapping.yaml")
	pullMapping(t, file)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Contains(t, string(data), "id: 1\n")
	stale := strings.Replace(string(data), "id: 1\n", "id: 42\n", 1)
	require.NoError(t, os.WriteFile(file, []byte(stale), 0o644))
	sb.Spira.ResetRequests()
	sb.Jira.ResetRequests()
	incidents, issues := sb.Spira.IncidentCount(1), len(sb.Jira.IssueKeys())

	for _, args := range [][]string{
		{"sync", "--product", "1", "--mapping", file},
		{"mapping", "push", "-f", file, "--yes"},
	} {
		code, out, errOut := runMain(t, args...)
		require.NotEqual(t, 0, code, "%v: %s", args, out)
		require.Contains(t, errOut, spiraclient.PluginScreen, args)
		require.Contains(t, errOut, "42", args)
		require.Zero(t, writes(sb), "%v wrote nothing", args)
	}
	require.Equal(t, incidents, sb.Spira.IncidentCount(1))
	require.Equal(t, issues, len(sb.Jira.IssueKeys()))
}
