package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
)

func TestReadSecretFromStdin(t *testing.T) {
	ios := TestIO(strings.NewReader("  ATATT-token  \nignored\n"), &bytes.Buffer{}, &bytes.Buffer{})
	s, err := readSecret(ios, "API token", true, config.EnvJiraToken)
	require.NoError(t, err)
	require.Equal(t, "ATATT-token", s)
}

func TestReadSecretEmptyStdinIsUsageError(t *testing.T) {
	ios := TestIO(strings.NewReader("\n"), &bytes.Buffer{}, &bytes.Buffer{})
	_, err := readSecret(ios, "API token", true, config.EnvJiraToken)
	require.Equal(t, ExitUsage, ExitCode(err))
	require.ErrorContains(t, err, "standard input")
}

func TestReadSecretWithoutTerminalNamesTheFlag(t *testing.T) {
	ios := TestIO(strings.NewReader("tok\n"), &bytes.Buffer{}, &bytes.Buffer{})
	_, err := readSecret(ios, "API token", false, config.EnvJiraToken)
	require.Equal(t, ExitUsage, ExitCode(err))
	require.ErrorContains(t, err, "--token-stdin")
	require.ErrorContains(t, err, config.EnvJiraToken)
}

func TestPromptsShareOneReader(t *testing.T) {
	errOut := &bytes.Buffer{}
	ios := TestIO(strings.NewReader("https://acme.atlassian.net\n\ns3cr3t\n"), &bytes.Buffer{}, errOut)
	ios.SetTTY(true, true)
	url, err := promptLine(ios, "Jira site URL", "", "--url")
	require.NoError(t, err)
	require.Equal(t, "https://acme.atlassian.net", url)
	email, err := promptLine(ios, "E-mail", "ann@acme.test", "--email")
	require.NoError(t, err)
	require.Equal(t, "ann@acme.test", email, "an empty answer takes the default")
	tok, err := readSecret(ios, "API token", false, config.EnvJiraToken)
	require.NoError(t, err)
	require.Equal(t, "s3cr3t", tok)
	require.Contains(t, errOut.String(), "E-mail [ann@acme.test]: ")
	require.NotContains(t, errOut.String(), "s3cr3t", "the secret is never echoed by us")
}

