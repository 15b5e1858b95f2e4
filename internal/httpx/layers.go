package httpx

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// RoundTripFunc adapts a function to http.RoundTripper.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip implements http.RoundTripper.
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// UserAgent sets the User-Agent header on each request.
func UserAgent(base http.RoundTripper, ua string) http.RoundTripper {
	return RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.Header.Set("User-Agent", ua)
		return base.RoundTrip(r)
	})
}

// sensitiveHeaders never appear in a debug log.
var sensitiveHeaders = map[string]bool{
	"authorization": true, "api-key": true, "cookie": true, "set-cookie": true, "proxy-authorization": true,
}

// sensitiveQuery parameters are masked in logged URLs.
var sensitiveQuery = map[string]bool{"api-key": true, "api_key": true, "token": true, "password": true}

// RedactURL returns u as text with secret query parameters masked.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	q := c.Query()
	changed := false
	for k := range q {
		if sensitiveQuery[strings.ToLower(k)] {
			q.Set(k, "REDACTED")
			changed = true
		}
	}
	if changed {
		c.RawQuery = q.Encode()
	}
	return c.String()
}

// Debug logs one line per exchange (method, redacted URL, status, time) and
// the request headers with secrets masked. Bodies are not logged: they may
// hold plug-in passwords.
func Debug(base http.RoundTripper, w io.Writer) http.RoundTripper {
	var mu sync.Mutex
	return RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		start := time.Now()
		var b strings.Builder
		fmt.Fprintf(&b, "> %s %s\n", r.Method, RedactURL(r.URL))
		keys := make([]string, 0, len(r.Header))
		for k := range r.Header {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := strings.Join(r.Header[k], ", ")
			if sensitiveHeaders[strings.ToLower(k)] {
				v = "REDACTED"
			}
			fmt.Fprintf(&b, ">   %s: %s\n", k, v)
		}
		resp, err := base.RoundTrip(r)
		el := time.Since(start).Round(time.Millisecond)
		if err != nil {
			fmt.Fprintf(&b, "< error after %s: %v\n", el, err)
		} else {
			fmt.Fprintf(&b, "< %s (%s)\n", resp.Status, el)
		}
		// One write per exchange, so concurrent calls do not interleave.
		mu.Lock()
		_, _ = io.WriteString(w, b.String())
		mu.Unlock()
		return resp, err
	})
}
