package jiratest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

func adf(text string) map[string]any {
	return map[string]any{"type": "doc", "version": 1, "content": []any{
		map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": text}}}}}
}

func jql(q string, extra ...string) string {
	u := "/rest/api/3/search/jql?jql=" + url.QueryEscape(q)
	for _, x := range extra {
		u += "&" + x
	}
	return u
}

func keysOf(t *testing.T, res map[string]any) []string {
	var out []string
	for _, is := range values(t, res, "issues") {
		out = append(out, is["key"].(string))
	}
	return out
}

func TestSearchDefaultsToIDsAndPagesWithTokens(t *testing.T) {
	e := newEnv(t)
	first := e.getOK(jql("project = LIB ORDER BY key ASC", "maxResults=10"))
	issues := values(t, first, "issues")
	require.Len(t, issues, 10)
	assert.Equal(t, map[string]any{"id": "10001"}, issues[0], "fields default to id only")
	assert.Equal(t, false, first["isLast"])
	assert.NotContains(t, first, "total")
	tok := first["nextPageToken"].(string)

	seen := len(issues)
	for tok != "" {
		page := e.getOK(jql("project = LIB ORDER BY key ASC", "maxResults=10", "nextPageToken="+url.QueryEscape(tok)))
		seen += len(values(t, page, "issues"))
		tok, _ = page["nextPageToken"].(string)
		if page["isLast"] == true {
			assert.Empty(t, tok)
		}
	}
	assert.Equal(t, len(e.sim.IssueKeys()), seen)
	assert.GreaterOrEqual(t, seen, 30, "a few dozen seeded issues")

	r := e.get(jql("project = LIB", "nextPageToken=garbage"))
	assert.Equal(t, http.StatusBadRequest, r.status)
	r = e.get(jql("project = LIB AND issuetype = Bug", "nextPageToken="+url.QueryEscape(first["nextPageToken"].(string))))
	assert.Equal(t, http.StatusBadRequest, r.status, "a token belongs to its query")
}

func TestSearchPostWithFields(t *testing.T) {
	e := newEnv(t)
	r := e.do(http.MethodPost, "/rest/api/3/search/jql", map[string]any{
		"jql": "key in (LIB-8, LIB-9) ORDER BY key DESC", "fields": []string{"summary", "status", jiratest.FieldSeverity}, "maxResults": 5,
		"expand": "renderedFields,names", "properties": []string{"lib.triage"}})
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	res := r.json(t)
	issues := values(t, res, "issues")
	require.Len(t, issues, 2)
	assert.Equal(t, "LIB-9", issues[0]["key"])
	fields := issues[1]["fields"].(map[string]any)
	assert.Equal(t, "Renewal fails for items with a pending hold", fields["summary"])
	assert.Equal(t, "Critical", fields[jiratest.FieldSeverity].(map[string]any)["value"])
	assert.NotContains(t, fields, "description")
	assert.Equal(t, map[string]any{"lib.triage": map[string]any{"score": 5.0, "by": "bot"}}, issues[1]["properties"])
	assert.Equal(t, "Severity", res["names"].(map[string]any)[jiratest.FieldSeverity])
	assert.Equal(t, true, res["isLast"])
}

func TestSearchRefusesUnboundedAndBadJQL(t *testing.T) {
	e := newEnv(t)
	for q, want := range map[string]string{
		"":                           "Unbounded JQL",
		"ORDER BY key DESC":          "Unbounded JQL",
		"project = NOPE":             "The value 'NOPE' does not exist for the field 'project'.",
		"key in (LIB-1, LIB-999)":    "An issue with key 'LIB-999' does not exist",
		"colour = red":               "Field 'colour' does not exist",
		"updated >= \"yesterday\"":   "Date value 'yesterday' for field 'updated' is invalid",
		"project = LIB AND (":        "Error in the JQL Query",
		"issuetype in (Bug, Widget)": "The value 'Widget' does not exist for the field 'issuetype'.",
	} {
		r := e.get(jql(q))
		assert.Equal(t, http.StatusBadRequest, r.status, q)
		assert.Contains(t, string(r.body), want, q)
	}
}

func TestSearchFilters(t *testing.T) {
	e := newEnv(t)
	bugs := e.getOK(jql("project = LIB AND issuetype in (Bug) ORDER BY key ASC", "fields=issuetype"))
	for _, is := range values(t, bugs, "issues") {
		assert.Equal(t, "Bug", is["fields"].(map[string]any)["issuetype"].(map[string]any)["name"])
	}
	assert.NotEmpty(t, values(t, bugs, "issues"))
	done := e.getOK(jql(`project = LIB AND statusCategory = Done AND status != "Done"`, "fields=key"))
	assert.Empty(t, keysOf(t, done), "Done is the only done status")
	open := e.getOK(jql(`project = LIB AND statusCategory in ("To Do", indeterminate) AND NOT issuetype = Epic`, "fields=status,issuetype", "maxResults=100"))
	for _, is := range values(t, open, "issues") {
		f := is["fields"].(map[string]any)
		assert.NotEqual(t, "done", f["status"].(map[string]any)["statusCategory"].(map[string]any)["key"])
		assert.NotEqual(t, "Epic", f["issuetype"].(map[string]any)["name"])
	}
	assert.NotEmpty(t, values(t, open, "issues"))
	some := e.getOK(jql("key in (LIB-3, LIB-1, LIB-2) ORDER BY key ASC", "fields=key"))
	assert.Equal(t, []string{"LIB-1", "LIB-2", "LIB-3"}, keysOf(t, some))
	byUpdated := e.getOK(jql("project = LIB ORDER BY updated DESC", "fields=updated", "maxResults=100"))
	var last string
	for i, is := range values(t, byUpdated, "issues") {
		u := is["fields"].(map[string]any)["updated"].(string)
		if i > 0 {
			assert.LessOrEqual(t, u, last)
		}
		last = u
	}
}

// An epoch-ms watermark is absolute; a quoted literal is read in the
// searching user's profile time zone, so the same string selects different
// issues for users in different zones.
func TestSearchDatesEpochAndProfileTimeZone(t *testing.T) {
	e := newEnv(t)
	when := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	key, err := e.sim.AddIssue(jiratest.IssueSpec{Type: "Task", Summary: "Watermark probe", Created: when})
	require.NoError(t, err)

	ms := when.UnixMilli()
	at := e.getOK(jql(fmt.Sprintf("project = LIB AND updated >= %d", ms), "fields=key"))
	assert.Equal(t, []string{key}, keysOf(t, at))
	after := e.getOK(jql(fmt.Sprintf("project = LIB AND updated > %d", ms), "fields=key"))
	assert.Empty(t, keysOf(t, after))

	// 12:00 UTC is 23:00 in Sydney (UTC+11 in March) and 04:00 in Los Angeles.
	literal := `project = LIB AND updated >= "2026/03/01 13:00"`
	admin := e.getOK(jql(literal, "fields=key"))
	assert.Equal(t, []string{key}, keysOf(t, admin), "13:00 Sydney is before the update")
	member := e.asUser(e.sim.NonAdmin()).getOK(jql(literal, "fields=key"))
	assert.Empty(t, keysOf(t, member), "13:00 Los Angeles is after it")

	require.NoError(t, e.sim.SetTimeZone(e.sim.NonAdmin().AccountID, "UTC"))
	member = e.asUser(e.sim.NonAdmin()).getOK(jql(`project = LIB AND updated >= "2026-03-01 12:00"`, "fields=key"))
	assert.Equal(t, []string{key}, keysOf(t, member))
}

func TestSearchAnonymousAndBadToken(t *testing.T) {
	e := newEnv(t)
	bad := e.sim.Admin()
	bad.Token = "revoked"
	r := e.asUser(bad).get(jql("project = LIB"))
	assert.Equal(t, http.StatusBadRequest, r.status, "the private project does not exist for anonymous users")
	assert.Equal(t, "AUTHENTICATED_FAILED", r.header.Get("X-Seraph-LoginReason"))
	r = e.anonymous().get(jql("created >= -1d"))
	require.Equal(t, http.StatusOK, r.status)
	assert.Empty(t, values(t, r.json(t), "issues"))
}

func TestOldSearchIsGone(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/rest/api/3/search?jql=project%3DLIB", "/rest/api/2/search?jql=project%3DLIB"} {
		r := e.get(p)
		assert.Equal(t, http.StatusGone, r.status, p)
		assert.Contains(t, string(r.body), "/rest/api/3/search/jql")
		assert.Contains(t, string(r.body), "CHANGE-2046")
	}
	r := e.do(http.MethodPost, "/rest/api/3/search", map[string]any{"jql": "project = LIB"})
	assert.Equal(t, http.StatusGone, r.status)
}

func TestGetIssue(t *testing.T) {
	e := newEnv(t)
	is := e.getOK("/rest/api/3/issue/LIB-8?expand=renderedFields,names,changelog&properties=lib.triage")
	fields := is["fields"].(map[string]any)
	assert.Equal(t, "Bug", fields["issuetype"].(map[string]any)["name"])
	assert.Equal(t, "doc", fields["description"].(map[string]any)["type"])
	assert.Contains(t, is["renderedFields"].(map[string]any)["description"], "<p>Renewing an item")
	assert.Equal(t, "Critical", fields[jiratest.FieldSeverity].(map[string]any)["value"])
	assert.Equal(t, 25.0, fields["comment"].(map[string]any)["total"])
	assert.NotEmpty(t, is["changelog"].(map[string]any)["histories"])
	assert.Contains(t, is["properties"], "lib.triage")
	links := fields["issuelinks"].([]any)
	assert.NotEmpty(t, links)

	byID := e.getOK("/rest/api/3/issue/10008?fields=summary")
	assert.Equal(t, "LIB-8", byID["key"])
	assert.Len(t, byID["fields"], 1)

	assert.Equal(t, http.StatusNotFound, e.get("/rest/api/3/issue/LIB-9999").status)
	r := e.anonymous().get("/rest/api/3/issue/LIB-1")
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Contains(t, string(r.body), "Issue does not exist or you do not have permission to see it.")
}

func createBug(t *testing.T, e *env, fields map[string]any) string {
	t.Helper()
	base := map[string]any{"project": map[string]any{"key": "LIB"}, "issuetype": map[string]any{"name": "Bug"}, "summary": "Created by a test"}
	for k, v := range fields {
		base[k] = v
	}
	r := e.do(http.MethodPost, "/rest/api/3/issue", map[string]any{"fields": base,
		"properties": []any{map[string]any{"key": "spira.sync", "value": map[string]any{"incident": 42}}}})
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	return r.json(t)["key"].(string)
}

func TestCreateIssue(t *testing.T) {
	now := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	e := newEnv(t, jiratest.WithClock(func() time.Time { return now }))
	member := e.asUser(e.sim.NonAdmin())
	key := createBug(t, member, map[string]any{
		"description":             adf("Steps here"),
		"priority":                map[string]any{"name": "High"},
		"components":              []any{map[string]any{"name": "Catalogue"}},
		"fixVersions":             []any{map[string]any{"id": "10003"}},
		"labels":                  []string{"from-spira"},
		jiratest.FieldSeverity:    map[string]any{"value": "High"},
		jiratest.FieldBranches:    []any{map[string]any{"value": "Online Catalogue"}},
		jiratest.FieldExternalRef: "IN-42",
		jiratest.FieldSteps:       adf("Open it"),
		"security":                map[string]any{"name": "Staff"},
		"assignee":                map[string]any{"accountId": "5b10ac8d82e05b22cc7d4e05"},
	})
	is, ok := e.sim.Issue(key)
	require.True(t, ok)
	assert.Equal(t, "To Do", is.Status)
	assert.Equal(t, "High", is.Priority)
	assert.Equal(t, []string{"Catalogue"}, is.Components)
	assert.Equal(t, "High", is.Custom[jiratest.FieldSeverity])
	assert.Equal(t, []string{"Online Catalogue"}, is.Custom[jiratest.FieldBranches])
	assert.Equal(t, "IN-42", is.Custom[jiratest.FieldExternalRef])
	assert.Equal(t, "Staff", is.Security)
	assert.Equal(t, e.sim.NonAdmin().AccountID, is.Reporter)
	assert.Equal(t, now, is.Created)
	assert.JSONEq(t, `{"incident":42}`, string(is.Properties["spira.sync"]))

	prop := e.getOK("/rest/api/3/issue/" + key + "/properties/spira.sync")
	assert.Equal(t, map[string]any{"incident": 42.0}, prop["value"])
}

func TestCreateIssueRefusals(t *testing.T) {
	e := newEnv(t)
	post := func(fields map[string]any) result {
		base := map[string]any{"project": map[string]any{"key": "LIB"}, "issuetype": map[string]any{"name": "Bug"}, "summary": "x"}
		for k, v := range fields {
			if v == nil {
				delete(base, k)
			} else {
				base[k] = v
			}
		}
		return e.do(http.MethodPost, "/rest/api/3/issue", map[string]any{"fields": base})
	}
	cases := []struct {
		fields map[string]any
		field  string
		msg    string
	}{
		{map[string]any{"description": "plain text"}, "description", "Operation value must be an Atlassian Document (see the Atlassian Document Format)"},
		{map[string]any{"environment": "plain"}, "environment", "Operation value must be an Atlassian Document"},
		{map[string]any{jiratest.FieldSteps: "plain"}, jiratest.FieldSteps, "Operation value must be an Atlassian Document"},
		{map[string]any{jiratest.FieldExternalRef: adf("x")}, jiratest.FieldExternalRef, "Operation value must be a string"},
		{map[string]any{jiratest.FieldStoryPoints: 3}, jiratest.FieldStoryPoints, "cannot be set. It is not on the appropriate screen, or unknown."},
		{map[string]any{"status": map[string]any{"name": "Done"}}, "status", "Field 'status' cannot be set. It is not on the appropriate screen, or unknown."},
		{map[string]any{"resolution": map[string]any{"name": "Done"}}, "resolution", "cannot be set"},
		{map[string]any{jiratest.FieldSeverity: map[string]any{"value": "Catastrophic"}}, jiratest.FieldSeverity, "Option value 'Catastrophic' is not valid"},
		{map[string]any{"summary": nil}, "summary", "You must specify a summary of the issue."},
		{map[string]any{"issuetype": map[string]any{"name": "Widget"}}, "issuetype", "The issue type selected is invalid."},
		{map[string]any{"priority": map[string]any{"id": "99"}}, "priority", "The priority selected is invalid."},
		{map[string]any{"assignee": map[string]any{"accountId": "nobody"}}, "assignee", "cannot be assigned issues"},
		{map[string]any{"fixVersions": []any{map[string]any{"id": "999"}}}, "fixVersions", "Version with id '999' does not exist."},
	}
	for _, tc := range cases {
		r := post(tc.fields)
		require.Equal(t, http.StatusBadRequest, r.status, "%v: %s", tc.fields, r.body)
		errs := r.json(t)["errors"].(map[string]any)
		assert.Contains(t, errs[tc.field], tc.msg, "%v", tc.fields)
	}
	empty := post(map[string]any{"description": map[string]any{"type": "doc", "version": 1, "content": []any{
		map[string]any{"type": "paragraph", "content": []any{map[string]any{"type": "text", "text": ""}}}}}})
	require.Equal(t, http.StatusBadRequest, empty.status)
	assert.Contains(t, string(empty.body), "unsupported content", "an empty text node is invalid ADF")

	sub := e.do(http.MethodPost, "/rest/api/3/issue", map[string]any{"fields": map[string]any{
		"project": map[string]any{"key": "LIB"}, "issuetype": map[string]any{"name": "Sub-task"}, "summary": "orphan"}})
	assert.Equal(t, http.StatusBadRequest, sub.status)
	assert.Contains(t, string(sub.body), "parent issue key or id not specified")

	anon := e.anonymous().do(http.MethodPost, "/rest/api/3/issue", map[string]any{"fields": map[string]any{"summary": "x"}})
	assert.Equal(t, http.StatusUnauthorized, anon.status)
}

func TestEditIssue(t *testing.T) {
	clock := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	e := newEnv(t, jiratest.WithClock(func() time.Time { return clock }))
	before, _ := e.sim.Issue("LIB-9")
	clock = clock.Add(time.Hour)

	r := e.do(http.MethodPut, "/rest/api/3/issue/LIB-9", map[string]any{
		"fields": map[string]any{"summary": "Catalogue search ignores accents", jiratest.FieldSeverity: map[string]any{"id": "10200"}},
		"update": map[string]any{"labels": []any{map[string]any{"add": "i18n"}}, "components": []any{map[string]any{"add": map[string]any{"name": "Reporting"}}}},
	})
	require.Equal(t, http.StatusNoContent, r.status, string(r.body))
	after, _ := e.sim.Issue("LIB-9")
	assert.Equal(t, "Catalogue search ignores accents", after.Summary)
	assert.Equal(t, "Critical", after.Custom[jiratest.FieldSeverity])
	assert.Contains(t, after.Labels, "i18n")
	assert.Contains(t, after.Components, "Reporting")
	assert.Equal(t, clock, after.Updated, "updated follows every write")
	assert.Equal(t, before.History+1, after.History)

	for body, field := range map[string]string{
		`{"fields":{"status":{"name":"Done"}}}`:                         "status",
		`{"fields":{"description":"plain"}}`:                            "description",
		`{"fields":{"project":{"key":"LIB"}}}`:                          "project",
		`{"fields":{"summary":"x"},"update":{"summary":[{"set":"y"}]}}`: "summary",
	} {
		r := e.do(http.MethodPut, "/rest/api/3/issue/LIB-9", body)
		require.Equal(t, http.StatusBadRequest, r.status, body)
		assert.Contains(t, r.json(t)["errors"], field, body)
	}
	still, _ := e.sim.Issue("LIB-9")
	assert.Equal(t, after.Summary, still.Summary, "a refused edit changes nothing")

	ret := e.do(http.MethodPut, "/rest/api/3/issue/LIB-9?returnIssue=true", map[string]any{"fields": map[string]any{"duedate": "2026-06-01"}})
	require.Equal(t, http.StatusOK, ret.status, string(ret.body))
	assert.Equal(t, "2026-06-01", ret.json(t)["fields"].(map[string]any)["duedate"])

	withComment := e.do(http.MethodPut, "/rest/api/3/issue/LIB-9", map[string]any{"update": map[string]any{
		"comment": []any{map[string]any{"add": map[string]any{"body": adf("edited with a note")}}}}})
	require.Equal(t, http.StatusNoContent, withComment.status, string(withComment.body))
	noted, _ := e.sim.Issue("LIB-9")
	assert.Len(t, noted.Comments, len(after.Comments)+1, "an edit may add a comment")

	meta := e.getOK("/rest/api/3/issue/LIB-9/editmeta")
	assert.Contains(t, meta["fields"], jiratest.FieldSeverity)
	assert.NotContains(t, meta["fields"], "status")
}

func transitionTo(t *testing.T, e *env, key, status string) []string {
	t.Helper()
	r := e.getOK("/rest/api/3/issue/" + key + "/transitions")
	var tos []string
	for _, tr := range values(t, r, "transitions") {
		to := tr["to"].(map[string]any)["name"].(string)
		tos = append(tos, to)
		if to == status {
			res := e.do(http.MethodPost, "/rest/api/3/issue/"+key+"/transitions", map[string]any{"transition": map[string]any{"id": tr["id"]}})
			require.Equal(t, http.StatusNoContent, res.status, string(res.body))
			return nil
		}
	}
	return tos
}

func TestTransitions(t *testing.T) {
	e := newEnv(t)
	key := createBug(t, e, nil)
	// In Review is reachable only through In Progress.
	avail := transitionTo(t, e, key, "In Review")
	assert.NotContains(t, avail, "In Review")
	assert.Contains(t, avail, "In Progress")
	require.Nil(t, transitionTo(t, e, key, "In Progress"))
	require.Nil(t, transitionTo(t, e, key, "In Review"))

	withFields := e.getOK("/rest/api/3/issue/" + key + "/transitions?expand=transitions.fields")
	var resolve map[string]any
	for _, tr := range values(t, withFields, "transitions") {
		if tr["name"] == "Resolve" {
			resolve = tr
		}
	}
	require.NotNil(t, resolve)
	assert.Equal(t, true, resolve["hasScreen"])
	assert.Contains(t, resolve["fields"], "resolution")

	bad := e.do(http.MethodPost, "/rest/api/3/issue/"+key+"/transitions", map[string]any{"transition": map[string]any{"id": "51"}})
	assert.Equal(t, http.StatusBadRequest, bad.status, "Reopen does not apply to In Review")
	assert.Contains(t, string(bad.body), "is not valid for this issue")

	offScreen := e.do(http.MethodPost, "/rest/api/3/issue/"+key+"/transitions", map[string]any{
		"transition": map[string]any{"id": resolve["id"]}, "fields": map[string]any{"summary": "sneaky"}})
	assert.Equal(t, http.StatusBadRequest, offScreen.status)
	noScreen := e.do(http.MethodPost, "/rest/api/3/issue/"+key+"/transitions", map[string]any{
		"transition": map[string]any{"id": "41"}, "update": map[string]any{"comment": []any{map[string]any{"add": map[string]any{"body": adf("x")}}}}})
	assert.Equal(t, http.StatusBadRequest, noScreen.status, "Back to Progress has no screen, so no comment")

	done := e.do(http.MethodPost, "/rest/api/3/issue/"+key+"/transitions", map[string]any{
		"transition": map[string]any{"id": resolve["id"]}, "fields": map[string]any{"resolution": map[string]any{"name": "Cannot Reproduce"}},
		"update": map[string]any{"comment": []any{map[string]any{"add": map[string]any{"body": adf("Closing")}}}}})
	require.Equal(t, http.StatusNoContent, done.status, string(done.body))
	is, _ := e.sim.Issue(key)
	assert.Equal(t, "Done", is.Status)
	assert.Equal(t, "Cannot Reproduce", is.Resolution)
	require.Len(t, is.Comments, 1)

	require.Nil(t, transitionTo(t, e, key, "Reopened"))
	is, _ = e.sim.Issue(key)
	assert.Empty(t, is.Resolution, "leaving a done status clears the resolution")
}

func TestComments(t *testing.T) {
	e := newEnv(t)
	page := e.getOK("/rest/api/3/issue/LIB-8/comment?maxResults=10&startAt=20")
	assert.EqualValues(t, 25, page["total"])
	assert.Len(t, page["comments"], 5)
	newest := e.getOK("/rest/api/3/issue/LIB-8/comment?orderBy=-created&maxResults=1&expand=renderedBody")
	c := newest["comments"].([]any)[0].(map[string]any)
	assert.Contains(t, c["renderedBody"], "Comment 25")
	assert.Equal(t, http.StatusBadRequest, e.get("/rest/api/3/issue/LIB-8/comment?orderBy=author").status)

	r := e.do(http.MethodPost, "/rest/api/3/issue/LIB-9/comment", map[string]any{"body": adf("Seen in Spira IN-7"),
		"properties": []any{map[string]any{"key": "spira.origin", "value": map[string]any{"id": 7}}}})
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	assert.Equal(t, e.sim.Admin().AccountID, r.json(t)["author"].(map[string]any)["accountId"])

	r = e.do(http.MethodPost, "/rest/api/3/issue/LIB-9/comment", map[string]any{"body": "plain"})
	require.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, "Comment body is not valid!", r.json(t)["errors"].(map[string]any)["comment"])

	search := e.getOK(jql("key = LIB-8", "fields=comment"))
	inline := values(t, search, "issues")[0]["fields"].(map[string]any)["comment"].(map[string]any)
	assert.Len(t, inline["comments"], 20, "enhanced search caps inline comments")
	assert.EqualValues(t, 25, inline["total"])
}

