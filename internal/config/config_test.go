package config

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDirPrecedence(t *testing.T) {
	t.Setenv(EnvConfigDir, "/somewhere/else")
	d, err := Dir()
	require.NoError(t, err)
	require.Equal(t, "/somewhere/else", d)

	t.Setenv(EnvConfigDir, "")
	d, err = Dir()
	require.NoError(t, err)
	base, err := os.UserConfigDir()
	require.NoError(t, err)
	require.Equal(t, filepath.Join(base, "spirajira"), d)
}

func TestStateDirOverride(t *testing.T) {
	t.Setenv(EnvStateDir, "/state/here")
	d, err := StateDir()
	require.NoError(t, err)
	require.Equal(t, "/state/here", d)

	t.Setenv(EnvStateDir, "")
	d, err = StateDir()
	require.NoError(t, err)
	require.Contains(t, d, "spirajira")
	require.True(t, filepath.IsAbs(d), d)
}

func TestLoadMissingFileIsEmpty(t *testing.T) {
	t.Setenv(EnvConfigDir, t.TempDir())
	c, err := Load()
	require.NoError(t, err)
	require.Empty(t, c.Profiles)
	_, ok := c.Profile("")
	require.False(t, ok)
}

func TestSaveLoadRoundTripWithMode0600(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	t.Setenv(EnvConfigDir, dir)
	c, err := Load()
	require.NoError(t, err)
	c.SetProfile("", Profile{
		Jira:  JiraSite{URL: "https://acme.atlassian.net", Email: "ann@acme.test"},
		Spira: SpiraInstance{URL: "https://acme.spiraservice.net", Login: "ann", DataSync: "JiraDataSync"},
	})
	c.SetProfile("staging", Profile{Jira: JiraSite{URL: "https://acme-stg.atlassian.net"}})
	require.NoError(t, c.Save())

	got, err := Load()
	require.NoError(t, err)
	require.Equal(t, "default", got.Current)
	require.Equal(t, []string{"default", "staging"}, got.ProfileNames())
	p, ok := got.Profile("")
	require.True(t, ok)
	require.Equal(t, "ann@acme.test", p.Jira.Email)
	require.Equal(t, "ann", p.Spira.Login)
	p, ok = got.Profile("staging")
	require.True(t, ok)
	require.Equal(t, "https://acme-stg.atlassian.net", p.Jira.URL)

	if runtime.GOOS != "windows" {
		st, err := os.Stat(filepath.Join(dir, "config.yaml"))
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file is left behind")
}

func TestLoadBrokenYAMLSaysWhichFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvConfigDir, dir)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("profiles: [oops"), 0o600))
	_, err := Load()
	require.ErrorContains(t, err, filepath.Join(dir, "config.yaml"))
}

func TestProfileUseRenameDelete(t *testing.T) {
	c := &Config{}
	c.SetProfile("work", Profile{Jira: JiraSite{URL: "https://acme.atlassian.net"}})
	c.SetProfile("home", Profile{})
	require.Equal(t, "work", c.Current)

	require.NoError(t, c.UseProfile("home"))
	require.Equal(t, "home", c.Current)
	require.ErrorContains(t, c.UseProfile("hom"), "the profiles are: home, work")

	require.NoError(t, c.RenameProfile("home", "house"))
	require.Equal(t, "house", c.Current, "the current profile stays current under its new name")
	require.ErrorContains(t, c.RenameProfile("house", "work"), "already exists")

	require.NoError(t, c.DeleteProfile("house"))
	require.Empty(t, c.Current)
	require.Equal(t, []string{"work"}, c.ProfileNames())
	require.Error(t, c.DeleteProfile("house"))
}
