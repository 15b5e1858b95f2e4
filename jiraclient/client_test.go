package jiraclient_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/jiraclient/jiratest/jiraconform"
)

// newSim starts the simulator behind a server that validates every exchange
// against Atlassian's spec, and returns a client logged in as the admin.
func newSim(t *testing.T, opts ...jiratest.Option) (*jiratest.Sim, string, *jiraclient.Client) {
	t.Helper()
	sim := jiratest.New(opts...)
	srv := jiraconform.NewServer(t, sim)
	return sim, srv.URL, clientFor(t, srv.URL, sim.Admin())
}

func clientFor(t *testing.T, url string, a jiratest.Account, opts ...jiraclient.Option) *jiraclient.Client {
	t.Helper()
	opts = append([]jiraclient.Option{jiraclient.WithRetry(3, time.Millisecond, 10*time.Millisecond)}, opts...)
	c, err := jiraclient.New(url, a.Email, a.Token, opts...)
	require.NoError(t, err)
	return c
}

func TestNewValidatesSiteURL(t *testing.T) {
	for _, tc := range []struct {
		url, want, wantErr string
	}{
		{url: "https://lib.atlassian.net/", want: "https://lib.atlassian.net"},
		{url: " https://lib.atlassian.net ", want: "https://lib.atlassian.net"},
		{url: "https://api.atlassian.com/ex/jira/abc-123/", want: "https://api.atlassian.com/ex/jira/abc-123"},
		{url: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{url: "", wantErr: "site URL is missing"},
		{url: "lib.atlassian.net", wantErr: "use https://lib.atlassian.net"},
		{url: "ftp://lib.atlassian.net", wantErr: "must start with https://"},
		{url: "https://", wantErr: "no host name"},
		{url: "https://me:pw@lib.atlassian.net", wantErr: "must not contain a user name"},
		{url: "https://lib.atlassian.net/rest/api/3", wantErr: "use the site root https://lib.atlassian.net"},
		{url: "https://lib.atlassian.net/browse/LIB-1", wantErr: "use the site root"},
		{url: "https://lib.atlassian.net/jira/software/projects/LIB/boards/1", wantErr: "use the site root"},
		{url: "https://lib.atlassian.net/?x=1", wantErr: "must not have a query"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			c, err := jiraclient.New(tc.url, "a@b.example", "tok")
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, c.SiteURL())
		})
	}
	_, err := jiraclient.New("https://lib.atlassian.net", "", "tok")
	require.ErrorContains(t, err, "e-mail")
	_, err = jiraclient.New("https://lib.atlassian.net", "admin", "tok")
	require.ErrorContains(t, err, "not a user name")
	_, err = jiraclient.New("https://lib.atlassian.net", "a@b.example", "")
	require.ErrorContains(t, err, "API token is missing")
}

func TestMyselfAndServerInfo(t *testing.T) {
	sim, _, c := newSim(t)
	ctx := t.Context()
	me, err := c.Myself(ctx)
	require.NoError(t, err)
	require.Equal(t, sim.Admin().AccountID, me.AccountID)
	require.Equal(t, sim.Admin().Email, me.EmailAddress)
	require.Equal(t, "Australia/Sydney", me.TimeZone)
	require.Equal(t, "Australia/Sydney", me.Location().String())
	require.Equal(t, "atlassian", me.AccountType)

	si, err := c.ServerInfo(ctx)
	require.NoError(t, err)
	require.Equal(t, "Cloud", si.DeploymentType)
	require.NotEmpty(t, si.ServerTime)
}

func TestProjects(t *testing.T) {
	_, _, c := newSim(t)
	ctx := t.Context()
	var keys []string
	for p, err := range c.Projects(ctx, jiraclient.ProjectQuery{}) {
		require.NoError(t, err)
		keys = append(keys, p.Key)
	}
	require.Contains(t, keys, jiratest.ProjectKey)

	page, err := c.ProjectsPage(ctx, jiraclient.ProjectQuery{Query: "library"}, 0, 10)
	require.NoError(t, err)
	require.Len(t, page.Values, 1)
	require.Equal(t, "Library Information System", page.Values[0].Name)

	p, err := c.Project(ctx, jiratest.ProjectKey)
	require.NoError(t, err)
	require.Equal(t, jiratest.ProjectID, p.ID)
	require.False(t, p.Simplified, "LIB is company-managed")
	require.Len(t, p.IssueTypes, 5)
}

