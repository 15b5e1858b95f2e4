package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/internal/sandbox/sandboxtest"
)

func startSandbox(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	return sandboxtest.Start(t, sandbox.Options{})
}

// useSpira points the environment at a Spira instance and login.
func useSpira(t *testing.T, url, login, key string) {
	t.Setenv(config.EnvSpiraURL, url)
	t.Setenv(config.EnvSpiraLogin, login)
	t.Setenv(config.EnvSpiraAPIKey, key)
}

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	code := Main(context.Background(), args, TestIO(strings.NewReader(stdin), out, errOut))
	return code, out.String(), errOut.String()
}

func TestSpiraMappingsShowsTheSeededMapping(t *testing.T) {
	sb := startSandbox(t)
	useSpira(t, sb.SpiraURL, sb.SpiraAdmin.Login, sb.SpiraAdmin.APIKey)
	code, out, errOut := runCLI(t, "", "spira", "mappings", "--product", "1", "-o", "json")
	require.Equal(t, 0, code, errOut)

	var res spiraMappingsResult
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Equal(t, "JiraDataSync", res.DataSync.Name)
	require.Equal(t, sb.JiraURL, res.DataSync.ConnectionString)
	require.Equal(t, "10030", res.DataSync.Custom01)
	require.NotContains(t, out, sb.JiraAdmin.Token, "the plug-in password is never shown")
	require.Equal(t, &spiraProjectMapping{Key: "LIB", Active: true}, res.Project)
	require.Len(t, res.Users, 5)
	require.Equal(t, "System Administrator", res.Users[0].SpiraName)

	versions := map[int]string{}
	for _, r := range res.Releases {
		versions[r.SpiraID] = r.ExternalKey
	}
	require.Equal(t, map[int]string{1: "10000", 2: "10001", 4: "10002", 5: "10003"}, versions, "release 2.1 is the seeded unmapped one")
	require.Equal(t, "LIB-8", res.Incidents[0].ExternalKey)

	byField := map[string]spiraFieldMapping{}
	for _, f := range res.Fields {
		byField[f.Field] = f
	}
	status := byField["incident status"]
	require.Equal(t, 3, status.FieldID)
	var mapped []int
	for _, v := range status.Values {
		mapped = append(mapped, v.SpiraID)
		if v.SpiraID == 2 {
			require.Equal(t, "Open", v.SpiraName)
			require.True(t, *v.Primary)
			require.Equal(t, "10000", v.ExternalKey)
		}
	}
	require.Equal(t, []int{1, 2, 3, 5, 6, 7}, mapped, "Resolved (4) and Reopen (8) are the seeded unmapped statuses")
	require.Equal(t, "Critical", byField["incident severity"].Values[0].ExternalKey)

	props := map[string]spiraPropertyMapping{}
	for _, p := range res.CustomProperties {
		props[p.Name] = p
	}
	require.Equal(t, "Resolution", props["Resolution"].ExternalKey)
	require.Equal(t, "10001", props["Resolution"].Values[1].ExternalKey)
	require.Equal(t, "Won't Do", props["Resolution"].Values[1].SpiraName)
	require.Equal(t, "JiraIssueKey", props["Jira Issue Key"].ExternalKey)

	// The table form has the section and ID first.
	code, out, _ = runCLI(t, "", "spira", "mappings", "--product", "1")
	require.Equal(t, 0, code)
	require.Contains(t, out, "SECTION")
	require.Contains(t, out, "LIB")
}

