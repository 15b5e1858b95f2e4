// Package jiraconform serves a Jira handler (normally the simulator) in tests
// and checks every exchange against Atlassian's published OpenAPI document for
// the Jira Cloud platform REST API v3.
//
// Paths outside /rest/ (web pages) and failures the simulator injects on
// purpose are recorded but not validated. A test
// fails when the handler answers a REST route the spec lacks with anything
// but 404/405, answers with a status the spec does not list for the operation
// (429 and 5xx excepted: Jira may send those from any operation; 415 where a
// body was not sent as JSON; 410 on the removed search), sends a body that does not match the operation's schema (or
// an error body that is not an ErrorCollection), or accepts (2xx) a request the
// spec says is invalid.
package jiraconform

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

//go:embed testdata/openapi-v3.json
var specJSON []byte

// specHost is where the loaded document routes; requests are rewritten to it
// so one router serves every test server.
const specHost = "jira.conform.invalid"

var (
	loadOnce sync.Once
	spec     *openapi3.T
	router   routers.Router
	errCol   *openapi3.Schema
	loadErr  error
)

func load() {
	// The JSON decoder and a separate reference pass are several times
	// faster than LoadFromData, which reads JSON with its YAML parser.
	doc := &openapi3.T{}
	if err := json.Unmarshal(specJSON, doc); err != nil {
		loadErr = fmt.Errorf("jiraconform: load spec: %w", err)
		return
	}
	if err := openapi3.NewLoader().ResolveRefsIn(doc, nil); err != nil {
		loadErr = fmt.Errorf("jiraconform: resolve spec references: %w", err)
		return
	}
	// The document is not passed to doc.Validate: it has small glitches (an
	// enum whose default is "") that do not affect routing or validation.
	doc.Servers = openapi3.Servers{{URL: "http://" + specHost}}
	// Jira writes date-times with milliseconds and an offset without a colon
	// (2026-01-05T09:00:00.000+0000), which RFC 3339 refuses; the published
	// spec still calls them date-time. Accept Jira's form and RFC 3339.
	doc.SetStringFormatValidator("date-time", openapi3.NewRegexpFormatValidator(
		`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})$`))
	allowNullInUntyped(doc)
	allowDocumentedNulls(doc)
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		loadErr = fmt.Errorf("jiraconform: router: %w", err)
		return
	}
	if ref := doc.Components.Schemas["ErrorCollection"]; ref != nil {
		errCol = ref.Value
	}
	spec, router = doc, r
}

// Spec returns the loaded OpenAPI document (loaded once per process).
func Spec(t testing.TB) *openapi3.T {
	t.Helper()
	loadOnce.Do(load)
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return spec
}

// Exchange is one recorded request and response.
type Exchange struct {
	Method     string
	Path       string // as requested, with the query
	Operation  string // the spec's operationId, "" when the route is not in the spec
	Status     int
	Problem    string // why the exchange does not conform; "" when it does
	ReqBody    []byte
	RespBody   []byte
	RespHeader http.Header
}

// Recorder holds the exchanges seen by a server made with NewServer.
type Recorder struct {
	mu        sync.Mutex
	exchanges []Exchange
}

// Exchanges returns a copy of what has been recorded so far.
func (r *Recorder) Exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Exchange(nil), r.exchanges...)
}

var recorders sync.Map // *httptest.Server -> *Recorder

// RecorderOf returns the recorder of a server made by NewServer, or nil.
func RecorderOf(srv *httptest.Server) *Recorder {
	if v, ok := recorders.Load(srv); ok {
		return v.(*Recorder)
	}
	return nil
}

// NewServer starts an httptest.Server serving h and validates every exchange
// against the spec, failing t on a mismatch. The server is closed when the
// test ends.
func NewServer(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	Spec(t)
	rec := &Recorder{}
	srv := httptest.NewServer(&middleware{t: t, h: h, rec: rec})
	recorders.Store(srv, rec)
	t.Cleanup(func() {
		srv.Close()
		recorders.Delete(srv)
	})
	return srv
}

// Handler wraps h with the same validation as NewServer, for callers that
// run their own server.
func Handler(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	Spec(t)
	return &middleware{t: t, h: h, rec: &Recorder{}}
}

