package jiratest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The issue link and remote link handlers.

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
		return errMsg(http.StatusNotFound, "No issue link type with name '"+cmp.Or(in.Type.Name, in.Type.id())+"' found.")
	}
	src := c.visibleIssue(cmp.Or(in.InwardIssue.Key, in.InwardIssue.id()))
	dst := c.visibleIssue(cmp.Or(in.OutwardIssue.Key, in.OutwardIssue.id()))
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
