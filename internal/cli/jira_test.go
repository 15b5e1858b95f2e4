package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/jiraclient/jiratest/jiraconform"
)

// jiraEnv points the profile's Jira at a fresh simulator through the
// environment, as a script would.
func jiraEnv(t *testing.T, as func(*jiratest.Sim) jiratest.Account) *jiratest.Sim {
	t.Helper()
	sim := jiratest.New()
	srv := jiraconform.NewServer(t, sim)
	a := as(sim)
	t.Setenv("SPIRAJIRA_CONFIG_DIR", t.TempDir())
	t.Setenv("SPIRAJIRA_JIRA_URL", srv.URL)
	t.Setenv("SPIRAJIRA_JIRA_EMAIL", a.Email)
	t.Setenv("SPIRAJIRA_JIRA_TOKEN", a.Token)
	return sim
}

func admin(s *jiratest.Sim) jiratest.Account    { return s.Admin() }
func nonAdmin(s *jiratest.Sim) jiratest.Account { return s.NonAdmin() }

func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(context.Background(), args, TestIO(strings.NewReader(stdin), &out, &errOut))
	return code, out.String(), errOut.String()
}

func TestJiraStatusesJSONAndCSV(t *testing.T) {
	jiraEnv(t, admin)
	code, out, errOut := run(t, "jira", "statuses", "--project", "LIB", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.NotEmpty(t, rows)
	types := map[string]bool{}
	for _, r := range rows {
		for _, k := range []string{"id", "name", "category", "issueType", "issueTypeId"} {
			require.NotEmpty(t, r[k], "row %v lacks %s", r, k)
		}
		types[r["issueType"].(string)] = true
	}
	require.Len(t, types, 5, "every issue type's workflow")
	bugReview := false
	for _, r := range rows {
		if r["issueType"] == "Bug" && r["name"] == "In Review" {
			bugReview = r["category"] == "indeterminate"
		}
	}
	require.True(t, bugReview, "Bug's In Review is in the In Progress category")

	code, out, errOut = run(t, "jira", "statuses", "--project", "LIB", "-o", "csv")
	require.Equal(t, 0, code, errOut)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"ID", "NAME", "CATEGORY", "ISSUE TYPE ID", "ISSUE TYPE"}, recs[0])
	require.Len(t, recs, len(rows)+1)
}

func TestJiraListingsEveryKind(t *testing.T) {
	jiraEnv(t, admin)
	for _, tc := range []struct {
		args     []string
		firstCol string
		contains string
	}{
		{[]string{"projects"}, "ID", "Library Information System"},
		{[]string{"issuetypes", "--project", "LIB"}, "ID", "Sub-task"},
		{[]string{"priorities", "--project", "LIB"}, "ID", "Highest"},
		{[]string{"resolutions"}, "ID", "Cannot Reproduce"},
		{[]string{"components", "--project", "LIB"}, "ID", "Circulation"},
		{[]string{"versions", "--project", "LIB"}, "ID", "0.9 Pilot"},
		{[]string{"fields"}, "ID", "customfield_10030"},
		{[]string{"options", "--field", "customfield_10030"}, "ID", "Critical"},
		{[]string{"securitylevels", "--project", "LIB"}, "ID", "Security Team"},
		{[]string{"linktypes"}, "ID", "is blocked by"},
		{[]string{"users", "--project", "LIB"}, "ACCOUNT ID", "(hidden)"},
		{[]string{"users", "--query", "jordan"}, "ACCOUNT ID", "Jordan Lee"},
		{[]string{"transitions", "--issue", "LIB-1"}, "ID", "TO STATUS"},
	} {
		t.Run(tc.args[0], func(t *testing.T) {
			args := append([]string{"jira"}, tc.args...)
			code, out, errOut := run(t, append(args, "-o", "csv")...)
			require.Equal(t, 0, code, errOut)
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			require.NoError(t, err)
			require.Equal(t, tc.firstCol, recs[0][0])
			require.Greater(t, len(recs), 1)
			require.Contains(t, out, tc.contains)

			code, out, errOut = run(t, append(args, "-o", "json")...)
			require.Equal(t, 0, code, errOut)
			var v []any
			require.NoError(t, json.Unmarshal([]byte(out), &v), out)
			require.NotEmpty(t, v)

			code, out, _ = run(t, append(args, "-o", "yaml")...)
			require.Equal(t, 0, code)
			require.True(t, strings.HasPrefix(out, "- "), out)

			code, out, _ = run(t, args...)
			require.Equal(t, 0, code)
			require.True(t, strings.HasPrefix(out, tc.firstCol), out)
		})
	}
}

