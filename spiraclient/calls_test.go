package spiraclient_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

func (f *fixture) lastPath(t *testing.T, method, path string) *http.Request {
	t.Helper()
	r := f.rec.last()
	require.Equal(t, method, r.Method)
	require.Equal(t, "/Services/v7_0/RestService.svc/"+path, r.URL.Path)
	return r
}

func TestSystemAndUsers(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	now, err := f.c.ServerDateTime(ctx)
	require.NoError(t, err)
	require.True(t, now.Equal(fixedNow), now)
	require.Equal(t, time.UTC, now.Location())

	u, err := f.c.WebServerURL(ctx)
	require.NoError(t, err)
	require.Equal(t, f.srv.URL, u)
	f.lastPath(t, "GET", "system/settings/web-server-url")

	name, err := f.c.ProductName(ctx)
	require.NoError(t, err)
	require.Equal(t, "SpiraPlan", name)

	f.sim.SetProductVersion("8.1.0.0")
	v, err := f.c.ProductVersion(ctx)
	require.NoError(t, err)
	require.Equal(t, "8.1.0.0", v.Version)
	f.lastPath(t, "GET", "system/product-version")

	users, err := f.c.Users(ctx)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(users), 9)
	require.NotEmpty(t, users[0].RssToken, "an administrator sees RSS tokens")

	one, err := f.c.User(ctx, 5)
	require.NoError(t, err)
	require.Equal(t, "kiri.tane@library.example", one.EmailAddress)
	f.lastPath(t, "GET", "users/5")

	byLogin, err := f.c.UserByLogin(ctx, "former.librarian", true)
	require.NoError(t, err)
	require.False(t, byLogin.Active)
	r := f.lastPath(t, "GET", "users/usernames/former.librarian")
	require.Equal(t, "true", r.URL.Query().Get("include_inactive"))
	_, err = f.c.UserByLogin(ctx, "former.librarian", false)
	require.ErrorIs(t, err, spiraclient.ErrNotFound)

	// users/all is for administrators only.
	sync := f.sim.SyncAccount()
	plain, err := spiraclient.New(f.srv.URL, sync.Login, sync.APIKey, fastRetry())
	require.NoError(t, err)
	_, err = plain.Users(ctx)
	require.ErrorIs(t, err, spiraclient.ErrUnauthorized)
	me, err := plain.CurrentUser(ctx)
	require.NoError(t, err)
	require.Equal(t, sync.UserID, me.UserID)
	require.False(t, me.Admin)
	require.Empty(t, me.RssToken, "only administrators see RSS tokens")
}

func TestProjectsTemplatesComponents(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ps, err := f.c.Projects(ctx)
	require.NoError(t, err)
	require.Equal(t, "Library Information System", ps[0].Name)
	p, err := f.c.Project(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 1, p.ProjectTemplateID)
	require.True(t, p.Active)
	_, err = f.c.Project(ctx, 77)
	require.ErrorIs(t, err, spiraclient.ErrNotFound)

	ts, err := f.c.ProjectTemplates(ctx)
	require.NoError(t, err)
	require.Len(t, ts, 1)
	tpl, err := f.c.ProjectTemplate(ctx, 1)
	require.NoError(t, err)
	require.True(t, tpl.IsActive)

	members, err := f.c.ProjectUsers(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, "Product Owner", members[0].ProjectRoleName)
	require.Equal(t, "administrator", members[0].UserName)

	comps, err := f.c.Components(ctx, 1, true, false)
	require.NoError(t, err)
	require.Len(t, comps, 5)
	r := f.lastPath(t, "GET", "projects/1/components")
	require.Equal(t, "true", r.URL.Query().Get("active_only"))
	all, err := f.c.Components(ctx, 1, false, true)
	require.NoError(t, err)
	require.Len(t, all, 6)

	c, err := f.c.CreateComponent(ctx, 1, spiraclient.RemoteComponent{Name: "Mobile App", IsActive: true})
	require.NoError(t, err)
	require.Equal(t, 7, c.ComponentID)
	_, err = f.c.CreateComponent(ctx, 1, spiraclient.RemoteComponent{})
	require.ErrorIs(t, err, spiraclient.ErrValidation)
}

