package jiraclient

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/internal/httpx"
)

// SearchPage runs one page of a JQL search on /search/jql. Pass the
// returned NextPageToken in req.NextPageToken for the next page; it is empty
// on the last page. Jira returns only the id unless Fields asks for more,
// and refuses unbounded JQL.
func (c *Client) SearchPage(ctx context.Context, req SearchRequest) (*SearchPage, error) {
	var p SearchPage
	if _, err := c.do(httpx.Idempotent(ctx), http.MethodPost, api+"/search/jql", nil, req, &p); err != nil {
		return nil, err
	}
	if p.IsLast {
		p.NextPageToken = ""
	}
	return &p, nil
}

// Search walks every issue matching req, page by page. A repeated page
// token ends the walk with an error rather than looping forever.
func (c *Client) Search(ctx context.Context, req SearchRequest) iter.Seq2[Issue, error] {
	return func(yield func(Issue, error) bool) {
		seen := map[string]bool{}
		for {
			p, err := c.SearchPage(ctx, req)
			if err != nil {
				yield(Issue{}, err)
				return
			}
			for _, is := range p.Issues {
				if !yield(is, nil) {
					return
				}
			}
			if p.NextPageToken == "" || len(p.Issues) == 0 {
				return
			}
			if seen[p.NextPageToken] {
				yield(Issue{}, errors.New("jira: search returned the same page token twice"))
				return
			}
			seen[p.NextPageToken] = true
			req.NextPageToken = p.NextPageToken
		}
	}
}

// IssueOptions chooses what GetIssue returns.
type IssueOptions struct {
	// Fields to return (default all); "*navigable", "-comment" and ids.
	Fields []string
	// Expand, e.g. "renderedFields,names,transitions".
	Expand string
	// Properties to return ("*all" or keys).
	Properties []string
}

// GetIssue returns one issue by ID or key (an old key of a moved issue
// still resolves; store the ID).
func (c *Client) GetIssue(ctx context.Context, idOrKey string, o IssueOptions) (*Issue, error) {
	q := url.Values{}
	if len(o.Fields) > 0 {
		q.Set("fields", strings.Join(o.Fields, ","))
	}
	if o.Expand != "" {
		q.Set("expand", o.Expand)
	}
	if len(o.Properties) > 0 {
		q.Set("properties", strings.Join(o.Properties, ","))
	}
	var is Issue
	if err := c.get(ctx, api+"/issue/"+esc(idOrKey), q, &is); err != nil {
		return nil, err
	}
	return &is, nil
}

