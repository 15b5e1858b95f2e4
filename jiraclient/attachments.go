package jiraclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/spirajira/spirajira/internal/httpx"
)

// ErrTooLarge: Jira refused an upload (413): the file is over the site's
// attachment size limit, more than 60 files were sent at once, or the issue
// holds as many attachments as Jira allows.
var ErrTooLarge = errors.New("jira: attachment refused as too large or too many")

// Attachment is a file attached to an issue (the issue's attachment field,
// or the answer to an upload).
type Attachment struct {
	ID       string `json:"id"`
	Filename string `json:"filename"`
	Size     int64  `json:"size"`
	MimeType string `json:"mimeType,omitempty"`
	Created  string `json:"created,omitempty"`
	// Content is the download URL (/rest/api/3/attachment/content/{id}).
	Content string `json:"content,omitempty"`
	Self    string `json:"self,omitempty"`
	Author  *User  `json:"author,omitempty"`
}

// AttachmentSettings are the site's attachment settings: whether
// attachments are on, and the largest file it takes, in bytes.
type AttachmentSettings struct {
	Enabled     bool  `json:"enabled"`
	UploadLimit int64 `json:"uploadLimit"`
}

// Attachments decodes the issue's attachment field (ask for it with
// Fields: []string{"attachment"}). An issue read without it has none.
func (i Issue) Attachments() ([]Attachment, error) {
	var out []Attachment
	if _, err := i.Field("attachment", &out); err != nil {
		return nil, fmt.Errorf("jira: issue %s: attachment field: %w", i.Key, err)
	}
	return out, nil
}

// IssueAttachments lists the files attached to an issue.
func (c *Client) IssueAttachments(ctx context.Context, idOrKey string) ([]Attachment, error) {
	is, err := c.GetIssue(ctx, idOrKey, IssueOptions{Fields: []string{"attachment"}})
	if err != nil {
		return nil, err
	}
	return is.Attachments()
}

// AttachmentSettings reads the site's attachment settings
// (/rest/api/3/attachment/meta).
func (c *Client) AttachmentSettings(ctx context.Context) (*AttachmentSettings, error) {
	var s AttachmentSettings
	if err := c.get(ctx, api+"/attachment/meta", nil, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// DownloadAttachment opens the content of an attachment. Jira answers with
// a 303 to where the file is served (Atlassian's media service, another
// host): the redirect is followed, and the credentials go to the site's
// host only. The caller reads the content as a stream and closes it.
func (c *Client) DownloadAttachment(ctx context.Context, id string) (io.ReadCloser, error) {
	u := *c.base
	u.Path = c.base.Path + api + "/attachment/content/" + esc(id)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("jira: download attachment %s: %w", id, err)
	}
	req.Header.Set("Accept", "*/*")
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("jira: download attachment %s: %w", id, ctxErr)
		}
		return nil, &NetworkError{Method: http.MethodGet, URL: httpx.RedactURL(&u), Err: unwrapURLError(err)}
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if err := checkResponse(resp, data); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("jira: download attachment %s: unexpected %s", id, resp.Status)
	}
	return resp.Body, nil
}

// UploadAttachment attaches one file, read from r as it is sent, to an
// issue (multipart field "file", with the X-Atlassian-Token: no-check header
// Jira's XSRF check requires). It returns what Jira holds afterwards. The
// body is streamed, so it is not retried: on a failure the caller decides
// whether to send the file again. A file over the site's limit is
// ErrTooLarge.
func (c *Client) UploadAttachment(ctx context.Context, idOrKey, filename string, r io.Reader) ([]Attachment, error) {
	u := *c.base
	u.Path = c.base.Path + api + "/issue/" + esc(idOrKey) + "/attachments"
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="`+quoteFilename(filename)+`"`)
		h.Set("Content-Type", "application/octet-stream")
		part, err := mw.CreatePart(h)
		if err == nil {
			_, err = io.Copy(part, r)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), pr)
	if err != nil {
		pr.CloseWithError(err)
		return nil, fmt.Errorf("jira: upload attachment: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Atlassian-Token", "no-check")
	resp, err := c.hc.Do(req)
	if err != nil {
		pr.CloseWithError(err)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("jira: upload attachment to %s: %w", idOrKey, ctxErr)
		}
		return nil, &NetworkError{Method: http.MethodPost, URL: httpx.RedactURL(&u), Err: unwrapURLError(err)}
	}
	defer resp.Body.Close()
	// Stop the writer if Jira answered before reading everything.
	pr.CloseWithError(errors.New("jira: the upload ended"))
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, &NetworkError{Method: http.MethodPost, URL: httpx.RedactURL(&u), Err: err}
	}
	if err := checkResponse(resp, data); err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.StatusCode == http.StatusRequestEntityTooLarge {
			ae.sentinel = ErrTooLarge
			ae.Hint = "the file is over the site's attachment size limit (Jira admin: System > Attachments), or the issue holds as many attachments as Jira allows"
		}
		return nil, err
	}
	var out []Attachment
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("jira: upload attachment to %s: the answer is not the JSON expected (%v)", idOrKey, err)
	}
	return out, nil
}

// quoteFilename escapes a file name for a Content-Disposition header the way
// mime/multipart does for its own form files.
func quoteFilename(s string) string {
	return strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "", "\n", "").Replace(s)
}
