package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/internal/sandbox"
)

func useTwoProducts(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	return sandboxProfile(t, sandbox.Options{SecondProduct: true})
}

type allOutput struct {
	DryRun   bool
	Products []struct {
		ProductID   int
		JiraProject string
		Plan        *datasync.PlanFile
		Report      *datasync.Report
		Error       string
	}
}

func keysOf(sb *sandbox.Sandbox, project string) int {
	n := 0
	for _, k := range sb.Jira.IssueKeys() {
		if strings.HasPrefix(k, project+"-") {
			n++
		}
	}
	return n
}

func TestSyncAllPlansAndRunsEveryProduct(t *testing.T) {
	sb := useTwoProducts(t)
	code, out, errOut := runMain(t, "sync", "--all", "--dry-run", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var plan allOutput
	require.NoError(t, json.Unmarshal([]byte(out), &plan), out)
	require.True(t, plan.DryRun)
	require.Len(t, plan.Products, 2)
	for i, want := range []struct {
		id  int
		key string
	}{{1, "LIB"}, {sandbox.SecondProductID, sandbox.SecondProjectKey}} {
		p := plan.Products[i]
		require.Equal(t, want.id, p.ProductID)
		require.Equal(t, want.key, p.JiraProject)
		require.Empty(t, p.Error)
		require.NotNil(t, p.Plan)
		require.Positive(t, datasync.Counts(p.Plan.Actions)[datasync.KindCreate], "product %d plans creates", want.id)
	}
	require.Zero(t, keysOf(sb, sandbox.SecondProjectKey), "a dry-run writes nothing")

	code, out, errOut = runMain(t, "sync", "--all")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "PRODUCT")
	require.Regexp(t, `1 Library Information System\s+LIB\s+synced`, out)
	require.Regexp(t, `2 Sample Empty Product 1\s+ARC\s+synced`, out)
	require.Equal(t, 2, keysOf(sb, sandbox.SecondProjectKey), "the second product's incidents reached its Jira project")

	code, out, errOut = runMain(t, "sync", "--all", "--dry-run", "-o", "json")
	require.Equal(t, 0, code, errOut)
	require.NoError(t, json.Unmarshal([]byte(out), &plan), out)
	for _, p := range plan.Products {
		require.Zero(t, datasync.Counts(p.Plan.Actions)[datasync.KindCreate], "product %d: nothing is created twice", p.ProductID)
	}
}

// A product whose items fail, and one that cannot run, leave the other
// product synced; the exit code says which happened.
func TestSyncAllOneProductsFailureDoesNotStopTheOther(t *testing.T) {
	t.Run("items failed", func(t *testing.T) {
		sb := useTwoProducts(t)
		// Product 1 runs first: its first incident create fails.
		sb.Spira.FailNext("POST projects/{project_id}/incidents", 500)
		code, out, errOut := runMain(t, "sync", "--all", "-o", "json")
		require.Equal(t, ExitSyncFailed, code, errOut)
		var rep allOutput
		require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
		require.Len(t, rep.Products, 2)
		require.NotEmpty(t, rep.Products[0].Report.Failures)
		require.Empty(t, rep.Products[1].Report.Failures)
		require.Equal(t, 2, keysOf(sb, sandbox.SecondProjectKey))
	})
	t.Run("could not run", func(t *testing.T) {
		sb := useTwoProducts(t)
		// Product 1 is mapped to a Jira project that does not exist.
		sb.Spira.SetProjectMapping(sandbox.DataSyncID, 1, "NOPE", true)
		code, out, errOut := runMain(t, "sync", "--all")
		require.Equal(t, ExitError, code, errOut)
		require.Regexp(t, `NOPE\s+could not run`, out)
		require.Regexp(t, `ARC\s+synced`, out)
		require.Contains(t, errOut, "1 of 2 products could not finish")
		require.Equal(t, 2, keysOf(sb, sandbox.SecondProjectKey))
	})
}

func TestSyncAllFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--all", "--product", "1"}, "does not go with --product"},
		{[]string{"--all", "--mapping", "m.yaml"}, "does not go with --all"},
		{[]string{"--every", "5m"}, "--every needs --all or --product"},
		{[]string{"--all", "--every", "5m", "--dry-run"}, "--dry-run plans once"},
		{[]string{"--all", "--every", "5m", "--log-format", "xml"}, "text or json"},
	} {
		code, _, errOut := runMain(t, append([]string{"sync"}, tc.args...)...)
		require.Equal(t, ExitUsage, code, "%v: %s", tc.args, errOut)
		require.Contains(t, errOut, tc.want, tc.args)
	}
}

// cancelOnWrite cancels a context once what was written holds want.
type cancelOnWrite struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	want   string
	cancel context.CancelFunc
}

func (w *cancelOnWrite) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.cancel()
	}
	return len(p), nil
}

func (w *cancelOnWrite) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// sync --product --every logs a human line per run and stops with exit
// code 0 when its context ends (main's ends on SIGINT and SIGTERM).
func TestSyncEveryOneProductLogsEachRunAndStopsOnCancel(t *testing.T) {
	useSandbox(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errOut := &cancelOnWrite{want: "run 1: product 1 (LIB)", cancel: cancel}
	out := &bytes.Buffer{}
	code := Main(ctx, []string{"sync", "--product", "1", "--every", "1h"}, TestIO(strings.NewReader(""), out, errOut))
	require.Equal(t, 0, code, errOut.String())
	require.Regexp(t, `run 1: product 1 \(LIB\): synced in \S+: create \d+`, errOut.String())
	require.Contains(t, errOut.String(), "run 1: stopped by signal")
	require.Contains(t, out.String(), "recorded in Spira", "the run's report")
}
