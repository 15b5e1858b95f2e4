package jiraconform

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func jsonHeader() http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json;charset=UTF-8")
	return h
}

func check1(t *testing.T, method, target, reqBody string, status int, body string) (string, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(reqBody))
	if reqBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return Check(t, req, []byte(reqBody), status, jsonHeader(), []byte(body))
}

func TestCheckAcceptsAConformingExchange(t *testing.T) {
	op, problem := check1(t, "GET", "/rest/api/3/myself", "", 200,
		`{"accountId":"5b10ac8d82e05b22cc7d4e01","displayName":"A","active":true,"timeZone":"UTC"}`)
	assert.Equal(t, "getCurrentUser", op)
	assert.Empty(t, problem)
}

func TestCheckRefusesAWrongType(t *testing.T) {
	_, problem := check1(t, "GET", "/rest/api/3/myself", "", 200, `{"accountId":12345}`)
	assert.Contains(t, problem, "accountId")
}

func TestCheckRefusesAnUnknownProperty(t *testing.T) {
	_, problem := check1(t, "GET", "/rest/api/3/myself", "", 200, `{"accountId":"x","shoeSize":44}`)
	assert.NotEmpty(t, problem)
}

func TestCheckRefusesAnUnlistedStatus(t *testing.T) {
	_, problem := check1(t, "GET", "/rest/api/3/myself", "", 403, `{"errorMessages":["no"],"errors":{}}`)
	assert.Contains(t, problem, "status 403 is not listed")
}

func TestCheckAllowsRateLimitsAndServerErrorsAnywhere(t *testing.T) {
	_, problem := check1(t, "GET", "/rest/api/3/myself", "", 429, `{"errorMessages":["slow down"],"errors":{}}`)
	assert.Empty(t, problem)
	_, problem = check1(t, "GET", "/rest/api/3/myself", "", 503, `{"errorMessages":["down"],"errors":{}}`)
	assert.Empty(t, problem)
}

func TestCheckRefusesAnErrorBodyThatIsNotAnErrorCollection(t *testing.T) {
	_, problem := check1(t, "GET", "/rest/api/3/project/LIB", "", 404, `{"message":"nope"}`)
	assert.Contains(t, problem, "ErrorCollection")
}

func TestCheckRoutes(t *testing.T) {
	_, problem := check1(t, "GET", "/rest/api/3/nosuchthing", "", 200, `{}`)
	assert.Contains(t, problem, "not in the spec")
	_, problem = check1(t, "GET", "/rest/api/3/nosuchthing", "", 404, `{"errorMessages":["x"],"errors":{}}`)
	assert.Empty(t, problem, "a 404 for a route Jira lacks is right")
	op, problem := check1(t, "GET", "/rest/api/2/search", "", 410, `{"errorMessages":["gone"],"errors":{}}`)
	assert.Equal(t, "searchForIssuesUsingJql", op, "v2 paths route to their v3 twins")
	assert.Empty(t, problem)
}

func TestCheckDateTimes(t *testing.T) {
	ok := `{"baseUrl":"x","serverTime":"2026-01-05T09:00:00.000+0000"}`
	_, problem := check1(t, "GET", "/rest/api/3/serverInfo", "", 200, ok)
	assert.Empty(t, problem, "Jira's own date-time form is accepted")
	_, problem = check1(t, "GET", "/rest/api/3/serverInfo", "", 200, `{"serverTime":"yesterday"}`)
	assert.Contains(t, problem, "serverTime")
}

func TestCheckRefusesAnAcceptedInvalidRequest(t *testing.T) {
	// createVersion requires a JSON object; an array is invalid.
	_, problem := check1(t, "POST", "/rest/api/3/version", `[1,2]`, 201, `{"id":"1","name":"x"}`)
	assert.Contains(t, problem, "request is invalid")
	_, problem = check1(t, "POST", "/rest/api/3/version", `[1,2]`, 400, `{"errorMessages":["bad"],"errors":{}}`)
	assert.Empty(t, problem, "refusing an invalid request is right")
}

func TestCheckRemoteLinkListIsValidatedPerItem(t *testing.T) {
	_, problem := check1(t, "GET", "/rest/api/3/issue/LIB-1/remotelink", "", 200, `[{"id":1,"object":{"url":"u","title":"t"}}]`)
	assert.Empty(t, problem)
	_, problem = check1(t, "GET", "/rest/api/3/issue/LIB-1/remotelink", "", 200, `[{"id":"one"}]`)
	assert.NotEmpty(t, problem)
}

func TestNewServerRecordsExchanges(t *testing.T) {
	srv := NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"accountId":"a","active":true}`))
	}))
	resp, err := srv.Client().Get(srv.URL + "/rest/api/3/myself")
	assert.NoError(t, err)
	resp.Body.Close()
	ex := RecorderOf(srv).Exchanges()
	if assert.Len(t, ex, 1) {
		assert.Equal(t, "getCurrentUser", ex[0].Operation)
		assert.Empty(t, ex[0].Problem)
	}
}

func TestCheckChangelogNullsAsTheSpecExampleShows(t *testing.T) {
	_, problem := check1(t, "GET", "/rest/api/3/issue/LIB-1/changelog", "", 200,
		`{"values":[{"id":"1","items":[{"field":"resolution","fieldtype":"jira","from":"1","fromString":"Done","to":null,"toString":null}]}]}`)
	assert.Empty(t, problem)
	_, problem = check1(t, "GET", "/rest/api/3/issue/LIB-1/changelog", "", 200,
		`{"values":[{"id":"1","items":[{"field":"resolution","fieldtype":"jira","from":1}]}]}`)
	assert.NotEmpty(t, problem)
}

// errorsTB records Errorf instead of failing the test.
type errorsTB struct {
	testing.TB
	errs []string
}

func (e *errorsTB) Errorf(format string, args ...any) {
	e.errs = append(e.errs, fmt.Sprintf(format, args...))
}

func TestAbandonedRequestIsNotAnAnswer(t *testing.T) {
	// A client that cancels while the handler waits (the simulator's
	// latency) gets no answer; the handler writes nothing, and that is not
	// an empty 200 to hold against the spec.
	tb := &errorsTB{TB: t}
	h := Handler(tb, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodGet, "/rest/api/3/serverInfo", nil).WithContext(ctx)
	h.ServeHTTP(httptest.NewRecorder(), req)
	assert.Empty(t, tb.errs)
}
