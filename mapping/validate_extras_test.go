package mapping_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
)

func screenProblems(t *testing.T, env *sandboxEnv, custom01, custom04 string) []mapping.Problem {
	t.Helper()
	p, lk, err := mapping.Pull(context.Background(), env.spira, env.sb.DataSyncID, env.sb.ProductID)
	require.NoError(t, err)
	p.Plugin.Custom01, p.Plugin.Custom04 = custom01, custom04
	var out []mapping.Problem
	for _, pr := range mapping.Validate(p, env.jira, lk) {
		if pr.Rule == mapping.RuleEstimateScreen || pr.Rule == mapping.RuleTimeTracking {
			out = append(out, pr)
		}
	}
	return out
}

// The sandbox's Jira has Story Points and Time tracking on every screen
// but the epic's (createmeta, and editmeta of an issue of each type).
func TestValidateChecksTheEstimateAndTimeTrackingScreens(t *testing.T) {
	env := startSandbox(t)
	require.Contains(t, env.jira.CreateScreens["10001"], "customfield_10034")
	require.Contains(t, env.jira.EditScreens["10001"], "customfield_10034", "read from a story's editmeta")

	require.Empty(t, screenProblems(t, env, "10030,10034,timetracking", "10001"), "stories have both")

	ps := screenProblems(t, env, "10030,10034", "10000,10001")
	require.Len(t, ps, 1, "%+v", ps)
	require.Equal(t, mapping.Error, ps[0].Severity)
	require.Contains(t, ps[0].Message, "not on the create and edit screen of issue type 10000 (Epic)")
	require.Contains(t, ps[0].Fix, "or enter 0 as the second of Jira Special Fields")

	ps = screenProblems(t, env, "timetracking", "10000,10001")
	require.Len(t, ps, 1, "%+v", ps)
	require.Equal(t, mapping.RuleTimeTracking, ps[0].Rule)
	require.True(t, strings.Contains(ps[0].Message, "Time tracking is not on the create and edit screen of issue type 10000 (Epic)"), ps[0].Message)

	require.Empty(t, screenProblems(t, env, "10030,0", "10000,10001"), "0 skips the estimate")
}

// A field on the create screen but not on the edit screen still fails the
// plug-in's updates: the check reads the edit screen too.
func TestValidateReadsTheEditScreens(t *testing.T) {
	env := startSandbox(t)
	env.sb.Jira.RemoveFromEditScreen("10001", "customfield_10034")
	env.sb.Jira.RemoveFromEditScreen("10003", "timetracking")
	env.rereadJira(t)
	require.Contains(t, env.jira.CreateScreens["10001"], "customfield_10034")
	require.NotContains(t, env.jira.EditScreens["10001"], "customfield_10034")

	ps := screenProblems(t, env, "10030,10034,timetracking", "10001")
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, p.Message)
	}
	require.Len(t, ps, 2, "%v", msgs)
	require.Contains(t, strings.Join(msgs, "\n"), "is not on the edit screen of issue type 10001 (Story)")
	require.Contains(t, strings.Join(msgs, "\n"), "Time tracking is not on the edit screen of issue type 10003 (Bug)")
}
