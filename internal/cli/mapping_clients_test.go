package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/version"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/jiraclient/jiratest"
	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
)

// userAgents serves h and records the User-Agent of every request.
type userAgents struct {
	mu   sync.Mutex
	seen []string
	h    http.Handler
}

func (u *userAgents) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	u.seen = append(u.seen, r.UserAgent())
	u.mu.Unlock()
	u.h.ServeHTTP(w, r)
}

// The mapping commands reach Spira and Jira through the factory's clients,
// which name spirajira and its version like every other command.
func TestMappingCommandsUseTheFactorysClients(t *testing.T) {
	spira, jira := spiratest.New(), jiratest.New()
	sua, jua := &userAgents{h: spira}, &userAgents{h: jira}
	ssrv, jsrv := httptest.NewServer(sua), httptest.NewServer(jua)
	defer ssrv.Close()
	defer jsrv.Close()

	f := NewFactory(TestIO(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}))
	f.Output = "table"
	sa, ja := spira.Admin(), jira.Admin()
	f.SpiraCredentials = func() (config.SpiraCredentials, error) {
		return config.SpiraCredentials{URL: ssrv.URL, Login: sa.Login, APIKey: sa.APIKey, DataSync: config.DefaultDataSync}, nil
	}
	f.JiraCredentials = func() (config.JiraCredentials, error) {
		return config.JiraCredentials{URL: jsrv.URL, Email: ja.Email, Token: ja.Token}, nil
	}

	cmd := NewCmdMapping(f)
	cmd.SetArgs([]string{"pull", "--product", "1", "-f", filepath.Join(t.TempDir(), "mapping.yaml")})
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	require.NoError(t, cmd.ExecuteContext(context.Background()))
	_, _ = mappingJira(context.Background(), f, "LIB")

	want := "spirajira/" + version.Get().Version
	for name, u := range map[string]*userAgents{"Spira": sua, "Jira": jua} {
		require.NotEmpty(t, u.seen, name)
		for _, ua := range u.seen {
			require.Equal(t, want, ua, name)
		}
	}
}

// The sync command reaches both services through the factory's clients too,
// not copies that leave the user agent out.
func TestSyncUsesTheFactorysClients(t *testing.T) {
	f := NewFactory(TestIO(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}))
	var jiraBuilt, spiraBuilt bool
	f.SpiraCredentials = func() (config.SpiraCredentials, error) {
		return config.SpiraCredentials{DataSync: "Mine"}, nil
	}
	f.Spira = func() (*spiraclient.Client, error) { spiraBuilt = true; return nil, nil }
	f.Jira = func() (*jiraclient.Client, error) { jiraBuilt = true; return nil, nil }
	sess, err := syncSession(f)
	require.NoError(t, err)
	require.True(t, spiraBuilt && jiraBuilt)
	require.Equal(t, "Mine", sess.PluginName())
}
