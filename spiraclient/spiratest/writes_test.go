package spiratest

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// newServer serves a new simulator with opts until the test's cleanup.
func newServer(t *testing.T, opts ...Option) (*Sim, *httptest.Server) {
	t.Helper()
	s := New(opts...)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// adminServer is newServer with the simulator's administrator.
func adminServer(t *testing.T) (*Sim, *httptest.Server, Account) {
	t.Helper()
	s, srv := newServer(t)
	return s, srv, s.Admin()
}

func decodeMap(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m), string(body))
	return m
}

func getMap(t *testing.T, srv *httptest.Server, a Account, path string) map[string]any {
	t.Helper()
	code, body := do(t, srv, a, "GET", path, nil)
	require.Equal(t, 200, code, string(body))
	return decodeMap(t, body)
}

// F7: every create answers the request echoed back with the new ID and
// ProjectId; what it left out is null or 0 although a GET shows the stored
// defaults, and the ConcurrencyDate is the one sent.
func TestF7CreatesEchoTheRequest(t *testing.T) {
	_, srv, a := adminServer(t)
	cases := []struct {
		name, path, idField, get string
		body                     map[string]any
		defaulted                []string
	}{
		{"incident", "projects/1/incidents", "IncidentId", "projects/1/incidents/%v",
			map[string]any{"Name": "No status sent", "PriorityId": 2}, []string{"IncidentStatusId", "IncidentTypeId", "OpenerId", "CreationDate"}},
		{"requirement", "projects/1/requirements", "RequirementId", "projects/1/requirements/%v",
			map[string]any{"Name": "A top requirement"}, []string{"StatusId", "AuthorId", "RequirementTypeId", "CreationDate"}},
		{"child requirement", "projects/1/requirements/parent/1", "RequirementId", "projects/1/requirements/%v",
			map[string]any{"Name": "A child requirement"}, []string{"StatusId", "AuthorId"}},
		{"release", "projects/1/releases", "ReleaseId", "projects/1/releases/%v",
			map[string]any{"Name": "Echoed", "VersionNumber": "9.9", "ReleaseStatusId": 1, "ReleaseTypeId": 1,
				"StartDate": "2026-01-01T00:00:00.000Z", "EndDate": "2026-02-01T00:00:00.000Z"}, []string{"CreatorId", "CreationDate"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := do(t, srv, a, "POST", tc.path, tc.body)
			require.Equal(t, 200, code, string(body))
			created := decodeMap(t, body)
			require.NotNil(t, created[tc.idField])
			require.EqualValues(t, 1, created["ProjectId"])
			require.Equal(t, tc.body["Name"], created["Name"])
			require.Nil(t, created["ConcurrencyDate"], "the ConcurrencyDate sent (none)")
			stored := getMap(t, srv, a, fmt.Sprintf(tc.get, created[tc.idField]))
			require.NotNil(t, stored["ConcurrencyDate"])
			for _, f := range tc.defaulted {
				require.Nil(t, created[f], "%s was left out, so null in the answer", f)
				require.NotNil(t, stored[f], "%s is stored", f)
			}
		})
	}
}

