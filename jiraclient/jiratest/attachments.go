package jiratest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/spirajira/spirajira/internal/simkit"
)

// Attachments, as Jira Cloud serves them:
//
//   - an issue's attachment field lists its files;
//   - POST /issue/{key}/attachments takes multipart/form-data, the files in
//     parts named "file" (parts under other names are ignored, so a wrong
//     name answers 200 with an empty list), and only with the header
//     X-Atlassian-Token: no-check (else 403 "XSRF check failed");
//   - 413 for a file over the site's per-file limit, more than 60 files in
//     one request, or an issue past its attachment limit;
//   - GET /attachment/content/{id} answers 303 to the file on Atlassian's
//     media service (another host, which takes a token in the URL and no
//     credentials), or the content itself with redirect=false.
//
// Atlassian does not publish the Cloud site's default per-file limit in the
// spec or in the project's reference: the simulator's default is
// DefaultUploadLimit, and WithUploadLimit sets another. The per-issue limit
// (2,000) is the figure Atlassian's knowledge-base examples imply, unsure.
// Range requests (206/416) are not modelled.

// DefaultUploadLimit is the simulated site's per-file attachment limit
// unless WithUploadLimit sets another.
const DefaultUploadLimit = 1 << 30

const (
	maxFilesPerUpload     = 60
	maxAttachmentsOfIssue = 2000
	mediaPrefix           = "/_media"
)

// WithUploadLimit sets the site's per-file attachment limit in bytes (what
// /attachment/meta reports as uploadLimit).
func WithUploadLimit(n int64) Option { return func(c *config) { c.uploadLimit = n } }

// WithAttachmentDir keeps attachment content in files under dir instead of
// in memory, so that large files do not weigh on the process's heap.
func WithAttachmentDir(dir string) Option { return func(c *config) { c.attachDir = dir } }

// WithMediaURL makes downloads redirect to base, where MediaHandler must be
// served (a second server stands for Atlassian's media host). Without it
// the site serves the media paths itself under /_media.
func WithMediaURL(base string) Option {
	return func(c *config) { c.mediaURL = strings.TrimRight(base, "/") }
}

// WithUploadHook calls f while an upload is being received, after each
// chunk of at most 32 KiB with the bytes read so far (tests stop a client
// mid-upload with it). f runs without the simulator's lock.
func WithUploadHook(f func(issueKey string, received int64)) Option {
	return func(c *config) { c.uploadHook = f }
}

type attachment struct {
	ID       string
	IssueID  string
	Filename string
	MimeType string
	Size     int64
	Created  time.Time
	AuthorID string
	token    string // the media service's token for this file
	blob     *simkit.Blob
}

// errTooLarge stops reading an upload at the limit.
var errTooLarge = errors.New("too large")

