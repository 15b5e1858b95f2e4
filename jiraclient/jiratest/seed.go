package jiratest

import (
	"strconv"
	"time"
)

// Seeded identifiers tests may rely on.
const (
	adminID  = "5b10ac8d82e05b22cc7d4e01"
	memberID = "5b10ac8d82e05b22cc7d4e02"

	// ProjectKey is the key of the seeded company-managed project.
	ProjectKey = "LIB"
	// ProjectID is the id of the seeded project.
	ProjectID = "10000"
)

func itoa(n int) string { return strconv.Itoa(n) }

// seedEpoch is when the demo site's history starts; seeded issues are created
// and updated at fixed offsets from it so every New sees identical data.
var seedEpoch = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

func seedSite() *site {
	st := &site{
		title:        "Library Systems",
		users:        map[string]*user{},
		issueTypes:   map[string]*issueType{},
		categories:   map[int]*statusCategory{},
		statuses:     map[string]*status{},
		workflows:    map[string]*workflow{},
		security:     map[string]*securityScheme{},
		issueByID:    map[string]*issue{},
		attachments:  map[string]*attachment{},
		oldKeysInJQL: true,
		createScreen: map[string][]string{},
		editScreen:   map[string][]string{},
		nextID:       20000,
		nextRemoteID: 10000,
	}
	seedUsers(st)
	seedConfig(st)
	seedIssues(st)
	return st
}

func seedUsers(st *site) {
	add := func(u *user) {
		if u.AccountType == "" {
			u.AccountType = "atlassian"
		}
		if u.Locale == "" {
			u.Locale = "en_US"
		}
		st.users[u.AccountID] = u
		st.userOrder = append(st.userOrder, u.AccountID)
	}
	add(&user{AccountID: adminID, Email: "avery.admin@library.example", DisplayName: "Avery Admin",
		TimeZone: "Australia/Sydney", Locale: "en_AU", Active: true, Admin: true,
		Token:  "ATATT3xFfGF0simAdminToken7Q2mX9vL4kR8nP1sD6wE3yH5jB0cF2gT7uZ4aK9=A1B2C3D4",
		Groups: []string{"jira-admins-library", "jira-software-users", "site-admins"}})
	add(&user{AccountID: memberID, Email: "sam.sync@library.example", DisplayName: "Sam Sync",
		TimeZone: "America/Los_Angeles", Active: true,
		Token:  "ATATT3xFfGF0simMemberToken3K8pW1qN6tY2vB9xM4cR7zL0dF5hJ2sG8eU1aQ6=E5F6A7B8",
		Groups: []string{"jira-software-users"}})
	add(&user{AccountID: "5b10ac8d82e05b22cc7d4e03", Email: "priya.patel@library.example", HideEmail: true,
		DisplayName: "Priya Patel", TimeZone: "Asia/Kolkata", Active: true, Groups: []string{"jira-software-users"}})
	add(&user{AccountID: "5b10ac8d82e05b22cc7d4e04", Email: "tomas.ortega@library.example", HideEmail: true,
		DisplayName: "Tomás Ortega", TimeZone: "Europe/Madrid", Locale: "es_ES", Active: true, Groups: []string{"jira-software-users"}})
	add(&user{AccountID: "5b10ac8d82e05b22cc7d4e05", Email: "kiri.tane@library.example",
		DisplayName: "Kiri Tane", TimeZone: "Pacific/Kiritimati", Active: true, Groups: []string{"jira-software-users"}})
	add(&user{AccountID: "5b10ac8d82e05b22cc7d4e06", Email: "jordan.lee@library.example",
		DisplayName: "Jordan Lee", TimeZone: "America/New_York", Active: true, Groups: []string{"jira-software-users"}})
	add(&user{AccountID: "5b10ac8d82e05b22cc7d4e07", Email: "grace.okafor@library.example", HideEmail: true,
		DisplayName: "Grace Okafor", TimeZone: "Africa/Lagos", Active: true, Groups: []string{"jira-software-users"}})
	add(&user{AccountID: "5b10ac8d82e05b22cc7d4e08", Email: "former.librarian@library.example", HideEmail: true,
		DisplayName: "Former user", TimeZone: "Europe/London", Active: false})
	add(&user{AccountID: "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077", DisplayName: "Automation for Jira",
		TimeZone: "UTC", Active: true, AccountType: "app", HideEmail: true})
}

