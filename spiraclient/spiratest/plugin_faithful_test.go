package spiratest

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestF11CreateIsAlwaysActiveAndAnswersTheRequest(t *testing.T) {
	s, srv, a := adminServer(t)
	in := map[string]any{"Name": "SpareSync", "ConnectionString": "https://x.atlassian.net", "Login": "l", "Password": "p",
		"IsActive": false, "DataSyncStatusId": 0, "DisplayName": ""}
	code, body := do(t, srv, a, "POST", "data-syncs", in)
	require.Equal(t, 200, code, string(body))
	var out wDataSync
	require.NoError(t, json.Unmarshal(body, &out))
	require.NotZero(t, out.DataSyncSystemId)
	require.False(t, out.IsActive, "the answer echoes the request")
	require.Zero(t, out.DataSyncStatusId, "the answer is not the stored record")

	p, ok := s.PlugIn(out.DataSyncSystemId)
	require.True(t, ok)
	require.True(t, p.IsActive, "the insert has no IsActive: a new record is always active")
	require.Equal(t, 4, p.StatusID)

	// Listed (active), and a PUT honours IsActive.
	code, body = do(t, srv, a, "GET", "data-syncs", nil)
	require.Equal(t, 200, code)
	require.Contains(t, string(body), `"Name":"SpareSync"`)
	in["DataSyncSystemId"] = out.DataSyncSystemId
	code, _ = do(t, srv, a, "PUT", "data-syncs/"+itoa(out.DataSyncSystemId), in)
	require.Equal(t, 200, code)
	p, _ = s.PlugIn(out.DataSyncSystemId)
	require.False(t, p.IsActive)

	// The same name again returns the stored record in full.
	code, body = do(t, srv, a, "POST", "data-syncs", map[string]any{"Name": "JiraDataSync", "ConnectionString": "https://other", "IsActive": false})
	require.Equal(t, 200, code)
	require.NoError(t, json.Unmarshal(body, &out))
	require.Equal(t, DataSyncID, out.DataSyncSystemId)
	require.True(t, out.IsActive)
	require.Equal(t, "https://myinstance.atlassian.net", out.ConnectionString)

	// Administrators only.
	code, _ = do(t, srv, s.SyncAccount(), "POST", "data-syncs", map[string]any{"Name": "X", "ConnectionString": "y"})
	require.Equal(t, 401, code)
}

func TestF12DisplayNameIsTheStoredCaption(t *testing.T) {
	s, srv := newServer(t)
	p, _ := s.PlugIn(DataSyncID)
	p.Caption = ""
	s.SetPlugIn(p)
	code, body := do(t, srv, s.Admin(), "GET", "data-syncs/1", nil)
	require.Equal(t, 200, code)
	require.Contains(t, string(body), `"DisplayName":""`, "no fall-back to the Name")

	code, body = do(t, srv, s.Admin(), "POST", "data-syncs", map[string]any{"Name": "NoCaption", "ConnectionString": "c"})
	require.Equal(t, 200, code)
	var out wDataSync
	require.NoError(t, json.Unmarshal(body, &out))
	got, _ := s.PlugIn(out.DataSyncSystemId)
	require.Empty(t, got.Caption)
}

func TestF13RunResultsForAnUnknownPlugInAnswer200(t *testing.T) {
	s, srv := newServer(t)
	before := len(s.Events())
	for _, path := range []string{"data-syncs/99/success", "data-syncs/99/warning"} {
		code, body := do(t, srv, s.SyncAccount(), "POST", path, "2026-01-02T03:04:05.000Z")
		require.Equal(t, 200, code, "%s: %s", path, body)
	}
	code, _ := do(t, srv, s.SyncAccount(), "POST", "data-syncs/99/failure", nil)
	require.Equal(t, 200, code)
	_, ok := s.PlugIn(99)
	require.False(t, ok, "nothing was created")
	require.Len(t, s.Events(), before)
	code, _ = do(t, srv, s.Admin(), "GET", "data-syncs/99", nil)
	require.Equal(t, 404, code, "GET by id still 404s")
}

