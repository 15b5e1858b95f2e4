package spiratest

import (
	"fmt"
	"time"

	"github.com/spirajira/spirajira/internal/simkit"
)

// Seeded identifiers tests and the sandbox rely on.
const (
	// ProductID is the seeded product "Library Information System".
	ProductID = 1
	// TemplateID is the template of the seeded products.
	TemplateID = 1
	// DataSyncID is the seeded JiraDataSync plug-in record.
	DataSyncID = 1
	// ProductVersion is what system/product-version reports by default.
	ProductVersion = "9.4.0.0"
	// JiraConnectorOrigin is the origin of Inflectra's SpiraTest App for
	// Jira, which Spira's Allowed Domains must admit.
	JiraConnectorOrigin = "https://jira.inflectra.com"
)

// Incident lookups of the sample template.
const (
	IncidentTypeIncident      = 1
	IncidentTypeBug           = 2
	IncidentTypeEnhancement   = 3
	IncidentTypeIssue         = 4
	IncidentTypeTraining      = 5
	IncidentTypeLimitation    = 6
	IncidentTypeChangeRequest = 7
	IncidentTypeRisk          = 8

	IncidentStatusNew             = 1
	IncidentStatusOpen            = 2
	IncidentStatusAssigned        = 3
	IncidentStatusResolved        = 4
	IncidentStatusClosed          = 5
	IncidentStatusNotReproducible = 6
	IncidentStatusDuplicate       = 7
	IncidentStatusReopen          = 8
)

// seedEpoch is when the demo history starts; every New sees the same data.
var seedEpoch = time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC)

func day(n int) *stamp { return at(seedEpoch.Add(time.Duration(n) * 24 * time.Hour)) }

// APIKeyFor is the deterministic RSS token of seeded user id.
func APIKeyFor(id int) string {
	return fmt.Sprintf("{%08X-5A1E-4C3B-9D2E-%012X}", 0x7A05FD06+id*0x1111, 0x51BCF0060480+id*0x97)
}

func seedState() *state {
	st := &state{
		members: map[int][]member{}, components: map[int][]*wComponent{}, releases: map[int][]*wRelease{},
		incidents: map[int][]*wIncident{}, requirements: map[int][]*wRequirement{}, comments: map[artKey][]*wComment{},
		associations: map[int][]*wAssociation{}, documents: map[int][]*wDocument{}, blobs: map[int]*simkit.Blob{}, maps: map[int]*dsMaps{},
		version: wVersion{Version: ProductVersion}, productName: "SpiraPlan",
		allowedDomains: []string{JiraConnectorOrigin}, next: map[string]int{},
	}
	seedUsers(st)
	seedTemplate(st)
	seedProducts(st)
	seedReleases(st)
	seedArtifacts(st)
	seedTasks(st)
	seedDataSync(st)
	seedMappings(st)
	return st
}

func seedUsers(st *state) {
	add := func(id int, login, first, last, email string, admin, active bool, dept string) {
		u := &user{token: APIKeyFor(id)}
		u.UserId, u.UserName, u.FirstName, u.LastName, u.EmailAddress = id, login, first, last, email
		u.Admin, u.Active, u.Approved, u.FullName = admin, active, true, first+" "+last
		if dept != "" {
			u.Department = sp(dept)
		}
		st.users = append(st.users, u)
	}
	add(1, "administrator", "System", "Administrator", "administrator@library.example", true, true, "IT")
	add(2, "fredbloggs", "Fred", "Bloggs", "fred.bloggs@library.example", false, true, "Circulation")
	add(3, "joesmith", "Joe", "Smith", "joe.smith@library.example", false, true, "Cataloguing")
	add(4, "priya.patel", "Priya", "Patel", "priya.patel@library.example", false, true, "Development")
	add(5, "kiri.tane", "Kiri", "Tane", "kiri.tane@library.example", false, true, "Development")
	add(6, "jordan.lee", "Jordan", "Lee", "jordan.lee@library.example", false, true, "Development")
	add(syncUserID, "datasync", "Data", "Sync", "datasync@library.example", false, true, "IT")
	add(8, "tomas.ortega", "Tomas", "Ortega", "t.ortega@library.example", false, true, "Development")
	add(9, "former.librarian", "Former", "Librarian", "former.librarian@library.example", false, false, "Circulation")
	st.next["user"] = 9
}

