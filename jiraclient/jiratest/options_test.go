package jiratest_test

import (
	"context"

	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/jiraclient/jiratest/jiraconform"
)

func TestEveryNewStartsFromTheSameSeed(t *testing.T) {
	a, b := jiratest.New(), jiratest.New()
	require.Equal(t, a.IssueKeys(), b.IssueKeys())
	for _, k := range a.IssueKeys() {
		x, _ := a.Issue(k)
		y, _ := b.Issue(k)
		require.Equal(t, x, y, k)
	}
	assert.Equal(t, a.Admin(), b.Admin())
	assert.NotEqual(t, a.Admin().Token, a.NonAdmin().Token)

	// Writes to one site do not leak into another.
	_, err := a.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "only in a"})
	require.NoError(t, err)
	assert.Len(t, a.IssueKeys(), len(b.IssueKeys())+1)
}

func TestLatencyDelaysAndYieldsToCancellation(t *testing.T) {
	e := newEnv(t, jiratest.WithLatency(60*time.Millisecond))
	start := time.Now()
	e.getOK("/rest/api/3/serverInfo")
	assert.GreaterOrEqual(t, time.Since(start), 60*time.Millisecond)

	slow := newEnv(t, jiratest.WithLatency(time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, slow.srv.URL+"/rest/api/3/serverInfo", nil)
	done := make(chan error, 1)
	go func() {
		resp, err := slow.srv.Client().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
	case <-time.After(30 * time.Second): // a failsafe: the latency is an hour
		t.Fatal("a cancelled request was not released")
	}
}

func TestRateLimitPerEndpoint(t *testing.T) {
	e := newEnv(t, jiratest.WithRateLimit(0.01, 2))
	for i := 0; i < 2; i++ {
		assert.Equal(t, http.StatusOK, e.get("/rest/api/3/serverInfo").status)
	}
	r := e.get("/rest/api/3/serverInfo")
	require.Equal(t, http.StatusTooManyRequests, r.status)
	secs, err := strconv.Atoi(r.header.Get("Retry-After"))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, secs, 1)
	assert.Equal(t, "jira-burst-based", r.header.Get("RateLimit-Reason"))
	assert.Equal(t, http.StatusOK, e.get("/rest/api/3/myself").status, "each endpoint has its own bucket")
	assert.Equal(t, 3, e.sim.Requests()["GET /rest/api/3/serverInfo"], "refused requests are counted")
}

// outcomes sends n requests and reports each status, or "drop" for a
// connection closed without an answer.
func outcomes(t *testing.T, sim *jiratest.Sim, n int) []string {
	srv := jiraconform.NewServer(t, sim)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	var out []string
	for i := 0; i < n; i++ {
		resp, err := client.Get(srv.URL + "/rest/api/3/serverInfo")
		if err != nil {
			out = append(out, "drop")
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		out = append(out, strconv.Itoa(resp.StatusCode))
	}
	return out
}

func TestFaultsAreDeterministicUnderASeed(t *testing.T) {
	a := outcomes(t, jiratest.New(jiratest.WithFaults(0.3), jiratest.WithSeed(7)), 60)
	b := outcomes(t, jiratest.New(jiratest.WithFaults(0.3), jiratest.WithSeed(7)), 60)
	c := outcomes(t, jiratest.New(jiratest.WithFaults(0.3), jiratest.WithSeed(8)), 60)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	kinds := map[string]int{}
	failed := 0
	for _, o := range a {
		kinds[o]++
		if o != "200" {
			failed++
		}
	}
	assert.InDelta(t, 18, failed, 12, "about 30%% of requests fail: %v", kinds)
	assert.Greater(t, kinds["drop"], 0, "some connections are dropped: %v", kinds)
	assert.Greater(t, kinds["500"]+kinds["502"]+kinds["503"]+kinds["504"], 0, "some answer 5xx: %v", kinds)
	assert.Equal(t, []string{"200", "200", "200"}, outcomes(t, jiratest.New(jiratest.WithSeed(7)), 3), "no faults without WithFaults")
}

func TestRequestsCountsPerEndpoint(t *testing.T) {
	e := newEnv(t)
	e.get("/rest/api/3/issue/LIB-1")
	e.get("/rest/api/3/issue/LIB-2")
	e.get("/rest/api/3/myself")
	e.get("/rest/api/3/nothing-here")
	got := e.sim.Requests()
	assert.Equal(t, 2, got["GET /rest/api/3/issue/{issueIdOrKey}"])
	assert.Equal(t, 1, got["GET /rest/api/3/myself"])
	assert.Equal(t, 4, e.sim.TotalRequests())
	e.sim.ResetRequests()
	assert.Zero(t, e.sim.TotalRequests())
}

func TestWritesKeepUpdatedCurrent(t *testing.T) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	e := newEnv(t)
	e.sim.SetClock(func() time.Time { return now })
	step := func(desc string, f func()) {
		now = now.Add(time.Minute)
		f()
		is, _ := e.sim.Issue("LIB-12")
		assert.Equal(t, now, is.Updated, desc)
	}
	step("comment", func() { e.do(http.MethodPost, "/rest/api/3/issue/LIB-12/comment", map[string]any{"body": adf("hi")}) })
	step("edit", func() {
		e.do(http.MethodPut, "/rest/api/3/issue/LIB-12", map[string]any{"fields": map[string]any{"summary": "new summary"}})
	})
	step("link", func() {
		e.do(http.MethodPost, "/rest/api/3/issueLink", map[string]any{"type": map[string]any{"name": "Relates"},
			"inwardIssue": map[string]any{"key": "LIB-12"}, "outwardIssue": map[string]any{"key": "LIB-13"}})
	})
	step("transition", func() { transitionTo(t, e, "LIB-12", "Done") })
	res := e.getOK(jql(fmt.Sprintf("project = LIB AND updated >= %d", now.UnixMilli()), "fields=key"))
	assert.Equal(t, []string{"LIB-12"}, keysOf(t, res), "the watermark finds the written issue")
}

