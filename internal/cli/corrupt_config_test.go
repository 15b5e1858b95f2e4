package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// corruptConfig points the configuration at a config.yaml that is not YAML
// and returns the error the CLI prints for it.
func corruptConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("SPIRAJIRA_CONFIG_DIR", dir)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.yaml"), []byte("profiles:\n  default: [\n"), 0o600))
	code, _, stderr := run(t, "jira", "projects")
	require.NotEqual(t, 0, code)
	msg := strings.TrimPrefix(strings.TrimSpace(stderr), "error: ")
	require.Contains(t, msg, "reading configuration")
	return msg
}

func TestDoctorReportsACorruptConfigAsTheCLIDoes(t *testing.T) {
	msg := corruptConfig(t)
	code, stdout, _ := run(t, "doctor")
	require.Equal(t, 1, code)
	require.Contains(t, stdout, "FAIL  Configuration file: "+msg)
	require.NotContains(t, stdout, "missing")
	require.NotContains(t, stdout, "is empty")
}

func TestTUIReportsACorruptConfigAsTheCLIDoes(t *testing.T) {
	msg := corruptConfig(t)
	var out, errOut bytes.Buffer
	f := NewFactory(TestIO(strings.NewReader(""), &out, &errOut))
	err := runTUI(context.Background(), f, tuiOptions{})
	require.Error(t, err)
	require.Equal(t, msg, err.Error())
}
