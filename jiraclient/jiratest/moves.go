package jiratest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Moved issues and renamed projects.
//
// An issue's key changes when it moves to another project or when its
// project's key is changed; its id never does. Jira keeps every earlier key
// reserved: GET, PUT and the sub-routes of an issue still answer under an
// old key, with the current key in the body and no HTTP redirect (the API
// notes, §7.4). The simulator indexes old keys beside the current one, so
// every issue route resolves them.
//
// Whether JQL accepts an old key (`key = LIB-8` after LIB-8 became OPS-3,
// `project = LIB` after LIB became LIS) is not in the reference. Jira
// resolves historical keys for links and REST reads, so the simulator does
// the same in JQL by default; SetOldKeysInJQL(false) makes JQL refuse them
// as it refuses a key that never existed, so callers can be tested against
// both answers.
//
// Jira's own move is the asynchronous bulk move (POST /bulk/issues/move,
// answering a task id to poll); the simulator does not serve it: tests move
// issues with MoveIssue.

// ProjectSpec describes a project to add to the site.
type ProjectSpec struct {
	Key  string
	Name string
}

// AddProject adds a company-managed project with the seeded project's issue
// types, workflows and screens, but no components or versions, and returns
// its id. It is a target for MoveIssue.
func (s *Sim) AddProject(spec ProjectSpec) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.site
	key := strings.ToUpper(strings.TrimSpace(spec.Key))
	if !validProjectKey(key) {
		return "", fmt.Errorf("jiratest: project key %q: use 2-10 upper-case letters", spec.Key)
	}
	if st.projectKeyTaken(key) {
		return "", fmt.Errorf("jiratest: project key %s is in use", key)
	}
	base := st.projects[0]
	p := &project{ID: st.newID(), Key: key, Name: cmp.Or(spec.Name, key), LeadID: base.LeadID, TypeKey: base.TypeKey,
		IssueTypes: slices.Clone(base.IssueTypes), Private: base.Private}
	st.projects = append(st.projects, p)
	return p.ID, nil
}

// RenameProject changes a project's key, as an administrator does in the
// project's details: every issue of the project gets the new key with its
// number, and the old keys keep resolving. Jira re-indexes the project but
// records no history on the issues and leaves their updated time alone.
func (s *Sim) RenameProject(oldKey, newKey string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.site
	newKey = strings.ToUpper(strings.TrimSpace(newKey))
	var p *project
	for _, x := range st.projects {
		if x.Key == strings.ToUpper(oldKey) {
			p = x
		}
	}
	if p == nil {
		return fmt.Errorf("jiratest: no project %s", oldKey)
	}
	if !validProjectKey(newKey) {
		return fmt.Errorf("jiratest: project key %q: use 2-10 upper-case letters", newKey)
	}
	if st.projectKeyTaken(newKey) {
		return fmt.Errorf("jiratest: project key %s is in use", newKey)
	}
	p.OldKeys = append(p.OldKeys, p.Key)
	p.Key = newKey
	for _, is := range st.issues {
		if is.ProjectID == p.ID {
			_, num, _ := strings.Cut(is.Key, "-")
			st.rekey(is, newKey+"-"+num)
		}
	}
	return nil
}

// MoveIssue moves an issue (with its subtasks) to another project, as
// Jira's move does, and returns its new key. The issue keeps its id, type,
// status, fields, comments, links, remote links and properties; it loses
// the components, versions and security level of the old project, which
// the target project does not have (Jira's move asks for replacements; this
// one takes none). History records the key and project change, and the
// issue's updated time moves.
func (s *Sim) MoveIssue(keyOrID, projectKey string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.site
	is := st.issueByID[strings.ToUpper(keyOrID)]
	if is == nil {
		is = st.issueByID[keyOrID]
	}
	if is == nil {
		return "", fmt.Errorf("jiratest: no issue %s", keyOrID)
	}
	var to *project
	for _, p := range st.projects {
		if p.Key == strings.ToUpper(projectKey) {
			to = p
		}
	}
	if to == nil {
		return "", fmt.Errorf("jiratest: no project %s", projectKey)
	}
	if to.ID == is.ProjectID {
		return "", fmt.Errorf("jiratest: %s is in %s already", is.Key, to.Key)
	}
	if st.issueTypes[is.TypeID].Subtask {
		return "", fmt.Errorf("jiratest: %s is a subtask: move its parent", is.Key)
	}
	moving := []*issue{is}
	for _, x := range st.issues {
		if x.Parent == is.ID && st.issueTypes[x.TypeID].Subtask {
			moving = append(moving, x)
		}
	}
	now := s.now()
	for _, x := range moving {
		from := st.projectByID(x.ProjectID)
		to.nextIssue++
		old := x.Key
		x.ProjectID = to.ID
		st.rekey(x, to.Key+"-"+strconv.Itoa(to.nextIssue))
		x.Components, x.FixVers, x.AffVers, x.Security = []string{}, []string{}, []string{}, ""
		x.Updated = now
		x.History = append(x.History, &history{ID: st.newID(), AuthorID: adminID, Created: now, Items: []changeItem{
			change("project", "project", "jira", from.ID, from.Name, to.ID, to.Name),
			change("Key", "issuekey", "jira", "", old, "", x.Key),
		}})
	}
	return is.Key, nil
}

// SetOldKeysInJQL decides whether JQL accepts old issue and project keys
// (true by default; see the comment at the top of this file).
func (s *Sim) SetOldKeysInJQL(accept bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.site.oldKeysInJQL = accept
}

// rekey gives an issue a new key and keeps the old one resolving.
func (st *site) rekey(is *issue, key string) {
	is.OldKeys = append(is.OldKeys, is.Key)
	is.Key = key
	st.issueByID[key] = is
}

func (st *site) projectByID(id string) *project {
	for _, p := range st.projects {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// projectKeyTaken: a key in use, or reserved by a renamed project.
func (st *site) projectKeyTaken(key string) bool {
	for _, p := range st.projects {
		if p.Key == key || slices.Contains(p.OldKeys, key) {
			return true
		}
	}
	return false
}

func validProjectKey(k string) bool {
	if len(k) < 2 || len(k) > 10 {
		return false
	}
	for _, r := range k {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// oldIssueKey says whether ref names is by a key it no longer has.
func oldIssueKey(is *issue, ref string) bool {
	return is.ID != ref && !strings.EqualFold(is.Key, ref)
}