// storeBlob copies r into a new blob, up to limit bytes (errTooLarge past
// it); progress is called after each chunk.
func (s *Sim) storeBlob(r io.Reader, limit int64, progress func(int64)) (*simkit.Blob, int64, error) {
	var w io.Writer
	var buf bytes.Buffer
	var f *os.File
	if s.cfg.attachDir != "" {
		var err error
		if f, err = os.CreateTemp(s.cfg.attachDir, "jira-attachment-*"); err != nil {
			return nil, 0, err
		}
		defer f.Close()
		w = f
	} else {
		w = &buf
	}
	chunk := make([]byte, 32<<10)
	var n int64
	for {
		k, err := r.Read(chunk)
		if k > 0 {
			n += int64(k)
			if n > limit {
				if f != nil {
					_ = os.Remove(f.Name())
				}
				return nil, n, errTooLarge
			}
			if _, werr := w.Write(chunk[:k]); werr != nil {
				return nil, n, werr
			}
			if progress != nil {
				progress(n)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			if f != nil {
				_ = os.Remove(f.Name())
			}
			return nil, n, err
		}
	}
	if f != nil {
		return simkit.FileBlob(f.Name()), n, nil
	}
	return simkit.MemBlob(buf.Bytes()), n, nil
}

func (s *Sim) uploadLimit() int64 {
	if s.cfg.uploadLimit > 0 {
		return s.cfg.uploadLimit
	}
	return DefaultUploadLimit
}

type upload struct {
	name string
	mime string
	size int64
	blob *simkit.Blob
}

// receiveUpload reads the multipart body of an upload into blobs before the
// handler runs (without the simulator's lock, since a file may be large).
// When ok is false the request ends with resp, or with no answer at all when
// resp.status is 0 (the client went away mid-body).
func (s *Sim) receiveUpload(c *call) (ups []upload, resp response, ok bool) {
	r := c.r
	if r.Header.Get("X-Atlassian-Token") != "no-check" {
		// Jira's XSRF filter answers in plain text before the resource runs.
		return nil, response{status: http.StatusForbidden, raw: []byte("XSRF check failed")}, false
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, response{status: http.StatusUnsupportedMediaType, raw: []byte("Unsupported Media Type")}, false
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	discard := func() {
		for _, u := range ups {
			u.blob.Remove()
		}
	}
	key := c.p["issueIdOrKey"]
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			discard()
			return nil, errMsg(http.StatusBadRequest, "The multipart request could not be read: "+err.Error()), false
		}
		if part.FormName() != "file" || part.FileName() == "" {
			_, _ = io.Copy(io.Discard, part)
			continue
		}
		if len(ups) == maxFilesPerUpload {
			discard()
			return nil, errMsg(http.StatusRequestEntityTooLarge, fmt.Sprintf("You can upload at most %d files at once.", maxFilesPerUpload)), false
		}
		name := path.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
		var progress func(int64)
		if h := s.cfg.uploadHook; h != nil {
			var before int64
			for _, u := range ups {
				before += u.size
			}
			progress = func(n int64) { h(key, before+n) }
		}
		b, n, err := s.storeBlob(part, s.uploadLimit(), progress)
		if errors.Is(err, errTooLarge) {
			discard()
			// The wording of Jira's 413 is not in the reference; the status
			// and the ErrorCollection shape are.
			return nil, errMsg(http.StatusRequestEntityTooLarge,
				fmt.Sprintf("The file %s is too large: attachments on this site are limited to %d bytes.", name, s.uploadLimit())), false
		}
		if err != nil {
			discard()
			return nil, response{}, false // the client went away
		}
		ct := part.Header.Get("Content-Type")
		if ct == "" || ct == "application/octet-stream" {
			if byExt := mime.TypeByExtension(path.Ext(name)); byExt != "" {
				ct = byExt
			} else {
				ct = "application/octet-stream"
			}
		}
		if i := strings.Index(ct, ";"); i >= 0 {
			ct = strings.TrimSpace(ct[:i])
		}
		ups = append(ups, upload{name: name, mime: ct, size: n, blob: b})
	}
	return ups, response{}, true
}

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// hAttachmentAdd attaches the received files to the issue.
func (s *Sim) hAttachmentAdd(c *call) response {
	discard := func() {
		for _, u := range c.uploads {
			u.blob.Remove()
		}
	}
	is := c.visibleIssue(c.p["issueIdOrKey"])
	if is == nil {
		discard()
		return c.issueNotFound()
	}
	if c.user == nil {
		discard()
		return errMsg(http.StatusForbidden, "You do not have permission to create attachments for this issue.")
	}
	if len(is.Attachments)+len(c.uploads) > maxAttachmentsOfIssue {
		discard()
		return errMsg(http.StatusRequestEntityTooLarge, "The issue has reached its limit of attachments.")
	}
	st := c.s.site
	out := []any{}
	var items []changeItem
	for _, u := range c.uploads {
		a := &attachment{ID: st.newID(), IssueID: is.ID, Filename: u.name, MimeType: u.mime, Size: u.size,
			Created: c.now, AuthorID: c.user.AccountID, token: newToken(), blob: u.blob}
		st.attachments[a.ID] = a
		is.Attachments = append(is.Attachments, a.ID)
		out = append(out, c.attachmentOut(a))
		id, name := a.ID, a.Filename
		items = append(items, changeItem{Field: "Attachment", FieldID: "attachment", FieldType: "jira", To: &id, ToString: &name})
	}
	if len(items) > 0 {
		is.Updated = c.now
		is.History = append(is.History, &history{ID: st.newID(), AuthorID: c.user.AccountID, Created: c.now, Items: items})
	}
	return jsonResp(http.StatusOK, out)
}

func (c *call) attachmentOut(a *attachment) map[string]any {
	out := map[string]any{
		"id": a.ID, "self": c.base + "/rest/api/3/attachment/" + a.ID, "filename": a.Filename,
		"created": jiraTime(a.Created), "size": a.Size, "mimeType": a.MimeType,
		"content": c.base + "/rest/api/3/attachment/content/" + a.ID,
	}
	if u := c.userRef(a.AuthorID); u != nil {
		out["author"] = u
	}
	if strings.HasPrefix(a.MimeType, "image/") {
		out["thumbnail"] = c.base + "/rest/api/3/attachment/thumbnail/" + a.ID
	}
	return out
}

// attachmentsOf renders an issue's attachment field.
func (c *call) attachmentsOf(is *issue) []any {
	out := []any{}
	for _, id := range is.Attachments {
		if a := c.s.site.attachments[id]; a != nil {
			out = append(out, c.attachmentOut(a))
		}
	}
	return out
}

// visibleAttachment is the attachment with id when the caller sees its issue.
func (c *call) visibleAttachment(id string) *attachment {
	a := c.s.site.attachments[id]
	if a == nil || c.visibleIssue(a.IssueID) == nil {
		return nil
	}
	return a
}

