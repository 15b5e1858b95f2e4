package jiratest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

func TestIssueTypesForProject(t *testing.T) {
	e := newEnv(t)
	r := e.get("/rest/api/3/issuetype/project?projectId=" + jiratest.ProjectID)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	var types []map[string]any
	for _, x := range r.list(t) {
		types = append(types, x.(map[string]any))
	}
	assert.ElementsMatch(t, []string{"Epic", "Story", "Task", "Bug", "Sub-task"}, names(types, "name"))
	for _, it := range types {
		if it["name"] == "Sub-task" {
			assert.Equal(t, true, it["subtask"])
			assert.EqualValues(t, -1, it["hierarchyLevel"])
		}
	}
	sub := e.get("/rest/api/3/issuetype/project?projectId=" + jiratest.ProjectID + "&level=-1").list(t)
	assert.Len(t, sub, 1)
	assert.Equal(t, http.StatusNotFound, e.get("/rest/api/3/issuetype/project?projectId=99999").status)
	assert.Equal(t, http.StatusNotFound, e.anonymous().get("/rest/api/3/issuetype/project?projectId="+jiratest.ProjectID).status)
}

func TestStatusesPerIssueType(t *testing.T) {
	e := newEnv(t)
	r := e.get("/rest/api/3/project/LIB/statuses")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	byType := map[string][]string{}
	cats := map[string]string{}
	for _, x := range r.list(t) {
		it := x.(map[string]any)
		for _, s := range values(t, it, "statuses") {
			byType[it["name"].(string)] = append(byType[it["name"].(string)], s["name"].(string))
			cats[s["name"].(string)] = s["statusCategory"].(map[string]any)["key"].(string)
		}
	}
	assert.Len(t, byType, 5)
	assert.Subset(t, byType["Bug"], []string{"To Do", "In Progress", "In Review", "Done"})
	assert.Equal(t, "new", cats["To Do"])
	assert.Equal(t, "indeterminate", cats["In Review"])
	assert.Equal(t, "done", cats["Done"])
	assert.Equal(t, http.StatusNotFound, e.get("/rest/api/3/project/NOPE/statuses").status)
}

func TestPrioritiesAndResolutions(t *testing.T) {
	e := newEnv(t)
	pr := e.getOK("/rest/api/3/priority/search?projectId=" + jiratest.ProjectID)
	assert.Equal(t, []string{"Highest", "High", "Medium", "Low", "Lowest"}, names(values(t, pr, "values"), "name"))
	res := e.getOK("/rest/api/3/resolution/search")
	assert.Equal(t, []string{"Done", "Won't Do", "Duplicate", "Cannot Reproduce"}, names(values(t, res, "values"), "name"))
	paged := e.getOK("/rest/api/3/resolution/search?maxResults=2")
	assert.Len(t, values(t, paged, "values"), 2)
	assert.Equal(t, false, paged["isLast"])
	assert.NotEmpty(t, paged["nextPage"])

	r := e.anonymous().get("/rest/api/3/priority/search")
	assert.Equal(t, http.StatusUnauthorized, r.status, "priority search needs a login")
}

func TestComponentsAndVersions(t *testing.T) {
	e := newEnv(t)
	comps := e.get("/rest/api/3/project/LIB/components").list(t)
	assert.Len(t, comps, 5)
	paged := e.getOK("/rest/api/3/project/LIB/component?maxResults=2&orderBy=name")
	assert.Equal(t, []string{"Catalogue", "Circulation"}, names(values(t, paged, "values"), "name"))
	assert.EqualValues(t, 5, paged["total"])

	vs := e.getOK("/rest/api/3/project/LIB/version")
	all := values(t, vs, "values")
	require.Len(t, all, 5)
	var released, unreleased, archived int
	for _, v := range all {
		switch {
		case v["archived"] == true:
			archived++
		case v["released"] == true:
			released++
		default:
			unreleased++
		}
	}
	assert.Equal(t, []int{2, 2, 1}, []int{released, unreleased, archived})
	onlyArchived := e.getOK("/rest/api/3/project/LIB/version?status=archived")
	assert.Equal(t, []string{"0.9 Pilot"}, names(values(t, onlyArchived, "values"), "name"))
	page2 := e.getOK("/rest/api/3/project/LIB/version?startAt=4&maxResults=2")
	assert.Len(t, values(t, page2, "values"), 1)
	assert.Equal(t, true, page2["isLast"])
	assert.Len(t, e.get("/rest/api/3/project/LIB/versions").list(t), 5)
}

