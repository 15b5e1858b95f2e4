package jiratest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

func TestMyself(t *testing.T) {
	e := newEnv(t)
	me := e.getOK("/rest/api/3/myself")
	assert.Equal(t, e.sim.Admin().AccountID, me["accountId"])
	assert.Equal(t, e.sim.Admin().Email, me["emailAddress"])
	assert.Equal(t, "Australia/Sydney", me["timeZone"])

	member := e.asUser(e.sim.NonAdmin()).getOK("/rest/api/3/myself")
	assert.Equal(t, e.sim.NonAdmin().AccountID, member["accountId"])
	assert.NotEqual(t, me["accountId"], member["accountId"])
}

func TestMyselfRefusesBadOrMissingCredentials(t *testing.T) {
	e := newEnv(t)
	bad := e.sim.Admin()
	bad.Token = "wrong"
	r := e.asUser(bad).get("/rest/api/3/myself")
	assert.Equal(t, http.StatusUnauthorized, r.status)
	assert.Equal(t, "AUTHENTICATED_FAILED", r.header.Get("X-Seraph-LoginReason"))
	assert.NotEmpty(t, r.header.Get("WWW-Authenticate"))
	assert.Contains(t, string(r.body), "Client must be authenticated")
	assert.NotContains(t, string(r.body), "wrong")

	r = e.anonymous().get("/rest/api/3/myself")
	assert.Equal(t, http.StatusUnauthorized, r.status)
}

func TestServerInfoIsAnonymousAndFlagsBadTokens(t *testing.T) {
	e := newEnv(t)
	info := e.anonymous().getOK("/rest/api/3/serverInfo")
	assert.Equal(t, "Cloud", info["deploymentType"])
	assert.Equal(t, e.srv.URL, info["baseUrl"])

	bad := e.sim.NonAdmin()
	bad.Token = "expired"
	r := e.asUser(bad).get("/rest/api/3/serverInfo")
	assert.Equal(t, http.StatusOK, r.status, "anonymous-capable operations answer 200")
	assert.Equal(t, "AUTHENTICATED_FAILED", r.header.Get("X-Seraph-LoginReason"))

	r = e.get("/rest/api/3/serverInfo")
	assert.Equal(t, "OK", r.header.Get("X-Seraph-LoginReason"))
	assert.Equal(t, e.sim.Admin().AccountID, r.header.Get("X-AAccountId"))
}

func TestProjectSearchAndGet(t *testing.T) {
	e := newEnv(t)
	res := e.getOK("/rest/api/3/project/search")
	ps := values(t, res, "values")
	require.Len(t, ps, 1)
	assert.Equal(t, jiratest.ProjectKey, ps[0]["key"])
	assert.Equal(t, "Library Information System", ps[0]["name"])
	assert.Equal(t, false, ps[0]["simplified"], "LIB is company-managed")
	assert.Equal(t, true, res["isLast"])

	// A wrong token degrades to anonymous: 200, nothing visible, flagged.
	bad := e.sim.Admin()
	bad.Token = "nope"
	r := e.asUser(bad).get("/rest/api/3/project/search")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "AUTHENTICATED_FAILED", r.header.Get("X-Seraph-LoginReason"))
	assert.Empty(t, values(t, r.json(t), "values"))

	p := e.getOK("/rest/api/3/project/LIB")
	assert.Equal(t, jiratest.ProjectID, p["id"])
	assert.ElementsMatch(t, []string{"Epic", "Story", "Task", "Bug", "Sub-task"}, names(values(t, p, "issueTypes"), "name"))
	byID := e.getOK("/rest/api/3/project/" + jiratest.ProjectID)
	assert.Equal(t, "LIB", byID["key"])

	r = e.get("/rest/api/3/project/lib")
	assert.Equal(t, http.StatusNotFound, r.status, "project keys are case-sensitive")
	r = e.anonymous().get("/rest/api/3/project/LIB")
	assert.Equal(t, http.StatusNotFound, r.status, "an invisible project is not found")
}

