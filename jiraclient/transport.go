package jiraclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// headerTransport adds Basic authentication, the user agent and Accept.
// Credentials go only to the site's own host, never to where a redirect
// points elsewhere.
type headerTransport struct {
	host         string
	next         http.RoundTripper
	email, token string
	userAgent    string
}

func (t *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	if strings.EqualFold(r.URL.Host, t.host) {
		r.SetBasicAuth(t.email, t.token)
	} else {
		r.Header.Del("Authorization")
	}
	if r.Header.Get("User-Agent") == "" {
		r.Header.Set("User-Agent", t.userAgent)
	}
	if r.Header.Get("Accept") == "" {
		r.Header.Set("Accept", "application/json")
	}
	return t.next.RoundTrip(r)
}

// retryPolicy says when and how long to wait before trying again.
type retryPolicy struct {
	max       int
	base, cap time.Duration
	// maxWait is the longest Retry-After honoured; a longer one returns the
	// 429 to the caller rather than blocking for minutes.
	maxWait time.Duration
}

func defaultRetry() retryPolicy {
	return retryPolicy{max: 4, base: 500 * time.Millisecond, cap: 30 * time.Second, maxWait: 2 * time.Minute}
}

// backoff is base*2^attempt capped, with "equal jitter": half fixed, half random.
func (p retryPolicy) backoff(attempt int) time.Duration {
	d := p.base
	for range attempt {
		d *= 2
		if d >= p.cap {
			d = p.cap
			break
		}
	}
	d = min(d, p.cap)
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// retryTransport retries what is safe to retry: 429 and 503 always (the
// request was not processed), other 5xx and connection failures only for
// reads and idempotent writes. Bodies are replayed through GetBody.
type retryTransport struct {
	next   http.RoundTripper
	policy retryPolicy
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	safe := req.Method == http.MethodGet || req.Method == http.MethodHead || ctx.Value(idempotentKey) != nil
	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 && req.Body != nil && req.Body != http.NoBody {
			if req.GetBody == nil {
				return nil, errors.New("jira: cannot retry a request whose body cannot be replayed")
			}
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r = req.Clone(ctx)
			r.Body = body
		}
		resp, err := t.next.RoundTrip(r)
		if attempt >= t.policy.max {
			return resp, err
		}
		wait, retry := t.decide(safe, resp, err, attempt)
		if !retry {
			return resp, err
		}
		if resp != nil {
			// Drain a little so the connection can be reused.
			_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
			resp.Body.Close()
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func (t *retryTransport) decide(safe bool, resp *http.Response, err error, attempt int) (time.Duration, bool) {
	if err != nil {
		if !safe || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return 0, false
		}
		return t.policy.backoff(attempt), true
	}
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			if d > t.policy.maxWait {
				return 0, false
			}
			return d, true
		}
		return t.policy.backoff(attempt), true
	case code >= 500 && code != http.StatusNotImplemented && safe:
		return t.policy.backoff(attempt), true
	}
	return 0, false
}

// parseRetryAfter reads delta-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}

// debugTransport logs each exchange, redacting Authorization, cookies and
// any occurrence of the secrets.
type debugTransport struct {
	next    http.RoundTripper
	w       io.Writer
	secrets []string
	mu      sync.Mutex
}

var redactedHeaders = []string{"Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization"}

func (t *debugTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s\n", req.Method, req.URL)
	writeHeaders(&b, "> ", req.Header)
	if req.GetBody != nil {
		if body, err := req.GetBody(); err == nil {
			data, _ := io.ReadAll(io.LimitReader(body, debugBodyMax+1))
			body.Close()
			writeBody(&b, "> ", data)
		}
	}
	resp, err := t.next.RoundTrip(req)
	el := time.Since(start).Round(time.Millisecond)
	if err != nil {
		fmt.Fprintf(&b, "< error after %s: %v\n", el, err)
	} else {
		fmt.Fprintf(&b, "< %s (%s)\n", resp.Status, el)
		writeHeaders(&b, "< ", resp.Header)
		// Read what the log shows and hand the caller the same bytes.
		head, rerr := io.ReadAll(io.LimitReader(resp.Body, debugBodyMax+1))
		writeBody(&b, "< ", head)
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(head), errReader{rerr}, resp.Body), resp.Body}
	}
	t.write(b.String())
	return resp, err
}

// debugBodyMax bounds how much of a body the debug log shows.
const debugBodyMax = 2000

func writeBody(b *strings.Builder, prefix string, data []byte) {
	if len(data) == 0 {
		return
	}
	more := ""
	if len(data) > debugBodyMax {
		data, more = data[:debugBodyMax], " ..."
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

func writeHeaders(b *strings.Builder, prefix string, h http.Header) {
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range h {
			if !yield(k) {
				return
			}
		}
	}) {
		v := strings.Join(h[k], ", ")
		if slices.ContainsFunc(redactedHeaders, func(r string) bool { return strings.EqualFold(r, k) }) {
			if sp := strings.IndexByte(v, ' '); sp > 0 && strings.EqualFold(k, "Authorization") {
				v = v[:sp] + " [REDACTED]"
			} else {
				v = "[REDACTED]"
			}
		}
		fmt.Fprintf(b, "%s%s: %s\n", prefix, k, v)
	}
}

func (t *debugTransport) write(s string) {
	for _, sec := range t.secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "[REDACTED]")
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	_, _ = io.WriteString(t.w, s)
}
