package sandbox_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/httpx"
	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/internal/sandbox/sandboxtest"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

func start(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	sb := sandboxtest.Start(t, sandbox.Options{})
	// Here closing is under test too.
	t.Cleanup(func() { require.NoError(t, sb.Close()) })
	return sb
}

func TestBothServicesAnswerWithTheirCredentials(t *testing.T) {
	ctx := context.Background()
	sb := start(t)
	require.True(t, strings.HasPrefix(sb.JiraURL, "http://127.0.0.1:"))
	require.True(t, strings.HasPrefix(sb.SpiraURL, "http://127.0.0.1:"))

	sc := sb.SpiraCredentials()
	spira, err := spiraclient.New(sc.URL, sc.Login, sc.APIKey)
	require.NoError(t, err)
	me, err := spira.CurrentUser(ctx)
	require.NoError(t, err)
	require.True(t, me.Admin)
	p, err := spira.Project(ctx, sb.ProductID)
	require.NoError(t, err)
	require.Equal(t, "Library Information System", p.Name)
	require.Equal(t, sandbox.TemplateID, p.ProjectTemplateID)
	require.NotEqual(t, p.ProjectID, p.ProjectTemplateID, "a product ID used as a template ID must not work by luck")
	_, err = spira.IncidentStatuses(ctx, p.ProjectTemplateID)
	require.NoError(t, err)

	jc := sb.JiraCredentials()
	jira, err := jiraclient.New(jc.URL, jc.Email, jc.Token)
	require.NoError(t, err)
	who, err := jira.Myself(ctx)
	require.NoError(t, err)
	require.Equal(t, sb.JiraAdmin.AccountID, who.AccountID)
	proj, err := jira.Project(ctx, sb.ProjectKey)
	require.NoError(t, err)
	require.Equal(t, p.Name, proj.Name, "both sides describe the same library system")

	uc := sb.JiraUserCredentials()
	user, err := jiraclient.New(uc.URL, uc.Email, uc.Token)
	require.NoError(t, err)
	_, err = user.Myself(ctx)
	require.NoError(t, err)

	// The plug-in record points at the Jira simulator and its admin.
	ds, err := spira.DataSyncByName(ctx, spiraclient.DataSyncName)
	require.NoError(t, err)
	require.Equal(t, sb.JiraURL, ds.ConnectionString)
	require.Equal(t, sb.JiraAdmin.Email, ds.Login)
	require.Equal(t, sb.JiraAdmin.Token, ds.Password)
	pm, err := spira.ProjectMappings(ctx, ds.DataSyncSystemID)
	require.NoError(t, err)
	require.Equal(t, "LIB", pm[0].ExternalKey)
}

func TestProfileHoldsNoSecret(t *testing.T) {
	sb := start(t)
	path := filepath.Join(sb.ConfigDir, "config.yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NotContains(t, string(data), sb.SpiraAdmin.APIKey)
	require.NotContains(t, string(data), sb.JiraAdmin.Token)
	c, err := config.LoadFile(path)
	require.NoError(t, err)
	p, ok := c.Profile(sandbox.ProfileName)
	require.True(t, ok)
	require.Equal(t, sb.SpiraURL, p.Spira.URL)
	require.Equal(t, sb.JiraURL, p.Jira.URL)
	require.NoError(t, sb.Close())
	_, err = os.Stat(sb.ConfigDir)
	require.True(t, os.IsNotExist(err), "Close removes the throw-away profile")
}

func TestStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	sb, err := sandbox.Start(ctx, sandbox.Options{})
	require.NoError(t, err)
	cancel()
	sc := sb.SpiraCredentials()
	c, err := spiraclient.New(sc.URL, sc.Login, sc.APIKey, spiraclient.WithRetry(&httpx.Retry{Sleep: func(ctx context.Context, d time.Duration) error { return nil }}))
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		_, err := c.Projects(context.Background())
		return err != nil
	}, 30*time.Second, 10*time.Millisecond)
}

// Users exist on both sides: some match by e-mail, some do not, and the
// user mappings point at real Jira accounts.
func TestUsersAreLinked(t *testing.T) {
	ctx := context.Background()
	sb := start(t)
	jira, spira := sandboxtest.Clients(t, sb)

	um, err := spira.UserMappings(ctx, sb.DataSyncID)
	require.NoError(t, err)
	require.NotEmpty(t, um)
	for _, m := range um {
		if strings.Contains(m.ExternalKey, "@") {
			users, err := jira.SearchUsers(ctx, m.ExternalKey, 10)
			require.NoError(t, err)
			require.NotEmpty(t, users, m.ExternalKey)
			continue
		}
		u, err := jira.User(ctx, m.ExternalKey)
		require.NoError(t, err, m.ExternalKey)
		require.True(t, u.Active)
	}
	spUsers, err := spira.Users(ctx)
	require.NoError(t, err)
	emails := map[string]bool{}
	for _, u := range spUsers {
		emails[u.EmailAddress] = true
	}
	require.True(t, emails["kiri.tane@library.example"], "a user matching by e-mail")
	require.True(t, emails["t.ortega@library.example"], "a user whose e-mail differs on Jira")
}

// The mapping validator reports exactly the seeded problems.
func TestValidateReportsExactlyTheSeededProblems(t *testing.T) {
	ctx := context.Background()
	sb := start(t)
	jira, spira := sandboxtest.Clients(t, sb)

	p, lookups, err := mapping.Pull(ctx, mapping.NewSpira(spira), sb.DataSyncID, sb.ProductID)
	require.NoError(t, err)
	j, err := mapping.ReadJira(ctx, jira, sb.ProjectKey)
	require.NoError(t, err)
	problems := mapping.Validate(p, j, lookups)

	var got, want []string
	for _, pr := range problems {
		got = append(got, fmt.Sprintf("%s/%s/%s/%d", pr.Rule, pr.Location.Section, pr.Location.Field, pr.Location.Row))
	}
	for _, sp := range sandbox.SeededProblems {
		want = append(want, fmt.Sprintf("%s/%s/%s/%d", sp.Rule, sp.Section, sp.Field, sp.SpiraID))
	}
	sort.Strings(got)
	sort.Strings(want)
	require.Equal(t, want, got, "%v", problems)
}

func TestOptionsReachBothServices(t *testing.T) {
	sb, err := sandbox.Start(context.Background(), sandbox.Options{RateLimit: 1})
	require.NoError(t, err)
	defer sb.Close()
	codes := func(url string, auth func(*http.Request)) []int {
		var out []int
		for i := 0; i < 3; i++ {
			req, _ := http.NewRequest("GET", url, nil)
			auth(req)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			out = append(out, resp.StatusCode)
		}
		return out
	}
	spira := codes(sb.SpiraURL+"/Services/v7_0/RestService.svc/projects", func(r *http.Request) {
		r.Header.Set("username", sb.SpiraAdmin.Login)
		r.Header.Set("api-key", sb.SpiraAdmin.APIKey)
	})
	require.Contains(t, spira, 429)
	jira := codes(sb.JiraURL+"/rest/api/3/myself", func(r *http.Request) { r.SetBasicAuth(sb.JiraAdmin.Email, sb.JiraAdmin.Token) })
	require.Contains(t, jira, 429)
}