func seedTemplate(st *state) {
	t := &tpl{transitions: map[int][]wTransition{}, fieldStates: map[int]map[int][]wWorkflowField{}, cpStates: map[int]map[int][]wWorkflowCP{}}
	t.ProjectTemplateId, t.Name, t.IsActive = TemplateID, "Library Information System", true
	t.Description = sp("Template of the library products.")
	t.incTypes = []wIncidentType{
		{1, "Incident", true, false, false, 1}, {2, "Bug", true, false, false, 1}, {3, "Enhancement", true, false, false, 1},
		{4, "Issue", true, true, false, 1}, {5, "Training", true, false, false, 1}, {6, "Limitation", true, false, false, 1},
		{7, "Change Request", true, false, false, 1}, {8, "Risk", true, false, true, 1},
	}
	t.incStatuses = []wIncidentStatus{
		{1, "New", true, true}, {2, "Open", true, true}, {3, "Assigned", true, true}, {4, "Resolved", true, false},
		{5, "Closed", true, false}, {6, "Not Reproducible", true, false}, {7, "Duplicate", true, false}, {8, "Reopen", true, true},
	}
	t.priorities = []wScored{{1, "1 - Critical", true, "f47457", 1}, {2, "2 - High", true, "f29e56", 2}, {3, "3 - Medium", true, "f5d857", 3}, {4, "4 - Low", true, "f4f356", 4}}
	t.severities = []wScored{{1, "1 - Critical", true, "f47457", 1}, {2, "2 - High", true, "f29e56", 2}, {3, "3 - Medium", true, "f5d857", 3}, {4, "4 - Low", true, "f4f356", 4}}
	t.importances = []wScored{{1, "1 - Critical", true, "f47457", 1}, {2, "2 - High", true, "f29e56", 2}, {3, "3 - Medium", true, "f5d857", 3}, {4, "4 - Low", true, "f4f356", 4}}
	t.reqStatuses = []wReqStatus{
		{1, "Requested", true, 1}, {2, "Planned", true, 2}, {3, "In Progress", true, 3}, {4, "Developed", true, 4},
		{5, "Accepted", true, 5}, {6, "Rejected", true, 6}, {7, "Evaluated", true, 7}, {8, "Obsolete", true, 8},
		{9, "Tested", true, 9}, {10, "Completed", true, 10},
	}
	t.reqTypes = []wReqType{
		{-1, "Package", nil, true, false, false}, {1, "Need", ip(1), true, false, false}, {2, "Feature", ip(1), true, false, false},
		{3, "Use Case", ip(1), true, false, true}, {4, "User Story", ip(1), true, true, false}, {5, "Quality", ip(1), true, false, false},
		{6, "Design Element", ip(1), true, false, false},
	}
	t.relStatuses = []wPositioned{{1, "Planned", true, 1}, {2, "In Progress", true, 2}, {3, "Completed", true, 3}, {4, "Closed", true, 4}, {5, "Deferred", true, 5}, {6, "Cancelled", true, 6}}
	t.relTypes = []wPositioned{{1, "Major Release", true, 1}, {2, "Minor Release", true, 2}, {3, "Sprint", true, 3}, {4, "Phase", true, 4}}
	t.defaultType, t.defaultStatus = IncidentTypeIncident, IncidentStatusNew

	// The sample incident workflow.
	name := func(id int) string {
		for _, s := range t.incStatuses {
			if s.IncidentStatusId == id {
				return s.Name
			}
		}
		return ""
	}
	tid := 0
	tr := func(from, to int, label string, detector, owner bool) {
		tid++
		t.transitions[1] = append(t.transitions[1], wTransition{ExecuteByDetector: detector, ExecuteByOwner: owner,
			IncidentStatusId_Input: from, IncidentStatusName_Input: name(from), IncidentStatusId_Output: to,
			IncidentStatusName_Output: name(to), Name: label, TransitionId: tid, WorkflowId: 1})
	}
	tr(1, 2, "Review Incident", false, false)
	tr(1, 7, "Duplicate Incident", false, false)
	tr(2, 3, "Assign Incident", false, false)
	tr(2, 7, "Duplicate Incident", false, false)
	tr(3, 4, "Resolve Incident", false, true)
	tr(3, 6, "Cannot Reproduce", false, true)
	tr(4, 5, "Close Incident", true, false)
	tr(4, 8, "Reopen Incident", true, false)
	tr(5, 8, "Reopen Incident", true, false)
	tr(6, 8, "Reopen Incident", true, false)
	tr(7, 8, "Reopen Incident", true, false)
	tr(8, 3, "Assign Incident", false, false)
	// Field states: Jira is the master of updates (Custom 03 blank), so as
	// the guide advises every synced field is inactive after New; New hides
	// the resolution fields.
	synced := []struct {
		id            int
		name, caption string
	}{{10, "Name", "Name"}, {11, "Description", "Description"}, {4, "IncidentTypeId", "Type"}, {2, "PriorityId", "Priority"},
		{1, "SeverityId", "Severity"}, {6, "OwnerId", "Owned By"}, {7, "DetectedReleaseId", "Detected Release"},
		{8, "ResolvedReleaseId", "Resolved Release"}, {148, "ComponentIds", "Components"}, {14, "StartDate", "Started On"},
		{15, "ClosedDate", "Closed On"}}
	t.fieldStates[1] = map[int][]wWorkflowField{
		1: {{FieldId: 8, FieldName: "ResolvedReleaseId", FieldCaption: "Resolved Release", FieldStateId: 3},
			{FieldId: 15, FieldName: "ClosedDate", FieldCaption: "Closed On", FieldStateId: 3}},
	}
	for status := 2; status <= 8; status++ {
		for _, f := range synced {
			t.fieldStates[1][status] = append(t.fieldStates[1][status], wWorkflowField{FieldId: f.id, FieldName: f.name, FieldCaption: f.caption, FieldStateId: 1})
		}
	}

	// Custom lists.
	list := func(id int, name string, firstValue int, values ...string) *wCustomList {
		l := &wCustomList{CustomPropertyListId: id, ProjectTemplateId: TemplateID, Name: name, Active: true}
		for i, v := range values {
			l.Values = append(l.Values, wCustomValue{CustomPropertyValueId: firstValue + i, CustomPropertyListId: id, Name: v, Active: true})
		}
		return l
	}
	branches := list(1, "Library Branches", 1, "Central", "North", "South", "East", "West")
	resolutions := list(2, "Jira Resolutions", 6, "Done", "Won't Do", "Duplicate", "Cannot Reproduce")
	levels := list(3, "Security Levels", 10, "Staff", "Management", "Security Team")
	t.lists = []*wCustomList{branches, resolutions, levels}

	typeNames := map[int]string{1: "Text", 2: "Integer", 3: "Decimal", 4: "Boolean", 5: "Date", 6: "List", 7: "MultiList", 8: "User", 10: "Release"}
	dataTypes := map[int]string{1: "String", 2: "Int32", 3: "Decimal", 4: "Boolean", 5: "DateTime", 6: "Int32", 7: "List`1", 8: "Int32", 10: "Int32"}
	cp := func(id, artifactType, number, typ int, name string, l *wCustomList, opts ...wCPOption) {
		d := &wCPDef{CustomPropertyId: id, ProjectTemplateId: TemplateID, ArtifactTypeId: artifactType, Name: name, CustomList: l,
			CustomPropertyFieldName: fmt.Sprintf("Custom_%02d", number), CustomPropertyTypeId: typ, CustomPropertyTypeName: typeNames[typ],
			PropertyNumber: number, SystemDataType: dataTypes[typ], Options: opts}
		t.cps = append(t.cps, d)
	}
	cp(1, 3, 1, 1, "Steps to Reproduce", nil, wCPOption{CustomPropertyOptionId: 4, Value: "Y"})
	cp(2, 3, 2, 7, "Affected Branches", branches)
	cp(3, 3, 3, 1, "External Reference", nil, wCPOption{CustomPropertyOptionId: 2, Value: "255"})
	cp(4, 3, 4, 6, "Resolution", resolutions)
	cp(5, 3, 5, 5, "Target Date", nil)
	cp(6, 3, 6, 8, "Reviewer", nil)
	cp(7, 3, 7, 1, "Jira Issue Key", nil)
	cp(8, 3, 8, 3, "Estimate Hours", nil, wCPOption{CustomPropertyOptionId: 8, Value: "1"})
	cp(9, 3, 9, 4, "Regression", nil)
	cp(10, 3, 10, 2, "Reported Count", nil, wCPOption{CustomPropertyOptionId: 7, Value: "0"})
	cp(11, 3, 11, 1, "Environment", nil)
	cp(12, 3, 12, 6, "Security Level", levels)
	cp(13, 1, 1, 3, "Story Points", nil)
	cp(14, 1, 2, 5, "Target Date", nil)
	cp(15, 4, 1, 1, "Jira ID", nil)
	// A Release property (F20): type 10, its value a release ID in IntegerValue.
	cp(16, 3, 13, 10, "Target Release", nil)
	t.cpStates[1] = map[int][]wWorkflowCP{
		5: {{CustomPropertyId: 4, FieldName: "Custom_04", FieldStateId: 2}},
	}
	st.templates = append(st.templates, t)
}

