package spiratest

import (
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// eventSim has n events written through POST data-syncs/events, one a
// minute from 2026-03-01 23:55 UTC, alternating error and information; the
// i-th (1-based) has Message "event i".
func eventSim(t *testing.T, n int) (*Sim, *httptest.Server) {
	t.Helper()
	now := time.Date(2026, 3, 1, 23, 55, 0, 0, time.UTC)
	s, srv := newServer(t, WithClock(func() time.Time { return now }))
	for i := 1; i <= n; i++ {
		typ := 4
		if i%2 == 1 {
			typ = 1
		}
		code, _ := do(t, srv, s.SyncAccount(), "POST", "data-syncs/events",
			map[string]any{"EventLogEntryType": typ, "Message": "event " + strconv.Itoa(i), "Details": "details of " + strconv.Itoa(i)})
		require.Equal(t, 200, code)
		now = now.Add(time.Minute)
	}
	return s, srv
}

func searchEvents(t *testing.T, srv *httptest.Server, a Account, query string, filters any) (int, []map[string]any, string) {
	t.Helper()
	if filters == nil {
		filters = []any{}
	}
	code, body := do(t, srv, a, "POST", "system/events/search"+query, filters)
	var out []map[string]any
	if code == 200 {
		require.NoError(t, json.Unmarshal(body, &out), string(body))
	}
	return code, out, string(body)
}

func messages(evs []map[string]any) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e["Message"].(string))
	}
	return out
}

// F1: events written with POST data-syncs/events come back through the
// search with RemoteEvent2's fields, newest first when no direction is
// given.
func TestF1EventSearchReturnsWrittenEventsNewestFirst(t *testing.T) {
	s, srv := eventSim(t, 3)
	code, evs, body := searchEvents(t, srv, s.Admin(), "?starting_row=1&number_of_rows=10", nil)
	require.Equal(t, 200, code, body)
	require.Equal(t, []string{"event 3", "event 2", "event 1"}, messages(evs))
	e := evs[2]
	require.ElementsMatch(t, []string{"EventId", "Message", "Details", "EventTypeId", "EventTypeName",
		"EventCategory", "EventCode", "EventTimeUtc"}, keys(e))
	require.Equal(t, "details of 1", e["Details"])
	require.EqualValues(t, 1, e["EventTypeId"])
	require.Equal(t, "Error", e["EventTypeName"])
	require.Equal(t, "Data Synchronization", e["EventCategory"])
	require.EqualValues(t, 0, e["EventCode"])
	require.Equal(t, "2026-03-01T23:55:00.000Z", e["EventTimeUtc"])
	require.IsType(t, "", e["EventId"], "RemoteEvent2's EventId is a string")
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// F1: descending unless sort_direction is given and is not "desc".
func TestF1EventSearchSortDirection(t *testing.T) {
	s, srv := eventSim(t, 3)
	a := s.Admin()
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"event 3", "event 2", "event 1"}},
		{"&sort_direction=desc", []string{"event 3", "event 2", "event 1"}},
		{"&sort_direction=DESC", []string{"event 3", "event 2", "event 1"}},
		{"&sort_direction=asc", []string{"event 1", "event 2", "event 3"}},
		{"&sort_direction=", []string{"event 1", "event 2", "event 3"}},
		{"&sort_field=EventTimeUtc&sort_direction=ASC", []string{"event 1", "event 2", "event 3"}},
		{"&sort_field=Message&sort_direction=asc", []string{"event 1", "event 2", "event 3"}},
		{"&sort_field=", []string{"event 3", "event 2", "event 1"}},
	} {
		code, evs, body := searchEvents(t, srv, a, "?starting_row=1&number_of_rows=10"+tc.query, nil)
		require.Equal(t, 200, code, "%s: %s", tc.query, body)
		require.Equal(t, tc.want, messages(evs), tc.query)
	}
}

// F1: only system administrators read the log; anyone else gets Spira's
// AuthorizationViolation fault as a 400 with a JSON string, before the
// parameters are looked at.
func TestF1EventSearchIsForSystemAdministratorsOnly(t *testing.T) {
	s, srv := eventSim(t, 1)
	for _, q := range []string{"?starting_row=1&number_of_rows=10", ""} {
		code, _, body := searchEvents(t, srv, s.SyncAccount(), q, nil)
		require.Equal(t, 400, code, body)
		var msg string
		require.NoError(t, json.Unmarshal([]byte(body), &msg), "a JSON string: %s", body)
		require.Contains(t, msg, "not authorized")
	}
	code, _, _ := searchEvents(t, srv, Account{Login: "administrator", APIKey: "{wrong}"}, "?starting_row=1&number_of_rows=10", nil)
	require.Equal(t, 401, code, "a refused login is still a 401")
}

// F1: no GET system/events; the path is not a route, so it answers as
// every unknown path does.
func TestF1NoGetSystemEvents(t *testing.T) {
	s, srv := eventSim(t, 1)
	for _, path := range []string{"system/events", "system/events?start_row=1&number_rows=10"} {
		code, body := do(t, srv, s.Admin(), "GET", path, nil)
		require.Equal(t, 404, code, path)
		require.JSONEq(t, `"Endpoint not found."`, string(body))
	}
	code, _ := do(t, srv, s.Admin(), "GET", "system/events/search?starting_row=1&number_of_rows=10", nil)
	require.Equal(t, 405, code, "the search is POST only")
	require.Contains(t, s.Endpoints(), "POST system/events/search")
	require.NotContains(t, s.Endpoints(), "GET system/events")
}