func (s *Sim) hAttachmentGet(c *call) response {
	a := c.visibleAttachment(c.p["id"])
	if a == nil {
		return errMsg(http.StatusNotFound, "The attachment with id '"+c.p["id"]+"' does not exist")
	}
	// AttachmentMetadata, unlike the issue field's Attachment, has a
	// numeric id and a properties object.
	out := c.attachmentOut(a)
	n, _ := strconv.ParseInt(a.ID, 10, 64)
	out["id"] = n
	out["properties"] = map[string]any{}
	return jsonResp(http.StatusOK, out)
}

func (s *Sim) hAttachmentMeta(c *call) response {
	return jsonResp(http.StatusOK, map[string]any{"enabled": true, "uploadLimit": s.uploadLimit()})
}

// hAttachmentContent redirects to the media service, or serves the file
// itself with redirect=false.
func (s *Sim) hAttachmentContent(c *call) response {
	a := c.visibleAttachment(c.p["id"])
	if a == nil {
		return errMsg(http.StatusNotFound, "The attachment with id '"+c.p["id"]+"' does not exist")
	}
	if c.q.Get("redirect") == "false" {
		rc, err := a.blob.Open()
		if err != nil {
			return errMsg(http.StatusInternalServerError, "The attachment content is not readable")
		}
		return response{status: http.StatusOK, stream: rc, size: a.Size, ctype: a.MimeType}
	}
	base := s.cfg.mediaURL
	if base == "" {
		base = c.base + mediaPrefix
	}
	loc := base + "/file/" + a.token + "/binary?" + url.Values{"token": {a.token}, "name": {a.Filename}, "dl": {"true"}}.Encode()
	h := http.Header{}
	h.Set("Location", loc)
	return response{status: http.StatusSeeOther, header: h}
}

// MediaHandler serves the files downloads redirect to, as Atlassian's media
// host does: the token in the URL is the only credential.
func (s *Sim) MediaHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.serveMedia(w, r, r.URL.Path) })
}

func (s *Sim) serveMedia(w http.ResponseWriter, r *http.Request, p string) {
	rest, ok := strings.CutPrefix(p, "/file/")
	tok, tail, _ := strings.Cut(rest, "/")
	if !ok || tail != "binary" || r.Method != http.MethodGet || r.URL.Query().Get("token") != tok {
		http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	var a *attachment
	for _, x := range s.site.attachments {
		if x.token == tok {
			a = x
			break
		}
	}
	s.mu.Unlock()
	if a == nil {
		http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
		return
	}
	rc, err := a.blob.Open()
	if err != nil {
		http.Error(w, "unreadable", http.StatusInternalServerError)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", a.MimeType)
	w.Header().Set("Content-Length", strconv.FormatInt(a.Size, 10))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}))
	_, _ = io.Copy(w, rc)
}

// AttachmentInfo is a file attached to an issue, for tests.
type AttachmentInfo struct {
	ID       string
	Filename string
	Size     int64
	MimeType string
}

// AddAttachment attaches a file read from r to an issue directly (no
// limits, no XSRF check), as a user of the site would.
func (s *Sim) AddAttachment(keyOrID, filename string, r io.Reader) (string, error) {
	b, n, err := s.storeBlob(r, 1<<62, nil)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.findIssue(keyOrID)
	if is == nil {
		b.Remove()
		return "", fmt.Errorf("jiratest: no issue %s", keyOrID)
	}
	st := s.site
	now := s.now()
	ct := mime.TypeByExtension(path.Ext(filename))
	if i := strings.Index(ct, ";"); i >= 0 {
		ct = ct[:i]
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	a := &attachment{ID: st.newID(), IssueID: is.ID, Filename: filename, MimeType: ct, Size: n, Created: now,
		AuthorID: is.Reporter, token: newToken(), blob: b}
	st.attachments[a.ID] = a
	is.Attachments = append(is.Attachments, a.ID)
	is.Updated = now
	id, name := a.ID, a.Filename
	is.History = append(is.History, &history{ID: st.newID(), AuthorID: is.Reporter, Created: now,
		Items: []changeItem{{Field: "Attachment", FieldID: "attachment", FieldType: "jira", To: &id, ToString: &name}}})
	return a.ID, nil
}

// Attachments lists the files attached to an issue.
func (s *Sim) Attachments(keyOrID string) []AttachmentInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.findIssue(keyOrID)
	if is == nil {
		return nil
	}
	var out []AttachmentInfo
	for _, id := range is.Attachments {
		if a := s.site.attachments[id]; a != nil {
			out = append(out, AttachmentInfo{ID: a.ID, Filename: a.Filename, Size: a.Size, MimeType: a.MimeType})
		}
	}
	return out
}

// AttachmentContent opens the content of an attachment.
func (s *Sim) AttachmentContent(id string) (io.ReadCloser, error) {
	s.mu.Lock()
	a := s.site.attachments[id]
	s.mu.Unlock()
	if a == nil {
		return nil, fmt.Errorf("jiratest: no attachment %s", id)
	}
	return a.blob.Open()
}
