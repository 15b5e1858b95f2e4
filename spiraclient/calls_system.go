package spiraclient

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"
)

func itoa(i int) string { return strconv.Itoa(i) }

// CurrentUser returns the authenticated user (GET users); it is the cheapest
// way to check a login and API key.
func (c *Client) CurrentUser(ctx context.Context) (*RemoteUser, error) {
	var u RemoteUser
	if err := c.do(ctx, request{method: "GET", path: "users"}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// User returns one user by ID.
func (c *Client) User(ctx context.Context, userID int) (*RemoteUser, error) {
	var u RemoteUser
	if err := c.do(ctx, request{method: "GET", path: "users/" + itoa(userID)}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UserByLogin returns one user by login (UserName).
func (c *Client) UserByLogin(ctx context.Context, login string, includeInactive bool) (*RemoteUser, error) {
	var u RemoteUser
	q := url.Values{"include_inactive": {strconv.FormatBool(includeInactive)}}
	if err := c.do(ctx, request{method: "GET", path: "users/usernames/" + url.PathEscape(login), query: q}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// Users returns all users, inactive ones too (GET users/all; system
// administrators only). It pages with include_inactive, start_row and
// number_rows as Inflectra's v7 clients do (F23). v6 takes no parameter
// and answers everyone at once, so the walk also ends on a page longer
// than asked or one that brings no user it has already seen.
func (c *Client) Users(ctx context.Context) ([]RemoteUser, error) {
	size := c.rows()
	seen := map[int]bool{}
	var out []RemoteUser
	for start := 1; ; {
		q := url.Values{"include_inactive": {"true"}, "start_row": {itoa(start)}, "number_rows": {itoa(size)}}
		var page []RemoteUser
		if err := c.do(ctx, request{method: "GET", path: "users/all", query: q}, &page); err != nil {
			return out, err
		}
		fresh := 0
		for _, u := range page {
			if !seen[u.UserID] {
				seen[u.UserID] = true
				out = append(out, u)
				fresh++
			}
		}
		if len(page) != size || fresh == 0 {
			return out, nil
		}
		start += len(page)
	}
}

// ServerDateTime returns Spira's clock (UTC). A sync captures it first and
// posts it to DataSyncSuccess when done.
func (c *Client) ServerDateTime(ctx context.Context) (time.Time, error) {
	var t Time
	if err := c.do(ctx, request{method: "GET", path: "system/settings/server-date-time"}, &t); err != nil {
		return time.Time{}, err
	}
	return t.Time, nil
}

// WebServerURL returns the base URL Spira uses for links to itself.
func (c *Client) WebServerURL(ctx context.Context) (string, error) {
	var s string
	err := c.do(ctx, request{method: "GET", path: "system/settings/web-server-url"}, &s)
	return s, err
}

// ProductName returns the product name (SpiraTest, SpiraTeam, SpiraPlan).
func (c *Client) ProductName(ctx context.Context) (string, error) {
	var s string
	err := c.do(ctx, request{method: "GET", path: "system/settings/product-name"}, &s)
	return s, err
}

// ProductVersion returns the installed Spira version. A Spira older than
// 7.5 has no REST v7_0, so the version is then read from REST v6_0.
func (c *Client) ProductVersion(ctx context.Context) (*RemoteVersion, error) {
	var v RemoteVersion
	err := c.do(ctx, request{method: "GET", path: "system/product-version"}, &v)
	var old *TooOldError
	if errors.As(err, &old) {
		return &old.Version, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}
