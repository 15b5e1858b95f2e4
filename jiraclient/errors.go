package jiraclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/spirajira/spirajira/internal/httpx"
)

// Sentinels matched with errors.Is against the errors the client returns.
var (
	// ErrUnauthorized: the e-mail or API token was refused (401, or any
	// answer, such as a 200 or a 404, given anonymously with
	// X-Seraph-LoginReason: AUTHENTICATED_FAILED).
	ErrUnauthorized = errors.New("jira: the e-mail or API token was refused")
	// ErrForbidden: authenticated, but the account lacks a permission (403).
	ErrForbidden = errors.New("jira: permission denied")
	// ErrNotFound: the object does not exist or the account cannot see it (404).
	ErrNotFound = errors.New("jira: not found")
	// ErrRateLimited: Jira kept answering 429 after the retries.
	ErrRateLimited = errors.New("jira: rate limited")
	// ErrGone: the endpoint was removed by Atlassian (410).
	ErrGone = errors.New("jira: API removed")
	// ErrNotJira: the URL answered with a web page, not the Jira REST API.
	ErrNotJira = errors.New("this URL does not look like a Jira Cloud site")
)

// APIError is a non-success answer from Jira, decoded from its
// ErrorCollection ({"errorMessages": [...], "errors": {...}}) or, failing
// that, from the raw body. URL never contains secrets.
type APIError struct {
	StatusCode  int
	Method      string
	URL         string
	Messages    []string
	FieldErrors map[string]string
	// Hint says what to do, where the client knows.
	Hint string
	// RetryAfter is the raw Retry-After header of a 429 or 503.
	RetryAfter string

	sentinel error
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "jira: %s %s: %d %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	msgs := e.Messages
	for _, k := range slices.Sorted(maps.Keys(e.FieldErrors)) {
		msgs = append(slices.Clip(msgs), k+": "+e.FieldErrors[k])
	}
	if len(msgs) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(msgs, "; "))
	}
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the sentinel that matches the status.
func (e *APIError) Unwrap() error { return e.sentinel }

// errorBody is Jira's ErrorCollection plus the other shapes seen in the wild.
type errorBody struct {
	ErrorMessages []string          `json:"errorMessages"`
	Errors        map[string]string `json:"errors"`
	Message       string            `json:"message"`
	WarningMsgs   []string          `json:"warningMessages"`
}