type middleware struct {
	t   testing.TB
	h   http.Handler
	rec *Recorder
}

func (m *middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var reqBody []byte
	if r.Body != nil {
		var readErr error
		reqBody, readErr = io.ReadAll(r.Body)
		_ = r.Body.Close()
		// A body cut short reaches the handler cut short, with its error.
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(reqBody), errorReader{readErr}))
	}
	cw := &captureWriter{ResponseWriter: w, status: 0}
	m.h.ServeHTTP(cw, r)
	if cw.hijacked {
		return // a dropped connection: nothing was answered
	}
	if cw.status == 0 && r.Context().Err() != nil {
		return // the client went away before anything was answered
	}
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	ex := Exchange{Method: r.Method, Path: r.URL.RequestURI(), Status: cw.status,
		ReqBody: reqBody, RespBody: cw.body.Bytes(), RespHeader: cw.Header().Clone()}
	if ex.RespHeader.Get(faultHeader) == "" {
		ex.Operation, ex.Problem = check(r, reqBody, cw.status, ex.RespHeader, ex.RespBody)
	}
	m.rec.mu.Lock()
	m.rec.exchanges = append(m.rec.exchanges, ex)
	m.rec.mu.Unlock()
	if ex.Problem != "" {
		m.t.Errorf("jiraconform: %s %s -> %d: %s\nresponse body: %s", r.Method, ex.Path, cw.status, ex.Problem, truncate(ex.RespBody, 2000))
	}
}

// errorReader ends a replayed body as the original ended: at EOF, or with
// the error that cut it short.
type errorReader struct{ err error }

func (e errorReader) Read([]byte) (int, error) { return 0, cmp.Or(e.err, io.EOF) }

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

// Check validates one exchange against the spec and returns the operationId
// and a description of the problem ("" when it conforms). It is exported for
// tests that replay recorded traffic.
func Check(t testing.TB, req *http.Request, reqBody []byte, status int, header http.Header, body []byte) (string, string) {
	t.Helper()
	Spec(t)
	return check(req, reqBody, status, header, body)
}

// faultHeader marks a failure the simulator injected on purpose (its
// jiratest.FaultHeader); such an answer is not Jira's and is not validated.
const faultHeader = "X-Jiratest-Fault"

var gatewayPath = regexp.MustCompile(`^/ex/jira/[^/]+(/rest/.*)$`)

