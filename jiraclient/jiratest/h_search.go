package jiratest

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
)

// The issue search handlers: JQL search by GET and POST, pages and the removed endpoint.

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