func TestJiraFieldsShowTheFittingSpiraType(t *testing.T) {
	jiraEnv(t, admin)
	code, out, errOut := run(t, "jira", "fields", "--custom", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var rows []struct {
		ID, Name, SchemaType, SpiraType string
		Custom                          bool
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	got := map[string]string{}
	for _, r := range rows {
		require.True(t, r.Custom)
		got[r.Name] = r.SchemaType + " -> " + r.SpiraType
	}
	require.Equal(t, "option -> List", got["Severity"])
	require.Equal(t, "array<option> -> MultiList", got["Affected Branches"])
	require.Equal(t, "number -> Decimal", got["Story Points"])
	require.Equal(t, "date -> Date", got["Target Date"])
	require.Equal(t, "user -> User", got["Reviewer"])
	require.Equal(t, "string -> Text", got["External Reference"])
}

func TestJiraOptionsPerContextAndNonAdminFallback(t *testing.T) {
	jiraEnv(t, admin)
	code, out, errOut := run(t, "jira", "options", "--field", "customfield_10031", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var rows []OptionRow
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	ctxs := map[string]bool{}
	for _, r := range rows {
		ctxs[r.ContextID] = true
	}
	require.Len(t, ctxs, 2, "the options of both contexts")

	code, out, errOut = run(t, "jira", "options", "--field", "customfield_10031", "--project", "LIB", "-o", "json")
	require.Equal(t, 0, code, errOut)
	var lib []OptionRow
	require.NoError(t, json.Unmarshal([]byte(out), &lib))
	require.Equal(t, rows, lib, "both contexts apply to LIB")

	jiraEnv(t, nonAdmin)
	code, _, errOut = run(t, "jira", "options", "--field", "customfield_10030")
	require.Equal(t, ExitError, code)
	require.Contains(t, errOut, "--project")

	code, out, errOut = run(t, "jira", "options", "--field", "customfield_10030", "--project", "LIB", "-o", "json")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "create screens")
	rows = nil
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	var values []string
	for _, r := range rows {
		values = append(values, r.Value)
	}
	require.Equal(t, []string{"Critical", "High", "Medium", "Low"}, values)
}

func TestJiraUsageAndAuthErrors(t *testing.T) {
	jiraEnv(t, admin)
	for _, args := range [][]string{
		{"jira", "statuses"},
		{"jira", "options"},
		{"jira", "transitions"},
		{"jira", "users"},
		{"jira", "projects", "-o", "xml"},
		{"jira"},
	} {
		code, _, errOut := run(t, args...)
		require.Equal(t, ExitUsage, code, "%v: %s", args, errOut)
	}
	code, _, errOut := run(t, "jira", "issuetypes", "--project", "NOPE")
	require.Equal(t, ExitError, code)
	require.Contains(t, errOut, "404")

	t.Setenv("SPIRAJIRA_JIRA_TOKEN", "wrong-token")
	code, _, errOut = run(t, "jira", "projects")
	require.Equal(t, ExitAuth, code, errOut)
	require.NotContains(t, errOut, "wrong-token")

	// Jira answers a refused token on a project's statuses with a 404 as
	// if the project did not exist; the header says the token was refused.
	t.Setenv("SPIRAJIRA_JIRA_TOKEN", "ATATTwrong")
	code, _, errOut = run(t, "jira", "statuses", "--project", "LIB")
	require.Equal(t, ExitAuth, code, errOut)
	require.Contains(t, errOut, "credentials were refused")
	require.NotContains(t, errOut, "No project could be found")
}

func TestLoginJiraChecksThenStores(t *testing.T) {
	sim := jiratest.New()
	srv := jiraconform.NewServer(t, sim)
	dir := t.TempDir()
	t.Setenv("SPIRAJIRA_CONFIG_DIR", dir)
	a := sim.NonAdmin()

	// A wrong token is refused and nothing is stored.
	code, _, errOut := runIn(t, "not-the-token\n", "login", "jira", "--site", srv.URL+"/", "--email", a.Email, "--token-stdin")
	require.Equal(t, ExitAuth, code, errOut)
	require.Contains(t, errOut, "looks like a password")
	_, err := os.Stat(filepath.Join(dir, "config.yaml"))
	require.True(t, os.IsNotExist(err))

	code, _, errOut = runIn(t, a.Token+"\n", "login", "jira", "--site", srv.URL+"/", "--email", a.Email, "--token-stdin")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "Logged in to "+srv.URL+" as Sam Sync")
	require.NotContains(t, errOut, "warning")
	cfg, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	require.NoError(t, err)
	require.Contains(t, string(cfg), srv.URL)
	require.Contains(t, string(cfg), a.Email)
	require.NotContains(t, string(cfg), a.Token)

	// The stored login now serves the jira commands.
	code, out, errOut := run(t, "jira", "linktypes", "-o", "csv")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "Relates")

	// Off a terminal, with no stored site, --url is required.
	t.Setenv("SPIRAJIRA_CONFIG_DIR", t.TempDir())
	code, _, errOut = runIn(t, a.Token+"\n", "login", "jira", "--email", a.Email, "--token-stdin")
	require.Equal(t, ExitUsage, code, errOut)
	require.Contains(t, errOut, "--url")
}

func TestTokenWarnings(t *testing.T) {
	require.NotEmpty(t, tokenWarnings("hunter2"))
	require.Empty(t, tokenWarnings("ATATT3xFfGF0"+strings.Repeat("a", 180)))
	require.NotEmpty(t, tokenWarnings("ATATT3 with space"))
}

