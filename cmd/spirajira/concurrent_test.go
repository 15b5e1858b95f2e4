package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/spiraclient"
)

var concurrentRounds = flag.Int("concurrent.rounds", 2, "rounds of two syncs started 0-500 ms apart, per case")

// Two real sync processes started 0-500 ms apart on a fresh sandbox, on one
// state directory (the lock decides) and on two with --force (the lease in
// Spira's event log decides): afterwards both sides hold exactly what one
// run alone leaves, read through both REST APIs.
func TestTwoSyncsAtOnceDuplicateNothing(t *testing.T) {
	bin := buildBinary(t)
	ref := census(t, syncedSandbox(t, bin, nil))
	for _, sharedState := range []bool{true, false} {
		name := map[bool]string{true: "one state directory", false: "two state directories and --force"}[sharedState]
		t.Run(name, func(t *testing.T) {
			for round := range *concurrentRounds {
				got := census(t, syncedSandbox(t, bin, func(sb *sandbox.Sandbox, run func(dir string, args ...string) (string, int)) {
					dirA, dirB := t.TempDir(), t.TempDir()
					if sharedState {
						dirB = dirA
					}
					args := []string{"sync", "--product", "1"}
					if !sharedState {
						args = append(args, "--force")
					}
					delay := time.Duration(rand.IntN(500)) * time.Millisecond
					var wg sync.WaitGroup
					outs, codes := make([]string, 2), make([]int, 2)
					for i, dir := range []string{dirA, dirB} {
						wg.Add(1)
						go func() {
							defer wg.Done()
							if i == 1 {
								time.Sleep(delay)
							}
							outs[i], codes[i] = run(dir, args...)
						}()
					}
					wg.Wait()
					for i := range 2 {
						if codes[i] != 0 {
							require.Equal(t, 1, codes[i], outs[i])
							require.Contains(t, outs[i], "another spirajira run is syncing this product", "the loser says why")
						}
					}
					require.Contains(t, codes, 0, "one of them ran: %v", outs)
					t.Logf("round %d: second started %s after the first; exit codes %v", round, delay, codes)
					// Whatever the loser left undone, a run after both finishes.
					_, code := run(dirA, "sync", "--product", "1", "--force")
					require.Equal(t, 0, code)
				}))
				require.Equal(t, ref, got, "round %d", round)
			}
		})
	}
}

// syncedSandbox starts a sandbox whose services answer slowly enough for
// two runs to overlap, runs between (or one sync when nil), then a last
// sync, and returns it.
func syncedSandbox(t *testing.T, bin string, between func(*sandbox.Sandbox, func(string, ...string) (string, int))) *sandbox.Sandbox {
	sb, env := binarySandbox(t, sandbox.Options{Latency: 15 * time.Millisecond})
	run := func(stateDir string, args ...string) (string, int) { return runBinary(t, bin, env(stateDir), args...) }
	dir := t.TempDir()
	if between == nil {
		_, code := run(dir, "sync", "--product", "1")
		require.Equal(t, 0, code)
		_, code = run(dir, "sync", "--product", "1")
		require.Equal(t, 0, code)
		return sb
	}
	between(sb, run)
	return sb
}

func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NO_COLOR=") && !strings.HasPrefix(kv, "SPIRAJIRA_") {
			env = append(env, kv)
		}
	}
	return env
}

// census is what both sides hold, without IDs or times: each issue with
// its comments and remote links, each incident and requirement with its
// comments, and the mappings per Jira key.
func census(t *testing.T, sb *sandbox.Sandbox) []string {
	return censusOf(t, sb, sb.ProjectKey, sb.ProductID)
}

// censusOf is census of one Jira project and Spira product.
func censusOf(t *testing.T, sb *sandbox.Sandbox, projectKey string, productID int) []string {
	ctx := context.Background()
	jc, sc := sb.JiraCredentials(), sb.SpiraCredentials()
	j, err := jiraclient.New(jc.URL, jc.Email, jc.Token)
	require.NoError(t, err)
	s, err := spiraclient.New(sc.URL, sc.Login, sc.APIKey)
	require.NoError(t, err)
	var out []string
	req := jiraclient.SearchRequest{JQL: "project = " + projectKey + " ORDER BY key ASC", Fields: []string{"summary"}, MaxResults: 100}
	for {
		page, err := j.SearchPage(ctx, req)
		require.NoError(t, err)
		for _, is := range page.Issues {
			var summary string
			_, _ = is.Field("summary", &summary)
			n := 0
			for _, err := range j.Comments(ctx, is.Key) {
				require.NoError(t, err)
				n++
			}
			links, err := j.RemoteLinks(ctx, is.Key, "")
			require.NoError(t, err)
			out = append(out, fmt.Sprintf("issue %q comments=%d remote-links=%d", summary, n, len(links)))
		}
		if page.NextPageToken == "" || len(page.Issues) == 0 {
			break
		}
		req.NextPageToken = page.NextPageToken
	}
	for inc, err := range s.NewIncidents(ctx, productID, time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)) {
		require.NoError(t, err)
		cs, err := s.IncidentComments(ctx, productID, inc.IncidentID)
		require.NoError(t, err)
		out = append(out, fmt.Sprintf("incident %q comments=%d", inc.Name, len(cs)))
	}
	for r, err := range s.SearchRequirements(ctx, productID, nil) {
		require.NoError(t, err)
		out = append(out, fmt.Sprintf("requirement %q", r.Name))
	}
	for _, typ := range []int{1, 3} {
		ms, err := s.ArtifactMappings(ctx, productID, sb.DataSyncID, typ)
		require.NoError(t, err)
		per := map[string]int{}
		for _, m := range ms {
			per[m.ExternalKey]++
		}
		for k, n := range per {
			if n > 1 {
				out = append(out, fmt.Sprintf("artifact type %d: %s mapped %d times", typ, k, n))
			}
		}
		out = append(out, fmt.Sprintf("artifact type %d: %d mappings", typ, len(ms)))
	}
	slices.Sort(out)
	return out
}