// F8: with the template's Status Bulk Edit off, Spira answers 200 and keeps
// the old status on update, the default on create; on, it writes it.
func TestF8StatusBulkEdit(t *testing.T) {
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprint("on=", on), func(t *testing.T) {
			s, srv, a := adminServer(t)
			require.True(t, s.SetStatusBulkEdit(TemplateID, on))
			require.False(t, s.SetStatusBulkEdit(999, on))

			code, body := do(t, srv, a, "POST", "projects/1/incidents", map[string]any{"Name": "With a status", "IncidentStatusId": IncidentStatusOpen})
			require.Equal(t, 200, code, string(body))
			id := decodeMap(t, body)["IncidentId"]
			inc := getMap(t, srv, a, fmt.Sprintf("projects/1/incidents/%v", id))
			want := map[bool]float64{true: IncidentStatusOpen, false: IncidentStatusNew}[on]
			require.EqualValues(t, want, inc["IncidentStatusId"])

			inc["IncidentStatusId"] = IncidentStatusAssigned
			inc["Name"] = "Renamed"
			code, body = do(t, srv, a, "PUT", fmt.Sprintf("projects/1/incidents/%v", id), inc)
			require.Equal(t, 200, code, string(body))
			inc = getMap(t, srv, a, fmt.Sprintf("projects/1/incidents/%v", id))
			require.Equal(t, "Renamed", inc["Name"], "the rest of the update is written")
			want = map[bool]float64{true: IncidentStatusAssigned, false: IncidentStatusNew}[on]
			require.EqualValues(t, want, inc["IncidentStatusId"])

			code, body = do(t, srv, a, "POST", "projects/1/requirements", map[string]any{"Name": "Req", "StatusId": 3})
			require.Equal(t, 200, code, string(body))
			req := getMap(t, srv, a, fmt.Sprintf("projects/1/requirements/%v", decodeMap(t, body)["RequirementId"]))
			require.EqualValues(t, map[bool]float64{true: 3, false: 1}[on], req["StatusId"])
			req["StatusId"] = 4
			code, body = do(t, srv, a, "PUT", "projects/1/requirements", req)
			require.Equal(t, 200, code, string(body))
			req = getMap(t, srv, a, fmt.Sprintf("projects/1/requirements/%v", req["RequirementId"]))
			require.EqualValues(t, map[bool]float64{true: 4, false: 1}[on], req["StatusId"])

			code, body = do(t, srv, a, "POST", "projects/1/releases", map[string]any{"Name": "R", "VersionNumber": "8.8", "ReleaseStatusId": 2, "ReleaseTypeId": 1,
				"StartDate": "2026-01-01T00:00:00.000Z", "EndDate": "2026-02-01T00:00:00.000Z"})
			require.Equal(t, 200, code, string(body))
			rel := getMap(t, srv, a, fmt.Sprintf("projects/1/releases/%v", decodeMap(t, body)["ReleaseId"]))
			require.EqualValues(t, map[bool]float64{true: 2, false: 1}[on], rel["ReleaseStatusId"], "off: forced to Planned")
		})
	}
}

func cpByNumber(t *testing.T, x map[string]any, n int) map[string]any {
	t.Helper()
	for _, v := range x["CustomProperties"].([]any) {
		m := v.(map[string]any)
		if m["PropertyNumber"] == float64(n) {
			return m
		}
	}
	t.Fatalf("no custom property %d in %v", n, x["CustomProperties"])
	return nil
}