func TestLookupsAndWorkflow(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	types, err := f.c.IncidentTypes(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, "Bug", types[1].Name)
	f.lastPath(t, "GET", "project-templates/1/incidents/types")
	statuses, err := f.c.IncidentStatuses(ctx, 1)
	require.NoError(t, err)
	require.Len(t, statuses, 8)
	require.Equal(t, spiraclient.RemoteIncidentStatus{IncidentStatusID: 4, Name: "Resolved", Active: true, Open: false}, statuses[3])
	prios, err := f.c.IncidentPriorities(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 1, prios[0].PriorityID)
	require.Equal(t, "1 - Critical", prios[0].Name)
	sevs, err := f.c.IncidentSeverities(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 4, sevs[3].SeverityID)
	dt, err := f.c.DefaultIncidentType(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 1, dt.IncidentTypeID)
	ds, err := f.c.DefaultIncidentStatus(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, "New", ds.Name)

	rs, err := f.c.RequirementStatuses(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 10, rs[9].RequirementStatusID)
	imps, err := f.c.RequirementImportances(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 3, imps[2].ImportanceID)
	rts, err := f.c.RequirementTypes(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, -1, rts[0].RequirementTypeID)
	relStatuses, err := f.c.ReleaseStatuses(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 6, relStatuses[5].ReleaseStatusID)
	relTypes, err := f.c.ReleaseTypes(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 3, relTypes[2].ReleaseTypeID)

	trs, err := f.c.IncidentTransitions(ctx, 1, 2, 1, false, false)
	require.NoError(t, err)
	require.Len(t, trs, 2)
	require.Equal(t, 1, trs[0].IncidentStatusIDInput)
	require.Equal(t, 2, trs[0].IncidentStatusIDOutput)
	r := f.lastPath(t, "GET", "projects/1/incidents/types/2/workflow/transitions")
	require.Equal(t, "1", r.URL.Query().Get("status_id"))

	fields, err := f.c.IncidentWorkflowFields(ctx, 1, 2, 5)
	require.NoError(t, err)
	require.Contains(t, fields, spiraclient.RemoteWorkflowField{FieldID: 8, FieldName: "ResolvedReleaseId", FieldCaption: "Resolved Release", FieldStateID: spiraclient.FieldStateInactive})
	newFields, err := f.c.IncidentWorkflowFields(ctx, 1, 2, 1)
	require.NoError(t, err)
	require.Len(t, newFields, 2)
	require.Equal(t, spiraclient.FieldStateHidden, newFields[0].FieldStateID)
	cps, err := f.c.IncidentWorkflowCustomProperties(ctx, 1, 2, 5)
	require.NoError(t, err)
	require.Equal(t, []spiraclient.RemoteWorkflowCustomProperty{{CustomPropertyID: 4, FieldName: "Custom_04", FieldStateID: 2}}, cps)
}

func TestCustomPropertiesAndLists(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	defs, err := f.c.CustomProperties(ctx, 1, spiraclient.ArtifactTypeIncident)
	require.NoError(t, err)
	f.lastPath(t, "GET", "project-templates/1/custom-properties/Incident")
	byName := map[string]spiraclient.RemoteCustomProperty{}
	for _, d := range defs {
		byName[d.Name] = d
	}
	for name, typ := range map[string]int{"Steps to Reproduce": 1, "Reported Count": 2, "Estimate Hours": 3, "Regression": 4,
		"Target Date": 5, "Resolution": 6, "Affected Branches": 7, "Reviewer": 8} {
		require.Equal(t, typ, byName[name].CustomPropertyTypeID, name)
	}
	require.Equal(t, "Custom_02", byName["Affected Branches"].CustomPropertyFieldName)
	require.Len(t, byName["Affected Branches"].CustomList.Values, 5)

	reqDefs, err := f.c.CustomProperties(ctx, 1, spiraclient.ArtifactTypeRequirement)
	require.NoError(t, err)
	require.Len(t, reqDefs, 2)

	lists, err := f.c.CustomLists(ctx, 1)
	require.NoError(t, err)
	require.Len(t, lists, 3)
	l, err := f.c.CustomList(ctx, 1, 2)
	require.NoError(t, err)
	require.Equal(t, "Won't Do", l.Values[1].Name)
	require.Equal(t, 7, l.Values[1].CustomPropertyValueID)
}

