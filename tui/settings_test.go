package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

func TestLiveConnectionsLabelTheSlotsAsSpiraDoesAndSayHowTheyRead(t *testing.T) {
	l, _ := bothSims(t)
	info, err := l.ConnectionInfo(bgCtx)
	require.NoError(t, err)
	got := map[string]string{}
	for _, s := range info.Plugin.Settings {
		got[s.Label] = s.Value
	}
	require.Contains(t, got["Meanings"], "the current plug-in's")
	require.Equal(t, "Default (current plug-in)", got["Sync Mode"], "the seed's blank Sync Mode")
	require.Equal(t, "10030 · severity field 10030", got["Jira Special Fields"])
	require.Equal(t, "no tasks", got["Task Types"])
	require.Equal(t, "10001 · issue types 10001 sync as requirements", got["Requirement Types"])
	require.Contains(t, got["Not readable"], "Types to Skip")
	require.NotContains(t, got, "Custom 03")

	// The older plug-in's words read as their current equivalent.
	older := pluginSlotSettings(mapping.Plugin{Custom02: "True", Custom03: "Both"})
	require.Contains(t, older[0].Value, "older plug-in's")
	require.Equal(t, "Both · Bidirectional (older plug-in's Both)", older[3].Value)
}

func TestLiveMappingPluginRowsShowTheReading(t *testing.T) {
	p, lk, j := liveFixture()
	p.Plugin.Custom02, p.Plugin.Custom03 = "10001", "Bidirectional"
	ed := offlineEditor(p, lk, j)
	rows := map[string]MappingRow{}
	for _, r := range catOf(ed, catPlugin).Rows {
		rows[r.SpiraID] = r
	}
	require.Equal(t, MappingRow{SpiraID: mapping.KeySyncMode, SpiraName: "Sync Mode (Custom 03)", JiraID: "Bidirectional", JiraName: "Bidirectional (current plug-in)"}, rows[mapping.KeySyncMode])
	require.Equal(t, "issue types 10001 sync as tasks", rows[mapping.KeyTaskTypes].JiraName)
	require.Equal(t, "Task Types (Custom 02)", rows[mapping.KeyTaskTypes].SpiraName)
}

func TestLivePlanSaysTheModeAndTheFullPull(t *testing.T) {
	l, sims := bothSims(t)
	sims.Spira.SetProjectMapping(spiratest.DataSyncID, spiratest.ProductID, "LIB{full}", true)
	plan, err := l.Plan(bgCtx, ops.SyncOptions{ProductID: spiratest.ProductID})
	require.NoError(t, err)
	require.Equal(t, "Default (current plug-in)", plan.Plan.Mode)
	require.Contains(t, plan.Plan.FullNote(), "pull every existing issue of LIB, as on a first sync")
}

func TestSyncPlanHeaderNamesTheModeAndTheFullPull(t *testing.T) {
	m, _ := newRoot(t, fakeOpts)
	m = send(m, productChosenMsg{id: 1, name: "Library Information System"}, keys("4"))
	m, _ = sendCmd(m, enter)
	plan := &ops.SyncRun{Plan: ops.PlanFile{ProductID: 1, JiraKey: "LIB", Mode: "Bidirectional (current plug-in)", Full: true},
		Actions: []ops.Action{{ID: "a1", Kind: "create", Direction: "Spira → Jira", Artifact: ops.Artifact{Type: "incident", SpiraID: 3}, Summary: "create Jira issue from IN:3"}}}
	m = send(m, planMsg{seq: syncOf(m).load.seq, plan: plan})
	v := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	require.Contains(t, v, "Sync Mode: Bidirectional (current plug-in)")
	require.Contains(t, v, "pull every existing issue of LIB, as on a first sync")
	requireFrame(t, m)
}