func seedProducts(st *state) {
	st.projects = []*wProject{
		{ProjectId: 1, ProjectTemplateId: TemplateID, ProjectGroupId: 1, Name: "Library Information System",
			Description: sp("Catalogue, circulation and patron portal of the city library network."),
			Website:     sp("https://library.example"), CreationDate: *day(-300), Active: true, WorkingHours: 8, WorkingDays: 5,
			StartDate: day(-300), EndDate: day(240)},
		{ProjectId: 2, ProjectTemplateId: TemplateID, ProjectGroupId: 1, Name: "Sample Empty Product 1",
			CreationDate: *day(-200), Active: true, WorkingHours: 8, WorkingDays: 5},
	}
	st.next["project"] = 2
	for _, uid := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9} {
		role, name := 4, "Developer"
		switch uid {
		case 1:
			role, name = 1, "Product Owner"
		case 2, 3:
			role, name = 5, "Tester"
		}
		st.members[1] = append(st.members[1], member{uid, role, name})
	}
	st.members[2] = []member{{1, 1, "Product Owner"}, {2, 5, "Tester"}}
	for i, n := range []string{"Catalogue", "Circulation", "Patron Portal", "Reporting", "Integrations"} {
		st.components[1] = append(st.components[1], &wComponent{ComponentId: ip(i + 1), ProjectId: 1, Name: n, IsActive: true})
	}
	st.components[1] = append(st.components[1], &wComponent{ComponentId: ip(6), ProjectId: 1, Name: "Legacy OPAC", IsActive: false, IsDeleted: true})
	st.next["component"] = 6
}

