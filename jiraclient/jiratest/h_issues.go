package jiratest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

func (c *call) issueNotFound() response { return errMsg(http.StatusNotFound, issueNotFoundMsg) }

// hIssueGet: fields default to all; properties and expand as Jira reads them.
func (s *Sim) hIssueGet(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	var props []string
	for _, v := range c.q["properties"] {
		for _, k := range strings.Split(v, ",") {
			if k = strings.TrimSpace(k); k != "" {
				props = append(props, k)
			}
		}
	}
	return jsonResp(http.StatusOK, c.issueOut(is, issueOpts{
		fields: parseFieldSel(c.q["fields"], "*all"), expand: parseExpand(c.q.Get("expand")), properties: props,
	}))
}

func (c *call) requireUser() (response, bool) {
	if c.user == nil {
		return c.unauthorized(), false
	}
	return response{}, true
}

func (s *Sim) hIssueCreate(c *call) response {
	var in issueUpdate
	if r, ok := c.decodeJSON(&in); !ok {
		return r
	}
	st := s.site
	var errs writeErrors
	ops := in.collectOps(&errs)

	// Project and issue type decide the screen; read them first.
	var proj *project
	if raw, ok := in.Fields["project"]; ok {
		r, _ := parseRef(raw)
		key := cmp.Or(r.id(), r.Key)
		if proj = c.visibleProject(key); proj == nil {
			errs.field("project", "valid project is required")
		}
	} else {
		errs.field("project", "Specify a valid project ID or key")
	}
	var it *issueType
	if raw, ok := in.Fields["issuetype"]; ok {
		r, _ := parseRef(raw)
		for _, x := range st.issueTypes {
			if (r.id() != "" && x.ID == r.id()) || (r.Name != "" && strings.EqualFold(x.Name, r.Name)) {
				it = x
			}
		}
		if it == nil || (proj != nil && !slices.Contains(proj.IssueTypes, it.ID)) {
			errs.field("issuetype", "The issue type selected is invalid.")
			it = nil
		}
	} else {
		errs.field("issuetype", "Specify an issue type")
	}
	if proj == nil || it == nil {
		return errResp(http.StatusBadRequest, errs.msgs, errs.fields)
	}
	if msg := validProperties(in.Properties); msg != "" {
		return errMsg(http.StatusBadRequest, msg)
	}

	is := &issue{ProjectID: proj.ID, TypeID: it.ID, StatusID: st.workflows[it.Workflow].Initial, PriorityID: defaultPriority(st),
		Reporter: c.user.AccountID, Creator: c.user.AccountID, Custom: map[string]any{}, Props: map[string]json.RawMessage{}}
	a := &applier{c: c, is: is, proj: proj, errs: errs}
	delete(ops, "project")
	delete(ops, "issuetype")
	screen := st.createScreen[it.ID]
	if _, ok := ops["comment"]; ok {
		a.errs.field("comment", fmt.Sprintf(notOnScreenFmt, "comment"))
		delete(ops, "comment")
	}
	a.apply(ops, screen)
	if _, ok := ops["assignee"]; !ok {
		is.Assignee = c.defaultAssignee(proj)
	}
	if _, ok := ops["summary"]; !ok {
		a.errs.field("summary", "You must specify a summary of the issue.")
	}
	if it.Subtask && is.Parent == "" && a.errs.fields["parent"] == "" {
		a.errs.msgs = append(a.errs.msgs, "Issue type is a sub-task but parent issue key or id not specified.")
	}
	if a.errs.any() {
		return errResp(http.StatusBadRequest, a.errs.msgs, a.errs.fields)
	}
	var trans *transitionDef
	if in.Transition != nil {
		if trans = c.findTransition(is, in.Transition.ID); trans == nil {
			return errMsg(http.StatusBadRequest, "Transition id '"+in.Transition.ID+"' is not valid for this issue.")
		}
	}

	proj.nextIssue++
	is.ID = st.newID()
	is.Key = proj.Key + "-" + strconv.Itoa(proj.nextIssue)
	is.Created, is.Updated = c.now, c.now
	for _, p := range in.Properties {
		is.Props[p.Key] = compactJSON(p.Value)
	}
	st.issues = append(st.issues, is)
	st.index(is)
	out := map[string]any{"id": is.ID, "key": is.Key, "self": c.issueSelf(is)}
	if trans != nil {
		c.moveStatus(is, trans, nil)
		out["transition"] = map[string]any{"status": 200, "errorCollection": errorCollection{ErrorMessages: []string{}, Errors: map[string]string{}}}
	}
	return jsonResp(http.StatusCreated, out)
}