// F9: a partial list keeps the values it leaves out, a GET lists every
// defined property, only the slot of the type is read, an unknown number is
// ignored, MaxLength cuts and the options validate.
func TestF9CustomProperties(t *testing.T) {
	s, srv, a := adminServer(t)
	code, body := do(t, srv, a, "POST", "projects/1/incidents", map[string]any{"Name": "CPs",
		"CustomProperties": []map[string]any{
			{"PropertyNumber": 7, "StringValue": "LIB-1"},
			{"PropertyNumber": 11, "StringValue": "prod"},
		}})
	require.Equal(t, 200, code, string(body))
	path := fmt.Sprintf("projects/1/incidents/%v", decodeMap(t, body)["IncidentId"])
	inc := getMap(t, srv, a, path)
	require.Len(t, inc["CustomProperties"], 13, "every defined incident property, set or not")
	unset := cpByNumber(t, inc, 5)
	require.Nil(t, unset["DateTimeValue"])
	require.NotNil(t, unset["Definition"])

	put := func(cps []map[string]any) (int, string) {
		t.Helper()
		inc := getMap(t, srv, a, path)
		inc["CustomProperties"] = cps
		code, body := do(t, srv, a, "PUT", path, inc)
		return code, string(body)
	}
	// Partial: only 7 sent; 11 keeps its value. Unknown 29 ignored.
	code, msg := put([]map[string]any{{"PropertyNumber": 7, "StringValue": "LIB-2"}, {"PropertyNumber": 29, "StringValue": "x"}})
	require.Equal(t, 200, code, msg)
	inc = getMap(t, srv, a, path)
	require.Equal(t, "LIB-2", cpByNumber(t, inc, 7)["StringValue"])
	require.Equal(t, "prod", cpByNumber(t, inc, 11)["StringValue"])
	// A null entry clears; an empty list and a null list change nothing.
	code, msg = put([]map[string]any{{"PropertyNumber": 11, "StringValue": nil}})
	require.Equal(t, 200, code, msg)
	code, msg = put([]map[string]any{})
	require.Equal(t, 200, code, msg)
	inc = getMap(t, srv, a, path)
	require.Nil(t, cpByNumber(t, inc, 11)["StringValue"])
	require.Equal(t, "LIB-2", cpByNumber(t, inc, 7)["StringValue"])
	// The wrong slot clears instead of being refused.
	code, msg = put([]map[string]any{{"PropertyNumber": 7, "IntegerValue": 5}})
	require.Equal(t, 200, code, msg)
	require.Nil(t, cpByNumber(t, getMap(t, srv, a, path), 7)["StringValue"])
	// MaxLength 255 cuts.
	code, msg = put([]map[string]any{{"PropertyNumber": 3, "StringValue": strings.Repeat("x", 300)}})
	require.Equal(t, 200, code, msg)
	require.Len(t, cpByNumber(t, getMap(t, srv, a, path), 3)["StringValue"], 255)
	// MinValue 0 on Reported Count: a ValidationFault naming Custom_10.
	code, msg = put([]map[string]any{{"PropertyNumber": 10, "IntegerValue": -1}})
	require.Equal(t, 400, code, msg)
	require.Contains(t, msg, `"Custom_10"`)
	require.Contains(t, msg, "Validation Fault")

	// On create, validation runs after the insert: the incident stays, without its values.
	before := s.IncidentCount(1)
	code, body = do(t, srv, a, "POST", "projects/1/incidents", map[string]any{"Name": "Left behind",
		"CustomProperties": []map[string]any{{"PropertyNumber": 10, "IntegerValue": -3}, {"PropertyNumber": 7, "StringValue": "LIB-9"}}})
	require.Equal(t, 400, code, string(body))
	require.Equal(t, before+1, s.IncidentCount(1))
}

// F9: AllowEmpty=false refuses a property left empty; MinLength refuses a
// short text; MaxValue an integer above it.
func TestF9OptionsValidate(t *testing.T) {
	s, srv, a := adminServer(t)
	s.mu.Lock()
	for _, d := range s.st.templates[0].cps {
		switch {
		case d.ArtifactTypeId == 1 && d.PropertyNumber == 1: // Story Points
			d.Options = []wCPOption{{CustomPropertyOptionId: 1, Value: "N"}, {CustomPropertyOptionId: 6, Value: "13"}}
		case d.ArtifactTypeId == 4 && d.PropertyNumber == 1: // Jira ID
			d.Options = []wCPOption{{CustomPropertyOptionId: 3, Value: "3"}}
		}
	}
	s.mu.Unlock()
	code, body := do(t, srv, a, "POST", "projects/1/requirements", map[string]any{"Name": "No points"})
	require.Equal(t, 400, code, string(body))
	require.Contains(t, string(body), "Custom_01")
	code, body = do(t, srv, a, "POST", "projects/1/requirements", map[string]any{"Name": "Too many",
		"CustomProperties": []map[string]any{{"PropertyNumber": 1, "DecimalValue": 21}}})
	require.Equal(t, 400, code, string(body))
	code, body = do(t, srv, a, "POST", "projects/1/requirements", map[string]any{"Name": "Fine",
		"CustomProperties": []map[string]any{{"PropertyNumber": 1, "DecimalValue": 5}}})
	require.Equal(t, 200, code, string(body))
	code, body = do(t, srv, a, "POST", "projects/1/releases", map[string]any{"Name": "Short", "VersionNumber": "7.7", "ReleaseStatusId": 1, "ReleaseTypeId": 1,
		"StartDate": "2026-01-01T00:00:00.000Z", "EndDate": "2026-02-01T00:00:00.000Z",
		"CustomProperties": []map[string]any{{"PropertyNumber": 1, "StringValue": "ab"}}})
	require.Equal(t, 400, code, string(body))
	require.Contains(t, string(body), "Custom_01")
}

