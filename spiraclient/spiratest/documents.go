package spiratest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"reflect"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/internal/simkit"
)

// File documents (attachments), after the reference's Documents notes:
// POST projects/{pid}/documents/file takes a RemoteDocumentFile whose
// BinaryData is the file in base64, GET .../documents/{id}/open answers the
// file's bytes, and an artifact's documents list holds file and URL
// documents alike (AttachmentTypeId 1 and 2).
//
// Real Spira's largest upload is UNKNOWN: IIS (maxAllowedContentLength) and
// WCF (maxReceivedMessageSize) each cap the request, at values the
// reference does not record, and how Spira answers a request over them is
// UNKNOWN too. The simulator caps the request body at WithDocumentLimit
// (default DefaultDocumentLimit) and answers 413 with a plain-text body.
// Size is an int in Spira's DTO, so no file over 2 GiB - 1 can be described.
// Whether adding a document moves the artifact's LastUpdateDate is UNKNOWN:
// the simulator leaves the artifact alone.

// DefaultDocumentLimit caps an upload's request body unless
// WithDocumentLimit sets another.
const DefaultDocumentLimit = 1<<31 - 1

// WithDocumentLimit caps the request body of a file upload at n bytes (the
// base64 content makes it about 4/3 of the file's size).
func WithDocumentLimit(n int64) Option { return func(c *config) { c.docLimit = n } }

// WithDocumentDir keeps file documents in files under dir instead of in
// memory, so that large files do not weigh on the process's heap.
func WithDocumentDir(dir string) Option { return func(c *config) { c.docDir = dir } }

// WithUploadHook calls f while a file document is being received, after
// each chunk with the bytes of the request read so far (tests stop a
// client mid-upload with it). f runs without the simulator's lock.
func WithUploadHook(f func(received int64)) Option { return func(c *config) { c.uploadHook = f } }

func (s *Sim) documentRoutes() {
	s.uploadRoute("POST projects/{project_id}/documents/file", s.addFileDocument)
	s.handle("GET projects/{project_id}/documents/{document_id}", s.getDocument)
	s.routeList = append(s.routeList, &route{method: "GET", key: "GET " + ServicePath + "projects/{project_id}/documents/{document_id}/open",
		segs: strings.Split("projects/{project_id}/documents/{document_id}/open", "/"), h: s.openDocument})
	s.endpoints = append(s.endpoints, "GET projects/{project_id}/documents/{document_id}/open")
}

// uploadRoute is handle for a large body: the caller is authenticated
// under the lock, the body is read without it, and h runs under it again.
func (s *Sim) uploadRoute(tmpl string, h func(c *call, in *wDocument, b *simkit.Blob, size int64, err error)) {
	m, p, _ := strings.Cut(tmpl, " ")
	s.endpoints = append(s.endpoints, tmpl)
	s.routeList = append(s.routeList, &route{method: m, key: m + " " + ServicePath + p, segs: strings.Split(p, "/"),
		h: func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			u := s.authenticate(r)
			s.mu.Unlock()
			if u == nil {
				writeText(w, http.StatusUnauthorized, "Access Denied")
				return
			}
			in, b, size, err := s.receiveDocument(r)
			s.mu.Lock()
			defer s.mu.Unlock()
			h(&call{s: s, w: w, r: r, u: u}, in, b, size, err)
		}})
}

var (
	errDocTooLarge = errors.New("the request is larger than the server accepts")
	errDocGone     = errors.New("the client went away")
)

// countingReader counts the bytes read, stops past limit and reports
// progress.
type countingReader struct {
	r     io.Reader
	n     int64
	limit int64
	hook  func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n += int64(k)
	if c.n > c.limit {
		return k, errDocTooLarge
	}
	if c.hook != nil && k > 0 {
		c.hook(c.n)
	}
	return k, err
}

