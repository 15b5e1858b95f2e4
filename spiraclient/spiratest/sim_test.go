package spiratest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func do(t *testing.T, srv *httptest.Server, a Account, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, srv.URL+ServicePath+path, rd)
	require.NoError(t, err)
	a.Authorize(req)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// getAs GETs path below the server's root as a and gives the status, the
// Content-Type and the body.
func getAs(t *testing.T, srv *httptest.Server, a Account, path string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	require.NoError(t, err)
	a.Authorize(req)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// Spira's REST API has no call that writes project, field-value or custom
// property mappings; neither does the simulator.
func TestNoWriteRouteForProjectFieldOrPropertyMappings(t *testing.T) {
	s, srv, a := adminServer(t)

	row := []map[string]any{{"ProjectId": 1, "InternalId": 4, "ExternalKey": "10002", "Primary": true}}
	for _, path := range []string{
		"data-mappings/1/projects",
		"projects/1/data-mappings/1/field-values/3",
		"projects/1/data-mappings/1/artifacts/3/custom-properties/4",
		"projects/1/data-mappings/1/artifacts/3/custom-properties/4/values",
		"projects/1/data-mappings/1/projects",
		"projects/1/data-mappings/1/field-values",
		"projects/1/data-mappings/1/custom-properties/4",
	} {
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			code, _ := do(t, srv, a, method, path, row)
			require.Contains(t, []int{404, 405}, code, "%s %s", method, path)
		}
	}
	// Nothing changed.
	code, body := do(t, srv, a, "GET", "projects/1/data-mappings/1/field-values/3", nil)
	require.Equal(t, 200, code)
	require.NotContains(t, string(body), `"InternalId":4`)
	code, body = do(t, srv, a, "GET", "data-mappings/1/projects", nil)
	require.Equal(t, 200, code)
	require.Equal(t, `[{"ProjectId":1,"InternalId":1,"ExternalKey":"LIB","Primary":true}]`, string(body))

	// And no registered route writes them.
	for _, e := range s.Endpoints() {
		m, p, _ := strings.Cut(e, " ")
		if m == "GET" {
			continue
		}
		require.False(t, strings.HasSuffix(p, "/projects") && strings.HasPrefix(p, "data-mappings"), e)
		require.NotContains(t, p, "field-values", e)
		require.NotContains(t, p, "custom-properties/{custom_property_id}", e)
	}
}

func TestDatesAreISOUTCWithMilliseconds(t *testing.T) {
	s := New(WithClock(func() time.Time {
		return time.Date(2026, 3, 2, 21, 4, 5, 678_900_000, time.FixedZone("NZDT", 13*3600))
	}))
	srv := httptest.NewServer(s)
	defer srv.Close()
	code, body := do(t, srv, s.Admin(), "GET", "system/settings/server-date-time", nil)
	require.Equal(t, 200, code)
	require.Equal(t, `"2026-03-02T08:04:05.678Z"`, string(body))
	_, body = do(t, srv, s.Admin(), "GET", "projects/1/incidents/1", nil)
	require.Contains(t, string(body), `"CreationDate":"2025-09-24T09:00:00.000Z"`)
}

func TestAuthFailures(t *testing.T) {
	s, srv, a := adminServer(t)
	for name, mod := range map[string]func(r *http.Request){
		"nothing":   func(r *http.Request) {},
		"wrong key": func(r *http.Request) { r.Header.Set("username", a.Login); r.Header.Set("api-key", "{X}") },
		"no braces": func(r *http.Request) {
			r.Header.Set("username", a.Login)
			r.Header.Set("api-key", strings.Trim(a.APIKey, "{}"))
		},
		"wrong login": func(r *http.Request) { r.SetBasicAuth("nobody", a.APIKey) },
	} {
		req, _ := http.NewRequest("GET", srv.URL+ServicePath+"projects", nil)
		mod(req)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, 401, resp.StatusCode, name)
	}
	require.NoError(t, s.SetRSSEnabled(1, false))
	code, _ := do(t, srv, a, "GET", "projects", nil)
	require.Equal(t, 401, code, "without RSS feeds there is no API key")
	require.NoError(t, s.SetRSSEnabled(1, true))
	require.NoError(t, s.SetUserLocked(1, true))
	code, _ = do(t, srv, a, "GET", "projects", nil)
	require.Equal(t, 401, code, "a locked user cannot log in")
	require.NoError(t, s.SetUserLocked(1, false))
	code, _ = do(t, srv, a, "GET", "projects", nil)
	require.Equal(t, 200, code)
	require.NoError(t, s.SetUserActive(1, false))
	code, _ = do(t, srv, a, "GET", "projects", nil)
	require.Equal(t, 401, code, "an inactive user cannot log in")
}

