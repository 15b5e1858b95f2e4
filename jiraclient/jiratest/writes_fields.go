package jiratest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// The system fields of an issue write: each field's set, add and remove.

func (a *applier) applyOne(f string, o op) {
	st := a.c.s.site
	is := a.is
	fd := st.field(f)
	if fd == nil {
		a.errs.field(f, fmt.Sprintf(notOnScreenFmt, f))
		return
	}
	if fd.SchemaType == "array" {
		a.applyArray(fd, o)
		return
	}
	if o.verb != "set" {
		a.errs.field(f, fmt.Sprintf("Field '%s' does not support the '%s' operation.", f, o.verb))
		return
	}
	v := o.value
	switch f {
	case "summary":
		var s string
		if json.Unmarshal(v, &s) != nil {
			a.errs.field(f, "Operation value must be a string")
			return
		}
		s = strings.TrimSpace(s)
		if s == "" {
			a.errs.field(f, "You must specify a summary of the issue.")
			return
		}
		if len([]rune(s)) > 255 {
			a.errs.field(f, "Summary must be less than 255 characters.")
			return
		}
		if s != is.Summary {
			a.items = append(a.items, change("summary", "summary", "jira", "", is.Summary, "", s))
			is.Summary = s
		}
	case "description", "environment":
		doc, ok := a.adfValue(f, v)
		if !ok {
			return
		}
		target := &is.Desc
		if f == "environment" {
			target = &is.Env
		}
		if !bytes.Equal(*target, doc) {
			a.items = append(a.items, change(f, f, "jira", "", plainOf(*target), "", plainOf(doc)))
			*target = doc
		}
	case "issuetype":
		r, ok := parseRef(v)
		if !ok {
			a.errs.field(f, "The issue type selected is invalid.")
			return
		}
		var it *issueType
		for _, x := range st.issueTypes {
			if x.ID == r.id() || (r.Name != "" && strings.EqualFold(x.Name, r.Name)) {
				it = x
			}
		}
		if it == nil || !slices.Contains(a.proj.IssueTypes, it.ID) {
			a.errs.field(f, "The issue type selected is invalid.")
			return
		}
		if it.ID != is.TypeID {
			old := st.issueTypes[is.TypeID]
			if old.Subtask != it.Subtask || !slices.Contains(st.workflows[it.Workflow].Statuses, is.StatusID) {
				a.errs.field(f, "The issue type selected is invalid.")
				return
			}
			a.items = append(a.items, change("issuetype", "issuetype", "jira", old.ID, old.Name, it.ID, it.Name))
			is.TypeID = it.ID
		}
	case "priority":
		r, ok := parseRef(v)
		var found *priority
		if ok {
			for _, p := range st.priorities {
				if p.ID == r.id() || (r.Name != "" && p.Name == r.Name) {
					found = p
				}
			}
		}
		if found == nil {
			a.errs.field(f, "The priority selected is invalid.")
			return
		}
		if found.ID != is.PriorityID {
			a.items = append(a.items, change("priority", "priority", "jira", is.PriorityID, a.displayName("priority", is.PriorityID), found.ID, found.Name))
			is.PriorityID = found.ID
		}
	case "assignee", "reporter":
		id, ok := a.userValue(f, v)
		if !ok {
			return
		}
		target := &is.Assignee
		if f == "reporter" {
			target = &is.Reporter
			if id == "" {
				a.errs.field(f, "Reporter is required.")
				return
			}
		}
		if id != *target {
			a.items = append(a.items, change(f, f, "jira", *target, a.displayName("user", *target), id, a.displayName("user", id)))
			*target = id
		}
	case "duedate":
		d, ok := a.dateValue(f, v)
		if ok && d != is.DueDate {
			a.items = append(a.items, change("duedate", "duedate", "jira", is.DueDate, is.DueDate, d, d))
			is.DueDate = d
		}
	case "security":
		if isNull(v) {
			if is.Security != "" {
				a.items = append(a.items, change("security", "security", "jira", is.Security, a.displayName("security", is.Security), "", ""))
			}
			is.Security = ""
			return
		}
		r, ok := parseRef(v)
		var found string
		if sc := st.security[a.proj.SecurityScheme]; ok && sc != nil {
			for _, l := range sc.Levels {
				if l.ID == r.id() || (r.Name != "" && l.Name == r.Name) {
					found = l.ID
				}
			}
		}
		if found == "" {
			a.errs.field(f, "Security level is not valid.")
			return
		}
		if found != is.Security {
			a.items = append(a.items, change("security", "security", "jira", is.Security, a.displayName("security", is.Security), found, a.displayName("security", found)))
			is.Security = found
		}
	case "resolution":
		if isNull(v) {
			is.Resolution = ""
			return
		}
		r, ok := parseRef(v)
		var found string
		if ok {
			for _, x := range st.resolutions {
				if x.ID == r.id() || (r.Name != "" && x.Name == r.Name) {
					found = x.ID
				}
			}
		}
		if found == "" {
			a.errs.field(f, "Could not find resolution with id or name '"+cmp.Or(r.id(), r.Name)+"'.")
			return
		}
		if found != is.Resolution {
			a.items = append(a.items, change("resolution", "resolution", "jira", is.Resolution, a.displayName("resolution", is.Resolution), found, a.displayName("resolution", found)))
			is.Resolution = found
			is.Resolved = a.c.now
		}
	case "timetracking":
		a.applyTimeTracking(v)
	case "parent":
		r, ok := parseRef(v)
		key := cmp.Or(r.Key, r.id())
		p := a.c.visibleIssue(key)
		if !ok || p == nil {
			a.errs.field(f, "Could not find issue by id or key.")
			return
		}
		if !a.validParent(p) {
			a.errs.field(f, "Given parent issue does not belong to appropriate hierarchy.")
			return
		}
		if p.ID != is.Parent {
			a.items = append(a.items, change("IssueParentAssociation", "parent", "jira", is.Parent, a.keyOf(is.Parent), p.ID, p.Key))
			is.Parent = p.ID
		}
	default:
		if fd.Custom {
			a.applyCustom(fd, v)
			return
		}
		a.errs.field(f, fmt.Sprintf(notOnScreenFmt, f))
	}
}