func TestIncidents(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)

	inc, err := f.c.Incident(ctx, 1, 1)
	require.NoError(t, err)
	require.Equal(t, "Renewal fails for items with a pending hold", inc.Name)
	require.Equal(t, "Bug", inc.IncidentTypeName)
	require.Equal(t, "1.1", inc.DetectedReleaseVersionNumber)
	require.Equal(t, []int{2}, inc.ComponentIDs)
	var multi *spiraclient.RemoteArtifactCustomProperty
	for i := range inc.CustomProperties {
		if inc.CustomProperties[i].PropertyNumber == 2 {
			multi = &inc.CustomProperties[i]
		}
	}
	require.NotNil(t, multi)
	require.Equal(t, []int{1, 2}, multi.IntegerListValue)
	require.Equal(t, "Affected Branches", multi.Definition.Name)

	byIDs, err := f.c.IncidentsByIDs(ctx, 1, []int{2, 3, 999})
	require.NoError(t, err)
	require.Len(t, byIDs, 2)
	r := f.lastPath(t, "GET", "projects/1/incidents/search-by-ids")
	require.Equal(t, "2,3,999", r.URL.Query().Get("ids"))

	n, err := f.c.IncidentCount(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, 8, n)

	// Create, with a custom property and a Jira creation date.
	created := time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)
	text := "From Jira"
	out, err := f.c.CreateIncident(ctx, 1, spiraclient.RemoteIncident{Name: "Imported issue", IncidentTypeID: 2, Description: "<p>x</p>",
		CreationDate: spiraclient.TimePtr(created), ComponentIDs: []int{1, 3},
		CustomProperties: []spiraclient.RemoteArtifactCustomProperty{{PropertyNumber: 3, StringValue: &text}}})
	require.NoError(t, err)
	require.Equal(t, 9, out.IncidentID)
	// The answer is the request echoed back (F7): what Spira defaulted is
	// read back.
	require.Zero(t, out.IncidentStatusID, "left out, so 0 in the echo")
	require.Nil(t, out.ConcurrencyDate)
	r = f.lastPath(t, "POST", "projects/1/incidents")
	require.Equal(t, "application/json", r.Header.Get("Content-Type"))
	out, err = f.c.Incident(ctx, 1, out.IncidentID)
	require.NoError(t, err)
	require.Equal(t, 1, out.IncidentStatusID, "the default status")
	require.Equal(t, 1, out.OpenerID, "the caller is the opener")
	require.True(t, out.CreationDate.Equal(created))
	require.True(t, out.LastUpdateDate.Equal(fixedNow))

	// A value outside the limits of its property is a field message.
	n5 := -5
	_, err = f.c.CreateIncident(ctx, 1, spiraclient.RemoteIncident{Name: "Bad", CustomProperties: []spiraclient.RemoteArtifactCustomProperty{{PropertyNumber: 10, IntegerValue: &n5}}})
	var ae *spiraclient.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "Custom_10", ae.FieldErrors[0].Field)

	// Update keeps LastUpdateDate current.
	later := fixedNow.Add(time.Hour)
	f.sim.SetClock(func() time.Time { return later })
	out.IncidentStatusID = 2
	require.NoError(t, f.c.UpdateIncident(ctx, 1, *out))
	again, err := f.c.Incident(ctx, 1, 9)
	require.NoError(t, err)
	require.Equal(t, 2, again.IncidentStatusID)
	require.True(t, again.LastUpdateDate.Equal(later))
	require.True(t, again.ConcurrencyDate.Equal(later))

	// Comments.
	cs, err := f.c.IncidentComments(ctx, 1, 1)
	require.NoError(t, err)
	require.Len(t, cs, 2)
	added, err := f.c.AddIncidentComments(ctx, 1, 9, []spiraclient.RemoteComment{{Text: "[JiraDataSync] first", UserID: 5, CreationDate: spiraclient.TimePtr(created)}, {Text: "second"}})
	require.NoError(t, err)
	require.Len(t, added, 2)
	require.Equal(t, 5, added[0].UserID)
	require.Equal(t, "Kiri Tane", added[0].UserName)
	require.True(t, added[0].CreationDate.Equal(created))
	require.Equal(t, 1, added[1].UserID)
	cs, err = f.c.IncidentComments(ctx, 1, 9)
	require.NoError(t, err)
	require.Len(t, cs, 2)
	_, err = f.c.IncidentComments(ctx, 1, 999)
	require.ErrorIs(t, err, spiraclient.ErrNotFound)
}