func TestIssueLinks(t *testing.T) {
	e := newEnv(t)
	body := map[string]any{"type": map[string]any{"name": "Blocks"}, "inwardIssue": map[string]any{"key": "LIB-9"}, "outwardIssue": map[string]any{"key": "LIB-10"}}
	r := e.do(http.MethodPost, "/rest/api/3/issueLink", body)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = e.do(http.MethodPost, "/rest/api/3/issueLink", body)
	assert.Equal(t, http.StatusCreated, r.status, "a duplicate reports success")

	src, _ := e.sim.Issue("LIB-9")
	var found *jiratest.Link
	for i, l := range src.Links {
		if l.OtherKey == "LIB-10" {
			found = &src.Links[i]
		}
	}
	require.NotNil(t, found)
	assert.Equal(t, "blocks", found.Description)
	dst, _ := e.sim.Issue("LIB-10")
	assert.Contains(t, dst.Links, jiratest.Link{ID: found.ID, Type: "Blocks", Description: "is blocked by", OtherKey: "LIB-9"})

	got := e.getOK("/rest/api/3/issueLink/" + found.ID)
	assert.Equal(t, "LIB-9", got["inwardIssue"].(map[string]any)["key"])

	r = e.do(http.MethodPost, "/rest/api/3/issueLink", map[string]any{"type": map[string]any{"name": "Causes"}, "inwardIssue": map[string]any{"key": "LIB-9"}, "outwardIssue": map[string]any{"key": "LIB-10"}})
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, http.StatusNoContent, e.do(http.MethodDelete, "/rest/api/3/issueLink/"+found.ID, nil).status)
	assert.Equal(t, http.StatusNotFound, e.get("/rest/api/3/issueLink/"+found.ID).status)
}

