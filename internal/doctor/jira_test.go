package doctor

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
)

// noSpira is a Spira that refuses connections, for tests of the Jira checks.
var noSpira = SpiraSettings{URL: "http://127.0.0.1:1", Login: "admin", APIKey: "{00000000-0000-0000-0000-000000000000}"}

func jiraServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func runJira(t *testing.T, js JiraSettings, mod func(*Inputs)) Report {
	t.Helper()
	in := Inputs{Jira: js, Spira: noSpira, Timeout: 10 * time.Second}
	if mod != nil {
		mod(&in)
	}
	return Run(context.Background(), in)
}

func requireCheck(t *testing.T, r Report, id string, v Verdict, msgPart string) Check {
	t.Helper()
	c, ok := r.Find(id)
	require.True(t, ok, "no check %s in %v", id, r.Checks)
	require.Equal(t, v, c.Verdict, "%s: %s (fix: %s)", id, c.Message, c.Fix)
	require.Contains(t, c.Message, msgPart)
	if v == Warn || v == Fail {
		require.NotEmpty(t, c.Fix, "%s has no fix", id)
	}
	return c
}

func TestJiraChecksPassForAnAdmin(t *testing.T) {
	sim := jiratest.New()
	u := jiraServer(t, sim)
	a := sim.Admin()
	r := runJira(t, JiraSettings{URL: u, Email: a.Email, Token: a.Token}, nil)
	requireCheck(t, r, "jira.site", Pass, "is reachable")
	requireCheck(t, r, "jira.login", Pass, a.DisplayName)
	requireCheck(t, r, "jira.token", Pass, "accepted on the site URL")
	requireCheck(t, r, "jira.admin", Pass, "administers Jira")
	// Without Spira, the Spira side fails once and everything that needs it is skipped.
	requireCheck(t, r, "spira.login", Fail, "cannot be reached")
	requireCheck(t, r, "spira.plugin", Skip, "spira.login")
	requireCheck(t, r, "clock", Skip, "spira.login")
}

func TestJiraWrongTokenFailsOnlyTheLogin(t *testing.T) {
	sim := jiratest.New()
	u := jiraServer(t, sim)
	a := sim.Admin()
	r := runJira(t, JiraSettings{URL: u, Email: a.Email, Token: "not-the-token"}, nil)
	requireCheck(t, r, "jira.site", Pass, "credentials are checked by jira.login")
	c := requireCheck(t, r, "jira.login", Fail, "refused the e-mail and API token")
	require.Contains(t, c.Fix, "spirajira login jira")
	require.NotContains(t, c.Message+c.Fix, "not-the-token")
	requireCheck(t, r, "jira.token", Skip, "not because it expired or is a scoped token")
	requireCheck(t, r, "jira.admin", Skip, "jira.login")
}

func TestJiraNonAdminWarns(t *testing.T) {
	sim := jiratest.New()
	u := jiraServer(t, sim)
	a := sim.NonAdmin()
	r := runJira(t, JiraSettings{URL: u, Email: a.Email, Token: a.Token}, nil)
	requireCheck(t, r, "jira.login", Pass, a.DisplayName)
	c := requireCheck(t, r, "jira.admin", Warn, "not a Jira administrator")
	require.Contains(t, c.Fix, "Administer Jira")
}

func TestJiraSiteThatIsNotJira(t *testing.T) {
	u := jiraServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte("<!DOCTYPE html><html><body>Welcome to our intranet</body></html>"))
	}))
	r := runJira(t, JiraSettings{URL: u, Email: "a@b.test", Token: "t"}, nil)
	c := requireCheck(t, r, "jira.site", Fail, "does not look like a Jira Cloud site")
	require.Contains(t, c.Fix, "atlassian.net")
}

func TestJiraSiteUnreachable(t *testing.T) {
	r := runJira(t, JiraSettings{URL: "http://127.0.0.1:1", Email: "a@b.test", Token: "t"}, nil)
	requireCheck(t, r, "jira.site", Fail, "cannot be reached")
	requireCheck(t, r, "jira.login", Skip, "see jira.site")
	requireCheck(t, r, "jira.token", Skip, "see jira.site")
}

func TestJiraSettingsMissing(t *testing.T) {
	r := runJira(t, JiraSettings{}, nil)
	c := requireCheck(t, r, "jira.site", Fail, "not usable")
	require.Contains(t, c.Fix, "spirajira login jira")
	requireCheck(t, r, "jira.login", Skip, "jira.site")
}

func TestJiraHangingSiteIsBounded(t *testing.T) {
	u := jiraServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	r := runJira(t, JiraSettings{URL: u, Email: "a@b.test", Token: "t"}, func(in *Inputs) { in.Timeout = 300 * time.Millisecond })
	c, _ := r.Find("jira.site")
	require.Equal(t, Fail, c.Verdict)
	require.NotEmpty(t, c.Fix)
}

// A scoped token is refused on the site URL and accepted through the gateway.
func TestJiraScopedTokenOnTheSiteURL(t *testing.T) {
	sim := jiratest.New()
	u := jiraServer(t, sim)
	bot, err := sim.AddUser(jiratest.UserSpec{Email: "bot@library.example", DisplayName: "Sync Bot",
		Token: "ATSTT-scoped-token-0123456789", ScopedToken: true})
	require.NoError(t, err)
	// The simulator serves the gateway's /ex/jira/{cloudId} paths itself.
	r := runJira(t, JiraSettings{URL: u, Email: bot.Email, Token: bot.Token}, func(in *Inputs) { in.AtlassianAPIURL = u })
	c := requireCheck(t, r, "jira.token", Fail, "scoped token")
	require.Contains(t, c.Fix, u+"/ex/jira/"+jiratest.CloudID)
	require.NotContains(t, c.Message+c.Fix, bot.Token)
	requireCheck(t, r, "jira.login", Skip, "scoped token (see jira.token)")

	// Through the gateway URL the same token works.
	r = runJira(t, JiraSettings{URL: u + "/ex/jira/" + jiratest.CloudID, Email: bot.Email, Token: bot.Token}, func(in *Inputs) { in.AtlassianAPIURL = u })
	requireCheck(t, r, "jira.login", Pass, "Sync Bot")
	requireCheck(t, r, "jira.token", Pass, "gateway")
}

func TestJiraExpiredToken(t *testing.T) {
	sim := jiratest.New()
	a := sim.Admin()
	u := jiraServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/myself") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"message":"Your API token has expired.","status-code":401}`))
			return
		}
		sim.ServeHTTP(w, r)
	}))
	r := runJira(t, JiraSettings{URL: u, Email: a.Email, Token: a.Token}, nil)
	c := requireCheck(t, r, "jira.token", Fail, "expired")
	require.Contains(t, c.Fix, "id.atlassian.com")
	requireCheck(t, r, "jira.login", Skip, "expired (see jira.token)")
}