func defaultPriority(st *site) string {
	for _, p := range st.priorities {
		if p.IsDefault {
			return p.ID
		}
	}
	return st.priorities[0].ID
}

func compactJSON(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return raw
	}
	return buf.Bytes()
}

func (s *Sim) hIssueEdit(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	if r, ok := c.requireUser(); !ok {
		return r
	}
	if (c.q.Get("overrideScreenSecurity") == "true" || c.q.Get("overrideEditableFlag") == "true") && !c.user.Admin {
		return errMsg(http.StatusForbidden, "You don't have the permission to override the screen security or editable flag.")
	}
	var in issueUpdate
	if r, ok := c.decodeJSON(&in); !ok {
		return r
	}
	if in.Transition != nil {
		// "issue transition is not supported and is ignored here"
		in.Transition = nil
	}
	if msg := validProperties(in.Properties); msg != "" {
		return errMsg(http.StatusBadRequest, msg)
	}
	a := &applier{c: c, is: cloneIssue(is), proj: c.visibleProject(is.ProjectID), commentOK: true}
	ops := in.collectOps(&a.errs)
	a.apply(ops, s.site.editScreen[is.TypeID])
	if a.errs.any() {
		return errResp(http.StatusBadRequest, a.errs.msgs, a.errs.fields)
	}
	a.commit(is)
	for _, p := range in.Properties {
		is.Props[p.Key] = compactJSON(p.Value)
	}
	if c.q.Get("returnIssue") == "true" {
		return jsonResp(http.StatusOK, c.issueOut(is, issueOpts{fields: parseFieldSel(nil, "*all"), expand: parseExpand(c.q.Get("expand"))}))
	}
	return noContent()
}

func (c *call) editMeta(is *issue) map[string]any {
	fields := map[string]fieldMetaJSON{}
	if c.user != nil {
		p := c.visibleProject(is.ProjectID)
		for _, id := range c.s.site.editScreen[is.TypeID] {
			m := c.fieldMeta(p, is.TypeID, id, false)
			fields[id] = m
		}
		fields["comment"] = c.fieldMeta(p, is.TypeID, "comment", false)
	}
	return map[string]any{"fields": fields}
}

func (s *Sim) hEditMeta(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	return jsonResp(http.StatusOK, c.editMeta(is))
}

// Issue properties.

func (s *Sim) hPropertyKeys(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	keys := make([]string, 0, len(is.Props))
	for k := range is.Props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := []map[string]string{}
	for _, k := range keys {
		out = append(out, map[string]string{"key": k, "self": c.issueSelf(is) + "/properties/" + k})
	}
	return jsonResp(http.StatusOK, map[string]any{"keys": out})
}

func (s *Sim) hPropertyGet(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	v, ok := is.Props[c.p["propertyKey"]]
	if !ok {
		return errMsg(http.StatusNotFound, "The property with key '"+c.p["propertyKey"]+"' does not exist.")
	}
	return jsonResp(http.StatusOK, map[string]any{"key": c.p["propertyKey"], "value": v})
}