func TestIncidentSearchFiltersAndPaging(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, spiraclient.WithPageSize(3))

	all, err := spiraclient.Collect(f.c.SearchIncidents(ctx, 1, nil, ""))
	require.NoError(t, err)
	require.Len(t, all, 8)
	for i := 1; i < len(all); i++ {
		require.False(t, all[i].CreationDate.Before(all[i-1].CreationDate.Time), "default sort is CreationDate ascending")
	}
	require.Equal(t, 3, f.sim.Requests()["POST /Services/v7_0/RestService.svc/projects/{project_id}/incidents/search"], "3+3+2 rows")
	r := f.rec.last()
	require.Equal(t, "7", r.URL.Query().Get("start_row"))
	require.Equal(t, "3", r.URL.Query().Get("number_rows"))

	// Changes since a time: times considered, and newer first sorted oldest.
	cut := *all[4].LastUpdateDate
	since, err := spiraclient.Collect(f.c.IncidentsUpdatedSince(ctx, 1, cut.Time))
	require.NoError(t, err)
	require.Len(t, since, 4)
	require.True(t, since[0].LastUpdateDate.Equal(cut.Time))
	body := f.rec.last()
	require.Equal(t, "LastUpdateDate ASC", body.URL.Query().Get("sort_by"))

	// Without ConsiderTimes only the date counts: one second later the same
	// day still matches.
	sameDay := spiraclient.RemoteFilter{PropertyName: "LastUpdateDate", DateRangeValue: &spiraclient.DateRange{StartDate: spiraclient.TimePtr(cut.Add(time.Second))}}
	daily, err := spiraclient.Collect(f.c.SearchIncidents(ctx, 1, []spiraclient.RemoteFilter{sameDay}, ""))
	require.NoError(t, err)
	require.Len(t, daily, 4)
	sameDay.DateRangeValue.ConsiderTimes = true
	timed, err := spiraclient.Collect(f.c.SearchIncidents(ctx, 1, []spiraclient.RemoteFilter{sameDay}, ""))
	require.NoError(t, err)
	require.Len(t, timed, 3)

	two := 2
	bug, err := spiraclient.Collect(f.c.SearchIncidents(ctx, 1, []spiraclient.RemoteFilter{{PropertyName: "IncidentTypeId", IntValue: &two}}, ""))
	require.NoError(t, err)
	require.Len(t, bug, 5)
	null := spiraclient.FilterNull
	unowned, err := spiraclient.Collect(f.c.SearchIncidents(ctx, 1, []spiraclient.RemoteFilter{{PropertyName: "OwnerId", IntValue: &null}}, ""))
	require.NoError(t, err)
	require.Len(t, unowned, 3)
	word := "hold"
	named, err := spiraclient.Collect(f.c.SearchIncidents(ctx, 1, []spiraclient.RemoteFilter{{PropertyName: "Name", StringValue: &word}}, ""))
	require.NoError(t, err)
	require.Len(t, named, 2)
	multi, err := spiraclient.Collect(f.c.SearchIncidents(ctx, 1, []spiraclient.RemoteFilter{{PropertyName: "IncidentStatusId", MultiValue: &spiraclient.MultiValueFilter{Values: []int{1, 8}}}}, ""))
	require.NoError(t, err)
	require.Len(t, multi, 4)

	// New incidents since a date, oldest first; each page asks from the
	// newest creation date it has seen.
	before := len(f.rec.reqs)
	fresh, err := spiraclient.Collect(f.c.NewIncidents(ctx, 1, all[5].CreationDate.Time))
	require.NoError(t, err)
	require.Len(t, fresh, 3)
	r = f.rec.reqs[before]
	require.Equal(t, "/Services/v7_0/RestService.svc/projects/1/incidents/recent", r.URL.Path)
	require.Equal(t, all[5].CreationDate.UTC().Format("2006-01-02T15:04:05.000"), r.URL.Query().Get("creation_date"))
	require.Equal(t, fresh[2].CreationDate.UTC().Format("2006-01-02T15:04:05.000"), f.rec.last().URL.Query().Get("creation_date"))

	// Early stop does not fetch further pages.
	f.sim.ResetRequests()
	for range f.c.SearchIncidents(ctx, 1, nil, "") {
		break
	}
	require.Equal(t, 1, f.sim.TotalRequests())
}

func TestPageSizeIsCappedAt500(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for i := 0; i < 505; i++ {
		_, err := f.c.CreateIncident(ctx, 1, spiraclient.RemoteIncident{Name: "bulk"})
		require.NoError(t, err)
	}
	page, err := f.c.SearchIncidentsPage(ctx, 1, nil, "", 1, 1000)
	require.NoError(t, err)
	require.Len(t, page, 500)
	all, err := spiraclient.Collect(f.c.SearchIncidents(ctx, 1, nil, ""))
	require.NoError(t, err)
	require.Len(t, all, 513)
}

