package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/ptytest"
)

// A terminal that never answers queries (script, some CI runners) used to
// hold every command for termenv's five-second wait: Bubble Tea's package
// init asked for the background colour. The binary must not ask at all.
func TestCommandsDoNotQueryASilentTerminal(t *testing.T) {
	bin := buildBinary(t)
	var env []string
	for _, kv := range os.Environ() {
		// CI would hide the bug: termenv does not ask when it is set.
		if !strings.HasPrefix(kv, "CI=") && !strings.HasPrefix(kv, "TERM=") && !strings.HasPrefix(kv, "SPIRAJIRA_") {
			env = append(env, kv)
		}
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.yaml"),
		[]byte("current: work\nprofiles:\n  work:\n    jira:\n      url: https://acme.atlassian.net\n"), 0o600))
	env = append(env, "TERM=xterm-256color", "SPIRAJIRA_CONFIG_DIR="+dir)

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"version"}, "spirajira 9.8.7"},
		{[]string{"--help"}, "Usage:"},
		// What hides the terminal from the libraries during init is
		// taken back: the table is styled, as on any terminal.
		{[]string{"profile", "list"}, "\x1b[1m"},
	} {
		out := runOnSilentPty(t, bin, env, c.args...)
		require.NotContains(t, out, "\x1b]11;", "%v asked the terminal for its background colour", c.args)
		require.NotContains(t, out, "\x1b[6n", "%v asked the terminal for the cursor position", c.args)
		require.Contains(t, out, c.want, "%v", c.args)
	}
}

// runOnSilentPty runs bin on a pseudo-terminal that never answers and
// returns everything it wrote.
func runOnSilentPty(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	pty, tty, err := ptytest.Open()
	require.NoError(t, err)
	defer pty.Close()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	// Its own session with the pty as controlling terminal, in the
	// foreground, as under a shell.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	require.NoError(t, cmd.Start())
	tty.Close()
	// A bound for a broken binary only; a working one ends at once.
	timer := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer timer.Stop()

	var out bytes.Buffer
	buf := make([]byte, 4096)
	for {
		// Once the child has gone the read fails (EIO): all is read.
		n, err := pty.Read(buf)
		out.Write(buf[:n])
		if err != nil {
			break
		}
	}
	require.NoError(t, cmd.Wait(), out.String())
	return out.String()
}