func (s *Sim) hPropertySet(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	if r, ok := c.requireUser(); !ok {
		return r
	}
	key := c.p["propertyKey"]
	if len(c.body) == 0 || !json.Valid(c.body) {
		return errMsg(http.StatusBadRequest, "The property value must be valid JSON.")
	}
	if msg := validProperties([]entityProperty{{Key: key, Value: c.body}}); msg != "" {
		return errMsg(http.StatusBadRequest, msg)
	}
	_, existed := is.Props[key]
	is.Props[key] = compactJSON(c.body)
	if existed {
		return response{status: http.StatusOK}
	}
	return response{status: http.StatusCreated}
}

func (s *Sim) hPropertyDelete(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	if r, ok := c.requireUser(); !ok {
		return r
	}
	if _, ok := is.Props[c.p["propertyKey"]]; !ok {
		return errMsg(http.StatusNotFound, "The property with key '"+c.p["propertyKey"]+"' does not exist.")
	}
	delete(is.Props, c.p["propertyKey"])
	return noContent()
}

func (s *Sim) hChangelog(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	list := make([]historyJSON, 0, len(is.History))
	for _, h := range is.History {
		list = append(list, c.historyOut(h))
	}
	return jsonResp(http.StatusOK, page(c, list, 100, 100))
}

// hBulkFetch returns up to 100 issues in ascending id order; ids or keys
// that match nothing visible are left out without an error entry (Jira lists
// only retriable failures in issueErrors).
func (s *Sim) hBulkFetch(c *call) response {
	var in struct {
		IssueIdsOrKeys []string `json:"issueIdsOrKeys"`
		Fields         []string `json:"fields"`
		Expand         []string `json:"expand"`
		Properties     []string `json:"properties"`
		FieldsByKeys   bool     `json:"fieldsByKeys"`
	}
	if r, ok := c.decodeJSON(&in); !ok {
		return r
	}
	if len(in.IssueIdsOrKeys) == 0 || len(in.IssueIdsOrKeys) > 100 {
		return errMsg(http.StatusBadRequest, "Provide between 1 and 100 issue ids or keys.")
	}
	if len(in.Properties) > 5 {
		return errMsg(http.StatusBadRequest, "You can request up to 5 issue properties.")
	}
	seen := map[string]bool{}
	var found []*issue
	for _, k := range in.IssueIdsOrKeys {
		if is := c.visibleIssue(k); is != nil && !seen[is.ID] {
			seen[is.ID] = true
			found = append(found, is)
		}
	}
	slices.SortFunc(found, func(a, b *issue) int {
		x, _ := strconv.Atoi(a.ID)
		y, _ := strconv.Atoi(b.ID)
		return x - y
	})
	opts := issueOpts{fields: parseFieldSel(in.Fields, "*navigable"), expand: parseExpand(strings.Join(in.Expand, ",")), properties: in.Properties}
	list := make([]map[string]any, 0, len(found))
	for _, is := range found {
		list = append(list, c.issueOut(is, opts))
	}
	return jsonResp(http.StatusOK, map[string]any{"issues": list, "issueErrors": []any{}})
}

// hIssueDelete: only administrators hold Delete issues here; an issue with
// subtasks goes only with deleteSubtasks=true.
func (s *Sim) hIssueDelete(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	if r, ok := c.requireUser(); !ok {
		return r
	}
	if !c.user.Admin {
		return errMsg(http.StatusForbidden, "You do not have permission to delete issues in this project.")
	}
	var subs []*issue
	for _, x := range s.site.issues {
		if x.Parent == is.ID && s.site.issueTypes[x.TypeID].Subtask {
			subs = append(subs, x)
		}
	}
	if len(subs) > 0 && c.q.Get("deleteSubtasks") != "true" {
		return errMsg(http.StatusBadRequest, "The issue has subtasks. Set 'deleteSubtasks' to true to delete them with the issue.")
	}
	for _, x := range append(subs, is) {
		s.site.remove(x)
	}
	return noContent()
}
