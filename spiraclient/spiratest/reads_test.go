package spiratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// searchIDs posts filters to a search and returns the status and the IDs
// of the artifacts answered, under idField.
func searchIDs(t *testing.T, srv *httptest.Server, a Account, path, idField string, filters any) (int, []int) {
	t.Helper()
	method := "POST"
	if filters == nil {
		method = "GET"
	}
	code, body := do(t, srv, a, method, path, filters)
	if code != 200 {
		return code, nil
	}
	var rows []map[string]any
	require.NoError(t, json.Unmarshal(body, &rows), string(body))
	ids := []int{}
	for _, r := range rows {
		ids = append(ids, int(r[idField].(float64)))
	}
	return code, ids
}

const (
	incSearch = "projects/%d/incidents/search?start_row=1&number_rows=500"
	reqSearch = "projects/%d/requirements/search?starting_row=1&number_of_rows=500"
	relSearch = "projects/%d/releases/search?start_row=1&number_rows=500"
)

// F2: a filter whose PropertyName is no field of the artifact is dropped:
// 200 with everything, on a full product and an empty one. StatusId is not
// the requirement status filter (RequirementStatusId is), and ComponentId
// not an incident one (ComponentIds is). WithStrictFilters refuses them.
func TestF2UnknownFilterNamesAreIgnored(t *testing.T) {
	_, srv, a := adminServer(t)
	for _, k := range []struct{ path, id, bad string }{
		{incSearch, "IncidentId", "NoSuchField"},
		{incSearch, "IncidentId", "ComponentId"},
		{reqSearch, "RequirementId", "NoSuchField"},
		{reqSearch, "RequirementId", "StatusId"},
		{relSearch, "ReleaseId", "NoSuchField"},
	} {
		for _, pid := range []int{1, 2} {
			path := fmt.Sprintf(k.path, pid)
			_, all := searchIDs(t, srv, a, path, k.id, []any{})
			code, got := searchIDs(t, srv, a, path, k.id, []map[string]any{{"PropertyName": k.bad, "IntValue": 3}})
			require.Equal(t, 200, code, path)
			require.Equal(t, all, got, "%s %s: ignored, so everything", path, k.bad)
		}
	}

	_, got := searchIDs(t, srv, a, fmt.Sprintf(reqSearch, 1), "RequirementId", []map[string]any{{"PropertyName": "RequirementStatusId", "IntValue": 3}})
	require.Equal(t, []int{2}, got, "RequirementStatusId filters by StatusId")
	_, got = searchIDs(t, srv, a, fmt.Sprintf(incSearch, 1), "IncidentId", []map[string]any{{"PropertyName": "ComponentIds", "IntValue": 3}})
	require.Equal(t, []int{4, 8}, got)

	strict := New(WithStrictFilters())
	ssrv := httptest.NewServer(strict)
	defer ssrv.Close()
	code, body := do(t, ssrv, strict.Admin(), "POST", fmt.Sprintf(reqSearch, 2), []map[string]any{{"PropertyName": "StatusId", "IntValue": 3}})
	require.Equal(t, 400, code)
	require.Contains(t, string(body), "StatusId")
}

// F3: a Name StringValue is split into keywords (a quoted phrase is one),
// each of which must occur in the Name or the Description; a product
// setting leaves the Description out. Other strings match as substrings.
func TestF3NameFilterIsAKeywordSearchOverNameAndDescription(t *testing.T) {
	s, srv, a := adminServer(t)
	// Incident 1: "Renewal fails for items with a pending hold", described
	// "Renewing an item that has a hold returns a server error ...".
	name := func(v string) []map[string]any { return []map[string]any{{"PropertyName": "Name", "StringValue": v}} }
	path := fmt.Sprintf(incSearch, 1)
	for text, want := range map[string][]int{
		"hold SERVER":             {1},
		`"pending hold"`:          {1},
		`"hold pending"`:          {},
		"renewal kiosk":           {},
		"Renewal fails for items": {1},
	} {
		_, got := searchIDs(t, srv, a, path, "IncidentId", name(text))
		require.Equal(t, want, got, text)
	}
	s.SetNameSearchDescription(1, false)
	_, got := searchIDs(t, srv, a, path, "IncidentId", name("hold server"))
	require.Empty(t, got, "server is only in the description")
	_, got = searchIDs(t, srv, a, path, "IncidentId", name("pending hold"))
	require.Equal(t, []int{1}, got)

	_, got = searchIDs(t, srv, a, fmt.Sprintf(relSearch, 1), "ReleaseId", []map[string]any{{"PropertyName": "VersionNumber", "StringValue": "1.0 1"}})
	require.Empty(t, got, "a VersionNumber is matched as one substring, not keywords")
}