func TestRequirements(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	r1, err := f.c.Requirement(ctx, 1, 1)
	require.NoError(t, err)
	require.Equal(t, 2, r1.StatusID)
	require.Equal(t, "Planned", r1.StatusName)
	require.Equal(t, "User Story", r1.RequirementTypeName)

	five := 5
	found, err := spiraclient.Collect(f.c.SearchRequirements(ctx, 1, []spiraclient.RemoteFilter{{PropertyName: "ReleaseId", IntValue: &five}}))
	require.NoError(t, err)
	require.Len(t, found, 2)
	r := f.lastPath(t, "POST", "projects/1/requirements/search")
	require.Equal(t, "1", r.URL.Query().Get("starting_row"))
	require.NotEmpty(t, r.URL.Query().Get("number_of_rows"))

	pg, err := f.c.SearchRequirementsPage(ctx, 1, nil, 2, 2)
	require.NoError(t, err)
	require.Len(t, pg, 2)
	require.Equal(t, 2, pg[0].RequirementID)

	created, err := f.c.CreateRequirement(ctx, 1, spiraclient.RemoteRequirement{Name: "As a patron I can save searches", ImportanceID: 4}, 0)
	require.NoError(t, err)
	require.Equal(t, 5, created.RequirementID)
	created, err = f.c.Requirement(ctx, 1, created.RequirementID)
	require.NoError(t, err)
	require.Equal(t, 1, created.StatusID, "default status Requested")
	require.Equal(t, 4, created.RequirementTypeID, "default type User Story")
	child, err := f.c.CreateRequirement(ctx, 1, spiraclient.RemoteRequirement{Name: "Saved search e-mails"}, created.RequirementID)
	require.NoError(t, err)
	f.lastPath(t, "POST", "projects/1/requirements/parent/5")
	child, err = f.c.Requirement(ctx, 1, child.RequirementID)
	require.NoError(t, err)
	require.Equal(t, created.IndentLevel+"AAA", child.IndentLevel)

	created.StatusID = 3
	require.NoError(t, f.c.UpdateRequirement(ctx, 1, *created))
	f.lastPath(t, "PUT", "projects/1/requirements")
	err = f.c.UpdateRequirement(ctx, 1, *created)
	require.ErrorIs(t, err, spiraclient.ErrConflict)

	cm, err := f.c.AddRequirementComment(ctx, 1, 5, spiraclient.RemoteComment{Text: "note"})
	require.NoError(t, err)
	require.Equal(t, 5, cm.ArtifactID)
	cs, err := f.c.RequirementComments(ctx, 1, 5)
	require.NoError(t, err)
	require.Len(t, cs, 1)
}

func TestReleases(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	rels, err := f.c.Releases(ctx, 1)
	require.NoError(t, err)
	require.Len(t, rels, 6)
	require.Equal(t, "0.9", rels[0].VersionNumber)
	rel, err := f.c.Release(ctx, 1, 6)
	require.NoError(t, err)
	require.Equal(t, "2.1", rel.VersionNumber)
	require.Equal(t, "Planned", rel.ReleaseStatusName)

	start := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	nr := spiraclient.RemoteRelease{Name: "3.0", VersionNumber: "3.0", ReleaseStatusID: 1, ReleaseTypeID: 1,
		StartDate: spiraclient.T(start), EndDate: spiraclient.T(start.AddDate(0, 3, 0)), ResourceCount: 1}
	created, err := f.c.CreateRelease(ctx, 1, nr, 0)
	require.NoError(t, err)
	require.Equal(t, 7, created.ReleaseID)
	require.Zero(t, created.CreatorID, "an echo of the request")
	created, err = f.c.Release(ctx, 1, created.ReleaseID)
	require.NoError(t, err)
	require.Equal(t, 1, created.CreatorID)

	// Version numbers are unique per product.
	_, err = f.c.CreateRelease(ctx, 1, nr, 0)
	var ae *spiraclient.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "VersionNumber", ae.FieldErrors[0].Field)

	sprint := nr
	sprint.Name, sprint.VersionNumber, sprint.ReleaseTypeID = "Sprint 3.0.1", "3.0.001", 3
	child, err := f.c.CreateRelease(ctx, 1, sprint, created.ReleaseID)
	require.NoError(t, err)
	child, err = f.c.Release(ctx, 1, child.ReleaseID)
	require.NoError(t, err)
	require.Equal(t, created.IndentLevel+"AAA", child.IndentLevel)

	created.ReleaseStatusID = 2
	require.NoError(t, f.c.UpdateRelease(ctx, 1, *created))
	f.lastPath(t, "PUT", "projects/1/releases")
	require.ErrorIs(t, f.c.UpdateRelease(ctx, 1, *created), spiraclient.ErrConflict)
}