func (a *applier) keyOf(id string) string {
	if x := a.c.s.site.issueByID[id]; x != nil {
		return x.Key
	}
	return ""
}

func (a *applier) validParent(p *issue) bool {
	st := a.c.s.site
	child, parent := st.issueTypes[a.is.TypeID], st.issueTypes[p.TypeID]
	if p.ID == a.is.ID || p.ProjectID != a.is.ProjectID {
		return false
	}
	return parent.HierarchyLevel == child.HierarchyLevel+1
}

// adfValue reads a rich-text value: null clears, an ADF document is checked,
// anything else is refused with Atlassian's message.
func (a *applier) adfValue(f string, v json.RawMessage) (json.RawMessage, bool) {
	if isNull(v) {
		return nil, true
	}
	if !isADFObject(v) {
		a.errs.field(f, notADFMsg)
		return nil, false
	}
	if _, ok := parseADF(v); !ok {
		if !slices.Contains(a.errs.msgs, badContentMsg) {
			a.errs.msgs = append(a.errs.msgs, badContentMsg)
		}
		return nil, false
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, v); err != nil {
		a.errs.field(f, notADFMsg)
		return nil, false
	}
	return buf.Bytes(), true
}

func (a *applier) userValue(f string, v json.RawMessage) (string, bool) {
	if isNull(v) {
		return "", true
	}
	r, ok := parseRef(v)
	if !ok || r.AccountID == nil {
		if ok && (r.Name != "" || r.Key != "") {
			a.errs.field(f, "The query parameter 'username' is not supported in GDPR strict mode.")
		} else {
			a.errs.field(f, "Specify a valid value for "+f+": an object with accountId.")
		}
		return "", false
	}
	id := *r.AccountID
	if id == "-1" && f == "assignee" {
		return a.c.defaultAssignee(a.proj), true // the project's default assignee
	}
	u := a.c.s.site.users[id]
	if u == nil || !u.Active {
		if f == "assignee" {
			a.errs.field(f, "User '"+id+"' cannot be assigned issues.")
		} else {
			a.errs.field(f, "Specified user does not exist or you do not have required permissions")
		}
		return "", false
	}
	return id, true
}

func (a *applier) dateValue(f string, v json.RawMessage) (string, bool) {
	if isNull(v) {
		return "", true
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		a.errs.field(f, "Operation value must be a string")
		return "", false
	}
	if !validDate(s) {
		a.errs.field(f, "Error parsing date string: "+s)
		return "", false
	}
	return s, true
}

