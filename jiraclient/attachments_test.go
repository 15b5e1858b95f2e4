package jiraclient_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/jiraclient/jiratest/jiraconform"
)

// A file goes up as a stream, shows in the issue's attachment field, and
// comes down through the 303 to the media host, which never sees the
// site's credentials.
func TestAttachmentUploadListDownload(t *testing.T) {
	var mu sync.Mutex
	var mediaAuth []string
	var sim *jiratest.Sim
	media := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		mediaAuth = append(mediaAuth, r.Header.Get("Authorization"))
		mu.Unlock()
		sim.MediaHandler().ServeHTTP(w, r)
	}))
	defer media.Close()
	sim = jiratest.New(jiratest.WithMediaURL(media.URL))
	srv := jiraconform.NewServer(t, sim)
	c := clientFor(t, srv.URL, sim.Admin())
	ctx := context.Background()

	content := make([]byte, 300<<10)
	_, _ = rand.Read(content)
	got, err := c.UploadAttachment(ctx, "LIB-1", `crash "log".bin`, bytes.NewReader(content))
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, `crash "log".bin`, got[0].Filename)
	require.EqualValues(t, len(content), got[0].Size)

	list, err := c.IssueAttachments(ctx, "LIB-1")
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, got[0].ID, list[0].ID)

	rc, err := c.DownloadAttachment(ctx, list[0].ID)
	require.NoError(t, err)
	down, err := io.ReadAll(rc)
	require.NoError(t, rc.Close())
	require.NoError(t, err)
	require.Equal(t, content, down)
	require.Equal(t, []string{""}, mediaAuth, "the media host got the request without the site's credentials")

	_, err = c.DownloadAttachment(ctx, "999999")
	require.ErrorIs(t, err, jiraclient.ErrNotFound)

	set, err := c.AttachmentSettings(ctx)
	require.NoError(t, err)
	require.True(t, set.Enabled)
	require.EqualValues(t, jiratest.DefaultUploadLimit, set.UploadLimit)
}

// Without the media option the site serves the media paths itself.
func TestAttachmentDownloadFromTheSite(t *testing.T) {
	sim, _, c := newSim(t)
	id, err := sim.AddAttachment("LIB-2", "notes.txt", strings.NewReader("hello"))
	require.NoError(t, err)
	rc, err := c.DownloadAttachment(context.Background(), id)
	require.NoError(t, err)
	b, _ := io.ReadAll(rc)
	rc.Close()
	require.Equal(t, "hello", string(b))
}

func TestAttachmentUploadRefusals(t *testing.T) {
	sim, url, c := newSim(t, jiratest.WithUploadLimit(1000))
	ctx := context.Background()

	_, err := c.UploadAttachment(ctx, "LIB-1", "big.bin", bytes.NewReader(make([]byte, 5000)))
	require.ErrorIs(t, err, jiraclient.ErrTooLarge)
	require.Contains(t, err.Error(), "413")
	require.Empty(t, sim.Attachments("LIB-1"), "nothing was attached")

	_, err = c.UploadAttachment(ctx, "LIB-999", "a.txt", strings.NewReader("x"))
	require.ErrorIs(t, err, jiraclient.ErrNotFound)

	// Without X-Atlassian-Token Jira's XSRF check refuses the upload.
	body := "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nx\r\n--b--\r\n"
	req, _ := http.NewRequest(http.MethodPost, url+"/rest/api/3/issue/LIB-1/attachments", strings.NewReader(body))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	a := sim.Admin()
	req.SetBasicAuth(a.Email, a.Token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	require.Equal(t, "XSRF check failed", string(b))

	// A part not named "file" is ignored.
	req, _ = http.NewRequest(http.MethodPost, url+"/rest/api/3/issue/LIB-1/attachments",
		strings.NewReader(strings.Replace(body, `name="file"`, `name="upload"`, 1)))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	req.Header.Set("X-Atlassian-Token", "no-check")
	req.SetBasicAuth(a.Email, a.Token)
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "[]", string(b))
}

// The reader is streamed: a failing reader fails the upload and nothing is
// attached.
func TestAttachmentUploadReaderError(t *testing.T) {
	sim, _, c := newSim(t)
	r := io.MultiReader(strings.NewReader("partial"), errReader{})
	_, err := c.UploadAttachment(context.Background(), "LIB-1", "a.txt", r)
	require.Error(t, err)
	require.Empty(t, sim.Attachments("LIB-1"))
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }
