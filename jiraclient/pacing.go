package jiraclient

import (
	"net/http"
	"strings"
)

// pacingKey names the budget of a request as Jira's burst limiter counts it
// (tenant, endpoint and HTTP method) and, for a write to an issue, the issue,
// which Jira's per-issue write limit counts on its own.
//
// The endpoint is the path with its ids and keys (any segment holding a
// digit) replaced, so /issue/LIB-7/comment and /issue/LIB-8/comment share one
// budget. A project key or property key has no digit and keeps its own
// budget; those calls are few, so a budget split too finely costs little.
func pacingKey(req *http.Request) (budget, issue string) {
	segs := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
	for i, s := range segs {
		if !strings.ContainsAny(s, "0123456789") || (i > 0 && segs[i-1] == "api") {
			continue
		}
		if i > 0 && segs[i-1] == "issue" && req.Method != http.MethodGet && req.Method != http.MethodHead {
			issue = strings.ToUpper(s)
		}
		segs[i] = "{}"
	}
	return req.Method + " /" + strings.Join(segs, "/"), issue
}