// receiveDocument reads a RemoteDocumentFile as a stream: every member but
// BinaryData is kept as JSON (a few KiB at most), BinaryData is decoded
// from base64 into a blob as it arrives.
func (s *Sim) receiveDocument(r *http.Request) (*wDocument, *simkit.Blob, int64, error) {
	limit := s.cfg.docLimit
	if limit <= 0 {
		limit = DefaultDocumentLimit
	}
	cr := &countingReader{r: r.Body, limit: limit, hook: s.cfg.uploadHook}
	br := bufio.NewReaderSize(cr, 32<<10)
	var meta bytes.Buffer
	meta.WriteByte('{')
	var b *simkit.Blob
	var size int64
	fail := func(err error) (*wDocument, *simkit.Blob, int64, error) {
		b.Remove()
		if errors.Is(err, errDocTooLarge) || cr.n > limit {
			return nil, nil, 0, errDocTooLarge
		}
		if r.Context().Err() != nil {
			return nil, nil, 0, errDocGone
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, nil, 0, err
	}
	if c, err := nextNonSpace(br); err != nil || c != '{' {
		return fail(cmpErr(err, errors.New("the body is not a JSON object")))
	}
	first := true
	for {
		c, err := nextNonSpace(br)
		if err != nil {
			return fail(err)
		}
		if c == '}' {
			break
		}
		if !first {
			if c != ',' {
				return fail(errors.New("expected , between members"))
			}
			if c, err = nextNonSpace(br); err != nil {
				return fail(err)
			}
		}
		first = false
		if c != '"' {
			return fail(errors.New("expected a member name"))
		}
		rawKey, err := readString(br, 4096)
		if err != nil {
			return fail(err)
		}
		var key string
		if err := json.Unmarshal(rawKey, &key); err != nil {
			return fail(err)
		}
		if c, err := nextNonSpace(br); err != nil || c != ':' {
			return fail(cmpErr(err, errors.New("expected :")))
		}
		if key == "BinaryData" {
			c, err := nextNonSpace(br)
			if err != nil {
				return fail(err)
			}
			if c == 'n' {
				if _, err := br.Discard(3); err != nil {
					return fail(err)
				}
				continue
			}
			if c != '"' {
				return fail(errors.New("BinaryData must be a base64 string"))
			}
			b.Remove()
			b, size, err = s.storeDocument(base64.NewDecoder(base64.StdEncoding, &stringReader{r: br}))
			if err != nil {
				return fail(err)
			}
			continue
		}
		val, err := readValue(br, 1<<20)
		if err != nil {
			return fail(err)
		}
		if meta.Len() > 1 {
			meta.WriteByte(',')
		}
		meta.Write(rawKey)
		meta.WriteByte(':')
		meta.Write(val)
	}
	if cr.n > limit {
		// The whole body came in one read, its error still buffered.
		return fail(errDocTooLarge)
	}
	meta.WriteByte('}')
	var in wDocument
	if err := json.Unmarshal(meta.Bytes(), &in); err != nil {
		return fail(err)
	}
	if s.cfg.strict {
		var generic any
		_ = json.Unmarshal(meta.Bytes(), &generic)
		if err := checkFieldNames(generic, reflect.TypeOf(&wDocumentFile{}), ""); err != nil {
			return fail(err)
		}
	}
	return &in, b, size, nil
}

// wDocumentFile is RemoteDocumentFile, for the strict field-name check.
type wDocumentFile struct {
	wDocument
	BinaryData []byte `json:"BinaryData"`
}

func cmpErr(err, def error) error {
	if err != nil {
		return err
	}
	return def
}

func nextNonSpace(br *bufio.Reader) (byte, error) {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c, nil
	}
}

// readOnto reads one byte onto out, which may hold max bytes.
func readOnto(br *bufio.Reader, out []byte, max int) ([]byte, byte, error) {
	c, err := br.ReadByte()
	if err != nil {
		return nil, 0, err
	}
	out = append(out, c)
	if len(out) > max {
		return nil, 0, errors.New("a member is too long")
	}
	return out, c, nil
}

// readString reads the rest of a JSON string whose opening quote was read,
// and returns it quoted.
func readString(br *bufio.Reader, max int) ([]byte, error) {
	out := []byte{'"'}
	for {
		next, c, err := readOnto(br, out, max)
		if err != nil {
			return nil, err
		}
		out = next
		switch c {
		case '\\':
			n, err := br.ReadByte()
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		case '"':
			return out, nil
		}
	}
}

