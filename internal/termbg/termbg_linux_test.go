package termbg

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/ptytest"
)

// openTerminal opens a pseudo-terminal whose TERM is term, closed when the
// test ends.
func openTerminal(t *testing.T, term string) (pty, tty *os.File) {
	t.Helper()
	t.Setenv("TERM", term)
	pty, tty, err := ptytest.Open()
	require.NoError(t, err)
	t.Cleanup(func() {
		tty.Close()
		pty.Close()
	})
	return pty, tty
}

func TestIsDarkAsksOnce(t *testing.T) {
	pty, tty := openTerminal(t, "xterm-256color")

	asked := make(chan string, 1)
	go func() {
		buf := make([]byte, 64)
		var got strings.Builder
		for !strings.HasSuffix(got.String(), "\x1b[6n") {
			n, err := pty.Read(buf)
			if err != nil {
				return
			}
			got.Write(buf[:n])
		}
		asked <- got.String()
		_, _ = pty.WriteString("\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[1;1R")
	}()
	// Generous: the answer comes at once, the bound only keeps a broken
	// test from hanging.
	dark, ok := IsDark(tty, tty, 30*time.Second)
	require.True(t, ok)
	require.False(t, dark)
	require.Equal(t, Query, <-asked)
}

func TestIsDarkGivesUpOnASilentTerminal(t *testing.T) {
	_, tty := openTerminal(t, "xterm-256color")
	_, ok := IsDark(tty, tty, 50*time.Millisecond)
	require.False(t, ok)
}

func TestIsDarkLeavesTmuxAlone(t *testing.T) {
	_, tty := openTerminal(t, "tmux-256color")
	_, ok := IsDark(tty, tty, 50*time.Millisecond)
	require.False(t, ok)
}