func seedReleases(st *state) {
	add := func(id int, indent, name, vn string, typ, status, start, end int) {
		r := &wRelease{ReleaseId: ip(id), wArtifact: wArtifact{ProjectId: 1, ArtifactTypeId: 4}, CreatorId: ip(1), OwnerId: ip(1), IndentLevel: indent,
			Name: name, VersionNumber: vn, CreationDate: day(start - 10), LastUpdateDate: day(start - 10), ReleaseStatusId: status,
			ReleaseTypeId: typ, StartDate: day(start), EndDate: day(end), ResourceCount: 4, Active: status <= 3}
		r.ConcurrencyDate = r.LastUpdateDate
		st.releases[1] = append(st.releases[1], r)
	}
	add(1, "AAA", "Pilot", "0.9", 1, 4, -250, -190)
	add(2, "AAB", "Network-wide Release", "1.0", 1, 4, -150, -50)
	add(3, "AABAAA", "Sprint 1", "1.0.001", 3, 3, -150, -120)
	add(4, "AAC", "Holds and Notifications", "1.1", 2, 3, -50, 30)
	add(5, "AAD", "Patron Portal Rewrite", "2.0", 1, 2, 60, 240)
	add(6, "AAE", "Reporting and Integrations", "2.1", 2, 1, 240, 330)
	st.releases[1][1].Summary = true
	st.next["release"] = 6
}