func TestRemoteLinksUpsertByGlobalID(t *testing.T) {
	e := newEnv(t)
	link := map[string]any{"globalId": "system=https://spira.example/&id=IN7", "application": map[string]any{"type": "com.inflectra.spira", "name": "SpiraPlan"},
		"relationship": "synced with", "object": map[string]any{"url": "https://spira.example/7/Incident/7.aspx", "title": "IN7"}}
	r := e.do(http.MethodPost, "/rest/api/3/issue/LIB-9/remotelink", link)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	id := r.json(t)["id"]
	link["object"] = map[string]any{"url": "https://spira.example/7/Incident/7.aspx", "title": "IN7 renamed"}
	r = e.do(http.MethodPost, "/rest/api/3/issue/LIB-9/remotelink", link)
	require.Equal(t, http.StatusOK, r.status, "the same globalId updates")
	assert.Equal(t, id, r.json(t)["id"])

	all := e.get("/rest/api/3/issue/LIB-9/remotelink").list(t)
	require.Len(t, all, 1)
	one := e.getOK("/rest/api/3/issue/LIB-9/remotelink?globalId=" + url.QueryEscape("system=https://spira.example/&id=IN7"))
	assert.Equal(t, "IN7 renamed", one["object"].(map[string]any)["title"])
	assert.Equal(t, http.StatusNotFound, e.get("/rest/api/3/issue/LIB-9/remotelink?globalId=nope").status)

	r = e.do(http.MethodPost, "/rest/api/3/issue/LIB-9/remotelink", map[string]any{"object": map[string]any{"title": "no url"}})
	assert.Equal(t, http.StatusBadRequest, r.status)
	assert.Equal(t, http.StatusNoContent, e.do(http.MethodDelete, "/rest/api/3/issue/LIB-9/remotelink?globalId="+url.QueryEscape("system=https://spira.example/&id=IN7"), nil).status)
}