func TestProjectMetadata(t *testing.T) {
	_, _, c := newSim(t)
	ctx := t.Context()

	its, err := c.IssueTypes(ctx, jiratest.ProjectID)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"Epic", "Story", "Task", "Bug", "Sub-task"}, names(its, func(i jiraclient.IssueType) string { return i.Name }))

	sts, err := c.Statuses(ctx, jiratest.ProjectKey)
	require.NoError(t, err)
	bug := find(t, sts, func(s jiraclient.IssueTypeStatuses) bool { return s.Name == "Bug" })
	review := find(t, bug.Statuses, func(s jiraclient.Status) bool { return s.Name == "In Review" })
	require.Equal(t, "indeterminate", review.CategoryKey())
	done := find(t, bug.Statuses, func(s jiraclient.Status) bool { return s.Name == "Done" })
	require.Equal(t, "done", done.CategoryKey())

	prs, err := c.Priorities(ctx, jiratest.ProjectID)
	require.NoError(t, err)
	require.Equal(t, []string{"Highest", "High", "Medium", "Low", "Lowest"}, names(prs, func(p jiraclient.Priority) string { return p.Name }))

	res, err := c.Resolutions(ctx)
	require.NoError(t, err)
	require.Len(t, res, 4)

	cs, err := c.Components(ctx, jiratest.ProjectKey)
	require.NoError(t, err)
	require.Contains(t, names(cs, func(c jiraclient.Component) string { return c.Name }), "Circulation")

	vs, err := c.Versions(ctx, jiratest.ProjectKey)
	require.NoError(t, err)
	require.Len(t, vs, 5)
	pilot := find(t, vs, func(v jiraclient.Version) bool { return v.Name == "0.9 Pilot" })
	require.True(t, pilot.Released)
	require.True(t, pilot.Archived)
	require.Equal(t, "2025-05-30", pilot.ReleaseDate)

	// Paging: two per page still yields all five, in order.
	p1, err := c.VersionsPage(ctx, jiratest.ProjectKey, 0, 2)
	require.NoError(t, err)
	require.Len(t, p1.Values, 2)
	require.False(t, p1.IsLast)
	p3, err := c.VersionsPage(ctx, jiratest.ProjectKey, 4, 2)
	require.NoError(t, err)
	require.True(t, p3.IsLast)
	require.Equal(t, vs[4].ID, p3.Values[0].ID)

	sec, err := c.SecurityLevels(ctx, jiratest.ProjectKey)
	require.NoError(t, err)
	require.Equal(t, []string{"Staff", "Management", "Security Team"}, names(sec, func(s jiraclient.SecurityLevel) string { return s.Name }))

	lts, err := c.IssueLinkTypes(ctx)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"Blocks", "Cloners", "Duplicate", "Relates"}, names(lts, func(l jiraclient.IssueLinkType) string { return l.Name }))
}

func TestVersionCreateAndUpdate(t *testing.T) {
	sim, url, c := newSim(t)
	ctx := t.Context()
	v, err := c.CreateVersion(ctx, jiraclient.Version{Name: "3.0", ProjectID: 10000, ReleaseDate: "2026-12-01"})
	require.NoError(t, err)
	require.NotEmpty(t, v.ID)
	require.Equal(t, "2026-12-01", v.ReleaseDate)

	released := true
	desc := "Shipped"
	up, err := c.UpdateVersion(ctx, v.ID, jiraclient.VersionUpdate{Released: &released, Description: &desc})
	require.NoError(t, err)
	require.True(t, up.Released)
	require.Equal(t, "Shipped", up.Description)
	got, err := c.Version(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, "3.0", got.Name)
	require.True(t, got.Released)

	// A non-admin may not create versions.
	member := clientFor(t, url, sim.NonAdmin())
	_, err = member.CreateVersion(ctx, jiraclient.Version{Name: "3.1", ProjectID: 10000})
	require.Error(t, err)
	var ae *jiraclient.APIError
	require.ErrorAs(t, err, &ae)
	require.Contains(t, []int{400, 403, 404}, ae.StatusCode)
}