// F4: v6's incident search sorts ascending whatever the direction word;
// WithIncidentSortDirection stands for a v7 that honours it.
func TestF4IncidentSearchSortDirectionIsIgnored(t *testing.T) {
	for _, honour := range []bool{false, true} {
		var opts []Option
		if honour {
			opts = append(opts, WithIncidentSortDirection())
		}
		s := New(opts...)
		srv := httptest.NewServer(s)
		q := func(sortBy string) []int {
			_, ids := searchIDs(t, srv, s.Admin(), "projects/1/incidents/search?start_row=1&number_rows=500&sort_by="+strings.ReplaceAll(sortBy, " ", "%20"), "IncidentId", []any{})
			return ids
		}
		asc := q("LastUpdateDate ASC")
		require.Equal(t, []int{1, 2, 3, 4, 5, 6, 7, 8}, asc)
		require.Equal(t, asc, q("LastUpdateDate"))
		desc := q("LastUpdateDate DESC")
		if honour {
			require.Equal(t, []int{8, 7, 6, 5, 4, 3, 2, 1}, desc)
		} else {
			require.Equal(t, asc, desc, "v6 appends ASC: DESC is lost")
		}
		srv.Close()
	}
}

// F5: a missing or unparsable template parameter is a 406, paging names
// are per operation, and there are no defaults.
func TestF5MissingOrMalformedParametersAnswer406(t *testing.T) {
	_, srv, a := adminServer(t)
	for _, k := range []struct {
		method, path string
		want         int
	}{
		{"GET", "projects/abc", 406},
		{"GET", "projects/1/incidents/abc", 406},
		{"GET", "projects/1/incidents/1", 200},
		{"GET", "project-templates/x/incidents/types", 406},
		{"GET", "projects/1/components", 406},
		{"GET", "projects/1/components?active_only=true", 406},
		{"GET", "projects/1/components?active_only=yes&include_deleted=false", 406},
		{"GET", "projects/1/components?active_only=TRUE&include_deleted=False", 200},
		{"GET", "users/usernames/fredbloggs", 406},
		{"GET", "users/usernames/fredbloggs?include_inactive=false", 200},
		{"GET", "projects/1/incidents/types/2/workflow/transitions?status_id=1", 406},
		{"GET", "projects/1/incidents/types/2/workflow/transitions?status_id=1&is_detector=false&isOwner=1", 406},
		{"GET", "projects/1/incidents/types/2/workflow/transitions?status_id=1&is_detector=false&isOwner=false", 200},
		{"GET", "project-templates/1/incidents/types/2/workflow/fields", 406},
		{"GET", "project-templates/1/custom-properties/NoSuchType", 406},
		{"GET", "project-templates/1/custom-properties/Incident", 200},
		{"GET", "projects/1/incidents/search", 406},
		{"GET", "projects/1/incidents/search?starting_row=1&number_of_rows=10", 406},
		{"GET", "projects/1/incidents/search?start_row=1&number_rows=ten", 406},
		{"GET", "projects/1/incidents/search?start_row=1&number_rows=10", 200},
		{"POST", "projects/1/incidents/search?start_row=1", 406},
		{"GET", "projects/1/incidents/recent?start_row=1&number_rows=10", 406},
		{"GET", "projects/1/requirements", 406},
		{"GET", "projects/1/requirements?start_row=1&number_rows=10", 406},
		{"GET", "projects/1/requirements?starting_row=1&number_of_rows=10", 200},
		{"POST", "projects/1/requirements/search?start_row=1&number_rows=10", 406},
		{"POST", "projects/1/releases/search?starting_row=1&number_of_rows=10", 406},
		{"POST", "projects/1/releases/search?start_row=1&number_rows=10", 200},
	} {
		var body any
		if k.method == "POST" {
			body = []any{}
		}
		code, b := do(t, srv, a, k.method, k.path, body)
		require.Equal(t, k.want, code, "%s %s: %s", k.method, k.path, b)
		if k.want == 406 {
			require.Contains(t, string(b), "The passed in '", k.path)
		}
	}
}