func TestAddUserLogsIn(t *testing.T) {
	e := newEnv(t)
	acct, err := e.sim.AddUser(jiratest.UserSpec{Email: "new@library.example", DisplayName: "New Person", Token: "tok-123", TimeZone: "Asia/Tokyo"})
	require.NoError(t, err)
	me := e.asUser(acct).getOK("/rest/api/3/myself")
	assert.Equal(t, "Asia/Tokyo", me["timeZone"])
	_, err = e.sim.AddUser(jiratest.UserSpec{Email: "new@library.example"})
	assert.Error(t, err)
	assert.Error(t, e.sim.SetTimeZone("nobody", "UTC"))
	assert.Error(t, e.sim.SetTimeZone(acct.AccountID, "Mars/Olympus"))
}

func TestGoHelpersForTestsAndTheSandbox(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	e := newEnv(t, jiratest.WithClock(func() time.Time { return now }))
	key, err := e.sim.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "From the sandbox", Status: "In Review",
		Priority: "High", Components: []string{"Circulation"}, FixVersions: []string{"2.0"}, Severity: "Low",
		Description: "line one\nline two", Properties: map[string]any{"spira.sync": map[string]int{"incident": 3}}})
	require.NoError(t, err)
	is, ok := e.sim.Issue(key)
	require.True(t, ok)
	assert.Equal(t, "In Review", is.Status)
	assert.Equal(t, 2, is.History, "To Do -> In Progress -> In Review")
	assert.Equal(t, "Low", is.Custom[jiratest.FieldSeverity])

	got := e.getOK("/rest/api/3/issue/" + key + "?expand=renderedFields")
	assert.Equal(t, "<p>line one</p><p>line two</p>", got["renderedFields"].(map[string]any)["description"])

	now = now.Add(time.Hour)
	_, err = e.sim.AddComment(key, "5b10ac8d82e05b22cc7d4e03", "Looks fixed")
	require.NoError(t, err)
	require.NoError(t, e.sim.AddRemoteLink(key, "g-1", "https://spira.example/x", "IN3"))
	require.NoError(t, e.sim.SetProperty(key, "other", true))
	is, _ = e.sim.Issue(key)
	assert.Equal(t, now, is.Updated, "a comment bumps updated")
	assert.Len(t, is.RemoteLinks, 1)
	assert.JSONEq(t, "true", string(is.Properties["other"]))

	_, err = e.sim.AddIssue(jiratest.IssueSpec{Type: "Bug", Summary: "x", Status: "Blocked"})
	assert.ErrorContains(t, err, "not in the Bug workflow")
	assert.Error(t, e.sim.AddRemoteLink("LIB-999", "g", "u", "t"))
}

func TestTimesHaveMillisecondPrecision(t *testing.T) {
	at := time.Date(2026, 8, 1, 10, 0, 0, 123456789, time.UTC)
	e := newEnv(t, jiratest.WithClock(func() time.Time { return at }))
	key := createBug(t, e, nil)
	is, _ := e.sim.Issue(key)
	assert.Equal(t, at.Truncate(time.Millisecond), is.Created)
	ms := at.UnixMilli()
	res := e.getOK(jql(fmt.Sprintf("project = LIB AND updated = %d", ms), "fields=updated"))
	require.Equal(t, []string{key}, keysOf(t, res))
	assert.Equal(t, "2026-08-01T10:00:00.123+0000", values(t, res, "issues")[0]["fields"].(map[string]any)["updated"])
}