func TestFieldsContextsOptionsAndCreateMeta(t *testing.T) {
	sim, url, c := newSim(t)
	ctx := t.Context()
	fs, err := c.Fields(ctx)
	require.NoError(t, err)
	sev := find(t, fs, func(f jiraclient.Field) bool { return f.Name == "Severity" })
	require.True(t, sev.Custom)
	require.Equal(t, "option", sev.Schema.Type)
	require.Equal(t, jiraclient.SpiraList, jiraclient.SpiraTypeFor(sev.Schema))

	branches := find(t, fs, func(f jiraclient.Field) bool { return f.Name == "Affected Branches" })
	ctxs, err := c.FieldContexts(ctx, branches.ID)
	require.NoError(t, err)
	require.Len(t, ctxs, 2)
	opts, err := c.FieldOptions(ctx, branches.ID, ctxs[0].ID)
	require.NoError(t, err)
	require.Contains(t, names(opts, func(o jiraclient.FieldOption) string { return o.Value }), "Central")

	maps, err := c.FieldContextProjects(ctx, branches.ID)
	require.NoError(t, err)
	require.NotEmpty(t, maps)

	types, err := c.CreateMetaIssueTypes(ctx, jiratest.ProjectKey)
	require.NoError(t, err)
	bug := find(t, types, func(i jiraclient.IssueType) bool { return i.Name == "Bug" })
	metas, err := c.CreateMetaFields(ctx, jiratest.ProjectKey, bug.ID)
	require.NoError(t, err)
	sm := find(t, metas, func(m jiraclient.FieldMeta) bool { return m.FieldID == sev.ID })
	require.Equal(t, []string{"Critical", "High", "Medium", "Low"}, names(sm.Allowed(), jiraclient.AllowedValue.Label))
	summary := find(t, metas, func(m jiraclient.FieldMeta) bool { return m.FieldID == "summary" })
	require.True(t, summary.Required)

	// Contexts are for administrators only.
	member := clientFor(t, url, sim.NonAdmin())
	_, err = member.FieldContexts(ctx, sev.ID)
	require.ErrorIs(t, err, jiraclient.ErrForbidden)
	var ae *jiraclient.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 403, ae.StatusCode)
	require.Equal(t, "GET", ae.Method)
	require.Contains(t, ae.URL, "/rest/api/3/field/"+sev.ID+"/context")
	require.NotEmpty(t, ae.Messages)
}

func TestUsers(t *testing.T) {
	sim, _, c := newSim(t)
	ctx := t.Context()
	us, err := c.SearchUsers(ctx, "priya", 10)
	require.NoError(t, err)
	require.Len(t, us, 1)
	require.Equal(t, "Priya Patel", us[0].DisplayName)
	require.Empty(t, us[0].EmailAddress, "Priya hides her e-mail")

	u, err := c.User(ctx, sim.NonAdmin().AccountID)
	require.NoError(t, err)
	require.Equal(t, "America/Los_Angeles", u.TimeZone)

	bulk, err := c.UsersBulk(ctx, []string{sim.Admin().AccountID, sim.NonAdmin().AccountID})
	require.NoError(t, err)
	require.ElementsMatch(t, []string{sim.Admin().AccountID, sim.NonAdmin().AccountID}, names(bulk, func(u jiraclient.User) string { return u.AccountID }))

	as, err := c.AssignableUsers(ctx, jiratest.ProjectKey, "")
	require.NoError(t, err)
	require.Contains(t, names(as, func(u jiraclient.User) string { return u.AccountID }), sim.NonAdmin().AccountID)

	_, err = c.User(ctx, "000000000000000000000000")
	require.ErrorIs(t, err, jiraclient.ErrNotFound)
}

func TestSearchWalksEveryPage(t *testing.T) {
	_, _, c := newSim(t)
	ctx := t.Context()
	jql := "project = LIB ORDER BY key ASC"
	all, err := c.SearchPage(ctx, jiraclient.SearchRequest{JQL: jql, Fields: []string{"summary", "updated"}, MaxResults: 1000})
	require.NoError(t, err)
	require.True(t, all.IsLast)
	require.Empty(t, all.NextPageToken)
	require.Greater(t, len(all.Issues), 10)

	first, err := c.SearchPage(ctx, jiraclient.SearchRequest{JQL: jql, MaxResults: 7})
	require.NoError(t, err)
	require.Len(t, first.Issues, 7)
	require.NotEmpty(t, first.NextPageToken)
	require.False(t, first.IsLast)

	var keys []string
	for is, err := range c.Search(ctx, jiraclient.SearchRequest{JQL: jql, Fields: []string{"summary"}, MaxResults: 7}) {
		require.NoError(t, err)
		require.NotEmpty(t, is.Summary())
		keys = append(keys, is.Key)
	}
	require.Equal(t, names(all.Issues, func(i jiraclient.Issue) string { return i.Key }), keys)

	// Breaking out of the loop stops the walk.
	n := 0
	for range c.Search(ctx, jiraclient.SearchRequest{JQL: jql, MaxResults: 2}) {
		n++
		if n == 3 {
			break
		}
	}
	require.Equal(t, 3, n)

	// Unbounded JQL is refused by Jira with a 400.
	_, err = c.SearchPage(ctx, jiraclient.SearchRequest{JQL: "order by key"})
	var ae *jiraclient.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 400, ae.StatusCode)
}