// F10: an incident update is refused (400, a JSON string) when its closed
// date is a day before its creation, its start date more than a day
// before, or its completion outside 0-100; create does not check.
func TestF10IncidentDatesAgainstCreation(t *testing.T) {
	_, srv, a := adminServer(t)
	code, body := do(t, srv, a, "POST", "projects/1/incidents", map[string]any{"Name": "Dated",
		"CreationDate": "2026-03-10T12:00:00.000Z", "StartDate": "2026-01-01T00:00:00.000Z"})
	require.Equal(t, 200, code, "create does not check: %s", body)
	path := fmt.Sprintf("projects/1/incidents/%v", decodeMap(t, body)["IncidentId"])
	for _, tc := range []struct {
		field string
		value any
		ok    bool
	}{
		{"ClosedDate", "2026-03-09T23:00:00.000Z", false},
		{"ClosedDate", "2026-03-10T01:00:00.000Z", true},
		{"StartDate", "2026-03-08T12:00:00.000Z", false},
		{"StartDate", "2026-03-09T12:00:00.000Z", true},
		{"CompletionPercent", 101, false},
		{"CompletionPercent", -1, false},
		{"CompletionPercent", 100, true},
	} {
		inc := getMap(t, srv, a, path)
		inc["StartDate"], inc["ClosedDate"] = nil, nil
		inc[tc.field] = tc.value
		code, body := do(t, srv, a, "PUT", path, inc)
		if tc.ok {
			require.Equal(t, 200, code, "%s=%v: %s", tc.field, tc.value, body)
			continue
		}
		require.Equal(t, 400, code, "%s=%v", tc.field, tc.value)
		var msg string
		require.NoError(t, json.Unmarshal(body, &msg), "a JSON string, not a fault: %s", body)
	}
}

// F20: the seeded template has a Release custom property (type 10) whose
// value is a release ID; as in Spira's v6 write switch, a REST write of it
// is not stored (whether v7 stores it is not known).
func TestF20ReleaseCustomProperty(t *testing.T) {
	_, srv, a := adminServer(t)
	code, body := do(t, srv, a, "GET", fmt.Sprintf("project-templates/%d/custom-properties/Incident", TemplateID), nil)
	require.Equal(t, 200, code, string(body))
	var defs []map[string]any
	require.NoError(t, json.Unmarshal(body, &defs))
	found := false
	for _, d := range defs {
		if d["CustomPropertyTypeId"] == float64(10) {
			found = true
			require.Equal(t, "Release", d["CustomPropertyTypeName"])
		}
	}
	require.True(t, found, "a type 10 property is seeded")
	code, body = do(t, srv, a, "POST", "projects/1/incidents", map[string]any{"Name": "Release CP",
		"CustomProperties": []map[string]any{{"PropertyNumber": 13, "IntegerValue": 1}}})
	require.Equal(t, 200, code, string(body))
	inc := getMap(t, srv, a, fmt.Sprintf("projects/1/incidents/%v", decodeMap(t, body)["IncidentId"]))
	cp := cpByNumber(t, inc, 13)
	require.Nil(t, cp["IntegerValue"])
	require.EqualValues(t, 10, cp["Definition"].(map[string]any)["CustomPropertyTypeId"])
}
