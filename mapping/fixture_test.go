package mapping

import "time"

var fixtureTime = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func items(kv ...string) []JiraItem {
	var out []JiraItem
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, JiraItem{ID: kv[i], Name: kv[i+1]})
	}
	return out
}

// fixtureJira is a Jira project that the fixture product maps cleanly to.
func fixtureJira() *Jira {
	bugFlow := items("1", "Open", "3", "In Progress", "5", "Resolved", "6", "Closed")
	storyFlow := items("10100", "To Do", "3", "In Progress", "10101", "Done")
	return &Jira{
		Key: "LIB", ID: "10000", Name: "Library",
		IssueTypes: items("10001", "Bug", "10002", "Story", "10003", "Task", "10004", "Epic"),
		Workflows: map[string][]JiraItem{
			"10001": bugFlow, "10003": bugFlow, "10002": storyFlow, "10004": storyFlow,
		},
		Priorities:     items("1", "Highest", "2", "High", "3", "Medium", "4", "Low", "5", "Lowest"),
		Resolutions:    items("10000", "Done", "10001", "Won't Do"),
		Components:     items("10200", "Web", "10201", "Database"),
		Versions:       items("10300", "1.0", "10301", "1.1", "10302", "2.0"),
		SecurityLevels: items("10400", "Internal", "10401", "Public"),
		LinkTypes:      items("10500", "Relates", "10501", "Blocks"),
		Fields: []JiraField{
			{ID: "summary", Name: "Summary", Type: "string"},
			{ID: "customfield_10050", Name: "Severity", Custom: true, Type: "option", CustomType: "com.atlassian.jira.plugin.system.customfieldtypes:select",
				Options: items("1", "Critical", "2", "High", "3", "Medium", "4", "Low")},
			{ID: "customfield_10060", Name: "Due", Custom: true, Type: "date", CustomType: "com.atlassian.jira.plugin.system.customfieldtypes:datepicker"},
			{ID: "customfield_10061", Name: "Category", Custom: true, Type: "option", CustomType: "com.atlassian.jira.plugin.system.customfieldtypes:select",
				Options: items("11", "Alpha", "12", "Beta")},
			{ID: "customfield_10062", Name: "Tags", Custom: true, Type: "array", Items: "option", CustomType: "com.atlassian.jira.plugin.system.customfieldtypes:multiselect",
				Options: items("13", "X", "14", "Y")},
			{ID: "customfield_10063", Name: "Notes", Custom: true, Type: "string", CustomType: "com.atlassian.jira.plugin.system.customfieldtypes:textfield"},
			{ID: "customfield_10064", Name: "Points", Custom: true, Type: "number", CustomType: "com.atlassian.jira.plugin.system.customfieldtypes:float"},
			{ID: "customfield_10065", Name: "Reviewer", Custom: true, Type: "user", CustomType: "com.atlassian.jira.plugin.system.customfieldtypes:userpicker"},
			{ID: "customfield_10066", Name: "Flags", Custom: true, Type: "array", Items: "option", CustomType: "com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes",
				Options: items("15", "Yes")},
		},
		Users: []JiraUser{
			{AccountID: "acc-1", DisplayName: "Alice Able", Email: "alice@example.com", Active: true},
			{AccountID: "acc-2", DisplayName: "Bob Baker", Email: "bob@example.com", Active: true},
			{AccountID: "app-1", DisplayName: "Automation for Jira", Active: true, App: true},
		},
		ServerTime: fixtureTime,
	}
}

func vals(kv ...any) []SpiraValue {
	var out []SpiraValue
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, SpiraValue{ID: kv[i].(int), Name: kv[i+1].(string), Active: true})
	}
	return out
}