func TestVersionWritesNeedAdmin(t *testing.T) {
	e := newEnv(t)
	body := map[string]any{"name": "3.0", "projectId": 10000, "releaseDate": "2026-12-01", "description": "Next"}
	r := e.do(http.MethodPost, "/rest/api/3/version", body)
	require.Equal(t, http.StatusCreated, r.status, string(r.body))
	v := r.json(t)
	assert.Equal(t, "3.0", v["name"])
	id := v["id"].(string)

	dup := e.do(http.MethodPost, "/rest/api/3/version", body)
	assert.Equal(t, http.StatusBadRequest, dup.status)
	assert.Contains(t, string(dup.body), "already exists")

	upd := e.do(http.MethodPut, "/rest/api/3/version/"+id, map[string]any{"released": true})
	require.Equal(t, http.StatusOK, upd.status, string(upd.body))
	assert.Equal(t, true, upd.json(t)["released"])
	assert.Equal(t, "3.0", e.getOK("/rest/api/3/version/" + id)["name"])

	member := e.asUser(e.sim.NonAdmin())
	r = member.do(http.MethodPost, "/rest/api/3/version", map[string]any{"name": "4.0", "projectId": 10000})
	assert.Equal(t, http.StatusNotFound, r.status, "Jira answers 404 to a version create without project admin")
	assert.Contains(t, string(r.body), "administrator")
	r = member.do(http.MethodPut, "/rest/api/3/version/"+id, map[string]any{"name": "renamed"})
	assert.Equal(t, http.StatusBadRequest, r.status, "and 400 to an update")
	assert.Equal(t, "3.0", e.getOK("/rest/api/3/version/" + id)["name"])

	bad := e.do(http.MethodPost, "/rest/api/3/version", map[string]any{"name": "x", "projectId": 10000, "releaseDate": "01/02/2026"})
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Contains(t, bad.json(t)["errors"], "releaseDate")
}

func TestFieldsWithSchema(t *testing.T) {
	e := newEnv(t)
	fs := e.get("/rest/api/3/field").list(t)
	byName := map[string]map[string]any{}
	for _, x := range fs {
		f := x.(map[string]any)
		byName[f["name"].(string)] = f
	}
	sev := byName["Severity"]
	require.NotNil(t, sev)
	schema := sev["schema"].(map[string]any)
	assert.Equal(t, "option", schema["type"])
	assert.Equal(t, "com.atlassian.jira.plugin.system.customfieldtypes:select", schema["custom"])
	assert.Equal(t, jiratest.FieldSeverity, sev["id"])
	for name, typ := range map[string]string{"Affected Branches": "multiselect", "External Reference": "textfield",
		"Steps to Reproduce": "textarea", "Story Points": "float", "Target Date": "datepicker", "Reviewer": "userpicker"} {
		require.Contains(t, byName, name)
		assert.Equal(t, "com.atlassian.jira.plugin.system.customfieldtypes:"+typ, byName[name]["schema"].(map[string]any)["custom"], name)
	}
	assert.Equal(t, "string", byName["Summary"]["schema"].(map[string]any)["type"])
}

func TestFieldContextsAndOptionsAreAdminOnly(t *testing.T) {
	e := newEnv(t)
	ctxs := e.getOK("/rest/api/3/field/" + jiratest.FieldBranches + "/context")
	require.Len(t, values(t, ctxs, "values"), 2)
	opts := e.getOK("/rest/api/3/field/" + jiratest.FieldSeverity + "/context/" + jiratest.ContextSeverity + "/option")
	assert.Equal(t, []string{"Critical", "High", "Medium", "Low"}, names(values(t, opts, "values"), "value"))
	lib := e.getOK("/rest/api/3/field/" + jiratest.FieldBranches + "/context/" + jiratest.ContextBranchesLIB + "/option")
	assert.Contains(t, names(values(t, lib, "values"), "value"), "Online Catalogue")
	pm := e.getOK("/rest/api/3/field/" + jiratest.FieldBranches + "/context/projectmapping")
	assert.Len(t, values(t, pm, "values"), 2)
	im := e.getOK("/rest/api/3/field/" + jiratest.FieldBranches + "/context/issuetypemapping")
	assert.Len(t, values(t, im, "values"), 2)

	member := e.asUser(e.sim.NonAdmin())
	for _, p := range []string{
		"/rest/api/3/field/" + jiratest.FieldSeverity + "/context",
		"/rest/api/3/field/" + jiratest.FieldSeverity + "/context/" + jiratest.ContextSeverity + "/option",
		"/rest/api/3/field/" + jiratest.FieldSeverity + "/context/projectmapping",
		"/rest/api/3/field/" + jiratest.FieldSeverity + "/context/issuetypemapping",
	} {
		assert.Equal(t, http.StatusForbidden, member.get(p).status, p)
	}
	assert.Equal(t, http.StatusNotFound, e.get("/rest/api/3/field/summary/context").status)
	assert.Equal(t, http.StatusNotFound, e.get("/rest/api/3/field/"+jiratest.FieldSeverity+"/context/999/option").status)
	assert.Equal(t, http.StatusUnauthorized, e.anonymous().get("/rest/api/3/field/"+jiratest.FieldSeverity+"/context").status)
}

