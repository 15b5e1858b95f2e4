package spiratest

import (
	"net/http"
	"strconv"
	"strings"
)

// legacyVersionPath is system/product-version in REST v6_0, which Spira
// serves before and after 7.5; clients read it to tell an older Spira from a
// wrong URL when every v7_0 call answers 404 (F21).
const legacyVersionPath = "/Services/v6_0/RestService.svc/system/product-version"

// hasV7 reports whether the simulated version serves REST v7_0, which came
// with Spira 7.5 (F21). A version that does not parse counts as new.
func (s *Sim) hasV7() bool {
	s.mu.Lock()
	v := s.st.version.Version
	s.mu.Unlock()
	var n []int
	for _, p := range strings.Split(strings.TrimSpace(v), ".") {
		x, err := strconv.Atoi(p)
		if err != nil {
			return true
		}
		n = append(n, x)
	}
	for len(n) < 2 {
		n = append(n, 0)
	}
	return n[0] > 7 || n[0] == 7 && n[1] >= 5
}

// serveLegacy answers what a Spira older than 7.5 does under the v7_0 path
// (the web server's 404 page: the service does not exist) and the one v6_0
// call the simulator serves. It reports whether it answered.
func (s *Sim) serveLegacy(w http.ResponseWriter, r *http.Request) bool {
	path := strings.ToLower(r.URL.Path)
	if strings.EqualFold(strings.TrimSuffix(r.URL.Path, "/"), legacyVersionPath) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.requests.Add("GET " + legacyVersionPath)
		if r.Method != http.MethodGet {
			writeJSONString(w, http.StatusMethodNotAllowed, "Method not allowed.")
			return true
		}
		if s.authenticate(r) == nil {
			writeText(w, http.StatusUnauthorized, "Access Denied")
			return true
		}
		writeJSON(w, http.StatusOK, s.st.version)
		return true
	}
	if strings.HasPrefix(path, strings.ToLower(ServicePath)) && !s.hasV7() {
		s.requests.Add("UNMATCHED " + r.Method)
		notFoundPage(w)
		return true
	}
	return false
}
