package spiraclient_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

func TestFileDocumentUploadListOpen(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	content := make([]byte, 200<<10+1) // not a multiple of 3: base64 padding
	_, _ = rand.Read(content)
	d, err := f.c.AddFileDocument(ctx, 1, spiraclient.RemoteDocument{FilenameOrURL: "trace.bin", Description: "from LIB-8",
		AttachedArtifacts: []spiraclient.RemoteLinkedArtifact{{ArtifactID: 3, ArtifactTypeID: spiraclient.ArtifactTypeIncident}}},
		bytes.NewReader(content))
	require.NoError(t, err)
	require.Equal(t, spiraclient.AttachmentTypeFile, d.AttachmentTypeID)
	require.Equal(t, len(content), d.Size)
	require.Equal(t, "trace.bin", d.FilenameOrURL)

	docs, err := f.c.ArtifactDocuments(ctx, 1, spiraclient.ArtifactTypeIncident, 3)
	require.NoError(t, err)
	require.Len(t, docs, 1)
	require.Equal(t, d.AttachmentID, docs[0].AttachmentID)

	rc, err := f.c.OpenDocument(ctx, 1, d.AttachmentID)
	require.NoError(t, err)
	got, err := io.ReadAll(rc)
	rc.Close()
	require.NoError(t, err)
	require.Equal(t, content, got)

	meta, err := f.c.Document(ctx, 1, d.AttachmentID)
	require.NoError(t, err)
	require.Equal(t, "trace.bin", meta.FilenameOrURL)

	// A URL document has nothing to open.
	_, err = f.c.OpenDocument(ctx, 1, 1)
	require.Error(t, err)
	_, err = f.c.OpenDocument(ctx, 1, 999)
	require.Error(t, err)

	// An artifact that does not exist is a validation fault.
	_, err = f.c.AddFileDocument(ctx, 1, spiraclient.RemoteDocument{FilenameOrURL: "a.txt",
		AttachedArtifacts: []spiraclient.RemoteLinkedArtifact{{ArtifactID: 9999, ArtifactTypeID: 3}}}, strings.NewReader("x"))
	require.Error(t, err)
	require.Contains(t, err.Error(), "does not exist")
}

func TestFileDocumentLimit(t *testing.T) {
	sim := spiratest.New(spiratest.WithDocumentLimit(4096))
	srv := httptestServer(sim.ServeHTTP)
	defer srv.Close()
	a := sim.Admin()
	c, err := spiraclient.New(srv.URL, a.Login, a.APIKey)
	require.NoError(t, err)
	_, err = c.AddFileDocument(context.Background(), 1, spiraclient.RemoteDocument{FilenameOrURL: "big.bin",
		AttachedArtifacts: []spiraclient.RemoteLinkedArtifact{{ArtifactID: 3, ArtifactTypeID: 3}}}, bytes.NewReader(make([]byte, 10000)))
	require.ErrorIs(t, err, spiraclient.ErrTooLarge)
	require.Empty(t, sim.FileDocuments(1, 3, 3))
}

// The simulator reads the body as JSON however it is laid out: BinaryData
// first, "\/" escapes as .NET writes them; strict mode refuses a field
// Spira does not have.
func TestFileDocumentBodyShapes(t *testing.T) {
	sim := spiratest.New(spiratest.WithStrictFields(), spiratest.WithClock(func() time.Time { return fixedNow }))
	srv := httptestServer(sim.ServeHTTP)
	defer srv.Close()
	a := sim.Admin()
	post := func(body string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+spiraclient.APIPath+"projects/1/documents/file", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		a.Authorize(req)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	data := []byte{0xfb, 0xff, 0xfe, 'h', 'i'}
	enc := strings.ReplaceAll(base64.StdEncoding.EncodeToString(data), "/", `\/`)
	require.Equal(t, 200, post(`{"BinaryData":"`+enc+`", "FilenameOrUrl":"x.bin","AttachedArtifacts":[{"ArtifactId":3,"ArtifactTypeId":3}],"Description":null}`))
	docs := sim.FileDocuments(1, 3, 3)
	require.Len(t, docs, 1)
	rc, err := sim.DocumentContent(docs[0].ID)
	require.NoError(t, err)
	got, _ := io.ReadAll(rc)
	rc.Close()
	require.Equal(t, data, got)

	require.Equal(t, 400, post(`{"FilenameOrUrl":"x.bin","Filename":"y","BinaryData":"aGk=","AttachedArtifacts":[]}`))
	require.Equal(t, 400, post(`{"FilenameOrUrl":"x.bin","BinaryData":"aGk`))
	require.Len(t, sim.FileDocuments(1, 3, 3), 1)
}
