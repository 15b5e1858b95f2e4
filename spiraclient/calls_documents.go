package spiraclient

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"

	"github.com/spirajira/spirajira/internal/httpx"
)

// ErrTooLarge: Spira (or the IIS in front of it) refused an upload as too
// large (413). Spira's limit is set by its web server's configuration; the
// reference does not record it.
var ErrTooLarge = errors.New("spira: the upload is larger than the server accepts")

// AddFileDocument uploads a file document attached to the artifacts in
// d.AttachedArtifacts (POST projects/{pid}/documents/file, a
// RemoteDocumentFile). The content is read from r and base64-encoded into
// the JSON body as it is sent, so memory holds a buffer, never the file.
// The body cannot be replayed, so a failed upload is not retried here: the
// caller decides whether to send the file again. It returns the document
// Spira created.
func (c *Client) AddFileDocument(ctx context.Context, projectID int, d RemoteDocument, r io.Reader) (*RemoteDocument, error) {
	d.ProjectID = projectID
	d.AttachmentTypeID = AttachmentTypeFile
	meta, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	// {"...metadata...","BinaryData":"<base64>"}
	meta = bytes.TrimSuffix(bytes.TrimSpace(meta), []byte("}"))
	pr, pw := io.Pipe()
	go func() {
		_, err := pw.Write(meta)
		if err == nil && len(meta) > 1 {
			_, err = io.WriteString(pw, ",")
		}
		if err == nil {
			_, err = io.WriteString(pw, `"BinaryData":"`)
		}
		if err == nil {
			enc := base64.NewEncoder(base64.StdEncoding, pw)
			if _, err = io.Copy(enc, r); err == nil {
				err = enc.Close()
			}
		}
		if err == nil {
			_, err = io.WriteString(pw, `"}`)
		}
		pw.CloseWithError(err)
	}()
	req, err := c.newStreamRequest(ctx, http.MethodPost, "projects/"+itoa(projectID)+"/documents/file", pr)
	if err != nil {
		pr.CloseWithError(err)
		return nil, err
	}
	var out RemoteDocument
	if err := c.sendStream(req, pr, &out); err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.StatusCode == http.StatusRequestEntityTooLarge {
			ae.Hint = "the file is larger than Spira's web server accepts (IIS maxAllowedContentLength, WCF maxReceivedMessageSize)"
			return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
		}
		return nil, err
	}
	return &out, nil
}

// OpenDocument opens the content of a file document (GET
// projects/{pid}/documents/{id}/open). The caller reads it as a stream and
// closes it.
func (c *Client) OpenDocument(ctx context.Context, projectID, documentID int) (io.ReadCloser, error) {
	req, err := c.newStreamRequest(ctx, http.MethodGet, "projects/"+itoa(projectID)+"/documents/"+itoa(documentID)+"/open", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "*/*")
	shown := httpx.RedactURL(req.URL)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.networkError(http.MethodGet, shown, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return nil, c.apiError(http.MethodGet, shown, resp, data)
	}
	return resp.Body, nil
}

// Document reads one document's metadata.
func (c *Client) Document(ctx context.Context, projectID, documentID int) (*RemoteDocument, error) {
	var out RemoteDocument
	if err := c.do(ctx, request{method: "GET", path: "projects/" + itoa(projectID) + "/documents/" + itoa(documentID)}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) newStreamRequest(ctx context.Context, method, path string, body io.Reader) (*http.Request, error) {
	u, err := c.base.Parse(path)
	if err != nil {
		return nil, err
	}
	if c.mode == AuthQuery {
		q := url.Values{}
		q.Set("username", c.login)
		q.Set("api-key", c.apiKey)
		u.RawQuery = q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// sendStream sends a request whose body is the read end of a pipe and
// decodes the JSON answer into out.
func (c *Client) sendStream(req *http.Request, body *io.PipeReader, out any) error {
	shown := httpx.RedactURL(req.URL)
	resp, err := c.hc.Do(req)
	if err != nil {
		body.CloseWithError(err)
		return c.networkError(req.Method, shown, err)
	}
	defer resp.Body.Close()
	// Stop the writer if Spira answered before reading everything.
	body.CloseWithError(errors.New("spira: the upload ended"))
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("spira: %s %s: reading answer: %w", req.Method, shown, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.apiError(req.Method, shown, resp, data)
	}
	if err := json.Unmarshal(bytes.TrimSpace(data), out); err != nil {
		return fmt.Errorf("spira: %s %s: decoding answer: %w", req.Method, shown, err)
	}
	return nil
}

func (c *Client) networkError(method, shown string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		// url.Error carries the raw URL, which may hold the api-key.
		err = ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &NetworkError{Method: method, URL: shown, Err: err}
	}
	return fmt.Errorf("spira: %s %s: %w", method, shown, err)
}
