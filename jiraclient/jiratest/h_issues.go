package jiratest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
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

// searchRequest is the common form of GET and POST /search/jql.
type searchRequest struct {
	JQL             string   `json:"jql"`
	NextPageToken   string   `json:"nextPageToken"`
	MaxResults      *int     `json:"maxResults"`
	Fields          []string `json:"fields"`
	Expand          string   `json:"expand"`
	Properties      []string `json:"properties"`
	FieldsByKeys    bool     `json:"fieldsByKeys"`
	FailFast        bool     `json:"failFast"`
	ReconcileIssues []int64  `json:"reconcileIssues"`
}

func (s *Sim) hSearchJQLGet(c *call) response {
	req := searchRequest{JQL: c.q.Get("jql"), NextPageToken: c.q.Get("nextPageToken"), Fields: c.q["fields"],
		Expand: c.q.Get("expand"), Properties: c.q["properties"]}
	for _, v := range c.q["reconcileIssues"] {
		for _, id := range strings.Split(v, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
			if err != nil {
				return errMsg(http.StatusBadRequest, "reconcileIssues must be issue ids.")
			}
			req.ReconcileIssues = append(req.ReconcileIssues, n)
		}
	}
	if v := c.q.Get("maxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return errMsg(http.StatusBadRequest, "The maxResults parameter must be a number.")
		}
		req.MaxResults = &n
	}
	return s.search(c, req)
}

func (s *Sim) hSearchJQLPost(c *call) response {
	var req searchRequest
	if r, ok := c.decodeJSON(&req); !ok {
		return r
	}
	return s.search(c, req)
}

// pageToken binds a page offset to the query it belongs to.
func pageToken(jql string, offset int) string {
	h := fnv.New32a()
	h.Write([]byte(jql))
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%d:%08x", offset, h.Sum32())))
}

func readPageToken(tok, jql string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	off, sum, ok := strings.Cut(string(raw), ":")
	n, err := strconv.Atoi(off)
	if !ok || err != nil || n < 0 {
		return 0, false
	}
	return n, pageToken(jql, n) == tok && sum != ""
}

func (s *Sim) search(c *call, req searchRequest) response {
	if len(req.Properties) > 5 {
		return errMsg(http.StatusBadRequest, "You can request up to 5 issue properties.")
	}
	if len(req.ReconcileIssues) > 50 {
		return errMsg(http.StatusBadRequest, "You can reconcile up to 50 issues.")
	}
	q, err := c.parseJQL(req.JQL)
	if err != nil {
		return errMsg(http.StatusBadRequest, err.Error())
	}
	if q.where == nil {
		return errMsg(http.StatusBadRequest, "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.")
	}
	fs := parseFieldSel(req.Fields, "id")
	limit, max := 50, 100
	if fs.idOnly() {
		max = 5000
	}
	if req.MaxResults != nil {
		limit = *req.MaxResults
	}
	if limit < 0 {
		return errMsg(http.StatusBadRequest, "The maxResults parameter must be zero or more.")
	}
	limit = min(limit, max)
	offset := 0
	if req.NextPageToken != "" {
		var ok bool
		if offset, ok = readPageToken(req.NextPageToken, req.JQL); !ok {
			return errMsg(http.StatusBadRequest, "The provided next page token is invalid or expired.")
		}
	}
	reconciled := map[string]bool{}
	for _, id := range req.ReconcileIssues {
		reconciled[strconv.FormatInt(id, 10)] = true
	}
	var hits []*issue
	for _, is := range s.site.issues {
		if lag := s.cfg.indexLag; lag > 0 && c.now.Before(is.Updated.Add(lag)) && !reconciled[is.ID] {
			continue // not indexed yet
		}
		if c.visibleProject(is.ProjectID) != nil && q.where.eval(is) {
			hits = append(hits, is)
		}
	}
	c.sortIssues(hits, q.order)
	page := []*issue{}
	if offset < len(hits) {
		page = hits[offset:min(len(hits), offset+limit)]
	}
	opts := issueOpts{fields: fs, expand: parseExpand(req.Expand), properties: req.Properties, inSearch: true}
	out := map[string]any{}
	list := make([]map[string]any, 0, len(page))
	for _, is := range page {
		list = append(list, c.issueOut(is, opts))
	}
	out["issues"] = list
	last := offset+len(page) >= len(hits)
	out["isLast"] = last
	if !last {
		out["nextPageToken"] = pageToken(req.JQL, offset+len(page))
	}
	if opts.expand["names"] || opts.expand["schema"] {
		names, schemas := map[string]string{}, map[string]schemaJSON{}
		for _, f := range s.site.fields {
			if fs.wants(f.ID) {
				names[f.ID] = f.Name
				schemas[f.ID] = f.schema()
			}
		}
		if opts.expand["names"] {
			out["names"] = names
		}
		if opts.expand["schema"] {
			out["schema"] = schemas
		}
	}
	return jsonResp(http.StatusOK, out)
}

