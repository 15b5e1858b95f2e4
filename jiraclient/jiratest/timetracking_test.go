package jiratest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTimeTrackingOnTheScreenOnly(t *testing.T) {
	e := newEnv(t)
	member := e.asUser(e.sim.NonAdmin())
	key := createBug(t, member, map[string]any{"timetracking": map[string]any{"originalEstimate": "1w 3h 30m"}})
	is := member.getOK("/rest/api/3/issue/" + key + "?fields=timetracking")
	tt := is["fields"].(map[string]any)["timetracking"].(map[string]any)
	require.Equal(t, "1w 3h 30m", tt["originalEstimate"])
	require.Equal(t, float64(40*3600+3*3600+1800), tt["originalEstimateSeconds"])
	require.Equal(t, "1w 3h 30m", tt["remainingEstimate"], "an original estimate without a remaining one sets both")
	require.NotContains(t, tt, "timeSpent")

	r := member.do(http.MethodPut, "/rest/api/3/issue/"+key, map[string]any{"fields": map[string]any{
		"timetracking": map[string]any{"remainingEstimate": "2d"}}})
	require.Equal(t, http.StatusNoContent, r.status, string(r.body))
	tt = member.getOK("/rest/api/3/issue/" + key + "?fields=timetracking")["fields"].(map[string]any)["timetracking"].(map[string]any)
	require.Equal(t, "2d", tt["remainingEstimate"])
	require.Equal(t, "1w 3h 30m", tt["originalEstimate"])

	for _, bad := range []map[string]any{{"originalEstimate": "soon"}, {"remainingEstimate": "3x"}, {"timeSpent": "1h"}} {
		r = member.do(http.MethodPut, "/rest/api/3/issue/"+key, map[string]any{"fields": map[string]any{"timetracking": bad}})
		require.Equal(t, http.StatusBadRequest, r.status, "%v: %s", bad, r.body)
		require.Contains(t, r.json(t)["errors"], "timetracking")
	}

	// The epic's screens lack it: not returned, and refused on an edit.
	epic := member.getOK("/rest/api/3/issue/LIB-1?fields=timetracking,summary")
	require.NotContains(t, epic["fields"], "timetracking")
	r = member.do(http.MethodPut, "/rest/api/3/issue/LIB-1", map[string]any{"fields": map[string]any{
		"timetracking": map[string]any{"originalEstimate": "1h"}}})
	require.Equal(t, http.StatusBadRequest, r.status)
	require.Contains(t, string(r.body), "It is not on the appropriate screen")

	meta := member.getOK("/rest/api/3/issue/createmeta/LIB/issuetypes/10000")
	require.NotContains(t, names(values(t, meta, "fields"), "fieldId"), "timetracking")
	meta = member.getOK("/rest/api/3/issue/createmeta/LIB/issuetypes/10003")
	require.Contains(t, names(values(t, meta, "fields"), "fieldId"), "timetracking")
}

func TestLabelWithASpaceIsRefused(t *testing.T) {
	e := newEnv(t)
	member := e.asUser(e.sim.NonAdmin())
	key := createBug(t, member, nil)
	r := member.do(http.MethodPut, "/rest/api/3/issue/"+key, map[string]any{"fields": map[string]any{"labels": []string{"ok", "needs review"}}})
	require.Equal(t, http.StatusBadRequest, r.status)
	require.Equal(t, map[string]any{"labels": "The label 'needs review' contains spaces which is invalid."}, r.json(t)["errors"])
}