func fixtureSpira() *SpiraLookups {
	return &SpiraLookups{
		Values: map[FieldKind][]SpiraValue{
			IncidentType:          vals(1, "Incident", 2, "Bug", 3, "Enhancement"),
			IncidentStatus:        vals(1, "New", 2, "Open", 3, "Assigned", 4, "Resolved", 5, "Closed"),
			IncidentPriority:      vals(1, "1 - Critical", 2, "2 - High", 3, "3 - Medium", 4, "4 - Low"),
			IncidentSeverity:      vals(1, "1 - Critical", 2, "2 - High", 3, "3 - Medium", 4, "4 - Low"),
			IncidentComponent:     vals(1, "Web", 2, "Database"),
			RequirementStatus:     vals(1, "Requested", 2, "Planned", 3, "In Progress", 4, "Completed"),
			RequirementImportance: vals(1, "1 - Critical", 2, "2 - High", 3, "3 - Medium", 4, "4 - Low"),
			RequirementType:       vals(2, "Feature", 4, "User Story"),
			RequirementComponent:  vals(1, "Web", 2, "Database"),
			TaskStatus:            nil, TaskPriority: nil, TaskType: nil,
		},
		Properties: []SpiraProperty{
			{Artifact: ArtifactIncident, ID: 1, Name: "Due", Type: PropDate},
			{Artifact: ArtifactIncident, ID: 2, Name: "Category", Type: PropList, Values: vals(1, "Alpha", 2, "Beta")},
			{Artifact: ArtifactIncident, ID: 3, Name: "Tags", Type: PropMultiList, Values: vals(3, "X", 4, "Y")},
			{Artifact: ArtifactIncident, ID: 4, Name: "Notes", Type: PropText},
			{Artifact: ArtifactIncident, ID: 5, Name: "Points", Type: PropInteger},
			{Artifact: ArtifactIncident, ID: 6, Name: "Reviewer", Type: PropUser},
			{Artifact: ArtifactIncident, ID: 7, Name: "Flagged", Type: PropBoolean},
			{Artifact: ArtifactIncident, ID: 8, Name: "Resolution", Type: PropList, Values: vals(5, "Done", 6, "Won't Do")},
			{Artifact: ArtifactIncident, ID: 9, Name: "Security", Type: PropList, Values: vals(7, "Internal", 8, "Public")},
			{Artifact: ArtifactIncident, ID: 10, Name: "Environment", Type: PropText},
			{Artifact: ArtifactIncident, ID: 11, Name: "Jira Key", Type: PropText},
		},
		Releases: []SpiraRelease{
			{ID: 1, Name: "First", VersionNumber: "1.0", Active: true},
			{ID: 2, Name: "Second", VersionNumber: "1.1", Active: true},
			{ID: 3, Name: "Third", VersionNumber: "3.0", Active: true},
		},
		Users: []SpiraUser{
			{ID: 1, Login: "alice", FullName: "Alice Able", Email: "alice@example.com", Active: true},
			{ID: 2, Login: "bob", FullName: "Bob Baker", Email: "bob@example.com", Active: true},
		},
		ProjectMappings: []ProjectLink{{ProductID: 1, JiraKey: "LIB"}, {ProductID: 2, JiraKey: "OTHER"}},
		ServerTime:      fixtureTime.Add(20 * time.Second),
		Workflows: []WorkflowStep{
			{Type: Ref{ID: 2, Name: "Bug"}, Status: Ref{ID: 1, Name: "New"}, Initial: true, Editable: []string{"Name", "Description"}},
			{Type: Ref{ID: 2, Name: "Bug"}, Status: Ref{ID: 2, Name: "Open"}},
		},
	}
}

func vm(id int, name, jid, jname string, primary bool) ValueMapping {
	return ValueMapping{Spira: Ref{ID: id, Name: name}, Jira: JiraRef{ID: jid, Name: jname}, Primary: primary}
}