func TestF14MappingReadsForAnUnknownPlugInAnswerEmpty(t *testing.T) {
	s, srv := newServer(t)
	for path, want := range map[string]string{
		"data-mappings/99/users":                                             "[]",
		"data-mappings/99/projects":                                          "[]",
		"projects/1/data-mappings/99/artifacts/3":                            "[]",
		"projects/1/data-mappings/99/field-values/3":                         "[]",
		"projects/1/data-mappings/99/artifacts/3/custom-properties/1":        "null",
		"projects/1/data-mappings/99/artifacts/3/custom-properties/1/values": "[]",
	} {
		code, body := do(t, srv, s.SyncAccount(), "GET", path, nil)
		require.Equal(t, 200, code, path)
		require.Equal(t, want, string(body), path)
	}
	code, body := do(t, srv, s.SyncAccount(), "POST", "data-mappings/99/artifacts/3/search", "LIB-1")
	require.Equal(t, 200, code)
	require.Equal(t, "[]", string(body))
	// The same reads of the real plug-in are not empty.
	code, body = do(t, srv, s.SyncAccount(), "GET", "data-mappings/1/projects", nil)
	require.Equal(t, 200, code)
	require.NotEqual(t, "[]", string(body))
}

func TestF15EachAuthMethodIsTriedInTurn(t *testing.T) {
	_, srv, a := adminServer(t)
	call := func(mod func(r *http.Request)) int {
		req, err := http.NewRequest("GET", srv.URL+ServicePath+"users", nil)
		require.NoError(t, err)
		mod(req)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	// A proxy's own Basic header does not stop header authentication.
	require.Equal(t, 200, call(func(r *http.Request) {
		r.SetBasicAuth("proxyuser", "proxypass")
		a.Authorize(r)
	}))
	// Wrong headers fall through to the query, whose values are trimmed.
	require.Equal(t, 200, call(func(r *http.Request) {
		r.Header.Set("username", a.Login)
		r.Header.Set("api-key", "{wrong}")
		r.URL.RawQuery = url.Values{"username": {" " + a.Login + " "}, "api-key": {" " + a.APIKey + "\t"}}.Encode()
	}))
	// A Basic value that is not base64 refuses the request outright.
	require.Equal(t, 401, call(func(r *http.Request) {
		r.Header.Set("Authorization", "Basic not*base64!")
		a.Authorize(r)
	}))
	// Basic alone still works; the key keeps its braces.
	require.Equal(t, 200, call(func(r *http.Request) {
		r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(a.Login+":"+a.APIKey)))
	}))
	require.Equal(t, 401, call(func(r *http.Request) {
		r.Header.Set("username", a.Login)
		r.Header.Set("api-key", strings.Trim(a.APIKey, "{}"))
	}))
}

func TestF18AnUnknownRunStatusCanBeSeeded(t *testing.T) {
	s, srv := newServer(t)
	require.NoError(t, s.SetPlugInStatus(DataSyncID, 5, "In Progress"))
	code, body := do(t, srv, s.Admin(), "GET", "data-syncs/1", nil)
	require.Equal(t, 200, code)
	require.Contains(t, string(body), `"DataSyncStatusId":5`)
	require.Contains(t, string(body), `"DataSyncStatusName":"In Progress"`)
	require.Error(t, s.SetPlugInStatus(99, 5, "In Progress"))
}

// F19: the extended settings of Spira 8.8+ have no known REST shape: they
// are out of REST's reach, and a PUT of the v7 DTO keeps them unless the
// simulator is told that Spira clears them (both are possible).
func TestF19ExtendedSettingsAreOutOfRESTsReach(t *testing.T) {
	for name, tc := range map[string]struct {
		opts []Option
		kept bool
	}{"kept": {nil, true}, "cleared": {[]Option{WithPutClearsExtendedSettings()}, false}} {
		t.Run(name, func(t *testing.T) {
			s, srv := newServer(t, tc.opts...)
			s.SetPlugInExtended(DataSyncID, map[string]string{"Skip Comments": "Yes"})
			code, body := do(t, srv, s.Admin(), "GET", "data-syncs/1", nil)
			require.Equal(t, 200, code)
			require.NotContains(t, string(body), "Skip Comments")
			var d map[string]any
			require.NoError(t, json.Unmarshal(body, &d))
			code, _ = do(t, srv, s.Admin(), "PUT", "data-syncs/1", d)
			require.Equal(t, 200, code)
			if tc.kept {
				require.Equal(t, map[string]string{"Skip Comments": "Yes"}, s.PlugInExtended(DataSyncID))
			} else {
				require.Empty(t, s.PlugInExtended(DataSyncID))
			}
		})
	}
	for _, e := range New().Endpoints() {
		require.NotContains(t, strings.ToLower(e), "extended", "no invented route")
	}
}