// hRemovedSearch is the old /search, gone since CHANGE-2046.
func (s *Sim) hRemovedSearch(c *call) response {
	return errMsg(http.StatusGone, "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046")
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
		key := firstNonEmpty(r.id(), r.Key)
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

// Transitions.

func (c *call) findTransition(is *issue, id string) *transitionDef {
	for _, t := range c.transitionsFrom(is) {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// transitionsFrom lists the transitions of the issue's workflow that apply
// to its current status (a global transition to the current status is left
// out, as Jira's issue view does).
func (c *call) transitionsFrom(is *issue) []*transitionDef {
	wf := c.workflowOf(is.TypeID)
	var out []*transitionDef
	for i := range wf.Transitions {
		t := &wf.Transitions[i]
		if t.To == is.StatusID {
			continue
		}
		if len(t.From) == 0 || slices.Contains(t.From, is.StatusID) {
			out = append(out, t)
		}
	}
	return out
}

type transitionJSON struct {
	ID            string                   `json:"id"`
	Name          string                   `json:"name"`
	To            statusJSON               `json:"to"`
	HasScreen     bool                     `json:"hasScreen"`
	IsGlobal      bool                     `json:"isGlobal"`
	IsInitial     bool                     `json:"isInitial"`
	IsAvailable   bool                     `json:"isAvailable"`
	IsConditional bool                     `json:"isConditional"`
	IsLooped      bool                     `json:"isLooped"`
	Fields        map[string]fieldMetaJSON `json:"fields,omitempty"`
}

func (c *call) availableTransitions(is *issue, withFields bool, only string) []transitionJSON {
	out := []transitionJSON{}
	if c.user == nil {
		return out // no Transition issues permission
	}
	p := c.visibleProject(is.ProjectID)
	for _, t := range c.transitionsFrom(is) {
		if only != "" && t.ID != only {
			continue
		}
		j := transitionJSON{ID: t.ID, Name: t.Name, To: c.statusOut(t.To), HasScreen: t.HasScreen, IsGlobal: len(t.From) == 0, IsAvailable: true}
		if withFields {
			j.Fields = map[string]fieldMetaJSON{}
			for _, f := range t.Fields {
				m := c.fieldMeta(p, is.TypeID, f, false)
				if f == "resolution" {
					m.Required = true
				}
				j.Fields[f] = m
			}
		}
		out = append(out, j)
	}
	return out
}

func (s *Sim) hTransitionsGet(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	withFields := parseExpand(c.q.Get("expand"))["transitions.fields"]
	return jsonResp(http.StatusOK, map[string]any{"expand": "transitions", "transitions": c.availableTransitions(is, withFields, c.q.Get("transitionId"))})
}

func (s *Sim) hTransitionsDo(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	if r, ok := c.requireUser(); !ok {
		return r
	}
	var in issueUpdate
	if r, ok := c.decodeJSON(&in); !ok {
		return r
	}
	if in.Transition == nil || in.Transition.ID == "" {
		return errMsg(http.StatusBadRequest, "Missing 'transition' identifier")
	}
	t := c.findTransition(is, in.Transition.ID)
	if t == nil {
		return errMsg(http.StatusBadRequest, "Transition id '"+in.Transition.ID+"' is not valid for this issue.")
	}
	a := &applier{c: c, is: cloneIssue(is), proj: c.visibleProject(is.ProjectID)}
	ops := in.collectOps(&a.errs)
	a.apply(ops, t.Fields)
	if a.errs.any() {
		return errResp(http.StatusBadRequest, a.errs.msgs, a.errs.fields)
	}
	_, resolutionGiven := ops["resolution"]
	a.commit(is)
	c.moveStatus(is, t, &resolutionGiven)
	return noContent()
}

// moveStatus changes the status with the history Jira writes, setting the
// resolution on entering a done status and clearing it on leaving one.
func (c *call) moveStatus(is *issue, t *transitionDef, resolutionGiven *bool) {
	st := c.s.site
	from := is.StatusID
	items := []changeItem{change("status", "status", "jira", from, st.statuses[from].Name, t.To, st.statuses[t.To].Name)}
	toDone := st.statuses[t.To].Category == catDone
	switch {
	case toDone && is.Resolution == "" && (resolutionGiven == nil || !*resolutionGiven):
		is.Resolution = st.resolutions[0].ID
		is.Resolved = c.now
		items = append(items, change("resolution", "resolution", "jira", "", "", is.Resolution, st.resolutions[0].Name))
	case !toDone && is.Resolution != "":
		items = append(items, change("resolution", "resolution", "jira", is.Resolution, (&applier{c: c}).displayName("resolution", is.Resolution), "", ""))
		is.Resolution = ""
		is.Resolved = time.Time{}
	}
	is.StatusID = t.To
	items = c.postFunctions(is, t, items)
	is.History = append(is.History, &history{ID: st.newID(), AuthorID: c.user.AccountID, Created: c.now, Items: items})
	is.Updated = c.now
}

// Comments.

func (s *Sim) hCommentsGet(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	cs := slices.Clone(is.Comments)
	switch c.q.Get("orderBy") {
	case "", "created", "+created":
	case "-created":
		slices.Reverse(cs)
	default:
		return errMsg(http.StatusBadRequest, "orderBy must be 'created', '+created' or '-created'.")
	}
	ex := parseExpand(c.q.Get("expand"))
	startAt, maxResults := c.paging(100, 5000)
	list := []commentJSON{}
	for i := startAt; i < len(cs) && i < startAt+maxResults; i++ {
		list = append(list, c.commentOut(is, cs[i], ex["renderedBody"], ex["properties"]))
	}
	return jsonResp(http.StatusOK, map[string]any{"startAt": startAt, "maxResults": maxResults, "total": len(cs), "comments": list})
}

type commentIn struct {
	Body       json.RawMessage  `json:"body"`
	Visibility json.RawMessage  `json:"visibility"`
	Properties []entityProperty `json:"properties"`
}

func (s *Sim) hCommentAdd(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	if r, ok := c.requireUser(); !ok {
		return r
	}
	var in commentIn
	if r, ok := c.decodeJSON(&in); !ok {
		return r
	}
	if isNull(in.Body) {
		return fieldErr(http.StatusBadRequest, "comment", "Comment body can not be empty!")
	}
	if !isADFObject(in.Body) {
		return fieldErr(http.StatusBadRequest, "comment", "Comment body is not valid!")
	}
	if _, ok := parseADF(in.Body); !ok {
		return errMsg(http.StatusBadRequest, "INVALID_INPUT")
	}
	if len(in.Visibility) > 0 && !isNull(in.Visibility) {
		var v struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		}
		if json.Unmarshal(in.Visibility, &v) != nil || (v.Type != "role" && v.Type != "group") || v.Value == "" {
			return fieldErr(http.StatusBadRequest, "commentLevel", "You are currently not a member of the project role: "+v.Value+".")
		}
	}
	if msg := validProperties(in.Properties); msg != "" {
		return errMsg(http.StatusBadRequest, msg)
	}
	cm := addComment(c, is, in.Body, in.Visibility, in.Properties)
	ex := parseExpand(c.q.Get("expand"))
	return jsonResp(http.StatusCreated, c.commentOut(is, cm, ex["renderedBody"], ex["properties"]))
}

// Issue links.

type linkIn struct {
	Type         ref             `json:"type"`
	InwardIssue  ref             `json:"inwardIssue"`
	OutwardIssue ref             `json:"outwardIssue"`
	Comment      json.RawMessage `json:"comment"`
}

func (s *Sim) hLinkCreate(c *call) response {
	if r, ok := c.requireUser(); !ok {
		return r
	}
	var in linkIn
	if r, ok := c.decodeJSON(&in); !ok {
		return r
	}
	var lt *linkType
	for _, x := range s.site.linkTypes {
		if x.ID == in.Type.id() || (in.Type.Name != "" && strings.EqualFold(x.Name, in.Type.Name)) {
			lt = x
		}
	}
	if lt == nil {
		return errMsg(http.StatusNotFound, "No issue link type with name '"+firstNonEmpty(in.Type.Name, in.Type.id())+"' found.")
	}
	src := c.visibleIssue(firstNonEmpty(in.InwardIssue.Key, in.InwardIssue.id()))
	dst := c.visibleIssue(firstNonEmpty(in.OutwardIssue.Key, in.OutwardIssue.id()))
	if src == nil || dst == nil {
		return errMsg(http.StatusNotFound, issueNotFoundMsg)
	}
	if src.ID == dst.ID {
		return errMsg(http.StatusBadRequest, "You cannot link an issue to itself.")
	}
	var cbody json.RawMessage
	if !isNull(in.Comment) {
		var cm commentIn
		if json.Unmarshal(in.Comment, &cm) != nil || !isADFObject(cm.Body) {
			return fieldErr(http.StatusBadRequest, "comment", "Comment body is not valid!")
		}
		if _, ok := parseADF(cm.Body); !ok {
			return errMsg(http.StatusBadRequest, "INVALID_INPUT")
		}
		cbody = cm.Body
	}
	for _, l := range s.site.links {
		if l.TypeID == lt.ID && l.Source == src.ID && l.Target == dst.ID {
			return response{status: http.StatusCreated} // duplicates report success
		}
	}
	s.site.links = append(s.site.links, &issueLink{ID: s.site.newID(), TypeID: lt.ID, Source: src.ID, Target: dst.ID})
	for _, x := range []struct {
		is, other *issue
		verb      string
	}{{src, dst, lt.Outward}, {dst, src, lt.Inward}} {
		x.is.History = append(x.is.History, &history{ID: s.site.newID(), AuthorID: c.user.AccountID, Created: c.now,
			Items: []changeItem{change("Link", "", "jira", "", "", x.other.Key, "This issue "+x.verb+" "+x.other.Key)}})
		x.is.Updated = c.now
	}
	if cbody != nil {
		addComment(c, dst, cbody, nil, nil)
	}
	return response{status: http.StatusCreated}
}

func (c *call) findLink(id string) *issueLink {
	for _, l := range c.s.site.links {
		if l.ID == id && c.visibleIssue(l.Source) != nil && c.visibleIssue(l.Target) != nil {
			return l
		}
	}
	return nil
}

func (s *Sim) hLinkGet(c *call) response {
	if _, err := strconv.ParseInt(c.p["linkId"], 10, 64); err != nil {
		return errMsg(http.StatusBadRequest, "The issue link ID must be a number.")
	}
	l := c.findLink(c.p["linkId"])
	if l == nil {
		return errMsg(http.StatusNotFound, "No issue link with id '"+c.p["linkId"]+"' exists.")
	}
	return jsonResp(http.StatusOK, map[string]any{"id": l.ID, "self": c.base + "/rest/api/3/issueLink/" + l.ID,
		"type": c.linkTypeOut(c.linkType(l.TypeID)), "inwardIssue": c.linkedIssueRef(l.Source), "outwardIssue": c.linkedIssueRef(l.Target)})
}

func (s *Sim) hLinkDelete(c *call) response {
	if r, ok := c.requireUser(); !ok {
		return r
	}
	l := c.findLink(c.p["linkId"])
	if l == nil {
		return errMsg(http.StatusNotFound, "No issue link with id '"+c.p["linkId"]+"' exists.")
	}
	s.site.links = slices.DeleteFunc(s.site.links, func(x *issueLink) bool { return x == l })
	for _, id := range []string{l.Source, l.Target} {
		s.site.issueByID[id].Updated = c.now
	}
	return noContent()
}

// Remote links.

func (c *call) remoteOut(is *issue, rl *remoteLink) map[string]any {
	m := map[string]any{"id": rl.ID, "self": c.issueSelf(is) + "/remotelink/" + strconv.FormatInt(rl.ID, 10),
		"relationship": rl.Relationship, "object": rl.Object}
	if rl.GlobalID != "" {
		m["globalId"] = rl.GlobalID
	}
	if len(rl.Application) > 0 {
		m["application"] = rl.Application
	} else {
		m["application"] = map[string]any{}
	}
	return m
}

func (s *Sim) hRemoteLinksGet(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	if g := c.q.Get("globalId"); g != "" {
		for _, rl := range is.Remote {
			if rl.GlobalID == g {
				return jsonResp(http.StatusOK, c.remoteOut(is, rl))
			}
		}
		return errMsg(http.StatusNotFound, "No remote link with global id '"+g+"' found for this issue.")
	}
	out := []map[string]any{}
	for _, rl := range is.Remote {
		out = append(out, c.remoteOut(is, rl))
	}
	return jsonResp(http.StatusOK, out)
}

func (s *Sim) hRemoteLinkUpsert(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	if r, ok := c.requireUser(); !ok {
		return r
	}
	var in struct {
		GlobalID     string          `json:"globalId"`
		Application  json.RawMessage `json:"application"`
		Relationship string          `json:"relationship"`
		Object       json.RawMessage `json:"object"`
	}
	if r, ok := c.decodeJSON(&in); !ok {
		return r
	}
	var obj struct {
		URL   string `json:"url"`
		Title string `json:"title"`
	}
	if isNull(in.Object) || json.Unmarshal(in.Object, &obj) != nil {
		return fieldErr(http.StatusBadRequest, "object", "The remote link object is required.")
	}
	errs := map[string]string{}
	if obj.URL == "" {
		errs["url"] = "The URL for the remote link is required."
	}
	if obj.Title == "" {
		errs["title"] = "The title for the remote link is required."
	}
	if len(in.GlobalID) > 255 {
		errs["globalId"] = "The global ID must not be longer than 255 characters."
	}
	if len(errs) > 0 {
		return errResp(http.StatusBadRequest, nil, errs)
	}
	rel := in.Relationship
	if rel == "" {
		rel = "links to"
	}
	if in.GlobalID != "" {
		for _, rl := range is.Remote {
			if rl.GlobalID == in.GlobalID {
				// An update replaces the link: omitted fields become empty.
				rl.Relationship, rl.Application, rl.Object = rel, compactJSON(in.Application), compactJSON(in.Object)
				return jsonResp(http.StatusOK, map[string]any{"id": rl.ID, "self": c.issueSelf(is) + "/remotelink/" + strconv.FormatInt(rl.ID, 10)})
			}
		}
	}
	s.site.nextRemoteID++
	rl := &remoteLink{ID: s.site.nextRemoteID, GlobalID: in.GlobalID, Relationship: rel, Object: compactJSON(in.Object)}
	if !isNull(in.Application) {
		rl.Application = compactJSON(in.Application)
	}
	is.Remote = append(is.Remote, rl)
	return jsonResp(http.StatusCreated, map[string]any{"id": rl.ID, "self": c.issueSelf(is) + "/remotelink/" + strconv.FormatInt(rl.ID, 10)})
}

func (s *Sim) hRemoteLinkDelete(c *call) response {
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		return c.issueNotFound()
	}
	if r, ok := c.requireUser(); !ok {
		return r
	}
	g := c.q.Get("globalId")
	if g == "" {
		return errMsg(http.StatusBadRequest, "A global ID must be provided.")
	}
	n := len(is.Remote)
	is.Remote = slices.DeleteFunc(is.Remote, func(rl *remoteLink) bool { return rl.GlobalID == g })
	if len(is.Remote) == n {
		return errMsg(http.StatusNotFound, "No remote link with global id '"+g+"' found for this issue.")
	}
	return noContent()
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