func TestIssueLifecycle(t *testing.T) {
	_, _, c := newSim(t)
	ctx := t.Context()
	doc := json.RawMessage(`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Found in Spira."}]}]}`)
	created, err := c.CreateIssue(ctx, jiraclient.IssueUpdate{
		Fields: map[string]any{
			"project": map[string]string{"key": "LIB"}, "issuetype": map[string]string{"name": "Bug"},
			"summary": "Barcode scanner drops digits", "description": doc,
			"customfield_10030": map[string]string{"value": "High"},
		},
		Properties: []jiraclient.EntityProperty{{Key: "spira.sync", Value: json.RawMessage(`{"incident":42}`)}},
	})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(created.Key, "LIB-"))

	is, err := c.GetIssue(ctx, created.Key, jiraclient.IssueOptions{Expand: "renderedFields", Properties: []string{"spira.sync"}})
	require.NoError(t, err)
	require.Equal(t, created.ID, is.ID)
	require.Equal(t, "Barcode scanner drops digits", is.Summary())
	require.Equal(t, "Bug", is.IssueType().Name)
	require.Equal(t, "To Do", is.Status().Name)
	require.JSONEq(t, string(doc), string(is.Description()))
	require.Contains(t, is.RenderedField("description"), "Found in Spira.")
	require.JSONEq(t, `{"incident":42}`, string(is.Properties["spira.sync"]))
	require.False(t, is.Created().IsZero())
	var sev struct{ Value string }
	ok, err := is.Field("customfield_10030", &sev)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "High", sev.Value)

	require.NoError(t, c.EditIssue(ctx, created.Key, jiraclient.IssueUpdate{Fields: map[string]any{"summary": "Scanner drops digits", "priority": map[string]string{"id": "2"}}}))
	is, err = c.GetIssue(ctx, created.ID, jiraclient.IssueOptions{Fields: []string{"summary", "priority"}})
	require.NoError(t, err)
	require.Equal(t, "Scanner drops digits", is.Summary())
	require.Equal(t, "High", is.Priority().Name)
	require.Nil(t, is.Status(), "only the fields asked for")

	// Transitions: from To Do a bug can start progress but not be approved.
	ts, err := c.Transitions(ctx, created.Key)
	require.NoError(t, err)
	start := find(t, ts, func(tr jiraclient.Transition) bool { return tr.To != nil && tr.To.Name == "In Progress" })
	require.NotContains(t, names(ts, func(tr jiraclient.Transition) string { return tr.To.Name }), "In Review")
	require.NoError(t, c.DoTransition(ctx, created.Key, jiraclient.DoTransition{Transition: jiraclient.TransitionRef{ID: start.ID}}))
	is, err = c.GetIssue(ctx, created.Key, jiraclient.IssueOptions{Fields: []string{"status"}})
	require.NoError(t, err)
	require.Equal(t, "In Progress", is.Status().Name)

	// Comments: add three, read them back one per page, oldest first.
	for _, s := range []string{"one", "two", "three"} {
		body := json.RawMessage(`{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"` + s + `"}]}]}`)
		cm, err := c.AddComment(ctx, created.Key, jiraclient.Comment{Body: body})
		require.NoError(t, err)
		require.NotEmpty(t, cm.ID)
	}
	page, err := c.CommentsPage(ctx, created.Key, 0, 1)
	require.NoError(t, err)
	require.Equal(t, 3, page.Total)
	require.Len(t, page.Comments, 1)
	var texts []string
	for cm, err := range c.Comments(ctx, created.Key) {
		require.NoError(t, err)
		texts = append(texts, string(cm.Body))
	}
	require.Len(t, texts, 3)
	require.Contains(t, texts[0], `"one"`)
	require.Contains(t, texts[2], `"three"`)

	// Issue links.
	require.NoError(t, c.LinkIssues(ctx, jiraclient.NewIssueLink{Type: jiraclient.IssueLinkType{Name: "Relates"},
		InwardIssue: jiraclient.IssueRef{Key: created.Key}, OutwardIssue: jiraclient.IssueRef{Key: "LIB-1"}}))
	is, err = c.GetIssue(ctx, created.Key, jiraclient.IssueOptions{Fields: []string{"issuelinks"}})
	require.NoError(t, err)
	links := is.IssueLinks()
	require.Len(t, links, 1)
	require.Equal(t, "Relates", links[0].Type.Name)
	l, err := c.IssueLink(ctx, links[0].ID)
	require.NoError(t, err)
	require.Equal(t, links[0].ID, l.ID)
	require.NoError(t, c.DeleteIssueLink(ctx, links[0].ID))
	_, err = c.IssueLink(ctx, links[0].ID)
	require.ErrorIs(t, err, jiraclient.ErrNotFound)

	// Remote links upsert by globalId.
	rl := jiraclient.RemoteLink{GlobalID: "system=https://spira.example&id=IN42",
		Application: &jiraclient.RemoteLinkApplication{Type: "com.inflectra.spira", Name: "SpiraPlan"},
		Object:      jiraclient.RemoteLinkObject{URL: "https://spira.example/IN42", Title: "IN:42"}}
	id1, err := c.UpsertRemoteLink(ctx, created.Key, rl)
	require.NoError(t, err)
	rl.Object.Title = "IN:42 Barcode"
	id2, err := c.UpsertRemoteLink(ctx, created.Key, rl)
	require.NoError(t, err)
	require.Equal(t, id1.ID, id2.ID)
	rls, err := c.RemoteLinks(ctx, created.Key, "")
	require.NoError(t, err)
	require.Len(t, rls, 1)
	require.Equal(t, "IN:42 Barcode", rls[0].Object.Title)
	one, err := c.RemoteLinks(ctx, created.Key, rl.GlobalID)
	require.NoError(t, err)
	require.Len(t, one, 1)
	require.NoError(t, c.DeleteRemoteLink(ctx, created.Key, rl.GlobalID))
	rls, err = c.RemoteLinks(ctx, created.Key, "")
	require.NoError(t, err)
	require.Empty(t, rls)

	// Issue properties.
	require.NoError(t, c.SetIssueProperty(ctx, created.Key, "spira.run", map[string]int{"run": 7}))
	keys, err := c.IssuePropertyKeys(ctx, created.Key)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"spira.sync", "spira.run"}, keys)
	p, err := c.IssueProperty(ctx, created.Key, "spira.run")
	require.NoError(t, err)
	require.JSONEq(t, `{"run":7}`, string(p.Value))
	require.NoError(t, c.DeleteIssueProperty(ctx, created.Key, "spira.run"))
	_, err = c.IssueProperty(ctx, created.Key, "spira.run")
	require.ErrorIs(t, err, jiraclient.ErrNotFound)

	em, err := c.EditMeta(ctx, created.Key)
	require.NoError(t, err)
	require.Contains(t, em, "summary")
}

