package doctor

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
)

func TestReportSummaryAndJSON(t *testing.T) {
	r := Report{Checks: []Check{
		{ID: "a", Title: "A", Verdict: Pass, Message: "ok", Duration: 1500 * time.Microsecond},
		{ID: "b", Title: "B", Verdict: Warn, Message: "hmm", Fix: "do x"},
		{ID: "c", Title: "C", Verdict: Skip, Message: "needs a"},
	}, Duration: 20 * time.Millisecond}
	require.False(t, r.Failed())
	require.Equal(t, "1 passed, 1 warning, 1 skipped", r.Summary())
	c, ok := r.Find("b")
	require.True(t, ok)
	require.Equal(t, "do x", c.Fix)

	b, err := json.Marshal(r)
	require.NoError(t, err)
	var got struct {
		OK     bool           `json:"ok"`
		Counts map[string]int `json:"counts"`
		Checks []struct {
			ID         string `json:"id"`
			Verdict    string `json:"verdict"`
			Fix        string `json:"fix"`
			DurationMS int64  `json:"durationMs"`
		} `json:"checks"`
		DurationMS int64 `json:"durationMs"`
	}
	require.NoError(t, json.Unmarshal(b, &got))
	require.True(t, got.OK)
	require.Equal(t, map[string]int{"pass": 1, "warn": 1, "fail": 0, "skip": 1}, got.Counts)
	require.Len(t, got.Checks, 3)
	require.Equal(t, int64(1), got.Checks[0].DurationMS)
	require.Equal(t, "do x", got.Checks[1].Fix)
	require.Equal(t, int64(20), got.DurationMS)

	r.Checks = append(r.Checks, Check{ID: "d", Verdict: Fail})
	require.True(t, r.Failed())
	require.Equal(t, "1 passed, 1 warning, 1 failed, 1 skipped", r.Summary())
}

func TestRunOneBoundsTimeAndPanics(t *testing.T) {
	slow := def{id: "slow", title: "Slow", run: func(ctx context.Context, e *env) []Check {
		block := make(chan struct{})
		<-block // never answers, like a site that hangs
		return nil
	}}
	out := runOne(context.Background(), &env{}, slow, 50*time.Millisecond)
	require.Len(t, out, 1)
	require.Equal(t, Fail, out[0].Verdict)
	require.Equal(t, "slow", out[0].ID)
	require.Contains(t, out[0].Message, "no answer within 50ms")
	require.NotEmpty(t, out[0].Fix)

	crash := def{id: "crash", title: "Crash", run: func(ctx context.Context, e *env) []Check { panic("boom") }}
	// A bound far longer than the panic takes, so only the panic can end it.
	out = runOne(context.Background(), &env{}, crash, time.Hour)
	require.Equal(t, Fail, out[0].Verdict)
	require.Contains(t, out[0].Message, "boom")
}

func TestVersionCompare(t *testing.T) {
	patch := 1
	tests := []struct {
		v    spiraclient.RemoteVersion
		want string
		old  bool
	}{
		{spiraclient.RemoteVersion{Version: "6.3.0.1"}, "6.3.0.1", false},
		{spiraclient.RemoteVersion{Version: "6.3.0.0"}, "6.3.0.0", true},
		{spiraclient.RemoteVersion{Version: "6.3", Patch: &patch}, "6.3.0.1", false},
		{spiraclient.RemoteVersion{Version: "6.2.9.9"}, "6.2.9.9", true},
		{spiraclient.RemoteVersion{Version: "7.0"}, "7.0", false},
		{spiraclient.RemoteVersion{Version: "8.1.0.2"}, "8.1.0.2", false},
	}
	for _, tt := range tests {
		got, err := parseVersion(&tt.v)
		require.NoError(t, err)
		require.Equal(t, tt.want, joinVersion(got))
		require.Equal(t, tt.old, versionLess(got, []int{6, 3, 0, 1}), tt.v.Version)
	}
	_, err := parseVersion(&spiraclient.RemoteVersion{Version: "v7-beta"})
	require.Error(t, err)
}

func TestSameSite(t *testing.T) {
	require.True(t, sameSite("https://Lib.atlassian.net/", "https://lib.atlassian.net"))
	require.False(t, sameSite("https://other.atlassian.net", "https://lib.atlassian.net"))
	require.True(t, sameSite("https://api.atlassian.com/ex/jira/abc", "https://api.atlassian.com/ex/jira/abc/"))
	require.False(t, sameSite("https://api.atlassian.com/ex/jira/abc", "https://api.atlassian.com/ex/jira/def"))
}

func TestParseJiraTime(t *testing.T) {
	got, err := parseJiraTime("2026-01-02T03:04:05.678+0100")
	require.NoError(t, err)
	require.Equal(t, time.Date(2026, 1, 2, 2, 4, 5, 678e6, time.UTC), got.UTC())
	_, err = parseJiraTime("yesterday")
	require.Error(t, err)
	require.True(t, strings.HasPrefix(describeSkew(90*time.Second), "Jira's clock is 1m30s behind"))
	require.True(t, strings.HasPrefix(describeSkew(-2*time.Hour), "Jira's clock is 2h0m0s ahead"))
	require.Equal(t, "Jira's and Spira's clocks agree", describeSkew(300*time.Millisecond))
}

func TestIDsAreUniqueAndStable(t *testing.T) {
	ids := IDs()
	seen := map[string]bool{}
	for _, id := range ids {
		require.False(t, seen[id], id)
		seen[id] = true
	}
	require.Equal(t, "jira.site", ids[0])
	require.Contains(t, ids, "spira.cors")
}