// readValue reads one JSON value (of at most max bytes) as raw bytes.
func readValue(br *bufio.Reader, max int) ([]byte, error) {
	c, err := nextNonSpace(br)
	if err != nil {
		return nil, err
	}
	if c == '"' {
		return readString(br, max)
	}
	out := []byte{c}
	depth := 0
	if c == '{' || c == '[' {
		depth = 1
	}
	for {
		if depth == 0 {
			// A scalar ends before , } or space.
			n, err := br.Peek(1)
			if err != nil {
				return nil, err
			}
			switch n[0] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				return out, nil
			}
		}
		next, c, err := readOnto(br, out, max)
		if err != nil {
			return nil, err
		}
		out = next
		switch c {
		case '"':
			s, err := readString(br, max)
			if err != nil {
				return nil, err
			}
			out = append(out, s[1:]...)
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return out, nil
			}
		}
	}
}

// stringReader yields the characters of a JSON string (base64: no escapes
// but "\/", which .NET's serializer may write) up to its closing quote.
type stringReader struct {
	r    *bufio.Reader
	done bool
}

func (s *stringReader) Read(p []byte) (int, error) {
	if s.done {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) {
		c, err := s.r.ReadByte()
		if err == io.EOF {
			return n, io.ErrUnexpectedEOF
		}
		if err != nil {
			return n, err
		}
		switch c {
		case '"':
			s.done = true
			if n == 0 {
				return 0, io.EOF
			}
			return n, nil
		case '\\':
			e, err := s.r.ReadByte()
			if err != nil {
				return n, io.ErrUnexpectedEOF
			}
			if e != '/' {
				return n, fmt.Errorf("BinaryData holds an escape \\%c that base64 never needs", e)
			}
			c = '/'
		}
		p[n] = c
		n++
	}
	return n, nil
}

func (s *Sim) storeDocument(r io.Reader) (*simkit.Blob, int64, error) {
	if s.cfg.docDir == "" {
		var buf bytes.Buffer
		n, err := io.Copy(&buf, r)
		if err != nil {
			return nil, n, err
		}
		return simkit.MemBlob(buf.Bytes()), n, nil
	}
	f, err := os.CreateTemp(s.cfg.docDir, "spira-document-*")
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	n, err := io.Copy(f, r)
	if err != nil {
		_ = os.Remove(f.Name())
		return nil, n, err
	}
	return simkit.FileBlob(f.Name()), n, nil
}

