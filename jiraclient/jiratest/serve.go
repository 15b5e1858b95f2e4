package jiratest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// call is one request as a handler sees it. Handlers run with s.mu held.
type call struct {
	s          *Sim
	rt         *route
	r          *http.Request
	p          map[string]string
	q          url.Values
	user       *user // nil when anonymous
	authFailed bool
	base       string
	now        time.Time
	body       []byte
	// uploads are the files of a multipart upload (attachments.go).
	uploads []upload
}

// response is what a handler returns; body is marshalled as JSON unless raw
// is set.
type response struct {
	status int
	body   any
	raw    []byte
	ctype  string
	header http.Header
	// stream is a body copied as it is read (a file), of size bytes.
	stream io.ReadCloser
	size   int64
}

func jsonResp(status int, body any) response { return response{status: status, body: body} }

func noContent() response { return response{status: http.StatusNoContent} }

// errorCollection is Jira's ErrorCollection body.
type errorCollection struct {
	ErrorMessages []string          `json:"errorMessages"`
	Errors        map[string]string `json:"errors"`
}

func errResp(status int, msgs []string, fields map[string]string) response {
	if msgs == nil {
		msgs = []string{}
	}
	if fields == nil {
		fields = map[string]string{}
	}
	return jsonResp(status, errorCollection{ErrorMessages: msgs, Errors: fields})
}

func errMsg(status int, msg string) response { return errResp(status, []string{msg}, nil) }

func fieldErr(status int, field, msg string) response {
	return errResp(status, nil, map[string]string{field: msg})
}

func writeError(w http.ResponseWriter, status int, msgs []string, fields map[string]string) {
	writeResponse(w, errResp(status, msgs, fields))
}

func writeResponse(w http.ResponseWriter, resp response) {
	for k, vs := range resp.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	switch {
	case resp.stream != nil:
		defer resp.stream.Close()
		ct := resp.ctype
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Length", strconv.FormatInt(resp.size, 10))
		w.WriteHeader(resp.status)
		_, _ = io.Copy(w, resp.stream)
	case resp.raw != nil:
		ct := resp.ctype
		if ct == "" {
			ct = "text/plain;charset=UTF-8"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(resp.status)
		_, _ = w.Write(resp.raw)
	case resp.body != nil:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(resp.body); err != nil {
			http.Error(w, "simulator: cannot encode response: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.WriteHeader(resp.status)
		_, _ = w.Write(bytes.TrimRight(buf.Bytes(), "\n"))
	default:
		w.WriteHeader(resp.status)
	}
}

const maxBody = 10 << 20

func (s *Sim) serveRoute(w http.ResponseWriter, r *http.Request, rt *route, params map[string]string) {
	c := &call{s: s, rt: rt, r: r, p: params, q: r.URL.Query(), base: baseURL(r)}
	if rt.multipart {
		ups, resp, ok := s.receiveUpload(c)
		if !ok {
			if resp.status == 0 {
				// The client went away mid-body: drop the connection, as a
				// server does, instead of answering an implicit 200.
				panic(http.ErrAbortHandler)
			}
			writeResponse(w, resp)
			return
		}
		c.uploads = ups
	} else if r.Body != nil {
		b, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			panic(http.ErrAbortHandler) // the client went away
		}
		c.body = b
	}
	if !rt.multipart && len(bytes.TrimSpace(c.body)) > 0 && !isJSONType(r.Header.Get("Content-Type")) {
		// Jira's REST layer reads bodies as JSON only.
		writeResponse(w, response{status: http.StatusUnsupportedMediaType, raw: []byte("Unsupported Media Type")})
		return
	}

	s.mu.Lock()
	c.now = s.now()
	u, presented, password := s.authenticate(r)
	c.user = u
	c.authFailed = presented && u == nil
	var resp response
	switch {
	case password:
		// Jira refuses account passwords everywhere, not only where a login
		// is needed.
		resp = c.unauthorized()
		resp.body, resp.raw = nil, []byte(passwordRefusedMsg)
	case rt.access == needsLogin && u == nil:
		resp = c.unauthorized()
	default:
		resp = rt.h(c)
	}
	s.mu.Unlock()

	if resp.header == nil {
		resp.header = http.Header{}
	}
	switch {
	case c.authFailed:
		resp.header.Set("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")
	case u != nil:
		resp.header.Set("X-Seraph-LoginReason", "OK")
		resp.header.Set("X-AAccountId", u.AccountID)
	}
	writeResponse(w, resp)
}

const passwordRefusedMsg = "Basic authentication with passwords is deprecated.  For more information, see: https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/"

func isJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// unauthorized is Jira Cloud's 401 on an operation that needs a login: a
// plain-text body, or an ErrorCollection where the spec documents one.
func (c *call) unauthorized() response {
	h := http.Header{}
	h.Set("WWW-Authenticate", `Basic realm="protected-area"`)
	if c.authFailed {
		h.Set("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")
	}
	if c.rt != nil && c.rt.jsonErr401 {
		return response{status: http.StatusUnauthorized, header: h,
			body: errorCollection{ErrorMessages: []string{"You are not authenticated. Authentication required to perform this operation."}, Errors: map[string]string{}}}
	}
	return response{status: http.StatusUnauthorized, raw: []byte("Client must be authenticated to access this resource."), header: h}
}

// authenticate returns the user the Basic credentials name, and whether any
// credentials were presented. Must be called with s.mu held.
// It also reports whether the secret was the account's password rather than
// an API token, which Jira refuses with its own message.
func (s *Sim) authenticate(r *http.Request) (*user, bool, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, false, false
	}
	scheme, rest, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Basic") {
		return nil, true, false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest))
	if err != nil {
		return nil, true, false
	}
	email, token, ok := strings.Cut(string(raw), ":")
	if !ok || token == "" {
		return nil, true, false
	}
	for _, u := range s.site.users {
		if !strings.EqualFold(u.Email, email) || !u.Active {
			continue
		}
		if u.Password != "" && token == u.Password {
			return nil, true, true
		}
		if u.Token != "" && u.Token == token {
			if u.Scoped && !viaGateway(r) {
				// A scoped token is refused on the site URL.
				return nil, true, false
			}
			return u, true, false
		}
	}
	return nil, true, false
}

// decodeJSON unmarshals the request body into v; it reports a Jira-style 400
// when the body is not JSON.
func (c *call) decodeJSON(v any) (response, bool) {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return errMsg(http.StatusBadRequest, "No content to map to Object due to end of input"), false
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return errMsg(http.StatusBadRequest, "Unexpected character in request body: "+err.Error()), false
	}
	return response{}, true
}
