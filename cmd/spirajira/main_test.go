package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// buildBinary links spirajira the way the release does, with the version
// injected through -ldflags -X at the real package path.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "spirajira")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	pkg := "github.com/spirajira/spirajira/internal/version"
	ldflags := "-X " + pkg + ".Version=9.8.7 -X " + pkg + ".Commit=c0ffee -X " + pkg + ".Date=2026-11-27T00:00:00Z"
	out, err := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

func TestBinary(t *testing.T) {
	bin := buildBinary(t)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NO_COLOR=") && !strings.HasPrefix(kv, "SPIRAJIRA_") {
			env = append(env, kv)
		}
	}
	env = append(env, "SPIRAJIRA_CONFIG_DIR="+t.TempDir())

	runBin := func(args ...string) (string, string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return stdout.String(), stderr.String(), code
	}

	t.Run("version -o json prints the injected version", func(t *testing.T) {
		stdout, stderr, code := runBin("version", "-o", "json")
		require.Equal(t, 0, code, stderr)
		var info struct{ Version, Commit, Date string }
		require.NoError(t, json.Unmarshal([]byte(stdout), &info), stdout)
		require.Equal(t, "9.8.7", info.Version)
		require.Equal(t, "c0ffee", info.Commit)
		require.Equal(t, "2026-11-27T00:00:00Z", info.Date)
	})

	t.Run("plain version line off a terminal", func(t *testing.T) {
		stdout, _, code := runBin("version")
		require.Equal(t, 0, code)
		require.True(t, strings.HasPrefix(stdout, "spirajira 9.8.7 (c0ffee, 2026-11-27T00:00:00Z) go"), stdout)
		require.NotContains(t, stdout, "\x1b[")
	})

	t.Run("unknown command exits 2", func(t *testing.T) {
		stdout, stderr, code := runBin("nosuchcommand")
		require.Equal(t, 2, code)
		require.Empty(t, stdout)
		require.Contains(t, stderr, `unknown command "nosuchcommand"`)
	})

	t.Run("man page", func(t *testing.T) {
		stdout, _, code := runBin("man")
		require.Equal(t, 0, code)
		require.True(t, strings.HasPrefix(stdout, ".TH SPIRAJIRA 1 "), stdout)
		require.Contains(t, stdout, "spirajira 9.8.7")
		require.Contains(t, stdout, "SPIRAJIRA_JIRA_TOKEN")
	})
}
