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

func TestSyncHeaderNamesTheModeAndFullAsksToRemoveTheToken(t *testing.T) {
	sb := useSandbox(t)
	sb.Spira.SetProjectMapping(sb.DataSyncID, sb.ProductID, "LIB{full}", true)

	code, out, errOut := runMain(t, "sync", "--dry-run", "--product", "1")
	require.Equal(t, 0, code, errOut)
	header, _, _ := strings.Cut(out, "\n")
	require.Equal(t, "Plan for Spira product 1 <-> Jira LIB, Sync Mode: Default (current plug-in); "+
		"the External Key LIB{full} makes this run pull every existing issue of LIB, as on a first sync", header)

	code, out, errOut = runMain(t, "sync", "--dry-run", "--product", "1", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var pf datasync.PlanFile
	require.NoError(t, json.Unmarshal([]byte(out), &pf), out)
	require.Equal(t, "Default (current plug-in)", pf.Mode)
	require.True(t, pf.Full)
	require.Equal(t, "LIB", pf.JiraKey)

	// After a successful run, with the token still there: remove it.
	file := filepath.Join(t.TempDir(), "mapping.yaml")
	pullMapping(t, file)
	code, _, errOut = runMain(t, "sync", "--product", "1", "-o", "json")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "remove {full} from the product's External Key (LIB{full} -> LIB)")

	// Spira 9.4+ removed it itself: the next read finds none, nothing is said.
	sb.Spira.SetProjectMapping(sb.DataSyncID, sb.ProductID, "LIB", true)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Contains(t, string(data), "jiraKey: LIB{full} # {full}: the next cycle pulls every existing issue of LIB")
	code, _, errOut = runMain(t, "sync", "--product", "1", "--mapping", file, "-o", "json")
	require.Equal(t, 0, code, errOut)
	require.NotContains(t, errOut, "{full}")
}