func TestPromptLineOffTerminal(t *testing.T) {
	ios := TestIO(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	v, err := promptLine(ios, "E-mail", "ann@acme.test", "--email")
	require.NoError(t, err)
	require.Equal(t, "ann@acme.test", v)
	_, err = promptLine(ios, "Jira site URL", "", "--url")
	require.Equal(t, ExitUsage, ExitCode(err))
	require.ErrorContains(t, err, "jira site URL is required: pass --url")
}

func TestSaveLoginKeepsTheSecretOutOfTheConfig(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(config.EnvConfigDir, dir)
	for _, v := range []string{config.EnvJiraToken, config.EnvJiraURL, config.EnvJiraEmail} {
		t.Setenv(v, "")
	}
	errOut := &bytes.Buffer{}
	f := NewFactory(TestIO(nil, &bytes.Buffer{}, errOut))
	f.Profile = "work"
	const token = "ATATT3xFfGF0-very-secret"

	err := saveLogin(f, config.KindJira, func(p *config.Profile) {
		p.Jira.URL = "https://acme.atlassian.net"
		p.Jira.Email = "ann@acme.test"
	}, "https://acme.atlassian.net", "ann@acme.test", token, false)
	require.NoError(t, err)
	require.Contains(t, errOut.String(), `Saved profile "work"`)
	require.Contains(t, errOut.String(), "OS keyring")
	require.NotContains(t, errOut.String(), token)

	data, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	require.NoError(t, err)
	require.Contains(t, string(data), "ann@acme.test")
	require.NotContains(t, string(data), token)

	// A fresh factory, as in the next run, resolves the stored login.
	f2 := NewFactory(TestIO(nil, &bytes.Buffer{}, &bytes.Buffer{}))
	f2.Profile = "work"
	cr, err := f2.JiraCredentials()
	require.NoError(t, err)
	require.Equal(t, config.JiraCredentials{URL: "https://acme.atlassian.net", Email: "ann@acme.test", Token: token}, cr)
}

func TestMissingCredentialsSayHowToProvideThem(t *testing.T) {
	t.Setenv(config.EnvConfigDir, t.TempDir())
	for _, v := range []string{config.EnvJiraURL, config.EnvJiraEmail, config.EnvJiraToken,
		config.EnvSpiraURL, config.EnvSpiraLogin, config.EnvSpiraAPIKey} {
		t.Setenv(v, "")
	}
	f := NewFactory(TestIO(nil, &bytes.Buffer{}, &bytes.Buffer{}))
	_, err := f.JiraCredentials()
	var me *config.MissingError
	require.True(t, errors.As(err, &me))
	require.ErrorContains(t, err, "spirajira login jira")
	require.ErrorContains(t, err, config.EnvJiraURL)

	// The environment alone is enough.
	t.Setenv(config.EnvSpiraURL, "https://acme.spiraservice.net")
	t.Setenv(config.EnvSpiraLogin, "ann")
	_, err = f.SpiraCredentials()
	require.ErrorContains(t, err, "set "+config.EnvSpiraAPIKey+", or run 'spirajira login spira'")
	t.Setenv(config.EnvSpiraAPIKey, "{KEY}")
	cr, err := f.SpiraCredentials()
	require.NoError(t, err)
	require.Equal(t, config.SpiraCredentials{URL: "https://acme.spiraservice.net", Login: "ann", APIKey: "{KEY}", DataSync: "JiraDataSync"}, cr)
}

type brokenKeyring struct{}

func (brokenKeyring) Get(string, string) (string, error) { return "", errors.New("keyring locked") }
func (brokenKeyring) Set(string, string, string) error   { return errors.New("keyring locked") }
func (brokenKeyring) Delete(string, string) error        { return errors.New("keyring locked") }

// When the keyring refuses the secret, the checked site and user are still
// saved, so that setting the token in the environment is all that is left.
func TestSaveLoginKeepsTheProfileWhenTheKeyringFails(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(config.EnvConfigDir, dir)
	for _, v := range []string{config.EnvJiraToken, config.EnvJiraURL, config.EnvJiraEmail} {
		t.Setenv(v, "")
	}
	f := NewFactory(TestIO(nil, &bytes.Buffer{}, &bytes.Buffer{}))
	f.Secrets = func() *config.SecretStore {
		// The refusal comes at once; the bound is only a failsafe, so that a
		// loaded machine cannot turn "locked" into "did not answer".
		return &config.SecretStore{Keyring: brokenKeyring{}, Timeout: 30 * time.Second, Getenv: os.Getenv}
	}
	const token = "ATATT3xFfGF0-very-secret"
	err := saveLogin(f, config.KindJira, func(p *config.Profile) {
		p.Jira.URL = "https://acme.atlassian.net"
		p.Jira.Email = "ann@acme.test"
	}, "https://acme.atlassian.net", "ann@acme.test", token, false)
	require.ErrorContains(t, err, "keyring locked")
	require.ErrorContains(t, err, config.EnvJiraToken)
	require.ErrorContains(t, err, `the site and user are saved in profile "default"`)
	require.NotContains(t, err.Error(), token)

	data, err := os.ReadFile(filepath.Join(dir, "config.yaml"))
	require.NoError(t, err)
	require.Contains(t, string(data), "ann@acme.test")
	require.NotContains(t, string(data), token)

	t.Setenv(config.EnvJiraToken, token)
	f2 := NewFactory(TestIO(nil, &bytes.Buffer{}, &bytes.Buffer{}))
	cr, err := f2.JiraCredentials()
	require.NoError(t, err)
	require.Equal(t, config.JiraCredentials{URL: "https://acme.atlassian.net", Email: "ann@acme.test", Token: token}, cr)
}
