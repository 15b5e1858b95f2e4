package jiratest

import (
	"context"
	"encoding/binary"
	"hash/fnv"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "time/tzdata" // user profile time zones must resolve on any machine

	"github.com/spirajira/spirajira/internal/simkit"
)

// Account is a login on the simulated site: Basic auth uses Email and Token.
type Account struct {
	AccountID   string
	Email       string
	Token       string
	DisplayName string
}

// CloudID is the simulated site's cloud id, served at /_edge/tenant_info.
// The site also answers under /ex/jira/{CloudID}/..., the path of
// Atlassian's API gateway (https://api.atlassian.com/ex/jira/{cloudId}),
// where scoped API tokens must be used.
const CloudID = "b7c2e0f4-5a1d-4c3e-9f6a-2d8e7b1c0a91"

const gatewayPrefix = "/ex/jira/"

type gatewayKey struct{}

// Option configures a Sim.
type Option func(*config)

type config struct {
	latency             time.Duration
	ratePerS            float64
	rateBurst           int
	issuePerS           float64 // per-issue write limit (ratelimit.go)
	issueBurst          int
	noRetryAfterEvery   int
	limitHeaders429Only bool
	faults              float64
	seed                int64
	clock               func() time.Time
	indexLag            time.Duration
	// Workflow effects (postfunctions.go).
	assignOn     []string
	leadAssignee bool
	// Attachments (attachments.go).
	uploadLimit int64
	attachDir   string
	mediaURL    string
	uploadHook  func(issueKey string, received int64)
}

// WithLatency delays every response by d (the wait ends early when the
// request is cancelled).
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// WithRateLimit gives each endpoint (method and path template) a token bucket
// refilled at perSecond with room for burst requests; a request that finds the
// bucket empty gets 429 with Retry-After, as Jira's burst limiter answers.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) { c.ratePerS, c.rateBurst = perSecond, burst }
}

// WithFaults makes a fraction (0..1) of requests fail with a 5xx status or a
// dropped connection. Which requests fail depends only on the seed, the
// endpoint and how many requests that endpoint has seen.
func WithFaults(fraction float64) Option { return func(c *config) { c.faults = fraction } }

// WithIndexLag makes issue search eventually consistent, as Jira's is: an
// issue written less than d ago (on the site clock) is missing from
// /search/jql results unless its id is passed in reconcileIssues. GET issue
// always sees the latest state.
func WithIndexLag(d time.Duration) Option { return func(c *config) { c.indexLag = d } }

// WithSeed sets the seed that decides which requests fault.
func WithSeed(seed int64) Option { return func(c *config) { c.seed = seed } }

// WithClock sets the clock used for serverTime and the created/updated times
// of writes.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// Sim is a simulated Jira Cloud site. It is safe for concurrent use.
type Sim struct {
	cfg    config
	routes []*route

	requests simkit.Counter
	seen     simkit.Counter // per endpoint, never reset, for fault decisions

	mu      sync.Mutex
	site    *site
	buckets map[string]*simkit.Bucket
	// Rate limit state (ratelimit.go).
	issueBuckets map[string]*simkit.Bucket
	traffic      map[string]*Traffic
	refusals     int
	queued       map[string][]faultKind // FailNext
}

// New returns a simulator over a freshly seeded site.
func New(opts ...Option) *Sim {
	cfg := config{seed: 1, clock: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Sim{
		cfg:     cfg,
		site:    seedSite(),
		buckets: map[string]*simkit.Bucket{},

		issueBuckets: map[string]*simkit.Bucket{},
		traffic:      map[string]*Traffic{},
	}
	s.routes = s.routeTable()
	return s
}

// Admin is the site administrator (Administer Jira, Browse users and groups).
func (s *Sim) Admin() Account { return s.account(adminID) }

// NonAdmin is an ordinary user who can browse, create, edit and transition
// issues in LIB but cannot administer anything.
func (s *Sim) NonAdmin() Account { return s.account(memberID) }

func (s *Sim) account(id string) Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.site.users[id]
	return Account{AccountID: u.AccountID, Email: u.Email, Token: u.Token, DisplayName: u.DisplayName}
}

