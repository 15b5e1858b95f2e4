package jiratest

import (
	"net/http"
	"net/url"
	"strings"
)

// access says who may call a route, as Jira decides it.
type access int

const (
	// needsLogin answers 401 without valid credentials (e.g. /myself).
	needsLogin access = iota
	// anonymousOK serves anonymous callers what anonymous users may see; a
	// wrong token is treated as anonymous and flagged with
	// X-Seraph-LoginReason: AUTHENTICATED_FAILED.
	anonymousOK
	// public needs no credentials at all (the removed /search answers 410).
	public
)

type handlerFunc func(c *call) response

type route struct {
	method   string
	template string   // the spec's path template
	segs     []string // template split on "/"
	access   access
	h        handlerFunc
	// jsonErr401 marks operations whose 401 the spec documents as an
	// ErrorCollection rather than Jira's usual plain text.
	jsonErr401 bool
	// multipart marks an upload: the body is read as multipart/form-data,
	// streamed to storage before the handler runs.
	multipart bool
}

func (rt *route) json401() *route {
	rt.jsonErr401 = true
	return rt
}

func (rt *route) name() string { return rt.method + " " + rt.template }

func newRoute(method, template string, a access, h handlerFunc) *route {
	return &route{method: method, template: template, segs: splitTemplate(template), access: a, h: h}
}

func splitTemplate(t string) []string { return strings.Split(strings.Trim(t, "/"), "/") }

// match finds the route for r: the same number of segments, literals equal,
// the most literal segments winning (issue/createmeta/X beats issue/{key}/X).
// A path that matches only with another method is not a match: Jira answers
// those 405, and the caller reports it.
func (s *Sim) match(r *http.Request) (*route, map[string]string) {
	path := r.URL.EscapedPath()
	parts := strings.Split(strings.Trim(path, "/"), "/")
	var best *route
	bestScore := -1
	for _, rt := range s.routes {
		if rt.method != r.Method || len(rt.segs) != len(parts) {
			continue
		}
		score, ok := 0, true
		for i, seg := range rt.segs {
			if isParam(seg) {
				continue
			}
			if seg != parts[i] {
				ok = false
				break
			}
			score++
		}
		if ok && score > bestScore {
			best, bestScore = rt, score
		}
	}
	if best == nil {
		return nil, nil
	}
	params := map[string]string{}
	for i, seg := range best.segs {
		if isParam(seg) {
			v, err := url.PathUnescape(parts[i])
			if err != nil {
				v = parts[i]
			}
			params[seg[1:len(seg)-1]] = v
		}
	}
	return best, params
}

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

// pathKnown reports whether some route serves this path with another method.
func (s *Sim) pathKnown(r *http.Request) bool {
	parts := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	for _, rt := range s.routes {
		if len(rt.segs) != len(parts) {
			continue
		}
		ok := true
		for i, seg := range rt.segs {
			if !isParam(seg) && seg != parts[i] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// notFoundRoute answers a path Jira does not serve the way Jira's REST layer
// does: 404 with Jersey's "null for uri" message (405 when only the method is
// wrong).
//
// Outside /rest/ the site answers with web pages, as Jira does: the login
// page at / and /login.jsp, an HTML "dead link" page elsewhere. A client
// given a wrong base URL meets HTML where it expected JSON.
func (s *Sim) notFoundRoute(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/rest/") {
		w.Header().Set("Content-Type", "text/html;charset=UTF-8")
		if r.Method == http.MethodGet && (r.URL.Path == "/" || r.URL.Path == "/login.jsp") {
			_, _ = w.Write([]byte(loginPage))
			return
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(deadLinkPage))
		return
	}
	if s.pathKnown(r) {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	writeError(w, http.StatusNotFound, []string{"null for uri: " + baseURL(r) + r.URL.RequestURI()}, nil)
}

const loginPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Log in with Atlassian account</title></head>
<body><div id="root"><h1>Log in to continue</h1><form action="/login" method="post"></form></div></body></html>
`

const deadLinkPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Oops, you've found a dead link. - Jira</title></head>
<body><h1>Oops, you've found a dead link.</h1><p>Go back to the previous page, or visit our Help Center.</p></body></html>
`

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	prefix, _ := r.Context().Value(gatewayKey{}).(string)
	return scheme + "://" + r.Host + prefix
}

func viaGateway(r *http.Request) bool {
	_, ok := r.Context().Value(gatewayKey{}).(string)
	return ok
}