func TestAssociationsAndDocuments(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	as, err := f.c.Associations(ctx, 1, spiraclient.ArtifactTypeIncident, 1)
	require.NoError(t, err)
	require.Len(t, as, 2)
	a, err := f.c.CreateAssociation(ctx, 1, spiraclient.RemoteAssociation{SourceArtifactID: 2, SourceArtifactTypeID: 3,
		DestArtifactID: 4, DestArtifactTypeID: 3, ArtifactLinkTypeID: spiraclient.LinkRelatedTo, Comment: "same kiosk"})
	require.NoError(t, err)
	require.Equal(t, "Related-to", a.ArtifactLinkTypeName)
	as, err = f.c.Associations(ctx, 1, spiraclient.ArtifactTypeIncident, 4)
	require.NoError(t, err)
	require.Len(t, as, 1)
	require.Equal(t, 2, as[0].DestArtifactID, "seen from the destination the other end is listed")

	d, err := f.c.AddURLDocument(ctx, 1, spiraclient.RemoteDocument{FilenameOrURL: "https://lib.atlassian.net/browse/LIB-40",
		Description: "Link to issue in JIRA", AttachedArtifacts: []spiraclient.RemoteLinkedArtifact{{ArtifactID: 3, ArtifactTypeID: 3}}})
	require.NoError(t, err)
	require.Equal(t, spiraclient.AttachmentTypeURL, d.AttachmentTypeID)
	docs, err := f.c.ArtifactDocuments(ctx, 1, 3, 3)
	require.NoError(t, err)
	require.Len(t, docs, 1)
	require.Equal(t, "https://lib.atlassian.net/browse/LIB-40", docs[0].FilenameOrURL)
	inc, err := f.c.Incident(ctx, 1, 3)
	require.NoError(t, err)
	require.True(t, inc.IsAttachments)
}

func TestDataSyncRecords(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	list, err := f.c.DataSyncs(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1, "only active plug-ins are listed")
	require.Equal(t, spiraclient.DataSyncName, list[0].Name)
	require.Nil(t, list[0].LastSyncDate)

	inactive, err := f.c.DataSync(ctx, 2)
	require.NoError(t, err)
	require.False(t, inactive.IsActive)
	byName, err := f.c.DataSyncByName(ctx, "JiraDataSync")
	require.NoError(t, err)
	require.Equal(t, 1, byName.DataSyncSystemID)
	_, err = f.c.DataSyncByName(ctx, "GitHubDataSync")
	require.ErrorIs(t, err, spiraclient.ErrNotFound)

	// Create returns the existing record when the name is taken.
	same, err := f.c.CreateDataSync(ctx, spiraclient.RemoteDataSyncSystem{Name: "JiraDataSync", ConnectionString: "https://other"})
	require.NoError(t, err)
	require.Equal(t, 1, same.DataSyncSystemID)
	require.NotEqual(t, "https://other", same.ConnectionString)
	nw, err := f.c.CreateDataSync(ctx, spiraclient.RemoteDataSyncSystem{Name: "JiraServerDataSync", ConnectionString: "https://jira.internal", IsActive: true})
	require.NoError(t, err)
	require.Equal(t, 4, nw.DataSyncSystemID)
	require.Equal(t, spiraclient.DataSyncStatusNotRun, nw.DataSyncStatusID)

	// Update uses the ID in the body and never writes LastSyncDate.
	byName.Custom03 = "Both"
	byName.TimeOffsetHours = -2
	byName.LastSyncDate = spiraclient.TimePtr(fixedNow)
	require.NoError(t, f.c.UpdateDataSync(ctx, *byName))
	got, err := f.c.DataSync(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, "Both", got.Custom03)
	require.Equal(t, -2, got.TimeOffsetHours)
	require.Nil(t, got.LastSyncDate)

	// A plain user cannot write plug-in records.
	sync := f.sim.SyncAccount()
	plain, _ := spiraclient.New(f.srv.URL, sync.Login, sync.APIKey, fastRetry())
	require.ErrorIs(t, plain.UpdateDataSync(ctx, *got), spiraclient.ErrUnauthorized)

	// Success sets LastSyncDate to the posted date, not the server's clock.
	posted := time.Date(2026, 3, 1, 23, 59, 58, 250_000_000, time.UTC)
	require.NoError(t, f.c.DataSyncSuccess(ctx, 1, posted.In(time.FixedZone("AEST", 10*3600))))
	r := f.lastPath(t, "POST", "data-syncs/1/success")
	_ = r
	got, err = f.c.DataSync(ctx, 1)
	require.NoError(t, err)
	require.True(t, got.LastSyncDate.Equal(posted), got.LastSyncDate)
	require.Equal(t, spiraclient.DataSyncStatusSuccess, got.DataSyncStatusID)
	require.Equal(t, "Success", got.DataSyncStatusName)

	require.NoError(t, f.c.DataSyncFailure(ctx, 1))
	got, _ = f.c.DataSync(ctx, 1)
	require.Equal(t, spiraclient.DataSyncStatusFailure, got.DataSyncStatusID)
	require.True(t, got.LastSyncDate.Equal(posted), "failure leaves LastSyncDate")

	warnAt := posted.Add(5 * time.Minute)
	require.NoError(t, f.c.DataSyncWarning(ctx, 1, warnAt))
	got, _ = f.c.DataSync(ctx, 1)
	require.Equal(t, spiraclient.DataSyncStatusWarning, got.DataSyncStatusID)
	require.True(t, got.LastSyncDate.Equal(warnAt))

	require.NoError(t, f.c.WriteEvent(ctx, spiraclient.RemoteEvent{EventLogEntryType: spiraclient.EventError, Message: "Jira refused LIB-99", Details: "400"}))
	evs, err := f.c.Events(ctx, 1, 10)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	require.Equal(t, "Data Synchronization", evs[0].EventCategory)
	require.Equal(t, spiraclient.EventError, evs[0].EventTypeID)
	require.True(t, evs[0].EventTimeUtc.Equal(fixedNow))
}

