package jiratest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// UserSpec describes a user to add to the site.
type UserSpec struct {
	AccountID   string // generated when empty
	Email       string
	DisplayName string
	TimeZone    string // IANA name; "UTC" when empty
	HideEmail   bool   // the profile hides the address: emailAddress is absent
	Inactive    bool
	Token       string // API token; without one the user cannot log in
	Admin       bool   // Administer Jira
	// Password is the account's password, which Jira refuses in place of
	// an API token (401 with its deprecation message).
	Password string
	// ScopedToken makes Token a scoped API token, accepted only under
	// /ex/jira/{CloudID} (the api.atlassian.com gateway path).
	ScopedToken bool
}

// AddUser adds a user and returns its account.
func (s *Sim) AddUser(spec UserSpec) (Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.site
	if spec.AccountID == "" {
		spec.AccountID = fmt.Sprintf("5b10ac8d82e05b22cc7d%04x", len(st.userOrder)+0x5000)
	}
	if _, dup := st.users[spec.AccountID]; dup {
		return Account{}, fmt.Errorf("jiratest: account %s exists", spec.AccountID)
	}
	if spec.TimeZone == "" {
		spec.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(spec.TimeZone); err != nil {
		return Account{}, fmt.Errorf("jiratest: time zone %q: %w", spec.TimeZone, err)
	}
	for _, u := range st.users {
		if spec.Email != "" && strings.EqualFold(u.Email, spec.Email) {
			return Account{}, fmt.Errorf("jiratest: e-mail %s is taken", spec.Email)
		}
	}
	u := &user{AccountID: spec.AccountID, Email: spec.Email, HideEmail: spec.HideEmail, DisplayName: spec.DisplayName,
		TimeZone: spec.TimeZone, Locale: "en_US", Active: !spec.Inactive, AccountType: "atlassian", Token: spec.Token,
		Admin: spec.Admin, Scoped: spec.ScopedToken, Password: spec.Password, Groups: []string{"jira-software-users"}}
	st.users[u.AccountID] = u
	st.userOrder = append(st.userOrder, u.AccountID)
	return Account{AccountID: u.AccountID, Email: u.Email, Token: u.Token, DisplayName: u.DisplayName}, nil
}

// SetTimeZone changes a user's profile time zone, which JQL date literals
// in that user's searches are read in.
func (s *Sim) SetTimeZone(accountID, tz string) error {
	if _, err := time.LoadLocation(tz); err != nil {
		return fmt.Errorf("jiratest: time zone %q: %w", tz, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.site.users[accountID]
	if u == nil {
		return fmt.Errorf("jiratest: no user %s", accountID)
	}
	u.TimeZone = tz
	return nil
}

// SetBrowseUsers grants or withholds the Browse users and groups permission.
func (s *Sim) SetBrowseUsers(accountID string, allowed bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.site.users[accountID]
	if u == nil {
		return fmt.Errorf("jiratest: no user %s", accountID)
	}
	u.NoBrowseUsers = !allowed
	return nil
}

// IssueSpec describes an issue to add directly, bypassing screens.
type IssueSpec struct {
	Type        string // issue type name: Bug, Task, Story, Epic, Sub-task
	Summary     string
	Description string // plain text; each line becomes a paragraph
	Status      string // status name, reached through the workflow; the initial status when empty
	Priority    string // priority name; Medium when empty
	Assignee    string // account id
	Reporter    string // account id; the admin when empty
	Labels      []string
	Components  []string // names
	FixVersions []string // names
	Parent      string   // key of the parent issue
	Severity    string   // option value of the Severity field
	StoryPoints *float64 // the Story Points field
	DueDate     string   // yyyy-mm-dd
	// Time tracking in Jira's form ("1w 2d"); TimeSpent stands for the
	// work logged.
	OriginalEstimate, RemainingEstimate, TimeSpent string
	Created                                        time.Time
	Updated                                        time.Time // the clock when both are zero
	Properties                                     map[string]any
}

// AddIssue adds an issue to LIB and returns its key.
func (s *Sim) AddIssue(spec IssueSpec) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.site
	p := st.projects[0]
	var it *issueType
	for _, x := range st.issueTypes {
		if strings.EqualFold(x.Name, spec.Type) {
			it = x
		}
	}
	if it == nil {
		return "", fmt.Errorf("jiratest: no issue type %q", spec.Type)
	}
	now := s.now()
	if spec.Created.IsZero() {
		spec.Created = now
	}
	if spec.Updated.IsZero() {
		spec.Updated = spec.Created
	}
	spec.Created, spec.Updated = spec.Created.Truncate(time.Millisecond), spec.Updated.Truncate(time.Millisecond)
	is := &issue{ProjectID: p.ID, TypeID: it.ID, StatusID: st.workflows[it.Workflow].Initial, Summary: spec.Summary,
		PriorityID: defaultPriority(st), Assignee: spec.Assignee, Reporter: cmp.Or(spec.Reporter, adminID),
		Created: spec.Created, Updated: spec.Updated, Labels: slices.Clone(spec.Labels),
		Custom: map[string]any{}, Props: map[string]json.RawMessage{}}
	is.Creator = is.Reporter
	if is.Labels == nil {
		is.Labels = []string{}
	}
	if spec.Description != "" {
		is.Desc = adfDoc(strings.Split(spec.Description, "\n")...)
	}
	if spec.StoryPoints != nil {
		is.Custom[cfPoints] = *spec.StoryPoints
	}
	is.DueDate = spec.DueDate
	for _, d := range []struct {
		s   string
		dst **int64
	}{{spec.OriginalEstimate, &is.Time.Original}, {spec.RemainingEstimate, &is.Time.Remaining}, {spec.TimeSpent, &is.Time.Spent}} {
		if d.s == "" {
			continue
		}
		secs, ok := parseDuration(d.s)
		if !ok {
			return "", fmt.Errorf("jiratest: bad duration %q", d.s)
		}
		*d.dst = &secs
	}
	if spec.Priority != "" {
		is.PriorityID = ""
		for _, pr := range st.priorities {
			if strings.EqualFold(pr.Name, spec.Priority) {
				is.PriorityID = pr.ID
			}
		}
		if is.PriorityID == "" {
			return "", fmt.Errorf("jiratest: no priority %q", spec.Priority)
		}
	}
	for _, id := range []string{spec.Assignee, spec.Reporter} {
		if id != "" && st.users[id] == nil {
			return "", fmt.Errorf("jiratest: no user %s", id)
		}
	}
	for _, name := range spec.Components {
		i := slices.IndexFunc(st.components, func(c *component) bool { return strings.EqualFold(c.Name, name) })
		if i < 0 {
			return "", fmt.Errorf("jiratest: no component %q", name)
		}
		is.Components = append(is.Components, st.components[i].ID)
	}
	for _, name := range spec.FixVersions {
		i := slices.IndexFunc(st.versions, func(v *version) bool { return strings.EqualFold(v.Name, name) })
		if i < 0 {
			return "", fmt.Errorf("jiratest: no version %q", name)
		}
		is.FixVers = append(is.FixVers, st.versions[i].ID)
	}
	if spec.Parent != "" {
		parent := st.issueByID[spec.Parent]
		if parent == nil {
			return "", fmt.Errorf("jiratest: no parent %s", spec.Parent)
		}
		if st.issueTypes[parent.TypeID].HierarchyLevel != it.HierarchyLevel+1 {
			return "", fmt.Errorf("jiratest: a %s cannot be the parent of a %s", st.issueTypes[parent.TypeID].Name, it.Name)
		}
		is.Parent = parent.ID
	} else if it.Subtask {
		return "", fmt.Errorf("jiratest: a sub-task needs a parent")
	}
	if spec.Severity != "" {
		f := st.field(cfSeverity)
		id := ""
		for _, o := range f.Contexts[0].Options {
			if strings.EqualFold(o.Value, spec.Severity) {
				id = o.ID
			}
		}
		if id == "" {
			return "", fmt.Errorf("jiratest: no severity %q", spec.Severity)
		}
		is.Custom[cfSeverity] = id
	}
	for k, v := range spec.Properties {
		raw, err := json.Marshal(v)
		if err != nil {
			return "", fmt.Errorf("jiratest: property %s: %w", k, err)
		}
		is.Props[k] = raw
	}
	if spec.Status != "" {
		var target string
		for _, sid := range st.workflows[it.Workflow].Statuses {
			if strings.EqualFold(st.statuses[sid].Name, spec.Status) {
				target = sid
			}
		}
		if target == "" {
			return "", fmt.Errorf("jiratest: status %q is not in the %s workflow", spec.Status, it.Name)
		}
		for _, t := range workflowPath(st.workflows[it.Workflow], is.StatusID, target) {
			items := []changeItem{change("status", "status", "jira", is.StatusID, st.statuses[is.StatusID].Name, t.To, st.statuses[t.To].Name)}
			if st.statuses[t.To].Category == catDone && is.Resolution == "" {
				is.Resolution, is.Resolved = st.resolutions[0].ID, spec.Updated
			} else if st.statuses[t.To].Category != catDone {
				is.Resolution, is.Resolved = "", time.Time{}
			}
			is.StatusID = t.To
			is.History = append(is.History, &history{ID: st.newID(), AuthorID: is.Reporter, Created: spec.Updated, Items: items})
		}
	}
	p.nextIssue++
	is.ID = st.newID()
	is.Key = p.Key + "-" + itoa(p.nextIssue)
	st.issues = append(st.issues, is)
	st.index(is)
	return is.Key, nil
}

// Issue is a read-only snapshot of an issue, for assertions.
type Issue struct {
	ID, Key     string
	Type        string // issue type name
	Status      string // status name
	Summary     string
	Description json.RawMessage // ADF, nil when empty
	Priority    string          // name
	Resolution  string          // name, "" when unresolved
	Assignee    string          // account id
	Reporter    string          // account id
	Labels      []string
	Components  []string // names
	FixVersions []string // names
	Versions    []string // names (affects versions)
	Security    string   // level name
	Parent      string   // key
	DueDate     string   // yyyy-mm-dd
	// Time tracking in seconds, nil when unset.
	OriginalEstimate, RemainingEstimate, TimeSpent *int64
	// Custom maps custom field ids to values as the API writes them: option
	// values for selects, account ids for user pickers, ADF for text areas.
	Custom      map[string]any
	Created     time.Time
	Updated     time.Time
	Comments    []Comment
	RemoteLinks []RemoteLink
	Links       []Link
	Properties  map[string]json.RawMessage
	History     int // number of changelog entries
}

// Comment is a snapshot of a comment.
type Comment struct {
	ID       string
	AuthorID string
	Body     json.RawMessage
	Created  time.Time
	Updated  time.Time
}

// RemoteLink is a snapshot of a remote issue link.
type RemoteLink struct {
	ID           int64
	GlobalID     string
	Relationship string
	Object       json.RawMessage
}

// Link is a snapshot of an issue link from this issue's point of view:
// Description is the verb read from this issue ("blocks", "is blocked by").
type Link struct {
	ID          string
	Type        string
	Description string
	OtherKey    string
}

// Issue returns a snapshot of the issue with this key or id.
func (s *Sim) Issue(keyOrID string) (Issue, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.site
	is := st.issueByID[keyOrID]
	if is == nil {
		return Issue{}, false
	}
	a := &applier{c: &call{s: s}}
	out := Issue{ID: is.ID, Key: is.Key, Type: st.issueTypes[is.TypeID].Name, Status: st.statuses[is.StatusID].Name,
		Summary: is.Summary, Description: slices.Clone(is.Desc), Priority: a.displayName("priority", is.PriorityID),
		Assignee: is.Assignee, Reporter: is.Reporter, Labels: slices.Clone(is.Labels), Created: is.Created, Updated: is.Updated,
		Custom: map[string]any{}, Properties: maps.Clone(is.Props), History: len(is.History)}
	if is.Resolution != "" {
		out.Resolution = a.displayName("resolution", is.Resolution)
	}
	for _, id := range is.Components {
		out.Components = append(out.Components, a.displayName("component", id))
	}
	for _, id := range is.FixVers {
		out.FixVersions = append(out.FixVersions, a.displayName("version", id))
	}
	for _, id := range is.AffVers {
		out.Versions = append(out.Versions, a.displayName("version", id))
	}
	if is.Security != "" {
		out.Security = a.displayName("security", is.Security)
	}
	if is.Parent != "" {
		out.Parent = st.issueByID[is.Parent].Key
	}
	out.DueDate = is.DueDate
	out.OriginalEstimate, out.RemainingEstimate, out.TimeSpent = is.Time.Original, is.Time.Remaining, is.Time.Spent
	for id, v := range is.Custom {
		f := st.field(id)
		switch f.CustomType {
		case "select":
			out.Custom[id] = a.optionName(f, v.(string))
		case "multiselect":
			var names []string
			for _, o := range v.([]string) {
				names = append(names, a.optionName(f, o))
			}
			out.Custom[id] = names
		default:
			out.Custom[id] = v
		}
	}
	for _, c := range is.Comments {
		out.Comments = append(out.Comments, Comment{ID: c.ID, AuthorID: c.AuthorID, Body: slices.Clone(c.Body), Created: c.Created, Updated: c.Updated})
	}
	for _, r := range is.Remote {
		out.RemoteLinks = append(out.RemoteLinks, RemoteLink{ID: r.ID, GlobalID: r.GlobalID, Relationship: r.Relationship, Object: slices.Clone(r.Object)})
	}
	for _, l := range st.links {
		lt := (&call{s: s}).linkType(l.TypeID)
		switch is.ID {
		case l.Source:
			out.Links = append(out.Links, Link{ID: l.ID, Type: lt.Name, Description: lt.Outward, OtherKey: st.issueByID[l.Target].Key})
		case l.Target:
			out.Links = append(out.Links, Link{ID: l.ID, Type: lt.Name, Description: lt.Inward, OtherKey: st.issueByID[l.Source].Key})
		}
	}
	return out, true
}

// IssueKeys lists the keys of all issues, in creation order.
func (s *Sim) IssueKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.site.issues))
	for _, is := range s.site.issues {
		out = append(out, is.Key)
	}
	return out
}

