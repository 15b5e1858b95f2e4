package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSecretFileNamedByTheEnvironment(t *testing.T) {
	env := map[string]string{}
	k := newMemKeyring()
	k.m[KeyringService+"/"+keyringUser(KindJira, site, user)] = "from-keyring"
	s, warn, _ := testStore(t, k, env)
	dir := t.TempDir()

	tok := filepath.Join(dir, "jira-token")
	require.NoError(t, os.WriteFile(tok, []byte("from-file\n"), 0o400))
	env[FileEnvVar(KindJira)] = tok
	got, src, err := s.GetSecret(KindJira, site, user)
	require.NoError(t, err)
	require.Equal(t, "from-file", got, "one trailing newline is trimmed; the file wins over the keyring")
	require.Equal(t, SourceSecretFile, src)
	require.Empty(t, warn.String())

	key := filepath.Join(dir, "spira-key")
	require.NoError(t, os.WriteFile(key, []byte("{KEY-WITH-SPACE }\r\n"), 0o644))
	env[FileEnvVar(KindSpira)] = key
	got, _, err = s.GetSecret(KindSpira, "https://acme.spiraservice.net", "ann")
	require.NoError(t, err)
	require.Equal(t, "{KEY-WITH-SPACE }", got, "only the newline is trimmed")
	require.Contains(t, warn.String(), "can be read by every user", "a world-readable file warns")
	require.NotContains(t, warn.String(), "KEY-WITH")

	// The secret itself in the environment wins over its file.
	env[EnvJiraToken] = "from-env"
	got, src, err = s.GetSecret(KindJira, site, user)
	require.NoError(t, err)
	require.Equal(t, "from-env", got)
	require.Equal(t, SourceEnv, src)
	delete(env, EnvJiraToken)

	// A missing or empty file is an error naming the variable, never a
	// fall back to the keyring.
	env[FileEnvVar(KindJira)] = filepath.Join(dir, "absent")
	_, _, err = s.GetSecret(KindJira, site, user)
	require.ErrorContains(t, err, "SPIRAJIRA_JIRA_TOKEN_FILE names "+filepath.Join(dir, "absent")+", which cannot be read")
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.WriteFile(empty, []byte("\n"), 0o600))
	env[FileEnvVar(KindJira)] = empty
	_, _, err = s.GetSecret(KindJira, site, user)
	require.ErrorContains(t, err, "which is empty")
}