// Status category ids are Jira's own.
const (
	catUndefined = 1
	catNew       = 2
	catDone      = 3
	catProgress  = 4
)

// Status ids.
const (
	stToDo       = "10000"
	stInProgress = "3"
	stInReview   = "10001"
	stDone       = "10002"
	stReopened   = "4"
	stBlocked    = "10003"
	stBacklog    = "10004"
)

// Issue type ids.
const (
	itEpic    = "10000"
	itStory   = "10001"
	itTask    = "10002"
	itBug     = "10003"
	itSubtask = "10004"
)

// Custom field ids.
const (
	cfSeverity = "customfield_10030"
	cfBranches = "customfield_10031"
	cfExtRef   = "customfield_10032"
	cfSteps    = "customfield_10033"
	cfPoints   = "customfield_10034"
	cfTarget   = "customfield_10035"
	cfReviewer = "customfield_10036"
)

func seedConfig(st *site) {
	st.categories[catUndefined] = &statusCategory{ID: catUndefined, Key: "undefined", Name: "No Category", ColorName: "medium-gray"}
	st.categories[catNew] = &statusCategory{ID: catNew, Key: "new", Name: "To Do", ColorName: "blue-gray"}
	st.categories[catDone] = &statusCategory{ID: catDone, Key: "done", Name: "Done", ColorName: "green"}
	st.categories[catProgress] = &statusCategory{ID: catProgress, Key: "indeterminate", Name: "In Progress", ColorName: "yellow"}

	for _, s := range []*status{
		{ID: stToDo, Name: "To Do", Category: catNew},
		{ID: stInProgress, Name: "In Progress", Description: "This issue is being actively worked on at the moment by the assignee.", Category: catProgress},
		{ID: stInReview, Name: "In Review", Description: "Work is done and waits for a reviewer.", Category: catProgress},
		{ID: stDone, Name: "Done", Category: catDone},
		{ID: stReopened, Name: "Reopened", Description: "This issue was once resolved, but the resolution was deemed incorrect.", Category: catNew},
		{ID: stBlocked, Name: "Blocked", Description: "Work cannot continue until something else happens.", Category: catProgress},
		{ID: stBacklog, Name: "Backlog", Category: catNew},
	} {
		st.statuses[s.ID] = s
	}

	// Bug: In Review only after In Progress; Reopened only from Done.
	st.workflows["bug"] = &workflow{Name: "LIB: Bug Workflow", Initial: stToDo,
		Statuses: []string{stToDo, stInProgress, stInReview, stDone, stReopened},
		Transitions: []transitionDef{
			{ID: "11", Name: "Start Progress", From: []string{stToDo, stReopened}, To: stInProgress},
			{ID: "21", Name: "Submit for Review", From: []string{stInProgress}, To: stInReview},
			{ID: "31", Name: "Resolve", From: []string{stInReview}, To: stDone, HasScreen: true, Fields: []string{"resolution", "comment"}},
			{ID: "41", Name: "Back to Progress", From: []string{stInReview}, To: stInProgress},
			{ID: "51", Name: "Reopen", From: []string{stDone}, To: stReopened, HasScreen: true, Fields: []string{"comment"}},
			{ID: "61", Name: "Won't Fix", From: []string{stToDo, stReopened}, To: stDone, HasScreen: true, Fields: []string{"resolution", "comment"}},
		}}
	// Story: In Review only after In Progress.
	st.workflows["story"] = &workflow{Name: "LIB: Story Workflow", Initial: stBacklog,
		Statuses: []string{stBacklog, stToDo, stInProgress, stInReview, stDone},
		Transitions: []transitionDef{
			{ID: "11", Name: "Select for Development", From: []string{stBacklog}, To: stToDo},
			{ID: "21", Name: "Start Progress", From: []string{stToDo}, To: stInProgress},
			{ID: "31", Name: "Ready for Review", From: []string{stInProgress}, To: stInReview},
			{ID: "41", Name: "Approve", From: []string{stInReview}, To: stDone, HasScreen: true, Fields: []string{"resolution"}},
			{ID: "51", Name: "Request Changes", From: []string{stInReview}, To: stInProgress},
			{ID: "61", Name: "Back to Backlog", To: stBacklog},
		}}
	// Task: Blocked only from In Progress.
	st.workflows["task"] = &workflow{Name: "LIB: Task Workflow", Initial: stToDo,
		Statuses: []string{stToDo, stInProgress, stBlocked, stDone},
		Transitions: []transitionDef{
			{ID: "11", Name: "Start Progress", From: []string{stToDo}, To: stInProgress},
			{ID: "21", Name: "Block", From: []string{stInProgress}, To: stBlocked},
			{ID: "31", Name: "Unblock", From: []string{stBlocked}, To: stInProgress},
			{ID: "41", Name: "Done", From: []string{stInProgress}, To: stDone, HasScreen: true, Fields: []string{"resolution"}},
			{ID: "51", Name: "Reopen", From: []string{stDone}, To: stToDo},
		}}
	st.workflows["simple"] = &workflow{Name: "LIB: Simplified Workflow", Initial: stToDo,
		Statuses: []string{stToDo, stInProgress, stDone},
		Transitions: []transitionDef{
			{ID: "11", Name: "To Do", To: stToDo},
			{ID: "21", Name: "In Progress", To: stInProgress},
			{ID: "31", Name: "Done", To: stDone},
		}}

	for _, it := range []*issueType{
		{ID: itEpic, Name: "Epic", Description: "Epics track collections of related bugs, stories, and tasks.", HierarchyLevel: 1, AvatarID: 10307, Workflow: "simple"},
		{ID: itStory, Name: "Story", Description: "Stories track functionality or features expressed as user goals.", AvatarID: 10315, Workflow: "story"},
		{ID: itTask, Name: "Task", Description: "Tasks track small, distinct pieces of work.", AvatarID: 10318, Workflow: "task"},
		{ID: itBug, Name: "Bug", Description: "Bugs track problems or errors.", AvatarID: 10303, Workflow: "bug"},
		{ID: itSubtask, Name: "Sub-task", Description: "Subtasks track small pieces of work that are part of a larger task.", Subtask: true, HierarchyLevel: -1, AvatarID: 10316, Workflow: "simple"},
	} {
		st.issueTypes[it.ID] = it
	}

	st.priorities = []*priority{
		{ID: "1", Name: "Highest", Description: "This problem will block progress.", Color: "#d04437"},
		{ID: "2", Name: "High", Description: "Serious problem that could block progress.", Color: "#f15C75"},
		{ID: "3", Name: "Medium", Description: "Has the potential to affect progress.", Color: "#f79232", IsDefault: true},
		{ID: "4", Name: "Low", Description: "Minor problem or easily worked around.", Color: "#707070"},
		{ID: "5", Name: "Lowest", Description: "Trivial problem with little or no impact on progress.", Color: "#999999"},
	}
	st.resolutions = []*resolution{
		{ID: "10000", Name: "Done", Description: "Work has been completed on this issue.", IsDefault: true},
		{ID: "10001", Name: "Won't Do", Description: "This issue won't be actioned."},
		{ID: "10002", Name: "Duplicate", Description: "The problem is a duplicate of an existing issue."},
		{ID: "10003", Name: "Cannot Reproduce", Description: "All attempts at reproducing this issue failed, or not enough information was available to reproduce the issue. Reading the code produces no clues as to why this behavior would occur. If more information appears later, please reopen the issue."},
	}

	st.projects = []*project{{
		ID: ProjectID, Key: ProjectKey, Name: "Library Information System",
		Description: "Catalogue, circulation and patron portal of the city library network.",
		LeadID:      adminID, TypeKey: "software", Private: true, SecurityScheme: "10000",
		IssueTypes: []string{itEpic, itStory, itTask, itBug, itSubtask},
	}}

	st.components = []*component{
		{ID: "10000", ProjectID: ProjectID, Name: "Catalogue", Description: "Bibliographic records and search.", LeadID: "5b10ac8d82e05b22cc7d4e03"},
		{ID: "10001", ProjectID: ProjectID, Name: "Circulation", Description: "Loans, returns, holds and fines."},
		{ID: "10002", ProjectID: ProjectID, Name: "Patron Portal", Description: "The public web site for library members.", LeadID: "5b10ac8d82e05b22cc7d4e06"},
		{ID: "10003", ProjectID: ProjectID, Name: "Reporting"},
		{ID: "10004", ProjectID: ProjectID, Name: "Integrations", Description: "Interfaces to the ILS, RFID gates and payment provider."},
	}
	st.versions = []*version{
		{ID: "10000", ProjectID: ProjectID, Name: "0.9 Pilot", Description: "Pilot in two branches.", Released: true, Archived: true, StartDate: "2025-03-01", ReleaseDate: "2025-05-30"},
		{ID: "10001", ProjectID: ProjectID, Name: "1.0", Description: "First network-wide release.", Released: true, StartDate: "2025-06-02", ReleaseDate: "2025-09-15"},
		{ID: "10002", ProjectID: ProjectID, Name: "1.1", Description: "Holds and notifications.", Released: true, StartDate: "2025-09-16", ReleaseDate: "2025-12-12"},
		{ID: "10003", ProjectID: ProjectID, Name: "2.0", Description: "Patron portal rewrite.", StartDate: "2026-01-05", ReleaseDate: "2026-06-30"},
		{ID: "10004", ProjectID: ProjectID, Name: "2.1", Description: "Reporting and integrations."},
	}

	st.security["10000"] = &securityScheme{ID: "10000", Name: "LIB Issue Security", Levels: []*securityLevel{
		{ID: "10100", Name: "Staff", Description: "Visible to library staff only."},
		{ID: "10101", Name: "Management", Description: "Visible to library management."},
		{ID: "10102", Name: "Security Team", Description: "Vulnerabilities and incidents."},
	}}

	st.linkTypes = []*linkType{
		{ID: "10000", Name: "Blocks", Inward: "is blocked by", Outward: "blocks"},
		{ID: "10001", Name: "Cloners", Inward: "is cloned by", Outward: "clones"},
		{ID: "10002", Name: "Duplicate", Inward: "is duplicated by", Outward: "duplicates"},
		{ID: "10003", Name: "Relates", Inward: "relates to", Outward: "relates to"},
	}

	seedFields(st)
	seedScreens(st)
}