func TestCreateMeta(t *testing.T) {
	e := newEnv(t)
	member := e.asUser(e.sim.NonAdmin())
	types := member.getOK("/rest/api/3/issue/createmeta/LIB/issuetypes?maxResults=2")
	assert.EqualValues(t, 5, types["total"])
	assert.Len(t, values(t, types, "issueTypes"), 2)

	var bugID string
	for _, it := range values(t, member.getOK("/rest/api/3/issue/createmeta/LIB/issuetypes"), "issueTypes") {
		if it["name"] == "Bug" {
			bugID = it["id"].(string)
		}
	}
	require.NotEmpty(t, bugID)
	meta := member.getOK("/rest/api/3/issue/createmeta/LIB/issuetypes/" + bugID + "?maxResults=200")
	fields := map[string]map[string]any{}
	for _, f := range values(t, meta, "fields") {
		fields[f["fieldId"].(string)] = f
	}
	assert.Equal(t, true, fields["summary"]["required"])
	allowed := func(id, key string) []string {
		var out []string
		for _, v := range fields[id]["allowedValues"].([]any) {
			out = append(out, v.(map[string]any)[key].(string))
		}
		return out
	}
	assert.Equal(t, []string{"Critical", "High", "Medium", "Low"}, allowed(jiratest.FieldSeverity, "value"))
	assert.Contains(t, allowed(jiratest.FieldBranches, "value"), "Online Catalogue", "the LIB bug context wins over the global one")
	assert.Len(t, allowed("priority", "name"), 5)
	assert.Len(t, allowed("fixVersions", "name"), 4, "archived versions are not offered")
	assert.Len(t, allowed("security", "name"), 3)
	assert.NotContains(t, fields, "resolution", "resolution is set on transition screens only")

	paged := member.getOK("/rest/api/3/issue/createmeta/LIB/issuetypes/" + bugID + "?maxResults=3")
	assert.Len(t, values(t, paged, "fields"), 3)
	assert.Greater(t, paged["total"].(float64), 3.0)

	assert.Equal(t, http.StatusBadRequest, e.get("/rest/api/3/issue/createmeta/NOPE/issuetypes").status)
	assert.Equal(t, http.StatusBadRequest, e.anonymous().get("/rest/api/3/issue/createmeta/LIB/issuetypes").status)
}

func TestSecurityLevelsAndLinkTypes(t *testing.T) {
	e := newEnv(t)
	lv := e.getOK("/rest/api/3/project/LIB/securitylevel")
	assert.Len(t, values(t, lv, "levels"), 3)
	lt := e.getOK("/rest/api/3/issueLinkType")
	assert.ElementsMatch(t, []string{"Blocks", "Cloners", "Duplicate", "Relates"}, names(values(t, lt, "issueLinkTypes"), "name"))
	assert.Equal(t, http.StatusNotFound, e.anonymous().get("/rest/api/3/project/LIB/securitylevel").status)
}

func TestUsers(t *testing.T) {
	e := newEnv(t)
	found := e.get("/rest/api/3/user/search?query=priya").list(t)
	require.Len(t, found, 1)
	priya := found[0].(map[string]any)
	assert.NotContains(t, priya, "emailAddress", "Priya hides her e-mail")
	jordan := e.get("/rest/api/3/user/search?query=jordan").list(t)[0].(map[string]any)
	assert.Equal(t, "jordan.lee@library.example", jordan["emailAddress"])
	assert.Empty(t, e.get("/rest/api/3/user/search?query=former").list(t), "inactive users are not found")
	assert.Empty(t, e.get("/rest/api/3/user/search?query=priya.patel@").list(t), "a hidden address does not match")
	assert.Equal(t, http.StatusBadRequest, e.get("/rest/api/3/user/search").status)

	u := e.getOK("/rest/api/3/user?accountId=" + priya["accountId"].(string))
	assert.Equal(t, "Asia/Kolkata", u["timeZone"])
	assert.Equal(t, http.StatusNotFound, e.get("/rest/api/3/user?accountId=nope").status)

	bulk := e.getOK("/rest/api/3/user/bulk?accountId=" + priya["accountId"].(string) + "&accountId=" + jordan["accountId"].(string) + "&accountId=unknown")
	assert.Len(t, values(t, bulk, "values"), 2)
	assert.Equal(t, http.StatusBadRequest, e.get("/rest/api/3/user/bulk").status)

	kiri := e.get("/rest/api/3/user/search?query=kiri").list(t)[0].(map[string]any)
	assert.Equal(t, "Pacific/Kiritimati", kiri["timeZone"], "a user fourteen hours from UTC")

	// Without Browse users and groups the search is silently empty.
	require.NoError(t, e.sim.SetBrowseUsers(e.sim.NonAdmin().AccountID, false))
	member := e.asUser(e.sim.NonAdmin())
	assert.Empty(t, member.get("/rest/api/3/user/search?query=jordan").list(t))
	assert.Equal(t, http.StatusForbidden, member.get("/rest/api/3/user?accountId="+priya["accountId"].(string)).status)
}