func TestF21V7ExistsFrom75(t *testing.T) {
	s, srv, a := adminServer(t)
	code, body := do(t, srv, a, "GET", "system/product-version", nil)
	require.Equal(t, 200, code)
	require.Contains(t, string(body), `"Version":"9.4.0.0"`, "a version that has v7_0")

	get := func(path string) (int, string, string) { return getAs(t, srv, a, path) }
	code, _, body2 := get(legacyVersionPath)
	require.Equal(t, 200, code, "v6_0 still answers")
	require.Contains(t, body2, "9.4.0.0")

	s.SetProductVersion("7.4.1.0")
	for _, p := range []string{"users", "system/product-version", "data-syncs"} {
		code, ct, _ := get(ServicePath + p)
		require.Equal(t, 404, code, p)
		require.Contains(t, ct, "text/html", "no REST v7 service at all: the web server answers")
	}
	code, _, body2 = get(legacyVersionPath)
	require.Equal(t, 200, code)
	require.Contains(t, body2, "7.4.1.0")
	req, _ := http.NewRequest("GET", srv.URL+legacyVersionPath, nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 401, resp.StatusCode, "v6_0 needs a login too")

	s.SetProductVersion("7.5.0.0")
	code, _, _ = get(ServicePath + "users")
	require.Equal(t, 200, code)
}

// F22: Spira 9.4's endpoint that writes a product's external key has no
// known route, body or permission: the simulator offers none.
func TestF22NoRouteWritesProjectMappings(t *testing.T) {
	for _, e := range New().Endpoints() {
		m, p, _ := strings.Cut(e, " ")
		if m != "GET" && strings.Contains(p, "data-mappings") {
			require.NotContains(t, p, "projects/{project_id}/data-mappings/{data_sync_system_id}/projects", e)
			require.False(t, strings.HasSuffix(p, "/projects"), e)
		}
	}
}

func TestF24MappingCallsCanNeedARoleBeyondMembership(t *testing.T) {
	s, srv := newServer(t)
	sync := s.SyncAccount() // a Developer in product 1
	code, _ := do(t, srv, sync, "GET", "projects/1/data-mappings/1/artifacts/3", nil)
	require.Equal(t, 200, code, "v6: membership suffices")

	s.SetMappingRoles("Product Owner")
	for _, tc := range []struct{ method, path string }{
		{"GET", "projects/1/data-mappings/1/artifacts/3"},
		{"GET", "projects/1/data-mappings/1/field-values/3"},
		{"POST", "projects/1/data-mappings/1/artifacts/3"},
	} {
		code, body := do(t, srv, sync, tc.method, tc.path, []any{})
		require.Equal(t, 401, code, tc.path)
		require.True(t, strings.HasPrefix(string(body), `"`), "a JSON string")
	}
	code, _ = do(t, srv, s.Admin(), "GET", "projects/1/data-mappings/1/artifacts/3", nil)
	require.Equal(t, 200, code, "administrators pass")
	s.SetMappingRoles("developer")
	code, _ = do(t, srv, sync, "GET", "projects/1/data-mappings/1/artifacts/3", nil)
	require.Equal(t, 200, code)
}

// F25: Spira's REST code never answers 403. Every route, called as a plain
// user who belongs to no product and as nobody at all, answers something
// else.
func TestF25NeverForbidden(t *testing.T) {
	s, srv := newServer(t)
	s.SetMappingRoles("Product Owner")
	stranger, ok := s.User("fredbloggs")
	if !ok {
		stranger = s.SyncAccount()
	}
	for _, e := range s.Endpoints() {
		m, p, _ := strings.Cut(e, " ")
		path := p
		for _, v := range []string{"{project_id}", "{project_template_id}", "{data_sync_system_id}", "{artifact_type_id}",
			"{incident_id}", "{requirement_id}", "{release_id}", "{custom_property_id}", "{artifact_field_id}", "{user_id}"} {
			path = strings.ReplaceAll(path, v, "2")
		}
		for strings.Contains(path, "{") {
			i, j := strings.Index(path, "{"), strings.Index(path, "}")
			path = path[:i] + "1" + path[j+1:]
		}
		for _, who := range []Account{stranger, s.SyncAccount(), {Login: "nobody", APIKey: "{00000000-0000-0000-0000-000000000000}"}} {
			code, _ := do(t, srv, who, m, path, map[string]any{})
			require.NotEqual(t, http.StatusForbidden, code, "%s %s as %s", m, path, who.Login)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
