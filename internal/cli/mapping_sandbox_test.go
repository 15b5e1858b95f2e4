package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// runMain runs the real command line and returns its exit code and output.
func runMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	code := Main(context.Background(), args, TestIO(strings.NewReader(""), out, errOut))
	return code, out.String(), errOut.String()
}

// pullMapping pulls product 1's mapping into file, which must succeed.
func pullMapping(t *testing.T, file string) {
	t.Helper()
	code, _, errOut := runMain(t, "mapping", "pull", "--product", "1", "-f", file)
	require.Equal(t, 0, code, errOut)
}

// The mapping commands end to end on the sandbox, through the profile and
// environment a user would have.
func TestMappingCommandsOnTheSandbox(t *testing.T) {
	sb := useSandbox(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "mapping.yaml")

	pullMapping(t, file)

	// Validate reports exactly the seeded problems, all warnings: exit 0.
	code, out, errOut := runMain(t, "mapping", "validate", "-f", file, "-o", "json")
	require.Equal(t, 0, code, errOut)
	var problems []mapping.Problem
	require.NoError(t, json.Unmarshal([]byte(out), &problems))
	require.Len(t, problems, len(sandbox.SeededProblems), out)
	for _, sp := range sandbox.SeededProblems {
		require.True(t, slices.ContainsFunc(problems, func(p mapping.Problem) bool {
			return string(p.Rule) == sp.Rule && p.Location.Row == sp.SpiraID && string(p.Location.Field) == sp.Field
		}), "seeded %+v", sp)
	}

	// The record as a current Spira stores it is valid; a mode word the
	// plug-in does not know makes validate exit 1, with the fix.
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Contains(t, string(data), `custom03SyncDirection: "" # Sync Mode: Default (current plug-in)`)
	current := filepath.Join(dir, "current.yaml")
	cur := strings.Replace(string(data), `custom01SeverityField: "10030"`, `custom01SeverityField: "10030,0"`, 1)
	cur = strings.Replace(cur, `custom02SecurityLevel: ""`, `custom02SecurityLevel: "10002"`, 1)
	cur = strings.Replace(cur, `custom03SyncDirection: ""`, `custom03SyncDirection: Bidirectional`, 1)
	require.NoError(t, os.WriteFile(current, []byte(cur), 0o644))
	code, out, errOut = runMain(t, "mapping", "validate", "-f", current, "-o", "json")
	require.Equal(t, 0, code, errOut)
	require.NoError(t, json.Unmarshal([]byte(out), &problems))
	require.False(t, mapping.HasErrors(problems), out)
	broken := filepath.Join(dir, "broken.yaml")
	require.NoError(t, os.WriteFile(broken, []byte(strings.Replace(cur, "custom03SyncDirection: Bidirectional", "custom03SyncDirection: Bidirectonal", 1)), 0o644))
	code, out, _ = runMain(t, "mapping", "validate", "-f", broken)
	require.Equal(t, ExitError, code)
	require.Contains(t, out, `Did you mean "Bidirectional"?`)

	// Automap fixes the seeded problems.
	code, _, errOut = runMain(t, "mapping", "automap", "-f", file, "--write", "--min-confidence", "0.6")
	require.Equal(t, 0, code, errOut)
	code, _, errOut = runMain(t, "mapping", "validate", "-f", file)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "No problems found.")

	data, err = os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file, []byte(strings.Replace(string(data), "custom05LinkType: Relates", "custom05LinkType: Blocks", 1)), 0o644))

	// Push needs --yes off a terminal, then writes and leaves a sheet.
	code, _, _ = runMain(t, "mapping", "push", "-f", file)
	require.Equal(t, ExitUsage, code)
	sheetFile := filepath.Join(dir, "sheet.json")
	code, out, errOut = runMain(t, "mapping", "push", "-f", file, "--yes", "--sheet", sheetFile)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "Plug-in Link Type (Custom 05)")
	require.Contains(t, errOut, "API calls")

	sc := sb.SpiraCredentials()
	raw, err := spiraclient.New(sc.URL, sc.Login, sc.APIKey)
	require.NoError(t, err)
	rec, err := raw.DataSync(context.Background(), sb.DataSyncID)
	require.NoError(t, err)
	require.Equal(t, "Blocks", rec.Custom05)
	rels, err := raw.ArtifactMappings(context.Background(), sb.ProductID, sb.DataSyncID, spiraclient.ArtifactTypeRelease)
	require.NoError(t, err)
	require.True(t, slices.ContainsFunc(rels, func(m spiraclient.RemoteDataMapping) bool { return m.InternalID == 6 }),
		"the auto-mapped release 6 is written")

	// Verify fails until the sheet is entered, then passes.
	code, out, _ = runMain(t, "mapping", "verify", "-f", file)
	require.Equal(t, ExitError, code)
	require.Contains(t, out, "DIFFERENT")
	// A box Spira holds empty reads as "(empty)", not as a blank cell.
	found := false
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "DIFFERENT") && strings.Contains(line, "field-value/incident.status/4 ") {
			found = true
			require.True(t, strings.HasSuffix(strings.TrimSpace(line), "(empty)"), line)
		}
	}
	require.True(t, found, out)
	raw2, err := os.ReadFile(sheetFile)
	require.NoError(t, err)
	var sheet mapping.Sheet
	require.NoError(t, json.Unmarshal(raw2, &sheet))
	require.NotEmpty(t, sheet.Lines())
	require.NoError(t, mapping.ApplySheet(&sheet, sb.DataSyncID, sb.Applier()))
	code, out, errOut = runMain(t, "mapping", "verify", "-f", file)
	require.Equal(t, 0, code, out+errOut)
	require.Contains(t, errOut, "lines are done")
	code, _, errOut = runMain(t, "mapping", "diff", "-f", file)
	require.Equal(t, 0, code)
	require.Contains(t, errOut, "Spira holds exactly this mapping.")
}