func sys(id, name, typ, items, system string, orderable bool, clause ...string) *fieldDef {
	if len(clause) == 0 {
		clause = []string{id}
	}
	return &fieldDef{ID: id, Name: name, Orderable: orderable, Navigable: true, Searchable: true,
		ClauseNames: clause, SchemaType: typ, Items: items, System: system}
}

func custom(id string, customID int64, name, typ, items, customType string, ctxs ...*fieldContext) *fieldDef {
	return &fieldDef{ID: id, Name: name, Custom: true, Orderable: true, Navigable: true, Searchable: true,
		ClauseNames: []string{"cf[" + strconv.FormatInt(customID, 10) + "]", name},
		SchemaType:  typ, Items: items, CustomType: customType, CustomID: customID, Contexts: ctxs}
}

func seedFields(st *site) {
	opts := func(first int, values ...string) []*option {
		out := make([]*option, len(values))
		for i, v := range values {
			out[i] = &option{ID: itoa(first + i), Value: v}
		}
		return out
	}
	branchesGlobal := opts(10210, "Central", "North", "South", "East", "West", "Mobile Library")
	branchesGlobal[5].Disabled = true

	st.fields = []*fieldDef{
		sys("summary", "Summary", "string", "", "summary", true),
		sys("description", "Description", "string", "", "description", true),
		sys("environment", "Environment", "string", "", "environment", true),
		sys("issuetype", "Issue Type", "issuetype", "", "issuetype", true, "issuetype", "type"),
		sys("project", "Project", "project", "", "project", false),
		sys("status", "Status", "status", "", "status", false),
		sys("priority", "Priority", "priority", "", "priority", true),
		sys("resolution", "Resolution", "resolution", "", "resolution", true),
		sys("resolutiondate", "Resolved", "datetime", "", "resolutiondate", false, "resolutiondate", "resolved"),
		sys("assignee", "Assignee", "user", "", "assignee", true),
		sys("reporter", "Reporter", "user", "", "reporter", true),
		sys("creator", "Creator", "user", "", "creator", false),
		sys("created", "Created", "datetime", "", "created", false, "created", "createdDate"),
		sys("updated", "Updated", "datetime", "", "updated", false, "updated", "updatedDate"),
		sys("duedate", "Due date", "date", "", "duedate", true, "due", "duedate"),
		sys("labels", "Labels", "array", "string", "labels", true),
		sys("components", "Components", "array", "component", "components", true, "component"),
		sys("fixVersions", "Fix versions", "array", "version", "fixVersions", true, "fixVersion"),
		sys("versions", "Affects versions", "array", "version", "versions", true, "affectedVersion"),
		sys("security", "Security Level", "securitylevel", "", "security", true, "level"),
		sys("parent", "Parent", "issuelink", "", "parent", true, "parent"),
		sys("timetracking", "Time tracking", "timetracking", "", "timetracking", true),
		sys("issuelinks", "Linked Issues", "array", "issuelinks", "issuelinks", true, "issueLink"),
		sys("comment", "Comment", "comments-page", "", "comment", true, "comment"),
		sys("subtasks", "Sub-tasks", "array", "issuelinks", "subtasks", false, "subtasks"),
		custom(cfSeverity, 10030, "Severity", "option", "", "select",
			&fieldContext{ID: "10130", Name: "Default Configuration Scheme for Severity", Description: "Default configuration scheme generated by Jira",
				Global: true, AnyIssueType: true, Options: opts(10200, "Critical", "High", "Medium", "Low")}),
		custom(cfBranches, 10031, "Affected Branches", "array", "option", "multiselect",
			&fieldContext{ID: "10131", Name: "Default Configuration Scheme for Affected Branches", Global: true, AnyIssueType: true, Options: branchesGlobal},
			&fieldContext{ID: "10132", Name: "LIB bugs", Description: "Branch list used by the LIB bug form.", ProjectIDs: []string{ProjectID},
				IssueTypeIDs: []string{itBug}, Options: opts(10220, "Central", "North", "South", "East", "West", "Online Catalogue")}),
		custom(cfExtRef, 10032, "External Reference", "string", "", "textfield",
			&fieldContext{ID: "10133", Name: "Default Configuration Scheme for External Reference", Global: true, AnyIssueType: true}),
		custom(cfSteps, 10033, "Steps to Reproduce", "string", "", "textarea",
			&fieldContext{ID: "10134", Name: "Default Configuration Scheme for Steps to Reproduce", Global: true, AnyIssueType: true}),
		custom(cfPoints, 10034, "Story Points", "number", "", "float",
			&fieldContext{ID: "10135", Name: "Default Configuration Scheme for Story Points", Global: true, AnyIssueType: true}),
		custom(cfTarget, 10035, "Target Date", "date", "", "datepicker",
			&fieldContext{ID: "10136", Name: "Default Configuration Scheme for Target Date", Global: true, AnyIssueType: true}),
		custom(cfReviewer, 10036, "Reviewer", "user", "", "userpicker",
			&fieldContext{ID: "10137", Name: "Default Configuration Scheme for Reviewer", Global: true, AnyIssueType: true}),
	}
}

func seedScreens(st *site) {
	common := []string{"summary", "issuetype", "project", "description", "priority", "assignee", "reporter",
		"labels", "components", "fixVersions", "duedate", "security", cfExtRef}
	// Time tracking is on every screen but the epic's.
	bug := append(append([]string{}, common...), "environment", "versions", cfSeverity, cfBranches, cfSteps, "timetracking")
	story := append(append([]string{}, common...), cfPoints, cfTarget, cfReviewer, "parent", "timetracking")
	task := append(append([]string{}, common...), cfTarget, cfReviewer, "parent", "timetracking")
	epic := append(append([]string{}, common...), cfTarget)
	sub := append(append([]string{}, common...), "parent", cfPoints, "timetracking")
	st.createScreen[itBug] = bug
	st.createScreen[itStory] = story
	st.createScreen[itTask] = task
	st.createScreen[itEpic] = epic
	st.createScreen[itSubtask] = sub
	for k, v := range st.createScreen {
		// Resolution is set only on transition screens; project cannot change.
		var edit []string
		for _, f := range v {
			if f != "project" {
				edit = append(edit, f)
			}
		}
		st.editScreen[k] = edit
	}
}
