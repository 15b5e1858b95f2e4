package jiratest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

const (
	notOnScreenFmt = "Field '%s' cannot be set. It is not on the appropriate screen, or unknown."
	notADFMsg      = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
	badContentMsg  = "We can't create this issue for you right now, it could be due to unsupported content you've entered into one or more of the issue fields. If this situation persists, contact your administrator as they'll be able to access more specific information in the log file."
)

// issueUpdate is the IssueUpdateDetails body of create, edit and transition.
type issueUpdate struct {
	Fields     map[string]json.RawMessage   `json:"fields"`
	Update     map[string][]json.RawMessage `json:"update"`
	Properties []entityProperty             `json:"properties"`
	Transition *struct {
		ID string `json:"id"`
	} `json:"transition"`
	HistoryMetadata json.RawMessage `json:"historyMetadata"`
}

type entityProperty struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

// writeErrors collects field errors and general messages of one write.
type writeErrors struct {
	msgs   []string
	fields map[string]string
}

func (e *writeErrors) field(f, msg string) {
	if e.fields == nil {
		e.fields = map[string]string{}
	}
	if _, seen := e.fields[f]; !seen {
		e.fields[f] = msg
	}
}

func (e *writeErrors) any() bool { return len(e.msgs) > 0 || len(e.fields) > 0 }

// op is one field operation: set, add, remove or edit.
type op struct {
	verb  string
	value json.RawMessage
}

// collectOps turns fields and update into per-field operations, refusing a
// field that appears in both.
func (u *issueUpdate) collectOps(errs *writeErrors) map[string][]op {
	ops := map[string][]op{}
	for f, v := range u.Fields {
		ops[f] = []op{{"set", v}}
	}
	for f, list := range u.Update {
		if _, dup := u.Fields[f]; dup {
			errs.field(f, "Field '"+f+"' cannot be set in both the fields and update sections.")
			continue
		}
		for _, raw := range list {
			var m map[string]json.RawMessage
			if err := json.Unmarshal(raw, &m); err != nil || len(m) != 1 {
				errs.field(f, "Operation value must be an object with exactly one of set, add, remove or edit.")
				continue
			}
			for verb, v := range m {
				ops[f] = append(ops[f], op{verb, v})
			}
		}
	}
	return ops
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// ref is an {id}, {key}, {name}, {value} or {accountId} reference.
type ref struct {
	ID        *json.RawMessage `json:"id"`
	Key       string           `json:"key"`
	Name      string           `json:"name"`
	Value     string           `json:"value"`
	AccountID *string          `json:"accountId"`
}

func (r ref) id() string {
	if r.ID == nil {
		return ""
	}
	var s string
	if json.Unmarshal(*r.ID, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(*r.ID, &n) == nil {
		return n.String()
	}
	return ""
}

func parseRef(raw json.RawMessage) (ref, bool) {
	var r ref
	if !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) || json.Unmarshal(raw, &r) != nil {
		return r, false
	}
	return r, true
}

func parseRefs(raw json.RawMessage) ([]ref, bool) {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil, false
	}
	out := make([]ref, 0, len(list))
	for _, x := range list {
		r, ok := parseRef(x)
		if !ok {
			return nil, false
		}
		out = append(out, r)
	}
	return out, true
}

// change records one history item.
func change(field, fieldID, fieldType, from, fromS, to, toS string) changeItem {
	p := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	return changeItem{Field: field, FieldID: fieldID, FieldType: fieldType, From: p(from), FromString: p(fromS), To: p(to), ToString: p(toS)}
}

// applier applies operations to a copy of an issue, collecting errors and
// history items; nothing is stored unless the caller commits.
type applier struct {
	c       *call
	is      *issue // the working copy
	proj    *project
	errs    writeErrors
	items   []changeItem
	comment json.RawMessage // an update.comment add, applied after commit
	// commentOK lets update.comment add a comment whatever the screen, as
	// an edit does; transitions need comment on their screen.
	commentOK bool
}

func cloneIssue(is *issue) *issue {
	cp := *is
	cp.Labels = slices.Clone(is.Labels)
	cp.Components = slices.Clone(is.Components)
	cp.FixVers = slices.Clone(is.FixVers)
	cp.AffVers = slices.Clone(is.AffVers)
	cp.Custom = map[string]any{}
	for k, v := range is.Custom {
		if l, ok := v.([]string); ok {
			v = slices.Clone(l)
		}
		cp.Custom[k] = v
	}
	return &cp
}

func (a *applier) names(kind string, ids []string) string {
	var out []string
	for _, id := range ids {
		out = append(out, a.displayName(kind, id))
	}
	return strings.Join(out, ", ")
}