func TestIssueProperties(t *testing.T) {
	e := newEnv(t)
	r := e.do(http.MethodPut, "/rest/api/3/issue/LIB-9/properties/spira.sync", map[string]any{"incident": 9})
	assert.Equal(t, http.StatusCreated, r.status, string(r.body))
	r = e.do(http.MethodPut, "/rest/api/3/issue/LIB-9/properties/spira.sync", map[string]any{"incident": 10})
	assert.Equal(t, http.StatusOK, r.status)
	keys := e.getOK("/rest/api/3/issue/LIB-9/properties")
	assert.Equal(t, []string{"spira.sync"}, names(values(t, keys, "keys"), "key"))
	assert.Equal(t, map[string]any{"incident": 10.0}, e.getOK("/rest/api/3/issue/LIB-9/properties/spira.sync")["value"])
	assert.Equal(t, http.StatusNotFound, e.get("/rest/api/3/issue/LIB-9/properties/other").status)
	assert.Equal(t, http.StatusNoContent, e.do(http.MethodDelete, "/rest/api/3/issue/LIB-9/properties/spira.sync", nil).status)
	var v map[string]any
	require.NoError(t, json.Unmarshal(e.get("/rest/api/3/issue/LIB-9?properties=*all").body, &v))
	assert.Empty(t, v["properties"])
}