func TestFailNextOnDemand(t *testing.T) {
	e := newEnv(t)
	e.sim.FailNext("GET /rest/api/3/myself", jiratest.Fault503, jiratest.FaultHTML, jiratest.Fault429, jiratest.Fault503Date)
	r := e.get("/rest/api/3/myself")
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, "1", r.header.Get("Retry-After"))
	r = e.get("/rest/api/3/myself")
	assert.Equal(t, http.StatusOK, r.status)
	assert.Contains(t, r.header.Get("Content-Type"), "text/html", "a proxy's login page where JSON was expected")
	r = e.get("/rest/api/3/myself")
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	before := time.Now()
	r = e.get("/rest/api/3/myself")
	after := time.Now()
	require.Equal(t, http.StatusServiceUnavailable, r.status)
	when, err := http.ParseTime(r.header.Get("Retry-After"))
	require.NoError(t, err, "Retry-After as an HTTP date")
	// A second after the answer, in the date's whole seconds.
	assert.False(t, when.Before(before.Add(time.Second).Truncate(time.Second)), "%s is before %s", when, before)
	assert.False(t, when.After(after.Add(time.Second)), "%s is after %s", when, after)
	assert.Equal(t, http.StatusOK, e.get("/rest/api/3/myself").status, "then served normally")
	assert.Equal(t, http.StatusOK, e.get("/rest/api/3/serverInfo").status, "other endpoints are untouched")

	e.sim.FailNext(jiratest.AnyEndpoint, jiratest.Fault500)
	assert.Equal(t, http.StatusInternalServerError, e.get("/rest/api/3/serverInfo").status)
	assert.Equal(t, http.StatusOK, e.get("/rest/api/3/serverInfo").status)

	e.sim.FailNext("GET /rest/api/3/serverInfo", jiratest.FaultDrop)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	_, err = client.Get(e.srv.URL + "/rest/api/3/serverInfo")
	assert.Error(t, err, "the connection is dropped")
}

func TestRateLimitHeadersOnAnswersLetThrough(t *testing.T) {
	e := newEnv(t, jiratest.WithRateLimit(0.01, 5))
	r := e.get("/rest/api/3/serverInfo")
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "5", r.header.Get("X-RateLimit-Limit"))
	assert.Equal(t, "4", r.header.Get("X-RateLimit-Remaining"))
	assert.Empty(t, r.header.Get("X-RateLimit-NearLimit"))
	for range 3 {
		e.get("/rest/api/3/serverInfo")
	}
	r = e.get("/rest/api/3/serverInfo")
	assert.Equal(t, "0", r.header.Get("X-RateLimit-Remaining"))
	assert.Equal(t, "true", r.header.Get("X-RateLimit-NearLimit"), "less than 20% left")

	q := newEnv(t, jiratest.WithRateLimit(0.01, 1), jiratest.WithLimitHeadersOn429Only())
	r = q.get("/rest/api/3/serverInfo")
	require.Equal(t, http.StatusOK, r.status)
	assert.Empty(t, r.header.Get("X-RateLimit-Remaining"))
	r = q.get("/rest/api/3/serverInfo")
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "0", r.header.Get("X-RateLimit-Remaining"))
	assert.NotEmpty(t, r.header.Get("X-RateLimit-Reset"))
}

func TestRateLimitWithoutRetryAfter(t *testing.T) {
	e := newEnv(t, jiratest.WithRateLimit(0.01, 1), jiratest.WithRetryAfterOmitted(2))
	require.Equal(t, http.StatusOK, e.get("/rest/api/3/serverInfo").status)
	first := e.get("/rest/api/3/serverInfo")
	second := e.get("/rest/api/3/serverInfo")
	require.Equal(t, http.StatusTooManyRequests, first.status)
	require.Equal(t, http.StatusTooManyRequests, second.status)
	assert.NotEmpty(t, first.header.Get("Retry-After"))
	assert.Empty(t, second.header.Get("Retry-After"), "every second 429 goes without Retry-After")
	assert.Empty(t, second.header.Get("X-RateLimit-Reset"))
	assert.Equal(t, "jira-burst-based", second.header.Get("RateLimit-Reason"))
	tr := e.sim.Traffic()["GET /rest/api/3/serverInfo"]
	assert.Equal(t, 3, tr.Requests)
	assert.Equal(t, 2, tr.BurstLimited)
	assert.Equal(t, 1, tr.NoRetryAfter)
}

func TestIssueWriteLimit(t *testing.T) {
	e := newEnv(t, jiratest.WithIssueWriteLimit(0.01, 2))
	prop := func(key string) result {
		return e.do(http.MethodPut, "/rest/api/3/issue/"+key+"/properties/p", `{"n":1}`)
	}
	require.Less(t, prop("LIB-1").status, 300)
	require.Less(t, prop("LIB-1").status, 300)
	r := prop("LIB-1")
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "jira-per-issue-on-write", r.header.Get("RateLimit-Reason"))
	assert.NotEmpty(t, r.header.Get("Retry-After"))
	assert.Less(t, prop("LIB-2").status, 300, "each issue has its own budget")
	assert.Equal(t, http.StatusOK, e.get("/rest/api/3/issue/LIB-1").status, "reads are not writes")
	assert.Equal(t, 1, e.sim.Traffic()["PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}"].IssueLimited)
}