func (a *applier) displayName(kind, id string) string {
	st := a.c.s.site
	switch kind {
	case "priority":
		for _, p := range st.priorities {
			if p.ID == id {
				return p.Name
			}
		}
	case "resolution":
		for _, r := range st.resolutions {
			if r.ID == id {
				return r.Name
			}
		}
	case "component":
		for _, c := range st.components {
			if c.ID == id {
				return c.Name
			}
		}
	case "version":
		for _, v := range st.versions {
			if v.ID == id {
				return v.Name
			}
		}
	case "user":
		if u := st.users[id]; u != nil {
			return u.DisplayName
		}
	case "status":
		if s := st.statuses[id]; s != nil {
			return s.Name
		}
	case "issuetype":
		if t := st.issueTypes[id]; t != nil {
			return t.Name
		}
	case "security":
		for _, sc := range st.security {
			for _, l := range sc.Levels {
				if l.ID == id {
					return l.Name
				}
			}
		}
	}
	return id
}

// apply runs ops for the fields on screen; fields off screen are refused.
func (a *applier) apply(ops map[string][]op, screen []string) {
	keys := make([]string, 0, len(ops))
	for k := range ops {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, f := range keys {
		if f == "comment" && (a.commentOK || slices.Contains(screen, "comment")) {
			a.applyComment(ops[f])
			continue
		}
		if !slices.Contains(screen, f) {
			a.errs.field(f, fmt.Sprintf(notOnScreenFmt, f))
			continue
		}
		for _, o := range ops[f] {
			a.applyOne(f, o)
		}
	}
}

func (a *applier) applyComment(ops []op) {
	for _, o := range ops {
		if o.verb != "add" {
			a.errs.field("comment", "Only the add operation is supported for comments here.")
			continue
		}
		var body struct {
			Body json.RawMessage `json:"body"`
		}
		if json.Unmarshal(o.value, &body) != nil || isNull(body.Body) {
			a.errs.field("comment", "Comment body can not be empty!")
			continue
		}
		if !isADFObject(body.Body) {
			a.errs.field("comment", "Comment body is not valid!")
			continue
		}
		if _, ok := parseADF(body.Body); !ok {
			a.errs.msgs = append(a.errs.msgs, "INVALID_INPUT")
			continue
		}
		a.comment = body.Body
	}
}

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
			a.errs.field(f, "Could not find resolution with id or name '"+firstNonEmpty(r.id(), r.Name)+"'.")
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
		key := firstNonEmpty(r.Key, r.id())
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

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
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

// optionValue finds an enabled option of the applicable context.
func (a *applier) optionValue(fd *fieldDef, v json.RawMessage) (string, bool) {
	r, ok := parseRef(v)
	if !ok {
		a.errs.field(fd.ID, "Could not find valid 'id' or 'value' in the Parent Option object.")
		return "", false
	}
	ctx := fd.contextFor(a.proj.ID, a.is.TypeID)
	if ctx != nil {
		for _, o := range ctx.Options {
			if !o.Disabled && (o.ID == r.id() || (r.Value != "" && o.Value == r.Value)) {
				return o.ID, true
			}
		}
	}
	if r.id() != "" {
		a.errs.field(fd.ID, "Option id '"+r.id()+"' is not valid")
	} else {
		a.errs.field(fd.ID, "Option value '"+r.Value+"' is not valid")
	}
	return "", false
}

func (a *applier) optionName(fd *fieldDef, id string) string {
	for _, ctx := range fd.Contexts {
		for _, o := range ctx.Options {
			if o.ID == id {
				return o.Value
			}
		}
	}
	return id
}

func (a *applier) applyMultiSelect(fd *fieldDef, o op) {
	cur, _ := a.is.Custom[fd.ID].([]string)
	var ids []string
	switch o.verb {
	case "set":
		if isNull(o.value) {
			break
		}
		var list []json.RawMessage
		if json.Unmarshal(o.value, &list) != nil {
			a.errs.field(fd.ID, "Operation value must be an array of options.")
			return
		}
		for _, x := range list {
			id, ok := a.optionValue(fd, x)
			if !ok {
				return
			}
			ids = append(ids, id)
		}
	case "add", "remove":
		id, ok := a.optionValue(fd, o.value)
		if !ok {
			return
		}
		ids = []string{id}
	default:
		a.errs.field(fd.ID, fmt.Sprintf("Field '%s' does not support the '%s' operation.", fd.ID, o.verb))
		return
	}
	before := slices.Clone(cur)
	next := setOp(slices.Clone(cur), ids, o.verb)
	if !slices.Equal(before, next) {
		var bn, an []string
		for _, id := range before {
			bn = append(bn, a.optionName(fd, id))
		}
		for _, id := range next {
			an = append(an, a.optionName(fd, id))
		}
		a.items = append(a.items, change(fd.Name, fd.ID, "custom", "", strings.Join(bn, ","), "", strings.Join(an, ",")))
	}
	if len(next) == 0 {
		delete(a.is.Custom, fd.ID)
	} else {
		a.is.Custom[fd.ID] = next
	}
}

func (a *applier) applyCustom(fd *fieldDef, v json.RawMessage) {
	is := a.is
	old := is.Custom[fd.ID]
	var next any
	var fromS, toS string
	switch fd.CustomType {
	case "select":
		if !isNull(v) {
			id, ok := a.optionValue(fd, v)
			if !ok {
				return
			}
			next, toS = id, a.optionName(fd, id)
		}
		if s, ok := old.(string); ok {
			fromS = a.optionName(fd, s)
		}
	case "textfield":
		if !isNull(v) {
			var s string
			if json.Unmarshal(v, &s) != nil {
				a.errs.field(fd.ID, "Operation value must be a string")
				return
			}
			if len([]rune(s)) > 255 {
				a.errs.field(fd.ID, "The entered text is too long. It exceeds the allowed limit of 255 characters.")
				return
			}
			next, toS = s, s
		}
		fromS, _ = old.(string)
	case "textarea":
		doc, ok := a.adfValue(fd.ID, v)
		if !ok {
			return
		}
		if doc != nil {
			next, toS = doc, plainOf(doc)
		}
		if r, ok := old.(json.RawMessage); ok {
			fromS = plainOf(r)
		}
	case "float":
		if !isNull(v) {
			var n float64
			if json.Unmarshal(v, &n) != nil {
				a.errs.field(fd.ID, "Operation value must be a number")
				return
			}
			next, toS = n, strconv.FormatFloat(n, 'f', -1, 64)
		}
		if n, ok := old.(float64); ok {
			fromS = strconv.FormatFloat(n, 'f', -1, 64)
		}
	case "datepicker":
		d, ok := a.dateValue(fd.ID, v)
		if !ok {
			return
		}
		if d != "" {
			next, toS = d, d
		}
		fromS, _ = old.(string)
	case "userpicker":
		id, ok := a.userValue(fd.ID, v)
		if !ok {
			return
		}
		if id != "" {
			next, toS = id, a.displayName("user", id)
		}
		if s, ok := old.(string); ok {
			fromS = a.displayName("user", s)
		}
	default:
		a.errs.field(fd.ID, fmt.Sprintf(notOnScreenFmt, fd.ID))
		return
	}
	if fromS != toS || (old == nil) != (next == nil) {
		a.items = append(a.items, change(fd.Name, fd.ID, "custom", "", fromS, "", toS))
	}
	if next == nil {
		delete(is.Custom, fd.ID)
	} else {
		is.Custom[fd.ID] = next
	}
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

// validProperties checks entity properties as Jira does.
func validProperties(props []entityProperty) string {
	for _, p := range props {
		if strings.TrimSpace(p.Key) == "" {
			return "The property key cannot be empty."
		}
		if len(p.Key) > 255 {
			return "The property key cannot be longer than 255 characters."
		}
		if isNull(p.Value) {
			return "The property value cannot be null."
		}
		if len(p.Value) > 32768 {
			return "The property value cannot be longer than 32768 characters."
		}
	}
	return ""
}

// commit stores the working copy's changes with one history entry.
func (a *applier) commit(orig *issue) {
	now := a.c.now
	*orig = *a.is
	if len(a.items) > 0 {
		orig.History = append(orig.History, &history{ID: a.c.s.site.newID(), AuthorID: a.c.user.AccountID, Created: now, Items: a.items})
		orig.Updated = now
	}
	if a.comment != nil {
		addComment(a.c, orig, a.comment, nil, nil)
	}
}

func addComment(c *call, is *issue, body json.RawMessage, vis json.RawMessage, props []entityProperty) *comment {
	var buf bytes.Buffer
	_ = json.Compact(&buf, body)
	cm := &comment{ID: c.s.site.newID(), AuthorID: c.user.AccountID, UpdaterID: c.user.AccountID, Body: buf.Bytes(),
		Created: c.now, Updated: c.now, Visibility: vis, Props: map[string]json.RawMessage{}}
	for _, p := range props {
		cm.Props[p.Key] = p.Value
	}
	is.Comments = append(is.Comments, cm)
	is.Updated = c.now
	return cm
}
