package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/datasync"
	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// runCost is what one run asked of each service, per endpoint (method and
// route pattern, as the simulators count them).
type runCost struct{ jira, spira map[string]int }

func (c runCost) total() int {
	n := 0
	for _, v := range c.jira {
		n += v
	}
	for _, v := range c.spira {
		n += v
	}
	return n
}

// table lists the endpoints, most asked first, and the total.
func (c runCost) table() string {
	var b strings.Builder
	for _, side := range []struct {
		name string
		m    map[string]int
	}{{"jira", c.jira}, {"spira", c.spira}} {
		keys := slices.Sorted(maps.Keys(side.m))
		slices.SortStableFunc(keys, func(a, b string) int { return side.m[b] - side.m[a] })
		for _, k := range keys {
			fmt.Fprintf(&b, "%-5s %3d  %s\n", side.name, side.m[k], strings.Replace(k, spiratest.ServicePath, "", 1))
		}
	}
	fmt.Fprintf(&b, "total %3d\n", c.total())
	return b.String()
}

// noChangeRun starts the sandbox with factor times its issues and
// incidents, syncs until a run plans no write, and returns what the next
// run, which finds nothing to do, costs.
func noChangeRun(tb testing.TB, factor int) runCost {
	tb.Helper()
	sb := sandboxProfile(tb, sandbox.Options{})
	growSandbox(tb, sb, factor)

	sync := func() datasync.Report {
		out, errOut := &strings.Builder{}, &strings.Builder{}
		code := Main(context.Background(), []string{"sync", "--product", "1", "-o", "json"}, TestIO(strings.NewReader(""), out, errOut))
		require.Equal(tb, 0, code, errOut.String())
		var rep datasync.Report
		require.NoError(tb, json.Unmarshal([]byte(out.String()), &rep), out.String())
		return rep
	}
	first := sync()
	require.Positive(tb, first.Done(datasync.KindCreate), "the first run syncs the project")
	for run := 2; ; run++ {
		sb.Jira.ResetRequests()
		sb.Spira.ResetRequests()
		rep := sync()
		writes := 0
		for _, k := range []datasync.Kind{datasync.KindCreate, datasync.KindUpdate, datasync.KindTransition, datasync.KindLink} {
			writes += rep.Done(k)
		}
		if writes == 0 {
			return runCost{jira: sb.Jira.Requests(), spira: sb.Spira.Requests()}
		}
		require.Less(tb, run, 4, "runs after the first still write: %+v", rep.Counts)
	}
}

// growSandbox adds (factor-1) times the sandbox's Jira issues and Spira
// incidents, new and unlinked, each with a comment.
func growSandbox(tb testing.TB, sb *sandbox.Sandbox, factor int) {
	tb.Helper()
	if factor <= 1 {
		return
	}
	creds := sb.SpiraCredentials()
	sc, err := spiraclient.New(creds.URL, creds.Login, creds.APIKey)
	require.NoError(tb, err)
	issues, incidents := len(sb.Jira.IssueKeys()), sb.Spira.IncidentCount(sb.ProductID)
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range (factor - 1) * issues {
			if _, err := sb.Jira.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: fmt.Sprintf("Grown issue %04d", i)}); err != nil {
				errs <- err
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := range (factor - 1) * incidents {
			inc, err := sc.CreateIncident(context.Background(), sb.ProductID, spiraclient.RemoteIncident{Name: fmt.Sprintf("Grown incident %04d", i),
				Description: "<p>Found in testing.</p>", IncidentTypeID: 2, IncidentStatusID: 2, PriorityID: 1 + i%4, SeverityID: 2, OpenerID: 4})
			if err == nil {
				_, err = sc.AddIncidentComments(context.Background(), sb.ProductID, inc.IncidentID, []spiraclient.RemoteComment{{Text: "<p>a note</p>"}})
			}
			if err != nil {
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(tb, err)
	}
	require.Equal(tb, factor*issues, len(sb.Jira.IssueKeys()))
	require.Equal(tb, factor*incidents, sb.Spira.IncidentCount(sb.ProductID))
}

// A run that finds nothing to do costs the same on a project ten times
// as large, reads each list once and nothing only a write needs.
func TestNoChangeRunCostsTheSameOnATenfoldProject(t *testing.T) {
	small := noChangeRun(t, 1)
	large := noChangeRun(t, 10)
	require.Equal(t, small.jira, large.jira, "Jira, per endpoint:\n%s\n%s", small.table(), large.table())
	require.Equal(t, small.spira, large.spira, "Spira, per endpoint:\n%s\n%s", small.table(), large.table())

	for route, n := range small.spira {
		if strings.HasSuffix(route, "/workflow/fields") {
			t.Errorf("%s read %d times: the workflow's field states are Validate's, not the sync's", route, n)
		}
	}
	// The standing same-name proposals are read again each run, their
	// details are not: nothing of them is written until they are accepted.
	for _, route := range []string{"GET " + spiratest.ServicePath + "projects/{project_id}/incidents/{incident_id}/comments",
		"GET " + spiratest.ServicePath + "projects/{project_id}/requirements/{requirement_id}/comments",
		"GET " + spiratest.ServicePath + "projects/{project_id}/associations/{artifact_type_id}/{artifact_id}",
		"GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}", "GET /rest/api/3/user/search",
		"GET /rest/api/3/attachment/meta"} {
		require.Zero(t, small.spira[route]+small.jira[route], "%s: only a write needs it\n%s", route, small.table())
	}
	onePerRun := []string{"projects/{project_id}", "projects/{project_id}/releases", "projects/{project_id}/components",
		"projects/{project_id}/users", "users", "project-templates/{project_template_id}/incidents/statuses",
		"project-templates/{project_template_id}/incidents/types", "project-templates/{project_template_id}/custom-properties/{artifact_type_name}",
		"projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}"}
	perArtifact := map[string]int{"project-templates/{project_template_id}/custom-properties/{artifact_type_name}": 2,
		"projects/{project_id}/data-mappings/{data_sync_system_id}/artifacts/{artifact_type_id}": 3}
	for _, route := range onePerRun {
		require.Equal(t, max(1, perArtifact[route]), small.spira["GET "+spiratest.ServicePath+route], "GET %s, once per run (per artifact type)\n%s", route, small.table())
	}
	// Two clocks each side: the run's start and its closing sweep.
	require.Equal(t, 2, small.spira["GET "+spiratest.ServicePath+"system/settings/server-date-time"], small.table())
	require.Equal(t, 2, small.jira["GET /rest/api/3/serverInfo"], small.table())
}

// BenchmarkNoChangeRun prints the requests of a sync run that finds
// nothing to do, per endpoint, on the sandbox and on a project ten times
// as large: go test ./internal/cli/ -run '^$' -bench NoChangeRun -benchtime 1x
func BenchmarkNoChangeRun(b *testing.B) {
	for _, factor := range []int{1, 10} {
		b.Run(fmt.Sprintf("x%d", factor), func(b *testing.B) {
			var c runCost
			for range b.N {
				c = noChangeRun(b, factor)
			}
			b.ReportMetric(float64(c.total()), "requests")
			b.Logf("no-change run, sandbox x%d:\n%s", factor, c.table())
		})
	}
}
