// Package spiraclient is a client for Inflectra Spira's REST API v7_0: the
// artifacts, lookups and custom properties the Jira data sync touches, and
// the data-sync and data-mapping calls.
//
// Every method takes a context; errors are *APIError (errors.Is with
// ErrUnauthorized, ErrNotFound, ErrConflict, ErrValidation) or
// *NotJSONError. Retry on 429/5xx, credentials sent only to Spira's own
// host, the user agent and debug logging are http.RoundTripper layers from
// internal/httpx.
package spiraclient

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/spirajira/spirajira/internal/httpx"
)

// APIPath is the REST service path under Spira's base URL.
const APIPath = "/Services/v7_0/RestService.svc/"

// AuthMode picks how the login and API key travel.
type AuthMode int

const (
	// AuthHeaders sends the username and api-key headers (the default).
	AuthHeaders AuthMode = iota
	// AuthQuery sends username and api-key query parameters.
	AuthQuery
	// AuthBasic sends Authorization: Basic base64(login:apikey).
	AuthBasic
)

// DefaultTimeout bounds one call, its retries included, unless WithTimeout
// or WithHTTPClient says otherwise.
const DefaultTimeout = 2 * time.Minute

// Client talks to one Spira instance as one user.
type Client struct {
	base     *url.URL // ends in APIPath
	web      string   // the browser base URL
	login    string
	apiKey   string
	mode     AuthMode
	hc       *http.Client
	ua       string
	debug    io.Writer
	retry    *httpx.Retry
	rt       http.RoundTripper
	tmo      time.Duration
	pageSize int
	inFlight int
	secrets  []string // masked in the debug log and in errors
	probe    versionProbe
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient uses hc's transport as the innermost layer.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil && hc.Transport != nil {
			c.rt = hc.Transport
		}
		if hc != nil && hc.Timeout > 0 {
			c.tmo = hc.Timeout
		}
	}
}

// WithTransport uses rt as the innermost layer.
func WithTransport(rt http.RoundTripper) Option { return func(c *Client) { c.rt = rt } }

// WithTimeout bounds each HTTP exchange (retries included).
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.tmo = d } }

// WithAuthMode chooses headers (default), query or Basic auth.
func WithAuthMode(m AuthMode) Option { return func(c *Client) { c.mode = m } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Client) { c.ua = ua } }

// WithDebug logs each exchange to w, secrets redacted.
func WithDebug(w io.Writer) Option { return func(c *Client) { c.debug = w } }

// WithRetry replaces the retry policy (tests shorten its delays).
func WithRetry(r *httpx.Retry) Option { return func(c *Client) { c.retry = r } }

// DefaultMaxInFlight bounds the requests a client has in flight unless
// WithMaxInFlight says otherwise. Spira documents no rate limit; this is a
// bound, not a known limit, and halves while the server answers 5xx.
const DefaultMaxInFlight = 16

// WithMaxInFlight bounds the requests in flight at once (see
// DefaultMaxInFlight).
func WithMaxInFlight(n int) Option { return func(c *Client) { c.inFlight = n } }

// NormalizeBaseURL turns what a user copies from the browser into Spira's
// base URL: it strips a page name such as /Login.aspx, a /Services/...
// suffix and trailing slashes.
func NormalizeBaseURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("spira: the URL is empty; use the address of your Spira instance, e.g. https://company.spiraservice.net")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("spira: %q is not an http(s) URL; use the address of your Spira instance, e.g. https://company.spiraservice.net", raw)
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	p := u.Path
	if i := strings.Index(strings.ToLower(p), "/services/"); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimRight(p, "/")
	if i := strings.LastIndex(p, "/"); i >= 0 && strings.HasSuffix(strings.ToLower(p[i:]), ".aspx") {
		p = p[:i]
		// A page inside a product (/1/Incident/List.aspx, /1/Incident/7.aspx),
		// program (/pg/2/...), portfolio (/pf/...) or the administration
		// (/Administration/...) sits under a segment that no installation's
		// virtual directory is: the base is what comes before it. Other
		// pages are assumed to sit at the base, as /Login.aspx does.
		segs := strings.Split(p, "/")
		for j, s := range segs {
			if j > 0 && (isDigits(s) || slices.Contains([]string{"pg", "pf", "administration"}, strings.ToLower(s))) {
				p = strings.Join(segs[:j], "/")
				break
			}
		}
	}
	u.Path = strings.TrimRight(p, "/")
	u.RawPath = ""
	return u.String(), nil
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// CheckAPIKey reports whether key looks like a Spira API key (RSS token with
// its braces).
func CheckAPIKey(key string) error {
	k := strings.TrimSpace(key)
	if k == "" {
		return errors.New("spira: the API key is empty; copy the RSS token from your Spira profile page (with its curly braces)")
	}
	if !strings.HasPrefix(k, "{") || !strings.HasSuffix(k, "}") {
		return fmt.Errorf("%w: copy the whole RSS token from your Spira profile, e.g. {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", ErrAPIKeyBraces)
	}
	return nil
}

// New returns a client for the Spira at baseURL (the browser URL is
// accepted), logging in as login with apiKey (the RSS token, braces
// included).
func New(baseURL, login, apiKey string, opts ...Option) (*Client, error) {
	web, err := NormalizeBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(login) == "" {
		return nil, errors.New("spira: the login is empty")
	}
	if err := CheckAPIKey(apiKey); err != nil {
		return nil, err
	}
	c := &Client{web: web, login: login, apiKey: strings.TrimSpace(apiKey), ua: "spirajira", tmo: DefaultTimeout}
	c.base, _ = url.Parse(web + APIPath)
	c.secrets = []string{c.apiKey}
	if inner := strings.Trim(c.apiKey, "{}"); len(inner) >= 16 {
		// The key without its braces is how it reads in any URL encoding
		// (a redirect's Location, a Referer, a login page's return URL),
		// where the query string auth mode puts it.
		c.secrets = append(c.secrets, inner)
	}
	for _, o := range opts {
		o(c)
	}
	rt := c.rt
	if rt == nil {
		rt = http.DefaultTransport
	}
	if c.debug != nil {
		rt = &httpx.DebugLog{Base: rt, Out: c.debug, Secrets: c.secrets}
	}
	if c.mode != AuthQuery {
		// Credentials in headers go only to Spira's own host, never to where
		// a redirect points elsewhere.
		rt = httpx.Auth(rt, c.base.Host, c.setAuthHeaders)
	}
	r := c.retry
	if r == nil {
		r = &httpx.Retry{}
	}
	rc := *r
	// The gate goes below retry, so a retry waits for a place like any
	// request and a 5xx narrows it for all.
	rc.Base = &httpx.Gate{Base: rt, Max: cmp.Or(c.inFlight, DefaultMaxInFlight)}
	rt = httpx.UserAgent(&rc, c.ua)
	c.hc = &http.Client{Transport: rt, Timeout: c.tmo}
	return c, nil
}

// BaseURL returns the normalised browser base URL.
func (c *Client) BaseURL() string { return c.web }

// Login returns the login the client uses.
func (c *Client) Login() string { return c.login }

// request is one API call.
type request struct {
	method string
	path   string // relative to the service root
	query  url.Values
	body   any  // JSON-encoded when non-nil
	raw    bool // body is already JSON bytes
	// repeatable marks a call that may be sent again with the effect of
	// sending it once (a search sent by POST, a write Spira applies only
	// where it is not applied yet), so it is retried after a server error
	// or a lost answer like a GET.
	repeatable bool
}

func (c *Client) newRequest(ctx context.Context, r request) (*http.Request, error) {
	u, err := c.base.Parse(strings.TrimPrefix(r.path, "/"))
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	for k, v := range r.query {
		q[k] = v
	}
	if c.mode == AuthQuery {
		q.Set("username", c.login)
		q.Set("api-key", c.apiKey)
	}
	u.RawQuery = q.Encode()
	var body []byte
	if r.body != nil {
		if r.raw {
			body = r.body.([]byte)
		} else if body, err = json.Marshal(r.body); err != nil {
			return nil, err
		}
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), rd)
	if err != nil {
		return nil, err
	}
	// Spira's API guide asks for both headers on every call.
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// setAuthHeaders puts the login and API key in h as the auth mode says.
func (c *Client) setAuthHeaders(h http.Header) {
	switch c.mode {
	case AuthHeaders:
		h.Set("username", c.login)
		h.Set("api-key", c.apiKey)
	case AuthBasic:
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.login+":"+c.apiKey)))
	}
}

// do performs r and decodes a JSON answer into out (nil: discard). When a
// call finds no route, it checks whether Spira is too old to have REST
// v7_0 at all, so that the error says so instead of a bare 404.
func (c *Client) do(ctx context.Context, r request, out any) error {
	err := c.doOnce(ctx, r, out)
	var ae *APIError
	if errors.As(err, &ae) && ae.routeAbsent() {
		if old := c.tooOld(ctx, err); old != nil {
			return old
		}
	}
	return err
}