// CreateIssue creates an issue; properties in u are set atomically with it.
// It is not retried on server errors, because a retry could create a
// duplicate: callers that need crash safety mark issues with a property.
func (c *Client) CreateIssue(ctx context.Context, u IssueUpdate) (*CreatedIssue, error) {
	var out CreatedIssue
	if _, err := c.do(ctx, http.MethodPost, api+"/issue", nil, u, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// EditIssue changes fields of an issue. Status changes need DoTransition.
// An edit that only sets values is retried like a read; one whose update
// adds or removes (a comment, a worklog) is not, as a retry after a lost
// answer would apply it twice.
func (c *Client) EditIssue(ctx context.Context, idOrKey string, u IssueUpdate) error {
	if u.onlySets() {
		ctx = httpx.Idempotent(ctx)
	}
	_, err := c.do(ctx, http.MethodPut, api+"/issue/"+esc(idOrKey), nil, u, nil)
	return err
}

// onlySets reports whether applying u twice has the effect of applying it
// once: fields and properties are set, and every update operation is a set.
func (u IssueUpdate) onlySets() bool {
	for _, ops := range u.Update {
		for _, op := range ops {
			for verb := range op {
				if verb != "set" {
					return false
				}
			}
		}
	}
	return true
}

// EditMeta returns the fields that can be edited on an issue, by field ID.
func (c *Client) EditMeta(ctx context.Context, idOrKey string) (map[string]FieldMeta, error) {
	var out struct {
		Fields map[string]FieldMeta `json:"fields"`
	}
	if err := c.get(ctx, api+"/issue/"+esc(idOrKey)+"/editmeta", nil, &out); err != nil {
		return nil, err
	}
	return out.Fields, nil
}

// Transitions returns the transitions available on an issue now, with the
// target status of each and its screen fields.
func (c *Client) Transitions(ctx context.Context, idOrKey string) ([]Transition, error) {
	var out struct {
		Transitions []Transition `json:"transitions"`
	}
	q := url.Values{"expand": {"transitions.fields"}}
	if err := c.get(ctx, api+"/issue/"+esc(idOrKey)+"/transitions", q, &out); err != nil {
		return nil, err
	}
	if out.Transitions == nil {
		out.Transitions = []Transition{}
	}
	return out.Transitions, nil
}

// DoTransition moves an issue through a transition.
func (c *Client) DoTransition(ctx context.Context, idOrKey string, t DoTransition) error {
	_, err := c.do(ctx, http.MethodPost, api+"/issue/"+esc(idOrKey)+"/transitions", nil, t, nil)
	return err
}

// CommentsPage returns one page of an issue's comments, oldest first.
func (c *Client) CommentsPage(ctx context.Context, idOrKey string, startAt, maxResults int) (*CommentPage, error) {
	q := url.Values{"startAt": {strconv.Itoa(startAt)}, "orderBy": {"created"}}
	if maxResults > 0 {
		q.Set("maxResults", strconv.Itoa(maxResults))
	}
	var p CommentPage
	if err := c.get(ctx, api+"/issue/"+esc(idOrKey)+"/comment", q, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// Comments walks every comment of an issue, oldest first.
func (c *Client) Comments(ctx context.Context, idOrKey string) iter.Seq2[Comment, error] {
	return func(yield func(Comment, error) bool) {
		start := 0
		for {
			p, err := c.CommentsPage(ctx, idOrKey, start, 100)
			if err != nil {
				yield(Comment{}, err)
				return
			}
			for _, cm := range p.Comments {
				if !yield(cm, nil) {
					return
				}
			}
			if pageDone(false, p.StartAt, len(p.Comments), p.Total, true) {
				return
			}
			start = p.StartAt + len(p.Comments)
		}
	}
}

// AddComment adds a comment; Body must be an ADF document.
func (c *Client) AddComment(ctx context.Context, idOrKey string, cm Comment) (*Comment, error) {
	body := struct {
		Body       json.RawMessage  `json:"body"`
		Visibility *Visibility      `json:"visibility,omitempty"`
		Properties []EntityProperty `json:"properties,omitempty"`
	}{cm.Body, cm.Visibility, cm.Properties}
	var out Comment
	if _, err := c.do(ctx, http.MethodPost, api+"/issue/"+esc(idOrKey)+"/comment", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// LinkIssues links two issues. Jira answers 201 without the link's ID (read
// the issue's issuelinks for it) and treats a duplicate as success, so the
// call is safe to retry.
func (c *Client) LinkIssues(ctx context.Context, l NewIssueLink) error {
	_, err := c.do(httpx.Idempotent(ctx), http.MethodPost, api+"/issueLink", nil, l, nil)
	return err
}

// IssueLink returns one issue link by ID.
func (c *Client) IssueLink(ctx context.Context, id string) (*IssueLink, error) {
	var l IssueLink
	if err := c.get(ctx, api+"/issueLink/"+esc(id), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// DeleteIssueLink removes an issue link.
func (c *Client) DeleteIssueLink(ctx context.Context, id string) error {
	_, err := c.do(httpx.Idempotent(ctx), http.MethodDelete, api+"/issueLink/"+esc(id), nil, nil, nil)
	return err
}

// RemoteLinks returns an issue's remote links, or only the one with
// globalID when it is not empty.
func (c *Client) RemoteLinks(ctx context.Context, idOrKey, globalID string) ([]RemoteLink, error) {
	q := url.Values{}
	if globalID == "" {
		var out []RemoteLink
		err := c.get(ctx, api+"/issue/"+esc(idOrKey)+"/remotelink", q, &out)
		return out, err
	}
	q.Set("globalId", globalID)
	// With globalId Jira answers one object, not an array.
	var raw json.RawMessage
	if err := c.get(ctx, api+"/issue/"+esc(idOrKey)+"/remotelink", q, &raw); err != nil {
		if errors.Is(err, ErrNotFound) {
			return []RemoteLink{}, nil
		}
		return nil, err
	}
	if t := strings.TrimSpace(string(raw)); strings.HasPrefix(t, "[") {
		var out []RemoteLink
		err := json.Unmarshal(raw, &out)
		return out, err
	}
	var one RemoteLink
	if err := json.Unmarshal(raw, &one); err != nil {
		return nil, err
	}
	return []RemoteLink{one}, nil
}

// UpsertRemoteLink creates a remote link, or updates the one with the same
// GlobalID. Being an upsert, it is safe to retry.
func (c *Client) UpsertRemoteLink(ctx context.Context, idOrKey string, l RemoteLink) (*RemoteLinkID, error) {
	l.ID, l.Self = 0, ""
	var out RemoteLinkID
	if _, err := c.do(httpx.Idempotent(ctx), http.MethodPost, api+"/issue/"+esc(idOrKey)+"/remotelink", nil, l, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteRemoteLink removes the remote link with globalID from an issue.
func (c *Client) DeleteRemoteLink(ctx context.Context, idOrKey, globalID string) error {
	_, err := c.do(httpx.Idempotent(ctx), http.MethodDelete, api+"/issue/"+esc(idOrKey)+"/remotelink", url.Values{"globalId": {globalID}}, nil, nil)
	return err
}

// IssuePropertyKeys lists the property keys stored on an issue.
func (c *Client) IssuePropertyKeys(ctx context.Context, idOrKey string) ([]string, error) {
	var out struct {
		Keys []struct {
			Key string `json:"key"`
		} `json:"keys"`
	}
	if err := c.get(ctx, api+"/issue/"+esc(idOrKey)+"/properties", nil, &out); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(out.Keys))
	for _, k := range out.Keys {
		keys = append(keys, k.Key)
	}
	return keys, nil
}

// IssueProperty reads one issue property; a missing one is ErrNotFound.
func (c *Client) IssueProperty(ctx context.Context, idOrKey, key string) (*EntityProperty, error) {
	var p EntityProperty
	if err := c.get(ctx, api+"/issue/"+esc(idOrKey)+"/properties/"+esc(key), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// SetIssueProperty stores value (any JSON, at most 32 KB) under key.
func (c *Client) SetIssueProperty(ctx context.Context, idOrKey, key string, value any) error {
	_, err := c.do(httpx.Idempotent(ctx), http.MethodPut, api+"/issue/"+esc(idOrKey)+"/properties/"+esc(key), nil, value, nil)
	return err
}

// DeleteIssueProperty removes an issue property.
func (c *Client) DeleteIssueProperty(ctx context.Context, idOrKey, key string) error {
	_, err := c.do(httpx.Idempotent(ctx), http.MethodDelete, api+"/issue/"+esc(idOrKey)+"/properties/"+esc(key), nil, nil, nil)
	return err
}
