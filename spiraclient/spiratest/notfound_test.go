package spiratest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// "Endpoint not found." is WCF's answer inside the REST service; a path
// outside it never reaches WCF and gets the web server's HTML 404 page.
func TestUnknownPathsAnswerAsTheirLayerDoes(t *testing.T) {
	_, srv, a := adminServer(t)
	get := func(path string) (int, string, string) { return getAs(t, srv, a, path) }

	code, ct, body := get(ServicePath + "no/such/call")
	require.Equal(t, http.StatusNotFound, code)
	require.Contains(t, ct, "application/json")
	require.Equal(t, `"Endpoint not found."`, body)

	for _, p := range []string{"/SpiraPlan" + ServicePath + "projects", "/Services/v9_0/RestService.svc/projects", "/nothing/here"} {
		code, ct, body = get(p)
		require.Equal(t, http.StatusNotFound, code, p)
		require.Contains(t, ct, "text/html", p)
		require.True(t, strings.HasPrefix(body, "<!DOCTYPE html"), p)
		require.NotContains(t, body, "Endpoint not found", p)
	}
}