func TestSuccessBodyIsABareUTCDate(t *testing.T) {
	var body []byte
	srv := newRawServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		w.WriteHeader(200)
	})
	c, err := spiraclient.New(srv, "administrator", "{K}", fastRetry())
	require.NoError(t, err)
	require.NoError(t, c.DataSyncSuccess(context.Background(), 1, time.Date(2026, 3, 2, 11, 0, 0, 0, time.FixedZone("CET", 3600))))
	require.Equal(t, `"2026-03-02T10:00:00.000Z"`, string(body))
}

func TestMappings(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	pm, err := f.c.ProjectMappings(ctx, 1)
	require.NoError(t, err)
	require.Len(t, pm, 1)
	require.Equal(t, 1, pm[0].InternalID)
	require.Equal(t, "LIB", pm[0].ExternalKey)
	f.lastPath(t, "GET", "data-mappings/1/projects")
	f.sim.SetProjectMapping(1, 1, "LIB", false)
	pm, err = f.c.ProjectMappings(ctx, 1)
	require.NoError(t, err)
	require.Empty(t, pm, "inactive product mappings are not returned")

	um, err := f.c.UserMappings(ctx, 1)
	require.NoError(t, err)
	require.Len(t, um, 5)
	require.Nil(t, um[0].ProjectID)
	require.NoError(t, f.c.AddUserMappings(ctx, 1, []spiraclient.RemoteDataMapping{
		{InternalID: 1, ExternalKey: "overwritten?"}, {InternalID: 2, ExternalKey: "fred@library.example"}}))
	um, _ = f.c.UserMappings(ctx, 1)
	require.Len(t, um, 6)
	require.Equal(t, "5b10ac8d82e05b22cc7d4e01", um[0].ExternalKey, "add never changes an existing user mapping")

	rel, err := f.c.ArtifactMappings(ctx, 1, 1, spiraclient.ArtifactTypeRelease)
	require.NoError(t, err)
	require.Len(t, rel, 4)
	f.lastPath(t, "GET", "projects/1/data-mappings/1/artifacts/4")
	require.NoError(t, f.c.AddArtifactMappings(ctx, 1, 1, spiraclient.ArtifactTypeRelease, []spiraclient.RemoteDataMapping{
		{InternalID: 1, ExternalKey: "99999"}, {InternalID: 6, ExternalKey: "10004"}, {InternalID: 3, ExternalKey: ""}}))
	rel, _ = f.c.ArtifactMappings(ctx, 1, 1, spiraclient.ArtifactTypeRelease)
	require.Len(t, rel, 5)
	require.Equal(t, "10000", rel[0].ExternalKey, "add never overwrites")
	require.NoError(t, f.c.RemoveArtifactMappings(ctx, 1, 1, spiraclient.ArtifactTypeRelease, []spiraclient.RemoteDataMapping{{InternalID: 1}}))
	f.lastPath(t, "DELETE", "projects/1/data-mappings/1/artifacts/4")
	require.NoError(t, f.c.AddArtifactMappings(ctx, 1, 1, spiraclient.ArtifactTypeRelease, []spiraclient.RemoteDataMapping{{InternalID: 1, ExternalKey: "99999"}}))
	rel, _ = f.c.ArtifactMappings(ctx, 1, 1, spiraclient.ArtifactTypeRelease)
	require.Equal(t, "99999", rel[0].ExternalKey, "remove then add changes a mapping")

	hits, err := f.c.SearchArtifactMappings(ctx, 1, spiraclient.ArtifactTypeIncident, "LIB-9")
	require.NoError(t, err)
	require.Equal(t, []spiraclient.RemoteProjectArtifact{{ProjectID: 1, ArtifactIDs: []int{2}}}, hits)
	r := f.lastPath(t, "POST", "data-mappings/1/artifacts/3/search")
	_ = r

	st, err := f.c.FieldValueMappings(ctx, 1, 1, spiraclient.FieldIncidentStatus)
	require.NoError(t, err)
	require.Len(t, st, 6)
	require.Equal(t, spiraclient.RemoteDataMapping{ProjectID: intp(1), InternalID: 2, ExternalKey: "10000", Primary: true}, st[1])
	require.False(t, st[0].Primary)

	cp, err := f.c.CustomPropertyMapping(ctx, 1, 1, spiraclient.ArtifactTypeIncident, 4)
	require.NoError(t, err)
	require.Equal(t, "Resolution", cp.ExternalKey)
	none, err := f.c.CustomPropertyMapping(ctx, 1, 1, spiraclient.ArtifactTypeIncident, 9)
	require.NoError(t, err)
	require.Nil(t, none, "an unmapped property is JSON null")
	vals, err := f.c.CustomPropertyValueMappings(ctx, 1, 1, spiraclient.ArtifactTypeIncident, 4)
	require.NoError(t, err)
	require.Len(t, vals, 4)
	require.Equal(t, "10001", vals[1].ExternalKey)
	f.lastPath(t, "GET", "projects/1/data-mappings/1/artifacts/3/custom-properties/4/values")

	// Project-scoped mapping calls need membership of the product.
	f.sim.SetUserMapping(1, 4, "")
	pri := mustUser(t, f.sim, "priya.patel")
	pc, _ := spiraclient.New(f.srv.URL, pri.Login, pri.APIKey, fastRetry())
	_, err = pc.FieldValueMappings(ctx, 2, 1, 3)
	require.ErrorIs(t, err, spiraclient.ErrUnauthorized)
}

