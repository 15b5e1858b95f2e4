package jiratest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
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
