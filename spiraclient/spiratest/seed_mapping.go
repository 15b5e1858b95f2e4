package spiratest

// The seeded JiraDataSync mapping of product 1 points at the IDs of the
// jiratest demo site (project LIB): issue types Bug 10003 and Story 10001,
// statuses To Do 10000, In Progress 3, In Review 10001, Done 10002,
// Reopened 4, Backlog 10004, priorities 1..5, components 10000..10004,
// versions 10000..10004, custom fields 10030 (Severity, single select),
// 10031 (Affected Branches, multi select), 10032 (External Reference),
// 10033 (Steps to Reproduce), 10034 (Story Points), 10035 (Target Date),
// 10036 (Reviewer), resolutions 10000..10003, security levels
// 10100..10102. The simulator does not import jiratest; the sandbox checks
// that the two seeds agree.

// Problem is one deliberate gap in the seeded mapping that a validator
// should report.
type Problem struct {
	Rule    string // the mapping validator's rule name
	Section string
	Field   string // the mapping field kind, when the problem is in a field
	SpiraID int    // the Spira row concerned
	Why     string
}

// SeededProblems are the deliberate problems of the seeded mapping of
// product 1 against the jiratest LIB project, and the only ones: a
// validator run on the seeded data should report exactly these. They are
// meant as warnings a new administrator would meet (the demo fixes the two
// statuses with auto-map).
var SeededProblems = []Problem{
	{Rule: "unmapped-value", Section: "fields", Field: "incident.status", SpiraID: IncidentStatusResolved,
		Why: "incident status Resolved has no Jira status (auto-map proposes Done)"},
	{Rule: "unmapped-value", Section: "fields", Field: "incident.status", SpiraID: IncidentStatusReopen,
		Why: "incident status Reopen has no Jira status (auto-map proposes Reopened)"},
	{Rule: "release-duplicate", Section: "releases", SpiraID: 6,
		Why: "release 6 (version 2.1) is not mapped while Jira has version 2.1 (10004)"},
}

