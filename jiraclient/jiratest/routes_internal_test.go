package jiratest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest/jiraconform"
)

// Every route the simulator serves is an operation of Atlassian's spec, and
// its access rule agrees with the operation's description and status codes.
func TestRoutesAreSpecOperations(t *testing.T) {
	doc := jiraconform.Spec(t)
	s := New()
	for _, rt := range s.routes {
		path := strings.Replace(rt.template, "/rest/api/2/", "/rest/api/3/", 1)
		item := doc.Paths.Find(path)
		require.NotNil(t, item, "%s is not in the spec", rt.name())
		op := item.GetOperation(rt.method)
		require.NotNil(t, op, "%s is not in the spec", rt.name())
		anon := strings.Contains(op.Description, "can be accessed anonymously")
		switch rt.access {
		case needsLogin:
			assert.False(t, anon, "%s: the spec says anonymous callers are served", rt.name())
			assert.NotNil(t, op.Responses.Status(401), "%s answers 401 but the spec lists none", rt.name())
		case anonymousOK:
			assert.True(t, anon, "%s: the spec does not say anonymous callers are served", rt.name())
		case public:
			assert.True(t, op.Deprecated, "%s: only removed operations answer without looking at credentials", rt.name())
		}
	}
}

// A write whose connection is dropped after Jira applied it: the caller sees
// no answer, but the issue exists.
func TestDropAfterStillApplies(t *testing.T) {
	var seed int64
	key := "POST /rest/api/3/issue"
	for seed = 1; seed < 10000; seed++ {
		probe := New(WithFaults(1), WithSeed(seed))
		if probe.fault(key, 0) == faultDropAfter {
			break
		}
	}
	s := New(WithFaults(1), WithSeed(seed))
	srv := httptest.NewServer(s)
	defer srv.Close()
	before := len(s.IssueKeys())
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/rest/api/3/issue", strings.NewReader(
		`{"fields":{"project":{"key":"LIB"},"issuetype":{"name":"Task"},"summary":"applied, then dropped"}}`))
	req.Header.Set("Content-Type", "application/json")
	a := s.Admin()
	req.SetBasicAuth(a.Email, a.Token)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err, "the connection is dropped")
	keys := s.IssueKeys()
	require.Len(t, keys, before+1)
	is, _ := s.Issue(keys[len(keys)-1])
	assert.Equal(t, "applied, then dropped", is.Summary)
}
