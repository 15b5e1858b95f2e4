package spiraclient

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Sentinels for errors.Is.
var (
	// ErrUnauthorized: Spira refused the login and API key (401).
	ErrUnauthorized = errors.New("spira: unauthorized")
	// ErrNotFound: the artifact or record does not exist (404).
	ErrNotFound = errors.New("spira: not found")
	// ErrConflict: the ConcurrencyDate sent is stale; re-read and retry (409).
	ErrConflict = errors.New("spira: conflict")
	// ErrValidation: Spira rejected the data (400).
	ErrValidation = errors.New("spira: validation failed")
	// ErrNeedsSystemAdmin: the call is for system administrators and the
	// login is not one (the event log answers 400 for this).
	ErrNeedsSystemAdmin = errors.New("spira: needs a system administrator")
	// ErrBadParameter: Spira refused a missing or malformed query or path
	// parameter (406); the client sent the wrong thing.
	ErrBadParameter = errors.New("spira: missing or malformed parameter")
	// ErrNotJSON: the server answered with something other than JSON, such
	// as a login page or a proxy's error page.
	ErrNotJSON = errors.New("spira: response is not JSON")
	// ErrAPIKeyBraces: the API key lacks its curly braces.
	ErrAPIKeyBraces = errors.New("spira: API key must include its curly braces")
)

// FieldError is one field message of a 400 validation fault.
type FieldError struct {
	Field   string
	Message string
}

// APIError is a non-2xx answer from Spira.
type APIError struct {
	StatusCode  int
	Method      string
	URL         string // redacted
	Messages    []string
	FieldErrors []FieldError
	Hint        string

	// adminOnly marks Spira's refusal of a call to a login that is not a
	// system administrator, whatever its status code.
	adminOnly bool

	// title is the <title> of an HTML answer, read from the whole page
	// (web servers' pages put a long DOCTYPE before it).
	title string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "spira: %s %s: %d", e.Method, e.URL, e.StatusCode)
	msgs, hint := e.Messages, e.Hint
	if page, ok := e.htmlPage(); ok {
		// The page itself helps no one; its title says whose it is.
		msgs = []string{"the server answered with a web page, not Spira's REST API"}
		title := e.title
		if title == "" {
			title = pageTitle(page)
		}
		if title != "" {
			msgs[0] += fmt.Sprintf(" (title %q)", title)
		}
	}
	if hint == "" {
		hint = e.hint()
	}
	if len(msgs) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(msgs, "; "))
	}
	for _, f := range e.FieldErrors {
		if f.Field != "" {
			fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
		} else {
			fmt.Fprintf(&b, "; %s", f.Message)
		}
	}
	if hint != "" {
		b.WriteString(" (")
		b.WriteString(hint)
		b.WriteString(")")
	}
	return b.String()
}

// htmlPrefix starts the message of an answer that was an HTML page.
const htmlPrefix = "the server answered with an HTML page: "

// hintBaseURL says what Spira's base URL looks like.
const hintBaseURL = "Spira's base URL is the address before /Login.aspx, such as https://company.spiraservice.net or http://server/SpiraPlan"

// htmlPage returns the start of the page when Spira's answer was an HTML
// page rather than JSON.
func (e *APIError) htmlPage() (string, bool) {
	for _, m := range e.Messages {
		if page, ok := strings.CutPrefix(m, htmlPrefix); ok {
			return page, true
		}
	}
	return "", false
}

// pageTitle is the <title> of an HTML page, if its start holds one.
func pageTitle(page string) string {
	lower := strings.ToLower(page)
	i := strings.Index(lower, "<title>")
	if i < 0 {
		return ""
	}
	rest := page[i+len("<title>"):]
	if j := strings.Index(strings.ToLower(rest), "</title>"); j >= 0 {
		rest = rest[:j]
	} else {
		rest = strings.TrimSuffix(rest, "…")
	}
	return strings.TrimSpace(rest)
}

