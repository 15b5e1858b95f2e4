package jiratest

import (
	"net/url"
	"strconv"
	"time"
)

// Wire shapes, written after the schemas of Atlassian's OpenAPI document.

type avatarURLs struct {
	X16 string `json:"16x16"`
	X24 string `json:"24x24"`
	X32 string `json:"32x32"`
	X48 string `json:"48x48"`
}

func avatars(base, kind, id string) avatarURLs {
	u := base + "/rest/api/3/universal_avatar/view/type/" + kind + "/avatar/" + url.PathEscape(id)
	if kind == "user" {
		u = "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/" + url.PathEscape(id) + "/48"
	}
	return avatarURLs{X16: u + "?size=xsmall", X24: u + "?size=small", X32: u + "?size=medium", X48: u + "?size=large"}
}

type listWrapper struct {
	Size  int   `json:"size"`
	Items []any `json:"items"`
}

type userJSON struct {
	Self         string       `json:"self"`
	AccountID    string       `json:"accountId"`
	AccountType  string       `json:"accountType"`
	EmailAddress string       `json:"emailAddress,omitempty"`
	AvatarURLs   avatarURLs   `json:"avatarUrls"`
	DisplayName  string       `json:"displayName"`
	Active       bool         `json:"active"`
	TimeZone     string       `json:"timeZone,omitempty"`
	Locale       string       `json:"locale,omitempty"`
	Groups       *listWrapper `json:"groups,omitempty"`
	AppRoles     *listWrapper `json:"applicationRoles,omitempty"`
	Expand       string       `json:"expand,omitempty"`
}

// userOut renders u as the caller sees it: the address only when the profile
// shows it (an administrator sees no more than anyone else, as in Cloud).
func (c *call) userOut(u *user, full bool) userJSON {
	j := userJSON{
		Self:        c.base + "/rest/api/3/user?accountId=" + url.QueryEscape(u.AccountID),
		AccountID:   u.AccountID,
		AccountType: u.AccountType,
		AvatarURLs:  avatars(c.base, "user", u.AccountID),
		DisplayName: u.DisplayName,
		Active:      u.Active,
		TimeZone:    u.TimeZone,
	}
	if !u.HideEmail || (c.user != nil && c.user.AccountID == u.AccountID) {
		j.EmailAddress = u.Email
	}
	if full {
		j.Locale = u.Locale
		j.Groups = &listWrapper{Size: len(u.Groups), Items: []any{}}
		j.AppRoles = &listWrapper{Size: 1, Items: []any{}}
		j.Expand = "groups,applicationRoles"
	}
	return j
}

// userRef is the short user object used inside issues, comments, components.
func (c *call) userRef(id string) any {
	u := c.s.site.users[id]
	if u == nil {
		return nil
	}
	return c.userOut(u, false)
}

// jiraTime formats t the way Jira does: milliseconds and an offset without a
// colon, in UTC (the system default time zone of the simulated site).
func jiraTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000-0700") }

type pageBean struct {
	Self       string `json:"self"`
	NextPage   string `json:"nextPage,omitempty"`
	MaxResults int    `json:"maxResults"`
	StartAt    int    `json:"startAt"`
	Total      int    `json:"total"`
	IsLast     bool   `json:"isLast"`
	Values     any    `json:"values"`
}

// paging reads startAt/maxResults with Jira's defaults and silent cap.
func (c *call) paging(def, cap int) (startAt, maxResults int) {
	startAt, _ = strconv.Atoi(c.q.Get("startAt"))
	if startAt < 0 {
		startAt = 0
	}
	maxResults = def
	if v := c.q.Get("maxResults"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			maxResults = n
		}
	}
	if maxResults > cap {
		maxResults = cap
	}
	return startAt, maxResults
}

// page cuts items into a PageBean with self and nextPage links.
func page[T any](c *call, items []T, def, cap int) pageBean {
	startAt, maxResults := c.paging(def, cap)
	end := min(startAt+maxResults, len(items))
	var vals []T
	if startAt < len(items) {
		vals = items[startAt:end]
	}
	if vals == nil {
		vals = []T{}
	}
	pb := pageBean{Self: c.pageURL(startAt, maxResults), MaxResults: maxResults, StartAt: startAt,
		Total: len(items), IsLast: startAt+len(vals) >= len(items), Values: vals}
	if !pb.IsLast {
		pb.NextPage = c.pageURL(startAt+len(vals), maxResults)
	}
	return pb
}

func (c *call) pageURL(startAt, maxResults int) string {
	q := url.Values{}
	for k, v := range c.q {
		q[k] = v
	}
	q.Set("startAt", strconv.Itoa(startAt))
	q.Set("maxResults", strconv.Itoa(maxResults))
	return c.base + c.r.URL.Path + "?" + q.Encode()
}

// userDate renders yyyy-mm-dd in the site's Day/Month/Year format (6/Jul/10).
func userDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("2/Jan/06")
}
