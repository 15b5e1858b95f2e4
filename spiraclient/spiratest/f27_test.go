package spiratest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// F27: what already agreed with Spira stays so. Checked elsewhere: the
// 500-row cap (TestF26AtMost500RowsACall), the API key's braces
// (TestAuthFailures), incidents/recent comparing times and filters without
// ConsiderTimes comparing days (TestF6RecentTakesOneDateFormatAndComparesTimes),
// replies written ...fffZ (TestDatesAreISOUTCWithMilliseconds), 405 and 404
// (TestUnknownPathsAnswerAsTheirLayerDoes). The rest is here.
func TestF27WhatAlreadyMatchesStaysSo(t *testing.T) {
	s, srv, a := adminServer(t)

	// A stale ConcurrencyDate is a 409.
	_, body := do(t, srv, a, "GET", "projects/1/incidents/1", nil)
	var inc map[string]any
	require.NoError(t, json.Unmarshal(body, &inc))
	inc["ConcurrencyDate"] = "2001-01-01T00:00:00.000Z"
	code, _ := do(t, srv, a, "PUT", "projects/1/incidents/1", inc)
	require.Equal(t, 409, code)

	// The ValidationFaultMessage shape.
	code, body = do(t, srv, a, "POST", "projects/1/incidents", map[string]any{"Name": " "})
	require.Equal(t, 400, code)
	var fault struct {
		Summary  string
		Messages []struct{ FieldName, Message string }
	}
	require.NoError(t, json.Unmarshal(body, &fault))
	require.NotEmpty(t, fault.Summary)
	require.Equal(t, "Name", fault.Messages[0].FieldName)

	// Basic authentication.
	req, err := http.NewRequest("GET", srv.URL+ServicePath+"users", nil)
	require.NoError(t, err)
	req.SetBasicAuth(a.Login, a.APIKey)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)

	// GET data-syncs lists the active records only; an unknown one is 404;
	// a create with an existing Name answers the existing record.
	_, body = do(t, srv, a, "GET", "data-syncs", nil)
	var syncs []struct {
		DataSyncSystemId int
		IsActive         bool
	}
	require.NoError(t, json.Unmarshal(body, &syncs))
	require.NotEmpty(t, syncs)
	for _, d := range syncs {
		require.True(t, d.IsActive, d.DataSyncSystemId)
	}
	code, _ = do(t, srv, a, "GET", "data-syncs/999", nil)
	require.Equal(t, 404, code)
	code, body = do(t, srv, a, "POST", "data-syncs", map[string]any{"Name": "JiraDataSync", "ConnectionString": "https://x.atlassian.net"})
	require.Equal(t, 200, code, string(body))
	require.Contains(t, string(body), `"DataSyncSystemId":1`)

	// A status sent on create is applied (Status Bulk Edit on).
	code, body = do(t, srv, a, "POST", "projects/1/incidents", map[string]any{"Name": "with a status", "IncidentStatusId": 2})
	require.Equal(t, 200, code, string(body))
	var created struct{ IncidentId int }
	require.NoError(t, json.Unmarshal(body, &created))
	_, body = do(t, srv, a, "GET", "projects/1/incidents/"+itoaT(created.IncidentId), nil)
	require.Contains(t, string(body), `"IncidentStatusId":2`)

	// 401 for a non-member and for a non-administrator on an admin call.
	outsider := s.account(5)
	code, _ = do(t, srv, outsider, "GET", "projects/2", nil)
	require.Equal(t, 401, code)
	code, _ = do(t, srv, s.SyncAccount(), "GET", "users/all?include_inactive=true&start_row=1&number_rows=10", nil)
	require.Equal(t, 401, code)
}

func itoaT(n int) string { return strconv.Itoa(n) }