// SetClock replaces the clock used for serverTime and writes.
func (s *Sim) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.clock = now
}

// now is the site clock at Jira's precision: milliseconds, so a time read
// back from the API compares equal to what was stored.
func (s *Sim) now() time.Time { return s.cfg.clock().Truncate(time.Millisecond) }

// Requests returns how many requests each endpoint has received, keyed by
// method and the spec's path template, e.g. "GET /rest/api/3/search/jql".
// Requests refused by the rate limit or a fault are counted too.
func (s *Sim) Requests() map[string]int { return s.requests.Snapshot() }

// TotalRequests is the sum of Requests.
func (s *Sim) TotalRequests() int { return s.requests.Total() }

// ResetRequests sets all request counters to zero, Traffic's too.
func (s *Sim) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests.Reset()
	s.traffic = map[string]*Traffic{}
}

// Endpoints lists the method and path template of every route the simulator
// serves, sorted.
func (s *Sim) Endpoints() []string {
	out := make([]string, 0, len(s.routes))
	for _, rt := range s.routes {
		out = append(out, rt.name())
	}
	sort.Strings(out)
	return out
}

// ServeHTTP implements http.Handler.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_edge/tenant_info" && r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"cloudId":"` + CloudID + `"}`))
		return
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, gatewayPrefix); ok {
		cloud, tail, _ := strings.Cut(rest, "/")
		if cloud != CloudID {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"errorMessage":"Site temporarily unavailable"}`))
			return
		}
		r2 := r.Clone(context.WithValue(r.Context(), gatewayKey{}, gatewayPrefix+cloud))
		r2.URL.Path = "/" + tail
		r2.URL.RawPath = ""
		r = r2
	}
	if p, ok := strings.CutPrefix(r.URL.Path, mediaPrefix); ok && s.cfg.mediaURL == "" {
		s.serveMedia(w, r, p)
		return
	}
	rt, params := s.match(r)
	key := "UNMATCHED " + r.Method
	if rt != nil {
		key = rt.name()
	}

	s.mu.Lock()
	s.requests.Add(key)
	n := uint64(s.seen.Add(key))
	lim := s.limit(key, rt, params, r.Method)
	queued := s.nextQueued(key)
	s.mu.Unlock()

	if !simkit.Delay(r.Context(), s.cfg.latency) {
		return
	}
	if queued != faultNone {
		s.injectFault(w, r, queued, rt, params)
		return
	}
	if lim.refused {
		lim.refuse(w)
		return
	}
	lim.setHeaders(w.Header())
	if f := s.fault(key, n); f != faultNone {
		s.injectFault(w, r, f, rt, params)
		return
	}
	if rt == nil {
		s.notFoundRoute(w, r)
		return
	}
	s.serveRoute(w, r, rt, params)
}

type faultKind int

// The first six kinds are drawn by WithFaults; the rest only by FailNext.
const (
	faultNone faultKind = iota
	fault500
	fault502
	fault503
	fault504
	faultDropBefore // connection closed before the request is applied
	faultDropAfter  // applied, then the connection is closed without a response
	fault429
	fault503Date
	faultHTML
)

// Fault is a failure FailNext injects on demand.
type Fault int

// Faults for FailNext.
const (
	Fault500       = Fault(fault500)        // 500 with an ErrorCollection
	Fault502       = Fault(fault502)        // 502 with a gateway's HTML page
	Fault503       = Fault(fault503)        // 503 with Retry-After: 1
	Fault503Date   = Fault(fault503Date)    // 503 with Retry-After as an HTTP date, a second ahead
	Fault504       = Fault(fault504)        // 504 with a gateway's HTML page
	Fault429       = Fault(fault429)        // 429 with Retry-After: 1, as the burst limiter answers
	FaultDrop      = Fault(faultDropBefore) // the connection closes before the request is applied
	FaultDropAfter = Fault(faultDropAfter)  // the request is applied, then the connection closes unanswered
	FaultHTML      = Fault(faultHTML)       // 200 with an HTML login page, as a proxy or SSO in the way answers
)

// FaultHeader is set on every injected fault's response (a dropped
// connection has none).
const FaultHeader = "X-Jiratest-Fault"

// AnyEndpoint makes FailNext apply to whichever endpoint is called next.
const AnyEndpoint = "*"

// FailNext makes the next requests to endpoint (a key of Requests, such as
// "GET /rest/api/3/myself", or AnyEndpoint) fail with faults, one per
// request, in order; later requests are served normally. Queued faults come
// before the rate limit and WithFaults.
func (s *Sim) FailNext(endpoint string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.queued == nil {
		s.queued = map[string][]faultKind{}
	}
	for _, f := range faults {
		s.queued[endpoint] = append(s.queued[endpoint], faultKind(f))
	}
}

// nextQueued pops the fault queued for key (or for any endpoint); call with
// s.mu held.
func (s *Sim) nextQueued(key string) faultKind {
	for _, k := range []string{key, AnyEndpoint} {
		if q := s.queued[k]; len(q) > 0 {
			s.queued[k] = q[1:]
			return q[0]
		}
	}
	return faultNone
}

// fault decides, from the seed, the endpoint and the request's ordinal on that
// endpoint only, whether this request fails and how.
func (s *Sim) fault(key string, n uint64) faultKind {
	if s.cfg.faults <= 0 {
		return faultNone
	}
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(s.cfg.seed))
	h.Write(b[:])
	h.Write([]byte(key))
	binary.LittleEndian.PutUint64(b[:], n)
	h.Write(b[:])
	v := h.Sum64()
	if float64(v>>11)/float64(1<<53) >= s.cfg.faults {
		return faultNone
	}
	return faultKind(1 + (v&0xff)%6)
}

// injectFault answers with the fault instead of the operation (a drop-after
// fault applies the operation first and discards its answer).
func (s *Sim) injectFault(w http.ResponseWriter, r *http.Request, f faultKind, rt *route, params map[string]string) {
	// Marks the answer as the simulator's doing, not Jira's: jiraconform
	// leaves such exchanges unvalidated.
	w.Header().Set(FaultHeader, strconv.Itoa(int(f)))
	switch f {
	case fault500:
		writeError(w, http.StatusInternalServerError, []string{"Internal server error"}, nil)
	case fault502:
		w.Header().Set("Content-Type", "text/html;charset=UTF-8")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
	case fault503:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, []string{"Service unavailable"}, nil)
	case fault503Date:
		w.Header().Set("Retry-After", time.Now().Add(time.Second).UTC().Format(http.TimeFormat))
		writeError(w, http.StatusServiceUnavailable, []string{"Service unavailable"}, nil)
	case fault429:
		rateLimited(w, 1, max(s.cfg.rateBurst, 1), reasonBurst)
	case faultHTML:
		w.Header().Set("Content-Type", "text/html;charset=UTF-8")
		_, _ = w.Write([]byte(loginPage))
	case fault504:
		w.Header().Set("Content-Type", "text/html;charset=UTF-8")
		w.WriteHeader(http.StatusGatewayTimeout)
		_, _ = w.Write([]byte("<html><body><h1>504 Gateway Timeout</h1></body></html>"))
	case faultDropBefore:
		dropConn(w)
	case faultDropAfter:
		if rt != nil {
			s.serveRoute(discardWriter{h: http.Header{}}, r, rt, params)
		}
		dropConn(w)
	}
}

func dropConn(w http.ResponseWriter) {
	if simkit.DropConn(w) {
		return
	}
	// No hijacking (e.g. HTTP/2 or a recorder): abort the handler, which the
	// server turns into a reset stream or closed connection.
	panic(http.ErrAbortHandler)
}

type discardWriter struct{ h http.Header }

func (d discardWriter) Header() http.Header         { return d.h }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}
