package jiratest

import (
	"encoding/json"
	"net/http"
	"slices"
)

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
