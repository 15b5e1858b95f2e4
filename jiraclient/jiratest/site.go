package jiratest

import (
	"encoding/json"
	"slices"
	"time"
)

// The simulator keeps its own model of a site, independent of the client's
// types, so that a misunderstanding in one is not mirrored in the other.

type user struct {
	AccountID   string
	Email       string
	HideEmail   bool // profile visibility hides the address: emailAddress is absent
	DisplayName string
	TimeZone    string
	Locale      string
	Active      bool
	AccountType string // atlassian | app | customer
	Token       string // API token; empty for accounts nobody logs in as
	Password    string // account password: Jira refuses it for REST calls
	Admin       bool   // Administer Jira (and Administer Projects)
	// NoBrowseUsers withholds Browse users and groups: user search is then
	// silently empty and GET /user is 403.
	NoBrowseUsers bool
	// Scoped marks a scoped API token: it works only through the gateway
	// path /ex/jira/{cloudId}, never on the site URL.
	Scoped bool
	Groups []string
}

type project struct {
	ID             string
	Key            string
	Name           string
	Description    string
	LeadID         string
	TypeKey        string
	IssueTypes     []string // issue type ids, in display order
	Private        bool     // only logged-in users see it
	SecurityScheme string
	nextIssue      int
	// OldKeys are the keys the project had before its key was changed:
	// Jira keeps them reserved and still resolves them.
	OldKeys []string
}

type issueType struct {
	ID             string
	Name           string
	Description    string
	Subtask        bool
	HierarchyLevel int
	AvatarID       int64
	Workflow       string
}

type statusCategory struct {
	ID        int
	Key       string
	Name      string
	ColorName string
}

type status struct {
	ID          string
	Name        string
	Description string
	Category    int
}

type transitionDef struct {
	ID        string
	Name      string
	From      []string // status ids; empty means global (from any status)
	To        string
	HasScreen bool
	Fields    []string // field ids on the transition screen
}

type workflow struct {
	Name        string
	Initial     string // status id
	Statuses    []string
	Transitions []transitionDef
}

type priority struct {
	ID          string
	Name        string
	Description string
	Color       string
	IsDefault   bool
}

type resolution struct {
	ID          string
	Name        string
	Description string
	IsDefault   bool
}

type component struct {
	ID          string
	ProjectID   string
	Name        string
	Description string
	LeadID      string
}

type version struct {
	ID          string
	ProjectID   string
	Name        string
	Description string
	Released    bool
	Archived    bool
	StartDate   string // yyyy-mm-dd
	ReleaseDate string // yyyy-mm-dd
}

type fieldDef struct {
	ID          string
	Name        string
	Custom      bool
	Orderable   bool
	Navigable   bool
	Searchable  bool
	ClauseNames []string
	SchemaType  string
	Items       string
	System      string
	CustomType  string // customfieldtypes key suffix, e.g. "select"
	CustomID    int64
	Contexts    []*fieldContext
}

type fieldContext struct {
	ID           string
	Name         string
	Description  string
	Global       bool
	AnyIssueType bool
	ProjectIDs   []string
	IssueTypeIDs []string
	Options      []*option
}

type option struct {
	ID       string
	Value    string
	Disabled bool
}

type securityLevel struct {
	ID          string
	Name        string
	Description string
	IsDefault   bool
}

type securityScheme struct {
	ID     string
	Name   string
	Levels []*securityLevel
}

type linkType struct {
	ID      string
	Name    string
	Inward  string
	Outward string
}

type comment struct {
	ID         string
	AuthorID   string
	Visibility json.RawMessage
	Body       json.RawMessage // ADF document
	Created    time.Time
	Updated    time.Time
	UpdaterID  string
	Props      map[string]json.RawMessage
}

// issueLink reads "Source <outward verb> Target" (Source blocks Target).
// Jira's POST names Source "inwardIssue" and Target "outwardIssue"; in
// Source's issuelinks the link shows Target as outwardIssue, and in Target's
// it shows Source as inwardIssue.
type issueLink struct {
	ID     string
	TypeID string
	Source string // issue id
	Target string // issue id
}

type remoteLink struct {
	ID           int64
	GlobalID     string
	Relationship string
	Application  json.RawMessage // as sent
	Object       json.RawMessage // as sent: url, title, summary, icon, status
}

type changeItem struct {
	Field      string
	FieldID    string
	FieldType  string
	From       *string
	FromString *string
	To         *string
	ToString   *string
}

type history struct {
	ID       string
	AuthorID string
	Created  time.Time
	Items    []changeItem
}

type issue struct {
	ID         string
	Key        string
	ProjectID  string
	TypeID     string
	StatusID   string
	Summary    string
	Desc       json.RawMessage // ADF or nil
	Env        json.RawMessage // ADF or nil
	PriorityID string
	Resolution string // resolution id or ""
	Resolved   time.Time
	Assignee   string
	Reporter   string
	Creator    string
	Created    time.Time
	Updated    time.Time
	DueDate    string
	Labels     []string
	Components []string
	FixVers    []string
	AffVers    []string
	Security   string
	Parent     string // issue id
	Time       timeTracking
	// Custom holds custom field values: option id (select), []string of
	// option ids (multiselect), string (textfield, datepicker), ADF
	// json.RawMessage (textarea), float64 (float), account id (userpicker).
	Custom   map[string]any
	Comments []*comment
	Remote   []*remoteLink
	Props    map[string]json.RawMessage
	History  []*history
	// OldKeys are the keys the issue had before it moved or its
	// project's key changed; they still resolve to it.
	OldKeys []string
	// Attachments are the ids of the issue's files, oldest first.
	Attachments []string
}

type site struct {
	title       string
	users       map[string]*user
	userOrder   []string
	projects    []*project
	issueTypes  map[string]*issueType
	categories  map[int]*statusCategory
	statuses    map[string]*status
	workflows   map[string]*workflow
	priorities  []*priority
	resolutions []*resolution
	components  []*component
	versions    []*version
	fields      []*fieldDef
	security    map[string]*securityScheme
	linkTypes   []*linkType
	issues      []*issue
	issueByID   map[string]*issue // by id and by key
	links       []*issueLink
	attachments map[string]*attachment
	// screens: issue type id -> field ids on its create and edit screen
	createScreen map[string][]string
	editScreen   map[string][]string

	nextID       int
	nextRemoteID int64
	// oldKeysInJQL says whether JQL accepts a moved issue's old key or a
	// renamed project's old key (see moves.go).
	oldKeysInJQL bool
}

func (st *site) newID() string {
	st.nextID++
	return itoa(st.nextID)
}

// index makes an issue findable by id and key.
func (st *site) index(is *issue) {
	st.issueByID[is.ID] = is
	st.issueByID[is.Key] = is
}

// remove deletes an issue with its links; children other than subtasks lose
// their parent.
func (st *site) remove(is *issue) {
	st.issues = slices.DeleteFunc(st.issues, func(x *issue) bool { return x == is })
	delete(st.issueByID, is.ID)
	delete(st.issueByID, is.Key)
	for _, k := range is.OldKeys {
		if st.issueByID[k] == is {
			delete(st.issueByID, k)
		}
	}
	st.links = slices.DeleteFunc(st.links, func(l *issueLink) bool { return l.Source == is.ID || l.Target == is.ID })
	for _, x := range st.issues {
		if x.Parent == is.ID {
			x.Parent = ""
		}
	}
}