func TestChangelog(t *testing.T) {
	e := newEnv(t)
	cl := e.getOK("/rest/api/3/issue/LIB-3/changelog")
	hs := values(t, cl, "values")
	require.NotEmpty(t, hs)
	first := hs[0]["items"].([]any)[0].(map[string]any)
	assert.Equal(t, "status", first["field"])
}

// Every seeded issue, with every expansion, as each kind of caller sees it:
// the conformance server validates all of it against the spec.
func TestEveryIssueConformsWithEveryExpansion(t *testing.T) {
	e := newEnv(t)
	for i, caller := range []*env{e, e.asUser(e.sim.NonAdmin())} {
		keys := e.sim.IssueKeys()
		if i > 0 {
			keys = keys[:8] // the member sees the same shapes; a sample keeps the test quick
		}
		for _, k := range keys {
			caller.getOK("/rest/api/3/issue/" + k + "?expand=renderedFields,names,schema,transitions,editmeta,changelog&properties=*all")
			caller.getOK("/rest/api/3/issue/" + k + "/transitions?expand=transitions.fields")
			caller.getOK("/rest/api/3/issue/" + k + "/comment?expand=renderedBody,properties")
			caller.getOK("/rest/api/3/issue/" + k + "/changelog")
			caller.getOK("/rest/api/3/issue/" + k + "/editmeta")
			caller.get("/rest/api/3/issue/" + k + "/remotelink")
			caller.getOK("/rest/api/3/issue/" + k + "/properties")
		}
		caller.getOK(jql("project = LIB", "fields=*all", "expand=renderedFields,names,schema,transitions,editmeta,changelog", "maxResults=100"))
		for _, it := range []string{jiratest.IssueTypeEpic, jiratest.IssueTypeStory, jiratest.IssueTypeTask, jiratest.IssueTypeBug, jiratest.IssueTypeSubtask} {
			caller.getOK("/rest/api/3/issue/createmeta/LIB/issuetypes/" + it)
		}
	}
}

