package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"
)

// memKeyring is an in-memory Keyring that can be told to fail.
type memKeyring struct {
	mu   sync.Mutex
	m    map[string]string
	fail error
}

func newMemKeyring() *memKeyring { return &memKeyring{m: map[string]string{}} }

func (k *memKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.fail != nil {
		return "", k.fail
	}
	v, ok := k.m[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (k *memKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.fail != nil {
		return k.fail
	}
	k.m[service+"/"+user] = secret
	return nil
}

func (k *memKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.m[service+"/"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(k.m, service+"/"+user)
	return nil
}

// hungKeyring never answers until the test ends, like a locked Secret
// Service waiting for a prompt nobody sees.
type hungKeyring struct{ release chan struct{} }

func (k hungKeyring) Get(string, string) (string, error) { <-k.release; return "", nil }
func (k hungKeyring) Set(string, string, string) error   { <-k.release; return nil }
func (k hungKeyring) Delete(string, string) error        { <-k.release; return nil }

func testStore(t *testing.T, k Keyring, env map[string]string) (*SecretStore, *bytes.Buffer, string) {
	t.Helper()
	dir := t.TempDir()
	warn := &bytes.Buffer{}
	return &SecretStore{
		Keyring: k,
		// A failsafe for the fakes, which answer at once; the hung-keyring
		// tests set their own bound.
		Timeout: 30 * time.Second,
		Warn:    warn,
		Getenv:  func(key string) string { return env[key] },
		Dir:     func() (string, error) { return dir, nil },
	}, warn, dir
}

const (
	site = "https://acme.atlassian.net"
	user = "ann@acme.test"
)

func TestPrecedenceEnvOverKeyringOverFile(t *testing.T) {
	env := map[string]string{}
	k := newMemKeyring()
	s, warn, _ := testStore(t, k, env)

	// Only the insecure file holds it.
	s.Insecure = true
	src, err := s.SetSecret(KindJira, site, user, "from-file")
	require.NoError(t, err)
	require.Equal(t, SourceFile, src)
	s.Insecure = false
	warn.Reset()
	got, src, err := s.GetSecret(KindJira, site, user)
	require.NoError(t, err)
	require.Equal(t, "from-file", got)
	require.Equal(t, SourceFile, src)
	require.Contains(t, warn.String(), "unencrypted", "every use of the file warns")

	// The keyring wins over the file.
	k.m[KeyringService+"/"+keyringUser(KindJira, site, user)] = "from-keyring"
	warn.Reset()
	got, src, err = s.GetSecret(KindJira, site, user)
	require.NoError(t, err)
	require.Equal(t, "from-keyring", got)
	require.Equal(t, SourceKeyring, src)
	require.Empty(t, warn.String())

	// The environment wins over both.
	env[EnvJiraToken] = "from-env"
	got, src, err = s.GetSecret(KindJira, site, user)
	require.NoError(t, err)
	require.Equal(t, "from-env", got)
	require.Equal(t, SourceEnv, src)

	// The Spira key has its own variable.
	env[EnvSpiraAPIKey] = "{SPIRA-KEY}"
	got, _, err = s.GetSecret(KindSpira, "https://acme.spiraservice.net", "ann")
	require.NoError(t, err)
	require.Equal(t, "{SPIRA-KEY}", got)
}

func TestSecretsAreKeyedByKindURLAndUser(t *testing.T) {
	s, _, _ := testStore(t, newMemKeyring(), nil)
	_, err := s.SetSecret(KindJira, site, user, "one")
	require.NoError(t, err)
	_, err = s.SetSecret(KindJira, site+"/", "bob@acme.test", "two")
	require.NoError(t, err)
	_, err = s.SetSecret(KindSpira, site, user, "three")
	require.NoError(t, err)

	for _, c := range []struct{ kind, url, user, want string }{
		{KindJira, site, user, "one"},
		{KindJira, site + "/", user, "one"},
		{KindJira, site, "bob@acme.test", "two"},
		{KindSpira, site, user, "three"},
	} {
		got, _, err := s.GetSecret(c.kind, c.url, c.user)
		require.NoError(t, err)
		require.Equal(t, c.want, got)
	}
	_, _, err = s.GetSecret(KindJira, "https://other.atlassian.net", user)
	require.ErrorIs(t, err, ErrNotFound)
}

func TestDeleteRemovesFromKeyringAndFile(t *testing.T) {
	s, _, dir := testStore(t, newMemKeyring(), nil)
	_, err := s.SetSecret(KindJira, site, user, "k")
	require.NoError(t, err)
	s.Insecure = true
	_, err = s.SetSecret(KindJira, site, user, "f")
	require.NoError(t, err)

	require.NoError(t, s.DeleteSecret(KindJira, site, user))
	_, _, err = s.GetSecret(KindJira, site, user)
	require.ErrorIs(t, err, ErrNotFound)
	_, err = os.Stat(filepath.Join(dir, insecureFileName))
	require.ErrorIs(t, err, os.ErrNotExist, "an empty insecure file is removed")

	require.NoError(t, s.DeleteSecret(KindJira, site, user), "deleting twice is fine")
}

func TestInsecureFileMode0600(t *testing.T) {
	s, _, dir := testStore(t, newMemKeyring(), nil)
	s.Insecure = true
	_, err := s.SetSecret(KindSpira, "https://x.test", "ann", "{KEY}")
	require.NoError(t, err)
	st, err := os.Stat(filepath.Join(dir, insecureFileName))
	require.NoError(t, err)
	if runtime.GOOS != "windows" { // Windows has no Unix modes
		require.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	}
}

func TestHungKeyringReturnsWithinTimeout(t *testing.T) {
	hung := hungKeyring{release: make(chan struct{})}
	t.Cleanup(func() { close(hung.release) })
	s, _, _ := testStore(t, hung, nil)
	s.Timeout = 100 * time.Millisecond

	start := time.Now()
	_, _, err := s.GetSecret(KindJira, site, user)
	elapsed := time.Since(start)
	require.ErrorIs(t, err, ErrKeyringTimeout)
	require.ErrorContains(t, err, "did not answer within 100ms")
	require.Less(t, elapsed, 30*time.Second, "a hung keyring must not hang the caller")

	_, err = s.SetSecret(KindJira, site, user, "tok")
	require.ErrorIs(t, err, ErrKeyringTimeout)
	require.ErrorContains(t, err, EnvJiraToken, "says how to provide the secret instead")
	require.ErrorContains(t, err, "--insecure-storage")
	require.NotContains(t, err.Error(), "tok\"")
}

func TestHungKeyringFallsBackToInsecureFile(t *testing.T) {
	hung := hungKeyring{release: make(chan struct{})}
	t.Cleanup(func() { close(hung.release) })
	s, warn, _ := testStore(t, hung, nil)
	s.Timeout = 50 * time.Millisecond
	s.Insecure = true
	_, err := s.SetSecret(KindJira, site, user, "filed")
	require.NoError(t, err)
	got, src, err := s.GetSecret(KindJira, site, user)
	require.NoError(t, err)
	require.Equal(t, "filed", got)
	require.Equal(t, SourceFile, src)
	require.Contains(t, warn.String(), "warning")
}

func TestKeyringFailureIsReported(t *testing.T) {
	k := newMemKeyring()
	k.fail = errors.New("dbus: no such interface")
	s, _, _ := testStore(t, k, nil)
	_, _, err := s.GetSecret(KindJira, site, user)
	require.ErrorContains(t, err, "OS keyring: dbus: no such interface")
	require.NotErrorIs(t, err, ErrNotFound)
}

func TestConfigYAMLNeverHoldsASecret(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(EnvConfigDir, dir)
	const token = "ATATT3xSECRETjiraTOKEN0123456789"
	const apiKey = "{5A0B8C9D-SECRET-SPIRA-KEY}"

	c, err := Load()
	require.NoError(t, err)
	c.SetProfile("", Profile{
		Jira:  JiraSite{URL: site, Email: user},
		Spira: SpiraInstance{URL: "https://acme.spiraservice.net", Login: "ann"},
	})
	for _, insecure := range []bool{false, true} {
		s := &SecretStore{Keyring: newMemKeyring(), Getenv: func(string) string { return "" }}
		s.Insecure = insecure
		_, err = s.SetSecret(KindJira, site, user, token)
		require.NoError(t, err)
		_, err = s.SetSecret(KindSpira, "https://acme.spiraservice.net", "ann", apiKey)
		require.NoError(t, err)
		require.NoError(t, c.Save())

		data, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
		require.NoError(t, err)
		require.Contains(t, string(data), user, "the profile was written")
		require.NotContains(t, string(data), token)
		require.NotContains(t, string(data), apiKey)
		require.False(t, strings.Contains(strings.ToLower(string(data)), "secret"))
	}
}

func TestResolveJiraAndSpira(t *testing.T) {
	env := map[string]string{}
	k := newMemKeyring()
	s, _, _ := testStore(t, k, env)
	c := &Config{}

	_, err := ResolveJira(c, "", s)
	var me *MissingError
	require.ErrorAs(t, err, &me)
	require.ErrorContains(t, err, "spirajira login jira")
	require.ErrorContains(t, err, EnvJiraURL)

	c.SetProfile("", Profile{
		Jira:  JiraSite{URL: site, Email: user},
		Spira: SpiraInstance{URL: "https://acme.spiraservice.net", Login: "ann"},
	})
	_, err = ResolveJira(c, "", s)
	require.ErrorAs(t, err, &me)
	require.ErrorContains(t, err, "Jira API token for "+user)
	require.ErrorContains(t, err, "set "+EnvJiraToken+", or run 'spirajira login jira'")

	_, err = ResolveSpira(c, "", s)
	require.ErrorContains(t, err, "set "+EnvSpiraAPIKey+", or run 'spirajira login spira'")

	_, err = s.SetSecret(KindJira, site, user, "tok")
	require.NoError(t, err)
	jc, err := ResolveJira(c, "", s)
	require.NoError(t, err)
	require.Equal(t, JiraCredentials{URL: site, Email: user, Token: "tok"}, jc)

	// Environment overrides the profile, and the token is looked up for the
	// overriding site and user.
	env[EnvJiraURL] = "https://other.atlassian.net"
	env[EnvJiraEmail] = "bob@other.test"
	env[EnvJiraToken] = "envtok"
	jc, err = ResolveJira(c, "", s)
	require.NoError(t, err)
	require.Equal(t, JiraCredentials{URL: "https://other.atlassian.net", Email: "bob@other.test", Token: "envtok"}, jc)

	env[EnvSpiraAPIKey] = "{K}"
	sc, err := ResolveSpira(c, "", s)
	require.NoError(t, err)
	require.Equal(t, SpiraCredentials{URL: "https://acme.spiraservice.net", Login: "ann", APIKey: "{K}", DataSync: DefaultDataSync}, sc)

	// A named profile that does not exist names itself and the flag.
	_, err = ResolveSpira(c, "prod", &SecretStore{Keyring: k, Getenv: func(string) string { return "" }})
	require.ErrorContains(t, err, `profile "prod"`)
	require.ErrorContains(t, err, "spirajira login spira --profile prod")
	// ... and, as the name may be mistyped, the profiles there are.
	require.ErrorContains(t, err, `there is no profile "prod"; the profiles are: default`)
	_, err = ResolveJira(c, "prod", &SecretStore{Keyring: k, Getenv: func(string) string { return "" }})
	require.ErrorContains(t, err, `there is no profile "prod"; the profiles are: default`)
	// An existing profile that lacks the settings is not called missing.
	c.SetProfile("staging", Profile{})
	_, err = ResolveJira(c, "staging", &SecretStore{Keyring: k, Getenv: func(string) string { return "" }})
	require.NotContains(t, err.Error(), "there is no profile")
}
