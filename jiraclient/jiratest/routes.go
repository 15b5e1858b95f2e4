package jiratest

import "net/http"

// routeTable lists every operation the simulator serves, by the spec's method
// and path template. Anything else is a 404 (405 for a known path).
func (s *Sim) routeTable() []*route {
	const (
		get  = http.MethodGet
		post = http.MethodPost
		put  = http.MethodPut
	)
	return []*route{
		newRoute(get, "/rest/api/3/myself", needsLogin, s.hMyself),
		newRoute(get, "/rest/api/3/serverInfo", anonymousOK, s.hServerInfo),
		newRoute(get, "/rest/api/3/project/search", anonymousOK, s.hProjectSearch),
		newRoute(get, "/rest/api/3/project/{projectIdOrKey}", anonymousOK, s.hProjectGet),
	}
}