func TestSpiraListings(t *testing.T) {
	sb := startSandbox(t)
	useSpira(t, sb.SpiraURL, sb.SpiraAdmin.Login, sb.SpiraAdmin.APIKey)

	code, out, errOut := runCLI(t, "", "spira", "products", "-o", "json")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `"Name": "Library Information System"`)

	code, out, _ = runCLI(t, "", "spira", "users", "-o", "json")
	require.Equal(t, 0, code)
	require.Contains(t, out, "kiri.tane@library.example")
	require.NotContains(t, out, "RssToken", "API keys are never listed")
	require.NotContains(t, out, sb.SpiraAdmin.APIKey)

	code, out, _ = runCLI(t, "", "spira", "releases", "--product", "1", "-o", "csv")
	require.Equal(t, 0, code)
	require.True(t, strings.HasPrefix(out, "ID,VERSION,NAME"))
	require.Contains(t, out, "6,2.1,Reporting and Integrations")

	code, out, _ = runCLI(t, "", "spira", "lookups", "--product", "1", "-o", "json")
	require.Equal(t, 0, code)
	var rows []spiraLookupRow
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.Contains(t, rows, spiraLookupRow{List: "incident status", ID: 8, Name: "Reopen", Active: true, Extra: "open"})
	require.Contains(t, rows, spiraLookupRow{List: "component", ID: 5, Name: "Integrations", Active: true})

	code, out, _ = runCLI(t, "", "spira", "datasyncs", "-o", "yaml")
	require.Equal(t, 0, code)
	require.Contains(t, out, "Name: JiraDataSync")
	require.NotContains(t, out, sb.JiraAdmin.Token, "Spira returns the plug-in password in clear; we never show it")
	require.NotContains(t, out, "GitHubDataSync", "inactive plug-ins are not listed")
	code, out, _ = runCLI(t, "", "spira", "datasyncs", "-o", "json")
	require.Equal(t, 0, code)
	require.Contains(t, out, `"Name": "JiraDataSync"`)
	require.NotContains(t, out, "Password", "no password, not even an empty one that reads as blank")

	sb.Spira.SetClock(nil)
	code, _, _ = runCLI(t, "", "spira", "events", "-o", "json")
	require.Equal(t, 0, code)

	code, _, errOut = runCLI(t, "", "spira", "releases")
	require.Equal(t, ExitUsage, code)
	require.Contains(t, errOut, "--product")
}

func TestSpiraWrongKeyExitsWithAuthCode(t *testing.T) {
	sb := startSandbox(t)
	useSpira(t, sb.SpiraURL, sb.SpiraAdmin.Login, "{00000000-0000-0000-0000-000000000000}")
	code, _, errOut := runCLI(t, "", "spira", "products")
	require.Equal(t, ExitAuth, code)
	require.Contains(t, errOut, "RSS")
}

func TestLoginSpira(t *testing.T) {
	sb := startSandbox(t)
	t.Setenv(config.EnvConfigDir, t.TempDir())
	a := sb.SpiraAdmin

	// A key without braces is refused before any call, saying so, with
	// the exit code of a key without braces from the environment.
	code, _, errOut := runCLI(t, strings.Trim(a.APIKey, "{}")+"\n", "login", "spira", "--url", sb.SpiraURL+"/Login.aspx", "--login", a.Login, "--token-stdin")
	require.Equal(t, ExitAuth, code)
	require.Contains(t, errOut, "curly braces")

	// A wrong key is refused by Spira's current-user call.
	code, _, errOut = runCLI(t, "{00000000-0000-0000-0000-000000000000}\n", "login", "spira", "--url", sb.SpiraURL, "--login", a.Login, "--token-stdin")
	require.Equal(t, ExitAuth, code)
	require.Contains(t, errOut, "RSS")
	require.NotContains(t, errOut, "00000000-0000")

	code, _, errOut = runCLI(t, a.APIKey+"\n", "login", "spira", "--url", sb.SpiraURL+"/Login.aspx", "--login", a.Login, "--token-stdin")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "System Administrator")
	require.NotContains(t, errOut, a.APIKey)

	cfg, err := config.Load()
	require.NoError(t, err)
	p, ok := cfg.Profile("")
	require.True(t, ok)
	require.Equal(t, sb.SpiraURL, p.Spira.URL, "the login page is stripped")
	require.Equal(t, a.Login, p.Spira.Login)

	// The stored key works for the next command.
	t.Setenv(config.EnvSpiraURL, "")
	code, out, errOut := runCLI(t, "", "spira", "products", "-o", "json")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "Library Information System")
}