// F1, F5: starting_row and number_of_rows are required integers (406
// naming the parameter); the old guessed names are not Spira's.
func TestF1F5EventSearchPagingParameters(t *testing.T) {
	s, srv := eventSim(t, 1)
	for q, param := range map[string]string{
		"":                                 "starting_row",
		"?number_of_rows=10":               "starting_row",
		"?starting_row=1":                  "number_of_rows",
		"?starting_row=x&number_of_rows=1": "starting_row",
		"?starting_row=1&number_of_rows=":  "number_of_rows",
		"?start_row=1&number_rows=10":      "starting_row",
	} {
		code, _, body := searchEvents(t, srv, s.Admin(), q, nil)
		require.Equal(t, 406, code, q)
		require.JSONEq(t, `"The passed in '`+param+`' needs to be an integer"`, body, q)
	}
}

// F1: at most 500 rows a call; 1-based paging; a start past the end is
// moved back so the page ends at the last row (Spira's EventManager).
func TestF1EventSearchPaging(t *testing.T) {
	s, srv := eventSim(t, 503)
	a := s.Admin()
	code, evs, _ := searchEvents(t, srv, a, "?starting_row=1&number_of_rows=1000", nil)
	require.Equal(t, 200, code)
	require.Len(t, evs, 500)
	require.Equal(t, "event 503", evs[0]["Message"])

	_, evs, _ = searchEvents(t, srv, a, "?starting_row=501&number_of_rows=500", nil)
	require.Equal(t, []string{"event 3", "event 2", "event 1"}, messages(evs))

	_, evs, _ = searchEvents(t, srv, a, "?starting_row=2&number_of_rows=2", nil)
	require.Equal(t, []string{"event 502", "event 501"}, messages(evs))

	_, evs, _ = searchEvents(t, srv, a, "?starting_row=600&number_of_rows=2", nil)
	require.Equal(t, []string{"event 2", "event 1"}, messages(evs), "past the end: the last rows again")

	_, evs, _ = searchEvents(t, srv, a, "?starting_row=0&number_of_rows=1", nil)
	require.Equal(t, []string{"event 503"}, messages(evs))
}

// F1: the documented filters.
func TestF1EventSearchFilters(t *testing.T) {
	s, srv := eventSim(t, 6) // 23:55 .. 00:00: events 1-5 on March 1, 6 on March 2
	a := s.Admin()
	str := func(v string) *string { return &v }
	num := func(v int) *int { return &v }
	for _, tc := range []struct {
		name    string
		filters []map[string]any
		want    []string
	}{
		{"type", []map[string]any{{"PropertyName": "EventTypeId", "IntValue": num(4)}}, []string{"event 6", "event 4", "event 2"}},
		{"type as a string", []map[string]any{{"PropertyName": "EventTypeId", "StringValue": str("1")}}, []string{"event 5", "event 3", "event 1"}},
		{"day", []map[string]any{{"PropertyName": "EventTimeUtc", "StringValue": str("2026-03-02")}}, []string{"event 6"}},
		{"day of a date and time", []map[string]any{{"PropertyName": "EventTimeUtc", "StringValue": str("2026-03-01T08:00:00Z")}}, []string{"event 5", "event 4", "event 3", "event 2", "event 1"}},
		{"category", []map[string]any{{"PropertyName": "EventCategory", "StringValue": str("data sync")}}, []string{"event 6", "event 5", "event 4", "event 3", "event 2", "event 1"}},
		{"other category", []map[string]any{{"PropertyName": "EventCategory", "StringValue": str("Application")}}, nil},
		{"code", []map[string]any{{"PropertyName": "EventCode", "IntValue": num(0)}}, []string{"event 6", "event 5", "event 4", "event 3", "event 2", "event 1"}},
		{"message", []map[string]any{{"PropertyName": "Message", "StringValue": str("EVENT 3")}}, []string{"event 3"}},
		{"details", []map[string]any{{"PropertyName": "Details", "StringValue": str("of 4")}}, []string{"event 4"}},
		{"all at once", []map[string]any{
			{"PropertyName": "EventTypeId", "IntValue": num(1)},
			{"PropertyName": "EventTimeUtc", "StringValue": str("2026-03-01")},
			{"PropertyName": "Message", "StringValue": str("5")},
		}, []string{"event 5"}},
	} {
		code, evs, body := searchEvents(t, srv, a, "?starting_row=1&number_of_rows=10", tc.filters)
		require.Equal(t, 200, code, "%s: %s", tc.name, body)
		require.Equal(t, tc.want, messages(evs), tc.name)
	}
}

// F2: a filter whose PropertyName is not a property of an event is
// dropped, so the search answers 200 with the unfiltered list; so is a
// value of a kind the property cannot take.
func TestF2EventSearchIgnoresUnknownFilters(t *testing.T) {
	s, srv := eventSim(t, 3)
	all := []string{"event 3", "event 2", "event 1"}
	for _, f := range []map[string]any{
		{"PropertyName": "EventType", "IntValue": 1},
		{"PropertyName": "message ", "StringValue": "event 1"},
		{"PropertyName": "Message", "IntValue": 1},
		{"PropertyName": "EventTimeUtc", "StringValue": "not a date"},
		{"PropertyName": "EventTypeId", "StringValue": "Error"},
	} {
		code, evs, body := searchEvents(t, srv, s.Admin(), "?starting_row=1&number_of_rows=10", []map[string]any{f})
		require.Equal(t, 200, code, body)
		require.Equal(t, all, messages(evs), "%v", f)
	}
}

// The body is a RemoteFilter list; one that is not JSON is refused.
func TestF1EventSearchBody(t *testing.T) {
	s, srv := eventSim(t, 1)
	code, _, _ := searchEvents(t, srv, s.Admin(), "?starting_row=1&number_of_rows=10", map[string]any{"PropertyName": "Message"})
	require.Equal(t, 400, code, "an object is not a list")
}
