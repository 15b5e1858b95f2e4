package mapping

import (
	"fmt"
)

func ExampleFormat() {
	p := &Product{
		Plugin:  Plugin{ID: 1, Name: PluginName, URL: "https://example.atlassian.net", Login: "admin@example.com", Active: true},
		Project: Project{Spira: Ref{ID: 1, Name: "Library Information System"}, JiraKey: "LIB", Active: true},
		Fields: []FieldMapping{{Field: IncidentStatus, Values: []ValueMapping{
			{Spira: Ref{ID: 2, Name: "Open"}, Jira: JiraRef{ID: "3", Name: "In Progress"}, Primary: true},
			{Spira: Ref{ID: 1, Name: "New"}, Jira: JiraRef{ID: "3", Name: "In Progress"}},
		}}},
	}
	b, _ := Format(p)
	fmt.Print(string(b))
	// Output:
	// # spirajira mapping: Spira product 1 <-> Jira project LIB (plug-in JiraDataSync)
	// # plug-in settings: Sync Mode Default (current plug-in); each Custom slot's comment says how it is read
	// # not read: the plug-in's extended settings of Spira 8.8+ (Types to Skip, Skip Comments, Auto-Map Properties, Sync Epic/Story hierarchy, Use Plain Text, Skip Rich Text Warnings), which no known REST call reads; plugin.extended holds what you enter on the plug-in screen
	// plugin:
	//   id: 1
	//   name: JiraDataSync
	//   url: https://example.atlassian.net
	//   login: admin@example.com
	//   timeOffsetHours: 0
	//   autoMapUsers: false
	//   active: true
	//   custom01SeverityField: "" # Jira Special Fields: no special fields
	//   custom02SecurityLevel: "" # Task Types: no tasks
	//   custom03SyncDirection: "" # Sync Mode: Default (current plug-in)
	//   custom04RequirementIssueTypes: "" # Requirement Types: no requirements
	//   custom05LinkType: "" # Link Type: no links
	// project:
	//   spira: {id: 1, name: Library Information System}
	//   jiraKey: LIB
	//   active: true
	// fields:
	//   - field: incident.status
	//     values:
	//       - spira: {id: 1, name: New}
	//         jira: {id: "3", name: In Progress}
	//         primary: false
	//       - spira: {id: 2, name: Open}
	//         jira: {id: "3", name: In Progress}
	//         primary: true
}