func seedArtifacts(st *state) {
	type inc struct {
		typ, status, prio, sev, opener, owner, detected, resolved int
		comps                                                     []int
		name, desc                                                string
	}
	rows := []inc{
		{2, 3, 1, 1, 2, 6, 4, 5, []int{2}, "Renewal fails for items with a pending hold", "<p>Renewing an item that has a hold returns a server error instead of a message.</p>"},
		{2, 2, 2, 2, 3, 8, 4, 0, []int{1}, "Catalogue search ignores diacritics", "<p>Searching for <em>Garcia</em> does not find <em>García</em>.</p>"},
		{2, 1, 2, 2, 2, 0, 4, 0, []int{2}, "Overdue notice sent twice for the same loan", "<p>Patrons receive two identical overdue e-mails.</p>"},
		{1, 1, 3, 3, 3, 0, 0, 0, []int{3}, "Self-service kiosk freezes after printing a receipt", "<p>The kiosk needs a restart after each receipt.</p>"},
		{3, 1, 4, 4, 1, 5, 0, 5, []int{4}, "Export branch statistics as CSV", "<p>Managers want the monthly figures in a spreadsheet.</p>"},
		{2, 5, 3, 3, 2, 4, 2, 4, []int{2}, "Fine total rounds half-cents down", "<p>Fines of 0.125 show as 0.12.</p>"},
		{2, 8, 1, 1, 3, 5, 2, 4, []int{5}, "RFID gate reports returned items as stolen", "<p>Items returned at the desk still trigger the gate.</p>"},
		{7, 2, 3, 4, 1, 0, 0, 0, []int{3, 2}, "Show the hold position on the patron dashboard", "<p>Patrons ask where they are in the queue.</p>"},
	}
	for i, r := range rows {
		created := day(-40 + i*4)
		x := &wIncident{IncidentId: ip(i + 1), wArtifact: wArtifact{ProjectId: 1, ArtifactTypeId: 3}, IncidentTypeId: ip(r.typ), IncidentStatusId: ip(r.status),
			PriorityId: ip(r.prio), SeverityId: ip(r.sev), OpenerId: ip(r.opener), ComponentIds: r.comps, Name: r.name,
			Description: sp(r.desc), CreationDate: created, StartDate: created}
		x.LastUpdateDate = at(created.t.Add(time.Duration(i+2) * time.Hour))
		x.ConcurrencyDate = x.LastUpdateDate
		if r.owner != 0 {
			x.OwnerId = ip(r.owner)
		}
		if r.detected != 0 {
			x.DetectedReleaseId = ip(r.detected)
		}
		if r.resolved != 0 {
			x.ResolvedReleaseId = ip(r.resolved)
		}
		if r.status == 5 {
			x.ClosedDate = x.LastUpdateDate
		}
		x.CustomProperties = []wCPValue{{PropertyNumber: 3, StringValue: sp(fmt.Sprintf("HELPDESK-%d", 4100+i*7))}}
		if i == 0 {
			x.CustomProperties = append(x.CustomProperties,
				wCPValue{PropertyNumber: 2, IntegerListValue: []int{1, 2}},
				wCPValue{PropertyNumber: 7, StringValue: sp("LIB-8")},
				wCPValue{PropertyNumber: 9, BooleanValue: bp(true)},
				wCPValue{PropertyNumber: 10, IntegerValue: ip(3)},
				wCPValue{PropertyNumber: 8, DecimalValue: func() *float64 { f := 2.5; return &f }()},
				wCPValue{PropertyNumber: 5, DateTimeValue: day(10)},
				wCPValue{PropertyNumber: 6, IntegerValue: ip(4)})
		}
		st.incidents[1] = append(st.incidents[1], x)
	}
	st.next["incident"] = len(rows)
	addComment := func(typ, id, uid, dayN int, text string) {
		k := artKey{typ, id}
		c := &wComment{CommentId: ip(st.nextID("comment")), ArtifactId: id, UserId: ip(uid), UserName: st.user(uid).FullName,
			Text: text, CreationDate: at(day(-40 + dayN).t.Add(3 * time.Hour))}
		st.comments[k] = append(st.comments[k], c)
	}
	addComment(3, 1, 6, 1, "<p>Reproduced on the test server.</p>")
	addComment(3, 1, 2, 2, "<p>[JiraDataSync] Fix is in review.</p>")
	addComment(3, 3, 3, 10, "<p>Happens only for loans renewed once.</p>")
	addComment(3, 7, 5, 26, "<p>The gate firmware was updated; still happening.</p>")

	type req struct {
		status, typ, imp, rel, comp, author, owner int
		name                                       string
	}
	reqs := []req{
		{2, 4, 2, 5, 3, 1, 6, "As a patron I can renew loans online"},
		{3, 4, 2, 5, 3, 1, 4, "As a patron I can place a hold on a checked-out item"},
		{1, 2, 3, 6, 4, 2, 0, "Branch statistics dashboard"},
		{10, 4, 3, 4, 2, 1, 8, "As a patron I get an e-mail before a loan is due"},
	}
	for i, r := range reqs {
		created := day(-60 + i*5)
		x := &wRequirement{RequirementId: ip(i + 1), wArtifact: wArtifact{ProjectId: 1, ArtifactTypeId: 1}, IndentLevel: fmt.Sprintf("AA%c", 'A'+i),
			StatusId: ip(r.status), RequirementTypeId: ip(r.typ), ImportanceId: ip(r.imp), ReleaseId: ip(r.rel), ComponentId: ip(r.comp),
			AuthorId: ip(r.author), Name: r.name, Description: sp("<p>" + r.name + ".</p>"), CreationDate: created, LastUpdateDate: created}
		x.ConcurrencyDate = x.LastUpdateDate
		if r.owner != 0 {
			x.OwnerId = ip(r.owner)
		}
		x.CustomProperties = []wCPValue{{PropertyNumber: 1, DecimalValue: func() *float64 { f := float64(i + 2); return &f }()}}
		st.requirements[1] = append(st.requirements[1], x)
	}
	st.next["requirement"] = len(reqs)
	addComment(1, 1, 1, 0, "<p>Agreed with the circulation team.</p>")

	st.associations[1] = []*wAssociation{
		{ArtifactLinkId: ip(1), SourceArtifactId: 3, SourceArtifactTypeId: 3, DestArtifactId: 1, DestArtifactTypeId: 3,
			ArtifactLinkTypeId: 1, CreatorId: ip(2), Comment: sp("Same renewal code path."), CreationDate: day(-31)},
		{ArtifactLinkId: ip(2), SourceArtifactId: 1, SourceArtifactTypeId: 3, DestArtifactId: 1, DestArtifactTypeId: 1,
			ArtifactLinkTypeId: 2, CreatorId: ip(6), CreationDate: day(-39)},
	}
	st.next["association"] = 2
	st.documents[1] = []*wDocument{{AttachmentId: ip(1), ProjectId: 1, ArtifactTypeId: 13, AttachmentTypeId: 2,
		AttachedArtifacts: []wLinked{{ArtifactId: 1, ArtifactTypeId: 3}}, AuthorId: ip(7), FilenameOrUrl: "https://jira.example/browse/LIB-8",
		Description: sp("Link to issue in JIRA"), UploadDate: day(-39), EditedDate: day(-39), CurrentVersion: "1.0", AttachmentTypeName: "URL"}}
	st.next["document"] = 1
}

// seedDataSync creates the plug-in records; the sandbox points
// JiraDataSync at its Jira simulator and sets the mappings.
func seedDataSync(st *state) {
	st.dataSyncs = []*wDataSync{
		{DataSyncSystemId: 1, DataSyncStatusId: 4, Name: "JiraDataSync", DisplayName: "Jira", Description: sp("Jira Cloud data-sync plug-in."),
			ConnectionString: "https://myinstance.atlassian.net", Login: "jira@library.example", Password: "",
			Custom01: sp(""), Custom02: sp(""), Custom03: sp(""), Custom04: sp(""), Custom05: sp(""), IsActive: true},
		{DataSyncSystemId: 2, DataSyncStatusId: 4, Name: "GitHubDataSync", DisplayName: "GitHub", ConnectionString: "https://api.github.com",
			Login: "library-bot", IsActive: false},
		{DataSyncSystemId: 3, DataSyncStatusId: 4, Name: "MsTfsDataSync", DisplayName: "Azure DevOps", ConnectionString: "https://dev.azure.com/library",
			Login: "library-bot", IsActive: false},
	}
	st.next["datasync"] = 3
}
