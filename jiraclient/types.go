package jiraclient

import (
	"encoding/json"
	"strconv"
	"time"
)

// Wire types of the Jira Cloud REST API v3. JSON names follow Atlassian's
// OpenAPI document; fields the tool does not use are left out.

// AvatarURLs are the avatar images of a user, project or issue type.
type AvatarURLs struct {
	X16 string `json:"16x16,omitempty"`
	X24 string `json:"24x24,omitempty"`
	X32 string `json:"32x32,omitempty"`
	X48 string `json:"48x48,omitempty"`
}

// User is a Jira user (User in the spec). EmailAddress is empty when the
// user's profile hides it.
type User struct {
	Self         string     `json:"self,omitempty"`
	AccountID    string     `json:"accountId"`
	AccountType  string     `json:"accountType,omitempty"`
	EmailAddress string     `json:"emailAddress,omitempty"`
	DisplayName  string     `json:"displayName,omitempty"`
	Active       bool       `json:"active"`
	TimeZone     string     `json:"timeZone,omitempty"`
	Locale       string     `json:"locale,omitempty"`
	AvatarURLs   AvatarURLs `json:"avatarUrls,omitzero"`
}

// Myself is the authenticated user as /myself returns it.
type Myself = User

// Location returns the user's profile time zone, the one Jira reads JQL
// date literals in, or UTC when it is unknown.
func (u User) Location() *time.Location {
	if u.TimeZone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(u.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// ServerInfo describes the Jira site (/serverInfo).
type ServerInfo struct {
	BaseURL        string `json:"baseUrl"`
	Version        string `json:"version,omitempty"`
	VersionNumbers []int  `json:"versionNumbers,omitempty"`
	DeploymentType string `json:"deploymentType,omitempty"`
	BuildNumber    int    `json:"buildNumber,omitempty"`
	BuildDate      string `json:"buildDate,omitempty"`
	ServerTime     string `json:"serverTime,omitempty"`
	ServerTimeZone string `json:"serverTimeZone,omitempty"`
	ServerTitle    string `json:"serverTitle,omitempty"`
	DisplayURL     string `json:"displayUrl,omitempty"`
}

// ProjectCategory groups projects.
type ProjectCategory struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// Project is a Jira project. Simplified is true for team-managed projects.
type Project struct {
	Self            string           `json:"self,omitempty"`
	ID              string           `json:"id"`
	Key             string           `json:"key"`
	Name            string           `json:"name"`
	Description     string           `json:"description,omitempty"`
	Lead            *User            `json:"lead,omitempty"`
	ProjectTypeKey  string           `json:"projectTypeKey,omitempty"`
	Simplified      bool             `json:"simplified"`
	Style           string           `json:"style,omitempty"`
	IsPrivate       bool             `json:"isPrivate,omitempty"`
	Archived        bool             `json:"archived,omitempty"`
	AssigneeType    string           `json:"assigneeType,omitempty"`
	IssueTypes      []IssueType      `json:"issueTypes,omitempty"`
	Components      []Component      `json:"components,omitempty"`
	Versions        []Version        `json:"versions,omitempty"`
	ProjectCategory *ProjectCategory `json:"projectCategory,omitempty"`
	URL             string           `json:"url,omitempty"`
}

// Scope says whether an object belongs to one (team-managed) project.
type Scope struct {
	Type    string      `json:"type,omitempty"`
	Project *ProjectRef `json:"project,omitempty"`
}

// ProjectRef is the short project object inside other objects.
type ProjectRef struct {
	ID   string `json:"id,omitempty"`
	Key  string `json:"key,omitempty"`
	Name string `json:"name,omitempty"`
}

// IssueType is an issue type (IssueTypeDetails and the createmeta variant).
type IssueType struct {
	Self           string `json:"self,omitempty"`
	ID             string `json:"id"`
	Name           string `json:"name"`
	Description    string `json:"description,omitempty"`
	IconURL        string `json:"iconUrl,omitempty"`
	Subtask        bool   `json:"subtask"`
	AvatarID       int64  `json:"avatarId,omitempty"`
	HierarchyLevel int    `json:"hierarchyLevel"`
	EntityID       string `json:"entityId,omitempty"`
	Scope          *Scope `json:"scope,omitempty"`
}

// StatusCategory is one of Jira's fixed status categories; Key is new,
// indeterminate, done or undefined.
type StatusCategory struct {
	Self      string `json:"self,omitempty"`
	ID        int    `json:"id"`
	Key       string `json:"key"`
	Name      string `json:"name"`
	ColorName string `json:"colorName,omitempty"`
}

// Status is a workflow status (StatusDetails).
type Status struct {
	Self           string          `json:"self,omitempty"`
	ID             string          `json:"id"`
	Name           string          `json:"name"`
	Description    string          `json:"description,omitempty"`
	IconURL        string          `json:"iconUrl,omitempty"`
	StatusCategory *StatusCategory `json:"statusCategory,omitempty"`
	Scope          *Scope          `json:"scope,omitempty"`
}

// CategoryKey returns the status category key, or "" when none is known.
func (s Status) CategoryKey() string {
	if s.StatusCategory == nil {
		return ""
	}
	return s.StatusCategory.Key
}

// IssueTypeStatuses is one issue type with the statuses of its workflow
// (IssueTypeWithStatus, from /project/{key}/statuses).
type IssueTypeStatuses struct {
	Self     string   `json:"self,omitempty"`
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Subtask  bool     `json:"subtask"`
	Statuses []Status `json:"statuses"`
}

// Priority is an issue priority.
type Priority struct {
	Self        string `json:"self,omitempty"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	IconURL     string `json:"iconUrl,omitempty"`
	StatusColor string `json:"statusColor,omitempty"`
	IsDefault   bool   `json:"isDefault,omitempty"`
}

// Resolution is an issue resolution.
type Resolution struct {
	Self        string `json:"self,omitempty"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	IconURL     string `json:"iconUrl,omitempty"`
	Default     bool   `json:"default,omitempty"`
}

// Component is a project component.
type Component struct {
	Self          string `json:"self,omitempty"`
	ID            string `json:"id"`
	Name          string `json:"name"`
	Description   string `json:"description,omitempty"`
	Project       string `json:"project,omitempty"`
	ProjectID     int64  `json:"projectId,omitempty"`
	Lead          *User  `json:"lead,omitempty"`
	LeadAccountID string `json:"leadAccountId,omitempty"`
	AssigneeType  string `json:"assigneeType,omitempty"`
}

// Version is a project version (a Spira release). Dates are yyyy-mm-dd.
type Version struct {
	Self        string `json:"self,omitempty"`
	ID          string `json:"id,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	ProjectID   int64  `json:"projectId,omitempty"`
	Released    bool   `json:"released"`
	Archived    bool   `json:"archived"`
	ReleaseDate string `json:"releaseDate,omitempty"`
	StartDate   string `json:"startDate,omitempty"`
	Overdue     bool   `json:"overdue,omitempty"`
}

// VersionUpdate is the body of a version update: only non-nil fields are sent.
type VersionUpdate struct {
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
	Released    *bool   `json:"released,omitempty"`
	Archived    *bool   `json:"archived,omitempty"`
	ReleaseDate *string `json:"releaseDate,omitempty"`
	StartDate   *string `json:"startDate,omitempty"`
}

// FieldSchema is a field's JsonTypeBean: Type is the data type, Items the
// element type of arrays, Custom the custom field type key.
type FieldSchema struct {
	Type     string `json:"type"`
	Items    string `json:"items,omitempty"`
	System   string `json:"system,omitempty"`
	Custom   string `json:"custom,omitempty"`
	CustomID int64  `json:"customId,omitempty"`
}

// Field is a system or custom field (FieldDetails).
type Field struct {
	ID          string       `json:"id"`
	Key         string       `json:"key,omitempty"`
	Name        string       `json:"name"`
	Custom      bool         `json:"custom"`
	Orderable   bool         `json:"orderable"`
	Navigable   bool         `json:"navigable"`
	Searchable  bool         `json:"searchable"`
	ClauseNames []string     `json:"clauseNames,omitempty"`
	Schema      *FieldSchema `json:"schema,omitempty"`
	Scope       *Scope       `json:"scope,omitempty"`
}

// FieldContext is a custom field context (CustomFieldContext).
type FieldContext struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Description     string `json:"description,omitempty"`
	IsGlobalContext bool   `json:"isGlobalContext"`
	IsAnyIssueType  bool   `json:"isAnyIssueType"`
}

// FieldOption is an option of a select custom field in one context
// (CustomFieldContextOption). OptionID is the parent of a cascading child.
type FieldOption struct {
	ID       string `json:"id"`
	Value    string `json:"value"`
	Disabled bool   `json:"disabled"`
	OptionID string `json:"optionId,omitempty"`
}

// SecurityLevel is an issue security level.
type SecurityLevel struct {
	Self                  string `json:"self,omitempty"`
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	Description           string `json:"description,omitempty"`
	IsDefault             bool   `json:"isDefault,omitempty"`
	IssueSecuritySchemeID string `json:"issueSecuritySchemeId,omitempty"`
}

// IssueLinkType is a kind of issue link, such as Blocks or Relates.
type IssueLinkType struct {
	Self    string `json:"self,omitempty"`
	ID      string `json:"id,omitempty"`
	Name    string `json:"name,omitempty"`
	Inward  string `json:"inward,omitempty"`
	Outward string `json:"outward,omitempty"`
}

// Issue is an issue (IssueBean). Fields holds the raw field values by id;
// the typed accessors read the common ones.
type Issue struct {
	ID             string                     `json:"id"`
	Key            string                     `json:"key"`
	Self           string                     `json:"self,omitempty"`
	Expand         string                     `json:"expand,omitempty"`
	Fields         map[string]json.RawMessage `json:"fields,omitempty"`
	RenderedFields map[string]json.RawMessage `json:"renderedFields,omitempty"`
	Names          map[string]string          `json:"names,omitempty"`
	Properties     map[string]json.RawMessage `json:"properties,omitempty"`
	Transitions    []Transition               `json:"transitions,omitempty"`
}

// IssueRef is the short issue object used in links and parents.
type IssueRef struct {
	ID   string `json:"id,omitempty"`
	Key  string `json:"key,omitempty"`
	Self string `json:"self,omitempty"`
}

// IDOrKey returns the ID when it is set, else the key.
func (r IssueRef) IDOrKey() string {
	if r.ID != "" {
		return r.ID
	}
	return r.Key
}

// Field decodes the field id into v. It reports false when the field is
// absent or null, and an error when it does not decode into v.
func (i Issue) Field(id string, v any) (bool, error) {
	raw, ok := i.Fields[id]
	if !ok || len(raw) == 0 || string(raw) == "null" {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, err
	}
	return true, nil
}

func issueField[T any](i Issue, id string) T {
	var v T
	_, _ = i.Field(id, &v)
	return v
}

// Summary returns the summary field.
func (i Issue) Summary() string { return issueField[string](i, "summary") }

// Description returns the description as raw ADF, or nil when empty.
func (i Issue) Description() json.RawMessage { return i.rawField("description") }

// Environment returns the environment as raw ADF, or nil when empty.
func (i Issue) Environment() json.RawMessage { return i.rawField("environment") }

func (i Issue) rawField(id string) json.RawMessage {
	raw := i.Fields[id]
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return raw
}

// RenderedField returns an HTML rendering of the field (expand=renderedFields).
func (i Issue) RenderedField(id string) string {
	var s string
	if raw, ok := i.RenderedFields[id]; ok {
		_ = json.Unmarshal(raw, &s)
	}
	return s
}

// IssueType returns the issue type, or nil.
func (i Issue) IssueType() *IssueType { return issueField[*IssueType](i, "issuetype") }

// Project returns the project, or nil.
func (i Issue) Project() *Project { return issueField[*Project](i, "project") }

// Status returns the current status, or nil.
func (i Issue) Status() *Status { return issueField[*Status](i, "status") }

// Priority returns the priority, or nil.
func (i Issue) Priority() *Priority { return issueField[*Priority](i, "priority") }

// Resolution returns the resolution, or nil when unresolved.
func (i Issue) Resolution() *Resolution { return issueField[*Resolution](i, "resolution") }

// Assignee returns the assignee, or nil when unassigned.
func (i Issue) Assignee() *User { return issueField[*User](i, "assignee") }

// Reporter returns the reporter, or nil.
func (i Issue) Reporter() *User { return issueField[*User](i, "reporter") }

// Security returns the security level, or nil.
func (i Issue) Security() *SecurityLevel { return issueField[*SecurityLevel](i, "security") }

// Components returns the components.
func (i Issue) Components() []Component { return issueField[[]Component](i, "components") }

// FixVersions returns the fix versions.
func (i Issue) FixVersions() []Version { return issueField[[]Version](i, "fixVersions") }

// AffectsVersions returns the affected versions (the versions field).
func (i Issue) AffectsVersions() []Version { return issueField[[]Version](i, "versions") }

// Labels returns the labels.
func (i Issue) Labels() []string { return issueField[[]string](i, "labels") }

// IssueLinks returns the issue links.
func (i Issue) IssueLinks() []IssueLink { return issueField[[]IssueLink](i, "issuelinks") }

// Parent returns the parent issue, or nil.
func (i Issue) Parent() *IssueRef { return issueField[*IssueRef](i, "parent") }

// Created returns the creation time, or the zero time.
func (i Issue) Created() time.Time { return i.timeField("created") }

// Updated returns the last update time, or the zero time.
func (i Issue) Updated() time.Time { return i.timeField("updated") }

// DueDate returns the due date (yyyy-mm-dd) or "".
func (i Issue) DueDate() string { return issueField[string](i, "duedate") }

func (i Issue) timeField(id string) time.Time {
	t, _ := ParseTime(issueField[string](i, id))
	return t
}

// Time layouts Jira uses: an offset without a colon, with milliseconds.
const (
	TimeLayout = "2006-01-02T15:04:05.000-0700"
	DateLayout = "2006-01-02"
)

// ParseTime parses a Jira timestamp (2023-06-24T19:24:50.000+0000), also
// accepting RFC 3339.
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(TimeLayout, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// FormatTime formats t as Jira expects for datetime fields.
func FormatTime(t time.Time) string { return t.Format(TimeLayout) }

// EpochMillis formats t as the unquoted epoch-millisecond JQL literal, an
// absolute instant independent of the user's time zone.
func EpochMillis(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// CreatedIssue is the answer to a create.
type CreatedIssue struct {
	ID   string `json:"id"`
	Key  string `json:"key"`
	Self string `json:"self,omitempty"`
}

// EntityProperty is a key and JSON value stored on an entity.
type EntityProperty struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

// IssueUpdate is the body of create and edit (IssueUpdateDetails). A field
// may appear in Fields or Update, not both.
type IssueUpdate struct {
	Fields     map[string]any              `json:"fields,omitempty"`
	Update     map[string][]map[string]any `json:"update,omitempty"`
	Properties []EntityProperty            `json:"properties,omitempty"`
	Transition *TransitionRef              `json:"transition,omitempty"`
}

// TransitionRef names a transition by ID.
type TransitionRef struct {
	ID string `json:"id"`
}

// FieldMeta describes a field on a screen (createmeta, editmeta, a
// transition screen): whether it is required and its allowed values.
type FieldMeta struct {
	FieldID         string            `json:"fieldId,omitempty"`
	Key             string            `json:"key,omitempty"`
	Name            string            `json:"name"`
	Required        bool              `json:"required"`
	Schema          *FieldSchema      `json:"schema,omitempty"`
	Operations      []string          `json:"operations,omitempty"`
	AllowedValues   []json.RawMessage `json:"allowedValues,omitempty"`
	HasDefaultValue bool              `json:"hasDefaultValue,omitempty"`
	DefaultValue    json.RawMessage   `json:"defaultValue,omitempty"`
	AutoCompleteURL string            `json:"autoCompleteUrl,omitempty"`
}

// AllowedValue is the common shape of an allowedValues entry: options carry
// Value, most other objects Name; cascading parents carry Children.
type AllowedValue struct {
	ID       string         `json:"id"`
	Name     string         `json:"name,omitempty"`
	Value    string         `json:"value,omitempty"`
	Disabled bool           `json:"disabled,omitempty"`
	Children []AllowedValue `json:"children,omitempty"`
}

// Label returns Value or, when empty, Name.
func (a AllowedValue) Label() string {
	if a.Value != "" {
		return a.Value
	}
	return a.Name
}

// Allowed decodes the allowed values into their common shape.
func (m FieldMeta) Allowed() []AllowedValue {
	out := make([]AllowedValue, 0, len(m.AllowedValues))
	for _, raw := range m.AllowedValues {
		var a AllowedValue
		if json.Unmarshal(raw, &a) == nil {
			out = append(out, a)
		}
	}
	return out
}

// CreateMetaIssueTypes is one page of createmeta issue types.
type CreateMetaIssueTypes struct {
	StartAt    int         `json:"startAt"`
	MaxResults int         `json:"maxResults"`
	Total      int         `json:"total"`
	IssueTypes []IssueType `json:"issueTypes"`
}

// CreateMetaFields is one page of createmeta fields of one issue type.
type CreateMetaFields struct {
	StartAt    int         `json:"startAt"`
	MaxResults int         `json:"maxResults"`
	Total      int         `json:"total"`
	Fields     []FieldMeta `json:"fields"`
}

// Transition is a workflow transition available on an issue.
type Transition struct {
	ID            string               `json:"id"`
	Name          string               `json:"name"`
	To            *Status              `json:"to,omitempty"`
	HasScreen     bool                 `json:"hasScreen"`
	IsGlobal      bool                 `json:"isGlobal"`
	IsInitial     bool                 `json:"isInitial"`
	IsAvailable   bool                 `json:"isAvailable"`
	IsConditional bool                 `json:"isConditional"`
	Looped        bool                 `json:"looped,omitempty"`
	Fields        map[string]FieldMeta `json:"fields,omitempty"`
}

// DoTransition is the body of a transition request.
type DoTransition struct {
	Transition TransitionRef               `json:"transition"`
	Fields     map[string]any              `json:"fields,omitempty"`
	Update     map[string][]map[string]any `json:"update,omitempty"`
}

// Visibility restricts a comment to a group or role.
type Visibility struct {
	Type       string `json:"type"`
	Value      string `json:"value,omitempty"`
	Identifier string `json:"identifier,omitempty"`
}

// Comment is an issue comment. Body is an ADF document.
type Comment struct {
	Self         string           `json:"self,omitempty"`
	ID           string           `json:"id,omitempty"`
	Author       *User            `json:"author,omitempty"`
	UpdateAuthor *User            `json:"updateAuthor,omitempty"`
	Body         json.RawMessage  `json:"body,omitempty"`
	RenderedBody string           `json:"renderedBody,omitempty"`
	Created      string           `json:"created,omitempty"`
	Updated      string           `json:"updated,omitempty"`
	Visibility   *Visibility      `json:"visibility,omitempty"`
	Properties   []EntityProperty `json:"properties,omitempty"`
}

// CommentPage is one page of an issue's comments.
type CommentPage struct {
	StartAt    int       `json:"startAt"`
	MaxResults int       `json:"maxResults"`
	Total      int       `json:"total"`
	Comments   []Comment `json:"comments"`
}

// IssueLink links two issues. In an issue's issuelinks, exactly one of
// InwardIssue and OutwardIssue is set: the other end.
type IssueLink struct {
	ID           string        `json:"id,omitempty"`
	Self         string        `json:"self,omitempty"`
	Type         IssueLinkType `json:"type"`
	InwardIssue  *IssueRef     `json:"inwardIssue,omitempty"`
	OutwardIssue *IssueRef     `json:"outwardIssue,omitempty"`
}

// NewIssueLink is the body of an issue link create.
type NewIssueLink struct {
	Type         IssueLinkType `json:"type"`
	InwardIssue  IssueRef      `json:"inwardIssue"`
	OutwardIssue IssueRef      `json:"outwardIssue"`
	Comment      *Comment      `json:"comment,omitempty"`
}

// RemoteLinkIcon is an icon of a remote link.
type RemoteLinkIcon struct {
	URL16x16 string `json:"url16x16,omitempty"`
	Title    string `json:"title,omitempty"`
	Link     string `json:"link,omitempty"`
}

// RemoteLinkApplication names the application a remote link points into.
type RemoteLinkApplication struct {
	Type string `json:"type,omitempty"`
	Name string `json:"name,omitempty"`
}

// RemoteLinkObject is what a remote link points to.
type RemoteLinkObject struct {
	URL     string          `json:"url"`
	Title   string          `json:"title"`
	Summary string          `json:"summary,omitempty"`
	Icon    *RemoteLinkIcon `json:"icon,omitempty"`
}

// RemoteLink is a link from an issue to an object elsewhere (here: the
// Spira artifact). GlobalID makes a create an update when it matches.
type RemoteLink struct {
	ID           int64                  `json:"id,omitempty"`
	Self         string                 `json:"self,omitempty"`
	GlobalID     string                 `json:"globalId,omitempty"`
	Application  *RemoteLinkApplication `json:"application,omitempty"`
	Relationship string                 `json:"relationship,omitempty"`
	Object       RemoteLinkObject       `json:"object"`
}

// RemoteLinkID is the answer to a remote link create or update.
type RemoteLinkID struct {
	ID   int64  `json:"id"`
	Self string `json:"self,omitempty"`
}

// SearchRequest is a JQL search on /search/jql.
type SearchRequest struct {
	JQL           string   `json:"jql"`
	Fields        []string `json:"fields,omitempty"`
	Expand        string   `json:"expand,omitempty"`
	Properties    []string `json:"properties,omitempty"`
	MaxResults    int      `json:"maxResults,omitempty"`
	NextPageToken string   `json:"nextPageToken,omitempty"`
	FieldsByKeys  bool     `json:"fieldsByKeys,omitempty"`
	// ReconcileIssues lists issue IDs just written, for read-after-write.
	ReconcileIssues []int64 `json:"reconcileIssues,omitempty"`
}

// SearchPage is one page of a JQL search.
type SearchPage struct {
	Issues        []Issue           `json:"issues"`
	NextPageToken string            `json:"nextPageToken,omitempty"`
	IsLast        bool              `json:"isLast"`
	Names         map[string]string `json:"names,omitempty"`
}

// Page is the PageBean envelope of offset-paged lists.
type Page[T any] struct {
	Self       string `json:"self,omitempty"`
	NextPage   string `json:"nextPage,omitempty"`
	StartAt    int    `json:"startAt"`
	MaxResults int    `json:"maxResults"`
	Total      int    `json:"total"`
	IsLast     bool   `json:"isLast"`
	Values     []T    `json:"values"`
}
