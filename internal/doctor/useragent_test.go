package doctor

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// The report's requests name the caller, as every other command's do.
func TestChecksSendTheCallersUserAgent(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	record := func(h http.Handler) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen[r.UserAgent()]++
			mu.Unlock()
			h.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	js, ss := jiratest.New(), spiratest.New()
	jsrv, ssrv := record(js), record(ss)
	ja, sa := js.Admin(), ss.Admin()
	Run(context.Background(), Inputs{
		Jira:      JiraSettings{URL: jsrv.URL, Email: ja.Email, Token: ja.Token},
		Spira:     SpiraSettings{URL: ssrv.URL, Login: sa.Login, APIKey: sa.APIKey, DataSync: "JiraDataSync"},
		UserAgent: "spirajira/test",
	})
	require.Greater(t, seen["spirajira/test"], 10, "requests seen: %v", seen)
}