func TestIndexLagAndReconcile(t *testing.T) {
	now := time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
	e := newEnv(t, jiratest.WithIndexLag(30*time.Second), jiratest.WithClock(func() time.Time { return now }))
	key := createBug(t, e, nil)
	is, _ := e.sim.Issue(key)
	q := "project = LIB AND created >= -1h"
	assert.Empty(t, keysOf(t, e.getOK(jql(q, "fields=key"))), "not indexed yet")
	assert.Equal(t, []string{key}, keysOf(t, e.getOK(jql(q, "fields=key", "reconcileIssues="+is.ID))))
	r := e.do(http.MethodPost, "/rest/api/3/search/jql", map[string]any{"jql": q, "fields": []string{"key"}, "reconcileIssues": []any{json.Number(is.ID)}})
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, []string{key}, keysOf(t, r.json(t)))
	e.getOK("/rest/api/3/issue/" + key) // a direct read always sees it
	now = now.Add(31 * time.Second)
	assert.Equal(t, []string{key}, keysOf(t, e.getOK(jql(q, "fields=key"))))
}

func TestBulkFetch(t *testing.T) {
	e := newEnv(t)
	r := e.do(http.MethodPost, "/rest/api/3/issue/bulkfetch", map[string]any{
		"issueIdsOrKeys": []string{"LIB-9", "10003", "lib-1", "LIB-999"}, "fields": []string{"summary"}, "expand": []string{"renderedFields"}})
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, []string{"LIB-1", "LIB-3", "LIB-9"}, keysOf(t, r.json(t)), "ascending id order, unknown keys left out")
	assert.Equal(t, http.StatusBadRequest, e.do(http.MethodPost, "/rest/api/3/issue/bulkfetch", map[string]any{"issueIdsOrKeys": []string{}}).status)
}

