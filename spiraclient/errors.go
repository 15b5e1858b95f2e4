package spiraclient

import (
	"errors"
	"fmt"
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
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "spira: %s %s: %d", e.Method, e.URL, e.StatusCode)
	if len(e.Messages) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Messages, "; "))
	}
	for _, f := range e.FieldErrors {
		if f.Field != "" {
			fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
		} else {
			fmt.Fprintf(&b, "; %s", f.Message)
		}
	}
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Is maps the status code to the package sentinels.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == 401
	case ErrNotFound:
		return e.StatusCode == 404
	case ErrConflict:
		return e.StatusCode == 409
	case ErrValidation:
		return e.StatusCode == 400
	}
	return false
}

// hintUnauthorized is the advice for a 401.
const hintUnauthorized = "the API key is the user's RSS token from the Spira profile page, including its curly braces, " +
	"and 'Enable RSS Feeds' must be on for that user; check the login too"

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