// Field ids of the seeded custom fields, for tests and the sandbox.
const (
	FieldSeverity      = cfSeverity // single select: Critical, High, Medium, Low
	FieldBranches      = cfBranches // multi-select
	FieldExternalRef   = cfExtRef   // single-line text
	FieldSteps         = cfSteps    // multi-line text (ADF)
	FieldStoryPoints   = cfPoints   // number
	FieldTargetDate    = cfTarget   // date
	FieldReviewer      = cfReviewer // user picker
	ContextSeverity    = "10130"    // the global context of Severity
	ContextBranchesLIB = "10132"    // the LIB Bug context of Affected Branches
)

// findIssue must be called with s.mu held.
func (s *Sim) findIssue(keyOrID string) *issue {
	return s.site.issueByID[keyOrID]
}

// AddComment adds a comment by authorID (an account id) with plain text
// paragraphs, at the clock's time, and bumps the issue's updated time, as a
// person commenting in Jira would.
func (s *Sim) AddComment(keyOrID, authorID, text string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.findIssue(keyOrID)
	if is == nil {
		return "", fmt.Errorf("jiratest: no issue %s", keyOrID)
	}
	u := s.site.users[authorID]
	if u == nil {
		return "", fmt.Errorf("jiratest: no user %s", authorID)
	}
	c := &call{s: s, user: u, now: s.now()}
	cm := addComment(c, is, adfDoc(strings.Split(text, "\n")...), nil, nil)
	return cm.ID, nil
}