// checkResponse turns a failed or anonymous answer into an error.
func checkResponse(resp *http.Response, body []byte) error {
	req := resp.Request
	method, u := "", ""
	if req != nil {
		method, u = req.Method, httpx.RedactURL(req.URL)
	}
	// Jira answers a refused token anonymously: a 200 with less data, or a
	// 404 or 403 as if the object did not exist. The header tells the
	// truth on every status.
	if resp.StatusCode != http.StatusUnauthorized && strings.EqualFold(resp.Header.Get("X-Seraph-LoginReason"), "AUTHENTICATED_FAILED") {
		return &APIError{StatusCode: resp.StatusCode, Method: method, URL: u,
			Messages: []string{"Jira answered anonymously because the credentials were refused (X-Seraph-LoginReason: AUTHENTICATED_FAILED)"},
			Hint:     "check the e-mail and API token; tokens expire after at most a year",
			sentinel: ErrUnauthorized}
	}
	if resp.StatusCode < 300 {
		return nil
	}
	e := &APIError{StatusCode: resp.StatusCode, Method: method, URL: u}
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		e.sentinel = ErrUnauthorized
		e.Hint = "check the e-mail and API token (tokens expire after at most a year: make a new one at https://id.atlassian.com/manage-profile/security/api-tokens); a scoped token needs the https://api.atlassian.com/ex/jira/<cloudId> site URL"
	case http.StatusForbidden:
		e.sentinel = ErrForbidden
		e.Hint = "the account lacks a permission for this call; an administrator can grant it"
	case http.StatusNotFound:
		e.sentinel = ErrNotFound
	case http.StatusGone:
		e.sentinel = ErrGone
	case http.StatusTooManyRequests:
		e.sentinel = ErrRateLimited
		e.RetryAfter = resp.Header.Get("Retry-After")
		e.Hint = "Jira kept limiting the request rate after the client waited out its Retry-After answers; wait a few minutes and run again, one sync at a time"
	case http.StatusServiceUnavailable:
		e.RetryAfter = resp.Header.Get("Retry-After")
	}
	if looksLikeHTML(resp.Header, body) {
		switch resp.StatusCode {
		case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusGone:
			return notJiraError(resp)
		}
		e.Messages = []string{"the site answered with a web page instead of JSON"}
		return e
	}
	if resp.StatusCode == http.StatusNotFound && !isJiraErrorBody(body) {
		// Jira answers every 404 under /rest/ with an ErrorCollection;
		// anything else comes from another server (Spira, a proxy, an API
		// gateway) at that URL.
		ne := notJiraError(resp).(*NotJiraError)
		ne.Answer = snippet(body)
		return ne
	}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		e.Messages = append(e.Messages, eb.ErrorMessages...)
		if eb.Message != "" {
			e.Messages = append(e.Messages, eb.Message)
		}
		if len(eb.Errors) > 0 {
			e.FieldErrors = eb.Errors
		}
	} else if t := strings.TrimSpace(string(body)); t != "" {
		if len(t) > 300 {
			t = t[:300] + "..."
		}
		e.Messages = []string{t}
	}
	if resp.StatusCode == http.StatusUnauthorized && anyContains(e.Messages, "password") {
		e.Hint = "Jira refuses passwords: use an API token from https://id.atlassian.com/manage-profile/security/api-tokens"
	}
	if resp.StatusCode == http.StatusGone {
		if req != nil && isOldSearch(req.URL.Path) {
			e.Hint = "Atlassian removed the old issue search (CHANGE-2046); use /rest/api/3/search/jql"
			if len(e.Messages) == 0 {
				e.Messages = []string{"The requested API has been removed."}
			}
		} else {
			e.Hint = "Atlassian removed this API"
		}
	}
	return e
}

func isOldSearch(p string) bool {
	return strings.HasSuffix(p, "/rest/api/3/search") || strings.HasSuffix(p, "/rest/api/2/search") ||
		strings.HasSuffix(p, "/rest/api/latest/search")
}

func anyContains(ss []string, sub string) bool {
	for _, s := range ss {
		if strings.Contains(strings.ToLower(s), sub) {
			return true
		}
	}
	return false
}

func looksLikeHTML(h http.Header, body []byte) bool {
	if strings.HasPrefix(strings.ToLower(h.Get("Content-Type")), "text/html") {
		return true
	}
	t := bytes.ToLower(bytes.TrimSpace(body[:min(len(body), 512)]))
	return bytes.HasPrefix(t, []byte("<!doctype html")) || bytes.HasPrefix(t, []byte("<html"))
}

// isJiraErrorBody says whether a non-empty body is Jira's error shape: a
// JSON object with errorMessages, errors or message. An empty body says
// nothing either way and counts as Jira's.
func isJiraErrorBody(body []byte) bool {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return true
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(t, &m) != nil {
		return false
	}
	for _, k := range []string{"errorMessages", "errors", "message"} {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// snippet is the start of a body on one line.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}

// NotJiraError says the URL answered with something other than Jira's API.
type NotJiraError struct {
	URL        string
	StatusCode int
	// Answer is the start of a body that is not a web page (empty for a
	// web page).
	Answer string
}

func (e *NotJiraError) Error() string {
	what := "with a web page"
	if e.Answer != "" {
		what = e.Answer
	}
	return fmt.Sprintf("jira: %s answered %d %s: this URL does not look like a Jira Cloud site (use the site root, like https://your-site.atlassian.net)", e.URL, e.StatusCode, what)
}

// Unwrap returns ErrNotJira.
func (e *NotJiraError) Unwrap() error { return ErrNotJira }

func notJiraError(resp *http.Response) error {
	u := ""
	if resp.Request != nil {
		u = httpx.RedactURL(resp.Request.URL)
	}
	return &NotJiraError{URL: u, StatusCode: resp.StatusCode}
}
