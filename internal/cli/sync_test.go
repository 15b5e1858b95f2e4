package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/internal/sandbox"
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
	require.Equal(t, len(rep.Skipped), rep.Counts["skipped"])
	require.True(t, slices.ContainsFunc(rep.Skipped, func(f datasync.Failure) bool {
		return strings.Contains(f.Reason, `issue type "Epic" has no Spira incident type`)
	}), "the sandbox's epics are reported as skipped, with why: %+v", rep.Skipped)

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

// --poll-window is the service's polling interval: a service run ten
// minutes ago stops a sync with a 30-minute window, not one with the
// default 5 minutes.
func TestSyncPollWindow(t *testing.T) {
	sb := useSandbox(t)
	p, ok := sb.Spira.PlugIn(sandbox.DataSyncID)
	require.True(t, ok)
	last := time.Now().UTC().Add(-10 * time.Minute)
	p.LastSyncDate, p.StatusID = &last, 1
	sb.Spira.SetPlugIn(p)

	code, _, errOut := runMain(t, "sync", "--product", "1", "--dry-run", "--poll-window", "30m")
	require.NotEqual(t, 0, code)
	require.Contains(t, errOut, "polling window of 30m0s")
	require.Contains(t, errOut, "--force")

	code, _, errOut = runMain(t, "sync", "--product", "1", "--dry-run")
	require.Equal(t, 0, code, errOut)

	code, _, errOut = runMain(t, "sync", "--poll-window", "0s")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, errOut, "--poll-window")
}

// On a terminal the run draws a bar with counts on one line, redrawn in
// place; off a terminal it prints no progress at all.
func TestSyncProgressOnATerminal(t *testing.T) {
	useSandbox(t)
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	ios := TestIO(strings.NewReader(""), out, errOut)
	ios.SetTTY(false, true)
	code := Main(context.Background(), []string{"sync", "--product", "1"}, ios)
	require.Equal(t, 0, code, errOut.String())
	plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(errOut.String(), "")
	lines := strings.Split(plain, "\r\033[K")
	require.Greater(t, len(lines), 2, errOut.String())
	last := strings.TrimSpace(lines[len(lines)-1])
	require.Regexp(t, `^[█#]{24} (\d+)/(\d+) `, last)
	m := regexp.MustCompile(`(\d+)/(\d+)`).FindStringSubmatch(last)
	require.Equal(t, m[1], m[2], "the last line counts every step")
	require.Regexp(t, `^[█#]*[░-]+ 1/\d+ `, lines[1], "the first step shows a bar mostly empty")
	for _, l := range lines {
		require.LessOrEqual(t, utf8.RuneCountInString(strings.TrimRight(l, "\n")), 79, "one line of an 80-column terminal: %q", l)
	}
	require.Contains(t, out.String(), "RESULT", "the report follows on stdout")

	_, _, errPlain := runMain(t, "sync", "--product", "1")
	require.NotContains(t, errPlain, "\r")
}

func TestSyncReportTableNamesSkipsAndNotes(t *testing.T) {
	rep := &datasync.Report{Outcome: "success", Counts: map[string]int{"skipped": 23},
		Notes: []string{"writing the summary to Spira's event log failed: 503"}}
	for i := range 23 {
		rep.Skipped = append(rep.Skipped, datasync.Failure{Artifact: fmt.Sprintf("new incident ↔ LIB-%d", i+1), Reason: "issue type \"Epic\" has no Spira incident type"})
	}
	var rows []string
	for _, r := range reportTable(rep).Rows {
		rows = append(rows, strings.Join(r, " | "))
	}
	all := strings.Join(rows, "\n")
	require.Contains(t, all, "skipped | 23 | ")
	require.Contains(t, all, "skipped | new incident ↔ LIB-20 | issue type")
	require.NotContains(t, all, "LIB-21 |", "a table names the first 20 skips")
	require.Contains(t, all, "skipped | 3 more | -o json lists them all")
	require.Contains(t, all, "note |  | writing the summary to Spira's event log failed: 503")
}
