package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
)

// A secret read from the insecure file is warned about once per command,
// however many times the command resolves the credentials.
func TestInsecureFileWarningOncePerCommand(t *testing.T) {
	t.Setenv(config.EnvConfigDir, t.TempDir())
	useSpira(t, "", "", "")
	sb := startSandbox(t)
	code, _, stderr := runCLI(t, sb.SpiraAdmin.APIKey+"\n", "login", "spira", "--url", sb.SpiraURL,
		"--login", sb.SpiraAdmin.Login, "--token-stdin", "--insecure-storage")
	require.Equal(t, ExitOK, code, stderr)

	for _, args := range [][]string{
		{"spira", "datasyncs"},
		{"mapping", "pull", "--product", "1", "-f", filepath.Join(t.TempDir(), "mapping.yaml")},
	} {
		_, _, stderr = runCLI(t, "", args...)
		require.Equal(t, 1, strings.Count(stderr, "using the spira secret"), "%v:\n%s", args, stderr)
	}
}
