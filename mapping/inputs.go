package mapping

import (
	"strings"
	"time"
)

// Jira is what the mapping needs to know about one Jira project: the IDs
// and names an administrator would read from the configuration helper.
// JiraFromCatalog builds it from the Jira client's catalog.
type Jira struct {
	// Key is the project key; empty when the project was not found.
	Key  string
	ID   string
	Name string
	// IssueTypes are the project's issue types.
	IssueTypes []JiraItem
	// Workflows lists, per issue type ID, the statuses its workflow uses.
	Workflows      map[string][]JiraItem
	Priorities     []JiraItem
	Resolutions    []JiraItem
	Components     []JiraItem
	Versions       []JiraItem
	SecurityLevels []JiraItem
	LinkTypes      []JiraItem
	Fields         []JiraField
	Users          []JiraUser
	// CreateScreens and EditScreens list, per issue type ID, the fields on
	// its create and edit screens. CreateScreens comes from createmeta;
	// Jira answers editmeta only per issue, so EditScreens holds the types
	// ReadJira found an issue of (readEditScreens): a type missing from it
	// has its create screen checked only.
	CreateScreens, EditScreens map[string][]string
	// ServerTime is Jira's clock when the catalog was read (zero: unknown),
	// and ReadAt this machine's clock at that moment (zero: unknown).
	ServerTime, ReadAt time.Time
}

// JiraItem is one Jira ID with its name.
type JiraItem struct {
	ID   string
	Name string
}

// JiraField is a Jira field with its schema and, for select fields, options.
type JiraField struct {
	ID     string // "customfield_10050" or a system field ID
	Name   string
	Custom bool
	// Type, Items and CustomType are schema.type, schema.items and
	// schema.custom (the custom field type key).
	Type       string
	Items      string
	CustomType string
	Options    []JiraItem // option ID and value
}

// JiraUser is a Jira account. Email is empty when the profile hides it.
type JiraUser struct {
	AccountID   string
	DisplayName string
	Email       string
	Active      bool
	// App is true for app and bot accounts, which never have an e-mail.
	App bool
}

// Statuses returns every status used by the workflows of the project.
func (j *Jira) Statuses() []JiraItem {
	var out []JiraItem
	seen := map[string]bool{}
	for _, it := range j.IssueTypes {
		for _, s := range j.Workflows[it.ID] {
			if !seen[s.ID] {
				seen[s.ID] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// FieldByID finds a field by "customfield_N", "N" or a system ID.
func (j *Jira) FieldByID(id string) *JiraField {
	id = strings.TrimSpace(id)
	n, numeric := customFieldNumber(id)
	for i := range j.Fields {
		f := &j.Fields[i]
		if f.ID == id {
			return f
		}
		if m, ok := customFieldNumber(f.ID); numeric && ok && m == n && strings.HasPrefix(f.ID, "customfield_") {
			return f
		}
	}
	return nil
}

// SpiraLookups is what the mapping needs to know about the Spira product:
// its lookup values, custom properties, releases, users, the other
// products mapped by the plug-in, the server clock and the incident
// workflows. PullLookups reads it.
type SpiraLookups struct {
	// Values lists the Spira values of each standard field.
	Values     map[FieldKind][]SpiraValue
	Properties []SpiraProperty
	Releases   []SpiraRelease
	Users      []SpiraUser
	// ProjectMappings are the plug-in's project mappings of every product.
	ProjectMappings []ProjectLink
	// ServerTime is Spira's clock when the lookups were read (zero: unknown),
	// and ReadAt this machine's clock at that moment (zero: unknown).
	ServerTime, ReadAt time.Time
	// Workflows are the incident workflow field states, per type and status.
	Workflows []WorkflowStep
}

// SpiraValue is one value of a Spira lookup (a status, a type, ...).
type SpiraValue struct {
	ID     int
	Name   string
	Active bool
}

// SpiraProperty is a custom property definition; Values for list types.
type SpiraProperty struct {
	Artifact Artifact
	ID       int
	Name     string
	Type     PropertyType
	Values   []SpiraValue
}

// SpiraRelease is a Spira release or iteration.
type SpiraRelease struct {
	ID            int
	Name          string
	VersionNumber string
	Active        bool
}

// SpiraUser is a Spira user.
type SpiraUser struct {
	ID       int
	Login    string
	FullName string
	Email    string
	Active   bool
}

// ProjectLink is one product's project mapping in the plug-in.
type ProjectLink struct {
	ProductID int
	JiraKey   string
}

// WorkflowStep is the state of an incident workflow for one incident type
// in one status: the fields a user can still edit there.
type WorkflowStep struct {
	Type   Ref
	Status Ref
	// Initial marks the status a new incident starts in ("New").
	Initial bool
	// Editable lists the incident fields that are neither inactive nor
	// hidden in this status.
	Editable []string
}
