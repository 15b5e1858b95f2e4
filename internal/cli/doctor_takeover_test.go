package cli

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/sandbox"
)

func sandboxEnv(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	sb := startSandbox(t)
	sandboxConnections(t, sb)
	t.Setenv(config.EnvStateDir, sb.StateDir)
	return sb
}

// sandboxConnections points the configuration and both connections'
// variables at the sandbox, with no profile in between.
func sandboxConnections(t *testing.T, sb *sandbox.Sandbox) {
	jc, sc := sb.JiraCredentials(), sb.SpiraCredentials()
	t.Setenv(config.EnvConfigDir, sb.ConfigDir)
	t.Setenv(config.EnvJiraURL, jc.URL)
	t.Setenv(config.EnvJiraEmail, jc.Email)
	t.Setenv(config.EnvJiraToken, jc.Token)
	useSpira(t, sc.URL, sc.Login, sc.APIKey)
}

// --takeover exits 1 while Spira's service runs the record, and 0 once
// nothing has run it within the window; the steps are printed either way.
func TestDoctorTakeoverCommand(t *testing.T) {
	sb := sandboxEnv(t)
	p, ok := sb.Spira.PlugIn(sb.DataSyncID)
	require.True(t, ok)
	recent := time.Now().Add(-3 * time.Minute)
	p.LastSyncDate = &recent
	sb.Spira.SetPlugIn(p)

	code, stdout, stderr := run(t, "doctor", "--takeover")
	require.Equal(t, ExitError, code, stderr)
	require.Contains(t, stdout, "Spira's data-sync service runs JiraDataSync")
	require.Contains(t, stdout, "1. Stop Spira's data-sync service")
	require.Contains(t, stdout, "sync --all --dry-run")

	old := time.Now().Add(-5 * time.Hour)
	p.LastSyncDate = &old
	sb.Spira.SetPlugIn(p)
	code, stdout, stderr = run(t, "doctor", "--takeover", "-o", "json")
	require.Equal(t, ExitOK, code, stderr+stdout)
	var tk struct {
		Who   string   `json:"who"`
		Steps []string `json:"steps"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &tk))
	require.Equal(t, "nobody", tk.Who)
	require.NotEmpty(t, tk.Steps)
}

// --bundle writes the zip next to the report and no secret into it.
func TestDoctorBundleCommand(t *testing.T) {
	sb := sandboxEnv(t)
	jc, sc := sb.JiraCredentials(), sb.SpiraCredentials()
	path := filepath.Join(t.TempDir(), "support.zip")

	code, stdout, stderr := run(t, "doctor", "--bundle", path)
	require.Contains(t, []int{ExitOK, ExitError}, code, stderr)
	require.Contains(t, stdout, "passed")
	require.Contains(t, stderr, "wrote the support bundle "+path)

	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer zr.Close()
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		for _, s := range []string{jc.Token, sc.APIKey, strings.Trim(sc.APIKey, "{}")} {
			if strings.Contains(string(b), s) {
				t.Fatalf("%s holds a secret", f.Name)
			}
		}
	}
	for _, n := range []string{"doctor.json", "config.yaml", "versions.json", "runs.json", "state.json", "mappings/product-1.yaml"} {
		require.True(t, names[n], "no %s in %v", n, names)
	}
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	code, _, stderr = run(t, "doctor", "--bundle", "support.tar")
	require.Equal(t, ExitUsage, code, stderr)
}
