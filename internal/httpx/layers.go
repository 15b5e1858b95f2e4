package httpx

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
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

// Auth lets set add credentials to the headers of requests for host (as
// "name:port" when the URL has a port) and strips the headers set would add
// from requests for any other host, so a redirect elsewhere never carries
// them.
func Auth(base http.RoundTripper, host string, set func(http.Header)) http.RoundTripper {
	probe := http.Header{"Authorization": nil}
	set(probe)
	names := slices.Collect(maps.Keys(probe))
	return RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		if strings.EqualFold(r.URL.Host, host) {
			set(r.Header)
		} else {
			for _, k := range names {
				r.Header.Del(k)
			}
		}
		return base.RoundTrip(r)
	})
}

// Redacted replaces a secret in logs and URLs.
const Redacted = "[REDACTED]"

// sensitiveHeaders never appear in a debug log.
var sensitiveHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true, "api-key": true,
}

// sensitiveQuery parameters are masked in logged URLs.
var sensitiveQuery = map[string]bool{"api-key": true, "api_key": true, "token": true, "password": true}

// RedactURL returns u as text without user info and with secret query
// parameters masked.
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

// DebugBodyMax bounds how much of a body the debug log shows.
const DebugBodyMax = 2000

// DebugLog is a RoundTripper that writes each exchange to Out: method,
// URL, headers and status, with credential headers, secret query parameters
// and every occurrence of Secrets masked. It writes one block per exchange,
// so concurrent calls do not interleave.
type DebugLog struct {
	Base http.RoundTripper
	Out  io.Writer
	// Bodies adds the request body (read through GetBody) and the first
	// DebugBodyMax bytes of the response body. Leave it off where bodies may
	// hold passwords.
	Bodies bool
	// Secrets are masked wherever they appear in the log.
	Secrets []string

	mu sync.Mutex
}

// RoundTrip implements http.RoundTripper.
func (d *DebugLog) RoundTrip(req *http.Request) (*http.Response, error) {
	base := d.Base
	if base == nil {
		base = http.DefaultTransport
	}
	start := time.Now()
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s\n", req.Method, RedactURL(req.URL))
	writeHeaders(&b, "> ", req.Header)
	if d.Bodies && req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			data, _ := io.ReadAll(io.LimitReader(body, DebugBodyMax+1))
			body.Close()
			writeBody(&b, "> ", data)
		}
	}
	resp, err := base.RoundTrip(req)
	el := time.Since(start).Round(time.Millisecond)
	if err != nil {
		fmt.Fprintf(&b, "< error after %s: %v\n", el, err)
	} else {
		fmt.Fprintf(&b, "< %s (%s)\n", resp.Status, el)
		writeHeaders(&b, "< ", resp.Header)
		if d.Bodies {
			// Read what the log shows and hand the caller the same bytes.
			head, rerr := io.ReadAll(io.LimitReader(resp.Body, DebugBodyMax+1))
			writeBody(&b, "< ", head)
			resp.Body = struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(head), errReader{rerr}, resp.Body), resp.Body}
		}
	}
	d.write(b.String())
	return resp, err
}

func (d *DebugLog) write(s string) {
	for _, sec := range d.Secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	_, _ = io.WriteString(d.Out, s)
}

func writeHeaders(b *strings.Builder, prefix string, h http.Header) {
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range h {
			if !yield(k) {
				return
			}
		}
	}) {
		v := strings.Join(h[k], ", ")
		if sensitiveHeaders[strings.ToLower(k)] {
			// Keep the scheme of an Authorization header: it tells which
			// kind of credentials went out.
			if sp := strings.IndexByte(v, ' '); sp > 0 && strings.HasSuffix(strings.ToLower(k), "authorization") {
				v = v[:sp] + " " + Redacted
			} else {
				v = Redacted
			}
		}
		fmt.Fprintf(b, "%s%s: %s\n", prefix, k, v)
	}
}

func writeBody(b *strings.Builder, prefix string, data []byte) {
	if len(data) == 0 {
		return
	}
	more := ""
	if len(data) > DebugBodyMax {
		data, more = data[:DebugBodyMax], " ..."
	}
	fmt.Fprintf(b, "%s%s%s\n", prefix, strings.ReplaceAll(string(data), "\n", "\n"+prefix), more)
}

// errReader replays a read error after the bytes read before it.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	return 0, io.EOF
}
