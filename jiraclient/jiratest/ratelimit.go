package jiratest

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spirajira/spirajira/internal/simkit"
)

// The limiters that answer 429 (RateLimit-Reason values of Jira's 2026
// rate-limiting page). An API-token client meets only these two: the points
// quotas apply to apps.
const (
	reasonBurst    = "jira-burst-based"        // per tenant, endpoint and method
	reasonPerIssue = "jira-per-issue-on-write" // per issue, writes only
)

// WithIssueWriteLimit gives each issue a token bucket for writes (any method
// but GET on a route naming the issue) refilled at perSecond with room for
// burst writes; a write that finds it empty gets 429 with RateLimit-Reason
// jira-per-issue-on-write. Jira publishes no numbers for this limit. The issue
// is told by the id or key in the path as sent, so an issue written by id and
// by key has two buckets here; the reference does not say whether Jira's do.
func WithIssueWriteLimit(perSecond float64, burst int) Option {
	return func(c *config) { c.issuePerS, c.issueBurst = perSecond, burst }
}

// WithRetryAfterOmitted makes every n-th 429 of the rate limits go without
// Retry-After (and without X-RateLimit-Reset, which is derived from it), as
// Jira's limiters do not always send it.
func WithRetryAfterOmitted(every int) Option {
	return func(c *config) { c.noRetryAfterEvery = every }
}

// WithLimitHeadersOn429Only keeps X-RateLimit-Limit and -Remaining off the
// answers the limit lets through. Whether Jira's burst limiter sends them on
// every answer or only near and over the limit is not documented; by default
// the simulator sends them on every answer of a rate-limited endpoint.
func WithLimitHeadersOn429Only() Option {
	return func(c *config) { c.limitHeaders429Only = true }
}

// Traffic is what one endpoint received, on the wall clock.
type Traffic struct {
	Requests     int       // all requests, refused ones included
	BurstLimited int       // answered 429 by the endpoint's burst limit
	IssueLimited int       // answered 429 by the per-issue write limit
	NoRetryAfter int       // 429s sent without Retry-After
	First, Last  time.Time // first and last request
}

// Traffic returns, per endpoint (the keys of Requests), what the endpoint
// received since the last ResetRequests.
func (s *Sim) Traffic() map[string]Traffic {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]Traffic, len(s.traffic))
	for k, v := range s.traffic {
		out[k] = *v
	}
	return out
}

// limitDecision is how the rate limits answer one request.
type limitDecision struct {
	refused    bool
	reason     string
	retryAfter int // seconds; 0: not sent
	limit      int // 0: no limit applies, no headers
	remaining  int
	headers    bool // X-RateLimit-* on an answer let through
}

// limit runs the request through the endpoint's burst bucket and, for a write
// to an issue, the issue's bucket; a request refused by either takes no token
// from the other. Call with s.mu held.
func (s *Sim) limit(key string, rt *route, params map[string]string, method string) limitDecision {
	now := time.Now()
	tr := s.traffic[key]
	if tr == nil {
		tr = &Traffic{First: now}
		s.traffic[key] = tr
	}
	tr.Requests++
	tr.Last = now

	var d limitDecision
	var eb, ib *simkit.Bucket
	if s.cfg.ratePerS > 0 {
		eb, d = refilled(s.buckets, key, now, s.cfg.ratePerS, s.cfg.rateBurst, reasonBurst)
	}
	issue := params["issueIdOrKey"]
	if !d.refused && s.cfg.issuePerS > 0 && rt != nil && method != http.MethodGet && issue != "" {
		ib, d = refilled(s.issueBuckets, strings.ToUpper(issue), now, s.cfg.issuePerS, s.cfg.issueBurst, reasonPerIssue)
	}
	if d.refused {
		switch d.reason {
		case reasonBurst:
			tr.BurstLimited++
		default:
			tr.IssueLimited++
		}
		s.refusals++
		if n := s.cfg.noRetryAfterEvery; n > 0 && s.refusals%n == 0 {
			d.retryAfter = 0
			tr.NoRetryAfter++
		}
		return d
	}
	if eb != nil {
		eb.Take()
		d.limit, d.remaining = max(s.cfg.rateBurst, 1), int(eb.Tokens())
		d.headers = !s.cfg.limitHeaders429Only
	}
	if ib != nil {
		ib.Take()
	}
	return d
}

// refilled is the bucket of key in buckets, made full at first, refilled
// at perS up to burst (at least 1); the decision refuses, for reason, when
// it holds less than a token.
func refilled(buckets map[string]*simkit.Bucket, key string, now time.Time, perS float64, burst int, reason string) (*simkit.Bucket, limitDecision) {
	burst = max(burst, 1)
	b := buckets[key]
	if b == nil {
		b = simkit.NewBucket(float64(burst), now)
		buckets[key] = b
	}
	if b.Refill(now, perS, burst) < 1 {
		return b, limitDecision{refused: true, reason: reason, limit: burst, retryAfter: b.RetryAfter(perS)}
	}
	return b, limitDecision{}
}

// setHeaders puts the budget on an answer the limit let through.
func (d limitDecision) setHeaders(h http.Header) {
	if !d.headers || d.limit == 0 {
		return
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(d.limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(d.remaining))
	if d.remaining*5 < d.limit {
		h.Set("X-RateLimit-NearLimit", "true")
	}
}

// refuse answers 429 as the limiter that fired does.
func (d limitDecision) refuse(w http.ResponseWriter) {
	rateLimited(w, d.retryAfter, d.limit, d.reason)
}

// rateLimited writes a 429; secs 0 leaves Retry-After and X-RateLimit-Reset
// out.
func rateLimited(w http.ResponseWriter, secs, limit int, reason string) {
	h := w.Header()
	if secs > 0 {
		h.Set("Retry-After", strconv.Itoa(secs))
		h.Set("X-RateLimit-Reset", time.Now().UTC().Add(time.Duration(secs)*time.Second).Format("2006-01-02T15:04Z"))
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-NearLimit", "true")
	h.Set("RateLimit-Reason", reason)
	writeError(w, http.StatusTooManyRequests, []string{"Rate limit exceeded."}, nil)
}
