package jiraclient

import (
	"context"
	"net/url"
	"strconv"
)

// SearchUsers returns active users whose display name or e-mail starts with
// query. Without the Browse users and groups permission Jira answers with
// an empty list, not an error.
func (c *Client) SearchUsers(ctx context.Context, query string, maxResults int) ([]User, error) {
	q := url.Values{"query": {query}}
	if maxResults > 0 {
		q.Set("maxResults", strconv.Itoa(maxResults))
	}
	out := []User{}
	err := c.get(ctx, api+"/user/search", q, &out)
	return out, err
}

// User returns one user by account ID.
func (c *Client) User(ctx context.Context, accountID string) (*User, error) {
	var u User
	if err := c.get(ctx, api+"/user", url.Values{"accountId": {accountID}}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// UsersBulk returns the users with these account IDs, in batches.
func (c *Client) UsersBulk(ctx context.Context, accountIDs []string) ([]User, error) {
	out := []User{}
	for len(accountIDs) > 0 {
		n := min(len(accountIDs), 50)
		q := url.Values{"accountId": accountIDs[:n]}
		us, err := collect(pages[User](ctx, c, api+"/user/bulk", q, n))
		if err != nil {
			return nil, err
		}
		out = append(out, us...)
		accountIDs = accountIDs[n:]
	}
	return out, nil
}

// AssignableUsers returns the users who can be assigned issues in a project,
// optionally filtered by query; it walks the plain-array pages. Jira fetches
// a page of users and then drops the ones that cannot be assigned, so a
// short page is not the last: the walk ends at an empty one.
func (c *Client) AssignableUsers(ctx context.Context, projectKey, query string) ([]User, error) {
	out := []User{}
	const size = 100
	for start := 0; ; start += size {
		q := url.Values{"project": {projectKey}, "startAt": {strconv.Itoa(start)}, "maxResults": {strconv.Itoa(size)}}
		if query != "" {
			q.Set("query", query)
		}
		var page []User
		if err := c.get(ctx, api+"/user/assignable/search", q, &page); err != nil {
			return nil, err
		}
		if len(page) == 0 {
			return out, nil
		}
		out = append(out, page...)
	}
}