func TestErrorBranchesAgainstTheSimulator(t *testing.T) {
	sim, url, c := newSim(t)
	ctx := t.Context()
	bad := jiratest.Account{Email: sim.Admin().Email, Token: "ATATT3xWrongToken"}
	wrong := clientFor(t, url, bad)

	// 401 on an endpoint that needs a login.
	_, err := wrong.Myself(ctx)
	require.ErrorIs(t, err, jiraclient.ErrUnauthorized)
	var ae *jiraclient.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 401, ae.StatusCode)
	require.NotContains(t, err.Error(), bad.Token)
	require.Contains(t, err.Error(), "tokens expire after at most a year", "a refused token may simply be an old one")

	// 200 answered anonymously with AUTHENTICATED_FAILED.
	_, err = wrong.ProjectsPage(ctx, jiraclient.ProjectQuery{}, 0, 50)
	require.ErrorIs(t, err, jiraclient.ErrUnauthorized)
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 200, ae.StatusCode)
	require.Contains(t, err.Error(), "AUTHENTICATED_FAILED")

	// 404 answered anonymously: a refused token, not a missing project.
	_, err = wrong.Statuses(ctx, "LIB")
	require.ErrorIs(t, err, jiraclient.ErrUnauthorized)
	require.NotErrorIs(t, err, jiraclient.ErrNotFound)
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 404, ae.StatusCode)
	require.Contains(t, err.Error(), "credentials were refused")
	require.NotContains(t, err.Error(), "No project could be found")

	// 404.
	_, err = c.GetIssue(ctx, "LIB-99999", jiraclient.IssueOptions{})
	require.ErrorIs(t, err, jiraclient.ErrNotFound)
	require.ErrorContains(t, err, "Issue does not exist")

	// 400 with field errors: a string where v3 wants ADF, a field off screen.
	_, err = c.CreateIssue(ctx, jiraclient.IssueUpdate{Fields: map[string]any{
		"project": map[string]string{"key": "LIB"}, "issuetype": map[string]string{"name": "Task"},
		"summary": "x", "description": "plain text", "customfield_10030": map[string]string{"value": "High"},
	}})
	require.ErrorAs(t, err, &ae)
	require.Equal(t, 400, ae.StatusCode)
	require.Contains(t, ae.FieldErrors["description"], "Atlassian Document")
	require.Contains(t, ae.FieldErrors, "customfield_10030")
	require.Contains(t, err.Error(), "description: ")

	// 410 on the removed search names the replacement.
	err = c.Do(ctx, "GET", "/rest/api/3/search", map[string][]string{"jql": {"project = LIB"}}, nil, nil)
	require.ErrorIs(t, err, jiraclient.ErrGone)
	require.ErrorContains(t, err, "/rest/api/3/search/jql")
	require.ErrorContains(t, err, "CHANGE-2046")
}

