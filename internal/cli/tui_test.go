package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/tui"
)

func TestTUISaveConnectionChecksThenStores(t *testing.T) {
	sb := startSandbox(t)
	dir := t.TempDir()
	t.Setenv(config.EnvConfigDir, dir)
	for _, v := range []string{config.EnvJiraURL, config.EnvJiraEmail, config.EnvJiraToken,
		config.EnvSpiraURL, config.EnvSpiraLogin, config.EnvSpiraAPIKey} {
		t.Setenv(v, "")
	}
	errOut := &bytes.Buffer{}
	f := NewFactory(TestIO(nil, &bytes.Buffer{}, errOut))
	f.Profile = "work"
	save := saveConnection(f)
	edit := tui.ConnectionEdit{
		JiraSite: sb.JiraURL, JiraEmail: sb.JiraAdmin.Email, JiraToken: "not-the-token",
		SpiraURL: sb.SpiraURL, SpiraLogin: sb.SpiraAdmin.Login, SpiraAPIKey: sb.SpiraAdmin.APIKey,
	}

	_, _, err := save(context.Background(), edit)
	require.ErrorContains(t, err, "the Jira site refused these settings")
	require.NoFileExists(t, filepath.Join(dir, "config.yaml"), "nothing is stored before both sides accept")

	edit.JiraToken = sb.JiraAdmin.Token
	j, s, err := save(context.Background(), edit)
	require.NoError(t, err)
	require.Equal(t, sb.JiraAdmin.Token, j.Token)
	require.Equal(t, config.DefaultDataSync, s.DataSync)
	data, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	require.NoError(t, err)
	require.Contains(t, string(data), sb.JiraURL)
	require.NotContains(t, string(data), sb.JiraAdmin.Token)
	require.NotContains(t, string(data), sb.SpiraAdmin.APIKey)
	require.Empty(t, errOut.String(), "nothing is written over the TUI")

	f2 := NewFactory(TestIO(nil, &bytes.Buffer{}, &bytes.Buffer{}))
	f2.Profile = "work"
	sc, err := f2.SpiraCredentials()
	require.NoError(t, err)
	require.Equal(t, sb.SpiraAdmin.APIKey, sc.APIKey, "the next run finds the stored key")

	// An empty secret keeps the stored one.
	edit.JiraToken, edit.SpiraAPIKey = "", ""
	j, s, err = save(context.Background(), edit)
	require.NoError(t, err)
	require.Equal(t, sb.JiraAdmin.Token, j.Token)
	require.Equal(t, sb.SpiraAdmin.APIKey, s.APIKey)
}

func TestTUIDebugLogIsPrivate(t *testing.T) {
	dir := t.TempDir()
	log, path, err := openDebugLog(filepath.Join(dir, "state"))
	require.NoError(t, err)
	require.NoError(t, log.Close())
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}