func TestCORSPreflight(t *testing.T) {
	s, srv := newServer(t)
	pre := func(origin string) http.Header {
		req, _ := http.NewRequest("OPTIONS", srv.URL+ServicePath+"projects", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "GET")
		req.Header.Set("Access-Control-Request-Headers", "api-key, username")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode)
		return resp.Header
	}
	h := pre(JiraConnectorOrigin)
	require.Equal(t, JiraConnectorOrigin, h.Get("Access-Control-Allow-Origin"))
	require.Contains(t, h.Get("Access-Control-Allow-Headers"), "api-key")
	require.Empty(t, pre("https://evil.example").Get("Access-Control-Allow-Origin"))
	s.SetAllowedDomains("https://other.example")
	require.Empty(t, pre(JiraConnectorOrigin).Get("Access-Control-Allow-Origin"))
	s.SetAllowedDomains("*")
	require.Equal(t, "https://evil.example", pre("https://evil.example").Get("Access-Control-Allow-Origin"))
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	// A token comes back every 100 s, so however slowly a loaded machine
	// sends the three requests the third finds the bucket empty.
	s, srv := newServer(t, WithRateLimit(0.01, 2))
	codes := []int{}
	for i := 0; i < 3; i++ {
		code, _ := do(t, srv, s.Admin(), "GET", "projects", nil)
		codes = append(codes, code)
	}
	require.Equal(t, []int{200, 200, 429}, codes)
}

func TestFaultsAreDeterministicPerSeed(t *testing.T) {
	run := func(seed int64) []int {
		s, srv := newServer(t, WithFaults(0.3), WithSeed(seed))
		var codes []int
		for i := 0; i < 40; i++ {
			req, _ := http.NewRequest("GET", srv.URL+ServicePath+"projects", nil)
			s.Admin().Authorize(req)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				codes = append(codes, -1) // dropped connection
				continue
			}
			resp.Body.Close()
			codes = append(codes, resp.StatusCode)
		}
		return codes
	}
	a, b := run(7), run(7)
	require.Equal(t, a, b)
	failed := 0
	for _, c := range a {
		if c != 200 {
			failed++
		}
	}
	require.Greater(t, failed, 3)
	require.Less(t, failed, 25)
	require.NotEqual(t, a, run(8))
}

func TestLatencyEndsWithTheRequest(t *testing.T) {
	_, srv := newServer(t, WithLatency(time.Hour))
	c := &http.Client{Timeout: 50 * time.Millisecond}
	start := time.Now()
	_, err := c.Get(srv.URL + ServicePath + "projects")
	require.Error(t, err)
	require.Less(t, time.Since(start), 30*time.Second, "a failsafe: the latency is an hour")
}

func TestSeededMappingHasOnePrimaryPerJiraValue(t *testing.T) {
	st := seedState()
	for field, rows := range st.maps[DataSyncID].fields[ProductID] {
		primaries := map[string]int{}
		for _, r := range rows {
			// Requirement (16) and task (57) status rows may list several
			// Jira statuses: one Primary per status.
			exts := []string{r.external}
			if field == 16 || field == 57 {
				exts = strings.Split(r.external, ",")
			}
			for _, ext := range exts {
				ext = strings.TrimSpace(ext)
				if r.primary {
					primaries[ext]++
				} else if _, ok := primaries[ext]; !ok {
					primaries[ext] += 0
				}
			}
		}
		for ext, n := range primaries {
			require.Equal(t, 1, n, "field %d, Jira value %s", field, ext)
		}
	}
}