func TestRateLimitedThenSuccess(t *testing.T) {
	// One token per endpoint and a slow refill: the second call meets a 429
	// with Retry-After and succeeds after waiting it out.
	sim, _, c := newSim(t, jiratest.WithRateLimit(1, 1))
	ctx := t.Context()
	const endpoint = "GET /rest/api/3/issueLinkType"
	_, err := c.IssueLinkTypes(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, sim.Requests()[endpoint])
	// The bucket gives the token back a second after the first call, so the
	// next call meets the 429 unless a loaded machine held it back that
	// long; then it is served at once and the call after it is the test.
	for calls := 2; calls <= 50; calls++ {
		start := time.Now()
		lts, err := c.IssueLinkTypes(ctx)
		took := time.Since(start)
		require.NoError(t, err)
		require.Len(t, lts, 4)
		n := sim.Requests()[endpoint]
		if n == calls {
			continue // the token was back: not refused
		}
		require.GreaterOrEqual(t, took, 500*time.Millisecond, "the Retry-After wait was honoured")
		require.Equal(t, calls+1, n, "one 429, then the retry after Retry-After is served")
		return
	}
	t.Fatal("no call met the rate limit")
}

func TestDebugLogRedactsSecrets(t *testing.T) {
	sim, url, _ := newSim(t)
	var buf bytes.Buffer
	a := sim.Admin()
	c := clientFor(t, url, a, jiraclient.WithDebug(&buf), jiraclient.WithUserAgent("spirajira-test/1"))
	_, err := c.Myself(t.Context())
	require.NoError(t, err)
	log := buf.String()
	require.Contains(t, log, "> GET "+url+"/rest/api/3/myself")
	require.Contains(t, log, "Authorization: Basic [REDACTED]")
	require.Contains(t, log, "User-Agent: spirajira-test/1")
	require.Contains(t, log, "< 200 OK")
	require.Contains(t, log, `< {"self":`, "the response body is shown")

	_, err = c.SearchPage(t.Context(), jiraclient.SearchRequest{JQL: "project = LIB", MaxResults: 1})
	require.NoError(t, err)
	log = buf.String()
	require.Contains(t, log, `> {"jql":"project = LIB","maxResults":1}`, "the request body is shown")

	// A body longer than the log shows still reaches the caller whole.
	logged, err := c.Fields(t.Context())
	require.NoError(t, err)
	plain, err := clientFor(t, url, a).Fields(t.Context())
	require.NoError(t, err)
	require.Equal(t, plain, logged)
	require.Contains(t, buf.String(), " ...\n")
	require.NotContains(t, log, a.Token)
	require.NotContains(t, log, base64.StdEncoding.EncodeToString([]byte(a.Email+":"+a.Token)))
}