// F6: incidents/recent takes creation_date exactly as
// yyyy-MM-ddTHH:mm:ss.fff (UTC, no zone) and compares it with the time,
// inclusive; a DateRangeValue filter without ConsiderTimes compares dates.
func TestF6RecentTakesOneDateFormatAndComparesTimes(t *testing.T) {
	_, srv, a := adminServer(t)
	recent := func(date string) (int, []int) {
		return searchIDs(t, srv, a, "projects/1/incidents/recent?start_row=1&number_rows=500&creation_date="+date, "IncidentId", nil)
	}
	for _, bad := range []string{"", "2025-10-02", "2025-10-02T09:00:00", "2025-10-02T09:00:00Z", "2025-10-02T09:00:00.000Z",
		"2025-10-02T09:00:00.000%2B00:00", "2025-10-02T09:00:00.0000", "2025-10-02%2009:00:00.000"} {
		code, _ := recent(bad)
		require.Equal(t, 406, code, bad)
	}
	// Incident 3 was created 2025-10-02T09:00:00.000Z.
	code, got := recent("2025-10-02T09:00:00.000")
	require.Equal(t, 200, code)
	require.Equal(t, []int{3, 4, 5, 6, 7, 8}, got, "inclusive, oldest first")
	_, got = recent("2025-10-02T09:00:00.001")
	require.Equal(t, []int{4, 5, 6, 7, 8}, got, "times are compared")

	window := func(considerTimes *bool) []int {
		f := map[string]any{"PropertyName": "CreationDate", "DateRangeValue": map[string]any{"StartDate": "2025-10-02T23:00:00.000Z"}}
		if considerTimes != nil {
			f["DateRangeValue"].(map[string]any)["ConsiderTimes"] = *considerTimes
		}
		_, ids := searchIDs(t, srv, a, fmt.Sprintf(incSearch, 1), "IncidentId", []any{f})
		return ids
	}
	yes := true
	require.Equal(t, []int{3, 4, 5, 6, 7, 8}, window(nil), "without ConsiderTimes: the same day counts")
	require.Equal(t, []int{4, 5, 6, 7, 8}, window(&yes))
}

// F16: the service path matches in any case, as IIS and WCF do; outside
// it the web server answers.
func TestF16ServicePathMatchesInAnyCase(t *testing.T) {
	_, srv, a := adminServer(t)
	for _, prefix := range []string{"/Services/v7_0/RestService.svc/", "/services/v7_0/RestService.svc/", "/Services/v7_0/Restservice.svc/", "/SERVICES/V7_0/RESTSERVICE.SVC/"} {
		req, err := http.NewRequest("GET", srv.URL+prefix+"projects/1", nil)
		require.NoError(t, err)
		a.Authorize(req)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode, prefix)
	}
	resp, err := http.Get(srv.URL + "/services/v7_0/RestService.svc/no/such/route")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 404, resp.StatusCode)
	require.Contains(t, resp.Header.Get("Content-Type"), "json", "WCF's answer, not the web server's")
}

// F17: request dates are read by Newtonsoft's ISO parser (Z, ±HH:mm,
// ±HHmm, ±HH, up to seven fractional digits, none read as UTC); replies are
// always yyyy-MM-ddTHH:mm:ss.fffZ.
func TestF17BodyDatesTakeEveryNewtonsoftZone(t *testing.T) {
	_, srv, a := adminServer(t)
	for sent, stored := range map[string]string{
		"2024-01-02T03:04:05.000000+0000":  "2024-01-02T03:04:05.000Z",
		"2024-01-02T03:04:05+01":           "2024-01-02T02:04:05.000Z",
		"2024-01-02T03:04:05.1234567-0130": "2024-01-02T04:34:05.123Z",
		"2024-01-02T03:04:05.5+05:00":      "2024-01-01T22:04:05.500Z",
		"2024-01-02T03:04:05":              "2024-01-02T03:04:05.000Z",
		"2024-01-02T03:04:05Z":             "2024-01-02T03:04:05.000Z",
	} {
		code, body := do(t, srv, a, "POST", "projects/1/incidents/1/comments", []map[string]any{{"Text": "dated", "CreationDate": sent}})
		require.Equal(t, 200, code, "%s: %s", sent, body)
		require.Contains(t, string(body), `"CreationDate":"`+stored+`"`, sent)
	}
	for _, bad := range []string{"2024-01-02T03:04:05.123456789Z", "2024-01-02T03:04:05+1", "02/01/2024 03:04"} {
		code, _ := do(t, srv, a, "POST", "projects/1/incidents/1/comments", []map[string]any{{"Text": "dated", "CreationDate": bad}})
		require.Equal(t, 400, code, bad)
	}
}

// F23: the bare releases and users/all forms are answered, and the forms
// Inflectra's v7 clients send are honoured; WithRequiredListParams stands
// for a v7 that requires them, WithV6ListParams for v6, which has none.
func TestF23ListParametersOfReleasesAndUsers(t *testing.T) {
	for _, mode := range []string{"default", "required", "v6"} {
		var opts []Option
		switch mode {
		case "required":
			opts = append(opts, WithRequiredListParams())
		case "v6":
			opts = append(opts, WithV6ListParams())
		}
		s := New(opts...)
		srv := httptest.NewServer(s)
		a := s.Admin()
		_, all := searchIDs(t, srv, a, "projects/1/releases?active_only=false", "ReleaseId", nil)
		_, active := searchIDs(t, srv, a, "projects/1/releases?active_only=true", "ReleaseId", nil)
		_, users := searchIDs(t, srv, a, "users/all?include_inactive=true&start_row=1&number_rows=500", "UserId", nil)
		_, two := searchIDs(t, srv, a, "users/all?include_inactive=true&start_row=2&number_rows=2", "UserId", nil)
		if mode == "v6" {
			require.Equal(t, all, active, "v6 ignores active_only")
			require.Equal(t, users, two, "v6 ignores the paging")
		} else {
			require.Less(t, len(active), len(all), mode)
			require.Equal(t, users[1:3], two, mode)
		}
		for _, bare := range []string{"projects/1/releases", "users/all", "users/all?include_inactive=true"} {
			code, _ := do(t, srv, a, "GET", bare, nil)
			if mode == "required" {
				require.Equal(t, 406, code, bare)
			} else {
				require.Equal(t, 200, code, "%s %s", mode, bare)
			}
		}
		code, _ := do(t, srv, a, "GET", "projects/1/releases?active_only=maybe", nil)
		if mode == "v6" {
			require.Equal(t, 200, code)
		} else {
			require.Equal(t, 406, code)
		}
		srv.Close()
	}
}

// F26: at most 500 rows a call, the documented cap; the v6 incident
// searches have none, which WithUncappedIncidentSearch stands for.
func TestF26AtMost500RowsACall(t *testing.T) {
	for _, uncapped := range []bool{false, true} {
		var opts []Option
		if uncapped {
			opts = append(opts, WithUncappedIncidentSearch())
		}
		s := New(opts...)
		s.mu.Lock()
		for i := 0; i < 600; i++ {
			x := *s.st.incidents[1][0]
			x.IncidentId = ip(s.st.nextID("incident"))
			s.st.incidents[1] = append(s.st.incidents[1], &x)
		}
		total := len(s.st.incidents[1])
		s.mu.Unlock()
		srv := httptest.NewServer(s)
		a := s.Admin()
		_, got := searchIDs(t, srv, a, "projects/1/incidents/search?start_row=1&number_rows=1000", "IncidentId", []any{})
		_, recent := searchIDs(t, srv, a, "projects/1/incidents/recent?start_row=1&number_rows=1000&creation_date=2000-01-01T00:00:00.000", "IncidentId", nil)
		_, reqs := searchIDs(t, srv, a, "projects/1/requirements?starting_row=1&number_of_rows=1000", "RequirementId", nil)
		if uncapped {
			require.Len(t, got, total)
			require.Len(t, recent, total)
		} else {
			require.Len(t, got, 500)
			require.Len(t, recent, 500)
		}
		require.NotEmpty(t, reqs)
		_, rest := searchIDs(t, srv, a, "projects/1/incidents/search?start_row=501&number_rows=500", "IncidentId", []any{})
		require.Len(t, rest, total-500)
		srv.Close()
	}
}
