// Package jiraclient is a client for the Jira Cloud platform REST API v3.
//
// A Client holds one *http.Client whose transport stacks the layers every
// call needs: pacing to Jira's rate limits per endpoint and per issue (see
// WithoutPacing), retry (a 429, or a 503 with Retry-After, is waited out for up
// to a minute with jitter added to Retry-After; other failures back off
// exponentially with jitter), Basic authentication with an e-mail and API token, the
// user agent, and an optional debug log with secrets redacted. Every method
// takes a context first. Failures are *APIError values that match the
// sentinels ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited and
// ErrGone with errors.Is.
package jiraclient

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spirajira/spirajira/internal/httpx"
)

// DefaultUserAgent is sent unless WithUserAgent says otherwise.
const DefaultUserAgent = "spirajira"

// Client calls one Jira Cloud site. It is safe for concurrent use.
type Client struct {
	base        *url.URL
	email       string
	hc          *http.Client
	userAgent   string
	debug       io.Writer
	retry       httpx.Retry
	concurrency int
	pacing      bool
	timeout     time.Duration
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the client send through hc's transport (its Timeout,
// Jar and redirect policy are kept). The auth, retry and logging layers are
// added on top.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			cp := *hc
			c.hc = &cp
		}
	}
}

// WithTimeout bounds each call, retries included, up to reading the body.
// It applies whatever the order of options.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) { c.timeout = d }
}

// WithDebug logs every HTTP exchange to w, with the token and the
// Authorization header redacted.
func WithDebug(w io.Writer) Option {
	return func(c *Client) { c.debug = w }
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) {
		if ua != "" {
			c.userAgent = ua
		}
	}
}

// WithRetry sets how often a failed request is retried (max retries after
// the first attempt; 0 disables retry) and the backoff: baseDelay doubles per
// attempt up to maxDelay, with jitter. A positive max also bounds the
// retries on 429, which without WithRetry are waited out for up to
// a minute.
func WithRetry(max int, baseDelay, maxDelay time.Duration) Option {
	return func(c *Client) {
		c.retry.MaxRetries = max
		if max == 0 {
			c.retry.MaxRetries = -1
		}
		if baseDelay > 0 {
			c.retry.BaseDelay = baseDelay
		}
		if maxDelay > 0 {
			c.retry.MaxDelay = maxDelay
		}
	}
}

// WithoutPacing sends each request as soon as it is made. By default the
// client paces itself to Jira's rate limits: a rate per endpoint and method,
// learned from 429s and X-RateLimit-Remaining, and spacing between writes to
// one issue once Jira's per-issue write limit has answered.
func WithoutPacing() Option { return func(c *Client) { c.pacing = false } }

// WithConcurrency bounds the requests FetchCatalog runs at once (default 6).
func WithConcurrency(n int) Option {
	return func(c *Client) {
		if n > 0 {
			c.concurrency = n
		}
	}
}

// New returns a client for the Jira Cloud site at siteURL (for example
// https://example.atlassian.net, or https://api.atlassian.com/ex/jira/<cloudId>
// for a scoped token), authenticating with the account's e-mail and API token.
// It checks the URL and says what is wrong with it.
func New(siteURL, email, token string, opts ...Option) (*Client, error) {
	base, err := ParseSiteURL(siteURL)
	if err != nil {
		return nil, err
	}
	email = strings.TrimSpace(email)
	if email == "" {
		return nil, errors.New("jira: the e-mail address of the Atlassian account is missing")
	}
	if !strings.Contains(email, "@") {
		return nil, fmt.Errorf("jira: %q is not an e-mail address; Jira Cloud logs in with the account's e-mail, not a user name", email)
	}
	if token == "" {
		return nil, errors.New("jira: the API token is missing (create one at https://id.atlassian.com/manage-profile/security/api-tokens)")
	}
	c := &Client{
		base:        base,
		email:       email,
		hc:          &http.Client{Timeout: 3 * time.Minute},
		userAgent:   DefaultUserAgent,
		concurrency: 6,
		pacing:      true,
	}
	for _, o := range opts {
		o(c)
	}
	if c.timeout > 0 {
		c.hc.Timeout = c.timeout
	}
	next := c.hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	creds := base64.StdEncoding.EncodeToString([]byte(email + ":" + token))
	if c.debug != nil {
		next = &httpx.DebugLog{Base: next, Out: c.debug, Bodies: true, Secrets: []string{token, creds}}
	}
	// Credentials go only to the site's own host, never to where a redirect
	// points elsewhere.
	next = httpx.Auth(next, base.Host, func(h http.Header) { h.Set("Authorization", "Basic "+creds) })
	retry := c.retry
	next = httpx.UserAgent(next, c.userAgent)
	if c.pacing {
		next = &httpx.Pacer{Base: next, Key: pacingKey}
	}
	retry.Base = next
	c.hc.Transport = &retry
	return c, nil
}