// hint is the advice for an answer Spira's REST API would not give, or for
// a limit that outlasted the retries.
func (e *APIError) hint() string {
	if _, ok := e.htmlPage(); ok {
		if e.StatusCode >= 500 {
			return "Spira, or a proxy in front of it, failed with an error page; try again later, and if it persists check the URL: " + hintBaseURL
		}
		if base, _ := e.baseURL(); base != "" {
			return base + " does not look like Spira: " + hintBaseURL
		}
		return "this URL does not look like Spira: " + hintBaseURL
	}
	switch e.StatusCode {
	case 429:
		return "Spira kept limiting the request rate after the client waited out its Retry-After answers; wait a few minutes and run again, one sync at a time"
	case 404:
		// WCF's own answer when no operation matches the path: under a
		// base URL with a path, the likelier cause is that path.
		if base, path := e.baseURL(); path &&
			slices.ContainsFunc(e.Messages, func(m string) bool { return strings.HasPrefix(m, "Endpoint not found") }) {
			return fmt.Sprintf("the REST service has no such call under %s; if that is not Spira's base URL, correct it: %s", base, hintBaseURL)
		}
	}
	return ""
}

// baseURL is the part of the call's URL before /Services/, and whether it
// has a path after the host.
func (e *APIError) baseURL() (string, bool) {
	u, err := url.Parse(e.URL)
	if err != nil {
		return "", false
	}
	i := strings.Index(strings.ToLower(u.Path), "/services/")
	if i < 0 {
		return "", false
	}
	u.Path, u.RawPath, u.RawQuery = u.Path[:i], "", ""
	return u.String(), u.Path != ""
}

// NetworkError is a call that got no HTTP answer: a refused connection, an
// unknown host, a timeout. URL never holds the API key.
type NetworkError struct {
	Method, URL string
	Err         error
}

func (e *NetworkError) Error() string {
	if errors.Is(e.Err, context.Canceled) || errors.Is(e.Err, context.DeadlineExceeded) {
		return fmt.Sprintf("spira: %s %s: %v", e.Method, e.URL, e.Err)
	}
	return fmt.Sprintf("spira: %s %s: no answer from the server: %v (check the Spira URL and your network)", e.Method, e.URL, e.Err)
}

// Unwrap returns the transport's error.
func (e *NetworkError) Unwrap() error { return e.Err }

// Is maps the status code to the package sentinels; an HTML page below
// 500 matches ErrNotJSON too.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotJSON:
		_, page := e.htmlPage()
		return page && e.StatusCode < 500
	case ErrUnauthorized:
		return e.StatusCode == 401
	case ErrMappingPermission:
		return e.StatusCode == 401 && strings.Contains(e.URL, "/data-mappings/")
	case ErrNotFound:
		return e.StatusCode == 404
	case ErrConflict:
		return e.StatusCode == 409
	case ErrValidation:
		return e.StatusCode == 400 && !e.adminOnly
	case ErrNeedsSystemAdmin:
		return e.adminOnly
	case ErrBadParameter:
		return e.StatusCode == 406
	}
	return false
}

// hintUnauthorized is the advice for a 401.
const hintUnauthorized = "the API key is the user's RSS token from the Spira profile page, including its curly braces, " +
	"and 'Enable RSS Feeds' must be on for that user; check the login too"

// hintMappingRole is the advice for a 401 on a data-mapping call.
const hintMappingRole = "on Spira 7.5 or later the data-mapping calls need more than product membership: " +
	"the sync account lacks a role needed for data mappings; give it the Product Owner role in this product " +
	"(if the login itself is refused, " + hintUnauthorized + ")"

// NotJSONError is a 2xx (or error) answer whose body is not JSON.
type NotJSONError struct {
	StatusCode  int
	Method, URL string
	ContentType string
	Snippet     string
}

func (e *NotJSONError) Error() string {
	return fmt.Sprintf("spira: %s %s: expected JSON but got %q (status %d): %q; "+
		"check that the URL is Spira's base URL (the address before /Login.aspx), not a login or proxy page",
		e.Method, e.URL, e.ContentType, e.StatusCode, e.Snippet)
}

// Unwrap lets errors.Is(err, ErrNotJSON) match.
func (e *NotJSONError) Unwrap() error { return ErrNotJSON }