func TestLoginJiraFindsTheGatewayForAScopedToken(t *testing.T) {
	sim := jiratest.New()
	srv := jiraconform.NewServer(t, sim)
	dir := t.TempDir()
	t.Setenv("SPIRAJIRA_CONFIG_DIR", dir)
	a, err := sim.AddUser(jiratest.UserSpec{Email: "bot@library.example", DisplayName: "Sync bot",
		Token: "ATATT3xScoped" + strings.Repeat("k", 60), ScopedToken: true})
	require.NoError(t, err)

	code, _, errOut := runIn(t, a.Token+"\n", "login", "jira", "--site", srv.URL, "--email", a.Email, "--token-stdin", "--api-gateway", srv.URL)
	require.Equal(t, 0, code, errOut)
	gw := srv.URL + "/ex/jira/" + jiratest.CloudID
	require.Contains(t, errOut, "scoped API token")
	require.Contains(t, errOut, "Logged in to "+gw+" as Sync bot")
	cfg, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	require.NoError(t, err)
	require.Contains(t, string(cfg), gw)

	code, out, errOut := run(t, "jira", "priorities", "--project", "LIB", "-o", "csv")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "Highest")
}

func TestJiraUsersSaysWhyTheListIsEmpty(t *testing.T) {
	sim := jiraEnv(t, nonAdmin)
	require.NoError(t, sim.SetBrowseUsers(sim.NonAdmin().AccountID, false))
	code, out, errOut := run(t, "jira", "users", "--query", "jordan", "-o", "json")
	require.Equal(t, 0, code, errOut)
	require.JSONEq(t, "[]", out)
	require.Contains(t, errOut, "Browse users and groups")
}

func TestLoginJiraPromptsOnATerminal(t *testing.T) {
	sim := jiratest.New()
	srv := jiraconform.NewServer(t, sim)
	dir := t.TempDir()
	t.Setenv("SPIRAJIRA_CONFIG_DIR", dir)
	a := sim.Admin()
	var out, errOut bytes.Buffer
	ios := TestIO(strings.NewReader(srv.URL+"\n"+a.Email+"\n"+a.Token+"\n"), &out, &errOut)
	ios.SetTTY(true, true)
	root := NewCmdRoot(NewFactory(ios))
	root.SetArgs([]string{"login", "jira"})
	root.SetOut(&out)
	root.SetErr(&errOut)
	require.NoError(t, root.ExecuteContext(context.Background()))
	require.Contains(t, errOut.String(), "Jira site URL: ")
	require.Contains(t, errOut.String(), "E-mail: ")
	require.Contains(t, errOut.String(), "API token: ")
	require.Contains(t, errOut.String(), "Logged in to "+srv.URL+" as Avery Admin")
	require.NotContains(t, errOut.String()+out.String(), a.Token)
	cfg, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	require.NoError(t, err)
	require.Contains(t, string(cfg), a.Email)
}

func TestJiraProjectFlagCompletes(t *testing.T) {
	jiraEnv(t, admin)
	code, out, errOut := run(t, "__complete", "jira", "statuses", "--project", "L")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "LIB\tLibrary Information System")
}

func TestJiraCommandsSayWhatToFix(t *testing.T) {
	jiraEnv(t, admin)

	// Keys are upper case.
	code, _, errOut := run(t, "jira", "statuses", "--project", "lib")
	require.Equal(t, ExitError, code, errOut)
	require.Contains(t, errOut, "Jira project keys are upper case: try --project LIB")
	require.Contains(t, errOut, "spirajira jira projects")
	code, _, errOut = run(t, "jira", "components", "--project", "NOPE")
	require.Equal(t, ExitError, code, errOut)
	require.Contains(t, errOut, "no project NOPE that this account can browse")
	require.NotContains(t, errOut, "upper case")

	// A password in the environment is called out, and the exit code
	// stays the one for refused credentials.
	t.Setenv("SPIRAJIRA_JIRA_TOKEN", "hunter2")
	code, _, errOut = run(t, "jira", "statuses", "--project", "LIB")
	require.Equal(t, ExitAuth, code, errOut)
	require.Contains(t, errOut, "SPIRAJIRA_JIRA_TOKEN: this looks like a password")
	require.NotContains(t, errOut, "hunter2")
	t.Setenv("SPIRAJIRA_JIRA_TOKEN", "ATATT3xFfGF0"+strings.Repeat("w", 180))
	code, _, errOut = run(t, "jira", "statuses", "--project", "LIB")
	require.Equal(t, ExitAuth, code, errOut)
	require.NotContains(t, errOut, "password")

	// Another JSON API at the URL is not taken for Jira.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`"Endpoint not found."`))
	}))
	t.Cleanup(other.Close)
	t.Setenv("SPIRAJIRA_JIRA_URL", other.URL)
	code, _, errOut = run(t, "jira", "projects")
	require.Equal(t, ExitError, code, errOut)
	require.Contains(t, errOut, "this URL does not look like a Jira Cloud site")
}
