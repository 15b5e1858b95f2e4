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

func TestSyncDryRunPrintsThePlanAndWritesNothing(t *testing.T) {
	sb := useSandbox(t)
	incidents := sb.Spira.IncidentCount(1)
	issues := len(sb.Jira.IssueKeys())
	planFile := filepath.Join(t.TempDir(), "plan.json")

	code, out, errOut := runMain(t, "sync", "--dry-run", "--product", "1", "-o", "json", "--plan-out", planFile)
	require.Equal(t, 0, code, errOut)
	var pf datasync.PlanFile
	require.NoError(t, json.Unmarshal([]byte(out), &pf), out)
	require.Equal(t, "LIB", pf.JiraKey)
	counts := datasync.Counts(pf.Actions)
	require.Positive(t, counts[datasync.KindCreate])
	saved, err := os.ReadFile(planFile)
	require.NoError(t, err)
	var again datasync.PlanFile
	require.NoError(t, json.Unmarshal(saved, &again))
	require.Equal(t, len(pf.Actions), len(again.Actions))
	require.Equal(t, incidents, sb.Spira.IncidentCount(1), "a dry-run creates no incident")
	require.Equal(t, issues, len(sb.Jira.IssueKeys()), "a dry-run creates no issue")

	code, out, errOut = runMain(t, "sync", "--dry-run", "--product", "1")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "create")
	require.Contains(t, out, "Spira → Jira")
}

func TestSyncRunsReportsAndSettles(t *testing.T) {
	sb := useSandbox(t)
	incidents := sb.Spira.IncidentCount(1)
	code, out, errOut := runMain(t, "sync", "--product", "1", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var rep datasync.Report
	require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	require.Equal(t, "success", rep.Outcome)
	require.Positive(t, rep.Counts["create"])
	require.Greater(t, sb.Spira.IncidentCount(1), incidents, "Jira's issues arrived in Spira")
	require.NotContains(t, out, sb.JiraAdmin.Token)

	code, out, errOut = runMain(t, "sync", "--product", "1", "--dry-run", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var pf datasync.PlanFile
	require.NoError(t, json.Unmarshal([]byte(out), &pf))
	require.Zero(t, datasync.Counts(pf.Actions)[datasync.KindCreate], "nothing is created twice")
}

func TestSyncExitsFourWhenItemsFail(t *testing.T) {
	sb := useSandbox(t)
	sb.Spira.FailNext("POST projects/{project_id}/incidents", 500)
	code, out, errOut := runMain(t, "sync", "--product", "1")
	require.Equal(t, ExitSyncFailed, code, errOut)
	require.Contains(t, out, "failed")
	require.Contains(t, errOut, "retried by the next run")
	code, _, errOut = runMain(t, "sync", "--product", "1")
	require.Equal(t, 0, code, errOut)
}

func TestSyncUsageMistakes(t *testing.T) {
	useSandbox(t)
	code, _, errOut := runMain(t, "sync", "--conflicts", "nobody")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, errOut, "--conflicts")
	code, _, _ = runMain(t, "sync", "-o", "csv")
	require.Equal(t, ExitUsage, code)
	code, _, errOut = runMain(t, "sync", "--mapping", filepath.Join(t.TempDir(), "missing.yaml"))
	require.Equal(t, ExitError, code)
	require.True(t, strings.Contains(errOut, "missing.yaml"), errOut)
}
