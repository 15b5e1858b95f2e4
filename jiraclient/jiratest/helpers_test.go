package jiratest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/jiraclient/jiratest/jiraconform"
)

// env is a simulator behind a validating test server.
type env struct {
	t   *testing.T
	sim *jiratest.Sim
	srv *httptest.Server
	as  *jiratest.Account // nil: anonymous
}

func newEnv(t *testing.T, opts ...jiratest.Option) *env {
	t.Helper()
	sim := jiratest.New(opts...)
	srv := jiraconform.NewServer(t, sim)
	a := sim.Admin()
	return &env{t: t, sim: sim, srv: srv, as: &a}
}

func (e *env) asUser(a jiratest.Account) *env {
	c := *e
	c.as = &a
	return &c
}

func (e *env) anonymous() *env {
	c := *e
	c.as = nil
	return &c
}

type result struct {
	status int
	header http.Header
	body   []byte
}

func (r result) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.body, &m), "body: %s", r.body)
	return m
}

func (r result) list(t *testing.T) []any {
	t.Helper()
	var l []any
	require.NoError(t, json.Unmarshal(r.body, &l), "body: %s", r.body)
	return l
}

func (e *env) do(method, path string, body any) result {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			rd = bytes.NewReader([]byte(b))
		default:
			raw, err := json.Marshal(b)
			require.NoError(e.t, err)
			rd = bytes.NewReader(raw)
		}
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	require.NoError(e.t, err)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if e.as != nil {
		req.SetBasicAuth(e.as.Email, e.as.Token)
	}
	resp, err := e.srv.Client().Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return result{status: resp.StatusCode, header: resp.Header, body: b}
}

func (e *env) get(path string) result { return e.do(http.MethodGet, path, nil) }

// getOK fetches path and requires a 200 JSON object.
func (e *env) getOK(path string) map[string]any {
	e.t.Helper()
	r := e.get(path)
	require.Equal(e.t, http.StatusOK, r.status, "GET %s: %s", path, r.body)
	return r.json(e.t)
}

func values(t *testing.T, m map[string]any, key string) []map[string]any {
	t.Helper()
	raw, ok := m[key].([]any)
	require.True(t, ok, "%q is not a list in %v", key, m)
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i] = v.(map[string]any)
	}
	return out
}

func names(items []map[string]any, key string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it[key].(string)
	}
	return out
}