func TestProjectSearchPages(t *testing.T) {
	e := newEnv(t)
	res := e.getOK("/rest/api/3/project/search?maxResults=500")
	assert.EqualValues(t, 100, res["maxResults"], "maxResults is capped at 100")
	res = e.getOK("/rest/api/3/project/search?startAt=1")
	assert.Empty(t, values(t, res, "values"))
	assert.EqualValues(t, 1, res["total"])
}

func TestRouteAbsentFromJiraIs404(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/rest/api/3/nosuchthing", "/rest/api/3/project/LIB/issuetypes", "/rest/api/3/issues", "/rest/spira/1/x"} {
		r := e.get(p)
		assert.Equal(t, http.StatusNotFound, r.status, p)
	}
	r := e.do(http.MethodDelete, "/rest/api/3/myself", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
}

func TestWebPagesAreHTML(t *testing.T) {
	e := newEnv(t)
	r := e.get("/")
	assert.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, r.header.Get("Content-Type"), "text/html")
	r = e.get("/jira/rest/api/3/myself")
	assert.Equal(t, http.StatusNotFound, r.status, "a base URL with a path prefix finds a web page, not the API")
	assert.Contains(t, r.header.Get("Content-Type"), "text/html")
	assert.Contains(t, string(r.body), "dead link")
}

func TestGatewayAndScopedTokens(t *testing.T) {
	e := newEnv(t)
	info := e.anonymous().getOK("/_edge/tenant_info")
	assert.Equal(t, jiratest.CloudID, info["cloudId"])

	gw := "/ex/jira/" + jiratest.CloudID
	me := e.getOK(gw + "/rest/api/3/myself")
	assert.Equal(t, e.sim.Admin().AccountID, me["accountId"])
	assert.Contains(t, me["self"], gw+"/rest/api/3/user", "self links name the gateway")

	scoped, err := e.sim.AddUser(jiratest.UserSpec{Email: "bot@library.example", DisplayName: "Sync Bot", Token: "ATSTT-scoped", ScopedToken: true})
	require.NoError(t, err)
	r := e.asUser(scoped).get("/rest/api/3/myself")
	assert.Equal(t, http.StatusUnauthorized, r.status, "a scoped token is refused on the site URL")
	assert.Equal(t, scoped.AccountID, e.asUser(scoped).getOK(gw + "/rest/api/3/myself")["accountId"])

	// Another cloud id is not this site (a gateway answer, not Jira's API).
	plain := httptest.NewServer(e.sim)
	defer plain.Close()
	resp, err := plain.Client().Get(plain.URL + "/ex/jira/not-a-cloud/rest/api/3/myself")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestBodiesMustBeJSON(t *testing.T) {
	e := newEnv(t)
	req, err := http.NewRequest(http.MethodPost, e.srv.URL+"/rest/api/3/issue/LIB-1/comment", strings.NewReader(`{"body":"x"}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/plain")
	a := e.sim.Admin()
	req.SetBasicAuth(a.Email, a.Token)
	resp, err := e.srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)
	is, _ := e.sim.Issue("LIB-1")
	assert.Empty(t, is.Comments)
}

func TestPasswordsAreRefused(t *testing.T) {
	e := newEnv(t)
	acct, err := e.sim.AddUser(jiratest.UserSpec{Email: "pat@library.example", DisplayName: "Pat", Token: "ATATT-pat", Password: "hunter2hunter2"})
	require.NoError(t, err)
	withPassword := acct
	withPassword.Token = "hunter2hunter2"
	for _, p := range []string{"/rest/api/3/myself", "/rest/api/3/serverInfo"} {
		r := e.asUser(withPassword).get(p)
		assert.Equal(t, http.StatusUnauthorized, r.status, p)
		assert.Contains(t, string(r.body), "Basic authentication with passwords is deprecated", p)
		assert.NotContains(t, string(r.body), "hunter2", p)
	}
	assert.Equal(t, http.StatusOK, e.asUser(acct).get("/rest/api/3/myself").status)
}