func check(r *http.Request, reqBody []byte, status int, header http.Header, body []byte) (string, string) {
	if m := gatewayPath.FindStringSubmatch(r.URL.Path); m != nil {
		// The api.atlassian.com gateway serves the same operations.
		r = r.Clone(r.Context())
		r.URL.Path, r.URL.RawPath = m[1], ""
	}
	if !strings.HasPrefix(r.URL.Path, "/rest/") {
		return "", "" // web pages, not the REST API
	}
	req := specRequest(r, reqBody)
	route, params, err := router.FindRoute(req)
	if err != nil {
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return "", ""
		}
		return "", fmt.Sprintf("route is not in the spec but was answered %d", status)
	}
	op := route.Operation.OperationID
	ctx := context.Background()
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, SkipSettingDefaults: true,
			SchemaValidationOptions: spec.GetSchemaValidationOptions()}}

	if status >= 200 && status < 300 {
		clampMaxResults(req, route)
		if isUpload(route) {
			// kin-openapi cannot decode a multipart body against the
			// spec's array of MultipartFile (addAttachment): check that it
			// is multipart/form-data, and the rest of the request as usual.
			if problem := checkMultipart(r.Header.Get("Content-Type"), reqBody); problem != "" {
				return op, "the request is not a multipart upload, yet it was accepted: " + problem
			}
			in.Options.ExcludeRequestBody = true
		}
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			return op, "the spec says the request is invalid, yet it was accepted: " + oneLine(err)
		}
	}

	if route.Operation.Responses.Status(status) == nil && route.Operation.Responses.Default() == nil {
		switch {
		case status == http.StatusTooManyRequests || status >= 500:
			// Any operation may be rate limited or fail on the server side.
			return op, checkErrorBody(header, body, true)
		case status == http.StatusUnsupportedMediaType && route.Operation.RequestBody != nil:
			// Jira refuses a body that is not sent as JSON.
			return op, ""
		case status == http.StatusGone && route.Operation.Deprecated && strings.Contains(route.Path, "/search"):
			return op, checkErrorBody(header, body, false)
		default:
			return op, fmt.Sprintf("status %d is not listed for %s (%s)", status, op, route.Path)
		}
	}
	if problem, handled := checkListOfObjects(route, status, header, body); handled {
		return op, problem
	}
	if len(bytes.TrimSpace(body)) == 0 {
		// Jira sends 201/204 (and a few 200s) with no body and no content
		// type; that conforms unless the spec documents a body schema.
		if ref := route.Operation.Responses.Status(status); ref != nil && ref.Value != nil {
			for ct, mt := range ref.Value.Content {
				if mt != nil && mt.Schema != nil && mt.Schema.Value != nil && !isEmptySchema(mt.Schema.Value) {
					return op, fmt.Sprintf("empty body where the spec documents a %s body", ct)
				}
			}
		}
		return op, ""
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Body: io.NopCloser(bytes.NewReader(body)), Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true,
			SchemaValidationOptions: spec.GetSchemaValidationOptions()}}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return op, oneLine(err)
	}
	if status >= 400 {
		if ref := route.Operation.Responses.Status(status); ref != nil && ref.Value != nil && len(ref.Value.Content) == 0 {
			// Jira's XSRF filter refuses an upload without
			// X-Atlassian-Token: no-check in plain text, before the resource.
			xsrf := status == http.StatusForbidden && isUpload(route) && string(bytes.TrimSpace(body)) == "XSRF check failed"
			return op, checkErrorBody(header, body, status == http.StatusUnauthorized || xsrf)
		}
	}
	return op, ""
}

// checkErrorBody accepts an ErrorCollection, or no JSON at all where Jira is
// known to send text or HTML (401s and gateway errors).
func checkErrorBody(header http.Header, body []byte, textOK bool) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return ""
	}
	mt, _, _ := mime.ParseMediaType(header.Get("Content-Type"))
	if mt != "application/json" {
		if textOK {
			return ""
		}
		return fmt.Sprintf("error body is %q, not an ErrorCollection", mt)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return "error body is not JSON: " + err.Error()
	}
	if errCol == nil {
		return ""
	}
	if err := errCol.VisitJSON(v, append(spec.GetSchemaValidationOptions(), openapi3.VisitAsResponse(), openapi3.MultiErrors())...); err != nil {
		return "error body is not an ErrorCollection: " + oneLine(err)
	}
	return ""
}

func oneLine(err error) string {
	s := err.Error()
	if len(s) > 3000 {
		s = s[:3000] + "..."
	}
	return s
}

// specRequest copies r onto the spec's host; v2 paths route to their v3
// twins, since both versions offer the same operations.
func specRequest(r *http.Request, body []byte) *http.Request {
	u := *r.URL
	u.Scheme, u.Host = "http", specHost
	for _, p := range []*string{&u.Path, &u.RawPath} {
		if strings.HasPrefix(*p, "/rest/api/2/") {
			*p = "/rest/api/3/" + strings.TrimPrefix(*p, "/rest/api/2/")
		}
	}
	req := r.Clone(context.Background())
	req.URL = &url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery}
	req.Host = specHost
	req.RequestURI = ""
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	return req
}

type captureWriter struct {
	http.ResponseWriter
	status   int
	body     bytes.Buffer
	hijacked bool
}

func (c *captureWriter) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *captureWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	c.body.Write(b)
	return c.ResponseWriter.Write(b)
}

func (c *captureWriter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c *captureWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := c.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, fmt.Errorf("jiraconform: hijacking not supported")
	}
	c.hijacked = true
	return hj.Hijack()
}

