package spiratest

import (
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spirajira/spirajira/internal/simkit"
)

// ServicePath is where the REST service lives under the instance URL.
const ServicePath = "/Services/v7_0/RestService.svc/"

// Account is a Spira login with its API key (RSS token, braces included).
type Account struct {
	Login  string
	APIKey string
	UserID int
}

// Authorize sets the headers by which Spira's REST API knows a request
// comes from a.
func (a Account) Authorize(r *http.Request) {
	r.Header.Set("username", a.Login)
	r.Header.Set("api-key", a.APIKey)
}

// Option configures a Sim.
type Option func(*config)

type config struct {
	latency    time.Duration
	ratePerS   float64
	rateBurst  int
	faults     float64
	seed       int64
	clock      func() time.Time
	strict     bool
	templateID int
	// putClearsExtended: PUT data-syncs/{id} clears the extended settings.
	putClearsExtended bool
	// currentPlugin: the plug-in record holds the current plug-in's slots.
	currentPlugin bool
	reads         readOptions
	// File documents (documents.go).
	docLimit   int64
	docDir     string
	uploadHook func(received int64)
}

// WithLatency delays every response by d (less if the request is cancelled).
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// WithRateLimit answers 429 with Retry-After once a token bucket refilled at
// perSecond with room for burst requests is empty.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) { c.ratePerS, c.rateBurst = perSecond, burst }
}

// WithFaults makes a fraction (0..1) of requests fail with 500, 503 or a
// dropped connection; which ones depends only on the seed, the route and how
// many requests the route has seen.
func WithFaults(fraction float64) Option { return func(c *config) { c.faults = fraction } }

// WithSeed sets the seed of the fault decisions.
func WithSeed(seed int64) Option { return func(c *config) { c.seed = seed } }

// WithClock sets the clock for server-date-time and the dates of writes.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithStrictFields makes the simulator refuse (400) a request body with a
// field Spira's DTO does not have, or with a field spelt in another case.
// Spira itself ignores unknown fields and matches names case-insensitively;
// tests use this to catch a client sending a misspelt field name.
func WithStrictFields() Option { return func(c *config) { c.strict = true } }

// WithTemplateID gives the seeded product template the ID id instead of
// TemplateID, which equals ProductID as in Spira's sample data. With the two
// apart, a client that sends a product ID where a template ID belongs (or
// the reverse) gets 404s instead of passing by luck.
func WithTemplateID(id int) Option { return func(c *config) { c.templateID = id } }

// Sim is a simulated Spira instance, safe for concurrent use.
type Sim struct {
	cfg       config
	routeList []*route
	endpoints []string

	requests simkit.Counter
	seen     simkit.Counter // per route, never reset, for fault decisions

	mu       sync.Mutex
	st       *state
	bucket   *simkit.Bucket // made at the first request
	lastDate time.Time
	// scripted answers for tests: route -> statuses to answer first
	script map[string][]int
	// products whose Name search leaves out the Description
	nameOnly map[int]bool
}

// New returns a simulator over a freshly seeded instance.
func New(opts ...Option) *Sim {
	cfg := config{seed: 1, clock: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	st := seedState()
	if cfg.currentPlugin {
		seedCurrentPlugin(st)
	}
	if cfg.templateID > 0 {
		st.renumberTemplate(TemplateID, cfg.templateID)
	}
	s := &Sim{cfg: cfg, st: st, script: map[string][]int{}}
	s.routes()
	return s
}

// Admin is the system administrator account.
func (s *Sim) Admin() Account { return s.account(adminUserID) }

// SyncAccount is the data-sync service account (a plain user, not an
// administrator), the login Spira's own data-sync service would use.
func (s *Sim) SyncAccount() Account { return s.account(syncUserID) }

// User returns the account of any seeded user by login.
func (s *Sim) User(login string) (Account, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.st.users {
		if strings.EqualFold(u.UserName, login) {
			return Account{Login: u.UserName, APIKey: u.token, UserID: u.UserId}, true
		}
	}
	return Account{}, false
}

func (s *Sim) account(id int) Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.user(id)
	return Account{Login: u.UserName, APIKey: u.token, UserID: u.UserId}
}

// SetClock replaces the clock.
func (s *Sim) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.clock = now
}

// now returns the clock in UTC at millisecond precision (Spira stores
// milliseconds); callers hold s.mu.
func (s *Sim) now() time.Time { return s.cfg.clock().UTC().Truncate(time.Millisecond) }

// stampNow is now, but strictly later than the previous write's date so
// that two writes never share a ConcurrencyDate.
func (s *Sim) stampNow() time.Time {
	t := s.now()
	if !t.After(s.lastDate) {
		t = s.lastDate.Add(time.Millisecond)
	}
	s.lastDate = t
	return t
}

// Requests returns how many requests each route received, keyed like
// "GET /Services/v7_0/RestService.svc/projects/{project_id}/incidents/{incident_id}".
func (s *Sim) Requests() map[string]int { return s.requests.Snapshot() }

// TotalRequests is the sum of Requests.
func (s *Sim) TotalRequests() int { return s.requests.Total() }

// ResetRequests zeroes the request counters.
func (s *Sim) ResetRequests() { s.requests.Reset() }