func TestFetchCatalogAsAdmin(t *testing.T) {
	_, _, c := newSim(t)
	cat, err := c.FetchCatalog(t.Context(), jiratest.ProjectKey)
	require.NoError(t, err)
	require.Equal(t, jiratest.ProjectID, cat.Project.ID)
	require.Empty(t, cat.Problems)
	for _, p := range []jiraclient.Part{jiraclient.PartIssueTypes, jiraclient.PartStatuses, jiraclient.PartPriorities,
		jiraclient.PartResolutions, jiraclient.PartComponents, jiraclient.PartVersions, jiraclient.PartFields,
		jiraclient.PartOptions, jiraclient.PartSecurityLevels, jiraclient.PartLinkTypes, jiraclient.PartUsers, jiraclient.PartCreateMeta} {
		require.Equal(t, jiraclient.SourceAPI, cat.Sources[p], "part %s", p)
	}
	require.Len(t, cat.IssueTypes, 5)
	require.Len(t, cat.Priorities, 5)
	require.Len(t, cat.Resolutions, 4)
	require.Len(t, cat.Versions, 5)
	require.Len(t, cat.SecurityLevels, 3)
	require.Len(t, cat.LinkTypes, 4)
	require.NotEmpty(t, cat.Users)
	require.Len(t, cat.CreateMeta, 5)
	sev := cat.Options["customfield_10030"]
	require.Len(t, sev, 1)
	require.Equal(t, []string{"Critical", "High", "Medium", "Low"}, names(sev[0].Options, func(o jiraclient.FieldOption) string { return o.Value }))
	require.Len(t, cat.Options["customfield_10031"], 2, "one entry per context")
	var statusNames []string
	for _, s := range cat.StatusList() {
		statusNames = append(statusNames, s.Name)
	}
	require.Subset(t, statusNames, []string{"To Do", "In Progress", "In Review", "Done"})
}

func TestFetchCatalogAsNonAdminFallsBackToCreateMeta(t *testing.T) {
	sim, url, _ := newSim(t)
	c := clientFor(t, url, sim.NonAdmin())
	cat, err := c.FetchCatalog(t.Context(), jiratest.ProjectKey)
	require.NoError(t, err)
	require.Equal(t, jiraclient.SourceCreateMeta, cat.Sources[jiraclient.PartOptions])
	sev := cat.Options["customfield_10030"]
	require.Len(t, sev, 1)
	require.Equal(t, "createmeta", sev[0].Context.ID)
	require.Equal(t, []string{"Critical", "High", "Medium", "Low"}, names(sev[0].Options, func(o jiraclient.FieldOption) string { return o.Value }))
	require.NotEmpty(t, cat.Problems)
	require.True(t, slices.ContainsFunc(cat.Problems, func(p string) bool { return strings.Contains(p, "administration") }))
}

func TestFetchCatalogFailsOnBadCredentialsAndUnknownProject(t *testing.T) {
	sim, url, c := newSim(t)
	_, err := c.FetchCatalog(t.Context(), "NOPE")
	require.ErrorIs(t, err, jiraclient.ErrNotFound)

	wrong := clientFor(t, url, jiratest.Account{Email: sim.Admin().Email, Token: "wrong"})
	_, err = wrong.FetchCatalog(t.Context(), jiratest.ProjectKey)
	require.Error(t, err)
	require.True(t, errors.Is(err, jiraclient.ErrUnauthorized) || errors.Is(err, jiraclient.ErrNotFound), "got %v", err)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = c.FetchCatalog(ctx, jiratest.ProjectKey)
	require.ErrorIs(t, err, context.Canceled)
}

func names[T any](xs []T, f func(T) string) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func find[T any](t *testing.T, xs []T, f func(T) bool) T {
	t.Helper()
	i := slices.IndexFunc(xs, f)
	require.GreaterOrEqual(t, i, 0, "not found in %d items", len(xs))
	return xs[i]
}

func TestReadsSurviveInjectedFaults(t *testing.T) {
	// A quarter of the requests fail with 5xx (some as HTML gateway pages)
	// or a dropped connection; every read still succeeds through retries.
	sim, url, _ := newSim(t, jiratest.WithFaults(0.25), jiratest.WithSeed(11))
	c := clientFor(t, url, sim.Admin(), jiraclient.WithRetry(8, time.Millisecond, 5*time.Millisecond))
	ctx := t.Context()
	const calls = 24
	for range calls {
		lts, err := c.IssueLinkTypes(ctx)
		require.NoError(t, err)
		require.Len(t, lts, 4)
	}
	require.Greater(t, sim.Requests()["GET /rest/api/3/issueLinkType"], calls, "faults were injected and retried")
}

func TestScopedTokenWorksOnlyThroughTheGateway(t *testing.T) {
	sim, url, _ := newSim(t)
	a, err := sim.AddUser(jiratest.UserSpec{Email: "bot@library.example", DisplayName: "Sync bot",
		Token: "ATATT3xScopedToken" + strings.Repeat("x", 40), ScopedToken: true})
	require.NoError(t, err)
	onSite := clientFor(t, url, a)
	_, err = onSite.Myself(t.Context())
	require.ErrorIs(t, err, jiraclient.ErrUnauthorized)

	cloud, err := onSite.CloudID(t.Context())
	require.NoError(t, err)
	require.Equal(t, jiratest.CloudID, cloud)
	gw := jiraclient.GatewaySiteURL(url, cloud)
	require.Equal(t, url+"/ex/jira/"+jiratest.CloudID, gw)
	viaGateway := clientFor(t, gw, a)
	me, err := viaGateway.Myself(t.Context())
	require.NoError(t, err)
	require.Equal(t, a.AccountID, me.AccountID)
	require.Equal(t, "https://api.atlassian.com/ex/jira/abc", jiraclient.GatewaySiteURL("", "abc"))
}