func TestStrictFieldsCatchesAMisspeltName(t *testing.T) {
	s, srv := newServer(t, WithStrictFields())
	code, body := do(t, srv, s.Admin(), "POST", "projects/1/incidents", map[string]any{"Name": "x", "IncidentStatusID": 1})
	require.Equal(t, 400, code)
	require.Contains(t, string(body), "IncidentStatusID")
	code, _ = do(t, srv, s.Admin(), "POST", "projects/1/incidents", map[string]any{"Name": "x", "IncidentStatusId": 1,
		"CustomProperties": []map[string]any{{"PropertyNumber": 3, "StringValue": "a", "Definition": map[string]any{"CustomPropertyId": 3}}}})
	require.Equal(t, 200, code)
	code, _ = do(t, srv, s.Admin(), "POST", "projects/1/incidents", map[string]any{"Name": "x",
		"CustomProperties": []map[string]any{{"PropertyNumber": 3, "Stringvalue": "a"}}})
	require.Equal(t, 400, code)
}

func TestUpdateWithNullCustomPropertiesKeepsThem(t *testing.T) {
	s, srv := newServer(t)
	_, body := do(t, srv, s.Admin(), "GET", "projects/1/incidents/1", nil)
	var inc map[string]any
	require.NoError(t, json.Unmarshal(body, &inc))
	inc["CustomProperties"] = nil
	inc["Name"] = "renamed"
	code, msg := do(t, srv, s.Admin(), "PUT", "projects/1/incidents/1", inc)
	require.Equal(t, 200, code, string(msg))
	_, body = do(t, srv, s.Admin(), "GET", "projects/1/incidents/1", nil)
	require.Contains(t, string(body), `"IntegerListValue":[1,2]`)
	require.Contains(t, string(body), `"Name":"renamed"`)
}

// The three artifact kinds answer the same failures the same way, as
// Spira's business layer does.
func TestArtifactUpdatesAndLookupsFailAlike(t *testing.T) {
	_, srv, a := adminServer(t)
	for _, k := range []struct{ path, noun, id, update string }{
		{"projects/1/incidents", "incident", "IncidentId", "projects/1/incidents/1"},
		{"projects/1/requirements", "requirement", "RequirementId", "projects/1/requirements"},
		{"projects/1/releases", "release", "ReleaseId", "projects/1/releases"},
	} {
		code, body := do(t, srv, a, "GET", k.path+"/999", nil)
		require.Equal(t, 404, code, k.noun)
		require.Equal(t, `"The `+k.noun+` 999 does not exist in the project."`, strings.TrimSpace(string(body)))

		_, body = do(t, srv, a, "GET", k.path+"/1", nil)
		var x map[string]any
		require.NoError(t, json.Unmarshal(body, &x))
		require.EqualValues(t, 1, x["ProjectId"], k.noun)

		delete(x, k.id)
		code, body = do(t, srv, a, "PUT", k.update, x)
		require.Equal(t, 400, code, k.noun)
		require.Contains(t, string(body), k.id+" is required.")

		x[k.id] = 999
		code, _ = do(t, srv, a, "PUT", k.update, x)
		require.Equal(t, 404, code, k.noun)

		x[k.id] = 1
		stored := x["ConcurrencyDate"]
		x["ConcurrencyDate"] = "2001-01-01T00:00:00.000Z"
		code, body = do(t, srv, a, "PUT", k.update, x)
		require.Equal(t, 409, code, k.noun)
		require.Contains(t, string(body), "The "+k.noun+" has been modified by another user")

		x["ConcurrencyDate"] = stored
		x["ProjectId"], x["ArtifactTypeId"] = 2, 99
		code, body = do(t, srv, a, "PUT", k.update, x)
		require.Equal(t, 200, code, "%s: %s", k.noun, body)
		_, body = do(t, srv, a, "GET", k.path+"/1", nil)
		var after map[string]any
		require.NoError(t, json.Unmarshal(body, &after))
		require.EqualValues(t, 1, after["ProjectId"], "%s: an update does not move the artifact", k.noun)
		require.NotEqualValues(t, 99, after["ArtifactTypeId"], k.noun)
		require.NotEqual(t, stored, after["ConcurrencyDate"], "%s: the concurrency date moves on", k.noun)

	}
}

