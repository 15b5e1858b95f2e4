package httpx

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
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
	return RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		start := time.Now()
		fmt.Fprintf(w, "> %s %s\n", r.Method, RedactURL(r.URL))
		for k, vs := range r.Header {
			v := strings.Join(vs, ", ")
			if sensitiveHeaders[strings.ToLower(k)] {
				v = "REDACTED"
			}
			fmt.Fprintf(w, ">   %s: %s\n", k, v)
		}
		resp, err := base.RoundTrip(r)
		if err != nil {
			fmt.Fprintf(w, "< %s %s: %v (%s)\n", r.Method, RedactURL(r.URL), err, time.Since(start).Round(time.Millisecond))
			return nil, err
		}
		fmt.Fprintf(w, "< %d %s (%s)\n", resp.StatusCode, RedactURL(r.URL), time.Since(start).Round(time.Millisecond))
		return resp, nil
	})
}
