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
	// # beyond the mapped fields, with these settings:
	// #   Attachments: on: files go across on create and update, each once
	// #   Tags ↔ labels: on: Spira tags ↔ Jira labels (a tag with a space stays in Spira)
	// #   Estimate points: off: enter the Jira number field's ID as the second of Jira Special Fields
	// #   Time tracking: off: add timetracking to Jira Special Fields
	// #   Dates: on: Start Date ↔ due date (incidents, tasks)
	// #   Requirement due date: off: map a requirement Date property to the External Key duedate
	// #   Epic/Story hierarchy: off: Sync Epic/Story hierarchy is not Yes in plugin.extended (Spira's API cannot read it: the file declares it)
	// #   Comments: on: new comments go across, each once
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