func seedMappings(st *state) {
	d := st.dataSync(DataSyncID)
	d.Custom01, d.Custom02, d.Custom03, d.Custom04, d.Custom05 = sp("10030"), sp(""), sp(""), sp("10001"), sp("Relates")
	m := st.dsMaps(DataSyncID)
	m.projects[ProductID] = &projMap{key: "LIB", active: true}

	// Users: some by accountId, one by public e-mail; Fred, Joe, the sync
	// account and the former librarian have no Jira counterpart.
	m.users[1] = "5b10ac8d82e05b22cc7d4e01"
	m.users[4] = "5b10ac8d82e05b22cc7d4e03"
	m.users[5] = "kiri.tane@library.example"
	m.users[6] = "5b10ac8d82e05b22cc7d4e06"
	m.users[8] = "5b10ac8d82e05b22cc7d4e04"

	set := func(field int, rows ...fieldRow) {
		if m.fields[ProductID] == nil {
			m.fields[ProductID] = map[int][]fieldRow{}
		}
		m.fields[ProductID][field] = rows
	}
	// Incident type (4): Bug and Incident both to Bug, Bug primary; the rest
	// of the sample types to Task or Story.
	set(4, fieldRow{1, "10003", false}, fieldRow{2, "10003", true}, fieldRow{3, "10001", true},
		fieldRow{4, "10002", true}, fieldRow{5, "10002", false}, fieldRow{6, "10002", false},
		fieldRow{7, "10001", false}, fieldRow{8, "10002", false})
	// Incident status (3): New and Open to To Do with Open primary, as the
	// guide recommends; Resolved and Reopen left unmapped on purpose.
	set(3, fieldRow{1, "10000", false}, fieldRow{2, "10000", true}, fieldRow{3, "3", true},
		fieldRow{5, "10002", true}, fieldRow{6, "10002", false}, fieldRow{7, "10002", false})
	// Incident priority (2).
	set(2, fieldRow{1, "1", true}, fieldRow{2, "2", true}, fieldRow{3, "3", true}, fieldRow{4, "4", true})
	// Incident severity (1): option names of the Custom 01 field.
	set(1, fieldRow{1, "Critical", true}, fieldRow{2, "High", true}, fieldRow{3, "Medium", true}, fieldRow{4, "Low", true})
	// Incident component (148) and requirement component (141).
	comps := []fieldRow{{1, "10000", true}, {2, "10001", true}, {3, "10002", true}, {4, "10003", true}, {5, "10004", true}}
	set(148, comps...)
	set(141, comps...)
	// Requirement status (16) to the Story workflow.
	set(16, fieldRow{1, "10004", true}, fieldRow{2, "10000", true}, fieldRow{3, "3", true}, fieldRow{4, "10001", true},
		fieldRow{5, "10002", false}, fieldRow{6, "10002", false}, fieldRow{7, "10004", false}, fieldRow{8, "10002", false},
		fieldRow{9, "10002", false}, fieldRow{10, "10002", true})
	// Requirement importance (18) to priorities.
	set(18, fieldRow{1, "1", true}, fieldRow{2, "2", true}, fieldRow{3, "3", true}, fieldRow{4, "4", true})
	// Task status (57) to the Task workflow, read when Custom 02 lists Task
	// (10002): Under Review holds two Jira statuses, In Progress first,
	// Primary for neither.
	set(57, fieldRow{1, "10000", true}, fieldRow{2, "3", true}, fieldRow{3, "10002", true}, fieldRow{4, "10003", true},
		fieldRow{5, "10000", false}, fieldRow{6, "10002", false}, fieldRow{7, "10002", false}, fieldRow{8, "3,10003", false},
		fieldRow{9, "10002", false})
	// Task priority (59) and type (145): every type to Task, Development
	// primary.
	set(59, fieldRow{1, "1", true}, fieldRow{2, "2", true}, fieldRow{3, "3", true}, fieldRow{4, "4", true})
	set(145, fieldRow{1, "10002", true}, fieldRow{2, "10002", false}, fieldRow{3, "10002", false}, fieldRow{4, "10002", false},
		fieldRow{5, "10002", false}, fieldRow{6, "10002", false}, fieldRow{7, "10002", false})
	// Requirement type (140): everything is a Story, User Story primary.
	set(140, fieldRow{-1, "10001", false}, fieldRow{1, "10001", false}, fieldRow{2, "10001", false}, fieldRow{3, "10001", false},
		fieldRow{4, "10001", true}, fieldRow{5, "10001", false}, fieldRow{6, "10001", false})

	m.cps[ProductID] = map[int]string{
		1: "10033", 2: "10031", 3: "10032", 4: "Resolution", 5: "10035", 6: "10036", 7: "JiraIssueKey",
		11: "Environment", 12: "SecurityLevel", 13: "10034", 14: "10035",
	}
	m.cpValues[ProductID] = map[int]map[int]string{
		2:  {1: "Central", 2: "North", 3: "South", 4: "East", 5: "West"},
		4:  {6: "10000", 7: "10001", 8: "10002", 9: "10003"},
		12: {10: "10100", 11: "10101", 12: "10102"},
	}

	// Releases: 0.9, 1.0, 1.1 and 2.0 are mapped; Sprint 1 has no Jira
	// version (the sync creates one); 2.1 is the seeded duplicate problem.
	m.artifact[ProductID] = map[int]map[int]string{
		4: {1: "10000", 2: "10001", 4: "10002", 5: "10003"},
		// Incidents 1 and 2 were synced before: LIB-8 and LIB-9.
		3: {1: "LIB-8", 2: "LIB-9"},
	}
}

// CurrentPluginSlots are Custom 01-05 of the plug-in record as a Spira
// running Inflectra's current plug-in (8.x) holds them for the demo site:
// Jira Special Fields = Severity 10030, Story Points 10034 and time
// tracking, Task Types =
// Task 10002, Sync Mode = Bidirectional, Requirement Types = Story 10001,
// Link Type = Relates. The record is system-wide (one per Spira, its Name
// must be JiraDataSync), so a second product under it cannot have other
// slots: a current-plug-in Spira is another seed of the same instance.
var CurrentPluginSlots = [5]string{"10030,10034,timetracking", "10002", "Bidirectional", "10001", "Relates"}

// WithCurrentPlugin seeds the plug-in record with CurrentPluginSlots
// instead of the values both plug-ins read alike. Incident types the seed
// maps to Jira's Task map to Bug instead, since Task is then a task type;
// the requirement property Target Date takes Jira's due date (the plug-in's
// duedate External Key) instead of a custom field.
func WithCurrentPlugin() Option { return func(c *config) { c.currentPlugin = true } }

func seedCurrentPlugin(st *state) {
	d := st.dataSync(DataSyncID)
	c := CurrentPluginSlots
	d.Custom01, d.Custom02, d.Custom03, d.Custom04, d.Custom05 = sp(c[0]), sp(c[1]), sp(c[2]), sp(c[3]), sp(c[4])
	rows := st.dsMaps(DataSyncID).fields[ProductID][4]
	for i := range rows {
		if rows[i].external == c[1] {
			rows[i].external, rows[i].primary = "10003", false
		}
	}
	st.dsMaps(DataSyncID).cps[ProductID][14] = "duedate"
}