// fixtureProduct maps fixtureSpira to fixtureJira with no problem at all.
func fixtureProduct() *Product {
	return &Product{
		Plugin: Plugin{ID: 1, Name: PluginName, Caption: "Jira", URL: "https://library.atlassian.net", Login: "sync@example.com",
			Active: true, Custom01: "customfield_10050", Custom04: "10002", Custom05: "Relates"},
		Project: Project{Spira: Ref{ID: 1, Name: "Library Information System"}, JiraKey: "LIB", Active: true},
		Users: []UserMapping{
			{Spira: Ref{ID: 1, Name: "alice"}, Jira: JiraRef{ID: "acc-1", Name: "Alice Able"}},
			{Spira: Ref{ID: 2, Name: "bob"}, Jira: JiraRef{ID: "acc-2", Name: "Bob Baker"}},
		},
		Releases: []ReleaseMapping{
			{Spira: Ref{ID: 1, Name: "First"}, VersionNumber: "1.0", Jira: JiraRef{ID: "10300", Name: "1.0"}},
			{Spira: Ref{ID: 2, Name: "Second"}, VersionNumber: "1.1", Jira: JiraRef{ID: "10301", Name: "1.1"}},
			{Spira: Ref{ID: 3, Name: "Third"}, VersionNumber: "3.0"},
		},
		Fields: []FieldMapping{
			{Field: IncidentType, Values: []ValueMapping{
				vm(1, "Incident", "10001", "Bug", false), vm(2, "Bug", "10001", "Bug", true), vm(3, "Enhancement", "10003", "Task", true)}},
			{Field: IncidentStatus, Values: []ValueMapping{
				vm(1, "New", "1", "Open", false), vm(2, "Open", "1", "Open", true), vm(3, "Assigned", "3", "In Progress", true),
				vm(4, "Resolved", "5", "Resolved", true), vm(5, "Closed", "6", "Closed", true)}},
			{Field: IncidentPriority, Values: []ValueMapping{
				vm(1, "1 - Critical", "1", "Highest", true), vm(2, "2 - High", "2", "High", true),
				vm(3, "3 - Medium", "3", "Medium", true), vm(4, "4 - Low", "4", "Low", true)}},
			{Field: IncidentComponent, Values: []ValueMapping{vm(1, "Web", "10200", "Web", true), vm(2, "Database", "10201", "Database", true)}},
			{Field: IncidentSeverity, Values: []ValueMapping{
				vm(1, "1 - Critical", "", "Critical", true), vm(2, "2 - High", "", "High", true),
				vm(3, "3 - Medium", "", "Medium", true), vm(4, "4 - Low", "", "Low", true)}},
			{Field: RequirementStatus, Values: []ValueMapping{
				vm(1, "Requested", "10100", "To Do", true), vm(2, "Planned", "10100", "To Do", false),
				vm(3, "In Progress", "3", "In Progress", true), vm(4, "Completed", "10101", "Done", true)}},
			{Field: RequirementImportance, Values: []ValueMapping{
				vm(1, "1 - Critical", "1", "Highest", true), vm(2, "2 - High", "2", "High", true),
				vm(3, "3 - Medium", "3", "Medium", true), vm(4, "4 - Low", "4", "Low", true)}},
			{Field: RequirementType, Values: []ValueMapping{vm(2, "Feature", "10002", "Story", false), vm(4, "User Story", "10002", "Story", true)}},
			{Field: RequirementComponent, Values: []ValueMapping{vm(1, "Web", "10200", "Web", true), vm(2, "Database", "10201", "Database", true)}},
			// The older plug-in's record (Custom 02 True) syncs no tasks.
			{Field: TaskStatus}, {Field: TaskPriority}, {Field: TaskType},
		},
		CustomProperties: []PropertyMapping{
			{Artifact: ArtifactIncident, Property: Ref{ID: 1, Name: "Due"}, Type: PropDate, Jira: JiraRef{ID: "customfield_10060", Name: "Due"}},
			{Artifact: ArtifactIncident, Property: Ref{ID: 2, Name: "Category"}, Type: PropList, Jira: JiraRef{ID: "customfield_10061", Name: "Category"},
				Values: []ValueMapping{vm(1, "Alpha", "", "Alpha", true), vm(2, "Beta", "", "Beta", true)}},
			{Artifact: ArtifactIncident, Property: Ref{ID: 3, Name: "Tags"}, Type: PropMultiList, Jira: JiraRef{ID: "10062", Name: "Tags"},
				Values: []ValueMapping{vm(3, "X", "", "X", true), vm(4, "Y", "", "Y", true)}},
			{Artifact: ArtifactIncident, Property: Ref{ID: 4, Name: "Notes"}, Type: PropText, Jira: JiraRef{ID: "customfield_10063", Name: "Notes"}},
			{Artifact: ArtifactIncident, Property: Ref{ID: 5, Name: "Points"}, Type: PropInteger, Jira: JiraRef{ID: "customfield_10064", Name: "Points"}},
			{Artifact: ArtifactIncident, Property: Ref{ID: 6, Name: "Reviewer"}, Type: PropUser, Jira: JiraRef{ID: "customfield_10065", Name: "Reviewer"}},
			{Artifact: ArtifactIncident, Property: Ref{ID: 7, Name: "Flagged"}, Type: PropBoolean, Jira: JiraRef{ID: "customfield_10066", Name: "Flags"}},
			{Artifact: ArtifactIncident, Property: Ref{ID: 8, Name: "Resolution"}, Type: PropList, Jira: JiraRef{ID: KeyResolution},
				Values: []ValueMapping{vm(5, "Done", "10000", "Done", true), vm(6, "Won't Do", "10001", "Won't Do", true)}},
			{Artifact: ArtifactIncident, Property: Ref{ID: 9, Name: "Security"}, Type: PropList, Jira: JiraRef{ID: KeySecurityLevel},
				Values: []ValueMapping{vm(7, "Internal", "10400", "Internal", true), vm(8, "Public", "10401", "Public", true)}},
			{Artifact: ArtifactIncident, Property: Ref{ID: 10, Name: "Environment"}, Type: PropText, Jira: JiraRef{ID: KeyEnvironment}},
			{Artifact: ArtifactIncident, Property: Ref{ID: 11, Name: "Jira Key"}, Type: PropText, Jira: JiraRef{ID: KeyJiraIssueKey}},
		},
	}
}
