package spiraclient

import "time"

// The RemoteFilter property names the client sends, as Spira's views name
// them. Spira drops a filter whose name it does not know and answers the
// whole list (real-spira-2026.md F2), so a misspelt name is not an error
// but everything: every name the client uses is here, and a test runs each
// against the simulator's strict mode.
const (
	// FilterName is the Name keyword search (see NameSearch).
	FilterName = "Name"
	// FilterLastUpdateDate is the date an artifact last changed.
	FilterLastUpdateDate = "LastUpdateDate"
	// FilterCreationDate is the date an artifact was created.
	FilterCreationDate = "CreationDate"
	// FilterRequirementStatusID is the requirement status; the field of
	// the requirement itself is StatusId, which is no filter name.
	FilterRequirementStatusID = "RequirementStatusId"
	// FilterIncidentStatusID is the incident status.
	FilterIncidentStatusID = "IncidentStatusId"
	// FilterComponentIDs is an incident's components (there is no
	// ComponentId on incidents).
	FilterComponentIDs = "ComponentIds"
)

// NameSearch is the filter for artifacts whose Name or Description holds
// every word of text (a quoted phrase is one word), ignoring case: Spira's
// Name filter is a keyword search, not an equality (F3). Its answer is a
// superset; compare the Name yourself when you need it exact.
func NameSearch(text string) RemoteFilter {
	return RemoteFilter{PropertyName: FilterName, StringValue: &text}
}

// UpdatedSince is the filter for artifacts changed at or after t, times
// considered: without ConsiderTimes Spira compares calendar dates only
// (F6), and a sync window would take in the whole day before it.
func UpdatedSince(t time.Time) RemoteFilter {
	return RemoteFilter{PropertyName: FilterLastUpdateDate, DateRangeValue: &DateRange{ConsiderTimes: true, StartDate: TimePtr(t)}}
}