// Endpoints lists every route the simulator serves, sorted.
func (s *Sim) Endpoints() []string {
	out := append([]string(nil), s.endpoints...)
	sort.Strings(out)
	return out
}

// FailNext makes the next len(statuses) requests to the route (method and
// path template as in Requests, e.g. "GET users") answer with those statuses
// before the route works again. A 429 carries Retry-After: 1 and an HTML
// status 200 answers a login page instead of JSON, as a misconfigured proxy
// does (use StatusHTML).
func (s *Sim) FailNext(route string, statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := routeKey(route)
	s.script[key] = append(s.script[key], statuses...)
}

// StatusHTML, given to FailNext, answers 200 with an HTML login page.
const StatusHTML = 299

func routeKey(route string) string {
	m, p, ok := strings.Cut(route, " ")
	if !ok {
		return route
	}
	return m + " " + ServicePath + strings.TrimPrefix(p, "/")
}

// ServeHTTP implements http.Handler.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodOptions {
		s.preflight(w, r)
		return
	}
	s.cors(w, r)
	if s.serveLegacy(w, r) {
		return
	}
	rt, pathKnown := s.match(r)
	key := "UNMATCHED " + r.Method
	if rt != nil {
		key = rt.key
	}

	s.mu.Lock()
	s.requests.Add(key)
	n := uint64(s.seen.Add(key))
	retryAfter, limited := s.takeToken()
	var scripted int
	if q := s.script[key]; len(q) > 0 {
		scripted, s.script[key] = q[0], q[1:]
	}
	s.mu.Unlock()

	if !simkit.Delay(r.Context(), s.cfg.latency) {
		return
	}
	if limited {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		writeText(w, http.StatusTooManyRequests, "Too many requests. Please try again later.")
		return
	}
	if scripted != 0 {
		s.answerScripted(w, scripted)
		return
	}
	switch s.fault(key, n) {
	case 1:
		writeText(w, http.StatusInternalServerError, "The server encountered an error processing the request.")
		return
	case 2:
		writeText(w, http.StatusServiceUnavailable, "Service Unavailable")
		return
	case 3:
		if simkit.DropConn(w) {
			return
		}
		writeText(w, http.StatusBadGateway, "Bad Gateway")
		return
	}
	if rt == nil {
		if pathKnown {
			writeJSONString(w, http.StatusMethodNotAllowed, "Method not allowed.")
			return
		}
		if _, inService := cutServicePath(r.URL.Path); !inService {
			// Outside the REST service the web server answers, not WCF.
			notFoundPage(w)
			return
		}
		writeJSONString(w, http.StatusNotFound, "Endpoint not found.")
		return
	}
	rt.h(w, r)
}

// notFoundPage is the web server's own 404 page, as IIS sends for a path
// that is no part of the Spira application.
func notFoundPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(`<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>404 - File or directory not found.</title></head>
<body><div id="header"><h1>Server Error</h1></div><div id="content"><h2>404 - File or directory not found.</h2>
<h3>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</h3></div></body></html>`))
}

func (s *Sim) answerScripted(w http.ResponseWriter, status int) {
	switch status {
	case StatusHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>SpiraPlan: Login</title></head><body><form action=\"Login.aspx\"></form></body></html>"))
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "1")
		writeText(w, status, "Too many requests. Please try again later.")
	case http.StatusUnauthorized:
		writeText(w, status, "Access Denied")
	default:
		writeJSONString(w, status, http.StatusText(status))
	}
}

// takeToken spends a token of the instance's one bucket, or reports the
// Retry-After seconds when there is none; call with s.mu held.
func (s *Sim) takeToken() (retryAfter int, limited bool) {
	if s.cfg.ratePerS <= 0 {
		return 0, false
	}
	now := time.Now()
	if s.bucket == nil {
		s.bucket = simkit.NewBucket(float64(s.cfg.rateBurst), now)
	}
	if s.bucket.Refill(now, s.cfg.ratePerS, s.cfg.rateBurst) >= 1 {
		s.bucket.Take()
		return 0, false
	}
	return s.bucket.RetryAfter(s.cfg.ratePerS), true
}

// fault returns 0 (none), 1 (500), 2 (503) or 3 (dropped connection).
func (s *Sim) fault(key string, n uint64) int {
	if s.cfg.faults <= 0 {
		return 0
	}
	h := fnv.New64a()
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(s.cfg.seed))
	binary.LittleEndian.PutUint64(b[8:], n)
	_, _ = h.Write(b[:])
	_, _ = h.Write([]byte(key))
	v := h.Sum64()
	if float64(v%1_000_000)/1_000_000 >= s.cfg.faults {
		return 0
	}
	return int(v>>32)%3 + 1
}

func writeText(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeText(w, 500, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeJSONString is how Spira's REST layer reports most errors: the
// message as a JSON string.
func writeJSONString(w http.ResponseWriter, status int, msg string) { writeJSON(w, status, msg) }

func writeFault(w http.ResponseWriter, summary string, fields ...wFaultMessage) {
	writeJSON(w, http.StatusBadRequest, wFault{Summary: summary, Messages: fields})
}

func noContent(w http.ResponseWriter) { w.WriteHeader(http.StatusOK) }
