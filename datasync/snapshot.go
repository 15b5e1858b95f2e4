package datasync

import (
	"time"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

// Snapshot is everything Plan needs, read by Load: the mapping, what changed
// on each side since the watermark, the counterparts of the changed items
// and the state of earlier runs. Plan reads nothing else.
type Snapshot struct {
	Mapping   *mapping.Product
	ProductID int
	PluginID  int
	JiraKey   string
	// JiraProjectID is the numeric ID of the Jira project.
	JiraProjectID string
	SpiraURL      string
	JiraURL       string
	// ServerTime is Spira's time captured first; Watermark is the
	// plug-in's LastSyncDate (zero on the first run).
	ServerTime time.Time
	Watermark  time.Time
	// JiraTime is Jira's time captured at the start (serverInfo).
	JiraTime time.Time
	// JiraSince is where the Jira query began: the watermark widened by the
	// overlap and the Time Offset (zero on the first run).
	JiraSince time.Time
	// ConflictWinner decides a field changed on both sides (JiraWins
	// unless set).
	ConflictWinner Winner
	// LinkSameNames links the same-named pairs Plan finds instead of
	// only proposing them (Config.LinkSameNames).
	LinkSameNames bool

	// New Spira incidents (no mapping), with their comments and
	// associations.
	NewIncidents []SpiraItem
	// RecentMapped are incidents created since the watermark that are
	// mapped already (an interrupted run sent them), with their
	// associations: their links may still be missing.
	RecentMapped []SpiraItem
	// Mapped Spira incidents changed since the watermark (read only where
	// incident updates go to Jira: Bidirectional, Complete), with their
	// comments.
	ChangedIncidents []SpiraItem
	// ChangedRequirements are the mapped Spira requirements changed since
	// the watermark (read only where requirement updates go to Jira:
	// Complete).
	ChangedRequirements []RequirementItem
	// NewRequirements are the unmapped Spira requirements created since
	// the watermark, with their comments (read only where new requirements
	// go to Jira: Complete).
	NewRequirements []RequirementItem
	// Jira issues changed since the watermark, with all their comments and,
	// for mapped ones, their Spira counterpart.
	Issues []JiraItem

	// IncidentKeys and RequirementKeys map Spira IDs to Jira issue keys
	// (Spira's artifact mappings).
	IncidentKeys    map[int]string
	RequirementKeys map[int]string

	Releases []spiraclient.RemoteRelease
	Versions []jiraclient.Version
	// ReleaseVersions maps Spira release IDs to Jira version IDs.
	ReleaseVersions map[int]string

	// IncidentProperties are the incident custom property definitions.
	IncidentProperties []spiraclient.RemoteCustomProperty
	// RequirementProperties are the requirement custom property
	// definitions, read only when the mapping has a due date property.
	RequirementProperties []spiraclient.RemoteCustomProperty
	// CreateFields lists, per Jira issue type ID, the fields on its create
	// screen; a field not there cannot be set at create.
	CreateFields map[string]map[string]bool
	// JiraNames are the names of the values those screens allow, per
	// field and value ID, so that the plan shows what Jira will hold.
	JiraNames map[string]map[string]string

	SpiraUsers []spiraclient.RemoteProjectUser
	// JiraUsers are the Jira users known by e-mail, for Auto-Map Users and
	// for user mappings that hold an e-mail address.
	JiraUsers []jiraclient.User
	// SyncUserID is the Spira user the engine runs as; SyncAccountID the
	// Jira account.
	SyncUserID    int
	SyncAccountID string

	// Workflow holds the transitions seen per issue type and status.
	Workflow Workflow
	// InitialStatus is, per Jira issue type ID, the status a new issue of
	// that type starts in, learned from issues the engine created.
	InitialStatus map[string]string
	// Recovered are items an earlier run created without recording their
	// mapping in Spira (it was stopped, or the mapping write failed); Plan
	// records it.
	Recovered []Recovered

	// SameNameRequirements are the unmapped Spira requirements named as an
	// unmapped Jira issue of a requirement type is, with their comments:
	// Plan proposes to link such a pair rather than create a duplicate.
	SameNameRequirements []RequirementItem
	// proposedOnly are the items of the same-name pairs this run only
	// proposes (LinkSameNames off): nothing of them is written, so Load
	// reads none of their details (proposedPairs).
	proposedOnly proposedItems

	// Base is, per Jira issue ID, the field values both sides agreed on
	// after the last run that synced the issue.
	Base map[string]map[string]string
	// StatusKept are the status writes Spira did not apply, per Jira
	// issue ID (statuskept.go); TemplateID is the product's template.
	StatusKept map[string]StatusKept
	TemplateID int

	// Moved are the pairs whose issue has a new key (moved.go); IncidentKeys
	// and RequirementKeys hold the new key already.
	Moved []Moved
	// Tasks is what tasks need (tasks.go).
	Tasks TaskSnapshot
	// RequirementIndents maps every requirement's IndentLevel to its ID,
	// read only with Sync Epic/Story hierarchy (hierarchy.go).
	RequirementIndents map[string]int

	// RenamedFrom is the project key the product's mapping names when Jira
	// answers with another one (the project's key was changed); JiraKey is
	// then the current key.
	RenamedFrom string

	// Files are the attachments of what is read (attachments.go).
	Files *FileSnapshot
}

// SpiraItem is a Spira incident with what the plan needs around it.
type SpiraItem struct {
	Incident     spiraclient.RemoteIncident
	Comments     []spiraclient.RemoteComment
	Associations []spiraclient.RemoteAssociation
	// Retry marks an item that failed in an earlier run.
	Retry bool
}

// RequirementItem is a Spira requirement with its comments.
type RequirementItem struct {
	Requirement spiraclient.RemoteRequirement
	Comments    []spiraclient.RemoteComment
}

// JiraItem is a Jira issue with its comments and, when it is mapped, its
// Spira counterpart (incident or requirement) and that one's comments.
type JiraItem struct {
	Issue         jiraclient.Issue
	Comments      []jiraclient.Comment
	Incident      *spiraclient.RemoteIncident
	Requirement   *spiraclient.RemoteRequirement
	SpiraComments []spiraclient.RemoteComment
	// Marker is the spirajira.sync property of the issue, when it has one.
	Marker *Marker
}

// Marker is the sync marker the engine stores on every Jira issue it
// creates (issue property MarkerKey), written atomically with the issue.
type Marker struct {
	Product  int `json:"product"`
	Incident int `json:"incident,omitempty"`
	Task     int `json:"task,omitempty"`
	// Requirement is set on an issue created from a requirement
	// (Complete).
	Requirement int    `json:"requirement,omitempty"`
	GlobalID    string `json:"globalId"`
}

// MarkerKey is the issue property that holds the sync marker.
const MarkerKey = "spirajira.sync"

// Workflow is the transition graph learned from Jira: issue type ID ->
// status ID -> transitions available there.
type Workflow map[string]map[string][]PathStep

// Learn records the transitions seen on an issue of type typeID in status
// statusID.
func (w Workflow) Learn(typeID, statusID string, ts []jiraclient.Transition) {
	if typeID == "" || statusID == "" || len(ts) == 0 {
		return
	}
	if w[typeID] == nil {
		w[typeID] = map[string][]PathStep{}
	}
	steps := make([]PathStep, 0, len(ts))
	for _, t := range ts {
		if t.To == nil {
			continue
		}
		steps = append(steps, PathStep{TransitionID: t.ID, To: t.To.ID, HasScreen: t.HasScreen})
	}
	w[typeID][statusID] = steps
}

// Path finds the shortest known sequence of transitions from one status to
// another (breadth first), or nil.
func (w Workflow) Path(typeID, from, to string) []PathStep {
	if from == to {
		return []PathStep{}
	}
	g := w[typeID]
	type node struct {
		status string
		path   []PathStep
	}
	seen := map[string]bool{from: true}
	queue := []node{{status: from}}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, s := range g[n.status] {
			if seen[s.To] {
				continue
			}
			p := append(append([]PathStep{}, n.path...), s)
			if s.To == to {
				return p
			}
			seen[s.To] = true
			queue = append(queue, node{status: s.To, path: p})
		}
	}
	return nil
}

// Recovered is a mapping to record for an item an earlier run created.
type Recovered struct {
	Type    string `json:"type"` // incident or requirement
	SpiraID int    `json:"spiraId"`
	JiraKey string `json:"jiraKey"`
	// Name is the Spira item's name, for the title of the link back.
	Name string `json:"name,omitempty"`
	// Sent marks a Jira issue created from the incident, finished (its
	// comments and its link back to Spira) before its mapping was queued.
	Sent bool `json:"sent,omitempty"`
}
