package spiraclient_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/spiraclient"
)

// With the API key in the query string, a redirect (http to https, or a
// login page in front of Spira) carries the key on: in the Location
// header, the next URL, the Referer and the page that names its return
// URL. None of it reaches the debug log or the error, in any encoding.
func TestAQueryAPIKeyCarriedByARedirectStaysSecret(t *testing.T) {
	const key = "{7A060E17-5A1E-4C3B-9D2E-51BCF0060517}"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/Login.aspx") {
			http.Redirect(w, r, "/Login.aspx?ReturnUrl="+url.QueryEscape(r.URL.RequestURI()), http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<form action="./Login.aspx?ReturnUrl=` + url.QueryEscape(r.URL.Query().Get("ReturnUrl")) +
			`"><input name="user"></form>`))
	}))
	defer srv.Close()
	var dbg bytes.Buffer
	c, err := spiraclient.New(srv.URL, "fred", key, spiraclient.WithAuthMode(spiraclient.AuthQuery), spiraclient.WithDebug(&dbg))
	require.NoError(t, err)
	_, err = c.Projects(t.Context())
	require.ErrorIs(t, err, spiraclient.ErrNotJSON)
	require.Contains(t, dbg.String(), "Location:", "the redirect was logged")
	for _, part := range []string{"7A060E17", "5A1E-4C3B", "51BCF0060517"} {
		require.NotContains(t, err.Error(), part)
		require.NotContains(t, dbg.String(), part)
	}
}