func (c *Client) doOnce(ctx context.Context, r request, out any) error {
	rc := runCacheFrom(ctx)
	var key string
	if rc != nil && r.method == http.MethodGet && cacheable(strings.TrimPrefix(r.path, "/")) {
		key = c.cacheKey(r)
		body, ok, done := rc.get(ctx, key)
		if ok {
			if out == nil {
				return nil
			}
			return json.Unmarshal(body, out)
		}
		defer done()
	} else if rc != nil && r.method != http.MethodGet {
		rc.forget(r.path)
	}
	if r.repeatable {
		ctx = httpx.Idempotent(ctx)
	}
	req, err := c.newRequest(ctx, r)
	if err != nil {
		return err
	}
	shown := httpx.RedactURL(req.URL)
	resp, err := c.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			// url.Error carries the raw URL, which may hold the api-key.
			err = ue.Err
		}
		var ne net.Error
		if errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
			errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return &NetworkError{Method: r.method, URL: shown, Err: err}
		}
		return fmt.Errorf("spira: %s %s: %w", r.method, shown, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("spira: %s %s: reading answer: %w", r.method, shown, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.apiError(r.method, shown, resp, data)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil
	}
	// A web page is never Spira's answer, even to a write whose body is
	// not read: a login page in front of Spira means the write did not
	// happen.
	ct := resp.Header.Get("Content-Type")
	if !looksJSON(ct, trimmed) && (out != nil || trimmed[0] == '<' || strings.Contains(strings.ToLower(ct), "html")) {
		return &NotJSONError{StatusCode: resp.StatusCode, Method: r.method, URL: shown,
			ContentType: ct, Snippet: snippet(c.redact(trimmed))}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(trimmed, out); err != nil {
		return fmt.Errorf("spira: %s %s: decoding answer: %w", r.method, shown, err)
	}
	if key != "" {
		rc.put(key, strings.TrimPrefix(r.path, "/"), trimmed)
	}
	return nil
}

func looksJSON(ct string, b []byte) bool {
	if strings.Contains(strings.ToLower(ct), "html") {
		return false
	}
	switch b[0] {
	case '{', '[', '"', 'n', 't', 'f', '-':
		return true
	}
	return b[0] >= '0' && b[0] <= '9'
}

func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// redact masks the API key in a body that is quoted in an error.
func (c *Client) redact(b []byte) []byte {
	for _, s := range c.secrets {
		b = bytes.ReplaceAll(b, []byte(s), []byte(httpx.Redacted))
	}
	return b
}

func (c *Client) apiError(method, shown string, resp *http.Response, data []byte) error {
	e := &APIError{StatusCode: resp.StatusCode, Method: method, URL: shown}
	trimmed := c.redact(bytes.TrimSpace(data))
	var vf ValidationFault
	var str string
	switch {
	case len(trimmed) == 0:
	case trimmed[0] == '{' && json.Unmarshal(trimmed, &vf) == nil && (vf.Summary != "" || len(vf.Messages) > 0):
		if vf.Summary != "" {
			e.Messages = append(e.Messages, vf.Summary)
		}
		for _, m := range vf.Messages {
			e.FieldErrors = append(e.FieldErrors, FieldError{Field: m.FieldName, Message: m.Message})
		}
	case trimmed[0] == '"' && json.Unmarshal(trimmed, &str) == nil:
		e.Messages = append(e.Messages, str)
	case strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "html") || trimmed[0] == '<':
		e.Messages = append(e.Messages, htmlPrefix+snippet(trimmed))
		e.title = pageTitle(string(trimmed[:min(len(trimmed), 4096)]))
	default:
		e.Messages = append(e.Messages, snippet(trimmed))
	}
	switch resp.StatusCode {
	case 401:
		e.Hint = hintUnauthorized
		if strings.Contains(shown, "/data-mappings/") {
			// Since 7.5 these calls check more than product membership.
			e.Hint = hintMappingRole
		}
	case 409:
		e.Hint = "someone changed it since it was read; read it again and retry"
	case 406:
		// Spira's message names the parameter ("The passed in 'x' needs
		// to be an integer").
		e.Hint = "Spira refused a parameter the client sent or left out; this is a fault of spirajira, not of the login or the server: please report it with this message"
	case 404:
		if len(e.Messages) == 0 {
			e.Messages = append(e.Messages, "not found")
		}
	}
	return e
}