// ParseSiteURL checks a Jira site URL and returns it without a trailing
// slash. The error says what to type instead.
func ParseSiteURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, errors.New("jira: the site URL is missing; it looks like https://your-site.atlassian.net")
	}
	if !strings.Contains(s, "://") {
		return nil, fmt.Errorf("jira: site URL %q has no scheme; use https://%s", s, strings.TrimLeft(s, "/"))
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("jira: site URL %q is not a valid URL: %v", s, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("jira: site URL %q must start with https://", s)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("jira: site URL %q has no host name; it looks like https://your-site.atlassian.net", s)
	}
	if u.User != nil {
		return nil, errors.New("jira: the site URL must not contain a user name or password; give the e-mail and token separately")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("jira: site URL %q must not have a query or fragment; use %s://%s", s, u.Scheme, u.Host)
	}
	p := strings.TrimRight(u.Path, "/")
	if p != "" && !strings.HasPrefix(p, "/ex/jira/") {
		for _, bad := range []string{"/rest", "/browse", "/jira", "/secure", "/login", "/projects", "/wiki"} {
			if p == bad || strings.HasPrefix(p, bad+"/") || strings.Contains(p, bad+"/") {
				return nil, fmt.Errorf("jira: site URL %q points inside the site; use the site root %s://%s", s, u.Scheme, u.Host)
			}
		}
	}
	u.Path = p
	u.RawPath = ""
	return u, nil
}

// SiteURL returns the site root the client calls.
func (c *Client) SiteURL() string { return c.base.String() }

// Email returns the account e-mail the client authenticates with.
func (c *Client) Email() string { return c.email }

// BrowseURL returns the web address of an issue.
func (c *Client) BrowseURL(key string) string {
	return c.base.String() + "/browse/" + url.PathEscape(key)
}

// Do sends one request to path (relative to the site root, e.g.
// /rest/api/3/myself) with query and a JSON body (nil for none), and decodes
// a JSON answer into out (nil to discard it). It is the escape hatch for
// calls the client has no method for.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	_, err := c.do(ctx, method, path, query, body, out)
	return err
}

// do performs one call and returns the response headers.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) (http.Header, error) {
	u := *c.base
	u.Path = c.base.Path + path
	u.RawQuery = query.Encode()
	var rdr io.Reader
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, fmt.Errorf("jira: encoding %s %s: %w", method, path, err)
		}
		rdr = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rdr)
	if err != nil {
		return nil, fmt.Errorf("jira: %s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("jira: %s %s: %w", method, httpx.RedactURL(&u), ctxErr)
		}
		return nil, &NetworkError{Method: method, URL: httpx.RedactURL(&u), Err: unwrapURLError(err)}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("jira: %s %s: %w", method, httpx.RedactURL(&u), ctxErr)
		}
		return nil, &NetworkError{Method: method, URL: httpx.RedactURL(&u), Err: err}
	}
	if err := checkResponse(resp, data); err != nil {
		return resp.Header, err
	}
	if looksLikeHTML(resp.Header, data) {
		return resp.Header, notJiraError(resp)
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return resp.Header, nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return resp.Header, fmt.Errorf("jira: %s %s: the answer is not the JSON expected (%v); is %s a Jira Cloud site?", method, httpx.RedactURL(&u), err, c.base)
	}
	return resp.Header, nil
}

func (c *Client) get(ctx context.Context, path string, query url.Values, out any) error {
	_, err := c.do(ctx, http.MethodGet, path, query, nil, out)
	return err
}

// NetworkError is a request that got no HTTP answer.
type NetworkError struct {
	Method string
	URL    string
	Err    error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("jira: %s %s: no answer from the site: %v (check the site URL and your network)", e.Method, e.URL, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// DefaultGateway is Atlassian's API gateway, where scoped API tokens must go.
const DefaultGateway = "https://api.atlassian.com"

// GatewaySiteURL returns the site URL of a cloud ID behind the gateway
// (DefaultGateway when gateway is empty).
func GatewaySiteURL(gateway, cloudID string) string {
	if gateway == "" {
		gateway = DefaultGateway
	}
	return strings.TrimRight(gateway, "/") + "/ex/jira/" + url.PathEscape(cloudID)
}

// CloudID asks the site for its cloud ID (/_edge/tenant_info, at the root
// of the site's host), which the gateway URL of a scoped token needs.
func (c *Client) CloudID(ctx context.Context) (string, error) {
	u := url.URL{Scheme: c.base.Scheme, Host: c.base.Host, Path: "/_edge/tenant_info"}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return "", &NetworkError{Method: http.MethodGet, URL: u.String(), Err: unwrapURLError(err)}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", checkResponse(resp, data)
	}
	var t struct {
		CloudID string `json:"cloudId"`
	}
	if err := json.Unmarshal(data, &t); err != nil || t.CloudID == "" {
		return "", fmt.Errorf("jira: %s gave no cloud ID", u.String())
	}
	return t.CloudID, nil
}
