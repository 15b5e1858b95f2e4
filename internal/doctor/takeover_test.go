package doctor

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

func writeEvent(t *testing.T, in Inputs, typ int, msg string) {
	t.Helper()
	c, err := spiraclient.New(in.Spira.URL, in.Spira.Login, in.Spira.APIKey)
	require.NoError(t, err)
	require.NoError(t, c.WriteEvent(context.Background(), spiraclient.RemoteEvent{EventLogEntryType: typ, Message: msg}))
}

func requireSteps(t *testing.T, tk Takeover, parts ...string) {
	t.Helper()
	all := strings.Join(tk.Steps, "\n")
	for _, p := range parts {
		require.Contains(t, all, p, "evidence: %v", tk.Evidence)
	}
}

// A plug-in record whose LastSyncDate moved minutes ago with no spirajira
// summary since is the service's: the steps stop it before any run.
func TestTakeoverSeesTheServiceRunning(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	tk := RunTakeover(context.Background(), sandboxInputs(sb))
	require.Equal(t, WhoService, tk.Who, "evidence: %v", tk.Evidence)
	require.False(t, tk.Safe())
	require.True(t, tk.Active)
	require.NotNil(t, tk.LastSyncDate)
	requireSteps(t, tk, "Stop Spira's data-sync service", "no way out", "doctor --takeover", "sync --all --dry-run", "sync --all` once")
	require.Less(t, strings.Index(strings.Join(tk.Steps, "\n"), "Stop"), strings.Index(strings.Join(tk.Steps, "\n"), "--dry-run"))
}

// spirajira's own summary after the last sync date is not the service; a
// data-sync entry of the record that is not spirajira's is, even when the
// last sync date is spirajira's.
func TestTakeoverTellsSpirajiraRunsFromTheService(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	in := sandboxInputs(sb)
	start := time.Now().Add(-time.Minute)
	editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.LastSyncDate = &start })
	writeEvent(t, in, 4, "spirajira lease taken: plug-in 1, product 1, run 0a1b, pid 7, host build")
	writeEvent(t, in, 4, "spirajira sync of product 1 with LIB: 3 created, 1 updated, 0 transitioned, 0 linked, 0 conflicts, 0 failed")

	tk := RunTakeover(context.Background(), in)
	require.Equal(t, WhoSpirajira, tk.Who, "evidence: %v", tk.Evidence)
	require.True(t, tk.Safe())
	requireSteps(t, tk, "Nothing to take over")
	require.Contains(t, strings.Join(tk.Evidence, "\n"), "2 entries of spirajira's runs and 0 other data-sync entries")

	writeEvent(t, in, 1, "JiraDataSync: Error syncing product 1: the remote server returned an error (401)")
	tk = RunTakeover(context.Background(), in)
	require.Equal(t, WhoService, tk.Who, "evidence: %v", tk.Evidence)
	require.Contains(t, strings.Join(tk.Evidence, "\n"), "1 other data-sync entries")
}

// A record that ran nothing within the window, or is inactive, is free:
// the steps go straight to the dry-run.
func TestTakeoverOfAnIdleRecord(t *testing.T) {
	sb := startSandbox(t)
	healthy(t, sb)
	old := time.Now().Add(-3 * time.Hour)
	editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.LastSyncDate = &old })
	tk := RunTakeover(context.Background(), sandboxInputs(sb))
	require.Equal(t, WhoNobody, tk.Who, "evidence: %v", tk.Evidence)
	require.True(t, tk.Safe())
	requireSteps(t, tk, "stays stopped", "sync --all --dry-run")
	require.NotContains(t, strings.Join(tk.Steps, "\n"), "Stop Spira's")

	// Spira lists active records only: an inactive one is not found, by
	// the doctor nor by the sync, and the step says to activate it.
	editPlugIn(t, sb, func(p *spiratest.PlugIn) { p.IsActive = false })
	tk = RunTakeover(context.Background(), sandboxInputs(sb))
	require.Equal(t, WhoUnknown, tk.Who, "evidence: %v", tk.Evidence)
	requireSteps(t, tk, "set it active again", "stop Spira's data-sync service")
}

// Without Spira there is no answer, and the step says what to fix.
func TestTakeoverWithoutSpira(t *testing.T) {
	tk := RunTakeover(context.Background(), Inputs{Timeout: time.Second})
	require.Equal(t, WhoUnknown, tk.Who)
	require.False(t, tk.Safe())
	requireSteps(t, tk, "spirajira doctor")
}
