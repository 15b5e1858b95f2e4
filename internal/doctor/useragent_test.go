package doctor

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/httpx/httpxtest"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// The report's requests name the caller, as every other command's do.
func TestChecksSendTheCallersUserAgent(t *testing.T) {
	var agents httpxtest.Agents
	js, ss := jiratest.New(), spiratest.New()
	jsrv, ssrv := agents.Serve(t, js), agents.Serve(t, ss)
	ja, sa := js.Admin(), ss.Admin()
	Run(context.Background(), Inputs{
		Jira:      JiraSettings{URL: jsrv.URL, Email: ja.Email, Token: ja.Token},
		Spira:     SpiraSettings{URL: ssrv.URL, Login: sa.Login, APIKey: sa.APIKey, DataSync: "JiraDataSync"},
		UserAgent: "spirajira/test",
	})
	seen := agents.Seen()
	require.Greater(t, seen["spirajira/test"], 10, "requests seen: %v", seen)
	require.Len(t, seen, 1, "every request, the CORS preflight's too, names the caller: %v", seen)
}

// --debug logs the doctor's exchanges, the CORS preflight among them, with
// the secrets masked.
func TestDebugLogsEveryExchange(t *testing.T) {
	js, ss := jiratest.New(), spiratest.New()
	jsrv, ssrv := httptest.NewServer(js), httptest.NewServer(ss)
	t.Cleanup(jsrv.Close)
	t.Cleanup(ssrv.Close)
	ja, sa := js.Admin(), ss.Admin()
	var log bytes.Buffer
	Run(context.Background(), Inputs{
		Jira:  JiraSettings{URL: jsrv.URL, Email: ja.Email, Token: ja.Token},
		Spira: SpiraSettings{URL: ssrv.URL, Login: sa.Login, APIKey: sa.APIKey, DataSync: "JiraDataSync"},
		Debug: &log,
	})
	// (Not require.Contains: it would print the whole log.)
	out := log.String()
	require.True(t, strings.Contains(out, "> GET "+jsrv.URL+"/rest/api/3/myself"), "a client's request is logged")
	require.True(t, strings.Contains(out, "> OPTIONS "+ssrv.URL), "the preflight is logged")
	require.False(t, strings.Contains(out, ja.Token), "the token is masked")
	require.False(t, strings.Contains(out, sa.APIKey), "the API key is masked")
}
