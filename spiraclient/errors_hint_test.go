package spiraclient_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

const deadLinkPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Oops, you've found a dead link. - Jira</title></head>
<body><h1>Oops, you've found a dead link.</h1><script>var lots = "of script";</script></body></html>`

// clientAt is a client for a server that answers every call with status
// and body.
func clientAt(t *testing.T, status int, contentType, body string, path string) *spiraclient.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := spiraclient.New(srv.URL+path, "fred", "{7A060E17-5A1E-4C3B-9D2E-51BCF0060517}", fastRetry())
	require.NoError(t, err)
	return c
}

// Pointing the Spira URL at another web site (the Jira site, an intranet)
// gets an HTML page at some status: the error names the page by its title
// and says what Spira's base URL looks like, instead of quoting the page.
func TestAWebPageAtAnyStatusSaysTheURLIsNotSpira(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusForbidden, http.StatusMethodNotAllowed, http.StatusBadRequest} {
		c := clientAt(t, status, "text/html;charset=UTF-8", deadLinkPage, "")
		_, err := c.Projects(t.Context())
		require.Error(t, err)
		msg := err.Error()
		require.Contains(t, msg, "does not look like Spira", status)
		require.Contains(t, msg, "the address before /Login.aspx", status)
		require.Contains(t, msg, `title "Oops, you've found a dead link. - Jira"`, status)
		require.NotContains(t, msg, "<!DOCTYPE", status)
		require.NotContains(t, msg, "<html", status)
		require.ErrorIs(t, err, spiraclient.ErrNotJSON, status)
		var ae *spiraclient.APIError
		require.ErrorAs(t, err, &ae)
		require.Equal(t, status, ae.StatusCode)
	}

	// A proxy's error page is a failure to retry later, not a wrong URL.
	c := clientAt(t, http.StatusBadGateway, "text/html", "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "")
	_, err := c.Projects(t.Context())
	require.ErrorContains(t, err, `title "502 Bad Gateway"`)
	require.ErrorContains(t, err, "try again later")
	require.NotErrorIs(t, err, spiraclient.ErrNotJSON)
}

// A base URL with a path that is no Spira application never reaches the
// REST service: the web server's own 404 page answers, and the error names
// it and says what Spira's base URL looks like.
func TestAWrongPathNamesTheWebServersPageAndTheBaseURLForm(t *testing.T) {
	sim := spiratest.New()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL+"/spira/extra", a.Login, a.APIKey, fastRetry())
	require.NoError(t, err)
	_, err = c.Projects(t.Context())
	require.ErrorIs(t, err, spiraclient.ErrNotFound)
	require.ErrorIs(t, err, spiraclient.ErrNotJSON)
	require.ErrorContains(t, err, `title "404 - File or directory not found."`)
	require.ErrorContains(t, err, srv.URL+"/spira/extra does not look like Spira")
	require.ErrorContains(t, err, "Spira's base URL is the address before /Login.aspx")
}

// Spira's REST service answers "Endpoint not found." when no call matches
// the path; with a base URL that has a path of its own, the hint shows
// the base URL form.
func TestEndpointNotFoundUnderAPathHintsTheBaseURL(t *testing.T) {
	e := &spiraclient.APIError{StatusCode: 404, Method: "GET", URL: "https://server/spira/extra/Services/v7_0/RestService.svc/projects",
		Messages: []string{"Endpoint not found."}}
	require.ErrorIs(t, e, spiraclient.ErrNotFound)
	require.Contains(t, e.Error(), "Endpoint not found")
	require.Contains(t, e.Error(), "no such call under https://server/spira/extra")
	require.Contains(t, e.Error(), "Spira's base URL is the address before /Login.aspx")

	// At a base URL without a path the same answer means the call is not
	// there (an older Spira): no advice about the URL.
	e = &spiraclient.APIError{StatusCode: 404, Method: "GET", URL: "https://spira.example/Services/v7_0/RestService.svc/x",
		Messages: []string{"Endpoint not found."}}
	require.NotContains(t, e.Error(), "base URL")
	// A 404 of a missing artifact under a path is not about the URL either.
	e = &spiraclient.APIError{StatusCode: 404, Method: "GET", URL: "https://server/SpiraPlan/Services/v7_0/RestService.svc/projects/1/incidents/9",
		Messages: []string{"The incident does not exist"}}
	require.NotContains(t, e.Error(), "base URL")
	// An explicit hint is kept.
	e = &spiraclient.APIError{StatusCode: 404, URL: "https://server/SpiraPlan/Services/v7_0/RestService.svc/projects/1/tasks/new",
		Messages: []string{"Endpoint not found."}, Hint: "this call needs Spira 7.5 or later"}
	require.Contains(t, e.Error(), "(this call needs Spira 7.5 or later)")
}

// A rate limit that outlasts the retries ends with advice, not only the
// status.
func TestARateLimitThatOutlastsTheRetriesSaysWhatToDo(t *testing.T) {
	sim := spiratest.New()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL, a.Login, a.APIKey, fastRetry())
	require.NoError(t, err)
	codes := make([]int, 200)
	for i := range codes {
		codes[i] = http.StatusTooManyRequests
	}
	sim.FailNext("GET projects", codes...)
	_, err = c.Projects(t.Context())
	var ae *spiraclient.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, http.StatusTooManyRequests, ae.StatusCode)
	require.ErrorContains(t, err, "wait a few minutes and run again")
	require.Greater(t, sim.Requests()["GET /Services/v7_0/RestService.svc/projects"], 10, "the limit was waited out many times first")
}

func TestNetworkErrorSaysCheckTheURLAndNetwork(t *testing.T) {
	e := &spiraclient.NetworkError{Method: "GET", URL: "http://127.0.0.1:1/Services/v7_0/RestService.svc/projects",
		Err: fmt.Errorf("dial tcp 127.0.0.1:1: connect: %w", syscall.ECONNREFUSED)}
	require.Contains(t, e.Error(), "connection refused")
	require.Contains(t, e.Error(), "check the Spira URL and your network")
	require.ErrorIs(t, e, syscall.ECONNREFUSED)

	e = &spiraclient.NetworkError{Method: "GET", URL: "http://spira.example/x", Err: context.Canceled}
	require.NotContains(t, e.Error(), "network", "a cancelled call is not a network problem")
	require.True(t, errors.Is(e, context.Canceled))
}
