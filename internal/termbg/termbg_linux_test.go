package termbg

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/ptytest"
)

func TestIsDarkAsksOnce(t *testing.T) {
	t.Setenv("TERM", "xterm-256color")
	pty, tty, err := ptytest.Open()
	require.NoError(t, err)
	defer pty.Close()
	defer tty.Close()

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
	t.Setenv("TERM", "xterm-256color")
	pty, tty, err := ptytest.Open()
	require.NoError(t, err)
	defer pty.Close()
	defer tty.Close()
	_, ok := IsDark(tty, tty, 50*time.Millisecond)
	require.False(t, ok)
}

func TestIsDarkLeavesTmuxAlone(t *testing.T) {
	t.Setenv("TERM", "tmux-256color")
	pty, tty, err := ptytest.Open()
	require.NoError(t, err)
	defer pty.Close()
	defer tty.Close()
	_, ok := IsDark(tty, tty, 50*time.Millisecond)
	require.False(t, ok)
}
