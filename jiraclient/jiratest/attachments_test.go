package jiratest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

// Every attachment route answers as the spec says (the env validates each
// exchange): the attachment field, the metadata, the content by
// redirect and directly, and what an anonymous caller gets.
func TestAttachmentRoutes(t *testing.T) {
	e := newEnv(t, jiratest.WithUploadLimit(5000))
	id, err := e.sim.AddAttachment("LIB-3", "shot.png", strings.NewReader("png bytes"))
	require.NoError(t, err)

	is := e.getOK("/rest/api/3/issue/LIB-3?fields=attachment")
	fields := is["fields"].(map[string]any)
	list := fields["attachment"].([]any)
	require.Len(t, list, 1)
	a := list[0].(map[string]any)
	require.Equal(t, "shot.png", a["filename"])
	require.Equal(t, "image/png", a["mimeType"])
	require.EqualValues(t, 9, a["size"])
	require.Contains(t, a, "thumbnail")
	require.Empty(t, e.getOK("/rest/api/3/issue/LIB-4?fields=attachment")["fields"].(map[string]any)["attachment"])

	require.Equal(t, "shot.png", e.getOK("/rest/api/3/attachment/" + id)["filename"])
	meta := e.getOK("/rest/api/3/attachment/meta")
	require.Equal(t, true, meta["enabled"])
	require.EqualValues(t, 5000, meta["uploadLimit"])

	direct := e.get("/rest/api/3/attachment/content/" + id + "?redirect=false")
	require.Equal(t, http.StatusOK, direct.status)
	require.Equal(t, "png bytes", string(direct.body))

	// The redirect, without following it: the media URL carries a token
	// and is served without credentials.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/rest/api/3/attachment/content/"+id, nil)
	req.SetBasicAuth(e.as.Email, e.as.Token)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc := resp.Header.Get("Location")
	require.Contains(t, loc, "/_media/file/")
	resp, err = http.Get(loc)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "png bytes", string(b))
	resp, err = http.Get(strings.Replace(loc, "token=", "token=x", 1))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "a wrong token is refused")

	anon := e.anonymous()
	require.Equal(t, http.StatusNotFound, anon.get("/rest/api/3/attachment/content/"+id).status, "LIB is private")
	require.Equal(t, http.StatusNotFound, anon.get("/rest/api/3/attachment/"+id).status)
	require.Equal(t, http.StatusNotFound, e.get("/rest/api/3/attachment/content/99999").status)
}