func TestChildrenGetTheNextIndentUnderTheirParent(t *testing.T) {
	_, srv, a := adminServer(t)
	// A create answers the request echoed back (F7): the indent is read
	// from the stored artifact.
	indent := func(body []byte) string {
		var x struct {
			IndentLevel              string
			RequirementId, ReleaseId *int
		}
		require.NoError(t, json.Unmarshal(body, &x))
		path := fmt.Sprintf("projects/1/requirements/%d", derefInt(x.RequirementId))
		if x.RequirementId == nil && x.ReleaseId != nil {
			path = fmt.Sprintf("projects/1/releases/%d", *x.ReleaseId)
		}
		if x.RequirementId == nil && x.ReleaseId == nil {
			return x.IndentLevel
		}
		_, body = do(t, srv, a, "GET", path, nil)
		require.NoError(t, json.Unmarshal(body, &x))
		return x.IndentLevel
	}
	code, body := do(t, srv, a, "POST", "projects/1/requirements/parent/1", map[string]any{"Name": "first child"})
	require.Equal(t, 200, code, string(body))
	first := indent(body)
	_, body = do(t, srv, a, "POST", "projects/1/requirements/parent/1", map[string]any{"Name": "second child"})
	second := indent(body)
	_, body = do(t, srv, a, "GET", "projects/1/requirements/1", nil)
	parent := indent(body)
	require.Equal(t, parent+"AAA", first)
	require.Equal(t, parent+"AAB", second)
	require.Contains(t, string(body), `"Summary":true`)

	code, body = do(t, srv, a, "POST", "projects/1/requirements/parent/999", map[string]any{"Name": "orphan"})
	require.Equal(t, 404, code)
	require.Contains(t, string(body), "The parent requirement 999 does not exist in the project.")

	release := map[string]any{"Name": "Sprint 2", "VersionNumber": "1.0.002", "ReleaseStatusId": 1, "ReleaseTypeId": 3,
		"StartDate": "2026-01-01T00:00:00.000Z", "EndDate": "2026-01-14T00:00:00.000Z"}
	code, body = do(t, srv, a, "POST", "projects/1/releases/2", release)
	require.Equal(t, 200, code, string(body))
	require.Equal(t, "AABAAB", indent(body), "after Sprint 1 (AABAAA)")
}

func TestWorkflowCallsNameAnUnknownIncidentType(t *testing.T) {
	s, srv := newServer(t)
	for _, p := range []string{
		"projects/1/incidents/types/999/workflow/transitions?status_id=1&is_detector=false&isOwner=false",
		"project-templates/1/incidents/types/999/workflow/fields?status_id=1",
		"project-templates/1/incidents/types/999/workflow/custom-properties?status_id=1",
	} {
		code, body := do(t, srv, s.Admin(), "GET", p, nil)
		require.Equal(t, 404, code, p)
		require.Contains(t, string(body), "The incident type 999 does not exist.", p)
		code, _ = do(t, srv, s.Admin(), "GET", strings.Replace(p, "999", "2", 1), nil)
		require.Equal(t, 200, code, p)
		code, _ = do(t, srv, s.Admin(), "GET", strings.Replace(strings.Replace(p, "999", "2", 1), "status_id=1", "status_id=x", 1), nil)
		require.Equal(t, 406, code, p)
	}
}