func TestRequestsOnTheWire(t *testing.T) {
	sim := jiratest.New()
	srv := jiraconform.NewServer(t, sim)
	c := clientFor(t, srv.URL, sim.Admin())
	ctx := t.Context()
	rec := jiraconform.RecorderOf(srv)
	last := func() jiraconform.Exchange {
		ex := rec.Exchanges()
		return ex[len(ex)-1]
	}

	_, err := c.Priorities(ctx, jiratest.ProjectID)
	require.NoError(t, err)
	ex := last()
	require.Equal(t, "GET", ex.Method)
	require.True(t, strings.HasPrefix(ex.Path, "/rest/api/3/priority/search?"), ex.Path)
	require.Contains(t, ex.Path, "projectId="+jiratest.ProjectID)
	require.Equal(t, "searchPriorities", ex.Operation)

	_, err = c.SearchPage(ctx, jiraclient.SearchRequest{JQL: "project = LIB", Fields: []string{"summary", "status"}, MaxResults: 5, NextPageToken: ""})
	require.NoError(t, err)
	ex = last()
	require.Equal(t, "POST", ex.Method)
	require.Equal(t, "/rest/api/3/search/jql", ex.Path)
	require.JSONEq(t, `{"jql":"project = LIB","fields":["summary","status"],"maxResults":5}`, string(ex.ReqBody))

	_, err = c.UsersBulk(ctx, []string{sim.Admin().AccountID, sim.NonAdmin().AccountID})
	require.NoError(t, err)
	ex = last()
	require.Contains(t, ex.Path, "accountId="+sim.Admin().AccountID)
	require.Contains(t, ex.Path, "accountId="+sim.NonAdmin().AccountID)

	_, err = c.RemoteLinks(ctx, "LIB-1", "system=x&id=1")
	require.NoError(t, err)
	require.Contains(t, last().Path, "globalId=system%3Dx%26id%3D1")

	_, err = c.Transitions(ctx, "LIB-1")
	require.NoError(t, err)
	require.Equal(t, "/rest/api/3/issue/LIB-1/transitions?expand=transitions.fields", last().Path)

	_, err = c.CreateMetaFields(ctx, "LIB", "10003")
	require.NoError(t, err)
	require.Contains(t, last().Path, "/rest/api/3/issue/createmeta/LIB/issuetypes/10003?")
	require.Contains(t, last().Path, "maxResults=200")

	for _, ex := range rec.Exchanges() {
		require.Empty(t, ex.Problem, "%s %s", ex.Method, ex.Path)
	}
}

func TestFetchCatalogFallsBackWherePartsAreWithheld(t *testing.T) {
	// A site where the account sees no security levels (it lacks Set Issue
	// Security) and may not search priorities: both come from createmeta.
	// The simulator grants both, so a wrapper withholds them.
	sim := jiratest.New()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/securitylevel"):
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"levels":[]}`))
		case r.URL.Path == "/rest/api/3/priority/search":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"errorMessages":["You are not allowed to do this."],"errors":{}}`))
		default:
			sim.ServeHTTP(w, r)
		}
	}))
	defer srv.Close()
	c := clientFor(t, srv.URL, sim.Admin())
	cat, err := c.FetchCatalog(t.Context(), jiratest.ProjectKey)
	require.NoError(t, err)
	require.Equal(t, jiraclient.SourceCreateMeta, cat.Sources[jiraclient.PartSecurityLevels])
	require.ElementsMatch(t, []string{"Staff", "Management", "Security Team"}, names(cat.SecurityLevels, func(s jiraclient.SecurityLevel) string { return s.Name }))
	require.Equal(t, jiraclient.SourceCreateMeta, cat.Sources[jiraclient.PartPriorities])
	require.ElementsMatch(t, []string{"Highest", "High", "Medium", "Low", "Lowest"}, names(cat.Priorities, func(p jiraclient.Priority) string { return p.Name }))
	require.True(t, slices.ContainsFunc(cat.Problems, func(p string) bool { return strings.HasPrefix(p, "priorities:") }))
}