// AddRemoteLink adds a remote link as another tool would.
func (s *Sim) AddRemoteLink(keyOrID, globalID, url, title string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.findIssue(keyOrID)
	if is == nil {
		return fmt.Errorf("jiratest: no issue %s", keyOrID)
	}
	obj, err := json.Marshal(map[string]string{"url": url, "title": title})
	if err != nil {
		return err
	}
	s.site.nextRemoteID++
	is.Remote = append(is.Remote, &remoteLink{ID: s.site.nextRemoteID, GlobalID: globalID, Relationship: "links to", Object: obj})
	return nil
}

// SetProperty sets an issue property (which, as in Jira, leaves the issue's
// updated time alone).
func (s *Sim) SetProperty(keyOrID, key string, value any) error {
	raw, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("jiratest: property %s: %w", key, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.findIssue(keyOrID)
	if is == nil {
		return fmt.Errorf("jiratest: no issue %s", keyOrID)
	}
	is.Props[key] = raw
	return nil
}

// Seeded issue type ids.
const (
	IssueTypeEpic    = itEpic
	IssueTypeStory   = itStory
	IssueTypeTask    = itTask
	IssueTypeBug     = itBug
	IssueTypeSubtask = itSubtask
)

// DeleteIssue deletes an issue (with its subtasks and links), as someone
// working in Jira might between two syncs.
func (s *Sim) DeleteIssue(keyOrID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.findIssue(keyOrID)
	if is == nil {
		return fmt.Errorf("jiratest: no issue %s", keyOrID)
	}
	for _, x := range slices.Clone(s.site.issues) {
		if x.Parent == is.ID && s.site.issueTypes[x.TypeID].Subtask {
			s.site.remove(x)
		}
	}
	s.site.remove(is)
	return nil
}