// clampMaxResults lowers maxResults to the operation's maximum before the
// request is validated: Jira caps it silently and echoes the cap, and clients
// are told to ask for a large page and read the echo.
func clampMaxResults(req *http.Request, route *routers.Route) {
	q := req.URL.Query()
	v := q.Get("maxResults")
	if v == "" {
		return
	}
	for _, p := range route.Operation.Parameters {
		if p.Value == nil || p.Value.Name != "maxResults" || p.Value.In != "query" || p.Value.Schema == nil || p.Value.Schema.Value == nil {
			continue
		}
		max := p.Value.Schema.Value.Max
		n, err := strconv.ParseFloat(v, 64)
		if max != nil && err == nil && n > *max {
			q.Set("maxResults", strconv.FormatFloat(*max, 'f', -1, 64))
			req.URL.RawQuery = q.Encode()
		}
	}
}

// checkListOfObjects handles operations whose schema names one object while
// Jira (and the spec's own example) answers a JSON array of them, as GET
// remotelink does without a globalId: each element is validated instead.
func checkListOfObjects(route *routers.Route, status int, header http.Header, body []byte) (string, bool) {
	if !bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
		return "", false
	}
	ref := route.Operation.Responses.Status(status)
	if ref == nil || ref.Value == nil {
		return "", false
	}
	mt := ref.Value.Content.Get(header.Get("Content-Type"))
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || !mt.Schema.Value.Type.Is("object") {
		return "", false
	}
	example, _ := mt.Example.(string)
	if !strings.HasPrefix(strings.TrimSpace(example), "[") {
		return "", false
	}
	var items []any
	if err := json.Unmarshal(body, &items); err != nil {
		return "body is not JSON: " + err.Error(), true
	}
	for i, it := range items {
		if err := mt.Schema.Value.VisitJSON(it, append(spec.GetSchemaValidationOptions(), openapi3.VisitAsResponse(), openapi3.MultiErrors())...); err != nil {
			return fmt.Sprintf("element %d: %s", i, oneLine(err)), true
		}
	}
	return "", true
}

// allowNullInUntyped lets the spec's untyped schemas ({}: "any value", as in
// an issue's fields map) accept null. Jira sends null for every unset issue
// field ("resolution": null), and JSON Schema's {} accepts it; OpenAPI 3.0's
// nullable default would not.
func allowNullInUntyped(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if (s.Type == nil || len(*s.Type) == 0) && len(s.Properties) == 0 && s.Items == nil &&
			len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0 && len(s.Enum) == 0 {
			s.Nullable = true
		}
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.AdditionalProperties.Schema)
		for _, l := range [][]*openapi3.SchemaRef{s.AllOf, s.AnyOf, s.OneOf} {
			for _, x := range l {
				walk(x)
			}
		}
		walk(s.Not)
	}
	for _, ref := range doc.Components.Schemas {
		walk(ref)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, resp := range op.Responses.Map() {
				if resp.Value != nil {
					for _, mt := range resp.Value.Content {
						walk(mt.Schema)
					}
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema)
				}
			}
		}
	}
}

func isEmptySchema(s *openapi3.Schema) bool {
	return (s.Type == nil || len(*s.Type) == 0) && len(s.Properties) == 0 && s.Items == nil &&
		len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0
}

// documentedNulls are properties typed as plain strings whose null values the
// spec's own examples show (and Jira sends): a changelog item's from/to of a
// field that was empty before or after the change.
var documentedNulls = map[string][]string{
	"ChangeDetails": {"from", "fromString", "to", "toString"},
}

func allowDocumentedNulls(doc *openapi3.T) {
	for name, props := range documentedNulls {
		ref := doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		for _, p := range props {
			if ps := ref.Value.Properties[p]; ps != nil && ps.Value != nil {
				ps.Value.Nullable = true
			}
		}
	}
}

// isUpload reports whether the operation takes a multipart/form-data body.
func isUpload(route *routers.Route) bool {
	rb := route.Operation.RequestBody
	return rb != nil && rb.Value != nil && rb.Value.Content.Get("multipart/form-data") != nil
}

// checkMultipart says what is wrong with a multipart/form-data body, "" when
// every part reads.
func checkMultipart(contentType string, body []byte) string {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return fmt.Sprintf("Content-Type %q", contentType)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return ""
		}
		if err != nil {
			return err.Error()
		}
		if _, err := io.Copy(io.Discard, p); err != nil {
			return err.Error()
		}
	}
}