func TestDeleteIssue(t *testing.T) {
	e := newEnv(t)
	member := e.asUser(e.sim.NonAdmin())
	assert.Equal(t, http.StatusForbidden, member.do(http.MethodDelete, "/rest/api/3/issue/LIB-9", nil).status)
	assert.Equal(t, http.StatusBadRequest, e.do(http.MethodDelete, "/rest/api/3/issue/LIB-3", nil).status, "LIB-3 has subtasks")
	assert.Equal(t, http.StatusNoContent, e.do(http.MethodDelete, "/rest/api/3/issue/LIB-3?deleteSubtasks=true", nil).status)
	for _, k := range []string{"LIB-3", "LIB-19", "LIB-20"} {
		_, ok := e.sim.Issue(k)
		assert.False(t, ok, k)
	}
	r := e.get(jql("key in (LIB-3, LIB-4)"))
	assert.Equal(t, http.StatusBadRequest, r.status, "a deleted key in JQL is an error")
	src, _ := e.sim.Issue("LIB-8")
	for _, l := range src.Links {
		assert.NotEqual(t, "LIB-3", l.OtherKey, "links go with the issue")
	}
	require.NoError(t, e.sim.DeleteIssue("LIB-9"))
	assert.Equal(t, http.StatusNotFound, e.get("/rest/api/3/issue/LIB-9").status)
}
