package spiratest

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

// call is one authenticated request being served; handlers run with s.mu
// held.
type call struct {
	s *Sim
	w http.ResponseWriter
	r *http.Request
	u *user
}

type handler func(c *call)

// route is one operation: method and path template under ServicePath.
type route struct {
	method, key string
	segs        []string
	h           http.HandlerFunc
}

func (s *Sim) handle(tmpl string, h handler) {
	m, p, _ := strings.Cut(tmpl, " ")
	s.endpoints = append(s.endpoints, tmpl)
	s.routeList = append(s.routeList, &route{method: m, key: m + " " + ServicePath + p, segs: strings.Split(p, "/"),
		h: func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			defer s.mu.Unlock()
			u := s.authenticate(r)
			if u == nil {
				writeText(w, http.StatusUnauthorized, "Access Denied")
				return
			}
			h(&call{s: s, w: w, r: r, u: u})
		}})
}

// match finds the route of r, preferring literal segments over variables
// (so incidents/search wins over incidents/{incident_id}), and sets the
// path values. It returns nil when no route has the path, and the route
// with ok false when the path exists for other methods only.
func (s *Sim) match(r *http.Request) (rt *route, pathKnown bool) {
	rest, found := cutServicePath(r.URL.Path)
	if !found {
		return nil, false
	}
	segs := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	best, bestScore := (*route)(nil), -1
	for _, c := range s.routeList {
		if len(c.segs) != len(segs) {
			continue
		}
		score, ok := 0, true
		for i, seg := range c.segs {
			if strings.HasPrefix(seg, "{") {
				continue
			}
			if !strings.EqualFold(seg, segs[i]) {
				ok = false
				break
			}
			score++
		}
		if !ok {
			continue
		}
		pathKnown = true
		if c.method == r.Method && score > bestScore {
			best, bestScore = c, score
		}
	}
	if best != nil {
		for i, seg := range best.segs {
			if strings.HasPrefix(seg, "{") {
				r.SetPathValue(strings.Trim(seg, "{}"), segs[i])
			}
		}
	}
	return best, pathKnown
}

// cutServicePath strips ServicePath from p, in any case: IIS and WCF match
// the path case-insensitively, and Inflectra's own clients write it
// .../services/..., .../Restservice.svc (F16).
func cutServicePath(p string) (string, bool) {
	if len(p) < len(ServicePath) || !strings.EqualFold(p[:len(ServicePath)], ServicePath) {
		return p, false
	}
	return p[len(ServicePath):], true
}

// authenticate tries Spira's three methods in its order, each while the
// request is still unauthenticated (F15): Basic auth, the username/api-key
// headers, then the username/api-key query parameters, trimmed. So a
// proxy's own Basic header does not stop header authentication. A Basic
// value that is not base64 throws inside Spira's check and refuses the
// request outright. The API key is the RSS token with its braces; an
// inactive or locked user cannot log in.
func (s *Sim) authenticate(r *http.Request) *user {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Basic ") {
		b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(h, "Basic "))
		if err != nil {
			return nil
		}
		login, key, _ := strings.Cut(string(b), ":")
		if u := s.login(login, key); u != nil {
			return u
		}
	}
	if login := r.Header.Get("username"); login != "" {
		if u := s.login(login, r.Header.Get("api-key")); u != nil {
			return u
		}
	}
	q := r.URL.Query()
	return s.login(strings.TrimSpace(q.Get("username")), strings.TrimSpace(q.Get("api-key")))
}

func (s *Sim) login(login, key string) *user {
	if login == "" || key == "" {
		return nil
	}
	for _, u := range s.st.users {
		if strings.EqualFold(u.UserName, login) && u.token == key && u.Active && !u.Locked && !u.rssOff {
			return u
		}
	}
	return nil
}

// decode reads the JSON body into v; a malformed body is a 400.
func (c *call) decode(v any) bool {
	b, err := io.ReadAll(io.LimitReader(c.r.Body, 16<<20))
	if err == nil {
		err = json.Unmarshal(b, v)
		if err == nil && c.s.cfg.strict {
			var generic any
			_ = json.Unmarshal(b, &generic)
			err = checkFieldNames(generic, reflect.TypeOf(v), "")
		}
	}
	if err != nil {
		writeJSONString(c.w, http.StatusBadRequest, "The request body is not valid JSON for this operation: "+err.Error())
		return false
	}
	return true
}

// project resolves {project_id} and checks that the caller is a member (or
// a system administrator); Spira answers 401 to non-members.
func (c *call) project() (*wProject, bool) {
	pid, ok := c.pathInt("project_id")
	if !ok {
		return nil, false
	}
	p := c.s.st.project(pid)
	if p == nil {
		writeJSONString(c.w, http.StatusNotFound, "The project "+strconv.Itoa(pid)+" does not exist.")
		return nil, false
	}
	if !c.u.Admin && !c.s.st.isMember(pid, c.u.UserId) {
		writeText(c.w, http.StatusUnauthorized, "Not Authorized to access this project")
		return nil, false
	}
	return p, true
}

func (c *call) template() (*tpl, bool) {
	tid, ok := c.pathInt("project_template_id")
	if !ok {
		return nil, false
	}
	t := c.s.st.template(tid)
	if t == nil {
		writeJSONString(c.w, http.StatusNotFound, "The project template "+strconv.Itoa(tid)+" does not exist.")
		return nil, false
	}
	return t, true
}

func (c *call) requireAdmin() bool {
	if !c.u.Admin {
		writeText(c.w, http.StatusUnauthorized, "Only system administrators can do this.")
		return false
	}
	return true
}

func (c *call) ok(v any)          { writeJSON(c.w, http.StatusOK, v) }
func (c *call) notFound(m string) { writeJSONString(c.w, http.StatusNotFound, m) }

func page[T any](all []T, start, n int) []T {
	out := []T{}
	if start-1 >= len(all) {
		return out
	}
	end := min(len(all), start-1+n)
	return append(out, all[start-1:end]...)
}

// preflight answers a CORS preflight as Spira's web server does: the
// origin is echoed only when it is one of the Allowed Domains.
func (s *Sim) preflight(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin != "" && s.originAllowed(origin) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Content-Type, Accept, username, api-key, Authorization")
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Max-Age", "86400")
		h.Add("Vary", "Origin")
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Sim) cors(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); origin != "" && s.originAllowed(origin) {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Add("Vary", "Origin")
	}
}

func (s *Sim) originAllowed(origin string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.st.allowedDomains {
		if d == "*" || strings.EqualFold(strings.TrimRight(d, "/"), strings.TrimRight(origin, "/")) {
			return true
		}
	}
	return false
}