func mustUser(t *testing.T, s *spiratest.Sim, login string) spiratest.Account {
	a, ok := s.User(login)
	require.True(t, ok)
	return a
}

func intp(i int) *int { return &i }

func newRawServer(t *testing.T, h http.HandlerFunc) string {
	srv := httptestServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestTimeJSON(t *testing.T) {
	var v struct{ A, B, C spiraclient.Time }
	require.NoError(t, json.Unmarshal([]byte(`{"A":"2026-03-02T10:00:00.000Z","B":"2026-03-02T10:00:00.123","C":"2026-03-02T12:00:00+02:00"}`), &v))
	want := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	require.True(t, v.A.Equal(want))
	require.True(t, v.B.Equal(want.Add(123*time.Millisecond)), "a date without a zone is UTC")
	require.True(t, v.C.Equal(want))
	b, err := json.Marshal(spiraclient.T(want.In(time.FixedZone("X", -5*3600))))
	require.NoError(t, err)
	require.Equal(t, `"2026-03-02T10:00:00.000Z"`, string(b))
	require.Error(t, json.Unmarshal([]byte(`{"A":"yesterday"}`), &v))
}

func TestChangedIncidentsSurviveAnEditDuringTheWalk(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, spiraclient.WithPageSize(3))
	all, err := spiraclient.Collect(f.c.SearchIncidents(ctx, 1, nil, "LastUpdateDate ASC"))
	require.NoError(t, err)
	require.Greater(t, len(all), 6, "enough for three pages")
	from := all[0].LastUpdateDate.Time

	var got []int
	for inc, err := range f.c.IncidentsUpdatedSince(ctx, 1, from) {
		require.NoError(t, err)
		got = append(got, inc.IncidentID)
		if len(got) == 3 {
			// Someone saves the second incident before the next page is read.
			edited := all[1]
			edited.Name += " (edited)"
			require.NoError(t, f.c.UpdateIncident(ctx, 1, edited))
		}
	}
	want := make([]int, len(all))
	for i, inc := range all {
		want[i] = inc.IncidentID
	}
	require.ElementsMatch(t, want, got, "every incident changed since the date, each once")
}
