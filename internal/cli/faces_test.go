package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
	"github.com/spirajira/spirajira/tui"
)

// The same operation through both faces gives the same answer: the command
// line and the TUI's live backend call one operations layer.
func TestBothFacesPushAndVerifyAlike(t *testing.T) {
	sb := useSandbox(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "mapping.yaml")
	pullMapping(t, file)
	live := tui.NewLive(tui.LiveConfig{Jira: sb.JiraCredentials(), Spira: sb.SpiraCredentials(), StateDir: filepath.Join(dir, "state")})
	ctx := context.Background()

	// Verify: every line of the full sheet on both faces, one of them not
	// entered in Spira yet.
	code, _, errOut := runMain(t, "mapping", "edit", "-f", file, "--set", "fields/incident.status/4=3")
	require.Equal(t, 0, code, errOut)
	code, out, errOut := runMain(t, "mapping", "verify", "-f", file, "-o", "json")
	require.Equal(t, 1, code, "the edited line differs from Spira: %s", errOut)
	var checks []mapping.LineCheck
	require.NoError(t, json.Unmarshal([]byte(out), &checks))
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	ed, err := live.OpenMappingFile(ctx, data)
	require.NoError(t, err)
	items, _, err := ed.Clone().Verify(ctx)
	require.NoError(t, err)
	require.Len(t, items, len(checks), "the TUI checks the same lines as mapping verify")
	for i, c := range checks {
		require.Equal(t, c.Done, items[i].Done, "line %d: %+v", i, items[i].Line)
	}

	// Push of a mapping with an error: refused by both, in the same words,
	// and nothing written.
	broken := filepath.Join(dir, "broken.yaml")
	bad := strings.Replace(string(data), "custom05LinkType: Relates", "custom05LinkType: Nonexistent", 1)
	require.NotEqual(t, string(data), bad, "the sandbox's link type is Relates")
	require.NoError(t, os.WriteFile(broken, []byte(bad), 0o644))
	code, _, cliErr := runMain(t, "mapping", "push", "-f", broken, "--yes")
	require.Equal(t, 1, code, cliErr)
	ed, err = live.OpenMappingFile(ctx, []byte(bad))
	require.NoError(t, err)
	_, tuiErr := ed.Clone().Push(ctx, false)
	require.Error(t, tuiErr)
	require.Contains(t, cliErr, tuiErr.Error(), "one policy, one wording")
	code, out, _ = runMain(t, "mapping", "diff", "-f", file, "-o", "json")
	var changes []mapping.Change
	require.NoError(t, json.Unmarshal([]byte(out), &changes))
	require.Len(t, changes, 1, "nothing was pushed: only the edit differs")
}

// A dry-run through both faces plans the same actions for the same product,
// and the product the TUI is told is the one the engine read.
func TestBothFacesPlanTheSameSync(t *testing.T) {
	sb := useSandbox(t)
	code, out, errOut := runMain(t, "sync", "--dry-run", "-o", "json", "--conflicts", "spira")
	require.Equal(t, 0, code, errOut)
	var cli struct {
		ProductID int `json:"productId"`
		Actions   []struct {
			ID, Kind string
		} `json:"actions"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &cli))
	require.NotEmpty(t, cli.Actions)

	stateDir, err := config.StateDir()
	require.NoError(t, err)
	live := tui.NewLive(tui.LiveConfig{Jira: sb.JiraCredentials(), Spira: sb.SpiraCredentials(), StateDir: stateDir})
	plan, err := live.Plan(context.Background(), ops.SyncOptions{ConflictWinner: "spira"})
	require.NoError(t, err)
	require.Equal(t, cli.ProductID, plan.Plan.ProductID, "0 asks for the only product mapped: the plan names it")
	require.Len(t, plan.Actions, len(cli.Actions))
	for i, a := range cli.Actions {
		require.Equal(t, a.ID, plan.Actions[i].ID)
		require.Equal(t, a.Kind, string(plan.Actions[i].Kind))
	}
}
