package jiratest

import (
	"net/http"
	"strings"
)

// canBrowseUsers is the Browse users and groups global permission.
func (c *call) canBrowseUsers() bool { return c.user != nil && !c.user.NoBrowseUsers }

// matchesQuery is Jira's user query: a prefix of any word of the display
// name, or of a visible e-mail address.
func matchesQuery(u *user, q string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(u.DisplayName)) {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	if strings.HasPrefix(strings.ToLower(u.DisplayName), q) {
		return true
	}
	return !u.HideEmail && strings.HasPrefix(strings.ToLower(u.Email), q)
}

func (s *Sim) hUserSearch(c *call) response {
	query, accountID, property := c.q.Get("query"), c.q.Get("accountId"), c.q.Get("property")
	if query == "" && accountID == "" && property == "" {
		return errMsg(http.StatusBadRequest, "One of 'query' or 'accountId' or 'property' query parameters must be provided")
	}
	if query != "" && accountID != "" {
		return errMsg(http.StatusBadRequest, "Only one of 'query' or 'accountId' query parameters can be provided")
	}
	out := []userJSON{}
	if c.canBrowseUsers() {
		for _, id := range s.site.userOrder {
			u := s.site.users[id]
			if !u.Active {
				continue
			}
			if (accountID != "" && u.AccountID == accountID) || (query != "" && matchesQuery(u, query)) {
				out = append(out, c.userOut(u, false))
			}
		}
	}
	startAt, maxResults := c.paging(50, 1000)
	if startAt >= len(out) {
		return jsonResp(http.StatusOK, []userJSON{})
	}
	return jsonResp(http.StatusOK, out[startAt:min(len(out), startAt+maxResults)])
}

const noUserMsg = "Specified user does not exist or you do not have required permissions"

func (s *Sim) hUserGet(c *call) response {
	if !c.canBrowseUsers() {
		return errMsg(http.StatusForbidden, "You do not have the permission to see the specified user.")
	}
	u := s.site.users[c.q.Get("accountId")]
	if u == nil {
		return errMsg(http.StatusNotFound, noUserMsg)
	}
	j := c.userOut(u, true)
	if !c.expands("groups") {
		j.Groups.Items = []any{}
	}
	return jsonResp(http.StatusOK, j)
}

func (s *Sim) hUserBulk(c *call) response {
	ids := c.q["accountId"]
	if len(ids) == 0 {
		return errMsg(http.StatusBadRequest, "The request must contain at least one 'accountId'.")
	}
	out := []userJSON{}
	if c.canBrowseUsers() {
		for _, id := range ids {
			if u := s.site.users[id]; u != nil {
				out = append(out, c.userOut(u, false))
			}
		}
	}
	return jsonResp(http.StatusOK, page(c, out, 10, 200))
}

func (s *Sim) hUserAssignable(c *call) response {
	key := c.q.Get("project")
	if key == "" && c.q.Get("issueKey") != "" {
		if is := c.visibleIssue(c.q.Get("issueKey")); is != nil {
			key = is.ProjectID
		}
	}
	if key == "" {
		return errMsg(http.StatusBadRequest, "A project key or issue key is required.")
	}
	p := c.visibleProject(key)
	if p == nil {
		return c.projectNotFound(key)
	}
	query, accountID := c.q.Get("query"), c.q.Get("accountId")
	var fetched []*user
	for _, id := range s.site.userOrder {
		u := s.site.users[id]
		if accountID != "" && u.AccountID != accountID {
			continue
		}
		if query != "" && !matchesQuery(u, query) {
			continue
		}
		fetched = append(fetched, u)
	}
	// As the spec says, Jira fetches a page of users and then keeps the
	// assignable ones, so a page can come back short, even empty, with
	// more users after it.
	startAt, maxResults := c.paging(50, 1000)
	out := []userJSON{}
	if startAt < len(fetched) {
		for _, u := range fetched[startAt:min(len(fetched), startAt+maxResults)] {
			if u.Active && u.AccountType == "atlassian" {
				out = append(out, c.userOut(u, false))
			}
		}
	}
	return jsonResp(http.StatusOK, out)
}