func (a *applier) applyArray(fd *fieldDef, o op) {
	is := a.is
	f := fd.ID
	switch f {
	case "labels":
		var list []string
		switch o.verb {
		case "set":
			if json.Unmarshal(o.value, &list) != nil {
				a.errs.field(f, "Operation value must be an array of strings")
				return
			}
		case "add", "remove":
			var s string
			if json.Unmarshal(o.value, &s) != nil {
				a.errs.field(f, "Operation value must be a string")
				return
			}
			list = []string{s}
		default:
			a.errs.field(f, fmt.Sprintf("Field '%s' does not support the '%s' operation.", f, o.verb))
			return
		}
		for _, l := range list {
			if strings.ContainsAny(l, " \t") || l == "" {
				a.errs.field(f, "The label '"+l+"' contains spaces which is invalid.")
				return
			}
		}
		before := strings.Join(is.Labels, " ")
		is.Labels = setOp(is.Labels, list, o.verb)
		if after := strings.Join(is.Labels, " "); after != before {
			a.items = append(a.items, change("labels", "labels", "jira", "", before, "", after))
		}
	case "components", "fixVersions", "versions":
		var refs []ref
		if o.verb == "set" {
			var ok bool
			if refs, ok = parseRefs(o.value); !ok {
				a.errs.field(f, "Operation value must be an array of objects with id or name.")
				return
			}
		} else if o.verb == "add" || o.verb == "remove" {
			r, ok := parseRef(o.value)
			if !ok {
				a.errs.field(f, "Operation value must be an object with id or name.")
				return
			}
			refs = []ref{r}
		} else {
			a.errs.field(f, fmt.Sprintf("Field '%s' does not support the '%s' operation.", f, o.verb))
			return
		}
		var ids []string
		for _, r := range refs {
			id := a.resolveRef(f, r)
			if id == "" {
				return
			}
			ids = append(ids, id)
		}
		target, kind, label := &is.Components, "component", "Component"
		switch f {
		case "fixVersions":
			target, kind, label = &is.FixVers, "version", "Fix Version"
		case "versions":
			target, kind, label = &is.AffVers, "version", "Version"
		}
		before := slices.Clone(*target)
		*target = setOp(*target, ids, o.verb)
		for _, id := range *target {
			if !slices.Contains(before, id) {
				a.items = append(a.items, change(label, f, "jira", "", "", id, a.displayName(kind, id)))
			}
		}
		for _, id := range before {
			if !slices.Contains(*target, id) {
				a.items = append(a.items, change(label, f, "jira", id, a.displayName(kind, id), "", ""))
			}
		}
	default:
		if fd.Custom && fd.CustomType == "multiselect" {
			a.applyMultiSelect(fd, o)
			return
		}
		a.errs.field(f, fmt.Sprintf(notOnScreenFmt, f))
	}
}

func setOp(cur, vals []string, verb string) []string {
	switch verb {
	case "set":
		out := []string{}
		for _, v := range vals {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	case "add":
		for _, v := range vals {
			if !slices.Contains(cur, v) {
				cur = append(cur, v)
			}
		}
		return cur
	case "remove":
		return slices.DeleteFunc(cur, func(x string) bool { return slices.Contains(vals, x) })
	}
	return cur
}

func (a *applier) resolveRef(f string, r ref) string {
	st := a.c.s.site
	id, name := r.id(), r.Name
	switch f {
	case "components":
		for _, c := range st.components {
			if c.ProjectID == a.proj.ID && (c.ID == id || (name != "" && c.Name == name)) {
				return c.ID
			}
		}
		if id != "" {
			a.errs.field(f, "Component with id '"+id+"' does not exist.")
		} else {
			a.errs.field(f, "Component name '"+name+"' is not valid")
		}
	default:
		for _, v := range st.versions {
			if v.ProjectID == a.proj.ID && (v.ID == id || (name != "" && v.Name == name)) {
				return v.ID
			}
		}
		if id != "" {
			a.errs.field(f, "Version with id '"+id+"' does not exist.")
		} else {
			a.errs.field(f, "Version name '"+name+"' is not valid")
		}
	}
	return ""
}

// plainOf is the plain text of an ADF document, for history strings.
func plainOf(raw json.RawMessage) string {
	doc, ok := parseADF(raw)
	if !ok {
		return ""
	}
	var b strings.Builder
	var walk func(n adfNode)
	walk = func(n adfNode) {
		if n.Text != nil {
			b.WriteString(*n.Text)
		}
		if n.Type == "hardBreak" {
			b.WriteString("\n")
		}
		for _, c := range n.Content {
			walk(c)
		}
		if adfBlockNodes[n.Type] && n.Type != "listItem" {
			b.WriteString("\n")
		}
	}
	for _, n := range doc.Content {
		walk(n)
	}
	return strings.TrimRight(b.String(), "\n")
}