func (s *Sim) addFileDocument(c *call, in *wDocument, b *simkit.Blob, size int64, rerr error) {
	switch {
	case errors.Is(rerr, errDocGone):
		return
	case errors.Is(rerr, errDocTooLarge):
		writeText(c.w, http.StatusRequestEntityTooLarge, "The request is too large for the server.")
		return
	case rerr != nil:
		writeJSONString(c.w, http.StatusBadRequest, "The request body is not valid JSON for this operation: "+rerr.Error())
		return
	}
	p, ok := c.project()
	if !ok {
		b.Remove()
		return
	}
	var msgs []wFaultMessage
	if strings.TrimSpace(in.FilenameOrUrl) == "" {
		msgs = append(msgs, wFaultMessage{"FilenameOrUrl", "The filename is required."})
	}
	if b == nil {
		msgs = append(msgs, wFaultMessage{"BinaryData", "The file data is required."})
	}
	if size > 1<<31-1 {
		msgs = append(msgs, wFaultMessage{"BinaryData", "The file is too large."})
	}
	for _, a := range in.AttachedArtifacts {
		if !s.artifactExists(p.ProjectId, a.ArtifactTypeId, a.ArtifactId) {
			msgs = append(msgs, wFaultMessage{"AttachedArtifacts", fmt.Sprintf("The artifact %d of type %d does not exist in the product.", a.ArtifactId, a.ArtifactTypeId)})
		}
	}
	if len(msgs) > 0 {
		b.Remove()
		writeFault(c.w, "The document could not be added.", msgs...)
		return
	}
	now := s.stampNow()
	d := &wDocument{}
	*d = *in
	d.AttachmentId = ip(s.st.nextID("document"))
	d.ProjectId, d.ArtifactTypeId, d.AttachmentTypeId, d.Size = p.ProjectId, 13, 1, int(size)
	if d.AuthorId == nil {
		d.AuthorId = ip(c.u.UserId)
	}
	d.FilenameOrUrl = path.Base(strings.ReplaceAll(d.FilenameOrUrl, `\`, "/"))
	d.UploadDate, d.EditedDate, d.CurrentVersion, d.AttachmentTypeName = at(now), at(now), "1.0", "File"
	if u := s.st.user(*d.AuthorId); u != nil {
		d.AuthorName = u.FullName
	}
	if d.AttachedArtifacts == nil {
		d.AttachedArtifacts = []wLinked{}
	}
	s.st.documents[p.ProjectId] = append(s.st.documents[p.ProjectId], d)
	s.st.blobs[*d.AttachmentId] = b
	c.ok(d)
}

func (s *Sim) findDocument(pid, id int) *wDocument {
	for _, d := range s.st.documents[pid] {
		if derefInt(d.AttachmentId) == id {
			return d
		}
	}
	return nil
}

func (s *Sim) getDocument(c *call) {
	p, ok := c.project()
	if !ok {
		return
	}
	id, ok := c.pathInt("document_id")
	if !ok {
		return
	}
	d := s.findDocument(p.ProjectId, id)
	if d == nil {
		c.notFound("The document " + strconv.Itoa(id) + " does not exist in the product.")
		return
	}
	c.ok(d)
}

// openDocument answers the file's bytes, streamed without the lock.
func (s *Sim) openDocument(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	u := s.authenticate(r)
	if u == nil {
		s.mu.Unlock()
		writeText(w, http.StatusUnauthorized, "Access Denied")
		return
	}
	c := &call{s: s, w: w, r: r, u: u}
	p, ok := c.project()
	if !ok {
		s.mu.Unlock()
		return
	}
	id, ok := c.pathInt("document_id")
	if !ok {
		s.mu.Unlock()
		return
	}
	d := s.findDocument(p.ProjectId, id)
	b := s.st.blobs[id]
	s.mu.Unlock()
	if d == nil || d.AttachmentTypeId != 1 || b == nil {
		// A URL document has no content to open.
		writeJSONString(w, http.StatusNotFound, "The document "+strconv.Itoa(id)+" has no file to open.")
		return
	}
	rc, err := b.Open()
	if err != nil {
		writeText(w, http.StatusInternalServerError, "The server encountered an error processing the request.")
		return
	}
	defer rc.Close()
	ct := mime.TypeByExtension(path.Ext(d.FilenameOrUrl))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(d.Size))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.FilenameOrUrl}))
	_, _ = io.Copy(w, rc)
}

// FileDocument is a file document, for tests.
type FileDocument struct {
	ID       int
	Filename string
	Size     int
}

// AddFileDocument attaches a file read from r to an artifact directly, as a
// user of the product would.
func (s *Sim) AddFileDocument(projectID, artifactTypeID, artifactID int, filename string, r io.Reader) (int, error) {
	b, n, err := s.storeDocument(r)
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.artifactExists(projectID, artifactTypeID, artifactID) {
		b.Remove()
		return 0, fmt.Errorf("spiratest: no artifact %d of type %d in product %d", artifactID, artifactTypeID, projectID)
	}
	now := s.stampNow()
	d := &wDocument{AttachmentId: ip(s.st.nextID("document")), ProjectId: projectID, ArtifactTypeId: 13, AttachmentTypeId: 1,
		AttachedArtifacts: []wLinked{{ArtifactId: artifactID, ArtifactTypeId: artifactTypeID}}, AuthorId: ip(1),
		FilenameOrUrl: filename, UploadDate: at(now), EditedDate: at(now), Size: int(n), CurrentVersion: "1.0", AttachmentTypeName: "File"}
	s.st.documents[projectID] = append(s.st.documents[projectID], d)
	s.st.blobs[*d.AttachmentId] = b
	return *d.AttachmentId, nil
}

// FileDocuments lists the file documents attached to an artifact.
func (s *Sim) FileDocuments(projectID, artifactTypeID, artifactID int) []FileDocument {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []FileDocument
	for _, d := range s.st.documents[projectID] {
		if d.AttachmentTypeId != 1 {
			continue
		}
		for _, a := range d.AttachedArtifacts {
			if a.ArtifactTypeId == artifactTypeID && a.ArtifactId == artifactID {
				out = append(out, FileDocument{ID: derefInt(d.AttachmentId), Filename: d.FilenameOrUrl, Size: d.Size})
			}
		}
	}
	return out
}

// DocumentContent opens the content of a file document.
func (s *Sim) DocumentContent(id int) (io.ReadCloser, error) {
	s.mu.Lock()
	b := s.st.blobs[id]
	s.mu.Unlock()
	if b == nil {
		return nil, fmt.Errorf("spiratest: no file document %d", id)
	}
	return b.Open()
}
